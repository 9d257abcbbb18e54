/* kdtree: a static 3-D k-d tree over unit vectors (kdtree.h).
 *
 * Layout: the points are permuted into one array; each node covers a contiguous range of it
 * and keeps its bounding box. Inner nodes split their range at the median of the widest axis
 * (quickselect, so building is O(n log n) on average); leaves hold up to KD_LEAF points.
 * A search keeps the best k answers in a max-heap ordered by (chord2, id) in the caller's
 * output array, visits the nearer child first and skips a node whose box is farther than the
 * current k-th answer. A node at exactly the k-th distance is still visited: it may hold a
 * tie with a lower id. Box distances never exceed a contained point's distance in floating
 * point (each step is a correctly rounded, monotone operation), so pruning never loses an
 * answer a scan would give. */
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "geo/kdtree.h"

struct kd_pt {
	double v[3];
	int64_t id;
	size_t idx;
};

struct kd_node {
	double lo[3], hi[3];     /* bounding box of the points below */
	size_t begin, end;       /* range of pts */
	int32_t left, right;     /* children, -1 for a leaf */
};

struct kdtree {
	struct kd_pt *pts;
	struct kd_node *nodes;
	size_t n, nnodes, cap;
};

static void
node_box(struct kd_node *nd, const struct kd_pt *p)
{
	for (int d = 0; d < 3; d++) {
		nd->lo[d] = p[nd->begin].v[d];
		nd->hi[d] = p[nd->begin].v[d];
	}
	for (size_t i = nd->begin + 1; i < nd->end; i++)
		for (int d = 0; d < 3; d++) {
			if (p[i].v[d] < nd->lo[d])
				nd->lo[d] = p[i].v[d];
			if (p[i].v[d] > nd->hi[d])
				nd->hi[d] = p[i].v[d];
		}
}

static void
swap_pt(struct kd_pt *a, struct kd_pt *b)
{
	struct kd_pt t = *a;
	*a = *b;
	*b = t;
}

/* Places the element of rank k (by axis d) at position k of p[lo..hi), smaller ones before. */
static void
select_k(struct kd_pt *p, size_t lo, size_t hi, size_t k, int d)
{
	while (hi - lo > 3) {
		/* median of three as the pivot keeps sorted inputs from going quadratic */
		size_t mid = lo + (hi - lo) / 2;
		if (p[mid].v[d] < p[lo].v[d])
			swap_pt(&p[mid], &p[lo]);
		if (p[hi - 1].v[d] < p[lo].v[d])
			swap_pt(&p[hi - 1], &p[lo]);
		if (p[hi - 1].v[d] < p[mid].v[d])
			swap_pt(&p[hi - 1], &p[mid]);
		double pivot = p[mid].v[d];
		size_t i = lo, j = hi - 1;
		for (;;) {
			while (p[i].v[d] < pivot)
				i++;
			while (p[j].v[d] > pivot)
				j--;
			if (i >= j)
				break;
			swap_pt(&p[i], &p[j]);
			i++;
			j--;
		}
		/* p[lo..j] <= pivot <= p[j+1..hi) */
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
	}
	/* three or fewer left: insertion sort (the partition needs a pivot strictly inside) */
	for (size_t i = lo + 1; i < hi; i++)
		for (size_t j = i; j > lo && p[j].v[d] < p[j - 1].v[d]; j--)
			swap_pt(&p[j], &p[j - 1]);
}

static int32_t
build(struct kdtree *t, size_t begin, size_t end)
{
	int32_t me = (int32_t)t->nnodes++;
	struct kd_node *nd = &t->nodes[me];
	nd->begin = begin;
	nd->end = end;
	nd->left = nd->right = -1;
	node_box(nd, t->pts);
	if (end - begin <= KD_LEAF)
		return me;
	int d = 0;
	double w = nd->hi[0] - nd->lo[0];
	for (int k = 1; k < 3; k++)
		if (nd->hi[k] - nd->lo[k] > w) {
			w = nd->hi[k] - nd->lo[k];
			d = k;
		}
	size_t mid = begin + (end - begin) / 2;
	select_k(t->pts, begin, end, mid, d);
	int32_t l = build(t, begin, mid);
	int32_t r = build(t, mid, end);
	/* t->nodes never moves during the build (allocated up front) */
	t->nodes[me].left = l;
	t->nodes[me].right = r;
	return me;
}

struct kdtree *
kd_build(const double (*xyz)[3], const int64_t *ids, size_t n)
{
	struct kdtree *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->n = n;
	if (n == 0)
		return t;
	t->pts = malloc(n * sizeof(*t->pts));
	/* a tree with leaves of >= KD_LEAF/2 points has fewer than 2n/(KD_LEAF/2) + 1 nodes */
	t->cap = 2 * (n / (KD_LEAF / 2) + 1);
	t->nodes = malloc(t->cap * sizeof(*t->nodes));
	if (t->pts == NULL || t->nodes == NULL) {
		kd_free(t);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(t->pts[i].v, xyz[i], sizeof(t->pts[i].v));
		t->pts[i].id = ids[i];
		t->pts[i].idx = i;
	}
	build(t, 0, n);
	return t;
}

void
kd_free(struct kdtree *t)
{
	if (t == NULL)
		return;
	free(t->pts);
	free(t->nodes);
	free(t);
}

size_t
kd_size(const struct kdtree *t)
{
	return t ? t->n : 0;
}

/* ---- search ---- */

static bool
before(double d2a, int64_t ida, double d2b, int64_t idb)
{
	return d2a < d2b || (d2a == d2b && ida < idb);
}

struct search {
	const struct kdtree *t;
	double q[3];
	kd_filter filter;
	void *ctx;
	struct kd_hit *heap;     /* max-heap: heap[0] is the worst answer kept */
	size_t k, n;
	double bound2;           /* radius limit (squared chord) */
	size_t count;            /* kd_count_within */
	bool counting;
};

static void
heap_down(struct kd_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && before(h[m].chord2, h[m].id, h[l].chord2, h[l].id))
			m = l;
		if (r < n && before(h[m].chord2, h[m].id, h[r].chord2, h[r].id))
			m = r;
		if (m == i)
			return;
		struct kd_hit x = h[i];
		h[i] = h[m];
		h[m] = x;
		i = m;
	}
}

static void
heap_up(struct kd_hit *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!before(h[p].chord2, h[p].id, h[i].chord2, h[i].id))
			return;
		struct kd_hit x = h[i];
		h[i] = h[p];
		h[p] = x;
		i = p;
	}
}

static double
box_dist2(const struct kd_node *nd, const double q[3])
{
	double s = 0.0;
	for (int d = 0; d < 3; d++) {
		double g = 0.0;
		if (q[d] < nd->lo[d])
			g = nd->lo[d] - q[d];
		else if (q[d] > nd->hi[d])
			g = q[d] - nd->hi[d];
		s += g * g;
	}
	return s;
}

/* The distance beyond which nothing can enter the answers. */
static double
limit2(const struct search *s)
{
	if (!s->counting && s->n == s->k && s->heap[0].chord2 < s->bound2)
		return s->heap[0].chord2;
	return s->bound2;
}

static void
offer(struct search *s, const struct kd_pt *p)
{
	double d2 = geo_chord2(s->q, p->v);
	if (d2 > s->bound2)
		return;
	if (s->counting) {
		if (s->filter == NULL || s->filter(p->idx, s->ctx))
			s->count++;
		return;
	}
	if (s->n == s->k && !before(d2, p->id, s->heap[0].chord2, s->heap[0].id))
		return;
	/* the filter runs last: it is the caller's, possibly the slowest test */
	if (s->filter != NULL && !s->filter(p->idx, s->ctx))
		return;
	struct kd_hit h = { p->idx, p->id, d2 };
	if (s->n < s->k) {
		s->heap[s->n] = h;
		heap_up(s->heap, s->n++);
	} else {
		s->heap[0] = h;
		heap_down(s->heap, s->n, 0);
	}
}

static void
visit(struct search *s, int32_t ni)
{
	const struct kd_node *nd = &s->t->nodes[ni];
	if (nd->left < 0) {
		for (size_t i = nd->begin; i < nd->end; i++)
			offer(s, &s->t->pts[i]);
		return;
	}
	const struct kd_node *l = &s->t->nodes[nd->left], *r = &s->t->nodes[nd->right];
	double dl = box_dist2(l, s->q), dr = box_dist2(r, s->q);
	int32_t first = nd->left, second = nd->right;
	double d1 = dl, d2 = dr;
	if (dr < dl) {
		first = nd->right;
		second = nd->left;
		d1 = dr;
		d2 = dl;
	}
	if (d1 <= limit2(s))
		visit(s, first);
	if (d2 <= limit2(s))
		visit(s, second);
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct kd_hit *x = a, *y = b;
	if (before(x->chord2, x->id, y->chord2, y->id))
		return -1;
	return before(y->chord2, y->id, x->chord2, x->id) ? 1 : 0;
}

static size_t
run(const struct kdtree *t, const double q[3], size_t k, double bound2, kd_filter filter,
    void *ctx, struct kd_hit *out)
{
	if (t == NULL || t->n == 0 || k == 0)
		return 0;
	struct search s = { .t = t, .q = { q[0], q[1], q[2] }, .filter = filter, .ctx = ctx,
		.heap = out, .k = k, .bound2 = bound2 };
	if (box_dist2(&t->nodes[0], q) <= bound2)
		visit(&s, 0);
	qsort(out, s.n, sizeof(*out), cmp_hit);
	return s.n;
}

size_t
kd_nearest(const struct kdtree *t, const double q[3], size_t k, kd_filter filter, void *ctx,
    struct kd_hit *out)
{
	/* 4 exceeds any squared chord between unit vectors */
	return run(t, q, k, 5.0, filter, ctx, out);
}

size_t
kd_within(const struct kdtree *t, const double q[3], double chord2_max, kd_filter filter,
    void *ctx, struct kd_hit *out, size_t max)
{
	return run(t, q, max, chord2_max, filter, ctx, out);
}

size_t
kd_count_within(const struct kdtree *t, const double q[3], double chord2_max, kd_filter filter,
    void *ctx)
{
	if (t == NULL || t->n == 0)
		return 0;
	struct search s = { .t = t, .q = { q[0], q[1], q[2] }, .filter = filter, .ctx = ctx,
		.bound2 = chord2_max, .counting = true };
	if (box_dist2(&t->nodes[0], q) <= chord2_max)
		visit(&s, 0);
	return s.count;
}
