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

/* Bump points_generation() (every change; also called by the API after its commit, so a
 * reader that rebuilt between the change and the commit rebuilds once more). */
void points_changed(void);

extern const char *const point_access_names[];   /* NULL-terminated: "step_free",
                                                   * "accessible_washroom", "hearing_loop",
                                                   * "asl_lsq", "parking" */

/* A point as written by the API, the CSV import and the seed: every value already
 * converted, then checked by point_check (the one validation path). */
struct point_hours_in {
	int weekday;                     /* 0 = Sunday */
	const char *opens, *closes;      /* "HH:MM" */
};
#define POINT_MAX_LIST 16
#define POINT_MAX_HOURS 21
struct point_in {
	const char *code;
	int kind;                        /* index into point_kinds */
	const char *name_en, *name_fr;
	int64_t org_id;                  /* 0: none */
	int64_t region_id;
	const char *address, *municipality, *postal_code, *phone, *email;  /* NULL: none */
	int has_coords;
	double lat, lon;
	int has_capacity;
	int64_t capacity;
	const char *services[POINT_MAX_LIST];
	size_t nservices;
	const char *langs[POINT_MAX_LIST];
	size_t nlangs;
	const char *access[POINT_MAX_LIST];
	size_t naccess;
	struct point_hours_in hours[POINT_MAX_HOURS];
	size_t nhours;
	int active;
};
/* Checks every value (pure): E_NONE, or the error and *field. Points other than virtual
 * services and contact centres need coordinates, inside Ontario; a service is one of
 * point_service_names, a language a 2- or 3-letter code, a feature one of
 * point_access_names, hours "HH:MM" with opens < closes and no overlap on a day. */
enum err_id point_check(const struct point_in *in, const char **field);
/* "HH:MM" 00:00..23:59 (24:00 allowed as a closing time when close is set). */
bool point_time_valid(const char *s, bool close);

/* Administrators and managers create and change points (audited). ST_CONFLICT with err set
 * for a refusal: a role that may not, a check failing, a code already used, a region or
 * organisation that does not exist, a version that moved (E_VERSION; version 0 skips the
 * check). *out gets point_get_json of the result. */
enum st_rc point_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct point_in *in, json_t **out, struct dom_err *err);
enum st_rc point_update(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, int64_t version, const struct point_in *in, json_t **out, struct dom_err *err);
/* A closure on a date (reasons in both languages); reason NULL deletes it. Audited. */
enum st_rc point_closure_set(struct st_tx *tx, const struct principal *who, int64_t id,
    int32_t date, const char *reason_en, const char *reason_fr, struct dom_err *err);

/* Active points, filtered (NULL / 0 = any; region matches a catchment or its parent region),
 * by id after after: limit + 1 read, next page cursor in *next (0: last). Items are the list
 * form of a point (no hours or schedules). */
struct point_filter {
	const char *kind, *service, *lang;
	int64_t region_id;
	int64_t after;
	int limit;
};
enum st_rc point_list(struct st_tx *tx, struct arena *a, const struct point_filter *f,
    json_t **items, int64_t *next);

/* GeoJSON (RFC 7946) Feature of a list item: Point geometry [lon, lat] (null geometry for a
 * point without coordinates), the other members as properties. Owned. */
json_t *point_geojson_feature(json_t *item);

/* ---- CSV import (the csvio report format; one row per point) ---- */
struct point_csv_row {
	int64_t line;
	struct point_in in;
	const char *region_code;
};
struct point_csv {
	struct arena arena;
	struct point_csv_row *v;
	size_t n, cap;
};
struct csv_report;
/* Parses and checks the whole file without the database: 0 when clean, -1 otherwise (see
 * rep). Release with point_csv_free and csvio_report_free whatever the outcome. Columns:
 * code, kind, name_en, name_fr, region_code, address, municipality, postal_code, lat, lon,
 * phone, email, capacity_per_week, services, languages, accessibility (lists separated by
 * ";"), hours ("1-5 09:00-17:00; 6 10:00-14:00", weekdays 0 = Sunday). */
int point_csv_parse(const char *data, size_t len, struct point_csv *out,
    struct csv_report *rep);
void point_csv_free(struct point_csv *rows);
/* Write transaction: creates every row (or updates the point with the same code) as who;
 * ST_OK when all went in, ST_CONFLICT when a row was refused or for a dry run (the caller's
 * transaction then rolls back), as csvio_apply. */
enum st_rc point_csv_apply(struct st_tx *tx, const struct principal *who,
    const struct point_csv *rows, int dry_run, struct csv_report *rep);

#endif
