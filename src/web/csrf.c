/* csrf: tokens that tie every form POST to the browser that was shown the form.
 *
 * Signed in: the token is a keyed BLAKE2b of the session cookie, so it changes with each
 * session and needs no storage. Signed out (sign-in, create an account): the same hash of a
 * random "pcsrf" cookie set with the form (double submit). Session cookies are also
 * SameSite=Strict; the token is what protects browsers that ignore SameSite. */
#include <string.h>

#include <sodium.h>

#include "domain/crypto.h"
#include "web/web.h"

struct page_state {
	const char *csrf;       /* this request's token, once computed */
};

static struct page_state *
state(struct req *r)
{
	if (r->page_state == NULL)
		r->page_state = arena_calloc(&r->arena, 1, sizeof(struct page_state));
	return r->page_state;
}

static const char *
keyed(struct req *r, const char *kind, const char *secret)
{
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, web_settings.csrf_key, sizeof(web_settings.csrf_key), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)secret, strlen(secret));
	crypto_generichash_final(&st, h, sizeof(h));
	char *hex = arena_alloc(&r->arena, 33);
	sodium_bin2hex(hex, 33, h, sizeof(h));
	return hex;
}

static int
cookie_ok(const char *v)
{
	if (v == NULL || strlen(v) < 32 || strlen(v) > 64)
		return 0;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		    *v == '-' || *v == '_'))
			return 0;
	return 1;
}

/* The token for this request; create: set a new anonymous cookie when there is none. */
static const char *
token(struct req *r, int create)
{
	struct page_state *ps = state(r);
	if (ps->csrf != NULL)
		return ps->csrf;
	const char *sid = req_cookie(r, "psid");
	if (r->who != NULL && r->who->session_id != 0 && cookie_ok(sid)) {
		ps->csrf = keyed(r, "session", sid);
		return ps->csrf;
	}
	const char *anon = req_cookie(r, "pcsrf");
	if (!cookie_ok(anon)) {
		if (!create)
			return NULL;
		char fresh[48];
		crypto_token(fresh);
		anon = arena_strdup(&r->arena, fresh);
		reply_header(r, "Set-Cookie", arena_printf(&r->arena,
		    "pcsrf=%s; Path=/; HttpOnly; SameSite=Strict", anon));
	}
	ps->csrf = keyed(r, "anonymous", anon);
	return ps->csrf;
}

const char *
csrf_token(struct req *r)
{
	return token(r, 1);
}

int
csrf_ok(struct req *r, const struct form *f)
{
	const char *want = token(r, 0);
	const char *got = form_get(f, "csrf");
	if (want == NULL || got == NULL || strlen(got) != strlen(want))
		return 0;
	return sodium_memcmp(want, got, strlen(want)) == 0;
}

int
web_post_form(struct req *r, struct form *f)
{
	if (form_parse(f, &r->arena, r->body, r->body_len) != 0) {
		web_message_page(r, 400, MSG_ERRPAGE_BAD_FORM_TITLE, MSG_ERRPAGE_BAD_FORM_TEXT);
		return -1;
	}
	if (!csrf_ok(r, f)) {
		web_message_page(r, 403, MSG_ERRPAGE_CSRF_TITLE, MSG_ERRPAGE_CSRF_TEXT);
		return -1;
	}
	return 0;
}
