/* jcs: RFC 8785 JSON Canonicalization Scheme over jansson values. Keys sorted by UTF-16 code
 * units, strings escaped only where JSON requires (lower-case \u00xx), numbers written as
 * ECMAScript's Number.prototype.toString writes the IEEE-754 double, no whitespace. */
#ifndef PASSERELLE_JCS_H
#define PASSERELLE_JCS_H
#include <jansson.h>

#include "core/buf.h"

/* Appends the canonical form of v to out. Returns 0, or -1 (out unchanged in meaning, may hold
 * a partial write) when v holds a value JCS cannot represent (NaN, infinity). */
int jcs_write(const json_t *v, struct buf *out);

/* Parses text as I-JSON for canonicalisation (duplicate keys rejected, every number a double
 * as in JavaScript). NULL on invalid input. */
json_t *jcs_parse(const char *text, size_t n);

#endif
