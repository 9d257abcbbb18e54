/* points: points of service — where people are served (service centres, regional hubs,
 * exam centres, contact centres, mobile outreach sites, satellite hubs, virtual services,
 * partner sites) with their bilingual names, address and coordinates, services, languages,
 * accessibility features, weekly capacity, opening hours and closures (tables of
 * sql/sqlite/0003_network.sql).
 *
 * Everyone may read points (the network is public); administrators and managers change
 * them (every change audited). All functions run inside a caller's transaction. */
#ifndef PASSERELLE_POINTS_H
#define PASSERELLE_POINTS_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

extern const char *const point_kinds[];      /* NULL-terminated, as in the schema */

/* A point as the locator needs it, for every active point (one read at start-up or when
 * the network changes). Strings in a. */
struct point_brief {
	int64_t id;
	const char *kind, *name_en, *name_fr, *municipality;
	double lat, lon;                 /* NAN for a point without coordinates (virtual) */
	int64_t region_id;
	unsigned services;               /* bit i: point_service_names[i] offered */
	const char *langs;               /* "en fr oj": space-separated language codes */
};
extern const char *const point_service_names[];   /* NULL-terminated: "apprenticeship",
                                                   * "exams", "information", ... */
enum st_rc points_brief_all(struct st_tx *tx, struct arena *a, struct point_brief **out,
    size_t *n);
/* A counter bumped by every change to points; the locator rebuilds its index when it moves. */
int64_t points_generation(void);

/* Full JSON of one point (hours, closures in the next 60 days, services, languages,
 * accessibility, outreach schedules). ST_NOTFOUND when absent or inactive. */
enum st_rc point_get_json(struct st_tx *tx, struct arena *a, int64_t id, enum lang lang,
    json_t **out);

/* Opening hours on a local date: "closed" (weekly hours or a closure or a statutory
 * holiday), or up to 4 periods "HH:MM-HH:MM". Fills *text (arena) in lang: "9:00 to 17:00",
 * "Closed (Christmas Day)"; *open_now when now_us falls inside a period. */
enum st_rc point_hours_on(struct st_tx *tx, struct arena *a, int64_t id, int32_t date,
    enum lang lang, int64_t now_us, const char **text, bool *open_now);

#endif
