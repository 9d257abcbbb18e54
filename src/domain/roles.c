#include "domain/roles.h"

#include <string.h>

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_CLIENT] = "client",
	[ROLE_SPONSOR] = "sponsor",
	[ROLE_ADVISOR] = "advisor",
	[ROLE_ASSESSOR] = "assessor",
	[ROLE_EXAM_ADMIN] = "exam_admin",
	[ROLE_MANAGER] = "manager",
	[ROLE_PARTNER] = "partner",
	[ROLE_ADMIN] = "administrator",
	[ROLE_AUDITOR] = "auditor",
};

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? role_names[r] : NULL;
}

int
role_parse(const char *name, enum role *out)
{
	for (int i = 0; i < ROLE__COUNT; i++)
		if (name && strcmp(name, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}
