/* Placeholder until this area's pages land. */
#include "web/pages.h"

int
p_case(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_case_action_form(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_case_action(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}
