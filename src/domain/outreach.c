/* outreach: scheduled mobile outreach visits (see outreach.h).
 *
 * A rule is expanded by libical in floating local time (dtstart has no zone), so a visit
 * "every 2nd Tuesday at 10:00" is 10:00 on every date the rule gives; each local date-time is
 * then turned into UTC through the process time zone (TZ, set by cli_init to the configured
 * zone) with mktime and tm_isdst = -1, which picks the offset in force on that date. The ICS
 * feeds are built as libical components and serialised by libical (escaping, folding). */
#include "domain/outreach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "core/timeutil.h"
#include "core/xalloc.h"
#include "domain/bizdays.h"
#include "i18n/msg.h"

#define USEC INT64_C(1000000)
#define DAY_US (86400 * USEC)
#define MAX_STEPS 200000          /* occurrences walked per expansion, whatever the rule */
#define MAX_COUNT 1000
#define FEED_DAYS 183
#define NEXT_DAYS 366
#define PER_SCHEDULE 400          /* visits kept per schedule before filtering */

int
outreach_local_parse(const char *s, int *y, int *mo, int *d, int *h, int *mi)
{
	int used = 0;
	if (s == NULL || strlen(s) != 16 || sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", y, mo, d, h, mi,
	    &used) != 5 || used != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':')
		return -1;
	for (int i = 0; i < 16; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if (!date_valid(*y, *mo, *d) || *y < 1900 || *y > 2199 || *h > 23 || *mi > 59)
		return -1;
	return 0;
}

/* A local civil date-time to UTC microseconds (the offset in force then). A time that does
 * not exist (the hour skipped in March) moves forward by the gap, as mktime does. */
static int64_t
local_to_us(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * USEC;
}

static struct icaltimetype
local_ical(int y, int mo, int d, int h, int mi)
{
	char s[32];
	snprintf(s, sizeof(s), "%04d%02d%02dT%02d%02d00", y, mo, d, h, mi);
	return icaltime_from_string(s);
}

/* The rule, checked: 0 and *rule, or -1. */
static int
rule_parse(const char *rrule, struct icalrecurrencetype *rule)
{
	if (rrule == NULL || *rrule == '\0' || strlen(rrule) > 300)
		return -1;
	for (const char *p = rrule; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7E)
			return -1;
	icalerror_clear_errno();
	*rule = icalrecurrencetype_from_string(rrule);
	if (icalerrno != ICAL_NO_ERROR || rule->freq == ICAL_NO_RECURRENCE)
		return -1;
	return 0;
}

int
outreach_rule_valid(const char *rrule, const char *dtstart)
{
	struct icalrecurrencetype rule;
	int y, mo, d, h, mi;
	if (rule_parse(rrule, &rule) != 0 || outreach_local_parse(dtstart, &y, &mo, &d, &h, &mi) != 0)
		return -1;
	int bounded = rule.count > 0 || !icaltime_is_null_time(rule.until);
	if (rule.freq < ICAL_DAILY_RECURRENCE && !bounded)
		return -1;
	if (rule.count > MAX_COUNT || rule.interval < 1)
		return -1;
	static const int max_interval[] = {
		[ICAL_SECONDLY_RECURRENCE] = 366 * 86400, [ICAL_MINUTELY_RECURRENCE] = 366 * 1440,
		[ICAL_HOURLY_RECURRENCE] = 366 * 24, [ICAL_DAILY_RECURRENCE] = 366,
		[ICAL_WEEKLY_RECURRENCE] = 52, [ICAL_MONTHLY_RECURRENCE] = 12,
		[ICAL_YEARLY_RECURRENCE] = 1,
	};
	if ((int)rule.freq > ICAL_YEARLY_RECURRENCE || rule.interval > max_interval[rule.freq])
		return -1;
	struct icaltimetype start = local_ical(y, mo, d, h, mi);
	if (!icaltime_is_null_time(rule.until) && icaltime_compare(rule.until, start) < 0)
		return -1;
	icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
	if (it == NULL)
		return -1;
	struct icaltimetype first = icalrecur_iterator_next(it);
	icalrecur_iterator_free(it);
	return icaltime_is_null_time(first) ? -1 : 0;
}

static int
visit_cmp(const void *a, const void *b)
{
	const struct outreach_visit *x = a, *y = b;
	if (x->start_us != y->start_us)
		return x->start_us < y->start_us ? -1 : 1;
	return x->schedule_id < y->schedule_id ? -1 : x->schedule_id > y->schedule_id;
}

/* Cancelled dates from the stored JSON array: 0 and a malloc'd list, or -1. */
static int
exdates_parse(const char *json, int32_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (json == NULL || *json == '\0')
		return 0;
	json_t *arr = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(arr) || json_array_size(arr) > 1000) {
		json_decref(arr);
		return -1;
	}
	*out = xcalloc(json_array_size(arr) + 1, sizeof(int32_t));
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || date_parse(json_string_value(v), &(*out)[*n]) != 0) {
			json_decref(arr);
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		(*n)++;
	}
	json_decref(arr);
	return 0;
}

static int
day_in(const int32_t *list, size_t n, int32_t day)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == day)
			return 1;
	return 0;
}

struct vlist {
	struct outreach_visit *v;
	int n, cap;
};

static void
vlist_push(struct vlist *l, struct outreach_visit v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, (size_t)l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = v;
}

int
outreach_expand(const char *rrule, const char *dtstart, int duration_min,
    const char *exdates_json, const struct outreach_move *moved, size_t nmoved,
    int64_t from_us, int64_t to_us, struct outreach_visit *out, int max)
{
	struct icalrecurrencetype rule;
	int y, mo, d, h, mi;
	if (outreach_rule_valid(rrule, dtstart) != 0 || rule_parse(rrule, &rule) != 0 ||
	    outreach_local_parse(dtstart, &y, &mo, &d, &h, &mi) != 0 || duration_min < 1 ||
	    duration_min > 1440)
		return -1;
	int32_t *ex = NULL;
	size_t nex = 0;
	if (exdates_parse(exdates_json, &ex, &nex) != 0)
		return -1;
	/* Moves, checked up front: a bad one makes the whole schedule invalid. */
	int32_t *mday = xcalloc(nmoved + 1, sizeof(int32_t));
	int64_t *mstart = xcalloc(nmoved + 1, sizeof(int64_t));
	for (size_t i = 0; i < nmoved; i++) {
		int a, b, c, e, f;
		if (date_parse(moved[i].original_date, &mday[i]) != 0 ||
		    outreach_local_parse(moved[i].new_start, &a, &b, &c, &e, &f) != 0) {
			free(ex);
			free(mday);
			free(mstart);
			return -1;
		}
		mstart[i] = local_to_us(a, b, c, e, f);
	}
	int64_t dur = (int64_t)duration_min * 60 * USEC;
	/* A move may bring a visit from after the window into it: walk a year further for those. */
	int64_t walk_to = nmoved ? to_us + 366 * DAY_US : to_us;
	struct vlist got = { 0 };
	int plain = 0;
	icalrecur_iterator *it = icalrecur_iterator_new(rule, local_ical(y, mo, d, h, mi));
	if (it == NULL) {
		free(ex);
		free(mday);
		free(mstart);
		return -1;
	}
	for (int step = 0; step < MAX_STEPS; step++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		int64_t s = local_to_us(t.year, t.month, t.day, t.hour, t.minute);
		if (s >= walk_to || (s >= to_us && nmoved == 0))
			break;
		int32_t day = date_from_ymd(t.year, t.month, t.day);
		if (day_in(ex, nex, day))
			continue;
		size_t k = 0;
		while (k < nmoved && mday[k] != day)
			k++;
		if (k < nmoved) {
			if (mstart[k] >= from_us && mstart[k] < to_us)
				vlist_push(&got, (struct outreach_visit){ .start_us = mstart[k],
				    .end_us = mstart[k] + dur, .moved = 1, .original_day = day });
			continue;
		}
		/* Later plain visits cannot come before the first max ones: stop keeping them. */
		if (s < from_us || s >= to_us || plain >= max)
			continue;
		vlist_push(&got, (struct outreach_visit){ .start_us = s, .end_us = s + dur,
		    .original_day = day });
		plain++;
		if (plain >= max && nmoved == 0)
			break;
	}
	icalrecur_iterator_free(it);
	if (got.n > 1)
		qsort(got.v, (size_t)got.n, sizeof(*got.v), visit_cmp);
	int n = got.n < max ? got.n : max;
	if (n > 0)
		memcpy(out, got.v, (size_t)n * sizeof(*out));
	free(got.v);
	free(ex);
	free(mday);
	free(mstart);
	return n < 0 ? 0 : n;
}

int
outreach_filter(struct outreach_visit *v, int n, const int32_t *closed, size_t nclosed)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		int32_t day = date_of_us_local(v[i].start_us);
		if (bizdays_is_holiday(day) || day_in(closed, nclosed, day))
			continue;
		v[k++] = v[i];
	}
	return k;
}

/* ---- schedules in the database ---- */

struct sched {
	int64_t id, point_id, host_id;
	char *rrule, *dtstart, *exdates, *note_en, *note_fr;
	int duration;
	struct outreach_move *moves;
	size_t nmoves;
};

struct sched_list {
	struct arena *a;
	struct sched *v;
	size_t n, cap;
};

static char *
col_dup(struct arena *a, const struct st_row *row, int c)
{
	return st_isnull(row, c) ? NULL : arena_strdup(a, st_text(row, c));
}

static int
sched_row(void *ctx, const struct st_row *row)
{
	struct sched_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct sched *v = arena_calloc(l->a, cap, sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	struct sched *s = &l->v[l->n++];
	memset(s, 0, sizeof(*s));
	s->id = st_i64(row, 0);
	s->point_id = st_i64(row, 1);
	s->host_id = st_isnull(row, 2) ? 0 : st_i64(row, 2);
	s->rrule = col_dup(l->a, row, 3);
	s->dtstart = col_dup(l->a, row, 4);
	s->duration = (int)st_i64(row, 5);
	s->exdates = col_dup(l->a, row, 6);
	s->note_en = col_dup(l->a, row, 7);
	s->note_fr = col_dup(l->a, row, 8);
	return 0;
}

struct move_ctx {
	struct arena *a;
	struct sched *s;
	size_t cap;
};

static int
move_row(void *ctx, const struct st_row *row)
{
	struct move_ctx *m = ctx;
	if (m->s->nmoves == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4;
		struct outreach_move *v = arena_calloc(m->a, cap, sizeof(*v));
		if (m->s->nmoves)
			memcpy(v, m->s->moves, m->s->nmoves * sizeof(*v));
		m->s->moves = v;
		m->cap = cap;
	}
	m->s->moves[m->s->nmoves++] = (struct outreach_move){ arena_strdup(m->a, st_text(row, 0)),
		arena_strdup(m->a, st_text(row, 1)) };
	return 0;
}

static enum st_rc
sched_load(struct st_tx *tx, struct arena *a, enum st_query q, int64_t id,
    struct sched_list *l)
{
	memset(l, 0, sizeof(*l));
	l->a = a;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, q, p, 1, sched_row, l, NULL);
	for (size_t i = 0; rc == ST_OK && i < l->n; i++) {
		struct move_ctx m = { a, &l->v[i], 0 };
		struct st_param mp[] = { SP_INT(l->v[i].id) };
		rc = st_exec(tx, Q_OUTREACH_MOVES, mp, 1, move_row, &m, NULL);
	}
	return rc;
}

struct days_ctx {
	int32_t *v;
	size_t n, cap;
};

static int
closure_row(void *ctx, const struct st_row *row)
{
	struct days_ctx *d = ctx;
	int32_t day;
	if (date_parse(st_text(row, 0), &day) != 0)
		return 0;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	d->v[d->n++] = day;
	return 0;
}

/* The point's closures between two days (malloc'd list in *d). */
static enum st_rc
closures_load(struct st_tx *tx, int64_t point_id, int32_t from, int32_t to, struct days_ctx *d)
{
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	memset(d, 0, sizeof(*d));
	struct st_param p[] = { SP_INT(point_id), SP_STR(a), SP_STR(b) };
	return st_exec(tx, Q_POINT_CLOSURES, p, 3, closure_row, d, NULL);
}

/* The visits of one schedule in [from, to), holidays and the point's closures removed. */
static int
sched_visits(struct st_tx *tx, const struct sched *s, int64_t from, int64_t to,
    struct outreach_visit *out, int max, enum st_rc *rc)
{
	int n = outreach_expand(s->rrule, s->dtstart, s->duration, s->exdates, s->moves, s->nmoves,
	    from, to, out, max);
	if (n <= 0)
		return 0;      /* a stored rule that no longer expands gives no visit */
	struct days_ctx d;
	*rc = closures_load(tx, s->point_id, date_of_us_local(from) - 1, date_of_us_local(to) + 1, &d);
	if (*rc != ST_OK) {
		free(d.v);
		return 0;
	}
	n = outreach_filter(out, n, d.v, d.n);
	free(d.v);
	for (int i = 0; i < n; i++) {
		out[i].schedule_id = s->id;
		out[i].point_id = s->point_id;
	}
	return n;
}

/* Every visit of the schedules in [from, to), sorted; malloc'd *out. */
static enum st_rc
scheds_visits(struct st_tx *tx, const struct sched_list *l, int64_t from, int64_t to,
    struct outreach_visit **out, int *n)
{
	struct vlist all = { 0 };
	struct outreach_visit *buf = xcalloc(PER_SCHEDULE, sizeof(*buf));
	enum st_rc rc = ST_OK;
	for (size_t i = 0; rc == ST_OK && i < l->n; i++) {
		int k = sched_visits(tx, &l->v[i], from, to, buf, PER_SCHEDULE, &rc);
		for (int j = 0; j < k; j++)
			vlist_push(&all, buf[j]);
	}
	free(buf);
	if (all.n > 1)
		qsort(all.v, (size_t)all.n, sizeof(*all.v), visit_cmp);
	*out = all.v;
	*n = all.n;
	return rc;
}

enum st_rc
outreach_next_visits(struct st_tx *tx, int64_t point_id, int64_t now_us,
    struct outreach_visit *out, int max, int *n)
{
	*n = 0;
	struct arena a;
	arena_init(&a);
	struct sched_list l;
	enum st_rc rc = sched_load(tx, &a, Q_OUTREACH_BY_POINT, point_id, &l);
	struct outreach_visit *all = NULL;
	int nall = 0;
	if (rc == ST_OK)
		rc = scheds_visits(tx, &l, now_us, now_us + NEXT_DAYS * DAY_US, &all, &nall);
	if (rc == ST_OK) {
		*n = nall < max ? nall : max;
		if (*n > 0)
			memcpy(out, all, (size_t)*n * sizeof(*out));
	}
	free(all);
	arena_free(&a);
	return rc;
}

/* ---- point names (for the hub of a schedule and the feeds) ---- */

struct pinfo {
	struct arena *a;
	int found, active;
	const char *name_en, *name_fr, *address, *municipality, *postal_code;
};

static int
pinfo_row(void *ctx, const struct st_row *row)
{
	struct pinfo *p = ctx;
	p->found = 1;
	p->name_en = arena_strdup(p->a, st_text(row, 3));
	p->name_fr = arena_strdup(p->a, st_text(row, 4));
	p->address = col_dup(p->a, row, 7);
	p->municipality = col_dup(p->a, row, 8);
	p->postal_code = col_dup(p->a, row, 9);
	p->active = (int)st_i64(row, 16);
	return 1;
}

static enum st_rc
pinfo_get(struct st_tx *tx, struct arena *a, int64_t id, struct pinfo *p)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	struct st_param prm[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_POINT_GET, prm, 1, pinfo_row, p, NULL);
	if (rc == ST_OK && !p->found)
		rc = ST_NOTFOUND;
	return rc;
}

enum st_rc
outreach_schedules_json(struct st_tx *tx, int64_t point_id, enum lang lang, json_t **out)
{
	*out = json_array();
	struct arena a;
	arena_init(&a);
	struct sched_list l;
	enum st_rc rc = sched_load(tx, &a, Q_OUTREACH_BY_POINT, point_id, &l);
	for (size_t i = 0; rc == ST_OK && i < l.n; i++) {
		const struct sched *s = &l.v[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(s->id));
		json_object_set_new(o, "rrule", json_string(s->rrule));
		json_object_set_new(o, "dtstart", json_string(s->dtstart));
		json_object_set_new(o, "duration_min", json_integer(s->duration));
		json_t *ex = json_loads(s->exdates ? s->exdates : "[]", 0, NULL);
		json_object_set_new(o, "exdates", ex ? ex : json_array());
		json_t *moves = json_array();
		for (size_t k = 0; k < s->nmoves; k++)
			json_array_append_new(moves, json_pack("{s:s,s:s}", "original_date",
			    s->moves[k].original_date, "new_start", s->moves[k].new_start));
		json_object_set_new(o, "moves", moves);
		const char *note = lang == LANG_FR ? s->note_fr : s->note_en;
		json_object_set_new(o, "note", note ? json_string(note) : json_null());
		json_object_set_new(o, "host_point_id", s->host_id ? json_integer(s->host_id) : json_null());
		if (s->host_id) {
			struct pinfo h;
			rc = pinfo_get(tx, &a, s->host_id, &h);
			if (rc == ST_NOTFOUND) {
				rc = ST_OK;
				json_object_set_new(o, "host", json_null());
			} else if (rc == ST_OK) {
				json_object_set_new(o, "host", json_pack("{s:I,s:s,s:s}", "id",
				    (json_int_t)s->host_id, "name_en", h.name_en, "name_fr", h.name_fr));
			}
		} else {
			json_object_set_new(o, "host", json_null());
		}
		json_array_append_new(*out, o);
	}
	arena_free(&a);
	return rc;
}

enum st_rc
outreach_schedule_add(struct st_tx *tx, const struct outreach_in *in, int64_t *id_out,
    enum err_id *e)
{
	*e = E_NONE;
	*id_out = 0;
	if (outreach_rule_valid(in->rrule, in->dtstart) != 0) {
		*e = E_FIELD_FORMAT;
		return ST_CONFLICT;
	}
	int32_t *ex;
	size_t nex;
	if (exdates_parse(in->exdates_json, &ex, &nex) != 0) {
		*e = E_FIELD_FORMAT;
		return ST_CONFLICT;
	}
	free(ex);
	struct st_param p[] = { SP_INT(in->point_id), SP_OPTINT(in->host_point_id != 0,
		in->host_point_id), SP_STR(in->rrule), SP_STR(in->dtstart), SP_INT(in->duration_min),
		SP_STR(in->exdates_json ? in->exdates_json : "[]"), SP_STR(in->note_en),
		SP_STR(in->note_fr), SP_INT(time_now_us()) };
	enum st_rc rc = st_one_i64(tx, Q_OUTREACH_INSERT, p, 9, id_out);
	if (rc == ST_CONFLICT)
		*e = E_REFERENCE;
	return rc;
}

enum st_rc
outreach_move_put(struct st_tx *tx, int64_t schedule_id, const char *original_date,
    const char *new_start)
{
	int32_t day;
	int y, mo, d, h, mi;
	if (date_parse(original_date, &day) != 0 ||
	    outreach_local_parse(new_start, &y, &mo, &d, &h, &mi) != 0)
		return ST_CONFLICT;
	struct st_param p[] = { SP_INT(schedule_id), SP_STR(original_date), SP_STR(new_start) };
	return st_exec(tx, Q_OUTREACH_MOVE_PUT, p, 3, NULL, NULL, NULL);
}

/* ---- ICS feeds ---- */

static struct icaltimetype
utc_ical(int64_t us)
{
	return icaltime_from_timet_with_zone((time_t)(us / USEC), 0, icaltimezone_get_utc_timezone());
}

static const char *
place_text(struct arena *a, const struct pinfo *p)
{
	const char *parts[3] = { p->address, p->municipality, p->postal_code };
	const char *s = "";
	for (int i = 0; i < 3; i++)
		if (parts[i] && *parts[i])
			s = *s ? arena_printf(a, "%s, %s", s, parts[i]) : parts[i];
	return s;
}

static void
add_event(icalcomponent *cal, struct arena *a, const struct outreach_visit *v,
    const struct pinfo *site, const struct pinfo *host, const char *note, enum lang lang,
    int64_t now_us)
{
	char day[11];
	date_format(v->original_day, day);
	char uid[96];
	snprintf(uid, sizeof(uid), "outreach-%lld-%.4s%.2s%.2s@passerelle",
	    (long long)v->schedule_id, day, day + 5, day + 8);
	const char *name = lang == LANG_FR ? site->name_fr : site->name_en;
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_ical(now_us)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_ical(v->start_us)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(utc_ical(v->end_us)));
	icalcomponent_add_property(ev, icalproperty_new_summary(MSGF(a, lang,
	    MSG_POINTS_ICS_SUMMARY, name)));
	const char *where = place_text(a, site);
	if (*where)
		icalcomponent_add_property(ev, icalproperty_new_location(where));
	const char *desc = host ? MSGF(a, lang, MSG_POINTS_ICS_HOSTED_BY,
	    lang == LANG_FR ? host->name_fr : host->name_en) : "";
	if (note && *note)
		desc = *desc ? arena_printf(a, "%s\n%s", desc, note) : note;
	if (v->moved)
		desc = *desc ? arena_printf(a, "%s\n%s", desc, msg_get(lang, MSG_POINTS_ICS_MOVED)) :
		    msg_get(lang, MSG_POINTS_ICS_MOVED);
	if (*desc)
		icalcomponent_add_property(ev, icalproperty_new_description(desc));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(cal, ev);
}

static icalcomponent *
calendar_new(const char *title)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//passerelle//outreach//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalproperty *name = icalproperty_new_x(title);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(cal, name);
	return cal;
}

static void
calendar_write(icalcomponent *cal, struct buf *out)
{
	char *s = icalcomponent_as_ical_string_r(cal);
	if (s) {
		buf_puts(out, s);
		free(s);
	}
	icalcomponent_free(cal);
}

/* Adds the visits of schedules l in the feed window. */
static enum st_rc
feed_add(struct st_tx *tx, struct arena *a, icalcomponent *cal, const struct sched_list *l,
    enum lang lang, int64_t now_us)
{
	struct outreach_visit *v = NULL;
	int n = 0;
	enum st_rc rc = scheds_visits(tx, l, now_us, now_us + FEED_DAYS * DAY_US, &v, &n);
	for (int i = 0; rc == ST_OK && i < n; i++) {
		const struct sched *s = NULL;
		for (size_t k = 0; k < l->n && s == NULL; k++)
			if (l->v[k].id == v[i].schedule_id)
				s = &l->v[k];
		struct pinfo site, host;
		rc = pinfo_get(tx, a, v[i].point_id, &site);
		if (rc != ST_OK)
			break;
		int has_host = s->host_id && pinfo_get(tx, a, s->host_id, &host) == ST_OK;
		add_event(cal, a, &v[i], &site, has_host ? &host : NULL,
		    lang == LANG_FR ? s->note_fr : s->note_en, lang, now_us);
	}
	free(v);
	return rc;
}

enum st_rc
outreach_ics_point(struct st_tx *tx, int64_t point_id, enum lang lang, int64_t now_us,
    struct buf *out)
{
	struct arena a;
	arena_init(&a);
	struct pinfo p;
	enum st_rc rc = pinfo_get(tx, &a, point_id, &p);
	if (rc == ST_OK && !p.active)
		rc = ST_NOTFOUND;
	struct sched_list l;
	if (rc == ST_OK)
		rc = sched_load(tx, &a, Q_OUTREACH_BY_POINT, point_id, &l);
	if (rc == ST_OK) {
		icalcomponent *cal = calendar_new(MSGF(&a, lang, MSG_POINTS_ICS_CALNAME,
		    lang == LANG_FR ? p.name_fr : p.name_en));
		rc = feed_add(tx, &a, cal, &l, lang, now_us);
		if (rc == ST_OK)
			calendar_write(cal, out);
		else
			icalcomponent_free(cal);
	}
	arena_free(&a);
	return rc;
}

struct rname {
	struct arena *a;
	const char *en, *fr;
};

static int
rname_row(void *ctx, const struct st_row *row)
{
	struct rname *r = ctx;
	r->en = arena_strdup(r->a, st_text(row, 0));
	r->fr = arena_strdup(r->a, st_text(row, 1));
	return 1;
}

enum st_rc
outreach_ics_region(struct st_tx *tx, int64_t region_id, enum lang lang, int64_t now_us,
    struct buf *out)
{
	struct arena a;
	arena_init(&a);
	struct rname rn = { &a, NULL, NULL };
	struct st_param p[] = { SP_INT(region_id) };
	enum st_rc rc = st_exec(tx, Q_POINT_REGION_NAMES, p, 1, rname_row, &rn, NULL);
	if (rc == ST_OK && rn.en == NULL)
		rc = ST_NOTFOUND;
	struct sched_list l;
	if (rc == ST_OK)
		rc = sched_load(tx, &a, Q_OUTREACH_BY_REGION, region_id, &l);
	if (rc == ST_OK) {
		icalcomponent *cal = calendar_new(MSGF(&a, lang, MSG_POINTS_ICS_CALNAME,
		    lang == LANG_FR ? rn.fr : rn.en));
		rc = feed_add(tx, &a, cal, &l, lang, now_us);
		if (rc == ST_OK)
			calendar_write(cal, out);
		else
			icalcomponent_free(cal);
	}
	arena_free(&a);
	return rc;
}
