#include "domain/accounts.h"
#include "domain/page.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/crypto.h"

#define US_PER_S INT64_C(1000000)

static atomic_int fast_hashing;

void
accounts_set_fast_hashing(int fast)
{
	atomic_store(&fast_hashing, fast);
}

int
accounts_fast_hashing(void)
{
	return atomic_load(&fast_hashing);
}

int
account_hash_password(const char *pw, char out[128])
{
	return crypto_password_hash(pw, out, atomic_load(&fast_hashing));
}

enum err_id
account_check_attachments(const struct user_in *in, const char **field)
{
	*field = NULL;
	if ((in->role == ROLE_SPONSOR || in->role == ROLE_PARTNER) && in->org_id <= 0)
		*field = "org_id";
	else if (in->role == ROLE_ADVISOR && in->region_id <= 0 && !in->all_regions)
		*field = "region_id";
	else if (in->role == ROLE_CLIENT && in->person_id <= 0)
		*field = "person_id";
	return *field ? E_FIELD_REQUIRED : E_NONE;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static json_t *
user_snapshot(const struct user_in *in)
{
	json_t *o = json_object();
	json_object_set_new(o, "email", json_string(in->email));
	json_object_set_new(o, "role", json_string(role_name(in->role)));
	json_object_set_new(o, "org_id", in->org_id ? json_integer(in->org_id) : json_null());
	json_object_set_new(o, "region_id", in->region_id ? json_integer(in->region_id) : json_null());
	json_object_set_new(o, "person_id", in->person_id ? json_integer(in->person_id) : json_null());
	json_object_set_new(o, "all_regions", json_boolean(in->all_regions));
	return o;
}

enum st_rc
account_create(struct st_tx *tx, const struct principal *actor, const struct user_in *in,
    int64_t *id, struct dom_err *err)
{
	const char *field;
	enum err_id e = account_check_attachments(in, &field);
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	int64_t now = time_now_us();
	struct st_param p[] = { SP_STR(in->email), SP_STR(in->display_name), SP_STR(in->pw_hash),
		SP_STR(role_name(in->role)), SP_OPTINT(in->org_id, in->org_id),
		SP_OPTINT(in->region_id, in->region_id), SP_OPTINT(in->person_id, in->person_id),
		SP_INT(in->all_regions ? 1 : 0), SP_STR(in->lang ? in->lang : "en"), SP_INT(now) };
	enum st_rc rc = st_exec(tx, Q_USER_INSERT, p, 10, id_row, id, NULL);
	if (rc == ST_CONFLICT) {
		/* Either the email is taken or an attachment does not exist. */
		int64_t other = 0;
		if (account_id_by_email(tx, in->email, &other) == ST_OK)
			return dom_refuse(err, E_USER_EXISTS, "email", NULL);
		return dom_refuse(err, E_REFERENCE, NULL, NULL);
	}
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, user_snapshot(in)));
	struct audit_event ev = { "user", *id, 0, "user.created", NULL, NULL, payload };
	rc = audit_append(tx, actor, &ev, NULL);
	json_decref(payload);
	return rc;
}

struct user_row {
	int found;
	int64_t id;
	char role[32];
	int64_t org_id, region_id, person_id, all_regions;
	char pw_hash[160];
	int64_t failed, last_failed, locked_until, disabled;
};

static int
user_row_fn(void *ctx, const struct st_row *row)
{
	struct user_row *u = ctx;
	u->found = 1;
	u->id = st_i64(row, 0);
	snprintf(u->pw_hash, sizeof(u->pw_hash), "%s", st_text(row, 3));
	snprintf(u->role, sizeof(u->role), "%s", st_text(row, 4));
	u->org_id = st_i64(row, 5);
	u->region_id = st_i64(row, 6);
	u->person_id = st_i64(row, 7);
	u->all_regions = st_i64(row, 8);
	u->failed = st_i64(row, 10);
	u->last_failed = st_i64(row, 11);
	u->locked_until = st_i64(row, 12);
	u->disabled = st_i64(row, 13);
	return 1;
}

enum st_rc
account_set_role(struct st_tx *tx, const struct principal *actor, int64_t user_id, enum role role,
    int64_t org_id, int64_t region_id, int all_regions, struct dom_err *err)
{
	struct user_row u = { 0 };
	struct st_param ip[] = { SP_INT(user_id) };
	enum st_rc rc = st_exec(tx, Q_USER_GET, ip, 1, user_row_fn, &u, NULL);
	if (rc != ST_OK)
		return rc;
	if (!u.found)
		return ST_NOTFOUND;
	/* The person link is not changed here: a client role needs the one the user already has. */
	struct user_in in = { .role = role, .org_id = org_id, .region_id = region_id,
		.all_regions = all_regions, .person_id = u.person_id };
	const char *field;
	enum err_id e = account_check_attachments(&in, &field);
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	struct st_param p[] = { SP_INT(user_id), SP_STR(role_name(role)), SP_OPTINT(org_id, org_id),
		SP_OPTINT(region_id, region_id), SP_INT(all_regions ? 1 : 0), SP_INT(time_now_us()) };
	account_cache_clear();
	rc = st_exec(tx, Q_USER_SET_ROLE, p, 6, NULL, NULL, NULL);
	if (rc == ST_CONFLICT)
		return dom_refuse(err, E_REFERENCE, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *before = json_object(), *after = json_object();
	json_object_set_new(before, "role", json_string(u.role));
	json_object_set_new(before, "org_id", u.org_id ? json_integer(u.org_id) : json_null());
	json_object_set_new(before, "region_id", u.region_id ? json_integer(u.region_id) : json_null());
	json_object_set_new(before, "all_regions", json_boolean(u.all_regions));
	json_object_set_new(after, "role", json_string(role_name(role)));
	json_object_set_new(after, "org_id", org_id ? json_integer(org_id) : json_null());
	json_object_set_new(after, "region_id", region_id ? json_integer(region_id) : json_null());
	json_object_set_new(after, "all_regions", json_boolean(all_regions));
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(before, after));
	struct audit_event ev = { "user", user_id, 0, "user.role_changed", NULL, NULL, payload };
	rc = audit_append(tx, actor, &ev, NULL);
	json_decref(payload);
	return rc;
}

enum st_rc
account_set_password(struct st_tx *tx, const struct principal *actor, int64_t user_id,
    const char *pw_hash, struct dom_err *err)
{
	struct st_param p[] = { SP_INT(user_id), SP_STR(pw_hash), SP_INT(time_now_us()) };
	int64_t n = 0;
	account_cache_clear();
	enum st_rc rc = st_exec(tx, Q_USER_SET_PASSWORD, p, 3, NULL, NULL, &n);
	if (rc != ST_OK)
		return rc;
	if (n != 1)
		return ST_NOTFOUND;
	/* The event says that the password changed, never anything about it. */
	struct audit_event ev = { "user", user_id, 0, "user.password_reset", NULL, NULL, NULL };
	return audit_append(tx, actor, &ev, NULL);
}

json_t *
account_json_row(const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "email", json_string(st_text(row, 1)));
	json_object_set_new(o, "display_name", json_string(st_text(row, 2)));
	json_object_set_new(o, "role", json_string(st_text(row, 4)));
	json_object_set_new(o, "org_id", st_isnull(row, 5) ? json_null() : json_integer(st_i64(row, 5)));
	json_object_set_new(o, "region_id", st_isnull(row, 6) ? json_null() : json_integer(st_i64(row, 6)));
	json_object_set_new(o, "person_id", st_isnull(row, 7) ? json_null() : json_integer(st_i64(row, 7)));
	json_object_set_new(o, "all_regions", json_boolean(st_i64(row, 8)));
	json_object_set_new(o, "language", json_string(st_text(row, 9)));
	json_object_set_new(o, "locked", json_boolean(st_i64(row, 12) > time_now_us()));
	json_object_set_new(o, "disabled", json_boolean(st_i64(row, 13)));
	return o;
}

static int
json_row_one(void *ctx, const struct st_row *row)
{
	*(json_t **)ctx = account_json_row(row);
	return 1;
}

enum st_rc
account_get_json(struct st_tx *tx, int64_t user_id, json_t **out)
{
	*out = NULL;
	struct st_param p[] = { SP_INT(user_id) };
	enum st_rc rc = st_exec(tx, Q_USER_GET, p, 1, json_row_one, out, NULL);
	if (rc == ST_OK && *out == NULL)
		rc = ST_NOTFOUND;
	return rc;
}

struct list_ctx {
	json_t *items;
};

static int
list_row(void *ctx, const struct st_row *row)
{
	struct list_ctx *l = ctx;
	json_array_append_new(l->items, account_json_row(row));
	return 0;
}

enum st_rc
account_list_json(struct st_tx *tx, const char *role, int64_t after, int limit, json_t **items,
    int64_t *next_after)
{
	struct list_ctx l = { json_array() };
	struct st_param p[] = { SP_STR(role ? role : ""), SP_INT(after), SP_INT(limit + 1) };
	enum st_rc rc = st_exec(tx, Q_USER_LIST, p, 3, list_row, &l, NULL);
	*next_after = page_trim(l.items, limit);
	*items = l.items;
	return rc;
}

enum st_rc
account_id_by_email(struct st_tx *tx, const char *email, int64_t *id)
{
	struct user_row u = { 0 };
	struct st_param p[] = { SP_STR(email) };
	enum st_rc rc = st_exec(tx, Q_USER_BY_EMAIL, p, 1, user_row_fn, &u, NULL);
	if (rc == ST_OK && !u.found)
		rc = ST_NOTFOUND;
	*id = u.id;
	return rc;
}

/* ---- sign-in ---- */

struct lookup_ctx {
	const char *email;
	struct user_row u;
};

static enum st_rc
lookup_tx(struct st_tx *tx, void *vctx)
{
	struct lookup_ctx *c = vctx;
	struct st_param p[] = { SP_STR(c->email) };
	return st_exec(tx, Q_USER_BY_EMAIL, p, 1, user_row_fn, &c->u, NULL);
}

/* Whether an account may try a password now: E_NONE, or E_AUTH_LOCKED / E_AUTH_SLOW_DOWN
 * with the seconds to wait. */
static enum err_id
throttle_check(const struct user_row *u, int64_t now, int *retry_after_s)
{
	*retry_after_s = 0;
	if (u->locked_until > now) {
		*retry_after_s = (int)((u->locked_until - now) / US_PER_S) + 1;
		return E_AUTH_LOCKED;
	}
	if (u->failed >= ACCOUNT_SLOW_AFTER && u->failed < ACCOUNT_LOCK_AFTER) {
		int64_t wait = INT64_C(1) << (u->failed - ACCOUNT_SLOW_AFTER);
		if (wait > 60)
			wait = 60;
		int64_t next = u->last_failed + wait * US_PER_S;
		if (next > now) {
			*retry_after_s = (int)((next - now + US_PER_S - 1) / US_PER_S);
			return E_AUTH_SLOW_DOWN;
		}
	}
	return E_NONE;
}

struct outcome_ctx {
	struct arena *a;
	const struct user_row *u;
	int ok;
	enum err_id throttled;    /* set when concurrent failures throttled this attempt */
	int retry_after_s;
	int64_t now, ttl_s;
	char token[48];
	json_t *user;
};

static enum st_rc
outcome_tx(struct st_tx *tx, void *vctx)
{
	struct outcome_ctx *c = vctx;
	struct principal who = { .user_id = c->u->id };
	role_parse(c->u->role, &who.role);
	json_decref(c->user); /* a re-run starts clean */
	c->user = NULL;
	/* Re-read the counter inside the write: attempts made in parallel are serialised here,
	 * and one that arrives after others failed gets no verdict, only the throttle. */
	struct user_row cur = { 0 };
	struct st_param cp[] = { SP_INT(c->u->id) };
	enum st_rc rc0 = st_exec(tx, Q_USER_GET, cp, 1, user_row_fn, &cur, NULL);
	if (rc0 != ST_OK)
		return rc0;
	c->throttled = E_NONE;
	if (cur.failed > c->u->failed || cur.locked_until > c->u->locked_until) {
		c->throttled = throttle_check(&cur, c->now, &c->retry_after_s);
		if (c->throttled != E_NONE)
			return ST_OK;
	}
	if (!c->ok) {
		enum st_rc rc;
		int64_t failed = cur.failed + 1;
		int64_t locked = failed >= ACCOUNT_LOCK_AFTER ?
		    c->now + (int64_t)ACCOUNT_LOCK_MINUTES * 60 * US_PER_S : 0;
		struct st_param p[] = { SP_INT(c->u->id), SP_INT(failed), SP_INT(c->now), SP_INT(locked) };
		rc = st_exec(tx, Q_USER_FAILED, p, 4, NULL, NULL, NULL);
		if (rc != ST_OK)
			return rc;
		json_t *payload = json_object();
		json_object_set_new(payload, "failed_attempts", json_integer(failed));
		json_object_set_new(payload, "locked", json_boolean(locked != 0));
		struct audit_event ev = { "user", c->u->id, 0, "user.sign_in_failed", NULL, NULL, payload };
		rc = audit_append(tx, &who, &ev, NULL);
		json_decref(payload);
		return rc;
	}
	enum st_rc rc = account_session_open(tx, &who, c->now, c->ttl_s, c->token);
	if (rc == ST_OK)
		rc = account_get_json(tx, c->u->id, &c->user);
	return rc;
}

enum st_rc
account_session_open(struct st_tx *tx, const struct principal *who, int64_t now, int64_t ttl_s,
    char token[48])
{
	char hash[65];
	crypto_token(token);
	crypto_token_hash(token, hash);
	int64_t sid = 0;
	struct st_param sp[] = { SP_STR(hash), SP_INT(who->user_id), SP_INT(now),
		SP_INT(now + ttl_s * US_PER_S) };
	struct st_param ip[] = { SP_INT(who->user_id) };
	enum st_rc rc = st_exec(tx, Q_SESSION_INSERT, sp, 4, id_row, &sid, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_USER_SIGNED_IN, ip, 1, NULL, NULL, NULL);
	if (rc == ST_OK) {
		struct audit_event ev = { "user", who->user_id, 0, "user.signed_in", NULL, NULL, NULL };
		rc = audit_append(tx, who, &ev, NULL);
	}
	return rc;
}

int
account_sign_in(struct store *st, struct arena *a, const char *email, const char *password,
    int64_t session_ttl_s, struct sign_in_result *res)
{
	memset(res, 0, sizeof(*res));
	struct lookup_ctx lc = { .email = email };
	if (st_read(st, lookup_tx, &lc) != ST_OK)
		return -1;
	int64_t now = time_now_us();
	if (!lc.u.found || lc.u.disabled) {
		/* Same work as a real check, so timing does not reveal which emails exist. */
		static const char dummy[] =
		    "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$0000000000000000000000000000000000000000000";
		crypto_password_verify(dummy, password);
		res->err = E_AUTH_FAILED;
		return 0;
	}
	if ((res->err = throttle_check(&lc.u, now, &res->retry_after_s)) != E_NONE)
		return 0;
	struct outcome_ctx oc = { .a = a, .u = &lc.u, .now = now, .ttl_s = session_ttl_s };
	oc.ok = crypto_password_verify(lc.u.pw_hash, password);
	if (st_write(st, outcome_tx, &oc) != ST_OK)
		return -1;
	if (oc.throttled != E_NONE) {
		json_decref(oc.user);
		res->err = oc.throttled;
		res->retry_after_s = oc.retry_after_s;
		return 0;
	}
	if (!oc.ok) {
		res->err = lc.u.failed + 1 >= ACCOUNT_LOCK_AFTER ? E_AUTH_LOCKED : E_AUTH_FAILED;
		if (res->err == E_AUTH_LOCKED)
			res->retry_after_s = ACCOUNT_LOCK_MINUTES * 60;
		return 0;
	}
	res->session_token = arena_strdup(a, oc.token);
	res->user_id = lc.u.id;
	res->user = oc.user;
	return 0;
}

enum st_rc
account_sign_out(struct st_tx *tx, const struct principal *who)
{
	if (who->session_id == 0)
		return ST_OK;
	struct st_param p[] = { SP_INT(who->session_id), SP_INT(time_now_us()) };
	account_cache_clear();
	enum st_rc rc = st_exec(tx, Q_SESSION_REVOKE, p, 2, NULL, NULL, NULL);
	if (rc == ST_OK) {
		struct audit_event ev = { "user", who->user_id, 0, "user.signed_out", NULL, NULL, NULL };
		rc = audit_append(tx, who, &ev, NULL);
	}
	return rc;
}

enum st_rc
account_session_extend(struct st_tx *tx, const struct principal *who, int64_t ttl_s,
    int64_t *expires_us)
{
	if (who->session_id == 0)
		return ST_NOTFOUND;
	int64_t exp = time_now_us() + ttl_s * US_PER_S;
	struct st_param p[] = { SP_INT(who->session_id), SP_INT(exp) };
	int64_t changed = 0;
	account_cache_clear();
	enum st_rc rc = st_exec(tx, Q_SESSION_EXTEND, p, 2, NULL, NULL, &changed);
	if (rc == ST_OK && changed == 0)
		rc = ST_NOTFOUND;
	if (rc == ST_OK) {
		struct audit_event ev = { "user", who->user_id, 0, "user.session_extended", NULL, NULL, NULL };
		rc = audit_append(tx, who, &ev, NULL);
	}
	if (rc == ST_OK && expires_us != NULL)
		*expires_us = exp;
	return rc;
}

enum st_rc
account_sign_out_everywhere(struct st_tx *tx, const struct principal *who)
{
	struct st_param p[] = { SP_INT(who->user_id), SP_INT(time_now_us()) };
	account_cache_clear();
	enum st_rc rc = st_exec(tx, Q_SESSIONS_REVOKE_USER, p, 2, NULL, NULL, NULL);
	if (rc == ST_OK) {
		struct audit_event ev = { "user", who->user_id, 0, "user.signed_out_everywhere", NULL, NULL, NULL };
		rc = audit_append(tx, who, &ev, NULL);
	}
	return rc;
}

enum st_rc
account_token_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *name, int64_t ttl_s, json_t **out)
{
	char token[48], hash[65], t[32];
	crypto_token(token);
	crypto_token_hash(token, hash);
	int64_t now = time_now_us(), id = 0, exp = now + ttl_s * US_PER_S;
	struct st_param p[] = { SP_STR(hash), SP_INT(who->user_id), SP_STR(name), SP_INT(now),
		SP_INT(exp) };
	enum st_rc rc = st_exec(tx, Q_TOKEN_INSERT, p, 5, id_row, &id, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "token_id", json_integer(id));
	json_object_set_new(payload, "name", json_string(name));
	struct audit_event ev = { "user", who->user_id, 0, "user.token_created", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	if (rc != ST_OK)
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "token", json_string(token));
	time_format_us(exp, t);
	json_object_set_new(o, "expires_at", json_string(t));
	*out = o;
	return ST_OK;
}

static int
token_row(void *ctx, const struct st_row *row)
{
	char t[32];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "name", json_string(st_text(row, 1)));
	time_format_us(st_i64(row, 2), t);
	json_object_set_new(o, "created_at", json_string(t));
	time_format_us(st_i64(row, 3), t);
	json_object_set_new(o, "expires_at", json_string(t));
	json_object_set_new(o, "revoked", json_boolean(!st_isnull(row, 4)));
	json_array_append_new(ctx, o);
	return 0;
}

enum st_rc
account_token_list(struct st_tx *tx, const struct principal *who, json_t **out)
{
	*out = json_array();
	struct st_param p[] = { SP_INT(who->user_id) };
	return st_exec(tx, Q_TOKEN_LIST, p, 1, token_row, *out, NULL);
}

enum st_rc
account_token_revoke(struct st_tx *tx, const struct principal *who, int64_t id)
{
	int64_t n = 0;
	struct st_param p[] = { SP_INT(id), SP_INT(who->user_id), SP_INT(time_now_us()) };
	account_cache_clear();
	enum st_rc rc = st_exec(tx, Q_TOKEN_REVOKE, p, 3, NULL, NULL, &n);
	if (rc != ST_OK)
		return rc;
	if (n != 1)
		return ST_NOTFOUND;
	json_t *payload = json_object();
	json_object_set_new(payload, "token_id", json_integer(id));
	struct audit_event ev = { "user", who->user_id, 0, "user.token_revoked", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

struct principal_ctx {
	struct principal *p;
	int found;
	int64_t expires;
};

static int
principal_row(void *ctx, const struct st_row *row)
{
	struct principal_ctx *c = ctx;
	c->found = role_parse(st_text(row, 1), &c->p->role) == 0;
	c->p->user_id = st_i64(row, 0);
	c->p->org_id = st_i64(row, 2);
	c->p->region_id = st_i64(row, 3);
	c->p->person_id = st_i64(row, 4);
	c->p->all_regions = (int)st_i64(row, 5);
	c->p->session_id = st_i64(row, 6);
	c->expires = st_i64(row, 7);
	c->p->expires_us = c->expires;
	return 1;
}

enum st_rc
account_resolve(struct st_tx *tx, const char *token, int is_bearer, struct principal *out,
    int64_t *expires_us)
{
	char hash[65];
	memset(out, 0, sizeof(*out));
	crypto_token_hash(token, hash);
	struct principal_ctx c = { out, 0, 0 };
	struct st_param p[] = { SP_STR(hash), SP_INT(time_now_us()) };
	enum st_rc rc = st_exec(tx, is_bearer ? Q_PRINCIPAL_BY_TOKEN : Q_PRINCIPAL_BY_SESSION, p, 2,
	    principal_row, &c, NULL);
	if (rc != ST_OK)
		return rc;
	if (!c.found)
		return ST_NOTFOUND;
	if (is_bearer)
		out->session_id = 0;
	if (expires_us)
		*expires_us = c.expires;
	return ST_OK;
}

/* ---- the token cache: open addressing on the token hash, under one mutex ---- */

#define CACHE_SLOTS 4096

struct cache_slot {
	char key[66];            /* token hash hex + kind ('c' cookie, 'b' bearer) */
	struct principal p;
	int64_t valid_until;
};

static struct cache_slot cache[CACHE_SLOTS];
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
/* Bumped by every clear. A lookup that misses notes the generation (per thread: get and put of
 * one resolution run on the same thread); the put that follows is dropped when a clear came in
 * between, since the database read it carries may predate the change that cleared. */
static uint64_t cache_gen;
static _Thread_local uint64_t cache_miss_gen;

static size_t
cache_index(const char *key)
{
	/* The key is a hex digest: its first 8 characters are already uniformly spread. */
	size_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h * 16 + (size_t)(key[i] <= '9' ? key[i] - '0' : key[i] - 'a' + 10);
	return h % CACHE_SLOTS;
}

static void
cache_key(const char *token, int is_bearer, char key[66])
{
	crypto_token_hash(token, key);
	key[64] = is_bearer ? 'b' : 'c';
	key[65] = '\0';
}

int
account_cache_get(const char *token, int is_bearer, struct principal *out)
{
	char key[66];
	cache_key(token, is_bearer, key);
	int64_t now = time_now_us();
	int hit = 0;
	pthread_mutex_lock(&cache_mu);
	struct cache_slot *s = &cache[cache_index(key)];
	if (s->valid_until > now && memcmp(s->key, key, sizeof(key)) == 0) {
		*out = s->p;
		hit = 1;
	}
	cache_miss_gen = cache_gen;
	pthread_mutex_unlock(&cache_mu);
	return hit;
}

void
account_cache_put(const char *token, int is_bearer, const struct principal *p, int64_t expires_us)
{
	char key[66];
	cache_key(token, is_bearer, key);
	int64_t until = time_now_us() + (int64_t)ACCOUNT_CACHE_TTL_S * US_PER_S;
	pthread_mutex_lock(&cache_mu);
	if (cache_miss_gen != cache_gen) {
		pthread_mutex_unlock(&cache_mu);
		return;
	}
	struct cache_slot *s = &cache[cache_index(key)];
	memcpy(s->key, key, sizeof(key));
	s->p = *p;
	s->valid_until = until < expires_us ? until : expires_us;
	pthread_mutex_unlock(&cache_mu);
}

void
account_cache_clear(void)
{
	pthread_mutex_lock(&cache_mu);
	cache_gen++;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		cache[i].valid_until = 0;
	pthread_mutex_unlock(&cache_mu);
}
