/* Unit tests for text/text.c: UTF-8 validity, NFC, search keys, similarity, trim. */
#include <math.h>

#include "core/arena.h"
#include "t.h"
#include "text/text.h"

static bool
close_to(double x, double y)
{
	return fabs(x - y) < 1e-9;
}

/* Byte strings are given with their length so that embedded NULs can be tested. */
#define VALID(lit) text_utf8_valid(lit, sizeof(lit) - 1)

static void
test_utf8_valid(void)
{
	CHECK(VALID(""));
	CHECK(VALID("plain ascii"));
	CHECK(VALID("\xC3\x89lodie C\xC3\xB4t\xC3\xA9"));   /* Élodie Côté */
	CHECK(VALID("\xE2\x82\xAC"));                     /* € */
	CHECK(VALID("\xF0\x9F\x98\x80"));                 /* U+1F600 */
	CHECK(VALID("\xF4\x8F\xBF\xBF"));                 /* U+10FFFF, the last one */
	CHECK(VALID("\xED\x9F\xBF"));                     /* U+D7FF, just below surrogates */
	CHECK(VALID("\xEE\x80\x80"));                     /* U+E000, just above */

	CHECK(!VALID("\xC3\x28"));         /* lead byte then ASCII */
	CHECK(!VALID("\xC0\xAF"));         /* overlong '/' */
	CHECK(!VALID("\xC1\xBF"));         /* overlong 2-byte */
	CHECK(!VALID("\xE0\x80\xAF"));     /* overlong 3-byte '/' */
	CHECK(!VALID("\xF0\x80\x80\xAF")); /* overlong 4-byte '/' */
	CHECK(!VALID("\xED\xA0\x80"));     /* U+D800 high surrogate */
	CHECK(!VALID("\xED\xBF\xBF"));     /* U+DFFF low surrogate */
	CHECK(!VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 surrogate pair */
	CHECK(!VALID("\xF4\x90\x80\x80")); /* U+110000 */
	CHECK(!VALID("\xF5\x80\x80\x80")); /* lead byte beyond the range */
	CHECK(!VALID("\xFF"));
	CHECK(!VALID("\xFE"));
	CHECK(!VALID("\x80"));             /* lone continuation byte */
	CHECK(!VALID("abc\xBF"));
	CHECK(!VALID("\xE2\x82"));         /* truncated € */
	CHECK(!VALID("abc\xC3"));          /* truncated at the end */
	CHECK(!VALID("\xF0\x9F\x98"));     /* truncated 4-byte */
	CHECK(!VALID("a\0b"));             /* NUL byte */
	CHECK(!VALID("\0"));
	CHECK(!text_utf8_valid(NULL, 0));
	/* The length is honoured: the invalid byte is outside the first 3. */
	CHECK(text_utf8_valid("abc\xFF", 3));
}

static void
test_utf8_len(void)
{
	CHECK_INT(text_utf8_len("", 0), 0);
	CHECK_INT(text_utf8_len("abc", 3), 3);
	CHECK_INT(text_utf8_len("\xC3\xA9", 2), 1);                /* é */
	CHECK_INT(text_utf8_len("\xC3\x89lodie", 7), 6);           /* Élodie */
	CHECK_INT(text_utf8_len("e\xCC\x81", 3), 2);               /* e + combining acute */
	CHECK_INT(text_utf8_len("\xF0\x9F\x98\x80!", 5), 2);
}

static void
test_nfc(void)
{
	struct arena a;
	arena_init(&a);
	static const char decomposed[] = "E\xCC\x81lodie";  /* E + U+0301 */
	static const char precomposed[] = "\xC3\x89lodie"; /* U+00C9 */
	CHECK_STR(text_nfc(&a, decomposed, sizeof(decomposed) - 1), precomposed);
	CHECK_STR(text_nfc(&a, precomposed, sizeof(precomposed) - 1), precomposed);
	CHECK_STR(text_nfc(&a, "plain", 5), "plain");
	CHECK_STR(text_nfc(&a, "", 0), "");
	/* Only n bytes are read. */
	CHECK_STR(text_nfc(&a, "abcdef", 3), "abc");
	/* Singleton: ANGSTROM SIGN U+212B becomes U+00C5; A + ring above composes too. */
	CHECK_STR(text_nfc(&a, "\xE2\x84\xAB", 3), "\xC3\x85");
	CHECK_STR(text_nfc(&a, "A\xCC\x8A", 3), "\xC3\x85");
	/* Canonical reordering of two marks: dot below (ccc 220) before acute (230). */
	CHECK_STR(text_nfc(&a, "q\xCC\x81\xCC\xA3", 5), "q\xCC\xA3\xCC\x81");
	/* NFC is not compatibility folding: the ligature stays. */
	CHECK_STR(text_nfc(&a, "\xEF\xAC\x81", 3), "\xEF\xAC\x81");
	CHECK(text_nfc(&a, "\xC3\x28", 2) == NULL);
	CHECK(text_nfc(&a, "\xED\xA0\x80", 3) == NULL);
	CHECK(text_nfc(&a, "ab\0c", 4) == NULL);
	CHECK(text_nfc(&a, "ab\xC3", 3) == NULL);
	CHECK(text_nfc(&a, NULL, 0) == NULL);
	arena_free(&a);
}

static void
test_search_key(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(text_search_key(&a, "\xC3\x89lodie"), "elodie");        /* Élodie */
	CHECK_STR(text_search_key(&a, "elodie"), "elodie");
	CHECK_STR(text_search_key(&a, "\xC3\x89LODIE"), "elodie");        /* ÉLODIE */
	CHECK_STR(text_search_key(&a, "E\xCC\x81lodie"), "elodie");       /* decomposed */
	CHECK_STR(text_search_key(&a, "C\xC3\xB4t\xC3\xA9-Tremblay"), "cote tremblay");
	CHECK_STR(text_search_key(&a, "\xC3\x89lodie  C\xC3\xB4t\xC3\xA9-Tremblay"),
	    "elodie cote tremblay");
	CHECK_STR(text_search_key(&a, "  O'Brien,\tSe\xC3\xA1n !! "), "o brien sean");
	CHECK_STR(text_search_key(&a, "Jean\xE2\x80\x94" "Fran\xC3\xA7" "ois"), "jean francois");
	/* Case folding: ß -> ss; transliteration: Œ -> oe, Ø -> o, Æ -> ae, Ł -> l. */
	CHECK_STR(text_search_key(&a, "Strau\xC3\x9F"), "strauss");
	CHECK_STR(text_search_key(&a, "STRAUSS"), "strauss");
	CHECK_STR(text_search_key(&a, "\xC5\x92UVRE"), "oeuvre");          /* ŒUVRE */
	CHECK_STR(text_search_key(&a, "s\xC5\x93ur"), "soeur");            /* sœur */
	CHECK_STR(text_search_key(&a, "\xC3\x98yvind"), "oyvind");         /* Øyvind */
	CHECK_STR(text_search_key(&a, "\xC3\x86lfred"), "aelfred");        /* Ælfred */
	CHECK_STR(text_search_key(&a, "\xC5\x81\xC3\xB3" "d\xC5\xBA"), "lodz"); /* Łódź */
	/* Compatibility forms: ﬁ ligature, full-width letters; soft hyphen is ignorable. */
	CHECK_STR(text_search_key(&a, "\xEF\xAC\x81n"), "fin");
	CHECK_STR(text_search_key(&a, "\xEF\xBC\xA1\xEF\xBC\xA2"), "ab");
	CHECK_STR(text_search_key(&a, "Marie\xC2\xAD" "Eve"), "marieeve");
	/* Digits stay; other scripts are folded and stripped but not romanised. */
	CHECK_STR(text_search_key(&a, "Unit 12-B"), "unit 12 b");
	CHECK_STR(text_search_key(&a, "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD"),
	    "\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD");                             /* Иван -> иван */
	CHECK_STR(text_search_key(&a, "\xCE\x86\xCE\xBD\xCE\xBD\xCE\xB1"),
	    "\xCE\xB1\xCE\xBD\xCE\xBD\xCE\xB1");                             /* Άννα -> αννα */
	CHECK_STR(text_search_key(&a, ""), "");
	CHECK_STR(text_search_key(&a, " -- . "), "");
	CHECK(text_search_key(&a, "\xC3\x28") == NULL);
	CHECK(text_search_key(&a, "ab\xED\xA0\x80") == NULL);
	CHECK(text_search_key(&a, NULL) == NULL);
	arena_free(&a);
}

static void
test_similarity(void)
{
	CHECK(close_to(text_similarity("elodie", "elodie"), 1.0));
	CHECK(close_to(text_similarity("", ""), 1.0));
	CHECK(close_to(text_similarity("abc", ""), 0.0));
	CHECK(close_to(text_similarity("", "abc"), 0.0));
	CHECK(close_to(text_similarity("abc", "xyz"), 0.0));
	/* One transposition costs 1 (plain Levenshtein would say 2). */
	CHECK(close_to(text_similarity("ca", "ac"), 0.5));
	CHECK(close_to(text_similarity("elodie", "eoldie"), 1.0 - 1.0 / 6));
	/* Substitution, insertion, deletion. */
	CHECK(close_to(text_similarity("martin", "marten"), 1.0 - 1.0 / 6));
	CHECK(close_to(text_similarity("martin", "martine"), 1.0 - 1.0 / 7));
	CHECK(close_to(text_similarity("martine", "martin"), 1.0 - 1.0 / 7));
	CHECK(close_to(text_similarity("kitten", "sitting"), 1.0 - 3.0 / 7));
	/* OSA, not unrestricted Damerau: "ca" -> "abc" is 3 (unrestricted would give 2). */
	CHECK(close_to(text_similarity("ca", "abc"), 0.0));
	/* Code points, not bytes: "aé" vs "ae" is one edit over two characters. */
	CHECK(close_to(text_similarity("a\xC3\xA9", "ae"), 0.5));
	CHECK(close_to(text_similarity("\xC3\xA9\xC3\xA8", "\xC3\xA8\xC3\xA9"), 0.5));
	/* Symmetric. */
	CHECK(close_to(text_similarity("jean tremblay", "jean tremblai"),
	    text_similarity("jean tremblai", "jean tremblay")));
	CHECK(text_similarity("cote tremblay", "cote tremblai") > 0.9);
	CHECK(text_similarity("cote tremblay", "gagnon") < 0.3);
	CHECK(close_to(text_similarity(NULL, NULL), 1.0));
}

static void
test_trim(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(text_trim(&a, "  abc  "), "abc");
	CHECK_STR(text_trim(&a, "\t\n abc \r\n\v\f"), "abc");
	CHECK_STR(text_trim(&a, "a  b"), "a  b");
	CHECK_STR(text_trim(&a, "abc"), "abc");
	CHECK_STR(text_trim(&a, "   "), "");
	CHECK_STR(text_trim(&a, ""), "");
	/* NBSP, em space, ideographic space, line separator, NEL. */
	CHECK_STR(text_trim(&a, "\xC2\xA0\xE2\x80\x83" "abc\xE3\x80\x80\xE2\x80\xA8\xC2\x85"), "abc");
	CHECK_STR(text_trim(&a, " \xC3\xA9t\xC3\xA9 "), "\xC3\xA9t\xC3\xA9");
	/* Inner non-ASCII white space is kept. */
	CHECK_STR(text_trim(&a, "a\xC2\xA0" "b"), "a\xC2\xA0" "b");
	/* Zero-width space is not White_Space (it is a format character): kept. */
	CHECK_STR(text_trim(&a, "\xE2\x80\x8B" "a"), "\xE2\x80\x8B" "a");
	/* Ill-formed bytes are not white space and survive untouched. */
	CHECK_STR(text_trim(&a, " \xFF "), "\xFF");
	CHECK(text_trim(&a, NULL) == NULL);
	arena_free(&a);
}

T_MAIN(T(test_utf8_valid), T(test_utf8_len), T(test_nfc), T(test_search_key),
    T(test_similarity), T(test_trim))
