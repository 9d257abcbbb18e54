/* crypto: passwords (Argon2id), secrets at rest (XChaCha20-Poly1305 with the field key),
 * random tokens and hashes, all over libsodium.
 * The field key lives in one sodium_malloc'd page (guarded, locked, not dumped), read-only
 * except while it is being set. A rwlock lets seal/open run in parallel while still allowing
 * the key to be replaced (configuration reload, tests). */
#include "domain/crypto.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "core/log.h"

#define FIELD_KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define SEAL_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

_Static_assert(FIELD_KEY_BYTES == 32, "the field key is 32 bytes (64 hex)");
_Static_assert(crypto_pwhash_STRBYTES <= 128, "encoded hashes fit char[128]");
_Static_assert(sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING) <= 48,
    "tokens fit char[48]");

static pthread_rwlock_t field_lock = PTHREAD_RWLOCK_INITIALIZER;
static unsigned char *field_key; /* sodium_malloc'd, read-only between updates */
static bool field_key_set;

int
crypto_init(void)
{
	if (sodium_init() < 0) {
		log_err("libsodium initialisation failed");
		return -1;
	}
	return 0;
}

int
crypto_password_hash(const char *pw, char out[128], int fast)
{
	unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN :
	    crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (pw == NULL)
		return -1;
	/* Explicit algorithm: the library default could change between versions. */
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_err("password hashing failed (out of memory?)");
		return -1;
	}
	return 0;
}

bool
crypto_password_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL || pw == NULL)
		return false;
	/* crypto_pwhash_str_verify takes a STRBYTES buffer: refuse longer input unread. */
	if (strnlen(encoded, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str_verify(encoded, pw, strlen(pw)) == 0;
}

static bool
is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
crypto_set_field_key(const char *hex)
{
	if (hex == NULL || strnlen(hex, 2 * FIELD_KEY_BYTES + 1) != 2 * FIELD_KEY_BYTES)
		return -1;
	/* Validate everything first, so a malformed value leaves the current key intact. */
	for (size_t i = 0; i < 2 * FIELD_KEY_BYTES; i++)
		if (!is_hex_digit(hex[i]))
			return -1;
	if (sodium_init() < 0)
		return -1;

	int rc = -1;
	pthread_rwlock_wrlock(&field_lock);
	if (field_key == NULL) {
		field_key = sodium_malloc(FIELD_KEY_BYTES);
		if (field_key == NULL) {
			log_err("cannot allocate protected memory for the field key");
			goto out;
		}
	} else if (sodium_mprotect_readwrite(field_key) != 0) {
		log_err("cannot unprotect the field key");
		goto out;
	}
	size_t len = 0;
	if (sodium_hex2bin(field_key, FIELD_KEY_BYTES, hex, 2 * FIELD_KEY_BYTES, NULL, &len,
	    NULL) == 0 && len == FIELD_KEY_BYTES) {
		field_key_set = true;
		rc = 0;
	}
	if (sodium_mprotect_readonly(field_key) != 0) {
		log_err("cannot protect the field key");
		rc = -1;
	}
out:
	pthread_rwlock_unlock(&field_lock);
	return rc;
}

void
crypto_random_key_hex(char out[65])
{
	unsigned char key[FIELD_KEY_BYTES];
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(out, 65, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
}

unsigned char *
crypto_seal(struct arena *a, const void *plain, size_t n, size_t *outn)
{
	*outn = 0;
	if (n > SIZE_MAX - SEAL_NONCE_BYTES - SEAL_TAG_BYTES)
		return NULL;
	size_t total = SEAL_NONCE_BYTES + n + SEAL_TAG_BYTES;
	unsigned char *out = arena_alloc(a, total);
	unsigned long long clen = 0;

	/* A random 192-bit nonce per message: no counter to keep, collisions negligible. */
	randombytes_buf(out, SEAL_NONCE_BYTES);
	pthread_rwlock_rdlock(&field_lock);
	bool ok = field_key_set && crypto_aead_xchacha20poly1305_ietf_encrypt(
	    out + SEAL_NONCE_BYTES, &clen, plain, n, NULL, 0, NULL, out, field_key) == 0;
	pthread_rwlock_unlock(&field_lock);
	if (!ok) {
		log_err("cannot seal: no field key is set");
		return NULL;
	}
	*outn = SEAL_NONCE_BYTES + (size_t)clen;
	return out;
}

char *
crypto_open(struct arena *a, const void *sealed, size_t n)
{
	const unsigned char *in = sealed;
	if (in == NULL || n < SEAL_NONCE_BYTES + SEAL_TAG_BYTES)
		return NULL;
	size_t plen = n - SEAL_NONCE_BYTES - SEAL_TAG_BYTES;
	char *out = arena_alloc(a, plen + 1); /* zeroed: the NUL is already there */
	unsigned long long mlen = 0;

	pthread_rwlock_rdlock(&field_lock);
	bool ok = field_key_set && crypto_aead_xchacha20poly1305_ietf_decrypt(
	    (unsigned char *)out, &mlen, NULL, in + SEAL_NONCE_BYTES, n - SEAL_NONCE_BYTES,
	    NULL, 0, in, field_key) == 0;
	pthread_rwlock_unlock(&field_lock);
	if (!ok)
		return NULL;
	out[mlen] = '\0';
	return out;
}

void
crypto_token(char out[48])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 48, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
crypto_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, token ? strlen(token) : 0,
	    NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

void
crypto_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}
