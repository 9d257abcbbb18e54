/* text: Unicode handling over ICU (UTF-8 in and out, UTF-16 inside).
 *
 * Contract: every function takes UTF-8 and returns UTF-8 owned by the given arena; invalid
 * UTF-8 (overlongs, surrogates, > U+10FFFF, truncated sequences, NUL bytes) gives NULL where
 * the header says so. Temporary UTF-16 buffers are xmalloc'd and freed before returning.
 * Inputs longer than TEXT_MAX_BYTES are treated as invalid: ICU lengths are int32_t and every
 * caller works on bounded request fields anyway.
 *
 * Search keys (text_search_key) are built as:
 *   NFKC_Casefold -> NFD -> ICU "Latin-ASCII" -> drop Mn/Me marks -> non-letters/digits to
 *   single spaces -> trim.
 * NFKC_Casefold does the case folding ("ß" -> "ss", "Œ" -> "œ", "Ø" -> "ø"), folds
 * compatibility forms ("ﬁ" -> "fi", full-width letters) and drops default ignorables (soft
 * hyphen, zero-width space). Latin-ASCII then maps the Latin letters that have no
 * decomposition: "œ" -> "oe", "æ" -> "ae", "ø" -> "o", "ł" -> "l", "þ" -> "th"; other scripts
 * pass through unchanged. If the transliterator cannot be opened (missing ICU data) keys are
 * still built, without that step ("œ" stays "œ"), and a warning is logged once.
 *
 * Threading: thread-safe. The ICU normalizers are shared read-only singletons. The one
 * Latin-ASCII transliterator is opened once (pthread_once, about 60 ms, on first use) and
 * used under a mutex; a call costs about 20 us for Latin text and is skipped for ASCII. */
#include "text/text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "core/log.h"
#include "core/xalloc.h"

/* Well below INT32_MAX so that UTF-16 capacity arithmetic cannot overflow. */
#define TEXT_MAX_BYTES ((size_t)1 << 26)

static pthread_once_t text_tr_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t text_tr_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *text_tr;

/* UTF-8 -> UTF-16 with strict checking; returns xmalloc'd units (NUL-terminated) or NULL. */
static UChar *
text_u16_from_utf8(const char *s, size_t n, int32_t *outn)
{
	if (s == NULL || n > TEXT_MAX_BYTES || memchr(s, '\0', n) != NULL)
		return NULL;
	/* One UTF-16 unit never needs more than one UTF-8 byte. */
	UChar *u = xreallocarray(NULL, n + 1, sizeof(*u));
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(u, (int32_t)n + 1, outn, s, (int32_t)n, &st);
	if (U_FAILURE(st)) {
		free(u);
		return NULL;
	}
	return u;
}

/* UTF-16 -> UTF-8 arena string; NULL only on ill-formed UTF-16 (a bug upstream). */
static char *
text_utf8_from_u16(struct arena *a, const UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;
	u_strToUTF8(NULL, 0, &len, u, n, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	char *out = arena_alloc(a, (size_t)len + 1);
	st = U_ZERO_ERROR;
	u_strToUTF8(out, len + 1, NULL, u, n, &st);
	return U_FAILURE(st) ? NULL : out;
}

/* Normalises src with nz into a new xmalloc'd buffer; NULL on ICU failure. */
static UChar *
text_normalize(const UNormalizer2 *nz, const UChar *src, int32_t n, int32_t *outn)
{
	int32_t cap = n + n / 2 + 16;
	for (int tries = 0; tries < 2; tries++) {
		UChar *dst = xreallocarray(NULL, (size_t)cap + 1, sizeof(*dst));
		UErrorCode st = U_ZERO_ERROR;
		int32_t len = unorm2_normalize(nz, src, n, dst, cap, &st);
		if (U_SUCCESS(st)) {
			dst[len] = 0; /* cap + 1 units were allocated */
			*outn = len;
			return dst;
		}
		free(dst);
		if (st != U_BUFFER_OVERFLOW_ERROR)
			return NULL;
		cap = len; /* exact size reported by the failed call */
	}
	return NULL;
}

static void
text_tr_open(void)
{
	static const UChar id[] = { 'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0 };
	UErrorCode st = U_ZERO_ERROR;
	text_tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		text_tr = NULL;
		log_warn("text: ICU Latin-ASCII transliterator unavailable (%s); search keys keep "
		    "letters such as oe and o-slash", u_errorName(st));
	}
}

/* Applies Latin-ASCII to *u (xmalloc'd, *n units); may replace *u with a larger buffer.
 * Leaves the text unchanged when the transliterator is missing or fails. */
static void
text_ascii_fold(UChar **u, int32_t *n)
{
	int32_t i;

	for (i = 0; i < *n && (*u)[i] < 0x80; i++)
		;
	if (i == *n)
		return; /* pure ASCII: nothing to transliterate */
	pthread_once(&text_tr_once, text_tr_open);
	if (text_tr == NULL)
		return;
	/* Expansions are short ("œ" -> "oe", "…" -> "..."), so twice the size nearly always fits. */
	int32_t cap = *n * 2 + 16;
	for (int tries = 0; tries < 3; tries++, cap *= 2) {
		UChar *buf = xreallocarray(NULL, (size_t)cap + 1, sizeof(*buf));
		u_memcpy(buf, *u, *n);
		int32_t len = *n, limit = *n;
		UErrorCode st = U_ZERO_ERROR;
		pthread_mutex_lock(&text_tr_lock);
		utrans_transUChars(text_tr, buf, &len, cap, 0, &limit, &st);
		pthread_mutex_unlock(&text_tr_lock);
		if (U_SUCCESS(st)) {
			buf[len] = 0;
			free(*u);
			*u = buf;
			*n = len;
			return;
		}
		free(buf);
		if (st != U_BUFFER_OVERFLOW_ERROR)
			return;
	}
}

bool
text_utf8_valid(const char *s, size_t n)
{
	if (s == NULL || n > TEXT_MAX_BYTES || memchr(s, '\0', n) != NULL)
		return false;
	/* Preflighting (no destination) still decodes, and fails on the first ill-formed
	 * sequence: ICU follows the Unicode definition (no overlongs, no surrogates). */
	UErrorCode st = U_ZERO_ERROR;
	int32_t len;
	u_strFromUTF8(NULL, 0, &len, s, (int32_t)n, &st);
	return st == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(st);
}

size_t
text_utf8_len(const char *s, size_t n)
{
	size_t cp = 0;

	/* In valid UTF-8 every code point has exactly one byte that is not 10xxxxxx. */
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cp++;
	return cp;
}

char *
text_nfc(struct arena *a, const char *s, size_t n)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n && (unsigned char)s[i] < 0x80 && s[i] != '\0'; i++)
		;
	if (i == n)
		return arena_strndup(a, s, n); /* ASCII is always NFC */

	int32_t un, nn;
	UChar *u = text_u16_from_utf8(s, n, &un);
	if (u == NULL)
		return NULL;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	UChar *norm = U_SUCCESS(st) ? text_normalize(nfc, u, un, &nn) : NULL;
	char *out = norm ? text_utf8_from_u16(a, norm, nn) : NULL;
	free(norm);
	free(u);
	return out;
}

/* Keeps letters, digits and spacing marks; drops Mn/Me; everything else becomes a
 * separator. Writes into dst (at least n units), collapsing and trimming separators. */
static int32_t
text_key_words(const UChar *src, int32_t n, UChar *dst)
{
	int32_t i = 0, o = 0;
	bool gap = false;

	while (i < n) {
		UChar32 c;
		U16_NEXT(src, i, n, c);
		switch (u_charType(c)) {
		case U_NON_SPACING_MARK:
		case U_ENCLOSING_MARK:
			continue;
		case U_UPPERCASE_LETTER:
		case U_LOWERCASE_LETTER:
		case U_TITLECASE_LETTER:
		case U_MODIFIER_LETTER:
		case U_OTHER_LETTER:
		case U_COMBINING_SPACING_MARK:
		case U_DECIMAL_DIGIT_NUMBER:
		case U_LETTER_NUMBER:
		case U_OTHER_NUMBER:
			if (gap && o > 0)
				dst[o++] = ' ';
			gap = false;
			U16_APPEND_UNSAFE(dst, o, c);
			break;
		default:
			gap = true;
			break;
		}
	}
	return o;
}

char *
text_search_key(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	int32_t un, fn, dn;
	UChar *u = text_u16_from_utf8(s, strlen(s), &un);
	if (u == NULL)
		return NULL;
	UChar *folded = NULL, *decomposed = NULL;
	char *out = NULL;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *cf = unorm2_getNFKCCasefoldInstance(&st);
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		goto out;
	if ((folded = text_normalize(cf, u, un, &fn)) == NULL)
		goto out;
	if ((decomposed = text_normalize(nfd, folded, fn, &dn)) == NULL)
		goto out;
	text_ascii_fold(&decomposed, &dn);
	/* Words never grow: the output fits in the buffer being read, so reuse it. */
	dn = text_key_words(decomposed, dn, decomposed);
	out = text_utf8_from_u16(a, decomposed, dn);
out:
	free(decomposed);
	free(folded);
	free(u);
	return out;
}

/* Decodes UTF-8 into xmalloc'd code points; ill-formed bytes become U+FFFD. */
static UChar32 *
text_code_points(const char *s, int32_t *outn)
{
	size_t len = s ? strlen(s) : 0;
	if (len > TEXT_MAX_BYTES)
		len = TEXT_MAX_BYTES;
	int32_t n = (int32_t)len, i = 0, o = 0;
	UChar32 *cp = xreallocarray(NULL, len + 1, sizeof(*cp));
	while (i < n) {
		UChar32 c;
		U8_NEXT_OR_FFFD(s, i, n, c);
		cp[o++] = c;
	}
	*outn = o;
	return cp;
}

static int32_t
text_min3(int32_t x, int32_t y, int32_t z)
{
	int32_t m = x < y ? x : y;
	return m < z ? m : z;
}

/* Optimal string alignment distance over code points, keeping three rows. Cost is
 * O(|a|·|b|): callers pass search keys of bounded fields (names), never free text. */
double
text_similarity(const char *key_a, const char *key_b)
{
	int32_t n, m;
	UChar32 *x = text_code_points(key_a, &n);
	UChar32 *y = text_code_points(key_b, &m);
	int32_t longest = n > m ? n : m;
	if (longest == 0) {
		free(x);
		free(y);
		return 1.0;
	}
	int32_t *prev2 = xcalloc((size_t)m + 1, sizeof(int32_t));
	int32_t *prev = xcalloc((size_t)m + 1, sizeof(int32_t));
	int32_t *cur = xcalloc((size_t)m + 1, sizeof(int32_t));
	for (int32_t j = 0; j <= m; j++)
		prev[j] = j;
	for (int32_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (int32_t j = 1; j <= m; j++) {
			int32_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
			int32_t d = text_min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		int32_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	double dist = prev[m];
	free(prev2);
	free(prev);
	free(cur);
	free(x);
	free(y);
	return 1.0 - dist / longest;
}

char *
text_trim(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	size_t len = strlen(s);
	if (len > TEXT_MAX_BYTES)
		return arena_strndup(a, s, len);
	int32_t n = (int32_t)len, start = 0, end = n;
	UChar32 c;

	/* Ill-formed bytes decode as negative values, which are not white space: kept. */
	while (start < n) {
		int32_t i = start;
		U8_NEXT(s, i, n, c);
		if (c < 0 || !u_isUWhiteSpace(c))
			break;
		start = i;
	}
	while (end > start) {
		int32_t i = end;
		U8_PREV(s, start, i, c);
		if (c < 0 || !u_isUWhiteSpace(c))
			break;
		end = i;
	}
	return arena_strndup(a, s + start, (size_t)(end - start));
}

const char *
text_search_pattern(struct arena *a, const char *q)
{
	char *key = q && *q ? text_search_key(a, q) : NULL;
	return key && *key ? arena_printf(a, "%%%s%%", key) : "";
}
