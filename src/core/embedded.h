/* embedded: files compiled into the binary by tools/embed.c (see meson.build):
 * migrations, program definitions and reference data, named by their repository path. */
#ifndef PASSERELLE_EMBEDDED_H
#define PASSERELLE_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;           /* e.g. "sql/sqlite/0001_init.sql" */
	const unsigned char *data;  /* NUL-terminated */
	size_t len;                 /* without the NUL */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* NULL when absent. */
const struct embedded_file *embedded_get(const char *name);

#endif
