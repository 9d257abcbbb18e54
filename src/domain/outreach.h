/* outreach: scheduled mobile outreach visits. A schedule is an iCalendar recurrence
 * (RFC 5545 RRULE, expanded with libical) from a local start date-time, with cancelled dates
 * (EXDATE) and moved visits (exceptions); visits are local times in the configured zone, so
 * a "every 2nd Tuesday at 10:00" visit stays at 10:00 across daylight-saving changes.
 * Statutory holidays and point closures cancel the visits that fall on them. */
#ifndef PASSERELLE_OUTREACH_H
#define PASSERELLE_OUTREACH_H
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

struct outreach_visit {
	int64_t schedule_id, point_id;
	int64_t start_us, end_us;        /* UTC microseconds */
	int moved;                       /* 1 when an exception moved it */
};

/* Expands one rule (pure: no database). dtstart "YYYY-MM-DDTHH:MM" local; exdates and
 * moved are as stored (JSON array text; pairs original date -> new start). Writes the visits
 * starting in [from_us, to_us) in time order, at most max; returns their number, or -1 when
 * the rule or dtstart is invalid. */
struct outreach_move {
	const char *original_date;       /* "YYYY-MM-DD" */
	const char *new_start;           /* "YYYY-MM-DDTHH:MM" */
};
int outreach_expand(const char *rrule, const char *dtstart, int duration_min,
    const char *exdates_json, const struct outreach_move *moved, size_t nmoved,
    int64_t from_us, int64_t to_us, struct outreach_visit *out, int max);
/* 0 when rrule is a rule libical accepts and that has an end or a sensible frequency. */
int outreach_rule_valid(const char *rrule, const char *dtstart);

/* The next visits to a point (all its schedules, closures and holidays honoured), at most
 * max, from now. */
enum st_rc outreach_next_visits(struct st_tx *tx, int64_t point_id, int64_t now_us,
    struct outreach_visit *out, int max, int *n);

#endif
