/* orgs: organisations (sponsors, providers, regulators, ...) and regions.
 * Visibility: staff see all organisations; a sponsor or partner sees only their own;
 * clients see none (they pick a sponsor by id given to them). Regions are public. */
#ifndef PASSERELLE_ORGS_H
#define PASSERELLE_ORGS_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

extern const char *const org_kinds[];   /* NULL-terminated, as in the schema */

struct org_in {
	int kind;                /* index in org_kinds */
	const char *name_en, *name_fr;
	int64_t region_id;
	int has_region;
	const char *email, *phone, *postal_code, *municipality;
};

bool org_visible(const struct principal *who, int64_t org_id);
enum st_rc org_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct org_in *in, json_t **out, struct dom_err *err);
enum st_rc org_get(struct st_tx *tx, const struct principal *who, int64_t id, json_t **out);
enum st_rc org_list(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *kind, const char *q, int64_t region_id, int64_t after, int limit, json_t **items,
    int64_t *next_after);
/* The names of a sponsor, for any caller: business names are public, and a client confirms
 * the sponsor number their employer gave them. ST_NOTFOUND when id is not a sponsor. Names
 * are copied into a. */
enum st_rc org_sponsor_names(struct st_tx *tx, int64_t id, const char **en, const char **fr,
    struct arena *a);
enum st_rc region_list(struct st_tx *tx, json_t **items);
enum st_rc trade_list(struct st_tx *tx, json_t **items);
/* Copies the embedded trades catalogue into the trades table (idempotent). */
enum st_rc trades_sync(struct st_tx *tx, int *count);

#endif
