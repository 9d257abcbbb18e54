/* bizdays: Ontario business days.
 * Statutory holidays observed by Ontario public services: New Year's Day, Family Day (3rd
 * Monday of February), Good Friday, Victoria Day (Monday before May 25), Canada Day, Labour
 * Day (1st Monday of September), Thanksgiving (2nd Monday of October), Christmas Day, Boxing
 * Day. The Civic Holiday (August) is not statutory and is excluded. When a fixed-date holiday
 * falls on a weekend it is observed on the next weekday not already a holiday (Christmas on
 * Saturday -> Monday 27, Boxing Day -> Tuesday 28; Christmas on Sunday -> Tuesday 27, as
 * Boxing Day keeps Monday 26). Holidays exist for years 1900..2199; outside that range only
 * weekends are days off.
 * Days are days since 1970-01-01 (core/timeutil.h). Pure functions, thread-safe. */
#ifndef PASSERELLE_BIZDAYS_H
#define PASSERELLE_BIZDAYS_H
#include <stdbool.h>
#include <stdint.h>

struct holiday {
	int32_t actual;    /* calendar date of the holiday */
	int32_t observed;  /* day off (== actual on weekdays) */
	const char *name_en, *name_fr;
};

/* Fills out (>= 9 entries) with the year's holidays in calendar order of the actual date;
 * returns the count written: 9, fewer when max < 9, 0 outside 1900..2199. */
int bizdays_holidays(int year, struct holiday *out, int max);
bool bizdays_is_holiday(int32_t day);      /* an observed day off */
bool bizdays_is_business_day(int32_t day); /* Mon-Fri and not an observed holiday */
/* The business day n business days after day (n >= 0; negative counts as 0). Adding 0 to a
 * non-business day gives the next business day; so does adding 1. */
int32_t bizdays_add(int32_t day, int n);
/* Business days in (from, to]: 0 when to <= from. */
int bizdays_between(int32_t from, int32_t to);
/* Easter Sunday (Gregorian computus). */
int32_t bizdays_easter(int year);

#endif
