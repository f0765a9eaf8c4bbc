/* Running the stages in order. Stages that treat pages independently run in
 * the pool, each page reporting to its own diagnostics, merged in page order
 * afterwards, so messages and output never depend on thread scheduling. */
#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose.h"
#include "config.h"
#include "extras.h"
#include "format.h"
#include "load.h"
#include "model.h"
#include "output.h"
#include "pool.h"
#include "strings.h"
#include "template.h"
#include "url.h"

struct S_build {
	struct project prj;
	struct ui_strings ui;
	struct tmpl_set *tmpl;
	struct output out;
	int writing;
	size_t threads;
	struct diags *per_item;	 /* one per item of the current stage */
	struct formatter ***fmt; /* [worker][language] */
	struct collator ***coll; /* [worker][language] */
	/* the render stage's items: every set in every language */
	size_t nitems;
};

struct S_loading {
	struct page **pages;
	struct diags *per_page;
};

static void S_load_one(void *ctx, size_t i, size_t worker)
{
	struct S_loading *l = ctx;
	(void)worker;
	page_load(l->pages[i], &l->per_page[i]);
}

enum build_status project_load(struct project *p, size_t jobs, struct diags *d)
{
	memset(p, 0, sizeof *p);
	if (config_load(&p->cfg, "content/site.yaml", d) < 0)
		return BUILD_ERRORS;
	struct page **pages = NULL;
	size_t npages = 0;
	pages_list(&p->cfg, ".", &pages, &npages, d);
	struct S_loading l = {pages,
			      xcalloc(npages ? npages : 1, sizeof *l.per_page)};
	pool_run(jobs ? jobs : pool_cpus(), npages, S_load_one, &l);
	for (size_t i = 0; i < npages; i++)
		diags_move(d, &l.per_page[i]);
	free(l.per_page);
	site_build(&p->site, &p->cfg, pages, npages, d);
	return d->errors ? BUILD_ERRORS : BUILD_OK;
}

void project_release(struct project *p)
{
	site_release(&p->site);
	config_release(&p->cfg);
}

static void S_render_one(void *ctx, size_t i, size_t worker)
{
	struct S_build *b = ctx;
	struct compose_ctx c = {&b->prj.site, &b->ui, b->tmpl, b->fmt[worker],
				b->coll[worker]};
	struct buf html = BUF_INIT;
	struct diags *d = &b->per_item[i];
	int rc;
	char *rel;
	size_t nl = b->prj.cfg.nlangs;
	size_t pages = b->prj.site.nsets * nl;
	if (i == b->nitems - 1) {
		rc = compose_chooser(&c, &html, d);
		rel = xstrdup("index.html");
	} else if (i >= pages) {
		/* Per language: the 404 page and the Atom feed. */
		size_t k = i - pages, lang = k / 2;
		const char *code = b->prj.cfg.langs[lang].code;
		if (k % 2 == 0) {
			rc = compose_notfound(&c, lang, &html, d);
			rel = xasprintf("%s/404.html", code);
		} else {
			const char *title =
			    strings_get(&b->ui, lang, "site_title");
			extras_feed(&b->prj.site, lang,
				    title ? title : b->prj.cfg.title, &html);
			rc = 0;
			rel = extras_feed_path(code);
		}
	} else {
		/* Language-major order: each language's folder tree is
		 * written in one run, which file systems handle faster than
		 * ten trees interleaved. */
		size_t nsets = b->prj.site.nsets;
		const struct tset *t = b->prj.site.sets[i % nsets];
		size_t lang = i / nsets;
		rc = compose_page(&c, t, lang, &html, d);
		char *dir = url_dir(b->prj.cfg.langs[lang].code, t->rel);
		rel = xasprintf("%sindex.html", dir);
		free(dir);
	}
	/* Nothing is written for a page with errors: the build fails. */
	if (rc == 0 && !d->errors && b->writing) {
		output_write(&b->out, rel, html.ptr, html.len, d);
		/* Hosts look for the "not found" page at the root. */
		char *src404 = xasprintf(
		    "%s/404.html", b->prj.cfg.langs[b->prj.cfg.source].code);
		if (strcmp(rel, src404) == 0)
			output_write(&b->out, "404.html", html.ptr, html.len,
				     d);
		free(src404);
	}
	free(rel);
	buf_release(&html);
}

/* The site-wide files, and a vCard for each contact in each language. */
static void S_extras(struct S_build *b, struct diags *d)
{
	const struct site *s = &b->prj.site;
	struct buf x = BUF_INIT;
	extras_sitemap(s, &x);
	output_write(&b->out, "sitemap.xml", x.ptr, x.len, d);
	buf_truncate(&x, 0);
	extras_robots(s, &x);
	output_write(&b->out, "robots.txt", x.ptr, x.len, d);
	buf_truncate(&x, 0);
	extras_headers(&x);
	output_write(&b->out, "_headers", x.ptr, x.len, d);
	buf_truncate(&x, 0);
	for (size_t i = 0; i < s->nsets; i++) {
		const struct tset *t = s->sets[i];
		if (t->primary->fm.kind != KIND_CONTACT)
			continue;
		for (size_t l = 0; l < b->prj.cfg.nlangs; l++) {
			extras_vcard(tset_page(t, l), &x);
			char *path =
			    extras_vcard_path(b->prj.cfg.langs[l].code, t->rel);
			output_write(&b->out, path, x.ptr, x.len, d);
			free(path);
			buf_truncate(&x, 0);
		}
	}
	buf_release(&x);
}

/* Runs fn over n items in the pool, then moves every item's diagnostics into
 * d in item order. */
static void S_stage(struct S_build *b, size_t n,
		    void (*fn)(void *, size_t, size_t), struct diags *d)
{
	b->per_item = xcalloc(n ? n : 1, sizeof *b->per_item);
	pool_run(b->threads, n, fn, b);
	for (size_t i = 0; i < n; i++)
		diags_move(d, &b->per_item[i]);
	free(b->per_item);
	b->per_item = NULL;
}

/* Opens (or closes) each thread's ICU objects, one per language: ICU's
 * formatters and collators are not to be shared between threads. */
static void S_formatters(struct S_build *b, int open)
{
	if (open) {
		size_t nl = b->prj.cfg.nlangs;
		b->fmt = xcalloc(b->threads, sizeof *b->fmt);
		b->coll = xcalloc(b->threads, sizeof *b->coll);
		for (size_t w = 0; w < b->threads; w++) {
			b->fmt[w] = xcalloc(nl, sizeof **b->fmt);
			b->coll[w] = xcalloc(nl, sizeof **b->coll);
			for (size_t l = 0; l < nl; l++) {
				const struct lang *lg = &b->prj.cfg.langs[l];
				b->fmt[w][l] = formatter_new(lg);
				b->coll[w][l] = collator_new(lg->locale);
			}
		}
		return;
	}
	for (size_t w = 0; b->fmt && w < b->threads; w++) {
		for (size_t l = 0; l < b->prj.cfg.nlangs; l++) {
			formatter_free(b->fmt[w][l]);
			collator_free(b->coll[w][l]);
		}
		free(b->fmt[w]);
		free(b->coll[w]);
	}
	free(b->fmt);
	free(b->coll);
	b->fmt = NULL;
	b->coll = NULL;
}

enum build_status build_site(const struct build_opts *o, struct build_stats *st,
			     struct diags *d)
{
	struct S_build b;
	memset(&b, 0, sizeof b);
	memset(st, 0, sizeof *st);
	b.writing = o->write;
	b.threads = o->jobs ? o->jobs : pool_cpus();
	enum build_status status = BUILD_ERRORS;

	if (project_load(&b.prj, b.threads, d) != BUILD_OK &&
	    !b.prj.cfg.nlangs) {
		project_release(&b.prj);
		diags_sort(d);
		return BUILD_ERRORS;
	}
	st->languages = b.prj.cfg.nlangs;
	strings_load(&b.ui, &b.prj.cfg, "translations", d);
	b.tmpl = tmpl_load("templates", d);
	for (size_t l = 0; l < b.prj.cfg.nlangs; l++) {
		/* ICU would quietly format in English: refuse instead. */
		struct formatter *f = formatter_new(&b.prj.cfg.langs[l]);
		struct collator *co = collator_new(b.prj.cfg.langs[l].locale);
		if (!f || !co)
			diags_add(d, SEV_ERROR, "content/site.yaml", 0, 0,
				  "ICU cannot format or sort for '%s'",
				  b.prj.cfg.langs[l].format_locale);
		formatter_free(f);
		collator_free(co);
	}

	st->sources = b.prj.site.npages;

	if (d->errors || !b.tmpl)
		goto done;
	if (b.writing && output_begin(&b.out, o->out, d) < 0) {
		status = BUILD_IO;
		goto done;
	}
	S_formatters(&b, 1);
	/* Every set in every language, a 404 page and a feed per language, and
	 * the root's language chooser last. */
	b.nitems = (b.prj.site.nsets + 2) * b.prj.cfg.nlangs + 1;
	S_stage(&b, b.nitems, S_render_one, d);
	S_formatters(&b, 0);
	st->pages = b.nitems;
	if (b.writing && !d->errors) {
		output_copy_tree(&b.out, "templates/assets", "assets", d);
		S_extras(&b, d);
	}
	if (b.writing) {
		st->written = atomic_load(&b.out.written);
		st->unchanged = atomic_load(&b.out.kept);
		if (d->errors || (o->werror && d->warnings)) {
			output_abort(&b.out);
		} else if (output_commit(&b.out, d) < 0) {
			status = BUILD_IO;
			goto done;
		}
	}
	if (!d->errors && !(o->werror && d->warnings))
		status = BUILD_OK;
done:
	diags_sort(d);
	tmpl_free(b.tmpl);
	strings_release(&b.ui);
	project_release(&b.prj);
	return status;
}
