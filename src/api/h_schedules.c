/* Closures of points of service and outreach schedules (administrators, managers): set or
 * remove a closure, add or delete a schedule, move, cancel or restore one visit. Each change
 * is audited by the domain (points.c, schedules.c) and bumps the points generation after the
 * commit, so the locator, the next visits and the ICS feeds see it at once. */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "domain/schedules.h"
#include "json/jspec.h"

struct sched_ctx {
	struct api_op op;
	int64_t id;
	const char *date;
	int32_t day;
	const char *reason_en, *reason_fr;
	const char *new_start;
	int restore;                     /* visit_tx: restore the visit (undo a cancel or move) */
	struct outreach_in in;
};

/* After the commit: readers that rebuilt between the change and the commit rebuild again. */
static void
sched_reply(struct req *r, void *ctx, enum st_rc rc)
{
	if (rc == ST_OK)
		points_changed();
	api_op_reply(r, ctx, rc);
}

/* The {date} path argument k, "YYYY-MM-DD"; replies 400 field-format and returns -1 if not. */
static int
arg_date(struct req *r, int k, struct sched_ctx *c)
{
	if (k >= r->nargs || strlen(r->args[k]) != 10 || date_parse(r->args[k], &c->day) != 0) {
		reply_error(r, E_FIELD_FORMAT, "date", NULL);
		return -1;
	}
	c->date = r->args[k];
	return 0;
}

static struct sched_ctx *
ctx_new(struct req *r, unsigned status)
{
	struct sched_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, status);
	return c;
}

/* ---- closures ---- */

static enum st_rc
closure_tx(struct st_tx *tx, void *v)
{
	struct sched_ctx *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = point_closure_set(tx, c->op.who, c->id, c->day, c->reason_en, c->reason_fr,
	    &c->op.err);
	if (rc != ST_OK)
		return rc;
	if (c->reason_en)
		c->op.out = json_pack("{s:I,s:s,s:s,s:s}", "point_id", (json_int_t)c->id, "date",
		    c->date, "reason_en", c->reason_en, "reason_fr", c->reason_fr);
	else
		c->op.out = json_pack("{s:I,s:s,s:b}", "point_id", (json_int_t)c->id, "date", c->date,
		    "removed", 1);
	return ST_OK;
}

struct closure_body {
	const char *reason_en, *reason_fr;
};

int
h_point_closure_put(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason_en", struct closure_body, reason_en, 1, 200, JF_REQUIRED),
		JF_STR("reason_fr", struct closure_body, reason_fr, 1, 200, JF_REQUIRED),
		JF_END
	};
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || arg_date(r, 1, c) != 0)
		return 0;
	struct closure_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	c->reason_en = b.reason_en;
	c->reason_fr = b.reason_fr;
	return req_write(r, closure_tx, c, sched_reply);
}

int
h_point_closure_delete(struct req *r)
{
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || arg_date(r, 1, c) != 0)
		return 0;
	return req_write(r, closure_tx, c, sched_reply);
}

/* ---- schedules ---- */

static enum st_rc
add_tx(struct st_tx *tx, void *v)
{
	struct sched_ctx *c = v;
	api_op_reset(&c->op);
	int64_t id;
	enum st_rc rc = sched_add(tx, c->op.who, &c->in, &id, &c->op.err);
	if (rc != ST_OK)
		return rc;
	return sched_get_json(tx, id, c->op.lang, &c->op.out);
}

struct outreach_body {
	const char *rrule, *dtstart;
	int64_t duration_min;
	int64_t host_point_id;
	int has_host;
	const char *note_en, *note_fr;
};

int
h_outreach_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("rrule", struct outreach_body, rrule, 1, 500, JF_REQUIRED),
		JF_STR("dtstart", struct outreach_body, dtstart, 16, 16, JF_REQUIRED),
		JF_INT("duration_min", struct outreach_body, duration_min, 15, 1440, JF_REQUIRED),
		JF_INTH("host_point_id", struct outreach_body, host_point_id, has_host, 1, INT64_MAX,
		    JF_NULLABLE),
		JF_STR("note_en", struct outreach_body, note_en, 1, 500, JF_NULLABLE),
		JF_STR("note_fr", struct outreach_body, note_fr, 1, 500, JF_NULLABLE),
		JF_END
	};
	struct sched_ctx *c = ctx_new(r, 201);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct outreach_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	/* The rule is checked here too, so that a bad one is refused before the writer. */
	int y, mo, d, h, mi;
	if (outreach_local_parse(b.dtstart, &y, &mo, &d, &h, &mi) != 0) {
		reply_error(r, E_OUTREACH_RULE, "dtstart", NULL);
		return 0;
	}
	if (outreach_rule_valid(b.rrule, b.dtstart) != 0) {
		reply_error(r, E_OUTREACH_RULE, "rrule", NULL);
		return 0;
	}
	c->in = (struct outreach_in){ .point_id = c->id, .host_point_id = b.has_host ?
		b.host_point_id : 0, .rrule = b.rrule, .dtstart = b.dtstart,
		.duration_min = (int)b.duration_min, .note_en = b.note_en, .note_fr = b.note_fr };
	return req_write(r, add_tx, c, sched_reply);
}

static enum st_rc
delete_tx(struct st_tx *tx, void *v)
{
	struct sched_ctx *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = sched_delete(tx, c->op.who, c->id, &c->op.err);
	if (rc == ST_OK)
		c->op.out = json_pack("{s:I,s:b}", "id", (json_int_t)c->id, "deleted", 1);
	return rc;
}

int
h_outreach_delete(struct req *r)
{
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return req_write(r, delete_tx, c, sched_reply);
}

static enum st_rc
visit_tx(struct st_tx *tx, void *v)
{
	struct sched_ctx *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = c->restore ? sched_restore(tx, c->op.who, c->id, c->date, &c->op.err) :
	    c->new_start ? sched_move(tx, c->op.who, c->id, c->date, c->new_start, &c->op.err) :
	    sched_cancel(tx, c->op.who, c->id, c->date, &c->op.err);
	if (rc != ST_OK)
		return rc;
	return sched_get_json(tx, c->id, c->op.lang, &c->op.out);
}

struct move_body {
	const char *new_start;
};

int
h_outreach_move(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("new_start", struct move_body, new_start, 16, 16, JF_REQUIRED),
		JF_END
	};
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || arg_date(r, 1, c) != 0)
		return 0;
	struct move_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	int y, mo, d, h, mi;
	if (outreach_local_parse(b.new_start, &y, &mo, &d, &h, &mi) != 0) {
		reply_error(r, E_FIELD_FORMAT, "new_start", NULL);
		return 0;
	}
	c->new_start = b.new_start;
	return req_write(r, visit_tx, c, sched_reply);
}

int
h_outreach_cancel(struct req *r)
{
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || arg_date(r, 1, c) != 0)
		return 0;
	return req_write(r, visit_tx, c, sched_reply);
}

/* DELETE of a cancellation or of a move: the visit is back at the rule's date and time. */
int
h_outreach_restore(struct req *r)
{
	struct sched_ctx *c = ctx_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || arg_date(r, 1, c) != 0)
		return 0;
	c->restore = 1;
	return req_write(r, visit_tx, c, sched_reply);
}
