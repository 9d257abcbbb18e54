/* statuslists: allocation of status indexes and signing of the status list credentials. */
#include "domain/statuslists.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/issuer.h"
#include "domain/signkeys.h"
#include "vc/proof.h"
#include "vc/statuslist.h"

#define LIST_BYTES (STATUSLIST_MIN_BITS / 8)
#define LIST_FILL_MAX (STATUSLIST_MIN_BITS / 2)

static const char *const purposes[] = { "revocation", "suspension" };

const char *
statuslists_purpose_name(enum sl_purpose p)
{
	return purposes[p];
}

int
statuslists_purpose_parse(const char *s)
{
	for (int i = 0; i < 2; i++)
		if (s && strcmp(s, purposes[i]) == 0)
			return i;
	return -1;
}

const char *
statuslists_url(struct arena *a, enum sl_purpose p, int64_t list_no)
{
	return arena_printf(a, "%s/status/%s/%lld", issuer_base(), purposes[p], (long long)list_no);
}

/* Builds and signs the list credential for bits; *out (arena) is its compact JSON. */
static enum st_rc
sign_list(struct st_tx *tx, struct arena *a, enum sl_purpose p, int64_t list_no,
    const uint8_t *bits, int64_t now_us, const char **out)
{
	struct buf enc = { 0 };
	if (statuslist_encode(bits, LIST_BYTES, &enc) != 0) {
		buf_free(&enc);
		return ST_ERROR;
	}
	const char *url = statuslists_url(a, p, list_no);
	char now[32];
	time_format_us(now_us, now);
	json_t *doc = json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, s:{s:s, s:s, s:s, s:s, s:I}}",
	    "@context", "https://www.w3.org/ns/credentials/v2",
	    "id", url,
	    "type", "VerifiableCredential", "BitstringStatusListCredential",
	    "issuer", issuer_did(),
	    "validFrom", now,
	    "credentialSubject",
	    "id", arena_printf(a, "%s#list", url),
	    "type", "BitstringStatusList",
	    "statusPurpose", purposes[p],
	    "encodedList", enc.p,
	    "ttl", (json_int_t)STATUSLIST_TTL_MS);
	buf_free(&enc);
	const char *vm = NULL;
	uint8_t sk[64];
	enum st_rc rc = signkeys_active(tx, a, &vm, sk);
	if (rc == ST_NOTFOUND)
		rc = ST_ERROR; /* callers check for a key first; a list is never left unsigned */
	if (rc == ST_OK) {
		if (proof_sign(doc, vm, now, sk) != 0)
			rc = ST_ERROR;
		sodium_memzero(sk, sizeof(sk));
	}
	if (rc == ST_OK) {
		char *s = json_dumps(doc, JSON_COMPACT);
		*out = arena_strdup(a, s);
		free(s);
	}
	json_decref(doc);
	return rc;
}

static enum st_rc
open_pair(struct st_tx *tx, struct arena *a, int64_t list_no, int64_t now_us)
{
	uint8_t *bits = arena_calloc(a, 1, LIST_BYTES);
	for (int p = 0; p < 2; p++) {
		const char *cred = NULL;
		enum st_rc rc = sign_list(tx, a, (enum sl_purpose)p, list_no, bits, now_us, &cred);
		if (rc != ST_OK)
			return rc;
		struct st_param ip[] = { SP_STR(purposes[p]), SP_INT(list_no),
			SP_BLOB_(bits, LIST_BYTES), SP_STR(cred), SP_INT(now_us) };
		if ((rc = st_exec(tx, Q_SLIST_INSERT, ip, 5, NULL, NULL, NULL)) != ST_OK)
			return rc;
	}
	return ST_OK;
}

struct open_row {
	int64_t list_no, used;
	int found;
};

static int
open_row(void *ctx, const struct st_row *row)
{
	struct open_row *o = ctx;
	o->list_no = st_i64(row, 0);
	o->used = st_i64(row, 1);
	o->found = 1;
	return 1;
}

enum st_rc
statuslists_allocate(struct st_tx *tx, struct arena *a, int64_t now_us, int64_t *list_no,
    int64_t *index)
{
	struct open_row o = { 0 };
	enum st_rc rc = st_exec(tx, Q_SLIST_OPEN, NULL, 0, open_row, &o, NULL);
	if (rc != ST_OK)
		return rc;
	if (!o.found || o.used >= LIST_FILL_MAX) {
		o.list_no = o.found ? o.list_no + 1 : 1;
		if ((rc = open_pair(tx, a, o.list_no, now_us)) != ST_OK)
			return rc;
	}
	/* At most half the list is used, so each pick is free with probability >= 1/2. */
	for (int tries = 0; tries < 64; tries++) {
		int64_t i = (int64_t)randombytes_uniform(STATUSLIST_MIN_BITS);
		int64_t taken = 0;
		struct st_param tp[] = { SP_INT(o.list_no), SP_INT(i) };
		if ((rc = st_one_i64(tx, Q_CERT_INDEX_TAKEN, tp, 2, &taken)) != ST_OK)
			return rc;
		if (taken == 0) {
			struct st_param up[] = { SP_INT(o.list_no) };
			if ((rc = st_exec(tx, Q_SLIST_USE, up, 1, NULL, NULL, NULL)) != ST_OK)
				return rc;
			*list_no = o.list_no;
			*index = i;
			return ST_OK;
		}
	}
	return ST_ERROR;
}

struct bits_row {
	struct arena *a;
	uint8_t *bits;
};

static int
bits_row(void *ctx, const struct st_row *row)
{
	struct bits_row *b = ctx;
	if (st_len(row, 0) == LIST_BYTES) {
		b->bits = arena_alloc(b->a, LIST_BYTES);
		memcpy(b->bits, st_blob(row, 0), LIST_BYTES);
	}
	return 1;
}

enum st_rc
statuslists_set(struct st_tx *tx, struct arena *a, enum sl_purpose p, int64_t list_no,
    int64_t index, int on, int64_t now_us)
{
	if (index < 0 || index >= (int64_t)STATUSLIST_MIN_BITS)
		return ST_ERROR;
	struct bits_row b = { a, NULL };
	struct st_param kp[] = { SP_STR(purposes[p]), SP_INT(list_no) };
	enum st_rc rc = st_exec(tx, Q_SLIST_BITS, kp, 2, bits_row, &b, NULL);
	if (rc != ST_OK)
		return rc;
	if (b.bits == NULL)
		return ST_ERROR;
	statuslist_set(b.bits, (uint32_t)index, on);
	const char *cred = NULL;
	if ((rc = sign_list(tx, a, p, list_no, b.bits, now_us, &cred)) != ST_OK)
		return rc;
	struct st_param sp[] = { SP_STR(purposes[p]), SP_INT(list_no), SP_BLOB_(b.bits, LIST_BYTES),
		SP_STR(cred), SP_INT(now_us) };
	return st_exec(tx, Q_SLIST_SET, sp, 5, NULL, NULL, NULL);
}

struct cred_row {
	struct arena *a;
	const char *json;
	int64_t updated;
};

static int
cred_row(void *ctx, const struct st_row *row)
{
	struct cred_row *c = ctx;
	c->json = arena_strdup(c->a, st_text(row, 0));
	c->updated = st_i64(row, 1);
	return 1;
}

enum st_rc
statuslists_credential(struct st_tx *tx, struct arena *a, enum sl_purpose p, int64_t list_no,
    const char **json, int64_t *updated_us)
{
	struct cred_row c = { a, NULL, 0 };
	struct st_param kp[] = { SP_STR(purposes[p]), SP_INT(list_no) };
	enum st_rc rc = st_exec(tx, Q_SLIST_CREDENTIAL, kp, 2, cred_row, &c, NULL);
	if (rc != ST_OK)
		return rc;
	if (c.json == NULL)
		return ST_NOTFOUND;
	*json = c.json;
	*updated_us = c.updated;
	return ST_OK;
}
