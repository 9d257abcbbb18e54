/* jcs: RFC 8785 canonical JSON writer and the I-JSON parser that feeds it. The writer is the
 * part signatures depend on: key order by UTF-16 code units, the minimal string escapes, and
 * ECMAScript's shortest round-trip number form. */
#include "vc/jcs.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* jansson caps parsing depth; this also bounds documents built in code. */
#define JCS_MAX_DEPTH 4096

json_t *
jcs_parse(const char *text, size_t n)
{
	json_error_t e;
	if (text == NULL)
		return NULL;
	/* Every number is a double, as in JavaScript; NUL is a valid string character. */
	return json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL |
	    JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
}

/* Decodes s as UTF-8 into UTF-16 code units (jansson keeps keys valid UTF-8). */
static uint16_t *
utf16_of(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint16_t *u = xcalloc(2 * n + 1, sizeof(*u));
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		uint32_t cp;
		int extra;
		if (*p < 0x80) {
			cp = *p;
			extra = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			extra = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			extra = 2;
		} else {
			cp = *p & 0x07;
			extra = 3;
		}
		p++;
		for (int i = 0; i < extra && p < end; i++, p++)
			cp = (cp << 6) | (*p & 0x3f);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[k++] = (uint16_t)(0xd800 + (cp >> 10));
			u[k++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		} else {
			u[k++] = (uint16_t)cp;
		}
	}
	*len = k;
	return u;
}

struct jcs_key {
	const char *key;
	uint16_t *u;
	size_t n;
};

static int
jcs_key_cmp(const void *a, const void *b)
{
	const struct jcs_key *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	for (size_t i = 0; i < n; i++)
		if (x->u[i] != y->u[i])
			return x->u[i] < y->u[i] ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n ? 1 : 0;
}

static void
jcs_write_string(const char *s, size_t n, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			if (c < 0x20) {
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
			}
		}
		if (esc == NULL)
			continue;
		buf_put(out, s + run, i - run);
		buf_puts(out, esc);
		run = i + 1;
	}
	buf_put(out, s + run, n - run);
	buf_putc(out, '"');
}

/* Adds one unit in the last place to a digit string; returns 1 when it carried into a new
 * leading digit (the string is then "1000…" of the same length, exponent + 1). */
static int
digits_inc(char *d, int k)
{
	for (int i = k - 1; i >= 0; i--) {
		if (d[i] != '9') {
			d[i]++;
			return 0;
		}
		d[i] = '0';
	}
	d[0] = '1';
	return 1;
}

/* Subtracts one unit in the last place; returns 1 when the leading digit became 0 (only for
 * "1000…"): the caller drops that candidate. */
static int
digits_dec(char *d, int k)
{
	for (int i = k - 1; i >= 0; i--) {
		if (d[i] != '0') {
			d[i]--;
			return d[0] == '0';
		}
		d[i] = '9';
	}
	return 1;
}

static int
digits_roundtrip(const char *d, int k, int e10, double v)
{
	char s[64];
	snprintf(s, sizeof(s), "%c.%.*se%d", d[0], k - 1, d + 1, e10);
	return strtod(s, NULL) == v;
}

/* The shortest digit string (no trailing zeros) that reads back as v > 0, the one closest to v
 * when several have that length, with its decimal exponent (v = 0.d × 10^n). */
static int
number_digits(double v, char d[32], int *n)
{
	for (int p = 1; p <= 17; p++) {
		char s[64];
		snprintf(s, sizeof(s), "%.*e", p - 1, v);
		/* s = "D.DDDDe±XX" (or "De±XX" for p == 1) */
		int k = 0;
		const char *q = s;
		for (; *q != 'e'; q++)
			if (*q != '.')
				d[k++] = *q;
		d[k] = '\0';
		int e10 = atoi(q + 1);
		int found = digits_roundtrip(d, k, e10, v);
		if (!found && p < 17) {
			/* The correctly rounded digits may miss v's rounding interval at a power
			 * of two (the interval is lopsided), while a neighbour is inside it. */
			char t[32];
			memcpy(t, d, (size_t)k + 1);
			int te = e10 + digits_inc(t, k);
			if (digits_roundtrip(t, k, te, v)) {
				memcpy(d, t, (size_t)k + 1);
				e10 = te;
				found = 1;
			} else {
				memcpy(t, d, (size_t)k + 1);
				if (!digits_dec(t, k) && digits_roundtrip(t, k, e10, v)) {
					memcpy(d, t, (size_t)k + 1);
					found = 1;
				}
			}
		}
		if (found) {
			while (k > 1 && d[k - 1] == '0')
				d[--k] = '\0';
			*n = e10 + 1;
			return k;
		}
	}
	return -1; /* %.16e always round-trips */
}

/* ECMAScript Number::toString(v) (ECMA-262 §6.1.6.1.20) for a finite double. */
static int
jcs_write_double(double v, struct buf *out)
{
	if (!isfinite(v))
		return -1;
	if (v == 0) {
		buf_putc(out, '0'); /* also -0 */
		return 0;
	}
	if (v < 0) {
		buf_putc(out, '-');
		v = -v;
	}
	char d[32];
	int n, k = number_digits(v, d, &n);
	if (k < 0)
		return -1;
	if (k <= n && n <= 21) {
		buf_put(out, d, (size_t)k);
		for (int i = k; i < n; i++)
			buf_putc(out, '0');
	} else if (0 < n && n <= 21) {
		buf_put(out, d, (size_t)n);
		buf_putc(out, '.');
		buf_put(out, d + n, (size_t)(k - n));
	} else if (-6 < n && n <= 0) {
		buf_puts(out, "0.");
		for (int i = 0; i < -n; i++)
			buf_putc(out, '0');
		buf_put(out, d, (size_t)k);
	} else {
		buf_putc(out, d[0]);
		if (k > 1) {
			buf_putc(out, '.');
			buf_put(out, d + 1, (size_t)(k - 1));
		}
		buf_printf(out, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
	}
	return 0;
}

static int
jcs_write_value(const json_t *v, struct buf *out, int depth)
{
	if (v == NULL || depth > JCS_MAX_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_NULL:
		buf_puts(out, "null");
		return 0;
	case JSON_TRUE:
		buf_puts(out, "true");
		return 0;
	case JSON_FALSE:
		buf_puts(out, "false");
		return 0;
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		/* Beyond 2^53 JavaScript holds the nearest double, and prints that. */
		if (i >= -(1LL << 53) && i <= (1LL << 53)) {
			buf_printf(out, "%lld", (long long)i);
			return 0;
		}
		return jcs_write_double((double)i, out);
	}
	case JSON_REAL:
		return jcs_write_double(json_real_value(v), out);
	case JSON_STRING:
		jcs_write_string(json_string_value(v), json_string_length(v), out);
		return 0;
	case JSON_ARRAY: {
		buf_putc(out, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				buf_putc(out, ',');
			if (jcs_write_value(json_array_get(v, i), out, depth + 1) != 0)
				return -1;
		}
		buf_putc(out, ']');
		return 0;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(v), k = 0;
		struct jcs_key *keys = xcalloc(n ? n : 1, sizeof(*keys));
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)v, key, val) {
			if (k == n)
				break;
			keys[k].key = key;
			keys[k].u = utf16_of(key, &keys[k].n);
			k++;
		}
		qsort(keys, k, sizeof(*keys), jcs_key_cmp);
		int rc = 0;
		buf_putc(out, '{');
		for (size_t i = 0; i < k && rc == 0; i++) {
			if (i > 0)
				buf_putc(out, ',');
			jcs_write_string(keys[i].key, strlen(keys[i].key), out);
			buf_putc(out, ':');
			rc = jcs_write_value(json_object_get(v, keys[i].key), out, depth + 1);
		}
		buf_putc(out, '}');
		for (size_t i = 0; i < k; i++)
			free(keys[i].u);
		free(keys);
		return rc;
	}
	}
	return -1;
}

int
jcs_write(const json_t *v, struct buf *out)
{
	return jcs_write_value(v, out, 0);
}
