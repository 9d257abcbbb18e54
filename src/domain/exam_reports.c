/* exam_reports: the results release standard (results released within N business days of the
 * sitting, target share, like the contact-centre standards) and pass rates by trade, exam
 * centre or period, over the sittings of a period of local days. One observation per result
 * (a candidate's sitting); absences have no result and are not counted. */
#include "domain/exams.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/bizdays.h"

struct obs {
	int32_t sitting;
	int64_t released_us;   /* 0: not released */
	int passed;
	int type;
	int bizdays, target;
};

static int
read_obs(const struct st_row *row, struct obs *o)
{
	int minute;
	if (exam_start_parse(st_text(row, 0), &o->sitting, &minute) != 0)
		return -1;
	o->released_us = st_isnull(row, 1) ? 0 : st_i64(row, 1);
	o->passed = (int)st_i64(row, 2);
	o->type = exam_list_index(exam_types, st_text(row, 9));
	o->bizdays = (int)st_i64(row, 10);
	o->target = (int)st_i64(row, 11);
	return o->type < 0 ? -1 : 0;
}

static json_t *
pct_json(int64_t num, int64_t den)
{
	return den > 0 ? json_real(round(1000.0 * (double)num / (double)den) / 10.0) : json_null();
}

/* ---- release standard ---- */

struct tally {
	int64_t on_time, due, late, pending;
	int bizdays, target, seen;
};

struct std_ctx {
	struct tally by[EXAM__TYPES];
	int32_t today;
};

static void
tally_add(struct tally *t, const struct obs *o, int32_t today)
{
	t->bizdays = o->bizdays;
	t->target = o->target;
	t->seen = 1;
	if (o->released_us != 0) {
		t->due++;
		if (exam_release_on_time(o->sitting, date_of_us_local(o->released_us), o->bizdays))
			t->on_time++;
		else
			t->late++;
	} else if (today > bizdays_add(o->sitting, o->bizdays)) {
		t->due++;      /* late and still not released: counts against the standard */
		t->late++;
	} else {
		t->pending++;  /* still within the standard: left out */
	}
}

static int
std_row(void *ctx, const struct st_row *row)
{
	struct std_ctx *c = ctx;
	struct obs o;
	if (read_obs(row, &o) == 0)
		tally_add(&c->by[o.type], &o, c->today);
	return 0;
}

static json_t *
tally_json(const struct tally *t, const char *type, enum lang lang)
{
	char std[160];
	if (lang == LANG_FR)
		snprintf(std, sizeof(std), "Résultats publiés dans les %d jours ouvrables suivant la "
		    "séance", t->bizdays);
	else
		snprintf(std, sizeof(std), "Results released within %d business days of the sitting",
		    t->bizdays);
	return json_pack("{s:s,s:s,s:I,s:i,s:s,s:o,s:I,s:I,s:I,s:I,s:o}", "exam_type", type,
	    "standard", std, "business_days", (json_int_t)t->bizdays, "target", t->target, "unit",
	    "percent", "actual", pct_json(t->on_time, t->due), "on_time", (json_int_t)t->on_time,
	    "due", (json_int_t)t->due, "late", (json_int_t)t->late, "pending",
	    (json_int_t)t->pending, "met", t->due > 0 ? json_boolean(t->on_time * 100 >=
	    (int64_t)t->target * t->due) : json_null());
}

enum st_rc
exam_release_standard(struct st_tx *tx, int32_t from, int32_t to, const char *type,
    enum lang lang, json_t **out)
{
	*out = NULL;
	struct std_ctx c;
	memset(&c, 0, sizeof(c));
	c.today = date_of_us_local(time_now_us());
	/* The published rules give the standard even when nothing was sat. */
	for (int t = 0; t < EXAM__TYPES; t++) {
		struct exam_rules r;
		enum st_rc rc = exam_rules_get(tx, t, &r);
		if (rc != ST_OK)
			return rc;
		c.by[t].bizdays = r.results_release_bizdays;
		c.by[t].target = r.release_target_pct;
	}
	struct st_param p[] = { SP_INT(date_start_us_local(from)),
		SP_INT(date_start_us_local(to + 1)), SP_STR(type ? type : "") };
	enum st_rc rc = st_exec(tx, Q_EXAM_RESULTS_PERIOD, p, 3, std_row, &c, NULL);
	if (rc != ST_OK)
		return rc;
	json_t *items = json_array();
	for (int t = 0; t < EXAM__TYPES; t++)
		if (type == NULL || !*type || strcmp(type, exam_types[t]) == 0)
			json_array_append_new(items, tally_json(&c.by[t], exam_types[t], lang));
	char f[11], l[11];
	date_format(from, f);
	date_format(to, l);
	*out = json_pack("{s:s,s:s,s:o}", "from", f, "to", l, "measures", items);
	return ST_OK;
}

/* ---- pass rates ---- */

struct group {
	char key[48];
	const char *name_en, *name_fr;   /* arena copies */
	int64_t sat, passed;
};

struct rate_ctx {
	struct arena a;
	struct group *v;
	size_t n, cap;
	int group, period;
	int64_t sat, passed;
};

static struct group *
group_find(struct rate_ctx *c, const char *key, const char *en, const char *fr)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct group *v = arena_calloc(&c->a, cap, sizeof(*v));
		if (c->n)
			memcpy(v, c->v, c->n * sizeof(*v));
		c->v = v;
		c->cap = cap;
	}
	struct group *g = &c->v[c->n++];
	memset(g, 0, sizeof(*g));
	snprintf(g->key, sizeof(g->key), "%s", key);
	g->name_en = arena_strdup(&c->a, en);
	g->name_fr = arena_strdup(&c->a, fr);
	return g;
}

static int
rate_row(void *ctx, const struct st_row *row)
{
	struct rate_ctx *c = ctx;
	struct obs o;
	if (read_obs(row, &o) != 0 || o.released_us == 0)
		return 0;   /* pass rates count released results only */
	char key[48];
	struct group *g;
	if (c->group == 0) {
		g = group_find(c, st_text(row, 3), st_text(row, 4), st_text(row, 5));
	} else if (c->group == 1) {
		snprintf(key, sizeof(key), "%lld", (long long)st_i64(row, 6));
		g = group_find(c, key, st_text(row, 7), st_text(row, 8));
	} else {
		char k[16];
		exam_period_key(o.sitting, c->period, k);
		g = group_find(c, k, k, k);
	}
	g->sat++;
	g->passed += o.passed;
	c->sat++;
	c->passed += o.passed;
	return 0;
}

static int
group_cmp(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	return strcmp(a->key, b->key);
}

enum st_rc
exam_pass_rates(struct st_tx *tx, int32_t from, int32_t to, const char *type, int group,
    int period, enum lang lang, json_t **out)
{
	*out = NULL;
	struct rate_ctx c;
	memset(&c, 0, sizeof(c));
	arena_init(&c.a);
	c.group = group;
	c.period = period;
	struct st_param p[] = { SP_INT(date_start_us_local(from)),
		SP_INT(date_start_us_local(to + 1)), SP_STR(type ? type : "") };
	enum st_rc rc = st_exec(tx, Q_EXAM_RESULTS_PERIOD, p, 3, rate_row, &c, NULL);
	if (rc != ST_OK) {
		arena_free(&c.a);
		return rc;
	}
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), group_cmp);
	json_t *items = json_array();
	for (size_t i = 0; i < c.n; i++) {
		const struct group *g = &c.v[i];
		json_t *o = json_object();
		if (group == 1)
			json_object_set_new(o, "point_id", json_integer(strtoll(g->key, NULL, 10)));
		json_object_set_new(o, "key", json_string(g->key));
		json_object_set_new(o, "name", json_string(lang == LANG_FR ? g->name_fr : g->name_en));
		json_object_set_new(o, "name_en", json_string(g->name_en));
		json_object_set_new(o, "name_fr", json_string(g->name_fr));
		json_object_set_new(o, "sat", json_integer(g->sat));
		json_object_set_new(o, "passed", json_integer(g->passed));
		json_object_set_new(o, "pass_rate_pct", pct_json(g->passed, g->sat));
		json_array_append_new(items, o);
	}
	arena_free(&c.a);
	char f[11], l[11];
	date_format(from, f);
	date_format(to, l);
	*out = json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:I,s:I,s:o}", "from", f, "to", l, "exam_type",
	    type && *type ? json_string(type) : json_null(), "by", exam_rate_groups[group],
	    "period", group == 2 ? json_string(exam_rate_periods[period]) : json_null(), "groups",
	    items, "sat", (json_int_t)c.sat, "passed", (json_int_t)c.passed, "pass_rate_pct",
	    pct_json(c.passed, c.sat));
	return ST_OK;
}
