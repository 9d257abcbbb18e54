"""Points of service: the public list and its filters, GeoJSON, one point, create and replace
(roles, checks, audit), CSV import (dry run, line-numbered errors, nothing written) and the ICS
feeds of outreach visits."""
import json

from webclient import Web

POINT = {
    "code": "TEST-HEARST-2", "kind": "exam_centre", "name_en": "Test exam centre – Hearst",
    "name_fr": "Centre d’examens d’essai – Hearst", "region_id": None, "address": "925, rue Alexandra",
    "municipality": "Hearst", "postal_code": "p0l 1n0", "phone": "705 555 0100", "lat": 49.6869,
    "lon": -83.6654, "capacity_per_week": 40, "services": ["exams", "information"],
    "languages": ["fr", "en"], "accessibility": ["step_free", "hearing_loop"],
    "hours": [{"weekday": 1, "opens": "09:00", "closes": "12:00"},
              {"weekday": 1, "opens": "13:00", "closes": "16:00"}],
}


def region(ctx, code):
    return ctx.q1("SELECT id FROM regions WHERE code = ?", (code,))


def test_list_filters(ctx):
    n = ctx.q1("SELECT count(*) FROM points WHERE active = 1")
    ctx.check(150 <= n <= 250, "the demo network has 150 to 250 points", n)
    r = ctx.api("GET", "/api/v1/points?limit=100")
    ctx.status(r, 200, "GET /points")
    items = r.json["items"]
    ctx.eq(len(items), 100, "a page of 100")
    ctx.check(r.json["next_cursor"] is not None, "a cursor to the next page", r.json["next_cursor"])
    r2 = ctx.api("GET", "/api/v1/points?limit=200&cursor=" + (r.json["next_cursor"] or ""))
    ids = [i["id"] for i in items] + [i["id"] for i in r2.json["items"]]
    ctx.eq(len(ids), n, "two pages hold every point")
    ctx.eq(ids, sorted(set(ids)), "pages in id order without repeats")
    # A French-speaking exam centre in the northeast.
    ne = region(ctx, "NORTHEAST")
    r = ctx.api("GET", "/api/v1/points?kind=exam_centre&lang=fr&region=%d&service=exams" % ne)
    munis = sorted(i["municipality"] for i in r.json["items"])
    ctx.check("Hearst" in munis and "Kapuskasing" in munis, "French exam centres in Hearst and Kapuskasing",
              munis)
    ctx.check(all("fr" in i["languages"] and "exams" in i["services"] and i["region_id"] == ne
                  for i in r.json["items"]), "every item matches the filters", r.json["items"][:1])
    # A region filter takes an apprenticeship region and its catchments.
    north = region(ctx, "NORTHERN")
    r = ctx.api("GET", "/api/v1/points?region=%d&limit=200" % north)
    regs = {i["region_id"] for i in r.json["items"]}
    ctx.eq(regs, {ne, region(ctx, "NORTHWEST")}, "the Northern region lists its two catchments' points")
    r = ctx.api("GET", "/api/v1/points?lang=cr&kind=outreach_site")
    ctx.check({"Moosonee", "Moose Factory", "Attawapiskat"} <= {i["municipality"] for i in r.json["items"]},
              "Cree is served at the James Bay outreach sites", r.json["items"])
    for q in ("kind=shop", "service=haircut", "lang=French", "region=0", "format=xml", "limit=0"):
        ctx.problem(ctx.api("GET", "/api/v1/points?" + q), "query-param", "GET /points?%s" % q)
    r = ctx.api("GET", "/api/v1/points?format=csv&kind=regional_hub")
    ctx.check(r.status == 200 and r.headers.get("content-type", "").startswith("text/csv") and
              r.text.count("\r\n") == 5, "CSV of the 4 regional hubs", r)


def test_geojson(ctx):
    r = ctx.api("GET", "/api/v1/points?format=geojson")
    ctx.status(r, 200, "GET /points?format=geojson")
    fc = r.json
    ctx.eq(fc.get("type"), "FeatureCollection", "a FeatureCollection")
    feats = fc.get("features", [])
    ctx.eq(len(feats), ctx.q1("SELECT count(*) FROM points WHERE active = 1"), "one feature per point")
    by_id = {f["id"]: f for f in feats}
    lat, lon = ctx.q("SELECT lat, lon FROM points WHERE code LIKE 'EXAM-%' AND municipality = 'Hearst'")[0]
    hid = ctx.q1("SELECT id FROM points WHERE code LIKE 'EXAM-%' AND municipality = 'Hearst'")
    f = by_id[hid]
    ctx.eq(f["type"], "Feature", "features are Features")
    ctx.eq(f["geometry"]["type"], "Point", "a Point geometry")
    c = f["geometry"]["coordinates"]
    ctx.check(abs(c[0] - lon) < 1e-6 and abs(c[1] - lat) < 1e-6 and c[0] < -80 and c[1] > 49,
              "RFC 7946 order: [longitude, latitude]", c)
    p = f["properties"]
    ctx.check(p["name_en"].startswith("Apprenticeship exam centre") and "examens" in p["name_fr"] and
              p["kind"] == "exam_centre" and "exams" in p["services"] and "fr" in p["languages"],
              "properties carry both names, kind, services, languages", p)
    ctx.check("lat" not in p and "lon" not in p, "coordinates only in the geometry", p)
    virt = [f for f in feats if f["properties"]["kind"] in ("virtual", "contact_centre")]
    ctx.check(len(virt) == 2 and all(f["geometry"] is None for f in virt),
              "the contact centre and the online service have a null geometry", virt)
    ctx.eq(r.headers.get("content-type"), "application/geo+json", "GeoJSON media type (RFC 7946)")
    ctx.check("next" not in fc, "the whole network fits one collection: no next link", fc.get("next"))
    # Smaller collections chain with a "next" link (and a Link header) until every point is given.
    seen, path, hops = [], "/api/v1/points?format=geojson&limit=25&service=exams", 0
    while path and hops < 50:
        page = ctx.api("GET", path)
        if not ctx.status(page, 200, "GeoJSON page %d" % hops):
            break
        body = json.loads(page.text)
        seen += [f["id"] for f in body["features"]]
        ctx.check(len(body["features"]) <= 25, "at most the limit per collection")
        path = body.get("next")
        if path:
            ctx.check("service=exams" in path and "limit=25" in path, "the next link keeps the query", path)
            ctx.eq(page.headers.get("link"), '<%s>; rel="next"' % path, "Link header")
        hops += 1
    want = [i for (i,) in ctx.q("SELECT p.id FROM points p JOIN point_services s ON s.point_id = p.id "
                                "WHERE p.active = 1 AND s.service = 'exams' ORDER BY p.id")]
    ctx.eq(seen, want, "every exam-service point exactly once, in order, across the collections")
    ctx.check(hops > 1, "more than one collection at limit 25", hops)
    ctx.problem(ctx.api("GET", "/api/v1/points?format=geojson&limit=0"), "query-param", "limit 0 refused",
                field="limit")
    ctx.problem(ctx.api("GET", "/api/v1/points?format=geojson&cursor=@@"), "cursor-invalid", "bad cursor")


def test_point_get(ctx):
    pid = ctx.q1("SELECT id FROM points WHERE code = 'OUT-111'")
    ctx.check(pid, "Moosonee has an outreach site", pid)
    r = ctx.api("GET", "/api/v1/points/%d?lang=fr" % pid)
    ctx.status(r, 200, "GET /points/{moosonee}")
    p = r.json
    ctx.eq(p["kind"], "outreach_site", "kind")
    ctx.check(len(p["outreach"]) == 1 and p["outreach"][0]["rrule"] == "FREQ=MONTHLY;BYDAY=2TU" and
              p["outreach"][0]["host"]["name_en"], "its schedule and the hub it is served from", p["outreach"])
    ctx.eq(len(p["next_visits"]), 5, "the next 5 visits")
    starts = [v["start"] for v in p["next_visits"]]
    ctx.eq(starts, sorted(starts), "in time order")
    ctx.check(p["hours_today"], "today's hours in words", p["hours_today"])
    ctx.problem(ctx.api("GET", "/api/v1/points/99999999"), "record-not-found", "an unknown point")
    ctx.problem(ctx.api("GET", "/api/v1/points/abc"), "record-not-found", "a malformed id")


def test_create_update(ctx):
    body = dict(POINT, region_id=region(ctx, "NORTHEAST"))
    before = ctx.counts()
    n0 = ctx.q1("SELECT count(*) FROM points")
    for role in ("advisor", "client", "auditor"):
        ctx.problem(ctx.api("POST", "/api/v1/points", body, as_=role), "forbidden", "%s may not create" % role)
    bad = [({"lat": 12.0}, "field-range", "lat"), ({"lon": None}, "field-required", "lon"),
           ({"services": ["haircut"]}, "field-enum", "services"),
           ({"languages": ["French"]}, "field-format", "languages"),
           ({"hours": [{"weekday": 1, "opens": "17:00", "closes": "09:00"}]}, "field-format", "hours"),
           ({"hours": [{"weekday": 1, "opens": "09:00", "closes": "12:00"},
                       {"weekday": 1, "opens": "11:00", "closes": "13:00"}]}, "field-format", "hours"),
           ({"accessibility": ["elevator"]}, "field-enum", "accessibility"),
           ({"postal_code": "12345X"}, "field-postal-code", "postal_code"),
           ({"code": "lower case"}, "field-format", "code"),
           ({"kind": "shop"}, "field-enum", "kind"),
           ({"region_id": 999999}, "reference-invalid", "region_id")]
    for change, slug, field in bad:
        r = ctx.api("POST", "/api/v1/points", dict(body, **change), as_="manager")
        ctx.problem(r, slug, "refused: %s" % change, field=field)
    ctx.eq(ctx.q1("SELECT count(*) FROM points"), n0, "nothing written by refused bodies")
    r = ctx.api("POST", "/api/v1/points", body, as_="manager")
    if not ctx.status(r, 201, "a manager creates a point"):
        return
    p = r.json
    ctx.eq((p["postal_code"], p["phone"]), ("P0L 1N0", "7055550100"), "postal code and phone in canonical form")
    ctx.eq(p["languages"], ["en", "fr"], "languages")
    ctx.eq(len(p["hours"]), 2, "a day with a lunch closure keeps two periods")
    ev = ctx.q("SELECT type, payload FROM events WHERE entity = 'point' AND entity_id = ? ORDER BY id", (p["id"],))
    ctx.check(len(ev) == 1 and ev[0][0] == "point.created", "the creation is audited", ev)
    ctx.problem(ctx.api("POST", "/api/v1/points", body, as_="administrator"), "conflict", "a code already used",
                field="code")
    # Replace: the virtual service without coordinates is fine, a stale version is not.
    upd = dict(body, kind="virtual", lat=None, lon=None, services=["information"], version=p["version"])
    r = ctx.api("PUT", "/api/v1/points/%d" % p["id"], upd, as_="administrator")
    ctx.status(r, 200, "an administrator replaces the point")
    ctx.eq((r.json["kind"], r.json["lat"], r.json["services"]), ("virtual", None, ["information"]),
           "every member replaced")
    ctx.problem(ctx.api("PUT", "/api/v1/points/%d" % p["id"], upd, as_="administrator"), "version-mismatch",
                "a stale version")
    ev = ctx.q("SELECT type, payload FROM events WHERE entity = 'point' AND entity_id = ? ORDER BY id", (p["id"],))
    ctx.check(len(ev) == 2 and ev[1][0] == "point.updated" and
              json.loads(ev[1][1])["change"]["before"]["kind"] == "exam_centre",
              "the change is audited with before and after", ev[-1:])
    ctx.problem(ctx.api("PUT", "/api/v1/points/99999999", dict(upd, code="TEST-NOWHERE"), as_="manager"),
                "record-not-found", "replace an unknown point")
    ctx.check(ctx.counts() != before, "the suite's own writes are counted")


CSV_OK = ("code,kind,name_en,name_fr,region_code,address,municipality,postal_code,lat,lon,services,"
          "languages,accessibility,hours,capacity_per_week\n"
          "IMP-ONE,partner_site,Partner One,Partenaire un,NORTHEAST,1 Main St,Timmins,P4N 1A1,48.47,-81.33,"
          "information;employment,en;fr,step_free,\"1-5 09:00-16:00; 6 10:00-12:00\",30\n"
          "IMP-TWO,contact_centre,Line Two,Ligne deux,ON,,,,,,information,en;fr,,1-5 08:00-20:00,\n")


def test_import(ctx):
    n0 = ctx.q1("SELECT count(*) FROM points")
    ev0 = ctx.q1("SELECT count(*) FROM events")
    r = ctx.api("POST", "/api/v1/points/import?dry_run=1", CSV_OK, as_="manager", ctype="text/csv")
    ctx.status(r, 200, "a clean dry run")
    ctx.check(r.json and r.json["valid"] and r.json["dry_run"] and r.json["rows"] == 2 and r.json["created"] == 2,
              "the dry run reports what would be created", r)
    ctx.eq((ctx.q1("SELECT count(*) FROM points"), ctx.q1("SELECT count(*) FROM events")), (n0, ev0),
           "a dry run writes nothing")
    bad = ("code,kind,name_en,name_fr,region_code,lat,lon,services,hours\n"
           "IMP-A,partner_site,A,A,NORTHEAST,48.4,-81.3,information,1-5 09:00-16:00\n"
           "IMP-B,kiosk,B,B,NORTHEAST,48.4,-81.3,,\n"
           "IMP-C,partner_site,C,C,NORTHEAST,nowhere,-81.3,,\n"
           "IMP-D,partner_site,D,D,NORTHEAST,48.4,-81.3,haircut,\n"
           "IMP-E,partner_site,E,E,NORTHEAST,48.4,-81.3,,Monday 9 to 5\n"
           "IMP-F,partner_site,F,F,ATLANTIS,48.4,-81.3,,\n")
    r = ctx.api("POST", "/api/v1/points/import", bad, as_="administrator", ctype="text/csv")
    ctx.problem(r, "import-invalid", "a file with errors")
    rep = (r.json or {}).get("report", {})
    got = sorted((e["line"], e["column"], e["error"]) for e in rep.get("errors", []))
    ctx.eq(got, [(3, "kind", "field-enum"), (4, "lat", "field-type"), (5, "services", "field-enum"),
                 (6, "hours", "field-format")], "line-numbered errors, found without the database")
    r = ctx.api("POST", "/api/v1/points/import", bad.replace("kiosk", "partner_site").replace("nowhere", "48.4")
                .replace("haircut", "").replace("Monday 9 to 5", ""), as_="administrator", ctype="text/csv")
    ctx.problem(r, "import-invalid", "an unknown region code")
    got = [(e["line"], e["column"], e["error"]) for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.eq(got, [(7, "region_code", "reference-invalid")], "the region is checked in the transaction")
    ctx.eq((ctx.q1("SELECT count(*) FROM points"), ctx.q1("SELECT count(*) FROM events")), (n0, ev0),
           "refused files write nothing")
    ctx.problem(ctx.api("POST", "/api/v1/points/import", CSV_OK, as_="advisor", ctype="text/csv"), "forbidden",
                "advisors may not import")
    ctx.problem(ctx.api("POST", "/api/v1/points/import", CSV_OK, as_="manager", ctype="application/json"),
                "content-type", "CSV only")
    r = ctx.api("POST", "/api/v1/points/import", CSV_OK, as_="manager", ctype="text/csv; charset=utf-8")
    ctx.status(r, 201, "the import")
    ctx.eq(ctx.q1("SELECT count(*) FROM points"), n0 + 2, "two points created")
    hours = ctx.q("SELECT weekday, opens, closes FROM point_hours h JOIN points p ON p.id = h.point_id "
                  "WHERE p.code = 'IMP-ONE' ORDER BY weekday")
    ctx.eq(len(hours), 6, "hours ranges expanded to days")
    ctx.eq(ctx.q1("SELECT lat IS NULL FROM points WHERE code = 'IMP-TWO'"), 1, "no coordinates for a contact centre")
    # The same file again replaces the points by code.
    r = ctx.api("POST", "/api/v1/points/import", CSV_OK.replace("Partner One", "Partner 1"), as_="manager",
                ctype="text/csv")
    ctx.status(r, 201, "re-import")
    ctx.eq((ctx.q1("SELECT count(*) FROM points"), ctx.q1("SELECT name_en FROM points WHERE code = 'IMP-ONE'")),
           (n0 + 2, "Partner 1"), "a code that exists is replaced, not duplicated")


def unfold(text):
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def ics_problems(raw):
    out = []
    if b"\n" in raw.replace(b"\r\n", b""):
        out.append("a bare LF")
    for line in raw.split(b"\r\n"):
        if len(line) > 75:
            out.append("a line over 75 octets: %r" % line[:80])
    lines = unfold(raw.decode("utf-8")).split("\r\n")
    if lines[0] != "BEGIN:VCALENDAR" or "END:VCALENDAR" not in lines:
        out.append("not a VCALENDAR")
    if "VERSION:2.0" not in lines or not any(l.startswith("PRODID:") for l in lines):
        out.append("VERSION and PRODID")
    ev, n = None, 0
    for l in lines:
        if l == "BEGIN:VEVENT":
            ev = {}
        elif l == "END:VEVENT":
            n += 1
            for k in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
                if k not in ev:
                    out.append("a VEVENT without %s" % k)
            if not ev.get("DTSTART", "").endswith("Z"):
                out.append("DTSTART not in UTC: %s" % ev.get("DTSTART"))
            ev = None
        elif ev is not None and ":" in l:
            k, v = l.split(":", 1)
            ev[k.split(";")[0]] = v
    return out, n


def test_ics(ctx):
    pid = ctx.q1("SELECT id FROM points WHERE code = 'OUT-111'")
    r = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid)
    ctx.status(r, 200, "GET the point's feed")
    ctx.eq(r.headers.get("content-type"), "text/calendar; charset=utf-8", "text/calendar")
    ctx.eq(r.headers.get("content-disposition"), 'inline; filename="point-%d.ics"' % pid, "inline with a file name")
    probs, n = ics_problems(r.raw)
    ctx.eq(probs, [], "RFC 5545: CRLF, folding, VEVENTs complete")
    ctx.check(5 <= n <= 7, "about 6 monthly visits in 6 months", n)
    text = unfold(r.text)
    ctx.check("LOCATION:" in text and "\\," in text, "commas in text are escaped", text[:600])
    uids = [l for l in text.split("\r\n") if l.startswith("UID:")]
    ctx.eq(len(uids), len(set(uids)), "one UID per visit")
    r2 = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % pid)
    ctx.eq([l for l in unfold(r2.text).split("\r\n") if l.startswith("UID:")], uids, "UIDs are stable")
    fr = ctx.api("GET", "/api/v1/points/%d/calendar.ics?lang=fr" % pid)
    ctx.check("SUMMARY:Visite du service mobile" in unfold(fr.text), "the feed in French", fr.text[:400])
    ne = region(ctx, "NORTHEAST")
    r = ctx.api("GET", "/api/v1/regions/%d/calendar.ics" % ne)
    ctx.status(r, 200, "GET the region's feed")
    probs, n2 = ics_problems(r.raw)
    ctx.eq(probs, [], "the region feed is valid too")
    ctx.check(n2 > n, "the region has more visits than one site", (n2, n))
    north = region(ctx, "NORTHERN")
    r = ctx.api("GET", "/api/v1/regions/%d/calendar.ics" % north)
    ctx.check(r.status == 200 and ics_problems(r.raw)[1] > n2, "an apprenticeship region covers its catchments",
              r.status)
    ctx.problem(ctx.api("GET", "/api/v1/points/99999999/calendar.ics"), "record-not-found", "an unknown point")
    ctx.problem(ctx.api("GET", "/api/v1/regions/99999999/calendar.ics"), "record-not-found", "an unknown region")
    # A point without schedules has a valid, empty calendar.
    sc = ctx.q1("SELECT id FROM points WHERE code LIKE 'SC-%' ORDER BY id LIMIT 1")
    r = ctx.api("GET", "/api/v1/points/%d/calendar.ics" % sc)
    ctx.eq((r.status, ics_problems(r.raw)), (200, ([], 0)), "an empty calendar")


def test_page_outreach(ctx):
    pid = ctx.q1("SELECT id FROM points WHERE code = 'OUT-111'")
    w = Web(ctx)
    pg = w.get("/en/points/%d" % pid)
    ctx.eq(pg.status, 200, "the Moosonee page is public")
    ctx.eq(pg.h1, "Mobile outreach – Moosonee", "h1 is the point's name")
    text = pg.plain
    for want in ("Mobile outreach site: a team visits on scheduled days", "Next outreach visits",
                 "Served from:", "Cree", "English", "Step-free entrance", "appointments or seats a week",
                 "Add the visits to your calendar", "No office hours here"):
        ctx.check(want in text, "the page says %r" % want, text[:1500])
    rows = [l for l in text.split("The next visits", 1)[-1].split("Add the visits")[0].split(" to ")]
    ctx.check(len(rows) >= 5 and "10:00" in text, "five visits with their times", rows)
    hrefs = [l[0] for l in pg.links]
    cal = [h for h in hrefs if h.startswith("/api/v1/points/%d/calendar.ics" % pid)]
    ctx.check(cal and cal[0].endswith("lang=en"), "a link to the ICS feed", pg.links)
    host = ctx.q1("SELECT host_point_id FROM outreach_schedules WHERE point_id = ?", (pid,))
    ctx.check("/en/points/%d" % host in hrefs, "a link to the hub it is served from",
              pg.links)
    r = ctx.request("GET", cal[0] if cal else "/")
    ctx.eq(r.status, 200, "the calendar link works")
    fr = w.get("/fr/points/%d" % pid)
    ctx.eq(fr.h1, "Service mobile – Moosonee", "the French name in French")
    for want in ("Prochaines visites du service mobile", "Service offert à partir de\u00a0:", "cri",
                 "Ajouter les visites à votre calendrier", "10\u00a0h"):
        ctx.check(want in fr.plain or want.replace("\u00a0", " ") in fr.plain, "the French page says %r" % want,
                  fr.plain[:1500])


def test_page_hours(ctx):
    w = Web(ctx)
    hid = ctx.q1("SELECT id FROM points WHERE code = 'EXAM-069'")
    pg = w.get("/en/points/%d" % hid)
    ctx.eq(pg.status, 200, "the Hearst exam centre page")
    text = pg.plain
    ctx.check("Exam centre" in text and "Exams" in text and "French (français)" in text,
              "kind, services and languages in words", text[:1500])
    ctx.check("Opening hours this week" in text and "Today:" in text, "today's hours and the week", text[:1500])
    ctx.check(("Open now" in text) != ("Closed now" in text), "open or closed now, in words", text[:800])
    ctx.check(any(d in text for d in ("Monday, ", "Tuesday, ")), "days in words", text[:1500])
    ctx.eq(len(pg.elements("caption")), 1, "the week's table has a caption")
    ctx.check(len(pg.elements("th", scope="row")) == 7, "seven days, each a row header", pg.elements("th"))
    # A closure in the coming week is named; so is a statutory holiday.
    sc = ctx.q1("SELECT id FROM points WHERE code LIKE 'SC-%' ORDER BY id LIMIT 1")
    today = ctx.q1("SELECT date('now', 'localtime')")
    c = ctx.db_conn()
    try:
        c.execute("INSERT OR REPLACE INTO point_closures VALUES (?, date(?, '+2 days'), 'Flood <cleanup> & repairs', "
                  "'Nettoyage après inondation')", (sc, today))
        c.commit()
    finally:
        c.close()
    pg = w.get("/en/points/%d" % sc)
    ctx.check("Closed (Flood <cleanup> & repairs)" in pg.plain, "the closure's reason, escaped", pg.plain[:1500])
    ctx.check("<cleanup>" not in pg.text, "markup in data is escaped", None)
    fr = w.get("/fr/points/%d" % sc)
    ctx.check("Fermé (Nettoyage après inondation)" in fr.plain, "the reason in French", fr.plain[:1500])
    virt = ctx.q1("SELECT id FROM points WHERE code = 'CONTACT-CENTRE'")
    pg = w.get("/en/points/%d" % virt)
    ctx.check(pg.status == 200 and "No office to visit" in pg.plain, "the contact centre has no address", pg)


def test_page_not_found(ctx):
    w = Web(ctx)
    for path in ("/en/points/99999999", "/fr/points/abc", "/en/points/0"):
        pg = w.get(path)
        ctx.eq(pg.status, 404, "%s is the 404 page" % path)


TESTS = [test_list_filters, test_geojson, test_point_get, test_create_update, test_import, test_ics,
         test_page_outreach, test_page_hours, test_page_not_found]
