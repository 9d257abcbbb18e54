#include "domain/cases.h"
#include "domain/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/engine.h"
#include "domain/trades.h"
#include "text/text.h"

bool
case_scope_of(const struct principal *who, struct case_scope *out)
{
	memset(out, 0, sizeof(*out));
	switch (who->role) {
	case ROLE_CLIENT:
		out->person_id = who->person_id ? who->person_id : -1;
		return who->person_id != 0;
	case ROLE_SPONSOR:
		out->org_id = who->org_id ? who->org_id : -1;
		return who->org_id != 0;
	case ROLE_ADVISOR:
		if (!who->all_regions)
			out->region_id = who->region_id ? who->region_id : -1;
		return who->all_regions || who->region_id != 0;
	case ROLE_MANAGER:
	case ROLE_ADMIN:
	case ROLE_AUDITOR:
		return true;
	default:
		return false;
	}
}

bool
case_visible(const struct principal *who, const struct case_rec *c)
{
	struct case_scope s;
	if (!case_scope_of(who, &s))
		return false;
	return (s.person_id == 0 || s.person_id == c->person_id) &&
	    (s.org_id == 0 || s.org_id == c->org_id) &&
	    (s.region_id == 0 || s.region_id == c->region_id);
}

static const char *
col_text(struct arena *a, const struct st_row *row, int col)
{
	return st_isnull(row, col) ? NULL : arena_strdup(a, st_text(row, col));
}

void
case_from_row(struct arena *a, const struct st_row *row, int k, struct case_rec *c)
{
	c->id = st_i64(row, k + 0);
	c->program = col_text(a, row, k + 1);
	c->state = col_text(a, row, k + 2);
	c->person_id = st_i64(row, k + 3);
	c->org_id = st_i64(row, k + 4);
	c->region_id = st_i64(row, k + 5);
	c->trade_code = col_text(a, row, k + 6);
	c->lang = col_text(a, row, k + 7);
	c->start_date = col_text(a, row, k + 8);
	c->ref_no = col_text(a, row, k + 9);
	c->data = col_text(a, row, k + 10);
	c->created_by = st_i64(row, k + 11);
	c->opened_us = st_i64(row, k + 12);
	c->updated_us = st_i64(row, k + 13);
	c->closed_us = st_i64(row, k + 14);
	c->version = st_i64(row, k + 15);
	c->client_no = col_text(a, row, k + 16);
	c->given_name = col_text(a, row, k + 17);
	c->family_name = col_text(a, row, k + 18);
	c->org_name_en = col_text(a, row, k + 19);
	c->org_name_fr = col_text(a, row, k + 20);
}

struct load_ctx {
	struct arena *a;
	struct case_rec *c;
	int found;
};

static int
load_row(void *vctx, const struct st_row *row)
{
	struct load_ctx *l = vctx;
	case_from_row(l->a, row, 0, l->c);
	l->found = 1;
	return 1;
}

enum st_rc
case_load(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t id,
    struct case_rec *out)
{
	struct load_ctx l = { a, out, 0 };
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_CASE_GET, p, 1, load_row, &l, NULL);
	if (rc != ST_OK)
		return rc;
	if (!l.found || (who != NULL && !case_visible(who, out)))
		return ST_NOTFOUND;
	return ST_OK;
}

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static void
set_time(json_t *o, const char *k, int64_t us)
{
	char t[32];
	if (us == 0) {
		json_object_set_new(o, k, json_null());
		return;
	}
	time_format_us(us, t);
	json_object_set_new(o, k, json_string(t));
}

json_t *
case_summary_json(const struct case_rec *c, enum lang lang)
{
	const struct program *p = program_get(c->program);
	int si = p ? program_state_index(p, c->state) : -1;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	set_str(o, "program", c->program);
	set_str(o, "state", c->state);
	set_str(o, "state_label", si >= 0 ? i18n_pick(&p->states[si].label, lang) : c->state);
	json_t *person = json_object();
	json_object_set_new(person, "id", json_integer(c->person_id));
	set_str(person, "client_number", c->client_no);
	set_str(person, "given_name", c->given_name);
	set_str(person, "family_name", c->family_name);
	json_object_set_new(o, "apprentice", person);
	if (c->org_id) {
		json_t *org = json_object();
		json_object_set_new(org, "id", json_integer(c->org_id));
		set_str(org, "name", lang == LANG_FR ? c->org_name_fr : c->org_name_en);
		json_object_set_new(o, "sponsor", org);
	} else {
		json_object_set_new(o, "sponsor", json_null());
	}
	json_object_set_new(o, "region_id", json_integer(c->region_id));
	set_str(o, "trade_code", c->trade_code);
	set_str(o, "language", c->lang);
	set_str(o, "start_date", c->start_date);
	set_str(o, "registration_number", c->ref_no);
	json_t *details = c->data ? json_loads(c->data, 0, NULL) : NULL;
	json_object_set_new(o, "details", details ? details : json_object());
	json_object_set_new(o, "version", json_integer(c->version));
	set_time(o, "opened_at", c->opened_us);
	set_time(o, "updated_at", c->updated_us);
	set_time(o, "closed_at", c->closed_us);
	return o;
}

struct clocks_ctx {
	const struct program *p;
	json_t *arr;
	int64_t now;
	enum lang lang;
};

static int
clock_row(void *vctx, const struct st_row *row)
{
	struct clocks_ctx *c = vctx;
	json_t *j = clock_json(c->p, row, c->now, c->lang);
	if (j)
		json_array_append_new(c->arr, j);
	return 0;
}

struct hours_tot {
	int64_t approved, pending;
};

static int
hours_tot_row(void *vctx, const struct st_row *row)
{
	struct hours_tot *h = vctx;
	h->approved = st_i64(row, 0);
	h->pending = st_i64(row, 1);
	return 1;
}

/* The trade as the catalogue has it (the trades table is a copy of the same catalogue). */
static json_t *
trade_json(const char *code)
{
	const struct trade *t = code ? trades_find(code) : NULL;
	json_t *o = json_object();
	if (t == NULL)
		return o;
	set_str(o, "code", t->code);
	set_str(o, "name_en", t->name_en);
	set_str(o, "name_fr", t->name_fr);
	json_object_set_new(o, "required_hours", t->hours ? json_integer(t->hours) : json_null());
	return o;
}

/* Full JSON from a record and its already-read parts (clocks taken). */
static json_t *
case_assemble(const struct case_rec *c, const struct principal *who, json_t *clocks,
    int64_t approved, int64_t pending, enum lang lang)
{
	const struct program *p = program_get(c->program);
	json_t *o = case_summary_json(c, lang);
	json_object_set_new(o, "service_standards", clocks);
	json_object_set_new(o, "trade", trade_json(c->trade_code));
	json_t *hours = json_object();
	json_object_set_new(hours, "approved", json_integer(approved));
	json_object_set_new(hours, "pending_approval", json_integer(pending));
	json_object_set_new(o, "hours", hours);
	json_object_set_new(o, "transitions", p && who ? engine_possible(p, c->state, RB(who->role), lang)
	    : json_array());
	return o;
}

enum st_rc
case_full_json(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct case_rec *c, enum lang lang, json_t **out)
{
	struct clocks_ctx cc = { program_get(c->program), json_array(), time_now_us(), lang };
	struct st_param id[] = { SP_INT(c->id) };
	enum st_rc rc = cc.p ? st_exec(tx, Q_CLOCKS_OF_CASE, id, 1, clock_row, &cc, NULL) : ST_OK;
	struct hours_tot h = { 0, 0 };
	if (rc == ST_OK)
		rc = st_exec(tx, Q_HOURS_TOTALS, id, 1, hours_tot_row, &h, NULL);
	if (rc != ST_OK) {
		json_decref(cc.arr);
		return rc;
	}
	*out = case_assemble(c, who, cc.arr, h.approved, h.pending, lang);
	return ST_OK;
}

/* ---- creating a training agreement ---- */

static int
i64_row(void *vctx, const struct st_row *row)
{
	*(int64_t *)vctx = st_i64(row, 0);
	return 1;
}

struct person_brief {
	int found;
	const char *client_no, *given, *family;
	struct arena *a;
};

static int
person_brief_row(void *vctx, const struct st_row *row)
{
	struct person_brief *b = vctx;
	b->found = 1;
	b->client_no = col_text(b->a, row, 0);
	b->given = col_text(b->a, row, 1);
	b->family = col_text(b->a, row, 2);
	return 1;
}

struct org_info {
	int found;
	char kind[40];
	int64_t region_id;
	const char *name_en, *name_fr;
	struct arena *a;
};

static int
org_row(void *vctx, const struct st_row *row)
{
	struct org_info *o = vctx;
	o->found = 1;
	snprintf(o->kind, sizeof(o->kind), "%s", st_text(row, 1));
	o->name_en = col_text(o->a, row, 2);
	o->name_fr = col_text(o->a, row, 3);
	o->region_id = st_i64(row, 4);
	return 1;
}

/* Creation runs on the single writer, so it reads only what it must (the apprentice and the
 * sponsor), takes the trade from the in-memory catalogue, lets the region's foreign key
 * speak for itself, and builds its reply from what it already holds. */
enum st_rc
agreement_create(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct agreement_in *in, enum lang lang, struct case_rec *rec, json_t **out,
    struct dom_err *err)
{
	const struct program *p = program_get("apprenticeship");
	if (p == NULL)
		return ST_ERROR;
	int64_t person_id = in->person_id;
	if (who->role == ROLE_CLIENT) {
		if (who->person_id == 0)
			return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
		person_id = who->person_id;
	} else if (person_id <= 0) {
		return dom_refuse(err, E_FIELD_REQUIRED, "person_id", NULL);
	}
	if (trades_find(in->trade_code) == NULL)
		return dom_refuse(err, E_REFERENCE, "trade_code", NULL);
	enum st_rc rc;
	struct person_brief pb = { .a = a };
	struct st_param pp[] = { SP_INT(person_id) };
	if ((rc = st_exec(tx, Q_PERSON_BRIEF, pp, 1, person_brief_row, &pb, NULL)) != ST_OK)
		return rc;
	if (!pb.found)
		return dom_refuse(err, E_REFERENCE, "person_id", NULL);
	struct org_info org = { .a = a };
	struct st_param op[] = { SP_INT(in->org_id) };
	if ((rc = st_exec(tx, Q_ORG_GET, op, 1, org_row, &org, NULL)) != ST_OK)
		return rc;
	if (!org.found || strcmp(org.kind, "sponsor") != 0)
		return dom_refuse(err, E_REFERENCE, "sponsor_id", NULL);
	int64_t region = in->has_region ? in->region_id : org.region_id;
	if (!in->has_region && who->role == ROLE_ADVISOR && !who->all_regions)
		region = who->region_id;
	if (region <= 0)
		return dom_refuse(err, E_REFERENCE, "region_id", NULL);
	/* An advisor acts only within their region; anything else would be invisible to them. */
	if (who->role == ROLE_ADVISOR && !who->all_regions && region != who->region_id)
		return dom_refuse(err, E_FORBIDDEN, "region_id", NULL);

	char start[11];
	date_format(in->start_date, start);
	const char *lng = in->has_lang ? (in->lang ? "fr" : "en") : (lang == LANG_FR ? "fr" : "en");
	/* Clients apply online; staff say how the request reached them (phone, counter, mail). */
	const char *channel = who->role == ROLE_CLIENT ? "online" : in->channel;
	const char *data_s = "{}";
	if (in->note || channel) {
		json_t *data = json_object();
		if (in->note)
			json_object_set_new(data, "note", json_string(in->note));
		if (channel)
			json_object_set_new(data, "channel", json_string(channel));
		char *d = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
		data_s = arena_strdup(a, d);
		free(d);
		json_decref(data);
	}
	int64_t now = time_now_us(), id = 0;
	struct st_param ip[] = { SP_STR(p->id), SP_STR(p->states[p->initial].id), SP_INT(person_id),
		SP_INT(in->org_id), SP_INT(region), SP_STR(in->trade_code), SP_STR(lng), SP_STR(start),
		SP_STR(data_s), SP_OPTINT(who->user_id, who->user_id), SP_INT(now) };
	rc = st_exec(tx, Q_CASE_INSERT, ip, 11, i64_row, &id, NULL);
	if (rc == ST_CONFLICT) /* person, sponsor and trade were checked: the region is unknown */
		return dom_refuse(err, E_REFERENCE, "region_id", NULL);
	if (rc != ST_OK)
		return rc;
	struct case_rec c = (struct case_rec){ .id = id, .program = p->id, .state = p->states[p->initial].id,
		.person_id = person_id, .org_id = in->org_id, .region_id = region,
		.trade_code = in->trade_code, .lang = lng, .start_date = arena_strdup(a, start),
		.data = data_s,
		.created_by = who->user_id, .opened_us = now, .updated_us = now, .version = 1,
		.client_no = pb.client_no, .given_name = pb.given, .family_name = pb.family,
		.org_name_en = org.name_en, .org_name_fr = org.name_fr };
	json_t *snap = case_summary_json(&c, LANG_EN);
	rc = engine_case_created(tx, who, &c, snap);
	json_decref(snap);
	if (rc != ST_OK)
		return rc;
	*rec = c;
	if (out)
		*out = case_new_json(&c, who, lang);
	return ST_OK;
}

json_t *
case_new_json(const struct case_rec *c, const struct principal *who, enum lang lang)
{
	return case_assemble(c, who, json_array(), 0, 0, lang);
}

struct list_ctx {
	struct arena *a;
	enum lang lang;
	json_t *items;
};

static int
list_row(void *vctx, const struct st_row *row)
{
	struct list_ctx *l = vctx;
	struct case_rec c;
	case_from_row(l->a, row, 0, &c);
	json_array_append_new(l->items, case_summary_json(&c, l->lang));
	return 0;
}

/* A caller's narrowing filter must not widen their scope: a conflicting filter yields an
 * empty page (never someone else's records). */
static int64_t
narrow(int64_t forced, int64_t asked)
{
	if (forced == 0)
		return asked;
	if (asked == 0 || asked == forced)
		return forced;
	return -1;
}

enum st_rc
case_list(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct case_filter *f, enum lang lang, json_t **items, int64_t *next_after)
{
	struct case_scope s;
	struct list_ctx l = { a, lang, json_array() };
	*items = l.items;
	*next_after = 0;
	if (!case_scope_of(who, &s))
		return ST_OK;
	struct st_param p[] = { SP_STR(f->program), SP_INT(narrow(s.person_id, f->person_id)),
		SP_INT(narrow(s.org_id, f->org_id)), SP_INT(narrow(s.region_id, f->region_id)),
		SP_STR(f->state ? f->state : ""), SP_STR(f->trade_code ? f->trade_code : ""),
		SP_INT(f->after), SP_INT(f->limit + 1), SP_STR(text_search_pattern(a, f->name)) };
	/* Fetch one more than asked: its presence says whether there is a next page. */
	enum st_rc rc = st_exec(tx, Q_CASE_LIST, p, 9, list_row, &l, NULL);
	if (rc != ST_OK)
		return rc;
	*next_after = page_trim(l.items, f->limit);
	return ST_OK;
}

struct ev_ctx {
	json_t *items;
};

static int
event_row(void *vctx, const struct st_row *row)
{
	struct ev_ctx *e = vctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	set_time(o, "at", st_i64(row, 1));
	json_t *actor = json_object();
	json_object_set_new(actor, "user_id", st_isnull(row, 2) ? json_null() : json_integer(st_i64(row, 2)));
	set_str(actor, "role", st_isnull(row, 3) ? NULL : st_text(row, 3));
	set_str(actor, "name", st_isnull(row, 8) ? NULL : st_text(row, 8));
	json_object_set_new(o, "actor", actor);
	set_str(o, "type", st_text(row, 4));
	set_str(o, "from_state", st_isnull(row, 5) ? NULL : st_text(row, 5));
	set_str(o, "to_state", st_isnull(row, 6) ? NULL : st_text(row, 6));
	json_t *payload = json_loads(st_text(row, 7), 0, NULL);
	json_object_set_new(o, "payload", payload ? payload : json_object());
	json_array_append_new(e->items, o);
	return 0;
}

enum st_rc
case_events(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t case_id,
    int64_t after, int limit, json_t **items, int64_t *next_after)
{
	struct case_rec c;
	enum st_rc rc = case_load(tx, a, who, case_id, &c);
	if (rc != ST_OK)
		return rc;
	struct ev_ctx e = { json_array() };
	struct st_param p[] = { SP_INT(case_id), SP_INT(after), SP_INT(limit + 1) };
	rc = st_exec(tx, Q_CASE_EVENTS, p, 3, event_row, &e, NULL);
	*next_after = page_trim(e.items, limit);
	*items = e.items;
	return rc;
}
