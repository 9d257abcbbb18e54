/* rrule_words: an outreach schedule's recurrence in plain words in the page's language, for
 * the manager page and the public point page ("Every 2nd Tuesday of the month, 10:00 a.m. to
 * 3:00 p.m." / "Le 2e mardi de chaque mois, de 10 h 00 à 15 h 00"). Rules the words do not
 * cover (several weekdays, BYSETPOS, ...) are shown as "Custom rule: FREQ=...". */
#ifndef PASSERELLE_RRULE_WORDS_H
#define PASSERELLE_RRULE_WORDS_H
#include "core/arena.h"
#include "core/err.h"

/* The pattern and the hours: rule, dtstart "YYYY-MM-DDTHH:MM" local, duration in minutes. */
const char *rrule_words(struct arena *a, enum lang lang, const char *rrule, const char *dtstart,
    int duration_min);
/* Its span: "From March 10, 2026 to June 30, 2026", "6 visits from March 10, 2026", "From
 * March 10, 2026, with no end date". NULL when dtstart is malformed. */
const char *rrule_span_words(struct arena *a, enum lang lang, const char *rrule,
    const char *dtstart);
/* "10:00 a.m." / "10 h 00": a time of day from minutes after midnight. */
const char *rrule_clock(struct arena *a, enum lang lang, int minutes);
/* A time of day as typed: "10:00", "9:30", "14 h 30", "14h30", "14 h" (24-hour clock).
 * Minutes after midnight, or -1. */
int rrule_clock_parse(const char *s);

#endif
