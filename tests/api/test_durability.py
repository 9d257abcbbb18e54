"""Durability: records survive a clean restart; acknowledged creates survive SIGKILL mid-load."""
import threading
import time

from harness import DEMO_PASSWORD, Server

ADVISOR = "advisor.province@demo.passerelle.ca"
LOAD_THREADS = 16
LOAD_SECONDS = 2.0
KILL_AFTER = 1.5


def restart(ctx, name):
    old = ctx.server
    rc = old.stop()
    ctx.check(rc == 0, "server %s exits 0 on SIGTERM" % old.name, "rc=%s\n%s" % (rc, old.stderr()[-3000:]))
    ctx.server = Server(ctx, name).start()


def test_restart_persistence(ctx):
    ctx.pii.update(["Persistante", "Durable-Dupont", "persist@example.org"])
    p = ctx.api("POST", "/api/v1/persons", {"given_name": "Persistante", "family_name": "Durable-Dupont",
                                            "birth_date": "1988-08-08", "email": "persist@example.org",
                                            "confirm_not_duplicate": True}, as_=ADVISOR)
    o = ctx.api("POST", "/api/v1/organisations", {"kind": "sponsor", "name_en": "Durable Works",
                                                  "name_fr": "Travaux durables", "region_id": 3}, as_=ADVISOR)
    if not (ctx.status(p, 201, "create a person") and ctx.status(o, 201, "create an organisation")):
        return
    a = ctx.api("POST", "/api/v1/agreements", {"person_id": p.json["id"], "sponsor_id": o.json["id"],
                                               "trade_code": "310T", "start_date": "2026-03-02"}, as_=ADVISOR)
    if not ctx.status(a, 201, "create an agreement"):
        return
    t = ctx.api("POST", "/api/v1/agreements/%d/transitions" % a.json["id"], {"transition": "submit"}, as_=ADVISOR)
    ctx.status(t, 200, "submit it")
    tok = ctx.api("POST", "/api/v1/tokens", {"name": "survives-restart"}, as_=ADVISOR)
    counts = ctx.counts()
    restart(ctx, "restarted")
    ctx.eq(ctx.counts(), counts, "row counts unchanged by the restart")
    # Sessions and tokens are stored: the old cookie and the token still work.
    g = ctx.api("GET", "/api/v1/persons/%d" % p.json["id"], as_=ADVISOR)
    ctx.check(g.status == 200 and g.json.get("family_name") == "Durable-Dupont"
              and g.json.get("email") == "persist@example.org", "person there after restart", g)
    g = ctx.api("GET", "/api/v1/organisations/%d" % o.json["id"], as_=ADVISOR)
    ctx.check(g.status == 200 and g.json.get("name_fr") == "Travaux durables", "organisation there after restart", g)
    g = ctx.api("GET", "/api/v1/agreements/%d" % a.json["id"], as_=ADVISOR)
    ctx.check(g.status == 200 and g.json.get("state") == "submitted", "agreement (submitted) there after restart", g)
    if tok.status == 201:
        me = ctx.request("GET", "/api/v1/me", bearer=tok.json["token"])
        ctx.status(me, 200, "API token valid after restart")
    v = ctx.api("GET", "/api/v1/audit/verify", as_="auditor")
    ctx.check(v.status == 200 and v.json.get("intact") is True, "audit chain intact after restart", v)


def test_sigterm_under_load(ctx):
    """SIGTERM while 16 clients create persons: the server drains, exits 0, and every
    acknowledged create is in the database. Three rounds (a shutdown race shows up only now
    and then)."""
    ctx.pii.add("Arret-")
    tok = ctx.session(ADVISOR)
    for rnd in range(3):
        srv = ctx.server
        acked, lock = [], threading.Lock()
        stop = threading.Event()

        def worker(k):
            for n in range(100000):
                if stop.is_set() or not srv.alive():
                    return
                try:
                    r = ctx.request("POST", "/api/v1/persons",
                                    {"given_name": "Term%02d" % k, "family_name": "Arret-%d-%02d-%05d" % (rnd, k, n),
                                     "birth_date": "1971-02-%02d" % (k + 1), "confirm_not_duplicate": True},
                                    token=tok, server=srv, timeout=30)
                except Exception:  # noqa: BLE001 - refused or reset while stopping
                    continue
                if r.status == 201:
                    with lock:
                        acked.append((r.json["id"], r.json["family_name"]))

        threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(LOAD_THREADS)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        rc = srv.stop()
        stop.set()
        for t in threads:
            t.join(timeout=60)
        ctx.check(rc == 0, "server exits 0 on SIGTERM under load (round %d)" % rnd,
                  "rc=%s\n%s" % (rc, srv.stderr()[-3000:]))
        ctx.check(len(acked) > 0, "creates were acknowledged before SIGTERM", len(acked))
        got = dict(ctx.q("SELECT id, family_name FROM persons WHERE family_name LIKE 'Arret-%d-%%'" % rnd))
        missing = [a for a in acked if got.get(a[0]) != a[1]]
        ctx.check(not missing, "all %d acknowledged creates are in the database (round %d)" % (len(acked), rnd),
                  missing[:10])
        ctx.server = Server(ctx, "after-sigterm-%d" % rnd).start()


def test_crash_safety(ctx):
    ctx.pii.add("Charge-")
    tok = ctx.session(ADVISOR)
    acked, lock = [], threading.Lock()
    stop = threading.Event()
    errors = []

    def worker(k):
        for n in range(100000):
            if stop.is_set():
                return
            given, family = "Crash%02d" % k, "Charge-%02d-%05d" % (k, n)
            try:
                r = ctx.request("POST", "/api/v1/persons",
                                {"given_name": given, "family_name": family, "birth_date": "1970-01-%02d" % (k + 1),
                                 "confirm_not_duplicate": True}, token=tok, timeout=30)
            except Exception as e:  # noqa: BLE001 - the server is killed under our feet
                errors.append(repr(e))
                if not ctx.server.alive():
                    return
                continue
            if r.status == 201:
                with lock:
                    acked.append((r.json["id"], given, family))
            elif not ctx.server.alive():
                return

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(LOAD_THREADS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(KILL_AFTER)
    with lock:
        before_kill = len(acked)
    victim = ctx.server
    victim.kill()
    time.sleep(max(0.0, LOAD_SECONDS - (time.monotonic() - t0)))
    stop.set()
    for t in threads:
        t.join(timeout=60)
    ctx.check(all(not t.is_alive() for t in threads), "load threads finished")
    ctx.check(before_kill > 0, "creates were acknowledged before the kill", before_kill)
    ctx.check(victim.proc.returncode == -9, "server died of SIGKILL", victim.proc.returncode)
    # The database after the crash: every acknowledged create is there, as sent.
    rc, out, err = ctx.cli(["audit", "verify"])
    ctx.check(rc == 0, "audit verify exits 0 after the crash", out + err)
    ctx.eq(ctx.q1("PRAGMA integrity_check"), "ok", "integrity_check after the crash")
    got = dict((r[0], (r[1], r[2])) for r in ctx.q("SELECT id, given_name, family_name FROM persons "
                                                    "WHERE given_name LIKE 'Crash%'"))
    missing = [a for a in acked if got.get(a[0]) != (a[1], a[2])]
    print("   crash test: %d creates acknowledged (%d before the kill), %d rows in the database"
          % (len(acked), before_kill, len(got)), flush=True)
    ctx.check(not missing, "all %d acknowledged creates are in the database" % len(acked), missing[:10])
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'person.created' AND entity_id IN "
                "(SELECT id FROM persons WHERE given_name LIKE 'Crash%')")
    ctx.eq(ev, len(got), "every created person has its person.created event")
    ctx.server = Server(ctx, "after-crash").start()
    if acked:
        r = ctx.api("GET", "/api/v1/persons/%d" % acked[-1][0], as_=ADVISOR)
        ctx.check(r.status == 200 and r.json.get("family_name") == acked[-1][2],
                  "last acknowledged create served after restart", r)
    h = ctx.request("GET", "/healthz")
    ctx.status(h, 200, "healthy after the crash")


def test_debug_log_has_no_personal_data(ctx):
    """A server at log level debug: requests full of personal data leave none in its log."""
    s = Server(ctx, "debug-log", ["--log_level", "debug"]).start()
    secrets = ["Secretgiven", "Hiddenfamily", "hidden.person@example.org", "Importgiven", "Importfamily"]
    sin = "123 456 782"
    ctx.pii.update(secrets + [sin, sin.replace(" ", "")])
    try:
        r = ctx.request("POST", "/api/v1/session", {"email": "hidden.person@example.org", "password": "Secretgiven-pw"},
                        server=s)
        ctx.problem(r, "auth-failed", "unknown account on the debug server")
        r = ctx.request("POST", "/api/v1/session", {"email": "admin@demo.passerelle.ca",
                                                    "password": DEMO_PASSWORD}, server=s)
        tok = r.headers.get("set-cookie", "").split(";", 1)[0].split("=", 1)[-1]
        ctx.status(r, 201, "sign-in on the debug server")
        body = {"given_name": "Secretgiven", "family_name": "Hiddenfamily", "birth_date": "1990-01-01", "sin": sin,
                "email": "hidden.person@example.org", "confirm_not_duplicate": True}
        r = ctx.request("POST", "/api/v1/persons", body, token=tok, server=s)
        ctx.status(r, 201, "create a person on the debug server")
        ctx.request("POST", "/api/v1/persons", dict(body, sin="123 456 789"), token=tok, server=s)
        ctx.request("POST", "/api/v1/persons", b'{"given_name":"Secretgiven",', token=tok, ctype="application/json",
                    server=s)
        ctx.request("GET", "/api/v1/persons?q=Secretgiven%20Hiddenfamily", token=tok, server=s)
        ctx.request("GET", "/api/v1/nowhere/Hiddenfamily", token=tok, server=s)
        if r.status == 201:
            ctx.request("GET", "/api/v1/persons/%d" % r.json["id"], token=tok, server=s)
            ctx.request("PATCH", "/api/v1/persons/%d" % r.json["id"], {"email": "hidden.person@example.org"},
                        token=tok, server=s)
        ctx.request("POST", "/api/v1/import/persons", b"given_name,family_name,birth_date\nImportgiven,Importfamily,"
                    b"1990-02-30\n", token=tok, ctype="text/csv", server=s)
    finally:
        rc = s.stop()
    ctx.check(rc == 0, "debug server exits 0 on SIGTERM", "rc=%s %s" % (rc, s.stderr()[-2000:]))
    log = s.stderr() + s.stdout()
    ctx.check(log.count("\n") >= 5, "the debug server did log its requests", log)
    leaks = [x for x in secrets + [sin, sin.replace(" ", ""), tok if tok else "\0"] if x in log]
    ctx.check(not leaks, "debug log holds no personal data nor session token", leaks)


TESTS = [test_restart_persistence, test_debug_log_has_no_personal_data, test_sigterm_under_load,
         test_crash_safety]
