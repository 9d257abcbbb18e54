/* queue: work queues. Open cases with a running service-standard clock, ordered by due date
 * (soonest and breached first), for a role and a region: only cases whose current state has a
 * step that role can take are listed. Advisors see their own region unless granted
 * province-wide scope. */
#ifndef PASSERELLE_QUEUE_H
#define PASSERELLE_QUEUE_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/roles.h"
#include "store/store.h"

struct queue_cursor {
	int64_t due_us, clock_id;
};

enum st_rc queue_list(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *program, enum role for_role, int64_t region_id, struct queue_cursor *cur,
    int limit, enum lang lang, json_t **items, int *more);
/* The same, narrowed to cases in one state (NULL or "" = any), e.g. for the work queue page's
 * filter. */
enum st_rc queue_list_state(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *program, enum role for_role, int64_t region_id, const char *state,
    struct queue_cursor *cur, int limit, enum lang lang, json_t **items, int *more);

#endif
