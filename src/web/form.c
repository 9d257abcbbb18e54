/* form: reading application/x-www-form-urlencoded bodies and queries, and the errors a page
 * shows for them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timeutil.h"
#include "text/text.h"
#include "web/web.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one name or value; NULL when malformed. */
static const char *
decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return NULL;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		/* No control characters but tab and newlines (textareas send CR LF). */
		if ((unsigned char)c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return NULL;
		if (c == 0x7f)
			return NULL;
		if (c == '\r')
			continue;
		out[o++] = c;
	}
	out[o] = '\0';
	if (!text_utf8_valid(out, o))
		return NULL;
	const char *v = text_nfc(a, out, o);
	if (v == NULL)
		return NULL;
	return v;
}

int
form_parse(struct form *f, struct arena *a, const char *s, size_t len)
{
	memset(f, 0, sizeof(*f));
	if (s == NULL)
		return 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t nl = eq ? (size_t)(eq - (s + i)) : j - i;
			if (f->n == FORM_MAX_FIELDS)
				return -1;
			const char *name = decode(a, s + i, nl);
			const char *raw = eq ? decode(a, eq + 1, (size_t)(s + j - eq - 1)) : "";
			if (name == NULL || raw == NULL)
				return -1;
			f->name[f->n] = name;
			f->raw[f->n] = raw;
			f->value[f->n] = text_trim(a, raw);
			f->n++;
		}
		i = j + 1;
	}
	return 0;
}

const char *
form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

const char *
form_get_raw(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->raw[i];
	return NULL;
}

void
form_error(struct form *f, const char *field_id, const char *text)
{
	if (f->nerr < FORM_MAX_ERRORS && !form_has_error(f, field_id)) {
		f->err[f->nerr].field = field_id;
		f->err[f->nerr].text = text;
		f->nerr++;
	}
}

const char *
form_error_text(const struct form *f, const char *field_id)
{
	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < f->nerr; i++)
		if (strcmp(f->err[i].field, field_id) == 0)
			return f->err[i].text;
	return NULL;
}

bool
form_has_error(const struct form *f, const char *field_id)
{
	return form_error_text(f, field_id) != NULL;
}

/* ---- dates: Year / Month / Day ---- */

static const char *const month_names[12][3] = {
	{ "january", "janvier", "jan" }, { "february", "fevrier", "feb" },
	{ "march", "mars", "mar" }, { "april", "avril", "apr" }, { "may", "mai", "may" },
	{ "june", "juin", "jun" }, { "july", "juillet", "jul" }, { "august", "aout", "aug" },
	{ "september", "septembre", "sep" }, { "october", "octobre", "oct" },
	{ "november", "novembre", "nov" }, { "december", "decembre", "dec" },
};

static int
small_number(const char *s, int max_digits)
{
	int v = 0, n = 0;
	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n == max_digits)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int
month_value(struct arena *a, const char *s)
{
	int m = small_number(s, 2);
	if (m >= 1 && m <= 12)
		return m;
	if (s == NULL || *s == '\0')
		return -1;
	/* "mars", "Février", "févr.", "March": accents and case ignored, 3+ letters. */
	char *key = text_search_key(a, s);
	size_t kl = key ? strlen(key) : 0;
	while (kl > 0 && (key[kl - 1] == '.' || key[kl - 1] == ' '))
		key[--kl] = '\0';
	if (kl < 3)
		return -1;
	for (int i = 0; i < 12; i++)
		for (int k = 0; k < 2; k++)
			if (strncmp(month_names[i][k], key, kl) == 0)
				return i + 1;
	return -1;
}

int
form_date_value(struct req *r, struct form *f, const char *id, const char *y, const char *m,
    const char *d, int required_msg, int invalid_msg, int32_t *days)
{
	int empty_y = y == NULL || *y == '\0', empty_m = m == NULL || *m == '\0',
	    empty_d = d == NULL || *d == '\0';
	/* The summary links to the first part that is wrong (UI.md). */
	const char *first = empty_y ? "year" : empty_m ? "month" : "day";
	if (empty_y || empty_m || empty_d) {
		form_error(f, arena_printf(&r->arena, "%s-%s", id, first),
		    msg_get(r->lang, required_msg));
		return -1;
	}
	int yy = small_number(y, 4), mm = month_value(&r->arena, m), dd = small_number(d, 2);
	const char *bad = yy < 1900 || yy > 2200 ? "year" : mm < 0 ? "month" : "day";
	if (yy < 1900 || yy > 2200 || mm < 0 || dd < 1 || !date_valid(yy, mm, dd)) {
		form_error(f, arena_printf(&r->arena, "%s-%s", id, bad), msg_get(r->lang, invalid_msg));
		return -1;
	}
	*days = date_from_ymd(yy, mm, dd);
	return 0;
}
