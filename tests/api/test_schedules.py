"""Closures and outreach schedules (administrators, managers): set and remove a closure, add and
delete a schedule, move and cancel one visit. Every change is audited, refused for other roles
(403) and anonymous callers (401), writes nothing on invalid input, and shows at once in the
point's next visits and its ICS feed."""
import datetime
import json
import zoneinfo

from webclient import Web

TZ = zoneinfo.ZoneInfo("America/Toronto")
MANAGERS = ("manager", "administrator")
REFUSED = ("advisor", "client", "auditor")


def moosonee(ctx):
    return ctx.q1("SELECT id FROM points WHERE code = 'OUT-111'")


def events(ctx, entity, eid, type_):
    return ctx.q("SELECT payload FROM events WHERE entity = ? AND entity_id = ? AND type = ? ORDER BY id",
                 (entity, eid, type_))


def utc_of(local):
    """'YYYY-MM-DDTHH:MM' local -> 'YYYY-MM-DDTHH:MM:SSZ' UTC, as the API writes it."""
    dt = datetime.datetime.strptime(local, "%Y-%m-%dT%H:%M").replace(tzinfo=TZ)
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def refusals(ctx, method, path, body, what):
    """401 anonymous, 403 for roles that may not; nothing written."""
    for role in REFUSED:
        ctx.session(role)   # signing in writes an event: before counting
    before = ctx.counts()
    ctx.problem(ctx.api(method, path, body), "auth-required", "%s anonymous" % what)
    for role in REFUSED:
        ctx.problem(ctx.api(method, path, body, as_=role), "forbidden", "%s as %s" % (what, role))
    ctx.eq(ctx.counts(), before, "%s: refusals write nothing" % what)


def test_closures(ctx):
    pid = moosonee(ctx)
    day = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    path = "/api/v1/points/%d/closures/%s" % (pid, day)
    body = {"reason_en": "Staff training", "reason_fr": "Formation du personnel"}
    for role in MANAGERS:
        ctx.session(role)
    refusals(ctx, "PUT", path, body, "PUT closure")
    refusals(ctx, "DELETE", path, None, "DELETE closure")
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ? AND date = ?", (pid, day)), 0,
           "refusals wrote no closure")
    # Invalid input: nothing written.
    before = ctx.counts()
    bad = [(path, {"reason_en": "x"}, "field-required", "reason_fr"),
           (path, {"reason_en": "", "reason_fr": "y"}, "field-too-short", "reason_en"),
           (path, dict(body, extra=1), "field-unknown", "extra"),
           ("/api/v1/points/%d/closures/2026-02-30" % pid, body, "field-format", "date"),
           ("/api/v1/points/%d/closures/tomorrow" % pid, body, "field-format", "date")]
    for p, b, slug, field in bad:
        ctx.problem(ctx.api("PUT", p, b, as_="manager"), slug, "PUT closure %s" % json.dumps(b)[:40], field=field)
    ctx.problem(ctx.api("PUT", "/api/v1/points/99999999/closures/%s" % day, body, as_="manager"),
                "record-not-found", "an unknown point")
    ctx.eq(ctx.counts(), before, "invalid closures write nothing")
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ? AND date = ?", (pid, day)), 0,
           "no closure written")
    # Set it: audited, shown on the point.
    r = ctx.api("PUT", path, body, as_="manager")
    ctx.status(r, 200, "PUT closure as manager")
    ctx.eq(r.json, {"point_id": pid, "date": day, "reason_en": "Staff training",
                    "reason_fr": "Formation du personnel"}, "the closure is echoed")
    ev = events(ctx, "point", pid, "point.closure_set")
    ctx.check(ev and json.loads(ev[-1][0]).get("date") == day, "audit event point.closure_set", ev)
    p = ctx.api("GET", "/api/v1/points/%d" % pid).json
    ctx.check(any(c.get("date") == day for c in p.get("closures", [])), "the point lists the closure",
              p.get("closures"))
    # Replace it in French as administrator, then remove it.
    r = ctx.api("PUT", path + "?lang=fr", {"reason_en": "Flood", "reason_fr": "Inondation"}, as_="administrator")
    ctx.status(r, 200, "PUT closure again as administrator")
    ctx.eq(ctx.q("SELECT reason_en, reason_fr FROM point_closures WHERE point_id = ? AND date = ?", (pid, day)),
           [("Flood", "Inondation")], "the reasons are replaced")
    r = ctx.api("DELETE", path, as_="administrator")
    ctx.status(r, 200, "DELETE closure")
    ctx.eq(r.json, {"point_id": pid, "date": day, "removed": True}, "removed")
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ? AND date = ?", (pid, day)), 0,
           "the closure is gone")
    ctx.check(events(ctx, "point", pid, "point.closure_removed"), "audit event point.closure_removed")
    before = ctx.counts()
    ctx.problem(ctx.api("DELETE", "/api/v1/points/%d/closures/2026-13-01" % pid, as_="manager"),
                "field-format", "DELETE closure with a bad date", field="date")
    ctx.eq(ctx.counts(), before, "a bad date writes nothing")


def test_outreach_create(ctx):
    pid = moosonee(ctx)
    hub = ctx.q1("SELECT host_point_id FROM outreach_schedules WHERE point_id = ?", (pid,))
    start = (datetime.date.today() + datetime.timedelta(days=2)).isoformat() + "T10:00"
    body = {"rrule": "FREQ=DAILY;COUNT=5", "dtstart": start, "duration_min": 120, "host_point_id": hub,
            "note_en": "Bring your ID", "note_fr": "Apportez une pièce d’identité"}
    path = "/api/v1/points/%d/outreach" % pid
    for role in MANAGERS:
        ctx.session(role)
    refusals(ctx, "POST", path, body, "POST outreach")
    n0 = ctx.q1("SELECT count(*) FROM outreach_schedules")
    before = ctx.counts()
    # An invalid rule: a clear problem in both languages.
    for lang in ("en", "fr"):
        r = ctx.api("POST", path + "?lang=" + lang, dict(body, rrule="FREQ=HOURLY"), as_="manager")
        ctx.problem(r, "outreach-rule", "a rule finer than daily without an end (%s)" % lang, lang=lang,
                    field="rrule")
    for rule in ("FREQ=SOMETIMES", "FREQ=WEEKLY;INTERVAL=60", "FREQ=DAILY;COUNT=5000",
                 "FREQ=DAILY;UNTIL=20000101T000000Z", "not a rule"):
        ctx.problem(ctx.api("POST", path, dict(body, rrule=rule), as_="manager"), "outreach-rule",
                    "rule %s" % rule, field="rrule")
    ctx.problem(ctx.api("POST", path, dict(body, dtstart="2026-02-30T10:00"), as_="manager"), "outreach-rule",
                "an impossible start", field="dtstart")
    ctx.problem(ctx.api("POST", path, dict(body, duration_min=5), as_="manager"), "field-range", "too short a visit",
                field="duration_min")
    ctx.problem(ctx.api("POST", path, dict(body, host_point_id=99999999), as_="manager"), "reference-invalid",
                "an unknown hub", field="host_point_id")
    ctx.problem(ctx.api("POST", "/api/v1/points/99999999/outreach", body, as_="manager"), "record-not-found",
                "an unknown point")
    ctx.problem(ctx.api("POST", path, {"rrule": "FREQ=DAILY;COUNT=5"}, as_="manager"), "field-required",
                "dtstart is required")
    ctx.eq(ctx.counts(), before, "invalid schedules write nothing")
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_schedules"), n0, "no schedule written")
    # Created: audited, on the point, in its next visits.
    r = ctx.api("POST", path, body, as_="manager")
    ctx.status(r, 201, "POST outreach as manager")
    s = r.json or {}
    ctx.check(s.get("rrule") == body["rrule"] and s.get("dtstart") == start and s.get("duration_min") == 120 and
              s.get("host_point_id") == hub and s.get("note") == "Bring your ID" and s.get("exdates") == [],
              "the new schedule", s)
    sid = s.get("id")
    ev = events(ctx, "outreach", sid, "outreach.created")
    ctx.check(ev and json.loads(ev[0][0]).get("point_id") == pid, "audit event outreach.created", ev)
    p = ctx.api("GET", "/api/v1/points/%d" % pid).json
    mine = [v for v in p["next_visits"] if v["schedule_id"] == sid]
    ctx.eq([v["start"] for v in mine][:1], [utc_of(start)], "its first visit is among the next visits")
    ctx.shared["schedule"] = (pid, sid, start)


def ics_of(ctx, pid):
    r = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid)
    ctx.status(r, 200, "calendar.ics")
    return r.raw.decode("utf-8").replace("\r\n ", "")


def test_cancel_and_move(ctx):
    if not ctx.check("schedule" in ctx.shared, "a schedule was created"):
        return
    pid, sid, start = ctx.shared["schedule"]
    d0 = start[:10]
    d1 = (datetime.date.fromisoformat(d0) + datetime.timedelta(days=1)).isoformat()
    uid0 = "UID:outreach-%d-%s@passerelle" % (sid, d0.replace("-", ""))
    uid1 = "UID:outreach-%d-%s@passerelle" % (sid, d1.replace("-", ""))
    ics = ics_of(ctx, pid)
    ctx.check(uid0 in ics and uid1 in ics, "the feed holds the first two visits", ics[:600])
    cpath = "/api/v1/outreach/%d/cancellations/%s" % (sid, d0)
    mpath = "/api/v1/outreach/%d/exceptions/%s" % (sid, d1)
    new_start = d1 + "T14:30"
    for role in MANAGERS:
        ctx.session(role)
    refusals(ctx, "PUT", cpath, None, "PUT cancellation")
    refusals(ctx, "PUT", mpath, {"new_start": new_start}, "PUT exception")
    before = ctx.counts()
    ctx.problem(ctx.api("PUT", "/api/v1/outreach/%d/cancellations/soon" % sid, as_="manager"), "field-format",
                "cancel with a bad date", field="date")
    ctx.problem(ctx.api("PUT", "/api/v1/outreach/99999999/cancellations/%s" % d0, as_="manager"),
                "record-not-found", "cancel an unknown schedule")
    ctx.problem(ctx.api("PUT", mpath, {"new_start": d1 + "T25:00"}, as_="manager"), "field-format",
                "move to an impossible time", field="new_start")
    ctx.problem(ctx.api("PUT", mpath, {"new_start": "tomorrow at two"}, as_="manager"), "field-too-short",
                "move to words", field="new_start")
    ctx.problem(ctx.api("PUT", mpath, {}, as_="manager"), "field-required", "move without new_start",
                field="new_start")
    ctx.problem(ctx.api("PUT", "/api/v1/outreach/99999999/exceptions/%s" % d1, {"new_start": new_start},
                        as_="manager"), "record-not-found", "move in an unknown schedule")
    ctx.eq(ctx.counts(), before, "invalid visit changes write nothing")
    ctx.eq(ctx.q1("SELECT exdates FROM outreach_schedules WHERE id = ?", (sid,)), "[]", "no visit cancelled")
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_exceptions WHERE schedule_id = ?", (sid,)), 0, "no visit moved")
    # Cancel the next visit: gone from the point and its feed at once.
    r = ctx.api("PUT", cpath, as_="manager")
    ctx.status(r, 200, "cancel the next visit")
    ctx.eq((r.json or {}).get("exdates"), [d0], "the schedule lists the cancelled date")
    ctx.check(events(ctx, "outreach", sid, "outreach.visit_cancelled"), "audit event outreach.visit_cancelled")
    p = ctx.api("GET", "/api/v1/points/%d" % pid).json
    ctx.check(not any(v["schedule_id"] == sid and v["start"] == utc_of(start) for v in p["next_visits"]),
              "the cancelled visit is not among the next visits", p["next_visits"])
    ics = ics_of(ctx, pid)
    ctx.check(uid0 not in ics and uid1 in ics, "the feed no longer holds the cancelled visit", ics[:600])
    ctx.status(ctx.api("PUT", cpath, as_="administrator"), 200, "cancelling again is harmless")
    ctx.eq(ctx.q1("SELECT exdates FROM outreach_schedules WHERE id = ?", (sid,)), json.dumps([d0]),
           "the date is listed once")
    # Move the following one: the new time everywhere.
    r = ctx.api("PUT", mpath, {"new_start": new_start}, as_="administrator")
    ctx.status(r, 200, "move a visit")
    ctx.eq((r.json or {}).get("moves"), [{"original_date": d1, "new_start": new_start}], "the move is listed")
    ctx.check(events(ctx, "outreach", sid, "outreach.visit_moved"), "audit event outreach.visit_moved")
    p = ctx.api("GET", "/api/v1/points/%d" % pid).json
    moved = [v for v in p["next_visits"] if v["schedule_id"] == sid and v["moved"]]
    ctx.eq([v["start"] for v in moved], [utc_of(new_start)], "the next visits show the new time")
    ics = ics_of(ctx, pid)
    stamp = utc_of(new_start).replace("-", "").replace(":", "")
    ctx.check(uid1 in ics and ("DTSTART:" + stamp) in ics, "the feed shows the new time", ics[:900])


def test_outreach_delete(ctx):
    if not ctx.check("schedule" in ctx.shared, "a schedule was created"):
        return
    pid, sid, _ = ctx.shared["schedule"]
    path = "/api/v1/outreach/%d" % sid
    for role in MANAGERS:
        ctx.session(role)
    refusals(ctx, "DELETE", path, None, "DELETE outreach")
    ctx.problem(ctx.api("DELETE", "/api/v1/outreach/99999999", as_="manager"), "record-not-found",
                "an unknown schedule")
    r = ctx.api("DELETE", path, as_="manager")
    ctx.status(r, 200, "DELETE outreach")
    ctx.eq(r.json, {"id": sid, "deleted": True}, "deleted")
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_schedules WHERE id = ?", (sid,)), 0, "the schedule is gone")
    ctx.eq(ctx.q1("SELECT count(*) FROM outreach_exceptions WHERE schedule_id = ?", (sid,)), 0, "its moves too")
    ctx.check(events(ctx, "outreach", sid, "outreach.deleted"), "audit event outreach.deleted")
    p = ctx.api("GET", "/api/v1/points/%d" % pid).json
    ctx.check(all(v["schedule_id"] != sid for v in p["next_visits"]), "no more visits of it", p["next_visits"])
    ctx.check(("outreach-%d-" % sid) not in ics_of(ctx, pid), "nor in the feed")
    ctx.problem(ctx.api("DELETE", path, as_="manager"), "record-not-found", "deleting twice")


def test_manage_page_access(ctx):
    pid = moosonee(ctx)
    path = "/en/points/%d/manage" % pid
    w = Web(ctx)
    pg = w.get(path, follow=False)
    ctx.eq(pg.status, 303, "anonymous: sent to sign in")
    ctx.check(pg.headers.get("location", "").startswith("/en/sign-in?next="), "with next", pg.headers)
    ctx.check(not any(h.endswith("/manage") for h, *_ in w.get("/en/points/%d" % pid).links),
              "no manage link for the public")
    for role in ("advisor", "client"):
        w = Web(ctx)
        w.sign_in(role)
        ctx.eq(w.get(path).status, 403, "%s may not manage" % role)
        ctx.check(not any(h.endswith("/manage") for h, *_ in w.get("/en/points/%d" % pid).links),
                  "no manage link for %s" % role)
    w = Web(ctx)
    w.sign_in("manager")
    ctx.check(any(h == path for h, *_ in w.get("/en/points/%d" % pid).links), "the point page links to it")
    pg = w.get(path)
    ctx.eq(pg.status, 200, "the manager page")
    ctx.eq(pg.h1, "Closures and outreach visits: Mobile outreach – Moosonee", "h1")
    ctx.check("Outreach schedules" in pg.plain and "Every 2nd Tuesday of the month, 10:00 a.m. to 2:00 p.m." in pg.plain,
              "the schedules, in words",
              pg.plain[:1500])
    ctx.check(len(pg.elements("caption")) >= 1, "tables have captions")
    fr = w.get("/fr/points/%d/manage" % pid)
    ctx.check(fr.status == 200 and "Calendriers des visites d’approche" in fr.plain, "the French page",
              fr.plain[:800])
    ctx.eq(w.get("/en/points/99999999/manage").status, 404, "an unknown point")


def test_manage_page_forms(ctx):
    pid = moosonee(ctx)
    path = "/en/points/%d/manage" % pid
    w = Web(ctx)
    w.sign_in("administrator")
    pg = w.get(path)
    act = "/en/points/%d/manage/closure" % pid
    before = ctx.counts()
    n0 = ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ?", (pid,))
    bad = w.submit(pg, act, {"closure-date_year": "2027", "closure-date_month": "2", "closure-date_day": "30",
                             "reason_en": "", "reason_fr": "Inondation <b>"})
    ctx.eq(bad.status, 200, "errors re-render the page")
    hrefs = [h for h, *_ in bad.links]
    ctx.check(bad.errors == ["The date of the closure must be a real date", "Enter the reason in English"] and
              "#closure-date-day" in hrefs and "#reason-en" in hrefs, "summary links to the wrong fields",
              (bad.errors, hrefs))
    ctx.check(bad.title.startswith("Error: "), "the title says Error", bad.title)
    ctx.check(any(e.get("value") == "Inondation <b>" for e in bad.elements("input", id="reason-fr")),
              "values kept", bad.elements("input", id="reason-fr"))
    ctx.eq(ctx.counts(), before, "nothing written")
    ctx.eq(ctx.q1("SELECT count(*) FROM point_closures WHERE point_id = ?", (pid,)), n0, "no closure")
    bad = w.post(act, {"closure-date_year": "2027", "closure-date_month": "3", "closure-date_day": "3",
                       "reason_en": "x", "reason_fr": "y", "csrf": "forged"})
    ctx.eq(bad.status, 403, "a bad CSRF token is refused")
    day = datetime.date.today() + datetime.timedelta(days=30)
    ok = w.submit(pg, act, {"closure-date_year": str(day.year), "closure-date_month": str(day.month),
                            "closure-date_day": str(day.day), "reason_en": "Inventory",
                            "reason_fr": "Inventaire"})
    ctx.check(ok.status == 200 and ok.path == path, "redirected back to the page", ok)
    ctx.eq(ctx.q("SELECT reason_en, reason_fr FROM point_closures WHERE point_id = ? AND date = ?",
                 (pid, day.isoformat())), [("Inventory", "Inventaire")], "the closure is written")
    ctx.check(events(ctx, "point", pid, "point.closure_set"), "and audited")
    ctx.check("Inventory" in ok.plain, "the page lists it", ok.plain[:1500])
    # Cancel a visit.
    cact = "/en/points/%d/manage/cancel" % pid
    before = ctx.counts()
    bad = w.submit(ok, cact, {"visit": "999_2027-01-01"})
    ctx.check(bad.status == 200 and bad.errors == ["Select the visit to cancel"] and
              "#visit-1" in [h for h, *_ in bad.links], "a visit not offered", bad.errors)
    ctx.eq(ctx.counts(), before, "nothing written")
    radios = [e.get("value") for e in ok.elements("input", type="radio", name="visit")]
    if not ctx.check(radios, "visits to choose from"):
        return
    sid, d = radios[0].split("_")
    done = w.submit(ok, cact, {"visit": radios[0]})
    ctx.check(done.status == 200 and done.path == path, "redirected back", done)
    ctx.check(d in json.loads(ctx.q1("SELECT exdates FROM outreach_schedules WHERE id = ?", (int(sid),))),
              "the visit is cancelled")
    ctx.check(events(ctx, "outreach", int(sid), "outreach.visit_cancelled"), "and audited")
    ctx.check(radios[0] not in [e.get("value") for e in done.elements("input", type="radio", name="visit")],
              "no longer offered")


TESTS = [test_closures, test_outreach_create, test_cancel_and_move, test_outreach_delete, test_manage_page_access,
         test_manage_page_forms]
