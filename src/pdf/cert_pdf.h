/* cert_pdf: the printable bilingual certificate (issue 5), a US Letter landscape PDF drawn
 * with cairo. Page 1 is the certificate: agency, type, holder, trade, Red Seal endorsement,
 * number, dates, and a QR code (libqrencode, EC level M, drawn as vector rectangles) of the
 * public verification URL. When an offline payload is given ("VC1:" + base45(zlib(JCS VC)),
 * see vc/offline.h), page 2 carries it as a second, larger QR code so that any verifier can
 * check the whole signed certificate without a network.
 * Text is DejaVu Sans; every text box shrinks, then wraps, so nothing leaves its place. */
#ifndef PASSERELLE_CERT_PDF_H
#define PASSERELLE_CERT_PDF_H
#include <stdbool.h>

#include "core/buf.h"

/* Plain data, filled by the caller from the database. Strings are UTF-8 and borrowed. */
struct cert_pdf {
	const char *holder_name;
	const char *type_en, *type_fr;    /* "Certificate of Qualification" / "Certificat de qualification" */
	const char *trade_en, *trade_fr;
	const char *trade_code;           /* "309A"; NULL or "" = not printed */
	bool red_seal;                    /* prints the Red Seal endorsement */
	bool provisional;                 /* prints "Provisional" / "Provisoire" */
	const char *number;               /* human-readable certificate number */
	const char *issued;               /* "YYYY-MM-DD" */
	const char *expires;              /* "YYYY-MM-DD", or NULL when the certificate does not expire */
	const char *agency_en, *agency_fr;
	const char *verify_url;           /* base + "/v/{public-id}": the primary QR code */
	const char *offline_payload;      /* NULL = no second page */
};

/* Appends the PDF to out. Returns 0, or -1 (out unchanged) when a required field is missing
 * or empty, a date is not a valid "YYYY-MM-DD", a QR code cannot hold its text at a
 * printable size, or cairo fails. */
int cert_pdf_render(const struct cert_pdf *c, struct buf *out);

/* The QR version (1..40) cert_pdf_render uses for text as the primary code (offline false)
 * or the offline code (offline true); -1 when it does not fit. */
int cert_pdf_qr_version(const char *text, bool offline);

/* Releases cairo's and fontconfig's process-wide font caches, so a leak checker sees only
 * what is really lost. Call once at exit, after every render has returned. */
void cert_pdf_cleanup(void);

#endif
