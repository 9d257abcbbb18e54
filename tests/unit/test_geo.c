/* Great-circle distances (known values, poles, identical points, chord conversions) and the
 * spatial index against a brute-force scan on random data: several seeds, k = 1..10, with
 * and without filters, radius queries, duplicate coordinates (ties go to the lower id). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/locator.h"
#include "domain/supports.h"
#include "geo/communities.h"
#include "geo/geo.h"
#include "geo/kdtree.h"
#include "t.h"

#define NEAR(a, b, eps) (fabs((a) - (b)) <= (eps))

static void
test_distance(void)
{
	/* reference values: the haversine on R = 6371.0088 km computed independently (Python
	 * math), GeoNames coordinates of data/communities.csv */
	double d = geo_distance_km(43.70011, -79.4163, 45.41117, -75.69812);
	CHECK(NEAR(d, 350.6459, 0.001));      /* Toronto - Ottawa, "about 352 km" city hall to city hall */
	d = geo_distance_km(49.68351, -83.66654, 49.41694, -82.43308);
	CHECK(NEAR(d, 93.7891, 0.001));       /* Hearst - Kapuskasing */
	CHECK(NEAR(geo_distance_km(49.41694, -82.43308, 49.68351, -83.66654), d, 1e-9));
	/* a degree of the equator and of a meridian */
	CHECK(NEAR(geo_distance_km(0, 0, 0, 1), 111.19508, 1e-4));
	CHECK(NEAR(geo_distance_km(10, 20, 11, 20), 111.19508, 1e-4));
	/* identical points, poles, antipodes */
	CHECK(geo_distance_km(46.49, -80.99, 46.49, -80.99) == 0.0);
	CHECK(NEAR(geo_distance_km(90, 0, -90, 0), M_PI * GEO_EARTH_RADIUS_KM, 1e-6));
	CHECK(NEAR(geo_distance_km(90, 0, 90, 123), 0.0, 1e-9));   /* the pole has every longitude */
	CHECK(NEAR(geo_distance_km(89.9, 0, 89.9, 180), 22.23902, 1e-4));
	CHECK(NEAR(geo_distance_km(0, 0, 0, 180), M_PI * GEO_EARTH_RADIUS_KM, 1e-6));
	/* small distances stay accurate (1 m) */
	CHECK(NEAR(geo_distance_km(45.0, -75.0, 45.0 + 0.001 / 111.19508, -75.0), 0.001, 1e-9));
	CHECK(geo_valid(90, -180) && !geo_valid(90.01, 0) && !geo_valid(0, 180.5) && !geo_valid(NAN, 0));
}

static void
test_chord(void)
{
	/* the chord of unit vectors gives the haversine distance back */
	double a[3], b[3];
	geo_unit(43.70011, -79.4163, a);
	geo_unit(45.41117, -75.69812, b);
	CHECK(NEAR(geo_chord_to_km(sqrt(geo_chord2(a, b))),
	    geo_distance_km(43.70011, -79.4163, 45.41117, -75.69812), 1e-6));
	CHECK(NEAR(geo_km_to_chord(geo_chord_to_km(0.3)), 0.3, 1e-12));
	CHECK(geo_km_to_chord(0) == 0.0 && geo_km_to_chord(1e9) == 2.0);
	CHECK(NEAR(geo_chord_to_km(2.0), M_PI * GEO_EARTH_RADIUS_KM, 1e-6));
	geo_unit(90, 0, a);
	CHECK(NEAR(a[2], 1.0, 1e-15) && NEAR(a[0], 0.0, 1e-15));
	/* boxes hold the circle */
	struct geo_box box;
	geo_box_around(49.68351, -83.66654, 100.0, &box);
	CHECK(geo_box_contains(&box, 49.41694, -82.43308));
	CHECK(!geo_box_contains(&box, 43.70011, -79.4163));
	uint64_t s = 7;
	int ok = 1;
	for (int i = 0; i < 2000; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		double brg = (double)(s >> 11) / 9007199254740992.0 * 2 * M_PI;
		/* a point 99.9 km away in direction brg (spherical destination formula) */
		double p1 = 49.68351 * M_PI / 180, l1 = -83.66654 * M_PI / 180, dr = 99.9 / GEO_EARTH_RADIUS_KM;
		double p2 = asin(sin(p1) * cos(dr) + cos(p1) * sin(dr) * cos(brg));
		double l2 = l1 + atan2(sin(brg) * sin(dr) * cos(p1), cos(dr) - sin(p1) * sin(p2));
		if (!geo_box_contains(&box, p2 * 180 / M_PI, l2 * 180 / M_PI))
			ok = 0;
	}
	CHECK(ok);
	geo_box_around(89.5, 10, 100, &box);
	CHECK(box.min_lon == -180.0 && box.max_lon == 180.0 && box.max_lat == 90.0);
}

/* ---- the index against a scan ---- */

static uint64_t rng;

static double
urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

struct data {
	size_t n;
	double (*v)[3];
	int64_t *id;
	unsigned *mask;
};

struct fctx {
	unsigned want;
	struct data d;
};

static bool
filt2(size_t idx, void *ctx)
{
	const struct fctx *f = ctx;
	return (f->d.mask[idx] & f->want) == f->want;
}

static int
cmp_brute(const void *a, const void *b)
{
	const struct kd_hit *x = a, *y = b;
	if (x->chord2 != y->chord2)
		return x->chord2 < y->chord2 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every point that passes, sorted by (chord2, id), within bound2. */
static size_t
brute(const struct data *d, const double q[3], double bound2, unsigned want, struct kd_hit *all)
{
	size_t m = 0;
	for (size_t i = 0; i < d->n; i++) {
		if ((d->mask[i] & want) != want)
			continue;
		double c2 = geo_chord2(q, d->v[i]);
		if (c2 > bound2)
			continue;
		all[m++] = (struct kd_hit){ i, d->id[i], c2 };
	}
	qsort(all, m, sizeof(*all), cmp_brute);
	return m;
}

static int
same(const struct kd_hit *a, const struct kd_hit *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].idx != b[i].idx || a[i].id != b[i].id || a[i].chord2 != b[i].chord2)
			return 0;
	return 1;
}

static void
run_seed(uint64_t seed, size_t n, int world)
{
	rng = seed;
	struct fctx f = { 0 };
	struct data *d = &f.d;
	d->n = n;
	d->v = malloc(n * sizeof(*d->v));
	d->id = malloc(n * sizeof(*d->id));
	d->mask = malloc(n * sizeof(*d->mask));
	for (size_t i = 0; i < n; i++) {
		double lat, lon;
		if (world) {
			lat = asin(2 * urand() - 1) * 180 / M_PI;
			lon = urand() * 360 - 180;
		} else {
			lat = 42 + urand() * 8;         /* southern and northern Ontario */
			lon = -95 + urand() * 20;
		}
		/* one point in ten shares an earlier point's coordinates: ties */
		if (i > 0 && urand() < 0.1) {
			memcpy(d->v[i], d->v[(size_t)(urand() * (double)i)], sizeof(d->v[i]));
		} else
			geo_unit(lat, lon, d->v[i]);
		/* ids not in input order, unique */
		d->id[i] = (int64_t)((i * 7919) % n) + 1;
		d->mask[i] = (urand() < 0.5 ? 1u : 0u) | (urand() < 0.3 ? 2u : 0u);
	}
	struct kdtree *t = kd_build((const double (*)[3])d->v, d->id, n);
	CHECK(t != NULL && kd_size(t) == n);
	struct kd_hit *all = malloc(n * sizeof(*all)), got[64];
	int ok_nn = 1, ok_within = 1, ok_count = 1;
	for (int qi = 0; qi < 300; qi++) {
		double q[3];
		if (qi % 5 == 0)        /* query on a data point: distance 0, ties */
			memcpy(q, d->v[(size_t)(urand() * (double)n)], sizeof(q));
		else if (world)
			geo_unit(asin(2 * urand() - 1) * 180 / M_PI, urand() * 360 - 180, q);
		else
			geo_unit(41 + urand() * 10, -96 + urand() * 22, q);
		for (unsigned want = 0; want < 4; want++) {
			f.want = want;
			size_t m = brute(d, q, 5.0, want, all);
			for (size_t k = 1; k <= 10; k++) {
				size_t g = kd_nearest(t, q, k, want ? filt2 : NULL, &f, got);
				size_t expect = m < k ? m : k;
				if (g != expect || !same(got, all, g))
					ok_nn = 0;
			}
			double km = 20 + urand() * 300;
			double c = geo_km_to_chord(km), b2 = c * c;
			size_t mw = brute(d, q, b2, want, all);
			size_t g = kd_within(t, q, b2, want ? filt2 : NULL, &f, got, 64);
			if (g != (mw < 64 ? mw : 64) || !same(got, all, g))
				ok_within = 0;
			if (kd_count_within(t, q, b2, want ? filt2 : NULL, &f) != mw)
				ok_count = 0;
		}
	}
	CHECK(ok_nn);
	CHECK(ok_within);
	CHECK(ok_count);
	kd_free(t);
	free(all);
	free(d->v);
	free(d->id);
	free(d->mask);
}

static void
test_index_random(void)
{
	static const uint64_t seeds[] = { 1, 42, 2026, 0x9e3779b97f4a7c15ULL, 123456789 };
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		run_seed(seeds[s], 2000, 0);
		run_seed(seeds[s] + 1, 500, 1);
		run_seed(seeds[s] + 2, 9, 0);      /* a single leaf and one split */
		run_seed(seeds[s] + 3, 37, 1);
	}
}

static void
test_index_edges(void)
{
	struct kd_hit h[4];
	double q[3];
	geo_unit(45, -80, q);
	struct kdtree *t = kd_build(NULL, NULL, 0);
	CHECK(t != NULL && kd_size(t) == 0);
	CHECK(kd_nearest(t, q, 3, NULL, NULL, h) == 0);
	kd_free(t);
	CHECK(kd_nearest(NULL, q, 3, NULL, NULL, h) == 0);
	/* every point at the same place: ties broken by id, whatever the input order */
	double v[20][3];
	int64_t ids[20];
	for (int i = 0; i < 20; i++) {
		geo_unit(49.68351, -83.66654, v[i]);
		ids[i] = 100 - i;
	}
	t = kd_build((const double (*)[3])v, ids, 20);
	CHECK_INT(kd_nearest(t, q, 4, NULL, NULL, h), 4);
	CHECK(h[0].id == 81 && h[1].id == 82 && h[2].id == 83 && h[3].id == 84);
	CHECK(h[0].idx == 19);
	CHECK_INT(kd_within(t, q, 0.0, NULL, NULL, h, 4), 0);
	CHECK_INT(kd_count_within(t, q, 4.0, NULL, NULL), 20);
	kd_free(t);
	/* the communities: Hearst's nearest other community by the index and by a scan of
	 * haversine distances */
	size_t n;
	const struct community *c = communities_all(&n);
	double (*cv)[3] = malloc(n * sizeof(*cv));
	int64_t *cid = malloc(n * sizeof(*cid));
	for (size_t i = 0; i < n; i++) {
		geo_unit(c[i].lat, c[i].lon, cv[i]);
		cid[i] = c[i].id;
	}
	t = kd_build((const double (*)[3])cv, cid, n);
	const struct community *hearst = community_find("Hearst");
	CHECK(hearst != NULL);
	if (hearst != NULL) {
		geo_unit(hearst->lat, hearst->lon, q);
		CHECK_INT(kd_nearest(t, q, 2, NULL, NULL, h), 2);
		CHECK(h[0].id == hearst->id && h[0].chord2 == 0.0);
		double best = 1e9;
		int64_t best_id = -1;
		for (size_t i = 0; i < n; i++) {
			double dk = geo_distance_km(hearst->lat, hearst->lon, c[i].lat, c[i].lon);
			if (c[i].id != hearst->id && dk < best) {
				best = dk;
				best_id = c[i].id;
			}
		}
		CHECK(h[1].id == best_id);
		CHECK(NEAR(geo_chord_to_km(sqrt(h[1].chord2)), best, 1e-6));
	}
	kd_free(t);
	free(cv);
	free(cid);
}

/* The locator's index over synthetic points (the points engineer's table is not needed):
 * filters by service bit and language, virtual points apart, the index equal to its scan. */
static void
test_locator_index(void)
{
	static const char *const langs[] = { "en", "fr", "en fr", "en oj", "fr cr" };
	enum { N = 1500 };
	struct point_brief *p = calloc(N, sizeof(*p));
	rng = 99;
	size_t nvirt = 0;
	for (size_t i = 0; i < N; i++) {
		p[i].id = (int64_t)i + 1;
		p[i].kind = i % 50 == 0 ? "virtual" : "service_centre";
		p[i].name_en = "Point";
		p[i].name_fr = "Point";
		p[i].municipality = NULL;
		if (i % 50 == 0) {
			p[i].lat = p[i].lon = NAN;
			nvirt++;
		} else if (i % 7 == 0 && i > 7) {
			p[i].lat = p[i - 7].lat;      /* same place as another point: a tie */
			p[i].lon = p[i - 7].lon;
			if (isnan(p[i].lat)) {
				p[i].lat = 46.0;
				p[i].lon = -81.0;
			}
		} else {
			p[i].lat = 42.0 + urand() * 8.0;
			p[i].lon = -95.0 + urand() * 20.0;
		}
		p[i].services = (unsigned)(rng >> 20) & 15u;
		p[i].langs = langs[(rng >> 40) % 5];
	}
	struct locator_index *ix = locator_index_build(p, N, 1);
	struct locator_hit a[20], b[20];
	int ok = 1, sorted = 1, filtered = 1;
	for (int qi = 0; qi < 400; qi++) {
		double lat = 42.0 + urand() * 9.0, lon = -95.0 + urand() * 21.0;
		int service = qi % 5 - 1;
		const char *lang = qi % 3 == 0 ? NULL : qi % 3 == 1 ? "fr" : "oj";
		size_t k = 1 + (size_t)qi % 20;
		size_t na = locator_index_nearest(ix, lat, lon, service, lang, k, a);
		size_t nb = locator_index_nearest_scan(ix, lat, lon, service, lang, k, b);
		if (na != nb)
			ok = 0;
		for (size_t i = 0; i < na && i < nb; i++) {
			if (a[i].point != b[i].point || a[i].km != b[i].km)
				ok = 0;
			if (i > 0 && a[i].km < a[i - 1].km - 1e-9)
				sorted = 0;
			if (service >= 0 && !(a[i].point->services & (1u << service)))
				filtered = 0;
			if (lang != NULL && strstr(a[i].point->langs, lang) == NULL)
				filtered = 0;
			if (isnan(a[i].point->lat))
				filtered = 0;
		}
	}
	CHECK(ok);
	CHECK(sorted);
	CHECK(filtered);
	const struct point_brief *v[64];
	CHECK_INT(locator_index_virtual(ix, -1, NULL, v, 64), nvirt);
	CHECK(v[0]->id == 1 && v[1]->id == 51);
	locator_index_release(ix);
	free(p);
	char pc[8];
	CHECK(locator_postal_normalise("p0l 1h0", pc) == 0 && strcmp(pc, "P0L 1H0") == 0);
	CHECK(locator_postal_normalise("p0l", pc) == 0 && strcmp(pc, "P0L") == 0);
	CHECK(locator_postal_normalise("D0L", pc) != 0 && locator_postal_normalise("P0L1H", pc) != 0);
	CHECK(locator_postal_normalise("%%%", pc) != 0 && locator_postal_normalise("", pc) != 0);
}

static void
test_supports(void)
{
	size_t n;
	const struct support *s = supports_all(&n);
	CHECK(n >= 20);
	int levels[3] = { 0 }, ok = 1;
	for (size_t i = 0; i < n; i++) {
		for (int l = 0; l < 3; l++)
			if (strcmp(s[i].level, support_levels[l]) == 0)
				levels[l]++;
		if (strncmp(s[i].url[0], "https://", 8) != 0 || s[i].name[1][0] == '\0')
			ok = 0;
	}
	CHECK(ok);
	CHECK(levels[0] >= 8 && levels[1] >= 5 && levels[2] >= 2);
	const struct support *r[64];
	/* French words find French names, accents ignored */
	size_t m = supports_search("apprenti", NULL, 0, r, 64);
	CHECK(m >= 3);
	int fr = 0;
	for (size_t i = 0; i < m; i++)
		if (strstr(r[i]->name[1], "pprenti") != NULL)
			fr++;
	CHECK(fr >= 3);
	CHECK(supports_search("PRÊT", NULL, 0, r, 64) >= 1 && strcmp(r[0]->id, "canada-apprentice-loan") == 0);
	CHECK(supports_search("pret canadien", NULL, 0, r, 64) >= 1 && strcmp(r[0]->id, "canada-apprentice-loan") == 0);
	m = supports_search("loan", NULL, 0, r, 64);
	CHECK(m >= 2 && strcmp(r[0]->id, "canada-apprentice-loan") == 0);
	CHECK(supports_search("zzzz-nothing", NULL, 0, r, 64) == 0);
	/* regions: Toronto's municipal service only for Toronto */
	const char *toronto[] = { "TORONTO", "CENTRAL" }, *north[] = { "NORTHEAST", "NORTHERN" };
	m = supports_search("Toronto Employment", toronto, 2, r, 64);
	CHECK(m == 1 && strcmp(r[0]->id, "tess") == 0);
	CHECK(supports_search("Toronto Employment", north, 2, r, 64) == 0);
	size_t all = supports_search(NULL, NULL, 0, r, 64), in_north = supports_search("", north, 2, r, 64);
	CHECK(all == n && in_north < n && in_north > 10);
}

T_MAIN(
	{ "distance", test_distance },
	{ "chord", test_chord },
	{ "index_random", test_index_random },
	{ "index_edges", test_index_edges },
	{ "locator_index", test_locator_index },
	{ "supports", test_supports },
)
