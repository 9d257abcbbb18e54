/* hours: on-the-job hours of a training agreement. The sponsor (or an advisor on its behalf)
 * logs hours for a period while the agreement is active; an advisor approves or rejects
 * them. Completion needs the trade's required hours approved (engine guard). */
#ifndef PASSERELLE_HOURS_H
#define PASSERELLE_HOURS_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

struct hours_in {
	int64_t case_id;
	int32_t period_start, period_end;
	int64_t hours;
	const char *description;
};

enum st_rc hours_log(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct hours_in *in, json_t **out, struct dom_err *err);
/* approve: 1 approve, 0 reject (reason required when rejecting). */
enum st_rc hours_decide(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t entry_id, int approve, const char *reason, json_t **out, struct dom_err *err);
enum st_rc hours_list(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t case_id, int64_t after, int limit, json_t **items, int64_t *next_after);

#endif
