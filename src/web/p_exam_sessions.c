/* The exam administrators' pages (exam administrators and administrators): the sessions
 * (filters by trade, centre and period), creating a session, a session's page (details,
 * seats, bookings, results entry, release, cancellation with a reason), the pending
 * accommodation requests (approve, refuse with a reason), and the reports page (results
 * release standard and pass rates by trade or centre for a fiscal year), also for managers.
 * Bulk creation by CSV is API-only (the list page says so). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/exams.h"
#include "domain/points.h"
#include "domain/trades.h"
#include "text/text.h"
#include "web/casefmt.h"
#include "web/pages.h"
#include "web/rrule_words.h"

#define REASON_MAX 500

static const char *
table_open(struct arena *a, struct html *h, const char *caption)
{
	(void)a;
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption>",
	    HS(caption), HS(caption));
	return caption;
}

static void
table_close(struct html *h)
{
	H(h, "</tbody></table></div></div>");
}

static void
th_col(struct html *h, int label, int numeric)
{
	if (numeric)
		HF(h, "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>", HM(label));
	else
		HF(h, "<th scope=\"col\">{}</th>", HM(label));
}

static int
id_arg(struct req *r, int64_t *id)
{
	if (parse_i64(r->args[0], 1, INT64_MAX, id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return -1;
	}
	return 0;
}

/* The session's state in words and colour: scheduled, waiting for results, results
 * released, cancelled. */
static void
session_badge(struct html *h, json_t *s, int64_t now)
{
	const char *status = exam_jstr(s, "status");
	int32_t day;
	int minute;
	int started = exam_start_parse(exam_jstr(s, "starts_at"), &day, &minute) == 0 &&
	    date_start_us_local(day) + (int64_t)minute * INT64_C(60000000) <= now;
	const char *cls = "ok";
	int word = MSG_EXAMS_SESSION_SCHEDULED;
	if (strcmp(status, "cancelled") == 0) {
		cls = "breached";
		word = MSG_EXAMS_SESSION_CANCELLED;
	} else if (json_string_value(json_object_get(s, "results_released_at")) != NULL) {
		word = MSG_EXAMS_SESSION_RELEASED;
	} else if (started) {
		cls = "soon";
		word = MSG_EXAMS_SESSION_AWAITING;
	}
	HF(h, "<span class=\"pl-status pl-status--{}\">{}</span>", HS(cls), HM(word));
}

static int
session_started(json_t *s, int64_t now)
{
	int32_t day;
	int minute;
	return exam_start_parse(exam_jstr(s, "starts_at"), &day, &minute) == 0 &&
	    date_start_us_local(day) + (int64_t)minute * INT64_C(60000000) <= now;
}

/* ---- exam centres: points of kind exam_centre or offering exams ---- */

struct centres {
	struct arena *a;
	struct point_brief *v;
	size_t n;
	enum lang lang;
};

static enum st_rc
centres_tx(struct st_tx *tx, void *v)
{
	struct centres *c = v;
	return points_brief_all(tx, c->a, &c->v, &c->n);
}

static int
is_centre(const struct point_brief *p)
{
	int bit = exam_list_index(point_service_names, "exams");
	return strcmp(p->kind, "exam_centre") == 0 || (bit >= 0 && (p->services & (1u << bit)));
}

static int
option_cmp(const void *x, const void *y)
{
	const struct option *a = x, *b = y;
	return strcmp(a->label, b->label);
}

/* The exam centres as select options after a first option "" first_label (sorted by name). */
static struct option *
centre_options(struct req *r, const char *first_label, size_t *n, enum st_rc *rc)
{
	struct centres c = { &r->arena, NULL, 0, r->lang };
	*rc = st_read(r->store, centres_tx, &c);
	struct option *o = arena_calloc(&r->arena, c.n + 1, sizeof(*o));
	o[0] = (struct option){ "", first_label };
	*n = 1;
	for (size_t i = 0; *rc == ST_OK && i < c.n; i++)
		if (is_centre(&c.v[i]))
			o[(*n)++] = (struct option){ arena_printf(&r->arena, "%" PRId64, c.v[i].id),
				r->lang == LANG_FR ? c.v[i].name_fr : c.v[i].name_en };
	if (*n > 2)
		qsort(o + 1, *n - 1, sizeof(*o), option_cmp);
	return o;
}

static int
option_has(const struct option *o, size_t n, const char *v)
{
	for (size_t i = 1; v != NULL && i < n; i++)
		if (strcmp(o[i].value, v) == 0)
			return 1;
	return 0;
}

/* ---- the list ---- */

struct list_view {
	struct exam_session_filter f;
	enum lang lang;
	json_t *out;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct list_view *lv = v;
	json_decref(lv->out);
	lv->out = NULL;
	return exam_sessions_list(tx, &lv->f, lv->lang, &lv->out);
}

static void
session_row(struct page *p, json_t *s, int64_t now)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	json_t *pt = json_object_get(s, "point"), *t = json_object_get(s, "trade");
	HF(h, "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td>"
	    "<td>{}</td><td class=\"ontario-table-cell--numeric\">{}</td>"
	    "<td class=\"ontario-table-cell--numeric\">{}</td><td>",
	    HS(web_urlf(r, "/exam-sessions/%" PRId64, exam_jint(s, "id"))),
	    HS(exam_when_words(a, p->lang, exam_jstr(s, "starts_at"))),
	    HS(MSGF(a, p->lang, MSG_EXAMS_TRADE_CODE, exam_named(t, p->lang), exam_jstr(t, "code"))),
	    HM(exam_type_word(exam_jstr(s, "exam_type"))), HS(exam_named(pt, p->lang)),
	    HM(exam_lang_word(exam_jstr(s, "lang"))),
	    HS(fmt_int(a, p->lang, exam_jint(s, "seats_taken"))),
	    HS(fmt_int(a, p->lang, exam_jint(s, "seats_left"))));
	session_badge(h, s, now);
	H(h, "</td></tr>");
}

int
p_exam_sessions(struct req *r)
{
	struct arena *a = &r->arena;
	const char *trade = req_query(r, "trade"), *centre = req_query(r, "centre"),
	    *period = req_query(r, "period");
	int past = period != NULL && strcmp(period, "past") == 0;
	struct list_view *lv = arena_calloc(a, 1, sizeof(*lv));
	lv->lang = r->lang;
	arena_defer(a, exam_json_free, &lv->out);
	lv->f.trade_code = trade && trades_find(trade) ? trade : "";
	lv->f.type = lv->f.status = lv->f.lang = "";
	size_t nc = 0;
	enum st_rc rc;
	struct option *copts = centre_options(r, msg_get(r->lang, MSG_EXAMS_ANY_CENTRE), &nc, &rc);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	if (option_has(copts, nc, centre))
		parse_i64(centre, 1, INT64_MAX, &lv->f.point_id);
	int64_t now = time_now_us();
	int32_t today = date_of_us_local(now);
	lv->f.from_us = past ? date_start_us_local(today - 365) : now;
	lv->f.to_us = past ? now : date_start_us_local(today + 366);
	if ((rc = st_read(r->store, list_tx, lv)) != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_SESSIONS_TITLE), NAV_EXAM_SESSIONS, NULL);
	struct html *h = &p.h;
	const char *done = req_query(r, "done");
	if (done != NULL && strcmp(done, "cancelled") == 0)
		exam_notice(h, msg_get(r->lang, MSG_EXAMS_DONE_SESSION_CANCELLED));
	HF(h, "<p>{}</p><div class=\"pl-actions\"><a class=\"ontario-button ontario-button--primary\" "
	    "href=\"{}\">{}</a><a href=\"{}\">{}</a><a href=\"{}\">{}</a></div>",
	    HM(MSG_EXAMS_SESSIONS_INTRO), HS(web_url(r, "/exam-sessions/new")), HM(MSG_EXAMS_NEW_LINK),
	    HS(web_url(r, "/exam-accommodations")), HM(MSG_EXAMS_ACCS_LINK),
	    HS(web_url(r, "/exam-reports")), HM(MSG_EXAMS_REPORTS_LINK));
	HF(h, "<p>{} <a href=\"{}\">{}</a></p>", HM(MSG_EXAMS_CSV_NOTE), HS("/api/v1/openapi.json"),
	    HM(MSG_EXAMS_CSV_LINK));

	HF(h, "<h2>{}</h2><form method=\"get\" action=\"{}\" novalidate>", HM(MSG_EXAMS_FILTER_TITLE),
	    HS(web_url(r, "/exam-sessions")));
	size_t nt = 0;
	struct option *topts = casefmt_trade_options(a, r->lang, msg_get(r->lang, MSG_EXAMS_ANY_TRADE), &nt);
	field_select(&p, &(struct field){ .id = "trade", .name = "trade", .label = MSG_EXAMS_TRADE,
	    .value = lv->f.trade_code, .optional = true }, topts, nt);
	field_select(&p, &(struct field){ .id = "centre", .name = "centre", .label = MSG_EXAMS_COL_CENTRE,
	    .value = lv->f.point_id ? centre : "", .optional = true }, copts, nc);
	struct option popts[] = {
		{ "upcoming", msg_get(r->lang, MSG_EXAMS_PERIOD_UPCOMING) },
		{ "past", msg_get(r->lang, MSG_EXAMS_PERIOD_PAST) },
	};
	field_radios(&p, &(struct field){ .id = "period", .name = "period", .label = MSG_EXAMS_PERIOD,
	    .value = past ? "past" : "upcoming" }, popts, 2);
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}</button>"
	    "</form>", HM(MSG_EXAMS_FILTER_BUTTON));

	json_t *items = json_object_get(lv->out, "items");
	size_t n = json_array_size(items);
	HF(h, "<h2>{}</h2>", HM(past ? MSG_EXAMS_PAST_TITLE : MSG_EXAMS_UPCOMING_TITLE));
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_SESSIONS_NONE));
		page_end(&p);
		return 0;
	}
	table_open(a, h, msg_get(r->lang, past ? MSG_EXAMS_PAST_CAPTION : MSG_EXAMS_UPCOMING_CAPTION));
	H(h, "<thead><tr>");
	th_col(h, MSG_EXAMS_COL_WHEN, 0);
	th_col(h, MSG_EXAMS_TRADE, 0);
	th_col(h, MSG_EXAMS_COL_EXAM, 0);
	th_col(h, MSG_EXAMS_COL_CENTRE, 0);
	th_col(h, MSG_EXAMS_COL_LANG, 0);
	th_col(h, MSG_EXAMS_COL_SEATS_TAKEN, 1);
	th_col(h, MSG_EXAMS_COL_SEATS_LEFT, 1);
	th_col(h, MSG_EXAMS_COL_STATUS, 0);
	H(h, "</tr></thead><tbody>");
	/* Past sessions: the most recent first. */
	for (size_t i = 0; i < n; i++)
		session_row(&p, json_array_get(items, past ? n - 1 - i : i), now);
	table_close(h);
	if (json_is_true(json_object_get(lv->out, "truncated")))
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_TRUNCATED));
	page_end(&p);
	return 0;
}

/* ---- creating a session ---- */

static int
new_render(struct req *r, struct form *f)
{
	struct arena *a = &r->arena;
	size_t nc = 0, nt = 0;
	enum st_rc rc;
	struct option *copts = centre_options(r, msg_get(r->lang, MSG_EXAMS_CHOOSE_CENTRE), &nc, &rc);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct option *topts = casefmt_trade_options(a, r->lang, msg_get(r->lang, MSG_EXAMS_CHOOSE_TRADE), &nt);
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_NEW_TITLE), NAV_EXAM_SESSIONS, f && f->nerr ? f : NULL);
	page_back_link(&p, web_url(r, "/exam-sessions"));
	form_open(&p, web_url(r, "/exam-sessions"));
#define V(k) (f ? form_get(f, k) : NULL)
	field_select(&p, &(struct field){ .id = "point", .name = "point", .label = MSG_EXAMS_COL_CENTRE,
	    .hint = MSG_EXAMS_CENTRE_HINT, .value = V("point") }, copts, nc);
	field_select(&p, &(struct field){ .id = "trade", .name = "trade", .label = MSG_EXAMS_TRADE,
	    .value = V("trade") }, topts, nt);
	struct option types[] = {
		{ "cq", msg_get(r->lang, MSG_EXAMS_TYPE_CQ) },
		{ "red_seal", msg_get(r->lang, MSG_EXAMS_TYPE_RED_SEAL) },
	};
	field_radios(&p, &(struct field){ .id = "type", .name = "type", .label = MSG_EXAMS_TYPE,
	    .hint = MSG_EXAMS_TYPE_HINT, .value = V("type") }, types, 2);
	field_date(&p, &(struct field){ .id = "date", .name = "date", .label = MSG_EXAMS_DATE,
	    .hint = MSG_EXAMS_DATE_HINT }, V("date_year"), V("date_month"), V("date_day"));
	field_input(&p, &(struct field){ .id = "time", .name = "time", .label = MSG_EXAMS_TIME,
	    .hint = MSG_EXAMS_TIME_HINT, .value = V("time"), .width = "5-char-width" });
	struct option langs[] = {
		{ "en", msg_get(r->lang, MSG_EXAMS_LANG_EN) },
		{ "fr", msg_get(r->lang, MSG_EXAMS_LANG_FR) },
	};
	field_radios(&p, &(struct field){ .id = "lang", .name = "lang", .label = MSG_EXAMS_EXAM_LANG,
	    .value = V("lang") }, langs, 2);
	field_input(&p, &(struct field){ .id = "seats", .name = "seats", .label = MSG_EXAMS_SEATS,
	    .value = V("seats"), .inputmode = "numeric", .width = "5-char-width" });
	field_input(&p, &(struct field){ .id = "pass_mark", .name = "pass_mark",
	    .label = MSG_EXAMS_PASS_MARK, .hint = MSG_EXAMS_PASS_MARK_HINT, .value = V("pass_mark"),
	    .inputmode = "numeric", .width = "4-char-width", .optional = true });
#undef V
	form_button(&p, MSG_EXAMS_NEW_BUTTON);
	form_close(&p);
	page_end(&p);
	return 0;
}

int
p_exam_session_new_form(struct req *r)
{
	return new_render(r, NULL);
}

struct admin_op {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	int what;                 /* 0 create, 1 results, 2 release, 3 cancel, 4 decide */
	int64_t id;
	struct exam_session_in in;
	const char *reason;
	int approve;
	/* results: the rows to record */
	size_t nrows;
	int64_t *booking;
	int *absent, *score;
	const char **row_field;
	size_t failed_row;
	json_t *out;
	struct dom_err err;
	struct form *f;
};

static enum st_rc
admin_tx(struct st_tx *tx, void *v)
{
	struct admin_op *o = v;
	json_decref(o->out);
	o->out = NULL;
	json_decref(o->err.extra);
	memset(&o->err, 0, sizeof(o->err));
	switch (o->what) {
	case 0:
		return exam_session_create(tx, o->who, &o->in, o->lang, &o->out, &o->err);
	case 1:
		/* All rows or none: a refusal rolls back the rows already recorded. */
		for (size_t i = 0; i < o->nrows; i++) {
			json_decref(o->out);
			o->out = NULL;
			o->failed_row = i;
			enum st_rc rc = exam_result_record(tx, o->a, o->who, o->booking[i], o->absent[i],
			    o->score[i], o->lang, &o->out, &o->err);
			if (rc != ST_OK)
				return rc;
		}
		return ST_OK;
	case 2:
		return exams_release_results(tx, o->who, o->id, o->lang, &o->out, &o->err);
	case 3:
		return exam_session_cancel(tx, o->who, o->id, o->reason, o->lang, &o->out, &o->err);
	default:
		return exam_accommodation_decide(tx, o->a, o->who, o->id, o->approve, o->reason, &o->out,
		    &o->err);
	}
}

static void
admin_op_free(void *v)
{
	struct admin_op *o = v;
	json_decref(o->out);
	json_decref(o->err.extra);
}

static struct admin_op *
admin_op_new(struct req *r, int what, struct form *f)
{
	struct admin_op *o = arena_calloc(&r->arena, 1, sizeof(*o));
	o->a = &r->arena;
	o->who = r->who;
	o->lang = r->lang;
	o->what = what;
	o->f = f;
	arena_defer(&r->arena, admin_op_free, o);
	return o;
}

static int session_render(struct req *r, int64_t id, struct form *f);
static int cancel_render(struct req *r, int64_t id, struct form *f);
static int accs_render(struct req *r, struct form *f);

static const char *
create_field(const char *domain_field)
{
	if (domain_field == NULL)
		return "point";
	if (strcmp(domain_field, "trade_code") == 0)
		return "trade";
	if (strcmp(domain_field, "exam_type") == 0)
		return "type-1";
	if (strcmp(domain_field, "starts_at") == 0)
		return "date-year";
	return "point";
}

static void
admin_done(struct req *r, void *v, enum st_rc rc)
{
	struct admin_op *o = v;
	const char *text = rc == ST_CONFLICT ? exam_refusal_text(&r->arena, r->lang, &o->err) : NULL;
	if (rc == ST_CONFLICT) {
		switch (o->what) {
		case 0:
			form_error(o->f, create_field(o->err.field), text);
			new_render(r, o->f);
			return;
		case 1:
			form_error(o->f, o->row_field[o->failed_row], text);
			session_render(r, o->id, o->f);
			return;
		case 2:
			form_error(o->f, "release", text);
			session_render(r, o->id, o->f);
			return;
		case 3:
			form_error(o->f, "reason", text);
			cancel_render(r, o->id, o->f);
			return;
		default:
			form_error(o->f, arena_printf(&r->arena, "decision-%" PRId64 "-1", o->id), text);
			accs_render(r, o->f);
			return;
		}
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	switch (o->what) {
	case 0:
		web_redirect(r, web_urlf(r, "/exam-sessions/%" PRId64 "?done=created",
		    exam_jint(o->out, "id")));
		return;
	case 1:
		web_redirect(r, web_urlf(r, "/exam-sessions/%" PRId64 "?done=results", o->id));
		return;
	case 2:
		web_redirect(r, web_urlf(r, "/exam-sessions/%" PRId64 "?done=released", o->id));
		return;
	case 3:
		web_redirect(r, web_urlf(r, "/exam-sessions/%" PRId64 "?done=cancelled", o->id));
		return;
	default:
		web_redirect(r, web_urlf(r, "/exam-accommodations?done=%s", o->approve ? "approved" :
		    "refused"));
	}
}

/* A whole number in [min, max] written with digits only: 0 ok. */
static int
whole(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 6)
		return -1;
	for (const char *c = s; *c; c++)
		if (*c < '0' || *c > '9')
			return -1;
	return parse_i64(s, min, max, out);
}

int
p_exam_session_create(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct arena *a = &r->arena;
	struct admin_op *o = admin_op_new(r, 0, f);
	struct exam_session_in *in = &o->in;
	size_t nc = 0;
	enum st_rc rc;
	struct option *copts = centre_options(r, "", &nc, &rc);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	const char *point = form_get(f, "point"), *trade = form_get(f, "trade"),
	    *type = form_get(f, "type"), *time = form_get(f, "time"), *lang = form_get(f, "lang"),
	    *seats = form_get(f, "seats"), *mark = form_get(f, "pass_mark");
	if (!option_has(copts, nc, point) || parse_i64(point, 1, INT64_MAX, &in->point_id) != 0)
		form_error(f, "point", msg_get(r->lang, MSG_EXAMS_ERR_CENTRE));
	const struct trade *t = trade && *trade ? trades_find(trade) : NULL;
	if (t == NULL)
		form_error(f, "trade", msg_get(r->lang, MSG_EXAMS_ERR_TRADE));
	in->trade_code = t ? t->code : NULL;
	in->type = exam_list_index(exam_types, type);
	if (in->type < 0)
		form_error(f, "type-1", msg_get(r->lang, MSG_EXAMS_ERR_TYPE));
	else if (in->type == EXAM_RED_SEAL && t != NULL && !t->red_seal)
		form_error(f, "type-1", err_message(E_EXAM_NOT_RED_SEAL, r->lang));
	int32_t day = 0;
	int date_ok = form_date_value(r, f, "date", form_get(f, "date_year"), form_get(f, "date_month"),
	    form_get(f, "date_day"), MSG_EXAMS_ERR_DATE_REQUIRED, MSG_EXAMS_ERR_DATE_INVALID, &day) == 0;
	int minute = -1;
	if (form_empty(time))
		form_error(f, "time", msg_get(r->lang, MSG_EXAMS_ERR_TIME_REQUIRED));
	else if ((minute = rrule_clock_parse(time)) < 0)
		form_error(f, "time", msg_get(r->lang, MSG_EXAMS_ERR_TIME_INVALID));
	if (date_ok && minute >= 0 &&
	    date_start_us_local(day) + (int64_t)minute * INT64_C(60000000) <= time_now_us())
		form_error(f, "date-year", msg_get(r->lang, MSG_EXAMS_ERR_DATE_PAST));
	in->lang = exam_list_index(exam_langs, lang);
	if (in->lang < 0)
		form_error(f, "lang-1", msg_get(r->lang, MSG_EXAMS_ERR_LANG));
	if (whole(seats, 1, 10000, &in->seats) != 0)
		form_error(f, "seats", msg_get(r->lang, MSG_EXAMS_ERR_SEATS));
	if (!form_empty(mark)) {
		if (whole(mark, 1, 100, &in->pass_mark_pct) != 0)
			form_error(f, "pass_mark", msg_get(r->lang, MSG_EXAMS_ERR_PASS_MARK));
		in->has_pass_mark = 1;
	}
	if (f->nerr)
		return new_render(r, f);
	char d[11];
	date_format(day, d);
	in->starts_at = arena_printf(a, "%sT%02d:%02d", d, minute / 60, minute % 60);
	return req_write(r, admin_tx, o, admin_done);
}

/* ---- one session ---- */

struct one_view {
	int64_t id;
	enum lang lang;
	json_t *out;
};

static enum st_rc
one_tx(struct st_tx *tx, void *v)
{
	struct one_view *ov = v;
	json_decref(ov->out);
	ov->out = NULL;
	return exam_session_bookings(tx, ov->id, ov->lang, &ov->out);
}

/* The session with its bookings, or NULL when the failure page was sent. */
static json_t *
one_load(struct req *r, int64_t id)
{
	struct one_view *ov = arena_calloc(&r->arena, 1, sizeof(*ov));
	ov->id = id;
	ov->lang = r->lang;
	arena_defer(&r->arena, exam_json_free, &ov->out);
	enum st_rc rc = st_read(r->store, one_tx, ov);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return NULL;
	}
	return ov->out;
}

static const char *
person_name(struct arena *a, json_t *person)
{
	return casefmt_name(a, exam_jstr(person, "given_name"), exam_jstr(person, "family_name"));
}

static int
booking_status_word(const char *s)
{
	if (strcmp(s, "sat") == 0)
		return MSG_EXAMS_BSTATUS_SAT;
	if (strcmp(s, "absent") == 0)
		return MSG_EXAMS_BSTATUS_ABSENT;
	if (strcmp(s, "cancelled") == 0)
		return MSG_EXAMS_BSTATUS_CANCELLED;
	return MSG_EXAMS_BSTATUS_BOOKED;
}

static void
session_summary(struct page *p, json_t *s, int64_t now)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	json_t *t = json_object_get(s, "trade"), *pt = json_object_get(s, "point");
	H(h, "<dl class=\"pl-summary-list\">");
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_TRADE),
	    HS(MSGF(a, p->lang, MSG_EXAMS_TRADE_CODE, exam_named(t, p->lang), exam_jstr(t, "code"))));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_EXAM),
	    HM(exam_type_word(exam_jstr(s, "exam_type"))));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_WHEN),
	    HS(exam_when_words(a, p->lang, exam_jstr(s, "starts_at"))));
	HF(h, "<div><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></div>", HM(MSG_EXAMS_COL_CENTRE),
	    HS(web_urlf(r, "/points/%" PRId64, exam_jint(pt, "id"))), HS(exam_named(pt, p->lang)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_LANG),
	    HM(exam_lang_word(exam_jstr(s, "lang"))));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_SEATS),
	    HS(MSGF(a, p->lang, MSG_EXAMS_SEATS_VALUE, fmt_int(a, p->lang, exam_jint(s, "seats")),
	    fmt_int(a, p->lang, exam_jint(s, "seats_taken")),
	    fmt_int(a, p->lang, exam_jint(s, "seats_left")))));
	const char *pm = MSGF(a, p->lang, MSG_EXAMS_PCT, fmt_int(a, p->lang, exam_jint(s, "pass_mark_pct")));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_PASS_MARK),
	    HS(json_is_true(json_object_get(s, "pass_mark_is_default")) ?
	    MSGF(a, p->lang, MSG_EXAMS_PASS_MARK_DEFAULT, pm) : pm));
	HF(h, "<div><dt>{}</dt><dd>", HM(MSG_EXAMS_COL_STATUS));
	session_badge(h, s, now);
	H(h, "</dd></div>");
	if (*exam_jstr(s, "cancel_reason"))
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_CANCEL_REASON),
		    HS(exam_jstr(s, "cancel_reason")));
	int64_t rel;
	if (casefmt_time_us(exam_jstr(s, "results_released_at"), &rel) == 0)
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_RELEASED_ON),
		    HS(fmt_date_long(a, p->lang, date_of_us_local(rel))));
	H(h, "</dl>");
}

static void
bookings_table(struct page *p, json_t *bookings)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	HF(h, "<h2>{}</h2>", HM(MSG_EXAMS_BOOKINGS_STAFF_TITLE));
	if (json_array_size(bookings) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_BOOKINGS_STAFF_NONE));
		return;
	}
	table_open(a, h, msg_get(p->lang, MSG_EXAMS_BOOKINGS_CAPTION));
	H(h, "<thead><tr>");
	th_col(h, MSG_EXAMS_COL_CANDIDATE, 0);
	th_col(h, MSG_EXAMS_COL_CLIENT_NO, 0);
	th_col(h, MSG_EXAMS_COL_STATUS, 0);
	th_col(h, MSG_EXAMS_ACCOMMODATION, 0);
	th_col(h, MSG_EXAMS_COL_SCORE, 1);
	th_col(h, MSG_EXAMS_COL_RESULT, 0);
	H(h, "</tr></thead><tbody>");
	size_t i;
	json_t *b;
	json_array_foreach(bookings, i, b) {
		json_t *person = json_object_get(b, "person");
		int64_t nacc = exam_jint(b, "accommodations"), nok = exam_jint(b, "accommodations_approved");
		const char *acc = nacc == 0 ? msg_get(p->lang, MSG_EXAMS_ACC_NONE) :
		    MSGF(a, p->lang, MSG_EXAMS_ACC_COUNT, fmt_int(a, p->lang, nacc), fmt_int(a, p->lang, nok));
		json_t *score = json_object_get(b, "score_pct");
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td><td>", HS(person_name(a, person)),
		    HS(exam_jstr(person, "client_no")), HM(booking_status_word(exam_jstr(b, "status"))),
		    HS(acc), HS(json_is_integer(score) ? MSGF(a, p->lang, MSG_EXAMS_PCT,
		    fmt_int(a, p->lang, json_integer_value(score))) : ""));
		json_t *passed = json_object_get(b, "passed");
		if (json_is_boolean(passed))
			HF(h, "<span class=\"pl-status pl-status--{}\">{}</span>",
			    HS(json_is_true(passed) ? "ok" : "breached"),
			    HM(json_is_true(passed) ? MSG_EXAMS_PASSED : MSG_EXAMS_FAILED));
		H(h, "</td></tr>");
	}
	table_close(h);
}

static int
result_row(json_t *b)
{
	const char *st = exam_jstr(b, "status");
	return strcmp(st, "booked") == 0 || strcmp(st, "sat") == 0 || strcmp(st, "absent") == 0;
}

/* The results form: one row per candidate, a score and an "Absent" box. */
static void
results_form(struct page *p, int64_t id, json_t *bookings, const struct form *f)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	HF(h, "<h2 id=\"results\">{}</h2><p>{}</p>", HM(MSG_EXAMS_RESULTS_ENTRY_TITLE),
	    HM(MSG_EXAMS_RESULTS_ENTRY_INTRO));
	form_open(p, web_urlf(r, "/exam-sessions/%" PRId64 "/results", id));
	table_open(a, h, msg_get(p->lang, MSG_EXAMS_RESULTS_ENTRY_CAPTION));
	H(h, "<thead><tr>");
	th_col(h, MSG_EXAMS_COL_CANDIDATE, 0);
	th_col(h, MSG_EXAMS_COL_SCORE, 0);
	th_col(h, MSG_EXAMS_BSTATUS_ABSENT, 0);
	H(h, "</tr></thead><tbody>");
	size_t i;
	json_t *b;
	json_array_foreach(bookings, i, b) {
		if (!result_row(b))
			continue;
		int64_t bid = exam_jint(b, "id");
		const char *name = person_name(a, json_object_get(b, "person"));
		const char *sid = arena_printf(a, "score-%" PRId64, bid), *aid = arena_printf(a, "absent-%" PRId64, bid);
		const char *score, *err = form_error_text(f, sid);
		int absent;
		if (f != NULL) {
			score = form_get(f, sid);
			absent = form_get(f, aid) != NULL;
		} else {
			json_t *sc = json_object_get(b, "score_pct");
			score = json_is_integer(sc) ? arena_printf(a, "%" PRId64, (int64_t)json_integer_value(sc)) : "";
			absent = strcmp(exam_jstr(b, "status"), "absent") == 0;
		}
		HF(h, "<tr><th scope=\"row\">{}</th><td><div class=\"ontario-form-group\">"
		    "<label class=\"ontario-label ontario-show-for-sr\" for=\"{}\">{}</label>",
		    HS(name), HS(sid), HS(MSGF(a, p->lang, MSG_EXAMS_SCORE_OF, name)));
		if (err)
			HF(h, "<div class=\"ontario-error-messaging\" id=\"{}-error\"><span "
			    "class=\"ontario-error-messaging__content\"><span class=\"ontario-show-for-sr\">{}"
			    "</span> {}</span></div>", HS(sid), HM(MSG_FRAME_ERROR_PREFIX), HS(err));
		HF(h, "<input class=\"ontario-input ontario-input--4-char-width{}\" type=\"text\" "
		    "inputmode=\"numeric\" id=\"{}\" name=\"{}\" value=\"{}\"",
		    HS(err ? " ontario-input__error" : ""), HS(sid), HS(sid), HS(score));
		if (err)
			HF(h, " aria-invalid=\"true\" aria-describedby=\"{}-error\"", HS(sid));
		HF(h, "></div></td><td><div class=\"ontario-checkboxes\"><div class=\"ontario-checkboxes__item\">"
		    "<input class=\"ontario-checkboxes__input\" type=\"checkbox\" id=\"{}\" name=\"{}\" value=\"1\"",
		    HS(aid), HS(aid));
		if (absent)
			H(h, " checked");
		HF(h, "><label class=\"ontario-checkboxes__label\" for=\"{}\">{}<span class=\"ontario-show-for-sr\">"
		    " {}</span></label></div></div></td></tr>", HS(aid), HM(MSG_EXAMS_BSTATUS_ABSENT),
		    HS(name));
	}
	table_close(h);
	form_button(p, MSG_EXAMS_RESULTS_SAVE);
	form_close(p);
}

static int
session_render(struct req *r, int64_t id, struct form *f)
{
	json_t *out = one_load(r, id);
	if (out == NULL)
		return 0;
	struct arena *a = &r->arena;
	json_t *s = json_object_get(out, "session"), *bookings = json_object_get(out, "bookings");
	int64_t now = time_now_us();
	json_t *t = json_object_get(s, "trade");
	const char *title = MSGF(a, r->lang, MSG_EXAMS_SESSION_TITLE, exam_jstr(t, "code"),
	    exam_when_words(a, r->lang, exam_jstr(s, "starts_at")));
	struct page p;
	page_begin(&p, r, title, NAV_EXAM_SESSIONS, f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	page_back_link(&p, web_url(r, "/exam-sessions"));
	const char *done = req_query(r, "done");
	if (done != NULL && (f == NULL || f->nerr == 0)) {
		int m = strcmp(done, "created") == 0 ? MSG_EXAMS_DONE_CREATED :
		    strcmp(done, "results") == 0 ? MSG_EXAMS_DONE_RESULTS :
		    strcmp(done, "released") == 0 ? MSG_EXAMS_DONE_RELEASED :
		    strcmp(done, "cancelled") == 0 ? MSG_EXAMS_DONE_SESSION_CANCELLED : 0;
		if (m)
			exam_notice(h, msg_get(r->lang, m));
	}
	session_summary(&p, s, now);
	int scheduled = strcmp(exam_jstr(s, "status"), "scheduled") == 0;
	int released = json_string_value(json_object_get(s, "results_released_at")) != NULL;
	int started = session_started(s, now);
	if (scheduled && !released)
		HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/exam-sessions/%" PRId64 "/cancel", id)),
		    HM(MSG_EXAMS_SESSION_CANCEL_LINK));
	bookings_table(&p, bookings);
	size_t nrows = 0, i;
	json_t *b;
	json_array_foreach(bookings, i, b)
		nrows += result_row(b);
	if (scheduled && !released && started && nrows > 0) {
		results_form(&p, id, bookings, f);
		HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_EXAMS_RELEASE_TITLE), HM(MSG_EXAMS_RELEASE_TEXT));
		form_open(&p, web_urlf(r, "/exam-sessions/%" PRId64 "/release", id));
		const char *err = form_error_text(f, "release");
		if (err)
			HF(h, "<div class=\"ontario-error-messaging\" id=\"release-error\"><span "
			    "class=\"ontario-error-messaging__content\"><span class=\"ontario-show-for-sr\">{}"
			    "</span> {}</span></div>", HM(MSG_FRAME_ERROR_PREFIX), HS(err));
		HF(h, "<button type=\"submit\" id=\"release\" class=\"ontario-button ontario-button--primary\">{}"
		    "</button>", HM(MSG_EXAMS_RELEASE_BUTTON));
		form_close(&p);
	} else if (scheduled && !started) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_RESULTS_LATER));
	}
	page_end(&p);
	return 0;
}

int
p_exam_session(struct req *r)
{
	int64_t id;
	if (id_arg(r, &id) != 0)
		return 0;
	return session_render(r, id, NULL);
}

int
p_exam_session_results(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct arena *a = &r->arena;
	struct admin_op *o = admin_op_new(r, 1, f);
	if (id_arg(r, &o->id) != 0)
		return 0;
	json_t *out = one_load(r, o->id);
	if (out == NULL)
		return 0;
	json_t *bookings = json_object_get(out, "bookings");
	size_t n = json_array_size(bookings), i, entered = 0;
	o->booking = arena_calloc(a, n + 1, sizeof(*o->booking));
	o->absent = arena_calloc(a, n + 1, sizeof(*o->absent));
	o->score = arena_calloc(a, n + 1, sizeof(*o->score));
	o->row_field = arena_calloc(a, n + 1, sizeof(*o->row_field));
	const char *first = NULL;
	json_t *b;
	json_array_foreach(bookings, i, b) {
		if (!result_row(b))
			continue;
		int64_t bid = exam_jint(b, "id");
		const char *sid = arena_printf(a, "score-%" PRId64, bid);
		const char *score = form_get(f, sid);
		int absent = form_get(f, arena_printf(a, "absent-%" PRId64, bid)) != NULL;
		const char *name = person_name(a, json_object_get(b, "person"));
		if (first == NULL)
			first = sid;
		int64_t v = -1;
		if (!form_empty(score) && absent) {
			form_error(f, sid, MSGF(a, r->lang, MSG_EXAMS_ERR_SCORE_AND_ABSENT, name));
			continue;
		}
		if (!form_empty(score) && whole(score, 0, 100, &v) != 0) {
			form_error(f, sid, MSGF(a, r->lang, MSG_EXAMS_ERR_SCORE, name));
			continue;
		}
		if (form_empty(score) && !absent)
			continue;
		entered++;
		/* Unchanged rows are not recorded again. */
		json_t *old = json_object_get(b, "score_pct");
		const char *st = exam_jstr(b, "status");
		if ((absent && strcmp(st, "absent") == 0) ||
		    (!absent && json_is_integer(old) && json_integer_value(old) == v))
			continue;
		o->booking[o->nrows] = bid;
		o->absent[o->nrows] = absent;
		o->score[o->nrows] = absent ? 0 : (int)v;
		o->row_field[o->nrows] = sid;
		o->nrows++;
	}
	if (f->nerr == 0 && entered == 0 && first != NULL)
		form_error(f, first, msg_get(r->lang, MSG_EXAMS_ERR_NO_RESULT));
	if (f->nerr)
		return session_render(r, o->id, f);
	if (o->nrows == 0) {
		web_redirect(r, web_urlf(r, "/exam-sessions/%" PRId64 "?done=results", o->id));
		return 0;
	}
	return req_write(r, admin_tx, o, admin_done);
}

int
p_exam_session_release(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct admin_op *o = admin_op_new(r, 2, f);
	if (id_arg(r, &o->id) != 0)
		return 0;
	return req_write(r, admin_tx, o, admin_done);
}

/* ---- cancelling a session ---- */

static int
cancel_render(struct req *r, int64_t id, struct form *f)
{
	json_t *out = one_load(r, id);
	if (out == NULL)
		return 0;
	struct arena *a = &r->arena;
	json_t *s = json_object_get(out, "session");
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_SESSION_CANCEL_TITLE), NAV_EXAM_SESSIONS,
	    f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	page_back_link(&p, web_urlf(r, "/exam-sessions/%" PRId64, id));
	session_summary(&p, s, time_now_us());
	if (strcmp(exam_jstr(s, "status"), "scheduled") != 0 ||
	    json_string_value(json_object_get(s, "results_released_at")) != NULL) {
		HF(h, "<p>{}</p>", HS(err_message(E_EXAM_SESSION_CLOSED, r->lang)));
		page_end(&p);
		return 0;
	}
	HF(h, "<div class=\"ontario-alert ontario-alert--warning\"><div class=\"ontario-alert__body\"><p>{}</p>"
	    "</div></div>", HS(MSGF(a, r->lang, MSG_EXAMS_SESSION_CANCEL_WARNING,
	    fmt_int(a, r->lang, exam_jint(s, "seats_taken")))));
	form_open(&p, web_urlf(r, "/exam-sessions/%" PRId64 "/cancel", id));
	field_textarea(&p, &(struct field){ .id = "reason", .name = "reason",
	    .label = MSG_EXAMS_SESSION_CANCEL_REASON, .hint = MSG_EXAMS_SESSION_CANCEL_REASON_HINT,
	    .value = f ? form_get(f, "reason") : NULL });
	HF(h, "<div class=\"pl-actions\"><button type=\"submit\" class=\"ontario-button ontario-button--primary\">"
	    "{}</button><a href=\"{}\">{}</a></div>", HM(MSG_EXAMS_SESSION_CANCEL_BUTTON),
	    HS(web_urlf(r, "/exam-sessions/%" PRId64, id)), HM(MSG_EXAMS_SESSION_KEEP));
	form_close(&p);
	page_end(&p);
	return 0;
}

int
p_exam_session_cancel_form(struct req *r)
{
	int64_t id;
	if (id_arg(r, &id) != 0)
		return 0;
	return cancel_render(r, id, NULL);
}

static int
reason_check(struct req *r, struct form *f, const char *id, const char *reason, int required)
{
	if (form_empty(reason)) {
		if (required)
			form_error(f, id, msg_get(r->lang, MSG_EXAMS_ERR_REASON));
		return -1;
	}
	if (text_utf8_len(reason, strlen(reason)) > REASON_MAX) {
		form_error(f, id, msg_get(r->lang, MSG_EXAMS_ERR_REASON_LONG));
		return -1;
	}
	return 0;
}

int
p_exam_session_cancel(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct admin_op *o = admin_op_new(r, 3, f);
	if (id_arg(r, &o->id) != 0)
		return 0;
	o->reason = form_get(f, "reason");
	reason_check(r, f, "reason", o->reason, 1);
	if (f->nerr)
		return cancel_render(r, o->id, f);
	return req_write(r, admin_tx, o, admin_done);
}

/* ---- accommodation requests ---- */

struct accs_view {
	struct arena *a;
	json_t *out;
};

static enum st_rc
accs_tx(struct st_tx *tx, void *v)
{
	struct accs_view *av = v;
	json_decref(av->out);
	av->out = NULL;
	return exam_accommodations_list(tx, av->a, "requested", 0, &av->out);
}

static int
acc_kind(const char *kind)
{
	if (strcmp(kind, "extra_time") == 0)
		return MSG_EXAMS_ACC_EXTRA_TIME;
	if (strcmp(kind, "separate_room") == 0)
		return MSG_EXAMS_ACC_SEPARATE_ROOM;
	if (strcmp(kind, "reader") == 0)
		return MSG_EXAMS_ACC_READER;
	return MSG_EXAMS_ACC_OTHER;
}

static int
accs_render(struct req *r, struct form *f)
{
	struct arena *a = &r->arena;
	struct accs_view *av = arena_calloc(a, 1, sizeof(*av));
	av->a = a;
	arena_defer(a, exam_json_free, &av->out);
	enum st_rc rc = st_read(r->store, accs_tx, av);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_ACCS_TITLE), NAV_EXAM_SESSIONS, f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	const char *done = req_query(r, "done");
	if (done != NULL && (f == NULL || f->nerr == 0))
		exam_notice(h, msg_get(r->lang, strcmp(done, "approved") == 0 ? MSG_EXAMS_DONE_APPROVED :
		    MSG_EXAMS_DONE_REFUSED));
	HF(h, "<p>{}</p>", HM(MSG_EXAMS_ACCS_INTRO));
	json_t *items = json_object_get(av->out, "items");
	if (json_array_size(items) == 0)
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_ACCS_NONE));
	size_t i;
	json_t *x;
	json_array_foreach(items, i, x) {
		int64_t id = exam_jint(x, "id");
		json_t *person = json_object_get(x, "person"), *s = json_object_get(x, "session");
		const char *name = person_name(a, person);
		HF(h, "<section class=\"pl-card\" aria-labelledby=\"acc-{}\"><h2 id=\"acc-{}\">{}</h2>"
		    "<dl class=\"pl-summary-list\">", HI(id), HI(id),
		    HS(MSGF(a, r->lang, MSG_EXAMS_ACC_HEADING, name, msg_get(r->lang, acc_kind(exam_jstr(x, "kind"))))));
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_CLIENT_NO),
		    HS(exam_jstr(person, "client_no")));
		HF(h, "<div><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></div>", HM(MSG_EXAMS_COL_SITTING),
		    HS(web_urlf(r, "/exam-sessions/%" PRId64, exam_jint(s, "id"))),
		    HS(exam_when_words(a, r->lang, exam_jstr(s, "starts_at"))));
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_ACC_DETAILS),
		    HS(*exam_jstr(x, "details") ? exam_jstr(x, "details") : msg_get(r->lang, MSG_EXAMS_ACC_NO_DETAILS)));
		H(h, "</dl>");
		struct form *mine = NULL;
		const char *did = arena_printf(a, "decision-%" PRId64, id), *rid = arena_printf(a, "reason-%" PRId64, id);
		/* The values kept after an error belong to the request that has it. */
		if (form_has_error(f, arena_printf(a, "%s-1", did)) || form_has_error(f, rid))
			mine = f;
		form_open(&p, web_urlf(r, "/exam-accommodations/%" PRId64, id));
		struct option opts[] = {
			{ "approve", msg_get(r->lang, MSG_EXAMS_ACC_APPROVE) },
			{ "refuse", msg_get(r->lang, MSG_EXAMS_ACC_REFUSE) },
		};
		field_radios(&p, &(struct field){ .id = did, .name = "decision", .label_text =
		    MSGF(a, r->lang, MSG_EXAMS_ACC_DECISION, name),
		    .value = mine ? form_get(mine, "decision") : NULL }, opts, 2);
		field_textarea(&p, &(struct field){ .id = rid, .name = "reason", .label_text =
		    MSGF(a, r->lang, MSG_EXAMS_ACC_REASON_LABEL, name), .hint = MSG_EXAMS_ACC_REASON_HINT,
		    .value = mine ? form_get(mine, "reason") : NULL });
		HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
		    "<span class=\"ontario-show-for-sr\"> {}</span></button>", HM(MSG_EXAMS_ACC_SAVE), HS(name));
		form_close(&p);
		H(h, "</section>");
	}
	page_end(&p);
	return 0;
}

int
p_exam_accommodations(struct req *r)
{
	return accs_render(r, NULL);
}

int
p_exam_accommodation_decide(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct arena *a = &r->arena;
	struct admin_op *o = admin_op_new(r, 4, f);
	if (id_arg(r, &o->id) != 0)
		return 0;
	const char *decision = form_get(f, "decision");
	o->reason = form_get(f, "reason");
	const char *did = arena_printf(a, "decision-%" PRId64 "-1", o->id);
	const char *rid = arena_printf(a, "reason-%" PRId64, o->id);
	if (decision == NULL || (strcmp(decision, "approve") != 0 && strcmp(decision, "refuse") != 0))
		form_error(f, did, msg_get(r->lang, MSG_EXAMS_ERR_DECISION));
	o->approve = decision != NULL && strcmp(decision, "approve") == 0;
	reason_check(r, f, rid, o->reason, decision != NULL && strcmp(decision, "refuse") == 0);
	if (form_empty(o->reason))
		o->reason = NULL;
	if (f->nerr)
		return accs_render(r, f);
	return req_write(r, admin_tx, o, admin_done);
}

/* ---- reports: the results release standard and pass rates, for a fiscal year ---- */

struct report_view {
	int32_t from, to;
	int group;
	enum lang lang;
	json_t *standard, *rates;
};

static enum st_rc
report_tx(struct st_tx *tx, void *v)
{
	struct report_view *rv = v;
	json_decref(rv->standard);
	json_decref(rv->rates);
	rv->standard = rv->rates = NULL;
	enum st_rc rc = exam_release_standard(tx, rv->from, rv->to, "", rv->lang, &rv->standard);
	if (rc == ST_OK)
		rc = exam_pass_rates(tx, rv->from, rv->to, "", rv->group, 0, rv->lang, &rv->rates);
	return rc;
}

static void
report_free(void *v)
{
	struct report_view *rv = v;
	json_decref(rv->standard);
	json_decref(rv->rates);
}

static const char *
pct_words(struct arena *a, enum lang lang, json_t *v)
{
	if (!json_is_number(v))
		return msg_get(lang, MSG_EXAMS_NOT_APPLICABLE);
	return MSGF(a, lang, MSG_EXAMS_PCT, fmt_decimal(a, lang, json_number_value(v), 1));
}

int
p_exam_reports(struct req *r)
{
	struct arena *a = &r->arena;
	int64_t now = time_now_us();
	int32_t today = date_of_us_local(now);
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int current = m >= 4 ? y : y - 1;     /* the fiscal year runs April to March */
	/* Default: the last complete fiscal year. */
	int64_t fy = current - 1;
	const char *q = req_query(r, "year");
	if (q != NULL && parse_i64(q, current - 2, current, &fy) != 0)
		fy = current - 1;
	const char *by = req_query(r, "by");
	struct report_view *rv = arena_calloc(a, 1, sizeof(*rv));
	rv->lang = r->lang;
	rv->group = by != NULL && strcmp(by, "centre") == 0 ? 1 : 0;
	rv->from = date_from_ymd((int)fy, 4, 1);
	rv->to = date_from_ymd((int)fy + 1, 3, 31);
	if (rv->to > today)
		rv->to = today;
	arena_defer(a, report_free, rv);
	enum st_rc rc = st_read(r->store, report_tx, rv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	int staff = r->who && (r->who->role == ROLE_EXAM_ADMIN || r->who->role == ROLE_ADMIN);
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_REPORTS_TITLE),
	    staff ? NAV_EXAM_SESSIONS : NAV_EXAM_REPORTS,
	    NULL);
	struct html *h = &p.h;
	const char *span = MSGF(a, r->lang, MSG_EXAMS_REPORTS_PERIOD, fmt_date_long(a, r->lang, rv->from),
	    fmt_date_long(a, r->lang, rv->to));
	HF(h, "<p>{}</p>", HS(span));
	HF(h, "<form method=\"get\" action=\"{}\" novalidate>", HS(web_url(r, "/exam-reports")));
	struct option years[3];
	for (int i = 0; i < 3; i++) {
		int yy = current - i;
		years[i] = (struct option){ arena_printf(a, "%d", yy), MSGF(a, r->lang,
			i == 0 ? MSG_EXAMS_FY_CURRENT : MSG_EXAMS_FY, arena_printf(a, "%d", yy),
			arena_printf(a, "%d", yy + 1)) };
	}
	field_select(&p, &(struct field){ .id = "year", .name = "year", .label = MSG_EXAMS_FY_LABEL,
	    .value = arena_printf(a, "%" PRId64, fy) }, years, 3);
	struct option groups[] = {
		{ "trade", msg_get(r->lang, MSG_EXAMS_BY_TRADE) },
		{ "centre", msg_get(r->lang, MSG_EXAMS_BY_CENTRE) },
	};
	field_radios(&p, &(struct field){ .id = "by", .name = "by", .label = MSG_EXAMS_BY_LABEL,
	    .value = rv->group ? "centre" : "trade" }, groups, 2);
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}</button></form>",
	    HM(MSG_EXAMS_REPORTS_SHOW));

	HF(h, "<h2>{}</h2>", HM(MSG_EXAMS_STANDARD_TITLE));
	table_open(a, h, msg_get(r->lang, MSG_EXAMS_STANDARD_CAPTION));
	H(h, "<thead><tr>");
	th_col(h, MSG_EXAMS_COL_EXAM, 0);
	th_col(h, MSG_EXAMS_COL_STANDARD, 0);
	th_col(h, MSG_EXAMS_COL_TARGET, 1);
	th_col(h, MSG_EXAMS_COL_ACTUAL, 1);
	th_col(h, MSG_EXAMS_COL_ON_TIME, 1);
	th_col(h, MSG_EXAMS_COL_STATUS, 0);
	H(h, "</tr></thead><tbody>");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(rv->standard, "measures"), i, x) {
		json_t *met = json_object_get(x, "met");
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td><td class=\"ontario-table-cell--numeric\">{}</td><td>",
		    HM(exam_type_word(exam_jstr(x, "exam_type"))), HS(exam_jstr(x, "standard")),
		    HS(MSGF(a, r->lang, MSG_EXAMS_PCT, fmt_int(a, r->lang, exam_jint(x, "target")))),
		    HS(pct_words(a, r->lang, json_object_get(x, "actual"))),
		    HS(MSGF(a, r->lang, MSG_EXAMS_ON_TIME_VALUE, fmt_int(a, r->lang, exam_jint(x, "on_time")),
		    fmt_int(a, r->lang, exam_jint(x, "due")))));
		if (json_is_boolean(met))
			HF(h, "<span class=\"pl-status pl-status--{}\">{}</span>", HS(json_is_true(met) ? "ok" : "breached"),
			    HM(json_is_true(met) ? MSG_EXAMS_MET : MSG_EXAMS_NOT_MET));
		else
			HF(h, "{}", HM(MSG_EXAMS_NOTHING_DUE));
		H(h, "</td></tr>");
	}
	table_close(h);

	HF(h, "<h2>{}</h2>", HM(rv->group ? MSG_EXAMS_RATES_CENTRE_TITLE : MSG_EXAMS_RATES_TRADE_TITLE));
	json_t *groups_j = json_object_get(rv->rates, "groups");
	if (json_array_size(groups_j) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_RATES_NONE));
		page_end(&p);
		return 0;
	}
	table_open(a, h, msg_get(r->lang, rv->group ? MSG_EXAMS_RATES_CENTRE_CAPTION : MSG_EXAMS_RATES_TRADE_CAPTION));
	H(h, "<thead><tr>");
	th_col(h, rv->group ? MSG_EXAMS_COL_CENTRE : MSG_EXAMS_TRADE, 0);
	th_col(h, MSG_EXAMS_COL_SAT, 1);
	th_col(h, MSG_EXAMS_COL_PASSED, 1);
	th_col(h, MSG_EXAMS_COL_PASS_RATE, 1);
	H(h, "</tr></thead><tbody>");
	json_array_foreach(groups_j, i, x) {
		const char *name = rv->group ? exam_jstr(x, "name") :
		    MSGF(a, r->lang, MSG_EXAMS_TRADE_CODE, exam_jstr(x, "name"), exam_jstr(x, "key"));
		HF(h, "<tr><th scope=\"row\">{}</th><td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td><td class=\"ontario-table-cell--numeric\">{}</td></tr>",
		    HS(name), HS(fmt_int(a, r->lang, exam_jint(x, "sat"))),
		    HS(fmt_int(a, r->lang, exam_jint(x, "passed"))),
		    HS(pct_words(a, r->lang, json_object_get(x, "pass_rate_pct"))));
	}
	HF(h, "<tr><th scope=\"row\">{}</th><td class=\"ontario-table-cell--numeric\">{}</td>"
	    "<td class=\"ontario-table-cell--numeric\">{}</td><td class=\"ontario-table-cell--numeric\">{}</td></tr>",
	    HM(MSG_EXAMS_TOTAL), HS(fmt_int(a, r->lang, exam_jint(rv->rates, "sat"))),
	    HS(fmt_int(a, r->lang, exam_jint(rv->rates, "passed"))),
	    HS(pct_words(a, r->lang, json_object_get(rv->rates, "pass_rate_pct"))));
	table_close(h);
	page_end(&p);
	return 0;
}
