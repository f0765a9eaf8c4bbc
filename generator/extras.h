/* The files around the pages: sitemaps with hreflang alternates, an Atom
 * feed per language, robots.txt, a vCard per contact and the hosts' _headers
 * with a Content-Security-Policy the site satisfies. */
#ifndef SKYLT_EXTRAS_H
#define SKYLT_EXTRAS_H

#include "buf.h"
#include "model.h"

/* Each function appends one file's bytes to out. */
/* sitemap.xml at the root: an index of every language's sitemap. */
void extras_sitemap_index(const struct site *s, struct buf *out);
/* Part part (from 0) of language lang's sitemap: its translated pages, each
 * with every translation as an hreflang alternate, and x-default. A part
 * holds at most 50,000 pages, as the sitemaps protocol allows. */
void extras_sitemap(const struct site *s, size_t lang, size_t part,
		    struct buf *out);
size_t extras_sitemap_parts(const struct site *s, size_t lang);
/* "sv/sitemap.xml", then "sv/sitemap-2.xml", … */
char *extras_sitemap_path(const char *code, size_t part);
/* The Atom feed (RFC 4287) of language lang: its translated pages that carry
 * an 'updated' date, newest first, at most 20. */
void extras_feed(const struct site *s, size_t lang, const char *title,
		 struct buf *out);
void extras_robots(const struct site *s, struct buf *out);
void extras_headers(struct buf *out);
/* A vCard 4.0 (RFC 6350) for a contact page. note (NULL: none) is the date
 * line as the page shows it in the vCard's language ("Uppgifterna gäller:
 * 1 mars 2018"), so that a saved card says how old its facts are; a full
 * 'updated' date is also given as REV. */
void extras_vcard(const struct page *p, const char *note, struct buf *out);

/* The site-relative path of a language's feed and of a contact's vCard. */
char *extras_feed_path(const char *code);
char *extras_vcard_path(const char *code, const char *rel);

/* The Content-Security-Policy every page satisfies: no inline script or
 * style, scripts only the site's own (the search page's, and the index
 * files it loads as scripts), forms sent only to the site (the search
 * form), nothing from elsewhere but images over https. */
extern const char extras_csp[];

#endif
