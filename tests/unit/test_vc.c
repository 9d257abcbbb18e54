/* test_vc: the verifiable-credential core — JCS against the RFC 8785 vectors and ECMAScript
 * number cases, eddsa-jcs-2022 against the W3C vector and our trade-credential vector,
 * tampering, Multikey, base58/base45, status lists and the offline payload.
 * VC_DATA_DIR (tests/data/vc) is compiled in by meson. */
#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "vc/jcs.h"
#include "vc/multibase.h"
#include "vc/offline.h"
#include "vc/proof.h"
#include "vc/statuslist.h"
#include "t.h"

/* The file's bytes (NUL-terminated; trailing white space dropped when trim), or NULL. */
static char *
slurp(const char *rel, int trim, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", VC_DATA_DIR, rel);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_put(&b, "", 0);
	while (trim && b.n > 0 && (b.p[b.n - 1] == '\n' || b.p[b.n - 1] == '\r' ||
	    b.p[b.n - 1] == ' '))
		b.p[--b.n] = '\0';
	if (len)
		*len = b.n;
	return buf_take(&b);
}

static char *
canon(const json_t *v)
{
	struct buf b = { 0 };
	if (jcs_write(v, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	buf_put(&b, "", 0);
	return buf_take(&b);
}

static char *
canon_text(const char *text)
{
	json_t *v = jcs_parse(text, strlen(text));
	char *s = v ? canon(v) : NULL;
	json_decref(v);
	return s;
}

static void
test_init(void)
{
	CHECK(sodium_init() >= 0);
}

static void
test_jcs_rfc8785_vectors(void)
{
	static const char *const names[] = { "arrays", "french", "structures", "unicode", "values",
		"weird" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char in_path[128], out_path[128];
		snprintf(in_path, sizeof(in_path), "jcs-rfc8785/input/%s.json", names[i]);
		snprintf(out_path, sizeof(out_path), "jcs-rfc8785/output/%s.json", names[i]);
		size_t in_n = 0, want_n = 0;
		char *in = slurp(in_path, 0, &in_n), *want = slurp(out_path, 0, &want_n);
		CHECK(in != NULL && want != NULL);
		json_t *v = in ? jcs_parse(in, in_n) : NULL;
		CHECK(v != NULL);
		struct buf b = { 0 };
		CHECK_INT(jcs_write(v, &b), 0);
		CHECK(want != NULL && b.n == want_n && memcmp(b.p, want, want_n) == 0);
		if (want != NULL && (b.n != want_n || memcmp(b.p, want, want_n) != 0))
			fprintf(stderr, "  %s: got %s\n  want %s\n", names[i], b.p, want);
		/* canonical output is a fixed point */
		char *again = b.p ? canon_text(b.p) : NULL;
		CHECK(again != NULL && want != NULL && strcmp(again, want) == 0);
		free(again);
		buf_free(&b);
		json_decref(v);
		free(in);
		free(want);
	}
}

static void
check_real(double d, const char *want)
{
	json_t *v = json_real(d);
	char *s = canon(v);
	CHECK_STR(s, want);
	free(s);
	json_decref(v);
}

static void
test_jcs_numbers(void)
{
	check_real(1e21, "1e+21");
	check_real(1e20, "100000000000000000000");
	check_real(999999999999999900000.0, "999999999999999900000");
	check_real(1e-7, "1e-7");
	check_real(1e-6, "0.000001");
	check_real(-1.5e-7, "-1.5e-7");
	check_real(-0.0, "0");
	check_real(0.0, "0");
	check_real(333333333.3333333, "333333333.3333333");
	check_real(5e-324, "5e-324");
	check_real(-5e-324, "-5e-324");
	check_real(1.7976931348623157e308, "1.7976931348623157e+308");
	check_real(2.2250738585072014e-308, "2.2250738585072014e-308");
	check_real(9007199254740993.0, "9007199254740992"); /* 2^53 + 1 is not a double */
	check_real(12345678901234567890.0, "12345678901234567000");
	check_real(0.1 + 0.2, "0.30000000000000004");
	check_real(4.5, "4.5");
	check_real(56.0, "56");
	check_real(1e23, "1e+23");
	check_real(123e-20, "1.23e-18");
	check_real(-1e30, "-1e+30");
	check_real(0.002, "0.002");
	check_real(1.0 / 3.0, "0.3333333333333333");
	check_real(295147905179352830000.0, "295147905179352830000"); /* 2^68 */
	check_real(ldexp(1.0, 70), "1.1805916207174113e+21");

	/* jansson integers: exact up to 2^53, beyond that as the nearest double */
	json_t *i = json_integer(9007199254740993LL);
	char *s = canon(i);
	CHECK_STR(s, "9007199254740992");
	free(s);
	json_decref(i);
	i = json_integer(-42);
	s = canon(i);
	CHECK_STR(s, "-42");
	free(s);
	json_decref(i);

	/* parsed text: every number a double; out-of-range and duplicate keys rejected */
	s = canon_text("[1E400]");
	CHECK(s == NULL);
	s = canon_text("{\"a\":1,\"a\":2}");
	CHECK(s == NULL);
	s = canon_text("[-0, 1.0, 1e+2, 100000000000000000000000, 0.0000001]");
	CHECK_STR(s, "[0,1,100,1e+23,1e-7]");
	free(s);
}

static void
test_jcs_strings_and_keys(void)
{
	/* lower-case \u00xx, no escape for / or DEL, raw UTF-8 */
	char *s = canon_text("\"\\u001f\\u007f/\\u00e9\\ud83d\\ude02\\b\\f\\n\\r\\t\"");
	CHECK_STR(s, "\"\\u001f\x7f/\xc3\xa9\xf0\x9f\x98\x82\\b\\f\\n\\r\\t\"");
	free(s);
	/* UTF-16 order: U+1F602 (surrogate D83D) sorts before U+FB33, unlike code-point order */
	s = canon_text("{\"\xef\xac\xb3\":1,\"\xf0\x9f\x98\x82\":2,\"a\":3,\"\":4,\"ab\":5}");
	CHECK_STR(s, "{\"\":4,\"a\":3,\"ab\":5,\"\xf0\x9f\x98\x82\":2,\"\xef\xac\xb3\":1}");
	free(s);
	/* NUL inside a string value survives, escaped */
	s = canon_text("[\"a\\u0000b\"]");
	CHECK_STR(s, "[\"a\\u0000b\"]");
	free(s);
	CHECK(canon_text("[1,]") == NULL);
	CHECK(canon_text("\"\\ud800\"") == NULL); /* lone surrogate */
}

static void
hex_of(const uint8_t *p, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, p, n);
}

static void
test_w3c_vector(void)
{
	char *kp_text = slurp("w3c-eddsa-jcs-2022/keyPair.json", 0, NULL);
	json_t *kp = kp_text ? json_loads(kp_text, 0, NULL) : NULL;
	CHECK(kp != NULL);
	const char *priv = json_string_value(json_object_get(kp, "privateKeyMultibase"));
	const char *pub = json_string_value(json_object_get(kp, "publicKeyMultibase"));
	uint8_t raw[40], pk[32], sk[64], pk2[32];
	CHECK(priv != NULL && priv[0] == 'z');
	long n = priv ? b58_decode(priv + 1, raw, sizeof(raw)) : -1;
	CHECK_INT(n, 34);
	CHECK(raw[0] == 0x80 && raw[1] == 0x26);
	char hex[257];
	hex_of(raw + 2, 32, hex);
	CHECK_STR(hex, "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6");
	crypto_sign_seed_keypair(pk, sk, raw + 2);
	char mk[49];
	multikey_encode(pk, mk);
	CHECK_STR(mk, pub);
	CHECK_INT(multikey_decode(pub, pk2), 0);
	CHECK(memcmp(pk, pk2, 32) == 0);

	char *unsigned_text = slurp("w3c-eddsa-jcs-2022/unsigned.json", 0, NULL);
	json_t *doc = unsigned_text ? jcs_parse(unsigned_text, strlen(unsigned_text)) : NULL;
	CHECK(doc != NULL);
	char *want_doc = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/canonDocJCS.txt", 1, NULL);
	char *got_doc = canon(doc);
	CHECK_STR(got_doc, want_doc);

	char vm[160];
	snprintf(vm, sizeof(vm), "did:key:%s#%s", pub, pub);
	CHECK_INT(proof_sign(doc, vm, "2023-02-24T23:36:38Z", sk), 0);
	CHECK_INT(proof_sign(doc, vm, "2023-02-24T23:36:38Z", sk), -1); /* already signed */
	json_t *proof = json_object_get(doc, "proof");
	json_t *opts = json_copy(proof);
	json_object_del(opts, "proofValue");
	char *got_cfg = canon(opts);
	char *want_cfg = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/proofCanonJCS.txt", 1, NULL);
	CHECK_STR(got_cfg, want_cfg);

	json_t *unsec = json_copy(doc);
	json_object_del(unsec, "proof");
	uint8_t hash[64];
	CHECK_INT(proof_hash_data(opts, unsec, hash), 0);
	char *want_ph = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/proofHashJCS.txt", 1, NULL);
	char *want_dh = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/docHashJCS.txt", 1, NULL);
	char *want_ch = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/combinedHashJCS.txt", 1, NULL);
	hex_of(hash, 32, hex);
	CHECK_STR(hex, want_ph);
	CHECK_STR(hex, "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db");
	hex_of(hash + 32, 32, hex);
	CHECK_STR(hex, want_dh);
	CHECK_STR(hex, "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19");
	hex_of(hash, 64, hex);
	CHECK_STR(hex, want_ch);

	const char *pv = json_string_value(json_object_get(proof, "proofValue"));
	char *want_pv = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/sigBTC58JCS.txt", 1, NULL);
	char *want_sig = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/sigHexJCS.txt", 1, NULL);
	CHECK_STR(pv, want_pv);
	CHECK_STR(pv, "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUf"
	    "joJdcnTMuVor51aX");
	uint8_t sig[64];
	CHECK_INT(pv ? b58_decode(pv + 1, sig, sizeof(sig)) : -1, 64);
	hex_of(sig, 64, hex);
	CHECK_STR(hex, want_sig);
	CHECK_INT(proof_verify(doc, pk), PROOF_OK);
	CHECK_STR(proof_method(doc), vm);
	CHECK_STR(proof_purpose(doc), "assertionMethod");

	/* the published signed document verifies and canonicalises to ours */
	char *signed_text = slurp("w3c-eddsa-jcs-2022/eddsa-jcs-2022/signedJCS.json", 0, NULL);
	json_t *signed_doc = signed_text ? jcs_parse(signed_text, strlen(signed_text)) : NULL;
	CHECK(signed_doc != NULL);
	CHECK_INT(proof_verify(signed_doc, pk), PROOF_OK);
	char *a = canon(signed_doc), *b = canon(doc);
	CHECK_STR(a, b);
	free(a);
	free(b);

	json_decref(signed_doc);
	free(signed_text);
	free(want_pv);
	free(want_sig);
	free(want_ph);
	free(want_dh);
	free(want_ch);
	free(got_cfg);
	free(want_cfg);
	json_decref(unsec);
	json_decref(opts);
	free(got_doc);
	free(want_doc);
	json_decref(doc);
	free(unsigned_text);
	json_decref(kp);
	free(kp_text);
}

/* CREDENTIALS.md §2.2, without its proof. */
static const char trade_credential[] =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    "\"https://certs.example.ca/contexts/trade-credential/v1\"],"
    "\"id\":\"https://certs.example.ca/credentials/3f0c9a52-8d1e-4c47-9f7e-2b6d8a1e5c01\","
    "\"type\":[\"VerifiableCredential\",\"TradeCertificateCredential\"],"
    "\"name\":\"Certificate of Qualification - Electrician (Construction and Maintenance)\","
    "\"issuer\":{\"id\":\"did:web:certs.example.ca\","
    "\"name\":\"Example Provincial Apprenticeship Authority\"},"
    "\"validFrom\":\"2025-06-01T00:00:00Z\","
    "\"credentialSubject\":{\"type\":\"TradePerson\",\"givenName\":\"Marie-\xc3\x88ve\","
    "\"familyName\":\"Tremblay\",\"certificate\":{\"type\":\"CertificateOfQualification\","
    "\"certificateNumber\":\"CQ-309A-000123\","
    "\"trade\":\"Electrician - Construction and Maintenance\",\"tradeCode\":\"309A\","
    "\"jurisdiction\":\"CA-ON\",\"endorsement\":{\"type\":\"RedSealEndorsement\","
    "\"trade\":\"Construction Electrician\"}}},"
    "\"credentialStatus\":[{\"id\":\"https://certs.example.ca/status/revocation/1#94567\","
    "\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
    "\"statusListIndex\":\"94567\","
    "\"statusListCredential\":\"https://certs.example.ca/status/revocation/1\"},"
    "{\"id\":\"https://certs.example.ca/status/suspension/1#94567\","
    "\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"suspension\","
    "\"statusListIndex\":\"94567\","
    "\"statusListCredential\":\"https://certs.example.ca/status/suspension/1\"}]}";

#define TRADE_VM "did:web:certs.example.ca#key-2025-01"
#define TRADE_PV "z32RRkhL7gbmcLaND4TTnkukiWRsCoG8uS77QxdS4vEQvQYJZCKdZHg19c713UZ6825qtiohgLJbk" \
	"w7w32xBdd9oU"

static void
trade_key(uint8_t pk[32], uint8_t sk[64])
{
	static const char label[] = "demo trade-cert issuer key 2025-01";
	uint8_t seed[32];
	crypto_hash_sha256(seed, (const uint8_t *)label, strlen(label));
	crypto_sign_seed_keypair(pk, sk, seed);
}

static json_t *
trade_signed(const uint8_t sk[64])
{
	json_t *doc = jcs_parse(trade_credential, strlen(trade_credential));
	if (doc != NULL && proof_sign(doc, TRADE_VM, "2025-06-01T12:00:00Z", sk) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static void
test_trade_vector(void)
{
	static const char label[] = "demo trade-cert issuer key 2025-01";
	uint8_t seed[32], pk[32], sk[64];
	char hex[129];
	crypto_hash_sha256(seed, (const uint8_t *)label, strlen(label));
	hex_of(seed, 32, hex);
	CHECK_STR(hex, "dacb1f3352fc5a0bff262b1b3b07ddc2c42ee755b93c55f2247d5e1ce92069fe");
	trade_key(pk, sk);
	char mk[49];
	multikey_encode(pk, mk);
	CHECK_INT(strlen(mk), 48);
	CHECK(strncmp(mk, "z6Mk", 4) == 0);
	CHECK_STR(mk, "z6MkpVYV49JfzsKr6oaoeMiAKveNNbXXWCU79z9ovY6V6gq4");

	json_t *doc = trade_signed(sk);
	CHECK(doc != NULL);
	json_t *proof = json_object_get(doc, "proof");
	CHECK_STR(json_string_value(json_object_get(proof, "proofValue")), TRADE_PV);
	CHECK(json_equal(json_object_get(proof, "@context"), json_object_get(doc, "@context")));
	json_t *opts = json_copy(proof), *unsec = json_copy(doc);
	json_object_del(opts, "proofValue");
	json_object_del(unsec, "proof");
	uint8_t hash[64];
	CHECK_INT(proof_hash_data(opts, unsec, hash), 0);
	hex_of(hash, 32, hex);
	CHECK_STR(hex, "f7ea03143d0404aa03007c26922938df9aefd54f72207f4c2458c06d85cd4830");
	hex_of(hash + 32, 32, hex);
	CHECK_STR(hex, "156db962c0afb8c2964efc4a10ac8ad77eb127bd93f1e3efa0dad2afa3a6e23e");
	CHECK_INT(proof_verify(doc, pk), PROOF_OK);
	json_decref(opts);
	json_decref(unsec);
	json_decref(doc);

	/* bad created / not an object */
	doc = jcs_parse(trade_credential, strlen(trade_credential));
	CHECK_INT(proof_sign(doc, TRADE_VM, "2025-06-01 12:00:00", sk), -1);
	CHECK_INT(proof_sign(doc, TRADE_VM, "2025-02-30T12:00:00Z", sk), -1);
	CHECK_INT(proof_sign(doc, TRADE_VM, "2025-06-01T12:00:00", sk), -1);
	CHECK(json_object_get(doc, "proof") == NULL);
	json_decref(doc);
	json_t *arr = json_array();
	CHECK_INT(proof_sign(arr, TRADE_VM, "2025-06-01T12:00:00Z", sk), -1);
	json_decref(arr);

	int64_t t = 0;
	CHECK_INT(proof_parse_datetime("2025-06-01T12:00:00Z", &t), 0);
	CHECK_INT(t, 1748779200);
	CHECK_INT(proof_parse_datetime("2025-06-01T08:00:00.250-04:00", &t), 0);
	CHECK_INT(t, 1748779200);
	CHECK_INT(proof_parse_datetime("2025-13-01T12:00:00Z", &t), -1);
	CHECK_INT(proof_parse_datetime("2024-02-29T00:00:00Z", &t), 0);
	CHECK_INT(proof_parse_datetime("2023-02-29T00:00:00Z", &t), -1);
}

/* Re-parses the signed trade credential after text surgery: replace the first occurrence of
 * from by to in its canonical form. */
static enum proof_rc
verify_edited(const json_t *doc, const char *from, const char *to, const uint8_t pk[32])
{
	char *s = canon(doc);
	char *at = s ? strstr(s, from) : NULL;
	if (at == NULL) {
		free(s);
		return (enum proof_rc)-1;
	}
	struct buf b = { 0 };
	buf_put(&b, s, (size_t)(at - s));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	json_t *v = jcs_parse(b.p, b.n);
	enum proof_rc rc = v ? proof_verify(v, pk) : (enum proof_rc)-2;
	json_decref(v);
	buf_free(&b);
	free(s);
	return rc;
}

static void
test_tampering(void)
{
	uint8_t pk[32], sk[64], other_pk[32], other_sk[64];
	trade_key(pk, sk);
	crypto_sign_keypair(other_pk, other_sk);
	json_t *doc = trade_signed(sk);
	CHECK(doc != NULL);
	CHECK_INT(proof_verify(doc, pk), PROOF_OK);
	CHECK_INT(proof_verify(doc, other_pk), PROOF_SIGNATURE);
	/* one character of a value */
	CHECK_INT(verify_edited(doc, "Tremblay", "Tremblaz", pk), PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "Marie-\xc3\x88ve", "Marie-Eve", pk), PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "\"94567\"", "\"94568\"", pk), PROOF_SIGNATURE);
	/* an added key, an added array element */
	CHECK_INT(verify_edited(doc, "\"familyName\"", "\"extra\":1,\"familyName\"", pk),
	    PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "\"TradeCertificateCredential\"",
	    "\"TradeCertificateCredential\",\"X\"", pk), PROOF_SIGNATURE);
	/* keys reordered in the text: JCS gives the same bytes, so it still verifies */
	CHECK_INT(verify_edited(doc, "\"familyName\":\"Tremblay\",\"givenName\":\"Marie-\xc3\x88ve\"",
	    "\"givenName\":\"Marie-\xc3\x88ve\",\"familyName\":\"Tremblay\"", pk), PROOF_OK);
	/* reordered array elements are a different document */
	CHECK_INT(verify_edited(doc,
	    "\"type\":[\"VerifiableCredential\",\"TradeCertificateCredential\"]",
	    "\"type\":[\"TradeCertificateCredential\",\"VerifiableCredential\"]", pk),
	    PROOF_SIGNATURE);
	/* proof fields are signed too */
	CHECK_INT(verify_edited(doc, "2025-06-01T12:00:00Z", "2025-06-01T12:00:01Z", pk),
	    PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "#key-2025-01", "#key-2025-02", pk), PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "\"proofPurpose\"", "\"nonce\":\"x\",\"proofPurpose\"", pk),
	    PROOF_SIGNATURE);
	CHECK_INT(verify_edited(doc, "\"DataIntegrityProof\"", "\"DataIntegrityProof2\"", pk),
	    PROOF_MALFORMED);
	CHECK_INT(verify_edited(doc, "\"assertionMethod\"", "\"authentication\"", pk),
	    PROOF_MALFORMED);
	CHECK_INT(verify_edited(doc, "\"eddsa-jcs-2022\"", "\"eddsa-rdfc-2022\"", pk),
	    PROOF_MALFORMED);
	CHECK_INT(verify_edited(doc, "\"z32RRkhL7", "\"u32RRkhL7", pk), PROOF_VALUE);
	/* dropping one character may still leave 64 bytes; dropping ten cannot */
	CHECK_INT(verify_edited(doc, "\"z32RRkhL7gbmcLa", "\"z32RRk", pk), PROOF_VALUE);
	CHECK_INT(verify_edited(doc, "\"z32RRkhL7", "\"z32RRkhL7zzz", pk), PROOF_VALUE);
	CHECK_INT(verify_edited(doc, "\"z32RRkhL7", "\"z32RRkhL0", pk), PROOF_VALUE);
	CHECK_INT(verify_edited(doc, "\"z32RRkhL7", "\"z32RRkhL8", pk), PROOF_SIGNATURE);
	/* the document's @context must start with the proof's */
	CHECK_INT(verify_edited(doc, "\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
	    "\"https://certs.example.ca/contexts/trade-credential/v1\"],\"credentialStatus\"",
	    "\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"credentialStatus\"", pk),
	    PROOF_CONTEXT);
	/* no proof, proof not an object */
	json_t *bare = json_copy(doc);
	json_object_del(bare, "proof");
	CHECK_INT(proof_verify(bare, pk), PROOF_MISSING);
	json_object_set_new(bare, "proof", json_array());
	CHECK_INT(proof_verify(bare, pk), PROOF_MALFORMED);
	CHECK(proof_method(bare) == NULL);
	json_decref(bare);
	CHECK_STR(proof_rc_name(PROOF_SIGNATURE), "signature");
	json_decref(doc);
}

static void
test_multikey(void)
{
	uint8_t pk[32], sk[64], back[32];
	crypto_sign_keypair(pk, sk);
	char mk[49];
	multikey_encode(pk, mk);
	CHECK_INT(strlen(mk), 48);
	CHECK(strncmp(mk, "z6Mk", 4) == 0);
	CHECK_INT(multikey_decode(mk, back), 0);
	CHECK(memcmp(pk, back, 32) == 0);

	uint8_t raw[35];
	struct buf b = { 0 };
	/* wrong multicodec (secp256k1-pub 0xe701, ed25519-priv 0x8026) */
	raw[0] = 0xe7;
	raw[1] = 0x01;
	memcpy(raw + 2, pk, 32);
	buf_putc(&b, 'z');
	b58_encode(raw, 34, &b);
	CHECK_INT(multikey_decode(b.p, back), -1);
	buf_reset(&b);
	raw[0] = 0x80;
	raw[1] = 0x26;
	buf_putc(&b, 'z');
	b58_encode(raw, 34, &b);
	CHECK_INT(multikey_decode(b.p, back), -1);
	/* wrong length: 33 and 35 bytes after the right prefix */
	raw[0] = 0xed;
	raw[1] = 0x01;
	raw[34] = 7;
	buf_reset(&b);
	buf_putc(&b, 'z');
	b58_encode(raw, 33, &b);
	CHECK_INT(multikey_decode(b.p, back), -1);
	buf_reset(&b);
	buf_putc(&b, 'z');
	b58_encode(raw, 35, &b);
	CHECK_INT(multikey_decode(b.p, back), -1);
	buf_free(&b);
	/* other multibase prefix, bad characters, empty */
	char bad[49];
	memcpy(bad, mk, 49);
	bad[0] = 'u';
	CHECK_INT(multikey_decode(bad, back), -1);
	memcpy(bad, mk, 49);
	bad[10] = '0';
	CHECK_INT(multikey_decode(bad, back), -1);
	memcpy(bad, mk, 49);
	bad[10] = 'l';
	CHECK_INT(multikey_decode(bad, back), -1);
	CHECK_INT(multikey_decode("z", back), -1);
	CHECK_INT(multikey_decode("", back), -1);
	CHECK_INT(multikey_decode(NULL, back), -1);
}

static void
test_base58(void)
{
	struct buf b = { 0 };
	b58_encode((const uint8_t *)"Hello World!", 12, &b);
	CHECK_STR(b.p, "2NEpo7TZRRrLZSi2U");
	buf_reset(&b);
	static const uint8_t z[3] = { 0, 0, 0x28 };
	b58_encode(z, 3, &b);
	CHECK_STR(b.p, "11h");
	buf_reset(&b);
	b58_encode(z, 2, &b);
	CHECK_STR(b.p, "11");
	uint8_t out[300], in[256];
	CHECK_INT(b58_decode("11h", out, sizeof(out)), 3);
	CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0x28);
	CHECK_INT(b58_decode("", out, sizeof(out)), 0);
	CHECK_INT(b58_decode("0", out, sizeof(out)), -1);
	CHECK_INT(b58_decode("2NEpo7TZRRrLZSi2U", out, 11), -1); /* does not fit */
	CHECK_INT(b58_decode("2NEpo7TZRRrLZSi2U", out, 12), 12);
	CHECK(memcmp(out, "Hello World!", 12) == 0);
	int ok = 1;
	for (int round = 0; round < 300; round++) {
		size_t n = round % 70;
		randombytes_buf(in, n);
		size_t lead = n ? randombytes_uniform((uint32_t)(n + 1)) % 4 : 0;
		for (size_t i = 0; i < lead && i < n; i++)
			in[i] = 0;
		buf_reset(&b);
		b58_encode(in, n, &b);
		long m = b58_decode(b.p ? b.p : "", out, sizeof(out));
		if (m != (long)n || memcmp(in, out, n) != 0)
			ok = 0;
		if (n > 0 && b58_decode(b.p, out, n - 1) != -1)
			ok = 0;
	}
	CHECK(ok);
	buf_free(&b);
}

static void
test_base45(void)
{
	static const struct {
		const char *bin, *b45;
	} rfc[] = {
		{ "AB", "BB8" }, { "Hello!!", "%69 VD92EX0" }, { "base-45", "UJCLQE7W581" },
		{ "ietf!", "QED8WEX0" },
	};
	struct buf b = { 0 };
	uint8_t out[300], in[256];
	for (size_t i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		buf_reset(&b);
		b45_encode((const uint8_t *)rfc[i].bin, strlen(rfc[i].bin), &b);
		CHECK_STR(b.p, rfc[i].b45);
		long n = b45_decode(rfc[i].b45, out, sizeof(out));
		CHECK_INT(n, (long)strlen(rfc[i].bin));
		CHECK(n > 0 && memcmp(out, rfc[i].bin, (size_t)n) == 0);
	}
	CHECK_INT(b45_decode("GGW", out, sizeof(out)), -1);   /* 65536: out of range */
	CHECK_INT(b45_decode("FGW", out, sizeof(out)), 2);    /* 65535 */
	CHECK(out[0] == 0xff && out[1] == 0xff);
	CHECK_INT(b45_decode("U5", out, sizeof(out)), 1);     /* 255 */
	CHECK_INT(b45_decode("V5", out, sizeof(out)), -1);    /* 256 in a 2-character group */
	CHECK_INT(b45_decode("BB8B", out, sizeof(out)), -1);  /* length 1 mod 3 */
	CHECK_INT(b45_decode("bb8", out, sizeof(out)), -1);   /* lower case is not base45 */
	CHECK_INT(b45_decode("", out, sizeof(out)), 0);
	CHECK_INT(b45_decode("BB8", out, 1), -1);
	int ok = 1;
	for (int round = 0; round < 300; round++) {
		size_t n = round % 90;
		randombytes_buf(in, n);
		for (size_t i = 0; i < (size_t)(round % 3) && i < n; i++)
			in[i] = 0;
		buf_reset(&b);
		b45_encode(in, n, &b);
		if (b.n != n / 2 * 3 + n % 2 * 2)
			ok = 0;
		long m = b45_decode(b.p, out, sizeof(out));
		if (m != (long)n || memcmp(in, out, n) != 0)
			ok = 0;
	}
	CHECK(ok);
	buf_free(&b);
}

static void
test_statuslist(void)
{
	uint8_t *bits = calloc(STATUSLIST_MIN_BITS / 8, 1), *back = NULL;
	size_t n = 0;
	struct buf b = { 0 };
	CHECK_INT(statuslist_encode(bits, STATUSLIST_MIN_BITS / 8, &b), 0);
	CHECK_INT(b.n, 69);
	CHECK(b.p[0] == 'u');
	CHECK_INT(statuslist_decode(b.p, &back, &n), 0);
	CHECK_INT(n, STATUSLIST_MIN_BITS / 8);
	CHECK(back != NULL && memcmp(back, bits, n) == 0);
	free(back);
	/* the list of CREDENTIALS.md §2.4, written by another implementation */
	CHECK_INT(statuslist_decode("uH4sIAAAAAAACA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVK"
	    "sAQAAA", &back, &n), 0);
	CHECK_INT(n, 16384);
	CHECK(back != NULL && memcmp(back, bits, n) == 0);
	free(back);

	static const uint32_t set[] = { 0, 5, 94567, 131071 };
	for (size_t i = 0; i < 4; i++)
		statuslist_set(bits, set[i], 1);
	CHECK(bits[0] == 0x84); /* MSB first: bit 0 is 0x80, bit 5 is 0x04 */
	CHECK(bits[16383] == 0x01);
	buf_reset(&b);
	CHECK_INT(statuslist_encode(bits, STATUSLIST_MIN_BITS / 8, &b), 0);
	CHECK_INT(statuslist_decode(b.p, &back, &n), 0);
	CHECK_INT(n, 16384);
	int ok = back != NULL;
	for (uint32_t i = 0; back != NULL && i < STATUSLIST_MIN_BITS; i++) {
		int want = i == 0 || i == 5 || i == 94567 || i == 131071;
		if (statuslist_get(back, i) != want)
			ok = 0;
	}
	CHECK(ok);
	statuslist_set(back, 94567, 0);
	CHECK_INT(statuslist_get(back, 94567), 0);
	CHECK_INT(statuslist_get(back, 94566), 0);
	CHECK_INT(statuslist_get(back, 131071), 1);
	free(back);

	/* too short: 1024 bits encode, but decoding refuses them */
	buf_reset(&b);
	CHECK_INT(statuslist_encode(bits, 128, &b), 0);
	back = (uint8_t *)1;
	CHECK_INT(statuslist_decode(b.p, &back, &n), -1);
	CHECK(back == NULL);
	/* not gzip: a zlib stream of the same bits */
	uLongf zn = compressBound(16384);
	uint8_t *zb = malloc(zn);
	CHECK_INT(compress2(zb, &zn, bits, 16384, 9), Z_OK);
	char *b64 = malloc(sodium_base64_ENCODED_LEN(zn, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	sodium_bin2base64(b64, sodium_base64_ENCODED_LEN(zn,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), zb, zn,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	buf_reset(&b);
	buf_putc(&b, 'u');
	buf_puts(&b, b64);
	CHECK_INT(statuslist_decode(b.p, &back, &n), -1);
	free(b64);
	free(zb);
	/* prefix, base64 alphabet, truncation, trailing bytes */
	buf_reset(&b);
	CHECK_INT(statuslist_encode(bits, 16384, &b), 0);
	char *good = strdup(b.p);
	good[0] = 'z';
	CHECK_INT(statuslist_decode(good, &back, &n), -1);
	good[0] = 'u';
	good[b.n - 6] = '\0';
	CHECK_INT(statuslist_decode(good, &back, &n), -1);
	free(good);
	buf_puts(&b, "AAAA");
	CHECK_INT(statuslist_decode(b.p, &back, &n), -1);
	CHECK_INT(statuslist_decode("u+/==", &back, &n), -1);
	CHECK_INT(statuslist_decode("", &back, &n), -1);
	buf_free(&b);
	free(bits);
}

static void
test_offline(void)
{
	uint8_t pk[32], sk[64];
	trade_key(pk, sk);
	json_t *doc = trade_signed(sk);
	struct buf b = { 0 };
	CHECK_INT(offline_encode(doc, &b), 0);
	CHECK(strncmp(b.p, "VC1:", 4) == 0);
	/* only base45 characters: QR alphanumeric mode */
	CHECK(strspn(b.p + 4, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:") == b.n - 4);
	json_t *back = offline_decode(b.p);
	CHECK(back != NULL);
	CHECK(json_equal(back, doc));
	CHECK_INT(proof_verify(back, pk), PROOF_OK);
	json_decref(back);

	CHECK(offline_decode("VC1:") == NULL);
	CHECK(offline_decode("HC1:6BF") == NULL);
	CHECK(offline_decode(NULL) == NULL);
	char *bad = strdup(b.p);
	bad[0] = 'v';
	CHECK(offline_decode(bad) == NULL);
	bad[0] = 'V';
	bad[b.n - 3] = '\0'; /* truncated stream */
	CHECK(offline_decode(bad) == NULL);
	free(bad);
	bad = strdup(b.p);
	bad[10] = bad[10] == 'A' ? 'B' : 'A'; /* corrupted: zlib's Adler-32 or the JSON fails */
	back = offline_decode(bad);
	CHECK(back == NULL || proof_verify(back, pk) != PROOF_OK);
	json_decref(back);
	free(bad);
	/* valid framing around something that is not JSON */
	buf_reset(&b);
	uLongf zn = 64;
	uint8_t z[64];
	CHECK_INT(compress2(z, &zn, (const uint8_t *)"not json", 8, 9), Z_OK);
	buf_puts(&b, "VC1:");
	b45_encode(z, zn, &b);
	CHECK(offline_decode(b.p) == NULL);
	buf_free(&b);
	json_decref(doc);
}

T_MAIN(T(test_init), T(test_jcs_rfc8785_vectors), T(test_jcs_numbers), T(test_jcs_strings_and_keys),
    T(test_w3c_vector), T(test_trade_vector), T(test_tampering), T(test_multikey),
    T(test_base58), T(test_base45), T(test_statuslist), T(test_offline))
