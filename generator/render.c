/* Markdown to DOM. Each cmark node becomes a libxml2 element or text node in
 * place: no HTML string is ever produced or parsed, so nothing in a page's text
 * can become markup. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <libxml/HTMLtree.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "buf.h"

struct S_ctx {
	xmlDocPtr doc;
	const struct anchors *a;
	size_t heading;
	int rtl;   /* the body's base direction */
	int plain; /* inside code: no isolation, code is shown as it is */
};

static void S_children(struct S_ctx *c, cmark_node *n, xmlNodePtr parent);

static xmlNodePtr S_el(struct S_ctx *c, xmlNodePtr parent, const char *name)
{
	xmlNodePtr e = xmlNewDocNode(c->doc, NULL, BAD_CAST name, NULL);
	xmlAddChild(parent, e);
	return e;
}

static void S_put(struct S_ctx *c, xmlNodePtr parent, const char *s, size_t n)
{
	if (n)
		xmlAddChild(parent,
			    xmlNewDocTextLen(c->doc, BAD_CAST s, (int)n));
}

/* Does a character of this class start a run against the base direction? */
static int S_opens(UCharDirection d, int rtl)
{
	return rtl ? d == U_LEFT_TO_RIGHT || d == U_EUROPEAN_NUMBER
		   : d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
}

/* Does it end such a run? */
static int S_closes(UCharDirection d, int rtl)
{
	return rtl ? d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC ||
			 d == U_ARABIC_NUMBER
		   : d == U_LEFT_TO_RIGHT;
}

/* Text, with each run in the other direction wrapped in <bdi>. A run starts
 * at a strong character of the other direction (or, in right-to-left text, a
 * European digit), takes in neutrals, and ends before the next strong
 * character of the base direction; neutrals at its end stay outside, so
 * punctuation around it follows the paragraph. Scanning ICU's character
 * directions rather than running ubidi keeps a phone number in one piece:
 * ubidi's levels split 0586-610 00 at its separators (TRAPS.md). */
static void S_text(struct S_ctx *c, xmlNodePtr parent, const char *s)
{
	if (!s || !*s)
		return;
	if (c->plain) {
		S_put(c, parent, s, strlen(s));
		return;
	}
	const uint8_t *u = (const uint8_t *)s;
	int32_t len = (int32_t)strlen(s), i = 0, done = 0;
	while (i < len) {
		int32_t start = i;
		UChar32 ch;
		U8_NEXT(u, i, len, ch);
		if (ch < 0 || !S_opens(u_charDirection(ch), c->rtl))
			continue;
		int32_t end = i, j = i;
		while (j < len) {
			int32_t at = j;
			U8_NEXT(u, j, len, ch);
			if (ch < 0)
				break;
			UCharDirection d = u_charDirection(ch);
			if (S_closes(d, c->rtl)) {
				j = at;
				break;
			}
			if (S_opens(d, c->rtl) || d == U_DIR_NON_SPACING_MARK ||
			    (!c->rtl &&
			     (d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER)))
				end = j;
		}
		S_put(c, parent, s + done, (size_t)(start - done));
		xmlNodePtr bdi = S_el(c, parent, "bdi");
		S_put(c, bdi, s + start, (size_t)(end - start));
		done = i = end;
	}
	S_put(c, parent, s + done, (size_t)(len - done));
}

static int S_is_block(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* The plain text of an image's description, for alt. */
static void S_plain(cmark_node *n, struct buf *b)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		const char *lit = cmark_node_get_literal(k);
		cmark_node_type t = cmark_node_get_type(k);
		if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) && lit)
			buf_puts(b, lit);
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_putc(b, ' ');
		else
			S_plain(k, b);
	}
}

static int S_tight(cmark_node *item)
{
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void S_table(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr table = S_el(c, parent, "table");
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(n);
	xmlNodePtr body = NULL;
	for (cmark_node *row = cmark_node_first_child(n); row;
	     row = cmark_node_next(row)) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		xmlNodePtr group;
		if (header) {
			group = S_el(c, table, "thead");
		} else {
			if (!body)
				body = S_el(c, table, "tbody");
			group = body;
		}
		xmlNodePtr tr = S_el(c, group, "tr");
		uint16_t col = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell;
		     cell = cmark_node_next(cell), col++) {
			xmlNodePtr td = S_el(c, tr, header ? "th" : "td");
			if (header)
				xmlNewProp(td, BAD_CAST "scope",
					   BAD_CAST "col");
			/* Classes, not style: the Content-Security-Policy
			 * allows no inline style. */
			char a = align && col < ncols ? (char)align[col] : 0;
			const char *cls = a == 'l'   ? "align-left"
					  : a == 'c' ? "align-center"
					  : a == 'r' ? "align-right"
						     : NULL;
			if (cls)
				xmlNewProp(td, BAD_CAST "class", BAD_CAST cls);
			S_children(c, cell, td);
		}
	}
}

static void S_node(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr e;
	char tag[3];
	const char *type = cmark_node_get_type_string(n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (cmark_node_parent(n) &&
		    cmark_node_get_type(cmark_node_parent(n)) ==
			CMARK_NODE_ITEM &&
		    S_tight(cmark_node_parent(n))) {
			S_children(c, n, parent);
			return;
		}
		S_children(c, n, S_el(c, parent, "p"));
		return;
	case CMARK_NODE_HEADING:
		snprintf(tag, sizeof tag, "h%d",
			 cmark_node_get_heading_level(n));
		e = S_el(c, parent, tag);
		if (c->a && c->heading < c->a->n)
			xmlNewProp(e, BAD_CAST "id",
				   BAD_CAST c->a->ids[c->heading]);
		c->heading++;
		S_children(c, n, e);
		return;
	case CMARK_NODE_BLOCK_QUOTE:
		S_children(c, n, S_el(c, parent, "blockquote"));
		return;
	case CMARK_NODE_LIST: {
		int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		e = S_el(c, parent, ordered ? "ol" : "ul");
		int start = cmark_node_get_list_start(n);
		if (ordered && start != 1) {
			char num[16];
			snprintf(num, sizeof num, "%d", start);
			xmlNewProp(e, BAD_CAST "start", BAD_CAST num);
		}
		S_children(c, n, e);
		return;
	}
	case CMARK_NODE_ITEM:
		S_children(c, n, S_el(c, parent, "li"));
		return;
	case CMARK_NODE_CODE_BLOCK: {
		/* Code reads left to right in every language. */
		xmlNodePtr pre = S_el(c, parent, "pre");
		xmlNewProp(pre, BAD_CAST "dir", BAD_CAST "ltr");
		xmlNodePtr code = S_el(c, pre, "code");
		const char *info = cmark_node_get_fence_info(n);
		if (info && *info) {
			size_t len = strcspn(info, " \t");
			char *cls = xasprintf("language-%.*s", (int)len, info);
			xmlNewProp(code, BAD_CAST "class", BAD_CAST cls);
			free(cls);
		}
		c->plain = 1;
		S_text(c, code, cmark_node_get_literal(n));
		c->plain = 0;
		return;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		S_el(c, parent, "hr");
		return;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		return; /* never output; the link stage reports it */
	case CMARK_NODE_TEXT:
		S_text(c, parent, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
		S_text(c, parent, "\n");
		return;
	case CMARK_NODE_LINEBREAK:
		S_el(c, parent, "br");
		S_text(c, parent, "\n");
		return;
	case CMARK_NODE_CODE:
		c->plain = 1;
		S_text(c, S_el(c, parent, "code"), cmark_node_get_literal(n));
		c->plain = 0;
		return;
	case CMARK_NODE_EMPH:
		S_children(c, n, S_el(c, parent, "em"));
		return;
	case CMARK_NODE_STRONG:
		S_children(c, n, S_el(c, parent, "strong"));
		return;
	case CMARK_NODE_LINK: {
		e = S_el(c, parent, "a");
		const char *url = cmark_node_get_url(n);
		xmlNewProp(e, BAD_CAST "href", BAD_CAST(url ? url : ""));
		const char *title = cmark_node_get_title(n);
		if (title && *title)
			xmlNewProp(e, BAD_CAST "title", BAD_CAST title);
		S_children(c, n, e);
		return;
	}
	case CMARK_NODE_IMAGE: {
		e = S_el(c, parent, "img");
		const char *url = cmark_node_get_url(n);
		xmlNewProp(e, BAD_CAST "src", BAD_CAST(url ? url : ""));
		struct buf alt = BUF_INIT;
		S_plain(n, &alt);
		xmlNewProp(e, BAD_CAST "alt", BAD_CAST alt.ptr);
		buf_release(&alt);
		const char *title = cmark_node_get_title(n);
		if (title && *title)
			xmlNewProp(e, BAD_CAST "title", BAD_CAST title);
		return;
	}
	default:
		break;
	}
	/* GitHub's extensions have types registered at run time. */
	if (type && strcmp(type, "table") == 0)
		S_table(c, n, parent);
	else if (type && strcmp(type, "strikethrough") == 0)
		S_children(c, n, S_el(c, parent, "del"));
	else
		S_children(c, n, parent);
}

static void S_children(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		/* A line break between blocks keeps the HTML readable without
		 * touching inline content. */
		if (S_is_block(k) && parent->children)
			S_text(c, parent, "\n");
		S_node(c, k, parent);
	}
}

void render_body(cmark_node *doc, const struct anchors *a, int rtl,
		 xmlNodePtr parent)
{
	struct S_ctx c = {parent->doc, a, 0, rtl, 0};
	S_children(&c, doc, parent);
}

xmlDocPtr render_fragment(cmark_node *doc, const struct anchors *a, int rtl)
{
	xmlDocPtr d = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr root = xmlNewDocNode(d, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(d, root);
	render_body(doc, a, rtl, root);
	return d;
}
