/* kdtree: a static spatial index over points on the sphere.
 *
 * A 3-D k-d tree over the points' unit vectors (geo_unit): the squared chord orders exactly
 * like the great-circle distance, and a 3-D tree has no trouble at the poles or the
 * antimeridian. Built once in O(n log n) (median split on the widest axis, leaves of up to
 * KD_LEAF points, each node with its bounding box), then immutable: any number of threads
 * may search one tree at the same time without locking.
 *
 * Results are exact and deterministic: they are the ones a brute-force scan computing
 * geo_chord2 on the same vectors gives, ordered by (squared chord, id) — ties go to the lower
 * id. */
#ifndef PASSERELLE_KDTREE_H
#define PASSERELLE_KDTREE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KD_LEAF 8

struct kdtree;

/* One answer: idx is the point's position in the arrays given to kd_build. */
struct kd_hit {
	size_t idx;
	int64_t id;
	double chord2;
};

/* Accepts or rejects the point at input position idx (e.g. "offers exams in French"). */
typedef bool (*kd_filter)(size_t idx, void *ctx);

/* Builds the index over n unit vectors xyz[i] with their ids (copied; the caller keeps its
 * arrays). n may be 0. NULL only when memory runs out. */
struct kdtree *kd_build(const double (*xyz)[3], const int64_t *ids, size_t n);
void kd_free(struct kdtree *t);
size_t kd_size(const struct kdtree *t);

/* The k points nearest to the unit vector q that pass filter (NULL: all), nearest first,
 * written to out[0..k-1]; returns how many (fewer than k when fewer pass). */
size_t kd_nearest(const struct kdtree *t, const double q[3], size_t k, kd_filter filter,
    void *ctx, struct kd_hit *out);
/* The same limited to squared chord <= chord2_max (a radius query: see geo_km_to_chord):
 * at most max points, nearest first. */
size_t kd_within(const struct kdtree *t, const double q[3], double chord2_max, kd_filter filter,
    void *ctx, struct kd_hit *out, size_t max);
/* How many points lie within squared chord chord2_max of q and pass filter. */
size_t kd_count_within(const struct kdtree *t, const double q[3], double chord2_max,
    kd_filter filter, void *ctx);

#endif
