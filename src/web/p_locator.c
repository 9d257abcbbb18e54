/* The find-a-service page (public, /LANG/find-a-service): a GET form (where: a municipality
 * or a postal code; service; language of service), then the nearest points of service as an
 * ordered list with distance, hours today, next outreach visits and an "Add to calendar"
 * link, the services available online or by phone, and the supports of other governments
 * that apply in the place's region. Works without JavaScript. */
#include <string.h>

#include "core/timeutil.h"
#include "domain/locator.h"
#include "domain/supports.h"
#include "text/text.h"
#include "web/pages.h"
#include "web/web.h"

static const char *const languages[] = { "en", "fr", "oj", "cr", "iu", "moh", NULL };
static const int language_msgs[] = { MSG_LOCATOR_LANG_EN, MSG_LOCATOR_LANG_FR,
	MSG_LOCATOR_LANG_OJ, MSG_LOCATOR_LANG_CR, MSG_LOCATOR_LANG_IU, MSG_LOCATOR_LANG_MOH };

/* A service's label; a service this page does not know yet shows its id. */
static const char *
service_label(enum lang lang, const char *s)
{
	static const struct {
		const char *id;
		int msg;
	} known[] = {
		{ "apprenticeship", MSG_LOCATOR_SERVICE_APPRENTICESHIP },
		{ "exams", MSG_LOCATOR_SERVICE_EXAMS },
		{ "information", MSG_LOCATOR_SERVICE_INFORMATION },
		{ "employment", MSG_LOCATOR_SERVICE_EMPLOYMENT },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].id, s) == 0)
			return msg_get(lang, known[i].msg);
	return s;
}

static const char *
in_list(const char *const *list, const char *v)
{
	for (size_t i = 0; v != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0)
			return list[i];
	return NULL;
}

struct find_ctx {
	struct arena *a;
	enum lang lang;
	struct locator_query q;
	json_t *out;
	enum locator_fail fail;
};

static enum st_rc
find_tx(struct st_tx *tx, void *v)
{
	struct find_ctx *c = v;
	json_decref(c->out);
	c->out = NULL;
	c->fail = LOC_OK;
	return locator_find(tx, c->a, &c->q, c->lang, time_now_us(), &c->out, &c->fail);
}

static const char *
jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
point_name(struct req *r, json_t *it)
{
	return jstr(it, r->lang == LANG_FR ? "name_fr" : "name_en");
}

/* "March 3, 2026, 10:00 to 14:00" from two RFC 3339 UTC texts. */
static const char *
visit_words(struct req *r, json_t *v)
{
	int64_t s = 0, e = 0;
	const char *t[2] = { jstr(v, "start"), jstr(v, "end") };
	int64_t *out[2] = { &s, &e };
	for (int i = 0; i < 2; i++) {
		int y, mo, d, hh, mm, ss;
		if (t[i] == NULL || sscanf(t[i], "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &hh, &mm, &ss) != 6)
			return "";
		*out[i] = ((int64_t)date_from_ymd(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss) *
		    INT64_C(1000000);
	}
	return MSGF(&r->arena, r->lang, MSG_LOCATOR_VISIT, fmt_date_long(&r->arena, r->lang,
	    date_of_us_local(s)), fmt_time(&r->arena, r->lang, s), fmt_time(&r->arena, r->lang, e));
}

static void
render_point(struct page *p, json_t *it, bool with_distance)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	json_int_t id = json_integer_value(json_object_get(it, "id"));
	const char *name = point_name(r, it);
	H(h, "<li class=\"pl-result\">");
	HF(h, "<h3 class=\"ontario-h4\"><a href=\"{}\">{}</a></h3>",
	    HS(web_urlf(r, "/points/%lld", (long long)id)), HS(name));
	if (with_distance) {
		double km = json_number_value(json_object_get(it, "distance_km"));
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_DISTANCE,
		    fmt_decimal(&r->arena, r->lang, km, 1))));
	}
	HF(h, "<p>{}", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_HOURS_TODAY,
	    jstr(it, "hours_today"))));
	if (json_is_true(json_object_get(it, "open_now")))
		HF(h, " <span class=\"pl-status pl-status--ok\">{}</span>", HM(MSG_LOCATOR_OPEN_NOW));
	H(h, "</p>");
	json_t *visits = json_object_get(it, "next_visits");
	if (json_array_size(visits) > 0) {
		HF(h, "<p>{}</p><ul>", HM(MSG_LOCATOR_VISITS));
		size_t i;
		json_t *v;
		json_array_foreach(visits, i, v)
			HF(h, "<li>{}</li>", HS(visit_words(r, v)));
		H(h, "</ul>");
		/* the point's iCalendar feed: its visits in the person's calendar application */
		HF(h, "<p><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></p>",
		    HS(jstr(it, "calendar_url")), HM(MSG_LOCATOR_CALENDAR),
		    HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_CALENDAR_FOR, name)));
	} else
		HF(h, "<p>{}</p>", HM(MSG_LOCATOR_NO_VISITS));
	H(h, "</li>");
}

/* The supports search: a GET form of its own that keeps the locator's answers, so a visitor
 * can look for "loan" or « prêt » among the supports that apply to their place. */
static void
supports_form(struct page *p, const char *q)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	HF(h, "<form method=\"get\" action=\"{}\" role=\"search\" aria-label=\"{}\" "
	    "class=\"pl-filters\">", HS(web_url(r, "/find-a-service")),
	    HM(MSG_LOCATOR_SUPPORTS_SEARCH));
	static const char *const keep[] = { "where", "service", "language" };
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const char *v = req_query(r, keep[i]);
		if (v != NULL && v[0] != '\0')
			HF(h, "<input type=\"hidden\" name=\"{}\" value=\"{}\">", HS(keep[i]), HS(v));
	}
	field_input(p, &(struct field){ .id = "supports-q", .name = "supports_q",
	    .label = MSG_LOCATOR_SUPPORTS_SEARCH, .hint = MSG_LOCATOR_SUPPORTS_SEARCH_HINT,
	    .value = q, .type = "search", .width = "20-char-width" });
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
	    "</button></form>", HM(MSG_LOCATOR_SUPPORTS_SEARCH_BUTTON));
}

static void
render_supports(struct page *p, json_t *region)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	const char *codes[2];
	size_t nc = 0;
	if (json_is_object(region)) {
		codes[nc++] = jstr(region, "code");
		if (jstr(region, "parent_code") != NULL)
			codes[nc++] = jstr(region, "parent_code");
	}
	size_t n;
	supports_all(&n);
	const struct support **s = arena_calloc(&r->arena, n, sizeof(*s));
	const char *q = req_query(r, "supports_q");
	if (q != NULL && (strlen(q) > 200 || !text_utf8_valid(q, strlen(q))))
		q = NULL;   /* cannot be a support's words: ignored */
	if (q != NULL)
		q = text_trim(&r->arena, q);
	size_t m = supports_search(q, codes, nc, s, n);
	HF(h, "<h2 id=\"supports\">{}</h2>", HM(MSG_LOCATOR_SUPPORTS_TITLE));
	if (nc > 0)
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_SUPPORTS_INTRO_REGION,
		    jstr(region, r->lang == LANG_FR ? "name_fr" : "name_en"))));
	else
		HF(h, "<p>{}</p>", HM(MSG_LOCATOR_SUPPORTS_INTRO));
	supports_form(p, q);
	if (q != NULL && q[0] != '\0')
		HF(h, "<p data-count=\"{}\">{}</p>", HI(m), HS(m == 0 ?
		    MSGF(&r->arena, r->lang, MSG_LOCATOR_SUPPORTS_NONE, q) :
		    MSGF(&r->arena, r->lang, MSG_LOCATOR_SUPPORTS_FOUND,
		    fmt_int(&r->arena, r->lang, (int64_t)m), q)));
	static const int level_msgs[] = { MSG_LOCATOR_SUPPORT_LEVEL_FEDERAL,
		MSG_LOCATOR_SUPPORT_LEVEL_PROVINCIAL, MSG_LOCATOR_SUPPORT_LEVEL_MUNICIPAL };
	int l = r->lang == LANG_FR ? 1 : 0;
	for (int lv = 0; support_levels[lv] != NULL; lv++) {
		int any = 0;
		for (size_t i = 0; i < m; i++) {
			if (strcmp(s[i]->level, support_levels[lv]) != 0)
				continue;
			if (!any)
				HF(h, "<h3>{}</h3><ul class=\"pl-supports\">", HM(level_msgs[lv]));
			any = 1;
			HF(h, "<li><h4 class=\"ontario-h5\">{}</h4>", HS(s[i]->name[l]));
			HF(h, "<p>{}</p>", HS(s[i]->eligibility[l]));
			HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_SUPPORT_APPLY,
			    s[i]->apply[l])));
			HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_SUPPORT_OWNER,
			    s[i]->owner[l])));
			HF(h, "<p><a href=\"{}\" hreflang=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}"
			    "</span></a></p></li>", HS(s[i]->url[l]), HS(l ? "fr" : "en"),
			    HM(MSG_LOCATOR_SUPPORT_LINK), HS(MSGF(&r->arena, r->lang,
			    MSG_LOCATOR_SUPPORT_LINK_FOR, s[i]->name[l])));
		}
		if (any)
			H(h, "</ul>");
	}
}

static void
render_results(struct page *p, json_t *out)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	json_t *place = json_object_get(out, "place");
	const char *rule = jstr(place, "rule"), *fsa = jstr(place, "fsa");
	HF(h, "<h2 id=\"results\">{}</h2>", HM(MSG_LOCATOR_RESULTS_TITLE));
	if (fsa != NULL) {
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_RESULTS_NEAR_POSTAL, fsa)));
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, strcmp(rule, "fsa_points") == 0 ?
		    MSG_LOCATOR_PLACE_FSA_POINTS : MSG_LOCATOR_PLACE_FSA_ORGS, fsa)));
	} else if (jstr(place, "name") != NULL)
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_LOCATOR_RESULTS_NEAR,
		    jstr(place, "name"))));
	json_t *items = json_object_get(out, "items"), *it;
	size_t i;
	if (json_array_size(items) == 0)
		HF(h, "<p>{}</p>", HM(MSG_LOCATOR_NONE));
	else {
		H(h, "<ol class=\"pl-results\">");
		json_array_foreach(items, i, it)
			render_point(p, it, true);
		H(h, "</ol>");
	}
	HF(h, "<h2 id=\"online\">{}</h2>", HM(MSG_LOCATOR_ONLINE_TITLE));
	json_t *online = json_object_get(out, "online");
	if (json_array_size(online) == 0)
		HF(h, "<p>{}</p>", HM(MSG_LOCATOR_ONLINE_NONE));
	else {
		H(h, "<ul class=\"pl-results\">");
		json_array_foreach(online, i, it)
			render_point(p, it, false);
		H(h, "</ul>");
	}
	render_supports(p, json_object_get(place, "region"));
}

int
p_locator(struct req *r)
{
	const char *where = req_query(r, "where");
	const char *service = in_list(point_service_names, req_query(r, "service"));
	const char *language = in_list(languages, req_query(r, "language"));
	struct form f = { 0 };
	struct find_ctx c = { .a = &r->arena, .lang = r->lang };
	if (where != NULL) {
		where = text_trim(&r->arena, where);
		if (where == NULL || where[0] == '\0')
			form_error(&f, "where", msg_get(r->lang, MSG_LOCATOR_ERR_WHERE_EMPTY));
		else if (text_utf8_len(where, strlen(where)) > 100)
			form_error(&f, "where", msg_get(r->lang, MSG_LOCATOR_ERR_WHERE_LONG));
	}
	if (where != NULL && f.nerr == 0) {
		char pc[8];
		if (locator_postal_normalise(where, pc) == 0) {
			c.q.from = LOC_FROM_POSTAL;
			c.q.place = arena_strdup(&r->arena, pc);
		} else {
			c.q.from = LOC_FROM_MUNICIPALITY;
			c.q.place = where;
		}
		c.q.service = service;
		c.q.lang = language;
		c.q.limit = LOCATOR_DEFAULT_LIMIT;
		enum st_rc rc = st_read(r->store, find_tx, &c);
		if (rc != ST_OK) {
			json_decref(c.out);
			web_reply_failure(r, rc);
			return 0;
		}
		if (c.fail == LOC_PLACE_UNKNOWN)
			form_error(&f, "where", MSGF(&r->arena, r->lang, MSG_LOCATOR_ERR_PLACE_UNKNOWN,
			    where));
		else if (c.fail != LOC_OK)
			form_error(&f, "where", msg_get(r->lang, MSG_LOCATOR_ERR_POSTAL_UNPLACED));
	}

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_LOCATOR_TITLE), NAV_LOCATOR, &f);
	struct html *h = &p.h;
	HF(h, "<p>{}</p>", HM(MSG_LOCATOR_INTRO));
	HF(h, "<form method=\"get\" action=\"{}\" role=\"search\" class=\"pl-filters\">",
	    HS(web_url(r, "/find-a-service")));
	field_input(&p, &(struct field){ .id = "where", .name = "where", .label = MSG_LOCATOR_WHERE,
	    .hint = MSG_LOCATOR_WHERE_HINT, .value = where, .autocomplete = "postal-code",
	    .width = "20-char-width" });
	size_t ns = 0;
	while (point_service_names[ns] != NULL)
		ns++;
	struct option *so = arena_calloc(&r->arena, ns + 1, sizeof(*so));
	so[0] = (struct option){ "", msg_get(r->lang, MSG_LOCATOR_SERVICE_ANY) };
	for (size_t i = 0; i < ns; i++)
		so[i + 1] = (struct option){ point_service_names[i],
			service_label(r->lang, point_service_names[i]) };
	field_select(&p, &(struct field){ .id = "service", .name = "service",
	    .label = MSG_LOCATOR_SERVICE, .value = service ? service : "" }, so, ns + 1);
	struct option lo[7] = { { "", msg_get(r->lang, MSG_LOCATOR_LANGUAGE_ANY) } };
	for (size_t i = 0; languages[i] != NULL; i++)
		lo[i + 1] = (struct option){ languages[i], msg_get(r->lang, language_msgs[i]) };
	field_select(&p, &(struct field){ .id = "language", .name = "language",
	    .label = MSG_LOCATOR_LANGUAGE, .value = language ? language : "" }, lo, 7);
	form_button(&p, MSG_LOCATOR_SUBMIT);
	H(h, "</form>");
	HF(h, "<p class=\"ontario-hint\">{}</p>", HM(MSG_LOCATOR_POSTAL_RULE));
	if (c.out != NULL && f.nerr == 0)
		render_results(&p, c.out);
	else
		render_supports(&p, NULL);
	json_decref(c.out);
	page_end(&p);
	return 0;
}
