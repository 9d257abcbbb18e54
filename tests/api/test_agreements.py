"""Training agreements: the whole life, hours, events, pagination, ETag and CSV export."""
import base64
import csv
import datetime
import io
import re

CLIENT = "client@demo.passerelle.ca"
SPONSOR = "sponsor@demo.passerelle.ca"
ADVISOR = "advisor.central@demo.passerelle.ca"


def uid(ctx, email):
    return ctx.q1("SELECT id FROM users WHERE email = ?", (email,))


def transition(ctx, aid, who, name, fields=None, **kw):
    body = {"transition": name}
    if fields is not None:
        body["fields"] = fields
    body.update(kw)
    return ctx.api("POST", "/api/v1/agreements/%d/transitions" % aid, body, as_=who)


def small_trade(ctx):
    """The trade with the fewest required hours (670C: 2000 in the catalogue)."""
    trades = ctx.request("GET", "/api/v1/trades").json["items"]
    with_hours = [t for t in trades if t.get("required_hours")]
    return min(with_hours, key=lambda t: (t["required_hours"], t["code"]))


def test_agreement_life(ctx):
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (SPONSOR,))
    client_pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (CLIENT,))
    trade = small_trade(ctx)
    need = trade["required_hours"]
    today = datetime.date.today()
    start = today - datetime.timedelta(days=400)
    # The sponsor's region must be the central advisor's for the scope checks below.
    region = ctx.q1("SELECT region_id FROM organisations WHERE id = ?", (sponsor_org,))
    adv = ADVISOR if region == ctx.q1("SELECT region_id FROM users WHERE email = ?", (ADVISOR,)) \
        else "advisor.province@demo.passerelle.ca"
    ctx.shared["life_advisor"] = adv

    c = ctx.api("POST", "/api/v1/agreements", {"sponsor_id": sponsor_org, "trade_code": trade["code"],
                                               "start_date": start.isoformat(), "note": "première entente"},
                as_=CLIENT)
    if not ctx.status(c, 201, "client creates an agreement"):
        return
    a = c.json
    aid = a["id"]
    ctx.shared["life_id"] = aid
    ctx.eq(a.get("details"), {"note": "première entente", "channel": "online"},
           "a client's own agreement is recorded as an online request, with its note")
    for q in ("", "?lang=fr"):
        g = ctx.api("GET", "/api/v1/agreements/%d%s" % (aid, q), as_=CLIENT)
        if q:
            c = ctx.api("POST", "/api/v1/agreements" + q, {"sponsor_id": sponsor_org, "trade_code": trade["code"],
                                                           "start_date": start.isoformat()}, as_=CLIENT)
            g = ctx.api("GET", "/api/v1/agreements/%d%s" % (c.json["id"], q), as_=CLIENT)
            ctx.check(c.json.get("state_label") == "Ébauche", "French state label", c.json.get("state_label"))
        ctx.eq(g.json, c.json, "the creation reply is the agreement as GET shows it%s" % (" (fr)" if q else ""))
    ctx.check(a.get("state") == "draft" and a.get("apprentice", {}).get("id") == client_pid
              and a.get("sponsor", {}).get("id") == sponsor_org and a.get("registration_number") is None,
              "new agreement is a draft of the client with the sponsor", a)
    ctx.check([t["id"] for t in a.get("transitions", [])] == ["submit", "withdraw"],
              "client may submit or withdraw a draft", a.get("transitions"))

    steps = [(CLIENT, "submit", None, "submitted"),
             (CLIENT, "sign_apprentice", {"note": "signée en ligne"}, "apprentice_signed")]
    for who, name, fields, state in steps:
        r = transition(ctx, aid, who, name, fields)
        ctx.check(r.status == 200 and r.json.get("state") == state, "%s -> %s" % (name, state), r)
    # Sponsor signature needs a signatory.
    r = transition(ctx, aid, SPONSOR, "sign_sponsor")
    ctx.problem(r, "field-required", "sign_sponsor without signatory", field="fields.signatory")
    r = transition(ctx, aid, SPONSOR, "sign_sponsor", {"signatory": "Marie Ouellet", "bogus": 1})
    ctx.problem(r, "field-unknown", "sign_sponsor with an unknown field")
    r = transition(ctx, aid, CLIENT, "sign_sponsor", {"signatory": "Me"})
    ctx.problem(r, "transition-role", "client may not sign for the sponsor")
    r = transition(ctx, aid, SPONSOR, "sign_sponsor", {"signatory": "Marie Ouellet"})
    ctx.check(r.status == 200 and r.json.get("state") == "sponsor_signed", "sign_sponsor -> sponsor_signed", r)
    # Registration (advisor): stale version refused, then registered with a number.
    v = r.json["version"]
    r = transition(ctx, aid, adv, "register", version=v - 1)
    ctx.problem(r, "version-mismatch", "register with a stale version")
    r = transition(ctx, aid, adv, "register", version=v)
    ctx.check(r.status == 200 and r.json.get("state") == "registered", "register -> registered", r)
    regno = (r.json or {}).get("registration_number") or ""
    ctx.check(re.fullmatch(r"ON-AP-\d{4}-\d{6}", regno) is not None, "registration number assigned", regno)
    ctx.eq(ctx.q1("SELECT count(*) FROM cases WHERE ref_no = ?", (regno,)), 1, "registration number is unique")
    # Hours cannot be logged before the agreement is active.
    h = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                {"period_start": start.isoformat(), "period_end": start.isoformat(), "hours": 8}, as_=SPONSOR)
    ctx.problem(h, "hours-state", "hours before activation")
    r = transition(ctx, aid, SPONSOR, "activate", {"started_on": "2026-02-30"})
    ctx.problem(r, "field-date", "activate with an impossible date", field="fields.started_on")
    r = transition(ctx, aid, SPONSOR, "activate", {"started_on": start.isoformat()})
    ctx.check(r.status == 200 and r.json.get("state") == "active", "activate -> active (sponsor)", r)
    r = transition(ctx, aid, adv, "complete")
    ctx.problem(r, "hours-insufficient", "complete with no hours")
    ctx.check((r.json or {}).get("required_hours") == need and r.json.get("approved_hours") == 0,
              "hours-insufficient reports required and approved hours", r.json)

    # Hours: two periods; the first half approved, the rest logged then approved.
    mid = start + datetime.timedelta(days=199)
    first = need // 2
    h1 = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                 {"period_start": start.isoformat(), "period_end": mid.isoformat(), "hours": first,
                  "description": "Premier semestre"}, as_=SPONSOR)
    ctx.check(h1.status == 201 and h1.json.get("status") == "logged", "sponsor logs hours", h1)
    ov = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                 {"period_start": mid.isoformat(), "period_end": mid.isoformat(), "hours": 8}, as_=SPONSOR)
    ctx.problem(ov, "hours-overlap", "overlapping hours")
    fut = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                  {"period_start": today.isoformat(), "period_end": (today + datetime.timedelta(days=3)).isoformat(),
                   "hours": 8}, as_=SPONSOR)
    ctx.problem(fut, "hours-period", "hours in the future")
    too = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                  {"period_start": (mid + datetime.timedelta(days=1)).isoformat(),
                   "period_end": (mid + datetime.timedelta(days=1)).isoformat(), "hours": 25}, as_=SPONSOR)
    ctx.problem(too, "hours-period", "25 hours in one day")
    early = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                    {"period_start": (start - datetime.timedelta(days=10)).isoformat(),
                     "period_end": (start - datetime.timedelta(days=5)).isoformat(), "hours": 8}, as_=SPONSOR)
    ctx.problem(early, "hours-period", "hours before the agreement's start date", field="period_start")
    back = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                   {"period_start": mid.isoformat(), "period_end": start.isoformat(), "hours": 8}, as_=SPONSOR)
    ctx.problem(back, "hours-period", "period ending before it starts")
    d = ctx.api("POST", "/api/v1/hours/%d/decision" % h1.json["id"], {"decision": "approve"}, as_=SPONSOR)
    ctx.problem(d, "forbidden", "a sponsor may not approve hours")
    d = ctx.api("POST", "/api/v1/hours/%d/decision" % h1.json["id"], {"decision": "reject"}, as_=adv)
    ctx.problem(d, "field-required", "rejecting without a reason")
    d = ctx.api("POST", "/api/v1/hours/%d/decision" % h1.json["id"], {"decision": "approve"}, as_=adv)
    ctx.check(d.status == 200 and d.json.get("status") == "approved", "advisor approves hours", d)
    d2 = ctx.api("POST", "/api/v1/hours/%d/decision" % h1.json["id"], {"decision": "approve"}, as_=adv)
    ctx.problem(d2, "hours-decided", "deciding twice")
    r = transition(ctx, aid, adv, "complete")
    ctx.problem(r, "hours-insufficient", "complete with half the hours approved")
    h2 = ctx.api("POST", "/api/v1/agreements/%d/hours" % aid,
                 {"period_start": (mid + datetime.timedelta(days=1)).isoformat(),
                  "period_end": (today - datetime.timedelta(days=1)).isoformat(), "hours": need - first},
                 as_=SPONSOR)
    ctx.status(h2, 201, "sponsor logs the remaining hours")
    r = transition(ctx, aid, adv, "complete")
    ctx.problem(r, "hours-insufficient", "complete with the rest logged but not approved")
    ctx.check((r.json or {}).get("pending_hours") == need - first, "pending hours reported", r.json)
    lst = ctx.api("GET", "/api/v1/agreements/%d/hours" % aid, as_=CLIENT)
    ctx.check(lst.status == 200 and [x["status"] for x in lst.json["items"]] == ["approved", "logged"],
              "client lists the agreement's hours", lst)
    d = ctx.api("POST", "/api/v1/hours/%d/decision" % h2.json["id"], {"decision": "approve", "reason": "ok"},
                as_=adv)
    ctx.status(d, 200, "advisor approves the rest")
    g = ctx.api("GET", "/api/v1/agreements/%d" % aid, as_=SPONSOR)
    ctx.check(g.status == 200 and g.json.get("hours", {}).get("approved") == need,
              "agreement shows the approved hours", g.json.get("hours") if g.json else g)
    r = transition(ctx, aid, adv, "complete")
    ctx.check(r.status == 200 and r.json.get("state") == "completed" and r.json.get("closed_at"),
              "complete -> completed once the hours are approved", r)
    r = transition(ctx, aid, adv, "suspend", {"reason": "x"})
    ctx.problem(r, "transition-illegal", "no step after completion")
    ctx.eq((r.json or {}).get("possible_transitions"), [], "a completed agreement has no possible step")

    # The event list shows every step with its actor.
    ev = ctx.api("GET", "/api/v1/agreements/%d/events?limit=200" % aid, as_=CLIENT)
    ctx.status(ev, 200, "client reads the agreement's events")
    items = (ev.json or {}).get("items", [])
    got = [(i["type"], (i.get("payload") or {}).get("transition"), i["actor"]["role"], i["actor"]["user_id"],
            i.get("to_state")) for i in items]
    u = {e: uid(ctx, e) for e in (CLIENT, SPONSOR, adv)}
    want = [("case.created", None, "client", u[CLIENT], "draft"),
            ("case.transition", "submit", "client", u[CLIENT], "submitted"),
            ("case.transition", "sign_apprentice", "client", u[CLIENT], "apprentice_signed"),
            ("case.transition", "sign_sponsor", "sponsor", u[SPONSOR], "sponsor_signed"),
            ("case.transition", "register", "advisor", u[adv], "registered"),
            ("case.transition", "activate", "sponsor", u[SPONSOR], "active"),
            ("hours.logged", None, "sponsor", u[SPONSOR], None),
            ("hours.approved", None, "advisor", u[adv], None),
            ("hours.logged", None, "sponsor", u[SPONSOR], None),
            ("hours.approved", None, "advisor", u[adv], None),
            ("case.transition", "complete", "advisor", u[adv], "completed")]
    if ctx.q1("SELECT count(*) FROM certificates WHERE case_id = ?", (aid,)):
        want.append(("certificate.issued", None, "advisor", u[adv], None))
    ctx.eq(got, want, "events: every step, in order, with its actor (completion issues the certificate)")
    cert = ctx.q("SELECT kind, trade_code, status FROM certificates WHERE case_id = ?", (aid,))
    trade = ctx.q1("SELECT trade_code FROM cases WHERE id = ?", (aid,))
    held = ctx.q1("SELECT count(*) FROM certificates WHERE kind = 'apprenticeship' AND trade_code = ? AND "
                  "person_id = (SELECT person_id FROM cases WHERE id = ?)", (trade, aid))
    ctx.check(cert == [("apprenticeship", trade, "valid")] or (cert == [] and held == 1),
              "a Certificate of Apprenticeship in the agreement's trade", cert)
    ctx.check(all(i["actor"].get("name") for i in items), "each event names its actor")
    sig = [i for i in items if (i.get("payload") or {}).get("transition") == "sign_sponsor"]
    ctx.check(sig and sig[0]["payload"].get("fields", {}).get("signatory") == "Marie Ouellet",
              "sign_sponsor event keeps the signatory", sig)
    reg = [i for i in items if (i.get("payload") or {}).get("transition") == "register"]
    ctx.check(reg and reg[0]["payload"].get("registration_number") == regno, "register event has the number")
    # Both parties see it in their lists.
    for who in (CLIENT, SPONSOR):
        lst = ctx.api("GET", "/api/v1/agreements?state=completed&limit=200", as_=who)
        ctx.check(lst.status == 200 and aid in [x["id"] for x in lst.json["items"]],
                  "%s lists the completed agreement" % who, lst)
    # Service standard clock: started at submit, stopped at register.
    clk = ctx.q("SELECT standard, stopped_us IS NOT NULL, met FROM case_clocks WHERE case_id = ?", (aid,))
    ctx.eq(clk, [("registration_decision", 1, 1)], "registration clock stopped and met")


def test_withdraw_and_request_information(ctx):
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (SPONSOR,))
    adv = ctx.shared.get("life_advisor", ADVISOR)
    c = ctx.api("POST", "/api/v1/agreements", {"sponsor_id": sponsor_org, "trade_code": "310T",
                                               "start_date": datetime.date.today().isoformat()}, as_=CLIENT)
    if not ctx.status(c, 201, "client creates a second agreement"):
        return
    aid = c.json["id"]
    for who, name, fields in ((CLIENT, "submit", None), (CLIENT, "sign_apprentice", None),
                              (SPONSOR, "sign_sponsor", {"signatory": "M. O."}),
                              (adv, "request_information", {"reason": "Pièce manquante"})):
        r = transition(ctx, aid, who, name, fields)
        ctx.status(r, 200, name)
    g = ctx.api("GET", "/api/v1/agreements/%d" % aid, as_=adv)
    std = (g.json or {}).get("service_standards") or []
    ctx.check(std and std[0].get("paused") is True, "clock paused while information is requested", std)
    r = transition(ctx, aid, CLIENT, "provide_information", {"note": "Voici la pièce"})
    ctx.check(r.status == 200 and r.json.get("state") == "sponsor_signed", "provide_information", r)
    r = transition(ctx, aid, CLIENT, "withdraw", {"reason": "Changement de plan"})
    ctx.check(r.status == 200 and r.json.get("state") == "withdrawn", "client withdraws before registration", r)


def test_on_behalf_channel(ctx):
    """An advisor opening an agreement for someone says how the request came in."""
    adv = "advisor.province@demo.passerelle.ca"
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (SPONSOR,))
    pid = ctx.q1("SELECT MAX(id) FROM persons")
    body = {"person_id": pid, "sponsor_id": sponsor_org, "trade_code": "309A",
            "start_date": datetime.date.today().isoformat(), "channel": "phone"}
    c = ctx.api("POST", "/api/v1/agreements", body, as_=adv)
    if ctx.status(c, 201, "advisor creates an agreement on someone's behalf"):
        ctx.eq(c.json["details"].get("channel"), "phone", "the channel is kept")
        ctx.eq(c.json["apprentice"]["id"], pid, "for the person named")
        ev = ctx.api("GET", "/api/v1/agreements/%d/events" % c.json["id"], as_=adv).json["items"][0]
        ctx.eq(ev["actor"]["role"], "advisor", "the event names the advisor as the actor")
    bad = dict(body, channel="pigeon")
    r = ctx.api("POST", "/api/v1/agreements", bad, as_=adv)
    ctx.problem(r, "field-enum", "an unknown channel is refused", field="channel")


def walk(ctx, who, base, limit):
    """Follows next_cursor; returns (ids, pages)."""
    ids, cursor, pages = [], None, 0
    while pages < 500:
        sep = "&" if "?" in base else "?"
        r = ctx.api("GET", "%s%slimit=%d%s" % (base, sep, limit, "&cursor=" + cursor if cursor else ""), as_=who)
        if not ctx.status(r, 200, "page %d of %s" % (pages, base)):
            break
        ctx.check(len(r.json["items"]) <= limit, "page size <= limit")
        ids += [i["id"] for i in r.json["items"]]
        cursor = r.json.get("next_cursor")
        pages += 1
        if not cursor:
            break
    return ids, pages


def test_pagination(ctx):
    ids, pages = walk(ctx, "auditor", "/api/v1/agreements", 7)
    want = [x[0] for x in ctx.q("SELECT id FROM cases WHERE program = 'apprenticeship' ORDER BY id")]
    ctx.check(pages > 3, "several pages walked", pages)
    ctx.eq(len(ids), len(set(ids)), "no duplicates across pages")
    ctx.eq(sorted(ids), want, "pages cover every agreement exactly once (auditor)")
    region = ctx.q1("SELECT region_id FROM users WHERE email = ?", (ADVISOR,))
    ids, _ = walk(ctx, ADVISOR, "/api/v1/agreements", 13)
    want = [x[0] for x in ctx.q("SELECT id FROM cases WHERE program = 'apprenticeship' AND region_id = ? "
                                "ORDER BY id", (region,))]
    ctx.eq(sorted(ids), want, "advisor pages cover exactly the region's agreements")
    ids, _ = walk(ctx, "auditor", "/api/v1/agreements?state=active", 5)
    want = [x[0] for x in ctx.q("SELECT id FROM cases WHERE state = 'active' ORDER BY id")]
    ctx.eq(sorted(ids), want, "state filter with pagination")
    ids, _ = walk(ctx, "auditor", "/api/v1/audit/events?entity=case", 97)
    want = [x[0] for x in ctx.q("SELECT id FROM events WHERE entity = 'case' ORDER BY id")]
    ctx.eq(sorted(ids), want, "audit events pages cover every case event")
    # Bad cursors and limits.
    forged = base64.urlsafe_b64encode(b"v1.abc.0").decode().rstrip("=")
    for cur in ("zzz", "!!!", forged, "A" * 81):
        ctx.problem(ctx.api("GET", "/api/v1/agreements?cursor=" + cur, as_="auditor"), "cursor-invalid",
                    "cursor %r" % cur[:12], field="cursor")
    ctx.problem(ctx.api("GET", "/api/v1/agreements?cursor=zzz&lang=fr", as_="auditor"), "cursor-invalid",
                "bad cursor in French", lang="fr")
    for lim in ("0", "201", "-1", "abc", "1e3"):
        ctx.problem(ctx.api("GET", "/api/v1/agreements?limit=" + lim, as_="auditor"), "query-param",
                    "limit=%s" % lim, field="limit")
    ctx.problem(ctx.api("GET", "/api/v1/agreements?state=flying", as_="auditor"), "query-param", "unknown state")
    ctx.problem(ctx.api("GET", "/api/v1/agreements?trade_code=XXXX", as_="auditor"), "query-param",
                "unknown trade")


def test_etag(ctx):
    aid = ctx.shared.get("life_id") or ctx.q1("SELECT min(id) FROM cases")
    r1 = ctx.api("GET", "/api/v1/agreements/%d" % aid, as_="auditor")
    etag = r1.headers.get("etag")
    ctx.check(r1.status == 200 and etag and etag.startswith('"'), "GET returns a strong ETag", r1.headers)
    r2 = ctx.api("GET", "/api/v1/agreements/%d" % aid, as_="auditor", headers={"If-None-Match": etag})
    ctx.status(r2, 304, "GET with If-None-Match -> 304")
    ctx.eq(r2.raw, b"", "304 has no body")
    r3 = ctx.api("GET", "/api/v1/agreements/%d" % aid, as_="auditor", headers={"If-None-Match": '"nope"'})
    ctx.status(r3, 200, "GET with a different ETag -> 200")
    r4 = ctx.api("GET", "/api/v1/agreements?limit=3", as_="auditor")
    r5 = ctx.api("GET", "/api/v1/agreements?limit=3", as_="auditor",
                 headers={"If-None-Match": "W/" + r4.headers.get("etag", "")})
    ctx.status(r5, 304, "weak comparison of If-None-Match on a list")
    ctx.check("etag" not in ctx.request("GET", "/healthz").headers, "/healthz has no ETag (ROUTE_NO_ETAG)")
    # A change gives a new ETag.
    pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (CLIENT,))
    p1 = ctx.api("GET", "/api/v1/persons/%d" % pid, as_=CLIENT)
    ctx.api("PATCH", "/api/v1/persons/%d" % pid, {"municipality": "Embrun"}, as_=CLIENT)
    p2 = ctx.api("GET", "/api/v1/persons/%d" % pid, as_=CLIENT, headers={"If-None-Match": p1.headers.get("etag", "")})
    ctx.status(p2, 200, "ETag of a changed record no longer matches")


def test_csv_export(ctx):
    r = ctx.api("GET", "/api/v1/agreements?format=csv", as_="auditor")
    ctx.status(r, 200, "GET /agreements?format=csv")
    ctx.check(r.headers.get("content-type", "").startswith("text/csv"), "CSV content type", r.headers)
    rows = list(csv.reader(io.StringIO(r.text)))
    ctx.check(rows and rows[0][:3] == ["id", "state", "apprentice.client_number"], "CSV header row", rows[:1])
    n = ctx.q1("SELECT count(*) FROM cases WHERE program = 'apprenticeship'")
    ctx.eq(len(rows) - 1, n, "one CSV line per agreement")
    ctx.check(all(len(x) == len(rows[0]) for x in rows), "every CSV line has every column")
    p = ctx.api("GET", "/api/v1/persons?format=csv&q=elodie", as_="advisor")
    head = next(csv.reader(io.StringIO(p.text)), [])
    ctx.check(p.status == 200 and head[:3] == ["id", "client_number", "given_name"] and "sin" not in head
              and "self_identification" not in head, "persons CSV without SIN column", p.text[:200])
    ctx.problem(ctx.api("GET", "/api/v1/agreements?format=xml", as_="auditor"), "query-param", "format=xml")


TESTS = [test_agreement_life, test_withdraw_and_request_information, test_on_behalf_channel,
         test_pagination, test_etag, test_csv_export]
