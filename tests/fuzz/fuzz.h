/* fuzz.h: the libFuzzer entry point every target defines. The same targets are linked with
 * replay.c (always) to run their corpus as a regression test, or with -fsanitize=fuzzer
 * (meson -Dfuzz=true, clang) to search for new crashing inputs. */
#ifndef PASSERELLE_FUZZ_H
#define PASSERELLE_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
