"""The page frame: languages and "/", security headers, HTML error pages, assets, CSRF,
sign-out and "stay signed in", the session notice, and escaping in the language link."""
import re
import time

from webclient import Web

HTML_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'none'")


def signed_in(ctx, who):
    """A Web client holding a fresh API session cookie (independent of the sign-in page)."""
    w = Web(ctx)
    r, tok = ctx.sign_in(ctx_email(who))
    ctx.check(r.status == 201 and tok, "API sign-in as %s" % who, r)
    w.cookies["psid"] = tok
    return w


def ctx_email(who):
    from harness import ROLE_ACCOUNT
    return ROLE_ACCOUNT.get(who, who)


def test_root_picks_language(ctx):
    w = Web(ctx)
    cases = [
        (None, None, "/en"),
        ("fr-CA,fr;q=0.9,en;q=0.5", None, "/fr"),
        ("en-US,en;q=0.9,fr;q=0.8", None, "/en"),
        ("de-DE", None, "/en"),
        ("fr-CA", "en", "/en"),      # a remembered choice wins over the browser
        ("en", "fr", "/fr"),
        (None, "xx", "/en"),          # a bad cookie is ignored
    ]
    for al, cookie, want in cases:
        w.cookies = {"plang": cookie} if cookie else {}
        w.accept_language = al
        p = w.get("/", follow=False)
        ctx.eq((p.status, p.headers.get("location")), (303, want),
               "/ with Accept-Language %r and plang %r" % (al, cookie))
    # Reading a page remembers its language for "/".
    w = Web(ctx)
    w.get("/fr/privacy")
    ctx.eq(w.cookies.get("plang"), "fr", "a French page sets plang=fr")
    ctx.eq(w.get("/", follow=False).headers.get("location"), "/fr", "/ then goes to French")


def test_both_languages_and_toggle(ctx):
    w = Web(ctx)
    for path in ["", "/accessibility", "/privacy", "/contact"]:
        en = w.get("/en" + path)
        fr = w.get("/fr" + path)
        ctx.eq((en.status, fr.status), (200, 200), "/en%s and /fr%s answer 200" % (path, path))
        ctx.check('<html lang="en">' in en.text and '<html lang="fr">' in fr.text,
                  "html lang follows the URL on %s" % (path or "/"))
        ctx.check(en.h1 and fr.h1 and en.h1 != fr.h1, "h1 differs by language on %s" % (path or "/"),
                  (en.h1, fr.h1))
        ctx.eq(len(en.doc.h1), 1, "one h1 on /en%s" % path)
        # Title = heading – agency.
        ctx.check(en.title.startswith(en.h1 + " – "), "title starts with the h1 on /en%s" % path, en.title)
        # The language link: same page in the other language, with lang and hreflang, visible word.
        toggle = [a for a in en.elements("a") if a.get("hreflang") == "fr"]
        ctx.check(toggle and toggle[0].get("href") == "/fr" + path and toggle[0].get("lang") == "fr"
                  and "aria-label" not in toggle[0], "English page links to /fr%s" % path, toggle)
        ctx.check("Français</a>" in en.text and "English</a>" in fr.text, "toggle words on %s" % path)
        alts = {l.get("hreflang"): l.get("href") for l in en.elements("link", rel="alternate")}
        ctx.eq(alts, {"en": "/en" + path, "fr": "/fr" + path}, "hreflang alternates on /en%s" % path)
        # Skip link first, main target, landmarks.
        ctx.check(re.search(r'<body><a class="pl-skip" href="#main-content">', en.text) is not None,
                  "skip link is the first thing in body")
        for lm in ['<header', '<nav class="pl-nav" aria-label="Main menu"', '<main id="main-content" tabindex="-1"',
                   '<footer']:
            ctx.check(lm in en.text, "landmark %s on /en%s" % (lm, path))
    fr = w.get("/fr")
    ctx.check('aria-label="Menu principal"' in fr.text and "Passer au contenu principal" in fr.text,
              "French frame texts")
    ctx.check("\u00a9 passerelle, " in fr.text, "copyright line with the agency name")


def test_toggle_keeps_query_escaped(ctx):
    w = Web(ctx)
    p = w.get('/en/privacy?x="><script>alert(1)</script>')
    ctx.check("<script>alert(1)" not in p.text, "a hostile query is never echoed raw", p.text[:300])
    toggle = [a for a in p.elements("a") if a.get("hreflang") == "fr"]
    ctx.check(toggle and toggle[0]["href"].startswith("/fr/privacy?"), "toggle keeps the query", toggle)


def test_security_headers(ctx):
    w = Web(ctx)
    p = w.get("/en")
    h = p.headers
    ctx.eq(h.get("content-security-policy"), HTML_CSP, "CSP on pages")
    ctx.eq(h.get("x-frame-options"), "DENY", "X-Frame-Options")
    ctx.eq(h.get("x-content-type-options"), "nosniff", "nosniff")
    ctx.eq(h.get("referrer-policy"), "same-origin", "Referrer-Policy")
    ctx.eq(h.get("cache-control"), "no-store", "pages are not cached")
    ctx.check(h.get("content-type", "").startswith("text/html; charset=utf-8"), "text/html utf-8")
    ctx.check(" style=" not in p.text and "<script>" not in p.text and "onclick" not in p.text,
              "no inline style or script in the markup")
    api = ctx.request("GET", "/api/v1/trades")
    ctx.eq(api.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'",
           "API replies load nothing")


def test_error_pages(ctx):
    w = Web(ctx)
    for lang, word in (("en", "Page not found"), ("fr", "Page introuvable")):
        p = w.get("/%s/no-such-page" % lang)
        ctx.eq(p.status, 404, "/%s/no-such-page is 404" % lang)
        ctx.check(p.headers.get("content-type", "").startswith("text/html"), "404 under /%s is a page" % lang)
        ctx.eq(p.h1, word, "404 page heading in %s" % lang)
    api = ctx.request("GET", "/api/v1/no-such")
    ctx.check(api.status == 404 and "problem+json" in api.headers.get("content-type", ""),
              "404 under /api stays problem+json", api)
    p = w.get("/english")
    ctx.check(p.status == 404 and "problem+json" in p.headers.get("content-type", ""),
              "a path merely starting with /en is not a page")
    # Wrong method on a page: an HTML 405 with Allow.
    r = w.raw("DELETE", "/en/privacy")
    ctx.check(r.status == 405 and "text/html" in r.headers.get("content-type", "") and
              "GET" in r.headers.get("allow", ""), "405 page with Allow", r)
    # Anonymous on a signed-in page: to sign-in with next.
    p = w.get("/fr/my-files?x=1", follow=False)
    ctx.eq((p.status, p.headers.get("location")), (303, "/fr/sign-in?next=%2Ffr%2Fmy-files%3Fx%3D1"),
           "anonymous → French sign-in with next")
    # Wrong role: a 403 page in the page's language.
    ws = signed_in(ctx, "sponsor")
    p = ws.get("/fr/queue")
    ctx.eq(p.status, 403, "a sponsor on the work queue gets 403")
    ctx.eq(p.h1, "Vous ne pouvez pas utiliser cette page", "403 page in French")
    # A form POST with the wrong content type.
    r = ws.raw("POST", "/en/sign-out", body="{}", ctype="application/json")
    ctx.check(r.status == 415 and "text/html" in r.headers.get("content-type", ""),
              "JSON to a form route is a 415 page", r)
    # An oversize form.
    r = ws.raw("POST", "/en/sign-out", body="a=" + "x" * (70 * 1024),
               ctype="application/x-www-form-urlencoded")
    ctx.eq(r.status, 413, "an oversize form is refused")


def test_assets(ctx):
    w = Web(ctx)
    p = w.get("/en")
    css = [l["href"] for l in p.elements("link", rel="stylesheet")]
    js = [s.get("src") for s in p.elements("script")]
    ctx.check(len(css) == 1 and re.match(r"^/assets/site\.[0-9a-f]{10}\.css$", css[0]), "one hashed stylesheet", css)
    ctx.check(len(js) == 1 and re.match(r"^/assets/site\.[0-9a-f]{10}\.js$", js[0] or ""), "one hashed script", js)
    r = w.raw("GET", css[0])
    ctx.eq(r.status, 200, "stylesheet served")
    ctx.check(r.headers.get("cache-control") == "public, max-age=31536000, immutable",
              "assets cached for a year, immutable", r.headers.get("cache-control"))
    ctx.check(r.headers.get("content-type", "").startswith("text/css"), "text/css")
    urls = set(re.findall(r"url\(([^)]*)\)", r.text))
    bad = [u for u in urls if not (u.strip("'\"").startswith("/assets/") or u.strip("'\"").startswith("data:"))]
    ctx.eq(bad, [], "the stylesheet loads nothing from another host")
    for u in sorted(urls)[:40]:
        u = u.strip("'\"")
        if u.startswith("/assets/"):
            ctx.eq(w.raw("GET", u).status, 200, "asset %s is served" % u)
    ctx.eq(w.raw("GET", "/assets/site.0000000000.css").status, 404, "unknown asset → 404")
    ctx.eq(w.raw("GET", "/assets/..%2Fetc%2Fpasswd").status, 404, "no path tricks")


def test_csrf(ctx):
    w = signed_in(ctx, "manager")
    home = w.get("/en")
    form = home.form("/en/sign-out")
    ctx.check(form is not None and len(form["fields"].get("csrf", "")) == 32, "sign-out form carries a token", form)
    # No token, a wrong token, a token from another session: refused, still signed in.
    for what, fields in (("no token", {}), ("wrong token", {"csrf": "0" * 32})):
        p = w.post("/en/sign-out", fields, csrf=False)
        ctx.eq(p.status, 403, "sign-out with %s → 403" % what)
        ctx.eq(p.h1, "This form has expired", "CSRF page heading (%s)" % what)
    other = signed_in(ctx, "manager")
    other_token = other.get("/en").form("/en/sign-out")["fields"]["csrf"]
    ctx.check(other_token != form["fields"]["csrf"], "each session has its own token")
    ctx.eq(w.post("/en/sign-out", {"csrf": other_token}, csrf=False).status, 403,
           "another session's token is refused")
    me = ctx.request("GET", "/api/v1/me", token=w.cookies["psid"])
    ctx.eq(me.status, 200, "the session survived the refused sign-outs")
    # The right token signs out: cookie cleared, session revoked.
    tok = w.cookies["psid"]
    p = w.submit(home, "/en/sign-out", {}, follow=False)
    ctx.eq((p.status, p.headers.get("location")), (303, "/en/sign-in?signed_out=1"), "sign-out redirects")
    ctx.check(any(k.lower() == "set-cookie" and v.startswith("psid=;") or "psid=" in v and "Max-Age=0" in v
                  for k, v in p.header_list), "sign-out clears the cookie", p.header_list)
    ctx.check("psid" not in w.cookies, "the browser dropped the cookie")
    ctx.eq(ctx.request("GET", "/api/v1/me", token=tok).status, 401, "the old cookie no longer works")
    ctx.eq(ctx.q1("SELECT count(*) FROM events WHERE type = 'user.signed_out'") >= 1, True,
           "sign-out is audited")


def test_session_notice_and_extend(ctx):
    w = signed_in(ctx, "advisor")
    tok = w.cookies["psid"]
    p = w.get("/en/privacy")
    dlg = p.elements("div", id="session-timeout")
    ctx.check(dlg and dlg[0].get("role") == "alertdialog" and "hidden" in dlg[0], "hidden time-out dialog", dlg)
    exp0 = int(dlg[0]["data-expires"])
    ctx.check(exp0 > time.time(), "the dialog knows when the session ends")
    ctx.check("For your security, your session ends at" in p.plain, "the end is shown without JavaScript")
    # Without JavaScript: the form posts and comes back to the page.
    forms = [f for f in p.forms if f["action"] == "/en/session/extend"]
    ctx.eq(len(forms), 2, "two stay-signed-in forms (notice and dialog)")
    ctx.eq(forms[0]["fields"].get("next"), "/en/privacy", "next is the current page")
    db0 = ctx.q1("SELECT expires_us FROM sessions WHERE token_hash IS NOT NULL ORDER BY id DESC LIMIT 1")
    time.sleep(1.1)
    r = w.submit(p, "/en/session/extend", {}, follow=False)
    ctx.eq((r.status, r.headers.get("location")), (303, "/en/privacy"), "stay signed in → back to the page")
    # With JavaScript: JSON with the new end.
    r = w.raw("POST", "/en/session/extend", body="csrf=%s" % forms[0]["fields"]["csrf"],
              ctype="application/x-www-form-urlencoded", headers={"Accept": "application/json"})
    ctx.check(r.status == 200 and isinstance(r.json, dict) and r.json.get("expires", 0) > exp0,
              "the script gets the new end", r)
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'user.session_extended'")
    ctx.check(ev >= 2, "extensions are audited", ev)
    ctx.check(db0 is not None, "sessions table read")
    # A bearer token cannot be "extended" by a page.
    anon = Web(ctx)
    ctx.eq(anon.post("/en/session/extend", {"csrf": "x"}, follow=False).status, 303,
           "anonymous extend → sign-in")
    ctx.eq(ctx.request("GET", "/api/v1/me", token=tok).status, 200, "still signed in after extending")


TESTS = [test_root_picks_language, test_both_languages_and_toggle, test_toggle_keeps_query_escaped,
         test_security_headers, test_error_pages, test_assets, test_csrf, test_session_notice_and_extend]
