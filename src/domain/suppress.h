/* suppress.h: small-cell suppression for published counts (pure C, no database).
 *
 * A table of counts is published with its row totals, column totals and grand total. We work
 * on the augmented table of (rows + 1) x (cols + 1) entries, row-major: entry (i, cols) is the
 * total of row i, entry (rows, j) the total of column j, entry (rows, cols) the grand total.
 *
 * Primary suppression (the common Canadian practice): a count of 1 to 9 is shown as "<10";
 * zero is shown as 0. Totals are counts too: a total of 1 to 9 is suppressed like a cell.
 *
 * Complementary suppression, so that no suppressed entry can be recomputed from what is
 * published:
 *   1. every line (row or column of the augmented table, its total included) that holds
 *      exactly one suppressed entry gets a second one: the smallest non-suppressed non-zero
 *      entry of the line, an ordinary cell before the line's total; repeated until stable.
 *   2. the rule above is not enough on its own: a suppressed entry that joins two otherwise
 *      separate groups of suppressed entries is still fixed by the totals. The published
 *      equations (each line sums to its total) determine a suppressed entry exactly when it
 *      lies on no cycle of suppressed entries (rows and columns as vertices, entries as
 *      edges). Each such entry gets the cheapest path of further suppressed entries that
 *      closes a cycle through it (cost: the counts hidden, zeros avoided).
 * After both steps every line holds zero or at least two suppressed entries, and no
 * suppressed entry is determined by the linear equations of the published totals. */
#ifndef PASSERELLE_SUPPRESS_H
#define PASSERELLE_SUPPRESS_H

#include <stdint.h>

#define SUPPRESS_THRESHOLD 10 /* counts 1 .. THRESHOLD-1 are suppressed */
#define SUPPRESS_MAX_DIM 32   /* at most this many rows and this many columns (totals excluded) */

enum suppress_flag {
	SUPPRESS_SHOWN = 0,
	SUPPRESS_PRIMARY = 1,    /* a small count itself */
	SUPPRESS_COMPLEMENT = 2, /* hidden so that a small count cannot be recomputed */
};

/* Fills aug[(rows+1)*(cols+1)] with the cells and their totals. */
void suppress_augment(int rows, int cols, const int64_t *cells, int64_t *aug);

/* Suppresses the table cells[rows*cols] (row-major, counts >= 0); writes one enum
 * suppress_flag per augmented entry into flags[(rows+1)*(cols+1)]. Returns 0, or -1 when the
 * size is out of range or a count is negative. */
int suppress_table(int rows, int cols, const int64_t *cells, uint8_t *flags);

/* True when the flagged augmented table leaves the entry (i, j) determined by the published
 * equations (it lies on no cycle of suppressed entries). Exposed for the tests. */
int suppress_entry_determined(int rows, int cols, const uint8_t *flags, int i, int j);

#endif
