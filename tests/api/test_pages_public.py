"""The public pages and the administrators' users pages: sign in (errors, throttling, next=),
create an account (validation, duplicate email, escaping), my account and "sign out on every
device", find a trade (accent-insensitive, both languages, codes), users and roles."""
import re
import time
import urllib.parse

from harness import DEMO_PASSWORD, ROLE_ACCOUNT
from webclient import Web

PASSWORD = "a-long-enough-password"


def counts(ctx):
    return (ctx.q1("SELECT count(*) FROM users"), ctx.q1("SELECT count(*) FROM persons"))


def summary_links(page):
    """(href, text) of the error summary's links."""
    out = []
    for href, text in page.links:
        if href.startswith("#") and text in page.errors:
            out.append((href, text))
    return out


def location(page):
    return page.headers.get("location", "")


def sign_in_web(ctx, email, password=DEMO_PASSWORD, lang="en"):
    w = Web(ctx)
    p = w.sign_in(email, password, lang)
    return w, p


def new_client(ctx, w, email, given="Test", family="Client", lang="en", pref="en"):
    """Creates a client account through the page with client w; returns the final page."""
    form = w.get("/%s/create-account" % lang)
    return w.submit(form, "/%s/create-account" % lang, {
        "given_name": given, "family_name": family, "dob_year": "1999", "dob_month": "4",
        "dob_day": "12", "email": email, "language": pref, "password": PASSWORD,
        "password_confirm": PASSWORD})


# ---- sign in ----

def test_sign_in_page(ctx):
    w = Web(ctx)
    for lang, h1 in (("en", "Sign in"), ("fr", "Ouvrir une session")):
        p = w.get("/%s/sign-in" % lang)
        ctx.eq((p.status, p.h1), (200, h1), "sign-in page in %s" % lang)
        email = p.elements("input", id="email")
        pw = p.elements("input", id="password")
        ctx.check(email and email[0].get("autocomplete") == "username" and email[0].get("type") == "email",
                  "email field with autocomplete username (%s)" % lang, email)
        ctx.check(pw and pw[0].get("autocomplete") == "current-password" and pw[0].get("type") == "password",
                  "password field with autocomplete current-password (%s)" % lang, pw)
        ctx.check(p.elements("label", **{"for": "email"}) and p.elements("label", **{"for": "password"}),
                  "labels tied to the fields (%s)" % lang)
        ctx.check(any(h == "/%s/create-account" % lang for h, _ in p.links),
                  "sign-in page links to create an account (%s)" % lang, p.links)
        f = p.form("/%s/sign-in" % lang)
        ctx.check(f is not None and f["fields"].get("csrf"), "sign-in form carries a CSRF token (%s)" % lang)
        ctx.check("role=\"status\"" not in p.text, "no notice without a reason (%s)" % lang)
    so = w.get("/en/sign-in?signed_out=1")
    alerts = so.elements("div", role="status")
    ctx.check(alerts and "ontario-alert--success" in alerts[0].get("class", "") and "You have signed out" in so.plain,
              "?signed_out=1 shows a success notice with role=status", so.plain[:400])
    ex = w.get("/fr/sign-in?expired=1")
    alerts = ex.elements("div", role="status")
    ctx.check(alerts and "ontario-alert--informational" in alerts[0].get("class", "")
              and "Votre session a pris fin\u00a0; ouvrez une nouvelle session" in ex.text,
              "?expired=1 shows an informational notice in French", ex.plain[:400])
    ctx.check(ex.errors == [] and not ex.title.startswith("Erreur"), "a notice is not an error")
    # next= is kept in a hidden field when it is a same-site page, dropped otherwise.
    n = w.get("/en/sign-in?next=%2Fen%2Ftrades%3Fq%3Dweld")
    ctx.eq(n.form("/en/sign-in")["fields"].get("next"), "/en/trades?q=weld", "next kept in a hidden field")
    for bad in ["//evil.example", "https://evil.example/", "/en//evil.example", "javascript:alert(1)"]:
        b = w.get("/en/sign-in?next=" + urllib.parse.quote(bad, safe=""))
        ctx.check("next" not in b.form("/en/sign-in")["fields"], "off-site next %r is not carried" % bad)
    # Anonymous on a signed-in page: sent here with next=.
    a = w.get("/en/account", follow=False)
    ctx.eq((a.status, location(a)), (303, "/en/sign-in?next=%2Fen%2Faccount"), "anonymous /en/account")


def test_sign_in_errors(ctx):
    w = Web(ctx)
    before = ctx.q1("SELECT count(*) FROM sessions")
    p = w.get("/en/sign-in")
    e = w.submit(p, "/en/sign-in", {"email": "", "password": ""})
    ctx.eq(e.status, 200, "empty sign-in re-renders the page")
    ctx.eq(e.errors, ["Enter your email address", "Enter your password"], "empty fields: both errors")
    ctx.eq(summary_links(e), [("#email", "Enter your email address"), ("#password", "Enter your password")],
           "summary links to the field ids")
    ctx.check(e.title.startswith("Error: Sign in"), "title starts with Error:", e.title)
    ctx.check(e.elements("input", id="email", aria_invalid="true"), "email marked aria-invalid")
    # Wrong password and unknown email: the same message; the email is kept, the password never.
    wrong = w.submit(e, "/en/sign-in", {"email": "client@demo.passerelle.ca", "password": "not-the-password"})
    ctx.eq(wrong.errors, ["The email address or password is incorrect"], "wrong password")
    ctx.eq(wrong.form("/en/sign-in")["fields"].get("email"), "client@demo.passerelle.ca", "email kept")
    ctx.check("not-the-password" not in wrong.text, "the password is not sent back")
    ctx.eq(wrong.form("/en/sign-in")["fields"].get("password", ""), "", "password field empty")
    unknown = w.submit(wrong, "/en/sign-in", {"email": "nobody.here@example.org", "password": "whatever-123"})
    ctx.eq(unknown.errors, wrong.errors, "unknown email gets the same message")
    fr = Web(ctx)
    fp = fr.get("/fr/sign-in")
    fe = fr.submit(fp, "/fr/sign-in", {"email": "client@demo.passerelle.ca", "password": "mauvais-mot"})
    ctx.eq(fe.errors, ["L’adresse courriel ou le mot de passe est incorrect"], "wrong password in French")
    ctx.check("<title>Erreur\u00a0: Ouvrir une session" in fe.text, "French error title (no-break space)",
              fe.title)
    fe2 = fr.submit(fe, "/fr/sign-in", {"email": "", "password": ""})
    ctx.eq(fe2.errors, ["Entrez votre adresse courriel", "Entrez votre mot de passe"], "empty fields in French")
    ctx.eq(ctx.q1("SELECT count(*) FROM sessions"), before, "no session opened by refused sign-ins")
    # The demo client was refused twice: reset its counter so later tests are not slowed down.
    conn = ctx.db_conn()
    conn.execute("UPDATE users SET failed_count = 0, last_failed_us = 0 WHERE email = ?",
                 ("client@demo.passerelle.ca",))
    conn.commit()
    conn.close()


def test_sign_in_redirects(ctx):
    want = {"client": "/en/my-files", "sponsor": "/en/to-sign", "advisor": "/en/queue",
            "manager": "/en/queue", "auditor": "/en/queue", "administrator": "/en/users",
            "assessor": "/en/account", "partner": "/en/account"}
    for role, where in want.items():
        w = Web(ctx)
        p = w.get("/en/sign-in")
        r = w.submit(p, "/en/sign-in", {"email": ROLE_ACCOUNT[role], "password": DEMO_PASSWORD}, follow=False)
        ctx.eq((r.status, location(r)), (303, where), "%s lands on its home page" % role)
        cookie = [v for k, v in r.header_list if k.lower() == "set-cookie" and v.startswith("psid=")]
        ctx.check(cookie and "HttpOnly" in cookie[0] and "SameSite=Strict" in cookie[0],
                  "session cookie set on sign-in (%s)" % role, cookie)
    # French: the same homes under /fr.
    w = Web(ctx)
    r = w.submit(w.get("/fr/sign-in"), "/fr/sign-in",
                 {"email": ROLE_ACCOUNT["sponsor"], "password": DEMO_PASSWORD}, follow=False)
    ctx.eq(location(r), "/fr/to-sign", "French sign-in lands on the French page")
    # next= wins when it is a same-site page.
    w = Web(ctx)
    p = w.get("/en/sign-in?next=%2Fen%2Ftrades%3Fq%3Dweld")
    r = w.submit(p, "/en/sign-in", {"email": ROLE_ACCOUNT["client"], "password": DEMO_PASSWORD}, follow=False)
    ctx.eq(location(r), "/en/trades?q=weld", "next= followed after sign-in")
    # An off-site next (forged into the form) falls back to the role's page.
    for bad in ["//evil.example", "https://evil.example/x", "/\\evil.example", "/en/..//evil.example"]:
        w = Web(ctx)
        p = w.get("/en/sign-in")
        r = w.submit(p, "/en/sign-in", {"email": ROLE_ACCOUNT["client"], "password": DEMO_PASSWORD,
                                        "next": bad}, follow=False)
        ctx.eq((r.status, location(r)), (303, "/en/my-files"), "off-site next %r refused" % bad)
    # Emails are case-insensitive on the page too.
    w = Web(ctx)
    r = w.submit(w.get("/en/sign-in"), "/en/sign-in",
                 {"email": "  Client@Demo.Passerelle.CA ", "password": DEMO_PASSWORD}, follow=False)
    ctx.eq(location(r), "/en/my-files", "upper-case email with blanks signs in")


def make_user(ctx, email, role="manager"):
    ctx.pii.add(email)
    c = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": "Page Throttle",
                                          "password": "right-password-1", "role": role},
                as_="administrator")
    ctx.status(c, 201, "create a dedicated user %s" % email)
    return c.json.get("id") if isinstance(c.json, dict) else None


def set_failures(ctx, uid, failed, last_failed_us):
    conn = ctx.db_conn()
    conn.execute("UPDATE users SET failed_count = ?, last_failed_us = ?, locked_until_us = 0 WHERE id = ?",
                 (failed, last_failed_us, uid))
    conn.commit()
    conn.close()


def test_sign_in_throttling(ctx):
    email = "page.throttle@example.org"
    uid = make_user(ctx, email)
    if uid is None:
        return
    w = Web(ctx)
    p = w.get("/en/sign-in")
    for i in range(3):
        p = w.submit(p, "/en/sign-in", {"email": email, "password": "wrong-%d" % i})
        ctx.eq(p.errors, ["The email address or password is incorrect"], "failure #%d" % (i + 1))
    p = w.submit(p, "/en/sign-in", {"email": email, "password": "right-password-1"})
    ctx.eq(p.errors, ["Wait 1 second before trying again"], "slow down after 3 failures (even the right password)")
    ctx.check("psid" not in w.cookies, "no session during the slow-down")
    # Five failures just now: a 4-second wait, said in seconds, in both languages.
    set_failures(ctx, uid, 5, int(time.time() * 1e6))
    p = w.submit(p, "/en/sign-in", {"email": email, "password": "right-password-1"})
    ctx.check(len(p.errors) == 1 and re.fullmatch(r"Wait [34] seconds before trying again", p.errors[0]),
              "slow down says how many seconds", p.errors)
    f = Web(ctx)
    fp = f.submit(f.get("/fr/sign-in"), "/fr/sign-in", {"email": email, "password": "right-password-1"})
    ctx.check(len(fp.errors) == 1 and re.fullmatch(r"Attendez [1-4] secondes? avant de réessayer", fp.errors[0]),
              "slow down in French", fp.errors)
    # Nine failures long ago: the tenth locks the account.
    set_failures(ctx, uid, 9, 0)
    p = w.submit(p, "/en/sign-in", {"email": email, "password": "wrong-again"})
    ctx.check(len(p.errors) == 1 and p.errors[0].startswith(
        "Your account is locked for 15 minutes after too many attempts"), "locked message", p.errors)
    fp = f.submit(fp, "/fr/sign-in", {"email": email, "password": "right-password-1"})
    ctx.check(len(fp.errors) == 1 and fp.errors[0].startswith(
        "Votre compte est verrouillé pendant 15 minutes après trop de tentatives"), "locked in French", fp.errors)
    ctx.check("psid" not in f.cookies, "the right password is refused while locked")


# ---- create an account ----

def test_create_account_page(ctx):
    w = Web(ctx)
    p = w.get("/en/create-account")
    ctx.eq((p.status, p.h1), (200, "Create an account"), "create-account page")
    ac = {a.get("id"): a.get("autocomplete") for a in p.elements("input") if a.get("id")}
    ctx.eq((ac.get("given-name"), ac.get("family-name"), ac.get("email"), ac.get("dob-year"), ac.get("dob-month"),
            ac.get("dob-day"), ac.get("password"), ac.get("password-confirm")),
           ("given-name", "family-name", "email", "bday-year", "bday-month", "bday-day", "new-password",
            "new-password"), "autocomplete on every personal field")
    radios = p.elements("input", type="radio", name="language")
    ctx.eq([r.get("value") for r in radios], ["en", "fr"], "language radios en, fr")
    ctx.check("At least 12 characters" in p.plain, "the password hint says 12 characters")
    fr = w.get("/fr/create-account")
    ctx.check(fr.h1 == "Créer un compte" and "Au moins 12 caractères" in fr.plain and "Prénom" in fr.plain,
              "French create-account page", fr.h1)


def test_create_account_validation(ctx):
    w = Web(ctx)
    before = counts(ctx)
    p = w.get("/en/create-account")
    e = w.submit(p, "/en/create-account", {})
    ctx.eq(e.errors, ["Enter your given name", "Enter your family name", "Enter your date of birth",
                      "Enter your email address", "Choose the language we should use with you",
                      "Enter a password"], "every empty field has its error")
    ctx.eq([h for h, _ in summary_links(e)], ["#given-name", "#family-name", "#dob-year", "#email",
                                              "#language-1", "#password"], "summary links to the field ids")
    ctx.check(e.title.startswith("Error: "), "error title", e.title)
    cases = [
        ({"dob_year": "2001", "dob_month": "", "dob_day": "3"}, "#dob-month", "Enter your date of birth"),
        ({"dob_year": "2001", "dob_month": "2", "dob_day": "30"}, "#dob-day", "Date of birth must be a real date"),
        ({"dob_year": "3000", "dob_month": "2", "dob_day": "3"}, "#dob-year", "Date of birth must be a real date"),
        ({"dob_year": str(time.gmtime().tm_year + 1), "dob_month": "1", "dob_day": "1"}, "#dob-year",
         "Date of birth must be in the past"),
        ({"email": "not-an-email"}, "#email", "Enter an email address in the correct format, like name@example.com"),
        ({"password": "short", "password_confirm": "short"}, "#password",
         "Your password must be at least 12 characters"),
        ({"password_confirm": ""}, "#password-confirm", "Enter your password again"),
        ({"password_confirm": PASSWORD + "x"}, "#password-confirm", "The passwords do not match"),
        ({"language": "de"}, "#language-1", "Choose the language we should use with you"),
        ({"given_name": "x" * 101}, "#given-name", "Your given name must be 100 characters or fewer"),
    ]
    good = {"given_name": "Valide", "family_name": "Personne", "dob_year": "1998", "dob_month": "mars",
            "dob_day": "7", "email": "valid.person@example.org", "language": "fr", "password": PASSWORD,
            "password_confirm": PASSWORD}
    ctx.pii.update(["valid.person@example.org", "Valide", "Personne"])
    for change, href, msg in cases:
        fields = dict(good)
        fields.update(change)
        r = w.submit(p, "/en/create-account", fields)
        ctx.eq(summary_links(r), [(href, msg)], "error for %r" % change)
        ctx.eq(r.status, 200, "re-rendered with 200 for %r" % change)
        kept = r.form("/en/create-account")["fields"]
        if "given_name" not in change:
            ctx.eq(kept.get("given_name"), "Valide", "given name kept for %r" % change)
        ctx.eq((kept.get("password", ""), kept.get("password_confirm", "")), ("", ""),
               "passwords never sent back for %r" % change)
        ctx.check(PASSWORD not in r.text, "the password is not in the page for %r" % change)
    r = w.submit(p, "/en/create-account", dict(good, password="short"))
    ctx.eq(r.form("/en/create-account")["fields"].get("language"), "fr", "the radio choice is kept")
    ctx.eq(r.form("/en/create-account")["fields"].get("dob_month"), "mars", "the date parts are kept")
    fr = Web(ctx)
    fp = fr.get("/fr/create-account")
    fe = fr.submit(fp, "/fr/create-account", dict(good, email="", password_confirm="autre-mot-de-passe"))
    ctx.eq(fe.errors, ["Entrez votre adresse courriel", "Les mots de passe ne correspondent pas"],
           "errors in French")
    ctx.eq(counts(ctx), before, "nothing written by invalid forms (users, persons)")


def test_create_account_and_escaping(ctx):
    email = "new.client.page@example.org"
    given = "<script>alert(1)</script> Ève"
    ctx.pii.update([email, "Côté-Ngô"])
    before = counts(ctx)
    w = Web(ctx)
    form = w.get("/en/create-account")
    r = w.submit(form, "/en/create-account", {
        "given_name": given, "family_name": "Côté-Ngô", "dob_year": "2004", "dob_month": "2",
        "dob_day": "29", "email": "New.Client.Page@Example.org", "language": "fr", "password": PASSWORD,
        "password_confirm": PASSWORD}, follow=False)
    ctx.eq((r.status, location(r)), (303, "/en/my-files"), "account created: 303 to my files")
    ctx.check("psid" in w.cookies, "signed in at once (session cookie)")
    ctx.eq(counts(ctx), (before[0] + 1, before[1] + 1), "one user and one person written")
    row = ctx.q("SELECT u.id, u.role, u.lang, u.display_name, p.given_name, p.family_name, p.birth_date, p.lang, "
                "p.email, p.client_no FROM users u JOIN persons p ON p.id = u.person_id WHERE u.email = ?",
                (email,))
    ctx.check(row and row[0][1:9] == ("client", "fr", given + " Côté-Ngô", given, "Côté-Ngô", "2004-02-29",
                                      "fr", email), "user and person rows as typed (email lower-cased)", row)
    if row:
        uid = row[0][0]
        ev = [t for (t,) in ctx.q("SELECT type FROM events WHERE entity = 'user' AND entity_id = ? ORDER BY id",
                                  (uid,))]
        ctx.check("user.created" in ev and "user.self_registered" in ev and "user.signed_in" in ev,
                  "audit: created, self-registered, signed in", ev)
        actor = ctx.q1("SELECT actor_id FROM events WHERE type = 'user.self_registered' AND entity_id = ?", (uid,))
        ctx.eq(actor, uid, "self-registration event by the new user")
    mf = w.get("/en/my-files", follow=False)
    ctx.check(mf.status not in (303, 401, 403), "the new client may open /en/my-files", mf)
    acc = w.get("/en/account")
    ctx.eq(acc.status, 200, "the new client's account page")
    ctx.check("<script>alert(1)</script>" not in acc.text, "the name is never raw markup")
    ctx.check("&lt;script&gt;alert(1)&lt;/script&gt; Ève Côté-Ngô" in acc.text, "the name is escaped in the page")
    ctx.check("Signed in as <script>alert(1)</script> Ève Côté-Ngô" in acc.plain,
              "the header names the user (escaped, accents kept)", acc.plain[:300])
    ctx.check("Client (apprentice)" in acc.plain and "French" in acc.plain and email in acc.plain,
              "account page: role and language in words, email")
    ctx.shared["pub_client"] = (email, PASSWORD)
    # The same email again (any case): refused on the email field, nothing written.
    before = counts(ctx)
    w2 = Web(ctx)
    d = w2.submit(w2.get("/en/create-account"), "/en/create-account", {
        "given_name": "Other", "family_name": "Person", "dob_year": "1990", "dob_month": "1", "dob_day": "1",
        "email": "NEW.client.page@example.org", "language": "en", "password": PASSWORD,
        "password_confirm": PASSWORD})
    ctx.eq(summary_links(d), [("#email", "An account already uses this email address. Sign in instead, or use "
                                         "another email address.")], "duplicate email refused")
    ctx.eq(d.form("/en/create-account")["fields"].get("given_name"), "Other", "values kept after the refusal")
    d2 = w2.submit(w2.get("/fr/create-account"), "/fr/create-account", {
        "given_name": "Autre", "family_name": "Personne", "dob_year": "1990", "dob_month": "1",
        "dob_day": "1", "email": "client@demo.passerelle.ca", "language": "fr", "password": PASSWORD,
        "password_confirm": PASSWORD})
    ctx.check(d2.errors and d2.errors[0].startswith("Un compte utilise déjà cette adresse courriel"),
              "duplicate email refused in French", d2.errors)
    ctx.eq(counts(ctx), before, "nothing written for a duplicate email")
    ctx.check("psid" not in w2.cookies, "no session for a refused sign-up")


def test_create_account_possible_duplicate_person(ctx):
    """Self-registration is not refused for a similar person (staff merge duplicates)."""
    row = ctx.q("SELECT given_name, family_name, birth_date FROM persons ORDER BY id LIMIT 1")
    if not ctx.check(row, "a seeded person to imitate"):
        return
    g, f, bd = row[0]
    y, m, d = bd.split("-")
    email = "twin.person@example.org"
    ctx.pii.add(email)
    w = Web(ctx)
    r = w.submit(w.get("/en/create-account"), "/en/create-account", {
        "given_name": g, "family_name": f, "dob_year": y, "dob_month": str(int(m)), "dob_day": str(int(d)),
        "email": email, "language": "en", "password": PASSWORD, "password_confirm": PASSWORD}, follow=False)
    ctx.eq((r.status, location(r)), (303, "/en/my-files"), "a possible duplicate person still signs up")


# ---- my account ----

def test_account_page(ctx):
    w, _ = sign_in_web(ctx, ROLE_ACCOUNT["sponsor"])
    p = w.get("/en/account")
    ctx.eq((p.status, p.h1), (200, "My account"), "account page")
    ctx.check("sponsor@demo.passerelle.ca" in p.plain and "Sponsor (employer)" in p.plain,
              "email and role in words", p.plain[:600])
    f = p.form("/en/sign-out-everywhere")
    ctx.check(f is not None and f["fields"].get("csrf"), "a form posts to sign-out-everywhere with CSRF")
    ctx.check("Sign out on every device" in p.plain and "ends every session" in p.plain,
              "button and explanation")
    fr = w.get("/fr/account")
    ctx.check(fr.h1 == "Mon compte" and "Parrain (employeur)" in fr.plain and
              "Fermer la session sur tous les appareils" in fr.plain, "French account page", fr.plain[:600])
    for role, words in (("advisor", "Apprenticeship advisor"), ("administrator", "Administrator"),
                        ("auditor", "Auditor")):
        w2, _ = sign_in_web(ctx, ROLE_ACCOUNT[role])
        ctx.check(words in w2.get("/en/account").plain, "account page names the %s role" % role)


def test_sign_out_everywhere(ctx):
    email, pw = ctx.shared.get("pub_client", (None, None))
    if not ctx.check(email, "the client created by the sign-up test"):
        return
    a, pa = sign_in_web(ctx, email, pw)
    b, pb = sign_in_web(ctx, email, pw, lang="fr")
    ctx.check(pa.path == "/en/my-files" and pb.path == "/fr/my-files", "two sessions open",
              (pa.path, pb.path))
    old = dict(b.cookies)
    acc = a.get("/en/account")
    out = a.submit(acc, "/en/sign-out-everywhere", {}, follow=False)
    ctx.eq((out.status, location(out)), (303, "/en/sign-in?signed_out=1"), "sign out everywhere redirects")
    ctx.check("psid" not in a.cookies, "this device's cookie is cleared")
    stale = b.get("/fr/account", follow=False)
    ctx.eq((stale.status, location(stale)), (303, "/fr/sign-in?next=%2Ffr%2Faccount"),
           "the other device's session no longer works")
    b.cookies = old
    again = b.get("/en/account", follow=False)
    ctx.eq(again.status, 303, "the old cookie replayed is refused")
    # CSRF: without a token the form is refused and nothing changes.
    c, _ = sign_in_web(ctx, email, pw)
    bad = c.post("/en/sign-out-everywhere", {"csrf": "0" * 32}, csrf=False, follow=False)
    ctx.eq(bad.status, 403, "sign out everywhere without a valid token: 403")
    ctx.eq(c.get("/en/account").status, 200, "the session survives a forged sign-out")


# ---- trades ----

def trade_rows(page):
    """[(code, name)] of the results table."""
    rows = re.findall(r"<tr><td class=\"pl-nowrap\">([0-9]{3}[A-Z]{1,2})</td><th scope=\"row\">([^<]*)</th>", page.text)
    return [(c, n.replace("&amp;", "&")) for c, n in rows]


def data_count(page):
    m = re.search(r'data-count="(\d+)"', page.text)
    return int(m.group(1)) if m else None


def test_trades(ctx):
    w = Web(ctx)
    p = w.get("/en/trades")
    ctx.eq((p.status, p.h1), (200, "Find a trade"), "trades page")
    total = len(open(ctx_repo_file("data/trades.csv"), encoding="utf-8").read().strip().splitlines()) - 1
    rows = trade_rows(p)
    ctx.eq(len(rows), total, "empty query lists every trade")
    ctx.eq(data_count(p), total, "data-count holds the number")
    ctx.check("%d trades found" % total in p.plain, "count sentence", p.plain[:300])
    names = [n for _, n in rows]
    ctx.check(names == sorted(names, key=lambda s: s.lower()) or names[0] < names[-1],
              "sorted by English name", names[:5])
    forms = [f for f in p.forms if f["attrs"].get("data-live-filter") == "trade-results"]
    ctx.check(forms and forms[0]["method"] == "get" and forms[0]["action"] == "/en/trades",
              "search form: GET, data-live-filter=trade-results")
    ctx.check(p.elements("label", **{"for": "q"}) and "Trade name or code" in p.plain, "labelled search field")
    ctx.check('<div id="trade-results">' in p.text and "<caption>" in p.text and 'scope="col"' in p.text,
              "results region with a captioned table")
    live = p.text.find('<p id="live-status" class="ontario-show-for-sr" aria-live="polite"></p>')
    ctx.check(0 <= live < p.text.find('id="trade-results"'), "live status outside the results region")
    ctx.check('class="ontario-table-cell--numeric"' in p.text, "hours are numeric cells")
    # Accents and case ignored, French names found from the English page, codes by prefix.
    e = w.get("/en/trades?q=electricien")
    codes = [c for c, _ in trade_rows(e)]
    ctx.check("309A" in codes and "442A" in codes, "electricien finds the electricians", codes)
    ctx.check(all(n for _, n in trade_rows(e)) and "Electrician – Construction and Maintenance" in
              [n for _, n in trade_rows(e)], "English names on the English page", trade_rows(e))
    pl = w.get("/en/trades?q=PLOMB")
    ctx.eq(trade_rows(pl)[:1], [("306A", "Plumber")], "plomb finds Plumber through its French name")
    code = w.get("/en/trades?q=309a")
    ctx.eq([c for c, _ in trade_rows(code)], ["309A"], "code 309a (any case) finds 309A")
    three = w.get("/en/trades?q=30")
    ctx.check(trade_rows(three) and all(c.startswith("30") for c, _ in trade_rows(three)),
              "code prefix 30", trade_rows(three))
    none = w.get("/en/trades?q=zzzqqq")
    ctx.eq((trade_rows(none), data_count(none)), ([], 0), "no match: no table, data-count 0")
    ctx.check("No trade matches your search" in none.plain, "no-match sentence")
    one = w.get("/en/trades?q=306A")
    ctx.check("1 trade found" in one.plain, "singular count", one.plain[:400])
    fr = w.get("/fr/trades?q=%C3%89lectricien")
    frn = trade_rows(fr)
    ctx.check(frn and all(n for _, n in frn) and any(n.startswith("Électricien") for _, n in frn),
              "French page shows French names", frn)
    ctx.check(re.search(r"\d+ métiers trouvés", fr.plain) is not None and "Sceau rouge" in fr.text,
              "French count and headings")
    frall = trade_rows(w.get("/fr/trades"))
    ctx.eq(len(frall), total, "every trade on the French page")
    # Markup in the query is shown back escaped.
    x = w.get("/en/trades?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    ctx.check("<script>alert(1)</script>" not in x.text and
              'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in x.text, "query escaped in the field")
    # Signed-in users see it too.
    c, _ = sign_in_web(ctx, ROLE_ACCOUNT["advisor"])
    ctx.eq(c.get("/en/trades?q=weld").status, 200, "trades page for a signed-in advisor")


def ctx_repo_file(rel):
    import os
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", rel)


# ---- users and roles ----

def test_users_forbidden(ctx):
    c, _ = sign_in_web(ctx, ROLE_ACCOUNT["client"])
    for path in ["/en/users", "/en/users/new", "/en/users/1"]:
        r = c.get(path, follow=False)
        ctx.eq(r.status, 403, "client GET %s: 403" % path)
    ctx.check("You cannot use this page" in c.get("/en/users").plain, "403 page says why")
    p = c.get("/en/account")
    r = c.post("/en/users", {"email": "x@example.org", "csrf": p.form("/en/sign-out-everywhere")["fields"]["csrf"]},
               csrf=False, follow=False)
    ctx.eq(r.status, 403, "client POST /en/users: 403")
    a = Web(ctx).get("/fr/users", follow=False)
    ctx.eq((a.status, location(a)), (303, "/fr/sign-in?next=%2Ffr%2Fusers"), "anonymous: to sign-in with next")


def test_users_list(ctx):
    w, landing = sign_in_web(ctx, ROLE_ACCOUNT["administrator"])
    ctx.eq(landing.path, "/en/users", "the administrator lands on users")
    p = w.get("/en/users")
    ctx.eq((p.status, p.h1), (200, "Users and roles"), "users page")
    ctx.check(re.search(r"<td>[^<]+@[^<]+</td><td>[^<]+</td>", p.text) and "Sponsor (employer)" in p.plain,
              "users listed with their role in words")
    ad = w.get("/en/users?role=administrator")
    ctx.check("admin@demo.passerelle.ca" in ad.plain and "sponsor@demo.passerelle.ca" not in ad.plain,
              "filter by the administrator role")
    ctx.check("<caption>" in p.text and 'th scope="col"' in p.text, "captioned table")
    sel = p.elements("select", id="role")
    ctx.check(sel, "role filter select")
    ctx.check(any(h == "/en/users/new" for h, _ in p.links), "link to create a user")
    adv = w.get("/en/users?role=advisor")
    emails = re.findall(r"<td>([^<]+@[^<]+)</td>", adv.text)
    ctx.check(emails and all(e.startswith("advisor") or e.endswith("example.org") for e in emails) and
              "admin@demo.passerelle.ca" not in emails, "role filter shows advisors only", emails)
    ctx.check("Apprenticeship advisor" in adv.plain, "roles in words")
    # Pagination: 50 a page; the next page starts after the last id shown.
    n = ctx.q1("SELECT count(*) FROM users")
    nxt = [h for h, t in p.links if t == "Next page"]
    if n > 50:
        ctx.check(nxt and "after=" in nxt[0], "Next page link when there are more than 50 users", p.links[-10:])
        if nxt:
            p2 = w.get(nxt[0])
            ids1 = re.findall(r'href="/en/users/(\d+)"', p.text)
            ids2 = re.findall(r'href="/en/users/(\d+)"', p2.text)
            ctx.check(ids2 and not set(ids1) & set(ids2) and int(ids2[0]) > int(ids1[-1]),
                      "the next page continues the list", (ids1[-3:], ids2[:3]))
    else:
        ctx.check(not nxt, "no Next page with 50 users or fewer")
    # Add enough users to need a second page, then check the link keeps the filter.
    for i in range(51 - (ctx.q1("SELECT count(*) FROM users WHERE role = 'auditor'") or 0)):
        em = "pager.%02d@example.org" % i
        ctx.pii.add(em)
        ctx.api("POST", "/api/v1/users", {"email": em, "display_name": "Pager %d" % i,
                                          "password": "right-password-1", "role": "auditor"},
                as_="administrator")
    au = w.get("/en/users?role=auditor")
    nxt = [h for h, t in au.links if t == "Next page"]
    ctx.check(nxt and nxt[0].startswith("/en/users?role=auditor&after="), "Next page keeps the role filter", nxt)
    if nxt:
        au2 = w.get(nxt[0])
        ctx.check(au2.status == 200 and "Auditor" in au2.plain and any(t == "First page" for _, t in au2.links),
                  "second page of auditors")
    fr = w.get("/fr/users?role=sponsor")
    ctx.check(fr.h1 == "Utilisateurs et rôles" and "Parrain (employeur)" in fr.plain, "French users page")


def test_user_create_and_edit(ctx):
    w, _ = sign_in_web(ctx, ROLE_ACCOUNT["administrator"])
    before = counts(ctx)
    form = w.get("/en/users/new")
    ctx.eq((form.status, form.h1), (200, "Create a user"), "new user form")
    opts = re.findall(r'<option value="([a-z_]*)"', form.text)
    for role in ["client", "sponsor", "advisor", "assessor", "exam_admin", "manager", "partner",
                 "administrator", "auditor"]:
        ctx.check(role in opts, "role %s offered" % role)
    ctx.check("Exam administrator" in form.plain and "Central Region" in form.plain,
              "roles in words and regions listed")
    e = w.submit(form, "/en/users", {})
    ctx.eq(e.errors, ["Enter the email address", "Enter the name", "Choose a role",
                      "Choose the language of the account", "Enter a temporary password"], "empty form errors")
    base = {"email": "New.Staff@Example.org", "name": "Nouvelle Personne", "language": "fr",
            "password": "temporary-pass-1"}
    ctx.pii.update(["new.staff@example.org", "New.Staff@Example.org", "Nouvelle Personne"])
    org = ctx.q1("SELECT id FROM organisations WHERE kind = 'sponsor' ORDER BY id LIMIT 1")
    region = ctx.q1("SELECT id FROM regions WHERE code = 'EASTERN'")
    cases = [
        (dict(role="sponsor"), "#org", "Enter the organisation number of this sponsor or partner agency"),
        (dict(role="partner", org="12a"), "#org", "The organisation number must contain only digits"),
        (dict(role="sponsor", org="999999"), "#org", "No organisation has this number"),
        (dict(role="advisor"), "#region", "Choose a region, or tick “Works in all regions of the province”"),
        (dict(role="advisor", region="999999"), "#region", "Choose a region from the list"),
        (dict(role="client"), "#client-number", "Enter the client number of this client"),
        (dict(role="client", client_number="C1234"), "#client-number",
         "Enter a client number in the correct format, like C12345674"),
        (dict(role="client", client_number="C99999997"), "#client-number", "No person has this client number"),
        (dict(role="manager", password="short"), "#password",
         "The temporary password must be at least 12 characters"),
        (dict(role="manager", email="nope"), "#email",
         "Enter an email address in the correct format, like name@example.com"),
        (dict(role="manager", email="admin@demo.passerelle.ca"), "#email",
         "An account already uses this email address"),
    ]
    for change, href, msg in cases:
        r = w.submit(form, "/en/users", dict(base, **change))
        ctx.eq(summary_links(r), [(href, msg)], "create refused for %r" % change)
        kept = r.form("/en/users")["fields"]
        ctx.eq(kept.get("name"), "Nouvelle Personne", "values kept for %r" % change)
        ctx.check("temporary-pass-1" not in r.text, "password not sent back for %r" % change)
    ctx.eq(counts(ctx), before, "nothing written by refused creations")
    # An advisor in the Eastern region.
    r = w.submit(form, "/en/users", dict(base, role="advisor", region=str(region)), follow=False)
    ctx.eq(r.status, 303, "advisor created")
    m = re.fullmatch(r"/en/users/(\d+)\?created=1", location(r))
    if not ctx.check(m, "redirect to the user's page", location(r)):
        return
    uid = int(m.group(1))
    row = ctx.q("SELECT email, display_name, role, region_id, org_id, all_regions, lang FROM users WHERE id = ?",
                (uid,))
    ctx.eq(row, [("new.staff@example.org", "Nouvelle Personne", "advisor", region, None, 0, "fr")],
           "the user row")
    actor = ctx.q1("SELECT actor_id FROM events WHERE type = 'user.created' AND entity_id = ?", (uid,))
    ctx.eq(actor, ctx.q1("SELECT id FROM users WHERE email = 'admin@demo.passerelle.ca'"),
           "creation audited with the administrator as actor")
    page = w.get(location(r))
    alerts = page.elements("div", role="status")
    ctx.check(alerts and "The user was created" in page.plain, "created notice", page.plain[:500])
    ctx.check("new.staff@example.org" in page.plain and "Nouvelle Personne" in page.plain,
              "email and name shown read-only")
    ctx.eq(page.form("/en/users/%d" % uid)["fields"].get("all_regions"), None, "all regions unticked")
    sel = [o for o in re.findall(r'<option value="(\d+)" selected>', page.text)]
    ctx.eq(sel, [str(region)], "the region is selected")
    # The new advisor signs in (temporary password) and lands on the queue.
    a = Web(ctx)
    landed = a.submit(a.get("/en/sign-in"), "/en/sign-in", {"email": "new.staff@example.org",
                                                            "password": "temporary-pass-1"}, follow=False)
    ctx.eq(location(landed), "/en/queue", "the new advisor signs in")
    # Province-wide advisor.
    r = w.submit(page, "/en/users/%d" % uid, {"role": "advisor", "region": "", "all_regions": "1"})
    ctx.eq(ctx.q("SELECT role, region_id, all_regions FROM users WHERE id = ?", (uid,)),
           [("advisor", None, 1)], "all regions saved")
    ctx.check("The changes were saved" in r.plain and r.path.endswith("?saved=1"), "saved notice", r.path)
    # Become a sponsor: needs an organisation.
    e = w.submit(r, "/en/users/%d" % uid, {"role": "sponsor", "org": "", "all_regions": ""})
    ctx.eq(e.errors, ["Enter the organisation number of this sponsor or partner agency"], "sponsor needs an org")
    e = w.submit(e, "/en/users/%d" % uid, {"role": "client"})
    ctx.eq(e.errors, ["This account has no person record, so it cannot become a client account. Create a new "
                      "client account instead."], "no client role without a person")
    ctx.eq(ctx.q1("SELECT role FROM users WHERE id = ?", (uid,)), "advisor", "nothing changed by refusals")
    r = w.submit(e, "/en/users/%d" % uid, {"role": "sponsor", "org": str(org)})
    ctx.eq(ctx.q("SELECT role, org_id, region_id, all_regions FROM users WHERE id = ?", (uid,)),
           [("sponsor", org, None, 0)], "role changed to sponsor of the organisation")
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'user.role_changed' AND entity_id = ?", (uid,))
    ctx.eq(ev, 2, "each role change audited")
    # The advisor's live session follows the new role at once.
    ctx.eq(a.get("/en/queue", follow=False).status, 403, "the demoted session loses the queue")
    # A client attached by client number.
    cn = ctx.q1("SELECT client_no FROM persons WHERE client_no IS NOT NULL ORDER BY id DESC LIMIT 1")
    ctx.pii.add("client.by.number@example.org")
    r = w.submit(form, "/en/users", dict(base, email="client.by.number@example.org", role="client",
                                         client_number=cn.lower()), follow=False)
    ctx.eq(r.status, 303, "client created by client number")
    ctx.eq(ctx.q1("SELECT p.client_no FROM users u JOIN persons p ON p.id = u.person_id WHERE u.email = ?",
                  ("client.by.number@example.org",)), cn, "attached to that person")
    # Unknown user: 404 page; French pages.
    ctx.eq(w.get("/en/users/99999999").status, 404, "unknown user: 404")
    ctx.eq(w.get("/en/users/abc").status, 404, "malformed id: 404")
    fr = w.get("/fr/users/%d" % uid)
    ctx.check(fr.h1 == "Modifier le rôle d’un utilisateur" and "Parrain (employeur)" in fr.plain,
              "French edit page", fr.h1)
    fe = w.submit(fr, "/fr/users/%d" % uid, {"role": "advisor", "region": "", "all_regions": ""})
    ctx.eq(fe.errors, ["Choisissez une région, ou cochez « Travaille dans toutes les régions de la province »"],
           "French error")
    ctx.check("«\u00a0Travaille dans toutes les régions de la province\u00a0»" in fe.text,
              "no-break spaces inside the guillemets")


def test_csrf(ctx):
    before = counts(ctx)
    w = Web(ctx)
    w.get("/en/sign-in")
    r = w.post("/en/sign-in", {"email": ROLE_ACCOUNT["client"], "password": DEMO_PASSWORD}, csrf=False,
               follow=False)
    ctx.eq(r.status, 403, "sign-in without a CSRF token: 403")
    ctx.check("psid" not in w.cookies, "no session without the token")
    r = w.post("/en/create-account", {"given_name": "No", "family_name": "Token", "dob_year": "1990",
                                      "dob_month": "1", "dob_day": "1", "email": "no.token@example.org",
                                      "language": "en", "password": PASSWORD, "password_confirm": PASSWORD,
                                      "csrf": "f" * 32}, csrf=False, follow=False)
    ctx.eq(r.status, 403, "create-account with a wrong CSRF token: 403")
    ctx.check("This form has expired" in r.text, "the CSRF page explains")
    a, _ = sign_in_web(ctx, ROLE_ACCOUNT["administrator"])
    r = a.post("/en/users", {"email": "no.token@example.org", "name": "X", "role": "manager",
                             "language": "en", "password": PASSWORD}, csrf=False, follow=False)
    ctx.eq(r.status, 403, "create user without a CSRF token: 403")
    uid = ctx.q1("SELECT id FROM users WHERE email = 'auditor@demo.passerelle.ca'")
    r = a.post("/en/users/%d" % uid, {"role": "administrator"}, csrf=False, follow=False)
    ctx.eq(r.status, 403, "role change without a CSRF token: 403")
    ctx.eq(ctx.q1("SELECT role FROM users WHERE id = ?", (uid,)), "auditor", "role unchanged")
    ctx.eq(counts(ctx), before, "nothing written without CSRF tokens")


TESTS = [test_sign_in_page, test_sign_in_errors, test_sign_in_redirects, test_sign_in_throttling,
         test_create_account_page, test_create_account_validation, test_create_account_and_escaping,
         test_create_account_possible_duplicate_person, test_account_page, test_sign_out_everywhere,
         test_trades, test_users_forbidden, test_users_list, test_user_create_and_edit, test_csrf]
