/* network: the employment-service catchment areas of the region tree, each with its service
 * system manager (an organisation of kind service_system_manager), its rollout phase
 * (prototype, phase1, phase2, later), the four milestones of its transition with planned and
 * actual dates, and the service providers working under it (tables catchments,
 * catchment_milestones, catchment_providers of sql/sqlite/0003_network.sql).
 *
 * The rollout is public: everyone may read it. Managers and administrators record milestone
 * dates (each change audited with the milestones before and after). All functions run inside
 * a caller's transaction. */
#ifndef PASSERELLE_NETWORK_H
#define PASSERELLE_NETWORK_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

/* NULL-terminated, as in the schema, in rollout order. */
extern const char *const catchment_phases[];
extern const char *const milestone_kinds[];
enum milestone_kind {
	MS_SELECTION_ANNOUNCED = 0, MS_TRANSITION_START, MS_TRANSITION_END, MS_INTEGRATED_LIVE,
	MS__COUNT
};
/* The transition lasts 9 months: transition_end is planned that long after its start when no
 * planned date is given. */
#define NETWORK_TRANSITION_MONTHS 9

/* day + months, the day of the month kept (clamped to the month's last day). */
int32_t network_add_months(int32_t day, int months);

/* The catchment areas by apprenticeship region, in the tree's order:
 * {"items": [{"id","code","name_en","name_fr","catchments": [catchment...]}]}; regions without
 * a catchment of the requested phase are left out. phase NULL: every phase.
 * A catchment: {"id","code","name_en","name_fr","region_id","phase",
 *   "ssm": {"id","name_en","name_fr"} | null, "status", "behind_schedule",
 *   "milestones": {kind: {"planned_date","actual_date","state","late_days"}},
 *   "providers": [{"id","name_en","name_fr"}]}
 * status: "live" (integrated service live), "transition" (transition started), "selected"
 * (manager announced), "not_started". A milestone's state: "done" (actual date recorded),
 * "overdue" (planned date passed, no actual), "planned" (planned, not yet due), "unplanned";
 * late_days: actual - planned for a done milestone (negative when early), today - planned for
 * an overdue one, else null. today is the local date of time_now_us(). */
enum st_rc network_tree(struct st_tx *tx, const char *phase, json_t **out);
/* One catchment (as above). ST_NOTFOUND when region_id is not a catchment with a rollout. */
enum st_rc network_catchment_get(struct st_tx *tx, int64_t region_id, json_t **out);

struct milestone_in {
	int64_t region_id;
	int kind;                      /* enum milestone_kind */
	int32_t planned, actual;       /* days since the epoch */
	int has_planned, has_actual;   /* 0: no date (null) */
};
/* Records a milestone's planned and actual dates (both replaced: a PUT). Managers and
 * administrators only (E_FORBIDDEN). With no planned date, transition_end is planned 9 months
 * after the planned transition start; planning transition_start also plans a transition_end
 * that has no planned date yet. Refused with E_MILESTONE_DATES (nothing written) when a planned
 * or actual date comes before the one of an earlier milestone, or an actual date is after
 * today. Repeating the same dates changes nothing and appends no event. *out: the catchment. */
enum st_rc network_milestone_set(struct st_tx *tx, const struct principal *who,
    const struct milestone_in *in, json_t **out, struct dom_err *err);

/* The same for several milestones of one catchment at once (the edit page): the dates are
 * replaced together and checked as a whole, so dates may all move later or earlier in one
 * step. One audit event (catchment.milestone, "kinds": the milestones set). A refusal names
 * the first milestone at fault in err->field as "KIND.planned_date" or "KIND.actual_date". */
enum st_rc network_milestones_set(struct st_tx *tx, const struct principal *who,
    int64_t region_id, const struct milestone_in *in, size_t n, json_t **out,
    struct dom_err *err);

/* Demo data and imports: sets a catchment's manager and phase (ssm_org_id 0: none); adds a
 * provider; sets a milestone without the checks (dates may be 0 for none). */
enum st_rc network_catchment_put(struct st_tx *tx, int64_t region_id, int64_t ssm_org_id,
    const char *phase);
enum st_rc network_provider_add(struct st_tx *tx, int64_t region_id, int64_t org_id);
enum st_rc network_milestone_put(struct st_tx *tx, int64_t region_id, int kind, int32_t planned,
    int32_t actual);

#endif
