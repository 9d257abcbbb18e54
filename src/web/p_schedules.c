/* Managing a point of service's closures and outreach visits (managers, administrators): the
 * closures of the next 60 days and the outreach schedules with their next visits, a form to
 * close the point on a date (reasons in both languages) and one to cancel a visit. Both POSTs
 * re-render this page with the error summary, or redirect back to it once written. */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "domain/schedules.h"
#include "web/pages.h"

#define VISITS 10

struct manage_view {
	int64_t id;
	enum lang lang;
	struct arena *a;
	json_t *p;                       /* point_get_json */
	struct outreach_visit visits[VISITS];
	int nvisits;
};

static enum st_rc
manage_tx(struct st_tx *tx, void *v)
{
	struct manage_view *mv = v;
	json_decref(mv->p);
	mv->p = NULL;
	mv->nvisits = 0;
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

static void
closures_section(struct page *pg, struct manage_view *mv, const struct form *f)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_MANAGE_CLOSURES_TITLE));
	json_t *cl = json_object_get(mv->p, "closures");
	if (json_array_size(cl) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_CLOSURES));
	} else {
		HF(h, "<table class=\"ontario-table\"><caption>{}</caption><thead><tr>"
		    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
		    HM(MSG_POINTS_MANAGE_CLOSURES_CAPTION), HM(MSG_POINTS_MANAGE_DATE),
		    HM(MSG_POINTS_MANAGE_REASON));
		size_t i;
		json_t *c;
		json_array_foreach(cl, i, c) {
			int32_t day;
			const char *d = jstr(c, "date");
			const char *reason = jstr(c, pg->lang == LANG_FR ? "reason_fr" : "reason_en");
			HF(h, "<tr><td>{}</td><td>{}</td></tr>", HS(date_parse(d, &day) == 0 ?
			    fmt_date_long(&r->arena, pg->lang, day) : d), HS(reason));
		}
		H(h, "</tbody></table>");
	}
	HF(h, "<h3>{}</h3>", HM(MSG_POINTS_MANAGE_ADD_CLOSURE));
	form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/closure", mv->id));
	struct field fd = { .id = "closure-date", .name = "closure-date",
		.label = MSG_POINTS_MANAGE_CLOSURE_DATE, .hint = MSG_POINTS_MANAGE_CLOSURE_DATE_HINT };
	field_date(pg, &fd, f ? form_get(f, "closure-date_year") : NULL,
	    f ? form_get(f, "closure-date_month") : NULL, f ? form_get(f, "closure-date_day") : NULL);
	struct field fe = { .id = "reason-en", .name = "reason_en", .label = MSG_POINTS_MANAGE_REASON_EN,
		.value = f ? form_get(f, "reason_en") : NULL };
	field_input(pg, &fe);
	struct field ff = { .id = "reason-fr", .name = "reason_fr", .label = MSG_POINTS_MANAGE_REASON_FR,
		.value = f ? form_get(f, "reason_fr") : NULL };
	field_input(pg, &ff);
	form_button(pg, MSG_POINTS_MANAGE_CLOSE_BUTTON);
	form_close(pg);
}

static void
schedules_section(struct page *pg, struct manage_view *mv, const struct form *f)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_MANAGE_SCHEDULES_TITLE));
	json_t *sc = json_object_get(mv->p, "outreach");
	if (json_array_size(sc) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_SCHEDULES));
		return;
	}
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th><th scope=\"col\">{}</th>"
	    "</tr></thead><tbody>", HM(MSG_POINTS_MANAGE_SCHEDULES_CAPTION),
	    HM(MSG_POINTS_MANAGE_SCHEDULES_CAPTION), HM(MSG_POINTS_MANAGE_RULE),
	    HM(MSG_POINTS_MANAGE_FIRST_VISIT), HM(MSG_POINTS_MANAGE_DURATION),
	    HM(MSG_POINTS_MANAGE_CANCELLED));
	size_t i;
	json_t *s;
	json_array_foreach(sc, i, s) {
		json_t *ex = json_object_get(s, "exdates");
		const char *cancelled = "";
		size_t j;
		json_t *d;
		json_array_foreach(ex, j, d)
			cancelled = *cancelled ? arena_printf(a, "%s, %s", cancelled, json_string_value(d)) :
			    json_string_value(d);
		if (!*cancelled)
			cancelled = msg_get(pg->lang, MSG_POINTS_MANAGE_NONE);
		HF(h, "<tr><td><code>{}</code></td><td>{}</td><td class=\"ontario-table-cell--numeric\">{}"
		    "</td><td>{}</td></tr>", HS(jstr(s, "rrule")), HS(jstr(s, "dtstart")),
		    HS(fmt_int(a, pg->lang, json_integer_value(json_object_get(s, "duration_min")))),
		    HS(cancelled));
	}
	H(h, "</tbody></table></div></div>");
	HF(h, "<h3>{}</h3>", HM(MSG_POINTS_MANAGE_CANCEL_VISIT));
	if (mv->nvisits == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_MANAGE_NO_VISITS));
		return;
	}
	struct option *opts = arena_calloc(a, (size_t)mv->nvisits, sizeof(*opts));
	for (int k = 0; k < mv->nvisits; k++) {
		const struct outreach_visit *v = &mv->visits[k];
		opts[k].value = visit_value(a, v);
		opts[k].label = MSGF(a, pg->lang, MSG_POINTS_MANAGE_VISIT_OPTION,
		    fmt_date_long(a, pg->lang, date_of_us_local(v->start_us)),
		    fmt_time(a, pg->lang, v->start_us));
	}
	form_open(pg, web_urlf(r, "/points/%" PRId64 "/manage/cancel", mv->id));
	struct field fv = { .id = "visit", .name = "visit", .label = MSG_POINTS_MANAGE_VISIT,
		.value = f ? form_get(f, "visit") : NULL };
	field_radios(pg, &fv, opts, (size_t)mv->nvisits);
	form_button(pg, MSG_POINTS_MANAGE_CANCEL_BUTTON);
	form_close(pg);
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

/* ---- the two forms ---- */

struct manage_post {
	struct form f;
	struct manage_view *mv;
	const struct principal *who;
	int32_t day;
	char date[11];
	const char *reason_en, *reason_fr;
	int64_t schedule_id;
	struct dom_err err;
};

static enum st_rc
closure_tx(struct st_tx *tx, void *v)
{
	struct manage_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	return point_closure_set(tx, c->who, c->mv->id, c->day, c->reason_en, c->reason_fr, &c->err);
}

static enum st_rc
cancel_tx(struct st_tx *tx, void *v)
{
	struct manage_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	return sched_cancel(tx, c->who, c->schedule_id, c->date, &c->err);
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
		form_error(&c->f, c->schedule_id ? "visit-1" : "reason-en", err_message(c->err.e, r->lang));
		manage_render(r, c->mv, &c->f);
		return;
	}
	web_reply_failure(r, rc);
}

static struct manage_post *
post_begin(struct req *r)
{
	struct manage_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return NULL;
	if ((c->mv = manage_load(r)) == NULL)
		return NULL;
	c->who = r->who;
	return c;
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
	struct manage_post *c = post_begin(r);
	if (c == NULL)
		return 0;
	struct form *f = &c->f;
	if (form_date_value(r, f, "closure-date", form_get(f, "closure-date_year"),
	    form_get(f, "closure-date_month"), form_get(f, "closure-date_day"),
	    MSG_POINTS_MANAGE_ERR_DATE_REQUIRED, MSG_POINTS_MANAGE_ERR_DATE_INVALID, &c->day) == 0 &&
	    c->day < date_of_us_local(time_now_us()))
		form_error(f, "closure-date-day", msg_get(r->lang, MSG_POINTS_MANAGE_ERR_DATE_PAST));
	reason_check(r, f, "reason_en", "reason-en", MSG_POINTS_MANAGE_ERR_REASON_EN, &c->reason_en);
	reason_check(r, f, "reason_fr", "reason-fr", MSG_POINTS_MANAGE_ERR_REASON_FR, &c->reason_fr);
	if (f->nerr) {
		manage_render(r, c->mv, f);
		return 0;
	}
	return req_write(r, closure_tx, c, posted_reply);
}

int
p_point_manage_cancel(struct req *r)
{
	struct manage_post *c = post_begin(r);
	if (c == NULL)
		return 0;
	struct form *f = &c->f;
	const char *v = form_get(f, "visit");
	/* Only a visit offered on the page: "SCHEDULE_YYYY-MM-DD" of one of the next visits. */
	for (int k = 0; v && k < c->mv->nvisits; k++) {
		if (strcmp(v, visit_value(&r->arena, &c->mv->visits[k])) == 0) {
			c->schedule_id = c->mv->visits[k].schedule_id;
			date_format(c->mv->visits[k].original_day, c->date);
		}
	}
	if (c->schedule_id == 0) {
		form_error(f, "visit-1", msg_get(r->lang, MSG_POINTS_MANAGE_ERR_VISIT));
		manage_render(r, c->mv, f);
		return 0;
	}
	return req_write(r, cancel_tx, c, posted_reply);
}
