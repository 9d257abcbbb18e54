/* idempotency: Idempotency-Key for creating POSTs (routes flagged ROUTE_IDEMPOTENT).
 *
 * Scope is (user id, key); anonymous callers share user id 0. The request hash is SHA-256 of
 * method NUL path NUL body. The stored reply is written by the same write job as the creation,
 * inside its savepoint, so either both are durable or neither is. The writer thread is the only
 * writer: a second request with the same key, in the same group or a later one, sees the first
 * one's row and gets its reply back (Idempotent-Replayed: true). A key reused for a different
 * request gets 422. Job failures (fn did not return ST_OK) and 5xx replies are not stored, so a
 * retry with the same key runs again.
 *
 * Stored replies keep status and body only: a replay has the content type implied by the
 * status (JSON, or problem+json for >= 400) and none of the original extra headers.
 *
 * Threading: idem_prepare() on the MHD worker; idem_run() on the writer thread. */
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "http/internal.h"
#include "http/router.h"

struct idem_row {
	struct arena *a;
	int found;
	const char *route, *hash, *body;
	size_t body_len;
	int64_t status;
};

int
idem_prepare(struct req_impl *ri)
{
	struct req *r = &ri->req;
	const char *key = req_header(r, "Idempotency-Key");
	ri->idem_key = NULL;
	if (key == NULL)
		return 0;
	if (!http_idem_key_valid(key))
		return -1;
	ri->idem_key = arena_strdup(&r->arena, key);

	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	/* NUL separators: ("POST", "/a", "b") and ("POST", "/ab", "") must differ. */
	crypto_hash_sha256_update(&st, (const unsigned char *)ri->method, strlen(ri->method) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)ri->path, strlen(ri->path) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)r->body, r->body_len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(ri->idem_hash, sizeof(ri->idem_hash), h, sizeof(h));
	return 0;
}

static int
idem_row_cb(void *ctx, const struct st_row *row)
{
	struct idem_row *ir = ctx;
	ir->found = 1;
	ir->route = arena_strdup(ir->a, st_text(row, 0));
	ir->hash = arena_strdup(ir->a, st_text(row, 1));
	ir->status = st_i64(row, 2);
	ir->body_len = st_len(row, 3);
	ir->body = arena_strndup(ir->a, st_text(row, 3), ir->body_len);
	return 1;
}

static void
replay(struct req_impl *ri, const struct idem_row *ir)
{
	struct req *r = &ri->req;
	unsigned status = ir->status >= 200 && ir->status <= 599 ? (unsigned)ir->status : 500;
	reply_header(r, "Idempotent-Replayed", "true");
	http_reply_set(ri, status, status >= 400 ? "application/problem+json; charset=utf-8" :
	    "application/json; charset=utf-8", ir->body, ir->body_len, status >= 400);
}

enum st_rc
idem_run(struct st_tx *tx, struct req_impl *ri)
{
	struct req *r = &ri->req;
	int64_t uid = r->who ? r->who->user_id : 0;
	const char *route = r->route ? r->route->name : "";
	struct idem_row ir = { .a = &r->arena };
	struct st_param get[] = { SP_INT(uid), SP_STR(ri->idem_key) };

	enum st_rc rc = st_exec(tx, Q_IDEM_GET, get, 2, idem_row_cb, &ir, NULL);
	if (rc != ST_OK) {
		log_err("idempotency: lookup failed: %s", st_rc_name(rc));
		return rc;
	}
	if (ir.found) {
		if (strcmp(ir.hash, ri->idem_hash) != 0 || strcmp(ir.route, route) != 0)
			reply_error(r, E_IDEMPOTENCY_REUSE, NULL, NULL);
		else
			replay(ri, &ir);
		return ST_OK; /* nothing written */
	}

	rc = ri->wfn(tx, ri->wctx);
	if (rc != ST_OK)
		return rc;
	ri->wreply(r, ri->wctx, ST_OK);
	if (ri->rep.status == 0 || ri->rep.status >= 500)
		return ST_OK;

	struct st_param put[] = {
		SP_INT(uid), SP_STR(ri->idem_key), SP_STR(route), SP_STR(ri->idem_hash),
		SP_INT(ri->rep.status),
		{ .t = SP_TEXT, .p = ri->rep.body ? ri->rep.body : "", .n = ri->rep.len },
		SP_INT(time_now_us()),
	};
	rc = st_exec(tx, Q_IDEM_PUT, put, sizeof(put) / sizeof(put[0]), NULL, NULL, NULL);
	if (rc != ST_OK) {
		/* Failing the job rolls the creation back with it: no creation without its key. */
		log_err("idempotency: storing the reply failed: %s", st_rc_name(rc));
		return rc == ST_CONFLICT ? ST_ERROR : rc;
	}
	return ST_OK;
}
