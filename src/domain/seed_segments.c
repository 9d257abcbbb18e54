/* The demo's client segments (seed_segments.c), created as the demo administrator would through
 * the segments page: francophone clients of the Northern Region, young people, and
 * apprenticeship clients who said they are newcomers. Runs after the persons, cases and
 * contacts exist, so each report has something to count (and to suppress). */
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/accounts.h"
#include "domain/orgs.h"
#include "domain/seed.h"
#include "domain/segments.h"

struct seg_ctx {
	int64_t admin_id, northern_id;
};

static enum st_rc
regions_tx(struct st_tx *tx, void *v)
{
	struct seg_ctx *c = v;
	json_t *items = NULL;
	enum st_rc rc = account_id_by_email(tx, "admin@demo.passerelle.ca", &c->admin_id);
	if (rc == ST_OK)
		rc = region_list(tx, &items);
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r) {
		const char *code = json_string_value(json_object_get(r, "code"));
		if (code != NULL && strcmp(code, "NORTHERN") == 0)
			c->northern_id = json_integer_value(json_object_get(r, "id"));
	}
	json_decref(items);
	return rc;
}

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct seg_ctx *c = v;
	struct principal admin = { .user_id = c->admin_id, .role = ROLE_ADMIN };
	struct {
		const char *en, *fr;
		json_t *rules;
	} segs[] = {
		{ "Francophone clients in the Northern Region",
		  "Clientèle francophone de la Région du Nord",
		  json_pack("{s:I, s:s}", "region_id", (json_int_t)c->northern_id, "lang", "fr") },
		{ "Young people (15 to 24)", "Jeunes (15 à 24 ans)",
		  json_pack("{s:s}", "age_band", "15-24") },
		{ "Newcomers in apprenticeship", "Personnes nouvellement arrivées en apprentissage",
		  json_pack("{s:[s], s:s}", "groups", "newcomer", "program", "apprenticeship") },
	};
	enum st_rc rc = ST_OK;
	for (size_t i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		json_t *out = NULL;
		struct dom_err err = { 0 };
		if (rc == ST_OK)
			rc = segment_create(tx, &admin, segs[i].en, segs[i].fr, segs[i].rules,
			    time_now_us(), &out, &err);
		json_decref(out);
		json_decref(err.extra);
		json_decref(segs[i].rules);
	}
	return rc;
}

int
seed_segments(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	(void)o;
	struct seg_ctx c = { 0 };
	if (st_read(st, regions_tx, &c) != ST_OK || c.admin_id == 0 || c.northern_id == 0) {
		snprintf(err, errn, "segments: the demo administrator or the Northern Region is missing");
		return -1;
	}
	if (st_write(st, create_tx, &c) != ST_OK) {
		snprintf(err, errn, "segments: creating the demo segments failed");
		return -1;
	}
	return 0;
}
