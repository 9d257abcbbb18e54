/* The route table: every HTTP endpoint of passerelle, its roles, body limit and flags.
 * The router checks method, sign-in, role, content type and body size before a handler runs;
 * handlers then enforce record scope (another person's record answers 404). */
#include "api/api.h"

#define PUBLIC ROLE_PUBLIC_BIT
#define ANYONE_SIGNED_IN ROLES_ALL
#define ADMIN RB(ROLE_ADMIN)
#define AUDIT (RB(ROLE_AUDITOR) | RB(ROLE_ADMIN))
#define CASE_READERS (RB(ROLE_CLIENT) | RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | \
	RB(ROLE_ADMIN) | RB(ROLE_AUDITOR))
#define CASE_ACTORS (RB(ROLE_CLIENT) | RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR))
#define ORG_READERS (ROLES_STAFF | RB(ROLE_SPONSOR) | RB(ROLE_PARTNER))
#define REGISTRARS (RB(ROLE_ADVISOR) | RB(ROLE_ADMIN))
#define CERTIFIERS (RB(ROLE_EXAM_ADMIN) | RB(ROLE_ADMIN))

#define KB 1024
#define JSON ROUTE_JSON_BODY
#define IDEM (ROUTE_JSON_BODY | ROUTE_IDEMPOTENT)

/* Certification exams (issue 5). */
#define EXAM_STAFF (RB(ROLE_EXAM_ADMIN) | ADMIN)
#define EXAM_BOOKERS (RB(ROLE_CLIENT) | RB(ROLE_ADVISOR) | EXAM_STAFF)
#define EXAM_READERS (RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | RB(ROLE_AUDITOR) | EXAM_STAFF)

const struct route http_routes[] = {
	{ "GET", "/healthz", h_healthz, PUBLIC, 0, ROUTE_NO_ETAG, "healthz" },
	{ "GET", "/metrics", h_metrics, PUBLIC, 0, ROUTE_NO_ETAG, "metrics" },

	{ "POST", "/api/v1/session", h_session_create, PUBLIC, 4 * KB, JSON, "session.create" },
	{ "DELETE", "/api/v1/session", h_session_delete, ANYONE_SIGNED_IN, 0, 0, "session.delete" },
	{ "GET", "/api/v1/me", h_me, ANYONE_SIGNED_IN, 0, 0, "me.get" },
	{ "GET", "/api/v1/tokens", h_tokens_list, ANYONE_SIGNED_IN, 0, 0, "tokens.list" },
	{ "POST", "/api/v1/tokens", h_token_create, ANYONE_SIGNED_IN, 1 * KB, JSON, "tokens.create" },
	{ "DELETE", "/api/v1/tokens/{id}", h_token_delete, ANYONE_SIGNED_IN, 0, 0, "tokens.delete" },

	{ "GET", "/api/v1/users", h_users_list, ADMIN, 0, 0, "users.list" },
	{ "POST", "/api/v1/users", h_user_create, ADMIN, 4 * KB, IDEM, "users.create" },
	{ "PUT", "/api/v1/users/{id}", h_user_update, ADMIN, 4 * KB, JSON, "users.update" },

	{ "GET", "/api/v1/persons", h_persons_search, ROLES_STAFF, 0, 0, "persons.search" },
	{ "POST", "/api/v1/persons", h_person_create, REGISTRARS, 16 * KB, IDEM, "persons.create" },
	{ "GET", "/api/v1/persons/{id}", h_person_get, ROLES_STAFF | RB(ROLE_CLIENT), 0, 0, "persons.get" },
	{ "PATCH", "/api/v1/persons/{id}", h_person_update,
	  RB(ROLE_CLIENT) | RB(ROLE_ADVISOR) | RB(ROLE_ADMIN), 16 * KB, JSON, "persons.update" },

	{ "GET", "/api/v1/organisations", h_orgs_list, ORG_READERS, 0, 0, "organisations.list" },
	{ "POST", "/api/v1/organisations", h_org_create, REGISTRARS, 8 * KB, IDEM, "organisations.create" },
	{ "GET", "/api/v1/organisations/{id}", h_org_get, ORG_READERS, 0, 0, "organisations.get" },
	{ "GET", "/api/v1/organisations/{id}/apprentices", h_org_apprentices,
	  RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | AUDIT, 0, 0, "organisations.apprentices" },

	{ "GET", "/api/v1/regions", h_regions_list, PUBLIC, 0, 0, "regions.list" },
	{ "GET", "/api/v1/trades", h_trades_list, PUBLIC, 0, 0, "trades.list" },
	{ "GET", "/api/v1/programs", h_programs_list, PUBLIC, 0, 0, "programs.list" },
	{ "GET", "/api/v1/openapi.json", h_openapi, PUBLIC, 0, 0, "openapi.get" },

	{ "GET", "/api/v1/agreements", h_agreements_list, CASE_READERS, 0, 0, "agreements.list" },
	{ "POST", "/api/v1/agreements", h_agreement_create, RB(ROLE_CLIENT) | RB(ROLE_ADVISOR),
	  8 * KB, IDEM, "agreements.create" },
	{ "GET", "/api/v1/agreements/{id}", h_agreement_get, CASE_READERS, 0, 0, "agreements.get" },
	{ "POST", "/api/v1/agreements/{id}/transitions", h_agreement_transition, CASE_ACTORS,
	  8 * KB, JSON, "agreements.transition" },
	{ "GET", "/api/v1/agreements/{id}/events", h_agreement_events, CASE_READERS, 0, 0,
	  "agreements.events" },
	{ "GET", "/api/v1/agreements/{id}/hours", h_hours_list, CASE_READERS, 0, 0, "hours.list" },
	{ "POST", "/api/v1/agreements/{id}/hours", h_hours_create,
	  RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR), 4 * KB, IDEM, "hours.create" },
	{ "POST", "/api/v1/hours/{id}/decision", h_hours_decide, RB(ROLE_ADVISOR), 4 * KB, JSON,
	  "hours.decide" },

	{ "GET", "/api/v1/queue", h_queue, RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | ADMIN, 0, 0, "queue.get" },

	{ "GET", "/api/v1/audit/events", h_audit_events, AUDIT, 0, 0, "audit.events" },
	{ "GET", "/api/v1/audit/verify", h_audit_verify, AUDIT, 0, ROUTE_NO_ETAG, "audit.verify" },

	{ "POST", "/api/v1/import/{kind}", h_import, ADMIN, 8 * KB * KB, 0, "import" },

	/* The service network: catchment areas and the rollout (1) */
	{ "GET", "/api/v1/catchments", h_catchments_list, PUBLIC, 0, 0, "catchments.list" },
	{ "GET", "/api/v1/catchments/{id}", h_catchment_get, PUBLIC, 0, 0, "catchments.get" },
	{ "PUT", "/api/v1/catchments/{id}/milestones/{kind}", h_catchment_milestone_put,
	  RB(ROLE_MANAGER) | ADMIN, 1 * KB, JSON, "catchments.milestone_put" },

	/* Contacts and the contact-centre measures (4): staff who serve clients record contacts;
	 * a telephony integration (an administrator's or a partner's API token) posts call
	 * records in bulk; managers, administrators, auditors and advisors read the measures. */
	{ "POST", "/api/v1/contacts", h_contact_create, RB(ROLE_ADVISOR) | RB(ROLE_ASSESSOR) |
	  RB(ROLE_EXAM_ADMIN) | RB(ROLE_MANAGER) | ADMIN, 8 * KB, IDEM, "contacts.create" },
	{ "POST", "/api/v1/contacts/bulk", h_contacts_bulk, RB(ROLE_PARTNER) | ADMIN, 1024 * KB,
	  JSON, "contacts.bulk" },
	{ "GET", "/api/v1/contacts/measures", h_contact_measures, RB(ROLE_ADVISOR) |
	  RB(ROLE_MANAGER) | AUDIT, 0, ROUTE_NO_ETAG, "contacts.measures" },

	/* Client segments (5): managers and administrators define them; auditors read the
	 * reports, whose small counts are suppressed. */
	{ "GET", "/api/v1/segments", h_segments_list, RB(ROLE_MANAGER) | AUDIT, 0, 0, "segments.list" },
	{ "POST", "/api/v1/segments", h_segment_create, RB(ROLE_MANAGER) | ADMIN, 8 * KB, IDEM,
	  "segments.create" },
	{ "GET", "/api/v1/segments/{id}/report", h_segment_report, RB(ROLE_MANAGER) | AUDIT, 0,
	  ROUTE_NO_ETAG, "segments.report" },

	/* The service locator and the supports of other governments (3): public */
	{ "GET", "/api/v1/locator", h_locator, PUBLIC, 0, 0, "locator.find" },
	{ "GET", "/api/v1/supports", h_supports, PUBLIC, 0, 0, "supports.list" },

	/* Points of service, outreach calendars, CSV import, GeoJSON (2): the network is public;
	 * managers and administrators change it. import comes before {id}: first match wins. */
	{ "GET", "/api/v1/points", h_points_list, PUBLIC, 0, 0, "points.list" },
	{ "POST", "/api/v1/points", h_point_create, RB(ROLE_MANAGER) | ADMIN, 16 * KB, IDEM,
	  "points.create" },
	{ "POST", "/api/v1/points/import", h_points_import, RB(ROLE_MANAGER) | ADMIN, 8 * KB * KB, 0,
	  "points.import" },
	{ "GET", "/api/v1/points/{id}", h_point_get, PUBLIC, 0, 0, "points.get" },
	{ "PUT", "/api/v1/points/{id}", h_point_update, RB(ROLE_MANAGER) | ADMIN, 16 * KB, JSON,
	  "points.update" },
	{ "GET", "/api/v1/points/{id}/calendar.ics", h_point_calendar, PUBLIC, 0, 0,
	  "points.calendar" },
	{ "GET", "/api/v1/regions/{id}/calendar.ics", h_region_calendar, PUBLIC, 0, 0,
	  "regions.calendar" },

	/* Closures and outreach schedules (6): managers and administrators. */
	{ "PUT", "/api/v1/points/{id}/closures/{date}", h_point_closure_put,
	  RB(ROLE_MANAGER) | ADMIN, 4 * KB, JSON, "closures.put" },
	{ "DELETE", "/api/v1/points/{id}/closures/{date}", h_point_closure_delete,
	  RB(ROLE_MANAGER) | ADMIN, 0, 0, "closures.delete" },
	{ "POST", "/api/v1/points/{id}/outreach", h_outreach_create, RB(ROLE_MANAGER) | ADMIN,
	  4 * KB, IDEM, "outreach.create" },
	{ "DELETE", "/api/v1/outreach/{id}", h_outreach_delete, RB(ROLE_MANAGER) | ADMIN, 0, 0,
	  "outreach.delete" },
	{ "PUT", "/api/v1/outreach/{id}/exceptions/{date}", h_outreach_move,
	  RB(ROLE_MANAGER) | ADMIN, 4 * KB, JSON, "outreach.move" },
	{ "PUT", "/api/v1/outreach/{id}/cancellations/{date}", h_outreach_cancel,
	  RB(ROLE_MANAGER) | ADMIN, 0, 0, "outreach.cancel" },
	/* Restoring a visit (net2): undoes its cancellation or its move. */
	{ "DELETE", "/api/v1/outreach/{id}/cancellations/{date}", h_outreach_restore,
	  RB(ROLE_MANAGER) | ADMIN, 0, 0, "outreach.uncancel" },
	{ "DELETE", "/api/v1/outreach/{id}/exceptions/{date}", h_outreach_restore,
	  RB(ROLE_MANAGER) | ADMIN, 0, 0, "outreach.unmove" },
	/* Certificates and verifiable credentials (issue 5). The documents a verifier fetches are
	 * public; a credential itself only for its holder, staff, or anyone once made public. */
	{ "GET", "/.well-known/did.json", h_did_document, PUBLIC, 0, 0, "did.document" },
	{ "GET", "/contexts/trade-credential/v1", h_vc_context, PUBLIC, 0, 0, "vc.context" },
	{ "GET", "/status/{purpose}/{n}", h_status_list, PUBLIC, 0, 0, "status.list" },
	{ "GET", "/api/v1/credentials/{public_id}", h_credential_get, PUBLIC, 0, 0,
	  "credentials.get" },
	{ "GET", "/api/v1/credentials/{public_id}/pdf", h_credential_pdf, PUBLIC, 0, 0,
	  "credentials.pdf" },
	{ "GET", "/api/v1/register", h_register_search, PUBLIC, 0, ROUTE_NO_ETAG, "register.search" },
	{ "GET", "/api/v1/certificates", h_certificates_list, ROLES_STAFF, 0, 0, "certificates.list" },
	{ "GET", "/api/v1/certificates/{id}", h_certificate_get, ROLES_STAFF | RB(ROLE_CLIENT), 0, 0,
	  "certificates.get" },
	{ "GET", "/api/v1/me/certificates", h_my_certificates, RB(ROLE_CLIENT), 0, 0,
	  "certificates.mine" },
	{ "GET", "/api/v1/persons/{id}/certificates", h_person_certificates, ROLES_STAFF, 0, 0,
	  "certificates.of_person" },
	{ "POST", "/api/v1/certificates/{id}/suspend", h_certificate_suspend, CERTIFIERS, 4 * KB,
	  JSON, "certificates.suspend" },
	{ "POST", "/api/v1/certificates/{id}/reinstate", h_certificate_reinstate, CERTIFIERS, 4 * KB,
	  JSON, "certificates.reinstate" },
	{ "POST", "/api/v1/certificates/{id}/revoke", h_certificate_revoke, CERTIFIERS, 4 * KB,
	  JSON, "certificates.revoke" },
	{ "POST", "/api/v1/certificates/{id}/renew", h_certificate_renew,
	  CERTIFIERS | RB(ROLE_CLIENT), 0, 0, "certificates.renew" },
	{ "PUT", "/api/v1/certificates/{id}/public", h_certificate_public, RB(ROLE_CLIENT), 1 * KB,
	  JSON, "certificates.public" },

	/* Certification exams (issue 5): the rules and the session calendar are public; exam
	 * administrators (and administrators) run sessions, results and accommodations; clients
	 * book for themselves, advisors on a client's behalf; assessors grant exam authorisations
	 * (equivalency); managers read the release standard and pass rates. import comes before
	 * {id}: first match wins. */
	{ "GET", "/api/v1/exams/rules", h_exam_rules_list, PUBLIC, 0, 0, "exams.rules_list" },
	{ "PUT", "/api/v1/exams/rules/{kind}", h_exam_rules_put, ADMIN, 2 * KB, JSON,
	  "exams.rules_put" },
	{ "GET", "/api/v1/exams/sessions", h_exam_sessions_list, PUBLIC, 0, 0, "exams.sessions_list" },
	{ "POST", "/api/v1/exams/sessions", h_exam_session_create, EXAM_STAFF, 4 * KB, IDEM,
	  "exams.sessions_create" },
	{ "POST", "/api/v1/exams/sessions/import", h_exam_sessions_import, EXAM_STAFF, 2048 * KB, 0,
	  "exams.sessions_import" },
	{ "GET", "/api/v1/exams/sessions/{id}", h_exam_session_get, PUBLIC, 0, 0, "exams.sessions_get" },
	{ "PATCH", "/api/v1/exams/sessions/{id}", h_exam_session_update, EXAM_STAFF, 4 * KB, JSON,
	  "exams.sessions_update" },
	{ "POST", "/api/v1/exams/sessions/{id}/cancel", h_exam_session_cancel, EXAM_STAFF, 4 * KB,
	  JSON, "exams.sessions_cancel" },
	{ "GET", "/api/v1/exams/sessions/{id}/bookings", h_exam_session_bookings, EXAM_READERS, 0,
	  0, "exams.sessions_bookings" },
	{ "POST", "/api/v1/exams/sessions/{id}/results", h_exam_session_results_import, EXAM_STAFF,
	  2048 * KB, 0, "exams.results_import" },
	{ "POST", "/api/v1/exams/sessions/{id}/release", h_exam_session_release, EXAM_STAFF, 0, 0,
	  "exams.results_release" },
	{ "GET", "/api/v1/exams/authorisations", h_exam_authorisations_list,
	  RB(ROLE_ASSESSOR) | RB(ROLE_ADVISOR) | EXAM_STAFF, 0, 0, "exams.authorisations_list" },
	{ "POST", "/api/v1/exams/authorisations", h_exam_authorisation_create,
	  RB(ROLE_ASSESSOR) | ADMIN, 4 * KB, IDEM, "exams.authorisations_create" },
	{ "POST", "/api/v1/exams/authorisations/{id}/revoke", h_exam_authorisation_revoke,
	  RB(ROLE_ASSESSOR) | ADMIN, 4 * KB, JSON, "exams.authorisations_revoke" },
	{ "POST", "/api/v1/exams/bookings", h_exam_book, EXAM_BOOKERS, 2 * KB, IDEM, "exams.book" },
	{ "GET", "/api/v1/exams/bookings/{id}", h_exam_booking_get, EXAM_BOOKERS | EXAM_READERS, 0,
	  0, "exams.bookings_get" },
	{ "POST", "/api/v1/exams/bookings/{id}/cancel", h_exam_booking_cancel, EXAM_BOOKERS,
	  4 * KB, JSON, "exams.bookings_cancel" },
	{ "POST", "/api/v1/exams/bookings/{id}/rebook", h_exam_rebook, EXAM_BOOKERS, 2 * KB, JSON,
	  "exams.bookings_rebook" },
	{ "PUT", "/api/v1/exams/bookings/{id}/result", h_exam_result_put, EXAM_STAFF, 2 * KB, JSON,
	  "exams.result_put" },
	{ "POST", "/api/v1/exams/bookings/{id}/accommodations", h_exam_accommodation_create,
	  EXAM_BOOKERS, 8 * KB, JSON, "exams.accommodations_create" },
	{ "GET", "/api/v1/exams/accommodations", h_exam_accommodations_list, EXAM_STAFF, 0,
	  ROUTE_NO_ETAG, "exams.accommodations_list" },
	{ "POST", "/api/v1/exams/accommodations/{id}/decision", h_exam_accommodation_decide,
	  EXAM_STAFF, 4 * KB, JSON, "exams.accommodations_decide" },
	{ "GET", "/api/v1/exams/standards", h_exam_standards, RB(ROLE_MANAGER) | RB(ROLE_AUDITOR) |
	  EXAM_STAFF, 0, ROUTE_NO_ETAG, "exams.standards" },
	{ "GET", "/api/v1/exams/pass-rates", h_exam_pass_rates, RB(ROLE_MANAGER) | EXAM_STAFF, 0,
	  ROUTE_NO_ETAG, "exams.pass_rates" },
	{ "GET", "/api/v1/exams/my/eligibility", h_exam_my_eligibility, RB(ROLE_CLIENT), 0,
	  ROUTE_NO_ETAG, "exams.my_eligibility" },
	{ "GET", "/api/v1/exams/my/bookings", h_exam_my_bookings, RB(ROLE_CLIENT), 0, ROUTE_NO_ETAG,
	  "exams.my_bookings" },
	{ "GET", "/api/v1/exams/my/results", h_exam_my_results, RB(ROLE_CLIENT), 0, ROUTE_NO_ETAG,
	  "exams.my_results" },
};

const size_t http_route_count = sizeof(http_routes) / sizeof(http_routes[0]);
