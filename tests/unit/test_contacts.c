/* test_contacts: the contact-centre measures' arithmetic on hand-computed cases (speed of
 * answer, answered within 10 minutes, abandonment, e-mail response within 2 business days
 * with weekends and Good Friday, first-contact resolution, an empty period having no data),
 * the checks of a contact on its own, and the RFC 3339 times the API takes. */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "core/timeutil.h"
#include "domain/contacts.h"
#include "domain/program.h"
#include "t.h"

#define S_US INT64_C(1000000)
#define H_US (3600 * S_US)

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

/* Local time on a day (no DST change on the days used). */
static int64_t
at(const char *day, int hour)
{
	return date_start_us_local(D(day)) + hour * H_US;
}

static void
tz(void)
{
	char err[256];
	setenv("TZ", "America/Toronto", 1);
	tzset();
	CHECK(programs_load(NULL, err, sizeof(err)) == 0);
	CHECK_INT(date_of_us_local(at("2026-03-10", 23)), D("2026-03-10"));
}

static void
empty_has_no_data(void)
{
	struct contact_tally t;
	struct contact_measure m[CM__COUNT];
	contact_tally_init(&t, at("2026-03-20", 12));
	contact_measures_compute(&t, m);
	for (int i = 0; i < CM__COUNT; i++) {
		CHECK(!m[i].has_data);
		CHECK_INT(m[i].denominator, 0);
		CHECK(!m[i].met);
	}
	CHECK_INT(m[CM_SPEED_OF_ANSWER].target, 300);
	CHECK_INT(m[CM_ANSWERED_WITHIN].target, 80);
	CHECK_INT(m[CM_ABANDONMENT].target, 10);
	CHECK_INT(m[CM_EMAIL_RESPONSE].target, 90);
	CHECK_INT(m[CM_FCR].target, 70);
}

static void
calls(void)
{
	struct contact_tally t;
	struct contact_measure m[CM__COUNT];
	int64_t q = at("2026-03-10", 10);
	contact_tally_init(&t, at("2026-03-20", 12));
	/* A waits 60 s, B exactly 600 s (within), C 601 s (not), D has no queue and waits
	 * 119.6 s (120 s rounded), E hangs up; F is a chat answered at once; G is in person. */
	struct contact_obs obs[] = {
		{ CH_PHONE, q - 30 * S_US, q, q + 60 * S_US, 1 },
		{ CH_PHONE, q, q, q + 600 * S_US, 1 },
		{ CH_PHONE, q, q, q + 601 * S_US, 0 },
		{ CH_PHONE, q, 0, q + 119600000, 1 },
		{ CH_PHONE, q, q, 0, 0 },
		{ CH_CHAT, q, q, q, 0 },
		{ CH_IN_PERSON, q, 0, q + 900 * S_US, 1 },
	};
	for (size_t i = 0; i < sizeof(obs) / sizeof(obs[0]); i++)
		contact_tally_add(&t, &obs[i]);
	contact_measures_compute(&t, m);
	/* Calls: 6 offered (5 phone + 1 chat), 5 answered, 1 abandoned. */
	CHECK_INT(m[CM_SPEED_OF_ANSWER].numerator, 60 + 600 + 601 + 120 + 0);
	CHECK_INT(m[CM_SPEED_OF_ANSWER].denominator, 5);
	CHECK(m[CM_SPEED_OF_ANSWER].actual == 276.0);      /* 1381 / 5 = 276.2 */
	CHECK(m[CM_SPEED_OF_ANSWER].met);
	CHECK_INT(m[CM_ANSWERED_WITHIN].numerator, 4);       /* A, B, D, F */
	CHECK_INT(m[CM_ANSWERED_WITHIN].denominator, 6);
	CHECK(m[CM_ANSWERED_WITHIN].actual == 66.7);
	CHECK(!m[CM_ANSWERED_WITHIN].met);
	CHECK_INT(m[CM_ABANDONMENT].numerator, 1);
	CHECK_INT(m[CM_ABANDONMENT].denominator, 6);
	CHECK(m[CM_ABANDONMENT].actual == 16.7);
	CHECK(!m[CM_ABANDONMENT].met);
	CHECK(!m[CM_EMAIL_RESPONSE].has_data);
	/* Served: the 5 answered calls and the visit; resolved A, B, D, G. */
	CHECK_INT(m[CM_FCR].numerator, 4);
	CHECK_INT(m[CM_FCR].denominator, 6);
	CHECK(!m[CM_FCR].met);                               /* 66.7 % < 70 % */
	CHECK_INT(t.by_channel[CH_PHONE], 5);
	CHECK_INT(t.by_channel[CH_CHAT], 1);
	CHECK_INT(t.by_channel[CH_IN_PERSON], 1);
	CHECK_INT(t.by_channel[CH_EMAIL], 0);
}

static void
boundaries(void)
{
	/* Exactly on the targets: met. 4 of 5 within 10 minutes (80 %); 1 of 10 abandoned
	 * (10 %); average exactly 300 s; 7 of 10 resolved (70 %). */
	struct contact_tally t;
	struct contact_measure m[CM__COUNT];
	int64_t q = at("2026-03-10", 10);
	contact_tally_init(&t, q);
	for (int i = 0; i < 10; i++) {
		struct contact_obs o = { CH_PHONE, q, q, i == 9 ? 0 : q + (i < 2 ? 900 : 75) * S_US,
			i < 7 };
		contact_tally_add(&t, &o);
	}
	contact_measures_compute(&t, m);
	/* 9 answered: 2 x 900 + 7 x 75 = 2325 s; 2325 / 9 = 258.3 */
	CHECK_INT(m[CM_SPEED_OF_ANSWER].numerator, 2325);
	CHECK(m[CM_SPEED_OF_ANSWER].actual == 258.0);
	CHECK_INT(m[CM_ANSWERED_WITHIN].numerator, 7);
	CHECK(m[CM_ANSWERED_WITHIN].actual == 70.0);
	CHECK(!m[CM_ANSWERED_WITHIN].met);
	CHECK(m[CM_ABANDONMENT].actual == 10.0);
	CHECK(m[CM_ABANDONMENT].met);
	CHECK_INT(m[CM_FCR].numerator, 7);
	CHECK_INT(m[CM_FCR].denominator, 9);

	contact_tally_init(&t, q);
	for (int i = 0; i < 5; i++) {
		struct contact_obs o = { CH_PHONE, q, q, q + (i == 0 ? 601 : 300) * S_US, i < 3 };
		contact_tally_add(&t, &o);
	}
	contact_measures_compute(&t, m);
	CHECK(m[CM_ANSWERED_WITHIN].actual == 80.0);        /* 4 of 5 */
	CHECK(m[CM_ANSWERED_WITHIN].met);
	CHECK_INT(m[CM_SPEED_OF_ANSWER].numerator, 601 + 4 * 300);
	CHECK(!m[CM_SPEED_OF_ANSWER].met);                  /* 360.2 s > 300 s */
	CHECK(!m[CM_FCR].met);                              /* 3 of 5 = 60 % */
	CHECK(m[CM_ABANDONMENT].has_data && m[CM_ABANDONMENT].actual == 0.0 && m[CM_ABANDONMENT].met);

	contact_tally_init(&t, q);
	struct contact_obs exact = { CH_PHONE, q, q, q + 300 * S_US, 1 };
	contact_tally_add(&t, &exact);
	contact_measures_compute(&t, m);
	CHECK(m[CM_SPEED_OF_ANSWER].actual == 300.0 && m[CM_SPEED_OF_ANSWER].met);
	CHECK(m[CM_FCR].actual == 100.0 && m[CM_FCR].met);
}

static void
emails(void)
{
	/* Friday 2026-03-13 -> 2 business days -> Tuesday 2026-03-17. */
	CHECK(contact_email_within(D("2026-03-13"), D("2026-03-17")));
	CHECK(!contact_email_within(D("2026-03-13"), D("2026-03-18")));
	CHECK(contact_email_within(D("2026-03-13"), D("2026-03-13")));
	/* Saturday: Monday is the first business day after, Tuesday the second. */
	CHECK(contact_email_within(D("2026-03-14"), D("2026-03-17")));
	CHECK(!contact_email_within(D("2026-03-14"), D("2026-03-18")));
	/* Thursday 2026-04-02, Good Friday 04-03: Monday 04-06, Tuesday 04-07. */
	CHECK(contact_email_within(D("2026-04-02"), D("2026-04-07")));
	CHECK(!contact_email_within(D("2026-04-02"), D("2026-04-08")));

	struct contact_tally t;
	struct contact_measure m[CM__COUNT];
	contact_tally_init(&t, at("2026-03-20", 12));   /* a Friday */
	struct contact_obs obs[] = {
		/* within: Friday 16:00 -> Tuesday 09:00 */
		{ CH_EMAIL, at("2026-03-13", 16), 0, at("2026-03-17", 9), 1 },
		/* late: Friday -> Wednesday */
		{ CH_EMAIL, at("2026-03-13", 16), 0, at("2026-03-18", 9), 1 },
		/* unanswered, due Thursday 03-12: late */
		{ CH_EMAIL, at("2026-03-10", 9), 0, 0, 0 },
		/* unanswered, due Monday 03-23: not counted yet */
		{ CH_EMAIL, at("2026-03-19", 9), 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(obs) / sizeof(obs[0]); i++)
		contact_tally_add(&t, &obs[i]);
	contact_measures_compute(&t, m);
	CHECK_INT(m[CM_EMAIL_RESPONSE].numerator, 1);
	CHECK_INT(m[CM_EMAIL_RESPONSE].denominator, 3);
	CHECK(m[CM_EMAIL_RESPONSE].actual == 33.3);
	CHECK(!m[CM_EMAIL_RESPONSE].met);
	/* E-mails are not calls. */
	CHECK(!m[CM_SPEED_OF_ANSWER].has_data);
	CHECK(!m[CM_ABANDONMENT].has_data);
	CHECK_INT(m[CM_FCR].denominator, 2);
	CHECK_INT(m[CM_FCR].numerator, 2);
	CHECK_INT(t.by_channel[CH_EMAIL], 4);
}

static void
checks(void)
{
	int64_t now = at("2026-03-10", 12);
	const char *field = NULL;
	struct contact_in ok = { .channel = CH_PHONE, .lang = "fr", .topic = "apprenticeship",
		.arrived_us = now - 600 * S_US, .queued_us = now - 590 * S_US,
		.answered_us = now - 300 * S_US, .ended_us = now, .resolved_first = 1 };
	CHECK_INT(contact_check(&ok, now, &field), E_NONE);
	struct contact_in c = ok;
	c.topic = "exams";
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c.topic = "astrology";
	CHECK_INT(contact_check(&c, now, &field), E_FIELD_ENUM);
	CHECK_STR(field, "topic");
	c = ok;
	c.lang = "FR";
	CHECK_INT(contact_check(&c, now, &field), E_FIELD_FORMAT);
	c.lang = "moh";
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c = ok;
	c.answered_us = c.queued_us - 1;
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_TIMES);
	CHECK_STR(field, "answered_at");
	c = ok;
	c.ended_us = now + 30 * S_US;          /* within the minute of slack */
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c.ended_us = now + 61 * S_US;
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_TIMES);
	CHECK_STR(field, "ended_at");
	c = ok;
	c.channel = CH_EMAIL;
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_RULE);
	CHECK_STR(field, "queued_at");
	c.queued_us = 0;
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c = ok;
	c.answered_us = 0;                     /* abandoned, yet "resolved" */
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_RULE);
	CHECK_STR(field, "resolved_first");
	c.resolved_first = 0;
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c = ok;
	c.outcome = OUT_CASE;
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_RULE);
	CHECK_STR(field, "case_id");
	c.case_id = 12;
	CHECK_INT(contact_check(&c, now, &field), E_NONE);
	c.outcome = OUT_REFERRAL;
	CHECK_INT(contact_check(&c, now, &field), E_CONTACT_RULE);
	c = ok;
	c.arrived_us = 0;
	CHECK_INT(contact_check(&c, now, &field), E_FIELD_REQUIRED);
}

static void
times(void)
{
	int64_t us = 0;
	int64_t base = (int64_t)date_from_ymd(2026, 3, 10) * 86400 * S_US;
	CHECK_INT(contact_time_parse("2026-03-10T14:05:09Z", &us), 0);
	CHECK_INT(us, base + (14 * 3600 + 5 * 60 + 9) * S_US);
	CHECK_INT(contact_time_parse("2026-03-10T10:05:09-04:00", &us), 0);
	CHECK_INT(us, base + (14 * 3600 + 5 * 60 + 9) * S_US);
	CHECK_INT(contact_time_parse("2026-03-10T14:05:09.25Z", &us), 0);
	CHECK_INT(us, base + (14 * 3600 + 5 * 60 + 9) * S_US + 250000);
	CHECK_INT(contact_time_parse("2026-03-10 14:05:09Z", &us), -1);
	CHECK_INT(contact_time_parse("2026-02-30T14:05:09Z", &us), -1);
	CHECK_INT(contact_time_parse("2026-03-10T14:05:09", &us), -1);
	CHECK_INT(contact_time_parse("2026-03-10T24:00:00Z", &us), -1);
	CHECK_INT(contact_time_parse("2026-03-10T14:05:09Zx", &us), -1);
	CHECK_INT(contact_time_parse(NULL, &us), -1);
	programs_unload();
}

T_MAIN(T(tz), T(empty_has_no_data), T(calls), T(boundaries), T(emails), T(checks), T(times))
