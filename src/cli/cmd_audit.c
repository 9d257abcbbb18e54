/* audit verify: recomputes the event log's hash chain. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/audit.h"

static enum st_rc
verify_tx(struct st_tx *tx, void *ctx)
{
	return audit_verify(tx, ctx);
}

int
cmd_audit(const struct cfg *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "usage: passerelle audit verify\n");
		return 2;
	}
	if (cli_init(c, 0) != 0)
		return 1;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		return 1;
	struct audit_report rep;
	enum st_rc rc = st_read(st, verify_tx, &rep);
	st_close(st);
	if (rc != ST_OK) {
		fprintf(stderr, "passerelle: could not read the event log\n");
		return 1;
	}
	if (rep.first_bad_id) {
		printf("TAMPERED: %s (%" PRId64 " events checked before it)\n", rep.reason,
		    rep.checked - 1);
		return 3;
	}
	printf("intact: %" PRId64 " events, hash chain verified\n", rep.checked);
	return 0;
}
