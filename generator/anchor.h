/* Heading anchors: stable, readable, unique ids for the headings of one page,
 * computed once after parsing so that links can check #fragments. */
#ifndef SKYLT_ANCHOR_H
#define SKYLT_ANCHOR_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "hmap.h"

struct anchors {
	char **ids; /* one per heading, in document order, then the footnotes'
		       ids (render.c writes them); owned */
	size_t n;
	struct hmap index; /* every id, so that a lookup is constant time */
	char **sorted;	   /* after anchors_compact: the ids in strcmp order,
			      in place of index (not owned: ids') */
};

/* Computes an id for every heading of doc from its text: NFKC case-folded,
 * letters and digits of any script kept, everything else collapsed to single
 * hyphens; "section" when nothing is left; -2, -3 … appended on repeats.
 * Then, if doc has footnotes: "footnotes", "fn-N" and "fnref-N[-K]".
 * Linear in the number of headings, however many repeat. */
void anchors_compute(cmark_node *doc, struct anchors *out);
int anchors_has(const struct anchors *a, const char *id);
/* Trades the index for a sorted array, a third of its size, for anchors
 * kept until every page is composed. Lookups stay logarithmic. */
void anchors_compact(struct anchors *a);
void anchors_release(struct anchors *a);

#endif
