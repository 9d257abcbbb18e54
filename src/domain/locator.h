/* locator: the service locator. From coordinates, a municipality or a postal code, the
 * nearest active points of service offering a service in a language, with great-circle
 * distance, opening hours today and the next outreach visits; points without coordinates
 * (virtual services) are listed apart ("also available online or by phone").
 *
 * The search uses a spatial index (geo/kdtree.h) over the active points with coordinates,
 * built from points_brief_all() and rebuilt when points_generation() moves. An index is
 * immutable once built; readers take a reference under a mutex and the index is freed when
 * its last reader lets go, so a rebuild never disturbs a search in progress.
 *
 * Places:
 *  - coordinates: as given (WGS 84 degrees);
 *  - municipality: community_find() (data/communities.csv, accents and case ignored);
 *  - postal code: the project has no postal-code data set, so a postal code is placed only
 *    by its forward sortation area (FSA, its first three characters): the mean position of
 *    the network's own active points whose postal code has that FSA, else of the
 *    communities named as municipality by organisations with that FSA. Otherwise the place
 *    is unknown and the caller asks for a municipality. A rural FSA (digit 0, e.g. P0L)
 *    covers a wide area, so the place can be tens of kilometres off; the answer says which
 *    rule placed it.
 * All functions run inside a caller's (read) transaction. */
#ifndef PASSERELLE_LOCATOR_H
#define PASSERELLE_LOCATOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/points.h"
#include "store/store.h"

#define LOCATOR_MAX_LIMIT 20
#define LOCATOR_DEFAULT_LIMIT 5
#define LOCATOR_VISITS 3           /* next outreach visits shown per point */

enum locator_from { LOC_FROM_COORDS = 0, LOC_FROM_MUNICIPALITY, LOC_FROM_POSTAL };

struct locator_query {
	enum locator_from from;
	double lat, lon;               /* LOC_FROM_COORDS */
	const char *place;             /* municipality name or postal code as typed */
	const char *service;           /* one of point_service_names, NULL: any */
	const char *lang;              /* language code served ("fr", "oj"...), NULL: any */
	int limit;                     /* 1..LOCATOR_MAX_LIMIT */
};

enum locator_fail {
	LOC_OK = 0,
	LOC_PLACE_UNKNOWN,             /* no community of that name */
	LOC_POSTAL_UNPLACED,           /* a valid postal code we cannot place */
	LOC_POSTAL_INVALID             /* not a postal code (A1A 1A1) nor an FSA (A1A) */
};

/* Finds the points. On success *out is
 * {"place": {"from": "coordinates"|"municipality"|"postal_code", "name": text|null,
 *            "lat", "lon", "rule": "given"|"community"|"fsa_points"|"fsa_organisations",
 *            "fsa": "P0L"|null,
 *            "region": {"id","code","parent_code","name_en","name_fr"}|null},
 *  "items": [{"id","kind","name_en","name_fr","municipality","distance_km","hours_today",
 *             "open_now","next_visits": [{"start","end"}], "calendar_url"}],   nearest first
 *  "online": [the same without distance_km]}
 * The place's region is the region of the nearest active point (any service), used to pick
 * the supports of other governments. start/end are RFC 3339 UTC. hours_today in lang.
 * When the place cannot be found: ST_OK, *out NULL and *fail says why. */
enum st_rc locator_find(struct st_tx *tx, struct arena *a, const struct locator_query *q,
    enum lang lang, int64_t now_us, json_t **out, enum locator_fail *fail);

/* Normalises a postal code ("p0l 1h0" -> "P0L 1H0") or a lone FSA ("p0l" -> "P0L") into
 * out; -1 when it is neither. */
int locator_postal_normalise(const char *in, char out[8]);

/* ---- the index, for tests and the benchmark ---- */
struct locator_index;
struct locator_hit {
	const struct point_brief *point;
	double km;
};
/* Builds an index over n points (copied with their strings); generation labels it. */
struct locator_index *locator_index_build(const struct point_brief *pts, size_t n,
    int64_t generation);
void locator_index_release(struct locator_index *ix);
/* The k nearest points to (lat, lon) with coordinates, offering service (index in
 * point_service_names, -1 any) in language lang (NULL any); nearest first, ties to the lower
 * id. Returns how many (<= k). */
size_t locator_index_nearest(const struct locator_index *ix, double lat, double lon,
    int service, const char *lang, size_t k, struct locator_hit *out);
/* The points without coordinates that pass the same filter, by id; at most max. */
size_t locator_index_virtual(const struct locator_index *ix, int service, const char *lang,
    const struct point_brief **out, size_t max);
/* The same scan without the index (tests compare both). */
size_t locator_index_nearest_scan(const struct locator_index *ix, double lat, double lon,
    int service, const char *lang, size_t k, struct locator_hit *out);

#endif
