/* test_trades: the embedded Ontario trades catalogue (data/trades.csv) and the catalogue
 * parser: content checks on the real file, then one failing input per validation rule, each
 * checked for the line number and the problem named in the message. Uses only the
 * data/trades.csv entry of the embedded files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "domain/trades.h"
#include "t.h"

#define HDR "code,name_en,name_fr,sector,compulsory,red_seal,hours\n"
#define ROW1 "306A,Plumber,Plombier ou plombière,construction,1,1,9000\n"

/* The 23 trades Ontario classifies as compulsory (Skilled Trades Ontario, 2026-11). */
static const char *const compulsory_codes[] = {
	"306A", "307A", "308A", "308R", "309A", "309C", "313A", "313D", "339A", "339B", "339C",
	"427A", "310B", "310C", "310D", "310E", "310G", "310J", "310K", "310Q", "310S", "310T",
	"332A",
};

static int
is_compulsory_code(const char *code)
{
	for (size_t i = 0; i < sizeof(compulsory_codes) / sizeof(compulsory_codes[0]); i++)
		if (strcmp(code, compulsory_codes[i]) == 0)
			return 1;
	return 0;
}

/* Parses s; returns the parser's result and leaves the message in err. */
static int
parse_str(const char *s, char *err, size_t errn, size_t *n)
{
	struct trade *t = (struct trade *)(uintptr_t)1;  /* must be reset by the parser */
	int rc = trades_parse(s, strlen(s), &t, n, err, errn);
	if (rc != 0)
		CHECK(t == NULL && *n == 0);
	trades_free(t, *n);
	return rc;
}

/* Expects s to be rejected with a message that starts with "line <line>: " and contains
 * what. */
static void
expect_error(const char *s, size_t line, const char *what)
{
	char err[256], prefix[32];
	size_t n = 99;
	int rc = parse_str(s, err, sizeof(err), &n);
	CHECK_INT(rc, -1);
	snprintf(prefix, sizeof(prefix), "line %zu: ", line);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, what) == NULL) {
		t_failed++;
		fprintf(stderr, "FAIL [%s]: expected \"%s...%s\", got \"%s\"\n", t_case_name,
		    prefix, what, err);
	} else
		t_passed++;
}

static void
test_embedded_catalogue_parses(void)
{
	const struct embedded_file *f = embedded_get("data/trades.csv");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	struct trade *t = NULL;
	size_t n = 0;
	char err[256] = "untouched";
	int rc = trades_parse((const char *)f->data, f->len, &t, &n, err, sizeof(err));
	CHECK_INT(rc, 0);
	CHECK_STR(err, "");
	CHECK(n >= 60);

	size_t m = 0;
	const struct trade *all = trades_all(&m);
	CHECK(all != NULL);
	CHECK_INT(m, n);
	CHECK(trades_all(&m) == all);  /* parsed once */
	for (size_t i = 0; i < n && i < m; i++)
		CHECK_STR(all[i].code, t[i].code);
	trades_free(t, n);
}

static void
test_spot_checks(void)
{
	const struct trade *t = trades_find("309A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Electrician – Construction and Maintenance");
		CHECK_STR(t->name_fr, "Électricien ou électricienne – construction et entretien");
		CHECK_INT(t->sector, SECTOR_CONSTRUCTION);
		CHECK_INT(t->compulsory, 1);
		CHECK_INT(t->red_seal, 1);
		CHECK_INT(t->hours, 9000);
	}
	t = trades_find("306A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Plumber");
		CHECK_STR(t->name_fr, "Plombier ou plombière");
		CHECK_INT(t->compulsory, 1);
		CHECK_INT(t->hours, 9000);
	}
	t = trades_find("310S");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Automotive Service Technician");
		CHECK_STR(t->name_fr, "Technicien ou technicienne d’entretien automobile");
		CHECK_INT(t->sector, SECTOR_MOTIVE_POWER);
		CHECK_INT(t->compulsory, 1);
		CHECK_INT(t->red_seal, 1);
	}
	t = trades_find("332A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Hairstylist");
		CHECK_INT(t->sector, SECTOR_SERVICE);
		CHECK_INT(t->compulsory, 1);
		CHECK_INT(t->hours, 3500);
	}
	t = trades_find("403A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "General Carpenter");
		CHECK_INT(t->compulsory, 0);
		CHECK_INT(t->red_seal, 1);
		CHECK_INT(t->hours, 8000);
	}
	t = trades_find("442A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Industrial Electrician");
		CHECK_INT(t->sector, SECTOR_INDUSTRIAL);
		CHECK_INT(t->compulsory, 0);  /* non-compulsory in Ontario */
		CHECK_INT(t->red_seal, 1);
	}
	t = trades_find("415A");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name_en, "Cook");
		CHECK_INT(t->sector, SECTOR_SERVICE);
		CHECK_INT(t->compulsory, 0);
		CHECK_INT(t->hours, 0);  /* not published: left empty */
	}
	CHECK(trades_find("999Z") == NULL);
	CHECK(trades_find("309a") == NULL);
	CHECK(trades_find("309") == NULL);
	CHECK(trades_find("") == NULL);
	CHECK(trades_find(NULL) == NULL);
}

static void
test_catalogue_invariants(void)
{
	size_t n = 0;
	const struct trade *t = trades_all(&n);
	size_t per_sector[4] = { 0 };
	for (size_t i = 0; i < n; i++) {
		CHECK(t[i].name_en != NULL && t[i].name_en[0] != '\0');
		CHECK(t[i].name_fr != NULL && t[i].name_fr[0] != '\0');
		if (t[i].name_en != NULL && t[i].name_fr != NULL &&
		    strcmp(t[i].name_en, t[i].name_fr) == 0) {
			t_failed++;
			fprintf(stderr, "FAIL: %s has the same English and French name\n",
			    t[i].code);
		}
		/* French names use the typographic apostrophe, never the ASCII one. */
		CHECK(strchr(t[i].name_fr, '\'') == NULL);
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(t[i].code, t[j].code) == 0) {
				t_failed++;
				fprintf(stderr, "FAIL: duplicate code %s\n", t[i].code);
			}
		CHECK(trade_sector_name(t[i].sector) != NULL);
		if ((unsigned)t[i].sector < 4)
			per_sector[t[i].sector]++;
		CHECK(t[i].compulsory == 0 || t[i].compulsory == 1);
		CHECK(t[i].red_seal == 0 || t[i].red_seal == 1);
		CHECK(t[i].hours >= 0 && t[i].hours <= 20000);
		/* The compulsory flag matches Ontario's list exactly. */
		if (t[i].compulsory != is_compulsory_code(t[i].code)) {
			t_failed++;
			fprintf(stderr, "FAIL: %s compulsory flag %d disagrees with the list\n",
			    t[i].code, t[i].compulsory);
		}
		CHECK(trades_find(t[i].code) == &t[i]);
	}
	for (size_t s = 0; s < 4; s++)
		CHECK(per_sector[s] > 0);
}

static void
test_sector_names(void)
{
	CHECK_STR(trade_sector_name(SECTOR_CONSTRUCTION), "construction");
	CHECK_STR(trade_sector_name(SECTOR_INDUSTRIAL), "industrial");
	CHECK_STR(trade_sector_name(SECTOR_MOTIVE_POWER), "motive_power");
	CHECK_STR(trade_sector_name(SECTOR_SERVICE), "service");
	CHECK(trade_sector_name((enum trade_sector)4) == NULL);
	CHECK(trade_sector_name((enum trade_sector)-1) == NULL);
}

static void
test_parse_valid_forms(void)
{
	/* RFC 4180 quoting (comma, doubled quote), CRLF, BOM, empty hours, bounds, no final
	 * newline, blank lines. */
	const char *s = "\xef\xbb\xbf" "code,name_en,name_fr,sector,compulsory,red_seal,hours\r\n"
	    "241A,\"Terrazzo, Tile and Marble Setter\",\"Carreleur, dit \"\"poseur\"\"\","
	    "construction,0,0,\r\n"
	    "\r\n"
	    "999ZZ,X,Y,service,1,0,20000\r\n"
	    "100A,A,B,industrial,0,1,1";
	struct trade *t = NULL;
	size_t n = 0;
	char err[128];
	int rc = trades_parse(s, strlen(s), &t, &n, err, sizeof(err));
	CHECK_INT(rc, 0);
	CHECK_STR(err, "");
	CHECK_INT(n, 3);
	if (rc == 0 && n == 3) {
		CHECK_STR(t[0].code, "241A");
		CHECK_STR(t[0].name_en, "Terrazzo, Tile and Marble Setter");
		CHECK_STR(t[0].name_fr, "Carreleur, dit \"poseur\"");
		CHECK_INT(t[0].hours, 0);
		CHECK_STR(t[1].code, "999ZZ");
		CHECK_INT(t[1].sector, SECTOR_SERVICE);
		CHECK_INT(t[1].compulsory, 1);
		CHECK_INT(t[1].red_seal, 0);
		CHECK_INT(t[1].hours, 20000);
		CHECK_INT(t[2].sector, SECTOR_INDUSTRIAL);
		CHECK_INT(t[2].hours, 1);
	}
	trades_free(t, n);

	/* Header only: an empty catalogue, not an error. */
	rc = parse_str(HDR, err, sizeof(err), &n);
	CHECK_INT(rc, 0);
	CHECK_INT(n, 0);
}

static void
test_parse_errors(void)
{
	expect_error("", 1, "missing header");
	expect_error("code,name_en,name_fr,sector,compulsory,redseal,hours\n" ROW1, 1,
	    "bad header: column 6");
	expect_error("code,name_en,name_fr,sector,compulsory,red_seal\n", 1,
	    "expected 7 fields, got 6");
	/* column count */
	expect_error(HDR ROW1 "307A,Steamfitter,Monteur,construction,1,1\n", 3,
	    "expected 7 fields, got 6");
	expect_error(HDR ROW1 "307A,Steamfitter,Monteur,construction,1,1,9000,x\n", 3,
	    "expected 7 fields, got 8");
	/* empty code and names */
	expect_error(HDR ",Plumber,Plombier,construction,1,1,\n", 2, "empty code");
	expect_error(HDR ROW1 "307A,,Monteur,construction,1,1,\n", 3, "empty name_en");
	expect_error(HDR ROW1 "307A,Steamfitter,\"\",construction,1,1,\n", 3, "empty name_fr");
	/* code format */
	expect_error(HDR "30A,Plumber,Plombier,construction,1,1,\n", 2, "invalid trade code");
	expect_error(HDR "306a,Plumber,Plombier,construction,1,1,\n", 2, "invalid trade code");
	expect_error(HDR "306ABC,Plumber,Plombier,construction,1,1,\n", 2,
	    "invalid trade code");
	expect_error(HDR "A306,Plumber,Plombier,construction,1,1,\n", 2, "invalid trade code");
	expect_error(HDR "3060,Plumber,Plombier,construction,1,1,\n", 2, "invalid trade code");
	/* sector */
	expect_error(HDR ROW1 "\n307A,Steamfitter,Monteur,Construction,1,1,\n", 4,
	    "unknown sector \"Construction\"");
	expect_error(HDR "307A,Steamfitter,Monteur,motive power,1,1,\n", 2, "unknown sector");
	/* flags */
	expect_error(HDR "307A,Steamfitter,Monteur,construction,2,1,\n", 2,
	    "compulsory must be 0 or 1");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,yes,\n", 2,
	    "red_seal must be 0 or 1");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,,1,\n", 2,
	    "compulsory must be 0 or 1");
	/* hours */
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,abc\n", 2, "hours must be");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,0\n", 2, "hours must be");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,20001\n", 2,
	    "hours must be");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,-5\n", 2, "hours must be");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,1.5\n", 2, "hours must be");
	expect_error(HDR "307A,Steamfitter,Monteur,construction,1,1,99999999999999999999\n", 2,
	    "hours must be");
	/* duplicates, with the first occurrence named */
	expect_error(HDR ROW1 "307A,Steamfitter,Monteur,construction,1,1,\n" ROW1, 4,
	    "duplicate trade code 306A (first on line 2)");
	/* names: control characters, invalid UTF-8 */
	expect_error(HDR "307A,\"Steam\nfitter\",Monteur,construction,1,1,\n", 2,
	    "name_en has a control character");
	expect_error(HDR "307A,Steamfitter,\"Mon\tteur\",construction,1,1,\n", 2,
	    "name_fr has a control character");
	expect_error(HDR "307A,Steamfitter,Monteur \xc3(,construction,1,1,\n", 2,
	    "invalid UTF-8");
	expect_error(HDR "307A,Steamfitter,Monteur \xc0\xaf,construction,1,1,\n", 2,
	    "invalid UTF-8");
	expect_error(HDR "307A,Steamfitter,Monteur \xed\xa0\x80,construction,1,1,\n", 2,
	    "invalid UTF-8");
	/* malformed quoting */
	expect_error(HDR ROW1 "307A,Steam\"fitter,Monteur,construction,1,1,\n", 3,
	    "malformed CSV");
	expect_error(HDR ROW1 "307A,\"Steamfitter,Monteur,construction,1,1,\n", 3,
	    "malformed CSV");
	/* line numbers count physical lines, blank ones included */
	expect_error(HDR "241A,\"A\",\"B\",construction,0,0,\n\n\n"
	    "242A,X,Y,construction,0,0,\n242A,X,Y,construction,0,0,\n", 6, "duplicate");
}

static void
test_parse_error_buffer(void)
{
	/* A tiny buffer is truncated and terminated; a NULL one is allowed. */
	char err[8];
	memset(err, 'x', sizeof(err));
	size_t n = 0;
	CHECK_INT(parse_str(HDR "307A,Steamfitter,Monteur,construction,1,1,0\n", err,
	    sizeof(err), &n), -1);
	CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	CHECK(strncmp(err, "line 2:", 7) == 0);
	CHECK_INT(parse_str(HDR "307A,Steamfitter,Monteur,construction,1,1,0\n", NULL, 0, &n),
	    -1);
	/* On success a previous message is cleared. */
	char err2[64] = "stale";
	CHECK_INT(parse_str(HDR ROW1, err2, sizeof(err2), &n), 0);
	CHECK_STR(err2, "");
	CHECK_INT(n, 1);
}

T_MAIN(T(test_embedded_catalogue_parses), T(test_spot_checks), T(test_catalogue_invariants),
    T(test_sector_names), T(test_parse_valid_forms), T(test_parse_errors),
    T(test_parse_error_buffer))
