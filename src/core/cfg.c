#include "core/cfg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/parse.h"
#include "core/xalloc.h"

const struct cfg_key cfg_keys[] = {
	{ "db", "passerelle.db", "database: a SQLite file path, or sqlite:PATH" },
	{ "bind", "127.0.0.1", "address to listen on" },
	{ "port", "8080", "TCP port (0 picks a free port and prints it)" },
	{ "threads", "4", "HTTP worker threads" },
	{ "conn_limit", "1024", "maximum simultaneous connections" },
	{ "per_ip_limit", "256", "maximum connections from one address (0 = no limit)" },
	{ "timeout_s", "30", "idle connection timeout, seconds" },
	{ "header_max", "16384", "memory per connection for request headers, bytes" },
	{ "field_key", "", "64 hex characters: key sealing Social Insurance Numbers (secret)" },
	{ "session_ttl_s", "28800", "sign-in session lifetime, seconds" },
	{ "token_ttl_days", "90", "API token lifetime, days" },
	{ "programs_dir", "", "directory of program files (empty: those built in)" },
	{ "log_level", "info", "error, warn, info or debug" },
	{ "secure_cookies", "0", "1 when served behind TLS: cookies get Secure" },
	{ "password_hash", "interactive", "Argon2id cost: interactive, or fast for tests only" },
	{ "timezone", "America/Toronto", "time zone of business days and due dates (tz database name)" },
	{ "agency_name_en", "passerelle", "agency name in the web pages' header, English" },
	{ "agency_name_fr", "passerelle", "agency name in the web pages' header, French" },
	{ "agency_logo", "", "agency logo in the web pages' header: an .svg or .png file (none: the one built in)" },
	{ "public_url", "http://localhost:8080", "public base URL of this service (no trailing slash): the certificates' issuer is did:web of it, and their links and QR codes point under it" },
	{ NULL, NULL, NULL },
};

/* Where each key lives in struct cfg, and how to parse it. */
static int
cfg_set(struct cfg *c, const char *key, const char *val, char *err, size_t errn)
{
	struct {
		const char *name;
		char **s;
		unsigned *u;
		long long lo, hi;
	} map[] = {
		{ "db", &c->db, NULL, 0, 0 },
		{ "bind", &c->bind, NULL, 0, 0 },
		{ "port", NULL, &c->port, 0, 65535 },
		{ "threads", NULL, &c->threads, 1, 256 },
		{ "conn_limit", NULL, &c->conn_limit, 4, 65536 },
		{ "per_ip_limit", NULL, &c->per_ip_limit, 0, 65536 },
		{ "timeout_s", NULL, &c->timeout_s, 1, 3600 },
		{ "header_max", NULL, &c->header_max, 4096, 1048576 },
		{ "field_key", &c->field_key, NULL, 0, 0 },
		{ "session_ttl_s", NULL, &c->session_ttl_s, 60, 31536000 },
		{ "token_ttl_days", NULL, &c->token_ttl_days, 1, 3650 },
		{ "programs_dir", &c->programs_dir, NULL, 0, 0 },
		{ "log_level", &c->log_level, NULL, 0, 0 },
		{ "secure_cookies", NULL, &c->secure_cookies, 0, 1 },
		{ "password_hash", &c->password_hash, NULL, 0, 0 },
		{ "timezone", &c->timezone, NULL, 0, 0 },
		{ "agency_name_en", &c->agency_name_en, NULL, 0, 0 },
		{ "agency_name_fr", &c->agency_name_fr, NULL, 0, 0 },
		{ "agency_logo", &c->agency_logo, NULL, 0, 0 },
		{ "public_url", &c->public_url, NULL, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].name, key) != 0)
			continue;
		if (map[i].s) {
			free(*map[i].s);
			*map[i].s = xstrdup(val);
			return 0;
		}
		int64_t v;
		if (parse_i64(val, map[i].lo, map[i].hi, &v) != 0) {
			snprintf(err, errn, "%s must be a whole number from %lld to %lld", key,
			    map[i].lo, map[i].hi);
			return -1;
		}
		*map[i].u = (unsigned)v;
		return 0;
	}
	snprintf(err, errn, "unknown configuration key \"%s\"", key);
	return -1;
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
cfg_read_file(struct cfg *c, const char *path, char *err, size_t errn)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errn, "cannot read the configuration file %s", path);
		return -1;
	}
	char line[1024];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(err, errn, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char msg[256];
		if (cfg_set(c, trim(s), trim(eq + 1), msg, sizeof(msg)) != 0) {
			snprintf(err, errn, "%s:%d: %s", path, lineno, msg);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

/* "--conn-limit" or "--conn_limit" -> "conn_limit" (NULL when not a config key). */
static const char *
flag_key(const char *arg, char *out, size_t outn, const char **inline_val)
{
	*inline_val = NULL;
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	size_t j = 0;
	const char *p = arg + 2;
	for (; *p && *p != '=' && j + 1 < outn; p++)
		out[j++] = *p == '-' ? '_' : *p;
	out[j] = '\0';
	if (*p == '=')
		*inline_val = p + 1;
	if (strcmp(out, "config") == 0)
		return out;
	for (int i = 0; cfg_keys[i].name; i++)
		if (strcmp(cfg_keys[i].name, out) == 0)
			return out;
	return NULL;
}

int
cfg_load(struct cfg *c, int *argc, char **argv, char *err, size_t errn)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; cfg_keys[i].name; i++)
		if (cfg_set(c, cfg_keys[i].name, cfg_keys[i].def, err, errn) != 0)
			return -1;
	/* The file named by --config wins over PASSERELLE_CONFIG and ./passerelle.conf. */
	const char *file = getenv("PASSERELLE_CONFIG");
	for (int i = 1; i < *argc; i++) {
		char key[64];
		const char *iv;
		if (flag_key(argv[i], key, sizeof(key), &iv) && strcmp(key, "config") == 0)
			file = iv ? iv : (i + 1 < *argc ? argv[i + 1] : "");
	}
	if (file == NULL && access("passerelle.conf", R_OK) == 0)
		file = "passerelle.conf";
	c->config_file = xstrdup(file ? file : "");
	if (file && *file && cfg_read_file(c, file, err, errn) != 0)
		return -1;
	for (int i = 0; cfg_keys[i].name; i++) {
		char env[80];
		size_t j = 0;
		for (const char *p = "PASSERELLE_"; *p; p++)
			env[j++] = *p;
		for (const char *p = cfg_keys[i].name; *p && j + 1 < sizeof(env); p++)
			env[j++] = (char)toupper((unsigned char)*p);
		env[j] = '\0';
		const char *v = getenv(env);
		if (v != NULL && cfg_set(c, cfg_keys[i].name, v, err, errn) != 0)
			return -1;
	}
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		char key[64];
		const char *iv;
		if (flag_key(argv[i], key, sizeof(key), &iv) == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		const char *val = iv;
		if (val == NULL) {
			if (i + 1 >= *argc) {
				snprintf(err, errn, "--%s needs a value", key);
				return -1;
			}
			val = argv[++i];
		}
		if (strcmp(key, "config") != 0 && cfg_set(c, key, val, err, errn) != 0)
			return -1;
	}
	argv[out] = NULL;
	*argc = out;
	if (strcmp(c->password_hash, "interactive") != 0 && strcmp(c->password_hash, "fast") != 0) {
		snprintf(err, errn, "password_hash must be interactive or fast");
		return -1;
	}
	return 0;
}

void
cfg_free(struct cfg *c)
{
	free(c->db);
	free(c->bind);
	free(c->field_key);
	free(c->programs_dir);
	free(c->log_level);
	free(c->password_hash);
	free(c->timezone);
	free(c->agency_name_en);
	free(c->agency_name_fr);
	free(c->public_url);
	free(c->agency_logo);
	free(c->config_file);
	memset(c, 0, sizeof(*c));
}

void
cfg_print_help(void)
{
	printf("Configuration (file < PASSERELLE_<KEY> environment < --key flags):\n");
	printf("  --config FILE   configuration file (default ./passerelle.conf if present)\n");
	for (int i = 0; cfg_keys[i].name; i++)
		printf("  --%-16s %s (default: %s)\n", cfg_keys[i].name, cfg_keys[i].help,
		    *cfg_keys[i].def ? cfg_keys[i].def : "none");
}
