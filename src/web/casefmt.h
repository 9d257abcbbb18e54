/* casefmt: how the parts of a case read on a page, for the case pages, the work queue and any
 * other list of agreements: state labels and trade names in the page's language, roles in
 * words, the file's reference, and due-date badges that say their status in words as well as
 * in colour (pl-status pl-status--breached / --soon / --ok).
 *
 * The due-date rule: "Overdue" once the due date has passed; "Due soon" when the due date is
 * within CASEFMT_SOON_DAYS business days (today included); "On time" otherwise. A paused clock
 * (the case waits for information) is neither. */
#ifndef PASSERELLE_CASEFMT_H
#define PASSERELLE_CASEFMT_H
#include <stdint.h>

#include <jansson.h>

#include "web/web.h"

#define CASEFMT_SOON_DAYS 2

/* The program's label of a state in lang (the state id itself when unknown). */
const char *casefmt_state_label(const char *program, const char *state, enum lang lang);
/* The trade's name in lang, from the catalogue ("" for NULL; the code when unknown). */
const char *casefmt_trade_name(const char *code, enum lang lang);
/* Every trade of the catalogue as select options "Name (code)", sorted by name in lang
 * (accents and case ignored), after a first option with value "" and first_label (arena).
 * *n gets the number of options, the first included. */
struct option *casefmt_trade_options(struct arena *a, enum lang lang, const char *first_label,
    size_t *n);
/* "ON-AP-2026-000123", else "no. 2009" / "nº 2009" (arena). */
const char *casefmt_case_ref(struct arena *a, enum lang lang, const char *ref_no, int64_t id);
/* Who did something, for a history: "By the apprentice", "By you", ... role is a role name
 * ("client", "advisor", ...) or NULL for the system. */
const char *casefmt_by(enum lang lang, const char *role, int is_caller);
/* A person's full name "Given Family" (arena). */
const char *casefmt_name(struct arena *a, const char *given, const char *family);
/* "2026-03-27T14:05:09Z" -> microseconds; -1 when malformed. */
int casefmt_time_us(const char *rfc3339, int64_t *us);

enum casefmt_due { CASEFMT_DUE_OK, CASEFMT_DUE_SOON, CASEFMT_DUE_BREACHED, CASEFMT_DUE_PAUSED,
	CASEFMT_DUE_MET, CASEFMT_DUE_MISSED };
/* The status of a clock as clock_json() or queue_list() give it. */
enum casefmt_due casefmt_due_of(const json_t *clock);
/* The badge in full words: "Overdue by 3 business days", "Due in 4 business days", "Due
 * today", "Paused", "Met", "Not met". */
void casefmt_due_badge(struct html *h, struct arena *a, enum lang lang, const json_t *clock);
/* The short badge for lists: "Overdue", "Due soon", "On time", "Paused". */
void casefmt_due_badge_short(struct html *h, const json_t *clock);

#endif
