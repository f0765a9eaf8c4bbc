/* cmark-gfm set-up. The extensions are looked up once; attaching them to each
 * parser is what makes pipe tables, autolinks, task lists and footnotes render
 * as on GitHub. */
#include "markdown.h"

#include <pthread.h>

#include <cmark-gfm-core-extensions.h>

static const char *const S_extensions[] = {"table", "autolink", "strikethrough",
					   "tagfilter", "tasklist"};
static cmark_syntax_extension
    *S_ext[sizeof S_extensions / sizeof *S_extensions];

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	for (size_t i = 0; i < sizeof S_extensions / sizeof *S_extensions; i++)
		S_ext[i] = cmark_find_syntax_extension(S_extensions[i]);
}

/* cmark-gfm 0.29 is not thread-safe: cmark_parser_finish parses inlines, and
 * for that it adds each extension's special characters to a global table and
 * removes them again at the end. Two threads finishing at once make autolinks
 * and strikethrough come and go (the determinism test saw it). Block parsing
 * in cmark_parser_feed runs in parallel; the inline step is serialised. */
static pthread_mutex_t S_inlines = PTHREAD_MUTEX_INITIALIZER;

cmark_node *markdown_parse(const char *text, size_t len)
{
	/* No CMARK_OPT_UNSAFE: raw HTML never reaches the output. Footnote
	 * definitions are moved to the end of the document, in the order of
	 * their first reference; unreferenced ones are dropped. */
	int opts = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES;
	cmark_parser *p = cmark_parser_new(opts);
	for (size_t i = 0; i < sizeof S_ext / sizeof *S_ext; i++)
		if (S_ext[i])
			cmark_parser_attach_syntax_extension(p, S_ext[i]);
	cmark_parser_feed(p, text, len);
	pthread_mutex_lock(&S_inlines);
	cmark_node *doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&S_inlines);
	cmark_parser_free(p);
	return doc;
}

cmark_node *markdown_too_deep(cmark_node *doc)
{
	/* A walk by the tree's own links, not by recursion: the input may
	 * be a hundred thousand levels deep. */
	int depth = 0;
	for (cmark_node *n = doc; n;) {
		if (depth > MARKDOWN_MAX_DEPTH)
			return n;
		cmark_node *k = cmark_node_first_child(n);
		if (k) {
			n = k;
			depth++;
			continue;
		}
		while (n != doc && !cmark_node_next(n)) {
			n = cmark_node_parent(n);
			depth--;
		}
		n = n == doc ? NULL : cmark_node_next(n);
	}
	return NULL;
}

int markdown_line(cmark_node *n)
{
	for (; n; n = cmark_node_parent(n))
		if (cmark_node_get_start_line(n) > 0)
			return cmark_node_get_start_line(n);
	return 0;
}
