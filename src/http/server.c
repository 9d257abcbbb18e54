/* server: libmicrohttpd daemon, request life cycle, suspend/resume for writes.
 *
 * Life of a request (STYLE §2.4):
 *  - URI log callback: the req is created in its own arena (the struct lives in the arena's
 *    first chunk: one malloc per request), with a request id and a copy of the raw path.
 *  - First access-handler call: X-Request-Id, language, route (404/405), caller (cookie psid
 *    or bearer token, through auth_resolve), roles (401/403), Content-Type (415) and
 *    Content-Length (413). An error on a request that carries a body is queued at once (MHD
 *    then drops the body and closes); on a bodyless request it waits for the final call so the
 *    connection stays alive. Success is never queued here.
 *  - Upload calls: the body goes into the arena with a running cap. Past the cap the rest is
 *    discarded and 413 answered on the final call (MHD cannot answer mid-body); a chunked
 *    upload that keeps going is cut off.
 *  - Final call: Idempotency-Key check, then the handler. It replies, or calls req_write(),
 *    which suspends the connection and hands the job to the store's writer thread. The
 *    writer's done callback resumes the connection; MHD calls the handler again and the reply
 *    is queued (built by the route's reply function now, or already inside the transaction for
 *    idempotent routes).
 *  - NOTIFY_COMPLETED: metrics, one log line, the arena is freed.
 *
 * Threading: MHD thread pool (epoll), each connection served by one worker. A req is touched
 * by one thread at a time: its worker, or the writer thread between req_write() and the resume
 * (see internal.h). The only shared mutable state is the in-flight write counter (atomic),
 * which http_stop() drains before stopping the daemon (MHD forbids stopping with suspended
 * connections). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "http/internal.h"
#include "http/metrics.h"
#include "http/router.h"

#define DEFAULT_TIMEOUT_S 30
/* MHD clears the used part of this pool after every request: measured, 64 KiB costs ~5 us
 * more CPU per small request than 16 KiB. 32 KiB is MHD's own default. */
#define DEFAULT_CONN_MEMORY (32 * 1024)
#define DEFAULT_CONN_LIMIT 1024
#define LISTEN_BACKLOG 1024
#define BODY_FIRST_CHUNK 1024
#define OVERFLOW_DISCARD_MAX (64 * 1024) /* bytes read past body_max before we hang up */

struct http_server {
	struct MHD_Daemon *d;
	struct store *st;
	unsigned port;
	int secure_cookies;
	_Atomic unsigned inflight;   /* suspended (or resuming) write requests */
	_Atomic int stopping;        /* set by http_stop: no new write may suspend */
};

/* ---- request ids ---- */

static _Thread_local uint64_t rid_state;
static _Thread_local int rid_seeded;

/* 16 hex chars: splitmix64 over a per-thread counter with a random start. Distinct within a
 * thread (the mix is a bijection), unlikely to collide across threads, and no syscall per
 * request. Ids only correlate logs; they are not secrets. */
static void
rid_generate(char out[17])
{
	static const char hex[] = "0123456789abcdef";
	if (!rid_seeded) {
		randombytes_buf(&rid_state, sizeof(rid_state));
		rid_seeded = 1;
	}
	uint64_t z = (rid_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	for (int i = 15; i >= 0; i--, z >>= 4)
		out[i] = hex[z & 0xf];
	out[16] = '\0';
}

/* ---- helpers for handlers ---- */

const char *
req_query(struct req *r, const char *name)
{
	struct req_impl *ri = req_impl_of(r);
	if (ri->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(ri->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
req_header(struct req *r, const char *name)
{
	struct req_impl *ri = req_impl_of(r);
	if (ri->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(ri->conn, MHD_HEADER_KIND, name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	struct req_impl *ri = req_impl_of(r);
	if (ri->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(ri->conn, MHD_COOKIE_KIND, name);
}

const char *
req_path(struct req *r)
{
	return req_impl_of(r)->path;
}

const char *
req_raw_query(struct req *r)
{
	const char *q = req_impl_of(r)->query;
	return q != NULL ? q : "";
}

const char *
req_method(struct req *r)
{
	const char *m = req_impl_of(r)->method;
	return m != NULL ? m : "GET";
}

const char *
req_client_ip(struct req *r)
{
	struct req_impl *ri = req_impl_of(r);
	if (ri->client_ip[0] != '\0' || ri->conn == NULL)
		return ri->client_ip;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(ri->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    ri->client_ip, sizeof(ri->client_ip));
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    ri->client_ip, sizeof(ri->client_ip));
	if (ri->client_ip[0] == '\0')
		memcpy(ri->client_ip, "unknown", sizeof("unknown"));
	return ri->client_ip;
}

/* ---- writes ---- */

/* Writer thread: runs the route's job (with idempotency when a key was sent). */
static enum st_rc
write_job(struct st_tx *tx, void *p)
{
	struct req_impl *ri = p;
	log_set_rid(ri->req.rid);
	/* If the store runs a job again (retry), it starts from a clean reply. */
	http_reply_rewind(ri, ri->write_mark);
	enum st_rc rc = ri->idem_key != NULL ? idem_run(tx, ri) : ri->wfn(tx, ri->wctx);
	ri->reply_in_tx = ri->rep.status != 0;
	log_set_rid(NULL);
	return rc;
}

/* Writer thread, after the group commit. After MHD_resume_connection the worker may finish
 * and free the request at any moment: nothing may touch ri after it. */
static void
write_done(void *p, enum st_rc rc)
{
	struct req_impl *ri = p;
	struct MHD_Connection *c = ri->conn;
	ri->wrc = rc;
	MHD_resume_connection(c);
}

int
req_write(struct req *r, st_tx_fn fn, void *ctx, http_write_reply reply)
{
	struct req_impl *ri = req_impl_of(r);
	if (ri->state != RS_BODY || ri->srv == NULL || ri->rep.status != 0 || fn == NULL ||
	    reply == NULL) {
		log_err("http: req_write misused (route %s)", r->route ? r->route->name : "-");
		if (ri->rep.status == 0)
			reply_error(r, E_INTERNAL, NULL, NULL);
		return 0;
	}
	/* Count first, then look at stopping: http_stop sets stopping before it waits for the
	 * count, so either it waits for this write or this write sees it stopping. */
	atomic_fetch_add(&ri->srv->inflight, 1);
	if (atomic_load(&ri->srv->stopping)) {
		atomic_fetch_sub(&ri->srv->inflight, 1);
		reply_header(r, "Retry-After", "1");
		reply_error(r, E_UNAVAILABLE, NULL, NULL);
		return 0;
	}
	ri->wfn = fn;
	ri->wctx = ctx;
	ri->wreply = reply;
	ri->write_mark = ri->rep.last;
	ri->state = RS_WRITING;
	ri->write_counted = 1;
	MHD_suspend_connection(ri->conn);
	/* From here the writer owns ri (done may even run before this returns). */
	st_write_async(r->store, write_job, ri, write_done, ri);
	return 0;
}

static void
write_uncount(struct req_impl *ri)
{
	if (ri->write_counted) {
		ri->write_counted = 0;
		atomic_fetch_sub(&ri->srv->inflight, 1);
	}
}

/* Worker, on the call after the resume. */
static int
write_finish(struct req_impl *ri)
{
	struct req *r = &ri->req;
	write_uncount(ri);
	if (ri->reply_in_tx) {
		if (ri->wrc != ST_OK) {
			/* Built inside the transaction, but the group did not commit. */
			log_err("http: write failed after its reply was built: %s",
			    st_rc_name(ri->wrc));
			http_reply_rewind(ri, NULL);
			reply_error(r, E_INTERNAL, NULL, NULL);
		}
	} else {
		ri->wreply(r, ri->wctx, ri->wrc);
		if (ri->rep.status == 0) {
			log_err("http: write reply function queued nothing (route %s)",
			    r->route->name);
			reply_error(r, E_INTERNAL, NULL, NULL);
		}
	}
	return http_reply_queue(ri);
}

/* ---- request life ---- */

/* Whether errors of this request are answered as a web page: page routes, and any path
 * under a language prefix ("/en", "/fr", "/en/...") even when no route matches. */
static int
wants_page(struct req_impl *ri)
{
	if (ri->req.route != NULL)
		return (ri->req.route->flags & ROUTE_PAGE) != 0;
	return http_page_lang(ri->path, NULL) == 0;
}

static int
send_error(struct req_impl *ri, enum err_id e)
{
	if (e == E_METHOD && ri->allow != NULL)
		reply_header(&ri->req, "Allow", ri->allow);
	if (wants_page(ri))
		page_error(&ri->req, e);
	else
		reply_error(&ri->req, e, NULL, NULL);
	return http_reply_queue(ri);
}

/* An error found before the body: answered now when a body is coming (MHD discards it and
 * closes the connection, which is what we want for 413 and friends), else on the final call
 * so that keep-alive survives a 404 or 401. */
static int
early_error(struct req_impl *ri, enum err_id e, int has_body)
{
	if (has_body)
		return send_error(ri, e);
	ri->deferred = e;
	ri->state = RS_BODY;
	return 0;
}

static int
parse_length(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static int
req_first(struct req_impl *ri)
{
	struct req *r = &ri->req;
	struct MHD_Connection *c = ri->conn;
	const char *v;
	int has_body = 0;

	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (v != NULL && http_rid_valid(v)) {
		memcpy(r->rid, v, strlen(v) + 1);
		log_set_rid(r->rid);
	}
	r->lang = http_lang_pick(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));

	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v != NULL) {
		ri->has_content_length = 1;
		if (parse_length(v, &ri->content_length) != 0)
			ri->content_length = UINT64_MAX;
		has_body = ri->content_length != 0;
	}
	if (MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		has_body = 1;

	int m = router_match(ri->method, ri->path, http_routes, http_route_count, &r->route,
	    r->args, &r->nargs, &ri->allow, &r->arena);
	if (m == -1)
		m = router_match(ri->method, ri->path, web_routes, web_route_count, &r->route,
		    r->args, &r->nargs, &ri->allow, &r->arena);
	enum lang page_lang;
	if (http_page_lang(ri->path, &page_lang) == 0)
		r->lang = page_lang;   /* a page's language is its URL's */
	if (m != 0)
		return early_error(ri, m == 1 ? E_METHOD : E_ROUTE_NOT_FOUND, has_body);
	const struct route *rt = r->route;

	const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "psid");
	const char *bearer = http_bearer_token(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION), &r->arena);
	if (cookie != NULL && cookie[0] == '\0')
		cookie = NULL;
	if (cookie != NULL || bearer != NULL) {
		const struct principal *who = NULL;
		if (auth_resolve(r, cookie, bearer, &who) != 0)
			return early_error(ri, E_UNAVAILABLE, has_body);
		r->who = who;
	}
	if (!(rt->roles & ROLE_PUBLIC_BIT)) {
		if (r->who == NULL)
			return early_error(ri, E_AUTH_REQUIRED, has_body);
		if ((unsigned)r->who->role >= ROLE__COUNT || !(rt->roles & RB(r->who->role)))
			return early_error(ri, E_FORBIDDEN, has_body);
	}
	if (rt->flags & ROUTE_JSON_BODY) {
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if ((has_body || v != NULL) && !http_content_type_is_json(v))
			return early_error(ri, E_CONTENT_TYPE, has_body);
	}
	if (rt->flags & ROUTE_FORM_BODY) {
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if ((has_body || v != NULL) && !http_content_type_is_form(v))
			return early_error(ri, E_CONTENT_TYPE, has_body);
	}
	if (has_body && (rt->body_max == 0 ||
	    (ri->has_content_length && ri->content_length > rt->body_max)))
		return early_error(ri, E_BODY_TOO_LARGE, has_body);
	ri->state = RS_BODY;
	return 0;
}

static int
body_append(struct req_impl *ri, const char *data, size_t n)
{
	struct req *r = &ri->req;
	if (ri->deferred != E_NONE)
		return 0; /* cannot happen for a bodyless request; ignore */
	size_t max = r->route->body_max;
	if (ri->overflow != 0 || n > max || ri->body_len > max - n) {
		/* MHD 0.9.75 cannot queue a response while the body is being read: drop the rest
		 * and answer 413 on the final call, or cut the connection when a chunked upload
		 * goes on and on. */
		ri->overflow += n;
		if (ri->overflow <= OVERFLOW_DISCARD_MAX)
			return 0;
		log_warn("http: request body far over the limit, closing (route %s)",
		    r->route->name);
		return -1;
	}
	size_t need = ri->body_len + n + 1;
	if (need > ri->body_cap) {
		size_t limit = max < SIZE_MAX ? max + 1 : max;
		size_t cap = ri->body_cap ? ri->body_cap * 2 : BODY_FIRST_CHUNK;
		if (ri->has_content_length && ri->content_length < limit)
			cap = (size_t)ri->content_length + 1;   /* one allocation */
		if (cap < need)
			cap = need;
		if (cap > limit)
			cap = limit;
		char *nb = arena_alloc(&r->arena, cap);
		if (ri->body_len != 0)
			memcpy(nb, ri->body, ri->body_len);
		ri->body = nb;
		ri->body_cap = cap;
	}
	memcpy(ri->body + ri->body_len, data, n);
	ri->body_len += n;
	return 0;
}

static int
req_final(struct req_impl *ri)
{
	struct req *r = &ri->req;
	if (ri->deferred != E_NONE)
		return send_error(ri, ri->deferred);
	if (ri->overflow != 0)
		return send_error(ri, E_BODY_TOO_LARGE);
	if (ri->body != NULL)
		ri->body[ri->body_len] = '\0';
	r->body = ri->body != NULL ? ri->body : "";
	r->body_len = ri->body_len;
	if ((r->route->flags & ROUTE_IDEMPOTENT) && idem_prepare(ri) != 0)
		return send_error(ri, E_IDEMPOTENCY_KEY);

	int rc = r->route->handler(r);
	if (ri->state == RS_WRITING)
		return 0; /* suspended: the writer owns ri now, touch nothing else */
	if (ri->rep.status == 0) {
		log_err("http: handler returned %d without a reply (route %s)", rc,
		    r->route->name);
		reply_error(r, E_INTERNAL, NULL, NULL);
	}
	return http_reply_queue(ri);
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct req_impl *ri = *con_cls;
	int rc = 0;
	if (ri == NULL)
		return MHD_NO; /* the URI log callback always sets it */
	log_set_rid(ri->req.rid);
	switch (ri->state) {
	case RS_NEW:
		ri->conn = conn;
		ri->method = method;
		rc = req_first(ri);
		break;
	case RS_BODY:
		if (*upload_data_size != 0) {
			rc = body_append(ri, upload_data, *upload_data_size);
			*upload_data_size = 0;
		} else {
			rc = req_final(ri);
		}
		break;
	case RS_WRITING:
		rc = write_finish(ri);
		break;
	case RS_DONE:
		*upload_data_size = 0; /* a body after an early error: drop it */
		break;
	}
	log_set_rid(NULL);
	return rc == 0 ? MHD_YES : MHD_NO;
}

static void *
uri_log_cb(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *s = cls;
	struct arena a;
	arena_init(&a);
	/* The req lives in its own arena's first chunk; from here on only ri->req.arena is used
	 * (the local copy is stale after the next allocation). */
	struct req_impl *ri = arena_alloc(&a, sizeof(*ri));
	ri->req.arena = a;
	ri->req.impl = ri;
	ri->req.store = s->st;
	ri->req.lang = LANG_EN;
	ri->srv = s;
	ri->conn = conn;
	ri->secure_cookies = s->secure_cookies;
	ri->t0_us = time_mono_us();
	rid_generate(ri->req.rid);
	const char *q = uri ? strchr(uri, '?') : NULL;
	ri->path = uri ? arena_strndup(&ri->req.arena, uri, q ? (size_t)(q - uri) : strlen(uri)) :
	    "";
	ri->query = q ? arena_strdup(&ri->req.arena, q + 1) : "";
	return ri;
}

static const char *
method_label(const char *m)
{
	static const char *const known[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
		"OPTIONS" };
	for (size_t i = 0; m != NULL && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return "OTHER"; /* never echo an arbitrary token into the log */
}

static void
completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req_impl *ri = *con_cls;
	if (ri == NULL)
		return;
	*con_cls = NULL;
	write_uncount(ri);
	int64_t dur = time_mono_us() - ri->t0_us;
	const char *name = ri->req.route ? ri->req.route->name : "unmatched";
	if (ri->status_sent != 0)
		metrics_observe(name, ri->status_sent, dur);
	log_set_rid(ri->req.rid);
	log_info("method=%s route=%s status=%u dur_us=%lld%s", method_label(ri->method), name,
	    ri->status_sent, (long long)dur,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " end=aborted");
	log_set_rid(NULL);
	struct arena a = ri->req.arena; /* ri itself is in the arena */
	arena_free(&a);
}

__attribute__((format(printf, 2, 0))) static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512], safe[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("mhd: %s", log_safe(msg, safe, sizeof(safe)));
}

/* ---- daemon ---- */

int
http_start(const struct http_config *cfg, struct store *st, struct http_server **out)
{
	struct sockaddr_storage ss;
	const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_TURBO;

	*out = NULL;
	if (sodium_init() < 0) {
		log_err("http: libsodium failed to initialise");
		return -1;
	}
	if (cfg->port > 65535) {
		log_err("http: port %u out of range", cfg->port);
		return -1;
	}
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)&ss;
	if (inet_pton(AF_INET, bind, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, bind, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		log_err("http: bind address is not a numeric IP address");
		return -1;
	}

	struct http_server *s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->secure_cookies = cfg->secure_cookies;
	atomic_init(&s->inflight, 0);
	atomic_init(&s->stopping, 0);
	s->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, access_cb, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,   /* first, so it sees every message */
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads > 1 ? cfg->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)(cfg->conn_limit ? cfg->conn_limit : DEFAULT_CONN_LIMIT),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_limit,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)(cfg->timeout_s ? cfg->timeout_s : DEFAULT_TIMEOUT_S),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(cfg->header_max ? cfg->header_max : DEFAULT_CONN_MEMORY),
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)LISTEN_BACKLOG,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&ss,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, s,
	    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		log_err("http: could not start the server on port %u", cfg->port);
		free(s);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL && di->port != 0 ? di->port : cfg->port;
	log_info("http: listening on port %u (%u threads)", s->port,
	    cfg->threads > 1 ? cfg->threads : 1);
	*out = s;
	return 0;
}

unsigned
http_port(const struct http_server *s)
{
	return s->port;
}

void
http_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_socket lfd = MHD_quiesce_daemon(s->d);
	atomic_store(&s->stopping, 1);
	/* Suspended connections must be resumed before MHD_stop_daemon; their jobs are in the
	 * writer's queue and will finish as long as the store is open (it outlives us). */
	struct timespec ts = { 0, 1000000 };
	for (unsigned ms = 0; atomic_load(&s->inflight) != 0; ms++) {
		if (ms != 0 && ms % 5000 == 0)
			log_warn("http: waiting for %u write(s) to finish",
			    atomic_load(&s->inflight));
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	free(s);
}
