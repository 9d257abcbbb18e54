/* The public side of certificates: the verification page a printed certificate's QR code opens
 * (/v/{public id}, then /en/v/… or /fr/v/…) — who holds which certificate in which trade,
 * issued when, and its status now in plain words, with no more personal data than the
 * certificate itself shows — and the public register search (name, trade, number, status). */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/certs.h"
#include "domain/issuer.h"
#include "domain/trades.h"
#include "web/casefmt.h"
#include "web/pages.h"

/* /v/{id}: a verifier asking for the credential itself (Accept: application/vc) gets it when
 * the holder made it public; a browser goes to the page in its language. */
int
p_verify_entry(struct req *r)
{
	const char *accept = req_header(r, "Accept");
	reply_header(r, "Vary", "Accept, Accept-Language, Cookie");
	if (accept && strstr(accept, "application/vc") && strlen(r->args[0]) <= 40) {
		r->args[0] = arena_strdup(&r->arena, r->args[0]);
		return h_credential_get(r);
	}
	web_redirect(r, arena_printf(&r->arena, "/%s/v/%s", web_visitor_lang(r) == LANG_FR ? "fr" : "en",
	    url_encode(&r->arena, r->args[0])));
	return 0;
}

struct verify_view {
	struct arena *a;
	const char *public_id;
	struct cert_rec c;
};

static enum st_rc
verify_tx(struct st_tx *tx, void *v)
{
	struct verify_view *vv = v;
	return certs_by_public_id(tx, vv->a, vv->public_id, &vv->c);
}

static void
row(struct html *h, int label, const char *value)
{
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(label), HS(value));
}

int
cert_status_word(const char *status)
{
	if (strcmp(status, "suspended") == 0)
		return MSG_CERTS_WORD_SUSPENDED;
	if (strcmp(status, "revoked") == 0)
		return MSG_CERTS_WORD_REVOKED;
	if (strcmp(status, "expired") == 0)
		return MSG_CERTS_WORD_EXPIRED;
	return MSG_CERTS_WORD_VALID;
}

int
p_verify(struct req *r)
{
	struct verify_view vv = { .a = &r->arena, .public_id = r->args[0] };
	enum st_rc rc = strlen(vv.public_id) > 40 ? ST_NOTFOUND : st_read(r->store, verify_tx, &vv);
	if (rc == ST_NOTFOUND) {
		web_message_page(r, 404, MSG_CERTS_VERIFY_NOT_FOUND_TITLE, MSG_CERTS_VERIFY_NOT_FOUND);
		return 0;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	struct cert_rec *c = &vv.c;
	struct arena *a = &r->arena;
	int64_t now = time_now_us();
	int32_t today = date_of_us_local(now);
	const char *status = cert_status_now(c, today);
	const struct trade *t = trades_find(c->trade_code);
	int valid = strcmp(status, "valid") == 0;
	int qualification = strcmp(c->kind, "qualification") == 0;

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CERTS_VERIFY_TITLE), NAV_NONE, NULL);
	struct html *h = &p.h;
	int says = valid ? MSG_CERTS_STATUS_VALID : strcmp(status, "suspended") == 0 ?
	    MSG_CERTS_STATUS_SUSPENDED : strcmp(status, "revoked") == 0 ? MSG_CERTS_STATUS_REVOKED :
	    MSG_CERTS_STATUS_EXPIRED;
	/* The answer first, in words and colour, announced to screen readers. */
	HF(h, "<div class=\"ontario-alert ontario-alert--{}\" role=\"status\">"
	    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title ontario-h4\">{}</h2></div>"
	    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>",
	    HS(valid ? "success" : "error"), HM(says),
	    HS(MSGF(a, r->lang, MSG_CERTS_CHECKED_AT, fmt_datetime(a, r->lang, now))));

	H(h, "<dl class=\"pl-summary-list\">");
	row(h, MSG_CERTS_HOLDER, arena_printf(a, "%s %s", c->given_name, c->family_name));
	row(h, MSG_CERTS_CERTIFICATE, msg_get(r->lang, c->provisional ? MSG_CERTS_KIND_PROVISIONAL :
	    qualification ? MSG_CERTS_KIND_QUALIFICATION : MSG_CERTS_KIND_APPRENTICESHIP));
	row(h, MSG_CERTS_TRADE, MSGF(a, r->lang, MSG_CERTS_TRADE_VALUE,
	    t ? (r->lang == LANG_FR ? t->name_fr : t->name_en) : c->trade_code, c->trade_code));
	if (c->red_seal)
		row(h, MSG_CERTS_RED_SEAL, msg_get(r->lang, MSG_CERTS_RED_SEAL_YES));
	row(h, MSG_CERTS_NUMBER, c->number);
	int32_t d;
	if (date_parse(c->issued_on, &d) == 0)
		row(h, MSG_CERTS_ISSUED_ON, fmt_date_long(a, r->lang, d));
	if (c->expires_on && date_parse(c->expires_on, &d) == 0)
		row(h, MSG_CERTS_EXPIRES_ON, fmt_date_long(a, r->lang, d));
	else
		row(h, MSG_CERTS_EXPIRES_ON, msg_get(r->lang, MSG_CERTS_EXPIRES_NEVER));
	HF(h, "<div><dt>{}</dt><dd><span class=\"pl-status pl-status--{}\">{}</span></dd></div>",
	    HM(MSG_CERTS_STATUS), HS(valid ? "ok" : "breached"), HM(cert_status_word(status)));
	row(h, MSG_CERTS_ISSUER, r->lang == LANG_FR ? web_settings.agency_fr : web_settings.agency_en);
	H(h, "</dl>");

	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_CERTS_OFFLINE_TITLE),
	    HS(MSGF(a, r->lang, MSG_CERTS_OFFLINE_TEXT,
	        arena_printf(a, "%s/.well-known/did.json", issuer_base()))));
	if (certs_may_download(r->who, c))
		HF(h, "<p><a href=\"{}\" download>{}</a></p>",
		    HS(arena_printf(a, "/api/v1/credentials/%s", url_encode(a, c->public_id))),
		    HM(MSG_CERTS_DOWNLOAD));
	else
		HF(h, "<p>{}</p>", HM(MSG_CERTS_DOWNLOAD_PRIVATE));
	if (qualification)
		HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/register")), HM(MSG_CERTS_REGISTER_LINK));
	page_end(&p);
	return 0;
}

/* ---- the register ---- */

struct register_view {
	struct arena *a;
	const char *name, *trade, *number;
	enum lang lang;
	json_t *out;
	struct dom_err err;
};

static enum st_rc
register_tx(struct st_tx *tx, void *v)
{
	struct register_view *rv = v;
	json_decref(rv->out);
	rv->out = NULL;
	return certs_register(tx, rv->a, rv->name, rv->trade, rv->number, rv->lang, &rv->out, &rv->err);
}

static void
register_free(void *v)
{
	struct register_view *rv = v;
	json_decref(rv->out);
	json_decref(rv->err.extra);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void
register_results(struct page *p, json_t *out)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	json_t *items = json_object_get(out, "items");
	if (json_array_size(items) == 0) {
		HF(h, "<p role=\"status\">{}</p>", HM(MSG_CERTS_REGISTER_NONE));
		return;
	}
	/* A wide table scrolls in its own focusable region, not the page (320 px reflow). */
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\">"
	    "<table class=\"ontario-table\"><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_CERTS_REGISTER_CAPTION), HM(MSG_CERTS_REGISTER_CAPTION), HM(MSG_CERTS_REGISTER_COL_NAME),
	    HM(MSG_CERTS_REGISTER_COL_TRADE), HM(MSG_CERTS_REGISTER_COL_NUMBER),
	    HM(MSG_CERTS_REGISTER_COL_STATUS));
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		const char *status = jstr(it, "status");
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>"
		    "<td><span class=\"pl-status pl-status--{}\">{}</span></td></tr>",
		    HS(arena_printf(a, "%s, %s", jstr(it, "family_name"), jstr(it, "given_name"))),
		    HS(MSGF(a, p->lang, MSG_CERTS_TRADE_VALUE, jstr(it, "trade_name"), jstr(it, "trade_code"))),
		    HS(jstr(it, "number")), HS(strcmp(status, "valid") == 0 ? "ok" : "breached"),
		    HM(cert_status_word(status)));
	}
	H(h, "</tbody></table></div></div>");
	if (json_is_true(json_object_get(out, "more")))
		HF(h, "<p>{}</p>", HM(MSG_CERTS_REGISTER_MORE));
}

int
p_register(struct req *r)
{
	struct arena *a = &r->arena;
	struct form f = { 0 };
	const char *q = req_raw_query(r);
	int searched = q != NULL && *q != '\0' && form_parse(&f, a, q, strlen(q)) == 0 &&
	    (form_get(&f, "name") || form_get(&f, "number") || form_get(&f, "trade"));
	struct register_view *rv = arena_calloc(a, 1, sizeof(*rv));
	rv->a = a;
	rv->lang = r->lang;
	arena_defer(a, register_free, rv);
	if (searched) {
		rv->name = form_get(&f, "name");
		rv->trade = form_get(&f, "trade");
		rv->number = form_get(&f, "number");
		if (rv->trade && *rv->trade && trades_find(rv->trade) == NULL)
			form_error(&f, "trade", msg_get(r->lang, MSG_CERTS_REGISTER_ERR_TRADE));
		else if ((rv->name && strlen(rv->name) > 200) || (rv->number && strlen(rv->number) > 32))
			form_error(&f, "name", msg_get(r->lang, MSG_CERTS_REGISTER_ERR_QUERY));
		if (f.nerr == 0) {
			if (!api_register_allowed(r)) {
				web_message_page(r, 429, MSG_CERTS_REGISTER_SLOW_TITLE, MSG_CERTS_REGISTER_SLOW);
				return 0;
			}
			enum st_rc rc = st_read(r->store, register_tx, rv);
			if (rc == ST_CONFLICT)
				form_error(&f, "name", msg_get(r->lang, MSG_CERTS_REGISTER_ERR_QUERY));
			else if (rc != ST_OK) {
				web_reply_failure(r, rc);
				return 0;
			}
		}
	}
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_CERTS_REGISTER_TITLE), NAV_REGISTER, f.nerr ? &f : NULL);
	struct html *h = &p.h;
	HF(h, "<p>{}</p>", HM(MSG_CERTS_REGISTER_INTRO));
	/* A search form is a GET: the results have their own address and nothing is written. */
	HF(h, "<form method=\"get\" action=\"{}\" novalidate>", HS(web_url(r, "/register")));
	field_input(&p, &(struct field){ .id = "name", .name = "name", .label = MSG_CERTS_REGISTER_NAME,
	    .hint = MSG_CERTS_REGISTER_NAME_HINT, .value = form_get(&f, "name"), .optional = true,
	    .width = "20-char-width" });
	size_t n = 0;
	struct option *opts = casefmt_trade_options(a, r->lang,
	    msg_get(r->lang, MSG_CERTS_REGISTER_TRADE_ANY), &n);
	field_select(&p, &(struct field){ .id = "trade", .name = "trade", .label = MSG_CERTS_REGISTER_TRADE,
	    .value = form_get(&f, "trade"), .optional = true }, opts, n);
	field_input(&p, &(struct field){ .id = "number", .name = "number",
	    .label = MSG_CERTS_REGISTER_NUMBER, .hint = MSG_CERTS_REGISTER_NUMBER_HINT,
	    .value = form_get(&f, "number"), .optional = true, .width = "20-char-width" });
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}</button></form>",
	    HM(MSG_CERTS_REGISTER_SEARCH));
	if (searched && f.nerr == 0 && rv->out)
		register_results(&p, rv->out);
	page_end(&p);
	return 0;
}
