"""The case pages: a training agreement as each role sees it, its action pages (the whole
sign -> sign -> register journey, refusals, errors), the work queue, and finding a person."""
import datetime
import re
import urllib.parse

from harness import ROLE_ACCOUNT, make_sin
from webclient import Web

CLIENT = "client@demo.passerelle.ca"
SPONSOR = "sponsor@demo.passerelle.ca"
ADVISOR_CENTRAL = "advisor.central@demo.passerelle.ca"
ADVISOR_PROVINCE = "advisor.province@demo.passerelle.ca"


def web(ctx, who, lang_cookie=None):
    """A Web client signed in as who (a role name or an e-mail) through a fresh API session."""
    w = Web(ctx)
    r, tok = ctx.sign_in(ROLE_ACCOUNT.get(who, who))
    ctx.check(r.status == 201 and tok, "sign in as %s" % who, r)
    w.cookies["psid"] = tok
    return w


def new_agreement(ctx, submit=False):
    """A new draft (or submitted) agreement of the demo client with the demo sponsor."""
    org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (SPONSOR,))
    trades = ctx.request("GET", "/api/v1/trades").json["items"]
    trade = min((t for t in trades if t.get("required_hours")), key=lambda t: t["code"])["code"]
    start = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    c = ctx.api("POST", "/api/v1/agreements", {"sponsor_id": org, "trade_code": trade,
                                               "start_date": start}, as_=CLIENT)
    if not ctx.status(c, 201, "client creates an agreement"):
        return None
    aid = c.json["id"]
    if submit:
        r = ctx.api("POST", "/api/v1/agreements/%d/transitions" % aid, {"transition": "submit"},
                    as_=CLIENT)
        ctx.status(r, 200, "client submits the agreement")
    return aid


def state_of(ctx, aid):
    return ctx.q1("SELECT state FROM cases WHERE id = ?", (aid,))


def transitions_of(ctx, aid):
    return [r[0] for r in ctx.q("SELECT json_extract(payload, '$.transition') FROM events "
                                "WHERE case_id = ? AND type = 'case.transition' ORDER BY id", (aid,))]


def action_links(page, aid):
    """The transition ids the page offers as buttons."""
    pre = "/cases/%d/actions/" % aid
    out = []
    for a in page.elements("a"):
        href = a.get("href", "")
        if pre in href and "ontario-button" in a.get("class", ""):
            out.append(href.split(pre, 1)[1])
    return out


def test_case_page_by_role(ctx):
    aid = new_agreement(ctx, submit=True)
    if aid is None:
        return
    ctx.shared["case_submitted"] = aid
    c = web(ctx, "client")
    p = c.get("/en/cases/%d" % aid)
    ctx.eq(p.status, 200, "client opens their case")
    ctx.eq(p.h1, "Training agreement no. %d" % aid, "h1 names the agreement")
    ctx.eq(len(p.doc.h1), 1, "one h1")
    ctx.check(p.title.startswith(p.h1 + " – "), "title starts with the h1", p.title)
    ctx.eq(action_links(p, aid), ["sign_apprentice", "withdraw"], "client of a submitted case may sign or withdraw")
    for want in ["Submitted, awaiting the apprentice’s signature", "Élodie Tremblay-Côté",
                 "What you can do now", "Service standard", "History", "Newest first."]:
        ctx.check(want in p.plain, "case page shows %r" % want)
    ctx.check(re.search(r'<span class="pl-status pl-status--(ok|soon|breached)">Due (in \d+ business days?|today)</span>',
                        p.text) is not None, "the due date says its status in words with its colour")
    ctx.check('<ol class="pl-timeline">' in p.text, "the history is an ordered list")
    titles = re.findall(r'<p class="pl-timeline__title">([^<]*)</p>', p.text)
    ctx.eq(titles[:2], ["Step taken: Submit for registration", "Agreement started"], "history, newest first")
    ctx.check('<time datetime="' in p.text and "By you" in p.plain, "history says when and who")
    sp = web(ctx, "sponsor")
    p = sp.get("/en/cases/%d" % aid)
    ctx.eq(p.status, 200, "the sponsor opens the case of its organisation")
    ctx.eq(action_links(p, aid), ["withdraw"], "the sponsor has nothing to sign before the apprentice")
    ctx.check("By the apprentice" in p.plain, "the sponsor sees the apprentice's steps in words")
    ctx.eq(sp.get("/en/cases/%d/actions/sign_sponsor" % aid).status, 404,
           "sign_sponsor is not the sponsor's to take yet: 404 page")
    adv = web(ctx, ADVISOR_PROVINCE)
    p = adv.get("/en/cases/%d" % aid)
    ctx.eq(action_links(p, aid), ["sign_apprentice", "withdraw"], "an advisor may sign at the counter or withdraw")
    person = ctx.q1("SELECT person_id FROM cases WHERE id = ?", (aid,))
    ctx.check(("/en/persons/%d" % person, "Élodie Tremblay-Côté") in p.links,
              "staff link to the person's record")
    ctx.check(re.search(r"Client number C\d{8}", p.plain) is not None, "client number shown to staff")
    m = web(ctx, "manager")
    p = m.get("/en/cases/%d" % aid)
    ctx.eq((p.status, action_links(p, aid)), (200, []), "a manager reads the case and may take no step")
    ctx.check("There is nothing for you to do on this agreement right now." in p.plain, "says so in words")
    ctx.eq(m.get("/en/cases/%d/actions/withdraw" % aid).status, 403, "a manager cannot open action pages (403)")
    fr = c.get("/fr/cases/%d" % aid)
    ctx.eq(fr.h1, "Entente de formation nº %d" % aid, "French h1")
    for want in ["Ce que vous pouvez faire maintenant", "Soumise, en attente de la signature de l’apprenti·e",
                 "Signer à titre d’apprenti·e", "Historique", "Étape franchie : Soumettre pour inscription"]:
        ctx.check(want in fr.plain, "French case page shows %r" % want)
    ctx.check("Étape franchie\u00a0: Soumettre" in fr.text, "French typography: no-break space before the colon")


def test_case_scope(ctx):
    aid = ctx.shared.get("case_submitted")
    other = ctx.q1("SELECT c.id FROM cases c WHERE c.person_id <> (SELECT person_id FROM users WHERE email = ?) "
                   "AND c.org_id <> (SELECT org_id FROM users WHERE email = ?) ORDER BY c.id LIMIT 1",
                   (CLIENT, SPONSOR))
    c = web(ctx, "client")
    ctx.eq(c.get("/en/cases/%d" % other).status, 404, "another person's case is not found for a client")
    ctx.eq(web(ctx, "sponsor").get("/en/cases/%d" % other).status, 404,
           "another organisation's case is not found for a sponsor")
    other_region = ctx.q1("SELECT id FROM cases WHERE region_id <> (SELECT region_id FROM users WHERE email = ?) "
                          "ORDER BY id LIMIT 1", (ADVISOR_CENTRAL,))
    ctx.eq(web(ctx, ADVISOR_CENTRAL).get("/en/cases/%d" % other_region).status, 404,
           "a case of another region is not found for a regional advisor")
    for bad in ["/en/cases/0", "/en/cases/abc", "/en/cases/99999999"]:
        ctx.eq(c.get(bad).status, 404, "%s is the 404 page" % bad)
    anon = Web(ctx)
    p = anon.get("/en/cases/%d" % aid, follow=False)
    ctx.eq((p.status, p.headers.get("location")),
           (303, "/en/sign-in?next=" + urllib.parse.quote("/en/cases/%d" % aid, safe="")),
           "anonymous visitors are sent to sign in, then back")


def test_sign_sign_register(ctx):
    aid = new_agreement(ctx, submit=True)
    if aid is None:
        return
    c = web(ctx, "client")
    p = c.get("/en/cases/%d/actions/sign_apprentice" % aid)
    ctx.eq((p.status, p.h1), (200, "Sign as the apprentice"), "the action page is named after the step")
    ctx.check("After this step, the agreement’s status will be: Signed by the apprentice, awaiting the sponsor."
              in p.plain, "the page says what the step does")
    ctx.check(("/en/cases/%d" % aid, "Back") in p.links, "a Back link to the case")
    ctx.check('<textarea' in p.text and 'id="note"' in p.text and 'name="note"' in p.text,
              "the optional note (500 characters) is a textarea named after the program field")
    ctx.check("(optional)" in p.plain, "an optional field says so")
    ctx.check(re.search(r'<button type="submit" id="confirm" class="ontario-button ontario-button--primary">'
                        r'Sign as the apprentice</button>', p.text) is not None, "the button says the step")
    action = "/en/cases/%d/actions/sign_apprentice" % aid
    done = c.submit(p, action, {"note": "Signée en ligne <b>àéî</b>"})
    ctx.eq(done.history[0].status if done.history else None, 303, "a step ends with 303 (POST-redirect-GET)")
    ctx.eq(done.path, "/en/cases/%d?done=sign_apprentice" % aid, "back to the case with a notice")
    ctx.eq(state_of(ctx, aid), "apprentice_signed", "DB: apprentice_signed")
    ctx.check(re.search(r'<div class="ontario-alert ontario-alert--success" role="status">', done.text) is not None
              and "Done: Sign as the apprentice" in done.plain, "success notice with role=status")
    ctx.check("Signée en ligne <b>àéî</b>" in done.plain and "<b>àéî" not in done.text,
              "the note is shown in the history, escaped")
    # The notice is only for the one who took the step.
    ctx.check("Done:" not in web(ctx, "sponsor").get("/en/cases/%d?done=sign_apprentice" % aid).plain,
              "no success notice for someone else")

    sp = web(ctx, "sponsor")
    p = sp.get("/en/cases/%d" % aid)
    ctx.check("sign_sponsor" in action_links(p, aid), "now the sponsor may sign")
    action = "/en/cases/%d/actions/sign_sponsor" % aid
    form = sp.get(action)
    events = ctx.q1("SELECT count(*) FROM events")
    bad = sp.submit(form, action, {"signatory": ""})
    ctx.eq(bad.status, 200, "a missing signatory re-renders the page (200)")
    ctx.eq(bad.errors, ["Enter the name of the person signing for the sponsor"], "specific error message")
    ctx.check(("#signatory", "Enter the name of the person signing for the sponsor") in bad.links,
              "the summary links to the field")
    ctx.check(bad.title.startswith("Error: Sign as the sponsor"), "title starts with Error:", bad.title)
    ctx.check(re.search(r'id="signatory" name="signatory" aria-describedby="signatory-hint signatory-error" '
                        r'aria-invalid="true"', bad.text) is not None, "the field is marked invalid")
    ctx.eq((state_of(ctx, aid), ctx.q1("SELECT count(*) FROM events")), ("apprentice_signed", events),
           "nothing written on a missing signatory")
    long_name = "Ö" * 201
    bad = sp.submit(bad, action, {"signatory": long_name})
    ctx.eq(bad.errors, ["“Name of the person signing for the sponsor” must be 200 characters or fewer"],
           "too long, counted in characters")
    ctx.eq(bad.form(action)["fields"].get("signatory"), long_name, "the value is kept")
    ok = sp.submit(bad, action, {"signatory": "Marie Ouellet"})
    ctx.eq((ok.path, state_of(ctx, aid)), ("/en/cases/%d?done=sign_sponsor" % aid, "sponsor_signed"),
           "the sponsor signs: sponsor_signed")
    ctx.check("Name of the person signing for the sponsor: Marie Ouellet" in ok.plain, "who signed, in the history")

    adv = web(ctx, ADVISOR_PROVINCE)
    p = adv.get("/en/cases/%d" % aid)
    links = action_links(p, aid)
    ctx.check("register" in links and "refuse" in links, "the advisor may register or refuse", links)
    reg = adv.get("/en/cases/%d/actions/register" % aid)
    ctx.eq(reg.h1, "Register the agreement", "register page")
    ctx.check("<textarea" not in reg.text and "<input class" not in reg.text, "register has no fields")
    done = adv.submit(reg, "/en/cases/%d/actions/register" % aid, {})
    ref = ctx.q1("SELECT ref_no FROM cases WHERE id = ?", (aid,))
    ctx.eq(state_of(ctx, aid), "registered", "DB: registered")
    ctx.check(ref and re.fullmatch(r"ON-AP-\d{4}-\d{6}", ref), "a registration number", ref)
    ctx.eq(done.h1, "Training agreement %s" % ref, "the h1 now names the registration number")
    ctx.check("Registration number: %s" % ref in done.plain, "the history shows the number")
    ctx.eq(transitions_of(ctx, aid), ["submit", "sign_apprentice", "sign_sponsor", "register"],
           "one events row per step")
    ctx.eq(ctx.q("SELECT actor_role FROM events WHERE case_id = ? AND type = 'case.transition' ORDER BY id",
                 (aid,)), [("client",), ("client",), ("sponsor",), ("advisor",)], "each step by its role")
    # The sponsor sees hours and the next step; still nothing for the client to sign.
    p = sp.get("/en/cases/%d" % aid)
    ctx.check("Hours of training" in p.plain and "Required by the trade" in p.plain, "hours summary once registered")
    ctx.eq(sorted(action_links(p, aid)), ["activate", "cancel"], "the sponsor may start training or cancel")
    p = c.get("/en/cases/%d" % aid)
    ctx.eq(action_links(p, aid), [], "nothing for the client to do on a registered agreement")
    ctx.check(re.search(r'pl-status pl-status--ok">Met<', p.text) is not None, "the service standard was met")
    ctx.shared["case_registered"] = aid


def test_action_refusals(ctx):
    aid = new_agreement(ctx, submit=True)
    if aid is None:
        return
    c = web(ctx, "client")
    ctx.eq(c.get("/en/cases/%d/actions/register" % aid).status, 404, "a step of another role is the 404 page")
    ctx.eq(c.get("/en/cases/%d/actions/submit" % aid).status, 404, "a step from another state is the 404 page")
    ctx.eq(c.get("/en/cases/%d/actions/no_such_step" % aid).status, 404, "an unknown step is the 404 page")
    form = c.get("/en/cases/%d/actions/sign_apprentice" % aid)
    token = form.form("/en/cases/%d/actions/sign_apprentice" % aid)["fields"]["csrf"]
    events = ctx.q1("SELECT count(*) FROM events")
    r = c.post("/en/cases/%d/actions/register" % aid, {"csrf": token})
    ctx.eq(r.status, 404, "posting a step that is not the client's is the 404 page")
    r = c.post("/en/cases/%d/actions/sign_apprentice" % aid, {"csrf": "forged", "note": "x"})
    ctx.eq(r.status, 403, "a bad CSRF token is refused (403)")
    # A stale version: someone changed the case after the page was read.
    r = c.post("/fr/cases/%d/actions/sign_apprentice" % aid, {"csrf": token, "version": "1", "note": "x"})
    ctx.eq(r.status, 200, "a stale version re-renders the page")
    ctx.eq(r.errors, ["Le dossier a changé depuis votre lecture."], "the refusal, in French")
    ctx.check(("#confirm", "Le dossier a changé depuis votre lecture.") in r.links, "linked to the button")
    ctx.check("<title>Erreur\u00a0: Signer à titre d’apprenti·e – " in r.text, "French error title", r.title)
    ctx.eq((state_of(ctx, aid), ctx.q1("SELECT count(*) FROM events")), ("submitted", events),
           "nothing written on refusals")
    version = r.form("/fr/cases/%d/actions/sign_apprentice" % aid)["fields"].get("version")
    ctx.eq(version, str(ctx.q1("SELECT version FROM cases WHERE id = ?", (aid,))), "the form now holds the current version")
    ctx.eq(r.form("/fr/cases/%d/actions/sign_apprentice" % aid)["fields"].get("csrf"), token, "csrf kept")
    # Another client's case: not found, even with a valid form.
    other = ctx.q1("SELECT id FROM cases WHERE state = 'submitted' AND person_id <> "
                   "(SELECT person_id FROM users WHERE email = ?) LIMIT 1", (CLIENT,))
    if other:
        ctx.eq(c.post("/en/cases/%d/actions/sign_apprentice" % other, {"csrf": token}).status, 404,
               "another person's case cannot be acted on")


def test_date_field_and_guard(ctx):
    aid = ctx.shared.get("case_registered")
    if not ctx.check(aid, "a registered case from the journey"):
        return
    sp = web(ctx, "sponsor")
    action = "/en/cases/%d/actions/activate" % aid
    p = sp.get(action)
    ctx.check('<fieldset class="ontario-fieldset ontario-date__group-fieldset"' in p.text and
              'id="started-on-year" name="started_on_year"' in p.text, "a date field: Year / Month / Day")
    ctx.check("First day of training" in p.plain and "For example, 2026 9 15" in p.plain, "label and hint")
    events = ctx.q1("SELECT count(*) FROM events")
    bad = sp.submit(p, action, {"started_on_year": "2026", "started_on_month": "2", "started_on_day": "30"})
    ctx.eq(bad.errors, ["“First day of training” must be a real date"], "an impossible date")
    ctx.check(("#started-on-day", bad.errors[0]) in bad.links, "linked to the wrong part")
    part = sp.submit(bad, action, {"started_on_year": "2026", "started_on_month": "", "started_on_day": "3"})
    ctx.eq(part.errors, ["“First day of training” must include a year, a month and a day"], "a partial date")
    ctx.check(("#started-on-month", part.errors[0]) in part.links, "linked to the missing part")
    ctx.check('value="3"' in part.text, "the parts are kept")
    ctx.eq((state_of(ctx, aid), ctx.q1("SELECT count(*) FROM events")), ("registered", events),
           "nothing written on a wrong date")
    today = datetime.date.today()
    ok = sp.submit(part, action, {"started_on_year": str(today.year), "started_on_month": str(today.month), "started_on_day": str(today.day)})
    ctx.eq(state_of(ctx, aid), "active", "the sponsor starts training")
    ctx.eq(ctx.q1("SELECT json_extract(payload, '$.fields.started_on') FROM events WHERE case_id = ? "
                  "ORDER BY id DESC LIMIT 1", (aid,)), today.isoformat(), "the date is sent as YYYY-MM-DD")
    ctx.check(("/en/cases/%d/hours" % aid, "Log hours of training") in ok.links,
              "an active agreement offers the sponsor to log hours")
    # A guard: completing needs the trade's hours approved.
    adv = web(ctx, ADVISOR_PROVINCE)
    page = adv.get("/en/cases/%d/actions/complete" % aid)
    r = adv.submit(page, "/en/cases/%d/actions/complete" % aid, {})
    ctx.eq(r.status, 200, "an unmet condition re-renders the page")
    ctx.check(len(r.errors) == 1 and r.errors[0].startswith("The approved hours (0) do not reach the "),
              "the condition is explained with numbers", r.errors)
    ctx.eq(state_of(ctx, aid), "active", "the case stays active")


def queue_rows(page):
    """(case id, badge text, due date) of each row of the queue table."""
    rows = re.findall(r'<tr><td[^>]*><span class="pl-status(?: pl-status--(\w+))?">([^<]+)</span><br>'
                      r'(\d{4}-\d\d-\d\d)</td><td[^>]*><a href="/\w\w/cases/(\d+)">', page.text)
    return [(int(r[3]), r[0], r[1], r[2]) for r in rows]


def test_queue(ctx):
    # Two submitted cases of the central region, one made overdue.
    a1 = new_agreement(ctx, submit=True)
    a2 = new_agreement(ctx, submit=True)
    if a1 is None or a2 is None:
        return
    conn = ctx.db_conn()
    conn.execute("UPDATE case_clocks SET due_us = 1000000 * (strftime('%s', 'now') - 7 * 86400) "
                 "WHERE case_id = ? AND stopped_us IS NULL", (a1,))
    conn.commit()
    conn.close()
    central = ctx.q1("SELECT region_id FROM users WHERE email = ?", (ADVISOR_CENTRAL,))
    w = web(ctx, ADVISOR_CENTRAL)
    p = w.get("/en/queue")
    ctx.eq((p.status, p.h1), (200, "Work queue"), "the work queue")
    rows = queue_rows(p)
    ids = [r[0] for r in rows]
    ctx.check(a1 in ids and a2 in ids, "the new cases are in the queue", ids)
    regions = {r[0] for r in ctx.q("SELECT DISTINCT region_id FROM cases WHERE id IN (%s)" %
                                   ",".join(str(i) for i in ids))} if ids else set()
    ctx.eq(regions, {central}, "a regional advisor sees only its region")
    dues = [r[3] for r in rows]
    ctx.eq(dues, sorted(dues), "ordered by due date")
    row1 = [r for r in rows if r[0] == a1]
    ctx.check(row1 and row1[0][1] == "breached" and row1[0][2] == "Overdue", "an overdue case says so in words",
              row1)
    ctx.check("Due soon: the due date is within 2 business days." in p.plain, "the rule is written on the page")
    ctx.check('<form method="get" action="/en/queue" class="pl-filters" data-live-filter="queue-results">' in p.text,
              "a GET filter form")
    ctx.check('<div id="queue-results">' in p.text and
              '<p id="live-status" class="ontario-show-for-sr" aria-live="polite"></p>' in p.text,
              "results region and live status")
    ctx.check(re.search(r'<caption data-count="%d">%d agreements? wait' % (len(rows), len(rows)), p.text)
              is not None, "the caption counts the rows")
    ctx.check('role="region"' in p.text and re.search(r'<th scope="col"[^>]*>Due</th>', p.text) is not None,
              "an accessible table")
    region_opts = re.findall(r'<option value="(\d*)"', p.text.split('id="region"', 1)[1].split("</select>", 1)[0])
    ctx.eq(region_opts, [str(central)], "a regional advisor can only pick its region")
    # Asking for another region shows its own.
    other = w.get("/en/queue?region=%d" % (central + 1))
    ctx.eq({r[0] for r in queue_rows(other)}, set(ids), "a regional advisor cannot widen its queue")
    # Province-wide: every region, and the filters narrow it.
    pv = web(ctx, ADVISOR_PROVINCE)
    allq = queue_rows(pv.get("/en/queue"))
    ctx.check(len({r[0] for r in allq}) >= len(ids), "province-wide scope sees at least as much")
    east = ctx.q1("SELECT id FROM regions WHERE code = 'EASTERN'")
    e = pv.get("/en/queue?program=apprenticeship&region=%d&state=" % east)
    eids = [r[0] for r in queue_rows(e)]
    ctx.check(all(ctx.q1("SELECT region_id FROM cases WHERE id = ?", (i,)) == east for i in eids),
              "the region filter", eids)
    s = pv.get("/en/queue?state=submitted")
    sids = [r[0] for r in queue_rows(s)]
    ctx.check(sids and all(state_of(ctx, i) == "submitted" for i in sids) and a1 in sids,
              "the state filter", sids)
    ctx.check('<option value="submitted" selected>' in s.text, "the chosen filter stays selected")
    none = pv.get("/en/queue?state=suspended")
    ctx.check('data-count="0"' in none.text and "No agreement waits for a step with these filters." in none.plain,
              "an empty result says so")
    fr = w.get("/fr/queue")
    ctx.eq(fr.h1, "File de travail", "French queue")
    ctx.check("En retard" in fr.plain and "Échéance proche\u00a0: l’échéance tombe dans 2 jours ouvrables"
              in fr.text, "French badge and rule")
    # Roles.
    ctx.eq(web(ctx, "sponsor").get("/en/queue").status, 403, "a sponsor cannot open the queue (403 page)")
    ctx.eq(web(ctx, "client").get("/en/queue").status, 403, "a client cannot open the queue (403 page)")
    for role in ("manager", "auditor", "administrator"):
        ctx.eq(web(ctx, role).get("/en/queue").status, 200, "%s opens the queue" % role)


def test_queue_pages(ctx):
    # Enough open cases for two pages of 25 (province-wide advisor).
    n = ctx.q1("SELECT count(*) FROM case_clocks WHERE stopped_us IS NULL")
    for _ in range(max(0, 27 - n)):
        new_agreement(ctx, submit=True)
    pv = web(ctx, ADVISOR_PROVINCE)
    p1 = pv.get("/en/queue")
    nxt = [h for h, t in p1.links if t == "Next page"]
    if not ctx.check(len(nxt) == 1, "a Next page link", p1.links[-5:]):
        return
    p2 = pv.get(nxt[0].replace("&amp;", "&"))
    r1, r2 = queue_rows(p1), queue_rows(p2)
    ctx.eq(len(r1), 25, "25 rows per page")
    ctx.check(r2 and not ({r[0] for r in r1} & {r[0] for r in r2}), "the second page follows the first")
    ctx.check(r1[-1][3] <= r2[0][3], "still by due date")
    ctx.check(any(t == "First page" for _, t in p2.links), "a link back to the first page")
    ctx.check(re.search(r'data-count="\d+">\d+ agreements? on this page', p2.text) is not None, "page caption")


def test_person_search(ctx):
    adv = web(ctx, ADVISOR_PROVINCE)
    p = adv.get("/en/persons")
    ctx.eq((p.status, p.h1), (200, "Find a person"), "the person search")
    ctx.check('<form method="get" action="/en/persons"' in p.text and "Results" not in p.plain,
              "a GET form and no results before searching")
    name = "Éloïse <script>alert(1)</script>"
    r = ctx.api("POST", "/api/v1/persons", {"given_name": name, "family_name": "Bérubé-Noël",
                                            "birth_date": "1999-03-27", "sin": None},
                as_=ADVISOR_PROVINCE)
    if not ctx.status(r, 201, "create a person with accents and markup in the name"):
        return
    ctx.pii.add("Bérubé-Noël")
    pid = r.json["id"]
    res = adv.get("/en/persons?q=BERUBE+noel&birth_date=&client_number=")
    ctx.check(("/en/persons/%d" % pid, name + " Bérubé-Noël") in res.links,
              "accents and case ignored: 'BERUBE noel' finds 'Bérubé-Noël'", res.links[-10:])
    ctx.check("<script>alert(1)</script>" not in res.text and "&lt;script&gt;" in res.text, "the name is escaped")
    ctx.check(re.search(r'<caption data-count="\d+">\d+ (people|person) found</caption>', res.text) is not None,
              "a caption with the count")
    el = adv.get("/en/persons?q=elodie")
    ctx.check(any("Élodie" in t for _, t in el.links), "'elodie' finds 'Élodie'")
    cn = ctx.q1("SELECT client_no FROM persons WHERE id = ?", (pid,))
    by_no = adv.get("/en/persons?q=&client_number=%s" % cn.lower())
    ctx.eq([h for h, _ in by_no.links if h.startswith("/en/persons/")], ["/en/persons/%d" % pid],
           "search by client number (any case)")
    by_birth = adv.get("/en/persons?q=eloise&birth_date=1999-03-27")
    ctx.check(("/en/persons/%d" % pid, name + " Bérubé-Noël") in by_birth.links, "name and birth date")
    bad = adv.get("/en/persons?q=x&birth_date=1999-02-30&client_number=C1234")
    ctx.eq(bad.status, 200, "invalid search criteria re-render the page")
    ctx.eq(bad.errors, ["Enter the date of birth as a real date in the form YYYY-MM-DD, for example 1998-04-23",
                        "Enter a valid client number: the letter C and 8 digits, for example C00000018"],
           "specific errors for birth date and client number")
    ctx.check(("#birth-date", bad.errors[0]) in bad.links and ("#client-number", bad.errors[1]) in bad.links,
              "the summary links to the fields")
    ctx.check('value="1999-02-30"' in bad.text and "Results" not in bad.plain, "values kept, no search")
    empty = adv.get("/en/persons?q=&birth_date=&client_number=")
    ctx.eq(empty.errors, ["Enter a name, a date of birth or a client number"], "an empty search asks for something")
    fr = adv.get("/fr/persons?q=%C3%89LO%C3%8FSE")
    ctx.eq(fr.h1, "Trouver une personne", "French search page")
    ctx.check(any(h == "/fr/persons/%d" % pid for h, _ in fr.links), "French search finds the person")
    ctx.check(re.search(r"\d+ personnes? trouvées?", fr.plain) is not None, "French count")
    ctx.eq(web(ctx, "sponsor").get("/en/persons").status, 403, "a sponsor cannot search persons (403)")
    ctx.eq(web(ctx, "client").get("/en/persons").status, 403, "a client cannot search persons (403)")
    ctx.shared["page_person"] = pid


def test_person_page(ctx):
    pid = ctx.shared.get("page_person")
    client_pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (CLIENT,))
    adv = web(ctx, ADVISOR_PROVINCE)
    uid = ctx.q1("SELECT id FROM users WHERE email = ?", (ADVISOR_PROVINCE,))
    before = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (client_pid,))
    p = adv.get("/en/persons/%d" % client_pid)
    ctx.eq((p.status, p.h1), (200, "Élodie Tremblay-Côté"), "the person page")
    after = ctx.q("SELECT actor_id, actor_role FROM events WHERE type = 'person.read' AND entity = 'person' "
                  "AND entity_id = ? ORDER BY id", (client_pid,))
    ctx.eq(len(after), before + 1, "opening the record writes a person.read event")
    ctx.eq(after[-1] if after else None, (uid, "advisor"), "the event names the reader")
    ctx.check("Your view of this record is recorded" in p.plain, "the page says the view is recorded")
    cn = ctx.q1("SELECT client_no FROM persons WHERE id = ?", (client_pid,))
    ctx.check(cn in p.plain, "client number shown")
    cases = [r[0] for r in ctx.q("SELECT id FROM cases WHERE person_id = ?", (client_pid,))]
    links = {h for h, _ in p.links}
    ctx.check(all("/en/cases/%d" % c in links for c in cases), "links to each of the person's cases", cases)
    ctx.check("<caption>Training agreements: Élodie Tremblay-Côté</caption>" in p.text, "cases table caption")
    # A person with a SIN: shown masked only.
    sin = make_sin("19283746")
    r = ctx.api("POST", "/api/v1/persons", {"given_name": "Sinéad", "family_name": "Masque",
                                            "birth_date": "1988-08-08", "sin": sin}, as_=ADVISOR_PROVINCE)
    if ctx.status(r, 201, "create a person with a SIN"):
        ctx.pii.add(sin)
        sp = adv.get("/en/persons/%d" % r.json["id"])
        ctx.check("*** *** %s" % sin[-3:] in sp.plain and sin not in sp.text and sin[:6] not in sp.text,
                  "the SIN is masked, never in clear")
    if pid:
        e = adv.get("/en/persons/%d" % pid)
        ctx.check("<script>alert(1)</script>" not in e.text and "Éloïse &lt;script&gt;" in e.text,
                  "escaped name on the person page")
        ctx.check("You see no training agreement of this person." in e.plain, "no agreements, said in words")
    fr = adv.get("/fr/persons/%d" % client_pid)
    ctx.check("Votre consultation de ce dossier est consignée" in fr.plain and "Protection de la vie privée" in fr.plain,
              "French privacy notice")
    ctx.eq(adv.get("/en/persons/99999999").status, 404, "an unknown person is the 404 page")
    ctx.eq(web(ctx, "sponsor").get("/en/persons/%d" % client_pid).status, 403, "a sponsor cannot open it (403)")
    reads = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (client_pid,))
    ctx.eq(reads, before + 2, "one person.read per view shown (English, French), none for a refusal")


TESTS = [test_case_page_by_role, test_case_scope, test_sign_sign_register, test_action_refusals,
         test_date_field_and_guard, test_queue,
         test_queue_pages, test_person_search, test_person_page]
