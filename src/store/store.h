/* store: the one narrow storage interface. Backend-neutral; the SQLite backend is
 * store_sqlite.c (+ writer.c for group commit). Only store/ includes sqlite3.h.
 *
 * SQL lives only in queries.def (X-macro list of portable statements with $1..$n
 * parameters) and sql/<backend>/NNNN_*.sql migrations.
 *
 * Threading contract:
 *  - st_read() runs fn in a read-only transaction on the calling thread's own read
 *    connection (opened lazily, thread-local, closed at thread exit or st_close()).
 *  - st_write() and st_write_async() run fn on the single writer thread. The writer groups
 *    concurrent jobs into one transaction (group commit): each job runs inside its own
 *    SAVEPOINT, so a job that fails rolls back alone; one COMMIT makes the whole group
 *    durable (WAL, synchronous=FULL), then every job gets its own outcome.
 *    fn must not block on anything but the store, and must not touch HTTP or files.
 *  - A transaction callback returns ST_OK to keep its writes; any other value rolls them back
 *    and is the job's outcome.
 */
#ifndef PASSERELLE_STORE_H
#define PASSERELLE_STORE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum st_rc { ST_OK = 0, ST_NOTFOUND, ST_CONFLICT, ST_RETRY, ST_ERROR };

enum st_query {
#define Q(id, sql) id,
#include "store/queries.def"
#undef Q
	Q__COUNT
};

enum st_ptype { SP_NULL = 0, SP_I64, SP_TEXT, SP_BLOB };

struct st_param {
	enum st_ptype t;
	int64_t i;
	const void *p;
	size_t n;
};

#define SP_INT(v) ((struct st_param){ .t = SP_I64, .i = (int64_t)(v) })
#define SP_NUL ((struct st_param){ .t = SP_NULL })
/* Text parameter; NULL pointer binds SQL NULL. The bytes are borrowed until st_exec returns. */
static inline struct st_param
SP_STR(const char *s)
{
	struct st_param p = { .t = s ? SP_TEXT : SP_NULL, .p = s, .n = s ? strlen(s) : 0 };
	return p;
}
#define SP_BLOB_(ptr, len) ((struct st_param){ .t = SP_BLOB, .p = (ptr), .n = (len) })
/* Integer parameter, or NULL when has == 0. */
#define SP_OPTINT(has, v) ((has) ? SP_INT(v) : SP_NUL)

struct store;
struct st_tx;
struct st_row;

/* Called once per result row; the row and its text/blob pointers are valid only during the
 * call (copy what you keep). Return 0 to continue, non-zero to stop early. */
typedef int (*st_row_fn)(void *ctx, const struct st_row *row);
typedef enum st_rc (*st_tx_fn)(struct st_tx *tx, void *ctx);
typedef void (*st_done_fn)(void *done_ctx, enum st_rc rc);

/* url: "sqlite:PATH" or a plain PATH. Opens the writer connection and starts the writer
 * thread. Applies the connection settings (WAL, synchronous=FULL, foreign_keys, busy_timeout).
 * Returns ST_OK and *out owned (free with st_close). */
enum st_rc st_open(const char *url, struct store **out);
void st_close(struct store *st);

/* Applies pending numbered migrations (embedded at build time) in one write transaction each.
 * *applied gets how many ran (may be NULL). */
enum st_rc st_migrate(struct store *st, int *applied);
/* The highest migration number applied. */
int st_schema_version(struct store *st);
/* Prepares every statement of queries.def against the schema (start-up check). ST_OK when all
 * compile; *failed (may be NULL) gets how many did not, each logged by name. */
enum st_rc st_check_queries(struct store *st, int *failed);
/* The highest migration number built into this binary. */
int st_migrations_known(void);

enum st_rc st_read(struct store *st, st_tx_fn fn, void *ctx);
/* Blocks the caller until the job's group is durable (or failed). */
enum st_rc st_write(struct store *st, st_tx_fn fn, void *ctx);
/* Returns at once; done(done_ctx, rc) is called from the writer thread after the commit. */
void st_write_async(struct store *st, st_tx_fn fn, void *ctx, st_done_fn done, void *done_ctx);

/* Runs one statement. fn (may be NULL) gets each row. *affected (may be NULL) gets the number
 * of rows changed by INSERT/UPDATE/DELETE. Returns ST_OK, ST_CONFLICT on a unique or
 * foreign-key violation, ST_RETRY when busy, ST_ERROR otherwise (logged, never shown). */
enum st_rc st_exec(struct st_tx *tx, enum st_query q, const struct st_param *params, size_t n,
    st_row_fn fn, void *ctx, int64_t *affected);
/* One-row helpers: ST_NOTFOUND when the statement yields no row. */
enum st_rc st_one_i64(struct st_tx *tx, enum st_query q, const struct st_param *params, size_t n,
    int64_t *out);

int st_ncols(const struct st_row *row);
int st_isnull(const struct st_row *row, int col);
int64_t st_i64(const struct st_row *row, int col);
const char *st_text(const struct st_row *row, int col);   /* "" for NULL; valid during callback */
size_t st_len(const struct st_row *row, int col);
const void *st_blob(const struct st_row *row, int col);

/* Online backup of the live database into path, then PRAGMA integrity_check of the copy.
 * Returns ST_OK only when the copy is complete and intact. */
enum st_rc st_backup(struct store *st, const char *path);

/* Counters for /metrics (monotonic since open). */
struct st_stats {
	uint64_t write_jobs, write_groups, write_commit_us_total, queue_depth;
	uint64_t read_txs, read_us_total;
	uint64_t group_size_hist[8]; /* 1, 2, 3-4, 5-8, 9-16, 17-32, 33-64, 65+ */
};
void st_get_stats(struct store *st, struct st_stats *out);

const char *st_rc_name(enum st_rc rc);

#endif
