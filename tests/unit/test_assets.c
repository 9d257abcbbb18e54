/* test_assets: the web pages' static files (src/web/assets.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/internal.h"
#include "t.h"
#include "web/assets.h"

static const char *const logical[] = { "site.css", "site.js", "logo", "favicon.svg", "favicon.ico" };

/* The 10 hex digits in "<stem>.<hash>.<ext>" are BLAKE2b-256 of the bytes served. */
static int
hash_matches(const struct asset *a)
{
	const char *ext = strrchr(a->file, '.');
	if (ext == NULL || ext - a->file < 11 || ext[-11] != '.')
		return 0;
	unsigned char h[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];
	crypto_generichash(h, sizeof(h), a->data, a->len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return memcmp(ext - 10, hex, 10) == 0;
}

static const struct asset *
find_url(const char *url)
{
	return strncmp(url, "/assets/", 8) == 0 ? asset_find(url + 8) : NULL;
}

static void
t_logical_names(void)
{
	CHECK_INT(assets_init(NULL), 0);
	CHECK_INT(assets_init(NULL), 0);   /* idempotent */
	for (size_t i = 0; i < sizeof(logical) / sizeof(logical[0]); i++) {
		const char *u = asset_url(logical[i]);
		const struct asset *a = find_url(u);
		CHECK(a != NULL);
		if (a == NULL)
			continue;
		CHECK(a->len > 0);
		CHECK(hash_matches(a));
		CHECK_STR(u + 8, a->file);
	}
	CHECK_STR(find_url(asset_url("site.css"))->ctype, "text/css; charset=utf-8");
	CHECK_STR(find_url(asset_url("site.js"))->ctype, "text/javascript; charset=utf-8");
	CHECK_STR(find_url(asset_url("logo"))->ctype, "image/svg+xml");
	CHECK_STR(find_url(asset_url("favicon.svg"))->ctype, "image/svg+xml");
	CHECK_STR(find_url(asset_url("favicon.ico"))->ctype, "image/x-icon");
	CHECK(strncmp(asset_url("site.css"), "/assets/site.", 13) == 0);
	CHECK(strstr(asset_url("site.js"), ".js") != NULL);
	CHECK(strstr(asset_url("logo"), "/assets/logo.") == asset_url("logo"));
	/* The same call twice gives the same static string. */
	CHECK(asset_url("site.css") == asset_url("site.css"));
}

static void
t_unknown(void)
{
	CHECK(asset_find("nope.css") == NULL);
	CHECK(asset_find("") == NULL);
	CHECK(asset_find(NULL) == NULL);
	CHECK(asset_find("site.0000000000.css") == NULL);
	CHECK(asset_find("../site.css") == NULL);
	/* Files are served by their hashed name only. */
	CHECK(asset_find("passerelle.css") == NULL);
	CHECK(asset_find("ontario-theme.min.css") == NULL);
	CHECK(asset_find("open-sans-400.woff2") == NULL);
}

/* Every url() in site.css is data: or an /assets/ URL that is served. */
static void
t_css_urls(void)
{
	const struct asset *css = find_url(asset_url("site.css"));
	CHECK(css != NULL);
	if (css == NULL)
		return;
	char *s = malloc(css->len + 1);
	memcpy(s, css->data, css->len);
	s[css->len] = '\0';
	CHECK(strlen(s) == css->len);
	int urls = 0, fonts = 0, data = 0, bad = 0;
	for (char *p = strstr(s, "url("); p != NULL; p = strstr(p + 4, "url(")) {
		char *v = p + 4;
		if (*v == '"' || *v == '\'')
			v++;
		urls++;
		if (strncmp(v, "data:", 5) == 0) {
			data++;
			continue;
		}
		if (strncmp(v, "/assets/", 8) != 0) {
			fprintf(stderr, "url not served: %.60s\n", p);
			bad++;
			continue;
		}
		char name[128];
		size_t n = strcspn(v + 8, ")\"'");
		snprintf(name, sizeof(name), "%.*s", (int)n, v + 8);
		const struct asset *a = asset_find(name);
		if (a == NULL) {
			fprintf(stderr, "url not found: %s\n", name);
			bad++;
			continue;
		}
		CHECK(hash_matches(a));
		if (strncmp(a->ctype, "font/", 5) == 0)
			fonts++;
	}
	CHECK_INT(bad, 0);
	/* 7 faces, woff2 + woff each; the checkbox tick is a data: URL. */
	CHECK_INT(fonts, 14);
	CHECK(data >= 1);
	CHECK(urls == fonts + data);
	/* What the rewriting removes or must keep. */
	CHECK(strstr(s, ".eot") == NULL);
	CHECK(strstr(s, ".ttf") == NULL);
	CHECK(strstr(s, "fonts/") == NULL);
	CHECK(strstr(s, "@charset") == NULL);
	CHECK(strstr(s, ":host") == NULL);
	CHECK(strstr(s, "url('')") == NULL);
	CHECK(strstr(s, "var(--imagePath,none)") != NULL);
	CHECK(strstr(s, "src:;") == NULL && strstr(s, "src:}") == NULL);
	CHECK(strstr(s, ",,") == NULL);
	/* The Courier Prime faces keep their local() sources only. */
	CHECK(strstr(s, "src:local(\"Courier Prime\"),local(\"Courier-prime-regular\")}") != NULL);
	/* The three parts, in order: ODS theme, components, ours last. */
	const char *theme = strstr(s, ".ontario-input");
	const char *button = strstr(s, ".ontario-button");
	const char *ours = strstr(s, ".pl-header");
	CHECK(theme != NULL && button != NULL && ours != NULL);
	CHECK(ours > button);
	/* Comments are gone, but for the one naming the sources. */
	CHECK(strncmp(s, "/* passerelle site.css", 22) == 0);
	CHECK(strstr(s + 2, "/*") == NULL);
	/* Braces balance (a broken rewrite would show here). */
	long depth = 0;
	int neg = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = strchr(p + 1, *p);
			if (q == NULL)
				break;
			p = q;
			continue;
		}
		depth += *p == '{';
		depth -= *p == '}';
		neg |= depth < 0;
	}
	CHECK_INT(depth, 0);
	CHECK_INT(neg, 0);
	free(s);
}

static void
t_served_bytes(void)
{
	const struct asset *js = find_url(asset_url("site.js"));
	CHECK(js != NULL && memmem(js->data, js->len, "'use strict'", 12) != NULL);
	const struct asset *ico = find_url(asset_url("favicon.ico"));
	CHECK(ico != NULL && ico->len > 4 && memcmp(ico->data, "\0\0\1\0", 4) == 0);
	const struct asset *logo = find_url(asset_url("logo"));
	CHECK(logo != NULL && memmem(logo->data, logo->len, "<svg", 4) != NULL);
}

static char *
write_temp(const char *suffix, const void *data, size_t len)
{
	char *path = malloc(64);
	snprintf(path, 64, "/tmp/test_assets_XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		free(path);
		return NULL;
	}
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

static void
t_custom_logo(void)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0";
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\">"
	    "<rect width=\"2\" height=\"2\" fill=\"#fff\"/></svg>\n";
	char *pp = write_temp(".png", png, sizeof(png) - 1);
	char *sp = write_temp(".svg", svg, sizeof(svg) - 1);
	char *bad = write_temp(".png", "not a png", 9);
	char *txt = write_temp(".txt", svg, sizeof(svg) - 1);
	CHECK(pp != NULL && sp != NULL && bad != NULL && txt != NULL);
	if (pp == NULL || sp == NULL || bad == NULL || txt == NULL)
		return;

	const char *css_before = asset_url("site.css");
	char before[128];
	snprintf(before, sizeof(before), "%s", css_before);

	CHECK_INT(assets_init(pp), 0);
	const char *u = asset_url("logo");
	const struct asset *a = find_url(u);
	CHECK(a != NULL);
	CHECK(strstr(u, ".png") != NULL);
	if (a != NULL) {
		CHECK_STR(a->ctype, "image/png");
		CHECK(a->len == sizeof(png) - 1 && memcmp(a->data, png, a->len) == 0);
		CHECK(hash_matches(a));
	}
	/* The other files do not change. */
	CHECK_STR(asset_url("site.css"), before);

	CHECK_INT(assets_init(sp), 0);
	a = find_url(asset_url("logo"));
	CHECK(a != NULL && strcmp(a->ctype, "image/svg+xml") == 0);
	CHECK(a != NULL && a->len == sizeof(svg) - 1 && memcmp(a->data, svg, a->len) == 0);
	char svg_url[128];
	snprintf(svg_url, sizeof(svg_url), "%s", asset_url("logo"));

	/* Refused: the table stays as it was. */
	CHECK_INT(assets_init(bad), -1);
	CHECK_INT(assets_init(txt), -1);
	CHECK_INT(assets_init("/nonexistent/logo.svg"), -1);
	CHECK_STR(asset_url("logo"), svg_url);
	CHECK(find_url(svg_url) != NULL);

	/* Back to the built-in logo; the old name is gone. */
	CHECK_INT(assets_init(""), 0);
	CHECK(find_url(svg_url) == NULL);
	a = find_url(asset_url("logo"));
	CHECK(a != NULL && memmem(a->data, a->len, "stroke=\"#fff\"", 13) != NULL);

	char *paths[] = { pp, sp, bad, txt };
	for (size_t i = 0; i < 4; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

static const struct route asset_route = { "GET", "/assets/{file}", h_asset, 0, 0, 0, "assets.get" };

/* The handler's recorded reply, as test_http does it: a request without a connection. */
static struct req_impl *
fake_get(const char *file)
{
	struct arena a;
	arena_init(&a);
	struct req_impl *ri = arena_alloc(&a, sizeof(*ri));
	memset(ri, 0, sizeof(*ri));
	ri->req.arena = a;
	ri->req.impl = ri;
	ri->req.route = &asset_route;
	ri->req.args[0] = file;
	ri->req.nargs = 1;
	return ri;
}

static const char *
hdr(struct req_impl *ri, const char *name)
{
	for (struct http_hdr *h = ri->rep.hdrs; h != NULL; h = h->next)
		if (strcmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

static void
t_handler(void)
{
	const struct asset *css = find_url(asset_url("site.css"));
	struct req_impl *ri = fake_get(css->file);
	CHECK_INT(h_asset(&ri->req), 0);
	CHECK_INT(ri->rep.status, 200);
	CHECK_STR(ri->rep.ctype, "text/css; charset=utf-8");
	CHECK(ri->rep.len == css->len && memcmp(ri->rep.body, css->data, css->len) == 0);
	CHECK_STR(hdr(ri, "Cache-Control"), "public, max-age=31536000, immutable");
	CHECK(hdr(ri, "Content-Security-Policy") == NULL);
	struct arena a = ri->req.arena;
	arena_free(&a);

	ri = fake_get(asset_url("logo") + 8);
	CHECK_INT(h_asset(&ri->req), 0);
	CHECK_INT(ri->rep.status, 200);
	CHECK_STR(ri->rep.ctype, "image/svg+xml");
	/* served without a copy: the reply points at the asset's own bytes */
	CHECK(ri->rep.body == (const char *)asset_find(asset_url("logo") + 8)->data);
	a = ri->req.arena;
	arena_free(&a);

	ri = fake_get("site.0123456789.css");
	CHECK_INT(h_asset(&ri->req), 0);
	CHECK_INT(ri->rep.status, 404);
	CHECK_INT(ri->rep.problem, 1);
	CHECK(hdr(ri, "Cache-Control") == NULL);
	a = ri->req.arena;
	arena_free(&a);
}

T_MAIN(T(t_logical_names), T(t_unknown), T(t_css_urls), T(t_served_bytes), T(t_custom_logo),
    T(t_handler))
