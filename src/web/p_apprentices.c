/* Our apprentices (sponsors): every training agreement of the sponsor's organisation, with
 * filters (state, trade, part of the apprentice's name with accents and case ignored), pages
 * of PAGE_ROWS with a keyset cursor, and a CSV download of every matching agreement.
 *
 * The CSV download (?format=csv, same filters) holds all matching rows, not only the page,
 * up to CSV_MAX_ROWS. It is UTF-8 with a byte order mark, because spreadsheet programs
 * (Excel above all) otherwise read the accents of French names as Latin-1; lines end in
 * CRLF (RFC 4180); the header row is in the page's language; cells are quoted and those a
 * spreadsheet would run as a formula are made inert by csvio_put_cell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cases.h"
#include "domain/csvio.h"
#include "domain/orgs.h"
#include "domain/program.h"
#include "domain/trades.h"
#include "text/text.h"
#include "web/casefmt.h"
#include "web/pages.h"

#define PAGE_ROWS 20
#define LIST_CHUNK 200
#define CSV_MAX_ROWS 10000

/* One agreement as the page and the file show it (strings live as long as the walk's
 * current chunk unless copied). */
struct app_row {
	int64_t id;
	const char *given, *family, *client_no, *trade_code, *state, *state_label;
	const char *start_date, *ref_no;
	int64_t approved;
};

struct app_walk;
typedef void (*app_row_fn)(struct app_walk *w, const struct app_row *row);

/* A read of the organisation's agreements: the filters, what to do with each row, and
 * what came out. Re-runnable: app_tx resets every output. */
struct app_walk {
	const struct principal *who;
	struct arena *a;               /* for results kept past the walk */
	enum lang lang;
	const char *state, *trade, *name;
	int64_t after;
	int max;                       /* rows to visit */
	int with_hours;                /* read each agreement's approved hours */
	int count_all;                 /* also count every match (up to CSV_MAX_ROWS + 1) */
	app_row_fn each;
	/* out */
	const char *org_name;
	struct app_row *rows;          /* the page's rows (copied into a) */
	size_t n;
	int64_t next, total;
	struct buf *csv;
};

static const char *
json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? s : "";
}

/* Approved hours of one agreement, through the domain's full view of it. */
static enum st_rc
app_hours(struct st_tx *tx, struct arena *scratch, struct app_walk *w, int64_t id,
    int64_t *approved)
{
	struct case_rec rec;
	json_t *full = NULL;
	*approved = 0;
	enum st_rc rc = case_load(tx, scratch, w->who, id, &rec);
	if (rc == ST_OK)
		rc = case_full_json(tx, scratch, w->who, &rec, w->lang, &full);
	if (rc == ST_OK)
		*approved = json_integer_value(json_object_get(json_object_get(full, "hours"),
		    "approved"));
	json_decref(full);
	return rc;
}

/* Visits up to w->max matching agreements after `after`, one chunk at a time (each chunk's
 * strings in a scratch arena that is freed once its rows were handed to w->each). */
static enum st_rc
app_visit(struct st_tx *tx, struct app_walk *w, int64_t after, int max, int with_hours,
    app_row_fn each, int64_t *next_out, int64_t *seen)
{
	struct case_filter f = { .program = "apprenticeship", .state = w->state,
		.trade_code = w->trade, .name = w->name, .org_id = w->who->org_id, .after = after };
	enum st_rc rc = ST_OK;
	*seen = 0;
	*next_out = 0;
	while (rc == ST_OK && *seen < max) {
		struct arena scratch;
		json_t *items = NULL, *it;
		int64_t next = 0;
		size_t k;
		int64_t want = max - *seen;
		f.limit = want < LIST_CHUNK ? (int)want : LIST_CHUNK;
		arena_init(&scratch);
		rc = case_list(tx, &scratch, w->who, &f, w->lang, &items, &next);
		json_array_foreach(items, k, it) {
			if (rc != ST_OK)
				break;
			json_t *ap = json_object_get(it, "apprentice");
			struct app_row row = {
				.id = json_integer_value(json_object_get(it, "id")),
				.given = json_str(ap, "given_name"), .family = json_str(ap, "family_name"),
				.client_no = json_str(ap, "client_number"),
				.trade_code = json_str(it, "trade_code"), .state = json_str(it, "state"),
				.state_label = json_str(it, "state_label"),
				.start_date = json_str(it, "start_date"),
				.ref_no = json_str(it, "registration_number"),
			};
			if (with_hours)
				rc = app_hours(tx, &scratch, w, row.id, &row.approved);
			if (rc == ST_OK && each != NULL)
				each(w, &row);
			(*seen)++;
		}
		json_decref(items);
		arena_free(&scratch);
		*next_out = next;
		f.after = next;
		if (next == 0)
			break;
	}
	return rc;
}

static void
row_keep(struct app_walk *w, const struct app_row *row)
{
	struct app_row *d = &w->rows[w->n++];
	struct arena *a = w->a;
	*d = *row;
	d->given = arena_strdup(a, row->given);
	d->family = arena_strdup(a, row->family);
	d->client_no = arena_strdup(a, row->client_no);
	d->trade_code = arena_strdup(a, row->trade_code);
	d->state = arena_strdup(a, row->state);
	d->state_label = arena_strdup(a, row->state_label);
	d->start_date = arena_strdup(a, row->start_date);
	d->ref_no = arena_strdup(a, row->ref_no);
}

static const char *
trade_name(const char *code, enum lang lang)
{
	const struct trade *t = code != NULL && *code ? trades_find(code) : NULL;
	if (t == NULL)
		return code != NULL ? code : "";
	return lang == LANG_FR ? t->name_fr : t->name_en;
}

static void
row_csv(struct app_walk *w, const struct app_row *row)
{
	struct buf *b = w->csv;
	char num[24];
	snprintf(num, sizeof(num), "%lld", (long long)row->id);
	csvio_put_cell(b, num, 1);
	csvio_put_cell(b, row->family, 0);
	csvio_put_cell(b, row->given, 0);
	csvio_put_cell(b, row->client_no, 0);
	csvio_put_cell(b, row->trade_code, 0);
	csvio_put_cell(b, trade_name(row->trade_code, w->lang), 0);
	csvio_put_cell(b, row->state_label, 0);
	csvio_put_cell(b, row->start_date, 0);
	csvio_put_cell(b, row->ref_no, 0);
	snprintf(num, sizeof(num), "%lld", (long long)row->approved);
	csvio_put_cell(b, num, 0);
	buf_puts(b, "\r\n");
}

static void
csv_header(struct app_walk *w)
{
	static const int cols[] = { MSG_SPONSOR_COL_AGREEMENT_ID, MSG_SPONSOR_COL_FAMILY_NAME,
		MSG_SPONSOR_COL_GIVEN_NAME, MSG_SPONSOR_COL_CLIENT_NUMBER, MSG_SPONSOR_COL_TRADE_CODE,
		MSG_SPONSOR_COL_TRADE, MSG_SPONSOR_COL_STATE, MSG_SPONSOR_COL_START,
		MSG_SPONSOR_COL_REGISTRATION, MSG_SPONSOR_COL_HOURS_APPROVED };
	/* The byte order mark tells spreadsheet programs the file is UTF-8. */
	buf_puts(w->csv, "\xEF\xBB\xBF");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvio_put_cell(w->csv, msg_get(w->lang, cols[i]), i == 0);
	buf_puts(w->csv, "\r\n");
}

static enum st_rc
app_tx(struct st_tx *tx, void *v)
{
	struct app_walk *w = v;
	w->org_name = "";
	w->n = 0;
	w->next = 0;
	w->total = 0;
	if (w->csv != NULL) {
		buf_reset(w->csv);
		csv_header(w);
	}
	json_t *org = NULL;
	enum st_rc rc = org_get(tx, w->who, w->who->org_id, &org);
	if (rc != ST_OK)
		return rc;
	w->org_name = arena_strdup(w->a, json_str(org, w->lang == LANG_FR ? "name_fr" : "name_en"));
	json_decref(org);
	int64_t seen = 0, next = 0;
	if (w->each == row_keep && w->rows == NULL)
		w->rows = arena_calloc(w->a, (size_t)w->max, sizeof(*w->rows));
	rc = app_visit(tx, w, w->after, w->max, w->with_hours, w->each, &w->next, &seen);
	if (rc == ST_OK && w->count_all)
		rc = app_visit(tx, w, 0, CSV_MAX_ROWS + 1, 0, NULL, &next, &w->total);
	return rc;
}

/* ---- the filters ---- */

struct app_filters {
	const char *state, *trade, *name;   /* "" = any */
	int64_t cursor;
	int csv;
};

/* Unknown values are dropped (the list then shows everything for that filter): they can
 * only come from an edited address. */
static int
filters_read(struct req *r, struct app_filters *out)
{
	struct form q;
	const char *raw = req_raw_query(r);
	memset(out, 0, sizeof(*out));
	out->state = out->trade = out->name = "";
	if (form_parse(&q, &r->arena, raw, strlen(raw)) != 0)
		return -1;
	const struct program *p = program_get("apprenticeship");
	const char *s = form_get(&q, "state");
	if (s != NULL && p != NULL && program_state_index(p, s) >= 0)
		out->state = s;
	s = form_get(&q, "trade");
	if (s != NULL && *s && trades_find(s) != NULL)
		out->trade = s;
	s = form_get(&q, "name");
	if (s != NULL && strlen(s) <= 200)
		out->name = s;
	s = form_get(&q, "cursor");
	if (s != NULL && *s && strlen(s) < 19 && strspn(s, "0123456789") == strlen(s))
		out->cursor = strtoll(s, NULL, 10);
	s = form_get(&q, "format");
	out->csv = s != NULL && strcmp(s, "csv") == 0;
	return 0;
}

/* The list's address with the filters (and a cursor or the CSV format when asked). */
static const char *
filters_url(struct req *r, const struct app_filters *f, int64_t cursor, int csv)
{
	struct arena *a = &r->arena;
	const char *q = arena_printf(a, "?state=%s&trade=%s&name=%s", url_encode(a, f->state),
	    url_encode(a, f->trade), url_encode(a, f->name));
	if (cursor > 0)
		q = arena_printf(a, "%s&cursor=%lld", q, (long long)cursor);
	if (csv)
		q = arena_printf(a, "%s&format=csv", q);
	return web_urlf(r, "/apprentices%s", q);
}

static void
filters_form(struct page *p, const struct app_filters *f)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	const struct program *prog = program_get("apprenticeship");
	size_t ns = prog ? (size_t)prog->nstates : 0;

	struct option *states = arena_calloc(&r->arena, ns + 1, sizeof(*states));
	states[0] = (struct option){ "", msg_get(r->lang, MSG_SPONSOR_FILTER_STATE_ANY) };
	for (size_t i = 0; i < ns; i++)
		states[i + 1] = (struct option){ prog->states[i].id,
			i18n_pick(&prog->states[i].label, r->lang) };

	size_t ntr;
	struct option *tr = casefmt_trade_options(&r->arena, r->lang,
	    msg_get(r->lang, MSG_SPONSOR_FILTER_TRADE_ANY), &ntr);

	HF(h, "<h2>{}</h2><form method=\"get\" action=\"{}\" class=\"pl-filters\" "
	    "data-live-filter=\"apprentice-results\">", HM(MSG_SPONSOR_FILTER_TITLE),
	    HS(web_url(r, "/apprentices")));
	field_select(p, &(struct field){ .id = "state", .name = "state",
	    .label = MSG_SPONSOR_FILTER_STATE, .value = f->state }, states, ns + 1);
	field_select(p, &(struct field){ .id = "trade", .name = "trade",
	    .label = MSG_SPONSOR_FILTER_TRADE, .value = f->trade }, tr, ntr);
	field_input(p, &(struct field){ .id = "name", .name = "name",
	    .label = MSG_SPONSOR_FILTER_NAME, .hint = MSG_SPONSOR_FILTER_NAME_HINT,
	    .value = f->name, .autocomplete = "off" });
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
	    "</button></form>", HM(MSG_SPONSOR_FILTER_BUTTON));
	if (*f->state || *f->trade || *f->name)
		HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/apprentices")),
		    HM(MSG_SPONSOR_FILTER_CLEAR));
}

/* ---- the results ---- */

static const char *
count_text(struct req *r, int64_t total)
{
	if (total == 0)
		return msg_get(r->lang, MSG_SPONSOR_COUNT_NONE);
	if (total == 1)
		return msg_get(r->lang, MSG_SPONSOR_COUNT_ONE);
	if (total > CSV_MAX_ROWS)
		return MSGF(&r->arena, r->lang, MSG_SPONSOR_COUNT_OVER,
		    fmt_int(&r->arena, r->lang, CSV_MAX_ROWS));
	return MSGF(&r->arena, r->lang, MSG_SPONSOR_COUNT_MANY, fmt_int(&r->arena, r->lang, total));
}

static void
results_table(struct page *p, const struct app_walk *w)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	const char *caption = MSGF(&r->arena, r->lang, MSG_SPONSOR_TABLE_CAPTION, w->org_name);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>",
	    HS(caption), HS(caption), HM(MSG_SPONSOR_COL_APPRENTICE),
	    HM(MSG_SPONSOR_COL_CLIENT_NUMBER), HM(MSG_SPONSOR_COL_TRADE), HM(MSG_SPONSOR_COL_STATE),
	    HM(MSG_SPONSOR_COL_START), HM(MSG_SPONSOR_COL_REGISTRATION),
	    HM(MSG_SPONSOR_COL_HOURS_APPROVED), HM(MSG_SPONSOR_COL_AGREEMENT));
	for (size_t i = 0; i < w->n; i++) {
		const struct app_row *row = &w->rows[i];
		const char *name = arena_printf(&r->arena, "%s %s", row->given, row->family);
		const char *trade = trade_name(row->trade_code, r->lang);
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
		    HS(name), HS(row->client_no), HS(trade), HS(row->state_label),
		    HS(row->start_date));
		if (*row->ref_no)
			HF(h, "<td>{}</td>", HS(row->ref_no));
		else
			HF(h, "<td>{}</td>", HM(MSG_SPONSOR_NOT_REGISTERED));
		HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></td></tr>",
		    HS(fmt_int(&r->arena, r->lang, row->approved)),
		    HS(web_urlf(r, "/cases/%lld", (long long)row->id)), HM(MSG_SPONSOR_VIEW),
		    HS(MSGF(&r->arena, r->lang, MSG_SPONSOR_AGREEMENT_OF, name, trade)));
	}
	H(h, "</tbody></table></div></div>");
}

static void
results(struct page *p, const struct app_walk *w, const struct app_filters *f)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	/* Screen readers hear the new count when the script refreshes the results. */
	H(h, "<p id=\"live-status\" class=\"pl-live\" role=\"status\"></p>");
	HF(h, "<div id=\"apprentice-results\"><p data-count=\"{}\"><strong>{}</strong></p>",
	    HI(w->total), HS(count_text(r, w->total)));
	if (w->n > 0)
		results_table(p, w);
	if (f->cursor > 0 || w->next != 0) {
		HF(h, "<nav aria-label=\"{}\"><ul class=\"pl-pager\">", HM(MSG_SPONSOR_PAGES_LABEL));
		if (f->cursor > 0)
			HF(h, "<li><a href=\"{}\">{}</a></li>", HS(filters_url(r, f, 0, 0)),
			    HM(MSG_SPONSOR_FIRST_PAGE));
		if (w->next != 0)
			HF(h, "<li><a href=\"{}\" rel=\"next\">{}</a></li>",
			    HS(filters_url(r, f, w->next, 0)), HM(MSG_FRAME_NEXT_PAGE));
		H(h, "</ul></nav>");
	}
	if (w->total > 0)
		HF(h, "<p><a href=\"{}\" download>{}</a></p><p class=\"ontario-hint\">{}</p>",
		    HS(filters_url(r, f, 0, 1)), HM(MSG_SPONSOR_DOWNLOAD_CSV),
		    HS(MSGF(&r->arena, r->lang, MSG_SPONSOR_CSV_HINT,
		    fmt_int(&r->arena, r->lang, CSV_MAX_ROWS))));
	H(h, "</div>");
}

static int
reply_csv(struct req *r, const struct app_filters *f)
{
	struct buf b = { 0 };
	struct app_walk w = { .who = r->who, .a = &r->arena, .lang = r->lang, .state = f->state,
		.trade = f->trade, .name = f->name, .max = CSV_MAX_ROWS, .with_hours = 1,
		.each = row_csv, .csv = &b };
	enum st_rc rc = st_read(r->store, app_tx, &w);
	if (rc != ST_OK) {
		buf_free(&b);
		web_reply_failure(r, rc);
		return 0;
	}
	reply_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"%s\"", msg_get(r->lang, MSG_SPONSOR_CSV_FILE)));
	reply_raw(r, 200, "text/csv; charset=utf-8", b.p, b.n);
	buf_free(&b);
	return 0;
}

int
p_apprentices(struct req *r)
{
	struct app_filters f;
	if (filters_read(r, &f) != 0) {
		web_message_page(r, 400, MSG_ERRPAGE_BAD_FORM_TITLE, MSG_ERRPAGE_BAD_FORM_TEXT);
		return 0;
	}
	if (f.csv)
		return reply_csv(r, &f);
	struct app_walk w = { .who = r->who, .a = &r->arena, .lang = r->lang, .state = f.state,
		.trade = f.trade, .name = f.name, .after = f.cursor, .max = PAGE_ROWS,
		.with_hours = 1, .count_all = 1, .each = row_keep };
	enum st_rc rc = st_read(r->store, app_tx, &w);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_SPONSOR_APPRENTICES_TITLE), NAV_APPRENTICES, NULL);
	struct html *h = &p.h;
	HF(h, "<div class=\"pl-sponsor-number\"><p><strong>{}</strong></p><p>{}</p></div>",
	    HS(w.org_name), HS(MSGF(&r->arena, r->lang, MSG_SPONSOR_NUMBER,
	    arena_printf(&r->arena, "%lld", (long long)r->who->org_id))));
	filters_form(&p, &f);
	results(&p, &w, &f);
	page_end(&p);
	return 0;
}
