/* Reading content files. The walk collects names first and sorts them; reading
 * and parsing are per page and independent, so the caller may run them in
 * parallel. */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assets.h"
#include "buf.h"
#include "hmap.h"
#include "markdown.h"
#include "search.h"
#include "source.h"
#include "text.h"

struct S_list {
	struct page **v;
	size_t n, cap;
};

static int S_name_ok(const char *name)
{
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return name[0] != '.' && name[0] != '-';
}

static void S_push(struct S_list *l, struct page *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = p;
}

static int S_walk(size_t lang, const char *shown, const char *dir,
		  const char *sub, struct S_list *out, struct diags *d)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		diags_add(d, SEV_ERROR, shown, 0, 0, "cannot read folder: %s",
			  strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		const char *name = e->d_name;
		if (name[0] == '.')
			continue; /* hidden files and editors' swap files */
		char *full = xasprintf("%s/%s", dir, name);
		char *show = xasprintf("%s/%s", shown, name);
		char *rel =
		    *sub ? xasprintf("%s/%s", sub, name) : xstrdup(name);
		/* The folder entry's type saves a stat, where the file
		 * system gives it. */
		struct stat st;
		st.st_mode = DTTOIF(e->d_type);
		if (e->d_type == DT_UNKNOWN && lstat(full, &st) != 0) {
			diags_add(d, SEV_ERROR, show, 0, 0, "cannot read: %s",
				  strerror(errno));
			rc = -1;
		} else if (S_ISLNK(st.st_mode)) {
			/* A link could lead out of content/ and publish any
			 * file of the machine. */
			diags_add(d, SEV_ERROR, show, 0, 0,
				  "symbolic links are not followed: a page "
				  "must be a file inside content/");
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (!S_name_ok(name)) {
				diags_add(d, SEV_ERROR, show, 0, 0,
					  "folder name '%s' can only use "
					  "a-z, 0-9, '-' and '_' (it becomes "
					  "part of the URL)",
					  name);
				rc = -1;
			} else if (S_walk(lang, show, full, rel, out, d) < 0) {
				rc = -1;
			}
		} else if (S_ISREG(st.st_mode)) {
			size_t len = strlen(name);
			if (len > 3 && strcmp(name + len - 3, ".md") == 0) {
				if (!S_name_ok(name)) {
					diags_add(d, SEV_ERROR, show, 0, 0,
						  "file name '%s' can only use "
						  "a-z, 0-9, '-' and '_' (it "
						  "becomes part of the URL)",
						  name);
					rc = -1;
				} else {
					struct page *p = xcalloc(1, sizeof *p);
					p->lang = lang;
					p->path = xstrdup(show);
					p->file = xstrdup(full);
					rel[strlen(rel) - 3] = '\0';
					/* rel still starts with the folder sub.
					 */
					/* x/index.md is the page of folder x.
					 */
					size_t rl = strlen(rel);
					if (strcmp(rel, "index") == 0)
						rel[0] = '\0';
					else if (rl > 6 &&
						 strcmp(rel + rl - 6,
							"/index") == 0)
						rel[rl - 6] = '\0';
					p->dir = *sub ? xasprintf("%s/", sub)
						      : xstrdup("");
					p->rel = rel;
					rel = NULL;
					S_push(out, p);
				}
			}
		}
		free(full);
		free(show);
		free(rel);
	}
	closedir(dh);
	return rc;
}

static int S_cmp(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa;
	const struct page *b = *(struct page *const *)pb;
	int c = strcmp(a->rel, b->rel);
	if (c)
		return c;
	if (a->lang != b->lang)
		return a->lang < b->lang ? -1 : 1;
	return strcmp(a->path, b->path);
}

int pages_list(const struct config *cfg, const char *root, struct page ***out,
	       size_t *n, struct diags *d)
{
	struct S_list l = {0};
	int rc = 0;
	for (size_t i = 0; i < cfg->nlangs; i++) {
		char *dir =
		    xasprintf("%s/content/%s", root, cfg->langs[i].code);
		char *shown = xasprintf("content/%s", cfg->langs[i].code);
		struct stat st;
		int found = lstat(dir, &st) == 0;
		if (found && S_ISLNK(st.st_mode)) {
			/* As for a page: a link could publish any folder of
			 * the machine. */
			diags_add(d, SEV_ERROR, shown, 0, 0,
				  "symbolic links are not followed: a language "
				  "folder must be a folder inside content/");
			rc = -1;
		} else if (found && S_ISDIR(st.st_mode)) {
			if (S_walk(i, shown, dir, "", &l, d) < 0)
				rc = -1;
		} else if (i == cfg->source) {
			diags_add(d, SEV_ERROR, shown, 0, 0,
				  "the source language has no content folder");
			rc = -1;
		}
		free(dir);
		free(shown);
	}
	/* Folders that are no configured language are likely a typo. */
	char *content = xasprintf("%s/content", root);
	DIR *dh = opendir(content);
	if (dh) {
		struct dirent *e;
		while ((e = readdir(dh))) {
			if (e->d_name[0] == '.')
				continue;
			char *full = xasprintf("%s/%s", content, e->d_name);
			struct stat st;
			/* content/_media/ holds the files all languages
			 * share (assets.c). */
			if (stat(full, &st) == 0 && S_ISDIR(st.st_mode) &&
			    strcmp(e->d_name, ASSETS_SHARED) != 0 &&
			    config_lang_index(cfg, e->d_name) < 0) {
				char *shown =
				    xasprintf("content/%s", e->d_name);
				diags_add(d, SEV_WARNING, shown, 0, 0,
					  "folder is not a configured language "
					  "and is ignored (add it to "
					  "content/site.yaml)");
				free(shown);
			}
			free(full);
		}
		closedir(dh);
	}
	free(content);
	qsort(l.v, l.n, sizeof *l.v, S_cmp);
	/* Both x.md and x/index.md would be the page /x/. */
	for (size_t i = 1; i < l.n; i++)
		if (strcmp(l.v[i]->rel, l.v[i - 1]->rel) == 0 &&
		    l.v[i]->lang == l.v[i - 1]->lang) {
			diags_add(d, SEV_ERROR, l.v[i]->path, 0, 0,
				  "same page as '%s': keep one of them",
				  l.v[i - 1]->path);
			rc = -1;
		}
	/* Each language's search page is built at <lang>/sok/: a page there
	 * would be overwritten by it, or overwrite it. */
	for (size_t i = 0; i < l.n; i++) {
		const char *r = l.v[i]->rel;
		size_t sl = strlen(SEARCH_SLUG);
		if (strncmp(r, SEARCH_SLUG, sl) == 0 &&
		    (r[sl] == '\0' || r[sl] == '/')) {
			diags_add(d, SEV_ERROR, l.v[i]->path, 0, 0,
				  "'%s/' is the address of the search page: "
				  "give this page another name",
				  SEARCH_SLUG);
			rc = -1;
		}
	}
	*out = l.v;
	*n = l.n;
	return rc;
}

size_t page_fence(const char *p, const char *end, int closing)
{
	if (end - p < 3)
		return 0;
	if (memcmp(p, "---", 3) != 0 && !(closing && memcmp(p, "...", 3) == 0))
		return 0;
	const char *q = p + 3;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	if (q < end && *q != '\n')
		return 0;
	return (size_t)(q - p) + (q < end);
}

/* Sets p's text to a NUL-terminated copy of s[0..n): in ts's arena, or
 * malloc'd and owned by p. */
static void S_keep(struct page *p, struct text_store *ts, const char *s,
		   size_t n)
{
	char *t = ts ? arena_alloc(ts->arena, n + 1) : xmalloc(n + 1);
	memcpy(t, s, n);
	t[n] = '\0';
	p->text = t;
	p->len = n;
	p->text_owned = !ts;
}

/* Messages find their line and column through an index of the text, built
 * once, rather than by counting from the top of the file each time: a page
 * with many messages would otherwise take time quadratic in its size. */
#define S_STRIDE 256

static void S_index(struct page *p)
{
	free(p->line_at); /* a page loaded again */
	free(p->chars_at);
	size_t cap = 64;
	p->line_at = xmalloc(cap * sizeof *p->line_at);
	p->line_at[0] = 0;
	p->nlines = 1;
	p->chars_at = xmalloc((p->len / S_STRIDE + 1) * sizeof *p->chars_at);
	size_t chars = 0;
	for (size_t i = 0; i < p->len; i++) {
		if (i % S_STRIDE == 0)
			p->chars_at[i / S_STRIDE] = chars;
		unsigned char ch = (unsigned char)p->text[i];
		chars += (ch & 0xC0) != 0x80;
		if (ch == '\n') {
			if (p->nlines == cap) {
				cap *= 2;
				p->line_at = xrealloc(p->line_at,
						      cap * sizeof *p->line_at);
			}
			p->line_at[p->nlines++] = i + 1;
		}
	}
	if (p->len % S_STRIDE == 0)
		p->chars_at[p->len / S_STRIDE] = chars;
}

/* Characters in text before byte offset off. */
static size_t S_chars_before(const struct page *p, size_t off)
{
	size_t n = p->chars_at[off / S_STRIDE];
	for (size_t i = off - off % S_STRIDE; i < off; i++)
		n += ((unsigned char)p->text[i] & 0xC0) != 0x80;
	return n;
}

/* raw is the file as read, NUL-terminated; p keeps what it needs of it. */
static int S_parse(struct page *p, struct text_store *ts, const char *raw,
		   size_t rawlen, struct diags *d)
{
	long bad = utf8_invalid_at(raw, rawlen);
	if (bad >= 0) {
		/* Position the message on the offending byte; the text before
		 * it is valid, so lines and columns can be counted. */
		char *prefix = xstrndup(raw, (size_t)bad);
		int line, col;
		text_position(prefix, (size_t)bad, &line, &col);
		free(prefix);
		diags_add(d, SEV_ERROR, p->path, line, col,
			  "invalid UTF-8 (byte 0x%02x): save the file as UTF-8",
			  (unsigned char)raw[bad]);
		return -1;
	}
	snprintf(p->hash, sizeof p->hash, "%016llx",
		 (unsigned long long)fnv1a64(raw, rawlen));
	source_blob_id(raw, rawlen, p->blob);
	if (text_is_nfc(raw, rawlen)) {
		S_keep(p, ts, raw, rawlen);
	} else {
		p->text = text_nfc(raw, rawlen, &p->len);
		p->text_owned = 1;
		if (!p->text) {
			diags_add(d, SEV_ERROR, p->path, 0, 0,
				  "cannot normalise the text to NFC");
			return -1;
		}
	}
	S_index(p);
	const char *s = p->text, *end = p->text + p->len;
	/* A byte order mark from some Windows editors is harmless. */
	if (end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	size_t open = page_fence(s, end, 0);
	if (!open) {
		diags_add(d, SEV_ERROR, p->path, 1, 1,
			  "missing front matter: start the file with a line "
			  "'---', then 'title: …', then a line '---'");
		return -1;
	}
	const char *yaml = s + open, *q = yaml;
	int line = 2;
	size_t close = 0;
	while (q < end) {
		if ((close = page_fence(q, end, 1)))
			break;
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		q = nl ? nl + 1 : end;
		line++;
	}
	if (!close) {
		diags_add(d, SEV_ERROR, p->path, 1, 1,
			  "front matter is not closed: add a line '---' after "
			  "its last key");
		return -1;
	}
	struct fm_source src = {NULL, NULL, 0};
	if (p->src) {
		src.fm = &p->src->fm;
		src.path = p->src->path;
		src.failed = p->src->failed;
	}
	int rc =
	    frontmatter_parse_translation(&p->fm, yaml, (size_t)(q - yaml),
					  p->path, 2, p->src ? &src : NULL, d);
	p->body_line = line + 1;
	const char *body = q + close;
	p->body_off = (size_t)(body - p->text);
	p->has_body = 1;
	p->fm_hash = fnv1a64(p->text, p->body_off);
	return rc;
}

static pthread_mutex_t S_text_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int S_changed;

int page_changed(void) { return atomic_load(&S_changed); }

/* Frees p's text and the index of its lines, which page_text makes
 * again. */
static void S_let_go(struct page *p)
{
	if (p->text_owned)
		free(p->text);
	p->text = NULL;
	p->len = 0;
	p->text_owned = 0;
	free(p->line_at);
	free(p->chars_at);
	p->line_at = NULL;
	p->chars_at = NULL;
	p->nlines = 0;
}

void page_text_done(const struct page *cp)
{
	struct page *p = (struct page *)cp;
	if (atomic_fetch_sub(&p->readers, 1) != 1 || !p->cached)
		return;
	pthread_mutex_lock(&S_text_lock);
	S_let_go(p);
	pthread_mutex_unlock(&S_text_lock);
}

void page_drop_text(struct page *p)
{
	if (p->failed || !p->has_body || p->cached)
		return;
	S_let_go(p);
	p->cached = 1;
}

void page_changed_clear(void) { atomic_store(&S_changed, 0); }

int page_text(const struct page *cp)
{
	if (!cp->cached)
		return 0;
	struct page *p = (struct page *)cp;
	pthread_mutex_lock(&S_text_lock);
	int rc = 0;
	if (!p->text) {
		struct buf raw = BUF_INIT;
		struct stat st;
		char hash[17] = "";
		if (buf_read_file(&raw, p->file, &st) == 0)
			snprintf(hash, sizeof hash, "%016llx",
				 (unsigned long long)fnv1a64(raw.ptr, raw.len));
		if (strcmp(hash, p->hash) != 0) {
			atomic_store(&S_changed, 1);
			rc = -1;
		} else if (text_is_nfc(raw.ptr, raw.len)) {
			S_keep(p, NULL, raw.ptr, raw.len);
		} else {
			p->text = text_nfc(raw.ptr, raw.len, &p->len);
			p->text_owned = 1;
		}
		if (p->text)
			S_index(p);
		buf_release(&raw);
	}
	pthread_mutex_unlock(&S_text_lock);
	return rc;
}

int page_load(struct page *p, struct text_store *ts, struct diags *d)
{
	struct buf own = BUF_INIT;
	struct buf *raw = ts ? &ts->scratch : &own;
	int rc = -1;
	if (buf_read_file(raw, p->file, &p->st) != 0)
		diags_add(d, SEV_ERROR, p->path, 0, 0, "cannot read: %s",
			  strerror(errno));
	else
		rc = S_parse(p, ts, raw->ptr, raw->len, d);
	buf_release(&own);
	if (rc < 0)
		p->failed = 1;
	return rc;
}

struct page *page_load_file(const char *file, struct diags *d)
{
	struct page *p = xcalloc(1, sizeof *p);
	p->path = xstrdup(file);
	p->file = xstrdup(file);
	p->rel = xstrdup("");
	p->dir = xstrdup("");
	page_load(p, NULL, d);
	return p;
}

cmark_node *page_body(const struct page *p, struct diags *d)
{
	if (page_text(p) < 0)
		return NULL; /* the build fails: page_changed */
	cmark_node *doc =
	    markdown_parse(p->text + p->body_off, p->len - p->body_off);
	cmark_node *deep = markdown_too_deep(doc);
	if (!deep)
		return doc;
	if (d) {
		int line, col;
		int own = cmark_node_get_start_line(deep) > 0;
		page_srcpos(p, markdown_line(deep),
			    own ? cmark_node_get_start_column(deep) : 0, &line,
			    &col);
		diags_add(d, SEV_ERROR, p->path, line, col,
			  "nesting deeper than %d levels (block quotes, lists, "
			  "emphasis and links count alike)",
			  MARKDOWN_MAX_DEPTH);
	}
	cmark_node_free(doc);
	return NULL;
}

void page_anchors(struct page *p)
{
	anchors_release(&p->anchors);
	cmark_node *doc = page_body(p, NULL);
	if (!doc)
		return;
	anchors_compute(doc, &p->anchors);
	p->anchors_known = 1;
	cmark_node_free(doc);
}

void page_free(struct page *p)
{
	if (!p)
		return;
	free(p->rel);
	free(p->dir);
	free(p->path);
	free(p->file);
	if (p->text_owned)
		free(p->text);
	frontmatter_release(&p->fm);
	anchors_release(&p->anchors);
	diags_release(&p->warnings);
	free(p->line_at);
	free(p->chars_at);
	free(p);
}

void pages_free(struct page **pages, size_t n)
{
	for (size_t i = 0; i < n; i++)
		page_free(pages[i]);
	free(pages);
}

void page_srcpos(const struct page *p, int body_line, int byte_col, int *line,
		 int *col)
{
	*line = p->body_line + (body_line > 0 ? body_line - 1 : 0);
	if (byte_col <= 0 || !p->line_at || *line < 1 ||
	    (size_t)*line > p->nlines) {
		*col = byte_col > 0 ? byte_col : 0;
		return;
	}
	size_t start = p->line_at[*line - 1];
	size_t end = (size_t)*line < p->nlines ? p->line_at[*line] - 1 : p->len;
	size_t off = start + (size_t)(byte_col - 1);
	if (off > end)
		off = end;
	*col = (int)(S_chars_before(p, off) - S_chars_before(p, start)) + 1;
}
