"""Idempotency-Key on creating POSTs: replays, reuse with another body, concurrent duplicates."""
import threading

ADVISOR = "advisor.central@demo.passerelle.ca"


def person_body(family):
    return {"given_name": "Idem", "family_name": family, "birth_date": "1991-07-07",
            "confirm_not_duplicate": True}


def rows(ctx, family):
    return ctx.q1("SELECT count(*) FROM persons WHERE family_name = ?", (family,))


def test_replay(ctx):
    fam = "Rejeu-Un"
    ctx.pii.add(fam)
    ctx.session(ADVISOR)
    before = ctx.counts()
    h = {"Idempotency-Key": "idem-key-0001"}
    r1 = ctx.api("POST", "/api/v1/persons", person_body(fam), as_=ADVISOR, headers=h)
    ctx.status(r1, 201, "first POST with a key")
    ctx.check("idempotent-replayed" not in r1.headers, "first reply is not marked replayed", r1.headers)
    r2 = ctx.api("POST", "/api/v1/persons", person_body(fam), as_=ADVISOR, headers=h)
    ctx.eq(r2.status, r1.status, "replay has the same status")
    ctx.eq(r2.json, r1.json, "replay has the same body")
    ctx.eq(r2.headers.get("idempotent-replayed"), "true", "replay has Idempotent-Replayed: true")
    ctx.check(r2.headers.get("content-type", "").startswith("application/json"), "replay is JSON", r2.headers)
    ctx.eq(rows(ctx, fam), 1, "only one row created")
    after = ctx.counts()
    ctx.eq((after["persons"] - before["persons"], after["events"] - before["events"]), (1, 1),
           "one person and one event for two requests")
    # Same key, different body -> 422, nothing written.
    r3 = ctx.api("POST", "/api/v1/persons", person_body(fam + "-autre"), as_=ADVISOR, headers=h)
    ctx.problem(r3, "idempotency-key-reused", "same key with a different body")
    r3f = ctx.api("POST", "/api/v1/persons?lang=fr", person_body(fam + "-autre"), as_=ADVISOR, headers=h)
    ctx.problem(r3f, "idempotency-key-reused", "same key with a different body (fr)", lang="fr")
    ctx.eq(ctx.counts(), after, "key reuse writes nothing")
    # Same key on another creating route -> 422 too.
    r4 = ctx.api("POST", "/api/v1/organisations", {"kind": "sponsor", "name_en": "Idem Org", "name_fr": "Org Idem"},
                 as_=ADVISOR, headers=h)
    ctx.problem(r4, "idempotency-key-reused", "same key on another route")
    # Keys are per user: another user with the same key creates their own record.
    r5 = ctx.api("POST", "/api/v1/persons", person_body(fam), as_="administrator", headers=h)
    ctx.check(r5.status == 201 and "idempotent-replayed" not in r5.headers and r5.json["id"] != r1.json["id"],
              "the same key from another user is a new request", r5)
    ctx.eq(rows(ctx, fam), 2, "two rows after the other user's request")
    # Refusals are replayed too (4xx are stored); a failing body keeps failing.
    dup_key = {"Idempotency-Key": "idem-key-dup"}
    d1 = ctx.api("POST", "/api/v1/persons", {"given_name": "Idem", "family_name": fam, "birth_date": "1991-07-07"},
                 as_=ADVISOR, headers=dup_key)
    ctx.problem(d1, "possible-duplicate", "duplicate person with a key")
    d2 = ctx.api("POST", "/api/v1/persons", {"given_name": "Idem", "family_name": fam, "birth_date": "1991-07-07"},
                 as_=ADVISOR, headers=dup_key)
    ctx.eq(d2.status, 409, "retry of a refused request gets the same status")
    ctx.eq(rows(ctx, fam), 2, "refusals created nothing")
    # Invalid keys.
    for bad in ("k" * 101, "caf\u00e9".encode("utf-8").decode("latin-1"), " "):
        r = ctx.api("POST", "/api/v1/persons", person_body("Idem-Bad"), as_=ADVISOR, headers={"Idempotency-Key": bad})
        ctx.problem(r, "idempotency-key-invalid", "invalid Idempotency-Key %r" % bad[:10])
    ctx.eq(rows(ctx, "Idem-Bad"), 0, "invalid keys create nothing")
    # Agreements and hours honour keys as well.
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = 'sponsor@demo.passerelle.ca'")
    body = {"person_id": r1.json["id"], "sponsor_id": sponsor_org, "trade_code": "310T", "start_date": "2026-01-05"}
    n0 = ctx.q1("SELECT count(*) FROM cases")
    a1 = ctx.api("POST", "/api/v1/agreements", body, as_="advisor.province@demo.passerelle.ca",
                 headers={"Idempotency-Key": "agreement-1"})
    a2 = ctx.api("POST", "/api/v1/agreements", body, as_="advisor.province@demo.passerelle.ca",
                 headers={"Idempotency-Key": "agreement-1"})
    ctx.check(a1.status == 201 and a2.status == 201 and a1.json == a2.json
              and a2.headers.get("idempotent-replayed") == "true", "agreement creation replayed", (a1, a2))
    ctx.eq(ctx.q1("SELECT count(*) FROM cases") - n0, 1, "one agreement for two requests")
    if a1.status == 201:
        g = ctx.api("GET", "/api/v1/agreements/%d" % a1.json["id"], as_="advisor.province@demo.passerelle.ca")
        ctx.eq(g.json, a1.json, "the stored (idempotent) creation reply is the agreement as GET shows it")


def test_concurrent_duplicates(ctx):
    fam = "Concurrent-Dix"
    ctx.pii.add(fam)
    tok = ctx.session(ADVISOR)
    before = ctx.counts()
    results = [None] * 10
    barrier = threading.Barrier(10, timeout=30)

    def worker(i):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        try:
            results[i] = ctx.request("POST", "/api/v1/persons", person_body(fam), token=tok,
                                     headers={"Idempotency-Key": "concurrent-key-10"})
        except Exception as e:  # noqa: BLE001
            results[i] = e

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    ctx.check(all(not t.is_alive() for t in threads), "all 10 requests finished")
    ok = [r for r in results if not isinstance(r, Exception) and r is not None]
    ctx.eq(len(ok), 10, "10 replies", results)
    ctx.check(all(r.status == 201 for r in ok), "every concurrent duplicate answers 201", [r.status for r in ok])
    ctx.eq(len({r.text for r in ok}), 1, "every reply has the same body")
    fresh = [r for r in ok if r.headers.get("idempotent-replayed") != "true"]
    ctx.eq(len(fresh), 1, "exactly one reply is the original, the others are replays")
    ctx.eq(rows(ctx, fam), 1, "exactly one row created")
    after = ctx.counts()
    ctx.eq(after["events"] - before["events"], 1, "exactly one event")


TESTS = [test_replay, test_concurrent_duplicates]
