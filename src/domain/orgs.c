#include "domain/orgs.h"
#include "domain/page.h"

#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/trades.h"
#include "text/text.h"

const char *const org_kinds[] = { "sponsor", "training_delivery_agent", "service_provider",
	"service_system_manager", "regulator", "partner_agency", "ministry", NULL };

bool
org_visible(const struct principal *who, int64_t org_id)
{
	if (who->role == ROLE_SPONSOR || who->role == ROLE_PARTNER)
		return who->org_id == org_id;
	return (RB(who->role) & ROLES_STAFF) != 0;
}

static json_t *
org_json(const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "kind", json_string(st_text(row, 1)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 2)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 3)));
	json_object_set_new(o, "region_id", st_isnull(row, 4) ? json_null() : json_integer(st_i64(row, 4)));
	static const char *const names[] = { "email", "phone", "postal_code", "municipality" };
	for (int c = 5; c <= 8; c++)
		json_object_set_new(o, names[c - 5], st_isnull(row, c) ? json_null() : json_string(st_text(row, c)));
	json_object_set_new(o, "version", json_integer(st_i64(row, 11)));
	return o;
}

static int
org_one_row(void *ctx, const struct st_row *row)
{
	*(json_t **)ctx = org_json(row);
	return 1;
}

static int
org_list_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, org_json(row));
	return 0;
}

enum st_rc
org_get(struct st_tx *tx, const struct principal *who, int64_t id, json_t **out)
{
	*out = NULL;
	if (who && !org_visible(who, id))
		return ST_NOTFOUND;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_ORG_GET, p, 1, org_one_row, out, NULL);
	if (rc == ST_OK && *out == NULL)
		rc = ST_NOTFOUND;
	return rc;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

enum st_rc
org_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct org_in *in, json_t **out, struct dom_err *err)
{
	char *key = text_search_key(a, arena_printf(a, "%s %s", in->name_en, in->name_fr));
	if (key == NULL)
		return dom_refuse(err, E_JSON_INVALID_UTF8, "name_en", NULL);
	int64_t id = 0, now = time_now_us();
	struct st_param p[] = { SP_STR(org_kinds[in->kind]), SP_STR(in->name_en), SP_STR(in->name_fr),
		SP_STR(key), SP_OPTINT(in->has_region, in->region_id), SP_STR(in->email),
		SP_STR(in->phone), SP_STR(in->postal_code), SP_STR(in->municipality), SP_INT(now) };
	enum st_rc rc = st_exec(tx, Q_ORG_INSERT, p, 10, id_row, &id, NULL);
	if (rc == ST_CONFLICT)
		return dom_refuse(err, E_REFERENCE, "region_id", NULL);
	if (rc != ST_OK || (rc = org_get(tx, NULL, id, out)) != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, json_deep_copy(*out)));
	struct audit_event ev = { "organisation", id, 0, "organisation.created", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

enum st_rc
org_list(struct st_tx *tx, struct arena *a, const struct principal *who, const char *kind,
    const char *q, int64_t region_id, int64_t after, int limit, json_t **items, int64_t *next_after)
{
	*items = json_array();
	*next_after = 0;
	int64_t only = 0;
	if (who->role == ROLE_SPONSOR || who->role == ROLE_PARTNER)
		only = who->org_id ? who->org_id : -1;
	else if (!(RB(who->role) & ROLES_STAFF))
		return ST_OK;
	const char *pattern = text_search_pattern(a, q);
	struct st_param p[] = { SP_STR(kind ? kind : ""), SP_STR(pattern), SP_INT(region_id),
		SP_INT(only), SP_INT(after), SP_INT(limit + 1) };
	enum st_rc rc = st_exec(tx, Q_ORG_LIST, p, 6, org_list_row, *items, NULL);
	*next_after = page_trim(*items, limit);
	return rc;
}

struct sponsor_names {
	struct arena *a;
	int found;
	const char *en, *fr;
};

static int
sponsor_names_row(void *ctx, const struct st_row *row)
{
	struct sponsor_names *n = ctx;
	if (strcmp(st_text(row, 1), "sponsor") != 0)
		return 1;
	n->found = 1;
	n->en = arena_strdup(n->a, st_text(row, 2));
	n->fr = arena_strdup(n->a, st_text(row, 3));
	return 1;
}

enum st_rc
org_sponsor_names(struct st_tx *tx, int64_t id, const char **en, const char **fr,
    struct arena *a)
{
	struct sponsor_names n = { a, 0, NULL, NULL };
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_ORG_GET, p, 1, sponsor_names_row, &n, NULL);
	if (rc != ST_OK)
		return rc;
	if (!n.found)
		return ST_NOTFOUND;
	*en = n.en;
	*fr = n.fr;
	return ST_OK;
}

static int
region_row(void *ctx, const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "parent_id", st_isnull(row, 1) ? json_null() : json_integer(st_i64(row, 1)));
	json_object_set_new(o, "kind", json_string(st_text(row, 2)));
	json_object_set_new(o, "code", json_string(st_text(row, 3)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 4)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 5)));
	json_array_append_new(ctx, o);
	return 0;
}

enum st_rc
region_list(struct st_tx *tx, json_t **items)
{
	*items = json_array();
	return st_exec(tx, Q_REGION_LIST, NULL, 0, region_row, *items, NULL);
}

static int
trade_row(void *ctx, const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(st_text(row, 0)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 1)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 2)));
	json_object_set_new(o, "sector", json_string(st_text(row, 3)));
	json_object_set_new(o, "compulsory", json_boolean(st_i64(row, 4)));
	json_object_set_new(o, "red_seal", json_boolean(st_i64(row, 5)));
	json_object_set_new(o, "required_hours", st_isnull(row, 6) ? json_null() : json_integer(st_i64(row, 6)));
	json_array_append_new(ctx, o);
	return 0;
}

enum st_rc
trade_list(struct st_tx *tx, json_t **items)
{
	*items = json_array();
	return st_exec(tx, Q_TRADE_LIST, NULL, 0, trade_row, *items, NULL);
}

enum st_rc
trades_sync(struct st_tx *tx, int *count)
{
	size_t n;
	const struct trade *t = trades_all(&n);
	enum st_rc rc = ST_OK;
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		struct st_param p[] = { SP_STR(t[i].code), SP_STR(t[i].name_en), SP_STR(t[i].name_fr),
			SP_STR(trade_sector_name(t[i].sector)), SP_INT(t[i].compulsory),
			SP_INT(t[i].red_seal), SP_OPTINT(t[i].hours > 0, t[i].hours) };
		rc = st_exec(tx, Q_TRADE_UPSERT, p, 7, NULL, NULL, NULL);
	}
	if (count)
		*count = (int)n;
	return rc;
}
