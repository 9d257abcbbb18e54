/* Benchmark loader: fills a migrated database with N public certificates for the public-
 * verification benchmark (bench/credentials.sh), through the same domain functions the
 * service uses, so that every row is what production would hold:
 *   person_create   a person with a simple deterministic name (duplicate check skipped:
 *                   many people share a name and a birth date here);
 *   certs_issue     a Certificate of Qualification (two in three; Red Seal on every other
 *                   one where the trade has it) or of Apprenticeship, numbered, with a random
 *                   status index, signed (eddsa-jcs-2022) and audited;
 *   certs_set_public the holder's own choice to let anyone download it (as the holder).
 * Batches of --batch certificates (default 1,000) per st_write. Prints progress, the total
 * time and where the time went (per-certificate microseconds of each step; "commit" is the
 * rest of the batch's wall time: the writer's commit and fsync).
 * Usage: cert_load [--count N] [--batch B] [configuration flags, as passerelle's]
 *   (the database and field key come from PASSERELLE_DB / PASSERELLE_FIELD_KEY or flags). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/cfg.h"
#include "core/timeutil.h"
#include "domain/certs.h"
#include "domain/persons.h"
#include "domain/seed.h"
#include "domain/trades.h"

static const char *const given[] = { "Alex", "Amélie", "Benoît", "Chantal", "David", "Émilie",
	"François", "Gabrielle", "Hugo", "Isabelle", "Jacob", "Karine", "Liam", "Mélanie", "Noah",
	"Olivia", "Pierre", "Raphaël", "Sophie", "Thomas", "Valérie", "William", "Zoé", "Nathalie" };
static const char *const family[] = { "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard",
	"Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger",
	"Lévesque", "Bergeron", "Leblanc", "Smith", "Brown", "Wilson", "MacDonald", "Taylor",
	"Campbell", "Anderson", "Martin", "Thompson", "Nguyen", "Singh", "Patel", "Wong", "Chen",
	"Lee", "Kowalski" };
#define NGIVEN (sizeof(given) / sizeof(given[0]))
#define NFAMILY (sizeof(family) / sizeof(family[0]))

struct step_us {
	double person, issue, publish;
};

struct batch {
	long long first, n;
	const struct trade *trades;
	size_t ntrades;
	struct step_us t;
	char why[200];
};

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One certificate: its holder, the certificate, made public. */
static enum st_rc
load_one(struct st_tx *tx, struct batch *b, long long i)
{
	static const struct principal staff = { .role = ROLE_EXAM_ADMIN };
	struct arena a;
	arena_init(&a);
	struct dom_err err = { 0 };
	json_t *out = NULL;
	double t0 = now_s();
	/* Names cycle through given × family with a number so that they stay distinct. */
	struct person_in in = { .given_name = given[i % NGIVEN],
		.family_name = arena_printf(&a, "%s %lld", family[(i / NGIVEN) % NFAMILY], i / NGIVEN / NFAMILY + 1),
		.birth_date = date_from_ymd(1960, 1, 1) + (int32_t)(i % 15000), .lang = (int)(i % 4 == 0),
		.has_lang = 1, .confirm_not_duplicate = 1 };
	enum st_rc rc = person_create(tx, &a, &staff, &in, &out, &err);
	int64_t pid = 0;
	if (rc == ST_OK)
		pid = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	out = NULL;
	double t1 = now_s();
	const struct trade *t = &b->trades[i % b->ntrades];
	int64_t cert = 0;
	if (rc == ST_OK) {
		struct cert_issue_in ci = { .kind = i % 3 ? CERT_QUALIFICATION : CERT_APPRENTICESHIP,
			.person_id = pid, .trade_code = t->code, .red_seal = (int)(i % 2),
			.source_ref = arena_printf(&a, "bench:%lld", i) };
		rc = certs_issue(tx, &a, &staff, &ci, &cert, &err);
	}
	double t2 = now_s();
	if (rc == ST_OK) {
		struct principal holder = { .role = ROLE_CLIENT, .person_id = pid };
		rc = certs_set_public(tx, &a, &holder, cert, 1, LANG_EN, &out, &err);
		json_decref(out);
	}
	double t3 = now_s();
	b->t.person += t1 - t0;
	b->t.issue += t2 - t1;
	b->t.publish += t3 - t2;
	if (rc != ST_OK)
		snprintf(b->why, sizeof(b->why), "certificate %lld: %s (refusal %d)", i + 1,
		    st_rc_name(rc), (int)err.e);
	json_decref(err.extra);
	arena_free(&a);
	return rc;
}

static enum st_rc
batch_tx(struct st_tx *tx, void *v)
{
	struct batch *b = v;
	for (long long i = b->first; i < b->first + b->n; i++) {
		enum st_rc rc = load_one(tx, b, i);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

int
main(int argc, char **argv)
{
	struct cfg c;
	char err[600];
	if (cfg_load(&c, &argc, argv, err, sizeof(err)) != 0) {
		fprintf(stderr, "cert_load: %s\n", err);
		return 2;
	}
	const char *o;
	long long count = (o = cli_opt(argc, argv, "count")) ? atoll(o) : 1000000;
	long long per = (o = cli_opt(argc, argv, "batch")) ? atoll(o) : 1000;
	if (count < 1 || per < 1) {
		fprintf(stderr, "usage: cert_load [--count N] [--batch B]\n");
		cfg_free(&c);
		return 2;
	}
	if (cli_init(&c, 1) != 0) {
		cfg_free(&c);
		return 2;
	}
	struct store *st = cli_open(&c, 1);
	if (st == NULL) {
		cfg_free(&c);
		return 1;
	}
	int status = 0;
	if (seed_signing_key(st, err, sizeof(err)) != 0) {
		fprintf(stderr, "cert_load: %s\n", err);
		status = 1;
	}
	struct batch b = { 0 };
	b.trades = trades_all(&b.ntrades);
	double start = now_s(), last = start, commit = 0;
	for (long long done = 0; status == 0 && done < count; done += b.n) {
		b.first = done;
		b.n = count - done < per ? count - done : per;
		struct step_us before = b.t;
		double t0 = now_s();
		enum st_rc rc = st_write(st, batch_tx, &b);
		double spent = now_s() - t0;
		commit += spent - ((b.t.person - before.person) + (b.t.issue - before.issue) +
		    (b.t.publish - before.publish));
		if (rc != ST_OK) {
			fprintf(stderr, "cert_load: batch from %lld failed: %s\n", done + 1,
			    b.why[0] ? b.why : st_rc_name(rc));
			status = 1;
			break;
		}
		double now = now_s();
		if (now - last >= 10 || done + b.n == count) {
			printf("cert_load: %lld / %lld certificates, %.0f s, %.0f /s\n", done + b.n, count,
			    now - start, (double)(done + b.n) / (now - start));
			fflush(stdout);
			last = now;
		}
	}
	if (status == 0) {
		double total = now_s() - start, n = (double)count;
		printf("cert_load: %lld certificates in %.1f s (%.0f /s)\n", count, total, n / total);
		printf("cert_load: per certificate: person_create %.0f us, certs_issue %.0f us, "
		    "certs_set_public %.0f us, commit and writer %.0f us\n", b.t.person / n * 1e6,
		    b.t.issue / n * 1e6, b.t.publish / n * 1e6, commit / n * 1e6);
	}
	st_close(st);
	cfg_free(&c);
	return status;
}
