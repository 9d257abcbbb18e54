/* api: JSON endpoints under /api/v1. One file per resource; routes are declared only in
 * routes.c. Handlers are thin: validate (jspec) -> one domain call -> reply. This header
 * declares every handler and the helpers they share. */
#ifndef PASSERELLE_API_H
#define PASSERELLE_API_H
#include <stdint.h>

#include "domain/domerr.h"
#include "http/http.h"

/* Shared server settings the handlers need (set once by serve). */
struct api_settings {
	int64_t session_ttl_s;
	int64_t token_ttl_s;
};
extern struct api_settings api_settings;

/* ---- helpers (common.c) ---- */
/* Replies for a domain outcome: ST_NOTFOUND -> 404, ST_CONFLICT with err -> its problem,
 * other failures -> 500/503. Takes err->extra. */
void api_reply_failure(struct req *r, enum st_rc rc, struct dom_err *err);
/* Parses the {id} path argument k as a positive integer; replies 404 and returns -1 if not. */
int api_arg_id(struct req *r, int k, int64_t *out);
/* Pagination: limit (1..200, default 50) and cursor (opaque). Replies 400 on bad input. */
struct api_page {
	int limit;
	int64_t after;     /* decoded keyset position */
	int64_t after2;    /* second component for two-part keys */
};
int api_page(struct req *r, struct api_page *pg);
/* Only the cursor parameter into pg->after/after2 (for replies that are not api_page lists);
 * replies 400 and returns -1 when malformed. */
int api_cursor_param(struct req *r, struct api_page *pg);
/* Encodes a cursor for the next page (arena); NULL when there is none. */
const char *api_cursor(struct req *r, int64_t a, int64_t b);
/* Replies {"items": items, "next_cursor": ...} (takes items). CSV when ?format=csv and a
 * column list is given (NULL-terminated JSON member names, dotted for nested members). */
void api_reply_page(struct req *r, json_t *items, const char *next_cursor,
    const char *const *csv_columns);
/* Optional integer query parameter; replies 400 and returns -1 when malformed. */
int api_query_i64(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out);
/* Optional query parameter restricted to a list; replies 400 and returns -1 otherwise. */
int api_query_enum(struct req *r, const char *name, const char *const *allowed, const char **out);

/* The common part of a handler's context: put it first in the handler's own struct.
 * A transaction function fills out (reply body) or err; api_op_reply sends it. */
struct api_op {
	const struct principal *who;
	enum lang lang;
	struct arena *a;
	unsigned status;   /* success status: 200 or 201 */
	json_t *out;
	struct dom_err err;
};
void api_op_init(struct api_op *op, struct req *r, unsigned status);
/* Call first in every transaction function: a re-run must start clean. */
void api_op_reset(struct api_op *op);
/* http_write_reply for contexts that start with struct api_op. */
void api_op_reply(struct req *r, void *ctx, enum st_rc rc);
/* Runs fn in a read transaction and replies through api_op_reply. Returns 0. */
int api_read(struct req *r, st_tx_fn fn, struct api_op *op);
/* Runs fn in a read transaction and replies a page of op->out, whose next-page cursor fn
 * leaves in *next (0: last page); csv_columns as for api_reply_page. Returns 0. */
int api_read_page(struct req *r, st_tx_fn fn, struct api_op *op, const int64_t *next,
    const char *const *csv_columns);
/* Replies 400 for a jspec error. Returns 0. */
struct jerr;
int api_reply_jerr(struct req *r, const struct jerr *e);

/* ---- handlers ---- */
int h_healthz(struct req *r);
int h_metrics(struct req *r);
int h_session_create(struct req *r);
int h_session_delete(struct req *r);
int h_me(struct req *r);
int h_tokens_list(struct req *r);
int h_token_create(struct req *r);
int h_token_delete(struct req *r);
int h_users_list(struct req *r);
int h_user_create(struct req *r);
int h_user_update(struct req *r);
int h_persons_search(struct req *r);
int h_person_create(struct req *r);
int h_person_get(struct req *r);
int h_person_update(struct req *r);
int h_orgs_list(struct req *r);
int h_org_create(struct req *r);
int h_org_get(struct req *r);
int h_org_apprentices(struct req *r);
int h_regions_list(struct req *r);
int h_trades_list(struct req *r);
int h_programs_list(struct req *r);
int h_openapi(struct req *r);
int h_agreements_list(struct req *r);
int h_agreement_create(struct req *r);
int h_agreement_get(struct req *r);
int h_agreement_transition(struct req *r);
int h_agreement_events(struct req *r);
int h_hours_list(struct req *r);
int h_hours_create(struct req *r);
int h_hours_decide(struct req *r);
int h_queue(struct req *r);
int h_audit_events(struct req *r);
int h_audit_verify(struct req *r);
int h_import(struct req *r);
/* points of service (2) */
int h_points_list(struct req *r);
int h_point_get(struct req *r);
int h_point_create(struct req *r);
int h_point_update(struct req *r);
int h_points_import(struct req *r);
int h_point_calendar(struct req *r);
int h_region_calendar(struct req *r);
/* closures and outreach schedules (6, h_schedules.c) */
int h_point_closure_put(struct req *r);
int h_point_closure_delete(struct req *r);
int h_outreach_create(struct req *r);
int h_outreach_delete(struct req *r);
int h_outreach_move(struct req *r);
int h_outreach_cancel(struct req *r);
int h_outreach_restore(struct req *r);
/* the service network: catchments and rollout (h_network.c) */
int h_catchments_list(struct req *r);
int h_catchment_get(struct req *r);
int h_catchment_milestone_put(struct req *r);

/* contacts and the contact-centre measures (h_contacts.c) */
int h_contact_create(struct req *r);
int h_contacts_bulk(struct req *r);
int h_contact_measures(struct req *r);
/* client segments (h_segments.c) */
int h_segments_list(struct req *r);
int h_segment_create(struct req *r);
int h_segment_report(struct req *r);

/* the service locator and the supports of other governments (h_locator.c) */
int h_locator(struct req *r);
int h_supports(struct req *r);

/* certificates and verifiable credentials (h_credentials.c) */
int h_did_document(struct req *r);
int h_vc_context(struct req *r);
int h_status_list(struct req *r);
int h_credential_get(struct req *r);
int h_credential_pdf(struct req *r);
int h_register_search(struct req *r);
int h_certificates_list(struct req *r);
int h_certificate_get(struct req *r);
int h_my_certificates(struct req *r);
int h_person_certificates(struct req *r);
int h_certificate_suspend(struct req *r);
int h_certificate_reinstate(struct req *r);
int h_certificate_revoke(struct req *r);
int h_certificate_renew(struct req *r);
int h_certificate_public(struct req *r);
/* The register's per-address budget (shared by the API and the register page): 1 when this
 * request may search; else 0 with Retry-After set (the caller replies 429). */
int api_register_allowed(struct req *r);

/* certification exams: sessions, bookings, results (h_exams.c) */
int h_exam_rules_list(struct req *r);
int h_exam_rules_put(struct req *r);
int h_exam_sessions_list(struct req *r);
int h_exam_session_create(struct req *r);
int h_exam_sessions_import(struct req *r);
int h_exam_session_get(struct req *r);
int h_exam_session_update(struct req *r);
int h_exam_session_cancel(struct req *r);
int h_exam_session_bookings(struct req *r);
int h_exam_session_results_import(struct req *r);
int h_exam_session_release(struct req *r);
int h_exam_authorisations_list(struct req *r);
int h_exam_authorisation_create(struct req *r);
int h_exam_authorisation_revoke(struct req *r);
int h_exam_book(struct req *r);
int h_exam_booking_get(struct req *r);
int h_exam_booking_cancel(struct req *r);
int h_exam_rebook(struct req *r);
int h_exam_result_put(struct req *r);
int h_exam_accommodation_create(struct req *r);
int h_exam_accommodations_list(struct req *r);
int h_exam_accommodation_decide(struct req *r);
int h_exam_standards(struct req *r);
int h_exam_pass_rates(struct req *r);
int h_exam_my_eligibility(struct req *r);
int h_exam_my_bookings(struct req *r);
int h_exam_my_results(struct req *r);
#endif
