/* Client segments (5): /LANG/segments (the list and a create form: the rules as plain
 * fields) and /LANG/segments/{id} (the report: size, and service use by month with counts
 * 1-9 shown as "<10" and complementary suppression, explained in a note). Managers and
 * administrators. */
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/persons.h"
#include "domain/program.h"
#include "domain/segments.h"
#include "web/pages.h"

/* Labels of person_self_id_keys, in the same order. */
static const int group_msg[] = { MSG_SEGMENTS_G_WOMAN, MSG_SEGMENTS_G_INDIGENOUS,
	MSG_SEGMENTS_G_RACIALIZED, MSG_SEGMENTS_G_DISABILITY, MSG_SEGMENTS_G_NEWCOMER,
	MSG_SEGMENTS_G_FRANCOPHONE, MSG_SEGMENTS_G_ARMED_FORCES, MSG_SEGMENTS_G_SOCIAL_ASSISTANCE };
#define NGROUPS (sizeof(group_msg) / sizeof(group_msg[0]))
/* Labels of segment_age_bands, in the same order. */
static const int band_msg[] = { MSG_SEGMENTS_AGE_15, MSG_SEGMENTS_AGE_25, MSG_SEGMENTS_AGE_35,
	MSG_SEGMENTS_AGE_55 };
#define NBANDS (sizeof(band_msg) / sizeof(band_msg[0]))

struct seg_view {
	json_t *segments;   /* {"items": [...]} */
	json_t *regions;    /* {"items": [...]} */
};

static enum st_rc
view_tx(struct st_tx *tx, void *v)
{
	struct seg_view *c = v;
	json_decref(c->segments);
	json_decref(c->regions);
	c->segments = c->regions = NULL;
	enum st_rc rc = segments_list(tx, LANG_EN, &c->segments);
	if (rc == ST_OK)
		rc = segment_regions(tx, LANG_EN, &c->regions);
	return rc;
}

static void
view_free(void *v)
{
	struct seg_view *c = v;
	json_decref(c->segments);
	json_decref(c->regions);
}

/* Loads the list and the regions (freed with the request). -1: the failure page is sent. */
static int
view_load(struct req *r, struct seg_view **out)
{
	struct seg_view *c = arena_calloc(&r->arena, 1, sizeof(*c));
	enum st_rc rc = st_read(r->store, view_tx, c);
	arena_defer(&r->arena, view_free, c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	*out = c;
	return 0;
}

static const char *
region_name(struct req *r, const json_t *regions, int64_t id)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(regions, "items"), i, o) {
		if (json_integer_value(json_object_get(o, "id")) == id)
			return json_string_value(json_object_get(o, r->lang == LANG_FR ? "name_fr" :
			    "name_en"));
	}
	return "";
}

/* The rules in words, one list item each. */
static void
rules_list(struct req *r, struct html *h, const json_t *rules, const json_t *regions)
{
	struct arena *a = &r->arena;
	const char *s;
	json_t *v;
	if (json_object_size(rules) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_SEGMENTS_NO_RULES));
		return;
	}
	H(h, "<ul class=\"ontario-list\">");
	if ((s = json_string_value(json_object_get(rules, "age_band"))) != NULL)
		for (size_t i = 0; i < NBANDS; i++)
			if (strcmp(s, segment_age_bands[i]) == 0)
				HF(h, "<li>{}</li>", HS(MSGF(a, r->lang, MSG_SEGMENTS_RULE_AGE,
				    msg_get(r->lang, band_msg[i]))));
	if ((v = json_object_get(rules, "region_id")) != NULL)
		HF(h, "<li>{}</li>", HS(MSGF(a, r->lang, MSG_SEGMENTS_RULE_REGION,
		    region_name(r, regions, json_integer_value(v)))));
	if ((s = json_string_value(json_object_get(rules, "lang"))) != NULL)
		HF(h, "<li>{}</li>", HS(MSGF(a, r->lang, MSG_SEGMENTS_RULE_LANG,
		    msg_get(r->lang, strcmp(s, "fr") == 0 ? MSG_SEGMENTS_LANG_FR : MSG_SEGMENTS_LANG_EN))));
	if ((v = json_object_get(rules, "groups")) != NULL && json_array_size(v) > 0) {
		const char *list = "";
		size_t i;
		json_t *g;
		json_array_foreach(v, i, g) {
			for (size_t k = 0; k < NGROUPS; k++)
				if (strcmp(json_string_value(g), person_self_id_keys[k]) == 0)
					list = arena_printf(a, "%s%s%s", list, *list ? ", " : "",
					    msg_get(r->lang, group_msg[k]));
		}
		HF(h, "<li>{}</li>", HS(MSGF(a, r->lang, MSG_SEGMENTS_RULE_GROUPS, list)));
	}
	if ((s = json_string_value(json_object_get(rules, "program"))) != NULL) {
		const struct program *p = program_get(s);
		HF(h, "<li>{}</li>", HS(MSGF(a, r->lang, MSG_SEGMENTS_RULE_PROGRAM,
		    p ? i18n_pick(&p->label, r->lang) : s)));
	}
	H(h, "</ul>");
}

static void
list_table(struct req *r, struct html *h, const struct seg_view *v)
{
	json_t *items = json_object_get(v->segments, "items"), *o;
	size_t i;
	if (json_array_size(items) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_SEGMENTS_NONE));
		return;
	}
	/* A wide table scrolls in its own focusable region, not the page (320 px reflow). */
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\">", HM(MSG_SEGMENTS_LIST_CAPTION));
	HF(h, "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}"
	    "</th><th scope=\"col\">{}</th></tr></thead><tbody>", HM(MSG_SEGMENTS_LIST_CAPTION),
	    HM(MSG_SEGMENTS_COL_NAME), HM(MSG_SEGMENTS_COL_RULES), HM(MSG_SEGMENTS_COL_CREATED));
	json_array_foreach(items, i, o) {
		const char *name = json_string_value(json_object_get(o, r->lang == LANG_FR ? "name_fr" :
		    "name_en"));
		const char *at = json_string_value(json_object_get(o, "created_at"));
		char day[11] = "";
		if (at != NULL && strlen(at) >= 10)
			memcpy(day, at, 10);
		HF(h, "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>", HS(web_urlf(r,
		    "/segments/%lld", (long long)json_integer_value(json_object_get(o, "id")))),
		    HS(name));
		rules_list(r, h, json_object_get(o, "rules"), v->regions);
		HF(h, "</td><td>{}</td></tr>", HS(day));
	}
	H(h, "</tbody></table></div></div>");
}

/* The self-identified groups as checkboxes (fields.c has no checkbox group); errors are
 * filed under "groups-1", the first box. */
static void
groups_field(struct page *p, const struct form *f)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	const char *err = form_error_text(p->form, "groups-1");
	HF(h, "<div class=\"ontario-form-group\"><fieldset class=\"ontario-fieldset\" "
	    "aria-describedby=\"groups-hint{}\"><legend class=\"ontario-fieldset__legend\">{} "
	    "<span class=\"ontario-label__flag\">{}</span></legend>"
	    "<p class=\"ontario-hint\" id=\"groups-hint\">{}</p>", HS(err ? " groups-error" : ""),
	    HM(MSG_SEGMENTS_GROUPS), HM(MSG_FRAME_OPTIONAL), HM(MSG_SEGMENTS_GROUPS_HINT));
	if (err)
		HF(h, "<div class=\"ontario-error-messaging\" id=\"groups-error\">"
		    "<span class=\"ontario-error-messaging__content\"><span class=\"ontario-show-for-sr\">"
		    "{}</span> {}</span></div>", HM(MSG_FRAME_ERROR_PREFIX), HS(err));
	H(h, "<div class=\"ontario-checkboxes\">");
	for (size_t k = 0; k < NGROUPS; k++) {
		const char *id = arena_printf(a, "groups-%zu", k + 1);
		bool checked = false;
		for (size_t i = 0; f != NULL && i < f->n; i++)
			checked |= strcmp(f->name[i], "groups") == 0 &&
			    strcmp(f->value[i], person_self_id_keys[k]) == 0;
		HF(h, "<div class=\"ontario-checkboxes__item\"><input class=\"ontario-checkboxes__input\" "
		    "type=\"checkbox\" id=\"{}\" name=\"groups\" value=\"{}\"", HS(id),
		    HS(person_self_id_keys[k]));
		if (checked)
			H(h, " checked");
		HF(h, "><label class=\"ontario-checkboxes__label\" for=\"{}\">{}</label></div>", HS(id),
		    HM(group_msg[k]));
	}
	H(h, "</div></fieldset></div>");
}

static void
list_render(struct req *r, const struct seg_view *v, const struct form *f)
{
	struct page p;
	struct html *h = &p.h;
	struct arena *a = &r->arena;
	struct form none = { 0 };
	const struct form *kept = f != NULL ? f : &none;
	page_begin(&p, r, msg_get(r->lang, MSG_SEGMENTS_TITLE), NAV_SEGMENTS, f);
	HF(h, "<p>{}</p>", HM(MSG_SEGMENTS_INTRO));
	list_table(r, h, v);

	HF(h, "<h2>{}</h2>", HM(MSG_SEGMENTS_CREATE_TITLE));
	form_open(&p, web_url(r, "/segments"));
	field_input(&p, &(struct field){ .id = "name-en", .name = "name_en",
	    .label = MSG_SEGMENTS_NAME_EN, .value = form_get(kept, "name_en") });
	field_input(&p, &(struct field){ .id = "name-fr", .name = "name_fr",
	    .label = MSG_SEGMENTS_NAME_FR, .value = form_get(kept, "name_fr") });

	struct option bands[NBANDS + 1];
	bands[0] = (struct option){ "", msg_get(r->lang, MSG_SEGMENTS_ANY) };
	for (size_t i = 0; i < NBANDS; i++)
		bands[i + 1] = (struct option){ segment_age_bands[i], msg_get(r->lang, band_msg[i]) };
	field_select(&p, &(struct field){ .id = "age-band", .name = "age_band",
	    .label = MSG_SEGMENTS_AGE_BAND, .hint = MSG_SEGMENTS_AGE_BAND_HINT,
	    .value = form_get(kept, "age_band") }, bands, NBANDS + 1);

	json_t *regs = json_object_get(v->regions, "items"), *o;
	size_t nr = json_array_size(regs), i;
	struct option *ro = arena_calloc(a, nr + 1, sizeof(*ro));
	ro[0] = (struct option){ "", msg_get(r->lang, MSG_SEGMENTS_ANY) };
	json_array_foreach(regs, i, o) {
		ro[i + 1] = (struct option){ arena_printf(a, "%lld",
			(long long)json_integer_value(json_object_get(o, "id"))),
			json_string_value(json_object_get(o, r->lang == LANG_FR ? "name_fr" : "name_en")) };
	}
	field_select(&p, &(struct field){ .id = "region", .name = "region",
	    .label = MSG_SEGMENTS_REGION, .hint = MSG_SEGMENTS_REGION_HINT,
	    .value = form_get(kept, "region") }, ro, nr + 1);

	struct option langs[] = { { "any", msg_get(r->lang, MSG_SEGMENTS_LANG_ANY) },
		{ "en", msg_get(r->lang, MSG_SEGMENTS_LANG_EN) },
		{ "fr", msg_get(r->lang, MSG_SEGMENTS_LANG_FR) } };
	const char *lv = form_get(kept, "lang");
	field_radios(&p, &(struct field){ .id = "lang", .name = "lang", .label = MSG_SEGMENTS_LANG,
	    .value = lv ? lv : "any" }, langs, 3);

	groups_field(&p, f);

	size_t np = 0;
	while (program_at(np) != NULL)
		np++;
	struct option *po = arena_calloc(a, np + 1, sizeof(*po));
	po[0] = (struct option){ "", msg_get(r->lang, MSG_SEGMENTS_ANY) };
	for (size_t k = 0; k < np; k++) {
		const struct program *pg = program_at(k);
		po[k + 1] = (struct option){ pg->id, i18n_pick(&pg->label, r->lang) };
	}
	field_select(&p, &(struct field){ .id = "program", .name = "program",
	    .label = MSG_SEGMENTS_PROGRAM, .hint = MSG_SEGMENTS_PROGRAM_HINT,
	    .value = form_get(kept, "program") }, po, np + 1);
	form_button(&p, MSG_SEGMENTS_SUBMIT);
	form_close(&p);
	page_end(&p);
}

int
p_segments(struct req *r)
{
	struct seg_view *v;
	if (view_load(r, &v) != 0)
		return 0;
	list_render(r, v, NULL);
	return 0;
}

/* ---- creating ---- */

struct seg_post {
	const struct principal *who;
	struct seg_view *v;
	struct form f;
	const char *name_en, *name_fr;
	json_t *rules;
	int64_t now_us;
	struct dom_err err;
	json_t *out;
};

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void
post_free(void *v)
{
	struct seg_post *c = v;
	json_decref(c->rules);
	json_decref(c->out);
	json_decref(c->err.extra);
}

static void
check_name(struct req *r, struct form *f, const char *name, const char *id, int empty_msg)
{
	const char *s = form_get(f, name);
	if (form_empty(s))
		form_error(f, id, msg_get(r->lang, empty_msg));
	else if (utf8_chars(s) > SEGMENT_NAME_MAX)
		form_error(f, id, msg_get(r->lang, MSG_SEGMENTS_ERR_NAME_LONG));
}

/* Every field checked before anything is written; the rules JSON built from the fields. */
static void
post_validate(struct req *r, struct seg_post *c)
{
	struct form *f = &c->f;
	const char *s;
	int64_t id = 0;
	c->rules = json_object();
	check_name(r, f, "name_en", "name-en", MSG_SEGMENTS_ERR_NAME_EN);
	check_name(r, f, "name_fr", "name-fr", MSG_SEGMENTS_ERR_NAME_FR);
	c->name_en = form_get(f, "name_en");
	c->name_fr = form_get(f, "name_fr");
	if (!form_empty(s = form_get(f, "age_band"))) {
		bool ok = false;
		for (size_t i = 0; i < NBANDS; i++)
			ok |= strcmp(s, segment_age_bands[i]) == 0;
		if (ok)
			json_object_set_new(c->rules, "age_band", json_string(s));
		else
			form_error(f, "age-band", msg_get(r->lang, MSG_SEGMENTS_ERR_AGE));
	}
	if (!form_empty(s = form_get(f, "region"))) {
		bool ok = false;
		size_t i;
		json_t *o;
		if (parse_i64(s, 1, INT64_MAX, &id) == 0)
			json_array_foreach(json_object_get(c->v->regions, "items"), i, o)
				ok |= json_integer_value(json_object_get(o, "id")) == id;
		if (ok)
			json_object_set_new(c->rules, "region_id", json_integer(id));
		else
			form_error(f, "region", msg_get(r->lang, MSG_SEGMENTS_ERR_REGION));
	}
	s = form_get(f, "lang");
	if (s != NULL && (strcmp(s, "en") == 0 || strcmp(s, "fr") == 0))
		json_object_set_new(c->rules, "lang", json_string(s));
	else if (s != NULL && strcmp(s, "any") != 0)
		form_error(f, "lang-1", msg_get(r->lang, MSG_SEGMENTS_ERR_LANG));
	json_t *groups = json_array();
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->name[i], "groups") != 0)
			continue;
		bool ok = false;
		for (size_t k = 0; k < NGROUPS; k++)
			ok |= strcmp(f->value[i], person_self_id_keys[k]) == 0;
		if (ok)
			json_array_append_new(groups, json_string(f->value[i]));
		else if (!form_has_error(f, "groups-1"))
			form_error(f, "groups-1", msg_get(r->lang, MSG_SEGMENTS_ERR_GROUP));
	}
	if (json_array_size(groups) > 0)
		json_object_set_new(c->rules, "groups", groups);
	else
		json_decref(groups);
	if (!form_empty(s = form_get(f, "program"))) {
		if (program_get(s) != NULL)
			json_object_set_new(c->rules, "program", json_string(s));
		else
			form_error(f, "program", msg_get(r->lang, MSG_SEGMENTS_ERR_PROGRAM));
	}
}

static enum st_rc
post_tx(struct st_tx *tx, void *v)
{
	struct seg_post *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
	c->out = NULL;
	memset(&c->err, 0, sizeof(c->err));
	return segment_create(tx, c->who, c->name_en, c->name_fr, c->rules, c->now_us, &c->out,
	    &c->err);
}

static void
posted_reply(struct req *r, void *v, enum st_rc rc)
{
	struct seg_post *c = v;
	if (rc == ST_OK) {
		web_redirect(r, web_urlf(r, "/segments/%lld",
		    (long long)json_integer_value(json_object_get(c->out, "id"))));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		/* The region was removed between the form and the write, or a rule refused. */
		const char *fld = c->err.field ? c->err.field : "";
		form_error(&c->f, strcmp(fld, "rules.region_id") == 0 ? "region" : "name-en",
		    strcmp(fld, "rules.region_id") == 0 ? msg_get(r->lang, MSG_SEGMENTS_ERR_REGION) :
		    err_message(c->err.e, r->lang));
		list_render(r, c->v, &c->f);
		return;
	}
	web_reply_failure(r, rc);
}

int
p_segment_create(struct req *r)
{
	struct seg_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if (view_load(r, &c->v) != 0)
		return 0;
	arena_defer(&r->arena, post_free, c);
	c->who = r->who;
	c->now_us = time_now_us();
	post_validate(r, c);
	if (c->f.nerr > 0) {
		list_render(r, c->v, &c->f);
		return 0;
	}
	return req_write(r, post_tx, c, posted_reply);
}

/* ---- the report ---- */

struct report_view {
	int64_t id;
	enum lang lang;
	json_t *report, *regions;
	struct dom_err err;
};

static enum st_rc
report_tx(struct st_tx *tx, void *v)
{
	struct report_view *c = v;
	json_decref(c->report);
	json_decref(c->regions);
	json_decref(c->err.extra);
	c->report = c->regions = NULL;
	memset(&c->err, 0, sizeof(c->err));
	enum st_rc rc = segment_report(tx, c->id, c->lang, time_now_us(), &c->report, &c->err);
	if (rc == ST_CONFLICT && c->err.e == E_NOT_FOUND)
		return ST_NOTFOUND;
	if (rc == ST_OK)
		rc = segment_regions(tx, c->lang, &c->regions);
	return rc;
}

static void
report_free(void *v)
{
	struct report_view *c = v;
	json_decref(c->report);
	json_decref(c->regions);
	json_decref(c->err.extra);
}

/* One published count: the number, or "<10" with words for screen readers. Never the value
 * of a suppressed count: the domain does not hand it over. */
static void
count_cell(struct req *r, struct html *h, const json_t *cell)
{
	if (json_is_true(json_object_get(cell, "suppressed")))
		HF(h, "<td class=\"ontario-table-cell--numeric\">&lt;10 <span class=\"ontario-show-for-sr\">"
		    "{}</span></td>", HM(MSG_SEGMENTS_SUPPRESSED_SR));
	else
		HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td>", HS(fmt_int(&r->arena, r->lang,
		    json_integer_value(json_object_get(cell, "value")))));
}

int
p_segment(struct req *r)
{
	struct report_view *c = arena_calloc(&r->arena, 1, sizeof(*c));
	c->lang = r->lang;
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &c->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	enum st_rc rc = st_read(r->store, report_tx, c);
	arena_defer(&r->arena, report_free, c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	struct html *h = &p.h;
	const json_t *rep = c->report, *size = json_object_get(rep, "size");
	page_begin_bare(&p, r, json_string_value(json_object_get(rep, "name")), NAV_SEGMENTS, NULL);
	page_back_link(&p, web_url(r, "/segments"));
	HF(h, "<h1>{}</h1>", HS(json_string_value(json_object_get(rep, "name"))));
	HF(h, "<h2>{}</h2>", HM(MSG_SEGMENTS_RULES_TITLE));
	rules_list(r, h, json_object_get(rep, "rules"), c->regions);
	HF(h, "<h2>{}</h2>", HM(MSG_SEGMENTS_SIZE_TITLE));
	HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_SEGMENTS_SIZE,
	    json_is_true(json_object_get(size, "suppressed")) ? "<10" :
	    fmt_int(&r->arena, r->lang, json_integer_value(json_object_get(size, "value"))))));

	HF(h, "<h2>{}</h2>", HM(MSG_SEGMENTS_USE_TITLE));
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th></tr></thead><tbody>",
	    HM(MSG_SEGMENTS_USE_REGION), HM(MSG_SEGMENTS_USE_CAPTION), HM(MSG_SEGMENTS_COL_MONTH),
	    HM(MSG_SEGMENTS_COL_CONTACTS), HM(MSG_SEGMENTS_COL_CASES), HM(MSG_SEGMENTS_COL_TOTAL));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(rep, "months"), i, m) {
		HF(h, "<tr><th scope=\"row\">{}</th>", HS(json_string_value(json_object_get(m, "month"))));
		count_cell(r, h, json_object_get(m, "contacts"));
		count_cell(r, h, json_object_get(m, "cases"));
		count_cell(r, h, json_object_get(m, "total"));
		H(h, "</tr>");
	}
	const json_t *t = json_object_get(rep, "totals");
	HF(h, "</tbody><tfoot><tr><th scope=\"row\">{}</th>", HM(MSG_SEGMENTS_ROW_TOTAL));
	count_cell(r, h, json_object_get(t, "contacts"));
	count_cell(r, h, json_object_get(t, "cases"));
	count_cell(r, h, json_object_get(t, "total"));
	H(h, "</tr></tfoot></table></div></div>");
	HF(h, "<h2 id=\"suppression-note\">{}</h2><p>{}</p>", HM(MSG_SEGMENTS_NOTE_TITLE),
	    HM(MSG_SEGMENTS_NOTE));
	page_end(&p);
	return 0;
}
