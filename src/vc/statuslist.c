/* statuslist: Bitstring Status List encodedList — "u" + base64url-no-padding(GZIP(bits)).
 * GZIP (RFC 1952, zlib windowBits 15 + 16), not a raw zlib stream: other verifiers expect it. */
#include "vc/statuslist.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/xalloc.h"

#define STATUSLIST_MAX_BYTES (16u << 20)

int
statuslist_encode(const uint8_t *bits, size_t nbytes, struct buf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (nbytes > STATUSLIST_MAX_BYTES ||
	    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = deflateBound(&zs, (uLong)nbytes);
	uint8_t *gz = xmalloc(cap);
	zs.next_in = (Bytef *)bits;
	zs.avail_in = (uInt)nbytes;
	zs.next_out = gz;
	zs.avail_out = (uInt)cap;
	int zrc = deflate(&zs, Z_FINISH);
	size_t gzn = zs.total_out;
	deflateEnd(&zs);
	if (zrc != Z_STREAM_END) {
		free(gz);
		return -1;
	}
	size_t b64n = sodium_base64_ENCODED_LEN(gzn, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *b64 = xmalloc(b64n);
	sodium_bin2base64(b64, b64n, gz, gzn, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	buf_putc(out, 'u');
	buf_puts(out, b64);
	free(b64);
	free(gz);
	return 0;
}

int
statuslist_decode(const char *encoded, uint8_t **bits, size_t *nbytes)
{
	*bits = NULL;
	*nbytes = 0;
	if (encoded == NULL || encoded[0] != 'u')
		return -1;
	size_t len = strlen(encoded + 1), gzcap = len / 4 * 3 + 3, gzn = 0;
	uint8_t *gz = xmalloc(gzcap);
	if (sodium_base642bin(gz, gzcap, encoded + 1, len, NULL, &gzn, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(gz);
		return -1;
	}
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK) { /* gzip only: a zlib stream is refused */
		free(gz);
		return -1;
	}
	size_t cap = 1u << 15, n = 0;
	uint8_t *out = xmalloc(cap);
	zs.next_in = gz;
	zs.avail_in = (uInt)gzn;
	int zrc = Z_OK;
	while (zrc == Z_OK) {
		if (n == cap) {
			if (cap >= STATUSLIST_MAX_BYTES) {
				zrc = Z_DATA_ERROR;
				break;
			}
			cap *= 2;
			out = xreallocarray(out, cap, 1);
		}
		zs.next_out = out + n;
		zs.avail_out = (uInt)(cap - n);
		zrc = inflate(&zs, Z_NO_FLUSH);
		n = cap - zs.avail_out;
		if (zrc == Z_BUF_ERROR && zs.avail_out > 0)
			break; /* truncated stream: no progress possible */
		if (zrc == Z_BUF_ERROR)
			zrc = Z_OK;
	}
	/* Exactly one gzip member and nothing after it. */
	int ok = zrc == Z_STREAM_END && zs.avail_in == 0 && n >= STATUSLIST_MIN_BITS / 8;
	inflateEnd(&zs);
	free(gz);
	if (!ok) {
		free(out);
		return -1;
	}
	*bits = out;
	*nbytes = n;
	return 0;
}
