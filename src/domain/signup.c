/* signup: client self-registration (see signup.h). */
#include "domain/signup.h"

#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "domain/persons.h"

enum st_rc
signup_client(struct st_tx *tx, struct arena *a, const struct signup_in *in, int64_t *user_id,
    int64_t *person_id, struct dom_err *err)
{
	*user_id = 0;
	*person_id = 0;
	/* The email first, so that a refusal costs nothing else. */
	int64_t other = 0;
	enum st_rc rc = account_id_by_email(tx, in->email, &other);
	if (rc == ST_OK)
		return dom_refuse(err, E_USER_EXISTS, "email", NULL);
	if (rc != ST_NOTFOUND)
		return rc;

	struct person_in pin = { .given_name = in->given_name, .family_name = in->family_name,
		.birth_date = in->birth_date, .lang = strcmp(in->lang, "fr") == 0, .has_lang = 1,
		.email = in->email, .confirm_not_duplicate = 1 };
	json_t *person = NULL;
	rc = person_create(tx, a, NULL, &pin, &person, err);
	if (rc != ST_OK) {
		json_decref(person);
		return rc;
	}
	*person_id = json_integer_value(json_object_get(person, "id"));
	json_decref(person);
	if (*person_id <= 0)
		return ST_ERROR;

	const char *display = arena_printf(a, "%s %s", in->given_name, in->family_name);
	struct user_in uin = { .email = in->email, .display_name = display, .pw_hash = in->pw_hash,
		.role = ROLE_CLIENT, .person_id = *person_id, .lang = in->lang };
	rc = account_create(tx, NULL, &uin, user_id, err);
	if (rc != ST_OK)
		return rc;

	struct principal self = { .user_id = *user_id, .role = ROLE_CLIENT, .person_id = *person_id };
	json_t *payload = json_object();
	json_object_set_new(payload, "person_id", json_integer(*person_id));
	struct audit_event ev = { "user", *user_id, 0, "user.self_registered", NULL, NULL, payload };
	rc = audit_append(tx, &self, &ev, NULL);
	json_decref(payload);
	return rc;
}
