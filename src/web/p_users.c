/* Users and roles (administrators): the list with a role filter, creating a user, and
 * changing a user's role and attachments (organisation, region, person). The domain
 * (accounts.c) checks the attachments again and writes the audit events. */
#include <string.h>

#include "domain/accounts.h"
#include "domain/orgs.h"
#include "domain/persons.h"
#include "text/text.h"
#include "text/validate.h"
#include "web/pages.h"

#define LIST_LIMIT 50
#define EMAIL_MAX 254
#define NAME_MAX 200
#define PASSWORD_MIN 12
#define PASSWORD_MAX 200

/* A positive decimal id, or 0 when s is not one. */
static int64_t
parse_id(const char *s)
{
	if (form_empty(s) || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static const char *
role_label(struct req *r, const char *name)
{
	enum role role;
	if (role_parse(name, &role) != 0)
		return name != NULL ? name : "";
	return msg_get(r->lang, web_role_label(role));
}

/* The role options, with a first empty one labelled first_label. */
static struct option *
role_options(struct req *r, int first_label, size_t *n)
{
	struct option *o = arena_calloc(&r->arena, ROLE__COUNT + 1, sizeof(*o));
	o[0] = (struct option){ "", msg_get(r->lang, first_label) };
	for (int i = 0; i < ROLE__COUNT; i++)
		o[i + 1] = (struct option){ role_name((enum role)i), msg_get(r->lang, web_role_label((enum role)i)) };
	*n = ROLE__COUNT + 1;
	return o;
}

/* ---- the list ---- */

struct list_ctx {
	const char *role;
	int64_t after, next;
	json_t *items;
};

static enum st_rc
list_tx(struct st_tx *tx, void *v)
{
	struct list_ctx *c = v;
	json_decref(c->items);
	c->items = NULL;
	return account_list_json(tx, c->role, c->after, LIST_LIMIT, &c->items, &c->next);
}

static void
users_table(struct page *p, json_t *items, const char *role)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	const char *caption = role != NULL ? MSGF(&r->arena, r->lang, MSG_ADMIN_USERS_CAPTION_ROLE,
	    role_label(r, role)) : msg_get(r->lang, MSG_ADMIN_USERS_CAPTION);
	HF(h, "<div class=\"ontario-table-container ontario-table-div\" role=\"region\" aria-label=\"{}\" "
	    "tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption><thead><tr>"
	    "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>",
	    HM(MSG_ADMIN_USERS_REGION_LABEL), HS(caption), HM(MSG_ADMIN_USERS_COL_NAME),
	    HM(MSG_ADMIN_USERS_COL_EMAIL), HM(MSG_ADMIN_USERS_COL_ROLE),
	    HM(MSG_ADMIN_USERS_COL_STATUS));
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u) {
		int64_t id = json_integer_value(json_object_get(u, "id"));
		int disabled = json_is_true(json_object_get(u, "disabled"));
		int locked = json_is_true(json_object_get(u, "locked"));
		/* The name is the link: its text says whose account it opens. */
		HF(h, "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td>",
		    HS(web_urlf(r, "/users/%lld", (long long)id)),
		    HS(json_string_value(json_object_get(u, "display_name"))),
		    HS(json_string_value(json_object_get(u, "email"))),
		    HS(role_label(r, json_string_value(json_object_get(u, "role")))));
		HF(h, "<td><span class=\"pl-status pl-status--{}\">{}</span></td></tr>",
		    HS(disabled || locked ? "breached" : "ok"),
		    HM(disabled ? MSG_ADMIN_USERS_STATUS_DISABLED : locked ?
		    MSG_ADMIN_USERS_STATUS_LOCKED : MSG_ADMIN_USERS_STATUS_ACTIVE));
	}
	H(h, "</tbody></table></div>");
}

int
p_users(struct req *r)
{
	struct list_ctx c = { 0 };
	enum role role;
	const char *rq = req_query(r, "role");
	c.role = rq != NULL && role_parse(rq, &role) == 0 ? role_name(role) : NULL;
	c.after = parse_id(req_query(r, "after"));
	enum st_rc rc = st_read(r->store, list_tx, &c);
	if (rc != ST_OK) {
		json_decref(c.items);
		web_reply_failure(r, rc);
		return 0;
	}
	arena_defer(&r->arena, (void (*)(void *))json_decref, c.items);

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_ADMIN_USERS_TITLE), NAV_USERS, NULL);
	struct html *h = &p.h;
	HF(h, "<p>{}</p><p><a class=\"ontario-button ontario-button--secondary\" href=\"{}\">{}</a>"
	    "</p>", HM(MSG_ADMIN_USERS_INTRO), HS(web_url(r, "/users/new")),
	    HM(MSG_ADMIN_USERS_NEW_LINK));
	HF(h, "<form method=\"get\" action=\"{}\" class=\"pl-filters\">", HS(web_url(r, "/users")));
	size_t nopt;
	const struct option *opts = role_options(r, MSG_ADMIN_USERS_FILTER_ALL, &nopt);
	field_select(&p, &(struct field){ .id = "role", .name = "role",
	    .label = MSG_ADMIN_USERS_FILTER_ROLE, .value = c.role ? c.role : "" }, opts, nopt);
	form_button(&p, MSG_ADMIN_USERS_FILTER_BUTTON);
	H(h, "</form>");
	if (json_array_size(c.items) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_ADMIN_USERS_NONE));
	} else {
		users_table(&p, c.items, c.role);
	}
	if (c.next > 0 || c.after > 0) {
		HF(h, "<nav class=\"pl-actions\" aria-label=\"{}\">", HM(MSG_ADMIN_USERS_PAGES));
		if (c.after > 0)
			HF(h, "<a href=\"{}\">{}</a>", HS(c.role ?
			    web_urlf(r, "/users?role=%s", c.role) : web_url(r, "/users")),
			    HM(MSG_ADMIN_USERS_FIRST_PAGE));
		if (c.next > 0)
			HF(h, "<a href=\"{}\" rel=\"next\">{}</a>", HS(c.role ?
			    web_urlf(r, "/users?role=%s&after=%lld", c.role, (long long)c.next) :
			    web_urlf(r, "/users?after=%lld", (long long)c.next)),
			    HM(MSG_FRAME_NEXT_PAGE));
		H(h, "</nav>");
	}
	page_end(&p);
	return 0;
}

/* ---- the forms: create, change role ---- */

/* What the forms show and send. */
struct user_vals {
	const char *email, *name, *role, *org, *region, *client_no, *lang, *password;
	int all_regions;
};

/* One read for everything a form needs: the regions, the user being changed, and whether
 * the organisation and client number typed exist. */
struct lookup {
	const struct principal *who;
	struct arena *a;
	int64_t user_id, org_id;
	const char *client_no;
	json_t *regions, *user;
	int org_found;
	int64_t person_id;
};

static void
lookup_free(void *v)
{
	struct lookup *l = v;
	json_decref(l->regions);
	json_decref(l->user);
	l->regions = l->user = NULL;
}

static enum st_rc
lookup_tx(struct st_tx *tx, void *v)
{
	struct lookup *l = v;
	lookup_free(l);
	l->org_found = 0;
	l->person_id = 0;
	enum st_rc rc = region_list(tx, &l->regions);
	if (rc == ST_OK && l->user_id > 0)
		rc = account_get_json(tx, l->user_id, &l->user);
	if (rc == ST_OK && l->org_id > 0) {
		json_t *org = NULL;
		enum st_rc orc = org_get(tx, l->who, l->org_id, &org);
		json_decref(org);
		if (orc == ST_OK)
			l->org_found = 1;
		else if (orc != ST_NOTFOUND)
			rc = orc;
	}
	if (rc == ST_OK && l->client_no != NULL) {
		json_t *items = NULL;
		int64_t next = 0;
		rc = person_search(tx, l->a, l->who, NULL, NULL, l->client_no, 0, 1, &items, &next);
		if (rc == ST_OK && json_array_size(items) == 1)
			l->person_id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
		json_decref(items);
	}
	return rc;
}

/* Runs the lookup; the JSON is released with the request, so l must live in the request's
 * arena. 0, or the failure page sent. */
static int
lookup_run(struct req *r, struct lookup *l)
{
	l->who = r->who;
	l->a = &r->arena;
	enum st_rc rc = st_read(r->store, lookup_tx, l);
	arena_defer(&r->arena, lookup_free, l);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	return 0;
}

static int
region_exists(json_t *regions, int64_t id)
{
	size_t i;
	json_t *g;
	json_array_foreach(regions, i, g)
		if (json_integer_value(json_object_get(g, "id")) == id)
			return 1;
	return 0;
}

static void
region_select(struct page *p, json_t *regions, const char *value)
{
	struct req *r = p->r;
	size_t n = json_array_size(regions);
	struct option *o = arena_calloc(&r->arena, n + 1, sizeof(*o));
	size_t k = 0;
	o[k++] = (struct option){ "", msg_get(r->lang, MSG_ADMIN_USER_REGION_NONE) };
	int64_t cur = parse_id(value);
	size_t i;
	json_t *g;
	json_array_foreach(regions, i, g) {
		int64_t id = json_integer_value(json_object_get(g, "id"));
		const char *kind = json_string_value(json_object_get(g, "kind"));
		/* Advisors work in apprenticeship regions; another kind only when already set. */
		if ((kind == NULL || strcmp(kind, "region") != 0) && id != cur)
			continue;
		const char *name = json_string_value(json_object_get(g,
		    r->lang == LANG_FR ? "name_fr" : "name_en"));
		o[k++] = (struct option){ arena_printf(&r->arena, "%lld", (long long)id),
			arena_strdup(&r->arena, name != NULL ? name : "") };
	}
	field_select(p, &(struct field){ .id = "region", .name = "region",
	    .label = MSG_ADMIN_USER_REGION, .hint = MSG_ADMIN_USER_REGION_HINT, .value = value },
	    o, k);
}

static void
all_regions_checkbox(struct page *p, int checked)
{
	struct html *h = &p->h;
	HF(h, "<div class=\"ontario-form-group\"><fieldset class=\"ontario-fieldset\">"
	    "<legend class=\"ontario-fieldset__legend\">{}</legend><div class=\"ontario-checkboxes\">"
	    "<div class=\"ontario-checkboxes__item\"><input class=\"ontario-checkboxes__input\" "
	    "type=\"checkbox\" id=\"all-regions\" name=\"all_regions\" value=\"1\"",
	    HM(MSG_ADMIN_USER_ALL_REGIONS_LEGEND));
	if (checked)
		H(h, " checked");
	HF(h, "><label class=\"ontario-checkboxes__label\" for=\"all-regions\">{}</label></div>"
	    "</div></fieldset></div>", HM(MSG_ADMIN_USER_ALL_REGIONS));
}

/* Role and attachments, shared by both forms (client number only when creating). */
static void
role_fields(struct page *p, const struct user_vals *v, json_t *regions, int with_client)
{
	size_t nopt;
	const struct option *opts = role_options(p->r, MSG_ADMIN_USER_ROLE_CHOOSE, &nopt);
	field_select(p, &(struct field){ .id = "role", .name = "role", .label = MSG_ADMIN_USER_ROLE,
	    .value = v->role }, opts, nopt);
	field_input(p, &(struct field){ .id = "org", .name = "org", .label = MSG_ADMIN_USER_ORG,
	    .hint = MSG_ADMIN_USER_ORG_HINT, .value = v->org, .inputmode = "numeric",
	    .width = "10-char-width" });
	region_select(p, regions, v->region);
	all_regions_checkbox(p, v->all_regions);
	if (with_client)
		field_input(p, &(struct field){ .id = "client-number", .name = "client_number",
		    .label = MSG_ADMIN_USER_CLIENT_NUMBER, .hint = MSG_ADMIN_USER_CLIENT_NUMBER_HINT,
		    .value = v->client_no, .width = "10-char-width" });
}

static struct user_vals
vals_from_form(const struct form *f)
{
	const char *all = form_get(f, "all_regions");
	return (struct user_vals){ .email = form_get(f, "email"), .name = form_get(f, "name"),
		.role = form_get(f, "role"), .org = form_get(f, "org"),
		.region = form_get(f, "region"), .client_no = form_get(f, "client_number"),
		.lang = form_get(f, "language"), .password = form_get_raw(f, "password"),
		.all_regions = all != NULL && strcmp(all, "1") == 0 };
}

/* The attachments of v for role into in (only those the role uses), with the errors of
 * fields that are malformed. Sets l->org_id / l->client_no for the lookup. */
static void
parse_attachments(struct req *r, struct form *f, const struct user_vals *v, enum role role,
    struct user_in *in, struct lookup *l)
{
	if (role == ROLE_SPONSOR || role == ROLE_PARTNER) {
		if (!form_empty(v->org) && (in->org_id = parse_id(v->org)) == 0)
			form_error(f, "org", msg_get(r->lang, MSG_ADMIN_ERR_ORG_INVALID));
		l->org_id = in->org_id;
	} else if (role == ROLE_ADVISOR) {
		in->all_regions = v->all_regions;
		if (!in->all_regions && !form_empty(v->region) && (in->region_id = parse_id(v->region)) == 0)
			form_error(f, "region", msg_get(r->lang, MSG_ADMIN_ERR_REGION_UNKNOWN));
	} else if (role == ROLE_CLIENT && !form_empty(v->client_no)) {
		char *cn = arena_strdup(&r->arena, v->client_no);
		if (cn[0] == 'c')
			cn[0] = 'C';
		if (client_number_valid(cn))
			l->client_no = cn;
		else
			form_error(f, "client-number", msg_get(r->lang, MSG_ADMIN_ERR_CLIENT_NUMBER_INVALID));
	}
}

/* After the lookup: what is missing (account_check_attachments) or does not exist. */
static void
check_attachments(struct req *r, struct form *f, struct user_in *in, const struct lookup *l)
{
	if (in->role == ROLE_CLIENT && l->client_no != NULL) {
		if (l->person_id > 0)
			in->person_id = l->person_id;
		else
			form_error(f, "client-number", msg_get(r->lang, MSG_ADMIN_ERR_CLIENT_NUMBER_UNKNOWN));
	}
	if (in->org_id > 0 && !l->org_found)
		form_error(f, "org", msg_get(r->lang, MSG_ADMIN_ERR_ORG_UNKNOWN));
	if (in->region_id > 0 && !region_exists(l->regions, in->region_id))
		form_error(f, "region", msg_get(r->lang, MSG_ADMIN_ERR_REGION_UNKNOWN));
	const char *field;
	if (account_check_attachments(in, &field) == E_NONE)
		return;
	if (strcmp(field, "org_id") == 0)
		form_error(f, "org", msg_get(r->lang, MSG_ADMIN_ERR_ORG));
	else if (strcmp(field, "region_id") == 0)
		form_error(f, "region", msg_get(r->lang, MSG_ADMIN_ERR_REGION));
	else if (l->user_id > 0)
		/* changing an existing account: its person link cannot be set here */
		form_error(f, "role", msg_get(r->lang, MSG_ADMIN_ERR_CLIENT_NO_PERSON));
	else
		form_error(f, "client-number", msg_get(r->lang, MSG_ADMIN_ERR_CLIENT_NUMBER));
}

/* A domain refusal of a reference (the record went away meanwhile) on the right field. */
static void
reference_error(struct req *r, struct form *f, enum role role)
{
	if (role == ROLE_SPONSOR || role == ROLE_PARTNER)
		form_error(f, "org", msg_get(r->lang, MSG_ADMIN_ERR_ORG_UNKNOWN));
	else if (role == ROLE_ADVISOR)
		form_error(f, "region", msg_get(r->lang, MSG_ADMIN_ERR_REGION_UNKNOWN));
	else
		form_error(f, "client-number", msg_get(r->lang, MSG_ADMIN_ERR_CLIENT_NUMBER_UNKNOWN));
}

/* An ODS alert that is not an error (role="status"). */
static void
notice(struct page *p, int title, int text)
{
	HF(&p->h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
	    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title ontario-h4\">"
	    "{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>", HM(title),
	    HM(text));
}

/* ---- create ---- */

struct create_ctx {
	const struct principal *who;
	struct form f;
	struct user_vals v;
	struct user_in in;
	struct lookup l;
	int64_t id;
	struct dom_err err;
};

static void
new_render(struct req *r, const struct form *f, const struct user_vals *v, json_t *regions)
{
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_ADMIN_USER_NEW_TITLE), NAV_USERS, f);
	page_back_link(&p, web_url(r, "/users"));
	HF(&p.h, "<p>{}</p>", HM(MSG_ADMIN_USER_NEW_INTRO));
	form_open(&p, web_url(r, "/users"));
	field_input(&p, &(struct field){ .id = "email", .name = "email", .label = MSG_ADMIN_USER_EMAIL,
	    .value = v->email, .type = "email", .autocomplete = "off" });
	field_input(&p, &(struct field){ .id = "name", .name = "name", .label = MSG_ADMIN_USER_NAME,
	    .hint = MSG_ADMIN_USER_NAME_HINT, .value = v->name, .autocomplete = "off" });
	role_fields(&p, v, regions, 1);
	const struct option langs[] = {
		{ "en", msg_get(r->lang, MSG_PUBLIC_ACCOUNT_LANG_EN) },
		{ "fr", msg_get(r->lang, MSG_PUBLIC_ACCOUNT_LANG_FR) },
	};
	field_select(&p, &(struct field){ .id = "language", .name = "language",
	    .label = MSG_ADMIN_USER_LANG, .value = v->lang }, langs, 2);
	field_input(&p, &(struct field){ .id = "password", .name = "password",
	    .label = MSG_ADMIN_USER_PASSWORD, .hint = MSG_ADMIN_USER_PASSWORD_HINT,
	    .type = "password", .autocomplete = "new-password", .width = "20-char-width" });
	form_button(&p, MSG_ADMIN_USER_CREATE_BUTTON);
	form_close(&p);
	page_end(&p);
}

int
p_user_new_form(struct req *r)
{
	struct lookup *l = arena_calloc(&r->arena, 1, sizeof(*l));
	if (lookup_run(r, l) != 0)
		return 0;
	struct user_vals v = { .lang = lang_code(r->lang) };
	new_render(r, NULL, &v, l->regions);
	return 0;
}

static enum st_rc
create_tx(struct st_tx *tx, void *v)
{
	struct create_ctx *c = v;
	c->id = 0;
	c->err.e = E_NONE;
	c->err.field = NULL;
	return account_create(tx, c->who, &c->in, &c->id, &c->err);
}

static void
created(struct req *r, void *v, enum st_rc rc)
{
	struct create_ctx *c = v;
	if (c->err.extra != NULL) {
		json_decref(c->err.extra);
		c->err.extra = NULL;
	}
	if (rc == ST_CONFLICT && (c->err.e == E_USER_EXISTS || c->err.e == E_REFERENCE)) {
		if (c->err.e == E_USER_EXISTS)
			form_error(&c->f, "email", msg_get(r->lang, MSG_ADMIN_ERR_EMAIL_TAKEN));
		else
			reference_error(r, &c->f, c->in.role);
		new_render(r, &c->f, &c->v, c->l.regions);
		return;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc == ST_CONFLICT ? ST_ERROR : rc);
		return;
	}
	web_redirect(r, web_urlf(r, "/users/%lld?created=1", (long long)c->id));
}

static size_t
chars(const char *s)
{
	return s != NULL ? text_utf8_len(s, strlen(s)) : 0;
}

int
p_user_create(struct req *r)
{
	struct create_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	struct form *f = &c->f;
	if (web_post_form(r, f) != 0)
		return 0;
	c->who = r->who;
	struct user_vals *v = &c->v;
	*v = vals_from_form(f);
	if (form_empty(v->email))
		form_error(f, "email", msg_get(r->lang, MSG_ADMIN_ERR_EMAIL));
	else if (strlen(v->email) > EMAIL_MAX || !email_valid(v->email))
		form_error(f, "email", msg_get(r->lang, MSG_ADMIN_ERR_EMAIL_INVALID));
	if (form_empty(v->name))
		form_error(f, "name", msg_get(r->lang, MSG_ADMIN_ERR_NAME));
	else if (chars(v->name) > NAME_MAX)
		form_error(f, "name", msg_get(r->lang, MSG_ADMIN_ERR_NAME_LONG));
	enum role role = ROLE__COUNT;
	if (form_empty(v->role) || role_parse(v->role, &role) != 0)
		form_error(f, "role", msg_get(r->lang, MSG_ADMIN_ERR_ROLE));
	c->in.role = role;
	if (role != ROLE__COUNT)
		parse_attachments(r, f, v, role, &c->in, &c->l);
	if (v->lang == NULL || (strcmp(v->lang, "en") != 0 && strcmp(v->lang, "fr") != 0))
		form_error(f, "language", msg_get(r->lang, MSG_ADMIN_ERR_LANG));
	if (form_empty(v->password))
		form_error(f, "password", msg_get(r->lang, MSG_ADMIN_ERR_PASSWORD));
	else if (chars(v->password) < PASSWORD_MIN)
		form_error(f, "password", msg_get(r->lang, MSG_ADMIN_ERR_PASSWORD_SHORT));
	else if (chars(v->password) > PASSWORD_MAX)
		form_error(f, "password", msg_get(r->lang, MSG_ADMIN_ERR_PASSWORD_LONG));
	if (lookup_run(r, &c->l) != 0)
		return 0;
	if (role != ROLE__COUNT)
		check_attachments(r, f, &c->in, &c->l);
	if (f->nerr > 0) {
		new_render(r, f, v, c->l.regions);
		return 0;
	}
	/* Slow on purpose: outside the write transaction. */
	char *hash = arena_alloc(&r->arena, 128);
	if (account_hash_password(v->password, hash) != 0) {
		web_reply_failure(r, ST_ERROR);
		return 0;
	}
	c->in.email = web_email_lower(&r->arena, v->email);
	c->in.display_name = v->name;
	c->in.pw_hash = hash;
	c->in.lang = v->lang;
	return req_write(r, create_tx, c, created);
}

/* ---- change a user's role ---- */

struct update_ctx {
	const struct principal *who;
	struct form f;
	struct user_vals v;
	struct user_in in;
	struct lookup l;
	struct dom_err err;
};

/* The user's JSON as form values (the first visit of the change page). */
static struct user_vals
vals_from_user(struct req *r, json_t *u)
{
	json_t *org = json_object_get(u, "org_id"), *region = json_object_get(u, "region_id");
	return (struct user_vals){
		.role = json_string_value(json_object_get(u, "role")),
		.org = json_is_integer(org) ? arena_printf(&r->arena, "%lld",
		    (long long)json_integer_value(org)) : NULL,
		.region = json_is_integer(region) ? arena_printf(&r->arena, "%lld",
		    (long long)json_integer_value(region)) : NULL,
		.all_regions = json_is_true(json_object_get(u, "all_regions")) };
}

static void
summary_row(struct html *h, int label, const char *value)
{
	HF(h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>", HM(label),
	    HS(value));
}

static void
edit_render(struct req *r, const struct form *f, const struct user_vals *v, json_t *u,
    json_t *regions)
{
	int64_t id = json_integer_value(json_object_get(u, "id"));
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_ADMIN_USER_EDIT_TITLE), NAV_USERS, f);
	struct html *h = &p.h;
	page_back_link(&p, web_url(r, "/users"));
	if (f == NULL) {
		const char *created = req_query(r, "created"), *saved = req_query(r, "saved");
		if (created != NULL && strcmp(created, "1") == 0)
			notice(&p, MSG_ADMIN_USER_CREATED, MSG_ADMIN_USER_CREATED_TEXT);
		else if (saved != NULL && strcmp(saved, "1") == 0)
			notice(&p, MSG_ADMIN_USER_SAVED, MSG_ADMIN_USER_SAVED_TEXT);
	}
	HF(h, "<h2>{}</h2><dl class=\"pl-summary-list\">", HM(MSG_ADMIN_USER_CURRENT));
	summary_row(h, MSG_ADMIN_USER_NAME, json_string_value(json_object_get(u, "display_name")));
	summary_row(h, MSG_ADMIN_USER_EMAIL, json_string_value(json_object_get(u, "email")));
	summary_row(h, MSG_ADMIN_USER_CURRENT_ROLE,
	    role_label(r, json_string_value(json_object_get(u, "role"))));
	json_t *person = json_object_get(u, "person_id");
	if (json_is_integer(person)) {
		int64_t pid = json_integer_value(person);
		HF(h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd><a href=\"{}\">{}</a></dd>"
		    "</div>", HM(MSG_ADMIN_USER_CLIENT_LINK),
		    HS(web_urlf(r, "/persons/%lld", (long long)pid)),
		    HS(MSGF(&r->arena, r->lang, MSG_ADMIN_USER_CLIENT_LINK_TEXT,
		    fmt_int(&r->arena, r->lang, pid))));
	} else {
		summary_row(h, MSG_ADMIN_USER_CLIENT_LINK, msg_get(r->lang, MSG_ADMIN_USER_CLIENT_LINK_NONE));
	}
	H(h, "</dl>");
	HF(h, "<p>{}</p>", HM(MSG_ADMIN_USER_EDIT_INTRO));
	form_open(&p, web_urlf(r, "/users/%lld", (long long)id));
	role_fields(&p, v, regions, 0);
	form_button(&p, MSG_ADMIN_USER_SAVE_BUTTON);
	form_close(&p);
	page_end(&p);
}

int
p_user_edit_form(struct req *r)
{
	struct lookup *l = arena_calloc(&r->arena, 1, sizeof(*l));
	l->user_id = parse_id(r->args[0]);
	if (l->user_id == 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	if (lookup_run(r, l) != 0)
		return 0;
	struct user_vals v = vals_from_user(r, l->user);
	edit_render(r, NULL, &v, l->user, l->regions);
	return 0;
}

static enum st_rc
update_tx(struct st_tx *tx, void *v)
{
	struct update_ctx *c = v;
	c->err.e = E_NONE;
	c->err.field = NULL;
	return account_set_role(tx, c->who, c->l.user_id, c->in.role, c->in.org_id,
	    c->in.region_id, c->in.all_regions, &c->err);
}

static void
updated(struct req *r, void *v, enum st_rc rc)
{
	struct update_ctx *c = v;
	/* Sessions already resolved must see the new role: clear again after the commit. */
	account_cache_clear();
	if (c->err.extra != NULL) {
		json_decref(c->err.extra);
		c->err.extra = NULL;
	}
	if (rc == ST_CONFLICT && c->err.e == E_REFERENCE) {
		reference_error(r, &c->f, c->in.role);
		edit_render(r, &c->f, &c->v, c->l.user, c->l.regions);
		return;
	}
	if (rc == ST_CONFLICT && c->err.e == E_FIELD_REQUIRED) {
		check_attachments(r, &c->f, &c->in, &c->l);
		edit_render(r, &c->f, &c->v, c->l.user, c->l.regions);
		return;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc == ST_CONFLICT ? ST_ERROR : rc);
		return;
	}
	web_redirect(r, web_urlf(r, "/users/%lld?saved=1", (long long)c->l.user_id));
}

int
p_user_update(struct req *r)
{
	struct update_ctx *c = arena_calloc(&r->arena, 1, sizeof(*c));
	struct form *f = &c->f;
	if (web_post_form(r, f) != 0)
		return 0;
	c->who = r->who;
	c->l.user_id = parse_id(r->args[0]);
	if (c->l.user_id == 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	struct user_vals *v = &c->v;
	*v = vals_from_form(f);
	enum role role = ROLE__COUNT;
	if (form_empty(v->role) || role_parse(v->role, &role) != 0)
		form_error(f, "role", msg_get(r->lang, MSG_ADMIN_ERR_ROLE));
	c->in.role = role;
	if (role != ROLE__COUNT)
		parse_attachments(r, f, v, role, &c->in, &c->l);
	if (lookup_run(r, &c->l) != 0)
		return 0;
	/* The person link stays as it is (account_set_role keeps it). */
	json_t *person = json_object_get(c->l.user, "person_id");
	c->in.person_id = json_is_integer(person) ? json_integer_value(person) : 0;
	if (role != ROLE__COUNT)
		check_attachments(r, f, &c->in, &c->l);
	if (f->nerr > 0) {
		edit_render(r, f, v, c->l.user, c->l.regions);
		return 0;
	}
	return req_write(r, update_tx, c, updated);
}
