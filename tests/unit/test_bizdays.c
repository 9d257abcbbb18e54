/* test_bizdays: Ontario holidays and business-day arithmetic.
 * The expected holiday dates for 2024..2030 are written out by hand (derived independently
 * of the module), observed days included; add/between are checked against examples and
 * against a day-by-day count. */
#include <stdint.h>

#include "core/timeutil.h"
#include "domain/bizdays.h"
#include "t.h"

static int32_t
D(const char *s)
{
	int32_t d = 0;
	if (date_parse(s, &d) != 0) {
		fprintf(stderr, "bad literal date %s\n", s);
		t_failed++;
	}
	return d;
}

static const char *
S(int32_t d, char buf[11])
{
	date_format(d, buf);
	return buf;
}

/* actual, observed for the nine holidays, in calendar order. */
static const struct {
	int year;
	const char *day[9][2];
} expected[] = {
	{ 2024, { { "2024-01-01", "2024-01-01" }, { "2024-02-19", "2024-02-19" },
	    { "2024-03-29", "2024-03-29" }, { "2024-05-20", "2024-05-20" },
	    { "2024-07-01", "2024-07-01" }, { "2024-09-02", "2024-09-02" },
	    { "2024-10-14", "2024-10-14" }, { "2024-12-25", "2024-12-25" },
	    { "2024-12-26", "2024-12-26" } } },
	{ 2025, { { "2025-01-01", "2025-01-01" }, { "2025-02-17", "2025-02-17" },
	    { "2025-04-18", "2025-04-18" }, { "2025-05-19", "2025-05-19" },
	    { "2025-07-01", "2025-07-01" }, { "2025-09-01", "2025-09-01" },
	    { "2025-10-13", "2025-10-13" }, { "2025-12-25", "2025-12-25" },
	    { "2025-12-26", "2025-12-26" } } },
	/* Boxing Day on Saturday -> Monday 28. */
	{ 2026, { { "2026-01-01", "2026-01-01" }, { "2026-02-16", "2026-02-16" },
	    { "2026-04-03", "2026-04-03" }, { "2026-05-18", "2026-05-18" },
	    { "2026-07-01", "2026-07-01" }, { "2026-09-07", "2026-09-07" },
	    { "2026-10-12", "2026-10-12" }, { "2026-12-25", "2026-12-25" },
	    { "2026-12-26", "2026-12-28" } } },
	/* Victoria Day on May 24 itself; Christmas Saturday -> 27, Boxing Sunday -> 28. */
	{ 2027, { { "2027-01-01", "2027-01-01" }, { "2027-02-15", "2027-02-15" },
	    { "2027-03-26", "2027-03-26" }, { "2027-05-24", "2027-05-24" },
	    { "2027-07-01", "2027-07-01" }, { "2027-09-06", "2027-09-06" },
	    { "2027-10-11", "2027-10-11" }, { "2027-12-25", "2027-12-27" },
	    { "2027-12-26", "2027-12-28" } } },
	/* New Year's and Canada Day on Saturday -> Mondays. */
	{ 2028, { { "2028-01-01", "2028-01-03" }, { "2028-02-21", "2028-02-21" },
	    { "2028-04-14", "2028-04-14" }, { "2028-05-22", "2028-05-22" },
	    { "2028-07-01", "2028-07-03" }, { "2028-09-04", "2028-09-04" },
	    { "2028-10-09", "2028-10-09" }, { "2028-12-25", "2028-12-25" },
	    { "2028-12-26", "2028-12-26" } } },
	/* Canada Day on Sunday -> Monday 2. */
	{ 2029, { { "2029-01-01", "2029-01-01" }, { "2029-02-19", "2029-02-19" },
	    { "2029-03-30", "2029-03-30" }, { "2029-05-21", "2029-05-21" },
	    { "2029-07-01", "2029-07-02" }, { "2029-09-03", "2029-09-03" },
	    { "2029-10-08", "2029-10-08" }, { "2029-12-25", "2029-12-25" },
	    { "2029-12-26", "2029-12-26" } } },
	{ 2030, { { "2030-01-01", "2030-01-01" }, { "2030-02-18", "2030-02-18" },
	    { "2030-04-19", "2030-04-19" }, { "2030-05-20", "2030-05-20" },
	    { "2030-07-01", "2030-07-01" }, { "2030-09-02", "2030-09-02" },
	    { "2030-10-14", "2030-10-14" }, { "2030-12-25", "2030-12-25" },
	    { "2030-12-26", "2030-12-26" } } },
};

static void
test_easter(void)
{
	char b[11];
	CHECK_STR(S(bizdays_easter(2024), b), "2024-03-31");
	CHECK_STR(S(bizdays_easter(2025), b), "2025-04-20");
	CHECK_STR(S(bizdays_easter(2026), b), "2026-04-05");
	CHECK_STR(S(bizdays_easter(2027), b), "2027-03-28");
	CHECK_STR(S(bizdays_easter(2028), b), "2028-04-16");
	CHECK_STR(S(bizdays_easter(2029), b), "2029-04-01");
	CHECK_STR(S(bizdays_easter(2030), b), "2030-04-21");
	/* Extremes of the computus: latest and early dates, century years. */
	CHECK_STR(S(bizdays_easter(1900), b), "1900-04-15");
	CHECK_STR(S(bizdays_easter(1943), b), "1943-04-25");
	CHECK_STR(S(bizdays_easter(2000), b), "2000-04-23");
	CHECK_STR(S(bizdays_easter(2008), b), "2008-03-23");
	CHECK_STR(S(bizdays_easter(2038), b), "2038-04-25");
	CHECK_STR(S(bizdays_easter(2285), b), "2285-03-22");
	for (int y = 1900; y <= 2199; y++)
		CHECK_INT(date_weekday(bizdays_easter(y)), 0);
}

static void
test_holiday_lists(void)
{
	char b[11];
	for (size_t k = 0; k < sizeof(expected) / sizeof(expected[0]); k++) {
		struct holiday h[12];
		int n = bizdays_holidays(expected[k].year, h, 12);
		CHECK_INT(n, 9);
		for (int i = 0; i < 9 && i < n; i++) {
			CHECK_STR(S(h[i].actual, b), expected[k].day[i][0]);
			CHECK_STR(S(h[i].observed, b), expected[k].day[i][1]);
			CHECK(bizdays_is_holiday(h[i].observed));
			CHECK(!bizdays_is_business_day(h[i].observed));
		}
		/* Exactly nine observed days off in the year: nothing extra (no Civic Holiday). */
		int count = 0;
		int32_t first = date_from_ymd(expected[k].year, 1, 1);
		int32_t last = date_from_ymd(expected[k].year, 12, 31);
		for (int32_t d = first; d <= last; d++)
			count += bizdays_is_holiday(d);
		CHECK_INT(count, 9);
	}
}

static void
test_names(void)
{
	struct holiday h[9];
	CHECK_INT(bizdays_holidays(2026, h, 9), 9);
	CHECK_STR(h[0].name_en, "New Year's Day");
	CHECK_STR(h[0].name_fr, "Jour de l’An");
	CHECK_STR(h[1].name_en, "Family Day");
	CHECK_STR(h[1].name_fr, "Jour de la Famille");
	CHECK_STR(h[2].name_en, "Good Friday");
	CHECK_STR(h[2].name_fr, "Vendredi saint");
	CHECK_STR(h[3].name_en, "Victoria Day");
	CHECK_STR(h[3].name_fr, "Fête de Victoria");
	CHECK_STR(h[4].name_en, "Canada Day");
	CHECK_STR(h[4].name_fr, "Fête du Canada");
	CHECK_STR(h[5].name_en, "Labour Day");
	CHECK_STR(h[5].name_fr, "Fête du Travail");
	CHECK_STR(h[6].name_en, "Thanksgiving");
	CHECK_STR(h[6].name_fr, "Action de grâce");
	CHECK_STR(h[7].name_en, "Christmas Day");
	CHECK_STR(h[7].name_fr, "Noël");
	CHECK_STR(h[8].name_en, "Boxing Day");
	CHECK_STR(h[8].name_fr, "Lendemain de Noël");
}

/* Christmas on Sunday: Boxing Day (Monday 26) stays, Christmas moves to Tuesday 27. */
static void
test_christmas_sunday(void)
{
	char b[11];
	struct holiday h[9];
	static const int years[] = { 2022, 2033 };
	for (int k = 0; k < 2; k++) {
		char x25[11], x26[11], x27[11];
		snprintf(x25, sizeof(x25), "%d-12-25", years[k]);
		snprintf(x26, sizeof(x26), "%d-12-26", years[k]);
		snprintf(x27, sizeof(x27), "%d-12-27", years[k]);
		CHECK_INT(date_weekday(D(x25)), 0);
		CHECK_INT(bizdays_holidays(years[k], h, 9), 9);
		CHECK_STR(S(h[7].actual, b), x25);
		CHECK_STR(S(h[7].observed, b), x27);
		CHECK_STR(S(h[8].actual, b), x26);
		CHECK_STR(S(h[8].observed, b), x26);
		CHECK(bizdays_is_holiday(D(x26)));
		CHECK(bizdays_is_holiday(D(x27)));
		CHECK(!bizdays_is_holiday(D(x25)));
	}
	/* New Year's on Sunday -> Monday 2; Canada Day on Saturday -> Monday 3. */
	CHECK_INT(bizdays_holidays(2023, h, 9), 9);
	CHECK_STR(S(h[0].observed, b), "2023-01-02");
	CHECK_STR(S(h[4].observed, b), "2023-07-03");
}

static void
test_business_days(void)
{
	/* Weekends. */
	CHECK(!bizdays_is_business_day(D("2026-03-28")));  /* Saturday */
	CHECK(!bizdays_is_business_day(D("2026-03-29")));  /* Sunday */
	CHECK(!bizdays_is_holiday(D("2026-03-28")));
	/* Ordinary weekdays, including days next to holidays. */
	CHECK(bizdays_is_business_day(D("2026-03-27")));
	CHECK(bizdays_is_business_day(D("2026-04-02")));   /* day before Good Friday */
	CHECK(bizdays_is_business_day(D("2026-04-06")));   /* Easter Monday: not a holiday */
	CHECK(bizdays_is_business_day(D("2026-08-03")));   /* Civic Holiday: not statutory */
	CHECK(bizdays_is_business_day(D("2026-11-11")));   /* Remembrance Day: not in Ontario */
	CHECK(bizdays_is_business_day(D("2026-12-24")));
	CHECK(bizdays_is_business_day(D("2026-12-29")));
	/* Holidays and observed days. */
	CHECK(!bizdays_is_business_day(D("2026-04-03")));  /* Good Friday */
	CHECK(!bizdays_is_business_day(D("2026-12-25")));
	CHECK(!bizdays_is_business_day(D("2026-12-28")));  /* Boxing Day observed */
	CHECK(!bizdays_is_business_day(D("2027-12-27")));
	CHECK(!bizdays_is_business_day(D("2027-12-28")));
	CHECK(bizdays_is_business_day(D("2027-12-29")));
	CHECK(!bizdays_is_business_day(D("2028-01-03")));
	CHECK(bizdays_is_business_day(D("2028-01-04")));
	/* The actual weekend date is a weekend, not an observed day off. */
	CHECK(!bizdays_is_holiday(D("2027-12-25")));
	CHECK(!bizdays_is_business_day(D("2027-12-25")));
}

static void
test_add(void)
{
	char b[11];
	/* Across Christmas 2027 (27, 28 observed) and New Year's 2028 (Jan 3 observed). */
	CHECK_STR(S(bizdays_add(D("2027-12-20"), 12), b), "2028-01-10");
	/* Across Good Friday. */
	CHECK_STR(S(bizdays_add(D("2026-03-25"), 12), b), "2026-04-13");
	CHECK_STR(S(bizdays_add(D("2029-03-22"), 12), b), "2029-04-10");
	CHECK_STR(S(bizdays_add(D("2030-04-12"), 12), b), "2030-05-01");
	CHECK_STR(S(bizdays_add(D("2025-04-17"), 12), b), "2025-05-06");
	/* Christmas and New Year's. */
	CHECK_STR(S(bizdays_add(D("2024-12-21"), 12), b), "2025-01-10");
	CHECK_STR(S(bizdays_add(D("2024-12-24"), 12), b), "2025-01-14");
	CHECK_STR(S(bizdays_add(D("2028-12-15"), 12), b), "2029-01-05");
	CHECK_STR(S(bizdays_add(D("2026-12-24"), 12), b), "2027-01-14");
	CHECK_STR(S(bizdays_add(D("2022-12-20"), 12), b), "2023-01-10");
	CHECK_STR(S(bizdays_add(D("2033-12-22"), 12), b), "2034-01-12");
	/* Small steps. */
	CHECK_STR(S(bizdays_add(D("2026-12-24"), 1), b), "2026-12-29");
	CHECK_STR(S(bizdays_add(D("2025-04-17"), 1), b), "2025-04-21");
	CHECK_STR(S(bizdays_add(D("2026-03-27"), 1), b), "2026-03-30");
	CHECK_STR(S(bizdays_add(D("2026-03-27"), 5), b), "2026-04-06");
	/* Adding 0: a business day stays, a day off moves to the next business day. */
	CHECK_STR(S(bizdays_add(D("2026-03-27"), 0), b), "2026-03-27");
	CHECK_STR(S(bizdays_add(D("2026-03-28"), 0), b), "2026-03-30");
	CHECK_STR(S(bizdays_add(D("2027-12-25"), 0), b), "2027-12-29");
	CHECK_STR(S(bizdays_add(D("2024-12-21"), 0), b), "2024-12-23");
	CHECK_STR(S(bizdays_add(D("2026-03-28"), -3), b), "2026-03-30");
	CHECK_STR(S(bizdays_add(D("2026-03-27"), -3), b), "2026-03-27");
	/* From a weekend, day 1 is the first business day after it. */
	CHECK_STR(S(bizdays_add(D("2024-12-21"), 1), b), "2024-12-23");
	/* 2026 has 252 business days: the 251st after New Year's Day is the second-last. */
	CHECK_STR(S(bizdays_add(D("2026-01-01"), 251), b), "2026-12-30");
	CHECK_STR(S(bizdays_add(D("2026-01-01"), 252), b), "2026-12-31");
	CHECK_STR(S(bizdays_add(D("2026-01-01"), 253), b), "2027-01-04");
}

static void
test_between(void)
{
	CHECK_INT(bizdays_between(D("2026-03-27"), D("2026-03-27")), 0);
	CHECK_INT(bizdays_between(D("2026-03-30"), D("2026-03-27")), 0);
	CHECK_INT(bizdays_between(D("2026-03-27"), D("2026-03-30")), 1);
	CHECK_INT(bizdays_between(D("2026-03-28"), D("2026-03-29")), 0);
	CHECK_INT(bizdays_between(D("2026-04-02"), D("2026-04-06")), 1); /* Good Friday */
	CHECK_INT(bizdays_between(D("2027-12-24"), D("2027-12-31")), 3);
	CHECK_INT(bizdays_between(D("2027-12-20"), D("2028-01-10")), 12);
	/* Whole year 2026: 261 weekdays, 9 observed holidays (Jan 1 is one of them). */
	CHECK_INT(bizdays_between(D("2025-12-31"), D("2026-12-31")), 252);
	CHECK_INT(bizdays_between(D("2026-01-01"), D("2026-12-31")), 252);
	CHECK_INT(bizdays_between(D("2026-01-02"), D("2026-12-31")), 251);
}

/* Deterministic pseudo-random numbers for the property tests. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rng_next(void)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(rng_state >> 33);
}

static int
between_slow(int32_t from, int32_t to)
{
	int n = 0;
	for (int32_t d = from + 1; d <= to; d++)
		n += bizdays_is_business_day(d);
	return n;
}

static void
test_properties(void)
{
	int32_t lo = date_from_ymd(1901, 1, 1), hi = date_from_ymd(2198, 1, 1);
	int bad_between = 0, bad_add = 0, bad_slow = 0, bad_biz = 0;
	for (int i = 0; i < 20000; i++) {
		int32_t d = lo + (int32_t)(rng_next() % (uint32_t)(hi - lo));
		int n = (int)(rng_next() % 400);
		int32_t e = bizdays_add(d, n);
		if (!bizdays_is_business_day(e))
			bad_biz++;
		if (bizdays_is_business_day(d) && bizdays_between(d, e) != n)
			bad_between++;
		/* From any day, n >= 1 steps land after n business days, the last on e. */
		if (n >= 1 && (bizdays_between(d, e) != n || bizdays_between(d, e - 1) != n - 1))
			bad_add++;
		int32_t f = d + (int32_t)(rng_next() % 800);
		if (i % 10 == 0 && bizdays_between(d, f) != between_slow(d, f))
			bad_slow++;
	}
	CHECK_INT(bad_biz, 0);
	CHECK_INT(bad_between, 0);
	CHECK_INT(bad_add, 0);
	CHECK_INT(bad_slow, 0);
}

static void
test_range_ends(void)
{
	struct holiday h[9];
	CHECK_INT(bizdays_holidays(1900, h, 9), 9);
	char b[11];
	CHECK_STR(S(h[4].observed, b), "1900-07-02"); /* Canada Day on Sunday */
	CHECK_INT(bizdays_holidays(2199, h, 9), 9);
	CHECK_STR(S(h[2].actual, b), "2199-04-12");
	CHECK_INT(bizdays_holidays(1899, h, 9), 0);
	CHECK_INT(bizdays_holidays(2200, h, 9), 0);
	CHECK_INT(bizdays_holidays(2026, h, 3), 3);
	CHECK(bizdays_is_holiday(D("1900-01-01")));
	CHECK(bizdays_is_holiday(D("2199-12-26")));
	int32_t first = D("1900-01-01"), last = D("2199-12-31");
	CHECK_INT(bizdays_between(first - 1, last), between_slow(first - 1, last));
	CHECK_INT(bizdays_between(first - 400, first + 400), between_slow(first - 400, first + 400));
	CHECK_INT(bizdays_between(last - 400, last + 400), between_slow(last - 400, last + 400));
	int32_t e = bizdays_add(last - 10, 30);
	CHECK(e > last);
	CHECK_INT(bizdays_between(last - 10, e), 30);
	CHECK_STR(S(bizdays_add(date_from_ymd(1899, 12, 29), 1), b), "1900-01-02");
}

T_MAIN(T(test_easter), T(test_holiday_lists), T(test_names), T(test_christmas_sunday),
    T(test_business_days), T(test_add), T(test_between), T(test_properties),
    T(test_range_ends))
