/* page: keyset pagination of JSON lists. A list query fetches limit + 1 rows; the extra row
 * only tells that a next page exists. */
#ifndef PASSERELLE_PAGE_H
#define PASSERELLE_PAGE_H
#include <stdint.h>

#include <jansson.h>

/* Drops the extra item, if any, and returns the "id" of the last item kept: the cursor of the
 * next page. Returns 0 when items already fit in one page (the last page). */
int64_t page_trim(json_t *items, int limit);

#endif
