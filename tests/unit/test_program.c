/* Program files: the shipped ones load; broken ones stop start-up with a clear message;
 * clock arithmetic follows Ontario business days. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/engine.h"
#include "domain/program.h"
#include "t.h"

static void
test_shipped(void)
{
	char err[600] = "";
	CHECK(programs_load(NULL, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	const struct program *p = program_get("apprenticeship");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_STR(p->states[p->initial].id, "draft");
	static const char *const path[] = { "submit", "sign_apprentice", "sign_sponsor", "register",
		"activate", "complete", NULL };
	static const char *const states[] = { "submitted", "apprentice_signed", "sponsor_signed",
		"registered", "active", "completed" };
	for (int i = 0; path[i]; i++) {
		const struct prog_transition *t = program_transition(p, path[i]);
		CHECK(t != NULL);
		if (t)
			CHECK_STR(p->states[t->to].id, states[i]);
	}
	CHECK(program_transition(p, "register")->action >= 0);
	CHECK(program_transition(p, "complete")->guard >= 0);
	CHECK(p->states[program_state_index(p, "information_requested")].clock_paused);
	CHECK(p->states[program_state_index(p, "completed")].terminal);
	CHECK_INT(p->nstandards, 1);
	CHECK_INT(p->standards[0].business_days, 12);
	/* Every label in both languages, and different. */
	int ok = 1;
	for (int i = 0; i < p->nstates; i++)
		ok &= p->states[i].label.en && p->states[i].label.fr;
	for (int i = 0; i < p->ntransitions; i++)
		ok &= strcmp(p->transitions[i].label.en, p->transitions[i].label.fr) != 0;
	CHECK(ok);
}

static void
test_possible(void)
{
	const struct program *p = program_get("apprenticeship");
	json_t *a = engine_possible(p, "draft", RB(ROLE_CLIENT), LANG_FR);
	CHECK_INT(json_array_size(a), 2); /* submit, withdraw */
	CHECK_STR(json_string_value(json_object_get(json_array_get(a, 0), "label")),
	    "Soumettre pour inscription");
	json_decref(a);
	a = engine_possible(p, "sponsor_signed", RB(ROLE_CLIENT), LANG_EN);
	CHECK_INT(json_array_size(a), 1); /* withdraw only */
	json_decref(a);
	a = engine_possible(p, "sponsor_signed", RB(ROLE_ADVISOR), LANG_EN);
	CHECK_INT(json_array_size(a), 4); /* request_information, register, refuse, withdraw */
	json_decref(a);
	a = engine_possible(p, "completed", RB(ROLE_ADVISOR), LANG_EN);
	CHECK_INT(json_array_size(a), 0);
	json_decref(a);
	a = engine_possible(p, "active", RB(ROLE_AUDITOR), LANG_EN);
	CHECK_INT(json_array_size(a), 0);
	json_decref(a);
}

static int
load_text(const char *json, char *err, size_t errn)
{
	char dir[] = "/tmp/passerelle-prog-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return -2;
	char path[256];
	snprintf(path, sizeof(path), "%s/broken.json", dir);
	FILE *f = fopen(path, "w");
	fputs(json, f);
	fclose(f);
	int rc = programs_load(dir, err, errn);
	unlink(path);
	rmdir(dir);
	return rc;
}

#define GOOD_STATES "\"states\":[{\"id\":\"a\",\"label\":{\"en\":\"A\",\"fr\":\"A fr\"}},{\"id\":\"b\",\"label\":{\"en\":\"B\",\"fr\":\"B fr\"},\"terminal\":true}]"
#define HEAD "{\"id\":\"x\",\"version\":1,\"label\":{\"en\":\"X\",\"fr\":\"X fr\"},\"case_label\":{\"en\":\"C\",\"fr\":\"C fr\"},\"initial\":\"a\","
#define TR(extra) "\"transitions\":[{\"id\":\"go\",\"label\":{\"en\":\"Go\",\"fr\":\"Aller\"},\"from\":[\"a\"],\"to\":\"b\",\"roles\":[\"advisor\"]" extra "}]"

static void
test_broken(void)
{
	char err[600];
	static const struct {
		const char *json, *expect;
	} cases[] = {
		{ "{ not json", "broken.json" },
		{ HEAD GOOD_STATES "," TR("") "}", NULL },                 /* valid */
		{ HEAD GOOD_STATES "," TR(",\"guard\":\"nope\"") "}", "unknown guard" },
		{ HEAD GOOD_STATES "," TR(",\"action\":\"nope\"") "}", "unknown action" },
		{ HEAD GOOD_STATES ",\"transitions\":[{\"id\":\"go\",\"label\":{\"en\":\"Go\",\"fr\":\"Aller\"},\"from\":[\"a\"],\"to\":\"zz\",\"roles\":[\"advisor\"]}]}", "unknown state" },
		{ HEAD GOOD_STATES ",\"transitions\":[{\"id\":\"go\",\"label\":{\"en\":\"Go\",\"fr\":\"Aller\"},\"from\":[\"a\"],\"to\":\"b\",\"roles\":[\"wizard\"]}]}", "unknown role" },
		{ HEAD GOOD_STATES ",\"transitions\":[{\"id\":\"go\",\"label\":{\"en\":\"Go\"},\"from\":[\"a\"],\"to\":\"b\",\"roles\":[\"advisor\"]}]}", "\"fr\"" },
		{ HEAD GOOD_STATES "," TR(",\"colour\":\"red\"") "}", "unknown key \"colour\"" },
		{ HEAD GOOD_STATES ",\"transitions\":[{\"id\":\"go\",\"label\":{\"en\":\"Go\",\"fr\":\"Aller\"},\"from\":[\"b\"],\"to\":\"a\",\"roles\":[\"advisor\"]}]}", "terminal" },
		{ HEAD GOOD_STATES "," TR("") ",\"standards\":[{\"id\":\"s\",\"label\":{\"en\":\"S\",\"fr\":\"S fr\"},\"start\":[\"go\"],\"stop\":[\"nope\"],\"business_days\":5}]}", "unknown transition" },
		{ HEAD GOOD_STATES "," TR("") ",\"standards\":[{\"id\":\"s\",\"label\":{\"en\":\"S\",\"fr\":\"S fr\"},\"start\":[\"go\"],\"stop\":[\"go\"],\"business_days\":5,\"hours\":4}]}", "exactly one" },
		{ HEAD GOOD_STATES "," TR(",\"fields\":[{\"name\":\"n\",\"type\":\"colour\",\"label\":{\"en\":\"N\",\"fr\":\"N fr\"}}]") "}", "type must be" },
		{ "{\"id\":\"x\"}", "\"label\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		int rc = load_text(cases[i].json, err, sizeof(err));
		if (cases[i].expect == NULL) {
			CHECK_INT(rc, 0);
		} else {
			CHECK(rc == -1);
			CHECK(strstr(err, cases[i].expect) != NULL);
			CHECK(strstr(err, "broken.json") != NULL);
			if (strstr(err, cases[i].expect) == NULL)
				fprintf(stderr, "  case %zu: message was: %s\n", i, err);
		}
	}
	char e2[600];
	CHECK(programs_load("/nonexistent-dir", e2, sizeof(e2)) != 0);
	/* Restore the shipped programs for the other tests. */
	CHECK(programs_load(NULL, err, sizeof(err)) == 0);
}

static void
test_clock(void)
{
	const struct program *p = program_get("apprenticeship");
	const struct prog_standard *s = &p->standards[0];
	/* Submitted Monday 2026-12-21 at 10:00: twelve business days skip Christmas, Boxing Day
	 * (observed Monday the 28th) and New Year's Day, so the standard ends on 2027-01-11. */
	int64_t start = date_start_us_local(date_from_ymd(2026, 12, 21)) + INT64_C(36000000000);
	int64_t due = clock_due_us(s, start, 0, 0);
	char d[11];
	date_format(date_of_us_local(due), d);
	CHECK_STR(d, "2027-01-11");
	CHECK(date_of_us_local(due + 1) == date_from_ymd(2027, 1, 12)); /* end of that day */
	/* Three business days paused push it to 2027-01-14. */
	date_format(date_of_us_local(clock_due_us(s, start, 3, 0)), d);
	CHECK_STR(d, "2027-01-14");
	int64_t now = date_start_us_local(date_from_ymd(2027, 1, 4)) + INT64_C(36000000000);
	CHECK_INT(clock_business_days_left(due, now), 5);
	now = date_start_us_local(date_from_ymd(2027, 1, 13)) + INT64_C(36000000000);
	CHECK_INT(clock_business_days_left(due, now), -2);
}

int
main(void)
{
	setenv("TZ", "America/Toronto", 1);
	tzset();
	static const struct t_case cases[] = { T(test_shipped), T(test_possible), T(test_broken),
		T(test_clock) };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t_case_name = cases[i].name;
		cases[i].fn();
	}
	programs_unload();
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}
