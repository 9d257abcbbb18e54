/* Catchment areas and the rollout of employment services: the public tree and one catchment,
 * and milestone dates recorded by managers and administrators. */
#include <string.h>

#include "api/api.h"
#include "domain/network.h"
#include "json/jspec.h"

struct catchment_ctx {
	struct api_op op;
	const char *phase;
	int64_t id;
	struct milestone_in in;
};

static enum st_rc
tree_tx(struct st_tx *tx, void *v)
{
	struct catchment_ctx *c = v;
	api_op_reset(&c->op);
	return network_tree(tx, c->phase, &c->op.out);
}

int
h_catchments_list(struct req *r)
{
	struct catchment_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_query_enum(r, "phase", catchment_phases, &c->phase) != 0)
		return 0;
	return api_read(r, tree_tx, &c->op);
}

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct catchment_ctx *c = v;
	api_op_reset(&c->op);
	return network_catchment_get(tx, c->id, &c->op.out);
}

int
h_catchment_get(struct req *r)
{
	struct catchment_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, get_tx, &c->op);
}

struct milestone_body {
	int32_t planned_date, actual_date;
	int has_planned, has_actual;
};

static enum st_rc
milestone_tx(struct st_tx *tx, void *v)
{
	struct catchment_ctx *c = v;
	api_op_reset(&c->op);
	return network_milestone_set(tx, c->op.who, &c->in, &c->op.out, &c->op.err);
}

int
h_catchment_milestone_put(struct req *r)
{
	static const struct jfield spec[] = {
		JF_DATEH("planned_date", struct milestone_body, planned_date, has_planned,
		    JF_REQUIRED | JF_NULLABLE),
		JF_DATEH("actual_date", struct milestone_body, actual_date, has_actual,
		    JF_REQUIRED | JF_NULLABLE),
		JF_END
	};
	struct catchment_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	int kind = -1;
	for (int k = 0; r->nargs > 1 && milestone_kinds[k]; k++)
		if (strcmp(milestone_kinds[k], r->args[1]) == 0)
			kind = k;
	if (kind < 0) {
		reply_error(r, E_ROUTE_NOT_FOUND, NULL, NULL);
		return 0;
	}
	struct milestone_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	c->in = (struct milestone_in){ .region_id = c->id, .kind = kind,
		.planned = b.planned_date, .has_planned = b.has_planned,
		.actual = b.actual_date, .has_actual = b.has_actual };
	return req_write(r, milestone_tx, c, api_op_reply);
}
