/* Find a trade (public): search the embedded trades catalogue by code or by name in either
 * language, accents and case ignored. The results sit in #trade-results, which the page's
 * script replaces in place while the visitor types (form data-live-filter); without the
 * script the form is an ordinary GET search. */
#include <stdlib.h>
#include <string.h>

#include "domain/trades.h"
#include "text/text.h"
#include "web/pages.h"

#define QUERY_MAX 200

struct trade_hit {
	const struct trade *t;
	const char *sort_key;     /* search key of the name in the page's language */
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct trade_hit *x = a, *y = b;
	int c = strcmp(x->sort_key, y->sort_key);
	return c != 0 ? c : strcmp(x->t->code, y->t->code);
}

/* "309a" and "309 A" match the code 309A: letters and digits only, upper-cased. */
static int
code_prefix(const char *code, const char *q)
{
	size_t n = 0;
	for (const char *s = q; *s; s++) {
		char ch = *s;
		if (ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (code[n] == '\0' || code[n] != ch)
			return 0;
		n++;
	}
	return n > 0;
}

static int
trade_matches(const struct trade *t, const char *key)
{
	return code_prefix(t->code, key) || strstr(t->key_en, key) != NULL ||
	    strstr(t->key_fr, key) != NULL;
}

static int
sector_label(enum trade_sector s)
{
	switch (s) {
	case SECTOR_CONSTRUCTION:
		return MSG_PUBLIC_SECTOR_CONSTRUCTION;
	case SECTOR_INDUSTRIAL:
		return MSG_PUBLIC_SECTOR_INDUSTRIAL;
	case SECTOR_MOTIVE_POWER:
		return MSG_PUBLIC_SECTOR_MOTIVE_POWER;
	case SECTOR_SERVICE:
		break;
	}
	return MSG_PUBLIC_SECTOR_SERVICE;
}

static void
results_table(struct page *p, const struct trade_hit *hits, size_t n, const char *q)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	int fr = r->lang == LANG_FR;
	HF(h, "<div class=\"ontario-table-container ontario-table-div\" role=\"region\" aria-label=\"{}\" "
	    "tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption><thead><tr>",
	    HM(MSG_PUBLIC_TRADES_CAPTION), HS(q[0] != '\0' ?
	    MSGF(&r->arena, r->lang, MSG_PUBLIC_TRADES_CAPTION_Q, q) :
	    msg_get(r->lang, MSG_PUBLIC_TRADES_CAPTION)));
	HF(h, "<th scope=\"col\" class=\"pl-nowrap\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th></tr></thead><tbody>",
	    HM(MSG_PUBLIC_TRADES_COL_CODE), HM(MSG_PUBLIC_TRADES_COL_NAME),
	    HM(MSG_PUBLIC_TRADES_COL_SECTOR), HM(MSG_PUBLIC_TRADES_COL_RED_SEAL),
	    HM(MSG_PUBLIC_TRADES_COL_HOURS));
	for (size_t i = 0; i < n; i++) {
		const struct trade *t = hits[i].t;
		/* Codes and one-word values never break mid-word; the name wraps. */
		HF(h, "<tr><td class=\"pl-nowrap\">{}</td><th scope=\"row\">{}</th>"
		    "<td class=\"pl-nowrap\">{}</td><td class=\"pl-nowrap\">{}</td>",
		    HS(t->code), HS(fr ? t->name_fr : t->name_en), HM(sector_label(t->sector)),
		    HM(t->red_seal ? MSG_FRAME_YES : MSG_FRAME_NO));
		if (t->hours > 0)
			HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td></tr>",
			    HS(fmt_int(&r->arena, r->lang, t->hours)));
		else
			HF(h, "<td class=\"ontario-table-cell--numeric\">{}</td></tr>",
			    HM(MSG_PUBLIC_TRADES_HOURS_NONE));
	}
	H(h, "</tbody></table></div>");
}

int
p_trades(struct req *r)
{
	const char *q = req_query(r, "q");
	if (q == NULL || !text_utf8_valid(q, strlen(q)))
		q = "";
	q = text_trim(&r->arena, q);
	/* An over-long query cannot be a trade: it matches nothing. */
	int too_long = strlen(q) > QUERY_MAX;
	const char *key = too_long ? "" : text_search_key(&r->arena, q);
	if (key == NULL)
		key = "";

	size_t n = 0;
	const struct trade *all = trades_all(&n);
	struct trade_hit *hits = arena_calloc(&r->arena, n > 0 ? n : 1, sizeof(*hits));
	size_t nh = 0;
	int fr = r->lang == LANG_FR;
	for (size_t i = 0; i < n && !too_long; i++) {
		if (key[0] != '\0' && !trade_matches(&all[i], key))
			continue;
		hits[nh].t = &all[i];
		hits[nh].sort_key = fr ? all[i].key_fr : all[i].key_en;
		nh++;
	}
	qsort(hits, nh, sizeof(*hits), hit_cmp);

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_PUBLIC_TRADES_TITLE), NAV_TRADES, NULL);
	struct html *h = &p.h;
	HF(h, "<p>{}</p>", HM(MSG_PUBLIC_TRADES_INTRO));
	HF(h, "<form method=\"get\" action=\"{}\" role=\"search\" class=\"pl-filters\" "
	    "data-live-filter=\"trade-results\">", HS(web_url(r, "/trades")));
	field_input(&p, &(struct field){ .id = "q", .name = "q",
	    .label = MSG_PUBLIC_TRADES_SEARCH_LABEL, .hint = MSG_PUBLIC_TRADES_SEARCH_HINT,
	    .value = q, .type = "search" });
	form_button(&p, MSG_PUBLIC_TRADES_SEARCH_BUTTON);
	H(h, "</form>");
	/* Outside the results, so the script's announcement survives their replacement. */
	H(h, "<p id=\"live-status\" class=\"ontario-show-for-sr\" aria-live=\"polite\"></p>");

	H(h, "<div id=\"trade-results\">");
	const char *count = nh == 1 ? msg_get(r->lang, MSG_PUBLIC_TRADES_COUNT_ONE) :
	    MSGF(&r->arena, r->lang, MSG_PUBLIC_TRADES_COUNT, fmt_int(&r->arena, r->lang,
	    (int64_t)nh));
	if (nh == 0)
		HF(h, "<p data-count=\"0\">{}</p>", HM(MSG_PUBLIC_TRADES_NONE));
	else
		HF(h, "<p data-count=\"{}\">{}</p>", HI(nh), HS(count));
	if (nh > 0)
		results_table(&p, hits, nh, q);
	H(h, "</div>");
	HF(h, "<p>{}</p>", HM(MSG_PUBLIC_TRADES_NOTE));
	page_end(&p);
	return 0;
}
