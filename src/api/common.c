#include "api/api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sodium.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/xalloc.h"
#include "json/jspec.h"

struct api_settings api_settings = { 28800, 90 * 86400 };

#define PAGE_DEFAULT 50
#define PAGE_MAX 200
#define CSV_PAGE_MAX 10000

void
api_reply_failure(struct req *r, enum st_rc rc, struct dom_err *err)
{
	json_t *extra = err ? err->extra : NULL;
	if (err)
		err->extra = NULL;
	switch (rc) {
	case ST_NOTFOUND:
		json_decref(extra);
		reply_error(r, E_NOT_FOUND, NULL, NULL);
		break;
	case ST_CONFLICT:
		if (err && err->e != E_NONE) {
			reply_error(r, err->e, err->field, extra);
			break;
		}
		json_decref(extra);
		reply_error(r, E_CONFLICT, NULL, NULL);
		break;
	case ST_RETRY:
		json_decref(extra);
		reply_header(r, "Retry-After", "1");
		reply_error(r, E_UNAVAILABLE, NULL, NULL);
		break;
	default:
		json_decref(extra);
		reply_error(r, E_INTERNAL, NULL, NULL);
		break;
	}
}

int
api_arg_id(struct req *r, int k, int64_t *out)
{
	if (k >= r->nargs || parse_i64(r->args[k], 1, INT64_MAX, out) != 0) {
		reply_error(r, E_NOT_FOUND, NULL, NULL);
		return -1;
	}
	return 0;
}

int
api_query_i64(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v = req_query(r, name);
	if (v == NULL)
		return 0;
	if (parse_i64(v, min, max, out) != 0) {
		reply_error(r, E_QUERY_PARAM, name, NULL);
		return -1;
	}
	return 0;
}

int
api_query_enum(struct req *r, const char *name, const char *const *allowed, const char **out)
{
	const char *v = req_query(r, name);
	if (v == NULL)
		return 0;
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, v) == 0) {
			*out = *a;
			return 0;
		}
	reply_error(r, E_QUERY_PARAM, name, NULL);
	return -1;
}

static int
wants_csv(struct req *r)
{
	const char *f = req_query(r, "format");
	return f && strcmp(f, "csv") == 0;
}

int
api_page(struct req *r, struct api_page *pg)
{
	static const char *const formats[] = { "json", "csv", NULL };
	const char *fmt = NULL;
	memset(pg, 0, sizeof(*pg));
	if (api_query_enum(r, "format", formats, &fmt) != 0)
		return -1;
	int64_t limit = wants_csv(r) ? CSV_PAGE_MAX : PAGE_DEFAULT;
	if (api_query_i64(r, "limit", 1, wants_csv(r) ? CSV_PAGE_MAX : PAGE_MAX, &limit) != 0)
		return -1;
	pg->limit = (int)limit;
	return api_cursor_param(r, pg);
}

int
api_cursor_param(struct req *r, struct api_page *pg)
{
	const char *cur = req_query(r, "cursor");
	if (cur == NULL || *cur == '\0')
		return 0;
	/* A cursor is base64url("v1." a "." b): opaque to clients, checked on the way in. */
	unsigned char bin[64];
	size_t n = 0;
	if (strlen(cur) > 80 || sodium_base642bin(bin, sizeof(bin) - 1, cur, strlen(cur), NULL, &n,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto bad;
	bin[n] = '\0';
	long long a, b;
	int used = 0;
	if (sscanf((const char *)bin, "v1.%lld.%lld%n", &a, &b, &used) != 2 || (size_t)used != n ||
	    a < 0 || b < 0)
		goto bad;
	pg->after = a;
	pg->after2 = b;
	return 0;
bad:
	reply_error(r, E_CURSOR, "cursor", NULL);
	return -1;
}

const char *
api_cursor(struct req *r, int64_t a, int64_t b)
{
	char raw[64];
	int n = snprintf(raw, sizeof(raw), "v1.%" PRId64 ".%" PRId64, a, b);
	char *out = arena_alloc(&r->arena, sodium_base64_ENCODED_LEN((size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	sodium_bin2base64(out, sodium_base64_ENCODED_LEN((size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), (const unsigned char *)raw, (size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* "a.b" walks nested objects. */
static json_t *
member(json_t *o, const char *path)
{
	char key[64];
	while (o && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}

static void
csv_field(struct buf *b, const char *s)
{
	/* A leading = + - @ would run as a formula in a spreadsheet: neutralise it. */
	int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	size_t n = strlen(s) + (formula ? 1 : 0);
	char *src = xmalloc(n + 1);
	snprintf(src, n + 1, "%s%s", formula ? "'" : "", s);
	size_t cap = n * 2 + 3;
	char *dst = xmalloc(cap);
	size_t m = csv_write(dst, cap, src, n);
	buf_put(b, dst, m);
	free(dst);
	free(src);
}

static void
csv_reply(struct req *r, json_t *items, const char *next, const char *const *cols)
{
	struct buf b = { 0 };
	for (int i = 0; cols[i]; i++) {
		if (i)
			buf_putc(&b, ',');
		csv_field(&b, cols[i]);
	}
	buf_puts(&b, "\r\n");
	size_t k;
	json_t *it;
	json_array_foreach(items, k, it) {
		for (int i = 0; cols[i]; i++) {
			json_t *v = member(it, cols[i]);
			char num[32];
			const char *s = "";
			if (json_is_string(v))
				s = json_string_value(v);
			else if (json_is_integer(v))
				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v)), s = num;
			else if (json_is_true(v))
				s = "true";
			else if (json_is_false(v))
				s = "false";
			if (i)
				buf_putc(&b, ',');
			csv_field(&b, s);
		}
		buf_puts(&b, "\r\n");
	}
	if (next)
		reply_header(r, "X-Next-Cursor", next);
	reply_header(r, "Content-Disposition", "attachment; filename=\"export.csv\"");
	reply_raw(r, 200, "text/csv; charset=utf-8", b.p ? b.p : "", b.n);
	buf_free(&b);
	json_decref(items);
}

void
api_reply_page(struct req *r, json_t *items, const char *next_cursor, const char *const *csv_columns)
{
	if (csv_columns && wants_csv(r)) {
		csv_reply(r, items, next_cursor, csv_columns);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "next_cursor", next_cursor ? json_string(next_cursor) : json_null());
	reply_json(r, 200, o);
}

void
api_op_init(struct api_op *op, struct req *r, unsigned status)
{
	memset(op, 0, sizeof(*op));
	op->who = r->who;
	op->lang = r->lang;
	op->a = &r->arena;
	op->status = status;
}

void
api_op_reset(struct api_op *op)
{
	if (op->out)
		json_decref(op->out);
	if (op->err.extra)
		json_decref(op->err.extra);
	op->out = NULL;
	memset(&op->err, 0, sizeof(op->err));
}

void
api_op_reply(struct req *r, void *ctx, enum st_rc rc)
{
	struct api_op *op = ctx;
	if (rc == ST_OK && op->out != NULL) {
		reply_json(r, op->status, op->out);
		op->out = NULL;
		return;
	}
	if (op->out) {
		json_decref(op->out);
		op->out = NULL;
	}
	api_reply_failure(r, rc == ST_OK ? ST_ERROR : rc, &op->err);
}

int
api_read(struct req *r, st_tx_fn fn, struct api_op *op)
{
	enum st_rc rc = st_read(r->store, fn, op);
	api_op_reply(r, op, rc);
	return 0;
}

int
api_read_page(struct req *r, st_tx_fn fn, struct api_op *op, const int64_t *next,
    const char *const *csv_columns)
{
	enum st_rc rc = st_read(r->store, fn, op);
	if (rc != ST_OK) {
		api_op_reply(r, op, rc);
		return 0;
	}
	api_reply_page(r, op->out, *next ? api_cursor(r, *next, 0) : NULL, csv_columns);
	op->out = NULL;
	return 0;
}

int
api_reply_jerr(struct req *r, const struct jerr *e)
{
	reply_error(r, e->err, e->field, NULL);
	return 0;
}
