/* cases: case records of any program, who may see them, and their JSON form.
 *
 * Scope rules (records a caller may see; anything else answers "not found"):
 *   client   - cases where they are the person
 *   sponsor  - cases of their organisation
 *   advisor  - cases of their region, or all when granted province-wide scope
 *   manager, administrator, auditor - all cases
 *   assessor, exam administrator, partner - none of this program's cases (later programs
 *            widen this through their own rules)
 * All functions run inside a caller's transaction; JSON results are owned by the caller. */
#ifndef PASSERELLE_CASES_H
#define PASSERELLE_CASES_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/program.h"
#include "domain/roles.h"
#include "store/store.h"

struct case_rec {
	int64_t id;
	const char *program, *state;
	int64_t person_id, org_id, region_id;
	const char *trade_code, *lang, *start_date, *ref_no, *data;
	int64_t created_by, opened_us, updated_us, closed_us, version;
	const char *client_no, *given_name, *family_name, *org_name_en, *org_name_fr;
};

/* Scope for lists: the filters a caller's role forces (0 = any). Returns false when the role
 * sees no case at all. */
struct case_scope {
	int64_t person_id, org_id, region_id;
};
bool case_scope_of(const struct principal *who, struct case_scope *out);
bool case_visible(const struct principal *who, const struct case_rec *c);

/* Fills a case_rec (arena copies) from a row of CASE_COLS (see q_cases.def), from column
 * col0. */
void case_from_row(struct arena *a, const struct st_row *row, int col0, struct case_rec *out);
/* Loads a case the caller may see: ST_NOTFOUND when absent or out of scope. */
enum st_rc case_load(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    struct case_rec *out);

/* JSON of a case: summary (lists) or full (clocks and the transitions the caller may take). */
json_t *case_summary_json(const struct case_rec *c, enum lang lang);
enum st_rc case_full_json(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct case_rec *c, enum lang lang, json_t **out);

/* Creating a training agreement (apprenticeship program). */
struct agreement_in {
	int64_t person_id;      /* ignored for clients: their own person */
	int64_t org_id;         /* sponsor organisation */
	const char *trade_code;
	int32_t start_date;
	int64_t region_id;      /* advisors: defaults to their own region */
	int has_region;
	int lang;               /* 0 en, 1 fr */
	int has_lang;
	const char *note;
	const char *channel;    /* how the request came in: online, phone, counter, mail */
};
/* On success *rec (arena strings) describes the new case; *out (may be NULL: then build it
 * later, outside the transaction, with case_new_json) gets its full JSON. */
enum st_rc agreement_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct agreement_in *in, enum lang lang, struct case_rec *rec, json_t **out,
    struct dom_err *err);
/* Full JSON of a case just created: no clock running and no hours yet (no database read). */
json_t *case_new_json(const struct case_rec *c, const struct principal *who, enum lang lang);

/* A page of cases the caller may see. filters: state, trade ('' any); name: part of the
 * apprentice's name, accents and case ignored (NULL or '' any); after: keyset cursor. */
struct case_filter {
	const char *program, *state, *trade_code;
	const char *name;
	int64_t person_id, org_id, region_id;   /* narrowing filters asked by the caller */
	int64_t after;
	int limit;
};
enum st_rc case_list(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct case_filter *f, enum lang lang, json_t **items, int64_t *next_after);

/* Events of one case (after a cursor). */
enum st_rc case_events(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t case_id, int64_t after, int limit, json_t **items, int64_t *next_after);

#endif
