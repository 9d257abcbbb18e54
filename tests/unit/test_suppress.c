/* test_suppress: small-cell suppression on hand-built tables (one small cell, chains across
 * rows and columns, no small cells, all-small rows, zeros, a bridge between two groups of
 * suppressed cells) and a seeded property test on 1,000 random tables up to 6 x 6 that checks
 * the result against an independent linear-algebra test of what the published totals reveal. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/suppress.h"
#include "t.h"

#define MAXN ((SUPPRESS_MAX_DIM + 1) * (SUPPRESS_MAX_DIM + 1))

static int
hidden(const uint8_t *f, int cols, int i, int j)
{
	return f[i * (cols + 1) + j] != SUPPRESS_SHOWN;
}

/* Number of suppressed entries in each line of the augmented table; 1 anywhere is a leak. */
static int
lines_ok(int rows, int cols, const uint8_t *f)
{
	for (int i = 0; i <= rows; i++) {
		int n = 0;
		for (int j = 0; j <= cols; j++)
			n += hidden(f, cols, i, j);
		if (n == 1)
			return 0;
	}
	for (int j = 0; j <= cols; j++) {
		int n = 0;
		for (int i = 0; i <= rows; i++)
			n += hidden(f, cols, i, j);
		if (n == 1)
			return 0;
	}
	return 1;
}

/* Independent check by Gaussian elimination: the published equations (each row and column of
 * the augmented table sums to its total), with the shown entries moved to the right-hand
 * side, determine the suppressed entry k exactly when the unit vector of k lies in the row
 * space of their coefficients on the suppressed entries. */
static int
rank_of(double *m, int nrow, int ncol)
{
	int rank = 0;
	for (int c = 0; c < ncol && rank < nrow; c++) {
		int p = -1;
		for (int r = rank; r < nrow; r++)
			if (fabs(m[r * ncol + c]) > 1e-9 && (p < 0 || fabs(m[r * ncol + c]) > fabs(m[p * ncol + c])))
				p = r;
		if (p < 0)
			continue;
		for (int k = 0; k < ncol; k++) {
			double t = m[p * ncol + k];
			m[p * ncol + k] = m[rank * ncol + k];
			m[rank * ncol + k] = t;
		}
		for (int r = 0; r < nrow; r++) {
			double q;
			if (r == rank || fabs(m[r * ncol + c]) < 1e-12)
				continue;
			q = m[r * ncol + c] / m[rank * ncol + c];
			for (int k = 0; k < ncol; k++)
				m[r * ncol + k] -= q * m[rank * ncol + k];
		}
		rank++;
	}
	return rank;
}

static int
any_determined_linear(int rows, int cols, const uint8_t *f)
{
	int w = cols + 1, n = (rows + 1) * w, neq = (rows + 1) + w;
	int idx[MAXN], nu = 0;
	for (int k = 0; k < n; k++)
		idx[k] = f[k] != SUPPRESS_SHOWN ? nu++ : -1;
	if (nu == 0)
		return 0;
	double *a = calloc((size_t)(neq + 1) * (size_t)nu, sizeof(double));
	double *b = calloc((size_t)(neq + 1) * (size_t)nu, sizeof(double));
	for (int i = 0; i <= rows; i++)
		for (int j = 0; j <= cols; j++) {
			int u = idx[i * w + j];
			if (u < 0)
				continue;
			a[i * nu + u] = j == cols ? -1.0 : 1.0;             /* row i's equation */
			a[(rows + 1 + j) * nu + u] = i == rows ? -1.0 : 1.0; /* column j's equation */
		}
	memcpy(b, a, sizeof(double) * (size_t)neq * (size_t)nu);
	int base = rank_of(b, neq, nu), bad = 0;
	for (int u = 0; u < nu && !bad; u++) {
		memcpy(b, a, sizeof(double) * (size_t)neq * (size_t)nu);
		memset(b + neq * nu, 0, sizeof(double) * (size_t)nu);
		b[neq * nu + u] = 1.0;
		if (rank_of(b, neq + 1, nu) == base)
			bad = 1;
	}
	free(a);
	free(b);
	return bad;
}

static void
single_small_cell_gets_a_partner(void)
{
	const int64_t t[] = { 5, 20, 30, 40, 50, 60 };
	uint8_t f[12];
	CHECK_INT(suppress_table(2, 3, t, f), 0);
	CHECK_INT(f[0], SUPPRESS_PRIMARY);
	CHECK_INT(f[1], SUPPRESS_COMPLEMENT); /* 20: the smallest other cell of row 0 */
	CHECK(!hidden(f, 3, 0, 2));           /* 30 stays */
	CHECK(!hidden(f, 3, 0, 3));           /* the row total 55 stays */
	CHECK(hidden(f, 3, 1, 0));            /* column 0 needs a partner: 40 */
	CHECK(hidden(f, 3, 1, 1));            /* column 1 likewise: 50 */
	CHECK(!hidden(f, 3, 2, 3));           /* grand total */
	CHECK(lines_ok(2, 3, f));
	CHECK(!any_determined_linear(2, 3, f));
}

static void
no_small_cells_unchanged(void)
{
	const int64_t t[] = { 10, 11, 12, 100, 0, 40, 33, 18, 19 };
	uint8_t f[16];
	CHECK_INT(suppress_table(3, 3, t, f), 0);
	for (int k = 0; k < 16; k++)
		CHECK_INT(f[k], SUPPRESS_SHOWN);
}

static void
zeros_are_shown(void)
{
	const int64_t t[] = { 0, 0, 0, 0 };
	uint8_t f[9];
	CHECK_INT(suppress_table(2, 2, t, f), 0);
	for (int k = 0; k < 9; k++)
		CHECK_INT(f[k], SUPPRESS_SHOWN);
}

static void
all_small_row(void)
{
	const int64_t t[] = { 1, 2, 3, 20, 30, 40 };
	uint8_t f[12];
	CHECK_INT(suppress_table(2, 3, t, f), 0);
	for (int j = 0; j < 3; j++)
		CHECK_INT(f[j], SUPPRESS_PRIMARY);
	CHECK_INT(f[3], SUPPRESS_PRIMARY); /* its total, 6, is a small count too */
	CHECK(lines_ok(2, 3, f));
	CHECK(!any_determined_linear(2, 3, f));
	/* Column totals 21, 32, 43 would reveal each small cell: partners in row 1 or the totals. */
	for (int j = 0; j < 3; j++)
		CHECK(hidden(f, 3, 1, j) || hidden(f, 3, 2, j));
}

static void
chain_converges(void)
{
	/* The small cell's partners start a chain: row 0 -> column 1 -> row 2 -> column 2 ... */
	const int64_t t[] = {
		3, 12, 500, 600,
		400, 700, 800, 90,
		300, 15, 14, 900,
		200, 1000, 16, 13,
	};
	uint8_t f[25];
	CHECK_INT(suppress_table(4, 4, t, f), 0);
	CHECK_INT(f[0], SUPPRESS_PRIMARY);
	CHECK_INT(f[1], SUPPRESS_COMPLEMENT); /* 12 */
	CHECK(lines_ok(4, 4, f));
	CHECK(!any_determined_linear(4, 4, f));
	int n = 0;
	for (int k = 0; k < 25; k++)
		n += f[k] != SUPPRESS_SHOWN;
	CHECK(n >= 4);
	CHECK(n < 25); /* converged without hiding everything */
}

static void
bridge_is_detected(void)
{
	/* 4 x 4 interior; two 2 x 2 blocks of suppressed cells joined by one more cell: every
	 * line holds two or more, yet the joining cell is fixed by the totals. */
	uint8_t f[25] = { 0 };
	const int w = 5;
	int block[][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 2, 2 }, { 2, 3 }, { 3, 2 }, { 3, 3 }, { 1, 2 } };
	for (size_t k = 0; k < sizeof(block) / sizeof(block[0]); k++)
		f[block[k][0] * w + block[k][1]] = SUPPRESS_COMPLEMENT;
	CHECK(lines_ok(4, 4, f));
	CHECK(suppress_entry_determined(4, 4, f, 1, 2));
	CHECK(!suppress_entry_determined(4, 4, f, 0, 0));
	CHECK(any_determined_linear(4, 4, f));
}

static void
refusals(void)
{
	const int64_t neg[] = { 1, -1 };
	uint8_t f[MAXN];
	CHECK_INT(suppress_table(1, 2, neg, f), -1);
	CHECK_INT(suppress_table(0, 2, neg, f), -1);
	CHECK_INT(suppress_table(SUPPRESS_MAX_DIM + 1, 1, neg, f), -1);
}

static uint64_t rng_state = 0x5eed2026u;

static uint32_t
rng(void)
{
	/* xorshift64*: deterministic across platforms */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * UINT64_C(2685821657736338717)) >> 32);
}

static void
random_tables(void)
{
	int bad_lines = 0, bad_linear = 0, bad_primary = 0, bad_rc = 0;
	for (int t = 0; t < 1000; t++) {
		int rows = 1 + (int)(rng() % 6), cols = 1 + (int)(rng() % 6);
		int64_t cells[36], aug[49];
		uint8_t f[49];
		int mix = (int)(rng() % 4); /* how often small counts appear */
		for (int k = 0; k < rows * cols; k++) {
			uint32_t r = rng() % 10;
			if (r < 1)
				cells[k] = 0;
			else if ((int)r <= 1 + mix * 2)
				cells[k] = 1 + rng() % 9;
			else
				cells[k] = 10 + rng() % 300;
		}
		if (suppress_table(rows, cols, cells, f) != 0) {
			bad_rc++;
			continue;
		}
		suppress_augment(rows, cols, cells, aug);
		for (int k = 0; k < (rows + 1) * (cols + 1); k++) {
			int small = aug[k] > 0 && aug[k] < SUPPRESS_THRESHOLD;
			if (small != (f[k] == SUPPRESS_PRIMARY))
				bad_primary++;
		}
		if (!lines_ok(rows, cols, f))
			bad_lines++;
		if (any_determined_linear(rows, cols, f))
			bad_linear++;
	}
	CHECK_INT(bad_rc, 0);
	CHECK_INT(bad_primary, 0);
	CHECK_INT(bad_lines, 0);
	CHECK_INT(bad_linear, 0);
}

T_MAIN({ "single_small_cell_gets_a_partner", single_small_cell_gets_a_partner },
    { "no_small_cells_unchanged", no_small_cells_unchanged }, { "zeros_are_shown", zeros_are_shown },
    { "all_small_row", all_small_row }, { "chain_converges", chain_converges },
    { "bridge_is_detected", bridge_is_detected }, { "refusals", refusals },
    { "random_tables", random_tables })
