/* My account: the signed-in user's details (any role) and "Sign out on every device". */
#include <string.h>

#include "domain/accounts.h"
#include "web/pages.h"

struct account_ctx {
	int64_t id;
	json_t *user;
};

static enum st_rc
account_tx(struct st_tx *tx, void *v)
{
	struct account_ctx *c = v;
	json_decref(c->user);
	c->user = NULL;
	return account_get_json(tx, c->id, &c->user);
}

/* A string member of o copied to the arena ("" when missing). */
static const char *
member(struct req *r, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return arena_strdup(&r->arena, s != NULL ? s : "");
}

static void
summary_row(struct html *h, int label, const char *value)
{
	HF(h, "<div class=\"pl-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>", HM(label),
	    HS(value));
}

int
p_account(struct req *r)
{
	struct account_ctx c = { r->who->user_id, NULL };
	enum st_rc rc = st_read(r->store, account_tx, &c);
	if (rc != ST_OK) {
		json_decref(c.user);
		web_reply_failure(r, rc);
		return 0;
	}
	/* Copied to the arena so the JSON can go before rendering. */
	const char *name = member(r, c.user, "display_name");
	const char *email = member(r, c.user, "email");
	enum role role = r->who->role;
	role_parse(member(r, c.user, "role"), &role);
	int fr = strcmp(member(r, c.user, "language"), "fr") == 0;
	json_decref(c.user);

	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_PUBLIC_ACCOUNT_TITLE), NAV_ACCOUNT, NULL);
	struct html *h = &p.h;
	HF(h, "<h2>{}</h2><dl class=\"pl-summary-list\">", HM(MSG_PUBLIC_ACCOUNT_DETAILS));
	summary_row(h, MSG_PUBLIC_ACCOUNT_NAME, name);
	summary_row(h, MSG_PUBLIC_ACCOUNT_EMAIL, email);
	summary_row(h, MSG_PUBLIC_ACCOUNT_ROLE, msg_get(r->lang, web_role_label(role)));
	summary_row(h, MSG_PUBLIC_ACCOUNT_LANGUAGE,
	    msg_get(r->lang, fr ? MSG_PUBLIC_ACCOUNT_LANG_FR : MSG_PUBLIC_ACCOUNT_LANG_EN));
	H(h, "</dl>");
	HF(h, "<h2>{}</h2><p>{}</p>", HM(MSG_PUBLIC_ACCOUNT_EVERYWHERE_TITLE),
	    HM(MSG_PUBLIC_ACCOUNT_EVERYWHERE_TEXT));
	form_open(&p, web_url(r, "/sign-out-everywhere"));
	HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
	    "</button>", HM(MSG_PUBLIC_ACCOUNT_EVERYWHERE_BUTTON));
	form_close(&p);
	page_end(&p);
	return 0;
}
