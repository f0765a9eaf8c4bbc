/* HTML5 serialisation, straight into a buf.
 *
 * libxml2's HTML writer (htmlDocContentDumpFormatOutput) took a fifth of a
 * build: it looks every element up in its HTML 4 table by case-insensitive
 * compare, copies every attribute value twice and pushes each piece through an
 * output buffer that checks the encoding on every call. This writes what it
 * wrote, byte for byte, for the pages skylt builds (the golden tests hold it
 * to that), with one correction: the void elements are HTML5's, where libxml2
 * gave <source> and <wbr> end tags (TRAPS.md). */
#include <string.h>
#include <strings.h>

#include "html.h"

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

/* The replacement for a character that could open markup or a reference, or
 * for carriage return, which HTML parsers would turn into a line feed; NULL
 * for every other byte, UTF-8 included, which is written as it is. */
static const char *S_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '\r':
		return "&#13;";
	default:
		return NULL;
	}
}

static void S_escape(struct buf *out, const char *s)
{
	const char *run = s;
	for (; *(s += strcspn(s, "&<>\r")); s++) {
		buf_put(out, run, (size_t)(s - run));
		buf_puts(out, S_entity(*s));
		run = s + 1;
	}
	buf_put(out, run, (size_t)(s - run));
}

/* A URL attribute's value, escaped as text and then for a URL in one pass:
 * bytes outside the URL's own characters become %XX, so a space, a quote or
 * raw UTF-8 never reaches the attribute, and a '&' stays a reference. The
 * set kept is libxml2's (xmlURIEscapeStr with "@/:=?;#%&,+<>"). */
static void S_uri(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *ent = S_entity(*s);
		if (ent) {
			buf_puts(out, ent);
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') ||
			   strchr("-_.!~*'()@/:=?;#%,+", c)) {
			buf_putc(out, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_put(out, esc, 3);
		}
	}
	buf_putc(out, '"');
}

/* A value escaped, in quotes: double quotes, unless it holds one and no
 * single quote; with both, double quotes and &quot;. */
static void S_quoted(struct buf *out, const char *v)
{
	int dq = strchr(v, '"') != NULL;
	if (!dq || strchr(v, '\'')) {
		buf_putc(out, '"');
		for (const char *run = v;; v++) {
			v += strcspn(v, dq ? "&<>\r\"" : "&<>\r");
			buf_put(out, run, (size_t)(v - run));
			if (!*v)
				break;
			buf_puts(out, *v == '"' ? "&quot;" : S_entity(*v));
			run = v + 1;
		}
		buf_putc(out, '"');
	} else {
		buf_putc(out, '\'');
		S_escape(out, v);
		buf_putc(out, '\'');
	}
}

void html_open(struct buf *out, const char *name)
{
	buf_putc(out, '<');
	buf_puts(out, name);
}

void html_attr(struct buf *out, const char *element, const char *prefix,
	       const char *name, const char *value)
{
	buf_putc(out, ' ');
	if (prefix) {
		buf_puts(out, prefix);
		buf_putc(out, ':');
	}
	buf_puts(out, name);
	if (!value || S_boolean(name))
		return;
	buf_putc(out, '=');
	if (!prefix && (!strcmp(name, "href") || !strcmp(name, "src") ||
			!strcmp(name, "action") ||
			(!strcmp(name, "name") && !strcmp(element, "a"))))
		S_uri(out, value);
	else
		S_quoted(out, value);
}

int html_open_end(struct buf *out, const char *name)
{
	buf_putc(out, '>');
	return !S_void(name);
}

void html_close(struct buf *out, const char *name)
{
	buf_puts(out, "</");
	buf_puts(out, name);
	buf_putc(out, '>');
}

void html_text(struct buf *out, const char *element, const char *s)
{
	/* Script and style content is not HTML: it is written as it stands.
	 * Only templates make such elements, and JSON-LD escapes its own
	 * '<'. */
	if (element &&
	    (strcmp(element, "script") == 0 || strcmp(element, "style") == 0))
		buf_puts(out, s);
	else
		S_escape(out, s);
}

static int S_raw(const char *element)
{
	return element && (strcmp(element, "script") == 0 ||
			   strcmp(element, "style") == 0);
}

void html_value(struct buf *out, const char *element, const char *s)
{
	if (!S_raw(element)) {
		S_escape(out, s);
		return;
	}
	/* JSON and JavaScript read \u003c as '<' inside a string; CSS reads
	 * \3c  (the space ends the escape). Outside a string such a value
	 * was not data anyway. */
	int css = strcmp(element, "style") == 0;
	const char *run = s;
	for (; *(s += strcspn(s, "&<>")); s++) {
		buf_put(out, run, (size_t)(s - run));
		buf_printf(out, css ? "\\%x " : "\\u%04x", (unsigned)*s);
		run = s + 1;
	}
	buf_put(out, run, (size_t)(s - run));
}

int html_url_attr(const char *name)
{
	static const char *const v[] = {
	    "href",	"src",	      "action", "formaction", "cite",
	    "poster",	"background", "data",	"codebase",   "manifest",
	    "longdesc", "icon",	      "ping",	"xlink:href", "usemap",
	    "profile",	"classid",    "dynsrc", "lowsrc",     "archive"};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (strcasecmp(name, v[i]) == 0)
			return 1;
	return 0;
}

int html_url_safe(const char *url)
{
	static const char *const ok[] = {"http", "https", "mailto", "tel"};
	while (*url && (unsigned char)*url <= ' ')
		url++;
	char scheme[8];
	size_t n = 0;
	for (;; url++) {
		unsigned char c = (unsigned char)*url;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			if (n == 0)
				return 1; /* ":x" is a relative path */
			break;
		}
		int letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		if (!letter && (n == 0 || !((c >= '0' && c <= '9') ||
					    c == '+' || c == '-' || c == '.')))
			return 1; /* no scheme: a relative address */
		/* Longer than ours: kept short, it will not match. */
		if (n < sizeof scheme - 1)
			scheme[n] = (char)(c | (letter ? 0x20 : 0));
		n++;
	}
	if (n >= sizeof scheme)
		return 0;
	scheme[n] = '\0';
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strcmp(scheme, ok[i]) == 0)
			return 1;
	return 0;
}

static void S_node(struct buf *out, const xmlNode *n);

static void S_list(struct buf *out, const xmlNode *n)
{
	for (; n; n = n->next)
		S_node(out, n);
}

static void S_node(struct buf *out, const xmlNode *n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			html_text(out,
				  n->parent ? (const char *)n->parent->name
					    : NULL,
				  (const char *)n->content);
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
		return; /* DTD nodes, processing instructions, entity
			   references: the trees skylt builds have none */
	}
	const char *name = (const char *)n->name;
	html_open(out, name);
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *prefix =
		    a->ns && a->ns->prefix ? (const char *)a->ns->prefix : NULL;
		const xmlNode *t = a->children;
		if (!t || !t->next) {
			html_attr(out, name, prefix, (const char *)a->name,
				  t ? (const char *)t->content : NULL);
			continue;
		}
		xmlChar *v = xmlNodeListGetString(n->doc, t, 1);
		html_attr(out, name, prefix, (const char *)a->name,
			  (const char *)v);
		xmlFree(v);
	}
	if (html_open_end(out, name)) {
		S_list(out, n->children);
		html_close(out, name);
	}
}

void html_serialise_children(xmlNodePtr parent, struct buf *out)
{
	S_list(out, parent->children);
}
