/* words: small things several pages say or read the same way: a role in words, an email
 * address as accounts store it, an empty answer. */
#include "web/web.h"

int
web_role_label(enum role role)
{
	static const int labels[ROLE__COUNT] = {
		[ROLE_CLIENT] = MSG_PUBLIC_ROLE_CLIENT,
		[ROLE_SPONSOR] = MSG_PUBLIC_ROLE_SPONSOR,
		[ROLE_ADVISOR] = MSG_PUBLIC_ROLE_ADVISOR,
		[ROLE_ASSESSOR] = MSG_PUBLIC_ROLE_ASSESSOR,
		[ROLE_EXAM_ADMIN] = MSG_PUBLIC_ROLE_EXAM_ADMIN,
		[ROLE_MANAGER] = MSG_PUBLIC_ROLE_MANAGER,
		[ROLE_PARTNER] = MSG_PUBLIC_ROLE_PARTNER,
		[ROLE_ADMIN] = MSG_PUBLIC_ROLE_ADMIN,
		[ROLE_AUDITOR] = MSG_PUBLIC_ROLE_AUDITOR,
	};
	return (unsigned)role < ROLE__COUNT ? labels[role] : MSG_PUBLIC_ROLE_CLIENT;
}

const char *
web_email_lower(struct arena *a, const char *s)
{
	/* Accounts keep emails in lower case (as the API does); only ASCII letters change. */
	char *e = arena_strdup(a, s);
	for (char *c = e; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return e;
}

bool
form_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}
