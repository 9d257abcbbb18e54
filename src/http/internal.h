/* http internals: the request state shared by server.c, reply.c and idempotency.c.
 * Private to src/http/ (and its unit test); handlers use http.h only.
 *
 * Threading: a struct req_impl is touched by one thread at a time. The MHD worker owns it
 * except between req_write() and the resumed access-handler call, when the writer thread owns
 * it (it may build the reply inside the transaction). MHD's resume (mutex + wake-up) orders the
 * writer's stores before the worker's next reads. Nothing here includes microhttpd.h, so the
 * reply recording can be tested without a daemon. */
#ifndef PASSERELLE_HTTP_INTERNAL_H
#define PASSERELLE_HTTP_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http/http.h"

struct MHD_Connection;

struct http_hdr {
	struct http_hdr *next;
	const char *name, *value;   /* arena or static */
};

/* A reply as recorded by reply_*: it becomes an MHD_Response only when queued, so it can be
 * built on the writer thread. */
struct http_reply {
	unsigned status;            /* 0 = nothing recorded yet */
	const char *ctype;          /* static or arena; NULL = no Content-Type */
	const char *body;           /* arena or static; lives until the request ends */
	size_t len;
	int problem;                /* problem+json: adds Content-Language */
	struct http_hdr *hdrs;      /* extra headers, in the order added */
	struct http_hdr *last;
};

enum req_state {
	RS_NEW = 0,     /* before the first access-handler call */
	RS_BODY,        /* headers accepted; reading the body */
	RS_WRITING,     /* suspended; the writer owns the request */
	RS_DONE         /* a response is queued */
};

struct req_impl {
	struct req req;             /* first member: req.impl points back here */
	struct MHD_Connection *conn;
	struct http_server *srv;    /* NULL in unit tests */
	const char *method;         /* MHD's string, valid for the request */
	const char *path;           /* raw path (still percent-encoded), arena */
	const char *query;          /* raw query string without '?' ("" when none), arena */
	int64_t t0_us;              /* monotonic start */
	enum req_state state;
	int secure_cookies;
	int write_counted;          /* counted in the server's in-flight writes */

	enum err_id deferred;       /* early error answered on the final call (keeps keep-alive) */
	const char *allow;          /* Allow header for a 405 */

	char *body;                 /* arena; NUL-terminated once complete */
	size_t body_len, body_cap;
	uint64_t content_length;
	int has_content_length;
	size_t overflow;            /* bytes received past body_max (discarded) */

	struct http_reply rep;
	struct http_hdr *write_mark;    /* headers added before req_write() */

	st_tx_fn wfn;
	void *wctx;
	http_write_reply wreply;
	enum st_rc wrc;             /* set by the writer's done callback */
	int reply_in_tx;            /* the reply was recorded inside the write job */

	const char *idem_key;       /* validated Idempotency-Key, or NULL */
	char idem_hash[65];         /* hex SHA-256 of method, path and body */

	unsigned status_sent;       /* 0 until queued */
	char client_ip[48];
};

static inline struct req_impl *
req_impl_of(struct req *r)
{
	return (struct req_impl *)r->impl;
}

/* ---- reply.c ---- */
/* The problem+json object for e (English or French title). field and extra (taken; its
 * members are added unless they would replace a standard one) are dropped for 5xx, which never
 * carry detail. Returns a new reference. */
json_t *problem_build(enum err_id e, enum lang lang, const char *field, json_t *extra);
/* Strong ETag of a body: '"' + 32 hex of BLAKE2b-128 + '"' (out: 35 bytes with the NUL). */
void http_etag(const void *body, size_t len, char out[35]);
/* 1 when an If-None-Match value lists etag (weak comparison) or is "*". */
int http_etag_match(const char *if_none_match, const char *etag);
/* Forgets the recorded reply; headers added after mark are dropped (mark NULL: all of them). */
void http_reply_rewind(struct req_impl *ri, struct http_hdr *mark);
/* Records a reply body (bytes borrowed: they must live until the request ends). */
void http_reply_set(struct req_impl *ri, unsigned status, const char *ctype, const char *body,
    size_t len, int problem);
/* Turns the recorded reply into an MHD response (ETag/304, common headers) and queues it.
 * MHD worker thread only. Returns 0, or -1 when MHD refused (the connection is closed). */
int http_reply_queue(struct req_impl *ri);

/* ---- idempotency.c ---- */
/* On the worker, before the handler of a ROUTE_IDEMPOTENT route: reads Idempotency-Key and
 * hashes the request. 0 = fine (ri->idem_key NULL when there is no header), -1 = malformed key. */
int idem_prepare(struct req_impl *ri);
/* On the writer, inside the job's savepoint: replay, refuse (422) or run the job and store its
 * reply in the same transaction. */
enum st_rc idem_run(struct st_tx *tx, struct req_impl *ri);

#endif
