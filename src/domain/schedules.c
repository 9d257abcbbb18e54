/* schedules: audited administration of outreach schedules (see schedules.h). */
#include "domain/schedules.h"

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/points.h"

static int
may_change(const struct principal *who)
{
	return who == NULL || who->role == ROLE_ADMIN || who->role == ROLE_MANAGER;
}

struct sched_row {
	int found;
	int64_t point_id;
	char *exdates;
};

static int
sched_row_read(void *ctx, const struct st_row *row)
{
	struct sched_row *s = ctx;
	s->found = 1;
	s->point_id = st_i64(row, 0);
	free(s->exdates);
	s->exdates = strdup(st_text(row, 1));
	return 1;
}

/* The schedule's point and exdates (s->exdates malloc'd; free it). */
static enum st_rc
sched_load(struct st_tx *tx, int64_t id, struct sched_row *s)
{
	memset(s, 0, sizeof(*s));
	if (id <= 0)
		return ST_NOTFOUND;
	struct st_param p[] = { SP_INT(id) };
	enum st_rc rc = st_exec(tx, Q_SCHED_GET, p, 1, sched_row_read, s, NULL);
	if (rc == ST_OK && !s->found)
		rc = ST_NOTFOUND;
	if (rc == ST_OK && s->exdates == NULL)
		rc = ST_ERROR;
	return rc;
}

static enum st_rc
point_active(struct st_tx *tx, int64_t id)
{
	int64_t got;
	struct st_param p[] = { SP_INT(id) };
	return st_one_i64(tx, Q_SCHED_POINT_ACTIVE, p, 1, &got);
}

/* Touches the point (its version and ETag move), audits, bumps the generation. */
static enum st_rc
sched_changed(struct st_tx *tx, const struct principal *who, int64_t id, int64_t point_id,
    const char *type, json_t *payload)
{
	int64_t now = time_now_us();
	struct st_param t[] = { SP_INT(point_id), SP_INT(now) };
	enum st_rc rc = st_exec(tx, Q_POINT_TOUCH, t, 2, NULL, NULL, NULL);
	if (rc != ST_OK) {
		json_decref(payload);
		return rc;
	}
	json_object_set_new(payload, "point_id", json_integer(point_id));
	struct audit_event ev = { "outreach", id, 0, type, NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	points_changed();
	return rc;
}

enum st_rc
sched_add(struct st_tx *tx, const struct principal *who, const struct outreach_in *in,
    int64_t *id_out, struct dom_err *err)
{
	*id_out = 0;
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	enum st_rc rc = point_active(tx, in->point_id);
	if (rc != ST_OK)
		return rc;
	if (in->host_point_id != 0) {
		if (in->host_point_id == in->point_id)
			return dom_refuse(err, E_REFERENCE, "host_point_id", NULL);
		rc = point_active(tx, in->host_point_id);
		if (rc == ST_NOTFOUND)
			return dom_refuse(err, E_REFERENCE, "host_point_id", NULL);
		if (rc != ST_OK)
			return rc;
	}
	if (in->duration_min < 15 || in->duration_min > 1440)
		return dom_refuse(err, E_FIELD_RANGE, "duration_min", NULL);
	if (outreach_rule_valid(in->rrule, in->dtstart) != 0) {
		int y, mo, d, h, mi;
		return dom_refuse(err, E_OUTREACH_RULE,
		    outreach_local_parse(in->dtstart, &y, &mo, &d, &h, &mi) != 0 ? "dtstart" : "rrule",
		    NULL);
	}
	enum err_id e;
	rc = outreach_schedule_add(tx, in, id_out, &e);
	if (rc == ST_CONFLICT)
		return dom_refuse(err, e == E_FIELD_FORMAT ? E_OUTREACH_RULE : e, "rrule", NULL);
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:s,s:s,s:i,s:s?,s:s?}", "rrule", in->rrule, "dtstart",
	    in->dtstart, "duration_min", in->duration_min, "note_en", in->note_en, "note_fr",
	    in->note_fr);
	if (in->host_point_id)
		json_object_set_new(payload, "host_point_id", json_integer(in->host_point_id));
	return sched_changed(tx, who, *id_out, in->point_id, "outreach.created", payload);
}

enum st_rc
sched_delete(struct st_tx *tx, const struct principal *who, int64_t id, struct dom_err *err)
{
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	struct sched_row s;
	enum st_rc rc = sched_load(tx, id, &s);
	if (rc != ST_OK) {
		free(s.exdates);
		return rc;
	}
	struct st_param p[] = { SP_INT(id) };
	if ((rc = st_exec(tx, Q_SCHED_MOVES_DELETE, p, 1, NULL, NULL, NULL)) == ST_OK)
		rc = st_exec(tx, Q_SCHED_DELETE, p, 1, NULL, NULL, NULL);
	free(s.exdates);
	if (rc != ST_OK)
		return rc;
	return sched_changed(tx, who, id, s.point_id, "outreach.deleted", json_object());
}

enum st_rc
sched_move(struct st_tx *tx, const struct principal *who, int64_t id, const char *date,
    const char *new_start, struct dom_err *err)
{
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	struct sched_row s;
	enum st_rc rc = sched_load(tx, id, &s);
	free(s.exdates);
	if (rc != ST_OK)
		return rc;
	int32_t day;
	int y, mo, d, h, mi;
	if (date_parse(date, &day) != 0)
		return ST_NOTFOUND;
	if (outreach_local_parse(new_start, &y, &mo, &d, &h, &mi) != 0)
		return dom_refuse(err, E_FIELD_FORMAT, "new_start", NULL);
	if ((rc = outreach_move_put(tx, id, date, new_start)) != ST_OK)
		return rc;
	struct st_param t[] = { SP_INT(id), SP_INT(time_now_us()) };
	if ((rc = st_exec(tx, Q_SCHED_TOUCH, t, 2, NULL, NULL, NULL)) != ST_OK)
		return rc;
	return sched_changed(tx, who, id, s.point_id, "outreach.visit_moved",
	    json_pack("{s:s,s:s}", "date", date, "new_start", new_start));
}

enum st_rc
sched_cancel(struct st_tx *tx, const struct principal *who, int64_t id, const char *date,
    struct dom_err *err)
{
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	struct sched_row s;
	enum st_rc rc = sched_load(tx, id, &s);
	if (rc != ST_OK) {
		free(s.exdates);
		return rc;
	}
	int32_t day;
	if (date_parse(date, &day) != 0) {
		free(s.exdates);
		return ST_NOTFOUND;
	}
	json_t *arr = json_loads(s.exdates, JSON_REJECT_DUPLICATES, NULL);
	free(s.exdates);
	if (!json_is_array(arr)) {
		json_decref(arr);
		arr = json_array();
	}
	int present = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), date) == 0)
			present = 1;
	if (!present && json_array_size(arr) >= 1000) {
		json_decref(arr);
		return dom_refuse(err, E_FIELD_TOO_LONG, "exdates", NULL);
	}
	if (!present)
		json_array_append_new(arr, json_string(date));
	char *text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (text == NULL)
		return ST_ERROR;
	struct st_param p[] = { SP_INT(id), SP_STR(text), SP_INT(time_now_us()) };
	rc = st_exec(tx, Q_SCHED_EXDATES_SET, p, 3, NULL, NULL, NULL);
	free(text);
	if (rc != ST_OK)
		return rc;
	return sched_changed(tx, who, id, s.point_id, "outreach.visit_cancelled",
	    json_pack("{s:s}", "date", date));
}

enum st_rc
sched_restore(struct st_tx *tx, const struct principal *who, int64_t id, const char *date,
    struct dom_err *err)
{
	if (!may_change(who))
		return dom_refuse(err, E_FORBIDDEN, NULL, NULL);
	struct sched_row s;
	enum st_rc rc = sched_load(tx, id, &s);
	int32_t day;
	if (rc == ST_OK && date_parse(date, &day) != 0)
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		free(s.exdates);
		return rc;
	}
	json_t *arr = json_loads(s.exdates, JSON_REJECT_DUPLICATES, NULL);
	free(s.exdates);
	if (!json_is_array(arr)) {
		json_decref(arr);
		arr = json_array();
	}
	/* Every copy of the date goes (a stored list may repeat it). */
	int cancelled = 0;
	for (size_t i = json_array_size(arr); i-- > 0;) {
		json_t *v = json_array_get(arr, i);
		if (json_is_string(v) && strcmp(json_string_value(v), date) == 0) {
			json_array_remove(arr, i);
			cancelled = 1;
		}
	}
	int64_t now = time_now_us();
	if (cancelled) {
		char *text = json_dumps(arr, JSON_COMPACT);
		if (text == NULL) {
			json_decref(arr);
			return ST_ERROR;
		}
		struct st_param p[] = { SP_INT(id), SP_STR(text), SP_INT(now) };
		rc = st_exec(tx, Q_SCHED_EXDATES_SET, p, 3, NULL, NULL, NULL);
		free(text);
	}
	json_decref(arr);
	int64_t moved = 0;
	if (rc == ST_OK) {
		struct st_param p[] = { SP_INT(id), SP_STR(date) };
		rc = st_exec(tx, Q_SCHED_MOVE_DELETE, p, 2, NULL, NULL, &moved);
	}
	if (rc != ST_OK)
		return rc;
	if (!cancelled && moved == 0)
		return ST_NOTFOUND;
	if (!cancelled) {
		struct st_param t[] = { SP_INT(id), SP_INT(now) };
		if ((rc = st_exec(tx, Q_SCHED_TOUCH, t, 2, NULL, NULL, NULL)) != ST_OK)
			return rc;
	}
	return sched_changed(tx, who, id, s.point_id, "outreach.visit_restored",
	    json_pack("{s:s,s:b,s:b}", "date", date, "was_cancelled", cancelled, "was_moved",
	    moved > 0));
}

enum st_rc
sched_get_json(struct st_tx *tx, int64_t id, enum lang lang, json_t **out)
{
	*out = NULL;
	struct sched_row s;
	enum st_rc rc = sched_load(tx, id, &s);
	free(s.exdates);
	if (rc != ST_OK)
		return rc;
	json_t *all = NULL;
	if ((rc = outreach_schedules_json(tx, s.point_id, lang, &all)) != ST_OK)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(all, i, v) {
		if (json_integer_value(json_object_get(v, "id")) == id) {
			*out = json_incref(v);
			break;
		}
	}
	json_decref(all);
	return *out ? ST_OK : ST_NOTFOUND;
}
