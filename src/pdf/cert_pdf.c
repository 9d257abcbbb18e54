/* cert_pdf: draws the bilingual certificate PDF with cairo and its QR codes with libqrencode.
 * Units are PDF points (1/72 in). English sits in the left column and French in the right
 * one; what both languages share (the holder, the number, the codes) is centred or in the
 * bottom band. Text goes through text_box(), which shrinks then wraps until the text fits
 * its box, and clips to it as a last resort, so a long name never runs over the border. */
#include "pdf/cert_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "i18n/fmt.h"

#define PAGE_W 792.0 /* US Letter landscape */
#define PAGE_H 612.0
#define MM (72.0 / 25.4)
#define FONT "DejaVu Sans"

#define QR_QUIET 4                   /* modules of white around a code, as ISO/IEC 18004 asks */
#define QR_MAIN_MIN (0.5 * MM)       /* smallest module of the primary code */
#define QR_MAIN_BOX 100.0            /* preferred side of the primary code, quiet zone included */
#define QR_MAIN_MAX_BOX 150.0        /* the bottom band holds no more */
#define QR_OFF_MIN (0.45 * MM)       /* smallest module of the offline code */
#define QR_OFF_MAX (1.2 * MM)        /* larger modules only waste paper */
#define QR_OFF_BOX 350.0             /* room on page 2 */

#define TEXT_FLOOR 4.0               /* below this, clip rather than shrink */
#define TEXT_MAX_LINES 8

/* Column geometry: both columns inside the inner border, with a gutter between. */
#define COL_L_X 64.0
#define COL_W 320.0
#define COL_R_X (PAGE_W - 64.0 - COL_W)
#define FULL_X 64.0
#define FULL_W (PAGE_W - 128.0)

enum align { AL_LEFT, AL_CENTER, AL_RIGHT };

struct style {
	double size;
	bool bold, italic;
	double r, g, b;
	enum align align;
	int max_lines;
	double one_line_min;  /* shrink on one line down to this size before wrapping; 0: wrap at once */
};

static const struct style st_agency = { 13, true, false, 0.10, 0.20, 0.40, AL_CENTER, 2, 0 };
static const struct style st_title = { 24, true, false, 0.10, 0.20, 0.40, AL_CENTER, 2, 16 };
static const struct style st_provisional = { 15, true, false, 0.70, 0.10, 0.10, AL_CENTER, 1, 0 };
static const struct style st_lead = { 10.5, false, true, 0.25, 0.25, 0.25, AL_CENTER, 2, 0 };
static const struct style st_holder = { 32, true, false, 0, 0, 0, AL_CENTER, 2, 18 };
static const struct style st_trade = { 18, true, false, 0, 0, 0, AL_CENTER, 3, 0 };
static const struct style st_code = { 10, false, false, 0.25, 0.25, 0.25, AL_CENTER, 1, 0 };
static const struct style st_seal = { 14, true, false, 0.70, 0.10, 0.10, AL_CENTER, 1, 0 };
static const struct style st_seal_in = { 9, true, false, 1, 1, 1, AL_CENTER, 1, 0 };
static const struct style st_label = { 8, false, false, 0.35, 0.35, 0.35, AL_LEFT, 1, 0 };
static const struct style st_value = { 12.5, true, false, 0, 0, 0, AL_LEFT, 2, 9 };
static const struct style st_verify = { 7.5, false, false, 0.25, 0.25, 0.25, AL_RIGHT, 1, 0 };
static const struct style st_url = { 7.5, false, false, 0, 0, 0, AL_RIGHT, 3, 5.5 };
static const struct style st_explain = { 11, false, false, 0, 0, 0, AL_CENTER, 5, 0 };
static const struct style st_small = { 10, false, false, 0.25, 0.25, 0.25, AL_CENTER, 2, 0 };

static bool
filled(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static void
font_set(cairo_t *cr, const struct style *st, double size)
{
	cairo_select_font_face(cr, FONT, st->italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
	    st->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* Advance width of s[0..n) at the current font; tmp has room for the whole text. */
static double
text_width(cairo_t *cr, char *tmp, const char *s, size_t n)
{
	cairo_text_extents_t te;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	cairo_text_extents(cr, tmp, &te);
	return te.x_advance;
}

static size_t
utf8_next(const char *s, size_t i, size_t n)
{
	i++;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

struct line {
	size_t start, len;
};

/* Greedy wrap of text into lines no wider than w; a word wider than w is cut between
 * characters. Returns the number of lines, or max + 1 when more would be needed. */
static int
text_wrap(cairo_t *cr, char *tmp, const char *text, double w, struct line *lines, int max)
{
	size_t n = strlen(text), pos = 0;
	int count = 0;
	for (;;) {
		while (pos < n && text[pos] == ' ')
			pos++;
		if (pos >= n)
			break;
		if (count == max)
			return max + 1;
		/* Take whole words while they fit. */
		size_t end = pos, best = 0;
		while (end < n) {
			size_t next = end;
			while (next < n && text[next] == ' ')
				next++;
			while (next < n && text[next] != ' ')
				next++;
			if (text_width(cr, tmp, text + pos, next - pos) > w)
				break;
			best = next;
			end = next;
		}
		if (best == 0) {
			/* The first word alone is too wide: cut it, at least one character. */
			best = utf8_next(text, pos, n);
			while (best < n && text[best] != ' ') {
				size_t next = utf8_next(text, best, n);
				if (text_width(cr, tmp, text + pos, next - pos) > w)
					break;
				best = next;
			}
		}
		size_t len = best - pos;
		while (len > 0 && text[pos + len - 1] == ' ')
			len--;
		lines[count].start = pos;
		lines[count].len = len;
		count++;
		pos = best;
	}
	return count;
}

/* Draws text in the box (x, y, w, h), vertically centred, at the largest size from
 * st->size down whose wrapped lines fit both ways; with st->one_line_min, one line at a
 * size down to that is preferred to wrapping. */
static void
text_box(cairo_t *cr, const char *text, double x, double y, double w, double h,
    const struct style *st)
{
	struct line lines[TEXT_MAX_LINES];
	int max = st->max_lines < TEXT_MAX_LINES ? st->max_lines : TEXT_MAX_LINES;
	char *tmp = xmalloc(strlen(text) + 1);
	cairo_font_extents_t fe;
	double size = st->size;
	int count;
	for (; size >= st->one_line_min && st->one_line_min > 0; size -= 0.5) {
		font_set(cr, st, size);
		cairo_font_extents(cr, &fe);
		count = text_wrap(cr, tmp, text, w, lines, 1);
		if (count <= 1 && fe.height <= h)
			goto draw;
	}
	size = st->size;
	for (;;) {
		font_set(cr, st, size);
		cairo_font_extents(cr, &fe);
		count = text_wrap(cr, tmp, text, w, lines, max);
		if (count <= max && count * fe.height <= h)
			break;
		if (size - 0.5 < TEXT_FLOOR) {
			/* Nothing fits: show what the box holds rather than spill over the page. */
			if (count > max)
				count = max;
			break;
		}
		size -= 0.5;
	}
draw:
	cairo_save(cr);
	cairo_rectangle(cr, x - 2, y - 2, w + 4, h + 4);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, st->r, st->g, st->b);
	double top = y + (h - count * fe.height) / 2;
	if (top < y)
		top = y;
	for (int i = 0; i < count; i++) {
		double lw = text_width(cr, tmp, text + lines[i].start, lines[i].len);
		double lx = x;
		if (st->align == AL_CENTER)
			lx = x + (w - lw) / 2;
		else if (st->align == AL_RIGHT)
			lx = x + w - lw;
		cairo_move_to(cr, lx, top + i * fe.height + fe.ascent);
		cairo_show_text(cr, tmp);
	}
	cairo_restore(cr);
	free(tmp);
}

static void
rule(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
	cairo_set_source_rgb(cr, 0.10, 0.20, 0.40);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* A double frame with small corner squares: the certificate look. */
static void
draw_border(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.10, 0.20, 0.40);
	cairo_set_line_width(cr, 3.0);
	cairo_rectangle(cr, 24, 24, PAGE_W - 48, PAGE_H - 48);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 32, 32, PAGE_W - 64, PAGE_H - 64);
	cairo_stroke(cr);
	const double corners[4][2] = {
		{ 32, 32 }, { PAGE_W - 32, 32 }, { 32, PAGE_H - 32 }, { PAGE_W - 32, PAGE_H - 32 },
	};
	for (int i = 0; i < 4; i++)
		cairo_rectangle(cr, corners[i][0] - 5, corners[i][1] - 5, 10, 10);
	cairo_fill(cr);
}

/* Agency names, English left and French right, over a rule. */
static void
draw_header(cairo_t *cr, const struct cert_pdf *c)
{
	text_box(cr, c->agency_en, COL_L_X, 46, COL_W, 36, &st_agency);
	text_box(cr, c->agency_fr, COL_R_X, 46, COL_W, 36, &st_agency);
	rule(cr, FULL_X, 88, FULL_X + FULL_W, 88, 0.8);
	rule(cr, PAGE_W / 2, 50, PAGE_W / 2, 80, 0.5);
}

/* Encodes text; the offline code prefers level M and falls back to L when M cannot hold it. */
static QRcode *
qr_encode(const char *text, bool offline)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL && offline && errno == ERANGE)
		qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	return qr;
}

int
cert_pdf_qr_version(const char *text, bool offline)
{
	if (!filled(text))
		return -1;
	QRcode *qr = qr_encode(text, offline);
	if (qr == NULL)
		return -1;
	int v = qr->version;
	QRcode_free(qr);
	return v;
}

/* Draws the code with its top-left quiet-zone corner at (x, y): a white square, then one
 * filled rectangle per horizontal run of dark modules, all in one path. */
static void
draw_qr(cairo_t *cr, const QRcode *qr, double x, double y, double module)
{
	int w = qr->width;
	double side = (w + 2 * QR_QUIET) * module;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	double ox = x + QR_QUIET * module, oy = y + QR_QUIET * module;
	for (int row = 0; row < w; row++) {
		const unsigned char *d = qr->data + (size_t)row * (size_t)w;
		for (int col = 0; col < w;) {
			if (!(d[col] & 1)) {
				col++;
				continue;
			}
			int run = col;
			while (run < w && (d[run] & 1))
				run++;
			cairo_rectangle(cr, ox + col * module, oy + row * module, (run - col) * module,
			    module);
			col = run;
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_fill(cr);
}

/* A round red emblem for the Red Seal endorsement, centred at (cx, cy). */
static void
draw_seal(cairo_t *cr, double cx, double cy, double r)
{
	cairo_new_path(cr);
	cairo_set_source_rgb(cr, 0.70, 0.10, 0.10);
	cairo_arc(cr, cx, cy, r, 0, 2 * 3.14159265358979);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1.2);
	cairo_arc(cr, cx, cy, r - 5, 0, 2 * 3.14159265358979);
	cairo_stroke(cr);
	double w = (r - 8) * 1.8;
	text_box(cr, "Red Seal", cx - w / 2, cy - 12, w, 11, &st_seal_in);
	text_box(cr, "Sceau rouge", cx - w / 2, cy + 1, w, 11, &st_seal_in);
}

/* One label/value pair of the details block. */
static void
detail(cairo_t *cr, double x, double y, double w, const char *label, const char *value)
{
	text_box(cr, label, x, y, w, 11, &st_label);
	text_box(cr, value, x, y + 11, w, 32, &st_value);
}

static int
draw_page_certificate(cairo_t *cr, struct arena *a, const struct cert_pdf *c, int32_t issued,
    const int32_t *expires)
{
	QRcode *qr = qr_encode(c->verify_url, false);
	if (qr == NULL)
		return -1;
	int span = qr->width + 2 * QR_QUIET;
	double module = QR_MAIN_BOX / span;
	if (module < QR_MAIN_MIN)
		module = QR_MAIN_MIN;
	if (span * module > QR_MAIN_MAX_BOX) {
		QRcode_free(qr);
		return -1;
	}

	draw_border(cr);
	draw_header(cr, c);

	text_box(cr, c->type_en, COL_L_X, 96, COL_W, 62, &st_title);
	text_box(cr, c->type_fr, COL_R_X, 96, COL_W, 62, &st_title);
	double y = 160;
	if (c->provisional) {
		text_box(cr, "Provisional", COL_L_X, y, COL_W, 20, &st_provisional);
		text_box(cr, "Provisoire", COL_R_X, y, COL_W, 20, &st_provisional);
	}
	y += 24;
	text_box(cr, "This is to certify that", COL_L_X, y, COL_W, 16, &st_lead);
	text_box(cr, "Le présent certificat atteste que", COL_R_X, y, COL_W, 16, &st_lead);
	y += 18;
	text_box(cr, c->holder_name, FULL_X, y, FULL_W, 48, &st_holder);
	y += 52;
	text_box(cr, "holds this certificate in the trade of", COL_L_X, y, COL_W, 16, &st_lead);
	text_box(cr, "est titulaire de ce certificat dans le métier de", COL_R_X, y, COL_W, 16,
	    &st_lead);
	y += 18;
	text_box(cr, c->trade_en, COL_L_X, y, COL_W, 62, &st_trade);
	text_box(cr, c->trade_fr, COL_R_X, y, COL_W, 62, &st_trade);
	y += 64;
	if (filled(c->trade_code))
		text_box(cr, arena_printf(a, "Trade code / Code du métier : %s", c->trade_code),
		    FULL_X, y, FULL_W, 14, &st_code);
	y += 16;
	if (c->red_seal)
		text_box(cr, "Red Seal endorsement / Sceau rouge", FULL_X, y, FULL_W, 20, &st_seal);

	/* Bottom band: details left, Red Seal emblem in the middle, the code bottom right. */
	double band = 392;
	double dx = FULL_X + 8, dw = 360;
	detail(cr, dx, band, dw, "Certificate number / Numéro du certificat", c->number);
	detail(cr, dx, band + 50, dw, "Issued / Date de délivrance",
	    arena_printf(a, "%s / %s", fmt_date_long(a, LANG_EN, issued),
		fmt_date_long(a, LANG_FR, issued)));
	if (expires != NULL)
		detail(cr, dx, band + 100, dw, "Expires / Date d’expiration",
		    arena_printf(a, "%s / %s", fmt_date_long(a, LANG_EN, *expires),
			fmt_date_long(a, LANG_FR, *expires)));
	if (c->red_seal)
		draw_seal(cr, 500, 488, 40);

	double side = span * module;
	double right = PAGE_W - 56, text_w = 300, text_top = PAGE_H - 44 - 34;
	double qx = right - side, qy = text_top - 2 - side;
	draw_qr(cr, qr, qx, qy, module);
	QRcode_free(qr);
	text_box(cr, "Verify at / Vérifier à", right - text_w, text_top, text_w, 10, &st_verify);
	text_box(cr, c->verify_url, right - text_w, text_top + 10, text_w, 24, &st_url);
	return 0;
}

static int
draw_page_offline(cairo_t *cr, struct arena *a, const struct cert_pdf *c)
{
	QRcode *qr = qr_encode(c->offline_payload, true);
	if (qr == NULL)
		return -1;
	int span = qr->width + 2 * QR_QUIET;
	double module = QR_OFF_BOX / span;
	if (module > QR_OFF_MAX)
		module = QR_OFF_MAX;
	if (module < QR_OFF_MIN) {
		QRcode_free(qr);
		return -1;
	}

	draw_border(cr);
	draw_header(cr, c);
	text_box(cr, "Offline verification", COL_L_X, 96, COL_W, 32, &st_title);
	text_box(cr, "Vérification hors ligne", COL_R_X, 96, COL_W, 32, &st_title);
	text_box(cr,
	    "Any verifier can check the whole signed certificate from this code, without a "
	    "network connection.",
	    COL_L_X, 132, COL_W, 44, &st_explain);
	text_box(cr,
	    "Tout vérificateur peut contrôler l’ensemble du certificat signé à partir de ce "
	    "code, sans connexion réseau.",
	    COL_R_X, 132, COL_W, 44, &st_explain);
	text_box(cr, arena_printf(a, "%s — %s", c->holder_name, c->number), FULL_X, 180, FULL_W,
	    28, &st_small);

	double side = span * module;
	double top = 212 + (QR_OFF_BOX + 6 - side) / 2;
	draw_qr(cr, qr, (PAGE_W - side) / 2, top, module);
	QRcode_free(qr);
	return 0;
}

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static bool
cert_valid(const struct cert_pdf *c)
{
	return c != NULL && filled(c->holder_name) && filled(c->type_en) && filled(c->type_fr) &&
	    filled(c->trade_en) && filled(c->trade_fr) && filled(c->number) && filled(c->issued) &&
	    filled(c->agency_en) && filled(c->agency_fr) && filled(c->verify_url) &&
	    (c->offline_payload == NULL || filled(c->offline_payload));
}

int
cert_pdf_render(const struct cert_pdf *c, struct buf *out)
{
	int32_t issued, expires;
	if (!cert_valid(c) || date_parse(c->issued, &issued) != 0)
		return -1;
	if (c->expires != NULL && date_parse(c->expires, &expires) != 0)
		return -1;

	size_t start = out->n;
	struct arena a;
	arena_init(&a);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    arena_printf(&a, "%s / %s %s", c->type_en, c->type_fr, c->number));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, c->agency_en);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "passerelle");
	cairo_t *cr = cairo_create(s);

	int rc = draw_page_certificate(cr, &a, c, issued, c->expires != NULL ? &expires : NULL);
	if (rc == 0) {
		cairo_show_page(cr);
		if (c->offline_payload != NULL) {
			rc = draw_page_offline(cr, &a, c);
			if (rc == 0)
				cairo_show_page(cr);
		}
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(s);
	arena_free(&a);
	if (rc != 0 && out->p != NULL) {
		out->n = start;
		out->p[start] = '\0';
	}
	return rc;
}

void
cert_pdf_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
