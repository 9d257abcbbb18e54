/* Managing a point of service's closures and outreach visits (managers, administrators): the
 * closures of the next 60 days (each with a button to remove it) and the outreach schedules in
 * words with links to add one (p_schedule_edit.c) or delete one, and forms to close the point
 * on a date (reasons in both languages), cancel a visit, move a visit to another date and time,
 * and restore a cancelled or moved visit. Every POST re-renders this page with the error
 * summary, or redirects back to it once written. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "domain/schedules.h"
#include "web/pages.h"
#include "web/rrule_words.h"

#define VISITS 40         /* read: enough to show a new schedule's own next visits */
#define SHOWN 10          /* offered in the visit forms */
#define ADDED_SHOWN 5

struct manage_view {
	int64_t id;
	enum lang lang;
	struct arena *a;
	json_t *p;                       /* point_get_json */
	struct outreach_visit visits[VISITS];
	int nvisits;
	int32_t today;
};

static enum st_rc
manage_tx(struct st_tx *tx, void *v)
{
	struct manage_view *mv = v;
	json_decref(mv->p);
	mv->p = NULL;
	mv->nvisits = 0;
	mv->today = date_of_us_local(time_now_us());
	enum st_rc rc = point_get_json(tx, mv->a, mv->id, mv->lang, &mv->p);
	if (rc == ST_OK)
		rc = outreach_next_visits(tx, mv->id, time_now_us(), mv->visits, VISITS, &mv->nvisits);
	return rc;
}

static void
view_free(void *v)
{
	json_decref(((struct manage_view *)v)->p);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Reads the point and its visits; replies the failure page and returns NULL when it cannot. */
static struct manage_view *
manage_load(struct req *r)
{
	struct manage_view *mv = arena_calloc(&r->arena, 1, sizeof(*mv));
	mv->lang = r->lang;
	mv->a = &r->arena;
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &mv->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return NULL;
	}
	arena_defer(&r->arena, view_free, mv);
	enum st_rc rc = st_read(r->store, manage_tx, mv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return NULL;
	}
	return mv;
}

static const char *
visit_value(struct arena *a, const struct outreach_visit *v)
{
	char iso[11];
	date_format(v->original_day, iso);
	return arena_printf(a, "%" PRId64 "_%s", v->schedule_id, iso);
}

static const char *
fv(const struct form *f, const char *name)
{
	return f ? form_get(f, name) : NULL;
}

/* "Tuesday, March 10, 2026 at 10:00" for a visit. */
static const char *
visit_label(struct arena *a, enum lang lang, const struct outreach_visit *v)
{
	const char *s = MSGF(a, lang, MSG_POINTS_MANAGE_VISIT_OPTION,
	    fmt_date_long(a, lang, date_of_us_local(v->start_us)), fmt_time(a, lang, v->start_us));
	if (v->moved)
		s = MSGF(a, lang, MSG_MANAGE_VISIT_MOVED_LABEL, s,
		    fmt_date_long(a, lang, v->original_day));
	return s;
}

static void
closures_section(struct page *pg, struct manage_view *mv, const struct form *f)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_MANAGE_CLOSURES_TITLE));
	json_t *cl = json_object_get(mv->p, "closures");
	if (json_array_size(cl) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_CLOSURES));
	} else {
		/* A wide table scrolls in its own focusable region, not the page (320 px reflow). */
		HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" "
		    "role=\"region\" aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\">"
		    "<caption>{}</caption><thead><tr>"
		    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
		    "</tr></thead><tbody>", HM(MSG_POINTS_MANAGE_CLOSURES_CAPTION),
		    HM(MSG_POINTS_MANAGE_CLOSURES_CAPTION),
		    HM(MSG_POINTS_MANAGE_DATE), HM(MSG_POINTS_MANAGE_REASON), HM(MSG_MANAGE_COL_ACTION));
		const char *action = web_urlf(r, "/points/%" PRId64 "/manage/closure/remove", mv->id);
		size_t i;
		json_t *c;
		json_array_foreach(cl, i, c) {
			int32_t day;
			const char *d = jstr(c, "date");
			const char *reason = jstr(c, pg->lang == LANG_FR ? "reason_fr" : "reason_en");
			const char *shown = date_parse(d, &day) == 0 ? fmt_date_long(a, pg->lang, day) : d;
			HF(h, "<tr><td>{}</td><td>{}</td><td>", HS(shown), HS(reason));
			/* One small form per closure: a button, the date hidden. */
			form_open(pg, action);
			HF(h, "<input type=\"hidden\" name=\"date\" value=\"{}\"><button type=\"submit\" "
			    "class=\"ontario-button ontario-button--secondary\">{}<span "
			    "class=\"ontario-show-for-sr\"> {}</span></button>", HS(d),
			    HM(MSG_MANAGE_REMOVE_CLOSURE), HS(MSGF(a, pg->lang, MSG_MANAGE_REMOVE_CLOSURE_SR,
			    shown)));
			form_close(pg);
			H(h, "</td></tr>");
		}
		H(h, "</tbody></table></div></div>");
	}
	HF(h, "<h3>{}</h3>", HM(MSG_POINTS_MANAGE_ADD_CLOSURE));
	form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/closure", mv->id));
	struct field fd = { .id = "closure-date", .name = "closure-date",
		.label = MSG_POINTS_MANAGE_CLOSURE_DATE, .hint = MSG_POINTS_MANAGE_CLOSURE_DATE_HINT };
	field_date(pg, &fd, fv(f, "closure-date_year"), fv(f, "closure-date_month"),
	    fv(f, "closure-date_day"));
	struct field fe = { .id = "reason-en", .name = "reason_en", .label = MSG_POINTS_MANAGE_REASON_EN,
		.value = fv(f, "reason_en") };
	field_input(pg, &fe);
	struct field ff = { .id = "reason-fr", .name = "reason_fr", .label = MSG_POINTS_MANAGE_REASON_FR,
		.value = fv(f, "reason_fr") };
	field_input(pg, &ff);
	form_button(pg, MSG_POINTS_MANAGE_CLOSE_BUTTON);
	form_close(pg);
}

/* Cancelled and moved visits of a schedule, from today on, as "SCHEDULE_YYYY-MM-DD" options. */
static size_t
restorable(struct req *r, struct manage_view *mv, json_t *s, struct option *out, size_t max)
{
	struct arena *a = &r->arena;
	int64_t sid = json_integer_value(json_object_get(s, "id"));
	size_t n = 0, i;
	json_t *d;
	json_array_foreach(json_object_get(s, "exdates"), i, d) {
		int32_t day;
		if (n == max || date_parse(json_string_value(d), &day) != 0 || day < mv->today)
			continue;
		out[n].value = arena_printf(a, "%" PRId64 "_%s", sid, json_string_value(d));
		out[n++].label = MSGF(a, r->lang, MSG_MANAGE_RESTORE_CANCELLED,
		    fmt_date_long(a, r->lang, day));
	}
	json_array_foreach(json_object_get(s, "moves"), i, d) {
		int32_t day;
		const char *orig = jstr(d, "original_date"), *ns = jstr(d, "new_start");
		int y, mo, dd, hh, mi;
		if (n == max || date_parse(orig, &day) != 0 ||
		    outreach_local_parse(ns, &y, &mo, &dd, &hh, &mi) != 0)
			continue;
		int32_t nday = date_from_ymd(y, mo, dd);
		if (day < mv->today && nday < mv->today)
			continue;
		out[n].value = arena_printf(a, "%" PRId64 "_%s", sid, orig);
		out[n++].label = MSGF(a, r->lang, MSG_MANAGE_RESTORE_MOVED,
		    fmt_date_long(a, r->lang, day), fmt_date_long(a, r->lang, nday),
		    rrule_clock(a, r->lang, hh * 60 + mi));
	}
	return n;
}

static void
schedules_table(struct page *pg, struct manage_view *mv, json_t *sc)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>", HM(MSG_POINTS_MANAGE_SCHEDULES_CAPTION),
	    HM(MSG_POINTS_MANAGE_SCHEDULES_CAPTION), HM(MSG_MANAGE_COL_VISITS),
	    HM(MSG_MANAGE_COL_PLACE), HM(MSG_POINTS_MANAGE_CANCELLED), HM(MSG_MANAGE_COL_ACTION));
	size_t i;
	json_t *s;
	json_array_foreach(sc, i, s) {
		int64_t sid = json_integer_value(json_object_get(s, "id"));
		const char *words = rrule_words(a, pg->lang, jstr(s, "rrule"), jstr(s, "dtstart"),
		    (int)json_integer_value(json_object_get(s, "duration_min")));
		const char *span = rrule_span_words(a, pg->lang, jstr(s, "rrule"), jstr(s, "dtstart"));
		const char *cancelled = "";
		size_t j;
		json_t *d;
		json_array_foreach(json_object_get(s, "exdates"), j, d) {
			int32_t day;
			const char *iso = json_string_value(d);
			const char *w = iso && date_parse(iso, &day) == 0 ?
			    fmt_date_long(a, pg->lang, day) : iso;
			cancelled = *cancelled ? MSGF(a, pg->lang, MSG_MANAGE_LIST_AND, cancelled, w) : w;
		}
		if (!*cancelled)
			cancelled = msg_get(pg->lang, MSG_POINTS_MANAGE_NONE);
		const char *note = json_string_value(json_object_get(s, "note"));
		HF(h, "<tr><td id=\"schedule-{}\">{}", HI(sid), HS(words));
		if (span)
			HF(h, "<br>{}", HS(span));
		HF(h, "</td><td>{}</td><td>{}</td><td><a href=\"{}\">{}<span class=\"ontario-show-for-sr\">"
		    " {}</span></a></td></tr>", HS(note ? note : msg_get(pg->lang, MSG_POINTS_MANAGE_NONE)),
		    HS(cancelled), HS(web_urlf(r, "/points/%" PRId64 "/manage/schedules/%" PRId64
		    "/delete", mv->id, sid)), HM(MSG_MANAGE_DELETE_LINK), HS(words));
	}
	H(h, "</tbody></table></div></div>");
}

static void
visit_forms(struct page *pg, struct manage_view *mv, const struct form *f)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	int shown = mv->nvisits < SHOWN ? mv->nvisits : SHOWN;
	HF(h, "<h3>{}</h3>", HM(MSG_POINTS_MANAGE_CANCEL_VISIT));
	if (shown == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_VISITS));
	} else {
		struct option *opts = arena_calloc(a, (size_t)shown, sizeof(*opts));
		for (int k = 0; k < shown; k++)
			opts[k] = (struct option){ visit_value(a, &mv->visits[k]),
				visit_label(a, pg->lang, &mv->visits[k]) };
		form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/cancel", mv->id));
		struct field fv_ = { .id = "visit", .name = "visit", .label = MSG_POINTS_MANAGE_VISIT,
			.value = fv(f, "visit") };
		field_radios(pg, &fv_, opts, (size_t)shown);
		form_button(pg, MSG_POINTS_MANAGE_CANCEL_BUTTON);
		form_close(pg);

		HF(h, "<h3>{}</h3>", HM(MSG_MANAGE_MOVE_TITLE));
		form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/move", mv->id));
		struct field fm = { .id = "move-visit", .name = "move_visit", .label = MSG_MANAGE_MOVE_VISIT,
			.value = fv(f, "move_visit") };
		field_radios(pg, &fm, opts, (size_t)shown);
		struct field fd = { .id = "new-date", .name = "new-date", .label = MSG_MANAGE_NEW_DATE,
			.hint = MSG_MANAGE_MS_PLANNED_HINT };
		field_date(pg, &fd, fv(f, "new-date_year"), fv(f, "new-date_month"),
		    fv(f, "new-date_day"));
		struct field ft = { .id = "new-time", .name = "new_time", .label = MSG_MANAGE_NEW_TIME,
			.hint = MSG_MANAGE_START_HINT, .value = fv(f, "new_time"), .width = "5-char-width" };
		field_input(pg, &ft);
		form_button(pg, MSG_MANAGE_MOVE_BUTTON);
		form_close(pg);
	}
	/* Restoring: every cancelled or moved visit still to come. */
	size_t cap = 0, i;
	json_t *s;
	json_array_foreach(json_object_get(mv->p, "outreach"), i, s)
		cap += json_array_size(json_object_get(s, "exdates")) +
		    json_array_size(json_object_get(s, "moves"));
	struct option *ro = arena_calloc(a, cap ? cap : 1, sizeof(*ro));
	size_t nr = 0;
	json_array_foreach(json_object_get(mv->p, "outreach"), i, s)
		nr += restorable(r, mv, s, ro + nr, cap - nr);
	HF(h, "<h3>{}</h3>", HM(MSG_MANAGE_RESTORE_TITLE));
	if (nr == 0) {
		HF(h, "<p>{}</p>", HM(MSG_MANAGE_RESTORE_NONE));
		return;
	}
	form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/restore", mv->id));
	struct field fr = { .id = "restore", .name = "restore", .label = MSG_MANAGE_RESTORE_VISIT,
		.value = fv(f, "restore") };
	field_radios(pg, &fr, ro, nr);
	form_button(pg, MSG_MANAGE_RESTORE_BUTTON);
	form_close(pg);
}

/* After adding a schedule: its own next visits, as the calendars will show them. */
static void
added_notice(struct page *pg, struct manage_view *mv, int64_t added)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	HF(h, "<div id=\"added\" class=\"ontario-alert ontario-alert--success\" role=\"status\">"
	    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title ontario-h4\">"
	    "{}</h2></div><div class=\"ontario-alert__body\">", HM(MSG_MANAGE_ADDED_TITLE));
	int n = 0;
	for (int k = 0; k < mv->nvisits && n < ADDED_SHOWN; k++) {
		if (mv->visits[k].schedule_id != added)
			continue;
		if (n++ == 0)
			HF(h, "<p>{}</p><ul>", HM(MSG_MANAGE_ADDED_VISITS));
		HF(h, "<li>{}</li>", HS(visit_label(a, pg->lang, &mv->visits[k])));
	}
	if (n)
		H(h, "</ul>");
	else
		HF(h, "<p>{}</p>", HM(MSG_MANAGE_ADDED_NONE));
	H(h, "</div></div>");
}

static void
schedules_section(struct page *pg, struct manage_view *mv, const struct form *f)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_MANAGE_SCHEDULES_TITLE));
	json_t *sc = json_object_get(mv->p, "outreach");
	if (json_array_size(sc) == 0)
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_SCHEDULES));
	else
		schedules_table(pg, mv, sc);
	HF(h, "<p><a class=\"ontario-button ontario-button--secondary\" href=\"{}\">{}</a></p>",
	    HS(web_urlf(r, "/points/%" PRId64 "/manage/schedules/new", mv->id)),
	    HM(MSG_MANAGE_ADD_LINK));
	if (json_array_size(sc) != 0)
		visit_forms(pg, mv, f);
}

static void
manage_render(struct req *r, struct manage_view *mv, const struct form *f)
{
	struct page pg;
	const char *name = jstr(mv->p, r->lang == LANG_FR ? "name_fr" : "name_en");
	page_begin(&pg, r, MSGF(&r->arena, r->lang, MSG_POINTS_MANAGE_TITLE, name), NAV_NONE, f);
	struct html *h = &pg.h;
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/points/%" PRId64, mv->id)),
	    HS(MSGF(&r->arena, r->lang, MSG_POINTS_MANAGE_BACK, name)));
	/* Notices after a redirect (GET only: a re-rendered form shows its errors instead). */
	if (f == NULL) {
		int64_t added = 0;
		const char *v = req_query(r, "added");
		if (v && parse_i64(v, 1, INT64_MAX, &added) == 0)
			added_notice(&pg, mv, added);
		else if (req_query(r, "deleted"))
			HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
			    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>",
			    HM(MSG_MANAGE_DELETED));
	}
	closures_section(&pg, mv, f);
	schedules_section(&pg, mv, f);
	page_end(&pg);
}

int
p_point_manage(struct req *r)
{
	struct manage_view *mv = manage_load(r);
	if (mv)
		manage_render(r, mv, NULL);
	return 0;
}

/* ---- the forms ---- */

enum manage_op { OP_CLOSE, OP_UNCLOSE, OP_CANCEL, OP_MOVE, OP_RESTORE };

struct manage_post {
	struct form f;
	struct manage_view *mv;
	const struct principal *who;
	enum manage_op op;
	int32_t day;
	char date[11];
	char new_start[17];
	const char *reason_en, *reason_fr;
	int64_t schedule_id;
	const char *err_field;           /* where a domain refusal is shown */
	struct dom_err err;
};

static enum st_rc
post_tx(struct st_tx *tx, void *v)
{
	struct manage_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	switch (c->op) {
	case OP_CLOSE:
		return point_closure_set(tx, c->who, c->mv->id, c->day, c->reason_en, c->reason_fr,
		    &c->err);
	case OP_UNCLOSE:
		return point_closure_set(tx, c->who, c->mv->id, c->day, NULL, NULL, &c->err);
	case OP_CANCEL:
		return sched_cancel(tx, c->who, c->schedule_id, c->date, &c->err);
	case OP_MOVE:
		return sched_move(tx, c->who, c->schedule_id, c->date, c->new_start, &c->err);
	case OP_RESTORE:
		return sched_restore(tx, c->who, c->schedule_id, c->date, &c->err);
	}
	return ST_ERROR;
}

static void
posted_reply(struct req *r, void *v, enum st_rc rc)
{
	struct manage_post *c = v;
	if (rc == ST_OK) {
		points_changed();
		web_redirect(r, web_urlf(r, "/points/%" PRId64 "/manage", c->mv->id));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		form_error(&c->f, c->err_field, err_message(c->err.e, r->lang));
		manage_render(r, c->mv, &c->f);
		return;
	}
	web_reply_failure(r, rc);
}

static struct manage_post *
post_begin(struct req *r, enum manage_op op, const char *err_field)
{
	struct manage_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return NULL;
	if ((c->mv = manage_load(r)) == NULL)
		return NULL;
	c->who = r->who;
	c->op = op;
	c->err_field = err_field;
	return c;
}

static int
post_end(struct req *r, struct manage_post *c)
{
	if (c->f.nerr) {
		manage_render(r, c->mv, &c->f);
		return 0;
	}
	return req_write(r, post_tx, c, posted_reply);
}

static void
reason_check(struct req *r, struct form *f, const char *name, const char *id, int empty_msg,
    const char **out)
{
	const char *s = form_get(f, name);
	if (form_empty(s))
		form_error(f, id, msg_get(r->lang, empty_msg));
	else if (strlen(s) > 200)
		form_error(f, id, msg_get(r->lang, MSG_POINTS_MANAGE_ERR_REASON_LONG));
	*out = s;
}

int
p_point_manage_closure(struct req *r)
{
	struct manage_post *c = post_begin(r, OP_CLOSE, "reason-en");
	if (c == NULL)
		return 0;
	struct form *f = &c->f;
	if (form_date_value(r, f, "closure-date", form_get(f, "closure-date_year"),
	    form_get(f, "closure-date_month"), form_get(f, "closure-date_day"),
	    MSG_POINTS_MANAGE_ERR_DATE_REQUIRED, MSG_POINTS_MANAGE_ERR_DATE_INVALID, &c->day) == 0 &&
	    c->day < c->mv->today)
		form_error(f, "closure-date-day", msg_get(r->lang, MSG_POINTS_MANAGE_ERR_DATE_PAST));
	reason_check(r, f, "reason_en", "reason-en", MSG_POINTS_MANAGE_ERR_REASON_EN, &c->reason_en);
	reason_check(r, f, "reason_fr", "reason-fr", MSG_POINTS_MANAGE_ERR_REASON_FR, &c->reason_fr);
	return post_end(r, c);
}

int
p_point_manage_unclose(struct req *r)
{
	struct manage_post *c = post_begin(r, OP_UNCLOSE, "closure-date-year");
	if (c == NULL)
		return 0;
	/* Only a closure the page lists. */
	const char *d = form_get(&c->f, "date");
	size_t i;
	json_t *cl;
	int found = 0;
	json_array_foreach(json_object_get(c->mv->p, "closures"), i, cl)
		if (d && strcmp(d, jstr(cl, "date")) == 0 && date_parse(d, &c->day) == 0)
			found = 1;
	if (!found) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	return post_end(r, c);
}

/* The visit a radio names: one of the next visits the page offers. */
static int
visit_pick(struct req *r, struct manage_post *c, const char *v)
{
	int shown = c->mv->nvisits < SHOWN ? c->mv->nvisits : SHOWN;
	for (int k = 0; v && k < shown; k++) {
		if (strcmp(v, visit_value(&r->arena, &c->mv->visits[k])) == 0) {
			c->schedule_id = c->mv->visits[k].schedule_id;
			date_format(c->mv->visits[k].original_day, c->date);
			return 0;
		}
	}
	return -1;
}

int
p_point_manage_cancel(struct req *r)
{
	struct manage_post *c = post_begin(r, OP_CANCEL, "visit-1");
	if (c == NULL)
		return 0;
	if (visit_pick(r, c, form_get(&c->f, "visit")) != 0)
		form_error(&c->f, "visit-1", msg_get(r->lang, MSG_POINTS_MANAGE_ERR_VISIT));
	return post_end(r, c);
}

int
p_point_manage_move(struct req *r)
{
	struct manage_post *c = post_begin(r, OP_MOVE, "move-visit-1");
	if (c == NULL)
		return 0;
	struct form *f = &c->f;
	if (visit_pick(r, c, form_get(f, "move_visit")) != 0)
		form_error(f, "move-visit-1", msg_get(r->lang, MSG_MANAGE_ERR_MOVE_VISIT));
	int32_t day = 0;
	if (form_date_value(r, f, "new-date", form_get(f, "new-date_year"),
	    form_get(f, "new-date_month"), form_get(f, "new-date_day"), MSG_MANAGE_ERR_NEW_DATE,
	    MSG_MANAGE_ERR_NEW_DATE_INVALID, &day) == 0 && day < c->mv->today)
		form_error(f, "new-date-day", msg_get(r->lang, MSG_MANAGE_ERR_NEW_DATE_PAST));
	const char *t = form_get(f, "new_time");
	int minutes = -1;
	if (form_empty(t))
		form_error(f, "new-time", msg_get(r->lang, MSG_MANAGE_ERR_START_REQUIRED));
	else if ((minutes = rrule_clock_parse(t)) < 0)
		form_error(f, "new-time", msg_get(r->lang, MSG_MANAGE_ERR_START_INVALID));
	if (f->nerr == 0) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		char text[64];
		snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d", y, m, d, minutes / 60,
		    minutes % 60);
		snprintf(c->new_start, sizeof(c->new_start), "%.16s", text);
	}
	return post_end(r, c);
}

int
p_point_manage_restore(struct req *r)
{
	struct manage_post *c = post_begin(r, OP_RESTORE, "restore-1");
	if (c == NULL)
		return 0;
	const char *v = form_get(&c->f, "restore");
	/* Only a visit the page offers: "SCHEDULE_YYYY-MM-DD" of a cancelled or moved visit. */
	size_t cap = 0, i;
	json_t *s;
	json_array_foreach(json_object_get(c->mv->p, "outreach"), i, s)
		cap += json_array_size(json_object_get(s, "exdates")) +
		    json_array_size(json_object_get(s, "moves"));
	struct option *ro = arena_calloc(&r->arena, cap ? cap : 1, sizeof(*ro));
	json_array_foreach(json_object_get(c->mv->p, "outreach"), i, s) {
		size_t n = restorable(r, c->mv, s, ro, cap);
		for (size_t k = 0; v && k < n; k++) {
			if (strcmp(v, ro[k].value) == 0) {
				c->schedule_id = json_integer_value(json_object_get(s, "id"));
				snprintf(c->date, sizeof(c->date), "%s", strchr(ro[k].value, '_') + 1);
			}
		}
	}
	if (c->schedule_id == 0)
		form_error(&c->f, "restore-1", msg_get(r->lang, MSG_MANAGE_ERR_RESTORE));
	return post_end(r, c);
}
