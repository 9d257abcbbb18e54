#include "core/err.h"

struct err_info {
	int code, status;
	const char *slug, *msg[2];
};

static const struct err_info err_table[E__COUNT] = {
	[E_NONE] = { 0, 200, "none", { "", "" } },
#define E(id, c, st, sl, en, fr) [id] = { c, st, sl, { en, fr } },
#include "core/err.def"
#undef E
};

int
err_code(enum err_id e)
{
	return err_table[e].code;
}

int
err_status(enum err_id e)
{
	return err_table[e].status;
}

const char *
err_slug(enum err_id e)
{
	return err_table[e].slug;
}

const char *
err_message(enum err_id e, enum lang lang)
{
	return err_table[e].msg[lang == LANG_FR];
}
