/* bizdays: Ontario business days.
 * Every year 1900..2199 is computed once (pthread_once) into a table: per year the nine
 * holidays, plus one sorted array of all observed days off. Observed days are always
 * weekdays, so business days in a range are "weekdays minus observed holidays": a closed
 * form for the weekdays and two binary searches for the holidays. bizdays_add and
 * bizdays_between are therefore O(log holidays), whatever the distance. */
#include "domain/bizdays.h"

#include <pthread.h>
#include <stdint.h>

#include "core/timeutil.h"

#define BIZ_FIRST_YEAR 1900
#define BIZ_LAST_YEAR 2199
#define BIZ_YEARS (BIZ_LAST_YEAR - BIZ_FIRST_YEAR + 1)
#define BIZ_PER_YEAR 9

/* Day 0 (1970-01-01) is a Thursday; day -3 is the Monday that anchors the weekday count. */
#define BIZ_MONDAY (-3)

enum biz_kind { BIZ_FIXED, BIZ_MOVING };

static const struct {
	const char *en, *fr;
} biz_names[BIZ_PER_YEAR] = {
	{ "New Year's Day", "Jour de l’An" },
	{ "Family Day", "Jour de la Famille" },
	{ "Good Friday", "Vendredi saint" },
	{ "Victoria Day", "Fête de Victoria" },
	{ "Canada Day", "Fête du Canada" },
	{ "Labour Day", "Fête du Travail" },
	{ "Thanksgiving", "Action de grâce" },
	{ "Christmas Day", "Noël" },
	{ "Boxing Day", "Lendemain de Noël" },
};

static struct {
	int32_t actual, observed;
} biz_table[BIZ_YEARS][BIZ_PER_YEAR];
static int32_t biz_sorted[BIZ_YEARS * BIZ_PER_YEAR]; /* observed days, ascending */
static pthread_once_t biz_once = PTHREAD_ONCE_INIT;

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The nth (1-based) given weekday (0 = Sunday) of a month. */
static int32_t
nth_weekday(int year, int month, int wday, int nth)
{
	int32_t first = date_from_ymd(year, month, 1);
	int shift = (wday - date_weekday(first) + 7) % 7;
	return first + shift + 7 * (nth - 1);
}

int32_t
bizdays_easter(int year)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return date_from_ymd(year, month, day);
}

static bool
is_weekend(int32_t day)
{
	int w = date_weekday(day);
	return w == 0 || w == 6;
}

/* Fills one year's row. Weekday holidays are placed first so that a weekend holiday's
 * observed day skips them (Christmas on Sunday skips Boxing Day on Monday). */
static void
year_compute(int year, int32_t actual[BIZ_PER_YEAR], int32_t observed[BIZ_PER_YEAR])
{
	static const enum biz_kind kind[BIZ_PER_YEAR] = {
		BIZ_FIXED, BIZ_MOVING, BIZ_MOVING, BIZ_MOVING, BIZ_FIXED,
		BIZ_MOVING, BIZ_MOVING, BIZ_FIXED, BIZ_FIXED,
	};
	/* The Monday preceding May 25 is the Monday on or before May 24 (May 18..24). */
	int32_t may24 = date_from_ymd(year, 5, 24);
	int32_t victoria = may24 - (date_weekday(may24) + 6) % 7;

	actual[0] = date_from_ymd(year, 1, 1);
	actual[1] = nth_weekday(year, 2, 1, 3);
	actual[2] = bizdays_easter(year) - 2;
	actual[3] = victoria;
	actual[4] = date_from_ymd(year, 7, 1);
	actual[5] = nth_weekday(year, 9, 1, 1);
	actual[6] = nth_weekday(year, 10, 1, 2);
	actual[7] = date_from_ymd(year, 12, 25);
	actual[8] = date_from_ymd(year, 12, 26);

	bool placed[BIZ_PER_YEAR];
	for (int i = 0; i < BIZ_PER_YEAR; i++) {
		placed[i] = kind[i] == BIZ_MOVING || !is_weekend(actual[i]);
		observed[i] = actual[i];
	}
	for (int i = 0; i < BIZ_PER_YEAR; i++) {
		if (placed[i])
			continue;
		int32_t d = actual[i];
		for (;;) {
			d++;
			if (is_weekend(d))
				continue;
			bool taken = false;
			for (int j = 0; j < BIZ_PER_YEAR; j++)
				if (placed[j] && observed[j] == d)
					taken = true;
			if (!taken)
				break;
		}
		observed[i] = d;
		placed[i] = true;
	}
}

static void
table_build(void)
{
	int n = 0;
	for (int y = BIZ_FIRST_YEAR; y <= BIZ_LAST_YEAR; y++) {
		int32_t act[BIZ_PER_YEAR], obs[BIZ_PER_YEAR];
		year_compute(y, act, obs);
		int first = n;
		for (int i = 0; i < BIZ_PER_YEAR; i++) {
			biz_table[y - BIZ_FIRST_YEAR][i].actual = act[i];
			biz_table[y - BIZ_FIRST_YEAR][i].observed = obs[i];
			/* Insertion sort within the year; years are already in order. */
			int j = n++;
			while (j > first && biz_sorted[j - 1] > obs[i]) {
				biz_sorted[j] = biz_sorted[j - 1];
				j--;
			}
			biz_sorted[j] = obs[i];
		}
	}
}

static void
table_ready(void)
{
	pthread_once(&biz_once, table_build);
}

/* Observed holidays on or before day. */
static int64_t
holidays_upto(int32_t day)
{
	int lo = 0, hi = BIZ_YEARS * BIZ_PER_YEAR;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (biz_sorted[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A weekday count that grows by one on each Monday..Friday: weekdays in (a, b] is
 * weekdays_upto(b) - weekdays_upto(a). */
static int64_t
weekdays_upto(int64_t day)
{
	int64_t k = day - BIZ_MONDAY;
	int64_t weeks = floordiv(k, 7);
	int64_t rest = k - weeks * 7 + 1;
	return weeks * 5 + (rest < 5 ? rest : 5);
}

/* The first day whose weekdays_upto() equals w: always a weekday. */
static int64_t
weekday_with_count(int64_t w)
{
	int64_t q = floordiv(w - 1, 5);
	int64_t r = w - 5 * q;
	return BIZ_MONDAY + 7 * q + r - 1;
}

int
bizdays_holidays(int year, struct holiday *out, int max)
{
	if (year < BIZ_FIRST_YEAR || year > BIZ_LAST_YEAR || out == NULL)
		return 0;
	table_ready();
	int n = max < BIZ_PER_YEAR ? max : BIZ_PER_YEAR;
	for (int i = 0; i < n; i++) {
		out[i].actual = biz_table[year - BIZ_FIRST_YEAR][i].actual;
		out[i].observed = biz_table[year - BIZ_FIRST_YEAR][i].observed;
		out[i].name_en = biz_names[i].en;
		out[i].name_fr = biz_names[i].fr;
	}
	return n < 0 ? 0 : n;
}

bool
bizdays_is_holiday(int32_t day)
{
	table_ready();
	int64_t i = holidays_upto(day);
	return i > 0 && biz_sorted[i - 1] == day;
}

bool
bizdays_is_business_day(int32_t day)
{
	return !is_weekend(day) && !bizdays_is_holiday(day);
}

int
bizdays_between(int32_t from, int32_t to)
{
	if (to <= from)
		return 0;
	table_ready();
	/* Every observed holiday is a weekday, so it is subtracted exactly once. */
	int64_t n = weekdays_upto(to) - weekdays_upto(from) -
	    (holidays_upto(to) - holidays_upto(from));
	return (int)n;
}

int32_t
bizdays_add(int32_t day, int n)
{
	if (n <= 0) {
		if (bizdays_is_business_day(day))
			return day;
		n = 1;
	}
	table_ready();
	/* Step over n weekdays, then again over as many weekdays as holidays were crossed,
	 * until a step crosses none. Holidays are sparse: a few rounds at most. */
	int64_t from = day, need = n;
	for (;;) {
		int64_t to = weekday_with_count(weekdays_upto(from) + need);
		int32_t f32 = from > INT32_MAX ? INT32_MAX : (int32_t)from;
		int32_t t32 = to > INT32_MAX ? INT32_MAX : (int32_t)to;
		need = holidays_upto(t32) - holidays_upto(f32);
		from = to;
		if (need == 0 || t32 == INT32_MAX)
			return t32;
	}
}
