/* locator: nearest points of service through a shared, immutable spatial index (locator.h). */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/locator.h"
#include "domain/outreach.h"
#include "geo/communities.h"
#include "geo/geo.h"
#include "geo/kdtree.h"
#include "text/validate.h"

struct locator_index {
	atomic_int refs;
	int64_t generation;
	struct arena a;              /* the points' strings */
	struct point_brief *pts;
	size_t n;
	struct kdtree *tree;         /* over the points with coordinates */
	double (*xyz)[3];            /* their unit vectors, by tree input position */
	size_t *geo_pt;              /* tree input position -> pts index */
	size_t ngeo;
};

/* ---- building ---- */

static const char *
keep_str(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

struct locator_index *
locator_index_build(const struct point_brief *pts, size_t n, int64_t generation)
{
	struct locator_index *ix = calloc(1, sizeof(*ix));
	if (ix == NULL)
		abort();
	atomic_init(&ix->refs, 1);
	ix->generation = generation;
	arena_init(&ix->a);
	ix->n = n;
	ix->pts = n ? arena_calloc(&ix->a, n, sizeof(*ix->pts)) : NULL;
	ix->xyz = n ? arena_calloc(&ix->a, n, sizeof(*ix->xyz)) : NULL;
	ix->geo_pt = n ? arena_calloc(&ix->a, n, sizeof(*ix->geo_pt)) : NULL;
	int64_t *ids = n ? arena_calloc(&ix->a, n, sizeof(*ids)) : NULL;
	for (size_t i = 0; i < n; i++) {
		struct point_brief *p = &ix->pts[i];
		*p = pts[i];
		p->kind = keep_str(&ix->a, pts[i].kind);
		p->name_en = keep_str(&ix->a, pts[i].name_en);
		p->name_fr = keep_str(&ix->a, pts[i].name_fr);
		p->municipality = keep_str(&ix->a, pts[i].municipality);
		p->langs = keep_str(&ix->a, pts[i].langs ? pts[i].langs : "");
		if (geo_valid(p->lat, p->lon)) {
			geo_unit(p->lat, p->lon, ix->xyz[ix->ngeo]);
			ids[ix->ngeo] = p->id;
			ix->geo_pt[ix->ngeo++] = i;
		}
	}
	ix->tree = kd_build((const double (*)[3])ix->xyz, ids, ix->ngeo);
	if (ix->tree == NULL)
		abort();
	return ix;
}

void
locator_index_release(struct locator_index *ix)
{
	if (ix == NULL || atomic_fetch_sub(&ix->refs, 1) != 1)
		return;
	kd_free(ix->tree);
	arena_free(&ix->a);
	free(ix);
}

/* ---- filtering ---- */

static bool
serves_lang(const char *langs, const char *lang)
{
	size_t l = strlen(lang);
	for (const char *s = langs; s != NULL && *s != '\0';) {
		while (*s == ' ')
			s++;
		size_t w = strcspn(s, " ");
		if (w == l && strncmp(s, lang, l) == 0)
			return true;
		s += w;
	}
	return false;
}

static bool
point_passes(const struct point_brief *p, int service, const char *lang)
{
	if (service >= 0 && !(p->services & (1u << service)))
		return false;
	return lang == NULL || serves_lang(p->langs, lang);
}

struct filter_ctx {
	const struct locator_index *ix;
	int service;
	const char *lang;
};

static bool
filter_geo(size_t idx, void *v)
{
	const struct filter_ctx *f = v;
	return point_passes(&f->ix->pts[f->ix->geo_pt[idx]], f->service, f->lang);
}

static size_t
to_hits(const struct locator_index *ix, double lat, double lon, const struct kd_hit *h,
    size_t m, struct locator_hit *out)
{
	for (size_t i = 0; i < m; i++) {
		const struct point_brief *p = &ix->pts[ix->geo_pt[h[i].idx]];
		out[i].point = p;
		/* the order comes from the chord; the distance shown is the haversine */
		out[i].km = geo_distance_km(lat, lon, p->lat, p->lon);
	}
	return m;
}

size_t
locator_index_nearest(const struct locator_index *ix, double lat, double lon, int service,
    const char *lang, size_t k, struct locator_hit *out)
{
	if (k == 0 || ix->ngeo == 0)
		return 0;
	double q[3];
	geo_unit(lat, lon, q);
	struct filter_ctx f = { ix, service, lang };
	struct kd_hit *h = calloc(k, sizeof(*h));
	if (h == NULL)
		abort();
	size_t m = kd_nearest(ix->tree, q, k, service < 0 && lang == NULL ? NULL : filter_geo, &f,
	    h);
	to_hits(ix, lat, lon, h, m, out);
	free(h);
	return m;
}

size_t
locator_index_nearest_scan(const struct locator_index *ix, double lat, double lon,
    int service, const char *lang, size_t k, struct locator_hit *out)
{
	if (k == 0)
		return 0;
	double q[3];
	geo_unit(lat, lon, q);
	struct kd_hit *h = calloc(k, sizeof(*h));
	if (h == NULL)
		abort();
	size_t m = 0;
	for (size_t i = 0; i < ix->ngeo; i++) {
		const struct point_brief *p = &ix->pts[ix->geo_pt[i]];
		if (!point_passes(p, service, lang))
			continue;
		double c2 = geo_chord2(q, ix->xyz[i]);
		/* insertion into the sorted best-k list, ties to the lower id */
		size_t j = m < k ? m : k;
		while (j > 0 && (c2 < h[j - 1].chord2 || (c2 == h[j - 1].chord2 && p->id < h[j - 1].id))) {
			if (j < k)
				h[j] = h[j - 1];
			j--;
		}
		if (j < k) {
			h[j] = (struct kd_hit){ i, p->id, c2 };
			if (m < k)
				m++;
		}
	}
	to_hits(ix, lat, lon, h, m, out);
	free(h);
	return m;
}

size_t
locator_index_virtual(const struct locator_index *ix, int service, const char *lang,
    const struct point_brief **out, size_t max)
{
	size_t m = 0;
	for (size_t i = 0; i < ix->n && m < max; i++)
		if (!geo_valid(ix->pts[i].lat, ix->pts[i].lon) && point_passes(&ix->pts[i], service,
		    lang))
			out[m++] = &ix->pts[i];
	return m;
}

/* ---- the shared index ---- */

static pthread_mutex_t ix_mu = PTHREAD_MUTEX_INITIALIZER;
static struct locator_index *ix_current;

/* The current index, rebuilt first when the points changed since it was built. The
 * generation is read before the points, so a change that lands during the read leaves an
 * older label and the next search rebuilds again. */
static enum st_rc
index_acquire(struct st_tx *tx, struct locator_index **out)
{
	int64_t gen = points_generation();
	pthread_mutex_lock(&ix_mu);
	if (ix_current != NULL && ix_current->generation >= gen) {
		atomic_fetch_add(&ix_current->refs, 1);
		*out = ix_current;
		pthread_mutex_unlock(&ix_mu);
		return ST_OK;
	}
	pthread_mutex_unlock(&ix_mu);
	struct arena a;
	arena_init(&a);
	struct point_brief *pts;
	size_t n;
	enum st_rc rc = points_brief_all(tx, &a, &pts, &n);
	if (rc != ST_OK) {
		arena_free(&a);
		return rc;
	}
	struct locator_index *ix = locator_index_build(pts, n, gen), *drop = NULL;
	arena_free(&a);
	pthread_mutex_lock(&ix_mu);
	if (ix_current == NULL || ix_current->generation < gen) {
		drop = ix_current;
		ix_current = ix;
		atomic_fetch_add(&ix->refs, 1);    /* one for ix_current, one for the caller */
	} else {
		/* another thread installed one at least as new meanwhile */
		drop = ix;
		ix = ix_current;
		atomic_fetch_add(&ix->refs, 1);
	}
	pthread_mutex_unlock(&ix_mu);
	locator_index_release(drop);
	*out = ix;
	return ST_OK;
}

/* ---- places ---- */

static bool
fsa_letter(char c, bool first)
{
	if (c < 'A' || c > 'Z' || strchr("DFIOQU", c) != NULL)
		return false;
	return !(first && (c == 'W' || c == 'Z'));
}

int
locator_postal_normalise(const char *in, char out[8])
{
	if (in == NULL)
		return -1;
	char c[8];
	size_t n = 0;
	for (const char *s = in; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (n == 6)
			return -1;
		c[n++] = (char)toupper((unsigned char)*s);
	}
	if (n == 3) {
		if (!fsa_letter(c[0], true) || !isdigit((unsigned char)c[1]) || !fsa_letter(c[2], false))
			return -1;
		memcpy(out, c, 3);
		out[3] = '\0';
		return 0;
	}
	c[n] = '\0';
	return n == 6 && postal_code_parse(c, out) ? 0 : -1;
}

struct mean {
	double v[3];
	int n;
};

static void
mean_add(struct mean *m, double lat, double lon)
{
	double u[3];
	geo_unit(lat, lon, u);
	for (int i = 0; i < 3; i++)
		m->v[i] += u[i];
	m->n++;
}

/* The direction of the summed unit vectors: the spherical mean of nearby places. */
static bool
mean_get(const struct mean *m, double *lat, double *lon)
{
	double r = sqrt(m->v[0] * m->v[0] + m->v[1] * m->v[1] + m->v[2] * m->v[2]);
	if (m->n == 0 || r < 1e-9)
		return false;
	*lat = asin(m->v[2] / r) * 180.0 / M_PI;
	*lon = atan2(m->v[1], m->v[0]) * 180.0 / M_PI;
	return true;
}

static int
fsa_point_row(void *ctx, const struct st_row *row)
{
	double lat = strtod(st_text(row, 0), NULL), lon = strtod(st_text(row, 1), NULL);
	if (geo_valid(lat, lon))
		mean_add(ctx, lat, lon);
	return 0;
}

static int
fsa_org_row(void *ctx, const struct st_row *row)
{
	const struct community *c = community_find(st_text(row, 0));
	if (c != NULL)
		mean_add(ctx, c->lat, c->lon);
	return 0;
}

struct place {
	const char *from, *name, *rule;
	char fsa[4];
	double lat, lon;
};

static enum st_rc
place_resolve(struct st_tx *tx, const struct locator_query *q, struct place *pl,
    enum locator_fail *fail)
{
	memset(pl, 0, sizeof(*pl));
	*fail = LOC_OK;
	switch (q->from) {
	case LOC_FROM_COORDS:
		pl->from = "coordinates";
		pl->rule = "given";
		pl->lat = q->lat;
		pl->lon = q->lon;
		return ST_OK;
	case LOC_FROM_MUNICIPALITY: {
		const struct community *c = community_find(q->place);
		pl->from = "municipality";
		if (c == NULL) {
			*fail = LOC_PLACE_UNKNOWN;
			return ST_OK;
		}
		pl->rule = "community";
		pl->name = c->name;
		pl->lat = c->lat;
		pl->lon = c->lon;
		return ST_OK;
	}
	case LOC_FROM_POSTAL:
		break;
	}
	pl->from = "postal_code";
	char pc[8];
	if (locator_postal_normalise(q->place, pc) != 0) {
		*fail = LOC_POSTAL_INVALID;
		return ST_OK;
	}
	memcpy(pl->fsa, pc, 3);
	char like[5] = { pc[0], pc[1], pc[2], '%', '\0' };
	struct st_param p[] = { SP_STR(like) };
	struct mean m = { 0 };
	enum st_rc rc = st_exec(tx, Q_LOC_FSA_POINTS, p, 1, fsa_point_row, &m, NULL);
	if (rc != ST_OK)
		return rc;
	if (mean_get(&m, &pl->lat, &pl->lon)) {
		pl->rule = "fsa_points";
		return ST_OK;
	}
	if ((rc = st_exec(tx, Q_LOC_FSA_ORGS, p, 1, fsa_org_row, &m, NULL)) != ST_OK)
		return rc;
	if (mean_get(&m, &pl->lat, &pl->lon)) {
		pl->rule = "fsa_organisations";
		return ST_OK;
	}
	*fail = LOC_POSTAL_UNPLACED;
	return ST_OK;
}

static int
region_row(void *ctx, const struct st_row *row)
{
	json_t **o = ctx;
	*o = json_pack("{s:s,s:s?,s:s,s:s}", "code", st_text(row, 0), "parent_code",
	    st_isnull(row, 1) ? NULL : st_text(row, 1), "name_en", st_text(row, 2), "name_fr",
	    st_text(row, 3));
	return 1;
}

/* ---- answers ---- */

static int
service_index(const char *s)
{
	for (int i = 0; s != NULL && point_service_names[i] != NULL; i++)
		if (strcmp(point_service_names[i], s) == 0)
			return i;
	return -1;
}

static enum st_rc
point_item(struct st_tx *tx, struct arena *a, const struct point_brief *p, double km,
    bool with_km, enum lang lang, int64_t now_us, json_t **out)
{
	*out = NULL;
	const char *hours;
	bool open_now;
	enum st_rc rc = point_hours_on(tx, a, p->id, date_of_us_local(now_us), lang, now_us,
	    &hours, &open_now);
	if (rc == ST_NOTFOUND)
		return ST_OK;          /* made inactive since the index was built */
	if (rc != ST_OK)
		return rc;
	struct outreach_visit v[LOCATOR_VISITS];
	int nv = 0;
	if ((rc = outreach_next_visits(tx, p->id, now_us, v, LOCATOR_VISITS, &nv)) != ST_OK)
		return rc;
	json_t *visits = json_array();
	for (int i = 0; i < nv; i++) {
		char s[32], e[32];
		time_format_us(v[i].start_us, s);
		time_format_us(v[i].end_us, e);
		json_array_append_new(visits, json_pack("{s:s,s:s}", "start", s, "end", e));
	}
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:b,s:o,s:s}", "id", (json_int_t)p->id,
	    "kind", p->kind, "name_en", p->name_en, "name_fr", p->name_fr, "municipality",
	    p->municipality, "hours_today", hours, "open_now", open_now, "next_visits", visits,
	    "calendar_url", arena_printf(a, "/api/v1/points/%lld/calendar.ics", (long long)p->id));
	if (with_km)
		json_object_set_new(o, "distance_km", json_real(round(km * 1000.0) / 1000.0));
	*out = o;
	return ST_OK;
}

enum st_rc
locator_find(struct st_tx *tx, struct arena *a, const struct locator_query *q, enum lang lang,
    int64_t now_us, json_t **out, enum locator_fail *fail)
{
	*out = NULL;
	struct place pl;
	struct locator_index *ix = NULL;
	/* the index first: its generation is read before this transaction reads anything */
	enum st_rc rc = index_acquire(tx, &ix);
	if (rc != ST_OK)
		return rc;
	if ((rc = place_resolve(tx, q, &pl, fail)) != ST_OK || *fail != LOC_OK) {
		locator_index_release(ix);
		return rc;
	}
	int service = service_index(q->service);
	int limit = q->limit < 1 ? LOCATOR_DEFAULT_LIMIT : q->limit > LOCATOR_MAX_LIMIT ?
	    LOCATOR_MAX_LIMIT : q->limit;
	struct locator_hit hits[LOCATOR_MAX_LIMIT];
	size_t m = locator_index_nearest(ix, pl.lat, pl.lon, service, q->lang, (size_t)limit, hits);
	json_t *items = json_array(), *online = json_array(), *region = json_null();
	for (size_t i = 0; i < m && rc == ST_OK; i++) {
		json_t *it;
		rc = point_item(tx, a, hits[i].point, hits[i].km, true, lang, now_us, &it);
		if (it != NULL)
			json_array_append_new(items, it);
	}
	const struct point_brief *virt[LOCATOR_MAX_LIMIT];
	size_t nv = locator_index_virtual(ix, service, q->lang, virt, (size_t)limit);
	for (size_t i = 0; i < nv && rc == ST_OK; i++) {
		json_t *it;
		rc = point_item(tx, a, virt[i], 0, false, lang, now_us, &it);
		if (it != NULL)
			json_array_append_new(online, it);
	}
	/* the place's region: that of the nearest point of any service */
	struct locator_hit near;
	if (rc == ST_OK && locator_index_nearest(ix, pl.lat, pl.lon, -1, NULL, 1, &near) == 1) {
		json_t *r = NULL;
		struct st_param p[] = { SP_INT(near.point->region_id) };
		rc = st_exec(tx, Q_LOC_REGION_CODES, p, 1, region_row, &r, NULL);
		if (r != NULL) {
			json_object_set_new(r, "id", json_integer(near.point->region_id));
			json_decref(region);
			region = r;
		}
	}
	locator_index_release(ix);
	if (rc != ST_OK) {
		json_decref(items);
		json_decref(online);
		json_decref(region);
		return rc;
	}
	json_t *place = json_pack("{s:s,s:s?,s:f,s:f,s:s,s:s?,s:o}", "from", pl.from, "name",
	    pl.name, "lat", round(pl.lat * 1e5) / 1e5, "lon", round(pl.lon * 1e5) / 1e5, "rule",
	    pl.rule, "fsa", pl.fsa[0] ? pl.fsa : NULL, "region", region);
	*out = json_pack("{s:o,s:o,s:o}", "place", place, "items", items, "online", online);
	return ST_OK;
}
