/* passerelle: one binary, verbs for every job (see cli/cli.c for the list). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cfg.h"

#ifndef PASSERELLE_VERSION
#define PASSERELLE_VERSION "0.1.0"
#endif

static void
usage(void)
{
	printf("passerelle %s — registration, certification and service platform\n\n"
	    "Usage: passerelle [config flags] VERB [arguments]\n\nVerbs:\n", PASSERELLE_VERSION);
	for (int i = 0; cli_verbs[i].name; i++)
		printf("  %-8s %s\n", cli_verbs[i].name, cli_verbs[i].summary);
	printf("\n'passerelle VERB --help' explains a verb.\n\n");
	cfg_print_help();
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("passerelle %s\n", PASSERELLE_VERSION);
			return 0;
		}
	}
	struct cfg c;
	char err[512];
	if (cfg_load(&c, &argc, argv, err, sizeof(err)) != 0) {
		fprintf(stderr, "passerelle: %s\n", err);
		cfg_free(&c);
		return 2;
	}
	int rc = 2;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage();
		rc = argc < 2 ? 2 : 0;
	} else {
		const struct verb *v = NULL;
		for (int i = 0; cli_verbs[i].name; i++)
			if (strcmp(cli_verbs[i].name, argv[1]) == 0)
				v = &cli_verbs[i];
		if (v == NULL) {
			fprintf(stderr, "passerelle: unknown verb \"%s\"; see passerelle --help\n", argv[1]);
		} else if (cli_help(argc - 1, argv + 1)) {
			rc = 0;
		} else {
			rc = v->run(&c, argc - 1, argv + 1);
		}
	}
	cfg_free(&c);
	return rc;
}
