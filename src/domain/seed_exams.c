/* The demo's certification exams (seed_exams.c), after the network and its points of service:
 * the published rules (the migration's defaults), exam authorisations for some persons (an
 * approved trade equivalency assessment), sessions over the past six months and the next three
 * at the seeded exam centres in English and French (the French-language northern centre of
 * Hearst among them), bookings by candidates with a pathway, a few accommodation requests,
 * results recorded and released (passes and fails, some released late), and recent sittings
 * still pending release. Everything goes through the domain functions with the clock shifted
 * to each action's moment, in time order, so the audit trail reads as it happened.
 *
 * The demo client (client@demo.passerelle.ca) gets, besides the agreement seed.c gives her, an
 * earlier apprenticeship in a Red Seal trade (309A) recorded as completed: she is eligible for
 * the upcoming 309A sessions and has no booking yet. Deterministic (splitmix64 from the seed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/cases.h"
#include "domain/engine.h"
#include "domain/exams.h"
#include "domain/hours.h"
#include "domain/rng.h"
#include "domain/seed.h"
#include "domain/trades.h"

#define HOUR_US INT64_C(3600000000)
#define DAY_US (24 * HOUR_US)
#define MAX_CENTRES 40
#define MAX_CANDIDATES 200
#define CLIENT_TRADE "309A"

struct centre {
	int64_t id;
	int fr;
	int hearst;
};

struct candidate {
	int64_t person_id;
	char trade[8];
	int type;
};

struct sess {
	int64_t id;
	int64_t point_id;
	const char *trade;
	int type, lang, seats;
	int32_t day;
	int minute;
};

enum act_kind { X_CREATE = 0, X_BOOK, X_ACCOMMODATE, X_RESULTS, X_RELEASE };

struct act {
	int64_t at;
	int seq;
	enum act_kind kind;
	int sess;
	int cand;
};

struct plan {
	struct rng rng;
	struct centre centres[MAX_CENTRES];
	int ncentres;
	struct candidate cands[MAX_CANDIDATES];
	int ncands;
	struct sess *sessions;
	int nsessions, capsessions;
	struct act *acts;
	int nacts, capacts;
	int64_t admin_id, exams_id, assessor_id, client_user, client_person, client_region, client_org;
	struct seed_user {
		int64_t id, org_id, region_id;
		int all_regions;
	} advisor, sponsor;
	int64_t now;
	char *err;
	size_t errn;
};

static int
centre_row(void *ctx, const struct st_row *row)
{
	struct plan *p = ctx;
	if (p->ncentres < MAX_CENTRES) {
		struct centre *c = &p->centres[p->ncentres++];
		c->id = st_i64(row, 0);
		c->fr = (int)st_i64(row, 1);
		c->hearst = strcmp(st_text(row, 2), "Hearst") == 0;
	}
	return 0;
}

static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static int
user_row(void *ctx, const struct st_row *row)
{
	struct seed_user *u = ctx;
	u->id = st_i64(row, 0);
	u->org_id = st_isnull(row, 1) ? 0 : st_i64(row, 1);
	u->region_id = st_isnull(row, 2) ? 0 : st_i64(row, 2);
	u->all_regions = (int)st_i64(row, 3);
	return 1;
}

static int
client_row(void *ctx, const struct st_row *row)
{
	struct plan *p = ctx;
	p->client_user = st_i64(row, 0);
	p->client_person = st_i64(row, 1);
	p->client_region = st_i64(row, 2);
	p->client_org = st_isnull(row, 3) ? 0 : st_i64(row, 3);
	return 1;
}

static void
add_candidate(struct plan *p, int64_t person, const char *trade, int type)
{
	for (int i = 0; i < p->ncands; i++)
		if (p->cands[i].person_id == person && strcmp(p->cands[i].trade, trade) == 0 &&
		    p->cands[i].type == type)
			return;
	if (p->ncands >= MAX_CANDIDATES)
		return;
	struct candidate *c = &p->cands[p->ncands++];
	c->person_id = person;
	snprintf(c->trade, sizeof(c->trade), "%s", trade);
	c->type = type;
}

static int
completed_row(void *ctx, const struct st_row *row)
{
	struct plan *p = ctx;
	const struct trade *t = trades_find(st_text(row, 1));
	if (t == NULL)
		return 0;
	add_candidate(p, st_i64(row, 0), t->code, EXAM_CQ);
	if (t->red_seal)
		add_candidate(p, st_i64(row, 0), t->code, EXAM_RED_SEAL);
	return 0;
}

struct persons_ctx {
	int64_t *ids;
	int n, cap;
};

static int
person_row(void *ctx, const struct st_row *row)
{
	struct persons_ctx *c = ctx;
	if (c->n < c->cap)
		c->ids[c->n++] = st_i64(row, 0);
	return 0;
}

static enum st_rc
read_persons_tx(struct st_tx *tx, void *v)
{
	struct persons_ctx *c = v;
	c->n = 0;
	return st_exec(tx, Q_EXAM_SEED_PERSONS, NULL, 0, person_row, c, NULL);
}

static void
add_act(struct plan *p, int64_t at, enum act_kind kind, int sess, int cand)
{
	if (p->nacts == p->capacts) {
		p->capacts = p->capacts ? p->capacts * 2 : 256;
		p->acts = xreallocarray(p->acts, (size_t)p->capacts, sizeof(*p->acts));
	}
	p->acts[p->nacts] = (struct act){ at, p->nacts, kind, sess, cand };
	p->nacts++;
}

static int
act_cmp(const void *x, const void *y)
{
	const struct act *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq - b->seq;
}

static int64_t
at_day(int32_t day, int minute)
{
	return date_start_us_local(day) + (int64_t)minute * 60000000;
}

static void
shift_to(int64_t at)
{
	time_set_offset_us(0);
	time_set_offset_us(at - time_now_us());
}

/* The business day n business days after day (n >= 1), during office hours. */
static int64_t
after_bdays(struct plan *p, int32_t day, int n)
{
	return at_day(bizdays_add(day, n), (int)rng_int(&p->rng, 9 * 60, 16 * 60));
}

/* ---- reading what exists, and the set-up writes ---- */

static enum st_rc
read_tx(struct st_tx *tx, void *v)
{
	struct plan *p = v;
	p->ncentres = 0;
	p->ncands = 0;
	struct st_param a[] = { SP_STR("admin@demo.passerelle.ca") };
	struct st_param e[] = { SP_STR("exams@demo.passerelle.ca") };
	struct st_param s[] = { SP_STR("assessor@demo.passerelle.ca") };
	struct st_param c[] = { SP_STR("client@demo.passerelle.ca") };
	enum st_rc rc = st_exec(tx, Q_EXAM_SEED_USER, a, 1, id_row, &p->admin_id, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_USER, e, 1, id_row, &p->exams_id, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_USER, s, 1, id_row, &p->assessor_id, NULL);
	struct st_param ad[] = { SP_STR("advisor.province@demo.passerelle.ca") };
	struct st_param sp[] = { SP_STR("sponsor@demo.passerelle.ca") };
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_USER_FULL, ad, 1, user_row, &p->advisor, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_USER_FULL, sp, 1, user_row, &p->sponsor, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_CLIENT, c, 1, client_row, p, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_CENTRES, NULL, 0, centre_row, p, NULL);
	if (rc == ST_OK)
		rc = st_exec(tx, Q_EXAM_SEED_COMPLETED, NULL, 0, completed_row, p, NULL);
	return rc;
}

struct setup_ctx {
	struct plan *p;
	int64_t *persons;
	int npersons;
};

/* One step of the client's earlier agreement, at its moment. */
static enum st_rc
step(struct st_tx *tx, struct arena *a, const struct principal *who, int64_t at, int64_t case_id,
    const char *transition, const char *field, const char *value)
{
	shift_to(at);
	json_t *fields = json_object();
	if (field != NULL)
		json_object_set_new(fields, field, json_string(value));
	struct transition_in in = { .case_id = case_id, .transition = transition, .fields = fields };
	json_t *out = NULL;
	struct dom_err err = { 0 };
	enum st_rc rc = engine_transition(tx, a, who, &in, LANG_EN, &out, &err);
	json_decref(out);
	json_decref(fields);
	json_decref(err.extra);
	return rc;
}

/* The client's earlier apprenticeship in CLIENT_TRADE, run to completion through the program
 * engine as it happened (agreement, signatures, registration, yearly hours, completion), so
 * that everything hooked on completion (the certificate of apprenticeship) happens too. */
static enum st_rc
client_apprenticeship(struct st_tx *tx, struct plan *p)
{
	struct arena a;
	arena_init(&a);
	struct principal advisor = { .user_id = p->advisor.id, .role = ROLE_ADVISOR,
		.region_id = p->advisor.region_id, .all_regions = p->advisor.all_regions };
	struct principal sponsor = { .user_id = p->sponsor.id, .role = ROLE_SPONSOR,
		.org_id = p->sponsor.org_id };
	int32_t today = date_of_us_local(p->now);
	int32_t d0 = today - 6 * 365;
	const struct trade *t = trades_find(CLIENT_TRADE);
	int required = t && t->hours ? t->hours : 9000;
	shift_to(at_day(d0, 10 * 60));
	struct agreement_in in = { .person_id = p->client_person, .org_id = p->sponsor.org_id,
		.trade_code = CLIENT_TRADE, .start_date = d0 + 21, .region_id = p->client_region,
		.has_region = 1, .lang = 1, .has_lang = 1, .channel = "counter" };
	struct case_rec rec;
	struct dom_err err = { 0 };
	enum st_rc rc = agreement_create(tx, &a, &advisor, &in, LANG_EN, &rec, NULL, &err);
	json_decref(err.extra);
	int64_t id = rc == ST_OK ? rec.id : 0;
	if (rc == ST_OK)
		rc = step(tx, &a, &advisor, at_day(d0, 11 * 60), id, "submit", NULL, NULL);
	if (rc == ST_OK)
		rc = step(tx, &a, &advisor, at_day(d0 + 1, 10 * 60), id, "sign_apprentice", "note",
		    "Signed in person at the service counter.");
	if (rc == ST_OK)
		rc = step(tx, &a, &sponsor, at_day(d0 + 3, 14 * 60), id, "sign_sponsor", "signatory",
		    "Marc Côté");
	if (rc == ST_OK)
		rc = step(tx, &a, &advisor, after_bdays(p, d0 + 3, 5), id, "register", NULL, NULL);
	if (rc == ST_OK)
		rc = step(tx, &a, &sponsor, at_day(d0 + 21, 8 * 60 + 30), id, "activate", NULL, NULL);
	/* Hours by year, each logged after the year ends and approved a few days later. */
	int32_t ps = d0 + 21;
	for (int total = 0; rc == ST_OK && total < required; ps += 365) {
		int h = required - total < 1900 ? required - total : 1900;
		struct hours_in hi = { id, ps, ps + 364, h, "On-the-job training hours for the year." };
		json_t *out = NULL;
		shift_to(after_bdays(p, ps + 365, 2));
		rc = hours_log(tx, &a, &sponsor, &hi, &out, &err);
		int64_t entry = rc == ST_OK ? json_integer_value(json_object_get(out, "id")) : 0;
		json_decref(out);
		out = NULL;
		if (rc == ST_OK) {
			shift_to(after_bdays(p, ps + 365, 6));
			rc = hours_decide(tx, &a, &advisor, entry, 1, NULL, &out, &err);
		}
		json_decref(out);
		json_decref(err.extra);
		err.extra = NULL;
		total += h;
	}
	if (rc == ST_OK)
		rc = step(tx, &a, &advisor, after_bdays(p, ps, 8), id, "complete", NULL, NULL);
	arena_free(&a);
	if (rc != ST_OK)
		snprintf(p->err, p->errn, "exams: the demo client's earlier apprenticeship failed: %s",
		    st_rc_name(rc));
	return rc;
}

/* The client's earlier, completed apprenticeship, and authorisations (equivalency) for some
 * persons so that sessions have candidates. */
static enum st_rc
setup_tx(struct st_tx *tx, void *v)
{
	struct setup_ctx *sc = v;
	struct plan *p = sc->p;
	int32_t today = date_of_us_local(p->now);
	enum st_rc rc = client_apprenticeship(tx, p);
	if (rc != ST_OK)
		return rc;
	add_candidate(p, p->client_person, CLIENT_TRADE, EXAM_CQ);
	add_candidate(p, p->client_person, CLIENT_TRADE, EXAM_RED_SEAL);

	/* Equivalency authorisations: a quarter of the persons, in a few Red Seal trades. */
	static const char *const trades[] = { "309A", "306A", "310S", "403A", "421A", "415A" };
	struct principal assessor = { .user_id = p->assessor_id, .role = ROLE_ASSESSOR };
	for (int i = 1; rc == ST_OK && i < sc->npersons && p->ncands < MAX_CANDIDATES - 2; i++) {
		if (!rng_pct(&p->rng, 25))
			continue;
		const char *t = trades[rng_int(&p->rng, 0, 5)];
		int type = rng_pct(&p->rng, 60) ? EXAM_CQ : EXAM_RED_SEAL;
		time_set_offset_us(0);
		time_set_offset_us(at_day(today - (int32_t)rng_int(&p->rng, 200, 400), 10 * 60) -
		    time_now_us());
		struct exam_auth_in in = { sc->persons[i], t, type, "equivalency",
			"Trade equivalency assessment approved." };
		json_t *out = NULL;
		struct dom_err err = { 0 };
		rc = exam_authorisation_grant(tx, &assessor, &in, &out, &err);
		json_decref(out);
		json_decref(err.extra);
		if (rc == ST_OK)
			add_candidate(p, sc->persons[i], t, type);
	}
	time_set_offset_us(0);
	return rc;
}

/* ---- the plan ---- */

static int
new_session(struct plan *p, int64_t point, const char *trade, int type, int lang, int32_t day,
    int seats)
{
	if (p->nsessions == p->capsessions) {
		p->capsessions = p->capsessions ? p->capsessions * 2 : 64;
		p->sessions = xreallocarray(p->sessions, (size_t)p->capsessions, sizeof(*p->sessions));
	}
	struct sess *s = &p->sessions[p->nsessions];
	memset(s, 0, sizeof(*s));
	s->point_id = point;
	s->trade = trade;
	s->type = type;
	s->lang = lang;
	s->day = day;
	s->minute = rng_pct(&p->rng, 50) ? 9 * 60 : 13 * 60;
	s->seats = seats;
	return p->nsessions++;
}

static int32_t
weekday_on_or_after(int32_t d)
{
	while (!bizdays_is_business_day(d))
		d++;
	return d;
}

static void
plan_sessions(struct plan *p)
{
	int32_t today = date_of_us_local(p->now);
	/* The distinct (trade, type) pairs candidates may sit. */
	for (int i = 0; i < p->ncands; i++) {
		int dup = 0;
		for (int j = 0; j < i && !dup; j++)
			dup = strcmp(p->cands[j].trade, p->cands[i].trade) == 0 &&
			    p->cands[j].type == p->cands[i].type;
		if (dup)
			continue;
		/* One sitting every eight to ten weeks, from six months back to three ahead. */
		for (int32_t d = today - 182 + (int32_t)rng_int(&p->rng, 0, 30); d < today + 92;
		    d += (int32_t)rng_int(&p->rng, 56, 70)) {
			const struct centre *c = &p->centres[rng_int(&p->rng, 0, p->ncentres - 1)];
			int lang = c->fr && rng_pct(&p->rng, 40);
			new_session(p, c->id, p->cands[i].trade, p->cands[i].type, lang,
			    weekday_on_or_after(d), (int)rng_int(&p->rng, 8, 24));
		}
	}
	/* A few sittings of last week whose results are recorded and not yet released. */
	int32_t last_week = weekday_on_or_after(today - 8);
	for (int i = p->ncands - 1, n = 0; i >= 0 && n < 4; i -= 5, n++) {
		const struct centre *c = &p->centres[rng_int(&p->rng, 0, p->ncentres - 1)];
		new_session(p, c->id, p->cands[i].trade, p->cands[i].type, 0, last_week, 12);
	}
	/* The client's trade: upcoming sittings in Toronto (English) and in Hearst (French). */
	for (int k = 0; k < p->ncentres; k++) {
		const struct centre *c = &p->centres[k];
		if (k == 0 || c->hearst) {
			new_session(p, c->id, CLIENT_TRADE, EXAM_CQ, c->hearst, weekday_on_or_after(today +
			    (c->hearst ? 24 : 17)), c->hearst ? 10 : 20);
			new_session(p, c->id, CLIENT_TRADE, EXAM_RED_SEAL, c->hearst,
			    weekday_on_or_after(today + (c->hearst ? 52 : 45)), c->hearst ? 10 : 20);
		}
	}
	for (int s = 0; s < p->nsessions; s++) {
		struct sess *x = &p->sessions[s];
		int64_t sitting = at_day(x->day, x->minute);
		add_act(p, sitting - DAY_US * rng_int(&p->rng, 45, 60), X_CREATE, s, -1);
		for (int i = 0; i < p->ncands; i++) {
			const struct candidate *c = &p->cands[i];
			if (strcmp(c->trade, x->trade) != 0 || c->type != x->type)
				continue;
			if (c->person_id == p->client_person ||
			    (x->day != last_week && !rng_pct(&p->rng, 70)))
				continue;   /* the demo client books herself */
			int64_t at = sitting - DAY_US * rng_int(&p->rng, 5, 40);
			add_act(p, at, X_BOOK, s, i);
			if (rng_pct(&p->rng, 12))
				add_act(p, at + HOUR_US, X_ACCOMMODATE, s, i);
		}
		if (x->day >= today)
			continue;
		/* Scores the day after; release within the standard mostly, some late, the most
		 * recent sittings still pending. */
		int64_t recorded = after_bdays(p, x->day, 1);
		int n = rng_pct(&p->rng, 85) ? (int)rng_int(&p->rng, 3, 10) : (int)rng_int(&p->rng, 11, 16);
		int64_t release = x->day == last_week ? p->now + DAY_US : after_bdays(p, x->day, n);
		if (recorded < p->now)
			add_act(p, recorded, X_RESULTS, s, -1);
		if (release < p->now && recorded < p->now)
			add_act(p, release, X_RELEASE, s, -1);
	}
}

/* ---- running it ---- */

struct run_ctx {
	struct plan *p;
	int from, to;
	int64_t *booking_of;      /* per action: the booking made by X_BOOK */
};

static enum st_rc
run_act(struct st_tx *tx, struct run_ctx *rc_, const struct act *a, int idx)
{
	struct plan *p = rc_->p;
	struct sess *s = &p->sessions[a->sess];
	struct principal exams = { .user_id = p->exams_id, .role = ROLE_EXAM_ADMIN };
	json_t *out = NULL;
	struct dom_err err = { 0 };
	struct arena ar;
	arena_init(&ar);
	enum st_rc rc = ST_OK;
	shift_to(a->at);
	switch (a->kind) {
	case X_CREATE: {
		char start[32];
		char d[11];
		date_format(s->day, d);
		snprintf(start, sizeof(start), "%sT%02d:%02d", d, s->minute / 60, s->minute % 60);
		struct exam_session_in in = { s->point_id, s->trade, s->type, start, s->lang,
			s->seats, 0, 0 };
		rc = exam_session_create(tx, &exams, &in, LANG_EN, &out, &err);
		if (rc == ST_OK)
			s->id = json_integer_value(json_object_get(out, "id"));
		break;
	}
	case X_BOOK: {
		const struct candidate *c = &p->cands[a->cand];
		/* Only candidates who may: a refusal (not eligible, booked, full) is skipped. */
		rc = exam_book(tx, &ar, &exams, s->id, c->person_id, LANG_EN, &out, &err);
		if (rc == ST_CONFLICT)
			rc = ST_OK;
		else if (rc == ST_OK)
			rc_->booking_of[idx] = json_integer_value(json_object_get(out, "id"));
		break;
	}
	case X_ACCOMMODATE: {
		/* The booking made just before (same session and candidate). */
		int64_t booking = 0;
		for (int k = idx - 1; k >= 0 && booking == 0; k--)
			if (p->acts[k].kind == X_BOOK && p->acts[k].sess == a->sess &&
			    p->acts[k].cand == a->cand)
				booking = rc_->booking_of[k];
		if (booking == 0)
			break;
		static const char *const details[] = {
			"Documented learning disability: time and a half recommended.",
			"Needs a quiet room because of an anxiety disorder.",
			"Low vision: the questions read aloud.",
			"Needs to take medication during the exam.",
		};
		int kind = (int)rng_int(&p->rng, 0, 3);
		/* Received by the exam administration (by phone or e-mail). */
		rc = exam_accommodation_request(tx, &ar, &exams, booking, kind, details[kind], &out,
		    &err);
		if (rc == ST_OK && rng_pct(&p->rng, 80)) {
			int64_t acc = json_integer_value(json_object_get(out, "id"));
			json_decref(out);
			out = NULL;
			int ok = rng_pct(&p->rng, 85);
			rc = exam_accommodation_decide(tx, &ar, &exams, acc, ok, ok ? NULL :
			    "The documentation provided does not support this accommodation.", &out, &err);
		}
		break;
	}
	case X_RESULTS: {
		json_t *list = NULL;
		rc = exam_session_bookings(tx, s->id, LANG_EN, &list);
		json_t *b;
		size_t i;
		json_array_foreach(json_object_get(list, "bookings"), i, b) {
			if (rc != ST_OK)
				break;
			if (strcmp(json_string_value(json_object_get(b, "status")), "booked") != 0)
				continue;
			int absent = rng_pct(&p->rng, 6);
			int score = (int)rng_int(&p->rng, 48, 96);
			json_decref(out);
			out = NULL;
			rc = exam_result_record(tx, &ar, &exams, json_integer_value(json_object_get(b,
			    "id")), absent, score, LANG_EN, &out, &err);
		}
		json_decref(list);
		break;
	}
	case X_RELEASE:
		rc = exams_release_results(tx, &exams, s->id, LANG_EN, &out, &err);
		if (rc == ST_CONFLICT)
			rc = ST_OK;   /* nothing to release (no booking) */
		break;
	}
	json_decref(out);
	json_decref(err.extra);
	arena_free(&ar);
	if (rc != ST_OK)
		snprintf(p->err, p->errn, "exams: demo action %d (kind %d) failed: %s %s", idx,
		    (int)a->kind, st_rc_name(rc), err.e != E_NONE ? err_slug(err.e) : "");
	return rc;
}

static enum st_rc
run_tx(struct st_tx *tx, void *v)
{
	struct run_ctx *c = v;
	enum st_rc rc = ST_OK;
	for (int i = c->from; rc == ST_OK && i < c->to; i++)
		rc = run_act(tx, c, &c->p->acts[i], i);
	time_set_offset_us(0);
	return rc;
}

int
seed_exams(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	struct plan p;
	memset(&p, 0, sizeof(p));
	p.rng.s = o->seed * UINT64_C(0x9E3779B97F4A7C15) + 5;
	p.now = at_day(o->today, 8 * 60);
	p.err = err;
	p.errn = errn;
	int rc = -1;
	struct persons_ctx pc = { NULL, 0, 0 };
	int64_t *booking_of = NULL;
	if (st_read(st, read_tx, &p) != ST_OK || p.exams_id == 0 || p.assessor_id == 0 ||
	    p.client_person == 0 || p.ncentres == 0 || p.advisor.id == 0 || p.sponsor.org_id == 0) {
		snprintf(err, errn, "exams: the demo accounts, the client's agreement or the exam "
		    "centres are missing");
		goto out;
	}
	pc.cap = o->persons > 0 ? o->persons : 1;
	pc.ids = xcalloc((size_t)pc.cap, sizeof(*pc.ids));
	if (st_read(st, read_persons_tx, &pc) != ST_OK)
		goto out;
	struct setup_ctx sc = { &p, pc.ids, pc.n };
	if (st_write(st, setup_tx, &sc) != ST_OK) {
		if (!*err)
			snprintf(err, errn, "exams: the demo set-up failed");
		goto out;
	}
	plan_sessions(&p);
	qsort(p.acts, (size_t)p.nacts, sizeof(*p.acts), act_cmp);
	booking_of = xcalloc((size_t)(p.nacts ? p.nacts : 1), sizeof(*booking_of));
	for (int i = 0; i < p.nacts; i += 200) {
		struct run_ctx c = { &p, i, i + 200 < p.nacts ? i + 200 : p.nacts, booking_of };
		if (st_write(st, run_tx, &c) != ST_OK) {
			if (!*err)
				snprintf(err, errn, "exams: writing the demo exams failed");
			goto out;
		}
	}
	rc = 0;
out:
	time_set_offset_us(0);
	free(booking_of);
	free(pc.ids);
	free(p.sessions);
	free(p.acts);
	return rc;
}
