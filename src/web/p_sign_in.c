/* Signing in, and creating an account (a client registering themself).
 *
 * Sign-in verifies the password on the worker thread (account_sign_in does one short write
 * afterwards), so it needs no req_write. Creating an account hashes the password first, then
 * one write transaction creates the person, the client user and the session
 * (signup_client + account_session_open). */
#include <string.h>

#include "core/timeutil.h"
#include "domain/accounts.h"
#include "domain/signup.h"
#include "text/text.h"
#include "text/validate.h"
#include "web/pages.h"

#define EMAIL_MAX 254
#define PASSWORD_MIN 12
#define PASSWORD_MAX 200
#define NAME_MAX 100

/* Where a role lands after signing in, when no "next" page was asked for. */
static const char *
role_home(struct req *r, enum role role)
{
	switch (role) {
	case ROLE_CLIENT:
		return web_url(r, "/my-files");
	case ROLE_SPONSOR:
		return web_url(r, "/to-sign");
	case ROLE_ADVISOR:
	case ROLE_MANAGER:
	case ROLE_AUDITOR:
		return web_url(r, "/queue");
	case ROLE_ADMIN:
		return web_url(r, "/users");
	default:
		return web_url(r, "/account");
	}
}

/* An ODS alert that is not an error: announced politely (role="status"). */
static void
notice(struct page *p, const char *kind, int title, int text)
{
	HF(&p->h, "<div class=\"ontario-alert ontario-alert--{}\" role=\"status\">"
	    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title ontario-h4\">"
	    "{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
	    HS(kind), HM(title), HM(text));
}

/* ---- sign in ---- */

enum sign_in_notice { NOTICE_NONE, NOTICE_SIGNED_OUT, NOTICE_EXPIRED };

static void
sign_in_render(struct req *r, const struct form *f, const char *email, const char *next,
    enum sign_in_notice n)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_PUBLIC_SIGN_IN_TITLE), NAV_SIGN_IN, f);
	struct html *h = &p.h;
	if (n == NOTICE_SIGNED_OUT)
		notice(&p, "success", MSG_PUBLIC_SIGNED_OUT_TITLE, MSG_PUBLIC_SIGNED_OUT_TEXT);
	else if (n == NOTICE_EXPIRED)
		notice(&p, "informational", MSG_PUBLIC_EXPIRED_TITLE, MSG_PUBLIC_EXPIRED_TEXT);
	form_open(&p, web_url(r, "/sign-in"));
	if (next != NULL)
		HF(h, "<input type=\"hidden\" name=\"next\" value=\"{}\">", HS(next));
	field_input(&p, &(struct field){ .id = "email", .name = "email",
	    .label = MSG_PUBLIC_SIGN_IN_EMAIL, .value = email, .autocomplete = "username",
	    .type = "email" });
	field_input(&p, &(struct field){ .id = "password", .name = "password",
	    .label = MSG_PUBLIC_SIGN_IN_PASSWORD, .autocomplete = "current-password",
	    .type = "password" });
	form_button(&p, MSG_PUBLIC_SIGN_IN_BUTTON);
	form_close(&p);
	HF(h, "<h2>{}</h2><p>{}</p><p><a href=\"{}\">{}</a></p>", HM(MSG_PUBLIC_NO_ACCOUNT_TITLE),
	    HM(MSG_PUBLIC_NO_ACCOUNT_TEXT), HS(web_url(r, "/create-account")),
	    HM(MSG_PUBLIC_NO_ACCOUNT_LINK));
	page_end(&p);
}

int
p_sign_in_form(struct req *r)
{
	const char *so = req_query(r, "signed_out"), *ex = req_query(r, "expired");
	enum sign_in_notice n = so != NULL && strcmp(so, "1") == 0 ? NOTICE_SIGNED_OUT :
	    ex != NULL && strcmp(ex, "1") == 0 ? NOTICE_EXPIRED : NOTICE_NONE;
	/* Only a next page that would be followed is carried. */
	sign_in_render(r, NULL, NULL, web_safe_next(req_query(r, "next"), NULL), n);
	return 0;
}

int
p_sign_in(struct req *r)
{
	struct form f;
	if (web_post_form(r, &f) != 0)
		return 0;
	const char *email = form_get(&f, "email"), *pw = form_get_raw(&f, "password");
	const char *next = web_safe_next(form_get(&f, "next"), NULL);
	if (form_empty(email))
		form_error(&f, "email", msg_get(r->lang, MSG_PUBLIC_SIGN_IN_EMAIL_REQUIRED));
	if (form_empty(pw))
		form_error(&f, "password", msg_get(r->lang, MSG_PUBLIC_SIGN_IN_PASSWORD_REQUIRED));
	if (f.nerr > 0) {
		sign_in_render(r, &f, email, next, NOTICE_NONE);
		return 0;
	}
	struct sign_in_result res = { 0 };
	if (strlen(email) > EMAIL_MAX || strlen(pw) > PASSWORD_MAX) {
		/* Cannot be an account: the same answer as a wrong password. */
		res.err = E_AUTH_FAILED;
	} else if (account_sign_in(r->store, &r->arena, web_email_lower(&r->arena, email), pw,
	    web_settings.session_ttl_s, &res) != 0) {
		web_reply_failure(r, ST_ERROR);
		return 0;
	}
	if (res.err != E_NONE) {
		const char *text;
		if (res.err == E_AUTH_SLOW_DOWN)
			text = res.retry_after_s <= 1 ?
			    msg_get(r->lang, MSG_PUBLIC_SIGN_IN_SLOW_DOWN_ONE) :
			    MSGF(&r->arena, r->lang, MSG_PUBLIC_SIGN_IN_SLOW_DOWN,
			    fmt_int(&r->arena, r->lang, res.retry_after_s));
		else if (res.err == E_AUTH_LOCKED)
			text = MSGF(&r->arena, r->lang, MSG_PUBLIC_SIGN_IN_LOCKED,
			    fmt_int(&r->arena, r->lang, ACCOUNT_LOCK_MINUTES));
		else
			text = msg_get(r->lang, MSG_PUBLIC_SIGN_IN_FAILED);
		form_error(&f, "email", text);
		sign_in_render(r, &f, email, next, NOTICE_NONE);
		return 0;
	}
	enum role role = ROLE_CLIENT;
	const char *rn = json_string_value(json_object_get(res.user, "role"));
	int known = role_parse(rn, &role) == 0;
	json_decref(res.user);
	reply_session_cookie(r, res.session_token, (int)web_settings.session_ttl_s);
	web_redirect(r, web_safe_next(next, known ? role_home(r, role) : web_url(r, "/account")));
	return 0;
}

/* ---- create an account ---- */

struct signup_ctx {
	struct arena *a;          /* the request's (the writer owns the request meanwhile) */
	struct form f;
	struct signup_in in;
	int64_t user_id, person_id;
	char token[48];
	struct dom_err err;
};

static void
create_render(struct req *r, const struct form *f)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_PUBLIC_CREATE_TITLE), NAV_CREATE_ACCOUNT, f);
	struct html *h = &p.h;
	const struct form *v = f;    /* values to keep (none on a first visit) */
#define VAL(name) (v != NULL ? form_get(v, name) : NULL)
	HF(h, "<p>{}</p>", HM(MSG_PUBLIC_CREATE_INTRO));
	form_open(&p, web_url(r, "/create-account"));
	field_input(&p, &(struct field){ .id = "given-name", .name = "given_name",
	    .label = MSG_PUBLIC_CREATE_GIVEN_NAME, .value = VAL("given_name"),
	    .autocomplete = "given-name", .width = "20-char-width" });
	field_input(&p, &(struct field){ .id = "family-name", .name = "family_name",
	    .label = MSG_PUBLIC_CREATE_FAMILY_NAME, .value = VAL("family_name"),
	    .autocomplete = "family-name", .width = "20-char-width" });
	field_date(&p, &(struct field){ .id = "dob", .name = "dob", .label = MSG_PUBLIC_CREATE_DOB,
	    .hint = MSG_PUBLIC_CREATE_DOB_HINT, .autocomplete = "bday" },
	    VAL("dob_year"), VAL("dob_month"), VAL("dob_day"));
	field_input(&p, &(struct field){ .id = "email", .name = "email",
	    .label = MSG_PUBLIC_CREATE_EMAIL, .hint = MSG_PUBLIC_CREATE_EMAIL_HINT,
	    .value = VAL("email"), .autocomplete = "email", .type = "email" });
	const struct option langs[] = {
		{ "en", msg_get(r->lang, MSG_PUBLIC_CREATE_LANG_EN) },
		{ "fr", msg_get(r->lang, MSG_PUBLIC_CREATE_LANG_FR) },
	};
	field_radios(&p, &(struct field){ .id = "language", .name = "language",
	    .label = MSG_PUBLIC_CREATE_LANG, .value = VAL("language") }, langs, 2);
	field_input(&p, &(struct field){ .id = "password", .name = "password",
	    .label = MSG_PUBLIC_CREATE_PASSWORD, .hint = MSG_PUBLIC_CREATE_PASSWORD_HINT,
	    .autocomplete = "new-password", .type = "password", .width = "20-char-width" });
	field_input(&p, &(struct field){ .id = "password-confirm", .name = "password_confirm",
	    .label = MSG_PUBLIC_CREATE_PASSWORD_CONFIRM, .autocomplete = "new-password",
	    .type = "password", .width = "20-char-width" });
#undef VAL
	form_button(&p, MSG_PUBLIC_CREATE_BUTTON);
	form_close(&p);
	HF(h, "<h2>{}</h2><p><a href=\"{}\">{}</a></p>", HM(MSG_PUBLIC_CREATE_HAVE_ACCOUNT),
	    HS(web_url(r, "/sign-in")), HM(MSG_PUBLIC_CREATE_SIGN_IN_LINK));
	page_end(&p);
}

int
p_create_account_form(struct req *r)
{
	create_render(r, NULL);
	return 0;
}

static void
check_name(struct req *r, struct form *f, const char *id, const char *v, int empty_msg,
    int long_msg)
{
	if (form_empty(v))
		form_error(f, id, msg_get(r->lang, empty_msg));
	else if (text_utf8_len(v, strlen(v)) > NAME_MAX)
		form_error(f, id, msg_get(r->lang, long_msg));
}

static enum st_rc
signup_tx(struct st_tx *tx, void *v)
{
	struct signup_ctx *c = v;
	c->err.e = E_NONE;
	c->err.field = NULL;
	c->token[0] = '\0';
	enum st_rc rc = signup_client(tx, c->a, &c->in, &c->user_id, &c->person_id, &c->err);
	if (rc != ST_OK)
		return rc;
	/* Signed in at once, in the same transaction: no second password check needed. */
	struct principal self = { .user_id = c->user_id, .role = ROLE_CLIENT,
		.person_id = c->person_id };
	return account_session_open(tx, &self, time_now_us(), web_settings.session_ttl_s, c->token);
}

static void
signup_done(struct req *r, void *v, enum st_rc rc)
{
	struct signup_ctx *c = v;
	if (c->err.extra != NULL) {
		json_decref(c->err.extra);
		c->err.extra = NULL;
	}
	if (rc == ST_CONFLICT && c->err.e == E_USER_EXISTS) {
		form_error(&c->f, "email", msg_get(r->lang, MSG_PUBLIC_ERR_EMAIL_TAKEN));
		create_render(r, &c->f);
		return;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc == ST_CONFLICT ? ST_ERROR : rc);
		return;
	}
	reply_session_cookie(r, c->token, (int)web_settings.session_ttl_s);
	web_redirect(r, web_url(r, "/my-files"));
}

int
p_create_account(struct req *r)
{
	struct signup_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	struct form *f = &c->f;
	c->a = &r->arena;
	if (web_post_form(r, f) != 0)
		return 0;
	const char *given = form_get(f, "given_name"), *family = form_get(f, "family_name");
	const char *email = form_get(f, "email"), *lang = form_get(f, "language");
	const char *pw = form_get_raw(f, "password"), *pw2 = form_get_raw(f, "password_confirm");
	check_name(r, f, "given-name", given, MSG_PUBLIC_ERR_GIVEN_NAME,
	    MSG_PUBLIC_ERR_GIVEN_NAME_LONG);
	check_name(r, f, "family-name", family, MSG_PUBLIC_ERR_FAMILY_NAME,
	    MSG_PUBLIC_ERR_FAMILY_NAME_LONG);
	int32_t dob = 0;
	if (form_date_value(r, f, "dob", form_get(f, "dob_year"), form_get(f, "dob_month"),
	    form_get(f, "dob_day"), MSG_PUBLIC_ERR_DOB, MSG_PUBLIC_ERR_DOB_INVALID, &dob) == 0 &&
	    dob >= date_of_us_local(time_now_us()))
		form_error(f, "dob-year", msg_get(r->lang, MSG_PUBLIC_ERR_DOB_FUTURE));
	if (form_empty(email))
		form_error(f, "email", msg_get(r->lang, MSG_PUBLIC_ERR_EMAIL));
	else if (strlen(email) > EMAIL_MAX || !email_valid(email))
		form_error(f, "email", msg_get(r->lang, MSG_PUBLIC_ERR_EMAIL_INVALID));
	if (lang == NULL || (strcmp(lang, "en") != 0 && strcmp(lang, "fr") != 0))
		form_error(f, "language-1", msg_get(r->lang, MSG_PUBLIC_ERR_LANG));
	size_t pw_len = pw != NULL ? text_utf8_len(pw, strlen(pw)) : 0;
	if (form_empty(pw))
		form_error(f, "password", msg_get(r->lang, MSG_PUBLIC_ERR_PASSWORD));
	else if (pw_len < PASSWORD_MIN)
		form_error(f, "password", msg_get(r->lang, MSG_PUBLIC_ERR_PASSWORD_SHORT));
	else if (pw_len > PASSWORD_MAX)
		form_error(f, "password", msg_get(r->lang, MSG_PUBLIC_ERR_PASSWORD_LONG));
	else if (form_empty(pw2))
		form_error(f, "password-confirm", msg_get(r->lang, MSG_PUBLIC_ERR_PASSWORD_CONFIRM));
	else if (strcmp(pw, pw2) != 0)
		form_error(f, "password-confirm", msg_get(r->lang, MSG_PUBLIC_ERR_PASSWORD_MISMATCH));
	if (f->nerr > 0) {
		create_render(r, f);
		return 0;
	}
	/* Slow on purpose: outside the write transaction. */
	char *hash = arena_alloc(&r->arena, 128);
	if (account_hash_password(pw, hash) != 0) {
		web_reply_failure(r, ST_ERROR);
		return 0;
	}
	c->in = (struct signup_in){ .given_name = given, .family_name = family, .birth_date = dob,
		.email = web_email_lower(&r->arena, email), .lang = lang, .pw_hash = hash };
	return req_write(r, signup_tx, c, signup_done);
}
