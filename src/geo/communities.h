/* communities: the Ontario communities of data/communities.csv (GeoNames, CC BY 4.0): name,
 * coordinates and population, for the locator's municipality look-up, the demo network and
 * the access analysis. Parsed once from the embedded file (thread-safe); never freed. */
#ifndef PASSERELLE_COMMUNITIES_H
#define PASSERELLE_COMMUNITIES_H
#include <stddef.h>

struct community {
	int id;
	const char *name;
	const char *key;        /* text_search_key of the name: accents and case removed */
	double lat, lon;        /* WGS 84 degrees */
	long population;
};

/* Every community, in file order. Aborts with a log line when the embedded file is
 * missing or malformed (the unit test validates it). */
const struct community *communities_all(size_t *n);
/* The community whose name matches q exactly, accents and case ignored; NULL when none. */
const struct community *community_find(const char *q);

#endif
