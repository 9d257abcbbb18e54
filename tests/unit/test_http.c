/* test_http: the HTTP layer's pure parts, without a daemon: route matching, language choice,
 * header parsers, problem+json, reply recording, ETags and the metrics text. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/http.h"
#include "http/internal.h"
#include "http/metrics.h"
#include "http/router.h"
#include "t.h"

static int
h_none(struct req *r)
{
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/", h_none, ROLE_PUBLIC_BIT, 0, 0, "root" },
	{ "GET", "/api/v1/cases", h_none, ROLES_ALL, 0, 0, "cases.list" },
	{ "POST", "/api/v1/cases", h_none, ROLES_ALL, 4096, ROUTE_JSON_BODY, "cases.create" },
	{ "GET", "/api/v1/cases/search", h_none, ROLES_ALL, 0, 0, "cases.search" },
	{ "GET", "/api/v1/cases/{id}", h_none, ROLES_ALL, 0, 0, "cases.get" },
	{ "PATCH", "/api/v1/cases/{id}", h_none, ROLES_ALL, 4096, 0, "cases.patch" },
	{ "GET", "/api/v1/cases/{id}/events", h_none, ROLES_ALL, 0, 0, "cases.events" },
	{ "POST", "/api/v1/cases/{id}/notes/{note}", h_none, ROLES_ALL, 0, 0, "notes.put" },
	{ "DELETE", "/api/v1/cases/{id}/notes/{note}", h_none, ROLES_ALL, 0, 0, "notes.del" },
	{ "GET", "/api/v1/{a}/{b}/{c}/{d}/x", h_none, ROLES_ALL, 0, 0, "four" },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct m {
	int rc;
	const struct route *rt;
	const char *args[ROUTER_MAX_ARGS];
	int nargs;
	const char *allow;
};

static struct m
match(struct arena *a, const char *method, const char *path)
{
	struct m m;
	memset(&m, 0, sizeof(m));
	m.rc = router_match(method, path, routes, NROUTES, &m.rt, m.args, &m.nargs, &m.allow, a);
	return m;
}

static void
test_router_basic(void)
{
	struct arena a;
	arena_init(&a);
	struct m m = match(&a, "GET", "/api/v1/cases");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.list");
	CHECK_INT(m.nargs, 0);

	m = match(&a, "POST", "/api/v1/cases");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.create");

	m = match(&a, "GET", "/api/v1/cases/42");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.get");
	CHECK_INT(m.nargs, 1);
	CHECK_STR(m.args[0], "42");

	/* Table order: the literal route listed first wins over {id}. */
	m = match(&a, "GET", "/api/v1/cases/search");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.search");

	m = match(&a, "GET", "/api/v1/cases/7/events");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.events");
	CHECK_STR(m.args[0], "7");

	m = match(&a, "DELETE", "/api/v1/cases/7/notes/n-1");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "notes.del");
	CHECK_INT(m.nargs, 2);
	CHECK_STR(m.args[0], "7");
	CHECK_STR(m.args[1], "n-1");

	m = match(&a, "GET", "/api/v1/p/q/r/s/x");
	CHECK_INT(m.rc, 0);
	CHECK_INT(m.nargs, 4);
	CHECK_STR(m.args[3], "s");

	m = match(&a, "GET", "/");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "root");

	/* HEAD is served by GET routes. */
	m = match(&a, "HEAD", "/api/v1/cases/9");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.get");
	arena_free(&a);
}

static void
test_router_not_found(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_INT(match(&a, "GET", "/api/v1/nothing").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/").rc, -1);       /* no trailing-slash folding */
	CHECK_INT(match(&a, "GET", "/api/v1/cases/7/").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1//cases").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases//events").rc, -1); /* {id} is never empty */
	CHECK_INT(match(&a, "GET", "api/v1/cases").rc, -1);
	CHECK_INT(match(&a, "GET", "*").rc, -1);
	CHECK_INT(match(&a, "GET", "").rc, -1);
	CHECK_INT(match(&a, "GET", NULL).rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/7/events/more").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/Cases").rc, -1);        /* case-sensitive */
	CHECK_INT(match(&a, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r").rc, -1);
	CHECK_INT(match(&a, "GET", "//").rc, -1);
	arena_free(&a);
}

static void
test_router_decoding(void)
{
	struct arena a;
	arena_init(&a);
	struct m m = match(&a, "GET", "/api/v1/cases/caf%C3%A9");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.args[0], "caf\xc3\xa9");
	m = match(&a, "GET", "/api/v1/cases/a%20b+c");
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.args[0], "a b+c");                              /* '+' is not a space */
	m = match(&a, "GET", "/api/v1/ca%73es/%41");                /* literals compare decoded */
	CHECK_INT(m.rc, 0);
	CHECK_STR(m.rt->name, "cases.get");
	CHECK_STR(m.args[0], "A");
	CHECK_INT(match(&a, "GET", "/api/v1/cases/a%2Fb").rc, -1);  /* no smuggled '/' */
	CHECK_INT(match(&a, "GET", "/api/v1/cases/a%2fb").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/a%00b").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/%zz").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/%4").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/%").rc, -1);
	CHECK_INT(match(&a, "GET", "/api/v1/cases/%2Fx/events").rc, -1);

	size_t n = 0;
	CHECK_STR(http_segment_decode("%41%62c", 7, &a, &n), "Abc");
	CHECK_INT(n, 3);
	CHECK(http_segment_decode("%4", 2, &a, &n) == NULL);
	CHECK(http_segment_decode("ab%", 3, &a, &n) == NULL);
	CHECK_STR(http_segment_decode("ab%25", 5, &a, &n), "ab%");
	arena_free(&a);
}

static void
test_router_method(void)
{
	struct arena a;
	arena_init(&a);
	struct m m = match(&a, "DELETE", "/api/v1/cases/7");
	CHECK_INT(m.rc, 1);
	CHECK(m.rt == NULL);
	CHECK_STR(m.allow, "GET, HEAD, PATCH");
	m = match(&a, "PUT", "/api/v1/cases");
	CHECK_INT(m.rc, 1);
	CHECK_STR(m.allow, "GET, HEAD, POST");
	m = match(&a, "GET", "/api/v1/cases/7/notes/3");
	CHECK_INT(m.rc, 1);
	CHECK_STR(m.allow, "POST, DELETE");
	m = match(&a, "OPTIONS", "/");
	CHECK_INT(m.rc, 1);
	CHECK_STR(m.allow, "GET, HEAD");
	m = match(&a, "BREW", "/api/v1/cases/7/events");
	CHECK_INT(m.rc, 1);
	/* a bad path stays 404 whatever the method */
	CHECK_INT(match(&a, "DELETE", "/api/v1/cases/a%2Fb").rc, -1);
	arena_free(&a);
}

static void
test_lang(void)
{
	CHECK_INT(http_lang_pick(NULL, NULL), LANG_EN);
	CHECK_INT(http_lang_pick("fr", NULL), LANG_FR);
	CHECK_INT(http_lang_pick("FR", "en"), LANG_FR);
	CHECK_INT(http_lang_pick("en", "fr"), LANG_EN);
	CHECK_INT(http_lang_pick("de", "fr"), LANG_FR);            /* unknown query value ignored */
	CHECK_INT(http_lang_pick("", "fr-CA"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "en-US,en;q=0.9,fr;q=0.8"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "fr;q=0.5, en;q=0.8"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "en;q=0.5, fr;q=0.8"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "de-DE, fr;q=0.3"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "de-DE, es"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "fr, en"), LANG_FR);          /* tie: first listed */
	CHECK_INT(http_lang_pick(NULL, "en, fr"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "en;q=0.7, fr;q=0.7"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "fr;q=0.7,en;q=0.700"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "fr;q=0"), LANG_EN);          /* q=0: not acceptable */
	CHECK_INT(http_lang_pick(NULL, "en;q=0, fr;q=0.1"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "FR-ca"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "fra, french, f"), LANG_EN);  /* not the 2-letter tag */
	CHECK_INT(http_lang_pick(NULL, "*"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "*;q=0.5, fr"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, ";;;,,,=q"), LANG_EN);         /* garbage */
	CHECK_INT(http_lang_pick(NULL, "fr;q=abc, en;q=0.1"), LANG_EN); /* malformed q: skipped */
	CHECK_INT(http_lang_pick(NULL, "fr;q=1.5, en;q=0.1"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "fr;q=0.12345"), LANG_EN);
	CHECK_INT(http_lang_pick(NULL, "  fr-CA ; q=0.9 , en ; q=0.8"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, "en-GB;level=1;q=0.2, fr;q=0.3"), LANG_FR);
	CHECK_INT(http_lang_pick(NULL, ""), LANG_EN);
}

static void
test_content_type(void)
{
	CHECK_INT(http_content_type_is_json("application/json"), 1);
	CHECK_INT(http_content_type_is_json("Application/JSON"), 1);
	CHECK_INT(http_content_type_is_json("application/json; charset=utf-8"), 1);
	CHECK_INT(http_content_type_is_json("application/json;charset=\"UTF-8\""), 1);
	CHECK_INT(http_content_type_is_json("application/json ; foo=bar"), 1);
	CHECK_INT(http_content_type_is_json("application/json; charset=latin1"), 0);
	CHECK_INT(http_content_type_is_json("application/jsonx"), 0);
	CHECK_INT(http_content_type_is_json("application/json-patch+json"), 0);
	CHECK_INT(http_content_type_is_json("text/plain"), 0);
	CHECK_INT(http_content_type_is_json("application/x-www-form-urlencoded"), 0);
	CHECK_INT(http_content_type_is_json(""), 0);
	CHECK_INT(http_content_type_is_json(NULL), 0);
	CHECK_INT(http_content_type_is_json("application/json garbage"), 0);
}

static void
test_header_helpers(void)
{
	struct arena a;
	arena_init(&a);
	char long_id[80];
	memset(long_id, 'a', sizeof(long_id));
	long_id[64] = '\0';
	CHECK_INT(http_rid_valid(long_id), 1);
	long_id[64] = 'a';
	long_id[65] = '\0';
	CHECK_INT(http_rid_valid(long_id), 0);
	CHECK_INT(http_rid_valid("0f3a-11:ab.CD_x"), 1);
	CHECK_INT(http_rid_valid(""), 0);
	CHECK_INT(http_rid_valid("a b"), 0);
	CHECK_INT(http_rid_valid("a\"b"), 0);
	CHECK_INT(http_rid_valid("a\nb"), 0);
	CHECK_INT(http_rid_valid(NULL), 0);

	char key[110];
	memset(key, 'k', sizeof(key));
	key[100] = '\0';
	CHECK_INT(http_idem_key_valid(key), 1);
	key[100] = 'k';
	key[101] = '\0';
	CHECK_INT(http_idem_key_valid(key), 0);
	CHECK_INT(http_idem_key_valid("x"), 1);
	CHECK_INT(http_idem_key_valid("!~{}"), 1);
	CHECK_INT(http_idem_key_valid(""), 0);
	CHECK_INT(http_idem_key_valid("a b"), 0);
	CHECK_INT(http_idem_key_valid("caf\xc3\xa9"), 0);

	CHECK_STR(http_bearer_token("Bearer abc.DEF-_~+/==", &a), "abc.DEF-_~+/==");
	CHECK_STR(http_bearer_token("bearer   tok  ", &a), "tok");
	CHECK(http_bearer_token("Bearer", &a) == NULL);
	CHECK(http_bearer_token("Bearer ", &a) == NULL);
	CHECK(http_bearer_token("Basic dXNlcjpwdw==", &a) == NULL);
	CHECK(http_bearer_token("Bearerx tok", &a) == NULL);
	CHECK(http_bearer_token("Bearer a b", &a) == NULL);
	CHECK(http_bearer_token("Bearer a=b", &a) == NULL);
	CHECK(http_bearer_token(NULL, &a) == NULL);
	arena_free(&a);
}

static void
test_problem(void)
{
	json_t *p = problem_build(E_FIELD_REQUIRED, LANG_EN, "given_name", NULL);
	CHECK_STR(json_string_value(json_object_get(p, "type")), "/problems/field-required");
	CHECK_STR(json_string_value(json_object_get(p, "title")), "This field is required.");
	CHECK_INT(json_integer_value(json_object_get(p, "status")), 400);
	CHECK_INT(json_integer_value(json_object_get(p, "code")), 1006);
	CHECK_STR(json_string_value(json_object_get(p, "error")), "field-required");
	CHECK_STR(json_string_value(json_object_get(p, "field")), "given_name");
	json_decref(p);

	json_t *extra = json_pack("{s:s, s:i, s:s}", "detail", "max 100", "limit", 100, "status",
	    "hijack");
	p = problem_build(E_FIELD_TOO_LONG, LANG_FR, NULL, extra);
	CHECK_STR(json_string_value(json_object_get(p, "title")), "Ce champ est trop long.");
	CHECK_STR(json_string_value(json_object_get(p, "detail")), "max 100");
	CHECK_INT(json_integer_value(json_object_get(p, "limit")), 100);
	CHECK_INT(json_integer_value(json_object_get(p, "status")), 400); /* not replaced */
	CHECK(json_object_get(p, "field") == NULL);
	json_decref(p);

	/* 5xx never carry detail. */
	extra = json_pack("{s:s}", "detail", "sqlite: disk I/O error");
	p = problem_build(E_INTERNAL, LANG_EN, "x", extra);
	CHECK_INT(json_integer_value(json_object_get(p, "status")), 500);
	CHECK(json_object_get(p, "detail") == NULL);
	CHECK(json_object_get(p, "field") == NULL);
	json_decref(p);

	p = problem_build(E_NONE, LANG_EN, NULL, NULL);
	CHECK_INT(json_integer_value(json_object_get(p, "status")), 500);
	json_decref(p);
	p = problem_build(E_CONFLICT, LANG_EN, "bad\xff", NULL);   /* invalid UTF-8 field dropped */
	CHECK(json_object_get(p, "field") == NULL);
	CHECK_INT(json_integer_value(json_object_get(p, "status")), 409);
	json_decref(p);
}

/* A request as the server would build it, minus the connection. */
static struct req_impl *
fake_req(enum lang lang)
{
	struct arena a;
	arena_init(&a);
	struct req_impl *ri = arena_alloc(&a, sizeof(*ri));
	ri->req.arena = a;
	ri->req.impl = ri;
	ri->req.lang = lang;
	ri->req.route = &routes[1];
	return ri;
}

static void
fake_free(struct req_impl *ri)
{
	struct arena a = ri->req.arena;
	arena_free(&a);
}

static const char *
hdr(struct req_impl *ri, const char *name)
{
	const char *v = NULL;
	for (struct http_hdr *h = ri->rep.hdrs; h != NULL; h = h->next)
		if (strcmp(h->name, name) == 0)
			v = h->value;
	return v;
}

static void
test_reply_record(void)
{
	struct req_impl *ri = fake_req(LANG_EN);
	struct req *r = &ri->req;
	reply_json(r, 201, json_pack("{s:i, s:s}", "id", 7, "name", "caf\xc3\xa9"));
	CHECK_INT(ri->rep.status, 201);
	CHECK_STR(ri->rep.ctype, "application/json; charset=utf-8");
	CHECK_INT(ri->rep.len, strlen("{\"id\":7,\"name\":\"caf\xc3\xa9\"}"));
	CHECK(memcmp(ri->rep.body, "{\"id\":7,\"name\":\"caf\xc3\xa9\"}", ri->rep.len) == 0);
	CHECK_INT(ri->rep.problem, 0);
	/* A second reply is a bug: the first stands (and the json is still released). */
	reply_json(r, 200, json_pack("{s:b}", "x", 1));
	CHECK_INT(ri->rep.status, 201);
	fake_free(ri);

	/* A body larger than the first dump guess. */
	ri = fake_req(LANG_EN);
	r = &ri->req;
	json_t *arr = json_array();
	for (int i = 0; i < 1000; i++)
		json_array_append_new(arr, json_integer(i));
	reply_json(r, 200, arr);
	CHECK_INT(ri->rep.status, 200);
	CHECK(ri->rep.len > 1024);
	CHECK(ri->rep.body[0] == '[' && ri->rep.body[ri->rep.len - 1] == ']');
	json_t *back = json_loadb(ri->rep.body, ri->rep.len, 0, NULL);
	CHECK(back != NULL && json_array_size(back) == 1000);
	json_decref(back);
	fake_free(ri);

	ri = fake_req(LANG_FR);
	r = &ri->req;
	reply_error(r, E_AUTH_REQUIRED, NULL, NULL);
	CHECK_INT(ri->rep.status, 401);
	CHECK_STR(ri->rep.ctype, "application/problem+json; charset=utf-8");
	CHECK_INT(ri->rep.problem, 1);
	CHECK_STR(hdr(ri, "WWW-Authenticate"), "Bearer");
	json_t *p = json_loadb(ri->rep.body, ri->rep.len, 0, NULL);
	CHECK_STR(json_string_value(json_object_get(p, "title")), "Vous devez ouvrir une session.");
	CHECK_INT(json_integer_value(json_object_get(p, "code")), 2001);
	json_decref(p);
	fake_free(ri);

	ri = fake_req(LANG_EN);
	r = &ri->req;
	reply_raw(r, 200, "text/csv; charset=utf-8", "a,b\n1,2\n", 8);
	CHECK_INT(ri->rep.len, 8);
	CHECK_STR(ri->rep.ctype, "text/csv; charset=utf-8");
	CHECK(memcmp(ri->rep.body, "a,b\n1,2\n", 8) == 0);
	fake_free(ri);

	ri = fake_req(LANG_EN);
	r = &ri->req;
	reply_json(r, 200, NULL);  /* a NULL body is a bug: 500 */
	CHECK_INT(ri->rep.status, 500);
	fake_free(ri);
}

static void
test_reply_headers(void)
{
	struct req_impl *ri = fake_req(LANG_EN);
	struct req *r = &ri->req;
	reply_header(r, "Location", "/api/v1/cases/7");
	reply_header(r, "X-Bad", "a\r\nSet-Cookie: evil=1");
	reply_header(r, "Bad Name", "x");
	reply_header(r, "X-Null", NULL);
	CHECK_STR(hdr(ri, "Location"), "/api/v1/cases/7");
	CHECK(hdr(ri, "X-Bad") == NULL);
	CHECK(hdr(ri, "Bad Name") == NULL);
	CHECK(hdr(ri, "X-Null") == NULL);

	reply_session_cookie(r, "abcDEF-_123", 3600);
	CHECK_STR(hdr(ri, "Set-Cookie"),
	    "psid=abcDEF-_123; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600");
	ri->secure_cookies = 1;
	reply_session_cookie(r, NULL, 3600);
	CHECK_STR(hdr(ri, "Set-Cookie"),
	    "psid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
	struct http_hdr *mark = ri->rep.last;
	reply_session_cookie(r, "bad;token", 10);   /* refused */
	CHECK(ri->rep.last == mark);

	/* rewind: keeps the headers up to the mark, forgets the reply */
	reply_header(r, "X-After", "1");
	reply_json(r, 201, json_object());
	CHECK_INT(ri->rep.status, 201);
	http_reply_rewind(ri, mark);
	CHECK_INT(ri->rep.status, 0);
	CHECK(hdr(ri, "X-After") == NULL);
	CHECK_STR(hdr(ri, "Location"), "/api/v1/cases/7");
	reply_header(r, "X-Again", "2");
	CHECK_STR(hdr(ri, "X-Again"), "2");
	http_reply_rewind(ri, NULL);
	CHECK(ri->rep.hdrs == NULL);
	fake_free(ri);
}

static void
test_etag(void)
{
	char e1[35], e2[35], e3[35];
	http_etag("{\"a\":1}", 7, e1);
	http_etag("{\"a\":1}", 7, e2);
	http_etag("{\"a\":2}", 7, e3);
	CHECK_INT(strlen(e1), 34);
	CHECK(e1[0] == '"' && e1[33] == '"');
	CHECK_STR(e1, e2);
	CHECK(strcmp(e1, e3) != 0);
	http_etag(NULL, 0, e3);
	CHECK_INT(strlen(e3), 34);

	char list[200];
	CHECK_INT(http_etag_match(e1, e1), 1);
	CHECK_INT(http_etag_match("*", e1), 1);
	snprintf(list, sizeof(list), "\"x\", W/%s", e1);
	CHECK_INT(http_etag_match(list, e1), 1);
	snprintf(list, sizeof(list), "\"x\",%s , \"y\"", e1);
	CHECK_INT(http_etag_match(list, e1), 1);
	CHECK_INT(http_etag_match("\"x\", \"y\"", e1), 0);
	CHECK_INT(http_etag_match(e1 + 1, e1), 0);   /* unquoted is not the same tag */
	CHECK_INT(http_etag_match("", e1), 0);
	CHECK_INT(http_etag_match(NULL, e1), 0);
	CHECK_INT(http_etag_match("\"unterminated", e1), 0);
}

static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
test_metrics(void)
{
	static const char name_a[] = "t.alpha";
	static char name_a2[] = "t.alpha"; /* same text, other address: merged when rendered */
	metrics_observe(name_a, 200, 100);
	metrics_observe(name_a, 200, 700);
	metrics_observe(name_a2, 200, 3000000);
	metrics_observe(name_a, 404, 1000);
	metrics_observe(NULL, 404, 10);
	metrics_observe("t.\"odd\"", 999, -5);
	char *txt = metrics_render(NULL);
	CHECK(has_line(txt, "passerelle_http_requests_total{route=\"t.alpha\",status=\"200\"} 3"));
	CHECK(has_line(txt, "passerelle_http_requests_total{route=\"t.alpha\",status=\"404\"} 1"));
	CHECK(has_line(txt, "passerelle_http_requests_total{route=\"unmatched\",status=\"404\"} 1"));
	CHECK(has_line(txt, "passerelle_http_requests_total{route=\"t.\\\"odd\\\"\",status=\"500\"} 1"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_bucket{le=\"0.0005\"} 3"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_bucket{le=\"0.001\"} 5"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_bucket{le=\"2.5\"} 5"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_bucket{le=\"+Inf\"} 6"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_count 6"));
	CHECK(has_line(txt, "passerelle_http_request_duration_seconds_sum 3.001810"));
	CHECK(has_line(txt, "# TYPE passerelle_http_requests_total counter"));
	CHECK(strstr(txt, "passerelle_store_") == NULL);
	free(txt);
}

T_MAIN(T(test_router_basic), T(test_router_not_found), T(test_router_decoding),
    T(test_router_method), T(test_lang), T(test_content_type), T(test_header_helpers),
    T(test_problem), T(test_reply_record), T(test_reply_headers), T(test_etag),
    T(test_metrics))
