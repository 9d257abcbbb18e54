#include "domain/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/crypto.h"

/* The canonical text of one event: fields in a fixed order, separated by newlines; NULLs are
 * written as "-" so that NULL and "" differ ("" never occurs for these columns). */
static void
canon(struct buf *b, const char *prev, int64_t at, int64_t actor, const char *role,
    const char *entity, int64_t entity_id, int64_t case_id, const char *type, const char *from,
    const char *to, const char *payload)
{
	buf_reset(b);
	buf_printf(b, "%s\n%" PRId64 "\n%" PRId64 "\n%s\n%s\n%" PRId64 "\n%" PRId64
	    "\n%s\n%s\n%s\n", prev, at, actor, role ? role : "-", entity, entity_id, case_id,
	    type, from ? from : "-", to ? to : "-");
	buf_puts(b, payload);
}

static int
tail_row(void *ctx, const struct st_row *row)
{
	snprintf(ctx, 65, "%s", st_text(row, 0));
	return 1;
}

struct insert_ctx {
	int64_t id;
};

static int
id_row(void *ctx, const struct st_row *row)
{
	((struct insert_ctx *)ctx)->id = st_i64(row, 0);
	return 1;
}

enum st_rc
audit_append(struct st_tx *tx, const struct principal *who, const struct audit_event *ev,
    int64_t *id_out)
{
	char prev[65] = "";
	enum st_rc rc = st_exec(tx, Q_EVENT_TAIL, NULL, 0, tail_row, prev, NULL);
	if (rc != ST_OK)
		return rc;
	char *payload = ev->payload ? json_dumps(ev->payload, JSON_COMPACT | JSON_SORT_KEYS)
	    : strdup("{}");
	if (payload == NULL)
		return ST_ERROR;
	int64_t at = time_now_us();
	int64_t actor = who ? who->user_id : 0;
	const char *role = who ? role_name(who->role) : NULL;
	struct buf b = { 0 };
	char hash[65];
	canon(&b, prev, at, actor, role, ev->entity, ev->entity_id, ev->case_id, ev->type,
	    ev->from_state, ev->to_state, payload);
	crypto_sha256_hex(b.p, b.n, hash);
	buf_free(&b);
	struct insert_ctx ic = { 0 };
	struct st_param p[] = { SP_INT(at), SP_OPTINT(actor, actor), SP_STR(role), SP_STR(ev->entity),
		SP_INT(ev->entity_id), SP_OPTINT(ev->case_id, ev->case_id), SP_STR(ev->type),
		SP_STR(ev->from_state), SP_STR(ev->to_state), SP_STR(payload), SP_STR(hash) };
	rc = st_exec(tx, Q_EVENT_INSERT, p, 11, id_row, &ic, NULL);
	if (rc == ST_OK && id_out)
		*id_out = ic.id;
	free(payload);
	return rc;
}

struct verify_ctx {
	struct audit_report *rep;
	char prev[65];
	int64_t last_id;
	int rows;
	struct buf b;
};

static int
verify_row(void *vctx, const struct st_row *row)
{
	struct verify_ctx *c = vctx;
	int64_t id = st_i64(row, 0);
	c->rows++;
	c->last_id = id;
	if (c->rep->first_bad_id)
		return 1;
	canon(&c->b, c->prev, st_i64(row, 1), st_i64(row, 2),
	    st_isnull(row, 3) ? NULL : st_text(row, 3), st_text(row, 4), st_i64(row, 5),
	    st_i64(row, 6), st_text(row, 7), st_isnull(row, 8) ? NULL : st_text(row, 8),
	    st_isnull(row, 9) ? NULL : st_text(row, 9), st_text(row, 10));
	char hash[65];
	crypto_sha256_hex(c->b.p, c->b.n, hash);
	c->rep->checked++;
	if (strcmp(hash, st_text(row, 11)) != 0) {
		c->rep->first_bad_id = id;
		snprintf(c->rep->reason, sizeof(c->rep->reason),
		    "event %" PRId64 " does not match the hash chain (edited, or an event before it was removed or changed)",
		    id);
		return 1;
	}
	memcpy(c->prev, hash, sizeof(hash));
	return 0;
}

enum st_rc
audit_verify(struct st_tx *tx, struct audit_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	struct verify_ctx c = { .rep = rep };
	enum st_rc rc = ST_OK;
	for (;;) {
		c.rows = 0;
		struct st_param p[] = { SP_INT(c.last_id), SP_INT(1000) };
		rc = st_exec(tx, Q_EVENT_SCAN, p, 2, verify_row, &c, NULL);
		if (rc != ST_OK || rep->first_bad_id || c.rows < 1000)
			break;
	}
	buf_free(&c.b);
	return rc;
}

json_t *
audit_diff(json_t *before, json_t *after)
{
	json_t *o = json_object();
	json_object_set_new(o, "before", before ? before : json_null());
	json_object_set_new(o, "after", after ? after : json_null());
	return o;
}
