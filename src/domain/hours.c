#include "domain/hours.h"
#include "domain/page.h"

#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/cases.h"

static json_t *
hours_json(const struct st_row *row)
{
	char t[32];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(st_i64(row, 0)));
	json_object_set_new(o, "agreement_id", json_integer(st_i64(row, 1)));
	json_object_set_new(o, "period_start", json_string(st_text(row, 2)));
	json_object_set_new(o, "period_end", json_string(st_text(row, 3)));
	json_object_set_new(o, "hours", json_integer(st_i64(row, 4)));
	json_object_set_new(o, "description", st_isnull(row, 5) ? json_null() : json_string(st_text(row, 5)));
	json_object_set_new(o, "status", json_string(st_text(row, 6)));
	json_object_set_new(o, "logged_by", json_integer(st_i64(row, 7)));
	time_format_us(st_i64(row, 8), t);
	json_object_set_new(o, "logged_at", json_string(t));
	json_object_set_new(o, "decided_by", st_isnull(row, 9) ? json_null() : json_integer(st_i64(row, 9)));
	if (st_isnull(row, 10)) {
		json_object_set_new(o, "decided_at", json_null());
	} else {
		time_format_us(st_i64(row, 10), t);
		json_object_set_new(o, "decided_at", json_string(t));
	}
	json_object_set_new(o, "reason", st_isnull(row, 11) ? json_null() : json_string(st_text(row, 11)));
	return o;
}

static int
one_row(void *ctx, const struct st_row *row)
{
	*(json_t **)ctx = hours_json(row);
	return 1;
}

static int
list_row(void *ctx, const struct st_row *row)
{
	json_array_append_new(ctx, hours_json(row));
	return 0;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

enum st_rc
hours_log(struct st_tx *tx, struct arena *a, const struct principal *who,
    const struct hours_in *in, json_t **out, struct dom_err *err)
{
	struct case_rec c;
	enum st_rc rc = case_load(tx, a, who, in->case_id, &c);
	if (rc != ST_OK)
		return rc;
	if (strcmp(c.program, "apprenticeship") != 0)
		return ST_NOTFOUND;
	if (who->role != ROLE_SPONSOR && who->role != ROLE_ADVISOR)
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	if (strcmp(c.state, "active") != 0)
		return dom_refuse(err, E_HOURS_STATE, NULL, NULL);
	int32_t today = date_of_us_local(time_now_us()), start_date = 0;
	if (c.start_date)
		date_parse(c.start_date, &start_date);
	int64_t days = (int64_t)in->period_end - in->period_start + 1;
	if (in->period_end < in->period_start)
		return dom_refuse(err, E_HOURS_PERIOD, "period_end", NULL);
	if (in->period_end > today)
		return dom_refuse(err, E_HOURS_PERIOD, "period_end", NULL);
	if (in->period_start < start_date)
		return dom_refuse(err, E_HOURS_PERIOD, "period_start", NULL);
	if (in->hours > days * 24)
		return dom_refuse(err, E_HOURS_PERIOD, "hours", NULL);
	char ps[11], pe[11];
	date_format(in->period_start, ps);
	date_format(in->period_end, pe);
	int64_t overlap = 0;
	struct st_param op[] = { SP_INT(c.id), SP_STR(ps), SP_STR(pe) };
	if ((rc = st_one_i64(tx, Q_HOURS_OVERLAP, op, 3, &overlap)) != ST_OK)
		return rc;
	if (overlap > 0)
		return dom_refuse(err, E_HOURS_OVERLAP, "period_start", NULL);
	int64_t id = 0;
	struct st_param p[] = { SP_INT(c.id), SP_STR(ps), SP_STR(pe), SP_INT(in->hours),
		SP_STR(in->description), SP_INT(who->user_id), SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_HOURS_INSERT, p, 7, id_row, &id, NULL)) != ST_OK)
		return rc;
	struct st_param ip[] = { SP_INT(id) };
	*out = NULL;
	if ((rc = st_exec(tx, Q_HOURS_GET, ip, 1, one_row, out, NULL)) != ST_OK)
		return rc;
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(NULL, json_deep_copy(*out)));
	struct audit_event ev = { "hours", id, c.id, "hours.logged", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

enum st_rc
hours_decide(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t entry_id,
    int approve, const char *reason, json_t **out, struct dom_err *err)
{
	json_t *before = NULL;
	struct st_param ip[] = { SP_INT(entry_id) };
	enum st_rc rc = st_exec(tx, Q_HOURS_GET, ip, 1, one_row, &before, NULL);
	if (rc != ST_OK)
		return rc;
	if (before == NULL)
		return ST_NOTFOUND;
	struct case_rec c;
	int64_t case_id = json_integer_value(json_object_get(before, "agreement_id"));
	if ((rc = case_load(tx, a, who, case_id, &c)) != ST_OK) {
		json_decref(before);
		return rc;
	}
	if (who->role != ROLE_ADVISOR) {
		json_decref(before);
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	}
	if (!approve && (reason == NULL || *reason == '\0')) {
		json_decref(before);
		return dom_refuse(err, E_FIELD_REQUIRED, "reason", NULL);
	}
	int64_t n = 0;
	struct st_param p[] = { SP_INT(entry_id), SP_STR(approve ? "approved" : "rejected"),
		SP_INT(who->user_id), SP_INT(time_now_us()), SP_STR(reason) };
	if ((rc = st_exec(tx, Q_HOURS_DECIDE, p, 5, NULL, NULL, &n)) != ST_OK) {
		json_decref(before);
		return rc;
	}
	if (n != 1) {
		json_decref(before);
		return dom_refuse(err, E_HOURS_DECIDED, NULL, NULL);
	}
	*out = NULL;
	if ((rc = st_exec(tx, Q_HOURS_GET, ip, 1, one_row, out, NULL)) != ST_OK) {
		json_decref(before);
		return rc;
	}
	json_t *payload = json_object();
	json_object_set_new(payload, "change", audit_diff(before, json_deep_copy(*out)));
	struct audit_event ev = { "hours", entry_id, case_id, approve ? "hours.approved" : "hours.rejected",
		NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

enum st_rc
hours_list(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t case_id,
    int64_t after, int limit, json_t **items, int64_t *next_after)
{
	struct case_rec c;
	*items = json_array();
	*next_after = 0;
	enum st_rc rc = case_load(tx, a, who, case_id, &c);
	if (rc != ST_OK)
		return rc;
	struct st_param p[] = { SP_INT(case_id), SP_INT(after), SP_INT(limit + 1) };
	rc = st_exec(tx, Q_HOURS_OF_CASE, p, 3, list_row, *items, NULL);
	*next_after = page_trim(*items, limit);
	return rc;
}
