/* The template engine: every attribute of the language, escaping by
 * construction, layouts, and HTML5 serialisation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness.h"
#include "buf.h"
#include "html.h"
#include "template.h"

static char dir[] = "/tmp/skylt-tmpl-XXXXXX";

static void S_write(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	free(path);
}

#define HEAD                                                                   \
	"<html xmlns=\"http://www.w3.org/1999/xhtml\" "                        \
	"xmlns:s=\"urn:skylt:template\""

static char *S_render(const struct tmpl_set *ts, const char *name,
		      const struct tv *data)
{
	struct diags d;
	diags_init(&d);
	struct buf b = BUF_INIT;
	tmpl_render(ts, name, data, &b, &d);
	diags_release(&d);
	return buf_detach(&b);
}

/* Loads a fresh folder holding the templates given as name, text pairs
 * (NULL-terminated); the folder is removed again at once. */
static struct tmpl_set *S_load(struct diags *d, ...)
{
	char tmp[] = "/tmp/skylt-tmpl2-XXXXXX";
	if (!mkdtemp(tmp))
		return NULL;
	va_list ap;
	va_start(ap, d);
	for (const char *name; (name = va_arg(ap, const char *));) {
		const char *text = va_arg(ap, const char *);
		char *path = xasprintf("%s/%s", tmp, name);
		FILE *f = fopen(path, "w");
		fputs(text, f);
		fclose(f);
		free(path);
	}
	va_end(ap);
	struct tmpl_set *ts = tmpl_load(tmp, d);
	char *cmd = xasprintf("rm -rf %s", tmp);
	if (system(cmd) != 0)
		ts = NULL;
	free(cmd);
	return ts;
}

/* A page template whose body (line 3) is text; refused at load time with
 * a message at line 3 that contains want. */
static void S_refused(const char *body, const char *want)
{
	struct diags d;
	diags_init(&d);
	char *page =
	    xasprintf("%s>\n<head/>\n<body>%s</body></html>", HEAD, body);
	struct tmpl_set *ts = S_load(&d, "page.xhtml", page, NULL);
	CHECK(ts == NULL);
	CHECK(d.n == 1 && d.v[0].line == 3);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "", want);
	tmpl_free(ts);
	diags_release(&d);
	free(page);
}

/* What content could do with a template, refused at load time or made
 * safe as it is written. */
static void S_hostile(void)
{
	const char *code = "inside <script> would run content as code";
	S_refused("<script s:text=\"page.title\">x</script>", code);
	S_refused("<script type=\"module\" s:text=\"page.title\"/>", code);
	S_refused("<script><s:x s:omit=\"\" s:text=\"page.title\"/></script>",
		  code);
	S_refused("<script type=\"application/ld+json\" s:html=\"body\"/>",
		  code);
	S_refused("<style s:text=\"page.summary\"/>",
		  "inside <style> would let content write CSS");
	S_refused("<a href=\"#\" s:attr-onclick=\"page.title\">x</a>",
		  "s:attr-onclick would let content add script or style");
	S_refused("<a href=\"#\" s:attr-ONMOUSEOVER=\"page.title\">x</a>",
		  "s:attr-ONMOUSEOVER would let content add script");
	S_refused("<p s:attr-style=\"page.summary\">x</p>",
		  "s:attr-style would let content add script or style");
	S_refused("<iframe s:attr-srcdoc=\"page.summary\"/>",
		  "s:attr-srcdoc would let content add script");
	S_refused("<script src=\"a.js\" s:attr-src=\"page.summary\"/>",
		  "s:attr-src on <script> would let content choose what runs");
	S_refused("<script type=\"application/ld+json\" "
		  "s:attr-type=\"page.kind\" s:text=\"jsonld\"/>",
		  "s:attr-type on <script>");
	S_refused("<script type=\"application/ld+json\"><s:x s:omit=\"\" "
		  "s:block=\"b\"/></script>",
		  "s:block inside <script> or <style>");

	/* A data block takes a value, which cannot close it. */
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts =
	    S_load(&d, "page.xhtml",
		   HEAD "><head><script type=\"application/ld+json\" "
			"s:text=\"page.title\">{}</script></head>\n<body>"
			"<a href=\"#\" s:attr-href=\"page.summary\">x</a>"
			"<a href=\"javascript:ok()\">template's own</a>"
			"</body></html>",
		   NULL);
	CHECK(ts != NULL && d.n == 0);
	struct tv *data = tv_map();
	struct tv *page = tv_map();
	tv_set_str(page, "title", "</script><script>alert(1)</script><!--");
	tv_set_str(page, "summary", "https://example.se/a?b=1");
	tv_set(data, "page", page);
	struct buf out = BUF_INIT;
	CHECK(tmpl_render(ts, "page.xhtml", data, &out, &d) == 0);
	CHECK(d.n == 0);
	CHECK_CONTAINS(out.ptr, "<script type=\"application/ld+json\">"
				"\\u003c/script\\u003e\\u003cscript\\u003e"
				"alert(1)\\u003c/script\\u003e\\u003c!--"
				"</script>");
	CHECK_CONTAINS(out.ptr, "<a href=\"https://example.se/a?b=1\">x</a>");
	/* The template's own addresses are its author's. */
	CHECK_CONTAINS(out.ptr, "<a href=\"javascript:ok()\">");
	buf_release(&out);

	/* An address from content that could run is an error at the
	 * template's line, and is not written. */
	const char *bad[] = {"javascript:alert(1)", " JaVa\tScRiPt:alert(1)",
			     "\x01javascript:alert(1)", "vbscript:x",
			     "data:text/html,<script>alert(1)</script>"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tv_set_str(page, "summary", bad[i]);
		struct buf o = BUF_INIT;
		CHECK(tmpl_render(ts, "page.xhtml", data, &o, &d) == -1);
		CHECK(strstr(o.ptr, "cript:") == NULL ||
		      strstr(o.ptr, "cript:alert") == NULL);
		CHECK_CONTAINS(o.ptr, "<a>x</a>");
		buf_release(&o);
	}
	CHECK(d.n == sizeof bad / sizeof *bad && d.errors == d.n);
	CHECK(d.n && d.v[0].line == 2);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "",
		       "s:attr-href: 'javascript:alert(1)' (from "
		       "'page.summary') is not an address a page may link to");
	diags_release(&d);
	tv_free(data);
	tmpl_free(ts);

	CHECK(html_url_safe("https://example.se/"));
	CHECK(html_url_safe("HTTP://example.se/"));
	CHECK(html_url_safe("mailto:info@example.se"));
	CHECK(html_url_safe("tel:+46586610000"));
	CHECK(html_url_safe("../kommunen/"));
	CHECK(html_url_safe("feed.xml"));
	CHECK(html_url_safe("kommunen/a:b"));
	CHECK(html_url_safe("#fn-1"));
	CHECK(html_url_safe(""));
	CHECK(!html_url_safe("javascript:x"));
	CHECK(!html_url_safe("java\nscript:x"));
	CHECK(!html_url_safe("  data:x"));
	CHECK(!html_url_safe("httpsx:x"));
	CHECK(!html_url_safe("averylongscheme:x"));
	CHECK(html_url_attr("HREF") && html_url_attr("formaction") &&
	      !html_url_attr("title"));
}

/* s:extends: chains of any depth, and no cycles. */
static void S_extends(void)
{
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts =
	    S_load(&d, "page.xhtml",
		   HEAD " s:extends=\"page.xhtml\"><body/></html>", NULL);
	CHECK(ts == NULL);
	CHECK(d.n == 1);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "",
		       "s:extends makes a cycle: 'page.xhtml' extends "
		       "'page.xhtml'");
	diags_release(&d);

	diags_init(&d);
	ts = S_load(&d, "a.xhtml", HEAD " s:extends=\"b.xhtml\"><body/></html>",
		    "b.xhtml", HEAD " s:extends=\"a.xhtml\"><body/></html>",
		    "c.xhtml", HEAD " s:extends=\"a.xhtml\"><body/></html>",
		    NULL);
	CHECK(ts == NULL);
	CHECK(d.n == 2);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "",
		       "cycle: 'a.xhtml' extends 'b.xhtml' extends 'a.xhtml'");
	diags_release(&d);

	/* Three levels: each block comes from the nearest template that
	 * has it, and a block that holds its own name is not replaced
	 * again. */
	diags_init(&d);
	ts = S_load(
	    &d, "base.xhtml",
	    HEAD "><head><title s:text=\"t\">x</title></head><body>"
		 "<main s:block=\"main\">base main</main>"
		 "<footer s:block=\"foot\">base foot</footer></body></html>",
	    "mid.xhtml",
	    HEAD " s:extends=\"base.xhtml\"><body>"
		 "<footer s:block=\"foot\">mid foot <b s:block=\"x\">mid "
		 "x</b></footer><main s:block=\"main\">mid main</main>"
		 "</body></html>",
	    "page.xhtml",
	    HEAD " s:extends=\"mid.xhtml\"><body>"
		 "<main s:block=\"main\">page main <i s:block=\"main\">"
		 "inner</i></main><b s:block=\"x\">page x</b></body></html>",
	    NULL);
	CHECK(ts != NULL && d.n == 0);
	struct tv *data = tv_map();
	tv_set_str(data, "t", "T");
	struct buf out = BUF_INIT;
	CHECK(tmpl_render(ts, "page.xhtml", data, &out, &d) == 0);
	CHECK_STR(out.ptr, "<!DOCTYPE html>\n<html><head><title>T</title>"
			   "</head><body><main>page main <i>inner</i></main>"
			   "<footer>mid foot <b>page x</b></footer></body>"
			   "</html>\n");
	buf_release(&out);
	tv_free(data);
	tmpl_free(ts);
	diags_release(&d);
}

/* Values marked as another language's (UI strings that fell back to the
 * source) say so: an s:text's element, a span for an s:omit, an attribute's
 * element with its children taking the page's language back; nothing where
 * the value is already in the language around it, or inside <title>. */
static void S_marked(void)
{
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts = S_load(
	    &d, "page.xhtml",
	    HEAD " lang=\"sv\" s:attr-lang=\"lang\"><head><title "
		 "s:text=\"skip\">x</title></head><body>"
		 "<a href=\"#m\" s:text=\"skip\">x</a>"
		 "<p><s:x s:omit=\"\" s:text=\"skip\">x</s:x>: 1</p>"
		 "<nav aria-label=\"\" s:attr-aria-label=\"skip\"><ul><li "
		 "s:text=\"own\">x</li></ul><p lang=\"en\">e</p>"
		 "<s:x s:omit=\"\" s:text=\"own\">x</s:x></nav>"
		 "<b s:text=\"own\">x</b><i lang=\"fa\" s:text=\"skip\">x</i>"
		 "</body></html>",
	    NULL);
	CHECK(ts != NULL && d.n == 0);
	struct tv *data = tv_map();
	tv_set_str(data, "lang", "am");
	struct tv *skip = tv_str("Hoppa");
	tv_mark_lang(skip, "sv", "ltr");
	tv_set(data, "skip", skip);
	tv_set_str(data, "own", "ዝለል");
	char *got = S_render(ts, "page.xhtml", data);
	CHECK_STR(
	    got, "<!DOCTYPE html>\n<html lang=\"am\"><head><title lang=\"sv\" "
		 "dir=\"ltr\">Hoppa</title>"
		 "</head><body><a href=\"#m\" lang=\"sv\" dir=\"ltr\">Hoppa</a>"
		 "<p><span lang=\"sv\" dir=\"ltr\">Hoppa</span>: 1</p>"
		 "<nav aria-label=\"Hoppa\" lang=\"sv\" dir=\"ltr\"><ul "
		 "lang=\"am\">"
		 "<li>ዝለል</li></ul><p lang=\"en\">e</p><span "
		 "lang=\"am\">ዝለል</span></nav>"
		 "<b>ዝለል</b><i lang=\"fa\"><span lang=\"sv\" "
		 "dir=\"ltr\">Hoppa</span></i></body></html>\n");
	free(got);
	/* In a Swedish page the Swedish string is not marked again. */
	tv_set_str(data, "lang", "sv");
	got = S_render(ts, "page.xhtml", data);
	CHECK_STR(
	    got, "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Hoppa</title>"
		 "</head><body><a href=\"#m\">Hoppa</a><p>Hoppa: 1</p><nav "
		 "aria-label=\"Hoppa\"><ul><li>ዝለል</li></ul><p "
		 "lang=\"en\">e</p>ዝለል</nav><b>ዝለል</b><i lang=\"fa\"><span "
		 "lang=\"sv\" dir=\"ltr\">Hoppa</span></i></body></html>\n");
	free(got);
	tv_free(data);
	tmpl_free(ts);
	diags_release(&d);
}

/* Bidi: values are isolated against the direction in force where they are
 * written, found from the nearest dir attribute. */
static void S_bidi(void)
{
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts = S_load(
	    &d, "page.xhtml",
	    HEAD " dir=\"ltr\" s:attr-dir=\"dir\"><head><title><s:x "
		 "s:omit=\"\" s:text=\"t\">x</s:x> – s</title>"
		 "<meta name=\"description\" content=\"\" "
		 "s:attr-content=\"t\"/>"
		 "<script type=\"application/ld+json\" s:text=\"t\">{}"
		 "</script></head><body>"
		 "<h1 s:text=\"t\" s:attr-dir=\"own\">x</h1>"
		 "<nav aria-label=\"\" s:attr-aria-label=\"t\"><a href=\"x\" "
		 "s:text=\"t\">x</a></nav>"
		 "<p><a href=\"tel:\" dir=\"ltr\" s:text=\"n\">n</a> "
		 "<bdi s:text=\"t\">b</bdi> <span dir=\"auto\" "
		 "s:text=\"t\">a</span></p>"
		 "<abbr title=\"\" s:attr-title=\"t\" s:text=\"n\">x</abbr>"
		 "<i data-x=\"\" s:attr-data-x=\"t\">i</i>"
		 "<div dir=\"ltr\"><b s:text=\"t\">b</b></div>"
		 "<em s:text=\"n\">e</em></body></html>",
	    NULL);
	CHECK(ts != NULL && d.n == 0);
	struct tv *data = tv_map();
	tv_set_str(data, "dir", "rtl");
	tv_set_str(data, "t", "مركز 0586-610 00");
	tv_set_str(data, "n", "0586-610 00");
	char *html = S_render(ts, "page.xhtml", data);
	CHECK_CONTAINS(html, "<title>مركز \u20680586-610 00\u2069 – s</title>");
	CHECK_CONTAINS(html, "content=\"مركز \u20680586-610 00\u2069\"");
	CHECK_CONTAINS(html, "<h1>مركز <bdi>0586-610 00</bdi></h1>");
	CHECK_CONTAINS(html, "<nav aria-label=\"مركز \u20680586-610 00\u2069\">"
			     "<a href=\"x\">مركز <bdi>0586-610 00</bdi></a>");
	/* Marked with its own direction, or isolated already: as it is. */
	CHECK_CONTAINS(html, "<a href=\"tel:\" dir=\"ltr\">0586-610 00</a>");
	CHECK_CONTAINS(html, "<bdi>مركز 0586-610 00</bdi>");
	CHECK_CONTAINS(html, "<span dir=\"auto\">مركز 0586-610 00</span>");
	/* A number alone in the abbreviation's own text is one run; title=
	 * holds no markup. */
	CHECK_CONTAINS(html, "<abbr title=\"مركز \u20680586-610 00\u2069\">"
			     "<bdi>0586-610 00</bdi></abbr>");
	/* Not words: data attributes and data blocks stay as they are. */
	CHECK_CONTAINS(html, "data-x=\"مركز 0586-610 00\"");
	CHECK_CONTAINS(html, "ld+json\">مركز 0586-610 00</script>");
	/* Inside a left-to-right element the Arabic text, with the digits
	 * that follow it, is the other run. */
	CHECK_CONTAINS(html, "<div dir=\"ltr\"><b><bdi>مركز 0586-610 00</bdi>"
			     "</b></div>");
	/* After it, the page's direction again. */
	CHECK_CONTAINS(html, "</div><em><bdi>0586-610 00</bdi></em>");
	free(html);

	/* An element marked with the text's own direction (an untranslated
	 * title): nothing in it reads against it. */
	tv_set_str(data, "own", "ltr");
	tv_set_str(data, "t", "Karlskoga kommun 0586-610 00");
	html = S_render(ts, "page.xhtml", data);
	CHECK_CONTAINS(html, "<h1 dir=\"ltr\">Karlskoga kommun 0586-610 00"
			     "</h1>");
	CHECK_CONTAINS(html, "<title>\u2068Karlskoga kommun 0586-610 00\u2069 "
			     "– s</title>");
	free(html);

	/* A left-to-right page: Arabic runs are isolated. */
	tv_set_str(data, "dir", "ltr");
	tv_set_str(data, "own", "");
	tv_set_str(data, "t", "Information på arabiska (العربية)");
	html = S_render(ts, "page.xhtml", data);
	CHECK_CONTAINS(html, "<h1 dir=\"\">Information på arabiska "
			     "(<bdi>العربية</bdi>)</h1>");
	CHECK_CONTAINS(html, "<title>Information på arabiska "
			     "(\u2068العربية\u2069) – s</title>");
	free(html);
	tv_free(data);
	tmpl_free(ts);
	diags_release(&d);
}

/* Both together: a value marked with another language's direction is
 * isolated against that direction, not the page's. A Swedish UI string on an
 * Arabic page is itself left-to-right, so it is written as it is; the
 * children that take the page's language back take its direction back too,
 * and their values are isolated against it. */
static void S_marked_bidi(void)
{
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts = S_load(
	    &d, "page.xhtml",
	    HEAD
	    " lang=\"ar\" dir=\"rtl\"><head><title><s:x s:omit=\"\" "
	    "s:text=\"ui\">x</s:x> – <s:x s:omit=\"\" s:text=\"t\">x</s:x>"
	    "</title></head><body><a href=\"#m\" s:text=\"ui\">x</a>"
	    "<p><s:x s:omit=\"\" s:text=\"ui\">x</s:x>: <s:x s:omit=\"\" "
	    "s:text=\"t\">x</s:x></p>"
	    "<nav aria-label=\"\" s:attr-aria-label=\"ui\"><p s:text=\"t\">"
	    "x</p><s:x s:omit=\"\" s:text=\"t\">x</s:x></nav>"
	    "<b s:text=\"ui\" dir=\"auto\">x</b></body></html>",
	    NULL);
	CHECK(ts != NULL && d.n == 0);
	struct tv *data = tv_map();
	struct tv *ui = tv_str("Ring 0586-610 00");
	tv_mark_lang(ui, "sv", "ltr");
	tv_set(data, "ui", ui);
	tv_set_str(data, "t", "مركز 0586-610 00");
	char *got = S_render(ts, "page.xhtml", data);
	CHECK_STR(
	    got,
	    "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><title>"
	    "\u2068Ring 0586-610 00\u2069 – مركز \u20680586-610 00\u2069"
	    "</title></head><body>"
	    "<a href=\"#m\" lang=\"sv\" dir=\"ltr\">Ring 0586-610 00</a>"
	    "<p><span lang=\"sv\" dir=\"ltr\">Ring 0586-610 00</span>: "
	    "مركز <bdi>0586-610 00</bdi></p>"
	    "<nav aria-label=\"Ring 0586-610 00\" lang=\"sv\" dir=\"ltr\">"
	    "<p lang=\"ar\" dir=\"rtl\">مركز <bdi>0586-610 00</bdi></p>"
	    "<span lang=\"ar\" dir=\"rtl\">مركز <bdi>0586-610 00</bdi></span>"
	    "</nav><b dir=\"auto\" lang=\"sv\">Ring 0586-610 00</b>"
	    "</body></html>\n");
	free(got);
	tv_free(data);
	tmpl_free(ts);
	diags_release(&d);
}

int main(void)
{
	xmlInitParser();
	CHECK(mkdtemp(dir) != NULL);
	S_write("base.xhtml", HEAD
		" lang=\"sv\" s:attr-lang=\"lang\"><head><meta "
		"charset=\"utf-8\"/><title s:text=\"title\">x</title></head>"
		"<body><main s:block=\"main\"><p>standard</p></main>"
		"<footer s:block=\"foot\">fot</footer></body></html>");
	S_write("page.xhtml",
		HEAD " s:extends=\"base.xhtml\"><body><main s:block=\"main\">"
		     "<h1 s:text=\"title\">Rubrik</h1>"
		     "<p s:if=\"missing\">borta</p>"
		     "<p s:unless=\"missing\">kvar</p>"
		     "<a href=\"x\" s:attr-href=\"link\" "
		     "s:attr-title=\"missing\">l</a>"
		     "<ul><li s:each=\"g in groups\"><b s:text=\"g.name\"/>"
		     "<i s:each=\"m in g.members\" s:text=\"m\"/></li></ul>"
		     "<s:x s:omit=\"\">ren <em s:text=\"title\"/></s:x>"
		     "<div s:html=\"body\">ersätts</div>"
		     "<div s:html=\"body\"/>"
		     "<br/><img src=\"a.png\" alt=\"\"/></main></body></html>");
	S_write("broken.xhtml.txt", "not a template");
	struct diags d;
	diags_init(&d);
	struct tmpl_set *ts = tmpl_load(dir, &d);
	CHECK(ts != NULL);
	CHECK(d.n == 0);
	CHECK(tmpl_has(ts, "page.xhtml"));
	CHECK(!tmpl_has(ts, "broken.xhtml.txt"));

	struct tv *data = tv_map();
	tv_set_str(data, "title", "<script>alert(\"x\")</script> & العربية");
	tv_set_str(data, "lang", "ar");
	tv_set_str(data, "link", "a\"b<c>&d");
	struct tv *groups = tv_list();
	for (int i = 0; i < 2; i++) {
		struct tv *g = tv_map();
		tv_set(g, "name", tv_str_owned(xasprintf("g%d", i)));
		struct tv *members = tv_list();
		for (int k = 0; k <= i; k++)
			tv_push(members, tv_str_owned(xasprintf("m%d", k)));
		tv_set(g, "members", members);
		tv_push(groups, g);
	}
	tv_set(data, "groups", groups);
	xmlDocPtr frag = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(frag, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(frag, root);
	xmlAddChild(xmlNewChild(root, NULL, BAD_CAST "p", NULL),
		    xmlNewDocText(frag, BAD_CAST "kropp"));
	tv_set(data, "body", tv_fragment(frag));
	/* tv_set replaces and frees. */
	tv_set_str(data, "lang", "sv");
	CHECK_STR(tv_string(tv_get(data, "lang")), "sv");
	CHECK(tv_get(data, "groups.x") == NULL);
	CHECK(tv_get(data, "nothing.at.all") == NULL);

	char *html = S_render(ts, "page.xhtml", data);
	CHECK(strncmp(html, "<!DOCTYPE html>\n<html lang=\"sv\">", 31) == 0);
	/* Escaped by construction: no script element can appear. */
	CHECK(strstr(html, "<script") == NULL);
	/* The Arabic word in this left-to-right page is isolated: with FSI
	 * and PDI in <title>, which holds text only, and in <bdi> elsewhere. */
	CHECK_CONTAINS(html, "<title>&lt;script&gt;alert(\"x\")&lt;/script&gt; "
			     "&amp; \u2068العربية\u2069</title>");
	CHECK_CONTAINS(html, "<h1>&lt;script&gt;");
	CHECK_CONTAINS(html, "&amp; <bdi>العربية</bdi></h1>");
	/* libxml2 percent-encodes the quote in a URL attribute. */
	CHECK_CONTAINS(html, "href=\"a%22b&lt;c&gt;&amp;d\"");
	CHECK(strstr(html, "title=\"") == NULL);
	CHECK(strstr(html, "borta") == NULL);
	CHECK_CONTAINS(html, "<p>kvar</p>");
	CHECK(strstr(html, "standard") == NULL);
	CHECK_CONTAINS(html, "<footer>fot</footer>");
	CHECK_CONTAINS(html, "<li><b>g0</b><i>m0</i></li>\n<li><b>g1</b>"
			     "<i>m0</i>\n<i>m1</i></li>");
	CHECK_CONTAINS(html, "ren <em>");
	CHECK(strstr(html, "s:x") == NULL && strstr(html, "urn:skylt") == NULL);
	CHECK(strstr(html, "xmlns") == NULL);
	CHECK_CONTAINS(html, "<div><p>kropp</p></div><div><p>kropp</p></div>");
	CHECK_CONTAINS(html, "<meta charset=\"utf-8\"><title>");
	CHECK_CONTAINS(html, "<br><img src=\"a.png\" alt=\"\">");
	CHECK(strstr(html, "</br>") == NULL && strstr(html, "</img>") == NULL);
	CHECK(strstr(html, "&#") == NULL);
	free(html);
	tv_free(data);

	/* A missing template is an error, not a crash. */
	struct buf none = BUF_INIT;
	CHECK(tmpl_render(ts, "nope.xhtml", NULL, &none, &d) == -1);
	CHECK(none.len == 0);
	CHECK(d.errors == 1);
	tmpl_free(ts);
	diags_release(&d);

	/* Malformed XML and misused attributes point at file and line. */
	S_write("bad.xhtml",
		HEAD ">\n<body>\n<p s:each=\"x\"/>\n</body></html>");
	diags_init(&d);
	CHECK(tmpl_load(dir, &d) == NULL);
	CHECK(d.n == 1);
	CHECK_CONTAINS(d.n ? d.v[0].path : "", "/bad.xhtml");
	CHECK(d.n && d.v[0].line == 3);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "", "needs the form 'name in list'");
	diags_release(&d);
	S_write("bad.xhtml", HEAD ">\n<body>\n<p s:txet=\"x\"/></body></html>");
	diags_init(&d);
	CHECK(tmpl_load(dir, &d) == NULL);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "", "unknown template attribute "
					      "'s:txet'");
	diags_release(&d);
	S_write("bad.xhtml", HEAD ">\n<body>\n<p></body></html>");
	diags_init(&d);
	CHECK(tmpl_load(dir, &d) == NULL);
	CHECK(d.n == 1 && d.v[0].line == 3);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "", "malformed template");
	diags_release(&d);

	/* The serialiser on its own, on a tree built here. */
	xmlDocPtr t = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr top = xmlNewDocNode(t, NULL, BAD_CAST "div", NULL);
	xmlDocSetRootElement(t, top);
	xmlNewChild(top, NULL, BAD_CAST "source", NULL);
	xmlNewChild(top, NULL, BAD_CAST "wbr", NULL);
	xmlNewChild(top, NULL, BAD_CAST "p", NULL);
	xmlNodePtr a = xmlNewChild(top, NULL, BAD_CAST "a", NULL);
	xmlNewProp(a, BAD_CAST "href", BAD_CAST " /ع/a b?x=1&y=2");
	xmlNewProp(a, BAD_CAST "title", BAD_CAST "say \"hej\"");
	xmlNewProp(a, BAD_CAST "data-x", BAD_CAST "it's \"both\"");
	xmlAddChild(a, xmlNewDocText(t, BAD_CAST "rad 1\r\nrad 2 <&>"));
	xmlNodePtr o = xmlNewChild(top, NULL, BAD_CAST "option", NULL);
	xmlNewProp(o, BAD_CAST "selected", BAD_CAST "selected");
	struct buf sb = BUF_INIT;
	html_serialise_children(top, &sb);
	/* HTML5's void elements have no end tag; others always have one. */
	CHECK_CONTAINS(sb.ptr, "<source><wbr><p></p><a ");
	CHECK(strstr(sb.ptr, "</source>") == NULL &&
	      strstr(sb.ptr, "</wbr>") == NULL);
	/* A URL's spaces and UTF-8 are percent-encoded, its leading blank
	 * dropped, its & kept as a reference. */
	CHECK_CONTAINS(sb.ptr, "href=\"/%D8%B9/a%20b?x=1&amp;y=2\"");
	CHECK_CONTAINS(sb.ptr, "title='say \"hej\"'");
	CHECK_CONTAINS(sb.ptr, "data-x=\"it's &quot;both&quot;\"");
	CHECK_CONTAINS(sb.ptr, ">rad 1&#13;\nrad 2 &lt;&amp;&gt;</a>");
	CHECK_CONTAINS(sb.ptr, "<option selected></option>");
	buf_release(&sb);
	xmlFreeDoc(t);

	S_hostile();
	S_extends();
	S_marked();
	S_bidi();
	S_marked_bidi();

	char *cmd = xasprintf("rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	xmlCleanupParser();
	return harness_done("template");
}
