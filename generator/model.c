/* Grouping pages into translation sets and ordering navigation. Everything is
 * keyed by hash and sorted once: no step looks at every pair of pages. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "deps.h"

static int S_nav_cmp(const void *pa, const void *pb)
{
	const struct tset *a = *(struct tset *const *)pa;
	const struct tset *b = *(struct tset *const *)pb;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->rel, b->rel);
}

static char *S_parent_rel(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
}

void site_build(struct site *s, const struct config *cfg, struct page **pages,
		size_t npages, struct diags *d)
{
	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	s->pages = pages;
	s->npages = npages;
	hmap_init(&s->by_rel);
	s->sets = xcalloc(npages, sizeof *s->sets);
	/* Pages arrive sorted by rel, so each set's pages are adjacent. */
	for (size_t i = 0; i < npages; i++) {
		struct page *p = pages[i];
		if (p->failed)
			continue;
		struct tset *t = hmap_get(&s->by_rel, p->rel);
		if (!t) {
			t = xcalloc(1, sizeof *t);
			t->rel = xstrdup(p->rel);
			t->by_lang = xcalloc(cfg->nlangs, sizeof *t->by_lang);
			hmap_put(&s->by_rel, t->rel, t);
			s->sets[s->nsets++] = t;
		}
		t->by_lang[p->lang] = p;
	}
	/* A source page that failed to load has had its error reported: its
	 * translations are not also told that it does not exist. */
	struct hmap failed;
	hmap_init(&failed);
	for (size_t i = 0; i < npages; i++)
		if (pages[i]->failed && pages[i]->lang == cfg->source)
			hmap_put(&failed, pages[i]->rel, pages[i]);
	for (size_t i = 0; i < s->nsets; i++) {
		struct tset *t = s->sets[i];
		t->primary = t->by_lang[cfg->source];
		for (size_t l = 0; !t->primary && l < cfg->nlangs; l++)
			t->primary = t->by_lang[l];
		if (!t->by_lang[cfg->source] && !hmap_get(&failed, t->rel))
			diags_add(d, SEV_WARNING, t->primary->path, 0, 0,
				  "page has no source-language version: add "
				  "'content/%s/%s.md' (translations are made "
				  "from the source)",
				  cfg->langs[cfg->source].code,
				  *t->rel ? t->rel : "index");
		t->order = t->primary->fm.order;
		/* A reader of Dari is better served by the Persian text than
		 * by the Swedish: follow each language's fallback chain (a
		 * cycle or a missing language ends it) before the primary. */
		t->shown = xcalloc(cfg->nlangs, sizeof *t->shown);
		for (size_t l = 0; l < cfg->nlangs; l++) {
			size_t at = l;
			for (size_t hops = 0;
			     !t->by_lang[at] && hops < cfg->nlangs; hops++) {
				long next =
				    cfg->langs[at].fallback
					? config_lang_index(
					      cfg, cfg->langs[at].fallback)
					: -1;
				if (next < 0)
					break;
				at = (size_t)next;
			}
			t->shown[l] =
			    t->by_lang[at] ? t->by_lang[at] : t->primary;
		}
	}
	hmap_release(&failed);
	/* Children and navigation: counted first, then filled, then sorted. */
	for (size_t i = 0; i < s->nsets; i++) {
		struct tset *t = s->sets[i];
		if (!*t->rel)
			continue;
		char *prel = S_parent_rel(t->rel);
		t->parent = hmap_get(&s->by_rel, prel);
		free(prel);
		if (t->parent)
			t->parent->nchildren++;
		if (!strchr(t->rel, '/'))
			s->nnav++;
	}
	s->nav = xcalloc(s->nnav ? s->nnav : 1, sizeof *s->nav);
	size_t nav = 0;
	for (size_t i = 0; i < s->nsets; i++) {
		struct tset *t = s->sets[i];
		if (t->nchildren) {
			t->children =
			    xcalloc(t->nchildren, sizeof *t->children);
			t->nchildren = 0;
		}
	}
	for (size_t i = 0; i < s->nsets; i++) {
		struct tset *t = s->sets[i];
		if (t->parent)
			t->parent->children[t->parent->nchildren++] = t;
		if (*t->rel && !strchr(t->rel, '/'))
			s->nav[nav++] = t;
	}
	for (size_t i = 0; i < s->nsets; i++)
		if (s->sets[i]->nchildren > 1)
			qsort(s->sets[i]->children, s->sets[i]->nchildren,
			      sizeof(struct tset *), S_nav_cmp);
	if (s->nnav > 1)
		qsort(s->nav, s->nnav, sizeof *s->nav, S_nav_cmp);
	/* Sorted by order, so the footer's pages are the menu's tail. */
	while (s->nnav && s->nav[s->nnav - 1]->order >= FOOTER_ORDER) {
		s->nnav--;
		s->nfooter++;
	}
	s->footer = s->nav + s->nnav;
	s->terms = xcalloc(s->nsets ? s->nsets : 1, sizeof *s->terms);
	for (size_t i = 0; i < s->nsets; i++)
		if (s->sets[i]->primary->fm.kind == KIND_TERM)
			s->terms[s->nterms++] = s->sets[i];
}

void site_release(struct site *s)
{
	for (size_t i = 0; i < s->nsets; i++) {
		free(s->sets[i]->rel);
		free(s->sets[i]->by_lang);
		free(s->sets[i]->shown);
		free(s->sets[i]->children);
		free(s->sets[i]);
	}
	free(s->sets);
	free(s->nav);
	free(s->terms);
	hmap_release(&s->by_rel);
	pages_free(s->pages, s->npages);
	memset(s, 0, sizeof *s);
}

struct tset *site_find(const struct site *s, const char *rel)
{
	struct tset *t = hmap_get(&s->by_rel, rel);
	if (t)
		deps_note(DEP_VIEW, t->rel);
	return t;
}

struct page *tset_page(const struct tset *t, size_t lang)
{
	deps_note(DEP_VIEW, t->rel);
	return t->shown[lang];
}
