/* points: points of service, their services, languages, hours and closures (see points.h). */
#include "domain/points.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/csvio.h"
#include "domain/outreach.h"
#include "domain/page.h"
#include "i18n/msg.h"
#include "text/text.h"
#include "text/validate.h"

const char *const point_kinds[] = { "service_centre", "regional_hub", "exam_centre",
	"contact_centre", "outreach_site", "satellite_hub", "virtual", "partner_site", NULL };
const char *const point_service_names[] = { "apprenticeship", "exams", "information",
	"employment", NULL };
const char *const point_access_names[] = { "step_free", "accessible_washroom", "hearing_loop",
	"asl_lsq", "parking", NULL };

static _Atomic int64_t generation = 1;

int64_t
points_generation(void)
{
	return atomic_load(&generation);
}

void
points_changed(void)
{
	atomic_fetch_add(&generation, 1);
}

static int
list_index(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* ---- checks ---- */

bool
point_time_valid(const char *s, bool close)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (close && h == 24 && m == 0)
		return true;
	return h < 24 && m < 60;
}

static bool
lang_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

static bool
code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

static bool
dup_in(const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) == 0)
				return true;
	return false;
}

static enum err_id
text_check(const char *s, size_t lo, size_t hi)
{
	if (s == NULL)
		return E_NONE;
	size_t n = text_utf8_len(s, strlen(s));
	return n < lo ? E_FIELD_TOO_SHORT : n > hi ? E_FIELD_TOO_LONG : E_NONE;
}

enum err_id
point_check(const struct point_in *in, const char **field)
{
	enum err_id e;
#define FAIL(f, err) do { *field = (f); return (err); } while (0)
	if (!code_valid(in->code))
		FAIL("code", in->code ? E_FIELD_FORMAT : E_FIELD_REQUIRED);
	if (in->kind < 0 || in->kind >= 8)
		FAIL("kind", E_FIELD_ENUM);
	if (in->name_en == NULL)
		FAIL("name_en", E_FIELD_REQUIRED);
	if ((e = text_check(in->name_en, 1, 200)) != E_NONE)
		FAIL("name_en", e);
	if (in->name_fr == NULL)
		FAIL("name_fr", E_FIELD_REQUIRED);
	if ((e = text_check(in->name_fr, 1, 200)) != E_NONE)
		FAIL("name_fr", e);
	if (in->region_id <= 0)
		FAIL("region_id", E_FIELD_REQUIRED);
	if ((e = text_check(in->address, 1, 200)) != E_NONE)
		FAIL("address", e);
	if ((e = text_check(in->municipality, 1, 100)) != E_NONE)
		FAIL("municipality", e);
	if (in->postal_code && check_postal(in->postal_code) != E_NONE)
		FAIL("postal_code", E_FIELD_POSTAL);
	if (in->phone && check_phone(in->phone) != E_NONE)
		FAIL("phone", E_FIELD_FORMAT);
	if (in->email && check_email(in->email) != E_NONE)
		FAIL("email", E_FIELD_EMAIL);
	int virt = strcmp(point_kinds[in->kind], "virtual") == 0 ||
	    strcmp(point_kinds[in->kind], "contact_centre") == 0;
	if (in->has_coords) {
		/* Ontario's extent, with a margin: a swapped latitude and longitude falls outside. */
		if (!isfinite(in->lat) || in->lat < 41.5 || in->lat > 57.0)
			FAIL("lat", E_FIELD_RANGE);
		if (!isfinite(in->lon) || in->lon < -95.5 || in->lon > -74.0)
			FAIL("lon", E_FIELD_RANGE);
	} else if (!virt) {
		FAIL("lat", E_FIELD_REQUIRED);
	}
	if (in->has_capacity && (in->capacity < 0 || in->capacity > 100000))
		FAIL("capacity_per_week", E_FIELD_RANGE);
	for (size_t i = 0; i < in->nservices; i++)
		if (list_index(point_service_names, in->services[i]) < 0)
			FAIL("services", E_FIELD_ENUM);
	if (dup_in(in->services, in->nservices))
		FAIL("services", E_JSON_DUPLICATE_KEY);
	for (size_t i = 0; i < in->nlangs; i++)
		if (!lang_code_valid(in->langs[i]))
			FAIL("languages", E_FIELD_FORMAT);
	if (dup_in(in->langs, in->nlangs))
		FAIL("languages", E_JSON_DUPLICATE_KEY);
	for (size_t i = 0; i < in->naccess; i++)
		if (list_index(point_access_names, in->access[i]) < 0)
			FAIL("accessibility", E_FIELD_ENUM);
	if (dup_in(in->access, in->naccess))
		FAIL("accessibility", E_JSON_DUPLICATE_KEY);
	for (size_t i = 0; i < in->nhours; i++) {
		const struct point_hours_in *h = &in->hours[i];
		if (h->weekday < 0 || h->weekday > 6)
			FAIL("hours", E_FIELD_RANGE);
		if (!point_time_valid(h->opens, false) || !point_time_valid(h->closes, true) ||
		    strcmp(h->opens, h->closes) >= 0)
			FAIL("hours", E_FIELD_FORMAT);
		for (size_t j = 0; j < i; j++) {
			const struct point_hours_in *g = &in->hours[j];
			if (g->weekday == h->weekday && strcmp(g->opens, h->closes) < 0 &&
			    strcmp(h->opens, g->closes) < 0)
				FAIL("hours", E_FIELD_FORMAT);
		}
	}
#undef FAIL
	return E_NONE;
}

/* ---- reading ---- */

static json_t *
jstr_or_null(const struct st_row *row, int c)
{
	return st_isnull(row, c) ? json_null() : json_string(st_text(row, c));
}

static json_t *
jreal_or_null(const struct st_row *row, int c)
{
	if (st_isnull(row, c))
		return json_null();
	return json_real(strtod(st_text(row, c), NULL));
}

/* The list form of a point: the row's members (services and languages added apart). */
static json_t *
point_row_json(const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "code", json_string(st_text(row, 1)));
	json_object_set_new(o, "kind", json_string(st_text(row, 2)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 3)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 4)));
	json_object_set_new(o, "org_id", st_isnull(row, 5) ? json_null() : json_integer(st_i64(row, 5)));
	json_object_set_new(o, "region_id", json_integer(st_i64(row, 6)));
	json_object_set_new(o, "address", jstr_or_null(row, 7));
	json_object_set_new(o, "municipality", jstr_or_null(row, 8));
	json_object_set_new(o, "postal_code", jstr_or_null(row, 9));
	json_object_set_new(o, "lat", jreal_or_null(row, 10));
	json_object_set_new(o, "lon", jreal_or_null(row, 11));
	json_object_set_new(o, "phone", jstr_or_null(row, 12));
	json_object_set_new(o, "email", jstr_or_null(row, 13));
	json_object_set_new(o, "capacity_per_week", st_isnull(row, 14) ? json_null() :
	    json_integer(st_i64(row, 14)));
	json_t *acc = json_loads(st_text(row, 15), 0, NULL);
	json_object_set_new(o, "accessibility", json_is_array(acc) ? acc : json_array());
	if (acc && !json_is_array(acc))
		json_decref(acc);
	json_object_set_new(o, "active", json_boolean(st_i64(row, 16)));
	json_object_set_new(o, "version", json_integer(st_i64(row, 19)));
	return o;
}

static int
one_row(void *ctx, const struct st_row *row)
{
	*(json_t **)ctx = point_row_json(row);
	return 1;
}

static int
str_list_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, json_string(st_text(row, 0)));
	return 0;
}

static enum st_rc
add_list(struct st_tx *tx, json_t *o, const char *member, enum st_query q, int64_t id)
{
	json_t *arr = json_array();
	json_object_set_new(o, member, arr);
	struct st_param p[] = { SP_INT(id) };
	return st_exec(tx, q, p, 1, str_list_row, arr, NULL);
}

static int
hours_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s}", "weekday", (json_int_t)st_i64(row, 0),
	    "opens", st_text(row, 1), "closes", st_text(row, 2)));
	return 0;
}

static int
closure_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:s}", "date", st_text(row, 0),
	    "reason_en", st_text(row, 1), "reason_fr", st_text(row, 2)));
	return 0;
}

/* The row of an active point (inactive ones are not found). */
static enum st_rc
point_row_get(struct st_tx *tx, int64_t id, json_t **out)
{
	*out = NULL;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_POINT_GET, p, 1, one_row, out, NULL);
	if (rc == ST_OK && *out == NULL)
		rc = ST_NOTFOUND;
	return rc;
}

/* Every member of the full form; any state (active or not). */
static enum st_rc
point_full(struct st_tx *tx, int64_t id, enum lang lang, json_t **out)
{
	enum st_rc rc = point_row_get(tx, id, out);
	if (rc != ST_OK)
		return rc;
	json_t *o = *out;
	if ((rc = add_list(tx, o, "services", Q_POINT_SERVICES, id)) != ST_OK ||
	    (rc = add_list(tx, o, "languages", Q_POINT_LANGS, id)) != ST_OK)
		goto fail;
	json_t *hours = json_array();
	json_object_set_new(o, "hours", hours);
	struct st_param p[] = { SP_INT(id) };
	if ((rc = st_exec(tx, Q_POINT_HOURS, p, 1, hours_row, hours, NULL)) != ST_OK)
		goto fail;
	int32_t today = date_of_us_local(time_now_us());
	char a[11], b[11];
	date_format(today, a);
	date_format(today + 60, b);
	json_t *cl = json_array();
	json_object_set_new(o, "closures", cl);
	struct st_param cp[] = { SP_INT(id), SP_STR(a), SP_STR(b) };
	if ((rc = st_exec(tx, Q_POINT_CLOSURES, cp, 3, closure_row, cl, NULL)) != ST_OK)
		goto fail;
	json_t *sch;
	if ((rc = outreach_schedules_json(tx, id, lang, &sch)) != ST_OK) {
		json_decref(sch);
		goto fail;
	}
	json_object_set_new(o, "outreach", sch);
	return ST_OK;
fail:
	json_decref(*out);
	*out = NULL;
	return rc;
}

enum st_rc
point_get_json(struct st_tx *tx, struct arena *a, int64_t id, enum lang lang, json_t **out)
{
	(void)a;
	enum st_rc rc = point_full(tx, id, lang, out);
	if (rc == ST_OK && !json_is_true(json_object_get(*out, "active"))) {
		json_decref(*out);
		*out = NULL;
		rc = ST_NOTFOUND;
	}
	return rc;
}

/* ---- the locator's brief list ---- */

struct brief_ctx {
	struct arena *a;
	struct point_brief *v;
	size_t n, cap;
	size_t cur;                /* merge position for services and languages */
};

static int
brief_row(void *ctx, const struct st_row *row)
{
	struct brief_ctx *b = ctx;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct point_brief *v = arena_calloc(b->a, cap, sizeof(*v));
		if (b->n)
			memcpy(v, b->v, b->n * sizeof(*v));
		b->v = v;
		b->cap = cap;
	}
	struct point_brief *p = &b->v[b->n++];
	memset(p, 0, sizeof(*p));
	p->id = st_i64(row, 0);
	p->kind = arena_strdup(b->a, st_text(row, 1));
	p->name_en = arena_strdup(b->a, st_text(row, 2));
	p->name_fr = arena_strdup(b->a, st_text(row, 3));
	p->municipality = st_isnull(row, 4) ? NULL : arena_strdup(b->a, st_text(row, 4));
	p->lat = st_isnull(row, 5) || st_isnull(row, 6) ? NAN : strtod(st_text(row, 5), NULL);
	p->lon = st_isnull(row, 5) || st_isnull(row, 6) ? NAN : strtod(st_text(row, 6), NULL);
	p->region_id = st_i64(row, 7);
	p->langs = "";
	return 0;
}

/* Rows come in point id order, as the points: walk both lists together. */
static struct point_brief *
brief_find(struct brief_ctx *b, int64_t id)
{
	while (b->cur < b->n && b->v[b->cur].id < id)
		b->cur++;
	return b->cur < b->n && b->v[b->cur].id == id ? &b->v[b->cur] : NULL;
}

static int
brief_service_row(void *ctx, const struct st_row *row)
{
	struct point_brief *p = brief_find(ctx, st_i64(row, 0));
	int k = list_index(point_service_names, st_text(row, 1));
	if (p && k >= 0)
		p->services |= 1u << k;
	return 0;
}

static int
brief_lang_row(void *ctx, const struct st_row *row)
{
	struct brief_ctx *b = ctx;
	struct point_brief *p = brief_find(b, st_i64(row, 0));
	if (p)
		p->langs = *p->langs ? arena_printf(b->a, "%s %s", p->langs, st_text(row, 1)) :
		    arena_strdup(b->a, st_text(row, 1));
	return 0;
}

enum st_rc
points_brief_all(struct st_tx *tx, struct arena *a, struct point_brief **out, size_t *n)
{
	struct brief_ctx b = { a, NULL, 0, 0, 0 };
	*out = NULL;
	*n = 0;
	enum st_rc rc = st_exec(tx, Q_POINT_BRIEF_ALL, NULL, 0, brief_row, &b, NULL);
	if (rc == ST_OK) {
		b.cur = 0;
		rc = st_exec(tx, Q_POINT_SERVICES_ALL, NULL, 0, brief_service_row, &b, NULL);
	}
	if (rc == ST_OK) {
		b.cur = 0;
		rc = st_exec(tx, Q_POINT_LANGS_ALL, NULL, 0, brief_lang_row, &b, NULL);
	}
	if (rc == ST_OK) {
		*out = b.v;
		*n = b.n;
	}
	return rc;
}

/* ---- hours ---- */

/* "09:00" -> "9:00" (English) or "9 h" / "12 h 30" (French). */
static const char *
hhmm_words(struct arena *a, enum lang lang, const char *s)
{
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (lang == LANG_FR)
		return m ? arena_printf(a, "%d\u00a0h\u00a0%02d", h, m) : arena_printf(a, "%d\u00a0h", h);
	return arena_printf(a, "%d:%02d", h, m);
}

static int
hhmm_minutes(const char *s)
{
	return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

struct day_hours {
	struct arena *a;
	enum lang lang;
	const char *text;
	int n;
	int open_from[4], open_to[4];
};

static int
day_hours_row(void *ctx, const struct st_row *row)
{
	struct day_hours *d = ctx;
	if (d->n >= 4)
		return 1;
	const char *o = st_text(row, 0), *c = st_text(row, 1);
	if (!point_time_valid(o, false) || !point_time_valid(c, true))
		return 0;
	d->open_from[d->n] = hhmm_minutes(o);
	d->open_to[d->n] = hhmm_minutes(c);
	const char *period = MSGF(d->a, d->lang, MSG_POINTS_HOURS_PERIOD, hhmm_words(d->a, d->lang, o),
	    hhmm_words(d->a, d->lang, c));
	d->text = d->n ? MSGF(d->a, d->lang, MSG_POINTS_HOURS_AND, d->text, period) : period;
	d->n++;
	return 0;
}

struct reason {
	struct arena *a;
	enum lang lang;
	const char *text;
};

static int
reason_row(void *ctx, const struct st_row *row)
{
	struct reason *r = ctx;
	r->text = arena_strdup(r->a, st_text(row, r->lang == LANG_FR ? 1 : 0));
	return 1;
}

enum st_rc
point_hours_on(struct st_tx *tx, struct arena *a, int64_t id, int32_t date, enum lang lang,
    int64_t now_us, const char **text, bool *open_now)
{
	*text = "";
	*open_now = false;
	json_t *row;
	enum st_rc rc = point_row_get(tx, id, &row);
	if (rc != ST_OK)
		return rc;
	int active = json_is_true(json_object_get(row, "active"));
	json_decref(row);
	if (!active)
		return ST_NOTFOUND;
	/* A statutory holiday: named in words. */
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	struct holiday hol[12];
	int nh = bizdays_holidays(y, hol, 12);
	for (int i = 0; i < nh; i++)
		if (hol[i].observed == date) {
			*text = MSGF(a, lang, MSG_POINTS_CLOSED_BECAUSE,
			    lang == LANG_FR ? hol[i].name_fr : hol[i].name_en);
			return ST_OK;
		}
	char iso[11];
	date_format(date, iso);
	struct reason r = { a, lang, NULL };
	struct st_param cp[] = { SP_INT(id), SP_STR(iso) };
	if ((rc = st_exec(tx, Q_POINT_CLOSURE_ON, cp, 2, reason_row, &r, NULL)) != ST_OK)
		return rc;
	if (r.text) {
		*text = MSGF(a, lang, MSG_POINTS_CLOSED_BECAUSE, r.text);
		return ST_OK;
	}
	struct day_hours dh = { .a = a, .lang = lang };
	struct st_param hp[] = { SP_INT(id), SP_INT(date_weekday(date)) };
	if ((rc = st_exec(tx, Q_POINT_HOURS_DAY, hp, 2, day_hours_row, &dh, NULL)) != ST_OK)
		return rc;
	if (dh.n == 0) {
		*text = msg_get(lang, MSG_POINTS_CLOSED);
		return ST_OK;
	}
	*text = dh.text;
	if (date_of_us_local(now_us) == date) {
		int64_t into = (now_us - date_start_us_local(date)) / INT64_C(60000000);
		for (int i = 0; i < dh.n; i++)
			if (into >= dh.open_from[i] && into < dh.open_to[i])
				*open_now = true;
	}
	return ST_OK;
}

/* ---- list ---- */

struct list_ctx {
	json_t *items;
};

static int
list_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, point_row_json(row));
	return 0;
}

enum st_rc
point_list(struct st_tx *tx, struct arena *a, const struct point_filter *f, json_t **items,
    int64_t *next)
{
	(void)a;
	*items = json_array();
	*next = 0;
	struct st_param p[] = { SP_STR(f->kind ? f->kind : ""), SP_INT(f->region_id),
		SP_STR(f->service ? f->service : ""), SP_STR(f->lang ? f->lang : ""),
		SP_INT(f->after), SP_INT(f->limit + 1) };
	enum st_rc rc = st_exec(tx, Q_POINT_LIST, p, 6, list_row, *items, NULL);
	if (rc != ST_OK)
		return rc;
	*next = page_trim(*items, f->limit);
	size_t i;
	json_t *it;
	json_array_foreach(*items, i, it) {
		int64_t id = json_integer_value(json_object_get(it, "id"));
		if ((rc = add_list(tx, it, "services", Q_POINT_SERVICES, id)) != ST_OK ||
		    (rc = add_list(tx, it, "languages", Q_POINT_LANGS, id)) != ST_OK)
			return rc;
	}
	return ST_OK;
}

json_t *
point_geojson_feature(json_t *item)
{
	json_t *props = json_deep_copy(item);
	json_t *lat = json_object_get(item, "lat"), *lon = json_object_get(item, "lon");
	json_t *geom = json_null();
	if (json_is_number(lat) && json_is_number(lon))
		/* RFC 7946: longitude first. */
		geom = json_pack("{s:s,s:[f,f]}", "type", "Point", "coordinates",
		    json_number_value(lon), json_number_value(lat));
	json_object_del(props, "lat");
	json_object_del(props, "lon");
	return json_pack("{s:s,s:O,s:o,s:o}", "type", "Feature", "id",
	    json_object_get(item, "id"), "geometry", geom, "properties", props);
}

/* ---- writing ---- */

static bool
may_change(const struct principal *who)
{
	return who == NULL || who->role == ROLE_ADMIN || who->role == ROLE_MANAGER;
}

static const char *
access_json(struct arena *a, const struct point_in *in)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < in->naccess; i++)
		json_array_append_new(arr, json_string(in->access[i]));
	char *s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	char *out = arena_strdup(a, s ? s : "[]");
	free(s);
	return out;
}

/* The REAL columns take text: SQLite converts it (see q_points.def). */
static struct st_param
coord_param(struct arena *a, int has, double v)
{
	return has ? SP_STR(arena_printf(a, "%.6f", v)) : SP_NUL;
}

static enum st_rc
children_write(struct st_tx *tx, int64_t id, const struct point_in *in)
{
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc;
	if ((rc = st_exec(tx, Q_POINT_SERVICES_CLEAR, p, 1, NULL, NULL, NULL)) != ST_OK ||
	    (rc = st_exec(tx, Q_POINT_LANGS_CLEAR, p, 1, NULL, NULL, NULL)) != ST_OK ||
	    (rc = st_exec(tx, Q_POINT_HOURS_CLEAR, p, 1, NULL, NULL, NULL)) != ST_OK)
		return rc;
	for (size_t i = 0; rc == ST_OK && i < in->nservices; i++) {
		struct st_param q[] = { SP_INT(id), SP_STR(in->services[i]) };
		rc = st_exec(tx, Q_POINT_SERVICE_ADD, q, 2, NULL, NULL, NULL);
	}
	for (size_t i = 0; rc == ST_OK && i < in->nlangs; i++) {
		struct st_param q[] = { SP_INT(id), SP_STR(in->langs[i]) };
		rc = st_exec(tx, Q_POINT_LANG_ADD, q, 2, NULL, NULL, NULL);
	}
	for (size_t i = 0; rc == ST_OK && i < in->nhours; i++) {
		struct st_param q[] = { SP_INT(id), SP_INT(in->hours[i].weekday),
			SP_STR(in->hours[i].opens), SP_STR(in->hours[i].closes) };
		rc = st_exec(tx, Q_POINT_HOURS_ADD, q, 4, NULL, NULL, NULL);
	}
	return rc;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

/* A region or organisation reference that does not exist: the insert's foreign key fails,
 * but a code already used fails the same way, so the code is looked up first. */
static enum st_rc
code_taken(struct st_tx *tx, const char *code, int64_t except, bool *taken)
{
	int64_t other = 0;
	struct st_param p[] = { SP_STR(code) };
	enum st_rc rc = st_exec(tx, Q_POINT_BY_CODE, p, 1, id_row, &other, NULL);
	*taken = other != 0 && other != except;
	return rc;
}

static enum st_rc
point_write(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    int64_t version, const struct point_in *in, json_t **out, struct dom_err *err)
{
	*out = NULL;
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	const char *field = NULL;
	enum err_id e = point_check(in, &field);
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	bool taken;
	enum st_rc rc = code_taken(tx, in->code, id, &taken);
	if (rc != ST_OK)
		return rc;
	if (taken)
		return dom_refuse(err, E_CONFLICT, "code", NULL);
	json_t *before = NULL;
	if (id) {
		if ((rc = point_full(tx, id, LANG_EN, &before)) != ST_OK)
			return rc;
		json_object_del(before, "outreach");
		json_object_del(before, "closures");
		if (version && json_integer_value(json_object_get(before, "version")) != version) {
			json_decref(before);
			return dom_refuse(err, E_VERSION, "version", NULL);
		}
	}
	int64_t now = time_now_us();
	struct st_param p[] = { SP_STR(in->code), SP_STR(point_kinds[in->kind]), SP_STR(in->name_en),
		SP_STR(in->name_fr), SP_OPTINT(in->org_id > 0, in->org_id), SP_INT(in->region_id),
		SP_STR(in->address), SP_STR(in->municipality), SP_STR(in->postal_code),
		coord_param(a, in->has_coords, in->lat), coord_param(a, in->has_coords, in->lon),
		SP_STR(in->phone), SP_STR(in->email), SP_OPTINT(in->has_capacity, in->capacity),
		SP_STR(access_json(a, in)), SP_INT(in->active ? 1 : 0), SP_INT(now) };
	if (id == 0) {
		rc = st_exec(tx, Q_POINT_INSERT, p, 17, id_row, &id, NULL);
	} else {
		struct st_param u[19] = { SP_INT(id) };
		for (int i = 0; i < 16; i++)
			u[i + 1] = p[i];
		u[17] = SP_INT(now);
		u[18] = SP_INT(json_integer_value(json_object_get(before, "version")));
		int64_t changed = 0;
		rc = st_exec(tx, Q_POINT_UPDATE, u, 19, NULL, NULL, &changed);
		if (rc == ST_OK && changed == 0)
			rc = dom_refuse(err, E_VERSION, "version", NULL);
	}
	if (rc == ST_CONFLICT && err->e == E_NONE)
		rc = dom_refuse(err, E_REFERENCE, in->org_id > 0 ? "org_id" : "region_id", NULL);
	if (rc == ST_OK)
		rc = children_write(tx, id, in);
	json_t *after = NULL;
	if (rc == ST_OK)
		rc = point_full(tx, id, LANG_EN, &after);
	if (rc != ST_OK) {
		json_decref(before);
		json_decref(after);
		return rc;
	}
	json_object_del(after, "outreach");
	json_object_del(after, "closures");
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(before, json_deep_copy(after)));
	struct audit_event ev = { "point", id, 0, before ? "point.updated" : "point.created", NULL,
		NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	json_decref(after);
	if (rc == ST_OK)
		rc = point_full(tx, id, LANG_EN, out);
	points_changed();
	return rc;
}

enum st_rc
point_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct point_in *in, json_t **out, struct dom_err *err)
{
	return point_write(tx, a, who, 0, 0, in, out, err);
}

enum st_rc
point_update(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    int64_t version, const struct point_in *in, json_t **out, struct dom_err *err)
{
	if (id <= 0)
		return ST_NOTFOUND;
	return point_write(tx, a, who, id, version, in, out, err);
}

enum st_rc
point_closure_set(struct st_tx *tx, const struct principal *who, int64_t id, int32_t date,
    const char *reason_en, const char *reason_fr, struct dom_err *err)
{
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	json_t *row;
	enum st_rc rc = point_row_get(tx, id, &row);
	if (rc != ST_OK)
		return rc;
	json_decref(row);
	char iso[11];
	date_format(date, iso);
	if (reason_en) {
		enum err_id e;
		if ((e = text_check(reason_en, 1, 200)) != E_NONE)
			return dom_refuse(err, e, "reason_en", NULL);
		if (reason_fr == NULL)
			return dom_refuse(err, E_FIELD_REQUIRED, "reason_fr", NULL);
		if ((e = text_check(reason_fr, 1, 200)) != E_NONE)
			return dom_refuse(err, e, "reason_fr", NULL);
		struct st_param p[] = { SP_INT(id), SP_STR(iso), SP_STR(reason_en), SP_STR(reason_fr) };
		rc = st_exec(tx, Q_POINT_CLOSURE_PUT, p, 4, NULL, NULL, NULL);
	} else {
		struct st_param p[] = { SP_INT(id), SP_STR(iso) };
		rc = st_exec(tx, Q_POINT_CLOSURE_DELETE, p, 2, NULL, NULL, NULL);
	}
	if (rc != ST_OK)
		return rc;
	struct st_param t[] = { SP_INT(id), SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_POINT_TOUCH, t, 2, NULL, NULL, NULL)) != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:s,s:s?,s:s?}", "date", iso, "reason_en", reason_en,
	    "reason_fr", reason_fr);
	struct audit_event ev = { "point", id, 0, reason_en ? "point.closure_set" :
		"point.closure_removed", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	points_changed();
	return rc;
}

/* ---- CSV import ---- */

enum { C_CODE, C_KIND, C_NAME_EN, C_NAME_FR, C_REGION, C_ADDRESS, C_MUNI, C_POSTAL, C_LAT, C_LON,
	C_PHONE, C_EMAIL, C_CAPACITY, C_SERVICES, C_LANGS, C_ACCESS, C_HOURS, C__N };

static const struct csvio_column csv_cols[C__N] = {
	{ "code", 1, 2, 40 }, { "kind", 1, 1, 40 }, { "name_en", 1, 1, 200 },
	{ "name_fr", 1, 1, 200 }, { "region_code", 1, 1, 40 }, { "address", 0, 1, 200 },
	{ "municipality", 0, 1, 100 }, { "postal_code", 0, 6, 7 }, { "lat", 0, 1, 20 },
	{ "lon", 0, 1, 20 }, { "phone", 0, 7, 30 }, { "email", 0, 3, 254 },
	{ "capacity_per_week", 0, 1, 7 }, { "services", 0, 1, 300 }, { "languages", 0, 1, 100 },
	{ "accessibility", 0, 1, 300 }, { "hours", 0, 1, 400 },
};

/* "a; b;c" into up to max trimmed items (arena). -1 when too many or one is empty. */
static int
split_list(struct arena *a, const char *s, char sep, const char **out, size_t max, size_t *n)
{
	*n = 0;
	if (s == NULL)
		return 0;
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *item = text_trim(a, arena_strndup(a, p, len));
		if (*item == '\0' || *n >= max)
			return -1;
		out[(*n)++] = item;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/* "1-5 09:00-17:00; 6 10:00-14:00": days (a day or a range, 0 = Sunday), a period. */
static int
hours_parse(struct arena *a, const char *s, struct point_in *in)
{
	const char *parts[POINT_MAX_HOURS];
	size_t n;
	in->nhours = 0;
	if (split_list(a, s, ';', parts, POINT_MAX_HOURS, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int d0, d1, used = 0;
		char o[6], c[6];
		const char *p = parts[i];
		if (sscanf(p, "%d-%d %5[0-9:]-%5[0-9:]%n", &d0, &d1, o, c, &used) == 4 &&
		    (size_t)used == strlen(p)) {
		} else if (used = 0, sscanf(p, "%d %5[0-9:]-%5[0-9:]%n", &d0, o, c, &used) == 3 &&
		    (size_t)used == strlen(p)) {
			d1 = d0;
		} else {
			return -1;
		}
		if (d0 < 0 || d1 > 6 || d0 > d1)
			return -1;
		for (int d = d0; d <= d1; d++) {
			if (in->nhours >= POINT_MAX_HOURS)
				return -1;
			in->hours[in->nhours++] = (struct point_hours_in){ d, arena_strdup(a, o),
				arena_strdup(a, c) };
		}
	}
	return 0;
}

static int
coord_parse(const char *s, double *out)
{
	char *end;
	if (s == NULL || *s == '\0')
		return -1;
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out) ? 0 : -1;
}

static const char *
canonical(struct arena *a, const char *s, int postal)
{
	char buf[12];
	if (s == NULL)
		return NULL;
	if (postal)
		return postal_code_parse(s, buf) ? arena_strdup(a, buf) : s;
	return phone_parse(s, buf) ? arena_strdup(a, buf) : s;
}

struct csv_parse_ctx {
	struct point_csv *rows;
};

static void
csv_row(void *ctx, int64_t line, const char *const *c, struct arena *cell_arena,
    struct csv_report *rep)
{
	(void)cell_arena;
	struct point_csv *rows = ((struct csv_parse_ctx *)ctx)->rows;
	struct arena *a = &rows->arena;
	struct point_csv_row r;
	memset(&r, 0, sizeof(r));
	r.line = line;
	struct point_in *in = &r.in;
	int bad = 0;
#define BAD(col, e) do { csvio_report_add(rep, line, csv_cols[col].name, (e)); bad = 1; } while (0)
	in->code = arena_strdup(a, c[C_CODE]);
	in->kind = list_index(point_kinds, c[C_KIND]);
	if (in->kind < 0)
		BAD(C_KIND, E_FIELD_ENUM);
	in->name_en = arena_strdup(a, c[C_NAME_EN]);
	in->name_fr = arena_strdup(a, c[C_NAME_FR]);
	r.region_code = arena_strdup(a, c[C_REGION]);
	in->region_id = 1;          /* resolved by point_csv_apply */
	in->address = c[C_ADDRESS] ? arena_strdup(a, c[C_ADDRESS]) : NULL;
	in->municipality = c[C_MUNI] ? arena_strdup(a, c[C_MUNI]) : NULL;
	in->postal_code = canonical(a, c[C_POSTAL], 1);
	in->phone = canonical(a, c[C_PHONE], 0);
	in->email = c[C_EMAIL] ? arena_strdup(a, c[C_EMAIL]) : NULL;
	if (c[C_LAT] || c[C_LON]) {
		in->has_coords = 1;
		if (coord_parse(c[C_LAT], &in->lat) != 0)
			BAD(C_LAT, c[C_LAT] ? E_FIELD_TYPE : E_FIELD_REQUIRED);
		if (coord_parse(c[C_LON], &in->lon) != 0)
			BAD(C_LON, c[C_LON] ? E_FIELD_TYPE : E_FIELD_REQUIRED);
	}
	if (c[C_CAPACITY]) {
		in->has_capacity = 1;
		if (parse_i64(c[C_CAPACITY], 0, 100000, &in->capacity) != 0)
			BAD(C_CAPACITY, E_FIELD_RANGE);
	}
	if (split_list(a, c[C_SERVICES], ';', in->services, POINT_MAX_LIST, &in->nservices) != 0)
		BAD(C_SERVICES, E_FIELD_FORMAT);
	if (split_list(a, c[C_LANGS], ';', in->langs, POINT_MAX_LIST, &in->nlangs) != 0)
		BAD(C_LANGS, E_FIELD_FORMAT);
	if (split_list(a, c[C_ACCESS], ';', in->access, POINT_MAX_LIST, &in->naccess) != 0)
		BAD(C_ACCESS, E_FIELD_FORMAT);
	if (c[C_HOURS] && hours_parse(a, c[C_HOURS], in) != 0)
		BAD(C_HOURS, E_FIELD_FORMAT);
	in->active = 1;
	if (!bad) {
		/* The one check every writer goes through (API, import, seed). */
		const char *field = NULL;
		enum err_id e = point_check(in, &field);
		if (e != E_NONE) {
			csvio_report_add(rep, line, strcmp(field, "region_id") == 0 ? "region_code" : field, e);
			bad = 1;
		}
	}
#undef BAD
	if (bad)
		return;
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xreallocarray(rows->v, rows->cap, sizeof(*rows->v));
	}
	rows->v[rows->n++] = r;
}

int
point_csv_parse(const char *data, size_t len, struct point_csv *out, struct csv_report *rep)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	struct arena cells;
	arena_init(&cells);
	struct csv_parse_ctx ctx = { out };
	struct csvio_table t = { csv_cols, C__N, csv_row, &ctx };
	int rc = csvio_parse_table(&t, data, len, &cells, rep);
	arena_free(&cells);
	return rc;
}

void
point_csv_free(struct point_csv *rows)
{
	free(rows->v);
	arena_free(&rows->arena);
	memset(rows, 0, sizeof(*rows));
}

enum st_rc
point_csv_apply(struct st_tx *tx, const struct principal *who, const struct point_csv *rows,
    int dry_run, struct csv_report *rep)
{
	rep->created = 0;
	rep->dry_run_ok = 0;
	rep->dry_run = dry_run;
	if (!may_change(who)) {
		csvio_report_add(rep, 0, NULL, E_FORBIDDEN);
		return ST_CONFLICT;
	}
	int64_t failed = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const struct point_csv_row *r = &rows->v[i];
		struct arena a;
		arena_init(&a);
		struct point_in in = r->in;
		int64_t region = 0, existing = 0;
		struct st_param p[] = { SP_STR(r->region_code) };
		enum st_rc rc = st_exec(tx, Q_REGION_BY_CODE, p, 1, id_row, &region, NULL);
		if (rc == ST_OK && region == 0) {
			csvio_report_add(rep, r->line, "region_code", E_REFERENCE);
			failed++;
			arena_free(&a);
			continue;
		}
		struct st_param q[] = { SP_STR(in.code) };
		if (rc == ST_OK)
			rc = st_exec(tx, Q_POINT_BY_CODE, q, 1, id_row, &existing, NULL);
		if (rc != ST_OK) {
			arena_free(&a);
			return rc;
		}
		in.region_id = region;
		json_t *out = NULL;
		struct dom_err err = { 0 };
		rc = point_write(tx, &a, who, existing, 0, &in, &out, &err);
		json_decref(out);
		json_decref(err.extra);
		arena_free(&a);
		if (rc == ST_CONFLICT) {
			csvio_report_add(rep, r->line, err.field, err.e != E_NONE ? err.e : E_CONFLICT);
			failed++;
			continue;
		}
		if (rc != ST_OK)
			return rc;
		rep->created++;
	}
	if (failed)
		return ST_CONFLICT;
	if (dry_run) {
		rep->dry_run_ok = 1;
		return ST_CONFLICT;
	}
	json_t *payload = json_pack("{s:s,s:I}", "kind", "points", "rows", (json_int_t)rows->n);
	struct audit_event ev = { "import", 0, 0, "import.completed", NULL, NULL, payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}
