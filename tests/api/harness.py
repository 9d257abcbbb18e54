"""Test harness for the passerelle API suite (Python 3 standard library only).

Provides:
  Ctx       - the run: binary, temp dir, environment, check() counters, sessions, DB helpers.
  Server    - one `passerelle serve --port 0` process (start, stop with SIGTERM, kill).
  Resp      - (status, headers, body) of an HTTP call; body is JSON when the reply is JSON.
  ERRORS    - the error registry parsed from src/core/err.def (slug -> code, status, en, fr).

Every loop is bounded; every wait has a deadline; servers are stopped by their own pid only.
"""
import http.client
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import threading
import time
import traceback

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEMO_PASSWORD = "passerelle-demo-2026"
HTTP_TIMEOUT = 60          # seconds per request (ASan builds are slow)
START_TIMEOUT = 60         # seconds for a server to print its URL
STOP_TIMEOUT = 60          # seconds for a server to exit after SIGTERM

# The demo accounts of src/domain/seed.c (seed_accounts[]), and one account per role.
SEED_ACCOUNTS = {
    "admin@demo.passerelle.ca": "administrator",
    "advisor.central@demo.passerelle.ca": "advisor",
    "advisor.eastern@demo.passerelle.ca": "advisor",
    "advisor.western@demo.passerelle.ca": "advisor",
    "advisor.northern@demo.passerelle.ca": "advisor",
    "advisor.province@demo.passerelle.ca": "advisor",
    "sponsor@demo.passerelle.ca": "sponsor",
    "client@demo.passerelle.ca": "client",
    "manager@demo.passerelle.ca": "manager",
    "auditor@demo.passerelle.ca": "auditor",
    "assessor@demo.passerelle.ca": "assessor",
    "exams@demo.passerelle.ca": "exam_admin",
    "partner@demo.passerelle.ca": "partner",
}
ROLES = ["client", "sponsor", "advisor", "assessor", "exam_admin", "manager", "partner",
         "administrator", "auditor"]
ROLE_ACCOUNT = {
    "client": "client@demo.passerelle.ca",
    "sponsor": "sponsor@demo.passerelle.ca",
    "advisor": "advisor.central@demo.passerelle.ca",
    "assessor": "assessor@demo.passerelle.ca",
    "exam_admin": "exams@demo.passerelle.ca",
    "manager": "manager@demo.passerelle.ca",
    "partner": "partner@demo.passerelle.ca",
    "administrator": "admin@demo.passerelle.ca",
    "auditor": "auditor@demo.passerelle.ca",
}
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "WARNING: ThreadSanitizer", "ERROR: UndefinedBehaviorSanitizer")
COUNTED_TABLES = ["events", "cases", "persons", "organisations", "users", "hours_entries"]


def load_errors():
    """slug -> {"code", "status", "en", "fr"} from src/core/err.def."""
    path = os.path.join(REPO, "src", "core", "err.def")
    out = {}
    pat = re.compile(r'^E\(\s*(\w+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*"([^"]*)"\s*,\s*"((?:[^"\\]|\\.)*)"'
                     r'\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = pat.match(line.strip())
            if m:
                out[m.group(4)] = {"id": m.group(1), "code": int(m.group(2)),
                                   "status": int(m.group(3)), "en": m.group(5), "fr": m.group(6)}
    return out


ERRORS = load_errors()


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_sin(prefix8):
    """A valid Social Insurance Number (Luhn) from 8 digits."""
    for last in range(10):
        s = prefix8 + str(last)
        if luhn_ok(s):
            return s
    raise AssertionError("no Luhn digit")


class Resp:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers            # lower-case name -> value (last one wins)
        self.header_list = []             # [(name, value)] as sent
        self.raw = raw
        self.text = raw.decode("utf-8", "replace")
        ctype = headers.get("content-type", "")
        self.json = None
        if "json" in ctype:
            try:
                self.json = json.loads(self.text)
            except ValueError:
                self.json = None

    @property
    def body(self):
        return self.json if self.json is not None else self.text

    def __repr__(self):
        t = self.text if len(self.text) < 400 else self.text[:400] + "..."
        return "<%d %s %s>" % (self.status, self.headers.get("content-type", ""), t)


class Server:
    """One `passerelle serve` process on 127.0.0.1 with a free port."""

    def __init__(self, ctx, name, extra_args=None, env=None):
        self.ctx = ctx
        self.name = name
        self.extra_args = list(extra_args or [])
        self.env = dict(env or ctx.env)
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(ctx.tmp, "server-%s-%d.stderr" % (name, len(ctx.servers)))
        self.stdout_lines = []
        ctx.servers.append(self)

    def start(self):
        self.err_f = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen([self.ctx.binary, "serve", "--port", "0"] + self.extra_args,
                                     stdout=subprocess.PIPE, stderr=self.err_f, env=self.env,
                                     cwd=self.ctx.tmp)
        deadline = time.monotonic() + START_TIMEOUT
        buf = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                buf += chunk
                m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)/", buf)
                if m:
                    self.port = int(m.group(1))
                    self.stdout_lines.append(buf.decode("utf-8", "replace"))
                    # Keep draining stdout in the background so the server never blocks on it.
                    threading.Thread(target=self._drain, daemon=True).start()
                    return self
            elif self.proc.poll() is not None:
                break
        rc = self.proc.poll()
        if rc is None:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)
        raise RuntimeError("server %s did not start (rc=%s): %s / %s" % (
            self.name, rc, buf.decode("utf-8", "replace"), self.stderr()[-2000:]))

    def _drain(self):
        try:
            while True:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    return
                self.stdout_lines.append(chunk.decode("utf-8", "replace"))
        except OSError:
            return

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM; returns the exit code (None when it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_TIMEOUT)
                self.err_f.close()
                return None
        self.err_f.close()
        return self.proc.returncode

    def kill(self):
        """SIGKILL (crash simulation)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)
        self.err_f.close()

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stdout(self):
        return "".join(self.stdout_lines)


class Ctx:
    def __init__(self, binary, tmp, verbose=False):
        self.binary = os.path.abspath(binary)
        self.tmp = tmp
        self.db = os.path.join(tmp, "p.db")
        self.env = dict(os.environ)
        self.env.update({
            "PASSERELLE_FIELD_KEY": "5a" * 32,
            "PASSERELLE_PASSWORD_HASH": "fast",
            "PASSERELLE_DB": self.db,
            "PASSERELLE_LOG_LEVEL": "warn",
        })
        self.env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        for k in ("PASSERELLE_PASSWORD", "PASSERELLE_CONFIG", "PASSERELLE_PROGRAMS_DIR"):
            self.env.pop(k, None)
        self.verbose = verbose
        self.passed = 0
        self.failed = 0
        self.current = ""
        self.servers = []
        self.server = None
        self.sessions = {}
        self.pii = set()           # strings sent that must never reach a log
        self.shared = {}           # values one test module hands to a later one
        self._lock = threading.Lock()

    # ---- checks ----
    def check(self, cond, what, detail=None):
        with self._lock:
            if cond:
                self.passed += 1
            else:
                self.failed += 1
                msg = "FAIL [%s] %s" % (self.current, what)
                if detail is not None:
                    d = repr(detail) if not isinstance(detail, str) else detail
                    if len(d) > 1500:
                        d = d[:1500] + "..."
                    msg += "\n     got: " + d
                print(msg, flush=True)
        return bool(cond)

    def eq(self, got, want, what, extra=None):
        return self.check(got == want, "%s: expected %r" % (what, want),
                          "%r%s" % (got, "" if extra is None else "  (%r)" % (extra,)))

    def status(self, resp, want, what):
        wants = want if isinstance(want, (tuple, list, set)) else (want,)
        return self.check(resp.status in wants, "%s: expected HTTP %s" % (what, "/".join(map(str, wants))),
                          resp)

    def problem(self, resp, slug, what, lang="en", field=None):
        """Checks a problem+json reply against err.def: status, code, error, title in lang."""
        e = ERRORS.get(slug)
        if not self.check(e is not None, "%s: slug %s is in err.def" % (what, slug)):
            return False
        ok = self.check(resp.status == e["status"], "%s: HTTP %d (%s)" % (what, e["status"], slug), resp)
        ok &= self.check(resp.headers.get("content-type", "").startswith("application/problem+json"),
                         "%s: Content-Type application/problem+json" % what, resp.headers.get("content-type"))
        j = resp.json if isinstance(resp.json, dict) else {}
        ok &= self.check(j.get("error") == slug and j.get("code") == e["code"] and j.get("status") == e["status"],
                         "%s: error=%s code=%d status=%d" % (what, slug, e["code"], e["status"]), resp)
        ok &= self.check(j.get("title") == e[lang], "%s: title is the %s message" % (what, lang),
                         j.get("title"))
        ok &= self.check(j.get("type") == "/problems/" + slug, "%s: type /problems/%s" % (what, slug),
                         j.get("type"))
        ok &= self.check(resp.headers.get("content-language") == lang,
                         "%s: Content-Language %s" % (what, lang), resp.headers.get("content-language"))
        if field is not None:
            ok &= self.check(j.get("field") == field, "%s: field %s" % (what, field), j.get("field"))
        return ok

    # ---- HTTP ----
    def request(self, method, path, body=None, token=None, bearer=None, headers=None,
                ctype=None, server=None, timeout=HTTP_TIMEOUT):
        """body: dict/list (sent as JSON), str/bytes (sent as is), or None."""
        srv = server or self.server
        h = {}
        data = None
        if body is not None:
            if isinstance(body, (dict, list)):
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                h["Content-Type"] = "application/json"
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = body
        if ctype is not None:
            h["Content-Type"] = ctype
        if token:
            h["Cookie"] = "psid=" + token
        if bearer:
            h["Authorization"] = "Bearer " + bearer
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            raw = r.read()
            hl = r.getheaders()
            resp = Resp(r.status, {k.lower(): v for k, v in hl}, raw)
            resp.header_list = hl
            return resp
        finally:
            conn.close()

    def api(self, method, path, body=None, as_=None, **kw):
        """as_: an email (signs in once and reuses the session) or a role name."""
        if as_ is not None:
            kw["token"] = self.session(as_)
        return self.request(method, path, body, **kw)

    def sign_in(self, email, password=DEMO_PASSWORD):
        r = self.request("POST", "/api/v1/session", {"email": email, "password": password})
        tok = None
        for k, v in r.header_list:
            if k.lower() == "set-cookie" and v.startswith("psid="):
                tok = v.split(";", 1)[0].split("=", 1)[1]
        return r, tok

    def session(self, who):
        email = ROLE_ACCOUNT.get(who, who)
        if email not in self.sessions:
            r, tok = self.sign_in(email)
            if r.status != 201 or not tok:
                raise RuntimeError("cannot sign in as %s: %r" % (email, r))
            self.sessions[email] = tok
        return self.sessions[email]

    # ---- database ----
    def db_conn(self, path=None):
        c = sqlite3.connect(path or self.db, timeout=30)
        c.execute("PRAGMA busy_timeout=30000")
        return c

    def q(self, sql, args=(), path=None):
        c = self.db_conn(path)
        try:
            return c.execute(sql, args).fetchall()
        finally:
            c.close()

    def q1(self, sql, args=(), path=None):
        rows = self.q(sql, args, path)
        return rows[0][0] if rows else None

    def counts(self, path=None):
        c = self.db_conn(path)
        try:
            return {t: c.execute("SELECT count(*) FROM %s" % t).fetchone()[0] for t in COUNTED_TABLES}
        finally:
            c.close()

    def sanitizer_findings(self, text, what):
        """Fails (only) when sanitizer output shows up in text: UBSan reports do not change exit codes."""
        found = [m for m in SANITIZER_MARKS if m in text]
        if found:
            i = text.find(found[0])
            self.check(False, "%s: sanitizer report" % what, text[max(0, i - 200):i + 3000])
        return not found

    # ---- CLI ----
    def cli(self, args, env_extra=None, input_text=None, timeout=120, db=None):
        env = dict(self.env)
        if db:
            env["PASSERELLE_DB"] = db
        env.update(env_extra or {})
        p = subprocess.run([self.binary] + list(args), env=env, cwd=self.tmp, capture_output=True,
                           input=input_text.encode() if input_text is not None else None,
                           timeout=timeout)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        self.sanitizer_findings(err, "passerelle %s" % " ".join(args[:2]))
        return p.returncode, out, err


def run_tests(ctx, module_name, tests):
    """Runs test functions (fn(ctx)) in order; an exception counts as one failed check."""
    for fn in tests:
        ctx.current = "%s.%s" % (module_name, fn.__name__)
        before = ctx.failed
        t0 = time.monotonic()
        try:
            fn(ctx)
        except Exception:  # noqa: BLE001 - a crashing test is a failure, not the end of the run
            ctx.check(False, "test raised an exception", traceback.format_exc())
        dt = time.monotonic() - t0
        if ctx.failed == before:
            print("ok %s (%.1fs)" % (ctx.current, dt), flush=True)
        else:
            print("FAILED %s (%d failure(s), %.1fs)" % (ctx.current, ctx.failed - before, dt), flush=True)
