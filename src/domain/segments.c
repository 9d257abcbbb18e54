/* segments.c: client segments: rule checking, creation, listing and the suppressed report
 * (see segments.h). Membership is computed in C over all persons: the SQL stays portable and
 * the rules stay data. */
#include "domain/segments.h"

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/persons.h"
#include "domain/program.h"
#include "domain/suppress.h"

const char *const segment_age_bands[] = { "15-24", "25-34", "35-54", "55+", NULL };
static const int band_lo[] = { 15, 25, 35, 55 };
static const int band_hi[] = { 24, 34, 54, 200 };

static int
list_index(const char *const *list, const char *s)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

enum err_id
segment_rules_check(json_t *in, struct segment_rules *out, const char **field)
{
	const char *key;
	json_t *v;
	memset(out, 0, sizeof(*out));
	out->age_band = -1;
	out->lang = -1;
	*field = "rules";
	if (!json_is_object(in))
		return E_FIELD_TYPE;
	json_object_foreach(in, key, v) {
		if (strcmp(key, "age_band") == 0) {
			*field = "rules.age_band";
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return E_FIELD_TYPE;
			if ((out->age_band = list_index(segment_age_bands, json_string_value(v))) < 0)
				return E_FIELD_ENUM;
		} else if (strcmp(key, "region_id") == 0) {
			*field = "rules.region_id";
			if (json_is_null(v))
				continue;
			if (!json_is_integer(v))
				return E_FIELD_TYPE;
			if ((out->region_id = json_integer_value(v)) < 1)
				return E_FIELD_RANGE;
		} else if (strcmp(key, "lang") == 0) {
			static const char *const langs[] = { "en", "fr", NULL };
			*field = "rules.lang";
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return E_FIELD_TYPE;
			if ((out->lang = list_index(langs, json_string_value(v))) < 0)
				return E_FIELD_ENUM;
		} else if (strcmp(key, "groups") == 0) {
			size_t i;
			json_t *g;
			*field = "rules.groups";
			if (json_is_null(v))
				continue;
			if (!json_is_array(v))
				return E_FIELD_TYPE;
			json_array_foreach(v, i, g) {
				int k;
				if (!json_is_string(g))
					return E_FIELD_TYPE;
				if ((k = list_index(person_self_id_keys, json_string_value(g))) < 0)
					return E_FIELD_ENUM;
				out->groups |= 1u << k;
			}
		} else if (strcmp(key, "program") == 0) {
			*field = "rules.program";
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return E_FIELD_TYPE;
			if (program_get(json_string_value(v)) == NULL)
				return E_FIELD_ENUM;
			out->program = json_string_value(v);
		} else {
			*field = "rules";
			return E_FIELD_UNKNOWN;
		}
	}
	*field = NULL;
	return E_NONE;
}

/* The normalised rules as stored and returned: only the rules given. */
static json_t *
rules_json(const struct segment_rules *r)
{
	json_t *o = json_object();
	if (r->age_band >= 0)
		json_object_set_new(o, "age_band", json_string(segment_age_bands[r->age_band]));
	if (r->region_id > 0)
		json_object_set_new(o, "region_id", json_integer(r->region_id));
	if (r->lang >= 0)
		json_object_set_new(o, "lang", json_string(r->lang ? "fr" : "en"));
	if (r->groups) {
		json_t *g = json_array();
		for (int i = 0; person_self_id_keys[i] != NULL; i++)
			if (r->groups & (1u << i))
				json_array_append_new(g, json_string(person_self_id_keys[i]));
		json_object_set_new(o, "groups", g);
	}
	if (r->program)
		json_object_set_new(o, "program", json_string(r->program));
	return o;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_isnull(row, 0) ? 0 : st_i64(row, 0);
	return 1;
}

static json_t *
segment_json(const struct st_row *row, enum lang lang)
{
	json_t *o = json_object(), *rules = json_loads(st_text(row, 3), 0, NULL);
	char t[32];
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 1)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 2)));
	json_object_set_new(o, "name", json_string(st_text(row, lang == LANG_FR ? 2 : 1)));
	json_object_set_new(o, "rules", rules ? rules : json_object());
	time_format_us(st_i64(row, 4), t);
	json_object_set_new(o, "created_at", json_string(t));
	return o;
}

struct one_ctx {
	enum lang lang;
	json_t *out;
};

static int
one_row(void *ctx, const struct st_row *row)
{
	struct one_ctx *c = ctx;
	c->out = segment_json(row, c->lang);
	return 1;
}

static int
list_row(void *ctx, const struct st_row *row)
{
	struct one_ctx *c = ctx;
	json_array_append_new(c->out, segment_json(row, c->lang));
	return 0;
}

enum st_rc
segment_create(struct st_tx *tx, const struct principal *who, const char *name_en,
    const char *name_fr, json_t *rules, int64_t now_us, json_t **out, struct dom_err *err)
{
	struct segment_rules r;
	const char *field = NULL;
	enum err_id e;
	enum st_rc rc;
	int64_t got = 0, id = 0;
	*out = NULL;
	if ((e = segment_rules_check(rules, &r, &field)) != E_NONE)
		return dom_refuse(err, e, field, NULL);
	if (r.region_id > 0) {
		struct st_param p[] = { SP_INT(r.region_id) };
		if ((rc = st_exec(tx, Q_SEGMENT_REGION_EXISTS, p, 1, id_row, &got, NULL)) != ST_OK)
			return rc;
		if (got == 0)
			return dom_refuse(err, E_REFERENCE, "rules.region_id", NULL);
	}
	json_t *norm = rules_json(&r);
	char *text = json_dumps(norm, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(norm);
	struct st_param p[] = { SP_STR(name_en), SP_STR(name_fr), SP_STR(text),
		SP_OPTINT(who != NULL && who->user_id > 0, who ? who->user_id : 0), SP_INT(now_us) };
	rc = st_exec(tx, Q_SEGMENT_INSERT, p, sizeof(p) / sizeof(p[0]), id_row, &id, NULL);
	free(text);
	if (rc != ST_OK)
		return rc;
	struct one_ctx c = { LANG_EN, NULL };
	struct st_param q[] = { SP_INT(id) };
	if ((rc = st_exec(tx, Q_SEGMENT_GET, q, 1, one_row, &c, NULL)) != ST_OK)
		return rc;
	*out = c.out;
	return ST_OK;
}

enum st_rc
segments_list(struct st_tx *tx, enum lang lang, json_t **out)
{
	struct one_ctx c = { lang, json_array() };
	enum st_rc rc = st_exec(tx, Q_SEGMENT_LIST, NULL, 0, list_row, &c, NULL);
	if (rc != ST_OK) {
		json_decref(c.out);
		*out = NULL;
		return rc;
	}
	*out = json_object();
	json_object_set_new(*out, "items", c.out);
	return ST_OK;
}

static int
region_name_row(void *ctx, const struct st_row *row)
{
	struct one_ctx *c = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "kind", json_string(st_text(row, 1)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 2)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 3)));
	json_object_set_new(o, "name", json_string(st_text(row, c->lang == LANG_FR ? 3 : 2)));
	json_object_set_new(o, "parent_id", st_isnull(row, 4) ? json_null() :
	    json_integer(st_i64(row, 4)));
	json_array_append_new(c->out, o);
	return 0;
}

enum st_rc
segment_regions(struct st_tx *tx, enum lang lang, json_t **out)
{
	struct one_ctx c = { lang, json_array() };
	enum st_rc rc = st_exec(tx, Q_SEGMENT_REGION_NAMES, NULL, 0, region_name_row, &c, NULL);
	if (rc != ST_OK) {
		json_decref(c.out);
		*out = NULL;
		return rc;
	}
	*out = json_object();
	json_object_set_new(*out, "items", c.out);
	return ST_OK;
}

/* ---- the report ---- */

struct i64vec {
	int64_t *v;
	size_t n, cap;
};

static void
vec_push(struct i64vec *x, int64_t v)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->v = realloc(x->v, x->cap * sizeof(*x->v));
		if (x->v == NULL)
			abort();
	}
	x->v[x->n++] = v;
}

/* Sorted ids: index or -1. */
static long
vec_find(const struct i64vec *x, int64_t v)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x->v[mid] < v)
			lo = mid + 1;
		else if (x->v[mid] > v)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

struct report_ctx {
	struct segment_rules r;
	int ty, tm, td;              /* today */
	struct i64vec reg_id, reg_parent;
	struct i64vec program_persons;
	struct i64vec members;
	uint16_t *contacts, *cases;  /* per member: months with a contact / an opened case */
	int64_t month_us[SEGMENT_MONTHS + 1];
	int which;                   /* 0 contacts, 1 cases */
};

static int
region_row(void *ctx, const struct st_row *row)
{
	struct report_ctx *c = ctx;
	vec_push(&c->reg_id, st_i64(row, 0));
	vec_push(&c->reg_parent, st_isnull(row, 1) ? 0 : st_i64(row, 1));
	return 0;
}

static int
program_row(void *ctx, const struct st_row *row)
{
	vec_push(&((struct report_ctx *)ctx)->program_persons, st_i64(row, 0));
	return 0;
}

static int
in_region(const struct report_ctx *c, int64_t region)
{
	for (int depth = 0; region > 0 && depth < 32; depth++) {
		long k;
		if (region == c->r.region_id)
			return 1;
		if ((k = vec_find(&c->reg_id, region)) < 0)
			return 0;
		region = c->reg_parent.v[k];
	}
	return 0;
}

static int
self_id_matches(const char *text, unsigned groups)
{
	json_t *o = json_loads(text, 0, NULL);
	int ok = json_is_object(o) && json_is_true(json_object_get(o, "consent"));
	for (int i = 0; ok && person_self_id_keys[i] != NULL; i++)
		if (groups & (1u << i))
			ok = json_is_true(json_object_get(o, person_self_id_keys[i]));
	json_decref(o);
	return ok;
}

static int
person_row(void *ctx, const struct st_row *row)
{
	struct report_ctx *c = ctx;
	int64_t id = st_i64(row, 0);
	if (c->r.age_band >= 0) {
		int32_t d;
		int y, m, dd, age;
		if (date_parse(st_text(row, 1), &d) != 0)
			return 0;
		date_to_ymd(d, &y, &m, &dd);
		age = c->ty - y - (c->tm < m || (c->tm == m && c->td < dd));
		if (age < band_lo[c->r.age_band] || age > band_hi[c->r.age_band])
			return 0;
	}
	if (c->r.lang >= 0 && strcmp(st_text(row, 2), c->r.lang ? "fr" : "en") != 0)
		return 0;
	if (c->r.region_id > 0 && (st_isnull(row, 3) || !in_region(c, st_i64(row, 3))))
		return 0;
	if (c->r.groups && (st_isnull(row, 4) || !self_id_matches(st_text(row, 4), c->r.groups)))
		return 0;
	if (c->r.program && vec_find(&c->program_persons, id) < 0)
		return 0;
	vec_push(&c->members, id);
	return 0;
}

static int
use_row(void *ctx, const struct st_row *row)
{
	struct report_ctx *c = ctx;
	long k = vec_find(&c->members, st_i64(row, 0));
	int64_t at = st_i64(row, 1);
	if (k < 0)
		return 0;
	for (int m = 0; m < SEGMENT_MONTHS; m++)
		if (at >= c->month_us[m] && at < c->month_us[m + 1]) {
			(c->which ? c->cases : c->contacts)[k] |= (uint16_t)(1u << m);
			break;
		}
	return 0;
}

/* One published count: the value, or null with "<10" when suppressed. */
static json_t *
cell_json(int64_t v, int hidden)
{
	json_t *o = json_object();
	if (hidden) {
		json_object_set_new(o, "value", json_null());
		json_object_set_new(o, "suppressed", json_true());
		json_object_set_new(o, "shown", json_string("<10"));
	} else {
		json_object_set_new(o, "value", json_integer(v));
		json_object_set_new(o, "suppressed", json_false());
	}
	return o;
}

static enum st_rc
report_compute(struct st_tx *tx, struct report_ctx *c, int64_t now_us)
{
	enum st_rc rc;
	int32_t today = date_of_us_local(now_us);
	int y, m;
	date_to_ymd(today, &c->ty, &c->tm, &c->td);
	/* Month boundaries: the current month and the 11 before it. */
	y = c->ty;
	m = c->tm - (SEGMENT_MONTHS - 1);
	while (m < 1) {
		m += 12;
		y--;
	}
	for (int k = 0; k <= SEGMENT_MONTHS; k++) {
		c->month_us[k] = date_start_us_local(date_from_ymd(y, m, 1));
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	if (c->r.region_id > 0 &&
	    (rc = st_exec(tx, Q_SEGMENT_REGIONS, NULL, 0, region_row, c, NULL)) != ST_OK)
		return rc;
	if (c->r.program) {
		struct st_param p[] = { SP_STR(c->r.program) };
		if ((rc = st_exec(tx, Q_SEGMENT_PROGRAM_PERSONS, p, 1, program_row, c, NULL)) != ST_OK)
			return rc;
	}
	if ((rc = st_exec(tx, Q_SEGMENT_PERSONS, NULL, 0, person_row, c, NULL)) != ST_OK)
		return rc;
	c->contacts = calloc(c->members.n + 1, sizeof(uint16_t));
	c->cases = calloc(c->members.n + 1, sizeof(uint16_t));
	if (c->contacts == NULL || c->cases == NULL)
		abort();
	struct st_param p[] = { SP_INT(c->month_us[0]), SP_INT(c->month_us[SEGMENT_MONTHS]) };
	c->which = 0;
	if ((rc = st_exec(tx, Q_SEGMENT_CONTACTS, p, 2, use_row, c, NULL)) != ST_OK)
		return rc;
	c->which = 1;
	return st_exec(tx, Q_SEGMENT_CASES, p, 2, use_row, c, NULL);
}

static json_t *
report_json(const struct report_ctx *c)
{
	int64_t cells[SEGMENT_MONTHS * 2], aug[(SEGMENT_MONTHS + 1) * 3];
	uint8_t flags[(SEGMENT_MONTHS + 1) * 3];
	int64_t size = (int64_t)c->members.n;
	json_t *o = json_object(), *months = json_array(), *tot = json_object();
	int hidden_n = 0;
	memset(cells, 0, sizeof(cells));
	for (size_t i = 0; i < c->members.n; i++)
		for (int m = 0; m < SEGMENT_MONTHS; m++) {
			cells[m * 2] += (c->contacts[i] >> m) & 1;
			cells[m * 2 + 1] += (c->cases[i] >> m) & 1;
		}
	suppress_table(SEGMENT_MONTHS, 2, cells, flags);
	suppress_augment(SEGMENT_MONTHS, 2, cells, aug);
	for (int m = 0; m <= SEGMENT_MONTHS; m++) {
		json_t *row = m < SEGMENT_MONTHS ? json_object() : tot;
		static const char *const col[] = { "contacts", "cases", "total" };
		for (int j = 0; j < 3; j++) {
			int hidden = flags[m * 3 + j] != SUPPRESS_SHOWN;
			hidden_n += hidden;
			json_object_set_new(row, col[j], cell_json(aug[m * 3 + j], hidden));
		}
		if (m < SEGMENT_MONTHS) {
			char day[11], month[8];
			date_format(date_of_us_local(c->month_us[m]), day);
			memcpy(month, day, 7);
			month[7] = '\0';
			json_object_set_new(row, "month", json_string(month));
			json_array_append_new(months, row);
		}
	}
	json_object_set_new(o, "size", cell_json(size, size > 0 && size < SUPPRESS_THRESHOLD));
	json_object_set_new(o, "months", months);
	json_object_set_new(o, "totals", tot);
	json_t *s = json_object();
	json_object_set_new(s, "threshold", json_integer(SUPPRESS_THRESHOLD));
	json_object_set_new(s, "suppressed_cells", json_integer(hidden_n));
	json_object_set_new(o, "suppression", s);
	return o;
}

enum st_rc
segment_report(struct st_tx *tx, int64_t id, enum lang lang, int64_t now_us, json_t **out,
    struct dom_err *err)
{
	struct one_ctx one = { lang, NULL };
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc;
	const char *field;
	*out = NULL;
	if ((rc = st_exec(tx, Q_SEGMENT_GET, p, 1, one_row, &one, NULL)) != ST_OK)
		return rc;
	if (one.out == NULL)
		return dom_refuse(err, E_NOT_FOUND, NULL, NULL);
	struct report_ctx *c = calloc(1, sizeof(*c));
	if (c == NULL)
		abort();
	if (segment_rules_check(json_object_get(one.out, "rules"), &c->r, &field) != E_NONE) {
		/* Stored rules were checked on the way in; a program since removed lands here. */
		free(c);
		json_decref(one.out);
		return dom_refuse(err, E_NOT_FOUND, NULL, NULL);
	}
	rc = report_compute(tx, c, now_us);
	if (rc == ST_OK) {
		json_t *rep = report_json(c);
		json_object_update(one.out, rep);
		json_decref(rep);
		*out = one.out;
	} else {
		json_decref(one.out);
	}
	free(c->reg_id.v);
	free(c->reg_parent.v);
	free(c->program_persons.v);
	free(c->members.v);
	free(c->contacts);
	free(c->cases);
	free(c);
	return rc;
}
