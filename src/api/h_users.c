/* User accounts (administrators). */
#include <string.h>

#include "api/api.h"
#include "domain/accounts.h"
#include "json/jspec.h"
#include "text/validate.h"

static const char *const role_names_list[] = { "client", "sponsor", "advisor", "assessor",
	"exam_admin", "manager", "partner", "administrator", "auditor", NULL };
static const char *const langs[] = { "en", "fr", NULL };

struct users_ctx {
	struct api_op op;
	struct api_page pg;
	const char *role;
	struct user_in in;
	int64_t id;
	int has_role, has_org, has_region, has_all;
	int role_idx, all_regions;
	int64_t org_id, region_id;
	const char *next;
};

static enum st_rc
users_list_tx(struct st_tx *tx, void *v)
{
	struct users_ctx *c = v;
	api_op_reset(&c->op);
	json_t *items;
	int64_t next = 0;
	enum st_rc rc = account_list_json(tx, c->role, c->pg.after, c->pg.limit, &items, &next);
	c->op.out = items;
	c->pg.after2 = next;
	return rc;
}

int
h_users_list(struct req *r)
{
	struct users_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_page(r, &c->pg) != 0 || api_query_enum(r, "role", role_names_list, &c->role) != 0)
		return 0;
	static const char *const cols[] = { "id", "email", "display_name", "role", "org_id",
		"region_id", "person_id", "all_regions", "language", "locked", "disabled", NULL };
	return api_read_page(r, users_list_tx, &c->op, &c->pg.after2, cols);
}

struct user_body {
	const char *email, *display_name, *password;
	int role, lang, has_lang;
	int64_t org_id, region_id, person_id;
	int has_org, has_region, has_person;
	int all_regions;
};

static enum st_rc
user_create_tx(struct st_tx *tx, void *v)
{
	struct users_ctx *c = v;
	api_op_reset(&c->op);
	int64_t id = 0;
	enum st_rc rc = account_create(tx, c->op.who, &c->in, &id, &c->op.err);
	if (rc == ST_OK)
		rc = account_get_json(tx, id, &c->op.out);
	return rc;
}

int
h_user_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STRC("email", struct user_body, email, 3, 254, JF_REQUIRED, check_email),
		JF_STR("display_name", struct user_body, display_name, 1, 200, JF_REQUIRED),
		JF_STR("password", struct user_body, password, 12, 200, JF_REQUIRED),
		JF_ENUM("role", struct user_body, role, role_names_list, JF_REQUIRED),
		JF_ENUMH("language", struct user_body, lang, has_lang, langs, 0),
		JF_INTH("org_id", struct user_body, org_id, has_org, 1, INT64_MAX, JF_NULLABLE),
		JF_INTH("region_id", struct user_body, region_id, has_region, 1, INT64_MAX, JF_NULLABLE),
		JF_INTH("person_id", struct user_body, person_id, has_person, 1, INT64_MAX, JF_NULLABLE),
		JF_BOOL("all_regions", struct user_body, all_regions, 0),
		JF_END
	};
	struct user_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	struct users_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	char *email = arena_strdup(&r->arena, b.email);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	c->in = (struct user_in){ .email = email, .display_name = b.display_name,
		.role = (enum role)b.role, .org_id = b.org_id, .region_id = b.region_id,
		.person_id = b.person_id, .all_regions = b.all_regions,
		.lang = b.has_lang ? langs[b.lang] : "en" };
	const char *field;
	if (account_check_attachments(&c->in, &field) != E_NONE) {
		reply_error(r, E_FIELD_REQUIRED, field, NULL);
		return 0;
	}
	char *hash = arena_alloc(&r->arena, 128);
	if (account_hash_password(b.password, hash) != 0) {
		reply_error(r, E_INTERNAL, NULL, NULL);
		return 0;
	}
	c->in.pw_hash = hash;
	return req_write(r, user_create_tx, c, api_op_reply);
}

static enum st_rc
user_update_tx(struct st_tx *tx, void *v)
{
	struct users_ctx *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = ST_OK;
	if (c->has_role)
		rc = account_set_role(tx, c->op.who, c->id, (enum role)c->role_idx, c->org_id,
		    c->region_id, c->all_regions, &c->op.err);
	if (rc == ST_OK && c->in.pw_hash)
		rc = account_set_password(tx, c->op.who, c->id, c->in.pw_hash, &c->op.err);
	if (rc == ST_OK)
		rc = account_get_json(tx, c->id, &c->op.out);
	return rc;
}

/* A role change must reach sessions already resolved: clear the token cache after the commit
 * too (the clear inside the transaction can be undone by a concurrent resolution). */
static void
user_update_reply(struct req *r, void *v, enum st_rc rc)
{
	account_cache_clear();
	api_op_reply(r, v, rc);
}

int
h_user_update(struct req *r)
{
	static const struct jfield spec[] = {
		JF_ENUM("role", struct user_body, role, role_names_list, JF_REQUIRED),
		JF_INTH("org_id", struct user_body, org_id, has_org, 1, INT64_MAX, JF_NULLABLE),
		JF_INTH("region_id", struct user_body, region_id, has_region, 1, INT64_MAX, JF_NULLABLE),
		JF_BOOL("all_regions", struct user_body, all_regions, 0),
		JF_STR("password", struct user_body, password, 12, 200, 0),
		JF_END
	};
	struct users_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct user_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	c->has_role = 1;
	c->role_idx = b.role;
	c->org_id = b.org_id;
	c->region_id = b.region_id;
	c->all_regions = b.all_regions;
	if (b.password) {
		char *hash = arena_alloc(&r->arena, 128);
		if (account_hash_password(b.password, hash) != 0) {
			reply_error(r, E_INTERNAL, NULL, NULL);
			return 0;
		}
		c->in.pw_hash = hash;
	}
	return req_write(r, user_update_tx, c, user_update_reply);
}
