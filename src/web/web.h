/* web: the server-rendered pages (English at /en/..., French at /fr/...).
 *
 * A page handler is an http_handler on a ROUTE_PAGE route (web/routes.c). It:
 *   1. reads (st_read) or writes (req_write, then web_write_done) through the domain layer;
 *   2. renders with page_begin() -> markup through the html writer (html.h: H/HF only, every
 *      text from the message catalogue, msg/{en,fr}/AREA.txt) -> page_end();
 *   or answers with web_redirect() (POST-redirect-GET).
 * Forms (form.c) are plain POSTs with a CSRF token and server-side validation; a failed POST
 * re-renders the same page with the error summary, inline messages and the values kept.
 * See docs/web.md for the conventions every page follows. */
#ifndef PASSERELLE_WEB_H
#define PASSERELLE_WEB_H
#include <stdbool.h>
#include <stdint.h>

#include "html/html.h"
#include "http/http.h"
#include "i18n/fmt.h"
#include "i18n/msg.h"

/* Set once by serve before the server starts. */
struct web_settings {
	const char *agency_en, *agency_fr;   /* the agency's name in each language */
	int64_t session_ttl_s;
	unsigned char csrf_key[32];          /* derived from the field key */
};
extern struct web_settings web_settings;
/* Fills web_settings (csrf_key from key material of any length). */
void web_configure(const char *agency_en, const char *agency_fr, int64_t session_ttl_s,
    const unsigned char *key, size_t key_len);

/* ---- forms (form.c) ---- */
#define FORM_MAX_FIELDS 64
#define FORM_MAX_ERRORS 16

struct form_error {
	const char *field;     /* the id of the input to link to */
	const char *text;      /* the message (plain text) */
};

struct form {
	size_t n;
	const char *name[FORM_MAX_FIELDS];
	const char *value[FORM_MAX_FIELDS];
	const char *raw[FORM_MAX_FIELDS];      /* the same, not trimmed (passwords) */
	size_t nerr;
	struct form_error err[FORM_MAX_ERRORS];
};

/* Parses an application/x-www-form-urlencoded body or query string (values percent-decoded,
 * '+' as space, NFC, surrounding blanks trimmed). -1 when malformed (bad escape, invalid UTF-8,
 * control characters other than newline/tab, too many fields). */
int form_parse(struct form *f, struct arena *a, const char *s, size_t len);
/* The value of a field, or NULL when absent. */
const char *form_get(const struct form *f, const char *name);
/* The value exactly as sent (NFC, not trimmed): passwords may begin or end with spaces. */
const char *form_get_raw(const struct form *f, const char *name);
/* Adds an error for field id with a catalogue message. */
void form_error(struct form *f, const char *field_id, const char *text);
bool form_has_error(const struct form *f, const char *field_id);
const char *form_error_text(const struct form *f, const char *field_id);

/* 1 when an answer is absent or empty (form values are already trimmed). */
bool form_empty(const char *s);

/* ---- words (words.c) ---- */
/* The message id of a role in words ("Apprenticeship advisor"). */
int web_role_label(enum role role);
/* An email address as accounts store it: ASCII letters in lower case (arena). */
const char *web_email_lower(struct arena *a, const char *s);

/* ---- the page (page.c) ---- */
/* Navigation entries (nav_current of page_begin). */
enum web_nav {
	NAV_NONE = 0, NAV_HOME, NAV_TRADES, NAV_SIGN_IN, NAV_CREATE_ACCOUNT,
	NAV_MY_FILES, NAV_NEW_AGREEMENT,
	NAV_APPRENTICES, NAV_TO_SIGN,
	NAV_QUEUE, NAV_PERSONS,
	NAV_USERS, NAV_ACCOUNT,
	NAV_LOCATOR, NAV_CONTACT_NEW, NAV_CONTACT_CENTRE, NAV_SEGMENTS,
	NAV_MY_EXAMS, NAV_MY_CERTIFICATES, NAV_EXAM_SESSIONS, NAV_CERTIFICATES, NAV_REGISTER,
	NAV_EXAM_REPORTS
};

struct page {
	struct req *r;
	struct html h;
	enum lang lang;
	const struct form *form;     /* errors shown by page_begin (may be NULL) */
	unsigned status;             /* 200 unless set before page_end */
	const char *display_name;    /* the signed-in user's name (loaded by page_begin) */
};

/* Starts the document: head (title "Title – Agency", prefixed "Error: " when form has
 * errors), skip link, header with identity and language link, signed-in user and session
 * controls, navigation for the caller's role, <main>, the error summary (when form has
 * errors) and the <h1> with title. form may be NULL. */
void page_begin(struct page *p, struct req *r, const char *title, enum web_nav nav,
    const struct form *form);
/* The same without the <h1>: for a page that puts something above its heading (a back link
 * and "Step 2 of 4") or whose heading is a question's legend or a panel title. The page
 * then writes exactly one <h1> itself, with the same text as title. */
void page_begin_bare(struct page *p, struct req *r, const char *title, enum web_nav nav,
    const struct form *form);
/* Closes main, writes the footer and the session time-out dialog, and queues the reply. */
void page_end(struct page *p);

/* "/en" + path (path starts with '/'; "" gives the home page "/en"). In r->arena. */
const char *web_url(struct req *r, const char *path);
/* The same, with printf formatting (segments already encoded with url_encode). */
const char *web_urlf(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The current page in the other language (path and query kept). */
const char *web_other_lang_url(struct req *r);

/* The language of a visitor at an address without one ("/", "/v/…"): the remembered choice
 * (cookie plang), else the browser's Accept-Language. Callers add Vary. */
enum lang web_visitor_lang(struct req *r);
/* 303 See Other to a same-site path (already including the language prefix). */
void web_redirect(struct req *r, const char *location);
/* A small page with a heading and one paragraph (used for errors and notices). */
void web_message_page(struct req *r, unsigned status, int title_id, int body_id);
/* Redirect target from a "next" value: a same-site path under /en or /fr, else fallback. */
const char *web_safe_next(const char *next, const char *fallback);
/* The page for a domain refusal of a read (404 for not found, 503 busy, 500 otherwise). */
void web_reply_failure(struct req *r, enum st_rc rc);

/* ---- CSRF (csrf.c) ---- */
/* The token forms carry in their "csrf" field: a keyed hash of the session cookie, or of an
 * anonymous "pcsrf" cookie (set on the reply when missing) for signed-out forms. */
const char *csrf_token(struct req *r);
/* 1 when the form's "csrf" value matches (constant-time). */
int csrf_ok(struct req *r, const struct form *f);
/* Parses the POST body and checks its CSRF token: 0 ok; otherwise the 403 page is recorded
 * and -1 returned (the handler returns 0). */
int web_post_form(struct req *r, struct form *f);

/* ---- form fields (fields.c): ODS markup with labels, hints, errors and values ---- */
struct field {
	const char *id;            /* element id, also the error-summary anchor */
	const char *name;          /* form field name */
	int label;                 /* message id */
	int hint;                  /* message id or 0 */
	const char *value;         /* current value (kept after an error) */
	const char *autocomplete;  /* e.g. "given-name", NULL none */
	const char *type;          /* "text" (default), "email", "password", "tel" */
	const char *inputmode;     /* e.g. "numeric" */
	const char *width;         /* ODS width class suffix, e.g. "10-char-width"; NULL full */
	bool optional;             /* adds "(optional)" */
	bool label_is_heading;     /* the page's single question: label styled as the heading */
	const char *label_text;    /* plain-text label (data already in the page's language, e.g.
	                            * a program's field label), used when label is 0 */
	const char *hint_text;     /* plain-text hint, used when hint is 0 */
};
void form_open(struct page *p, const char *action);   /* <form method=post novalidate> + csrf */
void form_close(struct page *p);
void field_input(struct page *p, const struct field *f);
void field_textarea(struct page *p, const struct field *f);
/* Year / Month / Day inputs in a fieldset; values are the three parts; ids id-year etc. */
void field_date(struct page *p, const struct field *f, const char *y, const char *m,
    const char *d);
struct option {
	const char *value;
	const char *label;         /* plain text (already in the page's language) */
};
void field_radios(struct page *p, const struct field *f, const struct option *opts, size_t n);
void field_select(struct page *p, const struct field *f, const struct option *opts, size_t n);
/* <button class="ontario-button ontario-button--primary"> */
void form_button(struct page *p, int label_id);
/* A "Back" link (a real link). */
void page_back_link(struct page *p, const char *href);

/* Reads a Year/Month/Day date (month as a number or an English/French name). Returns 0 and
 * *days, or adds the right error ("Enter ..." / "... must be a real date") and returns -1. */
int form_date_value(struct req *r, struct form *f, const char *id, const char *y,
    const char *m, const char *d, int required_msg, int invalid_msg, int32_t *days);

#endif
