/* outreach: scheduled mobile outreach visits. A schedule is an iCalendar recurrence
 * (RFC 5545 RRULE, expanded with libical) from a local start date-time, with cancelled dates
 * (EXDATE) and moved visits (exceptions); visits are local times in the configured zone, so
 * a "every 2nd Tuesday at 10:00" visit stays at 10:00 across daylight-saving changes.
 * Statutory holidays and point closures cancel the visits that fall on them. */
#ifndef PASSERELLE_OUTREACH_H
#define PASSERELLE_OUTREACH_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

struct outreach_visit {
	int64_t schedule_id, point_id;
	int64_t start_us, end_us;        /* UTC microseconds */
	int moved;                       /* 1 when an exception moved it */
	int32_t original_day;            /* local day of the occurrence the rule gave (before a
	                                  * move): with schedule_id, the visit's stable identity */
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
/* 0 when rrule is a rule libical accepts and that has an end or a sensible frequency:
 * refused are unparsable rules or dtstart, rules without COUNT or UNTIL whose FREQ is finer
 * than DAILY, INTERVAL longer than 52 weeks (366 days, 12 months, 1 year), COUNT over 1000,
 * UNTIL before dtstart, and rules that give no visit at all. -1 otherwise. */
int outreach_rule_valid(const char *rrule, const char *dtstart);
/* A visit pattern chosen in words (the manager page), turned into a rule by
 * outreach_rule_build (outreach_rule.c). Monthly on a weekday takes the first visit's rank in
 * its month ("2nd Tuesday"); a first visit on the 29th or later is "the last Tuesday". */
enum outreach_freq {
	OUTREACH_WEEKLY = 0, OUTREACH_BIWEEKLY, OUTREACH_MONTHLY_WEEKDAY, OUTREACH_MONTHLY_DATE
};
struct outreach_pattern {
	enum outreach_freq freq;
	int32_t first_day;               /* local day of the first visit */
	int start_min;                   /* its start, minutes after midnight */
	int32_t until_day;               /* last possible day, 0: none */
	int count;                       /* number of visits, 0: none */
};
enum outreach_pattern_err {
	OUTREACH_PATTERN_OK = 0,
	OUTREACH_PATTERN_INVALID,        /* out-of-range values */
	OUTREACH_PATTERN_BOTH_ENDS,      /* an end date and a number of visits */
	OUTREACH_PATTERN_UNTIL_BEFORE,   /* the end date is before the first visit */
	OUTREACH_PATTERN_COUNT,          /* number of visits outside 1..1000 */
	OUTREACH_PATTERN_MONTH_DAY       /* monthly on a date after the 28th (not every month) */
};
/* Writes the RRULE (e.g. "FREQ=MONTHLY;BYDAY=2TU;COUNT=6") and the dtstart
 * ("YYYY-MM-DDTHH:MM") of a pattern; the result passes outreach_rule_valid. */
enum outreach_pattern_err outreach_rule_build(const struct outreach_pattern *p, char *rrule,
    size_t rrule_len, char dtstart[17]);

/* "YYYY-MM-DDTHH:MM" local: 0 and the parts, or -1. */
int outreach_local_parse(const char *s, int *y, int *mo, int *d, int *h, int *mi);

/* Drops, in place, the visits whose local day is an observed statutory holiday or one of
 * the closed days (days since the epoch, any order). Returns the number kept. Pure. */
int outreach_filter(struct outreach_visit *v, int n, const int32_t *closed, size_t nclosed);

/* The next visits to a point (all its schedules, closures and holidays honoured), at most
 * max, from now. */
enum st_rc outreach_next_visits(struct st_tx *tx, int64_t point_id, int64_t now_us,
    struct outreach_visit *out, int max, int *n);

/* The schedules of a point as JSON (id, host_point_id and the hub's names, rrule, dtstart,
 * duration_min, exdates, moves, note in lang), owned. */
enum st_rc outreach_schedules_json(struct st_tx *tx, int64_t point_id, enum lang lang,
    json_t **out);

/* Adds a schedule (seed and administration; the caller checks the role and audits). The rule
 * must pass outreach_rule_valid. ST_CONFLICT with *e set when it does not. */
struct outreach_in {
	int64_t point_id, host_point_id;      /* host 0: none */
	const char *rrule, *dtstart;
	int duration_min;
	const char *exdates_json;             /* NULL: "[]" */
	const char *note_en, *note_fr;
};
enum st_rc outreach_schedule_add(struct st_tx *tx, const struct outreach_in *in,
    int64_t *id_out, enum err_id *e);
enum st_rc outreach_move_put(struct st_tx *tx, int64_t schedule_id, const char *original_date,
    const char *new_start);

/* iCalendar (RFC 5545) feed of the visits in [now, now + 183 days) of one point, or of every
 * point of a region (a catchment, or a region and its catchments), written by libical:
 * CRLF lines folded at 75 octets, text escaped, times in UTC ("Z"), one VEVENT per visit
 * with a stable UID (schedule and original date), DTSTAMP, DTSTART, DTEND, SUMMARY,
 * LOCATION and DESCRIPTION in lang. ST_NOTFOUND for an absent or inactive point or an
 * unknown region. out gets the text (appended). */
enum st_rc outreach_ics_point(struct st_tx *tx, int64_t point_id, enum lang lang,
    int64_t now_us, struct buf *out);
enum st_rc outreach_ics_region(struct st_tx *tx, int64_t region_id, enum lang lang,
    int64_t now_us, struct buf *out);

#endif
