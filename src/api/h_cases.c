/* Training agreements (cases of the apprenticeship program): list, create, read,
 * transitions and their event history. */
#include <string.h>

#include "api/api.h"
#include "domain/cases.h"
#include "domain/engine.h"
#include "domain/trades.h"
#include "json/jspec.h"

#define PROGRAM "apprenticeship"

const char *const agreement_csv_columns[] = { "id", "state", "apprentice.client_number",
	"apprentice.given_name", "apprentice.family_name", "sponsor.id", "sponsor.name",
	"trade_code", "region_id", "language", "start_date", "registration_number", "opened_at",
	"updated_at", "closed_at", NULL };

static const char *const langs[] = { "en", "fr", NULL };
static const char *const channels[] = { "online", "phone", "counter", "mail", NULL };

struct case_ctx {
	struct api_op op;
	struct case_rec rec;
	struct api_page pg;
	struct case_filter f;
	int64_t id, next;
	struct agreement_in in;
	struct transition_in tr;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct case_ctx *c = v;
	api_op_reset(&c->op);
	return case_list(tx, c->op.a, c->op.who, &c->f, c->op.lang, &c->op.out, &c->next);
}

int
h_agreements_list(struct req *r)
{
	struct case_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_page(r, &c->pg) != 0 ||
	    api_query_i64(r, "person_id", 1, INT64_MAX, &c->f.person_id) != 0 ||
	    api_query_i64(r, "sponsor_id", 1, INT64_MAX, &c->f.org_id) != 0 ||
	    api_query_i64(r, "region_id", 1, INT64_MAX, &c->f.region_id) != 0)
		return 0;
	const struct program *p = program_get(PROGRAM);
	c->f.state = req_query(r, "state");
	if (c->f.state && program_state_index(p, c->f.state) < 0) {
		reply_error(r, E_QUERY_PARAM, "state", NULL);
		return 0;
	}
	c->f.trade_code = req_query(r, "trade_code");
	if (c->f.trade_code && trades_find(c->f.trade_code) == NULL) {
		reply_error(r, E_QUERY_PARAM, "trade_code", NULL);
		return 0;
	}
	c->f.program = PROGRAM;
	c->f.after = c->pg.after;
	c->f.limit = c->pg.limit;
	return api_read_page(r, list_tx, &c->op, &c->next, agreement_csv_columns);
}

struct agreement_body {
	int64_t person_id, sponsor_id, region_id;
	int has_person, has_region;
	const char *trade_code, *note;
	int channel, has_channel;
	int32_t start_date;
	int lang, has_lang;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct case_ctx *c = v;
	api_op_reset(&c->op);
	return agreement_create(tx, c->op.a, c->op.who, &c->in, c->op.lang, &c->rec, NULL,
	    &c->op.err);
}

/* The reply is built from the new record after the commit, off the writer thread (or inside
 * the transaction when the request carries an Idempotency-Key, so it can be stored). */
static void
create_reply(struct req *r, void *v, enum st_rc rc)
{
	struct case_ctx *c = v;
	if (rc == ST_OK)
		c->op.out = case_new_json(&c->rec, c->op.who, c->op.lang);
	api_op_reply(r, &c->op, rc);
}

int
h_agreement_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_INTH("person_id", struct agreement_body, person_id, has_person, 1, INT64_MAX, 0),
		JF_INT("sponsor_id", struct agreement_body, sponsor_id, 1, INT64_MAX, JF_REQUIRED),
		JF_STR("trade_code", struct agreement_body, trade_code, 4, 5, JF_REQUIRED),
		JF_DATE("start_date", struct agreement_body, start_date, JF_REQUIRED),
		JF_INTH("region_id", struct agreement_body, region_id, has_region, 1, INT64_MAX, 0),
		JF_ENUMH("language", struct agreement_body, lang, has_lang, langs, 0),
		JF_STR("note", struct agreement_body, note, 0, 2000, JF_NULLABLE),
		JF_ENUMH("channel", struct agreement_body, channel, has_channel, channels, 0),
		JF_END
	};
	struct agreement_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	if (r->who->role != ROLE_CLIENT && !b.has_person) {
		reply_error(r, E_FIELD_REQUIRED, "person_id", NULL);
		return 0;
	}
	if (trades_find(b.trade_code) == NULL) {
		reply_error(r, E_REFERENCE, "trade_code", NULL);
		return 0;
	}
	struct case_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	c->in = (struct agreement_in){ .person_id = b.person_id, .org_id = b.sponsor_id,
		.trade_code = b.trade_code, .start_date = b.start_date, .region_id = b.region_id,
		.has_region = b.has_region, .lang = b.lang, .has_lang = b.has_lang,
		.note = b.note && *b.note ? b.note : NULL,
		.channel = b.has_channel ? channels[b.channel] : NULL };
	return req_write(r, create_tx, c, create_reply);
}

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct case_ctx *c = v;
	api_op_reset(&c->op);
	struct case_rec rec;
	enum st_rc rc = case_load(tx, c->op.a, c->op.who, c->id, &rec);
	if (rc == ST_OK && strcmp(rec.program, PROGRAM) != 0)
		rc = ST_NOTFOUND;
	if (rc != ST_OK)
		return rc;
	return case_full_json(tx, c->op.a, c->op.who, &rec, c->op.lang, &c->op.out);
}

int
h_agreement_get(struct req *r)
{
	struct case_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, get_tx, &c->op);
}

struct transition_body {
	const char *transition;
	json_t *fields;
	int64_t version;
	int has_version;
};

static enum st_rc
transition_tx(struct st_tx *tx, void *v)
{
	struct case_ctx *c = v;
	api_op_reset(&c->op);
	return engine_transition(tx, c->op.a, c->op.who, &c->tr, c->op.lang, &c->op.out, &c->op.err);
}

int
h_agreement_transition(struct req *r)
{
	static const struct jfield spec[] = {
		JF_STR("transition", struct transition_body, transition, 1, 64, JF_REQUIRED),
		JF_JSON("fields", struct transition_body, fields, JF_NULLABLE),
		JF_INTH("version", struct transition_body, version, has_version, 1, INT64_MAX, 0),
		JF_END
	};
	struct case_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	struct transition_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	if (b.fields && !json_is_object(b.fields)) {
		reply_error(r, E_FIELD_TYPE, "fields", NULL);
		return 0;
	}
	c->tr = (struct transition_in){ .case_id = c->id, .transition = b.transition,
		.fields = b.fields, .expect_version = b.has_version ? b.version : 0 };
	return req_write(r, transition_tx, c, api_op_reply);
}

static enum st_rc
events_tx(struct st_tx *tx, void *v)
{
	struct case_ctx *c = v;
	api_op_reset(&c->op);
	return case_events(tx, c->op.a, c->op.who, c->id, c->pg.after, c->pg.limit, &c->op.out,
	    &c->next);
}

int
h_agreement_events(struct req *r)
{
	struct case_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0 || api_page(r, &c->pg) != 0)
		return 0;
	static const char *const cols[] = { "id", "at", "type", "from_state", "to_state",
		"actor.user_id", "actor.role", "actor.name", NULL };
	return api_read_page(r, events_tx, &c->op, &c->next, cols);
}
