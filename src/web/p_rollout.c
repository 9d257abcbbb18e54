/* The rollout of employment services (public): for each phase a heading, a chart of the
 * catchment areas' transitions (server-rendered SVG, supplementary) and the table that holds
 * the same data — each milestone planned and actual with its slip in words, and the status in
 * words and colour. Data from network_tree(). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/network.h"
#include "web/pages.h"

/* Chart geometry (SVG user units). */
#define CH_W 760
#define CH_LABEL 214          /* width of the catchment names on the left */
#define CH_RIGHT 24
#define CH_TOP 40
#define CH_ROW 34
#define CH_AXIS 40            /* month labels under the bars */
#define CH_LEGEND 34

static const int phase_title[] = { MSG_NETWORK_PHASE_PROTOTYPE, MSG_NETWORK_PHASE_PHASE1,
	MSG_NETWORK_PHASE_PHASE2, MSG_NETWORK_PHASE_LATER };
static const int phase_intro[] = { MSG_NETWORK_PHASE_PROTOTYPE_INTRO,
	MSG_NETWORK_PHASE_PHASE1_INTRO, MSG_NETWORK_PHASE_PHASE2_INTRO,
	MSG_NETWORK_PHASE_LATER_INTRO };
static const int ms_label[] = { MSG_NETWORK_MS_SELECTION_ANNOUNCED,
	MSG_NETWORK_MS_TRANSITION_START, MSG_NETWORK_MS_TRANSITION_END,
	MSG_NETWORK_MS_INTEGRATED_LIVE };

/* One catchment as the page needs it. */
struct row {
	json_t *c;
	const char *name, *ssm;
	int32_t planned[MS__COUNT], actual[MS__COUNT];
	const char *status;
	int behind;
};

static int32_t
json_date(json_t *v)
{
	int32_t d;
	return json_is_string(v) && date_parse(json_string_value(v), &d) == 0 ? d : 0;
}

static const char *
pick(json_t *o, enum lang lang)
{
	const char *s = json_string_value(json_object_get(o, lang == LANG_FR ? "name_fr" : "name_en"));
	return s ? s : "";
}

static void
row_from(struct row *w, json_t *c, enum lang lang)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	w->name = pick(c, lang);
	json_t *ssm = json_object_get(c, "ssm");
	w->ssm = json_is_object(ssm) ? pick(ssm, lang) : NULL;
	json_t *ms = json_object_get(c, "milestones");
	for (int k = 0; k < MS__COUNT; k++) {
		json_t *m = json_object_get(ms, milestone_kinds[k]);
		w->planned[k] = json_date(json_object_get(m, "planned_date"));
		w->actual[k] = json_date(json_object_get(m, "actual_date"));
	}
	w->status = json_string_value(json_object_get(c, "status"));
	if (w->status == NULL)
		w->status = "not_started";
	w->behind = json_is_true(json_object_get(c, "behind_schedule"));
}

/* By planned transition start, then name: the waves of a phase stay together. */
static int
row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int32_t sa = a->planned[MS_TRANSITION_START], sb = b->planned[MS_TRANSITION_START];
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
status_msg(const char *status)
{
	if (strcmp(status, "live") == 0)
		return MSG_NETWORK_STATUS_LIVE;
	if (strcmp(status, "transition") == 0)
		return MSG_NETWORK_STATUS_TRANSITION;
	if (strcmp(status, "selected") == 0)
		return MSG_NETWORK_STATUS_SELECTED;
	return MSG_NETWORK_STATUS_NOT_STARTED;
}

static const char *
status_class(const struct row *w)
{
	if (w->behind)
		return "pl-status pl-status--breached";
	if (strcmp(w->status, "live") == 0)
		return "pl-status pl-status--ok";
	if (strcmp(w->status, "not_started") == 0)
		return "pl-status";
	return "pl-status pl-status--soon";
}

/* "Late by 12 days", "On time", "3 days early", "Overdue by 5 days", "Planned". */
static const char *
slip_words(struct req *r, int32_t planned, int32_t actual, int32_t today)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	if (actual != 0 && planned != 0) {
		int32_t d = actual - planned;
		if (d == 0)
			return msg_get(l, MSG_NETWORK_ON_TIME);
		if (d == 1)
			return msg_get(l, MSG_NETWORK_LATE_ONE);
		if (d == -1)
			return msg_get(l, MSG_NETWORK_EARLY_ONE);
		return d > 0 ? MSGF(a, l, MSG_NETWORK_LATE, fmt_int(a, l, d)) :
		    MSGF(a, l, MSG_NETWORK_EARLY, fmt_int(a, l, -d));
	}
	if (actual != 0)
		return NULL;
	if (planned == 0)
		return msg_get(l, MSG_NETWORK_UNPLANNED);
	if (planned < today)
		return today - planned == 1 ? msg_get(l, MSG_NETWORK_OVERDUE_ONE) :
		    MSGF(a, l, MSG_NETWORK_OVERDUE, fmt_int(a, l, today - planned));
	return msg_get(l, MSG_NETWORK_UPCOMING);
}

static void
milestone_cell(struct page *p, int32_t planned, int32_t actual, int32_t today)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	H(h, "<td class=\"pl-nowrap\">");
	if (planned != 0)
		HF(h, "{}<br>", HS(MSGF(&r->arena, r->lang, MSG_NETWORK_PLANNED_ON,
		    fmt_date_iso(&r->arena, planned))));
	if (actual != 0)
		HF(h, "{}<br>", HS(MSGF(&r->arena, r->lang, MSG_NETWORK_ACTUAL_ON,
		    fmt_date_iso(&r->arena, actual))));
	const char *w = slip_words(r, planned, actual, today);
	if (w != NULL)
		HF(h, "<strong>{}</strong>", HS(w));
	H(h, "</td>");
}

static void
phase_table(struct page *p, int ph, const struct row *rows, size_t n, int32_t today)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	const char *caption = MSGF(&r->arena, r->lang, MSG_NETWORK_TABLE_CAPTION,
	    msg_get(r->lang, phase_title[ph]));
	HF(h, "<div class=\"ontario-table-container ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
	    HS(caption), HS(caption), HM(MSG_NETWORK_COL_CATCHMENT), HM(MSG_NETWORK_COL_SSM));
	for (int k = 0; k < MS__COUNT; k++)
		HF(h, "<th scope=\"col\">{}</th>", HM(ms_label[k]));
	HF(h, "<th scope=\"col\">{}</th></tr></thead><tbody>", HM(MSG_NETWORK_COL_STATUS));
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		HF(h, "<tr><th scope=\"row\">{}", HS(w->name));
		/* Managers and administrators edit the milestones (p_milestones.c). */
		if (r->who && (r->who->role == ROLE_MANAGER || r->who->role == ROLE_ADMIN))
			HF(h, "<br><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a>",
			    HS(web_urlf(r, "/rollout/%" PRId64 "/edit",
			    (int64_t)json_integer_value(json_object_get(w->c, "id")))),
			    HM(MSG_MANAGE_MS_EDIT_LINK), HS(MSGF(&r->arena, r->lang,
			    MSG_MANAGE_MS_EDIT_LINK_SR, w->name)));
		H(h, "</th>");
		if (w->ssm)
			HF(h, "<td>{}</td>", HS(w->ssm));
		else
			HF(h, "<td>{}</td>", HM(MSG_NETWORK_SSM_NONE));
		for (int k = 0; k < MS__COUNT; k++)
			milestone_cell(p, w->planned[k], w->actual[k], today);
		const char *st = msg_get(r->lang, status_msg(w->status));
		if (w->behind)
			st = MSGF(&r->arena, r->lang, MSG_NETWORK_STATUS_BEHIND, st);
		HF(h, "<td><span class=\"{}\">{}</span></td></tr>", HS(status_class(w)), HS(st));
	}
	H(h, "</tbody></table></div>");
}

/* The service providers under each catchment's manager. */
static void
phase_providers(struct page *p, int ph, const struct row *rows, size_t n)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	HF(h, "<h3>{}</h3><dl>", HS(MSGF(&r->arena, r->lang, MSG_NETWORK_PROVIDERS_HEADING,
	    msg_get(r->lang, phase_title[ph]))));
	for (size_t i = 0; i < n; i++) {
		HF(h, "<dt>{}</dt>", HS(rows[i].name));
		json_t *provs = json_object_get(rows[i].c, "providers");
		if (json_array_size(provs) == 0)
			HF(h, "<dd>{}</dd>", HM(MSG_NETWORK_PROVIDERS_NONE));
		size_t j;
		json_t *pv;
		json_array_foreach(provs, j, pv)
			HF(h, "<dd>{}</dd>", HS(pick(pv, r->lang)));
	}
	H(h, "</dl>");
}

/* ---- the chart ---- */

static int32_t
month_start(int32_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

static int
chart_x(int32_t d, int32_t d0, int32_t d1)
{
	if (d < d0)
		d = d0;
	if (d > d1)
		d = d1;
	return CH_LABEL + (int)((int64_t)(d - d0) * (CH_W - CH_LABEL - CH_RIGHT) / (d1 - d0));
}

/* The bar of one catchment: planned from its planned start to its planned live date; actual
 * from its actual start to its live date, or to today while the transition runs. */
static void
chart_bars(struct html *h, const struct row *w, int y, int32_t d0, int32_t d1, int32_t today,
    const char *phase)
{
	int32_t ps = w->planned[MS_TRANSITION_START], pe = w->planned[MS_INTEGRATED_LIVE];
	if (pe == 0)
		pe = w->planned[MS_TRANSITION_END];
	if (ps != 0 && pe != 0) {
		int x0 = chart_x(ps, d0, d1), x1 = chart_x(pe, d0, d1);
		HF(h, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"url(#hatch-{})\" "
		    "stroke=\"#1a1a1a\" stroke-width=\"1\"/>", HI(x0), HI(y + 5),
		    HI(x1 > x0 ? x1 - x0 : 1), HS(phase));
	}
	int32_t as = w->actual[MS_TRANSITION_START], ae = w->actual[MS_INTEGRATED_LIVE];
	if (as != 0) {
		int running = ae == 0;
		if (running)
			ae = today;
		int x0 = chart_x(as, d0, d1), x1 = chart_x(ae, d0, d1);
		HF(h, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"#0066cc\"/>", HI(x0),
		    HI(y + 17), HI(x1 > x0 ? x1 - x0 : 1));
		if (running) /* an open end: an arrow head shows the transition still runs */
			HF(h, "<path d=\"M{} {} l8 5 l-8 5 z\" fill=\"#0066cc\"/>", HI(x1), HI(y + 17));
	}
}

static void
phase_chart(struct page *p, int ph, const struct row *rows, size_t n, int32_t today)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	const char *phase = catchment_phases[ph];
	/* The span: every start and live date, planned or actual, and today unless all are live. */
	int32_t lo = 0, hi = 0;
	int live = 0, running = 0, waiting = 0, behind = 0;
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		int32_t ds[] = { w->planned[MS_TRANSITION_START], w->actual[MS_TRANSITION_START],
			w->planned[MS_INTEGRATED_LIVE], w->actual[MS_INTEGRATED_LIVE],
			w->planned[MS_TRANSITION_END],
			strcmp(w->status, "live") != 0 ? today : 0 };
		for (size_t k = 0; k < sizeof(ds) / sizeof(ds[0]); k++) {
			if (ds[k] == 0)
				continue;
			lo = lo == 0 || ds[k] < lo ? ds[k] : lo;
			hi = ds[k] > hi ? ds[k] : hi;
		}
		live += strcmp(w->status, "live") == 0;
		running += strcmp(w->status, "transition") == 0;
		waiting += strcmp(w->status, "live") != 0 && strcmp(w->status, "transition") != 0;
		behind += w->behind;
	}
	if (lo == 0)
		return; /* nothing planned yet: the table says so */
	int32_t d0 = month_start(lo), d1 = network_add_months(month_start(hi), 1);
	int height = CH_TOP + (int)n * CH_ROW + CH_AXIS + CH_LEGEND;
	int axis_y = CH_TOP + (int)n * CH_ROW;
	const char *title = MSGF(a, r->lang, MSG_NETWORK_CHART_TITLE, msg_get(r->lang,
	    phase_title[ph]));
	const char *counts = MSGF(a, r->lang, MSG_NETWORK_CHART_COUNTS, fmt_int(a, r->lang, live),
	    fmt_int(a, r->lang, running), fmt_int(a, r->lang, waiting), fmt_int(a, r->lang, behind));
	const char *desc = MSGF(a, r->lang, MSG_NETWORK_CHART_DESC,
	    fmt_date_long(a, r->lang, d0), fmt_date_long(a, r->lang, d1 - 1), counts);
	HF(h, "<div><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"chart-{}-title chart-{}-desc\" viewBox=\"0 0 {} {}\" width=\"100%\" "
	    "font-size=\"13\" font-family=\"inherit\"><title id=\"chart-{}-title\">{}</title>"
	    "<desc id=\"chart-{}-desc\">{}</desc>", HS(phase), HS(phase), HI(CH_W), HI(height),
	    HS(phase), HS(title), HS(phase), HS(desc));
	HF(h, "<defs><pattern id=\"hatch-{}\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
	    "height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" "
	    "fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1a1a1a\" "
	    "stroke-width=\"2\"/></pattern></defs>", HS(phase));
	/* Month ticks; a year's first month gets a grid line and its label. Short spans label
	 * every quarter. */
	int months = 0;
	for (int32_t m = d0; m <= d1; m = network_add_months(m, 1))
		months++;
	for (int32_t m = d0; m <= d1; m = network_add_months(m, 1)) {
		int y, mo, dd;
		date_to_ymd(m, &y, &mo, &dd);
		int x = chart_x(m, d0, d1);
		HF(h, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1a1a1a\" "
		    "stroke-width=\"1\"/>", HI(x), HI(axis_y), HI(x), HI(axis_y + (mo == 1 ? 8 : 4)));
		if (mo == 1)
			HF(h, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#767676\" "
			    "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>", HI(x), HI(CH_TOP - 6), HI(x),
			    HI(axis_y));
		if (mo == 1 || (months <= 30 && ((mo - 1) % 3 == 0 || m == d0) && m != d1))
			HF(h, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
			    HI(x), HI(axis_y + 22), HS(mo == 1 ? arena_printf(a, "%d", y) :
			    arena_printf(a, "%d-%02d", y, mo)));
	}
	HF(h, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>",
	    HI(CH_LABEL), HI(axis_y), HI(CH_W - CH_RIGHT), HI(axis_y));
	for (size_t i = 0; i < n; i++) {
		int y = CH_TOP + (int)i * CH_ROW;
		HF(h, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
		    HI(CH_LABEL - 8), HI(y + 20), HS(rows[i].name));
		chart_bars(h, &rows[i], y, d0, d1, today, phase);
	}
	if (today >= d0 && today <= d1) {
		int x = chart_x(today, d0, d1);
		HF(h, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1a1a1a\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{}\" "
		    "text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>", HI(x), HI(CH_TOP - 14), HI(x),
		    HI(axis_y), HI(x), HI(CH_TOP - 20), HM(MSG_NETWORK_CHART_TODAY));
	}
	/* Legend: patterns and words, not colour alone. */
	int ly = axis_y + CH_AXIS + 8;
	HF(h, "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"10\" fill=\"url(#hatch-{})\" "
	    "stroke=\"#1a1a1a\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" fill=\"#1a1a1a\">{}</text>",
	    HI(CH_LABEL), HI(ly), HS(phase), HI(CH_LABEL + 36), HI(ly + 10),
	    HM(MSG_NETWORK_CHART_PLANNED));
	HF(h, "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"10\" fill=\"#0066cc\"/><text x=\"{}\" "
	    "y=\"{}\" fill=\"#1a1a1a\">{}</text>", HI(CH_LABEL + 180), HI(ly), HI(CH_LABEL + 216),
	    HI(ly + 10), HM(MSG_NETWORK_CHART_ACTUAL));
	if (today >= d0 && today <= d1)
		HF(h, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"2\" "
	    "stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{}\" fill=\"#1a1a1a\">{}</text>",
	    HI(CH_LABEL + 360), HI(ly + 5), HI(CH_LABEL + 388), HI(ly + 5), HI(CH_LABEL + 396),
	    HI(ly + 10), HM(MSG_NETWORK_CHART_TODAY));
	H(h, "</svg></div>");
}

/* ---- the page ---- */

static enum st_rc
tree_tx(struct st_tx *tx, void *v)
{
	json_t **out = v;
	json_decref(*out);
	*out = NULL;
	return network_tree(tx, NULL, out);
}

int
p_rollout(struct req *r)
{
	json_t *tree = NULL;
	enum st_rc rc = st_read(r->store, tree_tx, &tree);
	if (rc != ST_OK) {
		json_decref(tree);
		web_reply_failure(r, rc);
		return 0;
	}
	/* Catchments in the tree's order, grouped by phase below. */
	size_t total = 0, i, j;
	json_t *reg, *c;
	json_array_foreach(json_object_get(tree, "items"), i, reg)
		total += json_array_size(json_object_get(reg, "catchments"));
	struct row *all = arena_calloc(&r->arena, total ? total : 1, sizeof(*all));
	size_t n = 0;
	json_array_foreach(json_object_get(tree, "items"), i, reg)
		json_array_foreach(json_object_get(reg, "catchments"), j, c)
			row_from(&all[n++], c, r->lang);
	int32_t today = date_of_us_local(time_now_us());

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_NETWORK_ROLLOUT_TITLE), NAV_NONE, NULL);
	struct html *h = &p.h;
	HF(h, "<p class=\"ontario-lead-statement\">{}</p><p>{}</p><p>{}</p>",
	    HM(MSG_NETWORK_ROLLOUT_INTRO), HM(MSG_NETWORK_ROLLOUT_MILESTONES),
	    HM(MSG_NETWORK_ROLLOUT_DEMO_NOTE));
	HF(h, "<nav aria-labelledby=\"phases-heading\"><h2 id=\"phases-heading\" "
	    "class=\"ontario-h4\">{}</h2><ul>", HM(MSG_NETWORK_ROLLOUT_CONTENTS));
	for (int ph = 0; catchment_phases[ph]; ph++)
		HF(h, "<li><a href=\"#phase-{}\">{}</a></li>", HS(catchment_phases[ph]),
		    HM(phase_title[ph]));
	H(h, "</ul></nav>");

	struct row *rows = arena_calloc(&r->arena, total ? total : 1, sizeof(*rows));
	for (int ph = 0; catchment_phases[ph]; ph++) {
		size_t k = 0;
		for (i = 0; i < n; i++) {
			const char *phase = json_string_value(json_object_get(all[i].c, "phase"));
			if (phase && strcmp(phase, catchment_phases[ph]) == 0)
				rows[k++] = all[i];
		}
		HF(h, "<section aria-labelledby=\"phase-{}\"><h2 id=\"phase-{}\">{}</h2><p>{}</p>",
		    HS(catchment_phases[ph]), HS(catchment_phases[ph]), HM(phase_title[ph]),
		    HM(phase_intro[ph]));
		if (k == 0) {
			HF(h, "<p>{}</p></section>", HM(MSG_NETWORK_PHASE_NONE));
			continue;
		}
		if (k == 1)
			HF(h, "<p>{}</p>", HM(MSG_NETWORK_PHASE_COUNT_ONE));
		else
			HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_NETWORK_PHASE_COUNT,
			    fmt_int(&r->arena, r->lang, (int64_t)k))));
		qsort(rows, k, sizeof(*rows), row_cmp);
		phase_chart(&p, ph, rows, k, today);
		phase_table(&p, ph, rows, k, today);
		phase_providers(&p, ph, rows, k);
		H(h, "</section>");
	}
	page_end(&p);
	json_decref(tree);
	return 0;
}
