/* contacts: every interaction with a client (table contacts of 0003_network.sql) and the
 * contact-centre measures computed from them.
 *
 * A contact has a channel, a point of service (optional: an e-mail to the central address has
 * none), a language, a topic (a program id or one of contact_services), the person when known,
 * its times (arrival, queue entry, answer, end; no answer = abandoned or not answered yet),
 * whether it was resolved at first contact and what it led to (nothing, a case, a referral).
 * Staff record contacts one at a time; a telephony system posts call records in bulk, each
 * with its own external_id so that posting the same call again changes nothing.
 *
 * The service standards (one place, used by the API, the pages and the tests):
 *   - speed of answer: the average wait of answered calls (queue entry, or arrival when there
 *     was no queue, to answer) is at most CONTACT_ASA_TARGET_S seconds;
 *   - answered within the target: at least CONTACT_ANSWERED_TARGET_PCT % of the calls offered
 *     (answered or abandoned) are answered within CONTACT_ANSWER_WITHIN_S seconds;
 *   - abandonment: at most CONTACT_ABANDON_TARGET_PCT % of the calls offered are abandoned;
 *   - e-mail response: at least CONTACT_EMAIL_TARGET_PCT % of e-mails are answered by the end
 *     of the CONTACT_EMAIL_BUSINESS_DAYS-th business day after the (local) day they arrived
 *     (bizdays.h); an e-mail still unanswered counts against the standard once that day has
 *     passed, and is left out while it is still within it;
 *   - first-contact resolution: at least CONTACT_FCR_TARGET_PCT % of the contacts served
 *     (answered) are resolved at first contact.
 * "Calls" are the contacts of the queued channels: phone and chat (contact_channel_queued).
 * A measure with nothing to count has no data (actual null), never 0 %. */
#ifndef PASSERELLE_CONTACTS_H
#define PASSERELLE_CONTACTS_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

#define CONTACT_ASA_TARGET_S 300          /* average speed of answer: 5 minutes at most */
#define CONTACT_ANSWER_WITHIN_S 600       /* "answered within 10 minutes" */
#define CONTACT_ANSWERED_TARGET_PCT 80    /* ... for 80 % of the calls offered */
#define CONTACT_ABANDON_TARGET_PCT 10     /* abandonment: 10 % at most */
#define CONTACT_EMAIL_BUSINESS_DAYS 2     /* e-mail response within 2 business days */
#define CONTACT_EMAIL_TARGET_PCT 90       /* ... for 90 % of e-mails */
#define CONTACT_FCR_TARGET_PCT 70         /* first-contact resolution: 70 % at least */
#define CONTACT_FUTURE_SLACK_US INT64_C(60000000)   /* clocks may differ by a minute */
#define CONTACT_BULK_MAX 1000             /* call records per bulk request */
#define CONTACT_PERIOD_MAX_DAYS 731       /* the longest period measured at once */

/* NULL-terminated lists, as in the schema. */
extern const char *const contact_channels[];   /* in_person phone email chat virtual outreach
                                                * assisted_phone */
extern const char *const contact_outcomes[];   /* none case referral */
/* Topics that are services rather than programs of the program engine. */
extern const char *const contact_services[];   /* information exams employment */

enum contact_channel {
	CH_IN_PERSON = 0, CH_PHONE, CH_EMAIL, CH_CHAT, CH_VIRTUAL, CH_OUTREACH, CH_ASSISTED_PHONE,
	CH__COUNT
};
enum contact_outcome { OUT_NONE = 0, OUT_CASE, OUT_REFERRAL };

/* 1 for the channels whose contacts wait in a queue (phone, chat). */
bool contact_channel_queued(int channel);
/* 1 when topic is a program id or one of contact_services. */
bool contact_topic_valid(const char *topic);
/* 1 for "en", "fr" or a language code of 2 or 3 lower-case letters (e.g. "oj", "moh"). */
bool contact_lang_valid(const char *lang);

struct contact_in {
	int channel;                 /* enum contact_channel */
	int64_t point_id;            /* 0: none */
	const char *lang;
	const char *topic;
	int64_t person_id;           /* 0: unknown */
	const char *client_no;       /* the person by client number (pages); NULL or "" none */
	int64_t arrived_us;          /* required */
	int64_t queued_us, answered_us, ended_us;   /* 0: absent (no answer = abandoned) */
	int resolved_first;
	int outcome;                 /* enum contact_outcome */
	int64_t case_id;             /* 0: none; required when outcome is "case" */
	const char *external_id;     /* the telephony system's call id, or NULL */
};

/* Checks a contact on its own (no database): E_NONE, or the error and the field at fault.
 * Rules: times in order (arrival <= queue <= answer <= end, each when present), none later
 * than now plus a minute; an e-mail and an assisted call (placed by us) have no queue; an
 * unanswered contact is not resolved and led to nothing; outcome "case" needs case_id and
 * only it has one. */
enum err_id contact_check(const struct contact_in *in, int64_t now_us, const char **field);

/* Records one contact (staff): the check above, then the references (point, person or
 * client number, case) must exist (E_REFERENCE). Audited ("contact.recorded"). *out: the
 * contact as JSON. A contact whose external_id is already recorded is refused (E_CONFLICT). */
enum st_rc contact_record(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct contact_in *in, json_t **out, struct dom_err *err);

/* Bulk call records. Each item comes with an error already found while reading the request
 * (e != E_NONE: the record is rejected as it is). */
enum contact_bulk_status { CB_RECORDED = 1, CB_ALREADY, CB_REJECTED };
struct contact_bulk_item {
	struct contact_in in;
	enum err_id parse_e;         /* an error found while reading the record, or E_NONE */
	const char *parse_field;
	enum err_id e;               /* out: why it was rejected */
	const char *field;
	enum contact_bulk_status status;
	int64_t id;                  /* the contact (recorded or already recorded) */
};
/* Records the batch in the caller's transaction. A record whose external_id is already
 * stored (or repeated earlier in the batch) is "already recorded" and changes nothing. When
 * any record is rejected and partial is 0, nothing is kept: ST_CONFLICT (the caller replies
 * with the report). With partial, the valid records are kept and the others reported.
 * Audited as one "contacts.bulk_recorded" event per batch. Re-runnable: every item's outcome
 * is reset at the start. */
enum st_rc contacts_record_bulk(struct st_tx *tx, struct arena *a, const struct principal *who,
    struct contact_bulk_item *items, size_t n, int partial, int64_t now_us);
/* The report: {"received", "recorded", "already_recorded", "rejected", "partial",
 * "results": [{"index", "external_id", "status", "id"?, "error"?, "message"?, "field"?}]}.
 * kept: 0 when the batch was refused as a whole: its valid records say "valid" (not
 * recorded). */
json_t *contacts_bulk_report(const struct contact_bulk_item *items, size_t n, int partial,
    int kept, enum lang lang);

/* ---- the measures (pure arithmetic, unit-tested) ---- */

enum contact_measure_id {
	CM_SPEED_OF_ANSWER = 0, CM_ANSWERED_WITHIN, CM_ABANDONMENT, CM_EMAIL_RESPONSE, CM_FCR,
	CM__COUNT
};
extern const char *const contact_measure_names[];   /* "speed_of_answer", ... */

/* One contact as the measures see it (times in UTC microseconds, 0 absent). */
struct contact_obs {
	int channel;
	int64_t arrived_us, queued_us, answered_us;
	int resolved_first;
};

struct contact_tally {
	int64_t now_us;                       /* decides which unanswered e-mails are late */
	int64_t by_channel[CH__COUNT];
	int64_t offered, answered, abandoned, answered_within, wait_s_sum;
	int64_t email_due, email_within;
	int64_t served, resolved;
};

struct contact_measure {
	enum contact_measure_id id;
	int64_t numerator, denominator;
	bool has_data;                        /* denominator > 0 */
	double actual;                        /* seconds (speed of answer) or percent, rounded */
	int64_t target;                       /* seconds or percent */
	bool lower_is_better;
	bool met;                             /* meaningful only with data */
};

void contact_tally_init(struct contact_tally *t, int64_t now_us);
void contact_tally_add(struct contact_tally *t, const struct contact_obs *o);
void contact_measures_compute(const struct contact_tally *t, struct contact_measure out[CM__COUNT]);
/* 1 when an e-mail that arrived on local day `arrived` and was answered on local day
 * `answered` met the standard (answered by the end of the 2nd business day after). */
bool contact_email_within(int32_t arrived, int32_t answered);

/* ---- reads ---- */

struct contact_filter {
	int32_t from, to;                     /* local days, both included */
	int64_t point_id;                     /* 0: every point */
	int channel;                          /* -1: every channel */
};
/* The measures over a period: {"from", "to", "point_id", "channel", "measures": [{"id",
 * "standard", "unit", "target", "actual", "numerator", "denominator", "met"}],
 * "by_channel": [{"channel", "count"}], "total"}. standard in lang. */
enum st_rc contact_measures(struct st_tx *tx, struct arena *a, const struct contact_filter *f,
    enum lang lang, json_t **out);
/* The point of the caller's last recorded contact (0 none). */
enum st_rc contact_last_point(struct st_tx *tx, const struct principal *who, int64_t *point_id);
/* Active points of service for a pick list: [{"id", "name"}] in lang, sorted by name. */
enum st_rc contact_points(struct st_tx *tx, enum lang lang, json_t **out);

/* RFC 3339 date-time ("2026-03-27T14:05:09Z", fractions and +hh:mm offsets allowed) to UTC
 * microseconds: 0 ok, -1 malformed. */
int contact_time_parse(const char *s, int64_t *us);

#endif
