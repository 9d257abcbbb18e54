/* domerr: how domain code reports a refusal to its caller. A transaction function that
 * refuses sets a dom_err and returns ST_CONFLICT so that its writes roll back; the API maps
 * the dom_err to a problem+json reply. extra (owned, may be NULL) adds members to the reply,
 * e.g. the transitions that are possible. */
#ifndef PASSERELLE_DOMERR_H
#define PASSERELLE_DOMERR_H
#include <jansson.h>

#include "core/err.h"
#include "store/store.h"

struct dom_err {
	enum err_id e;
	const char *field;
	json_t *extra;
};

static inline enum st_rc
dom_refuse(struct dom_err *err, enum err_id e, const char *field, json_t *extra)
{
	err->e = e;
	err->field = field;
	if (err->extra)
		json_decref(err->extra);
	err->extra = extra;
	return ST_CONFLICT;
}

#endif
