/* Health and metrics. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static enum st_rc
ping_tx(struct st_tx *tx, void *v)
{
	return st_exec(tx, Q_PING, NULL, 0, NULL, NULL, NULL);
}

int
h_healthz(struct req *r)
{
	enum st_rc rc = st_read(r->store, ping_tx, NULL);
	if (rc != ST_OK) {
		reply_error(r, E_UNAVAILABLE, NULL, NULL);
		return 0;
	}
	reply_json(r, 200, json_pack("{s:s,s:i}", "status", "ok", "schema_version",
	    st_schema_version(r->store)));
	return 0;
}

int
h_metrics(struct req *r)
{
	char *text = metrics_render(r->store);
	reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
	free(text);
	return 0;
}
