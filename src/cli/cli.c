#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "domain/accounts.h"
#include "domain/certs.h"
#include "domain/crypto.h"
#include "domain/issuer.h"
#include "domain/program.h"

const struct principal cli_principal = { .user_id = 0, .role = ROLE_ADMIN, .all_regions = 1 };

const struct verb cli_verbs[] = {
	{ "serve", cmd_serve, "serve the web API",
	  "passerelle serve [--port N] [--bind ADDR] [--threads N] [config flags]\n"
	  "  Serves HTTP until SIGINT/SIGTERM. The database must be migrated (passerelle migrate).\n"
	  "  --port 0 picks a free port; the URL is printed on standard output." },
	{ "migrate", cmd_migrate, "create or upgrade the database schema",
	  "passerelle migrate [--db PATH]\n"
	  "  Applies the numbered migrations not yet applied and loads the trades catalogue." },
	{ "seed", cmd_seed, "load the deterministic demo data set",
	  "passerelle seed [--seed N] [--persons N] [--today YYYY-MM-DD] [--password PW] [--quiet]\n"
	  "passerelle seed --accounts\n"
	  "  Fills an empty, migrated database with realistic demo data (default --seed 1,\n"
	  "  --persons 3000, today's date) and prints the demo accounts. The same seed and day give\n"
	  "  the same data. --accounts only prints the demo accounts." },
	{ "user", cmd_user, "manage accounts (add, list, set-role, reset-password)",
	  "passerelle user add --email E --name NAME --role ROLE [--org ID] [--region ID]\n"
	  "                    [--person ID] [--all-regions] [--lang en|fr]\n"
	  "passerelle user list [--role ROLE]\n"
	  "passerelle user set-role EMAIL --role ROLE [--org ID] [--region ID] [--all-regions]\n"
	  "passerelle user reset-password EMAIL\n"
	  "  Passwords are read from the PASSERELLE_PASSWORD environment variable or standard\n"
	  "  input (one line), never from the command line. Roles: client sponsor advisor\n"
	  "  assessor exam_admin manager partner administrator auditor." },
	{ "import", cmd_import, "import persons, organisations or agreements from CSV",
	  "passerelle import persons|organisations|agreements FILE [--dry-run]\n"
	  "  Checks every line first; writes nothing unless all lines are valid, and prints a\n"
	  "  line-numbered report. --dry-run only checks." },
	{ "export", cmd_export, "export a list as CSV",
	  "passerelle export persons|organisations|agreements|events [--out FILE]" },
	{ "backup", cmd_backup, "online backup of the database, then an integrity check",
	  "passerelle backup FILE\n"
	  "  Copies the live database with SQLite's online backup API and checks the copy." },
	{ "audit", cmd_audit, "verify the audit trail's hash chain",
	  "passerelle audit verify\n"
	  "  Recomputes the hash chain of the event log and names the first tampered entry." },
	{ "keys", cmd_keys, "the issuer's certificate signing keys",
	  "passerelle keys generate|list\n"
	  "  generate: a new Ed25519 key signs from now on; earlier keys stay in the DID document\n"
	  "  so the certificates they signed still verify. The key is sealed with field_key." },
	{ "verify", cmd_verify, "check a signed certificate, offline or from its issuer",
	  "passerelle verify FILE [--did FILE] [--status FILE]... [--lang en|fr]\n"
	  "                       [--now YYYY-MM-DDTHH:MM:SSZ] [--online | --base URL]\n"
	  "  FILE is a signed credential (JSON) or a text file holding a \"VC1:\" offline QR\n"
	  "  payload. --did is the issuer's DID document (not needed for did:key); each --status\n"
	  "  file is a status list credential, matched to the entries by its \"id\". With\n"
	  "  --online, what no file gives is fetched: the DID document from the did:web address,\n"
	  "  the status lists from their URLs; --base URL fetches the same paths from URL instead\n"
	  "  (a mirror, or a test server). Prints one line per check; exits 0 when all pass, 1\n"
	  "  when one fails, 2 on usage or file errors. Needs no database." },
	{ NULL, NULL, NULL, NULL },
};

int
cli_init(const struct cfg *c, int need_key)
{
	static const char *const levels[] = { "error", "warn", "info", "debug" };
	for (int i = 0; i < 4; i++)
		if (strcmp(c->log_level, levels[i]) == 0)
			log_set_level((enum log_level)i);
	/* Business days and due dates are Ontario civil days, whatever the machine's zone. */
	char tz[160];
	snprintf(tz, sizeof(tz), "/usr/share/zoneinfo/%s", c->timezone);
	if (access(tz, R_OK) != 0) {
		fprintf(stderr, "passerelle: unknown time zone %s (install tzdata)\n", c->timezone);
		return -1;
	}
	setenv("TZ", c->timezone, 1);
	tzset();
	if (crypto_init() != 0) {
		fprintf(stderr, "passerelle: cannot initialise libsodium\n");
		return -1;
	}
	accounts_set_fast_hashing(strcmp(c->password_hash, "fast") == 0);
	if (issuer_configure(c->public_url) != 0) {
		fprintf(stderr, "passerelle: public_url must be an http:// or https:// address with a "
		    "host and no trailing slash, query or fragment (got \"%s\")\n", c->public_url);
		return -1;
	}
	certs_configure(c->agency_name_en, c->agency_name_fr);
	if (need_key) {
		if (c->field_key == NULL || *c->field_key == '\0') {
			fprintf(stderr, "passerelle: no field_key configured. Set field_key (64 hex "
			    "characters) in the configuration file or PASSERELLE_FIELD_KEY;\n"
			    "  it seals Social Insurance Numbers. Generate one with: "
			    "head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'\n");
			return -1;
		}
		if (crypto_set_field_key(c->field_key) != 0) {
			fprintf(stderr, "passerelle: field_key must be exactly 64 hex characters\n");
			return -1;
		}
	}
	char err[600];
	if (programs_load(*c->programs_dir ? c->programs_dir : NULL, err, sizeof(err)) != 0) {
		fprintf(stderr, "passerelle: cannot start: %s\n", err);
		return -1;
	}
	return 0;
}

struct store *
cli_open(const struct cfg *c, int need_schema)
{
	struct store *st = NULL;
	if (st_open(c->db, &st) != ST_OK) {
		fprintf(stderr, "passerelle: cannot open the database %s\n", c->db);
		return NULL;
	}
	if (need_schema) {
		if (st_schema_version(st) < st_migrations_known()) {
			fprintf(stderr, "passerelle: the database %s is not up to date (schema %d, "
			    "this binary needs %d). Run: passerelle migrate\n", c->db,
			    st_schema_version(st), st_migrations_known());
			st_close(st);
			return NULL;
		}
		int failed = 0;
		if (st_check_queries(st, &failed) != ST_OK) {
			fprintf(stderr, "passerelle: %d database statement(s) do not match the schema "
			    "(see the log); refusing to start\n", failed);
			st_close(st);
			return NULL;
		}
	}
	return st;
}

const char *
cli_opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, n) != 0)
			continue;
		if (argv[i][2 + n] == '=')
			return argv[i] + 3 + n;
		if (argv[i][2 + n] == '\0' && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

int
cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

int
cli_help(int argc, char **argv)
{
	if (!cli_flag(argc, argv, "help") && !(argc > 1 && strcmp(argv[1], "-h") == 0))
		return 0;
	for (int i = 0; cli_verbs[i].name; i++)
		if (strcmp(cli_verbs[i].name, argv[0]) == 0)
			printf("%s\n\n%s\n\nConfiguration flags are accepted by every verb; see "
			    "passerelle --help.\n", cli_verbs[i].summary, cli_verbs[i].usage);
	return 1;
}
