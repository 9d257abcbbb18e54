/* supports: parsing data/supports.csv once and searching it (supports.h). The file is
 * RFC 4180 CSV (quoted cells may hold commas; "" is a quote) in UTF-8 with a fixed header. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/embedded.h"
#include "core/log.h"
#include "domain/supports.h"
#include "text/text.h"

const char *const support_levels[] = { "federal", "provincial", "municipal", NULL };

#define NCOLS 13
static const char header[] = "id,level,owner_en,owner_fr,name_en,name_fr,eligibility_en,"
    "eligibility_fr,apply_en,apply_fr,scope,url_en,url_fr";

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct support *all;
static size_t nall;
static struct arena keep;

static _Noreturn void
bad(int line, const char *why)
{
	log_err("supports: data/supports.csv record %d: %s", line, why);
	abort();
}

/* Reads one record from *p into cells (arena copies); 0 at the end of the text. */
static int
read_record(const char **p, char **cells, int *ncells, int line)
{
	const char *s = *p;
	if (*s == '\0')
		return 0;
	*ncells = 0;
	for (;;) {
		struct buf b = { 0 };
		if (*s == '"') {
			s++;
			for (;;) {
				if (*s == '\0')
					bad(line, "unterminated quote");
				if (*s == '"' && s[1] == '"') {
					buf_putc(&b, '"');
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else
					buf_putc(&b, *s++);
			}
		} else {
			while (*s != ',' && *s != '\n' && *s != '\r' && *s != '\0') {
				if (*s == '"')
					bad(line, "quote inside an unquoted cell");
				buf_putc(&b, *s++);
			}
		}
		if (*ncells == NCOLS)
			bad(line, "too many cells");
		cells[(*ncells)++] = arena_strndup(&keep, b.n ? b.p : "", b.n);
		buf_free(&b);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		else if (*s != '\0')
			bad(line, "text after a quoted cell");
		break;
	}
	*p = s;
	return 1;
}

static int
known_level(const char *l)
{
	for (int i = 0; support_levels[i] != NULL; i++)
		if (strcmp(l, support_levels[i]) == 0)
			return 1;
	return 0;
}

static void
load(void)
{
	const struct embedded_file *f = embedded_get("data/supports.csv");
	if (f == NULL) {
		log_err("supports: data/supports.csv is not embedded in this binary");
		abort();
	}
	arena_init(&keep);
	const char *p = (const char *)f->data;
	if (strncmp(p, header, sizeof(header) - 1) != 0)
		bad(1, "unexpected header");
	p += sizeof(header) - 1;
	if (*p == '\r')
		p++;
	if (*p++ != '\n')
		bad(1, "unexpected header");
	size_t cap = 0;
	char *c[NCOLS];
	int nc, line = 1;
	while (read_record(&p, c, &nc, ++line)) {
		if (nc != NCOLS)
			bad(line, "wrong number of cells");
		for (int i = 0; i < NCOLS; i++)
			if (c[i][0] == '\0' || !text_utf8_valid(c[i], strlen(c[i])))
				bad(line, "empty or invalid cell");
		if (!known_level(c[1]))
			bad(line, "unknown level");
		if (strncmp(c[11], "https://", 8) != 0 || strncmp(c[12], "https://", 8) != 0)
			bad(line, "URLs must be https");
		struct support s = { .id = c[0], .level = c[1], .owner = { c[2], c[3] },
			.name = { c[4], c[5] }, .eligibility = { c[6], c[7] }, .apply = { c[8], c[9] },
			.scope = c[10], .url = { c[11], c[12] } };
		struct buf all_text = { 0 };
		for (int i = 2; i <= 9; i++) {
			buf_puts(&all_text, c[i]);
			buf_putc(&all_text, ' ');
		}
		s.key = text_search_key(&keep, all_text.p);
		buf_free(&all_text);
		if (s.key == NULL)
			bad(line, "invalid text");
		for (size_t i = 0; i < nall; i++)
			if (strcmp(all[i].id, s.id) == 0)
				bad(line, "duplicate id");
		if (nall == cap) {
			cap = cap ? cap * 2 : 32;
			struct support *n = realloc(all, cap * sizeof(*all));
			if (n == NULL)
				abort();
			all = n;
		}
		all[nall++] = s;
	}
	if (nall == 0)
		bad(line, "no supports");
}

const struct support *
supports_all(size_t *n)
{
	pthread_once(&once, load);
	*n = nall;
	return all;
}

/* true when the space-separated list has the word w */
static int
has_word(const char *list, const char *w)
{
	size_t wl = strlen(w);
	for (const char *s = list; *s != '\0';) {
		while (*s == ' ')
			s++;
		size_t l = strcspn(s, " ");
		if (l == wl && l > 0 && strncmp(s, w, l) == 0)
			return 1;
		s += l;
	}
	return 0;
}

int
support_in_regions(const struct support *s, const char *const *codes, size_t ncodes)
{
	if (ncodes == 0 || has_word(s->scope, "CA") || has_word(s->scope, "ON"))
		return 1;
	for (size_t i = 0; i < ncodes; i++)
		if (codes[i] != NULL && has_word(s->scope, codes[i]))
			return 1;
	return 0;
}

/* every word of the query key appears in key */
static int
key_matches(const char *key, const char *qkey)
{
	char w[128];
	for (const char *s = qkey; *s != '\0';) {
		while (*s == ' ')
			s++;
		size_t l = strcspn(s, " ");
		if (l == 0)
			break;
		if (l >= sizeof(w))
			l = sizeof(w) - 1;
		memcpy(w, s, l);
		w[l] = '\0';
		if (strstr(key, w) == NULL)
			return 0;
		s += l;
	}
	return 1;
}

size_t
supports_search(const char *q, const char *const *codes, size_t ncodes,
    const struct support **out, size_t max)
{
	size_t n, m = 0;
	const struct support *s = supports_all(&n);
	struct arena a;
	arena_init(&a);
	const char *qkey = q != NULL ? text_search_key(&a, q) : "";
	if (qkey == NULL)
		qkey = "\x01";     /* invalid UTF-8 matches nothing */
	/* two passes: name matches first */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && m < max; i++) {
			if (!support_in_regions(&s[i], codes, ncodes) || !key_matches(s[i].key, qkey))
				continue;
			const char *names[2] = { text_search_key(&a, s[i].name[0]),
				text_search_key(&a, s[i].name[1]) };
			int in_name = qkey[0] != '\0' && (key_matches(names[0], qkey) ||
			    key_matches(names[1], qkey));
			if (in_name == (pass == 0))
				out[m++] = &s[i];
		}
	arena_free(&a);
	return m;
}

json_t *
support_json(const struct support *s)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", s->id,
	    "level", s->level, "scope", s->scope, "owner_en", s->owner[0], "owner_fr", s->owner[1],
	    "name_en", s->name[0], "name_fr", s->name[1], "eligibility_en", s->eligibility[0],
	    "eligibility_fr", s->eligibility[1], "apply_en", s->apply[0], "apply_fr",
	    s->apply[1], "url_en", s->url[0], "url_fr", s->url[1]);
}
