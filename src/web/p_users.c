/* Placeholder until this area's pages land. */
#include "web/pages.h"

int
p_users(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_user_new_form(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_user_create(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_user_edit_form(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}

int
p_user_update(struct req *r)
{
	web_message_page(r, 404, MSG_ERRPAGE_NOT_FOUND_TITLE, MSG_ERRPAGE_NOT_FOUND_TEXT);
	return 0;
}
