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
/* A value (not the template's own text) inside element: escaped as
 * html_text does, and inside script or style with '<', '>' and '&' written
 * as escapes of the element's language (\u003c, \3c ), so that no value can
 * end the element or open a comment in it. */
void html_value(struct buf *out, const char *element, const char *s);
/* Is attribute name (any case) one whose value the browser follows as an
 * address: href, src, action, formaction …? */
int html_url_attr(const char *name);
/* Is url safe to follow: no scheme (a relative address), or http:, https:,
 * mailto: or tel:? Schemes are found as browsers find them, after leading
 * blanks and control characters and ignoring tabs and line breaks, so
 * " java\tscript:" is refused. */
int html_url_safe(const char *url);

#endif
