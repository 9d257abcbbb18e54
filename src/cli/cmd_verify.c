/* verify: checks a signed credential — a JSON file, or a text file holding the "VC1:" payload
 * of the offline QR code — against the issuer's DID document and the status lists, given as
 * files (offline), or fetched from the issuer with --online / --base URL (libcurl). Needs no
 * database and no field key. Exit 0 valid, 1 a check failed, 2 usage or file error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "domain/crypto.h"
#include "i18n/msg.h"
#include "vc/jcs.h"
#include "vc/offline.h"
#include "vc/proof.h"
#include "vc/verify.h"

#define VERIFY_MAX_FILE (16u << 20)

static const char verify_usage[] =
    "usage: passerelle verify FILE [--did FILE] [--status FILE]... [--lang en|fr]\n"
    "                         [--now YYYY-MM-DDTHH:MM:SSZ] [--online | --base URL]\n";

/* The whole file, NUL-terminated, or NULL (message printed). */
static char *
read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "passerelle verify: cannot open %s\n", path);
		return NULL;
	}
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.n <= VERIFY_MAX_FILE)
		buf_put(&b, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err || b.n > VERIFY_MAX_FILE) {
		fprintf(stderr, "passerelle verify: cannot read %s%s\n", path,
		    err ? "" : " (larger than 16 MiB)");
		buf_free(&b);
		return NULL;
	}
	buf_put(&b, "", 0);
	*len = b.n;
	return buf_take(&b);
}

/* A JSON document from path (jcs_parse: duplicate keys refused), or NULL (message printed). */
static json_t *
read_json(const char *path, const char *what)
{
	size_t n;
	char *text = read_text(path, &n);
	if (text == NULL)
		return NULL;
	json_t *v = jcs_parse(text, n);
	free(text);
	if (!json_is_object(v)) {
		fprintf(stderr, "passerelle verify: %s %s is not a JSON object (or has duplicate "
		    "keys)\n", what, path);
		json_decref(v);
		return NULL;
	}
	return v;
}

/* The credential: JSON, or a "VC1:" payload with surrounding white space. */
static json_t *
read_credential(const char *path)
{
	size_t n;
	char *text = read_text(path, &n);
	if (text == NULL)
		return NULL;
	char *p = text;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	json_t *v;
	if (strncmp(p, "VC1:", 4) == 0) {
		size_t m = strlen(p);
		while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r' ||
		    p[m - 1] == '\n'))
			p[--m] = '\0';
		v = offline_decode(p);
		if (v == NULL)
			fprintf(stderr, "passerelle verify: %s holds a VC1: payload that cannot be "
			    "decoded (base45, zlib or JSON)\n", path);
	} else {
		v = jcs_parse(text, n);
		if (!json_is_object(v)) {
			fprintf(stderr, "passerelle verify: %s is neither a JSON credential nor a VC1: "
			    "payload\n", path);
			json_decref(v);
			v = NULL;
		}
	}
	free(text);
	return v;
}

struct status_files {
	json_t **lists;
	size_t n;
};

/* The status list whose "id" is url, from the --status files. */
static json_t *
fetch_file(const char *url, void *ctx)
{
	const struct status_files *sf = ctx;
	for (size_t i = 0; i < sf->n; i++) {
		const char *id = json_string_value(json_object_get(sf->lists[i], "id"));
		if (id != NULL && strcmp(id, url) == 0)
			return json_incref(sf->lists[i]);
	}
	return NULL;
}

/* ---- online: the DID document and the status lists fetched from the issuer ---- */

#define FETCH_MAX (4 * 1024 * 1024)

static size_t
fetch_write(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	if (b->n + size * n > FETCH_MAX)
		return 0; /* too large: curl reports a write error */
	buf_put(b, p, size * n);
	return size * n;
}

/* GETs url and parses the JSON reply; NULL (with a message) on any failure. */
static json_t *
fetch_json(const char *url, const char *what)
{
	CURL *curl = curl_easy_init();
	if (curl == NULL)
		return NULL;
	struct buf b = { 0 };
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "passerelle-verify");
	CURLcode cc = curl_easy_perform(curl);
	long status = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	json_t *v = NULL;
	if (cc != CURLE_OK)
		fprintf(stderr, "passerelle verify: cannot fetch %s from %s: %s\n", what, url,
		    curl_easy_strerror(cc));
	else if (status != 200)
		fprintf(stderr, "passerelle verify: %s at %s answered HTTP %ld\n", what, url, status);
	else if ((v = json_loadb(b.p ? b.p : "", b.n, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		fprintf(stderr, "passerelle verify: %s at %s is not JSON\n", what, url);
	buf_free(&b);
	return v;
}

/* The URL to fetch for a document the credential names: under --base when given (same path),
 * else the URL itself. */
static char *
online_url(const char *base, const char *url)
{
	struct buf b = { 0 };
	if (base == NULL) {
		buf_puts(&b, url);
		return buf_take(&b);
	}
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	buf_puts(&b, base);
	buf_puts(&b, p ? p : "/");
	return buf_take(&b);
}

/* did:web:host%3Aport:path -> https://host:port/path/did.json (or /.well-known/did.json). */
static char *
did_web_url(const char *did)
{
	if (did == NULL || strncmp(did, "did:web:", 8) != 0 || did[8] == '\0')
		return NULL;
	struct buf b = { 0 };
	buf_puts(&b, "https://");
	int path = 0;
	for (const char *p = did + 8; *p; p++) {
		if (strncmp(p, "%3A", 3) == 0 || strncmp(p, "%3a", 3) == 0) {
			buf_putc(&b, ':');
			p += 2;
		} else if (*p == ':') {
			buf_putc(&b, '/');
			path = 1;
		} else {
			buf_putc(&b, *p);
		}
	}
	buf_puts(&b, path ? "/did.json" : "/.well-known/did.json");
	return buf_take(&b);
}

struct status_online {
	const char *base;
	struct status_files *files;
};

/* The status list for url: from the --status files first, else fetched. */
static json_t *
fetch_online(const char *url, void *ctx)
{
	struct status_online *so = ctx;
	json_t *v = fetch_file(url, so->files);
	if (v != NULL)
		return v;
	char *u = online_url(so->base, url);
	v = fetch_json(u, "the status list");
	free(u);
	return v;
}

/* The value of option argv[*i] ("--name VALUE" or "--name=VALUE"), advancing *i; NULL when
 * argv[*i] is not that option. Sets *missing when the value is absent. */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
		return NULL;
	if (a[2 + n] == '=')
		return a + 3 + n;
	if (a[2 + n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

int
cmd_verify(const struct cfg *c, int argc, char **argv)
{
	const char *file = NULL, *did_path = NULL, *lang_s = "en", *now_s = NULL, *base = NULL;
	int online = 0;
	struct status_files sf = { 0 };
	const char **status_paths = xcalloc((size_t)argc, sizeof(*status_paths));
	size_t nstatus = 0;
	int rc = 2;
	json_t *cred = NULL, *did = NULL;

	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;
		if ((v = opt_value(argc, argv, &i, "did", &missing)) != NULL)
			did_path = v;
		else if (!missing && (v = opt_value(argc, argv, &i, "status", &missing)) != NULL)
			status_paths[nstatus++] = v;
		else if (!missing && (v = opt_value(argc, argv, &i, "lang", &missing)) != NULL)
			lang_s = v;
		else if (!missing && (v = opt_value(argc, argv, &i, "now", &missing)) != NULL)
			now_s = v;
		else if (!missing && (v = opt_value(argc, argv, &i, "base", &missing)) != NULL)
			base = v, online = 1;
		else if (!missing && strcmp(argv[i], "--online") == 0)
			online = 1;
		else if (!missing && argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else {
			fprintf(stderr, "passerelle verify: %s %s\n%s", missing ? "missing value for" :
			    "unexpected argument", argv[i], verify_usage);
			goto out;
		}
	}
	if (file == NULL) {
		fprintf(stderr, "passerelle verify: no credential file given\n%s", verify_usage);
		goto out;
	}
	if (strcmp(lang_s, "en") != 0 && strcmp(lang_s, "fr") != 0) {
		fprintf(stderr, "passerelle verify: --lang must be en or fr\n");
		goto out;
	}
	enum lang lang = strcmp(lang_s, "fr") == 0 ? LANG_FR : LANG_EN;
	int64_t now = (int64_t)time(NULL);
	if (now_s != NULL && proof_parse_datetime(now_s, &now) != 0) {
		fprintf(stderr, "passerelle verify: --now must be a date and time such as "
		    "2026-11-22T10:00:00Z\n");
		goto out;
	}
	/* Only libsodium: no database, no field key, no programs. */
	if (crypto_init() != 0) {
		fprintf(stderr, "passerelle verify: cannot initialise libsodium\n");
		goto out;
	}
	if ((cred = read_credential(file)) == NULL)
		goto out;
	if (base != NULL && strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
		fprintf(stderr, "passerelle verify: --base must be an http:// or https:// address\n");
		goto out;
	}
	if (online && curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "passerelle verify: cannot initialise libcurl\n");
		goto out;
	}
	if (did_path != NULL) {
		if ((did = read_json(did_path, "the DID document")) == NULL)
			goto out;
	} else if (online) {
		/* did:web names where its document lives (under --base when given). */
		char *u = did_web_url(verify_issuer_id(cred));
		char *w = u ? online_url(base, u) : NULL;
		if (w == NULL)
			fprintf(stderr, "passerelle verify: the issuer is not a did:web identifier\n");
		else
			did = fetch_json(w, "the DID document");
		free(u);
		free(w);
	} else {
		/* A did:key issuer carries its key in its name; did:web needs --did. */
		did = verify_did_key_document(verify_issuer_id(cred));
		if (did == NULL)
			fprintf(stderr, "passerelle verify: no --did FILE given: the issuer's DID "
			    "document is needed to check the issuer and the key\n");
	}
	sf.lists = xcalloc(nstatus ? nstatus : 1, sizeof(*sf.lists));
	for (size_t i = 0; i < nstatus; i++) {
		if ((sf.lists[i] = read_json(status_paths[i], "the status list")) == NULL)
			goto out;
		sf.n++;
	}

	struct verify_report rep;
	struct status_online so = { base, &sf };
	if (online)
		verify_credential(cred, did, fetch_online, &so, (time_t)now, &rep);
	else
		verify_credential(cred, did, fetch_file, &sf, (time_t)now, &rep);
	size_t failed = 0;
	for (size_t i = 0; i < rep.n; i++) {
		printf("%s %s\n", rep.checks[i].ok ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
		    rep.checks[i].text[lang]);
		failed += !rep.checks[i].ok;
	}
	struct arena a;
	arena_init(&a);
	char nf[24], nt[24];
	snprintf(nf, sizeof(nf), "%zu", failed);
	snprintf(nt, sizeof(nt), "%zu", rep.n);
	printf("%s\n", rep.ok ? msg_get(lang, MSG_VERIFY_RESULT_VALID) :
	    MSGF(&a, lang, MSG_VERIFY_RESULT_INVALID, nf, nt));
	arena_free(&a);
	rc = rep.ok ? 0 : 1;
	verify_report_free(&rep);
out:
	if (online)
		curl_global_cleanup();
	for (size_t i = 0; i < sf.n; i++)
		json_decref(sf.lists[i]);
	free(sf.lists);
	free(status_paths);
	json_decref(cred);
	json_decref(did);
	return rc;
}
