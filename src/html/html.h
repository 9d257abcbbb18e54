/* html: markup written with the escaping its context needs, never by concatenation.
 *
 * Page code writes literal markup with H() and markup with values with HF():
 *
 *     HF(h, "<a href=\"{}\">{}</a>", HS(url), HS(person_name));
 *
 * The format must be a string literal (the macros refuse anything else), so data can never
 * become markup. The writer follows the HTML tokenizer as the literal markup goes by (text,
 * tag, attribute name, quoted attribute value, comment, raw-text element) across calls, and
 * each {} is escaped for the context it lands in:
 *   - text: & < > " ' become entities;
 *   - a quoted attribute value: the same; in href, src, action and formaction a value that
 *     starts the attribute must be a same-site path ("/..."), a fragment, a query, or an
 *     http(s)/mailto/tel URL, else it is replaced by "#" (javascript: and friends never pass);
 *   - anywhere else (tag or attribute names, unquoted values, on* and style attributes,
 *     comments, script and style elements): a programming error, which aborts. Every page is
 *     rendered by the tests, so such a mistake cannot ship.
 * Values: HS(string; NULL is empty), HI(integer), HM(message id, in the writer's language).
 *
 * Threading: a writer belongs to one request. */
#ifndef PASSERELLE_HTML_H
#define PASSERELLE_HTML_H
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

enum hv_kind { HV_STR = 1, HV_INT, HV_MSG };

struct hv {
	enum hv_kind kind;
	const char *s;
	long long i;
};

#define HS(x) ((struct hv){ .kind = HV_STR, .s = (x) })
#define HI(x) ((struct hv){ .kind = HV_INT, .i = (long long)(x) })
#define HM(x) ((struct hv){ .kind = HV_MSG, .i = (long long)(x) })

enum html_ctx {
	HC_TEXT = 0, HC_TAG_OPEN, HC_TAG_NAME, HC_TAG, HC_ATTR_NAME, HC_BEFORE_VALUE,
	HC_VALUE_QUOTED, HC_VALUE_BARE, HC_COMMENT, HC_RAWTEXT
};

struct html {
	struct buf out;
	enum lang lang;
	enum html_ctx ctx;
	char quote;             /* of the current attribute value */
	char tag[12];           /* current tag name (lower case, truncated) */
	char attr[16];          /* current attribute name (lower case, truncated) */
	size_t tag_len, attr_len;
	size_t value_len;       /* bytes of the current attribute value so far */
	char raw_end[16];       /* "</script" or "</style" while in raw text */
};

void html_init(struct html *h, enum lang lang);
/* Literal markup. */
#define H(h, lit) html_lit((h), "" lit "")
/* Markup with {} placeholders, one struct hv per placeholder. */
#define HF(h, fmt, ...) html_fmt((h), "" fmt "", (const struct hv[]){ __VA_ARGS__ }, \
	sizeof((const struct hv[]){ __VA_ARGS__ }) / sizeof(struct hv))
void html_lit(struct html *h, const char *lit);
void html_fmt(struct html *h, const char *fmt, const struct hv *v, size_t n);
/* Text content (escaped); the same as HF(h, "{}", HS(s)). */
void html_text(struct html *h, const char *s);
/* Ends the document: aborts unless the markup is back in text context. Returns the bytes
 * (copied into a; *len set) and frees the writer's buffer. */
char *html_finish(struct html *h, struct arena *a, size_t *len);
/* Frees the buffer without producing a document (error paths). */
void html_discard(struct html *h);

/* Escapers for other uses (e.g. a Location header is not HTML; these are for tests). */
void html_escape_text(struct buf *b, const char *s);
/* 1 when s may be used as a link target (see above). */
int html_url_safe(const char *s);

/* Percent-encodes s for one URL path segment or query value (RFC 3986 unreserved kept). */
char *url_encode(struct arena *a, const char *s);

#endif
