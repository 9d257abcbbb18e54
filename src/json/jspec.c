/* jspec: declarative validation of JSON request bodies over jansson.
 *
 * Contract (see jspec.h for the spec format):
 * - jspec_parse checks the raw body (no NUL bytes, strict UTF-8), parses it with duplicate
 *   keys rejected, registers json_decref of the root with the arena, then validates the
 *   object. Any JSON value is accepted by the parser (JSON_DECODE_ANY) so that a scalar
 *   body is reported as E_JSON_NOT_OBJECT rather than as malformed.
 * - Validation order: every key of the object is first checked against the spec (the
 *   first unknown key in document order is reported), then spec fields in spec order, each
 *   completely (presence, null, type, content) before the next.
 * - Strings (JFT_STR): no NUL, NFC, trimmed, length in code points within [min, max], no
 *   control characters (general category Cc: C0, DEL and C1), then the check callback.
 *   Dates and enums are matched exactly, without trimming.
 * - JSON null with JF_NULLABLE counts as absent even with JF_REQUIRED: the key must be
 *   present but its value may be null.
 * - On error *e names the failing field (arena copy; NULL for whole-body errors) and out
 *   may be partly written: callers must not use it.
 * - jspec_object on a value that is not an object gives E_FIELD_TYPE with field NULL; the
 *   caller knows the field holding it and can name it (e.g. "address.postal_code").
 * Threading: no shared state; one arena per thread as usual. */
#include "json/jspec.h"

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "core/timeutil.h"
#include "text/text.h"

/* Unknown keys are echoed back to the client: keep the echo short. */
#define JSPEC_KEY_ECHO_MAX 64

static int
jspec_fail(struct jerr *e, enum err_id err, const char *field)
{
	e->err = err;
	e->field = field;
	return -1;
}

static void
jspec_decref(void *p)
{
	json_decref(p);
}

static void *
jspec_member(void *out, size_t off)
{
	return (char *)out + off;
}

static void
jspec_set_has(void *out, const struct jfield *f, int v)
{
	if (f->has_off >= 0)
		*(int *)jspec_member(out, (size_t)f->has_off) = v;
}

/* Arena copy of a key, cut at a code point boundary when long. */
static const char *
jspec_key_copy(struct arena *a, const char *key, size_t n)
{
	if (n > JSPEC_KEY_ECHO_MAX) {
		n = JSPEC_KEY_ECHO_MAX;
		while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
			n--;
	}
	return arena_strndup(a, key, n);
}

static bool
jspec_has_control(const char *s)
{
	/* Bytes 0x00-0x1F and 0x7F are C0/DEL; C2 80..C2 9F encode the C1 controls. */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return true;
	return false;
}

/* The string value of v if it is a string without NUL, else NULL. */
static const char *
jspec_plain_string(json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	return strlen(s) == json_string_length(v) ? s : NULL;
}

static enum err_id
jspec_str(struct arena *a, const struct jfield *f, json_t *v, const char **res)
{
	if (!json_is_string(v))
		return E_FIELD_TYPE;
	const char *raw = jspec_plain_string(v);
	if (raw == NULL)
		return E_FIELD_FORMAT;
	/* jansson checked UTF-8 already; a NULL here still means the text is unusable. */
	const char *nfc = text_nfc(a, raw, strlen(raw));
	if (nfc == NULL)
		return E_JSON_INVALID_UTF8;
	const char *s = text_trim(a, nfc);
	size_t len = text_utf8_len(s, strlen(s));
	if ((int64_t)len < f->min)
		return E_FIELD_TOO_SHORT;
	if ((int64_t)len > f->max)
		return E_FIELD_TOO_LONG;
	if (jspec_has_control(s))
		return E_FIELD_FORMAT;
	if (f->check != NULL) {
		enum err_id err = f->check(s);
		if (err != E_NONE)
			return err;
	}
	*res = s;
	return E_NONE;
}

/* Validates one present, non-null value and stores it. */
static enum err_id
jspec_value(struct arena *a, const struct jfield *f, json_t *v, void *out)
{
	void *m = jspec_member(out, f->off);
	const char *s;
	enum err_id err;

	switch (f->type) {
	case JFT_STR:
		if ((err = jspec_str(a, f, v, &s)) != E_NONE)
			return err;
		*(const char **)m = s;
		return E_NONE;
	case JFT_INT: {
		if (!json_is_integer(v))
			return E_FIELD_TYPE;
		json_int_t i = json_integer_value(v);
		if (i < f->min || i > f->max)
			return E_FIELD_RANGE;
		*(int64_t *)m = i;
		return E_NONE;
	}
	case JFT_BOOL:
		if (!json_is_boolean(v))
			return E_FIELD_TYPE;
		*(int *)m = json_is_true(v);
		return E_NONE;
	case JFT_DATE: {
		int32_t days;
		if (!json_is_string(v))
			return E_FIELD_TYPE;
		if ((s = jspec_plain_string(v)) == NULL || date_parse(s, &days) != 0)
			return E_FIELD_DATE;
		*(int32_t *)m = days;
		return E_NONE;
	}
	case JFT_ENUM:
		if (!json_is_string(v))
			return E_FIELD_TYPE;
		if ((s = jspec_plain_string(v)) != NULL && f->enums != NULL)
			for (int i = 0; f->enums[i] != NULL; i++)
				if (strcmp(s, f->enums[i]) == 0) {
					*(int *)m = i;
					return E_NONE;
				}
		return E_FIELD_ENUM;
	case JFT_JSON:
		*(json_t **)m = v;
		return E_NONE;
	case JFT_END:
		break;
	}
	return E_FIELD_TYPE; /* unknown type in a spec: treat the input as unacceptable */
}

static bool
jspec_known(const struct jfield *spec, const char *key)
{
	for (const struct jfield *f = spec; f->type != JFT_END; f++)
		if (strcmp(f->name, key) == 0)
			return true;
	return false;
}

int
jspec_object(struct arena *a, struct json_t *obj, const struct jfield *spec, void *out,
    struct jerr *e)
{
	const char *key;
	json_t *v;

	e->err = E_NONE;
	e->field = NULL;
	if (!json_is_object(obj))
		return jspec_fail(e, E_FIELD_TYPE, NULL);
	json_object_foreach(obj, key, v) {
		if (!jspec_known(spec, key))
			return jspec_fail(e, E_FIELD_UNKNOWN, jspec_key_copy(a, key, strlen(key)));
	}
	for (const struct jfield *f = spec; f->type != JFT_END; f++) {
		v = json_object_get(obj, f->name);
		if (v == NULL) {
			if (f->flags & JF_REQUIRED)
				return jspec_fail(e, E_FIELD_REQUIRED, arena_strdup(a, f->name));
			jspec_set_has(out, f, 0);
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & JF_NULLABLE))
				return jspec_fail(e, E_FIELD_TYPE, arena_strdup(a, f->name));
			jspec_set_has(out, f, 0);
			continue;
		}
		enum err_id err = jspec_value(a, f, v, out);
		if (err != E_NONE)
			return jspec_fail(e, err, arena_strdup(a, f->name));
		jspec_set_has(out, f, 1);
	}
	return 0;
}

static enum err_id
jspec_load_error(const json_error_t *jerror)
{
	switch (json_error_code(jerror)) {
	case json_error_duplicate_key:
		return E_JSON_DUPLICATE_KEY;
	case json_error_invalid_utf8:
		return E_JSON_INVALID_UTF8;
	default:
		return E_JSON_MALFORMED;
	}
}

int
jspec_parse(struct arena *a, const char *body, size_t len, const struct jfield *spec,
    void *out, struct jerr *e)
{
	json_error_t jerror;

	e->err = E_NONE;
	e->field = NULL;
	/* A raw NUL byte is a JSON syntax error; anything else ill-formed is an encoding one. */
	if (body == NULL || memchr(body, '\0', len) != NULL)
		return jspec_fail(e, E_JSON_MALFORMED, NULL);
	if (!text_utf8_valid(body, len))
		return jspec_fail(e, E_JSON_INVALID_UTF8, NULL);
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerror);
	if (root == NULL)
		return jspec_fail(e, jspec_load_error(&jerror), NULL);
	arena_defer(a, jspec_decref, root);
	if (!json_is_object(root))
		return jspec_fail(e, E_JSON_NOT_OBJECT, NULL);
	return jspec_object(a, root, spec, out, e);
}
