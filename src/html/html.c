/* html: the context-tracking markup writer (see html.h).
 *
 * The tracker is a small subset of the HTML tokenizer, enough for markup we write ourselves:
 * it knows where a placeholder lands, which is all the escaping needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "html/html.h"
#include "i18n/msg.h"

void
html_init(struct html *h, enum lang lang)
{
	memset(h, 0, sizeof(*h));
	h->lang = lang;
	h->ctx = HC_TEXT;
}

static _Noreturn void
misuse(const struct html *h, const char *what, const char *fmt)
{
	/* A template bug, never a data problem: stop loudly so the tests catch it. */
	log_err("html: %s (context %d, tag <%s>, attribute %s) in: %.120s", what, (int)h->ctx,
	    h->tag, h->attr, fmt);
	abort();
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c == ':';
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
remember(char *dst, size_t cap, size_t *len, char c)
{
	if (*len + 1 < cap) {
		dst[*len] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
		dst[++*len] = '\0';
	}
}

/* Advances the tracker over one literal byte (already written). */
static void
track(struct html *h, const char *p)
{
	char c = *p;
	switch (h->ctx) {
	case HC_TEXT:
		if (c == '<')
			h->ctx = HC_TAG_OPEN;
		break;
	case HC_TAG_OPEN:
		if (c == '!' && strncmp(p, "!--", 3) == 0) {
			h->ctx = HC_COMMENT;
		} else if (c == '!' || c == '/') {
			h->ctx = HC_TAG;      /* doctype or end tag: no attributes of interest */
			h->tag[0] = '\0';
			h->tag_len = 0;
		} else if (name_char(c)) {
			h->ctx = HC_TAG_NAME;
			h->tag_len = 0;
			h->tag[0] = '\0';
			remember(h->tag, sizeof(h->tag), &h->tag_len, c);
		} else {
			h->ctx = HC_TEXT;     /* a lone '<' in text */
		}
		break;
	case HC_TAG_NAME:
		if (name_char(c))
			remember(h->tag, sizeof(h->tag), &h->tag_len, c);
		else if (c == '>')
			goto tag_end;
		else
			h->ctx = HC_TAG;
		break;
	case HC_TAG:
		if (c == '>')
			goto tag_end;
		if (name_char(c)) {
			h->ctx = HC_ATTR_NAME;
			h->attr_len = 0;
			h->attr[0] = '\0';
			remember(h->attr, sizeof(h->attr), &h->attr_len, c);
		}
		break;
	case HC_ATTR_NAME:
		if (name_char(c))
			remember(h->attr, sizeof(h->attr), &h->attr_len, c);
		else if (c == '=')
			h->ctx = HC_BEFORE_VALUE;
		else if (c == '>')
			goto tag_end;
		else
			h->ctx = HC_TAG;
		break;
	case HC_BEFORE_VALUE:
		h->value_len = 0;
		if (c == '"' || c == '\'') {
			h->ctx = HC_VALUE_QUOTED;
			h->quote = c;
		} else if (!space(c)) {
			h->ctx = HC_VALUE_BARE;
		}
		break;
	case HC_VALUE_QUOTED:
		if (c == h->quote)
			h->ctx = HC_TAG;
		else
			h->value_len++;
		break;
	case HC_VALUE_BARE:
		if (space(c))
			h->ctx = HC_TAG;
		else if (c == '>')
			goto tag_end;
		break;
	case HC_COMMENT:
		if (c == '>' && p[-1] == '-' && p[-2] == '-')
			h->ctx = HC_TEXT;
		break;
	case HC_RAWTEXT:
		if (c == '>' && h->raw_end[0] != '\0') {
			size_t n = strlen(h->raw_end);
			/* the end tag was written just before: "</script" + '>' */
			if ((size_t)(p - h->out.p) >= n && strncasecmp(p - n, h->raw_end, n) == 0)
				h->ctx = HC_TEXT;
		}
		break;
	}
	return;
tag_end:
	h->ctx = HC_TEXT;
	h->attr[0] = '\0';
	if (strcmp(h->tag, "script") == 0 || strcmp(h->tag, "style") == 0) {
		h->ctx = HC_RAWTEXT;
		snprintf(h->raw_end, sizeof(h->raw_end), "</%s", h->tag);
	}
	h->tag[0] = '\0';
}

static void
put_lit(struct html *h, const char *s, size_t n)
{
	size_t start = h->out.n;
	buf_put(&h->out, s, n);
	/* The tracker looks back at the output (comments, raw-text end tags), so it runs over
	 * the bytes once they are in place. */
	const char *o = h->out.p + start;
	for (size_t i = 0; i < n; i++) {
		/* Text and attribute values are most of the bytes: skip to where they may end. */
		if (h->ctx == HC_TEXT) {
			const char *lt = memchr(o + i, '<', n - i);
			if (lt == NULL)
				break;
			i = (size_t)(lt - o);
		} else if (h->ctx == HC_VALUE_QUOTED) {
			const char *q = memchr(o + i, h->quote, n - i);
			size_t end = q != NULL ? (size_t)(q - o) : n;
			h->value_len += end - i;
			if (q == NULL)
				break;
			i = end;
		}
		track(h, o + i);
	}
}

void
html_escape_text(struct buf *b, const char *s)
{
	if (s == NULL)
		return;
	/* Runs of bytes that need no escape go out in one copy. */
	for (;;) {
		size_t run = strcspn(s, "&<>\"'");
		if (run != 0)
			buf_put(b, s, run);
		s += run;
		switch (*s) {
		case '\0': return;
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_puts(b, "&#39;"); break;
		}
		s++;
	}
}

int
html_url_safe(const char *s)
{
	if (s == NULL)
		return 0;
	if (s[0] == '/')
		return s[1] != '/' && s[1] != '\\';   /* "//host" leaves the site */
	if (s[0] == '#' || s[0] == '?' || s[0] == '\0')
		return 1;
	static const char *const schemes[] = { "https://", "http://", "mailto:", "tel:" };
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(s, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

static int
url_attr(const char *a)
{
	return strcmp(a, "href") == 0 || strcmp(a, "src") == 0 || strcmp(a, "action") == 0 ||
	    strcmp(a, "formaction") == 0 || strcmp(a, "cite") == 0 || strcmp(a, "poster") == 0;
}

static void
put_value(struct html *h, const struct hv *v, const char *fmt)
{
	const char *s = NULL;
	char num[32];
	switch (v->kind) {
	case HV_STR: s = v->s != NULL ? v->s : ""; break;
	case HV_INT: snprintf(num, sizeof(num), "%lld", v->i); s = num; break;
	case HV_MSG: s = msg_get(h->lang, (int)v->i); break;
	default: misuse(h, "value without a kind", fmt);
	}
	switch (h->ctx) {
	case HC_TEXT:
		html_escape_text(&h->out, s);
		return;
	case HC_VALUE_QUOTED:
		if (strncmp(h->attr, "on", 2) == 0 || strcmp(h->attr, "style") == 0 ||
		    strcmp(h->attr, "srcdoc") == 0)
			misuse(h, "value in a script or style attribute", fmt);
		if (url_attr(h->attr) && h->value_len == 0 && !html_url_safe(s)) {
			log_warn("html: unsafe link target replaced");
			s = "#";
		}
		html_escape_text(&h->out, s);
		h->value_len += strlen(s);
		return;
	default:
		misuse(h, "value outside text or a quoted attribute value", fmt);
	}
}

void
html_lit(struct html *h, const char *lit)
{
	put_lit(h, lit, strlen(lit));
}

void
html_fmt(struct html *h, const char *fmt, const struct hv *v, size_t n)
{
	size_t used = 0;
	const char *p = fmt, *q;
	while ((q = strstr(p, "{}")) != NULL) {
		put_lit(h, p, (size_t)(q - p));
		if (used == n)
			misuse(h, "more placeholders than values", fmt);
		put_value(h, &v[used++], fmt);
		p = q + 2;
	}
	put_lit(h, p, strlen(p));
	if (used != n)
		misuse(h, "more values than placeholders", fmt);
}

void
html_text(struct html *h, const char *s)
{
	HF(h, "{}", HS(s));
}

char *
html_finish(struct html *h, struct arena *a, size_t *len)
{
	if (h->ctx != HC_TEXT)
		misuse(h, "document ends inside a tag", "");
	char *out = arena_alloc(a, h->out.n + 1);
	if (h->out.n != 0)
		memcpy(out, h->out.p, h->out.n);
	out[h->out.n] = '\0';
	*len = h->out.n;
	buf_free(&h->out);
	return out;
}

void
html_discard(struct html *h)
{
	buf_free(&h->out);
}

char *
url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	for (const char *p = s; *p != '\0'; p++)
		n++;
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}
