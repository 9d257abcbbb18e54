/* accounts: users, roles, sessions, API tokens and sign-in throttling.
 *
 * Passwords are Argon2id hashes (crypto.h); hashing and verifying are slow on purpose, so
 * callers do them outside write transactions (account_sign_in does the verification on the
 * calling thread, then one short write).
 * Throttling: after ACCOUNT_SLOW_AFTER consecutive failures a caller must wait
 * 2^(failures - ACCOUNT_SLOW_AFTER) seconds (capped at 60) between attempts (429 slow down);
 * at ACCOUNT_LOCK_AFTER failures the account is locked for ACCOUNT_LOCK_MINUTES (429 locked).
 * Unknown emails get the same answer and the same work as a wrong password. */
#ifndef PASSERELLE_ACCOUNTS_H
#define PASSERELLE_ACCOUNTS_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

#define ACCOUNT_SLOW_AFTER 3
#define ACCOUNT_LOCK_AFTER 10
#define ACCOUNT_LOCK_MINUTES 15

/* Set once at start-up: 1 = minimum Argon2id cost (tests, demo), 0 = interactive. */
void accounts_set_fast_hashing(int fast);
int accounts_fast_hashing(void);

struct user_in {
	const char *email, *display_name;
	const char *pw_hash;          /* already hashed (account_hash_password) */
	enum role role;
	int64_t org_id, region_id, person_id;
	int all_regions;
	const char *lang;             /* "en" / "fr" */
};

/* Hashes a password for user_in (slow; call outside transactions). 0 ok. */
int account_hash_password(const char *pw, char out[128]);
/* Rules for roles: sponsor and partner need an organisation, advisor a region (or
 * all_regions), client a person. E_FIELD_REQUIRED names the missing field. */
enum err_id account_check_attachments(const struct user_in *in, const char **field);

enum st_rc account_create(struct st_tx *tx, const struct principal *actor, const struct user_in *in,
    int64_t *id, struct dom_err *err);
enum st_rc account_set_role(struct st_tx *tx, const struct principal *actor, int64_t user_id,
    enum role role, int64_t org_id, int64_t region_id, int all_regions, struct dom_err *err);
enum st_rc account_set_password(struct st_tx *tx, const struct principal *actor, int64_t user_id,
    const char *pw_hash, struct dom_err *err);
/* JSON of a user (never the hash). */
json_t *account_json_row(const struct st_row *row);
enum st_rc account_get_json(struct st_tx *tx, int64_t user_id, json_t **out);
enum st_rc account_list_json(struct st_tx *tx, const char *role, int64_t after, int limit,
    json_t **items, int64_t *next_after);
enum st_rc account_id_by_email(struct st_tx *tx, const char *email, int64_t *id);

/* Sign-in. On success *session_token gets a fresh token (arena) for the cookie and *user the
 * user's JSON. Refusals: E_AUTH_FAILED, E_AUTH_SLOW_DOWN (retry_after_s set), E_AUTH_LOCKED. */
struct sign_in_result {
	enum err_id err;
	int retry_after_s;
	const char *session_token;
	int64_t user_id;
	json_t *user;
};
int account_sign_in(struct store *st, struct arena *a, const char *email, const char *password,
    int64_t session_ttl_s, struct sign_in_result *res);
/* Opens a session for who (user_id and role set) in the caller's write transaction: a fresh
 * token in token (for the cookie; only its hash is stored), the failure counter reset and a
 * "user.signed_in" event. Used by account_sign_in and by self-registration (signup.h). */
enum st_rc account_session_open(struct st_tx *tx, const struct principal *who, int64_t now,
    int64_t ttl_s, char token[48]);
enum st_rc account_sign_out(struct st_tx *tx, const struct principal *who);
/* Moves the caller's session expiry to now + ttl_s (the "stay signed in" of the pages);
 * ST_NOTFOUND for a bearer token or a revoked session. */
enum st_rc account_session_extend(struct st_tx *tx, const struct principal *who, int64_t ttl_s,
    int64_t *expires_us);
/* Revokes every session of the caller (all devices). */
enum st_rc account_sign_out_everywhere(struct st_tx *tx, const struct principal *who);

/* API tokens: the token text is returned once; only its hash is stored. */
enum st_rc account_token_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *name, int64_t ttl_s, json_t **out);
enum st_rc account_token_list(struct st_tx *tx, const struct principal *who, json_t **out);
enum st_rc account_token_revoke(struct st_tx *tx, const struct principal *who, int64_t id);

/* Resolves a session cookie or bearer token (read transaction). ST_NOTFOUND when invalid.
 * *expires_us (may be NULL) gets the session's or token's expiry. */
enum st_rc account_resolve(struct st_tx *tx, const char *token, int is_bearer,
    struct principal *out, int64_t *expires_us);

/* A small in-process cache of resolved tokens, so that a busy client does not cost a database
 * read per request. An entry lives ACCOUNT_CACHE_TTL_S at most (and never past its session's
 * expiry); every change to a session, token or user clears the cache in this process, and the
 * TTL bounds how long another instance may trust a revoked token. Thread-safe. */
#define ACCOUNT_CACHE_TTL_S 5
int account_cache_get(const char *token, int is_bearer, struct principal *out);
void account_cache_put(const char *token, int is_bearer, const struct principal *p,
    int64_t expires_us);
void account_cache_clear(void);

#endif
