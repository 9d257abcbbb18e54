/* pages: every page handler (routes in web/routes.c). One file per page or journey. */
#ifndef PASSERELLE_PAGES_H
#define PASSERELLE_PAGES_H

#include "web/web.h"

/* frame (p_frame.c) */
int p_root(struct req *r);
int p_home(struct req *r);
int p_accessibility(struct req *r);
int p_privacy(struct req *r);
int p_contact(struct req *r);
int p_sign_out(struct req *r);
int p_sign_out_everywhere(struct req *r);
int p_session_extend(struct req *r);
int h_asset(struct req *r);                     /* assets.c */

/* signing in, accounts (p_sign_in.c, p_account.c) */
int p_sign_in_form(struct req *r);
int p_sign_in(struct req *r);
int p_create_account_form(struct req *r);
int p_create_account(struct req *r);
int p_account(struct req *r);

/* the trade catalogue (p_trades.c) */
int p_trades(struct req *r);

/* administrators: users and roles (p_users.c) */
int p_users(struct req *r);
int p_user_new_form(struct req *r);
int p_user_create(struct req *r);
int p_user_edit_form(struct req *r);
int p_user_update(struct req *r);

/* clients (p_my_files.c, p_agreement_new.c) */
int p_my_files(struct req *r);
int p_agreement_start(struct req *r);
int p_agreement_step_form(struct req *r);
int p_agreement_step(struct req *r);
int p_agreement_confirmation(struct req *r);

/* sponsors (p_apprentices.c, p_to_sign.c, p_hours.c) */
int p_apprentices(struct req *r);
int p_to_sign(struct req *r);
int p_hours_form(struct req *r);
int p_hours_log(struct req *r);

/* cases and staff (p_case.c, p_queue.c, p_persons.c) */
int p_case(struct req *r);
int p_case_action_form(struct req *r);
int p_case_action(struct req *r);
int p_queue(struct req *r);
int p_persons(struct req *r);
int p_person(struct req *r);

/* the rollout of employment services by catchment area (p_rollout.c) */
int p_rollout(struct req *r);

/* the service locator (p_locator.c) */
int p_locator(struct req *r);

/* contacts: logging a contact, the contact-centre dashboard (p_contacts.c, p_contact_centre.c) */
int p_contact_new_form(struct req *r);
int p_contact_log(struct req *r);
int p_contact_centre(struct req *r);
/* the satisfaction survey (p_survey.c) */
int p_survey_form(struct req *r);
int p_survey_answer(struct req *r);

/* a point of service (p_point.c) */
int p_point(struct req *r);
/* closures and outreach visits of a point (p_schedules.c) */
int p_point_manage(struct req *r);
int p_point_manage_closure(struct req *r);
int p_point_manage_cancel(struct req *r);
int p_point_manage_unclose(struct req *r);
int p_point_manage_move(struct req *r);
int p_point_manage_restore(struct req *r);
/* adding and deleting outreach schedules (p_schedule_edit.c) */
int p_schedule_new_form(struct req *r);
int p_schedule_add(struct req *r);
int p_schedule_delete_form(struct req *r);
int p_schedule_delete(struct req *r);
/* a catchment's milestones (p_milestones.c) */
int p_milestones_form(struct req *r);
int p_milestones_save(struct req *r);
/* client segments (p_segments.c) */
int p_segments(struct req *r);
int p_segment_create(struct req *r);
int p_segment(struct req *r);
/* certificates, public side (p_verify.c) */
int p_verify_entry(struct req *r);
int p_verify(struct req *r);
int p_register(struct req *r);
/* The message id of a certificate status word ("valid", "suspended", "revoked", "expired"). */
int cert_status_word(const char *status);
/* certificates, signed-in side (p_certificates.c) */
int p_my_certificates(struct req *r);
int p_my_certificate_sharing(struct req *r);
int p_my_certificate_renew(struct req *r);
int p_certificates(struct req *r);
int p_certificate(struct req *r);
int p_certificate_status(struct req *r);
/* exams, the candidate (p_my_exams.c) */
int p_my_exams(struct req *r);
int p_my_exams_book(struct req *r);
int p_my_exam_cancel_form(struct req *r);
int p_my_exam_cancel(struct req *r);
int p_my_exam_rebook(struct req *r);
int p_my_exam_accommodation_form(struct req *r);
int p_my_exam_accommodation(struct req *r);
/* exams, the exam administrators and the reports (p_exam_sessions.c) */
int p_exam_sessions(struct req *r);
int p_exam_session_new_form(struct req *r);
int p_exam_session_create(struct req *r);
int p_exam_session(struct req *r);
int p_exam_session_results(struct req *r);
int p_exam_session_release(struct req *r);
int p_exam_session_cancel_form(struct req *r);
int p_exam_session_cancel(struct req *r);
int p_exam_accommodations(struct req *r);
int p_exam_accommodation_decide(struct req *r);
int p_exam_reports(struct req *r);
/* The words both exam files use (p_my_exams.c): JSON members, "March 27, 2026 at 09:00",
 * exam types, languages and accommodation statuses in words, a refusal with its reason. */
struct dom_err;
const char *exam_jstr(json_t *o, const char *k);
int64_t exam_jint(json_t *o, const char *k);
const char *exam_when_words(struct arena *a, enum lang lang, const char *starts_at);
int exam_type_word(const char *type);
int exam_lang_word(const char *code);
const char *exam_named(json_t *o, enum lang lang);
void exam_json_free(void *v);
void exam_notice(struct html *h, const char *text);
const char *exam_refusal_text(struct arena *a, enum lang lang, const struct dom_err *err);
int exam_acc_status_word(const char *status);
void exam_acc_badge(struct html *h, const char *status);

#endif
