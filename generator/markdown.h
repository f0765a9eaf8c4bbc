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

/* How deep a body may nest: block quotes, lists and their items, emphasis,
 * links, each one level. The stages after parsing (render, serialise) walk
 * the tree by recursion, one stack frame per level; real pages stay under
 * ten levels, and this bound keeps every such walk small in any thread. */
#define MARKDOWN_MAX_DEPTH 100

/* The first node of doc, in document order, nested more than
 * MARKDOWN_MAX_DEPTH levels below it, or NULL. Linear in the tree; uses no
 * stack. */
cmark_node *markdown_too_deep(cmark_node *doc);
/* The source line of n, or of its nearest ancestor that has one. */
int markdown_line(cmark_node *n);

#endif
