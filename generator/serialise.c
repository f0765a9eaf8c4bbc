/* HTML5 serialisation with libxml2. htmlDocContentDumpFormatOutput into a UTF-8
 * output buffer writes raw UTF-8 and adds no meta element; the other dump
 * functions turn every non-ASCII character into a reference (TRAPS.md). */
#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>

#include "template.h"

static xmlOutputBufferPtr S_open(void)
{
	return xmlAllocOutputBuffer(xmlFindCharEncodingHandler("UTF-8"));
}

static void S_close(xmlOutputBufferPtr ob, struct buf *out)
{
	/* With an encoder the bytes end up in conv, which
	 * xmlOutputBufferGetContent does not look at. */
	xmlOutputBufferFlush(ob);
	xmlBufPtr b = ob->conv ? ob->conv : ob->buffer;
	buf_put(out, xmlBufContent(b), xmlBufUse(b));
	xmlOutputBufferClose(ob);
}

void html_serialise(xmlDocPtr doc, struct buf *out)
{
	xmlOutputBufferPtr ob = S_open();
	htmlDocContentDumpFormatOutput(ob, doc, "UTF-8", 0);
	S_close(ob, out);
}

void html_serialise_children(xmlNodePtr parent, struct buf *out)
{
	xmlOutputBufferPtr ob = S_open();
	for (xmlNodePtr n = parent->children; n; n = n->next)
		htmlNodeDumpFormatOutput(ob, parent->doc, n, "UTF-8", 0);
	S_close(ob, out);
}
