/* outreach_rule: a visit pattern chosen in words (weekly, every two weeks, monthly on the
 * same weekday of the month, monthly on a date; an end date or a number of visits) turned into
 * an RFC 5545 rule and its start, so managers never type an RRULE (see outreach.h). */
#include "domain/outreach.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

#define MAX_VISITS 1000

static const char *const ical_day[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };

enum outreach_pattern_err
outreach_rule_build(const struct outreach_pattern *p, char *rrule, size_t rrule_len,
    char dtstart[17])
{
	int y, mo, d;
	if (rrule_len < 64 || p->start_min < 0 || p->start_min >= 24 * 60 || p->count < 0)
		return OUTREACH_PATTERN_INVALID;
	date_to_ymd(p->first_day, &y, &mo, &d);
	if (y < 1900 || y > 2199)
		return OUTREACH_PATTERN_INVALID;
	if (p->until_day != 0 && p->count != 0)
		return OUTREACH_PATTERN_BOTH_ENDS;
	if (p->until_day != 0 && p->until_day < p->first_day)
		return OUTREACH_PATTERN_UNTIL_BEFORE;
	if (p->count > MAX_VISITS)
		return OUTREACH_PATTERN_COUNT;
	const char *wd = ical_day[date_weekday(p->first_day)];
	int n;
	switch (p->freq) {
	case OUTREACH_WEEKLY:
		n = snprintf(rrule, rrule_len, "FREQ=WEEKLY;BYDAY=%s", wd);
		break;
	case OUTREACH_BIWEEKLY:
		n = snprintf(rrule, rrule_len, "FREQ=WEEKLY;INTERVAL=2;BYDAY=%s", wd);
		break;
	case OUTREACH_MONTHLY_WEEKDAY: {
		/* The 29th and later are always the month's last such weekday: "-1". */
		int rank = d > 28 ? -1 : (d - 1) / 7 + 1;
		n = snprintf(rrule, rrule_len, "FREQ=MONTHLY;BYDAY=%d%s", rank, wd);
		break;
	}
	case OUTREACH_MONTHLY_DATE:
		if (d > 28)
			return OUTREACH_PATTERN_MONTH_DAY;
		n = snprintf(rrule, rrule_len, "FREQ=MONTHLY;BYMONTHDAY=%d", d);
		break;
	default:
		return OUTREACH_PATTERN_INVALID;
	}
	size_t used = (size_t)n;
	if (p->count > 0) {
		n = snprintf(rrule + used, rrule_len - used, ";COUNT=%d", p->count);
		used += (size_t)n;
	} else if (p->until_day != 0) {
		/* Floating local time like dtstart (RFC 5545 3.3.10): the whole last day counts. */
		int uy, um, ud;
		date_to_ymd(p->until_day, &uy, &um, &ud);
		n = snprintf(rrule + used, rrule_len - used, ";UNTIL=%04d%02d%02dT235959", uy, um, ud);
		used += (size_t)n;
	}
	if (used >= rrule_len)
		return OUTREACH_PATTERN_INVALID;
	/* Ranges checked above: the text is exactly 16 characters (a larger buffer for the
	 * compiler's sake). */
	char text[64];
	snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d", y, mo, d, p->start_min / 60,
	    p->start_min % 60);
	if (strlen(text) != 16)
		return OUTREACH_PATTERN_INVALID;
	memcpy(dtstart, text, 17);
	if (outreach_rule_valid(rrule, dtstart) != 0)
		return OUTREACH_PATTERN_INVALID;
	return OUTREACH_PATTERN_OK;
}
