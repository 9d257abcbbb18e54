/* text: Unicode handling over ICU. All strings are UTF-8.
 * Returned strings are owned by the given arena. Thread-safe (ICU normalizers are shared
 * read-only singletons). */
#ifndef PASSERELLE_TEXT_H
#define PASSERELLE_TEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Strict UTF-8 validity (no overlongs, no surrogates, <= U+10FFFF). NUL bytes are invalid. */
bool text_utf8_valid(const char *s, size_t n);
/* Number of code points of valid UTF-8. */
size_t text_utf8_len(const char *s, size_t n);
/* NFC-normalised copy; NULL when s is not valid UTF-8. */
char *text_nfc(struct arena *a, const char *s, size_t n);
/* Search key: NFD, combining marks removed, case-folded, punctuation turned into spaces,
 * whitespace collapsed, trimmed. "Élodie  Côté-Tremblay" -> "elodie cote tremblay".
 * NULL on invalid UTF-8. */
char *text_search_key(struct arena *a, const char *s);
/* A LIKE pattern "%key%" matching search keys that contain q's key; "" (match all) when q is
 * NULL, empty or has no letters or digits. Keys hold only letters, digits and single spaces,
 * so LIKE wildcards typed in q never reach the pattern. */
const char *text_search_pattern(struct arena *a, const char *q);
/* Similarity of two search keys in [0,1] (1 = same), for duplicate detection:
 * normalised Damerau-Levenshtein on code points. */
double text_similarity(const char *key_a, const char *key_b);
/* Trims leading/trailing ASCII and Unicode whitespace, returns an arena copy. */
char *text_trim(struct arena *a, const char *s);

#endif
