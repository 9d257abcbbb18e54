/* crypto: passwords, secrets at rest and tokens, over libsodium.
 * crypto_init() must run once at start (sodium_init). Thread-safe afterwards.
 * The field key (32 bytes) comes from configuration (hex) and is held in sodium_malloc'd,
 * read-only memory. */
#ifndef PASSERELLE_CRYPTO_H
#define PASSERELLE_CRYPTO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

int crypto_init(void);
/* Argon2id (crypto_pwhash_str, interactive limits unless fast != 0, which tests and the demo
 * seed may use: still Argon2id, with the minimum cost). Writes an encoded hash (<= 128 bytes). */
int crypto_password_hash(const char *pw, char out[128], int fast);
bool crypto_password_verify(const char *encoded, const char *pw);
/* Sets the field key from 64 hex characters; -1 when malformed. */
int crypto_set_field_key(const char *hex);
/* Generates a fresh random key as 64 hex chars + NUL. */
void crypto_random_key_hex(char out[65]);
/* XChaCha20-Poly1305 secretbox of plaintext with the field key: nonce || ciphertext.
 * Returns an arena buffer and its length in *outn; NULL when no field key has been set. */
unsigned char *crypto_seal(struct arena *a, const void *plain, size_t n, size_t *outn);
/* Opens a sealed blob; NULL on tampering or wrong key. Result NUL-terminated, in arena. */
char *crypto_open(struct arena *a, const void *sealed, size_t n);
/* A random token: 32 random bytes as URL-safe base64 without padding (43 chars + NUL). */
void crypto_token(char out[48]);
/* Hex of BLAKE2b-256 of a token, for storage and lookup (64 hex + NUL). */
void crypto_token_hash(const char *token, char out[65]);
/* SHA-256 hex of bytes (64 hex + NUL): the audit hash chain. */
void crypto_sha256_hex(const void *p, size_t n, char out[65]);

#endif
