/* replay: runs a fuzz target over every file of its corpus directories (the arguments, or
 * CORPUS_DIR compiled in by meson), so inputs that once crashed, and the seeds, stay tested in
 * the normal suite under the sanitizers.
 * Prints "N passed, N failed" (a crash aborts the run, which the suite counts as a failure). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int
main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	static char *def[] = { NULL, CORPUS_DIR, NULL };
	if (argc < 2) {
		argv = def;
		argc = 2;
	}
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (d == NULL) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			failed++;
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			FILE *f = fopen(path, "rb");
			if (f == NULL) {
				failed++;
				continue;
			}
			static unsigned char buf[1 << 20];
			size_t n = fread(buf, 1, sizeof(buf), f);
			fclose(f);
			LLVMFuzzerTestOneInput(buf, n);
			passed++;
		}
		closedir(d);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
