/* ratelimit: token buckets in a fixed table (see ratelimit.h). */
#include "http/ratelimit.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

void
ratelimit_init(struct ratelimit *rl, double burst, double per_second)
{
	memset(rl, 0, sizeof(*rl));
	pthread_mutex_init(&rl->mu, NULL);
	rl->burst = burst;
	rl->per_second = per_second;
	randombytes_buf(rl->hash_key, sizeof(rl->hash_key));
	for (int i = 0; i < RATELIMIT_SLOTS; i++)
		rl->slot[i].tokens = burst;
}

int
ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_us)
{
	uint64_t h;
	/* Keyed hash: a client cannot aim at another's slot. */
	crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), rl->hash_key);
	int i = (int)(h % RATELIMIT_SLOTS);
	int wait = 0;
	pthread_mutex_lock(&rl->mu);
	double t = rl->slot[i].tokens;
	if (rl->slot[i].at_us != 0 && now_us > rl->slot[i].at_us)
		t += (double)(now_us - rl->slot[i].at_us) / 1e6 * rl->per_second;
	if (t > rl->burst)
		t = rl->burst;
	if (t >= 1.0) {
		t -= 1.0;
	} else {
		wait = (int)ceil((1.0 - t) / rl->per_second);
		if (wait < 1)
			wait = 1;
	}
	rl->slot[i].tokens = t;
	rl->slot[i].at_us = now_us;
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
