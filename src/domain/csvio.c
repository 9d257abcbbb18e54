/* csvio: CSV import (parse, then apply in one transaction) and export. See csvio.h.
 *
 * Parsing is libcsv's (strict quoting). libcsv does not say where a record began, so the
 * input is fed one physical line (up to and including LF) at a time: the line being fed when
 * a record's first byte arrives is the record's line, which stays right when a quoted cell
 * spans several lines. */
#include "domain/csvio.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/cases.h"
#include "domain/trades.h"
#include "text/text.h"
#include "text/validate.h"

#define MAX_CELLS 64      /* cells kept per record; a wider record is an error anyway */
#define MAX_COLS 24       /* columns of the widest kind (or table of csvio_parse_table) */
#define EXPORT_PAGE 500
#define SPONSOR_PAGE 500

/* ---- kinds and their columns ---- */

static const char *const kind_names[] = { "persons", "organisations", "agreements", NULL };

int
csvio_kind_parse(const char *name, enum csv_kind *out)
{
	for (int i = 0; name && kind_names[i]; i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum csv_kind)i;
			return 0;
		}
	return -1;
}

const char *
csvio_kind_name(enum csv_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "?";
}

/* How a cell is checked and turned into a value. Text types are length-checked (code
 * points, after NFC and trimming) with the same bounds as the JSON API. */
enum col_type {
	CT_TEXT, CT_EMAIL, CT_PHONE, CT_POSTAL, CT_SIN, CT_CLIENT_NO, CT_TRADE,
	CT_DATE, CT_BIRTH, CT_LANG, CT_BOOL, CT_ORG_KIND, CT_ID
};

struct col {
	const char *name;
	int required;
	enum col_type type;
	int lo, hi;
};

/* Indices into the tables below (same order). */
enum { P_GIVEN, P_FAMILY, P_BIRTH, P_LANG, P_EMAIL, P_PHONE, P_POSTAL, P_MUNI, P_REGION, P_SIN,
	P_CONFIRM, P__N };
enum { O_KIND, O_NAME_EN, O_NAME_FR, O_REGION, O_EMAIL, O_PHONE, O_POSTAL, O_MUNI, O__N };
enum { A_CLIENT, A_SPONSOR_NAME, A_SPONSOR_ID, A_TRADE, A_START, A_REGION, A_LANG, A__N };

static const struct col person_cols[P__N] = {
	{ "given_name", 1, CT_TEXT, 1, 100 },
	{ "family_name", 1, CT_TEXT, 1, 100 },
	{ "birth_date", 1, CT_BIRTH, 0, 0 },
	{ "language", 0, CT_LANG, 0, 0 },
	{ "email", 0, CT_EMAIL, 3, 254 },
	{ "phone", 0, CT_PHONE, 7, 30 },
	{ "postal_code", 0, CT_POSTAL, 6, 7 },
	{ "municipality", 0, CT_TEXT, 1, 100 },
	{ "region_code", 0, CT_TEXT, 1, 40 },
	{ "sin", 0, CT_SIN, 9, 11 },
	{ "confirm_not_duplicate", 0, CT_BOOL, 0, 0 },
};

static const struct col org_cols[O__N] = {
	{ "kind", 1, CT_ORG_KIND, 0, 0 },
	{ "name_en", 1, CT_TEXT, 1, 200 },
	{ "name_fr", 1, CT_TEXT, 1, 200 },
	{ "region_code", 0, CT_TEXT, 1, 40 },
	{ "email", 0, CT_EMAIL, 3, 254 },
	{ "phone", 0, CT_PHONE, 7, 30 },
	{ "postal_code", 0, CT_POSTAL, 6, 7 },
	{ "municipality", 0, CT_TEXT, 1, 100 },
};

/* Sponsor: sponsor_name_en or sponsor_id, at least one (checked apart). */
static const struct col agreement_cols[A__N] = {
	{ "apprentice_client_number", 1, CT_CLIENT_NO, 9, 9 },
	{ "sponsor_name_en", 0, CT_TEXT, 1, 200 },
	{ "sponsor_id", 0, CT_ID, 0, 0 },
	{ "trade_code", 1, CT_TRADE, 4, 5 },
	{ "start_date", 1, CT_DATE, 0, 0 },
	{ "region_code", 0, CT_TEXT, 1, 40 },
	{ "language", 0, CT_LANG, 0, 0 },
};

static const struct col *
kind_cols(enum csv_kind kind, int *n)
{
	switch (kind) {
	case CSV_PERSONS:
		*n = P__N;
		return person_cols;
	case CSV_ORGANISATIONS:
		*n = O__N;
		return org_cols;
	case CSV_AGREEMENTS:
		*n = A__N;
		return agreement_cols;
	}
	*n = 0;
	return NULL;
}

/* ---- the report ---- */

static void
report_reset(struct csv_report *rep)
{
	rep->nerrors = 0;
	rep->error_count = 0;
}

/* column must be valid UTF-8 (it is: a column name or a checked header cell). */
void
csvio_report_add(struct csv_report *rep, int64_t line, const char *column, enum err_id e)
{
	rep->error_count++;
	if (rep->nerrors >= CSVIO_MAX_ERRORS)
		return;
	if (rep->nerrors == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->errors = xreallocarray(rep->errors, rep->cap, sizeof(*rep->errors));
	}
	struct csv_error *ce = &rep->errors[rep->nerrors++];
	memset(ce, 0, sizeof(*ce));
	ce->line = line;
	ce->err = e;
	size_t n = column ? strlen(column) : 0;
	if (n >= sizeof(ce->column)) {
		/* Cut at a code point boundary so the echo stays valid UTF-8. */
		n = sizeof(ce->column) - 1;
		while (n > 0 && ((unsigned char)column[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(ce->column, column, n);
	ce->column[n] = '\0';
}

void
csvio_report_free(struct csv_report *rep)
{
	free(rep->errors);
	memset(rep, 0, sizeof(*rep));
}

json_t *
csvio_report_json(const struct csv_report *rep, enum lang lang)
{
	json_t *errs = json_array();
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct csv_error *ce = &rep->errors[i];
		json_array_append_new(errs, json_pack("{s:I,s:o,s:i,s:s,s:s}",
		    "line", (json_int_t)ce->line,
		    "column", ce->column[0] ? json_string(ce->column) : json_null(),
		    "code", err_code(ce->err), "error", err_slug(ce->err),
		    "message", err_message(ce->err, lang)));
	}
	return json_pack("{s:b,s:b,s:I,s:I,s:I,s:b,s:o}", "valid", rep->error_count == 0,
	    "dry_run", rep->dry_run, "rows", (json_int_t)rep->rows,
	    "created", (json_int_t)rep->created, "error_count", (json_int_t)rep->error_count,
	    "truncated", rep->error_count > (int64_t)rep->nerrors, "errors", errs);
}

/* ---- parsing ---- */

struct cellv {
	int present;
	const char *s;     /* NFC, trimmed; canonical form for phone, postal code, SIN */
	int32_t date;
	int64_t n;         /* id, enum index or boolean */
};

struct pctx {
	enum csv_kind kind;
	const struct col *cols;
	int ncols;
	struct csv_rows *rows;
	struct arena *arena;          /* the cells' strings */
	const struct csvio_table *table;  /* csvio_parse_table: hand clean records to it */
	struct csv_report *rep;
	int64_t line;                 /* line being fed */
	int64_t rec_line;             /* line where the current record began; 0 between records */
	struct buf cellbuf;           /* the current record's cells, each NUL-terminated */
	size_t off[MAX_CELLS], len[MAX_CELLS];
	int ncells, extra;
	int have_header, header_bad;
	int map[MAX_CELLS];           /* header position -> column index */
	int nheader;
	int32_t today;
};

static void
cell_cb(void *s, size_t n, void *data)
{
	struct pctx *p = data;
	if (p->rec_line == 0)
		p->rec_line = p->line;
	if (p->ncells >= MAX_CELLS) {
		p->extra++;
		return;
	}
	p->off[p->ncells] = p->cellbuf.n;
	p->len[p->ncells] = n;
	if (n)
		buf_put(&p->cellbuf, s, n);
	buf_putc(&p->cellbuf, '\0');
	p->ncells++;
}

static const char *
cell_raw(const struct pctx *p, int i)
{
	return p->cellbuf.p + p->off[i];
}

static bool
has_control(const char *s)
{
	/* C0 controls and DEL are single bytes; C1 controls are U+0080..U+009F (C2 80..C2 9F). */
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u < 0x20 || *u == 0x7F)
			return true;
		if (*u == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
			return true;
	}
	return false;
}

static int
pick_ci(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcasecmp(s, list[i]) == 0)
			return i;
	return -1;
}

/* Checks one cell of column c and fills v. E_NONE for a good or empty (absent) cell. */
static enum err_id
cell_value(struct pctx *p, const struct col *c, const char *raw, size_t n, struct cellv *v)
{
	static const char *const langs[] = { "en", "fr", NULL };
	static const char *const bools[] = { "false", "true", NULL };
	struct arena *a = p->arena;

	memset(v, 0, sizeof(*v));
	if (!text_utf8_valid(raw, n))
		return E_JSON_INVALID_UTF8;
	const char *nfc = text_nfc(a, raw, n);
	if (nfc == NULL)
		return E_JSON_INVALID_UTF8;
	char *s = text_trim(a, nfc);
	if (*s == '\0')
		return E_NONE;
	v->present = 1;
	v->s = s;
	if (has_control(s))
		return E_FIELD_FORMAT;
	if (c->hi > 0) {
		size_t cp = text_utf8_len(s, strlen(s));
		if (cp < (size_t)c->lo)
			return E_FIELD_TOO_SHORT;
		if (cp > (size_t)c->hi)
			return E_FIELD_TOO_LONG;
	}
	switch (c->type) {
	case CT_TEXT:
		return E_NONE;
	case CT_EMAIL:
		return check_email(s);
	case CT_PHONE: {
		char d[11];
		if (!phone_parse(s, d))
			return E_FIELD_FORMAT;
		v->s = arena_strdup(a, d);
		return E_NONE;
	}
	case CT_POSTAL: {
		char pc[8];
		if (!postal_code_parse(s, pc))
			return E_FIELD_POSTAL;
		v->s = arena_strdup(a, pc);
		return E_NONE;
	}
	case CT_SIN: {
		char d[10];
		if (!sin_parse(s, d))
			return E_FIELD_SIN;
		v->s = arena_strdup(a, d);
		return E_NONE;
	}
	case CT_CLIENT_NO:
		if (s[0] == 'c')
			s[0] = 'C';
		return client_number_valid(s) ? E_NONE : E_FIELD_FORMAT;
	case CT_TRADE:
		/* The catalogue is compiled in; csvio_apply re-checks the database's copy. */
		return trades_find(s) ? E_NONE : E_REFERENCE;
	case CT_DATE:
		return date_parse(s, &v->date) == 0 ? E_NONE : E_FIELD_DATE;
	case CT_BIRTH:
		if (date_parse(s, &v->date) != 0)
			return E_FIELD_DATE;
		/* Same bounds as the API: not in the future, not over 120 years ago. */
		if (v->date > p->today || v->date < p->today - 120 * 366)
			return E_FIELD_RANGE;
		return E_NONE;
	case CT_LANG:
		v->n = pick_ci(s, langs);
		return v->n < 0 ? E_FIELD_ENUM : E_NONE;
	case CT_BOOL:
		v->n = pick_ci(s, bools);
		return v->n < 0 ? E_FIELD_ENUM : E_NONE;
	case CT_ORG_KIND:
		v->n = pick_ci(s, org_kinds);
		return v->n < 0 ? E_FIELD_ENUM : E_NONE;
	case CT_ID:
		return parse_i64(s, 1, INT64_MAX, &v->n) == 0 ? E_NONE : E_FIELD_TYPE;
	}
	return E_FIELD_FORMAT;
}

static void
header_process(struct pctx *p)
{
	int64_t line = p->rec_line;
	int seen[MAX_COLS] = { 0 };

	p->have_header = 1;
	p->nheader = p->ncells;
	if (p->extra) {
		csvio_report_add(p->rep, line, NULL, E_FIELD_UNKNOWN);
		p->header_bad = 1;
	}
	for (int i = 0; i < p->ncells; i++) {
		const char *raw = cell_raw(p, i);
		p->map[i] = -1;
		if (!text_utf8_valid(raw, p->len[i])) {
			csvio_report_add(p->rep, line, NULL, E_JSON_INVALID_UTF8);
			p->header_bad = 1;
			continue;
		}
		char *name = text_trim(p->arena, raw);
		for (int k = 0; k < p->ncols; k++)
			if (strcasecmp(name, p->cols[k].name) == 0)
				p->map[i] = k;
		if (p->map[i] < 0) {
			csvio_report_add(p->rep, line, has_control(name) ? NULL : name, E_FIELD_UNKNOWN);
			p->header_bad = 1;
		} else if (seen[p->map[i]]++) {
			csvio_report_add(p->rep, line, p->cols[p->map[i]].name, E_JSON_DUPLICATE_KEY);
			p->header_bad = 1;
		}
	}
	for (int k = 0; k < p->ncols; k++)
		if (p->cols[k].required && !seen[k]) {
			csvio_report_add(p->rep, line, p->cols[k].name, E_FIELD_REQUIRED);
			p->header_bad = 1;
		}
	if (p->kind == CSV_AGREEMENTS && !seen[A_SPONSOR_NAME] && !seen[A_SPONSOR_ID]) {
		csvio_report_add(p->rep, line, agreement_cols[A_SPONSOR_NAME].name, E_FIELD_REQUIRED);
		p->header_bad = 1;
	}
}

static struct csv_row *
row_push(struct csv_rows *rows, int64_t line)
{
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xreallocarray(rows->v, rows->cap, sizeof(*rows->v));
	}
	struct csv_row *r = &rows->v[rows->n++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	return r;
}

static void
row_build(struct pctx *p, const struct cellv *v)
{
	struct csv_row *r = row_push(p->rows, p->rec_line);
	switch (p->kind) {
	case CSV_PERSONS: {
		struct person_in *in = &r->person.in;
		in->given_name = v[P_GIVEN].s;
		in->family_name = v[P_FAMILY].s;
		in->birth_date = v[P_BIRTH].date;
		in->has_lang = v[P_LANG].present;
		in->lang = (int)v[P_LANG].n;
		in->email = v[P_EMAIL].s;
		in->phone = v[P_PHONE].s;
		in->postal_code = v[P_POSTAL].s;
		in->municipality = v[P_MUNI].s;
		in->sin = v[P_SIN].s;
		in->confirm_not_duplicate = (int)v[P_CONFIRM].n;
		r->person.region_code = v[P_REGION].s;
		break;
	}
	case CSV_ORGANISATIONS: {
		struct org_in *in = &r->org.in;
		in->kind = (int)v[O_KIND].n;
		in->name_en = v[O_NAME_EN].s;
		in->name_fr = v[O_NAME_FR].s;
		in->email = v[O_EMAIL].s;
		in->phone = v[O_PHONE].s;
		in->postal_code = v[O_POSTAL].s;
		in->municipality = v[O_MUNI].s;
		r->org.region_code = v[O_REGION].s;
		break;
	}
	case CSV_AGREEMENTS: {
		struct csv_agreement_row *ag = &r->agreement;
		ag->client_no = v[A_CLIENT].s;
		ag->sponsor_name = v[A_SPONSOR_NAME].s;
		ag->sponsor_id = v[A_SPONSOR_ID].present ? v[A_SPONSOR_ID].n : 0;
		ag->trade_code = v[A_TRADE].s;
		ag->start_date = v[A_START].date;
		ag->region_code = v[A_REGION].s;
		ag->has_lang = v[A_LANG].present;
		ag->lang = (int)v[A_LANG].n;
		break;
	}
	}
}

static void
record_check(struct pctx *p)
{
	struct cellv v[MAX_COLS];
	int64_t line = p->rec_line;
	int bad = 0;

	memset(v, 0, sizeof(v));
	if (p->ncells + p->extra > p->nheader) {
		csvio_report_add(p->rep, line, NULL, E_FIELD_UNKNOWN);
		bad = 1;
	}
	int n = p->ncells < p->nheader ? p->ncells : p->nheader;
	if (n < p->nheader) {
		/* A short record usually means a lost separator: name the first missing cell. */
		csvio_report_add(p->rep, line, p->cols[p->map[n]].name, E_FIELD_REQUIRED);
		bad = 1;
	}
	for (int i = 0; i < n; i++) {
		int k = p->map[i];
		const struct col *c = &p->cols[k];
		enum err_id e = cell_value(p, c, cell_raw(p, i), p->len[i], &v[k]);
		if (e == E_NONE && !v[k].present && c->required)
			e = E_FIELD_REQUIRED;
		if (e != E_NONE) {
			csvio_report_add(p->rep, line, c->name, e);
			bad = 1;
		}
	}
	if (p->kind == CSV_AGREEMENTS && n == p->nheader && !v[A_SPONSOR_NAME].present &&
	    !v[A_SPONSOR_ID].present) {
		int named = 0;
		for (int i = 0; i < n; i++)
			named |= p->map[i] == A_SPONSOR_NAME;
		csvio_report_add(p->rep, line, agreement_cols[named ? A_SPONSOR_NAME : A_SPONSOR_ID].name,
		    E_FIELD_REQUIRED);
		bad = 1;
	}
	if (bad)
		return;
	if (p->table == NULL) {
		row_build(p, v);
		return;
	}
	const char *cells[MAX_COLS] = { 0 };
	for (int k = 0; k < p->ncols; k++)
		cells[k] = v[k].present ? v[k].s : NULL;
	p->table->row(p->table->ctx, line, cells, p->arena, p->rep);
}

static void
record_cb(int c, void *data)
{
	struct pctx *p = data;
	int blank = p->extra == 0;
	for (int i = 0; i < p->ncells && blank; i++)
		blank = p->len[i] == 0;
	/* Spreadsheets leave rows of bare separators at the end: they are not records. */
	if (!blank) {
		if (!p->have_header)
			header_process(p);
		else if (!p->header_bad) {
			p->rep->rows++;
			record_check(p);
		}
	}
	p->ncells = 0;
	p->extra = 0;
	p->rec_line = 0;
	buf_reset(&p->cellbuf);
}

/* Whether a line holds something libcsv will read as the start of a record. */
static bool
line_has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return true;
	return false;
}

static void
parse_failed(struct pctx *p, struct csv_parser *cp)
{
	int64_t line = p->rec_line ? p->rec_line : p->line;
	csvio_report_add(p->rep, line, NULL, csv_error(cp) == CSV_ETOOBIG ? E_BODY_TOO_LARGE :
	    E_FIELD_FORMAT);
}

static int parse_lines(struct pctx *p, const char *data, size_t len);

int
csvio_parse(enum csv_kind kind, const char *data, size_t len, struct csv_rows *out,
    struct csv_report *rep)
{
	memset(out, 0, sizeof(*out));
	memset(rep, 0, sizeof(*rep));
	out->kind = kind;
	arena_init(&out->arena);
	struct pctx p = { .kind = kind, .rows = out, .arena = &out->arena, .rep = rep, .line = 1,
		.today = date_today_utc() };
	p.cols = kind_cols(kind, &p.ncols);
	return parse_lines(&p, data, len);
}

int
csvio_parse_table(const struct csvio_table *t, const char *data, size_t len,
    struct arena *a, struct csv_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	struct col cols[MAX_COLS];
	if (t->ncols < 1 || t->ncols > MAX_COLS) {
		csvio_report_add(rep, 0, NULL, E_INTERNAL);
		return -1;
	}
	for (int i = 0; i < t->ncols; i++)
		cols[i] = (struct col){ t->cols[i].name, t->cols[i].required, CT_TEXT, t->cols[i].lo,
			t->cols[i].hi };
	/* rows stays empty: records go to t->row, never to row_build. */
	struct csv_rows none = { .kind = CSV_ORGANISATIONS };
	struct pctx p = { .kind = CSV_ORGANISATIONS, .rows = &none, .arena = a, .table = t,
		.rep = rep, .line = 1, .today = date_today_utc(), .cols = cols, .ncols = t->ncols };
	return parse_lines(&p, data, len);
}

/* The common part: feeds the file line by line to libcsv (see the top of the file). */
static int
parse_lines(struct pctx *pp, const char *data, size_t len)
{
	struct csv_report *rep = pp->rep;
	if (len > CSVIO_MAX_BYTES) {
		csvio_report_add(rep, 0, NULL, E_BODY_TOO_LARGE);
		return -1;
	}
	const char *s = data, *end = data + len;
	int64_t lines = 0;
	for (const char *q = s; q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		lines++;
	if (len > 0 && data[len - 1] != '\n')
		lines++;
	if (lines > CSVIO_MAX_LINES) {
		csvio_report_add(rep, CSVIO_MAX_LINES + 1, NULL, E_BODY_TOO_LARGE);
		return -1;
	}

	struct pctx p = *pp;
	struct csv_parser cp;
	if (p.cols == NULL || csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		csvio_report_add(rep, 0, NULL, E_INTERNAL);
		return -1;
	}
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	int failed = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (p.rec_line == 0 && line_has_content(s, n))
			p.rec_line = p.line;
		if (csv_parse(&cp, s, n, cell_cb, record_cb, &p) != n) {
			parse_failed(&p, &cp);
			failed = 1;
			break;
		}
		s += n;
		if (nl)
			p.line++;
	}
	if (!failed && csv_fini(&cp, cell_cb, record_cb, &p) != 0) {
		parse_failed(&p, &cp);
		failed = 1;
	}
	csv_free(&cp);
	buf_free(&p.cellbuf);
	if (!failed && !p.have_header)
		csvio_report_add(rep, 1, NULL, E_FIELD_REQUIRED);
	return rep->error_count ? -1 : 0;
}

void
csvio_rows_free(struct csv_rows *rows)
{
	free(rows->v);
	arena_free(&rows->arena);
	memset(rows, 0, sizeof(*rows));
}

/* ---- applying ---- */

static int
first_i64_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

/* Sponsors by the search key of their English name, loaded once per import (an import
 * creates no organisation, so the table stays true for the whole transaction). */
struct sponsor_key {
	const char *key;
	int64_t id;
};

struct apply {
	struct st_tx *tx;
	const struct principal *who;
	struct arena keep;
	struct sponsor_key *sponsors;
	size_t nsponsors, cap;
	int sponsors_loaded;
	int64_t last_id;
	int page_rows;
};

static int
sponsor_row(void *ctx, const struct st_row *row)
{
	struct apply *ap = ctx;
	int64_t id = st_i64(row, 0);
	ap->last_id = id;
	ap->page_rows++;
	if (ap->who && !org_visible(ap->who, id))
		return 0;
	const char *key = text_search_key(&ap->keep, st_text(row, 2));
	if (key == NULL)
		return 0;
	if (ap->nsponsors == ap->cap) {
		ap->cap = ap->cap ? ap->cap * 2 : 64;
		ap->sponsors = xreallocarray(ap->sponsors, ap->cap, sizeof(*ap->sponsors));
	}
	ap->sponsors[ap->nsponsors].key = key;
	ap->sponsors[ap->nsponsors].id = id;
	ap->nsponsors++;
	return 0;
}

static int
sponsor_cmp(const void *x, const void *y)
{
	const struct sponsor_key *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static enum st_rc
sponsors_load(struct apply *ap)
{
	enum st_rc rc;
	do {
		ap->page_rows = 0;
		struct st_param p[] = { SP_STR("sponsor"), SP_STR(""), SP_INT(0), SP_INT(0),
			SP_INT(ap->last_id), SP_INT(SPONSOR_PAGE) };
		rc = st_exec(ap->tx, Q_ORG_LIST, p, 6, sponsor_row, ap, NULL);
	} while (rc == ST_OK && ap->page_rows == SPONSOR_PAGE);
	if (rc == ST_OK && ap->nsponsors > 1)
		qsort(ap->sponsors, ap->nsponsors, sizeof(*ap->sponsors), sponsor_cmp);
	ap->sponsors_loaded = 1;
	return rc;
}

/* *count: how many sponsors carry this English name (0, 1, or more: ambiguous); *id: the
 * first of them, or want when want is among them. */
static enum st_rc
sponsor_by_name(struct apply *ap, struct arena *a, const char *name, int64_t want, int64_t *id,
    int *count)
{
	*id = 0;
	*count = 0;
	if (!ap->sponsors_loaded) {
		enum st_rc rc = sponsors_load(ap);
		if (rc != ST_OK)
			return rc;
	}
	const char *key = text_search_key(a, name);
	if (key == NULL || *key == '\0' || ap->nsponsors == 0)
		return ST_OK;
	size_t lo = 0, hi = ap->nsponsors;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ap->sponsors[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < ap->nsponsors && strcmp(ap->sponsors[i].key, key) == 0; i++) {
		if (*count == 0 || ap->sponsors[i].id == want)
			*id = ap->sponsors[i].id;
		(*count)++;
	}
	return ST_OK;
}

/* ST_OK with *id (0 when no region has this code). */
static enum st_rc
region_by_code(struct st_tx *tx, const char *code, int64_t *id)
{
	*id = 0;
	struct st_param p[] = { SP_STR(code) };
	return st_exec(tx, Q_REGION_BY_CODE, p, 1, first_i64_row, id, NULL);
}

/* A row's optional region code: unset leaves the record without region; an unknown code
 * refuses the row. */
static enum st_rc
region_resolve(struct st_tx *tx, const char *code, int64_t *id, int *has, struct dom_err *err)
{
	if (code == NULL)
		return ST_OK;
	enum st_rc rc = region_by_code(tx, code, id);
	if (rc != ST_OK)
		return rc;
	if (*id == 0)
		return dom_refuse(err, E_REFERENCE, "region_code", NULL);
	*has = 1;
	return ST_OK;
}

static enum st_rc
apply_person(struct apply *ap, struct arena *a, const struct csv_row *row, struct dom_err *err)
{
	struct person_in in = row->person.in;
	enum st_rc rc = region_resolve(ap->tx, row->person.region_code, &in.region_id,
	    &in.has_region, err);
	if (rc != ST_OK)
		return rc;
	json_t *out = NULL;
	rc = person_create(ap->tx, a, ap->who, &in, &out, err);
	json_decref(out);
	return rc;
}

static enum st_rc
apply_org(struct apply *ap, struct arena *a, const struct csv_row *row, struct dom_err *err)
{
	struct org_in in = row->org.in;
	enum st_rc rc = region_resolve(ap->tx, row->org.region_code, &in.region_id,
	    &in.has_region, err);
	if (rc != ST_OK)
		return rc;
	json_t *out = NULL;
	rc = org_create(ap->tx, a, ap->who, &in, &out, err);
	json_decref(out);
	return rc;
}

static int
person_lang_row(void *ctx, const struct st_row *row)
{
	/* PERSON_COLS: column 5 is the language. */
	*(int *)ctx = strcmp(st_text(row, 5), "fr") == 0;
	return 1;
}

static enum st_rc
apply_agreement(struct apply *ap, struct arena *a, const struct csv_row *row, struct dom_err *err)
{
	const struct csv_agreement_row *ag = &row->agreement;
	struct agreement_in in = { .org_id = ag->sponsor_id, .trade_code = ag->trade_code,
		.start_date = ag->start_date, .lang = ag->lang, .has_lang = ag->has_lang };
	enum st_rc rc;
	struct st_param cp[] = { SP_STR(ag->client_no) };
	if ((rc = st_exec(ap->tx, Q_PERSON_BY_CLIENT_NO, cp, 1, first_i64_row, &in.person_id,
	    NULL)) != ST_OK)
		return rc;
	if (in.person_id == 0 || !person_visible(ap->who, in.person_id))
		return dom_refuse(err, E_REFERENCE, "apprentice_client_number", NULL);
	if (ag->sponsor_name) {
		int64_t id;
		int count;
		if ((rc = sponsor_by_name(ap, a, ag->sponsor_name, ag->sponsor_id, &id, &count)) !=
		    ST_OK)
			return rc;
		/* Two sponsors with one name: the file must say which, by sponsor_id. */
		if (count > 1 && ag->sponsor_id == 0)
			return dom_refuse(err, E_CONFLICT, "sponsor_name_en", NULL);
		/* Given both, name and id must designate the same sponsor. */
		if (count == 0 || (ag->sponsor_id && id != ag->sponsor_id))
			return dom_refuse(err, E_REFERENCE, "sponsor_name_en", NULL);
		in.org_id = id;
	}
	if (ag->region_code) {
		if ((rc = region_by_code(ap->tx, ag->region_code, &in.region_id)) != ST_OK)
			return rc;
		if (in.region_id == 0)
			return dom_refuse(err, E_REFERENCE, "region_code", NULL);
		in.has_region = 1;
	}
	if (!in.has_lang) {
		struct st_param pp[] = { SP_INT(in.person_id) };
		if ((rc = st_exec(ap->tx, Q_PERSON_GET, pp, 1, person_lang_row, &in.lang, NULL)) !=
		    ST_OK)
			return rc;
		in.has_lang = 1;
	}
	struct case_rec rec;
	return agreement_create(ap->tx, a, ap->who, &in, LANG_EN, &rec, NULL, err);
}

/* The CSV column behind a domain refusal's field name. */
static const char *
refusal_column(enum csv_kind kind, const struct csv_row *row, const struct dom_err *err)
{
	const char *f = err->field;
	if (f == NULL)
		return err->e == E_DUPLICATE_PERSON ? "confirm_not_duplicate" : NULL;
	if (strcmp(f, "region_id") == 0)
		return "region_code";
	if (strcmp(f, "person_id") == 0)
		return "apprentice_client_number";
	if (strcmp(f, "sponsor_id") == 0 && kind == CSV_AGREEMENTS)
		return row->agreement.sponsor_id ? "sponsor_id" : "sponsor_name_en";
	return f;
}

enum st_rc
csvio_apply(struct st_tx *tx, struct arena *a, const struct principal *who,
    enum csv_kind kind, const struct csv_rows *rows, int dry_run, struct csv_report *rep)
{
	/* A re-run (the writer retries a failed group alone) must start from a clean report. */
	report_reset(rep);
	rep->created = 0;
	rep->dry_run = dry_run;
	rep->dry_run_ok = 0;
	if (rows->kind != kind)
		return ST_ERROR;

	struct apply ap = { .tx = tx, .who = who };
	arena_init(&ap.keep);
	enum st_rc rc = ST_OK;
	int64_t created = 0;
	for (size_t i = 0; i < rows->n && rc == ST_OK; i++) {
		const struct csv_row *row = &rows->v[i];
		struct arena scratch;   /* per row: a big import must not grow one arena */
		struct dom_err err = { 0 };
		enum st_rc r = ST_ERROR;
		arena_init(&scratch);
		switch (kind) {
		case CSV_PERSONS:
			r = apply_person(&ap, &scratch, row, &err);
			break;
		case CSV_ORGANISATIONS:
			r = apply_org(&ap, &scratch, row, &err);
			break;
		case CSV_AGREEMENTS:
			r = apply_agreement(&ap, &scratch, row, &err);
			break;
		}
		if (r == ST_OK)
			created++;
		else if (r == ST_CONFLICT)
			csvio_report_add(rep, row->line, refusal_column(kind, row, &err),
			    err.e != E_NONE ? err.e : E_CONFLICT);
		else
			rc = r;
		if (err.extra)
			json_decref(err.extra);
		arena_free(&scratch);
	}
	free(ap.sponsors);
	arena_free(&ap.keep);
	if (rc != ST_OK)
		return rc;
	if (rep->error_count > 0)
		return ST_CONFLICT;
	if (dry_run) {
		rep->created = created;
		rep->dry_run_ok = 1;
		return ST_CONFLICT;
	}
	json_t *payload = json_pack("{s:s,s:I}", "kind", csvio_kind_name(kind), "rows",
	    (json_int_t)created);
	struct audit_event ev = { "import", 0, 0, "import.completed", NULL, NULL, payload };
	rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	if (rc == ST_OK)
		rep->created = created;
	return rc;
}

/* ---- export ---- */

/* One cell: libcsv quoting; a leading = + - @ (or tab, CR) would make a spreadsheet run the
 * cell as a formula, so such cells get a leading apostrophe. */
static void
out_cell(struct buf *b, const char *s, int first)
{
	char small[512];
	if (!first)
		buf_putc(b, ',');
	if (s == NULL)
		s = "";
	size_t n = strlen(s);
	int inert = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	size_t m = n + (size_t)inert;
	char *src = xmalloc(m + 1);
	if (inert)
		src[0] = '\'';
	memcpy(src + inert, s, n);
	/* csv_write adds two quotes and doubles inner quotes: 2m + 2 bytes at most. */
	size_t cap = 2 * m + 2;
	char *dst = cap <= sizeof(small) ? small : xmalloc(cap);
	size_t w = csv_write(dst, cap, src, m);
	buf_put(b, dst, w);
	if (dst != small)
		free(dst);
	free(src);
}

void
csvio_put_cell(struct buf *b, const char *s, int first)
{
	out_cell(b, s, first);
}

static void
out_header(struct buf *b, const char *const *cols)
{
	for (int i = 0; cols[i]; i++)
		out_cell(b, cols[i], i == 0);
	buf_puts(b, "\r\n");
}

static void
out_i64(struct buf *b, int64_t v, int first)
{
	char t[24];
	snprintf(t, sizeof(t), "%" PRId64, v);
	out_cell(b, t, first);
}

static void
out_time(struct buf *b, int64_t us, int first)
{
	char t[32] = "";
	if (us)
		time_format_us(us, t);
	out_cell(b, t, first);
}

/* A member of a JSON object as cell text: strings as they are, integers in decimal, null and
 * anything else empty. */
static void
out_json(struct buf *b, json_t *o, const char *key, int first)
{
	json_t *v = json_object_get(o, key);
	if (json_is_integer(v))
		out_i64(b, (int64_t)json_integer_value(v), first);
	else
		out_cell(b, json_is_string(v) ? json_string_value(v) : "", first);
}

/* Region ids to codes (the list is ordered by id), so exported files name regions the way
 * import files do. */
struct region_map {
	struct arena *a;
	int64_t *ids;
	const char **codes;
	size_t n, cap;
};

static int
region_map_row(void *ctx, const struct st_row *row)
{
	struct region_map *m = ctx;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		int64_t *ids = arena_calloc(m->a, cap, sizeof(*ids));
		const char **codes = arena_calloc(m->a, cap, sizeof(*codes));
		if (m->n) {
			memcpy(ids, m->ids, m->n * sizeof(*ids));
			memcpy(codes, m->codes, m->n * sizeof(*codes));
		}
		m->ids = ids;
		m->codes = codes;
		m->cap = cap;
	}
	m->ids[m->n] = st_i64(row, 0);
	m->codes[m->n] = arena_strdup(m->a, st_text(row, 3));
	m->n++;
	return 0;
}

static const char *
region_code_of(const struct region_map *m, int64_t id)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->ids[mid] == id)
			return m->codes[mid];
		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

static void
out_region(struct buf *b, const struct region_map *m, json_t *v, int first)
{
	out_cell(b, json_is_integer(v) ? region_code_of(m, (int64_t)json_integer_value(v)) : "",
	    first);
}

struct export_ctx {
	struct st_tx *tx;
	const struct principal *who;
	struct buf *out;
	struct region_map regions;
	int64_t rows, last_id;
	int page_rows;
};

static int
person_line_row(void *ctx, const struct st_row *row)
{
	struct export_ctx *x = ctx;
	struct buf *b = x->out;
	/* PERSON_COLS; sin_sealed, sin_last3 and self_id (11-13) are never written. */
	out_i64(b, st_i64(row, 0), 1);
	for (int c = 1; c <= 9; c++)
		out_cell(b, st_isnull(row, c) ? "" : st_text(row, c), 0);
	out_cell(b, st_isnull(row, 10) ? "" : region_code_of(&x->regions, st_i64(row, 10)), 0);
	out_time(b, st_i64(row, 14), 0);
	buf_puts(b, "\r\n");
	x->rows++;
	return 1;
}

static enum st_rc
export_persons(struct export_ctx *x)
{
	static const char *const cols[] = { "id", "client_number", "given_name", "family_name",
		"birth_date", "language", "email", "phone", "postal_code", "municipality",
		"region_code", "created_at", NULL };
	out_header(x->out, cols);
	enum st_rc rc = ST_OK;
	int64_t after = 0;
	do {
		struct arena page;
		json_t *items = NULL, *it;
		size_t k;
		int64_t next = 0;
		arena_init(&page);
		rc = person_search(x->tx, &page, x->who, NULL, NULL, NULL, after, EXPORT_PAGE, &items,
		    &next);
		/* The search gives a summary; the full record (minus what is never exported) is
		 * read per person. */
		json_array_foreach(items, k, it) {
			if (rc != ST_OK)
				break;
			struct st_param p[] = { SP_INT(json_integer_value(json_object_get(it, "id"))) };
			rc = st_exec(x->tx, Q_PERSON_GET, p, 1, person_line_row, x, NULL);
		}
		json_decref(items);
		arena_free(&page);
		after = next;
	} while (rc == ST_OK && after != 0);
	return rc;
}

static enum st_rc
export_orgs(struct export_ctx *x)
{
	static const char *const cols[] = { "id", "kind", "name_en", "name_fr", "region_code",
		"email", "phone", "postal_code", "municipality", NULL };
	out_header(x->out, cols);
	enum st_rc rc = ST_OK;
	int64_t after = 0;
	do {
		struct arena page;
		json_t *items = NULL, *it;
		size_t k;
		int64_t next = 0;
		arena_init(&page);
		rc = org_list(x->tx, &page, x->who, NULL, NULL, 0, after, EXPORT_PAGE, &items, &next);
		json_array_foreach(items, k, it) {
			out_json(x->out, it, "id", 1);
			out_json(x->out, it, "kind", 0);
			out_json(x->out, it, "name_en", 0);
			out_json(x->out, it, "name_fr", 0);
			out_region(x->out, &x->regions, json_object_get(it, "region_id"), 0);
			out_json(x->out, it, "email", 0);
			out_json(x->out, it, "phone", 0);
			out_json(x->out, it, "postal_code", 0);
			out_json(x->out, it, "municipality", 0);
			buf_puts(x->out, "\r\n");
			x->rows++;
		}
		json_decref(items);
		arena_free(&page);
		after = next;
	} while (rc == ST_OK && after != 0);
	return rc;
}

static enum st_rc
export_agreements(struct export_ctx *x)
{
	static const char *const cols[] = { "id", "registration_number", "state",
		"apprentice_client_number", "apprentice_given_name", "apprentice_family_name",
		"sponsor_id", "sponsor_name_en", "trade_code", "region_code", "language", "start_date",
		"opened_at", "updated_at", "closed_at", NULL };
	out_header(x->out, cols);
	enum st_rc rc = ST_OK;
	struct case_filter f = { .program = "apprenticeship", .limit = EXPORT_PAGE };
	do {
		struct arena page;
		json_t *items = NULL, *it;
		size_t k;
		int64_t next = 0;
		arena_init(&page);
		/* English: the sponsor's name in the summary is then name_en. */
		rc = case_list(x->tx, &page, x->who, &f, LANG_EN, &items, &next);
		json_array_foreach(items, k, it) {
			json_t *ap = json_object_get(it, "apprentice"), *sp = json_object_get(it, "sponsor");
			out_json(x->out, it, "id", 1);
			out_json(x->out, it, "registration_number", 0);
			out_json(x->out, it, "state", 0);
			out_json(x->out, ap, "client_number", 0);
			out_json(x->out, ap, "given_name", 0);
			out_json(x->out, ap, "family_name", 0);
			out_json(x->out, sp, "id", 0);
			out_json(x->out, sp, "name", 0);
			out_json(x->out, it, "trade_code", 0);
			out_region(x->out, &x->regions, json_object_get(it, "region_id"), 0);
			out_json(x->out, it, "language", 0);
			out_json(x->out, it, "start_date", 0);
			out_json(x->out, it, "opened_at", 0);
			out_json(x->out, it, "updated_at", 0);
			out_json(x->out, it, "closed_at", 0);
			buf_puts(x->out, "\r\n");
			x->rows++;
		}
		json_decref(items);
		arena_free(&page);
		f.after = next;
	} while (rc == ST_OK && f.after != 0);
	return rc;
}

static int
event_line_row(void *ctx, const struct st_row *row)
{
	struct export_ctx *x = ctx;
	struct buf *b = x->out;
	/* Q_AUDIT_LIST columns; the payload (10) holds personal data and stays out. */
	out_i64(b, st_i64(row, 0), 1);
	out_time(b, st_i64(row, 1), 0);
	if (st_isnull(row, 2))
		out_cell(b, "", 0);
	else
		out_i64(b, st_i64(row, 2), 0);
	out_cell(b, st_isnull(row, 3) ? "" : st_text(row, 3), 0);
	out_cell(b, st_text(row, 4), 0);
	out_i64(b, st_i64(row, 5), 0);
	if (st_isnull(row, 6))
		out_cell(b, "", 0);
	else
		out_i64(b, st_i64(row, 6), 0);
	for (int c = 7; c <= 9; c++)
		out_cell(b, st_isnull(row, c) ? "" : st_text(row, c), 0);
	out_cell(b, st_text(row, 11), 0);
	buf_puts(b, "\r\n");
	x->rows++;
	x->last_id = st_i64(row, 0);
	x->page_rows++;
	return 0;
}

static enum st_rc
export_events(struct export_ctx *x)
{
	static const char *const cols[] = { "id", "at", "actor_id", "actor_role", "entity",
		"entity_id", "case_id", "type", "from_state", "to_state", "hash", NULL };
	out_header(x->out, cols);
	/* The audit trail is for auditors and administrators only (as its API route). */
	if (x->who->role != ROLE_AUDITOR && x->who->role != ROLE_ADMIN)
		return ST_OK;
	enum st_rc rc;
	do {
		x->page_rows = 0;
		struct st_param p[] = { SP_STR(""), SP_INT(0), SP_INT(0), SP_INT(x->last_id),
			SP_INT(EXPORT_PAGE) };
		rc = st_exec(x->tx, Q_AUDIT_LIST, p, 5, event_line_row, x, NULL);
	} while (rc == ST_OK && x->page_rows == EXPORT_PAGE);
	return rc;
}

enum st_rc
csvio_export(struct st_tx *tx, struct arena *a, const struct principal *who, const char *kind,
    struct buf *out, int64_t *rows)
{
	struct export_ctx x = { .tx = tx, .who = who, .out = out };
	x.regions.a = a;
	if (rows)
		*rows = 0;
	enum st_rc (*fn)(struct export_ctx *) = NULL;
	if (kind == NULL)
		return ST_NOTFOUND;
	if (strcmp(kind, "persons") == 0)
		fn = export_persons;
	else if (strcmp(kind, "organisations") == 0)
		fn = export_orgs;
	else if (strcmp(kind, "agreements") == 0)
		fn = export_agreements;
	else if (strcmp(kind, "events") == 0)
		fn = export_events;
	else
		return ST_NOTFOUND;
	enum st_rc rc = st_exec(tx, Q_REGION_LIST, NULL, 0, region_map_row, &x.regions, NULL);
	if (rc == ST_OK)
		rc = fn(&x);
	if (rows)
		*rows = x.rows;
	return rc;
}

enum st_rc
csvio_export_audit(struct st_tx *tx, const struct principal *who, const char *kind, int64_t rows)
{
	json_t *payload = json_pack("{s:s,s:I}", "kind", kind, "rows", (json_int_t)rows);
	struct audit_event ev = { "export", 0, 0, "export.completed", NULL, NULL, payload };
	enum st_rc rc = audit_append(tx, who, &ev, NULL);
	json_decref(payload);
	return rc;
}
