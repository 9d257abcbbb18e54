/* test_csvio: csvio_parse without a database. Header problems, every cell check with the
 * line it is reported on (quoted cells holding line breaks, blank lines, CRLF, BOM), the
 * report cap and JSON form, and the size limits. What csvio_apply writes (or does not) is
 * covered by the API suite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/csvio.h"
#include "t.h"
#include "text/validate.h"

#define PHDR "given_name,family_name,birth_date\n"

static int
parse_str(enum csv_kind kind, const char *s, struct csv_rows *rows, struct csv_report *rep)
{
	return csvio_parse(kind, s, strlen(s), rows, rep);
}

/* Whether the report holds (line, column, err); column NULL matches "no column". */
static int
has_error(const struct csv_report *rep, int64_t line, const char *column, enum err_id e)
{
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct csv_error *ce = &rep->errors[i];
		if (ce->line == line && ce->err == e &&
		    strcmp(ce->column, column ? column : "") == 0)
			return 1;
	}
	return 0;
}

static void
dump(const struct csv_report *rep)
{
	for (size_t i = 0; i < rep->nerrors; i++)
		fprintf(stderr, "  line %lld, %s: %s\n", (long long)rep->errors[i].line,
		    rep->errors[i].column, err_slug(rep->errors[i].err));
}

/* Parses s and expects exactly one error, (line, column, e). */
static void
expect_one(enum csv_kind kind, const char *s, int64_t line, const char *column, enum err_id e)
{
	struct csv_rows rows;
	struct csv_report rep;
	int rc = parse_str(kind, s, &rows, &rep);
	CHECK_INT(rc, -1);
	CHECK_INT(rep.error_count, 1);
	CHECK(has_error(&rep, line, column, e));
	if (rep.error_count != 1 || !has_error(&rep, line, column, e)) {
		fprintf(stderr, "  expected line %lld, %s: %s; got:\n", (long long)line,
		    column ? column : "", err_slug(e));
		dump(&rep);
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_kinds(void)
{
	enum csv_kind k;
	CHECK(csvio_kind_parse("persons", &k) == 0 && k == CSV_PERSONS);
	CHECK(csvio_kind_parse("organisations", &k) == 0 && k == CSV_ORGANISATIONS);
	CHECK(csvio_kind_parse("agreements", &k) == 0 && k == CSV_AGREEMENTS);
	CHECK(csvio_kind_parse("events", &k) == -1);
	CHECK(csvio_kind_parse("Persons", &k) == -1);
	CHECK(csvio_kind_parse(NULL, &k) == -1);
	CHECK_STR(csvio_kind_name(CSV_ORGANISATIONS), "organisations");
}

static void
test_persons_valid(void)
{
	const char *csv =
	    "Family_Name,given_name,birth_date,language,email,phone,postal_code,municipality,"
	    "region_code,sin,confirm_not_duplicate\n"
	    "Tremblay,  \"Élodie\"  ,1990-04-12,FR,elodie@example.ca,(613) 555-0199,k1a0b1,"
	    "Ottawa,EO,130 692 544,true\n"
	    "Singh,Arjun,2001-12-31,,,,,,,,\n";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), 0);
	CHECK_INT(rep.error_count, 0);
	CHECK_INT(rep.rows, 2);
	CHECK_INT(rows.n, 2);
	if (rows.n == 2) {
		const struct person_in *a = &rows.v[0].person.in, *b = &rows.v[1].person.in;
		CHECK_INT(rows.v[0].line, 2);
		CHECK_INT(rows.v[1].line, 3);
		CHECK_STR(a->given_name, "Élodie");
		CHECK_STR(a->family_name, "Tremblay");
		CHECK_INT(a->birth_date, date_from_ymd(1990, 4, 12));
		CHECK(a->has_lang && a->lang == 1);
		CHECK_STR(a->email, "elodie@example.ca");
		CHECK_STR(a->phone, "6135550199");
		CHECK_STR(a->postal_code, "K1A 0B1");
		CHECK_STR(a->municipality, "Ottawa");
		CHECK_STR(rows.v[0].person.region_code, "EO");
		CHECK_STR(a->sin, "130692544");
		CHECK_INT(a->confirm_not_duplicate, 1);
		CHECK(!a->has_region);
		CHECK(a->self_id == NULL);
		CHECK_STR(b->given_name, "Arjun");
		CHECK(!b->has_lang);
		CHECK(b->email == NULL && b->phone == NULL && b->postal_code == NULL);
		CHECK(b->municipality == NULL && b->sin == NULL);
		CHECK(rows.v[1].person.region_code == NULL);
		CHECK_INT(b->confirm_not_duplicate, 0);
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_nfc(void)
{
	/* "E" + COMBINING ACUTE ACCENT is stored composed, like the JSON API does. */
	const char *csv = PHDR "E\xCC\x81loi,Ga\xCC\x88tan,1980-01-01\n";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), 0);
	CHECK_INT(rows.n, 1);
	if (rows.n == 1) {
		CHECK_STR(rows.v[0].person.in.given_name, "\xC3\x89loi");
		CHECK_STR(rows.v[0].person.in.family_name, "G\xC3\xA4tan");
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_header(void)
{
	expect_one(CSV_PERSONS, "given_name,birth_date\nA,1990-01-01\n", 1, "family_name",
	    E_FIELD_REQUIRED);
	expect_one(CSV_PERSONS, "given_name,family_name,birth_date,shoe_size\nA,B,1990-01-01,9\n",
	    1, "shoe_size", E_FIELD_UNKNOWN);
	expect_one(CSV_PERSONS, "given_name,family_name,birth_date,Given_Name\n", 1, "given_name",
	    E_JSON_DUPLICATE_KEY);
	/* An empty header cell is an unknown column without a name. */
	expect_one(CSV_PERSONS, "given_name,family_name,,birth_date\n", 1, NULL, E_FIELD_UNKNOWN);
	/* No header at all. */
	expect_one(CSV_PERSONS, "", 1, NULL, E_FIELD_REQUIRED);
	expect_one(CSV_PERSONS, "\n\n  \n", 1, NULL, E_FIELD_REQUIRED);
	/* The header may follow blank lines; it is then reported where it is. */
	expect_one(CSV_PERSONS, "\n\ngiven_name,birth_date\n", 3, "family_name", E_FIELD_REQUIRED);
	/* Columns of another kind are unknown here. */
	expect_one(CSV_ORGANISATIONS, "kind,name_en,name_fr,given_name\n", 1, "given_name",
	    E_FIELD_UNKNOWN);
	/* Agreements need a sponsor column: name or id. */
	expect_one(CSV_AGREEMENTS, "apprentice_client_number,trade_code,start_date\n", 1,
	    "sponsor_name_en", E_FIELD_REQUIRED);

	/* Several header problems are all reported, and rows are not checked after them. */
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, "nom,given_name,prenom\nx,y,z\nbad,,\n", &rows, &rep), -1);
	CHECK_INT(rep.error_count, 4);
	CHECK(has_error(&rep, 1, "nom", E_FIELD_UNKNOWN));
	CHECK(has_error(&rep, 1, "prenom", E_FIELD_UNKNOWN));
	CHECK(has_error(&rep, 1, "family_name", E_FIELD_REQUIRED));
	CHECK(has_error(&rep, 1, "birth_date", E_FIELD_REQUIRED));
	CHECK_INT(rows.n, 0);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* A header name with invalid UTF-8 is not echoed. */
	expect_one(CSV_PERSONS, "given_name,family_name,birth_date,\xFF\xFE\n", 1, NULL,
	    E_JSON_INVALID_UTF8);
	/* Header only: a valid, empty import. */
	CHECK_INT(parse_str(CSV_PERSONS, PHDR, &rows, &rep), 0);
	CHECK_INT(rep.rows, 0);
	CHECK_INT(rows.n, 0);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_person_fields(void)
{
	char future[11], row[160];
	date_format(date_today_utc() + 1, future);
	const char *H = "given_name,family_name,birth_date,language,email,phone,postal_code,"
	    "municipality,region_code,sin,confirm_not_duplicate\n";
	struct {
		const char *row;
		const char *column;
		enum err_id e;
	} cases[] = {
		{ "A,B,1990-02-30,,,,,,,,", "birth_date", E_FIELD_DATE },
		{ "A,B,12/04/1990,,,,,,,,", "birth_date", E_FIELD_DATE },
		{ "A,B,FUTURE,,,,,,,,", "birth_date", E_FIELD_RANGE },
		{ "A,B,1901-01-01,,,,,,,,", "birth_date", E_FIELD_RANGE },
		{ "A,B,,,,,,,,,", "birth_date", E_FIELD_REQUIRED },
		{ ",B,1990-01-01,,,,,,,,", "given_name", E_FIELD_REQUIRED },
		{ "\"   \",B,1990-01-01,,,,,,,,", "given_name", E_FIELD_REQUIRED },
		{ "A,B,1990-01-01,de,,,,,,,", "language", E_FIELD_ENUM },
		{ "A,B,1990-01-01,,not-an-email,,,,,,", "email", E_FIELD_EMAIL },
		{ "A,B,1990-01-01,,,12345678,,,,,", "phone", E_FIELD_FORMAT },
		{ "A,B,1990-01-01,,,,Z1A 0B1,,,,", "postal_code", E_FIELD_POSTAL },
		{ "A,B,1990-01-01,,,,K1A  0B1X,,,,", "postal_code", E_FIELD_TOO_LONG },
		{ "A,B,1990-01-01,,,,K1A,,,,", "postal_code", E_FIELD_TOO_SHORT },
		{ "A,B,1990-01-01,,,,,,,130 692 545,", "sin", E_FIELD_SIN },
		{ "A,B,1990-01-01,,,,,,,,maybe", "confirm_not_duplicate", E_FIELD_ENUM },
		{ "A,\"B\tC\",1990-01-01,,,,,,,,", "family_name", E_FIELD_FORMAT },
		{ "A,\xC3\x28,1990-01-01,,,,,,,,", "family_name", E_JSON_INVALID_UTF8 },
		{ "A,B,1990-01-01,,,,,,,,,", NULL, E_FIELD_UNKNOWN },
		{ "A,B,1990-01-01,,,,,,", "sin", E_FIELD_REQUIRED },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = { 0 };
		const char *r = cases[i].row;
		if (strncmp(r, "A,B,FUTURE", 10) == 0) {
			snprintf(row, sizeof(row), "A,B,%s%s", future, r + 10);
			r = row;
		}
		/* A good row first, so the bad one is on line 3. */
		buf_printf(&b, "%sX,Y,1990-01-01,,,,,,,,\n%s\n", H, r);
		expect_one(CSV_PERSONS, b.p, 3, cases[i].column, cases[i].e);
		buf_free(&b);
	}

	/* Lengths count code points, not bytes: 100 x "é" is 200 bytes but fits. */
	struct buf b = { 0 };
	buf_puts(&b, PHDR);
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "\xC3\xA9");
	buf_puts(&b, ",B,1990-01-01\nA,");
	for (int i = 0; i < 101; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, ",1990-01-01\n");
	expect_one(CSV_PERSONS, b.p, 3, "family_name", E_FIELD_TOO_LONG);
	buf_free(&b);
}

static void
test_several_errors_per_row(void)
{
	const char *csv = "given_name,family_name,birth_date,email,sin\n"
	    "A,B,1990-01-01,a@b.ca,130 692 544\n"
	    ",B,1990-13-01,nope,123\n"
	    "C,D,2000-01-01,,\n";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), -1);
	CHECK_INT(rep.error_count, 4);
	CHECK(has_error(&rep, 3, "given_name", E_FIELD_REQUIRED));
	CHECK(has_error(&rep, 3, "birth_date", E_FIELD_DATE));
	CHECK(has_error(&rep, 3, "email", E_FIELD_EMAIL));
	CHECK(has_error(&rep, 3, "sin", E_FIELD_TOO_SHORT));
	/* In file order, column order within the line. */
	CHECK_STR(rep.errors[0].column, "given_name");
	CHECK_STR(rep.errors[3].column, "sin");
	CHECK_INT(rep.rows, 3);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_line_numbers(void)
{
	/* Lines 2-4: one record whose municipality holds two line breaks (control characters
	 * are refused in every column, as in the API); line 5: blank; lines 6-7: a record whose
	 * first cell is quoted over two lines, with a bad date too; line 8: a bad date. */
	const char *csv = "given_name,family_name,birth_date,municipality\n"
	    "A,B,1990-01-01,\"Saint-Jean-\nsur-\nRichelieu\"\n"
	    "\n"
	    "\"Marie\nAnne\",C,1990-02-31,Ottawa\n"
	    "D,E,199-01-01,\n"
	    "F,G,1990-01-01,Gatineau\n";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), -1);
	CHECK_INT(rep.error_count, 4);
	CHECK(has_error(&rep, 2, "municipality", E_FIELD_FORMAT));
	CHECK(has_error(&rep, 6, "given_name", E_FIELD_FORMAT));
	CHECK(has_error(&rep, 6, "birth_date", E_FIELD_DATE));
	CHECK(has_error(&rep, 8, "birth_date", E_FIELD_DATE));
	CHECK_INT(rep.rows, 4);
	CHECK_INT(rows.n, 1);
	if (rows.n == 1) {
		CHECK_INT(rows.v[0].line, 9);
		CHECK_STR(rows.v[0].person.in.municipality, "Gatineau");
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* A quoted cell may hold separators; only line breaks move the line count. */
	csv = PHDR "\"Smith, Jr.\",B,1990-01-01\nC,D,bad\n";
	expect_one(CSV_PERSONS, csv, 3, "birth_date", E_FIELD_DATE);

	/* Rows of bare separators (spreadsheet leftovers) are not records, but count as lines. */
	csv = PHDR "A,B,1990-01-01\n,,\n  ,  ,\nC,D,bad\n,,\n";
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), -1);
	CHECK_INT(rep.error_count, 1);
	CHECK(has_error(&rep, 5, "birth_date", E_FIELD_DATE));
	CHECK_INT(rep.rows, 2);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* A record without a final newline. */
	expect_one(CSV_PERSONS, PHDR "A,B,1990-01-01\nC,D,1990-00-01", 3, "birth_date",
	    E_FIELD_DATE);
}

static void
test_bom_crlf(void)
{
	const char *csv = "\xEF\xBB\xBFgiven_name,family_name,birth_date\r\n"
	    "A,B,1990-01-01\r\n"
	    "\"C D\",\"E, F\",1990-01-01\r\n"
	    "\r\n"
	    "G,H,1990-01-01";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), 0);
	CHECK_INT(rep.error_count, 0);
	CHECK_INT(rows.n, 3);
	if (rows.n == 3) {
		/* The BOM is not part of the first column's name, CR not part of the last cell. */
		CHECK_STR(rows.v[0].person.in.given_name, "A");
		CHECK_INT(rows.v[0].person.in.birth_date, date_from_ymd(1990, 1, 1));
		CHECK_INT(rows.v[1].line, 3);
		CHECK_STR(rows.v[1].person.in.family_name, "E, F");
		CHECK_INT(rows.v[2].line, 5);
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* CRLF with a quoted cell over two lines: later lines keep their numbers. */
	csv = "\xEF\xBB\xBFgiven_name,family_name,birth_date\r\n"
	    "A,\"B\r\nB\",1990-01-01\r\n"
	    "\r\n"
	    "C,D,x\r\n";
	CHECK_INT(parse_str(CSV_PERSONS, csv, &rows, &rep), -1);
	CHECK_INT(rep.error_count, 2);
	CHECK(has_error(&rep, 2, "family_name", E_FIELD_FORMAT));
	CHECK(has_error(&rep, 5, "birth_date", E_FIELD_DATE));
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* A BOM anywhere but at the very start is part of the text. */
	expect_one(CSV_PERSONS, PHDR "A,B,\xEF\xBB\xBF" "1990-01-01\n", 2, "birth_date",
	    E_FIELD_DATE);
}

static void
test_quoting(void)
{
	/* Doubled quotes inside a quoted cell are one quote. */
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_PERSONS, PHDR "\"Jean \"\"JJ\"\"\",B,1990-01-01\n", &rows, &rep), 0);
	if (rows.n == 1)
		CHECK_STR(rows.v[0].person.in.given_name, "Jean \"JJ\"");
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	/* A quote inside an unquoted cell, text after a closing quote: malformed, reported on the
	 * line of the record, parsing stops there. */
	expect_one(CSV_PERSONS, PHDR "A,B,1990-01-01\nA,B\"C,1990-01-01\nbad,,\n", 3, NULL,
	    E_FIELD_FORMAT);
	expect_one(CSV_PERSONS, PHDR "\"A\"x,B,1990-01-01\n", 2, NULL, E_FIELD_FORMAT);
	/* A quote never closed: the record began on line 3. */
	expect_one(CSV_PERSONS, PHDR "A,B,1990-01-01\nC,\"D,1990-01-01\nE,F,1990-01-01\n", 3, NULL,
	    E_FIELD_FORMAT);
}

static void
test_orgs(void)
{
	const char *csv = "kind,name_en,name_fr,region_code,email,phone,postal_code,municipality\n"
	    "sponsor,Acme Plumbing,Plomberie Acme,TO,info@acme.ca,416-555-0100,M5V 2T6,Toronto\n"
	    "Regulator,College,Ordre,,,,,\n";
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(parse_str(CSV_ORGANISATIONS, csv, &rows, &rep), 0);
	CHECK_INT(rows.n, 2);
	if (rows.n == 2) {
		CHECK_STR(org_kinds[rows.v[0].org.in.kind], "sponsor");
		CHECK_STR(rows.v[0].org.in.name_fr, "Plomberie Acme");
		CHECK_STR(rows.v[0].org.in.phone, "4165550100");
		CHECK_STR(rows.v[0].org.region_code, "TO");
		CHECK_STR(org_kinds[rows.v[1].org.in.kind], "regulator");
		CHECK(rows.v[1].org.region_code == NULL);
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	expect_one(CSV_ORGANISATIONS, "kind,name_en,name_fr\nemployer,A,B\n", 2, "kind",
	    E_FIELD_ENUM);
	expect_one(CSV_ORGANISATIONS, "kind,name_en,name_fr\nsponsor,A,\n", 2, "name_fr",
	    E_FIELD_REQUIRED);
	struct buf b = { 0 };
	buf_puts(&b, "name_fr,kind,name_en\nB,sponsor,");
	for (int i = 0; i < 201; i++)
		buf_putc(&b, 'n');
	buf_putc(&b, '\n');
	expect_one(CSV_ORGANISATIONS, b.p, 2, "name_en", E_FIELD_TOO_LONG);
	buf_free(&b);
}

static void
test_agreements(void)
{
	char cn[10];
	client_number_make(42, cn);
	struct buf b = { 0 };
	buf_printf(&b, "apprentice_client_number,sponsor_name_en,sponsor_id,trade_code,start_date,"
	    "region_code,language\n"
	    "%s,Acme Plumbing,,306A,2026-09-01,,\n"
	    "%c%s,,17,309A,2026-09-01,TO,fr\n", cn, 'c', cn + 1);
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(csvio_parse(CSV_AGREEMENTS, b.p, b.n, &rows, &rep), 0);
	CHECK_INT(rows.n, 2);
	if (rows.n == 2) {
		const struct csv_agreement_row *a = &rows.v[0].agreement, *c = &rows.v[1].agreement;
		CHECK_STR(a->client_no, cn);
		CHECK_STR(a->sponsor_name, "Acme Plumbing");
		CHECK_INT(a->sponsor_id, 0);
		CHECK_STR(a->trade_code, "306A");
		CHECK_INT(a->start_date, date_from_ymd(2026, 9, 1));
		CHECK(a->region_code == NULL && !a->has_lang);
		CHECK_STR(c->client_no, cn);   /* lower-case c accepted */
		CHECK(c->sponsor_name == NULL);
		CHECK_INT(c->sponsor_id, 17);
		CHECK_STR(c->region_code, "TO");
		CHECK(c->has_lang && c->lang == 1);
	}
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	buf_free(&b);

	const char *H = "apprentice_client_number,sponsor_name_en,sponsor_id,trade_code,start_date\n";
	/* client NULL: a valid client number. */
	struct {
		const char *client, *rest;
		const char *column;
		enum err_id e;
	} cases[] = {
		{ "C12345670", "Acme,,306A,2026-09-01", "apprentice_client_number", E_FIELD_FORMAT },
		{ "", "Acme,,306A,2026-09-01", "apprentice_client_number", E_FIELD_REQUIRED },
		{ NULL, ",,306A,2026-09-01", "sponsor_name_en", E_FIELD_REQUIRED },
		{ NULL, ",abc,306A,2026-09-01", "sponsor_id", E_FIELD_TYPE },
		{ NULL, ",0,306A,2026-09-01", "sponsor_id", E_FIELD_TYPE },
		{ NULL, "Acme,,999Z,2026-09-01", "trade_code", E_REFERENCE },
		{ NULL, "Acme,,306,2026-09-01", "trade_code", E_FIELD_TOO_SHORT },
		{ NULL, "Acme,,306A,2026-9-1", "start_date", E_FIELD_DATE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_printf(&b, "%s%s,%s\n", H, cases[i].client ? cases[i].client : cn, cases[i].rest);
		expect_one(CSV_AGREEMENTS, b.p, 2, cases[i].column, cases[i].e);
		buf_reset(&b);
	}
	/* With only the sponsor_id column, a missing sponsor is reported there. */
	buf_printf(&b, "apprentice_client_number,sponsor_id,trade_code,start_date\n"
	    "%s,,306A,2026-09-01\n", cn);
	expect_one(CSV_AGREEMENTS, b.p, 2, "sponsor_id", E_FIELD_REQUIRED);
	buf_free(&b);
}

static void
test_report_cap_and_json(void)
{
	struct buf b = { 0 };
	buf_puts(&b, PHDR);
	for (int i = 0; i < 1500; i++)
		buf_puts(&b, "A,B,not-a-date\n");
	struct csv_rows rows;
	struct csv_report rep;
	CHECK_INT(csvio_parse(CSV_PERSONS, b.p, b.n, &rows, &rep), -1);
	CHECK_INT(rep.nerrors, CSVIO_MAX_ERRORS);
	CHECK_INT(rep.error_count, 1500);
	CHECK_INT(rep.rows, 1500);
	CHECK_INT(rep.errors[999].line, 1001);
	json_t *j = csvio_report_json(&rep, LANG_FR);
	CHECK(json_is_false(json_object_get(j, "valid")));
	CHECK(json_is_true(json_object_get(j, "truncated")));
	CHECK_INT(json_integer_value(json_object_get(j, "error_count")), 1500);
	CHECK_INT(json_array_size(json_object_get(j, "errors")), CSVIO_MAX_ERRORS);
	json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
	CHECK_INT(json_integer_value(json_object_get(e0, "line")), 2);
	CHECK_STR(json_string_value(json_object_get(e0, "column")), "birth_date");
	CHECK_INT(json_integer_value(json_object_get(e0, "code")), 1011);
	CHECK_STR(json_string_value(json_object_get(e0, "error")), "field-date");
	CHECK_STR(json_string_value(json_object_get(e0, "message")),
	    err_message(E_FIELD_DATE, LANG_FR));
	json_decref(j);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	buf_free(&b);

	/* A whole-file problem has a null column; a clean report is valid. */
	CHECK_INT(parse_str(CSV_PERSONS, "", &rows, &rep), -1);
	j = csvio_report_json(&rep, LANG_EN);
	e0 = json_array_get(json_object_get(j, "errors"), 0);
	CHECK(json_is_null(json_object_get(e0, "column")));
	json_decref(j);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	CHECK_INT(parse_str(CSV_PERSONS, PHDR "A,B,1990-01-01\n", &rows, &rep), 0);
	j = csvio_report_json(&rep, LANG_EN);
	CHECK(json_is_true(json_object_get(j, "valid")));
	CHECK(json_is_false(json_object_get(j, "dry_run")));
	CHECK(json_is_false(json_object_get(j, "truncated")));
	CHECK_INT(json_integer_value(json_object_get(j, "rows")), 1);
	CHECK_INT(json_integer_value(json_object_get(j, "created")), 0);
	CHECK_INT(json_array_size(json_object_get(j, "errors")), 0);
	json_decref(j);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
}

static void
test_limits(void)
{
	struct csv_rows rows;
	struct csv_report rep;
	/* Over 8 MiB: refused before parsing. */
	size_t big = CSVIO_MAX_BYTES + 1;
	char *data = malloc(big);
	memset(data, 'a', big);
	CHECK_INT(csvio_parse(CSV_PERSONS, data, big, &rows, &rep), -1);
	CHECK_INT(rep.error_count, 1);
	CHECK(has_error(&rep, 0, NULL, E_BODY_TOO_LARGE));
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	free(data);

	/* Exactly 100,000 lines pass; one more is refused. */
	struct buf b = { 0 };
	buf_puts(&b, "kind,name_en,name_fr\n");
	for (int i = 1; i < CSVIO_MAX_LINES; i++)
		buf_puts(&b, "sponsor,A,B\n");
	CHECK_INT(csvio_parse(CSV_ORGANISATIONS, b.p, b.n, &rows, &rep), 0);
	CHECK_INT(rows.n, CSVIO_MAX_LINES - 1);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	buf_puts(&b, "sponsor");   /* a last line without LF still counts */
	CHECK_INT(csvio_parse(CSV_ORGANISATIONS, b.p, b.n, &rows, &rep), -1);
	CHECK(has_error(&rep, CSVIO_MAX_LINES + 1, NULL, E_BODY_TOO_LARGE));
	CHECK_INT(rows.n, 0);
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	buf_free(&b);

	/* NUL bytes are not text. */
	const char nul[] = PHDR "A\0B,C,1990-01-01\n";
	CHECK_INT(csvio_parse(CSV_PERSONS, nul, sizeof(nul) - 1, &rows, &rep), -1);
	CHECK(has_error(&rep, 2, "given_name", E_JSON_INVALID_UTF8));
	csvio_rows_free(&rows);
	csvio_report_free(&rep);

	/* Far more cells than any kind has. */
	buf_puts(&b, PHDR "A,B,1990-01-01");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, ",x");
	buf_putc(&b, '\n');
	expect_one(CSV_PERSONS, b.p, 2, NULL, E_FIELD_UNKNOWN);
	buf_free(&b);
}

T_MAIN(T(test_kinds), T(test_persons_valid), T(test_nfc), T(test_header),
    T(test_person_fields), T(test_several_errors_per_row), T(test_line_numbers),
    T(test_bom_crlf), T(test_quoting), T(test_orgs), T(test_agreements),
    T(test_report_cap_and_json), T(test_limits))
