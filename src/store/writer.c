/* writer: the single SQLite writer thread with group commit.
 *
 * st_write_async() appends a job (one small allocation; st_write() keeps it on its stack and
 * sleeps on a semaphore until its done callback posts it) to a FIFO and signals the writer.
 * The writer takes up to ST_GROUP_MAX queued jobs at once, so whatever accumulated during the
 * previous commit's fsync forms the next group, and runs them in one BEGIN IMMEDIATE ...
 * COMMIT, each job inside SAVEPOINT j: a job returning non-OK is rolled back to its savepoint
 * alone. done callbacks run on the writer thread, in queue
 * order, only after COMMIT has returned.
 *
 * If the group transaction cannot commit (COMMIT fails, e.g. on a deferred foreign key or an
 * I/O error, or SQLite aborted the transaction mid-group), the whole group is rolled back and
 * every job is re-run in its own transaction, so one bad job cannot fail the others and each
 * job gets its own outcome. Jobs must therefore be safe to run more than once (STYLE rule 20).
 *
 * Threading: st->mu guards the queue and st->stopping only; no SQL runs under it. The writer
 * connection is used only on the writer thread. done callbacks must not call st_write() or
 * st_close() (the writer would wait for itself); st_write_async() is fine.
 */
#include "store/store_internal.h"

#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

struct st_job {
	struct st_job *next;
	st_tx_fn fn;
	void *ctx;
	st_done_fn done;
	void *done_ctx;
	enum st_rc rc;
	int on_heap;
};

/* What a blocked st_write() caller waits on. A semaphore rather than mutex + condvar: the
 * woken caller need not re-take a lock the writer still holds (measured ~10% more writes/s
 * with 64 callers); it may be destroyed as soon as sem_wait returns (POSIX). */
struct st_wait {
	sem_t sem;
	enum st_rc rc;
};

static void
hist_add(struct store *st, size_t k)
{
	/* Buckets: 1, 2, 3-4, 5-8, 9-16, 17-32, 33-64, 65+. */
	int b = 0;
	for (size_t lim = 1; b < 7 && k > lim; lim *= 2)
		b++;
	atomic_fetch_add_explicit(&st->group_size_hist[b], 1, memory_order_relaxed);
}

static enum st_rc
tx_commit(struct store *st)
{
	int64_t t0 = time_mono_us();
	enum st_rc rc = st_tx_ctl(st->wtx, CTL_COMMIT);
	atomic_fetch_add_explicit(&st->write_commit_us_total, (uint64_t)(time_mono_us() - t0),
	    memory_order_relaxed);
	return rc;
}

static void
tx_abort(struct store *st)
{
	if (!sqlite3_get_autocommit(st->wtx->db))
		(void)st_tx_ctl(st->wtx, CTL_ROLLBACK);
}

/* One job in its own transaction. */
static void
job_run_alone(struct store *st, struct st_job *j)
{
	enum st_rc rc = st_tx_ctl(st->wtx, CTL_BEGIN_IMMEDIATE);
	if (rc == ST_OK) {
		rc = j->fn(st->wtx, j->ctx);
		if (rc == ST_OK)
			rc = tx_commit(st);
	}
	tx_abort(st);
	j->rc = rc;
}

static void
group_run(struct store *st, struct st_job **b, size_t k)
{
	struct st_tx *tx = st->wtx;
	atomic_fetch_add_explicit(&st->write_jobs, k, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->write_groups, 1, memory_order_relaxed);
	hist_add(st, k);
	if (k == 1) {
		job_run_alone(st, b[0]);
		return;
	}
	enum st_rc rc = st_tx_ctl(tx, CTL_BEGIN_IMMEDIATE);
	if (rc != ST_OK) {
		/* Busy database or I/O: every job would meet the same. */
		tx_abort(st);
		for (size_t i = 0; i < k; i++)
			b[i]->rc = rc;
		return;
	}
	int broken = 0;
	for (size_t i = 0; i < k && !broken; i++) {
		struct st_job *j = b[i];
		if (st_tx_ctl(tx, CTL_SAVEPOINT) != ST_OK) {
			broken = 1;
			break;
		}
		j->rc = j->fn(tx, j->ctx);
		/* Some errors (I/O, full disk) make SQLite roll back the whole transaction. */
		if (sqlite3_get_autocommit(tx->db))
			broken = 1;
		else if (j->rc == ST_OK)
			broken = st_tx_ctl(tx, CTL_RELEASE) != ST_OK;
		else
			broken = st_tx_ctl(tx, CTL_ROLLBACK_TO) != ST_OK ||
			    st_tx_ctl(tx, CTL_RELEASE) != ST_OK;
	}
	if (!broken && tx_commit(st) == ST_OK)
		return;
	tx_abort(st);
	log_warn("store: a group of %zu write jobs did not commit; re-running each alone", k);
	for (size_t i = 0; i < k; i++)
		job_run_alone(st, b[i]);
}

static void
group_finish(struct st_job **b, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		/* A stack job may vanish as soon as done() has run: copy first. */
		st_done_fn done = b[i]->done;
		void *done_ctx = b[i]->done_ctx;
		enum st_rc rc = b[i]->rc;
		if (b[i]->on_heap)
			free(b[i]);
		if (done != NULL)
			done(done_ctx, rc);
	}
}

static void *
writer_main(void *arg)
{
	struct store *st = arg;
	struct st_job *batch[ST_GROUP_MAX];
	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (st->head == NULL && !st->stopping)
			pthread_cond_wait(&st->cv, &st->mu);
		if (st->head == NULL)
			break; /* stopping, and the queue is drained */
		size_t k = 0;
		while (st->head != NULL && k < ST_GROUP_MAX) {
			batch[k++] = st->head;
			st->head = st->head->next;
		}
		if (st->head == NULL)
			st->tail = NULL;
		st->qlen -= k;
		pthread_mutex_unlock(&st->mu);
		group_run(st, batch, k);
		group_finish(batch, k);
		pthread_mutex_lock(&st->mu);
		if (++st->commits_since_ckpt >= ST_CKPT_EVERY)
			pthread_cond_signal(&st->ckpt_cv);
	}
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

/* PASSIVE checkpoints never wait for the writer or readers; whatever they cannot copy now is
 * copied by a later one. The last one, at close, runs after the writer has stopped. */
static void *
checkpointer_main(void *arg)
{
	struct store *st = arg;
	struct st_tx *tx = NULL;
	if (st_conn_open(st, 0, &tx) != ST_OK) {
		log_err("store: the checkpointer cannot open its connection; the WAL will grow");
		return NULL;
	}
	pthread_mutex_lock(&st->mu);
	while (!st->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (st->commits_since_ckpt < ST_CKPT_EVERY)
			pthread_cond_timedwait(&st->ckpt_cv, &st->mu, &until);
		if (st->stopping)
			break;
		unsigned pending = st->commits_since_ckpt;
		st->commits_since_ckpt = 0;
		pthread_mutex_unlock(&st->mu);
		if (pending > 0)
			sqlite3_wal_checkpoint_v2(tx->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&st->mu);
	}
	pthread_mutex_unlock(&st->mu);
	st_conn_close(tx);
	return NULL;
}

/* Queues j; -1 (j untouched, not queued) when the store is closing: the caller then
 * reports ST_ERROR to the job's done callback and releases it. */
static int
job_push(struct store *st, struct st_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&st->mu);
	if (st->stopping || !st->writer_started) {
		pthread_mutex_unlock(&st->mu);
		log_err("store: write submitted while the store is closing");
		return -1;
	}
	if (st->tail != NULL)
		st->tail->next = j;
	else
		st->head = j;
	st->tail = j;
	st->qlen++;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
	return 0;
}

void
st_write_async(struct store *st, st_tx_fn fn, void *ctx, st_done_fn done, void *done_ctx)
{
	struct st_job *j = xmalloc(sizeof(*j));
	*j = (struct st_job){ .fn = fn, .ctx = ctx, .done = done, .done_ctx = done_ctx,
		.rc = ST_ERROR, .on_heap = 1 };
	if (job_push(st, j) != 0) {
		free(j);
		if (done != NULL)
			done(done_ctx, ST_ERROR);
	}
}

static void
wait_done(void *arg, enum st_rc rc)
{
	struct st_wait *w = arg;
	w->rc = rc;
	sem_post(&w->sem);
}

enum st_rc
st_write(struct store *st, st_tx_fn fn, void *ctx)
{
	if (st->writer_started && pthread_equal(pthread_self(), st->writer)) {
		log_err("store: st_write called on the writer thread; it would wait for itself");
		return ST_ERROR;
	}
	struct st_wait w = { .rc = ST_ERROR };
	sem_init(&w.sem, 0, 0);
	struct st_job j = { .fn = fn, .ctx = ctx, .done = wait_done, .done_ctx = &w,
		.rc = ST_ERROR, .on_heap = 0 };
	if (job_push(st, &j) != 0)
		wait_done(&w, ST_ERROR);
	while (sem_wait(&w.sem) != 0)
		; /* EINTR */
	sem_destroy(&w.sem);
	return w.rc;
}

enum st_rc
st_writer_start(struct store *st)
{
	/* Signals belong to the main thread, never to the writer. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	sqlite3_wal_autocheckpoint(st->wtx->db, 0);
	pthread_cond_init(&st->ckpt_cv, NULL);
	int e = pthread_create(&st->writer, NULL, writer_main, st);
	int ec = e == 0 ? pthread_create(&st->ckpt, NULL, checkpointer_main, st) : 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		log_err("store: cannot start the writer thread: %s", strerror(e));
		return ST_ERROR;
	}
	if (ec != 0) {
		log_err("store: cannot start the checkpointer: %s", strerror(ec));
		sqlite3_wal_autocheckpoint(st->wtx->db, 1000); /* fall back to checkpoints on commit */
	} else {
		st->ckpt_started = 1;
		pthread_setname_np(st->ckpt, "st-checkpoint");
	}
	pthread_setname_np(st->writer, "st-writer");
	pthread_mutex_lock(&st->mu);
	st->writer_started = 1;
	pthread_mutex_unlock(&st->mu);
	return ST_OK;
}

void
st_writer_stop(struct store *st)
{
	pthread_mutex_lock(&st->mu);
	int started = st->writer_started;
	st->stopping = 1;
	pthread_cond_broadcast(&st->cv);
	pthread_cond_broadcast(&st->ckpt_cv);
	pthread_mutex_unlock(&st->mu);
	if (started)
		pthread_join(st->writer, NULL); /* the writer drains the queue first */
	if (st->ckpt_started) {
		pthread_join(st->ckpt, NULL);
		st->ckpt_started = 0;
		pthread_cond_destroy(&st->ckpt_cv);
	}
	/* Everything is committed: fold the WAL into the database before closing. */
	if (st->wtx != NULL)
		sqlite3_wal_checkpoint_v2(st->wtx->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void
st_writer_stats(struct store *st, struct st_stats *out)
{
	out->write_jobs = atomic_load_explicit(&st->write_jobs, memory_order_relaxed);
	out->write_groups = atomic_load_explicit(&st->write_groups, memory_order_relaxed);
	out->write_commit_us_total =
	    atomic_load_explicit(&st->write_commit_us_total, memory_order_relaxed);
	for (int i = 0; i < 8; i++)
		out->group_size_hist[i] =
		    atomic_load_explicit(&st->group_size_hist[i], memory_order_relaxed);
	pthread_mutex_lock(&st->mu);
	out->queue_depth = st->qlen;
	pthread_mutex_unlock(&st->mu);
}
