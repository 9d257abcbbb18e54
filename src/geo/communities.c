/* communities: parsing data/communities.csv once (see communities.h). The file is plain
 * "id,name,lat,lon,population" lines without quoting (checked here: any other shape aborts). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "core/log.h"
#include "geo/communities.h"
#include "text/text.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct community *all;
static size_t nall;
static struct arena keep;

static _Noreturn void
bad(int line)
{
	log_err("communities: data/communities.csv line %d is malformed", line);
	abort();
}

static void
load(void)
{
	const struct embedded_file *f = embedded_get("data/communities.csv");
	if (f == NULL) {
		log_err("communities: data/communities.csv is not embedded in this binary");
		abort();
	}
	arena_init(&keep);
	char *text = arena_strdup(&keep, (const char *)f->data);
	size_t cap = 0;
	int line = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		line++;
		size_t len = strlen(l);
		if (len > 0 && l[len - 1] == '\r')
			l[--len] = '\0';
		if (line == 1) {
			if (strcmp(l, "id,name,lat,lon,population") != 0)
				bad(line);
			continue;
		}
		char *fields[5], *s = l;
		for (int i = 0; i < 5; i++) {
			fields[i] = s;
			char *comma = strchr(s, ',');
			if ((comma == NULL) != (i == 4))
				bad(line);
			if (comma != NULL) {
				*comma = '\0';
				s = comma + 1;
			}
		}
		char *end;
		struct community c = { 0 };
		c.id = (int)strtol(fields[0], &end, 10);
		if (*end != '\0' || fields[1][0] == '\0')
			bad(line);
		c.name = fields[1];
		c.lat = strtod(fields[2], &end);
		if (*end != '\0' || c.lat < 41.0 || c.lat > 57.0)
			bad(line);
		c.lon = strtod(fields[3], &end);
		if (*end != '\0' || c.lon < -96.0 || c.lon > -74.0)
			bad(line);
		c.population = strtol(fields[4], &end, 10);
		if (*end != '\0' || c.population <= 0)
			bad(line);
		c.key = text_search_key(&keep, c.name);
		if (c.key == NULL)
			bad(line);
		if (nall == cap) {
			cap = cap ? cap * 2 : 256;
			struct community *n = realloc(all, cap * sizeof(*all));
			if (n == NULL)
				abort();
			all = n;
		}
		all[nall++] = c;
	}
	if (nall == 0)
		bad(line);
}

const struct community *
communities_all(size_t *n)
{
	pthread_once(&once, load);
	*n = nall;
	return all;
}

const struct community *
community_find(const char *q)
{
	size_t n;
	const struct community *c = communities_all(&n);
	struct arena a;
	arena_init(&a);
	const char *key = q != NULL ? text_search_key(&a, q) : NULL;
	const struct community *hit = NULL;
	for (size_t i = 0; key != NULL && i < n && hit == NULL; i++)
		if (strcmp(c[i].key, key) == 0)
			hit = &c[i];
	arena_free(&a);
	return hit;
}
