/* Glossary links: the first occurrence of a term (its title or word) or
 * abbreviation links to its page, on word boundaries, case-folded except an
 * abbreviation, across soft line breaks, the longest match first; never in
 * headings, links, code or a passage marked nolink, and never on the term's
 * own page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness.h"
#include "buf.h"
#include "config.h"
#include "glossary.h"
#include "html.h"
#include "load.h"
#include "locale.h"
#include "markdown.h"
#include "model.h"
#include "render.h"
#include "template.h"

static struct site site;

static char *S_linked(const char *rel, size_t lang)
{
	const struct tset *t = site_find(&site, rel);
	const struct page *p = tset_page(t, lang);
	cmark_node *doc = page_body(p, NULL);
	glossary_link(&site, t, p->lang, lang, doc);
	xmlDocPtr d = render_fragment(doc, &p->anchors, 0);
	struct buf b = BUF_INIT;
	html_serialise_children(xmlDocGetRootElement(d), &b);
	xmlFreeDoc(d);
	cmark_node_free(doc);
	return buf_detach(&b);
}

int main(void)
{
	locale_pin_default();
	xmlInitParser();
	markdown_init();
	char tmpl[] = "/tmp/skylt-glossary-XXXXXX";
	if (!mkdtemp(tmpl) || chdir(tmpl) != 0)
		return harness_done("glossary");
	harness_write("content/site.yaml",
		"title: T\nbase_url: https://x.example\nsource: sv\n"
		"languages:\n  - {code: sv, tag: sv, locale: sv}\n"
		"  - {code: en, tag: en, locale: en}\n"
		"  - {code: ar, tag: ar, locale: ar, numbers: latn}\n"
		"  - {code: ru, tag: ru, locale: ru}\n");
	/* Arabic and Russian: a title wrapped over two lines, and words of a
	 * Swedish expansion inside the text. */
	harness_write("content/ar/begrepp/asylsokande.md",
		"---\ntitle: طالب اللجوء\nterm: طالب اللجوء (asylsökande)\n"
		"---\nنص.\n");
	harness_write("content/ar/index.md",
		"---\ntitle: البداية\n---\nيدرس طالب\nاللجوء في SFI، svenska "
		"för invandrare.\n");
	harness_write("content/ru/begrepp/asylsokande.md",
		"---\ntitle: Ищущий убежища\nterm: ищущий убежища "
		"(asylsökande)\n---\nТекст.\n");
	harness_write("content/ru/index.md",
		"---\ntitle: Начало\n---\nИЩУЩИЙ\nубежища изучает sfi, то есть "
		"SFI.\n");
	harness_write("content/sv/begrepp/sfi.md",
		"---\ntitle: SFI\nkind: term\nterm: svenska för invandrare\n"
		"abbr: SFI\n---\nSFI är kommunens kurs.\n");
	harness_write("content/sv/begrepp/asylsokande.md",
		"---\ntitle: Asylsökande\nkind: term\nterm: asylsökande\n---\n"
		"Text.\n");
	harness_write("content/en/begrepp/asylsokande.md",
		"---\ntitle: Asylum seeker\nkind: term\nterm: asylum seeker\n"
		"---\nText.\n");
	harness_write(
	    "content/sv/index.md",
	    "---\ntitle: Start\n---\n# SFI och asylsökande\n\n"
	    "ABONNEMANG är inget begrepp. [SFI](https://x.example) är en "
	    "länk och `SFI` kod.\nEn ASYLSÖKANDE läser sfi, och SFI igen.\n");
	harness_write("content/en/index.md",
		"---\ntitle: Start\n---\nAn asylum seeker may study SFI.\n"
		"Put it in a PUT.\n");
	harness_write("content/sv/begrepp/invandrare.md",
		"---\ntitle: Invandrare\nkind: term\nterm: invandrare\n---\n"
		"Text.\n");
	harness_write("content/sv/begrepp/ensamkommande-barn.md",
		"---\ntitle: Ensamkommande barn\nkind: term\n"
		"term: ensamkommande barn\n---\nText.\n");
	harness_write("content/sv/begrepp/put.md",
		"---\ntitle: PUT\nkind: term\nterm: permanent "
		"uppehållstillstånd\nabbr: PUT\n---\nText.\n");
	harness_write("content/sv/regler.md",
		"---\ntitle: Regler\n---\nLäs SFI, svenska för\ninvandrare. "
		"Många ensamkommande\nbarn och invandrare.\n\n"
		"En <!-- nolink -->lag om asylsökande<!-- /nolink --> och en "
		"asylsökande.\n\nEn paragraf: <!-- nolink -->permanent\n"
		"uppehållstillstånd.\n\nNästa: permanent "
		"uppehållstillstånd.\n");
	struct config cfg;
	struct diags d;
	diags_init(&d);
	CHECK(config_load(&cfg, "content/site.yaml", &d) == 0);
	struct page **pages;
	size_t n;
	pages_list(&cfg, ".", &pages, &n, &d);
	for (size_t i = 0; i < n; i++) {
		page_load(pages[i], NULL, &d);
		page_anchors(pages[i]);
	}
	site_build(&site, &cfg, pages, n, &d);
	CHECK(d.errors == 0);
	CHECK(site.nterms == 5);

	char *html = S_linked("", 0);
	/* Not in the heading, not in ABONNEMANG, not in a link or code; the
	 * first plain occurrence of a word, whatever its case, and only that
	 * one; an abbreviation only as it is written ("sfi" is not SFI). */
	CHECK_STR(
	    html,
	    "<h1 id=\"sfi-och-asylsökande\">SFI och asylsökande</h1>\n"
	    "<p>ABONNEMANG är inget begrepp. <a href=\"https://x.example\">"
	    "SFI</a> är en länk och <code>SFI</code> kod.\nEn "
	    "<a href=\"begrepp/asylsokande/\">ASYLSÖKANDE</a> läser "
	    "sfi, och <a href=\"begrepp/sfi/\" title=\"svenska för "
	    "invandrare\">SFI</a> igen.</p>");
	free(html);
	/* English text matches the English title; SFI has no English page, so
	 * its Swedish abbreviation is used. */
	html = S_linked("", 1);
	CHECK_STR(html,
		  "<p>An <a href=\"begrepp/asylsokande/\">asylum seeker</a> "
		  "may study <a href=\"begrepp/sfi/\" title=\"svenska för "
		  "invandrare\">SFI</a>.\nPut it in a <a href=\"begrepp/put/\" "
		  "title=\"permanent uppehållstillstånd\">PUT</a>.</p>");
	free(html);
	/* The expansion "svenska för invandrare" is SFI's (linked already), so
	 * its "invandrare" is not linked, even across a line break; a term
	 * wrapped over two lines is found; a passage marked nolink is passed
	 * over, up to its end marker or the end of its paragraph. */
	html = S_linked("regler", 0);
	CHECK_STR(html,
		  "<p>Läs <a href=\"../begrepp/sfi/\" title=\"svenska för "
		  "invandrare\">SFI</a>, svenska för\ninvandrare. Många "
		  "<a href=\"../begrepp/ensamkommande-barn/\">ensamkommande\n"
		  "barn</a> och <a href=\"../begrepp/invandrare/\">invandrare"
		  "</a>.</p>\n<p>En lag om asylsökande och en "
		  "<a href=\"../begrepp/asylsokande/\">asylsökande</a>.</p>\n"
		  "<p>En paragraf: permanent\nuppehållstillstånd.</p>\n"
		  "<p>Nästa: <a href=\"../begrepp/put/\" title=\"permanent "
		  "uppehållstillstånd\">permanent uppehållstillstånd</a>.</p>");
	free(html);
	/* Arabic: the title across a line break; SFI, but not invandrare in
	 * its Swedish expansion. Russian: case-folded across a line break, the
	 * abbreviation only as written. */
	html = S_linked("", 2);
	CHECK(strstr(html, "<a href=\"begrepp/asylsokande/\">") != NULL);
	CHECK(strstr(html, "اللجوء</bdi></a>") != NULL ||
	      strstr(html, "اللجوء</a>") != NULL);
	CHECK(strstr(html, "title=\"svenska för invandrare\">SFI</a>") != NULL);
	CHECK(strstr(html, "begrepp/invandrare/") == NULL);
	free(html);
	html = S_linked("", 3);
	CHECK_STR(html,
		  "<p><a href=\"begrepp/asylsokande/\">ИЩУЩИЙ\nубежища</a> "
		  "изучает sfi, то есть <a href=\"begrepp/sfi/\" "
		  "title=\"svenska för invandrare\">SFI</a>.</p>");
	free(html);
	/* A term's own page does not link to itself. */
	html = S_linked("begrepp/sfi", 0);
	CHECK_STR(html, "<p>SFI är kommunens kurs.</p>");
	free(html);

	site_release(&site);
	config_release(&cfg);
	diags_release(&d);
	char *cmd = xasprintf("rm -rf %s", tmpl);
	CHECK(system(cmd) == 0);
	free(cmd);
	xmlCleanupParser();
	return harness_done("glossary");
}
