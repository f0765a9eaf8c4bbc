/* Composing pages: gathers what a template shows for one page in one language
 * (titles, navigation, the language switcher, alternates, fallback notice),
 * renders the body to DOM, fills the template and serialises HTML5. */
#ifndef SKYLT_COMPOSE_H
#define SKYLT_COMPOSE_H

#include <cmark-gfm.h>

#include "buf.h"
#include "collate.h"
#include "diag.h"
#include "format.h"
#include "model.h"
#include "strings.h"
#include "template.h"

struct anchor_refs;


struct compose_ctx {
	const struct site *site;
	const struct ui_strings *ui;
	const struct tmpl_set *tmpl;
	struct formatter **fmt;	   /* one per language, owned by the calling
				      thread: ICU formatters are not shared */
	struct collator **coll;	   /* likewise */
	struct anchor_refs *later; /* links to other pages' anchors, checked
				      when every page has been composed */
	const char *today; /* the build date (age.h) when site.yaml has
			      age_notice; NULL: no age notices */
	/* Given each page's body tree as composed (the search index reads
	   it there, rather than parse it again); NULL: none. */
	void (*body_seen)(void *arg, cmark_node *body);
	void *body_arg;
};

/* Appends the HTML of set t in language lang to out. Returns 0, or -1 with an
 * error in d. */
int compose_page(const struct compose_ctx *c, const struct tset *t, size_t lang,
		 struct buf *out, struct diags *d);

/* Hands set t's body in language lang to c->body_seen as compose_page
 * would, without composing the page: for a page kept from the previous
 * build whose language's search index is written again. */
void compose_words(const struct compose_ctx *c, const struct tset *t,
		   size_t lang);

/* Appends the HTML of language lang's "page not found" page. Its links are
 * absolute paths, because a host serves it at any address. */
int compose_notfound(const struct compose_ctx *c, size_t lang, struct buf *out,
		     struct diags *d);

/* Appends the HTML of language lang's search page (<lang>/sok/index.html):
 * the search form, the place for results, and every page of the language,
 * sorted by its collator, for a reader without JavaScript. index is the
 * file name of the language's search manifest relative to the page
 * ("index.<hash>.js"), NULL when none was written. */
int compose_search(const struct compose_ctx *c, size_t lang, const char *index,
		   struct buf *out, struct diags *d);

/* Appends the HTML of the site's root: the language chooser. */
int compose_chooser(const struct compose_ctx *c, struct buf *out,
		    struct diags *d);

#endif
