/* Placeholder until this area's pages land. */
#include "web/pages.h"

int
p_agreement_start(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_agreement_step_form(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_agreement_step(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_agreement_confirmation(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}
