/* The replay driver: runs a fuzz target's LLVMFuzzerTestOneInput over each
 * file of the folders (or files) it is given, in name order, so that
 * 'make check' replays the corpora and the reproducers with gcc's sanitizer
 * build and no fuzzing engine: a fixed set of inputs, never a timed run.
 * After each input, LeakSanitizer looks for memory that the input leaked.
 * A crash ends the run with the sanitizer's report (and no totals, which the
 * test runner counts as a failure); otherwise it prints the input files it
 * read and "name: N passed, M failed", M being the inputs that leaked. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sanitizer/lsan_interface.h>

#include "fuzz.h"

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_run(const char *path, int verbose)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, len = 0;
	unsigned char *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	if (!data) {
		perror(path);
		return -1;
	}
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* A copy of exactly len bytes, so that reading past the input is
	 * caught as libFuzzer would catch it. */
	unsigned char *copy = malloc(len ? len : 1);
	memcpy(copy, data, len);
	free(data);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	if (__lsan_do_recoverable_leak_check()) {
		fprintf(stderr, "replay: %s leaked memory\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	int verbose = getenv("REPLAY_VERBOSE") != NULL;
	LLVMFuzzerInitialize(&argc, &argv);
	size_t passed = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (S_run(argv[i], verbose) == 0)
				passed++;
			else
				failed++;
			continue;
		}
		DIR *dh = opendir(argv[i]);
		if (!dh) {
			perror(argv[i]);
			failed++;
			continue;
		}
		char **files = NULL;
		size_t nfiles = 0;
		struct dirent *e;
		while ((e = readdir(dh))) {
			if (e->d_name[0] == '.')
				continue;
			files = realloc(files, (nfiles + 1) * sizeof *files);
			size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
			files[nfiles] = malloc(l);
			snprintf(files[nfiles], l, "%s/%s", argv[i], e->d_name);
			nfiles++;
		}
		closedir(dh);
		qsort(files, nfiles, sizeof *files, S_cmp);
		for (size_t k = 0; k < nfiles; k++) {
			if (S_run(files[k], verbose) == 0)
				passed++;
			else
				failed++;
			free(files[k]);
		}
		free(files);
	}
	/* In the form the test runner reads (tests/run.sh). */
	printf("%s: %zu passed, %zu failed\n", name, passed, failed);
	return failed ? 1 : 0;
}
