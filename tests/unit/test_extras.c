/* Publishing extras, parsed back with libxml2: the sitemap's alternates are
 * reciprocal and absolute; the Atom feed has what RFC 4287 requires, newest
 * first; the vCard follows RFC 6350. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "harness.h"
#include "buf.h"
#include "config.h"
#include "extras.h"
#include "load.h"
#include "locale.h"
#include "markdown.h"
#include "model.h"

static xmlXPathObjectPtr S_xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "s",
			   BAD_CAST
			   "http://www.sitemaps.org/schemas/sitemap/0.9");
	xmlXPathRegisterNs(ctx, BAD_CAST "x",
			   BAD_CAST "http://www.w3.org/1999/xhtml");
	xmlXPathRegisterNs(ctx, BAD_CAST "a",
			   BAD_CAST "http://www.w3.org/2005/Atom");
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	return r;
}

static double S_num(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = S_xpath(doc, expr);
	double v = r ? xmlXPathCastToNumber(r) : -1;
	xmlXPathFreeObject(r);
	return v;
}

static char *S_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = S_xpath(doc, expr);
	char *v = r ? (char *)xmlXPathCastToString(r) : NULL;
	xmlXPathFreeObject(r);
	return v;
}

int main(void)
{
	locale_pin_default();
	xmlInitParser();
	markdown_init();
	char tmpl[] = "/tmp/skylt-extras-XXXXXX";
	if (!mkdtemp(tmpl) || chdir(tmpl) != 0)
		return harness_done("extras");
	harness_write("content/site.yaml",
		"title: T\nbase_url: https://x.example/site/\nsource: sv\n"
		"languages:\n  - {code: sv, tag: sv, locale: sv}\n"
		"  - {code: en, tag: en, locale: en}\n"
		"  - {code: prs, tag: fa-AF, locale: fa_AF}\n");
	harness_write("content/sv/index.md",
		"---\ntitle: Start\nupdated: 2017-10-17\n---\nText.\n");
	harness_write("content/en/index.md",
		"---\ntitle: Home\nupdated: 2017-10-17\n---\nText.\n");
	harness_write("content/sv/a.md", "---\ntitle: A & B\nsummary: Om <a>.\n"
				   "updated: 2018-03-01\n---\nText.\n");
	harness_write("content/sv/b.md", "---\ntitle: B\nupdated: 2013\n---\nT.\n");
	harness_write(
	    "content/sv/k.md",
	    "---\ntitle: Servicecenter, Karlskoga; kommun\nkind: contact\n"
	    "phones:\n  - {number: \"+4658661000\", display: \"0586-610 00\"}\n"
	    "email: kommun@karlskoga.se\nweb: https://www.karlskoga.se\n"
	    "address: {street: Katrinedalsgatan 4, city: Karlskoga}\n---\n");
	struct config cfg;
	struct diags d;
	diags_init(&d);
	CHECK(config_load(&cfg, "content/site.yaml", &d) == 0);
	struct page **pages;
	size_t n;
	pages_list(&cfg, ".", &pages, &n, &d);
	for (size_t i = 0; i < n; i++)
		page_load(pages[i], NULL, &d);
	struct site site;
	site_build(&site, &cfg, pages, n, &d);
	CHECK(d.errors == 0);

	/* Sitemap: an index of one sitemap per language, all absolute. */
	struct buf b = BUF_INIT;
	extras_sitemap_index(&site, &b);
	xmlDocPtr doc = xmlReadMemory(b.ptr, (int)b.len, "sitemap.xml", NULL,
				      XML_PARSE_NONET);
	CHECK(doc != NULL);
	CHECK(S_num(doc, "count(/s:sitemapindex/s:sitemap/s:loc)") ==
	      (double)cfg.nlangs);
	CHECK(S_num(doc, "count(/s:sitemapindex/s:sitemap[s:loc='https://"
			 "x.example/site/en/sitemap.xml'])") == 1);
	xmlFreeDoc(doc);

	/* Each language's sitemap: one url per real translation in that
	 * language, all absolute, alternates reciprocal and with x-default.
	 * The url of one language's page names the other's, whose url in the
	 * other sitemap names it back. */
	xmlDocPtr lang_doc[2];
	for (size_t l = 0; l < 2; l++) {
		CHECK(extras_sitemap_parts(&site, l) == 1);
		char *path = extras_sitemap_path(cfg.langs[l].code, 0);
		CHECK_STR(path, l == 0 ? "sv/sitemap.xml" : "en/sitemap.xml");
		free(path);
		buf_truncate(&b, 0);
		extras_sitemap(&site, l, 0, &b);
		lang_doc[l] = xmlReadMemory(b.ptr, (int)b.len, "sitemap.xml",
					    NULL, XML_PARSE_NONET);
		CHECK(lang_doc[l] != NULL);
		CHECK(S_num(lang_doc[l], "count(//s:loc[not(starts-with(., "
					 "'https://x.example/site/'))])") == 0);
		CHECK(S_num(lang_doc[l],
			    "count(//x:link[not(starts-with(@href, "
			    "'https://x.example/site/'))])") == 0);
		CHECK(S_num(lang_doc[l],
			    "count(//x:link[@hreflang='fa-AF'])") == 0);
	}
	CHECK(S_num(lang_doc[0], "count(/s:urlset/s:url)") +
		  S_num(lang_doc[1], "count(/s:urlset/s:url)") ==
	      5);
	CHECK(S_num(lang_doc[1], "count(//s:url[s:loc='https://x.example/site/"
				 "en/']/x:link[@hreflang='sv' and @href='"
				 "https://x.example/site/sv/'])") == 1);
	CHECK(S_num(lang_doc[0], "count(//s:url[s:loc='https://x.example/site/"
				 "sv/']/x:link[@hreflang='en' and @href='"
				 "https://x.example/site/en/'])") == 1);
	CHECK(S_num(lang_doc[0], "count(//s:url[s:loc='https://x.example/site/"
				 "sv/']/x:link[@hreflang='x-default'])") == 1);
	xmlFreeDoc(lang_doc[0]);
	xmlFreeDoc(lang_doc[1]);

	/* Atom: feed id, title, updated, self link, author; each entry id,
	 * title, updated (RFC 3339), link; newest first. */
	buf_truncate(&b, 0);
	extras_feed(&site, 0, "Ny i Sverige", &b);
	doc =
	    xmlReadMemory(b.ptr, (int)b.len, "feed.xml", NULL, XML_PARSE_NONET);
	CHECK(doc != NULL);
	char *v = S_str(doc, "/a:feed/a:id");
	CHECK_STR(v, "https://x.example/site/sv/feed.xml");
	xmlFree(v);
	v = S_str(doc, "/a:feed/a:updated");
	CHECK_STR(v, "2018-03-01T00:00:00Z");
	xmlFree(v);
	CHECK(S_num(doc, "count(/a:feed/a:link[@rel='self'])") == 1);
	CHECK(S_num(doc, "count(/a:feed/a:author/a:name)") == 1);
	CHECK(S_num(doc, "count(/a:feed/a:entry)") == 3);
	CHECK(S_num(doc, "count(/a:feed/a:entry[not(a:id) or not(a:title) or "
			 "not(a:updated) or not(a:link)])") == 0);
	v = S_str(doc, "/a:feed/a:entry[1]/a:title");
	CHECK_STR(v, "A & B");
	xmlFree(v);
	v = S_str(doc, "/a:feed/a:entry[3]/a:updated");
	CHECK_STR(v, "2013-01-01T00:00:00Z");
	xmlFree(v);
	v = S_str(doc, "/a:feed/a:entry[1]/a:summary");
	CHECK_STR(v, "Om <a>.");
	xmlFree(v);
	xmlFreeDoc(doc);

	/* vCard 4.0: CRLF lines, escaped commas and semicolons, tel URIs. */
	buf_truncate(&b, 0);
	extras_vcard(site_find(&site, "k")->primary, NULL, &b);
	CHECK(strncmp(b.ptr, "BEGIN:VCARD\r\nVERSION:4.0\r\n", 26) == 0);
	/* No date: no REV, and no NOTE without one. */
	CHECK(!strstr(b.ptr, "\r\nREV:"));
	CHECK(!strstr(b.ptr, "\r\nNOTE:"));
	CHECK_CONTAINS(b.ptr,
		       "\r\nFN:Servicecenter\\, Karlskoga\\; kommun\r\n");
	CHECK_CONTAINS(b.ptr, "\r\nTEL;VALUE=uri;TYPE=work,voice:tel:"
			      "+4658661000\r\n");
	CHECK_CONTAINS(b.ptr, "\r\nEMAIL;TYPE=work:kommun@karlskoga.se\r\n");
	CHECK_CONTAINS(b.ptr, "\r\nADR;TYPE=work:;;Katrinedalsgatan 4;"
			      "Karlskoga;;;Sverige\r\n");
	CHECK(strcmp(b.ptr + b.len - 11, "END:VCARD\r\n") == 0);
	/* The date of the facts: REV as a timestamp from a full date, and
	 * the page's date line as NOTE, escaped and folded at 75 octets
	 * without splitting a character. */
	struct page *kp = site_find(&site, "k")->primary;
	kp->fm.updated = xstrdup("2018-03-01");
	buf_truncate(&b, 0);
	extras_vcard(kp, "Uppgifterna gäller: 1 mars 2018", &b);
	CHECK_CONTAINS(b.ptr, "\r\nREV:20180301T000000Z\r\n"
			      "NOTE:Uppgifterna gäller: 1 mars 2018\r\n"
			      "END:VCARD\r\n");
	buf_truncate(&b, 0);
	extras_vcard(kp, "Updated: March 1, 2018; per the authority", &b);
	CHECK_CONTAINS(b.ptr, "\r\nNOTE:Updated: March 1\\, 2018\\; per the "
			      "authority\r\n");
	buf_truncate(&b, 0);
	/* 70 two-byte letters: the NOTE line folds inside the value. */
	struct buf longnote = BUF_INIT;
	for (int i = 0; i < 70; i++)
		buf_puts(&longnote, "ä");
	extras_vcard(kp, longnote.ptr, &b);
	const char *note = strstr(b.ptr, "\r\nNOTE:");
	CHECK(note != NULL);
	if (note) {
		const char *fold = strstr(note + 2, "\r\n ");
		const char *end = strstr(note + 2, "\r\n");
		CHECK(fold != NULL && fold == end);
		/* "NOTE:" and 35 letters: 75 octets, then a fold. */
		CHECK(fold && fold - (note + 2) == 75);
	}
	buf_release(&longnote);
	/* A year or a month is no timestamp: no REV, the NOTE still. */
	free(kp->fm.updated);
	kp->fm.updated = xstrdup("2018");
	buf_truncate(&b, 0);
	extras_vcard(kp, "Uppgifterna gäller: 2018", &b);
	CHECK(!strstr(b.ptr, "\r\nREV:"));
	CHECK_CONTAINS(b.ptr, "\r\nNOTE:Uppgifterna gäller: 2018\r\n");
	char *path = extras_vcard_path("sv", "kontakter/karlskoga");
	CHECK_STR(path, "sv/kontakter/karlskoga/karlskoga.vcf");
	free(path);

	buf_truncate(&b, 0);
	extras_headers(&b);
	CHECK_CONTAINS(b.ptr, "Content-Security-Policy: default-src 'none'");
	CHECK_CONTAINS(b.ptr, "/media/*\n  Cache-Control: public, "
			      "max-age=31536000, immutable\n");
	buf_release(&b);
	site_release(&site);
	config_release(&cfg);
	diags_release(&d);
	char *cmd = xasprintf("rm -rf %s", tmpl);
	CHECK(system(cmd) == 0);
	free(cmd);
	xmlCleanupParser();
	return harness_done("extras");
}
