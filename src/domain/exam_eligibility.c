/* exam_eligibility: who may sit which exam, as a table of rule functions.
 *
 * Two kinds of rule. A bar refuses whatever the pathway (a Red Seal exam in a trade that is
 * not Red Seal, a pass already held, a result not yet released, the waiting period after a
 * failed attempt). A pathway grants: a completed apprenticeship in the trade, an exam
 * authorisation (an approved trade equivalency assessment today, any later pathway that writes
 * exam_authorisations), or a retake after an earlier attempt. Bars run first; the first
 * pathway that grants decides. A new pathway is one more row in `pathways`. */
#include "domain/exams.h"

#include <string.h>

#include "core/timeutil.h"
#include "domain/trades.h"

/* What a rule sees. The history is read once and shared. */
struct elig_in {
	int64_t person_id;
	const char *trade_code;
	int type;
	int32_t day;                  /* the session's day */
	struct exam_rules rules;
	int passed, pending, attempts;
	int32_t last_fail_day;        /* the latest released failed sitting, 0 none */
};

enum verdict { V_NONE = 0, V_GRANT, V_BAR };

struct rule {
	const char *id;
	enum st_rc (*fn)(struct st_tx *tx, const struct elig_in *in, enum verdict *v,
	    struct exam_elig *out);
};

static int
count_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

/* ---- bars ---- */

static enum st_rc
bar_red_seal(struct st_tx *tx, const struct elig_in *in, enum verdict *v, struct exam_elig *out)
{
	(void)tx;
	const struct trade *t = trades_find(in->trade_code);
	if (in->type == EXAM_RED_SEAL && (t == NULL || !t->red_seal)) {
		*v = V_BAR;
		out->reason = E_EXAM_NOT_RED_SEAL;
	}
	return ST_OK;
}

static enum st_rc
bar_passed(struct st_tx *tx, const struct elig_in *in, enum verdict *v, struct exam_elig *out)
{
	(void)tx;
	if (in->passed) {
		*v = V_BAR;
		out->reason = E_EXAM_ALREADY_PASSED;
	}
	return ST_OK;
}

static enum st_rc
bar_pending(struct st_tx *tx, const struct elig_in *in, enum verdict *v, struct exam_elig *out)
{
	(void)tx;
	if (in->pending) {
		*v = V_BAR;
		out->reason = E_EXAM_RESULT_PENDING;
	}
	return ST_OK;
}

/* After a failed attempt the next sitting is at least retake_wait_days later, whatever the
 * pathway. */
static enum st_rc
bar_retake_wait(struct st_tx *tx, const struct elig_in *in, enum verdict *v, struct exam_elig *out)
{
	(void)tx;
	if (in->last_fail_day != 0 && in->day < in->last_fail_day + in->rules.retake_wait_days) {
		*v = V_BAR;
		out->reason = E_EXAM_RETAKE_WAIT;
		out->eligible_from = in->last_fail_day + in->rules.retake_wait_days;
	}
	return ST_OK;
}

/* ---- pathways ---- */

static enum st_rc
path_apprenticeship(struct st_tx *tx, const struct elig_in *in, enum verdict *v,
    struct exam_elig *out)
{
	int64_t n = 0;
	struct st_param p[] = { SP_INT(in->person_id), SP_STR(in->trade_code) };
	enum st_rc rc = st_exec(tx, Q_EXAM_ELIG_APPRENTICESHIP, p, 2, count_row, &n, NULL);
	if (rc == ST_OK && n > 0) {
		*v = V_GRANT;
		out->pathway = "apprenticeship";
	}
	return rc;
}

static enum st_rc
path_authorisation(struct st_tx *tx, const struct elig_in *in, enum verdict *v,
    struct exam_elig *out)
{
	int64_t n = 0;
	struct st_param p[] = { SP_INT(in->person_id), SP_STR(in->trade_code),
		SP_STR(exam_types[in->type]) };
	enum st_rc rc = st_exec(tx, Q_EXAM_ELIG_AUTHORISATION, p, 3, count_row, &n, NULL);
	if (rc == ST_OK && n > 0) {
		*v = V_GRANT;
		out->pathway = "authorisation";
	}
	return rc;
}

/* An earlier attempt (failed and released: the bars above handled the rest). */
static enum st_rc
path_retake(struct st_tx *tx, const struct elig_in *in, enum verdict *v, struct exam_elig *out)
{
	(void)tx;
	if (in->last_fail_day != 0) {
		*v = V_GRANT;
		out->pathway = "retake";
	}
	return ST_OK;
}

static const struct rule bars[] = {
	{ "red_seal_trade", bar_red_seal },
	{ "already_passed", bar_passed },
	{ "result_pending", bar_pending },
	{ "retake_wait", bar_retake_wait },
};

static const struct rule pathways[] = {
	{ "apprenticeship", path_apprenticeship },
	{ "authorisation", path_authorisation },
	{ "retake", path_retake },
};

static int
history_row(void *ctx, const struct st_row *row)
{
	struct elig_in *in = ctx;
	int passed = (int)st_i64(row, 0), released = (int)st_i64(row, 1);
	int32_t day = 0;
	int minute = 0;
	if (exam_start_parse(st_text(row, 2), &day, &minute) != 0)
		return 0;
	in->attempts++;
	if (!released)
		in->pending = 1;
	else if (passed)
		in->passed = 1;
	else if (day > in->last_fail_day)
		in->last_fail_day = day;
	return 0;
}

enum st_rc
exam_eligibility(struct st_tx *tx, int64_t person_id, const char *trade_code, int type,
    int32_t day, struct exam_elig *out)
{
	memset(out, 0, sizeof(*out));
	struct elig_in in;
	memset(&in, 0, sizeof(in));
	in.person_id = person_id;
	in.trade_code = trade_code;
	in.type = type;
	in.day = day;
	if (type < 0 || type >= EXAM__TYPES)
		return ST_ERROR;
	enum st_rc rc = exam_rules_get(tx, type, &in.rules);
	if (rc != ST_OK)
		return rc;
	struct st_param p[] = { SP_INT(person_id), SP_STR(trade_code), SP_STR(exam_types[type]) };
	if ((rc = st_exec(tx, Q_EXAM_ELIG_HISTORY, p, 3, history_row, &in, NULL)) != ST_OK)
		return rc;
	for (size_t i = 0; i < sizeof(bars) / sizeof(bars[0]); i++) {
		enum verdict v = V_NONE;
		if ((rc = bars[i].fn(tx, &in, &v, out)) != ST_OK)
			return rc;
		if (v == V_BAR)
			return ST_OK;
	}
	for (size_t i = 0; i < sizeof(pathways) / sizeof(pathways[0]); i++) {
		enum verdict v = V_NONE;
		if ((rc = pathways[i].fn(tx, &in, &v, out)) != ST_OK)
			return rc;
		if (v == V_GRANT) {
			out->eligible = true;
			return ST_OK;
		}
	}
	out->reason = E_EXAM_NO_PATHWAY;
	return ST_OK;
}

json_t *
exam_elig_json(const struct exam_elig *e, enum lang lang)
{
	json_t *o = json_object();
	json_object_set_new(o, "eligible", json_boolean(e->eligible));
	json_object_set_new(o, "pathway", e->pathway ? json_string(e->pathway) : json_null());
	json_object_set_new(o, "reason", e->eligible ? json_null() : json_string(err_slug(e->reason)));
	json_object_set_new(o, "reason_message", e->eligible ? json_null() :
	    json_string(err_message(e->reason, lang)));
	if (e->eligible_from) {
		char d[11];
		date_format(e->eligible_from, d);
		json_object_set_new(o, "eligible_from", json_string(d));
	} else {
		json_object_set_new(o, "eligible_from", json_null());
	}
	return o;
}
