/* Hours of a training agreement: sponsors log them, advisors decide. */
#include "api/api.h"
#include "domain/hours.h"
#include "json/jspec.h"

struct hours_ctx {
	struct api_op op;
	struct api_page pg;
	int64_t id, next;
	struct hours_in in;
	int approve;
	const char *reason;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct hours_ctx *c = v;
	api_op_reset(&c->op);
	return hours_list(tx, c->op.a, c->op.who, c->id, c->pg.after, c->pg.limit, &c->op.out,
	    &c->next);
}

int
h_hours_list(struct req *r)
{
	struct hours_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || api_page(r, &c->pg) != 0)
		return 0;
	static const char *const cols[] = { "id", "agreement_id", "period_start", "period_end",
		"hours", "status", "description", "logged_at", "decided_at", "reason", NULL };
	return api_read_page(r, list_tx, &c->op, &c->next, cols);
}

struct hours_body {
	int32_t period_start, period_end;
	int64_t hours;
	const char *description;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct hours_ctx *c = v;
	api_op_reset(&c->op);
	return hours_log(tx, c->op.a, c->op.who, &c->in, &c->op.out, &c->op.err);
}

int
h_hours_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_DATE("period_start", struct hours_body, period_start, JF_REQUIRED),
		JF_DATE("period_end", struct hours_body, period_end, JF_REQUIRED),
		JF_INT("hours", struct hours_body, hours, 1, 20000, JF_REQUIRED),
		JF_STR("description", struct hours_body, description, 0, 2000, JF_NULLABLE),
		JF_END
	};
	struct hours_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct hours_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	c->in = (struct hours_in){ .case_id = c->id, .period_start = b.period_start,
		.period_end = b.period_end, .hours = b.hours,
		.description = b.description && *b.description ? b.description : NULL };
	return req_write(r, create_tx, c, api_op_reply);
}

static enum st_rc
decide_tx(struct st_tx *tx, void *v)
{
	struct hours_ctx *c = v;
	api_op_reset(&c->op);
	return hours_decide(tx, c->op.a, c->op.who, c->id, c->approve, c->reason, &c->op.out,
	    &c->op.err);
}

struct decide_body {
	int decision;
	const char *reason;
};

int
h_hours_decide(struct req *r)
{
	static const char *const decisions[] = { "approve", "reject", NULL };
	static const struct jfield spec[] = {
		JF_ENUM("decision", struct decide_body, decision, decisions, JF_REQUIRED),
		JF_STR("reason", struct decide_body, reason, 0, 2000, JF_NULLABLE),
		JF_END
	};
	struct hours_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct decide_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	c->approve = b.decision == 0;
	c->reason = b.reason;
	return req_write(r, decide_tx, c, api_op_reply);
}
