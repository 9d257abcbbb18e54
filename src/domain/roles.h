/* roles: who a signed-in caller is, and the role bits routes declare. */
#ifndef PASSERELLE_ROLES_H
#define PASSERELLE_ROLES_H
#include <stdint.h>

enum role {
	ROLE_CLIENT = 0,
	ROLE_SPONSOR,
	ROLE_ADVISOR,
	ROLE_ASSESSOR,
	ROLE_EXAM_ADMIN,
	ROLE_MANAGER,
	ROLE_PARTNER,
	ROLE_ADMIN,
	ROLE_AUDITOR,
	ROLE__COUNT
};

#define RB(r) (1u << (r))
#define ROLES_STAFF (RB(ROLE_ADVISOR) | RB(ROLE_ASSESSOR) | RB(ROLE_EXAM_ADMIN) | RB(ROLE_MANAGER) | RB(ROLE_ADMIN) | RB(ROLE_AUDITOR))
#define ROLES_ALL ((1u << ROLE__COUNT) - 1)
#define ROLE_PUBLIC_BIT (1u << 31) /* route open to callers who are not signed in */

/* The signed-in caller. org_id/region_id/person_id are 0 when not attached. */
struct principal {
	int64_t user_id;
	enum role role;
	int64_t org_id;
	int64_t region_id;
	int64_t person_id;
	int all_regions;      /* advisor granted province-wide scope */
	int64_t session_id;   /* 0 for bearer tokens */
	int64_t expires_us;   /* when the session or token ends */
};

/* "client", "sponsor", ... ; NULL for out-of-range. */
const char *role_name(enum role r);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int role_parse(const char *name, enum role *out);

#endif
