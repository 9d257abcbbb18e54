/* fmt: locale formats written out by hand on purpose: the C locale machinery is
 * process-wide and depends on which locales the host generated; these rules are few and fixed
 * (Translation Bureau and Ontario style). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/timeutil.h"
#include "i18n/fmt.h"

#define NBSP "\xc2\xa0"

static const char *const months_en[12] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };
static const char *const months_fr[12] = { "janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre" };

/* Digits of v grouped by three with sep. */
static void
group(char *out, size_t cap, uint64_t v, const char *sep)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, v);
	size_t o = 0, seplen = strlen(sep);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			for (size_t k = 0; k < seplen && o + 1 < cap; k++)
				out[o++] = sep[k];
		}
		if (o + 1 < cap)
			out[o++] = digits[i];
	}
	out[o] = '\0';
}

const char *
fmt_int(struct arena *a, enum lang lang, int64_t v)
{
	char g[48];
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	group(g, sizeof(g), m, lang == LANG_FR ? NBSP : ",");
	return arena_printf(a, "%s%s", v < 0 ? "−" : "", g);
}

const char *
fmt_decimal(struct arena *a, enum lang lang, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	double scale = pow(10, decimals);
	double r = round(fabs(v) * scale);
	uint64_t whole = (uint64_t)(r / scale);
	uint64_t frac = (uint64_t)(r - (double)whole * scale + 0.5);
	char g[48];
	group(g, sizeof(g), whole, lang == LANG_FR ? NBSP : ",");
	int neg = v < 0 && r != 0;
	if (decimals == 0)
		return arena_printf(a, "%s%s", neg ? "−" : "", g);
	return arena_printf(a, "%s%s%s%0*" PRIu64, neg ? "−" : "", g, lang == LANG_FR ? "," : ".",
	    decimals, frac);
}

const char *
fmt_money(struct arena *a, enum lang lang, int64_t cents)
{
	uint64_t m = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char g[48];
	group(g, sizeof(g), m / 100, lang == LANG_FR ? NBSP : ",");
	const char *sign = cents < 0 ? "−" : "";
	char c[8] = "";
	if (m % 100 != 0)
		snprintf(c, sizeof(c), "%s%02u", lang == LANG_FR ? "," : ".", (unsigned)(m % 100));
	if (lang == LANG_FR)
		return arena_printf(a, "%s%s%s" NBSP "$", sign, g, c);
	return arena_printf(a, "%s$%s%s", sign, g, c);
}

const char *
fmt_date_iso(struct arena *a, int32_t days)
{
	char d[11];
	date_format(days, d);
	return arena_strdup(a, d);
}

const char *
fmt_date_long(struct arena *a, enum lang lang, int32_t days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	if (lang == LANG_FR)
		return arena_printf(a, "%d%s" NBSP "%s" NBSP "%d", d, d == 1 ? "er" : "",
		    months_fr[m - 1], y);
	return arena_printf(a, "%s" NBSP "%d, %d", months_en[m - 1], d, y);
}

const char *
fmt_date_text_long(struct arena *a, enum lang lang, const char *iso)
{
	int32_t days;
	if (iso == NULL)
		return "";
	if (date_parse(iso, &days) != 0)
		return iso;
	return fmt_date_long(a, lang, days);
}

static int
local_tm(int64_t us, struct tm *tm)
{
	time_t t = (time_t)(us / 1000000);
	return localtime_r(&t, tm) != NULL ? 0 : -1;
}

const char *
fmt_time(struct arena *a, enum lang lang, int64_t us)
{
	struct tm tm;
	if (local_tm(us, &tm) != 0)
		return "";
	if (lang == LANG_FR)
		return arena_printf(a, "%d" NBSP "h" NBSP "%02d", tm.tm_hour, tm.tm_min);
	return arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

const char *
fmt_datetime(struct arena *a, enum lang lang, int64_t us)
{
	struct tm tm;
	if (local_tm(us, &tm) != 0)
		return "";
	return arena_printf(a, "%04d-%02d-%02d %s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    fmt_time(a, lang, us));
}
