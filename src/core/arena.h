/* arena: per-request bump allocator with deferred cleanups.
 * Everything allocated from an arena lives until arena_free(); handlers never free().
 * Foreign objects (jansson values, ...) get an arena_defer() cleanup, run in reverse order.
 * Not thread-safe: an arena belongs to one request, handled by one thread at a time. */
#ifndef PASSERELLE_ARENA_H
#define PASSERELLE_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_defer;

struct arena {
	struct arena_chunk *head;
	struct arena_defer *defers;
	size_t total;   /* bytes handed out, for the per-request cap */
};

void arena_init(struct arena *a);
/* Returns zeroed memory owned by the arena, aligned for any type. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Registers fn(p) to run at arena_free(). */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Runs the cleanups, frees every chunk; the arena may be reused after arena_init(). */
void arena_free(struct arena *a);

#endif
