/* Writing the site without ever leaving a half-written one. A first build
 * writes into a fresh sibling folder that is renamed into place in one step.
 * A rebuild compares each file with the one in place and stages only those
 * whose bytes changed; nothing in the output is touched until the build has
 * succeeded, and then the staged files are renamed over the old ones (a file
 * is never seen half-written) and files the site no longer has are removed.
 * Unchanged files are not rewritten and keep their timestamps. */
#ifndef SKYLT_OUTPUT_H
#define SKYLT_OUTPUT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "diag.h"

struct output_file; /* a file of this build: its path and, if staged, where */

struct output {
	char *dest;   /* the output folder, e.g. "site" */
	char *next;   /* the fresh folder, or the staging folder of a rebuild */
	int updating; /* dest holds a previous build: stage changed files */
	atomic_size_t written; /* files whose bytes changed or are new */
	atomic_size_t kept;    /* files identical to the previous build */
	atomic_uint staged;    /* names the staged files: 0, 1, … */
	pthread_mutex_t lock;  /* guards files */
	struct output_file *files;
	size_t nfiles, cap;
};

/* Prepares the output. Refuses a dest that exists but does not look like a
 * site skylt built (so that -o never deletes someone's folder). Returns 0,
 * or -1 with an error in d. */
int output_begin(struct output *o, const char *dest, struct diags *d);

/* Writes rel ("sv/ansvar/index.html"). Safe to call from several threads.
 * Returns 0 or -1. */
int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d);

/* Copies every regular file under src into rel/ of the output. */
int output_copy_tree(struct output *o, const char *src, const char *rel,
		     struct diags *d);

/* Puts the new build in place and removes what the previous one had and this
 * one has not. Returns 0, or -1 with an error in d. */
int output_commit(struct output *o, struct diags *d);

/* Leaves dest as it was and removes what was written. */
void output_abort(struct output *o);

/* After a commit: the site-relative paths of this build's files, sorted. */
size_t output_count(const struct output *o);
const char *output_path(const struct output *o, size_t i);
/* The size and modification time file i had when it was written or found
 * unchanged; renaming it into place kept both. */
void output_stat(const struct output *o, size_t i, off_t *size,
		 struct timespec *mtime);

/* Frees what o holds; after output_commit or output_abort. */
void output_release(struct output *o);

#endif
