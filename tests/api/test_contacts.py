"""Contacts: recording one contact (API and the staff page), bulk call records from a telephony
system (idempotent by external_id, all or nothing unless ?partial=1, a report by index), the
contact-centre measures (checked against the database with the rules recomputed here), the
logging page's defaults (a phone call resolved at first contact with nothing but the channel),
the dashboard's markup (captions, th scope, labels, status in words, chart with title/desc and
the same data in a table), role refusals and French pages."""
import datetime
import hashlib
import re
import urllib.parse
from zoneinfo import ZoneInfo

from webclient import Web

TZ = ZoneInfo("America/Toronto")
UTC = datetime.timezone.utc
ADVISOR = "advisor.central@demo.passerelle.ca"


def now_utc():
    return datetime.datetime.now(UTC).replace(microsecond=0)


def iso(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def today():
    return datetime.datetime.now(TZ).date()


def ncontacts(ctx):
    return ctx.q1("SELECT count(*) FROM contacts")


def call(ext, **kw):
    t = now_utc() - datetime.timedelta(hours=2)
    rec = {"external_id": ext, "channel": "phone", "lang": "en", "topic": "apprenticeship",
           "arrived_at": iso(t), "queued_at": iso(t + datetime.timedelta(seconds=20)),
           "answered_at": iso(t + datetime.timedelta(seconds=200)),
           "ended_at": iso(t + datetime.timedelta(seconds=600)), "resolved_first": True}
    rec.update(kw)
    return rec


# ---- Ontario business days, recomputed independently of src/domain/bizdays.c ----

def _easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return datetime.date(y, month, day)


def _nth_monday(y, month, n):
    d = datetime.date(y, month, 1)
    d += datetime.timedelta(days=(7 - d.weekday()) % 7)
    return d + datetime.timedelta(weeks=n - 1)


def holidays(y):
    out = set()
    fixed = [datetime.date(y, 1, 1), datetime.date(y, 7, 1), datetime.date(y, 12, 25), datetime.date(y, 12, 26)]
    moving = {_nth_monday(y, 2, 3), _easter(y) - datetime.timedelta(days=2), _nth_monday(y, 9, 1),
              _nth_monday(y, 10, 2)}
    vic = datetime.date(y, 5, 24)
    while vic.weekday() != 0:
        vic -= datetime.timedelta(days=1)
    moving.add(vic)
    out |= moving
    for d in fixed:
        o = d
        while o.weekday() >= 5 or o in out:
            o += datetime.timedelta(days=1)
        out.add(o)
    return out


def is_business(d):
    return d.weekday() < 5 and d not in holidays(d.year)


def add_business(d, n):
    while not is_business(d) and n == 0:
        d += datetime.timedelta(days=1)
    while n > 0:
        d += datetime.timedelta(days=1)
        if is_business(d):
            n -= 1
    return d


def local_day(us):
    return datetime.datetime.fromtimestamp(us / 1e6, TZ).date()


def expected_measures(ctx, frm, to, point=None, channel=None):
    start = int(datetime.datetime.combine(frm, datetime.time(), TZ).timestamp() * 1e6)
    end = int(datetime.datetime.combine(to + datetime.timedelta(days=1), datetime.time(), TZ).timestamp() * 1e6)
    sql = ("SELECT channel, arrived_us, queued_us, answered_us, resolved_first FROM contacts "
           "WHERE arrived_us >= ? AND arrived_us < ?")
    args = [start, end]
    if point:
        sql += " AND point_id = ?"
        args.append(point)
    if channel:
        sql += " AND channel = ?"
        args.append(channel)
    rows = ctx.q(sql, args)
    now_day = today()
    offered = answered = abandoned = within = wait = 0
    email_due = email_ok = served = resolved = 0
    by = {}
    for ch, arr, q, ans, res in rows:
        by[ch] = by.get(ch, 0) + 1
        if ch in ("phone", "chat"):
            offered += 1
            if ans is None:
                abandoned += 1
            else:
                answered += 1
                w = max(0, ans - (q if q is not None else arr))
                wait += (w + 500000) // 1000000
                within += w <= 600 * 1000000
        if ch == "email":
            due = add_business(local_day(arr), 2)
            if ans is not None:
                email_due += 1
                email_ok += local_day(ans) <= due
            elif now_day > due:
                email_due += 1
        if ans is not None:
            served += 1
            resolved += res
    return {"speed_of_answer": (wait, answered), "answered_within_target": (within, offered),
            "abandonment": (abandoned, offered), "email_response": (email_ok, email_due),
            "first_contact_resolution": (resolved, served)}, by, len(rows)


# ---- API: one contact ----

def test_create(ctx):
    t = now_utc() - datetime.timedelta(minutes=30)
    point = ctx.q1("SELECT min(id) FROM points")
    body = {"channel": "phone", "lang": "fr", "topic": "apprenticeship", "arrived_at": iso(t),
            "queued_at": iso(t + datetime.timedelta(seconds=30)),
            "answered_at": iso(t + datetime.timedelta(minutes=4)), "ended_at": iso(t + datetime.timedelta(minutes=9)),
            "resolved_first": True}
    if point:
        body["point_id"] = point
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'contact.recorded'")
    r = ctx.api("POST", "/api/v1/contacts", body, as_="advisor", headers={"Idempotency-Key": "contact-create-1"})
    if not ctx.status(r, 201, "advisor records a phone contact"):
        return
    cid = r.json["id"]
    row = ctx.q("SELECT channel, lang, topic, point_id, resolved_first, outcome, recorded_by, answered_us - queued_us "
                "FROM contacts WHERE id = ?", (cid,))[0]
    adv = ctx.q1("SELECT id FROM users WHERE email = ?", (ADVISOR,))
    ctx.eq(row, ("phone", "fr", "apprenticeship", point, 1, "none", adv, 210 * 1000000), "the row as sent")
    ctx.eq(r.json["arrived_at"], iso(t), "arrived_at echoed in RFC 3339 UTC")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'contact.recorded'"), ev + 1, "audited")
    r2 = ctx.api("POST", "/api/v1/contacts", body, as_="advisor", headers={"Idempotency-Key": "contact-create-1"})
    ctx.check(r2.status == 201 and r2.json["id"] == cid, "the same Idempotency-Key replays the reply", r2)
    ctx.eq(ctx.q1("SELECT count(*) FROM contacts WHERE id > ?", (cid,)), 0, "... and writes nothing")
    # An offset time is read as the same instant.
    local = t.astimezone(datetime.timezone(datetime.timedelta(hours=-5))).strftime("%Y-%m-%dT%H:%M:%S-05:00")
    r = ctx.api("POST", "/api/v1/contacts", {"channel": "in_person", "lang": "oj", "topic": "exams",
                                             "arrived_at": local, "answered_at": iso(t)}, as_="manager")
    if ctx.status(r, 201, "manager records a visit with a -05:00 time"):
        ctx.eq(r.json["arrived_at"], iso(t), "offset converted to UTC")


def test_create_refusals(ctx):
    t = now_utc() - datetime.timedelta(minutes=30)
    base = {"channel": "phone", "lang": "en", "topic": "apprenticeship", "arrived_at": iso(t)}
    before = ncontacts(ctx)
    cases = [
        (dict(base, answered_at=iso(t - datetime.timedelta(seconds=1))), "contact-times", "answered_at"),
        (dict(base, ended_at=iso(now_utc() + datetime.timedelta(minutes=5))), "contact-times", "ended_at"),
        (dict(base, channel="email", queued_at=iso(t)), "contact-rule", "queued_at"),
        (dict(base, resolved_first=True), "contact-rule", "resolved_first"),
        (dict(base, answered_at=iso(t), outcome="case"), "contact-rule", "case_id"),
        (dict(base, answered_at=iso(t), outcome="referral", case_id=1), "contact-rule", "case_id"),
        (dict(base, point_id=999999999), "reference-invalid", "point_id"),
        (dict(base, person_id=999999999), "reference-invalid", "person_id"),
        (dict(base, topic="astrology"), "field-enum", "topic"),
        (dict(base, lang="EN"), "field-format", "lang"),
        (dict(base, arrived_at="2026-13-01T00:00:00Z"), "field-format", "arrived_at"),
        (dict(base, channel="fax"), "field-enum", "channel"),
    ]
    for body, slug, field in cases:
        r = ctx.api("POST", "/api/v1/contacts", body, as_="advisor")
        ctx.problem(r, slug, "refused: %s" % slug, field=field)
    r = ctx.api("POST", "/api/v1/contacts", dict(base, answered_at=iso(t)), as_="advisor", headers={"Accept-Language": "fr"})
    ctx.status(r, 201, "a plain answered call is fine")
    for role in ("client", "sponsor", "partner", "auditor"):
        r = ctx.api("POST", "/api/v1/contacts", base, as_=role)
        ctx.problem(r, "forbidden", "%s may not record a contact" % role)
    r = ctx.request("POST", "/api/v1/contacts", base)
    ctx.problem(r, "auth-required", "anonymous -> 401")
    ctx.eq(ncontacts(ctx), before + 1, "refusals write nothing")


# ---- API: bulk ----

def test_bulk_idempotent(ctx):
    recs = [call("T-100"), call("T-101", answered_at=None, ended_at=None, resolved_first=False),
            call("T-102", channel="chat")]
    before = ncontacts(ctx)
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'contacts.bulk_recorded'")
    r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": recs}, as_="partner")
    if not ctx.status(r, 200, "a partner posts 3 call records"):
        return
    ctx.eq((r.json["recorded"], r.json["already_recorded"], r.json["rejected"]), (3, 0, 0), "3 recorded")
    ctx.eq([x["status"] for x in r.json["results"]], ["recorded"] * 3, "each recorded")
    ctx.eq(ncontacts(ctx), before + 3, "3 rows")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'contacts.bulk_recorded'"), ev + 1, "one audit event")
    ctx.eq(ctx.q("SELECT answered_us IS NULL, resolved_first FROM contacts WHERE external_id = 'T-101'"), [(1, 0)],
           "the abandoned call is stored without an answer")
    ids = [x["id"] for x in r.json["results"]]
    r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": recs}, as_="administrator")
    ctx.status(r, 200, "the same batch again")
    ctx.eq((r.json["recorded"], r.json["already_recorded"]), (0, 3), "reported as already recorded")
    ctx.eq([x["id"] for x in r.json["results"]], ids, "with the ids of the first post")
    ctx.eq(ncontacts(ctx), before + 3, "nothing written the second time")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'contacts.bulk_recorded'"), ev + 1, "no new audit event")
    # Repeated inside one batch.
    r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": [call("T-103"), call("T-103")]}, as_="partner")
    ctx.eq([x["status"] for x in r.json["results"]], ["recorded", "already_recorded"], "a call repeated in a batch")
    ctx.eq(ncontacts(ctx), before + 4, "recorded once")


def test_bulk_invalid(ctx):
    before = ncontacts(ctx)
    recs = [call("T-200"), call("T-201", channel="email"), call("T-202", arrived_at="2026-13-01T00:00:00Z"), 7,
            {k: v for k, v in call("T-204").items() if k != "external_id"}, call("T-205", point_id=999999999)]
    r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": recs}, as_="partner")
    ctx.problem(r, "contacts-invalid", "one bad record refuses the batch")
    rep = (r.json or {}).get("report", {})
    res = rep.get("results", [])
    ctx.eq([(x["index"], x["status"], x.get("error"), x.get("field")) for x in res],
           [(0, "valid", None, None), (1, "rejected", "contact-rule", "queued_at"),
            (2, "rejected", "field-format", "arrived_at"), (3, "rejected", "field-type", None),
            (4, "rejected", "field-required", "external_id"), (5, "rejected", "reference-invalid", "point_id")],
           "the report names each bad record by index")
    ctx.eq((rep.get("recorded"), rep.get("rejected")), (0, 5), "counts")
    ctx.eq(ncontacts(ctx), before, "nothing written")
    r = ctx.api("POST", "/api/v1/contacts/bulk?partial=1", {"records": recs}, as_="partner")
    ctx.status(r, 200, "?partial=1 keeps the valid records")
    ctx.eq((r.json["recorded"], r.json["rejected"]), (1, 5), "1 recorded, 5 rejected")
    ctx.eq(ctx.q1("SELECT count(*) FROM contacts WHERE external_id = 'T-200'"), 1, "the valid one is stored")
    ctx.eq(ncontacts(ctx), before + 1, "only it")
    for body, slug, what in [({"records": []}, "field-too-short", "an empty batch"),
                             ({"records": {"a": 1}}, "field-type", "records not an array"),
                             ({"records": [call("T-3%04d" % i) for i in range(1001)]}, "field-too-long",
                              "1,001 records")]:
        r = ctx.api("POST", "/api/v1/contacts/bulk", body, as_="administrator")
        ctx.problem(r, slug, what, field="records")
    r = ctx.api("POST", "/api/v1/contacts/bulk?partial=yes", {"records": [call("T-300")]}, as_="administrator")
    ctx.problem(r, "query-param", "?partial must be 0 or 1", field="partial")
    for role in ("advisor", "manager", "client"):
        r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": [call("T-301")]}, as_=role)
        ctx.problem(r, "forbidden", "%s may not post call records" % role)
    ctx.eq(ncontacts(ctx), before + 1, "refusals write nothing")
    # A full batch of 1,000 in one request.
    big = [call("T-BIG-%04d" % i, channel="phone" if i % 3 else "chat") for i in range(1000)]
    r = ctx.api("POST", "/api/v1/contacts/bulk", {"records": big}, as_="administrator")
    ctx.check(r.status == 200 and r.json["recorded"] == 1000, "1,000 records in one request", r)


# ---- API: measures ----

def _check_measures(ctx, frm, to, point=None, channel=None, who="manager"):
    q = {"from": frm.isoformat(), "to": to.isoformat()}
    if point:
        q["point"] = point
    if channel:
        q["channel"] = channel
    r = ctx.api("GET", "/api/v1/contacts/measures?" + urllib.parse.urlencode(q), as_=who)
    what = "measures %s..%s point=%s channel=%s" % (frm, to, point, channel)
    if not ctx.status(r, 200, what):
        return None
    want, by, total = expected_measures(ctx, frm, to, point, channel)
    got = {m["id"]: (m["numerator"], m["denominator"]) for m in r.json["measures"]}
    ctx.eq(got, want, "%s: numerators and denominators as the database gives" % what)
    for m in r.json["measures"]:
        num, den = want[m["id"]]
        if den == 0:
            ctx.check(m["actual"] is None and m["met"] is None, "%s: %s has no data" % (what, m["id"]), m)
            continue
        if m["id"] == "speed_of_answer":
            ctx.eq(m["actual"], round(num / den), "%s: average speed of answer" % what)
            ctx.eq(m["met"], num <= 300 * den, "%s: ASA met" % what)
        else:
            ctx.check(abs(m["actual"] - round(1000 * num / den) / 10) < 1e-9, "%s: %s actual" % (what, m["id"]), m)
            target = m["target"]
            met = num * 100 <= target * den if m["comparison"] == "at_most" else num * 100 >= target * den
            ctx.eq(m["met"], met, "%s: %s met" % (what, m["id"]))
    ctx.eq({b["channel"]: b["count"] for b in r.json["by_channel"] if b["count"]}, by, "%s: counts by channel" % what)
    ctx.eq(r.json["total"], total, "%s: total" % what)
    return r.json


def test_measures(ctx):
    t = today()
    m = _check_measures(ctx, t - datetime.timedelta(days=60), t - datetime.timedelta(days=1))
    if m:
        ctx.check(all(x["denominator"] > 0 for x in m["measures"]), "the demo has data for every measure", m)
        targets = {x["id"]: (x["target"], x["unit"], x["comparison"]) for x in m["measures"]}
        ctx.eq(targets, {"speed_of_answer": (300, "seconds", "at_most"),
                         "answered_within_target": (80, "percent", "at_least"),
                         "abandonment": (10, "percent", "at_most"), "email_response": (90, "percent", "at_least"),
                         "first_contact_resolution": (70, "percent", "at_least")}, "the standards")
        fcr = [x for x in m["measures"] if x["id"] == "first_contact_resolution"][0]
        ctx.check(65 <= fcr["actual"] <= 85, "the demo resolves about 3 in 4 at first contact", fcr)
    _check_measures(ctx, t - datetime.timedelta(days=89), t, who="auditor")
    _check_measures(ctx, t - datetime.timedelta(days=30), t, channel="email", who="advisor")
    point = ctx.q1("SELECT point_id FROM contacts WHERE point_id IS NOT NULL GROUP BY point_id "
                   "ORDER BY count(*) DESC LIMIT 1")
    if point:
        _check_measures(ctx, t - datetime.timedelta(days=90), t, point=point, who="administrator")
    # An empty period: no data, never 0 %.
    r = ctx.api("GET", "/api/v1/contacts/measures?from=2001-01-01&to=2001-01-31", as_="manager")
    if ctx.status(r, 200, "a period without contacts"):
        ctx.check(all(x["actual"] is None and x["met"] is None and x["denominator"] == 0
                      for x in r.json["measures"]), "every measure has no data", r.json)
        ctx.eq(r.json["total"], 0, "no contacts")
    r = ctx.api("GET", "/api/v1/contacts/measures", as_="manager")
    if ctx.status(r, 200, "default period"):
        ctx.eq((r.json["from"], r.json["to"]), ((t - datetime.timedelta(days=29)).isoformat(), t.isoformat()),
               "the 30 days ending today")
    for q, field in [("from=2026-02-30", "from"), ("from=2026-03-10&to=2026-03-01", "from"),
                     ("from=2020-01-01&to=2026-01-01", "from"), ("channel=fax", "channel"), ("point=0", "point")]:
        r = ctx.api("GET", "/api/v1/contacts/measures?" + q, as_="manager")
        ctx.problem(r, "query-param", "measures?%s refused" % q, field=field)
    r = ctx.api("GET", "/api/v1/contacts/measures?lang=fr", as_="manager")
    ctx.check(r.status == 200 and r.json["measures"][0]["standard"].startswith("Délai"), "standards in French", r)
    for role in ("client", "sponsor", "partner", "assessor"):
        r = ctx.api("GET", "/api/v1/contacts/measures", as_=role)
        ctx.problem(r, "forbidden", "%s may not read the measures" % role)


# ---- pages ----

def selected(page, select_id):
    """The value a browser sends for a select: the selected option, else the first."""
    m = re.search(r'<select[^>]*id="%s"[^>]*>(.*?)</select>' % re.escape(select_id), page.text, re.S)
    if not m:
        return None
    opts = re.findall(r'<option value="([^"]*)"( selected)?>', m.group(1))
    for v, sel in opts:
        if sel:
            return v
    return opts[0][0] if opts else None


def test_log_page_defaults(ctx):
    w = Web(ctx)
    w.sign_in(ADVISOR)
    page = w.get("/en/contacts/new")
    if not ctx.status(page, 200, "the advisor opens the logging page"):
        return
    ctx.eq(page.h1, "Log a contact", "h1")
    radios = page.elements("input", type="radio", name="channel")
    ctx.eq(radios[0].get("value"), "phone", "phone is the first channel")
    ctx.check("checked" in radios[0], "phone is chosen", radios[0])
    box = page.elements("input", type="checkbox", name="resolved_first")
    ctx.check(box and "checked" in box[0], "resolved at first contact is checked", box)
    ctx.eq([a.get("value") for a in page.elements("input", type="radio", name="outcome") if "checked" in a], ["none"],
           "outcome nothing further by default")
    labels = {a.get("for") for a in page.elements("label")}
    ids = {a.get("id") for t in ("input", "select") for a in page.elements(t) if a.get("type") != "hidden"}
    ctx.eq(sorted(i for i in ids if i not in labels), [], "every control has a label")
    # Tab order: the first button comes right after the usual fields.
    names = []
    for tag, attrs in re.findall(r'<(input|select|button)\b([^>]*)>', page.text.split('<main', 1)[1]):
        m = re.search(r'name="([^"]*)"', attrs)
        if not m or m.group(1) != "csrf":
            names.append(m.group(1) if m else tag)
    first_button = names.index("button")
    ctx.eq(names[:first_button], ["channel"] * 7 + ["point", "lang", "lang", "lang", "lang", "topic",
                                                   "resolved_first"], "the usual fields, then the button")
    before = ncontacts(ctx)
    t0 = now_utc()
    fields = {"channel": "phone", "point": selected(page, "point"), "topic": selected(page, "topic")}
    done = w.submit(page, "/en/contacts/new", fields, follow=False)
    ctx.status(done, 303, "saved: 303")
    ctx.eq(done.headers.get("location"), "/en/contacts/new?recorded=1", "back to the form")
    ctx.eq(ncontacts(ctx), before + 1, "one contact written")
    row = ctx.q("SELECT channel, lang, topic, resolved_first, outcome, case_id, person_id, point_id, recorded_by, "
                "answered_us IS NOT NULL, ended_us, queued_us FROM contacts ORDER BY id DESC LIMIT 1")[0]
    adv = ctx.q1("SELECT id FROM users WHERE email = ?", (ADVISOR,))
    ctx.eq(row[:7], ("phone", "en", "apprenticeship", 1, "none", None, None), "a phone call in English, resolved")
    ctx.eq(row[8:10], (adv, 1), "recorded by the advisor, answered")
    ctx.check(abs(row[10] / 1e6 - t0.timestamp()) < 60 and row[11] is None, "ending now, no queue", row)
    page = w.get("/en/contacts/new?recorded=1")
    st = page.elements("div", role="status")
    ctx.check(st and "Contact recorded" in page.plain, "the notice says Contact recorded (role=status)", page.plain[:300])
    # The point is remembered from the last contact.
    point = ctx.q1("SELECT min(id) FROM points WHERE active = 1")
    if point:
        page = w.submit(page, "/en/contacts/new", {"channel": "in_person", "point": str(point),
                                                   "topic": "exams", "lang": "fr"})
        ctx.eq(selected(page, "point"), str(point), "the next form starts at the last point of service")
        ctx.eq(ctx.q("SELECT channel, point_id, lang, topic FROM contacts ORDER BY id DESC LIMIT 1"),
               [("in_person", point, "fr", "exams")], "the visit recorded at that point")
    # Unchecking "resolved" and a referral with a length and a client number.
    cno = ctx.q1("SELECT client_no FROM persons WHERE client_no IS NOT NULL ORDER BY id LIMIT 1")
    pid = ctx.q1("SELECT id FROM persons WHERE client_no = ?", (cno,))
    page = w.get("/en/contacts/new")
    f = page.form("/en/contacts/new")["fields"]
    f.pop("resolved_first", None)
    f.update({"point": selected(page, "point"), "topic": "information", "outcome": "referral", "duration": "12",
              "client_no": cno})
    w.post("/en/contacts/new", f, csrf=False)
    row = ctx.q("SELECT resolved_first, outcome, person_id, ended_us - arrived_us FROM contacts ORDER BY id DESC LIMIT 1")
    ctx.eq(row, [(0, "referral", pid, 12 * 60 * 1000000)], "not resolved, a referral, the client, 12 minutes")


def test_log_page_errors(ctx):
    w = Web(ctx)
    w.sign_in("manager")
    page = w.get("/en/contacts/new")
    before = ncontacts(ctx)
    bad = {"channel": "fax", "point": "999999999", "lang": "xx", "topic": "astrology", "duration": "ten",
           "outcome": "case", "case": "", "client_no": "<script>alert(1)</script>" * 3}
    page2 = w.submit(page, "/en/contacts/new", bad)
    ctx.status(page2, 200, "invalid input: the same page again")
    ctx.check(page2.title.startswith("Error: "), "title says Error", page2.title)
    hrefs = [h for h, _ in page2.links if h.startswith("#")]
    for fid in ("#channel-1", "#point", "#lang-1", "#topic", "#duration", "#case", "#client-no"):
        ctx.check(fid in hrefs, "the summary links to %s" % fid, hrefs)
    ctx.check("&lt;script&gt;" in page2.text and "<script>alert" not in page2.text, "values kept, escaped")
    ctx.eq(ncontacts(ctx), before, "nothing written")
    page3 = w.submit(page, "/en/contacts/new", {"channel": "phone", "point": "", "topic": "apprenticeship",
                                                "client_no": "ZZ-NOPE"})
    ctx.eq(page3.errors, ["No client has this number"], "an unknown client number")
    page4 = w.submit(page, "/en/contacts/new", {"channel": "phone", "point": "", "topic": "apprenticeship",
                                                "outcome": "case", "case": "999999999"})
    ctx.eq(page4.errors, ["No case has this ID"], "an unknown case")
    ctx.eq(ncontacts(ctx), before, "still nothing written")
    case = ctx.q1("SELECT min(id) FROM cases")
    page5 = w.submit(page, "/en/contacts/new", {"channel": "phone", "point": "", "topic": "apprenticeship",
                                                "outcome": "case", "case": str(case)})
    ctx.check("Contact recorded" in page5.plain, "a contact that led to a case", page5.errors)
    ctx.eq(ctx.q("SELECT outcome, case_id FROM contacts ORDER BY id DESC LIMIT 1"), [("case", case)], "with its case")
    r = w.post("/en/contacts/new", {"channel": "phone", "topic": "apprenticeship", "csrf": "forged"}, csrf=False)
    ctx.status(r, 403, "a forged CSRF token: 403")
    ctx.eq(ncontacts(ctx), before + 1, "the forged post wrote nothing")


def test_pages_access(ctx):
    for path in ("/en/contacts/new", "/en/contact-centre"):
        w = Web(ctx)
        p = w.get(path, follow=False)
        ctx.status(p, 303, "anonymous %s -> sign in" % path)
        loc = urllib.parse.unquote(p.headers.get("location") or "")
        ctx.eq(loc, "/en/sign-in?next=" + path, "to the sign-in page, next= the page")
        for role in ("client", "sponsor", "auditor", "partner"):
            w = Web(ctx)
            w.sign_in(role)
            p = w.get(path)
            ctx.check(p.status in (403, 404), "%s may not open %s" % (role, path), p.status)
        for role in ("advisor", "manager", "administrator"):
            w = Web(ctx)
            w.sign_in(role)
            p = w.get(path)
            ctx.status(p, 200, "%s opens %s" % (role, path))


def test_dashboard(ctx):
    w = Web(ctx)
    w.sign_in("manager")
    page = w.get("/en/contact-centre?period=90")
    if not ctx.status(page, 200, "dashboard, last 90 days"):
        return
    ctx.eq(page.h1, "Contact centre", "h1")
    t = today()
    frm = t - datetime.timedelta(days=89)
    ctx.check("Service standards, %s to %s" % (frm.isoformat(), t.isoformat()) in page.text, "captioned table",
              page.plain[:500])
    for row in ("Speed of answer", "Answered within 10 minutes", "Abandonment", "Email response",
                "First-contact resolution"):
        ctx.check(re.search(r'<th scope="row">%s</th>' % re.escape(row), page.text), "row header %s" % row)
    ctx.check(len(re.findall(r'<th scope="col"', page.text)) >= 8, "column headers have scope")
    ctx.check(re.search(r'<span class="pl-status pl-status--(ok|breached)">(Met|Not met)</span>', page.text),
              "met / not met in words and colour")
    ctx.check(re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"', page.text)
              and '<title id="chart-title">' in page.text and '<desc id="chart-desc">' in page.text,
              "the chart is an image with a title and a description")
    ctx.check(page.text.index("<svg") < page.text.index("Contacts by channel, %s" % frm.isoformat(),
                                                          page.text.index("</svg>")), "the chart, then its table")
    want, by, total = expected_measures(ctx, frm, t)
    ctx.check(">%s</td></tr></tfoot>" % format(total, ",") in page.text, "the total as the database has it", total)
    num, den = want["first_contact_resolution"]
    ctx.check("%s of %s" % (format(num, ","), format(den, ",")) in page.text, "FCR basis as the database has it",
              (num, den))
    # Filters: a channel and custom dates; bad dates give the error summary.
    page = w.get("/en/contact-centre?period=custom&from=%s&to=%s&channel=email" % (
        (t - datetime.timedelta(days=20)).isoformat(), t.isoformat()))
    want, by, total = expected_measures(ctx, t - datetime.timedelta(days=20), t, channel="email")
    n, d = want["email_response"]
    ctx.check("%s of %s" % (format(n, ","), format(d, ",")) in page.text, "e-mail basis for the custom period", (n, d))
    ctx.check(re.search(r'<option value="email" selected>', page.text), "the channel filter is kept")
    page = w.get("/en/contact-centre?period=custom&from=2026-02-30&to=yesterday")
    ctx.status(page, 200, "bad dates: the page with errors")
    ctx.eq(len(page.errors), 2, "two errors in the summary")
    ctx.check("Service standards" not in page.text, "no results for a wrong period")
    page = w.get("/en/contact-centre?period=custom&from=2001-01-01&to=2001-01-31")
    ctx.eq(page.text.count(">No data<"), 5, "an empty period says No data for every measure")
    # French.
    page = w.get("/fr/contact-centre")
    ctx.eq(page.h1, "Centre de contact", "French h1")
    ctx.check("Normes de service, du " in page.text and "Règlement au premier contact" in page.text,
              "French table", page.plain[:400])
    page = w.get("/fr/contacts/new")
    ctx.eq(page.h1, "Inscrire un contact", "French logging page")
    ctx.check("Réglé au premier contact" in page.text and "Téléphone" in page.text, "French labels")
    fr = [a.get("value") for a in page.elements("input", type="radio", name="lang") if "checked" in a]
    ctx.eq(fr, ["fr"], "French is the default language on the French page")


def test_point_name_escaped(ctx):
    region = ctx.q1("SELECT min(id) FROM regions")
    c = ctx.db_conn()
    try:
        c.execute("INSERT INTO points (code, kind, name_en, name_fr, region_id, created_us, updated_us) "
                  "VALUES ('TEST-ESC', 'partner_site', ?, ?, ?, 1, 1)",
                  ("<script>alert(1)</script> Élan", "<script>alert(2)</script> Élan", region))
        c.commit()
        w = Web(ctx)
        w.sign_in("advisor")
        for path in ("/en/contacts/new", "/en/contact-centre"):
            page = w.get(path)
            ctx.check("&lt;script&gt;alert(1)&lt;/script&gt; Élan" in page.text and "<script>alert" not in page.text,
                      "%s: a point's name is escaped" % path)
    finally:
        c.execute("DELETE FROM points WHERE code = 'TEST-ESC'")
        c.commit()
        c.close()


# ---- satisfaction survey ----

def test_survey(ctx):
    w = Web(ctx)
    w.sign_in(ADVISOR)
    page = w.get("/en/contacts/new")
    inv0 = ctx.q1("SELECT count(*) FROM survey_invitations")
    done = w.submit(page, "/en/contacts/new", {"channel": "phone", "point": selected(page, "point"),
                                               "topic": "apprenticeship", "lang": "fr", "survey": "1"}, follow=False)
    loc = done.headers.get("location", "")
    m = re.search(r"survey=([A-Za-z0-9_-]{43})&slang=fr$", loc)
    if not ctx.check(done.status == 303 and m, "recorded with a survey link", loc):
        return
    token = m.group(1)
    page = w.get(loc)
    link = "/fr/survey/" + token
    ctx.check('href="%s"' % link in page.text, "the notice shows the client's link (in the client's language)")
    ctx.eq(ctx.q1("SELECT count(*) FROM survey_invitations"), inv0 + 1, "one invitation")
    cid = ctx.q1("SELECT max(id) FROM contacts")
    row = ctx.q("SELECT contact_id, lang, token_hash, expires_us - created_us FROM survey_invitations ORDER BY id DESC "
                "LIMIT 1")[0]
    ctx.eq(row[:2], (cid, "fr"), "tied to the contact, in French")
    ctx.eq(row[2], hashlib.blake2b(token.encode(), digest_size=32).hexdigest(), "only the token's hash is stored")
    ctx.check(token not in str(ctx.q("SELECT * FROM survey_invitations")), "the token itself is not stored")
    ctx.eq(row[3], 30 * 86400 * 1000000, "expires after 30 days")
    # The client, not signed in, answers in French.
    c = Web(ctx)
    sp = c.get(link)
    ctx.status(sp, 200, "the survey page is public")
    ctx.eq(sp.h1, "Donnez-nous votre avis sur le service reçu", "French survey h1")
    ctx.eq(len(sp.elements("input", type="radio", name="score")), 5, "satisfaction from 1 to 5")
    ctx.eq(len(sp.elements("input", type="radio", name="in_lang")), 2, "served in your language: yes / no")
    ctx.check(sp.elements("textarea", name="comment"), "an optional comment")
    before = ctx.q1("SELECT count(*) FROM survey_answers")
    err = c.submit(sp, link, {"easy": "9", "comment": "x" * 1001})
    ctx.status(err, 200, "invalid answers: the page again")
    ctx.eq(sorted(h for h, _ in err.links if h.startswith("#") and h != "#main-content"),
           ["#comment", "#easy-1", "#score-1"],
           "the summary links to the questions")
    ctx.check(err.title.startswith("Erreur"), "French error title", err.title)
    ctx.eq(ctx.q1("SELECT count(*) FROM survey_answers"), before, "nothing written")
    comment = "<b>Très</b> bien servi, merci Élodie"
    ok = c.submit(sp, link, {"score": "4", "easy": "5", "in_lang": "yes", "comment": comment})
    ctx.eq(ok.h1, "Merci", "thanks")
    ctx.eq(ctx.q("SELECT score, easy, in_my_language, comment FROM survey_answers ORDER BY created_us DESC LIMIT 1"),
           [(4, 5, 1, comment)], "the answer stored")
    again = c.submit(sp, link, {"score": "1"})
    ctx.eq(ctx.q1("SELECT count(*) FROM survey_answers"), before + 1, "one answer per link")
    ctx.eq(again.h1, "Merci", "a second answer is ignored, with thanks")
    page = c.get(link)
    ctx.check("déjà été rempli" in page.plain, "an answered link says so", page.plain[:300])
    bad = c.post(link, {"score": "5", "csrf": "forged"}, csrf=False)
    ctx.status(bad, 403, "forged CSRF: 403")
    ctx.status(c.get("/en/survey/" + "A" * 43), 404, "an unknown token: 404")
    ctx.status(c.get("/en/survey/short"), 404, "a malformed token: 404")
    # An expired link.
    page = w.get("/en/contacts/new")
    done = w.submit(page, "/en/contacts/new", {"channel": "email", "point": "", "topic": "exams", "survey": "1"},
                    follow=False)
    t2 = re.search(r"survey=([A-Za-z0-9_-]{43})", done.headers.get("location", "")).group(1)
    conn = ctx.db_conn()
    conn.execute("UPDATE survey_invitations SET expires_us = 1 WHERE token_hash = ?",
                 (hashlib.blake2b(t2.encode(), digest_size=32).hexdigest(),))
    conn.commit()
    conn.close()
    ctx.status(c.get("/en/survey/" + t2), 404, "an expired link: 404")
    # Results on the dashboard: the manager sees the comment (escaped), the advisor does not.
    mgr = Web(ctx)
    mgr.sign_in("manager")
    dash = mgr.get("/en/contact-centre?period=7")
    ctx.check("&lt;b&gt;Très&lt;/b&gt; bien servi" in dash.text, "the manager reads the comment, escaped")
    t = today()
    start = int(datetime.datetime.combine(t - datetime.timedelta(days=6), datetime.time(), TZ).timestamp() * 1e6)
    n = ctx.q1("SELECT count(*) FROM survey_answers WHERE created_us >= ?", (start,))
    ctx.check("%s survey answers in this period." % format(n, ",") in dash.plain, "answers counted", n)
    ctx.check("Satisfaction by channel, " in dash.text and "Satisfaction by point of service, " in dash.text and
              "Satisfaction by program, " in dash.text, "scores by channel, point and program")
    adv = w.get("/en/contact-centre?period=7")
    ctx.check("bien servi" not in adv.text and "Satisfaction by channel" in adv.text,
              "advisors see the scores, not the comments")


TESTS = [test_create, test_create_refusals, test_bulk_idempotent, test_bulk_invalid, test_measures,
         test_log_page_defaults, test_log_page_errors, test_pages_access, test_dashboard, test_point_name_escaped,
         test_survey]
