"""Managing outreach schedules, closures and catchment milestones through the pages (managers,
administrators): add a schedule chosen in words (the rule is built by the domain), see it in
words on the manager and public pages, in the ICS feed and the locator's next visits; delete it
after a confirmation page; move, cancel and restore a visit; remove a closure; edit a
catchment's milestones with the domain's checks. Refusals write nothing; other roles get 403,
anonymous visitors the sign-in page, a forged token 403."""
import datetime
import json
import urllib.parse

from webclient import Web


def web(ctx, who, lang="en"):
    w = Web(ctx)
    w.sign_in(who, lang=lang)
    return w


def moosonee(ctx):
    return ctx.q1("SELECT id FROM points WHERE code = 'OUT-111'")


def future(days):
    return datetime.date.today() + datetime.timedelta(days=days)


def next_weekday(start, weekday):
    """The first date >= start with weekday (0 = Monday)."""
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


def summary_hrefs(page):
    return [h for h, t in page.links if h.startswith("#") and t in page.errors]


def n_schedules(ctx, pid):
    return ctx.q1("SELECT count(*) FROM outreach_schedules WHERE point_id = ?", (pid,))


def schedule_fields(first, **kw):
    f = {"first_year": str(first.year), "first_month": str(first.month), "first_day": str(first.day),
         "start": "9:30", "duration": "240", "freq": "monthly_weekday", "until_year": "", "until_month": "",
         "until_day": "", "count": "6", "place_en": "Band office <b>", "place_fr": "Bureau de la bande « Élan »"}
    f.update(kw)
    return f


def test_add_schedule(ctx):
    pid = moosonee(ctx)
    m = web(ctx, "manager")
    base = "/en/points/%d/manage" % pid
    page = m.get(base)
    ctx.eq(page.status, 200, "the manager page opens")
    ctx.check("Every 2nd Tuesday of the month, 10:00 a.m. to 2:00 p.m." in page.plain,
              "the seeded schedule in words", page.plain[:600])
    ctx.check(("/en/points/%d/manage/schedules/new" % pid, "Add an outreach schedule") in page.links,
              "a link to add a schedule")
    form = m.get(base + "/schedules/new")
    ctx.eq((form.status, form.h1), (200, "Add an outreach schedule: Mobile outreach – Moosonee"), "the form")
    action = base + "/schedules"
    # First Tuesday at least 10 days away, in the first week of its month when possible.
    first = next_weekday(future(10), 1)
    n0 = n_schedules(ctx, pid)
    ev0 = ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.created'")
    bad = [
        (dict(first_year="", first_month="", first_day=""), "#first-year", "Enter the date of the first visit"),
        (dict(first_day="31", first_month="2"), "#first-day", "The date of the first visit must be a real date"),
        (dict(first_year="2020", first_month="1", first_day="7"), "#first-day",
         "The date of the first visit must be today or in the future"),
        (dict(start="25:00"), "#start", "Enter the start time on the 24-hour clock, like 10:00 or 14:30"),
        (dict(start=""), "#start", "Enter the start time"),
        (dict(duration="5"), "#duration", "The length of each visit must be a whole number from 15 to 1,440 minutes"),
        (dict(start="22:00", duration="180"), "#duration", "A visit must end by midnight: shorten it or start earlier"),
        (dict(freq=""), "#freq-1", "Select how often the team visits"),
        (dict(freq="hourly"), "#freq-1", "Select how often the team visits"),
        (dict(count="0"), "#count", "The number of visits must be a whole number from 1 to 1,000"),
        (dict(until_year=str(first.year + 1), until_month="1", until_day="1"), "#count",
         "Give an end date or a number of visits, not both"),
        (dict(count="", until_year=str(first.year - 1), until_month="1", until_day="1"), "#until-day",
         "The date of the last possible visit must be on or after the first visit"),
        (dict(place_fr=""), "#place-fr", "Enter the place in both English and French, or in neither"),
    ]
    for change, href, text in bad:
        r = m.submit(form, action, schedule_fields(first, **change))
        ctx.eq(r.status, 200, "refused, same page (%s)" % text)
        ctx.check(text in r.errors and href in summary_hrefs(r), "error %s -> %s" % (text, href),
                  (r.errors, summary_hrefs(r)))
        ctx.check(r.title.startswith("Error: "), "the title says Error", r.title)
    r = m.submit(form, action, schedule_fields(first, duration="5"))
    ctx.eq([e.get("value") for e in r.elements("input", id="place-fr")], ["Bureau de la bande « Élan »"],
           "values kept after an error")
    ctx.eq((n_schedules(ctx, pid), ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.created'")),
           (n0, ev0), "refusals write nothing")
    # Monthly on a date after the 28th: not every month has it.
    d29 = datetime.date(first.year + 1, 1, 29)
    r = m.submit(form, action, schedule_fields(d29, freq="monthly_date"))
    ctx.check("#freq-1" in summary_hrefs(r), "monthly on the 29th is refused", r.errors)
    # French errors.
    mf = web(ctx, "manager", lang="fr")
    ff = mf.get("/fr/points/%d/manage/schedules/new" % pid)
    ctx.eq(ff.h1.replace("\u00a0", " "), "Ajouter un calendrier de visites d’approche : " +
           ctx.q1("SELECT name_fr FROM points WHERE id = ?", (pid,)), "French title")
    r = mf.submit(ff, "/fr/points/%d/manage/schedules" % pid, schedule_fields(first, start="", freq=""))
    ctx.check("Entrez l’heure de début" in r.errors and "Choisissez la fréquence des visites" in r.errors,
              "French errors", r.errors)
    # Happy path: monthly on the same weekday, 6 visits.
    r = m.submit(form, action, schedule_fields(first))
    ctx.eq(r.status, 200, "added, redirected to the manager page")
    ctx.check(r.history and "added=" in r.history[0].headers.get("location", ""), "303 to ?added=",
              [p.headers.get("location") for p in r.history])
    sid = ctx.q1("SELECT max(id) FROM outreach_schedules WHERE point_id = ?", (pid,))
    rank = (first.day - 1) // 7 + 1
    rule = "FREQ=MONTHLY;BYDAY=%s;COUNT=6" % ("-1TU" if first.day > 28 else "%dTU" % rank)
    ctx.eq(ctx.q("SELECT rrule, dtstart, duration_min, note_en, note_fr FROM outreach_schedules WHERE id = ?",
                  (sid,)), [(rule, first.isoformat() + "T09:30", 240, "Band office <b>",
                             "Bureau de la bande « Élan »")], "the rule built from the choices")
    # Ids of deleted schedules are reused: count the events, not those of this id.
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.created'"), ev0 + 1, "audited")
    long_date = "%s %d, %d" % (first.strftime("%B"), first.day, first.year)
    ctx.check("The outreach schedule is added" in r.plain and long_date + " at 09:30" in r.plain,
              "the new schedule's next visits are shown", r.plain[:800])
    ctx.check("Band office &lt;b&gt;" in r.text, "the place is escaped", None)
    ords = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}
    words = ("Every last Tuesday of the month" if first.day > 28 else
             "Every %s Tuesday of the month" % ords[rank]) + ", 9:30 a.m. to 1:30 p.m."
    ctx.check(words in r.plain, "in words on the manager page: %s" % words, r.plain[:1500])
    # The public page, in both languages; the ICS feed; the locator's next visits.
    pub = Web(ctx).get("/en/points/%d" % pid)
    ctx.check(words in pub.plain and long_date in pub.plain, "the public page shows it", pub.plain[:1500])
    pubf = Web(ctx).get("/fr/points/%d" % pid)
    ctx.check("de 9 h 30 à 13 h 30" in pubf.plain.replace("\u00a0", " ") and "Bureau de la bande « Élan »" in pubf.plain,
              "the French public page in words", pubf.plain[:1500])
    ics = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid)
    ctx.check("UID:outreach-%d-%s@passerelle" % (sid, first.strftime("%Y%m%d")) in ics.text,
              "the ICS feed has the visit", ics.text[:600])
    loc = ctx.api("GET", "/api/v1/points/%d" % pid).json
    ctx.check(any(s.get("id") == sid for s in loc.get("outreach", [])), "the API lists the schedule")
    # Delete: a confirmation page, then the POST.
    conf = m.get(base + "/schedules/%d/delete" % sid)
    ctx.eq(conf.status, 200, "the confirmation page")
    ctx.check(conf.h1 and conf.h1.startswith("Delete the schedule “") and conf.h1.endswith("”?"),
              "it asks", conf.h1)
    ctx.check(conf.form(base + "/schedules/%d/delete" % sid) and conf.elements("button", type="submit"),
              "a plain form with a button asks")
    ctx.eq(m.get(base + "/schedules/999999/delete").status, 404, "a schedule of another point: 404")
    other = ctx.q1("SELECT id FROM outreach_schedules WHERE point_id != ? LIMIT 1", (pid,))
    ctx.eq(m.get(base + "/schedules/%d/delete" % other).status, 404, "a schedule not of this point: 404")
    r = m.post(base + "/schedules/%d/delete" % sid, {"csrf": "forged"})
    ctx.eq(r.status, 403, "a forged token is refused")
    ctx.eq(n_schedules(ctx, pid), n0 + 1, "nothing deleted with a forged token")
    del0 = ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.deleted'")
    r = m.submit(conf, base + "/schedules/%d/delete" % sid, {})
    ctx.eq(r.status, 200, "deleted, back on the manager page")
    ctx.check("The outreach schedule is deleted." in r.plain, "the notice")
    ctx.eq(n_schedules(ctx, pid), n0, "the schedule is gone")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.deleted'"), del0 + 1,
           "the deletion is audited")
    ctx.check(words not in Web(ctx).get("/en/points/%d" % pid).plain, "gone from the public page")


def test_move_cancel_restore(ctx):
    pid = moosonee(ctx)
    m = web(ctx, "administrator")
    base = "/en/points/%d/manage" % pid
    page = m.get(base)
    radios = page.elements("input", name="move_visit")
    ctx.check(len(radios) >= 2, "visits offered to move", radios)
    v0 = radios[1]["value"]
    sid, orig = v0.split("_")
    sid = int(sid)
    new = next_weekday(future(3), 2)          # a Wednesday
    action = base + "/move"
    ev0 = ctx.q1("SELECT count(*) FROM events")
    for change, href in ((dict(move_visit=""), "#move-visit-1"), (dict(new_time="noon"), "#new-time"),
                         (dict(**{"new-date_day": "32"}), "#new-date-day"),
                         (dict(**{"new-date_year": "2001"}), "#new-date-day")):
        f = {"move_visit": v0, "new-date_year": str(new.year), "new-date_month": str(new.month),
             "new-date_day": str(new.day), "new_time": "13:15"}
        f.update(change)
        r = m.submit(page, action, f)
        ctx.check(r.status == 200 and href in summary_hrefs(r), "move refused -> %s" % href, r.errors)
    ctx.eq(ctx.q1("SELECT count(*) FROM events"), ev0, "refused moves write nothing")
    r = m.submit(page, action, {"move_visit": v0, "new-date_year": str(new.year), "new-date_month": str(new.month),
                                "new-date_day": str(new.day), "new_time": "13 h 15"})
    ctx.eq(r.status, 200, "moved")
    ctx.eq(ctx.q("SELECT new_start FROM outreach_exceptions WHERE schedule_id = ? AND original_date = ?",
                 (sid, orig)), [(new.isoformat() + "T13:15",)], "the move is stored")
    pub = Web(ctx).get("/en/points/%d" % pid)
    ctx.check("Moved from" in pub.plain, "the public page says the visit moved", pub.plain[:1200])
    # Restore the move.
    page = m.get(base)
    opts = [e["value"] for e in page.elements("input", name="restore")]
    ctx.check(v0 in opts, "the moved visit can be restored", opts)
    r = m.submit(page, base + "/restore", {"restore": "999_2099-01-01"})
    ctx.check("#restore-1" in summary_hrefs(r), "an unknown visit is refused", r.errors)
    r = m.submit(page, base + "/restore", {"restore": v0})
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_exceptions WHERE schedule_id = ? AND original_date = ?",
                  (sid, orig)), 0, "the move is undone")
    ctx.check(ctx.q1("SELECT count(*) FROM events WHERE type = 'outreach.visit_restored' AND entity_id = ?",
                     (sid,)) >= 1, "the restore is audited")
    # Cancel, then restore.
    page = m.get(base)
    r = m.submit(page, base + "/cancel", {"visit": v0})
    ctx.check(orig in ctx.q1("SELECT exdates FROM outreach_schedules WHERE id = ?", (sid,)), "cancelled")
    ics = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid).text
    uid = "UID:outreach-%d-%s@passerelle" % (sid, orig.replace("-", ""))
    ctx.check(uid not in ics, "the cancelled visit is gone from the ICS feed", uid)
    page = m.get(base)
    ctx.check("%s: cancelled" % datetime.date.fromisoformat(orig).strftime("%B %-d, %Y") in page.plain,
              "the cancelled visit is offered to restore", page.plain[-800:])
    r = m.submit(page, base + "/restore", {"restore": v0})
    ctx.check(orig not in ctx.q1("SELECT exdates FROM outreach_schedules WHERE id = ?", (sid,)), "restored")
    ctx.check(uid in ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid).text, "back in the ICS feed")
    # The API route too: nothing to restore is 404.
    ctx.status(ctx.api("DELETE", "/api/v1/outreach/%d/cancellations/%s" % (sid, orig), as_="manager"), 404,
               "nothing to restore: 404")
    ctx.status(ctx.api("PUT", "/api/v1/outreach/%d/cancellations/%s" % (sid, orig), as_="manager"), 200, "cancel")
    r = ctx.api("DELETE", "/api/v1/outreach/%d/exceptions/%s" % (sid, orig), as_="manager")
    ctx.status(r, 200, "restore through the API")
    ctx.check(orig not in json.dumps(r.json.get("exdates")), "the schedule no longer cancels it", r.json)


def test_closure_remove(ctx):
    pid = moosonee(ctx)
    m = web(ctx, "manager")
    base = "/en/points/%d/manage" % pid
    page = m.get(base)
    d = future(12)
    r = m.submit(page, base + "/closure", {"closure-date_year": str(d.year), "closure-date_month": str(d.month),
                                           "closure-date_day": str(d.day), "reason_en": "Road closed",
                                           "reason_fr": "Route fermée"})
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ? AND date = ?", (pid, d.isoformat())), 1,
           "closure set")
    page = m.get(base)
    ctx.check([e for e in page.elements("input", name="date") if e.get("value") == d.isoformat()],
              "a remove button for the closure")
    r = m.post(base + "/closure/remove", {"date": "2099-01-01", "csrf": m.remember_csrf(page)})
    ctx.eq(r.status, 404, "a closure the page does not list: 404")
    r = m.post(base + "/closure/remove", {"date": d.isoformat(), "csrf": "forged"})
    ctx.eq(r.status, 403, "forged token: 403")
    r = m.post(base + "/closure/remove", {"date": d.isoformat(), "csrf": m.remember_csrf(page)})
    ctx.eq(r.status, 200, "removed, back on the page")
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ? AND date = ?", (pid, d.isoformat())), 0,
           "the closure is gone")
    ctx.check(ctx.q1("SELECT count(*) FROM events WHERE type = 'point.closure_removed' AND entity_id = ?", (pid,)) >= 1,
              "audited")


def test_access(ctx):
    pid = moosonee(ctx)
    sid = ctx.q1("SELECT id FROM outreach_schedules WHERE point_id = ?", (pid,))
    region = ctx.q1("SELECT region_id FROM catchments LIMIT 1")
    gets = ["/en/points/%d/manage/schedules/new" % pid, "/en/points/%d/manage/schedules/%d/delete" % (pid, sid),
            "/en/rollout/%d/edit" % region]
    for path in gets:
        r = Web(ctx).get(path, follow=False)
        ctx.eq((r.status, r.headers.get("location")), (303, "/en/sign-in?next=" + urllib.parse.quote(path, safe="")),
               "anonymous -> sign in (%s)" % path)
        for who in ("advisor", "client", "auditor"):
            ctx.eq(web(ctx, who).get(path).status, 403, "%s refused (%s)" % (who, path))
    n0 = ctx.q1("SELECT count(*) FROM outreach_schedules")
    a = web(ctx, "advisor")
    page = a.get("/en/rollout")
    r = a.post("/en/points/%d/manage/schedules/%d/delete" % (pid, sid), {"csrf": a.remember_csrf(page) or "x"})
    ctx.eq(r.status, 403, "an advisor cannot delete")
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_schedules"), n0, "nothing deleted")
    ctx.check(not [h for h, _ in page.links if h.endswith("/edit")], "no edit links on the timeline for an advisor")


def test_milestones(ctx):
    m = web(ctx, "manager")
    tl = m.get("/en/rollout")
    links = [h for h, t in tl.links if h.startswith("/en/rollout/") and h.endswith("/edit")]
    ctx.check(links, "the timeline links to the milestones pages for a manager")
    # A catchment with no actual integrated date.
    region = ctx.q1("SELECT c.region_id FROM catchments c JOIN catchment_milestones m ON m.region_id = c.region_id "
                    "AND m.kind = 'integrated_live' WHERE m.actual_date IS NULL AND c.phase = 'later' LIMIT 1") or \
        ctx.q1("SELECT region_id FROM catchments WHERE phase = 'later' LIMIT 1")
    path = "/en/rollout/%d/edit" % region
    ctx.check(path in links, "this catchment is linked", links[:3])
    page = m.get(path)
    ctx.eq(page.status, 200, "the milestones page opens")
    ctx.check(page.h1.startswith("Milestones: "), "its title", page.h1)

    def dates(page, action=path):
        return dict(page.form(action)["fields"])

    before = ctx.q("SELECT kind, planned_date, actual_date FROM catchment_milestones WHERE region_id = ? ORDER BY kind",
                   (region,))
    ev0 = ctx.q1("SELECT count(*) FROM events WHERE type = 'catchment.milestone'")
    tomorrow = future(1)
    f = dates(page)
    f.update({"integrated_live-actual_year": str(tomorrow.year), "integrated_live-actual_month": str(tomorrow.month),
              "integrated_live-actual_day": str(tomorrow.day)})
    r = m.submit(page, path, f)
    ctx.check("The actual date of “Integrated services live” cannot be in the future" in r.errors and
              "#integrated_live-actual-year" in summary_hrefs(r), "an actual date in the future is refused", r.errors)
    ctx.eq([e.get("value") for e in r.elements("input", id="integrated_live-actual-day")], [str(tomorrow.day)],
           "values kept")
    f = dates(page)
    f.update({"transition_start-planned_year": "2030", "transition_start-planned_month": "1",
              "transition_start-planned_day": "1", "integrated_live-planned_year": "2029",
              "integrated_live-planned_month": "1", "integrated_live-planned_day": "1",
              "transition_end-planned_year": "", "transition_end-planned_month": "",
              "transition_end-planned_day": ""})
    r = m.submit(page, path, f)
    ctx.check(any("cannot come before the planned date of an earlier milestone" in e for e in r.errors),
              "dates out of order are refused", r.errors)
    f = dates(page)
    f.update({"selection_announced-planned_day": "31", "selection_announced-planned_month": "2",
              "selection_announced-planned_year": "2027"})
    r = m.submit(page, path, f)
    ctx.check("The planned date of “Manager announced” must be a real date" in r.errors, "a bad date", r.errors)
    ctx.eq(ctx.q("SELECT kind, planned_date, actual_date FROM catchment_milestones WHERE region_id = ? ORDER BY kind",
                 (region,)), before, "refusals write nothing")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'catchment.milestone'"), ev0, "and audit nothing")
    # All four moved later in one step (the API's one-at-a-time checks would refuse the first).
    f = dates(page)
    plan = {"selection_announced": "2031-01-15", "transition_start": "2031-04-01", "transition_end": "",
            "integrated_live": "2032-02-01"}
    for k, v in plan.items():
        y, mo, d = (v.split("-") if v else ("", "", ""))
        f.update({"%s-planned_year" % k: y, "%s-planned_month" % k: mo.lstrip("0"), "%s-planned_day" % k: d.lstrip("0"),
                  "%s-actual_year" % k: "", "%s-actual_month" % k: "", "%s-actual_day" % k: ""})
    r = m.submit(page, path, f)
    ctx.eq(r.status, 200, "saved")
    ctx.check("The milestones are saved." in r.plain, "the notice", r.errors)
    got = dict((k, p) for k, p, _ in ctx.q("SELECT kind, planned_date, actual_date FROM catchment_milestones "
                                           "WHERE region_id = ?", (region,)))
    ctx.eq(got, {"selection_announced": "2031-01-15", "transition_start": "2031-04-01",
                 "transition_end": "2032-01-01", "integrated_live": "2032-02-01"},
           "saved; the end of the transition planned 9 months after its start")
    ev = ctx.q("SELECT payload FROM events WHERE type = 'catchment.milestone' AND entity_id = ? ORDER BY id DESC LIMIT 1",
               (region,))
    ctx.check(ev and "kinds" in json.loads(ev[0][0]), "one audit event", ev)
    tl = Web(ctx).get("/en/rollout")
    ctx.check("2031-04-01" in tl.plain, "the timeline shows the new date")
    ctx.check(not [h for h, _ in tl.links if h.endswith("/edit")], "no edit links for the public")
    # French.
    mf = web(ctx, "manager", lang="fr")
    pf = mf.get("/fr/rollout/%d/edit" % region)
    ctx.check(pf.h1.replace("\u00a0", " ").startswith("Jalons : "), "French title", pf.h1)
    f = dates(pf, "/fr/rollout/%d/edit" % region)
    f.update({"integrated_live-actual_year": str(tomorrow.year), "integrated_live-actual_month": str(tomorrow.month),
              "integrated_live-actual_day": str(tomorrow.day)})
    r = mf.submit(pf, "/fr/rollout/%d/edit" % region, f)
    ctx.check(any("ne peut pas être dans l’avenir" in e for e in r.errors), "French error", r.errors)
    ctx.eq(m.get("/en/rollout/999999/edit").status, 404, "an unknown catchment: 404")
    # Back to the demo's dates (other modules read the timeline), through the page again.
    page = m.get(path)
    f = dates(page)
    for k, p, a in before:
        for part, v in (("planned", p), ("actual", a)):
            y, mo, d = (v.split("-") if v else ("", "", ""))
            f.update({"%s-%s_year" % (k, part): y, "%s-%s_month" % (k, part): mo,
                      "%s-%s_day" % (k, part): d})
    m.submit(page, path, f)
    ctx.eq(ctx.q("SELECT kind, planned_date, actual_date FROM catchment_milestones WHERE region_id = ? ORDER BY kind",
                 (region,)), before, "the demo's dates are back")


TESTS = [test_add_schedule, test_move_cancel_restore, test_closure_remove, test_access, test_milestones]
