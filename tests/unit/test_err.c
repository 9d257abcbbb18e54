/* The error registry: stable, unique codes and slugs; a message in both languages. */
#include <string.h>

#include "core/err.h"
#include "t.h"

static void
test_registry(void)
{
	int ok_unique = 1, ok_msgs = 1, ok_status = 1;
	for (int a = 1; a < E__COUNT; a++) {
		const char *en = err_message((enum err_id)a, LANG_EN);
		const char *fr = err_message((enum err_id)a, LANG_FR);
		if (!en || !fr || !*en || !*fr || strcmp(en, fr) == 0)
			ok_msgs = 0;
		int st = err_status((enum err_id)a);
		if (st < 400 || st > 599)
			ok_status = 0;
		for (int b = a + 1; b < E__COUNT; b++)
			if (err_code((enum err_id)a) == err_code((enum err_id)b) ||
			    strcmp(err_slug((enum err_id)a), err_slug((enum err_id)b)) == 0)
				ok_unique = 0;
	}
	CHECK(ok_unique);
	CHECK(ok_msgs);
	CHECK(ok_status);
	CHECK_INT(err_code(E_JSON_MALFORMED), 1001);
	CHECK_INT(err_status(E_BODY_TOO_LARGE), 413);
	CHECK_INT(err_status(E_TRANSITION_ILLEGAL), 409);
	CHECK(strstr(err_message(E_FIELD_REQUIRED, LANG_FR), "obligatoire") != NULL);
}

/* French typography: the registry uses the typographic apostrophe, never a straight one. */
static void
test_french_typography(void)
{
	int ok = 1;
	for (int a = 1; a < E__COUNT; a++)
		if (strchr(err_message((enum err_id)a, LANG_FR), '\'') != NULL)
			ok = 0;
	/* ...and a no-break space, never an ordinary one, before : ; ! ? (as msgcat checks for
	 * the page catalogues). */
	int ok_space = 1;
	for (int a = 1; a < E__COUNT; a++)
		for (const char *p = err_message((enum err_id)a, LANG_FR); *p; p++)
			if (p[0] == ' ' && (p[1] == ':' || p[1] == ';' || p[1] == '!' || p[1] == '?'))
				ok_space = 0;
	CHECK(ok_space);
	CHECK(ok);
}

T_MAIN(T(test_registry), T(test_french_typography))
