"""The command line: help, users, backup, audit verify (and tampering), import, export, and a
broken program file refusing to serve."""
import csv
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess

from harness import REPO, START_TIMEOUT, Server


def test_help_and_version(ctx):
    rc, out, err = ctx.cli(["--version"])
    ctx.check(rc == 0 and re.match(r"passerelle \d+\.\d+", out), "--version exits 0 and names the version", out + err)
    rc, out, err = ctx.cli(["--help"])
    ctx.check(rc == 0 and "Verbs:" in out, "--help exits 0", out + err)
    verbs = re.findall(r"^  (\w+)\s{2,}\S", out.split("Verbs:", 1)[-1].split("\n\n", 1)[0], re.M)
    ctx.check(set(verbs) >= {"serve", "migrate", "seed", "user", "import", "export", "backup", "audit"},
              "--help lists the verbs", verbs)
    for v in verbs:
        rc, vout, verr = ctx.cli([v, "--help"])
        ctx.check(rc == 0 and ("passerelle " + v) in vout, "%s --help exits 0 with its usage" % v, vout + verr)
    rc, out, err = ctx.cli(["frobnicate"])
    ctx.check(rc != 0 and err.strip(), "an unknown verb exits non-zero with a message", (rc, out, err))


def test_user_verbs(ctx):
    email = "cli.user@example.org"
    ctx.pii.add(email)
    rc, out, err = ctx.cli(["user", "add", "--email", email, "--name", "Utilisatrice CLI", "--role", "manager",
                            "--lang", "fr"], env_extra={"PASSERELLE_PASSWORD": "cli-password-123"})
    ctx.check(rc == 0, "user add exits 0", out + err)
    ctx.check("cli-password-123" not in out + err, "user add never prints the password", out + err)
    rc, out, err = ctx.cli(["user", "add", "--email", email, "--name", "Again", "--role", "manager"],
                           env_extra={"PASSERELLE_PASSWORD": "cli-password-123"})
    ctx.check(rc != 0 and err.strip(), "user add of an existing email fails", (rc, out, err))
    rc, out, err = ctx.cli(["user", "add", "--email", "short.pw@example.org", "--name", "S", "--role", "manager"],
                           env_extra={"PASSERELLE_PASSWORD": "short"})
    ctx.check(rc != 0 and "12" in err, "user add with a short password fails", (rc, out, err))
    rc, out, err = ctx.cli(["user", "add", "--email", "bad.role@example.org", "--name", "B", "--role", "king"],
                           env_extra={"PASSERELLE_PASSWORD": "cli-password-123"})
    ctx.check(rc != 0, "user add with an unknown role fails", (rc, out, err))
    rc, out, err = ctx.cli(["user", "add", "--email", "stdin.pw@example.org", "--name", "Stdin", "--role",
                            "auditor"], input_text="stdin-password-42\n")
    ctx.check(rc == 0, "user add reads the password from standard input", out + err)
    r, _ = ctx.sign_in("stdin.pw@example.org", "stdin-password-42")
    ctx.status(r, 201, "user added with a password on stdin signs in")
    rc, out, err = ctx.cli(["user", "list"])
    ctx.check(rc == 0 and email in out, "user list shows the new user", out[-500:] + err)
    rc, out, err = ctx.cli(["user", "set-role", email, "--role", "advisor", "--region", "3"])
    ctx.check(rc == 0, "user set-role exits 0", out + err)
    rc, out, err = ctx.cli(["user", "list", "--role", "advisor"])
    ctx.check(rc == 0 and email in out, "user list --role advisor shows the user", out[-500:] + err)
    ctx.eq(ctx.q1("SELECT role || ':' || region_id FROM users WHERE email = ?", (email,)), "advisor:3",
           "role and region stored")
    rc, out, err = ctx.cli(["user", "set-role", email, "--role", "sponsor"])
    ctx.check(rc != 0, "set-role sponsor without --org fails", (rc, out, err))
    rc, out, err = ctx.cli(["user", "set-role", email, "--role", "client"])
    ctx.check(rc != 0 and "person_id" in err, "set-role client for a user without a person fails", (rc, out, err))
    rc, out, err = ctx.cli(["user", "set-role", "nobody@example.org", "--role", "manager"])
    ctx.check(rc != 0, "set-role of an unknown email fails", (rc, out, err))
    r, _ = ctx.sign_in(email, "cli-password-123")
    ctx.status(r, 201, "CLI user signs in through the API")
    rc, out, err = ctx.cli(["user", "reset-password", email], env_extra={"PASSERELLE_PASSWORD": "new-cli-pass-456"})
    ctx.check(rc == 0, "user reset-password exits 0", out + err)
    r, _ = ctx.sign_in(email, "cli-password-123")
    ctx.problem(r, "auth-failed", "old password refused after reset-password")
    r, tok = ctx.sign_in(email, "new-cli-pass-456")
    ctx.status(r, 201, "new password accepted after reset-password")
    me = ctx.request("GET", "/api/v1/me", token=tok)
    ctx.check(me.status == 200 and me.json.get("role") == "advisor" and me.json.get("region_id") == 3,
              "/me reflects set-role", me)


def test_backup_and_audit(ctx):
    dest = os.path.join(ctx.tmp, "backup-1.db")
    rc, out, err = ctx.cli(["backup", dest])
    ctx.check(rc == 0 and os.path.exists(dest), "backup FILE exits 0 and writes the file", out + err)
    if rc == 0:
        c = sqlite3.connect(dest)
        try:
            ctx.eq(c.execute("PRAGMA integrity_check").fetchone()[0], "ok", "backup copy passes integrity_check")
            n = c.execute("SELECT count(*) FROM persons").fetchone()[0]
        finally:
            c.close()
        ctx.eq(n, ctx.q1("SELECT count(*) FROM persons"), "backup holds every person")
    size = os.path.getsize(dest) if os.path.exists(dest) else -1
    rc, out, err = ctx.cli(["backup", dest])
    ctx.check(rc != 0 and "exists" in err, "backup to an existing file fails", (rc, out, err))
    ctx.eq(os.path.getsize(dest) if os.path.exists(dest) else -1, size, "existing file left untouched")
    rc, out, err = ctx.cli(["audit", "verify"])
    ctx.check(rc == 0 and "intact" in out, "audit verify exits 0 on the live database", out + err)
    rc, out, err = ctx.cli(["audit", "verify"], db=dest)
    ctx.check(rc == 0, "audit verify exits 0 on the backup", out + err)
    # Tamper with one event of the copy.
    c = sqlite3.connect(dest)
    try:
        ids = [r[0] for r in c.execute("SELECT id FROM events ORDER BY id")]
        victim = ids[len(ids) // 2]
        # Someone with the file can drop the append-only triggers; the hash chain still tells.
        for (trig,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")\
                .fetchall():
            c.execute('DROP TRIGGER "%s"' % trig.replace('"', '""'))
        # A payload no event has: '{}' is some events' real payload (sign-ins), so writing it
        # could change nothing.
        c.execute("UPDATE events SET payload = '{\"tampered\":1}' WHERE id = ?", (victim,))
        c.commit()
    finally:
        c.close()
    rc, out, err = ctx.cli(["audit", "verify"], db=dest)
    ctx.check(rc != 0, "audit verify exits non-zero after tampering", (rc, out, err))
    ctx.check(re.search(r"\bevent %d\b" % victim, out + err) is not None,
              "audit verify names the tampered event %d" % victim, out + err)
    rc, out, err = ctx.cli(["audit", "verify"])
    ctx.check(rc == 0, "the live database is still intact", out + err)


PERSONS_CSV = ("given_name,family_name,birth_date,language,email,region_code,confirm_not_duplicate\n"
               "Céline,Import-Ligne-Deux,1992-02-02,fr,celine.import@example.org,EASTERN,true\n"
               "Omar,Import-Ligne-Trois,1993-03-03,en,,CENTRAL,true\n"
               "\"Anne-Marie\",\"Import, Ligne Quatre\",1994-04-04,fr,,NORTHERN,true\n")


def test_import_export(ctx):
    ctx.pii.update(["Import-Ligne-Deux", "Import-Ligne-Trois", "celine.import@example.org", "Import, Ligne Quatre"])
    good = os.path.join(ctx.tmp, "persons.csv")
    with open(good, "w", encoding="utf-8") as f:
        f.write(PERSONS_CSV)
    before = ctx.counts()
    rc, out, err = ctx.cli(["import", "persons", good, "--dry-run"])
    ctx.check(rc == 0 and "3" in out, "import --dry-run exits 0 and reports 3 rows", out + err)
    ctx.eq(ctx.counts(), before, "import --dry-run writes nothing")
    lines = PERSONS_CSV.splitlines()
    bad = os.path.join(ctx.tmp, "persons-bad.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:2] + ["Bad,Import-Mauvaise,1990-13-45,fr,,EASTERN,true"] + lines[2:]) + "\n")
    rc, out, err = ctx.cli(["import", "persons", bad])
    ctx.check(rc != 0, "import with one bad line exits non-zero", (rc, out, err))
    ctx.check(re.search(r"\bline 3\b", out + err) is not None and "birth_date" in out + err,
              "the report names line 3 and its column", out + err)
    ctx.eq(ctx.counts(), before, "import with one bad line writes nothing")
    rc, out, err = ctx.cli(["import", "persons", good])
    ctx.check(rc == 0 and "3" in out, "import exits 0", out + err)
    after = ctx.counts()
    ctx.eq(after["persons"] - before["persons"], 3, "import created 3 persons")
    ctx.eq(ctx.q1("SELECT family_name FROM persons WHERE given_name = 'Anne-Marie' AND family_name LIKE 'Import%'"),
           "Import, Ligne Quatre", "quoted CSV cell imported verbatim")
    rc, out, err = ctx.cli(["import", "persons", os.path.join(ctx.tmp, "missing.csv")])
    ctx.check(rc != 0 and "missing.csv" in err, "import of a missing file fails naming it", (rc, err))
    rc, out, err = ctx.cli(["export", "agreements"])
    ctx.check(rc == 0, "export agreements exits 0", err)
    rows = list(csv.reader(io.StringIO(out)))
    ctx.check(rows and "id" in rows[0] and "state" in rows[0], "export prints a CSV header", rows[:1])
    ctx.eq(len(rows) - 1, ctx.q1("SELECT count(*) FROM cases"), "one CSV line per agreement")
    ctx.check(all(len(r) == len(rows[0]) for r in rows), "every line has every column")
    ev = ctx.q1("SELECT count(*) FROM events WHERE type = 'export.completed'")
    ctx.check(ev >= 1, "the export is recorded in the audit trail", ev)
    rc, out, err = ctx.cli(["export", "persons"])
    head = next(csv.reader(io.StringIO(out)), [])
    ctx.check(rc == 0 and "sin" not in head and "self_identification" not in head,
              "persons export has no SIN nor self-identification column", head)
    rc, out, err = ctx.cli(["export", "widgets"])
    ctx.check(rc != 0, "export of an unknown kind fails", (rc, out, err))


def serve_expecting_exit(ctx, args, what):
    """Runs serve that must refuse to start; returns (rc, stderr). Kills it (by pid) if it serves."""
    p = subprocess.Popen([ctx.binary, "serve", "--port", "0"] + args, env=ctx.env, cwd=ctx.tmp,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        out, err = p.communicate(timeout=START_TIMEOUT)
        ctx.check(False, "%s: serve should have exited" % what, out.decode(errors="replace"))
    err = err.decode("utf-8", "replace")
    ctx.sanitizer_findings(err, what)
    return p.returncode, out.decode("utf-8", "replace"), err


def test_programs_dir(ctx):
    broken = os.path.join(ctx.tmp, "programs-broken")
    os.makedirs(broken, exist_ok=True)
    src = os.path.join(REPO, "programs", "apprenticeship.json")
    with open(src, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(broken, "apprenticeship.json"), "w", encoding="utf-8") as f:
        f.write(text[: len(text) // 2])   # cut in the middle: not JSON
    rc, out, err = serve_expecting_exit(ctx, ["--programs-dir", broken], "broken program file")
    ctx.check(rc not in (0, None), "serve with a broken program file exits non-zero", (rc, out, err))
    ctx.check("apprenticeship.json" in err, "the message names the broken file", err)
    ctx.check("listening" not in out, "serve did not listen", out)
    # A valid copy of the program directory serves (and stops cleanly).
    good = os.path.join(ctx.tmp, "programs-good")
    os.makedirs(good, exist_ok=True)
    shutil.copy(src, good)
    s = Server(ctx, "programs-dir", ["--programs-dir", good]).start()
    r = ctx.request("GET", "/api/v1/programs", server=s)
    ctx.check(r.status == 200 and r.json["items"][0]["id"] == "apprenticeship", "serve with --programs-dir", r)
    rc = s.stop()
    ctx.check(rc == 0, "that server exits 0 on SIGTERM", "rc=%s %s" % (rc, s.stderr()[-2000:]))
    # Configuration errors are reported, not crashed on.
    env_bad = {"PASSERELLE_FIELD_KEY": "abc"}
    p = subprocess.run([ctx.binary, "serve", "--port", "0"], env=dict(ctx.env, **env_bad), cwd=ctx.tmp,
                       capture_output=True, timeout=START_TIMEOUT)
    ctx.sanitizer_findings(p.stderr.decode("utf-8", "replace"), "serve with a short field key")
    ctx.check(p.returncode not in (0, None) and b"field_key" in p.stderr, "serve refuses a short field key",
              p.stderr.decode(errors="replace"))


TESTS = [test_help_and_version, test_user_verbs, test_backup_and_audit, test_import_export, test_programs_dir]
