#!/usr/bin/env python3
"""API test suite of passerelle.

    python3 tests/api/run.py --binary build/passerelle [--only auth,errors] [--keep]

Creates a temporary directory, migrates and seeds a database there, starts
`passerelle serve --port 0`, runs the test modules in order, stops the server(s) with SIGTERM
(a non-zero exit, e.g. an AddressSanitizer leak report, is a failure), checks that no personal
data sent by the tests reached the server's log, and prints `N passed, N failed` (N = checks).
Exit status: 0 when every check passed.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import Ctx, Server, SEED_ACCOUNTS  # noqa: E402

MODULES = ["pages_frame", "auth", "registry", "agreements", "errors", "matrix", "openapi", "idempotency", "durability",
           "cli", "pages_client", "pages_public", "pages_sponsor", "pages_case", "network", "locator", "contacts", "points",
           "segments", "schedules", "credentials", "pages_manage", "exams", "pages_certs",
           "interop", "pages_exams"]  # interop: the independent JavaScript verifier (tests/interop)


def setup(ctx):
    rc, out, err = ctx.cli(["migrate"])
    if not ctx.check(rc == 0, "migrate exits 0", err):
        return False
    rc, out, err = ctx.cli(["seed", "--persons", "120", "--quiet"], timeout=300)
    if not ctx.check(rc == 0, "seed --persons 120 exits 0", err):
        return False
    rows = dict(ctx.q("SELECT email, role FROM users"))
    for email, role in SEED_ACCOUNTS.items():
        ctx.check(rows.get(email) == role, "demo account %s exists with role %s" % (email, role),
                  rows.get(email))
    ctx.check(ctx.q1("SELECT count(*) FROM persons") >= 120, "seed created 120 persons")
    ctx.server = Server(ctx, "main").start()
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/passerelle")
    ap.add_argument("--only", default="", help="comma-separated modules (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        print("no executable at %s" % args.binary, file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    mods = [m for m in (args.only.split(",") if args.only else MODULES) if m]
    tmp = tempfile.mkdtemp(prefix="passerelle-api-")
    ctx = Ctx(args.binary, tmp)
    t0 = time.monotonic()
    ctx.current = "setup"
    ok = False
    try:
        ok = setup(ctx)
    except Exception:  # noqa: BLE001
        ctx.check(False, "setup raised an exception", traceback.format_exc())
    if ok:
        for name in mods:
            try:
                mod = __import__("test_" + name)
            except Exception:  # noqa: BLE001
                ctx.current = name
                ctx.check(False, "cannot import test_%s" % name, traceback.format_exc())
                continue
            harness.run_tests(ctx, name, mod.TESTS)
            if ctx.server is None or not ctx.server.alive():
                ctx.current = name
                ctx.check(False, "the server is still running after test_%s" % name,
                          ctx.server.stderr()[-3000:] if ctx.server else None)
                try:
                    ctx.server = Server(ctx, "after-" + name).start()
                    ctx.sessions.clear()
                except Exception:  # noqa: BLE001
                    ctx.check(False, "cannot restart the server", traceback.format_exc())
                    break
    # Teardown: every server still running is stopped with SIGTERM and must exit 0.
    ctx.current = "teardown"
    for s in ctx.servers:
        if s.alive():
            rc = s.stop()
            ctx.check(rc == 0, "server %s exits 0 on SIGTERM" % s.name, "rc=%s\n%s" % (rc, s.stderr()[-4000:]))
    for s in ctx.servers:
        ctx.sanitizer_findings(s.stderr(), "server %s" % s.name)
    # No personal data sent by the tests may appear in any server's log or standard output.
    leaks = []
    for s in ctx.servers:
        text = s.stderr() + s.stdout()
        for p in sorted(ctx.pii):
            if p and p in text:
                leaks.append((s.name, p))
    ctx.check(not leaks, "server logs hold no personal data sent by the tests (%d strings checked)"
              % len(ctx.pii), leaks[:10])
    dt = time.monotonic() - t0
    if args.keep or ctx.failed:
        print("temporary directory kept: %s" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print("suite time %.1fs" % dt)
    print("%d passed, %d failed" % (ctx.passed, ctx.failed))
    return 0 if ctx.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
