/* Starting a training agreement (clients): the start page; one question per page (sponsor,
 * trade, start date, language), each answer saved in a server-side draft so nothing is lost
 * between steps or when the session ends; "check your answers", whose POST creates the
 * agreement and submits it for signature in one transaction; and the confirmation. */
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/drafts.h"
#include "domain/engine.h"
#include "domain/orgs.h"
#include "domain/trades.h"
#include "text/text.h"
#include "web/client.h"
#include "web/casefmt.h"
#include "web/pages.h"

#define PROGRAM "apprenticeship"

enum step { STEP_SPONSOR, STEP_TRADE, STEP_START, STEP_LANGUAGE, STEP_CHECK, STEP__COUNT };
#define QUESTIONS STEP_CHECK    /* the steps that ask something */

static const char *const step_slug[STEP__COUNT] = { "sponsor", "trade", "start-date",
	"language", "check" };

/* The answers saved so far; a member is unset (0 / NULL) until answered validly. */
struct answers {
	int64_t sponsor;
	const char *sponsor_en, *sponsor_fr;
	const char *trade;
	const char *start;          /* YYYY-MM-DD */
	const char *language;       /* "en" or "fr" */
};

static int
step_find(const char *slug)
{
	for (int i = 0; i < STEP__COUNT; i++)
		if (slug != NULL && strcmp(slug, step_slug[i]) == 0)
			return i;
	return -1;
}

static const char *
step_path(struct req *r, int s, int change)
{
	return web_urlf(r, "/agreements/new/%s%s", step_slug[s], change ? "?change=1" : "");
}

static enum step
first_missing(const struct answers *a)
{
	if (a->sponsor == 0)
		return STEP_SPONSOR;
	if (a->trade == NULL)
		return STEP_TRADE;
	if (a->start == NULL)
		return STEP_START;
	if (a->language == NULL)
		return STEP_LANGUAGE;
	return STEP_CHECK;
}

/* The same day n years later (29 February becomes the 28th in common years). */
static int32_t
shift_years(int32_t day, int n)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29 && !date_valid(y + n, m, d))
		d = 28;
	return date_from_ymd(y + n, m, d);
}

/* 0 when a start date is acceptable: no more than 1 year ago, 2 years ahead (Ontario's day);
 * else the message saying which limit it passes. */
static int
start_range_error(int32_t day)
{
	int32_t today = date_of_us_local(time_now_us());
	if (day < shift_years(today, -1))
		return MSG_CLIENT_START_DATE_ERR_PAST;
	if (day > shift_years(today, 2))
		return MSG_CLIENT_START_DATE_ERR_FUTURE;
	return 0;
}

/* Keeps only the saved answers that are still valid (a draft may be old). */
static void
answers_from_json(struct arena *a, json_t *d, struct answers *out)
{
	json_t *v = json_object_get(d, "sponsor");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		out->sponsor = json_integer_value(v);
	const char *s = json_string_value(json_object_get(d, "trade"));
	if (s != NULL && trades_find(s) != NULL)
		out->trade = arena_strdup(a, s);
	s = json_string_value(json_object_get(d, "start"));
	int32_t day;
	if (s != NULL && date_parse(s, &day) == 0 && start_range_error(day) == 0)
		out->start = arena_strdup(a, s);
	s = json_string_value(json_object_get(d, "language"));
	if (s != NULL && (strcmp(s, "en") == 0 || strcmp(s, "fr") == 0))
		out->language = s[0] == 'e' ? "en" : "fr";
}

/* Reads the caller's draft and the sponsor's names (a number that is no longer a sponsor's
 * counts as unanswered). *found says whether there is a draft at all. */
static enum st_rc
answers_load(struct st_tx *tx, struct arena *a, const struct principal *who,
    struct answers *ans, int *found, int64_t *updated_us)
{
	memset(ans, 0, sizeof(*ans));
	*found = 0;
	json_t *d = NULL;
	enum st_rc rc = draft_get(tx, who, DRAFT_AGREEMENT, &d, updated_us);
	if (rc == ST_NOTFOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	*found = 1;
	answers_from_json(a, d, ans);
	json_decref(d);
	if (ans->sponsor != 0) {
		rc = org_sponsor_names(tx, ans->sponsor, &ans->sponsor_en, &ans->sponsor_fr, a);
		if (rc == ST_NOTFOUND) {
			ans->sponsor = 0;
			rc = ST_OK;
		}
	}
	return rc;
}

enum st_rc
agreement_draft_resume(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char **path, int64_t *updated_us)
{
	struct answers ans;
	int found;
	*path = NULL;
	enum st_rc rc = answers_load(tx, a, who, &ans, &found, updated_us);
	if (rc == ST_OK && found)
		*path = arena_printf(a, "/agreements/new/%s", step_slug[first_missing(&ans)]);
	return rc;
}

/* ---- reads for the pages ---- */

struct load_ctx {
	struct arena *a;
	const struct principal *who;
	struct answers ans;
	int found;
	int64_t updated_us;
	/* the sponsor number being checked (sponsor step) */
	int64_t sponsor;
	const char *sponsor_en, *sponsor_fr;
	int sponsor_found;
};

static enum st_rc
load_tx(struct st_tx *tx, void *v)
{
	struct load_ctx *c = v;
	c->sponsor_found = 0;
	enum st_rc rc = answers_load(tx, c->a, c->who, &c->ans, &c->found, &c->updated_us);
	if (rc != ST_OK || c->sponsor == 0)
		return rc;
	rc = org_sponsor_names(tx, c->sponsor, &c->sponsor_en, &c->sponsor_fr, c->a);
	if (rc == ST_NOTFOUND)
		return ST_OK;
	c->sponsor_found = rc == ST_OK;
	return rc;
}

/* ---- the start page ---- */

int
p_agreement_start(struct req *r)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CLIENT_START_TITLE), NAV_NEW_AGREEMENT, NULL);
	struct html *h = &p.h;
	HF(h, "<p class=\"ontario-lead-statement\">{}</p>", HM(MSG_CLIENT_START_LEAD));
	HF(h, "<h2>{}</h2><p>{}</p><ul><li>{}</li><li>{}</li><li>{}</li></ul>",
	    HM(MSG_CLIENT_START_NEED_TITLE), HM(MSG_CLIENT_START_NEED_INTRO),
	    HM(MSG_CLIENT_START_NEED_SPONSOR), HM(MSG_CLIENT_START_NEED_TRADE),
	    HM(MSG_CLIENT_START_NEED_DATE));
	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_CLIENT_START_TIME_TITLE), HM(MSG_CLIENT_START_TIME));
	HF(h, "<p><a class=\"ontario-button ontario-button--primary\" href=\"{}\">{}</a></p>",
	    HS(step_path(r, STEP_SPONSOR, 0)), HM(MSG_CLIENT_START_BUTTON));
	page_end(&p);
	return 0;
}

/* ---- the question pages ---- */

static const int step_title[STEP__COUNT] = { MSG_CLIENT_SPONSOR_TITLE, MSG_CLIENT_TRADE_TITLE,
	MSG_CLIENT_START_DATE_TITLE, MSG_CLIENT_LANGUAGE_TITLE, MSG_CLIENT_CHECK_TITLE };

/* The back link and "Step N of 4", above the question (ODS step indicator). */
static void
step_header(struct page *p, int s, int change)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	const char *back = change ? step_path(r, STEP_CHECK, 0) :
	    s == 0 ? web_url(r, "/agreements/new") : step_path(r, s - 1, 0);
	H(h, "<div class=\"ontario-step-indicator\">"
	    "<div class=\"ontario-step-indicator--with-back-button--true\">");
	page_back_link(p, back);
	if (s < QUESTIONS)
		HF(h, "<span class=\"ontario-h4\">{}</span>", HS(MSGF(&r->arena, r->lang,
		    MSG_CLIENT_STEP_OF, fmt_int(&r->arena, r->lang, s + 1),
		    fmt_int(&r->arena, r->lang, QUESTIONS))));
	H(h, "</div><hr></div>");
}


/* Splits a saved YYYY-MM-DD into the three inputs' values. */
static void
date_parts(struct req *r, const char *iso, const char **y, const char **m, const char **d)
{
	int32_t day;
	*y = *m = *d = NULL;
	if (iso == NULL || date_parse(iso, &day) != 0)
		return;
	int yy, mm, dd;
	date_to_ymd(day, &yy, &mm, &dd);
	/* Digits as typed in the inputs (no group separators). */
	*y = arena_printf(&r->arena, "%d", yy);
	*m = arena_printf(&r->arena, "%d", mm);
	*d = arena_printf(&r->arena, "%d", dd);
}

/* Renders question step s: values from the failed form f when there is one, else from the
 * saved answers. */
static void
render_question(struct req *r, int s, struct form *f, const struct answers *ans, int change)
{
	struct page p;
	const char *title = msg_get(r->lang, step_title[s]);
	page_begin_bare(&p, r, title, NAV_NEW_AGREEMENT, f);
	struct html *h = &p.h;
	step_header(&p, s, change);
	/* A text input or a list: the question is the h1 and the field has a short label; radios
	 * and dates: the question is their legend, as the h1. */
	if (s == STEP_SPONSOR || s == STEP_TRADE)
		HF(h, "<h1>{}</h1>", HS(title));
	form_open(&p, step_path(r, s, 0));
	if (change)
		H(h, "<input type=\"hidden\" name=\"change\" value=\"1\">");
	switch (s) {
	case STEP_SPONSOR: {
		const char *v = f ? form_get(f, "sponsor") : ans->sponsor ?
		    arena_printf(&r->arena, "%lld", (long long)ans->sponsor) : NULL;
		struct field fl = { .id = "sponsor", .name = "sponsor", .label = MSG_CLIENT_SPONSOR_LABEL,
			.hint = MSG_CLIENT_SPONSOR_HINT, .value = v, .inputmode = "numeric",
			.width = "10-char-width" };
		field_input(&p, &fl);
		break;
	}
	case STEP_TRADE: {
		size_t n;
		struct option *o = casefmt_trade_options(&r->arena, r->lang,
		    msg_get(r->lang, MSG_CLIENT_TRADE_CHOOSE), &n);
		struct field fl = { .id = "trade", .name = "trade", .label = MSG_CLIENT_TRADE_LABEL,
			.hint = MSG_CLIENT_TRADE_HINT, .value = f ? form_get(f, "trade") : ans->trade };
		field_select(&p, &fl, o, n);
		break;
	}
	case STEP_START: {
		const char *y, *m, *d;
		if (f) {
			y = form_get(f, "start_year");
			m = form_get(f, "start_month");
			d = form_get(f, "start_day");
		} else {
			date_parts(r, ans->start, &y, &m, &d);
		}
		struct field fl = { .id = "start", .name = "start", .label = MSG_CLIENT_START_DATE_TITLE,
			.hint = MSG_CLIENT_START_DATE_HINT, .label_is_heading = true };
		field_date(&p, &fl, y, m, d);
		break;
	}
	default: {
		const struct option o[] = { { "en", msg_get(r->lang, MSG_CLIENT_LANGUAGE_EN) },
			{ "fr", msg_get(r->lang, MSG_CLIENT_LANGUAGE_FR) } };
		struct field fl = { .id = "language", .name = "language",
			.label = MSG_CLIENT_LANGUAGE_TITLE, .hint = MSG_CLIENT_LANGUAGE_HINT,
			.value = f ? form_get(f, "language") : ans->language, .label_is_heading = true };
		field_radios(&p, &fl, o, 2);
		break;
	}
	}
	form_button(&p, MSG_FRAME_CONTINUE);
	form_close(&p);
	page_end(&p);
}

/* ---- check your answers ---- */

static void
summary_row(struct page *p, int label, const char *value, int s, int change_sr)
{
	struct req *r = p->r;
	HF(&p->h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd>"
	    "<dd class=\"pl-summary-list__actions\"><a id=\"change-{}\" href=\"{}\">{}"
	    "<span class=\"ontario-show-for-sr\"> {}</span></a></dd></div>",
	    HM(label), HS(value), HS(step_slug[s]), HS(step_path(r, s, 1)),
	    HM(MSG_CLIENT_CHECK_CHANGE), HM(change_sr));
}

static void
render_check(struct req *r, struct form *f, const struct answers *ans)
{
	struct page p;
	const char *title = msg_get(r->lang, MSG_CLIENT_CHECK_TITLE);
	page_begin_bare(&p, r, title, NAV_NEW_AGREEMENT, f);
	struct html *h = &p.h;
	step_header(&p, STEP_CHECK, 0);
	HF(h, "<h1>{}</h1>", HS(title));
	const struct trade *t = trades_find(ans->trade);
	const char *sponsor = MSGF(&r->arena, r->lang, MSG_CLIENT_CHECK_SPONSOR_VALUE,
	    r->lang == LANG_FR ? ans->sponsor_fr : ans->sponsor_en,
	    arena_printf(&r->arena, "%lld", (long long)ans->sponsor));
	const char *trade = MSGF(&r->arena, r->lang, MSG_CLIENT_TRADE_OPTION,
	    r->lang == LANG_FR ? t->name_fr : t->name_en, t->code);
	HF(h, "<h2>{}</h2><dl class=\"pl-summary-list\">", HM(MSG_CLIENT_CHECK_ANSWERS));
	summary_row(&p, MSG_CLIENT_CHECK_SPONSOR, sponsor, STEP_SPONSOR, MSG_CLIENT_CHECK_CHANGE_SPONSOR);
	summary_row(&p, MSG_CLIENT_CHECK_TRADE, trade, STEP_TRADE, MSG_CLIENT_CHECK_CHANGE_TRADE);
	summary_row(&p, MSG_CLIENT_CHECK_START, fmt_date_text_long(&r->arena, r->lang, ans->start),
	    STEP_START, MSG_CLIENT_CHECK_CHANGE_START);
	summary_row(&p, MSG_CLIENT_CHECK_LANGUAGE, msg_get(r->lang, ans->language[0] == 'f' ?
	    MSG_CLIENT_LANGUAGE_FR : MSG_CLIENT_LANGUAGE_EN), STEP_LANGUAGE,
	    MSG_CLIENT_CHECK_CHANGE_LANGUAGE);
	H(h, "</dl>");
	HF(h, "<h2>{}</h2><p id=\"declaration\">{}</p>", HM(MSG_CLIENT_CHECK_SUBMIT_TITLE),
	    HM(MSG_CLIENT_CHECK_DECLARATION));
	form_open(&p, step_path(r, STEP_CHECK, 0));
	HF(h, "<button type=\"submit\" id=\"submit\" class=\"ontario-button ontario-button--primary\">"
	    "{}</button>", HM(MSG_CLIENT_CHECK_SUBMIT));
	form_close(&p);
	page_end(&p);
}

/* ---- GET /LANG/agreements/new/{step} ---- */

int
p_agreement_step_form(struct req *r)
{
	int s = step_find(r->args[0]);
	if (s < 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	struct load_ctx c = { .a = &r->arena, .who = r->who };
	enum st_rc rc = st_read(r->store, load_tx, &c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	/* The questions are answered in order; the check page needs every answer. */
	enum step missing = first_missing(&c.ans);
	if ((int)missing < s) {
		web_redirect(r, step_path(r, missing, 0));
		return 0;
	}
	const char *change = req_query(r, "change");
	if (s == STEP_CHECK)
		render_check(r, NULL, &c.ans);
	else
		render_question(r, s, NULL, &c.ans, change != NULL && strcmp(change, "1") == 0);
	return 0;
}

/* ---- POST /LANG/agreements/new/{step} ---- */

/* One answer to save into the draft. */
struct save_ctx {
	const struct principal *who;
	const char *key;
	int64_t ival;       /* sponsor */
	const char *sval;   /* the others */
	const char *next;
};

static enum st_rc
save_tx(struct st_tx *tx, void *v)
{
	struct save_ctx *c = v;
	json_t *d = NULL;
	enum st_rc rc = draft_get(tx, c->who, DRAFT_AGREEMENT, &d, NULL);
	if (rc == ST_NOTFOUND)
		d = json_object();
	else if (rc != ST_OK)
		return rc;
	json_object_set_new(d, c->key, c->sval ? json_string(c->sval) : json_integer(c->ival));
	rc = draft_put(tx, c->who, DRAFT_AGREEMENT, d);
	json_decref(d);
	return rc;
}

static void
saved(struct req *r, void *v, enum st_rc rc)
{
	struct save_ctx *c = v;
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	web_redirect(r, c->next);
}

/* Reads the sponsor number: digits (spaces and hyphens people type are dropped). */
static int64_t
sponsor_value(struct req *r, struct form *f)
{
	const char *raw = form_get(f, "sponsor");
	if (raw == NULL || raw[0] == '\0') {
		form_error(f, "sponsor", msg_get(r->lang, MSG_CLIENT_SPONSOR_ERR_REQUIRED));
		return 0;
	}
	char *digits = arena_alloc(&r->arena, strlen(raw) + 1);
	size_t n = 0;
	for (const char *s = raw; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (*s < '0' || *s > '9' || n == 18) {
			form_error(f, "sponsor", msg_get(r->lang, MSG_CLIENT_SPONSOR_ERR_DIGITS));
			return 0;
		}
		digits[n++] = *s;
	}
	digits[n] = '\0';
	int64_t id;
	if (n == 0 || parse_i64(digits, 0, INT64_MAX, &id) != 0) {
		form_error(f, "sponsor", msg_get(r->lang, MSG_CLIENT_SPONSOR_ERR_DIGITS));
		return 0;
	}
	if (id == 0) {
		form_error(f, "sponsor", msg_get(r->lang, MSG_CLIENT_SPONSOR_ERR_UNKNOWN));
		return 0;
	}
	return id;
}

/* Creating the agreement and submitting it for the apprentice's signature, in one
 * transaction with the draft's deletion. */
struct submit_ctx {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	struct form *f;
	struct answers ans;
	struct agreement_in in;
	int64_t id;
	struct dom_err err;
};

static enum st_rc
submit_tx(struct st_tx *tx, void *v)
{
	struct submit_ctx *c = v;
	c->id = 0;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	struct case_rec rec;
	enum st_rc rc = agreement_create(tx, c->a, c->who, &c->in, c->lang, &rec, NULL, &c->err);
	if (rc != ST_OK)
		return rc;
	json_t *out = NULL;
	struct transition_in tr = { .case_id = rec.id, .transition = "submit" };
	rc = engine_transition(tx, c->a, c->who, &tr, c->lang, &out, &c->err);
	json_decref(out);
	if (rc == ST_OK)
		rc = draft_delete(tx, c->who, DRAFT_AGREEMENT);
	if (rc == ST_OK)
		c->id = rec.id;
	return rc;
}

static void
submitted(struct req *r, void *v, enum st_rc rc)
{
	struct submit_ctx *c = v;
	json_decref(c->err.extra);
	c->err.extra = NULL;
	if (rc == ST_OK) {
		web_redirect(r, web_urlf(r, "/agreements/%lld/confirmation", (long long)c->id));
		return;
	}
	if (rc != ST_CONFLICT) {
		web_reply_failure(r, rc);
		return;
	}
	/* A refusal names what to change; the summary links to that answer's Change link. */
	const char *field = c->err.field ? c->err.field : "";
	if (strcmp(field, "sponsor_id") == 0 || strcmp(field, "region_id") == 0)
		form_error(c->f, "change-sponsor", msg_get(r->lang, MSG_CLIENT_CHECK_ERR_SPONSOR));
	else if (strcmp(field, "trade_code") == 0)
		form_error(c->f, "change-trade", msg_get(r->lang, MSG_CLIENT_TRADE_ERR_UNKNOWN));
	else
		form_error(c->f, "submit", err_message(c->err.e, r->lang));
	render_check(r, c->f, &c->ans);
}

static int
submit(struct req *r, struct form *f, const struct answers *ans)
{
	enum step missing = first_missing(ans);
	if (missing != STEP_CHECK) {
		web_redirect(r, step_path(r, missing, 0));
		return 0;
	}
	struct submit_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	c->a = &r->arena;
	c->who = r->who;
	c->lang = r->lang;
	c->f = f;
	c->ans = *ans;
	int32_t start = 0;
	date_parse(ans->start, &start);
	c->in = (struct agreement_in){ .org_id = ans->sponsor, .trade_code = ans->trade,
		.start_date = start, .lang = ans->language[0] == 'f', .has_lang = 1,
		.channel = "online" };
	return req_write(r, submit_tx, c, submitted);
}

int
p_agreement_step(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	int s = step_find(r->args[0]);
	if (s < 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	struct load_ctx c = { .a = &r->arena, .who = r->who };
	struct save_ctx *sc = arena_calloc(&r->arena, 1, sizeof(*sc));
	sc->who = r->who;
	sc->key = step_slug[s];
	/* Validate what needs no database first; the sponsor number is looked up with the
	 * draft. */
	switch (s) {
	case STEP_SPONSOR:
		c.sponsor = sc->ival = sponsor_value(r, f);
		break;
	case STEP_TRADE: {
		const char *t = form_get(f, "trade");
		if (t == NULL || t[0] == '\0')
			form_error(f, "trade", msg_get(r->lang, MSG_CLIENT_TRADE_ERR_REQUIRED));
		else if (trades_find(t) == NULL)
			form_error(f, "trade", msg_get(r->lang, MSG_CLIENT_TRADE_ERR_UNKNOWN));
		sc->sval = t;
		break;
	}
	case STEP_START: {
		int32_t day;
		sc->key = "start";
		if (form_date_value(r, f, "start", form_get(f, "start_year"),
		    form_get(f, "start_month"), form_get(f, "start_day"),
		    MSG_CLIENT_START_DATE_ERR_REQUIRED, MSG_CLIENT_START_DATE_ERR_INVALID, &day) == 0) {
			int e = start_range_error(day);
			if (e != 0)
				form_error(f, "start-year", msg_get(r->lang, e));
			sc->sval = fmt_date_iso(&r->arena, day);
		}
		break;
	}
	case STEP_LANGUAGE: {
		const char *l = form_get(f, "language");
		if (l == NULL || (strcmp(l, "en") != 0 && strcmp(l, "fr") != 0))
			form_error(f, "language-1", msg_get(r->lang, MSG_CLIENT_LANGUAGE_ERR_REQUIRED));
		sc->sval = l;
		break;
	}
	default:
		break;
	}
	enum st_rc rc = st_read(r->store, load_tx, &c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	if (s == STEP_CHECK)
		return submit(r, f, &c.ans);
	if (s == STEP_SPONSOR && c.sponsor != 0 && !c.sponsor_found)
		form_error(f, "sponsor", msg_get(r->lang, MSG_CLIENT_SPONSOR_ERR_UNKNOWN));
	const char *change = form_get(f, "change");
	int changing = change != NULL && strcmp(change, "1") == 0;
	if (f->nerr > 0) {
		render_question(r, s, f, &c.ans, changing);
		return 0;
	}
	sc->next = step_path(r, changing ? STEP_CHECK : s + 1, 0);
	return req_write(r, save_tx, sc, saved);
}

/* ---- GET /LANG/agreements/{id}/confirmation ---- */

struct confirm_ctx {
	struct arena *a;
	const struct principal *who;
	int64_t id;
	struct case_rec rec;
};

static enum st_rc
confirm_tx(struct st_tx *tx, void *v)
{
	struct confirm_ctx *c = v;
	enum st_rc rc = case_load(tx, c->a, c->who, c->id, &c->rec);
	/* The page confirms a submission: an agreement still in draft has none to confirm. */
	if (rc == ST_OK && (strcmp(c->rec.program, PROGRAM) != 0 ||
	    strcmp(c->rec.state, "draft") == 0))
		rc = ST_NOTFOUND;
	return rc;
}

int
p_agreement_confirmation(struct req *r)
{
	struct confirm_ctx c = { .a = &r->arena, .who = r->who };
	if (parse_i64(r->args[0], 1, INT64_MAX, &c.id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	enum st_rc rc = st_read(r->store, confirm_tx, &c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	const struct program *prog = program_get(PROGRAM);
	int days = prog != NULL && prog->nstandards > 0 ? prog->standards[0].business_days : 0;
	struct page p;
	const char *title = msg_get(r->lang, MSG_CLIENT_CONFIRM_TITLE);
	page_begin_bare(&p, r, title, NAV_NONE, NULL);
	struct html *h = &p.h;
	/* The success panel holds the page's heading and the file number. */
	HF(h, "<div class=\"ontario-alert ontario-alert--success\"><div class=\"ontario-alert__header\">"
	    "<h1 class=\"ontario-alert__header-title\">{}</h1></div><div class=\"ontario-alert__body\">"
	    "<p>{} <strong>{}</strong></p><p>{}</p></div></div>",
	    HS(title), HM(MSG_CLIENT_CONFIRM_CASE_NO), HI(c.id), HM(MSG_CLIENT_CONFIRM_REF_LATER));
	HF(h, "<h2>{}</h2><ol><li><a href=\"{}\">{}</a>. {}</li><li>{}</li>",
	    HM(MSG_CLIENT_CONFIRM_NEXT_TITLE), HS(web_urlf(r, "/cases/%lld", (long long)c.id)),
	    HM(MSG_CLIENT_CONFIRM_SIGN), HM(MSG_CLIENT_CONFIRM_SIGN_TEXT),
	    HM(MSG_CLIENT_CONFIRM_SPONSOR));
	HF(h, "<li>{}</li></ol>", HS(MSGF(&r->arena, r->lang, MSG_CLIENT_CONFIRM_ADVISOR,
	    fmt_int(&r->arena, r->lang, days))));
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/my-files")),
	    HM(MSG_CLIENT_CONFIRM_FILES));
	page_end(&p);
	return 0;
}
