/* http: the HTTP layer over libmicrohttpd (the only code that includes microhttpd.h).
 *
 * Request life (see STYLE §2.4): the first MHD call allocates a struct req (arena, request id),
 * matches the route (404/405), resolves the caller (session cookie "psid" or
 * "Authorization: Bearer"), checks roles (401 when not signed in, 403 otherwise), checks
 * Content-Type (415) and Content-Length against the route's body limit (413). The body is read
 * into the arena with a running cap (413). On the final call the handler runs and queues its
 * reply. Errors are application/problem+json in the caller's language.
 *
 * Handlers are thin: validate (jspec) -> domain call -> reply_*. Read handlers call st_read()
 * synchronously. Write handlers call req_write(): the connection is suspended, the job goes to
 * the store's writer (group commit), and when it is durable the connection is resumed and the
 * handler's reply function runs. Creating POSTs flagged ROUTE_IDEMPOTENT honour
 * Idempotency-Key: the stored response is written in the same transaction as the creation.
 *
 * Threading: MHD thread pool (epoll); a req is touched by one thread at a time. */
#ifndef PASSERELLE_HTTP_H
#define PASSERELLE_HTTP_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/roles.h"
#include "store/store.h"

struct req;
struct route;

/* Handler: must queue exactly one reply (reply_*) or call req_write(). Returns 0; a non-zero
 * return without a reply becomes a 500. */
typedef int (*http_handler)(struct req *r);
/* Runs after the write job finished (rc = the tx function's outcome, or ST_ERROR when the
 * commit failed). Must queue a reply from ctx. It may run on the writer thread (idempotent
 * routes, inside the transaction, so the reply can be stored with the creation): it must be a
 * pure function of (ctx, rc, r->lang, r->who) that only calls reply_* / arena functions. */
typedef void (*http_write_reply)(struct req *r, void *ctx, enum st_rc rc);

#define ROUTE_JSON_BODY 0x1   /* body must be application/json */
#define ROUTE_IDEMPOTENT 0x2  /* creating POST: honours Idempotency-Key */
#define ROUTE_NO_ETAG 0x4     /* GET whose replies must not be cached */
#define ROUTE_PAGE 0x8        /* web page: errors are HTML pages, sign-in redirects */
#define ROUTE_FORM_BODY 0x10  /* body must be application/x-www-form-urlencoded */

struct route {
	const char *method;     /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern;    /* "/api/v1/cases/{id}/transitions"; {x} matches one segment */
	http_handler handler;
	unsigned roles;         /* RB(ROLE_...) bits; ROLE_PUBLIC_BIT for anonymous access */
	size_t body_max;        /* bytes; 0 = no body allowed */
	unsigned flags;
	const char *name;       /* stable label for metrics, e.g. "cases.get" */
};

/* Server settings (from configuration). */
struct http_config {
	const char *bind;       /* "127.0.0.1" */
	unsigned port;          /* 0 = pick a free port (see http_port) */
	unsigned threads;       /* MHD thread pool size */
	unsigned conn_limit;    /* total connections */
	unsigned per_ip_limit;  /* connections per IP (0 = unlimited) */
	unsigned timeout_s;     /* idle connection timeout */
	size_t header_max;      /* connection memory limit (headers + read buffer) */
	int secure_cookies;     /* add Secure to cookies (behind TLS) */
	int trust_proxy;        /* reserved: take client IP from X-Forwarded-For */
};

struct http_server;

/* Starts listening; returns 0 and *out owned (http_stop frees). routes is borrowed
 * (static table). The store is borrowed and must outlive the server. */
int http_start(const struct http_config *cfg, struct store *st, struct http_server **out);
unsigned http_port(const struct http_server *s);
void http_stop(struct http_server *s);

/* ---- what handlers see ---- */
struct req {
	struct arena arena;
	struct store *store;
	const struct route *route;
	enum lang lang;
	const struct principal *who;   /* NULL when anonymous */
	const char *args[4];           /* {x} segments, percent-decoded, in order */
	int nargs;
	const char *body;              /* NUL-terminated; body_len bytes */
	size_t body_len;
	void *page_state;              /* the web module's per-request state (NULL until used) */
	char rid[65];                  /* request id: 16 hex, or the client's X-Request-Id
	                                * (1..64 safe chars); also in the response header */
	void *impl;                    /* server-private state */
};

/* Query string parameter (decoded) or NULL. */
const char *req_query(struct req *r, const char *name);
/* Request header or NULL. */
const char *req_header(struct req *r, const char *name);
/* The language of a page path: "/en" or "/en/..." -> English, "/fr" or "/fr/..." -> French.
 * Returns 0 and sets *out (may be NULL), or -1 for any other path. */
int http_page_lang(const char *path, enum lang *out);

/* 1 when a Content-Type value is the media type want (any case, parameters allowed, but a
 * charset parameter must be utf-8), else 0. NULL gives 0. */
int http_content_type_is(const char *ct, const char *want);

/* Cookie value or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* The raw path (percent-encoded, no query), the raw query string ("" when none) and the
 * method. */
const char *req_path(struct req *r);
const char *req_raw_query(struct req *r);
const char *req_method(struct req *r);
/* The caller's address as text (for sign-in throttling; never logged with personal data). */
const char *req_client_ip(struct req *r);

/* Suspends the connection and runs fn(tx, ctx) on the writer; then reply(r, ctx, rc).
 * ctx must live in r->arena. Returns 0. From this call on the writer thread owns r: the
 * handler must return at once (e.g. "return req_write(...);") without touching r or ctx.
 * Headers added with reply_header() before the call are kept. */
int req_write(struct req *r, st_tx_fn fn, void *ctx, http_write_reply reply);

/* Replies (each queues the one response of the request). */
/* Takes ownership of body. GET 200 replies get a strong ETag (hash of the body) and a
 * 304 when If-None-Match matches, unless the route has ROUTE_NO_ETAG. */
void reply_json(struct req *r, unsigned status, json_t *body);
/* problem+json: {"type":"/problems/<slug>","title":<message in r->lang>,"status":..,
 * "code":..,"error":<slug>, "field":<field if any>, "detail":<detail if any>} plus the members
 * of extra (taken, may be NULL). 5xx replies never carry internal detail. */
void reply_error(struct req *r, enum err_id e, const char *field, json_t *extra);
void reply_raw(struct req *r, unsigned status, const char *content_type, const void *body,
    size_t len);
/* The same without a copy: body and content_type must outlive the request (static data). */
void reply_static(struct req *r, unsigned status, const char *content_type, const void *body,
    size_t len);
/* Adds a header to the response about to be queued (call before reply_*; copies). */
void reply_header(struct req *r, const char *name, const char *value);
/* Sets the session cookie (value NULL clears it). */
void reply_session_cookie(struct req *r, const char *token, int max_age_s);

/* Provided by the auth module (api/h_auth.c): resolves the caller from the session cookie or
 * bearer token, reading the store. Returns 0 with *out (arena) or NULL when anonymous/invalid. */
int auth_resolve(struct req *r, const char *cookie_token, const char *bearer_token,
    const struct principal **out);

/* Provided by the web module (web/errors.c): records the HTML page for an error found by the
 * HTTP layer on a page route or under /en or /fr (r->route may be NULL): 404, 405, 413, 415,
 * 500, 503, and for E_AUTH_REQUIRED a redirect to the sign-in page. */
void page_error(struct req *r, enum err_id e);

/* The route tables: the API (api/routes.c), then the web pages and assets (web/routes.c). */
extern const struct route http_routes[];
extern const size_t http_route_count;
extern const struct route web_routes[];
extern const size_t web_route_count;

/* Prometheus text of the request counters, latency histogram, store timings and writer
 * queue depth (used by the /metrics route). Returns owned text (free()). */
char *metrics_render(struct store *st);

#endif
