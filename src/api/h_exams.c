/* Certification exams under /api/v1/exams: the published rules, sessions (single and CSV),
 * eligibility authorisations, bookings (book, cancel, rebook), accommodation requests and
 * decisions, results (single and CSV) and their release, the release standard and pass rates,
 * and the signed-in candidate's eligible exams, bookings and released results.
 * Handlers validate, make one domain call in one transaction and reply (domain/exams.h). */
#include <string.h>

#include "api/api.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/exams.h"
#include "json/jspec.h"

/* The context of every handler here: the common part, then arguments. */
struct ex_ctx {
	struct api_op op;
	int64_t id, id2;
	int i1, i2, i3;
	const char *s1, *s2;
	int32_t from, to;
	union {
		struct exam_rules rules;
		struct exam_session_in session;
		struct exam_session_patch patch;
		struct exam_auth_in auth;
		struct exam_session_filter filter;
	} u;
};

static struct ex_ctx *
ex_new(struct req *r, unsigned status)
{
	struct ex_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, status);
	return c;
}

static int
parse(struct req *r, const struct jfield *spec, void *out)
{
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, out, &e) != 0) {
		api_reply_jerr(r, &e);
		return -1;
	}
	return 0;
}

/* Optional YYYY-MM-DD query parameter: 1 present, 0 absent, -1 replied 400. */
static int
query_date(struct req *r, const char *name, int32_t *out)
{
	const char *s = req_query(r, name);
	if (s == NULL || *s == '\0')
		return 0;
	if (date_parse(s, out) != 0) {
		reply_error(r, E_QUERY_PARAM, name, NULL);
		return -1;
	}
	return 1;
}

/* A report period: from/to (default: the last 365 days). 0 ok, -1 replied. */
static int
query_period(struct req *r, struct ex_ctx *c)
{
	int32_t today = date_of_us_local(time_now_us());
	int hf, ht;
	c->to = today;
	if ((hf = query_date(r, "from", &c->from)) < 0 || (ht = query_date(r, "to", &c->to)) < 0)
		return -1;
	if (!hf)
		c->from = c->to - 364;
	if (c->from > c->to || c->to - c->from + 1 > EXAM_PERIOD_MAX_DAYS) {
		reply_error(r, E_QUERY_PARAM, "from", NULL);
		return -1;
	}
	return 0;
}

/* ---- rules ---- */

static enum st_rc
rules_list_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_rules_list(tx, &c->op.out);
}

int
h_exam_rules_list(struct req *r)
{
	return api_read(r, rules_list_tx, &ex_new(r, 200)->op);
}

static enum st_rc
rules_put_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_rules_update(tx, c->op.who, c->i1, &c->u.rules, &c->op.out, &c->op.err);
}

struct rules_body {
	int64_t pass_mark_pct, cancel_deadline_bizdays, retake_wait_days, results_release_bizdays;
	int64_t release_target_pct;
};

int
h_exam_rules_put(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INT("pass_mark_pct", struct rules_body, pass_mark_pct, 1, 100, JF_REQUIRED),
		JF_INT("cancel_deadline_bizdays", struct rules_body, cancel_deadline_bizdays, 0, 30,
		    JF_REQUIRED),
		JF_INT("retake_wait_days", struct rules_body, retake_wait_days, 0, 365, JF_REQUIRED),
		JF_INT("results_release_bizdays", struct rules_body, results_release_bizdays, 1, 60,
		    JF_REQUIRED),
		JF_INT("release_target_pct", struct rules_body, release_target_pct, 1, 100,
		    JF_REQUIRED),
		JF_END
	};
	struct rules_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	int type = exam_list_index(exam_types, r->args[0]);
	if (type < 0) {
		reply_error(r, E_NOT_FOUND, NULL, NULL);
		return 0;
	}
	struct ex_ctx *c = ex_new(r, 200);
	c->i1 = type;
	c->u.rules = (struct exam_rules){ (int)b.pass_mark_pct, (int)b.cancel_deadline_bizdays,
		(int)b.retake_wait_days, (int)b.results_release_bizdays, (int)b.release_target_pct };
	return req_write(r, rules_put_tx, c, api_op_reply);
}

/* ---- sessions ---- */

static enum st_rc
sessions_list_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_sessions_list(tx, &c->u.filter, c->op.lang, &c->op.out);
}

int
h_exam_sessions_list(struct req *r)
{
	static const char *const statuses[] = { "scheduled", "cancelled", NULL };
	struct ex_ctx *c = ex_new(r, 200);
	struct exam_session_filter *f = &c->u.filter;
	f->trade_code = f->type = f->status = f->lang = "";
	int32_t today = date_of_us_local(time_now_us());
	c->from = today;
	c->to = today + 365;
	int hf, ht;
	if ((hf = query_date(r, "from", &c->from)) < 0 || (ht = query_date(r, "to", &c->to)) < 0)
		return 0;
	(void)hf;
	(void)ht;
	if (c->from > c->to || c->to - c->from + 1 > EXAM_PERIOD_MAX_DAYS) {
		reply_error(r, E_QUERY_PARAM, "from", NULL);
		return 0;
	}
	if (api_query_enum(r, "exam_type", exam_types, &f->type) != 0 ||
	    api_query_enum(r, "status", statuses, &f->status) != 0 ||
	    api_query_enum(r, "lang", exam_langs, &f->lang) != 0 ||
	    api_query_i64(r, "point", 1, INT64_MAX, &f->point_id) != 0)
		return 0;
	const char *t = req_query(r, "trade");
	if (t != NULL) {
		if (strlen(t) > 8) {
			reply_error(r, E_QUERY_PARAM, "trade", NULL);
			return 0;
		}
		f->trade_code = t;
	}
	f->from_us = date_start_us_local(c->from);
	f->to_us = date_start_us_local(c->to + 1);
	return api_read(r, sessions_list_tx, &c->op);
}

struct session_body {
	int64_t point_id, seats, pass_mark_pct;
	int has_pass_mark;
	const char *trade_code, *starts_at;
	int exam_type, lang;
};

static enum st_rc
session_create_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_session_create(tx, c->op.who, &c->u.session, c->op.lang, &c->op.out, &c->op.err);
}

int
h_exam_session_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INT("point_id", struct session_body, point_id, 1, INT64_MAX, JF_REQUIRED),
		JF_STR("trade_code", struct session_body, trade_code, 4, 5, JF_REQUIRED),
		JF_ENUM("exam_type", struct session_body, exam_type, exam_types, JF_REQUIRED),
		JF_STR("starts_at", struct session_body, starts_at, 16, 16, JF_REQUIRED),
		JF_ENUM("lang", struct session_body, lang, exam_langs, JF_REQUIRED),
		JF_INT("seats", struct session_body, seats, 1, 10000, JF_REQUIRED),
		JF_INTH("pass_mark_pct", struct session_body, pass_mark_pct, has_pass_mark, 1, 100,
		    JF_NULLABLE),
		JF_END
	};
	struct session_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 201);
	c->u.session = (struct exam_session_in){ b.point_id, b.trade_code, b.exam_type, b.starts_at,
		b.lang, b.seats, b.has_pass_mark, b.pass_mark_pct };
	return req_write(r, session_create_tx, c, api_op_reply);
}

static enum st_rc
session_get_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_session_get(tx, c->id, c->op.lang, &c->op.out);
}

int
h_exam_session_get(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, session_get_tx, &c->op);
}

struct patch_body {
	const char *starts_at;
	int lang, has_lang;
	int64_t seats, pass_mark_pct;
	int has_seats, has_pass_mark;
	int default_pass_mark;
};

static enum st_rc
session_update_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_session_update(tx, c->op.who, c->id, &c->u.patch, c->op.lang, &c->op.out,
	    &c->op.err);
}

int
h_exam_session_update(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("starts_at", struct patch_body, starts_at, 16, 16, 0),
		JF_ENUMH("lang", struct patch_body, lang, has_lang, exam_langs, 0),
		JF_INTH("seats", struct patch_body, seats, has_seats, 1, 10000, 0),
		JF_INTH("pass_mark_pct", struct patch_body, pass_mark_pct, has_pass_mark, 1, 100, 0),
		JF_BOOL("default_pass_mark", struct patch_body, default_pass_mark, 0),
		JF_END
	};
	struct patch_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->u.patch = (struct exam_session_patch){ b.starts_at, b.lang, b.has_lang, b.seats,
		b.has_seats, b.pass_mark_pct, b.has_pass_mark, b.default_pass_mark };
	return req_write(r, session_update_tx, c, api_op_reply);
}

struct reason_body {
	const char *reason;
};

static enum st_rc
session_cancel_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_session_cancel(tx, c->op.who, c->id, c->s1, c->op.lang, &c->op.out, &c->op.err);
}

int
h_exam_session_cancel(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct reason_body, reason, 1, 500, JF_REQUIRED),
		JF_END
	};
	struct reason_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->s1 = b.reason;
	return req_write(r, session_cancel_tx, c, api_op_reply);
}

static enum st_rc
session_bookings_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_session_bookings(tx, c->id, c->op.lang, &c->op.out);
}

int
h_exam_session_bookings(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, session_bookings_tx, &c->op);
}

static enum st_rc
release_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exams_release_results(tx, c->op.who, c->id, c->op.lang, &c->op.out, &c->op.err);
}

int
h_exam_session_release(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return req_write(r, release_tx, c, api_op_reply);
}

/* ---- CSV uploads (sessions; a session's results) ---- */

struct csv_ctx {
	struct api_op op;
	int64_t session_id;
	int dry_run;
	int results;          /* 1: results of session_id; 0: sessions */
	struct exam_session_csv sessions;
	struct exam_result_csv rows;
	struct csv_report rep;
};

static void
csv_free(void *v)
{
	struct csv_ctx *c = v;
	if (c->results)
		exam_results_csv_free(&c->rows);
	else
		exam_sessions_csv_free(&c->sessions);
	csvio_report_free(&c->rep);
}

static enum st_rc
csv_tx(struct st_tx *tx, void *v)
{
	struct csv_ctx *c = v;
	c->rep.error_count = 0;
	c->rep.nerrors = 0;
	if (c->results)
		return exam_results_csv_apply(tx, c->op.who, c->session_id, &c->rows, c->dry_run,
		    &c->rep);
	return exam_sessions_csv_apply(tx, c->op.who, &c->sessions, c->dry_run, &c->rep);
}

static void
csv_invalid(struct req *r, const struct csv_report *rep)
{
	json_t *extra = json_object();
	json_object_set_new(extra, "report", csvio_report_json(rep, r->lang));
	reply_error(r, E_IMPORT_INVALID, NULL, extra);
}

static void
csv_reply(struct req *r, void *v, enum st_rc rc)
{
	struct csv_ctx *c = v;
	if (rc == ST_OK)
		reply_json(r, 201, csvio_report_json(&c->rep, r->lang));
	else if (rc == ST_CONFLICT && c->rep.dry_run_ok)
		reply_json(r, 200, csvio_report_json(&c->rep, r->lang));
	else if (rc == ST_CONFLICT && c->rep.error_count > 0)
		csv_invalid(r, &c->rep);
	else
		api_reply_failure(r, rc, NULL);
}

static int
csv_upload(struct req *r, int results)
{
	struct csv_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 201);
	c->results = results;
	if (results && api_arg_id(r, 0, &c->session_id) != 0)
		return 0;
	if (!http_content_type_is(req_header(r, "Content-Type"), "text/csv")) {
		reply_error(r, E_CONTENT_TYPE, NULL, NULL);
		return 0;
	}
	const char *dry = req_query(r, "dry_run");
	if (dry != NULL) {
		if (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0) {
			c->dry_run = 1;
		} else if (strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0) {
			reply_error(r, E_QUERY_PARAM, "dry_run", NULL);
			return 0;
		}
	}
	const char *data = r->body ? r->body : "";
	size_t len = r->body ? r->body_len : 0;
	int rc = results ? exam_results_csv_parse(data, len, &c->rows, &c->rep) :
	    exam_sessions_csv_parse(data, len, &c->sessions, &c->rep);
	arena_defer(&r->arena, csv_free, c);
	c->rep.dry_run = c->dry_run;
	log_info("exams csv %s: %lld rows, %lld errors%s", results ? "results" : "sessions",
	    (long long)c->rep.rows, (long long)c->rep.error_count, c->dry_run ? " (dry run)" : "");
	if (rc != 0) {
		csv_invalid(r, &c->rep);
		return 0;
	}
	return req_write(r, csv_tx, c, csv_reply);
}

int
h_exam_sessions_import(struct req *r)
{
	return csv_upload(r, 0);
}

int
h_exam_session_results_import(struct req *r)
{
	return csv_upload(r, 1);
}

/* ---- authorisations ---- */

static enum st_rc
auths_list_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_authorisations_list(tx, c->id, c->s1, &c->op.out);
}

int
h_exam_authorisations_list(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	if (api_query_i64(r, "person", 1, INT64_MAX, &c->id) != 0)
		return 0;
	c->s1 = req_query(r, "trade");
	return api_read(r, auths_list_tx, &c->op);
}

struct auth_body {
	int64_t person_id;
	const char *trade_code, *source, *reference;
	int exam_type;
};

static enum st_rc
auth_create_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_authorisation_grant(tx, c->op.who, &c->u.auth, &c->op.out, &c->op.err);
}

int
h_exam_authorisation_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INT("person_id", struct auth_body, person_id, 1, INT64_MAX, JF_REQUIRED),
		JF_STR("trade_code", struct auth_body, trade_code, 4, 5, JF_REQUIRED),
		JF_ENUM("exam_type", struct auth_body, exam_type, exam_types, JF_REQUIRED),
		JF_STR("source", struct auth_body, source, 2, 40, JF_REQUIRED),
		JF_STR("reference", struct auth_body, reference, 1, 100, JF_NULLABLE),
		JF_END
	};
	struct auth_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 201);
	c->u.auth = (struct exam_auth_in){ b.person_id, b.trade_code, b.exam_type, b.source,
		b.reference };
	return req_write(r, auth_create_tx, c, api_op_reply);
}

static enum st_rc
auth_revoke_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_authorisation_revoke(tx, c->op.who, c->id, c->s1, &c->op.out, &c->op.err);
}

int
h_exam_authorisation_revoke(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct reason_body, reason, 1, 500, JF_REQUIRED),
		JF_END
	};
	struct reason_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->s1 = b.reason;
	return req_write(r, auth_revoke_tx, c, api_op_reply);
}

/* ---- bookings ---- */

struct book_body {
	int64_t session_id, person_id;
	int has_person;
};

static enum st_rc
book_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_book(tx, c->op.a, c->op.who, c->id, c->id2, c->op.lang, &c->op.out, &c->op.err);
}

int
h_exam_book(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INT("session_id", struct book_body, session_id, 1, INT64_MAX, JF_REQUIRED),
		JF_INTH("person_id", struct book_body, person_id, has_person, 1, INT64_MAX, JF_NULLABLE),
		JF_END
	};
	struct book_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 201);
	c->id = b.session_id;
	c->id2 = b.has_person ? b.person_id : 0;
	return req_write(r, book_tx, c, api_op_reply);
}

static enum st_rc
booking_get_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_booking_get(tx, c->op.a, c->op.who, c->id, c->op.lang, &c->op.out);
}

int
h_exam_booking_get(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, booking_get_tx, &c->op);
}

struct opt_reason_body {
	const char *reason;
};

static enum st_rc
booking_cancel_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_booking_cancel(tx, c->op.a, c->op.who, c->id, c->s1, c->op.lang, &c->op.out,
	    &c->op.err);
}

int
h_exam_booking_cancel(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("reason", struct opt_reason_body, reason, 1, 500, JF_NULLABLE),
		JF_END
	};
	struct opt_reason_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->s1 = b.reason;
	return req_write(r, booking_cancel_tx, c, api_op_reply);
}

struct rebook_body {
	int64_t session_id;
};

static enum st_rc
rebook_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_rebook(tx, c->op.a, c->op.who, c->id, c->id2, c->op.lang, &c->op.out,
	    &c->op.err);
}

int
h_exam_rebook(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INT("session_id", struct rebook_body, session_id, 1, INT64_MAX, JF_REQUIRED),
		JF_END
	};
	struct rebook_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->id2 = b.session_id;
	return req_write(r, rebook_tx, c, api_op_reply);
}

struct result_body {
	int64_t score_pct;
	int has_score, absent;
};

static enum st_rc
result_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_result_record(tx, c->op.a, c->op.who, c->id, c->i1, c->i2, c->op.lang,
	    &c->op.out, &c->op.err);
}

int
h_exam_result_put(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INTH("score_pct", struct result_body, score_pct, has_score, 0, 100, JF_NULLABLE),
		JF_BOOL("absent", struct result_body, absent, 0),
		JF_END
	};
	struct result_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	/* Exactly one of a score and an absence. */
	if (b.has_score == b.absent) {
		reply_error(r, b.absent ? E_FIELD_UNKNOWN : E_FIELD_REQUIRED, "score_pct", NULL);
		return 0;
	}
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->i1 = b.absent;
	c->i2 = (int)b.score_pct;
	return req_write(r, result_tx, c, api_op_reply);
}

/* ---- accommodations ---- */

struct acc_body {
	int kind;
	const char *details;
};

static enum st_rc
acc_create_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_accommodation_request(tx, c->op.a, c->op.who, c->id, c->i1, c->s1, &c->op.out,
	    &c->op.err);
}

int
h_exam_accommodation_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_ENUM("kind", struct acc_body, kind, exam_accommodation_kinds, JF_REQUIRED),
		JF_STR("details", struct acc_body, details, 1, 2000, JF_NULLABLE),
		JF_END
	};
	struct acc_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 201);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->i1 = b.kind;
	c->s1 = b.details;
	return req_write(r, acc_create_tx, c, api_op_reply);
}

static enum st_rc
acc_list_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_accommodations_list(tx, c->op.a, c->s1, c->id, &c->op.out);
}

int
h_exam_accommodations_list(struct req *r)
{
	static const char *const statuses[] = { "requested", "approved", "refused", NULL };
	struct ex_ctx *c = ex_new(r, 200);
	c->s1 = "";
	if (api_query_enum(r, "status", statuses, &c->s1) != 0 ||
	    api_query_i64(r, "session", 1, INT64_MAX, &c->id) != 0)
		return 0;
	return api_read(r, acc_list_tx, &c->op);
}

struct decision_body {
	int approve;
	const char *reason;
};

static enum st_rc
acc_decide_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_accommodation_decide(tx, c->op.a, c->op.who, c->id, c->i1, c->s1, &c->op.out,
	    &c->op.err);
}

int
h_exam_accommodation_decide(struct req *r)
{
	static const struct jfield spec[] = {
		JF_BOOL("approve", struct decision_body, approve, JF_REQUIRED),
		JF_STR("reason", struct decision_body, reason, 1, 500, JF_NULLABLE),
		JF_END
	};
	struct decision_body b = { 0 };
	if (parse(r, spec, &b) != 0)
		return 0;
	struct ex_ctx *c = ex_new(r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	c->i1 = b.approve;
	c->s1 = b.reason;
	return req_write(r, acc_decide_tx, c, api_op_reply);
}

/* ---- reports ---- */

static enum st_rc
standards_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_release_standard(tx, c->from, c->to, c->s1, c->op.lang, &c->op.out);
}

int
h_exam_standards(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	c->s1 = "";
	if (query_period(r, c) != 0 || api_query_enum(r, "exam_type", exam_types, &c->s1) != 0)
		return 0;
	return api_read(r, standards_tx, &c->op);
}

static enum st_rc
pass_rates_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_pass_rates(tx, c->from, c->to, c->s1, c->i1, c->i2, c->op.lang, &c->op.out);
}

int
h_exam_pass_rates(struct req *r)
{
	struct ex_ctx *c = ex_new(r, 200);
	const char *by = "trade", *period = "month";
	c->s1 = "";
	if (query_period(r, c) != 0 || api_query_enum(r, "exam_type", exam_types, &c->s1) != 0 ||
	    api_query_enum(r, "by", exam_rate_groups, &by) != 0 ||
	    api_query_enum(r, "period", exam_rate_periods, &period) != 0)
		return 0;
	c->i1 = exam_list_index(exam_rate_groups, by);
	c->i2 = exam_list_index(exam_rate_periods, period);
	return api_read(r, pass_rates_tx, &c->op);
}

/* ---- the signed-in candidate ---- */

static enum st_rc
my_eligibility_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_my_eligibility(tx, c->op.who, c->op.lang, &c->op.out);
}

int
h_exam_my_eligibility(struct req *r)
{
	return api_read(r, my_eligibility_tx, &ex_new(r, 200)->op);
}

static enum st_rc
my_bookings_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_my_bookings(tx, c->op.a, c->op.who, c->op.lang, &c->op.out);
}

int
h_exam_my_bookings(struct req *r)
{
	return api_read(r, my_bookings_tx, &ex_new(r, 200)->op);
}

static enum st_rc
my_results_tx(struct st_tx *tx, void *v)
{
	struct ex_ctx *c = v;
	api_op_reset(&c->op);
	return exam_my_results(tx, c->op.who, c->op.lang, &c->op.out);
}

int
h_exam_my_results(struct req *r)
{
	return api_read(r, my_results_tx, &ex_new(r, 200)->op);
}
