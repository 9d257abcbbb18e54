/* Sign-in sessions, the current user, API tokens, and auth_resolve for the HTTP layer. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/accounts.h"
#include "json/jspec.h"
#include "text/validate.h"

struct resolve_ctx {
	const char *token;
	int bearer;
	struct principal p;
	int64_t expires;
};

static enum st_rc
resolve_tx(struct st_tx *tx, void *v)
{
	struct resolve_ctx *c = v;
	return account_resolve(tx, c->token, c->bearer, &c->p, &c->expires);
}

int
auth_resolve(struct req *r, const char *cookie_token, const char *bearer_token,
    const struct principal **out)
{
	*out = NULL;
	const char *token = bearer_token ? bearer_token : cookie_token;
	/* Tokens are 43 URL-safe characters; anything else cannot match, skip the lookup. */
	if (token == NULL || strlen(token) != 43)
		return 0;
	struct resolve_ctx c = { token, bearer_token != NULL, { 0 }, 0 };
	if (!account_cache_get(token, c.bearer, &c.p)) {
		if (st_read(r->store, resolve_tx, &c) != ST_OK)
			return 0;
		account_cache_put(token, c.bearer, &c.p, c.expires);
	}
	struct principal *p = arena_alloc(&r->arena, sizeof(*p));
	*p = c.p;
	*out = p;
	return 0;
}

struct sign_in_in {
	const char *email, *password;
};

int
h_session_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("email", struct sign_in_in, email, 3, 254, JF_REQUIRED),
		JF_STR("password", struct sign_in_in, password, 1, 200, JF_REQUIRED),
		JF_END
	};
	struct sign_in_in in = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &in, &e) != 0)
		return api_reply_jerr(r, &e);
	/* Emails are matched case-insensitively: accounts are stored lower-case. */
	char *email = arena_strdup(&r->arena, in.email);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	struct sign_in_result res;
	if (account_sign_in(r->store, &r->arena, email, in.password, api_settings.session_ttl_s,
	    &res) != 0) {
		reply_error(r, E_INTERNAL, NULL, NULL);
		return 0;
	}
	if (res.err != E_NONE) {
		if (res.retry_after_s > 0) {
			char s[16];
			snprintf(s, sizeof(s), "%d", res.retry_after_s);
			reply_header(r, "Retry-After", s);
		}
		json_t *extra = NULL;
		if (res.retry_after_s > 0) {
			extra = json_object();
			json_object_set_new(extra, "retry_after_seconds", json_integer(res.retry_after_s));
		}
		reply_error(r, res.err, NULL, extra);
		return 0;
	}
	reply_session_cookie(r, res.session_token, (int)api_settings.session_ttl_s);
	json_t *o = json_object();
	json_object_set_new(o, "user", res.user);
	json_object_set_new(o, "expires_in", json_integer(api_settings.session_ttl_s));
	reply_json(r, 201, o);
	return 0;
}

struct op_only {
	struct api_op op;
	int64_t id;
	const char *name;
};

static enum st_rc
sign_out_tx(struct st_tx *tx, void *v)
{
	struct op_only *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = account_sign_out(tx, c->op.who);
	if (rc == ST_OK)
		c->op.out = json_pack("{s:b}", "signed_out", 1);
	return rc;
}

static void
sign_out_reply(struct req *r, void *v, enum st_rc rc)
{
	/* Again after the commit: a request resolving this session between the clear inside the
	 * transaction and the commit may have cached it as still valid. */
	account_cache_clear();
	if (rc == ST_OK)
		reply_session_cookie(r, NULL, 0);
	api_op_reply(r, v, rc);
}

int
h_session_delete(struct req *r)
{
	struct op_only *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	return req_write(r, sign_out_tx, c, sign_out_reply);
}

static enum st_rc
me_tx(struct st_tx *tx, void *v)
{
	struct op_only *c = v;
	api_op_reset(&c->op);
	return account_get_json(tx, c->op.who->user_id, &c->op.out);
}

int
h_me(struct req *r)
{
	struct op_only *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	return api_read(r, me_tx, &c->op);
}

static enum st_rc
tokens_list_tx(struct st_tx *tx, void *v)
{
	struct op_only *c = v;
	api_op_reset(&c->op);
	json_t *items;
	enum st_rc rc = account_token_list(tx, c->op.who, &items);
	c->op.out = json_pack("{s:o}", "items", items);
	return rc;
}

int
h_tokens_list(struct req *r)
{
	struct op_only *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	return api_read(r, tokens_list_tx, &c->op);
}

static enum st_rc
token_create_tx(struct st_tx *tx, void *v)
{
	struct op_only *c = v;
	api_op_reset(&c->op);
	return account_token_create(tx, c->op.a, c->op.who, c->name, api_settings.token_ttl_s,
	    &c->op.out);
}

struct token_in {
	const char *name;
};

int
h_token_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("name", struct token_in, name, 1, 100, JF_REQUIRED),
		JF_END
	};
	struct token_in in = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &in, &e) != 0)
		return api_reply_jerr(r, &e);
	struct op_only *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	c->name = in.name;
	return req_write(r, token_create_tx, c, api_op_reply);
}

static enum st_rc
token_delete_tx(struct st_tx *tx, void *v)
{
	struct op_only *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = account_token_revoke(tx, c->op.who, c->id);
	if (rc == ST_OK)
		c->op.out = json_pack("{s:I,s:b}", "id", (json_int_t)c->id, "revoked", 1);
	return rc;
}

static void
token_delete_reply(struct req *r, void *v, enum st_rc rc)
{
	account_cache_clear();   /* after the commit too: see sign_out_reply */
	api_op_reply(r, v, rc);
}

int
h_token_delete(struct req *r)
{
	struct op_only *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return req_write(r, token_delete_tx, c, token_delete_reply);
}
