/* router: route matching and small header parsers (see router.h for the rules).
 * Threading: reentrant, no global state. Everything allocated goes to the caller's arena. */
#include "http/router.h"

#include <string.h>
#include <strings.h>

struct seg {
	const char *p;  /* decoded text (raw bytes when no escape), not NUL-terminated */
	size_t n;
};

/* The methods that can appear in a route table, in the order an Allow header lists them. */
static const char *const method_names[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" };
#define METHOD_HEAD_BIT (1u << 1)

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
http_segment_decode(const char *s, size_t n, struct arena *a, size_t *outn)
{
	char *out = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return NULL;
			int hi = hexval((unsigned char)s[i + 1]);
			int lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '/' || c == '\0')
			return NULL;
		out[j++] = (char)c;
	}
	out[j] = '\0';
	if (outn != NULL)
		*outn = j;
	return out;
}

/* Splits the raw path into decoded segments. -1 when the path cannot match any route. */
static int
split_path(const char *path, struct seg *segs, size_t *nsegs, struct arena *a)
{
	if (path == NULL || path[0] != '/')
		return -1;
	size_t k = 0;
	const char *p = path + 1;
	for (;;) {
		const char *q = p;
		int escaped = 0;
		while (*q != '\0' && *q != '/') {
			if (*q == '%')
				escaped = 1;
			q++;
		}
		if (k == ROUTER_MAX_SEGMENTS)
			return -1;
		if (escaped) {
			segs[k].p = http_segment_decode(p, (size_t)(q - p), a, &segs[k].n);
			if (segs[k].p == NULL)
				return -1;
		} else {
			segs[k].p = p;
			segs[k].n = (size_t)(q - p);
		}
		k++;
		if (*q == '\0')
			break;
		p = q + 1;
	}
	*nsegs = k;
	return 0;
}

/* Matches a pattern against the segments; on success records which segments are arguments. */
static int
pattern_match(const char *pat, const struct seg *segs, size_t nsegs, size_t *argidx,
    int *nargs)
{
	if (pat == NULL || pat[0] != '/')
		return 0;
	const char *p = pat + 1;
	size_t k = 0;
	int na = 0;
	for (;;) {
		const char *q = strchr(p, '/');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (k == nsegs)
			return 0;
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			if (segs[k].n == 0 || na == ROUTER_MAX_ARGS)
				return 0;
			argidx[na++] = k;
		} else if (len != segs[k].n || memcmp(p, segs[k].p, len) != 0) {
			return 0;
		}
		k++;
		if (q == NULL)
			break;
		p = q + 1;
	}
	if (k != nsegs)
		return 0;
	*nargs = na;
	return 1;
}

static unsigned
method_bit(const char *m)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (strcmp(m, method_names[i]) == 0)
			return 1u << i;
	return 0;
}

static int
method_matches(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return 1;
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

static const char *
allow_string(unsigned bits, struct arena *a)
{
	char buf[64];
	size_t n = 0;
	if (bits & 1u)
		bits |= METHOD_HEAD_BIT; /* GET routes answer HEAD too */
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++) {
		if (!(bits & (1u << i)))
			continue;
		size_t l = strlen(method_names[i]);
		if (n != 0) {
			memcpy(buf + n, ", ", 2);
			n += 2;
		}
		memcpy(buf + n, method_names[i], l);
		n += l;
	}
	return arena_strndup(a, buf, n);
}

int
router_match(const char *method, const char *path, const struct route *routes, size_t n,
    const struct route **out, const char **args, int *nargs, const char **allow,
    struct arena *a)
{
	struct seg segs[ROUTER_MAX_SEGMENTS];
	size_t nsegs, argidx[ROUTER_MAX_ARGS];
	int na;
	unsigned allowed = 0;

	*out = NULL;
	*nargs = 0;
	if (allow != NULL)
		*allow = NULL;
	if (method == NULL || split_path(path, segs, &nsegs, a) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &routes[i];
		if (!pattern_match(rt->pattern, segs, nsegs, argidx, &na))
			continue;
		if (!method_matches(rt->method, method)) {
			allowed |= method_bit(rt->method);
			continue;
		}
		for (int j = 0; j < na; j++)
			args[j] = arena_strndup(a, segs[argidx[j]].p, segs[argidx[j]].n);
		*nargs = na;
		*out = rt;
		return 0;
	}
	if (allowed == 0)
		return -1;
	if (allow != NULL)
		*allow = allow_string(allowed, a);
	return 1;
}

/* ---- Accept-Language ---- */

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Parses an RFC 9110 qvalue in [p, end) into thousandths; -1 when malformed. */
static int
parse_qvalue(const char *p, const char *end)
{
	if (p == end || (*p != '0' && *p != '1'))
		return -1;
	int v = (*p - '0') * 1000;
	p++;
	if (p == end)
		return v;
	if (*p != '.')
		return -1;
	p++;
	int scale = 100;
	for (int digits = 0; p < end; p++, digits++) {
		if (digits == 3 || *p < '0' || *p > '9')
			return -1;
		v += (*p - '0') * scale;
		scale /= 10;
	}
	return v > 1000 ? -1 : v;
}

enum lang
http_lang_pick(const char *query_lang, const char *accept_language)
{
	if (query_lang != NULL) {
		if (strcasecmp(query_lang, "fr") == 0)
			return LANG_FR;
		if (strcasecmp(query_lang, "en") == 0)
			return LANG_EN;
	}
	if (accept_language == NULL)
		return LANG_EN;

	int best[2] = { 0, 0 };     /* q in thousandths, per enum lang */
	int pos[2] = { 0, 0 };      /* item index where the best q was first seen */
	const char *p = accept_language;
	for (int idx = 0; *p != '\0'; idx++) {
		const char *item = skip_ows(p);
		const char *end = strchr(item, ',');
		if (end == NULL)
			end = item + strlen(item);
		p = *end == ',' ? end + 1 : end;

		const char *tag = item, *tag_end = item;
		while (tag_end < end && *tag_end != ';' && *tag_end != ' ' && *tag_end != '\t')
			tag_end++;
		const char *prim_end = tag;
		while (prim_end < tag_end && *prim_end != '-')
			prim_end++;
		int l;
		if (prim_end - tag == 2 && strncasecmp(tag, "fr", 2) == 0)
			l = LANG_FR;
		else if (prim_end - tag == 2 && strncasecmp(tag, "en", 2) == 0)
			l = LANG_EN;
		else
			continue;

		int q = 1000;
		const char *s = tag_end;
		while (s < end) {
			s = skip_ows(s);
			if (s >= end || *s != ';')
				break;
			s = skip_ows(s + 1);
			const char *pe = s;
			while (pe < end && *pe != ';')
				pe++;
			const char *ve = pe;
			while (ve > s && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - s >= 2 && (s[0] == 'q' || s[0] == 'Q') && s[1] == '=')
				q = parse_qvalue(s + 2, ve);
			s = pe;
		}
		if (q > best[l]) {
			best[l] = q;
			pos[l] = idx;
		}
	}
	if (best[LANG_FR] > best[LANG_EN])
		return LANG_FR;
	if (best[LANG_EN] > best[LANG_FR] || best[LANG_EN] == 0)
		return LANG_EN;
	return pos[LANG_FR] < pos[LANG_EN] ? LANG_FR : LANG_EN;
}

/* ---- other headers ---- */

int
http_content_type_is(const char *ct, const char *want)
{
	if (ct == NULL)
		return 0;
	const char *p = skip_ows(ct);
	size_t wl = strlen(want);
	if (strncasecmp(p, want, wl) != 0)
		return 0;
	p += wl;
	p = skip_ows(p);
	while (*p == ';') {
		p = skip_ows(p + 1);
		const char *name = p;
		while (*p != '\0' && *p != '=' && *p != ';')
			p++;
		size_t nl = (size_t)(p - name);
		while (nl > 0 && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
			nl--;
		const char *val = "", *ve;
		if (*p == '=') {
			val = skip_ows(p + 1);
			int quoted = *val == '"';
			if (quoted)
				val++;
			ve = val;
			while (*ve != '\0' && (quoted ? *ve != '"' : *ve != ';' && *ve != ' ' &&
			    *ve != '\t'))
				ve++;
			p = ve;
			if (quoted && *p == '"')
				p++;
			while (*p != '\0' && *p != ';')
				p++;
		} else {
			ve = val;
		}
		if (nl == 7 && strncasecmp(name, "charset", 7) == 0 &&
		    !((ve - val == 5 && strncasecmp(val, "utf-8", 5) == 0) ||
		    (ve - val == 4 && strncasecmp(val, "utf8", 4) == 0)))
			return 0;
	}
	return *p == '\0';
}

int
http_content_type_is_json(const char *ct)
{
	return http_content_type_is(ct, "application/json");
}

int
http_content_type_is_form(const char *ct)
{
	return http_content_type_is(ct, "application/x-www-form-urlencoded");
}

int
http_page_lang(const char *path, enum lang *out)
{
	if (path == NULL || path[0] != '/')
		return -1;
	enum lang l;
	if (strncmp(path + 1, "en", 2) == 0)
		l = LANG_EN;
	else if (strncmp(path + 1, "fr", 2) == 0)
		l = LANG_FR;
	else
		return -1;
	if (path[3] != '\0' && path[3] != '/')
		return -1;
	if (out != NULL)
		*out = l;
	return 0;
}

int
http_rid_valid(const char *s)
{
	size_t n = 0;
	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];
		if (n == 64)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-_.:+/=", c) != NULL))
			return 0;
	}
	return n > 0;
}

int
http_idem_key_valid(const char *s)
{
	size_t n = 0;
	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];
		if (n == 100 || c < 0x21 || c > 0x7e)
			return 0;
	}
	return n > 0;
}

const char *
http_bearer_token(const char *authorization, struct arena *a)
{
	if (authorization == NULL)
		return NULL;
	const char *p = skip_ows(authorization);
	if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
		return NULL;
	p = skip_ows(p + 6);
	const char *t = p;
	/* token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	    (*p != '\0' && strchr("-._~+/", *p) != NULL))
		p++;
	while (*p == '=')
		p++;
	size_t n = (size_t)(p - t);
	if (n == 0 || *skip_ows(p) != '\0')
		return NULL;
	return arena_strndup(a, t, n);
}
