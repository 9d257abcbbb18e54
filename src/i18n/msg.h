/* msg: every user-visible text of the pages, in English and French.
 *
 * Texts live in msg/en/AREA.txt and msg/fr/AREA.txt ("key = text"); tools/msgcat.c compiles
 * them into an enum (MSG_AREA_KEY) and a table at build time and fails the build when a key
 * exists in one language only, the placeholders differ, or French typography is broken.
 * Texts are plain text (never markup): the html writer escapes them. */
#ifndef PASSERELLE_MSG_H
#define PASSERELLE_MSG_H
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "msg_ids.h"

/* [id] = { key, English, French } */
extern const char *const msg_table[MSG__COUNT][3];

/* The text of id in lang ("" for an out-of-range id, which aborts in the tests' builds). */
const char *msg_get(enum lang lang, int id);
/* The key of id ("home.title"), for tests and diagnostics. */
const char *msg_key(int id);
/* The text with {1}..{n} replaced by args[0..n-1] (plain text, in a). */
const char *msgf_v(struct arena *a, enum lang lang, int id, const char *const *args, size_t n);
#define MSGF(a, lang, id, ...) msgf_v((a), (lang), (id), (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* "en" / "fr" */
const char *lang_code(enum lang lang);

#endif
