/* multibase: the encodings verifiable credentials use — base58btc ("z" multibase), Ed25519
 * Multikey public keys ("z6Mk…", multicodec 0xed01), and base45 (RFC 9285) for the offline QR. */
#ifndef PASSERELLE_MULTIBASE_H
#define PASSERELLE_MULTIBASE_H
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Appends base58btc (Bitcoin alphabet) of in[0..n) to out. */
void b58_encode(const uint8_t *in, size_t n, struct buf *out);
/* Decodes s (NUL-terminated, no "z" prefix) into out[0..cap). Returns the byte count, or -1
 * on a character outside the alphabet or a result longer than cap. */
long b58_decode(const char *s, uint8_t *out, size_t cap);

/* "z" + base58btc(0xed 0x01 ‖ pk): 48 characters plus NUL. */
void multikey_encode(const uint8_t pk[32], char out[49]);
/* Returns 0 and the 32-byte key for a well-formed Ed25519 Multikey, -1 otherwise (wrong
 * prefix, wrong length, bad characters). */
int multikey_decode(const char *mb, uint8_t pk[32]);

/* RFC 9285 base45. decode returns the byte count or -1 (bad character, bad length, value
 * out of range); out must hold at least strlen(s) bytes. */
void b45_encode(const uint8_t *in, size_t n, struct buf *out);
long b45_decode(const char *s, uint8_t *out, size_t cap);

#endif
