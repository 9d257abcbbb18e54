/* segments: client segments defined by managers as rules (data, not code), their size now
 * and their service use over the last 12 months, published with small-cell suppression.
 *
 * Rules (all optional; a person belongs when every rule given holds):
 *   "age_band":  "15-24" | "25-34" | "35-54" | "55+"   (age today from the birth date)
 *   "region_id": a region or catchment: persons in it or in any region below it
 *   "lang":      "en" | "fr"                            (the person's language)
 *   "groups":    ["woman", ...]: self-identified groups (person_self_id_keys); only persons whose
 *                self-identification says "consent": true and true for every group listed
 *   "program":   a program id: persons with a case in that program
 *
 * The report: size (one count) and, per calendar month over the last 12 months (local time),
 * the number of distinct persons of the segment who had a contact and who opened a case.
 * Counts 1-9 are never published: a suppressed count is {"value": null, "suppressed": true,
 * "shown": "<10"}; the months x (contacts, cases) table and its totals go through
 * suppress_table (domain/suppress.h) so that no hidden count can be recomputed. */
#ifndef PASSERELLE_SEGMENTS_H
#define PASSERELLE_SEGMENTS_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

#define SEGMENT_MONTHS 12
#define SEGMENT_NAME_MAX 120

extern const char *const segment_age_bands[]; /* NULL-terminated */

struct segment_rules {
	int age_band;        /* index in segment_age_bands, -1 any */
	int64_t region_id;   /* 0 any */
	int lang;            /* -1 any, 0 en, 1 fr */
	unsigned groups;     /* bit i: person_self_id_keys[i] */
	const char *program; /* NULL any; points into the rules JSON or a static program id */
};

/* Checks a rules object (unknown members, types, values; the region's existence is checked
 * by segment_create). On E_NONE, *out is filled; its strings borrow from in. */
enum err_id segment_rules_check(json_t *in, struct segment_rules *out, const char **field);

/* Creates a segment; *out is the created segment (owned). Refusals: the rules' errors, and
 * E_REFERENCE "rules.region_id" for an unknown region. */
enum st_rc segment_create(struct st_tx *tx, const struct principal *who, const char *name_en,
    const char *name_fr, json_t *rules, int64_t now_us, json_t **out, struct dom_err *err);

/* All segments: {"items": [{id, name_en, name_fr, name, rules, created_at}]}. */
enum st_rc segments_list(struct st_tx *tx, enum lang lang, json_t **out);

/* The report of one segment (see above); E_NOT_FOUND when there is no such segment. */
enum st_rc segment_report(struct st_tx *tx, int64_t id, enum lang lang, int64_t now_us,
    json_t **out, struct dom_err *err);

/* The regions and catchments a rule may name (no communities):
 * {"items": [{id, kind, name_en, name_fr, name, parent_id}]}, in id order. */
enum st_rc segment_regions(struct st_tx *tx, enum lang lang, json_t **out);

#endif
