/* seed: the deterministic demo data set (see domain/seed.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/seed.h"

#define DEMO_PASSWORD "passerelle-demo-2026"

static void
print_accounts(const char *password)
{
	printf("Demo accounts (password: %s):\n", password);
	for (int i = 0; seed_accounts[i].email; i++)
		printf("  %-38s %-14s %s\n", seed_accounts[i].email, seed_accounts[i].role,
		    seed_accounts[i].what);
}

int
cmd_seed(const struct cfg *c, int argc, char **argv)
{
	struct seed_opts o = { .seed = 1, .persons = 3000, .today = date_today_utc(),
		.password = DEMO_PASSWORD };
	int64_t v;
	const char *s;
	if ((s = cli_opt(argc, argv, "seed")) != NULL) {
		if (parse_i64(s, 0, INT64_MAX, &v) != 0) {
			fprintf(stderr, "passerelle: --seed must be a whole number\n");
			return 2;
		}
		o.seed = (uint64_t)v;
	}
	if ((s = cli_opt(argc, argv, "persons")) != NULL) {
		if (parse_i64(s, 10, 200000, &v) != 0) {
			fprintf(stderr, "passerelle: --persons must be from 10 to 200000\n");
			return 2;
		}
		o.persons = (int)v;
	}
	if ((s = cli_opt(argc, argv, "today")) != NULL && date_parse(s, &o.today) != 0) {
		fprintf(stderr, "passerelle: --today must be a date YYYY-MM-DD\n");
		return 2;
	}
	if ((s = cli_opt(argc, argv, "password")) != NULL)
		o.password = s;
	o.quiet = cli_flag(argc, argv, "quiet");
	if (cli_flag(argc, argv, "accounts")) {
		print_accounts(o.password);
		return 0;
	}
	if (cli_init(c, 1) != 0)
		return 1;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		return 1;
	char err[512] = "";
	int rc = seed_run(st, &o, err, sizeof(err));
	st_close(st);
	if (rc != 0) {
		fprintf(stderr, "passerelle: seed failed: %s\n", err);
		return 1;
	}
	printf("passerelle: demo data loaded (seed %" PRIu64 ", %d persons)\n", o.seed, o.persons);
	print_accounts(o.password);
	return 0;
}
