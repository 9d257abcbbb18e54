/* exams: certification exams (tables of 0005_exams.sql).
 *
 * Published rules per exam type ('cq' Certificate of Qualification, 'red_seal' the
 * interprovincial Red Seal exam): pass mark, cancellation deadline in business days before the
 * sitting, waiting period after a failed attempt, results release standard (within N business
 * days of the sitting, target share). Sessions at exam centres (points of kind exam_centre, or
 * offering the 'exams' service) with a trade, a type, a local start, a language and seats.
 *
 * Eligibility (exam_eligibility.c) is a table of rule functions; a refusal names its reason
 * (an err.def id, so it reads in English and French). Booking runs in one write transaction
 * (single writer): the seat count and the insert cannot interleave with another booking, so a
 * session is never overbooked; a partial unique index backs the "one live booking per exam"
 * rule. Results: recorded per booking (or by CSV, all or nothing), released per session; the
 * candidate sees a result only once released. exams_release_results() is where a passing
 * result becomes final (certificates hook there).
 *
 * Every change is audited. Accommodation details are health information: sealed at rest,
 * never logged, shown only to the candidate and exam administrators. */
#ifndef PASSERELLE_EXAMS_H
#define PASSERELLE_EXAMS_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/csvio.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

#define EXAM_SESSIONS_MAX 500           /* sessions per list reply */
#define EXAM_PERIOD_MAX_DAYS 1100       /* the longest period of a report */

enum exam_type { EXAM_CQ = 0, EXAM_RED_SEAL, EXAM__TYPES };

/* NULL-terminated lists, as in the schema. */
extern const char *const exam_types[];                 /* cq red_seal */
extern const char *const exam_langs[];                 /* en fr */
extern const char *const exam_accommodation_kinds[];   /* extra_time separate_room reader other */
extern const char *const exam_rate_groups[];           /* trade centre period */
extern const char *const exam_rate_periods[];          /* month quarter fiscal_year */

/* Index of s in a NULL-terminated list, or -1. */
int exam_list_index(const char *const *list, const char *s);

struct exam_rules {
	int pass_mark_pct, cancel_deadline_bizdays, retake_wait_days, results_release_bizdays;
	int release_target_pct;
};

/* ---- pure helpers (unit-tested) ---- */

/* "YYYY-MM-DDTHH:MM" (local): 0 and the day and minute of day, or -1. */
int exam_start_parse(const char *s, int32_t *day, int *minute);
/* The last local day a candidate may cancel: the business day n business days before the
 * sitting day (n = 0: the day before the sitting). */
int32_t exam_cancel_last_day(int32_t sitting, int n);
/* Pass-rate period key of a day: "2026-03" (month), "2026-Q1" (calendar quarter), "FY2025-26"
 * (the fiscal year April to March). out >= 16 bytes. */
void exam_period_key(int32_t day, int period, char out[16]);
/* 1 when a result of a sitting on `sitting` released on local day `released` met the standard
 * of n business days. */
bool exam_release_on_time(int32_t sitting, int32_t released, int n);

/* ---- eligibility (exam_eligibility.c) ---- */

struct exam_elig {
	bool eligible;
	const char *pathway;        /* "apprenticeship", "authorisation", "retake" when eligible */
	enum err_id reason;         /* why not, when not eligible */
	int32_t eligible_from;      /* retake-too-soon: the first session day allowed; else 0 */
};
/* Decides whether person may sit the exam type in trade at a session on day. */
enum st_rc exam_eligibility(struct st_tx *tx, int64_t person_id, const char *trade_code, int type,
    int32_t day, struct exam_elig *out);
/* {"eligible", "pathway", "reason", "reason_message", "eligible_from"} in lang; owned. */
json_t *exam_elig_json(const struct exam_elig *e, enum lang lang);

/* ---- rules ---- */

enum st_rc exam_rules_get(struct st_tx *tx, int type, struct exam_rules *out);
/* {"items": [{"exam_type", ...rules..., "updated_at"}]} */
enum st_rc exam_rules_list(struct st_tx *tx, json_t **out);
/* Administrators. Audited ("exam.rules_updated"). */
enum st_rc exam_rules_update(struct st_tx *tx, const struct principal *who, int type,
    const struct exam_rules *in, json_t **out, struct dom_err *err);

/* ---- sessions ---- */

struct exam_session_in {
	int64_t point_id;
	const char *trade_code;
	int type;
	const char *starts_at;      /* local "YYYY-MM-DDTHH:MM", in the future */
	int lang;                   /* index in exam_langs */
	int64_t seats;
	int has_pass_mark;
	int64_t pass_mark_pct;
};
/* Creates a session (exam administrators, administrators). The point must be an exam centre
 * or offer exams (E_EXAM_CENTRE), a red_seal session needs a Red Seal trade. Audited. */
enum st_rc exam_session_create(struct st_tx *tx, const struct principal *who,
    const struct exam_session_in *in, enum lang lang, json_t **out, struct dom_err *err);

struct exam_session_patch {
	const char *starts_at;      /* NULL: unchanged */
	int lang, has_lang;
	int64_t seats;
	int has_seats;
	int64_t pass_mark_pct;
	int has_pass_mark, clear_pass_mark;
};
enum st_rc exam_session_update(struct st_tx *tx, const struct principal *who, int64_t id,
    const struct exam_session_patch *in, enum lang lang, json_t **out, struct dom_err *err);
/* Cancels a scheduled session and its live bookings (reason given). Audited. */
enum st_rc exam_session_cancel(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *reason, enum lang lang, json_t **out, struct dom_err *err);
enum st_rc exam_session_get(struct st_tx *tx, int64_t id, enum lang lang, json_t **out);

struct exam_session_filter {
	const char *trade_code;     /* "" any */
	const char *type;           /* "" any */
	int64_t point_id;           /* 0 any */
	int64_t from_us, to_us;
	const char *status;         /* "" any */
	const char *lang;           /* "" any */
};
enum st_rc exam_sessions_list(struct st_tx *tx, const struct exam_session_filter *f,
    enum lang lang, json_t **out);
/* Staff: the session and {"bookings": [...]} with names, statuses, scores. */
enum st_rc exam_session_bookings(struct st_tx *tx, int64_t id, enum lang lang, json_t **out);

/* CSV bulk creation: columns point_id, trade_code, exam_type, starts_at, lang, seats,
 * pass_mark_pct (optional). All or nothing with a line-numbered report (csvio format). */
struct exam_session_csv {
	struct arena arena;
	struct exam_session_in *v;
	int64_t *line;
	size_t n, cap;
};
int exam_sessions_csv_parse(const char *data, size_t len, struct exam_session_csv *out,
    struct csv_report *rep);
void exam_sessions_csv_free(struct exam_session_csv *rows);
enum st_rc exam_sessions_csv_apply(struct st_tx *tx, const struct principal *who,
    const struct exam_session_csv *rows, int dry_run, struct csv_report *rep);

/* ---- authorisations ---- */

struct exam_auth_in {
	int64_t person_id;
	const char *trade_code;
	int type;
	const char *source;         /* [a-z_]{2,40}: "equivalency", ... */
	const char *reference;      /* may be NULL */
};
enum st_rc exam_authorisation_grant(struct st_tx *tx, const struct principal *who,
    const struct exam_auth_in *in, json_t **out, struct dom_err *err);
enum st_rc exam_authorisation_revoke(struct st_tx *tx, const struct principal *who, int64_t id,
    const char *reason, json_t **out, struct dom_err *err);
enum st_rc exam_authorisations_list(struct st_tx *tx, int64_t person_id, const char *trade,
    json_t **out);

/* ---- bookings ---- */

/* Books person into session (clients: their own person only; staff: anyone). One
 * transaction: session scheduled and in the future, person eligible (E_EXAM_NOT_ELIGIBLE with
 * the reason), no live booking of the same exam (E_EXAM_ALREADY_BOOKED), a seat left
 * (E_EXAM_SESSION_FULL). Audited ("exam.booked"). */
enum st_rc exam_book(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t session_id, int64_t person_id, enum lang lang, json_t **out, struct dom_err *err);
/* The candidate until the deadline; exam administrators and administrators at any time, with
 * a reason. */
enum st_rc exam_booking_cancel(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, const char *reason, enum lang lang, json_t **out, struct dom_err *err);
/* Cancel + book another session of the same exam, in one transaction (all or nothing). */
enum st_rc exam_rebook(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, int64_t session_id, enum lang lang, json_t **out, struct dom_err *err);
/* ST_NOTFOUND when out of the caller's scope. */
enum st_rc exam_booking_get(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t id, enum lang lang, json_t **out);

/* ---- accommodations ---- */

enum st_rc exam_accommodation_request(struct st_tx *tx, struct arena *a,
    const struct principal *who, int64_t booking_id, int kind, const char *details,
    json_t **out, struct dom_err *err);
enum st_rc exam_accommodation_decide(struct st_tx *tx, struct arena *a,
    const struct principal *who, int64_t id, int approve, const char *reason, json_t **out,
    struct dom_err *err);
/* Exam administrators: requests with their details. status "" any. */
enum st_rc exam_accommodations_list(struct st_tx *tx, struct arena *a, const char *status,
    int64_t session_id, json_t **out);

/* ---- results ---- */

/* Records a score (0..100) or an absence for a booking whose sitting has started; replaces an
 * unreleased result. Audited ("exam.result_recorded"). */
enum st_rc exam_result_record(struct st_tx *tx, struct arena *a, const struct principal *who,
    int64_t booking_id, int absent, int score, enum lang lang, json_t **out,
    struct dom_err *err);

/* CSV of one session's results: columns booking_id or client_no, and score (0..100 or
 * "absent"). All or nothing with a line-numbered report. */
struct exam_result_row {
	int64_t line;
	int64_t booking_id;
	const char *client_no;
	int absent, score;
};
struct exam_result_csv {
	struct arena arena;
	struct exam_result_row *v;
	size_t n, cap;
};
int exam_results_csv_parse(const char *data, size_t len, struct exam_result_csv *out,
    struct csv_report *rep);
void exam_results_csv_free(struct exam_result_csv *rows);
enum st_rc exam_results_csv_apply(struct st_tx *tx, const struct principal *who,
    int64_t session_id, const struct exam_result_csv *rows, int dry_run,
    struct csv_report *rep);

/* Releases a session's results: every booking resolved (sat or absent), the sitting passed.
 * Each passing result becomes final here (exam_result_final_pass, one "exam.passed" event). */
enum st_rc exams_release_results(struct st_tx *tx, const struct principal *who,
    int64_t session_id, enum lang lang, json_t **out, struct dom_err *err);

/* A released passing result, final. Called by exams_release_results inside its transaction:
 * one "exam.passed" event, and the certificate it earns (certs_issue: a Certificate of
 * Qualification, with the Red Seal endorsement for the interprovincial exam in a Red Seal
 * trade). Refuses (err) when the certificate cannot be issued, e.g. no signing key. */
struct exam_pass {
	int64_t result_id, booking_id, person_id, session_id;
	const char *trade_code;
	int type;
	int score_pct;
};
enum st_rc exam_result_final_pass(struct st_tx *tx, const struct principal *who,
    const struct exam_pass *p, struct dom_err *err);

/* ---- reports ---- */

/* The results release standard over sittings in [from, to] (local days):
 * {"from", "to", "standard", "target", "actual", "on_time", "due", "late", "pending",
 *  "met", "by_type": [...]} */
enum st_rc exam_release_standard(struct st_tx *tx, int32_t from, int32_t to, const char *type,
    enum lang lang, json_t **out);
/* Pass rates of released results by group (trade, centre, period) with a period kind. */
enum st_rc exam_pass_rates(struct st_tx *tx, int32_t from, int32_t to, const char *type,
    int group, int period, enum lang lang, json_t **out);

/* ---- the signed-in candidate ---- */

enum st_rc exam_my_eligibility(struct st_tx *tx, const struct principal *who, enum lang lang,
    json_t **out);
enum st_rc exam_my_bookings(struct st_tx *tx, struct arena *a, const struct principal *who,
    enum lang lang, json_t **out);
enum st_rc exam_my_results(struct st_tx *tx, const struct principal *who, enum lang lang,
    json_t **out);

#endif
