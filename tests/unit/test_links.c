/* Link resolution against a small site on disk: relative .md links become
 * relative URLs in the page's language, anchors are checked, and every kind of
 * bad link gets its message at file:line:col. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness.h"
#include "assets.h"
#include "buf.h"
#include "config.h"
#include "links.h"
#include "load.h"
#include "locale.h"
#include "markdown.h"
#include "model.h"

static struct config cfg;
static struct site site;

static struct page *S_page(const char *rel, size_t lang)
{
	struct tset *t = site_find(&site, rel);
	return t ? t->by_lang[lang] : NULL;
}

/* The URL of the first link of p's body after resolving for lang. */
static char *S_first_url(struct page *p, size_t lang, struct diags *d)
{
	cmark_node *doc =
	    markdown_parse(p->text + p->body_off, p->len - p->body_off);
	links_resolve(&site, p, doc, &p->anchors, lang, d, NULL);
	char *url = NULL;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while (!url && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(cmark_iter_get_node(it)) ==
			CMARK_NODE_LINK)
			url = xstrdup(
			    cmark_node_get_url(cmark_iter_get_node(it)));
	cmark_iter_free(it);
	cmark_node_free(doc);
	return url;
}

static const char *S_msg(const struct diags *d, size_t i)
{
	static char buf[1024];
	if (i >= d->n)
		return "(no message)";
	snprintf(buf, sizeof buf, "%s:%d:%d: %s", d->v[i].path, d->v[i].line,
		 d->v[i].col, d->v[i].msg);
	return buf;
}

/* The URLs of md's links and images, resolved as p's body for lang,
 * space-separated; the caller frees them. */
static char *S_urls(struct page *p, const char *md, size_t lang,
		    struct diags *d)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	links_resolve(&site, p, doc, &p->anchors, lang, d, NULL);
	struct buf b = BUF_INIT;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE))
			buf_printf(&b, "%s%s%s", b.len ? " " : "",
				   cmark_node_get_url(n),
				   cmark_node_get_user_data(n) ? "*" : "");
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return buf_detach(&b);
}

/* Local files: found beside the page, in the source language's folder for a
 * translation, or in content/_media/; their URL is their published name
 * (marked * here when the asset rides on the node). */
static void S_files(void)
{
	struct asset karta = {.src = "content/sv/ansvar/karta.png",
			      .out = "media/karta.0011223344556677.png",
			      .kind = ASSET_IMAGE,
			      .type = "PNG"};
	struct asset blankett = {.src = "content/_media/blankett.pdf",
				 .out = "media/blankett.8899aabbccddeeff.pdf",
				 .kind = ASSET_DOCUMENT,
				 .type = "PDF"};
	/* Sorted by src, as assets_scan leaves them. */
	struct asset *v[] = {&blankett, &karta};
	struct assets a = {v, 2};
	site.assets = &a;
	struct diags e;
	diags_init(&e);
	const char *md = "![Karta](karta.png) [Blankett](../../_media/"
			 "blankett.pdf#page=2) [Start](../index.md)\n";
	char *u = S_urls(S_page("ansvar/kommunen", 0), md, 0, &e);
	CHECK_STR(u, "../../../media/karta.0011223344556677.png* "
		     "../../../media/blankett.8899aabbccddeeff.pdf#page=2* "
		     "../../");
	free(u);
	CHECK(e.n == 0);
	CHECK(atomic_load(&karta.used) && atomic_load(&blankett.used));
	/* The Arabic page has no karta.png of its own: the Swedish one. */
	u = S_urls(S_page("ansvar/kommunen", 1), md, 1, &e);
	CHECK_STR(u, "../../../media/karta.0011223344556677.png* "
		     "../../../media/blankett.8899aabbccddeeff.pdf#page=2* "
		     "../../");
	free(u);
	CHECK(e.n == 0);
	/* Missing, outside, and the wrong kind: errors at their lines (the
	 * columns come from the page file, which this text is not). */
	md = "![A](saknas.jpg) [B](../../../x.pdf) ![C](../../_media/"
	     "blankett.pdf) ![D](bild.svg) [E](karta.html)\n";
	u = S_urls(S_page("ansvar/kommunen", 1), md, 1, &e);
	free(u);
	CHECK(e.errors == 5);
	CHECK_STR(S_msg(&e, 0), "content/ar/ansvar/kommunen.md:4:1: image "
				"'saknas.jpg' not found: there is no "
				"'content/ar/ansvar/saknas.jpg'");
	CHECK_CONTAINS(S_msg(&e, 1), "file "
				     "'../../../x.pdf' leads outside "
				     "'content/ar/' and 'content/_media/'");
	CHECK_CONTAINS(S_msg(&e, 2),
		       "'../../_media/blankett.pdf' is not an image: "
		       "link to it as a document, "
		       "[text](../../_media/blankett.pdf)");
	CHECK_CONTAINS(S_msg(&e, 3), "'bild.svg' is not an image this site can "
				     "show: use PNG, JPEG, WebP or GIF");
	CHECK_CONTAINS(S_msg(&e, 4),
		       "link to "
		       "'karta.html' does not name a page: link to "
		       "its .md file, e.g. 'kommunen.md'");
	diags_release(&e);
	site.assets = NULL;
}

int main(void)
{
	locale_pin_default();
	xmlInitParser();
	markdown_init();
	char tmpl[] = "/tmp/skylt-links-XXXXXX";
	char *root = mkdtemp(tmpl);
	CHECK(root != NULL);
	if (!root || chdir(root) != 0)
		return harness_done("links");
	harness_write("content/site.yaml",
		"title: T\nbase_url: https://x.example\nsource: sv\n"
		"languages:\n  - {code: sv, tag: sv, locale: sv}\n"
		"  - {code: ar, tag: ar, locale: ar}\n");
	harness_write("content/sv/index.md",
		"---\ntitle: Start\n---\n[Kommunen](ansvar/kommunen.md)\n");
	harness_write("content/sv/ansvar/index.md",
		"---\ntitle: Ansvar\n---\n[Start](../index.md#välkommen)\n");
	harness_write("content/sv/ansvar/kommunen.md",
		"---\ntitle: Kommunen\n---\n# Skola och förskola\n\n"
		"[MV](migrationsverket.md#asyl) och [skola](#skola-och-"
		"förskola)\n");
	harness_write("content/sv/ansvar/migrationsverket.md",
		"---\ntitle: Migrationsverket\n---\n## Asyl\n\n"
		"Se [kommunen](kommunen.md).\n");
	harness_write("content/ar/ansvar/kommunen.md",
		"---\ntitle: البلدية\n---\n[مصلحة الهجرة](migrationsverket.md)"
		"\n");
	harness_write("content/sv/bad.md",
		"---\ntitle: Fel\n---\nText [x](ansvar/kommun.md) och\n"
		"åäö [y](../../etc/passwd.md) [z](javascript:alert(1))\n"
		"[w](/sv/ansvar/) [v](ansvar/kommunen.md#skolan)\n"
		"<script>alert(1)</script>\n\n<b>fet</b>\n");
	struct diags d;
	diags_init(&d);
	CHECK(config_load(&cfg, "content/site.yaml", &d) == 0);
	struct page **pages;
	size_t n;
	CHECK(pages_list(&cfg, ".", &pages, &n, &d) == 0);
	CHECK(n == 6);
	for (size_t i = 0; i < n; i++) {
		page_load(pages[i], NULL, &d);
		page_anchors(pages[i]);
	}
	site_build(&site, &cfg, pages, n, &d);
	CHECK(d.errors == 0);
	CHECK(site.nsets == 5);

	/* Start page: a link into a folder, in its own language. */
	char *u = S_first_url(S_page("", 0), 0, &d);
	CHECK_STR(u, "ansvar/kommunen/");
	free(u);
	/* The same Swedish page shown as the Arabic fallback links to Arabic.
	 */
	u = S_first_url(S_page("", 0), 1, &d);
	CHECK_STR(u, "ansvar/kommunen/");
	/* Folder page up to the start page, with a checked anchor? The start
	 * page has no heading "välkommen": an error. */
	free(u);
	struct diags e;
	diags_init(&e);
	u = S_first_url(S_page("ansvar", 0), 0, &e);
	CHECK_STR(u, "../#välkommen");
	CHECK(e.errors == 1);
	CHECK_STR(S_msg(&e, 0), "content/sv/ansvar/index.md:4:1: link to "
				"missing anchor '#välkommen' in 'index.md'");
	free(u);
	diags_release(&e);
	diags_init(&e);
	u = S_first_url(S_page("ansvar/kommunen", 0), 0, &e);
	CHECK_STR(u, "../migrationsverket/#asyl");
	CHECK(e.n == 0);
	free(u);
	/* Arabic page, sibling link to an untranslated page stays in ar. */
	u = S_first_url(S_page("ansvar/kommunen", 1), 1, &e);
	CHECK_STR(u, "../migrationsverket/");
	CHECK(e.n == 0);
	free(u);

	/* Every kind of bad link, at file:line:col in characters. */
	u = S_first_url(S_page("bad", 0), 0, &e);
	free(u);
	CHECK(e.errors == 6);
	CHECK(e.warnings == 2); /* <b> and </b> */
	diags_sort(&e);
	CHECK_STR(S_msg(&e, 0),
		  "content/sv/bad.md:4:6: link to missing page "
		  "'ansvar/kommun.md' (did you mean 'ansvar/kommunen.md'?)");
	CHECK_STR(S_msg(&e, 1), "content/sv/bad.md:5:5: link "
				"'../../etc/passwd.md' leads outside "
				"'content/sv/'");
	CHECK_STR(S_msg(&e, 2),
		  "content/sv/bad.md:5:30: link scheme 'javascript:' is not "
		  "allowed (use https:, mailto: or tel:)");
	CHECK_STR(S_msg(&e, 3),
		  "content/sv/bad.md:6:1: absolute path '/sv/ansvar/': link to "
		  "the page's .md file relative to this one, e.g. "
		  "'kommunen.md'");
	CHECK_STR(S_msg(&e, 4),
		  "content/sv/bad.md:6:18: link to missing anchor '#skolan' in "
		  "'ansvar/kommunen.md'");
	CHECK_STR(S_msg(&e, 5), "content/sv/bad.md:7:1: raw HTML '<script>' "
				"is not allowed: write the content in "
				"Markdown");
	CHECK_STR(S_msg(&e, 6), "content/sv/bad.md:9:1: raw HTML is not "
				"supported: its tags were left out and its "
				"text kept; write it in Markdown");
	CHECK_STR(S_msg(&e, 7), "content/sv/bad.md:9:7: raw HTML is not "
				"supported: its tags were left out and its "
				"text kept; write it in Markdown");
	diags_release(&e);

	/* Accessibility lint. */
	diags_init(&e);
	struct page *bad = S_page("bad", 0);
	const char *md = "## Del\n\n#### För djupt\n\n# Andra titel\n\n"
			 "![](https://x.example/a.png) [](https://x.example) "
			 "[Läs mer](https://x.example) [Läs om SFI](https://x."
			 "example)\n\n|  |  |\n| - | - |\n| a | b |\n";
	cmark_node *doc = markdown_parse(md, strlen(md));
	CHECK(links_lint(bad, doc, "klicka här|Läs mer|läs mer", &e) < 0);
	cmark_node_free(doc);
	diags_sort(&e);
	CHECK(e.errors == 2 && e.warnings == 4);
	CHECK_CONTAINS(S_msg(&e, 0),
		       ":6:1: heading level 4 follows level 2: use "
		       "level 3 (###)");
	CHECK_CONTAINS(S_msg(&e, 1), ":8:1: the page title is the only level-1 "
				     "heading: start with '##'");
	CHECK_CONTAINS(S_msg(&e, 2), ":10:1: image has no alt text");
	/* Columns come from the page file, which this text is not. */
	CHECK_CONTAINS(S_msg(&e, 3), ":10:1: link has no text");
	CHECK_CONTAINS(S_msg(&e, 4), ":10:1: link text 'Läs mer' says nothing "
				     "out of context");
	CHECK_CONTAINS(S_msg(&e, 5), ":12:1: table has an empty header row");
	diags_release(&e);

	S_files();

	site_release(&site);
	config_release(&cfg);
	diags_release(&d);
	xmlCleanupParser();
	system("rm -rf /tmp/skylt-links-*");
	return harness_done("links");
}
