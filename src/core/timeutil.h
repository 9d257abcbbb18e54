/* timeutil: the clock and civil dates.
 * Timestamps are int64 UTC microseconds since the epoch, computed here (never by SQL).
 * Dates are days since 1970-01-01 (int32) or "YYYY-MM-DD" text.
 * time_now_us() can be shifted for tests/demo with time_set_offset_us() (thread-safe). */
#ifndef PASSERELLE_TIMEUTIL_H
#define PASSERELLE_TIMEUTIL_H
#include <stdbool.h>
#include <stdint.h>

int64_t time_now_us(void);
int64_t time_mono_us(void);
void time_set_offset_us(int64_t off);

/* Civil calendar (proleptic Gregorian). */
int32_t date_from_ymd(int y, int m, int d);           /* days since epoch */
void date_to_ymd(int32_t days, int *y, int *m, int *d);
int date_weekday(int32_t days);                       /* 0=Sunday .. 6=Saturday */
bool date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" (years 1900..2199); rejects impossible dates. 0 ok, -1 bad. */
int date_parse(const char *s, int32_t *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(int32_t days, char out[11]);
int32_t date_today_utc(void);
/* Local (America/Toronto) civil day of a timestamp, through the process TZ database. */
int32_t date_of_us_local(int64_t us);
/* Start of a local civil day in UTC microseconds. */
int64_t date_start_us_local(int32_t days);
/* RFC 3339 UTC text "2026-03-27T14:05:09Z" into out (at least 21 bytes). */
void time_format_us(int64_t us, char out[32]);

#endif
