/* rrule_words: outreach recurrences in words (see rrule_words.h). The rule is read key by
 * key; any part the words cannot say makes the whole rule "custom", so the words never claim
 * a pattern the calendar does not follow. */
#include "web/rrule_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/outreach.h"
#include "i18n/fmt.h"
#include "i18n/msg.h"

static const char *const ical_day[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
static const int wd_one[] = { MSG_MANAGE_WD_0, MSG_MANAGE_WD_1, MSG_MANAGE_WD_2,
	MSG_MANAGE_WD_3, MSG_MANAGE_WD_4, MSG_MANAGE_WD_5, MSG_MANAGE_WD_6 };
static const int wd_every[] = { MSG_MANAGE_WD_PL_0, MSG_MANAGE_WD_PL_1, MSG_MANAGE_WD_PL_2,
	MSG_MANAGE_WD_PL_3, MSG_MANAGE_WD_PL_4, MSG_MANAGE_WD_PL_5, MSG_MANAGE_WD_PL_6 };
static const int rank_word[] = { 0, MSG_MANAGE_RANK_1, MSG_MANAGE_RANK_2, MSG_MANAGE_RANK_3,
	MSG_MANAGE_RANK_4 };

enum rw_freq { RW_NONE, RW_DAILY, RW_WEEKLY, RW_MONTHLY };

struct rw_rule {
	enum rw_freq freq;
	int interval;
	int wday;                /* -1: none */
	int rank;                /* BYDAY rank: 1..4, -1 last, 0 none */
	int mday;                /* BYMONTHDAY, 0 none */
	int count;
	int32_t until;           /* day, 0 none */
};

static int
int_of(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* BYDAY with one day, optionally ranked ("2TU", "-1FR", "TH"). */
static int
byday_parse(const char *s, struct rw_rule *r)
{
	size_t n = strlen(s);
	if (n < 2 || strchr(s, ',') != NULL)
		return -1;
	const char *day = s + n - 2;
	r->wday = -1;
	for (int k = 0; k < 7; k++)
		if (strcmp(day, ical_day[k]) == 0)
			r->wday = k;
	if (r->wday < 0)
		return -1;
	if (n == 2)
		return 0;
	char rank[4];
	if (n - 2 >= sizeof(rank))
		return -1;
	memcpy(rank, s, n - 2);
	rank[n - 2] = '\0';
	if (strcmp(rank, "-1") == 0) {
		r->rank = -1;
		return 0;
	}
	return int_of(rank, 1, 4, &r->rank);
}

/* 0 when every part of the rule is one the words can say. */
static int
rule_read(const char *rrule, struct rw_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->interval = 1;
	r->wday = -1;
	if (rrule == NULL || strlen(rrule) > 300)
		return -1;
	char buf[301];
	strcpy(buf, rrule);
	char *save = NULL;
	for (char *part = strtok_r(buf, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(part, '=');
		if (eq == NULL)
			return -1;
		*eq = '\0';
		const char *k = part, *v = eq + 1;
		if (strcmp(k, "FREQ") == 0) {
			r->freq = strcmp(v, "DAILY") == 0 ? RW_DAILY : strcmp(v, "WEEKLY") == 0 ?
			    RW_WEEKLY : strcmp(v, "MONTHLY") == 0 ? RW_MONTHLY : RW_NONE;
			if (r->freq == RW_NONE)
				return -1;
		} else if (strcmp(k, "INTERVAL") == 0) {
			if (int_of(v, 1, 366, &r->interval) != 0)
				return -1;
		} else if (strcmp(k, "BYDAY") == 0) {
			if (byday_parse(v, r) != 0)
				return -1;
		} else if (strcmp(k, "BYMONTHDAY") == 0) {
			if (int_of(v, 1, 31, &r->mday) != 0)
				return -1;
		} else if (strcmp(k, "COUNT") == 0) {
			if (int_of(v, 1, 1000, &r->count) != 0)
				return -1;
		} else if (strcmp(k, "UNTIL") == 0) {
			int y, m, d;
			if (strlen(v) < 8 || sscanf(v, "%4d%2d%2d", &y, &m, &d) != 3 || !date_valid(y, m, d))
				return -1;
			r->until = date_from_ymd(y, m, d);
		} else if (strcmp(k, "WKST") != 0) {
			return -1;
		}
	}
	if (r->freq == RW_NONE || (r->mday && r->wday >= 0))
		return -1;
	if (r->freq == RW_DAILY && (r->wday >= 0 || r->mday))
		return -1;
	if (r->freq == RW_WEEKLY && (r->rank != 0 || r->mday))
		return -1;
	return 0;
}

const char *
rrule_clock(struct arena *a, enum lang lang, int minutes)
{
	int h = minutes / 60 % 24, m = minutes % 60;
	const char *mm = arena_printf(a, "%02d", m);
	if (lang == LANG_FR)
		return MSGF(a, lang, MSG_MANAGE_CLOCK_AM, fmt_int(a, lang, h), mm);
	int h12 = h % 12 == 0 ? 12 : h % 12;
	return MSGF(a, lang, h < 12 ? MSG_MANAGE_CLOCK_AM : MSG_MANAGE_CLOCK_PM,
	    fmt_int(a, lang, h12), mm);
}

/* "14th" / "14", "1st" / "1er". */
static const char *
mday_words(struct arena *a, enum lang lang, int d)
{
	const char *n = fmt_int(a, lang, d);
	int id = MSG_MANAGE_MDAY_TH;
	if (lang == LANG_FR)
		id = d == 1 ? MSG_MANAGE_MDAY_ST : MSG_MANAGE_MDAY_TH;
	else if (d % 10 == 1 && d != 11)
		id = MSG_MANAGE_MDAY_ST;
	else if (d % 10 == 2 && d != 12)
		id = MSG_MANAGE_MDAY_ND;
	else if (d % 10 == 3 && d != 13)
		id = MSG_MANAGE_MDAY_RD;
	return MSGF(a, lang, id, n);
}

/* The pattern alone ("Every 2nd Tuesday of the month"), NULL when the words cannot say it. */
static const char *
pattern_words(struct arena *a, enum lang lang, const struct rw_rule *r, int32_t first)
{
	const char *n = fmt_int(a, lang, r->interval);
	switch (r->freq) {
	case RW_DAILY:
		return r->interval == 1 ? msg_get(lang, MSG_MANAGE_RR_DAILY) :
		    MSGF(a, lang, MSG_MANAGE_RR_DAYS, n);
	case RW_WEEKLY: {
		int wd = r->wday >= 0 ? r->wday : date_weekday(first);
		if (r->interval == 1)
			return MSGF(a, lang, MSG_MANAGE_RR_WEEKLY, msg_get(lang, wd_every[wd]));
		if (r->interval == 2)
			return MSGF(a, lang, MSG_MANAGE_RR_BIWEEKLY, msg_get(lang, wd_one[wd]));
		return MSGF(a, lang, MSG_MANAGE_RR_WEEKS, n, msg_get(lang, wd_one[wd]));
	}
	case RW_MONTHLY: {
		int y, m, d;
		date_to_ymd(first, &y, &m, &d);
		if (r->wday >= 0 && r->rank == 0)
			return NULL;     /* every Tuesday of the month: said no better than the rule */
		if (r->wday >= 0) {
			const char *day = msg_get(lang, wd_one[r->wday]);
			if (r->rank < 0)
				return r->interval == 1 ? MSGF(a, lang, MSG_MANAGE_RR_MONTHLY_LAST, day) :
				    MSGF(a, lang, MSG_MANAGE_RR_MONTHS_LAST, day, n);
			const char *rank = msg_get(lang, rank_word[r->rank]);
			return r->interval == 1 ? MSGF(a, lang, MSG_MANAGE_RR_MONTHLY_DAY, rank, day) :
			    MSGF(a, lang, MSG_MANAGE_RR_MONTHS_DAY, rank, day, n);
		}
		const char *md = mday_words(a, lang, r->mday ? r->mday : d);
		return r->interval == 1 ? MSGF(a, lang, MSG_MANAGE_RR_MONTHLY_DATE, md) :
		    MSGF(a, lang, MSG_MANAGE_RR_MONTHS_DATE, md, n);
	}
	default:
		return NULL;
	}
}

const char *
rrule_words(struct arena *a, enum lang lang, const char *rrule, const char *dtstart,
    int duration_min)
{
	int y, mo, d, h, mi;
	struct rw_rule r;
	const char *what = NULL;
	if (outreach_local_parse(dtstart, &y, &mo, &d, &h, &mi) == 0 && rule_read(rrule, &r) == 0)
		what = pattern_words(a, lang, &r, date_from_ymd(y, mo, d));
	if (what == NULL)
		return MSGF(a, lang, MSG_MANAGE_RR_CUSTOM, rrule ? rrule : "");
	int start = h * 60 + mi;
	return MSGF(a, lang, MSG_MANAGE_RR_TIME, what, rrule_clock(a, lang, start),
	    rrule_clock(a, lang, start + duration_min));
}

const char *
rrule_span_words(struct arena *a, enum lang lang, const char *rrule, const char *dtstart)
{
	int y, mo, d, h, mi;
	if (outreach_local_parse(dtstart, &y, &mo, &d, &h, &mi) != 0)
		return NULL;
	const char *from = fmt_date_long(a, lang, date_from_ymd(y, mo, d));
	struct rw_rule r;
	if (rule_read(rrule, &r) != 0)
		return MSGF(a, lang, MSG_MANAGE_RR_SPAN_FROM, from);
	if (r.count == 1)
		return MSGF(a, lang, MSG_MANAGE_RR_SPAN_ONE, from);
	if (r.count > 1)
		return MSGF(a, lang, MSG_MANAGE_RR_SPAN_COUNT, fmt_int(a, lang, r.count), from);
	if (r.until)
		return MSGF(a, lang, MSG_MANAGE_RR_SPAN_UNTIL, from, fmt_date_long(a, lang, r.until));
	return MSGF(a, lang, MSG_MANAGE_RR_SPAN_OPEN, from);
}

/* Blanks and no-break spaces (U+00A0, as French times are written) around the separator. */
static const char *
skip_blanks(const char *p)
{
	for (;;) {
		if (*p == ' ')
			p++;
		else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
			p += 2;
		else
			return p;
	}
}

int
rrule_clock_parse(const char *s)
{
	if (s == NULL || s[0] < '0' || s[0] > '9')
		return -1;
	int h = s[0] - '0';
	const char *p = s + 1;
	if (*p >= '0' && *p <= '9')
		h = h * 10 + (*p++ - '0');
	if (h > 23)
		return -1;
	p = skip_blanks(p);
	char sep = *p;
	if (sep != ':' && sep != 'h' && sep != 'H')
		return -1;
	p = skip_blanks(p + 1);
	if (*p == '\0')
		return sep == ':' ? -1 : h * 60;
	if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9' || p[2] != '\0')
		return -1;
	return h * 60 + (p[0] - '0') * 10 + (p[1] - '0');
}
