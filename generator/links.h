/* The link stage: resolves each Markdown link to another .md file to that page
 * in the language being built, and each link or image to a local file to its
 * published name (assets.h); checks #anchors, refuses unsafe schemes and
 * paths that leave content/, and reports raw HTML (whose tags are never
 * output). */
#ifndef SKYLT_LINKS_H
#define SKYLT_LINKS_H

#include <cmark-gfm.h>

#include "diag.h"
#include "model.h"

/* Checks of links to another page's #anchor, kept until every page's
 * headings are known: a page's anchors are computed when it is rendered. */
struct anchor_ref;
struct anchor_refs {
	struct anchor_ref *v;
	size_t n, cap;
};

/* Rewrites the link and image URLs of doc, the body of page p, for output in
 * language lang: "kommunen.md#x" becomes "../kommunen/#x" pointing at lang's
 * copy of that page, and "karta.png" "../../media/karta.<hash>.png", with the
 * struct asset left as the node's user data and marked used (s->assets). anchors are doc's own headings, for "#x" links within
 * the page. Reports problems to d with file:line:col when d is not NULL (pass
 * NULL when re-resolving a page already checked). A link to an anchor on
 * another page is checked against that page's anchors at once when later is
 * NULL, or recorded in later for links_check_later. Touches only doc and
 * later, so pages can be resolved in parallel. With s NULL (a file outside
 * any site) only the checks that need no site run. Returns 0, or -1 on an
 * error. */
int links_resolve(const struct site *s, const struct page *p, cmark_node *doc,
		  const struct anchors *anchors, size_t lang, struct diags *d,
		  struct anchor_refs *later);

/* Checks the recorded links against their pages' anchors, reports to d and
 * empties later. Returns 0, or -1 on an error. */
int links_check_later(struct anchor_refs *later, struct diags *d);

/* Reads the anchors of each page later links to whose anchors are not set
 * (a page that was not composed): before links_check_later. */
void links_need_anchors(struct anchor_refs *later);

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
