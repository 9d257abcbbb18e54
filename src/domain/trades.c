/* trades: parser and validator for the trades catalogue CSV, and the embedded catalogue.
 * libcsv (strict mode) does the tokenising; the input is fed one physical line at a time so
 * that every record can be reported with the line it starts on. Each record is checked
 * completely before it is accepted; the first problem stops the parse. */
#include "domain/trades.h"

#include <csv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/xalloc.h"
#include "text/text.h"

#define TRADES_NCOLS 7
#define TRADES_MAX_HOURS 20000
#define TRADES_MAX_NAME 512     /* bytes */
#define TRADES_SHOW 40          /* bytes of a bad value quoted in an error message */

static const char *const trades_columns[TRADES_NCOLS] = {
	"code", "name_en", "name_fr", "sector", "compulsory", "red_seal", "hours",
};

static const char *const sector_names[] = {
	[SECTOR_CONSTRUCTION] = "construction",
	[SECTOR_INDUSTRIAL] = "industrial",
	[SECTOR_MOTIVE_POWER] = "motive_power",
	[SECTOR_SERVICE] = "service",
};
#define TRADES_NSECTORS (sizeof(sector_names) / sizeof(sector_names[0]))

struct trades_ctx {
	struct trade *v;                /* accepted trades */
	size_t *vline;                  /* line of each accepted trade (duplicate messages) */
	size_t n, cap;
	char *field[TRADES_NCOLS];      /* the current record's fields (heap copies) */
	size_t flen[TRADES_NCOLS];      /* their lengths as given by the parser */
	size_t nfield;                  /* fields seen in the current record, may exceed NCOLS */
	size_t line;                    /* physical line being fed to the parser, 1-based */
	size_t rec_line;                /* line the current record starts on */
	int between;                    /* no record in progress: the next data starts one */
	size_t nrec;                    /* records completed, header included */
	int failed;
	char *err;
	size_t errn;
};

const char *
trade_sector_name(enum trade_sector s)
{
	return (unsigned)s < TRADES_NSECTORS ? sector_names[s] : NULL;
}

static int
trades_sector_parse(const char *s, enum trade_sector *out)
{
	for (size_t i = 0; i < TRADES_NSECTORS; i++)
		if (strcmp(s, sector_names[i]) == 0) {
			*out = (enum trade_sector)i;
			return 0;
		}
	return -1;
}

/* Copies at most TRADES_SHOW bytes of s into buf, printable ASCII only, for messages. */
static const char *
trades_show(const char *s, char *buf, size_t bufn)
{
	size_t i = 0;
	for (; s[i] != '\0' && i < TRADES_SHOW && i + 1 < bufn; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[i] = '\0';
	return buf;
}

static void trades_fail(struct trades_ctx *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
trades_fail(struct trades_ctx *c, size_t line, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = 1;
	if (c->err == NULL || c->errn == 0)
		return;
	int k = snprintf(c->err, c->errn, "line %zu: ", line);
	if (k < 0 || (size_t)k >= c->errn)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err + k, c->errn - (size_t)k, fmt, ap);
	va_end(ap);
}

/* Strict UTF-8 (no overlongs, surrogates or values above U+10FFFF) without C0/C1 controls
 * or DEL. Returns 0 when s (n bytes) is acceptable as a display name. */
static int
trades_name_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return -1;
			i++;
			continue;
		}
		size_t len;
		uint32_t cp, min;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else
			return -1;
		if (n - i < len)
			return -1;
		for (size_t j = 1; j < len; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return -1;
		i += len;
	}
	return 0;
}

static int
trades_code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > 5)
		return 0;
	for (size_t i = 0; i < 3; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (size_t i = 3; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static int
trades_flag(struct trades_ctx *c, size_t col, int *out)
{
	const char *s = c->field[col];
	char show[TRADES_SHOW + 1];
	if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0) {
		*out = s[0] - '0';
		return 0;
	}
	trades_fail(c, c->rec_line, "%s must be 0 or 1, got \"%s\"", trades_columns[col],
	    trades_show(s, show, sizeof(show)));
	return -1;
}

static int
trades_name(struct trades_ctx *c, size_t col)
{
	const char *s = c->field[col];
	size_t n = c->flen[col];
	if (n == 0) {
		trades_fail(c, c->rec_line, "empty %s", trades_columns[col]);
		return -1;
	}
	if (n > TRADES_MAX_NAME) {
		trades_fail(c, c->rec_line, "%s longer than %d bytes", trades_columns[col],
		    TRADES_MAX_NAME);
		return -1;
	}
	/* strlen(s) < n when the field holds a NUL byte, which the check below rejects too. */
	if (strlen(s) != n || trades_name_check(s, n) != 0) {
		trades_fail(c, c->rec_line, "%s has a control character or invalid UTF-8",
		    trades_columns[col]);
		return -1;
	}
	return 0;
}

static void
trades_header(struct trades_ctx *c)
{
	char show[TRADES_SHOW + 1];
	for (size_t i = 0; i < TRADES_NCOLS; i++)
		if (strcmp(c->field[i], trades_columns[i]) != 0) {
			trades_fail(c, c->rec_line,
			    "bad header: column %zu is \"%s\", expected \"%s\"", i + 1,
			    trades_show(c->field[i], show, sizeof(show)), trades_columns[i]);
			return;
		}
}

static void
trades_record(struct trades_ctx *c)
{
	struct trade t;
	char show[TRADES_SHOW + 1];
	int64_t hours = 0;

	memset(&t, 0, sizeof(t));
	if (c->field[0][0] == '\0') {
		trades_fail(c, c->rec_line, "empty code");
		return;
	}
	if (strlen(c->field[0]) != c->flen[0] || !trades_code_valid(c->field[0])) {
		trades_fail(c, c->rec_line,
		    "invalid trade code \"%s\" (expected 3 digits and 1 or 2 capital letters)",
		    trades_show(c->field[0], show, sizeof(show)));
		return;
	}
	if (trades_name(c, 1) != 0 || trades_name(c, 2) != 0)
		return;
	if (trades_sector_parse(c->field[3], &t.sector) != 0) {
		trades_fail(c, c->rec_line, "unknown sector \"%s\"",
		    trades_show(c->field[3], show, sizeof(show)));
		return;
	}
	if (trades_flag(c, 4, &t.compulsory) != 0 || trades_flag(c, 5, &t.red_seal) != 0)
		return;
	if (c->field[6][0] != '\0' &&
	    parse_i64(c->field[6], 1, TRADES_MAX_HOURS, &hours) != 0) {
		trades_fail(c, c->rec_line, "hours must be an integer in 1..%d, got \"%s\"",
		    TRADES_MAX_HOURS, trades_show(c->field[6], show, sizeof(show)));
		return;
	}
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].code, c->field[0]) == 0) {
			trades_fail(c, c->rec_line, "duplicate trade code %s (first on line %zu)",
			    c->field[0], c->vline[i]);
			return;
		}

	memcpy(t.code, c->field[0], c->flen[0] + 1);
	t.hours = (int)hours;
	t.name_en = c->field[1];
	t.name_fr = c->field[2];
	c->field[1] = c->field[2] = NULL;  /* ownership moves to the trade */
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
		c->vline = xreallocarray(c->vline, c->cap, sizeof(*c->vline));
	}
	c->vline[c->n] = c->rec_line;
	c->v[c->n++] = t;
}

static void
trades_clear_fields(struct trades_ctx *c)
{
	for (size_t i = 0; i < TRADES_NCOLS; i++) {
		free(c->field[i]);
		c->field[i] = NULL;
		c->flen[i] = 0;
	}
	c->nfield = 0;
}

static void
trades_on_field(void *s, size_t len, void *data)
{
	struct trades_ctx *c = data;
	if (c->failed)
		return;
	if (c->nfield < TRADES_NCOLS) {
		c->field[c->nfield] = s != NULL ? xstrndup(s, len) : xstrdup("");
		c->flen[c->nfield] = s != NULL ? len : 0;
	}
	c->nfield++;
}

static void
trades_on_record(int term, void *data)
{
	struct trades_ctx *c = data;
	if (c->failed)
		return;
	c->between = 1;
	c->nrec++;
	if (c->nfield != TRADES_NCOLS)
		trades_fail(c, c->rec_line, "expected %d fields, got %zu", TRADES_NCOLS,
		    c->nfield);
	else if (c->nrec == 1)
		trades_header(c);
	else
		trades_record(c);
	trades_clear_fields(c);
}

/* A line holding nothing but its terminator, which libcsv skips without a record. */
static int
trades_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static void *
trades_csv_realloc(void *p, size_t n)
{
	return xreallocarray(p, n, 1);
}

void
trades_free(struct trade *t, size_t n)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((char *)t[i].name_en);
		free((char *)t[i].name_fr);
	}
	free(t);
}

int
trades_parse(const char *csv, size_t len, struct trade **out, size_t *n, char *err,
    size_t errn)
{
	struct trades_ctx c;
	struct csv_parser p;

	memset(&c, 0, sizeof(c));
	c.line = 1;
	c.rec_line = 1;
	c.between = 1;
	c.err = err;
	c.errn = errn;
	if (err != NULL && errn > 0)
		err[0] = '\0';
	*out = NULL;
	*n = 0;
	if (csv == NULL)
		len = 0;
	if (len >= 3 && memcmp(csv, "\xef\xbb\xbf", 3) == 0) {
		csv += 3;
		len -= 3;
	}

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		trades_fail(&c, 1, "cannot initialise the CSV parser");
		return -1;
	}
	csv_set_realloc_func(&p, trades_csv_realloc);
	csv_set_free_func(&p, free);

	size_t pos = 0;
	while (pos < len && !c.failed) {
		const char *nl = memchr(csv + pos, '\n', len - pos);
		size_t chunk = nl != NULL ? (size_t)(nl - (csv + pos)) + 1 : len - pos;
		if (c.between && !trades_blank(csv + pos, chunk)) {
			c.rec_line = c.line;
			c.between = 0;
		}
		if (csv_parse(&p, csv + pos, chunk, trades_on_field, trades_on_record, &c) !=
		    chunk)
			trades_fail(&c, c.line, "malformed CSV: %s",
			    csv_strerror(csv_error(&p)));
		pos += chunk;
		if (nl != NULL && !c.failed)
			c.line++;
	}
	if (!c.failed &&
	    csv_fini(&p, trades_on_field, trades_on_record, &c) != 0)
		trades_fail(&c, c.rec_line, "malformed CSV: %s (unterminated quoted field?)",
		    csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (!c.failed && c.nrec == 0)
		trades_fail(&c, 1, "missing header line");

	trades_clear_fields(&c);
	free(c.vline);
	if (c.failed) {
		trades_free(c.v, c.n);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

static pthread_once_t trades_once = PTHREAD_ONCE_INIT;
static struct trade *trades_cat;
static size_t trades_ncat;

static void
trades_load(void)
{
	const struct embedded_file *f = embedded_get("data/trades.csv");
	char err[256], safe[512];

	if (f == NULL) {
		log_err("trades: data/trades.csv is not embedded in this binary");
		abort();
	}
	if (trades_parse((const char *)f->data, f->len, &trades_cat, &trades_ncat, err,
	    sizeof(err)) != 0) {
		log_err("trades: embedded data/trades.csv is invalid: %s",
		    log_safe(err, safe, sizeof(safe)));
		abort();
	}
	/* The keys live as long as the catalogue: in an arena never freed. */
	static struct arena keys;
	arena_init(&keys);
	for (size_t i = 0; i < trades_ncat; i++) {
		trades_cat[i].key_en = text_search_key(&keys, trades_cat[i].name_en);
		trades_cat[i].key_fr = text_search_key(&keys, trades_cat[i].name_fr);
		if (trades_cat[i].key_en == NULL || trades_cat[i].key_fr == NULL) {
			log_err("trades: cannot compute the search key of trade %s", trades_cat[i].code);
			abort();
		}
	}
}

const struct trade *
trades_all(size_t *n)
{
	pthread_once(&trades_once, trades_load);
	*n = trades_ncat;
	return trades_cat;
}

const struct trade *
trades_find(const char *code)
{
	size_t n;
	const struct trade *t = trades_all(&n);

	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return NULL;
}
