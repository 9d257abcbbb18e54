/* Organisations, a sponsor's apprentices, and reference lists (regions, trades, programs). */
#include <string.h>

#include "api/api.h"
#include "domain/cases.h"
#include "domain/orgs.h"
#include "domain/program.h"
#include "json/jspec.h"
#include "text/validate.h"

struct org_ctx {
	struct api_op op;
	struct api_page pg;
	int64_t id, region_id, next;
	const char *kind, *q;
	struct org_in in;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct org_ctx *c = v;
	api_op_reset(&c->op);
	return org_list(tx, c->op.a, c->op.who, c->kind, c->q, c->region_id, c->pg.after,
	    c->pg.limit, &c->op.out, &c->next);
}

int
h_orgs_list(struct req *r)
{
	struct org_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_page(r, &c->pg) != 0 || api_query_enum(r, "kind", org_kinds, &c->kind) != 0 ||
	    api_query_i64(r, "region_id", 1, INT64_MAX, &c->region_id) != 0)
		return 0;
	c->q = req_query(r, "q");
	if (c->q && strlen(c->q) > 200) {
		reply_error(r, E_QUERY_PARAM, "q", NULL);
		return 0;
	}
	static const char *const cols[] = { "id", "kind", "name_en", "name_fr", "region_id", "email",
		"phone", "postal_code", "municipality", NULL };
	return api_read_page(r, list_tx, &c->op, &c->next, cols);
}

struct org_body {
	int kind;
	const char *name_en, *name_fr, *email, *phone, *postal_code, *municipality;
	int64_t region_id;
	int has_region;
};

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct org_ctx *c = v;
	api_op_reset(&c->op);
	return org_create(tx, c->op.a, c->op.who, &c->in, &c->op.out, &c->op.err);
}

int
h_org_create(struct req *r)
{
	static const struct jfield spec[] = {
		JF_ENUM("kind", struct org_body, kind, org_kinds, JF_REQUIRED),
		JF_STR("name_en", struct org_body, name_en, 1, 200, JF_REQUIRED),
		JF_STR("name_fr", struct org_body, name_fr, 1, 200, JF_REQUIRED),
		JF_INTH("region_id", struct org_body, region_id, has_region, 1, INT64_MAX, JF_NULLABLE),
		JF_STRC("email", struct org_body, email, 3, 254, JF_NULLABLE, check_email),
		JF_STRC("phone", struct org_body, phone, 7, 30, JF_NULLABLE, check_phone),
		JF_STRC("postal_code", struct org_body, postal_code, 6, 7, JF_NULLABLE, check_postal),
		JF_STR("municipality", struct org_body, municipality, 1, 100, JF_NULLABLE),
		JF_END
	};
	struct org_body b = { 0 };
	struct jerr e;
	if (jspec_parse(&r->arena, r->body, r->body_len, spec, &b, &e) != 0)
		return api_reply_jerr(r, &e);
	struct org_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	char pc[8], ph[11];
	c->in = (struct org_in){ .kind = b.kind, .name_en = b.name_en, .name_fr = b.name_fr,
		.region_id = b.region_id, .has_region = b.has_region, .email = b.email,
		.phone = b.phone && phone_parse(b.phone, ph) ? arena_strdup(&r->arena, ph) : NULL,
		.postal_code = b.postal_code && postal_code_parse(b.postal_code, pc) ?
		    arena_strdup(&r->arena, pc) : NULL,
		.municipality = b.municipality };
	return req_write(r, create_tx, c, api_op_reply);
}

static enum st_rc
get_tx(struct st_tx *tx, void *v)
{
	struct org_ctx *c = v;
	api_op_reset(&c->op);
	return org_get(tx, c->op.who, c->id, &c->op.out);
}

int
h_org_get(struct req *r)
{
	struct org_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->id) != 0)
		return 0;
	return api_read(r, get_tx, &c->op);
}

struct apprentices_ctx {
	struct api_op op;
	struct api_page pg;
	struct case_filter f;
	int64_t next;
};

static enum st_rc
apprentices_tx(struct st_tx *tx, void *v)
{
	struct apprentices_ctx *c = v;
	api_op_reset(&c->op);
	if (!org_visible(c->op.who, c->f.org_id))
		return ST_NOTFOUND;
	return case_list(tx, c->op.a, c->op.who, &c->f, c->op.lang, &c->op.out, &c->next);
}

extern const char *const agreement_csv_columns[];

int
h_org_apprentices(struct req *r)
{
	struct apprentices_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 200);
	if (api_arg_id(r, 0, &c->f.org_id) != 0 || api_page(r, &c->pg) != 0)
		return 0;
	c->f.program = "apprenticeship";
	c->f.state = req_query(r, "state");
	c->f.after = c->pg.after;
	c->f.limit = c->pg.limit;
	return api_read_page(r, apprentices_tx, &c->op, &c->next, agreement_csv_columns);
}

static enum st_rc
regions_tx(struct st_tx *tx, void *v)
{
	struct api_op *op = v;
	api_op_reset(op);
	json_t *items;
	enum st_rc rc = region_list(tx, &items);
	op->out = json_pack("{s:o}", "items", items);
	return rc;
}

int
h_regions_list(struct req *r)
{
	struct api_op *op = arena_alloc(&r->arena, sizeof(*op));
	api_op_init(op, r, 200);
	return api_read(r, regions_tx, op);
}

static enum st_rc
trades_tx(struct st_tx *tx, void *v)
{
	struct api_op *op = v;
	api_op_reset(op);
	json_t *items;
	enum st_rc rc = trade_list(tx, &items);
	op->out = json_pack("{s:o}", "items", items);
	return rc;
}

int
h_trades_list(struct req *r)
{
	struct api_op *op = arena_alloc(&r->arena, sizeof(*op));
	api_op_init(op, r, 200);
	return api_read(r, trades_tx, op);
}

/* Program definitions as clients need them: states, transitions, standards, in r->lang. */
int
h_programs_list(struct req *r)
{
	json_t *items = json_array();
	const struct program *p;
	for (size_t i = 0; (p = program_at(i)) != NULL; i++) {
		json_t *states = json_array(), *trs = json_array(), *stds = json_array();
		for (int k = 0; k < p->nstates; k++)
			json_array_append_new(states, json_pack("{s:s,s:s,s:b,s:b}", "id", p->states[k].id,
			    "label", i18n_pick(&p->states[k].label, r->lang), "terminal",
			    p->states[k].terminal, "clock_paused", p->states[k].clock_paused));
		for (int k = 0; k < p->ntransitions; k++) {
			const struct prog_transition *t = &p->transitions[k];
			json_t *from = json_array(), *roles = json_array();
			for (int j = 0; j < t->nfrom; j++)
				json_array_append_new(from, json_string(p->states[t->from[j]].id));
			for (int j = 0; j < ROLE__COUNT; j++)
				if (t->roles & RB(j))
					json_array_append_new(roles, json_string(role_name((enum role)j)));
			json_array_append_new(trs, json_pack("{s:s,s:s,s:o,s:s,s:o}", "id", t->id, "label",
			    i18n_pick(&t->label, r->lang), "from", from, "to", p->states[t->to].id,
			    "roles", roles));
		}
		for (int k = 0; k < p->nstandards; k++) {
			const struct prog_standard *s = &p->standards[k];
			json_array_append_new(stds, json_pack("{s:s,s:s,s:i,s:i}", "id", s->id, "label",
			    i18n_pick(&s->label, r->lang), "business_days", s->business_days, "hours",
			    s->hours));
		}
		json_array_append_new(items, json_pack("{s:s,s:i,s:s,s:o,s:o,s:o}", "id", p->id,
		    "version", p->version, "label", i18n_pick(&p->label, r->lang), "states", states,
		    "transitions", trs, "service_standards", stds));
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
	return 0;
}
