/* Unit tests of outreach schedules: expansion of weekly and monthly rules with COUNT, UNTIL,
 * EXDATE and moved visits, local times kept across the March and November 2026 changes,
 * holidays and closures cancelling visits, refused rules, and the ICS feed of a point parsed
 * back by libical (every VEVENT with UID, DTSTART, DTEND, SUMMARY). The feed test uses a
 * fresh migrated database under /tmp, removed at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libical/ical.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/outreach.h"
#include "domain/points.h"
#include "t.h"

#define USEC INT64_C(1000000)

/* UTC microseconds of a UTC civil time. */
static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	return ((int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60) * USEC;
}

static void
t_weekly(void)
{
	struct outreach_visit v[16];
	/* Every second Thursday from January 8 at 10:00 (EST: 15:00 UTC). */
	int n = outreach_expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2026-01-08T10:00", 120, "[]",
	    NULL, 0, utc(2026, 1, 1, 0, 0), utc(2026, 3, 1, 0, 0), v, 16);
	CHECK_INT(n, 4);
	CHECK_INT(v[0].start_us, utc(2026, 1, 8, 15, 0));
	CHECK_INT(v[0].end_us, utc(2026, 1, 8, 17, 0));
	CHECK_INT(v[1].start_us, utc(2026, 1, 22, 15, 0));
	CHECK_INT(v[3].start_us, utc(2026, 2, 19, 15, 0));
	CHECK_INT(v[0].original_day, date_from_ymd(2026, 1, 8));
	CHECK_INT(v[0].moved, 0);
	/* The window starts later: visits before it are not given. */
	n = outreach_expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2026-01-08T10:00", 120, "[]",
	    NULL, 0, utc(2026, 2, 1, 0, 0), utc(2026, 3, 1, 0, 0), v, 16);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].start_us, utc(2026, 2, 5, 15, 0));
	/* max bounds the answer. */
	n = outreach_expand("FREQ=WEEKLY;BYDAY=MO,WE", "2026-01-05T09:30", 60, "[]", NULL, 0,
	    utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), v, 3);
	CHECK_INT(n, 3);
	CHECK_INT(v[2].start_us, utc(2026, 1, 12, 14, 30));
}

static void
t_monthly(void)
{
	struct outreach_visit v[16];
	/* The 2nd Tuesday: January 13, February 10, March 10 (after the change: 14:00 UTC). */
	int n = outreach_expand("FREQ=MONTHLY;BYDAY=2TU", "2026-01-13T10:00", 240, NULL, NULL, 0,
	    utc(2026, 1, 1, 0, 0), utc(2026, 4, 1, 0, 0), v, 16);
	CHECK_INT(n, 3);
	CHECK_INT(v[0].start_us, utc(2026, 1, 13, 15, 0));
	CHECK_INT(v[1].start_us, utc(2026, 2, 10, 15, 0));
	CHECK_INT(v[2].start_us, utc(2026, 3, 10, 14, 0));
	/* October 13 (EDT) and November 10 (EST). */
	n = outreach_expand("FREQ=MONTHLY;BYDAY=2TU", "2026-01-13T10:00", 240, NULL, NULL, 0,
	    utc(2026, 10, 1, 0, 0), utc(2026, 12, 1, 0, 0), v, 16);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].start_us, utc(2026, 10, 13, 14, 0));
	CHECK_INT(v[1].start_us, utc(2026, 11, 10, 15, 0));
}

static void
t_count_until(void)
{
	struct outreach_visit v[16];
	int n = outreach_expand("FREQ=WEEKLY;BYDAY=TH;COUNT=3", "2026-01-08T10:00", 60, "[]", NULL,
	    0, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), v, 16);
	CHECK_INT(n, 3);
	CHECK_INT(v[2].start_us, utc(2026, 1, 22, 15, 0));
	n = outreach_expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20260220T235959", "2026-01-08T10:00",
	    60, "[]", NULL, 0, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), v, 16);
	CHECK_INT(n, 4);
	CHECK_INT(v[3].start_us, utc(2026, 2, 19, 15, 0));
}

static void
t_exdate_moved(void)
{
	struct outreach_visit v[16];
	struct outreach_move mv[] = { { "2026-02-05", "2026-02-06T13:00" } };
	int n = outreach_expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2026-01-08T10:00", 120,
	    "[\"2026-01-22\"]", mv, 1, utc(2026, 1, 1, 0, 0), utc(2026, 3, 1, 0, 0), v, 16);
	CHECK_INT(n, 3);
	CHECK_INT(v[0].start_us, utc(2026, 1, 8, 15, 0));
	CHECK_INT(v[1].start_us, utc(2026, 2, 6, 18, 0));
	CHECK_INT(v[1].end_us, utc(2026, 2, 6, 20, 0));
	CHECK_INT(v[1].moved, 1);
	CHECK_INT(v[1].original_day, date_from_ymd(2026, 2, 5));
	CHECK_INT(v[2].start_us, utc(2026, 2, 19, 15, 0));
	/* A visit moved earlier than another keeps the answer in time order. */
	struct outreach_move early[] = { { "2026-02-19", "2026-02-02T09:00" } };
	n = outreach_expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2026-01-08T10:00", 120, "[]", early,
	    1, utc(2026, 1, 1, 0, 0), utc(2026, 3, 1, 0, 0), v, 16);
	CHECK_INT(n, 4);
	CHECK_INT(v[2].start_us, utc(2026, 2, 2, 14, 0));
	CHECK_INT(v[3].start_us, utc(2026, 2, 5, 15, 0));
	/* A bad exception list makes the schedule invalid. */
	CHECK_INT(outreach_expand("FREQ=WEEKLY", "2026-01-08T10:00", 60, "[\"2026-02-30\"]", NULL,
	    0, 0, utc(2027, 1, 1, 0, 0), v, 16), -1);
	CHECK_INT(outreach_expand("FREQ=WEEKLY", "2026-01-08T10:00", 60, "{}", NULL, 0, 0,
	    utc(2027, 1, 1, 0, 0), v, 16), -1);
}

static void
t_dst(void)
{
	struct outreach_visit v[8];
	/* Mondays at 10:00 local: March 2 is EST (UTC-5), March 9 EDT (UTC-4), after the change
	 * of Sunday March 8, 2026. */
	int n = outreach_expand("FREQ=WEEKLY;BYDAY=MO", "2026-03-02T10:00", 60, "[]", NULL, 0,
	    utc(2026, 3, 1, 0, 0), utc(2026, 3, 15, 0, 0), v, 8);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].start_us, utc(2026, 3, 2, 15, 0));
	CHECK_INT(v[1].start_us, utc(2026, 3, 9, 14, 0));
	struct tm tm;
	time_t t = (time_t)(v[1].start_us / USEC);
	localtime_r(&t, &tm);
	CHECK_INT(tm.tm_hour, 10);
	CHECK_INT(tm.tm_isdst, 1);
	/* November 1, 2026 ends daylight time: October 26 is UTC-4, November 2 UTC-5. */
	n = outreach_expand("FREQ=WEEKLY;BYDAY=MO", "2026-03-02T10:00", 60, "[]", NULL, 0,
	    utc(2026, 10, 25, 0, 0), utc(2026, 11, 8, 0, 0), v, 8);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].start_us, utc(2026, 10, 26, 14, 0));
	CHECK_INT(v[1].start_us, utc(2026, 11, 2, 15, 0));
	t = (time_t)(v[1].start_us / USEC);
	localtime_r(&t, &tm);
	CHECK_INT(tm.tm_hour, 10);
	CHECK_INT(tm.tm_isdst, 0);
	/* Daily across the night of Sunday March 8: still 10:00 each day, so Saturday to Sunday
	 * is 23 hours. */
	n = outreach_expand("FREQ=DAILY;COUNT=3", "2026-03-07T10:00", 60, "[]", NULL, 0, 0,
	    utc(2027, 1, 1, 0, 0), v, 8);
	CHECK_INT(n, 3);
	CHECK_INT(v[1].start_us - v[0].start_us, INT64_C(82800) * USEC);
	CHECK_INT(v[2].start_us - v[1].start_us, INT64_C(86400) * USEC);
}

static void
t_holiday(void)
{
	struct outreach_visit v[8];
	/* Mondays in February 2026: Family Day is Monday February 16. */
	int n = outreach_expand("FREQ=WEEKLY;BYDAY=MO", "2026-02-02T10:00", 60, "[]", NULL, 0,
	    utc(2026, 2, 1, 0, 0), utc(2026, 3, 1, 0, 0), v, 8);
	CHECK_INT(n, 4);
	int32_t closed[] = { date_from_ymd(2026, 2, 23) };
	n = outreach_filter(v, n, closed, 1);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].start_us, utc(2026, 2, 2, 15, 0));
	CHECK_INT(v[1].start_us, utc(2026, 2, 9, 15, 0));
	/* Christmas on a Friday: December 25, 2026 is cancelled, the 18th is not. */
	n = outreach_expand("FREQ=WEEKLY;BYDAY=FR", "2026-12-04T13:00", 60, "[]", NULL, 0,
	    utc(2026, 12, 15, 0, 0), utc(2027, 1, 1, 0, 0), v, 8);
	CHECK_INT(n, 2);
	CHECK_INT(outreach_filter(v, n, NULL, 0), 1);
}

static void
t_invalid(void)
{
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;BYDAY=TH", "2026-01-08T10:00"), 0);
	CHECK_INT(outreach_rule_valid("FREQ=MONTHLY;BYDAY=2TU", "2026-01-13T10:00"), 0);
	CHECK_INT(outreach_rule_valid("FREQ=HOURLY", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=MINUTELY;INTERVAL=5", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=HOURLY;COUNT=4", "2026-01-08T10:00"), 0);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;INTERVAL=53", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;INTERVAL=52", "2026-01-08T10:00"), 0);
	CHECK_INT(outreach_rule_valid("FREQ=MONTHLY;INTERVAL=13", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=DAILY;INTERVAL=400", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;COUNT=5000", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=DAILY;UNTIL=20250101T000000", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("every tuesday", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=FORTNIGHTLY", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("", "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid(NULL, "2026-01-08T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;BYDAY=TH", "2026-01-08 10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;BYDAY=TH", "2026-02-30T10:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;BYDAY=TH", "2026-01-08T25:00"), -1);
	CHECK_INT(outreach_rule_valid("FREQ=WEEKLY;BYDAY=TH\r\nX", "2026-01-08T10:00"), -1);
	struct outreach_visit v[4];
	CHECK_INT(outreach_expand("FREQ=HOURLY", "2026-01-08T10:00", 60, "[]", NULL, 0, 0,
	    utc(2027, 1, 1, 0, 0), v, 4), -1);
	CHECK_INT(outreach_expand("FREQ=WEEKLY", "2026-01-08T10:00", 0, "[]", NULL, 0, 0,
	    utc(2027, 1, 1, 0, 0), v, 4), -1);
}

/* ---- the ICS feed, through a real database ---- */

static char dir[64];

struct feed_ctx {
	int64_t region, host, site;
	struct buf ics;
	enum st_rc rc;
};

static int
first_id(void *ctx, const struct st_row *row)
{
	*(int64_t *)ctx = st_i64(row, 0);
	return 1;
}

static void
point_fill(struct point_in *in, const char *code, const char *kind, const char *en,
    const char *fr, int64_t region, double lat, double lon)
{
	memset(in, 0, sizeof(*in));
	in->code = code;
	for (int i = 0; point_kinds[i]; i++)
		if (strcmp(point_kinds[i], kind) == 0)
			in->kind = i;
	in->name_en = en;
	in->name_fr = fr;
	in->region_id = region;
	in->municipality = en;
	in->has_coords = 1;
	in->lat = lat;
	in->lon = lon;
	in->active = 1;
	in->langs[in->nlangs++] = "en";
	in->langs[in->nlangs++] = "fr";
	in->services[in->nservices++] = "exams";
	in->hours[in->nhours++] = (struct point_hours_in){ 1, "09:00", "17:00" };
}

static enum st_rc
setup_tx(struct st_tx *tx, void *v)
{
	struct feed_ctx *c = v;
	struct st_param p[] = { SP_NUL, SP_STR("catchment"), SP_STR("NE"), SP_STR("Northeast"),
		SP_STR("Nord-Est") };
	enum st_rc rc = st_exec(tx, Q_REGION_INSERT, p, 5, first_id, &c->region, NULL);
	if (rc != ST_OK)
		return rc;
	struct arena a;
	arena_init(&a);
	struct point_in in;
	struct dom_err err = { 0 };
	json_t *out = NULL;
	point_fill(&in, "HUB-TIMMINS", "regional_hub", "Timmins hub", "Carrefour de Timmins",
	    c->region, 48.4758, -81.3305);
	rc = point_create(tx, &a, NULL, &in, &out, &err);
	if (rc == ST_OK)
		c->host = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	point_fill(&in, "OUT-MOOSONEE", "outreach_site", "Moosonee, Community Hall; Room 2",
	    "Moosonee, salle communautaire; salle 2", c->region, 51.2794, -80.6463);
	in.address = "22 First Street, \"Hall\"\\back";
	if (rc == ST_OK)
		rc = point_create(tx, &a, NULL, &in, &out, &err);
	if (rc == ST_OK)
		c->site = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	struct outreach_in o = { c->site, c->host, "FREQ=MONTHLY;BYDAY=2TU", "2026-01-13T10:00", 240,
		"[\"2026-04-14\"]", "Bring your ID, your logbook; and questions.",
		"Apportez vos pièces d’identité, votre carnet; et vos questions." };
	int64_t sid = 0;
	enum err_id e;
	if (rc == ST_OK)
		rc = outreach_schedule_add(tx, &o, &sid, &e);
	if (rc == ST_OK)
		rc = outreach_move_put(tx, sid, "2026-05-12", "2026-05-13T11:00");
	/* A closure cancels June 9. */
	if (rc == ST_OK)
		rc = point_closure_set(tx, NULL, c->site, date_from_ymd(2026, 6, 9), "Hall repairs",
		    "Réparations de la salle", &err);
	arena_free(&a);
	return rc;
}

static enum st_rc
feed_tx(struct st_tx *tx, void *v)
{
	struct feed_ctx *c = v;
	buf_reset(&c->ics);
	return outreach_ics_point(tx, c->site, LANG_FR, utc(2026, 3, 20, 12, 0), &c->ics);
}

static enum st_rc
next_tx(struct st_tx *tx, void *v)
{
	struct feed_ctx *c = v;
	struct outreach_visit vis[8];
	int n = 0;
	enum st_rc rc = outreach_next_visits(tx, c->site, utc(2026, 3, 20, 12, 0), vis, 8, &n);
	CHECK_INT(rc, ST_OK);
	CHECK_INT(n, 8);
	/* April 14 cancelled, May 12 moved to the 13th at 11:00, June 9 closed. */
	CHECK_INT(vis[0].start_us, utc(2026, 5, 13, 15, 0));
	CHECK_INT(vis[0].moved, 1);
	CHECK_INT(vis[1].start_us, utc(2026, 7, 14, 14, 0));
	return rc;
}

static void
t_feed(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_outreach.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	char path[128];
	snprintf(path, sizeof(path), "%s/t.db", dir);
	struct store *st = NULL;
	CHECK_INT(st_open(path, &st), ST_OK);
	if (st == NULL)
		return;
	CHECK_INT(st_migrate(st, NULL), ST_OK);
	struct feed_ctx c = { 0 };
	CHECK_INT(st_write(st, setup_tx, &c), ST_OK);
	CHECK(c.site > 0 && c.host > 0);
	CHECK_INT(st_read(st, next_tx, &c), ST_OK);
	CHECK_INT(st_read(st, feed_tx, &c), ST_OK);
	const char *ics = c.ics.p ? c.ics.p : "";
	/* CRLF everywhere, no line over 75 octets. */
	int bare_lf = 0, too_long = 0;
	size_t col = 0;
	for (const char *p = ics; *p; p++) {
		if (*p == '\n') {
			bare_lf += p == ics || p[-1] != '\r';
			too_long += col > 76;       /* 75 octets + CR */
			col = 0;
		} else {
			col++;
		}
	}
	CHECK_INT(bare_lf, 0);
	CHECK_INT(too_long, 0);
	CHECK(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
	icalcomponent *cal = icalparser_parse_string(ics);
	CHECK(cal != NULL);
	int events = 0, complete = 0, moved_found = 0;
	for (icalcomponent *ev = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) :
	    NULL; ev; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		events++;
		if (icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY) &&
		    icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY) &&
		    icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY) &&
		    icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY) &&
		    icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY))
			complete++;
		const char *uid = icalcomponent_get_uid(ev);
		if (uid && strstr(uid, "-20260512@"))
			moved_found++;
		struct icaltimetype s = icalcomponent_get_dtstart(ev);
		CHECK(icaltime_is_utc(s));
	}
	/* March 20 + 183 days: May 13 (moved), July 14, August 11, September 8. */
	CHECK_INT(events, 4);
	CHECK_INT(complete, events);
	CHECK_INT(moved_found, 1);
	/* Text survives escaping: the address with its comma, quote and backslash. */
	icalcomponent *ev = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
	CHECK_STR(ev ? icalcomponent_get_location(ev) : NULL,
	    "22 First Street, \"Hall\"\\back, Moosonee, Community Hall; Room 2");
	CHECK(ev && strstr(icalcomponent_get_location(ev), "22 First Street, \"Hall\"\\back") != NULL);
	CHECK(ev && strstr(icalcomponent_get_description(ev), "votre carnet; et vos questions") != NULL);
	CHECK(ev && strstr(icalcomponent_get_summary(ev), "salle communautaire; salle 2") != NULL);
	if (cal)
		icalcomponent_free(cal);
	buf_free(&c.ics);
	st_close(st);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
}

/* The rule from choices in words (outreach_rule_build): each frequency, the ends, refusals,
 * and the rules expand to the visits the words promise. */
static void
t_rule_build(void)
{
	char rule[128], start[17];
	/* Tuesday, March 10, 2026 is the 2nd Tuesday of March. */
	struct outreach_pattern p = { .freq = OUTREACH_WEEKLY,
		.first_day = date_from_ymd(2026, 3, 10), .start_min = 10 * 60 };
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
	CHECK_STR(rule, "FREQ=WEEKLY;BYDAY=TU");
	CHECK_STR(start, "2026-03-10T10:00");
	p.freq = OUTREACH_BIWEEKLY;
	p.start_min = 9 * 60 + 5;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
	CHECK_STR(rule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
	CHECK_STR(start, "2026-03-10T09:05");
	p.freq = OUTREACH_MONTHLY_WEEKDAY;
	p.count = 6;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
	CHECK_STR(rule, "FREQ=MONTHLY;BYDAY=2TU;COUNT=6");
	/* Six visits, each the 2nd Tuesday, at 09:05 local across the March change. */
	struct outreach_visit v[8];
	int n = outreach_expand(rule, start, 60, "[]", NULL, 0, utc(2026, 1, 1, 0, 0),
	    utc(2027, 1, 1, 0, 0), v, 8);
	CHECK_INT(n, 6);
	CHECK_INT(v[1].start_us, utc(2026, 4, 14, 13, 5));
	CHECK_INT(v[5].original_day, date_from_ymd(2026, 8, 11));
	/* The 29th or later: the month's last such weekday. */
	p.first_day = date_from_ymd(2026, 3, 31);
	p.count = 0;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
	CHECK_STR(rule, "FREQ=MONTHLY;BYDAY=-1TU");
	n = outreach_expand(rule, start, 60, "[]", NULL, 0, utc(2026, 4, 1, 0, 0),
	    utc(2026, 5, 1, 0, 0), v, 8);
	CHECK_INT(n, 1);
	CHECK_INT(v[0].original_day, date_from_ymd(2026, 4, 28));
	/* Monthly on a date, until a day (the whole day counts). */
	p.freq = OUTREACH_MONTHLY_DATE;
	p.first_day = date_from_ymd(2026, 3, 14);
	p.until_day = date_from_ymd(2026, 6, 14);
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
	CHECK_STR(rule, "FREQ=MONTHLY;BYMONTHDAY=14;UNTIL=20260614T235959");
	n = outreach_expand(rule, start, 60, "[]", NULL, 0, utc(2026, 1, 1, 0, 0),
	    utc(2027, 1, 1, 0, 0), v, 8);
	CHECK_INT(n, 4);
	CHECK_INT(v[3].original_day, date_from_ymd(2026, 6, 14));
	/* Refusals. */
	p.count = 3;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_BOTH_ENDS);
	p.count = 0;
	p.until_day = date_from_ymd(2026, 3, 13);
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_UNTIL_BEFORE);
	p.until_day = 0;
	p.count = 1001;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_COUNT);
	p.count = 0;
	p.first_day = date_from_ymd(2026, 3, 30);
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_MONTH_DAY);
	p.freq = OUTREACH_WEEKLY;
	p.start_min = 24 * 60;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_INVALID);
	p.start_min = 0;
	p.freq = (enum outreach_freq)9;
	CHECK_INT(outreach_rule_build(&p, rule, sizeof(rule), start), OUTREACH_PATTERN_INVALID);
	/* Every rule it makes is one the schedules accept. */
	for (int f = 0; f < 4; f++) {
		struct outreach_pattern q = { .freq = (enum outreach_freq)f,
			.first_day = date_from_ymd(2026, 11, 2), .start_min = 23 * 60 + 59, .count = 2 };
		CHECK_INT(outreach_rule_build(&q, rule, sizeof(rule), start), OUTREACH_PATTERN_OK);
		CHECK_INT(outreach_rule_valid(rule, start), 0);
	}
}

static void
setup_tz(void)
{
	setenv("TZ", "America/Toronto", 1);
	tzset();
}

T_MAIN({ "tz", setup_tz }, { "weekly", t_weekly }, { "monthly", t_monthly },
    { "count_until", t_count_until }, { "exdate_moved", t_exdate_moved }, { "dst", t_dst },
    { "holiday", t_holiday }, { "invalid", t_invalid }, { "feed", t_feed },
    { "rule_build", t_rule_build })
