/* migrate: numbered schema migrations embedded at build time as sql/sqlite/NNNN_name.sql.
 *
 * Each pending file runs through the writer as its own write job together with its
 * schema_migrations row, so a failed migration leaves no trace and stops the ones after it.
 * A database that has a version newer than every file this binary knows is refused.
 * Migration files run inside the writer's transaction: they must not contain BEGIN/COMMIT
 * and must not rely on PRAGMAs that do nothing inside a transaction (foreign_keys).
 * Thread-safe like st_write(); normally called once at startup or by `passerelle migrate`.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#define MIG_DIR "sql/sqlite/"

static const char mig_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_us INTEGER NOT NULL) STRICT";

struct mig {
	int version;
	const char *name; /* file name without the directory */
	const char *sql;
};

/* The versions already applied, ascending. */
struct mig_state {
	int64_t *v;
	size_t n, cap;
};

struct mig_apply {
	const struct mig *m;
	int done; /* 1 when this job applied it, 0 when another process already had */
};

static int
mig_cmp(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* The embedded migrations for this backend, sorted by version; -1 on a bad name. */
static int
mig_collect(struct mig **out, size_t *nout)
{
	struct mig *m = xcalloc(embedded_count ? embedded_count : 1, sizeof(*m));
	size_t n = 0;
	for (size_t i = 0; i < embedded_count; i++) {
		const char *name = embedded_files[i].name;
		size_t len = strlen(name);
		if (strncmp(name, MIG_DIR, strlen(MIG_DIR)) != 0 || len < 4 ||
		    strcmp(name + len - 4, ".sql") != 0)
			continue;
		const char *base = name + strlen(MIG_DIR);
		size_t nd = strspn(base, "0123456789");
		char digits[10];
		int64_t v;
		if (strchr(base, '/') != NULL || nd == 0 || nd >= sizeof(digits) ||
		    base[nd] != '_') {
			log_err("store: migration file %s is not named NNNN_name.sql", name);
			goto fail;
		}
		memcpy(digits, base, nd);
		digits[nd] = '\0';
		if (parse_i64(digits, 1, 999999, &v) != 0) {
			log_err("store: migration file %s has no valid number", name);
			goto fail;
		}
		m[n].version = (int)v;
		m[n].name = base;
		m[n].sql = (const char *)embedded_files[i].data;
		n++;
	}
	qsort(m, n, sizeof(*m), mig_cmp);
	for (size_t i = 1; i < n; i++) {
		if (m[i].version == m[i - 1].version) {
			log_err("store: migrations %s and %s share a number", m[i - 1].name,
			    m[i].name);
			goto fail;
		}
	}
	*out = m;
	*nout = n;
	return 0;
fail:
	free(m);
	return -1;
}

static int
mig_state_row(void *ctx, const struct st_row *row)
{
	struct mig_state *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = st_i64(row, 0);
	return 0;
}

static enum st_rc
mig_state_load(struct st_tx *tx, void *ctx)
{
	struct mig_state *s = ctx;
	s->n = 0;
	enum st_rc rc = st_exec_sql(tx, mig_table_sql);
	if (rc != ST_OK)
		return rc;
	return st_exec_sql_rows(tx, "SELECT version FROM schema_migrations ORDER BY version", NULL,
	    0, mig_state_row, s, NULL);
}

static int
mig_state_has(const struct mig_state *s, int64_t v)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return 1;
	return 0;
}

static enum st_rc
mig_apply_job(struct st_tx *tx, void *ctx)
{
	struct mig_apply *a = ctx;
	int64_t one;
	a->done = 0;
	/* Another process may have applied it since we looked. */
	enum st_rc rc = st_one_i64_sql(tx, "SELECT 1 FROM schema_migrations WHERE version = $1",
	    (struct st_param[]){ SP_INT(a->m->version) }, 1, &one);
	if (rc == ST_OK)
		return ST_OK;
	if (rc != ST_NOTFOUND)
		return rc;
	rc = st_exec_sql(tx, a->m->sql);
	if (rc != ST_OK)
		return rc;
	struct st_param p[] = { SP_INT(a->m->version), SP_STR(a->m->name), SP_INT(time_now_us()) };
	rc = st_exec_sql_rows(tx,
	    "INSERT INTO schema_migrations(version, name, applied_us) VALUES ($1, $2, $3)", p, 3,
	    NULL, NULL, NULL);
	if (rc == ST_OK)
		a->done = 1;
	return rc;
}

enum st_rc
st_migrate(struct store *st, int *applied)
{
	struct mig *m = NULL;
	size_t n = 0;
	struct mig_state s = { NULL, 0, 0 };
	int count = 0;
	enum st_rc rc = ST_ERROR;
	if (applied != NULL)
		*applied = 0;
	if (mig_collect(&m, &n) != 0)
		goto out;
	rc = st_write(st, mig_state_load, &s);
	if (rc != ST_OK) {
		log_err("store: cannot read schema_migrations (%s)", st_rc_name(rc));
		goto out;
	}
	int known = n > 0 ? m[n - 1].version : 0;
	int64_t have = s.n > 0 ? s.v[s.n - 1] : 0;
	if (have > known) {
		log_err("store: the database is at schema version %lld but this binary knows "
			"only up to %d; refusing to use it (upgrade passerelle)",
		    (long long)have, known);
		rc = ST_ERROR;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (mig_state_has(&s, m[i].version))
			continue;
		if (m[i].version < have)
			log_warn("store: applying migration %s after a later one", m[i].name);
		struct mig_apply a = { &m[i], 0 };
		rc = st_write(st, mig_apply_job, &a);
		if (rc != ST_OK) {
			log_err("store: migration %s failed (%s); later ones not applied",
			    m[i].name, st_rc_name(rc));
			goto out;
		}
		if (a.done) {
			log_info("store: applied migration %s", m[i].name);
			count++;
		}
	}
	rc = ST_OK;
out:
	if (applied != NULL)
		*applied = count;
	free(s.v);
	free(m);
	return rc;
}

/* -1 when an embedded migration is misnamed (logged; st_migrate refuses too). */
int
st_migrations_known(void)
{
	struct mig *m;
	size_t n;
	if (mig_collect(&m, &n) != 0)
		return -1;
	int v = n > 0 ? m[n - 1].version : 0;
	free(m);
	return v;
}

static enum st_rc
version_read(struct st_tx *tx, void *ctx)
{
	int64_t *v = ctx, exists;
	*v = 0;
	enum st_rc rc = st_one_i64_sql(tx,
	    "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'schema_migrations'",
	    NULL, 0, &exists);
	if (rc != ST_OK || exists == 0)
		return rc;
	return st_one_i64_sql(tx, "SELECT coalesce(max(version), 0) FROM schema_migrations", NULL,
	    0, v);
}

/* -1 when the database cannot be read (logged). */
int
st_schema_version(struct store *st)
{
	int64_t v = 0;
	if (st_read(st, version_read, &v) != ST_OK)
		return -1;
	return (int)v;
}
