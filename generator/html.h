/* Writing HTML5: from a libxml2 tree (a rendered body) or piece by piece (the
 * template engine, which builds no tree). Text and attribute values are
 * always escaped here, so no value can become markup. */
#ifndef SKYLT_HTML_H
#define SKYLT_HTML_H

#include <libxml/tree.h>

#include "buf.h"

/* Appends the children of parent: elements, text and comments. */
void html_serialise_children(xmlNodePtr parent, struct buf *out);

/* "<name". */
void html_open(struct buf *out, const char *name);
/* An attribute of the element being opened: prefix ("xml") may be NULL, and
 * value NULL writes the name alone. href, src and action are escaped as
 * URLs. */
void html_attr(struct buf *out, const char *element, const char *prefix,
	       const char *name, const char *value);
/* Ends the start tag. Returns 0 for a void element (br, img, meta …), which
 * takes no content and no end tag; 1 when content and html_close follow. */
int html_open_end(struct buf *out, const char *name);
void html_close(struct buf *out, const char *name);
/* Text inside element (NULL at the top), escaped; inside script and style,
 * as it stands. */
void html_text(struct buf *out, const char *element, const char *s);

#endif
