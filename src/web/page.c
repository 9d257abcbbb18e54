/* page: the frame every page shares: head, header with the agency identity and the language
 * link, navigation for the caller's role, main, error summary, footer and the session
 * time-out warning (WCAG 2.2.1: warned before the end, with a way to extend). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "domain/accounts.h"
#include "web/assets.h"
#include "web/web.h"

struct web_settings web_settings = { "passerelle", "passerelle", 8 * 3600, { 0 } };

void
web_configure(const char *agency_en, const char *agency_fr, int64_t session_ttl_s,
    const unsigned char *key, size_t key_len)
{
	if (agency_en != NULL && agency_en[0] != '\0')
		web_settings.agency_en = agency_en;
	if (agency_fr != NULL && agency_fr[0] != '\0')
		web_settings.agency_fr = agency_fr;
	if (session_ttl_s > 0)
		web_settings.session_ttl_s = session_ttl_s;
	/* A key of its own for CSRF tokens, so the field key is never used for two purposes. */
	static const char ctx[] = "passerelle csrf key v1";
	crypto_generichash(web_settings.csrf_key, sizeof(web_settings.csrf_key),
	    (const unsigned char *)ctx, sizeof(ctx) - 1, key, key_len);
}

static const char *
agency(enum lang lang)
{
	return lang == LANG_FR ? web_settings.agency_fr : web_settings.agency_en;
}

const char *
web_url(struct req *r, const char *path)
{
	return arena_printf(&r->arena, "/%s%s", lang_code(r->lang), path);
}

const char *
web_urlf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *path = arena_vprintf(&r->arena, fmt, ap);
	va_end(ap);
	return web_url(r, path);
}

/* The current path with its language prefix swapped for lang's. */
static const char *
url_in(struct req *r, enum lang lang)
{
	const char *path = req_path(r);
	const char *rest = http_page_lang(path, NULL) == 0 ? path + 3 : "";
	const char *q = req_raw_query(r);
	/* Only GET pages keep their query; a POST's page (an error re-render) links to the
	 * form's own page. */
	int keep_q = q[0] != '\0' && strcmp(req_method(r), "GET") == 0;
	return arena_printf(&r->arena, "/%s%s%s%s", lang_code(lang), rest, keep_q ? "?" : "",
	    keep_q ? q : "");
}

const char *
web_other_lang_url(struct req *r)
{
	return url_in(r, r->lang == LANG_FR ? LANG_EN : LANG_FR);
}

void
web_redirect(struct req *r, const char *location)
{
	reply_header(r, "Location", location);
	reply_raw(r, 303, NULL, "", 0);
}

const char *
web_safe_next(const char *next, const char *fallback)
{
	if (next == NULL || http_page_lang(next, NULL) != 0)
		return fallback;
	for (const char *s = next; *s != '\0'; s++)
		if ((unsigned char)*s < 0x21 || *s == '\\' || (unsigned char)*s >= 0x7f)
			return fallback;
	if (strstr(next, "//") != NULL)
		return fallback;
	return next;
}

/* ---- navigation ---- */

struct nav_item {
	enum web_nav id;
	const char *path;
	int label;
	unsigned roles;       /* RB() bits; ROLE_PUBLIC_BIT = only when signed out */
};

#define SIGNED_OUT ROLE_PUBLIC_BIT
#define CASE_STAFF (RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | RB(ROLE_ADMIN) | RB(ROLE_AUDITOR))
#define CONTACT_STAFF (RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | RB(ROLE_ADMIN))

static const struct nav_item nav_items[] = {
	{ NAV_HOME, "", MSG_NAV_HOME, SIGNED_OUT },
	{ NAV_MY_FILES, "/my-files", MSG_NAV_MY_FILES, RB(ROLE_CLIENT) },
	{ NAV_NEW_AGREEMENT, "/agreements/new", MSG_NAV_NEW_AGREEMENT, RB(ROLE_CLIENT) },
	{ NAV_MY_EXAMS, "/my-exams", MSG_NAV_MY_EXAMS, RB(ROLE_CLIENT) },
	{ NAV_MY_CERTIFICATES, "/my-certificates", MSG_NAV_MY_CERTIFICATES, RB(ROLE_CLIENT) },
	{ NAV_APPRENTICES, "/apprentices", MSG_NAV_APPRENTICES, RB(ROLE_SPONSOR) },
	{ NAV_TO_SIGN, "/to-sign", MSG_NAV_TO_SIGN, RB(ROLE_SPONSOR) },
	{ NAV_QUEUE, "/queue", MSG_NAV_QUEUE, CASE_STAFF },
	{ NAV_PERSONS, "/persons", MSG_NAV_PERSONS, ROLES_STAFF },
	{ NAV_USERS, "/users", MSG_NAV_USERS, RB(ROLE_ADMIN) },
	{ NAV_EXAM_SESSIONS, "/exam-sessions", MSG_NAV_EXAM_SESSIONS, RB(ROLE_EXAM_ADMIN) | RB(ROLE_ADMIN) },
	{ NAV_CERTIFICATES, "/certificates", MSG_NAV_CERTIFICATES, RB(ROLE_EXAM_ADMIN) | RB(ROLE_ADMIN) },
	{ NAV_EXAM_REPORTS, "/exam-reports", MSG_NAV_EXAM_REPORTS, RB(ROLE_MANAGER) },
	{ NAV_SEGMENTS, "/segments", MSG_NAV_SEGMENTS, RB(ROLE_MANAGER) | RB(ROLE_ADMIN) },
	{ NAV_CONTACT_NEW, "/contacts/new", MSG_NAV_CONTACT_NEW, CONTACT_STAFF },
	{ NAV_CONTACT_CENTRE, "/contact-centre", MSG_NAV_CONTACT_CENTRE, CONTACT_STAFF },
	{ NAV_LOCATOR, "/find-a-service", MSG_NAV_LOCATOR, SIGNED_OUT | ROLES_ALL },
	{ NAV_TRADES, "/trades", MSG_NAV_TRADES, SIGNED_OUT | ROLES_ALL },
	{ NAV_REGISTER, "/register", MSG_NAV_REGISTER, SIGNED_OUT | ROLES_ALL },
	{ NAV_ACCOUNT, "/account", MSG_NAV_ACCOUNT, ROLES_ALL },
	{ NAV_SIGN_IN, "/sign-in", MSG_NAV_SIGN_IN, SIGNED_OUT },
	{ NAV_CREATE_ACCOUNT, "/create-account", MSG_NAV_CREATE_ACCOUNT, SIGNED_OUT },
};

static void
write_nav(struct page *p, enum web_nav current)
{
	struct html *h = &p->h;
	const struct principal *who = p->r->who;
	unsigned bit = who == NULL ? SIGNED_OUT : RB(who->role);
	HF(h, "<nav class=\"pl-nav\" aria-label=\"{}\"><ul class=\"pl-nav__list\">",
	    HM(MSG_NAV_LABEL));
	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		const struct nav_item *n = &nav_items[i];
		if (!(n->roles & bit))
			continue;
		const char *href = web_url(p->r, n->path);
		if (n->id == current)
			HF(h, "<li><a href=\"{}\" aria-current=\"page\">{}</a></li>", HS(href),
			    HM(n->label));
		else
			HF(h, "<li><a href=\"{}\">{}</a></li>", HS(href), HM(n->label));
	}
	H(h, "</ul></nav>");
}

/* ---- the signed-in user ---- */

struct user_ctx {
	int64_t id;
	json_t *user;
};

static enum st_rc
user_tx(struct st_tx *tx, void *v)
{
	struct user_ctx *c = v;
	return account_get_json(tx, c->id, &c->user);
}

static const char *
load_display_name(struct req *r)
{
	struct user_ctx c = { r->who->user_id, NULL };
	if (st_read(r->store, user_tx, &c) != ST_OK || c.user == NULL)
		return "";
	const char *name = json_string_value(json_object_get(c.user, "display_name"));
	const char *out = arena_strdup(&r->arena, name != NULL ? name : "");
	json_decref(c.user);
	return out;
}

static void write_session_notice(struct page *p);

static void
write_header(struct page *p)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	enum lang other = p->lang == LANG_FR ? LANG_EN : LANG_FR;
	HF(h, "<a class=\"pl-skip\" href=\"#main-content\">{}</a>", HM(MSG_FRAME_SKIP));
	HF(h, "<header><div class=\"pl-header\"><div class=\"pl-header__identity\"><a href=\"{}\">"
	    "<img src=\"{}\" alt=\"\"><span>{}</span></a></div>",
	    HS(web_url(r, "")), HS(asset_url("logo")), HS(agency(p->lang)));
	/* The link names the other language in that language (lang, hreflang; no aria-label
	 * that would replace the visible word). */
	HF(h, "<a class=\"pl-header__lang\" href=\"{}\" lang=\"{}\" hreflang=\"{}\">{}</a>",
	    HS(web_other_lang_url(r)), HS(lang_code(other)), HS(lang_code(other)),
	    HS(other == LANG_FR ? "Français" : "English"));
	if (r->who != NULL) {
		HF(h, "<div class=\"pl-header__user\"><p class=\"pl-header__name\">{}</p>",
		    HS(MSGF(&r->arena, p->lang, MSG_FRAME_SIGNED_IN_AS, p->display_name)));
		HF(h, "<form method=\"post\" action=\"{}\" class=\"pl-header__form\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
		    "<button type=\"submit\" class=\"pl-header__button\">{}</button></form>",
		    HS(web_url(r, "/sign-out")), HS(csrf_token(r)), HM(MSG_FRAME_SIGN_OUT));
		H(h, "</div>");
	}
	H(h, "</div>");
	write_session_notice(p);
	H(h, "</header>");
}

/* Without JavaScript the session's end and a "stay signed in" button are always shown; the
 * script turns the hidden dialog into a warning two minutes before the end. */
static void
write_session_notice(struct page *p)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	if (r->who == NULL || r->who->session_id == 0 || r->who->expires_us == 0)
		return;
	const char *ends = fmt_time(&r->arena, p->lang, r->who->expires_us);
	const char *action = web_url(r, "/session/extend");
	const char *here = url_in(r, p->lang);
	HF(h, "<div class=\"pl-session\"><p>{} ",
	    HS(MSGF(&r->arena, p->lang, MSG_FRAME_SESSION_ENDS, ends)));
	HF(h, "</p><form method=\"post\" action=\"{}\" class=\"pl-session__form\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
	    "<input type=\"hidden\" name=\"next\" value=\"{}\">"
	    "<button type=\"submit\" class=\"pl-session__button\">{}</button>"
	    "</form></div>",
	    HS(action), HS(csrf_token(r)), HS(here), HM(MSG_FRAME_STAY_SIGNED_IN));
}

static void
write_session_dialog(struct page *p)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	if (r->who == NULL || r->who->session_id == 0 || r->who->expires_us == 0)
		return;
	HF(h, "<div id=\"session-timeout\" class=\"pl-dialog\" role=\"alertdialog\" "
	    "aria-modal=\"true\" aria-labelledby=\"session-timeout-title\" "
	    "aria-describedby=\"session-timeout-desc\" hidden data-expires=\"{}\">",
	    HI(r->who->expires_us / 1000000));
	HF(h, "<h2 id=\"session-timeout-title\">{}</h2><p id=\"session-timeout-desc\">{}</p>",
	    HM(MSG_FRAME_TIMEOUT_TITLE), HM(MSG_FRAME_TIMEOUT_TEXT));
	HF(h, "<form method=\"post\" action=\"{}\" data-expired-url=\"{}\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
	    "<input type=\"hidden\" name=\"next\" value=\"{}\">"
	    "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}</button>",
	    HS(web_url(r, "/session/extend")), HS(web_url(r, "/sign-in?expired=1")),
	    HS(csrf_token(r)), HS(url_in(r, p->lang)), HM(MSG_FRAME_STAY_SIGNED_IN));
	H(h, "</form></div>");
}

static void
write_error_summary(struct page *p)
{
	struct html *h = &p->h;
	HF(h, "<div class=\"ontario-alert ontario-alert--error\" id=\"error-summary\" "
	    "tabindex=\"-1\" role=\"group\" aria-labelledby=\"error-summary-title\">"
	    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title "
	    "ontario-h4\" id=\"error-summary-title\">{}</h2></div>"
	    "<div class=\"ontario-alert__body\"><ul>", HM(MSG_FRAME_ERROR_SUMMARY));
	for (size_t i = 0; i < p->form->nerr; i++)
		HF(h, "<li><a href=\"#{}\">{}</a></li>", HS(p->form->err[i].field),
		    HS(p->form->err[i].text));
	H(h, "</ul></div></div>");
}

void
page_begin_bare(struct page *p, struct req *r, const char *title, enum web_nav nav,
    const struct form *form)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->lang = r->lang;
	p->form = form;
	p->status = 200;
	p->display_name = r->who != NULL ? load_display_name(r) : "";
	struct html *h = &p->h;
	html_init(h, p->lang);
	int has_errors = form != NULL && form->nerr > 0;

	HF(h, "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
	    HS(lang_code(p->lang)));
	const char *full = MSGF(&r->arena, p->lang, MSG_FRAME_TITLE, title, agency(p->lang));
	if (has_errors)
		full = MSGF(&r->arena, p->lang, MSG_FRAME_ERROR_TITLE, full);
	HF(h, "<title>{}</title>", HS(full));
	HF(h, "<link rel=\"stylesheet\" href=\"{}\"><link rel=\"icon\" href=\"{}\" "
	    "type=\"image/svg+xml\"><link rel=\"icon\" href=\"{}\" sizes=\"48x48\">",
	    HS(asset_url("site.css")), HS(asset_url("favicon.svg")), HS(asset_url("favicon.ico")));
	HF(h, "<link rel=\"alternate\" hreflang=\"en\" href=\"{}\">"
	    "<link rel=\"alternate\" hreflang=\"fr\" href=\"{}\">",
	    HS(url_in(r, LANG_EN)), HS(url_in(r, LANG_FR)));
	HF(h, "<script src=\"{}\" defer></script></head><body>", HS(asset_url("site.js")));
	write_header(p);
	write_nav(p, nav);
	H(h, "<main id=\"main-content\" tabindex=\"-1\" class=\"pl-main\"><div class=\"ontario-row\">"
	    "<div class=\"ontario-columns ontario-small-12\">");
	if (has_errors)
		write_error_summary(p);
}

void
page_begin(struct page *p, struct req *r, const char *title, enum web_nav nav,
    const struct form *form)
{
	page_begin_bare(p, r, title, nav, form);
	HF(&p->h, "<h1>{}</h1>", HS(title));
}

void
page_end(struct page *p)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	H(h, "</div></div></main>");
	HF(h, "<footer class=\"ontario-footer ontario-footer--default\"><div class=\"ontario-row\">"
	    "<div class=\"ontario-columns ontario-small-12\"><nav aria-label=\"{}\">"
	    "<ul class=\"ontario-footer__links-container ontario-footer__links-container--inline\">",
	    HM(MSG_FRAME_FOOTER_LABEL));
	HF(h, "<li><a class=\"ontario-footer__link\" href=\"{}\">{}</a></li>"
	    "<li><a class=\"ontario-footer__link\" href=\"{}\">{}</a></li>"
	    "<li><a class=\"ontario-footer__link\" href=\"{}\">{}</a></li></ul></nav>",
	    HS(web_url(r, "/accessibility")), HM(MSG_FRAME_FOOTER_ACCESSIBILITY),
	    HS(web_url(r, "/privacy")), HM(MSG_FRAME_FOOTER_PRIVACY),
	    HS(web_url(r, "/contact")), HM(MSG_FRAME_FOOTER_CONTACT));
	int y, m, d;
	date_to_ymd(date_of_us_local(time_now_us()), &y, &m, &d);
	char year[8];
	snprintf(year, sizeof(year), "%d", y);
	HF(h, "<p class=\"ontario-footer__copyright\">{}</p></div></div></footer>",
	    HS(MSGF(&r->arena, p->lang, MSG_FRAME_COPYRIGHT, agency(p->lang), year)));
	write_session_dialog(p);
	H(h, "</body></html>\n");
	size_t len;
	char *body = html_finish(h, &r->arena, &len);
	/* The language a visitor reads in is the one "/" sends them to next time. */
	reply_header(r, "Set-Cookie", p->lang == LANG_FR ?
	    "plang=fr; Path=/; Max-Age=31536000; SameSite=Lax" :
	    "plang=en; Path=/; Max-Age=31536000; SameSite=Lax");
	reply_raw(r, p->status, "text/html; charset=utf-8", body, len);
}

void
web_message_page(struct req *r, unsigned status, int title_id, int body_id)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, title_id), NAV_NONE, NULL);
	HF(&p.h, "<p>{}</p>", HM(body_id));
	HF(&p.h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "")), HM(MSG_FRAME_GO_HOME));
	p.status = status;
	page_end(&p);
}

void
web_reply_failure(struct req *r, enum st_rc rc)
{
	if (rc == ST_NOTFOUND)
		page_error(r, E_ROUTE_NOT_FOUND);
	else if (rc == ST_RETRY)
		page_error(r, E_UNAVAILABLE);
	else
		page_error(r, E_INTERNAL);
}
