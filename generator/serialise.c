/* HTML5 serialisation of the pages' libxml2 trees, straight into a buf.
 *
 * libxml2's HTML writer (htmlDocContentDumpFormatOutput) took a fifth of a
 * build: it looks every element up in its HTML 4 table by case-insensitive
 * compare, copies every attribute value twice and pushes each piece through an
 * output buffer that checks the encoding on every call. This walk writes what
 * it wrote, byte for byte, for the trees skylt builds (the golden tests hold
 * it to that), with one correction: the void elements are HTML5's, where
 * libxml2 gave <source> and <wbr> end tags (TRAPS.md). Text is always
 * escaped here, so the guarantee of the DOM stays: no value becomes markup. */
#include <string.h>

#include "template.h"

/* These two run for every element and every attribute of every page, so
 * the first letter picks the names to compare. */

/* Elements that have no end tag and no content in HTML5. */
static int S_void(const char *n)
{
	switch (n[0]) {
	case 'a':
		return !strcmp(n, "area");
	case 'b':
		return !strcmp(n, "br") || !strcmp(n, "base");
	case 'c':
		return !strcmp(n, "col");
	case 'e':
		return !strcmp(n, "embed");
	case 'h':
		return !strcmp(n, "hr");
	case 'i':
		return !strcmp(n, "img") || !strcmp(n, "input");
	case 'l':
		return !strcmp(n, "link");
	case 'm':
		return !strcmp(n, "meta");
	case 's':
		return !strcmp(n, "source");
	case 't':
		return !strcmp(n, "track");
	case 'w':
		return !strcmp(n, "wbr");
	default:
		return 0;
	}
}

/* Attributes written by name alone, as libxml2 writes them. */
static int S_boolean(const char *n)
{
	static const char *const v[] = {
	    "checked", "compact",  "declare", "defer",	  "disabled",
	    "ismap",   "multiple", "nohref",  "noresize", "noshade",
	    "nowrap",  "readonly", "selected"};
	if (!strchr("cdimnrs", n[0]))
		return 0;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i][0] == n[0] && strcmp(n, v[i]) == 0)
			return 1;
	return 0;
}

/* Text and attribute values: the three characters that could open markup or
 * a reference, and carriage return, which HTML parsers would turn into a line
 * feed. Every other byte, UTF-8 included, is written as it is. */
static void S_escape(struct buf *out, const char *s)
{
	const char *run = s;
	for (; *(s += strcspn(s, "&<>\r")); s++) {
		const char *rep;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		default:
			rep = "&#13;";
			break;
		}
		buf_put(out, run, (size_t)(s - run));
		buf_puts(out, rep);
		run = s + 1;
	}
	buf_put(out, run, (size_t)(s - run));
}

/* A URL attribute's value, escaped: bytes outside the URL's own characters
 * become %XX, so a space, a quote or raw UTF-8 never reaches the attribute.
 * The set kept is libxml2's (xmlURIEscapeStr with "@/:=?;#%&,+<>"). */
static void S_uri(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c && strchr("-_.!~*'()", c)) ||
		    (c && strchr("@/:=?;#%&,+<>", c))) {
			buf_putc(out, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_put(out, esc, 3);
		}
	}
}

/* A value in quotes: double quotes, unless it holds one and no single quote;
 * with both, double quotes and &quot;. */
static void S_quoted(struct buf *out, const char *v)
{
	if (!strchr(v, '"')) {
		buf_putc(out, '"');
		buf_puts(out, v);
		buf_putc(out, '"');
	} else if (!strchr(v, '\'')) {
		buf_putc(out, '\'');
		buf_puts(out, v);
		buf_putc(out, '\'');
	} else {
		buf_putc(out, '"');
		for (; *v; v++)
			if (*v == '"')
				buf_puts(out, "&quot;");
			else
				buf_putc(out, *v);
		buf_putc(out, '"');
	}
}

static int S_is_uri(const xmlAttr *a, const xmlNode *e)
{
	const char *n = (const char *)a->name;
	if (a->ns || e->ns)
		return 0;
	return strcmp(n, "href") == 0 || strcmp(n, "src") == 0 ||
	       strcmp(n, "action") == 0 ||
	       (strcmp(n, "name") == 0 &&
		strcmp((const char *)e->name, "a") == 0);
}

static void S_attrs(struct buf *out, const xmlNode *e, struct buf *tmp)
{
	for (const xmlAttr *a = e->properties; a; a = a->next) {
		buf_putc(out, ' ');
		if (a->ns && a->ns->prefix) {
			buf_puts(out, (const char *)a->ns->prefix);
			buf_putc(out, ':');
		}
		buf_puts(out, (const char *)a->name);
		if (!a->children || S_boolean((const char *)a->name))
			continue;
		/* The value, escaped as text, then (for URLs) URL-escaped:
		 * the order libxml2 used, which keeps &amp; in a URL. */
		buf_truncate(tmp, 0);
		for (const xmlNode *t = a->children; t; t = t->next)
			if (t->content)
				S_escape(tmp, (const char *)t->content);
		buf_putc(out, '=');
		if (S_is_uri(a, e)) {
			/* A quote is escaped too: double quotes always do. */
			buf_putc(out, '"');
			S_uri(out, tmp->ptr);
			buf_putc(out, '"');
		} else {
			S_quoted(out, tmp->ptr);
		}
	}
}

static void S_node(struct buf *out, const xmlNode *n, struct buf *tmp);

static void S_list(struct buf *out, const xmlNode *n, struct buf *tmp)
{
	for (; n; n = n->next)
		S_node(out, n, tmp);
}

static void S_node(struct buf *out, const xmlNode *n, struct buf *tmp)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (!n->content)
			return;
		/* Script and style content is not HTML: it is written as it
		 * stands (templates hold the only such elements). */
		if (n->parent && n->parent->name &&
		    (strcmp((const char *)n->parent->name, "script") == 0 ||
		     strcmp((const char *)n->parent->name, "style") == 0))
			buf_puts(out, (const char *)n->content);
		else
			S_escape(out, (const char *)n->content);
		return;
	case XML_COMMENT_NODE:
		if (n->content) {
			buf_puts(out, "<!--");
			buf_puts(out, (const char *)n->content);
			buf_puts(out, "-->");
		}
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return; /* DTD nodes (the doctype is written by the caller),
			   processing instructions, entity references */
	}
	const char *name = (const char *)n->name;
	buf_putc(out, '<');
	buf_puts(out, name);
	S_attrs(out, n, tmp);
	buf_putc(out, '>');
	if (S_void(name))
		return;
	S_list(out, n->children, tmp);
	buf_puts(out, "</");
	buf_puts(out, name);
	buf_putc(out, '>');
}

void html_serialise(xmlDocPtr doc, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	if (doc->intSubset) {
		buf_puts(out, "<!DOCTYPE ");
		buf_puts(out, (const char *)doc->intSubset->name);
		buf_puts(out, ">\n");
	}
	S_list(out, doc->children, &tmp);
	buf_putc(out, '\n');
	buf_release(&tmp);
}

void html_serialise_children(xmlNodePtr parent, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	S_list(out, parent->children, &tmp);
	buf_release(&tmp);
}
