/* signkeys: generation, rotation and use of the issuer's signing keys; the DID document. */
#include "domain/signkeys.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/crypto.h"
#include "domain/issuer.h"
#include "vc/multibase.h"

enum st_rc
signkeys_generate(struct st_tx *tx, struct arena *a, int64_t now_us, const char **key_id)
{
	int y, m, d;
	date_to_ymd(date_of_us_local(now_us), &y, &m, &d);
	char prefix[24];
	snprintf(prefix, sizeof(prefix), "key-%04d-%%", y);
	int64_t count = 0;
	struct st_param cp[] = { SP_STR(prefix) };
	enum st_rc rc = st_one_i64(tx, Q_SIGNKEY_COUNT_PREFIX, cp, 1, &count);
	if (rc != ST_OK)
		return rc;
	const char *id = arena_printf(a, "key-%04d-%02d", y, (int)count + 1);

	uint8_t seed[32], pk[32], sk[64];
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	char seed_hex[65];
	sodium_bin2hex(seed_hex, sizeof(seed_hex), seed, sizeof(seed));
	size_t sealed_n = 0;
	unsigned char *sealed = crypto_seal(a, seed_hex, 64, &sealed_n);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seed_hex, sizeof(seed_hex));
	if (sealed == NULL)
		return ST_ERROR; /* no field key: cli_init refuses before this */
	char mb[49];
	multikey_encode(pk, mb);

	struct st_param rp[] = { SP_INT(now_us) };
	if ((rc = st_exec(tx, Q_SIGNKEY_RETIRE_ACTIVE, rp, 1, NULL, NULL, NULL)) != ST_OK)
		return rc;
	int64_t row = 0;
	struct st_param ip[] = { SP_STR(id), SP_STR(mb), SP_BLOB_(sealed, sealed_n), SP_INT(now_us) };
	if ((rc = st_one_i64(tx, Q_SIGNKEY_INSERT, ip, 4, &row)) != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:s, s:s}", "key_id", id, "public_key_multibase", mb);
	struct audit_event ev = { "signing_key", row, 0, "signing_key.generated", NULL, NULL, payload };
	rc = audit_append(tx, NULL, &ev, NULL);
	json_decref(payload);
	*key_id = id;
	return rc;
}

struct active_row {
	struct arena *a;
	const char *key_id;
	char *seed_hex;
	int found;
};

static int
active_row(void *ctx, const struct st_row *row)
{
	struct active_row *k = ctx;
	k->key_id = arena_strdup(k->a, st_text(row, 0));
	k->seed_hex = crypto_open(k->a, st_blob(row, 2), st_len(row, 2));
	k->found = 1;
	return 1;
}

enum st_rc
signkeys_active(struct st_tx *tx, struct arena *a, const char **vm, uint8_t sk[64])
{
	struct active_row k = { .a = a };
	enum st_rc rc = st_exec(tx, Q_SIGNKEY_ACTIVE, NULL, 0, active_row, &k, NULL);
	if (rc != ST_OK)
		return rc;
	if (!k.found)
		return ST_NOTFOUND;
	uint8_t seed[32], pk[32];
	size_t n = 0;
	if (k.seed_hex == NULL ||
	    sodium_hex2bin(seed, sizeof(seed), k.seed_hex, 64, NULL, &n, NULL) != 0 || n != 32) {
		if (k.seed_hex)
			sodium_memzero(k.seed_hex, strlen(k.seed_hex));
		return ST_ERROR;
	}
	sodium_memzero(k.seed_hex, 64);
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	*vm = arena_printf(a, "%s#%s", issuer_did(), k.key_id);
	return ST_OK;
}

struct did_ctx {
	json_t *methods, *assertion, *list;
};

static int
did_row(void *ctx, const struct st_row *row)
{
	struct did_ctx *c = ctx;
	char vm[400];
	snprintf(vm, sizeof(vm), "%s#%s", issuer_did(), st_text(row, 0));
	if (c->methods) {
		json_array_append_new(c->methods, json_pack("{s:s, s:s, s:s, s:s}", "id", vm,
		    "type", "Multikey", "controller", issuer_did(),
		    "publicKeyMultibase", st_text(row, 1)));
		json_array_append_new(c->assertion, json_string(vm));
	}
	if (c->list) {
		char created[32], retired[32];
		time_format_us(st_i64(row, 3), created);
		if (!st_isnull(row, 4))
			time_format_us(st_i64(row, 4), retired);
		json_array_append_new(c->list, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s?}",
		    "key_id", st_text(row, 0), "verification_method", vm,
		    "public_key_multibase", st_text(row, 1), "active", (int)st_i64(row, 2),
		    "created", created, "retired", st_isnull(row, 4) ? NULL : retired));
	}
	return 0;
}

enum st_rc
signkeys_did_document(struct st_tx *tx, json_t **out)
{
	struct did_ctx c = { json_array(), json_array(), NULL };
	enum st_rc rc = st_exec(tx, Q_SIGNKEY_LIST, NULL, 0, did_row, &c, NULL);
	if (rc != ST_OK) {
		json_decref(c.methods);
		json_decref(c.assertion);
		return rc;
	}
	*out = json_pack("{s:[s, s], s:s, s:o, s:o}",
	    "@context", "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
	    "id", issuer_did(), "verificationMethod", c.methods, "assertionMethod", c.assertion);
	return ST_OK;
}

enum st_rc
signkeys_list(struct st_tx *tx, json_t **out)
{
	struct did_ctx c = { NULL, NULL, json_array() };
	enum st_rc rc = st_exec(tx, Q_SIGNKEY_LIST, NULL, 0, did_row, &c, NULL);
	if (rc != ST_OK) {
		json_decref(c.list);
		return rc;
	}
	*out = c.list;
	return ST_OK;
}
