/* network: catchment areas with their service system manager, rollout phase, milestones and
 * service providers (see network.h). */
#include "domain/network.h"

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"

const char *const catchment_phases[] = { "prototype", "phase1", "phase2", "later", NULL };
const char *const milestone_kinds[] = { "selection_announced", "transition_start",
	"transition_end", "integrated_live", NULL };

int32_t
network_add_months(int32_t day, int months)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int idx = y * 12 + (m - 1) + months;
	y = idx / 12;
	m = idx % 12 + 1;
	while (d > 28 && !date_valid(y, m, d))
		d--;
	return date_from_ymd(y, m, d);
}

static int
kind_index(const char *s)
{
	for (int k = 0; milestone_kinds[k]; k++)
		if (strcmp(milestone_kinds[k], s) == 0)
			return k;
	return -1;
}

/* ---- reading ---- */

/* Milestone dates of the catchments being read, 0 for none. */
struct ms_dates {
	int64_t region_id;
	int32_t planned[MS__COUNT], actual[MS__COUNT];
};

struct read_ctx {
	json_t *list;             /* catchments in order */
	struct ms_dates *ms;      /* one per catchment, same order */
	size_t n, cap;
};

static json_t *
json_date_or_null(int32_t d)
{
	if (d == 0)
		return json_null();
	char s[11];
	date_format(d, s);
	return json_string(s);
}

static int
catchment_row(void *v, const struct st_row *row)
{
	struct read_ctx *c = v;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "code", json_string(st_text(row, 2)));
	json_object_set_new(o, "name_en", json_string(st_text(row, 3)));
	json_object_set_new(o, "name_fr", json_string(st_text(row, 4)));
	json_object_set_new(o, "region_id", st_isnull(row, 1) ? json_null() :
	    json_integer(st_i64(row, 1)));
	json_object_set_new(o, "phase", json_string(st_text(row, 5)));
	if (st_isnull(row, 6) || st_isnull(row, 7))
		json_object_set_new(o, "ssm", json_null());
	else
		json_object_set_new(o, "ssm", json_pack("{s:I,s:s,s:s}", "id",
		    (json_int_t)st_i64(row, 6), "name_en", st_text(row, 7), "name_fr",
		    st_text(row, 8)));
	json_object_set_new(o, "providers", json_array());
	json_array_append_new(c->list, o);
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct ms_dates *ms = realloc(c->ms, cap * sizeof(*ms));
		if (ms == NULL)
			return 1;
		c->ms = ms;
		c->cap = cap;
	}
	memset(&c->ms[c->n], 0, sizeof(c->ms[c->n]));
	c->ms[c->n++].region_id = st_i64(row, 0);
	return 0;
}

static size_t
find_catchment(const struct read_ctx *c, int64_t region_id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->ms[i].region_id == region_id)
			return i;
	return (size_t)-1;
}

static int
milestone_row(void *v, const struct st_row *row)
{
	struct read_ctx *c = v;
	size_t i = find_catchment(c, st_i64(row, 0));
	int k = kind_index(st_text(row, 1));
	if (i == (size_t)-1 || k < 0)
		return 0;
	int32_t d;
	if (!st_isnull(row, 2) && date_parse(st_text(row, 2), &d) == 0)
		c->ms[i].planned[k] = d;
	if (!st_isnull(row, 3) && date_parse(st_text(row, 3), &d) == 0)
		c->ms[i].actual[k] = d;
	return 0;
}

static int
provider_row(void *v, const struct st_row *row)
{
	struct read_ctx *c = v;
	size_t i = find_catchment(c, st_i64(row, 0));
	if (i == (size_t)-1)
		return 0;
	json_t *list = json_object_get(json_array_get(c->list, i), "providers");
	json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)st_i64(row, 1),
	    "name_en", st_text(row, 2), "name_fr", st_text(row, 3)));
	return 0;
}

/* Milestones, status and schedule of one catchment from its dates. */
static void
catchment_finish(json_t *o, const struct ms_dates *ms, int32_t today)
{
	json_t *all = json_object();
	/* Behind schedule: a milestone is overdue, or the latest one reached came late. */
	int behind = 0, last_late = 0;
	for (int k = 0; k < MS__COUNT; k++) {
		int32_t p = ms->planned[k], a = ms->actual[k];
		const char *state;
		json_t *late = json_null();
		if (a != 0) {
			state = "done";
			if (p != 0)
				late = json_integer(a - p);
			last_late = p != 0 && a > p;
		} else if (p != 0 && p < today) {
			state = "overdue";
			late = json_integer(today - p);
			behind = 1;
		} else {
			state = p != 0 ? "planned" : "unplanned";
		}
		json_object_set_new(all, milestone_kinds[k], json_pack("{s:o,s:o,s:s,s:o}",
		    "planned_date", json_date_or_null(p), "actual_date", json_date_or_null(a), "state",
		    state, "late_days", late));
	}
	behind |= last_late;
	const char *status = ms->actual[MS_INTEGRATED_LIVE] ? "live" :
	    ms->actual[MS_TRANSITION_START] ? "transition" :
	    ms->actual[MS_SELECTION_ANNOUNCED] ? "selected" : "not_started";
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "behind_schedule", json_boolean(behind));
	json_object_set_new(o, "milestones", all);
}

static enum st_rc
read_catchments(struct st_tx *tx, const char *phase, int64_t only, struct read_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->list = json_array();
	struct st_param p[] = { SP_STR(phase ? phase : ""), SP_INT(only) };
	enum st_rc rc = st_exec(tx, Q_NET_CATCHMENTS, p, 2, catchment_row, c, NULL);
	struct st_param q[] = { SP_INT(only) };
	if (rc == ST_OK && c->n > 0)
		rc = st_exec(tx, Q_NET_MILESTONES, q, 1, milestone_row, c, NULL);
	if (rc == ST_OK && c->n > 0)
		rc = st_exec(tx, Q_NET_PROVIDERS, q, 1, provider_row, c, NULL);
	if (rc == ST_OK && json_array_size(c->list) != c->n)
		rc = ST_ERROR; /* out of memory while reading */
	int32_t today = date_of_us_local(time_now_us());
	for (size_t i = 0; rc == ST_OK && i < c->n; i++)
		catchment_finish(json_array_get(c->list, i), &c->ms[i], today);
	return rc;
}

static void
read_free(struct read_ctx *c)
{
	json_decref(c->list);
	free(c->ms);
	memset(c, 0, sizeof(*c));
}

struct region_ctx {
	json_t *items;
};

static int
region_row(void *v, const struct st_row *row)
{
	struct region_ctx *c = v;
	if (strcmp(st_text(row, 2), "region") != 0)
		return 0;
	json_array_append_new(c->items, json_pack("{s:I,s:s,s:s,s:s,s:[]}", "id",
	    (json_int_t)st_i64(row, 0), "code", st_text(row, 3), "name_en", st_text(row, 4),
	    "name_fr", st_text(row, 5), "catchments"));
	return 0;
}

enum st_rc
network_tree(struct st_tx *tx, const char *phase, json_t **out)
{
	*out = NULL;
	struct region_ctx rg = { json_array() };
	enum st_rc rc = st_exec(tx, Q_REGION_LIST, NULL, 0, region_row, &rg, NULL);
	struct read_ctx c;
	if (rc == ST_OK)
		rc = read_catchments(tx, phase, 0, &c);
	else
		memset(&c, 0, sizeof(c));
	if (rc != ST_OK) {
		json_decref(rg.items);
		read_free(&c);
		return rc;
	}
	json_t *items = json_array();
	size_t i;
	json_t *reg;
	json_array_foreach(rg.items, i, reg) {
		json_int_t id = json_integer_value(json_object_get(reg, "id"));
		json_t *list = json_object_get(reg, "catchments");
		size_t j;
		json_t *cm;
		json_array_foreach(c.list, j, cm)
			if (json_integer_value(json_object_get(cm, "region_id")) == id)
				json_array_append(list, cm);
		if (json_array_size(list) > 0)
			json_array_append(items, reg);
	}
	json_decref(rg.items);
	read_free(&c);
	*out = json_pack("{s:o}", "items", items);
	return ST_OK;
}

enum st_rc
network_catchment_get(struct st_tx *tx, int64_t region_id, json_t **out)
{
	*out = NULL;
	if (region_id <= 0)
		return ST_NOTFOUND;
	struct read_ctx c;
	enum st_rc rc = read_catchments(tx, NULL, region_id, &c);
	if (rc == ST_OK && c.n == 0)
		rc = ST_NOTFOUND;
	if (rc == ST_OK)
		*out = json_incref(json_array_get(c.list, 0));
	read_free(&c);
	return rc;
}

/* ---- writing ---- */

static enum st_rc
put_dates(struct st_tx *tx, int64_t region_id, int kind, int32_t planned, int32_t actual)
{
	char ps[11], as[11];
	if (planned)
		date_format(planned, ps);
	if (actual)
		date_format(actual, as);
	struct st_param p[] = { SP_INT(region_id), SP_STR(milestone_kinds[kind]),
		SP_STR(planned ? ps : NULL), SP_STR(actual ? as : NULL) };
	return st_exec(tx, Q_NET_MILESTONE_PUT, p, 4, NULL, NULL, NULL);
}

enum st_rc
network_catchment_put(struct st_tx *tx, int64_t region_id, int64_t ssm_org_id, const char *phase)
{
	struct st_param p[] = { SP_INT(region_id), SP_OPTINT(ssm_org_id != 0, ssm_org_id),
		SP_STR(phase), SP_INT(time_now_us()) };
	return st_exec(tx, Q_NET_CATCHMENT_PUT, p, 4, NULL, NULL, NULL);
}

enum st_rc
network_provider_add(struct st_tx *tx, int64_t region_id, int64_t org_id)
{
	struct st_param p[] = { SP_INT(region_id), SP_INT(org_id) };
	return st_exec(tx, Q_NET_PROVIDER_ADD, p, 2, NULL, NULL, NULL);
}

enum st_rc
network_milestone_put(struct st_tx *tx, int64_t region_id, int kind, int32_t planned,
    int32_t actual)
{
	if (kind < 0 || kind >= MS__COUNT)
		return ST_ERROR;
	return put_dates(tx, region_id, kind, planned, actual);
}

/* The first milestone whose non-zero date goes back in d, or -1. */
static int
first_disorder(const int32_t d[MS__COUNT])
{
	int32_t last = 0;
	for (int k = 0; k < MS__COUNT; k++) {
		if (d[k] == 0)
			continue;
		if (d[k] < last)
			return k;
		last = d[k];
	}
	return -1;
}

/* Sets n milestones of one catchment at once (in[].region_id all the same), checked as a
 * whole: network_milestone_set for one, network_milestones_set for the edit page. */
static enum st_rc
milestones_apply(struct st_tx *tx, const struct principal *who, int64_t region_id,
    const struct milestone_in *in, size_t n, json_t **out, struct dom_err *err)
{
	*out = NULL;
	if (who == NULL || (who->role != ROLE_MANAGER && who->role != ROLE_ADMIN))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		if (in[i].kind < 0 || in[i].kind >= MS__COUNT || in[i].region_id != region_id)
			return ST_NOTFOUND;
	struct read_ctx c;
	enum st_rc rc = read_catchments(tx, NULL, region_id, &c);
	if (rc == ST_OK && c.n == 0)
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		read_free(&c);
		return rc;
	}
	struct ms_dates before = c.ms[0], after = before;
	json_t *before_json = json_incref(json_object_get(json_array_get(c.list, 0), "milestones"));
	read_free(&c);

	int set[MS__COUNT] = { 0 }, end_unplanned = 0;
	for (size_t i = 0; i < n; i++) {
		int k = in[i].kind;
		set[k] = 1;
		after.planned[k] = in[i].has_planned ? in[i].planned : 0;
		after.actual[k] = in[i].has_actual ? in[i].actual : 0;
		if (k == MS_TRANSITION_END && !in[i].has_planned)
			end_unplanned = 1;
	}
	if (end_unplanned && after.planned[MS_TRANSITION_START])
		after.planned[MS_TRANSITION_END] = network_add_months(after.planned[MS_TRANSITION_START],
		    NETWORK_TRANSITION_MONTHS);
	if (set[MS_TRANSITION_START] && after.planned[MS_TRANSITION_START] &&
	    !after.planned[MS_TRANSITION_END])
		after.planned[MS_TRANSITION_END] = network_add_months(
		    after.planned[MS_TRANSITION_START], NETWORK_TRANSITION_MONTHS);
	int32_t today = date_of_us_local(time_now_us());
	int future = -1;
	for (int k = 0; k < MS__COUNT && future < 0; k++)
		if (set[k] && after.actual[k] > today)
			future = k;
	int bad_planned = first_disorder(after.planned), bad_actual = first_disorder(after.actual);
	if (future >= 0 || bad_planned >= 0 || bad_actual >= 0) {
		json_decref(before_json);
		if (n == 1)      /* the API's field names, as they always were */
			return dom_refuse(err, E_MILESTONE_DATES, future < 0 && bad_planned >= 0 ?
			    "planned_date" : "actual_date", NULL);
		/* Several: "KIND.actual_date" or "KIND.planned_date" of the first one at fault. */
		static const char *const field[MS__COUNT][2] = {
			{ "selection_announced.planned_date", "selection_announced.actual_date" },
			{ "transition_start.planned_date", "transition_start.actual_date" },
			{ "transition_end.planned_date", "transition_end.actual_date" },
			{ "integrated_live.planned_date", "integrated_live.actual_date" },
		};
		int k = future >= 0 ? future : bad_planned >= 0 ? bad_planned : bad_actual;
		int actual = future >= 0 || bad_planned < 0;
		return dom_refuse(err, E_MILESTONE_DATES, field[k][actual], NULL);
	}
	int changed = 0;
	for (int j = 0; rc == ST_OK && j < MS__COUNT; j++) {
		if (after.planned[j] == before.planned[j] && after.actual[j] == before.actual[j])
			continue;
		changed = 1;
		rc = put_dates(tx, region_id, j, after.planned[j], after.actual[j]);
	}
	if (rc == ST_OK && changed) {
		struct st_param p[] = { SP_INT(region_id), SP_INT(time_now_us()) };
		rc = st_exec(tx, Q_NET_CATCHMENT_TOUCH, p, 2, NULL, NULL, NULL);
	}
	if (rc == ST_OK)
		rc = network_catchment_get(tx, region_id, out);
	if (rc == ST_OK && changed) {
		json_t *payload = json_pack("{s:o}", "change", audit_diff(json_incref(before_json),
		    json_deep_copy(json_object_get(*out, "milestones"))));
		if (n == 1) {
			json_object_set_new(payload, "kind", json_string(milestone_kinds[in[0].kind]));
		} else {
			json_t *kinds = json_array();
			for (int k = 0; k < MS__COUNT; k++)
				if (set[k])
					json_array_append_new(kinds, json_string(milestone_kinds[k]));
			json_object_set_new(payload, "kinds", kinds);
		}
		struct audit_event ev = { "catchment", region_id, 0, "catchment.milestone", NULL,
			NULL, payload };
		rc = audit_append(tx, who, &ev, NULL);
		json_decref(payload);
	}
	json_decref(before_json);
	if (rc != ST_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

enum st_rc
network_milestone_set(struct st_tx *tx, const struct principal *who,
    const struct milestone_in *in, json_t **out, struct dom_err *err)
{
	return milestones_apply(tx, who, in->region_id, in, 1, out, err);
}

enum st_rc
network_milestones_set(struct st_tx *tx, const struct principal *who, int64_t region_id,
    const struct milestone_in *in, size_t n, json_t **out, struct dom_err *err)
{
	return milestones_apply(tx, who, region_id, in, n, out, err);
}
