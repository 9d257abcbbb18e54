/* supports: the directory of supports from other levels of government relevant to the
 * skilled trades (data/supports.csv, described in data/supports.README.md): federal,
 * provincial and municipal programs with their owner, eligibility in one sentence and how to
 * apply, in English and French, their region scope and official page.
 *
 * Loaded once from the embedded file (thread-safe), never freed; read-only afterwards. */
#ifndef PASSERELLE_SUPPORTS_H
#define PASSERELLE_SUPPORTS_H
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

struct support {
	const char *id;
	const char *level;             /* "federal", "provincial", "municipal" */
	const char *owner[2], *name[2], *eligibility[2], *apply[2], *url[2];   /* [enum lang] */
	const char *scope;             /* "CA", "ON", or region codes separated by spaces */
	const char *key;               /* text_search_key of every text in both languages */
};

extern const char *const support_levels[];   /* NULL-terminated */

/* Every support, in file order. Aborts with a log line when the embedded file is missing or
 * malformed (the unit test reads it). */
const struct support *supports_all(size_t *n);

/* true when s applies to a place in one of the regions (codes, e.g. the catchment "NORTHEAST"
 * and its region "NORTHERN"): nation-wide (CA) and province-wide (ON) supports apply
 * everywhere. ncodes 0: every support applies. */
int support_in_regions(const struct support *s, const char *const *codes, size_t ncodes);

/* Supports whose texts (either language, accents and case ignored) contain every word of q
 * (NULL or blank: all) and that apply to the regions (as above); those whose name matches come
 * first, then file order. Writes at most max, returns how many. */
size_t supports_search(const char *q, const char *const *codes, size_t ncodes,
    const struct support **out, size_t max);

/* {"id","level","scope","owner_en","owner_fr","name_en","name_fr","eligibility_en",
 *  "eligibility_fr","apply_en","apply_fr","url_en","url_fr"} */
json_t *support_json(const struct support *s);

#endif
