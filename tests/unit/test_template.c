/* The template engine: every attribute of the language, escaping by
 * construction, layouts, and HTML5 serialisation. */
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
	CHECK_CONTAINS(html, "<title>&lt;script&gt;alert(\"x\")&lt;/script&gt; "
			     "&amp; العربية</title>");
	CHECK_CONTAINS(html, "<h1>&lt;script&gt;");
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

	char *cmd = xasprintf("rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	xmlCleanupParser();
	return harness_done("template");
}
