/* exam_csv: the two CSV uploads of the exams module, read with csvio's table reader (same
 * header rules, line numbers and report) and applied all or nothing:
 *  - sessions: point_id, trade_code, exam_type, starts_at, lang, seats, pass_mark_pct (optional);
 *  - results of one session: booking_id or client_no, and score (0..100, or "absent"). */
#include "domain/exams.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/audit.h"

static int
parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return -1;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* ---- sessions ---- */

enum { SC_POINT, SC_TRADE, SC_TYPE, SC_START, SC_LANG, SC_SEATS, SC_MARK, SC__N };
static const struct csvio_column session_cols[SC__N] = {
	{ "point_id", 1, 1, 20 }, { "trade_code", 1, 1, 8 }, { "exam_type", 1, 1, 20 },
	{ "starts_at", 1, 16, 16 }, { "lang", 1, 2, 2 }, { "seats", 1, 1, 6 },
	{ "pass_mark_pct", 0, 1, 3 },
};

static void
session_row(void *ctx, int64_t line, const char *const *c, struct arena *cells,
    struct csv_report *rep)
{
	(void)cells;
	struct exam_session_csv *rows = ctx;
	struct exam_session_in in;
	memset(&in, 0, sizeof(in));
	int bad = 0;
	int32_t day;
	int minute;
	if (parse_int(c[SC_POINT], 1, INT64_MAX, &in.point_id) != 0) {
		csvio_report_add(rep, line, "point_id", E_FIELD_TYPE);
		bad = 1;
	}
	if ((in.type = exam_list_index(exam_types, c[SC_TYPE])) < 0) {
		csvio_report_add(rep, line, "exam_type", E_FIELD_ENUM);
		bad = 1;
	}
	if (exam_start_parse(c[SC_START], &day, &minute) != 0) {
		csvio_report_add(rep, line, "starts_at", E_EXAM_SESSION_START);
		bad = 1;
	}
	if ((in.lang = exam_list_index(exam_langs, c[SC_LANG])) < 0) {
		csvio_report_add(rep, line, "lang", E_FIELD_ENUM);
		bad = 1;
	}
	if (parse_int(c[SC_SEATS], 1, 10000, &in.seats) != 0) {
		csvio_report_add(rep, line, "seats", E_FIELD_RANGE);
		bad = 1;
	}
	if (c[SC_MARK] != NULL) {
		in.has_pass_mark = 1;
		if (parse_int(c[SC_MARK], 1, 100, &in.pass_mark_pct) != 0) {
			csvio_report_add(rep, line, "pass_mark_pct", E_FIELD_RANGE);
			bad = 1;
		}
	}
	if (bad)
		return;
	in.trade_code = arena_strdup(&rows->arena, c[SC_TRADE]);
	in.starts_at = arena_strdup(&rows->arena, c[SC_START]);
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 32;
		rows->v = xreallocarray(rows->v, rows->cap, sizeof(*rows->v));
		rows->line = xreallocarray(rows->line, rows->cap, sizeof(*rows->line));
	}
	rows->line[rows->n] = line;
	rows->v[rows->n++] = in;
}

int
exam_sessions_csv_parse(const char *data, size_t len, struct exam_session_csv *out,
    struct csv_report *rep)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	struct arena cells;
	arena_init(&cells);
	struct csvio_table t = { session_cols, SC__N, session_row, out };
	int rc = csvio_parse_table(&t, data, len, &cells, rep);
	arena_free(&cells);
	return rc;
}

void
exam_sessions_csv_free(struct exam_session_csv *rows)
{
	free(rows->v);
	free(rows->line);
	arena_free(&rows->arena);
	memset(rows, 0, sizeof(*rows));
}

enum st_rc
exam_sessions_csv_apply(struct st_tx *tx, const struct principal *who,
    const struct exam_session_csv *rows, int dry_run, struct csv_report *rep)
{
	rep->created = 0;
	rep->dry_run_ok = 0;
	rep->dry_run = dry_run;
	int64_t failed = 0;
	for (size_t i = 0; i < rows->n; i++) {
		json_t *out = NULL;
		struct dom_err err = { 0 };
		enum st_rc rc = exam_session_create(tx, who, &rows->v[i], LANG_EN, &out, &err);
		json_decref(out);
		json_decref(err.extra);
		if (rc == ST_CONFLICT) {
			csvio_report_add(rep, rows->line[i], err.field, err.e);
			failed++;
			continue;
		}
		if (rc != ST_OK)
			return rc;
		rep->created++;
	}
	if (failed > 0)
		return ST_CONFLICT;
	if (dry_run) {
		rep->dry_run_ok = 1;
		return ST_CONFLICT;
	}
	json_t *payload = json_pack("{s:I}", "sessions", (json_int_t)rep->created);
	struct audit_event ev = { "exam_session", 0, 0, "exam.sessions_imported", NULL, NULL,
		payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}

/* ---- results ---- */

enum { RC_BOOKING, RC_CLIENT, RC_SCORE, RC__N };
static const struct csvio_column result_cols[RC__N] = {
	{ "booking_id", 0, 1, 20 }, { "client_no", 0, 1, 40 }, { "score", 1, 1, 6 },
};

static void
result_row(void *ctx, int64_t line, const char *const *c, struct arena *cells,
    struct csv_report *rep)
{
	(void)cells;
	struct exam_result_csv *rows = ctx;
	struct exam_result_row r;
	memset(&r, 0, sizeof(r));
	r.line = line;
	int bad = 0;
	if (c[RC_BOOKING] == NULL && c[RC_CLIENT] == NULL) {
		csvio_report_add(rep, line, "booking_id", E_FIELD_REQUIRED);
		bad = 1;
	} else if (c[RC_BOOKING] != NULL && parse_int(c[RC_BOOKING], 1, INT64_MAX,
	    &r.booking_id) != 0) {
		csvio_report_add(rep, line, "booking_id", E_FIELD_TYPE);
		bad = 1;
	}
	int64_t score = 0;
	if (c[RC_SCORE] != NULL && strcmp(c[RC_SCORE], "absent") == 0) {
		r.absent = 1;
	} else if (parse_int(c[RC_SCORE], 0, 100, &score) != 0) {
		csvio_report_add(rep, line, "score", E_FIELD_RANGE);
		bad = 1;
	}
	if (bad)
		return;
	r.score = (int)score;
	r.client_no = c[RC_CLIENT] ? arena_strdup(&rows->arena, c[RC_CLIENT]) : NULL;
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 32;
		rows->v = xreallocarray(rows->v, rows->cap, sizeof(*rows->v));
	}
	rows->v[rows->n++] = r;
}

int
exam_results_csv_parse(const char *data, size_t len, struct exam_result_csv *out,
    struct csv_report *rep)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	struct arena cells;
	arena_init(&cells);
	struct csvio_table t = { result_cols, RC__N, result_row, out };
	int rc = csvio_parse_table(&t, data, len, &cells, rep);
	arena_free(&cells);
	return rc;
}

void
exam_results_csv_free(struct exam_result_csv *rows)
{
	free(rows->v);
	arena_free(&rows->arena);
	memset(rows, 0, sizeof(*rows));
}
