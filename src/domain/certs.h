/* certs: certificates (Certificate of Apprenticeship, Certificate of Qualification with its
 * Red Seal endorsement) issued as W3C verifiable credentials signed with eddsa-jcs-2022, their
 * status (valid, suspended, revoked; expired computed from the expiry date), renewal of
 * compulsory-trade certificates, and the public register.
 *
 * The exact signed document is stored as issued and served byte for byte. Certificate numbers
 * are for people (CQ-309A-000123); the public id in URLs and QR codes is a separate random
 * value (100 bits) so the register cannot be walked. */
#ifndef PASSERELLE_CERTS_H
#define PASSERELLE_CERTS_H
#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "i18n/msg.h"
#include "store/store.h"

enum cert_kind { CERT_APPRENTICESHIP = 0, CERT_QUALIFICATION };
const char *cert_kind_name(enum cert_kind k);  /* "apprenticeship", "qualification" */

/* Renewal opens this many days before expiry; compulsory-trade certificates last a year. */
#define CERT_RENEW_WINDOW_DAYS 90
/* A provisional Certificate of Qualification lasts 90 days, renewable twice, from 30 days
 * before it ends. */
#define CERT_PROVISIONAL_DAYS 90
#define CERT_PROVISIONAL_RENEWALS 2
#define CERT_PROVISIONAL_WINDOW_DAYS 30

struct cert_rec {
	int64_t id;
	const char *public_id, *number, *kind, *trade_code;
	int64_t person_id;
	int red_seal, is_public;
	const char *issued_on, *expires_on;   /* expires_on NULL: does not expire */
	const char *status, *status_reason;   /* status: valid, suspended, revoked */
	int64_t list_no, status_index, case_id;
	const char *source_ref;
	const char *credential;               /* the signed document as issued */
	int64_t issued_us, updated_us, version;
	const char *given_name, *family_name;
	int provisional, renewals;
};

/* The status a reader sees today: "revoked", "suspended", "expired" or "valid". */
const char *cert_status_now(const struct cert_rec *c, int32_t today);

struct cert_issue_in {
	enum cert_kind kind;
	int64_t person_id;
	const char *trade_code;
	int red_seal;           /* qualification: with the Red Seal endorsement */
	int64_t case_id;        /* apprenticeship: the completed agreement */
	const char *source_ref; /* what earned it, e.g. "exam-result:42" */
	int provisional;        /* qualification: provisional, while the exam is still to pass */
};

struct trade;
/* Whether a trade allows provisional Certificates of Qualification: the compulsory trades,
 * where an apprentice who completed the agreement must hold a certificate to keep working
 * until the exam is passed. */
int cert_trade_allows_provisional(const struct trade *t);

/* Write transaction: issues and signs a certificate. A qualification (not provisional) for a
 * person who holds the trade's provisional one replaces it, and a qualification with red_seal
 * for a person who holds the trade's qualification without the endorsement adds it: both
 * re-issue that certificate (same number and public id; the earlier document is kept). Refuses
 * E_CERT_EXISTS when nothing would change, E_CERT_NO_KEY when no signing key exists.
 * *cert_id (may be NULL) gets the certificate's id. */
enum st_rc certs_issue(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct cert_issue_in *in, int64_t *cert_id, struct dom_err *err);

/* Read: a certificate by public id (no scope: what the public id reveals is public).
 * ST_NOTFOUND when there is none. */
enum st_rc certs_by_public_id(struct st_tx *tx, struct arena *a, const char *public_id,
    struct cert_rec *out);
/* Read (staff): by certificate number. ST_NOTFOUND when there is none. */
enum st_rc certs_by_number(struct st_tx *tx, struct arena *a, const char *number,
    struct cert_rec *out);
/* Read: by id, within the caller's scope (the holder, or staff); ST_NOTFOUND otherwise. */
enum st_rc certs_load(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    struct cert_rec *out);
/* Whether who may download the signed credential: the holder, staff, or anyone once the
 * holder made it public. */
int certs_may_download(const struct principal *who, const struct cert_rec *c);

/* The API view of a certificate (without the signed document). */
json_t *certs_json(struct arena *a, const struct cert_rec *c, enum lang lang);

/* Read: the caller's own certificates (clients) — {items: [...]}. */
enum st_rc certs_mine(struct st_tx *tx, struct arena *a, const struct principal *who,
    enum lang lang, json_t **out);
/* Read: a person's certificates (staff). */
enum st_rc certs_of_person(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t person_id, enum lang lang, json_t **out);

struct cert_filter {
	const char *status;     /* "" any */
	const char *trade_code; /* "" any */
	const char *due_before; /* "" any; else expiring on or before this date (renewal reminders) */
	int64_t after;
	int limit;
};
/* Read (staff): certificates by id, one page; *next = last id when more may follow. */
enum st_rc certs_list(struct st_tx *tx, struct arena *a, const struct cert_filter *f,
    enum lang lang, json_t **out, int64_t *next);

enum cert_action { CERT_SUSPEND = 0, CERT_REINSTATE, CERT_REVOKE };
/* Write (certification staff): changes the status with a reason, updates and re-signs the
 * status lists in the same transaction, audits. expect_version 0 skips the check. */
enum st_rc certs_set_status(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, enum cert_action act, const char *reason, int64_t expect_version,
    enum lang lang, json_t **out, struct dom_err *err);
/* Write: renews an expiring certificate for a year (the holder or certification staff):
 * a new signed document with the new validUntil; the old one is kept. */
enum st_rc certs_renew(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    enum lang lang, json_t **out, struct dom_err *err);
/* Write (the holder): lets anyone download the signed credential, or stops it. */
enum st_rc certs_set_public(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, int on, enum lang lang, json_t **out, struct dom_err *err);

/* Read (public): the register — certificates of qualification by certificate number, or by
 * name (at least two letters) and optionally trade: name, trade, status, number only.
 * At most 50 rows. */
enum st_rc certs_register(struct st_tx *tx, struct arena *a, const char *name, const char *trade,
    const char *number, enum lang lang, json_t **out, struct dom_err *err);

/* The agency's name in credentials (serve and seed set it from the configuration). */
void certs_configure(const char *name_en, const char *name_fr);

/* The JSON-LD context of the custom terms (served at issuer_context()); new reference. */
json_t *certs_context_document(void);

#endif
