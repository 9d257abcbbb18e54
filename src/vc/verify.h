/* verify: the whole offline check of a verifiable credential against the issuer's DID
 * document and its status lists — shape (VC 2.0), proof, issuer = DID = key controller, key
 * listed for assertions, signature, validity period, and each Bitstring Status List entry.
 * Each check is reported in plain words in English and French (msg area "verify"). */
#ifndef PASSERELLE_VERIFY_H
#define PASSERELLE_VERIFY_H
#include <jansson.h>
#include <stddef.h>
#include <time.h>

struct verify_check {
	const char *id;    /* "format", "proof", "issuer", "key", "signature", "valid_from",
	                    * "valid_until", "status" (one per credentialStatus entry) */
	int ok;
	const char *code;  /* "ok", or why not: "revoked", "suspended", "expired", "not_yet_valid",
	                    * "signature", "key_unknown", "list_missing", "list_short", … */
	char *text[2];     /* [LANG_EN], [LANG_FR]: one sentence, plain text (malloc'd) */
};

struct verify_report {
	struct verify_check *checks;
	size_t n, cap;
	int ok;            /* every check passed (and there was at least one) */
};

/* Returns the status list credential published at url (a new reference), or NULL when it is
 * not available. */
typedef json_t *(*verify_fetch_fn)(const char *url, void *ctx);

/* Checks credential at time now. did_doc is the issuer's DID document (NULL: not available);
 * fetch may be NULL (no status list available). Fills rep (free with verify_report_free) and
 * returns rep->ok. */
int verify_credential(const json_t *credential, const json_t *did_doc, verify_fetch_fn fetch,
    void *ctx, time_t now, struct verify_report *rep);
void verify_report_free(struct verify_report *rep);

/* The issuer id of a credential ("issuer" as a string or its "id"), borrowed; NULL if none. */
const char *verify_issuer_id(const json_t *credential);
/* The DID document a did:key identifier stands for (did:key:z6Mk…, its one Multikey listed for
 * assertions), so did:key credentials verify with no document at hand. NULL for anything else. */
json_t *verify_did_key_document(const char *did);

#endif
