/* The contact-centre dashboard (managers, administrators, advisors): a period (the last 7,
 * 30 or 90 days, or from and to dates), a point of service and a channel; then the service
 * standards — speed of answer, answered within 10 minutes, abandonment, e-mail response
 * within 2 business days, first-contact resolution — each with its standard in words, target,
 * actual and whether it is met (in words and colour), and the contacts by channel as a small
 * bar chart followed by the same numbers in a table; then the satisfaction survey's answers
 * of the period by channel, point of service and program, and (managers and administrators)
 * the comments, with their date, channel and score only. The filter is a GET form: the page
 * can be bookmarked and shared. */
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/contacts.h"
#include "domain/program.h"
#include "domain/surveys.h"
#include "web/pages.h"

static const int channel_msg[CH__COUNT] = {
	[CH_IN_PERSON] = MSG_CONTACTS_CH_IN_PERSON, [CH_PHONE] = MSG_CONTACTS_CH_PHONE,
	[CH_EMAIL] = MSG_CONTACTS_CH_EMAIL, [CH_CHAT] = MSG_CONTACTS_CH_CHAT,
	[CH_VIRTUAL] = MSG_CONTACTS_CH_VIRTUAL, [CH_OUTREACH] = MSG_CONTACTS_CH_OUTREACH,
	[CH_ASSISTED_PHONE] = MSG_CONTACTS_CH_ASSISTED_PHONE,
};
static const int measure_msg[CM__COUNT] = { MSG_CONTACTS_M_SPEED_OF_ANSWER,
	MSG_CONTACTS_M_ANSWERED_WITHIN_TARGET, MSG_CONTACTS_M_ABANDONMENT,
	MSG_CONTACTS_M_EMAIL_RESPONSE, MSG_CONTACTS_M_FIRST_CONTACT_RESOLUTION };
static const int standard_msg[CM__COUNT] = { MSG_CONTACTS_S_SPEED_OF_ANSWER,
	MSG_CONTACTS_S_ANSWERED_WITHIN_TARGET, MSG_CONTACTS_S_ABANDONMENT,
	MSG_CONTACTS_S_EMAIL_RESPONSE, MSG_CONTACTS_S_FIRST_CONTACT_RESOLUTION };

struct dash_read {
	struct arena *a;
	enum lang lang;
	int with_comments;
	struct contact_filter f;
	json_t *measures, *points, *survey;
};

static enum st_rc
dash_tx(struct st_tx *tx, void *v)
{
	struct dash_read *c = v;
	json_decref(c->measures);
	json_decref(c->points);
	json_decref(c->survey);
	c->measures = c->points = c->survey = NULL;
	enum st_rc rc = contact_points(tx, c->lang, &c->points);
	if (rc == ST_OK && c->f.from != 0)
		rc = contact_measures(tx, c->a, &c->f, c->lang, &c->measures);
	if (rc == ST_OK && c->f.from != 0)
		rc = survey_results(tx, &c->f, c->with_comments, &c->survey);
	return rc;
}

/* The filter from the query: 0, or -1 with errors in f (the page then shows only the form). */
static int
filter_read(struct req *r, struct form *f, struct contact_filter *cf, const char **period)
{
	int32_t today = date_of_us_local(time_now_us());
	const char *p = form_get(f, "period");
	if (p == NULL || (strcmp(p, "7") != 0 && strcmp(p, "90") != 0 && strcmp(p, "custom") != 0))
		p = "30";
	*period = p;
	cf->to = today;
	cf->channel = -1;
	cf->point_id = 0;
	if (strcmp(p, "custom") == 0) {
		const char *fs = form_get(f, "from"), *ts = form_get(f, "to");
		int ok = 1;
		if (fs == NULL || date_parse(fs, &cf->from) != 0) {
			form_error(f, "from", msg_get(r->lang, MSG_CONTACTS_ERR_FROM));
			ok = 0;
		}
		if (ts == NULL || date_parse(ts, &cf->to) != 0) {
			form_error(f, "to", msg_get(r->lang, MSG_CONTACTS_ERR_TO));
			ok = 0;
		}
		if (ok && (cf->from > cf->to || cf->to - cf->from + 1 > CONTACT_PERIOD_MAX_DAYS))
			form_error(f, "from", MSGF(&r->arena, r->lang, MSG_CONTACTS_ERR_RANGE,
			    fmt_int(&r->arena, r->lang, CONTACT_PERIOD_MAX_DAYS)));
	} else {
		cf->from = today - (int32_t)atoi(p) + 1;
	}
	const char *pt = form_get(f, "point");
	if (pt != NULL && *pt && strspn(pt, "0123456789") == strlen(pt) && strlen(pt) < 18)
		cf->point_id = strtoll(pt, NULL, 10);
	const char *ch = form_get(f, "channel");
	for (int i = 0; ch != NULL && contact_channels[i] != NULL; i++)
		if (strcmp(ch, contact_channels[i]) == 0)
			cf->channel = i;
	return f->nerr > 0 ? -1 : 0;
}

static void
filter_form(struct page *p, const struct form *f, const char *period, json_t *points)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	HF(h, "<h2>{}</h2><form method=\"get\" action=\"{}\" novalidate>",
	    HM(MSG_CONTACTS_FILTER_TITLE), HS(web_url(r, "/contact-centre")));
	const struct option periods[] = {
		{ "7", msg_get(r->lang, MSG_CONTACTS_PERIOD_7) },
		{ "30", msg_get(r->lang, MSG_CONTACTS_PERIOD_30) },
		{ "90", msg_get(r->lang, MSG_CONTACTS_PERIOD_90) },
		{ "custom", msg_get(r->lang, MSG_CONTACTS_PERIOD_CUSTOM) },
	};
	field_radios(p, &(struct field){ .id = "period", .name = "period", .label = MSG_CONTACTS_PERIOD,
	    .value = period }, periods, 4);
	field_input(p, &(struct field){ .id = "from", .name = "from", .label = MSG_CONTACTS_FROM,
	    .hint = MSG_CONTACTS_DATES_HINT, .value = form_get(f, "from"), .width = "10-char-width" });
	field_input(p, &(struct field){ .id = "to", .name = "to", .label = MSG_CONTACTS_TO,
	    .hint = MSG_CONTACTS_DATES_HINT, .value = form_get(f, "to"), .width = "10-char-width" });
	size_t np = json_array_size(points), k;
	struct option *po = arena_calloc(&r->arena, np + 1, sizeof(*po));
	po[0] = (struct option){ "", msg_get(r->lang, MSG_CONTACTS_POINT_ANY) };
	json_t *it;
	json_array_foreach(points, k, it)
		po[k + 1] = (struct option){ arena_printf(&r->arena, "%lld",
		    (long long)json_integer_value(json_object_get(it, "id"))),
		    arena_strdup(&r->arena, json_string_value(json_object_get(it, "name"))) };
	field_select(p, &(struct field){ .id = "point", .name = "point", .label = MSG_CONTACTS_POINT,
	    .value = form_get(f, "point") }, po, np + 1);
	struct option co[CH__COUNT + 1];
	co[0] = (struct option){ "", msg_get(r->lang, MSG_CONTACTS_CHANNEL_ANY) };
	for (int i = 0; i < CH__COUNT; i++)
		co[i + 1] = (struct option){ contact_channels[i], msg_get(r->lang, channel_msg[i]) };
	field_select(p, &(struct field){ .id = "channel", .name = "channel",
	    .label = MSG_CONTACTS_CHANNEL, .value = form_get(f, "channel") }, co, CH__COUNT + 1);
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}</button>"
	    "</form>", HM(MSG_CONTACTS_FILTER_BUTTON));
}

static int
measure_index(const char *id)
{
	for (int i = 0; contact_measure_names[i] != NULL; i++)
		if (id != NULL && strcmp(id, contact_measure_names[i]) == 0)
			return i;
	return -1;
}

static void
standards_table(struct page *p, json_t *m, const char *from, const char *to)
{
	struct req *r = p->r;
	struct arena *a = &r->arena;
	struct html *h = &p->h;
	const char *caption = MSGF(a, r->lang, MSG_CONTACTS_STANDARDS_CAPTION, from, to);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "</tr></thead><tbody>", HS(caption), HS(caption), HM(MSG_CONTACTS_COL_MEASURE),
	    HM(MSG_CONTACTS_COL_STANDARD), HM(MSG_CONTACTS_COL_TARGET), HM(MSG_CONTACTS_COL_ACTUAL),
	    HM(MSG_CONTACTS_COL_RESULT), HM(MSG_CONTACTS_COL_BASIS));
	size_t k;
	json_t *it;
	json_array_foreach(json_object_get(m, "measures"), k, it) {
		int i = measure_index(json_string_value(json_object_get(it, "id")));
		if (i < 0)
			continue;
		int64_t target = json_integer_value(json_object_get(it, "target"));
		int64_t num = json_integer_value(json_object_get(it, "numerator"));
		int64_t den = json_integer_value(json_object_get(it, "denominator"));
		json_t *actual = json_object_get(it, "actual");
		bool secs = i == CM_SPEED_OF_ANSWER;
		bool at_most = strcmp(json_string_value(json_object_get(it, "comparison")), "at_most") == 0;
		const char *std = MSGF(a, r->lang, standard_msg[i], secs ? fmt_int(a, r->lang, target / 60) :
		    fmt_int(a, r->lang, target));
		const char *tgt = secs ? MSGF(a, r->lang, MSG_CONTACTS_TARGET_SECONDS,
		    fmt_int(a, r->lang, target)) : MSGF(a, r->lang, at_most ? MSG_CONTACTS_TARGET_AT_MOST :
		    MSG_CONTACTS_TARGET_AT_LEAST, fmt_int(a, r->lang, target));
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"ontario-table-cell--numeric\">{}"
		    "</td>", HM(measure_msg[i]), HS(std), HS(tgt));
		if (json_is_null(actual) || actual == NULL) {
			HF(h, "<td class=\"ontario-table-cell--numeric\">—</td><td><span class=\"pl-status\">"
			    "{}</span></td>", HM(MSG_CONTACTS_NO_DATA));
		} else {
			double v = json_number_value(actual);
			const char *txt = secs ? MSGF(a, r->lang, MSG_CONTACTS_ACTUAL_SECONDS,
			    fmt_int(a, r->lang, (int64_t)v)) : MSGF(a, r->lang, MSG_CONTACTS_ACTUAL_PERCENT,
			    fmt_decimal(a, r->lang, v, 1));
			bool met = json_is_true(json_object_get(it, "met"));
			HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td><td><span class=\"pl-status "
			    "pl-status--{}\">{}</span></td>", HS(txt), HS(met ? "ok" : "breached"),
			    HM(met ? MSG_CONTACTS_MET : MSG_CONTACTS_NOT_MET));
		}
		const char *basis = secs ? MSGF(a, r->lang, MSG_CONTACTS_BASIS_SECONDS,
		    fmt_int(a, r->lang, den)) : MSGF(a, r->lang, MSG_CONTACTS_BASIS_RATIO,
		    fmt_int(a, r->lang, num), fmt_int(a, r->lang, den));
		HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td></tr>", HS(basis));
	}
	H(h, "</tbody></table></div></div>");
}

#define CHART_W 640
#define CHART_LABEL_W 230
#define CHART_BAR_H 22
#define CHART_GAP 8

static void
channel_chart(struct page *p, json_t *m, const char *from, const char *to)
{
	struct req *r = p->r;
	struct arena *a = &r->arena;
	struct html *h = &p->h;
	json_t *bc = json_object_get(m, "by_channel"), *it;
	size_t k;
	int64_t max = 1;
	json_array_foreach(bc, k, it) {
		int64_t n = json_integer_value(json_object_get(it, "count"));
		if (n > max)
			max = n;
	}
	int height = (int)json_array_size(bc) * (CHART_BAR_H + CHART_GAP) + CHART_GAP;
	HF(h, "<h2>{}</h2>", HM(MSG_CONTACTS_BY_CHANNEL_TITLE));
	HF(h, "<svg class=\"pl-chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
	    "viewBox=\"0 0 {} {}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
	    HI(CHART_W), HI(height), HS(MSGF(a, r->lang, MSG_CONTACTS_CHART_TITLE, from, to)),
	    HM(MSG_CONTACTS_CHART_DESC));
	int bar_max = CHART_W - CHART_LABEL_W - 70;
	json_array_foreach(bc, k, it) {
		int ch = -1;
		const char *name = json_string_value(json_object_get(it, "channel"));
		for (int i = 0; name != NULL && contact_channels[i] != NULL; i++)
			if (strcmp(name, contact_channels[i]) == 0)
				ch = i;
		if (ch < 0)
			continue;
		int64_t n = json_integer_value(json_object_get(it, "count"));
		int y = CHART_GAP + (int)k * (CHART_BAR_H + CHART_GAP);
		int w = (int)(n * bar_max / max);
		HF(h, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1a1a1a\" font-size=\"14\">{}"
		    "</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#1a5a96\"></rect>"
		    "<text x=\"{}\" y=\"{}\" fill=\"#1a1a1a\" font-size=\"14\">{}</text>",
		    HI(CHART_LABEL_W - 8), HI(y + 16), HM(channel_msg[ch]), HI(CHART_LABEL_W), HI(y),
		    HI(w), HI(CHART_BAR_H), HI(CHART_LABEL_W + w + 6), HI(y + 16),
		    HS(fmt_int(a, r->lang, n)));
	}
	H(h, "</svg>");
	const char *caption = MSGF(a, r->lang, MSG_CONTACTS_CHANNEL_CAPTION, from, to);
	HF(h, "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th></tr></thead><tbody>",
	    HS(caption), HM(MSG_CONTACTS_COL_CHANNEL), HM(MSG_CONTACTS_COL_COUNT));
	json_array_foreach(bc, k, it) {
		const char *name = json_string_value(json_object_get(it, "channel"));
		for (int i = 0; name != NULL && contact_channels[i] != NULL; i++)
			if (strcmp(name, contact_channels[i]) == 0)
				HF(h, "<tr><th scope=\"row\">{}</th><td class=\"ontario-table-cell--numeric\">{}"
				    "</td></tr>", HM(channel_msg[i]), HS(fmt_int(a, r->lang,
				    json_integer_value(json_object_get(it, "count")))));
	}
	HF(h, "</tbody><tfoot><tr><th scope=\"row\">{}</th><td class=\"ontario-table-cell--numeric\">"
	    "{}</td></tr></tfoot></table>", HM(MSG_CONTACTS_TOTAL),
	    HS(fmt_int(a, r->lang, json_integer_value(json_object_get(m, "total")))));
}

/* ---- satisfaction ---- */

static const char *
group_label(struct req *r, int kind, json_t *g)
{
	const char *key = json_string_value(json_object_get(g, "key"));
	if (key == NULL || strcmp(key, "none") == 0 || strcmp(key, "0") == 0)
		return msg_get(r->lang, MSG_CONTACTS_NOT_RECORDED);
	if (kind == 0) {
		for (int i = 0; contact_channels[i] != NULL; i++)
			if (strcmp(key, contact_channels[i]) == 0)
				return msg_get(r->lang, channel_msg[i]);
		return key;
	}
	if (kind == 1) {
		const char *n = json_string_value(json_object_get(g, r->lang == LANG_FR ? "name_fr" :
		    "name_en"));
		return n && *n ? n : key;
	}
	const struct program *p = program_get(key);
	if (p != NULL)
		return i18n_pick(&p->label, r->lang);
	static const int svc[] = { MSG_CONTACTS_TOPIC_INFORMATION, MSG_CONTACTS_TOPIC_EXAMS,
		MSG_CONTACTS_TOPIC_EMPLOYMENT };
	for (int i = 0; contact_services[i] != NULL; i++)
		if (strcmp(key, contact_services[i]) == 0)
			return msg_get(r->lang, svc[i]);
	return key;
}

static const char *
avg_text(struct req *r, json_t *v, int pct)
{
	if (v == NULL || json_is_null(v))
		return "—";
	const char *n = fmt_decimal(&r->arena, r->lang, json_number_value(v), 1);
	return pct ? MSGF(&r->arena, r->lang, MSG_CONTACTS_ACTUAL_PERCENT, n) : n;
}

struct labelled {
	const char *label;
	json_t *g;
};

static int
labelled_cmp(const void *x, const void *y)
{
	return strcmp(((const struct labelled *)x)->label, ((const struct labelled *)y)->label);
}

/* kind: 0 channel (in channel order), 1 point, 2 program (by name). */
static void
sat_table(struct page *p, json_t *groups, int kind, int caption_id, int col_id, const char *from,
    const char *to)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	size_t n = json_array_size(groups), k;
	struct labelled *rows = arena_calloc(&r->arena, n ? n : 1, sizeof(*rows));
	json_t *g;
	json_array_foreach(groups, k, g) {
		rows[k].g = g;
		rows[k].label = group_label(r, kind, g);
	}
	if (kind == 0) {
		size_t m = 0;
		struct labelled *ordered = arena_calloc(&r->arena, n ? n : 1, sizeof(*ordered));
		for (int i = 0; contact_channels[i] != NULL; i++)
			for (size_t j = 0; j < n; j++)
				if (strcmp(json_string_value(json_object_get(rows[j].g, "key")),
				    contact_channels[i]) == 0)
					ordered[m++] = rows[j];
		for (size_t j = 0; j < n; j++)
			if (strcmp(json_string_value(json_object_get(rows[j].g, "key")), "none") == 0)
				ordered[m++] = rows[j];
		rows = ordered;
		n = m;
	} else {
		qsort(rows, n, sizeof(*rows), labelled_cmp);
	}
	const char *caption = MSGF(&r->arena, r->lang, caption_id, from, to);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th></tr></thead><tbody>",
	    HS(caption), HS(caption), HM(col_id), HM(MSG_CONTACTS_COL_ANSWERS), HM(MSG_CONTACTS_COL_SCORE),
	    HM(MSG_CONTACTS_COL_EASY), HM(MSG_CONTACTS_COL_IN_LANG));
	for (size_t i = 0; i < n; i++) {
		json_t *x = rows[i].g;
		HF(h, "<tr><th scope=\"row\">{}</th><td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td></tr>", HS(rows[i].label),
		    HS(fmt_int(&r->arena, r->lang, json_integer_value(json_object_get(x, "answers")))),
		    HS(avg_text(r, json_object_get(x, "score"), 0)),
		    HS(avg_text(r, json_object_get(x, "easy"), 0)),
		    HS(avg_text(r, json_object_get(x, "in_language_pct"), 1)));
	}
	H(h, "</tbody></table></div></div>");
}

static void
satisfaction(struct page *p, json_t *s, const char *from, const char *to)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	int64_t n = json_integer_value(json_object_get(s, "answers"));
	HF(h, "<h2>{}</h2>", HM(MSG_CONTACTS_SAT_TITLE));
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_CONTACTS_SAT_NONE));
		return;
	}
	HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_CONTACTS_SAT_COUNT,
	    fmt_int(&r->arena, r->lang, n))));
	sat_table(p, json_object_get(s, "by_channel"), 0, MSG_CONTACTS_SAT_BY_CHANNEL,
	    MSG_CONTACTS_COL_CHANNEL, from, to);
	sat_table(p, json_object_get(s, "by_point"), 1, MSG_CONTACTS_SAT_BY_POINT,
	    MSG_CONTACTS_COL_POINT, from, to);
	sat_table(p, json_object_get(s, "by_program"), 2, MSG_CONTACTS_SAT_BY_PROGRAM,
	    MSG_CONTACTS_COL_PROGRAM, from, to);
	json_t *cm = json_object_get(s, "comments"), *it;
	size_t k;
	if (json_array_size(cm) == 0)
		return;
	/* Managers read the comments: what was written, when, on which channel, the score. */
	HF(h, "<h3>{}</h3><ul class=\"pl-comments\">", HM(MSG_CONTACTS_COMMENTS_TITLE));
	json_array_foreach(cm, k, it) {
		json_t *fake = json_pack("{s:s}", "key", json_string_value(json_object_get(it, "channel")));
		const char *meta = MSGF(&r->arena, r->lang, MSG_CONTACTS_COMMENT_META,
		    json_string_value(json_object_get(it, "date")), group_label(r, 0, fake),
		    fmt_int(&r->arena, r->lang, json_integer_value(json_object_get(it, "score"))));
		json_decref(fake);
		HF(h, "<li><p>{}</p><p class=\"ontario-hint\">{}</p></li>",
		    HS(json_string_value(json_object_get(it, "comment"))), HS(meta));
	}
	H(h, "</ul>");
}

int
p_contact_centre(struct req *r)
{
	struct form f = { 0 };
	const char *q = req_raw_query(r);
	if (form_parse(&f, &r->arena, q, strlen(q)) != 0)
		memset(&f, 0, sizeof(f));
	/* Comments are for managers (and administrators), not every reader of the dashboard. */
	struct dash_read c = { .a = &r->arena, .lang = r->lang, .with_comments = r->who != NULL &&
		(r->who->role == ROLE_MANAGER || r->who->role == ROLE_ADMIN) };
	const char *period = "30";
	int bad = filter_read(r, &f, &c.f, &period) != 0;
	if (bad)
		c.f.from = 0;
	enum st_rc rc = st_read(r->store, dash_tx, &c);
	if (rc != ST_OK) {
		json_decref(c.measures);
		json_decref(c.points);
		json_decref(c.survey);
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	struct html *h = &p.h;
	page_begin(&p, r, msg_get(r->lang, MSG_CONTACTS_DASH_TITLE), NAV_CONTACT_CENTRE, bad ? &f : NULL);
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/contacts/new")),
	    HM(MSG_CONTACTS_LOG_LINK));
	filter_form(&p, &f, period, c.points);
	if (c.measures != NULL) {
		char from[11], to[11];
		date_format(c.f.from, from);
		date_format(c.f.to, to);
		HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_CONTACTS_PERIOD_SHOWN, from, to)));
		standards_table(&p, c.measures, from, to);
		channel_chart(&p, c.measures, from, to);
		if (c.survey != NULL)
			satisfaction(&p, c.survey, from, to);
	}
	json_decref(c.measures);
	json_decref(c.points);
	json_decref(c.survey);
	page_end(&p);
	return 0;
}
