"""Certification exams: the published rules, sessions (single, CSV, update, cancel), eligibility
(completed apprenticeship, authorisation, retake after the waiting period, pass already held),
bookings (no overbooking under 200 concurrent requests at a 10-seat session, three runs; no
double booking; the candidate's cancellation deadline; rebooking all or nothing),
accommodations (sealed details, decisions), results (single and CSV all or nothing, invisible to
the candidate until released) and the reports (release standard and pass rates recomputed here
from the rows). Refusals in English and French, with row counts proving nothing was written.

The API cannot create a session in the past (a sitting starts in the future); to record results
the tests move a session they created into the past in the database, as the passage of time
would."""
import datetime
import threading
from zoneinfo import ZoneInfo

from harness import DEMO_PASSWORD
from test_contacts import add_business

TZ = ZoneInfo("America/Toronto")
TRADE = "310T"          # Truck and Coach Technician: a Red Seal trade the demo hardly uses
P = "/api/v1/exams"
_seq = [0]


def today():
    return datetime.datetime.now(TZ).date()


def start_text(days, hour=9):
    d = today() + datetime.timedelta(days=days)
    return "%sT%02d:00" % (d.isoformat(), hour)


def exam_centre(ctx, municipality="Toronto"):
    return ctx.q1("SELECT id FROM points WHERE kind = 'exam_centre' AND municipality = ?", (municipality,))


def count(ctx, table, where="1=1", args=()):
    return ctx.q1("SELECT count(*) FROM %s WHERE %s" % (table, where), args)


def new_session(ctx, days=30, seats=10, trade=TRADE, type_="cq", lang="en", point=None, **kw):
    body = {"point_id": point or exam_centre(ctx), "trade_code": trade, "exam_type": type_,
            "starts_at": start_text(days), "lang": lang, "seats": seats}
    body.update(kw)
    r = ctx.api("POST", P + "/sessions", body, as_="exam_admin")
    if not ctx.status(r, 201, "exam administrator creates a session"):
        raise AssertionError("session not created: %r" % r)
    return r.json


def move_to_past(ctx, sid, days_ago):
    """The sitting took place days_ago (local 09:00)."""
    d = today() - datetime.timedelta(days=days_ago)
    local = datetime.datetime(d.year, d.month, d.day, 9, 0, tzinfo=TZ)
    c = ctx.db_conn()
    try:
        c.execute("UPDATE exam_sessions SET starts_at = ?, starts_us = ? WHERE id = ?",
                  ("%sT09:00" % d.isoformat(), int(local.timestamp()) * 1000000, sid))
        c.commit()
    finally:
        c.close()
    return d


def new_person(ctx, given="Candidat"):
    _seq[0] += 1
    n = _seq[0]
    body = {"given_name": "%s%d" % (given, n), "family_name": "Examen-%04d" % n,
            "birth_date": "19%02d-%02d-%02d" % (60 + n % 40, 1 + n % 12, 1 + n % 28),
            "confirm_not_duplicate": True}
    r = ctx.api("POST", "/api/v1/persons", body, as_="advisor")
    if not ctx.status(r, 201, "advisor creates a candidate"):
        raise AssertionError(repr(r))
    return r.json["id"]


def authorise(ctx, person, trade=TRADE, type_="cq"):
    r = ctx.api("POST", P + "/authorisations", {"person_id": person, "trade_code": trade, "exam_type": type_,
                                                 "source": "equivalency", "reference": "TEA-%d" % person},
                as_="assessor")
    ctx.status(r, 201, "assessor grants an exam authorisation")
    return r.json["id"] if r.json else None


def candidate_account(ctx, person):
    email = "exam.candidate.%d@example.org" % person
    r = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": "Candidate %d" % person,
                                          "password": DEMO_PASSWORD, "role": "client", "person_id": person},
                as_="administrator")
    ctx.status(r, 201, "administrator gives the candidate an account")
    return email


def book(ctx, sid, person=None, as_="exam_admin", **kw):
    body = {"session_id": sid}
    if person is not None:
        body["person_id"] = person
    return ctx.api("POST", P + "/bookings", body, as_=as_, **kw)


# ---- rules ----

def test_rules(ctx):
    r = ctx.request("GET", P + "/rules")
    if not ctx.status(r, 200, "the rules are public"):
        return
    rules = {x["exam_type"]: x for x in r.json["items"]}
    ctx.eq(sorted(rules), ["cq", "red_seal"], "one row per exam type")
    ctx.eq(rules["cq"]["pass_mark_pct"], 70, "default pass mark 70 %")
    before = count(ctx, "events", "type = 'exam.rules_updated'")
    body = {"pass_mark_pct": 70, "cancel_deadline_bizdays": 2, "retake_wait_days": 30,
            "results_release_bizdays": 10, "release_target_pct": 90}
    r = ctx.api("PUT", P + "/rules/red_seal", dict(body, release_target_pct=95), as_="administrator")
    ctx.status(r, 200, "administrator edits the red_seal rules")
    ctx.eq(ctx.q1("SELECT release_target_pct FROM exam_rules WHERE exam_type = 'red_seal'"), 95, "stored")
    r = ctx.api("PUT", P + "/rules/red_seal", body, as_="administrator")
    ctx.eq(count(ctx, "events", "type = 'exam.rules_updated'"), before + 2, "each change audited")
    r = ctx.api("PUT", P + "/rules/red_seal", dict(body, pass_mark_pct=101), as_="administrator")
    ctx.problem(r, "field-range", "a pass mark above 100", field="pass_mark_pct")
    r = ctx.api("PUT", P + "/rules/nothing", body, as_="administrator")
    ctx.status(r, 404, "an unknown exam type")
    r = ctx.api("PUT", P + "/rules/cq", body, as_="exam_admin")
    ctx.problem(r, "forbidden", "only administrators edit the rules")


# ---- sessions ----

def test_sessions(ctx):
    n0 = count(ctx, "exam_sessions")
    s = new_session(ctx, days=40, seats=12, lang="fr", point=exam_centre(ctx, "Hearst"))
    ctx.eq((s["trade"]["code"], s["exam_type"], s["lang"], s["seats"], s["seats_left"], s["pass_mark_pct"],
            s["status"]), (TRADE, "cq", "fr", 12, 12, 70, "scheduled"), "the session as created")
    ctx.eq(count(ctx, "events", "type = 'exam.session_created' AND entity_id = ?", (s["id"],)), 1, "audited")
    r = ctx.request("GET", "%s/sessions/%d" % (P, s["id"]))
    ctx.check(r.status == 200 and r.json["id"] == s["id"], "a session is public", r)
    r = ctx.request("GET", "%s/sessions?trade=%s&lang=fr&to=%s" % (P, TRADE, (today() + datetime.timedelta(days=60))))
    ctx.check(r.status == 200 and any(x["id"] == s["id"] for x in r.json["items"]), "listed with filters", r)
    r = ctx.api("PATCH", "%s/sessions/%d" % (P, s["id"]), {"seats": 15, "pass_mark_pct": 75}, as_="exam_admin")
    ctx.check(r.status == 200 and r.json["seats"] == 15 and r.json["pass_mark_pct"] == 75 and
              not r.json["pass_mark_is_default"], "seats and pass mark changed", r)
    # Refusals, in English and French; nothing written.
    non_centre = ctx.q1("SELECT p.id FROM points p WHERE p.kind = 'partner_site' AND NOT EXISTS "
                        "(SELECT 1 FROM point_services s WHERE s.point_id = p.id AND s.service = 'exams')")
    base = {"point_id": exam_centre(ctx), "trade_code": TRADE, "exam_type": "cq", "starts_at": start_text(20),
            "lang": "en", "seats": 5}
    refusals = [
        (dict(base, point_id=non_centre), "not-exam-centre", "point_id"),
        (dict(base, trade_code="253H", exam_type="red_seal"), "not-red-seal-trade", "exam_type"),
        (dict(base, starts_at=start_text(-1)), "session-start", "starts_at"),
        (dict(base, starts_at="2026-13-01T09:00"), "session-start", "starts_at"),
        (dict(base, trade_code="999Z"), "reference-invalid", "trade_code"),
        (dict(base, seats=0), "field-range", "seats"),
    ]
    n1 = count(ctx, "exam_sessions")
    for body, slug, field in refusals:
        r = ctx.api("POST", P + "/sessions", body, as_="exam_admin")
        ctx.problem(r, slug, "refused: %s" % slug, field=field)
        r = ctx.api("POST", P + "/sessions", body, as_="exam_admin", headers={"Accept-Language": "fr"})
        ctx.problem(r, slug, "refused in French: %s" % slug, lang="fr", field=field)
    ctx.eq(count(ctx, "exam_sessions"), n1, "refusals write nothing")
    ctx.eq(n1, n0 + 1, "one session created")
    for role in ("client", "advisor", "manager"):
        ctx.problem(ctx.api("POST", P + "/sessions", base, as_=role), "forbidden", "%s may not create" % role)


def test_sessions_csv(ctx):
    centre = exam_centre(ctx)
    good = "point_id,trade_code,exam_type,starts_at,lang,seats,pass_mark_pct\n" + \
        "%d,%s,cq,%s,en,10,\n%d,%s,red_seal,%s,fr,8,65\n" % (centre, TRADE, start_text(50), centre, TRADE,
                                                             start_text(51))
    bad = good + "%d,253H,red_seal,%s,en,8,\n%d,%s,cq,nope,en,8,\n" % (centre, start_text(52), centre, TRADE)
    n0 = count(ctx, "exam_sessions")
    r = ctx.api("POST", P + "/sessions/import", bad, as_="exam_admin", ctype="text/csv")
    ctx.problem(r, "import-invalid", "a CSV with a bad row")
    errs = [(e["line"], e["column"], e["error"]) for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.eq(errs, [(5, "starts_at", "field-too-short")], "the malformed start is reported by line")
    bad2 = good + "%d,253H,red_seal,%s,en,8,\n" % (centre, start_text(52))
    r = ctx.api("POST", P + "/sessions/import", bad2, as_="exam_admin", ctype="text/csv",
                headers={"Accept-Language": "fr"})
    ctx.problem(r, "import-invalid", "a CSV with a refused row", lang="fr")
    errs = [(e["line"], e["column"], e["error"]) for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.eq(errs, [(4, "exam_type", "not-red-seal-trade")], "the refused row named by line")
    msg = [e["message"] for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.check(msg and "Sceau rouge" in msg[0], "row errors in French", msg)
    ctx.eq(count(ctx, "exam_sessions"), n0, "all or nothing: nothing written")
    r = ctx.api("POST", P + "/sessions/import?dry_run=1", good, as_="exam_admin", ctype="text/csv")
    ctx.check(r.status == 200 and r.json["created"] == 2, "dry run", r)
    ctx.eq(count(ctx, "exam_sessions"), n0, "a dry run writes nothing")
    r = ctx.api("POST", P + "/sessions/import", good, as_="exam_admin", ctype="text/csv")
    ctx.check(r.status == 201 and r.json["created"] == 2, "two sessions imported", r)
    ctx.eq(count(ctx, "exam_sessions"), n0 + 2, "two rows")
    ctx.eq(ctx.q1("SELECT pass_mark_pct FROM exam_sessions ORDER BY id DESC LIMIT 1"), 65, "own pass mark kept")


# ---- eligibility and booking ----

def test_client_booking(ctx):
    """The demo client (completed apprenticeship in 309A): books, cannot book twice, cancels, is held
    to the deadline; rebooking is all or nothing."""
    pid = ctx.q1("SELECT person_id FROM users WHERE email = 'client@demo.passerelle.ca'")
    r = ctx.api("GET", P + "/my/eligibility", as_="client")
    ctx.status(r, 200, "the client's eligible exams")
    el = {(x["trade"]["code"], x["exam_type"]): x for x in (r.json or {}).get("exams", [])}
    ctx.check(el.get(("309A", "red_seal"), {}).get("eligible") is True and
              el[("309A", "red_seal")]["pathway"] == "apprenticeship",
              "eligible for the 309A Red Seal exam through her completed apprenticeship", el)
    ctx.check(any(s["trade"]["code"] == "309A" for s in r.json.get("sessions", [])),
              "upcoming 309A sessions offered", r.json.get("sessions"))
    a = new_session(ctx, days=35, trade="309A", type_="red_seal")
    b = new_session(ctx, days=42, trade="309A", type_="red_seal")
    r = book(ctx, a["id"], as_="client")
    if not ctx.status(r, 201, "the client books for herself"):
        return
    bid = r.json["id"]
    ctx.eq((r.json["person"]["id"], r.json["status"]), (pid, "booked"), "her booking")
    n = count(ctx, "exam_bookings")
    r = book(ctx, b["id"], as_="client")
    ctx.problem(r, "already-booked", "a second live booking of the same exam")
    r = book(ctx, b["id"], as_="client", headers={"Accept-Language": "fr"})
    ctx.problem(r, "already-booked", "... in French", lang="fr")
    r = book(ctx, b["id"], person=pid + 1, as_="client")
    ctx.status(r, 404, "a client cannot book for another person")
    ctx.eq(count(ctx, "exam_bookings"), n, "refusals write nothing")
    # Rebook to a full session: refused, the first booking still live.
    full = new_session(ctx, days=44, trade="309A", type_="red_seal", seats=1)
    other = new_person(ctx)
    authorise(ctx, other, "309A", "red_seal")
    ctx.status(book(ctx, full["id"], other), 201, "someone takes the only seat")
    r = ctx.api("POST", "%s/bookings/%d/rebook" % (P, bid), {"session_id": full["id"]}, as_="client")
    ctx.problem(r, "session-full", "rebooking into a full session")
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (bid,)), "booked", "the first booking is kept")
    r = ctx.api("POST", "%s/bookings/%d/rebook" % (P, bid), {"session_id": b["id"]}, as_="client")
    if ctx.status(r, 200, "rebooked into another session"):
        nid = r.json["id"]
        ctx.eq((r.json["session_id"], r.json["rebooked_from"]), (b["id"], bid), "the new booking")
        ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (bid,)), "cancelled", "the old one cancelled")
        r = ctx.api("POST", "%s/bookings/%d/cancel" % (P, nid), {}, as_="client")
        ctx.check(r.status == 200 and r.json["status"] == "cancelled", "the client cancels before the deadline", r)
    # A sitting tomorrow: past the candidate's deadline (2 business days before).
    soon = new_session(ctx, days=1, trade="309A", type_="red_seal")
    r = book(ctx, soon["id"], as_="client")
    if ctx.status(r, 201, "booking a sitting of tomorrow"):
        sid = r.json["id"]
        r = ctx.api("POST", "%s/bookings/%d/cancel" % (P, sid), {}, as_="client")
        ctx.problem(r, "cancel-deadline-passed", "the candidate cannot cancel after the deadline")
        r = ctx.api("POST", "%s/bookings/%d/cancel" % (P, sid), {}, as_="client", headers={"Accept-Language": "fr"})
        ctx.problem(r, "cancel-deadline-passed", "... in French", lang="fr")
        ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (sid,)), "booked", "still booked")
        r = ctx.api("POST", "%s/bookings/%d/cancel" % (P, sid), {}, as_="exam_admin")
        ctx.problem(r, "field-required", "the exam administrator must give a reason", field="reason")
        r = ctx.api("POST", "%s/bookings/%d/cancel" % (P, sid), {"reason": "Illness (certificate on file)."},
                    as_="exam_admin")
        ctx.check(r.status == 200 and r.json["status"] == "cancelled", "the exam administrator cancels any time", r)
    ctx.check(count(ctx, "events", "type = 'exam.booking_cancelled' AND actor_role = 'exam_admin'") >= 1,
              "cancellations audited")


def test_not_eligible(ctx):
    person = new_person(ctx)
    s = new_session(ctx, days=30)
    n = count(ctx, "exam_bookings")
    r = book(ctx, s["id"], person)
    ctx.problem(r, "not-eligible", "no pathway")
    ctx.eq((r.json or {}).get("reason"), "no-exam-pathway", "the reason id")
    ctx.check("apprenticeship" in (r.json or {}).get("reason_message_en", ""), "the reason in English", r.json)
    r = book(ctx, s["id"], person, headers={"Accept-Language": "fr"})
    ctx.problem(r, "not-eligible", "no pathway, in French", lang="fr")
    ctx.check("apprentissage" in (r.json or {}).get("reason_message_fr", ""), "the reason in French", r.json)
    ctx.eq(count(ctx, "exam_bookings"), n, "nothing written")
    # Revoked authorisation: no longer eligible.
    aid = authorise(ctx, person)
    r = ctx.api("POST", "%s/authorisations/%d/revoke" % (P, aid), {"reason": "Assessment withdrawn."}, as_="assessor")
    ctx.check(r.status == 200 and r.json["active"] is False, "authorisation revoked", r)
    ctx.problem(book(ctx, s["id"], person), "not-eligible", "after the revocation")
    r = ctx.api("GET", "%s/authorisations?person=%d" % (P, person), as_="advisor")
    ctx.check(r.status == 200 and len(r.json["items"]) == 1, "an advisor reads a person's authorisations", r)


def test_no_overbooking(ctx):
    """200 concurrent requests, 200 distinct eligible candidates, 10 seats: exactly 10 bookings, on
    every one of three runs."""
    persons = [new_person(ctx, "Concurrent") for _ in range(200)]
    for p in persons:
        authorise(ctx, p, TRADE, "red_seal")
    tok = ctx.session("exam_admin")
    for run in range(3):
        s = new_session(ctx, days=20 + run, seats=10, type_="red_seal")
        barrier = threading.Barrier(len(persons), timeout=60)
        results = [None] * len(persons)

        def worker(i):
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            try:
                results[i] = ctx.request("POST", P + "/bookings", {"session_id": s["id"], "person_id": persons[i]},
                                         token=tok)
            except Exception as e:  # noqa: BLE001 - a failed request is counted below
                results[i] = e
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(persons))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        created = [r for r in results if getattr(r, "status", None) == 201]
        full = [r for r in results if getattr(r, "status", None) == 409 and (r.json or {}).get("error") == "session-full"]
        ctx.eq((len(created), len(full)), (10, 190), "run %d: exactly 10 x 201 and 190 x 409 session-full" % (run + 1),
               [r for r in results if r not in created and r not in full][:3])
        ctx.eq(count(ctx, "exam_bookings", "session_id = ? AND status = 'booked'", (s["id"],)), 10,
               "run %d: 10 rows in the database" % (run + 1))
        r = ctx.request("GET", "%s/sessions/%d" % (P, s["id"]))
        ctx.eq((r.json or {}).get("seats_left"), 0, "run %d: no seat left" % (run + 1))
        # Free the ten candidates for the next run.
        for c in created:
            ctx.api("POST", "%s/bookings/%d/cancel" % (P, c.json["id"]), {"reason": "Test run over."},
                    as_="exam_admin")


def test_results_and_release(ctx):
    s = new_session(ctx, days=25, seats=5)
    people = [new_person(ctx, "Resultat") for _ in range(3)]
    for p in people:
        authorise(ctx, p)
    email = candidate_account(ctx, people[0])
    bookings = []
    for p in people:
        r = book(ctx, s["id"], p, as_="advisor")
        ctx.status(r, 201, "an advisor books on a candidate's behalf")
        bookings.append(r.json["id"])
    r = ctx.api("PUT", "%s/bookings/%d/result" % (P, bookings[0]), {"score_pct": 80}, as_="exam_admin")
    ctx.problem(r, "result-state", "no result before the sitting")
    # Accommodation: sealed at rest, shown to the candidate and exam administrators only.
    secret = "Dyslexie documentée : lecteur demandé"
    r = ctx.api("POST", "%s/bookings/%d/accommodations" % (P, bookings[0]), {"kind": "reader", "details": secret},
                as_=email)
    if ctx.status(r, 201, "the candidate asks for an accommodation"):
        acc = r.json["id"]
        ctx.eq(r.json["details"], secret, "the candidate sees her details")
        raw = ctx.q1("SELECT details_sealed FROM exam_accommodations WHERE id = ?", (acc,))
        ctx.check(raw is not None and secret.encode() not in bytes(raw), "details sealed at rest")
        ctx.check(secret not in ctx.server.stderr(), "details never logged")
        r = ctx.api("GET", "%s/bookings/%d" % (P, bookings[0]), as_="advisor")
        ctx.check(r.status == 200 and r.json["accommodations"][0]["details"] is None, "an advisor does not see them", r)
        r = ctx.api("GET", P + "/accommodations?status=requested", as_="exam_admin")
        ctx.check(any(x["id"] == acc and x["details"] == secret for x in r.json["items"]),
                  "the exam administrator's list", r)
        r = ctx.api("POST", "%s/accommodations/%d/decision" % (P, acc), {"approve": False}, as_="exam_admin")
        ctx.problem(r, "field-required", "a refusal needs a reason", field="reason")
        r = ctx.api("POST", "%s/accommodations/%d/decision" % (P, acc), {"approve": True}, as_="exam_admin")
        ctx.check(r.status == 200 and r.json["status"] == "approved", "approved", r)
        r = ctx.api("POST", "%s/accommodations/%d/decision" % (P, acc), {"approve": True}, as_="exam_admin")
        ctx.problem(r, "already-decided", "decided once")
    move_to_past(ctx, s["id"], 3)
    r = ctx.api("POST", "%s/sessions/%d/release" % (P, s["id"]), None, as_="exam_admin")
    ctx.problem(r, "results-incomplete", "release refused while candidates have no result")
    r = ctx.api("PUT", "%s/bookings/%d/result" % (P, bookings[0]), {"score_pct": 85}, as_="exam_admin")
    ctx.check(r.status == 200 and r.json["result"]["passed"] is True, "a pass recorded", r)
    r = ctx.api("PUT", "%s/bookings/%d/result" % (P, bookings[1]), {"score_pct": 69}, as_="exam_admin")
    ctx.check(r.status == 200 and r.json["result"]["passed"] is False, "69 < 70: a fail", r)
    r = ctx.api("PUT", "%s/bookings/%d/result" % (P, bookings[2]), {"absent": True}, as_="exam_admin")
    ctx.check(r.status == 200 and r.json["status"] == "absent", "an absence", r)
    # The candidate does not see the result before release.
    r = ctx.api("GET", P + "/my/results", as_=email)
    ctx.check(r.status == 200 and r.json["items"] == [], "no result visible before release", r)
    r = ctx.api("GET", P + "/my/bookings", as_=email)
    ctx.check(r.status == 200 and r.json["items"][0]["result"] is None, "... nor in her bookings", r)
    r = ctx.api("GET", "%s/bookings/%d" % (P, bookings[0]), as_=email)
    ctx.check(r.status == 200 and r.json["result"] is None, "... nor in the booking", r)
    def scores(v):
        if isinstance(v, dict):
            return [x for k, w in v.items() for x in ([w] if "score" in k else []) + scores(w)]
        if isinstance(v, list):
            return [x for w in v for x in scores(w)]
        return []
    ctx.eq([x for x in scores(r.json) if x is not None], [], "the score is nowhere in the reply")
    passed0 = count(ctx, "events", "type = 'exam.passed'")
    r = ctx.api("POST", "%s/sessions/%d/release" % (P, s["id"]), None, as_="exam_admin")
    ctx.check(r.status == 200 and r.json["results_released"] == 2 and r.json["passes_released"] == 1,
              "results released", r)
    ctx.eq(count(ctx, "events", "type = 'exam.passed'"), passed0 + 1, "the final pass recorded once")
    r = ctx.api("GET", P + "/my/results", as_=email)
    ctx.check(r.status == 200 and len(r.json["items"]) == 1 and r.json["items"][0]["result"]["score_pct"] == 85,
              "the candidate sees her released result", r)
    r = ctx.api("PUT", "%s/bookings/%d/result" % (P, bookings[1]), {"score_pct": 90}, as_="exam_admin")
    ctx.problem(r, "result-state", "a released result cannot change")
    # A pass already held: not eligible again.
    s2 = new_session(ctx, days=60)
    r = book(ctx, s2["id"], people[0])
    ctx.problem(r, "not-eligible", "a pass is not sat again")
    ctx.eq((r.json or {}).get("reason"), "exam-already-passed", "reason: already passed")
    ctx.shared["exam_failed"] = (people[1], s["id"])


def test_retake(ctx):
    person = new_person(ctx, "Reprise")
    aid = authorise(ctx, person)
    s1 = new_session(ctx, days=10)
    r = book(ctx, s1["id"], person)
    ctx.status(r, 201, "first attempt booked")
    move_to_past(ctx, s1["id"], 20)
    ctx.api("PUT", "%s/bookings/%d/result" % (P, r.json["id"]), {"score_pct": 40}, as_="exam_admin")
    s_pending = new_session(ctx, days=40)
    r = book(ctx, s_pending["id"], person)
    ctx.eq((r.json or {}).get("reason"), "result-pending", "no new booking while a result is unreleased")
    ctx.status(ctx.api("POST", "%s/sessions/%d/release" % (P, s1["id"]), None, as_="exam_admin"), 200, "released")
    early = new_session(ctx, days=5)     # 25 days after the failed sitting: too soon
    n = count(ctx, "exam_bookings")
    r = book(ctx, early["id"], person)
    ctx.problem(r, "not-eligible", "retake before the waiting period")
    ctx.eq((r.json or {}).get("reason"), "retake-too-soon", "reason: retake too soon")
    ctx.eq((r.json or {}).get("eligible_from"), (today() + datetime.timedelta(days=10)).isoformat(),
           "the first day allowed")
    r = book(ctx, early["id"], person, headers={"Accept-Language": "fr"})
    ctx.check("attente" in (r.json or {}).get("reason_message_fr", ""), "the reason in French", r.json)
    ctx.eq(count(ctx, "exam_bookings"), n, "nothing written")
    ctx.api("POST", "%s/authorisations/%d/revoke" % (P, aid), {"reason": "Superseded by the retake rule."},
            as_="assessor")
    late = new_session(ctx, days=15)     # 35 days after: allowed, as a retake
    r = book(ctx, late["id"], person)
    if ctx.status(r, 201, "retake after the waiting period"):
        ctx.eq(count(ctx, "events", "type = 'exam.booked' AND entity_id = ? AND payload LIKE '%\"pathway\":\"retake\"%'",
                     (r.json["id"],)), 1, "booked through the retake pathway")


def test_results_csv(ctx):
    s = new_session(ctx, days=9, seats=5)
    people = [new_person(ctx, "Csv") for _ in range(3)]
    bids = []
    for p in people:
        authorise(ctx, p)
        bids.append(book(ctx, s["id"], p).json["id"])
    client_no = ctx.q1("SELECT client_no FROM persons WHERE id = ?", (people[1],))
    move_to_past(ctx, s["id"], 2)
    bad = "booking_id,client_no,score\n%d,,88\n,%s,101\n999999999,,50\n" % (bids[0], client_no)
    n = count(ctx, "exam_results")
    r = ctx.api("POST", "%s/sessions/%d/results" % (P, s["id"]), bad, as_="exam_admin", ctype="text/csv")
    ctx.problem(r, "import-invalid", "a results CSV with a bad score")
    errs = [(e["line"], e["column"], e["error"]) for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.eq(errs, [(3, "score", "field-range")], "the bad score by line")
    bad2 = "booking_id,client_no,score\n%d,,88\n999999999,,50\n" % bids[0]
    r = ctx.api("POST", "%s/sessions/%d/results" % (P, s["id"]), bad2, as_="exam_admin", ctype="text/csv",
                headers={"Accept-Language": "fr"})
    ctx.problem(r, "import-invalid", "a booking not of this session", lang="fr")
    errs = [(e["line"], e["column"], e["error"]) for e in (r.json or {}).get("report", {}).get("errors", [])]
    ctx.eq(errs, [(3, "booking_id", "reference-invalid")], "the unknown booking by line")
    ctx.eq(count(ctx, "exam_results"), n, "all or nothing: no result written")
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (bids[0],)), "booked", "the valid row not kept")
    good = "booking_id,client_no,score\n%d,,88\n,%s,52\n%d,,absent\n" % (bids[0], client_no, bids[2])
    r = ctx.api("POST", "%s/sessions/%d/results" % (P, s["id"]), good, as_="exam_admin", ctype="text/csv")
    ctx.check(r.status == 201 and r.json["created"] == 3, "three rows recorded", r)
    ctx.eq(ctx.q("SELECT b.status, r.score_pct, r.passed FROM exam_bookings b LEFT JOIN exam_results r "
                  "ON r.booking_id = b.id WHERE b.session_id = ? ORDER BY b.id", (s["id"],)),
           [("sat", 88, 1), ("sat", 52, 0), ("absent", None, None)], "the rows as sent")
    ctx.status(ctx.api("POST", "%s/sessions/%d/release" % (P, s["id"]), None, as_="exam_admin"), 200, "released")


def test_session_cancel(ctx):
    s = new_session(ctx, days=33, seats=4)
    p = new_person(ctx)
    authorise(ctx, p)
    bid = book(ctx, s["id"], p).json["id"]
    r = ctx.api("POST", "%s/sessions/%d/cancel" % (P, s["id"]), {"reason": "The exam centre is closed (flood)."},
                as_="exam_admin")
    ctx.check(r.status == 200 and r.json["status"] == "cancelled" and r.json["bookings_cancelled"] == 1,
              "session cancelled with its bookings", r)
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (bid,)), "cancelled", "the booking too")
    p2 = new_person(ctx)
    authorise(ctx, p2)
    ctx.problem(book(ctx, s["id"], p2), "session-closed", "no booking in a cancelled session")
    r = ctx.api("GET", "%s/sessions/%d/bookings" % (P, s["id"]), as_="advisor")
    ctx.check(r.status == 200 and r.json["bookings"][0]["status"] == "cancelled", "the session's bookings", r)


# ---- reports, recomputed from the rows ----

def test_reports(ctx):
    frm = today() - datetime.timedelta(days=200)
    to = today()
    rows = ctx.q("SELECT s.starts_at, r.released_us, r.passed, s.trade_code, s.exam_type, "
                 "ru.results_release_bizdays, ru.release_target_pct FROM exam_results r "
                 "JOIN exam_bookings b ON b.id = r.booking_id JOIN exam_sessions s ON s.id = b.session_id "
                 "JOIN exam_rules ru ON ru.exam_type = s.exam_type")
    ok = due = pending = 0
    sat = passed = 0
    for starts_at, rel, ps, trade, type_, n, _ in rows:
        day = datetime.date.fromisoformat(starts_at[:10])
        if not (frm <= day <= to) or type_ != "cq":
            continue
        deadline = add_business(day, n)
        if rel is not None:
            due += 1
            ok += datetime.datetime.fromtimestamp(rel / 1e6, TZ).date() <= deadline
            if trade == TRADE:
                sat += 1
                passed += ps
        elif today() > deadline:
            due += 1
        else:
            pending += 1
    r = ctx.api("GET", "%s/standards?from=%s&to=%s&exam_type=cq" % (P, frm, to), as_="manager")
    if ctx.status(r, 200, "the release standard for managers"):
        m = r.json["measures"][0]
        ctx.eq((m["on_time"], m["due"], m["pending"], m["target"]), (ok, due, pending, 90),
               "on time / due / pending as recomputed")
        ctx.check(m["actual"] is None if due == 0 else abs(m["actual"] - round(1000 * ok / due) / 10) < 1e-9,
                  "actual share", m)
    r = ctx.api("GET", "%s/standards?from=%s&to=%s" % (P, frm, to), as_="manager", headers={"Accept-Language": "fr"})
    ctx.check(r.status == 200 and "jours ouvrables" in r.json["measures"][0]["standard"], "the standard in French", r)
    r = ctx.api("GET", "%s/pass-rates?from=%s&to=%s&exam_type=cq&by=trade" % (P, frm, to), as_="exam_admin")
    if ctx.status(r, 200, "pass rates by trade"):
        g = {x["key"]: x for x in r.json["groups"]}.get(TRADE, {})
        ctx.eq((g.get("sat"), g.get("passed")), (sat, passed), "the test trade's released results")
        ctx.check(sat > 0, "the tests' released results are counted", g)
    r = ctx.api("GET", "%s/pass-rates?from=%s&to=%s&by=period&period=fiscal_year" % (P, frm, to), as_="manager")
    ctx.check(r.status == 200 and all(x["key"].startswith("FY") for x in r.json["groups"]) and
              sum(x["sat"] for x in r.json["groups"]) == r.json["sat"], "by fiscal year (April to March)", r)
    r = ctx.api("GET", "%s/pass-rates?by=centre" % P, as_="manager")
    ctx.check(r.status == 200 and all("point_id" in x for x in r.json["groups"]), "by exam centre", r)
    ctx.problem(ctx.api("GET", P + "/pass-rates?by=colour", as_="manager"), "query-param", "an unknown grouping",
                field="by")
    ctx.problem(ctx.api("GET", P + "/pass-rates", as_="client"), "forbidden", "clients do not read pass rates")


def test_demo_data(ctx):
    ctx.check(count(ctx, "exam_results", "released_us IS NOT NULL AND passed = 1") > 0, "demo: released passes")
    ctx.check(count(ctx, "exam_results", "released_us IS NOT NULL AND passed = 0") > 0, "demo: released fails")
    ctx.check(count(ctx, "exam_accommodations") > 0, "demo: accommodation requests")
    ctx.check(count(ctx, "exam_sessions", "lang = 'fr' AND point_id = ?", (exam_centre(ctx, "Hearst"),)) > 0,
              "demo: French sessions at the northern centre of Hearst")


TESTS = [test_rules, test_sessions, test_sessions_csv, test_client_booking, test_not_eligible, test_no_overbooking,
         test_results_and_release, test_retake, test_results_csv, test_session_cancel, test_reports, test_demo_data]
