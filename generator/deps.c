/* The record is a text file, one fact per line:
 *
 *   skylt-deps 1
 *   globals HASH
 *   view HASH                           deps_site_view
 *   name KIND NAME                      a part, numbered from 0 in order
 *   page SIZE MTIME_S MTIME_NS KEY REL<TAB>PART,PART,…
 *   warning LINE COL PATH<TAB>MESSAGE   of the page above
 *   file SIZE MTIME_S MTIME_NS REL      another file that can be kept
 *
 * It is written before the build state (state.c) and forgotten with it, so
 * a record is trusted only while the state that describes the same output
 * is there. */
#include "deps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "hmap.h"
#include "model.h"
#include "output.h"

static _Thread_local struct deps_list *S_listener;

void deps_listen(struct deps_list *l) { S_listener = l; }

void deps_note(char kind, const char *name)
{
	struct deps_list *l = S_listener;
	if (!l)
		return;
	/* A page reads the same few parts again and again (its UI strings
	   at every label): the last few are not noted twice. */
	for (size_t i = l->n, k = 0; i > 0 && k < 4; i--, k++)
		if (l->v[i - 1].kind == kind && l->v[i - 1].name == name)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct dep){kind, name};
}

const char *deps_lang(size_t lang)
{
	static const char *const names[] = {
	    "0",  "1",	"2",  "3",  "4",  "5",	"6",  "7",  "8",  "9",	"10",
	    "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21",
	    "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"};
	return lang < sizeof names / sizeof *names ? names[lang] : "many";
}

void deps_list_release(struct deps_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Hashes of the parts -------------------------------------------------- */

struct deps_env {
	const struct site *s;
	uint64_t globals;
	const uint64_t *strings;
	struct hmap cache; /* name -> struct S_hashes* */
};

/* A name's hashes, one per kind, each computed when first asked for. */
static const char S_kinds[] = "TVCPNGS";
#define S_NKINDS (sizeof S_kinds - 1)
struct S_hashes {
	uint64_t h[S_NKINDS];
	unsigned char known[S_NKINDS];
};

struct deps_env *deps_env_new(const struct site *s, uint64_t globals,
			      const uint64_t *strings)
{
	struct deps_env *e = xcalloc(1, sizeof *e);
	e->s = s;
	e->globals = globals;
	e->strings = strings;
	hmap_init(&e->cache);
	return e;
}

void deps_env_free(struct deps_env *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->cache.cap; i++)
		if (e->cache.slots[i].key)
			free(e->cache.slots[i].val);
	hmap_release(&e->cache);
	free(e);
}

/* FNV-1a, continued: h is the hash so far. */
static uint64_t S_mix(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t S_mix_str(uint64_t h, const char *s)
{
	return S_mix(h, s, strlen(s) + 1); /* the NUL ends it */
}

static uint64_t S_mix_u64(uint64_t h, uint64_t v) { return S_mix(h, &v, sizeof v); }

#define S_START 14695981039346656037ULL

static uint64_t S_sets(uint64_t h, struct tset *const *v, size_t n)
{
	h = S_mix_u64(h, n);
	for (size_t i = 0; i < n; i++)
		h = S_mix_str(h, v[i]->rel);
	return h;
}

static uint64_t S_compute(const struct deps_env *e, char kind, const char *name)
{
	const struct site *s = e->s;
	uint64_t h = S_mix(S_START, &kind, 1);
	const struct tset *t = NULL;
	switch (kind) {
	case DEP_TEXT:
	case DEP_VIEW:
	case DEP_CHILDREN:
	case DEP_PARENT:
		t = site_find(s, name);
		if (!t)
			return S_mix_str(h, "absent");
		break;
	default:
		break;
	}
	switch (kind) {
	case DEP_TEXT:
		for (size_t l = 0; l < s->cfg->nlangs; l++) {
			const struct page *p = t->by_lang[l];
			h = S_mix_str(h, p ? p->hash : "-");
		}
		return h;
	case DEP_VIEW:
		for (size_t l = 0; l < s->cfg->nlangs; l++) {
			const struct page *p = t->by_lang[l];
			if (!p) {
				h = S_mix_str(h, "-");
				continue;
			}
			/* The front matter and nothing after it. */
			h = S_mix_u64(h, p->fm_hash);
		}
		return h;
	case DEP_CHILDREN:
		return S_sets(h, t->children, t->nchildren);
	case DEP_PARENT:
		for (const struct tset *a = t->parent; a; a = a->parent)
			h = S_mix_str(h, a->rel);
		return h;
	case DEP_NAV:
		h = S_sets(h, s->nav, s->nnav);
		return S_sets(h, s->footer, s->nfooter);
	case DEP_TERMS:
		return S_sets(h, s->terms, s->nterms);
	case DEP_STRINGS: {
		size_t l = (size_t)strtoul(name, NULL, 10);
		return S_mix_u64(h, l < s->cfg->nlangs ? e->strings[l] : 0);
	}
	default:
		return S_mix_str(h, "unknown");
	}
}

static uint64_t S_hash(struct deps_env *e, char kind, const char *name)
{
	const char *at = strchr(S_kinds, kind);
	if (!kind || !at)
		return S_compute(e, kind, name);
	size_t k = (size_t)(at - S_kinds);
	struct S_hashes *v = hmap_get(&e->cache, name);
	if (!v) {
		v = xcalloc(1, sizeof *v);
		hmap_put(&e->cache, name, v);
	}
	if (!v->known[k]) {
		v->h[k] = S_compute(e, kind, name);
		v->known[k] = 1;
	}
	return v->h[k];
}

uint64_t deps_site_view(struct deps_env *e)
{
	uint64_t h = S_START;
	for (size_t i = 0; i < e->s->nsets; i++) {
		h = S_mix_str(h, e->s->sets[i]->rel);
		h = S_mix_u64(h, S_hash(e, DEP_VIEW, e->s->sets[i]->rel));
	}
	for (size_t l = 0; l < e->s->cfg->nlangs; l++)
		h = S_mix_u64(h, e->strings[l]);
	return h;
}

/* A page's key: each part's kind, name and hash mixed on their own, then
 * those in the order of the parts. */
static uint64_t S_key(struct deps_env *e, const struct dep *v, size_t n)
{
	uint64_t key = S_mix_u64(S_START, e->globals);
	for (size_t i = 0; i < n; i++) {
		uint64_t h = S_mix(S_START, &v[i].kind, 1);
		h = S_mix_str(h, v[i].name);
		key = S_mix_u64(key, S_mix_u64(h, S_hash(e, v[i].kind, v[i].name)));
	}
	return key;
}

/* The previous record ------------------------------------------------- */

struct deps_entry {
	char *rel;
	uint64_t key;
	off_t size;
	struct timespec mtime;
	size_t *parts, nparts; /* indexes into the record's names */
	struct diags warnings;
	const struct deps_prev *owner;
};

struct deps_prev {
	struct dep *names; /* names owned here (the const is for struct dep) */
	size_t nnames;
	/* Each name's part of a key (kind, name, hash), once computed. */
	uint64_t *mixed;
	unsigned char *mixed_known;
	struct deps_entry *v;
	size_t n;
	struct hmap by_rel; /* rel -> struct deps_entry* */
	struct deps_entry *files; /* other files: rel, size and time */
	size_t nfiles;
	uint64_t view;
};


void deps_forget(const char *dest)
{
	char *path = output_cache_path(dest, "deps");
	unlink(path);
	free(path);
}

void deps_prev_free(struct deps_prev *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nnames; i++)
		free((char *)p->names[i].name);
	free(p->names);
	free(p->mixed);
	free(p->mixed_known);
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].rel);
		free(p->v[i].parts);
		diags_release(&p->v[i].warnings);
	}
	free(p->v);
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i].rel);
	free(p->files);
	hmap_release(&p->by_rel);
	free(p);
}

static int S_parse_page(struct deps_prev *p, char *line)
{
	unsigned long long size, sec, nsec, key;
	int off = 0;
	if (sscanf(line, "page %llu %llu %llu %llx %n", &size, &sec, &nsec,
		   &key, &off) != 4 ||
	    !off)
		return -1;
	char *rel = line + off, *tab = strchr(rel, '\t');
	if (!tab)
		return -1;
	*tab = '\0';
	struct deps_entry *x = &p->v[p->n];
	memset(x, 0, sizeof *x);
	x->rel = xstrdup(rel);
	x->key = key;
	x->size = (off_t)size;
	x->mtime.tv_sec = (time_t)sec;
	x->mtime.tv_nsec = (long)nsec;
	x->owner = p;
	diags_init(&x->warnings);
	size_t cap = 0;
	for (char *q = tab + 1; *q;) {
		char *end;
		unsigned long i = strtoul(q, &end, 10);
		if (end == q || i >= p->nnames) {
			free(x->rel);
			free(x->parts);
			return -1;
		}
		if (x->nparts == cap) {
			cap = cap ? 2 * cap : 16;
			x->parts = xrealloc(x->parts, cap * sizeof *x->parts);
		}
		x->parts[x->nparts++] = i;
		q = *end == ',' ? end + 1 : end;
	}
	p->n++;
	return 0;
}

struct deps_prev *deps_prev_load(const char *dest, uint64_t globals)
{
	char *path = output_cache_path(dest, "deps");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	struct deps_prev *p = xcalloc(1, sizeof *p);
	hmap_init(&p->by_rel);
	size_t names_cap = 0, cap = 0, files_cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	int ok = 1, lines = 0;
	while (ok && (len = getline(&line, &linecap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		unsigned long long v[3];
		int off = 0;
		if (lines++ == 0) {
			ok = strcmp(line, "skylt-deps 1") == 0;
		} else if (sscanf(line, "globals %llx", &v[0]) == 1) {
			ok = v[0] == globals;
		} else if (sscanf(line, "view %llx", &v[0]) == 1) {
			p->view = v[0];
		} else if (strncmp(line, "name ", 5) == 0 && len >= 7) {
			if (p->nnames == names_cap) {
				names_cap = names_cap ? 2 * names_cap : 256;
				p->names = xrealloc(
				    p->names, names_cap * sizeof *p->names);
			}
			p->names[p->nnames++] =
			    (struct dep){line[5], xstrdup(line + 7)};
		} else if (sscanf(line, "file %llu %llu %llu %n", &v[0], &v[1],
				  &v[2], &off) == 3 &&
			   off) {
			if (p->nfiles == files_cap) {
				files_cap = files_cap ? 2 * files_cap : 64;
				p->files = xrealloc(
				    p->files, files_cap * sizeof *p->files);
			}
			struct deps_entry *x = &p->files[p->nfiles++];
			memset(x, 0, sizeof *x);
			x->rel = xstrdup(line + off);
			x->size = (off_t)v[0];
			x->mtime.tv_sec = (time_t)v[1];
			x->mtime.tv_nsec = (long)v[2];
		} else if (strncmp(line, "page ", 5) == 0) {
			if (p->n == cap) {
				cap = cap ? 2 * cap : 256;
				p->v = xrealloc(p->v, cap * sizeof *p->v);
			}
			ok = S_parse_page(p, line) == 0;
		} else if (sscanf(line, "warning %llu %llu %n", &v[0], &v[1],
				  &off) == 2 &&
			   off && p->n) {
			char *tab = strchr(line + off, '\t');
			ok = tab != NULL;
			if (tab) {
				*tab = '\0';
				diags_add(&p->v[p->n - 1].warnings, SEV_WARNING,
					  line + off, (int)v[0], (int)v[1],
					  "%s", tab + 1);
			}
		} else {
			ok = 0;
		}
	}
	free(line);
	fclose(f);
	if (!ok || !lines) {
		deps_prev_free(p);
		return NULL;
	}
	for (size_t i = 0; i < p->n; i++)
		hmap_put(&p->by_rel, p->v[i].rel, &p->v[i]);
	p->mixed = xcalloc(p->nnames ? p->nnames : 1, sizeof *p->mixed);
	p->mixed_known = xcalloc(p->nnames ? p->nnames : 1, 1);
	return p;
}

const struct deps_entry *deps_prev_clean(struct deps_prev *p,
					 struct deps_env *e, const char *rel)
{
	const struct deps_entry *x = p ? hmap_get(&p->by_rel, rel) : NULL;
	if (!x)
		return NULL;
	/* As S_key, with each name's part computed once for all pages. */
	uint64_t key = S_mix_u64(S_START, e->globals);
	for (size_t i = 0; i < x->nparts; i++) {
		size_t k = x->parts[i];
		if (!p->mixed_known[k]) {
			const struct dep *d = &p->names[k];
			uint64_t h = S_mix(S_START, &d->kind, 1);
			h = S_mix_str(h, d->name);
			p->mixed[k] = S_mix_u64(h, S_hash(e, d->kind, d->name));
			p->mixed_known[k] = 1;
		}
		key = S_mix_u64(key, p->mixed[k]);
	}
	return key == x->key ? x : NULL;
}

uint64_t deps_prev_view(const struct deps_prev *p) { return p->view; }

int deps_prev_knows(const struct deps_prev *p, const char *rel)
{
	return hmap_get(&p->by_rel, rel) != NULL;
}

size_t deps_prev_pages(const struct deps_prev *p) { return p->n; }

int deps_prev_files(const struct deps_prev *p, const char *prefix,
		    int (*fn)(void *arg, const char *rel, off_t size,
			      const struct timespec *mtime),
		    void *arg)
{
	size_t len = strlen(prefix);
	for (size_t i = 0; i < p->nfiles; i++) {
		const struct deps_entry *x = &p->files[i];
		if (strncmp(x->rel, prefix, len) == 0) {
			int rc = fn(arg, x->rel, x->size, &x->mtime);
			if (rc)
				return rc;
		}
	}
	return 0;
}

void deps_entry_file(const struct deps_entry *x, off_t *size,
		     struct timespec *mtime)
{
	*size = x->size;
	*mtime = x->mtime;
}

void deps_entry_warnings(const struct deps_entry *x, struct diags *d)
{
	for (size_t i = 0; i < x->warnings.n; i++) {
		const struct diag *g = &x->warnings.v[i];
		diags_add(d, g->sev, g->path, g->line, g->col, "%s", g->msg);
	}
}

/* This build's record ------------------------------------------------- */

struct S_slot {
	const struct deps_entry *kept; /* or: */
	char *rel;
	struct deps_list parts;
	struct diags warnings;
};

struct deps_next {
	struct S_slot *v;
	size_t n;
};

struct deps_next *deps_next_new(size_t nslots)
{
	struct deps_next *n = xcalloc(1, sizeof *n);
	n->v = xcalloc(nslots ? nslots : 1, sizeof *n->v);
	n->n = nslots;
	return n;
}

void deps_next_free(struct deps_next *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		free(n->v[i].rel);
		deps_list_release(&n->v[i].parts);
		diags_release(&n->v[i].warnings);
	}
	free(n->v);
	free(n);
}

void deps_next_keep(struct deps_next *n, size_t slot,
		    const struct deps_entry *x)
{
	n->v[slot].kept = x;
}

static int S_dep_cmp(const void *a, const void *b)
{
	const struct dep *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

void deps_next_made(struct deps_next *n, size_t slot, const char *rel,
		    struct deps_list *l, const struct diags *d)
{
	struct S_slot *s = &n->v[slot];
	s->rel = xstrdup(rel);
	/* Sorted, each part once: the key does not depend on the order in
	   which a page happened to read them. */
	qsort(l->v, l->n, sizeof *l->v, S_dep_cmp);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (!k || S_dep_cmp(&l->v[k - 1], &l->v[i]))
			l->v[k++] = l->v[i];
	l->n = k;
	/* Kept to the end of the build: no room to spare. */
	l->v = xrealloc(l->v, (k ? k : 1) * sizeof *l->v);
	l->cap = k;
	s->parts = *l;
	memset(l, 0, sizeof *l);
	diags_init(&s->warnings);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->sev == SEV_WARNING)
			diags_add(&s->warnings, g->sev, g->path, g->line,
				  g->col, "%s", g->msg);
	}
}

/* The index of a part in the names written so far, adding it. */
static size_t S_name(struct hmap *names, size_t *count, struct buf *b,
		     char kind, const char *name)
{
	char *key = xasprintf("%c %s", kind, name);
	size_t *v = hmap_get(names, key);
	if (!v) {
		v = xmalloc(sizeof *v);
		*v = (*count)++;
		hmap_put(names, key, v);
		buf_printf(b, "name %s\n", key);
	}
	free(key);
	return *v;
}

/* The index of rel among o's files (sorted), or -1. */
static long S_find_file(const struct output *o, const char *rel)
{
	size_t lo = 0, hi = output_count(o);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(output_path(o, mid), rel);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int S_plain(const char *s) { return !strchr(s, '\n') && !strchr(s, '\t'); }

void deps_next_save(struct deps_next *n, struct deps_env *e, const char *dest,
		    uint64_t globals, const struct output *o,
		    int (*also)(const char *rel))
{
	struct buf b = BUF_INIT, pages = BUF_INIT;
	struct hmap names;
	hmap_init(&names);
	size_t count = 0;
	int ok = 1;
	buf_printf(&b, "skylt-deps 1\nglobals %016llx\nview %016llx\n",
		   (unsigned long long)globals,
		   (unsigned long long)deps_site_view(e));
	/* The previous record's names first, in their order: a kept page's
	   parts keep their numbers. */
	const struct deps_prev *prev = NULL;
	for (size_t i = 0; !prev && i < n->n; i++)
		if (n->v[i].kept)
			prev = n->v[i].kept->owner;
	for (size_t i = 0; prev && i < prev->nnames; i++) {
		ok &= S_plain(prev->names[i].name);
		S_name(&names, &count, &b, prev->names[i].kind,
		       prev->names[i].name);
	}
	for (size_t i = 0; ok && i < n->n; i++) {
		const struct S_slot *s = &n->v[i];
		const char *rel = s->kept ? s->kept->rel : s->rel;
		if (!rel)
			continue; /* not a page, or not written */
		long f = S_find_file(o, rel);
		if (f < 0 || !S_plain(rel))
			continue; /* rendered again next time */
		off_t size;
		struct timespec mtime;
		output_stat(o, (size_t)f, &size, &mtime);
		uint64_t key;
		const struct diags *w;
		size_t nparts = s->kept ? s->kept->nparts : s->parts.n;
		size_t *idx = xcalloc(nparts ? nparts : 1, sizeof *idx);
		if (s->kept) {
			if (nparts)
				memcpy(idx, s->kept->parts,
				       nparts * sizeof *idx);
			key = s->kept->key;
			w = &s->kept->warnings;
		} else {
			for (size_t k = 0; k < nparts; k++) {
				const struct dep *d = &s->parts.v[k];
				ok &= S_plain(d->name);
				idx[k] = S_name(&names, &count, &b, d->kind,
						d->name);
			}
			key = S_key(e, s->parts.v, s->parts.n);
			w = &s->warnings;
		}
		buf_printf(&pages, "page %llu %llu %llu %016llx %s\t",
			   (unsigned long long)size,
			   (unsigned long long)mtime.tv_sec,
			   (unsigned long long)mtime.tv_nsec,
			   (unsigned long long)key, rel);
		for (size_t k = 0; k < nparts; k++)
			buf_printf(&pages, k ? ",%zu" : "%zu", idx[k]);
		buf_putc(&pages, '\n');
		free(idx);
		for (size_t k = 0; k < w->n; k++) {
			const struct diag *g = &w->v[k];
			ok &= S_plain(g->msg) && !strchr(g->path, '\t');
			buf_printf(&pages, "warning %d %d %s\t%s\n", g->line,
				   g->col, g->path, g->msg);
		}
	}
	for (size_t i = 0; ok && i < output_count(o); i++) {
		const char *rel = output_path(o, i);
		if (!also(rel) || !S_plain(rel))
			continue;
		off_t size;
		struct timespec mtime;
		output_stat(o, i, &size, &mtime);
		buf_printf(&pages, "file %llu %llu %llu %s\n",
			   (unsigned long long)size,
			   (unsigned long long)mtime.tv_sec,
			   (unsigned long long)mtime.tv_nsec, rel);
	}
	for (size_t i = 0; i < names.cap; i++)
		if (names.slots[i].key)
			free(names.slots[i].val);
	hmap_release(&names);
	buf_put(&b, pages.ptr, pages.len);
	buf_release(&pages);
	char *path = output_cache_path(dest, "deps");
	if (ok) {
		buf_write_file(path, b.ptr, b.len);
	} else {
		unlink(path);
	}
	free(path);
	buf_release(&b);
}
