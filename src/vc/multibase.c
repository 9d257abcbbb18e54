/* multibase: base58btc (Bitcoin alphabet), Ed25519 Multikey public keys and RFC 9285 base45.
 * Both base conversions are the schoolbook big-number kind: inputs are keys, signatures and
 * one QR payload, so quadratic time is fine; decode bounds the work by the output capacity. */
#include "vc/multibase.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static const char b58_alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

static int
b58_value(unsigned char c)
{
	const char *p = c ? strchr(b58_alphabet, c) : NULL;
	return p ? (int)(p - b58_alphabet) : -1;
}

void
b58_encode(const uint8_t *in, size_t n, struct buf *out)
{
	size_t zeros = 0;
	while (zeros < n && in[zeros] == 0)
		zeros++;
	/* log(256)/log(58) < 1.366: the digits (little-endian, base 58) fit in this. */
	size_t cap = (n - zeros) * 138 / 100 + 1, len = 0;
	uint8_t *dig = xcalloc(cap, 1);
	for (size_t i = zeros; i < n; i++) {
		unsigned carry = in[i];
		for (size_t j = 0; j < len; j++) {
			carry += (unsigned)dig[j] << 8;
			dig[j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			dig[len++] = (uint8_t)(carry % 58);
			carry /= 58;
		}
	}
	for (size_t i = 0; i < zeros; i++)
		buf_putc(out, '1');
	for (size_t i = len; i > 0; i--)
		buf_putc(out, b58_alphabet[dig[i - 1]]);
	if (n == 0)
		buf_put(out, "", 0); /* keeps out NUL-terminated for an empty input */
	free(dig);
}

long
b58_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t len = strlen(s), zeros = 0;
	/* Each byte past the leading zeros takes under 1.37 characters: longer input cannot fit,
	 * and refusing it early bounds the quadratic work. */
	if (len > 2 * cap + 1)
		return -1;
	while (s[zeros] == '1')
		zeros++;
	if (zeros > cap)
		return -1;
	/* The value is built right-aligned in out[zeros..cap), then moved left. */
	uint8_t *w = out + zeros;
	size_t wcap = cap - zeros, blen = 0;
	for (size_t i = zeros; i < len; i++) {
		int v = b58_value((unsigned char)s[i]);
		if (v < 0)
			return -1;
		unsigned carry = (unsigned)v;
		for (size_t j = 0; j < blen; j++) {
			size_t at = wcap - 1 - j;
			carry += 58u * w[at];
			w[at] = (uint8_t)(carry & 0xff);
			carry >>= 8;
		}
		while (carry > 0) {
			if (blen == wcap)
				return -1;
			w[wcap - 1 - blen] = (uint8_t)(carry & 0xff);
			blen++;
			carry >>= 8;
		}
	}
	memset(out, 0, zeros);
	memmove(w, w + wcap - blen, blen);
	return (long)(zeros + blen);
}

void
multikey_encode(const uint8_t pk[32], char out[49])
{
	uint8_t raw[34] = { 0xed, 0x01 };
	struct buf b = { 0 };
	memcpy(raw + 2, pk, 32);
	buf_putc(&b, 'z');
	b58_encode(raw, sizeof(raw), &b);
	/* 0xed01 ‖ 32 bytes is always 47 base58 digits. */
	size_t n = b.n < 48 ? b.n : 48;
	memcpy(out, b.p, n);
	out[n] = '\0';
	buf_free(&b);
}

int
multikey_decode(const char *mb, uint8_t pk[32])
{
	uint8_t raw[34];
	if (mb == NULL || mb[0] != 'z' || strlen(mb) != 48)
		return -1;
	if (b58_decode(mb + 1, raw, sizeof(raw)) != 34 || raw[0] != 0xed || raw[1] != 0x01)
		return -1;
	memcpy(pk, raw + 2, 32);
	return 0;
}

static const char b45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

void
b45_encode(const uint8_t *in, size_t n, struct buf *out)
{
	size_t i = 0;
	buf_put(out, "", 0);
	for (; i + 1 < n; i += 2) {
		unsigned v = (unsigned)in[i] * 256u + in[i + 1];
		char c[3] = { b45_alphabet[v % 45], b45_alphabet[v / 45 % 45], b45_alphabet[v / 2025] };
		buf_put(out, c, 3);
	}
	if (i < n) {
		char c[2] = { b45_alphabet[in[i] % 45], b45_alphabet[in[i] / 45] };
		buf_put(out, c, 2);
	}
}

static int
b45_value(unsigned char c)
{
	const char *p = c ? strchr(b45_alphabet, c) : NULL;
	return p ? (int)(p - b45_alphabet) : -1;
}

long
b45_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t len = strlen(s), k = 0;
	if (len % 3 == 1)
		return -1;
	for (size_t i = 0; i < len; i += 3) {
		int c = b45_value((unsigned char)s[i]), d = b45_value((unsigned char)s[i + 1]);
		if (c < 0 || d < 0)
			return -1;
		unsigned v = (unsigned)c + 45u * (unsigned)d;
		if (i + 2 < len) {
			int e = b45_value((unsigned char)s[i + 2]);
			if (e < 0)
				return -1;
			v += 2025u * (unsigned)e;
			if (v > 0xffff || k + 2 > cap)
				return -1;
			out[k++] = (uint8_t)(v >> 8);
			out[k++] = (uint8_t)(v & 0xff);
		} else {
			if (v > 0xff || k + 1 > cap)
				return -1;
			out[k++] = (uint8_t)v;
		}
	}
	return (long)k;
}
