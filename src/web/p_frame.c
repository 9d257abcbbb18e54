/* The pages of the frame itself: "/" (language choice), home, the accessibility statement,
 * privacy notice and contact page, sign-out and "stay signed in". */
#include <string.h>

#include "domain/accounts.h"
#include "http/router.h"
#include "web/pages.h"

int
p_root(struct req *r)
{
	reply_header(r, "Vary", "Accept-Language, Cookie");
	web_redirect(r, web_visitor_lang(r) == LANG_FR ? "/fr" : "/en");
	return 0;
}

enum lang
web_visitor_lang(struct req *r)
{
	/* A remembered choice wins, then the browser's languages. */
	const char *c = req_cookie(r, "plang");
	if (c != NULL && (strcmp(c, "en") == 0 || strcmp(c, "fr") == 0))
		return c[0] == 'f' ? LANG_FR : LANG_EN;
	return http_lang_pick(NULL, req_header(r, "Accept-Language"));
}

int
p_home(struct req *r)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_HOME_TITLE), NAV_HOME, NULL);
	struct html *h = &p.h;
	HF(h, "<p class=\"ontario-lead-statement\">{}</p>", HM(MSG_HOME_LEAD));
	HF(h, "<h2>{}</h2><ul><li><a href=\"{}\">{}</a></li><li><a href=\"{}\">{}</a></li>"
	    "<li><a href=\"{}\">{}</a></li><li><a href=\"{}\">{}</a></li></ul>",
	    HM(MSG_HOME_WHAT_YOU_CAN_DO),
	    HS(web_url(r, "/find-a-service")), HM(MSG_HOME_FIND_SERVICE),
	    HS(web_url(r, "/trades")), HM(MSG_HOME_FIND_TRADE),
	    HS(web_url(r, r->who ? "/my-files" : "/create-account")), HM(MSG_HOME_START),
	    HS(web_url(r, r->who ? "/account" : "/sign-in")),
	    HM(r->who ? MSG_HOME_ACCOUNT : MSG_HOME_SIGN_IN));
	HF(h, "<h2>{}</h2><p>{}</p><p>{}</p>", HM(MSG_HOME_HOW_TITLE), HM(MSG_HOME_HOW_1),
	    HM(MSG_HOME_HOW_2));
	HF(h, "<h2>{}</h2><p>{} <a href=\"{}\">{}</a></p>", HM(MSG_HOME_NETWORK_TITLE),
	    HM(MSG_HOME_NETWORK_TEXT), HS(web_url(r, "/rollout")), HM(MSG_HOME_ROLLOUT));
	page_end(&p);
	return 0;
}

/* A content page: a title and paragraphs, headed by optional h2s (0 ends the list). */
struct content_block {
	int heading;    /* 0: none */
	int text;
};

static void
content_page(struct req *r, int title, const struct content_block *b)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, title), NAV_NONE, NULL);
	for (; b->text != 0; b++) {
		if (b->heading)
			HF(&p.h, "<h2>{}</h2>", HM(b->heading));
		HF(&p.h, "<p>{}</p>", HM(b->text));
	}
	page_end(&p);
}

int
p_accessibility(struct req *r)
{
	static const struct content_block b[] = {
		{ 0, MSG_A11Y_INTRO },
		{ MSG_A11Y_TARGET_TITLE, MSG_A11Y_TARGET },
		{ MSG_A11Y_TESTED_TITLE, MSG_A11Y_TESTED },
		{ MSG_A11Y_KNOWN_TITLE, MSG_A11Y_KNOWN },
		{ MSG_A11Y_FORMATS_TITLE, MSG_A11Y_FORMATS },
		{ MSG_A11Y_CONTACT_TITLE, MSG_A11Y_CONTACT },
		{ 0, 0 }
	};
	content_page(r, MSG_A11Y_TITLE, b);
	return 0;
}

int
p_privacy(struct req *r)
{
	static const struct content_block b[] = {
		{ 0, MSG_PRIVACY_INTRO },
		{ MSG_PRIVACY_AUTHORITY_TITLE, MSG_PRIVACY_AUTHORITY },
		{ MSG_PRIVACY_USE_TITLE, MSG_PRIVACY_USE },
		{ MSG_PRIVACY_SIN_TITLE, MSG_PRIVACY_SIN },
		{ MSG_PRIVACY_ACCESS_TITLE, MSG_PRIVACY_ACCESS },
		{ MSG_PRIVACY_COOKIES_TITLE, MSG_PRIVACY_COOKIES },
		{ MSG_PRIVACY_CONTACT_TITLE, MSG_PRIVACY_CONTACT },
		{ 0, 0 }
	};
	content_page(r, MSG_PRIVACY_TITLE, b);
	return 0;
}

int
p_contact(struct req *r)
{
	static const struct content_block b[] = {
		{ 0, MSG_CONTACT_INTRO },
		{ MSG_CONTACT_PHONE_TITLE, MSG_CONTACT_PHONE },
		{ MSG_CONTACT_EMAIL_TITLE, MSG_CONTACT_EMAIL },
		{ MSG_CONTACT_MAIL_TITLE, MSG_CONTACT_MAIL },
		{ 0, 0 }
	};
	content_page(r, MSG_CONTACT_TITLE, b);
	return 0;
}

/* ---- sign-out and "stay signed in" ---- */

struct session_op {
	const struct principal *who;
	int64_t expires_us;
	int everywhere;
};

static enum st_rc
sign_out_tx(struct st_tx *tx, void *v)
{
	struct session_op *op = v;
	return op->everywhere ? account_sign_out_everywhere(tx, op->who) :
	    account_sign_out(tx, op->who);
}

static void
signed_out(struct req *r, void *ctx, enum st_rc rc)
{
	(void)ctx;
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	reply_session_cookie(r, NULL, 0);
	web_redirect(r, web_url(r, "/sign-in?signed_out=1"));
}

static int
sign_out(struct req *r, int everywhere)
{
	struct form f;
	if (web_post_form(r, &f) != 0)
		return 0;
	struct session_op *op = arena_calloc(&r->arena, 1, sizeof(*op));
	op->who = r->who;
	op->everywhere = everywhere;
	return req_write(r, sign_out_tx, op, signed_out);
}

int
p_sign_out(struct req *r)
{
	return sign_out(r, 0);
}

int
p_sign_out_everywhere(struct req *r)
{
	return sign_out(r, 1);
}

static enum st_rc
extend_tx(struct st_tx *tx, void *v)
{
	struct session_op *op = v;
	return account_session_extend(tx, op->who, web_settings.session_ttl_s, &op->expires_us);
}

static void
extended(struct req *r, void *ctx, enum st_rc rc)
{
	struct session_op *op = ctx;
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	const char *accept = req_header(r, "Accept");
	if (accept != NULL && strstr(accept, "application/json") != NULL) {
		/* the page's script: it only needs the new end */
		const char *body = arena_printf(&r->arena, "{\"expires\":%lld}",
		    (long long)(op->expires_us / 1000000));
		reply_raw(r, 200, "application/json; charset=utf-8", body, strlen(body));
		return;
	}
	struct form f;
	form_parse(&f, &r->arena, r->body, r->body_len);
	web_redirect(r, web_safe_next(form_get(&f, "next"), web_url(r, "")));
}

int
p_session_extend(struct req *r)
{
	struct form f;
	if (web_post_form(r, &f) != 0)
		return 0;
	struct session_op *op = arena_calloc(&r->arena, 1, sizeof(*op));
	op->who = r->who;
	return req_write(r, extend_tx, op, extended);
}
