/* errors: the HTML pages for errors the HTTP layer finds on page routes (see page_error in
 * http.h), and the sign-in redirect for pages that need a signed-in user. */
#include <string.h>

#include "web/web.h"

void
page_error(struct req *r, enum err_id e)
{
	if (e == E_AUTH_REQUIRED) {
		/* Back to this page after signing in; a POST's form cannot be replayed, so it goes
		 * back to the page only when it was a GET. */
		const char *here = req_path(r);
		const char *q = req_raw_query(r);
		const char *loc = web_url(r, "/sign-in");
		if (strcmp(req_method(r), "GET") == 0 && web_safe_next(here, NULL) != NULL) {
			const char *next = q[0] ? arena_printf(&r->arena, "%s?%s", here, q) : here;
			loc = arena_printf(&r->arena, "%s?next=%s", loc, url_encode(&r->arena, next));
		}
		web_redirect(r, loc);
		return;
	}
	int title = MSG_ERRPAGE_GENERIC_TITLE, text = MSG_ERRPAGE_GENERIC_TEXT;
	switch (e) {
	case E_ROUTE_NOT_FOUND:
		title = MSG_ERRPAGE_NOT_FOUND_TITLE;
		text = MSG_ERRPAGE_NOT_FOUND_TEXT;
		break;
	case E_FORBIDDEN:
		title = MSG_ERRPAGE_FORBIDDEN_TITLE;
		text = MSG_ERRPAGE_FORBIDDEN_TEXT;
		break;
	case E_BODY_TOO_LARGE:
		title = MSG_ERRPAGE_TOO_LARGE_TITLE;
		text = MSG_ERRPAGE_TOO_LARGE_TEXT;
		break;
	case E_METHOD:
	case E_CONTENT_TYPE:
		title = MSG_ERRPAGE_BAD_FORM_TITLE;
		text = MSG_ERRPAGE_BAD_FORM_TEXT;
		break;
	case E_UNAVAILABLE:
		title = MSG_ERRPAGE_BUSY_TITLE;
		text = MSG_ERRPAGE_BUSY_TEXT;
		break;
	default:
		break;
	}
	web_message_page(r, (unsigned)err_status(e), title, text);
}
