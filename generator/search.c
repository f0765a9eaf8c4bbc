/* The search index: words in, shards out (doc/search.md).
 *
 * Each thread of the render stage keeps, per language, a posting list per
 * stem. A thread takes the stage's items in increasing order, so its lists
 * are in increasing document order; search_write merges the threads'. Words
 * are folded and stemmed once per thread and language (the cache), since a
 * site says the same few thousand words again and again. */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "fold.h"
#include "hmap.h"
#include "json.h"
#include "stem.h"
#include "url.h"

enum { BIT_BODY = 1, BIT_HEADING = 2, BIT_TITLE = 4 };

/* Tuning that the manifest passes on to both query sides. */
#define DOCS_PER_SHARD 64
#define SHARD_BYTES 12000
#define MIN_PREFIX 2
#define MAX_SHARDS 4
#define MIN_STEM 3
#define SHOWN 20
#define EXCERPT_BYTES 200

struct S_plist {
	char *stem;	/* owned */
	uint32_t *v;	/* doc << 3 | bits, increasing doc */
	size_t n, cap;
};

/* What one word as written becomes: its key and its stem's list, and the
 * same for its parts when it is a compound written with ZWNJ. */
struct S_word {
	size_t n;
	struct S_plist *pl[8];
	const char *s; /* the word as written (the cache's copy) */
	size_t len;
	uint64_t page; /* the page (search_words.pages) it was last seen on */
	size_t at;     /* and its place in search_words.seen there */
};

struct S_lang {
	UBreakIterator *bi; /* opened on first use */
	struct stemmer *st;
	struct hmap stems; /* stem -> struct S_plist* */
	struct hmap forms; /* key -> stem (the plist's) when they differ */
	struct S_cache {
		struct S_centry {
			uint64_t h;
			char *key; /* the word as written; NULL: empty */
			size_t len;
			struct S_word *w;
		} *v;
		size_t cap, n;
	} cache;
};

struct search_words {
	const struct config *cfg;
	struct S_lang *langs;
	size_t cur_lang;
	uint32_t cur_doc;
	struct search_doc *cur;
	struct buf key, lower, text;
	int want_excerpt;
	/* The current page's text, its fields one after another, and where
	   each ends with its bits. */
	struct buf page;
	struct S_range {
		size_t end;
		int bits;
	} *ranges;
	size_t nranges, rcap;
	UChar *u16; /* the page's text for the break iterator */
	int32_t u16cap;
	/* The current page's words, each once, with their fields' bits, in
	   the order first seen: kept in its search_doc for the next build. */
	uint64_t pages; /* pages finished, + 1 */
	struct S_seen {
		const struct S_word *wd;
		int bits;
	} *seen;
	size_t nseen, seencap;
};

struct search_words *search_words_new(const struct config *cfg)
{
	struct search_words *w = xcalloc(1, sizeof *w);
	w->cfg = cfg;
	w->pages = 1; /* no word has been seen on page 0 */
	w->langs = xcalloc(cfg->nlangs ? cfg->nlangs : 1, sizeof *w->langs);
	for (size_t i = 0; i < cfg->nlangs; i++) {
		hmap_init(&w->langs[i].stems);
		hmap_init(&w->langs[i].forms);
	}
	buf_init(&w->key);
	buf_init(&w->lower);
	buf_init(&w->text);
	buf_init(&w->page);
	return w;
}

void search_words_free(struct search_words *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->cfg->nlangs; i++) {
		struct S_lang *l = &w->langs[i];
		if (l->bi)
			ubrk_close(l->bi);
		if (l->st)
			stemmer_free(l->st);
		for (size_t k = 0; k < l->stems.cap; k++) {
			struct S_plist *pl = l->stems.slots[k].val;
			if (l->stems.slots[k].key && pl) {
				free(pl->v);
				free(pl->stem);
				free(pl);
			}
		}
		for (size_t k = 0; k < l->cache.cap; k++) {
			free(l->cache.v[k].key);
			free(l->cache.v[k].w);
		}
		free(l->cache.v);
		hmap_release(&l->stems);
		hmap_release(&l->forms); /* its values are the plists' keys */
	}
	free(w->langs);
	buf_release(&w->key);
	buf_release(&w->lower);
	buf_release(&w->text);
	buf_release(&w->page);
	free(w->ranges);
	free(w->u16);
	free(w->seen);
	free(w);
}

static struct S_plist *S_plist(struct S_lang *l, const char *stem)
{
	struct S_plist *pl = hmap_get(&l->stems, stem);
	if (!pl) {
		pl = xcalloc(1, sizeof *pl);
		pl->stem = xstrdup(stem);
		hmap_put(&l->stems, stem, pl);
	}
	return pl;
}

/* Folds and stems one word (or one part of a compound) into wd. */
static void S_learn(struct search_words *w, struct S_lang *l, const char *s,
		    size_t len, struct S_word *wd)
{
	buf_truncate(&w->key, 0);
	fold_key(s, len, &w->key);
	if (!w->key.len || wd->n == sizeof wd->pl / sizeof *wd->pl)
		return;
	char *key = xstrndup(w->key.ptr, w->key.len);
	buf_truncate(&w->lower, 0);
	fold_lower(s, len, &w->lower);
	size_t sl = 0;
	const char *stem = stemmer_stem(l->st, w->lower.ptr, w->lower.len, &sl);
	buf_truncate(&w->key, 0);
	fold_key(stem, sl, &w->key);
	struct S_plist *pl =
	    S_plist(l, w->key.len ? w->key.ptr : key);
	if (strcmp(key, pl->stem) && !hmap_get(&l->forms, key))
		hmap_put(&l->forms, key, pl->stem);
	free(key);
	for (size_t i = 0; i < wd->n; i++)
		if (wd->pl[i] == pl)
			return;
	wd->pl[wd->n++] = pl;
}

/* Every word of every page is looked up here, so the table is its own:
 * the bytes are hashed eight at a time and compared with memcmp, with no
 * copy and no terminating NUL. */
static uint64_t S_hash(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ len;
	for (; len >= 8; s += 8, len -= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
	}
	uint64_t v = 0;
	memcpy(&v, s, len);
	h = (h ^ v) * 0xC4CEB9FE1A85EC53u;
	return h ^ (h >> 29);
}

static struct S_centry *S_slot(struct S_cache *c, uint64_t h, const char *s,
			       size_t len)
{
	size_t mask = c->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct S_centry *e = &c->v[i];
		if (!e->key || (e->h == h && e->len == len &&
				!memcmp(e->key, s, len)))
			return e;
	}
}

static struct S_word *S_word(struct search_words *w, struct S_lang *l,
			     const char *s, size_t len)
{
	struct S_cache *c = &l->cache;
	uint64_t h = S_hash(s, len);
	if (c->cap) {
		struct S_centry *e = S_slot(c, h, s, len);
		if (e->key)
			return e->w;
	}
	if (2 * (c->n + 1) > c->cap) {
		struct S_cache bigger = {
		    xcalloc(c->cap ? 2 * c->cap : 1024, sizeof *c->v),
		    c->cap ? 2 * c->cap : 1024, c->n};
		for (size_t k = 0; k < c->cap; k++)
			if (c->v[k].key)
				*S_slot(&bigger, c->v[k].h, c->v[k].key,
					c->v[k].len) = c->v[k];
		free(c->v);
		*c = bigger;
	}
	struct S_word *wd = xcalloc(1, sizeof *wd);
	S_learn(w, l, s, len, wd);
	/* A compound written with ZWNJ is also each of its parts. */
	static const char zwnj[] = "\xE2\x80\x8C";
	if (memmem(s, len, zwnj, 3)) {
		const char *p = s, *end = s + len;
		while (p < end) {
			const char *q = memmem(p, (size_t)(end - p), zwnj, 3);
			if (!q)
				q = end;
			if (q > p)
				S_learn(w, l, p, (size_t)(q - p), wd);
			p = q + 3;
		}
	}
	struct S_centry *e = S_slot(c, h, s, len);
	*e = (struct S_centry){h, xstrndup(s, len), len, wd};
	wd->s = e->key;
	wd->len = len;
	c->n++;
	return wd;
}

static void S_post(struct S_plist *pl, uint32_t doc, int bits)
{
	if (pl->n && pl->v[pl->n - 1] >> 3 == doc) {
		pl->v[pl->n - 1] |= (uint32_t)bits;
		return;
	}
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 4;
		pl->v = xrealloc(pl->v, pl->cap * sizeof *pl->v);
	}
	pl->v[pl->n++] = doc << 3 | (uint32_t)bits;
}

/* The language's word breaker and stemmer, opened on first use. */
static struct S_lang *S_lang_open(struct search_words *w, size_t lang)
{
	struct S_lang *l = &w->langs[lang];
	if (!l->st) {
		UErrorCode e = U_ZERO_ERROR;
		l->bi = ubrk_open(UBRK_WORD, w->cfg->langs[lang].locale, NULL,
				  0, &e);
		l->st = stemmer_new(w->cfg->langs[lang].code);
		if (U_FAILURE(e))
			l->bi = NULL;
	}
	return l;
}

/* Posts a word of the current page, and notes it for the page's record. */
static void S_post_word(struct search_words *w, struct S_word *wd, int bits)
{
	for (size_t i = 0; i < wd->n; i++)
		S_post(wd->pl[i], w->cur_doc, bits);
	if (wd->page == w->pages) {
		w->seen[wd->at].bits |= bits;
		return;
	}
	if (w->nseen == w->seencap) {
		w->seencap = w->seencap ? 2 * w->seencap : 256;
		w->seen = xrealloc(w->seen, w->seencap * sizeof *w->seen);
	}
	wd->page = w->pages;
	wd->at = w->nseen;
	w->seen[w->nseen++] = (struct S_seen){wd, bits};
}

/* The page's record: "BITS WORD" lines. */
static void S_page_record(struct search_words *w)
{
	if (w->cur && w->nseen) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < w->nseen; i++)
			buf_printf(&b, "%d %.*s\n", w->seen[i].bits,
				   (int)w->seen[i].wd->len, w->seen[i].wd->s);
		free(w->cur->words);
		w->cur->words = buf_detach(&b);
	}
	w->nseen = 0;
	w->pages++;
}

/* Cuts the current page's text into words with ICU, in one pass (a break
 * iterator costs most where it starts), and posts each word with the bits
 * of the field it is in. */
static void S_page_done(struct search_words *w)
{
	if (!w->page.len) {
		w->nranges = 0;
		return;
	}
	struct S_lang *l = S_lang_open(w, w->cur_lang);
	UErrorCode e = U_ZERO_ERROR;
	const char *text = w->page.ptr;
	int32_t n16 = 0;
	e = U_ZERO_ERROR;
	/* The text is valid UTF-8 (the loader checked), so its UTF-16 is at
	 * most as many units as it has bytes. */
	if ((size_t)w->u16cap < w->page.len + 1) {
		w->u16cap = (int32_t)w->page.len + 1;
		w->u16 = xrealloc(w->u16, (size_t)w->u16cap * sizeof *w->u16);
	}
	u_strFromUTF8WithSub(w->u16, w->u16cap, &n16, text,
			     (int32_t)w->page.len, 0xFFFD, NULL, &e);
	if (l->bi && U_SUCCESS(e))
		ubrk_setText(l->bi, w->u16, n16, &e);
	if (!l->bi || U_FAILURE(e)) {
		buf_truncate(&w->page, 0);
		w->nranges = 0;
		return;
	}
	/* Boundaries are UTF-16 indexes: walk the UTF-8 alongside, unless
	 * as many units came out as bytes went in (ASCII), where they are
	 * the same. */
	int ascii = (size_t)n16 == w->page.len;
	int32_t at16 = 0;
	size_t at8 = 0, range = 0;
	int32_t from = ubrk_first(l->bi), to;
	size_t from8 = 0;
	for (; (to = ubrk_next(l->bi)) != UBRK_DONE; from = to) {
		if (ascii) {
			at8 = (size_t)to;
			at16 = to;
		}
		while (at16 < to) {
			unsigned char c = (unsigned char)text[at8];
			size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			at8 += len;
			at16 += len == 4 ? 2 : 1;
		}
		size_t to8 = at8;
		if (ubrk_getRuleStatus(l->bi) != UBRK_WORD_NONE) {
			while (range + 1 < w->nranges &&
			       w->ranges[range].end <= from8)
				range++;
			S_post_word(w, S_word(w, l, text + from8, to8 - from8),
				    w->ranges[range].bits);
		}
		from8 = to8;
	}
	(void)from;
	/* The iterator must not keep a pointer to the text. */
	ubrk_setText(l->bi, NULL, 0, &e);
	buf_truncate(&w->page, 0);
	w->nranges = 0;
	S_page_record(w);
}

/* Adds a field's text to the page's, as words with these bits. */
static void S_field(struct search_words *w, const char *s, size_t len,
		    int bits)
{
	if (!s || !len)
		return;
	/* A line break always separates words (UAX #29). */
	if (w->page.len)
		buf_putc(&w->page, '\n');
	buf_put(&w->page, s, len);
	if (w->nranges == w->rcap) {
		w->rcap = w->rcap ? 2 * w->rcap : 32;
		w->ranges = xrealloc(w->ranges, w->rcap * sizeof *w->ranges);
	}
	w->ranges[w->nranges].end = w->page.len;
	w->ranges[w->nranges].bits = bits;
	w->nranges++;
}

static void S_str(struct search_words *w, const char *s, int bits)
{
	if (s)
		S_field(w, s, strlen(s), bits);
}

/* The search_doc of set doc in language lang, but its excerpt and words. */
static const struct page *S_doc(const struct site *s, size_t doc, size_t lang,
				struct search_doc *out)
{
	const struct config *cfg = s->cfg;
	const struct tset *t = s->sets[doc];
	const struct page *p = tset_page(t, lang);
	memset(out, 0, sizeof *out);
	char *dir = url_dir(cfg->langs[lang].code, t->rel);
	char *here = url_dir(cfg->langs[lang].code, SEARCH_SLUG);
	out->url = url_relative(here, dir);
	free(here);
	free(dir);
	out->title = p->fm.title;
	out->term = p->fm.term;
	out->abbr = p->fm.abbr;
	if (p->lang != lang) {
		out->tag = cfg->langs[p->lang].tag;
		if (cfg->langs[p->lang].rtl != cfg->langs[lang].rtl)
			out->dir = cfg->langs[p->lang].rtl ? "rtl" : "ltr";
	}
	out->fallback = p->lang != lang;
	out->indexed = 1;
	return p;
}

void search_page_again(struct search_words *w, const struct site *s,
		       size_t doc, size_t lang, const struct search_kept *k,
		       struct search_doc *out)
{
	S_doc(s, doc, lang, out);
	S_page_done(w); /* the previous page's, if its body never came */
	w->cur_lang = lang;
	w->cur_doc = (uint32_t)doc;
	w->cur = out;
	w->want_excerpt = 0;
	out->excerpt = k->excerpt ? xstrdup(k->excerpt) : NULL;
	struct S_lang *l = S_lang_open(w, lang);
	for (const char *q = k->words; q && *q;) {
		char *end;
		int bits = (int)strtol(q, &end, 10);
		const char *word = end + 1, *nl = strchr(word, '\n');
		const struct S_word *wd =
		    S_word(w, l, word, (size_t)(nl - word));
		for (size_t i = 0; i < wd->n; i++)
			S_post(wd->pl[i], w->cur_doc, bits);
		q = nl + 1;
	}
	/* The record it came from is what S_page_record would write: each
	   word once, first seen first, its bits together. */
	out->words = k->words ? xstrdup(k->words) : NULL;
	w->cur = NULL;
}

void search_page(struct search_words *w, const struct site *s, size_t doc,
		 size_t lang, struct search_doc *out)
{
	const struct page *p = S_doc(s, doc, lang, out);
	if (p->fm.summary)
		out->excerpt = xstrdup(p->fm.summary);
	/* The previous page's, if its body never came. */
	S_page_done(w);
	w->cur_lang = lang;
	w->cur_doc = (uint32_t)doc;
	w->cur = out;
	w->want_excerpt = !p->fm.summary;
	S_str(w, p->fm.title, BIT_TITLE);
	S_str(w, p->fm.term, BIT_TITLE);
	S_str(w, p->fm.abbr, BIT_TITLE);
	S_str(w, p->fm.summary, BIT_HEADING);
	S_str(w, p->fm.address.street, BIT_BODY);
	S_str(w, p->fm.address.city, BIT_BODY);
}

/* The first sentences of the body, cut at a space, for a page without a
 * summary. */
static void S_excerpt(struct search_words *w, const char *text, size_t len)
{
	if (len <= EXCERPT_BYTES) {
		w->cur->excerpt = xstrndup(text, len);
		return;
	}
	size_t cut = EXCERPT_BYTES;
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut == 0)
		for (cut = EXCERPT_BYTES; cut < len && (text[cut] & 0xC0) == 0x80;)
			cut++;
	w->cur->excerpt = xasprintf("%.*s …", (int)cut, text);
}

/* Indexes the block's text gathered so far. */
static void S_flush(struct search_words *w, int bits, int paragraph)
{
	if (!w->text.len)
		return;
	if (paragraph && w->want_excerpt) {
		S_excerpt(w, w->text.ptr, w->text.len);
		w->want_excerpt = 0;
	}
	S_field(w, w->text.ptr, w->text.len, bits);
	buf_truncate(&w->text, 0);
}

void search_body(struct search_words *w, struct search_doc *sd,
		 cmark_node *body)
{
	if (!w || !sd || sd != w->cur)
		return;
	cmark_iter *it = cmark_iter_new(body);
	cmark_event_type ev;
	/* The text of one block (paragraph, heading, table cell) at a time,
	 * so that a word split by emphasis or a link is still one word. Code
	 * blocks and raw HTML have no text nodes, so they are left out. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(n);
		if ((ty & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
			S_flush(w,
				ty == CMARK_NODE_HEADING && ev == CMARK_EVENT_EXIT
				    ? BIT_HEADING
				    : BIT_BODY,
				ty == CMARK_NODE_PARAGRAPH);
		} else if (ev == CMARK_EVENT_ENTER &&
			   (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE)) {
			buf_puts(&w->text, cmark_node_get_literal(n));
		} else if (ev == CMARK_EVENT_ENTER &&
			   (ty == CMARK_NODE_SOFTBREAK ||
			    ty == CMARK_NODE_LINEBREAK)) {
			buf_putc(&w->text, ' ');
		}
	}
	S_flush(w, BIT_BODY, 0);
	cmark_iter_free(it);
	S_page_done(w);
}

void search_docs_release(struct search_doc *docs, size_t n)
{
	for (size_t i = 0; docs && i < n; i++) {
		free(docs[i].url);
		free(docs[i].excerpt);
		free(docs[i].words);
	}
	free(docs);
}

/* ---- writing ---- */

/* Writes "skyltSearch({"id":"<kind>.<hash>",<body>});" as
 * <code>/sok/<kind>.<hash>.js; returns "<kind>.<hash>", malloc'd. */
static char *S_file(struct output *out, const char *code, const char *kind,
		    const struct buf *body, struct diags *d)
{
	char *id = xasprintf("%s.%016llx", kind,
			     (unsigned long long)fnv1a64(body->ptr, body->len));
	struct buf f = BUF_INIT;
	buf_printf(&f, "skyltSearch({\"id\":\"%s\"", id);
	if (body->len)
		buf_putc(&f, ',');
	buf_put(&f, body->ptr, body->len);
	buf_puts(&f, "});\n");
	char *path = xasprintf("%s/%s/%s.js", code, SEARCH_SLUG, id);
	output_write(out, path, f.ptr, f.len, d);
	free(path);
	buf_release(&f);
	return id;
}

struct S_key {
	const char *key;
	const char *stem;	   /* a form's stem; NULL for a stem */
	const struct S_plist **pls; /* a stem's lists, one per thread */
	size_t size;		   /* about what it takes in a shard */
};

static int S_key_cmp(const void *a, const void *b)
{
	const struct S_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	/* A key that is a form and a stem: the stem first. */
	return c ? c : (x->stem != NULL) - (y->stem != NULL);
}

/* Length in bytes of the first n code points of s (or all of s). */
static size_t S_cp_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (size_t k = 0; s[i] && k < n; k++)
		do
			i++;
		while ((s[i] & 0xC0) == 0x80);
	return i;
}

static size_t S_cp_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

struct S_shard {
	char *prefix;
	struct S_key **keys; /* the keys it holds, in key order */
	size_t n;
};

struct S_shards {
	struct S_shard *v;
	size_t n, cap;
};

/* Gives the keys starting with prefix (depth code points) a shard, after
 * moving the biggest groups of one more code point into shards of their
 * own until what is left is small enough. */
static void S_split(struct S_shards *out, const char *prefix, size_t depth,
		    struct S_key **keys, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += keys[i]->size;
	int *moved = xcalloc(n ? n : 1, sizeof *moved);
	while (total > SHARD_BYTES) {
		/* The biggest group of keys with one more code point. */
		size_t best = 0, best_size = 0, best_from = 0, best_to = 0;
		for (size_t i = 0; i < n;) {
			size_t pl = S_cp_prefix(keys[i]->key, depth + 1);
			if (moved[i] || S_cp_count(keys[i]->key) <= depth) {
				i++;
				continue;
			}
			size_t j = i, size = 0;
			while (j < n && !moved[j] &&
			       S_cp_count(keys[j]->key) > depth &&
			       !strncmp(keys[j]->key, keys[i]->key, pl) &&
			       S_cp_prefix(keys[j]->key, depth + 1) == pl) {
				size += keys[j]->size;
				j++;
			}
			if (size > best_size) {
				best_size = size;
				best_from = i;
				best_to = j;
				best = pl;
			}
			i = j;
		}
		if (!best_size)
			break; /* one key: it cannot be split */
		char *sub = xstrndup(keys[best_from]->key, best);
		S_split(out, sub, depth + 1, keys + best_from,
			best_to - best_from);
		free(sub);
		for (size_t i = best_from; i < best_to; i++)
			moved[i] = 1;
		total -= best_size;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 16;
		out->v = xrealloc(out->v, out->cap * sizeof *out->v);
	}
	struct S_shard *sh = &out->v[out->n++];
	sh->prefix = xstrdup(prefix);
	sh->keys = xcalloc(n ? n : 1, sizeof *sh->keys);
	sh->n = 0;
	for (size_t i = 0; i < n; i++)
		if (!moved[i])
			sh->keys[sh->n++] = keys[i];
	free(moved);
}

static int S_shard_cmp(const void *a, const void *b)
{
	return strcmp(((const struct S_shard *)a)->prefix,
		      ((const struct S_shard *)b)->prefix);
}

/* A stem's postings, the threads' lists merged in doc order. */
static void S_postings(struct buf *b, const struct S_key *k, size_t nw)
{
	size_t *at = xcalloc(nw, sizeof *at);
	uint32_t prev = 0;
	int first = 1;
	buf_putc(b, '[');
	for (;;) {
		size_t best = nw;
		uint32_t doc = 0;
		for (size_t t = 0; t < nw; t++) {
			const struct S_plist *pl = k->pls[t];
			if (!pl || at[t] >= pl->n)
				continue;
			uint32_t dd = pl->v[at[t]] >> 3;
			if (best == nw || dd < doc) {
				best = t;
				doc = dd;
			}
		}
		if (best == nw)
			break;
		uint32_t bits = 0;
		for (size_t t = 0; t < nw; t++) {
			const struct S_plist *pl = k->pls[t];
			if (pl && at[t] < pl->n && pl->v[at[t]] >> 3 == doc)
				bits |= pl->v[at[t]++] & 7;
		}
		buf_printf(b, first ? "%lu" : ",%lu",
			   (unsigned long)((doc - prev) * 8 + bits));
		prev = doc;
		first = 0;
	}
	buf_putc(b, ']');
	free(at);
}

static void S_doc_json(struct buf *b, const struct search_doc *sd)
{
	buf_puts(b, "{\"u\":");
	json_string(b, sd->url);
	buf_puts(b, ",\"t\":");
	json_string(b, sd->title ? sd->title : "");
	if (sd->excerpt && *sd->excerpt) {
		buf_puts(b, ",\"s\":");
		json_string(b, sd->excerpt);
	}
	if (sd->term && sd->title && strcmp(sd->term, sd->title)) {
		buf_puts(b, ",\"w\":");
		json_string(b, sd->term);
	}
	if (sd->abbr) {
		buf_puts(b, ",\"a\":");
		json_string(b, sd->abbr);
	}
	if (sd->tag) {
		buf_puts(b, ",\"l\":");
		json_string(b, sd->tag);
	}
	if (sd->dir) {
		buf_puts(b, ",\"d\":");
		json_string(b, sd->dir);
	}
	if (sd->fallback)
		buf_puts(b, ",\"f\":1");
	buf_putc(b, '}');
}

static char *S_write_lang(const struct site *s, size_t lang,
			  const struct search_doc *docs,
			  struct search_words **words, size_t nw,
			  const char *fold, struct output *out,
			  struct diags *d)
{
	const struct lang *lg = &s->cfg->langs[lang];
	/* Every key: the stems (with each thread's list) and the forms. */
	struct hmap at;
	hmap_init(&at);
	struct S_key *keys = NULL;
	size_t nkeys = 0, cap = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t t = 0; t < nw; t++) {
			const struct hmap *m = pass ? &words[t]->langs[lang].forms
						    : &words[t]->langs[lang].stems;
			for (size_t k = 0; k < m->cap; k++) {
				const char *key = m->slots[k].key;
				if (!key)
					continue;
				if (pass == 0 &&
				    !((struct S_plist *)m->slots[k].val)->n)
					continue;
				/* Stems and forms are told apart by a
				 * prefix in this map. */
				char *mk = xasprintf("%c%s", pass ? 'f' : 's',
						     key);
				size_t idx = (size_t)(uintptr_t)hmap_get(&at, mk);
				if (!idx) {
					if (nkeys == cap) {
						cap = cap ? 2 * cap : 256;
						keys = xrealloc(keys,
								cap * sizeof *keys);
					}
					struct S_key *nk = &keys[nkeys++];
					nk->key = key;
					nk->stem = pass ? m->slots[k].val : NULL;
					nk->pls = pass ? NULL
						       : xcalloc(nw, sizeof *nk->pls);
					nk->size = 0;
					idx = nkeys;
					hmap_put(&at, mk, (void *)(uintptr_t)idx);
				}
				struct S_key *nk = &keys[idx - 1];
				if (!pass) {
					nk->pls[t] = m->slots[k].val;
					nk->size += nk->pls[t]->n * 3;
				}
				free(mk);
			}
		}
	}
	hmap_release(&at);
	for (size_t i = 0; i < nkeys; i++)
		keys[i].size += strlen(keys[i].key) +
				(keys[i].stem ? strlen(keys[i].stem) : 0) + 6;
	qsort(keys, nkeys, sizeof *keys, S_key_cmp);
	struct S_key **kp = xcalloc(nkeys ? nkeys : 1, sizeof *kp);
	for (size_t i = 0; i < nkeys; i++)
		kp[i] = &keys[i];
	struct S_shards sh = {0};
	S_split(&sh, "", 0, kp, nkeys);
	qsort(sh.v, sh.n, sizeof *sh.v, S_shard_cmp);

	struct buf body = BUF_INIT, man = BUF_INIT;
	size_t nsets = s->nsets;
	buf_printf(&man, "\"v\":1,\"lang\":\"%s\",\"tag\":\"%s\",\"docs\":%zu,"
			 "\"per\":%d,\"fold\":%s,\"shards\":[",
		   lg->code, lg->tag, nsets, DOCS_PER_SHARD, fold);
	int listed = 0;
	for (size_t i = 0; i < sh.n; i++) {
		/* A shard whose keys all went to longer prefixes is left out
		 * (no key looks for it); the root's is always there. */
		if (!sh.v[i].n && *sh.v[i].prefix) {
			free(sh.v[i].prefix);
			free(sh.v[i].keys);
			continue;
		}
		buf_truncate(&body, 0);
		buf_puts(&body, "\"forms\":{");
		int first = 1;
		for (size_t k = 0; k < sh.v[i].n; k++) {
			const struct S_key *key = sh.v[i].keys[k];
			if (!key->stem)
				continue;
			if (!first)
				buf_putc(&body, ',');
			json_string(&body, key->key);
			buf_putc(&body, ':');
			json_string(&body, key->stem);
			first = 0;
		}
		buf_puts(&body, "},\"stems\":{");
		first = 1;
		for (size_t k = 0; k < sh.v[i].n; k++) {
			const struct S_key *key = sh.v[i].keys[k];
			if (key->stem)
				continue;
			if (!first)
				buf_putc(&body, ',');
			json_string(&body, key->key);
			buf_putc(&body, ':');
			S_postings(&body, key, nw);
			first = 0;
		}
		buf_putc(&body, '}');
		char *id = S_file(out, lg->code, "s", &body, d);
		buf_puts(&man, listed++ ? ",[" : "[");
		json_string(&man, sh.v[i].prefix);
		buf_printf(&man, ",\"%s\"]", id);
		free(id);
		free(sh.v[i].prefix);
		free(sh.v[i].keys);
	}
	free(sh.v);
	free(kp);
	for (size_t i = 0; i < nkeys; i++)
		free(keys[i].pls);
	free(keys);

	buf_puts(&man, "],\"docshards\":[");
	for (size_t from = 0; from < nsets; from += DOCS_PER_SHARD) {
		buf_truncate(&body, 0);
		buf_puts(&body, "\"docs\":[");
		for (size_t i = from; i < nsets && i < from + DOCS_PER_SHARD;
		     i++) {
			if (i > from)
				buf_putc(&body, ',');
			S_doc_json(&body, &docs[lang * nsets + i]);
		}
		buf_putc(&body, ']');
		char *id = S_file(out, lg->code, "d", &body, d);
		buf_printf(&man, "%s\"%s\"", from ? "," : "", id);
		free(id);
	}
	buf_puts(&man, "],\"fallback\":[");
	int first = 1;
	for (size_t i = 0; i < nsets; i++)
		if (docs[lang * nsets + i].fallback) {
			buf_printf(&man, first ? "%zu" : ",%zu", i);
			first = 0;
		}
	buf_printf(&man,
		   "],\"minprefix\":%d,\"maxshards\":%d,\"minstem\":%d,"
		   "\"shown\":%d",
		   MIN_PREFIX, MAX_SHARDS, MIN_STEM, SHOWN);
	char *id = S_file(out, lg->code, "index", &man, d);
	char *name = xasprintf("%s.js", id);
	free(id);
	buf_release(&man);
	buf_release(&body);
	return name;
}

/* The fold table's parts, as files, and the manifest's list of them:
 * [[first code point, last, "fold.<hash>"], …]. */
static void S_fold(struct output *out, const char *code, struct buf *list,
		   struct diags *d)
{
	struct buf part = BUF_INIT;
	buf_putc(list, '[');
	int first = 1;
	for (size_t i = 0; i < fold_table_parts(); i++) {
		uint32_t lo, hi;
		buf_truncate(&part, 0);
		buf_puts(&part, "\"map\":");
		if (!fold_table_part(i, &lo, &hi, &part))
			continue;
		char *id = S_file(out, code, "fold", &part, d);
		buf_printf(list, "%s[%lu,%lu,\"%s\"]", first ? "" : ",",
			   (unsigned long)lo, (unsigned long)hi, id);
		free(id);
		first = 0;
	}
	buf_putc(list, ']');
	buf_release(&part);
}

int search_write(const struct site *s, struct search_doc *docs,
		 struct search_words **words, size_t nwords,
		 struct output *out, const unsigned char *only, char **names,
		 struct diags *d)
{
	for (size_t t = 0; t < nwords; t++)
		S_page_done(words[t]);
	struct buf fold = BUF_INIT;
	for (size_t l = 0; l < s->cfg->nlangs; l++) {
		if (only && !only[l])
			continue;
		buf_truncate(&fold, 0);
		S_fold(out, s->cfg->langs[l].code, &fold, d);
		names[l] = S_write_lang(s, l, docs, words, nwords, fold.ptr,
					out, d);
	}
	buf_release(&fold);
	return d->errors ? -1 : 0;
}

/* ---- what the next build needs ---- */

/* The file is text with counted strings, so that any byte may be in them:
 *
 *   skylt-words 1
 *   globals HASH
 *   page REL HASH EXCERPT_BYTES|- WORDS_BYTES
 *   the excerpt's bytes, then the words' bytes, then a newline
 */
struct search_cache {
	struct hmap by_rel; /* rel -> struct search_kept* */
};

static char *S_cache_path(const char *dest, const char *code)
{
	char *name = xasprintf("words-%s", code);
	char *path = output_cache_path(dest, name);
	free(name);
	return path;
}

void search_cache_free(struct search_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->by_rel.cap; i++) {
		struct search_kept *k = c->by_rel.slots[i].val;
		if (c->by_rel.slots[i].key && k) {
			free(k->hash);
			free(k->excerpt);
			free(k->words);
			free(k);
		}
	}
	hmap_release(&c->by_rel);
	free(c);
}

static char *S_read_n(FILE *f, size_t n)
{
	char *s = xmalloc(n + 1);
	if (fread(s, 1, n, f) != n) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

struct search_cache *search_cache_load(const char *dest, const char *code,
				       uint64_t globals)
{
	char *path = S_cache_path(dest, code);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	struct search_cache *c = xcalloc(1, sizeof *c);
	hmap_init(&c->by_rel);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ok = 1, lines = 0;
	while (ok && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		unsigned long long g;
		if (lines++ == 0) {
			ok = strcmp(line, "skylt-words 1") == 0;
			continue;
		}
		if (lines == 2) {
			ok = sscanf(line, "globals %llx", &g) == 1 &&
			     g == globals;
			continue;
		}
		char rel[4096], hash[32], ex[32];
		unsigned long long nw;
		ok = strncmp(line, "page ", 5) == 0 && len < 4096 &&
		     sscanf(line, "page %4095s %31s %31s %llu", rel, hash, ex,
			    &nw) == 4;
		if (!ok)
			break;
		struct search_kept *k = xcalloc(1, sizeof *k);
		k->hash = xstrdup(hash);
		if (strcmp(ex, "-"))
			ok = (k->excerpt = S_read_n(
				  f, (size_t)strtoull(ex, NULL, 10))) != NULL;
		ok = ok && (k->words = S_read_n(f, (size_t)nw)) != NULL &&
		     fgetc(f) == '\n';
		/* rel as written: "." is the start page */
		struct search_kept *old = hmap_put(
		    &c->by_rel, strcmp(rel, ".") ? rel : "", k);
		if (old) {
			free(old->hash);
			free(old->excerpt);
			free(old->words);
			free(old);
		}
	}
	free(line);
	fclose(f);
	if (!ok || lines < 2) {
		search_cache_free(c);
		return NULL;
	}
	return c;
}

const struct search_kept *search_cache_get(const struct search_cache *c,
					   const char *rel, const char *hash)
{
	const struct search_kept *k = c ? hmap_get(&c->by_rel, rel) : NULL;
	return k && !strcmp(k->hash, hash) ? k : NULL;
}

void search_cache_save(const char *dest, const struct site *s, size_t lang,
		       const struct search_doc *docs, uint64_t globals)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "skylt-words 1\nglobals %016llx\n",
		   (unsigned long long)globals);
	for (size_t i = 0; i < s->nsets; i++) {
		const struct tset *t = s->sets[i];
		const struct search_doc *sd = &docs[i];
		if (!sd->words || strchr(t->rel, ' ') || strchr(t->rel, '\n'))
			continue;
		const struct page *p = t->shown[lang];
		if (sd->excerpt)
			buf_printf(&b, "page %s %s %zu %zu\n",
				   *t->rel ? t->rel : ".", p->hash,
				   strlen(sd->excerpt), strlen(sd->words));
		else
			buf_printf(&b, "page %s %s - %zu\n",
				   *t->rel ? t->rel : ".", p->hash,
				   strlen(sd->words));
		if (sd->excerpt)
			buf_puts(&b, sd->excerpt);
		buf_puts(&b, sd->words);
		buf_putc(&b, '\n');
	}
	char *path = S_cache_path(dest, s->cfg->langs[lang].code);
	buf_write_file(path, b.ptr, b.len);
	free(path);
	buf_release(&b);
}
