/* The web route table: every page exists at /en/... and /fr/... (one PAGE row makes both),
 * plus "/" and the assets. Roles work as for the API; a page that needs a signed-in user
 * sends an anonymous visitor to the sign-in page (web/errors.c). */
#include "web/pages.h"

#define PUBLIC ROLE_PUBLIC_BIT
#define SIGNED_IN ROLES_ALL
#define CLIENT RB(ROLE_CLIENT)
#define SPONSOR RB(ROLE_SPONSOR)
#define ADMIN RB(ROLE_ADMIN)
#define CASE_READERS (RB(ROLE_CLIENT) | RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | \
	RB(ROLE_ADMIN) | RB(ROLE_AUDITOR))
#define CASE_ACTORS (RB(ROLE_CLIENT) | RB(ROLE_SPONSOR) | RB(ROLE_ADVISOR))
#define CASE_STAFF (RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | RB(ROLE_ADMIN) | RB(ROLE_AUDITOR))

/* contacts (4): who logs contacts and reads the contact-centre dashboard */
#define CONTACT_LOGGERS (RB(ROLE_ADVISOR) | RB(ROLE_MANAGER) | RB(ROLE_ADMIN))

#define FORM_MAX (64 * 1024)
#define PAGE_FLAGS (ROUTE_PAGE | ROUTE_NO_ETAG)

#define PAGE(path, handler, roles, name) \
	{ "GET", "/en" path, handler, roles, 0, PAGE_FLAGS, "page." name }, \
	{ "GET", "/fr" path, handler, roles, 0, PAGE_FLAGS, "page." name }
#define POST(path, handler, roles, name) \
	{ "POST", "/en" path, handler, roles, FORM_MAX, PAGE_FLAGS | ROUTE_FORM_BODY, "form." name }, \
	{ "POST", "/fr" path, handler, roles, FORM_MAX, PAGE_FLAGS | ROUTE_FORM_BODY, "form." name }

const struct route web_routes[] = {
	{ "GET", "/", p_root, PUBLIC, 0, ROUTE_NO_ETAG, "page.root" },
	/* Hashed names: a name never changes content, so no ETag is needed. */
	{ "GET", "/assets/{file}", h_asset, PUBLIC, 0, ROUTE_NO_ETAG, "assets" },

	PAGE("", p_home, PUBLIC, "home"),
	PAGE("/accessibility", p_accessibility, PUBLIC, "accessibility"),
	PAGE("/privacy", p_privacy, PUBLIC, "privacy"),
	PAGE("/contact", p_contact, PUBLIC, "contact"),
	PAGE("/trades", p_trades, PUBLIC, "trades"),
	/* the service locator (3) */
	PAGE("/find-a-service", p_locator, PUBLIC, "find_a_service"),
	/* the service network: rollout (1) */
	PAGE("/rollout", p_rollout, PUBLIC, "rollout"),

	PAGE("/sign-in", p_sign_in_form, PUBLIC, "sign_in"),
	POST("/sign-in", p_sign_in, PUBLIC, "sign_in"),
	POST("/sign-out", p_sign_out, SIGNED_IN, "sign_out"),
	POST("/sign-out-everywhere", p_sign_out_everywhere, SIGNED_IN, "sign_out_everywhere"),
	POST("/session/extend", p_session_extend, SIGNED_IN, "session_extend"),
	PAGE("/create-account", p_create_account_form, PUBLIC, "create_account"),
	POST("/create-account", p_create_account, PUBLIC, "create_account"),
	PAGE("/account", p_account, SIGNED_IN, "account"),

	PAGE("/users", p_users, ADMIN, "users"),
	PAGE("/users/new", p_user_new_form, ADMIN, "user_new"),
	POST("/users", p_user_create, ADMIN, "user_create"),
	PAGE("/users/{id}", p_user_edit_form, ADMIN, "user_edit"),
	POST("/users/{id}", p_user_update, ADMIN, "user_update"),

	PAGE("/my-files", p_my_files, CLIENT, "my_files"),
	PAGE("/agreements/new", p_agreement_start, CLIENT, "agreement_start"),
	PAGE("/agreements/new/{step}", p_agreement_step_form, CLIENT, "agreement_step"),
	POST("/agreements/new/{step}", p_agreement_step, CLIENT, "agreement_step"),
	PAGE("/agreements/{id}/confirmation", p_agreement_confirmation, CLIENT,
	    "agreement_confirmation"),

	PAGE("/apprentices", p_apprentices, SPONSOR, "apprentices"),
	PAGE("/to-sign", p_to_sign, SPONSOR, "to_sign"),
	PAGE("/cases/{id}/hours", p_hours_form, SPONSOR, "hours"),
	POST("/cases/{id}/hours", p_hours_log, SPONSOR, "hours"),

	PAGE("/queue", p_queue, CASE_STAFF, "queue"),
	PAGE("/cases/{id}", p_case, CASE_READERS, "case"),
	PAGE("/cases/{id}/actions/{action}", p_case_action_form, CASE_ACTORS, "case_action"),
	POST("/cases/{id}/actions/{action}", p_case_action, CASE_ACTORS, "case_action"),
	PAGE("/persons", p_persons, ROLES_STAFF, "persons"),
	PAGE("/persons/{id}", p_person, ROLES_STAFF, "person"),

	/* contacts and the contact-centre dashboard (4) */
	PAGE("/contacts/new", p_contact_new_form, CONTACT_LOGGERS, "contact_new"),
	POST("/contacts/new", p_contact_log, CONTACT_LOGGERS, "contact_new"),
	PAGE("/contact-centre", p_contact_centre, CONTACT_LOGGERS, "contact_centre"),
	PAGE("/survey/{token}", p_survey_form, PUBLIC, "survey"),
	POST("/survey/{token}", p_survey_answer, PUBLIC, "survey"),

	/* a point of service (2): public */
	PAGE("/points/{id}", p_point, PUBLIC, "point"),
	/* closures and outreach visits of a point (6): managers and administrators */
	PAGE("/points/{id}/manage", p_point_manage, RB(ROLE_MANAGER) | ADMIN, "point_manage"),
	POST("/points/{id}/manage/closure", p_point_manage_closure, RB(ROLE_MANAGER) | ADMIN,
	    "point_manage_closure"),
	POST("/points/{id}/manage/cancel", p_point_manage_cancel, RB(ROLE_MANAGER) | ADMIN,
	    "point_manage_cancel"),
	/* managing outreach schedules and milestones (net2): managers and administrators */
	POST("/points/{id}/manage/closure/remove", p_point_manage_unclose, RB(ROLE_MANAGER) | ADMIN,
	    "point_manage_unclose"),
	POST("/points/{id}/manage/move", p_point_manage_move, RB(ROLE_MANAGER) | ADMIN,
	    "point_manage_move"),
	POST("/points/{id}/manage/restore", p_point_manage_restore, RB(ROLE_MANAGER) | ADMIN,
	    "point_manage_restore"),
	PAGE("/points/{id}/manage/schedules/new", p_schedule_new_form, RB(ROLE_MANAGER) | ADMIN,
	    "schedule_new"),
	POST("/points/{id}/manage/schedules", p_schedule_add, RB(ROLE_MANAGER) | ADMIN,
	    "schedule_new"),
	PAGE("/points/{id}/manage/schedules/{sid}/delete", p_schedule_delete_form,
	    RB(ROLE_MANAGER) | ADMIN, "schedule_delete"),
	POST("/points/{id}/manage/schedules/{sid}/delete", p_schedule_delete,
	    RB(ROLE_MANAGER) | ADMIN, "schedule_delete"),
	PAGE("/rollout/{id}/edit", p_milestones_form, RB(ROLE_MANAGER) | ADMIN, "milestones"),
	POST("/rollout/{id}/edit", p_milestones_save, RB(ROLE_MANAGER) | ADMIN, "milestones"),

	/* client segments (5): managers and administrators */
	PAGE("/segments", p_segments, RB(ROLE_MANAGER) | ADMIN, "segments"),
	POST("/segments", p_segment_create, RB(ROLE_MANAGER) | ADMIN, "segments"),
	PAGE("/segments/{id}", p_segment, RB(ROLE_MANAGER) | ADMIN, "segment"),

	/* certificates (issue 5): the QR code's short address, the verification page, the register */
	{ "GET", "/v/{id}", p_verify_entry, PUBLIC, 0, ROUTE_NO_ETAG, "page.verify_entry" },
	PAGE("/v/{id}", p_verify, PUBLIC, "verify"),
	PAGE("/register", p_register, PUBLIC, "register"),
	PAGE("/my-certificates", p_my_certificates, CLIENT, "my_certificates"),
	POST("/my-certificates/{id}/sharing", p_my_certificate_sharing, CLIENT, "certificate_sharing"),
	POST("/my-certificates/{id}/renew", p_my_certificate_renew, CLIENT, "certificate_renew"),
	PAGE("/certificates", p_certificates, ROLES_STAFF, "certificates"),
	PAGE("/certificates/{id}", p_certificate, ROLES_STAFF, "certificate"),
	POST("/certificates/{id}", p_certificate_status, RB(ROLE_EXAM_ADMIN) | ADMIN, "certificate_status"),

	/* exams (issue 5): the candidate's bookings and results; the exam administrators'
	 * sessions, results, accommodations; the reports also for managers. /new before {id}. */
	PAGE("/my-exams", p_my_exams, CLIENT, "my_exams"),
	POST("/my-exams/book", p_my_exams_book, CLIENT, "my_exams_book"),
	PAGE("/my-exams/bookings/{id}/cancel", p_my_exam_cancel_form, CLIENT, "my_exam_cancel"),
	POST("/my-exams/bookings/{id}/cancel", p_my_exam_cancel, CLIENT, "my_exam_cancel"),
	POST("/my-exams/bookings/{id}/rebook", p_my_exam_rebook, CLIENT, "my_exam_rebook"),
	PAGE("/my-exams/bookings/{id}/accommodation", p_my_exam_accommodation_form, CLIENT,
	    "my_exam_accommodation"),
	POST("/my-exams/bookings/{id}/accommodation", p_my_exam_accommodation, CLIENT,
	    "my_exam_accommodation"),
	PAGE("/exam-sessions", p_exam_sessions, RB(ROLE_EXAM_ADMIN) | ADMIN, "exam_sessions"),
	PAGE("/exam-sessions/new", p_exam_session_new_form, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_session_new"),
	POST("/exam-sessions", p_exam_session_create, RB(ROLE_EXAM_ADMIN) | ADMIN, "exam_session_new"),
	PAGE("/exam-sessions/{id}", p_exam_session, RB(ROLE_EXAM_ADMIN) | ADMIN, "exam_session"),
	POST("/exam-sessions/{id}/results", p_exam_session_results, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_session_results"),
	POST("/exam-sessions/{id}/release", p_exam_session_release, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_session_release"),
	PAGE("/exam-sessions/{id}/cancel", p_exam_session_cancel_form, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_session_cancel"),
	POST("/exam-sessions/{id}/cancel", p_exam_session_cancel, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_session_cancel"),
	PAGE("/exam-accommodations", p_exam_accommodations, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_accommodations"),
	POST("/exam-accommodations/{id}", p_exam_accommodation_decide, RB(ROLE_EXAM_ADMIN) | ADMIN,
	    "exam_accommodation_decide"),
	PAGE("/exam-reports", p_exam_reports, RB(ROLE_EXAM_ADMIN) | RB(ROLE_MANAGER) | ADMIN,
	    "exam_reports"),
};

const size_t web_route_count = sizeof(web_routes) / sizeof(web_routes[0]);
