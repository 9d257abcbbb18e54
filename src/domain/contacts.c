/* contacts: recording client contacts (one by staff, in bulk by a telephony system) and the
 * contact-centre measures over a period. The standards are in contacts.h. */
#include "domain/contacts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/program.h"

#define SECOND_US INT64_C(1000000)

const char *const contact_channels[] = { "in_person", "phone", "email", "chat", "virtual",
	"outreach", "assisted_phone", NULL };
const char *const contact_outcomes[] = { "none", "case", "referral", NULL };
const char *const contact_services[] = { "information", "exams", "employment", NULL };
const char *const contact_measure_names[] = { "speed_of_answer", "answered_within_target",
	"abandonment", "email_response", "first_contact_resolution", NULL };

/* The standards in words, for the API (pages use their catalogue). */
static const struct {
	const char *en, *fr, *unit;
} standards[CM__COUNT] = {
	{ "Average speed of answer of calls", "Délai moyen de réponse aux appels", "seconds" },
	{ "Calls answered within 10 minutes", "Appels répondus en 10 minutes ou moins", "percent" },
	{ "Calls abandoned before an answer", "Appels abandonnés avant une réponse", "percent" },
	{ "E-mails answered within 2 business days", "Courriels répondus en 2 jours ouvrables",
	  "percent" },
	{ "Contacts resolved at first contact", "Contacts réglés au premier contact", "percent" },
};

static int
enum_index(const char *const *list, const char *s)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

bool
contact_channel_queued(int channel)
{
	return channel == CH_PHONE || channel == CH_CHAT;
}

bool
contact_topic_valid(const char *topic)
{
	if (topic == NULL || *topic == '\0')
		return false;
	return enum_index(contact_services, topic) >= 0 || program_get(topic) != NULL;
}

bool
contact_lang_valid(const char *lang)
{
	if (lang == NULL)
		return false;
	size_t n = strlen(lang);
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lang[i] < 'a' || lang[i] > 'z')
			return false;
	return true;
}

/* ---- checks ---- */

enum err_id
contact_check(const struct contact_in *in, int64_t now_us, const char **field)
{
	*field = NULL;
	if (in->channel < 0 || in->channel >= CH__COUNT) {
		*field = "channel";
		return E_FIELD_ENUM;
	}
	if (in->outcome < OUT_NONE || in->outcome > OUT_REFERRAL) {
		*field = "outcome";
		return E_FIELD_ENUM;
	}
	if (!contact_lang_valid(in->lang)) {
		*field = "lang";
		return E_FIELD_FORMAT;
	}
	if (!contact_topic_valid(in->topic)) {
		*field = "topic";
		return E_FIELD_ENUM;
	}
	if (in->arrived_us <= 0) {
		*field = "arrived_at";
		return E_FIELD_REQUIRED;
	}
	/* Times in order, none in the future (beyond the slack between clocks). */
	const int64_t t[4] = { in->arrived_us, in->queued_us, in->answered_us, in->ended_us };
	static const char *const names[4] = { "arrived_at", "queued_at", "answered_at", "ended_at" };
	int64_t last = 0;
	for (int i = 0; i < 4; i++) {
		if (t[i] == 0)
			continue;
		if (t[i] > now_us + CONTACT_FUTURE_SLACK_US || t[i] < last) {
			*field = names[i];
			return E_CONTACT_TIMES;
		}
		last = t[i];
	}
	if (in->queued_us != 0 && (in->channel == CH_EMAIL || in->channel == CH_ASSISTED_PHONE)) {
		*field = "queued_at";
		return E_CONTACT_RULE;
	}
	if (in->answered_us == 0 && (in->resolved_first || in->outcome != OUT_NONE)) {
		*field = in->resolved_first ? "resolved_first" : "outcome";
		return E_CONTACT_RULE;
	}
	if ((in->outcome == OUT_CASE) != (in->case_id > 0)) {
		*field = "case_id";
		return E_CONTACT_RULE;
	}
	return E_NONE;
}

/* ---- JSON ---- */

static json_t *
time_json(const struct st_row *row, int col)
{
	if (st_isnull(row, col))
		return json_null();
	char t[32];
	time_format_us(st_i64(row, col), t);
	return json_string(t);
}

static json_t *
opt_int(const struct st_row *row, int col)
{
	return st_isnull(row, col) ? json_null() : json_integer(st_i64(row, col));
}

static int
contact_row(void *ctx, const struct st_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "channel", json_string(st_text(row, 1)));
	json_object_set_new(o, "point_id", opt_int(row, 2));
	json_object_set_new(o, "lang", json_string(st_text(row, 3)));
	json_object_set_new(o, "topic", json_string(st_text(row, 4)));
	json_object_set_new(o, "person_id", opt_int(row, 5));
	json_object_set_new(o, "arrived_at", time_json(row, 6));
	json_object_set_new(o, "queued_at", time_json(row, 7));
	json_object_set_new(o, "answered_at", time_json(row, 8));
	json_object_set_new(o, "ended_at", time_json(row, 9));
	json_object_set_new(o, "resolved_first", json_boolean(st_i64(row, 10)));
	json_object_set_new(o, "outcome", json_string(st_text(row, 11)));
	json_object_set_new(o, "case_id", opt_int(row, 12));
	json_object_set_new(o, "external_id", st_isnull(row, 13) ? json_null() :
	    json_string(st_text(row, 13)));
	json_object_set_new(o, "recorded_by", opt_int(row, 14));
	json_object_set_new(o, "recorded_at", time_json(row, 15));
	*(json_t **)ctx = o;
	return 1;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_isnull(row, 0) ? 0 : st_i64(row, 0);
	return 1;
}

/* ---- writes ---- */

static enum st_rc
exists(struct st_tx *tx, enum st_query q, int64_t id, bool *yes)
{
	int64_t got = 0;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, q, p, 1, id_row, &got, NULL);
	*yes = got != 0;
	return rc;
}

/* The references of a checked contact: E_NONE, or E_REFERENCE with the field. Resolves a
 * client number into *person_id. */
static enum st_rc
check_refs(struct st_tx *tx, const struct contact_in *in, int64_t *person_id, enum err_id *e,
    const char **field)
{
	bool yes = true;
	enum st_rc rc = ST_OK;
	*e = E_NONE;
	*person_id = in->person_id;
	if (in->point_id > 0 && (rc = exists(tx, Q_CONTACT_POINT_EXISTS, in->point_id, &yes)) ==
	    ST_OK && !yes) {
		*e = E_REFERENCE;
		*field = "point_id";
		return ST_OK;
	}
	if (rc == ST_OK && in->person_id > 0 &&
	    (rc = exists(tx, Q_CONTACT_PERSON_EXISTS, in->person_id, &yes)) == ST_OK && !yes) {
		*e = E_REFERENCE;
		*field = "person_id";
		return ST_OK;
	}
	if (rc == ST_OK && in->person_id == 0 && in->client_no != NULL && *in->client_no) {
		int64_t id = 0;
		struct st_param p[] = { SP_STR(in->client_no) };
		rc = st_exec(tx, Q_CONTACT_PERSON_BY_CLIENT_NO, p, 1, id_row, &id, NULL);
		if (rc == ST_OK && id == 0) {
			*e = E_REFERENCE;
			*field = "client_no";
			return ST_OK;
		}
		*person_id = id;
	}
	if (rc == ST_OK && in->case_id > 0 &&
	    (rc = exists(tx, Q_CONTACT_CASE_EXISTS, in->case_id, &yes)) == ST_OK && !yes) {
		*e = E_REFERENCE;
		*field = "case_id";
	}
	return rc;
}

static enum st_rc
insert(struct st_tx *tx, const struct principal *who, const struct contact_in *in,
    int64_t person_id, int64_t now_us, int64_t *id)
{
	struct st_param p[] = { SP_STR(contact_channels[in->channel]),
		SP_OPTINT(in->point_id > 0, in->point_id), SP_STR(in->lang), SP_STR(in->topic),
		SP_OPTINT(person_id > 0, person_id), SP_INT(in->arrived_us),
		SP_OPTINT(in->queued_us != 0, in->queued_us),
		SP_OPTINT(in->answered_us != 0, in->answered_us),
		SP_OPTINT(in->ended_us != 0, in->ended_us), SP_INT(in->resolved_first ? 1 : 0),
		SP_STR(contact_outcomes[in->outcome]), SP_OPTINT(in->case_id > 0, in->case_id),
		SP_STR(in->external_id && *in->external_id ? in->external_id : NULL),
		SP_OPTINT(who != NULL && who->user_id > 0, who ? who->user_id : 0), SP_INT(now_us) };
	*id = 0;
	return st_exec(tx, Q_CONTACT_INSERT, p, sizeof(p) / sizeof(p[0]), id_row, id, NULL);
}

enum st_rc
contact_record(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct contact_in *in, json_t **out, struct dom_err *err)
{
	(void)a;
	*out = NULL;
	int64_t now = time_now_us();
	const char *field = NULL;
	enum err_id e = contact_check(in, now, &field);
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	int64_t person_id = 0, id = 0;
	enum st_rc rc = check_refs(tx, in, &person_id, &e, &field);
	if (rc != ST_OK)
		return rc;
	if (e != E_NONE)
		return dom_refuse(err, e, field, NULL);
	if (in->external_id != NULL && *in->external_id) {
		struct st_param p[] = { SP_STR(in->external_id) };
		if ((rc = st_exec(tx, Q_CONTACT_BY_EXTERNAL, p, 1, id_row, &id, NULL)) != ST_OK)
			return rc;
		if (id != 0)
			return dom_refuse(err, E_CONFLICT, "external_id", NULL);
	}
	if ((rc = insert(tx, who, in, person_id, now, &id)) != ST_OK)
		return rc;
	struct st_param ip[] = { SP_INT(id) };
	if ((rc = st_exec(tx, Q_CONTACT_GET, ip, 1, contact_row, out, NULL)) != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, json_deep_copy(*out)));
	struct audit_event ev = { "contact", id, in->case_id, "contact.recorded", NULL, NULL,
		payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

enum st_rc
contacts_record_bulk(struct st_tx *tx, struct arena *a, const struct principal *who,
    struct contact_bulk_item *items, size_t n, int partial, int64_t now_us)
{
	(void)a;
	enum st_rc rc = ST_OK;
	size_t rejected = 0, recorded = 0;
	int64_t first = 0, last = 0;
	for (size_t i = 0; i < n && rc == ST_OK; i++) {
		struct contact_bulk_item *it = &items[i];
		it->status = CB_REJECTED;
		it->id = 0;
		it->e = it->parse_e;
		it->field = it->parse_field;
		if (it->e != E_NONE) {
			rejected++;
			continue;
		}
		it->e = contact_check(&it->in, now_us, &it->field);
		if (it->e == E_NONE && (it->in.external_id == NULL || !*it->in.external_id)) {
			it->e = E_FIELD_REQUIRED;
			it->field = "external_id";
		}
		if (it->e != E_NONE) {
			rejected++;
			continue;
		}
		/* Already stored, or earlier in this batch: nothing to do. */
		int64_t id = 0;
		struct st_param p[] = { SP_STR(it->in.external_id) };
		if ((rc = st_exec(tx, Q_CONTACT_BY_EXTERNAL, p, 1, id_row, &id, NULL)) != ST_OK)
			break;
		if (id != 0) {
			it->status = CB_ALREADY;
			it->id = id;
			continue;
		}
		int64_t person_id = 0;
		if ((rc = check_refs(tx, &it->in, &person_id, &it->e, &it->field)) != ST_OK)
			break;
		if (it->e != E_NONE) {
			rejected++;
			continue;
		}
		if ((rc = insert(tx, who, &it->in, person_id, now_us, &id)) != ST_OK)
			break;
		it->status = CB_RECORDED;
		it->id = id;
		recorded++;
		if (first == 0)
			first = id;
		last = id;
	}
	if (rc != ST_OK)
		return rc;
	if (rejected > 0 && !partial)
		return ST_CONFLICT;
	if (recorded == 0)
		return ST_OK;
	json_t *payload = json_pack("{s:I,s:I,s:I,s:I,s:b}", "received", (json_int_t)n, "recorded",
	    (json_int_t)recorded, "first_id", (json_int_t)first, "last_id", (json_int_t)last,
	    "partial", partial);
	struct audit_event ev = { "contact", first, 0, "contacts.bulk_recorded", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

json_t *
contacts_bulk_report(const struct contact_bulk_item *items, size_t n, int partial,
    int kept, enum lang lang)
{
	json_t *results = json_array();
	int64_t counts[4] = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct contact_bulk_item *it = &items[i];
		static const char *const names[] = { "", "recorded", "already_recorded", "rejected" };
		enum contact_bulk_status st = it->status ? it->status : CB_REJECTED;
		/* In an all-or-nothing batch that was refused, the valid records were not kept. */
		bool valid_only = !kept && st == CB_RECORDED;
		if (!valid_only)
			counts[st]++;
		json_t *o = json_pack("{s:I,s:o,s:s}", "index", (json_int_t)i, "external_id",
		    it->in.external_id ? json_string(it->in.external_id) : json_null(), "status",
		    valid_only ? "valid" : names[st]);
		if (st != CB_REJECTED && !valid_only)
			json_object_set_new(o, "id", json_integer(it->id));
		else if (it->e != E_NONE) {
			json_object_set_new(o, "error", json_string(err_slug(it->e)));
			json_object_set_new(o, "message", json_string(err_message(it->e, lang)));
			if (it->field)
				json_object_set_new(o, "field", json_string(it->field));
		}
		json_array_append_new(results, o);
	}
	return json_pack("{s:I,s:I,s:I,s:I,s:b,s:o}", "received", (json_int_t)n, "recorded",
	    (json_int_t)counts[CB_RECORDED], "already_recorded", (json_int_t)counts[CB_ALREADY],
	    "rejected", (json_int_t)counts[CB_REJECTED], "partial", partial, "results", results);
}

/* ---- measures ---- */

void
contact_tally_init(struct contact_tally *t, int64_t now_us)
{
	memset(t, 0, sizeof(*t));
	t->now_us = now_us;
}

bool
contact_email_within(int32_t arrived, int32_t answered)
{
	return answered <= bizdays_add(arrived, CONTACT_EMAIL_BUSINESS_DAYS);
}

void
contact_tally_add(struct contact_tally *t, const struct contact_obs *o)
{
	if (o->channel < 0 || o->channel >= CH__COUNT)
		return;
	t->by_channel[o->channel]++;
	if (contact_channel_queued(o->channel)) {
		t->offered++;
		if (o->answered_us != 0) {
			int64_t from = o->queued_us != 0 ? o->queued_us : o->arrived_us;
			int64_t wait = o->answered_us - from;
			if (wait < 0)
				wait = 0;
			t->answered++;
			/* Whole seconds, rounded to the nearest. */
			t->wait_s_sum += (wait + SECOND_US / 2) / SECOND_US;
			if (wait <= CONTACT_ANSWER_WITHIN_S * SECOND_US)
				t->answered_within++;
		} else {
			t->abandoned++;
		}
	}
	if (o->channel == CH_EMAIL) {
		int32_t arrived = date_of_us_local(o->arrived_us);
		int32_t due = bizdays_add(arrived, CONTACT_EMAIL_BUSINESS_DAYS);
		if (o->answered_us != 0) {
			t->email_due++;
			if (contact_email_within(arrived, date_of_us_local(o->answered_us)))
				t->email_within++;
		} else if (date_of_us_local(t->now_us) > due) {
			t->email_due++;   /* late and still unanswered */
		}
	}
	if (o->answered_us != 0) {
		t->served++;
		if (o->resolved_first)
			t->resolved++;
	}
}

static void
ratio(struct contact_measure *m, enum contact_measure_id id, int64_t num, int64_t den,
    int64_t target, bool lower)
{
	m->id = id;
	m->numerator = num;
	m->denominator = den;
	m->has_data = den > 0;
	m->target = target;
	m->lower_is_better = lower;
	m->actual = 0;
	m->met = false;
	if (!m->has_data)
		return;
	m->actual = round(1000.0 * (double)num / (double)den) / 10.0;
	/* Compared exactly, not on the rounded percentage. */
	m->met = lower ? num * 100 <= target * den : num * 100 >= target * den;
}

void
contact_measures_compute(const struct contact_tally *t, struct contact_measure out[CM__COUNT])
{
	struct contact_measure *m = &out[CM_SPEED_OF_ANSWER];
	m->id = CM_SPEED_OF_ANSWER;
	m->numerator = t->wait_s_sum;
	m->denominator = t->answered;
	m->has_data = t->answered > 0;
	m->target = CONTACT_ASA_TARGET_S;
	m->lower_is_better = true;
	m->actual = m->has_data ? round((double)t->wait_s_sum / (double)t->answered) : 0;
	m->met = m->has_data && t->wait_s_sum <= CONTACT_ASA_TARGET_S * t->answered;
	ratio(&out[CM_ANSWERED_WITHIN], CM_ANSWERED_WITHIN, t->answered_within, t->offered,
	    CONTACT_ANSWERED_TARGET_PCT, false);
	ratio(&out[CM_ABANDONMENT], CM_ABANDONMENT, t->abandoned, t->offered,
	    CONTACT_ABANDON_TARGET_PCT, true);
	ratio(&out[CM_EMAIL_RESPONSE], CM_EMAIL_RESPONSE, t->email_within, t->email_due,
	    CONTACT_EMAIL_TARGET_PCT, false);
	ratio(&out[CM_FCR], CM_FCR, t->resolved, t->served, CONTACT_FCR_TARGET_PCT, false);
}

struct period_ctx {
	struct contact_tally t;
};

static int
period_row(void *ctx, const struct st_row *row)
{
	struct period_ctx *c = ctx;
	struct contact_obs o = { .channel = enum_index(contact_channels, st_text(row, 0)),
		.arrived_us = st_i64(row, 1), .queued_us = st_isnull(row, 2) ? 0 : st_i64(row, 2),
		.answered_us = st_isnull(row, 3) ? 0 : st_i64(row, 3),
		.resolved_first = (int)st_i64(row, 4) };
	contact_tally_add(&c->t, &o);
	return 0;
}

enum st_rc
contact_measures(struct st_tx *tx, struct arena *a, const struct contact_filter *f,
    enum lang lang, json_t **out)
{
	(void)a;
	*out = NULL;
	struct period_ctx c;
	contact_tally_init(&c.t, time_now_us());
	const char *ch = f->channel >= 0 && f->channel < CH__COUNT ? contact_channels[f->channel] : "";
	struct st_param p[] = { SP_INT(date_start_us_local(f->from)),
		SP_INT(date_start_us_local(f->to + 1)), SP_INT(f->point_id), SP_STR(ch) };
	enum st_rc rc = st_exec(tx, Q_CONTACT_PERIOD, p, 4, period_row, &c, NULL);
	if (rc != ST_OK)
		return rc;
	struct contact_measure m[CM__COUNT];
	contact_measures_compute(&c.t, m);
	json_t *ms = json_array(), *bc = json_array();
	for (int i = 0; i < CM__COUNT; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(contact_measure_names[i]));
		json_object_set_new(o, "standard", json_string(lang == LANG_FR ? standards[i].fr :
		    standards[i].en));
		json_object_set_new(o, "unit", json_string(standards[i].unit));
		json_object_set_new(o, "target", json_integer(m[i].target));
		json_object_set_new(o, "comparison", json_string(m[i].lower_is_better ? "at_most" :
		    "at_least"));
		json_object_set_new(o, "actual", m[i].has_data ? json_real(m[i].actual) : json_null());
		json_object_set_new(o, "numerator", json_integer(m[i].numerator));
		json_object_set_new(o, "denominator", json_integer(m[i].denominator));
		json_object_set_new(o, "met", m[i].has_data ? json_boolean(m[i].met) : json_null());
		json_array_append_new(ms, o);
	}
	int64_t total = 0;
	for (int i = 0; i < CH__COUNT; i++) {
		json_array_append_new(bc, json_pack("{s:s,s:I}", "channel", contact_channels[i],
		    "count", (json_int_t)c.t.by_channel[i]));
		total += c.t.by_channel[i];
	}
	char from[11], to[11];
	date_format(f->from, from);
	date_format(f->to, to);
	*out = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:I}", "from", from, "to", to, "point_id",
	    f->point_id > 0 ? json_integer(f->point_id) : json_null(), "channel",
	    *ch ? json_string(ch) : json_null(), "measures", ms, "by_channel", bc, "total",
	    (json_int_t)total);
	return ST_OK;
}

enum st_rc
contact_last_point(struct st_tx *tx, const struct principal *who, int64_t *point_id)
{
	*point_id = 0;
	if (who == NULL || who->user_id <= 0)
		return ST_OK;
	struct st_param p[] = { SP_INT(who->user_id) };
	return st_exec(tx, Q_CONTACT_LAST_POINT, p, 1, id_row, point_id, NULL);
}

static int
point_row(void *ctx, const struct st_row *row)
{
	json_t **pair = ctx;   /* [0] the list, [1] the language as an integer */
	enum lang lang = (enum lang)json_integer_value(pair[1]);
	json_array_append_new(pair[0], json_pack("{s:I,s:s}", "id", (json_int_t)st_i64(row, 0),
	    "name", st_text(row, lang == LANG_FR ? 2 : 1)));
	return 0;
}

static int
name_cmp(const void *x, const void *y)
{
	const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	return strcmp(json_string_value(json_object_get(a, "name")),
	    json_string_value(json_object_get(b, "name")));
}

enum st_rc
contact_points(struct st_tx *tx, enum lang lang, json_t **out)
{
	json_t *pair[2] = { json_array(), json_integer(lang) };
	enum st_rc rc = st_exec(tx, Q_CONTACT_POINTS, NULL, 0, point_row, pair, NULL);
	json_decref(pair[1]);
	/* Sorted by name in the page's language (byte order is enough for a pick list). */
	size_t n = json_array_size(pair[0]);
	json_t **v = calloc(n ? n : 1, sizeof(*v));
	json_t *sorted = json_array();
	if (v != NULL) {
		for (size_t i = 0; i < n; i++)
			v[i] = json_array_get(pair[0], i);
		qsort(v, n, sizeof(*v), name_cmp);
		for (size_t i = 0; i < n; i++)
			json_array_append(sorted, v[i]);
		free(v);
	}
	json_decref(pair[0]);
	*out = sorted;
	return rc;
}

/* ---- time text ---- */

static int
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
contact_time_parse(const char *s, int64_t *us)
{
	int y, mo, d, h, mi, se;
	if (s == NULL || strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se))
		return -1;
	if (y < 1970 || y > 2199 || !date_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return -1;
	const char *p = s + 19;
	int64_t frac = 0, scale = 100000;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	int64_t off_s = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		off_s = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	int64_t secs = (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off_s;
	*us = secs * SECOND_US + frac;
	return 0;
}
