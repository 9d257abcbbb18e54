/* csvio: bulk CSV import (persons, organisations, agreements) and CSV export.
 *
 * Import is two steps, so that a file with mistakes never half-lands:
 *  1. csvio_parse() reads the whole file without touching the database: header, UTF-8, NFC,
 *     lengths (the API's limits) and formats of every cell. Each problem becomes a report
 *     entry naming the line where its record starts (the header is line 1; a quoted cell
 *     holding line breaks makes the next record start further down), the column and the
 *     err.def error. Nothing is written, whatever the outcome.
 *  2. csvio_apply() runs in one write transaction: it resolves references (region codes,
 *     client numbers, sponsors), then calls the domain create functions row by row so every
 *     record gets its usual audit event and duplicate check. Any refused row is reported and
 *     the remaining rows are still checked; the transaction then rolls back as a whole.
 *     A dry run rolls back even when every row went in, so it reports exactly what a real
 *     import would do and writes nothing.
 *
 * Columns are matched by name (case ignored, order free); cells are trimmed and empty cells
 * mean "absent". Lines are counted at LF; a UTF-8 byte order mark and CRLF are accepted.
 *
 * Export writes a header and one line per record the caller may see (the domain list
 * functions and their scope rules), quoted by libcsv, with cells that a spreadsheet would run
 * as a formula made inert. The SIN, self-identification and event payloads (which hold
 * personal data) are never exported.
 */
#ifndef PASSERELLE_CSVIO_H
#define PASSERELLE_CSVIO_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "domain/roles.h"
#include "store/store.h"

#define CSVIO_MAX_BYTES (8u * 1024u * 1024u)
#define CSVIO_MAX_LINES 100000
#define CSVIO_MAX_ERRORS 1000     /* report entries kept; further errors are only counted */

enum csv_kind { CSV_PERSONS, CSV_ORGANISATIONS, CSV_AGREEMENTS };

/* "persons", "organisations", "agreements": 0 and *out, or -1 for anything else. */
int csvio_kind_parse(const char *name, enum csv_kind *out);
const char *csvio_kind_name(enum csv_kind kind);

struct csv_error {
	int64_t line;        /* 1-based line where the record starts; 0 = the whole file */
	char column[64];     /* column name; "" when no single column is at fault */
	enum err_id err;
};

struct csv_report {
	struct csv_error *errors;   /* the first CSVIO_MAX_ERRORS problems, in file order */
	size_t nerrors, cap;
	int64_t error_count;        /* all problems, including those past the cap */
	int64_t rows;               /* data records in the file (blank lines not counted) */
	int64_t created;            /* records created; for a dry run, that would be created */
	int dry_run;
	int dry_run_ok;             /* dry run in which every row would have been created */
};

/* One valid data record, ready for the domain create function (strings live in the arena
 * of struct csv_rows). References that need the database stay as text until csvio_apply. */
struct csv_person_row {
	struct person_in in;        /* region_id unset: see region_code */
	const char *region_code;
};

struct csv_org_row {
	struct org_in in;
	const char *region_code;
};

struct csv_agreement_row {
	const char *client_no;
	const char *sponsor_name;   /* sponsor_name_en, or NULL */
	int64_t sponsor_id;         /* 0 when not given */
	const char *trade_code;
	int32_t start_date;
	const char *region_code;    /* NULL: the sponsor's region */
	int lang, has_lang;         /* absent: the apprentice's language */
};

struct csv_row {
	int64_t line;
	union {
		struct csv_person_row person;
		struct csv_org_row org;
		struct csv_agreement_row agreement;
	};
};

struct csv_rows {
	enum csv_kind kind;
	struct arena arena;         /* the rows' strings */
	struct csv_row *v;
	size_t n, cap;
};

/* Parses and checks data (len bytes, need not be NUL-terminated) without any database
 * access. Initialises *out and *rep (release both with the _free functions, whatever the
 * outcome). Returns 0 when the file has no error, -1 otherwise (see rep). */
int csvio_parse(enum csv_kind kind, const char *data, size_t len, struct csv_rows *out,
    struct csv_report *rep);
void csvio_rows_free(struct csv_rows *rows);
void csvio_report_free(struct csv_report *rep);

/* The same reading for another module's import (points of service): columns by name, each
 * checked as text (UTF-8, NFC, trimmed, no control characters, lo..hi code points when hi >
 * 0, required ones present), with the same header rules, line numbers and limits. Each clean
 * record goes to row() with its cells by column index (NULL when empty; strings in a); row()
 * checks the values and reports with csvio_report_add. Initialises *rep. 0 when the file has
 * no error (including those row() reported), -1 otherwise. */
struct csvio_column {
	const char *name;
	int required;
	int lo, hi;
};
struct csvio_table {
	const struct csvio_column *cols;
	int ncols;                  /* at most 24 */
	void (*row)(void *ctx, int64_t line, const char *const *cells, struct arena *a,
	    struct csv_report *rep);
	void *ctx;
};
int csvio_parse_table(const struct csvio_table *t, const char *data, size_t len,
    struct arena *a, struct csv_report *rep);
/* One report entry (line 0 = the whole file; column NULL = none). */
void csvio_report_add(struct csv_report *rep, int64_t line, const char *column, enum err_id e);

/* Write transaction: creates every row of a successful csvio_parse as who. Returns ST_OK
 * when all rows were created (plus one "import.completed" audit event); ST_CONFLICT when a
 * row was refused (see rep) or for a dry run (rep->dry_run_ok tells whether it would have
 * succeeded): the caller's transaction must then roll back, which the store does for any
 * non-OK outcome. Other codes are store failures. Safe to re-run: rep's apply part is reset
 * on entry. a is unused for per-row work (each row gets its own scratch arena). */
enum st_rc csvio_apply(struct st_tx *tx, struct arena *a, const struct principal *who,
    enum csv_kind kind, const struct csv_rows *rows, int dry_run, struct csv_report *rep);

/* {"valid", "dry_run", "rows", "created", "error_count", "truncated",
 *  "errors": [{"line", "column" (null when none), "code", "error", "message"}]}; owned. */
json_t *csvio_report_json(const struct csv_report *rep, enum lang lang);

/* Appends the CSV of kind ("persons", "organisations", "agreements", "events") that who
 * may see to out; *rows (may be NULL) gets the number of records written. Read-only: runs
 * in a read transaction. ST_NOTFOUND for an unknown kind. */
enum st_rc csvio_export(struct st_tx *tx, struct arena *a, const struct principal *who,
    const char *kind, struct buf *out, int64_t *rows);
/* Appends one cell to a CSV line being written (a comma first unless first), quoted as the
 * exports quote, and made inert when a spreadsheet would run it as a formula (a leading
 * apostrophe before = + - @ tab CR). For other writers of CSV (the pages' downloads). */
void csvio_put_cell(struct buf *b, const char *s, int first);

/* Write transaction: records that who exported rows records of kind ("export.completed").
 * A bulk export reads many full records, so it is audited like a single staff read. */
enum st_rc csvio_export_audit(struct st_tx *tx, const struct principal *who, const char *kind,
    int64_t rows);

#endif
