/* A tiny test harness: each unit test file is one program that runs its cases,
 * prints each failure as file:line, and ends with "N passed, M failed". */
#ifndef SKYLT_HARNESS_H
#define SKYLT_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			harness_passed++;                                      \
		} else {                                                       \
			harness_failed++;                                      \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                         \
			harness_passed++;                                      \
		} else {                                                       \
			harness_failed++;                                      \
			fprintf(                                               \
			    stderr,                                            \
			    "%s:%d: check failed: %s\n  got:  %s\n  want: "    \
			    "%s\n",                                            \
			    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",      \
			    w_ ? w_ : "(null)");                               \
		}                                                              \
	} while (0)

#define CHECK_CONTAINS(hay, needle)                                            \
	do {                                                                   \
		const char *h_ = (hay), *n_ = (needle);                        \
		if (h_ && n_ && strstr(h_, n_)) {                              \
			harness_passed++;                                      \
		} else {                                                       \
			harness_failed++;                                      \
			fprintf(stderr,                                        \
				"%s:%d: check failed: %s contains %s\n  in: "  \
				"%s\n",                                        \
				__FILE__, __LINE__, #hay, n_ ? n_ : "(null)",  \
				h_ ? h_ : "(null)");                           \
		}                                                              \
	} while (0)

/* Prints the totals and returns the exit status for main. */
static inline int harness_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, harness_passed,
	       harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
