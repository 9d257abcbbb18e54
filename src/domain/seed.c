#include "domain/seed.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "domain/accounts.h"
#include "domain/bizdays.h"
#include "domain/cases.h"
#include "domain/engine.h"
#include "domain/hours.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "domain/trades.h"
#include "text/validate.h"
#include "domain/rng.h"

#define DAY_US INT64_C(86400000000)
#define HOUR_US INT64_C(3600000000)
#define SPONSORS_PER_CATCHMENT 6
#define BATCH 400

const struct seed_account seed_accounts[] = {
	{ "admin@demo.passerelle.ca", "administrator", "configures users and programs" },
	{ "advisor.central@demo.passerelle.ca", "advisor", "apprenticeship advisor, Central Region" },
	{ "advisor.eastern@demo.passerelle.ca", "advisor", "apprenticeship advisor, Eastern Region" },
	{ "advisor.western@demo.passerelle.ca", "advisor", "apprenticeship advisor, Western Region" },
	{ "advisor.northern@demo.passerelle.ca", "advisor", "apprenticeship advisor, Northern Region" },
	{ "advisor.province@demo.passerelle.ca", "advisor", "advisor with province-wide scope" },
	{ "sponsor@demo.passerelle.ca", "sponsor", "employer signing agreements and logging hours" },
	{ "client@demo.passerelle.ca", "client", "apprentice (Élodie Tremblay-Côté)" },
	{ "manager@demo.passerelle.ca", "manager", "watches service standards" },
	{ "auditor@demo.passerelle.ca", "auditor", "reads the audit trail" },
	{ "assessor@demo.passerelle.ca", "assessor", "trade equivalency assessor" },
	{ "exams@demo.passerelle.ca", "exam_admin", "exam administrator" },
	{ "partner@demo.passerelle.ca", "partner", "service provider partner" },
	{ NULL, NULL, NULL },
};


#define PICK(r, arr) (arr[rng_int(r, 0, (int64_t)(sizeof(arr) / sizeof(arr[0])) - 1)])

/* ---- reference data of the demo ---- */

struct region_def {
	const char *code, *kind, *parent, *en, *fr;
};

/* Province -> apprenticeship regions -> employment-service catchment areas. */
static const struct region_def regions[] = {
	{ "ON", "province", NULL, "Ontario", "Ontario" },
	{ "CENTRAL", "region", "ON", "Central Region", "Région du Centre" },
	{ "EASTERN", "region", "ON", "Eastern Region", "Région de l’Est" },
	{ "WESTERN", "region", "ON", "Western Region", "Région de l’Ouest" },
	{ "NORTHERN", "region", "ON", "Northern Region", "Région du Nord" },
	{ "TORONTO", "catchment", "CENTRAL", "Toronto", "Toronto" },
	{ "PEEL", "catchment", "CENTRAL", "Peel", "Peel" },
	{ "YORK", "catchment", "CENTRAL", "York", "York" },
	{ "HALTON", "catchment", "CENTRAL", "Halton", "Halton" },
	{ "DURHAM", "catchment", "CENTRAL", "Durham", "Durham" },
	{ "MUSKOKA_KAWARTHAS", "catchment", "CENTRAL", "Muskoka–Kawarthas", "Muskoka–Kawarthas" },
	{ "OTTAWA", "catchment", "EASTERN", "Ottawa", "Ottawa" },
	{ "KINGSTON_PEMBROKE", "catchment", "EASTERN", "Kingston–Pembroke", "Kingston–Pembroke" },
	{ "HAMILTON_NIAGARA", "catchment", "WESTERN", "Hamilton–Niagara", "Hamilton–Niagara" },
	{ "LONDON", "catchment", "WESTERN", "London", "London" },
	{ "WINDSOR_SARNIA", "catchment", "WESTERN", "Windsor–Sarnia", "Windsor–Sarnia" },
	{ "KITCHENER_WATERLOO_BARRIE", "catchment", "WESTERN", "Kitchener–Waterloo–Barrie",
	  "Kitchener–Waterloo–Barrie" },
	{ "STRATFORD_BRUCE", "catchment", "WESTERN", "Stratford–Bruce Peninsula",
	  "Stratford–péninsule de Bruce" },
	{ "NORTHEAST", "catchment", "NORTHERN", "Northeast", "Nord-Est" },
	{ "NORTHWEST", "catchment", "NORTHERN", "Northwest", "Nord-Ouest" },
};
#define NREGIONS ((int)(sizeof(regions) / sizeof(regions[0])))
#define FIRST_CATCHMENT 5

/* Municipalities of each catchment, with the first letter of their postal codes. */
static const struct {
	const char *catchment, *name;
	char fsa;
} places[] = {
	{ "TORONTO", "Toronto", 'M' }, { "PEEL", "Mississauga", 'L' }, { "PEEL", "Brampton", 'L' },
	{ "YORK", "Markham", 'L' }, { "YORK", "Vaughan", 'L' }, { "YORK", "Newmarket", 'L' },
	{ "HALTON", "Oakville", 'L' }, { "HALTON", "Burlington", 'L' }, { "DURHAM", "Oshawa", 'L' },
	{ "DURHAM", "Pickering", 'L' }, { "MUSKOKA_KAWARTHAS", "Peterborough", 'K' },
	{ "MUSKOKA_KAWARTHAS", "Huntsville", 'P' }, { "OTTAWA", "Ottawa", 'K' },
	{ "OTTAWA", "Orléans", 'K' }, { "OTTAWA", "Hawkesbury", 'K' },
	{ "KINGSTON_PEMBROKE", "Kingston", 'K' }, { "KINGSTON_PEMBROKE", "Pembroke", 'K' },
	{ "KINGSTON_PEMBROKE", "Cornwall", 'K' }, { "HAMILTON_NIAGARA", "Hamilton", 'L' },
	{ "HAMILTON_NIAGARA", "St. Catharines", 'L' }, { "LONDON", "London", 'N' },
	{ "WINDSOR_SARNIA", "Windsor", 'N' }, { "WINDSOR_SARNIA", "Sarnia", 'N' },
	{ "KITCHENER_WATERLOO_BARRIE", "Kitchener", 'N' }, { "KITCHENER_WATERLOO_BARRIE", "Waterloo", 'N' },
	{ "KITCHENER_WATERLOO_BARRIE", "Barrie", 'L' }, { "STRATFORD_BRUCE", "Stratford", 'N' },
	{ "STRATFORD_BRUCE", "Owen Sound", 'N' }, { "NORTHEAST", "Sudbury", 'P' },
	{ "NORTHEAST", "Timmins", 'P' }, { "NORTHEAST", "Hearst", 'P' },
	{ "NORTHEAST", "Sault Ste. Marie", 'P' }, { "NORTHWEST", "Thunder Bay", 'P' },
	{ "NORTHWEST", "Kenora", 'P' },
};
#define NPLACES ((int)(sizeof(places) / sizeof(places[0])))

static const char *const given_en[] = { "Emma", "Olivia", "Ava", "Sophia", "Charlotte",
	"Amelia", "Liam", "Noah", "William", "Benjamin", "Lucas", "Ethan", "Jacob", "Owen",
	"Harper", "Mia", "Jack", "Logan", "Ryan", "Priya", "Arjun", "Mohammed", "Fatima", "Aisha",
	"Wei", "Mei", "Hiroshi", "Anika", "Tyler", "Kayla", "Dylan", "Morgan", "Nathan", "Grace" };
static const char *const given_fr[] = { "Élodie", "Zoé", "Chloé", "Léa", "Maëlle", "Juliette",
	"Gabrielle", "Béatrice", "Hélène", "Noémie", "Émilie", "Florence", "Mathéo", "Jérôme",
	"François", "Benoît", "Gaël", "Théo", "Raphaël", "Éric", "Stéphane", "Sébastien", "Joël",
	"Anaïs", "Loïc", "Cédric", "Ève", "Amélie", "Héloïse", "Étienne", "Mélissa", "Frédéric" };
static const char *const family[] = { "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard",
	"Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger",
	"Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard", "Boucher", "Caron",
	"Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre",
	"Poulin", "Thibault", "St-Pierre", "Nadeau", "Landry", "Smith", "Brown", "Wilson",
	"MacDonald", "Taylor", "Campbell", "Anderson", "Thompson", "Clarke", "O’Brien", "Murphy",
	"Singh", "Patel", "Nguyen", "Li", "Wang", "Chen", "Kim", "Ahmed", "Khan", "Rossi",
	"Santos", "Kowalski", "Nowak", "Okafor", "Mensah", "Ferreira", "García", "Sauvé", "Lalonde" };

/* Sponsor names by sector: {English prefix, English suffix, French prefix, French suffix}
 * around a family (or given) name. */
static const char *const sponsor_names[4][3][4] = {
	[SECTOR_CONSTRUCTION] = { { "", " Electric Ltd.", "Électricité ", " ltée" },
	    { "", " Plumbing & Heating", "Plomberie et chauffage ", "" },
	    { "", " Construction Inc.", "Construction ", " inc." } },
	[SECTOR_INDUSTRIAL] = { { "", " Industrial Maintenance", "Entretien industriel ", "" },
	    { "", " Tool & Die", "Outillage ", "" }, { "", " Millwrights", "Mécanique industrielle ", "" } },
	[SECTOR_MOTIVE_POWER] = { { "", " Auto Service", "Service automobile ", "" },
	    { "", " Truck & Coach", "Camions et autocars ", "" }, { "", " Motors", "Garage ", "" } },
	[SECTOR_SERVICE] = { { "Salon ", "", "Salon ", "" }, { "", " Bistro", "Bistro ", "" },
	    { "", " Catering", "Traiteur ", "" } },
};

/* ---- the plan: every action of the demo, replayed in time order ---- */

enum act_kind { A_PERSON, A_AGREEMENT, A_TRANSITION, A_HOURS_LOG, A_HOURS_DECIDE };

struct action {
	int64_t at;
	int64_t seq;          /* tie-break: creation order */
	enum act_kind kind;
	int who;              /* actor: index into plan.actors */
	int ref;              /* person index, agreement index or hours index */
	const char *transition;
	const char *field_name, *field_value;
};

struct hours_plan {
	int agreement;
	int32_t start, end;
	int hours;
	int approve;          /* 1 approve, 0 reject, -1 leave pending */
	int64_t id;
};

struct agreement_plan {
	int person, sponsor, region;   /* indexes */
	const char *trade;
	int32_t start_date;
	int64_t id;
};

struct person_plan {
	const char *given, *family;
	int32_t birth;
	int fr, place;
	char postal[8], phone[11], sin[10];
	int has_sin, self_id;
	int64_t id;
	int64_t user_id;
};

struct sponsor_plan {
	int catchment, region, sector;
	int64_t id, user_id;
};

struct plan {
	struct rng rng;
	struct arena a;
	int64_t region_ids[NREGIONS];
	struct person_plan *persons;
	int npersons;
	struct sponsor_plan *sponsors;
	int nsponsors;
	struct agreement_plan *agreements;
	int nagreements;
	struct hours_plan *hours;
	int nhours, caphours;
	struct action *acts;
	int nacts, capacts;
	struct principal *actors;
	int nactors, capactors;
	int advisor_actor[5];       /* by region index 1..4 */
	int64_t now;                /* the anchor moment: end of the demo timeline */
	const char *pw_hash;
	char *err;
	size_t errn;
};

static int
add_actor(struct plan *p, struct principal who)
{
	if (p->nactors == p->capactors)
		p->actors = xreallocarray(p->actors, (size_t)(p->capactors = p->capactors ?
		    p->capactors * 2 : 64), sizeof(*p->actors));
	p->actors[p->nactors] = who;
	return p->nactors++;
}

static void
add_act(struct plan *p, int64_t at, enum act_kind kind, int who, int ref, const char *tr,
    const char *fname, const char *fval)
{
	if (at >= p->now)
		return; /* the future has not happened yet */
	if (p->nacts == p->capacts)
		p->acts = xreallocarray(p->acts, (size_t)(p->capacts = p->capacts ? p->capacts * 2 :
		    4096), sizeof(*p->acts));
	p->acts[p->nacts] = (struct action){ at, p->nacts, kind, who, ref, tr, fname, fval };
	p->nacts++;
}

static int
act_cmp(const void *x, const void *y)
{
	const struct action *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static char
postal_letter(struct rng *r)
{
	static const char ok[] = "ABCEGHJKLMNPRSTVWXYZ";
	return ok[rng_int(r, 0, (int64_t)sizeof(ok) - 2)];
}

static void
make_sin(struct rng *r, char out[10])
{
	/* First digit 1-7: permanent residents and citizens; the ninth is the check digit. */
	out[0] = (char)('1' + rng_int(r, 0, 6));
	for (int i = 1; i < 8; i++)
		out[i] = (char)('0' + rng_int(r, 0, 9));
	out[8] = '\0';
	out[8] = (char)('0' + luhn_check_digit(out));
	out[9] = '\0';
}

static int
region_index(const char *code)
{
	for (int i = 0; i < NREGIONS; i++)
		if (strcmp(regions[i].code, code) == 0)
			return i;
	return -1;
}

static int
place_in_catchment(struct rng *r, int catchment)
{
	int list[8], n = 0;
	for (int i = 0; i < NPLACES; i++)
		if (strcmp(places[i].catchment, regions[catchment].code) == 0)
			list[n++] = i;
	return list[rng_int(r, 0, n - 1)];
}

/* Weighted trade choice within a sector: the large trades get most apprentices. */
static int
trade_weight(const char *code)
{
	static const struct {
		const char *code;
		int weight;
	} heavy[] = { { "309A", 12 }, { "306A", 7 }, { "310S", 9 }, { "403A", 7 }, { "313A", 5 },
		{ "332A", 6 }, { "415A", 4 }, { "308A", 3 }, { "310T", 3 }, { "433A", 3 } };
	for (size_t k = 0; k < sizeof(heavy) / sizeof(heavy[0]); k++)
		if (strcmp(heavy[k].code, code) == 0)
			return heavy[k].weight;
	return 1;
}

static const char *
pick_trade(struct rng *r, int sector)
{
	size_t n;
	const struct trade *all = trades_all(&n);
	int total = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)all[i].sector == sector)
			total += trade_weight(all[i].code);
	int x = (int)rng_int(r, 1, total);
	for (size_t i = 0; i < n; i++)
		if ((int)all[i].sector == sector && (x -= trade_weight(all[i].code)) <= 0)
			return all[i].code;
	return all[0].code;
}

static int64_t
at_day(int32_t day, int hour, int minute)
{
	return date_start_us_local(day) + (int64_t)hour * HOUR_US + (int64_t)minute * 60000000;
}

/* A business moment n business days after t, during office hours. */
static int64_t
after_bdays(struct rng *r, int64_t t, int n)
{
	int32_t d = bizdays_add(date_of_us_local(t), n);
	int64_t res = at_day(d, (int)rng_int(r, 9, 16), (int)rng_int(r, 0, 59));
	/* Never before t: steps of one case must keep their order. */
	return res > t ? res : t + rng_int(r, 10, 120) * 60000000;
}

static struct hours_plan *
new_hours(struct plan *p)
{
	if (p->nhours == p->caphours)
		p->hours = xreallocarray(p->hours, (size_t)(p->caphours = p->caphours ? p->caphours * 2 :
		    4096), sizeof(*p->hours));
	struct hours_plan *h = &p->hours[p->nhours++];
	memset(h, 0, sizeof(*h));
	return h;
}

/* Plans one agreement's life: the signatures, the registration decision (mostly within the
 * 12-business-day standard, some late, some stalled), training with monthly hours, and the
 * occasional information request, refusal, withdrawal, suspension or cancellation. */
static void
plan_agreement(struct plan *p, int k, int64_t t0, int client_actor)
{
	struct rng *r = &p->rng;
	struct agreement_plan *ag = &p->agreements[k];
	int advisor = p->advisor_actor[ag->region];
	int sponsor = add_actor(p, (struct principal){ .user_id = p->sponsors[ag->sponsor].user_id,
		.role = ROLE_SPONSOR, .org_id = p->sponsors[ag->sponsor].id });
	int by_client = client_actor >= 0 && rng_pct(r, 60);
	int opener = by_client ? client_actor : advisor;
	add_act(p, t0, A_AGREEMENT, opener, k, NULL, NULL, NULL);
	if (rng_pct(r, 2))
		return; /* a draft never submitted */
	int64_t t = t0 + rng_int(r, 5, 90) * 60000000;
	add_act(p, t, A_TRANSITION, opener, k, "submit", NULL, NULL);
	if (rng_pct(r, 3)) {
		add_act(p, after_bdays(r, t, (int)rng_int(r, 1, 6)), A_TRANSITION, opener, k, "withdraw",
		    "reason", "The apprentice found another employer.");
		return;
	}
	/* Some apprentices take weeks to sign. */
	t = after_bdays(r, t, rng_pct(r, 4) ? (int)rng_int(r, 10, 60) : (int)rng_int(r, 0, 3));
	if (by_client)
		add_act(p, t, A_TRANSITION, client_actor, k, "sign_apprentice", NULL, NULL);
	else
		add_act(p, t, A_TRANSITION, advisor, k, "sign_apprentice", "note",
		    "Signed in person at the service counter.");
	t = after_bdays(r, t, (int)rng_int(r, 1, 5));
	add_act(p, t, A_TRANSITION, sponsor, k, "sign_sponsor", "signatory",
	    PICK(r, given_en));
	int64_t submitted = t0;
	/* Decision timing: most within the standard, about one in seven late. */
	int roll = (int)rng_int(r, 0, 99);
	if (roll < 8) {
		int64_t ask = after_bdays(r, t, (int)rng_int(r, 1, 4));
		add_act(p, ask, A_TRANSITION, advisor, k, "request_information", "reason",
		    "Please confirm the journeyperson-to-apprentice ratio at the work site.");
		t = after_bdays(r, ask, (int)rng_int(r, 2, 12));
		add_act(p, t, A_TRANSITION, sponsor, k, "provide_information", "note",
		    "Ratio confirmed: two licensed journeypersons on site.");
	}
	int64_t decide;
	if (roll >= 94 && t0 > p->now - DAY_US * 75)
		decide = p->now + DAY_US * 365; /* stalled: no decision yet (breached once overdue) */
	else if (roll >= 94)
		decide = after_bdays(r, submitted, (int)rng_int(r, 26, 60));
	else if (roll >= 80)
		decide = after_bdays(r, submitted, (int)rng_int(r, 13, 25));
	else
		decide = after_bdays(r, submitted, (int)rng_int(r, 3, 11));
	if (decide <= t)
		decide = after_bdays(r, t, 1);
	if (rng_pct(r, 4)) {
		add_act(p, decide, A_TRANSITION, advisor, k, "refuse", "reason",
		    "The sponsor is not eligible to train in this trade.");
		return;
	}
	add_act(p, decide, A_TRANSITION, advisor, k, "register", NULL, NULL);
	int64_t act_at = at_day(ag->start_date, 8, 30);
	if (act_at <= decide)
		act_at = after_bdays(r, decide, (int)rng_int(r, 1, 10));
	add_act(p, act_at, A_TRANSITION, sponsor, k, "activate", NULL, NULL);

	/* Training: hours each month, logged early the next month, approved a few days later. */
	const struct trade *tr = trades_find(ag->trade);
	int required = tr && tr->hours ? tr->hours : 4000;
	int total = 0, month = 0;
	int cancel_month = rng_pct(r, 7) ? (int)rng_int(r, 3, 30) : -1;
	int suspend_month = rng_pct(r, 5) ? (int)rng_int(r, 2, 20) : -1;
	int suspended_for = (int)rng_int(r, 1, 9);
	int32_t first = date_of_us_local(act_at);
	for (int32_t ps = first; month < 60; month++) {
		int y, m, d;
		date_to_ymd(ps, &y, &m, &d);
		int32_t next = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
		int32_t pe = next - 1;
		int64_t log_at = after_bdays(r, at_day(next, 9, 0), (int)rng_int(r, 0, 4));
		if (log_at >= p->now)
			break;
		/* Mid-month, after the previous month's hours were logged. */
		if (month == cancel_month) {
			add_act(p, at_day(ps + 12, 10, 0) + DAY_US * rng_int(r, 0, 12), A_TRANSITION,
			    sponsor, k, "cancel", "reason", "The apprentice left the employer.");
			return;
		}
		if (month == suspend_month) {
			add_act(p, at_day(ps + 15, 10, 0), A_TRANSITION, advisor, k, "suspend", "reason",
			    "Seasonal layoff.");
			int32_t back = ps;
			for (int i = 0; i < suspended_for; i++) {
				date_to_ymd(back, &y, &m, &d);
				back = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
			}
			if (at_day(back + 2, 10, 0) >= p->now)
				return;
			add_act(p, at_day(back + 2, 10, 0), A_TRANSITION, advisor, k, "resume", NULL, NULL);
			ps = back;
			continue;
		}
		int days = pe - ps + 1;
		int hours = (int)rng_int(r, 110, 170) * days / 31;
		if (hours < 8)
			hours = 8;
		struct hours_plan *h = new_hours(p);
		h->agreement = k;
		h->start = ps;
		h->end = pe;
		h->hours = hours;
		int hi = (int)(h - p->hours);
		add_act(p, log_at, A_HOURS_LOG, sponsor, hi, NULL, NULL, NULL);
		int64_t decide_at = after_bdays(r, log_at, (int)rng_int(r, 2, 15));
		h->approve = decide_at >= p->now ? -1 : !rng_pct(r, 3);
		if (h->approve >= 0)
			add_act(p, decide_at, A_HOURS_DECIDE, advisor, hi, NULL, NULL, NULL);
		if (h->approve == 1)
			total += hours;
		if (total >= required && h->approve == 1) {
			add_act(p, after_bdays(r, decide_at, (int)rng_int(r, 1, 10)), A_TRANSITION, advisor,
			    k, "complete", NULL, NULL);
			return;
		}
		ps = next;
	}
}

/* ---- executing the plan ---- */

static enum st_rc user(struct st_tx *tx, struct plan *p, const char *email, const char *name,
    enum role role, int64_t org, int64_t region, int64_t person, int all, const char *lang,
    int64_t *id);

struct exec_ctx {
	struct plan *p;
	int from, to;
	int64_t real_base;
};

__attribute__((format(printf, 2, 3))) static enum st_rc
seed_fail(struct plan *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errn, fmt, ap);
	va_end(ap);
	return ST_ERROR;
}

static enum st_rc
check(struct plan *p, enum st_rc rc, struct dom_err *err, const struct action *a)
{
	if (rc == ST_OK)
		return ST_OK;
	json_decref(err->extra);
	err->extra = NULL;
	return seed_fail(p, "demo action %d (kind %d, %s) failed: %s %s", (int)a->seq, (int)a->kind,
	    a->transition ? a->transition : "-", st_rc_name(rc),
	    err->e != E_NONE ? err_slug(err->e) : "");
}

static enum st_rc
run_action(struct st_tx *tx, struct plan *p, const struct action *a)
{
	struct arena ar;
	arena_init(&ar);
	struct dom_err err = { 0 };
	json_t *out = NULL;
	enum st_rc rc = ST_OK;
	const struct principal *who = &p->actors[a->who];
	struct principal client;
	if (who->role == ROLE_CLIENT) {
		/* Client actors name their person; the account exists once the person does. */
		const struct person_plan *pp = &p->persons[-who->person_id - 1];
		client = (struct principal){ .user_id = pp->user_id, .role = ROLE_CLIENT,
			.person_id = pp->id };
		who = &client;
	}
	/* Shift the clock so this action happens at its moment (single writer: no race). */
	time_set_offset_us(0);
	time_set_offset_us(a->at - time_now_us());
	switch (a->kind) {
	case A_PERSON: {
		struct person_plan *pp = &p->persons[a->ref];
		json_t *self = NULL;
		if (pp->self_id) {
			self = json_object();
			json_object_set_new(self, "consent", json_true());
			json_object_set_new(self, "francophone", json_boolean(pp->fr));
			json_object_set_new(self, "woman", json_boolean(pp->self_id & 1));
			json_object_set_new(self, "newcomer", json_boolean(pp->self_id & 2));
			json_object_set_new(self, "indigenous", json_boolean(pp->self_id & 4));
		}
		struct person_in in = { .given_name = pp->given, .family_name = pp->family,
			.birth_date = pp->birth, .lang = pp->fr, .has_lang = 1,
			.phone = pp->phone, .postal_code = pp->postal,
			.municipality = places[pp->place].name,
			.email = arena_printf(&ar, "person%d@example.org", a->ref + 1),
			.region_id = p->region_ids[region_index(regions[region_index(
			    places[pp->place].catchment)].parent)], .has_region = 1,
			.sin = pp->has_sin ? pp->sin : NULL, .self_id = self };
		rc = person_create(tx, &ar, who, &in, &out, &err);
		/* A generated twin of an existing person: move the birth date and retry. */
		for (int tries = 0; rc == ST_CONFLICT && err.e == E_DUPLICATE_PERSON && tries < 20;
		    tries++) {
			json_decref(err.extra);
			memset(&err, 0, sizeof(err));
			in.birth_date = pp->birth += 1 + tries;
			rc = person_create(tx, &ar, who, &in, &out, &err);
		}
		json_decref(self);
		if (rc == ST_OK)
			pp->id = json_integer_value(json_object_get(out, "id"));
		if (rc == ST_OK && a->ref < p->nagreements) {
			char email[80], name[240];
			if (a->ref == 0)
				snprintf(email, sizeof(email), "client@demo.passerelle.ca");
			else
				snprintf(email, sizeof(email), "client%d@demo.passerelle.ca", a->ref + 1);
			snprintf(name, sizeof(name), "%s %s", pp->given, pp->family);
			rc = user(tx, p, email, name, ROLE_CLIENT, 0, 0, pp->id, 0, pp->fr ? "fr" : "en",
			    &pp->user_id);
		}
		break;
	}
	case A_AGREEMENT: {
		struct agreement_plan *ag = &p->agreements[a->ref];
		struct agreement_in in = { .person_id = p->persons[ag->person].id,
			.org_id = p->sponsors[ag->sponsor].id, .trade_code = ag->trade,
			.start_date = ag->start_date, .region_id = p->region_ids[ag->region],
			.has_region = 1, .lang = p->persons[ag->person].fr, .has_lang = 1 };
		struct case_rec rec;
		rc = agreement_create(tx, &ar, who, &in, LANG_EN, &rec, NULL, &err);
		if (rc == ST_OK)
			ag->id = rec.id;
		break;
	}
	case A_TRANSITION: {
		json_t *fields = json_object();
		if (a->field_name)
			json_object_set_new(fields, a->field_name, json_string(a->field_value));
		struct transition_in in = { .case_id = p->agreements[a->ref].id,
			.transition = a->transition, .fields = fields };
		rc = engine_transition(tx, &ar, who, &in, LANG_EN, &out, &err);
		json_decref(fields);
		break;
	}
	case A_HOURS_LOG: {
		struct hours_plan *h = &p->hours[a->ref];
		struct hours_in in = { .case_id = p->agreements[h->agreement].id,
			.period_start = h->start, .period_end = h->end, .hours = h->hours,
			.description = "On-the-job training hours for the month." };
		rc = hours_log(tx, &ar, who, &in, &out, &err);
		if (rc == ST_OK)
			h->id = json_integer_value(json_object_get(out, "id"));
		break;
	}
	case A_HOURS_DECIDE: {
		struct hours_plan *h = &p->hours[a->ref];
		rc = hours_decide(tx, &ar, who, h->id, h->approve, h->approve ? NULL :
		    "The period overlaps a layoff reported by the sponsor.", &out, &err);
		break;
	}
	}
	json_decref(out);
	arena_free(&ar);
	return check(p, rc, &err, a);
}

static enum st_rc
exec_tx(struct st_tx *tx, void *v)
{
	struct exec_ctx *c = v;
	enum st_rc rc = ST_OK;
	for (int i = c->from; rc == ST_OK && i < c->to; i++)
		rc = run_action(tx, c->p, &c->p->acts[i]);
	time_set_offset_us(0);
	return rc;
}

/* ---- set-up: regions, organisations, accounts ---- */

struct setup_ctx {
	struct plan *p;
	const char *pw_hash;
	int64_t admin_id;
};

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static enum st_rc
user(struct st_tx *tx, struct plan *p, const char *email, const char *name, enum role role,
    int64_t org, int64_t region, int64_t person, int all, const char *lang, int64_t *id)
{
	struct dom_err err = { 0 };
	struct user_in in = { .email = email, .display_name = name, .pw_hash = p->pw_hash,
		.role = role, .org_id = org, .region_id = region, .person_id = person,
		.all_regions = all, .lang = lang };
	struct principal sys = { .role = ROLE_ADMIN, .all_regions = 1 };
	int64_t tmp;
	enum st_rc rc = account_create(tx, &sys, &in, id ? id : &tmp, &err);
	json_decref(err.extra);
	if (rc != ST_OK)
		return seed_fail(p, "cannot create the demo account %s: %s", email, st_rc_name(rc));
	return ST_OK;
}

static enum st_rc
setup_tx(struct st_tx *tx, void *v)
{
	struct setup_ctx *c = v;
	struct plan *p = c->p;
	enum st_rc rc = ST_OK;
	time_set_offset_us(0);
	time_set_offset_us(p->now - DAY_US * (3 * 365 + 60) - time_now_us());
	for (int i = 0; rc == ST_OK && i < NREGIONS; i++) {
		int parent = regions[i].parent ? region_index(regions[i].parent) : -1;
		struct st_param prm[] = { parent >= 0 ? SP_INT(p->region_ids[parent]) : SP_NUL,
			SP_STR(regions[i].kind), SP_STR(regions[i].code), SP_STR(regions[i].en),
			SP_STR(regions[i].fr) };
		rc = st_exec(tx, Q_REGION_INSERT, prm, 5, id_row, &p->region_ids[i], NULL);
	}
	struct principal sys = { .role = ROLE_ADMIN, .all_regions = 1 };
	struct arena ar;
	arena_init(&ar);
	/* Sponsors: several per catchment area, each in one sector, with a sponsor account. */
	for (int s = 0; rc == ST_OK && s < p->nsponsors; s++) {
		struct sponsor_plan *sp = &p->sponsors[s];
		const char *fam = PICK(&p->rng, family);
		int pat = (int)rng_int(&p->rng, 0, 2);
		const char *const *nm_parts = sponsor_names[sp->sector][pat];
		const char *nm = sp->sector == SECTOR_SERVICE && pat == 0 ? PICK(&p->rng, given_fr) : fam;
		int place = place_in_catchment(&p->rng, sp->catchment);
		struct org_in in = { .kind = 0, .name_en = arena_printf(&ar, "%s%s%s", nm_parts[0], nm, nm_parts[1]),
			.name_fr = arena_printf(&ar, "%s%s%s", nm_parts[2], nm, nm_parts[3]), .region_id = p->region_ids[sp->region],
			.has_region = 1, .email = arena_printf(&ar, "contact%d@sponsor.example.org", s + 1),
			.municipality = places[place].name };
		json_t *out = NULL;
		struct dom_err err = { 0 };
		rc = org_create(tx, &ar, &sys, &in, &out, &err);
		if (rc == ST_OK)
			sp->id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		json_decref(err.extra);
		if (rc == ST_OK)
			rc = user(tx, p, s == 0 ? "sponsor@demo.passerelle.ca" :
			    arena_printf(&ar, "sponsor%d@demo.passerelle.ca", s + 1),
			    arena_printf(&ar, "%s (sponsor)", in.name_en), ROLE_SPONSOR, sp->id, 0, 0, 0,
			    "en", &sp->user_id);
	}
	/* A college and a service provider for the partner account. */
	int64_t provider = 0;
	if (rc == ST_OK) {
		struct org_in in = { .kind = 2, .name_en = "Northern Lights Employment Services",
			.name_fr = "Services d’emploi Aurores boréales",
			.region_id = p->region_ids[4], .has_region = 1, .municipality = "Sudbury" };
		json_t *out = NULL;
		struct dom_err err = { 0 };
		rc = org_create(tx, &ar, &sys, &in, &out, &err);
		provider = rc == ST_OK ? json_integer_value(json_object_get(out, "id")) : 0;
		json_decref(out);
		json_decref(err.extra);
	}
	if (rc == ST_OK) {
		struct org_in in = { .kind = 1, .name_en = "Collège Boréal — Skilled Trades Centre",
			.name_fr = "Collège Boréal — Centre des métiers spécialisés",
			.region_id = p->region_ids[4], .has_region = 1, .municipality = "Sudbury" };
		json_t *out = NULL;
		struct dom_err err = { 0 };
		rc = org_create(tx, &ar, &sys, &in, &out, &err);
		json_decref(out);
		json_decref(err.extra);
	}
	static const char *const adv[] = { NULL, "advisor.central@demo.passerelle.ca",
		"advisor.eastern@demo.passerelle.ca", "advisor.western@demo.passerelle.ca",
		"advisor.northern@demo.passerelle.ca" };
	static const char *const adv_names[] = { NULL, "Priya Sharma", "Mathieu Lalonde",
		"Grace O’Connor", "Danielle Bédard" };
	for (int i = 1; rc == ST_OK && i <= 4; i++) {
		int64_t uid = 0;
		rc = user(tx, p, adv[i], adv_names[i], ROLE_ADVISOR, 0, p->region_ids[i], 0, 0,
		    i == 2 || i == 4 ? "fr" : "en", &uid);
		p->advisor_actor[i] = add_actor(p, (struct principal){ .user_id = uid,
			.role = ROLE_ADVISOR, .region_id = p->region_ids[i] });
	}
	if (rc == ST_OK)
		rc = user(tx, p, "admin@demo.passerelle.ca", "Alex Administrator", ROLE_ADMIN, 0, 0, 0,
		    0, "en", &c->admin_id);
	if (rc == ST_OK)
		rc = user(tx, p, "advisor.province@demo.passerelle.ca", "Sam Okafor", ROLE_ADVISOR, 0, 0,
		    0, 1, "en", NULL);
	if (rc == ST_OK)
		rc = user(tx, p, "manager@demo.passerelle.ca", "Nadia Girard", ROLE_MANAGER, 0, 0, 0, 0,
		    "fr", NULL);
	if (rc == ST_OK)
		rc = user(tx, p, "auditor@demo.passerelle.ca", "Ravi Patel", ROLE_AUDITOR, 0, 0, 0, 0,
		    "en", NULL);
	if (rc == ST_OK)
		rc = user(tx, p, "assessor@demo.passerelle.ca", "Louise Fortin", ROLE_ASSESSOR, 0, 0, 0,
		    0, "fr", NULL);
	if (rc == ST_OK)
		rc = user(tx, p, "exams@demo.passerelle.ca", "Kevin Wong", ROLE_EXAM_ADMIN, 0, 0, 0, 0,
		    "en", NULL);
	if (rc == ST_OK)
		rc = user(tx, p, "partner@demo.passerelle.ca", "Marie-Ève Sauvé", ROLE_PARTNER, provider,
		    0, 0, 0, "fr", NULL);
	arena_free(&ar);
	time_set_offset_us(0);
	return rc;
}

static enum st_rc
empty_tx(struct st_tx *tx, void *v)
{
	int64_t n = 0;
	struct st_param prm[] = { SP_STR("ON") };
	enum st_rc rc = st_exec(tx, Q_REGION_BY_CODE, prm, 1, id_row, &n, NULL);
	*(int *)v = n == 0;
	return rc;
}

int
seed_run(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	int empty = 0;
	if (st_read(st, empty_tx, &empty) != ST_OK || !empty) {
		snprintf(err, errn, "the database already holds data; seed needs an empty, migrated "
		    "database");
		return -1;
	}
	struct plan p;
	int *person_actor = NULL;
	int rc;
	memset(&p, 0, sizeof(p));
	p.rng.s = o->seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
	p.err = err;
	p.errn = errn;
	p.now = at_day(o->today, 8, 0);
	arena_init(&p.a);
	char *hash = arena_alloc(&p.a, 128);
	if (account_hash_password(o->password, hash) != 0) {
		snprintf(err, errn, "cannot hash the demo password");
		goto fail;
	}
	/* Every demo account shares one password, so it is hashed once. */
	p.pw_hash = hash;

	/* Sponsors per catchment, sectors weighted toward construction. */
	p.nsponsors = (NREGIONS - FIRST_CATCHMENT) * SPONSORS_PER_CATCHMENT;
	p.sponsors = xcalloc((size_t)p.nsponsors, sizeof(*p.sponsors));
	for (int s = 0; s < p.nsponsors; s++) {
		static const int sectors[] = { SECTOR_CONSTRUCTION, SECTOR_CONSTRUCTION,
			SECTOR_CONSTRUCTION, SECTOR_MOTIVE_POWER, SECTOR_INDUSTRIAL, SECTOR_SERVICE };
		p.sponsors[s].catchment = FIRST_CATCHMENT + s / SPONSORS_PER_CATCHMENT;
		p.sponsors[s].region = region_index(regions[p.sponsors[s].catchment].parent);
		p.sponsors[s].sector = sectors[s % SPONSORS_PER_CATCHMENT];
	}
	struct setup_ctx sc = { &p, hash, 0 };
	if (st_write(st, setup_tx, &sc) != ST_OK) {
		if (!*err)
			snprintf(err, errn, "writing the demo reference data failed");
		goto fail;
	}

	/* Persons: francophones more common in the East and North. */
	p.npersons = o->persons;
	p.persons = xcalloc((size_t)p.npersons, sizeof(*p.persons));
	int64_t span = DAY_US * 3 * 365;
	int64_t begin = p.now - span - DAY_US * 30;
	person_actor = xcalloc((size_t)p.npersons, sizeof(int));
	for (int i = 0; i < p.npersons; i++) {
		struct person_plan *pp = &p.persons[i];
		int catchment = FIRST_CATCHMENT + (int)rng_int(&p.rng, 0, NREGIONS - FIRST_CATCHMENT - 1);
		int region = region_index(regions[catchment].parent);
		pp->place = place_in_catchment(&p.rng, catchment);
		pp->fr = rng_pct(&p.rng, region == 2 || region == 4 ? 45 : 12);
		pp->given = pp->fr ? PICK(&p.rng, given_fr) : PICK(&p.rng, given_en);
		pp->family = PICK(&p.rng, family);
		if (rng_pct(&p.rng, 6))
			pp->family = arena_printf(&p.a, "%s-%s", pp->family, PICK(&p.rng, family));
		if (i == 0) {
			pp->given = "Élodie";
			pp->family = "Tremblay-Côté";
			pp->fr = 1;
		}
		pp->birth = date_from_ymd((int)rng_int(&p.rng, 1966, 2007), (int)rng_int(&p.rng, 1, 12),
		    (int)rng_int(&p.rng, 1, 28));
		char fsa = places[pp->place].fsa;
		snprintf(pp->postal, sizeof(pp->postal), "%c%d%c %d%c%d", fsa, (int)rng_int(&p.rng, 0, 9),
		    postal_letter(&p.rng), (int)rng_int(&p.rng, 0, 9), postal_letter(&p.rng),
		    (int)rng_int(&p.rng, 0, 9));
		snprintf(pp->phone, sizeof(pp->phone), "%03d555%04d", fsa == 'M' ? 416 : fsa == 'K' ?
		    613 : fsa == 'P' ? 705 : fsa == 'N' ? 519 : 905, (int)rng_int(&p.rng, 0, 9999));
		pp->has_sin = rng_pct(&p.rng, 35);
		if (pp->has_sin)
			make_sin(&p.rng, pp->sin);
		pp->self_id = rng_pct(&p.rng, 40) ? (int)rng_int(&p.rng, 0, 7) | 8 : 0;
		pp->user_id = 0;
		person_actor[i] = p.advisor_actor[region];
	}

	/* Agreements: five of six persons have one, started over the last three years; each
	 * person's record is created shortly before their agreement. */
	p.nagreements = p.npersons * 5 / 6;
	p.agreements = xcalloc((size_t)p.nagreements, sizeof(*p.agreements));
	for (int i = 0; i < p.npersons; i++) {
		int64_t t;
		if (i < p.nagreements) {
			struct agreement_plan *ag = &p.agreements[i];
			ag->person = i;
			int catchment = region_index(places[p.persons[i].place].catchment);
			int s0 = (catchment - FIRST_CATCHMENT) * SPONSORS_PER_CATCHMENT;
			ag->sponsor = i == 0 ? 0 : s0 + (int)rng_int(&p.rng, 0, SPONSORS_PER_CATCHMENT - 1);
			ag->region = p.sponsors[ag->sponsor].region;
			ag->trade = pick_trade(&p.rng, p.sponsors[ag->sponsor].sector);
			int64_t t0 = i == 0 ? p.now - DAY_US * 200 :
			    begin + DAY_US * 30 + (int64_t)(rng_next(&p.rng) % (uint64_t)span);
			int32_t d0 = date_of_us_local(t0);
			ag->start_date = d0 + (int32_t)rng_int(&p.rng, 14, 60);
			t0 = at_day(d0, (int)rng_int(&p.rng, 9, 16), (int)rng_int(&p.rng, 0, 59));
			t = t0 - rng_int(&p.rng, 2, 30 * 24) * HOUR_US;
			add_act(&p, t, A_PERSON, person_actor[i], i, NULL, NULL, NULL);
			int client = add_actor(&p, (struct principal){ .role = ROLE_CLIENT,
				.person_id = -(int64_t)i - 1 });
			plan_agreement(&p, i, t0, client);
		} else {
			t = begin + (int64_t)(rng_next(&p.rng) % (uint64_t)span);
			add_act(&p, t, A_PERSON, person_actor[i], i, NULL, NULL, NULL);
		}
	}
	qsort(p.acts, (size_t)p.nacts, sizeof(*p.acts), act_cmp);
	if (seed_signing_key(st, err, errn) != 0)
		goto fail;
	for (int i = 0; i < p.nacts; i += BATCH) {
		struct exec_ctx ec = { &p, i, i + BATCH < p.nacts ? i + BATCH : p.nacts, 0 };
		if (st_write(st, exec_tx, &ec) != ST_OK)
			goto fail;
		if (!o->quiet && (i / BATCH) % 25 == 0)
			fprintf(stderr, "seed: %d of %d events\n", i, p.nacts);
	}
	/* The service network, its contacts and surveys, and client segments, each from its own
	 * seed file; one call per line below, in this order. */
	if (seed_network(st, o, err, errn) != 0)
		goto fail;
	if (seed_points(st, o, err, errn) != 0)
		goto fail;
	if (seed_contacts(st, o, err, errn) != 0)
		goto fail;
	if (seed_segments(st, o, err, errn) != 0)
		goto fail;
	if (seed_exams(st, o, err, errn) != 0)
		goto fail;
	rc = 0;
out:
	time_set_offset_us(0);
	free(person_actor);
	free(p.persons);
	free(p.sponsors);
	free(p.agreements);
	free(p.hours);
	free(p.acts);
	free(p.actors);
	arena_free(&p.a);
	return rc;
fail:
	if (!*err)
		snprintf(err, errn, "writing the demo data failed");
	rc = -1;
	goto out;
}
