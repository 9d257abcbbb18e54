/* The case pages: one training agreement (summary, service standard, what the caller can do
 * now, hours, history) and the action pages that take one step of its program: a form made
 * from the fields the step declares, checked here, then run by the engine.
 *
 * Form fields of an action page are named after the program's fields (note, signatory,
 * reason; a date field started_on sends started_on_year, started_on_month, started_on_day).
 * Element ids are the same names with "-" for "_" (signatory, started-on-year, ...): the
 * error summary links to them. */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/cases.h"
#include "domain/engine.h"
#include "domain/orgs.h"
#include "text/text.h"
#include "web/casefmt.h"
#include "web/pages.h"

#define EVENTS_PAGE 200
#define EVENTS_MAX_PAGES 50

static int
in_list(const int *list, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (list[i] == x)
			return 1;
	return 0;
}

/* Whether who may take transition t of p from state (the engine's own rule). */
static int
step_allowed(const struct program *p, const struct prog_transition *t, const char *state,
    const struct principal *who)
{
	int si = p && t ? program_state_index(p, state) : -1;
	return si >= 0 && in_list(t->from, t->nfrom, si) && (t->roles & RB(who->role)) != 0;
}

static const char *
case_url(struct req *r, int64_t id)
{
	return web_urlf(r, "/cases/%" PRId64, id);
}

static const char *
lang_name(enum lang lang, const char *code)
{
	if (code == NULL)
		return "";
	if (strcmp(code, "fr") == 0)
		return msg_get(lang, MSG_CASE_LANG_FR);
	if (strcmp(code, "en") == 0)
		return msg_get(lang, MSG_CASE_LANG_EN);
	return code;
}

static const char *
region_name(json_t *regions, int64_t id, enum lang lang)
{
	size_t i;
	json_t *o;
	json_array_foreach(regions, i, o) {
		if (json_integer_value(json_object_get(o, "id")) == id)
			return json_string_value(json_object_get(o, lang == LANG_FR ? "name_fr" :
			    "name_en"));
	}
	return "";
}

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* ---- the case page ---- */

struct case_view {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	int64_t id;
	struct case_rec c;
	json_t *full;      /* case_full_json: clocks, transitions, hours */
	json_t *events;    /* oldest first */
	json_t *regions;
};

static void
case_view_clear(struct case_view *cv)
{
	json_decref(cv->full);
	json_decref(cv->events);
	json_decref(cv->regions);
	cv->full = cv->events = cv->regions = NULL;
}

static enum st_rc
case_view_tx(struct st_tx *tx, void *v)
{
	struct case_view *cv = v;
	case_view_clear(cv);
	enum st_rc rc = case_load(tx, cv->a, cv->who, cv->id, &cv->c);
	if (rc == ST_OK)
		rc = case_full_json(tx, cv->a, cv->who, &cv->c, cv->lang, &cv->full);
	if (rc != ST_OK)
		return rc;
	cv->events = json_array();
	int64_t after = 0;
	/* The whole history (newest first on the page), in bounded pages. */
	for (int n = 0; n < EVENTS_MAX_PAGES; n++) {
		json_t *items = NULL;
		int64_t next = 0;
		rc = case_events(tx, cv->a, cv->who, cv->id, after, EVENTS_PAGE, &items, &next);
		if (items != NULL)
			json_array_extend(cv->events, items);
		json_decref(items);
		if (rc != ST_OK || next == 0)
			break;
		after = next;
	}
	if (rc == ST_OK)
		rc = region_list(tx, &cv->regions);
	return rc;
}

static void
summary_row(struct html *h, int label, const char *value)
{
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(label), HS(value));
}

static void
write_summary(struct page *pg, struct case_view *cv)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	struct arena *a = &r->arena;
	const struct case_rec *c = &cv->c;
	H(h, "<dl class=\"pl-summary-list\">");
	summary_row(h, MSG_CASE_STATE, casefmt_state_label(c->program, c->state, pg->lang));
	const char *name = casefmt_name(a, c->given_name, c->family_name);
	HF(h, "<div><dt>{}</dt><dd>", HM(MSG_CASE_APPRENTICE));
	/* Staff go on to the person's record (each view of it is recorded). */
	if (RB(cv->who->role) & ROLES_STAFF)
		HF(h, "<a href=\"{}\">{}</a>", HS(web_urlf(r, "/persons/%" PRId64, c->person_id)),
		    HS(name));
	else
		HF(h, "{}", HS(name));
	if (c->client_no != NULL)
		HF(h, "<br>{}", HS(MSGF(a, pg->lang, MSG_CASE_CLIENT_NUMBER_OF, c->client_no)));
	H(h, "</dd></div>");
	if (c->org_id)
		summary_row(h, MSG_CASE_SPONSOR, pg->lang == LANG_FR ? c->org_name_fr : c->org_name_en);
	summary_row(h, MSG_CASE_TRADE, MSGF(a, pg->lang, MSG_CASE_TRADE_WITH_CODE,
	    casefmt_trade_name(c->trade_code, pg->lang), c->trade_code ? c->trade_code : ""));
	summary_row(h, MSG_CASE_START_DATE, fmt_date_text_long(a, pg->lang, c->start_date));
	summary_row(h, MSG_CASE_LANGUAGE, lang_name(pg->lang, c->lang));
	summary_row(h, MSG_CASE_REGION, region_name(cv->regions, c->region_id, pg->lang));
	if (c->ref_no != NULL)
		summary_row(h, MSG_CASE_REGISTRATION_NUMBER, c->ref_no);
	summary_row(h, MSG_CASE_OPENED, fmt_date_long(a, pg->lang, date_of_us_local(c->opened_us)));
	H(h, "</dl>");
}

static void
write_clocks(struct page *pg, struct case_view *cv)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	json_t *clocks = json_object_get(cv->full, "service_standards");
	HF(h, "<h2>{}</h2>", HM(MSG_CASE_STANDARDS_TITLE));
	if (json_array_size(clocks) == 0) {
		HF(h, "<p>{}</p>", HM(MSG_CASE_STANDARDS_NONE));
		return;
	}
	H(h, "<dl class=\"pl-summary-list\">");
	size_t i;
	json_t *k;
	json_array_foreach(clocks, i, k) {
		HF(h, "<div><dt>{}</dt><dd><p>", HS(jstr(k, "label")));
		casefmt_due_badge(h, a, pg->lang, k);
		HF(h, "</p><p>{}</p>", HS(MSGF(a, pg->lang, MSG_CASE_DUE_DATE,
		    fmt_date_text_long(a, pg->lang, jstr(k, "due_date")))));
		int64_t us;
		const char *stopped = jstr(k, "stopped_at");
		if (stopped != NULL && casefmt_time_us(stopped, &us) == 0)
			HF(h, "<p>{}</p>", HS(MSGF(a, pg->lang, MSG_CASE_CLOCK_STOPPED,
			    fmt_date_long(a, pg->lang, date_of_us_local(us)))));
		else if (json_is_true(json_object_get(k, "paused")))
			HF(h, "<p>{}</p>", HM(MSG_CASE_CLOCK_PAUSED));
		H(h, "</dd></div>");
	}
	H(h, "</dl>");
}

static void
write_actions(struct page *pg, struct case_view *cv)
{
	struct html *h = &pg->h;
	struct req *r = pg->r;
	json_t *steps = json_object_get(cv->full, "transitions");
	/* Hours are logged while training is under way (the domain's rule). */
	int hours = cv->who->role == ROLE_SPONSOR && strcmp(cv->c.state, "active") == 0;
	HF(h, "<h2>{}</h2>", HM(MSG_CASE_ACTIONS_TITLE));
	if (json_array_size(steps) == 0 && !hours) {
		HF(h, "<p>{}</p>", HM(MSG_CASE_ACTIONS_NONE));
		return;
	}
	H(h, "<div class=\"pl-actions\">");
	size_t i;
	json_t *t;
	json_array_foreach(steps, i, t) {
		HF(h, "<a class=\"ontario-button ontario-button--secondary\" href=\"{}\">{}</a>",
		    HS(web_urlf(r, "/cases/%" PRId64 "/actions/%s", cv->id,
		    url_encode(&r->arena, jstr(t, "id")))), HS(jstr(t, "label")));
	}
	if (hours)
		HF(h, "<a class=\"ontario-button ontario-button--secondary\" href=\"{}\">{}</a>",
		    HS(web_urlf(r, "/cases/%" PRId64 "/hours", cv->id)), HM(MSG_CASE_LOG_HOURS));
	H(h, "</div>");
}

/* "1 hour", "0 heure", "1,200 hours" (French keeps 0 and 1 singular). */
static const char *
hours_text(struct arena *a, enum lang lang, int64_t n)
{
	int one = n == 1 || (lang == LANG_FR && n == 0);
	return MSGF(a, lang, one ? MSG_CASE_HOURS_ONE : MSG_CASE_HOURS_N, fmt_int(a, lang, n));
}

static void
write_hours(struct page *pg, struct case_view *cv)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	json_t *hrs = json_object_get(cv->full, "hours");
	json_int_t approved = json_integer_value(json_object_get(hrs, "approved"));
	json_int_t pending = json_integer_value(json_object_get(hrs, "pending_approval"));
	json_t *req = json_object_get(json_object_get(cv->full, "trade"), "required_hours");
	/* Hours matter once the agreement is registered, or as soon as some are logged. */
	if (cv->c.ref_no == NULL && approved + pending == 0)
		return;
	HF(h, "<h2>{}</h2><dl class=\"pl-summary-list\">", HM(MSG_CASE_HOURS_TITLE));
	if (json_is_integer(req))
		summary_row(h, MSG_CASE_HOURS_REQUIRED, hours_text(a, pg->lang,
		    json_integer_value(req)));
	summary_row(h, MSG_CASE_HOURS_APPROVED, hours_text(a, pg->lang, approved));
	summary_row(h, MSG_CASE_HOURS_PENDING, hours_text(a, pg->lang, pending));
	H(h, "</dl>");
}

/* The label of a program field of transition t (the name when unknown). */
static const char *
field_label(const struct prog_transition *t, const char *name, enum lang lang)
{
	for (int i = 0; t && i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return i18n_pick(&t->fields[i].label, lang);
	return name;
}

static void
write_event(struct page *pg, struct case_view *cv, const struct program *p, json_t *ev)
{
	struct html *h = &pg->h;
	struct arena *a = &pg->r->arena;
	enum lang lang = pg->lang;
	const char *type = jstr(ev, "type");
	json_t *payload = json_object_get(ev, "payload");
	const struct prog_transition *t = NULL;
	const char *title;
	if (type == NULL)
		type = "";
	if (strcmp(type, "case.transition") == 0) {
		const char *tid = jstr(payload, "transition");
		t = p && tid ? program_transition(p, tid) : NULL;
		title = MSGF(a, lang, MSG_CASE_EVENT_STEP, t ? i18n_pick(&t->label, lang) :
		    (tid ? tid : ""));
	} else if (strcmp(type, "case.created") == 0) {
		title = msg_get(lang, MSG_CASE_EVENT_CREATED);
	} else if (strcmp(type, "hours.logged") == 0) {
		title = msg_get(lang, MSG_CASE_EVENT_HOURS_LOGGED);
	} else if (strcmp(type, "hours.approved") == 0) {
		title = msg_get(lang, MSG_CASE_EVENT_HOURS_APPROVED);
	} else if (strcmp(type, "hours.rejected") == 0) {
		title = msg_get(lang, MSG_CASE_EVENT_HOURS_REJECTED);
	} else {
		title = msg_get(lang, MSG_CASE_EVENT_OTHER);
	}
	HF(h, "<li><p class=\"pl-timeline__title\">{}</p>", HS(title));
	const char *at = jstr(ev, "at");
	int64_t us;
	if (at != NULL && casefmt_time_us(at, &us) == 0)
		HF(h, "<p class=\"pl-timeline__meta\"><time datetime=\"{}\">{}</time></p>", HS(at),
		    HS(fmt_datetime(a, lang, us)));
	json_t *actor = json_object_get(ev, "actor");
	json_t *uid = json_object_get(actor, "user_id");
	int mine = json_is_integer(uid) && json_integer_value(uid) == cv->who->user_id;
	HF(h, "<p class=\"pl-timeline__meta\">{}</p>", HS(casefmt_by(lang, jstr(actor, "role"),
	    mine)));
	const char *to = jstr(ev, "to_state");
	if (to != NULL && (t != NULL || strcmp(type, "case.created") == 0))
		HF(h, "<p>{}</p>", HS(MSGF(a, lang, t != NULL ? MSG_CASE_EVENT_STATE :
		    MSG_CASE_EVENT_FIRST_STATE, casefmt_state_label(cv->c.program, to, lang))));
	const char *regno = jstr(payload, "registration_number");
	if (regno != NULL)
		HF(h, "<p>{}</p>", HS(MSGF(a, lang, MSG_CASE_EVENT_REGNO, regno)));
	/* What was entered with the step (a note, a reason, who signed). */
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(payload, "fields"), k, v) {
		if (json_is_string(v))
			HF(h, "<p>{}</p>", HS(MSGF(a, lang, MSG_CASE_EVENT_FIELD, field_label(t, k, lang),
			    json_string_value(v))));
	}
	H(h, "</li>");
}

static void
write_history(struct page *pg, struct case_view *cv)
{
	struct html *h = &pg->h;
	const struct program *p = program_get(cv->c.program);
	HF(h, "<h2>{}</h2>", HM(MSG_CASE_HISTORY_TITLE));
	size_t n = json_array_size(cv->events);
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_CASE_HISTORY_NONE));
		return;
	}
	HF(h, "<p>{}</p><ol class=\"pl-timeline\">", HM(MSG_CASE_HISTORY_ORDER));
	for (size_t i = n; i-- > 0;)
		write_event(pg, cv, p, json_array_get(cv->events, i));
	H(h, "</ol>");
}

/* The step named by ?done= when the newest event is that step, taken by the caller (so the
 * notice never claims what did not happen). */
static const struct prog_transition *
done_step(struct req *r, struct case_view *cv)
{
	const char *done = req_query(r, "done");
	const struct program *p = program_get(cv->c.program);
	size_t n = json_array_size(cv->events);
	if (done == NULL || p == NULL || n == 0)
		return NULL;
	const struct prog_transition *t = program_transition(p, done);
	json_t *last = json_array_get(cv->events, n - 1);
	json_t *uid = json_object_get(json_object_get(last, "actor"), "user_id");
	const char *tid = jstr(json_object_get(last, "payload"), "transition");
	if (t == NULL || tid == NULL || strcmp(tid, t->id) != 0 || !json_is_integer(uid) ||
	    json_integer_value(uid) != cv->who->user_id)
		return NULL;
	return t;
}

static int
parse_id(struct req *r, int k, int64_t *id)
{
	return k < r->nargs && parse_i64(r->args[k], 1, INT64_MAX, id) == 0 ? 0 : -1;
}

int
p_case(struct req *r)
{
	struct case_view *cv = arena_calloc(&r->arena, 1, sizeof(*cv));
	cv->who = r->who;
	cv->a = &r->arena;
	cv->lang = r->lang;
	if (parse_id(r, 0, &cv->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return 0;
	}
	enum st_rc rc = st_read(r->store, case_view_tx, cv);
	if (rc != ST_OK) {
		case_view_clear(cv);
		web_reply_failure(r, rc);
		return 0;
	}
	struct arena *a = &r->arena;
	const char *title = MSGF(a, r->lang, MSG_CASE_TITLE,
	    casefmt_case_ref(a, r->lang, cv->c.ref_no, cv->id));
	const struct prog_transition *done = done_step(r, cv);
	struct page pg;
	page_begin_bare(&pg, r, title, NAV_NONE, NULL);
	struct html *h = &pg.h;
	if (done != NULL) {
		/* A success banner above the heading; role="status" announces it. */
		HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
		    "<div class=\"ontario-alert__header\"><h2 class=\"ontario-alert__header-title "
		    "ontario-h4\">{}</h2></div><div class=\"ontario-alert__body\"><p>{}</p></div></div>",
		    HS(MSGF(a, r->lang, MSG_CASE_DONE, i18n_pick(&done->label, r->lang))),
		    HS(MSGF(a, r->lang, MSG_CASE_DONE_STATE,
		    casefmt_state_label(cv->c.program, cv->c.state, r->lang))));
	}
	HF(h, "<h1>{}</h1>", HS(title));
	write_summary(&pg, cv);
	write_clocks(&pg, cv);
	write_actions(&pg, cv);
	write_hours(&pg, cv);
	write_history(&pg, cv);
	page_end(&pg);
	case_view_clear(cv);
	return 0;
}

/* ---- action pages ---- */

struct action_ctx {
	const struct principal *who;
	struct arena *a;
	enum lang lang;
	int64_t id;
	const char *tid;
	struct case_rec c;
	const struct program *p;
	const struct prog_transition *t;
	int allowed;
	struct transition_in tr;
	json_t *fields;     /* the checked values sent to the engine */
	json_t *out;
	struct dom_err err;
	struct form f;
};

/* Loads the case the caller may see and whether they may take the step now. */
static enum st_rc
action_load_tx(struct st_tx *tx, void *v)
{
	struct action_ctx *ac = v;
	enum st_rc rc = case_load(tx, ac->a, ac->who, ac->id, &ac->c);
	if (rc != ST_OK)
		return rc;
	ac->p = program_get(ac->c.program);
	ac->t = ac->p ? program_transition(ac->p, ac->tid) : NULL;
	ac->allowed = step_allowed(ac->p, ac->t, ac->c.state, ac->who);
	return ST_OK;
}

/* The element id of a program field: its name with "-" for "_". */
static const char *
field_id(struct arena *a, const char *name)
{
	char *id = arena_strdup(a, name);
	for (char *s = id; *s; s++)
		if (*s == '_')
			*s = '-';
	return id;
}

static const char *
part_name(struct arena *a, const char *name, const char *part)
{
	return arena_printf(a, "%s_%s", name, part);
}

static void
write_action_field(struct page *pg, const struct prog_field *pf, const struct form *f)
{
	struct arena *a = &pg->r->arena;
	enum lang lang = pg->lang;
	struct field fd = {
		.id = field_id(a, pf->name), .name = pf->name,
		.label_text = i18n_pick(&pf->label, lang), .optional = !pf->required,
	};
	switch (pf->type) {
	case PF_DATE:
		fd.hint = MSG_CASE_DATE_HINT;
		field_date(pg, &fd, f ? form_get(f, part_name(a, pf->name, "year")) : NULL,
		    f ? form_get(f, part_name(a, pf->name, "month")) : NULL,
		    f ? form_get(f, part_name(a, pf->name, "day")) : NULL);
		break;
	case PF_INTEGER:
		fd.value = f ? form_get(f, pf->name) : NULL;
		fd.inputmode = "numeric";
		fd.width = "10-char-width";
		fd.hint_text = MSGF(a, lang, MSG_CASE_INTEGER_HINT, fmt_int(a, lang, pf->min),
		    fmt_int(a, lang, pf->max));
		field_input(pg, &fd);
		break;
	default:
		fd.value = f ? form_get(f, pf->name) : NULL;
		fd.hint_text = MSGF(a, lang, MSG_CASE_LENGTH_HINT, fmt_int(a, lang, pf->max));
		if (pf->max > 200)
			field_textarea(pg, &fd);
		else
			field_input(pg, &fd);
		break;
	}
}

/* The action page: the step's name, what it does, and its form (unless the step is no longer
 * possible after a refusal). f carries the values and errors of a failed attempt. */
static void
render_action(struct req *r, struct action_ctx *ac, const struct form *f)
{
	struct arena *a = &r->arena;
	enum lang lang = r->lang;
	const struct prog_transition *t = ac->t;
	const char *title = i18n_pick(&t->label, lang);
	struct page pg;
	page_begin_bare(&pg, r, title, NAV_NONE, f);
	struct html *h = &pg.h;
	page_back_link(&pg, case_url(r, ac->id));
	HF(h, "<h1>{}</h1>", HS(title));
	H(h, "<dl class=\"pl-summary-list\">");
	summary_row(h, MSG_CASE_AGREEMENT, MSGF(a, lang, MSG_CASE_TITLE,
	    casefmt_case_ref(a, lang, ac->c.ref_no, ac->id)));
	summary_row(h, MSG_CASE_APPRENTICE, casefmt_name(a, ac->c.given_name, ac->c.family_name));
	summary_row(h, MSG_CASE_TRADE, casefmt_trade_name(ac->c.trade_code, lang));
	summary_row(h, MSG_CASE_STATE, casefmt_state_label(ac->c.program, ac->c.state, lang));
	H(h, "</dl>");
	if (!ac->allowed) {
		/* id "confirm": where a refusal in the error summary points. */
		HF(h, "<p id=\"confirm\">{}</p><p><a href=\"{}\">{}</a></p>", HM(MSG_CASE_STEP_GONE),
		    HS(case_url(r, ac->id)), HM(MSG_CASE_BACK_TO_CASE));
		page_end(&pg);
		return;
	}
	HF(h, "<p>{}</p>", HS(MSGF(a, lang, MSG_CASE_STEP_MOVES_TO,
	    i18n_pick(&ac->p->states[t->to].label, lang))));
	form_open(&pg, web_urlf(r, "/cases/%" PRId64 "/actions/%s", ac->id,
	    url_encode(a, t->id)));
	/* The version the caller saw: the engine refuses the step if the case changed since. */
	HF(h, "<input type=\"hidden\" name=\"version\" value=\"{}\">", HI(ac->c.version));
	for (int i = 0; i < t->nfields; i++)
		write_action_field(&pg, &t->fields[i], f);
	HF(h, "<button type=\"submit\" id=\"confirm\" class=\"ontario-button "
	    "ontario-button--primary\">{}</button>", HS(title));
	form_close(&pg);
	page_end(&pg);
}

/* Reads {id} and {action} and loads the case; answers the 404 page (and returns -1) when the
 * case is not the caller's to see or the step is not theirs to take now. */
static int
action_begin(struct req *r, struct action_ctx **out)
{
	struct action_ctx *ac = arena_calloc(&r->arena, 1, sizeof(*ac));
	ac->who = r->who;
	ac->a = &r->arena;
	ac->lang = r->lang;
	ac->tid = r->nargs > 1 ? r->args[1] : "";
	if (parse_id(r, 0, &ac->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return -1;
	}
	enum st_rc rc = st_read(r->store, action_load_tx, ac);
	if (rc == ST_OK && !ac->allowed)
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return -1;
	}
	*out = ac;
	return 0;
}

int
p_case_action_form(struct req *r)
{
	struct action_ctx *ac;
	if (action_begin(r, &ac) != 0)
		return 0;
	render_action(r, ac, NULL);
	return 0;
}

/* The specific wording for a required field, where the program's wording is known. */
static const char *
required_text(struct req *r, const struct prog_transition *t, const struct prog_field *pf)
{
	static const struct {
		const char *transition, *field;
		int msg;
	} known[] = {
		{ "sign_sponsor", "signatory", MSG_CASE_REQUIRED_SIGNATORY },
		{ "request_information", "reason", MSG_CASE_REQUIRED_WHAT_IS_NEEDED },
		{ "provide_information", "note", MSG_CASE_REQUIRED_INFORMATION },
		{ "refuse", "reason", MSG_CASE_REQUIRED_REASON },
		{ "suspend", "reason", MSG_CASE_REQUIRED_REASON },
		{ "cancel", "reason", MSG_CASE_REQUIRED_REASON },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].transition, t->id) == 0 && strcmp(known[i].field, pf->name) == 0)
			return msg_get(r->lang, known[i].msg);
	return MSGF(&r->arena, r->lang, MSG_CASE_FIELD_REQUIRED, i18n_pick(&pf->label, r->lang));
}

/* Checks one field as the engine will (required, length in characters, whole numbers, real
 * dates) and adds its value to ac->fields. */
static void
check_field(struct req *r, struct action_ctx *ac, struct form *f, const struct prog_field *pf)
{
	struct arena *a = &r->arena;
	enum lang lang = r->lang;
	const char *id = field_id(a, pf->name);
	const char *label = i18n_pick(&pf->label, lang);
	if (pf->type == PF_DATE) {
		const char *y = form_get(f, part_name(a, pf->name, "year"));
		const char *m = form_get(f, part_name(a, pf->name, "month"));
		const char *d = form_get(f, part_name(a, pf->name, "day"));
		int empty = (y == NULL || !*y) && (m == NULL || !*m) && (d == NULL || !*d);
		int partial = !empty && (y == NULL || !*y || m == NULL || !*m || d == NULL || !*d);
		if (empty) {
			if (pf->required)
				form_error(f, arena_printf(a, "%s-year", id), required_text(r, ac->t, pf));
			return;
		}
		size_t before = f->nerr;
		int32_t days;
		if (form_date_value(r, f, id, y, m, d, MSG_CASE_DATE_INCOMPLETE, MSG_CASE_DATE_INVALID,
		    &days) != 0) {
			/* The frame's messages, with this field's label in them. */
			if (f->nerr > before)
				f->err[f->nerr - 1].text = MSGF(a, lang, partial ?
				    MSG_CASE_DATE_INCOMPLETE : MSG_CASE_DATE_INVALID, label);
			return;
		}
		char iso[11];
		date_format(days, iso);
		json_object_set_new(ac->fields, pf->name, json_string(iso));
		return;
	}
	const char *v = form_get(f, pf->name);
	if (v == NULL || *v == '\0') {
		if (pf->required)
			form_error(f, id, required_text(r, ac->t, pf));
		return;
	}
	if (pf->type == PF_INTEGER) {
		int64_t n;
		if (parse_i64(v, pf->min, pf->max, &n) != 0)
			form_error(f, id, MSGF(a, lang, MSG_CASE_INTEGER_INVALID, label,
			    fmt_int(a, lang, pf->min), fmt_int(a, lang, pf->max)));
		else
			json_object_set_new(ac->fields, pf->name, json_integer(n));
		return;
	}
	int64_t len = (int64_t)text_utf8_len(v, strlen(v));
	if (len > pf->max)
		form_error(f, id, MSGF(a, lang, MSG_CASE_TOO_LONG, label, fmt_int(a, lang, pf->max)));
	else if (len < pf->min)
		form_error(f, id, MSGF(a, lang, MSG_CASE_TOO_SHORT, label, fmt_int(a, lang, pf->min)));
	else
		json_object_set_new(ac->fields, pf->name, json_string(v));
}

static enum st_rc
action_tx(struct st_tx *tx, void *v)
{
	struct action_ctx *ac = v;
	/* A re-run starts clean. */
	json_decref(ac->out);
	ac->out = NULL;
	json_decref(ac->err.extra);
	memset(&ac->err, 0, sizeof(ac->err));
	return engine_transition(tx, ac->a, ac->who, &ac->tr, ac->lang, &ac->out, &ac->err);
}

/* A refusal as an error on the page: a field's own problem at the field, anything else
 * (state, role, changed case, unmet condition) at the confirm button. */
static void
refusal_error(struct req *r, struct action_ctx *ac, struct form *f)
{
	struct arena *a = &r->arena;
	const struct dom_err *e = &ac->err;
	const char *field = e->field;
	if (field != NULL && strncmp(field, "fields.", 7) == 0 && ac->t != NULL) {
		for (int i = 0; i < ac->t->nfields; i++) {
			const struct prog_field *pf = &ac->t->fields[i];
			if (strcmp(pf->name, field + 7) != 0)
				continue;
			const char *id = field_id(a, pf->name);
			if (pf->type == PF_DATE)
				id = arena_printf(a, "%s-year", id);
			form_error(f, id, e->e == E_FIELD_REQUIRED ? required_text(r, ac->t, pf) :
			    err_message(e->e, r->lang));
			return;
		}
	}
	if (e->e == E_HOURS_INSUFFICIENT && e->extra != NULL &&
	    json_integer_value(json_object_get(e->extra, "required_hours")) > 0) {
		json_t *x = e->extra;
		form_error(f, "confirm", MSGF(a, r->lang, MSG_CASE_HOURS_SHORT,
		    fmt_int(a, r->lang, json_integer_value(json_object_get(x, "approved_hours"))),
		    fmt_int(a, r->lang, json_integer_value(json_object_get(x, "required_hours")))));
		return;
	}
	form_error(f, "confirm", err_message(e->e, r->lang));
}

static void
action_done(struct req *r, void *v, enum st_rc rc)
{
	struct action_ctx *ac = v;
	json_decref(ac->out);
	ac->out = NULL;
	json_decref(ac->fields);
	ac->fields = NULL;
	if (rc == ST_OK) {
		web_redirect(r, web_urlf(r, "/cases/%" PRId64 "?done=%s", ac->id,
		    url_encode(&r->arena, ac->tid)));
		return;
	}
	if (rc != ST_CONFLICT || ac->err.e == E_NONE) {
		json_decref(ac->err.extra);
		web_reply_failure(r, rc);
		return;
	}
	/* Show the refusal on the page, with the case as it is now. */
	refusal_error(r, ac, &ac->f);
	json_decref(ac->err.extra);
	ac->err.extra = NULL;
	enum st_rc lrc = st_read(r->store, action_load_tx, ac);
	if (lrc != ST_OK || ac->t == NULL) {
		web_reply_failure(r, lrc != ST_OK ? lrc : ST_NOTFOUND);
		return;
	}
	render_action(r, ac, &ac->f);
}

int
p_case_action(struct req *r)
{
	struct form f;
	if (web_post_form(r, &f) != 0)
		return 0;
	struct action_ctx *ac;
	if (action_begin(r, &ac) != 0)
		return 0;
	ac->fields = json_object();
	for (int i = 0; i < ac->t->nfields; i++)
		check_field(r, ac, &f, &ac->t->fields[i]);
	if (f.nerr > 0) {
		json_decref(ac->fields);
		ac->fields = NULL;
		render_action(r, ac, &f);
		return 0;
	}
	int64_t version = 0;
	const char *vs = form_get(&f, "version");
	if (vs == NULL || parse_i64(vs, 1, INT64_MAX, &version) != 0)
		version = 0;
	ac->f = f;
	ac->tr = (struct transition_in){ .case_id = ac->id, .transition = ac->t->id,
		.fields = ac->fields, .expect_version = version };
	return req_write(r, action_tx, ac, action_done);
}
