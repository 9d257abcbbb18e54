#include "domain/queue.h"

#include <string.h>

#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/engine.h"
#include "domain/program.h"

#define QUEUE_BATCH 200
#define QUEUE_MAX_SCANS 50

struct queue_ctx {
	struct arena *a;
	const struct program *p;
	unsigned role_bit;
	enum lang lang;
	int64_t now;
	json_t *items;
	int limit, taken, seen;
	struct queue_cursor last;  /* last row scanned */
	struct queue_cursor last_taken;
	int more;
	const char *state;         /* only cases in this state; NULL any */
};

static int
queue_row(void *vctx, const struct st_row *row)
{
	struct queue_ctx *q = vctx;
	q->seen++;
	q->last.due_us = st_i64(row, 25);
	q->last.clock_id = st_i64(row, 21);
	struct case_rec c;
	case_from_row(q->a, row, 0, &c);
	if (q->state != NULL && strcmp(c.state, q->state) != 0)
		return 0;
	json_t *steps = engine_possible(q->p, c.state, q->role_bit, q->lang);
	if (json_array_size(steps) == 0) {
		json_decref(steps);
		return 0;
	}
	/* Only a row that would be listed says there is a next page (never an empty one). */
	if (q->taken == q->limit) {
		json_decref(steps);
		q->more = 1;
		return 1;
	}
	json_t *o = case_summary_json(&c, q->lang);
	const char *std = st_text(row, 22);
	int64_t due = st_i64(row, 25);
	int paused = !st_isnull(row, 24);
	char d[11];
	json_t *clock = json_object();
	json_object_set_new(clock, "standard", json_string(std));
	for (int i = 0; i < q->p->nstandards; i++)
		if (strcmp(q->p->standards[i].id, std) == 0)
			json_object_set_new(clock, "label",
			    json_string(i18n_pick(&q->p->standards[i].label, q->lang)));
	date_format(date_of_us_local(due), d);
	json_object_set_new(clock, "due_date", json_string(d));
	json_object_set_new(clock, "business_days_left",
	    json_integer(clock_business_days_left(due, q->now)));
	json_object_set_new(clock, "paused", json_boolean(paused));
	json_object_set_new(clock, "breached", json_boolean(!paused && q->now > due));
	json_object_set_new(o, "service_standard", clock);
	json_object_set_new(o, "next_steps", steps);
	json_array_append_new(q->items, o);
	q->taken++;
	q->last_taken = q->last;
	return 0;
}

enum st_rc
queue_list(struct st_tx *tx, struct arena *a, const struct principal *who, const char *program,
    enum role for_role, int64_t region_id, struct queue_cursor *cur, int limit, enum lang lang,
    json_t **items, int *more)
{
	return queue_list_state(tx, a, who, program, for_role, region_id, NULL, cur, limit, lang,
	    items, more);
}

enum st_rc
queue_list_state(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *program, enum role for_role, int64_t region_id, const char *state,
    struct queue_cursor *cur, int limit, enum lang lang, json_t **items, int *more)
{
	const struct program *p = program_get(program);
	struct queue_ctx q = { a, p, RB(for_role), lang, time_now_us(), json_array(), limit, 0, 0,
		*cur, *cur, 0, state != NULL && state[0] != '\0' ? state : NULL };
	*items = q.items;
	*more = 0;
	if (p == NULL)
		return ST_NOTFOUND;
	if (who->role == ROLE_ADVISOR && !who->all_regions) {
		if (region_id != 0 && region_id != who->region_id)
			return ST_OK; /* not theirs: an empty queue, never another region's cases */
		region_id = who->region_id;
	}
	enum st_rc rc = ST_OK;
	/* Rows whose state needs no action by this role are skipped, so scan in batches. */
	for (int scans = 0; scans < QUEUE_MAX_SCANS && !q.more; scans++) {
		q.seen = 0;
		struct st_param prm[] = { SP_STR(program), SP_INT(region_id), SP_INT(q.last.due_us),
			SP_INT(q.last.clock_id), SP_INT(QUEUE_BATCH) };
		rc = st_exec(tx, Q_QUEUE, prm, 5, queue_row, &q, NULL);
		if (rc != ST_OK || q.seen < QUEUE_BATCH)
			break;
	}
	*more = q.more;
	*cur = q.last_taken;
	return rc;
}
