/* seed: the deterministic demo data set.
 *
 * seed_run() fills an empty, migrated database with a realistic picture of an apprenticeship
 * office: the Ontario region tree, sponsors in every region, a few thousand persons with
 * English and French names, training agreements started over the last three years in every
 * state of the program (with their events, service-standard clocks and hours, some past their
 * standard), and demo accounts for every role.
 *
 * Deterministic: the same seed and the same anchor day give the same data. Events are
 * replayed in time order through the normal domain functions (so every record has its
 * audit trail), with the clock shifted to each event's moment. */
#ifndef PASSERELLE_SEED_H
#define PASSERELLE_SEED_H
#include <stdint.h>

#include "store/store.h"

struct seed_opts {
	uint64_t seed;
	int persons;           /* number of persons (default 3000) */
	int32_t today;         /* anchor day (days since epoch) */
	const char *password;  /* password of every demo account */
	int quiet;
};

struct seed_account {
	const char *email, *role, *what;
};

/* Runs the seed. 0 ok; -1 with a message in err (the database is left as it was when the
 * failure came from a check; partial writes are possible only on I/O failure). */
int seed_run(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* The service network (seed_network.c): catchments' managers, phases, milestones and
 * providers. 0 ok; -1 with a message in err. */
/* The issuer's signing key (seed_certs.c), made before the demo history is replayed so that
 * certificates earned in it are signed. */
int seed_signing_key(struct store *st, char *err, size_t errn);

int seed_network(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* The demo network of points of service with outreach schedules (seed_points.c), called by
 * seed_run after seed_network. 0 ok; -1 with a message in err. */
int seed_points(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* The demo's client contacts (seed_contacts.c), called by seed_run after the points of
 * service. 0 ok; -1 with a message in err. */
int seed_contacts(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* Three demo client segments (seed_segments.c), created as the demo administrator, after the
 * contacts. 0 ok; -1 with a message in err. */
int seed_segments(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* The demo's certification exams (seed_exams.c), after the segments: sessions, bookings,
 * accommodations and results; the demo client is made eligible for upcoming 309A sessions.
 * 0 ok; -1 with a message in err. */
int seed_exams(struct store *st, const struct seed_opts *o, char *err, size_t errn);
/* The demo accounts seed_run creates (NULL-terminated). */
extern const struct seed_account seed_accounts[];

#endif
