#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level log_level = LOG_INFO;
static _Thread_local const char *log_rid;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void
log_set_level(enum log_level lvl)
{
	log_level = lvl;
}

void
log_set_rid(const char *rid)
{
	log_rid = rid;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	if (lvl > log_level)
		return;
	char line[2048];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(line, sizeof(line), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s%s%s msg=\"",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    ts.tv_nsec / 1000000, level_names[lvl], log_rid ? " rid=" : "", log_rid ? log_rid : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 2, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(line) - 3)
		len = sizeof(line) - 3;
	line[len++] = '"';
	line[len++] = '\n';
	/* One write(2) per line, bypassing stdio's lock: lines from threads do not interleave
	 * (each is well under PIPE_BUF) and busy threads do not queue behind one another. */
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

const char *
log_safe(const char *s, char *out, size_t outn)
{
	size_t j = 0;
	if (outn == 0)
		return "";
	for (; s && *s && j + 5 < outn; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			j += (size_t)snprintf(out + j, outn - j, "\\x%02x", c);
		else
			out[j++] = (char)c;
	}
	out[j] = '\0';
	return out;
}
