"""The exam pages: the candidate's "My exams" (eligible exams with sessions, booking, refusals in
English and French with nothing written, accommodation request form, rebooking, cancelling before
the deadline, released results with the certificate link or the retake date), and the exam
administrators' pages (sessions list and filters, the create form with the error pattern, a
session's bookings, results entry, release, cancellation, accommodation decisions, the reports
page), roles, sign-in redirects, CSRF and escaping.

Sessions are created through the API; to record results a test moves a session into the past in
the database, as test_exams does."""
import re

from harness import ROLE_ACCOUNT
from test_exams import (P, authorise, book, candidate_account, count, exam_centre, move_to_past,
                        new_person, new_session, today)
from webclient import Web

import datetime


def web(ctx, who, lang_accept=None):
    w = Web(ctx)
    r, tok = ctx.sign_in(ROLE_ACCOUNT.get(who, who))
    ctx.check(r.status == 201 and tok, "sign in as %s" % who, r)
    w.cookies["psid"] = tok
    return w


def summary_hrefs(page):
    return sorted(h for h, t in page.links if h.startswith("#") and t in page.errors)


def client_person(ctx):
    return ctx.q1("SELECT person_id FROM users WHERE email = ?", (ROLE_ACCOUNT["client"],))


def clear_live(ctx, person, trade, type_):
    """Cancels the candidate's live bookings of an exam (left by other tests or the demo)."""
    for (bid,) in ctx.q("SELECT id FROM exam_bookings WHERE person_id = ? AND trade_code = ? AND exam_type = ? "
                        "AND status = 'booked'", (person, trade, type_)):
        ctx.api("POST", "%s/bookings/%d/cancel" % (P, bid), {"reason": "Test set-up."}, as_="exam_admin")


def test_access(ctx):
    anon = Web(ctx)
    for path in ("/en/my-exams", "/en/exam-sessions", "/fr/exam-accommodations", "/en/exam-reports"):
        r = anon.get(path, follow=False)
        ctx.status(r, 303, "anonymous %s: to sign in" % path)
        lang = path[1:3]
        ctx.eq(r.headers.get("location"), "/%s/sign-in?next=%s" % (lang, path.replace("/", "%2F")),
               "sign-in with next for %s" % path)
    ctx.check(web(ctx, "sponsor").get("/en/my-exams").status in (403, 404), "a sponsor has no My exams")
    client = web(ctx, "client")
    for path in ("/en/exam-sessions", "/en/exam-sessions/new", "/en/exam-accommodations", "/en/exam-reports"):
        ctx.check(client.get(path).status in (403, 404), "a client cannot open %s" % path)
    manager = web(ctx, "manager")
    ctx.status(manager.get("/en/exam-reports"), 200, "a manager reads the exam reports")
    ctx.check(manager.get("/en/exam-sessions").status in (403, 404), "a manager does not run sessions")
    ctx.check(web(ctx, "advisor").get("/en/exam-sessions/1").status in (403, 404), "an advisor does not either")
    w = web(ctx, "exam_admin")
    ctx.status(w.get("/en/exam-sessions/999999"), 404, "an unknown session: 404")
    ctx.status(w.get("/en/exam-sessions/abc"), 404, "a malformed id: 404")


def test_candidate_journey(ctx):
    me = client_person(ctx)
    clear_live(ctx, me, "309A", "cq")
    a = new_session(ctx, days=36, trade="309A", type_="cq")
    b = new_session(ctx, days=43, trade="309A", type_="cq", lang="fr")
    w = web(ctx, "client")
    p = w.get("/en/my-exams")
    ctx.status(p, 200, "My exams")
    ctx.eq(p.h1, "My exams", "heading")
    ctx.check("Certificate of Qualification exam" in p.plain, "exam type in words", p.plain[:600])
    books = [f for f in p.forms if f["action"] == "/en/my-exams/book"]
    ids = [int(f["fields"].get("session_id", 0)) for f in books]
    ctx.check(a["id"] in ids and b["id"] in ids, "Book buttons for the new sessions", ids)
    ctx.check("/en/points/%d" % a["point"]["id"] in [h for h, _ in p.links], "the centre links to its page")
    before = count(ctx, "exam_bookings", "person_id = ?", (me,))
    form = next(f for f in books if f["fields"]["session_id"] == str(a["id"]))
    w.remember_csrf(p)
    r = w.post("/en/my-exams/book", dict(form["fields"]), csrf=False)
    ctx.status(r, 200, "booked, back on My exams")
    ctx.check(r.history and r.history[0].status == 303, "POST-redirect-GET")
    ctx.check("Your exam is booked." in r.plain, "success notice", r.plain[:500])
    bid = ctx.q1("SELECT id FROM exam_bookings WHERE person_id = ? AND session_id = ? AND status = 'booked'",
                 (me, a["id"]))
    ctx.check(bid is not None, "the booking is written")
    ctx.check("Last day to cancel or move" in r.plain, "the last day to cancel is shown")
    ctx.check(r.elements("section", id="booking-%d" % bid), "the booking is listed")

    # Double booking of the same exam: refused in the page's language, nothing written.
    n = count(ctx, "exam_bookings")
    r = w.post("/en/my-exams/book", {"session_id": str(b["id"]), "csrf": form["fields"]["csrf"]}, csrf=False)
    ctx.status(r, 200, "a refusal re-renders the page")
    ctx.check(r.title.startswith("Error:"), "error title", r.title)
    ctx.check(any("already has a booking for this exam" in e for e in r.errors), "already booked, in words", r.errors)
    ctx.check(summary_hrefs(r) != [], "the summary links to the page", summary_hrefs(r))
    fr = w.post("/fr/my-exams/book", {"session_id": str(b["id"]), "csrf": form["fields"]["csrf"]}, csrf=False)
    ctx.check(fr.title.startswith("Erreur"), "French error title", fr.title)
    ctx.check(any("déjà une réservation" in e for e in fr.errors), "already booked, in French", fr.errors)
    ctx.eq(count(ctx, "exam_bookings"), n, "refusals write nothing")

    # A full session: the domain's refusal, in both languages.
    full = new_session(ctx, days=45, trade="309A", type_="red_seal", seats=1)
    other = new_person(ctx)
    authorise(ctx, other, "309A", "red_seal")
    ctx.status(book(ctx, full["id"], other), 201, "someone takes the only seat")
    clear_live(ctx, me, "309A", "red_seal")
    p = w.get("/en/my-exams")
    ctx.check("Full" in p.plain, "a full session says Full")
    n = count(ctx, "exam_bookings")
    r = w.post("/en/my-exams/book", {"session_id": str(full["id"]), "csrf": form["fields"]["csrf"]}, csrf=False)
    ctx.check(any("This exam session is full" in e for e in r.errors), "session full, in words", r.errors)
    ctx.eq(summary_hrefs(r), ["#session-%d" % full["id"]], "the summary links to the session's row")
    fr = w.post("/fr/my-exams/book", {"session_id": str(full["id"]), "csrf": form["fields"]["csrf"]}, csrf=False)
    ctx.check(any("est complète" in e for e in fr.errors), "session full, in French", fr.errors)
    ctx.eq(count(ctx, "exam_bookings"), n, "nothing written")
    bad = w.post("/en/my-exams/book", {"session_id": str(b["id"]), "csrf": "forged"}, csrf=False)
    ctx.status(bad, 403, "bad CSRF refused")
    ctx.eq(count(ctx, "exam_bookings"), n, "nothing written")

    # Accommodation: one question per page, the error pattern, values kept.
    path = "/en/my-exams/bookings/%d/accommodation" % bid
    p = w.get(path)
    ctx.status(p, 200, "the accommodation form")
    ctx.eq(p.h1, "Ask for an exam accommodation", "its heading")
    nacc = count(ctx, "exam_accommodations")
    r = w.submit(p, path, {})
    ctx.eq(summary_hrefs(r), ["#kind-1"], "choose a kind")
    r = w.submit(p, path, {"kind": "other", "details": ""})
    ctx.eq(summary_hrefs(r), ["#details"], "'something else' needs details")
    ctx.check(r.elements("input", id="kind-4").__len__() == 1 and "checked" in r.elements("input", id="kind-4")[0],
              "the choice is kept")
    r = w.submit(p, path, {"kind": "reader", "details": "x" * 2001})
    ctx.eq(summary_hrefs(r), ["#details"], "details too long")
    ctx.eq(count(ctx, "exam_accommodations"), nacc, "nothing written on errors")
    secret = "Lecteur <script>alert(1)</script> é"
    r = w.submit(p, path, {"kind": "reader", "details": secret})
    ctx.status(r, 200, "request sent")
    ctx.check("Your accommodation request has been sent" in r.plain, "notice")
    ctx.eq(count(ctx, "exam_accommodations"), nacc + 1, "the request is written")
    ctx.check("A reader" in r.plain and "Requested" in r.plain, "its status on the bookings list", r.plain[-900:])
    p = w.get("/fr/my-exams")
    ctx.check("Demandée" in p.plain and "Vos réservations" in p.plain, "French bookings list")
    ctx.check("\u00a0:" in p.text or " :" not in p.plain, "French typography")

    # Rebook into the other session of the same exam.
    p = w.get("/en/my-exams")
    action = "/en/my-exams/bookings/%d/rebook" % bid
    ctx.check(p.form(action) is not None, "a rebook form")
    r = w.submit(p, action, {"session_id": ""})
    ctx.eq(summary_hrefs(r), ["#rebook-%d" % bid], "choose a session to move to")
    r = w.submit(p, action, {"session_id": str(b["id"])})
    ctx.check("Your booking has moved" in r.plain, "moved", r.plain[:500])
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (bid,)), "cancelled", "the old booking cancelled")
    nid = ctx.q1("SELECT id FROM exam_bookings WHERE person_id = ? AND session_id = ? AND status = 'booked'",
                 (me, b["id"]))
    ctx.check(nid is not None, "the new booking")
    ctx.eq(ctx.q1("SELECT count(*) FROM exam_accommodations WHERE booking_id = ?", (nid,)), 1,
           "the accommodation moved with it")

    # Cancel through the confirmation page.
    path = "/en/my-exams/bookings/%d/cancel" % nid
    p = w.get(path)
    ctx.eq(p.h1, "Cancel your exam booking", "confirmation page")
    ctx.check("Last day to cancel or move" in p.plain, "the deadline is shown")
    r = w.submit(p, path, {})
    ctx.check("Your booking is cancelled." in r.plain, "cancelled")
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (nid,)), "cancelled", "written")
    # Someone else's booking is not found.
    theirs = ctx.q1("SELECT id FROM exam_bookings WHERE person_id <> ? ORDER BY id LIMIT 1", (me,))
    ctx.status(w.get("/en/my-exams/bookings/%d/accommodation" % theirs), 404, "another's booking: 404")
    ctx.status(w.get("/en/my-exams/bookings/%d/cancel" % theirs), 404, "... and its cancel page")

    # Past the deadline: no cancel link, and a forced POST is refused in words.
    soon = new_session(ctx, days=1, trade="309A", type_="cq")
    r = book(ctx, soon["id"], as_="client")
    if ctx.status(r, 201, "a sitting of tomorrow booked"):
        sid = r.json["id"]
        p = w.get("/en/my-exams")
        ctx.check("/en/my-exams/bookings/%d/cancel" % sid not in [h for h, _ in p.links], "no cancel link")
        ctx.check("The deadline to cancel or move this booking has passed" in p.plain, "deadline passed, in words")
        q = w.get("/en/my-exams/bookings/%d/cancel" % sid)
        r = w.submit(q, "/en/my-exams/bookings/%d/cancel" % sid, {})
        ctx.check(any("cancellation deadline" in e for e in r.errors), "refused with the reason", r.errors)
        ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE id = ?", (sid,)), "booked", "still booked")
        ctx.api("POST", "%s/bookings/%d/cancel" % (P, sid), {"reason": "Test clean-up."}, as_="exam_admin")


def test_create_session(ctx):
    w = web(ctx, "exam_admin")
    p = w.get("/en/exam-sessions")
    ctx.status(p, 200, "sessions list")
    ctx.eq(p.h1, "Exam sessions", "heading")
    ctx.check("/api/v1/openapi.json" in [h for h, _ in p.links], "bulk creation: a link to the API description")
    p = w.get("/en/exam-sessions/new")
    ctx.eq(p.h1, "Create an exam session", "form heading")
    n = count(ctx, "exam_sessions")
    r = w.submit(p, "/en/exam-sessions", {})
    ctx.check(r.title.startswith("Error:"), "errors", r.title)
    ctx.eq(summary_hrefs(r), sorted(["#point", "#trade", "#type-1", "#date-year", "#time", "#lang-1", "#seats"]),
           "every required field")
    past = today() - datetime.timedelta(days=2)
    centre = exam_centre(ctx)
    r = w.submit(p, "/en/exam-sessions", {"point": str(centre), "trade": "309A", "type": "cq",
                                          "date_year": str(past.year), "date_month": str(past.month),
                                          "date_day": str(past.day), "time": "25:00", "lang": "en",
                                          "seats": "0", "pass_mark": "101"})
    ctx.eq(summary_hrefs(r), sorted(["#time", "#seats", "#pass_mark"]), "time, seats and pass mark")
    ctx.check('value="309A" selected' in r.text or 'value="309A"' in r.text, "values kept")
    r = w.submit(p, "/en/exam-sessions", {"point": str(centre), "trade": "309A", "type": "cq",
                                          "date_year": str(past.year), "date_month": str(past.month),
                                          "date_day": str(past.day), "time": "09:00", "lang": "en", "seats": "10"})
    ctx.eq(summary_hrefs(r), ["#date-year"], "a date in the past")
    nonrs = "308R"      # Residential (Low Rise) Sheet Metal Installer: not a Red Seal trade
    fr = w.post("/fr/exam-sessions", {"csrf": p.form("/en/exam-sessions")["fields"]["csrf"]}, csrf=False)
    ctx.check(fr.title.startswith("Erreur"), "French errors", fr.title)
    ctx.check("Choisissez le centre d’examen" in fr.errors, "French wording", fr.errors)
    ctx.eq(count(ctx, "exam_sessions"), n, "nothing written on errors")
    day = today() + datetime.timedelta(days=50)
    forged = w.post("/en/exam-sessions", {"point": str(centre), "trade": "309A", "type": "cq",
                                          "date_year": str(day.year), "date_month": str(day.month),
                                          "date_day": str(day.day), "time": "09:00", "lang": "en", "seats": "5",
                                          "csrf": "forged"}, csrf=False)
    ctx.status(forged, 403, "bad CSRF refused")
    ctx.eq(count(ctx, "exam_sessions"), n, "nothing written")
    day = today() + datetime.timedelta(days=50)
    r = w.submit(p, "/en/exam-sessions", {"point": str(centre), "trade": "309A", "type": "red_seal",
                                          "date_year": str(day.year), "date_month": str(day.month),
                                          "date_day": str(day.day), "time": "9:30", "lang": "fr",
                                          "seats": "12", "pass_mark": ""})
    ctx.status(r, 200, "created, on the session page")
    m = re.match(r"/en/exam-sessions/(\d+)", r.path)
    ctx.check(m is not None, "redirected to the new session", r.path)
    ctx.eq(count(ctx, "exam_sessions"), n + 1, "one session written")
    if m:
        row = ctx.q("SELECT starts_at, lang, seats, pass_mark_pct, trade_code, exam_type FROM exam_sessions WHERE id = ?",
                    (int(m.group(1)),))[0]
        ctx.eq(row, ("%sT09:30" % day.isoformat(), "fr", 12, None, "309A", "red_seal"), "its values")
        ctx.check("The session is created." in r.plain, "notice")
        ctx.shared["exam_page_session"] = int(m.group(1))
    if nonrs:
        r = w.submit(p, "/en/exam-sessions", {"point": str(centre), "trade": nonrs, "type": "red_seal",
                                              "date_year": str(day.year), "date_month": str(day.month),
                                              "date_day": str(day.day), "time": "09:00", "lang": "en", "seats": "5"})
        ctx.eq(summary_hrefs(r), ["#type-1"], "Red Seal only for Red Seal trades")
    p = w.get("/en/exam-sessions?trade=309A&centre=%d&period=upcoming" % centre)
    ctx.check(any(h == "/en/exam-sessions/%s" % (m.group(1) if m else "") for h, _ in p.links), "listed with filters")
    ctx.status(w.get("/fr/exam-sessions?period=past"), 200, "past sessions, in French")


def test_results_and_release(ctx):
    s = new_session(ctx, days=26, seats=5)
    people = [new_person(ctx, "Resultat"), new_person(ctx, "<script>Zoë")]
    emails = []
    bookings = []
    for p in people:
        authorise(ctx, p)
        emails.append(candidate_account(ctx, p))
        r = book(ctx, s["id"], p, as_="advisor")
        ctx.status(r, 201, "booked on the candidate's behalf")
        bookings.append(r.json["id"])
    # The candidate asks for an accommodation; the exam administrator decides.
    r = ctx.api("POST", "%s/bookings/%d/accommodations" % (P, bookings[0]),
                {"kind": "extra_time", "details": "Dyslexie <b>documentée</b>"}, as_=emails[0])
    ctx.status(r, 201, "an accommodation request")
    acc = r.json["id"] if r.json else 0
    w = web(ctx, "exam_admin")
    p = w.get("/en/exam-accommodations")
    ctx.status(p, 200, "pending accommodation requests")
    ctx.check("Dyslexie <b>documentée</b>" in p.plain and "<b>documentée" not in p.text, "details shown, escaped")
    action = "/en/exam-accommodations/%d" % acc
    r = w.submit(p, action, {"decision": "refuse", "reason": ""})
    ctx.eq(summary_hrefs(r), ["#reason-%d" % acc], "a refusal needs a reason")
    r = w.submit(p, action, {})
    ctx.eq(summary_hrefs(r), ["#decision-%d-1" % acc], "a decision is needed")
    ctx.eq(ctx.q1("SELECT status FROM exam_accommodations WHERE id = ?", (acc,)), "requested", "nothing written")
    r = w.submit(p, action, {"decision": "approve"})
    ctx.check("The accommodation is approved." in r.plain, "approved")
    ctx.eq(ctx.q1("SELECT status FROM exam_accommodations WHERE id = ?", (acc,)), "approved", "written")

    path = "/en/exam-sessions/%d" % s["id"]
    p = w.get(path)
    ctx.status(p, 200, "session page")
    ctx.check("&lt;script&gt;Zoë" in p.text and "<script>Zoë" not in p.text, "names escaped, accents kept")
    ctx.check("Requests: 1; approved: 1" in p.plain, "accommodation status in the bookings table", p.plain[:1500])
    ctx.check(p.form(path + "/results") is None, "no results form before the sitting")
    move_to_past(ctx, s["id"], 3)
    p = w.get(path)
    ctx.check(p.form(path + "/results") is not None, "results form after the sitting")
    r = w.submit(p, path + "/release", {})
    ctx.check(any("cannot be released yet" in e for e in r.errors), "release refused while incomplete", r.errors)
    ctx.eq(summary_hrefs(r), ["#release"], "linked to the button")
    nres = count(ctx, "exam_results")
    s0, s1 = "score-%d" % bookings[0], "score-%d" % bookings[1]
    r = w.submit(p, path + "/results", {s0: "abc", s1: "60"})
    ctx.eq(summary_hrefs(r), ["#" + s0], "a score must be a whole number")
    ctx.check('value="60"' in r.text, "other values kept")
    r = w.submit(p, path + "/results", {s0: "85", "absent-%d" % bookings[0]: "1"})
    ctx.eq(summary_hrefs(r), ["#" + s0], "score and absent together")
    ctx.eq(count(ctx, "exam_results"), nres, "nothing written on errors")
    fr = w.post("/fr/exam-sessions/%d/results" % s["id"], dict(p.form(path + "/results")["fields"], **{s0: "x"}),
                csrf=False)
    ctx.check(fr.title.startswith("Erreur") and any("nombre entier" in e for e in fr.errors), "French error", fr.errors)
    r = w.submit(p, path + "/results", {s0: "85", s1: "60"})
    ctx.check("The results are saved." in r.plain, "results saved", r.plain[:600])
    ctx.eq(count(ctx, "exam_results"), nres + 2, "two results written")
    mine = web(ctx, emails[0]).get("/en/my-exams")
    ctx.check("85%" not in mine.plain and "Waiting for the result" in mine.plain, "hidden until release")
    p = w.get(path)
    ctx.check('value="85"' in p.text, "recorded scores shown in the form")
    r = w.submit(p, path + "/release", {})
    ctx.check("The results are released." in r.plain, "released", r.errors)
    ctx.check(ctx.q1("SELECT released_us FROM exam_sessions WHERE id = ?", (s["id"],)) is not None,
              "release written")
    # The candidates see their results.
    passed = web(ctx, emails[0])
    mine = passed.get("/en/my-exams")
    ctx.check("Passed" in mine.plain and "85%" in mine.plain and "70%" in mine.plain, "a pass in words",
              mine.plain[-800:])
    ctx.check("/en/my-certificates" in [h for h, _ in mine.links], "a link to My certificates")
    ctx.check(mine.elements("span", **{"class": "pl-status pl-status--ok"}), "pass in colour too")
    certs = passed.get("/en/my-certificates")
    ctx.check(ctx.q1("SELECT count(*) FROM certificates WHERE person_id = ? AND trade_code = ?",
                     (people[0], s["trade"]["code"])) == 1, "a certificate issued on release")
    ctx.check("Certificate of Qualification" in certs.plain, "listed in My certificates", certs.plain[:600])
    failed = web(ctx, emails[1]).get("/en/my-exams")
    ctx.check("Not passed" in failed.plain and "You can retake the exam from" in failed.plain,
              "a fail, with the first retake date", failed.plain[-800:])
    frp = web(ctx, emails[1]).get("/fr/my-exams")
    ctx.check("Non réussi" in frp.plain and "60\u00a0%" in frp.text, "the result in French")
    ctx.check(w.get(path).form(path + "/results") is None, "no results form after release")


def test_cancel_session(ctx):
    s = new_session(ctx, days=30, seats=4)
    person = new_person(ctx)
    authorise(ctx, person)
    ctx.status(book(ctx, s["id"], person), 201, "a booking")
    w = web(ctx, "exam_admin")
    path = "/en/exam-sessions/%d/cancel" % s["id"]
    p = w.get(path)
    ctx.eq(p.h1, "Cancel an exam session", "confirmation page")
    r = w.submit(p, path, {"reason": ""})
    ctx.eq(summary_hrefs(r), ["#reason"], "a reason is required")
    r = w.submit(p, path, {"reason": "y" * 501})
    ctx.eq(summary_hrefs(r), ["#reason"], "at most 500 characters")
    ctx.eq(ctx.q1("SELECT status FROM exam_sessions WHERE id = ?", (s["id"],)), "scheduled", "nothing written")
    r = w.submit(p, path, {"reason": "Centre fermé : panne de courant"})
    ctx.check("The session is cancelled" in r.plain and "Cancelled" in r.plain, "cancelled", r.plain[:500])
    ctx.eq(ctx.q1("SELECT status FROM exam_sessions WHERE id = ?", (s["id"],)), "cancelled", "written")
    ctx.eq(ctx.q1("SELECT status FROM exam_bookings WHERE session_id = ?", (s["id"],)), "cancelled",
           "its booking cancelled")
    r = w.submit(p, path, {"reason": "Again"})
    ctx.check(r.status == 200 and ("cancelled" in r.plain.lower()), "a second cancellation is refused in words")


def test_reports(ctx):
    for who in ("exam_admin", "manager"):
        w = web(ctx, who)
        cur = today().year if today().month >= 4 else today().year - 1
        p = w.get("/en/exam-reports?year=%d" % cur)
        ctx.status(p, 200, "%s: reports" % who)
        ctx.eq(p.h1, "Exam results standard and pass rates", "heading")
        ctx.check("Results released within" in p.plain, "the standard in words", p.plain[:800])
        ctx.check(p.elements("caption"), "tables have captions")
        p = w.get("/fr/exam-reports?year=%d&by=centre" % cur)
        ctx.status(p, 200, "in French, by centre")
        ctx.check("Taux de réussite par centre d’examen" in p.plain, "French headings")
    p = web(ctx, "manager").get("/en/exam-reports?year=1900")
    ctx.status(p, 200, "an absurd year falls back to the last fiscal year")


TESTS = [test_access, test_candidate_journey, test_create_session, test_results_and_release,
         test_cancel_session, test_reports]
