/* client: what the client pages share (p_my_files.c, p_agreement_new.c). */
#ifndef PASSERELLE_WEB_CLIENT_H
#define PASSERELLE_WEB_CLIENT_H
#include <stdint.h>

#include "web/web.h"

/* Inside a read transaction: the path (after the language prefix, e.g.
 * "/agreements/new/trade") of the step where the caller's saved training-agreement draft
 * stopped, and when it was last saved. *path is NULL when there is no draft. */
enum st_rc agreement_draft_resume(struct st_tx *tx, struct arena *a,
    const struct principal *who, const char **path, int64_t *updated_us);

#endif
