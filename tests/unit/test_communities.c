/* The embedded communities file: every line parses, coordinates fall in Ontario, names are
 * found regardless of accents and case. */
#include <math.h>
#include <string.h>

#include "geo/communities.h"
#include "t.h"

static void
test_load(void)
{
	size_t n = 0;
	const struct community *c = communities_all(&n);
	CHECK_INT((long long)n, 213);
	int ok = 1;
	long total = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i].lat < 41.6 || c[i].lat > 56.9 || c[i].lon < -95.2 || c[i].lon > -74.3 ||
		    c[i].population < 1000 || c[i].name[0] == '\0' || c[i].key[0] == '\0')
			ok = 0;
		total += c[i].population;
	}
	CHECK(ok);
	CHECK(total > 5000000);
}

static void
test_find(void)
{
	const struct community *h = community_find("HEARST");
	CHECK(h != NULL && strcmp(h->name, "Hearst") == 0);
	CHECK(h != NULL && fabs(h->lat - 49.68351) < 1e-9);
	CHECK(community_find("greater  sudbury") != NULL);
	CHECK(community_find("Nowhere-on-the-map") == NULL);
	CHECK(community_find("") == NULL);
	CHECK(community_find(NULL) == NULL);
}

T_MAIN(
	{ "load", test_load },
	{ "find", test_find },
)
