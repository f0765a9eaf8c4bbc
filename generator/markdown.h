/* Parsing Markdown bodies with cmark-gfm (GitHub's flavour: tables, autolinks,
 * strikethrough, tag filter, task lists, footnotes), safe mode, with source
 * positions. */
#ifndef SKYLT_MARKDOWN_H
#define SKYLT_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

/* Registers cmark-gfm's extensions; call once from the main thread first. */
void markdown_init(void);
/* Parses text; the caller frees the tree with cmark_node_free. */
cmark_node *markdown_parse(const char *text, size_t len);

#endif
