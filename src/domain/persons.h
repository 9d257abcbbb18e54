/* persons: the people passerelle serves.
 *
 * Names are kept exactly as typed (NFC-normalised by the JSON layer); search_key holds the
 * accent- and case-free form (text_search_key) so "elodie" finds "Élodie". Each person gets a
 * client number with a check digit (C + 7 digits + Luhn). The Social Insurance Number is only
 * stored sealed (crypto_seal, field key from configuration) with its last three digits for
 * the mask "*** *** 123"; it is never returned in clear and never logged.
 * Self-identification (consented) is returned only to the person themself.
 *
 * Visibility: a client sees only their own record; staff roles (advisor, assessor, exam
 * administrator, manager, administrator, auditor) see persons; sponsors and partners do not.
 * Each read of a full record by staff appends a "person.read" event. */
#ifndef PASSERELLE_PERSONS_H
#define PASSERELLE_PERSONS_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

/* The self-identification questions (DESIGN.md), in order. */
extern const char *const person_self_id_keys[];

struct person_in {
	const char *given_name, *family_name;
	int32_t birth_date;
	int lang, has_lang;                 /* 0 en, 1 fr */
	const char *email, *phone, *postal_code, *municipality;
	int64_t region_id;
	int has_region;
	const char *sin;                    /* 9 bare digits, already validated; NULL none */
	json_t *self_id;                    /* validated object or NULL */
	int confirm_not_duplicate;
};

bool person_visible(const struct principal *who, int64_t person_id);
bool person_is_staff(const struct principal *who);

/* Validates a self-identification object: only known keys, booleans, and "consent": true.
 * Returns E_NONE and a normalised copy in *out (owned). */
enum err_id person_self_id_check(json_t *in, json_t **out, const char **field);

/* Creates a person. Possible duplicates (same birth date, similar name) refuse with
 * E_DUPLICATE_PERSON and the candidates unless confirm_not_duplicate. */
enum st_rc person_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct person_in *in, json_t **out, struct dom_err *err);
/* Full record as the caller may see it; logs the read when the caller is staff (so this
 * runs in a write transaction for staff). */
enum st_rc person_get(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    json_t **out);
/* Updates contact details, language and (for the person themself) self-identification. */
struct person_patch {
	const char *email, *phone, *postal_code, *municipality;
	int has_email, has_phone, has_postal, has_municipality;
	int lang, has_lang;
	json_t *self_id;
	int64_t expect_version;
};
enum st_rc person_update(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, const struct person_patch *in, json_t **out, struct dom_err *err);
/* Search: q matches any part of the name, accents and case ignored. */
enum st_rc person_search(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *q, const char *birth_date, const char *client_no, int64_t after, int limit,
    json_t **items, int64_t *next_after);

#endif
