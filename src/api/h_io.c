/* CSV import: POST /api/v1/import/{kind} (administrators), body text/csv.
 * The file is parsed and checked on the request's thread; only a clean file goes to the
 * writer, where every row is created in one transaction that keeps all or nothing.
 * ?dry_run=1 runs the whole import, then rolls it back and reports. */
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "core/log.h"
#include "domain/csvio.h"

struct import_ctx {
	struct api_op op;
	enum csv_kind kind;
	int dry_run;
	struct csv_rows rows;
	struct csv_report rep;
};

static void
import_free(void *v)
{
	struct import_ctx *c = v;
	csvio_rows_free(&c->rows);
	csvio_report_free(&c->rep);
}

static enum st_rc
import_tx(struct st_tx *tx, void *v)
{
	struct import_ctx *c = v;
	return csvio_apply(tx, c->op.a, c->op.who, c->kind, &c->rows, c->dry_run, &c->rep);
}

static void
import_invalid(struct req *r, const struct csv_report *rep)
{
	json_t *extra = json_object();
	json_object_set_new(extra, "report", csvio_report_json(rep, r->lang));
	reply_error(r, E_IMPORT_INVALID, NULL, extra);
}

static void
import_reply(struct req *r, void *v, enum st_rc rc)
{
	struct import_ctx *c = v;
	if (rc == ST_OK) {
		reply_json(r, 201, csvio_report_json(&c->rep, r->lang));
	} else if (rc == ST_CONFLICT && c->rep.dry_run_ok) {
		reply_json(r, 200, csvio_report_json(&c->rep, r->lang));
	} else if (rc == ST_CONFLICT && c->rep.error_count > 0) {
		import_invalid(r, &c->rep);
	} else {
		api_reply_failure(r, rc, NULL);
	}
}

int
h_import(struct req *r)
{
	struct import_ctx *c = arena_alloc(&r->arena, sizeof(*c));
	api_op_init(&c->op, r, 201);
	if (r->nargs < 1 || csvio_kind_parse(r->args[0], &c->kind) != 0) {
		reply_error(r, E_ROUTE_NOT_FOUND, NULL, NULL);
		return 0;
	}
	if (!http_content_type_is(req_header(r, "Content-Type"), "text/csv")) {
		reply_error(r, E_CONTENT_TYPE, NULL, NULL);
		return 0;
	}
	const char *dry = req_query(r, "dry_run");
	if (dry != NULL) {
		if (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0) {
			c->dry_run = 1;
		} else if (strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0) {
			reply_error(r, E_QUERY_PARAM, "dry_run", NULL);
			return 0;
		}
	}
	int rc = csvio_parse(c->kind, r->body ? r->body : "", r->body ? r->body_len : 0, &c->rows,
	    &c->rep);
	arena_defer(&r->arena, import_free, c);
	c->rep.dry_run = c->dry_run;
	/* Counts only: the file's content is personal data. */
	log_info("import %s: %lld rows, %lld errors%s", csvio_kind_name(c->kind),
	    (long long)c->rep.rows, (long long)c->rep.error_count, c->dry_run ? " (dry run)" : "");
	if (rc != 0) {
		import_invalid(r, &c->rep);
		return 0;
	}
	return req_write(r, import_tx, c, import_reply);
}
