/* signup: a client creating their own account (self-registration from the web pages).
 *
 * One write transaction creates the person record and a user with the client role attached
 * to it. Nobody is signed in yet, so the person and user creation events have no actor
 * (system, as for imports); a "user.self_registered" event by the new user ties them together.
 * A possible duplicate person (same birth date, similar name) does not refuse: staff merge
 * duplicates later, and refusing would tell a stranger that such a person exists.
 * The password is hashed by the caller before the transaction (account_hash_password). */
#ifndef PASSERELLE_SIGNUP_H
#define PASSERELLE_SIGNUP_H
#include <stdint.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "store/store.h"

struct signup_in {
	const char *given_name, *family_name;   /* as typed (NFC) */
	int32_t birth_date;                     /* days since 1970-01-01 */
	const char *email;                      /* lower case, already checked (email_valid) */
	const char *lang;                       /* "en" / "fr" */
	const char *pw_hash;                    /* account_hash_password */
};

/* Creates the person and the client user. Refusals (ST_CONFLICT with err): E_USER_EXISTS on
 * "email" when an account already uses the email. Re-runnable: outputs are reset first. */
enum st_rc signup_client(struct st_tx *tx, struct arena *a, const struct signup_in *in,
    int64_t *user_id, int64_t *person_id, struct dom_err *err);

#endif
