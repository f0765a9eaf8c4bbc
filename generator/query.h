/* Answers a query from a built search index the way the search page does
 * (doc/search.md, "The query"), for 'skylt search' and the tests that
 * compare the two. */
#ifndef SKYLT_QUERY_H
#define SKYLT_QUERY_H

#include <stddef.h>

#include "diag.h"

struct query_hit {
	char *path;  /* the page's folder, relative to the site: "sv/ansvar/" */
	char *title;
};

struct query_result {
	struct query_hit *hits; /* the best, at most the index's "shown" */
	size_t nhits;
	size_t total; /* every page with at least one of the words */
};

/* Runs query (UTF-8; invalid bytes are U+FFFD) against the index of
 * language code in the built site folder site. Returns 0, or -1 with an
 * error in d when there is no readable index. */
int query_run(const char *site, const char *code, const char *query,
	      struct query_result *r, struct diags *d);
void query_result_release(struct query_result *r);

#endif
