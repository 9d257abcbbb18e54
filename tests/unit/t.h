/* t.h: the unit-test harness. Each test binary is a list of T_CASE functions run by
 * T_MAIN; every CHECK counts as one assertion. The binary prints failures with file:line and
 * ends with "N passed, N failed" (assertions); it exits non-zero when any failed. */
#ifndef PASSERELLE_T_H
#define PASSERELLE_T_H
#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;
static const char *t_case_name = "";

#define CHECK(cond)                                                                            \
	do {                                                                                   \
		if (cond)                                                                      \
			t_passed++;                                                            \
		else {                                                                         \
			t_failed++;                                                            \
			fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, t_case_name,  \
			    #cond);                                                            \
		}                                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                                        \
	do {                                                                                   \
		const char *t_a_ = (a), *t_b_ = (b);                                            \
		if (t_a_ && t_b_ && strcmp(t_a_, t_b_) == 0)                                     \
			t_passed++;                                                            \
		else {                                                                         \
			t_failed++;                                                            \
			fprintf(stderr, "FAIL %s:%d [%s]: %s == %s (\"%s\" vs \"%s\")\n", __FILE__,  \
			    __LINE__, t_case_name, #a, #b, t_a_ ? t_a_ : "(null)",                 \
			    t_b_ ? t_b_ : "(null)");                                           \
		}                                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                                        \
	do {                                                                                   \
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);                         \
		if (t_a_ == t_b_)                                                              \
			t_passed++;                                                            \
		else {                                                                         \
			t_failed++;                                                            \
			fprintf(stderr, "FAIL %s:%d [%s]: %s == %s (%lld vs %lld)\n", __FILE__,      \
			    __LINE__, t_case_name, #a, #b, t_a_, t_b_);                            \
		}                                                                              \
	} while (0)

typedef void (*t_fn)(void);
struct t_case {
	const char *name;
	t_fn fn;
};

#define T_MAIN(...)                                                                            \
	int main(void)                                                                         \
	{                                                                                      \
		static const struct t_case cases[] = { __VA_ARGS__ };                           \
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {                 \
			t_case_name = cases[i].name;                                            \
			cases[i].fn();                                                          \
		}                                                                              \
		printf("%d passed, %d failed\n", t_passed, t_failed);                          \
		return t_failed ? 1 : 0;                                                       \
	}
#define T(fn) { #fn, fn }

#endif
