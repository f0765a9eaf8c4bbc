/* Running the stages in order. Stages that treat pages independently run in
 * the pool, each page reporting to its own diagnostics, merged in page order
 * afterwards, so messages and output never depend on thread scheduling. */
#include "build.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "age.h"
#include "assets.h"
#include "buf.h"
#include "compose.h"
#include "config.h"
#include "coverage.h"
#include "deps.h"
#include "digits.h"
#include "lookalike.h"
#include "extras.h"
#include "format.h"
#include "links.h"
#include "load.h"
#include "model.h"
#include "output.h"
#include "pagecache.h"
#include "pool.h"
#include "search.h"
#include "source.h"
#include "state.h"
#include "strings.h"
#include "template.h"
#include "url.h"

struct S_build {
	struct project prj;
	struct ui_strings ui;
	struct tmpl_set *tmpl;
	struct output out;
	struct assets assets;
	int writing;
	size_t threads;
	struct diags *per_item;	   /* one per item of the current stage */
	struct anchor_refs *later; /* one per item: links to anchors */
	struct buf *html;	   /* [worker]: each item's output, reused */
	struct formatter ***fmt;   /* [worker][language] */
	struct collator ***coll;   /* [worker][language] */
	/* the render stage's items: every set in every language */
	size_t nitems;
	int progress;	    /* show the progress line */
	double started;	    /* when the build began, for the line */
	atomic_size_t done; /* items finished */
	atomic_size_t made; /* pages composed */
	double shown;	    /* when the line was last drawn */
	/* Set when the build is given up: the items left are skipped. */
	const atomic_int *stop;
	/* The build date when site.yaml has age_notice (age.c), else "". */
	char today[AGE_DATE_SIZE];
	/* The search index: each thread's words, each page's record (one per
	   set in every language, language major, like the items). */
	struct search_words **words; /* [worker] */
	struct search_doc *sdocs;
	/* Rendering only what changed: the hashes of what this build read,
	   the previous build's record, this build's, and for each page item
	   the previous build's entry when its inputs are unchanged. */
	uint64_t globals;
	struct deps_env *env;
	struct deps_prev *prev;
	struct deps_next *next;
	const struct deps_entry **clean; /* [item]; NULL: render all */
	unsigned char *lang_dirty;	 /* [language]: its index changes */
	int lists_same; /* every page's front matter and the UI strings are
			   as before: the sitemaps and feeds are too */
	/* [language]: the words the previous build's index took from each
	   page, for a language whose index is written again */
	struct search_cache **wcache;
};

struct S_seen {
	struct search_words *w;
	struct search_doc *sd;
};

static void S_body_seen(void *arg, cmark_node *body)
{
	struct S_seen *s = arg;
	search_body(s->w, s->sd, body);
}

struct S_loading {
	struct page **pages;
	size_t *which; /* the indexes into pages of this round's pages */
	struct diags *per_page;
	struct text_store *texts; /* [worker] */
	const struct config *cfg;
	const int32_t *zeros; /* [language]: digits_zero */
	const struct page_cache *cache; /* or NULL */
	int drop; /* let go of each page's text once it is loaded */
};

static void S_load_one(void *ctx, size_t i, size_t worker)
{
	struct S_loading *l = ctx;
	size_t k = l->which[i];
	struct page *p = l->pages[k];
	if (page_cache_take(l->cache, p, &l->per_page[k]))
		return;
	if (page_load(p, l->drop ? NULL : &l->texts[worker],
		      &l->per_page[k]) == 0) {
		digits_check(p, l->zeros[p->lang],
			     l->cfg->langs[p->lang].numbers, &l->per_page[k]);
		lookalike_check(p, l->cfg->langs[p->lang].locale,
				&l->per_page[k]);
		if (p->lang == l->cfg->source) {
			p->text_hash = source_text_hash(p);
			p->text_hashed = 1;
		}
	}
	if (l->drop)
		page_drop_text(p);
	/* For the record of the pages (pagecache.h). */
	const struct diags *said = &l->per_page[k];
	for (size_t j = 0; j < said->n; j++)
		diags_add(&p->warnings, said->v[j].sev, said->v[j].path,
			  said->v[j].line, said->v[j].col, "%s",
			  said->v[j].msg);
}

/* Source pages are loaded in a first round, translations in a second: a
 * translation takes its language-neutral facts (and its kind, which decides
 * what its keys mean) from its source page. */
static void S_load_all(struct page **pages, size_t npages, size_t source,
		       size_t threads, struct S_loading *l)
{
	l->which = xcalloc(npages ? npages : 1, sizeof *l->which);
	size_t n = 0;
	for (size_t i = 0; i < npages; i++)
		if (pages[i]->lang == source)
			l->which[n++] = i;
	pool_run(threads, n, S_load_one, l);
	/* Pages are sorted by path, then language: a path's pages are
	 * adjacent. */
	n = 0;
	for (size_t i = 0, first = 0; i < npages; i++) {
		if (strcmp(pages[i]->rel, pages[first]->rel))
			first = i;
		if (pages[i]->lang == source)
			continue;
		for (size_t j = first;
		     j < npages && !strcmp(pages[j]->rel, pages[i]->rel); j++)
			if (pages[j]->lang == source)
				pages[i]->src = pages[j];
		l->which[n++] = i;
	}
	pool_run(threads, n, S_load_one, l);
	free(l->which);
}

enum build_status project_load(struct project *p, size_t jobs, struct diags *d)
{
	return project_load_cached(p, jobs, NULL, 0, d);
}

enum build_status project_load_cached(struct project *p, size_t jobs,
				      const struct page_cache *cache, int drop,
				      struct diags *d)
{
	memset(p, 0, sizeof *p);
	if (config_load(&p->cfg, "content/site.yaml", d) < 0)
		return BUILD_ERRORS;
	struct page **pages = NULL;
	size_t npages = 0;
	pages_list(&p->cfg, ".", &pages, &npages, d);
	size_t threads = jobs ? jobs : pool_cpus();
	p->ntexts = threads;
	p->texts = xcalloc(threads, sizeof *p->texts);
	for (size_t w = 0; w < threads; w++) {
		p->texts[w].arena = arena_new();
		buf_init(&p->texts[w].scratch);
	}
	int32_t *zeros = xcalloc(p->cfg.nlangs, sizeof *zeros);
	for (size_t i = 0; i < p->cfg.nlangs; i++)
		zeros[i] = digits_zero(&p->cfg.langs[i]);
	struct S_loading l = {pages,	 NULL,
			      xcalloc(npages ? npages : 1, sizeof *l.per_page),
			      p->texts, &p->cfg, zeros, cache, drop};
	S_load_all(pages, npages, p->cfg.source, threads, &l);
	free(zeros);
	for (size_t w = 0; w < threads; w++)
		buf_release(&p->texts[w].scratch);
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
	/* After the pages: their text is in these. */
	for (size_t w = 0; w < p->ntexts; w++)
		arena_free(p->texts[w].arena);
	free(p->texts);
	p->texts = NULL;
	p->ntexts = 0;
}

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress line: drawn by the first thread only, so lines never mix,
 * from two seconds into the build, ten times a second. */
static void S_progress(struct S_build *b, size_t worker)
{
	size_t done = atomic_fetch_add(&b->done, 1) + 1;
	if (!b->progress || worker != 0)
		return;
	double now = S_now();
	if (now - b->started < 2 || now - b->shown < 0.1)
		return;
	b->shown = now;
	fprintf(stderr, "\rskylt: building, %zu of %zu (%.0f%%)", done,
		b->nitems, 100.0 * (double)done / (double)b->nitems);
	fflush(stderr);
}

static int S_keep_file(void *arg, const char *rel, off_t size,
		       const struct timespec *mtime);

static int S_count_file(void *arg, const char *rel, off_t size,
			const struct timespec *mtime)
{
	(void)rel;
	(void)size;
	(void)mtime;
	++*(size_t *)arg;
	return 0;
}

/* A language's sitemap (its parts) or feed kept as the previous build
 * wrote it: 1, or 0 when one of its files is not as recorded. */
static int S_keep_list(struct S_build *b, size_t lang, int sitemap)
{
	const char *code = b->prj.cfg.langs[lang].code;
	char *path = sitemap ? extras_sitemap_path(code, 0)
			     : extras_feed_path(code);
	/* The parts of a sitemap: "sitemap.xml", "sitemap-2.xml" … */
	if (sitemap)
		path[strlen(path) - 4] = '\0';
	size_t n = 0;
	deps_prev_files(b->prev, path, S_count_file, &n);
	int rc = n && deps_prev_files(b->prev, path, S_keep_file, b) == 0;
	free(path);
	return rc;
}

static void S_render_one(void *ctx, size_t i, size_t worker)
{
	struct S_build *b = ctx;
	if (b->stop && atomic_load(b->stop))
		return;
	struct S_seen seen = {NULL, NULL};
	struct compose_ctx c = {&b->prj.site,
				&b->ui,
				b->tmpl,
				b->fmt[worker],
				b->coll[worker],
				&b->later[i],
				*b->today ? b->today : NULL,
				S_body_seen,
				&seen};
	/* One buffer per thread, emptied for each item: memory that was
	 * used before costs nothing to touch again, where every fresh page
	 * faults, and a sitemap (a megabyte per 1,000 pages) would otherwise
	 * grow in fresh memory each time. */
	struct buf *html = &b->html[worker];
	buf_truncate(html, 0);
	struct diags *d = &b->per_item[i];
	int rc;
	char *rel;
	size_t nl = b->prj.cfg.nlangs;
	size_t pages = b->prj.site.nsets * nl;
	if (i == b->nitems - 1) {
		atomic_fetch_add(&b->made, 1);
		rc = compose_chooser(&c, html, d);
		rel = xstrdup("index.html");
	} else if (i >= pages) {
		/* Per language: the 404 page, the Atom feed, the sitemap. */
		size_t k = i - pages, lang = k / 3;
		const char *code = b->prj.cfg.langs[lang].code;
		if (k % 3 && b->lists_same && S_keep_list(b, lang, k % 3 == 2)) {
			S_progress(b, worker);
			return;
		}
		if (k % 3 == 0) {
			atomic_fetch_add(&b->made, 1);
			rc = compose_notfound(&c, lang, html, d);
			rel = xasprintf("%s/404.html", code);
		} else if (k % 3 == 2) {
			/* A sitemap may be several files: each is written
			 * here, and nothing is left for the write below. */
			size_t parts = extras_sitemap_parts(&b->prj.site, lang);
			for (size_t part = 0; part < parts; part++) {
				extras_sitemap(&b->prj.site, lang, part, html);
				char *path = extras_sitemap_path(code, part);
				if (b->writing)
					output_write(&b->out, path, html->ptr,
						     html->len, d);
				free(path);
				buf_truncate(html, 0);
			}
			rc = 0;
			rel = NULL;
		} else {
			const char *title =
			    strings_get(&b->ui, lang, "site_title");
			extras_feed(&b->prj.site, lang,
				    title ? title : b->prj.cfg.title, html);
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
		char *dir = url_dir(b->prj.cfg.langs[lang].code, t->rel);
		rel = xasprintf("%sindex.html", dir);
		free(dir);
		int index = b->words && (!b->clean || b->lang_dirty[lang]);
		const struct deps_entry *x = b->clean ? b->clean[i] : NULL;
		const struct page *shown = tset_page(t, lang);
		const struct search_kept *k =
		    x && index ? search_cache_get(b->wcache[lang], t->rel,
						  shown->hash)
			       : NULL;
		if (k) {
			search_page_again(b->words[worker], &b->prj.site,
					  i % nsets, lang, k, &b->sdocs[i]);
		} else if (index) {
			seen.w = b->words[worker];
			seen.sd = &b->sdocs[i];
			search_page(seen.w, &b->prj.site, i % nsets, lang,
				    seen.sd);
		}
		if (x) {
			if (index && !k)
				compose_words(&c, t, lang);
			off_t size;
			struct timespec mtime;
			deps_entry_file(x, &size, &mtime);
			int kept = output_keep(&b->out, rel, size, &mtime);
			if (kept <= 0) {
				deps_entry_warnings(x, d);
				deps_next_keep(b->next, i, x);
				page_text_done(shown);
				free(rel);
				S_progress(b, worker);
				return;
			}
			/* Not the file recorded: made again, its words
			   taken already. */
			c.body_seen = NULL;
		}
		struct deps_list parts = {0};
		deps_listen(b->next ? &parts : NULL);
		atomic_fetch_add(&b->made, 1);
		rc = compose_page(&c, t, lang, html, d);
		deps_listen(NULL);
		if (b->next && rc == 0 && !d->errors)
			deps_next_made(b->next, i, rel, &parts, d);
		deps_list_release(&parts);
		page_text_done(shown);
	}
	/* Nothing is written for a page with errors: the build fails. */
	if (rel && rc == 0 && !d->errors && b->writing) {
		output_write(&b->out, rel, html->ptr, html->len, d);
		/* Hosts look for the "not found" page at the root. */
		char *src404 = xasprintf(
		    "%s/404.html", b->prj.cfg.langs[b->prj.cfg.source].code);
		if (strcmp(rel, src404) == 0)
			output_write(&b->out, "404.html", html->ptr, html->len,
				     d);
		free(src404);
	}
	free(rel);
	S_progress(b, worker);
}

/* A search index file kept from the previous build, or found changed. */
static int S_keep_file(void *arg, const char *rel, off_t size,
		       const struct timespec *mtime)
{
	struct S_build *b = arg;
	return output_keep(&b->out, rel, size, mtime) != 0;
}

static int S_find_manifest(void *arg, const char *rel, off_t size,
			   const struct timespec *mtime)
{
	(void)size;
	(void)mtime;
	const char *name = strrchr(rel, '/') + 1;
	if (strncmp(name, "index.", 6) || strcmp(name + strlen(name) - 3, ".js"))
		return 0;
	*(char **)arg = xstrdup(name);
	return 1;
}

static char *S_kept_manifest(struct S_build *b, size_t lang)
{
	char *prefix = xasprintf("%s/%s/", b->prj.cfg.langs[lang].code,
				 SEARCH_SLUG);
	char *name = NULL;
	deps_prev_files(b->prev, prefix, S_find_manifest, &name);
	free(prefix);
	return name;
}

/* The other files the record keeps: a language's search index, its
 * sitemap and its feed. */
static int S_index_file(const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash || strchr(slash + 1, '/') == NULL)
		return slash && (!strncmp(slash + 1, "sitemap", 7) ||
				 !strcmp(slash + 1, "feed.xml"));
	return strncmp(slash + 1, SEARCH_SLUG "/", sizeof SEARCH_SLUG) == 0 &&
	       strcmp(slash + 1, SEARCH_SLUG "/index.html") != 0;
}

/* Which page items are as the previous build made them from the same
 * inputs (b->clean), and which languages' search index changes: one with
 * a page made again, or every one when a page is gone, since an index
 * numbers the pages. A language whose index files cannot all be kept as
 * recorded is written again. */
static void S_unchanged(struct S_build *b, const char *dest,
			const struct state_inputs *taken, uint64_t **strings)
{
	size_t nl = b->prj.cfg.nlangs, nsets = b->prj.site.nsets;
	*strings = xcalloc(nl, sizeof **strings);
	for (size_t l = 0; l < nl; l++) {
		char *path =
		    xasprintf("translations/%s.xlf", b->prj.cfg.langs[l].code);
		(*strings)[l] = state_inputs_hash(taken, path);
		free(path);
	}
	b->env = deps_env_new(&b->prj.site, b->globals, *strings);
	b->next = deps_next_new(b->nitems);
	b->lang_dirty = xcalloc(nl ? nl : 1, 1);
	b->prev = b->out.updating ? deps_prev_load(dest, b->globals) : NULL;
	if (!b->prev)
		return;
	b->clean = xcalloc(b->nitems, sizeof *b->clean);
	size_t known = 0;
	for (size_t i = 0; i < nsets * nl; i++) {
		const struct tset *t = b->prj.site.sets[i % nsets];
		size_t lang = i / nsets;
		char *dir = url_dir(b->prj.cfg.langs[lang].code, t->rel);
		char *rel = xasprintf("%sindex.html", dir);
		free(dir);
		known += deps_prev_knows(b->prev, rel);
		b->clean[i] = deps_prev_clean(b->prev, b->env, rel);
		if (!b->clean[i])
			b->lang_dirty[lang] = 1;
		free(rel);
	}
	int gone = known != deps_prev_pages(b->prev);
	b->lists_same = deps_prev_view(b->prev) == deps_site_view(b->env);
	b->wcache = xcalloc(nl ? nl : 1, sizeof *b->wcache);
	for (size_t l = 0; l < nl; l++) {
		if (gone)
			b->lang_dirty[l] = 1;
		if (b->lang_dirty[l] || b->prj.cfg.no_search)
			continue;
		char *prefix = xasprintf("%s/%s/", b->prj.cfg.langs[l].code,
					 SEARCH_SLUG);
		char *manifest = S_kept_manifest(b, l);
		if (!manifest ||
		    deps_prev_files(b->prev, prefix, S_keep_file, b) != 0)
			b->lang_dirty[l] = 1;
		free(manifest);
		free(prefix);
	}
	for (size_t l = 0; l < nl; l++)
		if (b->lang_dirty[l] && !b->prj.cfg.no_search)
			b->wcache[l] = search_cache_load(
			    dest, b->prj.cfg.langs[l].code, b->globals);
}

/* Writes every language's search index, then its search page, which names
 * the index's manifest. */
static void S_search(struct S_build *b, struct diags *d)
{
	size_t nl = b->prj.cfg.nlangs;
	char **names = xcalloc(nl, sizeof *names);
	search_write(&b->prj.site, b->sdocs, b->words, b->threads, &b->out,
		     b->clean ? b->lang_dirty : NULL, names, d);
	for (size_t l = 0; b->clean && l < nl; l++)
		if (!b->lang_dirty[l])
			names[l] = S_kept_manifest(b, l);
	/* What the next build needs to index a page without reading it.
	   Each entry names the page's hash: true whatever this build's fate. */
	for (size_t l = 0; !d->errors && l < nl; l++)
		if (!b->clean || b->lang_dirty[l])
			search_cache_save(b->out.dest, &b->prj.site, l,
					  b->sdocs + l * b->prj.site.nsets,
					  b->globals);
	struct compose_ctx c = {&b->prj.site, &b->ui, b->tmpl, b->fmt[0],
				b->coll[0],   NULL,   NULL,    NULL,
				NULL};
	struct buf html = BUF_INIT;
	for (size_t l = 0; l < nl && !d->errors; l++) {
		buf_truncate(&html, 0);
		atomic_fetch_add(&b->made, 1);
		if (compose_search(&c, l, names[l], &html, d) == 0) {
			char *path = xasprintf("%s/%s/index.html",
					       b->prj.cfg.langs[l].code,
					       SEARCH_SLUG);
			output_write(&b->out, path, html.ptr, html.len, d);
			free(path);
		}
	}
	buf_release(&html);
	for (size_t l = 0; l < nl; l++)
		free(names[l]);
	free(names);
}

static void S_search_free(struct S_build *b)
{
	for (size_t w = 0; b->words && w < b->threads; w++)
		search_words_free(b->words[w]);
	free(b->words);
	search_docs_release(b->sdocs, b->prj.site.nsets * b->prj.cfg.nlangs);
	b->sdocs = NULL;
	/* b->words stays set until here: it says the pages were counted. */
	b->words = NULL;
}

/* The site-wide files, and a vCard for each contact in each language. */
static void S_extras(struct S_build *b, struct diags *d)
{
	const struct site *s = &b->prj.site;
	struct buf x = BUF_INIT;
	extras_sitemap_index(s, &x);
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
			/* The date line as the page in language l shows it.
			 * The pool is done: the first thread's formatters
			 * are free to use. */
			const struct page *p = tset_page(t, l);
			char *note = NULL;
			if (p->fm.updated) {
				const char *label =
				    strings_get(&b->ui, l, "updated");
				char *date =
				    format_date(b->fmt[0][l], p->fm.updated);
				note = xasprintf("%s: %s", label ? label : "",
						 date);
				free(date);
			}
			extras_vcard(p, note, &x);
			free(note);
			char *path =
			    extras_vcard_path(b->prj.cfg.langs[l].code, t->rel);
			output_write(&b->out, path, x.ptr, x.len, d);
			free(path);
			buf_truncate(&x, 0);
		}
	}
	buf_release(&x);
}

/* Runs fn over n items in the pool, then checks the links to anchors that
 * the items recorded (every page's headings are known now) and moves every
 * item's diagnostics into d in item order. */
static void S_stage(struct S_build *b, size_t n,
		    void (*fn)(void *, size_t, size_t), struct diags *d)
{
	b->per_item = xcalloc(n ? n : 1, sizeof *b->per_item);
	b->later = xcalloc(n ? n : 1, sizeof *b->later);
	pool_run(b->threads, n, fn, b);
	for (size_t i = 0; i < n; i++) {
		/* A page kept from the previous build has no anchors
		   yet. */
		if (b->clean)
			links_need_anchors(&b->later[i]);
		links_check_later(&b->later[i], &b->per_item[i]);
		diags_move(d, &b->per_item[i]);
	}
	free(b->later);
	free(b->per_item);
	b->later = NULL;
	b->per_item = NULL;
}

/* Makes room for (or closes) each thread's ICU objects, one per language:
 * ICU's formatters and collators are not to be shared between threads. The
 * first thread's are opened here, which also tells whether ICU can format
 * and sort for every language; the others open theirs when they first need
 * them (compose.c), in parallel. */
static void S_formatters(struct S_build *b, int open, struct diags *d)
{
	if (open) {
		size_t nl = b->prj.cfg.nlangs;
		b->fmt = xcalloc(b->threads, sizeof *b->fmt);
		b->coll = xcalloc(b->threads, sizeof *b->coll);
		for (size_t w = 0; w < b->threads; w++) {
			b->fmt[w] = xcalloc(nl, sizeof **b->fmt);
			b->coll[w] = xcalloc(nl, sizeof **b->coll);
		}
		for (size_t l = 0; l < nl; l++) {
			const struct lang *lg = &b->prj.cfg.langs[l];
			b->fmt[0][l] = formatter_new(lg);
			b->coll[0][l] = collator_new(lg->locale);
			/* ICU would quietly format in English: refuse. */
			if (!b->fmt[0][l] || !b->coll[0][l])
				diags_add(d, SEV_ERROR, "content/site.yaml", 0,
					  0,
					  "ICU cannot format or sort for '%s'",
					  lg->format_locale);
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

/* A build replaces the output folder as a whole, by renaming in its parent.
 * The kernel refuses that for a mount point (EBUSY, or EXDEV across file
 * systems), which would be found only after every page was written: so it is
 * checked first, by comparing the folder's device with its parent's. */
static int S_mount_point(const char *out, struct diags *d)
{
	struct stat st, up;
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0; /* the build creates it, or reports why not */
	char *parent = xasprintf("%s/..", out);
	int at_mount = stat(parent, &up) == 0 &&
		       (st.st_dev != up.st_dev || st.st_ino == up.st_ino);
	free(parent);
	if (at_mount)
		diags_add(d, SEV_ERROR, out, 0, 0,
			  "the output folder is a mount point, which a build "
			  "cannot replace as a whole: give -o a folder inside "
			  "it, such as '%s/site'",
			  out);
	return at_mount;
}

enum build_status build_site(const struct build_opts *o, struct build_stats *st,
			     struct diags *d)
{
	struct S_build b;
	memset(&b, 0, sizeof b);
	memset(st, 0, sizeof *st);
	b.writing = o->write;
	b.progress = o->progress;
	b.stop = o->stop;
	b.started = S_now();
	b.threads = o->jobs ? o->jobs : pool_cpus();
	enum build_status status = BUILD_ERRORS;

	if (b.writing && S_mount_point(o->out, d))
		return BUILD_IO;
	/* One build at a time writes an output folder, from its check of the
	 * record to the new record. */
	int lock = -1;
	struct state_inputs *taken = NULL;
	uint64_t *strings = NULL; /* [language]: its UI strings' hash */
	if (b.writing &&
	    (lock = output_lock(o->out, o->waiting, o->waiting_arg, d)) < 0) {
		st->seconds = S_now() - b.started;
		return BUILD_IO;
	}

	/* Nothing changed since the output was built: say so and stop. */
	if (b.writing && state_current(o->out, st, d)) {
		output_unlock(lock);
		st->nothing_changed = 1;
		st->seconds = S_now() - b.started;
		diags_sort(d);
		return o->werror && d->warnings ? BUILD_ERRORS : BUILD_OK;
	}
	/* Before anything is read: what the record will say was read. */
	struct page_cache *pages = NULL;
	uint64_t read_with = 0; /* what every page's loading depends on */
	struct timespec began;
	clock_gettime(CLOCK_REALTIME, &began);
	page_changed_clear();
	if (b.writing) {
		taken = state_inputs_take();
		read_with = state_inputs_globals(taken, "content/site.yaml");
		pages = page_cache_load(o->out, read_with);
	}

	/* A build lets go of each page's text once it is loaded, and the
	   items that show a page read it again, one page at a time: it holds
	   only what other pages need. */
	enum build_status loaded =
	    project_load_cached(&b.prj, b.threads, pages, b.writing, d);
	if (loaded != BUILD_OK && !b.prj.cfg.nlangs) {
		page_cache_free(pages);
		project_release(&b.prj);
		state_inputs_free(taken);
		output_unlock(lock);
		diags_sort(d);
		st->seconds = S_now() - b.started;
		return BUILD_ERRORS;
	}
	st->languages = b.prj.cfg.nlangs;
	if (b.prj.site.cfg) /* the pages were read */
		coverage_report(&b.prj.site, b.threads, d);
	/* Once for the whole build, so that a build running past midnight
	 * dates every page alike. */
	if (b.prj.cfg.age_years && b.prj.site.cfg &&
	    (age_build_date(b.today, d) < 0 ||
	     age_check_site(&b.prj.site, d) < 0))
		*b.today = '\0';
	strings_load(&b.ui, &b.prj.cfg, "translations", d);
	b.tmpl = tmpl_load("templates", d);
	/* Said once here, rather than once for every page. */
	if (b.tmpl && !tmpl_has(b.tmpl, "page.xhtml"))
		diags_add(d, SEV_ERROR, "templates/page.xhtml", 0, 0,
			  "missing: every page is written with this template");
	S_formatters(&b, 1, d);
	if (!d->errors) {
		/* Before the pages: their links look the files up. */
		assets_scan(&b.assets, &b.prj.cfg, b.threads,
			    b.prj.cfg.image_budget, d);
		b.prj.site.assets = &b.assets;
	}

	st->sources = b.prj.site.npages;
	for (size_t i = 0; i < b.prj.site.npages; i++)
		st->read += b.prj.site.pages[i]->record == NULL;

	if (d->errors || !b.tmpl)
		goto done;
	if (b.writing && output_begin(&b.out, o->out, d) < 0) {
		output_release(&b.out);
		status = BUILD_IO;
		goto done;
	}
	/* Every set in every language; a 404 page, a feed and a sitemap per
	 * language; and the root's language chooser last. */
	b.nitems = (b.prj.site.nsets + 3) * b.prj.cfg.nlangs + 1;
	b.html = xcalloc(b.threads, sizeof *b.html);
	for (size_t w = 0; w < b.threads; w++)
		buf_init(&b.html[w]);
	if (b.writing) {
		b.globals = state_inputs_globals(taken, NULL) ^
			    fnv1a64(b.today, strlen(b.today));
		S_unchanged(&b, o->out, taken, &strings);
	}
	if (b.writing && !b.prj.cfg.no_search) {
		b.words = xcalloc(b.threads, sizeof *b.words);
		for (size_t w = 0; w < b.threads; w++)
			b.words[w] = search_words_new(&b.prj.cfg);
		b.sdocs = xcalloc(b.prj.site.nsets * b.prj.cfg.nlangs + 1,
				  sizeof *b.sdocs);
	}
	for (size_t i = 0; i < b.prj.site.nsets * b.prj.cfg.nlangs; i++)
		atomic_fetch_add(
		    &tset_page(b.prj.site.sets[i % b.prj.site.nsets],
			       i / b.prj.site.nsets)
			 ->readers,
		    1);
	S_stage(&b, b.nitems, S_render_one, d);
	if (b.words && !d->errors && !(b.stop && atomic_load(b.stop)))
		S_search(&b, d);
	for (size_t w = 0; w < b.threads; w++)
		buf_release(&b.html[w]);
	free(b.html);
	if (b.stop && atomic_load(b.stop))
		diags_add(d, SEV_ERROR, NULL, 0, 0,
			  "the build was stopped before it was done");
	if (page_changed())
		diags_add(d, SEV_ERROR, NULL, 0, 0,
			  "a page changed while the build ran: build again");
	if (b.shown > 0)
		fputs("\r\033[K", stderr); /* the summary takes its place */
	/* HTML pages: every set in every language, the 404s and the search
	 * pages, the chooser. */
	st->pages = (b.prj.site.nsets + 1 + (b.words != NULL)) * b.prj.cfg.nlangs + 1;
	S_search_free(&b);
	if (b.writing && !d->errors) {
		output_copy_tree(&b.out, "templates/assets", "assets", d);
		assets_write(&b.assets, &b.out, d);
		S_extras(&b, d);
	}
	if (b.writing) {
		st->written = atomic_load(&b.out.written);
		st->unchanged = atomic_load(&b.out.kept);
		st->made = atomic_load(&b.made);
		if (d->errors || (o->werror && d->warnings)) {
			output_abort(&b.out);
		} else {
			state_forget(o->out);
			deps_forget(o->out);
			if (output_commit(&b.out, d) < 0) {
				output_release(&b.out);
				status = BUILD_IO;
				goto done;
			}
			diags_sort(d);
			deps_next_save(b.next, b.env, o->out, b.globals,
				       &b.out, S_index_file);
			page_cache_save(o->out, &b.prj.site, read_with,
					&began);
			state_save(o->out, taken, &b.prj.site, &b.out, st,
				   *b.today ? b.today : NULL, d);
		}
		output_release(&b.out);
	}
	if (!d->errors && !(o->werror && d->warnings))
		status = BUILD_OK;
done:
	for (size_t i = 0; i < b.prj.site.npages; i++)
		b.prj.site.pages[i]->record = NULL;
	page_cache_free(pages);
	deps_next_free(b.next);
	deps_prev_free(b.prev);
	deps_env_free(b.env);
	free(b.clean);
	for (size_t l = 0; b.wcache && l < b.prj.cfg.nlangs; l++)
		search_cache_free(b.wcache[l]);
	free(b.wcache);
	free(b.lang_dirty);
	free(strings);
	S_search_free(&b);
	state_inputs_free(taken);
	output_unlock(lock);
	S_formatters(&b, 0, NULL);
	b.prj.site.assets = NULL;
	assets_release(&b.assets);
	diags_sort(d);
	tmpl_free(b.tmpl);
	strings_release(&b.ui);
	project_release(&b.prj);
	st->seconds = S_now() - b.started;
	return status;
}
