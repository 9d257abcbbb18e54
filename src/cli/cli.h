/* cli: the verbs of the passerelle binary. Each verb is one file (cmd_*.c) with a function
 * taking the configuration and its own arguments (argv[0] is the verb), returning the exit
 * status. cli.c holds what verbs share: opening the store, start-up checks, argument
 * helpers, and the system principal used for changes made from the command line. */
#ifndef PASSERELLE_CLI_H
#define PASSERELLE_CLI_H
#include <stdint.h>

#include "core/cfg.h"
#include "domain/roles.h"
#include "store/store.h"

struct verb {
	const char *name;
	int (*run)(const struct cfg *c, int argc, char **argv);
	const char *summary;
	const char *usage;    /* printed by VERB --help */
};
extern const struct verb cli_verbs[];

int cmd_serve(const struct cfg *c, int argc, char **argv);
int cmd_migrate(const struct cfg *c, int argc, char **argv);
int cmd_seed(const struct cfg *c, int argc, char **argv);
int cmd_user(const struct cfg *c, int argc, char **argv);
int cmd_import(const struct cfg *c, int argc, char **argv);
int cmd_export(const struct cfg *c, int argc, char **argv);
int cmd_backup(const struct cfg *c, int argc, char **argv);
int cmd_audit(const struct cfg *c, int argc, char **argv);
int cmd_verify(const struct cfg *c, int argc, char **argv);  /* verifiable credentials (issue 5) */
int cmd_keys(const struct cfg *c, int argc, char **argv);

/* Changes made from the command line are attributed to this administrator principal
 * (user id 0: recorded as "command line" in the audit trail). */
extern const struct principal cli_principal;

/* Initialises logging, crypto (and the field key when need_key), and the programs. Prints a
 * clear message and returns -1 on failure. */
int cli_init(const struct cfg *c, int need_key);
/* Opens the store; with need_schema, refuses a database whose migrations are not all
 * applied. Prints a message and returns NULL on failure. */
struct store *cli_open(const struct cfg *c, int need_schema);
/* Finds "--name VALUE" / "--name=VALUE" in argv (returns NULL when absent). */
const char *cli_opt(int argc, char **argv, const char *name);
int cli_flag(int argc, char **argv, const char *name);
/* Prints usage of the verb when argv holds --help or -h; returns 1 when it did. */
int cli_help(int argc, char **argv);

#endif
