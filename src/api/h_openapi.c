/* The OpenAPI description of /api/v1 (docs/openapi.json), embedded at build time so the
 * binary always serves the document of its own version. tests/api/test_openapi.py checks it
 * against the route table and the handlers' jspecs. */
#include "api/api.h"
#include "core/embedded.h"

int
h_openapi(struct req *r)
{
	const struct embedded_file *f = embedded_get("docs/openapi.json");
	if (f == NULL) {
		reply_error(r, E_INTERNAL, NULL, NULL);
		return 0;
	}
	reply_raw(r, 200, "application/json; charset=utf-8", f->data, f->len);
	return 0;
}
