/* A point of service (public): what it is, where, today's hours and the week's (closures and
 * statutory holidays in words), services, languages by name, accessibility features,
 * capacity, and for a mobile outreach site the next visits, the hub it is served from and a
 * link to add the visits to a calendar (the ICS feed). */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "web/pages.h"
#include "web/rrule_words.h"

#define WEEK 7
#define VISITS 5

struct point_view {
	int64_t id;
	enum lang lang;
	struct arena *a;
	int64_t now;
	json_t *p;                       /* point_get_json */
	const char *today_text;
	bool open_now;
	int32_t days[WEEK];
	const char *week[WEEK];
	struct outreach_visit visits[VISITS];
	int nvisits;
};

static enum st_rc
point_tx(struct st_tx *tx, void *v)
{
	struct point_view *pv = v;
	json_decref(pv->p);
	pv->p = NULL;
	enum st_rc rc = point_get_json(tx, pv->a, pv->id, pv->lang, &pv->p);
	if (rc != ST_OK)
		return rc;
	int32_t today = date_of_us_local(pv->now);
	rc = point_hours_on(tx, pv->a, pv->id, today, pv->lang, pv->now, &pv->today_text,
	    &pv->open_now);
	for (int i = 0; rc == ST_OK && i < WEEK; i++) {
		bool open;
		pv->days[i] = today + i;
		rc = point_hours_on(tx, pv->a, pv->id, today + i, pv->lang, pv->now, &pv->week[i], &open);
	}
	if (rc == ST_OK)
		rc = outreach_next_visits(tx, pv->id, pv->now, pv->visits, VISITS, &pv->nvisits);
	return rc;
}

static void
view_free(void *v)
{
	json_decref(((struct point_view *)v)->p);
}

static const char *
jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
kind_label(const char *kind)
{
	static const struct { const char *k; int id; } t[] = {
		{ "service_centre", MSG_POINTS_KIND_SERVICE_CENTRE },
		{ "regional_hub", MSG_POINTS_KIND_REGIONAL_HUB },
		{ "exam_centre", MSG_POINTS_KIND_EXAM_CENTRE },
		{ "contact_centre", MSG_POINTS_KIND_CONTACT_CENTRE },
		{ "outreach_site", MSG_POINTS_KIND_OUTREACH_SITE },
		{ "satellite_hub", MSG_POINTS_KIND_SATELLITE_HUB },
		{ "virtual", MSG_POINTS_KIND_VIRTUAL },
		{ "partner_site", MSG_POINTS_KIND_PARTNER_SITE },
	};
	for (size_t i = 0; kind && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, kind) == 0)
			return t[i].id;
	return 0;
}

static int
service_label(const char *s)
{
	static const struct { const char *k; int id; } t[] = {
		{ "apprenticeship", MSG_POINTS_SERVICE_APPRENTICESHIP },
		{ "exams", MSG_POINTS_SERVICE_EXAMS },
		{ "information", MSG_POINTS_SERVICE_INFORMATION },
		{ "employment", MSG_POINTS_SERVICE_EMPLOYMENT },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, s) == 0)
			return t[i].id;
	return 0;
}

static int
access_label(const char *s)
{
	static const struct { const char *k; int id; } t[] = {
		{ "step_free", MSG_POINTS_ACCESS_STEP_FREE },
		{ "accessible_washroom", MSG_POINTS_ACCESS_WASHROOM },
		{ "hearing_loop", MSG_POINTS_ACCESS_HEARING_LOOP },
		{ "asl_lsq", MSG_POINTS_ACCESS_ASL_LSQ },
		{ "parking", MSG_POINTS_ACCESS_PARKING },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, s) == 0)
			return t[i].id;
	return 0;
}

static int
lang_label(const char *s)
{
	static const struct { const char *k; int id; } t[] = {
		{ "en", MSG_POINTS_LANG_EN }, { "fr", MSG_POINTS_LANG_FR }, { "cr", MSG_POINTS_LANG_CR },
		{ "oj", MSG_POINTS_LANG_OJ }, { "moh", MSG_POINTS_LANG_MOH }, { "iu", MSG_POINTS_LANG_IU },
		{ "oka", MSG_POINTS_LANG_OKA },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, s) == 0)
			return t[i].id;
	return 0;
}

/* "Monday, March 9, 2026" / "lundi 9 mars 2026". */
static const char *
day_words(struct arena *a, enum lang lang, int32_t day)
{
	static const int names[] = { MSG_POINTS_WEEKDAY_0, MSG_POINTS_WEEKDAY_1, MSG_POINTS_WEEKDAY_2,
		MSG_POINTS_WEEKDAY_3, MSG_POINTS_WEEKDAY_4, MSG_POINTS_WEEKDAY_5, MSG_POINTS_WEEKDAY_6 };
	return MSGF(a, lang, MSG_POINTS_DAY_DATE, msg_get(lang, names[date_weekday(day)]),
	    fmt_date_long(a, lang, day));
}

static void
summary_row(struct html *h, int label, const char *value)
{
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(label), HS(value));
}

/* A list of words from a JSON array of ids; an unknown id is shown as is. */
static void
word_list(struct page *pg, json_t *arr, int (*label)(const char *), int none)
{
	struct html *h = &pg->h;
	if (json_array_size(arr) == 0) {
		HF(h, "<p>{}</p>", HM(none));
		return;
	}
	H(h, "<ul class=\"ontario-list\">");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *id = json_string_value(v);
		int m = id ? label(id) : 0;
		if (m)
			HF(h, "<li>{}</li>", HM(m));
		else
			HF(h, "<li>{}</li>", HS(id));
	}
	H(h, "</ul>");
}

/* Languages by name; English and French also in their own language, marked as such. */
static void
lang_list(struct page *pg, json_t *arr)
{
	struct html *h = &pg->h;
	if (json_array_size(arr) == 0)
		return;
	H(h, "<ul class=\"ontario-list\">");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *id = json_string_value(v);
		int m = id ? lang_label(id) : 0;
		if (m == 0) {
			HF(h, "<li>{}</li>", HS(id));
		} else if (strcmp(id, "fr") == 0 && pg->lang == LANG_EN) {
			HF(h, "<li>{} (<span lang=\"fr\">{}</span>)</li>", HM(m),
			    HS(msg_get(LANG_FR, MSG_POINTS_LANG_FR)));
		} else if (strcmp(id, "en") == 0 && pg->lang == LANG_FR) {
			HF(h, "<li>{} (<span lang=\"en\">{}</span>)</li>", HM(m),
			    HS(msg_get(LANG_EN, MSG_POINTS_LANG_EN)));
		} else {
			HF(h, "<li>{}</li>", HM(m));
		}
	}
	H(h, "</ul>");
}

static void
address_block(struct page *pg, json_t *p)
{
	struct html *h = &pg->h;
	const char *addr = jstr(p, "address"), *muni = jstr(p, "municipality"),
	    *pc = jstr(p, "postal_code"), *phone = jstr(p, "phone"), *email = jstr(p, "email");
	H(h, "<dl class=\"pl-summary-list\">");
	if (addr || muni) {
		HF(h, "<div><dt>{}</dt><dd><address>", HM(MSG_POINTS_ADDRESS));
		if (addr)
			HF(h, "{}<br>", HS(addr));
		HF(h, "{}", HS(muni ? muni : ""));
		if (pc)
			HF(h, " {}", HS(pc));
		H(h, "</address></dd></div>");
	} else {
		summary_row(h, MSG_POINTS_ADDRESS, msg_get(pg->lang, MSG_POINTS_NO_ADDRESS));
	}
	if (phone && strlen(phone) == 10) {
		const char *shown = arena_printf(&pg->r->arena, "%.3s-%.3s-%.4s", phone, phone + 3, phone + 6);
		HF(h, "<div><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></div>", HM(MSG_POINTS_PHONE),
		    HS(arena_printf(&pg->r->arena, "tel:+1%s", phone)), HS(shown));
	}
	if (email)
		HF(h, "<div><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></div>", HM(MSG_POINTS_EMAIL),
		    HS(arena_printf(&pg->r->arena, "mailto:%s", email)), HS(email));
	json_t *cap = json_object_get(p, "capacity_per_week");
	if (json_is_integer(cap))
		summary_row(h, MSG_POINTS_CAPACITY, MSGF(&pg->r->arena, pg->lang, MSG_POINTS_CAPACITY_VALUE,
		    fmt_int(&pg->r->arena, pg->lang, json_integer_value(cap))));
	H(h, "</dl>");
}

static void
hours_section(struct page *pg, struct point_view *pv)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_HOURS_TITLE));
	if (json_array_size(json_object_get(pv->p, "hours")) == 0) {
		HF(h, "<p>{}</p>", HM(strcmp(jstr(pv->p, "kind"), "outreach_site") == 0 ?
		    MSG_POINTS_HOURS_VISITS_ONLY : MSG_POINTS_HOURS_NONE));
		return;
	}
	HF(h, "<p>{} {} <span class=\"pl-status pl-status--{}\">{}</span></p>",
	    HM(MSG_POINTS_TODAY), HS(pv->today_text), HS(pv->open_now ? "ok" : "breached"),
	    HM(pv->open_now ? MSG_POINTS_OPEN_NOW : MSG_POINTS_CLOSED_NOW));
	HF(h, "<table class=\"ontario-table\"><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_POINTS_WEEK_CAPTION), HM(MSG_POINTS_COL_DAY), HM(MSG_POINTS_COL_HOURS));
	for (int i = 0; i < WEEK; i++)
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
		    HS(day_words(a, pg->lang, pv->days[i])), HS(pv->week[i]));
	H(h, "</tbody></table>");
}

static void
visits_section(struct page *pg, struct point_view *pv)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	json_t *sched = json_object_get(pv->p, "outreach");
	if (json_array_size(sched) == 0)
		return;
	HF(h, "<h2 id=\"visits\">{}</h2>", HM(MSG_POINTS_VISITS_TITLE));
	json_t *host = json_object_get(json_array_get(sched, 0), "host");
	if (json_is_object(host)) {
		int64_t hid = json_integer_value(json_object_get(host, "id"));
		HF(h, "<p>{} <a href=\"{}\">{}</a></p>", HM(MSG_POINTS_SERVED_FROM),
		    HS(web_urlf(r, "/points/%" PRId64, hid)),
		    HS(jstr(host, pg->lang == LANG_FR ? "name_fr" : "name_en")));
	}
	/* Each schedule in words ("Every 2nd Tuesday of the month, 10:00 a.m. to 2:00 p.m."). */
	H(h, "<ul class=\"ontario-list\">");
	size_t si;
	json_t *s;
	json_array_foreach(sched, si, s) {
		HF(h, "<li>{}", HS(rrule_words(a, pg->lang, jstr(s, "rrule"), jstr(s, "dtstart"),
		    (int)json_integer_value(json_object_get(s, "duration_min")))));
		const char *note = jstr(s, "note");
		if (note)
			HF(h, "<br>{}", HS(note));
		H(h, "</li>");
	}
	H(h, "</ul>");
	if (pv->nvisits == 0) {
		HF(h, "<p>{}</p>", HM(MSG_POINTS_NO_VISITS));
	} else {
		HF(h, "<table class=\"ontario-table\"><caption>{}</caption><thead><tr>"
		    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
		    HM(MSG_POINTS_VISITS_CAPTION), HM(MSG_POINTS_COL_DATE), HM(MSG_POINTS_COL_TIME));
		for (int i = 0; i < pv->nvisits; i++) {
			const struct outreach_visit *v = &pv->visits[i];
			const char *when = MSGF(a, pg->lang, MSG_POINTS_HOURS_PERIOD,
			    fmt_time(a, pg->lang, v->start_us), fmt_time(a, pg->lang, v->end_us));
			HF(h, "<tr><th scope=\"row\">{}</th><td>{}", HS(day_words(a, pg->lang,
			    date_of_us_local(v->start_us))), HS(when));
			if (v->moved)
				HF(h, " <span class=\"pl-status pl-status--soon\">{}</span>",
				    HS(MSGF(a, pg->lang, MSG_POINTS_MOVED_FROM,
				    fmt_date_long(a, pg->lang, v->original_day))));
			H(h, "</td></tr>");
		}
		H(h, "</tbody></table>");
	}
	HF(h, "<p><a class=\"ontario-button ontario-button--secondary\" href=\"{}\">{}</a></p>",
	    HS(arena_printf(a, "/api/v1/points/%" PRId64 "/calendar.ics?lang=%s", pv->id,
	    lang_code(pg->lang))), HM(MSG_POINTS_ADD_CALENDAR));
	HF(h, "<p class=\"ontario-hint\">{}</p>", HM(MSG_POINTS_CALENDAR_HINT));
}

int
p_point(struct req *r)
{
	struct point_view *pv = arena_calloc(&r->arena, 1, sizeof(*pv));
	pv->lang = r->lang;
	pv->a = &r->arena;
	pv->now = time_now_us();
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &pv->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	arena_defer(&r->arena, view_free, pv);
	enum st_rc rc = st_read(r->store, point_tx, pv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	json_t *p = pv->p;
	struct page pg;
	const char *name = jstr(p, r->lang == LANG_FR ? "name_fr" : "name_en");
	page_begin(&pg, r, name, NAV_NONE, NULL);
	struct html *h = &pg.h;
	int kind = kind_label(jstr(p, "kind"));
	if (kind)
		HF(h, "<p class=\"ontario-lead-statement\">{}</p>", HM(kind));
	if (r->who && (r->who->role == ROLE_MANAGER || r->who->role == ROLE_ADMIN))
		HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/points/%" PRId64 "/manage",
		    pv->id)), HM(MSG_POINTS_MANAGE_LINK));
	address_block(&pg, p);
	hours_section(&pg, pv);
	visits_section(&pg, pv);
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_SERVICES_TITLE));
	word_list(&pg, json_object_get(p, "services"), service_label, MSG_POINTS_NONE_LISTED);
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_LANGUAGES_TITLE));
	lang_list(&pg, json_object_get(p, "languages"));
	HF(h, "<h2>{}</h2>", HM(MSG_POINTS_ACCESS_TITLE));
	word_list(&pg, json_object_get(p, "accessibility"), access_label, MSG_POINTS_NONE_LISTED);
	page_end(&pg);
	return 0;
}
