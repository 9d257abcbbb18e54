/* Log training hours (sponsors): for a training agreement of the sponsor's organisation
 * that is registered or active (any other is "not found"), the apprentice and trade, the
 * hours already logged with their status, and a form for a new period: start, end, whole
 * hours and an optional description. Everything is checked before hours_log runs; its own
 * refusals (an overlapping period, an agreement that is not active yet) come back as form
 * errors. Success goes back to the same page with a notice (?logged=1). */
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/hours.h"
#include "text/text.h"
#include "web/pages.h"

#define HOURS_CHUNK 200
#define HOURS_SHOWN 1000       /* newest entries listed: twenty years of weekly entries */
#define HOURS_MAX 20000        /* the most one entry may hold (as the API accepts) */
#define DESCRIPTION_MAX 2000   /* code points (as the API accepts) */

struct hours_entry {
	const char *start, *end, *status, *description, *reason;
	int64_t hours;
};

/* The agreement and its hours, copied into the request's arena. */
struct hours_view {
	int64_t id;
	const char *state, *name, *client_no, *trade_code, *ref_no, *start_date;
	const char *trade_en, *trade_fr;
	int64_t approved, pending, required;
	struct hours_entry *entries;   /* a ring of the newest HOURS_SHOWN entries */
	size_t n, all;                 /* entries kept, entries read */
};

struct hours_read {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	int64_t id;
	struct hours_view v;
};

static const char *
json_str(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? arena_strdup(a, s) : NULL;
}

static enum st_rc
entries_read(struct st_tx *tx, struct hours_read *c)
{
	int64_t after = 0;
	enum st_rc rc;
	c->v.entries = arena_calloc(c->a, HOURS_SHOWN, sizeof(*c->v.entries));
	/* The list comes oldest first; the page shows the newest first. */
	do {
		json_t *items = NULL, *it;
		int64_t next = 0;
		size_t k;
		rc = hours_list(tx, c->a, c->who, c->id, after, HOURS_CHUNK, &items, &next);
		json_array_foreach(items, k, it) {
			struct hours_entry *e = &c->v.entries[c->v.all++ % HOURS_SHOWN];
			if (c->v.n < HOURS_SHOWN)
				c->v.n++;
			e->start = json_str(c->a, it, "period_start");
			e->end = json_str(c->a, it, "period_end");
			e->status = json_str(c->a, it, "status");
			e->description = json_str(c->a, it, "description");
			e->reason = json_str(c->a, it, "reason");
			e->hours = json_integer_value(json_object_get(it, "hours"));
		}
		json_decref(items);
		after = next;
	} while (rc == ST_OK && after != 0);
	return rc;
}

static enum st_rc
hours_read_tx(struct st_tx *tx, void *v)
{
	struct hours_read *c = v;
	struct case_rec rec;
	memset(&c->v, 0, sizeof(c->v));
	enum st_rc rc = case_load(tx, c->a, c->who, c->id, &rec);
	if (rc != ST_OK)
		return rc;
	/* Hours belong to apprenticeships that are registered or running. */
	if (strcmp(rec.program, "apprenticeship") != 0 || rec.state == NULL ||
	    (strcmp(rec.state, "registered") != 0 && strcmp(rec.state, "active") != 0))
		return ST_NOTFOUND;
	c->v.id = rec.id;
	c->v.state = rec.state;
	c->v.name = arena_printf(c->a, "%s %s", rec.given_name ? rec.given_name : "",
	    rec.family_name ? rec.family_name : "");
	c->v.client_no = rec.client_no;
	c->v.trade_code = rec.trade_code;
	c->v.ref_no = rec.ref_no;
	c->v.start_date = rec.start_date;
	json_t *full = NULL;
	rc = case_full_json(tx, c->a, c->who, &rec, c->lang, &full);
	if (rc != ST_OK)
		return rc;
	json_t *h = json_object_get(full, "hours"), *t = json_object_get(full, "trade");
	c->v.approved = json_integer_value(json_object_get(h, "approved"));
	c->v.pending = json_integer_value(json_object_get(h, "pending_approval"));
	c->v.required = json_integer_value(json_object_get(t, "required_hours"));
	c->v.trade_en = json_str(c->a, t, "name_en");
	c->v.trade_fr = json_str(c->a, t, "name_fr");
	json_decref(full);
	return entries_read(tx, c);
}

/* The agreement in the path, read for the caller; 0, or -1 with the failure page queued. */
static int
view_load(struct req *r, struct hours_view *out)
{
	const char *s = r->nargs > 0 ? r->args[0] : NULL;
	if (s == NULL || *s == '\0' || *s == '0' || strlen(s) > 18 ||
	    strspn(s, "0123456789") != strlen(s)) {
		web_reply_failure(r, ST_NOTFOUND);
		return -1;
	}
	struct hours_read c = { .who = r->who, .a = &r->arena, .lang = r->lang,
		.id = strtoll(s, NULL, 10) };
	enum st_rc rc = st_read(r->store, hours_read_tx, &c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	*out = c.v;
	return 0;
}

/* ---- the page ---- */

static void
summary_row(struct html *h, int label, const char *value)
{
	HF(h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>", HM(label),
	    HS(value));
}

static void
status_cell(struct page *p, const struct hours_entry *e)
{
	struct html *h = &p->h;
	const char *st = e->status ? e->status : "";
	if (strcmp(st, "approved") == 0)
		HF(h, "<td><span class=\"pl-status pl-status--ok\">{}</span></td>",
		    HM(MSG_SPONSOR_STATUS_APPROVED));
	else if (strcmp(st, "rejected") == 0) {
		HF(h, "<td><span class=\"pl-status pl-status--breached\">{}</span>",
		    HM(MSG_SPONSOR_STATUS_REJECTED));
		if (e->reason != NULL && *e->reason)
			HF(h, "<p>{}</p>", HS(MSGF(&p->r->arena, p->lang, MSG_SPONSOR_REJECTED_REASON,
			    e->reason)));
		H(h, "</td>");
	} else
		HF(h, "<td><span class=\"pl-status\">{}</span></td>", HM(MSG_SPONSOR_STATUS_PENDING));
}

static void
entries_table(struct page *p, const struct hours_view *v)
{
	struct req *r = p->r;
	struct html *h = &p->h;
	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_SPONSOR_HOURS_LOGGED_TITLE),
	    HS(MSGF(&r->arena, r->lang, MSG_SPONSOR_HOURS_TOTALS,
	    fmt_int(&r->arena, r->lang, v->approved), fmt_int(&r->arena, r->lang, v->pending))));
	if (v->n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_SPONSOR_HOURS_NONE));
		return;
	}
	const char *caption = MSGF(&r->arena, r->lang, MSG_SPONSOR_HOURS_CAPTION, v->name);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>", HS(caption), HS(caption),
	    HM(MSG_SPONSOR_COL_PERIOD_START), HM(MSG_SPONSOR_COL_PERIOD_END),
	    HM(MSG_SPONSOR_COL_HOURS), HM(MSG_SPONSOR_COL_STATUS), HM(MSG_SPONSOR_COL_DESCRIPTION));
	for (size_t i = 0; i < v->n; i++) {
		const struct hours_entry *e = &v->entries[(v->all - 1 - i) % HOURS_SHOWN];
		HF(h, "<tr><td>{}</td><td>{}</td><td class=\"ontario-table-cell--numeric\">{}</td>",
		    HS(e->start), HS(e->end), HS(fmt_int(&r->arena, r->lang, e->hours)));
		status_cell(p, e);
		HF(h, "<td>{}</td></tr>", HS(e->description));
	}
	H(h, "</tbody></table></div></div>");
}

static void
hours_render(struct req *r, const struct hours_view *v, const struct form *f, int logged)
{
	struct page p;
	struct html *h = &p.h;
	const char *trade = r->lang == LANG_FR ? v->trade_fr : v->trade_en;
	page_begin(&p, r, msg_get(r->lang, MSG_SPONSOR_HOURS_TITLE), NAV_APPRENTICES, f);
	if (logged)
		HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
		    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title "
		    "ontario-h4\">{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
		    HM(MSG_SPONSOR_LOGGED_TITLE), HM(MSG_SPONSOR_LOGGED_TEXT));
	H(h, "<dl class=\"pl-summary-list\">");
	summary_row(h, MSG_SPONSOR_HOURS_APPRENTICE,
	    arena_printf(&r->arena, "%s (%s)", v->name, v->client_no ? v->client_no : ""));
	summary_row(h, MSG_SPONSOR_HOURS_TRADE, trade != NULL ? arena_printf(&r->arena, "%s (%s)",
	    trade, v->trade_code) : v->trade_code);
	summary_row(h, MSG_SPONSOR_HOURS_REGISTRATION, v->ref_no != NULL ? v->ref_no :
	    msg_get(r->lang, MSG_SPONSOR_NOT_REGISTERED));
	summary_row(h, MSG_SPONSOR_HOURS_START, v->start_date);
	summary_row(h, MSG_SPONSOR_HOURS_REQUIRED, v->required > 0 ?
	    fmt_int(&r->arena, r->lang, v->required) : msg_get(r->lang, MSG_SPONSOR_HOURS_REQUIRED_NONE));
	H(h, "</dl>");
	entries_table(&p, v);

	HF(h, "<h2>{}</h2>", HM(MSG_SPONSOR_HOURS_NEW_TITLE));
	if (strcmp(v->state, "active") != 0)
		HF(h, "<div class=\"ontario-alert ontario-alert--informational\">"
		    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>",
		    HM(MSG_SPONSOR_NOT_ACTIVE));
	const struct form *kept = f;
	struct form none = { 0 };
	if (kept == NULL)
		kept = &none;
	form_open(&p, web_urlf(r, "/cases/%lld/hours", (long long)v->id));
	field_date(&p, &(struct field){ .id = "period-start", .name = "period_start",
	    .label = MSG_SPONSOR_PERIOD_START, .hint = MSG_SPONSOR_PERIOD_START_HINT },
	    form_get(kept, "period_start_year"), form_get(kept, "period_start_month"),
	    form_get(kept, "period_start_day"));
	field_date(&p, &(struct field){ .id = "period-end", .name = "period_end",
	    .label = MSG_SPONSOR_PERIOD_END, .hint = MSG_SPONSOR_PERIOD_END_HINT },
	    form_get(kept, "period_end_year"), form_get(kept, "period_end_month"),
	    form_get(kept, "period_end_day"));
	field_input(&p, &(struct field){ .id = "hours", .name = "hours",
	    .label = MSG_SPONSOR_HOURS_LABEL, .hint = MSG_SPONSOR_HOURS_HINT,
	    .value = form_get(kept, "hours"), .inputmode = "numeric", .width = "5-char-width" });
	field_textarea(&p, &(struct field){ .id = "description", .name = "description",
	    .label = MSG_SPONSOR_DESCRIPTION, .hint = MSG_SPONSOR_DESCRIPTION_HINT,
	    .value = form_get(kept, "description"), .optional = true });
	form_button(&p, MSG_SPONSOR_LOG_BUTTON);
	form_close(&p);
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/cases/%lld", (long long)v->id)),
	    HM(MSG_SPONSOR_GO_TO_AGREEMENT));
	page_end(&p);
}

int
p_hours_form(struct req *r)
{
	struct hours_view v;
	if (view_load(r, &v) != 0)
		return 0;
	const char *logged = req_query(r, "logged");
	hours_render(r, &v, NULL, logged != NULL && strcmp(logged, "1") == 0);
	return 0;
}

/* ---- logging ---- */

struct hours_post {
	const struct principal *who;
	struct arena *a;
	struct hours_view v;
	struct form f;
	struct hours_in in;
	struct dom_err err;
	json_t *out;
};

/* The hours typed: 0 and *out, or -1 with the error recorded. days: the period's length
 * (0 when the dates are wrong, then only the general limit applies). */
static int
hours_value(struct req *r, struct form *f, int64_t days, int64_t *out)
{
	const char *s = form_get(f, "hours");
	if (s == NULL || *s == '\0') {
		form_error(f, "hours", msg_get(r->lang, MSG_SPONSOR_ERR_HOURS_REQUIRED));
		return -1;
	}
	int negative = s[0] == '-';
	const char *digits = s + negative;
	if (*digits == '\0' || strspn(digits, "0123456789") != strlen(digits)) {
		form_error(f, "hours", msg_get(r->lang, MSG_SPONSOR_ERR_HOURS_WHOLE));
		return -1;
	}
	size_t nz = strspn(digits, "0");
	int64_t n = strlen(digits + nz) > 9 ? INT64_MAX : strtoll(digits, NULL, 10);
	if (negative || n < 1) {
		form_error(f, "hours", msg_get(r->lang, MSG_SPONSOR_ERR_HOURS_MIN));
		return -1;
	}
	if (n > HOURS_MAX) {
		form_error(f, "hours", MSGF(&r->arena, r->lang, MSG_SPONSOR_ERR_HOURS_MAX,
		    fmt_int(&r->arena, r->lang, HOURS_MAX)));
		return -1;
	}
	/* hours_log allows at most 24 hours a day of the period. */
	if (days > 0 && n > days * 24) {
		form_error(f, "hours", MSGF(&r->arena, r->lang, MSG_SPONSOR_ERR_HOURS_PERIOD,
		    fmt_int(&r->arena, r->lang, days * 24)));
		return -1;
	}
	*out = n;
	return 0;
}

static void
hours_validate(struct req *r, struct hours_post *c)
{
	struct form *f = &c->f;
	int32_t ps = 0, pe = 0, today = date_of_us_local(time_now_us()), agreed = 0;
	int ok_s = form_date_value(r, f, "period-start", form_get(f, "period_start_year"),
	    form_get(f, "period_start_month"), form_get(f, "period_start_day"),
	    MSG_SPONSOR_ERR_START_REQUIRED, MSG_SPONSOR_ERR_START_INVALID, &ps) == 0;
	if (ok_s && ps > today) {
		form_error(f, "period-start-year", msg_get(r->lang, MSG_SPONSOR_ERR_START_FUTURE));
		ok_s = 0;
	}
	if (ok_s && c->v.start_date != NULL && date_parse(c->v.start_date, &agreed) == 0 &&
	    ps < agreed) {
		form_error(f, "period-start-year", MSGF(&r->arena, r->lang,
		    MSG_SPONSOR_ERR_START_BEFORE_AGREEMENT, fmt_date_long(&r->arena, r->lang, agreed)));
		ok_s = 0;
	}
	int ok_e = form_date_value(r, f, "period-end", form_get(f, "period_end_year"),
	    form_get(f, "period_end_month"), form_get(f, "period_end_day"),
	    MSG_SPONSOR_ERR_END_REQUIRED, MSG_SPONSOR_ERR_END_INVALID, &pe) == 0;
	if (ok_e && pe > today) {
		form_error(f, "period-end-year", msg_get(r->lang, MSG_SPONSOR_ERR_END_FUTURE));
		ok_e = 0;
	}
	if (ok_s && ok_e && pe < ps) {
		form_error(f, "period-end-year", msg_get(r->lang, MSG_SPONSOR_ERR_END_BEFORE_START));
		ok_e = 0;
	}
	int64_t hours = 0;
	hours_value(r, f, ok_s && ok_e ? (int64_t)pe - ps + 1 : 0, &hours);
	const char *d = form_get(f, "description");
	if (d != NULL && text_utf8_len(d, strlen(d)) > DESCRIPTION_MAX)
		form_error(f, "description", MSGF(&r->arena, r->lang, MSG_SPONSOR_ERR_DESCRIPTION_LONG,
		    fmt_int(&r->arena, r->lang, DESCRIPTION_MAX)));
	c->in = (struct hours_in){ .case_id = c->v.id, .period_start = ps, .period_end = pe,
		.hours = hours, .description = d != NULL && *d ? d : NULL };
}

static enum st_rc
log_tx(struct st_tx *tx, void *v)
{
	struct hours_post *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
	c->out = NULL;
	memset(&c->err, 0, sizeof(c->err));
	return hours_log(tx, c->a, c->who, &c->in, &c->out, &c->err);
}

/* A refusal's field in the domain's words, as the id of the input the summary links to. */
static const char *
refusal_field(const char *field)
{
	if (field != NULL && strcmp(field, "period_end") == 0)
		return "period-end-year";
	if (field != NULL && strcmp(field, "hours") == 0)
		return "hours";
	return "period-start-year";
}

static void
logged_reply(struct req *r, void *v, enum st_rc rc)
{
	struct hours_post *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
	c->out = NULL;
	c->err.extra = NULL;
	if (rc == ST_OK) {
		web_redirect(r, web_urlf(r, "/cases/%lld/hours?logged=1", (long long)c->v.id));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		form_error(&c->f, refusal_field(c->err.field), err_message(c->err.e, r->lang));
		hours_render(r, &c->v, &c->f, 0);
		return;
	}
	web_reply_failure(r, rc);
}

int
p_hours_log(struct req *r)
{
	struct hours_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if (view_load(r, &c->v) != 0)
		return 0;
	c->who = r->who;
	c->a = &r->arena;
	hours_validate(r, c);
	if (c->f.nerr > 0) {
		hours_render(r, &c->v, &c->f, 0);
		return 0;
	}
	return req_write(r, log_tx, c, logged_reply);
}
