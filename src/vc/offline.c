/* offline: "VC1:" + base45(zlib(JCS(credential))), the payload of the offline QR code. zlib
 * (not gzip) as in the EU DCC "HC1:" wrapper: two bytes of header, nothing else. */
#include "vc/offline.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/xalloc.h"
#include "vc/jcs.h"
#include "vc/multibase.h"

#define OFFLINE_MAX_JSON (64u << 10)

int
offline_encode(const json_t *credential, struct buf *out)
{
	struct buf j = { 0 };
	if (jcs_write(credential, &j) != 0 || j.n > OFFLINE_MAX_JSON) {
		buf_free(&j);
		return -1;
	}
	uLongf zn = compressBound((uLong)j.n);
	uint8_t *z = xmalloc(zn);
	int zrc = compress2(z, &zn, (const Bytef *)j.p, (uLong)j.n, 9);
	buf_free(&j);
	if (zrc != Z_OK) {
		free(z);
		return -1;
	}
	buf_puts(out, "VC1:");
	b45_encode(z, zn, out);
	free(z);
	return 0;
}

json_t *
offline_decode(const char *payload)
{
	if (payload == NULL || strncmp(payload, "VC1:", 4) != 0)
		return NULL;
	size_t len = strlen(payload + 4);
	/* base45 turns 2 bytes into 3 characters: a payload longer than this cannot hold a
	 * deflate stream of a 64 KiB document. */
	if (len == 0 || len > 2 * OFFLINE_MAX_JSON)
		return NULL;
	uint8_t *z = xmalloc(len);
	long zn = b45_decode(payload + 4, z, len);
	if (zn <= 0) {
		free(z);
		return NULL;
	}
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK) {
		free(z);
		return NULL;
	}
	/* One byte more than the cap, to tell "exactly at the cap" from "beyond it". */
	uint8_t *json = xmalloc(OFFLINE_MAX_JSON + 1);
	zs.next_in = z;
	zs.avail_in = (uInt)zn;
	zs.next_out = json;
	zs.avail_out = OFFLINE_MAX_JSON + 1;
	int zrc = inflate(&zs, Z_FINISH);
	size_t n = zs.total_out;
	int ok = zrc == Z_STREAM_END && zs.avail_in == 0 && n <= OFFLINE_MAX_JSON;
	inflateEnd(&zs);
	free(z);
	json_t *v = ok ? jcs_parse((const char *)json, n) : NULL;
	free(json);
	return v;
}
