/* fmt: numbers, money, dates and times as English and French Canadian readers expect them.
 *
 *   integers   1,234        | 1 234         (no-break space as the group separator)
 *   decimals   1,234.5      | 1 234,5
 *   money      $25 / $25.50 | 25 $ / 25,50 $
 *   dates      2026-03-27 in both (numeric form); in words March 27, 2026 | 27 mars 2026,
 *              1er mars 2026
 *   times      14:30        | 14 h 30
 * All results are plain text in the arena; local time is the server's configured zone. */
#ifndef PASSERELLE_FMT_H
#define PASSERELLE_FMT_H
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

const char *fmt_int(struct arena *a, enum lang lang, int64_t v);
const char *fmt_decimal(struct arena *a, enum lang lang, double v, int decimals);
const char *fmt_money(struct arena *a, enum lang lang, int64_t cents);
/* days since 1970-01-01 */
const char *fmt_date_iso(struct arena *a, int32_t days);
const char *fmt_date_long(struct arena *a, enum lang lang, int32_t days);
/* A "YYYY-MM-DD" text in words; the text itself when it is not a date. */
const char *fmt_date_text_long(struct arena *a, enum lang lang, const char *iso);
/* microseconds since the epoch, local time */
const char *fmt_time(struct arena *a, enum lang lang, int64_t us);
const char *fmt_datetime(struct arena *a, enum lang lang, int64_t us);

#endif
