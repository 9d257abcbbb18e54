"""Persons, organisations, reference lists, queue, audit, import, health and metrics."""
import time

from harness import ERRORS, make_sin


def client_person_id(ctx):
    return ctx.q1("SELECT person_id FROM users WHERE email = 'client@demo.passerelle.ca'")


def test_persons_search(ctx):
    for q in ("elodie", "ELODIE", "%C3%A9lodie", "lodi"):
        r = ctx.api("GET", "/api/v1/persons?q=%s&limit=200" % q, as_="advisor")
        ctx.status(r, 200, "GET /persons?q=%s" % q)
        names = [i.get("given_name") for i in (r.json or {}).get("items", [])]
        ctx.check(names and all("lodie" in n.lower() or "lodie" in (i.get("family_name") or "").lower()
                                for n, i in zip(names, r.json["items"])) and "Élodie" in names,
                  "q=%s finds Élodie (accents and case ignored)" % q, names)
    want = ctx.q1("SELECT count(*) FROM persons WHERE given_name = 'Élodie' OR family_name LIKE '%lodie%'")
    r = ctx.api("GET", "/api/v1/persons?q=elodie&limit=200", as_="advisor")
    ctx.check(len(r.json["items"]) >= want, "search returns every Élodie in the database (%d)" % want,
              len(r.json["items"]))
    ctx.check(all("sin" not in i and "self_identification" not in i for i in r.json["items"]),
              "search results carry neither SIN nor self-identification", r.json["items"][:2])
    # Filters by birth date and client number.
    pid, cno, birth = ctx.q("SELECT id, client_no, birth_date FROM persons ORDER BY id LIMIT 1")[0]
    r = ctx.api("GET", "/api/v1/persons?client_number=%s" % cno, as_="manager")
    ctx.check(r.status == 200 and [i["id"] for i in r.json["items"]] == [pid],
              "search by client_number finds exactly that person", r)
    r = ctx.api("GET", "/api/v1/persons?birth_date=%s&limit=200" % birth, as_="manager")
    ctx.check(r.status == 200 and pid in [i["id"] for i in r.json["items"]]
              and all(i["birth_date"] == birth for i in r.json["items"]), "search by birth_date", r)


def test_person_create_sin(ctx):
    sin = make_sin("19345678")  # first digit 0 or 8 is refused
    ctx.pii.update([sin, "%s %s %s" % (sin[:3], sin[3:6], sin[6:]), "Anaïs", "Lefèbvre-Sin",
                    "anais.sin@example.org"])
    body = {"given_name": "Anaïs", "family_name": "Lefèbvre-Sin", "birth_date": "1999-03-14",
            "language": "fr", "email": "anais.sin@example.org", "phone": "613 555 0199",
            "postal_code": "k1a0b1", "municipality": "Ottawa", "region_id": 3,
            "sin": "%s %s %s" % (sin[:3], sin[3:6], sin[6:])}
    ctx.session("advisor.eastern@demo.passerelle.ca")  # sign in first: sign-ins are audited too
    before = ctx.counts()
    r = ctx.api("POST", "/api/v1/persons", body, as_="advisor.eastern@demo.passerelle.ca")
    if not ctx.status(r, 201, "POST /persons with a SIN"):
        return
    p = r.json
    mask = "*** *** " + sin[6:]
    ctx.eq(p.get("sin"), mask, "SIN is returned masked")
    ctx.check(sin not in r.text and sin[:3] + " " + sin[3:6] not in r.text, "reply never holds the SIN digits", r)
    ctx.check(p.get("postal_code") == "K1A 0B1", "postal code normalised to A1A 1A1", p.get("postal_code"))
    cno = p.get("client_number") or ""
    ctx.check(len(cno) == 9 and cno[0] == "C" and cno[1:].isdigit(), "client number C + 8 digits", cno)
    ctx.check(p.get("given_name") == "Anaïs" and p.get("family_name") == "Lefèbvre-Sin", "names kept as typed", p)
    after = ctx.counts()
    ctx.eq(after["persons"] - before["persons"], 1, "one person row created")
    ctx.eq(after["events"] - before["events"], 1, "one person.created event")
    row = ctx.q("SELECT sin_sealed, sin_last3 FROM persons WHERE id = ?", (p["id"],))[0]
    ctx.check(row[0] is not None and sin.encode() not in bytes(row[0]) and row[1] == sin[6:],
              "SIN stored sealed, with only its last three digits in clear", row)
    ev = ctx.q("SELECT payload FROM events WHERE entity = 'person' AND entity_id = ? AND type = 'person.created'",
               (p["id"],))
    ctx.check(ev and sin not in ev[0][0] and sin[6:] + '"' not in ev[0][0], "audit payload holds no SIN", ev)
    ctx.shared["sin_person"] = p
    # Duplicate check: same birth date, similar name, no confirmation -> 409 with candidates.
    dup = ctx.api("POST", "/api/v1/persons", {"given_name": "Anais", "family_name": "Lefebvre-Sin",
                                              "birth_date": "1999-03-14"}, as_="advisor")
    ctx.problem(dup, "possible-duplicate", "same birth date and similar name")
    ctx.check(isinstance(dup.json, dict) and any(c.get("id") == p["id"] for c in dup.json.get("candidates", [])),
              "duplicate reply lists the candidate", dup.json)
    ok = ctx.api("POST", "/api/v1/persons", {"given_name": "Anais", "family_name": "Lefebvre-Sin",
                                             "birth_date": "1999-03-14", "confirm_not_duplicate": True},
                 as_="advisor")
    ctx.status(ok, 201, "confirm_not_duplicate creates anyway")


def test_person_read_logged(ctx):
    p = ctx.shared.get("sin_person")
    if not ctx.check(p is not None, "a person was created before"):
        return
    n0 = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (p["id"],))
    r = ctx.api("GET", "/api/v1/persons/%d" % p["id"], as_="manager")
    ctx.status(r, 200, "GET /persons/{id} as manager")
    ctx.check("self_identification" not in (r.json or {}), "staff never see self_identification", r.json)
    ctx.eq((r.json or {}).get("sin"), p["sin"], "SIN masked on read")
    n1 = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (p["id"],))
    ctx.eq(n1 - n0, 1, "a staff read appends one person.read event")
    actor = ctx.q1("SELECT actor_role FROM events WHERE type = 'person.read' AND entity_id = ? ORDER BY id DESC",
                   (p["id"],))
    ctx.eq(actor, "manager", "person.read event names the reader's role")


def test_person_client_self(ctx):
    pid = client_person_id(ctx)
    r = ctx.api("PATCH", "/api/v1/persons/%d" % pid,
                {"self_identification": {"consent": True, "francophone": True, "woman": True},
                 "municipality": "Cornwall"}, as_="client")
    ctx.status(r, 200, "client PATCHes own self-identification")
    si = (r.json or {}).get("self_identification") or {}
    ctx.check(si.get("francophone") is True and si.get("woman") is True, "self-identification saved", r.json)
    nc = ctx.api("PATCH", "/api/v1/persons/%d" % pid, {"self_identification": {"francophone": True}}, as_="client")
    ctx.problem(nc, "self-id-consent", "self-identification without consent")
    r = ctx.api("GET", "/api/v1/persons/%d" % pid, as_="client")
    ctx.status(r, 200, "client GETs own record")
    ctx.check(isinstance((r.json or {}).get("self_identification"), dict)
              and r.json["self_identification"].get("francophone") is True,
              "client sees own self_identification", r.json)
    n0 = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (pid,))
    for role in ("advisor", "manager", "auditor", "administrator", "assessor", "exam_admin"):
        s = ctx.api("GET", "/api/v1/persons/%d" % pid, as_=role)
        ctx.check(s.status == 200 and "self_identification" not in s.json and "francophone" not in s.text,
                  "%s reads the person without self_identification" % role, s)
    n1 = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.read' AND entity_id = ?", (pid,))
    ctx.eq(n1 - n0, 6, "six staff reads, six person.read events (client reads are not staff reads)")
    st = ctx.api("PATCH", "/api/v1/persons/%d" % pid, {"self_identification": {"consent": True}}, as_="advisor")
    ctx.check(st.status in (403, 404), "staff may not write self-identification", st)
    ev = ctx.q("SELECT payload FROM events WHERE entity = 'person' AND entity_id = ? AND type = 'person.updated'",
               (pid,))
    ctx.check(ev and all("francophone" not in e[0] for e in ev), "audit payload holds no self-identification", ev)


def test_person_patch(ctx):
    p = ctx.shared.get("sin_person")
    if not ctx.check(p is not None, "a person was created before"):
        return
    g = ctx.api("GET", "/api/v1/persons/%d" % p["id"], as_="advisor")
    v = g.json["version"]
    r = ctx.api("PATCH", "/api/v1/persons/%d" % p["id"], {"phone": "(705) 555-0142", "version": v},
                as_="advisor")
    ctx.status(r, 200, "advisor PATCHes a person")
    ctx.check(r.json.get("phone") == "7055550142" or r.json.get("phone", "").replace("-", "").replace(" ", "")
              .replace("(", "").replace(")", "") == "7055550142", "phone updated", r.json.get("phone"))
    ctx.eq(r.json.get("version"), v + 1, "version incremented")
    ctx.eq(r.json.get("municipality"), "Ottawa", "fields not sent are kept")
    stale = ctx.api("PATCH", "/api/v1/persons/%d" % p["id"], {"phone": "7055550143", "version": v}, as_="advisor")
    ctx.problem(stale, "version-mismatch", "PATCH with a stale version")
    ctx.eq(ctx.q1("SELECT phone FROM persons WHERE id = ?", (p["id"],)), r.json.get("phone"),
           "stale PATCH changed nothing")


def test_organisations(ctx):
    body = {"kind": "sponsor", "name_en": "Test Welding Ltd", "name_fr": "Soudure Test ltée", "region_id": 2,
            "email": "info@testwelding.example", "phone": "416-555-0100", "postal_code": "M5V 2T6",
            "municipality": "Toronto"}
    r = ctx.api("POST", "/api/v1/organisations", body, as_="advisor")
    if not ctx.status(r, 201, "POST /organisations"):
        return
    org = r.json
    ctx.check(org.get("name_fr") == "Soudure Test ltée" and org.get("kind") == "sponsor", "org as sent", org)
    ctx.shared["new_org"] = org
    g = ctx.api("GET", "/api/v1/organisations/%d" % org["id"], as_="manager")
    ctx.check(g.status == 200 and g.json.get("id") == org["id"], "GET /organisations/{id}", g)
    lst = ctx.api("GET", "/api/v1/organisations?q=welding&kind=sponsor", as_="advisor")
    ctx.check(lst.status == 200 and org["id"] in [o["id"] for o in lst.json["items"]],
              "GET /organisations?q=welding finds it", lst)
    lst = ctx.api("GET", "/api/v1/organisations?q=SOUDURE", as_="advisor")
    ctx.check(lst.status == 200 and org["id"] in [o["id"] for o in lst.json["items"]],
              "organisation search matches the French name, case ignored", lst)
    # A sponsor sees only their own organisation.
    sp_org = ctx.q1("SELECT org_id FROM users WHERE email = 'sponsor@demo.passerelle.ca'")
    s = ctx.api("GET", "/api/v1/organisations?limit=200", as_="sponsor")
    ctx.check(s.status == 200 and [o["id"] for o in s.json["items"]] == [sp_org],
              "sponsor lists only their organisation", s)
    ctx.status(ctx.api("GET", "/api/v1/organisations/%d" % sp_org, as_="sponsor"), 200, "sponsor reads own org")
    # Apprentices of the sponsor's organisation.
    a = ctx.api("GET", "/api/v1/organisations/%d/apprentices?limit=200" % sp_org, as_="sponsor")
    ctx.status(a, 200, "GET /organisations/{own}/apprentices as sponsor")
    ids = sorted(i["id"] for i in (a.json or {}).get("items", []))
    want = sorted(x[0] for x in ctx.q("SELECT id FROM cases WHERE org_id = ? AND program = 'apprenticeship'",
                                      (sp_org,)))
    ctx.check(ids == want and all(i["sponsor"]["id"] == sp_org for i in a.json["items"]),
              "apprentices are exactly the organisation's agreements", (ids, want))


def test_reference_lists(ctx):
    r = ctx.request("GET", "/api/v1/trades")
    ctx.status(r, 200, "GET /trades anonymous")
    items = (r.json or {}).get("items", [])
    ctx.check(len(items) >= 60, ">= 60 trades", len(items))
    t670 = [t for t in items if t.get("code") == "670C"]
    ctx.check(t670 and t670[0].get("required_hours") == 2000, "670C requires 2000 hours", t670)
    ctx.check(all(t.get("name_en") and t.get("name_fr") for t in items), "every trade named in EN and FR")
    r = ctx.request("GET", "/api/v1/regions")
    ctx.status(r, 200, "GET /regions anonymous")
    codes = {x.get("code") for x in (r.json or {}).get("items", [])}
    ctx.check({"ON", "CENTRAL", "EASTERN", "WESTERN", "NORTHERN"} <= codes, "regions include the four regions",
              codes)
    for lang, label in (("en", "Apprenticeship registration"), ("fr", "Inscription en apprentissage")):
        r = ctx.request("GET", "/api/v1/programs?lang=" + lang)
        ctx.status(r, 200, "GET /programs?lang=" + lang)
        progs = {p["id"]: p for p in (r.json or {}).get("items", [])}
        ap = progs.get("apprenticeship", {})
        ctx.eq(ap.get("label"), label, "program label in " + lang)
        tr = {t["id"]: t for t in ap.get("transitions", [])}
        ctx.check({"submit", "sign_apprentice", "sign_sponsor", "register", "activate", "complete"} <= set(tr),
                  "program lists the agreement transitions", sorted(tr))
        ctx.check(tr.get("register", {}).get("roles") == ["advisor"], "register is for advisors", tr.get("register"))
    fr = ctx.request("GET", "/api/v1/programs", headers={"Accept-Language": "fr-CA"})
    ctx.eq(fr.json["items"][0]["label"], "Inscription en apprentissage", "Accept-Language: fr-CA gives French")


def test_queue(ctx):
    prog = ctx.request("GET", "/api/v1/programs").json["items"][0]
    states = sorted({s for t in prog["transitions"] if "advisor" in t["roles"] for s in t["from"]})
    marks = ",".join("?" * len(states))
    open_sql = ("FROM cases c JOIN case_clocks k ON k.case_id = c.id WHERE k.stopped_us IS NULL "
                "AND c.program = 'apprenticeship' AND c.state IN (%s)" % marks)
    now_us = int(time.time() * 1e6)
    # The regional advisor whose region has the most overdue open registrations (seeded stalls).
    by_region = ctx.q("SELECT c.region_id, sum(k.paused_since_us IS NULL AND k.due_us < ?), count(*) %s "
                      "GROUP BY c.region_id ORDER BY 2 DESC, 3 DESC, 1" % open_sql, [now_us] + states)
    if not ctx.check(by_region, "the seed has open registrations awaiting an advisor", by_region):
        return
    region = by_region[0][0]
    ctx.check(by_region[0][1] > 0, "the seed has overdue registrations (to show as breached)", by_region)
    adv = ctx.q1("SELECT email FROM users WHERE role = 'advisor' AND all_regions = 0 AND region_id = ? "
                 "ORDER BY id LIMIT 1", (region,))
    items, cursor, pages = [], None, 0
    while pages < 50:
        r = ctx.api("GET", "/api/v1/queue?limit=2" + ("&cursor=" + cursor if cursor else ""), as_=adv)
        if not ctx.status(r, 200, "GET /queue page %d" % pages):
            return
        items += r.json["items"]
        cursor = r.json.get("next_cursor")
        pages += 1
        if not cursor:
            break
    ctx.check(items, "advisor queue is not empty", items)
    ctx.check(all(i.get("region_id") == region for i in items), "queue holds only the advisor's region",
              sorted({i.get("region_id") for i in items}))
    ctx.check(all(isinstance(i.get("service_standard", {}).get("breached"), bool)
                  and len(i["service_standard"].get("due_date", "")) == 10 for i in items),
              "each queue item has a due date and a breached flag", items[:1])
    dues = [i["service_standard"]["due_date"] for i in items]
    ctx.check(dues == sorted(dues), "queue ordered by due date", dues)
    ids = [i["id"] for i in items]
    ctx.eq(len(ids), len(set(ids)), "queue pages have no duplicates")
    # Compare with the database: open clocks of the region in states where advisors act, and
    # breached exactly for unpaused clocks past their due time.
    want = ctx.q("SELECT c.id, k.paused_since_us IS NULL AND k.due_us < ?, abs(k.due_us - ?) < 120000000 %s "
                 "AND c.region_id = ?" % open_sql, [now_us, now_us] + states + [region])
    ctx.eq(sorted(ids), sorted(x[0] for x in want), "queue = open clocks of the region in advisor states")
    flags = {i["id"]: i["service_standard"]["breached"] for i in items}
    wrong = [(cid, flags.get(cid)) for cid, br, near in want if not near and cid in flags and flags[cid] != bool(br)]
    ctx.check(not wrong, "breached flags match the due times in the database", wrong)
    ctx.check(any(flags.values()), "overdue seeded cases are flagged breached", flags)
    other = ctx.api("GET", "/api/v1/queue?region_id=%d" % (region % 5 + 1), as_=adv)
    ctx.check(other.status in (200, 404) and not (other.json or {}).get("items"),
              "another region's queue is empty for a regional advisor", other)
    m = ctx.api("GET", "/api/v1/queue?limit=200", as_="manager")
    want_all = ctx.q("SELECT c.id %s" % open_sql, states)
    ctx.check(m.status == 200 and sorted(i["id"] for i in m.json["items"]) == sorted(x[0] for x in want_all),
              "manager's queue spans every region", m)
    fr = ctx.api("GET", "/api/v1/queue?limit=1&lang=fr", as_=adv)
    ctx.check(fr.status == 200 and fr.json["items"] and "Décision" in
              fr.json["items"][0]["service_standard"].get("label", ""), "queue labels in French", fr)


def test_audit(ctx):
    r = ctx.api("GET", "/api/v1/audit/events?limit=5", as_="auditor")
    ctx.status(r, 200, "GET /audit/events as auditor")
    items = (r.json or {}).get("items", [])
    ctx.check(len(items) == 5 and all(len(i.get("hash", "")) == 64 for i in items), "events carry hashes", items[:1])
    ctx.check(r.json.get("next_cursor"), "events list has a next cursor")
    p = ctx.shared.get("sin_person")
    if p:
        r = ctx.api("GET", "/api/v1/audit/events?entity=person&entity_id=%d&limit=200" % p["id"], as_="auditor")
        types = [i["type"] for i in r.json["items"]]
        ctx.check("person.created" in types and "person.read" in types and "person.updated" in types,
                  "person's audit trail: created, read, updated", types)
        ctx.check(all(i["entity"] == "person" and i["entity_id"] == p["id"] for i in r.json["items"]),
                  "entity filter applied")
    v = ctx.api("GET", "/api/v1/audit/verify", as_="auditor")
    ctx.status(v, 200, "GET /audit/verify")
    total = ctx.q1("SELECT count(*) FROM events")
    ctx.check(v.json.get("intact") is True and v.json.get("first_bad_event_id") is None
              and v.json.get("checked", 0) >= total - 5, "audit chain intact", (v.json, total))
    ctx.status(ctx.api("GET", "/api/v1/audit/verify", as_="administrator"), 200, "administrator may verify")
    ctx.problem(ctx.api("GET", "/api/v1/audit/events?entity=bogus", as_="auditor"), "query-param",
                "unknown entity filter")


def test_import(ctx):
    names = [("Import", "Zéphyrin-%d" % i) for i in range(3)]
    for g, f in names:
        ctx.pii.add(f)
    csv = "given_name,family_name,birth_date,language,region_code,confirm_not_duplicate\r\n" + "".join(
        "%s,%s,1990-0%d-15,fr,EASTERN,true\r\n" % (g, f, i + 1) for i, (g, f) in enumerate(names))
    before = ctx.counts()
    dry = ctx.api("POST", "/api/v1/import/persons?dry_run=1", csv.encode(), ctype="text/csv; charset=utf-8",
                  as_="administrator")
    ctx.status(dry, 200, "import dry run")
    ctx.check(dry.json and dry.json.get("dry_run") is True and dry.json.get("created") == 3
              and dry.json.get("valid") is True, "dry run reports 3 rows valid", dry.json)
    ctx.eq(ctx.counts(), before, "dry run writes nothing")
    bad = csv + "Bad,Line,2001-02-30,fr,EASTERN,true\r\n"
    b = ctx.api("POST", "/api/v1/import/persons", bad.encode(), ctype="text/csv", as_="administrator")
    ctx.problem(b, "import-invalid", "import with an impossible date on line 5")
    errs = ((b.json or {}).get("report") or {}).get("errors", [])
    ctx.check(errs and errs[0].get("line") == 5 and errs[0].get("column") == "birth_date",
              "import report names line 5, column birth_date", errs)
    ctx.eq(ctx.counts(), before, "invalid import writes nothing")
    real = ctx.api("POST", "/api/v1/import/persons", csv.encode(), ctype="text/csv", as_="administrator")
    ctx.status(real, 201, "import for real")
    ctx.check(real.json and real.json.get("created") == 3, "3 rows created", real.json)
    after = ctx.counts()
    ctx.eq(after["persons"] - before["persons"], 3, "3 persons in the database")
    got = ctx.q("SELECT family_name, region_id, lang FROM persons WHERE given_name = 'Import' ORDER BY family_name")
    region = ctx.q1("SELECT id FROM regions WHERE code = 'EASTERN'")
    ctx.eq(got, [(f, region, "fr") for _, f in names], "imported rows as in the file")
    # A quoted cell spanning lines: errors name the line where their record starts.
    ml = ('given_name,family_name,birth_date\n"Multi Ligne",Ok,1990-01-01\n\n'
          'Deux,"Nom\n\nsur trois lignes",1990-02-30\nTrois,Ok,1990-02-31\n')
    m = ctx.api("POST", "/api/v1/import/persons?dry_run=1", ml.encode(), ctype="text/csv", as_="administrator")
    ctx.problem(m, "import-invalid", "import with multi-line cells and bad dates")
    lines = sorted({(e["line"], e["column"]) for e in ((m.json or {}).get("report") or {}).get("errors", [])})
    ctx.check((4, "birth_date") in lines and (7, "birth_date") in lines and all(l in (4, 7) for l, _ in lines),
              "errors at lines 4 and 7 (records start there)", lines)
    fr = ctx.api("POST", "/api/v1/import/persons?dry_run=1&lang=fr", bad.encode(), ctype="text/csv",
                 as_="administrator")
    ctx.problem(fr, "import-invalid", "import report in French", lang="fr")
    ctx.check(any(e.get("message") == ERRORS["field-date"]["fr"] for e in fr.json["report"]["errors"]),
              "report messages in French", fr.json["report"]["errors"])
    # Organisations and agreements.
    org_csv = ("kind,name_en,name_fr,region_code,email\n"
               "sponsor,Imported Carpentry,Menuiserie importée,CENTRAL,info@carpentry.example\n")
    o = ctx.api("POST", "/api/v1/import/organisations?dry_run=true", org_csv.encode(), ctype="text/csv",
                as_="administrator")
    ctx.check(o.status == 200 and o.json.get("created") == 1, "organisations import dry run", o)
    cno = ctx.q1("SELECT client_no FROM persons WHERE id = (SELECT min(id) FROM persons)")
    sponsor = ctx.q("SELECT id, name_en FROM organisations WHERE kind = 'sponsor' ORDER BY id LIMIT 1")[0]
    agr = ("apprentice_client_number,sponsor_name_en,sponsor_id,trade_code,start_date\n"
           "%s,\"%s\",,310T,2026-01-05\n%s,,999999,310T,2026-01-05\n" % (cno, sponsor[1].replace('"', '""'), cno))
    before = ctx.counts()
    a = ctx.api("POST", "/api/v1/import/agreements", agr.encode(), ctype="text/csv", as_="administrator")
    ctx.problem(a, "import-invalid", "agreements import with an unknown sponsor id")
    errs = ((a.json or {}).get("report") or {}).get("errors", [])
    ctx.check([(e["line"], e["column"], e["error"]) for e in errs] == [(3, "sponsor_id", "reference-invalid")],
              "report names line 3, sponsor_id, reference-invalid", errs)
    ctx.eq(ctx.counts(), before, "a refused row rolls the whole import back (line 2 not created)")
    ok = ctx.api("POST", "/api/v1/import/agreements", "\n".join(agr.split("\n")[:2]).encode() + b"\n",
                 ctype="text/csv", as_="administrator")
    ctx.check(ok.status == 201 and ok.json.get("created") == 1, "agreements import", ok)
    ctx.eq(ctx.counts()["cases"] - before["cases"], 1, "one agreement imported")
    ctx.problem(ctx.api("POST", "/api/v1/import/persons", csv.encode(), ctype="application/json",
                        as_="administrator"), "content-type", "import with a JSON content type")
    ctx.problem(ctx.api("POST", "/api/v1/import/widgets", csv.encode(), ctype="text/csv", as_="administrator"),
                "not-found", "import of an unknown kind")


def test_health_metrics(ctx):
    ctx.pii.add("Nomdanslechemin")
    ctx.request("GET", "/api/v1/nowhere/Nomdanslechemin")
    r = ctx.request("GET", "/healthz", headers={"X-Request-Id": "ci-check-42"})
    ctx.eq(r.headers.get("x-request-id"), "ci-check-42", "X-Request-Id echoed")
    r = ctx.request("GET", "/healthz", headers={"X-Request-Id": "bad id <x>"})
    ctx.check(r.headers.get("x-request-id", "bad") != "bad id <x>", "an unsafe X-Request-Id is replaced",
              r.headers.get("x-request-id"))
    r = ctx.request("GET", "/healthz")
    ctx.check(r.status == 200 and r.json.get("status") == "ok" and r.json.get("schema_version", 0) >= 1,
              "GET /healthz", r)
    m = ctx.request("GET", "/metrics")
    ctx.status(m, 200, "GET /metrics")
    ctx.check(m.headers.get("content-type", "").startswith("text/plain"), "metrics are text/plain", m.headers)
    ctx.check("passerelle_http_requests_total" in m.text, "metrics have passerelle_http_requests_total", m.text[:500])
    lines = [l for l in m.text.splitlines() if l.startswith("passerelle_http_requests_total")]
    ctx.check(lines and all(len(l.rsplit(" ", 1)) == 2 and l.rsplit(" ", 1)[1].replace(".", "").isdigit()
                            for l in lines), "counter lines are Prometheus samples", lines[:3])
    ctx.check(any('route="persons.create"' in l for l in lines), "requests counted by route name", lines[:10])
    ctx.check(not any(ch in m.text for ch in ("Élodie", "@example.org", "Nomdanslechemin")),
              "metrics hold no personal data nor raw paths")
    ctx.check(any('route="unmatched"' in l for l in lines), "unknown paths are counted as one label", lines[:10])


TESTS = [test_persons_search, test_person_create_sin, test_person_read_logged, test_person_client_self,
         test_person_patch, test_organisations, test_reference_lists, test_queue, test_audit, test_import,
         test_health_metrics]
