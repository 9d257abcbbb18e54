/* buf: growable byte buffer (string builder). Always NUL-terminated after any put.
 * Owned by its user: buf_free() releases; buf_take() hands the bytes over (free()). */
#ifndef PASSERELLE_BUF_H
#define PASSERELLE_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t n, cap;
};

void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

#endif
