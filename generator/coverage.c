/* Stale and missing translations as messages at the lines an editor opens:
 * a stale one at its 'source:' value, the one thing to change once the
 * translation is brought up to date; a missing one at the source page, where
 * the work begins. The state itself is status.c's. */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hmap.h"
#include "pool.h"
#include "status.h"

/* Where the value of the top-level 'source:' line of the front matter is
 * (1-based line and column), or line 1, column 1 (the opening '---') when
 * there is none. Keys are ASCII, so bytes are characters up to the value. */
static void S_source_line(const struct page *p, int *line, int *col)
{
	*line = 1;
	*col = 1;
	page_text(p); /* a page the build took from its record */
	const char *s = p->text, *end = p->text ? p->text + p->len : NULL;
	if (!s)
		return;
	int n = 1;
	const char *eol = memchr(s, '\n', (size_t)(end - s));
	for (s = eol ? eol + 1 : end, n = 2; s < end; n++) {
		eol = memchr(s, '\n', (size_t)(end - s));
		size_t len = (size_t)((eol ? eol : end) - s);
		if (len >= 3 && memcmp(s, "---", 3) == 0)
			return;
		if (len >= 7 && memcmp(s, "source:", 7) == 0) {
			size_t i = 7;
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			*line = n;
			*col = i < len ? (int)i + 1 : 1;
			return;
		}
		s = eol ? eol + 1 : end;
	}
}

/* The file of set t in language code: content/<code>/<dir><name>.md. */
static char *S_path_in(const struct page *sp, const char *code)
{
	const char *slash = strrchr(sp->path, '/');
	return xasprintf("content/%s/%s%s", code, sp->dir,
			 slash ? slash + 1 : sp->path);
}

static enum severity S_sev(enum gap_policy g)
{
	return g == GAP_ERROR ? SEV_ERROR : SEV_WARNING;
}

static void S_stale(const struct site *s, const struct page *p,
		    const struct page *sp, struct diags *d)
{
	enum severity sev = S_sev(s->cfg->stale);
	if (!p->fm.source) {
		diags_add(d, sev, p->path, 1, 1,
			  "translation records no 'source:', so it may not "
			  "match '%s' (check it against that page, then mark "
			  "it current with 'skylt status --mark %s')",
			  sp->path, p->path);
		return;
	}
	int line, col;
	S_source_line(p, &line, &col);
	diags_add(d, sev, p->path, line, col,
		  "translation is stale: '%s' has changed since it was "
		  "translated (update the translation, then mark it current "
		  "with 'skylt status --mark %s')",
		  sp->path, p->path);
}

struct S_ctx {
	const struct site *s;
	const struct hmap *failed;
	struct diags *per_set;
};

/* One set: its stale translations, and its missing ones in one message. */
static void S_set(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	const struct S_ctx *x = ctx;
	const struct site *s = x->s;
	const struct config *cfg = s->cfg;
	const struct tset *t = s->sets[i];
	const struct page *sp = t->by_lang[cfg->source];
	struct diags *d = &x->per_set[i];
	if (!sp)
		return; /* no source: model.c has said so */
	size_t missing = 0;
	const char *one = NULL;
	struct buf langs = BUF_INIT;
	for (size_t l = 0; l < cfg->nlangs; l++) {
		enum tr_state st = tr_state_of(s, t, l);
		if (st == TR_SOURCE || st == TR_CURRENT || st == TR_ORPHAN)
			continue;
		if (st != TR_MISSING) {
			if (cfg->stale != GAP_IGNORE)
				S_stale(s, t->by_lang[l], sp, d);
			continue;
		}
		if (cfg->missing == GAP_IGNORE || l == cfg->source)
			continue;
		if (x->failed->n) {
			char *key = xasprintf("%zu/%s", l, t->rel);
			int broken = hmap_get(x->failed, key) != NULL;
			free(key);
			if (broken)
				continue;
		}
		buf_printf(&langs, "%s%s", missing ? ", " : "",
			   cfg->langs[l].code);
		one = cfg->langs[l].code;
		missing++;
	}
	if (missing) {
		char *path = S_path_in(sp, missing == 1 ? one : "<code>");
		diags_add(d, S_sev(cfg->missing), sp->path, 1, 1,
			  "not translated into %s: %s show%s this page in '%s' "
			  "with a notice (translate it into %s, then mark %s "
			  "current with 'skylt status --mark %s')",
			  langs.ptr, missing == 1 ? "that language" : "they",
			  missing == 1 ? "s" : "", cfg->langs[cfg->source].code,
			  path, missing == 1 ? "it" : "each", path);
		free(path);
	}
	buf_release(&langs);
}

void coverage_report(const struct site *s, size_t threads, struct diags *d)
{
	const struct config *cfg = s->cfg;
	if (cfg->stale == GAP_IGNORE && cfg->missing == GAP_IGNORE)
		return;
	/* Pages that failed to load are in no set: remember them, so that a
	 * translation with an error is not also reported missing. */
	struct hmap failed;
	hmap_init(&failed);
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i]->failed) {
			char *key = xasprintf("%zu/%s", s->pages[i]->lang,
					      s->pages[i]->rel);
			hmap_put(&failed, key, s->pages[i]);
			free(key);
		}
	/* Each translation's state hashes its source's text: in the pool,
	 * each set to its own diagnostics, merged in set order. */
	struct S_ctx x = {s, &failed,
			  xcalloc(s->nsets ? s->nsets : 1, sizeof *x.per_set)};
	pool_run(threads, s->nsets, S_set, &x);
	for (size_t i = 0; i < s->nsets; i++)
		diags_move(d, &x.per_set[i]);
	free(x.per_set);
	hmap_release(&failed);
}
