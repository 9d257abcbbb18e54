/* test_store: the SQLite store (store_sqlite.c, writer.c, migrate.c).
 * Uses a fresh directory under /tmp, removed at the end. Tables are created with the internal
 * raw-SQL entry points (zz_* names) so the test works with whatever migrations are embedded. */
#include <dirent.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "t.h"

static char tmpdir[64];

/* A path inside the test directory (static buffer per call slot). */
static const char *
tpath(const char *name)
{
	static char bufs[4][256];
	static int k;
	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_store.XXXXXX");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
	}
	char *b = bufs[k++ % 4];
	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static struct store *
open_db(const char *name)
{
	struct store *st = NULL;
	char url[300];
	snprintf(url, sizeof(url), "sqlite:%s", tpath(name));
	enum st_rc rc = st_open(url, &st);
	CHECK_INT(rc, ST_OK);
	if (st == NULL) {
		fprintf(stderr, "cannot open %s\n", name);
		exit(1);
	}
	return st;
}

static enum st_rc
job_sql(struct st_tx *tx, void *ctx)
{
	return st_exec_sql(tx, ctx);
}

struct q1 {
	const char *sql;
	int64_t v;
};

static enum st_rc
job_one(struct st_tx *tx, void *ctx)
{
	struct q1 *q = ctx;
	return st_one_i64_sql(tx, q->sql, NULL, 0, &q->v);
}

/* Reads one integer through the calling thread's read connection; -1 on failure. */
static int64_t
read_i64(struct store *st, const char *sql)
{
	struct q1 q = { sql, -1 };
	if (st_read(st, job_one, &q) != ST_OK)
		return -1;
	return q.v;
}

static int64_t
write_i64(struct store *st, const char *sql)
{
	struct q1 q = { sql, -1 };
	if (st_write(st, job_one, &q) != ST_OK)
		return -1;
	return q.v;
}

struct textq {
	const char *sql;
	char out[64];
};

static int
row_text(void *ctx, const struct st_row *row)
{
	struct textq *q = ctx;
	snprintf(q->out, sizeof(q->out), "%s", st_text(row, 0));
	return 1;
}

static enum st_rc
job_text(struct st_tx *tx, void *ctx)
{
	struct textq *q = ctx;
	q->out[0] = '\0';
	return st_exec_sql_rows(tx, q->sql, NULL, 0, row_text, q, NULL);
}

/* Inserts ids into a table with an integer primary key; the first failure is the outcome. */
struct ins {
	const char *sql; /* one $1 parameter */
	const int64_t *ids;
	size_t n;
};

static enum st_rc
job_insert(struct st_tx *tx, void *ctx)
{
	struct ins *a = ctx;
	for (size_t i = 0; i < a->n; i++) {
		struct st_param p = SP_INT(a->ids[i]);
		enum st_rc rc = st_exec_sql_rows(tx, a->sql, &p, 1, NULL, NULL, NULL);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

/* Blocks the writer until opened, so that jobs queued meanwhile form one group. */
struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int entered, open;
};

static void
gate_init(struct gate *g)
{
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	g->entered = g->open = 0;
}

static void
gate_destroy(struct gate *g)
{
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
}

static enum st_rc
job_gate(struct st_tx *tx, void *ctx)
{
	struct gate *g = ctx;
	pthread_mutex_lock(&g->mu);
	g->entered = 1;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return ST_OK;
}

static void
gate_wait_entered(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	while (!g->entered)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

static void
gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->open = 1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

/* Collects async outcomes. */
struct done_log {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n;
	int ok;
	int order_ok;
	enum st_rc rc[16];
};

struct done_slot {
	struct done_log *log;
	int idx;
};

static void
done_log_init(struct done_log *d)
{
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	d->n = d->ok = 0;
	d->order_ok = 1;
	for (int i = 0; i < 16; i++)
		d->rc[i] = (enum st_rc)-1;
}

static void
done_log_destroy(struct done_log *d)
{
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
}

static void
on_done(void *ctx, enum st_rc rc)
{
	struct done_slot *s = ctx;
	struct done_log *d = s->log;
	pthread_mutex_lock(&d->mu);
	if (s->idx >= 0 && s->idx < 16)
		d->rc[s->idx] = rc;
	if (s->idx >= 0 && s->idx != d->n)
		d->order_ok = 0; /* callbacks must come in queue order */
	d->n++;
	d->ok += rc == ST_OK;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static void
done_log_wait(struct done_log *d, int n)
{
	pthread_mutex_lock(&d->mu);
	while (d->n < n)
		pthread_cond_wait(&d->cv, &d->mu);
	pthread_mutex_unlock(&d->mu);
}

static void
t_rewrite(void)
{
	struct {
		const char *in, *out;
	} cases[] = {
		{ "SELECT $2 || '-' || $1", "SELECT ?2 || '-' || ?1" },
		{ "SELECT '$1', $1", "SELECT '$1', ?1" },
		{ "SELECT 'it''s $1', $10", "SELECT 'it''s $1', ?10" },
		{ "SELECT \"a$1\" FROM t WHERE x=$3", "SELECT \"a$1\" FROM t WHERE x=?3" },
		{ "SELECT `q$2` ,$2", "SELECT `q$2` ,?2" },
		{ "SELECT 1 -- $1\n, $2", "SELECT 1 -- $1\n, ?2" },
		{ "SELECT /* $1 */ $2 /* x", "SELECT /* $1 */ ?2 /* x" },
		{ "SELECT a$1, $x, $", "SELECT a$1, $x, $" },
		{ "$1", "?1" },
		{ "SELECT '", "SELECT '" },
		{ "SELECT 5-$1", "SELECT 5-?1" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = st_sql_rewrite(cases[i].in);
		CHECK_STR(s, cases[i].out);
		free(s);
	}
}

static void
t_open_pragmas(void)
{
	struct store *st = open_db("pragmas.db");
	struct textq q = { "PRAGMA journal_mode", "" };
	CHECK_INT(st_write(st, job_text, &q), ST_OK);
	CHECK_STR(q.out, "wal");
	CHECK_INT(write_i64(st, "PRAGMA synchronous"), 2);
	CHECK_INT(write_i64(st, "PRAGMA foreign_keys"), 1);
	CHECK_INT(write_i64(st, "PRAGMA busy_timeout"), 5000);
	CHECK_INT(write_i64(st, "PRAGMA temp_store"), 2);
	CHECK_INT(write_i64(st, "PRAGMA query_only"), 0);
	CHECK(write_i64(st, "PRAGMA journal_size_limit") > 0);
	/* The calling thread's read connection. */
	CHECK_INT(st_read(st, job_text, &q), ST_OK);
	CHECK_STR(q.out, "wal");
	CHECK_INT(read_i64(st, "PRAGMA synchronous"), 2);
	CHECK_INT(read_i64(st, "PRAGMA foreign_keys"), 1);
	CHECK_INT(read_i64(st, "PRAGMA query_only"), 1);
	CHECK_INT(read_i64(st, "PRAGMA busy_timeout"), 5000);
	/* Reads cannot write. */
	CHECK_INT(st_read(st, job_sql, "CREATE TABLE zz_nope(x INTEGER)"), ST_ERROR);
	CHECK_INT(st_reader_count(st), 1);
	st_close(st);
}

static void
t_open_bad(void)
{
	struct store *st = (struct store *)1;
	CHECK_INT(st_open("postgresql://localhost/x", &st), ST_ERROR);
	CHECK(st == NULL);
	CHECK_INT(st_open("sqlite::memory:", &st), ST_ERROR);
	CHECK_INT(st_open("sqlite:", &st), ST_ERROR);
	CHECK_INT(st_open(tpath("no/such/dir/x.db"), &st), ST_ERROR);
	CHECK(st == NULL);
	/* A plain path works too. */
	CHECK_INT(st_open(tpath("plain.db"), &st), ST_OK);
	CHECK(st != NULL);
	CHECK_INT(write_i64(st, "SELECT 7"), 7);
	st_close(st);
}

static void
t_migrate(void)
{
	size_t known = 0;
	int64_t maxv = 0;
	for (size_t i = 0; i < embedded_count; i++) {
		const char *n = embedded_files[i].name;
		size_t len = strlen(n);
		if (strncmp(n, "sql/sqlite/", 11) != 0 || len < 4 ||
		    strcmp(n + len - 4, ".sql") != 0)
			continue;
		known++;
		int64_t v = strtoll(n + 11, NULL, 10);
		if (v > maxv)
			maxv = v;
	}
	struct store *st = open_db("migrate.db");
	CHECK_INT(st_schema_version(st), 0);
	int applied = -1;
	CHECK_INT(st_migrate(st, &applied), ST_OK);
	CHECK_INT(applied, known);
	CHECK_INT(st_schema_version(st), maxv);
	CHECK_INT(st_migrations_known(), maxv);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM schema_migrations"), known);
	if (embedded_get("sql/sqlite/0001_init.sql") != NULL) {
		/* The real schema: every statement of queries.def must compile against it. */
		int failed = -1;
		CHECK_INT(st_check_queries(st, &failed), ST_OK);
		CHECK_INT(failed, 0);
	}
	CHECK_INT(st_migrate(st, &applied), ST_OK);
	CHECK_INT(applied, 0);
	CHECK_INT(st_migrate(st, NULL), ST_OK);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM schema_migrations"), known);
	/* A database from a newer binary is refused. */
	char sql[160];
	snprintf(sql, sizeof(sql),
	    "INSERT INTO schema_migrations VALUES (%" PRId64 ", 'future', 0)", maxv + 1);
	CHECK_INT(st_write(st, job_sql, sql), ST_OK);
	CHECK_INT(st_migrate(st, &applied), ST_ERROR);
	CHECK_INT(applied, 0);
	CHECK_INT(st_schema_version(st), maxv + 1);
	st_close(st);
}

struct params_out {
	int rows, ncols, n_null, t_ok, b_ok, empty_ok;
	int64_t id, i;
};

static const char p_text[] = "l'\xc3\xa9t\xc3\xa9 \"quoted\" '' $1 ;--";
static const unsigned char p_blob[] = { 0x00, 0xff, 0x27, 0x00, 0x24 };

static int
params_row(void *ctx, const struct st_row *row)
{
	struct params_out *o = ctx;
	o->rows++;
	o->ncols = st_ncols(row);
	o->id = st_i64(row, 0);
	o->n_null = st_isnull(row, 1) && st_text(row, 1)[0] == '\0';
	o->i = st_i64(row, 2);
	o->t_ok = strcmp(st_text(row, 3), p_text) == 0 && st_len(row, 3) == strlen(p_text);
	o->b_ok = st_len(row, 4) == sizeof(p_blob) &&
	    memcmp(st_blob(row, 4), p_blob, sizeof(p_blob)) == 0 && !st_isnull(row, 4);
	o->empty_ok = st_text(row, 5)[0] == '\0' && !st_isnull(row, 5) && st_len(row, 6) == 0 &&
	    !st_isnull(row, 6);
	return 0;
}

static enum st_rc
job_params(struct st_tx *tx, void *ctx)
{
	struct params_out *o = ctx;
	/* Parameters deliberately out of order: $n must bind at index n. */
	struct st_param p[] = {
		SP_INT(42), SP_NUL, SP_INT(INT64_MIN), SP_STR(p_text),
		SP_BLOB_(p_blob, sizeof(p_blob)), SP_STR(""), SP_BLOB_(NULL, 0),
	};
	enum st_rc rc = st_exec_sql_rows(tx,
	    "INSERT INTO zz_p(e, b, t, i, n, id, eb) VALUES ($6, $5, $4, $3, $2, $1, $7)", p, 7,
	    NULL, NULL, NULL);
	if (rc != ST_OK)
		return rc;
	struct st_param q = SP_INT(42);
	return st_exec_sql_rows(tx, "SELECT id, n, i, t, b, e, eb FROM zz_p WHERE id = $1", &q, 1,
	    params_row, o, NULL);
}

static int
row_two(void *ctx, const struct st_row *row)
{
	struct textq *q = ctx;
	snprintf(q->out, sizeof(q->out), "%s", st_text(row, 0));
	return 0;
}

static enum st_rc
job_dollar(struct st_tx *tx, void *ctx)
{
	struct textq *q = ctx;
	struct st_param p[] = { SP_STR("a"), SP_STR("b") };
	enum st_rc rc = st_exec_sql_rows(tx, "SELECT $2 || '-' || $1", p, 2, row_two, q, NULL);
	if (rc != ST_OK || strcmp(q->out, "b-a") != 0)
		return ST_ERROR;
	/* The literal '$1' is text, not a parameter: only one parameter exists. */
	rc = st_exec_sql_rows(tx, "SELECT '$1' || $1", p, 1, row_two, q, NULL);
	return rc;
}

static void
t_params(void)
{
	struct store *st = open_db("params.db");
	CHECK_INT(st_write(st, job_sql,
	    "CREATE TABLE zz_p(id INTEGER PRIMARY KEY, n INTEGER, i INTEGER, t TEXT, b BLOB, "
	    "e TEXT, eb BLOB) STRICT"), ST_OK);
	struct params_out o = { 0 };
	CHECK_INT(st_write(st, job_params, &o), ST_OK);
	CHECK_INT(o.rows, 1);
	CHECK_INT(o.ncols, 7);
	CHECK_INT(o.id, 42);
	CHECK(o.n_null);
	CHECK(o.i == INT64_MIN);
	CHECK(o.t_ok);
	CHECK(o.b_ok);
	CHECK(o.empty_ok);
	/* The committed row is visible to a reader with the same values. */
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_p "
	    "WHERE t = 'l''\xc3\xa9t\xc3\xa9 \"quoted\" '''' $1 ;--'"), 1);
	CHECK_INT(read_i64(st, "SELECT length(b) FROM zz_p"), 5);
	struct textq d = { "", "" };
	CHECK_INT(st_read(st, job_dollar, &d), ST_OK);
	CHECK_STR(d.out, "$1a");
	st_close(st);
}

struct errs {
	enum st_rc uniq, pk, fk, notnull, check, syntax, nparams_few, nparams_many, notfound, ping,
	    ping_exec, bad_q;
	int64_t ping_v, ping_rows, upd, sel, ddl, ret_rows, ret_aff;
};

static int
count_rows(void *ctx, const struct st_row *row)
{
	(*(int64_t *)ctx)++;
	return 0;
}

static int
stop_first(void *ctx, const struct st_row *row)
{
	(*(int64_t *)ctx)++;
	return 1;
}

static enum st_rc
job_errors(struct st_tx *tx, void *ctx)
{
	struct errs *e = ctx;
	struct st_param p1 = SP_INT(1), p2[] = { SP_INT(2), SP_INT(99) };
	int64_t v;
	if (st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, pid, c) VALUES ($1, 'x', NULL, 1)", &p1,
	    1, NULL, NULL, NULL) != ST_OK)
		return ST_ERROR;
	e->uniq = st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, c) VALUES (2, 'x', 1)", NULL, 0,
	    NULL, NULL, NULL);
	e->pk = st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, c) VALUES ($1, 'y', 1)", &p1, 1, NULL,
	    NULL, NULL);
	e->fk = st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, pid, c) VALUES ($1, 'z', $2, 1)", p2,
	    2, NULL, NULL, NULL);
	e->notnull = st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, c) VALUES (3, NULL, 1)", NULL, 0,
	    NULL, NULL, NULL);
	e->check = st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, c) VALUES (4, 'w', 7)", NULL, 0,
	    NULL, NULL, NULL);
	e->syntax = st_exec_sql_rows(tx, "SELEC 1", NULL, 0, NULL, NULL, NULL);
	e->nparams_few = st_exec_sql_rows(tx, "SELECT $1, $2", &p1, 1, NULL, NULL, NULL);
	e->nparams_many = st_exec_sql_rows(tx, "SELECT $1", p2, 2, NULL, NULL, NULL);
	v = -5;
	e->notfound = st_one_i64_sql(tx, "SELECT id FROM zz_e WHERE id = 12345", NULL, 0, &v);
	if (v != -5)
		e->notfound = ST_ERROR; /* out must stay untouched */
	e->ping = st_one_i64(tx, Q_PING, NULL, 0, &e->ping_v);
	e->ping_exec = st_exec(tx, Q_PING, NULL, 0, count_rows, &e->ping_rows, NULL);
	/* Twice: the second run uses the cached statement. */
	if (st_exec(tx, Q_PING, NULL, 0, count_rows, &e->ping_rows, NULL) != ST_OK)
		e->ping_exec = ST_ERROR;
	e->bad_q = st_exec(tx, (enum st_query)Q__COUNT, NULL, 0, NULL, NULL, NULL);
	/* Affected rows. */
	if (st_exec_sql_rows(tx, "INSERT INTO zz_e(id, u, c) VALUES (10, 'a', 0), (11, 'b', 0), "
	    "(12, 'c', 0)", NULL, 0, NULL, NULL, NULL) != ST_OK)
		return ST_ERROR;
	if (st_exec_sql_rows(tx, "UPDATE zz_e SET c = 1 WHERE id >= 10", NULL, 0, NULL, NULL,
	    &e->upd) != ST_OK)
		return ST_ERROR;
	if (st_exec_sql_rows(tx, "SELECT * FROM zz_e", NULL, 0, NULL, NULL, &e->sel) != ST_OK)
		return ST_ERROR;
	if (st_exec_sql_rows(tx, "CREATE TABLE zz_e2(x INTEGER)", NULL, 0, NULL, NULL, &e->ddl) !=
	    ST_OK)
		return ST_ERROR;
	/* A writing statement runs to completion even when the callback stops early. */
	if (st_exec_sql_rows(tx, "INSERT INTO zz_e2(x) VALUES (1), (2), (3) RETURNING x", NULL, 0,
	    stop_first, &e->ret_rows, &e->ret_aff) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

static void
t_errors(void)
{
	struct store *st = open_db("errors.db");
	CHECK_INT(st_write(st, job_sql,
	    "CREATE TABLE zz_e(id INTEGER PRIMARY KEY, u TEXT NOT NULL UNIQUE, "
	    "pid INTEGER REFERENCES zz_e(id), c INTEGER NOT NULL CHECK (c IN (0, 1))) STRICT"),
	    ST_OK);
	struct errs e = { 0 };
	CHECK_INT(st_write(st, job_errors, &e), ST_OK);
	CHECK_INT(e.uniq, ST_CONFLICT);
	CHECK_INT(e.pk, ST_CONFLICT);
	CHECK_INT(e.fk, ST_CONFLICT);
	CHECK_INT(e.notnull, ST_CONFLICT);
	CHECK_INT(e.check, ST_CONFLICT);
	CHECK_INT(e.syntax, ST_ERROR);
	CHECK_INT(e.nparams_few, ST_ERROR);
	CHECK_INT(e.nparams_many, ST_ERROR);
	CHECK_INT(e.notfound, ST_NOTFOUND);
	CHECK_INT(e.ping, ST_OK);
	CHECK_INT(e.ping_v, 1);
	CHECK_INT(e.ping_exec, ST_OK);
	CHECK_INT(e.ping_rows, 2);
	CHECK_INT(e.bad_q, ST_ERROR);
	CHECK_INT(e.upd, 3);
	CHECK_INT(e.sel, 0);
	CHECK_INT(e.ddl, 0);
	CHECK_INT(e.ret_rows, 1);
	CHECK_INT(e.ret_aff, 3);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_e2"), 3);
	/* The failed statements left only the good rows. */
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_e"), 4);
	st_close(st);
}

struct nest {
	struct store *st;
	int64_t inner;
	enum st_rc write_rc;
};

static enum st_rc
job_nested_inner(struct st_tx *tx, void *ctx)
{
	struct nest *n = ctx;
	return st_one_i64_sql(tx, "SELECT count(*) FROM zz_n", NULL, 0, &n->inner);
}

static enum st_rc
job_nested_outer(struct st_tx *tx, void *ctx)
{
	struct nest *n = ctx;
	return st_read(n->st, job_nested_inner, n);
}

static enum st_rc
job_write_in_write(struct st_tx *tx, void *ctx)
{
	struct nest *n = ctx;
	n->write_rc = st_write(n->st, job_sql, "INSERT INTO zz_n VALUES (9)");
	/* A read inside a write job sees the job's own uncommitted row. */
	enum st_rc rc = st_exec_sql(tx, "INSERT INTO zz_n VALUES (8)");
	if (rc == ST_OK)
		rc = st_read(n->st, job_nested_inner, n);
	return rc;
}

static enum st_rc
job_ret(struct st_tx *tx, void *ctx)
{
	enum st_rc rc = st_exec_sql(tx, "INSERT INTO zz_n VALUES (5)");
	return rc != ST_OK ? rc : *(enum st_rc *)ctx;
}

static void
t_tx_outcomes(void)
{
	struct store *st = open_db("tx.db");
	CHECK_INT(st_write(st, job_sql, "CREATE TABLE zz_n(x INTEGER) STRICT;"
	    "INSERT INTO zz_n VALUES (1)"), ST_OK);
	/* A non-OK outcome is returned and the job's writes are rolled back. */
	enum st_rc want = ST_NOTFOUND;
	CHECK_INT(st_write(st, job_ret, &want), ST_NOTFOUND);
	want = ST_CONFLICT;
	CHECK_INT(st_write(st, job_ret, &want), ST_CONFLICT);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_n"), 1);
	want = ST_OK;
	CHECK_INT(st_write(st, job_ret, &want), ST_OK);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_n"), 2);
	/* Read outcomes pass through. */
	struct q1 q = { "SELECT 1 WHERE 0", 0 };
	CHECK_INT(st_read(st, job_one, &q), ST_NOTFOUND);
	CHECK_INT(read_i64(st, "SELECT 3"), 3); /* the connection is usable afterwards */
	/* A nested read joins the outer one. */
	struct nest n = { st, -1, ST_OK };
	CHECK_INT(st_read(st, job_nested_outer, &n), ST_OK);
	CHECK_INT(n.inner, 2);
	/* st_write from inside a write job is refused instead of deadlocking. */
	CHECK_INT(st_write(st, job_write_in_write, &n), ST_OK);
	CHECK_INT(n.write_rc, ST_ERROR);
	CHECK_INT(n.inner, 3);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_n WHERE x = 9"), 0);
	st_close(st);
}

static void
t_savepoints(void)
{
	struct store *st = open_db("savepoints.db");
	CHECK_INT(st_write(st, job_sql, "CREATE TABLE zz_sp(id INTEGER PRIMARY KEY) STRICT"),
	    ST_OK);
	struct st_stats s0, s1;
	st_get_stats(st, &s0);
	struct gate g;
	gate_init(&g);
	struct done_log d;
	done_log_init(&d);
	struct done_slot slots[4] = { { &d, 0 }, { &d, 1 }, { &d, 2 }, { &d, 3 } };
	static const int64_t a_ids[] = { 1, 2 }, b_ids[] = { 3, 1 }, c_ids[] = { 4 };
	const char *ins = "INSERT INTO zz_sp(id) VALUES ($1)";
	struct ins a = { ins, a_ids, 2 }, b = { ins, b_ids, 2 }, c = { ins, c_ids, 1 };
	st_write_async(st, job_gate, &g, on_done, &slots[0]);
	gate_wait_entered(&g);
	/* Queued while the writer is held: these three form the next group. */
	st_write_async(st, job_insert, &a, on_done, &slots[1]);
	st_write_async(st, job_insert, &b, on_done, &slots[2]);
	st_write_async(st, job_insert, &c, on_done, &slots[3]);
	st_get_stats(st, &s1);
	CHECK_INT(s1.queue_depth, 3);
	gate_open(&g);
	done_log_wait(&d, 4);
	CHECK_INT(d.rc[0], ST_OK);
	CHECK_INT(d.rc[1], ST_OK);
	CHECK_INT(d.rc[2], ST_CONFLICT);
	CHECK_INT(d.rc[3], ST_OK);
	CHECK(d.order_ok);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_sp"), 3);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_sp WHERE id = 3"), 0);
	CHECK_INT(read_i64(st, "SELECT sum(id) FROM zz_sp"), 7);
	st_get_stats(st, &s1);
	CHECK_INT(s1.write_jobs - s0.write_jobs, 4);
	CHECK_INT(s1.write_groups - s0.write_groups, 2);
	CHECK_INT(s1.group_size_hist[0] - s0.group_size_hist[0], 1);
	CHECK_INT(s1.group_size_hist[2] - s0.group_size_hist[2], 1); /* the group of 3 */
	CHECK_INT(s1.queue_depth, 0);
	done_log_destroy(&d);
	gate_destroy(&g);
	st_close(st);
}

/* A deferred foreign key fails COMMIT for the whole group: the writer re-runs each job alone,
 * so only the bad job fails. */
static enum st_rc
job_deferred_bad(struct st_tx *tx, void *ctx)
{
	return st_exec_sql(tx, "INSERT INTO zz_child(id, pid) VALUES (100, 999)");
}

static void
t_commit_failure(void)
{
	struct store *st = open_db("commitfail.db");
	CHECK_INT(st_write(st, job_sql,
	    "CREATE TABLE zz_parent(id INTEGER PRIMARY KEY) STRICT;"
	    "CREATE TABLE zz_child(id INTEGER PRIMARY KEY, pid INTEGER "
	    "REFERENCES zz_parent(id) DEFERRABLE INITIALLY DEFERRED) STRICT;"
	    "INSERT INTO zz_parent VALUES (1)"), ST_OK);
	/* Alone, the bad job fails at COMMIT with a conflict. */
	CHECK_INT(st_write(st, job_deferred_bad, NULL), ST_CONFLICT);
	struct gate g;
	gate_init(&g);
	struct done_log d;
	done_log_init(&d);
	struct done_slot slots[4] = { { &d, 0 }, { &d, 1 }, { &d, 2 }, { &d, 3 } };
	static const int64_t a_ids[] = { 1 }, c_ids[] = { 2 };
	const char *ins = "INSERT INTO zz_child(id, pid) VALUES ($1, 1)";
	struct ins a = { ins, a_ids, 1 }, c = { ins, c_ids, 1 };
	st_write_async(st, job_gate, &g, on_done, &slots[0]);
	gate_wait_entered(&g);
	st_write_async(st, job_insert, &a, on_done, &slots[1]);
	st_write_async(st, job_deferred_bad, NULL, on_done, &slots[2]);
	st_write_async(st, job_insert, &c, on_done, &slots[3]);
	gate_open(&g);
	done_log_wait(&d, 4);
	CHECK_INT(d.rc[1], ST_OK);
	CHECK_INT(d.rc[2], ST_CONFLICT);
	CHECK_INT(d.rc[3], ST_OK);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_child"), 2);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_child WHERE id = 100"), 0);
	/* The writer is healthy afterwards. */
	CHECK_INT(write_i64(st, "SELECT count(*) FROM zz_child"), 2);
	done_log_destroy(&d);
	gate_destroy(&g);
	st_close(st);
}

#define GC_THREADS 8
#define GC_PER 200
#define GC_READERS 3

struct gc_arg {
	struct store *st;
	int tid;
	int fails;
	_Atomic int *stop;
	pthread_barrier_t *bar;
	int64_t reads, last;
	int readers_seen;
};

static enum st_rc
job_gc_insert(struct st_tx *tx, void *ctx)
{
	int64_t *k = ctx;
	struct st_param p[] = { SP_INT(*k), SP_STR("payload") };
	return st_exec_sql_rows(tx, "INSERT INTO zz_gc(k, v) VALUES ($1, $2)", p, 2, NULL, NULL,
	    NULL);
}

static void *
gc_writer(void *arg)
{
	struct gc_arg *a = arg;
	for (int i = 0; i < GC_PER; i++) {
		int64_t k = (int64_t)a->tid * 100000 + i;
		if (st_write(a->st, job_gc_insert, &k) != ST_OK)
			a->fails++;
	}
	return NULL;
}

static void *
gc_reader(void *arg)
{
	struct gc_arg *a = arg;
	a->last = 0;
	a->reads = 1;
	if (read_i64(a->st, "SELECT count(*) FROM zz_gc") < 0)
		a->fails++;
	/* Every reader thread now holds its own connection. */
	pthread_barrier_wait(a->bar);
	a->readers_seen = (int)st_reader_count(a->st);
	while (!atomic_load(a->stop)) {
		int64_t n = read_i64(a->st, "SELECT count(*) FROM zz_gc");
		if (n < a->last)
			a->fails++; /* committed rows never disappear */
		a->last = n;
		a->reads++;
	}
	return NULL;
}

static void
t_group_commit(void)
{
	struct store *st = open_db("group.db");
	CHECK_INT(st_write(st, job_sql,
	    "CREATE TABLE zz_gc(k INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT"), ST_OK);
	size_t readers0 = st_reader_count(st);
	struct st_stats s0, s1;
	st_get_stats(st, &s0);
	_Atomic int stop = 0;
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, GC_READERS);
	pthread_t w[GC_THREADS], r[GC_READERS];
	struct gc_arg wa[GC_THREADS], ra[GC_READERS];
	for (int i = 0; i < GC_READERS; i++) {
		ra[i] = (struct gc_arg){ .st = st, .tid = i, .stop = &stop, .bar = &bar };
		pthread_create(&r[i], NULL, gc_reader, &ra[i]);
	}
	for (int i = 0; i < GC_THREADS; i++) {
		wa[i] = (struct gc_arg){ .st = st, .tid = i, .stop = &stop };
		pthread_create(&w[i], NULL, gc_writer, &wa[i]);
	}
	int wfails = 0, rfails = 0;
	int64_t reads = 0;
	for (int i = 0; i < GC_THREADS; i++) {
		pthread_join(w[i], NULL);
		wfails += wa[i].fails;
	}
	atomic_store(&stop, 1);
	int seen_all_readers = 1;
	for (int i = 0; i < GC_READERS; i++) {
		pthread_join(r[i], NULL);
		rfails += ra[i].fails;
		reads += ra[i].reads;
		seen_all_readers &= (size_t)ra[i].readers_seen == readers0 + GC_READERS;
	}
	pthread_barrier_destroy(&bar);
	CHECK_INT(wfails, 0);
	CHECK_INT(rfails, 0);
	CHECK(reads > 0);
	CHECK(seen_all_readers);
	/* Thread exit closed the readers' connections. */
	CHECK_INT(st_reader_count(st), readers0);
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_gc"), GC_THREADS * GC_PER);
	CHECK_INT(read_i64(st, "SELECT count(DISTINCT k / 100000) FROM zz_gc"), GC_THREADS);
	st_get_stats(st, &s1);
	uint64_t jobs = s1.write_jobs - s0.write_jobs, groups = s1.write_groups - s0.write_groups;
	CHECK_INT(jobs, GC_THREADS * GC_PER);
	CHECK(groups < jobs);
	CHECK(groups > 0);
	uint64_t hsum = 0;
	for (int i = 0; i < 8; i++)
		hsum += s1.group_size_hist[i] - s0.group_size_hist[i];
	CHECK_INT(hsum, groups);
	CHECK(s1.write_commit_us_total > s0.write_commit_us_total);
	CHECK(s1.read_txs - s0.read_txs >= (uint64_t)reads);
	CHECK_INT(s1.queue_depth, 0);
	printf("group commit: %" PRIu64 " jobs in %" PRIu64 " groups, %" PRId64 " reads\n", jobs,
	    groups, reads);
	st_close(st);
}

struct ms_arg {
	int64_t v;
};

static void
t_multi_store(void)
{
	struct store *a = open_db("multi_a.db"), *b = open_db("multi_b.db");
	CHECK_INT(st_write(a, job_sql, "CREATE TABLE zz_m(x INTEGER); INSERT INTO zz_m VALUES (1)"),
	    ST_OK);
	CHECK_INT(st_write(b, job_sql, "CREATE TABLE zz_m(x INTEGER); INSERT INTO zz_m VALUES (2)"),
	    ST_OK);
	CHECK_INT(read_i64(a, "SELECT x FROM zz_m"), 1);
	CHECK_INT(read_i64(b, "SELECT x FROM zz_m"), 2);
	st_close(a);
	/* More stores than thread-local slots, one after the other: stale slots are reused and
	 * never answer for a newer store (which may get the same address). */
	for (int i = 0; i < 40; i++) {
		char name[32], sql[96];
		snprintf(name, sizeof(name), "multi_%d.db", i);
		struct store *c = open_db(name);
		snprintf(sql, sizeof(sql),
		    "CREATE TABLE zz_m(x INTEGER); INSERT INTO zz_m VALUES (%d)", 100 + i);
		CHECK_INT(st_write(c, job_sql, sql), ST_OK);
		CHECK_INT(read_i64(c, "SELECT x FROM zz_m"), 100 + i);
		st_close(c);
	}
	CHECK_INT(read_i64(b, "SELECT x FROM zz_m"), 2);
	st_close(b);
}

struct bk_arg {
	struct store *st;
	_Atomic int *stop;
	int n;
};

static void *
bk_writer(void *arg)
{
	struct bk_arg *a = arg;
	int64_t k = 1000000;
	while (!atomic_load(a->stop) && a->n < 5000) {
		k++;
		if (st_write(a->st, job_gc_insert, &k) == ST_OK)
			a->n++;
	}
	return NULL;
}

static void
t_backup(void)
{
	struct store *st = open_db("live.db");
	CHECK_INT(st_write(st, job_sql,
	    "CREATE TABLE zz_gc(k INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
	    "INSERT INTO zz_gc SELECT i, 'row' FROM n"), ST_OK);
	_Atomic int stop = 0;
	struct bk_arg ba = { st, &stop, 0 };
	pthread_t t;
	pthread_create(&t, NULL, bk_writer, &ba);
	/* Backups run while the writer keeps committing. */
	CHECK_INT(st_backup(st, tpath("copy.db")), ST_OK);
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	CHECK_INT(st_backup(st, tpath("copy.db")), ST_CONFLICT);
	CHECK_INT(st_backup(st, tpath("no/such/dir/copy.db")), ST_ERROR);
	int64_t live = read_i64(st, "SELECT count(*) FROM zz_gc");
	st_close(st);
	CHECK_INT(live, 1000 + ba.n);

	/* The copy is one self-contained file. */
	struct stat sb;
	CHECK(stat(tpath("copy.db-wal"), &sb) != 0);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open_v2(tpath("copy.db"), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	CHECK_INT(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 0), "delete");
	sqlite3_finalize(s);
	sqlite3_close(db);

	struct store *cp = open_db("copy.db");
	int64_t n = read_i64(cp, "SELECT count(*) FROM zz_gc");
	CHECK(n >= 1000 && n <= live);
	CHECK_INT(read_i64(cp, "SELECT count(*) FROM zz_gc WHERE k <= 1000"), 1000);
	struct textq q = { "PRAGMA integrity_check", "" };
	CHECK_INT(st_read(cp, job_text, &q), ST_OK);
	CHECK_STR(q.out, "ok");
	st_close(cp);
}

#define CL_JOBS 300

static void *
gate_opener(void *arg)
{
	usleep(20000);
	gate_open(arg);
	return NULL;
}

static void
t_close_outstanding(void)
{
	struct store *st = open_db("close.db");
	CHECK_INT(st_write(st, job_sql, "CREATE TABLE zz_c(k INTEGER PRIMARY KEY) STRICT"), ST_OK);
	struct gate g;
	gate_init(&g);
	struct done_log d;
	done_log_init(&d);
	struct done_slot nos = { &d, -1 };
	static int64_t ids[CL_JOBS];
	static struct ins jobs[CL_JOBS];
	st_write_async(st, job_gate, &g, on_done, &nos);
	gate_wait_entered(&g);
	for (int i = 0; i < CL_JOBS; i++) {
		ids[i] = i + 1;
		jobs[i] = (struct ins){ "INSERT INTO zz_c(k) VALUES ($1)", &ids[i], 1 };
		st_write_async(st, job_insert, &jobs[i], on_done, &nos);
	}
	struct st_stats s;
	st_get_stats(st, &s);
	CHECK_INT(s.queue_depth, CL_JOBS);
	pthread_t t;
	pthread_create(&t, NULL, gate_opener, &g);
	/* Closing drains the queue: every queued job runs and gets its callback. */
	st_close(st);
	pthread_join(t, NULL);
	CHECK_INT(d.n, CL_JOBS + 1);
	CHECK_INT(d.ok, CL_JOBS + 1);
	st = open_db("close.db");
	CHECK_INT(read_i64(st, "SELECT count(*) FROM zz_c"), CL_JOBS);
	st_close(st);
	done_log_destroy(&d);
	gate_destroy(&g);
}

static void
t_rc_names(void)
{
	CHECK_STR(st_rc_name(ST_OK), "ok");
	CHECK_STR(st_rc_name(ST_NOTFOUND), "notfound");
	CHECK_STR(st_rc_name(ST_CONFLICT), "conflict");
	CHECK_STR(st_rc_name(ST_RETRY), "retry");
	CHECK_STR(st_rc_name(ST_ERROR), "error");
}

static void
t_cleanup(void)
{
	DIR *d = opendir(tmpdir);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[400];
		snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	closedir(d);
	CHECK_INT(rmdir(tmpdir), 0);
}

T_MAIN(T(t_rewrite), T(t_open_pragmas), T(t_open_bad), T(t_migrate), T(t_params), T(t_errors),
    T(t_tx_outcomes), T(t_savepoints), T(t_commit_failure), T(t_group_commit),
    T(t_multi_store), T(t_backup), T(t_close_outstanding), T(t_rc_names), T(t_cleanup))
