/* The search index (doc/search.md): what every page says, cut into words
 * with ICU, folded (fold.h) and stemmed (stem.h), gathered per language
 * while the pages are composed, and written as content-hashed files beside
 * the site for the search page and 'skylt search'. */
#ifndef SKYLT_SEARCH_H
#define SKYLT_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>

#include "diag.h"
#include "model.h"
#include "output.h"

/* One per thread of the render stage: its ICU word breakers, stemmers and
 * the postings of the pages it indexed. Not to be shared. */
struct search_words;

/* One page as a reader of one language finds it: its address, title and
 * excerpt. Owned by the caller's array (one per render item). */
struct search_doc {
	char *url;     /* relative to the language's search page */
	char *title;   /* not owned: the page's */
	char *excerpt; /* the summary, else the body's first sentences */
	const char *term, *abbr; /* not owned */
	const char *tag, *dir;	 /* the text's language when it is not the
				    index's: BCP 47 and direction; else NULL */
	int fallback;		 /* shown untranslated */
	int indexed;		 /* set for every page of the index */
	char *words; /* each word the page gave the index once, as written,
			with its fields' bits: "BITS WORD\n" lines, for the
			next build (search_cache_save); malloc'd */
};

/* What an earlier build's index took from one page. */
struct search_kept {
	char *hash;    /* struct page's hash of the page it came from */
	char *excerpt; /* NULL: none */
	char *words;   /* as search_doc's */
};

/* Indexes set doc in language lang as search_page and search_body would,
 * from what an earlier build took from the same page, without its text. */
void search_page_again(struct search_words *w, const struct site *s,
		       size_t doc, size_t lang, const struct search_kept *k,
		       struct search_doc *out);

/* The pages of one language as the last build's index took them, kept
 * beside the output dest ("words-sv" in its cache folder, output.h), so
 * that the next build indexes a page without reading it again. */
struct search_cache;
/* NULL when there is none, or it was made with other globals (deps.h). */
struct search_cache *search_cache_load(const char *dest, const char *code,
				       uint64_t globals);
/* Set rel's entry if it was taken from a page with this hash, else NULL. */
const struct search_kept *search_cache_get(const struct search_cache *c,
					   const char *rel, const char *hash);
void search_cache_free(struct search_cache *c);
/* Writes language lang's docs (one per set, in set order). */
void search_cache_save(const char *dest, const struct site *s, size_t lang,
		       const struct search_doc *docs, uint64_t globals);

/* Indexes set number doc (in s->sets) as shown in language lang: its
 * front matter now, its body when search_body is given the tree. */
void search_page(struct search_words *w, const struct site *s, size_t doc,
		 size_t lang, struct search_doc *out);
void search_body(struct search_words *w, struct search_doc *sd,
		 cmark_node *body);

struct search_words *search_words_new(const struct config *cfg);
void search_words_free(struct search_words *w);

/* Writes every language's index into out (docs: nlangs × nsets, language
 * major; words: every thread's), or with only set, those languages l for
 * which only[l] is non-zero (their docs and words must all be there). Sets
 * names[lang] to the manifest's file name relative to <code>/sok/,
 * malloc'd. Returns 0 or -1. */
int search_write(const struct site *s, struct search_doc *docs,
		 struct search_words **words, size_t nwords,
		 struct output *out, const unsigned char *only, char **names,
		 struct diags *d);
void search_docs_release(struct search_doc *docs, size_t n);

/* The folder of each language's search page and index (<lang>/sok/): no
 * content page may have this path (load.c refuses one). */
#define SEARCH_SLUG "sok"

#endif
