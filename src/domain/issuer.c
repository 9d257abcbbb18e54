/* issuer: the public base URL and the did:web identifier derived from it
 * (did:web method specification: host, port percent-encoded, path segments joined by ":"). */
#include "domain/issuer.h"

#include <stdio.h>
#include <string.h>

static char base[256] = "http://localhost:8080";
static char did[300] = "did:web:localhost%3A8080";
static char context[300] = "http://localhost:8080/contexts/trade-credential/v1";

static int
url_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~';
}

int
issuer_configure(const char *url)
{
	const char *p;
	if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return -1;
	size_t n = strlen(url);
	if (n >= sizeof(base) - 64 || n == 0 || url[n - 1] == '/')
		return -1;
	char d[sizeof(did)];
	size_t o = (size_t)snprintf(d, sizeof(d), "did:web:");
	int in_host = 1, seen_host = 0;
	for (; *p; p++) {
		if (*p == '/') {
			if (p[1] == '/' || p[1] == '\0' || !seen_host)
				return -1;
			in_host = 0;
			d[o++] = ':';
		} else if (*p == ':' && in_host) {
			/* port: digits only, percent-encoded in the DID */
			if (!seen_host || p[1] < '0' || p[1] > '9')
				return -1;
			o += (size_t)snprintf(d + o, sizeof(d) - o, "%%3A");
		} else if (url_char_ok(*p)) {
			if (in_host)
				seen_host = 1;
			d[o++] = *p;
		} else {
			return -1;
		}
		if (o > sizeof(d) - 8)
			return -1;
	}
	if (!seen_host)
		return -1;
	d[o] = '\0';
	snprintf(base, sizeof(base), "%s", url);
	snprintf(did, sizeof(did), "%s", d);
	snprintf(context, sizeof(context), "%s/contexts/trade-credential/v1", url);
	return 0;
}

const char *
issuer_base(void)
{
	return base;
}

const char *
issuer_did(void)
{
	return did;
}

const char *
issuer_context(void)
{
	return context;
}
