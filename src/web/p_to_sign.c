/* To sign (sponsors): the training agreements of the sponsor's organisation that wait for
 * the sponsor's signature (state apprentice_signed) and, in a second table, those for which
 * an advisor requested information (information_requested). Each row shows the apprentice,
 * the trade, the day it was submitted and the registration decision's due date in words and
 * colour, most urgent first, with a link to the agreement's page where it is signed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/trades.h"
#include "web/pages.h"

#define LIST_CHUNK 100
#define LIST_MAX 1000          /* per table: far more than any sponsor has waiting */
#define SOON_DAYS 2            /* business days left that make a due date "soon" */

struct sign_row {
	int64_t id;
	const char *name, *trade_code;
	const char *submitted;     /* YYYY-MM-DD, "" unknown */
	const char *due_date;      /* YYYY-MM-DD, NULL when no clock runs */
	int paused, breached;
	int64_t days_left;
};

struct sign_list {
	const char *state;
	struct sign_row *rows;
	size_t n;
};

struct sign_read {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	struct sign_list lists[2];
};

static const char *
json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? s : "";
}

/* The local civil day of an RFC 3339 UTC time ("2026-03-27T14:05:09Z"), as YYYY-MM-DD; ""
 * when it is not one. */
static const char *
local_day(struct arena *a, const char *t)
{
	char day[11];
	int32_t d;
	int hh, mm, ss, used = 0;
	if (t == NULL || strlen(t) < 20)
		return "";
	memcpy(day, t, 10);
	day[10] = '\0';
	if (date_parse(day, &d) != 0 || sscanf(t + 10, "T%2d:%2d:%2dZ%n", &hh, &mm, &ss, &used) != 3 ||
	    used == 0)
		return "";
	int64_t us = ((int64_t)d * 86400 + hh * 3600 + mm * 60 + ss) * INT64_C(1000000);
	char out[11];
	date_format(date_of_us_local(us), out);
	return arena_strdup(a, out);
}

/* The registration decision clock of a case (its first service standard). */
static void
row_clock(struct arena *a, json_t *full, struct sign_row *row)
{
	json_t *clocks = json_object_get(full, "service_standards"), *k;
	size_t i;
	json_array_foreach(clocks, i, k) {
		if (!json_is_null(json_object_get(k, "stopped_at")))
			continue;
		row->submitted = local_day(a, json_string_value(json_object_get(k, "started_at")));
		row->due_date = arena_strdup(a, json_str(k, "due_date"));
		row->paused = json_is_true(json_object_get(k, "paused"));
		row->breached = json_is_true(json_object_get(k, "breached"));
		row->days_left = json_integer_value(json_object_get(k, "business_days_left"));
		return;
	}
}

static enum st_rc
list_read(struct st_tx *tx, struct sign_read *s, struct sign_list *l)
{
	struct case_filter f = { .program = "apprenticeship", .state = l->state,
		.org_id = s->who->org_id, .limit = LIST_CHUNK };
	enum st_rc rc = ST_OK;
	l->n = 0;
	if (l->rows == NULL)
		l->rows = arena_calloc(s->a, LIST_MAX, sizeof(*l->rows));
	do {
		struct arena scratch;
		json_t *items = NULL, *it;
		int64_t next = 0;
		size_t k;
		arena_init(&scratch);
		rc = case_list(tx, &scratch, s->who, &f, s->lang, &items, &next);
		json_array_foreach(items, k, it) {
			if (rc != ST_OK || l->n == LIST_MAX)
				break;
			struct sign_row *row = &l->rows[l->n];
			json_t *ap = json_object_get(it, "apprentice"), *full = NULL;
			struct case_rec rec;
			memset(row, 0, sizeof(*row));
			row->id = json_integer_value(json_object_get(it, "id"));
			row->name = arena_printf(s->a, "%s %s", json_str(ap, "given_name"),
			    json_str(ap, "family_name"));
			row->trade_code = arena_strdup(s->a, json_str(it, "trade_code"));
			row->submitted = local_day(s->a, json_str(it, "opened_at"));
			rc = case_load(tx, &scratch, s->who, row->id, &rec);
			if (rc == ST_OK)
				rc = case_full_json(tx, &scratch, s->who, &rec, s->lang, &full);
			if (rc == ST_OK)
				row_clock(s->a, full, row);
			json_decref(full);
			l->n++;
		}
		json_decref(items);
		arena_free(&scratch);
		f.after = next;
	} while (rc == ST_OK && f.after != 0 && l->n < LIST_MAX);
	return rc;
}

static enum st_rc
sign_tx(struct st_tx *tx, void *v)
{
	struct sign_read *s = v;
	enum st_rc rc = ST_OK;
	for (int i = 0; i < 2 && rc == ST_OK; i++)
		rc = list_read(tx, s, &s->lists[i]);
	return rc;
}

/* Most urgent first: earliest due date, then oldest agreement; no due date last. */
static int
row_cmp(const void *x, const void *y)
{
	const struct sign_row *a = x, *b = y;
	if ((a->due_date == NULL) != (b->due_date == NULL))
		return a->due_date == NULL ? 1 : -1;
	int c = a->due_date != NULL ? strcmp(a->due_date, b->due_date) : 0;
	if (c != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The due date's badge: words and a colour that says the same. */
static void
due_badge(struct page *p, const struct sign_row *row)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	if (row->due_date == NULL || *row->due_date == '\0') {
		HF(h, "{}", HM(MSG_SPONSOR_NO_DUE));
		return;
	}
	int32_t d = 0;
	date_parse(row->due_date, &d);
	const char *cls = "pl-status--ok", *text;
	int64_t n = row->days_left;
	if (row->paused) {
		cls = "";
		text = msg_get(r->lang, MSG_SPONSOR_ON_HOLD);
	} else if (row->breached) {
		cls = "pl-status--breached";
		text = n >= 0 ? msg_get(r->lang, MSG_SPONSOR_OVERDUE) : n == -1 ?
		    msg_get(r->lang, MSG_SPONSOR_OVERDUE_ONE) : MSGF(&r->arena, r->lang,
		    MSG_SPONSOR_OVERDUE_MANY, fmt_int(&r->arena, r->lang, -n));
	} else {
		if (n <= SOON_DAYS)
			cls = "pl-status--soon";
		text = n <= 0 ? msg_get(r->lang, MSG_SPONSOR_DUE_TODAY) : n == 1 ?
		    msg_get(r->lang, MSG_SPONSOR_DUE_IN_ONE) : MSGF(&r->arena, r->lang,
		    MSG_SPONSOR_DUE_IN_MANY, fmt_int(&r->arena, r->lang, n));
	}
	HF(h, "<time datetime=\"{}\">{}</time> <span class=\"pl-status {}\">{}</span>",
	    HS(row->due_date), HS(fmt_date_long(&r->arena, r->lang, d)), HS(cls), HS(text));
}

static void
sign_table(struct page *p, const struct sign_list *l, int title, int intro, int caption,
    int none, int action)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	HF(h, "<h2>{}</h2>", HM(title));
	if (intro)
		HF(h, "<p>{}</p>", HM(intro));
	if (l->n == 0) {
		HF(h, "<p>{}</p>", HM(none));
		return;
	}
	qsort(l->rows, l->n, sizeof(*l->rows), row_cmp);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(caption), HM(caption), HM(MSG_SPONSOR_COL_APPRENTICE), HM(MSG_SPONSOR_COL_TRADE),
	    HM(MSG_SPONSOR_COL_SUBMITTED), HM(MSG_SPONSOR_COL_DUE), HM(MSG_SPONSOR_COL_ACTION));
	for (size_t i = 0; i < l->n; i++) {
		const struct sign_row *row = &l->rows[i];
		const struct trade *t = row->trade_code ? trades_find(row->trade_code) : NULL;
		const char *trade = t == NULL ? (row->trade_code ? row->trade_code : "") :
		    r->lang == LANG_FR ? t->name_fr : t->name_en;
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td>", HS(row->name), HS(trade));
		if (*row->submitted)
			HF(h, "<time datetime=\"{}\">{}</time>", HS(row->submitted),
			    HS(row->submitted));
		H(h, "</td><td>");
		due_badge(p, row);
		HF(h, "</td><td><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a>"
		    "</td></tr>", HS(web_urlf(r, "/cases/%lld", (long long)row->id)), HM(action),
		    HS(MSGF(&r->arena, r->lang, MSG_SPONSOR_AGREEMENT_OF, row->name, trade)));
	}
	H(h, "</tbody></table></div></div>");
}

int
p_to_sign(struct req *r)
{
	struct sign_read s = { .who = r->who, .a = &r->arena, .lang = r->lang,
		.lists = { { .state = "apprentice_signed" }, { .state = "information_requested" } } };
	enum st_rc rc = st_read(r->store, sign_tx, &s);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_SPONSOR_TO_SIGN_TITLE), NAV_TO_SIGN, NULL);
	HF(&p.h, "<p>{}</p>", HM(MSG_SPONSOR_TO_SIGN_INTRO));
	sign_table(&p, &s.lists[0], MSG_SPONSOR_WAITING_TITLE, 0, MSG_SPONSOR_WAITING_CAPTION,
	    MSG_SPONSOR_WAITING_NONE, MSG_SPONSOR_REVIEW_SIGN);
	sign_table(&p, &s.lists[1], MSG_SPONSOR_INFO_TITLE, MSG_SPONSOR_INFO_INTRO,
	    MSG_SPONSOR_INFO_CAPTION, MSG_SPONSOR_INFO_NONE, MSG_SPONSOR_REVIEW_REPLY);
	page_end(&p);
	return 0;
}
