/* Page composition. The template sees only plain values and one DOM fragment,
 * so it cannot reach into the model and the model knows nothing of markup. */
#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "deps.h"
#include "extras.h"
#include "glossary.h"
#include "json.h"
#include "links.h"
#include "render.h"
#include "search.h"
#include "status.h"
#include "url.h"

/* A thread opens a language's ICU objects the first time it needs them:
 * most pages need no collator, and the opening is costly. */
static struct formatter *S_fmt(const struct compose_ctx *c, size_t lang)
{
	if (!c->fmt[lang])
		c->fmt[lang] = formatter_new(&c->site->cfg->langs[lang]);
	return c->fmt[lang];
}

static struct collator *S_coll(const struct compose_ctx *c, size_t lang)
{
	if (!c->coll[lang])
		c->coll[lang] = collator_new(c->site->cfg->langs[lang].locale);
	return c->coll[lang];
}

static const char *S_ui(const struct compose_ctx *c, size_t lang,
			const char *id)
{
	const char *v = strings_get(c->ui, lang, id);
	return v ? v : "";
}

/* Marks v as the source language's when lang lacks the UI string id and
 * shows the source's: a reader's screen reader then says it with a Swedish
 * voice, not an Amharic one. Returns v. */
static struct tv *S_mark_ui(const struct compose_ctx *c, size_t lang,
			    const char *id, struct tv *v)
{
	size_t from = strings_lang(c->ui, lang, id);
	if (from != lang) {
		const struct lang *l = &c->site->cfg->langs[from];
		tv_mark_lang(v, l->tag, l->rtl ? "rtl" : "ltr");
	}
	return v;
}

static struct tv *S_ui_tv(const struct compose_ctx *c, size_t lang,
			  const char *id)
{
	return S_mark_ui(c, lang, id, tv_str(S_ui(c, lang, id)));
}

static struct tv *S_strings(const struct compose_ctx *c, size_t lang)
{
	struct tv *t = tv_map();
	for (size_t i = 0; i < c->ui->nids; i++)
		tv_set(t, c->ui->ids[i], S_ui_tv(c, lang, c->ui->ids[i]));
	return t;
}

static struct tv *S_lang(const struct lang *l)
{
	struct tv *m = tv_map();
	tv_set_str(m, "code", l->code);
	tv_set_str(m, "tag", l->tag);
	tv_set_str(m, "dir", l->rtl ? "rtl" : "ltr");
	tv_set_str(m, "name", l->name);
	return m;
}

/* The site's title in language lang; site.yaml's (the source's) where no
 * UI string gives it. */
static struct tv *S_site_title(const struct compose_ctx *c, size_t lang)
{
	const char *t = strings_get(c->ui, lang, "site_title");
	if (t)
		return S_mark_ui(c, lang, "site_title", tv_str(t));
	struct tv *v = tv_str(c->site->cfg->title);
	if (lang != c->site->cfg->source) {
		const struct lang *l =
		    &c->site->cfg->langs[c->site->cfg->source];
		tv_mark_lang(v, l->tag, l->rtl ? "rtl" : "ltr");
	}
	return v;
}

/* Marks an entry whose title is in another language than the page around
 * it (an untranslated page's Swedish title), so it is read and shaped in its
 * own language. */
static void S_mark_lang(struct tv *e, const struct config *cfg,
			const struct page *p, size_t lang)
{
	if (p->lang == lang)
		return;
	tv_set_str(e, "tag", cfg->langs[p->lang].tag);
	tv_set_str(e, "dir", cfg->langs[p->lang].rtl ? "rtl" : "ltr");
}

/* A relative link from the page folder here to a site-relative target. */
static struct tv *S_href(const char *here, const char *target)
{
	return tv_str_owned(url_relative(here, target));
}

/* A web address as people read it: no scheme, no final slash. */
static struct tv *S_web_text(const char *url)
{
	const char *text = strstr(url, "://");
	text = text ? text + 3 : url;
	size_t len = strlen(text);
	return tv_str_owned(
	    xstrndup(text, len && text[len - 1] == '/' ? len - 1 : len));
}

/* schema.org data for a contact, so that search engines and phones can use
 * its address, numbers and opening hours. */
static char *S_jsonld(const struct page *p, const char *url)
{
	const struct frontmatter *fm = &p->fm;
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"@context\": \"https://schema.org\", \"@type\": "
		     "\"GovernmentOrganization\", \"name\": ");
	json_string(&b, fm->title);
	buf_puts(&b, ", \"url\": ");
	json_string(&b, fm->web ? fm->web : url);
	if (fm->nphones) {
		buf_puts(&b, ", \"telephone\": [");
		for (size_t i = 0; i < fm->nphones; i++) {
			if (i)
				buf_puts(&b, ", ");
			json_string(&b, fm->phones[i].e164);
		}
		buf_putc(&b, ']');
	}
	if (fm->email) {
		buf_puts(&b, ", \"email\": ");
		json_string(&b, fm->email);
	}
	const struct postal_address *a = &fm->address;
	if (a->street || a->postcode || a->city) {
		buf_puts(&b, ", \"address\": {\"@type\": \"PostalAddress\"");
		const char *keys[] = {"streetAddress", "postalCode",
				      "addressLocality"};
		const char *vals[] = {a->street, a->postcode, a->city};
		for (int i = 0; i < 3; i++)
			if (vals[i]) {
				buf_printf(&b, ", \"%s\": ", keys[i]);
				json_string(&b, vals[i]);
			}
		buf_puts(&b, ", \"addressCountry\": \"SE\"}");
	}
	if (fm->nhours) {
		buf_puts(&b, ", \"openingHours\": [");
		for (size_t i = 0; i < fm->nhours; i++) {
			char *h = hours_machine(&fm->hours[i]);
			if (i)
				buf_puts(&b, ", ");
			json_string(&b, h);
			free(h);
		}
		buf_putc(&b, ']');
	}
	buf_putc(&b, '}');
	return buf_detach(&b);
}

static struct tv *S_contact(const struct compose_ctx *c, const struct page *p,
			    size_t lang)
{
	const struct frontmatter *fm = &p->fm;
	struct tv *m = tv_map();
	if (fm->nphones) {
		struct tv *list = tv_list();
		for (size_t i = 0; i < fm->nphones; i++) {
			struct tv *ph = tv_map();
			tv_set(ph, "href",
			       tv_str_owned(
				   xasprintf("tel:%s", fm->phones[i].e164)));
			tv_set_str(ph, "display", fm->phones[i].display);
			if (fm->phones[i].label)
				tv_set_str(ph, "label", fm->phones[i].label);
			tv_push(list, ph);
		}
		tv_set(m, "phones", list);
	}
	if (fm->email) {
		struct tv *e = tv_map();
		tv_set(e, "href",
		       tv_str_owned(xasprintf("mailto:%s", fm->email)));
		tv_set_str(e, "text", fm->email);
		tv_set(m, "email", e);
	}
	if (fm->web) {
		struct tv *w = tv_map();
		tv_set_str(w, "href", fm->web);
		const char *text = strstr(fm->web, "://");
		text = text ? text + 3 : fm->web;
		size_t len = strlen(text);
		tv_set(w, "text",
		       tv_str_owned(xstrndup(
			   text, len && text[len - 1] == '/' ? len - 1 : len)));
		tv_set(m, "web", w);
	}
	if (fm->address.street || fm->address.postcode || fm->address.city) {
		struct tv *a = tv_map();
		if (fm->address.street)
			tv_set_str(a, "street", fm->address.street);
		if (fm->address.postcode)
			tv_set_str(a, "postcode", fm->address.postcode);
		if (fm->address.city)
			tv_set_str(a, "city", fm->address.city);
		tv_set(m, "address", a);
	}
	if (fm->nhours) {
		struct tv *list = tv_list();
		for (size_t i = 0; i < fm->nhours; i++) {
			struct tv *h = tv_map();
			tv_set(h, "text",
			       tv_str_owned(format_hours(S_fmt(c, lang),
							 &fm->hours[i])));
			tv_set(h, "machine",
			       tv_str_owned(hours_machine(&fm->hours[i])));
			tv_push(list, h);
		}
		tv_set(m, "hours", list);
	}
	return m;
}

/* An authority's or a municipality's web site and contact page. */
static struct tv *S_about(const struct compose_ctx *c, const struct page *p,
			  const char *here, size_t lang)
{
	struct tv *m = tv_map();
	if (p->fm.web) {
		struct tv *w = tv_map();
		tv_set_str(w, "href", p->fm.web);
		tv_set(w, "text", S_web_text(p->fm.web));
		tv_set(m, "web", w);
	}
	const struct tset *t =
	    p->fm.contact ? site_find(c->site, p->fm.contact) : NULL;
	if (t) {
		struct tv *e = tv_map();
		const struct page *cp = tset_page(t, lang);
		tv_set_str(e, "title", cp->fm.title);
		S_mark_lang(e, c->site->cfg, cp, lang);
		char *dir = url_dir(c->site->cfg->langs[lang].code, t->rel);
		tv_set(e, "href", S_href(here, dir));
		free(dir);
		tv_set(m, "contact", e);
	}
	return m;
}

/* The UI string text around its "{0}", where the age notice puts its link:
 * split here rather than formatted, so that the link is an element and each
 * language can place it anywhere in its sentence. A text without "{0}" is
 * followed by the link. */
static void S_split(const struct compose_ctx *c, size_t lang, const char *id,
		    struct tv *m)
{
	const char *text = S_ui(c, lang, id);
	const char *at = strstr(text, "{0}");
	if (at) {
		tv_set(m, "before",
		       S_mark_ui(
			   c, lang, id,
			   tv_str_owned(xstrndup(text, (size_t)(at - text)))));
		tv_set(m, "after", S_mark_ui(c, lang, id, tv_str(at + 3)));
		return;
	}
	size_t n = strlen(text);
	tv_set(
	    m, "before",
	    S_mark_ui(c, lang, id,
		      tv_str_owned(xasprintf(
			  "%s%s", text, n && text[n - 1] != ' ' ? " " : ""))));
	tv_set_str(m, "after", "");
}

/* The link of an age notice to a set's page in language lang: its title
 * there, marked when it is another language's. */
static void S_age_page(const struct compose_ctx *c, const struct tset *t,
		       size_t lang, const char *here, struct tv *m)
{
	const struct page *cp = tset_page(t, lang);
	tv_set_str(m, "text", cp->fm.title);
	S_mark_lang(m, c->site->cfg, cp, lang);
	char *dir = url_dir(c->site->cfg->langs[lang].code, t->rel);
	tv_set(m, "href", S_href(here, dir));
	free(dir);
}

/* A notice under the date of facts older than age_notice's years: the
 * rules may have changed, so the reader is sent to whoever can say what
 * holds today: the page's own contact page, a contact's own web site, or
 * the page site.yaml names. NULL when the facts are recent enough. */
static struct tv *S_age(const struct compose_ctx *c, const struct page *p,
			size_t lang, const char *here)
{
	const struct config *cfg = c->site->cfg;
	if (!c->today || !cfg->age_years || !p->fm.updated ||
	    !age_is_old(p->fm.updated, c->today, cfg->age_years))
		return NULL;
	const struct tset *own =
	    p->fm.contact ? site_find(c->site, p->fm.contact) : NULL;
	const struct tset *fallback = site_find(c->site, cfg->age_contact);
	struct tv *m = tv_map();
	S_split(c, lang, "age_check", m);
	if (own) {
		S_age_page(c, own, lang, here, m);
	} else if (p->fm.kind == KIND_CONTACT && p->fm.web) {
		tv_set_str(m, "href", p->fm.web);
		tv_set(m, "text", S_web_text(p->fm.web));
		tv_set_str(m, "dir", "ltr");
	} else if (fallback) {
		/* A page with no contact of its own sends the reader to the
		 * site's directory, named as what it leads to ("Kontrollera med
		 * myndigheten"), not by its title ("med Kontakter"). */
		char *dir = url_dir(cfg->langs[lang].code, fallback->rel);
		tv_set(m, "href", S_href(here, dir));
		free(dir);
		tv_set(m, "text", S_ui_tv(c, lang, "age_authority"));
	} else {
		/* age_check_site has reported it: the build fails. */
		tv_free(m);
		return NULL;
	}
	return m;
}

/* The body as a fragment, its links resolved for the language it is shown
 * in, so that a reader who follows them stays in their language. Problems are
 * reported once, when a page is composed in its own language; that is also
 * when the page's anchors are kept, for other pages' links to check. */
static struct tv *S_body(const struct compose_ctx *c, const struct tset *t,
			 const struct page *p, size_t lang, struct diags *d)
{
	struct diags *own = p->lang == lang ? d : NULL;
	cmark_node *doc = page_body(p, own);
	if (!doc)
		return tv_str(""); /* too deep: an error in its own language */
	struct anchors anchors;
	anchors_compute(doc, &anchors);
	links_resolve(c->site, p, doc, &anchors, lang, own, c->later);
	if (own) {
		links_check_front(c->site, p, own);
		links_lint(p, doc, strings_get(c->ui, p->lang, "vague_links"),
			   own);
	}
	glossary_link(c->site, t, p->lang, lang, doc);
	/* The body's own words (an alert's kind, the footnotes' heading) are
	 * in the body's language, which is the page's, not the reader's,
	 * when the page is shown untranslated. */
	static const char *const ids[RENDER_NLABELS] = {
	    "alert_note",    "alert_tip", "alert_important",
	    "alert_warning", "alert_caution", "footnotes",
	    "footnote_back"};
	const struct lang *pl = &c->site->cfg->langs[p->lang];
	struct render_opts ro = {.rtl = pl->rtl,
				 .locale = pl->format_locale,
				 .file_pattern =
				     strings_get(c->ui, p->lang, "file_info")};
	for (size_t i = 0; i < RENDER_NLABELS; i++)
		ro.labels[i] = strings_get(c->ui, p->lang, ids[i]);
	/* Before rendering, as compose_words hands it over. */
	if (c->body_seen)
		c->body_seen(c->body_arg, doc);
	struct tv *v = tv_fragment(render_fragment_opts(doc, &anchors, &ro));
	cmark_node_free(doc);
	if (own) {
		/* Each page is composed in its own language by exactly one
		 * item of the render stage, and its anchors are read only
		 * after the stage: this is their one writer. */
		struct page *mine = (struct page *)p;
		anchors_release(&mine->anchors);
		mine->anchors = anchors;
		anchors_compact(&mine->anchors);
		mine->anchors_known = 1;
	} else {
		anchors_release(&anchors);
	}
	return v;
}

void compose_words(const struct compose_ctx *c, const struct tset *t,
		   size_t lang)
{
	const struct page *p = tset_page(t, lang);
	cmark_node *doc = page_body(p, NULL);
	if (!doc)
		return;
	/* The same tree S_body hands over: links resolved for the language
	   shown, the glossary's terms marked. No messages: the page was
	   checked when it was composed. */
	struct anchors anchors;
	anchors_compute(doc, &anchors);
	struct anchor_refs none = {0};
	links_resolve(c->site, p, doc, &anchors, lang, NULL, &none);
	glossary_link(c->site, t, p->lang, lang, doc);
	if (c->body_seen)
		c->body_seen(c->body_arg, doc);
	cmark_node_free(doc);
	anchors_release(&anchors);
}

/* Links to sets (the main menu, the footer) in language lang: relative to
 * the folder here, or, with here NULL, absolute paths under base. */
static struct tv *S_set_links(const struct compose_ctx *c,
			      struct tset *const *sets, size_t n, size_t lang,
			      const struct tset *current, const char *here,
			      const char *base)
{
	const struct config *cfg = c->site->cfg;
	struct tv *list = tv_list();
	for (size_t i = 0; i < n; i++) {
		const struct page *p = tset_page(sets[i], lang);
		struct tv *e = tv_map();
		tv_set_str(e, "title", p->fm.title);
		S_mark_lang(e, cfg, p, lang);
		char *dir = url_dir(cfg->langs[lang].code, sets[i]->rel);
		tv_set(e, "href",
		       here ? S_href(here, dir)
			    : tv_str_owned(xasprintf("%s%s", base, dir)));
		free(dir);
		if (sets[i] == current)
			tv_set_str(e, "current", "page");
		tv_push(list, e);
	}
	return list;
}

struct S_child {
	const struct tset *t;
	const struct page *p; /* as shown in the language being built */
};

static int S_child_cmp(const void *a, const void *b, void *coll)
{
	const struct S_child *x = a, *y = b;
	if (x->p->fm.order != y->p->fm.order)
		return x->p->fm.order < y->p->fm.order ? -1 : 1;
	int r = collator_compare(coll, x->p->fm.title, y->p->fm.title);
	return r ? r : strcmp(x->t->rel, y->t->rel);
}

/* By title in the language's order; the path decides between equals, so
 * that the order never depends on the sort's whims. */
static int S_title_cmp(const void *a, const void *b, void *coll)
{
	const struct S_child *x = a, *y = b;
	int r = collator_compare(coll, x->p->fm.title, y->p->fm.title);
	return r ? r : strcmp(x->t->rel, y->t->rel);
}

static struct tv *S_child_entry(const struct compose_ctx *c,
				const struct S_child *k, size_t lang,
				const char *here)
{
	struct tv *e = tv_map();
	tv_set_str(e, "title", k->p->fm.title);
	S_mark_lang(e, c->site->cfg, k->p, lang);
	if (k->p->fm.summary)
		tv_set_str(e, "summary", k->p->fm.summary);
	if (k->p->fm.kind == KIND_TERM) {
		tv_set_str(e, "word", k->p->fm.term);
		if (k->p->fm.abbr)
			tv_set_str(e, "abbr", k->p->fm.abbr);
	}
	char *dir = url_dir(c->site->cfg->langs[lang].code, k->t->rel);
	tv_set(e, "href", S_href(here, dir));
	free(dir);
	return e;
}

/* A folder of contacts, some of which say what kind of organisation they
 * are ('org:'), is a directory: one group per kind, in the fixed order of
 * org_names, each under its heading and in the folder's order; contacts
 * that name no kind follow, under no heading. */
static void S_directory(const struct compose_ctx *c, const struct S_child *v,
			size_t n, size_t lang, const char *here,
			struct tv *data)
{
	size_t with_org = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].p->fm.kind != KIND_CONTACT)
			return;
		with_org += v[i].p->fm.org != NULL;
	}
	if (!with_org)
		return;
	struct tv *dir = tv_map(), *groups = tv_list(), *rest = tv_list();
	for (size_t g = 0; g < ORG_COUNT; g++) {
		struct tv *list = NULL;
		for (size_t i = 0; i < n; i++) {
			if (!v[i].p->fm.org ||
			    strcmp(v[i].p->fm.org, org_names[g]) != 0)
				continue;
			if (!list) {
				struct tv *group = tv_map();
				char *id = xasprintf("org_%s", org_names[g]);
				tv_set(group, "heading", S_ui_tv(c, lang, id));
				free(id);
				list = tv_list();
				tv_set(group, "children", list);
				tv_push(groups, group);
			}
			tv_push(list, S_child_entry(c, &v[i], lang, here));
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!v[i].p->fm.org)
			tv_push(rest, S_child_entry(c, &v[i], lang, here));
	tv_set(dir, "groups", groups);
	tv_set(dir, "rest", rest);
	tv_set(data, "directory", dir);
}

/* The pages of a folder in the language's own order. When they are terms,
 * they also form a glossary: groups under index letters, with a jump list,
 * and the count written with the language's plural rules. */
static void S_children(const struct compose_ctx *c, const struct tset *t,
		       size_t lang, const char *here, struct tv *data)
{
	struct collator *coll = S_coll(c, lang);
	struct S_child *v = xcalloc(t->nchildren, sizeof *v);
	size_t nterms = 0;
	for (size_t i = 0; i < t->nchildren; i++) {
		v[i].t = t->children[i];
		v[i].p = tset_page(t->children[i], lang);
		nterms += v[i].p->fm.kind == KIND_TERM;
	}
	qsort_r(v, t->nchildren, sizeof *v, S_child_cmp, coll);
	struct tv *kids = tv_list();
	for (size_t i = 0; i < t->nchildren; i++)
		tv_push(kids, S_child_entry(c, &v[i], lang, here));
	tv_set(data, "children", kids);
	S_directory(c, v, t->nchildren, lang, here, data);
	if (nterms == t->nchildren) {
		struct tv *g = tv_map();
		const struct lang *l = &c->site->cfg->langs[lang];
		tv_set(g, "count",
		       S_mark_ui(c, lang, "glossary_count",
				 tv_str_owned(strings_format(
				     c->ui, lang, "glossary_count",
				     l->format_locale, (double)nterms))));
		struct tv *groups = tv_list(), *letters = tv_list();
		struct tv *terms = NULL;
		char *prev = NULL;
		size_t ngroups = 0;
		for (size_t i = 0; i < t->nchildren; i++) {
			char *h = collator_heading(coll, v[i].p->fm.title);
			/* Sorted terms keep a heading's words together, but a
			 * heading derived from a word (no index letter for it)
			 * may recur: compare by collation, not bytes. */
			if (!prev || collator_compare(coll, prev, h) != 0) {
				char *id = xasprintf("letter-%zu", ++ngroups);
				struct tv *group = tv_map();
				tv_set_str(group, "letter", h);
				tv_set_str(group, "id", id);
				terms = tv_list();
				tv_set(group, "terms", terms);
				tv_push(groups, group);
				struct tv *jump = tv_map();
				tv_set_str(jump, "letter", h);
				tv_set(jump, "href",
				       tv_str_owned(xasprintf("#%s", id)));
				tv_push(letters, jump);
				free(id);
				free(prev);
				prev = h;
			} else {
				free(h);
			}
			tv_push(terms, S_child_entry(c, &v[i], lang, here));
		}
		free(prev);
		tv_set(g, "groups", groups);
		tv_set(g, "letters", letters);
		tv_set(data, "glossary", g);
	}
	free(v);
}

/* What every page of language lang in folder here shows around its
 * content: the site's title, the language, the stylesheet, the start page,
 * the UI strings and the feed. */
static struct tv *S_frame(const struct compose_ctx *c, size_t lang,
			  const char *here)
{
	const struct lang *l = &c->site->cfg->langs[lang];
	struct tv *data = tv_map();
	struct tv *site = tv_map();
	tv_set(site, "title", S_site_title(c, lang));
	tv_set(data, "site", site);
	tv_set(data, "lang", S_lang(l));
	tv_set(data, "css", S_href(here, "assets/style.css"));
	char *home = url_dir(l->code, "");
	tv_set(data, "home", S_href(here, home));
	free(home);
	tv_set(data, "t", S_strings(c, lang));
	char *feed = extras_feed_path(l->code);
	tv_set(data, "feed", S_href(here, feed));
	free(feed);
	return data;
}

int compose_page(const struct compose_ctx *c, const struct tset *t, size_t lang,
		 struct buf *out, struct diags *d)
{
	const struct config *cfg = c->site->cfg;
	const struct lang *l = &cfg->langs[lang];
	/* What every page reads besides what is noted where it is read:
	   its own files, its folder's pages, the folders above it, the
	   menus. */
	deps_note(DEP_TEXT, t->rel);
	deps_note(DEP_CHILDREN, t->rel);
	deps_note(DEP_PARENT, t->rel);
	deps_note(DEP_NAV, "");
	const struct page *p = tset_page(t, lang);
	char *here = url_dir(l->code, t->rel);
	struct tv *data = S_frame(c, lang, here);
	/* A site built with 'search: false' has no search page to send the
	 * words to. */
	if (!cfg->no_search) {
		char *sok = url_dir(l->code, SEARCH_SLUG);
		tv_set(data, "search", S_href(here, sok));
		free(sok);
	}

	struct tv *page = tv_map();
	tv_set_str(page, "title", p->fm.title);
	if (p->fm.summary)
		tv_set_str(page, "summary", p->fm.summary);
	tv_set_str(page, "kind", page_kind_name(p->fm.kind));
	tv_set(page, "canonical",
	       tv_str_owned(xasprintf("%s%s", cfg->base_url, here)));
	tv_set(data, "page", page);

	if (p->fm.updated) {
		struct tv *u = tv_map();
		tv_set_str(u, "iso", p->fm.updated);
		tv_set(
		    u, "text",
		    tv_str_owned(format_date(S_fmt(c, lang), p->fm.updated)));
		tv_set(data, "updated", u);
		struct tv *age = S_age(c, p, lang, here);
		if (age)
			tv_set(data, "age", age);
	}
	tv_set(data, "body", S_body(c, t, p, lang, d));
	if (tr_state_of(c->site, t, lang) == TR_STALE) {
		struct tv *st = tv_map();
		char *dir = url_dir(cfg->langs[cfg->source].code, t->rel);
		tv_set(st, "href", S_href(here, dir));
		free(dir);
		tv_set_str(st, "tag", cfg->langs[cfg->source].tag);
		tv_set(data, "stale", st);
	}
	if (p->lang != lang) {
		const struct lang *pl = &cfg->langs[p->lang];
		struct tv *f = tv_map();
		tv_set_str(f, "tag", pl->tag);
		tv_set_str(f, "dir", pl->rtl ? "rtl" : "ltr");
		/* The page shown is the best version there is (tset_page
		 * follows the language's fallback chain): the source's says
		 * the page is not translated; another language's, that it is
		 * shown in that language, named where "{0}" stands. Either
		 * way the language's name links to its own page. */
		size_t to = p->lang;
		S_split(c, lang,
			to == cfg->source ? "untranslated" : "shown_in", f);
		char *dir = url_dir(cfg->langs[to].code, t->rel);
		tv_set(f, "href", S_href(here, dir));
		free(dir);
		tv_set_str(f, "name", cfg->langs[to].name);
		tv_set_str(f, "link_tag", cfg->langs[to].tag);
		tv_set_str(f, "link_dir", cfg->langs[to].rtl ? "rtl" : "ltr");
		tv_set(data, "fallback", f);
	}

	/* Alternates name only real translations, and x-default the source. */
	struct tv *alts = tv_list();
	struct tv *langs = tv_list();
	for (size_t i = 0; i < cfg->nlangs; i++) {
		char *dir = url_dir(cfg->langs[i].code, t->rel);
		if (t->by_lang[i]) {
			struct tv *a = tv_map();
			tv_set_str(a, "hreflang", cfg->langs[i].tag);
			tv_set(a, "href",
			       tv_str_owned(
				   xasprintf("%s%s", cfg->base_url, dir)));
			tv_push(alts, a);
		}
		struct tv *e = S_lang(&cfg->langs[i]);
		tv_set(e, "href", S_href(here, dir));
		if (i == lang)
			tv_set_str(e, "current", "page");
		tv_push(langs, e);
		free(dir);
	}
	if (t->by_lang[cfg->source]) {
		struct tv *a = tv_map();
		tv_set_str(a, "hreflang", "x-default");
		char *dir = url_dir(cfg->langs[cfg->source].code, t->rel);
		tv_set(a, "href",
		       tv_str_owned(xasprintf("%s%s", cfg->base_url, dir)));
		free(dir);
		tv_push(alts, a);
	}
	tv_set(data, "alternates", alts);
	tv_set(data, "languages", langs);

	tv_set(
	    data, "nav",
	    S_set_links(c, c->site->nav, c->site->nnav, lang, t, here, NULL));
	tv_set(data, "footer",
	       S_set_links(c, c->site->footer, c->site->nfooter, lang, t, here,
			   NULL));
	/* Breadcrumbs: the start page, the folders above, this page. */
	if (*t->rel) {
		struct tv *crumbs = tv_list();
		const struct tset *chain[32];
		size_t depth = 0;
		for (const struct tset *a = t->parent; a && depth < 32;
		     a = a->parent)
			chain[depth++] = a;
		struct tv *home = tv_map();
		tv_set(home, "title", S_site_title(c, lang));
		char *root = url_dir(l->code, "");
		tv_set(home, "href", S_href(here, root));
		free(root);
		tv_push(crumbs, home);
		while (depth--) {
			const struct tset *a = chain[depth];
			if (!*a->rel)
				continue; /* the start page is "home" */
			struct tv *e = tv_map();
			tv_set_str(e, "title", tset_page(a, lang)->fm.title);
			S_mark_lang(e, cfg, tset_page(a, lang), lang);
			char *dir = url_dir(l->code, a->rel);
			tv_set(e, "href", S_href(here, dir));
			free(dir);
			tv_push(crumbs, e);
		}
		tv_set(data, "crumbs", crumbs);
	}

	if (*t->rel && t->nchildren)
		S_children(c, t, lang, here, data);
	if (p->fm.kind == KIND_TERM) {
		struct tv *term = tv_map();
		tv_set_str(term, "word", p->fm.term);
		if (p->fm.abbr)
			tv_set_str(term, "abbr", p->fm.abbr);
		tv_set(data, "term", term);
	}
	if (p->fm.kind == KIND_CONTACT) {
		struct tv *ct = S_contact(c, p, lang);
		char *vcf = extras_vcard_path(l->code, t->rel);
		tv_set(ct, "vcard", S_href(here, vcf));
		free(vcf);
		char *canon = xasprintf("%s%s", cfg->base_url, here);
		tv_set(data, "jsonld", tv_str_owned(S_jsonld(p, canon)));
		free(canon);
		tv_set(data, "contact", ct);
	}
	if (p->fm.kind != KIND_CONTACT && (p->fm.web || p->fm.contact))
		tv_set(data, "about", S_about(c, p, here, lang));

	int rc = tmpl_render(c->tmpl, "page.xhtml", data, out, d);
	tv_free(data);
	free(here);
	return rc;
}

/* The first folder whose pages are all of one kind (the glossary's terms,
 * the directory's contacts), or NULL. */
static const struct tset *S_folder_of(const struct site *s, enum page_kind k)
{
	for (size_t i = 0; i < s->nsets; i++) {
		const struct tset *t = s->sets[i];
		size_t n = 0;
		while (n < t->nchildren && t->children[n]->primary->fm.kind == k)
			n++;
		if (*t->rel && t->nchildren && n == t->nchildren)
			return t;
	}
	return NULL;
}

/* A link to set t's page in language lang, from the folder here, for a
 * message: its title, marked when it is another language's. */
static struct tv *S_link(const struct compose_ctx *c, const struct tset *t,
			 size_t lang, const char *here)
{
	const struct page *p = tset_page(t, lang);
	struct tv *e = tv_map();
	tv_set_str(e, "title", p->fm.title);
	S_mark_lang(e, c->site->cfg, p, lang);
	char *dir = url_dir(c->site->cfg->langs[lang].code, t->rel);
	tv_set(e, "href", S_href(here, dir));
	free(dir);
	return e;
}

/* The UI string id split around its two links, "{0}" and "{1}", in the
 * order the language puts them: before, a, between, b, after (a link the
 * text leaves out follows it). An element per part, never a list, so that
 * nothing comes between a link and the comma after it. strings.c allows
 * only plain arguments in it. Takes the links. */
static struct tv *S_two_links(const struct compose_ctx *c, size_t lang,
			      const char *id, struct tv *l0, struct tv *l1)
{
	const char *text = S_ui(c, lang, id), *end = text + strlen(text);
	const char *p0 = strstr(text, "{0}"), *p1 = strstr(text, "{1}");
	const char *at[2] = {p0 ? p0 : end, p1 ? p1 : end};
	struct tv *links[2] = {l0, l1};
	int first = at[0] <= at[1] ? 0 : 1, second = 1 - first;
	const char *cut[4] = {at[first], at[first] == end ? end : at[first] + 3,
			      at[second],
			      at[second] == end ? end : at[second] + 3};
	if (cut[2] < cut[1])
		cut[2] = cut[1];
	struct tv *m = tv_map();
	tv_set(m, "before",
	       S_mark_ui(c, lang, id,
			 tv_str_owned(xstrndup(text, (size_t)(cut[0] - text)))));
	tv_set(m, "a", links[first]);
	tv_set(m, "between",
	       S_mark_ui(c, lang, id,
			 tv_str_owned(xstrndup(cut[1],
					       (size_t)(cut[2] - cut[1])))));
	tv_set(m, "b", links[second]);
	tv_set(m, "after", S_mark_ui(c, lang, id, tv_str(cut[3])));
	return m;
}

/* Every page of the language, for a reader whose browser runs no script:
 * in the language's alphabetical order of the titles the reader sees. */
static struct tv *S_all_pages(const struct compose_ctx *c, size_t lang,
			      const char *here)
{
	const struct site *s = c->site;
	struct S_child *v = xcalloc(s->nsets ? s->nsets : 1, sizeof *v);
	for (size_t i = 0; i < s->nsets; i++) {
		v[i].t = s->sets[i];
		v[i].p = tset_page(s->sets[i], lang);
	}
	qsort_r(v, s->nsets, sizeof *v, S_title_cmp, S_coll(c, lang));
	struct tv *list = tv_list();
	for (size_t i = 0; i < s->nsets; i++)
		tv_push(list, S_link(c, v[i].t, lang, here));
	free(v);
	return list;
}

int compose_search(const struct compose_ctx *c, size_t lang, const char *index,
		   struct buf *out, struct diags *d)
{
	const struct config *cfg = c->site->cfg;
	const struct lang *l = &cfg->langs[lang];
	char *here = url_dir(l->code, SEARCH_SLUG);
	struct tv *data = S_frame(c, lang, here);
	char *home = url_dir(l->code, "");
	/* No "search": the page's own form is the one in its main part. */

	struct tv *page = tv_map();
	tv_set(page, "title", S_ui_tv(c, lang, "search_title"));
	tv_set(page, "canonical",
	       tv_str_owned(xasprintf("%s%s", cfg->base_url, here)));
	tv_set(data, "page", page);

	struct tv *search = tv_map();
	if (index)
		tv_set_str(search, "index", index);
	if (l->numbers)
		tv_set_str(search, "numbers", l->numbers);
	tv_set(data, "finder", search);
	struct tv *none = tv_map();
	S_split(c, lang, "search_none", none);
	tv_set(data, "none", none);
	const struct tset *glossary = S_folder_of(c->site, KIND_TERM);
	const struct tset *contacts =
	    cfg->age_contact ? site_find(c->site, cfg->age_contact) : NULL;
	if (!contacts)
		contacts = S_folder_of(c->site, KIND_CONTACT);
	if (glossary && contacts) {
		tv_set(data, "help",
		       S_two_links(c, lang, "search_help",
				   S_link(c, glossary, lang, here),
				   S_link(c, contacts, lang, here)));
	}
	tv_set(data, "all", S_all_pages(c, lang, here));

	struct tv *alts = tv_list(), *langs = tv_list();
	for (size_t i = 0; i < cfg->nlangs; i++) {
		char *dir = url_dir(cfg->langs[i].code, SEARCH_SLUG);
		struct tv *a = tv_map();
		tv_set_str(a, "hreflang", cfg->langs[i].tag);
		tv_set(a, "href",
		       tv_str_owned(xasprintf("%s%s", cfg->base_url, dir)));
		tv_push(alts, a);
		struct tv *e = S_lang(&cfg->langs[i]);
		tv_set(e, "href", S_href(here, dir));
		if (i == lang)
			tv_set_str(e, "current", "page");
		tv_push(langs, e);
		free(dir);
	}
	struct tv *x = tv_map();
	tv_set_str(x, "hreflang", "x-default");
	char *src = url_dir(cfg->langs[cfg->source].code, SEARCH_SLUG);
	tv_set(x, "href", tv_str_owned(xasprintf("%s%s", cfg->base_url, src)));
	free(src);
	tv_push(alts, x);
	tv_set(data, "alternates", alts);
	tv_set(data, "languages", langs);
	tv_set(data, "nav", S_set_links(c, c->site->nav, c->site->nnav, lang,
					NULL, here, NULL));
	tv_set(data, "footer",
	       S_set_links(c, c->site->footer, c->site->nfooter, lang, NULL,
			   here, NULL));
	struct tv *crumbs = tv_list(), *start = tv_map();
	tv_set(start, "title", S_site_title(c, lang));
	tv_set(start, "href", S_href(here, home));
	tv_push(crumbs, start);
	tv_set(data, "crumbs", crumbs);
	free(home);

	int rc = tmpl_render(c->tmpl, "search.xhtml", data, out, d);
	tv_free(data);
	free(here);
	return rc;
}

int compose_chooser(const struct compose_ctx *c, struct buf *out,
		    struct diags *d)
{
	const struct config *cfg = c->site->cfg;
	size_t src = cfg->source;
	struct tv *data = tv_map();
	struct tv *site = tv_map();
	tv_set(site, "title", S_site_title(c, src));
	tv_set(data, "site", site);
	tv_set(data, "lang", S_lang(&cfg->langs[src]));
	tv_set_str(data, "css", "assets/style.css");
	tv_set(data, "t", S_strings(c, src));
	struct tv *langs = tv_list();
	struct tv *alts = tv_list();
	for (size_t i = 0; i < cfg->nlangs; i++) {
		struct tv *e = S_lang(&cfg->langs[i]);
		tv_set(e, "href",
		       tv_str_owned(url_dir(cfg->langs[i].code, "")));
		tv_set(e, "title", S_site_title(c, i));
		tv_set(e, "chooser_title", S_ui_tv(c, i, "chooser_title"));
		tv_push(langs, e);
	}
	struct tv *a = tv_map();
	tv_set_str(a, "hreflang", "x-default");
	tv_set_str(a, "href", cfg->base_url);
	tv_push(alts, a);
	tv_set(data, "languages", langs);
	tv_set(data, "alternates", alts);
	int rc = tmpl_render(c->tmpl, "chooser.xhtml", data, out, d);
	tv_free(data);
	return rc;
}

/* The path part of the base URL ("/" or "/sv-site/"), for absolute links. */
static char *S_base_path(const struct config *cfg)
{
	const char *p = strstr(cfg->base_url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	return xstrdup(p ? p : "/");
}

int compose_notfound(const struct compose_ctx *c, size_t lang, struct buf *out,
		     struct diags *d)
{
	const struct config *cfg = c->site->cfg;
	const struct lang *l = &cfg->langs[lang];
	char *base = S_base_path(cfg);
	struct tv *data = tv_map();
	struct tv *site = tv_map();
	tv_set(site, "title", S_site_title(c, lang));
	tv_set(data, "site", site);
	tv_set(data, "lang", S_lang(l));
	tv_set(data, "t", S_strings(c, lang));
	tv_set(data, "css",
	       tv_str_owned(xasprintf("%sassets/style.css", base)));
	tv_set(data, "home", tv_str_owned(xasprintf("%s%s/", base, l->code)));
	if (!cfg->no_search)
		tv_set(data, "search",
		       tv_str_owned(xasprintf("%s%s/" SEARCH_SLUG "/",
					      base, l->code)));
	struct tv *page = tv_map();
	tv_set(page, "title", S_ui_tv(c, lang, "not_found_title"));
	tv_set(data, "page", page);
	struct tv *langs = tv_list();
	for (size_t i = 0; i < cfg->nlangs; i++) {
		struct tv *e = S_lang(&cfg->langs[i]);
		tv_set(
		    e, "href",
		    tv_str_owned(xasprintf("%s%s/", base, cfg->langs[i].code)));
		if (i == lang)
			tv_set_str(e, "current", "page");
		tv_push(langs, e);
	}
	tv_set(data, "languages", langs);
	tv_set(data, "nav",
	       S_set_links(c, c->site->nav, c->site->nnav, lang, NULL, NULL,
			   base));
	tv_set(data, "footer",
	       S_set_links(c, c->site->footer, c->site->nfooter, lang, NULL,
			   NULL, base));
	free(base);
	int rc = tmpl_render(c->tmpl, "notfound.xhtml", data, out, d);
	tv_free(data);
	return rc;
}
