/* import and export: CSV files from the command line, as the command-line administrator.
 * import checks the whole file first and writes nothing unless every line is valid (one
 * transaction); export writes what the domain list functions return, then records the
 * export in the audit trail. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "domain/csvio.h"

/* The non-option arguments after the verb. Options are those in opts (with_value: takes the
 * next argument unless written --name=VALUE). Returns how many, or -1 on an unknown option. */
struct cli_optdef {
	const char *name;
	int with_value;
};

static int
positionals(int argc, char **argv, const struct cli_optdef *opts, char **out, int max)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			if (n == max)
				return -1;
			out[n++] = argv[i];
			continue;
		}
		const struct cli_optdef *o = opts;
		for (; o->name; o++) {
			size_t k = strlen(o->name);
			if (strncmp(argv[i] + 2, o->name, k) == 0 &&
			    (argv[i][2 + k] == '\0' || (o->with_value && argv[i][2 + k] == '=')))
				break;
		}
		if (o->name == NULL)
			return -1;
		if (o->with_value && strchr(argv[i], '=') == NULL)
			i++;
	}
	return n;
}

/* Reads at most max + 1 bytes, so that a file over the limit is reported as such without
 * reading all of it. 0 ok. */
static int
read_file(const char *path, size_t max, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	size_t cap = 64 * 1024, n = 0;
	char *p = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			cap *= 2;
			p = xreallocarray(p, cap, 1);
		}
		size_t want = cap - n;
		if (n + want > max + 1)
			want = max + 1 - n;
		size_t got = fread(p + n, 1, want, f);
		n += got;
		if (got == 0 || n > max)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(p);
		return -1;
	}
	*data = p;
	*len = n;
	return 0;
}

static void
print_report(const struct csv_report *rep)
{
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct csv_error *e = &rep->errors[i];
		const char *msg = err_message(e->err, LANG_EN);
		if (e->line == 0)
			printf("file: %s\n", msg);
		else if (e->column[0])
			printf("line %lld, %s: %s\n", (long long)e->line, e->column, msg);
		else
			printf("line %lld: %s\n", (long long)e->line, msg);
	}
	if (rep->error_count > (int64_t)rep->nerrors)
		printf("... and %lld more errors (only the first %d are listed)\n",
		    (long long)(rep->error_count - (int64_t)rep->nerrors), CSVIO_MAX_ERRORS);
}

struct import_job {
	enum csv_kind kind;
	int dry_run;
	struct arena a;
	struct csv_rows *rows;
	struct csv_report *rep;
};

static enum st_rc
import_tx(struct st_tx *tx, void *v)
{
	struct import_job *j = v;
	return csvio_apply(tx, &j->a, &cli_principal, j->kind, j->rows, j->dry_run, j->rep);
}

int
cmd_import(const struct cfg *c, int argc, char **argv)
{
	static const struct cli_optdef opts[] = { { "dry-run", 0 }, { NULL, 0 } };
	char *pos[2];
	struct import_job j = { 0 };
	if (positionals(argc, argv, opts, pos, 2) != 2 || csvio_kind_parse(pos[0], &j.kind) != 0) {
		fprintf(stderr, "usage: passerelle import persons|organisations|agreements FILE "
		    "[--dry-run]\n");
		return 2;
	}
	j.dry_run = cli_flag(argc, argv, "dry-run");
	char *data = NULL;
	size_t len = 0;
	if (read_file(pos[1], CSVIO_MAX_BYTES, &data, &len) != 0) {
		fprintf(stderr, "passerelle: cannot read %s: %s\n", pos[1], strerror(errno));
		return 1;
	}
	struct csv_rows rows;
	struct csv_report rep;
	int bad = csvio_parse(j.kind, data, len, &rows, &rep);
	free(data);
	int status = 1;
	if (bad) {
		print_report(&rep);
		fprintf(stderr, "passerelle: %s has %lld error%s; nothing was %s\n", pos[1],
		    (long long)rep.error_count, rep.error_count == 1 ? "" : "s",
		    j.dry_run ? "written (dry run)" : "imported");
		goto done;
	}
	if (cli_init(c, 1) != 0)
		goto done;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		goto done;
	j.rows = &rows;
	j.rep = &rep;
	arena_init(&j.a);
	enum st_rc rc = st_write(st, import_tx, &j);
	arena_free(&j.a);
	st_close(st);
	if (rc == ST_OK) {
		printf("imported %lld rows\n", (long long)rep.created);
		status = 0;
	} else if (rc == ST_CONFLICT && rep.dry_run_ok) {
		printf("dry run: %lld rows valid, nothing written\n", (long long)rep.created);
		status = 0;
	} else if (rc == ST_CONFLICT && rep.error_count > 0) {
		print_report(&rep);
		fprintf(stderr, "passerelle: %lld row%s refused; nothing was %s\n",
		    (long long)rep.error_count, rep.error_count == 1 ? "" : "s",
		    j.dry_run ? "written (dry run)" : "imported");
	} else {
		fprintf(stderr, "passerelle: the import failed (%s); nothing was imported\n",
		    st_rc_name(rc));
	}
done:
	csvio_rows_free(&rows);
	csvio_report_free(&rep);
	return status;
}

struct export_job {
	const char *kind;
	struct arena a;
	struct buf out;
	int64_t rows;
};

static enum st_rc
export_tx(struct st_tx *tx, void *v)
{
	struct export_job *j = v;
	/* A read may be retried: start the file again. */
	buf_reset(&j->out);
	return csvio_export(tx, &j->a, &cli_principal, j->kind, &j->out, &j->rows);
}

static enum st_rc
export_audit_tx(struct st_tx *tx, void *v)
{
	struct export_job *j = v;
	return csvio_export_audit(tx, &cli_principal, j->kind, j->rows);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
cmd_export(const struct cfg *c, int argc, char **argv)
{
	static const char *const kinds[] = { "persons", "organisations", "agreements", "events",
		NULL };
	static const struct cli_optdef opts[] = { { "out", 1 }, { NULL, 0 } };
	char *pos[1];
	struct export_job j = { 0 };
	if (positionals(argc, argv, opts, pos, 1) == 1)
		for (int i = 0; kinds[i]; i++)
			if (strcmp(pos[0], kinds[i]) == 0)
				j.kind = kinds[i];
	const char *path = cli_opt(argc, argv, "out");
	if (j.kind == NULL || (cli_flag(argc, argv, "out") && path == NULL)) {
		fprintf(stderr, "usage: passerelle export persons|organisations|agreements|events "
		    "[--out FILE]\n");
		return 2;
	}
	if (cli_init(c, 0) != 0)
		return 1;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		return 1;
	arena_init(&j.a);
	enum st_rc rc = st_read(st, export_tx, &j);
	/* Recorded before the file is handed over: no export leaves without its trace. */
	if (rc == ST_OK)
		rc = st_write(st, export_audit_tx, &j);
	st_close(st);
	arena_free(&j.a);
	if (rc != ST_OK) {
		fprintf(stderr, "passerelle: the export failed (%s)\n", st_rc_name(rc));
		buf_free(&j.out);
		return 1;
	}
	int status = 0;
	if (path == NULL) {
		if (write_all(STDOUT_FILENO, j.out.p ? j.out.p : "", j.out.n) != 0) {
			fprintf(stderr, "passerelle: cannot write to standard output: %s\n",
			    strerror(errno));
			status = 1;
		}
	} else {
		/* Personal data: readable by the owner only. */
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || write_all(fd, j.out.p ? j.out.p : "", j.out.n) != 0 ||
		    fsync(fd) != 0) {
			fprintf(stderr, "passerelle: cannot write %s: %s\n", path, strerror(errno));
			status = 1;
		}
		if (fd >= 0 && close(fd) != 0 && status == 0) {
			fprintf(stderr, "passerelle: cannot write %s: %s\n", path, strerror(errno));
			status = 1;
		}
		if (status == 0)
			printf("exported %lld %s to %s\n", (long long)j.rows, j.kind, path);
	}
	buf_free(&j.out);
	return status;
}
