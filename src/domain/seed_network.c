/* seed_network: the demo rollout of employment services over the catchment areas that
 * seed_run created — a service system manager for each catchment (the three prototype managers
 * are the ones the province announced on 2020-02-14; the others are neutral names marked
 * "(demo)"), its phase, its four milestones with planned dates and, for those already past,
 * actual dates (some late), and 2 to 4 service providers (all marked "(demo)").
 *
 * The dates are illustrative of the rollout's shape, not the official schedule. The phase
 * "later" is planned relative to the anchor day so that the demo always has a future. */
#include "domain/seed.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/network.h"
#include "domain/orgs.h"
#include "domain/rng.h"

#define SSM_KIND 3          /* org_kinds[3] = "service_system_manager" */
#define PROVIDER_KIND 2     /* org_kinds[2] = "service_provider" */

struct catchment_plan {
	const char *code, *phase;
	int wave;                      /* index in waves[], -1: relative to the anchor day */
	const char *ssm_en, *ssm_fr;
	const char *towns[4];
};

static const struct catchment_plan catchments[] = {
	{ "PEEL", "prototype", 0, "WCG Services", "WCG Services",
	  { "Mississauga", "Brampton", "Caledon", NULL } },
	{ "HAMILTON_NIAGARA", "prototype", 0, "Fedcap Canada", "Fedcap Canada",
	  { "Hamilton", "St. Catharines", "Brantford", "Welland" } },
	{ "MUSKOKA_KAWARTHAS", "prototype", 0, "Fleming College", "Collège Fleming",
	  { "Peterborough", "Huntsville", "Lindsay", NULL } },
	{ "HALTON", "phase1", 1, "Halton Employment Services Partnership (demo)",
	  "Partenariat des services d’emploi de Halton (démo)", { "Oakville", "Burlington", "Milton", NULL } },
	{ "YORK", "phase1", 1, "York Region Employment Network (demo)",
	  "Réseau d’emploi de la région de York (démo)", { "Markham", "Vaughan", "Newmarket", NULL } },
	{ "STRATFORD_BRUCE", "phase1", 1, "Stratford–Bruce Peninsula Employment Partners (demo)",
	  "Partenaires de l’emploi de Stratford–péninsule de Bruce (démo)",
	  { "Stratford", "Owen Sound", NULL, NULL } },
	{ "KINGSTON_PEMBROKE", "phase1", 1, "Kingston–Pembroke Employment Alliance (demo)",
	  "Alliance pour l’emploi de Kingston–Pembroke (démo)", { "Kingston", "Pembroke", "Cornwall", NULL } },
	{ "LONDON", "phase1", 2, "London Region Employment Services (demo)",
	  "Services d’emploi de la région de London (démo)", { "London", "St. Thomas", NULL, NULL } },
	{ "WINDSOR_SARNIA", "phase1", 2, "Windsor–Sarnia Employment Partnership (demo)",
	  "Partenariat pour l’emploi de Windsor–Sarnia (démo)", { "Windsor", "Sarnia", "Chatham", NULL } },
	{ "KITCHENER_WATERLOO_BARRIE", "phase1", 2, "Kitchener–Waterloo–Barrie Employment Network (demo)",
	  "Réseau d’emploi de Kitchener–Waterloo–Barrie (démo)",
	  { "Kitchener", "Waterloo", "Barrie", "Guelph" } },
	{ "DURHAM", "phase1", 2, "Durham Employment Services Partnership (demo)",
	  "Partenariat des services d’emploi de Durham (démo)", { "Oshawa", "Pickering", "Whitby", NULL } },
	{ "OTTAWA", "phase1", 2, "Ottawa Employment Services Consortium (demo)",
	  "Consortium des services d’emploi d’Ottawa (démo)", { "Ottawa", "Orléans", "Hawkesbury", NULL } },
	{ "TORONTO", "phase2", 3, "Toronto Employment Services Partnership (demo)",
	  "Partenariat des services d’emploi de Toronto (démo)",
	  { "Toronto", "Scarborough", "Etobicoke", "North York" } },
	{ "NORTHEAST", "phase2", 3, "Northeast Employment Services Network (demo)",
	  "Réseau des services d’emploi du Nord-Est (démo)",
	  { "Sudbury", "Timmins", "Hearst", "Sault Ste. Marie" } },
	{ "NORTHWEST", "later", -1, "Northwest Employment Services Network (demo)",
	  "Réseau des services d’emploi du Nord-Ouest (démo)", { "Thunder Bay", "Kenora", "Dryden", NULL } },
};
#define NCATCHMENTS ((int)(sizeof(catchments) / sizeof(catchments[0])))

/* Planned selection and transition start of each wave (the transition then lasts 9 months). */
static const struct {
	int sel_y, sel_m, sel_d, start_y, start_m, start_d;
} waves[] = {
	{ 2020, 2, 14, 2020, 4, 1 },
	{ 2021, 9, 1, 2022, 1, 1 },
	{ 2022, 9, 1, 2023, 1, 1 },
	{ 2023, 9, 1, 2024, 1, 1 },
};

/* Provider names: {English prefix, English suffix, French prefix, French suffix} around a town. */
static const char *const provider_names[4][4] = {
	{ "", " Employment Centre (demo)", "Centre d’emploi – ", " (démo)" },
	{ "", " Career Connections (demo)", "Carrefour carrière – ", " (démo)" },
	{ "", " Youth Job Link (demo)", "Lien emploi jeunesse – ", " (démo)" },
	{ "", " Newcomer Employment Services (demo)", "Services d’emploi aux nouveaux arrivants – ",
	  " (démo)" },
};


/* Days a milestone slipped: mostly none, some a few weeks, a few months. */
static int
slip(struct rng *r)
{
	int x = rng_int(r, 0, 99);
	return x < 55 ? 0 : x < 85 ? rng_int(r, 5, 30) : rng_int(r, 31, 120);
}

struct net_ctx {
	const struct seed_opts *o;
	char *err;
	size_t errn;
};

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static enum st_rc
make_org(struct st_tx *tx, struct arena *a, int kind, const char *en, const char *fr,
    int64_t region_id, const char *town, int64_t *id)
{
	struct principal sys = { .role = ROLE_ADMIN, .all_regions = 1 };
	struct org_in in = { .kind = kind, .name_en = en, .name_fr = fr, .region_id = region_id,
		.has_region = 1, .municipality = town };
	json_t *out = NULL;
	struct dom_err err = { 0 };
	enum st_rc rc = org_create(tx, a, &sys, &in, &out, &err);
	if (rc == ST_OK)
		*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(err.extra);
	return rc;
}

/* The planned and actual dates of one catchment's milestones. */
static void
plan_dates(struct rng *r, const struct catchment_plan *c, int32_t today,
    int32_t planned[MS__COUNT], int32_t actual[MS__COUNT])
{
	if (c->wave >= 0) {
		planned[MS_SELECTION_ANNOUNCED] = date_from_ymd(waves[c->wave].sel_y,
		    waves[c->wave].sel_m, waves[c->wave].sel_d);
		planned[MS_TRANSITION_START] = date_from_ymd(waves[c->wave].start_y,
		    waves[c->wave].start_m, waves[c->wave].start_d);
	} else {
		int y, m, d;
		date_to_ymd(today, &y, &m, &d);
		int32_t first = date_from_ymd(y, m, 1);
		planned[MS_SELECTION_ANNOUNCED] = network_add_months(first, -2);
		planned[MS_TRANSITION_START] = network_add_months(first, 4);
	}
	planned[MS_TRANSITION_END] = network_add_months(planned[MS_TRANSITION_START],
	    NETWORK_TRANSITION_MONTHS);
	planned[MS_INTEGRATED_LIVE] = planned[MS_TRANSITION_END];

	/* The prototypes (real managers) keep their planned dates: no slip is attributed to a real
	 * organisation. Elsewhere slips carry forward: the transition lasts 9 months from its
	 * actual start. */
	int32_t a[MS__COUNT];
	int real = c->wave == 0;
	a[MS_SELECTION_ANNOUNCED] = planned[MS_SELECTION_ANNOUNCED] + (real ? 0 : slip(r));
	a[MS_TRANSITION_START] = planned[MS_TRANSITION_START] + (real ? 0 : slip(r));
	if (strcmp(c->code, "DURHAM") == 0)
		a[MS_TRANSITION_START] = planned[MS_TRANSITION_START] + 61; /* a visible slip */
	if (a[MS_TRANSITION_START] < a[MS_SELECTION_ANNOUNCED])
		a[MS_TRANSITION_START] = a[MS_SELECTION_ANNOUNCED];
	a[MS_TRANSITION_END] = network_add_months(a[MS_TRANSITION_START], NETWORK_TRANSITION_MONTHS) +
	    (!real && rng_int(r, 0, 3) == 0 ? rng_int(r, 1, 20) : 0);
	a[MS_INTEGRATED_LIVE] = a[MS_TRANSITION_END] +
	    (!real && rng_int(r, 0, 4) == 0 ? rng_int(r, 1, 30) : 0);
	if (c->wave < 0)
		a[MS_SELECTION_ANNOUNCED] = today + 1; /* not announced yet: overdue */
	/* Only what has happened by the anchor day has an actual date. */
	int past = 1;
	for (int k = 0; k < MS__COUNT; k++) {
		past = past && a[k] <= today;
		actual[k] = past ? a[k] : 0;
	}
}

static enum st_rc
network_tx(struct st_tx *tx, void *v)
{
	struct net_ctx *c = v;
	struct arena ar;
	arena_init(&ar);
	struct rng r = { c->o->seed * UINT64_C(0x9E3779B97F4A7C15) + UINT64_C(0x6E6574) };
	int32_t today = c->o->today;
	enum st_rc rc = ST_OK;
	for (int i = 0; rc == ST_OK && i < NCATCHMENTS; i++) {
		const struct catchment_plan *cp = &catchments[i];
		int64_t region = 0, ssm = 0;
		struct st_param p[] = { SP_STR(cp->code) };
		rc = st_exec(tx, Q_REGION_BY_CODE, p, 1, id_row, &region, NULL);
		if (rc == ST_OK && region == 0) {
			snprintf(c->err, c->errn, "seed_network: no catchment %s in the region tree",
			    cp->code);
			rc = ST_ERROR;
		}
		if (rc == ST_OK)
			rc = make_org(tx, &ar, SSM_KIND, cp->ssm_en, cp->ssm_fr, region, cp->towns[0], &ssm);
		if (rc == ST_OK)
			rc = network_catchment_put(tx, region, ssm, cp->phase);
		int32_t planned[MS__COUNT], actual[MS__COUNT];
		plan_dates(&r, cp, today, planned, actual);
		for (int k = 0; rc == ST_OK && k < MS__COUNT; k++)
			rc = network_milestone_put(tx, region, k, planned[k], actual[k]);
		int ntowns = 0;
		while (ntowns < 4 && cp->towns[ntowns])
			ntowns++;
		int nprov = rng_int(&r, 2, 4);
		int first = rng_int(&r, 0, 3);
		for (int k = 0; rc == ST_OK && k < nprov; k++) {
			const char *town = cp->towns[k % ntowns];
			const char *const *nm = provider_names[(first + k) % 4];
			int64_t org = 0;
			rc = make_org(tx, &ar, PROVIDER_KIND, arena_printf(&ar, "%s%s%s", nm[0], town, nm[1]),
			    arena_printf(&ar, "%s%s%s", nm[2], town, nm[3]), region, town, &org);
			if (rc == ST_OK)
				rc = network_provider_add(tx, region, org);
		}
	}
	arena_free(&ar);
	return rc;
}

int
seed_network(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	struct net_ctx c = { o, err, errn };
	if (st_write(st, network_tx, &c) != ST_OK) {
		if (!*err)
			snprintf(err, errn, "writing the demo service network failed");
		return -1;
	}
	return 0;
}
