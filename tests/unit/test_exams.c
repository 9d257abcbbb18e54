/* Unit tests of the exams module: the pure helpers (local start parsing, the candidate's last
 * day to cancel in Ontario business days, pass-rate period keys with the April-March fiscal
 * year, the release standard) and the eligibility rules on a real store (no pathway, an
 * authorisation, its revocation, a Red Seal exam in a trade that is not Red Seal). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/crypto.h"
#include "domain/exams.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "t.h"

static int32_t
D(const char *s)
{
	int32_t d = 0;
	if (date_parse(s, &d) != 0)
		return -1;
	return d;
}

static const char *
S(int32_t d, char b[11])
{
	date_format(d, b);
	return b;
}

static void
test_start_parse(void)
{
	int32_t day;
	int minute;
	CHECK_INT(exam_start_parse("2027-03-04T13:30", &day, &minute), 0);
	CHECK_INT(day, D("2027-03-04"));
	CHECK_INT(minute, 13 * 60 + 30);
	CHECK_INT(exam_start_parse("2027-02-30T13:30", &day, &minute), -1);
	CHECK_INT(exam_start_parse("2027-03-04T24:00", &day, &minute), -1);
	CHECK_INT(exam_start_parse("2027-03-04 13:30", &day, &minute), -1);
	CHECK_INT(exam_start_parse("2027-03-04T13:3", &day, &minute), -1);
	CHECK_INT(exam_start_parse("2027-03-04T1a:30", &day, &minute), -1);
	CHECK_INT(exam_start_parse(NULL, &day, &minute), -1);
}

static void
test_cancel_last_day(void)
{
	char b[11];
	/* Thursday 2026-12-10: two business days before is Tuesday the 8th. */
	CHECK_STR(S(exam_cancel_last_day(D("2026-12-10"), 2), b), "2026-12-08");
	/* Monday 2026-12-14: Thursday the 10th (the weekend does not count). */
	CHECK_STR(S(exam_cancel_last_day(D("2026-12-14"), 2), b), "2026-12-10");
	/* Tuesday 2026-12-29: Christmas (Fri 25) and Boxing Day (observed Mon 28) are not business
	 * days, so two business days before is Wednesday the 23rd. */
	CHECK_STR(S(exam_cancel_last_day(D("2026-12-29"), 2), b), "2026-12-23");
	CHECK_STR(S(exam_cancel_last_day(D("2026-12-10"), 0), b), "2026-12-09");
	CHECK_STR(S(exam_cancel_last_day(D("2026-12-10"), 1), b), "2026-12-09");
}

static void
test_period_keys(void)
{
	char k[16];
	exam_period_key(D("2026-03-31"), 0, k);
	CHECK_STR(k, "2026-03");
	exam_period_key(D("2026-03-31"), 1, k);
	CHECK_STR(k, "2026-Q1");
	exam_period_key(D("2026-03-31"), 2, k);
	CHECK_STR(k, "FY2025-26");
	exam_period_key(D("2026-04-01"), 2, k);
	CHECK_STR(k, "FY2026-27");
	exam_period_key(D("2099-12-31"), 2, k);
	CHECK_STR(k, "FY2099-00");
	exam_period_key(D("2026-10-01"), 1, k);
	CHECK_STR(k, "2026-Q4");
}

static void
test_release_on_time(void)
{
	/* A sitting on Friday 2026-12-18, 10 business days: Christmas and Boxing Day (observed
	 * 28) and New Year's Day are days off, so the deadline is Tuesday 2027-01-06. */
	CHECK(exam_release_on_time(D("2026-12-18"), D("2027-01-06"), 10));
	CHECK(!exam_release_on_time(D("2026-12-18"), D("2027-01-07"), 10));
	CHECK(exam_release_on_time(D("2026-12-18"), D("2026-12-18"), 10));
}

/* ---- eligibility on a store ---- */

static struct store *st;
static char dir[] = "/tmp/passerelle-exams-XXXXXX";
static int64_t person_id;

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static enum st_rc
setup_tx(struct st_tx *tx, void *v)
{
	(void)v;
	(void)id_row;
	int n;
	enum st_rc rc = trades_sync(tx, &n);
	struct arena a;
	arena_init(&a);
	struct principal sys = { .role = ROLE_ADMIN, .all_regions = 1 };
	struct dom_err err = { 0 };
	json_t *out = NULL;
	struct person_in p = { .given_name = "Élodie", .family_name = "Tremblay",
		.birth_date = date_from_ymd(1990, 5, 4) };
	if (rc == ST_OK && (rc = person_create(tx, &a, &sys, &p, &out, &err)) == ST_OK)
		person_id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	arena_free(&a);
	return rc;
}

struct elig_ctx {
	const char *trade;
	int type;
	struct exam_elig e;
};

static enum st_rc
elig_tx(struct st_tx *tx, void *v)
{
	struct elig_ctx *c = v;
	return exam_eligibility(tx, person_id, c->trade, c->type, D("2027-01-15"), &c->e);
}

struct grant_ctx {
	struct exam_auth_in in;
	int64_t id;
	const char *revoke;
	struct dom_err err;
};

static enum st_rc
grant_tx(struct st_tx *tx, void *v)
{
	struct grant_ctx *c = v;
	struct principal assessor = { .role = ROLE_ASSESSOR };
	json_t *out = NULL;
	enum st_rc rc = c->revoke ? exam_authorisation_revoke(tx, &assessor, c->id, c->revoke, &out,
	    &c->err) : exam_authorisation_grant(tx, &assessor, &c->in, &out, &c->err);
	if (rc == ST_OK)
		c->id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(c->err.extra);
	c->err.extra = NULL;
	return rc;
}

static void
test_eligibility(void)
{
	setenv("TZ", "America/Toronto", 1);
	tzset();
	CHECK(crypto_init() == 0);
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK(st_open(path, &st) == ST_OK);
	CHECK(st_migrate(st, NULL) == ST_OK);
	int failed = -1;
	CHECK(st_check_queries(st, &failed) == ST_OK);
	CHECK_INT(failed, 0);
	CHECK(st_write(st, setup_tx, NULL) == ST_OK);

	struct elig_ctx c = { "310T", EXAM_CQ, { 0 } };
	CHECK(st_read(st, elig_tx, &c) == ST_OK);
	CHECK(!c.e.eligible);
	CHECK_INT(c.e.reason, E_EXAM_NO_PATHWAY);
	json_t *j = exam_elig_json(&c.e, LANG_FR);
	CHECK_STR(json_string_value(json_object_get(j, "reason")), "no-exam-pathway");
	CHECK(strstr(json_string_value(json_object_get(j, "reason_message")), "apprentissage") != NULL);
	json_decref(j);

	struct grant_ctx g = { { person_id, "310T", EXAM_CQ, "equivalency", NULL }, 0, NULL, { 0 } };
	CHECK(st_write(st, grant_tx, &g) == ST_OK);
	CHECK(st_read(st, elig_tx, &c) == ST_OK);
	CHECK(c.e.eligible);
	CHECK_STR(c.e.pathway, "authorisation");
	/* The authorisation is for the CQ exam only. */
	c.type = EXAM_RED_SEAL;
	CHECK(st_read(st, elig_tx, &c) == ST_OK);
	CHECK(!c.e.eligible);
	/* A Red Seal exam in a trade that is not Red Seal (253H): barred first. */
	c.trade = "253H";
	CHECK(st_read(st, elig_tx, &c) == ST_OK);
	CHECK_INT(c.e.reason, E_EXAM_NOT_RED_SEAL);
	struct grant_ctx bad = { { person_id, "253H", EXAM_RED_SEAL, "equivalency", NULL }, 0, NULL,
		{ 0 } };
	CHECK(st_write(st, grant_tx, &bad) == ST_CONFLICT);
	CHECK_INT(bad.err.e, E_EXAM_NOT_RED_SEAL);
	struct grant_ctx src = { { person_id, "310T", EXAM_CQ, "Equivalency!", NULL }, 0, NULL,
		{ 0 } };
	CHECK(st_write(st, grant_tx, &src) == ST_CONFLICT);
	CHECK_INT(src.err.e, E_FIELD_FORMAT);
	/* Revoked: no longer a pathway; revoking twice is refused. */
	g.revoke = "Withdrawn.";
	CHECK(st_write(st, grant_tx, &g) == ST_OK);
	c.trade = "310T";
	c.type = EXAM_CQ;
	CHECK(st_read(st, elig_tx, &c) == ST_OK);
	CHECK(!c.e.eligible);
	CHECK(st_write(st, grant_tx, &g) == ST_CONFLICT);
	CHECK_INT(g.err.e, E_EXAM_DECIDED);
	st_close(st);
	unlink(path);
	char wal[300];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

T_MAIN(T(test_start_parse), T(test_cancel_last_day), T(test_period_keys), T(test_release_on_time),
    T(test_eligibility))
