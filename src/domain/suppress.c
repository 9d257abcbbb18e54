/* suppress.c: small-cell suppression (primary, then complementary) on a table of counts with
 * its totals; the rules are described in suppress.h. */
#include "domain/suppress.h"

#include <string.h>

#define MAXV (2 * (SUPPRESS_MAX_DIM + 1))
#define ZERO_PENALTY (INT64_C(1) << 40) /* hiding a zero helps little: only as a last resort */

void
suppress_augment(int rows, int cols, const int64_t *cells, int64_t *aug)
{
	int w = cols + 1;
	memset(aug, 0, sizeof(*aug) * (size_t)(rows + 1) * (size_t)w);
	for (int i = 0; i < rows; i++)
		for (int j = 0; j < cols; j++) {
			int64_t v = cells[i * cols + j];
			aug[i * w + j] = v;
			aug[i * w + cols] += v;
			aug[rows * w + j] += v;
			aug[rows * w + cols] += v;
		}
}

/* A line is a row (horizontal) or a column of the augmented table; n entries, the last is
 * the line's total. Entry k of line l. */
struct line {
	int horizontal, index, n;
};

static int
line_at(const struct line *l, int w, int k)
{
	return l->horizontal ? l->index * w + k : k * w + l->index;
}

/* Step 1 on one line: adds a complementary entry when exactly one is suppressed. */
static int
line_complete(const struct line *l, int w, const int64_t *aug, uint8_t *flags)
{
	int count = 0;
	for (int k = 0; k < l->n; k++)
		if (flags[line_at(l, w, k)] != SUPPRESS_SHOWN)
			count++;
	if (count != 1)
		return 0;
	/* Smallest non-zero ordinary entry, then the line's total, then (never expected with
	 * consistent totals) a zero. */
	int best = -1;
	for (int k = 0; k < l->n - 1; k++) {
		int at = line_at(l, w, k);
		if (flags[at] == SUPPRESS_SHOWN && aug[at] > 0 && (best < 0 || aug[at] < aug[best]))
			best = at;
	}
	if (best < 0) {
		int at = line_at(l, w, l->n - 1);
		if (flags[at] == SUPPRESS_SHOWN && aug[at] > 0)
			best = at;
	}
	for (int k = 0; best < 0 && k < l->n; k++)
		if (flags[line_at(l, w, k)] == SUPPRESS_SHOWN)
			best = line_at(l, w, k);
	if (best < 0)
		return 0;
	flags[best] = SUPPRESS_COMPLEMENT;
	return 1;
}

/* Vertices: row i is i, column j is (rows + 1) + j; entry (i, j) is the edge between them. */
int
suppress_entry_determined(int rows, int cols, const uint8_t *flags, int i, int j)
{
	int w = cols + 1, nr = rows + 1, nv = nr + w;
	int seen[MAXV] = { 0 }, stack[MAXV], top = 0;
	if (flags[i * w + j] == SUPPRESS_SHOWN)
		return 0;
	seen[i] = 1;
	stack[top++] = i;
	while (top > 0) {
		int v = stack[--top];
		for (int u = 0; u < nv; u++) {
			int r, c;
			if (seen[u] || (v < nr) == (u < nr))
				continue;
			r = v < nr ? v : u;
			c = (v < nr ? u : v) - nr;
			if ((r == i && c == j) || flags[r * w + c] == SUPPRESS_SHOWN)
				continue;
			seen[u] = 1;
			stack[top++] = u;
		}
	}
	return !seen[nr + j];
}

static int64_t
entry_cost(int64_t v)
{
	return v > 0 ? v + 1 : ZERO_PENALTY + 1;
}

/* Step 2 for one determined entry: suppresses the cheapest path from row i to column j that
 * avoids the entry itself, closing a cycle through it (Dijkstra on the dense graph). */
static void
entry_close_cycle(int rows, int cols, const int64_t *aug, uint8_t *flags, int i, int j)
{
	int w = cols + 1, nr = rows + 1, nv = nr + w;
	int64_t dist[MAXV];
	int prev[MAXV], done[MAXV] = { 0 };
	for (int v = 0; v < nv; v++) {
		dist[v] = -1;
		prev[v] = -1;
	}
	dist[i] = 0;
	for (;;) {
		int v = -1;
		for (int u = 0; u < nv; u++)
			if (!done[u] && dist[u] >= 0 && (v < 0 || dist[u] < dist[v]))
				v = u;
		if (v < 0 || v == nr + j)
			break;
		done[v] = 1;
		for (int u = 0; u < nv; u++) {
			int r, c;
			int64_t d;
			if (done[u] || (v < nr) == (u < nr))
				continue;
			r = v < nr ? v : u;
			c = (v < nr ? u : v) - nr;
			if (r == i && c == j)
				continue;
			d = dist[v] + (flags[r * w + c] == SUPPRESS_SHOWN ? entry_cost(aug[r * w + c]) : 0);
			if (dist[u] < 0 || d < dist[u]) {
				dist[u] = d;
				prev[u] = v;
			}
		}
	}
	/* A path always exists: the augmented table has at least two rows and two columns. */
	for (int v = nr + j; prev[v] >= 0; v = prev[v]) {
		int u = prev[v];
		int r = v < nr ? v : u, c = (v < nr ? u : v) - nr;
		if (flags[r * w + c] == SUPPRESS_SHOWN)
			flags[r * w + c] = SUPPRESS_COMPLEMENT;
	}
}

int
suppress_table(int rows, int cols, const int64_t *cells, uint8_t *flags)
{
	int64_t aug[(SUPPRESS_MAX_DIM + 1) * (SUPPRESS_MAX_DIM + 1)];
	int w = cols + 1, n;
	if (rows < 1 || cols < 1 || rows > SUPPRESS_MAX_DIM || cols > SUPPRESS_MAX_DIM)
		return -1;
	for (int k = 0; k < rows * cols; k++)
		if (cells[k] < 0)
			return -1;
	suppress_augment(rows, cols, cells, aug);
	n = (rows + 1) * w;
	for (int k = 0; k < n; k++)
		flags[k] = aug[k] > 0 && aug[k] < SUPPRESS_THRESHOLD ? SUPPRESS_PRIMARY : SUPPRESS_SHOWN;

	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 0; i <= rows; i++) {
			struct line l = { 1, i, w };
			changed |= line_complete(&l, w, aug, flags);
		}
		for (int j = 0; j <= cols; j++) {
			struct line l = { 0, j, rows + 1 };
			changed |= line_complete(&l, w, aug, flags);
		}
	}
	/* Each pass closes a cycle through a determined entry; entries already on a cycle stay
	 * on it, so this ends (at worst with the whole table hidden). */
	for (int changed = 1; changed;) {
		changed = 0;
		for (int k = 0; k < n && !changed; k++)
			if (suppress_entry_determined(rows, cols, flags, k / w, k % w)) {
				entry_close_cycle(rows, cols, aug, flags, k / w, k % w);
				changed = 1;
			}
	}
	return 0;
}
