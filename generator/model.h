/* The site model: pages grouped into translation sets (the same path in every
 * language folder), the folder hierarchy, navigation and fallbacks. Built once,
 * then read-only, so later stages can share it across threads. */
#ifndef SKYLT_MODEL_H
#define SKYLT_MODEL_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "hmap.h"
#include "load.h"

struct tset {
	char *rel;		/* shared relative path: "ansvar/kommunen" */
	struct page **by_lang;	/* one per language; NULL where untranslated */
	struct page *primary;	/* the source page, or the first translation */
	struct page **shown;	/* one per language: what a reader of it sees
				   (its translation, its fallback language's,
				   or the primary page); never NULL */
	struct tset *parent;	/* the folder page above, or NULL */
	struct tset **children; /* in navigation order */
	size_t nchildren;
	int order;
};

/* Top-level pages with at least this order (about, accessibility) are linked
 * from the footer of every page instead of the main menu. */
#define FOOTER_ORDER 90

struct assets;

struct site {
	const struct config *cfg;
	struct page **pages; /* owned; sorted by path, then language */
	size_t npages;
	struct tset **sets; /* owned; sorted by rel */
	size_t nsets;
	struct hmap by_rel; /* rel -> struct tset* */
	struct tset **nav;  /* top-level sets in navigation order */
	size_t nnav;
	struct tset **footer; /* top-level sets with order >= FOOTER_ORDER */
	size_t nfooter;
	struct tset **terms; /* the sets whose primary page is a term */
	size_t nterms;
	struct assets *assets; /* the local images and documents, set by the
				  build; NULL: none are looked up */
};

/* Takes ownership of pages (those that failed to load are left out of the
 * sets but still freed with the site). Reports pages without a source-language
 * version as warnings. */
void site_build(struct site *s, const struct config *cfg, struct page **pages,
		size_t npages, struct diags *d);
void site_release(struct site *s);
struct tset *site_find(const struct site *s, const char *rel);
/* The page shown for set t in language lang: its translation, else the
 * translation of the language's 'fallback:' (and so on down that chain), else
 * the primary page. */
struct page *tset_page(const struct tset *t, size_t lang);

#endif
