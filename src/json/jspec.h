/* jspec: declarative validation of JSON request bodies (over jansson).
 *
 * A handler declares its fields once:
 *   struct person_in { const char *given; int64_t year; int32_t birth; int has_birth; ... };
 *   static const struct jfield spec[] = {
 *       JF_STR("given_name", struct person_in, given, 1, 100, JF_REQUIRED),
 *       JF_DATE("birth_date", struct person_in, birth, JF_REQUIRED),
 *       JF_END
 *   };
 *   struct jerr e; if (jspec_parse(arena, body, len, spec, &in, &e) != 0) reply_error(r, e.err, e.field, NULL);
 *
 * Rejected, each with its own err.def code and the failing field's name:
 * malformed JSON, non-object body, duplicate keys, invalid UTF-8, unknown fields, missing
 * required fields, wrong types, strings too long/short (counted in Unicode code points,
 * after NFC normalisation), integers out of range, impossible dates, values not in an enum,
 * format checks that fail (a check callback). Strings are NFC-normalised (text_nfc) and copied
 * into the arena. Optional fields that are absent (or JSON null, when JF_NULLABLE) leave the
 * output untouched and the has-flag (when given) at 0.
 */
#ifndef PASSERELLE_JSPEC_H
#define PASSERELLE_JSPEC_H
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

enum jf_type { JFT_END = 0, JFT_STR, JFT_INT, JFT_BOOL, JFT_DATE, JFT_ENUM, JFT_JSON };

#define JF_REQUIRED 0x1
#define JF_NULLABLE 0x2

struct jfield {
	const char *name;
	enum jf_type type;
	unsigned flags;
	size_t off;        /* offset of the output member */
	ptrdiff_t has_off; /* offset of an int set to 1 when present, or -1 */
	int64_t min, max;  /* string: length bounds in code points; int: value bounds */
	const char *const *enums; /* JFT_ENUM: NULL-terminated list; output is the index (int) */
	/* Optional format check on the normalised string: returns E_NONE or an error id. */
	enum err_id (*check)(const char *s);
};

/* Output member types: JFT_STR -> const char *; JFT_INT -> int64_t; JFT_BOOL -> int;
 * JFT_DATE -> int32_t (days since epoch, see core/timeutil.h); JFT_ENUM -> int;
 * JFT_JSON -> json_t * (borrowed reference owned by the arena, any JSON value). */
#define JF_STR(n, T, m, lo, hi, fl) { n, JFT_STR, fl, offsetof(T, m), -1, lo, hi, NULL, NULL }
#define JF_STRC(n, T, m, lo, hi, fl, chk) { n, JFT_STR, fl, offsetof(T, m), -1, lo, hi, NULL, chk }
#define JF_INT(n, T, m, lo, hi, fl) { n, JFT_INT, fl, offsetof(T, m), -1, lo, hi, NULL, NULL }
#define JF_INTH(n, T, m, h, lo, hi, fl) { n, JFT_INT, fl, offsetof(T, m), offsetof(T, h), lo, hi, NULL, NULL }
#define JF_BOOL(n, T, m, fl) { n, JFT_BOOL, fl, offsetof(T, m), -1, 0, 1, NULL, NULL }
#define JF_DATE(n, T, m, fl) { n, JFT_DATE, fl, offsetof(T, m), -1, 0, 0, NULL, NULL }
#define JF_DATEH(n, T, m, h, fl) { n, JFT_DATE, fl, offsetof(T, m), offsetof(T, h), 0, 0, NULL, NULL }
#define JF_ENUM(n, T, m, list, fl) { n, JFT_ENUM, fl, offsetof(T, m), -1, 0, 0, list, NULL }
#define JF_ENUMH(n, T, m, h, list, fl) { n, JFT_ENUM, fl, offsetof(T, m), offsetof(T, h), 0, 0, list, NULL }
#define JF_JSON(n, T, m, fl) { n, JFT_JSON, fl, offsetof(T, m), -1, 0, 0, NULL, NULL }
#define JF_END { NULL, JFT_END, 0, 0, -1, 0, 0, NULL, NULL }

struct jerr {
	enum err_id err;
	const char *field; /* arena string or NULL */
};

/* Parses and validates body into out. 0 ok; -1 with *e filled. Nothing is allocated outside
 * the arena (the parsed json_t is released via arena_defer). */
int jspec_parse(struct arena *a, const char *body, size_t len, const struct jfield *spec,
    void *out, struct jerr *e);
/* Validates an already-parsed object (for nested objects). Same rules. */
struct json_t;
int jspec_object(struct arena *a, struct json_t *obj, const struct jfield *spec, void *out,
    struct jerr *e);

#endif
