/* cfg: configuration. Sources, lowest to highest precedence:
 *   1. the configuration file (--config FILE, or PASSERELLE_CONFIG, or ./passerelle.conf when
 *      it exists): lines "key = value", '#' comments;
 *   2. environment variables PASSERELLE_<KEY> (upper case, e.g. PASSERELLE_PORT);
 *   3. command-line flags --<key> VALUE or --<key>=VALUE (dashes or underscores).
 * Every key is listed in cfg_keys[] with its default and help text (README lists them too).
 * The struct is filled once at start and read-only afterwards. */
#ifndef PASSERELLE_CFG_H
#define PASSERELLE_CFG_H
#include <stddef.h>

struct cfg {
	char *db;              /* "sqlite:PATH" or PATH */
	char *bind;
	unsigned port;
	unsigned threads;
	unsigned conn_limit;
	unsigned per_ip_limit;
	unsigned timeout_s;
	unsigned header_max;
	char *field_key;       /* 64 hex chars (secret) */
	unsigned session_ttl_s;
	unsigned token_ttl_days;
	char *programs_dir;    /* "" = the programs built into the binary */
	char *log_level;       /* error, warn, info, debug */
	unsigned secure_cookies;
	char *password_hash;   /* "interactive" or "fast" (tests and demo only) */
	char *timezone;        /* civil time of business days and due dates */
	char *agency_name_en;  /* shown in the web pages' header */
	char *agency_name_fr;
	char *agency_logo;
	char *public_url;      /* base of certificate links; the issuer is did:web of it */     /* SVG or PNG file; "" = the logo built in (web/logo.svg) */
	char *config_file;     /* the file actually read, "" if none */
};

struct cfg_key {
	const char *name;
	const char *def;
	const char *help;
};
extern const struct cfg_key cfg_keys[];

/* Loads defaults, then file, environment and flags. Flags that are configuration keys are
 * removed from argv (argc updated); other arguments stay in order for the verb.
 * 0 ok; -1 with a message in err. */
int cfg_load(struct cfg *c, int *argc, char **argv, char *err, size_t errn);
void cfg_free(struct cfg *c);
/* Prints the keys, defaults and help (for --help). */
void cfg_print_help(void);

#endif
