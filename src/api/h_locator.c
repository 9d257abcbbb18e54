/* The service locator and the directory of supports from other governments (public):
 *   GET /api/v1/locator?lat=&lon= | municipality= | postal_code= [&service=&language=&limit=]
 *   (language: the language the points serve in; lang stays the reply's language)
 *   GET /api/v1/supports?q=&region=
 * The query is checked like a jspec body: unknown parameters, a missing or double place, bad
 * numbers and codes are 400 problems naming the parameter, with a detail in the caller's
 * language. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/locator.h"
#include "domain/supports.h"
#include "i18n/msg.h"
#include "text/text.h"

/* The problem e for parameter name, with a detail message. Returns 0 (the handler's
 * return value). */
static int
bad_param(struct req *r, enum err_id e, const char *name, int detail)
{
	reply_error(r, e, name, json_pack("{s:s}", "detail", msg_get(r->lang, detail)));
	return 0;
}

/* Every parameter of the raw query is one of allowed (names compared as sent: an encoded
 * name is not a known one). */
static int
check_names(struct req *r, const char *const *allowed)
{
	const char *q = req_raw_query(r);
	for (const char *s = q; s != NULL && *s != '\0';) {
		size_t len = strcspn(s, "&");
		size_t nl = strcspn(s, "=&");
		int known = nl == 0 && len == 0;
		for (const char *const *a = allowed; !known && *a != NULL; a++)
			known = strlen(*a) == nl && strncmp(*a, s, nl) == 0;
		if (!known) {
			const char *name = arena_strndup(&r->arena, s, nl);
			if (!text_utf8_valid(name, nl))
				name = "?";
			bad_param(r, E_FIELD_UNKNOWN, name, MSG_LOCATOR_API_UNKNOWN_PARAM);
			return -1;
		}
		s += len;
		if (*s == '&')
			s++;
	}
	return 0;
}

/* A finite decimal number in [lo, hi]; -1 otherwise. */
static int
parse_degrees(const char *s, double lo, double hi, double *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 32)
		return -1;
	for (const char *c = s; *c; c++)
		if (!strchr("0123456789+-.eE", *c))
			return -1;
	char *end;
	double v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
lang_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

struct locator_ctx {
	struct api_op op;
	struct locator_query q;
	enum locator_fail fail;
};

static enum st_rc
locate_tx(struct st_tx *tx, void *v)
{
	struct locator_ctx *c = v;
	api_op_reset(&c->op);
	c->fail = LOC_OK;
	return locator_find(tx, c->op.a, &c->q, c->op.lang, time_now_us(), &c->op.out, &c->fail);
}

static void
locate_reply(struct req *r, void *v, enum st_rc rc)
{
	struct locator_ctx *c = v;
	if (rc == ST_OK && c->fail != LOC_OK) {
		if (c->fail == LOC_PLACE_UNKNOWN)
			bad_param(r, E_PLACE_UNKNOWN, "municipality", MSG_LOCATOR_API_PLACE_UNKNOWN);
		else if (c->fail == LOC_POSTAL_UNPLACED)
			bad_param(r, E_POSTAL_UNPLACED, "postal_code", MSG_LOCATOR_API_POSTAL_UNPLACED);
		else
			reply_error(r, E_FIELD_POSTAL, "postal_code", NULL);
		return;
	}
	api_op_reply(r, v, rc);
}

int
h_locator(struct req *r)
{
	/* lang is the reply's language, as everywhere in the API; language filters the points */
	static const char *const names[] = { "lat", "lon", "municipality", "postal_code",
		"service", "language", "limit", "lang", NULL };
	if (check_names(r, names) != 0)
		return 0;
	struct locator_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	const char *lat = req_query(r, "lat"), *lon = req_query(r, "lon");
	const char *muni = req_query(r, "municipality"), *pc = req_query(r, "postal_code");
	int places = (lat != NULL || lon != NULL) + (muni != NULL) + (pc != NULL);
	if (places != 1)
		return bad_param(r, E_QUERY_PARAM, lat || lon ? "lat" : muni ? "municipality" :
		    "postal_code", MSG_LOCATOR_API_ONE_PLACE);
	if (lat != NULL || lon != NULL) {
		c->q.from = LOC_FROM_COORDS;
		if (parse_degrees(lat, -90.0, 90.0, &c->q.lat) != 0)
			return bad_param(r, E_QUERY_PARAM, "lat", MSG_LOCATOR_API_LAT);
		if (parse_degrees(lon, -180.0, 180.0, &c->q.lon) != 0)
			return bad_param(r, E_QUERY_PARAM, "lon", MSG_LOCATOR_API_LON);
	} else if (muni != NULL) {
		size_t n = strlen(muni);
		if (n == 0 || n > 100 || text_utf8_len(muni, n) > 100)
			return bad_param(r, E_QUERY_PARAM, "municipality", MSG_LOCATOR_API_MUNICIPALITY);
		c->q.from = LOC_FROM_MUNICIPALITY;
		c->q.place = muni;
	} else {
		char norm[8];
		if (locator_postal_normalise(pc, norm) != 0) {
			reply_error(r, E_FIELD_POSTAL, "postal_code", NULL);
			return 0;
		}
		c->q.from = LOC_FROM_POSTAL;
		c->q.place = arena_strdup(&r->arena, norm);
	}
	if (api_query_enum(r, "service", point_service_names, &c->q.service) != 0)
		return 0;
	c->q.lang = req_query(r, "language");
	if (c->q.lang != NULL && !lang_code_ok(c->q.lang))
		return bad_param(r, E_QUERY_PARAM, "language", MSG_LOCATOR_API_LANG);
	int64_t limit = LOCATOR_DEFAULT_LIMIT;
	if (api_query_i64(r, "limit", 1, LOCATOR_MAX_LIMIT, &limit) != 0)
		return 0;
	c->q.limit = (int)limit;
	enum st_rc rc = st_read(r->store, locate_tx, c);
	locate_reply(r, c, rc);
	return 0;
}

struct supports_ctx {
	struct api_op op;
	const char *region;
	const char *codes[2];
	size_t ncodes;
	int known;
};

static int
region_row(void *ctx, const struct st_row *row)
{
	struct supports_ctx *c = ctx;
	c->known = 1;
	if (!st_isnull(row, 1))
		c->codes[c->ncodes++] = arena_strdup(c->op.a, st_text(row, 1));
	return 1;
}

static enum st_rc
region_tx(struct st_tx *tx, void *v)
{
	struct supports_ctx *c = v;
	c->known = 0;
	c->ncodes = 1;
	struct st_param p[] = { SP_STR(c->region) };
	return st_exec(tx, Q_LOC_REGION_BY_CODE, p, 1, region_row, c, NULL);
}

int
h_supports(struct req *r)
{
	static const char *const names[] = { "q", "region", "lang", NULL };
	if (check_names(r, names) != 0)
		return 0;
	struct supports_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	const char *q = req_query(r, "q");
	if (q != NULL && text_utf8_len(q, strlen(q)) > 200)
		return bad_param(r, E_QUERY_PARAM, "q", MSG_LOCATOR_API_Q);
	c->region = req_query(r, "region");
	if (c->region != NULL) {
		if (strlen(c->region) > 40)
			return bad_param(r, E_QUERY_PARAM, "region", MSG_LOCATOR_API_REGION);
		c->codes[0] = c->region;
		enum st_rc rc = st_read(r->store, region_tx, c);
		if (rc != ST_OK) {
			api_reply_failure(r, rc, NULL);
			return 0;
		}
		if (!c->known)
			return bad_param(r, E_QUERY_PARAM, "region", MSG_LOCATOR_API_REGION);
	}
	size_t n;
	supports_all(&n);
	const struct support **hits = arena_calloc(&r->arena, n ? n : 1, sizeof(*hits));
	size_t m = supports_search(q, c->codes, c->region ? c->ncodes : 0, hits, n);
	json_t *items = json_array();
	for (size_t i = 0; i < m; i++)
		json_array_append_new(items, support_json(hits[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
	return 0;
}
