"""Interoperability: an independent verifier (Digital Bazaar's vc, data-integrity with the
eddsa-jcs-2022 cryptosuite and the Bitstring Status List library, pinned in
tests/interop/package-lock.json) checks credentials the running server issued, fully offline:
tests/interop/verify.mjs is handed the credential, the DID document, our JSON-LD context and the
status lists, all fetched here from the test server and given under their official URLs (the
configured public URL, not the test server's address); any other URL is refused. Valid (each
kind), one changed character, a status list with a broken signature or a hidden bit, suspended,
reinstated and revoked, and a key not listed for assertion. The credential and its lists must
also expand as JSON-LD in safe mode with our context (eddsa-jcs-2022 itself never reads it).
verifyCredential says "verified" for a suspended or revoked credential, so the status bits are
checked here, as any relying party must. Without node or the installed packages these checks
fail; they are never skipped."""
import base64
import gzip
import json
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INTEROP = os.path.join(ROOT, "tests", "interop")
VERIFY = os.path.join(INTEROP, "verify.mjs")
PACKAGES = ("@digitalbazaar/vc", "@digitalbazaar/data-integrity", "@digitalbazaar/eddsa-jcs-2022-cryptosuite",
            "@digitalbazaar/vc-bitstring-status-list", "@digitalbazaar/security-document-loader", "jsonld")
BASE = "http://localhost:8080"   # the default public URL: the documents' official addresses
CONTEXT_URL = BASE + "/contexts/trade-credential/v1"


def tools_ready(ctx):
    """node and the pinned packages are there; otherwise one failure that says what to do."""
    node = shutil.which("node")
    missing = [p for p in PACKAGES if not os.path.isfile(os.path.join(INTEROP, "node_modules", p, "package.json"))]
    ok = ctx.check(node is not None, "node is needed for the interoperability test (Debian: apt-get install nodejs)")
    ok = ctx.check(not missing, "the verifier's packages are not installed: run "
                   "`cd tests/interop && npm ci --no-audit --no-fund --ignore-scripts` (or scripts/setup-debian.sh)",
                   missing) and ok
    return ok


def official_path(ctx, url):
    """The test server's path for a document published under the public URL."""
    ctx.check(url.startswith(BASE + "/"), "published under the public URL", url)
    return url[len(BASE):]


def fetch_json(ctx, path, what):
    r = ctx.api("GET", path, as_="exam_admin")
    ctx.status(r, 200, what)
    return json.loads(r.text)


def status_lists(ctx, vc):
    """Every status list the credential points to, fetched now, keyed by its official URL."""
    lists = {}
    for e in vc["credentialStatus"]:
        url = e["statusListCredential"]
        lists[url] = fetch_json(ctx, official_path(ctx, url), "status list " + url)
    return lists


def run_verifier(ctx, vc, lists=None, name="input", did=None):
    """verify.mjs on vc with the documents published now (or the lists or DID document given).
    Its JSON result, or None (a failure is recorded) when it did not run properly."""
    doc = {
        "credential": vc,
        "did_document": fetch_json(ctx, "/.well-known/did.json", "DID document") if did is None else did,
        "context_url": CONTEXT_URL,
        "context": fetch_json(ctx, official_path(ctx, CONTEXT_URL), "JSON-LD context"),
        "status_lists": status_lists(ctx, vc) if lists is None else lists,
    }
    path = os.path.join(ctx.tmp, "interop-%s.json" % name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    try:
        p = subprocess.run(["node", VERIFY, path], capture_output=True, timeout=120, cwd=INTEROP)
    except (OSError, subprocess.TimeoutExpired) as e:
        ctx.check(False, "the JavaScript verifier runs", repr(e))
        return None
    out = p.stdout.decode("utf-8", "replace").strip().splitlines()
    if not ctx.check(p.returncode == 0 and out, "the JavaScript verifier runs and answers (%s)" % name,
                     (p.returncode, p.stdout.decode("utf-8", "replace")[-1500:],
                      p.stderr.decode("utf-8", "replace")[-1500:])):
        return None
    try:
        return json.loads(out[-1])
    except ValueError:
        ctx.check(False, "the verifier prints JSON (%s)" % name, out[-1])
        return None


def accepted(res):
    """What a relying party concludes: a verified proof and status, and no status bit set."""
    return (res["verified"] and res["proof_ok"] and res["status_verified"] is True
            and res["status"] == {"revocation": False, "suspension": False})


def expect_valid(ctx, vc, what, lists=None, name="valid"):
    res = run_verifier(ctx, vc, lists, name)
    if res is None:
        return
    ctx.check(accepted(res), "%s: the independent verifier accepts it" % what, res)
    ctx.eq(res["errors"], [], "%s: no error" % what)
    ctx.check(res["jsonld_ok"], "%s: the credential and its lists are sound JSON-LD (every term defined)" % what,
              res["jsonld_errors"])
    # It did check what it had to: the signing key and both status lists, through the loader.
    loaded = set(res["loaded"])
    ctx.check(vc["proof"]["verificationMethod"] in loaded, "%s: the key was taken from the DID document" % what,
              res["loaded"])
    ctx.check(all(e["statusListCredential"] in loaded for e in vc["credentialStatus"]),
              "%s: both status lists were read" % what, res["loaded"])
    ctx.check(CONTEXT_URL in loaded, "%s: our context was used" % what, res["loaded"])


def a_credential(ctx, kind=None):
    """A valid, unexpired certificate (of a kind) and its stored credential."""
    sql = ("SELECT id, credential FROM certificates WHERE status = 'valid' "
           "AND (expires_on IS NULL OR expires_on > date('now', '+1 day'))")
    args = []
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    rows = ctx.q(sql + " ORDER BY id DESC", tuple(args))
    return rows[0] if rows else (None, None)


def download(ctx, cid):
    """The credential as the API serves it (application/vc), parsed."""
    pid = ctx.q1("SELECT public_id FROM certificates WHERE id = ?", (cid,))
    r = ctx.api("GET", "/api/v1/credentials/" + pid, as_="exam_admin")
    ctx.status(r, 200, "credential download")
    ctx.eq(r.headers.get("content-type"), "application/vc", "application/vc")
    return json.loads(r.text)


def zeroed(encoded):
    """An encodedList of the same length with every bit clear."""
    raw = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    n = len(gzip.decompress(base64.urlsafe_b64decode(raw)))
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(n))).decode("ascii").rstrip("=")


def test_valid_credentials(ctx):
    """One credential of each kind the server issues verifies, status included."""
    if not tools_ready(ctx):
        return
    kinds = [k for (k,) in ctx.q("SELECT DISTINCT kind FROM certificates ORDER BY kind")]
    # Certificates of apprenticeship come with the seeded completed agreements; qualifications
    # (with validUntil and an endorsement) wherever the demo has passed exams.
    ctx.check("apprenticeship" in kinds, "the demo has certificates of apprenticeship", kinds)
    for kind in kinds:
        cid, _ = a_credential(ctx, kind)
        if not ctx.check(cid is not None, "a valid %s certificate" % kind):
            continue
        vc = download(ctx, cid)
        expect_valid(ctx, vc, "a %s certificate" % kind, name="valid-" + kind)


def test_tampered(ctx):
    if not tools_ready(ctx):
        return
    cid, _ = a_credential(ctx)
    vc = download(ctx, cid)
    name = vc["credentialSubject"]["familyName"]
    vc["credentialSubject"]["familyName"] = name[:-1] + ("x" if name[-1] != "x" else "y")
    res = run_verifier(ctx, vc, name="tampered")
    if res is not None:
        ctx.eq((res["verified"], res["proof_ok"]), (False, False), "one changed character: rejected", res)
        ctx.check(res["errors"], "and an error says why", res)
    # Any signed member: here the certificate number.
    vc = download(ctx, cid)
    cert = vc["credentialSubject"]["certificate"]
    cert["certificateNumber"] = cert["certificateNumber"][:-1] + ("7" if cert["certificateNumber"][-1] != "7" else "8")
    res = run_verifier(ctx, vc, name="tampered-number")
    if res is not None:
        ctx.eq((res["verified"], res["proof_ok"]), (False, False), "a changed certificate number: rejected", res)


def test_key_not_for_assertion(ctx):
    """The key must be listed for assertion by the issuer's DID document (issuer = controller)."""
    if not tools_ready(ctx):
        return
    cid, _ = a_credential(ctx)
    vc = download(ctx, cid)
    did = fetch_json(ctx, "/.well-known/did.json", "DID document")
    vm = vc["proof"]["verificationMethod"]
    did["assertionMethod"] = [k for k in did["assertionMethod"] if k != vm]
    res = run_verifier(ctx, vc, did=did, name="key-not-asserting")
    if res is not None:
        ctx.eq((res["verified"], res["proof_ok"]), (False, False), "a key not listed for assertion: rejected", res)


def test_broken_status_lists(ctx):
    """A status list whose signature does not hold, or which is missing, never lets a credential pass."""
    if not tools_ready(ctx):
        return
    cid, _ = a_credential(ctx)
    vc = download(ctx, cid)
    lists = status_lists(ctx, vc)
    url = [e["statusListCredential"] for e in vc["credentialStatus"] if e["statusPurpose"] == "revocation"][0]
    broken = json.loads(json.dumps(lists))
    pv = broken[url]["proof"]["proofValue"]
    broken[url]["proof"]["proofValue"] = pv[:-2] + ("1" if pv[-2] != "1" else "2") + pv[-1]
    res = run_verifier(ctx, vc, broken, "broken-list-signature")
    if res is not None:
        ctx.check(not accepted(res) and res["verified"] is False, "a status list with a broken signature: rejected",
                  res)
        ctx.eq(res["proof_ok"], True, "though the credential's own proof holds")
        ctx.eq(res["status_verified"], False, "the status is what failed")
    # The list's issuer must be the credential's issuer: a list re-issued under another name fails
    # its signature as well as the issuer match.
    other = json.loads(json.dumps(lists))
    other[url]["issuer"] = "did:web:attacker.example"
    res = run_verifier(ctx, vc, other, "list-other-issuer")
    if res is not None:
        ctx.check(not accepted(res), "a status list from another issuer: rejected", res)
    missing = {u: d for u, d in lists.items() if u != url}
    res = run_verifier(ctx, vc, missing, "list-missing")
    if res is not None:
        ctx.check(not accepted(res) and res["verified"] is False, "a status list not at hand: rejected", res)
        ctx.check(any("not available offline" in e for e in res["errors"]), "and nothing was fetched instead",
                  res["errors"])


def test_status_changes(ctx):
    """Suspended, reinstated, revoked: the credential's proof still holds, and the bit says it."""
    if not tools_ready(ctx):
        return
    cid, _ = a_credential(ctx)
    vc = download(ctx, cid)
    base = "/api/v1/certificates/%d/" % cid
    r = ctx.api("POST", base + "suspend", {"reason": "Interoperability check"}, as_="exam_admin")
    ctx.status(r, 200, "suspended")
    res = run_verifier(ctx, vc, name="suspended")
    if res is not None:
        # The library's own "verified" stays true: only the status result tells.
        ctx.eq((res["proof_ok"], res["status_verified"]), (True, True), "suspended: proof and lists verify", res)
        ctx.eq(res["status"], {"revocation": False, "suspension": True}, "suspended: the suspension bit is set", res)
        ctx.check(not accepted(res), "a suspended credential is not accepted")

    r = ctx.api("POST", base + "reinstate", {"reason": "Cleared"}, as_="exam_admin")
    ctx.status(r, 200, "reinstated")
    expect_valid(ctx, vc, "reinstated", name="reinstated")

    r = ctx.api("POST", base + "revoke", {"reason": "Interoperability check"}, as_="exam_admin")
    ctx.status(r, 200, "revoked")
    lists = status_lists(ctx, vc)
    res = run_verifier(ctx, vc, lists, "revoked")
    if res is not None:
        ctx.eq((res["proof_ok"], res["status_verified"]), (True, True), "revoked: proof and lists verify", res)
        ctx.eq(res["status"], {"revocation": True, "suspension": False}, "revoked: the revocation bit is set", res)
        ctx.check(not accepted(res), "a revoked credential is not accepted")

    # Hiding the revocation: the published list with every bit cleared but its proof kept.
    url = [e["statusListCredential"] for e in vc["credentialStatus"] if e["statusPurpose"] == "revocation"][0]
    forged = json.loads(json.dumps(lists))
    subj = forged[url]["credentialSubject"]
    subj["encodedList"] = zeroed(subj["encodedList"])
    res = run_verifier(ctx, vc, forged, "revocation-hidden")
    if res is not None:
        ctx.check(not accepted(res) and res["status_verified"] is False,
                  "a revocation hidden by an altered list: rejected", res)


TESTS = [test_valid_credentials, test_tampered, test_key_not_for_assertion, test_broken_status_lists,
         test_status_changes]
