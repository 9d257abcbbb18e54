/* Benchmark: nearest-point look-ups per second for random Ontario locations against 2,000
 * points of service, through the locator's spatial index (a 3-D k-d tree) and through a
 * brute-force scan of the same points, in the same run, with every answer compared.
 *
 * Points: 2,000 synthetic points at the communities of data/communities.csv, picked with a
 * probability growing with population (square root) and jittered up to ~15 km, with random
 * services and languages (seeded). Queries: 100,000 locations, half where people live
 * (communities jittered up to ~50 km), half uniform over Ontario's bounding box. Look-ups:
 * k = 1 without filter, k = 1 and k = 5 with a filter (exams in French), as the locator asks.
 * Usage: locator [SEED]  (default 1). Single thread. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/locator.h"
#include "geo/communities.h"
#include "geo/geo.h"

#define NPOINTS 2000
#define NQUERIES 100000

static uint64_t rng;

static double
urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A position up to km from (lat, lon), uniform over the disc (flat approximation: fine for
 * synthetic data). */
static void
jitter(double lat, double lon, double km, double *olat, double *olon)
{
	double r = km * sqrt(urand()), a = urand() * 2 * M_PI;
	*olat = lat + r * cos(a) / 111.195;
	*olon = lon + r * sin(a) / (111.195 * cos(lat * M_PI / 180));
}

static const struct community *
pick(const struct community *c, const double *cum, size_t n)
{
	double x = urand() * cum[n - 1];
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &c[lo];
}

struct run {
	const char *name;
	int service;
	const char *lang;
	size_t k;
};

int
main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	size_t nc;
	const struct community *c = communities_all(&nc);
	double *cum = malloc(nc * sizeof(*cum)), s = 0;
	double minlat = 90, maxlat = -90, minlon = 180, maxlon = -180;
	for (size_t i = 0; i < nc; i++) {
		s += sqrt((double)c[i].population);
		cum[i] = s;
		minlat = fmin(minlat, c[i].lat);
		maxlat = fmax(maxlat, c[i].lat);
		minlon = fmin(minlon, c[i].lon);
		maxlon = fmax(maxlon, c[i].lon);
	}
	static const char *const langs[] = { "en", "en fr", "fr", "en oj", "en cr", "en fr oj" };
	struct point_brief *pts = calloc(NPOINTS, sizeof(*pts));
	for (size_t i = 0; i < NPOINTS; i++) {
		const struct community *at = pick(c, cum, nc);
		pts[i].id = (int64_t)i + 1;
		pts[i].kind = "service_centre";
		pts[i].name_en = pts[i].name_fr = at->name;
		pts[i].municipality = at->name;
		jitter(at->lat, at->lon, 15, &pts[i].lat, &pts[i].lon);
		pts[i].services = 1u | (urand() < 0.3 ? 2u : 0u) | (urand() < 0.5 ? 4u : 0u) |
		    (urand() < 0.5 ? 8u : 0u);
		pts[i].langs = langs[(size_t)(urand() * 6)];
	}
	double t0 = now_s();
	struct locator_index *ix = locator_index_build(pts, NPOINTS, 1);
	double build_ms = (now_s() - t0) * 1000;
	double (*q)[2] = malloc(NQUERIES * sizeof(*q));
	for (size_t i = 0; i < NQUERIES; i++) {
		if (i % 2 == 0) {
			const struct community *at = pick(c, cum, nc);
			jitter(at->lat, at->lon, 50, &q[i][0], &q[i][1]);
		} else {
			q[i][0] = minlat + urand() * (maxlat - minlat);
			q[i][1] = minlon + urand() * (maxlon - minlon);
		}
	}
	printf("locator benchmark: %d points, %d queries, seed %llu, index built in %.2f ms\n",
	    NPOINTS, NQUERIES, (unsigned long long)seed, build_ms);
	printf("%-28s %14s %14s %8s %s\n", "look-up", "index /s", "scan /s", "ratio", "answers");
	static const struct run runs[] = {
		{ "k=1, no filter", -1, NULL, 1 },
		{ "k=1, exams in French", 1, "fr", 1 },
		{ "k=5, exams in French", 1, "fr", 5 },
	};
	int all_same = 1;
	struct locator_hit *a = malloc(NQUERIES * 5 * sizeof(*a)), *b = malloc(NQUERIES * 5 * sizeof(*b));
	size_t *na = malloc(NQUERIES * sizeof(*na)), *nb = malloc(NQUERIES * sizeof(*nb));
	for (size_t ri = 0; ri < sizeof(runs) / sizeof(runs[0]); ri++) {
		const struct run *rn = &runs[ri];
		t0 = now_s();
		for (size_t i = 0; i < NQUERIES; i++)
			na[i] = locator_index_nearest(ix, q[i][0], q[i][1], rn->service, rn->lang, rn->k,
			    &a[i * 5]);
		double ti = now_s() - t0;
		t0 = now_s();
		for (size_t i = 0; i < NQUERIES; i++)
			nb[i] = locator_index_nearest_scan(ix, q[i][0], q[i][1], rn->service, rn->lang,
			    rn->k, &b[i * 5]);
		double ts = now_s() - t0;
		size_t diff = 0;
		for (size_t i = 0; i < NQUERIES; i++) {
			int same = na[i] == nb[i] && na[i] == rn->k;
			for (size_t j = 0; same && j < na[i]; j++)
				same = a[i * 5 + j].point == b[i * 5 + j].point &&
				    a[i * 5 + j].km == b[i * 5 + j].km;
			diff += !same;
		}
		all_same &= diff == 0;
		printf("%-28s %14.0f %14.0f %7.1fx %s\n", rn->name, NQUERIES / ti, NQUERIES / ts,
		    ts / ti, diff == 0 ? "identical" : "DIFFERENT");
		if (diff)
			printf("  %zu of %d answers differ\n", diff, NQUERIES);
	}
	locator_index_release(ix);
	free(a);
	free(b);
	free(na);
	free(nb);
	free(q);
	free(pts);
	free(cum);
	return all_same ? 0 : 1;
}
