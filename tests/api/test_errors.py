"""Bad input: each kind answers the right problem+json, in English and in French (?lang=fr and
Accept-Language: fr-CA), and writes nothing (row counts of the main tables before and after)."""
import datetime
import http.client
import json
import socket

from harness import Resp, make_sin

ADVISOR = "advisor.province@demo.passerelle.ca"   # all regions: any agreement will do
PERSONS = "/api/v1/persons"
JSON_CT = "application/json"


def person(**kw):
    b = {"given_name": "Erreur", "family_name": "Exemple", "birth_date": "1990-01-01",
         "confirm_not_duplicate": True}
    for k, v in kw.items():
        if v is None:
            b.pop(k, None)
        else:
            b[k] = v
    return json.dumps(b, ensure_ascii=False).encode("utf-8")


def bad_sin():
    good = make_sin("19345678")
    return good[:8] + str((int(good[8]) + 1) % 10)


def cases(ctx):
    """(description, method, path, body bytes|None, content type|None, slug, field, extra check)."""
    # A non-terminal agreement of the advisor's region, and what the program allows there.
    prog = ctx.request("GET", "/api/v1/programs").json["items"][0]
    terminal = [x["id"] for x in prog["states"] if x["terminal"]]
    sub, state = ctx.q("SELECT id, state FROM cases WHERE program = 'apprenticeship' AND state NOT IN (%s) "
                       "ORDER BY id LIMIT 1" % ",".join("?" * len(terminal)), terminal)[0]
    legal = [t for t in prog["transitions"] if state in t["from"] and "advisor" in t["roles"]]
    possible = {t["id"] for t in legal}
    illegal = [t["id"] for t in prog["transitions"] if state not in t["from"]][0]
    with_field = [t for t in legal if t["id"] in ("suspend", "request_information", "refuse", "cancel",
                                                  "sign_apprentice", "withdraw")][0]
    fname = {"sign_apprentice": "note"}.get(with_field["id"], "reason")
    pad = "x" * (16 * 1024)
    soon = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    return [
        ("malformed JSON", "POST", PERSONS, b'{"given_name": "Erreur",', JSON_CT, "json-malformed", None, None),
        ("trailing garbage", "POST", PERSONS, person() + b" x", JSON_CT, "json-malformed", None, None),
        ("empty body", "POST", PERSONS, b"", JSON_CT, "json-malformed", None, None),
        ("deep nesting", "POST", PERSONS, b"[" * 5000, JSON_CT, "json-malformed", None, None),
        ("NUL escape in a string", "POST", PERSONS, person(given_name="a\u0000b"), JSON_CT, "json-malformed",
         None, None),
        ("non-object (array)", "POST", PERSONS, b'["Erreur"]', JSON_CT, "json-not-object", None, None),
        ("non-object (string)", "POST", PERSONS, b'"Erreur"', JSON_CT, "json-not-object", None, None),
        ("duplicate key", "POST", PERSONS,
         b'{"given_name":"A","given_name":"B","family_name":"C","birth_date":"1990-01-01"}', JSON_CT,
         "json-duplicate-key", None, None),
        ("invalid UTF-8 bytes", "POST", PERSONS, person(given_name="X").replace(b'"X"', b'"\xc3\x28\xff"'),
         JSON_CT, "json-invalid-utf8", None, None),
        ("unknown field", "POST", PERSONS, person(nickname="Bob"), JSON_CT, "field-unknown", "nickname", None),
        ("missing required field", "POST", PERSONS, person(family_name=None), JSON_CT, "field-required",
         "family_name", None),
        ("wrong type (number for text)", "POST", PERSONS, person(given_name=42), JSON_CT, "field-type",
         "given_name", None),
        ("wrong type (text for boolean)", "POST", PERSONS, person(confirm_not_duplicate="yes"), JSON_CT,
         "field-type", "confirm_not_duplicate", None),
        ("wrong type (fraction for id)", "POST", PERSONS, person(region_id=1.5), JSON_CT, "field-type",
         "region_id", None),
        ("over-long string", "POST", PERSONS, person(given_name="x" * 101), JSON_CT, "field-too-long",
         "given_name", None),
        ("over-long string (code points)", "POST", PERSONS, person(family_name="é" * 101), JSON_CT,
         "field-too-long", "family_name", None),
        ("empty string", "POST", PERSONS, person(given_name=""), JSON_CT, "field-too-short", "given_name", None),
        ("impossible date", "POST", PERSONS, person(birth_date="2026-02-30"), JSON_CT, "field-date",
         "birth_date", None),
        ("badly formed date", "POST", PERSONS, person(birth_date="1990-1-1"), JSON_CT, "field-date",
         "birth_date", None),
        ("birth date in the future", "POST", PERSONS, person(birth_date=soon), JSON_CT, "field-range",
         "birth_date", None),
        ("invalid enum", "POST", PERSONS, person(language="de"), JSON_CT, "field-enum", "language", None),
        ("SIN with a bad check digit", "POST", PERSONS, person(sin=bad_sin()), JSON_CT, "field-sin", "sin", None),
        ("SIN starting with 0", "POST", PERSONS, person(sin="046 454 286"), JSON_CT, "field-sin", "sin", None),
        ("bad postal code", "POST", PERSONS, person(postal_code="ABC 123"), JSON_CT, "field-postal-code",
         "postal_code", None),
        ("bad email", "POST", PERSONS, person(email="not-an-email"), JSON_CT, "field-email", "email", None),
        ("self-identification without consent", "POST", PERSONS, person(self_identification={"woman": True}),
         JSON_CT, "self-id-consent", None, None),
        ("unknown region", "POST", PERSONS, person(region_id=999999), JSON_CT, "reference-invalid", "region_id",
         None),
        ("oversize body (> 16 KiB)", "POST", PERSONS, person(municipality=pad), JSON_CT, "body-too-large", None,
         None),
        ("oversize sign-in body (> 4 KiB)", "POST", "/api/v1/session",
         json.dumps({"email": "a@b.ca", "password": "p" * 4200}).encode(), JSON_CT, "body-too-large", None, None),
        ("wrong content type", "POST", PERSONS, person(), "text/plain", "content-type", None, None),
        ("no content type", "POST", PERSONS, person(), None, "content-type", None, None),
        ("JSON in another charset", "POST", PERSONS, person(), "application/json; charset=latin1",
         "content-type", None, None),
        ("body on a GET", "GET", "/api/v1/me", b'{"a":1}', JSON_CT, None, None,
         lambda r: r.status in (200, 400, 413, 415)),
        ("unknown route", "GET", "/api/v1/nowhere", None, None, "not-found", None, None),
        ("unknown API version", "GET", "/api/v2/persons", None, None, "not-found", None, None),
        ("unknown id", "GET", "/api/v1/agreements/99999999", None, None, "record-not-found", None, None),
        ("non-numeric id", "GET", "/api/v1/agreements/abc", None, None, "record-not-found", None, None),
        ("wrong method", "DELETE", PERSONS, None, None, "method-not-allowed", None,
         lambda r: set(x.strip() for x in r.headers.get("allow", "").split(",")) >= {"GET", "POST"}),
        ("wrong method on an item", "PUT", "/api/v1/agreements/%d/transitions" % sub, b"{}", JSON_CT,
         "method-not-allowed", None, lambda r: "POST" in r.headers.get("allow", "")),
        ("illegal transition", "POST", "/api/v1/agreements/%d/transitions" % sub,
         json.dumps({"transition": illegal}).encode(), JSON_CT, "transition-illegal", "transition",
         lambda r: r.json.get("state") == state and
         possible == {t.get("id") for t in r.json.get("possible_transitions", [])}),
        ("unknown transition", "POST", "/api/v1/agreements/%d/transitions" % sub,
         b'{"transition":"teleport"}', JSON_CT, "transition-illegal", "transition",
         lambda r: len(r.json.get("possible_transitions", [])) > 0),
        ("transition field of the wrong type", "POST", "/api/v1/agreements/%d/transitions" % sub,
         json.dumps({"transition": with_field["id"], "fields": {fname: 7}}).encode(), JSON_CT, "field-type",
         "fields." + fname, None),
        ("bad cursor", "GET", "/api/v1/agreements?cursor=zzz", None, None, "cursor-invalid", "cursor", None),
        ("limit out of range", "GET", "/api/v1/agreements?limit=1000", None, None, "query-param", "limit", None),
        ("Idempotency-Key too long", "POST", PERSONS, person(), JSON_CT, "idempotency-key-invalid", None, None),
    ]


def test_bad_input(ctx):
    ctx.session(ADVISOR)
    for desc, method, path, body, ctype, slug, field, extra in cases(ctx):
        for variant in ("en", "fr-query", "fr-header"):
            p, headers, lang = path, {}, "en"
            if variant == "fr-query":
                p = path + ("&" if "?" in path else "?") + "lang=fr"
                lang = "fr"
            elif variant == "fr-header":
                headers["Accept-Language"] = "fr-CA,fr;q=0.8,en;q=0.5"
                lang = "fr"
            if desc.startswith("Idempotency-Key"):
                headers["Idempotency-Key"] = "k" * 101
            before = ctx.counts()
            try:
                r = ctx.api(method, p, body, as_=ADVISOR, ctype=ctype, headers=headers)
            except (ConnectionError, OSError) as e:  # a server that drops the connection fails here
                ctx.check(False, "%s [%s]: request failed" % (desc, variant), repr(e))
                continue
            name = "%s [%s]" % (desc, variant)
            if slug:
                ctx.problem(r, slug, name, lang=lang, field=field)
            if extra:
                try:
                    ok = bool(extra(r))
                except (AttributeError, TypeError, KeyError):
                    ok = False
                ctx.check(ok, "%s: details" % name, r)
            ctx.eq(ctx.counts(), before, "%s writes nothing" % name)


def test_body_limits(ctx):
    """Bodies sent without Content-Length (chunked) are capped too; routes without a body refuse one."""
    tok = ctx.session(ADVISOR)
    before = ctx.counts()

    def chunks():
        yield b'{"given_name":"Erreur","family_name":"'
        for _ in range(40):
            yield b"x" * 1024
        yield b'","birth_date":"1990-01-01","confirm_not_duplicate":true}'

    conn = http.client.HTTPConnection("127.0.0.1", ctx.server.port, timeout=60)
    try:
        conn.request("POST", PERSONS + "?lang=fr", body=chunks(), encode_chunked=True,
                     headers={"Content-Type": JSON_CT, "Cookie": "psid=" + tok})
        r = conn.getresponse()
        resp = Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        ctx.problem(resp, "body-too-large", "chunked body over the limit", lang="fr")
    except (ConnectionError, OSError) as e:
        ctx.check(False, "chunked body over the limit: request failed", repr(e))
    finally:
        conn.close()

    def small():
        yield b'{"given_name":"Erreur","family_name":"Chunked",'
        yield b'"birth_date":"1990-01-01","confirm_not_duplicate":true,"zzz":1}'

    conn = http.client.HTTPConnection("127.0.0.1", ctx.server.port, timeout=60)
    try:
        conn.request("POST", PERSONS, body=small(), encode_chunked=True,
                     headers={"Content-Type": JSON_CT, "Cookie": "psid=" + tok})
        r = conn.getresponse()
        resp = Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        ctx.problem(resp, "field-unknown", "small chunked body is read and validated", field="zzz")
    finally:
        conn.close()
    ctx.problem(ctx.api("DELETE", "/api/v1/tokens/1", b'{"a":1}', as_=ADVISOR, ctype=JSON_CT),
                "body-too-large", "a body on a route that takes none")
    # A huge declared length is refused at once, without waiting for the body.
    s = socket.create_connection(("127.0.0.1", ctx.server.port), timeout=30)
    try:
        s.sendall(("POST /api/v1/persons HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Cookie: psid=%s\r\nContent-Length: 99999999\r\n\r\n" % tok).encode())
        head = s.recv(200).decode("latin-1")
        ctx.check(head.startswith("HTTP/1.1 413"), "Content-Length over the limit -> 413 before the body", head)
    finally:
        s.close()
    ctx.eq(ctx.counts(), before, "refused bodies write nothing")


def test_lang_negotiation(ctx):
    fr = ctx.request("GET", "/api/v1/me", headers={"Accept-Language": "fr"})
    ctx.problem(fr, "auth-required", "Accept-Language: fr", lang="fr")
    en = ctx.request("GET", "/api/v1/me", headers={"Accept-Language": "de-DE, en;q=0.5"})
    ctx.problem(en, "auth-required", "Accept-Language preferring an unsupported language", lang="en")
    q = ctx.request("GET", "/api/v1/me?lang=en", headers={"Accept-Language": "fr-CA"})
    ctx.problem(q, "auth-required", "?lang=en wins over Accept-Language", lang="en")
    ctx.check("Accept-Language" in fr.headers.get("vary", ""), "replies vary on Accept-Language", fr.headers)


def test_injection_round_trip(ctx):
    family = "Robert'); DROP TABLE persons;--"
    given = "<script>alert('x')</script>&amp;\"é\""
    ctx.pii.update([family, given])
    before = ctx.counts()
    r = ctx.api("POST", PERSONS, {"given_name": given, "family_name": family, "birth_date": "1985-05-05",
                                  "municipality": "<img src=x onerror=alert(1)>",
                                  "confirm_not_duplicate": True}, as_=ADVISOR)
    if not ctx.status(r, 201, "person with injection strings is created"):
        return
    ctx.check(r.headers.get("content-type", "").startswith("application/json")
              and r.headers.get("x-content-type-options") == "nosniff",
              "reply is JSON with nosniff (never HTML)", r.headers)
    ctx.check(r.json.get("family_name") == family and r.json.get("given_name") == given,
              "strings returned verbatim", r.json)
    g = ctx.api("GET", "%s/%d" % (PERSONS, r.json["id"]), as_=ADVISOR)
    ctx.check(g.status == 200 and g.json.get("family_name") == family and g.json.get("given_name") == given
              and g.json.get("municipality") == "<img src=x onerror=alert(1)>", "read back verbatim", g)
    ctx.check('\\"é\\"' in g.text or '\\"\\u00e9\\"' in g.text, "quotes are escaped in the JSON text", g.text)
    ctx.eq(ctx.q1("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'persons'"), 1,
           "persons table still exists")
    ctx.eq(ctx.q1("SELECT family_name FROM persons WHERE id = ?", (r.json["id"],)), family, "stored verbatim")
    ctx.eq(ctx.counts()["persons"] - before["persons"], 1, "exactly one person created")
    s = ctx.api("GET", "%s?q=%s" % (PERSONS, "robert%27%29%3B%20drop"), as_=ADVISOR)
    ctx.check(s.status == 200 and r.json["id"] in [i["id"] for i in s.json["items"]],
              "search with quotes finds the record", s)
    s = ctx.api("GET", "%s?q=%s&limit=200" % (PERSONS, "%27%20OR%20%271%27%3D%271"), as_=ADVISOR)
    ctx.check(s.status == 200 and len(s.json["items"]) == 0, "q=' OR '1'='1 matches nothing", s)
    o = ctx.api("POST", "/api/v1/organisations", {"kind": "sponsor", "name_en": family, "name_fr": given,
                                                  "region_id": 2}, as_=ADVISOR)
    ctx.check(o.status == 201 and o.json.get("name_en") == family and o.json.get("name_fr") == given,
              "organisation names round-trip", o)
    ctx.eq(ctx.q1("SELECT count(*) FROM sqlite_master WHERE name = 'organisations'"), 1, "table intact")


def test_text_boundaries(ctx):
    """Lengths count code points after NFC: 100 accented letters fit in a 100-character name,
    in composed or decomposed form; names are stored and searched in NFC."""
    ctx.pii.update(["Limite-NFC", "Limite-NFD"])
    r = ctx.api("POST", PERSONS, {"given_name": "é" * 100, "family_name": "Limite-NFC", "birth_date": "1990-01-01",
                                  "confirm_not_duplicate": True}, as_=ADVISOR)
    ctx.check(r.status == 201 and r.json.get("given_name") == "é" * 100, "100 composed é accepted", r)
    r = ctx.api("POST", PERSONS, {"given_name": "e\u0301" * 100, "family_name": "Limite-NFD",
                                  "birth_date": "1990-01-01", "confirm_not_duplicate": True}, as_=ADVISOR)
    ctx.check(r.status == 201 and r.json.get("given_name") == "é" * 100, "100 decomposed é accepted, stored NFC", r)
    s = ctx.api("GET", PERSONS + "?q=E%CC%81lodie&limit=200", as_=ADVISOR)
    ctx.check(s.status == 200 and "Élodie" in [i["given_name"] for i in s.json["items"]],
              "a decomposed query finds Élodie", s)
    ctx.problem(ctx.api("GET", PERSONS + "?q=" + "a" * 201, as_=ADVISOR), "query-param", "q over 200 characters",
                field="q")
    for bad in ("a\u0007b", "a\nb"):
        r = ctx.api("POST", PERSONS, {"given_name": bad, "family_name": "Ctl", "birth_date": "1990-01-01"},
                    as_=ADVISOR)
        ctx.problem(r, "field-format", "control character in a name", field="given_name")


TESTS = [test_bad_input, test_text_boundaries, test_body_limits, test_lang_negotiation, test_injection_round_trip]
