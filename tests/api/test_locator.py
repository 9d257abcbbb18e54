"""The service locator and the supports of other governments.

API: GET /api/v1/locator from a municipality (accents and case ignored), coordinates or a postal
code (placed by its forward sortation area only: the project has no postal-code data set),
answers the nearest active points offering a service in a language, nearest first, the same
order a brute-force haversine scan of the database gives (ties to the lower id), with hours
today and next outreach visits; virtual points apart; the query is validated like a body (400
problems naming the parameter, with a detail in both languages; unknown places 404).
GET /api/v1/supports searches the directory in both languages.
Page: /LANG/find-a-service, a GET form usable without JavaScript, results as an ordered list
with the distance in the page's language, the error pattern for an unknown place, the supports
of the place's region.

The demo network is seeded by the points engineer's seed_points; when the database has no
point with coordinates, the checks that need one are skipped (said in the output)."""
import math
import re
import urllib.parse

from test_openapi import Validator, load
from webclient import Web

R = 6371.0088
NBSP = "\u00a0"


def hav(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(math.sqrt(min(1.0, h)))


def have_points(ctx):
    n = ctx.q1("SELECT count(*) FROM points WHERE active = 1 AND lat IS NOT NULL")
    if not n:
        print("SKIP [%s] no point of service with coordinates in the demo database" % ctx.current, flush=True)
    return bool(n)


def candidates(ctx, service=None, lang=None):
    """Active points with coordinates passing the filters: [(id, lat, lon)]."""
    sql = "SELECT id, lat, lon FROM points p WHERE active = 1 AND lat IS NOT NULL AND lon IS NOT NULL"
    args = []
    if service:
        sql += " AND EXISTS (SELECT 1 FROM point_services s WHERE s.point_id = p.id AND s.service = ?)"
        args.append(service)
    if lang:
        sql += " AND EXISTS (SELECT 1 FROM point_languages l WHERE l.point_id = p.id AND l.lang = ?)"
        args.append(lang)
    return ctx.q(sql, tuple(args))


def expected_order(ctx, lat, lon, service, lang, k):
    rows = [(hav(lat, lon, la, lo), pid) for pid, la, lo in candidates(ctx, service, lang)]
    rows.sort(key=lambda x: (round(x[0], 6), x[1]))
    return rows[:k]


HEARST = (49.68351, -83.66654)


def test_hearst_exams_french(ctx):
    if not have_points(ctx):
        return
    r = ctx.request("GET", "/api/v1/locator?municipality=Hearst&service=exams&language=fr&limit=5")
    if not ctx.status(r, 200, "locator from Hearst, exams in French"):
        return
    j = r.json
    ctx.eq((j["place"]["from"], j["place"]["name"], j["place"]["rule"]), ("municipality", "Hearst", "community"),
           "the place is the community Hearst")
    want = expected_order(ctx, HEARST[0], HEARST[1], "exams", "fr", 5)
    ids = [it["id"] for it in j["items"]]
    ctx.check(len(ids) >= 1, "at least one French exam point is found", j)
    ctx.eq(ids, [pid for _, pid in want], "the points are those of a haversine scan of the database, in order")
    if ids:
        ctx.eq(ids[0], want[0][1], "the nearest French exam point comes first")
    d = [it["distance_km"] for it in j["items"]]
    ctx.eq(d, sorted(d), "distances ascend")
    ctx.check(all(abs(a - b[0]) < 0.01 for a, b in zip(d, want)), "distances are great-circle km", (d, want))
    for it in j["items"]:
        svc = ctx.q1("SELECT count(*) FROM point_services WHERE point_id = ? AND service = 'exams'", (it["id"],))
        lng = ctx.q1("SELECT count(*) FROM point_languages WHERE point_id = ? AND lang = 'fr'", (it["id"],))
        ctx.check(svc == 1 and lng == 1, "point %d offers exams in French" % it["id"])
        ctx.eq(it["calendar_url"], "/api/v1/points/%d/calendar.ics" % it["id"], "calendar link of %d" % it["id"])
        ctx.check(isinstance(it["hours_today"], str) and it["hours_today"], "hours today of %d in words" % it["id"])
        starts = [v["start"] for v in it["next_visits"]]
        ctx.eq(starts, sorted(starts), "visits of %d in time order" % it["id"])
    # the same with coordinates, with accents and case
    r2 = ctx.request("GET", "/api/v1/locator?lat=%f&lon=%f&service=exams&language=fr&limit=5" % HEARST)
    if ctx.status(r2, 200, "locator from Hearst's coordinates"):
        ctx.eq([it["id"] for it in r2.json["items"]], ids, "coordinates give the same answer")
    r3 = ctx.request("GET", "/api/v1/locator?" + urllib.parse.urlencode(
        {"municipality": "HÉARST", "service": "exams", "language": "fr", "limit": 5}))
    if ctx.status(r3, 200, "locator from HÉARST (accents and case ignored)"):
        ctx.eq([it["id"] for it in r3.json["items"]], ids, "the same answer")
    # a northern person wants outreach visits: somewhere in the answer for any service
    r4 = ctx.request("GET", "/api/v1/locator?municipality=Hearst&limit=20")
    if ctx.status(r4, 200, "locator from Hearst, any service"):
        ctx.check(any(it["next_visits"] for it in r4.json["items"]),
                  "some point near Hearst has scheduled outreach visits", r4.json["items"][:3])
        ctx.eq(len(r4.json["items"]), min(20, len(candidates(ctx))), "limit 20 is honoured")


def test_filters_and_online(ctx):
    if not have_points(ctx):
        return
    for svc, lang in [(None, None), ("apprenticeship", "en"), ("employment", None), (None, "oj")]:
        q = {"lat": 43.7, "lon": -79.42, "limit": 7}
        if svc:
            q["service"] = svc
        if lang:
            q["language"] = lang
        r = ctx.request("GET", "/api/v1/locator?" + urllib.parse.urlencode(q))
        if not ctx.status(r, 200, "locator from Toronto %r" % q):
            continue
        want = expected_order(ctx, 43.7, -79.42, svc, lang, 7)
        ctx.eq([it["id"] for it in r.json["items"]], [pid for _, pid in want], "Toronto %r: index = scan" % q)
        virt = ctx.q("SELECT id FROM points WHERE active = 1 AND lat IS NULL ORDER BY id")
        for it in r.json["online"]:
            ctx.check("distance_km" not in it and (it["id"],) in virt,
                      "online item %d is a point without coordinates, without distance" % it["id"])
    r = ctx.request("GET", "/api/v1/locator?municipality=Hearst")
    if ctx.status(r, 200, "default limit"):
        ctx.check(len(r.json["items"]) <= 5, "5 points by default", len(r.json["items"]))
        ctx.eq(r.json["place"]["region"]["code"] in ("NORTHEAST", "NORTHWEST"), True,
               "Hearst's region is a northern catchment", r.json["place"]["region"])
    # reply language: hours in French with lang=fr
    r = ctx.request("GET", "/api/v1/locator?municipality=Toronto&lang=fr&limit=3")
    if ctx.status(r, 200, "locator in French"):
        ctx.check(all(not re.search(r"\d:\d\d", it["hours_today"]) for it in r.json["items"]),
                  "hours today are written the French way", [it["hours_today"] for it in r.json["items"]])


def test_postal_codes(ctx):
    r = ctx.request("GET", "/api/v1/locator?postal_code=X0A%200A0")
    ctx.problem(r, "postal-code-unplaced", "a postal code of an area the network does not know", field="postal_code")
    ctx.check("municipality" in (r.json or {}).get("detail", ""), "the detail asks for a municipality", r.json)
    r = ctx.request("GET", "/api/v1/locator?postal_code=X0A%200A0&lang=fr")
    ctx.problem(r, "postal-code-unplaced", "the same in French", lang="fr", field="postal_code")
    ctx.check("municipalité" in (r.json or {}).get("detail", ""), "the French detail asks for a municipality", r.json)
    for bad in ["123", "ABCDEF", "P0L1C", "D0L%201C0", "%25%25%25"]:
        r = ctx.request("GET", "/api/v1/locator?postal_code=" + bad)
        ctx.problem(r, "field-postal-code", "postal code %r" % bad, field="postal_code")
    if not have_points(ctx):
        return
    pc = ctx.q1("SELECT postal_code FROM points WHERE active = 1 AND lat IS NOT NULL AND postal_code IS NOT NULL "
                "ORDER BY id LIMIT 1")
    if pc is None:
        print("SKIP [%s] no point with a postal code" % ctx.current, flush=True)
        return
    fsa = pc.replace(" ", "")[:3].upper()
    rows = ctx.q("SELECT lat, lon FROM points WHERE active = 1 AND lat IS NOT NULL AND upper(postal_code) LIKE ?",
                 (fsa + "%",))
    for q in (pc, fsa.lower(), fsa + " 9Z9"):
        r = ctx.request("GET", "/api/v1/locator?" + urllib.parse.urlencode({"postal_code": q}))
        if not ctx.status(r, 200, "postal code %r placed by its area %s" % (q, fsa)):
            continue
        pl = r.json["place"]
        ctx.eq((pl["from"], pl["rule"], pl["fsa"]), ("postal_code", "fsa_points", fsa), "placed by the points of %s" % fsa)
        if len(rows) == 1:
            ctx.check(abs(pl["lat"] - rows[0][0]) < 1e-4 and abs(pl["lon"] - rows[0][1]) < 1e-4,
                      "a single point of the area gives its position", (pl, rows))


def test_refusals(ctx):
    cases = [
        ("lat=95&lon=1", "query-param", "lat"), ("lat=abc&lon=1", "query-param", "lat"),
        ("lat=45", "query-param", "lon"), ("lon=-80", "query-param", "lat"), ("lat=45&lon=200", "query-param", "lon"),
        ("lat=nan&lon=1", "query-param", "lat"), ("lat=inf&lon=1", "query-param", "lat"),
        ("lat=&lon=1", "query-param", "lat"),
        ("", "query-param", "postal_code"), ("municipality=Hearst&postal_code=P0L", "query-param", "municipality"),
        ("municipality=Hearst&lat=1&lon=1", "query-param", "lat"),
        ("municipality=", "query-param", "municipality"), ("municipality=" + "x" * 101, "query-param", "municipality"),
        ("municipality=Hearst&service=haircuts", "query-param", "service"),
        ("municipality=Hearst&language=FR", "query-param", "language"),
        ("municipality=Hearst&language=french", "query-param", "language"),
        ("municipality=Hearst&limit=0", "query-param", "limit"), ("municipality=Hearst&limit=21", "query-param", "limit"),
        ("municipality=Hearst&zzz=1", "field-unknown", "zzz"),
    ]
    for q, slug, field in cases:
        r = ctx.request("GET", "/api/v1/locator?" + q)
        ctx.problem(r, slug, "locator?%s" % q[:40], field=field)
        if slug != "query-param" or field in ("service", "limit"):
            continue
        ctx.check(bool((r.json or {}).get("detail")), "locator?%s: a detail says what to send" % q[:40], r.json)
    r = ctx.request("GET", "/api/v1/locator?municipality=Atlantis")
    ctx.problem(r, "place-unknown", "an unknown municipality", field="municipality")
    ctx.check("spelling" in (r.json or {}).get("detail", ""), "the detail says to check the spelling", r.json)
    r = ctx.request("GET", "/api/v1/locator?municipality=Atlantis&lang=fr")
    ctx.problem(r, "place-unknown", "an unknown municipality, in French", lang="fr", field="municipality")
    ctx.check("orthographe" in (r.json or {}).get("detail", ""), "the French detail", r.json)


def test_supports_api(ctx):
    r = ctx.request("GET", "/api/v1/supports")
    if not ctx.status(r, 200, "every support"):
        return
    items = r.json["items"]
    ctx.check(len(items) >= 20, "at least 20 supports", len(items))
    ctx.eq(sorted({i["level"] for i in items}), ["federal", "municipal", "provincial"], "three levels")
    ctx.check(all(i["url_en"].startswith("https://") and i["name_fr"] and i["eligibility_fr"] and i["apply_fr"]
                  for i in items), "every support has its page and its French texts")
    r = ctx.request("GET", "/api/v1/supports?q=apprenti")
    if ctx.status(r, 200, "search apprenti"):
        names = [i["name_fr"] for i in r.json["items"]]
        ctx.check(sum("apprenti" in n.lower() for n in names) >= 3, "apprenti finds French names", names)
        ctx.check("Prêt canadien aux apprentis" in names, "including the Canada Apprentice Loan's French name", names)
    r = ctx.request("GET", "/api/v1/supports?q=loan")
    if ctx.status(r, 200, "search loan"):
        ctx.eq(r.json["items"][0]["name_en"] if r.json["items"] else None, "Canada Apprentice Loan",
               "loan finds the English name first")
    r = ctx.request("GET", "/api/v1/supports?" + urllib.parse.urlencode({"q": "PRET canadien"}))
    if ctx.status(r, 200, "search without accents"):
        ctx.eq([i["id"] for i in r.json["items"]][:1], ["canada-apprentice-loan"], "accents ignored")
    r = ctx.request("GET", "/api/v1/supports?region=NORTHEAST")
    if ctx.status(r, 200, "supports of the Northeast"):
        got = {i["id"] for i in r.json["items"]}
        ctx.check("cochrane-dssab" in got and "tess" not in got and "canada-apprentice-loan" in got,
                  "regional supports only where they apply; federal ones everywhere", sorted(got))
    r = ctx.request("GET", "/api/v1/supports?region=TORONTO&q=toronto")
    if ctx.status(r, 200, "supports of Toronto"):
        ctx.eq([i["id"] for i in r.json["items"]], ["tess"], "Toronto Employment & Social Services")
    ctx.problem(ctx.request("GET", "/api/v1/supports?region=NOWHERE"), "query-param", "unknown region", field="region")
    ctx.problem(ctx.request("GET", "/api/v1/supports?q=" + "a" * 201), "query-param", "q too long", field="q")
    ctx.problem(ctx.request("GET", "/api/v1/supports?type=x"), "field-unknown", "unknown parameter", field="type")


def test_replies_match_schema(ctx):
    _, doc, _ = load(ctx)
    val = Validator(doc)
    for path, url in [("/api/v1/supports", "/api/v1/supports?q=apprenti"),
                      ("/api/v1/locator", "/api/v1/locator?municipality=Hearst&limit=20"),
                      ("/api/v1/locator", "/api/v1/locator?lat=43.7&lon=-79.4&service=employment")]:
        op = doc["paths"].get(path, {}).get("get")
        if not ctx.check(op is not None, "%s is documented" % path):
            continue
        r = ctx.request("GET", url)
        if ctx.status(r, 200, url):
            sch = op["responses"]["200"]["content"]["application/json"]["schema"]
            ctx.eq(val.errors(sch, r.json)[:5], [], "%s matches its schema" % url)
    r = ctx.request("GET", "/api/v1/locator?municipality=Atlantis")
    ctx.eq(val.errors(doc["components"]["schemas"]["Problem"], r.json)[:5], [], "place-unknown matches Problem")


# ---- the page ----

def test_page_empty(ctx):
    for lang, h1 in (("en", "Find a service near you"), ("fr", "Trouver un service près de chez vous")):
        w = Web(ctx)
        p = w.get("/%s/find-a-service" % lang)
        if not ctx.eq(p.status, 200, "/%s/find-a-service" % lang):
            continue
        ctx.eq(p.h1, h1, "%s heading" % lang)
        f = p.form("/%s/find-a-service" % lang)
        ctx.check(f is not None and f["method"] == "get" and "where" in f["fields"], "a GET form with where", p.forms)
        ctx.check(p.elements("select", name="service") and p.elements("select", name="language"),
                  "service and language selects")
        ctx.check(p.elements("option", value="fr"), "French is a language choice")
        ctx.check(p.elements("label", **{"for": "where"}), "the where field has its label")
        ctx.eq(p.errors, [], "no error before a search")
        ctx.check(not p.elements("ol", **{"class": "pl-results"}), "no results before a search")


def test_page_results(ctx):
    if not have_points(ctx):
        return
    api = ctx.request("GET", "/api/v1/locator?municipality=Hearst&service=exams&language=fr")
    if not ctx.status(api, 200, "the API answer to compare"):
        return
    first = api.json["items"][0]
    for lang in ("en", "fr"):
        w = Web(ctx)
        p = w.get("/%s/find-a-service?where=Hearst&service=exams&language=fr" % lang)
        if not ctx.eq(p.status, 200, "%s results page" % lang):
            continue
        ctx.eq(p.errors, [], "%s: no errors" % lang)
        hrefs = [h for h, _ in p.links if re.match(r"^/%s/points/\d+$" % lang, h)]
        ctx.eq(hrefs[:len(api.json["items"])], ["/%s/points/%d" % (lang, it["id"]) for it in api.json["items"]],
               "%s: the points in the API's order, linking to their pages" % lang)
        name = first["name_fr" if lang == "fr" else "name_en"]
        ctx.check(any(t == name for _, t in p.links), "%s: names in the page's language" % lang, name)
        km = "%.1f" % first["distance_km"]
        if lang == "fr":
            km = km.replace(".", ",")
        text = p.plain.replace(NBSP, " ")
        ctx.check(("Distance : %s km" if lang == "fr" else "Distance: %s km") % km in text,
                  "%s: distance in words %s km" % (lang, km), text[:600])
        ctx.check(("Heures d’ouverture aujourd’hui" if lang == "fr" else "Hours today") in text, "%s: hours today" % lang)
        ctx.check(p.elements("ol", **{"class": "pl-results"}), "%s: an ordered list" % lang)
        cal = [(h, t) for h, t in p.links if h.endswith("/calendar.ics")]
        visits = [it for it in api.json["items"] if it["next_visits"]]
        ctx.eq(len(cal), len(visits) + sum(1 for it in api.json["online"] if it["next_visits"]),
               "%s: an Add to calendar link per point with visits" % lang)
        if cal:
            ctx.check(cal[0][1].startswith("Ajouter à mon calendrier" if lang == "fr" else "Add to calendar"),
                      "%s: calendar link text with context" % lang, cal[0])
        ctx.check(("Soutiens offerts par d’autres gouvernements" if lang == "fr" else "Supports from other governments")
                  in text, "%s: the supports section" % lang)
        ctx.check(("Ontario au travail dans le district de Cochrane" if lang == "fr" else "Ontario Works in the Cochrane District")
                  in text, "%s: the Cochrane District's support for Hearst" % lang)
        ctx.check("Toronto Employment" not in text and "Services d’emploi et sociaux de Toronto" not in text,
                  "%s: no Toronto support in Hearst" % lang)
        ctx.check(p.elements("option", value="exams", selected="") and p.elements("option", value="fr", selected=""),
                  "%s: choices kept" % lang)


def test_page_errors(ctx):
    for lang in ("en", "fr"):
        w = Web(ctx)
        p = w.get("/%s/find-a-service?where=Atlantis&service=&language=" % lang)
        ctx.eq(p.status, 200, "%s: unknown place re-renders the page" % lang)
        want = ("Nous n’avons trouvé aucune municipalité appelée « Atlantis ». Vérifiez l’orthographe ou entrez un code postal"
                if lang == "fr" else
                "We could not find a municipality called “Atlantis”. Check the spelling, or enter a postal code")
        ctx.eq([e.replace(NBSP, " ") for e in p.errors], [want.replace(NBSP, " ")], "%s: the error summary" % lang)
        ctx.check(("#where", ) and any(h == "#where" for h, _ in p.links), "%s: the summary links to the field" % lang)
        ctx.check(p.title.startswith("Erreur" if lang == "fr" else "Error"), "%s: title says error" % lang, p.title)
        ctx.check(p.elements("input", id="where", value="Atlantis", aria_invalid="true"), "%s: value kept, marked invalid" % lang)
        p = w.get("/%s/find-a-service?where=+&service=exams" % lang)
        ctx.eq(len(p.errors), 1, "%s: an empty place is an error" % lang)
        p = w.get("/%s/find-a-service?where=X0A+0A0" % lang)
        ctx.check(p.errors and ("entrez votre municipalité" if lang == "fr" else "enter your municipality") in p.errors[0],
                  "%s: an unplaced postal code asks for the municipality" % lang, p.errors)
    w = Web(ctx)
    p = w.get("/en/find-a-service?" + urllib.parse.urlencode({"where": "<script>alert(1)</script>é"}))
    ctx.check("<script>alert(1)" not in p.text and "&lt;script&gt;alert(1)&lt;/script&gt;é" in p.text,
              "the typed place is escaped, accents kept", p.text[:300])
    p = w.get("/en/find-a-service?where=Hearst&service=bogus&language=zz")
    ctx.eq(p.status, 200, "unknown choices are ignored (any service, any language)")


def test_supports_search_page(ctx):
    """The supports section has its own search: either language's words, the place kept."""
    w = Web(ctx)
    p = w.get("/en/find-a-service?where=Hearst&service=exams&language=fr&supports_q=pr%C3%AAt")
    ctx.eq(p.status, 200, "supports search with a place")
    counts = re.findall(r'data-count="(\d+)">([^<]*)<', p.text)
    ctx.check(counts and int(counts[-1][0]) >= 1 and "prêt" in counts[-1][1],
              "a French word finds supports on the English page", counts)
    ctx.check("Canada Apprentice Loan" in p.text, "the loan is listed in English")
    form = [f for f in p.forms if f["attrs"].get("aria-label") == "Search these supports"]
    ctx.check(form and form[0]["fields"].get("where") == "Hearst" and
              form[0]["fields"].get("language") == "fr", "the search keeps the place and language", form)
    ctx.check('<label class="ontario-label" for="supports-q">' in p.text, "the search field has a label")
    fr = w.get("/fr/find-a-service?supports_q=zzzz")
    ctx.check("Aucun soutien ne correspond à «\u00a0zzzz\u00a0»" in fr.text, "no match said in French")
    hostile = w.get("/en/find-a-service?supports_q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    ctx.check("<script>alert(1)" not in hostile.text and "&lt;script&gt;alert(1)" in hostile.text,
              "the query is shown as text")


TESTS = [test_supports_search_page, test_hearst_exams_french, test_filters_and_online, test_postal_codes, test_refusals, test_supports_api,
         test_replies_match_schema, test_page_empty, test_page_results, test_page_errors]
