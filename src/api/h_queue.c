/* Work queues: open cases by due date for a role and region. */
#include <string.h>

#include "api/api.h"
#include "domain/queue.h"

struct queue_ctx {
	struct api_op op;
	struct api_page pg;
	enum role role;
	int64_t region_id;
	struct queue_cursor cur;
	int more;
};

static enum st_rc
queue_tx(struct st_tx *tx, void *v)
{
	struct queue_ctx *c = v;
	api_op_reset(&c->op);
	return queue_list(tx, c->op.a, c->op.who, "apprenticeship", c->role, c->region_id, &c->cur,
	    c->pg.limit, c->op.lang, &c->op.out, &c->more);
}

int
h_queue(struct req *r)
{
	static const char *const roles[] = { "advisor", "sponsor", "client", NULL };
	struct queue_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	const char *role = NULL;
	if (api_page(r, &c->pg) != 0 || api_query_enum(r, "role", roles, &role) != 0 ||
	    api_query_i64(r, "region_id", 1, INT64_MAX, &c->region_id) != 0)
		return 0;
	c->role = ROLE_ADVISOR;
	if (role)
		role_parse(role, &c->role);
	c->cur.due_us = c->pg.after;
	c->cur.clock_id = c->pg.after2;
	enum st_rc rc = st_read(r->store, queue_tx, c);
	if (rc != ST_OK) {
		api_op_reply(r, c, rc);
		return 0;
	}
	static const char *const cols[] = { "id", "state", "apprentice.client_number",
		"apprentice.given_name", "apprentice.family_name", "sponsor.name", "trade_code",
		"region_id", "service_standard.standard", "service_standard.due_date",
		"service_standard.business_days_left", "service_standard.breached", NULL };
	api_reply_page(r, c->op.out, c->more ? api_cursor(r, c->cur.due_us, c->cur.clock_id) : NULL,
	    cols);
	c->op.out = NULL;
	return 0;
}
