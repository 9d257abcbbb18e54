/* The candidate's exams (clients): "My exams" (the exams they may book with upcoming sessions,
 * the exams they may not book yet and why, their bookings with cancel, rebook and
 * accommodation requests, their released results), the booking, cancelling and rebooking
 * POSTs, the cancel confirmation page and the accommodation request form. Also the words the
 * exam administrators' pages share (p_exam_sessions.c). */
#include <inttypes.h>
#include <string.h>

#include "core/parse.h"
#include "core/timeutil.h"
#include "domain/exams.h"
#include "text/text.h"
#include "web/pages.h"

#define DETAILS_MAX 2000

/* ---- shared words ---- */

const char *
exam_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int64_t
exam_jint(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

const char *
exam_when_words(struct arena *a, enum lang lang, const char *starts_at)
{
	int32_t day;
	int minute;
	if (exam_start_parse(starts_at, &day, &minute) != 0)
		return starts_at ? starts_at : "";
	int64_t us = date_start_us_local(day) + (int64_t)minute * INT64_C(60000000);
	return MSGF(a, lang, MSG_EXAMS_WHEN, fmt_date_long(a, lang, day), fmt_time(a, lang, us));
}

int
exam_type_word(const char *type)
{
	return type && strcmp(type, "red_seal") == 0 ? MSG_EXAMS_TYPE_RED_SEAL : MSG_EXAMS_TYPE_CQ;
}

int
exam_lang_word(const char *code)
{
	return code && strcmp(code, "fr") == 0 ? MSG_EXAMS_LANG_FR : MSG_EXAMS_LANG_EN;
}

const char *
exam_named(json_t *o, enum lang lang)
{
	return exam_jstr(o, lang == LANG_FR ? "name_fr" : "name_en");
}

void
exam_json_free(void *v)
{
	json_decref(*(json_t **)v);
}

void
exam_notice(struct html *h, const char *text)
{
	HF(h, "<div class=\"ontario-alert ontario-alert--success\" role=\"status\">"
	    "<div class=\"ontario-alert__body\"><p>{}</p></div></div>", HS(text));
}

/* The words of a domain refusal in the page's language, with the reason the domain gives. */
const char *
exam_refusal_text(struct arena *a, enum lang lang, const struct dom_err *err)
{
	const char *base = err_message(err->e, lang);
	json_t *x = err->extra;
	if (err->e == E_EXAM_NOT_ELIGIBLE && x != NULL) {
		const char *why = exam_jstr(x, lang == LANG_FR ? "reason_message_fr" :
		    "reason_message_en");
		const char *from = json_string_value(json_object_get(x, "eligible_from"));
		const char *s = *why ? arena_printf(a, "%s %s", base, why) : base;
		if (from != NULL)
			s = arena_printf(a, "%s %s", s, MSGF(a, lang, MSG_EXAMS_ELIGIBLE_FROM,
			    fmt_date_text_long(a, lang, from)));
		return s;
	}
	if (err->e == E_EXAM_CANCEL_DEADLINE && x != NULL &&
	    json_string_value(json_object_get(x, "candidate_cancel_until")) != NULL)
		return arena_printf(a, "%s %s", base, MSGF(a, lang, MSG_EXAMS_LAST_DAY_WAS,
		    fmt_date_text_long(a, lang, exam_jstr(x, "candidate_cancel_until"))));
	return base;
}

/* ---- reading the candidate's exams ---- */

struct mine {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	json_t *elig, *bookings;
};

static enum st_rc
mine_tx(struct st_tx *tx, void *v)
{
	struct mine *m = v;
	json_decref(m->elig);
	json_decref(m->bookings);
	m->elig = m->bookings = NULL;
	enum st_rc rc = exam_my_eligibility(tx, m->who, m->lang, &m->elig);
	if (rc == ST_OK)
		rc = exam_my_bookings(tx, m->a, m->who, m->lang, &m->bookings);
	return rc;
}

static void
mine_free(void *v)
{
	struct mine *m = v;
	json_decref(m->elig);
	json_decref(m->bookings);
}

static struct mine *
mine_load(struct req *r, enum st_rc *rc)
{
	struct mine *m = arena_calloc(&r->arena, 1, sizeof(*m));
	m->a = &r->arena;
	m->who = r->who;
	m->lang = r->lang;
	arena_defer(&r->arena, mine_free, m);
	*rc = st_read(r->store, mine_tx, m);
	return m;
}

static bool
same_exam(json_t *x, const char *trade, const char *type)
{
	return strcmp(exam_jstr(json_object_get(x, "trade"), "code"), trade) == 0 &&
	    strcmp(exam_jstr(x, "exam_type"), type) == 0;
}

/* The candidate's live booking of an exam, or NULL. */
static json_t *
live_booking(json_t *bookings, const char *trade, const char *type)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(bookings, "items"), i, b)
		if (strcmp(exam_jstr(b, "status"), "booked") == 0 && same_exam(b, trade, type))
			return b;
	return NULL;
}

static const char *
exam_title(struct arena *a, enum lang lang, json_t *x)
{
	return MSGF(a, lang, MSG_EXAMS_EXAM_NAME, exam_named(json_object_get(x, "trade"), lang),
	    msg_get(lang, exam_type_word(exam_jstr(x, "exam_type"))));
}

static int
acc_kind_word(const char *kind)
{
	if (strcmp(kind, "extra_time") == 0)
		return MSG_EXAMS_ACC_EXTRA_TIME;
	if (strcmp(kind, "separate_room") == 0)
		return MSG_EXAMS_ACC_SEPARATE_ROOM;
	if (strcmp(kind, "reader") == 0)
		return MSG_EXAMS_ACC_READER;
	return MSG_EXAMS_ACC_OTHER;
}

int
exam_acc_status_word(const char *status)
{
	if (strcmp(status, "approved") == 0)
		return MSG_EXAMS_ACC_STATUS_APPROVED;
	if (strcmp(status, "refused") == 0)
		return MSG_EXAMS_ACC_STATUS_REFUSED;
	return MSG_EXAMS_ACC_STATUS_REQUESTED;
}

void
exam_acc_badge(struct html *h, const char *status)
{
	const char *cls = strcmp(status, "approved") == 0 ? "ok" :
	    strcmp(status, "refused") == 0 ? "breached" : "soon";
	HF(h, "<span class=\"pl-status pl-status--{}\">{}</span>", HS(cls),
	    HM(exam_acc_status_word(status)));
}

/* ---- the page ---- */

/* The upcoming sessions of one exam the candidate may book, in a table with a Book button. */
static void
sessions_table(struct page *p, json_t *sessions, json_t *exam)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	const char *trade = exam_jstr(json_object_get(exam, "trade"), "code");
	const char *type = exam_jstr(exam, "exam_type");
	const char *title = exam_title(a, p->lang, exam);
	size_t i, n = 0;
	json_t *s;
	json_array_foreach(sessions, i, s)
		if (same_exam(s, trade, type))
			n++;
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_NO_SESSION));
		return;
	}
	/* The exam's name is the heading just above: said again to screen readers only. */
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}"
	    "<span class=\"ontario-show-for-sr\"> – {}</span></caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th><th scope=\"col\">{}</th>"
	    "</tr></thead><tbody>", HS(MSGF(a, p->lang, MSG_EXAMS_SESSIONS_CAPTION, title)),
	    HM(MSG_EXAMS_UPCOMING_TITLE), HS(title), HM(MSG_EXAMS_COL_WHEN),
	    HM(MSG_EXAMS_COL_CENTRE), HM(MSG_EXAMS_COL_LANG), HM(MSG_EXAMS_COL_SEATS_LEFT),
	    HM(MSG_EXAMS_COL_BOOK));
	json_array_foreach(sessions, i, s) {
		if (!same_exam(s, trade, type))
			continue;
		json_t *pt = json_object_get(s, "point");
		int64_t sid = exam_jint(s, "id"), left = exam_jint(s, "seats_left");
		const char *when = exam_when_words(a, p->lang, exam_jstr(s, "starts_at"));
		HF(h, "<tr id=\"session-{}\" tabindex=\"-1\"><th scope=\"row\">{}</th><td><a href=\"{}\">{}</a></td>"
		    "<td>{}</td><td class=\"ontario-table-cell--numeric\">{}</td><td>", HI(sid), HS(when),
		    HS(web_urlf(r, "/points/%" PRId64, exam_jint(pt, "id"))), HS(exam_named(pt, p->lang)),
		    HM(exam_lang_word(exam_jstr(s, "lang"))), HS(fmt_int(a, p->lang, left)));
		/* A refusal of this session's booking is also said next to it. */
		const char *bid = arena_printf(a, "book-%" PRId64, sid);
		const char *err = form_error_text(p->form, bid);
		if (err == NULL)
			err = form_error_text(p->form, arena_printf(a, "session-%" PRId64, sid));
		if (err != NULL)
			HF(h, "<div class=\"ontario-error-messaging\" id=\"{}-error\"><span "
			    "class=\"ontario-error-messaging__content\"><span class=\"ontario-show-for-sr\">{}"
			    "</span> {}</span></div>", HS(bid), HM(MSG_FRAME_ERROR_PREFIX), HS(err));
		if (left <= 0) {
			HF(h, "<span class=\"pl-status pl-status--breached\">{}</span></td></tr>",
			    HM(MSG_EXAMS_FULL));
			continue;
		}
		form_open(p, web_url(r, "/my-exams/book"));
		HF(h, "<input type=\"hidden\" name=\"session_id\" value=\"{}\">"
		    "<button type=\"submit\" id=\"{}\" class=\"ontario-button ontario-button--secondary\"",
		    HI(sid), HS(bid));
		if (err != NULL)
			HF(h, " aria-describedby=\"{}-error\"", HS(bid));
		HF(h, ">{}<span class=\"ontario-show-for-sr\"> {}</span></button>", HM(MSG_EXAMS_BOOK),
		    HS(MSGF(a, p->lang, MSG_EXAMS_BOOK_SR, title, when)));
		form_close(p);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div></div>");
}

static void
eligible_section(struct page *p, struct mine *m)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	json_t *exams = json_object_get(m->elig, "exams"), *sessions = json_object_get(m->elig, "sessions");
	size_t i, nyes = 0, nno = 0;
	json_t *x;
	json_array_foreach(exams, i, x) {
		if (json_is_true(json_object_get(x, "eligible")))
			nyes++;
		else
			nno++;
	}
	HF(h, "<h2 id=\"exams-can-book\" tabindex=\"-1\">{}</h2>", HM(MSG_EXAMS_CAN_BOOK_TITLE));
	if (nyes == 0)
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_CAN_BOOK_NONE));
	json_array_foreach(exams, i, x) {
		if (!json_is_true(json_object_get(x, "eligible")))
			continue;
		HF(h, "<h3>{}</h3>", HS(exam_title(a, p->lang, x)));
		json_t *b = live_booking(m->bookings, exam_jstr(json_object_get(x, "trade"), "code"),
		    exam_jstr(x, "exam_type"));
		if (b != NULL) {
			HF(h, "<p>{} <a href=\"#booking-{}\">{}</a></p>", HS(MSGF(a, p->lang,
			    MSG_EXAMS_ALREADY_BOOKED_FOR, exam_when_words(a, p->lang,
			    exam_jstr(json_object_get(b, "session"), "starts_at")))), HI(exam_jint(b, "id")),
			    HM(MSG_EXAMS_SEE_BOOKING));
			continue;
		}
		sessions_table(p, sessions, x);
	}
	if (nno == 0)
		return;
	HF(h, "<h2>{}</h2><ul class=\"ontario-list\">", HM(MSG_EXAMS_CANNOT_BOOK_TITLE));
	json_array_foreach(exams, i, x) {
		if (json_is_true(json_object_get(x, "eligible")))
			continue;
		const char *s = MSGF(a, p->lang, MSG_EXAMS_NOT_ELIGIBLE_LINE, exam_title(a, p->lang, x),
		    exam_jstr(x, "reason_message"));
		const char *from = json_string_value(json_object_get(x, "eligible_from"));
		if (from != NULL)
			s = arena_printf(a, "%s %s", s, MSGF(a, p->lang, MSG_EXAMS_ELIGIBLE_FROM,
			    fmt_date_text_long(a, p->lang, from)));
		HF(h, "<li>{}</li>", HS(s));
	}
	H(h, "</ul>");
}

/* The other sessions of the same exam a live booking may move to. */
static struct option *
rebook_options(struct page *p, struct mine *m, json_t *b, size_t *n)
{
	struct arena *a = &p->r->arena;
	json_t *sessions = json_object_get(m->elig, "sessions");
	struct option *o = arena_calloc(a, json_array_size(sessions) + 1, sizeof(*o));
	o[0] = (struct option){ "", msg_get(p->lang, MSG_EXAMS_REBOOK_CHOOSE) };
	*n = 1;
	const char *trade = exam_jstr(json_object_get(b, "trade"), "code"), *type = exam_jstr(b, "exam_type");
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) {
		if (!same_exam(s, trade, type) || exam_jint(s, "id") == exam_jint(b, "session_id") ||
		    exam_jint(s, "seats_left") <= 0)
			continue;
		o[(*n)++] = (struct option){ arena_printf(a, "%" PRId64, exam_jint(s, "id")),
			MSGF(a, p->lang, MSG_EXAMS_REBOOK_OPTION, exam_when_words(a, p->lang,
			exam_jstr(s, "starts_at")), exam_named(json_object_get(s, "point"), p->lang)) };
	}
	return o;
}

static void
booking_card(struct page *p, struct mine *m, json_t *b, const struct form *f)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	int64_t id = exam_jint(b, "id");
	json_t *s = json_object_get(b, "session"), *pt = json_object_get(s, "point");
	const char *status = exam_jstr(b, "status");
	const char *title = exam_title(a, p->lang, b);
	const char *when = exam_when_words(a, p->lang, exam_jstr(s, "starts_at"));
	HF(h, "<section class=\"pl-card\" id=\"booking-{}\" aria-labelledby=\"booking-{}-title\">"
	    "<h3 id=\"booking-{}-title\">{}</h3><dl class=\"pl-summary-list\">", HI(id), HI(id), HI(id),
	    HS(title));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_WHEN), HS(when));
	HF(h, "<div><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></div>", HM(MSG_EXAMS_COL_CENTRE),
	    HS(web_urlf(r, "/points/%" PRId64, exam_jint(pt, "id"))), HS(exam_named(pt, p->lang)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_LANG),
	    HM(exam_lang_word(exam_jstr(s, "lang"))));
	int live = strcmp(status, "booked") == 0;
	HF(h, "<div><dt>{}</dt><dd><span class=\"pl-status pl-status--{}\">{}</span></dd></div>",
	    HM(MSG_EXAMS_COL_STATUS), HS(live ? "ok" : "soon"),
	    HM(live ? MSG_EXAMS_BOOKING_BOOKED : MSG_EXAMS_BOOKING_AWAITING));
	const char *until = json_string_value(json_object_get(b, "candidate_cancel_until"));
	int32_t last = 0, today = date_of_us_local(time_now_us());
	int may_change = live && until != NULL && date_parse(until, &last) == 0 && today <= last;
	if (live && until != NULL)
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_LAST_DAY_TO_CANCEL),
		    HS(fmt_date_text_long(a, p->lang, until)));
	json_t *accs = json_object_get(b, "accommodations");
	size_t i;
	json_t *ac;
	json_array_foreach(accs, i, ac) {
		HF(h, "<div><dt>{}</dt><dd>{} ", HM(MSG_EXAMS_ACCOMMODATION),
		    HM(acc_kind_word(exam_jstr(ac, "kind"))));
		exam_acc_badge(h, exam_jstr(ac, "status"));
		if (strcmp(exam_jstr(ac, "status"), "refused") == 0 && *exam_jstr(ac, "reason"))
			HF(h, " {}", HS(MSGF(a, p->lang, MSG_EXAMS_ACC_REASON, exam_jstr(ac, "reason"))));
		H(h, "</dd></div>");
	}
	H(h, "</dl>");
	if (!live) {
		HF(h, "<p>{}</p></section>", HM(MSG_EXAMS_AWAITING_TEXT));
		return;
	}
	if (!may_change)
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_DEADLINE_PASSED));
	const char *sr = MSGF(a, p->lang, MSG_EXAMS_BOOKING_SR, title, when);
	H(h, "<ul class=\"ontario-list\">");
	if (may_change)
		HF(h, "<li><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></li>",
		    HS(web_urlf(r, "/my-exams/bookings/%" PRId64 "/cancel", id)), HM(MSG_EXAMS_CANCEL_LINK),
		    HS(sr));
	HF(h, "<li><a href=\"{}\">{}<span class=\"ontario-show-for-sr\"> {}</span></a></li></ul>",
	    HS(web_urlf(r, "/my-exams/bookings/%" PRId64 "/accommodation", id)),
	    HM(MSG_EXAMS_ACC_LINK), HS(sr));
	size_t n = 0;
	struct option *opts = may_change ? rebook_options(p, m, b, &n) : NULL;
	const char *fid = arena_printf(a, "rebook-%" PRId64, id);
	const char *err = form_error_text(f, fid);
	if (n <= 1 && err != NULL)
		/* No session to move to any more: the refusal still has a place to be read. */
		HF(h, "<p class=\"ontario-error-messaging\" id=\"{}\" tabindex=\"-1\">{}</p>", HS(fid),
		    HS(err));
	if (n > 1) {
		form_open(p, web_urlf(r, "/my-exams/bookings/%" PRId64 "/rebook", id));
		field_select(p, &(struct field){ .id = fid, .name = "session_id",
		    .label = MSG_EXAMS_REBOOK_LABEL, .hint = MSG_EXAMS_REBOOK_HINT,
		    .value = f ? form_get(f, "session_id") : NULL }, opts, n);
		HF(h, "<button type=\"submit\" class=\"ontario-button ontario-button--secondary\">{}"
		    "<span class=\"ontario-show-for-sr\"> {}</span></button>", HM(MSG_EXAMS_REBOOK),
		    HS(sr));
		form_close(p);
	}
	H(h, "</section>");
}

static void
bookings_section(struct page *p, struct mine *m, const struct form *f)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	json_t *items = json_object_get(m->bookings, "items");
	HF(h, "<h2 id=\"exams-bookings\" tabindex=\"-1\">{}</h2>", HM(MSG_EXAMS_BOOKINGS_TITLE));
	size_t i, n = 0, ncancelled = 0;
	json_t *b;
	json_array_foreach(items, i, b) {
		const char *st = exam_jstr(b, "status");
		int pending = (strcmp(st, "sat") == 0 || strcmp(st, "absent") == 0) &&
		    !json_is_true(json_object_get(b, "result_released"));
		if (strcmp(st, "booked") == 0 || pending) {
			booking_card(p, m, b, f);
			n++;
		} else if (strcmp(st, "cancelled") == 0 &&
		    strcmp(exam_jstr(json_object_get(b, "session"), "status"), "cancelled") == 0) {
			ncancelled++;
		}
	}
	if (n == 0)
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_BOOKINGS_NONE));
	if (ncancelled == 0)
		return;
	/* Sessions the exam administration cancelled: the candidate is told why. */
	HF(h, "<h3>{}</h3><ul class=\"ontario-list\">", HM(MSG_EXAMS_SESSION_CANCELLED_TITLE));
	json_array_foreach(items, i, b) {
		if (strcmp(exam_jstr(b, "status"), "cancelled") != 0 ||
		    strcmp(exam_jstr(json_object_get(b, "session"), "status"), "cancelled") != 0)
			continue;
		const char *s = MSGF(a, p->lang, MSG_EXAMS_SESSION_CANCELLED_LINE, exam_title(a, p->lang, b),
		    exam_when_words(a, p->lang, exam_jstr(json_object_get(b, "session"), "starts_at")));
		if (*exam_jstr(b, "cancel_reason"))
			s = arena_printf(a, "%s %s", s, MSGF(a, p->lang, MSG_EXAMS_ACC_REASON,
			    exam_jstr(b, "cancel_reason")));
		HF(h, "<li>{}</li>", HS(s));
	}
	H(h, "</ul>");
}

/* The next step after a released result: the certificate, or when a retake may be booked. */
static const char *
result_next(struct page *p, struct mine *m, json_t *b, int passed)
{
	struct arena *a = &p->r->arena;
	if (passed)
		return NULL;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(m->elig, "exams"), i, x) {
		if (!same_exam(x, exam_jstr(json_object_get(b, "trade"), "code"), exam_jstr(b, "exam_type")))
			continue;
		if (json_is_true(json_object_get(x, "eligible")))
			return msg_get(p->lang, MSG_EXAMS_RETAKE_NOW);
		const char *from = json_string_value(json_object_get(x, "eligible_from"));
		if (from != NULL)
			return MSGF(a, p->lang, MSG_EXAMS_RETAKE_FROM, fmt_date_text_long(a, p->lang, from));
		return exam_jstr(x, "reason_message");
	}
	return "";
}

static void
results_section(struct page *p, struct mine *m)
{
	struct html *h = &p->h;
	struct req *r = p->r;
	struct arena *a = &r->arena;
	json_t *items = json_object_get(m->bookings, "items");
	HF(h, "<h2>{}</h2>", HM(MSG_EXAMS_RESULTS_TITLE));
	size_t i, n = 0;
	json_t *b;
	json_array_foreach(items, i, b)
		if (json_is_true(json_object_get(b, "result_released")) && json_is_object(json_object_get(b, "result")))
			n++;
	if (n == 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_RESULTS_NONE));
		return;
	}
	const char *caption = msg_get(p->lang, MSG_EXAMS_RESULTS_CAPTION);
	HF(h, "<div class=\"ontario-table-container\"><div class=\"ontario-table-div\" role=\"region\" "
	    "aria-label=\"{}\" tabindex=\"0\"><table class=\"ontario-table\"><caption>{}</caption>"
	    "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th>"
	    "<th scope=\"col\" class=\"ontario-table-cell--numeric\">{}</th><th scope=\"col\">{}</th>"
	    "<th scope=\"col\">{}</th></tr></thead><tbody>", HS(caption), HS(caption),
	    HM(MSG_EXAMS_COL_EXAM), HM(MSG_EXAMS_COL_SITTING), HM(MSG_EXAMS_COL_SCORE),
	    HM(MSG_EXAMS_COL_PASS_MARK), HM(MSG_EXAMS_COL_RESULT), HM(MSG_EXAMS_COL_NEXT));
	json_array_foreach(items, i, b) {
		json_t *res = json_object_get(b, "result");
		if (!json_is_true(json_object_get(b, "result_released")) || !json_is_object(res))
			continue;
		int passed = json_is_true(json_object_get(res, "passed"));
		const char *starts = exam_jstr(json_object_get(b, "session"), "starts_at");
		int32_t day = 0;
		int minute = 0;
		const char *sitting = exam_start_parse(starts, &day, &minute) == 0 ?
		    fmt_date_long(a, p->lang, day) : starts;
		HF(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"ontario-table-cell--numeric\">{}</td>"
		    "<td class=\"ontario-table-cell--numeric\">{}</td><td><span class=\"pl-status pl-status--{}\">{}"
		    "</span></td><td>", HS(exam_title(a, p->lang, b)), HS(sitting),
		    HS(MSGF(a, p->lang, MSG_EXAMS_PCT, fmt_int(a, p->lang, exam_jint(res, "score_pct")))),
		    HS(MSGF(a, p->lang, MSG_EXAMS_PCT, fmt_int(a, p->lang, exam_jint(res, "pass_mark_pct")))),
		    HS(passed ? "ok" : "breached"), HM(passed ? MSG_EXAMS_PASSED : MSG_EXAMS_FAILED));
		if (passed)
			HF(h, "<a href=\"{}\">{}</a>", HS(web_url(r, "/my-certificates")),
			    HM(MSG_EXAMS_SEE_CERTIFICATE));
		else
			HF(h, "{}", HS(result_next(p, m, b, passed)));
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div></div>");
}

/* A booking refusal links to the session's Book button; when the page has no such button
 * (the session is full now, or not offered to this candidate) to its row or the section. */
static void
anchor_errors(struct req *r, struct mine *m, struct form *f)
{
	json_t *sessions = json_object_get(m->elig, "sessions");
	for (size_t k = 0; f != NULL && k < f->nerr; k++) {
		int64_t sid;
		if (strncmp(f->err[k].field, "book-", 5) != 0 ||
		    parse_i64(f->err[k].field + 5, 1, INT64_MAX, &sid) != 0)
			continue;
		const char *to = "exams-can-book";
		size_t i;
		json_t *s;
		json_array_foreach(sessions, i, s) {
			if (exam_jint(s, "id") != sid)
				continue;
			int booked = live_booking(m->bookings, exam_jstr(json_object_get(s, "trade"), "code"),
			    exam_jstr(s, "exam_type")) != NULL;
			if (booked)
				to = "exams-bookings";
			else if (exam_jint(s, "seats_left") <= 0)
				to = arena_printf(&r->arena, "session-%" PRId64, sid);
			else
				to = f->err[k].field;
		}
		f->err[k].field = to;
	}
}

static int
my_exams_render(struct req *r, struct form *f)
{
	enum st_rc rc;
	struct mine *m = mine_load(r, &rc);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return 0;
	}
	anchor_errors(r, m, f);
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_MINE_TITLE), NAV_MY_EXAMS,
	    f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	const char *done = req_query(r, "done");
	if (done != NULL && (f == NULL || f->nerr == 0)) {
		int id = strcmp(done, "booked") == 0 ? MSG_EXAMS_DONE_BOOKED :
		    strcmp(done, "cancelled") == 0 ? MSG_EXAMS_DONE_CANCELLED :
		    strcmp(done, "rebooked") == 0 ? MSG_EXAMS_DONE_REBOOKED :
		    strcmp(done, "accommodation") == 0 ? MSG_EXAMS_DONE_ACCOMMODATION : 0;
		if (id)
			exam_notice(h, msg_get(r->lang, id));
	}
	HF(h, "<p>{}</p>", HM(MSG_EXAMS_MINE_INTRO));
	eligible_section(&p, m);
	bookings_section(&p, m, f);
	results_section(&p, m);
	page_end(&p);
	return 0;
}

int
p_my_exams(struct req *r)
{
	return my_exams_render(r, NULL);
}

/* ---- the candidate's changes: book, cancel, rebook, accommodation ---- */

enum my_what { MY_BOOK, MY_CANCEL, MY_REBOOK, MY_ACCOMMODATION };

struct my_op {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	enum my_what what;
	int64_t id, session_id;
	int kind;
	const char *details;
	const char *field;        /* the id the error summary links to */
	json_t *out;
	struct dom_err err;
	struct form *f;
};

static enum st_rc
my_op_tx(struct st_tx *tx, void *v)
{
	struct my_op *o = v;
	json_decref(o->out);
	o->out = NULL;
	json_decref(o->err.extra);
	memset(&o->err, 0, sizeof(o->err));
	switch (o->what) {
	case MY_BOOK:
		return exam_book(tx, o->a, o->who, o->session_id, 0, o->lang, &o->out, &o->err);
	case MY_CANCEL:
		return exam_booking_cancel(tx, o->a, o->who, o->id, NULL, o->lang, &o->out, &o->err);
	case MY_REBOOK:
		return exam_rebook(tx, o->a, o->who, o->id, o->session_id, o->lang, &o->out, &o->err);
	default:
		return exam_accommodation_request(tx, o->a, o->who, o->id, o->kind, o->details, &o->out,
		    &o->err);
	}
}

static void
my_op_free(void *v)
{
	struct my_op *o = v;
	json_decref(o->out);
	json_decref(o->err.extra);
}

static struct my_op *
my_op_new(struct req *r, enum my_what what, struct form *f, int with_id)
{
	struct my_op *o = arena_calloc(&r->arena, 1, sizeof(*o));
	o->a = &r->arena;
	o->who = r->who;
	o->lang = r->lang;
	o->what = what;
	o->f = f;
	arena_defer(&r->arena, my_op_free, o);
	if (with_id && parse_i64(r->args[0], 1, INT64_MAX, &o->id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return NULL;
	}
	return o;
}

static int cancel_render(struct req *r, int64_t id, struct form *f);
static int accommodation_render(struct req *r, int64_t id, struct form *f);

static void
my_op_done(struct req *r, void *v, enum st_rc rc)
{
	struct my_op *o = v;
	if (rc == ST_CONFLICT || (rc == ST_NOTFOUND && o->what == MY_BOOK)) {
		const char *text = rc == ST_NOTFOUND ? err_message(E_REFERENCE, r->lang) :
		    o->err.e == E_FIELD_ENUM ? msg_get(r->lang, MSG_EXAMS_ERR_SAME_EXAM) :
		    exam_refusal_text(&r->arena, r->lang, &o->err);
		form_error(o->f, o->field, text);
		if (o->what == MY_CANCEL)
			cancel_render(r, o->id, o->f);
		else if (o->what == MY_ACCOMMODATION)
			accommodation_render(r, o->id, o->f);
		else
			my_exams_render(r, o->f);
		return;
	}
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return;
	}
	static const char *const done[] = { "booked", "cancelled", "rebooked", "accommodation" };
	web_redirect(r, web_urlf(r, "/my-exams?done=%s", done[o->what]));
}

int
p_my_exams_book(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct my_op *o = my_op_new(r, MY_BOOK, f, 0);
	if (parse_i64(form_get(f, "session_id"), 1, INT64_MAX, &o->session_id) != 0) {
		/* Only a forged form lacks the session: the page again, with the reason. */
		form_error(f, "main-content", msg_get(r->lang, MSG_EXAMS_ERR_SESSION));
		return my_exams_render(r, f);
	}
	o->field = arena_printf(&r->arena, "book-%" PRId64, o->session_id);
	return req_write(r, my_op_tx, o, my_op_done);
}

int
p_my_exam_rebook(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct my_op *o = my_op_new(r, MY_REBOOK, f, 1);
	if (o == NULL)
		return 0;
	o->field = arena_printf(&r->arena, "rebook-%" PRId64, o->id);
	if (parse_i64(form_get(f, "session_id"), 1, INT64_MAX, &o->session_id) != 0) {
		form_error(f, o->field, msg_get(r->lang, MSG_EXAMS_ERR_REBOOK_CHOOSE));
		return my_exams_render(r, f);
	}
	return req_write(r, my_op_tx, o, my_op_done);
}

/* ---- one booking: the cancel confirmation and the accommodation form ---- */

struct one_view {
	struct arena *a;
	const struct principal *who;
	enum lang lang;
	int64_t id;
	json_t *out;
};

static enum st_rc
one_tx(struct st_tx *tx, void *v)
{
	struct one_view *ov = v;
	json_decref(ov->out);
	ov->out = NULL;
	return exam_booking_get(tx, ov->a, ov->who, ov->id, ov->lang, &ov->out);
}

/* The booking in the caller's scope (404 page otherwise: NULL). */
static json_t *
one_load(struct req *r, int64_t id)
{
	struct one_view *ov = arena_calloc(&r->arena, 1, sizeof(*ov));
	ov->a = &r->arena;
	ov->who = r->who;
	ov->lang = r->lang;
	ov->id = id;
	arena_defer(&r->arena, exam_json_free, &ov->out);
	enum st_rc rc = st_read(r->store, one_tx, ov);
	if (rc != ST_OK) {
		web_reply_failure(r, rc);
		return NULL;
	}
	return ov->out;
}

static void
booking_summary(struct page *p, json_t *b)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	json_t *s = json_object_get(b, "session");
	H(h, "<dl class=\"pl-summary-list\">");
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_EXAM), HS(exam_title(a, p->lang, b)));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_WHEN),
	    HS(exam_when_words(a, p->lang, exam_jstr(s, "starts_at"))));
	HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_COL_CENTRE),
	    HS(exam_named(json_object_get(s, "point"), p->lang)));
	const char *until = json_string_value(json_object_get(b, "candidate_cancel_until"));
	if (until != NULL && strcmp(exam_jstr(b, "status"), "booked") == 0)
		HF(h, "<div><dt>{}</dt><dd>{}</dd></div>", HM(MSG_EXAMS_LAST_DAY_TO_CANCEL),
		    HS(fmt_date_text_long(a, p->lang, until)));
	H(h, "</dl>");
}

static int
id_arg(struct req *r, int64_t *id)
{
	if (parse_i64(r->args[0], 1, INT64_MAX, id) != 0) {
		web_reply_failure(r, ST_NOTFOUND);
		return -1;
	}
	return 0;
}

static int
cancel_render(struct req *r, int64_t id, struct form *f)
{
	json_t *b = one_load(r, id);
	if (b == NULL)
		return 0;
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_CANCEL_TITLE), NAV_MY_EXAMS, f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	page_back_link(&p, web_url(r, "/my-exams"));
	booking_summary(&p, b);
	if (strcmp(exam_jstr(b, "status"), "booked") != 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_CANCEL_NOT_LIVE));
		page_end(&p);
		return 0;
	}
	HF(h, "<p>{}</p>", HM(MSG_EXAMS_CANCEL_TEXT));
	form_open(&p, web_urlf(r, "/my-exams/bookings/%" PRId64 "/cancel", id));
	HF(h, "<div class=\"pl-actions\"><button type=\"submit\" id=\"confirm\" "
	    "class=\"ontario-button ontario-button--primary\">{}</button><a href=\"{}\">{}</a></div>",
	    HM(MSG_EXAMS_CANCEL_CONFIRM), HS(web_url(r, "/my-exams")), HM(MSG_EXAMS_CANCEL_KEEP));
	form_close(&p);
	page_end(&p);
	return 0;
}

int
p_my_exam_cancel_form(struct req *r)
{
	int64_t id;
	if (id_arg(r, &id) != 0)
		return 0;
	return cancel_render(r, id, NULL);
}

int
p_my_exam_cancel(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct my_op *o = my_op_new(r, MY_CANCEL, f, 1);
	if (o == NULL)
		return 0;
	o->field = "confirm";
	return req_write(r, my_op_tx, o, my_op_done);
}

static int
accommodation_render(struct req *r, int64_t id, struct form *f)
{
	json_t *b = one_load(r, id);
	if (b == NULL)
		return 0;
	struct page p;
	page_begin(&p, r, msg_get(r->lang, MSG_EXAMS_ACC_TITLE), NAV_MY_EXAMS, f && f->nerr ? f : NULL);
	struct html *h = &p.h;
	page_back_link(&p, web_url(r, "/my-exams"));
	booking_summary(&p, b);
	if (strcmp(exam_jstr(b, "status"), "booked") != 0) {
		HF(h, "<p>{}</p>", HM(MSG_EXAMS_CANCEL_NOT_LIVE));
		page_end(&p);
		return 0;
	}
	HF(h, "<p>{}</p>", HM(MSG_EXAMS_ACC_INTRO));
	form_open(&p, web_urlf(r, "/my-exams/bookings/%" PRId64 "/accommodation", id));
	struct option kinds[4];
	for (size_t i = 0; i < 4; i++)
		kinds[i] = (struct option){ exam_accommodation_kinds[i],
			msg_get(r->lang, acc_kind_word(exam_accommodation_kinds[i])) };
	field_radios(&p, &(struct field){ .id = "kind", .name = "kind", .label = MSG_EXAMS_ACC_KIND,
	    .hint = MSG_EXAMS_ACC_KIND_HINT, .value = f ? form_get(f, "kind") : NULL }, kinds, 4);
	field_textarea(&p, &(struct field){ .id = "details", .name = "details",
	    .label = MSG_EXAMS_ACC_DETAILS, .hint = MSG_EXAMS_ACC_DETAILS_HINT,
	    .value = f ? form_get(f, "details") : NULL });
	form_button(&p, MSG_EXAMS_ACC_SEND);
	form_close(&p);
	page_end(&p);
	return 0;
}

int
p_my_exam_accommodation_form(struct req *r)
{
	int64_t id;
	if (id_arg(r, &id) != 0)
		return 0;
	return accommodation_render(r, id, NULL);
}

int
p_my_exam_accommodation(struct req *r)
{
	struct form *f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (web_post_form(r, f) != 0)
		return 0;
	struct my_op *o = my_op_new(r, MY_ACCOMMODATION, f, 1);
	if (o == NULL)
		return 0;
	o->field = "kind-1";
	const char *kind = form_get(f, "kind"), *details = form_get(f, "details");
	o->kind = exam_list_index(exam_accommodation_kinds, kind);
	if (o->kind < 0)
		form_error(f, "kind-1", msg_get(r->lang, MSG_EXAMS_ERR_ACC_KIND));
	if (form_empty(details)) {
		if (o->kind == 3)
			form_error(f, "details", msg_get(r->lang, MSG_EXAMS_ERR_ACC_DETAILS));
	} else if (text_utf8_len(details, strlen(details)) > DETAILS_MAX) {
		form_error(f, "details", msg_get(r->lang, MSG_EXAMS_ERR_ACC_DETAILS_LONG));
	}
	if (f->nerr)
		return accommodation_render(r, o->id, f);
	o->details = form_empty(details) ? NULL : details;
	return req_write(r, my_op_tx, o, my_op_done);
}
