/* backup: SQLite online backup to a new file, then an integrity check of the copy. */
#include <stdio.h>

#include "cli/cli.h"

int
cmd_backup(const struct cfg *c, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: passerelle backup FILE\n");
		return 2;
	}
	if (cli_init(c, 0) != 0)
		return 1;
	struct store *st = cli_open(c, 0);
	if (st == NULL)
		return 1;
	enum st_rc rc = st_backup(st, argv[1]);
	st_close(st);
	if (rc == ST_CONFLICT) {
		fprintf(stderr, "passerelle: %s already exists; choose a new file name\n", argv[1]);
		return 1;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "passerelle: backup to %s failed or the copy is not intact\n", argv[1]);
		return 1;
	}
	printf("passerelle: backup written to %s and checked (integrity ok)\n", argv[1]);
	return 0;
}
