/* audit: the append-only, hash-chained event log (table events).
 *
 * Every write in passerelle appends at least one event: who (user id and role), when
 * (microseconds, computed here), what (entity, id, type), the case it belongs to, the state
 * change for case transitions, and a JSON payload holding before -> after values. Reads of a
 * person's full record by staff are events too.
 *
 * Chain: hash_n = SHA-256(hash_{n-1} || "\n" || canonical text of row n), the text holding
 * every column but the id, with an empty predecessor for the first row; rows chain in id order.
 * audit_verify() recomputes the chain and names the first row whose stored hash differs
 * (edited, inserted or deleted rows all break it).
 * Writers are serialised (single writer / serializable transaction), so the tail read in
 * audit_append is the true predecessor. */
#ifndef PASSERELLE_AUDIT_H
#define PASSERELLE_AUDIT_H
#include <stdint.h>

#include <jansson.h>

#include "domain/roles.h"
#include "store/store.h"

struct audit_event {
	const char *entity;      /* "case", "person", "organisation", "user", "hours", ... */
	int64_t entity_id;
	int64_t case_id;         /* 0 when not about a case */
	const char *type;        /* "case.created", "case.transition", "person.read", ... */
	const char *from_state;  /* may be NULL */
	const char *to_state;    /* may be NULL */
	json_t *payload;         /* borrowed; may be NULL ({}) */
};

/* Appends one event in the caller's write transaction. who may be NULL (system). *id_out may
 * be NULL. */
enum st_rc audit_append(struct st_tx *tx, const struct principal *who, const struct audit_event *ev,
    int64_t *id_out);

struct audit_report {
	int64_t checked;
	int64_t first_bad_id;    /* 0 when the chain is intact */
	char reason[160];
};
/* Read transaction: verifies the whole chain. ST_OK even when tampered (see report). */
enum st_rc audit_verify(struct st_tx *tx, struct audit_report *rep);

/* A JSON snapshot helper: {"before": before, "after": after} (both taken, may be NULL). */
json_t *audit_diff(json_t *before, json_t *after);

#endif
