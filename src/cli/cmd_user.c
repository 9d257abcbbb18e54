/* user: add, list, set-role, reset-password. Passwords come from PASSERELLE_PASSWORD or one
 * line of standard input, never from arguments (they would show in process lists). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "domain/accounts.h"
#include "domain/crypto.h"
#include "text/validate.h"

static int
read_password(char *out, size_t n)
{
	const char *env = getenv("PASSERELLE_PASSWORD");
	if (env != NULL) {
		snprintf(out, n, "%s", env);
	} else {
		if (fgets(out, (int)n, stdin) == NULL)
			out[0] = '\0';
		out[strcspn(out, "\r\n")] = '\0';
	}
	if (strlen(out) < 12) {
		fprintf(stderr, "passerelle: the password must have at least 12 characters "
		    "(PASSERELLE_PASSWORD or one line on standard input)\n");
		return -1;
	}
	return 0;
}

static int
opt_id(int argc, char **argv, const char *name, int64_t *out)
{
	const char *v = cli_opt(argc, argv, name);
	*out = 0;
	if (v == NULL)
		return 0;
	if (parse_i64(v, 1, INT64_MAX, out) != 0) {
		fprintf(stderr, "passerelle: --%s must be a positive number\n", name);
		return -1;
	}
	return 0;
}

struct user_job {
	struct user_in in;
	const char *email;
	int64_t id;
	struct dom_err err;
	json_t *out;
	const char *role_filter;
};

static enum st_rc
add_tx(struct st_tx *tx, void *v)
{
	struct user_job *j = v;
	return account_create(tx, &cli_principal, &j->in, &j->id, &j->err);
}

static enum st_rc
set_role_tx(struct st_tx *tx, void *v)
{
	struct user_job *j = v;
	enum st_rc rc = account_id_by_email(tx, j->email, &j->id);
	if (rc != ST_OK)
		return rc;
	return account_set_role(tx, &cli_principal, j->id, j->in.role, j->in.org_id,
	    j->in.region_id, j->in.all_regions, &j->err);
}

static enum st_rc
reset_tx(struct st_tx *tx, void *v)
{
	struct user_job *j = v;
	enum st_rc rc = account_id_by_email(tx, j->email, &j->id);
	if (rc != ST_OK)
		return rc;
	return account_set_password(tx, &cli_principal, j->id, j->in.pw_hash, &j->err);
}

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct user_job *j = v;
	int64_t next = 0;
	return account_list_json(tx, j->role_filter, 0, 100000, &j->out, &next);
}

static int
report(enum st_rc rc, struct user_job *j, const char *what)
{
	json_decref(j->err.extra);
	if (rc == ST_OK)
		return 0;
	if (rc == ST_NOTFOUND)
		fprintf(stderr, "passerelle: no such user\n");
	else if (rc == ST_CONFLICT && j->err.e != E_NONE)
		fprintf(stderr, "passerelle: cannot %s: %s%s%s\n", what,
		    err_message(j->err.e, LANG_EN), j->err.field ? " Field: " : "",
		    j->err.field ? j->err.field : "");
	else
		fprintf(stderr, "passerelle: cannot %s (database error)\n", what);
	return 1;
}

static int
parse_role_opts(int argc, char **argv, struct user_in *in)
{
	const char *role = cli_opt(argc, argv, "role");
	if (role == NULL || role_parse(role, &in->role) != 0) {
		fprintf(stderr, "passerelle: --role must be one of client sponsor advisor assessor "
		    "exam_admin manager partner administrator auditor\n");
		return -1;
	}
	if (opt_id(argc, argv, "org", &in->org_id) || opt_id(argc, argv, "region", &in->region_id) ||
	    opt_id(argc, argv, "person", &in->person_id))
		return -1;
	in->all_regions = cli_flag(argc, argv, "all-regions");
	const char *field;
	if (in->role != ROLE_CLIENT && account_check_attachments(in, &field) != E_NONE) {
		fprintf(stderr, "passerelle: role %s needs --%s\n", role_name(in->role),
		    strcmp(field, "org_id") == 0 ? "org" : strcmp(field, "region_id") == 0 ?
		    "region" : "person");
		return -1;
	}
	return 0;
}

static char *
lower_email(const char *s)
{
	char *e = strdup(s ? s : "");
	for (char *p = e; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return e;
}

int
cmd_user(const struct cfg *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "set-role") &&
	    strcmp(sub, "reset-password")) {
		fprintf(stderr, "usage: passerelle user add|list|set-role|reset-password ... "
		    "(passerelle user --help)\n");
		return 2;
	}
	if (cli_init(c, 0) != 0)
		return 1;
	struct user_job j = { 0 };
	char pw[256], hash[128];
	char *email = NULL;
	int rc = 1;
	struct store *st = NULL;
	if (strcmp(sub, "add") == 0) {
		email = lower_email(cli_opt(argc, argv, "email"));
		const char *name = cli_opt(argc, argv, "name");
		const char *lang = cli_opt(argc, argv, "lang");
		if (!email_valid(email) || name == NULL || *name == '\0') {
			fprintf(stderr, "passerelle: user add needs a valid --email and a --name\n");
			goto out;
		}
		if (lang && strcmp(lang, "en") && strcmp(lang, "fr")) {
			fprintf(stderr, "passerelle: --lang must be en or fr\n");
			goto out;
		}
		if (parse_role_opts(argc, argv, &j.in) != 0 || read_password(pw, sizeof(pw)) != 0)
			goto out;
		const char *field;
		if (account_check_attachments(&j.in, &field) != E_NONE) {
			fprintf(stderr, "passerelle: role client needs --person\n");
			goto out;
		}
		if (account_hash_password(pw, hash) != 0)
			goto out;
		sodium_memzero(pw, sizeof(pw));
		j.in.email = email;
		j.in.display_name = name;
		j.in.pw_hash = hash;
		j.in.lang = lang ? lang : "en";
		if ((st = cli_open(c, 1)) == NULL)
			goto out;
		if ((rc = report(st_write(st, add_tx, &j), &j, "add the user")) == 0)
			printf("user %" PRId64 " added: %s (%s)\n", j.id, email, role_name(j.in.role));
	} else if (strcmp(sub, "list") == 0) {
		const char *role = cli_opt(argc, argv, "role");
		enum role r;
		if (role && role_parse(role, &r) != 0) {
			fprintf(stderr, "passerelle: unknown role %s\n", role);
			goto out;
		}
		j.role_filter = role;
		if ((st = cli_open(c, 1)) == NULL)
			goto out;
		if ((rc = report(st_read(st, list_tx, &j), &j, "list users")) == 0) {
			size_t i;
			json_t *u;
			printf("%-6s %-40s %-14s %s\n", "id", "email", "role", "name");
			json_array_foreach(j.out, i, u)
				printf("%-6" JSON_INTEGER_FORMAT " %-40s %-14s %s\n",
				    json_integer_value(json_object_get(u, "id")),
				    json_string_value(json_object_get(u, "email")),
				    json_string_value(json_object_get(u, "role")),
				    json_string_value(json_object_get(u, "display_name")));
			json_decref(j.out);
		}
	} else {
		if (argc < 3 || argv[2][0] == '-') {
			fprintf(stderr, "usage: passerelle user %s EMAIL ...\n", sub);
			goto out;
		}
		email = lower_email(argv[2]);
		j.email = email;
		if (strcmp(sub, "set-role") == 0) {
			if (parse_role_opts(argc, argv, &j.in) != 0)
				goto out;
		} else {
			if (read_password(pw, sizeof(pw)) != 0 || account_hash_password(pw, hash) != 0)
				goto out;
			sodium_memzero(pw, sizeof(pw));
			j.in.pw_hash = hash;
		}
		if ((st = cli_open(c, 1)) == NULL)
			goto out;
		rc = report(st_write(st, strcmp(sub, "set-role") == 0 ? set_role_tx : reset_tx, &j),
		    &j, sub);
		if (rc == 0)
			printf("user %s: %s done\n", email, sub);
	}
out:
	if (st)
		st_close(st);
	free(email);
	return rc;
}
