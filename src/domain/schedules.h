/* schedules: administration of outreach schedules by administrators and managers — add a
 * schedule, delete it, move one visit, cancel one visit. Each change is audited (entity
 * "outreach") and bumps points_generation(), so the locator, the next visits and the ICS
 * feeds see it at once. Closures are point_closure_set (points.h). All functions run inside
 * the caller's write transaction; ST_CONFLICT with err set for a refusal, ST_NOTFOUND for an
 * absent schedule or point. */
#ifndef PASSERELLE_SCHEDULES_H
#define PASSERELLE_SCHEDULES_H
#include <stdint.h>

#include "domain/domerr.h"
#include "domain/outreach.h"
#include "domain/roles.h"
#include "store/store.h"

/* The rule must pass outreach_rule_valid (else E_OUTREACH_RULE on "rrule"); the point and the
 * host (when not 0) must be active points (ST_NOTFOUND for the point, E_REFERENCE for the
 * host); duration 15..1440 minutes. */
enum st_rc sched_add(struct st_tx *tx, const struct principal *who, const struct outreach_in *in,
    int64_t *id_out, struct dom_err *err);
/* Deletes a schedule and its moved visits. */
enum st_rc sched_delete(struct st_tx *tx, const struct principal *who, int64_t id,
    struct dom_err *err);
/* Moves the visit the rule gives on date ("YYYY-MM-DD") to new_start ("YYYY-MM-DDTHH:MM"
 * local). E_FIELD_FORMAT on "new_start" for a malformed start. */
enum st_rc sched_move(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *date, const char *new_start, struct dom_err *err);
/* Cancels the visit on date (adds it to the schedule's exdates; already there is a no-op
 * that is still audited). */
enum st_rc sched_cancel(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *date, struct dom_err *err);
/* Restores the visit the rule gives on date: takes it out of the cancelled visits and drops
 * its move, so it is back at the rule's date and time. ST_NOTFOUND when the schedule is absent
 * or the visit was neither cancelled nor moved. */
enum st_rc sched_restore(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *date, struct dom_err *err);
/* One schedule as outreach_schedules_json gives it (owned). ST_NOTFOUND when absent. */
enum st_rc sched_get_json(struct st_tx *tx, int64_t id, enum lang lang, json_t **out);

#endif
