/* Markdown to DOM: each construct of cmark-gfm becomes the right element, text
 * stays text, raw HTML never reaches the output, and heading ids are stable,
 * readable in every script and unique. */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>

#include "harness.h"
#include "anchor.h"
#include "buf.h"
#include "markdown.h"
#include "render.h"

static int S_rtl;

/* The root's children as HTML, the way the templates stage will write them.
 * The document is an HTML one, so text is written as raw UTF-8 even through
 * a buffer without an encoder. */
static char *S_dump(xmlDocPtr d)
{
	xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
	for (xmlNodePtr n = xmlDocGetRootElement(d)->children; n; n = n->next)
		htmlNodeDumpFormatOutput(ob, d, n, "UTF-8", 0);
	xmlOutputBufferFlush(ob);
	char *s = xstrdup((const char *)xmlOutputBufferGetContent(ob));
	xmlOutputBufferClose(ob);
	return s;
}

/* Renders md and returns the body's HTML; the caller frees it. */
static char *S_html(const char *md)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	struct anchors a;
	anchors_compute(doc, &a);
	xmlDocPtr d = render_fragment(doc, &a, S_rtl);
	char *s = S_dump(d);
	xmlFreeDoc(d);
	anchors_release(&a);
	cmark_node_free(doc);
	return s;
}

#define S_IS(md, want)                                                         \
	do {                                                                   \
		char *got_ = S_html(md);                                       \
		CHECK_STR(got_, want);                                         \
		free(got_);                                                    \
	} while (0)

/* The ids of md's headings, space-separated; the caller frees them. */
static char *S_ids(const char *md)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	struct anchors a;
	anchors_compute(doc, &a);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < a.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", a.ids[i]);
	anchors_release(&a);
	CHECK(a.n == 0 && a.ids == NULL);
	cmark_node_free(doc);
	return buf_detach(&b);
}

#define S_IDS(md, want)                                                        \
	do {                                                                   \
		char *got_ = S_ids(md);                                        \
		CHECK_STR(got_, want);                                         \
		free(got_);                                                    \
	} while (0)

static void S_blocks(void)
{
	S_IS("Text med *betoning* och **fetstil**.\n",
	     "<p>Text med <em>betoning</em> och <strong>fetstil</strong>.</p>");
	S_IS("# Vem gör vad?\n\nText.\n",
	     "<h1 id=\"vem-gör-vad\">Vem gör vad?</h1>\n<p>Text.</p>");
	S_IS("## Asyl\n\n### Asyl\n",
	     "<h2 id=\"asyl\">Asyl</h2>\n<h3 id=\"asyl-2\">Asyl</h3>");
	S_IS("> citat\n\n---\n", "<blockquote><p>citat</p></blockquote>\n<hr>");
	S_IS("3. tre\n4. fyra\n",
	     "<ol start=\"3\"><li>tre</li>\n<li>fyra</li></ol>");
	S_IS("1. ett\n", "<ol><li>ett</li></ol>");
	S_IS("0. noll\n", "<ol start=\"0\"><li>noll</li></ol>");
	/* Loose lists keep their paragraphs, tight ones do not. */
	S_IS("- ett\n\n- två\n",
	     "<ul><li><p>ett</p></li>\n<li><p>två</p></li></ul>");
	S_IS("- ett\n  - två\n",
	     "<ul><li>ett\n<ul><li>två</li></ul></li></ul>");
	S_IS("```sh\nmake check\n```\n",
	     "<pre dir=\"ltr\"><code class=\"language-sh\">make "
	     "check\n</code></pre>");
	/* Only the info string's first word names the language. */
	S_IS("``` c {.numbered}\nint x;\n```\n",
	     "<pre dir=\"ltr\"><code class=\"language-c\">int x;\n"
	     "</code></pre>");
	S_IS("    indenterad\n",
	     "<pre dir=\"ltr\"><code>indenterad\n</code></pre>");
	/* Line breaks add no whitespace inside inline content. */
	S_IS("rad ett  \nrad två\n", "<p>rad ett<br>rad två</p>");
	S_IS("rad ett\nrad två\n", "<p>rad ett\nrad två</p>");
}

static void S_inlines(void)
{
	S_IS("[Kommunen](../kommunen/ \"Om kommunen\")\n",
	     "<p><a href=\"../kommunen/\" title=\"Om kommunen\">Kommunen</a>"
	     "</p>");
	S_IS("[tom]()\n", "<p><a href=\"\">tom</a></p>");
	/* Attribute values are stored as they stand, never entity-parsed;
	 * libxml2 quotes a value holding '"' with apostrophes. */
	S_IS("[x](?a=1&amp;b=2 \"\\\"citat\\\" & <mer>\")\n",
	     "<p><a href=\"?a=1&amp;b=2\" title='\"citat\" &amp; "
	     "&lt;mer&gt;'>x</a></p>");
	S_IS("Se https://www.migrationsverket.se idag.\n",
	     "<p>Se <a href=\"https://www.migrationsverket.se\">"
	     "https://www.migrationsverket.se</a> idag.</p>");
	S_IS("~~gammalt~~ nytt\n", "<p><del>gammalt</del> nytt</p>");
	S_IS("![Karta över *Karlskoga* `E18`](https://x.example/k.png)\n",
	     "<p><img src=\"https://x.example/k.png\" alt=\"Karta över "
	     "Karlskoga E18\"></p>");
	S_IS("![](a.png \"Titel\")\n",
	     "<p><img src=\"a.png\" alt=\"\" title=\"Titel\"></p>");
	/* Text is text: markup characters are escaped by the serialiser. */
	S_IS("a < b & c > d `<i>`\n",
	     "<p>a &lt; b &amp; c &gt; d <code>&lt;i&gt;</code></p>");
	S_IS("&lt;b&gt; &amp;amp;\n", "<p>&lt;b&gt; &amp;amp;</p>");
}

static void S_raw_html(void)
{
	/* Raw HTML tags are dropped and the text around and inside them
	 * stays (never a script's or a style's); a block with no text left
	 * leaves no blank line behind. */
	S_IS("före\n\n<script>alert(1)</script>\n\nefter <b>fet</b>\n",
	     "<p>före</p>\n<p>efter fet</p>");
	S_IS("<div>\nrå\n</div>\n", "<p>rå</p>");
	S_IS("<div><p>Ett</p><p>två &amp; <b>tre</b>s</p></div>\n\nSlut.\n",
	     "<p>Ett två &amp; tres</p>\n<p>Slut.</p>");
	S_IS("# Om <b>oss</b>\n", "<h1 id=\"om-oss\">Om oss</h1>");
	/* A comment shows nothing, and a paragraph of tags only leaves no
	 * empty <p>. */
	S_IS("före\n\n<!-- till översättaren -->\n\nefter\n",
	     "<p>före</p>\n<p>efter</p>");
	S_IS("före\n\n<a href=\"x\"><img src=\"y\"></a>\n\nefter\n",
	     "<p>före</p>\n<p>efter</p>");
}

static void S_footnotes(void)
{
	/* Numbered in the order of first reference; each reference has its
	 * own id and its note links back to each. */
	S_IS("Ett[^b] två[^a] tre[^b].\n\n[^a]: A.\n[^b]: B.\n",
	     "<p>Ett<sup class=\"footnote-ref\"><a href=\"#fn-1\" "
	     "id=\"fnref-1\" aria-describedby=\"footnotes\">1</a></sup> "
	     "två<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" "
	     "aria-describedby=\"footnotes\">2</a></sup> tre<sup "
	     "class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" "
	     "aria-describedby=\"footnotes\">1</a></sup>.</p>\n"
	     "<section class=\"footnotes\" aria-labelledby=\"footnotes\"><h2 "
	     "id=\"footnotes\">Footnotes</h2>\n<ol>\n<li id=\"fn-1\"><p>B. "
	     "<a href=\"#fnref-1\" class=\"footnote-back\" aria-label=\"Back "
	     "to content (1)\">↑<sup>1</sup></a> <a href=\"#fnref-1-2\" "
	     "class=\"footnote-back\" aria-label=\"Back to content "
	     "(2)\">↑<sup>2</sup></a></p></li>\n<li id=\"fn-2\"><p>A. <a "
	     "href=\"#fnref-2\" class=\"footnote-back\" aria-label=\"Back to "
	     "content\">↑</a></p></li></ol></section>");
	/* The ids are known to the link checks. */
	char *ids = S_ids("## Del\n\nText[^x].\n\n[^x]: Not.\n");
	CHECK_STR(ids, "del fnref-1 footnotes fn-1");
	free(ids);
	/* A definition nobody refers to is not shown. */
	S_IS("Text.\n\n[^x]: Not.\n", "<p>Text.</p>");
}

static void S_tasks(void)
{
	S_IS("- [ ] Ansök\n- [x] Boka tid\n",
	     "<ul><li class=\"task\"><label><input type=\"checkbox\" "
	     "disabled> Ansök</label></li>\n<li class=\"task\"><label><input "
	     "type=\"checkbox\" disabled checked> Boka "
	     "tid</label></li></ul>");
	/* In a loose list the label stays inside the paragraph. */
	S_IS("- [x] Ett\n\n- [ ] Två\n",
	     "<ul><li class=\"task\"><p><label><input type=\"checkbox\" "
	     "disabled checked> Ett</label></p></li>\n<li "
	     "class=\"task\"><p><label><input type=\"checkbox\" disabled> "
	     "Två</label></p></li></ul>");
}

/* Renders md with the labels of an Arabic page. */
static char *S_html_ar(const char *md)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	struct anchors a;
	anchors_compute(doc, &a);
	struct render_opts o = {.rtl = 1, .locale = "ar"};
	o.labels[RENDER_WARNING] = "تحذير";
	o.labels[RENDER_FOOTNOTES] = "الحواشي";
	xmlDocPtr d = render_fragment_opts(doc, &a, &o);
	char *s = S_dump(d);
	xmlFreeDoc(d);
	anchors_release(&a);
	cmark_node_free(doc);
	return s;
}

static void S_alerts(void)
{
	S_IS("> [!NOTE]\n> Ta med *passet*.\n",
	     "<div class=\"alert alert-note\" role=\"note\"><p "
	     "class=\"alert-title\">Note</p>\n<p>Ta med "
	     "<em>passet</em>.</p></div>");
	/* Any case; later paragraphs follow; the marker alone on its line. */
	S_IS("> [!caution]\n>\n> Ett.\n>\n> Två.\n",
	     "<div class=\"alert alert-caution\" role=\"note\"><p "
	     "class=\"alert-title\">Caution</p>\n<p>Ett.</p>\n<p>Två.</p></div>");
	S_IS("> [!NOTE] text\n", "<blockquote><p>[!NOTE] text</p></blockquote>");
	S_IS("> [!OTHER]\n> x\n",
	     "<blockquote><p>[!OTHER]\nx</p></blockquote>");
	/* In a right-to-left page: the page's word, and a Latin run in it
	 * isolated as everywhere. */
	char *got = S_html_ar("> [!WARNING]\n> لا ترسل PDF.\n\nنص[^1].\n\n[^1]: حاشية.\n");
	CHECK_CONTAINS(got, "<div class=\"alert alert-warning\" role=\"note\"><p "
			    "class=\"alert-title\">تحذير</p>\n<p>لا ترسل "
			    "<bdi>PDF</bdi>.</p></div>");
	CHECK_CONTAINS(got, "<h2 id=\"footnotes\">الحواشي</h2>");
	free(got);
}

static void S_tables(void)
{
	/* Each body cell carries its column header's plain text (data-label),
	 * for the stylesheet's cards on a narrow screen. */
	S_IS("| Vad | Vem |\n| :-- | --: |\n| Skola | Kommunen |\n",
	     "<table><thead><tr><th scope=\"col\" class=\"align-left\">Vad</th>"
	     "<th scope=\"col\" class=\"align-right\">Vem</th></tr></thead>"
	     "<tbody><tr><td class=\"align-left\" data-label=\"Vad\">Skola</td>"
	     "<td class=\"align-right\" data-label=\"Vem\">Kommunen</td></tr></tbody></table>");
	S_IS("| A | B |\n| :-: | - |\n| *1* | ~~2~~ |\n| 3 |\n",
	     "<table><thead><tr><th scope=\"col\" class=\"align-center\">A</th>"
	     "<th scope=\"col\">B</th></tr></thead>"
	     "<tbody><tr><td class=\"align-center\" data-label=\"A\"><em>1</em></td>"
	     "<td data-label=\"B\"><del>2</del></td></tr>"
	     "<tr><td class=\"align-center\" data-label=\"A\">3</td><td data-label=\"B\"></td></tr></tbody>"
	     "</table>");
	/* A header with markup gives its text only; an empty one no label;
	 * quotes in it are kept, the attribute quoted as the serialiser does. */
	S_IS("| *Om* \"du\" | |\n| - | - |\n| x | y |\n",
	     "<table><thead><tr><th scope=\"col\"><em>Om</em> \"du\"</th>"
	     "<th scope=\"col\"></th></tr></thead>"
	     "<tbody><tr><td data-label='Om \"du\"'>x</td><td>y</td></tr></tbody></table>");
	/* A header alone: no empty tbody. */
	S_IS("| A |\n| - |\n",
	     "<table><thead><tr><th scope=\"col\">A</th></tr></thead></table>");
}

static void S_bidi(void)
{
	/* In a left-to-right page, Arabic runs are isolated. */
	S_IS("Kommunen heter البلدية på arabiska.\n",
	     "<p>Kommunen heter <bdi>البلدية</bdi> på arabiska.</p>");

	/* Right to left: exactly the phone number, the e-mail address and the
	 * Latin name are isolated; punctuation after them stays outside. */
	S_rtl = 1;
	S_IS("اتصل بالرقم 0586-610 00 أو اكتب إلى kommun@karlskoga.se، "
	     "وهو مركز الخدمة في Migrationsverket.\n",
	     "<p>اتصل بالرقم <bdi>0586-610 00</bdi> أو اكتب إلى "
	     "<a href=\"mailto:kommun@karlskoga.se\"><bdi>kommun@karlskoga.se"
	     "</bdi></a>، وهو مركز الخدمة في "
	     "<bdi>Migrationsverket</bdi>.</p>");
	S_IS("البلدية مسؤولة عن المدرسة.\n",
	     "<p>البلدية مسؤولة عن المدرسة.</p>");
	/* A link's Latin text is isolated inside the link; code is not. */
	S_IS("راجع [Migrationsverket](../mv/) و `make check`.\n",
	     "<p>راجع <a href=\"../mv/\"><bdi>Migrationsverket</bdi></a> و "
	     "<code>make check</code>.</p>");
	S_IS("البلدية (kommunen) هي المدينة.\n",
	     "<p>البلدية (<bdi>kommunen</bdi>) هي المدينة.</p>");
	S_IS("تبدأ SFI في 2018 مع Arbetsförmedlingen\n",
	     "<p>تبدأ <bdi>SFI</bdi> في <bdi>2018</bdi> مع "
	     "<bdi>Arbetsförmedlingen</bdi></p>");
	S_rtl = 0;
}

static void S_anchors(void)
{
	S_IDS("# Vem gör vad?\n", "vem-gör-vad");
	S_IDS("# البلدية والمدرسة\n", "البلدية-والمدرسة");
	/* Repeats are numbered, and never collide with a heading that reads
	 * like a numbered one, whichever comes first. */
	S_IDS("## Asyl\n## Asyl\n## Asyl-2\n", "asyl asyl-2 asyl-2-2");
	S_IDS("## A-2\n## A\n## A\n", "a-2 a a-3");
	S_IDS("# A\n# a\n# A\n", "a a-2 a-3");
	/* ZWNJ stays inside a Persian word, and only there. */
	S_IDS("# می‌شود\n", "می‌شود");
	S_IDS("# می‌ شود‌\n", "می-شود");
	/* Marks belong to their word: Devanagari, vocalised Arabic. */
	S_IDS("# हिन्दी भाषा\n", "हिन्दी-भाषा");
	S_IDS("# مُدَرِّسَة\n", "مُدَرِّسَة");
	S_IDS("# ትግርኛ ቋንቋ\n", "ትግርኛ-ቋንቋ");
	/* NFKC_Casefold: width, case, ß; a soft hyphen is ignorable. */
	S_IDS("# ＡＢＣ Straße\n", "abc-strasse");
	S_IDS("# Migrations\xC2\xADverket\n", "migrationsverket");
	S_IDS("# \xC2\xAD\n# \xE2\x80\x8C\n", "section section-2");
	S_IDS("# `SFI` – svenska för invandrare\n",
	      "sfi-svenska-för-invandrare");
	S_IDS("# [Länk](x) och ![bild](y.png)\n", "länk-och-bild");
	S_IDS("Setext\nrubrik\n======\n", "setext-rubrik");
	S_IDS("# ?!\n#\n# 2024\n", "section section-2 2024");
	S_IDS("> # Citat\n\n- # I lista\n", "citat i-lista");
	S_IDS("Ingen rubrik.\n", "");

	cmark_node *doc = markdown_parse("# Ett\n## Två\n", 13);
	struct anchors a;
	anchors_compute(doc, &a);
	CHECK(a.n == 2);
	CHECK(anchors_has(&a, "ett"));
	CHECK(anchors_has(&a, "två"));
	CHECK(!anchors_has(&a, "tre"));
	CHECK(!anchors_has(&a, "Ett"));
	anchors_release(&a);
	CHECK(!anchors_has(&a, "ett"));
	cmark_node_free(doc);

	/* A repeat resumes where the last one of its words stopped, and
	 * still passes over ids that headings took in between. */
	S_IDS("## A\n## A-3\n## A\n## A\n## A\n", "a a-3 a-2 a-4 a-5");
	S_IDS("## A\n## A\n## A-2\n## A\n", "a a-2 a-2-2 a-3");
	S_IDS("## A-2\n## A-2\n## A\n## A\n", "a-2 a-2-2 a a-3");
	/* Ten thousand identical headings: linear, not a search from -2
	 * against every id for each (that took minutes). */
	struct buf md = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&md, "## a\n\n");
	doc = markdown_parse(md.ptr, md.len);
	anchors_compute(doc, &a);
	CHECK(a.n == 10000);
	CHECK_STR(a.n == 10000 ? a.ids[0] : "", "a");
	CHECK_STR(a.n == 10000 ? a.ids[1] : "", "a-2");
	CHECK_STR(a.n == 10000 ? a.ids[9999] : "", "a-10000");
	CHECK(anchors_has(&a, "a-5000") && !anchors_has(&a, "a-1") &&
	      !anchors_has(&a, "a-10001"));
	anchors_release(&a);
	cmark_node_free(doc);
	buf_release(&md);
}

/* Depth of nesting found without recursion: a hundred levels pass, and the
 * first node beyond is returned, even a hundred thousand levels down. */
static void S_depth(void)
{
	struct buf md = BUF_INIT;
	/* The paragraph in 99 quotes is at level 100, its text at 101. */
	for (int i = 0; i < 98; i++)
		buf_putc(&md, '>');
	buf_puts(&md, " a\n");
	cmark_node *doc = markdown_parse(md.ptr, md.len);
	CHECK(markdown_too_deep(doc) == NULL);
	cmark_node_free(doc);
	buf_release(&md);

	buf_puts(&md, "Först.\n\n");
	for (int i = 0; i < 100000; i++)
		buf_putc(&md, '>');
	buf_puts(&md, " a\n");
	doc = markdown_parse(md.ptr, md.len);
	cmark_node *deep = markdown_too_deep(doc);
	CHECK(deep != NULL);
	CHECK(deep && cmark_node_get_type(deep) == CMARK_NODE_BLOCK_QUOTE);
	CHECK(deep && markdown_line(deep) == 3);
	cmark_node_free(doc);
	buf_release(&md);

	/* Emphasis counts as a level: 60,000 of them. */
	for (int i = 0; i < 60000; i++)
		buf_puts(&md, "*a ");
	buf_putc(&md, 'b');
	for (int i = 0; i < 60000; i++)
		buf_puts(&md, " c*");
	doc = markdown_parse(md.ptr, md.len);
	deep = markdown_too_deep(doc);
	CHECK(deep != NULL);
	CHECK(deep && markdown_line(deep) == 1);
	cmark_node_free(doc);
	buf_release(&md);
}

int main(void)
{
	xmlInitParser();
	markdown_init();
	S_blocks();
	S_inlines();
	S_raw_html();
	S_footnotes();
	S_tasks();
	S_alerts();
	S_tables();
	S_bidi();
	S_anchors();
	S_depth();
	xmlCleanupParser();
	return harness_done("render");
}
