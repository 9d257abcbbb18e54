/* Certificates, signed-in side: the holder's "My certificates" (verification page, PDF, signed
 * credential, share or stop sharing it, renew a compulsory-trade certificate) and the
 * certification staff's list and certificate page (suspend, reinstate, revoke with a reason). */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/certs.h"
#include "domain/trades.h"
#include "text/text.h"
#include "web/casefmt.h"
#include "web/pages.h"

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int
kind_word(const char *kind, int provisional)
{
	if (provisional)
		return MSG_CERTS_KIND_PROVISIONAL;
	return strcmp(kind, "qualification") == 0 ? MSG_CERTS_KIND_QUALIFICATION :
	    MSG_CERTS_KIND_APPRENTICESHIP;
}

static const char *
date_words(struct arena *a, enum lang lang, const char *iso)
{
	int32_t d;
	return iso && date_parse(iso, &d) == 0 ? fmt_date_long(a, lang, d) : "";
}

static void
status_badge(struct html *h, const char *status)
{
	HF(h, "<span class=\"pl-status pl-status--{}\">{}</span>",
	    HS(strcmp(status, "valid") == 0 ? "ok" : "breached"), HM(cert_status_word(status)));
}

/* ---- the holder ---- */

struct mine_view {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	json_t *out;
};

static enum st_rc
mine_tx(struct st_tx *tx, void *v)
{
	struct mine_view *mv = v;
	json_decref(mv->out);
	mv->out = NULL;
	return certs_mine(tx, mv->a, mv->who, mv->lang, &mv->out);
}

static void
json_free(void *v)
{
	json_decref(*(json_t **)v);
}

static void
mine_card(struct page *p, json_t *c)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	const char *pid = jstr(c, "public_id"), *number = jstr(c, "number");
	const char *status = jstr(c, "status_now");
	int64_t id = json_integer_value(json_object_get(c, "id"));
	int kind = kind_word(jstr(c, "kind"), json_is_true(json_object_get(c, "provisional")));
	HF(h, "<section class=\"pl-card\" aria-labelledby=\"cert-{}\"><h2 id=\"cert-{}\">{}</h2>",
	    HI(id), HI(id), HS(MSGF(a, p->lang, MSG_CERTS_TRADE_VALUE, msg_get(p->lang, kind),
	    jstr(c, "trade_name"))));
	H(h, "<dl class=\"pl-summary-list\">");
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_NUMBER), HS(number));
	if (json_is_true(json_object_get(c, "red_seal")))
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_RED_SEAL), HM(MSG_CERTS_RED_SEAL_YES));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_ISSUED_ON),
	    HS(date_words(a, p->lang, jstr(c, "issued_on"))));
	const char *exp = json_string_value(json_object_get(c, "expires_on"));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_EXPIRES_ON),
	    HS(exp ? date_words(a, p->lang, exp) : msg_get(p->lang, MSG_CERTS_EXPIRES_NEVER)));
	HF(h, "<div><dt>{}</dt><dd>", HM(MSG_CERTS_STATUS));
	status_badge(h, status);
	H(h, "</dd></div></dl>");

	const char *sr = MSGF(a, p->lang, MSG_CERTS_MINE_SR_OF, number);
	HF(h, "<ul class=\"ontario-list\"><li><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></li>",
	    HS(web_urlf(r, "/v/%s", url_encode(a, pid))), HM(MSG_CERTS_MINE_VERIFY_LINK), HS(sr));
	HF(h, "<li><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></li>",
	    HS(arena_printf(a, "/api/v1/credentials/%s/pdf", url_encode(a, pid))), HM(MSG_CERTS_MINE_PDF), HS(sr));
	HF(h, "<li><a href=\"{}\" download>{}<span class=\"ontario-show-for-sr\"> {}</span></a></li></ul>",
	    HS(arena_printf(a, "/api/v1/credentials/%s", url_encode(a, pid))), HM(MSG_CERTS_MINE_VC), HS(sr));

	if (json_is_true(json_object_get(c, "provisional")))
		HF(h, "<p>{}</p>", HM(MSG_CERTS_MINE_PROVISIONAL));
	int shared = json_is_true(json_object_get(c, "public"));
	HF(h, "<p>{}</p>", HM(shared ? MSG_CERTS_MINE_PUBLIC_YES : MSG_CERTS_MINE_PUBLIC_NO));
	form_open(p, web_urlf(r, "/my-certificates/%" PRId64 "/sharing", id));
	HF(h, "<input type=\"hidden\" name=\"public\" value=\"{}\">", HS(shared ? "0" : "1"));
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
	    "<span class=\"ontario-show-for-sr\"> {}</span></button>",
	    HM(shared ? MSG_CERTS_MINE_MAKE_PRIVATE : MSG_CERTS_MINE_MAKE_PUBLIC), HS(sr));
	form_close(p);

	if (json_is_true(json_object_get(c, "renewable"))) {
		HF(h, "<div class=\"ontario-alert ontario-alert--warning\"><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
		    HS(MSGF(a, p->lang, strcmp(status, "expired") == 0 ? MSG_CERTS_MINE_EXPIRED_RENEW :
		    MSG_CERTS_MINE_RENEW_DUE, date_words(a, p->lang, exp))));
		form_open(p, web_urlf(r, "/my-certificates/%" PRId64 "/renew", id));
		HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}"
		    "<span class=\"ontario-show-for-sr\"> {}</span></button>", HM(MSG_CERTS_MINE_RENEW), HS(sr));
		form_close(p);
	}
	H(h, "</section>");
}

int
p_my_certificates(struct req *r)
{
	struct mine_view *mv = arena_calloc(&r->arena, 1, sizeof(*mv));
	mv->a = &r->arena;
	mv->who = r->who;
	mv->lang = r->lang;
	arena_defer(&r->arena, json_free, &mv->out);
	enum st_rc rc = st_read(r->store, mine_tx, mv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CERTS_MINE_TITLE), NAV_MY_CERTIFICATES, NULL);
	struct html *h = &p.h;
	const char *done = req_query(r, "done");
	if (done) {
		int id = strcmp(done, "shared") == 0 ? MSG_CERTS_MINE_SHARED :
		    strcmp(done, "unshared") == 0 ? MSG_CERTS_MINE_UNSHARED : 0;
		const char *until = req_query(r, "until");
		int32_t d;
		if (strcmp(done, "renewed") == 0 && until && date_parse(until, &d) == 0)
			HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
			    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>",
			    HS(MSGF(&r->arena, r->lang, MSG_CERTS_MINE_RENEWED, fmt_date_long(&r->arena, r->lang, d))));
		else if (id)
			HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
			    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>", HM(id));
	}
	HF(h, "<p>{}</p>", HM(MSG_CERTS_MINE_INTRO));
	json_t *items = json_object_get(mv->out, "items");
	if (json_array_size(items) == 0)
		HF(h, "<p>{}</p>", HM(MSG_CERTS_MINE_NONE));
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c)
		mine_card(&p, c);
	page_end(&p);
	return 0;
}

/* POSTs of the holder and the staff: one write, then back to the page with a notice. */
struct change_ctx {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	int64_t id;
	int what;               /* 0 sharing, 1 renew, 2 status */
	int on;
	enum cert_action act;
	const char *reason;
	json_t *out;
	struct dom_err err;
	struct form *f;
};

static enum st_rc
change_tx(struct st_tx *tx, void *v)
{
	struct change_ctx *c = v;
	json_decref(c->out);
	c->out = NULL;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	switch (c->what) {
	case 0:
		return certs_set_public(tx, c->a, c->who, c->id, c->on, c->lang, &c->out, &c->err);
	case 1:
		return certs_renew(tx, c->a, c->who, c->id, c->lang, &c->out, &c->err);
	default:
		return certs_set_status(tx, c->a, c->who, c->id, c->act, c->reason, 0, c->lang, &c->out,
		    &c->err);
	}
}

static void
change_free(void *v)
{
	struct change_ctx *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
}

static int cert_detail_render(struct req *r, int64_t id, struct form *f);

static void
change_done(struct req *r, void *v, enum st_rc rc)
{
	struct change_ctx *c = v;
	if (rc == ST_CONFLICT && c->what == 2) {
		form_error(c->f, "action-1", msg_get(r->lang, MSG_CERTS_ERR_REFUSED));
		cert_detail_render(r, c->id, c->f);
		return;
	}
	if (rc == ST_CONFLICT) {
		web_message_page(r, 409, MSG_CERTS_MINE_TITLE, MSG_CERTS_ERR_REFUSED);
		return;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	if (c->what == 2) {
		web_redirect(r, web_urlf(r, "/certificates/%" PRId64 "?done=1", c->id));
		return;
	}
	if (c->what == 1) {
		web_redirect(r, web_urlf(r, "/my-certificates?done=renewed&until=%s",
		    jstr(c->out, "expires_on")));
		return;
	}
	web_redirect(r, web_urlf(r, "/my-certificates?done=%s", c->on ? "shared" : "unshared"));
}

static struct change_ctx *
change_new(struct req *r, int what)
{
	struct change_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	c->a = &r->arena;
	c->who = r->who;
	c->lang = r->lang;
	c->what = what;
	arena_defer(&r->arena, change_free, c);
	if (parse_i64(r->args[0], 1, INT64_MAX, &c->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return NULL;
	}
	return c;
}

int
p_my_certificate_sharing(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct change_ctx *c = change_new(r, 0);
	if (c == NULL)
		return 0;
	const char *v = form_get(f, "public");
	c->on = v && strcmp(v, "1") == 0;
	return req_write(r, change_tx, c, change_done);
}

int
p_my_certificate_renew(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct change_ctx *c = change_new(r, 1);
	if (c == NULL)
		return 0;
	return req_write(r, change_tx, c, change_done);
}

/* ---- certification staff ---- */

struct list_view {
	struct arena *a;
	struct cert_filter f;
	enum lang lang;
	const char *number;
	struct cert_rec one;
	int found_one;
	json_t *out;
	int64_t next;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct list_view *lv = v;
	json_decref(lv->out);
	lv->out = NULL;
	return certs_list(tx, lv->a, &lv->f, lv->lang, &lv->out, &lv->next);
}

static enum st_rc
number_tx(struct st_tx *tx, void *v)
{
	struct list_view *lv = v;
	enum st_rc rc = certs_by_number(tx, lv->a, lv->number, &lv->one);
	lv->found_one = rc == ST_OK;
	return rc == ST_NOTFOUND ? ST_OK : rc;
}

int
p_certificates(struct req *r)
{
	struct arena *a = &r->arena;
	struct list_view *lv = arena_calloc(a, 1, sizeof(*lv));
	lv->a = a;
	lv->lang = r->lang;
	arena_defer(a, json_free, &lv->out);
	const char *number = req_query(r, "number"), *status = req_query(r, "status"),
	    *trade = req_query(r, "trade"), *after = req_query(r, "after");
	static const char *const statuses[] = { "valid", "suspended", "revoked" };
	lv->f.status = "";
	for (int i = 0; status && i < 3; i++)
		if (strcmp(status, statuses[i]) == 0)
			lv->f.status = statuses[i];
	lv->f.trade_code = trade && trades_find(trade) ? trade : "";
	lv->f.due_before = "";
	/* Renewal reminders: the certificates that expire within the next N days. */
	const char *due = req_query(r, "due");
	int64_t due_days = 0;
	if (due && parse_i64(due, 1, 366, &due_days) == 0) {
		char d[11];
		date_format(date_of_us_local(time_now_us()) + (int32_t)due_days, d);
		lv->f.due_before = arena_strdup(a, d);
	}
	lv->f.limit = 50;
	int64_t aft = 0;
	if (after && parse_i64(after, 0, INT64_MAX, &aft) == 0)
		lv->f.after = aft;
	if (number && *number && strlen(number) < 40) {
		/* A number goes straight to its certificate. */
		lv->number = number;
		if (st_read(r->store, number_tx, lv) == ST_OK && lv->found_one) {
			web_redirect(r, web_urlf(r, "/certificates/%" PRId64, lv->one.id));
			return 0;
		}
	}
	enum st_rc rc = st_read(r->store, list_tx, lv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CERTS_STAFF_TITLE), NAV_CERTIFICATES, NULL);
	struct html *h = &p.h;
	HF(h, "<p>{}</p>", HM(MSG_CERTS_STAFF_INTRO));
	HF(h, "<form method=\"get\" action=\"{}\" novalidate>", HS(web_url(r, "/certificates")));
	field_input(&p, &(struct field){ .id = "number", .name = "number", .label = MSG_CERTS_STAFF_NUMBER,
	    .value = number, .optional = true, .width = "20-char-width" });
	struct option sopts[] = {
		{ "", msg_get(r->lang, MSG_CERTS_STAFF_STATUS_ANY) },
		{ "valid", msg_get(r->lang, MSG_CERTS_WORD_VALID) },
		{ "suspended", msg_get(r->lang, MSG_CERTS_WORD_SUSPENDED) },
		{ "revoked", msg_get(r->lang, MSG_CERTS_WORD_REVOKED) },
	};
	field_select(&p, &(struct field){ .id = "status", .name = "status", .label = MSG_CERTS_STAFF_STATUS,
	    .value = lv->f.status, .optional = true }, sopts, 4);
	size_t n = 0;
	struct option *topts = casefmt_trade_options(a, r->lang, msg_get(r->lang, MSG_CERTS_REGISTER_TRADE_ANY), &n);
	field_select(&p, &(struct field){ .id = "trade", .name = "trade", .label = MSG_CERTS_REGISTER_TRADE,
	    .value = lv->f.trade_code, .optional = true }, topts, n);
	struct option dopts[] = {
		{ "", msg_get(r->lang, MSG_CERTS_STAFF_DUE_ANY) },
		{ "30", msg_get(r->lang, MSG_CERTS_STAFF_DUE_30) },
		{ "90", msg_get(r->lang, MSG_CERTS_STAFF_DUE_90) },
	};
	field_select(&p, &(struct field){ .id = "due", .name = "due", .label = MSG_CERTS_STAFF_DUE,
	    .value = due_days == 30 ? "30" : due_days == 90 ? "90" : "", .optional = true }, dopts, 3);
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}</button></form>",
	    HM(MSG_CERTS_REGISTER_SEARCH));
	json_t *items = lv->out;
	if (json_array_size(items) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_CERTS_STAFF_NONE));
		page_end(&p);
		return 0;
	}
	/* A wide table scrolls in its own focusable region, not the page (320 px reflow). */
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\">"
	    "<table class=\"ontario-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_CERTS_STAFF_CAPTION), HM(MSG_CERTS_STAFF_CAPTION), HM(MSG_CERTS_STAFF_COL_NUMBER),
	    HM(MSG_CERTS_STAFF_COL_HOLDER), HM(MSG_CERTS_STAFF_COL_KIND), HM(MSG_CERTS_STAFF_COL_TRADE),
	    HM(MSG_CERTS_STAFF_COL_ISSUED), HM(MSG_CERTS_STAFF_COL_STATUS));
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c) {
		int kind = kind_word(jstr(c, "kind"), json_is_true(json_object_get(c, "provisional")));
		HF(h, "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td>"
		    "<td>{}</td><td>",
		    HS(web_urlf(r, "/certificates/%" PRId64, (int64_t)json_integer_value(json_object_get(c, "id")))),
		    HS(jstr(c, "number")),
		    HS(arena_printf(a, "%s %s", jstr(c, "given_name"), jstr(c, "family_name"))),
		    HM(kind), HS(jstr(c, "trade_name")), HS(jstr(c, "issued_on")));
		status_badge(h, jstr(c, "status_now"));
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div></div>");
	if (lv->next)
		HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r,
		    "/certificates?status=%s&trade=%s&due=%s&after=%" PRId64, lv->f.status,
		    url_encode(a, lv->f.trade_code), due_days ? due : "", lv->next)), HM(MSG_CERTS_STAFF_NEXT));
	page_end(&p);
	return 0;
}

struct detail_view {
	struct arena *a;
	const struct principal *who;
	int64_t id;
	struct cert_rec c;
};

static enum st_rc
detail_tx(struct st_tx *tx, void *v)
{
	struct detail_view *dv = v;
	return certs_load(tx, dv->a, dv->who, dv->id, &dv->c);
}

static int
cert_detail_render(struct req *r, int64_t id, struct form *f)
{
	struct arena *a = &r->arena;
	struct detail_view dv = { .a = a, .who = r->who, .id = id };
	enum st_rc rc = st_read(r->store, detail_tx, &dv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct cert_rec *c = &dv.c;
	const char *status = cert_status_now(c, date_of_us_local(time_now_us()));
	const struct trade *t = trades_find(c->trade_code);
	struct page p;
	page_begin(&p, r, MSGF(a, r->lang, MSG_CERTS_DETAIL_TITLE, c->number), NAV_CERTIFICATES,
	    f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	if (req_query(r, "done") && (f == NULL || f->nerr == 0))
		HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
		    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>", HM(MSG_CERTS_DETAIL_CHANGED));
	H(h, "<dl class=\"pl-summary-list\">");
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_HOLDER),
	    HS(arena_printf(a, "%s %s", c->given_name, c->family_name)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_CERTIFICATE),
	    HM(kind_word(c->kind, c->provisional)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_TRADE),
	    HS(MSGF(a, r->lang, MSG_CERTS_TRADE_VALUE, t ? (r->lang == LANG_FR ? t->name_fr : t->name_en) :
	    c->trade_code, c->trade_code)));
	if (c->red_seal)
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_RED_SEAL), HM(MSG_CERTS_RED_SEAL_YES));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_ISSUED_ON), HS(date_words(a, r->lang, c->issued_on)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_EXPIRES_ON),
	    HS(c->expires_on ? date_words(a, r->lang, c->expires_on) : msg_get(r->lang, MSG_CERTS_EXPIRES_NEVER)));
	HF(h, "<div><dt>{}</dt><dd>", HM(MSG_CERTS_STATUS));
	status_badge(h, status);
	H(h, "</dd></div>");
	if (c->status_reason)
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_CERTS_DETAIL_REASON), HS(c->status_reason));
	H(h, "</dl>");
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_urlf(r, "/v/%s", url_encode(a, c->public_id))),
	    HM(MSG_CERTS_MINE_VERIFY_LINK));
	int may_change = r->who && (r->who->role == ROLE_EXAM_ADMIN || r->who->role == ROLE_ADMIN);
	if (strcmp(c->status, "revoked") == 0) {
		HF(h, "<p>{}</p>", HM(MSG_CERTS_DETAIL_FINAL));
	} else if (may_change) {
		HF(h, "<h2>{}</h2>", HM(MSG_CERTS_DETAIL_CHANGE_TITLE));
		form_open(&p, web_urlf(r, "/certificates/%" PRId64, c->id));
		struct option opts[2];
		size_t n = 0;
		if (strcmp(c->status, "valid") == 0)
			opts[n++] = (struct option){ "suspend", msg_get(r->lang, MSG_CERTS_ACTION_SUSPEND) };
		else
			opts[n++] = (struct option){ "reinstate", msg_get(r->lang, MSG_CERTS_ACTION_REINSTATE) };
		opts[n++] = (struct option){ "revoke", msg_get(r->lang, MSG_CERTS_ACTION_REVOKE) };
		field_radios(&p, &(struct field){ .id = "action", .name = "action", .label = MSG_CERTS_DETAIL_ACTION,
		    .value = f ? form_get(f, "action") : NULL }, opts, n);
		field_textarea(&p, &(struct field){ .id = "reason", .name = "reason",
		    .label = MSG_CERTS_DETAIL_REASON_FIELD, .hint = MSG_CERTS_DETAIL_REASON_HINT,
		    .value = f ? form_get(f, "reason") : NULL });
		form_button(&p, MSG_CERTS_DETAIL_SAVE);
		form_close(&p);
	}
	page_end(&p);
	return 0;
}

int
p_certificate(struct req *r)
{
	int64_t id;
	if (parse_i64(r->args[0], 1, INT64_MAX, &id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	return cert_detail_render(r, id, NULL);
}

int
p_certificate_status(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct change_ctx *c = change_new(r, 2);
	if (c == NULL)
		return 0;
	c->f = f;
	const char *action = form_get(f, "action"), *reason = form_get(f, "reason");
	static const char *const acts[] = { "suspend", "reinstate", "revoke" };
	int act = -1;
	for (int i = 0; action && i < 3; i++)
		if (strcmp(action, acts[i]) == 0)
			act = i;
	if (act < 0)
		form_error(f, "action-1", msg_get(r->lang, MSG_CERTS_ERR_ACTION));
	if (form_empty(reason))
		form_error(f, "reason", msg_get(r->lang, MSG_CERTS_ERR_REASON));
	else if (strlen(reason) > 6000 || text_utf8_len(reason, strlen(reason)) > 2000)
		form_error(f, "reason", msg_get(r->lang, MSG_CERTS_ERR_REASON_LONG));
	if (f->nerr)
		return cert_detail_render(r, c->id, f);
	c->act = (enum cert_action)act;
	c->reason = reason;
	return req_write(r, change_tx, c, change_done);
}
