/* seed_points: the demo network of points of service, built from the embedded Ontario
 * communities (geo/communities.h):
 *   - a service centre in every community of 20,000 people or more, a partner site in every
 *     community of 5,000 to 20,000;
 *   - a regional hub per apprenticeship region (Toronto, Ottawa, London, Greater Sudbury);
 *   - exam centres in the larger centres, including French-language exam centres in the
 *     northeast (Hearst, Kapuskasing, Timmins);
 *   - satellite hubs in the north and east, a contact centre and an online service (virtual:
 *     no coordinates);
 *   - mobile outreach sites in small northern and remote communities (Moosonee, Moose
 *     Factory, Attawapiskat, Ear Falls, Red Lake...), each visited on an iCalendar rule by a
 *     team from the nearest hub, with a cancelled visit here and a moved one there.
 * Region: a community's catchment is that of the nearest anchor town of the catchment list
 * below (the towns seed.c files persons under), except that every community north of 46° N
 * and west of 78° W (or north of 47° N) is in the north: the Northwest catchment west of
 * 85.5° W, the Northeast otherwise. Postal codes have their province's real first letter
 * (M Toronto, K east, L central, N southwest, P north), phone numbers the 555 exchange.
 * Deterministic: the same seed gives the same network. */
#include "domain/seed.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "geo/communities.h"
#include "domain/rng.h"


/* Anchor towns of the southern catchments (the same towns as seed.c's places). */
static const struct {
	const char *town, *catchment;
} anchors[] = {
	{ "Toronto", "TORONTO" }, { "Mississauga", "PEEL" }, { "Brampton", "PEEL" },
	{ "Markham", "YORK" }, { "Vaughan", "YORK" }, { "Newmarket", "YORK" },
	{ "Oakville", "HALTON" }, { "Burlington", "HALTON" }, { "Milton", "HALTON" },
	{ "Oshawa", "DURHAM" }, { "Pickering", "DURHAM" }, { "Peterborough", "MUSKOKA_KAWARTHAS" },
	{ "Huntsville", "MUSKOKA_KAWARTHAS" }, { "Lindsay", "MUSKOKA_KAWARTHAS" },
	{ "Ottawa", "OTTAWA" }, { "Hawkesbury", "OTTAWA" }, { "Kingston", "KINGSTON_PEMBROKE" },
	{ "Pembroke", "KINGSTON_PEMBROKE" }, { "Cornwall", "KINGSTON_PEMBROKE" },
	{ "Hamilton", "HAMILTON_NIAGARA" }, { "St. Catharines", "HAMILTON_NIAGARA" },
	{ "London", "LONDON" }, { "Windsor", "WINDSOR_SARNIA" }, { "Sarnia", "WINDSOR_SARNIA" },
	{ "Kitchener", "KITCHENER_WATERLOO_BARRIE" }, { "Waterloo", "KITCHENER_WATERLOO_BARRIE" },
	{ "Barrie", "KITCHENER_WATERLOO_BARRIE" }, { "Stratford", "STRATFORD_BRUCE" },
	{ "Owen Sound", "STRATFORD_BRUCE" },
};
#define NANCHORS (sizeof(anchors) / sizeof(anchors[0]))

/* Francophone communities: their points serve in French too. */
static const char *const francophone[] = { "Hearst", "Kapuskasing", "Hawkesbury", "Timmins",
	"Greater Sudbury", "Ottawa", "Cornwall", "Casselman", "Clarence-Rockland", "Plantagenet",
	"L'Orignal", "Russell", "Limoges", "Bourget", "Vanier", "Iroquois Falls",
	"Temiskaming Shores", "Mattawa", "Valley East", "Rayside-Balfour", "Azilda", "Dowling",
	"Capreol", "Wendover", "Welland", "North Bay", "Elliot Lake", "Greenstone",
	"Hornepayne", "Orléans", NULL };

/* Indigenous languages served at some northern and reserve-adjacent sites. */
static const struct {
	const char *town, *lang;
} indigenous[] = {
	{ "Moosonee", "cr" }, { "Moose Factory", "cr" }, { "Attawapiskat", "cr" },
	{ "Sioux Lookout", "oj" }, { "Red Lake", "oj" }, { "Ear Falls", "oj" }, { "Kenora", "oj" },
	{ "Thunder Bay", "oj" }, { "Little Current", "oj" }, { "Walpole Island", "oj" },
	{ "Deseronto", "moh" }, { "Atikokan", "oj" }, { "Greenstone", "oj" },
};

/* Mobile outreach: small northern and remote communities, and how often they are visited. */
static const struct {
	const char *town, *rrule;
	int hour;
} outreach_towns[] = {
	{ "Moosonee", "FREQ=MONTHLY;BYDAY=2TU", 10 },
	{ "Moose Factory", "FREQ=MONTHLY;BYDAY=2WE", 10 },
	{ "Attawapiskat", "FREQ=MONTHLY;INTERVAL=2;BYDAY=3TH", 11 },
	{ "Ear Falls", "FREQ=MONTHLY;BYDAY=1TU", 10 },
	{ "Red Lake", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", 10 },
	{ "Sioux Lookout", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", 13 },
	{ "Atikokan", "FREQ=MONTHLY;BYDAY=3TU", 10 },
	{ "Greenstone", "FREQ=MONTHLY;BYDAY=2TH", 10 },
	{ "Marathon", "FREQ=MONTHLY;BYDAY=2FR", 10 },
	{ "Manitouwadge", "FREQ=MONTHLY;BYDAY=4TU", 13 },
	{ "Hornepayne", "FREQ=MONTHLY;BYDAY=1TH", 10 },
	{ "Wawa", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", 10 },
	{ "Thessalon", "FREQ=MONTHLY;BYDAY=3WE", 10 },
	{ "Englehart", "FREQ=MONTHLY;BYDAY=1WE", 13 },
	{ "Iroquois Falls", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", 10 },
	{ "Mattawa", "FREQ=MONTHLY;BYDAY=2MO", 10 },
	{ "Powassan", "FREQ=MONTHLY;BYDAY=4TH", 13 },
	{ "Little Current", "FREQ=MONTHLY;BYDAY=1FR", 10 },
	{ "Espanola", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", 13 },
	{ "Kirkland Lake", "FREQ=MONTHLY;BYDAY=3MO", 10 },
	{ "Dryden", "FREQ=MONTHLY;BYDAY=2MO", 13 },
	{ "Fort Frances", "FREQ=MONTHLY;BYDAY=4WE", 10 },
};
#define NOUTREACH (sizeof(outreach_towns) / sizeof(outreach_towns[0]))

static const char *const exam_towns[] = { "Toronto", "Ottawa", "Greater Sudbury", "Thunder Bay",
	"London", "Hamilton", "Kingston", "Windsor", "Kitchener", "Sault Ste. Marie", "Timmins",
	"Hearst", "Kapuskasing", "North Bay", "Barrie", "Peterborough", "Cornwall", "Kenora",
	"Mississauga", NULL };
static const char *const satellite_towns[] = { "Timmins", "Thunder Bay", "Kenora",
	"Sault Ste. Marie", "North Bay", "Kingston", "Windsor", "Owen Sound", "Pembroke",
	"Hearst", NULL };

static const struct {
	const char *town, *region, *en, *fr;
} hubs[] = {
	{ "Toronto", "CENTRAL", "Central Region Apprenticeship Hub", "Carrefour d’apprentissage de la Région du Centre" },
	{ "Ottawa", "EASTERN", "Eastern Region Apprenticeship Hub", "Carrefour d’apprentissage de la Région de l’Est" },
	{ "London", "WESTERN", "Western Region Apprenticeship Hub", "Carrefour d’apprentissage de la Région de l’Ouest" },
	{ "Greater Sudbury", "NORTHERN", "Northern Region Apprenticeship Hub", "Carrefour d’apprentissage de la Région du Nord" },
};

static const char *const streets_en[] = { "Main Street", "King Street", "Queen Street",
	"Church Street", "Front Street", "Victoria Avenue", "Water Street", "Centre Street" };
static const char *const streets_fr[] = { "rue Principale", "rue Front", "rue de l’Église",
	"avenue Victoria", "rue King", "rue Queen" };

static bool
in_list(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static double
dist2(double lat1, double lon1, double lat2, double lon2)
{
	double dx = (lon1 - lon2) * cos((lat1 + lat2) * M_PI / 360.0), dy = lat1 - lat2;
	return dx * dx + dy * dy;
}

static bool
is_north(const struct community *c)
{
	return c->lat >= 47.0 || (c->lat >= 46.0 && c->lon < -78.0);
}

/* The rule of the file's header comment. */
static const char *
catchment_of(const struct community *c)
{
	if (is_north(c))
		return c->lon < -85.5 ? "NORTHWEST" : "NORTHEAST";
	const char *best = "TORONTO";
	double bd = INFINITY;
	for (size_t i = 0; i < NANCHORS; i++) {
		const struct community *a = community_find(anchors[i].town);
		if (a == NULL)
			continue;
		double d = dist2(c->lat, c->lon, a->lat, a->lon);
		if (d < bd) {
			bd = d;
			best = anchors[i].catchment;
		}
	}
	return best;
}

static char
fsa_letter(const struct community *c, const char *catchment)
{
	if (strcmp(catchment, "TORONTO") == 0)
		return 'M';
	if (is_north(c) || (c->lat >= 44.9 && c->lon < -78.6 && c->lon > -81.5))
		return 'P';
	if (c->lon > -78.4)
		return 'K';
	if (c->lon < -80.2)
		return 'N';
	return 'L';
}

static int
area_code(char fsa, const struct community *c)
{
	if (fsa == 'M')
		return 416;
	if (fsa == 'K')
		return 613;
	if (fsa == 'P')
		return c->lon < -85.5 ? 807 : 705;
	if (fsa == 'N')
		return 519;
	return 905;
}

struct seed_ctx {
	const struct seed_opts *o;
	char *err;
	size_t errn;
	struct rng rng;
	struct arena a;
	int count;
	int64_t hub_ids[32];
	const struct community *hub_places[32];
	int nhubs;
	int64_t first[4];          /* first point of each closures[] prefix */
};

/* A few closures in the coming weeks, on the first point whose code starts with code. */
static const struct {
	const char *code;
	int in_days;
	const char *en, *fr;
} closures[4] = {
	{ "EXAM-", 12, "Building maintenance", "Entretien de l’immeuble" },
	{ "SC-", 9, "Staff training day", "Journée de formation du personnel" },
	{ "HUB-NORTHERN", 16, "Staff training day", "Journée de formation du personnel" },
	{ "OUT-", 30, "Community hall unavailable", "Salle communautaire non disponible" },
};

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static int64_t
region_id(struct st_tx *tx, const char *code)
{
	int64_t id = 0;
	struct st_param p[] = { SP_STR(code) };
	st_exec(tx, Q_REGION_BY_CODE, p, 1, id_row, &id, NULL);
	return id;
}

static int
kind_index(const char *kind)
{
	for (int i = 0; point_kinds[i]; i++)
		if (strcmp(point_kinds[i], kind) == 0)
			return i;
	return 0;
}

static void
add_hours(struct point_in *in, int d0, int d1, const char *o, const char *c)
{
	for (int d = d0; d <= d1 && in->nhours < POINT_MAX_HOURS; d++)
		in->hours[in->nhours++] = (struct point_hours_in){ d, o, c };
}

/* Weekday hours with the variations of a real network. */
static void
typical_hours(struct seed_ctx *s, struct point_in *in, int kind_style)
{
	int v = rng_int(&s->rng, 0, 9);
	if (kind_style == 2) {                 /* partner sites: three or four days */
		add_hours(in, 2, 4, v < 5 ? "09:00" : "10:00", v < 5 ? "16:00" : "15:00");
		if (v % 2)
			add_hours(in, 1, 1, "13:00", "16:00");
		return;
	}
	if (v < 2) {                           /* a lunch closure */
		add_hours(in, 1, 5, "08:30", "12:00");
		add_hours(in, 1, 5, "13:00", "16:30");
		return;
	}
	const char *o = v < 6 ? "08:30" : "09:00", *c = v < 6 ? "16:30" : "17:00";
	add_hours(in, 1, 3, o, c);
	add_hours(in, 4, 4, o, v == 9 || kind_style == 1 ? "19:00" : c);   /* late Thursday */
	add_hours(in, 5, 5, o, v == 7 ? "13:00" : c);
	if (kind_style == 1 || v == 8)
		add_hours(in, 6, 6, "09:00", "12:00");
}

static void
add_access(struct seed_ctx *s, struct point_in *in, int full)
{
	if (full || rng_pct(&s->rng, 90))
		in->access[in->naccess++] = "step_free";
	if (full || rng_pct(&s->rng, 70))
		in->access[in->naccess++] = "accessible_washroom";
	if (full || rng_pct(&s->rng, 30))
		in->access[in->naccess++] = "hearing_loop";
	if (full)
		in->access[in->naccess++] = "asl_lsq";
	if (full || rng_pct(&s->rng, 60))
		in->access[in->naccess++] = "parking";
}

static void
add_langs(struct point_in *in, const char *town, int fr)
{
	in->langs[in->nlangs++] = "en";
	if (fr || in_list(francophone, town))
		in->langs[in->nlangs++] = "fr";
	for (size_t i = 0; i < sizeof(indigenous) / sizeof(indigenous[0]); i++)
		if (strcmp(indigenous[i].town, town) == 0 && in->nlangs < POINT_MAX_LIST)
			in->langs[in->nlangs++] = indigenous[i].lang;
}

static const char *
town_fr(const char *town)
{
	return strcmp(town, "Greater Sudbury") == 0 ? "Grand Sudbury" : town;
}

/* Address, postal code and phone of a place in c. */
static void
place(struct seed_ctx *s, struct point_in *in, const struct community *c, const char *catchment)
{
	bool fr = in_list(francophone, c->name);
	int n = rng_int(&s->rng, 1, 40) * 10 + rng_int(&s->rng, 0, 9);
	in->address = fr ? arena_printf(&s->a, "%d, %s", n, streets_fr[rng_int(&s->rng, 0,
	    (int)(sizeof(streets_fr) / sizeof(streets_fr[0])) - 1)]) :
	    arena_printf(&s->a, "%d %s", n, streets_en[rng_int(&s->rng, 0,
	    (int)(sizeof(streets_en) / sizeof(streets_en[0])) - 1)]);
	in->municipality = c->name;
	static const char letters[] = "ABCEGHJKLMNPRSTVWXYZ";
	char fsa = fsa_letter(c, catchment);
	in->postal_code = arena_printf(&s->a, "%c%d%c %d%c%d", fsa, (int)rng_int(&s->rng, 0, 9),
	    letters[rng_int(&s->rng, 0, 19)], (int)rng_int(&s->rng, 0, 9),
	    letters[rng_int(&s->rng, 0, 19)], (int)rng_int(&s->rng, 0, 9));
	in->phone = arena_printf(&s->a, "%03d555%04d", area_code(fsa, c),
	    (int)rng_int(&s->rng, 0, 9999));
	in->has_coords = 1;
	/* A few hundred metres from the community's centre point. */
	in->lat = c->lat + (rng_int(&s->rng, -30, 30)) / 10000.0;
	in->lon = c->lon + (rng_int(&s->rng, -30, 30)) / 10000.0;
}

static enum st_rc
create(struct st_tx *tx, struct seed_ctx *s, struct point_in *in, int64_t *id)
{
	struct dom_err err = { 0 };
	json_t *out = NULL;
	in->active = 1;
	enum st_rc rc = point_create(tx, &s->a, NULL, in, &out, &err);
	if (rc == ST_OK) {
		*id = json_integer_value(json_object_get(out, "id"));
		for (int i = 0; i < 4; i++)
			if (!s->first[i] && strncmp(in->code, closures[i].code, strlen(closures[i].code)) == 0)
				s->first[i] = *id;
	} else
		snprintf(s->err, s->errn, "seed_points: %s refused (%s, %s)", in->code,
		    err_slug(err.e), err.field ? err.field : "-");
	json_decref(out);
	json_decref(err.extra);
	s->count++;
	return rc;
}

/* A point in community c of the given kind; names "<en> – <town>". */
static enum st_rc
town_point(struct st_tx *tx, struct seed_ctx *s, const struct community *c, const char *kind,
    const char *prefix, const char *en, const char *fr, int64_t *id)
{
	struct point_in in;
	memset(&in, 0, sizeof(in));
	const char *catchment = catchment_of(c);
	in.code = arena_printf(&s->a, "%s-%03d", prefix, c->id);
	in.kind = kind_index(kind);
	in.name_en = arena_printf(&s->a, "%s – %s", en, c->name);
	in.name_fr = arena_printf(&s->a, "%s – %s", fr, town_fr(c->name));
	in.region_id = region_id(tx, catchment);
	place(s, &in, c, catchment);
	add_langs(&in, c->name, strcmp(kind, "exam_centre") == 0 && c->population > 500000);
	if (strcmp(kind, "service_centre") == 0) {
		in.services[in.nservices++] = "apprenticeship";
		in.services[in.nservices++] = "information";
		in.services[in.nservices++] = "employment";
		typical_hours(s, &in, 0);
		add_access(s, &in, 0);
		in.has_capacity = 1;
		in.capacity = rng_int(&s->rng, 6, 20) * 10;
	} else if (strcmp(kind, "partner_site") == 0) {
		in.services[in.nservices++] = "information";
		in.services[in.nservices++] = "employment";
		typical_hours(s, &in, 2);
		add_access(s, &in, 0);
		in.has_capacity = 1;
		in.capacity = rng_int(&s->rng, 2, 6) * 10;
	} else if (strcmp(kind, "exam_centre") == 0) {
		in.services[in.nservices++] = "exams";
		in.services[in.nservices++] = "information";
		add_hours(&in, 1, 5, "08:00", "16:00");
		add_access(s, &in, 0);
		in.has_capacity = 1;
		in.capacity = rng_int(&s->rng, 2, 12) * 10;
	} else if (strcmp(kind, "satellite_hub") == 0) {
		in.services[in.nservices++] = "apprenticeship";
		in.services[in.nservices++] = "information";
		in.services[in.nservices++] = "employment";
		if (strcmp(c->name, "Hearst") == 0)
			in.langs[1] = "fr";
		typical_hours(s, &in, 0);
		add_access(s, &in, 0);
		in.has_capacity = 1;
		in.capacity = rng_int(&s->rng, 4, 10) * 10;
	} else if (strcmp(kind, "outreach_site") == 0) {
		in.services[in.nservices++] = "apprenticeship";
		in.services[in.nservices++] = "information";
		in.services[in.nservices++] = "employment";
		if (rng_pct(&s->rng, 50) || strcmp(c->name, "Moosonee") == 0)
			in.services[in.nservices++] = "exams";
		in.access[in.naccess++] = "step_free";
		in.access[in.naccess++] = "parking";
		in.has_capacity = 1;
		in.capacity = rng_int(&s->rng, 12, 30);
	}
	return create(tx, s, &in, id);
}

/* The first day on or after d with weekday wd (0 = Sunday). */
static int32_t
on_or_after(int32_t d, int wd)
{
	return d + (wd - date_weekday(d) + 7) % 7;
}

/* A first visit the rule gives: the rule's weekday in the month two months before today
 * (so the demo has past and future visits); for BYDAY=nXX the n-th of that month. */
static const char *
first_visit(struct seed_ctx *s, const char *rrule, int hour)
{
	static const char *const days[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
	const char *by = strstr(rrule, "BYDAY=") + 6;
	int nth = 0;
	if (*by >= '1' && *by <= '4')
		nth = *by++ - '0';
	int wd = 0;
	for (int i = 0; i < 7; i++)
		if (strncmp(by, days[i], 2) == 0)
			wd = i;
	int y, m, d;
	date_to_ymd(s->o->today - 60, &y, &m, &d);
	int32_t day = nth ? on_or_after(date_from_ymd(y, m, 1), wd) + 7 * (nth - 1) :
	    on_or_after(s->o->today - 60, wd);
	date_to_ymd(day, &y, &m, &d);
	return arena_printf(&s->a, "%04d-%02d-%02dT%02d:00", y, m, d, hour);
}

static enum st_rc
network_tx(struct st_tx *tx, void *v)
{
	struct seed_ctx *s = v;
	size_t n;
	const struct community *all = communities_all(&n);
	enum st_rc rc = ST_OK;
	int64_t id;
	/* A re-run (the writer retries) starts from the same state. */
	s->nhubs = 0;
	s->count = 0;
	memset(s->first, 0, sizeof(s->first));
	s->rng.s = s->o->seed * UINT64_C(0x9E3779B97F4A7C15) + 2;

	/* Regional hubs, one per apprenticeship region. */
	for (size_t i = 0; rc == ST_OK && i < sizeof(hubs) / sizeof(hubs[0]); i++) {
		const struct community *c = community_find(hubs[i].town);
		if (c == NULL)
			continue;
		struct point_in in;
		memset(&in, 0, sizeof(in));
		const char *catchment = catchment_of(c);
		in.code = arena_printf(&s->a, "HUB-%s", hubs[i].region);
		in.kind = kind_index("regional_hub");
		in.name_en = arena_printf(&s->a, "%s – %s", hubs[i].en, c->name);
		in.name_fr = arena_printf(&s->a, "%s – %s", hubs[i].fr, town_fr(c->name));
		in.region_id = region_id(tx, catchment);
		place(s, &in, c, catchment);
		char *email = arena_printf(&s->a, "hub.%s@demo.passerelle.ca", hubs[i].region);
		for (char *p = email; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		in.email = email;
		add_langs(&in, c->name, 1);
		for (int k = 0; point_service_names[k]; k++)
			in.services[in.nservices++] = point_service_names[k];
		typical_hours(s, &in, 1);
		add_access(s, &in, 1);
		in.has_capacity = 1;
		in.capacity = 300;
		rc = create(tx, s, &in, &id);
		if (rc == ST_OK && s->nhubs < 32) {
			s->hub_ids[s->nhubs] = id;
			s->hub_places[s->nhubs++] = c;
		}
	}
	/* Satellite hubs. */
	for (int i = 0; rc == ST_OK && satellite_towns[i]; i++) {
		const struct community *c = community_find(satellite_towns[i]);
		if (c == NULL)
			continue;
		rc = town_point(tx, s, c, "satellite_hub", "SAT", "Apprenticeship satellite hub",
		    "Carrefour satellite d’apprentissage", &id);
		if (rc == ST_OK && s->nhubs < 32 && is_north(c)) {
			s->hub_ids[s->nhubs] = id;
			s->hub_places[s->nhubs++] = c;
		}
	}
	/* Exam centres. */
	for (int i = 0; rc == ST_OK && exam_towns[i]; i++) {
		const struct community *c = community_find(exam_towns[i]);
		if (c != NULL)
			rc = town_point(tx, s, c, "exam_centre", "EXAM", "Apprenticeship exam centre",
			    "Centre d’examens d’apprentissage", &id);
	}
	/* Service centres and partner sites by size; outreach towns are served by visits. */
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		const struct community *c = &all[i];
		bool outreach = false;
		for (size_t k = 0; k < NOUTREACH; k++)
			outreach |= strcmp(outreach_towns[k].town, c->name) == 0;
		if (c->population >= 20000)
			rc = town_point(tx, s, c, "service_centre", "SC", "Apprenticeship service centre",
			    "Centre de services d’apprentissage", &id);
		else if (c->population >= 5000 && !outreach)
			rc = town_point(tx, s, c, "partner_site", "PS", "Employment Ontario partner site",
			    "Site partenaire d’Emploi Ontario", &id);
	}
	/* The contact centre and the online service: no coordinates, province-wide. */
	int64_t on = region_id(tx, "ON");
	const struct { const char *code, *kind, *en, *fr; int64_t cap; } virt[] = {
		{ "CONTACT-CENTRE", "contact_centre", "Apprenticeship contact centre",
		  "Centre de contact de l’apprentissage", 2500 },
		{ "ONLINE", "virtual", "Online apprenticeship services", "Services d’apprentissage en ligne",
		  1000 },
	};
	for (size_t i = 0; rc == ST_OK && i < 2; i++) {
		struct point_in in;
		memset(&in, 0, sizeof(in));
		in.code = virt[i].code;
		in.kind = kind_index(virt[i].kind);
		in.name_en = virt[i].en;
		in.name_fr = virt[i].fr;
		in.region_id = on;
		in.phone = "8005550199";
		in.email = i == 0 ? "contact@demo.passerelle.ca" : "online@demo.passerelle.ca";
		in.langs[in.nlangs++] = "en";
		in.langs[in.nlangs++] = "fr";
		for (int k = 0; point_service_names[k]; k++)
			in.services[in.nservices++] = point_service_names[k];
		in.access[in.naccess++] = "asl_lsq";
		add_hours(&in, 1, 5, "08:00", "20:00");
		if (i == 0)
			add_hours(&in, 6, 6, "09:00", "13:00");
		in.has_capacity = 1;
		in.capacity = virt[i].cap;
		rc = create(tx, s, &in, &id);
	}
	/* Mobile outreach sites and their schedules. */
	for (size_t k = 0; rc == ST_OK && k < NOUTREACH; k++) {
		const struct community *c = community_find(outreach_towns[k].town);
		if (c == NULL)
			continue;
		rc = town_point(tx, s, c, "outreach_site", "OUT", "Mobile outreach",
		    "Service mobile", &id);
		if (rc != ST_OK)
			break;
		int best = 0;
		for (int h = 1; h < s->nhubs; h++)
			if (dist2(c->lat, c->lon, s->hub_places[h]->lat, s->hub_places[h]->lon) <
			    dist2(c->lat, c->lon, s->hub_places[best]->lat, s->hub_places[best]->lon))
				best = h;
		const char *start = first_visit(s, outreach_towns[k].rrule, outreach_towns[k].hour);
		/* Every fourth schedule has a cancelled visit about a month ahead. */
		const char *ex = "[]";
		struct outreach_visit vis[3];
		int nv = outreach_expand(outreach_towns[k].rrule, start, 240, "[]", NULL, 0,
		    date_start_us_local(s->o->today + 20), date_start_us_local(s->o->today + 400), vis, 3);
		if (k % 4 == 1 && nv >= 1) {
			char d[11];
			date_format(date_of_us_local(vis[0].start_us), d);
			ex = arena_printf(&s->a, "[\"%s\"]", d);
		}
		struct outreach_in o = { id, s->nhubs ? s->hub_ids[best] : 0, outreach_towns[k].rrule,
			start, outreach_towns[k].hour == 13 ? 180 : 240, ex,
			"Drop in, or book through the contact centre. Bring your logbook and photo ID.",
			"Présentez-vous sans rendez-vous, ou réservez auprès du centre de contact. "
			"Apportez votre carnet et une pièce d’identité avec photo." };
		int64_t sid = 0;
		enum err_id e;
		rc = outreach_schedule_add(tx, &o, &sid, &e);
		if (rc != ST_OK) {
			snprintf(s->err, s->errn, "seed_points: schedule of %s refused", c->name);
			break;
		}
		/* Every fifth has its second upcoming visit moved a day later, in the afternoon. */
		if (k % 5 == 2 && nv >= 2) {
			int32_t od = date_of_us_local(vis[1].start_us);
			char d[11];
			date_format(od, d);
			int y, m, dd;
			date_to_ymd(od + 1, &y, &m, &dd);
			rc = outreach_move_put(tx, sid, d, arena_printf(&s->a, "%04d-%02d-%02dT13:30", y, m,
			    dd));
		}
	}
	for (size_t i = 0; rc == ST_OK && i < 4; i++) {
		if (!s->first[i])
			continue;
		struct dom_err err = { 0 };
		int32_t day = s->o->today + closures[i].in_days;
		while (date_weekday(day) == 0 || date_weekday(day) == 6)
			day++;
		rc = point_closure_set(tx, NULL, s->first[i], day, closures[i].en, closures[i].fr, &err);
	}
	return rc;
}

int
seed_points(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	struct seed_ctx s;
	memset(&s, 0, sizeof(s));
	s.o = o;
	s.err = err;
	s.errn = errn;
	arena_init(&s.a);
	enum st_rc rc = st_write(st, network_tx, &s);
	arena_free(&s.a);
	if (rc != ST_OK) {
		if (!*err)
			snprintf(err, errn, "seed_points: writing the points of service failed (%s)",
			    st_rc_name(rc));
		return -1;
	}
	if (!o->quiet)
		fprintf(stderr, "seed: %d points of service\n", s.count);
	return 0;
}
