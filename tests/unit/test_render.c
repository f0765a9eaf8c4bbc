/* Markdown to DOM: each construct of cmark-gfm becomes the right element, text
 * stays text, raw HTML never reaches the output, and heading ids are stable,
 * readable in every script and unique. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "harness.h"
#include "anchor.h"
#include "buf.h"
#include "markdown.h"
#include "render.h"
#include "template.h"

static int S_rtl;

/* Renders md and returns the body's HTML; the caller frees it. */
static char *S_html(const char *md)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	struct anchors a;
	anchors_compute(doc, &a);
	xmlDocPtr d = render_fragment(doc, &a, S_rtl);
	struct buf b = BUF_INIT;
	html_serialise_children(xmlDocGetRootElement(d), &b);
	xmlFreeDoc(d);
	anchors_release(&a);
	cmark_node_free(doc);
	return buf_detach(&b);
}

static void S_is(const char *md, const char *want)
{
	char *got = S_html(md);
	CHECK_STR(got, want);
	free(got);
}

static void S_ids(const char *md, const char *want)
{
	cmark_node *doc = markdown_parse(md, strlen(md));
	struct anchors a;
	anchors_compute(doc, &a);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < a.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", a.ids[i]);
	CHECK_STR(b.ptr, want);
	buf_release(&b);
	anchors_release(&a);
	cmark_node_free(doc);
}

int main(void)
{
	xmlInitParser();
	markdown_init();

	S_is("Text med *betoning* och **fetstil**.\n",
	     "<p>Text med <em>betoning</em> och <strong>fetstil</strong>.</p>");
	S_is("# Vem gör vad?\n\nText.\n",
	     "<h1 id=\"vem-gör-vad\">Vem gör vad?</h1>\n<p>Text.</p>");
	/* Text is text: markup characters are escaped by the serialiser. */
	S_is("a < b & c > d `<i>`\n",
	     "<p>a &lt; b &amp; c &gt; d <code>&lt;i&gt;</code></p>");
	/* Raw HTML is dropped, the text around it stays. */
	S_is("före\n\n<script>alert(1)</script>\n\nefter <b>fet</b>\n",
	     "<p>före</p>\n\n<p>efter fet</p>");
	S_is("[Kommunen](../kommunen/ \"Om kommunen\")\n",
	     "<p><a href=\"../kommunen/\" title=\"Om kommunen\">Kommunen</a>"
	     "</p>");
	S_is("Se https://www.migrationsverket.se idag.\n",
	     "<p>Se <a href=\"https://www.migrationsverket.se\">"
	     "https://www.migrationsverket.se</a> idag.</p>");
	S_is("~~gammalt~~ nytt\n", "<p><del>gammalt</del> nytt</p>");
	S_is("![Karta över *Karlskoga*](https://x.example/k.png)\n",
	     "<p><img src=\"https://x.example/k.png\" alt=\"Karta över "
	     "Karlskoga\"></p>");
	S_is("3. tre\n4. fyra\n",
	     "<ol start=\"3\"><li>tre</li>\n<li>fyra</li></ol>");
	S_is("- ett\n\n- två\n",
	     "<ul><li><p>ett</p></li>\n<li><p>två</p></li></ul>");
	S_is("```sh\nmake check\n```\n",
	     "<pre dir=\"ltr\"><code class=\"language-sh\">make "
	     "check\n</code></pre>");
	S_is("| Vad | Vem |\n| :-- | --: |\n| Skola | Kommunen |\n",
	     "<table><thead><tr><th scope=\"col\" class=\"align-left\">Vad</th>"
	     "<th scope=\"col\" class=\"align-right\">Vem</th></tr></thead>"
	     "<tbody><tr><td class=\"align-left\">Skola</td>"
	     "<td class=\"align-right\">Kommunen</td></tr></tbody></table>");
	S_is("> citat\n\n---\n", "<blockquote><p>citat</p></blockquote>\n<hr>");
	S_is("rad ett  \nrad två\n", "<p>rad ett<br>\nrad två</p>");
	/* Raw UTF-8, never character references. */
	/* In a left-to-right page, Arabic runs are isolated. */
	S_is("Kommunen heter البلدية på arabiska.\n",
	     "<p>Kommunen heter <bdi>البلدية</bdi> på arabiska.</p>");

	/* Right to left: exactly the phone number, the e-mail address and the
	 * Latin name are isolated; punctuation after them stays outside. */
	S_rtl = 1;
	S_is("اتصل بالرقم 0586-610 00 أو اكتب إلى kommun@karlskoga.se، "
	     "وهو مركز الخدمة في Migrationsverket.\n",
	     "<p>اتصل بالرقم <bdi>0586-610 00</bdi> أو اكتب إلى "
	     "<a href=\"mailto:kommun@karlskoga.se\"><bdi>kommun@karlskoga.se"
	     "</bdi></a>، وهو مركز الخدمة في "
	     "<bdi>Migrationsverket</bdi>.</p>");
	S_is("البلدية مسؤولة عن المدرسة.\n",
	     "<p>البلدية مسؤولة عن المدرسة.</p>");
	/* A link's Latin text is isolated inside the link; code is not. */
	S_is("راجع [Migrationsverket](../mv/) و `make check`.\n",
	     "<p>راجع <a href=\"../mv/\"><bdi>Migrationsverket</bdi></a> و "
	     "<code>make check</code>.</p>");
	/* A parenthesis around a Latin word stays with the Arabic text. */
	S_is("البلدية (kommunen) هي المدينة.\n",
	     "<p>البلدية (<bdi>kommunen</bdi>) هي المدينة.</p>");
	S_is("تبدأ SFI في 2018 مع Arbetsförmedlingen\n",
	     "<p>تبدأ <bdi>SFI</bdi> في <bdi>2018</bdi> مع "
	     "<bdi>Arbetsförmedlingen</bdi></p>");
	S_rtl = 0;

	/* Heading ids. */
	S_ids("# Vem gör vad?\n", "vem-gör-vad");
	S_ids("## Asyl\n## Asyl\n## Asyl-2\n", "asyl asyl-2 asyl-2-2");
	S_ids("# البلدية والمدرسة\n", "البلدية-والمدرسة");
	S_ids("# می‌شود\n", "می‌شود");
	S_ids("# `SFI` – svenska för invandrare\n",
	      "sfi-svenska-för-invandrare");
	S_ids("# ?!\n", "section");
	S_ids("# ＡＢＣ Straße\n", "abc-strasse");

	xmlCleanupParser();
	return harness_done("render");
}
