/* msg: catalogue lookups (the table is generated; see msg.h). */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "i18n/msg.h"

const char *
msg_get(enum lang lang, int id)
{
	if (id < 0 || id >= MSG__COUNT) {
		log_err("msg: unknown message id %d", id);
		return "";
	}
	return msg_table[id][lang == LANG_FR ? 2 : 1];
}

const char *
msg_key(int id)
{
	return id >= 0 && id < MSG__COUNT ? msg_table[id][0] : "";
}

const char *
msgf_v(struct arena *a, enum lang lang, int id, const char *const *args, size_t n)
{
	const char *s = msg_get(lang, id);
	struct buf b = { 0 };
	for (; *s != '\0'; s++) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}') {
			size_t k = (size_t)(s[1] - '1');
			if (k < n && args[k] != NULL)
				buf_puts(&b, args[k]);
			s += 2;
		} else {
			buf_putc(&b, *s);
		}
	}
	char *out = arena_strdup(a, b.p != NULL ? b.p : "");
	buf_free(&b);
	return out;
}

const char *
lang_code(enum lang lang)
{
	return lang == LANG_FR ? "fr" : "en";
}
