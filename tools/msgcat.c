/* msgcat: build-time compiler of the message catalogues.
 * Usage: msgcat OUT.h OUT.c msg/en/AREA.txt ... msg/fr/AREA.txt ...
 *
 * A catalogue file holds "key = text" lines ('#' starts a comment line; blank lines are
 * ignored); keys are [a-z0-9_.]+ and become MSG_KEY_WITH_UNDERSCORES. Text may hold {1}..{9}
 * placeholders (msgf fills them). The build fails (exit 1, one line per problem) when:
 *   - a key exists in one language only, or twice in one language;
 *   - the two languages do not use the same placeholders;
 *   - a text is empty or not valid UTF-8;
 *   - French typography is broken: an ordinary space before : ; ! ? » or after «, or a colon
 *     ending a phrase without the no-break space before it ("Erreur : ", written U+00A0).
 * So no message can ship in one language only. Output: an enum and a [count][2] table. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *key;
	char *text[2];
	const char *where[2];
	int line[2];
};

static struct entry *entries;
static size_t n_entries, cap_entries;
static int errors;

static void
fail(const char *file, int line, const char *what, const char *key)
{
	fprintf(stderr, "%s:%d: %s%s%s\n", file, line, what, key ? ": " : "", key ? key : "");
	errors++;
}

static struct entry *
entry_for(const char *key)
{
	for (size_t i = 0; i < n_entries; i++)
		if (strcmp(entries[i].key, key) == 0)
			return &entries[i];
	if (n_entries == cap_entries) {
		cap_entries = cap_entries ? cap_entries * 2 : 256;
		entries = realloc(entries, cap_entries * sizeof(*entries));
		if (entries == NULL)
			abort();
	}
	struct entry *e = &entries[n_entries++];
	memset(e, 0, sizeof(*e));
	e->key = strdup(key);
	return e;
}

static int
utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 :
		    (*s & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0 || (n == 1 && *s < 0xc2))
			return 0;
		s++;
		for (int i = 0; i < n; i++, s++)
			if ((*s & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* Bit i set when {i} appears. */
static unsigned
placeholders(const char *s)
{
	unsigned set = 0;
	for (; *s; s++)
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}')
			set |= 1u << (s[1] - '0');
	return set;
}

static void
check_french(const char *file, int line, const char *key, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		int prev_space = i > 0 && s[i - 1] == ' ';
		if ((c == ':' || c == ';' || c == '!' || c == '?') && prev_space)
			fail(file, line, "French: ordinary space before punctuation (use U+00A0 or none)", key);
		if (c == ':' && (s[i + 1] == ' ' || s[i + 1] == '\0')) {
			/* a colon that ends a phrase needs the no-break space (C2 A0) before it */
			if (i < 2 || (unsigned char)s[i - 2] != 0xc2 || (unsigned char)s[i - 1] != 0xa0)
				fail(file, line, "French: a colon needs a no-break space (U+00A0) before it", key);
		}
		/* « = C2 AB, » = C2 BB */
		if ((unsigned char)c == 0xc2 && (unsigned char)s[i + 1] == 0xab && s[i + 2] == ' ')
			fail(file, line, "French: ordinary space after «", key);
		if ((unsigned char)c == 0xc2 && (unsigned char)s[i + 1] == 0xbb && prev_space)
			fail(file, line, "French: ordinary space before »", key);
	}
}

static int
lang_of(const char *path)
{
	if (strstr(path, "/en/") != NULL || strncmp(path, "en/", 3) == 0)
		return 0;
	if (strstr(path, "/fr/") != NULL || strncmp(path, "fr/", 3) == 0)
		return 1;
	return -1;
}

static void
read_file(const char *path)
{
	int lang = lang_of(path);
	if (lang < 0) {
		fail(path, 0, "catalogue path must contain /en/ or /fr/", NULL);
		return;
	}
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fail(path, 0, "cannot open", NULL);
		return;
	}
	char line[4096];
	int no = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		no++;
		size_t n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		char *eq = strstr(p, " = ");
		if (eq == NULL) {
			fail(path, no, "expected \"key = text\"", NULL);
			continue;
		}
		*eq = '\0';
		const char *key = p, *text = eq + 3;
		for (const char *k = key; *k; k++)
			if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_' || *k == '.'))
				fail(path, no, "bad character in key", key);
		if (*text == '\0')
			fail(path, no, "empty text", key);
		if (!utf8_valid((const unsigned char *)text))
			fail(path, no, "text is not valid UTF-8", key);
		if (lang == 1)
			check_french(path, no, key, text);
		struct entry *e = entry_for(key);
		if (e->text[lang] != NULL) {
			fail(path, no, "key defined twice", key);
			continue;
		}
		e->text[lang] = strdup(text);
		e->where[lang] = path;
		e->line[lang] = no;
	}
	fclose(f);
}

static void
c_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

int
main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: msgcat OUT.h OUT.c CATALOGUE...\n");
		return 2;
	}
	for (int i = 3; i < argc; i++)
		read_file(argv[i]);
	for (size_t i = 0; i < n_entries; i++) {
		struct entry *e = &entries[i];
		for (int l = 0; l < 2; l++)
			if (e->text[l] == NULL)
				fail(e->where[!l], e->line[!l], l == 0 ?
				    "message has no English text" : "message has no French text", e->key);
		if (e->text[0] && e->text[1] && placeholders(e->text[0]) != placeholders(e->text[1]))
			fail(e->where[1], e->line[1], "English and French placeholders differ", e->key);
	}
	if (errors) {
		fprintf(stderr, "msgcat: %d problem(s) in the message catalogues\n", errors);
		return 1;
	}
	qsort(entries, n_entries, sizeof(*entries), by_key);

	FILE *h = fopen(argv[1], "w"), *c = fopen(argv[2], "w");
	if (h == NULL || c == NULL) {
		fprintf(stderr, "msgcat: cannot write output\n");
		return 1;
	}
	fprintf(h, "/* Generated by tools/msgcat.c from the msg catalogues: do not edit. */\n"
	    "#ifndef PASSERELLE_MSG_IDS_H\n#define PASSERELLE_MSG_IDS_H\nenum msg_id {\n");
	for (size_t i = 0; i < n_entries; i++) {
		fputs("\tMSG_", h);
		for (const char *k = entries[i].key; *k; k++)
			fputc(*k == '.' ? '_' : (*k >= 'a' && *k <= 'z') ? *k - 32 : *k, h);
		fprintf(h, ",\n");
	}
	fprintf(h, "\tMSG__COUNT\n};\n#endif\n");
	fprintf(c, "/* Generated by tools/msgcat.c: do not edit. */\n#include \"i18n/msg.h\"\n"
	    "const char *const msg_table[MSG__COUNT][3] = {\n");
	for (size_t i = 0; i < n_entries; i++) {
		fputs("\t{ ", c);
		c_string(c, entries[i].key);
		fputs(", ", c);
		c_string(c, entries[i].text[0]);
		fputs(", ", c);
		c_string(c, entries[i].text[1]);
		fputs(" },\n", c);
	}
	fprintf(c, "};\n");
	if (fclose(h) != 0 || fclose(c) != 0)
		return 1;
	return 0;
}
