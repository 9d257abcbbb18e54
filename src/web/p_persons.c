/* Staff pages about people: the search (name part, accents and case ignored; birth date;
 * client number) and one person's record with their training agreements. Opening a record is
 * recorded ("person.read"), so the record page runs through the writer. */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "text/text.h"
#include "text/validate.h"
#include "web/casefmt.h"
#include "web/pages.h"

#define SEARCH_PAGE 25
#define CASES_MAX 100

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* ---- search ---- */

struct search_view {
	const struct principal *who;
	struct arena *a;
	const char *q, *birth, *client_no;
	int64_t after, next;
	json_t *items;
};

static enum st_rc
search_tx(struct st_tx *tx, void *v)
{
	struct search_view *s = v;
	json_decref(s->items);
	s->items = NULL;
	return person_search(tx, s->a, s->who, s->q, s->birth, s->client_no, s->after, SEARCH_PAGE,
	    &s->items, &s->next);
}

static void
write_search_form(struct page *pg, const struct form *f)
{
	struct req *r = pg->r;
	struct html *h = &pg->h;
	/* A search changes nothing: a GET form, so results can be bookmarked and shared. */
	HF(h, "<form method=\"get\" action=\"{}\" novalidate>", HS(web_url(r, "/persons")));
	field_input(pg, &(struct field){ .id = "q", .name = "q", .label = MSG_PERSONS_Q,
	    .hint = MSG_PERSONS_Q_HINT, .value = form_get(f, "q"), .autocomplete = "off" });
	field_input(pg, &(struct field){ .id = "birth-date", .name = "birth_date",
	    .label = MSG_PERSONS_BIRTH, .hint = MSG_PERSONS_BIRTH_HINT,
	    .value = form_get(f, "birth_date"), .autocomplete = "off", .inputmode = "numeric",
	    .width = "10-char-width", .optional = true });
	field_input(pg, &(struct field){ .id = "client-number", .name = "client_number",
	    .label = MSG_PERSONS_CLIENT_NO, .hint = MSG_PERSONS_CLIENT_NO_HINT,
	    .value = form_get(f, "client_number"), .autocomplete = "off",
	    .width = "10-char-width", .optional = true });
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}"
	    "</button></form>", HM(MSG_PERSONS_SEARCH));
}

static const char *
search_url(struct req *r, struct search_view *s)
{
	struct arena *a = &r->arena;
	return web_url(r, arena_printf(a, "/persons?q=%s&birth_date=%s&client_number=%s&after=%"
	    PRId64, url_encode(a, s->q ? s->q : ""), url_encode(a, s->birth ? s->birth : ""),
	    url_encode(a, s->client_no ? s->client_no : ""), s->next));
}

static void
write_results(struct page *pg, struct search_view *s)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	enum lang lang = pg->lang;
	size_t n = json_array_size(s->items);
	HF(h, "<h2>{}</h2>", HM(MSG_PERSONS_RESULTS));
	if (n == 0) {
		HF(h, "<p data-count=\"0\">{}</p>", HM(MSG_PERSONS_NONE));
		return;
	}
	const char *count = fmt_int(a, lang, (int64_t)n);
	int more = s->next != 0 || s->after != 0;
	int cap = n == 1 ? (more ? MSG_PERSONS_COUNT_PAGE_ONE : MSG_PERSONS_COUNT_ONE) :
	    (more ? MSG_PERSONS_COUNT_PAGE_MANY : MSG_PERSONS_COUNT_MANY);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption data-count=\"{}\">{}"
	    "</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_PERSONS_RESULTS), HI(n), HS(MSGF(a, lang, cap, count)), HM(MSG_PERSONS_COL_NAME),
	    HM(MSG_PERSONS_COL_CLIENT_NO), HM(MSG_PERSONS_COL_BIRTH),
	    HM(MSG_PERSONS_COL_MUNICIPALITY));
	size_t i;
	json_t *it;
	json_array_foreach(s->items, i, it) {
		int64_t id = json_integer_value(json_object_get(it, "id"));
		HF(h, "<tr><td><a href=\"{}\">{}</a></td><td class=\"pl-nowrap\">{}</td>"
		    "<td class=\"pl-nowrap\">{}</td><td>{}</td></tr>",
		    HS(web_urlf(r, "/persons/%" PRId64, id)),
		    HS(casefmt_name(a, jstr(it, "given_name"), jstr(it, "family_name"))),
		    HS(jstr(it, "client_number")), HS(jstr(it, "birth_date")),
		    HS(jstr(it, "municipality")));
	}
	H(h, "</tbody></table></div></div>");
	if (s->next != 0)
		HF(h, "<p><a href=\"{}\" rel=\"next\">{}</a></p>", HS(search_url(r, s)),
		    HM(MSG_FRAME_NEXT_PAGE));
}

int
p_persons(struct req *r)
{
	struct form f;
	const char *qs = req_raw_query(r);
	if (form_parse(&f, &r->arena, qs, strlen(qs)) != 0) {
		web_message_page(r, 400, MSG_ERRPAGE_BAD_FORM_TITLE, MSG_ERRPAGE_BAD_FORM_TEXT);
		return 0;
	}
	struct search_view *s = arena_calloc(&r->arena, 1, sizeof(*s));
	s->who = r->who;
	s->a = &r->arena;
	s->q = form_get(&f, "q");
	s->birth = form_get(&f, "birth_date");
	s->client_no = form_get(&f, "client_number");
	const char *after = form_get(&f, "after");
	if (after != NULL && *after != '\0' && parse_i64(after, 0, INT64_MAX, &s->after) != 0)
		s->after = 0;
	/* The form was sent when any of its fields is in the query. */
	int asked = s->q != NULL || s->birth != NULL || s->client_no != NULL;
	if (s->birth != NULL && *s->birth != '\0') {
		int32_t d;
		if (date_parse(s->birth, &d) != 0)
			form_error(&f, "birth-date", msg_get(r->lang, MSG_PERSONS_BIRTH_INVALID));
	}
	if (s->client_no != NULL && *s->client_no != '\0') {
		char *cn = arena_strdup(&r->arena, s->client_no);
		if (cn[0] == 'c')
			cn[0] = 'C';
		if (!client_number_valid(cn))
			form_error(&f, "client-number", msg_get(r->lang, MSG_PERSONS_CLIENT_NO_INVALID));
		s->client_no = cn;
	}
	int has_q = s->q != NULL && text_search_pattern(&r->arena, s->q)[0] != '\0';
	if (asked && f.nerr == 0 && !has_q && (s->birth == NULL || !*s->birth) &&
	    (s->client_no == NULL || !*s->client_no))
		form_error(&f, "q", msg_get(r->lang, MSG_PERSONS_NOTHING));
	int search = asked && f.nerr == 0;
	if (search) {
		if (s->birth != NULL && *s->birth == '\0')
			s->birth = NULL;
		if (s->client_no != NULL && *s->client_no == '\0')
			s->client_no = NULL;
		enum st_rc rc = st_read(r->store, search_tx, s);
		if (rc != ST_OK) {
			json_decref(s->items);
			web_reply_failure(r, rc);
			return 0;
		}
	}
	struct page pg;
	page_begin(&pg, r, msg_get(r->lang, MSG_PERSONS_TITLE), NAV_PERSONS, &f);
	HF(&pg.h, "<p>{}</p>", HM(MSG_PERSONS_LEAD));
	write_search_form(&pg, &f);
	if (search)
		write_results(&pg, s);
	page_end(&pg);
	json_decref(s->items);
	return 0;
}

/* ---- one person ---- */

struct person_view {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	int64_t id;
	json_t *person;
	json_t *cases;
	json_t *regions;
	int64_t more;
};

static void
person_view_clear(struct person_view *pv)
{
	json_decref(pv->person);
	json_decref(pv->cases);
	json_decref(pv->regions);
	pv->person = pv->cases = pv->regions = NULL;
}

/* Writer: the read of the record is itself recorded. */
static enum st_rc
person_tx(struct st_tx *tx, void *v)
{
	struct person_view *pv = v;
	json_decref(pv->person);
	pv->person = NULL;
	return person_get(tx, pv->a, pv->who, pv->id, &pv->person);
}

/* Reader: the agreements of the person the caller may see, and region names. */
static enum st_rc
person_cases_tx(struct st_tx *tx, void *v)
{
	struct person_view *pv = v;
	json_decref(pv->cases);
	json_decref(pv->regions);
	pv->cases = pv->regions = NULL;
	struct case_filter f = { .program = "apprenticeship", .person_id = pv->id,
		.limit = CASES_MAX };
	enum st_rc rc = case_list(tx, pv->a, pv->who, &f, pv->lang, &pv->cases, &pv->more);
	if (rc == ST_OK)
		rc = region_list(tx, &pv->regions);
	return rc;
}

static void
row(struct html *h, int label, const char *value, enum lang lang)
{
	if (value == NULL || *value == '\0')
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(label),
		    HS(msg_get(lang, MSG_PERSONS_NOT_GIVEN)));
	else
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(label), HS(value));
}

static void
write_person(struct page *pg, struct person_view *pv)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	enum lang lang = pg->lang;
	json_t *p = pv->person;
	const char *lng = jstr(p, "language");
	const char *region = NULL;
	json_t *rid = json_object_get(p, "region_id");
	size_t i;
	json_t *reg;
	json_array_foreach(pv->regions, i, reg)
		if (json_is_integer(rid) && json_integer_value(json_object_get(reg, "id")) ==
		    json_integer_value(rid))
			region = jstr(reg, lang == LANG_FR ? "name_fr" : "name_en");
	H(h, "<dl class=\"pl-summary-list\">");
	row(h, MSG_PERSONS_COL_CLIENT_NO, jstr(p, "client_number"), lang);
	row(h, MSG_PERSONS_COL_BIRTH, fmt_date_text_long(a, lang, jstr(p, "birth_date")), lang);
	row(h, MSG_PERSONS_LANGUAGE, lng && strcmp(lng, "fr") == 0 ?
	    msg_get(lang, MSG_CASE_LANG_FR) : msg_get(lang, MSG_CASE_LANG_EN), lang);
	row(h, MSG_PERSONS_EMAIL, jstr(p, "email"), lang);
	row(h, MSG_PERSONS_PHONE, jstr(p, "phone"), lang);
	row(h, MSG_PERSONS_POSTAL, jstr(p, "postal_code"), lang);
	row(h, MSG_PERSONS_COL_MUNICIPALITY, jstr(p, "municipality"), lang);
	row(h, MSG_PERSONS_REGION, region, lang);
	/* Only ever the mask the domain gives ("*** *** 123"). */
	if (jstr(p, "sin") != NULL)
		row(h, MSG_PERSONS_SIN, jstr(p, "sin"), lang);
	H(h, "</dl>");
}

static void
write_person_cases(struct page *pg, struct person_view *pv, const char *name)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	enum lang lang = pg->lang;
	size_t n = json_array_size(pv->cases);
	HF(h, "<h2>{}</h2>", HM(MSG_PERSONS_CASES_TITLE));
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_PERSONS_CASES_NONE));
		return;
	}
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_PERSONS_CASES_TITLE), HS(MSGF(a, lang, MSG_PERSONS_CASES_CAPTION, name)),
	    HM(MSG_PERSONS_COL_CASE), HM(MSG_QUEUE_COL_TRADE), HM(MSG_QUEUE_COL_STATE),
	    HM(MSG_QUEUE_COL_SPONSOR), HM(MSG_PERSONS_COL_OPENED));
	size_t i;
	json_t *c;
	json_array_foreach(pv->cases, i, c) {
		int64_t id = json_integer_value(json_object_get(c, "id"));
		const char *opened = jstr(c, "opened_at");
		int64_t us;
		HF(h, "<tr><td class=\"pl-nowrap\"><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>"
		    "<td>{}</td><td>{}</td></tr>", HS(web_urlf(r, "/cases/%" PRId64, id)),
		    HS(casefmt_case_ref(a, lang, jstr(c, "registration_number"), id)),
		    HS(casefmt_trade_name(jstr(c, "trade_code"), lang)), HS(jstr(c, "state_label")),
		    HS(jstr(json_object_get(c, "sponsor"), "name")),
		    HS(opened && casefmt_time_us(opened, &us) == 0 ?
		    fmt_date_long(a, lang, date_of_us_local(us)) : ""));
	}
	H(h, "</tbody></table></div></div>");
	if (pv->more)
		HF(h, "<p>{}</p>", HS(MSGF(a, lang, MSG_PERSONS_CASES_MORE,
		    fmt_int(a, lang, CASES_MAX))));
}

static void
person_reply(struct req *r, void *v, enum st_rc rc)
{
	struct person_view *pv = v;
	if (rc == ST_OK)
		rc = st_read(r->store, person_cases_tx, pv);
	if (rc != ST_OK || pv->person == NULL) {
		person_view_clear(pv);
		web_reply_failure(r, rc != ST_OK ? rc : ST_NOTFOUND);
		return;
	}
	struct arena *a = &r->arena;
	const char *name = casefmt_name(a, jstr(pv->person, "given_name"),
	    jstr(pv->person, "family_name"));
	struct page pg;
	page_begin(&pg, r, name, NAV_PERSONS, NULL);
	struct html *h = &pg.h;
	HF(h, "<div class=\"ontario-alert ontario-alert--informational\"><div "
	    "class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title ontario-h4\">"
	    "{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
	    HM(MSG_PERSONS_PRIVACY_TITLE), HM(MSG_PERSONS_PRIVACY));
	write_person(&pg, pv);
	write_person_cases(&pg, pv, name);
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/persons")), HM(MSG_PERSONS_BACK));
	page_end(&pg);
	person_view_clear(pv);
}

int
p_person(struct req *r)
{
	struct person_view *pv = arena_calloc(&r->arena, 1, sizeof(*pv));
	pv->who = r->who;
	pv->a = &r->arena;
	pv->lang = r->lang;
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &pv->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	return req_write(r, person_tx, pv, person_reply);
}
