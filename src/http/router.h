/* router: pure request-line and header parsing for the HTTP layer (no MHD, no I/O), so every
 * rule here is unit-tested in tests/unit/test_http.c.
 *
 * Path rules: patterns are matched segment by segment against the raw (still percent-encoded)
 * path. A literal segment matches the decoded segment exactly; "{x}" matches one non-empty
 * segment, whose decoded text becomes an argument. A decoded segment holding '/' or NUL, or a
 * malformed escape ("%zz", "%4"), makes the whole path unmatched (404): ids never smuggle
 * separators. There is no trailing-slash folding: "/a/b/" does not match "/a/b" (and vice
 * versa), and empty segments ("//") match nothing but the root pattern "/". The first route in
 * table order whose pattern and method both match wins; HEAD matches GET routes.
 *
 * Threading: every function is reentrant; output strings go to the caller's arena. */
#ifndef PASSERELLE_ROUTER_H
#define PASSERELLE_ROUTER_H
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/http.h"

#define ROUTER_MAX_ARGS 4     /* = the size of req->args */
#define ROUTER_MAX_SEGMENTS 16

/* Finds the route for (method, raw path). Returns 0 when found (*out, args[0..*nargs-1]
 * decoded, NUL-terminated, in a), 1 when the path matches some pattern but not with this
 * method (*allow gets e.g. "GET, HEAD, POST" from a, or a static string), -1 when nothing
 * matches. args must have room for ROUTER_MAX_ARGS; allow may be NULL. Borrows everything. */
int router_match(const char *method, const char *path, const struct route *routes, size_t n,
    const struct route **out, const char **args, int *nargs, const char **allow,
    struct arena *a);

/* The reply language: query_lang ("en"/"fr", any case) wins; otherwise the better of fr/en by
 * Accept-Language q-value (fr-CA counts as fr, en-US as en; q=0 means "not acceptable"; a tie
 * goes to the one listed first); otherwise English. Either argument may be NULL. */
enum lang http_lang_pick(const char *query_lang, const char *accept_language);

/* 1 when a Content-Type header value is application/json (any case, parameters allowed, but a
 * charset parameter must be utf-8), else 0. NULL gives 0. */
int http_content_type_is_json(const char *ct);

/* 1 when a Content-Type value is application/x-www-form-urlencoded (any case, parameters
 * allowed, charset utf-8 if given), else 0. */
int http_content_type_is_form(const char *ct);

/* 1 when s can be used as a request id taken from the client: 1..64 characters from
 * [A-Za-z0-9] and "-_.:+/=" (nothing that could split a header or a log line). */
int http_rid_valid(const char *s);

/* 1 when s is a valid Idempotency-Key: 1..100 visible ASCII characters (0x21..0x7e). */
int http_idem_key_valid(const char *s);

/* The token of an "Authorization: Bearer <token>" value (scheme in any case, token68
 * characters, surrounding blanks ignored), copied into a; NULL for any other value. */
const char *http_bearer_token(const char *authorization, struct arena *a);

/* Percent-decodes n bytes of s into a (NUL-terminated, length in *outn). '+' stays '+'.
 * Returns NULL on a malformed escape or when the result would hold '/' or NUL. */
char *http_segment_decode(const char *s, size_t n, struct arena *a, size_t *outn);

#endif
