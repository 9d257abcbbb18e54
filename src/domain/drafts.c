/* drafts: the unfinished answers of a user's web journey, one row per user and kind. */
#include "domain/drafts.h"

#include <stdlib.h>

#include "core/timeutil.h"

struct draft_row {
	json_t *data;
	int64_t updated_us;
};

static int
draft_row(void *ctx, const struct st_row *row)
{
	struct draft_row *d = ctx;
	d->data = json_loadb(st_text(row, 0), st_len(row, 0), 0, NULL);
	d->updated_us = st_i64(row, 1);
	return 1;
}

enum st_rc
draft_get(struct st_tx *tx, const struct principal *who, const char *kind, json_t **data,
    int64_t *updated_us)
{
	*data = NULL;
	if (updated_us != NULL)
		*updated_us = 0;
	if (who == NULL || who->user_id == 0)
		return ST_NOTFOUND;
	struct draft_row d = { NULL, 0 };
	struct st_param p[] = { SP_INT(who->user_id), SP_STR(kind) };
	enum st_rc rc = st_exec(tx, Q_DRAFT_GET, p, 2, draft_row, &d, NULL);
	if (rc != ST_OK) {
		json_decref(d.data);
		return rc;
	}
	/* A draft that is not an object (never written so) counts as none. */
	if (!json_is_object(d.data)) {
		json_decref(d.data);
		return ST_NOTFOUND;
	}
	*data = d.data;
	if (updated_us != NULL)
		*updated_us = d.updated_us;
	return ST_OK;
}

enum st_rc
draft_put(struct st_tx *tx, const struct principal *who, const char *kind, const json_t *data)
{
	if (who == NULL || who->user_id == 0 || !json_is_object(data))
		return ST_ERROR;
	char *s = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	if (s == NULL)
		return ST_ERROR;
	struct st_param p[] = { SP_INT(who->user_id), SP_STR(kind), SP_STR(s),
		SP_INT(time_now_us()) };
	enum st_rc rc = st_exec(tx, Q_DRAFT_PUT, p, 4, NULL, NULL, NULL);
	free(s);
	return rc;
}

enum st_rc
draft_delete(struct st_tx *tx, const struct principal *who, const char *kind)
{
	if (who == NULL || who->user_id == 0)
		return ST_ERROR;
	struct st_param p[] = { SP_INT(who->user_id), SP_STR(kind) };
	return st_exec(tx, Q_DRAFT_DELETE, p, 2, NULL, NULL, NULL);
}
