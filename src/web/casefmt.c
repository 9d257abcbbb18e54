/* casefmt: state labels, trade names, roles in words and due-date badges for the pages that
 * show cases (see casefmt.h for the due-date rule). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/program.h"
#include "domain/roles.h"
#include "domain/trades.h"
#include "web/casefmt.h"

const char *
casefmt_state_label(const char *program, const char *state, enum lang lang)
{
	const struct program *p = program ? program_get(program) : NULL;
	int si = p && state ? program_state_index(p, state) : -1;
	if (si < 0)
		return state ? state : "";
	return i18n_pick(&p->states[si].label, lang);
}

const char *
casefmt_trade_name(const char *code, enum lang lang)
{
	if (code == NULL)
		return "";
	const struct trade *t = trades_find(code);
	if (t == NULL)
		return code;
	return lang == LANG_FR ? t->name_fr : t->name_en;
}

const char *
casefmt_case_ref(struct arena *a, enum lang lang, const char *ref_no, int64_t id)
{
	if (ref_no != NULL && ref_no[0] != '\0')
		return arena_strdup(a, ref_no);
	/* A file number is an identifier, written without digit grouping. */
	return MSGF(a, lang, MSG_CASE_NUMBER, arena_printf(a, "%" PRId64, id));
}

const char *
casefmt_by(enum lang lang, const char *role, int is_caller)
{
	static const int by_role[ROLE__COUNT] = {
		[ROLE_CLIENT] = MSG_CASE_BY_CLIENT, [ROLE_SPONSOR] = MSG_CASE_BY_SPONSOR,
		[ROLE_ADVISOR] = MSG_CASE_BY_ADVISOR, [ROLE_ASSESSOR] = MSG_CASE_BY_ASSESSOR,
		[ROLE_EXAM_ADMIN] = MSG_CASE_BY_EXAM_ADMIN, [ROLE_MANAGER] = MSG_CASE_BY_MANAGER,
		[ROLE_PARTNER] = MSG_CASE_BY_PARTNER, [ROLE_ADMIN] = MSG_CASE_BY_ADMINISTRATOR,
		[ROLE_AUDITOR] = MSG_CASE_BY_AUDITOR,
	};
	enum role r;
	if (is_caller)
		return msg_get(lang, MSG_CASE_BY_YOU);
	if (role == NULL || role_parse(role, &r) != 0)
		return msg_get(lang, MSG_CASE_BY_SYSTEM);
	return msg_get(lang, by_role[r]);
}

const char *
casefmt_name(struct arena *a, const char *given, const char *family)
{
	return arena_printf(a, "%s %s", given ? given : "", family ? family : "");
}

int
casefmt_time_us(const char *s, int64_t *us)
{
	int y, mo, d, h, mi, se, n = 0;
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 ||
	    n == 0 || s[n] != '\0' || !date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60)
		return -1;
	*us = ((int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000000;
	return 0;
}

static int
json_flag(const json_t *o, const char *k)
{
	return json_is_true(json_object_get(o, k));
}

enum casefmt_due
casefmt_due_of(const json_t *clock)
{
	json_t *met = json_object_get(clock, "met");
	if (json_is_boolean(met))
		return json_is_true(met) ? CASEFMT_DUE_MET : CASEFMT_DUE_MISSED;
	if (json_flag(clock, "paused"))
		return CASEFMT_DUE_PAUSED;
	if (json_flag(clock, "breached"))
		return CASEFMT_DUE_BREACHED;
	json_t *left = json_object_get(clock, "business_days_left");
	if (json_is_integer(left) && json_integer_value(left) <= CASEFMT_SOON_DAYS)
		return CASEFMT_DUE_SOON;
	return CASEFMT_DUE_OK;
}

static const char *
badge_class(enum casefmt_due s)
{
	switch (s) {
	case CASEFMT_DUE_BREACHED:
	case CASEFMT_DUE_MISSED:
		return "pl-status pl-status--breached";
	case CASEFMT_DUE_SOON:
		return "pl-status pl-status--soon";
	case CASEFMT_DUE_OK:
	case CASEFMT_DUE_MET:
		return "pl-status pl-status--ok";
	default:
		return "pl-status";
	}
}

/* "1 business day" / "3 business days" and their French forms. */
static const char *
days_text(struct arena *a, enum lang lang, int64_t n, int one_id, int many_id)
{
	return n == 1 ? msg_get(lang, one_id) : MSGF(a, lang, many_id, fmt_int(a, lang, n));
}

void
casefmt_due_badge(struct html *h, struct arena *a, enum lang lang, const json_t *clock)
{
	enum casefmt_due s = casefmt_due_of(clock);
	const char *due = json_string_value(json_object_get(clock, "due_date"));
	json_t *left = json_object_get(clock, "business_days_left");
	int64_t n = json_is_integer(left) ? json_integer_value(left) : 0;
	const char *text;
	switch (s) {
	case CASEFMT_DUE_MET:
		text = msg_get(lang, MSG_CASE_DUE_MET);
		break;
	case CASEFMT_DUE_MISSED:
		text = msg_get(lang, MSG_CASE_DUE_MISSED);
		break;
	case CASEFMT_DUE_PAUSED:
		text = msg_get(lang, MSG_CASE_DUE_PAUSED);
		break;
	case CASEFMT_DUE_BREACHED:
		/* Past the due date but no business day yet (a weekend): say since when. */
		text = n < 0 ? days_text(a, lang, -n, MSG_CASE_OVERDUE_ONE, MSG_CASE_OVERDUE_MANY) :
		    MSGF(a, lang, MSG_CASE_OVERDUE_SINCE, fmt_date_text_long(a, lang, due));
		break;
	default:
		if (!json_is_integer(left))
			text = MSGF(a, lang, MSG_CASE_DUE_ON, fmt_date_text_long(a, lang, due));
		else if (n <= 0)
			text = msg_get(lang, MSG_CASE_DUE_TODAY);
		else
			text = days_text(a, lang, n, MSG_CASE_DUE_IN_ONE, MSG_CASE_DUE_IN_MANY);
		break;
	}
	HF(h, "<span class=\"{}\">{}</span>", HS(badge_class(s)), HS(text));
}

void
casefmt_due_badge_short(struct html *h, const json_t *clock)
{
	enum casefmt_due s = casefmt_due_of(clock);
	int id = s == CASEFMT_DUE_BREACHED || s == CASEFMT_DUE_MISSED ? MSG_QUEUE_BADGE_OVERDUE :
	    s == CASEFMT_DUE_SOON ? MSG_QUEUE_BADGE_SOON :
	    s == CASEFMT_DUE_PAUSED ? MSG_QUEUE_BADGE_PAUSED : MSG_QUEUE_BADGE_ON_TIME;
	HF(h, "<span class=\"{}\">{}</span>", HS(badge_class(s)), HM(id));
}

struct trade_opt {
	const char *key;
	struct option opt;
};

static int
trade_opt_cmp(const void *x, const void *y)
{
	const struct trade_opt *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c != 0 ? c : strcmp(a->opt.value, b->opt.value);
}

struct option *
casefmt_trade_options(struct arena *a, enum lang lang, const char *first_label, size_t *n)
{
	size_t nt = 0;
	const struct trade *t = trades_all(&nt);
	struct trade_opt *to = arena_calloc(a, nt ? nt : 1, sizeof(*to));
	for (size_t i = 0; i < nt; i++) {
		const char *name = lang == LANG_FR ? t[i].name_fr : t[i].name_en;
		to[i].key = lang == LANG_FR ? t[i].key_fr : t[i].key_en;
		to[i].opt.value = t[i].code;
		to[i].opt.label = arena_printf(a, "%s (%s)", name, t[i].code);
	}
	qsort(to, nt, sizeof(*to), trade_opt_cmp);
	struct option *o = arena_calloc(a, nt + 1, sizeof(*o));
	o[0] = (struct option){ "", first_label };
	for (size_t i = 0; i < nt; i++)
		o[i + 1] = to[i].opt;
	*n = nt + 1;
	return o;
}
