/* The work queue: open training agreements that wait for an advisor's step, the soonest due
 * first, with filters (program, region, state) that work as a plain GET form and, with the
 * page's script, update the results in place (data-live-filter). Advisors see their own
 * region unless they have province-wide scope (queue_list enforces it). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "domain/orgs.h"
#include "domain/program.h"
#include "domain/queue.h"
#include "web/casefmt.h"
#include "web/pages.h"

#define QUEUE_PAGE 25
#define DEFAULT_PROGRAM "apprenticeship"

struct queue_view {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	const struct program *p;
	int64_t region;           /* 0: all the caller may see */
	const char *state;        /* "" any */
	struct queue_cursor cur;  /* where this page starts */
	struct queue_cursor next; /* where the next one starts */
	int paged;                /* a cursor was given (not the first page) */
	json_t *items;
	int more;
	json_t *regions;
};

static void
queue_view_clear(struct queue_view *q)
{
	json_decref(q->items);
	json_decref(q->regions);
	q->items = q->regions = NULL;
}

/* Whether a caller bound to a region sees only it. */
static int
region_bound(const struct principal *who)
{
	return who->role == ROLE_ADVISOR && !who->all_regions;
}

/* The regions a caller may pick: regions (not catchments), or only their own. */
static int
region_offered(const struct principal *who, json_t *reg)
{
	int64_t id = json_integer_value(json_object_get(reg, "id"));
	const char *kind = json_string_value(json_object_get(reg, "kind"));
	if (region_bound(who))
		return id == who->region_id;
	return kind != NULL && strcmp(kind, "region") == 0;
}

static enum st_rc
queue_tx(struct st_tx *tx, void *v)
{
	struct queue_view *q = v;
	queue_view_clear(q);
	enum st_rc rc = region_list(tx, &q->regions);
	if (rc != ST_OK)
		return rc;
	/* A region that is not offered (a catchment, or typed by hand) means "all". */
	if (q->region && !region_bound(q->who)) {
		int offered = 0;
		size_t i;
		json_t *reg;
		json_array_foreach(q->regions, i, reg)
			offered |= region_offered(q->who, reg) &&
			    json_integer_value(json_object_get(reg, "id")) == q->region;
		if (!offered)
			q->region = 0;
	}
	struct queue_cursor cur = q->cur;
	/* The queue is of the steps advisors take; other staff look over it. */
	rc = queue_list_state(tx, q->a, q->who, q->p->id, ROLE_ADVISOR, q->region, q->state, &cur,
	    QUEUE_PAGE, q->lang, &q->items, &q->more);
	if (rc == ST_OK)
		q->next = cur;
	return rc;
}

static const char *
queue_url(struct req *r, struct queue_view *q, int with_cursor)
{
	struct arena *a = &r->arena;
	const char *s = arena_printf(a, "/queue?program=%s", url_encode(a, q->p->id));
	if (q->region)
		s = arena_printf(a, "%s&region=%" PRId64, s, q->region);
	if (q->state[0])
		s = arena_printf(a, "%s&state=%s", s, url_encode(a, q->state));
	if (with_cursor)
		s = arena_printf(a, "%s&cursor=%" PRId64 ".%" PRId64, s, q->next.due_us,
		    q->next.clock_id);
	return web_url(r, s);
}

static void
write_filters(struct page *pg, struct queue_view *q)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	enum lang lang = pg->lang;
	HF(h, "<form method=\"get\" action=\"{}\" class=\"pl-filters\" "
	    "data-live-filter=\"queue-results\">", HS(web_url(r, "/queue")));

	size_t np = 0;
	while (program_at(np) != NULL)
		np++;
	struct option *po = arena_calloc(a, np ? np : 1, sizeof(*po));
	for (size_t i = 0; i < np; i++)
		po[i] = (struct option){ program_at(i)->id, i18n_pick(&program_at(i)->label, lang) };
	field_select(pg, &(struct field){ .id = "program", .name = "program",
	    .label = MSG_QUEUE_FILTER_PROGRAM, .value = q->p->id }, po, np);

	size_t nr = json_array_size(q->regions), k = 0;
	struct option *ro = arena_calloc(a, nr + 1, sizeof(*ro));
	if (!region_bound(q->who))
		ro[k++] = (struct option){ "", msg_get(lang, MSG_QUEUE_ALL_REGIONS) };
	size_t i;
	json_t *reg;
	json_array_foreach(q->regions, i, reg) {
		if (!region_offered(q->who, reg))
			continue;
		ro[k++] = (struct option){
			arena_printf(a, "%" PRId64, (int64_t)json_integer_value(json_object_get(reg, "id"))),
			json_string_value(json_object_get(reg, lang == LANG_FR ? "name_fr" : "name_en")) };
	}
	field_select(pg, &(struct field){ .id = "region", .name = "region",
	    .label = MSG_QUEUE_FILTER_REGION,
	    .value = q->region ? arena_printf(a, "%" PRId64, q->region) : "" }, ro, k);

	struct option *so = arena_calloc(a, (size_t)q->p->nstates + 1, sizeof(*so));
	k = 0;
	so[k++] = (struct option){ "", msg_get(lang, MSG_QUEUE_ALL_STATES) };
	for (int s = 0; s < q->p->nstates; s++)
		if (!q->p->states[s].terminal)
			so[k++] = (struct option){ q->p->states[s].id,
				i18n_pick(&q->p->states[s].label, lang) };
	field_select(pg, &(struct field){ .id = "state", .name = "state",
	    .label = MSG_QUEUE_FILTER_STATE, .value = q->state }, so, k);

	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
	    "</button></form>", HM(MSG_QUEUE_FILTER_APPLY));
}

static void
write_row(struct page *pg, json_t *it)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	enum lang lang = pg->lang;
	json_t *clock = json_object_get(it, "service_standard");
	json_t *app = json_object_get(it, "apprentice");
	int64_t id = json_integer_value(json_object_get(it, "id"));
	const char *ref = casefmt_case_ref(a, lang,
	    json_string_value(json_object_get(it, "registration_number")), id);
	const char *name = casefmt_name(a, json_string_value(json_object_get(app, "given_name")),
	    json_string_value(json_object_get(app, "family_name")));
	H(h, "<tr><td class=\"pl-nowrap\">");
	casefmt_due_badge_short(h, clock);
	HF(h, "<br>{}</td>", HS(json_string_value(json_object_get(clock, "due_date"))));
	/* The link names the agreement; screen readers also hear whose it is. */
	HF(h, "<td class=\"pl-nowrap\"><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a>"
	    "</td>",
	    HS(web_urlf(r, "/cases/%" PRId64, id)), HS(ref), HS(MSGF(a, lang, MSG_QUEUE_OF, name)));
	HF(h, "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", HS(name),
	    HS(casefmt_trade_name(json_string_value(json_object_get(it, "trade_code")), lang)),
	    HS(json_string_value(json_object_get(it, "state_label"))),
	    HS(json_string_value(json_object_get(json_object_get(it, "sponsor"), "name"))));
}

static void
write_results(struct page *pg, struct queue_view *q)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	enum lang lang = pg->lang;
	size_t n = json_array_size(q->items);
	H(h, "<div id=\"queue-results\">");
	if (n == 0) {
		HF(h, "<p data-count=\"0\">{}</p>", HM(q->paged ? MSG_QUEUE_EMPTY_PAGE : MSG_QUEUE_EMPTY));
	} else {
		const char *count = fmt_int(a, lang, (int64_t)n);
		int id = n == 1 ? (q->paged || q->more ? MSG_QUEUE_COUNT_PAGE_ONE : MSG_QUEUE_COUNT_ONE) :
		    (q->paged || q->more ? MSG_QUEUE_COUNT_PAGE_MANY : MSG_QUEUE_COUNT_MANY);
		HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table>"
		    "<caption data-count=\"{}\">{}</caption><thead><tr>",
		    HM(MSG_QUEUE_TABLE_LABEL), HI(n), HS(MSGF(a, lang, id, count)));
		static const int cols[] = { MSG_QUEUE_COL_DUE, MSG_QUEUE_COL_CASE,
			MSG_QUEUE_COL_APPRENTICE, MSG_QUEUE_COL_TRADE, MSG_QUEUE_COL_STATE,
			MSG_QUEUE_COL_SPONSOR };
		for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
			HF(h, "<th scope=\"col\" class=\"pl-nowrap\">{}</th>", HM(cols[c]));
		H(h, "</tr></thead><tbody>");
		size_t i;
		json_t *it;
		json_array_foreach(q->items, i, it)
			write_row(pg, it);
		H(h, "</tbody></table></div></div>");
	}
	if (q->more || q->paged) {
		HF(h, "<nav class=\"pl-actions\" aria-label=\"{}\">", HM(MSG_QUEUE_PAGES_LABEL));
		if (q->paged)
			HF(h, "<a href=\"{}\">{}</a>", HS(queue_url(r, q, 0)), HM(MSG_QUEUE_FIRST_PAGE));
		if (q->more)
			HF(h, "<a href=\"{}\" rel=\"next\">{}</a>", HS(queue_url(r, q, 1)),
			    HM(MSG_FRAME_NEXT_PAGE));
		H(h, "</nav>");
	}
	H(h, "</div>");
}

/* "DUE.CLOCK" as written by queue_url. */
static int
parse_cursor(const char *s, struct queue_cursor *c)
{
	const char *dot = s ? strchr(s, '.') : NULL;
	char due[24];
	if (dot == NULL || (size_t)(dot - s) >= sizeof(due))
		return -1;
	memcpy(due, s, (size_t)(dot - s));
	due[dot - s] = '\0';
	return parse_i64(due, 0, INT64_MAX, &c->due_us) == 0 &&
	    parse_i64(dot + 1, 0, INT64_MAX, &c->clock_id) == 0 ? 0 : -1;
}

int
p_queue(struct req *r)
{
	struct form f;
	const char *qs = req_raw_query(r);
	if (form_parse(&f, &r->arena, qs, strlen(qs)) != 0) {
		web_message_page(r, 400, MSG_ERRPAGE_BAD_FORM_TITLE, MSG_ERRPAGE_BAD_FORM_TEXT);
		return 0;
	}
	struct queue_view *q = arena_calloc(&r->arena, 1, sizeof(*q));
	q->who = r->who;
	q->a = &r->arena;
	q->lang = r->lang;
	/* Unknown filter values fall back to "all": a filter never widens what the role sees. */
	const char *pv = form_get(&f, "program");
	q->p = pv && *pv ? program_get(pv) : NULL;
	if (q->p == NULL)
		q->p = program_get(DEFAULT_PROGRAM);
	if (q->p == NULL) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	const char *sv = form_get(&f, "state");
	q->state = sv && program_state_index(q->p, sv) >= 0 ? sv : "";
	const char *rv = form_get(&f, "region");
	if (rv == NULL || *rv == '\0' || parse_i64(rv, 1, INT64_MAX, &q->region) != 0)
		q->region = 0;
	if (region_bound(r->who))
		q->region = r->who->region_id;
	const char *cv = form_get(&f, "cursor");
	q->paged = cv != NULL && *cv != '\0' && parse_cursor(cv, &q->cur) == 0;
	enum st_rc rc = st_read(r->store, queue_tx, q);
	if (rc != ST_OK) {
		queue_view_clear(q);
		web_reply_failure(r, rc);
		return 0;
	}
	struct page pg;
	page_begin(&pg, r, msg_get(r->lang, MSG_QUEUE_TITLE), NAV_QUEUE, NULL);
	struct html *h = &pg.h;
	HF(h, "<p class=\"ontario-lead-statement\">{}</p>", HM(MSG_QUEUE_LEAD));
	if (region_bound(r->who))
		HF(h, "<p>{}</p>", HM(MSG_QUEUE_OWN_REGION));
	HF(h, "<p>{}</p>", HS(MSGF(&r->arena, r->lang, MSG_QUEUE_RULE,
	    fmt_int(&r->arena, r->lang, CASEFMT_SOON_DAYS))));
	write_filters(&pg, q);
	H(h, "<p id=\"live-status\" class=\"ontario-show-for-sr\" aria-live=\"polite\"></p>");
	write_results(&pg, q);
	page_end(&pg);
	queue_view_clear(q);
	return 0;
}
