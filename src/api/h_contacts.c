/* Client contacts: POST /api/v1/contacts (staff record one contact), POST
 * /api/v1/contacts/bulk (a telephony system posts up to 1,000 call records), and GET
 * /api/v1/contacts/measures (the contact-centre measures over a period).
 *
 * Bulk: the body is {"records": [ ... ]}, each record as for one contact plus a required
 * external_id (the telephony system's call id). A call already recorded (same external_id,
 * or repeated in the batch) is reported "already_recorded" and changes nothing, so posting
 * the same batch again is harmless. By default the batch is all or nothing: when any record
 * is invalid nothing is written and the reply is 422 contacts-invalid with the per-record
 * report (index, error, field); with ?partial=1 the valid records are written and the
 * invalid ones reported (200). */
#include <string.h>

#include "api/api.h"
#include "core/timeutil.h"
#include "domain/contacts.h"
#include "json/jspec.h"

struct contact_body {
	int channel, outcome, has_outcome;
	int64_t point_id, person_id, case_id;
	int has_point, has_person, has_case;
	const char *lang, *topic, *external_id;
	const char *arrived_at, *queued_at, *answered_at, *ended_at;
	int resolved_first;
};

/* The fields of one contact (the bulk records require external_id: checked after). */
#define CONTACT_FIELDS \
	JF_ENUM("channel", struct contact_body, channel, contact_channels, JF_REQUIRED), \
	JF_INTH("point_id", struct contact_body, point_id, has_point, 1, INT64_MAX, JF_NULLABLE), \
	JF_STR("lang", struct contact_body, lang, 2, 3, JF_REQUIRED), \
	JF_STR("topic", struct contact_body, topic, 1, 40, JF_REQUIRED), \
	JF_INTH("person_id", struct contact_body, person_id, has_person, 1, INT64_MAX, JF_NULLABLE), \
	JF_STR("arrived_at", struct contact_body, arrived_at, 20, 35, JF_REQUIRED), \
	JF_STR("queued_at", struct contact_body, queued_at, 20, 35, JF_NULLABLE), \
	JF_STR("answered_at", struct contact_body, answered_at, 20, 35, JF_NULLABLE), \
	JF_STR("ended_at", struct contact_body, ended_at, 20, 35, JF_NULLABLE), \
	JF_BOOL("resolved_first", struct contact_body, resolved_first, 0), \
	JF_ENUMH("outcome", struct contact_body, outcome, has_outcome, contact_outcomes, 0), \
	JF_INTH("case_id", struct contact_body, case_id, has_case, 1, INT64_MAX, JF_NULLABLE), \
	JF_STR("external_id", struct contact_body, external_id, 1, 100, JF_NULLABLE)

static const struct jfield record_spec[] = { CONTACT_FIELDS, JF_END };

/* A parsed body into a contact: E_NONE, or the error with the field (times malformed). */
static enum err_id
body_to_contact(const struct contact_body *b, struct contact_in *in, const char **field)
{
	memset(in, 0, sizeof(*in));
	*field = NULL;
	in->channel = b->channel;
	in->point_id = b->has_point ? b->point_id : 0;
	in->lang = b->lang;
	in->topic = b->topic;
	in->person_id = b->has_person ? b->person_id : 0;
	in->resolved_first = b->resolved_first;
	in->outcome = b->has_outcome ? b->outcome : OUT_NONE;
	in->case_id = b->has_case ? b->case_id : 0;
	in->external_id = b->external_id;
	const char *t[4] = { b->arrived_at, b->queued_at, b->answered_at, b->ended_at };
	int64_t *o[4] = { &in->arrived_us, &in->queued_us, &in->answered_us, &in->ended_us };
	static const char *const names[4] = { "arrived_at", "queued_at", "answered_at", "ended_at" };
	for (int i = 0; i < 4; i++) {
		if (t[i] != NULL && contact_time_parse(t[i], o[i]) != 0) {
			*field = names[i];
			return E_FIELD_FORMAT;
		}
	}
	return E_NONE;
}

/* ---- one contact ---- */

struct create_ctx {
	struct api_op op;
	struct contact_in in;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct create_ctx *c = v;
	api_op_reset(&c->op);
	return contact_record(tx, c->op.a, c->op.who, &c->in, &c->op.out, &c->op.err);
}

int
h_contact_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_ENUM("channel", struct contact_body, channel, contact_channels, JF_REQUIRED),
		JF_INTH("point_id", struct contact_body, point_id, has_point, 1, INT64_MAX, JF_NULLABLE),
		JF_STR("lang", struct contact_body, lang, 2, 3, JF_REQUIRED),
		JF_STR("topic", struct contact_body, topic, 1, 40, JF_REQUIRED),
		JF_INTH("person_id", struct contact_body, person_id, has_person, 1, INT64_MAX, JF_NULLABLE),
		JF_STR("arrived_at", struct contact_body, arrived_at, 20, 35, JF_REQUIRED),
		JF_STR("queued_at", struct contact_body, queued_at, 20, 35, JF_NULLABLE),
		JF_STR("answered_at", struct contact_body, answered_at, 20, 35, JF_NULLABLE),
		JF_STR("ended_at", struct contact_body, ended_at, 20, 35, JF_NULLABLE),
		JF_BOOL("resolved_first", struct contact_body, resolved_first, 0),
		JF_ENUMH("outcome", struct contact_body, outcome, has_outcome, contact_outcomes, 0),
		JF_INTH("case_id", struct contact_body, case_id, has_case, 1, INT64_MAX, JF_NULLABLE),
		JF_STR("external_id", struct contact_body, external_id, 1, 100, JF_NULLABLE),
		JF_END
	};
	struct contact_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	struct create_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 201);
	const char *field = NULL;
	enum err_id err = body_to_contact(&b, &c->in, &field);
	if (err != E_NONE) {
		reply_error(r, err, field, NULL);
		return 0;
	}
	return req_write(r, create_tx, c, api_op_reply);
}

/* ---- bulk ---- */

struct bulk_ctx {
	struct api_op op;
	struct contact_bulk_item *items;
	size_t n;
	int partial;
	int64_t now_us;
};

static enum st_rc
bulk_tx(struct st_tx *tx, void *v)
{
	struct bulk_ctx *c = v;
	api_op_reset(&c->op);
	return contacts_record_bulk(tx, c->op.a, c->op.who, c->items, c->n, c->partial, c->now_us);
}

static void
bulk_reply(struct req *r, void *v, enum st_rc rc)
{
	struct bulk_ctx *c = v;
	if (rc == ST_OK) {
		reply_json(r, 200, contacts_bulk_report(c->items, c->n, c->partial, 1, r->lang));
	} else if (rc == ST_CONFLICT) {
		json_t *extra = json_object();
		json_object_set_new(extra, "report", contacts_bulk_report(c->items, c->n, c->partial, 0,
		    r->lang));
		reply_error(r, E_CONTACTS_INVALID, NULL, extra);
	} else {
		api_reply_failure(r, rc, NULL);
	}
}

struct bulk_body {
	json_t *records;
};

int
h_contacts_bulk(struct req *r)
{
	static const struct jfield spec[] = {
		JF_JSON("records", struct bulk_body, records, JF_REQUIRED),
		JF_END
	};
	struct bulk_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	if (!json_is_array(b.records)) {
		reply_error(r, E_FIELD_TYPE, "records", NULL);
		return 0;
	}
	size_t n = json_array_size(b.records);
	if (n == 0 || n > CONTACT_BULK_MAX) {
		reply_error(r, n == 0 ? E_FIELD_TOO_SHORT : E_FIELD_TOO_LONG, "records", NULL);
		return 0;
	}
	const char *p = req_query(r, "partial");
	if (p != NULL && strcmp(p, "0") != 0 && strcmp(p, "1") != 0) {
		reply_error(r, E_QUERY_PARAM, "partial", NULL);
		return 0;
	}
	struct bulk_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	c->partial = p != NULL && strcmp(p, "1") == 0;
	c->n = n;
	c->now_us = time_now_us();
	c->items = arena_calloc(&r->arena, n, sizeof(*c->items));
	for (size_t i = 0; i < n; i++) {
		struct contact_bulk_item *it = &c->items[i];
		struct contact_body rb = { 0 };
		struct jerr re;
		json_t *rec = json_array_get(b.records, i);
		if (jspec_object(&r->arena, rec, record_spec, &rb, &re) != 0) {
			it->parse_e = re.err;
			it->parse_field = re.field;
			/* Keep the call id for the report when it can be read. */
			const char *x = json_string_value(json_object_get(rec, "external_id"));
			it->in.external_id = x ? arena_strdup(&r->arena, x) : NULL;
			continue;
		}
		it->parse_e = body_to_contact(&rb, &it->in, &it->parse_field);
		if (it->parse_e == E_NONE && rb.external_id == NULL) {
			it->parse_e = E_FIELD_REQUIRED;
			it->parse_field = "external_id";
		}
	}
	return req_write(r, bulk_tx, c, bulk_reply);
}

/* ---- measures ---- */

struct measures_ctx {
	struct api_op op;
	struct contact_filter f;
};

static enum st_rc
measures_tx(struct st_tx *tx, void *v)
{
	struct measures_ctx *c = v;
	api_op_reset(&c->op);
	return contact_measures(tx, c->op.a, &c->f, c->op.lang, &c->op.out);
}

static int
query_date(struct req *r, const char *name, int32_t *out)
{
	const char *s = req_query(r, name);
	if (s == NULL || *s == '\0')
		return 0;
	if (date_parse(s, out) != 0) {
		reply_error(r, E_QUERY_PARAM, name, NULL);
		return -1;
	}
	return 1;
}

int
h_contact_measures(struct req *r)
{
	struct measures_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	api_op_init(&c->op, r, 200);
	int32_t today = date_of_us_local(time_now_us());
	c->f.to = today;
	int has_from, has_to;
	if ((has_from = query_date(r, "from", &c->f.from)) < 0 ||
	    (has_to = query_date(r, "to", &c->f.to)) < 0)
		return 0;
	if (!has_from)
		c->f.from = c->f.to - 29;
	if (c->f.from > c->f.to || c->f.to - c->f.from + 1 > CONTACT_PERIOD_MAX_DAYS) {
		reply_error(r, E_QUERY_PARAM, "from", NULL);
		return 0;
	}
	const char *ch = NULL;
	if (api_query_i64(r, "point", 1, INT64_MAX, &c->f.point_id) != 0 ||
	    api_query_enum(r, "channel", contact_channels, &ch) != 0)
		return 0;
	c->f.channel = -1;
	for (int i = 0; ch != NULL && contact_channels[i] != NULL; i++)
		if (strcmp(ch, contact_channels[i]) == 0)
			c->f.channel = i;
	return api_read(r, measures_tx, &c->op);
}
