/* test_cert_pdf: the printable certificate. Renders PDFs, rasterises them with poppler's
 * pdftoppm, decodes every QR code with zbarimg, and reads the text back with pdftotext:
 * the codes must carry exactly the verification URL and the offline payload, the text must
 * hold the holder, number, titles and endorsement, and no word may leave the inner border.
 * pdftoppm, pdftotext and zbarimg are declared dependencies (poppler-utils, zbar-tools):
 * when they are missing the test fails. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "pdf/cert_pdf.h"
#include "t.h"

#define URL "https://certs.passerelle.example.ca/v/k7q2mz4xw9rt3hb6nvp5cj" /* 60 chars */
#define BASE45 "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
#define PAYLOAD_LEN 1100

static char payload[PAYLOAD_LEN + 1];
static char tmpdir[512];
static bool tools_ok;

/* "VC1:" then base45 characters from a fixed linear congruential sequence: random-looking
 * (so the code is as dense as a real compressed credential) yet the same on every run. */
static void
payload_make(void)
{
	uint32_t x = 2463534242u;
	memcpy(payload, "VC1:", 4);
	for (size_t i = 4; i < PAYLOAD_LEN; i++) {
		x = x * 1664525u + 1013904223u;
		payload[i] = BASE45[(x >> 16) % (sizeof(BASE45) - 1)];
	}
	payload[PAYLOAD_LEN] = '\0';
}

static struct cert_pdf
cert_sample(void)
{
	struct cert_pdf c = {
		.holder_name = "Marie-Ève Tremblay-<script>",
		.type_en = "Certificate of Qualification",
		.type_fr = "Certificat de qualification",
		.trade_en = "Heavy Duty Equipment Technician – Truck and Transport, Off-Road Mobile "
			    "Equipment and Hydraulic Systems Specialist",
		.trade_fr = "Technicienne ou technicien d’équipement lourd – camions et remorques, "
			    "équipement mobile hors route et systèmes hydrauliques (spécialité)",
		.trade_code = "421A",
		.red_seal = true,
		.provisional = false,
		.number = "CQ-421A-004217",
		.issued = "2026-03-01",
		.expires = "2027-02-28",
		.agency_en = "Skilled Trades Passerelle Authority",
		.agency_fr = "Autorité Passerelle des métiers spécialisés",
		.verify_url = URL,
		.offline_payload = payload,
	};
	return c;
}

/* Runs a shell command and returns its standard output (owned by the caller) and status. */
static char *
run(const char *cmd, int *status)
{
	struct buf out = { 0 };
	FILE *f = popen(cmd, "r");
	if (f == NULL) {
		*status = -1;
		return xstrdup("");
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&out, chunk, n);
	*status = pclose(f);
	if (out.p == NULL)
		return xstrdup("");
	return buf_take(&out);
}

static bool
tool_present(const char *name, const char *package)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	if (system(cmd) == 0)
		return true;
	fprintf(stderr, "FAIL: %s not found; install the Debian package %s (a declared test "
	    "dependency, see debian-packages.txt)\n", name, package);
	return false;
}

static void
dir_clean(const char *dir, bool remove_dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	char path[1024];
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	if (remove_dir)
		rmdir(dir);
}

static bool
pdf_write(const struct buf *pdf, const char *path)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return false;
	bool ok = fwrite(pdf->p, 1, pdf->n, f) == pdf->n;
	return fclose(f) == 0 && ok;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What the QR codes of each page decode to. Rasterises at 200 dpi; fills codes[page] with
 * the zbarimg output of that page (one decoded symbol per line; caller frees) and returns
 * the number of pages, or -1. */
static int
pdf_codes(const char *pdf_path, char *codes[], int max_pages)
{
	char cmd[2048];
	int st;
	snprintf(cmd, sizeof(cmd), "pdftoppm -r 200 -png '%s' '%s/page' 2>&1", pdf_path, tmpdir);
	char *msg = run(cmd, &st);
	if (st != 0) {
		fprintf(stderr, "pdftoppm failed (%d): %s\n", st, msg);
		free(msg);
		return -1;
	}
	free(msg);

	/* The pages, in order: page-1.png, page-2.png (digits widen with the page count). */
	char *names[16];
	int pages = 0;
	DIR *d = opendir(tmpdir);
	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "page-", 5) == 0 && len > 4 &&
		    strcmp(e->d_name + len - 4, ".png") == 0 && pages < 16)
			names[pages++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)pages, sizeof(names[0]), cmp_str);
	for (int i = 0; i < pages; i++) {
		if (i < max_pages) {
			snprintf(cmd, sizeof(cmd),
			    "zbarimg --nodbus --raw -q -Sdisable -Sqrcode.enable '%s/%s'", tmpdir, names[i]);
			codes[i] = run(cmd, &st);
		}
		snprintf(cmd, sizeof(cmd), "%s/%s", tmpdir, names[i]);
		unlink(cmd);
		free(names[i]);
	}
	return pages;
}

static char *
pdf_text(const char *pdf_path, const char *opts)
{
	char cmd[1024];
	int st;
	snprintf(cmd, sizeof(cmd), "pdftotext %s '%s' - 2>/dev/null", opts, pdf_path);
	char *txt = run(cmd, &st);
	if (st != 0)
		fprintf(stderr, "pdftotext failed (%d)\n", st);
	return txt;
}

/* Every word pdftotext -bbox reports lies inside the inner border (32 pt from each edge). */
static bool
words_inside(const char *html, int *words)
{
	const char *p = html;
	*words = 0;
	while ((p = strstr(p, "<word ")) != NULL) {
		double x0, y0, x1, y1;
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0,
			&x1, &y1) != 4)
			return false;
		if (x0 < 32 || y0 < 32 || x1 > 792 - 32 || y1 > 612 - 32) {
			fprintf(stderr, "word outside the border: %.80s\n", p);
			return false;
		}
		(*words)++;
		p++;
	}
	return true;
}

static void
test_tools(void)
{
	payload_make();
	tools_ok = tool_present("pdftoppm", "poppler-utils");
	tools_ok = tool_present("pdftotext", "poppler-utils") && tools_ok;
	tools_ok = tool_present("zbarimg", "zbar-tools") && tools_ok;
	CHECK(tools_ok);
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/cert_pdf.XXXXXX", base && base[0] ? base : "/tmp");
	CHECK(mkdtemp(tmpdir) != NULL);
}

static void
test_versions(void)
{
	CHECK_INT(strlen(URL), 60);
	int v_url = cert_pdf_qr_version(URL, false);
	int v_off = cert_pdf_qr_version(payload, true);
	printf("info: QR version %d for the %zu-character URL (level M), %d for the %d-character "
	       "offline payload\n", v_url, strlen(URL), v_off, PAYLOAD_LEN);
	CHECK(v_url >= 1 && v_url <= 6);
	CHECK(v_off >= 15 && v_off <= 25);
	CHECK_INT(cert_pdf_qr_version("", false), -1);
	CHECK_INT(cert_pdf_qr_version(NULL, true), -1);
}

static void
test_full(void)
{
	struct cert_pdf c = cert_sample();
	struct buf pdf = { 0 };
	/* Information only: the first render also loads the fonts. */
	for (int i = 0; i < 2; i++) {
		struct timespec t0, t1;
		buf_reset(&pdf);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		CHECK_INT(cert_pdf_render(&c, &pdf), 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("info: %s render (2 pages, offline code) took %.1f ms, %zu bytes\n",
		    i == 0 ? "first" : "second",
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		    pdf.n);
	}
	CHECK(pdf.n > 1000 && memcmp(pdf.p, "%PDF-", 5) == 0);
	CHECK(memmem(pdf.p, pdf.n, "/Creator (passerelle)", 21) != NULL); /* metadata */

	char path[600];
	snprintf(path, sizeof(path), "%s/full.pdf", tmpdir);
	CHECK(pdf_write(&pdf, path));
	buf_free(&pdf);
	if (!tools_ok)
		return;

	char *codes[4] = { 0 };
	char expect_url[128], expect_payload[PAYLOAD_LEN + 2];
	snprintf(expect_url, sizeof(expect_url), "%s\n", URL);
	snprintf(expect_payload, sizeof(expect_payload), "%s\n", payload);
	int pages = pdf_codes(path, codes, 4);
	CHECK_INT(pages, 2);
	if (pages == 2) {
		CHECK_STR(codes[0], expect_url);          /* exactly one code, the URL */
		CHECK_STR(codes[1], expect_payload);      /* exactly one code, the payload */
	}
	for (int i = 0; i < 4; i++)
		free(codes[i]);

	char *txt = pdf_text(path, "");
	CHECK(strstr(txt, "Marie-Ève Tremblay-<script>") != NULL);
	CHECK(strstr(txt, "CQ-421A-004217") != NULL);
	CHECK(strstr(txt, "Certificate of Qualification") != NULL);
	CHECK(strstr(txt, "Certificat de qualification") != NULL);
	CHECK(strstr(txt, "Red Seal endorsement") != NULL);
	CHECK(strstr(txt, "Sceau rouge") != NULL);
	CHECK(strstr(txt, "Verify at") != NULL);
	CHECK(strstr(txt, "Vérifier à") != NULL);
	CHECK(strstr(txt, URL) != NULL);
	CHECK(strstr(txt, "Offline verification") != NULL);
	CHECK(strstr(txt, "Vérification hors ligne") != NULL);
	CHECK(strstr(txt, "March 1, 2026") != NULL || strstr(txt, "March\xc2\xa0" "1, 2026"));
	CHECK(strstr(txt, "mars") != NULL && strstr(txt, "février") != NULL);
	CHECK(strstr(txt, "421A") != NULL);
	CHECK(strstr(txt, "Provisional") == NULL);
	free(txt);

	int words = 0;
	char *html = pdf_text(path, "-bbox");
	CHECK(words_inside(html, &words));
	CHECK(words > 60);
	free(html);
	unlink(path);
}

static void
test_no_offline_no_seal(void)
{
	struct cert_pdf c = cert_sample();
	c.offline_payload = NULL;
	c.red_seal = false;
	c.provisional = true;
	c.expires = NULL;
	c.trade_en = "Electrician – Construction and Maintenance";
	c.trade_fr = "Électricienne ou électricien – construction et entretien";
	struct buf pdf = { 0 };
	CHECK_INT(cert_pdf_render(&c, &pdf), 0);
	char path[600];
	snprintf(path, sizeof(path), "%s/short.pdf", tmpdir);
	CHECK(pdf_write(&pdf, path));
	buf_free(&pdf);
	if (!tools_ok)
		return;

	char *codes[4] = { 0 };
	char expect_url[128];
	snprintf(expect_url, sizeof(expect_url), "%s\n", URL);
	int pages = pdf_codes(path, codes, 4);
	CHECK_INT(pages, 1);
	CHECK_STR(codes[0], expect_url);
	for (int i = 0; i < 4; i++)
		free(codes[i]);

	char *txt = pdf_text(path, "");
	CHECK(strstr(txt, "Red Seal") == NULL);
	CHECK(strstr(txt, "Sceau rouge") == NULL);
	CHECK(strstr(txt, "Offline verification") == NULL);
	CHECK(strstr(txt, "Provisional") != NULL);
	CHECK(strstr(txt, "Provisoire") != NULL);
	CHECK(strstr(txt, "Expires") == NULL);
	CHECK(strstr(txt, "Électricienne") != NULL);
	free(txt);
	unlink(path);
}

/* Names and trades far too long for a line: they shrink or wrap, but stay on the page. */
static void
test_overflow(void)
{
	struct cert_pdf c = cert_sample();
	c.offline_payload = NULL;
	c.holder_name = "Anne-Marie-Françoise-Éléonore Villeneuve-Beauchemin-Desrochers-"
			"Saint-Laurent de la Côte-des-Neiges Ouellette-Bérubé";
	c.trade_en = "Supercalifragilisticexpialidociousheavydutyequipmenttechnicianwithout"
		     "anyspaceatallinitsverylongname and then some words after the long one";
	c.agency_fr = "Autorité « Passerelle » des métiers spécialisés, de l’apprentissage et de "
		      "la certification professionnelle de l’Ontario";
	c.number = "CQ-421A-0042170000000000000000000000000000000000000000000000000000000000";
	struct buf pdf = { 0 };
	CHECK_INT(cert_pdf_render(&c, &pdf), 0);
	char path[600];
	snprintf(path, sizeof(path), "%s/long.pdf", tmpdir);
	CHECK(pdf_write(&pdf, path));
	buf_free(&pdf);
	if (!tools_ok)
		return;
	int words = 0;
	char *html = pdf_text(path, "-bbox");
	CHECK(words_inside(html, &words));
	CHECK(words > 40);
	free(html);
	char *txt = pdf_text(path, "");
	CHECK(strstr(txt, "Ouellette-Bérubé") != NULL);
	CHECK(strstr(txt, "«") != NULL && strstr(txt, "»") != NULL);
	free(txt);
	char *codes[4] = { 0 };
	CHECK_INT(pdf_codes(path, codes, 4), 1);
	char expect_url[128];
	snprintf(expect_url, sizeof(expect_url), "%s\n", URL);
	CHECK_STR(codes[0], expect_url);
	for (int i = 0; i < 4; i++)
		free(codes[i]);
	unlink(path);
}

static void
test_invalid(void)
{
	struct buf pdf = { 0 };
	buf_puts(&pdf, "keep");
	struct cert_pdf c = cert_sample();
	c.holder_name = NULL;
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	c = cert_sample();
	c.number = "";
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	c = cert_sample();
	c.issued = "2026-02-30";
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	c = cert_sample();
	c.expires = "next year";
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	c = cert_sample();
	c.offline_payload = "";
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	/* A URL too long for the primary code at a printable size. */
	char longurl[1200];
	memset(longurl, 'a', sizeof(longurl) - 1);
	memcpy(longurl, "https://", 8);
	longurl[sizeof(longurl) - 1] = '\0';
	c = cert_sample();
	c.verify_url = longurl;
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	/* More than any QR code holds. */
	char *huge = xmalloc(8000);
	memset(huge, 'Z', 7999);
	huge[7999] = '\0';
	c = cert_sample();
	c.offline_payload = huge;
	CHECK_INT(cert_pdf_render(&c, &pdf), -1);
	free(huge);
	CHECK_STR(pdf.p, "keep"); /* failures leave the buffer as it was */
	CHECK_INT(pdf.n, 4);
	CHECK_INT(cert_pdf_render(NULL, &pdf), -1);
	buf_free(&pdf);
}

static void
test_cleanup(void)
{
	dir_clean(tmpdir, true);
	struct stat sb;
	CHECK(stat(tmpdir, &sb) != 0);
	cert_pdf_cleanup();
}

T_MAIN(T(test_tools), T(test_versions), T(test_full), T(test_no_offline_no_seal), T(test_overflow),
    T(test_invalid), T(test_cleanup))
