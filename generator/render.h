/* Markdown to DOM: turns a cmark-gfm syntax tree into libxml2 nodes directly,
 * never through an HTML string. */
#ifndef SKYLT_RENDER_H
#define SKYLT_RENDER_H

#include <cmark-gfm.h>
#include <libxml/tree.h>

#include "anchor.h"

/* The words a body's own markup needs, in the body's language. */
enum render_label {
	RENDER_NOTE, /* the five GitHub alerts: > [!NOTE] … */
	RENDER_TIP,
	RENDER_IMPORTANT,
	RENDER_WARNING,
	RENDER_CAUTION,
	RENDER_FOOTNOTES,     /* the heading of the footnotes */
	RENDER_FOOTNOTE_BACK, /* a footnote's link back to its reference */
	RENDER_NLABELS
};

struct render_opts {
	int rtl; /* the body's base direction */
	/* NULL entries take GitHub's English words ("Note", "Footnotes"):
	 * outside a site ('skylt render') the language is unknown. */
	const char *labels[RENDER_NLABELS];
	const char *locale;	  /* ICU locale for file sizes; NULL: root */
	const char *file_pattern; /* "{0}, {1}": a document's type and size */
};

/* Appends the body of doc as children of parent (in parent's document).
 * Headings take their ids from a, in document order. Link URLs are used as they
 * stand: the link stage has already rewritten them, and has left on a link or
 * image to a local file its struct asset (cmark's user data): an image gets
 * its size and srcset, a document link its type and size. Raw HTML tags are
 * dropped and an HTML block keeps only its text; tables, strikethrough,
 * autolinks, task lists and footnotes from cmark-gfm's extensions, and
 * GitHub's alerts (a block quote that starts with [!NOTE]), become their
 * HTML. */
void render_body(cmark_node *doc, const struct anchors *a,
		 const struct render_opts *o, xmlNodePtr parent);

/* Returns a new document whose root element (<div>) holds the rendered body:
 * the fragment form that templates take. The caller owns the document. */
xmlDocPtr render_fragment(cmark_node *doc, const struct anchors *a, int rtl);
/* The same, with the body's language's words and locale. */
xmlDocPtr render_fragment_opts(cmark_node *doc, const struct anchors *a,
			       const struct render_opts *o);

#endif
