/* Log a contact (advisors, managers, administrators): a form made for speed. The usual answers
 * are chosen already — a phone call, the point of service of the agent's last contact, the
 * page's language, the first topic, resolved at first contact — so a phone call resolved on
 * the spot is one click on "Record contact", or from the skip link six Tabs and Enter: the
 * details that are often empty (length, outcome, case, client number, a survey link for the
 * client) come after the first button. The contact is recorded as ending now (its length,
 * when given, sets its start). After saving, the same form comes back with "Contact recorded"
 * (POST-redirect-GET, ?recorded=1), and the survey link when one was asked for. */
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/contacts.h"
#include "domain/crypto.h"
#include "domain/surveys.h"
#include "domain/program.h"
#include "text/text.h"
#include "web/pages.h"

#define DURATION_MAX_MIN 600
#define CLIENT_NO_MAX 20
#define MIN_US INT64_C(60000000)

/* The channels in the order of the form: phone first. */
static const int channel_order[] = { CH_PHONE, CH_IN_PERSON, CH_EMAIL, CH_CHAT, CH_VIRTUAL,
	CH_OUTREACH, CH_ASSISTED_PHONE };
static const int channel_msg[CH__COUNT] = {
	[CH_IN_PERSON] = MSG_CONTACTS_CH_IN_PERSON, [CH_PHONE] = MSG_CONTACTS_CH_PHONE,
	[CH_EMAIL] = MSG_CONTACTS_CH_EMAIL, [CH_CHAT] = MSG_CONTACTS_CH_CHAT,
	[CH_VIRTUAL] = MSG_CONTACTS_CH_VIRTUAL, [CH_OUTREACH] = MSG_CONTACTS_CH_OUTREACH,
	[CH_ASSISTED_PHONE] = MSG_CONTACTS_CH_ASSISTED_PHONE,
};
static const struct {
	const char *code;
	int msg;
} langs[] = { { "en", MSG_CONTACTS_LANG_EN }, { "fr", MSG_CONTACTS_LANG_FR },
	{ "oj", MSG_CONTACTS_LANG_OJ }, { "cr", MSG_CONTACTS_LANG_CR } };
#define NLANGS (sizeof(langs) / sizeof(langs[0]))
static const int service_msg[] = { MSG_CONTACTS_TOPIC_INFORMATION, MSG_CONTACTS_TOPIC_EXAMS,
	MSG_CONTACTS_TOPIC_EMPLOYMENT };
static const int outcome_msg[] = { MSG_CONTACTS_OUTCOME_NONE, MSG_CONTACTS_OUTCOME_CASE,
	MSG_CONTACTS_OUTCOME_REFERRAL };

/* What the form offers: points of service and the agent's last point. */
struct log_view {
	struct option *points;
	size_t npoints;
	int64_t last_point;
};

struct view_read {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	struct log_view v;
};

static enum st_rc
view_tx(struct st_tx *tx, void *x)
{
	struct view_read *c = x;
	memset(&c->v, 0, sizeof(c->v));
	json_t *pts = NULL, *it;
	size_t k;
	enum st_rc rc = contact_points(tx, c->lang, &pts);
	if (rc == ST_OK)
		rc = contact_last_point(tx, c->who, &c->v.last_point);
	c->v.points = arena_calloc(c->a, json_array_size(pts) + 1, sizeof(*c->v.points));
	c->v.points[c->v.npoints++] = (struct option){ "", msg_get(c->lang, MSG_CONTACTS_POINT_NONE) };
	json_array_foreach(pts, k, it) {
		c->v.points[c->v.npoints++] = (struct option){
			arena_printf(c->a, "%lld", (long long)json_integer_value(json_object_get(it, "id"))),
			arena_strdup(c->a, json_string_value(json_object_get(it, "name"))) };
	}
	json_decref(pts);
	return rc;
}

static int
view_load(struct req *r, struct log_view *out)
{
	struct view_read c = { .who = r->who, .a = &r->arena, .lang = r->lang };
	enum st_rc rc = st_read(r->store, view_tx, &c);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	*out = c.v;
	return 0;
}

/* Topics: the programs, then the services. */
static struct option *
topic_options(struct req *r, size_t *n)
{
	size_t np = 0;
	while (program_at(np) != NULL)
		np++;
	struct option *o = arena_calloc(&r->arena, np + 3, sizeof(*o));
	*n = 0;
	for (size_t i = 0; i < np; i++) {
		const struct program *p = program_at(i);
		o[(*n)++] = (struct option){ p->id, i18n_pick(&p->label, r->lang) };
	}
	for (size_t i = 0; contact_services[i] != NULL; i++)
		o[(*n)++] = (struct option){ contact_services[i], msg_get(r->lang, service_msg[i]) };
	return o;
}

/* One checkbox in ODS markup (fields.c has none). */
static void
checkbox(struct html *h, const char *id, const char *name, int label, bool checked)
{
	HF(h, "<div class=\"ontario-form-group\"><div class=\"ontario-checkboxes\">"
	    "<div class=\"ontario-checkboxes__item\"><input class=\"ontario-checkboxes__input\" "
	    "type=\"checkbox\" id=\"{}\" name=\"{}\" value=\"1\"", HS(id), HS(name));
	if (checked)
		H(h, " checked");
	HF(h, "><label class=\"ontario-checkboxes__label\" for=\"{}\">{}</label></div></div></div>",
	    HS(id), HM(label));
}

/* A survey token as crypto_token makes them (43 URL-safe base64 characters). */
static bool
survey_token_ok(const char *t)
{
	return t != NULL && strlen(t) == 43 && strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == 43;
}

static void
log_render(struct req *r, const struct log_view *v, const struct form *f, int recorded)
{
	struct page p;
	struct html *h = &p.h;
	struct form none = { 0 };
	const struct form *kept = f != NULL ? f : &none;
	int posted = f != NULL;
	page_begin(&p, r, msg_get(r->lang, MSG_CONTACTS_NEW_TITLE), NAV_CONTACT_NEW, f);
	if (recorded)
		HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
		    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title "
		    "ontario-h4\">{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
		    HM(MSG_CONTACTS_RECORDED_TITLE), HM(MSG_CONTACTS_RECORDED_TEXT));
	/* The survey link of the contact just recorded (shown once, never stored in clear). */
	const char *tok = recorded ? req_query(r, "survey") : NULL, *sl = req_query(r, "slang");
	if (survey_token_ok(tok)) {
		const char *link = arena_printf(&r->arena, "/%s/survey/%s", sl && strcmp(sl, "fr") == 0 ?
		    "fr" : "en", tok);
		const char *text = MSGF(&r->arena, r->lang, MSG_CONTACTS_SURVEY_LINK, link);
		HF(h, "<div class=\"ontario-alert ontario-alert--informational\"><div "
		    "class=\"ontario-alert__body\"><p>{} <a href=\"{}\">{}</a></p></div></div>",
		    HS(text), HS(link), HS(link));
	}
	HF(h, "<p>{}</p>", HM(MSG_CONTACTS_NEW_INTRO));
	form_open(&p, web_url(r, "/contacts/new"));

	struct option ch[CH__COUNT];
	for (size_t i = 0; i < CH__COUNT; i++)
		ch[i] = (struct option){ contact_channels[channel_order[i]],
			msg_get(r->lang, channel_msg[channel_order[i]]) };
	const char *chv = posted ? form_get(kept, "channel") : "phone";
	field_radios(&p, &(struct field){ .id = "channel", .name = "channel",
	    .label = MSG_CONTACTS_CHANNEL, .value = chv }, ch, CH__COUNT);

	const char *pv = posted ? form_get(kept, "point") : v->last_point > 0 ?
	    arena_printf(&r->arena, "%lld", (long long)v->last_point) : "";
	field_select(&p, &(struct field){ .id = "point", .name = "point", .label = MSG_CONTACTS_POINT,
	    .hint = v->last_point > 0 && !posted ? MSG_CONTACTS_POINT_HINT : 0, .value = pv },
	    v->points, v->npoints);

	struct option lo[NLANGS];
	for (size_t i = 0; i < NLANGS; i++)
		lo[i] = (struct option){ langs[i].code, msg_get(r->lang, langs[i].msg) };
	const char *lv = posted ? form_get(kept, "lang") : r->lang == LANG_FR ? "fr" : "en";
	field_radios(&p, &(struct field){ .id = "lang", .name = "lang", .label = MSG_CONTACTS_LANG,
	    .value = lv }, lo, NLANGS);

	size_t nt = 0;
	struct option *to = topic_options(r, &nt);
	field_select(&p, &(struct field){ .id = "topic", .name = "topic", .label = MSG_CONTACTS_TOPIC,
	    .value = form_get(kept, "topic") }, to, nt);

	/* Checked unless a posted form left it unchecked. */
	checkbox(h, "resolved", "resolved_first", MSG_CONTACTS_RESOLVED,
	    !posted || form_get(kept, "resolved_first") != NULL);
	form_button(&p, MSG_CONTACTS_SUBMIT);

	HF(h, "<h2>{}</h2>", HM(MSG_CONTACTS_DETAILS_TITLE));
	field_input(&p, &(struct field){ .id = "duration", .name = "duration",
	    .label = MSG_CONTACTS_DURATION, .hint = MSG_CONTACTS_DURATION_HINT,
	    .value = form_get(kept, "duration"), .inputmode = "numeric", .width = "4-char-width",
	    .optional = true });
	struct option oo[3];
	for (size_t i = 0; i < 3; i++)
		oo[i] = (struct option){ contact_outcomes[i], msg_get(r->lang, outcome_msg[i]) };
	const char *ov = posted ? form_get(kept, "outcome") : "none";
	field_radios(&p, &(struct field){ .id = "outcome", .name = "outcome",
	    .label = MSG_CONTACTS_OUTCOME, .value = ov }, oo, 3);
	field_input(&p, &(struct field){ .id = "case", .name = "case", .label = MSG_CONTACTS_CASE,
	    .hint = MSG_CONTACTS_CASE_HINT, .value = form_get(kept, "case"), .inputmode = "numeric",
	    .width = "10-char-width", .optional = true });
	field_input(&p, &(struct field){ .id = "client-no", .name = "client_no",
	    .label = MSG_CONTACTS_CLIENT_NO, .hint = MSG_CONTACTS_CLIENT_NO_HINT,
	    .value = form_get(kept, "client_no"), .width = "10-char-width", .optional = true });
	checkbox(h, "survey", "survey", MSG_CONTACTS_SURVEY_OFFER, form_get(kept, "survey") != NULL);
	form_button(&p, MSG_CONTACTS_SUBMIT);
	form_close(&p);
	page_end(&p);
}

int
p_contact_new_form(struct req *r)
{
	struct log_view v;
	if (view_load(r, &v) != 0)
		return 0;
	const char *rec = req_query(r, "recorded");
	log_render(r, &v, NULL, rec != NULL && strcmp(rec, "1") == 0);
	return 0;
}

/* ---- recording ---- */

struct log_post {
	const struct principal *who;
	struct arena *a;
	bool survey;
	char token[48];
	struct log_view v;
	struct form f;
	struct contact_in in;
	struct dom_err err;
	json_t *out;
};

static int
index_of(const char *const *list, const char *s)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* A whole number of at most 9 digits: 0 and *out, else -1. */
static int
small_number(const char *s, int64_t *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
		return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

static void
log_validate(struct req *r, struct log_post *c)
{
	struct form *f = &c->f;
	struct contact_in *in = &c->in;
	memset(in, 0, sizeof(*in));
	in->channel = index_of(contact_channels, form_get(f, "channel"));
	if (in->channel < 0)
		form_error(f, "channel-1", msg_get(r->lang, MSG_CONTACTS_ERR_CHANNEL));
	const char *pt = form_get(f, "point");
	int found = 0;
	for (size_t i = 0; i < c->v.npoints; i++)
		if (strcmp(c->v.points[i].value, pt ? pt : "") == 0)
			found = 1;
	if (!found)
		form_error(f, "point", msg_get(r->lang, MSG_CONTACTS_ERR_POINT));
	else if (pt != NULL && *pt)
		in->point_id = strtoll(pt, NULL, 10);
	in->lang = form_get(f, "lang");
	int lang_ok = 0;
	for (size_t i = 0; i < NLANGS; i++)
		if (in->lang != NULL && strcmp(in->lang, langs[i].code) == 0)
			lang_ok = 1;
	if (!lang_ok)
		form_error(f, "lang-1", msg_get(r->lang, MSG_CONTACTS_ERR_LANG));
	in->topic = form_get(f, "topic");
	if (!contact_topic_valid(in->topic))
		form_error(f, "topic", msg_get(r->lang, MSG_CONTACTS_ERR_TOPIC));
	int64_t minutes = 0;
	const char *d = form_get(f, "duration");
	if (!form_empty(d) && (small_number(d, &minutes) != 0 || minutes > DURATION_MAX_MIN))
		form_error(f, "duration", MSGF(&r->arena, r->lang, MSG_CONTACTS_ERR_DURATION,
		    fmt_int(&r->arena, r->lang, DURATION_MAX_MIN)));
	in->outcome = index_of(contact_outcomes, form_get(f, "outcome"));
	if (in->outcome < 0)
		form_error(f, "outcome-1", msg_get(r->lang, MSG_CONTACTS_ERR_OUTCOME));
	const char *cs = form_get(f, "case");
	if (in->outcome == OUT_CASE) {
		if (form_empty(cs))
			form_error(f, "case", msg_get(r->lang, MSG_CONTACTS_ERR_CASE_REQUIRED));
		else if (small_number(cs, &in->case_id) != 0 || in->case_id == 0)
			form_error(f, "case", msg_get(r->lang, MSG_CONTACTS_ERR_CASE_FORMAT));
	} else if (!form_empty(cs)) {
		form_error(f, "case", msg_get(r->lang, MSG_CONTACTS_ERR_CASE_UNWANTED));
	}
	const char *cn = form_get(f, "client_no");
	if (!form_empty(cn) && text_utf8_len(cn, strlen(cn)) > CLIENT_NO_MAX)
		form_error(f, "client-no", msg_get(r->lang, MSG_CONTACTS_ERR_CLIENT_NO_FORMAT));
	in->client_no = form_empty(cn) ? NULL : cn;
	in->resolved_first = form_get(f, "resolved_first") != NULL;
	/* Served now; started `minutes` ago. */
	int64_t now = time_now_us();
	in->ended_us = now;
	in->arrived_us = now - minutes * MIN_US;
	in->answered_us = in->arrived_us;
	if (in->channel == CH_EMAIL)
		in->answered_us = now;
	if (in->outcome < 0)
		in->outcome = OUT_NONE;
	if (in->channel < 0)
		in->channel = CH_PHONE;
}

static enum st_rc
log_tx(struct st_tx *tx, void *v)
{
	struct log_post *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
	c->out = NULL;
	memset(&c->err, 0, sizeof(c->err));
	enum st_rc rc = contact_record(tx, c->a, c->who, &c->in, &c->out, &c->err);
	if (rc == ST_OK && c->survey) {
		int64_t inv = 0;
		rc = survey_invite(tx, c->who, json_integer_value(json_object_get(c->out, "id")), 0,
		    c->in.lang, c->token, &inv);
	}
	return rc;
}

static void
logged_reply(struct req *r, void *v, enum st_rc rc)
{
	struct log_post *c = v;
	json_decref(c->out);
	json_decref(c->err.extra);
	c->out = NULL;
	c->err.extra = NULL;
	if (rc == ST_OK) {
		web_redirect(r, c->survey ? web_urlf(r, "/contacts/new?recorded=1&survey=%s&slang=%s",
		    c->token, strcmp(c->in.lang, "fr") == 0 ? "fr" : "en") :
		    web_url(r, "/contacts/new?recorded=1"));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		const char *fld = c->err.field ? c->err.field : "";
		if (strcmp(fld, "client_no") == 0 || strcmp(fld, "person_id") == 0)
			form_error(&c->f, "client-no", msg_get(r->lang, MSG_CONTACTS_ERR_CLIENT_NO));
		else if (strcmp(fld, "case_id") == 0)
			form_error(&c->f, "case", msg_get(r->lang, c->err.e == E_REFERENCE ?
			    MSG_CONTACTS_ERR_CASE_UNKNOWN : MSG_CONTACTS_ERR_CASE_REQUIRED));
		else if (strcmp(fld, "point_id") == 0)
			form_error(&c->f, "point", msg_get(r->lang, MSG_CONTACTS_ERR_POINT));
		else
			form_error(&c->f, "channel-1", err_message(c->err.e, r->lang));
		log_render(r, &c->v, &c->f, 0);
		return;
	}
	web_reply_failure(r, rc);
}

int
p_contact_log(struct req *r)
{
	struct log_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if (view_load(r, &c->v) != 0)
		return 0;
	c->who = r->who;
	c->a = &r->arena;
	log_validate(r, c);
	c->survey = form_get(&c->f, "survey") != NULL;
	if (c->survey)
		crypto_token(c->token);
	if (c->f.nerr > 0) {
		log_render(r, &c->v, &c->f, 0);
		return 0;
	}
	return req_write(r, log_tx, c, logged_reply);
}
