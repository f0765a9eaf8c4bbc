/* Atom feeds are built as libxml2 trees, like the pages; sitemaps, which grow
 * with the site, are streamed by libxml2's writer; vCard, robots.txt and
 * _headers are line formats. */
#include "extras.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "bidi.h"
#include "url.h"

const char extras_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' https:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"
#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define ATOM_NS "http://www.w3.org/2005/Atom"

static void S_dump(xmlDocPtr doc, struct buf *out)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	buf_put(out, mem, (size_t)len);
	xmlFree(mem);
}

static char *S_abs(const struct site *s, size_t lang, const char *rel)
{
	char *dir = url_dir(s->cfg->langs[lang].code, rel);
	char *abs = xasprintf("%s%s", s->cfg->base_url, dir);
	free(dir);
	return abs;
}

/* The sitemaps protocol allows 50,000 URLs in one file. */
#define SITEMAP_MAX 50000

size_t extras_sitemap_parts(const struct site *s, size_t lang)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsets; i++)
		n += s->sets[i]->by_lang[lang] != NULL;
	return n ? (n + SITEMAP_MAX - 1) / SITEMAP_MAX : 1;
}

char *extras_sitemap_path(const char *code, size_t part)
{
	return part ? xasprintf("%s/sitemap-%zu.xml", code, part + 1)
		    : xasprintf("%s/sitemap.xml", code);
}

static int S_append(void *ctx, const char *data, int len)
{
	buf_put(ctx, data, (size_t)len);
	return len;
}

/* A writer that streams XML into out: a sitemap of a large site is far too
 * big to hold as a tree. libxml2 hands over its output a few kilobytes at a
 * time; an xmlBuffer in between would be copied on every growth and once
 * more at the end (a megabyte per language for 1,000 pages, in fresh memory
 * each time). */
static xmlTextWriterPtr S_writer(struct buf *out)
{
	xmlOutputBufferPtr ob =
	    xmlOutputBufferCreateIO(S_append, NULL, out, NULL);
	xmlTextWriterPtr w = xmlNewTextWriter(ob);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	return w;
}

static void S_writer_end(xmlTextWriterPtr w)
{
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w); /* flushes the rest into out */
}

void extras_sitemap_index(const struct site *s, struct buf *out)
{
	const struct config *cfg = s->cfg;
	xmlTextWriterPtr w = S_writer(out);
	xmlTextWriterStartElement(w, BAD_CAST "sitemapindex");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST SITEMAP_NS);
	for (size_t l = 0; l < cfg->nlangs; l++) {
		for (size_t part = 0; part < extras_sitemap_parts(s, l);
		     part++) {
			char *path =
			    extras_sitemap_path(cfg->langs[l].code, part);
			char *loc = xasprintf("%s%s", cfg->base_url, path);
			xmlTextWriterStartElement(w, BAD_CAST "sitemap");
			xmlTextWriterWriteElement(w, BAD_CAST "loc",
						  BAD_CAST loc);
			xmlTextWriterEndElement(w);
			free(loc);
			free(path);
		}
	}
	xmlTextWriterEndElement(w);
	S_writer_end(w);
}

static void S_alternate(xmlTextWriterPtr w, const char *hreflang,
			const char *href)
{
	xmlTextWriterStartElement(w, BAD_CAST "xhtml:link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
	xmlTextWriterWriteAttribute(w, BAD_CAST "hreflang", BAD_CAST hreflang);
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href);
	xmlTextWriterEndElement(w);
}

void extras_sitemap(const struct site *s, size_t lang, size_t part,
		    struct buf *out)
{
	const struct config *cfg = s->cfg;
	xmlTextWriterPtr w = S_writer(out);
	xmlTextWriterStartElement(w, BAD_CAST "urlset");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST SITEMAP_NS);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xhtml",
				    BAD_CAST XHTML_NS);
	/* Only real translations are listed, each with the same alternates,
	 * so that every alternate is reciprocal. */
	size_t seen = 0;
	for (size_t i = 0; i < s->nsets; i++) {
		const struct tset *t = s->sets[i];
		if (!t->by_lang[lang])
			continue;
		if (seen++ / SITEMAP_MAX != part)
			continue;
		char *loc = S_abs(s, lang, t->rel);
		xmlTextWriterStartElement(w, BAD_CAST "url");
		xmlTextWriterWriteElement(w, BAD_CAST "loc", BAD_CAST loc);
		free(loc);
		for (size_t k = 0; k < cfg->nlangs; k++) {
			if (!t->by_lang[k])
				continue;
			char *href = S_abs(s, k, t->rel);
			S_alternate(w, cfg->langs[k].tag, href);
			free(href);
		}
		if (t->by_lang[cfg->source]) {
			char *href = S_abs(s, cfg->source, t->rel);
			S_alternate(w, "x-default", href);
			free(href);
		}
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	S_writer_end(w);
}

/* An RFC 3339 instant for a date as precise as its source. */
static char *S_instant(const char *updated)
{
	size_t n = strlen(updated);
	return xasprintf("%s%s%s", updated,
			 n == 4	  ? "-01-01"
			 : n == 7 ? "-01"
				  : "",
			 "T00:00:00Z");
}

static int S_by_date(const void *a, const void *b)
{
	const struct page *x = *(const struct page *const *)a;
	const struct page *y = *(const struct page *const *)b;
	char *ix = S_instant(x->fm.updated), *iy = S_instant(y->fm.updated);
	int c = strcmp(iy, ix); /* newest first */
	free(ix);
	free(iy);
	return c ? c : strcmp(x->rel, y->rel);
}

static void S_text(xmlNodePtr parent, xmlNsPtr ns, const char *name,
		   const char *text)
{
	xmlNodePtr e = xmlNewChild(parent, ns, BAD_CAST name, NULL);
	xmlAddChild(e, xmlNewDocText(parent->doc, BAD_CAST text));
}

/* Text that people read in a feed (a title, a summary): a feed reader shows
 * it as plain text, so runs against the language's direction (a phone number
 * in Arabic) are isolated with FSI and PDI, as the pages' <title> is. */
static void S_words(xmlNodePtr parent, xmlNsPtr ns, const char *name,
		    const char *text, int rtl)
{
	char *marked = bidi_marked(text, rtl);
	S_text(parent, ns, name, marked ? marked : text);
	free(marked);
}

char *extras_feed_path(const char *code)
{
	return xasprintf("%s/feed.xml", code);
}

void extras_feed(const struct site *s, size_t lang, const char *title,
		 struct buf *out)
{
	const struct config *cfg = s->cfg;
	const struct page **v = xcalloc(s->nsets ? s->nsets : 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < s->nsets; i++) {
		const struct page *p = s->sets[i]->by_lang[lang];
		if (p && p->fm.updated)
			v[n++] = p;
	}
	qsort(v, n, sizeof *v, S_by_date);
	if (n > 20)
		n = 20;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr feed = xmlNewDocNode(doc, NULL, BAD_CAST "feed", NULL);
	xmlDocSetRootElement(doc, feed);
	xmlNsPtr ns = xmlNewNs(feed, BAD_CAST ATOM_NS, NULL);
	xmlSetNs(feed, ns);
	xmlNodeSetLang(feed, BAD_CAST cfg->langs[lang].tag);
	char *home = S_abs(s, lang, "");
	char *path = extras_feed_path(cfg->langs[lang].code);
	char *self = xasprintf("%s%s", cfg->base_url, path);
	/* The feed's own address is its id: the home page is an entry. */
	S_text(feed, ns, "id", self);
	int rtl = cfg->langs[lang].rtl;
	S_words(feed, ns, "title", title, rtl);
	char *newest =
	    n ? S_instant(v[0]->fm.updated) : xstrdup("1970-01-01T00:00:00Z");
	S_text(feed, ns, "updated", newest);
	free(newest);
	xmlNodePtr l = xmlNewChild(feed, ns, BAD_CAST "link", NULL);
	xmlNewProp(l, BAD_CAST "rel", BAD_CAST "self");
	xmlNewProp(l, BAD_CAST "href", BAD_CAST self);
	l = xmlNewChild(feed, ns, BAD_CAST "link", NULL);
	xmlNewProp(l, BAD_CAST "rel", BAD_CAST "alternate");
	xmlNewProp(l, BAD_CAST "type", BAD_CAST "text/html");
	xmlNewProp(l, BAD_CAST "href", BAD_CAST home);
	xmlNodePtr author = xmlNewChild(feed, ns, BAD_CAST "author", NULL);
	S_words(author, ns, "name", title, rtl);
	for (size_t i = 0; i < n; i++) {
		const struct page *p = v[i];
		xmlNodePtr e = xmlNewChild(feed, ns, BAD_CAST "entry", NULL);
		char *loc = S_abs(s, lang, p->rel);
		S_text(e, ns, "id", loc);
		S_words(e, ns, "title", p->fm.title, rtl);
		char *at = S_instant(p->fm.updated);
		S_text(e, ns, "updated", at);
		free(at);
		xmlNodePtr a = xmlNewChild(e, ns, BAD_CAST "link", NULL);
		xmlNewProp(a, BAD_CAST "rel", BAD_CAST "alternate");
		xmlNewProp(a, BAD_CAST "type", BAD_CAST "text/html");
		xmlNewProp(a, BAD_CAST "href", BAD_CAST loc);
		if (p->fm.summary)
			S_words(e, ns, "summary", p->fm.summary, rtl);
		free(loc);
	}
	S_dump(doc, out);
	xmlFreeDoc(doc);
	free(home);
	free(path);
	free(self);
	free(v);
}

void extras_robots(const struct site *s, struct buf *out)
{
	buf_printf(out, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n",
		   s->cfg->base_url);
}

void extras_headers(struct buf *out)
{
	buf_printf(out,
		   "/*\n"
		   "  Content-Security-Policy: %s\n"
		   "  X-Content-Type-Options: nosniff\n"
		   "  Referrer-Policy: strict-origin-when-cross-origin\n"
		   "  Permissions-Policy: camera=(), microphone=(), "
		   "geolocation=()\n"
		   "  Strict-Transport-Security: max-age=31536000\n"
		   "/*.vcf\n"
		   "  Content-Type: text/vcard; charset=utf-8\n"
		   /* Images and documents are named by their bytes'
		    * hash (assets.c): a name never changes its content. */
		   "/media/*\n"
		   "  Cache-Control: public, max-age=31536000, immutable\n",
		   extras_csp);
}

char *extras_vcard_path(const char *code, const char *rel)
{
	const char *base = strrchr(rel, '/');
	return xasprintf("%s/%s/%s.vcf", code, rel, base ? base + 1 : rel);
}

/* A property value with RFC 6350's escapes. */
static void S_vvalue(struct buf *line, const char *v)
{
	for (; v && *v; v++) {
		if (*v == '\\' || *v == ',' || *v == ';')
			buf_putc(line, '\\');
		if (*v == '\n')
			buf_puts(line, "\\n");
		else
			buf_putc(line, *v);
	}
}

/* Ends a content line, folded at 75 octets without splitting a UTF-8
 * sequence, with CRLF. */
static void S_vline(struct buf *out, struct buf *line)
{
	size_t col = 0;
	for (size_t i = 0; i < line->len; i++) {
		unsigned char ch = (unsigned char)line->ptr[i];
		if (col >= 74 && (ch & 0xC0) != 0x80) {
			buf_puts(out, "\r\n ");
			col = 1;
		}
		buf_putc(out, (char)ch);
		col++;
	}
	buf_puts(out, "\r\n");
	buf_truncate(line, 0);
}

void extras_vcard(const struct page *p, const char *note, struct buf *out)
{
	const struct frontmatter *fm = &p->fm;
	struct buf l = BUF_INIT;
	buf_puts(&l, "BEGIN:VCARD");
	S_vline(out, &l);
	buf_puts(&l, "VERSION:4.0");
	S_vline(out, &l);
	buf_puts(&l, "KIND:org");
	S_vline(out, &l);
	buf_puts(&l, "FN:");
	S_vvalue(&l, fm->title);
	S_vline(out, &l);
	buf_puts(&l, "ORG:");
	S_vvalue(&l, fm->title);
	S_vline(out, &l);
	for (size_t i = 0; i < fm->nphones; i++) {
		buf_printf(&l, "TEL;VALUE=uri;TYPE=work,voice:tel:%s",
			   fm->phones[i].e164);
		S_vline(out, &l);
	}
	if (fm->email) {
		buf_puts(&l, "EMAIL;TYPE=work:");
		S_vvalue(&l, fm->email);
		S_vline(out, &l);
	}
	if (fm->web) {
		buf_printf(&l, "URL:%s", fm->web);
		S_vline(out, &l);
	}
	const struct postal_address *a = &fm->address;
	if (a->street || a->postcode || a->city) {
		/* PO box; extended; street; locality; region; code; country */
		buf_puts(&l, "ADR;TYPE=work:;;");
		S_vvalue(&l, a->street);
		buf_putc(&l, ';');
		S_vvalue(&l, a->city);
		buf_puts(&l, ";;");
		S_vvalue(&l, a->postcode);
		buf_puts(&l, ";Sverige");
		S_vline(out, &l);
	}
	/* REV is a timestamp: only a full date makes one without inventing
	 * a day. The facts' date, not the build's, so a card saved twice
	 * from an unchanged page is the same card. */
	const char *u = fm->updated;
	if (u && strlen(u) == 10) {
		buf_printf(&l, "REV:%.4s%.2s%.2sT000000Z", u, u + 5, u + 8);
		S_vline(out, &l);
	}
	if (note) {
		buf_puts(&l, "NOTE:");
		S_vvalue(&l, note);
		S_vline(out, &l);
	}
	buf_puts(&l, "END:VCARD");
	S_vline(out, &l);
	buf_release(&l);
}
