/* statuslists: the issuer's Bitstring Status Lists. Every certificate gets one random index,
 * the same in the revocation list and in the suspension list of the same number; a list holds
 * 131,072 entries and a new pair opens when half of one is used (random picks stay cheap and
 * the position reveals neither issue order nor volume). Each list is a signed
 * BitstringStatusListCredential, re-signed in the same transaction as the change it shows. */
#ifndef PASSERELLE_STATUSLISTS_H
#define PASSERELLE_STATUSLISTS_H
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

#define STATUSLIST_TTL_MS 300000 /* how long a verifier may cache a list: 5 minutes */

enum sl_purpose { SL_REVOCATION = 0, SL_SUSPENSION = 1 };
const char *statuslists_purpose_name(enum sl_purpose p);
/* "revocation"/"suspension" -> 0/1; -1 otherwise. */
int statuslists_purpose_parse(const char *s);

/* Write transaction: a free random index (opening a new pair of lists when needed). */
enum st_rc statuslists_allocate(struct st_tx *tx, struct arena *a, int64_t now_us,
    int64_t *list_no, int64_t *index);
/* Write transaction: sets or clears one bit and re-signs that list. */
enum st_rc statuslists_set(struct st_tx *tx, struct arena *a, enum sl_purpose p, int64_t list_no,
    int64_t index, int on, int64_t now_us);
/* Read transaction: the signed list credential (arena text) and when it last changed.
 * ST_NOTFOUND for an unknown list. */
enum st_rc statuslists_credential(struct st_tx *tx, struct arena *a, enum sl_purpose p,
    int64_t list_no, const char **json, int64_t *updated_us);
/* The URL of a list: base/status/revocation/1 (arena). */
const char *statuslists_url(struct arena *a, enum sl_purpose p, int64_t list_no);

#endif
