/* migrate: applies pending migrations and loads the trades catalogue. */
#include <stdio.h>

#include "cli/cli.h"
#include "domain/orgs.h"

static enum st_rc
trades_tx(struct st_tx *tx, void *ctx)
{
	return trades_sync(tx, ctx);
}

int
cmd_migrate(const struct cfg *c, int argc, char **argv)
{
	if (cli_init(c, 0) != 0)
		return 1;
	struct store *st = cli_open(c, 0);
	if (st == NULL)
		return 1;
	int applied = 0, trades = 0;
	int rc = 0;
	if (st_migrate(st, &applied) != ST_OK) {
		fprintf(stderr, "passerelle: migration failed; the database is unchanged by the "
		    "failed step\n");
		rc = 1;
	} else if (st_write(st, trades_tx, &trades) != ST_OK) {
		fprintf(stderr, "passerelle: loading the trades catalogue failed\n");
		rc = 1;
	} else {
		printf("passerelle: %s: %d migration(s) applied, schema version %d, %d trades\n",
		    c->db, applied, st_schema_version(st), trades);
	}
	st_close(st);
	return rc;
}
