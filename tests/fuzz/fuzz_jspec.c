/* Fuzz target: declarative JSON validation (jspec_parse) with a spec using every field type. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "json/jspec.h"
#include "text/validate.h"
#include "fuzz.h"

struct all_types {
	const char *s, *email;
	int64_t i;
	int has_i, b, e;
	int32_t d;
	json_t *j;
};

static const char *const kinds[] = { "one", "two", "trois", NULL };

static const struct jfield spec[] = {
	JF_STR("s", struct all_types, s, 1, 20, JF_REQUIRED),
	JF_STRC("email", struct all_types, email, 3, 254, JF_NULLABLE, check_email),
	JF_INTH("i", struct all_types, i, has_i, -5, 1000, 0),
	JF_BOOL("b", struct all_types, b, 0),
	JF_ENUM("e", struct all_types, e, kinds, 0),
	JF_DATE("d", struct all_types, d, 0),
	JF_JSON("j", struct all_types, j, JF_NULLABLE),
	JF_END
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct all_types out;
	struct jerr e;
	arena_init(&a);
	memset(&out, 0, sizeof(out));
	if (jspec_parse(&a, (const char *)data, size, spec, &out, &e) == 0 && out.s == NULL)
		__builtin_trap(); /* a required field must be set on success */
	arena_free(&a);
	return 0;
}
