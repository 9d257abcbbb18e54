/* exams: rules, sessions, authorisations, bookings, accommodations and results of the
 * certification exams, and the candidate's own views. Reports are in exam_reports.c, the
 * eligibility rules in exam_eligibility.c, the CSV imports in exam_csv.c. */
#include "domain/exams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/certs.h"
#include "domain/crypto.h"
#include "domain/trades.h"

#define MINUTE_US INT64_C(60000000)

const char *const exam_types[] = { "cq", "red_seal", NULL };
const char *const exam_langs[] = { "en", "fr", NULL };
const char *const exam_accommodation_kinds[] = { "extra_time", "separate_room", "reader", "other",
	NULL };
const char *const exam_rate_groups[] = { "trade", "centre", "period", NULL };
const char *const exam_rate_periods[] = { "month", "quarter", "fiscal_year", NULL };

static const char *const type_labels[EXAM__TYPES][2] = {
	{ "Certificate of Qualification exam", "Examen du certificat de qualification" },
	{ "Red Seal interprovincial exam", "Examen interprovincial du Sceau rouge" },
};

int
exam_list_index(const char *const *list, const char *s)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* ---- pure helpers ---- */

int
exam_start_parse(const char *s, int32_t *day, int *minute)
{
	if (s == NULL || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return -1;
	char d[11];
	memcpy(d, s, 10);
	d[10] = '\0';
	if (date_parse(d, day) != 0)
		return -1;
	int h = 0, m = 0;
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	m = (s[14] - '0') * 10 + (s[15] - '0');
	if (h > 23 || m > 59)
		return -1;
	*minute = h * 60 + m;
	return 0;
}

int32_t
exam_cancel_last_day(int32_t sitting, int n)
{
	int32_t d = sitting - 1;
	/* Step back to the n-th business day before the sitting (n = 0: the day before). */
	for (int k = 0; k < n; d--) {
		if (bizdays_is_business_day(d) && ++k == n)
			return d;
	}
	return d;
}

void
exam_period_key(int32_t day, int period, char out[16])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	/* Years are 1900..2199 (date_parse): the keys fit in 16 bytes. */
	y = y < 0 ? 0 : y > 9998 ? 9998 : y;
	m = m < 1 ? 1 : m > 12 ? 12 : m;
	char buf[32];
	if (period == 0)
		snprintf(buf, sizeof(buf), "%04d-%02d", y, m);
	else if (period == 1)
		snprintf(buf, sizeof(buf), "%04d-Q%d", y, (m - 1) / 3 + 1);
	else {
		int fy = m >= 4 ? y : y - 1;   /* April to March */
		snprintf(buf, sizeof(buf), "FY%04d-%02d", fy, (fy + 1) % 100);
	}
	memcpy(out, buf, 15);
	out[15] = '\0';
}

bool
exam_release_on_time(int32_t sitting, int32_t released, int n)
{
	return released <= bizdays_add(sitting, n);
}

static int64_t
start_us(int32_t day, int minute)
{
	return date_start_us_local(day) + (int64_t)minute * MINUTE_US;
}

static json_t *
time_json(const struct st_row *row, int col)
{
	if (st_isnull(row, col))
		return json_null();
	char t[32];
	time_format_us(st_i64(row, col), t);
	return json_string(t);
}

static json_t *
date_json(int32_t day)
{
	char d[11];
	date_format(day, d);
	return json_string(d);
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static bool
is_exam_staff(const struct principal *who)
{
	return who != NULL && (who->role == ROLE_EXAM_ADMIN || who->role == ROLE_ADMIN);
}

static int64_t
actor(const struct principal *who)
{
	return who != NULL ? who->user_id : 0;
}

static enum st_rc
audit(struct st_tx *tx, const struct principal *who, const char *entity, int64_t id,
    const char *type, const char *from, const char *to, json_t *payload)
{
	struct audit_event ev = { entity, id, 0, type, from, to, payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

/* ---- rules ---- */

static void
rules_from_row(const struct st_row *row, struct exam_rules *r)
{
	r->pass_mark_pct = (int)st_i64(row, 1);
	r->cancel_deadline_bizdays = (int)st_i64(row, 2);
	r->retake_wait_days = (int)st_i64(row, 3);
	r->results_release_bizdays = (int)st_i64(row, 4);
	r->release_target_pct = (int)st_i64(row, 5);
}

static int
rules_row(void *ctx, const struct st_row *row)
{
	rules_from_row(row, ctx);
	return 1;
}

enum st_rc
exam_rules_get(struct st_tx *tx, int type, struct exam_rules *out)
{
	memset(out, 0, sizeof(*out));
	out->pass_mark_pct = -1;
	struct st_param p[] = { SP_STR(exam_types[type]) };
	enum st_rc rc = st_exec(tx, Q_EXAM_RULES_GET, p, 1, rules_row, out, NULL);
	if (rc == ST_OK && out->pass_mark_pct < 0)
		return ST_ERROR;   /* the migration inserts both rows */
	return rc;
}

static json_t *
rules_json(const struct st_row *row)
{
	struct exam_rules r;
	rules_from_row(row, &r);
	int t = exam_list_index(exam_types, st_text(row, 0));
	json_t *o = json_object();
	json_object_set_new(o, "exam_type", json_string(st_text(row, 0)));
	json_object_set_new(o, "label_en", json_string(type_labels[t < 0 ? 0 : t][0]));
	json_object_set_new(o, "label_fr", json_string(type_labels[t < 0 ? 0 : t][1]));
	json_object_set_new(o, "pass_mark_pct", json_integer(r.pass_mark_pct));
	json_object_set_new(o, "cancel_deadline_bizdays", json_integer(r.cancel_deadline_bizdays));
	json_object_set_new(o, "retake_wait_days", json_integer(r.retake_wait_days));
	json_object_set_new(o, "results_release_bizdays", json_integer(r.results_release_bizdays));
	json_object_set_new(o, "release_target_pct", json_integer(r.release_target_pct));
	json_object_set_new(o, "updated_at", st_i64(row, 6) > 0 ? time_json(row, 6) : json_null());
	return o;
}

static int
rules_list_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, rules_json(row));
	return 0;
}

static int
rules_one_row(void *ctx, const struct st_row *row)
{
	*(json_t **)ctx = rules_json(row);
	return 1;
}

enum st_rc
exam_rules_list(struct st_tx *tx, json_t **out)
{
	json_t *items = json_array();
	enum st_rc rc = st_exec(tx, Q_EXAM_RULES_ALL, NULL, 0, rules_list_row, items, NULL);
	*out = json_pack("{s:o}", "items", items);
	return rc;
}

enum st_rc
exam_rules_update(struct st_tx *tx, const struct principal *who, int type,
    const struct exam_rules *in, json_t **out, struct dom_err *err)
{
	(void)err;
	*out = NULL;
	json_t *before = NULL;
	struct st_param k[] = { SP_STR(exam_types[type]) };
	enum st_rc rc = st_exec(tx, Q_EXAM_RULES_GET, k, 1, rules_one_row, &before, NULL);
	if (rc != ST_OK || before == NULL) {
		json_decref(before);
		return rc != ST_OK ? rc : ST_NOTFOUND;
	}
	struct st_param p[] = { SP_STR(exam_types[type]), SP_INT(in->pass_mark_pct),
		SP_INT(in->cancel_deadline_bizdays), SP_INT(in->retake_wait_days),
		SP_INT(in->results_release_bizdays), SP_INT(in->release_target_pct),
		SP_OPTINT(actor(who) > 0, actor(who)), SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_EXAM_RULES_UPDATE, p, 8, NULL, NULL, NULL)) == ST_OK)
		rc = st_exec(tx, Q_EXAM_RULES_GET, k, 1, rules_one_row, out, NULL);
	if (rc != ST_OK) {
		json_decref(before);
		return rc;
	}
	json_t *payload = json_pack("{s:o}", "change", audit_diff(before, json_deep_copy(*out)));
	return audit(tx, who, "exam_rules", type + 1, "exam.rules_updated", NULL, NULL, payload);
}

/* ---- sessions ---- */

struct session_rec {
	int64_t id, point_id, starts_us, seats, taken;
	char trade[8];
	int type, lang, red_seal;
	int32_t day;
	int minute;
	int own_pass_mark;     /* -1 none */
	int pass_mark;         /* effective */
	int scheduled, released, cancel_bizdays;
	json_t *json;          /* when asked for */
	enum lang jlang;
	int want_json;
	int found;
};

static int
session_row(void *ctx, const struct st_row *row)
{
	struct session_rec *s = ctx;
	s->found = 1;
	s->id = st_i64(row, 0);
	s->point_id = st_i64(row, 1);
	snprintf(s->trade, sizeof(s->trade), "%s", st_text(row, 4));
	s->red_seal = (int)st_i64(row, 7);
	s->type = exam_list_index(exam_types, st_text(row, 8));
	if (exam_start_parse(st_text(row, 9), &s->day, &s->minute) != 0)
		s->day = 0;
	s->starts_us = st_i64(row, 10);
	s->lang = exam_list_index(exam_langs, st_text(row, 11));
	s->seats = st_i64(row, 12);
	s->own_pass_mark = st_isnull(row, 13) ? -1 : (int)st_i64(row, 13);
	s->pass_mark = s->own_pass_mark >= 0 ? s->own_pass_mark : (int)st_i64(row, 14);
	s->scheduled = strcmp(st_text(row, 15), "scheduled") == 0;
	s->released = !st_isnull(row, 17);
	s->taken = st_i64(row, 18);
	s->cancel_bizdays = (int)st_i64(row, 19);
	if (!s->want_json)
		return 0;
	int t = s->type < 0 ? 0 : s->type;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "point", json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)s->point_id,
	    "name_en", st_text(row, 2), "name_fr", st_text(row, 3), "kind", st_text(row, 20)));
	json_object_set_new(o, "trade", json_pack("{s:s,s:s,s:s,s:b}", "code", st_text(row, 4),
	    "name_en", st_text(row, 5), "name_fr", st_text(row, 6), "red_seal", s->red_seal));
	json_object_set_new(o, "exam_type", json_string(st_text(row, 8)));
	json_object_set_new(o, "exam_type_label", json_string(type_labels[t][s->jlang == LANG_FR]));
	json_object_set_new(o, "starts_at", json_string(st_text(row, 9)));
	json_object_set_new(o, "lang", json_string(st_text(row, 11)));
	json_object_set_new(o, "seats", json_integer(s->seats));
	json_object_set_new(o, "seats_taken", json_integer(s->taken));
	json_object_set_new(o, "seats_left", json_integer(s->seats > s->taken ? s->seats - s->taken : 0));
	json_object_set_new(o, "pass_mark_pct", json_integer(s->pass_mark));
	json_object_set_new(o, "pass_mark_is_default", json_boolean(s->own_pass_mark < 0));
	json_object_set_new(o, "status", json_string(st_text(row, 15)));
	json_object_set_new(o, "cancel_reason", st_isnull(row, 16) ? json_null() :
	    json_string(st_text(row, 16)));
	json_object_set_new(o, "candidate_cancel_until", s->day ?
	    date_json(exam_cancel_last_day(s->day, s->cancel_bizdays)) : json_null());
	json_object_set_new(o, "results_released_at", time_json(row, 17));
	s->json = o;
	return 0;
}

static enum st_rc
session_load(struct st_tx *tx, int64_t id, struct session_rec *s, int want_json, enum lang lang)
{
	memset(s, 0, sizeof(*s));
	s->want_json = want_json;
	s->jlang = lang;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_SESSION_GET, p, 1, session_row, s, NULL);
	if (rc != ST_OK) {
		json_decref(s->json);
		s->json = NULL;
		return rc;
	}
	return s->found ? ST_OK : ST_NOTFOUND;
}

enum st_rc
exam_session_get(struct st_tx *tx, int64_t id, enum lang lang, json_t **out)
{
	struct session_rec s;
	enum st_rc rc = session_load(tx, id, &s, 1, lang);
	*out = rc == ST_OK ? s.json : NULL;
	return rc;
}

struct kind_ctx {
	char kind[24];
	int active, found;
};

static int
kind_row(void *ctx, const struct st_row *row)
{
	struct kind_ctx *k = ctx;
	snprintf(k->kind, sizeof(k->kind), "%s", st_text(row, 0));
	k->active = (int)st_i64(row, 1);
	k->found = 1;
	return 1;
}

/* The point must be an exam centre or offer exams, and be active. */
static enum st_rc
check_point(struct st_tx *tx, int64_t point_id, enum err_id *e)
{
	struct kind_ctx k = { "", 0, 0 };
	struct st_param p[] = { SP_INT(point_id) };
	*e = E_NONE;
	enum st_rc rc = st_exec(tx, Q_EXAM_POINT_KIND, p, 1, kind_row, &k, NULL);
	if (rc != ST_OK)
		return rc;
	if (!k.found) {
		*e = E_REFERENCE;
		return ST_OK;
	}
	int64_t offers = 0;
	if ((rc = st_exec(tx, Q_EXAM_POINT_OFFERS, p, 1, id_row, &offers, NULL)) != ST_OK)
		return rc;
	if (!k.active || (strcmp(k.kind, "exam_centre") != 0 && offers == 0))
		*e = E_EXAM_CENTRE;
	return ST_OK;
}

/* Checks a new session without the database but for references: field at fault or NULL. */
static enum st_rc
session_check(struct st_tx *tx, const struct exam_session_in *in, int64_t now,
    int32_t *day, int *minute, enum err_id *e, const char **field)
{
	*e = E_NONE;
	*field = NULL;
	const struct trade *t = trades_find(in->trade_code);
	if (t == NULL) {
		*e = E_REFERENCE;
		*field = "trade_code";
		return ST_OK;
	}
	if (in->type == EXAM_RED_SEAL && !t->red_seal) {
		*e = E_EXAM_NOT_RED_SEAL;
		*field = "exam_type";
		return ST_OK;
	}
	if (exam_start_parse(in->starts_at, day, minute) != 0 || start_us(*day, *minute) <= now) {
		*e = E_EXAM_SESSION_START;
		*field = "starts_at";
		return ST_OK;
	}
	enum st_rc rc = check_point(tx, in->point_id, e);
	if (rc == ST_OK && *e != E_NONE)
		*field = "point_id";
	return rc;
}

static enum st_rc
session_insert(struct st_tx *tx, const struct principal *who, const struct exam_session_in *in,
    int32_t day, int minute, int64_t now, int64_t *id)
{
	struct st_param p[] = { SP_INT(in->point_id), SP_STR(in->trade_code),
		SP_STR(exam_types[in->type]), SP_STR(in->starts_at), SP_INT(start_us(day, minute)),
		SP_STR(exam_langs[in->lang]), SP_INT(in->seats),
		SP_OPTINT(in->has_pass_mark, in->pass_mark_pct), SP_OPTINT(actor(who) > 0, actor(who)),
		SP_INT(now) };
	*id = 0;
	return st_exec(tx, Q_EXAM_SESSION_INSERT, p, 10, id_row, id, NULL);
}

enum st_rc
exam_session_create(struct st_tx *tx, const struct principal *who,
    const struct exam_session_in *in, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	int64_t now = time_now_us(), id = 0;
	int32_t day;
	int minute;
	enum err_id e;
	const char *field;
	enum st_rc rc = session_check(tx, in, now, &day, &minute, &e, &field);
	if (rc != ST_OK)
		return rc;
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	if ((rc = session_insert(tx, who, in, day, minute, now, &id)) != ST_OK)
		return rc;
	if ((rc = exam_session_get(tx, id, lang, out)) != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:o}", "change", audit_diff(NULL, json_deep_copy(*out)));
	return audit(tx, who, "exam_session", id, "exam.session_created", NULL, "scheduled", payload);
}

enum st_rc
exam_session_update(struct st_tx *tx, const struct principal *who, int64_t id,
    const struct exam_session_patch *in, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct session_rec s;
	enum st_rc rc = session_load(tx, id, &s, 1, lang);
	if (rc != ST_OK)
		return rc;
	json_t *before = s.json;
	int64_t now = time_now_us();
	const char *starts_at = json_string_value(json_object_get(before, "starts_at"));
	int32_t day = s.day;
	int minute = s.minute;
	if (!s.scheduled || s.starts_us <= now) {
		json_decref(before);
		return dom_refuse(err, E_EXAM_SESSION_CLOSED, NULL, NULL);
	}
	if (in->starts_at != NULL) {
		if (exam_start_parse(in->starts_at, &day, &minute) != 0 || start_us(day, minute) <= now) {
			json_decref(before);
			return dom_refuse(err, E_EXAM_SESSION_START, "starts_at", NULL);
		}
		starts_at = in->starts_at;
	}
	int64_t seats = in->has_seats ? in->seats : s.seats;
	if (seats < s.taken) {
		json_decref(before);
		return dom_refuse(err, E_EXAM_SEATS_BELOW, "seats", json_pack("{s:I}", "seats_taken",
		    (json_int_t)s.taken));
	}
	int has_mark = s.own_pass_mark >= 0;
	int64_t mark = s.own_pass_mark;
	if (in->clear_pass_mark)
		has_mark = 0;
	else if (in->has_pass_mark) {
		has_mark = 1;
		mark = in->pass_mark_pct;
	}
	struct st_param p[] = { SP_INT(id), SP_STR(starts_at), SP_INT(start_us(day, minute)),
		SP_STR(exam_langs[in->has_lang ? in->lang : s.lang]), SP_INT(seats),
		SP_OPTINT(has_mark, mark), SP_INT(now) };
	rc = st_exec(tx, Q_EXAM_SESSION_UPDATE, p, 7, NULL, NULL, NULL);
	if (rc == ST_OK)
		rc = exam_session_get(tx, id, lang, out);
	if (rc != ST_OK) {
		json_decref(before);
		return rc;
	}
	json_t *payload = json_pack("{s:o}", "change", audit_diff(before, json_deep_copy(*out)));
	return audit(tx, who, "exam_session", id, "exam.session_updated", NULL, NULL, payload);
}

enum st_rc
exam_session_cancel(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *reason, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct session_rec s;
	enum st_rc rc = session_load(tx, id, &s, 0, lang);
	if (rc != ST_OK)
		return rc;
	if (!s.scheduled || s.released)
		return dom_refuse(err, E_EXAM_SESSION_CLOSED, NULL, NULL);
	int64_t now = time_now_us(), n = 0;
	struct st_param p[] = { SP_INT(id), SP_STR(reason), SP_INT(now) };
	if ((rc = st_exec(tx, Q_EXAM_SESSION_CANCEL, p, 3, NULL, NULL, NULL)) != ST_OK)
		return rc;
	struct st_param b[] = { SP_INT(id), SP_INT(now), SP_OPTINT(actor(who) > 0, actor(who)),
		SP_STR(reason) };
	if ((rc = st_exec(tx, Q_EXAM_SESSION_CANCEL_BOOKINGS, b, 4, NULL, NULL, &n)) != ST_OK)
		return rc;
	if ((rc = exam_session_get(tx, id, lang, out)) != ST_OK)
		return rc;
	json_object_set_new(*out, "bookings_cancelled", json_integer(n));
	json_t *payload = json_pack("{s:s,s:I}", "reason", reason, "bookings_cancelled", (json_int_t)n);
	return audit(tx, who, "exam_session", id, "exam.session_cancelled", "scheduled", "cancelled",
	    payload);
}

struct list_ctx {
	json_t *items;
	enum lang lang;
};

static int
session_list_row(void *ctx, const struct st_row *row)
{
	struct list_ctx *c = ctx;
	struct session_rec s;
	memset(&s, 0, sizeof(s));
	s.want_json = 1;
	s.jlang = c->lang;
	session_row(&s, row);
	json_array_append_new(c->items, s.json);
	return 0;
}

enum st_rc
exam_sessions_list(struct st_tx *tx, const struct exam_session_filter *f, enum lang lang,
    json_t **out)
{
	struct list_ctx c = { json_array(), lang };
	struct st_param p[] = { SP_STR(f->trade_code), SP_STR(f->type), SP_INT(f->point_id),
		SP_INT(f->from_us), SP_INT(f->to_us), SP_STR(f->status), SP_STR(f->lang),
		SP_INT(EXAM_SESSIONS_MAX + 1) };
	enum st_rc rc = st_exec(tx, Q_EXAM_SESSIONS_LIST, p, 8, session_list_row, &c, NULL);
	int more = json_array_size(c.items) > EXAM_SESSIONS_MAX;
	if (more)
		json_array_remove(c.items, EXAM_SESSIONS_MAX);
	*out = json_pack("{s:o,s:b}", "items", c.items, "truncated", more);
	return rc;
}

static int
session_booking_row(void *ctx, const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "person", json_pack("{s:I,s:o,s:s,s:s}", "id",
	    (json_int_t)st_i64(row, 1), "client_no", st_isnull(row, 2) ? json_null() :
	    json_string(st_text(row, 2)), "given_name", st_text(row, 3), "family_name",
	    st_text(row, 4)));
	json_object_set_new(o, "status", json_string(st_text(row, 5)));
	json_object_set_new(o, "booked_at", time_json(row, 6));
	json_object_set_new(o, "score_pct", st_isnull(row, 7) ? json_null() :
	    json_integer(st_i64(row, 7)));
	json_object_set_new(o, "passed", st_isnull(row, 8) ? json_null() :
	    json_boolean(st_i64(row, 8)));
	json_object_set_new(o, "released_at", time_json(row, 9));
	json_object_set_new(o, "accommodations", json_integer(st_i64(row, 10)));
	json_object_set_new(o, "accommodations_approved", json_integer(st_i64(row, 11)));
	json_array_append_new(ctx, o);
	return 0;
}

enum st_rc
exam_session_bookings(struct st_tx *tx, int64_t id, enum lang lang, json_t **out)
{
	*out = NULL;
	json_t *session = NULL;
	enum st_rc rc = exam_session_get(tx, id, lang, &session);
	if (rc != ST_OK)
		return rc;
	json_t *items = json_array();
	struct st_param p[] = { SP_INT(id) };
	rc = st_exec(tx, Q_EXAM_SESSION_BOOKINGS, p, 1, session_booking_row, items, NULL);
	*out = json_pack("{s:o,s:o}", "session", session, "bookings", items);
	return rc;
}

/* ---- authorisations ---- */

static int
auth_row(void *ctx, const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "person_id", json_integer(st_i64(row, 1)));
	json_object_set_new(o, "trade_code", json_string(st_text(row, 2)));
	json_object_set_new(o, "exam_type", json_string(st_text(row, 3)));
	json_object_set_new(o, "source", json_string(st_text(row, 4)));
	json_object_set_new(o, "reference", st_isnull(row, 5) ? json_null() :
	    json_string(st_text(row, 5)));
	json_object_set_new(o, "granted_by", st_isnull(row, 6) ? json_null() :
	    json_integer(st_i64(row, 6)));
	json_object_set_new(o, "granted_at", time_json(row, 7));
	json_object_set_new(o, "revoked_at", time_json(row, 8));
	json_object_set_new(o, "revoke_reason", st_isnull(row, 9) ? json_null() :
	    json_string(st_text(row, 9)));
	json_object_set_new(o, "active", json_boolean(st_isnull(row, 8)));
	if (json_is_array((json_t *)ctx))
		json_array_append_new(ctx, o);
	else {
		json_t **one = ctx;
		*one = o;
	}
	return 0;
}

static bool
source_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

enum st_rc
exam_authorisation_grant(struct st_tx *tx, const struct principal *who,
    const struct exam_auth_in *in, json_t **out, struct dom_err *err)
{
	*out = NULL;
	if (!source_valid(in->source))
		return dom_refuse(err, E_FIELD_FORMAT, "source", NULL);
	const struct trade *t = trades_find(in->trade_code);
	if (t == NULL)
		return dom_refuse(err, E_REFERENCE, "trade_code", NULL);
	if (in->type == EXAM_RED_SEAL && !t->red_seal)
		return dom_refuse(err, E_EXAM_NOT_RED_SEAL, "exam_type", NULL);
	int64_t n = 0, id = 0;
	struct st_param pp[] = { SP_INT(in->person_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_PERSON_EXISTS, pp, 1, id_row, &n, NULL);
	if (rc != ST_OK)
		return rc;
	if (n == 0)
		return dom_refuse(err, E_REFERENCE, "person_id", NULL);
	struct st_param p[] = { SP_INT(in->person_id), SP_STR(in->trade_code),
		SP_STR(exam_types[in->type]), SP_STR(in->source),
		SP_STR(in->reference && *in->reference ? in->reference : NULL),
		SP_OPTINT(actor(who) > 0, actor(who)), SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_EXAM_AUTH_INSERT, p, 7, id_row, &id, NULL)) != ST_OK)
		return rc;
	struct st_param g[] = { SP_INT(id) };
	if ((rc = st_exec(tx, Q_EXAM_AUTH_GET, g, 1, auth_row, out, NULL)) != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:I,s:s,s:s,s:s}", "person_id", (json_int_t)in->person_id,
	    "trade_code", in->trade_code, "exam_type", exam_types[in->type], "source", in->source);
	return audit(tx, who, "exam_authorisation", id, "exam.authorisation_granted", NULL, "active",
	    payload);
}

enum st_rc
exam_authorisation_revoke(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *reason, json_t **out, struct dom_err *err)
{
	*out = NULL;
	int64_t n = 0;
	struct st_param p[] = { SP_INT(id), SP_INT(time_now_us()),
		SP_OPTINT(actor(who) > 0, actor(who)), SP_STR(reason) };
	struct st_param g[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_AUTH_GET, g, 1, auth_row, out, NULL);
	if (rc != ST_OK)
		return rc;
	if (*out == NULL)
		return ST_NOTFOUND;
	json_decref(*out);
	*out = NULL;
	if ((rc = st_exec(tx, Q_EXAM_AUTH_REVOKE, p, 4, NULL, NULL, &n)) != ST_OK)
		return rc;
	if (n == 0)
		return dom_refuse(err, E_EXAM_DECIDED, NULL, NULL);
	if ((rc = st_exec(tx, Q_EXAM_AUTH_GET, g, 1, auth_row, out, NULL)) != ST_OK)
		return rc;
	return audit(tx, who, "exam_authorisation", id, "exam.authorisation_revoked", "active",
	    "revoked", json_pack("{s:s}", "reason", reason));
}

enum st_rc
exam_authorisations_list(struct st_tx *tx, int64_t person_id, const char *trade, json_t **out)
{
	json_t *items = json_array();
	struct st_param p[] = { SP_INT(person_id), SP_STR(trade ? trade : "") };
	enum st_rc rc = st_exec(tx, Q_EXAM_AUTH_LIST, p, 2, auth_row, items, NULL);
	*out = json_pack("{s:o}", "items", items);
	return rc;
}

/* ---- bookings ---- */

struct booking_rec {
	int64_t id, session_id, person_id, starts_us;
	char trade[8];
	int type, cancel_bizdays;
	char status[12];
	int32_t day;
	int has_result, released;
	json_t *json;
	const struct principal *viewer;
	enum lang lang;
	int found;
};

static bool
sees_unreleased(const struct principal *who)
{
	return who != NULL && (who->role == ROLE_EXAM_ADMIN || who->role == ROLE_ADMIN ||
	    who->role == ROLE_AUDITOR);
}

static json_t *
booking_json(const struct st_row *row, const struct principal *viewer, enum lang lang)
{
	int type = exam_list_index(exam_types, st_text(row, 7));
	int32_t day = 0;
	int minute = 0;
	int ok = exam_start_parse(st_text(row, 13), &day, &minute) == 0;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "session_id", json_integer(st_i64(row, 1)));
	json_object_set_new(o, "person", json_pack("{s:I,s:o,s:s,s:s}", "id",
	    (json_int_t)st_i64(row, 2), "client_no", st_isnull(row, 3) ? json_null() :
	    json_string(st_text(row, 3)), "given_name", st_text(row, 4), "family_name",
	    st_text(row, 5)));
	json_object_set_new(o, "trade", json_pack("{s:s,s:s,s:s}", "code", st_text(row, 6),
	    "name_en", st_text(row, 25), "name_fr", st_text(row, 26)));
	json_object_set_new(o, "exam_type", json_string(st_text(row, 7)));
	json_object_set_new(o, "exam_type_label", json_string(type_labels[type < 0 ? 0 : type][lang ==
	    LANG_FR]));
	json_object_set_new(o, "status", json_string(st_text(row, 8)));
	json_object_set_new(o, "booked_at", time_json(row, 9));
	json_object_set_new(o, "cancelled_at", time_json(row, 10));
	json_object_set_new(o, "cancel_reason", st_isnull(row, 11) ? json_null() :
	    json_string(st_text(row, 11)));
	json_object_set_new(o, "rebooked_from", st_isnull(row, 12) ? json_null() :
	    json_integer(st_i64(row, 12)));
	json_object_set_new(o, "session", json_pack("{s:I,s:s,s:{s:I,s:s,s:s},s:s,s:s}", "id",
	    (json_int_t)st_i64(row, 1), "starts_at", st_text(row, 13), "point", "id",
	    (json_int_t)st_i64(row, 14), "name_en", st_text(row, 15), "name_fr", st_text(row, 16),
	    "lang", st_text(row, 17), "status", st_text(row, 18)));
	json_object_set_new(o, "candidate_cancel_until", ok ?
	    date_json(exam_cancel_last_day(day, (int)st_i64(row, 24))) : json_null());
	/* The candidate (and staff other than exam administration) see a result once released. */
	bool released = !st_isnull(row, 22);
	json_t *res = json_null();
	if (!st_isnull(row, 19) && (released || sees_unreleased(viewer))) {
		res = json_object();
		json_object_set_new(res, "score_pct", json_integer(st_i64(row, 19)));
		json_object_set_new(res, "passed", json_boolean(st_i64(row, 20)));
		json_object_set_new(res, "pass_mark_pct", json_integer(st_i64(row, 21)));
		json_object_set_new(res, "released_at", time_json(row, 22));
	}
	json_object_set_new(o, "result", res);
	json_object_set_new(o, "result_released", json_boolean(released));
	return o;
}

static int
booking_row(void *ctx, const struct st_row *row)
{
	struct booking_rec *b = ctx;
	b->found = 1;
	b->id = st_i64(row, 0);
	b->session_id = st_i64(row, 1);
	b->person_id = st_i64(row, 2);
	snprintf(b->trade, sizeof(b->trade), "%s", st_text(row, 6));
	b->type = exam_list_index(exam_types, st_text(row, 7));
	snprintf(b->status, sizeof(b->status), "%s", st_text(row, 8));
	int minute = 0;
	if (exam_start_parse(st_text(row, 13), &b->day, &minute) != 0)
		b->day = 0;
	b->has_result = !st_isnull(row, 19);
	b->released = !st_isnull(row, 22);
	b->starts_us = st_i64(row, 23);
	b->cancel_bizdays = (int)st_i64(row, 24);
	if (b->viewer != NULL || b->json != NULL) {
		json_decref(b->json);
		b->json = booking_json(row, b->viewer, b->lang);
	}
	return 1;
}

/* Loads a booking in the caller's scope: a client sees only their own (else ST_NOTFOUND). */
static enum st_rc
booking_load(struct st_tx *tx, const struct principal *who, int64_t id, struct booking_rec *b,
    int want_json, enum lang lang)
{
	memset(b, 0, sizeof(*b));
	b->viewer = want_json ? who : NULL;
	b->lang = lang;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_BOOKING_GET, p, 1, booking_row, b, NULL);
	if (rc == ST_OK && (!b->found || (who != NULL && who->role == ROLE_CLIENT &&
	    who->person_id != b->person_id)))
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		json_decref(b->json);
		b->json = NULL;
	}
	return rc;
}

static int acc_row(void *ctx, const struct st_row *row);

struct acc_ctx {
	json_t *items;
	struct arena *a;
	int details;           /* open the sealed details */
	json_t *one;
};

static bool
sees_details(const struct principal *who, int64_t person_id)
{
	return is_exam_staff(who) || (who != NULL && who->role == ROLE_CLIENT &&
	    who->person_id == person_id);
}

enum st_rc
exam_booking_get(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    enum lang lang, json_t **out)
{
	*out = NULL;
	struct booking_rec b;
	enum st_rc rc = booking_load(tx, who, id, &b, 1, lang);
	if (rc != ST_OK)
		return rc;
	struct acc_ctx c = { json_array(), a, sees_details(who, b.person_id), NULL };
	struct st_param p[] = { SP_INT(id) };
	rc = st_exec(tx, Q_EXAM_ACC_OF_BOOKING, p, 1, acc_row, &c, NULL);
	json_object_set_new(b.json, "accommodations", c.items);
	*out = b.json;
	return rc;
}

/* Books in the caller's transaction; *id the new booking. Every refusal via err. */
static enum st_rc
book_in_tx(struct st_tx *tx, const struct principal *who, const struct session_rec *s,
    int64_t person_id, int64_t rebooked_from, int64_t now, int64_t *id, struct dom_err *err)
{
	*id = 0;
	if (!s->scheduled || s->starts_us <= now)
		return dom_refuse(err, E_EXAM_SESSION_CLOSED, "session_id", NULL);
	int64_t n = 0;
	struct st_param pp[] = { SP_INT(person_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_PERSON_EXISTS, pp, 1, id_row, &n, NULL);
	if (rc != ST_OK)
		return rc;
	if (n == 0)
		return dom_refuse(err, E_REFERENCE, "person_id", NULL);
	struct exam_elig el;
	if ((rc = exam_eligibility(tx, person_id, s->trade, s->type, s->day, &el)) != ST_OK)
		return rc;
	if (!el.eligible) {
		json_t *extra = exam_elig_json(&el, LANG_EN);
		json_t *why = json_pack("{s:o,s:o,s:s,s:s,s:o}", "reason",
		    json_incref(json_object_get(extra, "reason")), "eligible_from",
		    json_incref(json_object_get(extra, "eligible_from")), "reason_message_en",
		    err_message(el.reason, LANG_EN), "reason_message_fr",
		    err_message(el.reason, LANG_FR), "eligibility", extra);
		return dom_refuse(err, E_EXAM_NOT_ELIGIBLE, NULL, why);
	}
	int64_t live = 0;
	struct st_param l[] = { SP_INT(person_id), SP_STR(s->trade), SP_STR(exam_types[s->type]) };
	if ((rc = st_exec(tx, Q_EXAM_BOOKING_LIVE, l, 3, id_row, &live, NULL)) != ST_OK)
		return rc;
	if (live != 0)
		return dom_refuse(err, E_EXAM_ALREADY_BOOKED, NULL, json_pack("{s:I}", "booking_id",
		    (json_int_t)live));
	/* The seat count and the insert run in the one writer transaction: no interleaving. */
	int64_t taken = 0;
	struct st_param t[] = { SP_INT(s->id) };
	if ((rc = st_exec(tx, Q_EXAM_SESSION_TAKEN, t, 1, id_row, &taken, NULL)) != ST_OK)
		return rc;
	if (taken >= s->seats)
		return dom_refuse(err, E_EXAM_SESSION_FULL, "session_id", json_pack("{s:I,s:I}",
		    "seats", (json_int_t)s->seats, "seats_left", (json_int_t)0));
	struct st_param ins[] = { SP_INT(s->id), SP_INT(person_id), SP_STR(s->trade),
		SP_STR(exam_types[s->type]), SP_OPTINT(actor(who) > 0, actor(who)), SP_INT(now),
		SP_OPTINT(rebooked_from > 0, rebooked_from) };
	rc = st_exec(tx, Q_EXAM_BOOKING_INSERT, ins, 7, id_row, id, NULL);
	if (rc == ST_CONFLICT)   /* the unique index: a live booking appeared */
		return dom_refuse(err, E_EXAM_ALREADY_BOOKED, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:I,s:I,s:s,s:s,s:s}", "session_id", (json_int_t)s->id,
	    "person_id", (json_int_t)person_id, "trade_code", s->trade, "exam_type",
	    exam_types[s->type], "pathway", el.pathway);
	if (rebooked_from > 0)
		json_object_set_new(payload, "rebooked_from", json_integer(rebooked_from));
	return audit(tx, who, "exam_booking", *id, "exam.booked", NULL, "booked", payload);
}

static bool
books_for_others(const struct principal *who)
{
	return who != NULL && (who->role == ROLE_EXAM_ADMIN || who->role == ROLE_ADMIN ||
	    who->role == ROLE_ADVISOR);
}

enum st_rc
exam_book(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t session_id,
    int64_t person_id, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	if (who == NULL)
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	if (who->role == ROLE_CLIENT) {
		if (who->person_id <= 0)
			return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
		if (person_id == 0)
			person_id = who->person_id;
		if (person_id != who->person_id)
			return ST_NOTFOUND;   /* another person's record */
	} else if (!books_for_others(who)) {
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	} else if (person_id <= 0) {
		return dom_refuse(err, E_FIELD_REQUIRED, "person_id", NULL);
	}
	struct session_rec s;
	enum st_rc rc = session_load(tx, session_id, &s, 0, lang);
	if (rc == ST_NOTFOUND)
		return dom_refuse(err, E_REFERENCE, "session_id", NULL);
	if (rc != ST_OK)
		return rc;
	int64_t id = 0;
	if ((rc = book_in_tx(tx, who, &s, person_id, 0, time_now_us(), &id, err)) != ST_OK)
		return rc;
	return exam_booking_get(tx, a, who, id, lang, out);
}

/* May who cancel or move this booking now? */
static enum st_rc
may_change_booking(const struct principal *who, const struct booking_rec *b, int64_t now,
    const char *reason, struct dom_err *err)
{
	if (strcmp(b->status, "booked") != 0)
		return dom_refuse(err, E_EXAM_BOOKING_STATE, NULL, json_pack("{s:s}", "status",
		    b->status));
	if (is_exam_staff(who)) {
		if (reason == NULL || !*reason)
			return dom_refuse(err, E_FIELD_REQUIRED, "reason", NULL);
		return ST_OK;
	}
	if (b->starts_us <= now)
		return dom_refuse(err, E_EXAM_CANCEL_DEADLINE, NULL, NULL);
	int32_t last = exam_cancel_last_day(b->day, b->cancel_bizdays);
	if (date_of_us_local(now) > last) {
		char d[11];
		date_format(last, d);
		return dom_refuse(err, E_EXAM_CANCEL_DEADLINE, NULL, json_pack("{s:s}",
		    "candidate_cancel_until", d));
	}
	return ST_OK;
}

enum st_rc
exam_booking_cancel(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    const char *reason, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct booking_rec b;
	enum st_rc rc = booking_load(tx, who, id, &b, 0, lang);
	if (rc != ST_OK)
		return rc;
	int64_t now = time_now_us();
	if ((rc = may_change_booking(who, &b, now, reason, err)) != ST_OK)
		return rc;
	struct st_param p[] = { SP_INT(id), SP_INT(now), SP_OPTINT(actor(who) > 0, actor(who)),
		SP_STR(reason && *reason ? reason : NULL) };
	if ((rc = st_exec(tx, Q_EXAM_BOOKING_CANCEL, p, 4, NULL, NULL, NULL)) != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:I}", "session_id", (json_int_t)b.session_id);
	if (reason && *reason)
		json_object_set_new(payload, "reason", json_string(reason));
	if ((rc = audit(tx, who, "exam_booking", id, "exam.booking_cancelled", "booked",
	    "cancelled", payload)) != ST_OK)
		return rc;
	return exam_booking_get(tx, a, who, id, lang, out);
}

enum st_rc
exam_rebook(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    int64_t session_id, enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct booking_rec b;
	enum st_rc rc = booking_load(tx, who, id, &b, 0, lang);
	if (rc != ST_OK)
		return rc;
	int64_t now = time_now_us();
	const char *reason = "Moved to another session.";
	if ((rc = may_change_booking(who, &b, now, reason, err)) != ST_OK)
		return rc;
	struct session_rec s;
	rc = session_load(tx, session_id, &s, 0, lang);
	if (rc == ST_NOTFOUND)
		return dom_refuse(err, E_REFERENCE, "session_id", NULL);
	if (rc != ST_OK)
		return rc;
	if (s.id == b.session_id || strcmp(s.trade, b.trade) != 0 || s.type != b.type)
		return dom_refuse(err, E_FIELD_ENUM, "session_id", NULL);
	struct st_param p[] = { SP_INT(id), SP_INT(now), SP_OPTINT(actor(who) > 0, actor(who)),
		SP_STR(reason) };
	if ((rc = st_exec(tx, Q_EXAM_BOOKING_CANCEL, p, 4, NULL, NULL, NULL)) != ST_OK)
		return rc;
	int64_t nid = 0;
	/* Any refusal here rolls the cancellation back with it. */
	if ((rc = book_in_tx(tx, who, &s, b.person_id, id, now, &nid, err)) != ST_OK)
		return rc;
	struct st_param mv[] = { SP_INT(id), SP_INT(nid) };
	if ((rc = st_exec(tx, Q_EXAM_ACCOMMODATIONS_MOVE, mv, 2, NULL, NULL, NULL)) != ST_OK)
		return rc;
	if ((rc = audit(tx, who, "exam_booking", id, "exam.booking_moved", "booked", "cancelled",
	    json_pack("{s:I,s:I}", "from_session", (json_int_t)b.session_id, "to_booking",
	    (json_int_t)nid))) != ST_OK)
		return rc;
	return exam_booking_get(tx, a, who, nid, lang, out);
}

/* ---- accommodations ---- */

static int
acc_row(void *ctx, const struct st_row *row)
{
	struct acc_ctx *c = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "booking_id", json_integer(st_i64(row, 1)));
	json_object_set_new(o, "kind", json_string(st_text(row, 2)));
	json_t *details = json_null();
	if (c->details && !st_isnull(row, 3)) {
		char *plain = crypto_open(c->a, st_blob(row, 3), st_len(row, 3));
		if (plain != NULL)
			details = json_string(plain);
	}
	json_object_set_new(o, "details", details);
	json_object_set_new(o, "status", json_string(st_text(row, 4)));
	json_object_set_new(o, "requested_at", time_json(row, 5));
	json_object_set_new(o, "decided_at", time_json(row, 6));
	json_object_set_new(o, "reason", st_isnull(row, 7) ? json_null() :
	    json_string(st_text(row, 7)));
	json_object_set_new(o, "person", json_pack("{s:I,s:o,s:s,s:s}", "id",
	    (json_int_t)st_i64(row, 8), "client_no", st_isnull(row, 10) ? json_null() :
	    json_string(st_text(row, 10)), "given_name", st_text(row, 11), "family_name",
	    st_text(row, 12)));
	json_object_set_new(o, "session", json_pack("{s:I,s:s}", "id", (json_int_t)st_i64(row, 9),
	    "starts_at", st_text(row, 13)));
	if (c->items != NULL)
		json_array_append_new(c->items, o);
	else {
		json_decref(c->one);
		c->one = o;
	}
	return 0;
}

enum st_rc
exam_accommodation_request(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t booking_id, int kind, const char *details, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct booking_rec b;
	enum st_rc rc = booking_load(tx, who, booking_id, &b, 0, LANG_EN);
	if (rc != ST_OK)
		return rc;
	if (strcmp(b.status, "booked") != 0)
		return dom_refuse(err, E_EXAM_BOOKING_STATE, NULL, NULL);
	unsigned char *sealed = NULL;
	size_t n = 0;
	if (details != NULL && *details) {
		sealed = crypto_seal(a, details, strlen(details), &n);
		if (sealed == NULL)
			return ST_ERROR;   /* no field key: refuse to store health data in clear */
	}
	int64_t id = 0;
	struct st_param p[] = { SP_INT(booking_id), SP_STR(exam_accommodation_kinds[kind]),
		sealed ? SP_BLOB_(sealed, n) : SP_NUL, SP_OPTINT(actor(who) > 0, actor(who)),
		SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_EXAM_ACC_INSERT, p, 5, id_row, &id, NULL)) != ST_OK)
		return rc;
	/* The audit trail names the kind only: the details are health information. */
	if ((rc = audit(tx, who, "exam_accommodation", id, "exam.accommodation_requested", NULL,
	    "requested", json_pack("{s:I,s:s}", "booking_id", (json_int_t)booking_id, "kind",
	    exam_accommodation_kinds[kind]))) != ST_OK)
		return rc;
	struct acc_ctx c = { NULL, a, sees_details(who, b.person_id), NULL };
	struct st_param g[] = { SP_INT(id) };
	rc = st_exec(tx, Q_EXAM_ACC_GET, g, 1, acc_row, &c, NULL);
	*out = c.one;
	return rc;
}

enum st_rc
exam_accommodation_decide(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, int approve, const char *reason, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct acc_ctx c = { NULL, a, 1, NULL };
	struct st_param g[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_ACC_GET, g, 1, acc_row, &c, NULL);
	if (rc != ST_OK || c.one == NULL) {
		json_decref(c.one);
		return rc != ST_OK ? rc : ST_NOTFOUND;
	}
	json_decref(c.one);
	c.one = NULL;
	if (!approve && (reason == NULL || !*reason))
		return dom_refuse(err, E_FIELD_REQUIRED, "reason", NULL);
	int64_t n = 0;
	const char *to = approve ? "approved" : "refused";
	struct st_param p[] = { SP_INT(id), SP_STR(to), SP_OPTINT(actor(who) > 0, actor(who)),
		SP_INT(time_now_us()), SP_STR(reason && *reason ? reason : NULL) };
	if ((rc = st_exec(tx, Q_EXAM_ACC_DECIDE, p, 5, NULL, NULL, &n)) != ST_OK)
		return rc;
	if (n == 0)
		return dom_refuse(err, E_EXAM_DECIDED, NULL, NULL);
	json_t *payload = json_object();
	if (reason && *reason)
		json_object_set_new(payload, "reason", json_string(reason));
	if ((rc = audit(tx, who, "exam_accommodation", id, "exam.accommodation_decided",
	    "requested", to, payload)) != ST_OK)
		return rc;
	rc = st_exec(tx, Q_EXAM_ACC_GET, g, 1, acc_row, &c, NULL);
	*out = c.one;
	return rc;
}

enum st_rc
exam_accommodations_list(struct st_tx *tx, struct arena *a, const char *status,
    int64_t session_id, json_t **out)
{
	struct acc_ctx c = { json_array(), a, 1, NULL };
	struct st_param p[] = { SP_STR(status ? status : ""), SP_INT(session_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_ACC_LIST, p, 2, acc_row, &c, NULL);
	*out = json_pack("{s:o}", "items", c.items);
	return rc;
}

/* ---- results ---- */

/* Records in the caller's transaction (single JSON and CSV rows alike). */
static enum st_rc
result_in_tx(struct st_tx *tx, const struct principal *who, const struct booking_rec *b,
    int absent, int score, int64_t now, struct dom_err *err)
{
	if (strcmp(b->status, "cancelled") == 0 || b->released || b->starts_us > now)
		return dom_refuse(err, E_EXAM_RESULT_STATE, NULL, NULL);
	if (!absent && (score < 0 || score > 100))
		return dom_refuse(err, E_FIELD_RANGE, "score_pct", NULL);
	struct session_rec s;
	enum st_rc rc = session_load(tx, b->session_id, &s, 0, LANG_EN);
	if (rc != ST_OK)
		return rc;
	if (s.released)
		return dom_refuse(err, E_EXAM_RESULT_STATE, NULL, NULL);
	struct st_param d[] = { SP_INT(b->id) };
	if ((rc = st_exec(tx, Q_EXAM_RESULT_UPSERT_DELETE, d, 1, NULL, NULL, NULL)) != ST_OK)
		return rc;
	const char *to = absent ? "absent" : "sat";
	struct st_param st[] = { SP_INT(b->id), SP_STR(to) };
	if ((rc = st_exec(tx, Q_EXAM_BOOKING_SET_STATUS, st, 2, NULL, NULL, NULL)) != ST_OK)
		return rc;
	int passed = !absent && score >= s.pass_mark;
	if (!absent) {
		int64_t rid = 0;
		struct st_param ins[] = { SP_INT(b->id), SP_INT(score), SP_INT(s.pass_mark),
			SP_INT(passed), SP_OPTINT(actor(who) > 0, actor(who)), SP_INT(now) };
		if ((rc = st_exec(tx, Q_EXAM_RESULT_INSERT, ins, 6, id_row, &rid, NULL)) != ST_OK)
			return rc;
	}
	json_t *payload = absent ? json_pack("{s:b}", "absent", 1) :
	    json_pack("{s:i,s:i,s:b}", "score_pct", score, "pass_mark_pct", s.pass_mark, "passed",
	    passed);
	return audit(tx, who, "exam_booking", b->id, "exam.result_recorded", b->status, to, payload);
}

enum st_rc
exam_result_record(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t booking_id, int absent, int score, enum lang lang, json_t **out,
    struct dom_err *err)
{
	*out = NULL;
	struct booking_rec b;
	enum st_rc rc = booking_load(tx, who, booking_id, &b, 0, lang);
	if (rc != ST_OK)
		return rc;
	if ((rc = result_in_tx(tx, who, &b, absent, score, time_now_us(), err)) != ST_OK)
		return rc;
	return exam_booking_get(tx, a, who, booking_id, lang, out);
}

enum st_rc
exam_results_csv_apply(struct st_tx *tx, const struct principal *who, int64_t session_id,
    const struct exam_result_csv *rows, int dry_run, struct csv_report *rep)
{
	rep->created = 0;
	rep->dry_run_ok = 0;
	rep->dry_run = dry_run;
	struct session_rec s;
	enum st_rc rc = session_load(tx, session_id, &s, 0, LANG_EN);
	if (rc != ST_OK)
		return rc;
	int64_t now = time_now_us(), failed = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const struct exam_result_row *r = &rows->v[i];
		int64_t bid = r->booking_id;
		const char *col = "booking_id";
		if (bid == 0) {
			col = "client_no";
			struct st_param p[] = { SP_INT(session_id), SP_STR(r->client_no) };
			if ((rc = st_exec(tx, Q_EXAM_BOOKING_IN_SESSION, p, 2, id_row, &bid, NULL)) != ST_OK)
				return rc;
		}
		struct booking_rec b;
		if (bid != 0 && (rc = booking_load(tx, who, bid, &b, 0, LANG_EN)) != ST_OK &&
		    rc != ST_NOTFOUND)
			return rc;
		if (bid == 0 || rc == ST_NOTFOUND || b.session_id != session_id) {
			csvio_report_add(rep, r->line, col, E_REFERENCE);
			failed++;
			continue;
		}
		struct dom_err err = { 0 };
		rc = result_in_tx(tx, who, &b, r->absent, r->score, now, &err);
		json_decref(err.extra);
		if (rc == ST_CONFLICT) {
			csvio_report_add(rep, r->line, err.field ? err.field : "score", err.e);
			failed++;
			continue;
		}
		if (rc != ST_OK)
			return rc;
		rep->created++;
	}
	if (failed > 0)
		return ST_CONFLICT;
	if (dry_run) {
		rep->dry_run_ok = 1;
		return ST_CONFLICT;
	}
	return audit(tx, who, "exam_session", session_id, "exam.results_imported", NULL, NULL,
	    json_pack("{s:I}", "rows", (json_int_t)rep->created));
}

enum st_rc
exam_result_final_pass(struct st_tx *tx, const struct principal *who, const struct exam_pass *p,
    struct dom_err *err)
{
	/* A released pass is final: recorded once in the audit trail, and it earns its
	 * certificate in the same transaction — the Certificate of Qualification, with the Red Seal
	 * endorsement for the interprovincial exam in a Red Seal trade (added to the Certificate of
	 * Qualification already held when there is one). */
	json_t *payload = json_pack("{s:I,s:I,s:I,s:s,s:s,s:i}", "result_id",
	    (json_int_t)p->result_id, "person_id", (json_int_t)p->person_id, "session_id",
	    (json_int_t)p->session_id, "trade_code", p->trade_code, "exam_type",
	    exam_types[p->type], "score_pct", p->score_pct);
	enum st_rc rc = audit(tx, who, "exam_booking", p->booking_id, "exam.passed", NULL, NULL, payload);
	if (rc != ST_OK)
		return rc;
	struct arena a;
	arena_init(&a);
	struct cert_issue_in in = { .kind = CERT_QUALIFICATION, .person_id = p->person_id,
		.trade_code = p->trade_code, .red_seal = p->type == EXAM_RED_SEAL,
		.source_ref = arena_printf(&a, "exam-result:%lld", (long long)p->result_id) };
	rc = certs_issue(tx, &a, who, &in, NULL, err);
	if (rc == ST_CONFLICT && err->e == E_CERT_EXISTS) {
		/* Already certified in this trade (e.g. a Certificate of Qualification exam passed
		 * after the Red Seal one): the pass stands, the certificate is the one held. */
		err->e = E_NONE;
		err->field = NULL;
		rc = ST_OK;
	}
	arena_free(&a);
	return rc;
}

struct pass_list {
	struct exam_pass *v;
	size_t n, cap;
	struct arena *a;
};

static int
pass_row(void *ctx, const struct st_row *row)
{
	struct pass_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct exam_pass *v = arena_calloc(l->a, cap, sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	struct exam_pass *p = &l->v[l->n++];
	p->result_id = st_i64(row, 0);
	p->booking_id = st_i64(row, 1);
	p->person_id = st_i64(row, 2);
	p->trade_code = arena_strdup(l->a, st_text(row, 3));
	p->type = exam_list_index(exam_types, st_text(row, 4));
	p->score_pct = (int)st_i64(row, 5);
	return 0;
}

enum st_rc
exams_release_results(struct st_tx *tx, const struct principal *who, int64_t session_id,
    enum lang lang, json_t **out, struct dom_err *err)
{
	*out = NULL;
	struct session_rec s;
	enum st_rc rc = session_load(tx, session_id, &s, 0, lang);
	if (rc != ST_OK)
		return rc;
	int64_t now = time_now_us(), unscored = 0, n = 0;
	if (s.released)
		return dom_refuse(err, E_EXAM_DECIDED, NULL, NULL);
	struct st_param p[] = { SP_INT(session_id) };
	if ((rc = st_exec(tx, Q_EXAM_SESSION_UNSCORED, p, 1, id_row, &unscored, NULL)) != ST_OK)
		return rc;
	if (!s.scheduled || s.starts_us > now || unscored > 0)
		return dom_refuse(err, E_EXAM_RESULTS_INCOMPLETE, NULL, json_pack("{s:I}",
		    "bookings_without_result", (json_int_t)unscored));
	struct st_param r[] = { SP_INT(session_id), SP_INT(now), SP_OPTINT(actor(who) > 0,
		actor(who)) };
	if ((rc = st_exec(tx, Q_EXAM_SESSION_RELEASE, r, 3, NULL, NULL, NULL)) != ST_OK ||
	    (rc = st_exec(tx, Q_EXAM_RESULTS_RELEASE, r, 3, NULL, NULL, &n)) != ST_OK)
		return rc;
	if ((rc = audit(tx, who, "exam_session", session_id, "exam.results_released", NULL, NULL,
	    json_pack("{s:I}", "results", (json_int_t)n))) != ST_OK)
		return rc;
	struct arena a;
	arena_init(&a);
	struct pass_list passes = { NULL, 0, 0, &a };
	rc = st_exec(tx, Q_EXAM_SESSION_PASSES, p, 1, pass_row, &passes, NULL);
	for (size_t i = 0; rc == ST_OK && i < passes.n; i++) {
		passes.v[i].session_id = session_id;
		rc = exam_result_final_pass(tx, who, &passes.v[i], err);
	}
	size_t npass = passes.n;
	arena_free(&a);
	if (rc != ST_OK)
		return rc;
	if ((rc = exam_session_get(tx, session_id, lang, out)) != ST_OK)
		return rc;
	json_object_set_new(*out, "results_released", json_integer(n));
	json_object_set_new(*out, "passes_released", json_integer((json_int_t)npass));
	return ST_OK;
}

/* ---- the signed-in candidate ---- */

struct trades_ctx {
	char codes[64][8];
	int n;
};

static int
trade_code_row(void *ctx, const struct st_row *row)
{
	struct trades_ctx *t = ctx;
	if (t->n < 64)
		snprintf(t->codes[t->n++], 8, "%s", st_text(row, 0));
	return 0;
}

struct upcoming {
	int64_t id[50];
	int type[50];
	int32_t day[50];
	int n;
};

static int
upcoming_row(void *ctx, const struct st_row *row)
{
	struct upcoming *u = ctx;
	int minute;
	if (u->n < 50 && exam_start_parse(st_text(row, 2), &u->day[u->n], &minute) == 0) {
		u->id[u->n] = st_i64(row, 0);
		u->type[u->n] = exam_list_index(exam_types, st_text(row, 1));
		if (u->type[u->n] >= 0)
			u->n++;
	}
	return 0;
}

enum st_rc
exam_my_eligibility(struct st_tx *tx, const struct principal *who, enum lang lang,
    json_t **out)
{
	*out = NULL;
	if (who == NULL || who->person_id <= 0)
		return ST_NOTFOUND;
	struct trades_ctx t;
	t.n = 0;
	struct st_param p[] = { SP_INT(who->person_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_ELIG_TRADES, p, 1, trade_code_row, &t, NULL);
	if (rc != ST_OK)
		return rc;
	int32_t today = date_of_us_local(time_now_us());
	json_t *exams = json_array(), *sessions = json_array();
	for (int i = 0; rc == ST_OK && i < t.n; i++) {
		for (int ty = 0; rc == ST_OK && ty < EXAM__TYPES; ty++) {
			struct exam_elig el;
			const struct trade *tr = trades_find(t.codes[i]);
			if (tr == NULL || (ty == EXAM_RED_SEAL && !tr->red_seal))
				continue;
			if ((rc = exam_eligibility(tx, who->person_id, t.codes[i], ty, today + 1, &el)) !=
			    ST_OK)
				break;
			json_t *o = exam_elig_json(&el, lang);
			json_object_set_new(o, "trade", json_pack("{s:s,s:s,s:s}", "code", tr->code,
			    "name_en", tr->name_en, "name_fr", tr->name_fr));
			json_object_set_new(o, "exam_type", json_string(exam_types[ty]));
			json_object_set_new(o, "exam_type_label", json_string(type_labels[ty][lang ==
			    LANG_FR]));
			json_array_append_new(exams, o);
		}
		/* Upcoming sessions of the trade for which the candidate is eligible on their day. */
		struct upcoming u;
		u.n = 0;
		struct st_param q[] = { SP_STR(t.codes[i]), SP_INT(time_now_us()) };
		if (rc == ST_OK)
			rc = st_exec(tx, Q_EXAM_UPCOMING_FOR_TRADE, q, 2, upcoming_row, &u, NULL);
		for (int k = 0; rc == ST_OK && k < u.n; k++) {
			struct exam_elig el;
			if ((rc = exam_eligibility(tx, who->person_id, t.codes[i], u.type[k], u.day[k],
			    &el)) != ST_OK || !el.eligible)
				continue;
			json_t *sj = NULL;
			if ((rc = exam_session_get(tx, u.id[k], lang, &sj)) != ST_OK)
				break;
			json_object_set_new(sj, "pathway", json_string(el.pathway));
			json_array_append_new(sessions, sj);
		}
	}
	*out = json_pack("{s:I,s:o,s:o}", "person_id", (json_int_t)who->person_id, "exams", exams,
	    "sessions", sessions);
	return rc;
}

struct mine_ctx {
	json_t *items;
	const struct principal *who;
	enum lang lang;
	int released_only;
};

static int
mine_row(void *ctx, const struct st_row *row)
{
	struct mine_ctx *c = ctx;
	if (c->released_only && st_isnull(row, 22))
		return 0;
	json_array_append_new(c->items, booking_json(row, c->who, c->lang));
	return 0;
}

enum st_rc
exam_my_bookings(struct st_tx *tx, struct arena *a, const struct principal *who, enum lang lang,
    json_t **out)
{
	*out = NULL;
	if (who == NULL || who->person_id <= 0)
		return ST_NOTFOUND;
	struct mine_ctx c = { json_array(), who, lang, 0 };
	struct st_param p[] = { SP_INT(who->person_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_BOOKINGS_OF_PERSON, p, 1, mine_row, &c, NULL);
	/* Each booking with the candidate's own accommodation requests (details included). */
	for (size_t i = 0; rc == ST_OK && i < json_array_size(c.items); i++) {
		json_t *b = json_array_get(c.items, i);
		struct acc_ctx ac = { json_array(), a, 1, NULL };
		struct st_param q[] = { SP_INT(json_integer_value(json_object_get(b, "id"))) };
		rc = st_exec(tx, Q_EXAM_ACC_OF_BOOKING, q, 1, acc_row, &ac, NULL);
		json_object_set_new(b, "accommodations", ac.items);
	}
	*out = json_pack("{s:o}", "items", c.items);
	return rc;
}

enum st_rc
exam_my_results(struct st_tx *tx, const struct principal *who, enum lang lang, json_t **out)
{
	*out = NULL;
	if (who == NULL || who->person_id <= 0)
		return ST_NOTFOUND;
	struct mine_ctx c = { json_array(), who, lang, 1 };
	struct st_param p[] = { SP_INT(who->person_id) };
	enum st_rc rc = st_exec(tx, Q_EXAM_BOOKINGS_OF_PERSON, p, 1, mine_row, &c, NULL);
	*out = json_pack("{s:o}", "items", c.items);
	return rc;
}
