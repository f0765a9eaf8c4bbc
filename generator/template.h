/* Natural templates: well-formed XHTML files parsed once by libxml2 and filled
 * through attributes in the urn:skylt:template namespace (see
 * templates/README.md). A page is written from the template's tree as it is
 * walked, every value escaped as it is written (html.c), so no value can break
 * the markup: text is always text. */
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
/* Marks the string value v as written in language tag (BCP 47) and direction
 * dir ("ltr", "rtl" or NULL), because it is not in the page's language (a UI
 * string that fell back to the source). Where the template writes it with
 * s:text, its element (or, for an s:omit element, a <span> around it) gets
 * lang= and dir=; with s:attr-*, the attribute's element does, and its
 * children take the page's language back. Copies tag and dir. */
void tv_mark_lang(struct tv *v, const char *tag, const char *dir);
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
 * data, and appends the page as HTML5 (<!DOCTYPE html>, raw UTF-8, void
 * elements without end tags) to out. Returns 0, or -1 with an error in d when
 * the template is missing. Several threads may render from one set at once;
 * data is only read. */
int tmpl_render(const struct tmpl_set *ts, const char *name,
		const struct tv *data, struct buf *out, struct diags *d);

#endif
