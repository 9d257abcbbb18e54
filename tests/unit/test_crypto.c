/* test_crypto: password hashing, sealing with the field key, tokens and digests.
 * The first cases run before any field key is set, on purpose. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "domain/crypto.h"
#include "t.h"

#define KEY_A "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY_B "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0F"
#define SEAL_OVERHEAD (24 + 16) /* XChaCha20 nonce + Poly1305 tag */

static bool
all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void
test_init_and_no_key(void)
{
	CHECK_INT(crypto_init(), 0);
	CHECK_INT(crypto_init(), 0); /* idempotent */
	struct arena a;
	arena_init(&a);
	size_t n = 99;
	CHECK(crypto_seal(&a, "x", 1, &n) == NULL);
	CHECK_INT(n, 0);
	unsigned char junk[64] = { 0 };
	CHECK(crypto_open(&a, junk, sizeof(junk)) == NULL);
	arena_free(&a);
}

static void
test_password(void)
{
	char h1[128] = "", h2[128] = "";
	CHECK_INT(crypto_password_hash("correct horse battery staple", h1, 1), 0);
	CHECK(strncmp(h1, "$argon2id$", 10) == 0);
	CHECK(strstr(h1, "$m=8,t=1,") != NULL); /* the minimum cost */
	CHECK(crypto_password_verify(h1, "correct horse battery staple"));
	CHECK(!crypto_password_verify(h1, "correct horse battery stapler"));
	CHECK(!crypto_password_verify(h1, ""));
	CHECK(!crypto_password_verify(h1, NULL));
	CHECK(!crypto_password_verify(NULL, "x"));
	CHECK(!crypto_password_verify("not a hash", "x"));

	/* Salted: the same password hashes differently, and both verify. */
	CHECK_INT(crypto_password_hash("correct horse battery staple", h2, 1), 0);
	CHECK(strcmp(h1, h2) != 0);
	CHECK(crypto_password_verify(h2, "correct horse battery staple"));

	/* UTF-8 password, interactive cost. */
	CHECK_INT(crypto_password_hash("mot de passe élève ✓", h2, 0), 0);
	CHECK(strncmp(h2, "$argon2id$", 10) == 0);
	CHECK(strstr(h2, "$m=65536,t=2,") != NULL);
	CHECK(crypto_password_verify(h2, "mot de passe élève ✓"));
	CHECK(!crypto_password_verify(h2, "mot de passe eleve ✓"));

	/* A tampered hash does not verify. */
	size_t len = strlen(h1);
	CHECK(len > 40);
	if (len > 0) {
		h1[len - 1] = h1[len - 1] == 'A' ? 'B' : 'A';
		CHECK(!crypto_password_verify(h1, "correct horse battery staple"));
	}
}

static void
test_seal_open(void)
{
	static const char msg[] = "Numéro d’assurance sociale : 046 454 286 — élève ✓";
	struct arena a;
	arena_init(&a);
	CHECK_INT(crypto_set_field_key(KEY_A), 0);

	size_t n = 0;
	unsigned char *s = crypto_seal(&a, msg, strlen(msg), &n);
	CHECK(s != NULL);
	CHECK_INT(n, strlen(msg) + SEAL_OVERHEAD);
	CHECK(s != NULL && memmem(s, n, "046 454 286", 11) == NULL); /* not in clear */
	char *p = s ? crypto_open(&a, s, n) : NULL;
	CHECK_STR(p, msg);
	CHECK_INT(p ? strlen(p) : 0, strlen(msg));

	/* Empty plaintext round-trips to "" (not NULL). */
	size_t en = 0;
	unsigned char *e = crypto_seal(&a, "", 0, &en);
	CHECK_INT(en, SEAL_OVERHEAD);
	CHECK_STR(e ? crypto_open(&a, e, en) : NULL, "");

	/* Fresh nonce each time: the same plaintext seals differently. */
	size_t n2 = 0;
	unsigned char *s2 = crypto_seal(&a, msg, strlen(msg), &n2);
	CHECK(s != NULL && s2 != NULL && n2 == n);
	CHECK(s != NULL && s2 != NULL && memcmp(s, s2, 24) != 0);
	CHECK(s != NULL && s2 != NULL && memcmp(s + 24, s2 + 24, n - 24) != 0);
	CHECK_STR(s2 ? crypto_open(&a, s2, n2) : NULL, msg);

	/* Flipping any single bit of nonce, ciphertext or tag is detected. */
	int undetected = 0;
	for (size_t i = 0; s != NULL && i < n; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			s[i] ^= (unsigned char)(1u << bit);
			if (crypto_open(&a, s, n) != NULL)
				undetected++;
			s[i] ^= (unsigned char)(1u << bit);
		}
	}
	CHECK_INT(undetected, 0);
	CHECK_STR(s ? crypto_open(&a, s, n) : NULL, msg); /* restored blob opens again */

	/* Truncated or too short blobs. */
	CHECK(s == NULL || crypto_open(&a, s, n - 1) == NULL);
	CHECK(s == NULL || crypto_open(&a, s, SEAL_OVERHEAD - 1) == NULL);
	CHECK(crypto_open(&a, NULL, 0) == NULL);

	/* Another key cannot open it; setting the first key back can. */
	CHECK_INT(crypto_set_field_key(KEY_B), 0);
	CHECK(s == NULL || crypto_open(&a, s, n) == NULL);
	CHECK(e == NULL || crypto_open(&a, e, en) == NULL);
	size_t bn = 0;
	unsigned char *sb = crypto_seal(&a, msg, strlen(msg), &bn);
	CHECK_STR(sb ? crypto_open(&a, sb, bn) : NULL, msg);
	CHECK_INT(crypto_set_field_key(KEY_A), 0);
	CHECK_STR(s ? crypto_open(&a, s, n) : NULL, msg);
	CHECK(sb == NULL || crypto_open(&a, sb, bn) == NULL);

	/* Hex case does not matter: the same key in upper case. */
	char upper[65];
	memcpy(upper, KEY_A, 65);
	for (int i = 0; i < 64; i++)
		if (upper[i] >= 'a' && upper[i] <= 'f')
			upper[i] = (char)(upper[i] - 'a' + 'A');
	CHECK_INT(crypto_set_field_key(upper), 0);
	CHECK_STR(s ? crypto_open(&a, s, n) : NULL, msg);
	arena_free(&a);
}

static void
test_bad_key_hex(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_INT(crypto_set_field_key(KEY_A), 0);
	size_t n = 0;
	unsigned char *s = crypto_seal(&a, "secret", 6, &n);
	CHECK(s != NULL);

	CHECK_INT(crypto_set_field_key(NULL), -1);
	CHECK_INT(crypto_set_field_key(""), -1);
	CHECK_INT(crypto_set_field_key("abcd"), -1);
	/* 63 and 65 characters. */
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0"), -1);
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0F0"), -1);
	/* 64 characters but not all hex (late, so a partial decode would show). */
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0G"), -1);
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E\n"), -1);
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0F F0E1D2C3B4A5968778695A4B3C2D1E0"), -1);
	CHECK_INT(crypto_set_field_key(
	    "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), -1);
	CHECK_INT(crypto_set_field_key(
	    "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E:F"), -1);
	/* A rejected key leaves the current one in place. */
	CHECK_STR(s ? crypto_open(&a, s, n) : NULL, "secret");

	/* Generated keys: 64 lower-case hex, accepted, different each time. */
	char k1[65], k2[65];
	crypto_random_key_hex(k1);
	crypto_random_key_hex(k2);
	CHECK_INT(strlen(k1), 64);
	CHECK(all_hex(k1, 64));
	CHECK(strcmp(k1, k2) != 0);
	CHECK_INT(crypto_set_field_key(k1), 0);
	CHECK(s == NULL || crypto_open(&a, s, n) == NULL);
	arena_free(&a);
}

static void
test_tokens(void)
{
	char t1[48], t2[48];
	crypto_token(t1);
	crypto_token(t2);
	CHECK_INT(strlen(t1), 43);
	CHECK_INT(strlen(t2), 43);
	CHECK_INT(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	    43);
	CHECK(strcmp(t1, t2) != 0);

	/* Over many tokens, every URL-safe character shows up and nothing else does. */
	bool seen[256] = { false };
	for (int i = 0; i < 200; i++) {
		char t[48];
		crypto_token(t);
		for (const char *c = t; *c; c++)
			seen[(unsigned char)*c] = true;
	}
	CHECK(seen['-'] && seen['_'] && seen['A'] && seen['z'] && seen['0']);
	CHECK(!seen['+'] && !seen['/'] && !seen['=']);

	char h1[65], h2[65], h3[65];
	crypto_token_hash(t1, h1);
	crypto_token_hash(t1, h2);
	crypto_token_hash(t2, h3);
	CHECK_INT(strlen(h1), 64);
	CHECK(all_hex(h1, 64));
	CHECK_STR(h1, h2);
	CHECK(strcmp(h1, h3) != 0);
	/* BLAKE2b-256 known answer. */
	crypto_token_hash("abc", h1);
	CHECK_STR(h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void
test_sha256(void)
{
	char h[65];
	crypto_sha256_hex("abc", 3, h);
	CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	crypto_sha256_hex("", 0, h);
	CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* Length is honoured: embedded NUL bytes count. */
	crypto_sha256_hex("abc\0", 4, h);
	CHECK(strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != 0);
}

T_MAIN(T(test_init_and_no_key), T(test_password), T(test_seal_open), T(test_bad_key_hex),
    T(test_tokens), T(test_sha256))
