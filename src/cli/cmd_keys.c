/* keys generate | list: the issuer's signing keys. generate makes a new Ed25519 key the one
 * that signs from now on (the previous one stays in the DID document, so what it signed still
 * verifies); its seed is sealed with the field key and never printed. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/issuer.h"
#include "domain/signkeys.h"

struct gen_ctx {
	struct arena a;
	const char *key_id;
};

static enum st_rc
generate_tx(struct st_tx *tx, void *v)
{
	struct gen_ctx *g = v;
	return signkeys_generate(tx, &g->a, time_now_us(), &g->key_id);
}

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	return signkeys_list(tx, v);
}

int
cmd_keys(const struct cfg *c, int argc, char **argv)
{
	int gen = argc == 2 && strcmp(argv[1], "generate") == 0;
	int list = argc == 2 && strcmp(argv[1], "list") == 0;
	if (!gen && !list) {
		fprintf(stderr, "usage: passerelle keys generate|list\n");
		return 2;
	}
	if (cli_init(c, gen) != 0)
		return 1;
	struct store *st = cli_open(c, 1);
	if (st == NULL)
		return 1;
	int status = 0;
	if (gen) {
		struct gen_ctx g = { .key_id = NULL };
		arena_init(&g.a);
		enum st_rc rc = st_write(st, generate_tx, &g);
		if (rc == ST_OK)
			printf("new signing key %s#%s is now active; earlier keys stay listed in %s/.well-known/did.json\n",
			    issuer_did(), g.key_id, issuer_base());
		else
			fprintf(stderr, "passerelle: could not create the key (%s)\n", st_rc_name(rc));
		status = rc == ST_OK ? 0 : 1;
		arena_free(&g.a);
	} else {
		json_t *keys = NULL;
		enum st_rc rc = st_read(st, list_tx, &keys);
		if (rc != ST_OK) {
			fprintf(stderr, "passerelle: could not read the keys (%s)\n", st_rc_name(rc));
			status = 1;
		} else {
			size_t i;
			json_t *k;
			if (json_array_size(keys) == 0)
				printf("no signing key: run \"passerelle keys generate\"\n");
			json_array_foreach(keys, i, k) {
				const char *retired = json_string_value(json_object_get(k, "retired"));
				printf("%s  %s  created %s%s%s\n",
				    json_string_value(json_object_get(k, "verification_method")),
				    json_is_true(json_object_get(k, "active")) ? "active " : "retired",
				    json_string_value(json_object_get(k, "created")),
				    retired ? ", retired " : "", retired ? retired : "");
			}
			json_decref(keys);
		}
	}
	st_close(st);
	return status;
}
