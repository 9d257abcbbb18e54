/* proof: eddsa-jcs-2022 Data Integrity proofs (vc-di-eddsa §3.3). hashData is
 * SHA-256(JCS(proof options)) ‖ SHA-256(JCS(document without proof)), signed with pure Ed25519;
 * the proof options are the proof without proofValue, with the document's @context. */
#include "vc/proof.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "vc/jcs.h"
#include "vc/multibase.h"

static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int
proof_parse_datetime(const char *s, int64_t *t)
{
	int y, mo, d, h, mi, se, off = 0;
	if (s == NULL || strlen(s) < 20)
		return -1;
	/* Four-digit years only: credentials are dated in this era. */
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' ||
	    digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
		return -1;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	/* dateTimeStamp: the time zone is required. */
	if (p[0] == 'Z' && p[1] == '\0') {
		off = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 14 || om > 59 ||
		    (oh == 14 && om != 0))
			return -1;
		off = (oh * 60 + om) * 60 * (p[0] == '-' ? -1 : 1);
	} else {
		return -1;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
		.tm_min = mi, .tm_sec = se };
	if (t != NULL)
		*t = (int64_t)timegm(&tm) - off;
	return 0;
}

int
proof_hash_data(const json_t *options, const json_t *unsecured, uint8_t hash_data[64])
{
	struct buf b = { 0 };
	int rc = -1;
	if (jcs_write(options, &b) != 0)
		goto out;
	crypto_hash_sha256(hash_data, (const unsigned char *)b.p, b.n);
	buf_reset(&b);
	if (jcs_write(unsecured, &b) != 0)
		goto out;
	crypto_hash_sha256(hash_data + 32, (const unsigned char *)b.p, b.n);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
proof_sign(json_t *doc, const char *verification_method, const char *created,
    const uint8_t sk[64])
{
	if (!json_is_object(doc) || json_object_get(doc, "proof") != NULL ||
	    verification_method == NULL || proof_parse_datetime(created, NULL) != 0)
		return -1;
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
	    "cryptosuite", "eddsa-jcs-2022", "created", created,
	    "verificationMethod", verification_method, "proofPurpose", "assertionMethod");
	if (opt == NULL)
		return -1;
	json_t *ctx = json_object_get(doc, "@context");
	if (ctx != NULL)
		json_object_set_new(opt, "@context", json_deep_copy(ctx));
	uint8_t hash[64], sig[64];
	if (proof_hash_data(opt, doc, hash) != 0) {
		json_decref(opt);
		return -1;
	}
	crypto_sign_detached(sig, NULL, hash, sizeof(hash), sk);
	struct buf b = { 0 };
	buf_putc(&b, 'z');
	b58_encode(sig, sizeof(sig), &b);
	json_object_set_new(opt, "proofValue", json_string(b.p));
	buf_free(&b);
	json_object_set_new(doc, "proof", opt);
	return 0;
}

/* The value as an array (a lone @context string is a one-element list). */
static size_t
ctx_len(const json_t *c)
{
	return json_is_array(c) ? json_array_size(c) : c != NULL ? 1 : 0;
}

static const json_t *
ctx_at(const json_t *c, size_t i)
{
	return json_is_array(c) ? json_array_get(c, i) : c;
}

static int
str_is(const json_t *v, const char *want)
{
	return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

/* The checks that need no key; sig receives the decoded signature when they pass. */
static enum proof_rc
proof_check_sig(const json_t *doc, uint8_t sig[64])
{
	const json_t *proof = json_is_object(doc) ? json_object_get(doc, "proof") : NULL;
	if (proof == NULL)
		return PROOF_MISSING;
	if (!json_is_object(proof))
		return PROOF_MALFORMED;
	const json_t *created = json_object_get(proof, "created");
	if (!str_is(json_object_get(proof, "type"), "DataIntegrityProof") ||
	    !str_is(json_object_get(proof, "cryptosuite"), "eddsa-jcs-2022") ||
	    !str_is(json_object_get(proof, "proofPurpose"), "assertionMethod") ||
	    !json_is_string(json_object_get(proof, "verificationMethod")) ||
	    (created != NULL && proof_parse_datetime(json_string_value(created), NULL) != 0))
		return PROOF_MALFORMED;
	const json_t *pv = json_object_get(proof, "proofValue");
	uint8_t raw[65];
	if (!json_is_string(pv) || json_string_value(pv)[0] != 'z' ||
	    strlen(json_string_value(pv)) != json_string_length(pv) ||
	    b58_decode(json_string_value(pv) + 1, raw, sizeof(raw)) != 64)
		return PROOF_VALUE;
	memcpy(sig, raw, 64);
	/* The document's @context must start with the proof's, in order. */
	const json_t *pctx = json_object_get(proof, "@context");
	if (pctx != NULL) {
		const json_t *dctx = json_object_get(doc, "@context");
		if (ctx_len(pctx) > ctx_len(dctx))
			return PROOF_CONTEXT;
		for (size_t i = 0; i < ctx_len(pctx); i++)
			if (!json_equal((json_t *)ctx_at(pctx, i), (json_t *)ctx_at(dctx, i)))
				return PROOF_CONTEXT;
	}
	return PROOF_OK;
}

enum proof_rc
proof_check(const json_t *doc)
{
	uint8_t sig[64];
	return proof_check_sig(doc, sig);
}

enum proof_rc
proof_verify(const json_t *doc, const uint8_t pk[32])
{
	uint8_t sig[64], hash[64];
	enum proof_rc rc = proof_check_sig(doc, sig);
	if (rc != PROOF_OK)
		return rc;
	json_t *unsecured = json_copy((json_t *)doc);
	json_t *opt = json_copy(json_object_get(doc, "proof"));
	json_object_del(unsecured, "proof");
	json_object_del(opt, "proofValue");
	const json_t *pctx = json_object_get(opt, "@context");
	if (pctx != NULL)
		json_object_set(unsecured, "@context", (json_t *)pctx);
	rc = PROOF_SIGNATURE;
	if (proof_hash_data(opt, unsecured, hash) == 0 &&
	    crypto_sign_verify_detached(sig, hash, sizeof(hash), pk) == 0)
		rc = PROOF_OK;
	json_decref(unsecured);
	json_decref(opt);
	return rc;
}

const char *
proof_method(const json_t *doc)
{
	const json_t *p = json_object_get(doc, "proof");
	return json_string_value(json_object_get(p, "verificationMethod"));
}

const char *
proof_purpose(const json_t *doc)
{
	const json_t *p = json_object_get(doc, "proof");
	return json_string_value(json_object_get(p, "proofPurpose"));
}

const char *
proof_rc_name(enum proof_rc rc)
{
	switch (rc) {
	case PROOF_OK: return "ok";
	case PROOF_MISSING: return "missing";
	case PROOF_MALFORMED: return "malformed";
	case PROOF_CONTEXT: return "context";
	case PROOF_VALUE: return "value";
	case PROOF_SIGNATURE: return "signature";
	}
	return "unknown";
}
