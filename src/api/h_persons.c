/* Persons: search, create (with duplicate check), read (audited for staff), update. */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/persons.h"
#include "json/jspec.h"
#include "text/validate.h"

static const char *const langs[] = { "en", "fr", NULL };

struct person_ctx {
	struct api_op op;
	struct api_page pg;
	int64_t id;
	struct person_in in;
	struct person_patch patch;
	const char *q, *birth, *client_no;
	int64_t next;
};

static enum st_rc
search_tx(struct st_tx *tx, void *v)
{
	struct person_ctx *c = v;
	api_op_reset(&c->op);
	return person_search(tx, c->op.a, c->op.who, c->q, c->birth, c->client_no, c->pg.after,
	    c->pg.limit, &c->op.out, &c->next);
}

int
h_persons_search(struct req *r)
{
	struct person_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_page(r, &c->pg) != 0)
		return 0;
	c->q = req_query(r, "q");
	c->birth = req_query(r, "birth_date");
	c->client_no = req_query(r, "client_number");
	int32_t d;
	if (c->q && strlen(c->q) > 200) {
		reply_error(r, E_QUERY_PARAM, "q", NULL);
		return 0;
	}
	if (c->birth && date_parse(c->birth, &d) != 0) {
		reply_error(r, E_FIELD_DATE, "birth_date", NULL);
		return 0;
	}
	if (c->client_no && !client_number_valid(c->client_no)) {
		reply_error(r, E_QUERY_PARAM, "client_number", NULL);
		return 0;
	}
	static const char *const cols[] = { "id", "client_number", "given_name", "family_name",
		"birth_date", "municipality", "region_id", NULL };
	return api_read_page(r, search_tx, &c->op, &c->next, cols);
}

struct person_body {
	const char *given_name, *family_name, *email, *phone, *postal_code, *municipality, *sin;
	int32_t birth_date;
	int lang, has_lang;
	int64_t region_id;
	int has_region;
	json_t *self_id;
	int confirm;
	int64_t version;
	int has_version;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct person_ctx *c = v;
	api_op_reset(&c->op);
	return person_create(tx, c->op.a, c->op.who, &c->in, &c->op.out, &c->op.err);
}

/* Normalises the optional formatted fields to their canonical form. */
static const char *
canon_postal(struct req *r, const char *s)
{
	char out[8];
	return s && postal_code_parse(s, out) ? arena_strdup(&r->arena, out) : s;
}

static const char *
canon_phone(struct req *r, const char *s)
{
	char out[11];
	return s && phone_parse(s, out) ? arena_strdup(&r->arena, out) : s;
}

static int
self_id_arg(struct req *r, json_t *in, json_t **out)
{
	*out = NULL;
	if (in == NULL)
		return 0;
	const char *field;
	enum err_id e = person_self_id_check(in, out, &field);
	if (e != E_NONE) {
		reply_error(r, e, field, NULL);
		return -1;
	}
	arena_defer(&r->arena, (void (*)(void *))json_decref, *out);
	return 0;
}

int
h_person_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("given_name", struct person_body, given_name, 1, 100, JF_REQUIRED),
		JF_STR("family_name", struct person_body, family_name, 1, 100, JF_REQUIRED),
		JF_DATE("birth_date", struct person_body, birth_date, JF_REQUIRED),
		JF_ENUMH("language", struct person_body, lang, has_lang, langs, 0),
		JF_STRC("email", struct person_body, email, 3, 254, JF_NULLABLE, check_email),
		JF_STRC("phone", struct person_body, phone, 7, 30, JF_NULLABLE, check_phone),
		JF_STRC("postal_code", struct person_body, postal_code, 6, 7, JF_NULLABLE, check_postal),
		JF_STR("municipality", struct person_body, municipality, 1, 100, JF_NULLABLE),
		JF_INTH("region_id", struct person_body, region_id, has_region, 1, INT64_MAX, JF_NULLABLE),
		JF_STRC("sin", struct person_body, sin, 9, 11, JF_NULLABLE, check_sin),
		JF_JSON("self_identification", struct person_body, self_id, JF_NULLABLE),
		JF_BOOL("confirm_not_duplicate", struct person_body, confirm, 0),
		JF_END
	};
	struct person_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	struct person_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	int32_t today = date_today_utc();
	if (b.birth_date > today || b.birth_date < today - 120 * 366) {
		reply_error(r, E_FIELD_RANGE, "birth_date", NULL);
		return 0;
	}
	char *sin = NULL;
	if (b.sin) {
		sin = arena_alloc(&r->arena, 10);
		sin_parse(b.sin, sin);
	}
	if (self_id_arg(r, b.self_id, &c->in.self_id) != 0)
		return 0;
	c->in.given_name = b.given_name;
	c->in.family_name = b.family_name;
	c->in.birth_date = b.birth_date;
	c->in.lang = b.lang;
	c->in.has_lang = b.has_lang;
	c->in.email = b.email;
	c->in.phone = canon_phone(r, b.phone);
	c->in.postal_code = canon_postal(r, b.postal_code);
	c->in.municipality = b.municipality;
	c->in.region_id = b.region_id;
	c->in.has_region = b.has_region;
	c->in.sin = sin;
	c->in.confirm_not_duplicate = b.confirm;
	return req_write(r, create_tx, c, api_op_reply);
}

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct person_ctx *c = v;
	api_op_reset(&c->op);
	return person_get(tx, c->op.a, c->op.who, c->id, &c->op.out);
}

int
h_person_get(struct req *r)
{
	struct person_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	/* Staff reads of a full record are audited, so they go through the writer. */
	if (person_is_staff(r->who))
		return req_write(r, get_tx, c, api_op_reply);
	return api_read(r, get_tx, &c->op);
}

static enum st_rc
update_tx(struct st_tx *tx, void *v)
{
	struct person_ctx *c = v;
	api_op_reset(&c->op);
	return person_update(tx, c->op.a, c->op.who, c->id, &c->patch, &c->op.out, &c->op.err);
}

struct patch_body {
	const char *email, *phone, *postal_code, *municipality;
	int has_email, has_phone, has_postal, has_municipality;
	int lang, has_lang;
	json_t *self_id;
	int64_t version;
	int has_version;
};

int
h_person_update(struct req *r)
{
	/* Only the members present change; null or absent leave a field as it is. */
	static const struct jfield spec[] = {
		{ "email", JFT_STR, JF_NULLABLE, offsetof(struct patch_body, email),
		  offsetof(struct patch_body, has_email), 3, 254, NULL, check_email },
		{ "phone", JFT_STR, JF_NULLABLE, offsetof(struct patch_body, phone),
		  offsetof(struct patch_body, has_phone), 7, 30, NULL, check_phone },
		{ "postal_code", JFT_STR, JF_NULLABLE, offsetof(struct patch_body, postal_code),
		  offsetof(struct patch_body, has_postal), 6, 7, NULL, check_postal },
		{ "municipality", JFT_STR, JF_NULLABLE, offsetof(struct patch_body, municipality),
		  offsetof(struct patch_body, has_municipality), 1, 100, NULL, NULL },
		JF_ENUMH("language", struct patch_body, lang, has_lang, langs, 0),
		JF_JSON("self_identification", struct patch_body, self_id, 0),
		JF_INTH("version", struct patch_body, version, has_version, 1, INT64_MAX, 0),
		JF_END
	};
	struct person_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct patch_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	if (self_id_arg(r, b.self_id, &c->patch.self_id) != 0)
		return 0;
	c->patch.email = b.email;
	c->patch.phone = canon_phone(r, b.phone);
	c->patch.postal_code = canon_postal(r, b.postal_code);
	c->patch.municipality = b.municipality;
	c->patch.has_email = b.has_email;
	c->patch.has_phone = b.has_phone;
	c->patch.has_postal = b.has_postal;
	c->patch.has_municipality = b.has_municipality;
	c->patch.lang = b.lang;
	c->patch.has_lang = b.has_lang;
	c->patch.expect_version = b.has_version ? b.version : 0;
	return req_write(r, update_tx, c, api_op_reply);
}
