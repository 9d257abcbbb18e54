/* fields: form controls in Ontario Design System markup, each with its visible label, hint
 * and inline error tied to the input (aria-describedby, aria-invalid), and its value kept. */
#include <string.h>

#include "web/web.h"

void
form_open(struct page *p, const char *action)
{
	/* novalidate: the server validates and reports errors the accessible way. */
	HF(&p->h, "<form method=\"post\" action=\"{}\" novalidate>"
	    "<input type=\"hidden\" name=\"csrf\" value=\"{}\">", HS(action), HS(csrf_token(p->r)));
}

void
form_close(struct page *p)
{
	H(&p->h, "</form>");
}

void
form_button(struct page *p, int label_id)
{
	HF(&p->h, "<button type=\"submit\" class=\"ontario-button ontario-button--primary\">{}"
	    "</button>", HM(label_id));
}

void
page_back_link(struct page *p, const char *href)
{
	HF(&p->h, "<p class=\"pl-back\"><a href=\"{}\">{}</a></p>", HS(href), HM(MSG_FRAME_BACK));
}

/* A field's label and hint: a catalogue message, else plain text given by the page. */
static struct hv
label_of(const struct field *f)
{
	return f->label ? HM(f->label) : HS(f->label_text);
}

static int
has_hint(const struct field *f)
{
	return f->hint != 0 || (f->hint_text != NULL && f->hint_text[0] != '\0');
}

/* The ids an input's aria-describedby lists: its hint and its error. */
static const char *
described_by(struct page *p, const struct field *f, const char *err)
{
	struct arena *a = &p->r->arena;
	if (has_hint(f) && err)
		return arena_printf(a, "%s-hint %s-error", f->id, f->id);
	if (has_hint(f))
		return arena_printf(a, "%s-hint", f->id);
	if (err)
		return arena_printf(a, "%s-error", f->id);
	return NULL;
}

static void
label_flag(struct page *p, const struct field *f)
{
	if (f->optional)
		HF(&p->h, " <span class=\"ontario-label__flag\">{}</span>", HM(MSG_FRAME_OPTIONAL));
}

static void
hint_and_error(struct page *p, const struct field *f, const char *err)
{
	if (has_hint(f))
		HF(&p->h, "<p class=\"ontario-hint\" id=\"{}-hint\">{}</p>", HS(f->id),
		    f->hint ? HM(f->hint) : HS(f->hint_text));
	if (err)
		HF(&p->h, "<div class=\"ontario-error-messaging\" id=\"{}-error\">"
		    "<span class=\"ontario-error-messaging__content\"><span class=\"ontario-show-for-sr\">"
		    "{}</span> {}</span></div>", HS(f->id), HM(MSG_FRAME_ERROR_PREFIX), HS(err));
}

static void
open_group(struct page *p, const struct field *f)
{
	struct html *h = &p->h;
	H(h, "<div class=\"ontario-form-group\">");
	if (f->label_is_heading)
		HF(h, "<label class=\"ontario-label ontario-label--heading\" for=\"{}\">{}", HS(f->id),
		    label_of(f));
	else
		HF(h, "<label class=\"ontario-label\" for=\"{}\">{}", HS(f->id), label_of(f));
	label_flag(p, f);
	H(h, "</label>");
}

/* The attributes shared by inputs and textareas. */
static void
common_attrs(struct page *p, const struct field *f, const char *err)
{
	struct html *h = &p->h;
	HF(h, " id=\"{}\" name=\"{}\"", HS(f->id), HS(f->name));
	const char *db = described_by(p, f, err);
	if (db)
		HF(h, " aria-describedby=\"{}\"", HS(db));
	if (err)
		H(h, " aria-invalid=\"true\"");
	if (f->autocomplete)
		HF(h, " autocomplete=\"{}\"", HS(f->autocomplete));
	if (f->inputmode)
		HF(h, " inputmode=\"{}\"", HS(f->inputmode));
}

void
field_input(struct page *p, const struct field *f)
{
	struct html *h = &p->h;
	const char *err = form_error_text(p->form, f->id);
	open_group(p, f);
	hint_and_error(p, f, err);
	HF(h, "<input class=\"ontario-input{}{}{}\" type=\"{}\"",
	    HS(f->width ? " ontario-input--" : ""), HS(f->width ? f->width : ""),
	    HS(err ? " ontario-input__error" : ""), HS(f->type ? f->type : "text"));
	common_attrs(p, f, err);
	/* A password is never sent back to the browser. */
	if (f->value && !(f->type && strcmp(f->type, "password") == 0))
		HF(h, " value=\"{}\"", HS(f->value));
	H(h, "></div>");
}

void
field_textarea(struct page *p, const struct field *f)
{
	struct html *h = &p->h;
	const char *err = form_error_text(p->form, f->id);
	open_group(p, f);
	hint_and_error(p, f, err);
	HF(h, "<textarea class=\"ontario-input ontario-textarea{}\" rows=\"5\"",
	    HS(err ? " ontario-input__error" : ""));
	common_attrs(p, f, err);
	HF(h, ">{}</textarea></div>", HS(f->value));
}

static void
open_fieldset(struct page *p, const struct field *f, const char *err, const char *extra_class)
{
	struct html *h = &p->h;
	const char *db = described_by(p, f, err);
	HF(h, "<div class=\"ontario-form-group\"><fieldset class=\"ontario-fieldset{}\"",
	    HS(extra_class));
	if (db)
		HF(h, " aria-describedby=\"{}\"", HS(db));
	if (f->label_is_heading)
		HF(h, "><legend class=\"ontario-fieldset__legend ontario-fieldset__legend--heading\">"
		    "<h1 class=\"pl-legend-heading\">{}</h1>", label_of(f));
	else
		HF(h, "><legend class=\"ontario-fieldset__legend\">{}", label_of(f));
	label_flag(p, f);
	H(h, "</legend>");
	hint_and_error(p, f, err);
}

void
field_date(struct page *p, const struct field *f, const char *y, const char *m, const char *d)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	/* An error on any part is filed under "id-part"; the whole group shows it. */
	const char *parts[3] = { "year", "month", "day" };
	const char *vals[3] = { y, m, d };
	const int labels[3] = { MSG_FRAME_DATE_YEAR, MSG_FRAME_DATE_MONTH, MSG_FRAME_DATE_DAY };
	const char *err = NULL, *bad = NULL;
	for (int i = 0; i < 3 && err == NULL; i++) {
		err = form_error_text(p->form, arena_printf(a, "%s-%s", f->id, parts[i]));
		bad = parts[i];
	}
	open_fieldset(p, f, err, " ontario-date__group-fieldset");
	H(h, "<div class=\"ontario-date__group\">");
	for (int i = 0; i < 3; i++) {
		int wrong = err != NULL && (strcmp(bad, parts[i]) == 0 || vals[i] == NULL ||
		    vals[i][0] == '\0');
		const char *pid = arena_printf(a, "%s-%s", f->id, parts[i]);
		HF(h, "<div class=\"ontario-date__group-input\"><label class=\"ontario-label\" "
		    "for=\"{}\">{}</label><input class=\"ontario-input ontario-input--{}{}\" type=\"text\" "
		    "inputmode=\"numeric\" id=\"{}\" name=\"{}\" value=\"{}\"",
		    HS(pid), HM(labels[i]), HS(i == 0 ? "4-char-width" : "2-char-width"),
		    HS(wrong ? " ontario-input__error" : ""), HS(pid),
		    HS(arena_printf(a, "%s_%s", f->name, parts[i])), HS(vals[i]));
		if (wrong)
			H(h, " aria-invalid=\"true\"");
		if (f->autocomplete)
			HF(h, " autocomplete=\"{}-{}\"", HS(f->autocomplete),
			    HS(i == 0 ? "year" : i == 1 ? "month" : "day"));
		H(h, "></div>");
	}
	H(h, "</div></fieldset></div>");
}

void
field_radios(struct page *p, const struct field *f, const struct option *opts, size_t n)
{
	struct html *h = &p->h;
	struct arena *a = &p->r->arena;
	/* Errors are filed under the first option's id, which the summary links to. */
	const char *first = arena_printf(a, "%s-1", f->id);
	const char *err = form_error_text(p->form, first);
	if (err == NULL)
		err = form_error_text(p->form, f->id);
	struct field g = *f;
	g.id = first;
	open_fieldset(p, &g, err, "");
	H(h, "<div class=\"ontario-radios\">");
	for (size_t i = 0; i < n; i++) {
		const char *oid = arena_printf(a, "%s-%zu", f->id, i + 1);
		int checked = f->value != NULL && strcmp(f->value, opts[i].value) == 0;
		HF(h, "<div class=\"ontario-radios__item\"><input class=\"ontario-radios__input\" "
		    "type=\"radio\" id=\"{}\" name=\"{}\" value=\"{}\"", HS(oid), HS(f->name),
		    HS(opts[i].value));
		if (checked)
			H(h, " checked");
		HF(h, "><label class=\"ontario-radios__label\" for=\"{}\">{}</label></div>", HS(oid),
		    HS(opts[i].label));
	}
	H(h, "</div></fieldset></div>");
}

void
field_select(struct page *p, const struct field *f, const struct option *opts, size_t n)
{
	struct html *h = &p->h;
	const char *err = form_error_text(p->form, f->id);
	open_group(p, f);
	hint_and_error(p, f, err);
	HF(h, "<select class=\"ontario-input ontario-dropdown{}\"",
	    HS(err ? " ontario-input__error" : ""));
	common_attrs(p, f, err);
	H(h, ">");
	for (size_t i = 0; i < n; i++) {
		int sel = f->value != NULL && strcmp(f->value, opts[i].value) == 0;
		HF(h, "<option value=\"{}\"", HS(opts[i].value));
		if (sel)
			H(h, " selected");
		HF(h, ">{}</option>", HS(opts[i].label));
	}
	H(h, "</select></div>");
}
