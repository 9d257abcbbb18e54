"""Sign-in, /me, API tokens, users (administrators) and sign-in throttling."""
import threading
import time

from harness import ROLE_ACCOUNT


def test_sign_in_and_me(ctx):
    r, tok = ctx.sign_in("client@demo.passerelle.ca")
    ctx.status(r, 201, "POST /api/v1/session")
    cookie = r.headers.get("set-cookie", "")
    ctx.check(tok and len(tok) == 43, "session cookie psid holds a 43-character token", cookie)
    ctx.check("HttpOnly" in cookie and "SameSite=Strict" in cookie, "cookie is HttpOnly, SameSite=Strict", cookie)
    ctx.check(isinstance(r.json, dict) and r.json.get("user", {}).get("role") == "client",
              "sign-in reply names the user and role", r)
    ctx.check("pw_hash" not in r.text and "argon2" not in r.text, "sign-in reply has no password hash", r)
    me = ctx.request("GET", "/api/v1/me", token=tok)
    ctx.status(me, 200, "GET /me with the cookie")
    ctx.check(me.json and me.json.get("email") == "client@demo.passerelle.ca" and me.json.get("person_id"),
              "/me is the signed-in client with a person", me)
    # Emails are case-insensitive.
    r2, tok2 = ctx.sign_in("CLIENT@Demo.Passerelle.ca")
    ctx.status(r2, 201, "sign-in with an upper-case email")
    # Anonymous and garbage credentials.
    ctx.problem(ctx.request("GET", "/api/v1/me"), "auth-required", "GET /me anonymous")
    ctx.problem(ctx.request("GET", "/api/v1/me", token="x" * 43), "auth-required", "GET /me with a forged cookie")
    ctx.problem(ctx.request("GET", "/api/v1/me", bearer="y" * 43), "auth-required", "GET /me with a forged bearer")
    # Unknown email: same answer as a wrong password.
    r3, _ = ctx.sign_in("nobody@example.org", "whatever-password")
    ctx.problem(r3, "auth-failed", "sign-in with an unknown email")
    # Every demo account can sign in and /me names its role.
    for role, email in ROLE_ACCOUNT.items():
        m = ctx.api("GET", "/api/v1/me", as_=role)
        ctx.check(m.status == 200 and m.json.get("role") == role, "/me as %s names the role" % role, m)


def test_sign_out(ctx):
    r, tok = ctx.sign_in("manager@demo.passerelle.ca")
    ctx.status(r, 201, "sign-in")
    out = ctx.request("DELETE", "/api/v1/session", token=tok)
    ctx.status(out, 200, "DELETE /session")
    ctx.check("Max-Age=0" in out.headers.get("set-cookie", "") or "psid=;" in out.headers.get("set-cookie", ""),
              "sign-out clears the cookie", out.headers.get("set-cookie"))
    ctx.problem(ctx.request("GET", "/api/v1/me", token=tok), "auth-required", "old session after sign-out")


def test_tokens(ctx):
    r, tok = ctx.sign_in("advisor.eastern@demo.passerelle.ca")
    c = ctx.request("POST", "/api/v1/tokens", {"name": "ci-token"}, token=tok)
    ctx.status(c, 201, "POST /tokens")
    t = c.json or {}
    bearer = t.get("token")
    ctx.check(isinstance(bearer, str) and len(bearer) == 43 and t.get("id") and t.get("expires_at"),
              "token reply has id, token text and expiry", c)
    me = ctx.request("GET", "/api/v1/me", bearer=bearer)
    ctx.check(me.status == 200 and me.json.get("email") == "advisor.eastern@demo.passerelle.ca",
              "bearer token authenticates as its owner", me)
    # A bearer token works on a write route too (no cookie).
    lst = ctx.request("GET", "/api/v1/tokens", bearer=bearer)
    ctx.status(lst, 200, "GET /tokens")
    items = (lst.json or {}).get("items", [])
    mine = [i for i in items if i.get("id") == t.get("id")]
    ctx.check(len(mine) == 1 and mine[0].get("name") == "ci-token" and mine[0].get("revoked") is False,
              "token list shows the new token, not revoked", items)
    ctx.check(bearer not in lst.text, "token list never shows the token text", lst)
    # Another user cannot revoke it.
    other = ctx.api("DELETE", "/api/v1/tokens/%d" % t["id"], as_="advisor.western@demo.passerelle.ca")
    ctx.problem(other, "record-not-found", "revoking another user's token")
    ctx.status(ctx.request("GET", "/api/v1/me", bearer=bearer), 200, "token still valid after a refused revoke")
    rv = ctx.request("DELETE", "/api/v1/tokens/%d" % t["id"], token=tok)
    ctx.status(rv, 200, "DELETE /tokens/{id}")
    ctx.problem(ctx.request("GET", "/api/v1/me", bearer=bearer), "auth-required", "revoked token is refused")
    lst2 = ctx.request("GET", "/api/v1/tokens", token=tok)
    mine = [i for i in (lst2.json or {}).get("items", []) if i.get("id") == t.get("id")]
    ctx.check(not mine or mine[0].get("revoked") is True, "token list marks it revoked (or drops it)", mine)
    ctx.check(ctx.q1("SELECT count(*) FROM api_tokens WHERE token_hash = ?", (bearer,)) == 0,
              "the token text is not stored in clear")


def test_users(ctx):
    email = "new.advisor@example.org"
    ctx.pii.add(email)
    body = {"email": email, "display_name": "Nouvel Conseiller", "password": "correct-horse-42",
            "role": "advisor", "region_id": 3, "language": "fr"}
    c = ctx.api("POST", "/api/v1/users", body, as_="administrator")
    ctx.status(c, 201, "POST /users")
    u = c.json or {}
    ctx.check(u.get("email") == email and u.get("role") == "advisor" and u.get("region_id") == 3,
              "created user as sent", u)
    ctx.check("password" not in c.text and "pw_hash" not in c.text, "user reply has no password", c)
    dup = ctx.api("POST", "/api/v1/users", dict(body, email=email.upper()), as_="administrator")
    ctx.problem(dup, "user-exists", "creating the same email again (case ignored)")
    # Advisor without a region: the attachment is required.
    miss = ctx.api("POST", "/api/v1/users", {"email": "x.adv@example.org", "display_name": "X",
                                             "password": "correct-horse-42", "role": "advisor"},
                   as_="administrator")
    ctx.problem(miss, "field-required", "advisor without region_id")
    lst = ctx.api("GET", "/api/v1/users?role=advisor&limit=200", as_="administrator")
    ctx.status(lst, 200, "GET /users?role=advisor")
    emails = [i.get("email") for i in (lst.json or {}).get("items", [])]
    ctx.check(email in emails and all(i.get("role") == "advisor" for i in lst.json["items"]),
              "user list filtered by role includes the new user", emails)
    r, tok = ctx.sign_in(email, "correct-horse-42")
    ctx.status(r, 201, "the new user signs in")
    up = ctx.api("PUT", "/api/v1/users/%d" % u["id"], {"role": "manager", "password": "another-pass-4242"},
                 as_="administrator")
    ctx.status(up, 200, "PUT /users/{id}")
    ctx.check((up.json or {}).get("role") == "manager", "role changed to manager", up)
    r, _ = ctx.sign_in(email, "correct-horse-42")
    ctx.problem(r, "auth-failed", "old password refused after the change")
    r, tok = ctx.sign_in(email, "another-pass-4242")
    ctx.status(r, 201, "new password accepted")
    me = ctx.request("GET", "/api/v1/me", token=tok)
    ctx.check(me.status == 200 and me.json.get("role") == "manager", "/me shows the new role", me)
    ctx.problem(ctx.api("PUT", "/api/v1/users/99999999", {"role": "manager"}, as_="administrator"),
                "record-not-found", "PUT /users of an unknown id")
    # Attachments are required on a role change too: a client needs a person, a sponsor an org.
    cl = ctx.api("PUT", "/api/v1/users/%d" % u["id"], {"role": "client"}, as_="administrator")
    ctx.problem(cl, "field-required", "role client for a user without a person", field="person_id")
    sp = ctx.api("PUT", "/api/v1/users/%d" % u["id"], {"role": "sponsor"}, as_="administrator")
    ctx.problem(sp, "field-required", "role sponsor without org_id", field="org_id")
    ctx.eq(ctx.q1("SELECT role FROM users WHERE id = ?", (u["id"],)), "manager", "refused role changes changed nothing")


def test_throttling(ctx):
    email = "throttle.me@example.org"
    ctx.pii.add(email)
    c = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": "Throttle Test",
                                          "password": "right-password-1", "role": "manager"},
                as_="administrator")
    if not ctx.status(c, 201, "create the dedicated user"):
        return
    # Three failures: 401 each.
    for i in range(3):
        r, _ = ctx.sign_in(email, "wrong-password-%d" % i)
        ctx.problem(r, "auth-failed", "wrong password #%d" % (i + 1))
    # Now the caller must wait 1 s between attempts; the next immediate one is slowed down.
    r, _ = ctx.sign_in(email, "wrong-password-x")
    ctx.problem(r, "auth-slow-down", "immediate attempt after 3 failures")
    ra = r.headers.get("retry-after", "")
    ctx.check(ra.isdigit() and int(ra) >= 1, "429 has Retry-After in seconds", r.headers)
    ctx.check(isinstance(r.json, dict) and r.json.get("retry_after_seconds", 0) >= 1,
              "429 body has retry_after_seconds", r.json)
    # Waiting the time out lets one more (wrong) attempt through, which doubles the wait (4 s after
    # the fifth failure); the checks that follow run well inside that window.
    time.sleep(1.2)
    r, _ = ctx.sign_in(email, "wrong-password-4")
    ctx.problem(r, "auth-failed", "wrong password #4 after waiting")
    time.sleep(2.2)
    r, _ = ctx.sign_in(email, "wrong-password-5")
    ctx.problem(r, "auth-failed", "wrong password #5 after waiting")
    r, tok = ctx.sign_in(email, "right-password-1")
    ctx.problem(r, "auth-slow-down", "the correct password during the slow-down is refused too")
    ctx.check(tok is None, "no session cookie during the slow-down", r.headers.get("set-cookie"))
    fr = ctx.request("POST", "/api/v1/session?lang=fr", {"email": email, "password": "right-password-1"})
    ctx.problem(fr, "auth-slow-down", "slow-down in French (?lang=fr)", lang="fr")
    fr2 = ctx.request("POST", "/api/v1/session", {"email": email, "password": "x"},
                      headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    ctx.problem(fr2, "auth-slow-down", "slow-down in French (Accept-Language: fr-CA)", lang="fr")
    # Refused attempts during the wait are not counted as failures.
    failed = ctx.q1("SELECT failed_count FROM users WHERE email = ?", (email,))
    ctx.eq(failed, 5, "failed_count counts only the checked attempts")


def test_lockout_and_expiry(ctx):
    """The tenth failure locks the account for a while (even the right password is refused,
    in both languages); an administrator's password reset unlocks it. Expired sessions and
    API tokens are refused."""
    email = "lock.me@example.org"
    ctx.pii.add(email)
    c = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": "Lock Test",
                                          "password": "right-password-1", "role": "auditor"},
                as_="administrator")
    if not ctx.status(c, 201, "create the dedicated user"):
        return
    uid = c.json["id"]
    # Nine failures already on record, long enough ago that no wait applies.
    conn = ctx.db_conn()
    conn.execute("UPDATE users SET failed_count = 9, last_failed_us = 0 WHERE id = ?", (uid,))
    conn.commit()
    conn.close()
    r, _ = ctx.sign_in(email, "wrong-password")
    ctx.problem(r, "auth-locked", "the tenth failure locks the account")
    ra = r.headers.get("retry-after", "")
    ctx.check(ra.isdigit() and 800 <= int(ra) <= 901, "locked for about 15 minutes (Retry-After)", ra)
    r, tok = ctx.sign_in(email, "right-password-1")
    ctx.problem(r, "auth-locked", "the right password is refused while locked")
    ctx.check(tok is None, "no session while locked", r.headers.get("set-cookie"))
    fr = ctx.request("POST", "/api/v1/session?lang=fr", {"email": email, "password": "right-password-1"})
    ctx.problem(fr, "auth-locked", "locked, in French", lang="fr")
    u = ctx.api("PUT", "/api/v1/users/%d" % uid, {"role": "auditor", "password": "new-password-12"},
                as_="administrator")
    ctx.status(u, 200, "an administrator resets the password")
    r, tok = ctx.sign_in(email, "new-password-12")
    ctx.status(r, 201, "the reset unlocks the account")
    # An expired session: expire it before its first use.
    r, tok = ctx.sign_in(email, "new-password-12")
    conn = ctx.db_conn()
    conn.execute("UPDATE sessions SET expires_us = 1 WHERE user_id = ? AND id = "
                 "(SELECT MAX(id) FROM sessions WHERE user_id = ?)", (uid, uid))
    conn.commit()
    conn.close()
    me = ctx.request("GET", "/api/v1/me", token=tok)
    ctx.problem(me, "auth-required", "an expired session is refused")
    # An expired API token likewise.
    r, tok = ctx.sign_in(email, "new-password-12")
    t = ctx.request("POST", "/api/v1/tokens", {"name": "short-lived"}, token=tok)
    if ctx.status(t, 201, "create an API token"):
        conn = ctx.db_conn()
        conn.execute("UPDATE api_tokens SET expires_us = 1 WHERE id = ?", (t.json["id"],))
        conn.commit()
        conn.close()
        me = ctx.request("GET", "/api/v1/me", bearer=t.json["token"])
        ctx.problem(me, "auth-required", "an expired API token is refused")


def hammer(ctx, n_threads, **auth):
    """Starts threads sending GET /me with the given credentials until stopped (bounded)."""
    stop = threading.Event()

    def loop():
        for _ in range(5000):
            if stop.is_set():
                return
            try:
                ctx.request("GET", "/api/v1/me", **auth)
            except OSError:
                pass

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(n_threads)]
    for t in threads:
        t.start()
    time.sleep(0.05)

    def finish():
        stop.set()
        for t in threads:
            t.join(timeout=60)
    return finish


def test_revocation_under_load(ctx):
    """Revoking a token, signing out or changing a role takes effect as soon as the reply is
    sent, even while other requests with the same credentials are being resolved (the server
    caches resolved tokens)."""
    owner = "advisor.northern@demo.passerelle.ca"
    tok = ctx.session(owner)
    for attempt in range(4):
        t = ctx.request("POST", "/api/v1/tokens", {"name": "load-%d" % attempt}, token=tok).json
        finish = hammer(ctx, 4, bearer=t["token"])
        r = ctx.request("DELETE", "/api/v1/tokens/%d" % t["id"], token=tok)
        after = [ctx.request("GET", "/api/v1/me", bearer=t["token"]).status for _ in range(3)]
        finish()
        ctx.status(r, 200, "revoke #%d under load" % attempt)
        ctx.eq(after, [401, 401, 401], "token refused right after its revocation (#%d)" % attempt)
    for attempt in range(2):
        _, s_tok = ctx.sign_in("manager@demo.passerelle.ca")
        finish = hammer(ctx, 4, token=s_tok)
        r = ctx.request("DELETE", "/api/v1/session", token=s_tok)
        after = [ctx.request("GET", "/api/v1/me", token=s_tok).status for _ in range(3)]
        finish()
        ctx.status(r, 200, "sign-out #%d under load" % attempt)
        ctx.eq(after, [401, 401, 401], "session refused right after sign-out (#%d)" % attempt)
    email = "demoted.advisor@example.org"
    ctx.pii.add(email)
    u = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": "Demoted", "password": "right-password-1",
                                          "role": "advisor", "region_id": 2}, as_="administrator")
    if not ctx.status(u, 201, "create an advisor to demote"):
        return
    _, u_tok = ctx.sign_in(email, "right-password-1")
    ctx.status(ctx.request("GET", "/api/v1/queue?limit=1", token=u_tok), 200, "advisor reads the queue")
    finish = hammer(ctx, 4, token=u_tok)
    r = ctx.api("PUT", "/api/v1/users/%d" % u.json["id"], {"role": "auditor"}, as_="administrator")
    q = [ctx.request("GET", "/api/v1/queue?limit=1", token=u_tok).status for _ in range(3)]
    finish()
    ctx.status(r, 200, "demote the advisor under load")
    ctx.eq(q, [403, 403, 403], "the demoted user's live session loses the advisor's rights at once")


TESTS = [test_sign_in_and_me, test_sign_out, test_tokens, test_users, test_throttling,
         test_lockout_and_expiry, test_revocation_under_load]
