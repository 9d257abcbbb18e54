/* proof: Data Integrity proofs with the eddsa-jcs-2022 cryptosuite (W3C Data Integrity EdDSA
 * Cryptosuites v1.0 §3.3): SHA-256 of the JCS proof configuration, then of the JCS document,
 * the 64 bytes signed with pure Ed25519 (libsodium); proofValue "z" + base58btc(signature). */
#ifndef PASSERELLE_PROOF_H
#define PASSERELLE_PROOF_H
#include <jansson.h>
#include <stdint.h>

/* Signs doc in place: adds doc["proof"] with type, cryptosuite, created (XSD dateTime, UTC,
 * no fraction, e.g. "2026-11-22T10:00:00Z"), verificationMethod, proofPurpose
 * "assertionMethod", "@context" copied from doc when present, and proofValue. sk is libsodium's
 * 64-byte secret key. Returns 0, or -1 (doc unchanged) when doc is not an object, already has a
 * proof, created is not a valid dateTime, or canonicalisation fails. */
int proof_sign(json_t *doc, const char *verification_method, const char *created,
    const uint8_t sk[64]);

enum proof_rc {
	PROOF_OK = 0,
	PROOF_MISSING,        /* no proof object */
	PROOF_MALFORMED,      /* type/cryptosuite/proofPurpose/verificationMethod/created wrong */
	PROOF_CONTEXT,        /* document @context does not start with proof @context */
	PROOF_VALUE,          /* proofValue not "z" + base58btc of exactly 64 bytes */
	PROOF_SIGNATURE,      /* signature does not verify */
};

/* Verifies doc's proof with public key pk. Does not resolve the verification method: the
 * caller checks it (proof_method) against the issuer's DID document. */
enum proof_rc proof_verify(const json_t *doc, const uint8_t pk[32]);
/* The checks proof_verify makes before the signature (shape, proofValue, @context): PROOF_OK
 * when only the signature is left to check. */
enum proof_rc proof_check(const json_t *doc);
/* The proof's verificationMethod and proofPurpose (NULL when absent); borrowed from doc. */
const char *proof_method(const json_t *doc);
const char *proof_purpose(const json_t *doc);
const char *proof_rc_name(enum proof_rc rc);

/* hashData = SHA-256(JCS(options)) ‖ SHA-256(JCS(unsecured)): the 64 bytes Ed25519 signs
 * (exposed for the test vectors' intermediates). Returns 0, or -1 when either cannot be
 * canonicalised. */
int proof_hash_data(const json_t *options, const json_t *unsecured, uint8_t hash_data[64]);
/* Parses an XSD dateTimeStamp ("2025-06-01T12:00:00Z", optional fraction, Z or ±hh:mm) into
 * seconds since the epoch (t may be NULL to only validate). Returns 0, or -1 when malformed. */
int proof_parse_datetime(const char *s, int64_t *t);

#endif
