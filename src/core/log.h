/* log: structured one-line logs on stderr: "ts=... level=... rid=... msg=...".
 * Thread-safe. The request id is thread-local (log_set_rid). Never pass personal data,
 * passwords or tokens: log ids only. User-controlled strings must go through log_safe(). */
#ifndef PASSERELLE_LOG_H
#define PASSERELLE_LOG_H
#include <stddef.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level lvl);
void log_set_rid(const char *rid); /* borrows; NULL clears */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies s into out (size outn) with control bytes, quotes and backslashes escaped. */
const char *log_safe(const char *s, char *out, size_t outn);

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
