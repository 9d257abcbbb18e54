/* Points of service: the public list (JSON pages, CSV, GeoJSON), one point with its next
 * outreach visits, creation and replacement (administrators, managers), CSV import with a
 * dry run, and the ICS feeds of a point's or a region's outreach visits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/csvio.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "html/html.h"
#include "json/jspec.h"
#include "text/validate.h"

#define GEOJSON_MAX 10000
#define NEXT_VISITS 5

/* ---- list ---- */

struct list_ctx {
	struct api_op op;
	struct api_page pg;
	struct point_filter f;
	int64_t next;
	int geojson;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct list_ctx *c = v;
	api_op_reset(&c->op);
	return point_list(tx, c->op.a, &c->f, &c->op.out, &c->next);
}

static int
lang_param_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

int
h_points_list(struct req *r)
{
	struct list_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	const char *format = req_query(r, "format");
	c->geojson = format && strcmp(format, "geojson") == 0;
	if (c->geojson) {
		/* The filtered network in one collection of up to GEOJSON_MAX points (or limit); when
		 * more exist, the collection says where the rest is — never a silent cut. */
		int64_t limit = GEOJSON_MAX;
		if (api_query_i64(r, "limit", 1, GEOJSON_MAX, &limit) != 0 || api_cursor_param(r, &c->pg) != 0)
			return 0;
		c->f.limit = (int)limit;
		c->f.after = c->pg.after;
	} else {
		if (api_page(r, &c->pg) != 0)
			return 0;
		c->f.limit = c->pg.limit;
		c->f.after = c->pg.after;
	}
	if (api_query_enum(r, "kind", point_kinds, &c->f.kind) != 0 ||
	    api_query_enum(r, "service", point_service_names, &c->f.service) != 0 ||
	    api_query_i64(r, "region", 1, INT64_MAX, &c->f.region_id) != 0)
		return 0;
	/* lang also picks the reply's language (en, fr); here it filters the points that
	 * serve in it, any code ("oj", "cr"...). */
	const char *lang = req_query(r, "lang");
	if (lang) {
		if (!lang_param_valid(lang)) {
			reply_error(r, E_QUERY_PARAM, "lang", NULL);
			return 0;
		}
		c->f.lang = lang;
	}
	if (!c->geojson) {
		static const char *const cols[] = { "id", "code", "kind", "name_en", "name_fr",
			"region_id", "address", "municipality", "postal_code", "lat", "lon", "phone", "email",
			"capacity_per_week", NULL };
		return api_read_page(r, list_tx, &c->op, &c->next, cols);
	}
	enum st_rc rc = st_read(r->store, list_tx, c);
	if (rc != ST_OK) {
		api_op_reply(r, &c->op, rc);
		return 0;
	}
	json_t *features = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(c->op.out, i, it)
		json_array_append_new(features, point_geojson_feature(it));
	json_decref(c->op.out);
	c->op.out = NULL;
	reply_header(r, "Content-Disposition", "inline; filename=\"points.geojson\"");
	json_t *fc = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", features);
	if (c->next) {
		/* The next collection: the same query with a cursor (a GeoJSON foreign member, and a
		 * Link header for clients that follow those). */
		struct buf q = { 0 };
		buf_printf(&q, "/api/v1/points?format=geojson&cursor=%s", api_cursor(r, c->next, 0));
		static const char *const keep[] = { "kind", "service", "region", "lang", "limit", NULL };
		for (int k = 0; keep[k]; k++) {
			const char *v = req_query(r, keep[k]);
			if (v)
				buf_printf(&q, "&%s=%s", keep[k], url_encode(&r->arena, v));
		}
		json_object_set_new(fc, "next", json_string(q.p));
		reply_header(r, "Link", arena_printf(&r->arena, "<%s>; rel=\"next\"", q.p));
		buf_free(&q);
	}
	char *text = json_dumps(fc, JSON_COMPACT);
	json_decref(fc);
	reply_raw(r, 200, "application/geo+json", text, strlen(text));
	free(text);
	return 0;
}

/* ---- one point ---- */

struct get_ctx {
	struct api_op op;
	int64_t id;
};

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct get_ctx *c = v;
	api_op_reset(&c->op);
	enum st_rc rc = point_get_json(tx, c->op.a, c->id, c->op.lang, &c->op.out);
	if (rc != ST_OK)
		return rc;
	int64_t now = time_now_us();
	const char *text;
	bool open;
	rc = point_hours_on(tx, c->op.a, c->id, date_of_us_local(now), c->op.lang, now, &text, &open);
	if (rc != ST_OK)
		return rc;
	json_object_set_new(c->op.out, "hours_today", json_string(text));
	json_object_set_new(c->op.out, "open_now", json_boolean(open));
	struct outreach_visit vis[NEXT_VISITS];
	int n = 0;
	if ((rc = outreach_next_visits(tx, c->id, now, vis, NEXT_VISITS, &n)) != ST_OK)
		return rc;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char s[32], e[32];
		time_format_us(vis[i].start_us, s);
		time_format_us(vis[i].end_us, e);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:b}", "schedule_id",
		    (json_int_t)vis[i].schedule_id, "start", s, "end", e, "moved", vis[i].moved));
	}
	json_object_set_new(c->op.out, "next_visits", arr);
	return ST_OK;
}

int
h_point_get(struct req *r)
{
	struct get_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, get_tx, &c->op);
}

/* ---- create, replace ---- */

struct point_body {
	const char *code;
	int kind;
	const char *name_en, *name_fr;
	int64_t org_id;
	int has_org;
	int64_t region_id;
	const char *address, *municipality, *postal_code, *phone, *email;
	json_t *lat, *lon;
	int64_t capacity;
	int has_capacity;
	json_t *services, *languages, *accessibility, *hours;
	int active;
	int64_t version;
	int has_version;
};

/* JSON lists of strings into in's arrays. */
static enum err_id
str_list(json_t *arr, const char **out, size_t *n)
{
	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return E_NONE;
	if (!json_is_array(arr))
		return E_FIELD_TYPE;
	if (json_array_size(arr) > POINT_MAX_LIST)
		return E_FIELD_TOO_LONG;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return E_FIELD_TYPE;
		out[(*n)++] = json_string_value(v);
	}
	return E_NONE;
}

static enum err_id
hours_list(json_t *arr, struct point_in *in)
{
	in->nhours = 0;
	if (arr == NULL || json_is_null(arr))
		return E_NONE;
	if (!json_is_array(arr))
		return E_FIELD_TYPE;
	if (json_array_size(arr) > POINT_MAX_HOURS)
		return E_FIELD_TOO_LONG;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *wd = json_object_get(v, "weekday"), *o = json_object_get(v, "opens"),
		    *c = json_object_get(v, "closes");
		if (!json_is_object(v) || json_object_size(v) != 3 || !json_is_integer(wd) ||
		    !json_is_string(o) || !json_is_string(c))
			return E_FIELD_TYPE;
		in->hours[in->nhours++] = (struct point_hours_in){ (int)json_integer_value(wd),
			json_string_value(o), json_string_value(c) };
	}
	return E_NONE;
}

static enum err_id
coord(json_t *v, int *has, double *out)
{
	if (v == NULL || json_is_null(v))
		return E_NONE;
	if (!json_is_number(v))
		return E_FIELD_TYPE;
	*has = 1;
	*out = json_number_value(v);
	return E_NONE;
}

/* The body as a point_in (values converted; point_check does the checking). E_NONE or the
 * error with *field. */
static enum err_id
body_to_in(struct arena *a, const struct point_body *b, struct point_in *in, const char **field)
{
	enum err_id e;
	memset(in, 0, sizeof(*in));
	in->code = b->code;
	in->kind = b->kind;
	in->name_en = b->name_en;
	in->name_fr = b->name_fr;
	in->org_id = b->has_org ? b->org_id : 0;
	in->region_id = b->region_id;
	in->address = b->address;
	in->municipality = b->municipality;
	char pc[8], ph[11];
	in->postal_code = b->postal_code && postal_code_parse(b->postal_code, pc) ?
	    arena_strdup(a, pc) : b->postal_code;
	in->phone = b->phone && phone_parse(b->phone, ph) ? arena_strdup(a, ph) : b->phone;
	in->email = b->email;
	int has_lat = 0, has_lon = 0;
	double lon = 0;
	if ((e = coord(b->lat, &has_lat, &in->lat)) != E_NONE) {
		*field = "lat";
		return e;
	}
	if ((e = coord(b->lon, &has_lon, &lon)) != E_NONE) {
		*field = "lon";
		return e;
	}
	if (has_lat != has_lon) {
		*field = has_lat ? "lon" : "lat";
		return E_FIELD_REQUIRED;
	}
	in->has_coords = has_lat;
	in->lon = lon;
	in->has_capacity = b->has_capacity;
	in->capacity = b->capacity;
	if ((e = str_list(b->services, in->services, &in->nservices)) != E_NONE) {
		*field = "services";
		return e;
	}
	if ((e = str_list(b->languages, in->langs, &in->nlangs)) != E_NONE) {
		*field = "languages";
		return e;
	}
	if ((e = str_list(b->accessibility, in->access, &in->naccess)) != E_NONE) {
		*field = "accessibility";
		return e;
	}
	if ((e = hours_list(b->hours, in)) != E_NONE) {
		*field = "hours";
		return e;
	}
	in->active = b->active;
	return point_check(in, field);
}

struct write_ctx {
	struct api_op op;
	int64_t id, version;
	struct point_in in;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct write_ctx *c = v;
	api_op_reset(&c->op);
	return point_create(tx, c->op.a, c->op.who, &c->in, &c->op.out, &c->op.err);
}

static enum st_rc
update_tx(struct st_tx *tx, void *v)
{
	struct write_ctx *c = v;
	api_op_reset(&c->op);
	return point_update(tx, c->op.a, c->op.who, c->id, c->version, &c->in, &c->op.out,
	    &c->op.err);
}

/* After the commit: the locator rebuilds from committed data. */
static void
write_reply(struct req *r, void *ctx, enum st_rc rc)
{
	if (rc == ST_OK)
		points_changed();
	api_op_reply(r, ctx, rc);
}

static int
point_write(struct req *r, const struct point_body *b, int64_t id, unsigned status)
{
	struct write_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, status);
	c->id = id;
	c->version = b->has_version ? b->version : 0;
	const char *field = NULL;
	enum err_id e = body_to_in(&r->arena, b, &c->in, &field);
	if (e != E_NONE) {
		reply_error(r, e, field, NULL);
		return 0;
	}
	return req_write(r, id ? update_tx : create_tx, c, write_reply);
}

int
h_point_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("code", struct point_body, code, 2, 40, JF_REQUIRED),
		JF_ENUM("kind", struct point_body, kind, point_kinds, JF_REQUIRED),
		JF_STR("name_en", struct point_body, name_en, 1, 200, JF_REQUIRED),
		JF_STR("name_fr", struct point_body, name_fr, 1, 200, JF_REQUIRED),
		JF_INTH("org_id", struct point_body, org_id, has_org, 1, INT64_MAX, JF_NULLABLE),
		JF_INT("region_id", struct point_body, region_id, 1, INT64_MAX, JF_REQUIRED),
		JF_STR("address", struct point_body, address, 1, 200, JF_NULLABLE),
		JF_STR("municipality", struct point_body, municipality, 1, 100, JF_NULLABLE),
		JF_STRC("postal_code", struct point_body, postal_code, 6, 7, JF_NULLABLE, check_postal),
		JF_STRC("phone", struct point_body, phone, 7, 30, JF_NULLABLE, check_phone),
		JF_STRC("email", struct point_body, email, 3, 254, JF_NULLABLE, check_email),
		JF_JSON("lat", struct point_body, lat, JF_NULLABLE),
		JF_JSON("lon", struct point_body, lon, JF_NULLABLE),
		JF_INTH("capacity_per_week", struct point_body, capacity, has_capacity, 0, 100000,
		    JF_NULLABLE),
		JF_JSON("services", struct point_body, services, 0),
		JF_JSON("languages", struct point_body, languages, 0),
		JF_JSON("accessibility", struct point_body, accessibility, 0),
		JF_JSON("hours", struct point_body, hours, 0),
		JF_BOOL("active", struct point_body, active, 0),
		JF_END
	};
	struct point_body b = { .active = 1 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	return point_write(r, &b, 0, 201);
}

int
h_point_update(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("code", struct point_body, code, 2, 40, JF_REQUIRED),
		JF_ENUM("kind", struct point_body, kind, point_kinds, JF_REQUIRED),
		JF_STR("name_en", struct point_body, name_en, 1, 200, JF_REQUIRED),
		JF_STR("name_fr", struct point_body, name_fr, 1, 200, JF_REQUIRED),
		JF_INTH("org_id", struct point_body, org_id, has_org, 1, INT64_MAX, JF_NULLABLE),
		JF_INT("region_id", struct point_body, region_id, 1, INT64_MAX, JF_REQUIRED),
		JF_STR("address", struct point_body, address, 1, 200, JF_NULLABLE),
		JF_STR("municipality", struct point_body, municipality, 1, 100, JF_NULLABLE),
		JF_STRC("postal_code", struct point_body, postal_code, 6, 7, JF_NULLABLE, check_postal),
		JF_STRC("phone", struct point_body, phone, 7, 30, JF_NULLABLE, check_phone),
		JF_STRC("email", struct point_body, email, 3, 254, JF_NULLABLE, check_email),
		JF_JSON("lat", struct point_body, lat, JF_NULLABLE),
		JF_JSON("lon", struct point_body, lon, JF_NULLABLE),
		JF_INTH("capacity_per_week", struct point_body, capacity, has_capacity, 0, 100000,
		    JF_NULLABLE),
		JF_JSON("services", struct point_body, services, 0),
		JF_JSON("languages", struct point_body, languages, 0),
		JF_JSON("accessibility", struct point_body, accessibility, 0),
		JF_JSON("hours", struct point_body, hours, 0),
		JF_BOOL("active", struct point_body, active, 0),
		JF_INTH("version", struct point_body, version, has_version, 1, INT64_MAX, 0),
		JF_END
	};
	int64_t id;
	if (api_arg_id(r, 0, &id) != 0)
		return 0;
	struct point_body b = { .active = 1 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	return point_write(r, &b, id, 200);
}

/* ---- CSV import ---- */

struct import_ctx {
	struct api_op op;
	int dry_run;
	struct point_csv rows;
	struct csv_report rep;
};

static void
import_free(void *v)
{
	struct import_ctx *c = v;
	point_csv_free(&c->rows);
	csvio_report_free(&c->rep);
}

static enum st_rc
import_tx(struct st_tx *tx, void *v)
{
	struct import_ctx *c = v;
	/* A re-run starts the apply part of the report again. */
	c->rep.error_count = 0;
	c->rep.nerrors = 0;
	return point_csv_apply(tx, c->op.who, &c->rows, c->dry_run, &c->rep);
}

static void
import_invalid(struct req *r, const struct csv_report *rep)
{
	json_t *extra = json_object();
	json_object_set_new(extra, "report", csvio_report_json(rep, r->lang));
	reply_error(r, E_IMPORT_INVALID, NULL, extra);
}

static void
import_reply(struct req *r, void *v, enum st_rc rc)
{
	struct import_ctx *c = v;
	if (rc == ST_OK) {
		points_changed();
		reply_json(r, 201, csvio_report_json(&c->rep, r->lang));
	} else if (rc == ST_CONFLICT && c->rep.dry_run_ok) {
		reply_json(r, 200, csvio_report_json(&c->rep, r->lang));
	} else if (rc == ST_CONFLICT && c->rep.error_count > 0) {
		import_invalid(r, &c->rep);
	} else {
		api_reply_failure(r, rc, NULL);
	}
}

int
h_points_import(struct req *r)
{
	struct import_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 201);
	if (!http_content_type_is(req_header(r, "Content-Type"), "text/csv")) {
		reply_error(r, E_CONTENT_TYPE, NULL, NULL);
		return 0;
	}
	const char *dry = req_query(r, "dry_run");
	if (dry != NULL) {
		if (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0) {
			c->dry_run = 1;
		} else if (strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0) {
			reply_error(r, E_QUERY_PARAM, "dry_run", NULL);
			return 0;
		}
	}
	int rc = point_csv_parse(r->body ? r->body : "", r->body ? r->body_len : 0, &c->rows,
	    &c->rep);
	arena_defer(&r->arena, import_free, c);
	c->rep.dry_run = c->dry_run;
	log_info("import points: %lld rows, %lld errors%s", (long long)c->rep.rows,
	    (long long)c->rep.error_count, c->dry_run ? " (dry run)" : "");
	if (rc != 0) {
		import_invalid(r, &c->rep);
		return 0;
	}
	return req_write(r, import_tx, c, import_reply);
}

/* ---- ICS feeds ---- */

struct ics_ctx {
	struct api_op op;
	int64_t id;
	int region;
	struct buf out;
};

static enum st_rc
ics_tx(struct st_tx *tx, void *v)
{
	struct ics_ctx *c = v;
	buf_reset(&c->out);
	int64_t now = time_now_us();
	return c->region ? outreach_ics_region(tx, c->id, c->op.lang, now, &c->out) :
	    outreach_ics_point(tx, c->id, c->op.lang, now, &c->out);
}

static void
ics_free(void *v)
{
	buf_free(&((struct ics_ctx *)v)->out);
}

static int
ics_reply(struct req *r, int region)
{
	struct ics_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	c->region = region;
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	arena_defer(&r->arena, ics_free, c);
	enum st_rc rc = st_read(r->store, ics_tx, c);
	if (rc != ST_OK) {
		api_reply_failure(r, rc, NULL);
		return 0;
	}
	char fn[96];
	snprintf(fn, sizeof(fn), "inline; filename=\"%s-%lld.ics\"", region ? "region" : "point",
	    (long long)c->id);
	reply_header(r, "Content-Disposition", arena_strdup(&r->arena, fn));
	reply_raw(r, 200, "text/calendar; charset=utf-8", c->out.p ? c->out.p : "", c->out.n);
	return 0;
}

int
h_point_calendar(struct req *r)
{
	return ics_reply(r, 0);
}

int
h_region_calendar(struct req *r)
{
	return ics_reply(r, 1);
}
