/* Fuzz target: the decoders of outside text in credentials — base58btc, base45, Ed25519
 * Multikey, status-list encodedList and the offline "VC1:" payload. Every successful decode
 * must re-encode to the same text (the encodings are canonical), and every encode must decode
 * back to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "vc/multibase.h"
#include "vc/offline.h"
#include "vc/statuslist.h"
#include "fuzz.h"

/* Quadratic base conversions: keep the binary round trips to key-and-signature sizes. */
#define RAW_MAX 512

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	size_t cap = strlen(s) + 1;
	uint8_t *out = xmalloc(cap);
	struct buf b = { 0 };

	/* a small capacity also makes long inputs fail fast, as they do for real callers */
	long n = b58_decode(s, out, cap < RAW_MAX ? cap : RAW_MAX);
	if (n >= 0) {
		b58_encode(out, (size_t)n, &b);
		if (strcmp(b.p, s) != 0)
			__builtin_trap();
	}
	buf_reset(&b);
	n = b45_decode(s, out, cap);
	if (n >= 0) {
		b45_encode(out, (size_t)n, &b);
		if (strcmp(b.p, s) != 0)
			__builtin_trap();
	}
	uint8_t pk[32];
	if (multikey_decode(s, pk) == 0) {
		char mk[49];
		multikey_encode(pk, mk);
		if (strcmp(mk, s) != 0)
			__builtin_trap();
	}
	uint8_t *bits = NULL;
	size_t nbytes = 0;
	if (statuslist_decode(s, &bits, &nbytes) == 0 && (bits == NULL || nbytes < 16384))
		__builtin_trap();
	free(bits);
	json_t *v = offline_decode(s);
	if (v != NULL) {
		buf_reset(&b);
		if (offline_encode(v, &b) != 0)
			__builtin_trap();
		json_t *w = offline_decode(b.p);
		if (w == NULL || !json_equal(v, w))
			__builtin_trap();
		json_decref(w);
		json_decref(v);
	}

	/* binary → text → binary */
	size_t raw = size < RAW_MAX ? size : RAW_MAX;
	uint8_t back[2 * RAW_MAX + 2];
	buf_reset(&b);
	b58_encode(data, raw, &b);
	if (b58_decode(b.p, back, sizeof(back)) != (long)raw || memcmp(back, data, raw) != 0)
		__builtin_trap();
	buf_reset(&b);
	b45_encode(data, raw, &b);
	if (b45_decode(b.p, back, sizeof(back)) != (long)raw || memcmp(back, data, raw) != 0)
		__builtin_trap();

	buf_free(&b);
	free(out);
	free(s);
	return 0;
}
