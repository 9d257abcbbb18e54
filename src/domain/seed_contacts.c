/* seed_contacts: the demo's client contacts over the 90 days before the anchor day.
 *
 * About 35 contacts a weekday and a few on weekends (e-mail and chat), busiest on Mondays
 * and mid-morning / early afternoon; phone calls mostly answered within a few minutes, some
 * after more than 10 minutes, about 7 % abandoned; e-mails answered around the 2-business-day
 * standard; about three in four served contacts resolved at first contact. Points of service
 * come from the points table (seeded before this; none is fine), a few contacts name a known
 * person; about one served contact in eight has a satisfaction survey answered (some with a
 * comment). Deterministic from the seed; one transaction, one audit event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/bizdays.h"
#include "domain/contacts.h"
#include "domain/crypto.h"
#include "domain/seed.h"
#include "domain/rng.h"

#define SEED_DAYS 90
#define MIN_US INT64_C(60000000)
#define MAX_IDS 400


static int
id_row(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

struct served {
	int64_t id, ended_us;
	int fr;
};

struct seed_ctx {
	const struct seed_opts *o;
	int64_t points[MAX_IDS], persons[MAX_IDS];
	int npoints, npersons;
	int64_t written, surveys;
	struct served *served;
	size_t nserved, cap;
};

static int
served_row(void *ctx, const struct st_row *row)
{
	struct seed_ctx *c = ctx;
	if (c->nserved == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		struct served *n = realloc(c->served, cap * sizeof(*n));
		if (n == NULL)
			return 1;
		c->served = n;
		c->cap = cap;
	}
	c->served[c->nserved++] = (struct served){ st_i64(row, 0), st_i64(row, 2),
		strcmp(st_text(row, 1), "fr") == 0 };
	return 0;
}

static const char *const comments_en[] = {
	"The agent explained the steps clearly.", "I waited a long time on hold.",
	"Very helpful, thank you.", "I had to call twice to get an answer.",
	"Quick and friendly service.", "The website could explain this better.",
};
static const char *const comments_fr[] = {
	"L’agente a bien expliqué les étapes.", "J’ai attendu longtemps au téléphone.",
	"Très utile, merci.", "J’ai dû appeler deux fois pour avoir une réponse.",
	"Service rapide et courtois.", "Le site Web pourrait mieux l’expliquer.",
};

/* About one served contact in eight answers the survey, mostly satisfied. */
static enum st_rc
seed_surveys(struct st_tx *tx, struct seed_ctx *c, struct rng *rng)
{
	enum st_rc rc = st_exec(tx, Q_SURVEY_SEED_CONTACTS, NULL, 0, served_row, c, NULL);
	for (size_t i = 0; rc == ST_OK && i < c->nserved; i++) {
		if (!rng_pct(rng, 12))
			continue;
		const struct served *s = &c->served[i];
		char tok[48], hash[65];
		snprintf(tok, sizeof(tok), "demo-survey-%lld", (long long)s->id);
		crypto_token_hash(tok, hash);
		int64_t at = s->ended_us + rng_int(rng, 10, 48 * 60) * MIN_US, inv = 0;
		struct st_param p[] = { SP_STR(hash), SP_INT(s->id), SP_NUL, SP_STR(s->fr ? "fr" : "en"),
			SP_INT(s->ended_us), SP_INT(s->ended_us + INT64_C(30) * 1440 * MIN_US) };
		if ((rc = st_exec(tx, Q_SURVEY_INSERT, p, 6, id_row, &inv, NULL)) != ST_OK)
			break;
		struct st_param m[] = { SP_INT(inv), SP_INT(at) };
		if ((rc = st_exec(tx, Q_SURVEY_MARK_ANSWERED, m, 2, NULL, NULL, NULL)) != ST_OK)
			break;
		int x = (int)rng_int(rng, 0, 99);
		int score = x < 45 ? 5 : x < 75 ? 4 : x < 88 ? 3 : x < 95 ? 2 : 1;
		int easy = rng_pct(rng, 85) ? (int)rng_int(rng, score > 2 ? score - 1 : 1, score) : 0;
		int lang = rng_pct(rng, 90) ? rng_pct(rng, s->fr ? 88 : 97) : -1;
		const char *comment = rng_pct(rng, 30) ? (s->fr ? comments_fr : comments_en)[rng_int(rng, 0, 5)] :
		    NULL;
		struct st_param a[] = { SP_INT(inv), SP_INT(score), SP_OPTINT(easy > 0, easy),
			SP_OPTINT(lang >= 0, lang), SP_STR(comment), SP_INT(at) };
		if ((rc = st_exec(tx, Q_SURVEY_ANSWER_INSERT, a, 6, NULL, NULL, NULL)) != ST_OK)
			break;
		c->surveys++;
	}
	return rc;
}

static int
point_id_row(void *ctx, const struct st_row *row)
{
	struct seed_ctx *c = ctx;
	if (c->npoints < MAX_IDS)
		c->points[c->npoints++] = st_i64(row, 0);
	return 0;
}

static int
person_id_row(void *ctx, const struct st_row *row)
{
	struct seed_ctx *c = ctx;
	if (c->npersons < MAX_IDS)
		c->persons[c->npersons++] = st_i64(row, 0);
	return 0;
}

static int
channel_pick(struct rng *r, int weekend)
{
	int x = (int)rng_int(r, 0, 99);
	if (weekend)
		return x < 65 ? CH_EMAIL : CH_CHAT;
	static const struct {
		int upto, ch;
	} mix[] = { { 45, CH_PHONE }, { 63, CH_EMAIL }, { 78, CH_IN_PERSON }, { 86, CH_CHAT },
		{ 91, CH_VIRTUAL }, { 95, CH_OUTREACH }, { 100, CH_ASSISTED_PHONE } };
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		if (x < mix[i].upto)
			return mix[i].ch;
	return CH_PHONE;
}

/* Minutes after 8:30 local, weighted to 10:00-11:30 and 13:30-15:00. */
static int
minute_pick(struct rng *r)
{
	int x = (int)rng_int(r, 0, 99);
	if (x < 35)
		return (int)rng_int(r, 90, 180);
	if (x < 60)
		return (int)rng_int(r, 300, 390);
	return (int)rng_int(r, 0, 510);
}

/* A call's wait in seconds: mostly short, a tail beyond 10 minutes. */
static int64_t
wait_pick(struct rng *r)
{
	int x = (int)rng_int(r, 0, 99);
	if (x < 55)
		return rng_int(r, 5, 120);
	if (x < 85)
		return rng_int(r, 120, 600);
	return rng_int(r, 601, 1500);
}

static const char *const topics[] = { "apprenticeship", "apprenticeship", "apprenticeship",
	"information", "information", "exams", "employment" };

static enum st_rc
seed_tx(struct st_tx *tx, void *v)
{
	struct seed_ctx *c = v;
	struct rng rng = { c->o->seed * UINT64_C(0x9E3779B97F4A7C15) + 4 };
	enum st_rc rc;
	c->npoints = c->npersons = 0;
	c->written = c->surveys = 0;
	c->nserved = 0;
	if ((rc = st_exec(tx, Q_CONTACT_POINTS, NULL, 0, point_id_row, c, NULL)) != ST_OK ||
	    (rc = st_exec(tx, Q_CONTACT_SEED_PERSONS, NULL, 0, person_id_row, c, NULL)) != ST_OK)
		return rc;
	int64_t call_no = 0;
	for (int32_t day = c->o->today - SEED_DAYS; day < c->o->today && rc == ST_OK; day++) {
		int wd = date_weekday(day), weekend = wd == 0 || wd == 6;
		int n = weekend ? (int)rng_int(&rng, 2, 6) : bizdays_is_holiday(day) ?
		    (int)rng_int(&rng, 3, 8) : (int)rng_int(&rng, 28, 40) + (wd == 1 ? 12 : 0);
		int64_t day0 = date_start_us_local(day);
		for (int k = 0; k < n && rc == ST_OK; k++) {
			struct contact_in in = { .channel = channel_pick(&rng, weekend) };
			in.lang = rng_pct(&rng, 24) ? "fr" : rng_pct(&rng, 3) ? (rng_pct(&rng, 50) ?
			    "oj" : "cr") : "en";
			in.topic = topics[rng_int(&rng, 0, (int64_t)(sizeof(topics) / sizeof(topics[0])) - 1)];
			if (c->npoints > 0 && in.channel != CH_EMAIL)
				in.point_id = c->points[rng_int(&rng, 0, c->npoints - 1)];
			if (c->npersons > 0 && rng_pct(&rng, 30))
				in.person_id = c->persons[rng_int(&rng, 0, c->npersons - 1)];
			in.arrived_us = day0 + (8 * 60 + 30 + minute_pick(&rng)) * MIN_US +
			    rng_int(&rng, 0, 59) * 1000000;
			if (weekend)
				in.arrived_us = day0 + rng_int(&rng, 7 * 60, 22 * 60) * MIN_US;
			int served = 1;
			switch (in.channel) {
			case CH_PHONE:
			case CH_CHAT:
				in.queued_us = in.arrived_us + rng_int(&rng, 10, 45) * 1000000;
				if (rng_pct(&rng, 7)) {
					served = 0;
				} else {
					in.answered_us = in.queued_us + wait_pick(&rng) * 1000000;
					in.ended_us = in.answered_us + rng_int(&rng, 2, 20) * MIN_US;
				}
				if (in.channel == CH_PHONE)
					call_no++;
				break;
			case CH_EMAIL: {
				/* Answered 0-4 business days later, mostly within 2. */
				int x = (int)rng_int(&rng, 0, 99);
				int bd = x < 30 ? 0 : x < 62 ? 1 : x < 88 ? 2 : x < 96 ? 3 : 4;
				int32_t d = date_of_us_local(in.arrived_us);
				int32_t ad = bd == 0 ? d : bizdays_add(d, bd);
				int64_t t = date_start_us_local(ad) + rng_int(&rng, 9 * 60, 16 * 60) * MIN_US;
				if (t <= in.arrived_us)
					t = in.arrived_us + rng_int(&rng, 20, 180) * MIN_US;
				/* The last days' e-mails may still be waiting. */
				if (date_of_us_local(t) >= c->o->today)
					served = 0;
				else
					in.answered_us = in.ended_us = t;
				break;
			}
			default:
				in.answered_us = in.arrived_us + rng_int(&rng, 0, 20) * MIN_US;
				in.ended_us = in.answered_us + rng_int(&rng, 5, 45) * MIN_US;
				break;
			}
			if (served) {
				in.resolved_first = rng_pct(&rng, 76);
				int x = (int)rng_int(&rng, 0, 99);
				in.outcome = in.resolved_first ? (x < 10 ? OUT_REFERRAL : OUT_NONE) :
				    (x < 35 ? OUT_REFERRAL : OUT_NONE);
			}
			char ext[32];
			if (in.channel == CH_PHONE) {
				snprintf(ext, sizeof(ext), "DEMO-CALL-%06lld", (long long)call_no);
				in.external_id = ext;
			}
			struct st_param p[] = { SP_STR(contact_channels[in.channel]),
				SP_OPTINT(in.point_id > 0, in.point_id), SP_STR(in.lang), SP_STR(in.topic),
				SP_OPTINT(in.person_id > 0, in.person_id), SP_INT(in.arrived_us),
				SP_OPTINT(in.queued_us != 0, in.queued_us),
				SP_OPTINT(in.answered_us != 0, in.answered_us),
				SP_OPTINT(in.ended_us != 0, in.ended_us), SP_INT(in.resolved_first),
				SP_STR(contact_outcomes[in.outcome]), SP_NUL, SP_STR(in.external_id), SP_NUL,
				SP_INT(in.ended_us ? in.ended_us : in.arrived_us) };
			rc = st_exec(tx, Q_CONTACT_INSERT, p, sizeof(p) / sizeof(p[0]), NULL, NULL, NULL);
			c->written++;
		}
	}
	if (rc == ST_OK)
		rc = seed_surveys(tx, c, &rng);
	if (rc != ST_OK)
		return rc;
	json_t *payload = json_pack("{s:I,s:I,s:i}", "contacts", (json_int_t)c->written,
	    "survey_answers", (json_int_t)c->surveys, "days", SEED_DAYS);
	struct audit_event ev = { "contact", 0, 0, "contacts.seeded", NULL, NULL, payload };
	rc = audit_append(tx, NULL, &ev, NULL);
	json_decref(payload);
	return rc;
}

int
seed_contacts(struct store *st, const struct seed_opts *o, char *err, size_t errn)
{
	struct seed_ctx c;
	memset(&c, 0, sizeof(c));
	c.o = o;
	enum st_rc rc = st_write(st, seed_tx, &c);
	free(c.served);
	if (rc != ST_OK) {
		snprintf(err, errn, "writing the demo contacts failed (%s)", st_rc_name(rc));
		return -1;
	}
	if (!o->quiet)
		fprintf(stderr, "seed: %lld contacts, %lld survey answers\n", (long long)c.written,
		    (long long)c.surveys);
	return 0;
}
