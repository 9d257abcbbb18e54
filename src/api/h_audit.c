/* The audit trail: events (auditors, administrators) and the hash-chain check. */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/page.h"

struct audit_ctx {
	struct api_op op;
	struct api_page pg;
	const char *entity;
	int64_t entity_id, actor_id, next;
};

static int
event_row(void *v, const struct st_row *row)
{
	struct audit_ctx *c = v;
	char t[32];
	time_format_us(st_i64(row, 1), t);
	json_t *payload = json_loads(st_text(row, 10), 0, NULL);
	json_t *o = json_pack("{s:I,s:s,s:o,s:o,s:s,s:I,s:o,s:s,s:o,s:o,s:o,s:s}",
	    "id", (json_int_t)st_i64(row, 0), "at", t,
	    "actor_id", st_isnull(row, 2) ? json_null() : json_integer(st_i64(row, 2)),
	    "actor_role", st_isnull(row, 3) ? json_null() : json_string(st_text(row, 3)),
	    "entity", st_text(row, 4), "entity_id", (json_int_t)st_i64(row, 5),
	    "case_id", st_isnull(row, 6) ? json_null() : json_integer(st_i64(row, 6)),
	    "type", st_text(row, 7),
	    "from_state", st_isnull(row, 8) ? json_null() : json_string(st_text(row, 8)),
	    "to_state", st_isnull(row, 9) ? json_null() : json_string(st_text(row, 9)),
	    "payload", payload ? payload : json_object(), "hash", st_text(row, 11));
	json_array_append_new(c->op.out, o);
	c->next = st_i64(row, 0);
	return 0;
}

static enum st_rc
events_tx(struct st_tx *tx, void *v)
{
	struct audit_ctx *c = v;
	api_op_reset(&c->op);
	c->op.out = json_array();
	c->next = 0;
	struct st_param p[] = { SP_STR(c->entity ? c->entity : ""), SP_INT(c->entity_id),
		SP_INT(c->actor_id), SP_INT(c->pg.after), SP_INT(c->pg.limit + 1) };
	enum st_rc rc = st_exec(tx, Q_AUDIT_LIST, p, 5, event_row, c, NULL);
	c->next = page_trim(c->op.out, c->pg.limit);
	return rc;
}

int
h_audit_events(struct req *r)
{
	static const char *const entities[] = { "case", "person", "organisation", "user", "hours",
		"import", "export", NULL };
	struct audit_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_page(r, &c->pg) != 0 || api_query_enum(r, "entity", entities, &c->entity) != 0 ||
	    api_query_i64(r, "entity_id", 1, INT64_MAX, &c->entity_id) != 0 ||
	    api_query_i64(r, "actor_id", 1, INT64_MAX, &c->actor_id) != 0)
		return 0;
	static const char *const cols[] = { "id", "at", "actor_id", "actor_role", "entity",
		"entity_id", "case_id", "type", "from_state", "to_state", "hash", NULL };
	return api_read_page(r, events_tx, &c->op, &c->next, cols);
}

static enum st_rc
verify_tx(struct st_tx *tx, void *v)
{
	struct api_op *op = v;
	api_op_reset(op);
	struct audit_report rep;
	enum st_rc rc = audit_verify(tx, &rep);
	if (rc == ST_OK)
		op->out = json_pack("{s:b,s:I,s:o,s:o}", "intact", rep.first_bad_id == 0,
		    "checked", (json_int_t)rep.checked,
		    "first_bad_event_id", rep.first_bad_id ? json_integer(rep.first_bad_id) : json_null(),
		    "reason", rep.first_bad_id ? json_string(rep.reason) : json_null());
	return rc;
}

int
h_audit_verify(struct req *r)
{
	struct api_op *op = arena_alloc(&r->arena, sizeof(*op));
	api_op_init(op, r, 200);
	return api_read(r, verify_tx, op);
}
