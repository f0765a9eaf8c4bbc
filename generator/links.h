/* The link stage: resolves each Markdown link to another .md file to that page
 * in the language being built, checks #anchors, refuses unsafe schemes and
 * paths that leave content/, and reports raw HTML (which is never output). */
#ifndef SKYLT_LINKS_H
#define SKYLT_LINKS_H

#include <cmark-gfm.h>

#include "diag.h"
#include "model.h"

/* Rewrites the link and image URLs of doc, the body of page p, for output in
 * language lang: "kommunen.md#x" becomes "../kommunen/#x" pointing at lang's
 * copy of that page. Reports problems to d with file:line:col when d is not
 * NULL (pass NULL when re-resolving a page already checked). Touches only doc,
 * so pages can be resolved in parallel. With s NULL (a file outside any site)
 * only the checks that need no site run. Returns 0, or -1 on an error. */
int links_resolve(const struct site *s, const struct page *p, cmark_node *doc,
		  size_t lang, struct diags *d);

/* Accessibility checks on the body of p: an image without alt text and a link
 * without text are errors; a skipped heading level, a second level-1 heading,
 * an empty table header and link text that says nothing out of context (vague:
 * phrases separated by '|', e.g. "klicka här|läs mer", or NULL) are warnings.
 * Reports to d; returns 0, or -1 on an error. */
int links_lint(const struct page *p, cmark_node *doc, const char *vague,
	       struct diags *d);

/* Checks what p's front matter points at (a contact page); reports to d. */
int links_check_front(const struct site *s, const struct page *p,
		      struct diags *d);

#endif
