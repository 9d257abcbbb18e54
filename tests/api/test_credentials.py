"""Certificates as verifiable credentials: the public documents a verifier needs (DID document,
JSON-LD context, signed status lists), certificates of apprenticeship issued by the engine on
completion, who may download a credential, suspension / reinstatement / revocation with the
status lists' bits checked here from the published encodedList, the offline verifier on what the
server issued (valid, one changed character, suspended, revoked), renewal refusals, the public
register and its per-address rate limit."""
import base64
import datetime
import gzip
import json
import os
import re
import subprocess
from zoneinfo import ZoneInfo

from harness import ROLE_ACCOUNT, Server

DEFAULT_DID = "did:web:localhost%3A8080"
BASE = "http://localhost:8080"


def bit(encoded, index):
    """Bit `index` of a Bitstring Status List encodedList ("u" + base64url(gzip(bits)), MSB first)."""
    assert encoded[0] == "u"
    raw = encoded[1:]
    raw += "=" * (-len(raw) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(raw))
    return (bits[index // 8] >> (7 - index % 8)) & 1, len(bits) * 8


def status_list(ctx, purpose, n):
    r = ctx.api("GET", "/status/%s/%d" % (purpose, n))
    ctx.status(r, 200, "status list %s/%d" % (purpose, n))
    return json.loads(r.text)


def client_person(ctx):
    return ctx.q1("SELECT person_id FROM users WHERE email = ?", (ROLE_ACCOUNT["client"],))


def a_certificate(ctx, person_id=None):
    """A certificate id: the demo client's when they hold one, else any valid one."""
    if person_id is not None:
        row = ctx.q("SELECT id FROM certificates WHERE person_id = ? AND status = 'valid' ORDER BY id LIMIT 1",
                    (person_id,))
        if row:
            return row[0][0]
    return ctx.q1("SELECT id FROM certificates WHERE status = 'valid' ORDER BY id LIMIT 1")


def test_public_documents(ctx):
    r = ctx.api("GET", "/.well-known/did.json")
    ctx.status(r, 200, "DID document")
    ctx.eq(r.headers.get("content-type"), "application/did+json", "DID document media type")
    did = json.loads(r.text)
    ctx.eq(did["id"], DEFAULT_DID, "the issuer is did:web of the public URL")
    ctx.eq(did["@context"], ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
           "DID contexts")
    keys = ctx.q("SELECT key_id, public_multibase FROM signing_keys ORDER BY id")
    ctx.check(len(keys) >= 1, "the demo has a signing key")
    ctx.eq([vm["id"] for vm in did["verificationMethod"]], ["%s#%s" % (DEFAULT_DID, k) for k, _ in keys],
           "every key is listed")
    for vm in did["verificationMethod"]:
        ctx.eq(vm["type"], "Multikey", "Multikey")
        ctx.eq(vm["controller"], DEFAULT_DID, "controller is the issuer")
        ctx.check(re.fullmatch(r"z6Mk[1-9A-HJ-NP-Za-km-z]{44}", vm["publicKeyMultibase"]) is not None,
                  "Ed25519 Multikey", vm["publicKeyMultibase"])
    ctx.eq(did["assertionMethod"], [vm["id"] for vm in did["verificationMethod"]], "all keys assert")
    ctx.check("seed" not in r.text and "secret" not in r.text.lower(), "no secret in the DID document")

    r = ctx.api("GET", "/contexts/trade-credential/v1")
    ctx.status(r, 200, "context")
    ctx.eq(r.headers.get("content-type"), "application/ld+json", "context media type")
    c = json.loads(r.text)["@context"]
    for term in ("TradeCertificateCredential", "TradePerson", "CertificateOfQualification",
                 "CertificateOfApprenticeship", "RedSealEndorsement", "certificate", "certificateNumber",
                 "trade", "tradeCode", "jurisdiction", "endorsement", "givenName", "familyName"):
        ctx.check(term in c, "context defines %s" % term)
    ctx.eq(c.get("@protected"), True, "protected terms")

    # Every term a credential uses is defined by the VC 2.0 context or ours.
    cred = json.loads(ctx.q1("SELECT credential FROM certificates ORDER BY id LIMIT 1"))
    used = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if not k.startswith("@"):
                    used.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(cred["credentialSubject"])
    v2_terms = {"id", "type", "name", "description"}
    ctx.eq(sorted(t for t in used if t not in c and t not in v2_terms), [], "no undefined term")

    lists = ctx.q("SELECT purpose, list_no FROM status_lists ORDER BY purpose, list_no")
    ctx.check(("revocation", 1) in lists and ("suspension", 1) in lists, "list pair 1 exists", lists)
    for purpose, n in lists:
        sl = status_list(ctx, purpose, n)
        ctx.eq(sl["type"], ["VerifiableCredential", "BitstringStatusListCredential"], "list type")
        ctx.eq(sl["issuer"], DEFAULT_DID, "list issuer")
        ctx.eq(sl["id"], "%s/status/%s/%d" % (BASE, purpose, n), "list id")
        subj = sl["credentialSubject"]
        ctx.eq(subj["statusPurpose"], purpose, "list purpose")
        _, nbits = bit(subj["encodedList"], 0)
        ctx.check(nbits >= 131072, "at least 131,072 entries", nbits)
        ctx.eq(sl["proof"]["cryptosuite"], "eddsa-jcs-2022", "list signed with eddsa-jcs-2022")
        ctx.eq(sl["proof"]["proofPurpose"], "assertionMethod", "assertion")
    ctx.status(ctx.api("GET", "/status/revocation/999"), 404, "unknown list")
    ctx.status(ctx.api("GET", "/status/other/1"), 404, "unknown purpose")
    ctx.status(ctx.api("GET", "/api/v1/credentials/nosuchcertificate0000"), 404, "unknown credential")


def test_apprenticeship_certificates(ctx):
    """The engine issued one Certificate of Apprenticeship per person and trade completed."""
    completed = set(ctx.q("SELECT DISTINCT person_id, trade_code FROM cases "
                          "WHERE program = 'apprenticeship' AND state = 'completed'"))
    issued = set(ctx.q("SELECT person_id, trade_code FROM certificates WHERE kind = 'apprenticeship'"))
    ctx.check(len(completed) > 0, "the demo has completed agreements")
    ctx.eq(issued, completed, "one certificate of apprenticeship per completed person and trade")
    rows = ctx.q("SELECT c.number, c.public_id, c.credential, c.list_no, c.status_index, p.given_name, "
                 "p.family_name, c.trade_code, c.case_id FROM certificates c JOIN persons p ON p.id = c.person_id "
                 "WHERE c.kind = 'apprenticeship'")
    seen_idx = set()
    for number, pid, text, list_no, idx, given, family, trade, case_id in rows:
        ctx.check(re.fullmatch(r"CA-[0-9]{3}[A-Z]{0,2}-[0-9]{6}", number) is not None, "number format", number)
        ctx.check(re.fullmatch(r"[a-z2-7]{21}", pid) is not None, "public id: 21 base32 characters", pid)
        ctx.check((list_no, idx) not in seen_idx, "status index unique")
        seen_idx.add((list_no, idx))
        vc = json.loads(text)
        ctx.eq(vc["@context"], ["https://www.w3.org/ns/credentials/v2", BASE + "/contexts/trade-credential/v1"],
               "contexts, v2 first")
        ctx.eq(vc["type"], ["VerifiableCredential", "TradeCertificateCredential"], "credential type")
        ctx.eq(vc["issuer"]["id"], DEFAULT_DID, "issuer")
        ctx.eq(vc["id"], "%s/api/v1/credentials/%s" % (BASE, pid), "credential id")
        s = vc["credentialSubject"]
        ctx.eq((s["givenName"], s["familyName"]), (given, family), "holder's names")
        ctx.eq(s["certificate"]["certificateNumber"], number, "number in the credential")
        ctx.eq(s["certificate"]["tradeCode"], trade, "trade in the credential")
        ctx.eq(s["certificate"]["type"], "CertificateOfApprenticeship", "kind in the credential")
        ctx.check("validUntil" not in vc, "a certificate of apprenticeship does not expire")
        ctx.eq([e["statusListIndex"] for e in vc["credentialStatus"]], [str(idx), str(idx)],
               "same index in both lists, as a string")
        ctx.eq([e["statusPurpose"] for e in vc["credentialStatus"]], ["revocation", "suspension"], "purposes")
        ctx.check(re.fullmatch(r"z[1-9A-HJ-NP-Za-km-z]{86,88}", vc["proof"]["proofValue"]) is not None,
                  "proofValue is base58btc of 64 bytes")
        ctx.eq(vc["proof"]["@context"], vc["@context"], "proof context copies the document's")
        ctx.check(vc["proof"]["verificationMethod"].startswith(DEFAULT_DID + "#key-"), "signed by our key")
        ctx.check(ctx.q1("SELECT count(*) FROM events WHERE entity = 'certificate' AND type = 'certificate.issued' "
                         "AND case_id = ?", (case_id,)) == 1, "issuance audited with its case")
    ctx.check(len(seen_idx) == len(rows), "indexes distinct")


def test_access(ctx):
    me = client_person(ctx)
    r = ctx.api("GET", "/api/v1/me/certificates", as_="client")
    ctx.status(r, 200, "my certificates")
    mine = r.json["items"]
    ctx.eq(sorted(c["id"] for c in mine),
           sorted(x[0] for x in ctx.q("SELECT id FROM certificates WHERE person_id = ?", (me,))),
           "exactly the client's certificates")
    cid = a_certificate(ctx, me)
    pid, text, person = ctx.q("SELECT public_id, credential, person_id FROM certificates WHERE id = ?", (cid,))[0]
    holder = person == me
    url = "/api/v1/credentials/" + pid
    if holder:
        r = ctx.api("GET", url, as_="client")
        ctx.status(r, 200, "the holder downloads the credential")
        ctx.eq(r.headers.get("content-type"), "application/vc", "application/vc")
        ctx.eq(r.text, text, "served byte for byte as stored")
    r = ctx.api("GET", url, as_="exam_admin")
    ctx.status(r, 200, "staff download the credential")
    ctx.eq(r.text, text, "same bytes for staff")
    ctx.status(ctx.api("GET", url), 404, "anonymous: a private credential does not exist")
    ctx.status(ctx.api("GET", url, as_="sponsor"), 404, "a sponsor: not theirs")
    if not holder:
        return
    r = ctx.api("PUT", "/api/v1/certificates/%d/public" % cid, {"public": True}, as_="client")
    ctx.status(r, 200, "the holder makes it public")
    ctx.eq(r.json["public"], True, "public now")
    r = ctx.api("GET", url)
    ctx.status(r, 200, "anyone downloads a public credential")
    ctx.eq(r.text, text, "same bytes for anyone")
    r = ctx.api("PUT", "/api/v1/certificates/%d/public" % cid, {"public": "yes"}, as_="client")
    ctx.problem(r, "field-type", "public must be a boolean")
    r = ctx.api("PUT", "/api/v1/certificates/%d/public" % cid, {"public": False}, as_="client")
    ctx.status(r, 200, "private again")
    ctx.status(ctx.api("GET", url), 404, "private again for anyone")
    ctx.status(ctx.api("PUT", "/api/v1/certificates/%d/public" % cid, {"public": True}, as_="advisor"), 403,
               "only the holder decides")
    ctx.check(ctx.q1("SELECT count(*) FROM events WHERE type = 'certificate.visibility' AND entity_id = ?",
                     (cid,)) == 2, "visibility changes audited")
    r = ctx.api("GET", "/api/v1/certificates/%d" % cid, as_="client")
    ctx.status(r, 200, "the holder reads the certificate")
    other = ctx.q1("SELECT id FROM certificates WHERE person_id <> ? ORDER BY id LIMIT 1", (me,))
    ctx.status(ctx.api("GET", "/api/v1/certificates/%d" % other, as_="client"), 404, "another's: 404")
    r = ctx.api("GET", "/api/v1/persons/%d/certificates" % me, as_="advisor")
    ctx.status(r, 200, "staff list a person's certificates")
    ctx.eq(len(r.json["items"]), len(mine), "same list for staff")


def save(ctx, name, text):
    path = os.path.join(ctx.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def verify(ctx, cred_text, lang="en", payload=None):
    """Runs `passerelle verify` on cred_text (or on an offline QR payload of it) with the DID
    document and the status lists fetched now."""
    did = save(ctx, "did.json", ctx.api("GET", "/.well-known/did.json").text)
    vc = json.loads(cred_text)
    target = save(ctx, "cred.json", cred_text) if payload is None else save(ctx, "payload.txt", payload)
    args = ["verify", target, "--did", did, "--lang", lang]
    for i, e in enumerate(vc.get("credentialStatus", [])):
        path_ = e["statusListCredential"][len(BASE):]
        args += ["--status", save(ctx, "status-%d.json" % i, ctx.api("GET", path_).text)]
    rc, out, err = ctx.cli(args)
    return rc, out + err


def decode_qr_codes(ctx, pdf_bytes):
    """Every QR code on every page of a PDF (poppler-utils and zbar-tools)."""
    d = os.path.join(ctx.tmp, "pdf-%d" % len(pdf_bytes))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "cert.pdf")
    with open(path, "wb") as f:
        f.write(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "200", "-png", path, os.path.join(d, "page")], check=True, timeout=120)
    codes = []
    for name in sorted(os.listdir(d)):
        if name.endswith(".png"):
            p = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(d, name)], capture_output=True,
                               timeout=120)
            codes += [c for c in p.stdout.decode("utf-8").split("\n") if c]
    return codes


def test_printable_certificate(ctx):
    """The PDF's QR code opens the verification page; its offline QR holds the whole credential,
    which the verifier accepts from the decoded text alone."""
    cid = ctx.q1("SELECT id FROM certificates WHERE status = 'valid' ORDER BY id LIMIT 1")
    pid, text, number = ctx.q("SELECT public_id, credential, number FROM certificates WHERE id = ?", (cid,))[0]
    r = ctx.api("GET", "/api/v1/credentials/%s/pdf" % pid, as_="exam_admin")
    ctx.status(r, 200, "the printable certificate")
    ctx.eq(r.headers.get("content-type"), "application/pdf", "a PDF")
    ctx.check(r.raw.startswith(b"%PDF-"), "PDF bytes")
    ctx.status(ctx.api("GET", "/api/v1/credentials/%s/pdf" % pid), 404, "anonymous: private certificate")
    codes = decode_qr_codes(ctx, r.raw)
    ctx.eq(len(codes), 2, "two QR codes", codes)
    ctx.check(BASE + "/v/" + pid in codes, "the primary code is the verification address", codes)
    offline = [c for c in codes if c.startswith("VC1:")]
    ctx.eq(len(offline), 1, "one offline code")
    if offline:
        rc, out = verify(ctx, text, payload=offline[0])
        ctx.eq(rc, 0, "the offline code verifies on its own", out)
        ctx.check(number in out or "✓" in out, "the verifier reports its checks", out)
    # The page the primary code opens.
    page = ctx.api("GET", "/v/" + pid, headers={"Accept-Language": "fr-CA"})
    ctx.status(page, 303, "the short address redirects")
    ctx.eq(page.headers.get("location"), "/fr/v/" + pid, "to the page in the browser's language")
    page = ctx.api("GET", "/en/v/" + pid)
    ctx.status(page, 200, "the verification page")
    ctx.check(number in page.text and "This certificate is valid." in page.text, "says valid, with the number")


def test_status_changes(ctx):
    cid = ctx.q1("SELECT id FROM certificates WHERE status = 'valid' AND person_id <> ? ORDER BY id DESC LIMIT 1",
                 (client_person(ctx),))
    list_no, idx, text = ctx.q("SELECT list_no, status_index, credential FROM certificates WHERE id = ?", (cid,))[0]
    rc, out = verify(ctx, text)
    ctx.eq(rc, 0, "the verifier accepts an issued credential", out)

    # One changed character anywhere in the signed content is caught.
    vc = json.loads(text)
    vc["credentialSubject"]["familyName"] = vc["credentialSubject"]["familyName"][:-1] + "x"
    rc, out = verify(ctx, json.dumps(vc))
    ctx.eq(rc, 1, "a changed character fails", out)

    # Online: the DID document and the lists fetched over HTTP (from this test server, which
    # stands in for the public address the credential names).
    here = "http://127.0.0.1:%d" % ctx.server.port
    rc, out, err = ctx.cli(["verify", save(ctx, "cred-online.json", text), "--base", here])
    ctx.eq(rc, 0, "verify --base fetches what it needs and accepts", out + err)
    rc, out, err = ctx.cli(["verify", save(ctx, "cred-online.json", text), "--base", "http://127.0.0.1:1"])
    ctx.eq(rc, 1, "nothing to fetch: the checks that need the issuer fail", out + err)
    ctx.check("cannot fetch" in err, "and says why", err)
    rc, out, err = ctx.cli(["verify", save(ctx, "cred-online.json", text), "--base", "ftp://x"])
    ctx.eq(rc, 2, "--base must be http(s)", err)

    base = "/api/v1/certificates/%d/" % cid
    before = ctx.counts()
    ctx.problem(ctx.api("POST", base + "suspend", {}, as_="exam_admin"), "field-required", "a reason is needed",
                field="reason")
    ctx.eq(ctx.counts(), before, "nothing written")
    ctx.status(ctx.api("POST", base + "suspend", {"reason": "x"}, as_="advisor"), 403, "an advisor may not suspend")
    ctx.problem(ctx.api("POST", base + "reinstate", {"reason": "x"}, as_="exam_admin"), "certificate-status",
                "a valid certificate cannot be reinstated")

    r = ctx.api("POST", base + "suspend", {"reason": "Under investigation"}, as_="exam_admin")
    ctx.status(r, 200, "suspended")
    ctx.eq((r.json["status"], r.json["status_now"], r.json["status_reason"]),
           ("suspended", "suspended", "Under investigation"), "status and reason")
    ctx.eq(bit(status_list(ctx, "suspension", list_no)["credentialSubject"]["encodedList"], idx)[0], 1,
           "suspension bit set")
    ctx.eq(bit(status_list(ctx, "revocation", list_no)["credentialSubject"]["encodedList"], idx)[0], 0,
           "revocation bit clear")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 1, "the verifier rejects a suspended credential", out)
    rc, out2, err = ctx.cli(["verify", save(ctx, "cred-online.json", text), "--base", here])
    ctx.eq(rc, 1, "online too: suspended", out2 + err)
    ctx.check("suspend" in out.lower(), "and says it is suspended", out)
    rc, out = verify(ctx, text, "fr")
    ctx.check("suspendu" in out.lower(), "and says so in French", out)

    r = ctx.api("POST", base + "reinstate", {"reason": "Cleared"}, as_="exam_admin")
    ctx.status(r, 200, "reinstated")
    ctx.eq(bit(status_list(ctx, "suspension", list_no)["credentialSubject"]["encodedList"], idx)[0], 0,
           "suspension bit cleared")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 0, "valid again", out)

    ctx.problem(ctx.api("POST", base + "revoke", {"reason": "x", "version": 1}, as_="administrator"),
                "version-mismatch", "a stale version is refused")
    r = ctx.api("POST", base + "revoke", {"reason": "Obtained by fraud"}, as_="administrator")
    ctx.status(r, 200, "revoked")
    ctx.eq(bit(status_list(ctx, "revocation", list_no)["credentialSubject"]["encodedList"], idx)[0], 1,
           "revocation bit set")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 1, "the verifier rejects a revoked credential", out)
    ctx.check("revoked" in out.lower(), "and says it is revoked", out)
    before = ctx.counts()
    for act in ("suspend", "reinstate", "revoke"):
        ctx.problem(ctx.api("POST", base + act, {"reason": "x"}, as_="administrator"), "certificate-status",
                    "revocation is final (%s)" % act)
    ctx.problem(ctx.api("POST", base + "revoke", {"reason": "x"}, as_="administrator",
                        headers={"Accept-Language": "fr"}),
                "certificate-status", "refusal in French", lang="fr")
    ctx.eq(ctx.counts(), before, "nothing written by refusals")
    types = [t for (t,) in ctx.q("SELECT type FROM events WHERE entity = 'certificate' AND entity_id = ? ORDER BY id",
                                 (cid,))]
    ctx.eq(types[-3:], ["certificate.suspended", "certificate.reinstated", "certificate.revoked"], "audit trail")
    rc, out, err = ctx.cli(["audit", "verify"])
    ctx.eq(rc, 0, "audit chain intact", out + err)


def test_key_rotation(ctx):
    """A new key signs from now on; the old one stays in the DID document, so what it signed
    still verifies; no secret ever leaves the database."""
    old = ctx.q("SELECT key_id FROM signing_keys ORDER BY id")
    cid = ctx.q1("SELECT id FROM certificates WHERE status = 'valid' ORDER BY id LIMIT 1")
    text = ctx.q1("SELECT credential FROM certificates WHERE id = ?", (cid,))
    rc, out, err = ctx.cli(["keys", "generate"])
    ctx.eq(rc, 0, "keys generate", out + err)
    ctx.check("#key-" in out and "seed" not in out.lower(), "names the new key, never its secret", out)
    keys = ctx.q("SELECT key_id, active FROM signing_keys ORDER BY id")
    ctx.eq(len(keys), len(old) + 1, "one more key")
    ctx.eq([a for _, a in keys], [0] * len(old) + [1], "only the new key is active")
    sealed = ctx.q1("SELECT seed_sealed FROM signing_keys ORDER BY id DESC LIMIT 1")
    ctx.check(isinstance(sealed, bytes) and len(sealed) >= 64 + 24 + 16, "the seed is stored sealed")
    did = json.loads(ctx.api("GET", "/.well-known/did.json").text)
    ctx.eq(len(did["assertionMethod"]), len(keys), "every key still listed for assertion")
    rc, out, err = ctx.cli(["keys", "list"])
    ctx.eq(rc, 0, "keys list", out + err)
    ctx.eq(out.count("active "), 1, "one active key listed")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 0, "a credential signed with the old key still verifies", out)
    # A change now re-signs the status lists with the new key; old and new verify together.
    r = ctx.api("POST", "/api/v1/certificates/%d/suspend" % cid, {"reason": "rotation check"}, as_="exam_admin")
    ctx.status(r, 200, "suspend after rotation")
    list_no = ctx.q1("SELECT list_no FROM certificates WHERE id = ?", (cid,))
    sl = status_list(ctx, "suspension", list_no)
    ctx.check(sl["proof"]["verificationMethod"].endswith("#" + keys[-1][0]), "the list is signed with the new key")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 1, "suspended under the new list", out)
    ctx.status(ctx.api("POST", "/api/v1/certificates/%d/reinstate" % cid, {"reason": "ok"}, as_="exam_admin"), 200,
               "reinstate")
    rc, out = verify(ctx, text)
    ctx.eq(rc, 0, "valid again: old-key credential, new-key list", out)


def test_renewal(ctx):
    cid = ctx.q1("SELECT id FROM certificates WHERE expires_on IS NULL AND status = 'valid' ORDER BY id LIMIT 1")
    ctx.problem(ctx.api("POST", "/api/v1/certificates/%d/renew" % cid, as_="exam_admin"), "certificate-renewal",
                "a certificate that does not expire is not renewed")
    # A compulsory-trade Certificate of Qualification expires a year after issue.
    cid, issued, expires = ctx.q("SELECT id, issued_on, expires_on FROM certificates WHERE kind = 'qualification' "
                                 "AND expires_on IS NOT NULL AND status = 'valid' ORDER BY id LIMIT 1")[0]
    i, e = datetime.date.fromisoformat(issued), datetime.date.fromisoformat(expires)
    ctx.check(e > i and (e - i).days in (364, 365), "a year less a day", (issued, expires))
    ctx.eq(json.loads(ctx.q1("SELECT credential FROM certificates WHERE id = ?", (cid,)))["validUntil"],
           expires + "T23:59:59Z", "validUntil is the end of the expiry day")
    today = datetime.datetime.now(ZoneInfo("America/Toronto")).date()   # the server's civil day
    url = "/api/v1/certificates/%d/renew" % cid
    # Time is simulated by moving the expiry date (the stored document is left as issued).
    with ctx.db_conn() as c:
        c.execute("UPDATE certificates SET expires_on = ? WHERE id = ?",
                  ((today + datetime.timedelta(days=200)).isoformat(), cid))
    before = ctx.counts()
    ctx.problem(ctx.api("POST", url, as_="exam_admin"), "certificate-renewal", "not yet: 200 days before expiry")
    ctx.eq(ctx.counts(), before, "nothing written")
    ctx.status(ctx.api("POST", url, as_="advisor"), 403, "an advisor may not renew")
    soon = today + datetime.timedelta(days=30)
    with ctx.db_conn() as c:
        c.execute("UPDATE certificates SET expires_on = ? WHERE id = ?", (soon.isoformat(), cid))
    old_text = ctx.q1("SELECT credential FROM certificates WHERE id = ?", (cid,))
    r = ctx.api("POST", url, as_="exam_admin")
    ctx.status(r, 200, "renewed 30 days before expiry")
    want = (soon + datetime.timedelta(days=1)).replace(year=soon.year + 1) - datetime.timedelta(days=1)
    ctx.eq(r.json["expires_on"], want.isoformat(), "a year from the old expiry")
    new_text = ctx.q1("SELECT credential FROM certificates WHERE id = ?", (cid,))
    ctx.eq(json.loads(new_text)["validUntil"], want.isoformat() + "T23:59:59Z", "re-signed with the new validUntil")
    ctx.eq(ctx.q1("SELECT credential FROM certificate_versions WHERE certificate_id = ? ORDER BY id DESC LIMIT 1",
                  (cid,)), old_text, "the earlier document is kept")
    rc, out = verify(ctx, new_text)
    ctx.eq(rc, 0, "the renewed credential verifies", out)
    ctx.eq(json.loads(new_text)["credentialStatus"], json.loads(old_text)["credentialStatus"],
           "same status entries")
    # Lapsed: a year from today.
    with ctx.db_conn() as c:
        c.execute("UPDATE certificates SET expires_on = ? WHERE id = ?",
                  ((today - datetime.timedelta(days=10)).isoformat(), cid))
    page = ctx.api("GET", "/en/v/" + ctx.q1("SELECT public_id FROM certificates WHERE id = ?", (cid,)))
    ctx.check("This certificate has expired" in page.text, "the page says expired")
    r = ctx.api("POST", url, as_="exam_admin")
    ctx.status(r, 200, "an expired certificate is renewed")
    ctx.eq(r.json["expires_on"], (today.replace(year=today.year + 1) - datetime.timedelta(days=1)).isoformat(),
           "a year from today (less a day, as at issue)")
    ctx.check(ctx.q1("SELECT count(*) FROM events WHERE type = 'certificate.renewed' AND entity_id = ?", (cid,)) == 2,
              "renewals audited")
    due = ctx.api("GET", "/api/v1/certificates?expires_before=%s" % (today + datetime.timedelta(days=400)).isoformat(),
                  as_="exam_admin")
    ctx.status(due, 200, "certificates due for renewal")
    ctx.check(all(c["expires_on"] and c["expires_on"] <= (today + datetime.timedelta(days=400)).isoformat()
                  for c in due.json["items"]), "only those expiring by then")


def test_provisional(ctx):
    """Completing an agreement in a compulsory trade gives a provisional Certificate of
    Qualification for 90 days, renewable twice; passing the exam turns it into the certificate."""
    rows = ctx.q("SELECT c.id, c.trade_code, c.issued_on, c.expires_on, c.credential, c.renewals FROM certificates c "
                 "JOIN trades t ON t.code = c.trade_code WHERE c.provisional = 1 ORDER BY c.id")
    ctx.check(len(rows) > 0, "the demo has provisional certificates")
    for cid, trade, issued, expires, text, renewals in rows:
        ctx.eq(ctx.q1("SELECT compulsory FROM trades WHERE code = ?", (trade,)), 1, "only in compulsory trades")
        d = (datetime.date.fromisoformat(expires) - datetime.date.fromisoformat(issued)).days
        ctx.check(d == 89 + 90 * renewals or renewals == 0 and d == 89 or d > 89,
                  "90 days a term", (issued, expires, renewals))
        vc = json.loads(text)
        ctx.eq(vc["credentialSubject"]["certificate"].get("provisional"), True, "marked provisional")
        ctx.check(vc["name"][0]["@value"].startswith("Provisional Certificate of Qualification"), "named so",
                  vc["name"])
    # Every completed agreement in a compulsory trade gives one, unless a qualification is held.
    completed = set(ctx.q("SELECT DISTINCT c.person_id, c.trade_code FROM cases c JOIN trades t ON t.code = c.trade_code "
                          "WHERE c.program = 'apprenticeship' AND c.state = 'completed' AND t.compulsory = 1"))
    quals = set(ctx.q("SELECT person_id, trade_code FROM certificates WHERE kind = 'qualification'"))
    ctx.eq(completed - quals, set(), "a qualification (provisional or not) for each")
    cid = rows[0][0]
    url = "/api/v1/certificates/%d/renew" % cid
    today = datetime.datetime.now(ZoneInfo("America/Toronto")).date()
    with ctx.db_conn() as c:
        c.execute("UPDATE certificates SET expires_on = ?, renewals = 0 WHERE id = ?",
                  ((today + datetime.timedelta(days=60)).isoformat(), cid))
    ctx.problem(ctx.api("POST", url, as_="exam_admin"), "certificate-renewal", "not yet: 60 days before the end")
    end = today + datetime.timedelta(days=20)
    with ctx.db_conn() as c:
        c.execute("UPDATE certificates SET expires_on = ? WHERE id = ?", (end.isoformat(), cid))
    for n in (1, 2):
        r = ctx.api("POST", url, as_="exam_admin")
        ctx.status(r, 200, "renewal %d" % n)
        end = end + datetime.timedelta(days=90)
        ctx.eq(r.json["expires_on"], end.isoformat(), "90 more days (%d)" % n)
        ctx.eq(r.json["provisional"], True, "still provisional")
        with ctx.db_conn() as c:
            c.execute("UPDATE certificates SET expires_on = ? WHERE id = ?",
                      ((today + datetime.timedelta(days=20)).isoformat(), cid))
        end = today + datetime.timedelta(days=20)
    ctx.problem(ctx.api("POST", url, as_="exam_admin"), "certificate-renewal", "not a third time")
    rc, out = verify(ctx, ctx.q1("SELECT credential FROM certificates WHERE id = ?", (cid,)))
    ctx.eq(rc, 0, "a renewed provisional certificate verifies", out)
    # Passed: the same certificate (number, public id) becomes a full one.
    upgraded = ctx.q("SELECT c.id, c.number FROM certificates c JOIN events e ON e.entity = 'certificate' AND "
                     "e.entity_id = c.id WHERE e.type = 'certificate.qualified' AND c.provisional = 0")
    for uid_, number in upgraded:
        first = ctx.q1("SELECT credential FROM certificate_versions WHERE certificate_id = ? ORDER BY id LIMIT 1",
                       (uid_,))
        ctx.eq(json.loads(first)["credentialSubject"]["certificate"].get("provisional"), True,
               "it was provisional")
        now = json.loads(ctx.q1("SELECT credential FROM certificates WHERE id = ?", (uid_,)))
        ctx.check("provisional" not in now["credentialSubject"]["certificate"], "and is no longer")
        ctx.eq(now["credentialSubject"]["certificate"]["certificateNumber"], number, "same number")


def test_list_and_register(ctx):
    r = ctx.api("GET", "/api/v1/certificates?limit=5", as_="manager")
    ctx.status(r, 200, "staff list certificates")
    ctx.check(len(r.json["items"]) <= 5, "page size")
    ctx.status(ctx.api("GET", "/api/v1/certificates", as_="client"), 403, "clients do not list all")
    ctx.problem(ctx.api("GET", "/api/v1/certificates?expires_before=2026-02-30", as_="manager"), "query-param",
                "bad date")
    srv = Server(ctx, "register").start()
    try:
        ctx.problem(ctx.api("GET", "/api/v1/register?name=a", server=srv), "register-query", "too short a name")
        ctx.problem(ctx.api("GET", "/api/v1/register", server=srv, headers={"Accept-Language": "fr"}), "register-query", "in French",
                    lang="fr")
        r = ctx.api("GET", "/api/v1/register?number=CA-000-000001", server=srv)
        ctx.status(r, 200, "search by number")
        ctx.eq(r.json["items"], [], "certificates of apprenticeship are not in the register")
        statuses = []
        for _ in range(30):
            statuses.append(ctx.api("GET", "/api/v1/register?name=smith", server=srv).status)
        ctx.check(statuses.count(429) >= 5, "the register is rate-limited per address", statuses)
        r = ctx.api("GET", "/api/v1/register?name=smith", server=srv)
        ctx.status(r, 429, "still limited")
        ctx.check(int(r.headers.get("retry-after", "0")) >= 1, "Retry-After given", r.headers)
        ctx.eq(r.json.get("error"), "rate-limited", "problem slug")
    finally:
        srv.stop()


TESTS = [test_public_documents, test_apprenticeship_certificates, test_access, test_printable_certificate,
         test_status_changes,
         test_key_rotation, test_renewal, test_provisional, test_list_and_register]
