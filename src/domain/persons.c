#include "domain/persons.h"
#include "domain/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/crypto.h"
#include "text/text.h"
#include "text/validate.h"

#define DUPLICATE_SIMILARITY 0.8

const char *const person_self_id_keys[] = { "woman", "indigenous", "racialized", "disability",
	"newcomer", "francophone", "armed_forces", "social_assistance", NULL };

bool
person_is_staff(const struct principal *who)
{
	return (RB(who->role) & ROLES_STAFF) != 0;
}

bool
person_visible(const struct principal *who, int64_t person_id)
{
	if (who->role == ROLE_CLIENT)
		return who->person_id == person_id;
	return person_is_staff(who);
}

enum err_id
person_self_id_check(json_t *in, json_t **out, const char **field)
{
	*out = NULL;
	*field = "self_identification";
	if (!json_is_object(in))
		return E_FIELD_TYPE;
	json_t *consent = json_object_get(in, "consent");
	if (!json_is_true(consent)) {
		*field = "self_identification.consent";
		return E_SELF_ID_CONSENT;
	}
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v) {
		int known = strcmp(key, "consent") == 0;
		for (int i = 0; person_self_id_keys[i]; i++)
			known |= strcmp(key, person_self_id_keys[i]) == 0;
		if (!known) {
			*field = "self_identification";
			return E_FIELD_UNKNOWN;
		}
		if (!json_is_boolean(v)) {
			*field = "self_identification";
			return E_FIELD_TYPE;
		}
	}
	*out = json_deep_copy(in);
	*field = NULL;
	return E_NONE;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

struct dup_ctx {
	const char *key;
	json_t *cands;
};

static int
dup_row(void *vctx, const struct st_row *row)
{
	struct dup_ctx *d = vctx;
	if (text_similarity(d->key, st_text(row, 4)) < DUPLICATE_SIMILARITY)
		return 0;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "client_number", json_string(st_text(row, 1)));
	json_object_set_new(o, "given_name", json_string(st_text(row, 2)));
	json_object_set_new(o, "family_name", json_string(st_text(row, 3)));
	json_array_append_new(d->cands, o);
	return 0;
}

/* Record columns: see PERSON_COLS in q_registry.def. */
struct person_full {
	int found;
	json_t *o;
	json_t *self_id;
	int64_t version;
};

static int
person_row(void *vctx, const struct st_row *row)
{
	struct person_full *f = vctx;
	json_t *o = json_object();
	f->found = 1;
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "client_number", st_isnull(row, 1) ? json_null() : json_string(st_text(row, 1)));
	json_object_set_new(o, "given_name", json_string(st_text(row, 2)));
	json_object_set_new(o, "family_name", json_string(st_text(row, 3)));
	json_object_set_new(o, "birth_date", json_string(st_text(row, 4)));
	json_object_set_new(o, "language", json_string(st_text(row, 5)));
	for (int c = 6; c <= 9; c++) {
		static const char *const names[] = { "email", "phone", "postal_code", "municipality" };
		json_object_set_new(o, names[c - 6], st_isnull(row, c) ? json_null() : json_string(st_text(row, c)));
	}
	json_object_set_new(o, "region_id", st_isnull(row, 10) ? json_null() : json_integer(st_i64(row, 10)));
	if (st_isnull(row, 12)) {
		json_object_set_new(o, "sin", json_null());
	} else {
		char mask[12], last[10] = "000000";
		snprintf(last + 6, 4, "%s", st_text(row, 12));
		sin_mask(last, mask);
		json_object_set_new(o, "sin", json_string(mask));
	}
	f->self_id = st_isnull(row, 13) ? NULL : json_loads(st_text(row, 13), 0, NULL);
	char t[32];
	time_format_us(st_i64(row, 14), t);
	json_object_set_new(o, "created_at", json_string(t));
	time_format_us(st_i64(row, 15), t);
	json_object_set_new(o, "updated_at", json_string(t));
	f->version = st_i64(row, 16);
	json_object_set_new(o, "version", json_integer(f->version));
	f->o = o;
	return 1;
}

static enum st_rc
person_load(struct st_tx *tx, int64_t id, struct person_full *f)
{
	memset(f, 0, sizeof(*f));
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_PERSON_GET, p, 1, person_row, f, NULL);
	if (rc == ST_OK && !f->found)
		rc = ST_NOTFOUND;
	return rc;
}

/* The record as `who` may see it: self-identification only for the person themself. */
static json_t *
person_view(const struct principal *who, struct person_full *f)
{
	json_t *o = f->o;
	if (who && who->role == ROLE_CLIENT && who->person_id ==
	    json_integer_value(json_object_get(o, "id")))
		json_object_set(o, "self_identification", f->self_id ? f->self_id : json_null());
	if (f->self_id)
		json_decref(f->self_id);
	f->self_id = NULL;
	return o;
}

/* The audit copy of a record: never the SIN, nor self-identification answers. */
static json_t *
person_audit_copy(json_t *o)
{
	json_t *c = json_deep_copy(o);
	json_object_del(c, "sin");
	json_object_del(c, "self_identification");
	return c;
}

enum st_rc
person_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct person_in *in, json_t **out, struct dom_err *err)
{
	char birth[11];
	date_format(in->birth_date, birth);
	const char *full = arena_printf(a, "%s %s", in->given_name, in->family_name);
	char *key = text_search_key(a, full);
	if (key == NULL)
		return dom_refuse(err, E_JSON_INVALID_UTF8, "given_name", NULL);
	enum st_rc rc;
	if (!in->confirm_not_duplicate) {
		struct dup_ctx d = { key, json_array() };
		struct st_param bp[] = { SP_STR(birth) };
		rc = st_exec(tx, Q_PERSON_SAME_BIRTH, bp, 1, dup_row, &d, NULL);
		if (rc != ST_OK || json_array_size(d.cands) > 0) {
			if (rc != ST_OK) {
				json_decref(d.cands);
				return rc;
			}
			json_t *extra = json_object();
			json_object_set_new(extra, "candidates", d.cands);
			json_object_set_new(extra, "override", json_string("confirm_not_duplicate"));
			return dom_refuse(err, E_DUPLICATE_PERSON, NULL, extra);
		}
		json_decref(d.cands);
	}
	unsigned char *sealed = NULL;
	size_t sealed_n = 0;
	char last3[4] = "";
	if (in->sin) {
		sealed = crypto_seal(a, in->sin, strlen(in->sin), &sealed_n);
		if (sealed == NULL)
			return ST_ERROR;
		memcpy(last3, in->sin + 6, 3);
		last3[3] = '\0';
	}
	char *self_id = in->self_id ? json_dumps(in->self_id, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int64_t now = time_now_us(), id = 0;
	struct st_param p[] = { SP_STR(in->given_name), SP_STR(in->family_name), SP_STR(key),
		SP_STR(birth), SP_STR(in->has_lang && in->lang ? "fr" : "en"), SP_STR(in->email),
		SP_STR(in->phone), SP_STR(in->postal_code), SP_STR(in->municipality),
		SP_OPTINT(in->has_region, in->region_id),
		sealed ? SP_BLOB_(sealed, sealed_n) : SP_NUL, SP_STR(in->sin ? last3 : NULL),
		SP_STR(self_id), SP_INT(now) };
	rc = st_exec(tx, Q_PERSON_INSERT, p, 14, id_row, &id, NULL);
	free(self_id);
	if (rc == ST_CONFLICT)
		return dom_refuse(err, E_REFERENCE, "region_id", NULL);
	if (rc != ST_OK)
		return rc;
	char client_no[10];
	client_number_make(id, client_no);
	struct st_param cp[] = { SP_INT(id), SP_STR(client_no) };
	if ((rc = st_exec(tx, Q_PERSON_SET_CLIENT_NO, cp, 2, NULL, NULL, NULL)) != ST_OK)
		return rc;
	struct person_full f;
	if ((rc = person_load(tx, id, &f)) != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, person_audit_copy(f.o)));
	if (in->confirm_not_duplicate)
		json_object_set_new(payload, "duplicate_check_overridden", json_true());
	struct audit_event ev = { "person", id, 0, "person.created", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	*out = person_view(who, &f);
	return rc;
}

enum st_rc
person_get(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id, json_t **out)
{
	if (!person_visible(who, id))
		return ST_NOTFOUND;
	struct person_full f;
	enum st_rc rc = person_load(tx, id, &f);
	if (rc != ST_OK)
		return rc;
	if (person_is_staff(who)) {
		struct audit_event ev = { "person", id, 0, "person.read", NULL, NULL, NULL };
		if ((rc = audit_append(tx, who, &ev, NULL)) != ST_OK) {
			json_decref(f.o);
			if (f.self_id)
				json_decref(f.self_id);
			return rc;
		}
	}
	*out = person_view(who, &f);
	return ST_OK;
}

enum st_rc
person_update(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    const struct person_patch *in, json_t **out, struct dom_err *err)
{
	if (!person_visible(who, id) || !(who->role == ROLE_CLIENT || who->role == ROLE_ADVISOR ||
	    who->role == ROLE_ADMIN))
		return ST_NOTFOUND;
	if (in->self_id && who->role != ROLE_CLIENT)
		return dom_refuse(err, E_FORBIDDEN, "self_identification", NULL);
	struct person_full f;
	enum st_rc rc = person_load(tx, id, &f);
	if (rc != ST_OK)
		return rc;
	json_t *before = person_audit_copy(f.o);
	if (in->expect_version && in->expect_version != f.version) {
		json_decref(before);
		json_decref(f.o);
		if (f.self_id)
			json_decref(f.self_id);
		return dom_refuse(err, E_VERSION, "version", NULL);
	}
#define PICK(has, val, key) ((has) ? (val) : (json_is_string(json_object_get(f.o, key)) ? \
	json_string_value(json_object_get(f.o, key)) : NULL))
	const char *lang = in->has_lang ? (in->lang ? "fr" : "en") :
	    json_string_value(json_object_get(f.o, "language"));
	char *self_id = in->self_id ? json_dumps(in->self_id, JSON_COMPACT | JSON_SORT_KEYS) :
	    (f.self_id ? json_dumps(f.self_id, JSON_COMPACT | JSON_SORT_KEYS) : NULL);
	struct st_param p[] = { SP_INT(id), SP_STR(PICK(in->has_email, in->email, "email")),
		SP_STR(PICK(in->has_phone, in->phone, "phone")),
		SP_STR(PICK(in->has_postal, in->postal_code, "postal_code")),
		SP_STR(PICK(in->has_municipality, in->municipality, "municipality")), SP_STR(lang),
		SP_STR(self_id), SP_INT(time_now_us()), SP_INT(f.version) };
#undef PICK
	int64_t n = 0;
	rc = st_exec(tx, Q_PERSON_UPDATE, p, 9, NULL, NULL, &n);
	free(self_id);
	json_decref(f.o);
	if (f.self_id)
		json_decref(f.self_id);
	if (rc == ST_OK && n != 1)
		rc = dom_refuse(err, E_VERSION, "version", NULL);
	if (rc == ST_OK)
		rc = person_load(tx, id, &f);
	if (rc != ST_OK) {
		json_decref(before);
		return rc;
	}
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(before, person_audit_copy(f.o)));
	if (in->self_id)
		json_object_set_new(payload, "self_identification_updated", json_true());
	struct audit_event ev = { "person", id, 0, "person.updated", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	*out = person_view(who, &f);
	return rc;
}

struct search_ctx {
	json_t *items;
};

static int
search_row(void *vctx, const struct st_row *row)
{
	struct search_ctx *s = vctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "client_number", json_string(st_text(row, 1)));
	json_object_set_new(o, "given_name", json_string(st_text(row, 2)));
	json_object_set_new(o, "family_name", json_string(st_text(row, 3)));
	json_object_set_new(o, "birth_date", json_string(st_text(row, 4)));
	json_object_set_new(o, "municipality", st_isnull(row, 5) ? json_null() : json_string(st_text(row, 5)));
	json_object_set_new(o, "region_id", st_isnull(row, 6) ? json_null() : json_integer(st_i64(row, 6)));
	json_array_append_new(s->items, o);
	return 0;
}

enum st_rc
person_search(struct st_tx *tx, struct arena *a, const struct principal *who, const char *q,
    const char *birth_date, const char *client_no, int64_t after, int limit, json_t **items,
    int64_t *next_after)
{
	struct search_ctx s = { json_array() };
	*items = s.items;
	*next_after = 0;
	if (!person_is_staff(who))
		return ST_OK;
	const char *pattern = text_search_pattern(a, q);
	struct st_param p[] = { SP_STR(pattern), SP_STR(birth_date ? birth_date : ""),
		SP_STR(client_no ? client_no : ""), SP_INT(0), SP_INT(after), SP_INT(limit + 1) };
	enum st_rc rc = st_exec(tx, Q_PERSON_SEARCH, p, 6, search_row, &s, NULL);
	*next_after = page_trim(s.items, limit);
	return rc;
}
