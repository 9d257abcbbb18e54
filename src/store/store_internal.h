/* store_internal: what store_sqlite.c, writer.c and migrate.c share. Not for the rest of the
 * app: only store/ and tests/unit/test_store.c include this (it pulls in sqlite3.h).
 *
 * A struct st_tx is one SQLite connection plus its statement cache. It is confined to one
 * thread: the writer's belongs to the writer thread, each read connection to the thread that
 * opened it. struct store fields are written at open/close, or under the locks named below.
 */
#ifndef PASSERELLE_STORE_INTERNAL_H
#define PASSERELLE_STORE_INTERNAL_H
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Transaction control statements, prepared once per connection. */
enum st_ctl {
	CTL_BEGIN,
	CTL_BEGIN_IMMEDIATE,
	CTL_COMMIT,
	CTL_ROLLBACK,
	CTL_SAVEPOINT,
	CTL_RELEASE,
	CTL_ROLLBACK_TO,
	CTL__COUNT
};

struct st_tx {
	sqlite3 *db;
	struct store *st;
	int readonly;
	sqlite3_stmt *cache[Q__COUNT];
	sqlite3_stmt *ctl[CTL__COUNT];
	struct st_tx *next; /* in store.readers (under the registry lock) */
};

struct st_job;

/* The checkpointer runs after this many commits, and at least every second. */
#define ST_CKPT_EVERY 32

/* Group commit takes at most this many queued jobs per transaction. */
#define ST_GROUP_MAX 64

struct store {
	char *path;
	uint64_t gen; /* unique per st_open in this process; keys thread-local read slots */
	struct store *reg_next; /* live-store registry (under the registry lock) */
	struct st_tx *readers;  /* every open read connection (under the registry lock) */
	size_t nreaders;

	/* Writer: wtx is used only by the writer thread. */
	struct st_tx *wtx;
	pthread_t writer;
	int writer_started;
	pthread_mutex_t mu; /* guards the queue and stopping */
	pthread_cond_t cv;  /* the writer waits here for jobs */
	struct st_job *head, *tail;
	size_t qlen;
	int stopping;

	/* Checkpointer: moves WAL pages into the database on its own connection, so that commits
	 * on the writer never pay for checkpoints (the writer's auto-checkpoint is off). */
	pthread_t ckpt;
	int ckpt_started;
	pthread_cond_t ckpt_cv; /* under mu: woken after every ST_CKPT_EVERY commits */
	unsigned commits_since_ckpt;

	/* Counters (relaxed atomics: read by st_get_stats from any thread). */
	_Atomic uint64_t write_jobs, write_groups, write_commit_us_total;
	_Atomic uint64_t read_txs, read_us_total;
	_Atomic uint64_t group_size_hist[8];
};

/* Opens one connection to st->path with the per-connection settings. readonly selects a
 * query_only read connection. Returns ST_OK and *out owned (free with st_conn_close). */
enum st_rc st_conn_open(struct store *st, int readonly, struct st_tx **out);
/* Finalizes the cached statements and closes the connection; NULL is a no-op. */
void st_conn_close(struct st_tx *tx);
/* Runs one control statement (BEGIN, COMMIT, SAVEPOINT...) on tx. */
enum st_rc st_tx_ctl(struct st_tx *tx, enum st_ctl c);
/* Maps a SQLite result code of tx's connection to st_rc, logging real errors with what
 * (a query id name or a short label; never parameter values). */
enum st_rc st_rc_from_sqlite(struct st_tx *tx, int rc, const char *what);

/* Starts the writer thread on st->wtx (already open). */
enum st_rc st_writer_start(struct store *st);
/* Runs every queued job, stops and joins the writer thread. Safe if it never started. */
void st_writer_stop(struct store *st);
/* Copies the writer counters and queue depth into out. */
void st_writer_stats(struct store *st, struct st_stats *out);

/* Rewrites $N placeholders to ?N outside string literals, quoted identifiers and comments,
 * so that $N binds at index N. Returns owned (free()). */
char *st_sql_rewrite(const char *sql);

/* Raw SQL for migrations and tests only (the app uses queries.def). st_exec_sql runs a
 * script of several statements without parameters. */
enum st_rc st_exec_sql(struct st_tx *tx, const char *sql);
/* One ad-hoc statement with $n parameters, prepared and finalized on each call; otherwise
 * exactly like st_exec. */
enum st_rc st_exec_sql_rows(struct st_tx *tx, const char *sql, const struct st_param *params,
    size_t n, st_row_fn fn, void *ctx, int64_t *affected);
/* Like st_one_i64 for an ad-hoc statement. */
enum st_rc st_one_i64_sql(struct st_tx *tx, const char *sql, const struct st_param *params,
    size_t n, int64_t *out);
/* How many read connections are open on st (tests check thread-exit cleanup). */
size_t st_reader_count(struct store *st);

#endif
