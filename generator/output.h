/* Writing the site: every file goes into a fresh sibling folder, which then
 * takes the place of the output folder in one atomic exchange, so a failed or
 * interrupted build never leaves a half-written site. */
#ifndef SKYLT_OUTPUT_H
#define SKYLT_OUTPUT_H

#include <stdatomic.h>
#include <stddef.h>

#include "diag.h"

struct output {
	char *dest; /* the output folder, e.g. "site" */
	char *next; /* the fresh folder being written */
	int dest_exists;
	atomic_size_t written; /* files whose bytes changed or are new */
	atomic_size_t kept;    /* files identical to the previous build */
};

/* Prepares a fresh folder beside dest. Refuses a dest that exists but does not
 * look like a site skylt built (so that -o never deletes someone's folder).
 * Returns 0, or -1 with an error in d. */
int output_begin(struct output *o, const char *dest, struct diags *d);

/* Writes rel ("sv/ansvar/index.html") in the fresh folder. A file whose bytes
 * equal the previous build's is linked from it instead, so it keeps its
 * timestamp. Safe to call from several threads. Returns 0 or -1. */
int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d);

/* Copies every regular file under src into rel/ of the fresh folder. */
int output_copy_tree(struct output *o, const char *src, const char *rel,
		     struct diags *d);

/* Puts the fresh folder in dest's place and removes the previous build.
 * Returns 0, or -1 with dest untouched. */
int output_commit(struct output *o, struct diags *d);

/* Removes the fresh folder; dest is left as it was. Frees o's strings. */
void output_abort(struct output *o);

#endif
