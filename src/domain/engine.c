#include "domain/engine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/certs.h"
#include "domain/trades.h"
#include "text/text.h"

#define US_PER_HOUR INT64_C(3600000000)

/* ---- clocks ---- */

int64_t
clock_due_us(const struct prog_standard *s, int64_t started_us, int paused_days, int64_t paused_us)
{
	if (s->hours > 0)
		return started_us + (int64_t)s->hours * US_PER_HOUR + paused_us;
	/* Due at the end of the Nth business day after the start day (local civil days). */
	int32_t due_day = bizdays_add(date_of_us_local(started_us), s->business_days + paused_days);
	return date_start_us_local(due_day + 1) - 1;
}

int
clock_business_days_left(int64_t due_us, int64_t now_us)
{
	int32_t today = date_of_us_local(now_us), due = date_of_us_local(due_us);
	if (due >= today)
		return bizdays_between(today, due);
	return -bizdays_between(due, today);
}

static const struct prog_standard *
standard_of(const struct program *p, const char *id)
{
	for (int i = 0; p && i < p->nstandards; i++)
		if (strcmp(p->standards[i].id, id) == 0)
			return &p->standards[i];
	return NULL;
}

json_t *
clock_json(const struct program *p, const struct st_row *row, int64_t now, enum lang lang)
{
	const struct prog_standard *s = standard_of(p, st_text(row, 1));
	if (s == NULL)
		return NULL;
	int64_t due = st_i64(row, 6);
	int stopped = !st_isnull(row, 7);
	int paused = !st_isnull(row, 3);
	json_t *o = json_object();
	char t[32], d[11];
	json_object_set_new(o, "standard", json_string(s->id));
	json_object_set_new(o, "label", json_string(i18n_pick(&s->label, lang)));
	if (s->business_days)
		json_object_set_new(o, "target_business_days", json_integer(s->business_days));
	else
		json_object_set_new(o, "target_hours", json_integer(s->hours));
	time_format_us(st_i64(row, 2), t);
	json_object_set_new(o, "started_at", json_string(t));
	time_format_us(due, t);
	json_object_set_new(o, "due_at", json_string(t));
	date_format(date_of_us_local(due), d);
	json_object_set_new(o, "due_date", json_string(d));
	json_object_set_new(o, "paused", json_boolean(paused));
	if (stopped) {
		time_format_us(st_i64(row, 7), t);
		json_object_set_new(o, "stopped_at", json_string(t));
		json_object_set_new(o, "met", json_boolean(st_i64(row, 8) == 1));
		json_object_set_new(o, "breached", json_boolean(st_i64(row, 8) != 1));
	} else {
		json_object_set_new(o, "stopped_at", json_null());
		json_object_set_new(o, "met", json_null());
		json_object_set_new(o, "breached", json_boolean(!paused && now > due));
		if (s->business_days)
			json_object_set_new(o, "business_days_left",
			    json_integer(clock_business_days_left(due, now)));
		else
			json_object_set_new(o, "hours_left", json_integer((due - now) / US_PER_HOUR));
	}
	return o;
}

struct clock_state {
	int64_t id;
	char standard[64];
	int64_t started, paused_since, paused_us, due, stopped;
	int paused_days, has_pause, stopped_set;
};

struct clocks_load {
	struct clock_state c[8];
	int n;
};

static int
clocks_row(void *vctx, const struct st_row *row)
{
	struct clocks_load *l = vctx;
	if (l->n == 8)
		return 1;
	struct clock_state *c = &l->c[l->n++];
	c->id = st_i64(row, 0);
	snprintf(c->standard, sizeof(c->standard), "%s", st_text(row, 1));
	c->started = st_i64(row, 2);
	c->has_pause = !st_isnull(row, 3);
	c->paused_since = st_i64(row, 3);
	c->paused_days = (int)st_i64(row, 4);
	c->paused_us = st_i64(row, 5);
	c->due = st_i64(row, 6);
	c->stopped_set = !st_isnull(row, 7);
	c->stopped = st_i64(row, 7);
	return 0;
}

static int
in_list(const int *list, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (list[i] == x)
			return 1;
	return 0;
}

/* Moves every clock of the case across transition ti (from state fs to state ts). */
static enum st_rc
clocks_move(struct st_tx *tx, const struct program *p, int64_t case_id, int ti, int fs, int ts,
    int64_t now)
{
	struct clocks_load l = { .n = 0 };
	struct st_param id[] = { SP_INT(case_id) };
	enum st_rc rc = st_exec(tx, Q_CLOCKS_OF_CASE, id, 1, clocks_row, &l, NULL);
	for (int si = 0; rc == ST_OK && si < p->nstandards; si++) {
		const struct prog_standard *s = &p->standards[si];
		struct clock_state *c = NULL;
		for (int k = 0; k < l.n; k++)
			if (strcmp(l.c[k].standard, s->id) == 0)
				c = &l.c[k];
		if (in_list(s->start, s->nstart, ti) && (c == NULL || c->stopped_set)) {
			struct st_param sp[] = { SP_INT(case_id), SP_STR(s->id), SP_INT(now),
				SP_INT(clock_due_us(s, now, 0, 0)) };
			rc = st_exec(tx, Q_CLOCK_START, sp, 4, NULL, NULL, NULL);
			continue;
		}
		if (c == NULL || c->stopped_set)
			continue;
		int changed = 0;
		/* Leaving a paused state: the paused span extends the target. */
		if (c->has_pause && !p->states[ts].clock_paused) {
			c->paused_days += bizdays_between(date_of_us_local(c->paused_since),
			    date_of_us_local(now));
			c->paused_us += now - c->paused_since;
			c->has_pause = 0;
			c->due = clock_due_us(s, c->started, c->paused_days, c->paused_us);
			changed = 1;
		} else if (!c->has_pause && p->states[ts].clock_paused && !p->states[fs].clock_paused) {
			c->has_pause = 1;
			c->paused_since = now;
			changed = 1;
		}
		int met = 0;
		if (in_list(s->stop, s->nstop, ti)) {
			if (c->has_pause) { /* stopping while paused closes the pause first */
				c->paused_days += bizdays_between(date_of_us_local(c->paused_since),
				    date_of_us_local(now));
				c->paused_us += now - c->paused_since;
				c->has_pause = 0;
				c->due = clock_due_us(s, c->started, c->paused_days, c->paused_us);
			}
			c->stopped_set = 1;
			c->stopped = now;
			met = now <= c->due;
			changed = 1;
		}
		if (!changed)
			continue;
		struct st_param up[] = { SP_INT(c->id), SP_OPTINT(c->has_pause, c->paused_since),
			SP_INT(c->paused_days), SP_INT(c->paused_us), SP_INT(c->due),
			SP_OPTINT(c->stopped_set, c->stopped), SP_OPTINT(c->stopped_set, met) };
		rc = st_exec(tx, Q_CLOCK_UPDATE, up, 7, NULL, NULL, NULL);
	}
	return rc;
}

/* ---- transitions ---- */

static json_t *
field_json(const struct prog_field *f, enum lang lang)
{
	static const char *const types[] = { "string", "date", "integer" };
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(f->name));
	json_object_set_new(o, "type", json_string(types[f->type]));
	json_object_set_new(o, "required", json_boolean(f->required));
	json_object_set_new(o, "label", json_string(i18n_pick(&f->label, lang)));
	if (f->type == PF_STRING)
		json_object_set_new(o, "max_length", json_integer(f->max));
	return o;
}

json_t *
engine_possible(const struct program *p, const char *state, unsigned role_bit, enum lang lang)
{
	json_t *arr = json_array();
	int si = program_state_index(p, state);
	for (int i = 0; si >= 0 && i < p->ntransitions; i++) {
		const struct prog_transition *t = &p->transitions[i];
		if (!in_list(t->from, t->nfrom, si) || !(t->roles & role_bit))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(t->id));
		json_object_set_new(o, "label", json_string(i18n_pick(&t->label, lang)));
		json_object_set_new(o, "to", json_string(p->states[t->to].id));
		json_t *fields = json_array();
		for (int j = 0; j < t->nfields; j++)
			json_array_append_new(fields, field_json(&t->fields[j], lang));
		json_object_set_new(o, "fields", fields);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Validates the transition's fields: unknown, missing, type, length/range, real dates.
 * On success *clean gets a normalised copy (NFC, trimmed strings). */
static enum st_rc
check_fields(struct arena *a, const struct prog_transition *t, json_t *in, json_t **clean,
    struct dom_err *err)
{
	const char *key;
	json_t *v;
	*clean = json_object();
	if (in != NULL && !json_is_object(in))
		return dom_refuse(err, E_FIELD_TYPE, "fields", NULL);
	json_object_foreach(in, key, v) {
		int known = 0;
		for (int j = 0; j < t->nfields; j++)
			known |= strcmp(t->fields[j].name, key) == 0;
		if (!known)
			return dom_refuse(err, E_FIELD_UNKNOWN, arena_printf(a, "fields.%s", key), NULL);
	}
	for (int j = 0; j < t->nfields; j++) {
		const struct prog_field *f = &t->fields[j];
		const char *fname = arena_printf(a, "fields.%s", f->name);
		v = in ? json_object_get(in, f->name) : NULL;
		if (v == NULL || json_is_null(v)) {
			if (f->required)
				return dom_refuse(err, E_FIELD_REQUIRED, fname, NULL);
			continue;
		}
		if (f->type == PF_INTEGER) {
			if (!json_is_integer(v))
				return dom_refuse(err, E_FIELD_TYPE, fname, NULL);
			if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
				return dom_refuse(err, E_FIELD_RANGE, fname, NULL);
			json_object_set(*clean, f->name, v);
			continue;
		}
		if (!json_is_string(v))
			return dom_refuse(err, E_FIELD_TYPE, fname, NULL);
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		if (strlen(s) != n || !text_utf8_valid(s, n))
			return dom_refuse(err, E_JSON_INVALID_UTF8, fname, NULL);
		char *norm = text_nfc(a, s, n);
		if (norm == NULL)
			return dom_refuse(err, E_JSON_INVALID_UTF8, fname, NULL);
		norm = text_trim(a, norm);
		if (f->type == PF_DATE) {
			int32_t d;
			if (date_parse(norm, &d) != 0)
				return dom_refuse(err, E_FIELD_DATE, fname, NULL);
		} else {
			size_t len = text_utf8_len(norm, strlen(norm));
			for (const unsigned char *q = (const unsigned char *)norm; *q; q++)
				if (*q < 0x20 && *q != '\n' && *q != '\t')
					return dom_refuse(err, E_FIELD_FORMAT, fname, NULL);
			if ((int64_t)len < f->min || (f->required && len == 0))
				return dom_refuse(err, E_FIELD_TOO_SHORT, fname, NULL);
			if ((int64_t)len > f->max)
				return dom_refuse(err, E_FIELD_TOO_LONG, fname, NULL);
			if (len == 0)
				continue;
		}
		json_object_set_new(*clean, f->name, json_string(norm));
	}
	return ST_OK;
}

struct hours_need {
	int64_t approved, pending, required;
};

static int
approved_row(void *vctx, const struct st_row *row)
{
	struct hours_need *h = vctx;
	h->approved = st_i64(row, 0);
	h->pending = st_i64(row, 1);
	return 1;
}

static int
required_row(void *vctx, const struct st_row *row)
{
	struct hours_need *h = vctx;
	h->required = st_isnull(row, 6) ? 0 : st_i64(row, 6);
	return 1;
}

/* Guard "required_hours_approved": approved hours reach the trade's published total.
 * A trade without published hours needs at least one approved entry. */
static enum st_rc
guard_required_hours(struct st_tx *tx, const struct case_rec *c, struct dom_err *err)
{
	struct hours_need h = { 0, 0, 0 };
	struct st_param id[] = { SP_INT(c->id) };
	struct st_param tc[] = { SP_STR(c->trade_code) };
	enum st_rc rc = st_exec(tx, Q_HOURS_TOTALS, id, 1, approved_row, &h, NULL);
	if (rc == ST_OK && c->trade_code)
		rc = st_exec(tx, Q_TRADE_GET, tc, 1, required_row, &h, NULL);
	if (rc != ST_OK)
		return rc;
	if (h.approved >= (h.required > 0 ? h.required : 1))
		return ST_OK;
	json_t *extra = json_object();
	json_object_set_new(extra, "required_hours", json_integer(h.required));
	json_object_set_new(extra, "approved_hours", json_integer(h.approved));
	json_object_set_new(extra, "pending_hours", json_integer(h.pending));
	return dom_refuse(err, E_HOURS_INSUFFICIENT, NULL, extra);
}

/* Action "assign_registration_number": ON-AP-<year>-<6-digit yearly sequence>. */
static enum st_rc
action_registration_number(struct st_tx *tx, struct arena *a, struct case_rec *c, int64_t now)
{
	int y, m, d;
	date_to_ymd(date_of_us_local(now), &y, &m, &d);
	char name[32];
	snprintf(name, sizeof(name), "regno-%04d", y);
	int64_t seq = 0;
	struct st_param np[] = { SP_STR(name) };
	enum st_rc rc = st_one_i64(tx, Q_COUNTER_NEXT, np, 1, &seq);
	if (rc == ST_NOTFOUND)
		rc = st_one_i64(tx, Q_COUNTER_INIT, np, 1, &seq);
	if (rc != ST_OK)
		return rc;
	c->ref_no = arena_printf(a, "ON-AP-%04d-%06" PRId64, y, seq);
	struct st_param rp[] = { SP_INT(c->id), SP_STR(c->ref_no) };
	return st_exec(tx, Q_CASE_SET_REF, rp, 2, NULL, NULL, NULL);
}

/* Action "issue_certificate_of_apprenticeship": the completed agreement's trade certificate,
 * signed in the same transaction (no signing key: the completion is refused with that reason).
 * A person who already holds it from an earlier agreement keeps the one they have. */
static enum st_rc
action_certificate_of_apprenticeship(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct case_rec *c, struct dom_err *err)
{
	if (c->trade_code == NULL || *c->trade_code == '\0')
		return ST_OK;
	struct cert_issue_in in = { .kind = CERT_APPRENTICESHIP, .person_id = c->person_id,
		.trade_code = c->trade_code, .case_id = c->id };
	enum st_rc rc = certs_issue(tx, a, who, &in, NULL, err);
	if (rc == ST_CONFLICT && err->e == E_CERT_EXISTS) {
		err->e = E_NONE;
		err->field = NULL;
		rc = ST_OK;
	}
	/* In a compulsory trade the new journeyperson may work on a provisional Certificate of
	 * Qualification until the exam is passed (none when one is already held). */
	const struct trade *t = trades_find(c->trade_code);
	if (rc == ST_OK && cert_trade_allows_provisional(t)) {
		struct cert_issue_in q = { .kind = CERT_QUALIFICATION, .person_id = c->person_id,
			.trade_code = c->trade_code, .provisional = 1,
			.source_ref = arena_printf(a, "case:%lld", (long long)c->id) };
		rc = certs_issue(tx, a, who, &q, NULL, err);
		if (rc == ST_CONFLICT && err->e == E_CERT_EXISTS) {
			err->e = E_NONE;
			err->field = NULL;
			rc = ST_OK;
		}
	}
	return rc;
}

enum st_rc
engine_transition(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct transition_in *in, enum lang lang, json_t **out, struct dom_err *err)
{
	struct case_rec c;
	enum st_rc rc = case_load(tx, a, who, in->case_id, &c);
	if (rc != ST_OK)
		return rc;
	const struct program *p = program_get(c.program);
	if (p == NULL)
		return ST_ERROR;
	int fs = program_state_index(p, c.state);
	const struct prog_transition *t = program_transition(p, in->transition);
	json_t *possible = engine_possible(p, c.state, RB(who->role), lang);
	if (t == NULL || fs < 0 || !in_list(t->from, t->nfrom, fs)) {
		json_t *extra = json_object();
		json_object_set_new(extra, "state", json_string(c.state));
		json_object_set_new(extra, "possible_transitions", possible);
		return dom_refuse(err, E_TRANSITION_ILLEGAL, "transition", extra);
	}
	if (!(t->roles & RB(who->role))) {
		json_t *extra = json_object();
		json_object_set_new(extra, "possible_transitions", possible);
		return dom_refuse(err, E_TRANSITION_ROLE, "transition", extra);
	}
	json_decref(possible);
	if (in->expect_version && in->expect_version != c.version)
		return dom_refuse(err, E_VERSION, "version", NULL);
	json_t *clean = NULL;
	if ((rc = check_fields(a, t, in->fields, &clean, err)) != ST_OK) {
		json_decref(clean);
		return rc;
	}
	if (t->guard == 0 && (rc = guard_required_hours(tx, &c, err)) != ST_OK) {
		json_decref(clean);
		return rc;
	}
	int64_t now = time_now_us();
	const char *to = p->states[t->to].id;
	struct st_param sp[] = { SP_INT(c.id), SP_STR(to), SP_INT(now),
		SP_OPTINT(p->states[t->to].terminal, now), SP_INT(c.version) };
	int64_t changed = 0;
	rc = st_exec(tx, Q_CASE_SET_STATE, sp, 5, NULL, NULL, &changed);
	if (rc == ST_OK && changed != 1)
		rc = dom_refuse(err, E_VERSION, NULL, NULL);
	if (rc == ST_OK && t->action == 0)
		rc = action_registration_number(tx, a, &c, now);
	if (rc == ST_OK)
		rc = clocks_move(tx, p, c.id, (int)(t - p->transitions), fs, t->to, now);
	if (rc == ST_OK) {
		json_t *payload = json_object();
		json_object_set_new(payload, "transition", json_string(t->id));
		json_object_set(payload, "fields", clean);
		if (t->action == 0)
			json_object_set_new(payload, "registration_number", json_string(c.ref_no));
		json_t *before = json_object(), *after = json_object();
		json_object_set_new(before, "state", json_string(c.state));
		json_object_set_new(before, "version", json_integer(c.version));
		json_object_set_new(after, "state", json_string(to));
		json_object_set_new(after, "version", json_integer(c.version + 1));
		json_object_set_new(payload, "change", audit_diff(before, after));
		struct audit_event ev = { "case", c.id, c.id, "case.transition", c.state, to, payload };
		rc = audit_append(tx, who, &ev, NULL);
		json_decref(payload);
	}
	/* After the transition's own event: the history reads "completed", then "issued". */
	if (rc == ST_OK && t->action == 1)
		rc = action_certificate_of_apprenticeship(tx, a, who, &c, err);
	json_decref(clean);
	if (rc != ST_OK)
		return rc;
	if ((rc = case_load(tx, a, NULL, c.id, &c)) != ST_OK)
		return rc;
	return case_full_json(tx, a, who, &c, lang, out);
}

enum st_rc
engine_case_created(struct st_tx *tx, const struct principal *who, const struct case_rec *c,
    json_t *snapshot)
{
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, json_incref(snapshot)));
	struct audit_event ev = { "case", c->id, c->id, "case.created", NULL, c->state, payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}
