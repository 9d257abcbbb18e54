/* A catchment's milestones (managers, administrators): the planned and actual dates of its
 * four milestones on one page, saved together by network_milestones_set — the domain checks
 * them as a whole (a milestone cannot be planned or happen before an earlier one, an actual
 * date cannot be in the future) and audits the change; its refusal is shown on the milestone
 * at fault. Linked from the rollout timeline for those roles only. */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/network.h"
#include "web/pages.h"

static const int ms_label[] = { MSG_NETWORK_MS_SELECTION_ANNOUNCED,
	MSG_NETWORK_MS_TRANSITION_START, MSG_NETWORK_MS_TRANSITION_END,
	MSG_NETWORK_MS_INTEGRATED_LIVE };
static const int phase_label[] = { MSG_NETWORK_PHASE_PROTOTYPE, MSG_NETWORK_PHASE_PHASE1,
	MSG_NETWORK_PHASE_PHASE2, MSG_NETWORK_PHASE_LATER };

struct ms_view {
	int64_t id;
	json_t *c;                       /* network_catchment_get */
};

static enum st_rc
ms_tx(struct st_tx *tx, void *v)
{
	struct ms_view *mv = v;
	json_decref(mv->c);
	mv->c = NULL;
	return network_catchment_get(tx, mv->id, &mv->c);
}

static void
view_free(void *v)
{
	json_decref(((struct ms_view *)v)->c);
}

static struct ms_view *
ms_load(struct req *r)
{
	struct ms_view *mv = arena_calloc(&r->arena, 1, sizeof(*mv));
	if (r->nargs < 1 || parse_i64(r->args[0], 1, INT64_MAX, &mv->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return NULL;
	}
	arena_defer(&r->arena, view_free, mv);
	enum st_rc rc = st_read(r->store, ms_tx, mv);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return NULL;
	}
	return mv;
}

static const char *
name_of(struct req *r, json_t *c)
{
	const char *s = json_string_value(json_object_get(c, r->lang == LANG_FR ? "name_fr" :
	    "name_en"));
	return s ? s : "";
}

/* The field id of a milestone's date: "transition_start-planned". */
static const char *
date_id(struct req *r, int k, int actual)
{
	return arena_printf(&r->arena, "%s-%s", milestone_kinds[k], actual ? "actual" : "planned");
}

/* The stored date's parts, or the values sent. */
static void
date_parts(struct req *r, json_t *c, const struct form *f, int k, int actual, const char **y,
    const char **m, const char **d)
{
	const char *id = date_id(r, k, actual);
	if (f) {
		*y = form_get(f, arena_printf(&r->arena, "%s_year", id));
		*m = form_get(f, arena_printf(&r->arena, "%s_month", id));
		*d = form_get(f, arena_printf(&r->arena, "%s_day", id));
		return;
	}
	*y = *m = *d = NULL;
	json_t *ms = json_object_get(json_object_get(c, "milestones"), milestone_kinds[k]);
	const char *iso = json_string_value(json_object_get(ms, actual ? "actual_date" :
	    "planned_date"));
	int32_t day;
	if (iso == NULL || date_parse(iso, &day) != 0)
		return;
	int yy, mm, dd;
	date_to_ymd(day, &yy, &mm, &dd);
	*y = arena_printf(&r->arena, "%d", yy);
	*m = arena_printf(&r->arena, "%d", mm);
	*d = arena_printf(&r->arena, "%d", dd);
}

static void
ms_render(struct req *r, struct ms_view *mv, const struct form *f, int saved)
{
	struct page pg;
	struct arena *a = &r->arena;
	const char *name = name_of(r, mv->c);
	page_begin(&pg, r, MSGF(a, r->lang, MSG_MANAGE_MS_TITLE, name), NAV_NONE, f);
	struct html *h = &pg.h;
	HF(h, "<p><a href=\"{}\">{}</a></p>", HS(web_url(r, "/rollout")), HM(MSG_MANAGE_MS_BACK));
	if (saved)
		HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
		    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>", HM(MSG_MANAGE_MS_SAVED));
	const char *phase = json_string_value(json_object_get(mv->c, "phase"));
	for (int k = 0; phase && catchment_phases[k]; k++)
		if (strcmp(phase, catchment_phases[k]) == 0)
			HF(h, "<p>{}</p>", HS(MSGF(a, r->lang, MSG_MANAGE_MS_PHASE,
			    msg_get(r->lang, phase_label[k]))));
	HF(h, "<p>{}</p>", HM(MSG_MANAGE_MS_INTRO));
	form_open(&pg, web_urlf(r, "/rollout/%" PRId64 "/edit", mv->id));
	for (int k = 0; k < MS__COUNT; k++) {
		HF(h, "<h2>{}</h2>", HM(ms_label[k]));
		for (int actual = 0; actual < 2; actual++) {
			const char *y, *m, *d;
			date_parts(r, mv->c, f, k, actual, &y, &m, &d);
			const char *id = date_id(r, k, actual);
			struct field fd = { .id = id, .name = id,
				.label_text = MSGF(a, r->lang, actual ? MSG_MANAGE_MS_ACTUAL :
				    MSG_MANAGE_MS_PLANNED, msg_get(r->lang, ms_label[k])),
				.hint = actual ? MSG_MANAGE_MS_ACTUAL_HINT : k == MS_TRANSITION_END ?
				    MSG_MANAGE_MS_END_HINT : MSG_MANAGE_MS_PLANNED_HINT,
				.optional = true };
			field_date(&pg, &fd, y, m, d);
		}
	}
	form_button(&pg, MSG_MANAGE_MS_SAVE);
	form_close(&pg);
	page_end(&pg);
}

int
p_milestones_form(struct req *r)
{
	struct ms_view *mv = ms_load(r);
	if (mv == NULL)
		return 0;
	ms_render(r, mv, NULL, req_query(r, "saved") != NULL);
	return 0;
}

struct ms_post {
	struct form f;
	struct ms_view *mv;
	const struct principal *who;
	struct milestone_in in[MS__COUNT];
	json_t *out;
	struct dom_err err;
};

static enum st_rc
save_tx(struct st_tx *tx, void *v)
{
	struct ms_post *c = v;
	json_decref(c->err.extra);
	memset(&c->err, 0, sizeof(c->err));
	json_decref(c->out);
	c->out = NULL;
	return network_milestones_set(tx, c->who, c->mv->id, c->in, MS__COUNT, &c->out, &c->err);
}

static void
post_free(void *v)
{
	json_decref(((struct ms_post *)v)->out);
}

static void
save_reply(struct req *r, void *v, enum st_rc rc)
{
	struct ms_post *c = v;
	if (rc == ST_OK) {
		web_redirect(r, web_urlf(r, "/rollout/%" PRId64 "/edit?saved=1", c->mv->id));
		return;
	}
	if (rc == ST_CONFLICT && c->err.e == E_MILESTONE_DATES && c->err.field) {
		/* "KIND.planned_date" / "KIND.actual_date": the milestone at fault, in words. */
		int kind = -1, actual = strstr(c->err.field, ".actual_date") != NULL;
		for (int k = 0; k < MS__COUNT; k++)
			if (strncmp(c->err.field, milestone_kinds[k], strlen(milestone_kinds[k])) == 0 &&
			    c->err.field[strlen(milestone_kinds[k])] == '.')
				kind = k;
		if (kind >= 0) {
			int msg = MSG_MANAGE_MS_ERR_PLANNED_ORDER;
			if (actual)
				msg = c->in[kind].has_actual &&
				    c->in[kind].actual > date_of_us_local(time_now_us()) ?
				    MSG_MANAGE_MS_ERR_FUTURE : MSG_MANAGE_MS_ERR_ACTUAL_ORDER;
			form_error(&c->f, arena_printf(&r->arena, "%s-year", date_id(r, kind, actual)),
			    MSGF(&r->arena, r->lang, msg, msg_get(r->lang, ms_label[kind])));
			ms_render(r, c->mv, &c->f, 0);
			return;
		}
	}
	if (rc == ST_CONFLICT && c->err.e != E_NONE) {
		form_error(&c->f, "selection_announced-planned-year", err_message(c->err.e, r->lang));
		ms_render(r, c->mv, &c->f, 0);
		return;
	}
	web_reply_failure(r, rc);
}

int
p_milestones_save(struct req *r)
{
	struct ms_post *c = arena_calloc(&r->arena, 1, sizeof(*c));
	if (web_post_form(r, &c->f) != 0)
		return 0;
	if ((c->mv = ms_load(r)) == NULL)
		return 0;
	arena_defer(&r->arena, post_free, c);
	c->who = r->who;
	struct form *f = &c->f;
	for (int k = 0; k < MS__COUNT; k++) {
		c->in[k].region_id = c->mv->id;
		c->in[k].kind = k;
		for (int actual = 0; actual < 2; actual++) {
			const char *id = date_id(r, k, actual);
			const char *y = form_get(f, arena_printf(&r->arena, "%s_year", id));
			const char *m = form_get(f, arena_printf(&r->arena, "%s_month", id));
			const char *d = form_get(f, arena_printf(&r->arena, "%s_day", id));
			if (form_empty(y) && form_empty(m) && form_empty(d))
				continue;
			int32_t day;
			const char *label = msg_get(r->lang, ms_label[k]);
			int before = (int)f->nerr;
			/* The catalogue messages name the milestone: filled in after the check. */
			if (form_date_value(r, f, id, y, m, d, MSG_MANAGE_MS_ERR_INVALID,
			    MSG_MANAGE_MS_ERR_INVALID, &day) != 0) {
				if ((int)f->nerr > before)
					f->err[f->nerr - 1].text = MSGF(&r->arena, r->lang, actual ?
					    MSG_MANAGE_MS_ERR_ACTUAL_INVALID : MSG_MANAGE_MS_ERR_PLANNED_INVALID,
					    label);
				continue;
			}
			if (actual) {
				c->in[k].actual = day;
				c->in[k].has_actual = 1;
			} else {
				c->in[k].planned = day;
				c->in[k].has_planned = 1;
			}
		}
	}
	if (f->nerr) {
		ms_render(r, c->mv, f, 0);
		return 0;
	}
	return req_write(r, save_tx, c, save_reply);
}
