/* Markdown to DOM: turns a cmark-gfm syntax tree into libxml2 nodes directly,
 * never through an HTML string. */
#ifndef SKYLT_RENDER_H
#define SKYLT_RENDER_H

#include <cmark-gfm.h>
#include <libxml/tree.h>

#include "anchor.h"

/* Appends the body of doc as children of parent (in parent's document).
 * Headings take their ids from a, in document order. Link URLs are used as they
 * stand: the link stage has already rewritten them. Raw HTML is dropped (the
 * link stage reports it); tables, strikethrough and autolinks from cmark-gfm's
 * extensions become table, del and a. */
void render_body(cmark_node *doc, const struct anchors *a, int rtl,
		 xmlNodePtr parent);

/* Returns a new document whose root element (<div>) holds the rendered body:
 * the fragment form that templates take. The caller owns the document. */
xmlDocPtr render_fragment(cmark_node *doc, const struct anchors *a, int rtl);

#endif
