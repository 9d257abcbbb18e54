/* The web building blocks: the context-aware HTML writer, the message catalogues (and the
 * build-time check that refuses a message in one language only), locale formats, and form
 * parsing. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "html/html.h"
#include "http/http.h"
#include "i18n/fmt.h"
#include "i18n/msg.h"
#include "web/web.h"
#include "t.h"

static char *
render(void (*fn)(struct html *h), struct arena *a)
{
	struct html h;
	size_t len;
	html_init(&h, LANG_EN);
	fn(&h);
	return html_finish(&h, a, &len);
}

static void
text_and_attrs(struct html *h)
{
	HF(h, "<p title=\"{}\">{}</p>", HS("a \"quoted\" 'x' <b>"), HS("<script>alert(1)</script> Ève & co"));
}

static void
links(struct html *h)
{
	HF(h, "<a href=\"{}\">x</a>", HS("javascript:alert(1)"));
	HF(h, "<a href=\"{}\">x</a>", HS("//evil.example/"));
	HF(h, "<a href=\"{}\">x</a>", HS("/en/cases/12?x=1&y=2"));
	HF(h, "<a href=\"{}\">x</a>", HS("https://example.org/a"));
	HF(h, "<a href=\"/en/search?q={}\">x</a>", HS("javascript:"));
	HF(h, "<img src=\"{}\" alt=\"\">", HS(" data:text/html,x"));
}

static void
split_calls(struct html *h)
{
	/* The context carries across calls: the value lands inside the attribute. */
	H(h, "<input value=\"");
	HF(h, "{}", HS("\"><script>x</script>"));
	H(h, "\"><!-- a comment > with - dashes --><p>");
	HF(h, "{} {}", HI(-42), HM(MSG_FRAME_SKIP));
	H(h, "</p>");
}

static void
test_html_escaping(void)
{
	struct arena a;
	arena_init(&a);
	char *s = render(text_and_attrs, &a);
	CHECK_STR(s, "<p title=\"a &quot;quoted&quot; &#39;x&#39; &lt;b&gt;\">&lt;script&gt;alert(1)"
	    "&lt;/script&gt; Ève &amp; co</p>");
	s = render(links, &a);
	CHECK(strstr(s, "javascript:alert") == NULL);
	CHECK(strstr(s, "evil.example") == NULL);
	CHECK(strstr(s, "href=\"/en/cases/12?x=1&amp;y=2\"") != NULL);
	CHECK(strstr(s, "href=\"https://example.org/a\"") != NULL);
	/* a value in the middle of a link is data, not a scheme */
	CHECK(strstr(s, "href=\"/en/search?q=javascript:\"") != NULL);
	CHECK(strstr(s, "src=\"#\"") != NULL);
	s = render(split_calls, &a);
	CHECK(strstr(s, "value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"") != NULL);
	CHECK(strstr(s, "<p>-42 Skip to main content</p>") != NULL);
	arena_free(&a);
}

/* Misuse aborts (checked in a child process). */
static void
bad_unquoted(struct html *h)
{
	HF(h, "<p class={}>x</p>", HS("a"));
}

static void
bad_tag_name(struct html *h)
{
	HF(h, "<{}>", HS("p"));
}

static void
bad_event(struct html *h)
{
	HF(h, "<p onclick=\"{}\">x</p>", HS("a"));
}

static void
bad_style(struct html *h)
{
	HF(h, "<p style=\"{}\">x</p>", HS("color:red"));
}

static void
bad_script(struct html *h)
{
	HF(h, "<script>var x = \"{}\";</script>", HS("a"));
}

static void
bad_comment(struct html *h)
{
	HF(h, "<!-- {} -->", HS("a"));
}

static void
bad_count(struct html *h)
{
	HF(h, "<p>{} {}</p>", HS("only one"));
}

static void
bad_unclosed(struct html *h)
{
	H(h, "<p class=\"x");
}

static int
aborts(void (*fn)(struct html *h))
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		/* silence the intended log line */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		struct arena a;
		arena_init(&a);
		render(fn, &a);
		_exit(0);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 0;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void
test_html_misuse(void)
{
	CHECK(aborts(bad_unquoted));
	CHECK(aborts(bad_tag_name));
	CHECK(aborts(bad_event));
	CHECK(aborts(bad_style));
	CHECK(aborts(bad_script));
	CHECK(aborts(bad_comment));
	CHECK(aborts(bad_count));
	CHECK(aborts(bad_unclosed));
	CHECK(!aborts(text_and_attrs));
}

static void
test_url_encode(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(url_encode(&a, "/en/my files?x=é&y"), "%2Fen%2Fmy%20files%3Fx%3D%C3%A9%26y");
	CHECK_STR(url_encode(&a, "A-z_0.9~"), "A-z_0.9~");
	arena_free(&a);
}

/* ---- message catalogues ---- */

static void
test_catalogue(void)
{
	struct arena a;
	arena_init(&a);
	int ok_both = 1, ok_diff = 0;
	for (int i = 0; i < MSG__COUNT; i++) {
		if (!*msg_get(LANG_EN, i) || !*msg_get(LANG_FR, i) || !*msg_key(i))
			ok_both = 0;
		if (strcmp(msg_get(LANG_EN, i), msg_get(LANG_FR, i)) != 0)
			ok_diff++;
	}
	CHECK(ok_both);
	CHECK(ok_diff > MSG__COUNT / 2);   /* translated, not copied */
	CHECK_STR(msg_key(MSG_FRAME_SKIP), "frame.skip");
	CHECK_STR(msg_get(LANG_FR, MSG_FRAME_SKIP), "Passer au contenu principal");
	CHECK_STR(MSGF(&a, LANG_EN, MSG_FRAME_TITLE, "Home", "Agency"), "Home – Agency");
	CHECK_STR(MSGF(&a, LANG_FR, MSG_FRAME_ERROR_TITLE, "Accueil"), "Erreur\u00a0: Accueil");
	arena_free(&a);
}

/* Runs the catalogue compiler on a pair of files; returns its exit status. */
static int
msgcat_run(const char *en, const char *fr, char *out, size_t outn)
{
	char dir[] = "/tmp/passerelle-msgcat-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return -1;
	char path[256], cmd[1024];
	snprintf(path, sizeof(path), "%s/en", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/fr", dir);
	mkdir(path, 0700);
	const char *texts[2] = { en, fr };
	const char *langs[2] = { "en", "fr" };
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s/t.txt", dir, langs[i]);
		FILE *f = fopen(path, "w");
		if (f == NULL)
			return -1;
		fputs(texts[i], f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "%s %s/o.h %s/o.c %s/en/t.txt %s/fr/t.txt 2>%s/err.txt",
	    MSGCAT_PATH, dir, dir, dir, dir, dir);
	int rc = system(cmd);
	snprintf(path, sizeof(path), "%s/err.txt", dir);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(out, 1, outn - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return -1;
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void
test_msgcat_refuses(void)
{
	char err[2048];
	CHECK_INT(msgcat_run("a.b = Hello\n", "a.b = Bonjour\n", err, sizeof(err)), 0);
	CHECK_INT(msgcat_run("a.b = Hello\na.c = Only English\n", "a.b = Bonjour\n", err,
	    sizeof(err)), 1);
	CHECK(strstr(err, "no French text: a.c") != NULL);
	CHECK_INT(msgcat_run("a.b = Hello\n", "a.b = Bonjour\na.d = Seulement français\n", err,
	    sizeof(err)), 1);
	CHECK(strstr(err, "no English text: a.d") != NULL);
	CHECK_INT(msgcat_run("a.b = Hello {1}\n", "a.b = Bonjour {2}\n", err, sizeof(err)), 1);
	CHECK(strstr(err, "placeholders differ") != NULL);
	CHECK_INT(msgcat_run("a.b = Error: x\n", "a.b = Erreur : x\n", err, sizeof(err)), 1);
	CHECK(strstr(err, "French") != NULL);
	CHECK_INT(msgcat_run("a.b = Error: x\n", "a.b = Erreur\u00a0: x\n", err, sizeof(err)), 0);
	CHECK_INT(msgcat_run("a.b = x\na.b = y\n", "a.b = x\n", err, sizeof(err)), 1);
	CHECK(strstr(err, "twice") != NULL);
}

/* ---- formats ---- */

static void
test_formats(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(fmt_int(&a, LANG_EN, 1234567), "1,234,567");
	CHECK_STR(fmt_int(&a, LANG_FR, 1234567), "1\u00a0234\u00a0567");
	CHECK_STR(fmt_int(&a, LANG_FR, 999), "999");
	CHECK_STR(fmt_decimal(&a, LANG_EN, 1234.5, 1), "1,234.5");
	CHECK_STR(fmt_decimal(&a, LANG_FR, 1234.5, 1), "1\u00a0234,5");
	CHECK_STR(fmt_decimal(&a, LANG_FR, 0.05, 2), "0,05");
	CHECK_STR(fmt_money(&a, LANG_EN, 2500), "$25");
	CHECK_STR(fmt_money(&a, LANG_FR, 2500), "25\u00a0$");
	CHECK_STR(fmt_money(&a, LANG_FR, 123450), "1\u00a0234,50\u00a0$");
	CHECK_STR(fmt_money(&a, LANG_EN, 123450), "$1,234.50");
	int32_t d = date_from_ymd(2026, 3, 27);
	CHECK_STR(fmt_date_iso(&a, d), "2026-03-27");
	CHECK_STR(fmt_date_long(&a, LANG_EN, d), "March\u00a027, 2026");
	CHECK_STR(fmt_date_long(&a, LANG_FR, d), "27\u00a0mars\u00a02026");
	CHECK_STR(fmt_date_long(&a, LANG_FR, date_from_ymd(2026, 3, 1)), "1er\u00a0mars\u00a02026");
	CHECK_STR(fmt_date_text_long(&a, LANG_FR, "2026-08-15"), "15\u00a0août\u00a02026");
	CHECK_STR(fmt_date_text_long(&a, LANG_FR, "soon"), "soon");
	setenv("TZ", "America/Toronto", 1);
	tzset();
	/* 2026-03-27 18:30 UTC = 14:30 in Toronto (EDT) */
	int64_t us = ((int64_t)d * 86400 + 18 * 3600 + 30 * 60) * 1000000;
	CHECK_STR(fmt_time(&a, LANG_EN, us), "14:30");
	CHECK_STR(fmt_time(&a, LANG_FR, us), "14\u00a0h\u00a030");
	CHECK_STR(fmt_datetime(&a, LANG_FR, us), "2026-03-27 14\u00a0h\u00a030");
	arena_free(&a);
}

/* ---- forms ---- */

static void
test_form_parse(void)
{
	struct arena a;
	arena_init(&a);
	struct form f;
	const char *body = "given_name=%C3%88ve+&family_name=%20O%27Neil%20&empty=&flag&"
	    "note=line1%0D%0Aline2";
	CHECK_INT(form_parse(&f, &a, body, strlen(body)), 0);
	CHECK_STR(form_get(&f, "given_name"), "Ève");
	CHECK_STR(form_get(&f, "family_name"), "O'Neil");
	CHECK_STR(form_get_raw(&f, "family_name"), " O'Neil ");   /* passwords keep their spaces */
	CHECK_STR(form_get(&f, "empty"), "");
	CHECK_STR(form_get(&f, "flag"), "");
	CHECK_STR(form_get(&f, "note"), "line1\nline2");
	CHECK(form_get(&f, "missing") == NULL);
	/* NFC: "E" + combining acute becomes "É" */
	const char *nfd = "n=E%CC%81";
	CHECK_INT(form_parse(&f, &a, nfd, strlen(nfd)), 0);
	CHECK_STR(form_get(&f, "n"), "É");
	const char *bad[] = { "a=%zz", "a=%4", "a=%00", "a=%C3%28", "a=%07", "a=%7F" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(form_parse(&f, &a, bad[i], strlen(bad[i])), -1);
	/* too many fields */
	char many[FORM_MAX_FIELDS * 4 + 16] = "";
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		strcat(many, "a=1&");
	CHECK_INT(form_parse(&f, &a, many, strlen(many)), -1);
	form_parse(&f, &a, "", 0);
	form_error(&f, "x", "Enter x");
	form_error(&f, "x", "again");
	CHECK_INT((int)f.nerr, 1);
	CHECK_STR(form_error_text(&f, "x"), "Enter x");
	CHECK(!form_has_error(&f, "y"));
	arena_free(&a);
}

static void
test_page_paths(void)
{
	enum lang l = LANG_EN;
	CHECK_INT(http_page_lang("/fr", &l), 0);
	CHECK_INT(l, LANG_FR);
	CHECK_INT(http_page_lang("/en/cases/1", &l), 0);
	CHECK_INT(l, LANG_EN);
	CHECK_INT(http_page_lang("/english", NULL), -1);
	CHECK_INT(http_page_lang("/api/v1/x", NULL), -1);
	CHECK_INT(http_page_lang("", NULL), -1);
	CHECK_STR(web_safe_next("/fr/my-files?x=1", "/en"), "/fr/my-files?x=1");
	CHECK_STR(web_safe_next("//evil.example/en", "/en"), "/en");
	CHECK_STR(web_safe_next("https://evil.example/", "/en"), "/en");
	CHECK_STR(web_safe_next("/en//evil", "/en"), "/en");
	CHECK_STR(web_safe_next("/en/a\\b", "/en"), "/en");
	CHECK_STR(web_safe_next("/api/v1/me", "/en"), "/en");
	CHECK_STR(web_safe_next(NULL, "/en"), "/en");
}

T_MAIN(
	{ "html escaping", test_html_escaping },
	{ "html misuse aborts", test_html_misuse },
	{ "url encode", test_url_encode },
	{ "catalogue", test_catalogue },
	{ "msgcat refuses one-language messages", test_msgcat_refuses },
	{ "formats", test_formats },
	{ "form parse", test_form_parse },
	{ "page paths", test_page_paths },
)
