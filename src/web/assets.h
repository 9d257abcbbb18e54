/* assets: the static files of the web pages, built into the binary and served under
 * content-hashed names (/assets/<stem>.<10 hex>.<ext>), so they can be cached for a year.
 *
 * The files come from the embedded_assets table (meson.build: the Ontario Design System
 * theme and component CSS, its fonts and favicons from web/node_modules, and web/passerelle.css,
 * web/passerelle.js, web/logo.svg). At start-up assets_init() builds:
 *   - site.css: every embedded .css file in meson.build's order (the ODS theme first, ours
 *     last), comments and extra white space removed, each url() of an embedded file rewritten
 *     to its hashed URL; url()s of files not shipped (eot, ttf and svg font fallbacks) are
 *     dropped from their src: lists, elsewhere replaced by none, so the stylesheet never
 *     makes the browser ask for anything that is not here; data: URLs are kept;
 *   - site.js (web/passerelle.js), the fonts, favicon.svg, favicon.ico and the logo (the
 *     agency's SVG or PNG file when configured, else web/logo.svg).
 * The hash is the first 10 hex digits of BLAKE2b-256 (crypto_generichash, default length) of
 * the bytes served.
 *
 * Threading: assets_init() runs before serving; afterwards everything is read-only. */
#ifndef PASSERELLE_ASSETS_H
#define PASSERELLE_ASSETS_H
#include <stddef.h>

struct req;

struct asset {
	const char *file;           /* served name, e.g. "site.3fa9c2d1e0.css" */
	const char *ctype;          /* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* Builds the table once at start-up (call before serving; idempotent, not thread-safe).
 * agency_logo_path: an .svg or .png file, or NULL or "" for the embedded web/logo.svg; a
 * later call may change it. Returns 0, or -1 with a message logged (e.g. the logo file is
 * unreadable); the table is then left as it was. */
int assets_init(const char *agency_logo_path);
/* URL of an asset by logical name: "site.css", "site.js", "logo", "favicon.svg",
 * "favicon.ico" -> "/assets/site.<10 hex>.css" etc. Static string. Aborts (a programming
 * error) for an unknown name or before assets_init(). */
const char *asset_url(const char *logical);
/* Looks up a served file name ("site.3fa9c2d1e0.css"). NULL when unknown. */
const struct asset *asset_find(const char *file);

/* GET /assets/{file}: the file with a year-long immutable Cache-Control, or 404. */
int h_asset(struct req *r);

#endif
