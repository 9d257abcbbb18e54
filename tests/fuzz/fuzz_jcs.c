/* Fuzz target: RFC 8785 canonicalisation (jcs_parse + jcs_write). Whatever parses must
 * canonicalise, and canonical output must be a fixed point: parsing and writing it again gives
 * the same bytes (the property signatures rely on). */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "vc/jcs.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = jcs_parse((const char *)data, size);
	if (v == NULL)
		return 0;
	struct buf a = { 0 }, b = { 0 };
	if (jcs_write(v, &a) != 0)
		__builtin_trap(); /* parsed numbers are finite: always representable */
	json_t *w = jcs_parse(a.p, a.n);
	if (w == NULL || jcs_write(w, &b) != 0 || a.n != b.n || memcmp(a.p, b.p, a.n) != 0)
		__builtin_trap();
	if (!json_equal(v, w))
		__builtin_trap();
	json_decref(w);
	json_decref(v);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
