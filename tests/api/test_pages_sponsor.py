"""Sponsor pages: our apprentices (filters, pages, CSV download), to sign, logging hours."""
import csv
import datetime
import io
import re
import urllib.parse
from zoneinfo import ZoneInfo

from webclient import Web

SPONSOR = "sponsor@demo.passerelle.ca"
ADV = "advisor.province@demo.passerelle.ca"
PAGE_ROWS = 20


def today():
    """The server's day (business dates are in Toronto time)."""
    return datetime.datetime.now(ZoneInfo("America/Toronto")).date()

SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_GIVEN = '=HYPERLINK("http://evil.example","x")'
FORMULA_FAMILY = "+Ouimet"


def org_of(ctx, email=SPONSOR):
    return ctx.q1("SELECT org_id FROM users WHERE email = ?", (email,))


def sponsor(ctx, lang="en"):
    w = Web(ctx)
    w.sign_in("sponsor", lang=lang)
    return w


def person(ctx, given, family, birth="1998-05-17"):
    ctx.pii.update([given, family])
    r = ctx.api("POST", "/api/v1/persons", {"given_name": given, "family_name": family,
                                            "birth_date": birth, "confirm_not_duplicate": True}, as_=ADV)
    if r.status != 201:
        raise AssertionError("cannot create a person: %r" % r)
    return r.json["id"]


def agreement(ctx, pid, org, trade="306A", start=None):
    start = start or (today() - datetime.timedelta(days=400)).isoformat()
    r = ctx.api("POST", "/api/v1/agreements", {"person_id": pid, "sponsor_id": org, "trade_code": trade,
                                               "start_date": start, "channel": "phone"}, as_=ADV)
    if r.status != 201:
        raise AssertionError("cannot create an agreement: %r" % r)
    return r.json["id"]


def move(ctx, aid, *steps):
    """Takes the named transitions (as the advisor), with the fields each needs."""
    start = ctx.q1("SELECT start_date FROM cases WHERE id = ?", (aid,))
    fields = {"sign_sponsor": {"signatory": "Marie Ouellet"},
              "request_information": {"reason": "Pièce manquante"},
              "activate": {"started_on": start}}
    for name in steps:
        body = {"transition": name}
        if name in fields:
            body["fields"] = fields[name]
        r = ctx.api("POST", "/api/v1/agreements/%d/transitions" % aid, body, as_=ADV)
        if r.status != 200:
            raise AssertionError("transition %s of %d: %r" % (name, aid, r))


TO_ACTIVE = ("submit", "sign_apprentice", "sign_sponsor", "register", "activate")


def case_ids(page, lang="en"):
    return [int(m) for m in re.findall(r'href="/%s/cases/(\d+)"' % lang, page.text)]


def data_count(page):
    for tag, a in page.doc.elements:
        if "data-count" in a:
            return int(a["data-count"])
    return None


def link(page, text):
    for href, t in page.links:
        if t == text:
            return href.replace("&amp;", "&")
    return None


def db_ids(ctx, where="", args=()):
    org = org_of(ctx)
    return sorted(r[0] for r in ctx.q("SELECT c.id FROM cases c JOIN persons p ON p.id = c.person_id "
                                       "WHERE c.program = 'apprenticeship' AND c.org_id = ? " + where,
                                       (org,) + tuple(args)))


def walk(ctx, w, path, limit=50):
    """Follows "Next page" links; returns (ids in order, pages)."""
    ids, pages = [], []
    while path and len(pages) < limit:
        p = w.get(path)
        if not ctx.status(p, 200, "GET %s" % path):
            break
        pages.append(p)
        ids += case_ids(p)
        path = link(p, "Next page")
    return ids, pages


# ---- data ----

def test_setup(ctx):
    org = org_of(ctx)
    other = org_of(ctx, "sponsor2@demo.passerelle.ca")
    s = ctx.shared
    s["accent_pid"] = person(ctx, "Zoé", "Bélanger-Lachaîne")
    s["active"] = agreement(ctx, s["accent_pid"], org, "309A")
    move(ctx, s["active"], *TO_ACTIVE)
    s["script"] = agreement(ctx, person(ctx, SCRIPT_NAME, "Lévesque-Test"), org, "306A")
    move(ctx, s["script"], "submit", "sign_apprentice")
    s["formula"] = agreement(ctx, person(ctx, FORMULA_GIVEN, FORMULA_FAMILY), org, "306A")
    s["info"] = agreement(ctx, person(ctx, "Noémie", "Gagnon-Info"), org, "306A")
    move(ctx, s["info"], "submit", "sign_apprentice", "sign_sponsor", "request_information")
    s["registered"] = agreement(ctx, person(ctx, "Rémi", "Inscrit-Seulement"), org, "306A")
    move(ctx, s["registered"], "submit", "sign_apprentice", "sign_sponsor", "register")
    s["draft"] = agreement(ctx, person(ctx, "Dana", "Brouillon"), org, "306A")
    s["other_active"] = agreement(ctx, person(ctx, "Olivier", "Autre-Parrain"), other, "306A")
    move(ctx, s["other_active"], *TO_ACTIVE)
    # Enough agreements for three pages.
    filler = person(ctx, "Filler", "Remplissage")
    while len(db_ids(ctx)) < 2 * PAGE_ROWS + 5:
        agreement(ctx, filler, org, "403A")
    ctx.check(len(db_ids(ctx)) > 2 * PAGE_ROWS, "the sponsor's organisation has more than two pages of agreements")


# ---- access ----

def test_access(ctx):
    for path in ("/en/apprentices", "/en/to-sign", "/en/cases/%d/hours" % ctx.shared["active"]):
        anon = Web(ctx).get(path, follow=False)
        ctx.eq((anon.status, anon.headers.get("location")),
               (303, "/en/sign-in?next=" + path.replace("/", "%2F")), "anonymous %s goes to sign in" % path)
        w = Web(ctx)
        w.sign_in("client")
        p = w.get(path)
        ctx.eq((p.status, p.h1), (403, "You cannot use this page"), "a client gets the 403 page for %s" % path)
        w = Web(ctx)
        w.sign_in("advisor")
        ctx.eq(w.get(path).status, 403, "an advisor gets the 403 page for %s" % path)
    w = Web(ctx)
    w.sign_in("client")
    form = sponsor(ctx).get("/en/cases/%d/hours" % ctx.shared["active"])
    r = w.post("/en/cases/%d/hours" % ctx.shared["active"],
               dict(form.form("/en/cases/%d/hours" % ctx.shared["active"])["fields"]), csrf=False)
    ctx.eq(r.status, 403, "a client cannot post hours")


# ---- our apprentices ----

def test_apprentices_list(ctx):
    w = sponsor(ctx)
    org = org_of(ctx)
    p = w.get("/en/apprentices")
    ctx.eq((p.status, p.h1), (200, "Our apprentices"), "the list page")
    ctx.eq(p.title, "Our apprentices – passerelle", "the title")
    ctx.check("Your sponsor number: %d — give it to apprentices so they can start a training agreement." % org
              in p.plain, "the sponsor number is shown", p.plain[:600])
    name = ctx.q1("SELECT name_en FROM organisations WHERE id = ?", (org,))
    ctx.check(re.search(r'class="pl-sponsor-number"[^>]*>.*%s' % re.escape(name.replace("&", "&amp;")),
                        p.text, re.S) is not None, "the organisation's number and name are in .pl-sponsor-number")
    form = [f for f in p.forms if f["attrs"].get("data-live-filter") == "apprentice-results"]
    ctx.check(form and form[0]["method"] == "get" and "pl-filters" in form[0]["attrs"].get("class", ""),
              "a GET filter form with the live-filter hook", p.forms)
    ctx.check('<div id="apprentice-results">' in p.text, "the results element")
    want = db_ids(ctx)
    ctx.eq(data_count(p), len(want), "data-count is the number of the organisation's agreements")
    ctx.check("%d training agreements" % len(want) in p.plain, "the count sentence")
    ids, pages = walk(ctx, w, "/en/apprentices")
    ctx.eq(len(case_ids(pages[0])), PAGE_ROWS, "the first page holds %d rows" % PAGE_ROWS)
    ctx.eq(len(ids), len(set(ids)), "no agreement appears on two pages")
    ctx.eq(sorted(ids), want, "all pages together list exactly the organisation's agreements")
    ctx.check(ctx.shared["other_active"] not in ids, "another organisation's agreement is not listed")
    ctx.check(len(pages) >= 3, "three pages or more", len(pages))
    ctx.check(link(pages[1], "First page") == "/en/apprentices?state=&trade=&name=",
              "a later page links back to the first page", pages[1].links[-10:])
    ctx.check(link(pages[-1], "Next page") is None, "the last page has no next page link")
    for t in ("<caption>Training agreements of", '<th scope="col">Client number</th>',
              '<th scope="col" class="ontario-table-cell--numeric">Approved hours</th>',
              'class="ontario-table-div" role="region" aria-label="Training agreements of'):
        ctx.check(t in p.text, "table markup: %s" % t)
    # One row in detail: the active agreement of Zoé.
    row = ctx.q("SELECT p.client_no, c.start_date, c.ref_no FROM cases c JOIN persons p ON p.id = c.person_id "
                "WHERE c.id = ?", (ctx.shared["active"],))[0]
    f = w.get("/en/apprentices?name=zoe+belanger")
    ctx.check(all(v in f.text for v in row) and "Electrician – Construction and Maintenance" in f.text
              and ">Active<" in f.text, "a row shows client number, trade, state in words, start date and "
              "registration number", f.text[-3000:])
    ctx.check('View<span class="ontario-show-for-sr"> the training agreement of Zoé Bélanger-Lachaîne '
              '(Electrician – Construction and Maintenance)</span>' in f.text, "the View link has hidden context")
    ctx.check('href="/en/cases/%d"' % ctx.shared["active"] in f.text, "the row links to the case page")


def test_apprentices_filters(ctx):
    w = sponsor(ctx)
    for state in ("active", "apprentice_signed", "draft"):
        ids, pages = walk(ctx, w, "/en/apprentices?state=%s" % state)
        want = db_ids(ctx, "AND c.state = ?", (state,))
        ctx.eq(sorted(ids), want, "state filter %s" % state)
        ctx.eq(data_count(pages[0]), len(want), "count for state %s" % state)
        ctx.check('<option value="%s" selected>' % state in pages[0].text, "the state filter is kept")
    ids, pages = walk(ctx, w, "/en/apprentices?trade=403A")
    ctx.eq(sorted(ids), db_ids(ctx, "AND c.trade_code = '403A'"), "trade filter")
    ctx.check('<option value="403A" selected>' in pages[0].text, "the trade filter is kept")
    ids, _ = walk(ctx, w, "/en/apprentices?trade=403A&state=draft")
    ctx.eq(sorted(ids), db_ids(ctx, "AND c.trade_code = '403A' AND c.state = 'draft'"), "trade and state together")
    accent = ctx.shared["active"]
    for q in ("zoe", "ZOÉ", "belanger lachaine", "Bélanger-Lachaîne", "lachaine"):
        p = w.get("/en/apprentices?name=" + urllib.parse.quote(q))
        ctx.eq(case_ids(p), [accent], "name filter %r finds Zoé Bélanger-Lachaîne, accents and case ignored" % q)
        ctx.eq(data_count(p), 1, "count with the name filter %r" % q)
        ctx.check("1 training agreement" in p.plain, "singular count sentence")
    p = w.get("/en/apprentices?name=nobody-by-that-name-xyz")
    ctx.eq((case_ids(p), data_count(p)), ([], 0), "no match")
    ctx.check("No training agreement matches." in p.plain and "<table" not in p.text,
              "no match: a sentence and no table")
    p = w.get("/en/apprentices?name=Autre-Parrain")
    ctx.eq(case_ids(p), [], "a name of another organisation's apprentice finds nothing")
    p = w.get("/en/apprentices?state=bogus&trade=999Z")
    ctx.eq(data_count(p), len(db_ids(ctx)), "unknown filter values are ignored")
    p = w.get("/en/apprentices?name=%ZZ")
    ctx.eq(p.status, 400, "a malformed query gives the 400 page")


def parse_csv(ctx, resp, what):
    ctx.check(resp.headers.get("content-type") == "text/csv; charset=utf-8", "%s: text/csv" % what,
              resp.headers.get("content-type"))
    ctx.check(resp.raw.startswith(b"\xef\xbb\xbf"), "%s: UTF-8 byte order mark" % what)
    text = resp.raw.decode("utf-8-sig")
    ctx.check("\r\n" in text, "%s: CRLF line ends" % what)
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv(ctx):
    w = sponsor(ctx)
    org = org_of(ctx)
    r = w.raw("GET", "/en/apprentices?state=&trade=&name=&format=csv")
    rows = parse_csv(ctx, r, "CSV (en)")
    ctx.check('attachment; filename="apprentices.csv"' == r.headers.get("content-disposition"),
              "downloaded as apprentices.csv", r.headers.get("content-disposition"))
    ctx.eq(rows[0], ["Agreement ID", "Family name", "Given name", "Client number", "Trade code", "Trade",
                     "State", "Start date", "Registration number", "Approved hours"], "English header row")
    want = db_ids(ctx)
    ctx.eq(sorted(int(x[0]) for x in rows[1:]), want, "every agreement of the organisation (all pages)")
    ctx.check(len(rows) - 1 > PAGE_ROWS, "more rows than one page")
    fr = w.raw("GET", "/fr/apprentices?format=csv&state=active")
    frows = parse_csv(ctx, fr, "CSV (fr)")
    ctx.eq(frows[0], ["Identifiant de l’entente", "Nom de famille", "Prénom", "Numéro de client", "Code du métier",
                      "Métier", "État", "Date de début", "Numéro d’inscription", "Heures approuvées"],
           "French header row")
    ctx.eq(sorted(int(x[0]) for x in frows[1:]), db_ids(ctx, "AND c.state = 'active'"),
           "the state filter applies to the file")
    ctx.check(all(x[6] == "Active" for x in frows[1:]), "state in French words")
    mine = [x for x in frows[1:] if int(x[0]) == ctx.shared["active"]]
    ctx.check(mine and mine[0][5] == "Électricien ou électricienne – construction et entretien"
              and mine[0][1] == "Bélanger-Lachaîne", "French trade name and accents kept", mine)
    approved = ctx.q1("SELECT COALESCE(SUM(hours), 0) FROM hours_entries WHERE status = 'approved' AND case_id = ?",
                      (int(frows[1][0]),))
    ctx.eq(int(frows[1][9]), approved, "approved hours match the database")
    nm = w.raw("GET", "/en/apprentices?format=csv&name=ouimet")
    nrows = parse_csv(ctx, nm, "CSV (name filter)")
    ctx.eq(len(nrows), 2, "the name filter applies to the file")
    if len(nrows) == 2:
        ctx.eq(nrows[1][1], "'" + FORMULA_FAMILY, "a family name starting with + is made inert")
        ctx.eq(nrows[1][2], "'" + FORMULA_GIVEN, "a given name starting with = is made inert (quotes kept)")
    p = w.get("/en/apprentices?state=draft&name=ouimet")
    ctx.eq(link(p, "Download as CSV"), "/en/apprentices?state=draft&trade=&name=ouimet&format=csv",
           "the download link carries the filters")
    other = Web(ctx)
    other.sign_in("sponsor2@demo.passerelle.ca")
    orows = parse_csv(ctx, other.raw("GET", "/en/apprentices?format=csv"), "CSV (another sponsor)")
    ctx.eq(sorted(int(x[0]) for x in orows[1:]),
           sorted(x[0] for x in ctx.q("SELECT id FROM cases WHERE org_id = ?", (org_of(ctx, "sponsor2@demo.passerelle.ca"),))),
           "another sponsor's file holds only its own organisation's agreements")
    ctx.check(str(ctx.shared["active"]) not in [x[0] for x in orows[1:]], "not ours")
    anon = Web(ctx).get("/en/apprentices?format=csv", follow=False)
    ctx.eq(anon.status, 303, "no file for anonymous visitors")


def test_escaping(ctx):
    w = sponsor(ctx)
    p = w.get("/en/apprentices?name=levesque-test")
    ctx.check(SCRIPT_NAME not in p.text and "&lt;script&gt;alert(1)&lt;/script&gt; Lévesque-Test" in p.text,
              "a name holding <script> is escaped in the list", p.text[-2500:])
    t = w.get("/en/to-sign")
    ctx.check(SCRIPT_NAME not in t.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in t.text,
              "and on the page of agreements to sign")
    ctx.check(FORMULA_GIVEN.replace('"', "&quot;") in w.get("/en/apprentices?name=ouimet").text,
              "quotes in a name are escaped")


# ---- to sign ----

def section_ids(page, title_from, title_to=None):
    text = page.text
    i = text.find(title_from)
    j = text.find(title_to, i) if title_to else len(text)
    return sorted(int(m) for m in re.findall(r'href="/\w\w/cases/(\d+)"', text[i:j]))


def test_to_sign(ctx):
    w = sponsor(ctx)
    p = w.get("/en/to-sign")
    ctx.eq((p.status, p.h1), (200, "To sign"), "the to-sign page")
    signed = db_ids(ctx, "AND c.state = 'apprentice_signed'")
    info = db_ids(ctx, "AND c.state = 'information_requested'")
    ctx.check(ctx.shared["script"] in signed and ctx.shared["info"] in info, "the test agreements are in place")
    ctx.eq(section_ids(p, "<h2>Waiting for your signature</h2>", "<h2>Information requested</h2>"), signed,
           "the first table lists exactly the agreements waiting for the sponsor's signature")
    ctx.eq(section_ids(p, "<h2>Information requested</h2>"), info,
           "the second table lists exactly the agreements with information requested")
    ctx.check('Review and sign<span class="ontario-show-for-sr"> the training agreement of' in p.text,
              "the Review and sign link with hidden context")
    ctx.check('href="/en/cases/%d"' % ctx.shared["script"] in p.text, "links to the case page")
    day = today().isoformat()
    ctx.check('<time datetime="%s">%s</time>' % (day, day) in p.text, "the submitted date (today)")
    ctx.check(re.search(r'<span class="pl-status pl-status--(ok|soon|breached)">(Due in \d+ business days?|'
                        r'Due today|Overdue[^<]*)</span>', p.text) is not None, "due date in words and colour")
    ctx.check('<span class="pl-status ">On hold while information is requested</span>' in p.text,
              "a paused clock says so in words")
    for t in ("<caption>Training agreements waiting for your signature</caption>",
              "<caption>Training agreements with information requested</caption>", '<th scope="col">Submitted</th>'):
        ctx.check(t in p.text, "table markup %s" % t)
    ctx.check(ctx.shared["other_active"] not in case_ids(p), "no other organisation's agreement")
    # Empty state: a sponsor whose organisation has nothing to sign.
    other = ctx.q1("SELECT u.email FROM users u WHERE u.role = 'sponsor' AND u.org_id IS NOT NULL AND NOT EXISTS "
                   "(SELECT 1 FROM cases c WHERE c.org_id = u.org_id AND c.state IN ('apprentice_signed', "
                   "'information_requested')) ORDER BY u.id LIMIT 1")
    if ctx.check(other is not None, "a sponsor with nothing to sign exists"):
        o = Web(ctx)
        o.sign_in(other)
        op = o.get("/en/to-sign")
        ctx.check("No training agreement is waiting for your signature." in op.plain
                  and "No training agreement is waiting for more information." in op.plain
                  and "<table" not in op.text, "empty state texts and no table")
        of = o.get("/fr/to-sign")
        ctx.check("Aucune entente de formation n’attend votre signature." in of.plain, "French empty state text")


# ---- log hours ----

def hours_url(aid, lang="en"):
    return "/%s/cases/%d/hours" % (lang, aid)


def date_fields(prefix, d):
    return {prefix + "_year": str(d.year), prefix + "_month": str(d.month), prefix + "_day": str(d.day)}


def hours_fields(start, end, hours, description=""):
    f = {}
    f.update(date_fields("period_start", start))
    f.update(date_fields("period_end", end))
    f["hours"] = hours
    f["description"] = description
    return f


def test_hours_happy(ctx):
    aid = ctx.shared["active"]
    w = sponsor(ctx)
    p = w.get(hours_url(aid))
    ctx.eq((p.status, p.h1), (200, "Log training hours"), "the hours page")
    ctx.check("Zoé Bélanger-Lachaîne" in p.text and "Electrician – Construction and Maintenance (309A)" in p.text,
              "the apprentice and the trade")
    ctx.check("No hours are logged for this agreement yet." in p.plain, "no hours yet")
    for t in ('id="period-start-year"', 'id="period-end-year"', 'id="hours"', 'inputmode="numeric"',
              'id="description"'):
        ctx.check(t in p.text, "form markup %s" % t)
    ctx.check("ontario-alert--success" not in p.text, "no success notice before logging")
    start = today() - datetime.timedelta(days=390)
    before = ctx.q1("SELECT count(*) FROM hours_entries WHERE case_id = ?", (aid,))
    r = w.submit(p, hours_url(aid), hours_fields(start, start + datetime.timedelta(days=4), "37",
                                                 "Câblage – première semaine"))
    ctx.eq([h.status for h in r.history], [303], "success answers 303")
    ctx.eq(r.path, hours_url(aid) + "?logged=1", "back to the same page with a notice")
    ctx.check('class="ontario-alert ontario-alert--success" role="status"' in r.text and "Hours logged" in r.plain,
              "the success notice")
    rows = ctx.q("SELECT period_start, period_end, hours, description, status, logged_by FROM hours_entries "
                 "WHERE case_id = ? ORDER BY id", (aid,))
    ctx.eq(len(rows), before + 1, "one row written")
    uid = ctx.q1("SELECT id FROM users WHERE email = ?", (SPONSOR,))
    ctx.eq(rows[-1], (start.isoformat(), (start + datetime.timedelta(days=4)).isoformat(), 37,
                      "Câblage – première semaine", "logged", uid), "the row holds what was typed")
    ctx.check("Waiting for approval" in r.plain and "Câblage – première semaine" in r.plain
              and "<caption>Hours logged for Zoé Bélanger-Lachaîne, newest first</caption>" in r.text,
              "the new entry is listed as waiting for approval")
    ctx.check("Approved hours: 0. Hours waiting for approval: 37." in r.plain, "totals")
    # Optional description, a single day.
    d = start + datetime.timedelta(days=10)
    r = w.submit(p, hours_url(aid), hours_fields(d, d, "8"))
    ctx.eq(r.path, hours_url(aid) + "?logged=1", "a one-day period without description")
    ctx.check(0 < r.text.find("<td>%s</td>" % d.isoformat()) < r.text.find("<td>%s</td>" % start.isoformat()),
              "the newest entry is listed first")
    ctx.eq(ctx.q("SELECT hours, description FROM hours_entries WHERE case_id = ? ORDER BY id DESC LIMIT 1", (aid,)),
           [(8, None)], "no description stored as none")
    ctx.shared["logged_start"] = start


def test_hours_errors(ctx):
    aid = ctx.shared["active"]
    w = sponsor(ctx)
    page = w.get(hours_url(aid))
    now = today()
    base = now - datetime.timedelta(days=300)
    agreed = datetime.date.fromisoformat(ctx.q1("SELECT start_date FROM cases WHERE id = ?", (aid,)))
    logged = ctx.shared.get("logged_start", base)
    cases = [
        ("nothing filled in", {"period_start_year": "", "period_start_month": "", "period_start_day": "",
                               "period_end_year": "", "period_end_month": "", "period_end_day": "", "hours": ""},
         [("period-start-year", "Enter the start of the period"), ("period-end-year", "Enter the end of the period"),
          ("hours", "Enter the hours worked")]),
        ("impossible date", hours_fields(base, base, "8") | {"period_start_month": "2", "period_start_day": "30"},
         [("period-start-day", "The start of the period must be a real date")]),
        ("end before start", hours_fields(base, base - datetime.timedelta(days=1), "8"),
         [("period-end-year", "The end of the period must be the same as or after its start")]),
        ("end in the future", hours_fields(base, now + datetime.timedelta(days=3), "8"),
         [("period-end-year", "The end of the period must be today or in the past")]),
        ("start in the future", hours_fields(now + datetime.timedelta(days=2), now + datetime.timedelta(days=3), "8"),
         [("period-start-year", "The start of the period must be today or in the past"),
          ("period-end-year", "The end of the period must be today or in the past")]),
        ("start before the agreement", hours_fields(agreed - datetime.timedelta(days=5), agreed, "8"),
         [("period-start-year", "The start of the period must be on or after the agreement’s start date, %s"
           % agreed.strftime("%B %-d, %Y"))]),
        ("hours not whole", hours_fields(base, base, "7.5"),
         [("hours", "Enter the hours as a whole number, like 37")]),
        ("hours not a number", hours_fields(base, base, "huit"),
         [("hours", "Enter the hours as a whole number, like 37")]),
        ("hours zero", hours_fields(base, base, "0"), [("hours", "The hours must be 1 or more")]),
        ("hours negative", hours_fields(base, base, "-4"), [("hours", "The hours must be 1 or more")]),
        ("hours over the limit", hours_fields(base, base, "20001"), [("hours", "The hours must be 20,000 or fewer")]),
        ("hours over the period", hours_fields(base, base + datetime.timedelta(days=1), "49"),
         [("hours", "The hours must be 48 or fewer for this period (at most 24 a day)")]),
        ("description too long", hours_fields(base, base, "8", "é" * 2001),
         [("description", "The description must be 2,000 characters or fewer")]),
        ("overlapping period (domain refusal)", hours_fields(logged, logged, "8"),
         [("period-start-year", "Hours are already logged for part of this period.")]),
    ]
    for what, fields, errors in cases:
        before = ctx.counts()
        r = w.submit(page, hours_url(aid), fields, follow=False)
        ctx.eq(r.status, 200, "%s: the page again (200)" % what)
        ctx.check(r.title.startswith("Error: Log training hours"), "%s: Error: in the title" % what, r.title)
        ctx.eq(r.errors, [e[1] for e in errors], "%s: the error summary" % what)
        for fid, _ in errors:
            ctx.check('<a href="#%s">' % fid in r.text, "%s: the summary links to #%s" % (what, fid))
            ctx.check('id="%s"' % fid in r.text, "%s: the field #%s exists" % (what, fid))
        ctx.eq(ctx.counts(), before, "%s: nothing written" % what)
        if fields.get("hours") not in (None, ""):
            ctx.check('id="hours" name="hours"' in r.text and 'value="%s"' % fields["hours"] in r.text,
                      "%s: the hours typed are kept" % what)
    r = w.submit(page, hours_url(aid), hours_fields(base, base, "8", "<b>gras</b>"), follow=False)
    ctx.eq(r.status, 303, "a valid entry after the errors is logged")
    bad = w.post(hours_url(aid), hours_fields(base, base, "8") | {"csrf": "forged"}, csrf=False)
    ctx.eq(bad.status, 403, "a forged CSRF token gives the 403 page")
    ctx.eq(ctx.q1("SELECT count(*) FROM hours_entries WHERE case_id = ? AND period_start = ?",
                  (aid, base.isoformat())), 1, "the forged post wrote nothing")
    g = w.get(hours_url(aid))
    ctx.check("&lt;b&gt;gras&lt;/b&gt;" in g.text and "<b>gras</b>" not in g.text, "descriptions are escaped")


def test_hours_scope(ctx):
    w = sponsor(ctx)
    s = ctx.shared
    for what, path in (("another organisation's agreement", hours_url(s["other_active"])),
                       ("a draft", hours_url(s["draft"])),
                       ("an agreement waiting for signature", hours_url(s["script"])),
                       ("an unknown agreement", "/en/cases/99999999/hours"),
                       ("a bad id", "/en/cases/abc/hours"), ("id zero", "/en/cases/0/hours")):
        p = w.get(path)
        ctx.eq((p.status, p.h1), (404, "Page not found"), "%s: 404 page" % what)
    form = w.get(hours_url(s["active"]))
    d = today() - datetime.timedelta(days=200)
    before = ctx.counts()
    r = w.post(hours_url(s["other_active"]), hours_fields(d, d, "8") | {"csrf": form.form(hours_url(s["active"]))["fields"]["csrf"]},
               csrf=False)
    ctx.eq(r.status, 404, "posting hours to another organisation's agreement: 404")
    ctx.eq(ctx.counts(), before, "nothing written for another organisation")
    # Registered but not active: the page explains; the domain refuses.
    p = w.get(hours_url(s["registered"]))
    ctx.eq(p.status, 200, "a registered agreement has the hours page")
    ctx.check("registered but not active yet" in p.plain, "it says hours wait for activation")
    r = w.submit(p, hours_url(s["registered"]), hours_fields(d, d, "8"), follow=False)
    ctx.eq(r.errors, ["Hours can be logged only while the agreement is active."], "the domain's refusal as a form error")
    ctx.eq(ctx.counts(), before, "nothing written for a registered agreement")


# ---- French ----

def test_french(ctx):
    w = sponsor(ctx, "fr")
    org = org_of(ctx)
    p = w.get("/fr/apprentices")
    ctx.eq((p.status, p.h1), (200, "Nos apprentis"), "French list page")
    ctx.check('<html lang="fr">' in p.text, "the page is in French")
    ctx.check("Votre numéro de parrain\u00a0: %d. Donnez-le aux apprenti·e·s" % org in p.text, "French sponsor number")
    ctx.check("%d ententes de formation" % len(db_ids(ctx)) in p.plain, "French count sentence")
    ctx.check("Télécharger en CSV" in p.text and "Page suivante" in p.text and "Tous les états" in p.text,
              "French links and filters")
    ctx.check(">Active<" in p.text and "Voir<span" in p.text, "French states and links")
    ids = case_ids(p, "fr")
    ctx.eq(len(ids), PAGE_ROWS, "the French list has the same pages")
    t = w.get("/fr/to-sign")
    ctx.eq(t.h1, "À signer", "French to-sign page")
    ctx.check("Examiner et signer" in t.text and "En attente de votre signature" in t.text
              and "En suspens pendant la demande de renseignements" in t.text, "French to-sign texts")
    h = w.get(hours_url(ctx.shared["active"], "fr"))
    ctx.eq(h.h1, "Inscrire des heures de formation", "French hours page")
    ctx.check("Électricien ou électricienne – construction et entretien" in h.text, "the trade in French")
    r = w.submit(h, hours_url(ctx.shared["active"], "fr"), {"hours": "sept"}, follow=False)
    # (the parser folds the no-break space of "Erreur : " into a space)
    ctx.check(r.title.startswith("Erreur : Inscrire des heures"), "French error title", r.title)
    ctx.check("<title>Erreur\u00a0: Inscrire des heures" in r.text, "with a no-break space before the colon")
    ctx.eq(r.errors, ["Entrez le début de la période", "Entrez la fin de la période",
                      "Entrez les heures en nombre entier, par exemple 37"], "French error messages")


TESTS = [test_setup, test_access, test_apprentices_list, test_apprentices_filters, test_csv, test_escaping,
         test_to_sign, test_hours_happy, test_hours_errors, test_hours_scope, test_french]
