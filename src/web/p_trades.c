/* Placeholder until this area's pages land. */
#include "web/pages.h"

int
p_trades(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}
