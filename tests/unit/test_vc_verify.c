/* test_vc_verify: the whole offline check (vc/verify.c) on a credential, DID document and two
 * status lists built here with a test key — valid, then each way it must fail: a changed
 * character, issuer ≠ controller, key not listed for assertions, suspended, revoked, expired,
 * not yet valid, a status list with a broken signature, a short list, a missing list. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "vc/jcs.h"
#include "vc/multibase.h"
#include "vc/offline.h"
#include "vc/proof.h"
#include "vc/statuslist.h"
#include "vc/verify.h"
#include "t.h"

#define DID "did:web:certs.example.ca"
#define VM DID "#key-2026-01"
#define REV_URL "https://certs.example.ca/status/revocation/1"
#define SUS_URL "https://certs.example.ca/status/suspension/1"
#define INDEX 94567u
#define NOW 1780000000 /* 2026-05-28 */

static uint8_t pk[32], sk[64], pk2[32], sk2[64];

static json_t *
did_document(const char *vm_listed, const char *controller)
{
	char mk[49];
	multikey_encode(pk, mk);
	return json_pack("{s:[s,s], s:s, s:[{s:s, s:s, s:s, s:s}], s:[s]}",
	    "@context", "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
	    "id", DID, "verificationMethod", "id", VM, "type", "Multikey", "controller", controller,
	    "publicKeyMultibase", mk, "assertionMethod", vm_listed);
}

/* A signed status list of nbits bits with bit INDEX set when on. */
static json_t *
status_list(const char *url, const char *purpose, size_t nbits, int on, const char *issuer,
    const uint8_t *key)
{
	uint8_t *bits = calloc(nbits / 8, 1);
	if (on)
		statuslist_set(bits, INDEX, 1);
	struct buf enc = { 0 };
	statuslist_encode(bits, nbits / 8, &enc);
	free(bits);
	char sub_id[200];
	snprintf(sub_id, sizeof(sub_id), "%s#list", url);
	json_t *v = json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:s, s:i}}",
	    "@context", "https://www.w3.org/ns/credentials/v2", "id", url,
	    "type", "VerifiableCredential", "BitstringStatusListCredential", "issuer", issuer,
	    "validFrom", "2026-01-01T00:00:00Z", "credentialSubject", "id", sub_id,
	    "type", "BitstringStatusList", "statusPurpose", purpose, "encodedList", enc.p,
	    "ttl", 86400000);
	buf_free(&enc);
	proof_sign(v, VM, "2026-01-01T00:00:00Z", key);
	return v;
}

static json_t *
credential(const char *issuer, const char *valid_until)
{
	json_t *v = json_pack("{s:[s,s], s:s, s:[s,s], s:{s:s, s:s}, s:s, s:{s:s, s:s, s:s},"
	    " s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]}",
	    "@context", "https://www.w3.org/ns/credentials/v2",
	    "https://certs.example.ca/contexts/trade-credential/v1",
	    "id", "https://certs.example.ca/credentials/1",
	    "type", "VerifiableCredential", "TradeCertificateCredential",
	    "issuer", "id", issuer, "name", "Authority",
	    "validFrom", "2026-01-15T00:00:00Z",
	    "credentialSubject", "type", "TradePerson", "givenName", "Marie-\xc3\x88ve",
	    "familyName", "Tremblay",
	    "credentialStatus", "type", "BitstringStatusListEntry", "statusPurpose", "revocation",
	    "statusListIndex", "94567", "statusListCredential", REV_URL,
	    "type", "BitstringStatusListEntry", "statusPurpose", "suspension",
	    "statusListIndex", "94567", "statusListCredential", SUS_URL);
	if (valid_until != NULL)
		json_object_set_new(v, "validUntil", json_string(valid_until));
	proof_sign(v, VM, "2026-01-15T12:00:00Z", sk);
	return v;
}

struct lists {
	json_t *rev, *sus;
};

static json_t *
fetch(const char *url, void *ctx)
{
	struct lists *l = ctx;
	if (l->rev != NULL && strcmp(url, REV_URL) == 0)
		return json_incref(l->rev);
	if (l->sus != NULL && strcmp(url, SUS_URL) == 0)
		return json_incref(l->sus);
	return NULL;
}

/* The check with this id that failed (or the first with it, when none failed). */
static const struct verify_check *
find(const struct verify_report *r, const char *id)
{
	const struct verify_check *first = NULL;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->checks[i].id, id) != 0)
			continue;
		if (!r->checks[i].ok)
			return &r->checks[i];
		if (first == NULL)
			first = &r->checks[i];
	}
	return first;
}

static int
count_failed(const struct verify_report *r)
{
	int n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += !r->checks[i].ok;
	return n;
}

static void
test_init(void)
{
	CHECK(sodium_init() >= 0);
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
}

static void
test_valid(void)
{
	json_t *did = did_document(VM, DID), *cred = credential(DID, "2031-01-01T00:00:00Z");
	struct lists l = { status_list(REV_URL, "revocation", 131072, 0, DID, sk),
		status_list(SUS_URL, "suspension", 131072, 0, DID, sk) };
	struct verify_report r;
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 1);
	CHECK_INT(r.ok, 1);
	CHECK_INT(r.n, 9); /* format proof issuer key signature from until status×2 */
	CHECK_INT(count_failed(&r), 0);
	const char *ids[] = { "format", "proof", "issuer", "key", "signature", "valid_from",
		"valid_until", "status" };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		CHECK(find(&r, ids[i]) != NULL && find(&r, ids[i])->ok);
	CHECK_STR(find(&r, "issuer")->text[0],
	    "The issuer did:web:certs.example.ca owns the DID document and the signing key.");
	CHECK(strstr(find(&r, "status")->text[1], "révoquée") != NULL);
	CHECK(strstr(r.checks[8].text[0], "not suspended") != NULL);
	verify_report_free(&r);

	/* the same credential through the offline QR payload */
	struct buf b = { 0 };
	CHECK_INT(offline_encode(cred, &b), 0);
	json_t *back = offline_decode(b.p);
	CHECK_INT(verify_credential(back, did, fetch, &l, NOW, &r), 1);
	verify_report_free(&r);
	json_decref(back);
	buf_free(&b);

	/* a relative "#fragment" in assertionMethod is the same key */
	json_array_set_new(json_object_get(did, "assertionMethod"), 0, json_string("#key-2026-01"));
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 1);
	verify_report_free(&r);
	json_decref(l.rev);
	json_decref(l.sus);
	json_decref(cred);
	json_decref(did);
}

static void
test_tampered_and_keys(void)
{
	json_t *did = did_document(VM, DID), *cred = credential(DID, NULL);
	struct lists l = { status_list(REV_URL, "revocation", 131072, 0, DID, sk),
		status_list(SUS_URL, "suspension", 131072, 0, DID, sk) };
	struct verify_report r;

	/* one changed character */
	json_object_set_new(json_object_get(cred, "credentialSubject"), "familyName",
	    json_string("Tremblaz"));
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_INT(find(&r, "signature")->ok, 0);
	CHECK_STR(find(&r, "signature")->code, "signature");
	CHECK_INT(count_failed(&r), 1);
	verify_report_free(&r);
	json_decref(cred);

	/* issuer ≠ the key's controller (signed by that issuer, DID document of another) */
	cred = credential("did:web:other.example", NULL);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_INT(find(&r, "issuer")->ok, 0);
	CHECK_STR(find(&r, "issuer")->code, "did_mismatch");
	verify_report_free(&r);
	json_decref(cred);
	cred = credential(DID, NULL);
	json_t *did_other = did_document(VM, "did:web:other.example");
	CHECK_INT(verify_credential(cred, did_other, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "issuer")->code, "controller");
	CHECK(strstr(find(&r, "issuer")->text[0], "controlled by did:web:other.example") != NULL);
	verify_report_free(&r);
	json_decref(did_other);

	/* the key is published but not for assertions */
	json_t *did_auth = did_document(DID "#key-other", DID);
	CHECK_INT(verify_credential(cred, did_auth, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "key")->code, "key_not_assertion");
	CHECK_STR(find(&r, "signature")->code, "unchecked");
	verify_report_free(&r);
	json_decref(did_auth);

	/* another key under the same id: the signature fails */
	json_t *did_swap = did_document(VM, DID);
	char mk[49];
	multikey_encode(pk2, mk);
	json_object_set_new(json_array_get(json_object_get(did_swap, "verificationMethod"), 0),
	    "publicKeyMultibase", json_string(mk));
	CHECK_INT(verify_credential(cred, did_swap, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "signature")->code, "signature");
	verify_report_free(&r);
	/* a key with the wrong multicodec */
	json_object_set_new(json_array_get(json_object_get(did_swap, "verificationMethod"), 0),
	    "publicKeyMultibase", json_string("z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc"));
	CHECK_INT(verify_credential(cred, did_swap, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "key")->code, "key_invalid");
	verify_report_free(&r);
	json_decref(did_swap);

	/* the DID document is the issuer's but does not hold the signing key */
	json_t *did_nokey = did_document(VM, DID);
	json_object_set_new(json_array_get(json_object_get(did_nokey, "verificationMethod"), 0),
	    "id", json_string(DID "#key-2020-01"));
	CHECK_INT(verify_credential(cred, did_nokey, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "key")->code, "key_unknown");
	CHECK_INT(find(&r, "issuer")->ok, 1);
	CHECK_STR(find(&r, "signature")->code, "unchecked");
	/* and the status lists, signed with that key, cannot be trusted either */
	CHECK_STR(find(&r, "status")->code, "list_signature");
	verify_report_free(&r);
	json_decref(did_nokey);

	/* no DID document at all */
	CHECK_INT(verify_credential(cred, NULL, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "issuer")->code, "no_did");
	CHECK_STR(find(&r, "key")->code, "key_unknown");
	verify_report_free(&r);

	/* not VC 2.0, no proof */
	json_t *v1 = json_deep_copy(cred);
	json_array_set_new(json_object_get(v1, "@context"), 0,
	    json_string("https://www.w3.org/2018/credentials/v1"));
	CHECK_INT(verify_credential(v1, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "format")->code, "context");
	CHECK_STR(find(&r, "proof")->code, "context"); /* the proof's @context no longer matches */
	verify_report_free(&r);
	json_object_del(v1, "proof");
	CHECK_INT(verify_credential(v1, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "proof")->code, "missing");
	verify_report_free(&r);
	json_decref(v1);
	json_t *arr = json_array();
	CHECK_INT(verify_credential(arr, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "format")->code, "not_object");
	verify_report_free(&r);
	json_decref(arr);

	json_decref(l.rev);
	json_decref(l.sus);
	json_decref(cred);
	json_decref(did);
}

static void
test_status_and_dates(void)
{
	json_t *did = did_document(VM, DID), *cred = credential(DID, "2027-01-01T00:00:00Z");
	struct lists l = { status_list(REV_URL, "revocation", 131072, 0, DID, sk),
		status_list(SUS_URL, "suspension", 131072, 1, DID, sk) };
	struct verify_report r;

	/* suspended */
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "suspended");
	CHECK_INT(count_failed(&r), 1);
	CHECK(strstr(find(&r, "status")->text[0], "suspended") != NULL);
	CHECK(strstr(find(&r, "status")->text[1], "suspendue") != NULL);
	CHECK_INT(find(&r, "signature")->ok, 1); /* the proof is still valid (CREDENTIALS §8.1) */
	verify_report_free(&r);

	/* revoked */
	json_decref(l.sus);
	json_decref(l.rev);
	l.sus = status_list(SUS_URL, "suspension", 131072, 0, DID, sk);
	l.rev = status_list(REV_URL, "revocation", 131072, 1, DID, sk);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "revoked");
	CHECK_INT(count_failed(&r), 1);
	verify_report_free(&r);

	/* expired, and not yet valid */
	json_decref(l.rev);
	l.rev = status_list(REV_URL, "revocation", 131072, 0, DID, sk);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 1);
	verify_report_free(&r);
	CHECK_INT(verify_credential(cred, did, fetch, &l, 1798761600 /* 2027-01-01 */, &r), 0);
	CHECK_STR(find(&r, "valid_until")->code, "expired");
	CHECK_INT(count_failed(&r), 1);
	verify_report_free(&r);
	CHECK_INT(verify_credential(cred, did, fetch, &l, 1768000000 /* 2026-01-09 */, &r), 0);
	CHECK_STR(find(&r, "valid_from")->code, "not_yet_valid");
	verify_report_free(&r);

	/* a status list whose own signature is broken */
	json_object_set_new(json_object_get(l.sus, "credentialSubject"), "ttl", json_integer(1));
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_signature");
	verify_report_free(&r);
	/* signed with a key that is not the issuer's */
	json_decref(l.sus);
	l.sus = status_list(SUS_URL, "suspension", 131072, 0, DID, sk2);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_signature");
	verify_report_free(&r);
	/* issued by someone else */
	json_decref(l.sus);
	l.sus = status_list(SUS_URL, "suspension", 131072, 0, "did:web:other.example", sk);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_issuer");
	verify_report_free(&r);
	/* the wrong purpose */
	json_decref(l.sus);
	l.sus = status_list(SUS_URL, "revocation", 131072, 0, DID, sk);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_purpose");
	verify_report_free(&r);
	/* short list (1,024 bits: the index is beyond it too, but length is checked first) */
	json_decref(l.sus);
	l.sus = status_list(SUS_URL, "suspension", 1024, 0, DID, sk);
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_short");
	verify_report_free(&r);
	/* missing list */
	json_decref(l.sus);
	l.sus = NULL;
	CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
	CHECK_STR(find(&r, "status")->code, "list_missing");
	verify_report_free(&r);
	CHECK_INT(verify_credential(cred, did, NULL, NULL, NOW, &r), 0);
	CHECK_INT(count_failed(&r), 2);
	verify_report_free(&r);
	json_decref(cred);

	/* index out of range, malformed index (signed that way, so only the status fails) */
	l.sus = status_list(SUS_URL, "suspension", 131072, 0, DID, sk);
	static const char *const bad_index[] = { "131072", "-1", "0x10", "", "007", "99999999999" };
	for (size_t i = 0; i < sizeof(bad_index) / sizeof(bad_index[0]); i++) {
		cred = credential(DID, NULL);
		json_object_del(cred, "proof");
		json_object_set_new(json_array_get(json_object_get(cred, "credentialStatus"), 1),
		    "statusListIndex", json_string(bad_index[i]));
		proof_sign(cred, VM, "2026-01-15T12:00:00Z", sk);
		CHECK_INT(verify_credential(cred, did, fetch, &l, NOW, &r), 0);
		CHECK_INT(count_failed(&r), 1);
		CHECK_STR(find(&r, "status")->code, i == 0 ? "index_range" : "entry_invalid");
		verify_report_free(&r);
		json_decref(cred);
	}
	json_decref(l.rev);
	json_decref(l.sus);
	json_decref(did);
}

static void
test_did_key(void)
{
	char mk[49], did[64], vm[120];
	multikey_encode(pk, mk);
	snprintf(did, sizeof(did), "did:key:%s", mk);
	snprintf(vm, sizeof(vm), "%s#%s", did, mk);
	json_t *doc = verify_did_key_document(did);
	CHECK(doc != NULL);
	json_t *cred = json_pack("{s:[s], s:[s], s:s, s:{s:s}}", "@context",
	    "https://www.w3.org/ns/credentials/v2", "type", "VerifiableCredential", "issuer", did,
	    "credentialSubject", "name", "x");
	CHECK_INT(proof_sign(cred, vm, "2026-01-15T12:00:00Z", sk), 0);
	struct verify_report r;
	CHECK_INT(verify_credential(cred, doc, NULL, NULL, NOW, &r), 1);
	CHECK_INT(r.n, 5);
	verify_report_free(&r);
	CHECK(verify_did_key_document("did:web:certs.example.ca") == NULL);
	CHECK(verify_did_key_document("did:key:z6Mk") == NULL);
	CHECK(verify_did_key_document(NULL) == NULL);
	json_decref(cred);
	json_decref(doc);
}

T_MAIN(T(test_init), T(test_valid), T(test_tampered_and_keys), T(test_status_and_dates),
    T(test_did_key))
