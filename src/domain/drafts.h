/* drafts: the answers of a signed-in user's unfinished web journey (e.g. starting a training
 * agreement), kept on the server between the steps of a one-question-per-page form and when
 * the session ends (WCAG 2.2.1: nothing is lost on time-out). One draft per user and kind;
 * the data is a JSON object whose members the journey defines and validates.
 * A draft belongs to the caller alone: every function works on who->user_id's draft.
 * All functions run inside a caller's transaction; put and delete are writes. */
#ifndef PASSERELLE_DRAFTS_H
#define PASSERELLE_DRAFTS_H
#include <stdint.h>

#include <jansson.h>

#include "domain/roles.h"
#include "store/store.h"

/* The kinds of drafts, as in the schema. */
#define DRAFT_AGREEMENT "agreement"

/* The caller's draft of kind: ST_OK with *data (owned JSON object) and *updated_us (may be
 * NULL), or ST_NOTFOUND (*data NULL) when there is none or it is unreadable. */
enum st_rc draft_get(struct st_tx *tx, const struct principal *who, const char *kind,
    json_t **data, int64_t *updated_us);
/* Saves data (a JSON object, borrowed) as the caller's draft of kind, replacing any. */
enum st_rc draft_put(struct st_tx *tx, const struct principal *who, const char *kind,
    const json_t *data);
/* Deletes the caller's draft of kind (ST_OK when there was none). */
enum st_rc draft_delete(struct st_tx *tx, const struct principal *who, const char *kind);

#endif
