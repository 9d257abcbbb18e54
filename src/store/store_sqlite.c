/* store_sqlite: the SQLite backend of store.h: connections, statements, reads, backup.
 *
 * Connections: one read-write connection owned by the writer thread (writer.c) and one
 * read-only (query_only) connection per thread that calls st_read(), opened lazily and kept
 * in a thread-local slot keyed by the store's generation number, which is unique per
 * st_open() in the process, so a stale slot never matches a newer store at the same address.
 * A process-wide registry of live stores, under one mutex taken only when a connection is
 * opened or closed, lets the thread-exit destructor close a thread's connections even while
 * st_close() runs, and lets st_close() close all of them. All connections are opened with
 * SQLITE_OPEN_NOMUTEX: each is confined to one thread.
 * st_read() called on the writer thread (from inside a write job) runs on the writer's
 * transaction instead, so it sees the job's own writes.
 * Caller contract: st_close() must not run while another thread is inside st_read() or
 * st_write() on the same store.
 *
 * Statements: each connection caches one prepared statement per query id, prepared on first
 * use. $N placeholders are rewritten to ?N at prepare time, because SQLite otherwise numbers
 * $N by first appearance (in "SELECT $2, $1", $2 would bind first).
 */
#include "store/store_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

struct st_row {
	sqlite3_stmt *s;
};

static const char *const q_names[Q__COUNT] = {
#define Q(id, sql) #id,
#include "store/queries.def"
#undef Q
};

static const char *const q_sql[Q__COUNT] = {
#define Q(id, sql) sql,
#include "store/queries.def"
#undef Q
};

static const char *const ctl_sql[CTL__COUNT] = {
	[CTL_BEGIN] = "BEGIN",
	[CTL_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[CTL_COMMIT] = "COMMIT",
	[CTL_ROLLBACK] = "ROLLBACK",
	[CTL_SAVEPOINT] = "SAVEPOINT j",
	[CTL_RELEASE] = "RELEASE j",
	[CTL_ROLLBACK_TO] = "ROLLBACK TO j",
};

/* Settings of every connection (STYLE §3.1). busy_timeout is set through the API. */
static const char conn_pragmas[] =
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-16384;"           /* KiB */
    "PRAGMA journal_size_limit=67108864;"; /* bytes: WAL truncated to 64 MiB after checkpoint */

#define ST_BUSY_MS 5000
#define ST_TLS_SLOTS 16

/* Thread-local read connections. The destructor of tls_key closes them at thread exit. */
struct st_slot {
	uint64_t gen;
	struct st_tx *tx;
};
static _Thread_local struct st_slot tls_slots[ST_TLS_SLOTS];
static _Thread_local int tls_registered;

static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static pthread_key_t tls_key;

/* Registry of live stores: guards store.reg_next, store.readers, store.nreaders. */
static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct store *reg_head;
static uint64_t reg_gen;

/* Under reg_mu. */
static struct store *
reg_find(uint64_t gen)
{
	for (struct store *s = reg_head; s != NULL; s = s->reg_next)
		if (s->gen == gen)
			return s;
	return NULL;
}

/* Under reg_mu. */
static void
reg_unlink_reader(struct store *st, struct st_tx *tx)
{
	for (struct st_tx **pp = &st->readers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == tx) {
			*pp = tx->next;
			st->nreaders--;
			return;
		}
	}
}

static void
tls_release(void *p)
{
	struct st_slot *slots = p;
	pthread_mutex_lock(&reg_mu);
	for (int i = 0; i < ST_TLS_SLOTS; i++) {
		if (slots[i].gen == 0)
			continue;
		/* A closed store already closed and freed this connection. */
		struct store *st = reg_find(slots[i].gen);
		if (st != NULL) {
			reg_unlink_reader(st, slots[i].tx);
			st_conn_close(slots[i].tx);
		}
		slots[i].gen = 0;
		slots[i].tx = NULL;
	}
	pthread_mutex_unlock(&reg_mu);
}

static void
tls_key_create(void)
{
	if (pthread_key_create(&tls_key, tls_release) != 0) {
		log_err("store: pthread_key_create failed");
		abort();
	}
}

/* The calling thread's read connection to st, opened on first use. */
static enum st_rc
reader_get(struct store *st, struct st_tx **out)
{
	for (int i = 0; i < ST_TLS_SLOTS; i++) {
		if (tls_slots[i].gen == st->gen) {
			*out = tls_slots[i].tx;
			return ST_OK;
		}
	}
	pthread_once(&tls_once, tls_key_create);
	enum st_rc rc = ST_ERROR;
	pthread_mutex_lock(&reg_mu);
	int slot = -1;
	for (int i = 0; i < ST_TLS_SLOTS && slot < 0; i++)
		if (tls_slots[i].gen == 0 || reg_find(tls_slots[i].gen) == NULL)
			slot = i;
	if (slot < 0) {
		log_err("store: one thread reads from more than %d open stores", ST_TLS_SLOTS);
		goto out;
	}
	struct st_tx *tx;
	rc = st_conn_open(st, 1, &tx);
	if (rc != ST_OK)
		goto out;
	tx->next = st->readers;
	st->readers = tx;
	st->nreaders++;
	tls_slots[slot].gen = st->gen;
	tls_slots[slot].tx = tx;
	if (!tls_registered) {
		/* Any non-NULL value makes the destructor run at thread exit. */
		pthread_setspecific(tls_key, tls_slots);
		tls_registered = 1;
	}
	*out = tx;
out:
	pthread_mutex_unlock(&reg_mu);
	return rc;
}

enum st_rc
st_rc_from_sqlite(struct st_tx *tx, int rc, const char *what)
{
	char msg[256];
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return ST_OK;
	case SQLITE_CONSTRAINT:
		/* An expected outcome (duplicate key...), not a fault. */
		log_debug("store: %s: %s", what,
		    log_safe(sqlite3_errmsg(tx->db), msg, sizeof(msg)));
		return ST_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("store: %s: %s", what, log_safe(sqlite3_errmsg(tx->db), msg, sizeof(msg)));
		return ST_RETRY;
	default:
		log_err("store: %s failed (sqlite %d): %s", what, rc,
		    log_safe(sqlite3_errmsg(tx->db), msg, sizeof(msg)));
		return ST_ERROR;
	}
}

static int
is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

char *
st_sql_rewrite(const char *sql)
{
	/* "$N" and "?N" have the same length: rewrite a copy in place. */
	char *out = xstrdup(sql);
	char *p = out;
	while (*p != '\0') {
		char c = *p;
		if (c == '\'' || c == '"' || c == '`') {
			/* Literal or quoted identifier; a doubled quote is an escaped quote. */
			for (p++; *p != '\0'; p++) {
				if (*p == c) {
					if (p[1] != c)
						break;
					p++;
				}
			}
			if (*p != '\0')
				p++;
		} else if (c == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (c == '/' && p[1] == '*') {
			for (p += 2; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
				;
			if (*p != '\0')
				p += 2;
		} else if (c == '$' && isdigit((unsigned char)p[1]) &&
		    (p == out || !is_ident_char(p[-1]))) {
			*p++ = '?';
		} else {
			p++;
		}
	}
	return out;
}

static enum st_rc
stmt_prepare(struct st_tx *tx, const char *sql, const char *what, unsigned flags,
    sqlite3_stmt **out)
{
	char *text = st_sql_rewrite(sql);
	const char *tail = NULL;
	*out = NULL;
	int rc = sqlite3_prepare_v3(tx->db, text, -1, flags, out, &tail);
	enum st_rc ret = ST_OK;
	if (rc != SQLITE_OK) {
		ret = st_rc_from_sqlite(tx, rc, what);
		goto out;
	}
	while (tail != NULL && (isspace((unsigned char)*tail) || *tail == ';'))
		tail++;
	if (*out == NULL || (tail != NULL && *tail != '\0')) {
		log_err("store: %s must be exactly one SQL statement", what);
		ret = ST_ERROR;
	}
out:
	if (ret != ST_OK) {
		sqlite3_finalize(*out);
		*out = NULL;
	}
	free(text);
	return ret;
}

static int
bind_one(sqlite3_stmt *s, int idx, const struct st_param *p)
{
	switch (p->t) {
	case SP_NULL:
		return sqlite3_bind_null(s, idx);
	case SP_I64:
		return sqlite3_bind_int64(s, idx, p->i);
	case SP_TEXT:
		if (p->p == NULL)
			return sqlite3_bind_null(s, idx);
		/* Borrowed: bindings are cleared before st_exec returns. */
		return sqlite3_bind_text64(s, idx, p->p, p->n, SQLITE_STATIC, SQLITE_UTF8);
	case SP_BLOB:
		if (p->p == NULL)
			return sqlite3_bind_zeroblob64(s, idx, 0);
		return sqlite3_bind_blob64(s, idx, p->p, p->n, SQLITE_STATIC);
	}
	return SQLITE_MISUSE;
}

/* Binds, steps to completion, calls fn per row. The caller resets the statement. */
static enum st_rc
stmt_run(struct st_tx *tx, sqlite3_stmt *s, const char *what, const struct st_param *params,
    size_t n, st_row_fn fn, void *ctx, int64_t *affected)
{
	int np = sqlite3_bind_parameter_count(s);
	if (np < 0 || (size_t)np != n) {
		log_err("store: %s takes %d parameters, got %zu", what, np, n);
		return ST_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = bind_one(s, (int)i + 1, &params[i]);
		if (rc != SQLITE_OK)
			return st_rc_from_sqlite(tx, rc, what);
	}
	sqlite3_int64 before = sqlite3_total_changes64(tx->db);
	int readonly = sqlite3_stmt_readonly(s);
	int stop = 0;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (fn != NULL && !stop) {
				struct st_row row = { s };
				stop = fn(ctx, &row) != 0;
			}
			/* A write still runs to completion; stop only ends callbacks. */
			if (stop && readonly)
				break;
			continue;
		}
		if (rc == SQLITE_DONE)
			break;
		return st_rc_from_sqlite(tx, rc, what);
	}
	if (affected != NULL) {
		/* sqlite3_changes64 keeps the last DML count across SELECT and DDL: check first. */
		*affected = sqlite3_total_changes64(tx->db) == before ? 0 :
		    sqlite3_changes64(tx->db);
	}
	return ST_OK;
}

enum st_rc
st_exec(struct st_tx *tx, enum st_query q, const struct st_param *params, size_t n,
    st_row_fn fn, void *ctx, int64_t *affected)
{
	if ((unsigned)q >= Q__COUNT) {
		log_err("store: unknown query id %d", (int)q);
		return ST_ERROR;
	}
	sqlite3_stmt *s = tx->cache[q];
	if (s == NULL) {
		enum st_rc rc = stmt_prepare(tx, q_sql[q], q_names[q],
		    SQLITE_PREPARE_PERSISTENT, &s);
		if (rc != ST_OK)
			return rc;
		tx->cache[q] = s;
	}
	enum st_rc rc = stmt_run(tx, s, q_names[q], params, n, fn, ctx, affected);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static enum st_rc
check_queries_job(struct st_tx *tx, void *ctx)
{
	int *failed = ctx;
	*failed = 0;
	for (size_t q = 0; q < Q__COUNT; q++) {
		if (tx->cache[q] != NULL)
			continue;
		if (stmt_prepare(tx, q_sql[q], q_names[q], SQLITE_PREPARE_PERSISTENT,
		    &tx->cache[q]) != ST_OK)
			(*failed)++;
	}
	return ST_OK;
}

enum st_rc
st_check_queries(struct store *st, int *failed)
{
	int nf = 0;
	enum st_rc rc = st_write(st, check_queries_job, &nf);
	if (failed != NULL)
		*failed = nf;
	return rc == ST_OK && nf > 0 ? ST_ERROR : rc;
}

enum st_rc
st_exec_sql_rows(struct st_tx *tx, const char *sql, const struct st_param *params, size_t n,
    st_row_fn fn, void *ctx, int64_t *affected)
{
	sqlite3_stmt *s;
	enum st_rc rc = stmt_prepare(tx, sql, "raw SQL", 0, &s);
	if (rc != ST_OK)
		return rc;
	rc = stmt_run(tx, s, "raw SQL", params, n, fn, ctx, affected);
	sqlite3_finalize(s);
	return rc;
}

enum st_rc
st_exec_sql(struct st_tx *tx, const char *sql)
{
	int rc = sqlite3_exec(tx->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? ST_OK : st_rc_from_sqlite(tx, rc, "raw SQL script");
}

struct one_i64 {
	int found;
	int64_t v;
};

static int
one_i64_row(void *ctx, const struct st_row *row)
{
	struct one_i64 *o = ctx;
	o->found = 1;
	o->v = st_i64(row, 0);
	return 1;
}

/* A NULL value reads as 0: only "no row" is ST_NOTFOUND. */
static enum st_rc
one_i64_result(enum st_rc rc, const struct one_i64 *o, int64_t *out)
{
	if (rc != ST_OK)
		return rc;
	if (!o->found)
		return ST_NOTFOUND;
	*out = o->v;
	return ST_OK;
}

enum st_rc
st_one_i64(struct st_tx *tx, enum st_query q, const struct st_param *params, size_t n,
    int64_t *out)
{
	struct one_i64 o = { 0, 0 };
	return one_i64_result(st_exec(tx, q, params, n, one_i64_row, &o, NULL), &o, out);
}

enum st_rc
st_one_i64_sql(struct st_tx *tx, const char *sql, const struct st_param *params, size_t n,
    int64_t *out)
{
	struct one_i64 o = { 0, 0 };
	return one_i64_result(st_exec_sql_rows(tx, sql, params, n, one_i64_row, &o, NULL), &o,
	    out);
}

enum st_rc
st_tx_ctl(struct st_tx *tx, enum st_ctl c)
{
	sqlite3_stmt *s = tx->ctl[c];
	if (s == NULL) {
		int rc = sqlite3_prepare_v3(tx->db, ctl_sql[c], -1, SQLITE_PREPARE_PERSISTENT, &s,
		    NULL);
		if (rc != SQLITE_OK)
			return st_rc_from_sqlite(tx, rc, ctl_sql[c]);
		tx->ctl[c] = s;
	}
	int rc = sqlite3_step(s);
	enum st_rc ret = rc == SQLITE_DONE ? ST_OK : st_rc_from_sqlite(tx, rc, ctl_sql[c]);
	sqlite3_reset(s);
	return ret;
}

int
st_ncols(const struct st_row *row)
{
	return sqlite3_column_count(row->s);
}

int
st_isnull(const struct st_row *row, int col)
{
	return sqlite3_column_type(row->s, col) == SQLITE_NULL;
}

int64_t
st_i64(const struct st_row *row, int col)
{
	return sqlite3_column_int64(row->s, col);
}

const char *
st_text(const struct st_row *row, int col)
{
	const unsigned char *t = sqlite3_column_text(row->s, col);
	return t != NULL ? (const char *)t : "";
}

size_t
st_len(const struct st_row *row, int col)
{
	return (size_t)sqlite3_column_bytes(row->s, col);
}

const void *
st_blob(const struct st_row *row, int col)
{
	return sqlite3_column_blob(row->s, col);
}

/* Runs a PRAGMA that returns one text row and copies the value into out. */
static enum st_rc
pragma_text(struct st_tx *tx, const char *sql, char *out, size_t outn)
{
	sqlite3_stmt *s;
	out[0] = '\0';
	int rc = sqlite3_prepare_v2(tx->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return st_rc_from_sqlite(tx, rc, sql);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		snprintf(out, outn, "%s", t != NULL ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	enum st_rc ret = rc == SQLITE_OK || rc == SQLITE_DONE ? ST_OK :
	    st_rc_from_sqlite(tx, rc, sql);
	sqlite3_finalize(s);
	return ret;
}

static enum st_rc
conn_setup(struct st_tx *tx)
{
	char mode[16];
	sqlite3_extended_result_codes(tx->db, 1);
	sqlite3_busy_timeout(tx->db, ST_BUSY_MS);
	if (!tx->readonly) {
		/* Persistent in the file; a read-only connection just inherits it. */
		if (pragma_text(tx, "PRAGMA journal_mode=WAL", mode, sizeof(mode)) != ST_OK)
			return ST_ERROR;
		if (strcmp(mode, "wal") != 0) {
			log_err("store: cannot switch the database to WAL (journal_mode=%s)", mode);
			return ST_ERROR;
		}
	}
	if (st_exec_sql(tx, conn_pragmas) != ST_OK)
		return ST_ERROR;
	if (tx->readonly && st_exec_sql(tx, "PRAGMA query_only=ON") != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

enum st_rc
st_conn_open(struct store *st, int readonly, struct st_tx **out)
{
	struct st_tx *tx = xcalloc(1, sizeof(*tx));
	tx->st = st;
	tx->readonly = readonly;
	int flags = SQLITE_OPEN_NOMUTEX |
	    (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc = sqlite3_open_v2(st->path, &tx->db, flags, NULL);
	if (rc != SQLITE_OK) {
		char path[256];
		log_err("store: cannot open %s: %s", log_safe(st->path, path, sizeof(path)),
		    tx->db != NULL ? sqlite3_errmsg(tx->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (conn_setup(tx) != ST_OK)
		goto fail;
	*out = tx;
	return ST_OK;
fail:
	st_conn_close(tx);
	*out = NULL;
	return ST_ERROR;
}

void
st_conn_close(struct st_tx *tx)
{
	if (tx == NULL)
		return;
	for (size_t i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(tx->cache[i]);
	for (size_t i = 0; i < CTL__COUNT; i++)
		sqlite3_finalize(tx->ctl[i]);
	if (tx->db != NULL) {
		if (!tx->readonly)
			sqlite3_exec(tx->db, "PRAGMA optimize", NULL, NULL, NULL);
		if (sqlite3_close(tx->db) != SQLITE_OK)
			log_err("store: close: %s", sqlite3_errmsg(tx->db));
	}
	free(tx);
}

enum st_rc
st_open(const char *url, struct store **out)
{
	*out = NULL;
	if (url == NULL) {
		log_err("store: no database URL");
		return ST_ERROR;
	}
	const char *path = url;
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else if (strstr(url, "://") != NULL || strncmp(url, "postgres", 8) == 0) {
		log_err("store: this backend only opens sqlite:PATH or a file path");
		return ST_ERROR;
	}
	/* Readers use their own connections: a private in-memory database cannot work. */
	if (*path == '\0' || strcmp(path, ":memory:") == 0) {
		log_err("store: the database must be a file");
		return ST_ERROR;
	}
	if (sqlite3_threadsafe() == 0) {
		log_err("store: libsqlite3 was built without thread support");
		return ST_ERROR;
	}
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	if (st_conn_open(st, 0, &st->wtx) != ST_OK) {
		st_close(st);
		return ST_ERROR;
	}
	pthread_mutex_lock(&reg_mu);
	st->gen = ++reg_gen;
	st->reg_next = reg_head;
	reg_head = st;
	pthread_mutex_unlock(&reg_mu);
	if (st_writer_start(st) != ST_OK) {
		st_close(st);
		return ST_ERROR;
	}
	*out = st;
	return ST_OK;
}

void
st_close(struct store *st)
{
	if (st == NULL)
		return;
	st_writer_stop(st);
	pthread_mutex_lock(&reg_mu);
	for (struct store **pp = &reg_head; *pp != NULL; pp = &(*pp)->reg_next) {
		if (*pp == st) {
			*pp = st->reg_next;
			break;
		}
	}
	/* Other threads' slots still name st->gen, which will never be live again. */
	while (st->readers != NULL) {
		struct st_tx *tx = st->readers;
		st->readers = tx->next;
		st_conn_close(tx);
	}
	st->nreaders = 0;
	pthread_mutex_unlock(&reg_mu);
	/* Last connection: SQLite checkpoints and removes the WAL. */
	st_conn_close(st->wtx);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st->path);
	free(st);
}

size_t
st_reader_count(struct store *st)
{
	pthread_mutex_lock(&reg_mu);
	size_t n = st->nreaders;
	pthread_mutex_unlock(&reg_mu);
	return n;
}

enum st_rc
st_read(struct store *st, st_tx_fn fn, void *ctx)
{
	/* Inside a write job, a read sees that job's own uncommitted writes. */
	if (st->writer_started && pthread_equal(pthread_self(), st->writer))
		return fn(st->wtx, ctx);
	struct st_tx *tx;
	enum st_rc rc = reader_get(st, &tx);
	if (rc != ST_OK)
		return rc;
	/* A nested st_read joins the enclosing read transaction. */
	if (!sqlite3_get_autocommit(tx->db))
		return fn(tx, ctx);
	int64_t t0 = time_mono_us();
	rc = st_tx_ctl(tx, CTL_BEGIN);
	if (rc == ST_OK) {
		rc = fn(tx, ctx);
		if (rc == ST_OK)
			rc = st_tx_ctl(tx, CTL_COMMIT);
		if (rc != ST_OK && !sqlite3_get_autocommit(tx->db))
			(void)st_tx_ctl(tx, CTL_ROLLBACK);
	}
	atomic_fetch_add_explicit(&st->read_txs, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->read_us_total, (uint64_t)(time_mono_us() - t0),
	    memory_order_relaxed);
	return rc;
}

void
st_get_stats(struct store *st, struct st_stats *out)
{
	memset(out, 0, sizeof(*out));
	st_writer_stats(st, out);
	out->read_txs = atomic_load_explicit(&st->read_txs, memory_order_relaxed);
	out->read_us_total = atomic_load_explicit(&st->read_us_total, memory_order_relaxed);
}

const char *
st_rc_name(enum st_rc rc)
{
	switch (rc) {
	case ST_OK:
		return "ok";
	case ST_NOTFOUND:
		return "notfound";
	case ST_CONFLICT:
		return "conflict";
	case ST_RETRY:
		return "retry";
	case ST_ERROR:
		return "error";
	}
	return "unknown";
}

/* Opens the finished copy read-only and requires PRAGMA integrity_check to say "ok". */
static enum st_rc
backup_verify(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	enum st_rc ret = ST_ERROR;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL);
	if (rc != SQLITE_OK)
		goto out;
	int rows = 0, ok = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		ok = rows++ == 0 && t != NULL && strcmp((const char *)t, "ok") == 0;
	}
	if (rc == SQLITE_DONE && rows == 1 && ok)
		ret = ST_OK;
out:
	if (ret != ST_OK)
		log_err("store: backup copy failed its integrity check: %s",
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ret;
}

enum st_rc
st_backup(struct store *st, const char *path)
{
	sqlite3 *src = NULL, *dst = NULL;
	enum st_rc ret = ST_ERROR;
	char safe[256];
	/* O_EXCL: never overwrite, even when two backups race for the same name. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			log_warn("store: backup target %s exists; not overwriting",
			    log_safe(path, safe, sizeof(safe)));
			return ST_CONFLICT;
		}
		log_err("store: cannot create backup %s: %s", log_safe(path, safe, sizeof(safe)),
		    strerror(errno));
		return ST_ERROR;
	}
	close(fd);
	int rc = sqlite3_open_v2(st->path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_err("store: backup: cannot open: %s", sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_busy_timeout(src, ST_BUSY_MS);
	sqlite3_busy_timeout(dst, ST_BUSY_MS);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		log_err("store: backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* One step copies everything under a single read snapshot: the WAL writer is never
	 * blocked, and concurrent commits cannot force the copy to restart forever. */
	int tries = 0;
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < 250);
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		log_err("store: backup failed: %s", sqlite3_errstr(rc != SQLITE_DONE ? rc : frc));
		goto out;
	}
	/* The copy inherits the WAL flag; make it one self-contained file to ship off-box. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		log_err("store: backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		log_err("store: backup: close failed: %s", sqlite3_errstr(rc));
		goto out;
	}
	ret = backup_verify(path);
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (ret != ST_OK)
		unlink(path); /* ours: created above with O_EXCL */
	return ret;
}
