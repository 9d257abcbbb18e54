/* ratelimit: per-client token buckets for public endpoints that must not be scraped or
 * hammered (the certificate register). A fixed table of buckets indexed by a keyed hash of
 * the client address: bounded memory whatever the traffic; two clients sharing a slot share a
 * budget, which errs on the side of refusing. */
#ifndef PASSERELLE_RATELIMIT_H
#define PASSERELLE_RATELIMIT_H
#include <pthread.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 4096

struct ratelimit {
	pthread_mutex_t mu;
	double burst;          /* bucket size */
	double per_second;     /* refill rate */
	unsigned char hash_key[16];
	struct {
		double tokens;
		int64_t at_us;
	} slot[RATELIMIT_SLOTS];
};

void ratelimit_init(struct ratelimit *rl, double burst, double per_second);
/* Takes one token for key at now_us: 0 when allowed, else the whole seconds to wait (>= 1). */
int ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_us);

#endif
