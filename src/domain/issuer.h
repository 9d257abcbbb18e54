/* issuer: who signs passerelle's certificates and where their public documents live. The
 * issuer is did:web of the configured public base URL (cfg public_url); every URL a
 * credential names (its id, its context, its status lists, the verification page) is under
 * that base, so a verifier that trusts the domain trusts the certificates. */
#ifndef PASSERELLE_ISSUER_H
#define PASSERELLE_ISSUER_H

/* Sets the public base URL ("https://certs.example.ca", "http://localhost:8080", optionally
 * with a path; no trailing slash, query or fragment). Returns 0, or -1 when it is not an
 * http(s) URL of that shape. Called once at start, before any thread reads the values. */
int issuer_configure(const char *public_url);

const char *issuer_base(void);     /* "https://certs.example.ca" */
const char *issuer_did(void);      /* "did:web:certs.example.ca" (port as %3A, path as :) */
const char *issuer_context(void);  /* base + "/contexts/trade-credential/v1" */

#endif
