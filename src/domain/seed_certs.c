/* The demo issuer's signing key (seed_certs.c): generated before the demo's history is
 * replayed, so that agreements completed in the demo get their Certificate of Apprenticeship
 * and exams passed get their Certificate of Qualification, signed, as they would in service.
 * The key is random (sealed with the field key like any key made by `passerelle keys
 * generate`); a database that already has a key keeps it. */
#include <stdio.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/seed.h"
#include "domain/signkeys.h"

struct key_ctx {
	struct arena a;
	int had;
};

static enum st_rc
key_tx(struct st_tx *tx, void *v)
{
	struct key_ctx *k = v;
	json_t *list = NULL;
	enum st_rc rc = signkeys_list(tx, &list);
	if (rc != ST_OK)
		return rc;
	k->had = json_array_size(list) > 0;
	json_decref(list);
	if (k->had)
		return ST_OK;
	const char *id = NULL;
	return signkeys_generate(tx, &k->a, time_now_us(), &id);
}

int
seed_signing_key(struct store *st, char *err, size_t errn)
{
	struct key_ctx k = { .had = 0 };
	arena_init(&k.a);
	enum st_rc rc = st_write(st, key_tx, &k);
	arena_free(&k.a);
	if (rc != ST_OK) {
		snprintf(err, errn, "could not create the issuer's signing key (%s)", st_rc_name(rc));
		return -1;
	}
	return 0;
}
