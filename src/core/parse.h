/* parse: checked number parsing. Never atoi. 0 ok, -1 on junk, overflow or out of range. */
#ifndef PASSERELLE_PARSE_H
#define PASSERELLE_PARSE_H
#include <stdint.h>

int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
