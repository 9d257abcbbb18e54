"""The certificate pages: the public verification page (status in words, minimal personal data,
both languages, the short QR address), the public register (search, refusals, rate limit), the
holder's "My certificates" (links, sharing, renewal refused until due), and the certification
staff's list and status form (error pattern, suspend / reinstate / revoke, roles, CSRF)."""
import datetime
import json
from zoneinfo import ZoneInfo

from harness import ROLE_ACCOUNT, Server
from webclient import Web


def web(ctx, who):
    w = Web(ctx)
    r, tok = ctx.sign_in(ROLE_ACCOUNT.get(who, who))
    ctx.check(r.status == 201 and tok, "sign in as %s" % who, r)
    w.cookies["psid"] = tok
    return w


def summary_hrefs(page):
    """The targets of the error summary's links."""
    return sorted(h for h, t in page.links if h.startswith("#") and t in page.errors)


def client_person(ctx):
    return ctx.q1("SELECT person_id FROM users WHERE email = ?", (ROLE_ACCOUNT["client"],))


def test_verification_page(ctx):
    pid, number, given, family, cid = ctx.q(
        "SELECT c.public_id, c.number, p.given_name, p.family_name, c.id FROM certificates c "
        "JOIN persons p ON p.id = c.person_id WHERE c.status = 'valid' ORDER BY c.id LIMIT 1")[0]
    w = Web(ctx)
    p = w.get("/en/v/" + pid)
    ctx.status(p, 200, "verification page")
    ctx.eq(p.h1, "Certificate verification", "heading")
    text = p.plain
    ctx.check("This certificate is valid." in text, "valid in words", text[:400])
    ctx.check("%s %s" % (given, family) in text and number in text, "holder and number shown")
    birth = ctx.q1("SELECT p.birth_date FROM certificates c JOIN persons p ON p.id = c.person_id WHERE c.id = ?",
                   (cid,))
    ctx.check(birth not in p.text, "no birth date on the public page")
    ctx.check("{" not in text, "no unfilled placeholder", text)
    fr = w.get("/fr/v/" + pid)
    ctx.eq(fr.h1, "Vérification de certificat", "French heading")
    ctx.check("Ce certificat est valide." in fr.plain, "valid in French")
    nf = w.get("/en/v/zzzzzzzzzzzzzzzzzzzzz")
    ctx.status(nf, 404, "unknown certificate: 404 page")
    ctx.eq(nf.h1, "Certificate not found", "not-found heading")
    ctx.status(w.get("/fr/v/" + "a" * 200), 404, "absurdly long id: 404")
    short = w.get("/v/" + pid, follow=False, headers={"Accept-Language": "fr"})
    ctx.status(short, 303, "short address redirects")
    ctx.eq(short.headers.get("location"), "/fr/v/" + pid, "to the browser's language")
    w.cookies["plang"] = "en"
    short = w.get("/v/" + pid, follow=False, headers={"Accept-Language": "fr"})
    ctx.eq(short.headers.get("location"), "/en/v/" + pid, "the remembered language wins")
    vc = ctx.request("GET", "/v/" + pid, headers={"Accept": "application/vc"})
    ctx.status(vc, 404, "a private credential is not given to anonymous verifiers")

    # Suspended then revoked: the page says so at once.
    ctx.status(ctx.api("POST", "/api/v1/certificates/%d/suspend" % cid, {"reason": "Audit"}, as_="exam_admin"),
               200, "suspend")
    p = w.get("/en/v/" + pid)
    ctx.check("This certificate is suspended" in p.plain, "suspended in words", p.plain[:400])
    ctx.check("Audit" not in p.plain, "the reason is not public")
    ctx.status(ctx.api("POST", "/api/v1/certificates/%d/reinstate" % cid, {"reason": "Done"}, as_="exam_admin"),
               200, "reinstate")
    ctx.check("This certificate is valid." in w.get("/en/v/" + pid).plain, "valid again")


def test_register_page(ctx):
    srv = Server(ctx, "register-pages").start()
    try:
        w = Web(ctx, server=srv)
        p = w.get("/en/register")
        ctx.status(p, 200, "register page")
        ctx.eq(p.errors, [], "no error before a search")
        p = w.get("/en/register?name=a")
        ctx.check(p.title.startswith("Error:"), "a one-letter name is an error", p.title)
        ctx.eq(summary_hrefs(p), ["#name"], "error links to the name field")
        ctx.check('value="a"' in p.text, "value kept")
        p = w.get("/fr/register?trade=ZZZ")
        ctx.check(p.title.startswith("Erreur"), "an unknown trade is an error in French", p.title)
        number = ctx.q1("SELECT number FROM certificates WHERE kind = 'qualification' ORDER BY id LIMIT 1")
        if number:
            p = w.get("/en/register?number=" + number)
            ctx.check(number in p.plain, "found by number")
        family = ctx.q1("SELECT p.family_name FROM certificates c JOIN persons p ON p.id = c.person_id "
                        "WHERE c.kind = 'apprenticeship' ORDER BY c.id LIMIT 1")
        expected = ctx.q1("SELECT count(*) FROM certificates c JOIN persons p ON p.id = c.person_id "
                          "WHERE c.kind = 'qualification' AND p.family_name = ?", (family,))
        p = w.get("/en/register?name=" + family)
        ctx.status(p, 200, "search by name")
        if expected == 0:
            ctx.check("No certificate matches this search." in p.plain, "apprenticeship certificates are not listed")
        statuses = [w.get("/en/register?name=" + family).status for _ in range(25)]
        ctx.check(429 in statuses, "the register page is rate-limited", statuses)
    finally:
        srv.stop()


def test_my_certificates(ctx):
    me = client_person(ctx)
    mine = ctx.q("SELECT id, public_id, number, public FROM certificates WHERE person_id = ? ORDER BY id", (me,))
    w = web(ctx, "client")
    p = w.get("/en/my-certificates")
    ctx.status(p, 200, "my certificates")
    ctx.eq(p.h1, "My certificates", "heading")
    if not mine:
        ctx.check("You do not hold a certificate yet." in p.plain, "none yet")
        return
    cid, pid, number, public = mine[0]
    hrefs = [h for h, _ in p.links]
    for want in ("/en/v/" + pid, "/api/v1/credentials/%s/pdf" % pid, "/api/v1/credentials/" + pid):
        ctx.check(want in hrefs, "link %s" % want, hrefs)
    action = "/en/my-certificates/%d/sharing" % cid
    ctx.check(p.form(action) is not None, "a sharing form")
    r = w.submit(p, action, {})
    ctx.status(r, 200, "shared, back on the page")
    ctx.eq(ctx.q1("SELECT public FROM certificates WHERE id = ?", (cid,)), 1 - public, "sharing switched")
    ctx.status(ctx.request("GET", "/api/v1/credentials/" + pid), 200 if public == 0 else 404,
               "anonymous download follows the switch")
    r = w.submit(r, action, {})
    ctx.eq(ctx.q1("SELECT public FROM certificates WHERE id = ?", (cid,)), public, "switched back")
    bad = w.post(action, {"public": "1", "csrf": "forged"})
    ctx.status(bad, 403, "bad CSRF refused")
    ctx.eq(ctx.q1("SELECT public FROM certificates WHERE id = ?", (cid,)), public, "nothing written")
    other = ctx.q1("SELECT id FROM certificates WHERE person_id <> ? ORDER BY id LIMIT 1", (me,))
    w.remember_csrf(w.get("/en/my-certificates"))
    r = w.post("/en/my-certificates/%d/sharing" % other, {"public": "1"})
    ctx.check(r.status in (403, 404, 409), "another's certificate cannot be shared", r.status)
    ctx.eq(ctx.q1("SELECT public FROM certificates WHERE id = ?", (other,)), 0, "nothing written")
    ctx.check(p.form("/en/my-certificates/%d/renew" % cid) is None or
              ctx.q1("SELECT expires_on FROM certificates WHERE id = ?", (cid,)) is not None,
              "no renewal form for a certificate that does not expire")
    for role in ("sponsor", "advisor"):
        ctx.check(web(ctx, role).get("/en/my-certificates").status in (403, 404), "%s has no my-certificates" % role)


def test_staff_pages(ctx):
    cid, number = ctx.q("SELECT id, number FROM certificates WHERE status = 'valid' AND person_id <> ? "
                        "ORDER BY id DESC LIMIT 1 OFFSET 1", (client_person(ctx),))[0]
    w = web(ctx, "exam_admin")
    p = w.get("/en/certificates")
    ctx.status(p, 200, "certificates list")
    p = w.get("/en/certificates?number=" + number)
    ctx.eq(p.path, "/en/certificates/%d" % cid, "a number opens its certificate")
    ctx.eq(p.h1, "Certificate " + number, "detail heading")
    action = "/en/certificates/%d" % cid
    before = ctx.counts()
    r = w.submit(p, action, {})
    ctx.check(r.title.startswith("Error:"), "empty form: error page title", r.title)
    ctx.eq(summary_hrefs(r), ["#action-1", "#reason"], "both fields in the summary")
    ctx.eq(ctx.counts(), before, "nothing written")
    r = w.submit(p, action, {"action": "suspend", "reason": ""})
    ctx.eq(summary_hrefs(r), ["#reason"], "reason required")
    ctx.check('value="suspend" checked' in r.text or "checked" in r.text, "choice kept")
    r = w.submit(p, action, {"action": "suspend", "reason": "Complaint <script>alert(1)</script> à vérifier"})
    ctx.status(r, 200, "suspended")
    ctx.eq(ctx.q1("SELECT status FROM certificates WHERE id = ?", (cid,)), "suspended", "written")
    ctx.check("<script>alert(1)</script>" not in r.text and "Complaint" in r.plain, "reason escaped and shown")
    r = w.submit(r, action, {"action": "reinstate", "reason": "Resolved"})
    ctx.eq(ctx.q1("SELECT status FROM certificates WHERE id = ?", (cid,)), "valid", "reinstated")
    fr = w.get("/fr/certificates/%d" % cid)
    ctx.eq(fr.h1, "Certificat " + number, "French heading")
    # Renewal reminders: the certificates expiring within 90 days.
    limit = (datetime.datetime.now(ZoneInfo("America/Toronto")).date() + datetime.timedelta(days=90)).isoformat()
    due = ctx.q("SELECT number FROM certificates WHERE expires_on IS NOT NULL AND expires_on <= ? ORDER BY id LIMIT 50",
                (limit,))
    p = w.get("/en/certificates?due=90")
    ctx.status(p, 200, "certificates due for renewal")
    listed = [t for h, t in p.links if h.startswith("/en/certificates/")]
    ctx.eq(listed, [n for (n,) in due], "exactly those expiring within 90 days (or expired)")
    adv = web(ctx, "advisor")
    ctx.status(adv.get("/en/certificates/%d" % cid), 200, "an advisor may read")
    ctx.check(adv.get("/en/certificates/%d" % cid).form(action) is None, "but gets no status form")
    adv.remember_csrf(adv.get("/en/certificates"))
    r = adv.post(action, {"action": "revoke", "reason": "x"})
    ctx.status(r, 403, "an advisor may not change the status")
    ctx.eq(ctx.q1("SELECT status FROM certificates WHERE id = ?", (cid,)), "valid", "nothing written")
    ctx.check(web(ctx, "client").get("/en/certificates").status in (403, 404), "clients have no staff list")
    anon = Web(ctx).get("/en/certificates", follow=False)
    ctx.status(anon, 303, "anonymous -> sign in")


TESTS = [test_verification_page, test_register_page, test_my_certificates, test_staff_pages]
