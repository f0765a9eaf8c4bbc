/* The whole pipeline of DESIGN.md: configuration, loading, the model, links,
 * rendering and output, with the page-independent stages in a thread pool. */
#ifndef SKYLT_BUILD_H
#define SKYLT_BUILD_H

#include <stdatomic.h>
#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "model.h"

struct build_opts {
	const char *out; /* output folder, relative to the project */
	size_t jobs;	 /* threads; 0 for one per processor */
	int write;	 /* 0: build in memory only (skylt check) */
	int werror;	 /* warnings fail the build: nothing is written */
	int progress;	 /* show a progress line (on a terminal) once the
			    build has taken two seconds */
	const atomic_int *stop; /* set from another thread to give up the
				   build soon, leaving the output as it
				   was; NULL: never */
	/* Called once if another build holds the output's lock, before
	   waiting for it (NULL: wait without a word). */
	void (*waiting)(const char *lock, void *arg);
	void *waiting_arg;
};

struct build_stats {
	size_t pages;	/* HTML pages produced, fallbacks included */
	size_t sources; /* content files read */
	size_t languages;
	size_t written;	     /* files whose bytes changed */
	size_t unchanged;    /* files identical to the previous build */
	size_t made;	     /* HTML pages composed (the others were kept) */
	size_t read;	     /* content files parsed (the others were taken
				from the last build's record) */
	int nothing_changed; /* the inputs were those of the output in place:
				nothing was built */
	double seconds;	     /* how long the build took */
};

enum build_status {
	BUILD_OK = 0,
	BUILD_ERRORS = 1, /* content, configuration or templates are wrong */
	BUILD_IO = 3	  /* the output could not be written */
};

/* What every command reads: the configuration and the site model. */
struct project {
	struct config cfg;
	struct site site;
	struct text_store *texts; /* one per loading thread: the pages' text */
	size_t ntexts;
};

/* Reads content/site.yaml and every page (in parallel on jobs threads, 0 for
 * one per processor) and builds the model. Returns BUILD_OK, or BUILD_ERRORS
 * with the errors in d (unsorted); release p in either case. */
enum build_status project_load(struct project *p, size_t jobs, struct diags *d);
/* The same, taking each page that is unchanged from cache (NULL: none),
 * and with drop, letting go of each page's text once it is loaded: such a
 * page's text is read again when needed (load.h, page_text). */
struct page_cache;
enum build_status project_load_cached(struct project *p, size_t jobs,
				      const struct page_cache *cache, int drop,
				      struct diags *d);
void project_release(struct project *p);

/* Builds the project in the current directory. Diagnostics go to d, sorted;
 * the previous output is replaced only when the status is BUILD_OK. */
enum build_status build_site(const struct build_opts *o, struct build_stats *st,
			     struct diags *d);

#endif
