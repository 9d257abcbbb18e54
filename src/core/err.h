/* err: client-visible error registry (err.def). Each error has a stable code,
 * an HTTP status, a slug (used in the problem "type") and a message in English and French. */
#ifndef PASSERELLE_ERR_H
#define PASSERELLE_ERR_H

enum err_id {
	E_NONE = 0,
#define E(id, code, status, slug, en, fr) id,
#include "core/err.def"
#undef E
	E__COUNT
};

enum lang { LANG_EN = 0, LANG_FR = 1 };

int err_code(enum err_id e);
int err_status(enum err_id e);
const char *err_slug(enum err_id e);
const char *err_message(enum err_id e, enum lang lang);

#endif
