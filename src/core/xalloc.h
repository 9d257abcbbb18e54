/* xalloc: allocation that never returns NULL.
 * Out-of-memory is a bug here (every input is bounded), so these abort with a log line.
 * xcalloc/xreallocarray check n*size overflow. Returned memory is owned by the caller (free()). */
#ifndef PASSERELLE_XALLOC_H
#define PASSERELLE_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
