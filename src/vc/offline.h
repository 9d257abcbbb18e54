/* offline: the whole signed credential in a QR code for checking with no network —
 * "VC1:" + base45(zlib(JCS(credential))). The VC1 framing is passerelle's own transport
 * wrapper (like the EU DCC "HC1:"); the payload is the unchanged credential, so the standard
 * eddsa-jcs-2022 proof verifies after decoding. */
#ifndef PASSERELLE_OFFLINE_H
#define PASSERELLE_OFFLINE_H
#include <jansson.h>

#include "core/buf.h"

/* Appends the payload for credential to out. Returns 0, or -1 when it cannot be canonicalised. */
int offline_encode(const json_t *credential, struct buf *out);
/* Parses a "VC1:" payload back into the credential (new reference), NULL when malformed
 * (prefix, base45, zlib stream, JSON; expanded size capped at 64 KiB). */
json_t *offline_decode(const char *payload);

#endif
