/* statuslist: Bitstring Status List v1.0 bitstrings. Bit i is byte[i/8] & (0x80 >> i%8) (index 0
 * is the left-most bit); encodedList is "u" + base64url-no-padding(GZIP(bits)). */
#ifndef PASSERELLE_STATUSLIST_H
#define PASSERELLE_STATUSLIST_H
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define STATUSLIST_MIN_BITS 131072u

static inline int
statuslist_get(const uint8_t *bits, uint32_t i)
{
	return (bits[i / 8] >> (7 - i % 8)) & 1;
}

static inline void
statuslist_set(uint8_t *bits, uint32_t i, int on)
{
	uint8_t m = (uint8_t)(0x80u >> (i % 8));
	bits[i / 8] = on ? (uint8_t)(bits[i / 8] | m) : (uint8_t)(bits[i / 8] & ~m);
}

/* Appends the encodedList of bits[0..nbytes) to out. Returns 0 or -1 (compression failed). */
int statuslist_encode(const uint8_t *bits, size_t nbytes, struct buf *out);
/* Decodes an encodedList; *bits (malloc'd, caller frees) and *nbytes. Returns 0, or -1 when
 * the prefix, base64url, gzip stream or size is wrong (fewer than STATUSLIST_MIN_BITS bits, or
 * more than 16 MiB once expanded). */
int statuslist_decode(const char *encoded, uint8_t **bits, size_t *nbytes);

#endif
