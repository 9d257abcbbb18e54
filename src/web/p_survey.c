/* The satisfaction survey (public, from the link an agent gives): /LANG/survey/{token}.
 * Three short questions — overall satisfaction (required), how easy it was and whether the
 * client was served in the language of their choice (optional) — and an optional comment.
 * One answer per link: an answered link says so, an unknown or expired one is a 404 page.
 * After sending, the same address shows the thanks (POST-redirect-GET, ?thanks=1). */
#include <string.h>

#include "domain/surveys.h"
#include "text/text.h"
#include "web/pages.h"

struct survey_read {
	const char *token;
	enum survey_state state;
	const char *lang;
};

static enum st_rc
find_tx(struct st_tx *tx, void *v)
{
	struct survey_read *c = v;
	return survey_find(tx, c->token, &c->state, &c->lang);
}

/* The invitation's state: 0, or -1 with the page for a link that does not work queued. */
static int
survey_load(struct req *r, enum survey_state *state)
{
	struct survey_read c = { .token = r->nargs > 0 ? r->args[0] : NULL };
	enum st_rc rc = st_read(r->store, find_tx, &c);
	if (rc == ST_OK && c.state == SURVEY_EXPIRED)
		rc = ST_NOTFOUND;
	if (rc == ST_NOTFOUND) {
		web_message_page(r, 404, MSG_CONTACTS_SURVEY_INVALID_TITLE, MSG_CONTACTS_SURVEY_INVALID_TEXT);
		return -1;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	*state = c.state;
	return 0;
}

static void
survey_render(struct req *r, const struct form *f)
{
	struct page p;
	struct html *h = &p.h;
	struct form none = { 0 };
	const struct form *kept = f ? f : &none;
	page_begin(&p, r, msg_get(r->lang, MSG_CONTACTS_SURVEY_TITLE), NAV_NONE, f);
	HF(h, "<p>{}</p>", HM(MSG_CONTACTS_SURVEY_INTRO));
	form_open(&p, web_urlf(r, "/survey/%s", url_encode(&r->arena, r->args[0])));
	static const int score_msg[] = { MSG_CONTACTS_SURVEY_SCORE_5, MSG_CONTACTS_SURVEY_SCORE_4,
		MSG_CONTACTS_SURVEY_SCORE_3, MSG_CONTACTS_SURVEY_SCORE_2, MSG_CONTACTS_SURVEY_SCORE_1 };
	static const int easy_msg[] = { MSG_CONTACTS_SURVEY_EASY_5, MSG_CONTACTS_SURVEY_EASY_4,
		MSG_CONTACTS_SURVEY_EASY_3, MSG_CONTACTS_SURVEY_EASY_2, MSG_CONTACTS_SURVEY_EASY_1 };
	static const char *const five[] = { "5", "4", "3", "2", "1" };
	struct option so[5], eo[5];
	for (int i = 0; i < 5; i++) {
		so[i] = (struct option){ five[i], msg_get(r->lang, score_msg[i]) };
		eo[i] = (struct option){ five[i], msg_get(r->lang, easy_msg[i]) };
	}
	field_radios(&p, &(struct field){ .id = "score", .name = "score",
	    .label = MSG_CONTACTS_SURVEY_SCORE, .value = form_get(kept, "score") }, so, 5);
	field_radios(&p, &(struct field){ .id = "easy", .name = "easy",
	    .label = MSG_CONTACTS_SURVEY_EASY, .value = form_get(kept, "easy"), .optional = true }, eo, 5);
	const struct option yn[] = { { "yes", msg_get(r->lang, MSG_CONTACTS_SURVEY_YES) },
		{ "no", msg_get(r->lang, MSG_CONTACTS_SURVEY_NO) } };
	field_radios(&p, &(struct field){ .id = "in-lang", .name = "in_lang",
	    .label = MSG_CONTACTS_SURVEY_LANG, .value = form_get(kept, "in_lang"), .optional = true },
	    yn, 2);
	field_textarea(&p, &(struct field){ .id = "comment", .name = "comment",
	    .label = MSG_CONTACTS_SURVEY_COMMENT, .hint = MSG_CONTACTS_SURVEY_COMMENT_HINT,
	    .value = form_get(kept, "comment"), .optional = true });
	form_button(&p, MSG_CONTACTS_SURVEY_SEND);
	form_close(&p);
	page_end(&p);
}

int
p_survey_form(struct req *r)
{
	enum survey_state st;
	if (survey_load(r, &st) != 0)
		return 0;
	const char *thanks = req_query(r, "thanks");
	if (st == SURVEY_ANSWERED) {
		web_message_page(r, 200, MSG_CONTACTS_SURVEY_DONE_TITLE, thanks && strcmp(thanks, "1") == 0 ?
		    MSG_CONTACTS_SURVEY_DONE_TEXT : MSG_CONTACTS_SURVEY_ALREADY_TEXT);
		return 0;
	}
	survey_render(r, NULL);
	return 0;
}

struct survey_post {
	struct form f;
	const char *token;
	struct survey_answer ans;
	struct dom_err err;
};

static enum st_rc
answer_tx(struct st_tx *tx, void *v)
{
	struct survey_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	return survey_respond(tx, c->token, &c->ans, &c->err);
}

static void
answered_reply(struct req *r, void *v, enum st_rc rc)
{
	struct survey_post *c = v;
	json_decref(c->err.extra);
	c->err.extra = NULL;
	if (rc == ST_OK || rc == ST_CONFLICT) {
		/* Answered now, or by an earlier click: the thanks either way. */
		web_redirect(r, web_urlf(r, "/survey/%s?thanks=1", url_encode(&r->arena, c->token)));
		return;
	}
	if (rc == ST_NOTFOUND) {
		web_message_page(r, 404, MSG_CONTACTS_SURVEY_INVALID_TITLE, MSG_CONTACTS_SURVEY_INVALID_TEXT);
		return;
	}
	web_reply_failure(r, rc);
}

static int
one_of(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return (int)i;
	return -1;
}

int
p_survey_answer(struct req *r)
{
	struct survey_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	enum survey_state st;
	if (survey_load(r, &st) != 0)
		return 0;
	c->token = r->args[0];
	if (st == SURVEY_ANSWERED) {
		web_redirect(r, web_urlf(r, "/survey/%s?thanks=1", url_encode(&r->arena, c->token)));
		return 0;
	}
	static const char *const five[] = { "1", "2", "3", "4", "5" };
	static const char *const yn[] = { "no", "yes" };
	struct form *f = &c->f;
	int score = one_of(form_get(f, "score"), five, 5);
	if (score < 0)
		form_error(f, "score-1", msg_get(r->lang, MSG_CONTACTS_SURVEY_ERR_SCORE));
	const char *e = form_get(f, "easy");
	int easy = form_empty(e) ? -1 : one_of(e, five, 5);
	if (!form_empty(e) && easy < 0)
		form_error(f, "easy-1", msg_get(r->lang, MSG_CONTACTS_SURVEY_ERR_EASY));
	const char *l = form_get(f, "in_lang");
	int in_lang = form_empty(l) ? -1 : one_of(l, yn, 2);
	if (!form_empty(l) && in_lang < 0)
		form_error(f, "in-lang-1", msg_get(r->lang, MSG_CONTACTS_SURVEY_ERR_LANG));
	const char *cm = form_get(f, "comment");
	if (cm != NULL && text_utf8_len(cm, strlen(cm)) > SURVEY_COMMENT_MAX)
		form_error(f, "comment", MSGF(&r->arena, r->lang, MSG_CONTACTS_SURVEY_ERR_COMMENT,
		    fmt_int(&r->arena, r->lang, SURVEY_COMMENT_MAX)));
	if (f->nerr > 0) {
		survey_render(r, f);
		return 0;
	}
	c->ans = (struct survey_answer){ .score = score + 1, .easy = easy < 0 ? 0 : easy + 1,
		.in_my_language = in_lang, .comment = form_empty(cm) ? NULL : cm };
	return req_write(r, answer_tx, c, answered_reply);
}
