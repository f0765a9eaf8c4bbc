/* Markdown to DOM. Each cmark-gfm node becomes a libxml2 element or text node
 * in place: no HTML string is ever produced or parsed, so nothing in a page's
 * text can become markup. The templates stage then takes the fragment. */
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
	size_t heading; /* index of the next heading's id in a */
	int rtl;	/* the body's base direction */
	int plain;	/* inside code: no isolation, code is shown as it is */
};

static void S_children(struct S_ctx *c, cmark_node *n, xmlNodePtr parent);

static xmlNodePtr S_el(struct S_ctx *c, xmlNodePtr parent, const char *name)
{
	xmlNodePtr e = xmlNewDocNode(c->doc, NULL, BAD_CAST name, NULL);
	xmlAddChild(parent, e);
	return e;
}

/* xmlNewProp stores the value as a text node as it stands (unlike
 * xmlNewDocProp, which parses entities), so a '&' in a URL stays one. */
static void S_attr(xmlNodePtr e, const char *name, const char *value)
{
	xmlNewProp(e, BAD_CAST name, BAD_CAST value);
}

/* Text through xmlNewDocTextLen only: xmlNewChild would parse entities in
 * it (TRAPS.md), and "&lt;" written by an author must stay four characters. */
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

/* The plain text of an image's description, for alt: markup inside it
 * (emphasis, code, a nested link) contributes only its words. */
static void S_plain(cmark_node *n, struct buf *b)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		cmark_node_type t = cmark_node_get_type(k);
		const char *lit = cmark_node_get_literal(k);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			if (lit)
				buf_puts(b, lit);
		} else if (t == CMARK_NODE_SOFTBREAK ||
			   t == CMARK_NODE_LINEBREAK) {
			buf_putc(b, ' ');
		} else {
			S_plain(k, b);
		}
	}
}

static int S_is(cmark_node *n, const char *type)
{
	const char *t = cmark_node_get_type_string(n);
	return t && strcmp(t, type) == 0;
}

/* A paragraph directly in an item of a tight list is written without <p>,
 * as CommonMark's own HTML does. */
static int S_in_tight_item(cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

/* Blocks that are written at all: raw HTML is dropped, and must not leave
 * the line break that would have separated it behind. */
static int S_emits_block(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
	       t != CMARK_NODE_HTML_BLOCK;
}

/* A table. Rows and cells are written with no line breaks between them: the
 * golden output (tests/render/) shows each table as one line. Alignment
 * becomes a class, never style: the Content-Security-Policy allows no
 * inline style. */
static void S_table(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr table = S_el(c, parent, "table");
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(n);
	xmlNodePtr head = NULL, body = NULL;
	for (cmark_node *row = cmark_node_first_child(n); row;
	     row = cmark_node_next(row)) {
		int header = S_is(row, "table_header");
		xmlNodePtr group;
		if (header) {
			if (!head)
				head = S_el(c, table, "thead");
			group = head;
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
				S_attr(td, "scope", "col");
			uint8_t a = align && col < ncols ? align[col] : 0;
			const char *cls = a == 'l'   ? "align-left"
					  : a == 'c' ? "align-center"
					  : a == 'r' ? "align-right"
						     : NULL;
			if (cls)
				S_attr(td, "class", cls);
			S_children(c, cell, td);
		}
	}
}

static void S_heading(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	char tag[4];
	int level = cmark_node_get_heading_level(n);
	snprintf(tag, sizeof tag, "h%d", level >= 1 && level <= 6 ? level : 6);
	xmlNodePtr e = S_el(c, parent, tag);
	/* anchors_compute walked the same tree in the same order, so the
	 * k-th heading here is the k-th id there. */
	if (c->a && c->heading < c->a->n)
		S_attr(e, "id", c->a->ids[c->heading]);
	c->heading++;
	S_children(c, n, e);
}

static void S_list(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	xmlNodePtr e = S_el(c, parent, ordered ? "ol" : "ul");
	int start = cmark_node_get_list_start(n);
	if (ordered && start != 1) {
		char num[16];
		snprintf(num, sizeof num, "%d", start);
		S_attr(e, "start", num);
	}
	S_children(c, n, e);
}

static void S_code_block(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	/* Code reads left to right in every language. */
	xmlNodePtr pre = S_el(c, parent, "pre");
	S_attr(pre, "dir", "ltr");
	xmlNodePtr code = S_el(c, pre, "code");
	/* cmark has trimmed and unescaped the info string; its first word
	 * names the language. */
	const char *info = cmark_node_get_fence_info(n);
	size_t len = info ? strcspn(info, " \t") : 0;
	if (len) {
		char *cls = xasprintf("language-%.*s", (int)len, info);
		S_attr(code, "class", cls);
		free(cls);
	}
	c->plain = 1;
	S_text(c, code, cmark_node_get_literal(n));
	c->plain = 0;
}

static void S_link(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr e = S_el(c, parent, "a");
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	/* An empty destination is still a link: href="" keeps it one. */
	S_attr(e, "href", url ? url : "");
	if (title && *title)
		S_attr(e, "title", title);
	S_children(c, n, e);
}

static void S_image(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr e = S_el(c, parent, "img");
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	S_attr(e, "src", url ? url : "");
	struct buf alt = BUF_INIT;
	S_plain(n, &alt);
	/* alt="" is written even when empty: it marks the image as
	 * decorative rather than undescribed. */
	S_attr(e, "alt", alt.ptr);
	buf_release(&alt);
	if (title && *title)
		S_attr(e, "title", title);
}

static void S_node(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		S_children(c, n,
			   S_in_tight_item(n) ? parent : S_el(c, parent, "p"));
		return;
	case CMARK_NODE_HEADING:
		S_heading(c, n, parent);
		return;
	case CMARK_NODE_BLOCK_QUOTE:
		S_children(c, n, S_el(c, parent, "blockquote"));
		return;
	case CMARK_NODE_LIST:
		S_list(c, n, parent);
		return;
	case CMARK_NODE_ITEM:
		S_children(c, n, S_el(c, parent, "li"));
		return;
	case CMARK_NODE_CODE_BLOCK:
		S_code_block(c, n, parent);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		S_el(c, parent, "hr");
		return;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		return; /* never written; the link stage reports it */
	case CMARK_NODE_TEXT:
		S_text(c, parent, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
		S_put(c, parent, "\n", 1);
		return;
	case CMARK_NODE_LINEBREAK:
		S_el(c, parent, "br");
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
	case CMARK_NODE_LINK:
		S_link(c, n, parent);
		return;
	case CMARK_NODE_IMAGE:
		S_image(c, n, parent);
		return;
	default:
		break;
	}
	/* cmark-gfm's extensions register their node types at run time, so
	 * they are known by name, not by a constant. Anything else unknown
	 * (custom nodes, footnotes, which are not enabled) keeps only its
	 * children: its own output would be raw HTML. */
	if (S_is(n, "table"))
		S_table(c, n, parent);
	else if (S_is(n, "strikethrough"))
		S_children(c, n, S_el(c, parent, "del"));
	else
		S_children(c, n, parent);
}

static void S_children(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		/* A line break between blocks keeps the HTML readable; inline
		 * content and <pre> get no added whitespace, where it would
		 * show. */
		if (S_emits_block(k) && parent->children)
			S_put(c, parent, "\n", 1);
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
	/* An HTML document, so that serialising it follows the HTML rules
	 * (<br>, not <br/>) and writes raw UTF-8. */
	xmlDocPtr d = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr root = xmlNewDocNode(d, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(d, root);
	render_body(doc, a, rtl, root);
	return d;
}
