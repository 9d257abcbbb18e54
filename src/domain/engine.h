/* engine: runs program transitions and service-standard clocks.
 *
 * engine_transition() loads the case (scoped), finds the transition, checks that it leaves
 * the current state (else 409 naming the possible transitions), that the caller's role may
 * take it (403), validates the fields the transition requires (400 with the field), checks
 * its guard, updates the case (optimistic version check), runs its action, moves the clocks
 * and appends the event (from, to, actor, payload) — all in the caller's transaction.
 *
 * Clocks: a standard starts on one of its start transitions and stops on a stop transition.
 * Business-day targets end at the close of the Nth Ontario business day after the start day
 * (local time); hour targets are elapsed hours. While the case is in a state with
 * "clock": "paused", the clock does not run and the due date moves out by the paused time. */
#ifndef PASSERELLE_ENGINE_H
#define PASSERELLE_ENGINE_H
#include <stdint.h>

#include <jansson.h>

#include "domain/cases.h"

struct transition_in {
	int64_t case_id;
	const char *transition;
	json_t *fields;          /* object or NULL (borrowed) */
	int64_t expect_version;  /* 0 = don't check */
};

enum st_rc engine_transition(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct transition_in *in, enum lang lang, json_t **out, struct dom_err *err);

/* The transitions of p that leave state and that role may take, as JSON (labels in lang,
 * with their fields). */
json_t *engine_possible(const struct program *p, const char *state, unsigned role_bit,
    enum lang lang);

/* Clock arithmetic (pure; exposed for tests and queues). */
int64_t clock_due_us(const struct prog_standard *s, int64_t started_us, int paused_days,
    int64_t paused_us);
/* Business days from today to the due day (negative when past due). */
int clock_business_days_left(int64_t due_us, int64_t now_us);
/* Clock JSON from a Q_CLOCKS_OF_CASE row. */
json_t *clock_json(const struct program *p, const struct st_row *row, int64_t now_us,
    enum lang lang);

/* Starts the clocks of a program that start with no transition (none yet) and writes the
 * case.created event: used by creators of cases. */
enum st_rc engine_case_created(struct st_tx *tx, const struct principal *who,
    const struct case_rec *c, json_t *snapshot);

#endif
