/* Core utilities: arena, buffer, dates, number parsing, configuration precedence. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cfg.h"
#include "core/parse.h"
#include "core/timeutil.h"
#include "t.h"

static void
test_arena(void)
{
	struct arena a;
	arena_init(&a);
	char *s = arena_strdup(&a, "Élodie");
	CHECK_STR(s, "Élodie");
	/* Many allocations across chunk boundaries stay intact and aligned. */
	char *ptrs[1000];
	for (int i = 0; i < 1000; i++) {
		ptrs[i] = arena_printf(&a, "item-%d", i);
		CHECK(((uintptr_t)ptrs[i] & 15) == 0);
	}
	int ok = 1;
	for (int i = 0; i < 1000; i++) {
		char want[32];
		snprintf(want, sizeof(want), "item-%d", i);
		ok &= strcmp(ptrs[i], want) == 0;
	}
	CHECK(ok);
	void *big = arena_alloc(&a, 1 << 20);
	CHECK(big != NULL);
	CHECK(((unsigned char *)big)[12345] == 0);
	arena_defer(&a, (void (*)(void *))free, malloc(10));
	arena_free(&a);
	CHECK(a.head == NULL && a.total == 0);
}

static void
test_buf(void)
{
	struct buf b = { 0 };
	buf_puts(&b, "a");
	buf_printf(&b, "%d-%s", 42, "x");
	buf_putc(&b, '!');
	CHECK_STR(b.p, "a42-x!");
	CHECK_INT(b.n, 6);
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'z');
	CHECK_INT(b.n, 10006);
	buf_reset(&b);
	CHECK_INT(b.n, 0);
	CHECK_STR(b.p, "");
	buf_free(&b);
}

static void
test_dates(void)
{
	int32_t d;
	CHECK(date_parse("1970-01-01", &d) == 0 && d == 0);
	CHECK(date_parse("2026-03-27", &d) == 0);
	char out[11];
	date_format(d, out);
	CHECK_STR(out, "2026-03-27");
	CHECK_INT(date_weekday(d), 5); /* a Friday */
	CHECK(date_parse("2024-02-29", &d) == 0);
	CHECK(date_parse("2025-02-29", &d) != 0);
	CHECK(date_parse("2026-02-30", &d) != 0);
	CHECK(date_parse("2026-13-01", &d) != 0);
	CHECK(date_parse("2026-1-01", &d) != 0);
	CHECK(date_parse("2026-01-01T00", &d) != 0);
	CHECK(date_parse("1899-12-31", &d) != 0);
	CHECK(date_parse("", &d) != 0);
	CHECK(date_parse(NULL, &d) != 0);
	/* Round trip over a long span. */
	int ok = 1;
	for (int32_t x = -30000; x < 80000; x += 7) {
		int y, m, dd;
		date_to_ymd(x, &y, &m, &dd);
		ok &= date_from_ymd(y, m, dd) == x && date_valid(y, m, dd);
	}
	CHECK(ok);
	char t[32];
	time_format_us(INT64_C(1774620309000000), t);
	CHECK_STR(t, "2026-03-27T14:05:09Z");
}

static void
test_time_offset(void)
{
	int64_t a = time_now_us();
	time_set_offset_us(-INT64_C(86400000000));
	int64_t b = time_now_us();
	time_set_offset_us(0);
	CHECK(a - b > INT64_C(86000000000) && a - b < INT64_C(87000000000));
}

static void
test_parse(void)
{
	int64_t v;
	CHECK(parse_i64("42", 0, 100, &v) == 0 && v == 42);
	CHECK(parse_i64("-5", -10, 10, &v) == 0 && v == -5);
	CHECK(parse_i64("101", 0, 100, &v) != 0);
	CHECK(parse_i64("12abc", 0, 100, &v) != 0);
	CHECK(parse_i64("", 0, 100, &v) != 0);
	CHECK(parse_i64(" 1", 0, 100, &v) != 0);
	CHECK(parse_i64("+1", 0, 100, &v) != 0);
	CHECK(parse_i64("99999999999999999999", 0, INT64_MAX, &v) != 0);
}

static void
test_cfg(void)
{
	char dir[] = "/tmp/passerelle-cfg-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof(path), "%s/p.conf", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "# comment\nport = 9001\nthreads = 3\ndb = from-file.db\n");
	fclose(f);
	setenv("PASSERELLE_THREADS", "5", 1);
	char *argv[] = { "passerelle", "--config", path, "serve", "--db", "flag.db", "extra", NULL };
	int argc = 7;
	struct cfg c;
	char err[256];
	CHECK(cfg_load(&c, &argc, argv, err, sizeof(err)) == 0);
	CHECK_INT(c.port, 9001);       /* file */
	CHECK_INT(c.threads, 5);       /* environment beats file */
	CHECK_STR(c.db, "flag.db");    /* flag beats file */
	CHECK_INT(argc, 3);            /* config flags removed */
	CHECK_STR(argv[1], "serve");
	CHECK_STR(argv[2], "extra");
	cfg_free(&c);
	unsetenv("PASSERELLE_THREADS");

	char *bad[] = { "passerelle", "--port", "70000", NULL };
	argc = 3;
	CHECK(cfg_load(&c, &argc, bad, err, sizeof(err)) != 0);
	CHECK(strstr(err, "port") != NULL);
	cfg_free(&c);

	f = fopen(path, "w");
	fprintf(f, "nonsense line\n");
	fclose(f);
	char *argv2[] = { "passerelle", "--config", path, NULL };
	argc = 3;
	CHECK(cfg_load(&c, &argc, argv2, err, sizeof(err)) != 0);
	CHECK(strstr(err, ":1:") != NULL);
	cfg_free(&c);
	unlink(path);
	rmdir(dir);
}

T_MAIN(T(test_arena), T(test_buf), T(test_dates), T(test_time_offset), T(test_parse), T(test_cfg))
