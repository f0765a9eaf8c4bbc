/* Markdown to DOM. Each cmark-gfm node becomes a libxml2 element or text node
 * in place: no HTML string is ever produced or parsed, so nothing in a page's
 * text can become markup. The templates stage then takes the fragment. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <libxml/HTMLtree.h>

#include <libxml/HTMLparser.h>

#include "assets.h"
#include "bidi.h"
#include "buf.h"

struct S_ctx {
	xmlDocPtr doc;
	const struct anchors *a;
	const struct render_opts *o;
	size_t heading; /* index of the next heading's id in a */
	int rtl;	/* the body's base direction */
	int plain;	/* inside code: no isolation, code is shown as it is */
	unsigned long *refs; /* references written so far, per footnote */
	size_t nrefs;
	size_t notes;	     /* footnote definitions written so far */
	xmlNodePtr notes_ol; /* the footnotes' list, once started */
	unsigned long *total; /* references in the body, per footnote */
	size_t ntotal;
	int counted; /* total is filled */
};

static const char *const S_english[RENDER_NLABELS] = {
    "Note", "Tip", "Important", "Warning", "Caution", "Footnotes",
    "Back to content"};

static const char *S_label(const struct S_ctx *c, enum render_label l)
{
	const char *v = c->o->labels[l];
	return v && *v ? v : S_english[l];
}

static void S_children(struct S_ctx *c, cmark_node *n, xmlNodePtr parent);
static void S_node(struct S_ctx *c, cmark_node *n, xmlNodePtr parent);

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

/* Text, with each run in the other direction wrapped in <bdi>: the runs
 * that bidi.c finds, the same in the templates' values. */
static void S_text(struct S_ctx *c, xmlNodePtr parent, const char *s)
{
	if (!s || !*s)
		return;
	if (c->plain) {
		S_put(c, parent, s, strlen(s));
		return;
	}
	size_t len = strlen(s), at = 0, done = 0, a, b;
	while (bidi_next_run(s, len, &at, c->rtl, &a, &b)) {
		S_put(c, parent, s + done, a - done);
		S_put(c, S_el(c, parent, "bdi"), s + a, b - a);
		done = b;
	}
	S_put(c, parent, s + done, len - done);
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

/* Is a paragraph made of raw HTML tags and blanks only? Its tags are
 * dropped, and an empty <p> would be all that is left. */
static int S_only_tags(cmark_node *para)
{
	for (cmark_node *k = cmark_node_first_child(para); k;
	     k = cmark_node_next(k)) {
		cmark_node_type t = cmark_node_get_type(k);
		if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_SOFTBREAK)
			continue;
		const char *lit = cmark_node_get_literal(k);
		if (t != CMARK_NODE_TEXT || !lit)
			return 0;
		for (; *lit; lit++)
			if (*lit != ' ' && *lit != '\t')
				return 0;
	}
	return 1;
}

/* Inline elements of HTML: their text runs on with its neighbours'. Every
 * other element separates words. */
static int S_inline_tag(const char *name)
{
	static const char *const tags[] = {
	    "a",    "abbr", "b",     "bdi",	  "bdo",  "cite", "code",
	    "data", "del",  "dfn",   "em",	  "i",	  "ins",  "kbd",
	    "mark", "q",    "s",     "samp",	  "small", "span", "strong",
	    "sub",  "sup",  "time",  "u",	  "var",  "font", "nobr"};
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (strcmp(name, tags[i]) == 0)
			return 1;
	return 0;
}

/* The text an HTML block shows, without its markup: no script or style, no
 * comments, entities decoded (they are escaped again when written). */
static void S_html_text(xmlNodePtr n, struct buf *b)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			buf_puts(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (!strcmp(name, "script") || !strcmp(name, "style") ||
			    !strcmp(name, "template"))
				continue;
			int inl = S_inline_tag(name);
			if (!inl)
				buf_putc(b, ' ');
			S_html_text(n->children, b);
			if (!inl)
				buf_putc(b, ' ');
		}
	}
}

/* The words of an HTML block, whitespace collapsed; malloc'd, "" if none. */
static char *S_html_block_text(cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct buf raw = BUF_INIT;
	if (lit && *lit) {
		htmlDocPtr h = htmlReadMemory(
		    lit, (int)strlen(lit), NULL, "UTF-8",
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
		if (h) {
			S_html_text(h->children, &raw);
			xmlFreeDoc(h);
		}
	}
	struct buf b = BUF_INIT;
	int space = 0;
	for (size_t i = 0; i < raw.len; i++) {
		char ch = raw.ptr[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, ch);
	}
	buf_release(&raw);
	return buf_detach(&b);
}

/* Blocks that are written at all: raw HTML with no text and a paragraph of
 * tags only are dropped, and must not leave the line break that would have
 * separated them behind. */
static int S_emits_block(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	if ((t & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
		return 0;
	if (t == CMARK_NODE_PARAGRAPH)
		return !S_only_tags(n);
	if (t == CMARK_NODE_HTML_BLOCK) {
		char *text = S_html_block_text(n);
		int some = *text != '\0';
		free(text);
		return some;
	}
	return 1;
}

/* A table. Rows and cells are written with no line breaks between them: the
 * golden output (tests/render/) shows each table as one line. Alignment
 * becomes a class, never style: the Content-Security-Policy allows no
 * inline style. Each body cell carries its column header's plain text in
 * data-label, which the stylesheet shows beside the cell when a narrow
 * screen lays the rows out as cards; the table stays a table. */
static void S_table(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr table = S_el(c, parent, "table");
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(n);
	xmlNodePtr head = NULL, body = NULL;
	xmlChar **label = calloc(ncols ? ncols : 1, sizeof *label);
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
			if (!header && label && col < ncols && label[col] &&
			    *label[col])
				S_attr(td, "data-label", (const char *)label[col]);
			S_children(c, cell, td);
			if (header && label && col < ncols && !label[col])
				label[col] = xmlNodeGetContent(td);
		}
	}
	for (uint16_t i = 0; label && i < ncols; i++)
		xmlFree(label[i]);
	free(label);
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
	/* A document says what it is and how big before it is opened: "
	 * (PDF, 240 kB)" after the link, in the page's language. */
	const struct asset *x = cmark_node_get_user_data(n);
	if (x) {
		char *label =
		    assets_label(x, c->o->locale, c->o->file_pattern);
		S_put(c, parent, " ", 1);
		xmlNodePtr info = S_el(c, parent, "span");
		S_attr(info, "class", "file-info");
		S_put(c, info, "(", 1);
		S_text(c, info, label);
		S_put(c, info, ")", 1);
		free(label);
	}
}

/* The folder part of a URL ("../../media/"), for the variants' URLs: they
 * sit beside the image. */
static size_t S_dir_len(const char *url)
{
	const char *slash = strrchr(url, '/');
	return slash ? (size_t)(slash - url + 1) : 0;
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
	const struct asset *x = cmark_node_get_user_data(n);
	if (!x || x->kind != ASSET_IMAGE)
		return;
	/* The size reserves the image's place before it arrives, so the text
	 * does not jump; a phone picks the narrowest variant that fills the
	 * column. */
	char num[32];
	snprintf(num, sizeof num, "%d", x->width);
	S_attr(e, "width", num);
	snprintf(num, sizeof num, "%d", x->height);
	S_attr(e, "height", num);
	if (x->nvariants) {
		size_t dir = url ? S_dir_len(url) : 0;
		struct buf set = BUF_INIT;
		for (size_t i = 0; i < x->nvariants; i++) {
			const struct asset_variant *v = &x->variants[i];
			const char *base = strrchr(v->out, '/');
			buf_printf(&set, "%.*s%s %dw, ", (int)dir, url,
				   base ? base + 1 : v->out, v->width);
		}
		buf_printf(&set, "%s %dw", url, x->width);
		S_attr(e, "srcset", set.ptr);
		buf_release(&set);
		/* main is at most 60rem wide, less its padding of 1rem on
		 * each side. */
		S_attr(e, "sizes", "(min-width: 60rem) 58rem, calc(100vw - 2rem)");
	}
	S_attr(e, "loading", "lazy");
	S_attr(e, "decoding", "async");
}

/* Which alert a block quote is, GitHub's way: its first paragraph starts
 * with [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION] (any case)
 * alone on its line. Returns the label, or -1. */
static int S_alert(cmark_node *quote)
{
	static const char *const kinds[] = {"note", "tip", "important",
					    "warning", "caution"};
	cmark_node *para = cmark_node_first_child(quote);
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return -1;
	cmark_node *t = cmark_node_first_child(para);
	const char *lit = t ? cmark_node_get_literal(t) : NULL;
	if (!t || cmark_node_get_type(t) != CMARK_NODE_TEXT || !lit ||
	    lit[0] != '[' || lit[1] != '!')
		return -1;
	cmark_node *next = cmark_node_next(t);
	if (next && cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK &&
	    cmark_node_get_type(next) != CMARK_NODE_LINEBREAK)
		return -1;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		size_t k = strlen(kinds[i]);
		if (strncasecmp(lit + 2, kinds[i], k) == 0 &&
		    lit[2 + k] == ']' && lit[3 + k] == '\0')
			return (int)i;
	}
	return -1;
}

/* An alert: a note with its kind written out as its first words, so that
 * nothing depends on colour or an icon, and role="note" (not <aside>, which
 * would make each one a landmark of the page). */
static void S_alert_block(struct S_ctx *c, cmark_node *n, int kind,
			  xmlNodePtr parent)
{
	static const char *const cls[] = {"alert alert-note", "alert alert-tip",
					  "alert alert-important",
					  "alert alert-warning",
					  "alert alert-caution"};
	xmlNodePtr box = S_el(c, parent, "div");
	S_attr(box, "class", cls[kind]);
	S_attr(box, "role", "note");
	xmlNodePtr title = S_el(c, box, "p");
	S_attr(title, "class", "alert-title");
	S_text(c, title, S_label(c, (enum render_label)kind));
	/* The first paragraph without its marker and the line break after
	 * it; nothing, if the marker was all it held. */
	cmark_node *para = cmark_node_first_child(n);
	cmark_node *first = cmark_node_first_child(para);
	cmark_node *rest = cmark_node_next(first);
	if (rest)
		rest = cmark_node_next(rest);
	if (rest) {
		S_put(c, box, "\n", 1);
		xmlNodePtr p = S_el(c, box, "p");
		for (cmark_node *k = rest; k; k = cmark_node_next(k))
			S_node(c, k, p);
	}
	for (cmark_node *k = cmark_node_next(para); k; k = cmark_node_next(k)) {
		if (S_emits_block(k))
			S_put(c, box, "\n", 1);
		S_node(c, k, box);
	}
}

/* A task list item: a checkbox that shows the state and cannot be changed,
 * labelled by the item's first line, so a screen reader says "checkbox,
 * checked" with the item's words. */
static void S_task(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	xmlNodePtr li = S_el(c, parent, "li");
	S_attr(li, "class", "task");
	int first = 1;
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		if (S_emits_block(k) && li->children)
			S_put(c, li, "\n", 1);
		if (!first || cmark_node_get_type(k) != CMARK_NODE_PARAGRAPH) {
			S_node(c, k, li);
			continue;
		}
		first = 0;
		xmlNodePtr where =
		    S_in_tight_item(k) ? li : S_el(c, li, "p");
		xmlNodePtr label = S_el(c, where, "label");
		xmlNodePtr box = S_el(c, label, "input");
		S_attr(box, "type", "checkbox");
		S_attr(box, "disabled", "disabled");
		if (cmark_gfm_extensions_get_tasklist_item_checked(n))
			S_attr(box, "checked", "checked");
		S_put(c, label, " ", 1);
		S_children(c, k, label);
	}
	if (first) {
		/* An item with no text still shows its box. */
		xmlNodePtr box = S_el(c, li, "input");
		S_attr(box, "type", "checkbox");
		S_attr(box, "disabled", "disabled");
		if (cmark_gfm_extensions_get_tasklist_item_checked(n))
			S_attr(box, "checked", "checked");
	}
}

/* A reference to footnote N: "fnref-N" for the first, "fnref-N-K" for the
 * K-th, as anchor.c counts them. aria-describedby makes a screen reader say
 * "1, Footnotes", not a bare "1". */
static void S_footnote_ref(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	const char *lit = cmark_node_get_literal(n);
	unsigned long k = lit ? strtoul(lit, NULL, 10) : 0;
	if (k == 0 || k > 100000)
		return;
	if (k > c->nrefs) {
		c->refs = xrealloc(c->refs, k * sizeof *c->refs);
		memset(c->refs + c->nrefs, 0, (k - c->nrefs) * sizeof *c->refs);
		c->nrefs = k;
	}
	unsigned long seen = ++c->refs[k - 1];
	xmlNodePtr sup = S_el(c, parent, "sup");
	S_attr(sup, "class", "footnote-ref");
	xmlNodePtr a = S_el(c, sup, "a");
	char *href = xasprintf("#fn-%lu", k);
	char *id = seen == 1 ? xasprintf("fnref-%lu", k)
			     : xasprintf("fnref-%lu-%lu", k, seen);
	S_attr(a, "href", href);
	S_attr(a, "id", id);
	S_attr(a, "aria-describedby", "footnotes");
	char *num = xasprintf("%lu", k);
	S_put(c, a, num, strlen(num));
	free(num);
	free(id);
	free(href);
}

/* How many references to footnote k the body has. They are counted for
 * every note in one walk, at the first note: a walk per note would make a
 * page of many notes quadratic. Notes can refer to later notes, so the
 * references rendered so far are not yet all. */
static unsigned long S_count_refs(struct S_ctx *c, cmark_node *doc,
				  unsigned long k)
{
	if (!c->counted) {
		c->counted = 1;
		cmark_iter *it = cmark_iter_new(doc);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			if (ev != CMARK_EVENT_ENTER ||
			    cmark_node_get_type(x) !=
				CMARK_NODE_FOOTNOTE_REFERENCE)
				continue;
			const char *lit = cmark_node_get_literal(x);
			unsigned long r = lit ? strtoul(lit, NULL, 10) : 0;
			if (r == 0 || r > 100000)
				continue;
			if (r > c->ntotal) {
				c->total =
				    xrealloc(c->total, r * sizeof *c->total);
				memset(c->total + c->ntotal, 0,
				       (r - c->ntotal) * sizeof *c->total);
				c->ntotal = r;
			}
			c->total[r - 1]++;
		}
		cmark_iter_free(it);
	}
	return k >= 1 && k <= c->ntotal ? c->total[k - 1] : 0;
}

/* A footnote. cmark-gfm has put the definitions at the end of the body, in
 * the order of their first reference: the first one opens the section. Its
 * links back are arrows pointing up, which need no mirroring in a
 * right-to-left page, named by the label in the page's language. */
static void S_footnote_def(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	if (!c->notes_ol) {
		xmlNodePtr sec = S_el(c, parent, "section");
		S_attr(sec, "class", "footnotes");
		S_attr(sec, "aria-labelledby", "footnotes");
		xmlNodePtr h = S_el(c, sec, "h2");
		S_attr(h, "id", "footnotes");
		S_text(c, h, S_label(c, RENDER_FOOTNOTES));
		S_put(c, sec, "\n", 1);
		c->notes_ol = S_el(c, sec, "ol");
	}
	unsigned long k = ++c->notes;
	S_put(c, c->notes_ol, "\n", 1);
	xmlNodePtr li = S_el(c, c->notes_ol, "li");
	char *id = xasprintf("fn-%lu", k);
	S_attr(li, "id", id);
	free(id);
	S_children(c, n, li);
	/* The links back go at the end of the last paragraph, as GitHub
	 * puts them. */
	xmlNodePtr last = xmlGetLastChild(li);
	xmlNodePtr where = last && last->type == XML_ELEMENT_NODE &&
				   !strcmp((const char *)last->name, "p")
			       ? last
			       : li;
	cmark_node *doc = n;
	while (cmark_node_parent(doc))
		doc = cmark_node_parent(doc);
	unsigned long refs = S_count_refs(c, doc, k);
	for (unsigned long r = 1; r <= refs; r++) {
		S_put(c, where, " ", 1);
		xmlNodePtr a = S_el(c, where, "a");
		char *href = r == 1 ? xasprintf("#fnref-%lu", k)
				    : xasprintf("#fnref-%lu-%lu", k, r);
		S_attr(a, "href", href);
		S_attr(a, "class", "footnote-back");
		if (refs == 1) {
			S_attr(a, "aria-label",
			       S_label(c, RENDER_FOOTNOTE_BACK));
		} else {
			char *l = xasprintf(
			    "%s (%lu)", S_label(c, RENDER_FOOTNOTE_BACK), r);
			S_attr(a, "aria-label", l);
			free(l);
		}
		S_put(c, a, "\u2191", strlen("\u2191"));
		if (refs > 1) {
			char *num = xasprintf("%lu", r);
			S_put(c, S_el(c, a, "sup"), num, strlen(num));
			free(num);
		}
		free(href);
	}
}

static void S_node(struct S_ctx *c, cmark_node *n, xmlNodePtr parent)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (S_only_tags(n))
			return;
		S_children(c, n,
			   S_in_tight_item(n) ? parent : S_el(c, parent, "p"));
		return;
	case CMARK_NODE_HEADING:
		S_heading(c, n, parent);
		return;
	case CMARK_NODE_BLOCK_QUOTE: {
		int kind = S_alert(n);
		if (kind >= 0)
			S_alert_block(c, n, kind, parent);
		else
			S_children(c, n, S_el(c, parent, "blockquote"));
		return;
	}
	case CMARK_NODE_LIST:
		S_list(c, n, parent);
		return;
	case CMARK_NODE_ITEM:
		/* The task list extension marks its items by name. */
		if (S_is(n, "tasklist"))
			S_task(c, n, parent);
		else
			S_children(c, n, S_el(c, parent, "li"));
		return;
	case CMARK_NODE_CODE_BLOCK:
		S_code_block(c, n, parent);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		S_el(c, parent, "hr");
		return;
	case CMARK_NODE_HTML_BLOCK: {
		/* The tags are never written (the link stage reports them);
		 * the words inside them are the editor's text, kept. */
		char *text = S_html_block_text(n);
		if (*text)
			S_text(c, S_el(c, parent, "p"), text);
		free(text);
		return;
	}
	case CMARK_NODE_HTML_INLINE:
		return; /* never written; the text between tags is kept */
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		S_footnote_ref(c, n, parent);
		return;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		S_footnote_def(c, n, parent);
		return;
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
	 * (custom nodes) keeps only its children: its own output would be raw
	 * HTML. */
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
		if (S_emits_block(k) && parent->children &&
		    !(cmark_node_get_type(k) ==
			  CMARK_NODE_FOOTNOTE_DEFINITION &&
		      c->notes_ol))
			S_put(c, parent, "\n", 1);
		S_node(c, k, parent);
	}
}

void render_body(cmark_node *doc, const struct anchors *a,
		 const struct render_opts *o, xmlNodePtr parent)
{
	struct S_ctx c = {.doc = parent->doc, .a = a, .o = o, .rtl = o->rtl};
	S_children(&c, doc, parent);
	free(c.refs);
	free(c.total);
}

xmlDocPtr render_fragment(cmark_node *doc, const struct anchors *a, int rtl)
{
	struct render_opts o = {.rtl = rtl};
	return render_fragment_opts(doc, a, &o);
}

xmlDocPtr render_fragment_opts(cmark_node *doc, const struct anchors *a,
			       const struct render_opts *o)
{
	/* An HTML document, so that serialising it follows the HTML rules
	 * (<br>, not <br/>) and writes raw UTF-8. */
	xmlDocPtr d = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr root = xmlNewDocNode(d, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(d, root);
	render_body(doc, a, o, root);
	return d;
}
