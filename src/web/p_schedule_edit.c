/* Adding and deleting a point's outreach schedules (managers, administrators). The new
 * schedule is chosen in words — first visit, start time, duration, how often, an optional end
 * date or number of visits, where the team meets — and outreach_rule_build turns the choices
 * into the rule, so nobody types an RRULE; the manager page then shows the schedule's next
 * visits. Deleting asks first on its own page ("Delete the schedule ...?"), no script. */
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

struct edit_view {
	int64_t id;
	enum lang lang;
	struct arena *a;
	json_t *p;                       /* point_get_json */
};

static enum st_rc
edit_tx(struct st_tx *tx, void *v)
{
	struct edit_view *ev = v;
	json_decref(ev->p);
	ev->p = NULL;
	return point_get_json(tx, ev->a, ev->id, ev->lang, &ev->p);
}

static void
view_free(void *v)
{
	json_decref(((struct edit_view *)v)->p);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The point (path argument 0); replies the failure page and returns NULL when it cannot. */
static struct edit_view *
edit_load(struct req *r)
{
	struct edit_view *ev = arena_calloc(&r->arena, 1, sizeof(*ev));
	ev->lang = r->lang;
	ev->a = &r->arena;
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &ev->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return NULL;
	}
	arena_defer(&r->arena, view_free, ev);
	enum st_rc rc = st_read(r->store, edit_tx, ev);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return NULL;
	}
	return ev;
}

static const char *
point_name(struct edit_view *ev)
{
	return jstr(ev->p, ev->lang == LANG_FR ? "name_fr" : "name_en");
}

/* ---- adding a schedule ---- */

static const char *const freq_values[] = { "weekly", "biweekly", "monthly_weekday",
	"monthly_date" };
static const int freq_labels[] = { MSG_MANAGE_FREQ_WEEKLY, MSG_MANAGE_FREQ_BIWEEKLY,
	MSG_MANAGE_FREQ_MONTHLY_WEEKDAY, MSG_MANAGE_FREQ_MONTHLY_DATE };

static const char *
fv(const struct form *f, const char *name)
{
	return f ? form_get(f, name) : NULL;
}

static void
new_render(struct req *r, struct edit_view *ev, const struct form *f)
{
	struct page pg;
	struct arena *a = &r->arena;
	page_begin(&pg, r, MSGF(a, r->lang, MSG_MANAGE_NEW_TITLE, point_name(ev)), NAV_NONE, f);
	struct html *h = &pg.h;
	HF(h, "<p><a href=\"{}\">{}</a></p><p>{}</p>",
	    HS(web_urlf(r, "/points/%" PRId64 "/manage", ev->id)),
	    HS(MSGF(a, r->lang, MSG_MANAGE_BACK_MANAGE, point_name(ev))), HM(MSG_MANAGE_NEW_INTRO));
	form_open(&pg, web_urlf(r, "/points/%" PRId64 "/manage/schedules", ev->id));
	struct field ff = { .id = "first", .name = "first", .label = MSG_MANAGE_FIRST_VISIT,
		.hint = MSG_MANAGE_FIRST_VISIT_HINT };
	field_date(&pg, &ff, fv(f, "first_year"), fv(f, "first_month"), fv(f, "first_day"));
	struct field ft = { .id = "start", .name = "start", .label = MSG_MANAGE_START,
		.hint = MSG_MANAGE_START_HINT, .value = fv(f, "start"), .width = "5-char-width" };
	field_input(&pg, &ft);
	struct field fd = { .id = "duration", .name = "duration", .label = MSG_MANAGE_DURATION,
		.hint = MSG_MANAGE_DURATION_HINT, .value = fv(f, "duration"), .inputmode = "numeric",
		.width = "4-char-width" };
	field_input(&pg, &fd);
	struct option opts[4];
	for (size_t i = 0; i < 4; i++)
		opts[i] = (struct option){ freq_values[i], msg_get(r->lang, freq_labels[i]) };
	struct field fq = { .id = "freq", .name = "freq", .label = MSG_MANAGE_FREQ,
		.hint = MSG_MANAGE_FREQ_HINT, .value = fv(f, "freq") };
	field_radios(&pg, &fq, opts, 4);
	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_MANAGE_END_TITLE), HM(MSG_MANAGE_END_INTRO));
	struct field fu = { .id = "until", .name = "until", .label = MSG_MANAGE_UNTIL,
		.optional = true };
	field_date(&pg, &fu, fv(f, "until_year"), fv(f, "until_month"), fv(f, "until_day"));
	struct field fc = { .id = "count", .name = "count", .label = MSG_MANAGE_COUNT,
		.hint = MSG_MANAGE_COUNT_HINT, .value = fv(f, "count"), .inputmode = "numeric",
		.width = "4-char-width", .optional = true };
	field_input(&pg, &fc);
	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_MANAGE_PLACE_TITLE), HM(MSG_MANAGE_PLACE_INTRO));
	struct field fe = { .id = "place-en", .name = "place_en", .label = MSG_MANAGE_PLACE_EN,
		.value = fv(f, "place_en"), .optional = true };
	field_input(&pg, &fe);
	struct field fr = { .id = "place-fr", .name = "place_fr", .label = MSG_MANAGE_PLACE_FR,
		.value = fv(f, "place_fr"), .optional = true };
	field_input(&pg, &fr);
	form_button(&pg, MSG_MANAGE_ADD_BUTTON);
	form_close(&pg);
	page_end(&pg);
}

int
p_schedule_new_form(struct req *r)
{
	struct edit_view *ev = edit_load(r);
	if (ev)
		new_render(r, ev, NULL);
	return 0;
}

struct add_post {
	struct form f;
	struct edit_view *ev;
	const struct principal *who;
	char rrule[128], dtstart[17];
	struct outreach_in in;
	int64_t sched_id;
	struct dom_err err;
};

static enum st_rc
add_tx(struct st_tx *tx, void *v)
{
	struct add_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	c->sched_id = 0;
	return sched_add(tx, c->who, &c->in, &c->sched_id, &c->err);
}

static void
add_reply(struct req *r, void *v, enum st_rc rc)
{
	struct add_post *c = v;
	if (rc == ST_OK) {
		points_changed();
		web_redirect(r, web_urlf(r, "/points/%" PRId64 "/manage?added=%" PRId64,
		    c->ev->id, c->sched_id));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		const char *field = c->err.field && strcmp(c->err.field, "duration_min") == 0 ?
		    "duration" : "first-year";
		form_error(&c->f, field, err_message(c->err.e, r->lang));
		new_render(r, c->ev, &c->f);
		return;
	}
	web_reply_failure(r, rc);
}

/* An optional date: 0 and *day = 0 when the three parts are empty. */
static int
optional_date(struct req *r, struct form *f, const char *id, const char *name, int required,
    int invalid, int32_t *day)
{
	const char *y = form_get(f, arena_printf(&r->arena, "%s_year", name));
	const char *m = form_get(f, arena_printf(&r->arena, "%s_month", name));
	const char *d = form_get(f, arena_printf(&r->arena, "%s_day", name));
	*day = 0;
	if (form_empty(y) && form_empty(m) && form_empty(d))
		return 0;
	return form_date_value(r, f, id, y, m, d, required, invalid, day);
}

static void
place_check(struct req *r, struct form *f, const char *name, const char *id, const char **out)
{
	const char *s = form_get(f, name);
	*out = form_empty(s) ? NULL : s;
	if (*out && strlen(*out) > 200)
		form_error(f, id, msg_get(r->lang, MSG_MANAGE_ERR_PLACE_LONG));
}

int
p_schedule_add(struct req *r)
{
	struct add_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if ((c->ev = edit_load(r)) == NULL)
		return 0;
	c->who = r->who;
	struct form *f = &c->f;
	struct outreach_pattern pat = { 0 };
	int32_t today = date_of_us_local(time_now_us());
	if (form_date_value(r, f, "first", form_get(f, "first_year"), form_get(f, "first_month"),
	    form_get(f, "first_day"), MSG_MANAGE_ERR_FIRST_REQUIRED, MSG_MANAGE_ERR_FIRST_INVALID,
	    &pat.first_day) == 0 && pat.first_day < today)
		form_error(f, "first-day", msg_get(r->lang, MSG_MANAGE_ERR_FIRST_PAST));
	const char *start = form_get(f, "start");
	if (form_empty(start))
		form_error(f, "start", msg_get(r->lang, MSG_MANAGE_ERR_START_REQUIRED));
	else if ((pat.start_min = rrule_clock_parse(start)) < 0)
		form_error(f, "start", msg_get(r->lang, MSG_MANAGE_ERR_START_INVALID));
	const char *dur = form_get(f, "duration");
	int64_t minutes = 0;
	if (form_empty(dur))
		form_error(f, "duration", msg_get(r->lang, MSG_MANAGE_ERR_DURATION_REQUIRED));
	else if (parse_i64(dur, 15, 1440, &minutes) != 0)
		form_error(f, "duration", msg_get(r->lang, MSG_MANAGE_ERR_DURATION_RANGE));
	else if (pat.start_min >= 0 && pat.start_min + minutes > 24 * 60)
		form_error(f, "duration", msg_get(r->lang, MSG_MANAGE_ERR_DURATION_MIDNIGHT));
	const char *freq = form_get(f, "freq");
	int fi = -1;
	for (int i = 0; freq && i < 4; i++)
		if (strcmp(freq, freq_values[i]) == 0)
			fi = i;
	if (fi < 0)
		form_error(f, "freq-1", msg_get(r->lang, MSG_MANAGE_ERR_FREQ));
	pat.freq = (enum outreach_freq)(fi < 0 ? 0 : fi);
	optional_date(r, f, "until", "until", MSG_MANAGE_ERR_UNTIL_INVALID,
	    MSG_MANAGE_ERR_UNTIL_INVALID, &pat.until_day);
	const char *count = form_get(f, "count");
	int64_t n = 0;
	if (!form_empty(count) && parse_i64(count, 1, 1000, &n) != 0)
		form_error(f, "count", msg_get(r->lang, MSG_MANAGE_ERR_COUNT));
	pat.count = (int)n;
	place_check(r, f, "place_en", "place-en", &c->in.note_en);
	place_check(r, f, "place_fr", "place-fr", &c->in.note_fr);
	if ((c->in.note_en == NULL) != (c->in.note_fr == NULL))
		form_error(f, c->in.note_en ? "place-fr" : "place-en",
		    msg_get(r->lang, MSG_MANAGE_ERR_PLACE_BOTH));
	if (f->nerr == 0) {
		/* The rule from the choices: the domain says what does not make one. */
		switch (outreach_rule_build(&pat, c->rrule, sizeof(c->rrule), c->dtstart)) {
		case OUTREACH_PATTERN_OK:
			break;
		case OUTREACH_PATTERN_BOTH_ENDS:
			form_error(f, "count", msg_get(r->lang, MSG_MANAGE_ERR_BOTH_ENDS));
			break;
		case OUTREACH_PATTERN_UNTIL_BEFORE:
			form_error(f, "until-day", msg_get(r->lang, MSG_MANAGE_ERR_UNTIL_BEFORE));
			break;
		case OUTREACH_PATTERN_COUNT:
			form_error(f, "count", msg_get(r->lang, MSG_MANAGE_ERR_COUNT));
			break;
		case OUTREACH_PATTERN_MONTH_DAY:
			form_error(f, "freq-1", msg_get(r->lang, MSG_MANAGE_ERR_MONTH_DAY));
			break;
		default:
			form_error(f, "first-day", msg_get(r->lang, MSG_MANAGE_ERR_NO_VISIT));
			break;
		}
	}
	if (f->nerr) {
		new_render(r, c->ev, f);
		return 0;
	}
	c->in.point_id = c->ev->id;
	c->in.rrule = c->rrule;
	c->in.dtstart = c->dtstart;
	c->in.duration_min = (int)minutes;
	return req_write(r, add_tx, c, add_reply);
}

/* ---- deleting a schedule ---- */

/* The schedule (path argument 1) among the point's; NULL when it is not one of them. */
static json_t *
schedule_of(struct req *r, struct edit_view *ev, int64_t *sid)
{
	if (r->nargs < 2 || parse_i64(r->args[1], 1, INT64_MAX, sid) != 0)
		return NULL;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(ev->p, "outreach"), i, s)
		if (json_integer_value(json_object_get(s, "id")) == *sid)
			return s;
	return NULL;
}

static void
delete_render(struct req *r, struct edit_view *ev, json_t *s, int64_t sid)
{
	struct page pg;
	struct arena *a = &r->arena;
	const char *words = rrule_words(a, r->lang, jstr(s, "rrule"), jstr(s, "dtstart"),
	    (int)json_integer_value(json_object_get(s, "duration_min")));
	page_begin(&pg, r, MSGF(a, r->lang, MSG_MANAGE_DELETE_TITLE, words), NAV_NONE, NULL);
	struct html *h = &pg.h;
	const char *span = rrule_span_words(a, r->lang, jstr(s, "rrule"), jstr(s, "dtstart"));
	HF(h, "<p>{}</p>", HS(MSGF(a, r->lang, MSG_MANAGE_DELETE_POINT, point_name(ev))));
	if (span)
		HF(h, "<p>{}</p>", HS(span));
	HF(h, "<p>{}</p>", HM(MSG_MANAGE_DELETE_WARNING));
	form_open(&pg, web_urlf(r, "/points/%" PRId64 "/manage/schedules/%" PRId64 "/delete",
	    ev->id, sid));
	form_button(&pg, MSG_MANAGE_DELETE_BUTTON);
	form_close(&pg);
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/points/%" PRId64 "/manage", ev->id)),
	    HM(MSG_MANAGE_DELETE_KEEP));
	page_end(&pg);
}

int
p_schedule_delete_form(struct req *r)
{
	struct edit_view *ev = edit_load(r);
	if (ev == NULL)
		return 0;
	int64_t sid;
	json_t *s = schedule_of(r, ev, &sid);
	if (s == NULL) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	delete_render(r, ev, s, sid);
	return 0;
}

struct delete_post {
	struct form f;
	struct edit_view *ev;
	const struct principal *who;
	int64_t sid;
	struct dom_err err;
};

static enum st_rc
delete_tx(struct st_tx *tx, void *v)
{
	struct delete_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	return sched_delete(tx, c->who, c->sid, &c->err);
}

static void
delete_reply(struct req *r, void *v, enum st_rc rc)
{
	struct delete_post *c = v;
	if (rc == ST_OK) {
		points_changed();
		web_redirect(r, web_urlf(r, "/points/%" PRId64 "/manage?deleted=1", c->ev->id));
		return;
	}
	web_reply_failure(r, rc);
}

int
p_schedule_delete(struct req *r)
{
	struct delete_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if ((c->ev = edit_load(r)) == NULL)
		return 0;
	if (schedule_of(r, c->ev, &c->sid) == NULL) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	c->who = r->who;
	return req_write(r, delete_tx, c, delete_reply);
}
