/* Client segments (5): GET /api/v1/segments (list), POST /api/v1/segments (a manager's or an
 * administrator's named rules), GET /api/v1/segments/{id}/report (size and service use over
 * the last 12 months, small counts suppressed: domain/segments.h). */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/segments.h"
#include "json/jspec.h"

struct segment_body {
	const char *name_en, *name_fr;
	json_t *rules;
};

struct list_ctx {
	struct api_op op;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct list_ctx *c = v;
	api_op_reset(&c->op);
	return segments_list(tx, c->op.lang, &c->op.out);
}

int
h_segments_list(struct req *r)
{
	struct list_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	return api_read(r, list_tx, &c->op);
}

struct create_ctx {
	struct api_op op;
	struct segment_body b;
	int64_t now_us;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct create_ctx *c = v;
	api_op_reset(&c->op);
	return segment_create(tx, c->op.who, c->b.name_en, c->b.name_fr, c->b.rules, c->now_us,
	    &c->op.out, &c->op.err);
}

int
h_segment_create(struct req *r)
{
	static const struct jfield spec[] = {
		/* 120: SEGMENT_NAME_MAX, spelled out for the OpenAPI check that reads this spec */
		JF_STR("name_en", struct segment_body, name_en, 1, 120, JF_REQUIRED),
		JF_STR("name_fr", struct segment_body, name_fr, 1, 120, JF_REQUIRED),
		JF_JSON("rules", struct segment_body, rules, JF_REQUIRED),
		JF_END
	};
	struct create_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &c->b, &e) != 0)
		return api_reply_jerr(r, &e);
	api_op_init(&c->op, r, 201);
	c->now_us = time_now_us();
	return req_write(r, create_tx, c, api_op_reply);
}

struct report_ctx {
	struct api_op op;
	int64_t id;
};

static enum st_rc
report_tx(struct st_tx *tx, void *v)
{
	struct report_ctx *c = v;
	api_op_reset(&c->op);
	return segment_report(tx, c->id, c->op.lang, time_now_us(), &c->op.out, &c->op.err);
}

int
h_segment_report(struct req *r)
{
	struct report_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, report_tx, &c->op);
}
