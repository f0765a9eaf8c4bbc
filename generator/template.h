/* Natural templates: well-formed XHTML files parsed once by libxml2 and filled
 * through attributes in the urn:skylt:template namespace (see
 * templates/README.md). Pages are built as DOM and serialised with every text
 * escaped, so no value can break the markup: text is always text. */
#ifndef SKYLT_TEMPLATE_H
#define SKYLT_TEMPLATE_H

#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"

/* A value that templates read: string, boolean, list, map or a DOM fragment.
 * Every constructor returns a new value the caller owns until it hands it to
 * tv_push or tv_set, which take ownership. */
struct tv;

struct tv *tv_str(const char *s); /* copies s */
struct tv *tv_str_owned(char *s); /* takes the malloc'd s */
struct tv *tv_bool(int b);
struct tv *tv_list(void);
struct tv *tv_map(void);
/* Takes the document: the children of its root element are the fragment. */
struct tv *tv_fragment(xmlDocPtr doc);
void tv_push(struct tv *list, struct tv *item);
/* Sets key in map, replacing (and freeing) any previous value. */
void tv_set(struct tv *map, const char *key, struct tv *v);
void tv_set_str(struct tv *map, const char *key, const char *s);
/* Looks up a dotted path ("page.title") from map; NULL when absent. */
const struct tv *tv_get(const struct tv *map, const char *path);
/* The string of a string value; NULL for any other type. */
const char *tv_string(const struct tv *v);
void tv_free(struct tv *v);

struct tmpl_set;

/* Parses every *.xhtml file in dir. Reports malformed XML and misuse of
 * template attributes to d with file:line; returns NULL when any error was
 * reported. */
struct tmpl_set *tmpl_load(const char *dir, struct diags *d);
void tmpl_free(struct tmpl_set *ts);
int tmpl_has(const struct tmpl_set *ts, const char *name);

/* Fills the template called name (e.g. "page.xhtml"), following s:extends, with
 * data, and returns a new HTML document the caller frees with xmlFreeDoc; NULL
 * with an error in d when the template is missing. Several threads may render
 * from one set at once. The nodes of data's fragments are moved into the
 * page, not copied: those fragments are empty afterwards. */
xmlDocPtr tmpl_render(const struct tmpl_set *ts, const char *name,
		      const struct tv *data, struct diags *d);

/* Serialises doc as HTML5: <!DOCTYPE html>, raw UTF-8, void elements without
 * end tags. Appends to out. */
void html_serialise(xmlDocPtr doc, struct buf *out);
/* Serialises the children of parent the same way (a body without a page). */
void html_serialise_children(xmlNodePtr parent, struct buf *out);

#endif
