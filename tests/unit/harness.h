/* A tiny test harness: each unit test file is one program that runs its cases,
 * prints each failure as file:line, and ends with "N passed, M failed". */
#ifndef SKYLT_HARNESS_H
#define SKYLT_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
/* Writes text to path (relative to the test's folder), making its folders
 * first: the files of a small project for a test. */
static inline void harness_write(const char *path, const char *text)
{
	size_t n = strlen(path);
	char *dir = malloc(n + 1);
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0755);
			*p = '/';
		}
	free(dir);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static inline int harness_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, harness_passed,
	       harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
