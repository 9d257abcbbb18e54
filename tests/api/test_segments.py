"""Client segments: rules checked and stored normalised, sizes equal to a count recomputed here
from the database, the report's monthly counts recomputed here (distinct persons with a contact,
with an opened case), small counts never published (suppressed cells carry no value anywhere in
the JSON or the HTML), complementary suppression (no row or column with exactly one suppressed
count), role refusals, and the pages (list, create form with the error pattern, report table,
French)."""
import datetime
import json
import re
from zoneinfo import ZoneInfo

from webclient import Web

TZ = ZoneInfo("America/Toronto")
GROUPS = ["woman", "indigenous", "racialized", "disability", "newcomer", "francophone", "armed_forces",
          "social_assistance"]
BANDS = {"15-24": (15, 24), "25-34": (25, 34), "35-54": (35, 54), "55+": (55, 200)}


def age_on(birth, day):
    b = datetime.date.fromisoformat(birth)
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


def region_under(ctx, region, root):
    parents = dict(ctx.q("SELECT id, parent_id FROM regions"))
    for _ in range(32):
        if region is None:
            return False
        if region == root:
            return True
        region = parents.get(region)
    return False


def members(ctx, rules):
    """The segment recomputed here from the rules and the persons table."""
    today = datetime.datetime.now(TZ).date()
    prog = None
    if rules.get("program"):
        prog = {r[0] for r in ctx.q("SELECT person_id FROM cases WHERE program = ?", (rules["program"],))}
    out = set()
    for pid, birth, lang, region, self_id in ctx.q("SELECT id, birth_date, lang, region_id, self_id FROM persons"):
        if "age_band" in rules:
            lo, hi = BANDS[rules["age_band"]]
            if not lo <= age_on(birth, today) <= hi:
                continue
        if "lang" in rules and lang != rules["lang"]:
            continue
        if "region_id" in rules and not region_under(ctx, region, rules["region_id"]):
            continue
        if rules.get("groups"):
            s = json.loads(self_id) if self_id else {}
            if s.get("consent") is not True or any(s.get(g) is not True for g in rules["groups"]):
                continue
        if prog is not None and pid not in prog:
            continue
        out.add(pid)
    return out


def month_bounds():
    now = datetime.datetime.now(TZ)
    y, m = now.year, now.month - 11
    while m < 1:
        m += 12
        y -= 1
    out = []
    for _ in range(13):
        out.append((datetime.datetime(y, m, 1, tzinfo=TZ), "%04d-%02d" % (y, m)))
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return out


def true_table(ctx, who):
    """[(month, contacts, cases)] recomputed here."""
    b = month_bounds()
    us = [int(t.timestamp() * 1_000_000) for t, _ in b]
    rows = []
    for k in range(12):
        con = {r[0] for r in ctx.q("SELECT person_id FROM contacts WHERE person_id IS NOT NULL AND "
                                   "arrived_us >= ? AND arrived_us < ?", (us[k], us[k + 1]))} & who
        cas = {r[0] for r in ctx.q("SELECT person_id FROM cases WHERE opened_us >= ? AND opened_us < ?",
                                   (us[k], us[k + 1]))} & who
        rows.append((b[k][1], len(con), len(cas)))
    return rows


def create(ctx, rules, name="Segment", as_="manager"):
    return ctx.api("POST", "/api/v1/segments", {"name_en": name, "name_fr": name + " (fr)", "rules": rules},
                   as_=as_)


def check_cell(ctx, cell, true, what):
    """A published count: the true value, or suppressed with nothing of the value in it."""
    small = 0 < true < 10
    if cell.get("suppressed"):
        ctx.eq(cell, {"value": None, "suppressed": True, "shown": "<10"}, "%s: suppressed, no value" % what)
        return True
    ctx.check(not small, "%s: a count of 1-9 is never published" % what, (cell, true))
    ctx.eq(cell, {"value": true, "suppressed": False}, "%s: the count" % what)
    return False


def check_report(ctx, rep, rules, what):
    who = members(ctx, rules)
    n = len(who)
    check_cell(ctx, rep["size"], n, "%s size" % what)
    rows = true_table(ctx, who)
    ctx.eq([m["month"] for m in rep["months"]], [r[0] for r in rows], "%s: the last 12 months" % what)
    hidden = []
    for m, (month, con, cas) in zip(rep["months"], rows):
        hidden.append([check_cell(ctx, m["contacts"], con, "%s %s contacts" % (what, month)),
                       check_cell(ctx, m["cases"], cas, "%s %s cases" % (what, month)),
                       check_cell(ctx, m["total"], con + cas, "%s %s total" % (what, month))])
    tc, tk = sum(r[1] for r in rows), sum(r[2] for r in rows)
    t = rep["totals"]
    hidden.append([check_cell(ctx, t["contacts"], tc, "%s total contacts" % what),
                   check_cell(ctx, t["cases"], tk, "%s total cases" % what),
                   check_cell(ctx, t["total"], tc + tk, "%s grand total" % what)])
    # No row or column of the published table holds exactly one suppressed count.
    lines = [sum(r) for r in hidden] + [sum(r[j] for r in hidden) for j in range(3)]
    ctx.check(1 not in lines, "%s: no row or column with a single suppressed count" % what, lines)
    ctx.eq(rep["suppression"]["suppressed_cells"], sum(map(sum, hidden)), "%s: suppressed cells counted" % what)
    # Complementary cells: suppressed although their count is 0 or 10+.
    trues = [[r[1], r[2], r[1] + r[2]] for r in rows] + [[tc, tk, tc + tk]]
    comp = sum(1 for i, r in enumerate(hidden) for j, h in enumerate(r) if h and not 0 < trues[i][j] < 10)
    return n, comp


def test_create_and_list(ctx):
    region = ctx.q1("SELECT id FROM regions WHERE code = 'NORTHERN'")
    r = create(ctx, {"region_id": region, "lang": "fr", "groups": ["francophone", "woman", "woman"],
                     "age_band": None}, name="Francophones du Nord <script>")
    ctx.status(r, 201, "a manager creates a segment")
    j = r.json or {}
    ctx.eq(j.get("rules"), {"region_id": region, "lang": "fr", "groups": ["woman", "francophone"]},
           "rules stored normalised (nulls dropped, groups once, in the questions' order)")
    stored = ctx.q1("SELECT rules FROM segments WHERE id = ?", (j.get("id"),))
    ctx.eq(json.loads(stored or "{}"), j.get("rules"), "the rules are stored as JSON")
    r = ctx.api("GET", "/api/v1/segments", as_="auditor")
    ctx.status(r, 200, "an auditor lists segments")
    ctx.check(any(s["id"] == j.get("id") for s in (r.json or {}).get("items", [])), "the new segment is listed")
    r = ctx.api("GET", "/api/v1/segments?lang=fr", as_="manager")
    ctx.check(any(s["name"] == "Francophones du Nord <script> (fr)" for s in (r.json or {}).get("items", [])),
              "the name in the reply's language")
    r = create(ctx, {}, name="Everyone", as_="administrator")
    ctx.status(r, 201, "an administrator creates a segment with no rules")


def test_create_refusals(ctx):
    before = ctx.q1("SELECT count(*) FROM segments")
    cases = [({"age_band": "18-20"}, 400, "field-enum", "rules.age_band"),
             ({"lang": "de"}, 400, "field-enum", "rules.lang"),
             ({"groups": ["left_handed"]}, 400, "field-enum", "rules.groups"),
             ({"groups": "woman"}, 400, "field-type", "rules.groups"),
             ({"program": "nope"}, 400, "field-enum", "rules.program"),
             ({"region_id": 0}, 400, "field-range", "rules.region_id"),
             ({"region_id": 999999}, 422, "reference-invalid", "rules.region_id"),
             ({"colour": "blue"}, 400, "field-unknown", "rules"),
             ([], 400, "field-type", "rules")]
    for rules, status, slug, field in cases:
        r = create(ctx, rules)
        ctx.status(r, status, "rules %r refused" % (rules,))
        ctx.problem(r, slug, "rules %r" % (rules,), field=field)
    r = ctx.api("POST", "/api/v1/segments", {"name_en": "", "name_fr": "x", "rules": {}}, as_="manager")
    ctx.problem(r, "field-too-short", "an empty name", field="name_en")
    for role in ("advisor", "auditor", "client", "sponsor"):
        r = create(ctx, {}, as_=role)
        ctx.problem(r, "forbidden", "%s may not create segments" % role)
    ctx.eq(ctx.q1("SELECT count(*) FROM segments"), before, "refusals write nothing")


def test_reports(ctx):
    region = ctx.q1("SELECT id FROM regions WHERE code = 'CENTRAL'")
    program = ctx.q1("SELECT program FROM cases LIMIT 1")
    specs = [{}, {"lang": "fr"}, {"lang": "en"}, {"region_id": region}, {"age_band": "25-34"},
             {"age_band": "15-24", "lang": "en"}, {"groups": ["woman"]}, {"program": program},
             {"region_id": region, "groups": ["newcomer"], "age_band": "35-54"}]
    big = comp = 0
    for rules in specs:
        r = create(ctx, rules, name="Report %s" % json.dumps(rules))
        if not ctx.status(r, 201, "create %r" % (rules,)):
            continue
        sid = r.json["id"]
        r = ctx.api("GET", "/api/v1/segments/%d/report" % sid, as_="auditor")
        if not ctx.status(r, 200, "report %r" % (rules,)):
            continue
        n, c = check_report(ctx, r.json, rules, "report %r" % (rules,))
        big += n >= 10
        comp += c
        ctx.check('"<10"' not in r.text or '"value":null' in r.text.replace(" ", ""), "suppressed shown as <10")
    ctx.check(big >= 3, "several segments are large enough to be published", big)
    ctx.check(comp >= 1, "complementary suppression happens in the demo data", comp)
    r = ctx.api("GET", "/api/v1/segments/999999/report", as_="manager")
    ctx.problem(r, "record-not-found", "no such segment")
    for role in ("advisor", "client", "sponsor", "partner"):
        r = ctx.api("GET", "/api/v1/segments", as_=role)
        ctx.problem(r, "forbidden", "%s may not list segments" % role)


def _form_csrf(page, action):
    f = page.form(action)
    return f["fields"].get("csrf", "") if f else ""


def test_pages(ctx):
    w = Web(ctx)
    w.sign_in("manager")
    page = w.get("/en/segments")
    if not ctx.status(page, 200, "the manager opens the segments page"):
        return
    ctx.eq(page.h1, "Client segments", "its heading")
    region = ctx.q1("SELECT id FROM regions WHERE code = 'NORTHERN'")
    before = ctx.q1("SELECT count(*) FROM segments")
    # Invalid input: every field in error, nothing written, values kept.
    bad = [("csrf", _form_csrf(page, "/en/segments")), ("name_en", ""), ("name_fr", "x" * 121),
           ("age_band", "99-100"), ("region", "999999"), ("lang", "de"), ("groups", "woman"),
           ("groups", "astronaut"), ("program", "astrology")]
    p2 = w.post("/en/segments", bad, csrf=False)
    ctx.status(p2, 200, "invalid input: the same page again")
    ctx.check((p2.title or "").startswith("Error: "), "the title says Error", p2.title)
    hrefs = [h for h, _ in p2.links if h.startswith("#")]
    for fid in ("#name-en", "#name-fr", "#age-band", "#region", "#lang-1", "#groups-1", "#program"):
        ctx.check(fid in hrefs, "the summary links to %s" % fid, hrefs)
    ctx.check("Enter the segment’s name in English" in p2.errors, "specific wording", p2.errors)
    ctx.check(p2.elements("input", id="groups-1", checked="") != [] or 'id="groups-1" name="groups" value="woman" checked'
              in p2.text, "a checked group stays checked")
    ctx.eq(ctx.q1("SELECT count(*) FROM segments"), before, "nothing written")
    r = w.post("/en/segments", [("csrf", "forged"), ("name_en", "A"), ("name_fr", "B")], csrf=False)
    ctx.status(r, 403, "a forged CSRF token: 403")
    # A valid segment: redirected to its report.
    name = "Nord <script>alert(1)</script> é"
    good = [("csrf", _form_csrf(page, "/en/segments")), ("name_en", name), ("name_fr", "Nord é"),
            ("age_band", ""), ("region", str(region)), ("lang", "any"), ("groups", "woman"), ("program", "")]
    p3 = w.post("/en/segments", good, csrf=False)
    ctx.status(p3, 200, "created, then the report")
    ctx.check(bool(p3.history) and p3.history[0].status == 303, "POST-redirect-GET", [h.status for h in p3.history])
    sid = ctx.q1("SELECT max(id) FROM segments")
    ctx.eq(p3.path, "/en/segments/%d" % sid, "the report of the new segment")
    ctx.eq(p3.h1, name, "the name as heading")
    ctx.check("&lt;script&gt;" in p3.text and "<script>alert" not in p3.text, "the name is escaped")
    rules = json.loads(ctx.q1("SELECT rules FROM segments WHERE id = ?", (sid,)))
    ctx.eq(rules, {"region_id": region, "groups": ["woman"]}, "the rules from the form")
    # The report page shows exactly the API's cells: "<10" where suppressed, never the value.
    rep = ctx.api("GET", "/api/v1/segments/%d/report" % sid, as_="manager").json
    who = members(ctx, rules)
    rows = true_table(ctx, who)
    cells = re.findall(r'<td class="ontario-table-cell--numeric">(.*?)</td>', p3.text)
    want = []
    for m in rep["months"] + [rep["totals"]]:
        for k in ("contacts", "cases", "total"):
            c = m[k]
            want.append("&lt;10" if c["suppressed"] else format(c["value"], ","))
    got = [re.sub(r"\s*<span.*", "", c) for c in cells]
    ctx.eq(got, want, "the table's cells are the API's published counts")
    ctx.check(any(g == "&lt;10" for g in got), "some counts are suppressed in this segment", got)
    ctx.check(all("(suppressed, see the note)" in c for c in cells if c.startswith("&lt;10")),
              "suppressed cells say so in words")
    smalls = {str(v) for _, a, b in rows for v in (a, b, a + b) if 0 < v < 10}
    published = {g for g in got if g != "&lt;10"}
    ctx.eq(sorted(smalls & published), [], "no small count appears in the table")
    ctx.check("About “&lt;10”" in p3.text and "cannot be worked out" in p3.plain, "the note explains suppression")
    ctx.check("<caption>" in p3.text and 'scope="col"' in p3.text and 'scope="row"' in p3.text,
              "caption and th scope")
    ctx.check('role="region"' in p3.text and 'tabindex="0"' in p3.text, "the table scrolls in a focusable region")
    lst = w.get("/en/segments")
    ctx.check(("/en/segments/%d" % sid, name) in lst.links, "the list links to the report by name", lst.links[-5:])
    # French.
    fr = w.get("/fr/segments/%d" % sid)
    ctx.status(fr, 200, "the French report")
    ctx.eq(fr.h1, "Nord é", "the French name")
    ctx.check("Personnes dans ce segment aujourd’hui\u00a0:" in fr.text and "À propos de «\u00a0&lt;10\u00a0»" in fr.text,
              "French texts with no-break spaces")
    frl = w.get("/fr/segments")
    ctx.eq(frl.h1, "Segments de clientèle", "the French list")
    p4 = w.post("/fr/segments", [("csrf", _form_csrf(frl, "/fr/segments")), ("name_en", ""), ("name_fr", "")],
                csrf=False)
    ctx.check("Entrez le nom du segment en anglais" in p4.errors, "French errors", p4.errors)
    ctx.status(w.get("/en/segments/999999"), 404, "no such segment: 404")


def test_pages_access(ctx):
    for path in ("/en/segments", "/en/segments/1"):
        w = Web(ctx)
        p = w.get(path, follow=False)
        ctx.status(p, 303, "anonymous %s -> sign in" % path)
        for role in ("client", "sponsor", "advisor", "auditor", "partner"):
            w = Web(ctx)
            w.sign_in(role)
            p = w.get(path)
            ctx.check(p.status in (403, 404), "%s may not open %s" % (role, path), p.status)
    w = Web(ctx)
    w.sign_in("administrator")
    ctx.status(w.get("/en/segments"), 200, "an administrator opens the segments page")
    before = ctx.q1("SELECT count(*) FROM segments")
    w = Web(ctx)
    w.sign_in("advisor")
    page = w.get("/en")
    r = w.post("/en/segments", [("name_en", "A"), ("name_fr", "B")])
    ctx.check(r.status in (403, 404), "an advisor may not post a segment", r.status)
    ctx.eq(ctx.q1("SELECT count(*) FROM segments"), before, "nothing written")


TESTS = [test_create_and_list, test_create_refusals, test_reports, test_pages, test_pages_access]
