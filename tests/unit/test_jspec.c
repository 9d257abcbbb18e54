/* Unit tests for json/jspec.c: every kind of bad body, every field type, nesting. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/timeutil.h"
#include "json/jspec.h"
#include "t.h"
#include "text/text.h"
#include "text/validate.h"

struct person_in {
	const char *name;
	const char *nick;
	const char *postal;
	int64_t year;
	int has_year;
	int64_t count;
	int active;
	int32_t birth;
	int has_birth;
	int lang;
	int has_lang;
	json_t *extra;
};

static const char *const langs[] = { "en", "fr", NULL };

static const struct jfield person_spec[] = {
	JF_STR("name", struct person_in, name, 1, 100, JF_REQUIRED),
	JF_STR("nick", struct person_in, nick, 0, 20, JF_NULLABLE),
	JF_STRC("postal", struct person_in, postal, 6, 7, 0, check_postal),
	JF_INTH("year", struct person_in, year, has_year, 1900, 2100, JF_REQUIRED),
	JF_INT("count", struct person_in, count, 0, 10, 0),
	JF_BOOL("active", struct person_in, active, 0),
	JF_DATEH("birth", struct person_in, birth, has_birth, 0),
	JF_ENUMH("lang", struct person_in, lang, has_lang, langs, 0),
	JF_JSON("extra", struct person_in, extra, JF_NULLABLE),
	JF_END
};

static struct arena arena;
static struct person_in in;
static struct jerr e;

/* Resets the output to sentinels so "untouched" can be checked, then parses. */
static int
parse_n(const char *body, size_t len)
{
	memset(&in, 0, sizeof(in));
	in.name = in.nick = in.postal = "sentinel";
	in.year = in.count = -99;
	in.active = in.lang = -99;
	in.has_year = in.has_birth = in.has_lang = -1;
	in.birth = -99;
	e.err = E_INTERNAL;
	e.field = "sentinel";
	return jspec_parse(&arena, body, len, person_spec, &in, &e);
}

static int
parse(const char *body)
{
	return parse_n(body, strlen(body));
}

/* Expects rejection with err and field (NULL: no field). */
#define REJECT_N(body, len, err_, field_)                                                      \
	do {                                                                                   \
		CHECK_INT(parse_n(body, len), -1);                                             \
		CHECK_INT(e.err, err_);                                                        \
		if ((field_) == NULL)                                                          \
			CHECK(e.field == NULL);                                                \
		else                                                                           \
			CHECK_STR(e.field, (field_));                                          \
	} while (0)
#define REJECT(body, err_, field_) REJECT_N(body, strlen(body), err_, field_)
#define ACCEPT(body)                                                                           \
	do {                                                                                   \
		CHECK_INT(parse(body), 0);                                                     \
		CHECK_INT(e.err, E_NONE);                                                      \
		CHECK(e.field == NULL);                                                        \
	} while (0)

/* A minimal valid body with one extra member spliced in ("" for none). */
static const char *
with(const char *member)
{
	return arena_printf(&arena, "{\"name\":\"Ana\",\"year\":2000%s%s}", *member ? "," : "",
	    member);
}

static const char *
repeat(const char *unit, int times)
{
	size_t n = strlen(unit);
	char *s = arena_alloc(&arena, n * (size_t)times + 1);
	for (int i = 0; i < times; i++)
		memcpy(s + n * (size_t)i, unit, n);
	return s;
}

static void
test_happy_path(void)
{
	arena_init(&arena);
	ACCEPT("{\"name\":\"  E\\u0301lodie C\xC3\xB4t\xC3\xA9 \\t\",\"nick\":\"Lo\","
	       "\"postal\":\"k1a 0b1\",\"year\":1999,\"count\":10,\"active\":true,"
	       "\"birth\":\"2024-02-29\",\"lang\":\"fr\",\"extra\":{\"k\":[1,2,3]}}");
	CHECK_STR(in.name, "\xC3\x89lodie C\xC3\xB4t\xC3\xA9"); /* NFC + trimmed */
	CHECK_STR(in.nick, "Lo");
	CHECK_STR(in.postal, "k1a 0b1"); /* checked, not rewritten */
	CHECK_INT(in.year, 1999);
	CHECK_INT(in.has_year, 1);
	CHECK_INT(in.count, 10);
	CHECK_INT(in.active, 1);
	CHECK_INT(in.birth, date_from_ymd(2024, 2, 29));
	CHECK_INT(in.has_birth, 1);
	CHECK_INT(in.lang, 1);
	CHECK_INT(in.has_lang, 1);
	CHECK(json_is_object(in.extra));
	CHECK_INT(json_array_size(json_object_get(in.extra, "k")), 3);
	/* The strings live in the arena, not in jansson's storage. */
	CHECK(in.name != NULL && strcmp(in.name, "sentinel") != 0);

	ACCEPT("{\"active\":false,\"lang\":\"en\",\"name\":\"x\",\"year\":1900}");
	CHECK_INT(in.active, 0);
	CHECK_INT(in.lang, 0);
	CHECK_INT(in.year, 1900);

	/* Optional fields absent: outputs untouched, has-flags 0. */
	ACCEPT("{\"name\":\"Ana\",\"year\":2100}");
	CHECK_STR(in.name, "Ana");
	CHECK_INT(in.year, 2100);
	CHECK_STR(in.nick, "sentinel");
	CHECK_STR(in.postal, "sentinel");
	CHECK_INT(in.count, -99);
	CHECK_INT(in.active, -99);
	CHECK_INT(in.birth, -99);
	CHECK_INT(in.lang, -99);
	CHECK_INT(in.has_birth, 0);
	CHECK_INT(in.has_lang, 0);
	CHECK(in.extra == NULL);

	/* Any JSON value is accepted for JFT_JSON. */
	ACCEPT(with("\"extra\":\"text\""));
	CHECK_STR(json_string_value(in.extra), "text");
	ACCEPT(with("\"extra\":[true]"));
	CHECK(json_is_array(in.extra));
	/* Surrounding white space is fine JSON. */
	ACCEPT(" \r\n\t{\"name\":\"Ana\",\"year\":2000} \n");
	arena_free(&arena);
}

static void
test_malformed(void)
{
	static const char *const bodies[] = {
		"", " ", "{", "}", "{\"name\":", "{\"name\":\"Ana\"", "{\"name\":\"Ana",
		"{\"name\":\"Ana\",\"year\":2000} trailing", "{\"name\":\"Ana\",\"year\":2000}}",
		"{\"name\":\"Ana\",\"year\":2000}{}", "{'name':'Ana'}", "{name:\"Ana\"}",
		"{\"name\":\"Ana\",}", "{\"name\" \"Ana\"}", "{\"year\":01}", "{\"year\":NaN}",
		"{\"year\":+1}", "{\"year\":0x10}", "{\"year\":99999999999999999999}",
		"{\"name\":\"a\\u0000b\"}",  /* \u0000 escape: refused by jansson */
		"{\"name\":\"\\ud800\"}",    /* lone surrogate escape */
		"{\"name\":\"\\x41\"}", "{\"name\":\"tab\there\"}", "{\"name\":\"nl\nhere\"}",
		"\xEF\xBB\xBF{}",            /* byte order mark */
		"[1,2", "nul", "tru", "/* c */ {}", "{\"a\":1} // c",
	};
	arena_init(&arena);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		CHECK_INT(parse(bodies[i]), -1);
		if (e.err != E_JSON_MALFORMED)
			fprintf(stderr, "  body %zu: %s\n", i, bodies[i]);
		CHECK_INT(e.err, E_JSON_MALFORMED);
		CHECK(e.field == NULL);
	}
	/* Raw NUL bytes, inside and outside a string. */
	REJECT_N("{\"name\":\"a\0b\",\"year\":2000}", 26, E_JSON_MALFORMED, NULL);
	REJECT_N("{\"name\":\"Ana\",\"year\":2000}\0", 27, E_JSON_MALFORMED, NULL);
	/* The length is honoured: a valid prefix of a longer buffer is accepted... */
	CHECK_INT(parse_n("{\"name\":\"Ana\",\"year\":2000}garbage", 26), 0);
	/* ...and a truncated one is not. */
	REJECT_N("{\"name\":\"Ana\",\"year\":2000}", 25, E_JSON_MALFORMED, NULL);
	CHECK_INT(jspec_parse(&arena, NULL, 0, person_spec, &in, &e), -1);
	CHECK_INT(e.err, E_JSON_MALFORMED);
	/* Nesting far beyond jansson's depth limit. */
	const char *deep = arena_printf(&arena, "{\"extra\":%s%s}", repeat("[", 5000),
	    repeat("]", 5000));
	REJECT(deep, E_JSON_MALFORMED, NULL);
	arena_free(&arena);
}

static void
test_not_object(void)
{
	static const char *const bodies[] = { "[]", "[{\"name\":\"Ana\"}]", "42", "\"str\"",
		"null", "true", "1.5" };
	arena_init(&arena);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		REJECT(bodies[i], E_JSON_NOT_OBJECT, NULL);
	arena_free(&arena);
}

static void
test_duplicate_key(void)
{
	arena_init(&arena);
	REJECT("{\"name\":\"a\",\"name\":\"b\",\"year\":2000}", E_JSON_DUPLICATE_KEY, NULL);
	REJECT("{\"name\":\"a\",\"year\":2000,\"year\":2000}", E_JSON_DUPLICATE_KEY, NULL);
	/* Deep inside a free-form value too. */
	REJECT(with("\"extra\":{\"x\":{\"k\":1,\"k\":2}}"), E_JSON_DUPLICATE_KEY, NULL);
	/* Keys equal only after normalisation are different keys to JSON. */
	REJECT("{\"name\":\"a\",\"year\":2000,\"\xC3\xA9\":1,\"e\\u0301\":2}",
	    E_FIELD_UNKNOWN, "\xC3\xA9");
	arena_free(&arena);
}

static void
test_invalid_utf8(void)
{
	static const char *const bodies[] = {
		"{\"name\":\"\xC3\x28\",\"year\":2000}",         /* lead byte + ASCII */
		"{\"name\":\"\xC0\xAF\",\"year\":2000}",         /* overlong '/' */
		"{\"name\":\"\xE0\x80\xAF\",\"year\":2000}",     /* overlong, 3 bytes */
		"{\"name\":\"\xED\xA0\x80\",\"year\":2000}",     /* surrogate U+D800 */
		"{\"name\":\"\xF4\x90\x80\x80\",\"year\":2000}", /* > U+10FFFF */
		"{\"name\":\"ab\xE2\x82\",\"year\":2000}",       /* truncated sequence */
		"{\"name\":\"\x80\",\"year\":2000}",             /* lone continuation */
		"{\"n\xFF\":\"a\",\"year\":2000}",               /* in a key */
		"{\"name\":\"a\",\"year\":2000}\xC3",            /* after the object */
	};
	arena_init(&arena);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		REJECT(bodies[i], E_JSON_INVALID_UTF8, NULL);
	arena_free(&arena);
}

static void
test_unknown_and_missing(void)
{
	arena_init(&arena);
	REJECT(with("\"zzz\":1"), E_FIELD_UNKNOWN, "zzz");
	/* Unknown beats missing. */
	REJECT("{\"zzz\":1}", E_FIELD_UNKNOWN, "zzz");
	/* The first unknown key in document order. */
	REJECT("{\"b_unknown\":1,\"name\":\"a\",\"a_unknown\":2}", E_FIELD_UNKNOWN, "b_unknown");
	REJECT("{\"a_unknown\":1,\"name\":\"a\",\"b_unknown\":2}", E_FIELD_UNKNOWN, "a_unknown");
	/* Names are case-sensitive. */
	REJECT("{\"Name\":\"a\",\"year\":2000}", E_FIELD_UNKNOWN, "Name");
	/* The echoed key is short and still valid UTF-8. */
	const char *key = arena_printf(&arena, "x%s", repeat("\xC3\xA9", 100));
	CHECK_INT(parse(arena_printf(&arena, "{\"%s\":1}", key)), -1);
	CHECK_INT(e.err, E_FIELD_UNKNOWN);
	CHECK(e.field != NULL && strlen(e.field) <= 64 && strncmp(e.field, key, strlen(e.field)) == 0);
	CHECK(e.field != NULL && text_utf8_valid(e.field, strlen(e.field)));
	CHECK(e.field != NULL && strlen(e.field) == 63);

	/* Missing required fields, in spec order. */
	REJECT("{}", E_FIELD_REQUIRED, "name");
	REJECT("{\"year\":2000}", E_FIELD_REQUIRED, "name");
	REJECT("{\"name\":\"Ana\"}", E_FIELD_REQUIRED, "year");
	/* The field name is an arena copy, not the spec's pointer. */
	CHECK(e.field != person_spec[3].name);
	arena_free(&arena);
}

static void
test_types(void)
{
	arena_init(&arena);
	static const char *const bad_name[] = { "5", "true", "false", "[]", "{}", "1.5",
		"[\"Ana\"]", "null" };
	for (size_t i = 0; i < sizeof(bad_name) / sizeof(bad_name[0]); i++)
		REJECT(arena_printf(&arena, "{\"name\":%s,\"year\":2000}", bad_name[i]),
		    E_FIELD_TYPE, "name");
	static const char *const bad_year[] = { "\"2000\"", "2000.0", "2e3", "true", "[2000]",
		"{}", "null" };
	for (size_t i = 0; i < sizeof(bad_year) / sizeof(bad_year[0]); i++)
		REJECT(arena_printf(&arena, "{\"name\":\"Ana\",\"year\":%s}", bad_year[i]),
		    E_FIELD_TYPE, "year");
	REJECT(with("\"count\":1.0"), E_FIELD_TYPE, "count");
	REJECT(with("\"active\":1"), E_FIELD_TYPE, "active");
	REJECT(with("\"active\":0"), E_FIELD_TYPE, "active");
	REJECT(with("\"active\":\"true\""), E_FIELD_TYPE, "active");
	REJECT(with("\"active\":null"), E_FIELD_TYPE, "active");
	REJECT(with("\"birth\":20240229"), E_FIELD_TYPE, "birth");
	REJECT(with("\"birth\":{}"), E_FIELD_TYPE, "birth");
	REJECT(with("\"lang\":1"), E_FIELD_TYPE, "lang");
	REJECT(with("\"lang\":[\"en\"]"), E_FIELD_TYPE, "lang");
	REJECT(with("\"postal\":123456"), E_FIELD_TYPE, "postal");
	REJECT(with("\"nick\":7"), E_FIELD_TYPE, "nick");
	/* Several bad fields: the first in spec order is reported, whatever the key order. */
	REJECT("{\"year\":\"x\",\"name\":5}", E_FIELD_TYPE, "name");
	REJECT("{\"name\":\"Ana\",\"active\":1,\"year\":\"x\"}", E_FIELD_TYPE, "year");
	arena_free(&arena);
}

static void
test_string_lengths(void)
{
	arena_init(&arena);
	const char *body;

	/* 100 × "é" (200 bytes) is 100 code points: allowed; 101 is too long. */
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", repeat("\xC3\xA9", 100));
	ACCEPT(body);
	CHECK_INT(text_utf8_len(in.name, strlen(in.name)), 100);
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", repeat("\xC3\xA9", 101));
	REJECT(body, E_FIELD_TOO_LONG, "name");
	/* Counted after NFC: 100 decomposed "e + U+0301" (200 code points) fit. */
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", repeat("e\\u0301", 100));
	ACCEPT(body);
	CHECK_INT(strlen(in.name), 200);
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", repeat("e\xCC\x81", 101));
	REJECT(body, E_FIELD_TOO_LONG, "name");
	/* Counted after trimming. */
	body = arena_printf(&arena, "{\"name\":\"  %s  \",\"year\":2000}", repeat("a", 100));
	ACCEPT(body);
	/* Code points, not UTF-16 units: 100 emoji are 100 long. */
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}",
	    repeat("\xF0\x9F\x98\x80", 100));
	ACCEPT(body);
	body = arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", repeat("a", 101));
	REJECT(body, E_FIELD_TOO_LONG, "name");
	REJECT(with("\"nick\":\"123456789012345678901\""), E_FIELD_TOO_LONG, "nick");

	/* Empty or white-space-only required strings are too short. */
	REJECT("{\"name\":\"\",\"year\":2000}", E_FIELD_TOO_SHORT, "name");
	REJECT("{\"name\":\"   \",\"year\":2000}", E_FIELD_TOO_SHORT, "name");
	REJECT("{\"name\":\" \\t\\n\\u00a0\\u3000\",\"year\":2000}", E_FIELD_TOO_SHORT, "name");
	/* min 0 allows the empty string. */
	ACCEPT(with("\"nick\":\"  \""));
	CHECK_STR(in.nick, "");
	REJECT(with("\"postal\":\"K1A\""), E_FIELD_TOO_SHORT, "postal");
	arena_free(&arena);
}

static void
test_control_chars(void)
{
	arena_init(&arena);
	static const char *const bad[] = { "a\\u0001b", "a\\u001fb", "a\\u007fb", "a\\nb",
		"a\\tb", "a\\rb", "a\\u0085b", "a\\u009fb" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		REJECT(arena_printf(&arena, "{\"name\":\"%s\",\"year\":2000}", bad[i]),
		    E_FIELD_FORMAT, "name");
	/* Trailing white space controls are trimmed away first. */
	ACCEPT("{\"name\":\"Ana\\r\\n\",\"year\":2000}");
	CHECK_STR(in.name, "Ana");
	/* U+00A0 and U+2028 are not controls. */
	ACCEPT("{\"name\":\"a\\u00a0b\",\"year\":2000}");
	CHECK_STR(in.name, "a\xC2\xA0" "b");
	arena_free(&arena);
}

static void
test_embedded_nul(void)
{
	/* jansson refuses \u0000 when parsing, but values built in code can hold NULs. */
	arena_init(&arena);
	json_t *o = json_object();
	json_object_set_new(o, "name", json_stringn("Ana\0x", 5));
	json_object_set_new(o, "year", json_integer(2000));
	CHECK_INT(jspec_object(&arena, o, person_spec, &in, &e), -1);
	CHECK_INT(e.err, E_FIELD_FORMAT);
	CHECK_STR(e.field, "name");
	json_object_set_new(o, "name", json_string("Ana"));
	json_object_set_new(o, "lang", json_stringn("en\0x", 4));
	CHECK_INT(jspec_object(&arena, o, person_spec, &in, &e), -1);
	CHECK_INT(e.err, E_FIELD_ENUM);
	CHECK_STR(e.field, "lang");
	json_object_set_new(o, "lang", json_string("en"));
	json_object_set_new(o, "birth", json_stringn("2024-01-01\0x", 12));
	CHECK_INT(jspec_object(&arena, o, person_spec, &in, &e), -1);
	CHECK_INT(e.err, E_FIELD_DATE);
	json_object_del(o, "birth");
	CHECK_INT(jspec_object(&arena, o, person_spec, &in, &e), 0);
	CHECK_STR(in.name, "Ana");
	json_decref(o);
	arena_free(&arena);
}

static void
test_dates(void)
{
	arena_init(&arena);
	static const char *const bad[] = { "2026-02-30", "2025-02-29", "2026-13-01",
		"2026-00-10", "2026-04-31", "2026-01-00", "2026-1-01", "2026-01-1", "26-01-01",
		"2026/01/01", " 2026-01-01", "2026-01-01 ", "2026-01-01T00:00:00Z", "",
		"1899-12-31", "2200-01-01", "2026-0a-01",
		"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-01-01" /* full-width digits */ };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		REJECT(with(arena_printf(&arena, "\"birth\":\"%s\"", bad[i])), E_FIELD_DATE,
		    "birth");
	ACCEPT(with("\"birth\":\"2024-02-29\""));
	CHECK_INT(in.birth, date_from_ymd(2024, 2, 29));
	ACCEPT(with("\"birth\":\"1970-01-01\""));
	CHECK_INT(in.birth, 0);
	CHECK_INT(in.has_birth, 1);
	ACCEPT(with("\"birth\":\"2026-12-31\""));
	CHECK_INT(in.birth, date_from_ymd(2026, 12, 31));
	arena_free(&arena);
}

static void
test_enum_and_range(void)
{
	arena_init(&arena);
	static const char *const bad_lang[] = { "EN", "de", "", " en", "en ", "english" };
	for (size_t i = 0; i < sizeof(bad_lang) / sizeof(bad_lang[0]); i++)
		REJECT(with(arena_printf(&arena, "\"lang\":\"%s\"", bad_lang[i])), E_FIELD_ENUM,
		    "lang");
	ACCEPT(with("\"lang\":\"en\""));
	CHECK_INT(in.lang, 0);
	CHECK_INT(in.has_lang, 1);

	REJECT("{\"name\":\"Ana\",\"year\":1899}", E_FIELD_RANGE, "year");
	REJECT("{\"name\":\"Ana\",\"year\":2101}", E_FIELD_RANGE, "year");
	REJECT("{\"name\":\"Ana\",\"year\":-2000}", E_FIELD_RANGE, "year");
	REJECT("{\"name\":\"Ana\",\"year\":9223372036854775807}", E_FIELD_RANGE, "year");
	REJECT("{\"name\":\"Ana\",\"year\":-9223372036854775808}", E_FIELD_RANGE, "year");
	REJECT(with("\"count\":-1"), E_FIELD_RANGE, "count");
	REJECT(with("\"count\":11"), E_FIELD_RANGE, "count");
	ACCEPT(with("\"count\":0"));
	CHECK_INT(in.count, 0);
	ACCEPT(with("\"count\":-0"));
	CHECK_INT(in.count, 0);
	arena_free(&arena);
}

struct opt_in {
	const char *x;
	int64_t n;
	int has_n;
};

static void
test_nullable(void)
{
	arena_init(&arena);
	/* Nullable: null is absent. */
	ACCEPT(with("\"nick\":null,\"extra\":null"));
	CHECK_STR(in.nick, "sentinel");
	CHECK(in.extra == NULL);
	/* Not nullable: null is a type error, even for optional fields. */
	REJECT(with("\"count\":null"), E_FIELD_TYPE, "count");
	REJECT(with("\"postal\":null"), E_FIELD_TYPE, "postal");
	REJECT("{\"name\":null,\"year\":2000}", E_FIELD_TYPE, "name");

	/* Required + nullable: the key must be there, its value may be null. */
	static const struct jfield spec[] = {
		JF_STR("x", struct opt_in, x, 1, 10, JF_REQUIRED | JF_NULLABLE),
		JF_INTH("n", struct opt_in, n, has_n, 0, 5, JF_NULLABLE),
		JF_END
	};
	struct opt_in o = { "sentinel", 7, -1 };
	static const char body1[] = "{\"x\":null,\"n\":null}";
	CHECK_INT(jspec_parse(&arena, body1, strlen(body1), spec, &o, &e), 0);
	CHECK_STR(o.x, "sentinel");
	CHECK_INT(o.n, 7);
	CHECK_INT(o.has_n, 0);
	static const char body2[] = "{\"n\":3}";
	CHECK_INT(jspec_parse(&arena, body2, strlen(body2), spec, &o, &e), -1);
	CHECK_INT(e.err, E_FIELD_REQUIRED);
	CHECK_STR(e.field, "x");
	static const char body3[] = "{\"x\":\"y\",\"n\":3}";
	CHECK_INT(jspec_parse(&arena, body3, strlen(body3), spec, &o, &e), 0);
	CHECK_STR(o.x, "y");
	CHECK_INT(o.n, 3);
	CHECK_INT(o.has_n, 1);
	arena_free(&arena);
}

static const char *seen_by_check;

static enum err_id
check_no_x(const char *s)
{
	seen_by_check = s;
	return strchr(s, 'x') ? E_FIELD_FORMAT : E_NONE;
}

static void
test_check_callback(void)
{
	arena_init(&arena);
	ACCEPT(with("\"postal\":\" K1A 0B1 \""));
	CHECK_STR(in.postal, "K1A 0B1");
	ACCEPT(with("\"postal\":\"k1a0b1\""));
	REJECT(with("\"postal\":\"D1A 1A1\""), E_FIELD_POSTAL, "postal");
	REJECT(with("\"postal\":\"W1A 1A1\""), E_FIELD_POSTAL, "postal");

	/* The callback sees the trimmed NFC text and its verdict is returned as is. */
	static const struct jfield spec[] = {
		JF_STRC("x", struct opt_in, x, 0, 50, JF_REQUIRED, check_no_x),
		JF_END
	};
	struct opt_in o = { NULL, 0, 0 };
	static const char ok[] = "{\"x\":\"  E\\u0301 \"}";
	CHECK_INT(jspec_parse(&arena, ok, strlen(ok), spec, &o, &e), 0);
	CHECK_STR(seen_by_check, "\xC3\x89");
	CHECK_STR(o.x, "\xC3\x89");
	static const char bad[] = "{\"x\":\"axb\"}";
	CHECK_INT(jspec_parse(&arena, bad, strlen(bad), spec, &o, &e), -1);
	CHECK_INT(e.err, E_FIELD_FORMAT);
	CHECK_STR(e.field, "x");
	/* Not called when an earlier rule already failed. */
	seen_by_check = NULL;
	static const char longer[] =
	    "{\"x\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";
	CHECK_INT(jspec_parse(&arena, longer, strlen(longer), spec, &o, &e), -1);
	CHECK_INT(e.err, E_FIELD_TOO_LONG);
	CHECK(seen_by_check == NULL);
	arena_free(&arena);
}

struct address_in {
	const char *street;
	const char *postal;
};

static const struct jfield address_spec[] = {
	JF_STR("street", struct address_in, street, 1, 200, JF_REQUIRED),
	JF_STRC("postal_code", struct address_in, postal, 6, 7, JF_REQUIRED, check_postal),
	JF_END
};

static void
test_nested(void)
{
	struct address_in addr;

	arena_init(&arena);
	ACCEPT(with("\"extra\":{\"street\":\" 1 rue Wellington \",\"postal_code\":\"K1A 0A9\"}"));
	memset(&addr, 0, sizeof(addr));
	CHECK_INT(jspec_object(&arena, in.extra, address_spec, &addr, &e), 0);
	CHECK_STR(addr.street, "1 rue Wellington");
	CHECK_STR(addr.postal, "K1A 0A9");
	CHECK_INT(e.err, E_NONE);

	ACCEPT(with("\"extra\":{\"street\":\"1 rue Wellington\",\"postal_code\":\"K1A 0A9\","
		    "\"apt\":3}"));
	CHECK_INT(jspec_object(&arena, in.extra, address_spec, &addr, &e), -1);
	CHECK_INT(e.err, E_FIELD_UNKNOWN);
	CHECK_STR(e.field, "apt");

	ACCEPT(with("\"extra\":{\"street\":\"1 rue Wellington\"}"));
	CHECK_INT(jspec_object(&arena, in.extra, address_spec, &addr, &e), -1);
	CHECK_INT(e.err, E_FIELD_REQUIRED);
	CHECK_STR(e.field, "postal_code");

	ACCEPT(with("\"extra\":{\"street\":\"x\",\"postal_code\":\"Q1A 0A9\"}"));
	CHECK_INT(jspec_object(&arena, in.extra, address_spec, &addr, &e), -1);
	CHECK_INT(e.err, E_FIELD_POSTAL);
	CHECK_STR(e.field, "postal_code");

	/* Not an object: a type error for the caller to attach to its own field. */
	ACCEPT(with("\"extra\":[1]"));
	CHECK_INT(jspec_object(&arena, in.extra, address_spec, &addr, &e), -1);
	CHECK_INT(e.err, E_FIELD_TYPE);
	CHECK(e.field == NULL);
	CHECK_INT(jspec_object(&arena, NULL, address_spec, &addr, &e), -1);
	CHECK_INT(e.err, E_FIELD_TYPE);
	arena_free(&arena);
}

static void
test_lifetime(void)
{
	/* The borrowed JSON value stays usable until arena_free, which releases the tree
	 * (ASan's leak check fails this binary otherwise). Many parses, one arena. */
	arena_init(&arena);
	for (int i = 0; i < 200; i++) {
		REJECT(with("\"zzz\":[1,2,3]"), E_FIELD_UNKNOWN, "zzz");
		CHECK_INT(parse(with("\"extra\":{\"big\":[1,2,3,{\"a\":\"b\"}]}")), 0);
	}
	CHECK_INT(json_array_size(json_object_get(in.extra, "big")), 4);
	CHECK_INT(in.extra->refcount, 1);
	arena_free(&arena);
}

T_MAIN(T(test_happy_path), T(test_malformed), T(test_not_object), T(test_duplicate_key),
    T(test_invalid_utf8), T(test_unknown_and_missing), T(test_types), T(test_string_lengths),
    T(test_control_chars), T(test_embedded_nul), T(test_dates), T(test_enum_and_range),
    T(test_nullable), T(test_check_callback), T(test_nested), T(test_lifetime))
