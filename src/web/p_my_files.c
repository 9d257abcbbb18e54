/* My files (clients): every training agreement of the signed-in client, newest first, with
 * its state in words, what happens next, and the registration decision's due date while
 * that service standard's clock runs; a callout to continue a saved draft; a button to
 * start a new agreement. */
#include <string.h>

#include "core/timeutil.h"
#include "domain/cases.h"
#include "web/client.h"
#include "web/pages.h"

#define PROGRAM "apprenticeship"
#define FILES_PER_READ 100

/* "What happens next", by state of the apprenticeship program. */
static const struct {
	const char *state;
	int msg;
} next_msgs[] = {
	{ "draft", MSG_CLIENT_NEXT_DRAFT },
	{ "submitted", MSG_CLIENT_NEXT_SUBMITTED },
	{ "apprentice_signed", MSG_CLIENT_NEXT_APPRENTICE_SIGNED },
	{ "sponsor_signed", MSG_CLIENT_NEXT_SPONSOR_SIGNED },
	{ "information_requested", MSG_CLIENT_NEXT_INFORMATION_REQUESTED },
	{ "registered", MSG_CLIENT_NEXT_REGISTERED },
	{ "active", MSG_CLIENT_NEXT_ACTIVE },
	{ "suspended", MSG_CLIENT_NEXT_SUSPENDED },
	{ "completed", MSG_CLIENT_NEXT_COMPLETED },
	{ "refused", MSG_CLIENT_NEXT_REFUSED },
	{ "withdrawn", MSG_CLIENT_NEXT_WITHDRAWN },
	{ "cancelled", MSG_CLIENT_NEXT_CANCELLED },
};

static int
next_msg(const char *state)
{
	for (size_t i = 0; i < sizeof(next_msgs) / sizeof(next_msgs[0]); i++)
		if (state != NULL && strcmp(next_msgs[i].state, state) == 0)
			return next_msgs[i].msg;
	return MSG_CLIENT_NEXT_OTHER;
}

struct files_ctx {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	json_t *cases;              /* full JSON of each case, oldest first */
	const char *resume;         /* where the saved draft stopped, or NULL */
	int64_t draft_us;
};

static enum st_rc
files_tx(struct st_tx *tx, void *v)
{
	struct files_ctx *c = v;
	json_decref(c->cases);
	c->cases = json_array();
	c->resume = NULL;
	struct case_filter f = { .program = PROGRAM, .limit = FILES_PER_READ };
	enum st_rc rc;
	do {
		json_t *items = NULL;
		int64_t next = 0;
		rc = case_list(tx, c->a, c->who, &f, c->lang, &items, &next);
		/* The list gives summaries; the clocks come with each case's full record. */
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) {
			if (rc != ST_OK)
				break;
			struct case_rec rec;
			json_t *full = NULL;
			rc = case_load(tx, c->a, c->who, json_integer_value(json_object_get(it, "id")),
			    &rec);
			if (rc == ST_OK)
				rc = case_full_json(tx, c->a, c->who, &rec, c->lang, &full);
			if (rc == ST_OK)
				json_array_append_new(c->cases, full);
		}
		json_decref(items);
		f.after = next;
	} while (rc == ST_OK && f.after != 0);
	if (rc == ST_OK)
		rc = agreement_draft_resume(tx, c->a, c->who, &c->resume, &c->draft_us);
	return rc;
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The running clock of a case (the registration decision), or NULL. */
static json_t *
running_clock(json_t *c)
{
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(c, "service_standards"), i, k)
		if (json_is_null(json_object_get(k, "stopped_at")))
			return k;
	return NULL;
}

/* The due date in words, after a status badge that says it in words too. */
static void
due_text(struct page *p, json_t *c)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	json_t *k = running_clock(c);
	if (k == NULL) {
		HF(h, "{}", HM(MSG_CLIENT_CLOCK_NONE));
		return;
	}
	const char *due = fmt_date_text_long(&r->arena, r->lang, str(k, "due_date"));
	if (json_is_true(json_object_get(k, "paused"))) {
		HF(h, "<span class=\"pl-status\">{}</span> {}", HM(MSG_CLIENT_CLOCK_PAUSED),
		    HM(MSG_CLIENT_CLOCK_PAUSED_TEXT));
		return;
	}
	if (json_is_true(json_object_get(k, "breached"))) {
		HF(h, "<span class=\"pl-status pl-status--breached\">{}</span> {}",
		    HM(MSG_CLIENT_CLOCK_OVERDUE),
		    HS(MSGF(&r->arena, r->lang, MSG_CLIENT_CLOCK_WAS_DUE, due)));
		return;
	}
	json_int_t left = json_integer_value(json_object_get(k, "business_days_left"));
	const char *left_text = left == 1 ? msg_get(r->lang, MSG_CLIENT_CLOCK_ONE_DAY_LEFT) :
	    MSGF(&r->arena, r->lang, MSG_CLIENT_CLOCK_DAYS_LEFT, fmt_int(&r->arena, r->lang, left));
	HF(h, "<span class=\"pl-status {}\">{}</span> {} ({})",
	    HS(left <= 2 ? "pl-status--soon" : "pl-status--ok"),
	    HM(left <= 2 ? MSG_CLIENT_CLOCK_SOON : MSG_CLIENT_CLOCK_OK),
	    HS(MSGF(&r->arena, r->lang, MSG_CLIENT_CLOCK_DUE, due)), HS(left_text));
}

/* One file as a card: its trade as a heading that links to the case page, then a summary
 * list (reads well at any width, unlike a table of five columns). */
static void
case_card(struct page *p, json_t *c)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	json_int_t id = json_integer_value(json_object_get(c, "id"));
	const char *ids = arena_printf(&r->arena, "%lld", (long long)id);
	json_t *t = json_object_get(c, "trade");
	const char *name = str(t, r->lang == LANG_FR ? "name_fr" : "name_en");
	const char *trade = name ? MSGF(&r->arena, r->lang, MSG_CLIENT_TRADE_OPTION, name,
	    str(t, "code")) : msg_get(r->lang, MSG_CLIENT_FILES_NO_TRADE);
	const char *ref = str(c, "registration_number");
	const char *number = ref ? MSGF(&r->arena, r->lang, MSG_CLIENT_FILES_REF_NO, ref) :
	    MSGF(&r->arena, r->lang, MSG_CLIENT_FILES_CASE_NO, ids);
	/* The hidden file number tells two files of one trade apart in a list of links. */
	HF(h, "<div class=\"pl-file\" id=\"file-{}\"><h3><a href=\"{}\">{}"
	    "<span class=\"ontario-show-for-sr\"> {}</span></a></h3><dl class=\"pl-summary-list\">",
	    HS(ids), HS(web_urlf(r, "/cases/%s", ids)), HS(trade),
	    HS(MSGF(&r->arena, r->lang, MSG_CLIENT_FILES_LINK_SR, ids)));
	HF(h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>"
	    "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>"
	    "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>"
	    "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>",
	    HM(MSG_CLIENT_FILES_NUMBER), HS(number), HM(MSG_CLIENT_FILES_STATE),
	    HS(str(c, "state_label")), HM(MSG_CLIENT_FILES_NEXT), HM(next_msg(str(c, "state"))),
	    HM(MSG_CLIENT_FILES_DUE));
	due_text(p, c);
	H(h, "</dd></div></dl></div>");
}

int
p_my_files(struct req *r)
{
	struct files_ctx c = { .a = &r->arena, .who = r->who, .lang = r->lang };
	enum st_rc rc = st_read(r->store, files_tx, &c);
	if (rc != ST_OK) {
		json_decref(c.cases);
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CLIENT_FILES_TITLE), NAV_MY_FILES, NULL);
	struct html *h = &p.h;
	HF(h, "<p class=\"ontario-lead-statement\">{}</p>", HM(MSG_CLIENT_FILES_LEAD));
	if (c.resume != NULL)
		HF(h, "<div class=\"ontario-callout\"><h2 class=\"ontario-callout__title ontario-h5\">{}"
		    "</h2><p>{}</p><p><a href=\"{}\">{}</a></p></div>", HM(MSG_CLIENT_DRAFT_TITLE),
		    HS(MSGF(&r->arena, r->lang, MSG_CLIENT_DRAFT_TEXT,
		    fmt_date_long(&r->arena, r->lang, date_of_us_local(c.draft_us)))),
		    HS(web_url(r, c.resume)), HM(MSG_CLIENT_DRAFT_LINK));
	HF(h, "<p><a class=\"ontario-button ontario-button--primary\" href=\"{}\">{}</a></p>",
	    HS(web_url(r, "/agreements/new")), HM(MSG_CLIENT_FILES_START));
	size_t n = json_array_size(c.cases);
	if (n == 0) {
		HF(h, "<p id=\"no-files\">{}</p>", HM(MSG_CLIENT_FILES_EMPTY));
	} else {
		HF(h, "<h2>{}</h2>", HM(MSG_CLIENT_FILES_HEADING));
		/* Newest first: cases come in the order they were opened. */
		for (size_t i = n; i-- > 0;)
			case_card(&p, json_array_get(c.cases, i));
	}
	json_decref(c.cases);
	page_end(&p);
	return 0;
}
