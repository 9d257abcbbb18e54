/* reply: recording replies (reply_*) and turning them into MHD responses.
 *
 * reply_* only record into the request (status, content type, body bytes in the arena, extra
 * headers): no MHD call, so they are safe on the writer thread, where idempotent routes build
 * their reply inside the transaction. http_reply_queue() runs on the MHD worker and adds what
 * every response carries: X-Request-Id, Cache-Control: no-store (API data is private),
 * X-Content-Type-Options, Vary, and the ETag / 304 logic for GET 200 replies.
 *
 * Threading: a request's reply is touched by one thread at a time (see internal.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/log.h"
#include "http/internal.h"

#define JSON_CT "application/json; charset=utf-8"
#define PROBLEM_CT "application/problem+json; charset=utf-8"
#define DUMP_GUESS 1024

json_t *
problem_build(enum err_id e, enum lang lang, const char *field, json_t *extra)
{
	if (e <= E_NONE || e >= E__COUNT)
		e = E_INTERNAL;
	int status = err_status(e);
	char type[96];
	snprintf(type, sizeof(type), "/problems/%s", err_slug(e));

	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "title", json_string(err_message(e, lang)));
	json_object_set_new(o, "status", json_integer(status));
	json_object_set_new(o, "code", json_integer(err_code(e)));
	json_object_set_new(o, "error", json_string(err_slug(e)));
	if (status < 500) {
		/* json_string() refuses invalid UTF-8 (NULL); set_new then just fails. */
		if (field != NULL)
			json_object_set_new(o, "field", json_string(field));
		if (extra != NULL && json_is_object(extra))
			json_object_update_missing(o, extra);
	}
	json_decref(extra);
	return o;
}

void
http_etag(const void *body, size_t len, char out[35])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), body, len, NULL, 0);
	out[0] = '"';
	sodium_bin2hex(out + 1, 33, h, sizeof(h));
	out[33] = '"';
	out[34] = '\0';
}

int
http_etag_match(const char *inm, const char *etag)
{
	size_t el = strlen(etag);
	const char *p = inm;
	if (p == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;   /* If-None-Match uses the weak comparison */
		const char *s = p;
		if (*p == '"') {
			p++;
			while (*p != '\0' && *p != '"')
				p++;
			if (*p == '"')
				p++;
		} else {
			while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
				p++;
		}
		if ((size_t)(p - s) == el && memcmp(s, etag, el) == 0)
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

void
http_reply_rewind(struct req_impl *ri, struct http_hdr *mark)
{
	struct http_reply *rp = &ri->rep;
	rp->status = 0;
	rp->ctype = NULL;
	rp->body = NULL;
	rp->len = 0;
	rp->problem = 0;
	if (mark == NULL) {
		rp->hdrs = rp->last = NULL;
	} else {
		mark->next = NULL;
		rp->last = mark;
	}
}

void
http_reply_set(struct req_impl *ri, unsigned status, const char *ctype, const char *body,
    size_t len, int problem)
{
	struct http_reply *rp = &ri->rep;
	rp->status = status;
	rp->ctype = ctype;
	rp->body = body;
	rp->len = len;
	rp->problem = problem;
}

/* A handler that replies twice has a bug; the first reply stands. */
static int
reply_taken(struct req_impl *ri)
{
	if (ri->rep.status == 0)
		return 0;
	log_err("http: second reply ignored (route %s, first status %u)",
	    ri->req.route ? ri->req.route->name : "-", ri->rep.status);
	return 1;
}

/* Serialises compactly into the arena, usually in one pass. */
static char *
dump_arena(struct arena *a, const json_t *j, size_t *outn)
{
	char *buf = arena_alloc(a, DUMP_GUESS);
	size_t n = json_dumpb(j, buf, DUMP_GUESS, JSON_COMPACT);
	if (n > DUMP_GUESS) {
		buf = arena_alloc(a, n);
		if (json_dumpb(j, buf, n, JSON_COMPACT) != n)
			n = 0;
	}
	*outn = n;
	return n == 0 ? NULL : buf;
}

void
reply_json(struct req *r, unsigned status, json_t *body)
{
	struct req_impl *ri = req_impl_of(r);
	if (reply_taken(ri)) {
		json_decref(body);
		return;
	}
	size_t n = 0;
	char *p = body ? dump_arena(&r->arena, body, &n) : NULL;
	json_decref(body);
	if (p == NULL) {
		log_err("http: reply body could not be serialised (route %s)",
		    r->route ? r->route->name : "-");
		reply_error(r, E_INTERNAL, NULL, NULL);
		return;
	}
	http_reply_set(ri, status, JSON_CT, p, n, 0);
}

void
reply_error(struct req *r, enum err_id e, const char *field, json_t *extra)
{
	struct req_impl *ri = req_impl_of(r);
	if (reply_taken(ri)) {
		json_decref(extra);
		return;
	}
	if (e <= E_NONE || e >= E__COUNT)
		e = E_INTERNAL;
	json_t *o = problem_build(e, r->lang, field, extra);
	size_t n = 0;
	char *p = dump_arena(&r->arena, o, &n);
	json_decref(o);
	if (p == NULL) {
		/* Only when jansson fails to allocate; keep the status, send no body. */
		p = "";
		n = 0;
	}
	http_reply_set(ri, (unsigned)err_status(e), PROBLEM_CT, p, n, 1);
	if (e == E_AUTH_REQUIRED)
		reply_header(r, "WWW-Authenticate", "Bearer");
}

void
reply_static(struct req *r, unsigned status, const char *content_type, const void *body,
    size_t len)
{
	struct req_impl *ri = req_impl_of(r);
	if (reply_taken(ri))
		return;
	http_reply_set(ri, status, content_type, body, len, 0);
}

void
reply_raw(struct req *r, unsigned status, const char *content_type, const void *body,
    size_t len)
{
	struct req_impl *ri = req_impl_of(r);
	if (reply_taken(ri))
		return;
	char *p = arena_alloc(&r->arena, len + 1);
	if (len != 0)
		memcpy(p, body, len);
	const char *ct = content_type ? arena_strdup(&r->arena, content_type) :
	    "application/octet-stream";
	http_reply_set(ri, status, ct, p, len, 0);
}

static int
header_name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == ':')
			return 0;
	}
	return 1;
}

static int
header_value_ok(const char *s)
{
	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

void
reply_header(struct req *r, const char *name, const char *value)
{
	struct req_impl *ri = req_impl_of(r);
	/* A CR or LF here would let a value split the response: refuse (it is a bug). */
	if (!header_name_ok(name) || !header_value_ok(value)) {
		log_err("http: invalid response header refused (route %s)",
		    r->route ? r->route->name : "-");
		return;
	}
	struct http_hdr *h = arena_alloc(&r->arena, sizeof(*h));
	h->name = arena_strdup(&r->arena, name);
	h->value = arena_strdup(&r->arena, value);
	if (ri->rep.last != NULL)
		ri->rep.last->next = h;
	else
		ri->rep.hdrs = h;
	ri->rep.last = h;
}

void
reply_session_cookie(struct req *r, const char *token, int max_age_s)
{
	struct req_impl *ri = req_impl_of(r);
	if (token == NULL) {
		token = "";
		max_age_s = 0;
	}
	for (const char *p = token; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		/* RFC 6265 cookie-octet */
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
			log_err("http: session token with invalid characters refused");
			return;
		}
	}
	if (max_age_s < 0)
		max_age_s = 0;
	char *v = arena_printf(&r->arena, "psid=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
	    token, max_age_s, ri->secure_cookies ? "; Secure" : "");
	reply_header(r, "Set-Cookie", v);
}

/* ---- queueing (MHD worker) ---- */

/* A header MHD refuses is logged; the response still goes out. */
static void
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (MHD_add_response_header(resp, name, value) != MHD_YES)
		log_err("http: MHD refused response header %s", name);
}

int
http_reply_queue(struct req_impl *ri)
{
	struct req *r = &ri->req;
	struct http_reply *rp = &ri->rep;
	unsigned status = rp->status;
	const char *body = rp->body;
	size_t len = rp->len;
	char etag[35];
	int with_etag = 0, own_cache_control = 0;

	if (status == 0) {
		reply_error(r, E_INTERNAL, NULL, NULL);
		status = rp->status;
		body = rp->body;
		len = rp->len;
	}
	if (status == 200 && r->route != NULL && !(r->route->flags & ROUTE_NO_ETAG) &&
	    ri->method != NULL && (strcmp(ri->method, "GET") == 0 ||
	    strcmp(ri->method, "HEAD") == 0)) {
		http_etag(body, len, etag);
		with_etag = 1;
		const char *inm = MHD_lookup_connection_value(ri->conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_IF_NONE_MATCH);
		if (inm != NULL && http_etag_match(inm, etag))
			status = 304;
	}
	if (status == 204 || status == 304) {
		body = NULL;    /* never a body on these, whatever the handler recorded */
		len = 0;
	}

	/* The body lives in the arena (or static storage), freed only at NOTIFY_COMPLETED,
	 * after MHD is done sending: no copy needed. */
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		log_err("http: could not create a response");
		return -1;
	}
	/* A 304 goes out with MHD's "Content-Length: 0" (0.9.75 cannot omit it); caches do
	 * not take Content-Length from a 304 (RFC 9111, 3.2), so it is harmless. */
	if (rp->ctype != NULL && status != 304 && status != 204)
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rp->ctype);
	if (with_etag)
		add_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (rp->problem)
		add_header(resp, MHD_HTTP_HEADER_CONTENT_LANGUAGE,
		    r->lang == LANG_FR ? "fr" : "en");
	for (struct http_hdr *h = rp->hdrs; h != NULL; h = h->next) {
		if (strcasecmp(h->name, MHD_HTTP_HEADER_CACHE_CONTROL) == 0)
			own_cache_control = 1;
		add_header(resp, h->name, h->value);
	}
	if (!own_cache_control)
		add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	add_header(resp, "X-Request-Id", r->rid);
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "same-origin");
	add_header(resp, "X-Frame-Options", "DENY");
	/* Pages load scripts, styles, fonts and images from this server only, never inline;
	 * every other response (JSON, CSV, assets) may load nothing at all. */
	add_header(resp, "Content-Security-Policy",
	    rp->ctype != NULL && strncmp(rp->ctype, "text/html", 9) == 0 ?
	    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'" :
	    "default-src 'none'; frame-ancestors 'none'");
	add_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Language, Cookie, Authorization");

	enum MHD_Result ok = MHD_queue_response(ri->conn, status, resp);
	MHD_destroy_response(resp);
	ri->state = RS_DONE;
	if (ok != MHD_YES) {
		log_err("http: MHD refused to queue the response");
		return -1;
	}
	ri->status_sent = status;
	return 0;
}
