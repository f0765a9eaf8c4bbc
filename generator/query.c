/* The query side in C: the same steps as templates/assets/search.js, over
 * the same files (doc/search.md), so that the tests can require the same
 * answers from both. */
#include "query.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <unicode/ubrk.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "fold.h"
#include "hmap.h"
#include "search.h"

#define MAX_QUERY 1000 /* code points */
#define MAX_WORDS 10

struct S_index {
	char *dir; /* <site>/<code>/sok */
	struct hmap files; /* id -> json_object* */
	json_object *man;
	int minprefix, maxshards, minstem, shown, per;
};

static json_object *S_file(struct S_index *ix, const char *id,
			   struct diags *d)
{
	json_object *o = hmap_get(&ix->files, id);
	if (o)
		return o;
	char *path = xasprintf("%s/%s.js", ix->dir, id);
	struct buf b = BUF_INIT;
	static const char head[] = "skyltSearch(", tail[] = ");\n";
	size_t hl = sizeof head - 1, tl = sizeof tail - 1;
	if (buf_read_file(&b, path, NULL) < 0 || b.len < hl + tl ||
	    memcmp(b.ptr, head, hl) ||
	    memcmp(b.ptr + b.len - tl, tail, tl)) {
		diags_add(d, SEV_ERROR, path, 0, 0,
			  "cannot read this search index file: build the "
			  "site again");
	} else {
		b.ptr[b.len - tl] = '\0';
		o = json_tokener_parse(b.ptr + hl);
		if (!o || !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			o = NULL;
			diags_add(d, SEV_ERROR, path, 0, 0,
				  "this search index file is not valid: "
				  "build the site again");
		} else {
			hmap_put(&ix->files, id, o);
		}
	}
	buf_release(&b);
	free(path);
	return o;
}

static int S_int(json_object *o, const char *key, int dflt)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_int(v)
						      : dflt;
}

static json_object *S_get(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* The manifest: the one index.<hash>.js of the folder. */
static int S_open(struct S_index *ix, const char *site, const char *code,
		  struct diags *d)
{
	memset(ix, 0, sizeof *ix);
	hmap_init(&ix->files);
	ix->dir = xasprintf("%s/%s/" SEARCH_SLUG, site, code);
	DIR *dir = opendir(ix->dir);
	char *id = NULL;
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (!strncmp(e->d_name, "index.", 6) && n > 9 &&
		    !strcmp(e->d_name + n - 3, ".js")) {
			free(id);
			id = xstrndup(e->d_name, n - 3);
		}
	}
	if (dir)
		closedir(dir);
	if (!id) {
		diags_add(d, SEV_ERROR, ix->dir, 0, 0,
			  "no search index for '%s' here: build the site "
			  "first (skylt build), or give its folder with -o",
			  code);
		return -1;
	}
	ix->man = S_file(ix, id, d);
	free(id);
	if (!ix->man)
		return -1;
	ix->minprefix = S_int(ix->man, "minprefix", 2);
	ix->maxshards = S_int(ix->man, "maxshards", 4);
	ix->minstem = S_int(ix->man, "minstem", 3);
	ix->shown = S_int(ix->man, "shown", 20);
	ix->per = S_int(ix->man, "per", 64);
	return 0;
}

static void S_close(struct S_index *ix)
{
	for (size_t k = 0; k < ix->files.cap; k++)
		if (ix->files.slots[k].key)
			json_object_put(ix->files.slots[k].val);
	hmap_release(&ix->files);
	free(ix->dir);
}

static size_t S_cps(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

static int S_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The shard a key belongs to: the longest prefix it starts with. */
static json_object *S_shard_of(struct S_index *ix, const char *key,
			       struct diags *d)
{
	json_object *sh = S_get(ix->man, "shards");
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; sh && i < json_object_array_length(sh); i++) {
		json_object *e = json_object_array_get_idx(sh, i);
		const char *p =
		    json_object_get_string(json_object_array_get_idx(e, 0));
		size_t pl = strlen(p);
		if (S_starts(key, p) && (!best || pl > best_len)) {
			best = json_object_get_string(
			    json_object_array_get_idx(e, 1));
			best_len = pl;
		}
	}
	return best ? S_file(ix, best, d) : NULL;
}

struct S_word {
	char *key;
	char **parts; /* a word written with ZWNJ: its parts' keys */
	size_t nparts;
	int prefix;
	char **stems; /* found */
	size_t nstems;
};

static void S_add_stem(struct S_word *w, const char *stem)
{
	for (size_t i = 0; i < w->nstems; i++)
		if (!strcmp(w->stems[i], stem))
			return;
	w->stems = xrealloc(w->stems, (w->nstems + 1) * sizeof *w->stems);
	w->stems[w->nstems++] = xstrdup(stem);
}

static void S_from_shard(struct S_word *w, json_object *shard, int exact)
{
	json_object *forms = S_get(shard, "forms"),
		    *stems = S_get(shard, "stems");
	if (exact) {
		json_object *v = S_get(forms, w->key);
		if (v)
			S_add_stem(w, json_object_get_string(v));
		if (S_get(stems, w->key))
			S_add_stem(w, w->key);
		return;
	}
	json_object_object_foreach(stems, sk, sv)
	{
		(void)sv;
		if (S_starts(sk, w->key))
			S_add_stem(w, sk);
	}
	json_object_object_foreach(forms, fk, fv)
	{
		if (S_starts(fk, w->key))
			S_add_stem(w, json_object_get_string(fv));
	}
}

/* Step 2 of doc/search.md: the stems of one word. */
static void S_resolve(struct S_index *ix, struct S_word *w, struct diags *d)
{
	json_object *own = S_shard_of(ix, w->key, d);
	if (!own)
		return;
	S_from_shard(w, own, 1);
	if (w->prefix) {
		json_object *sh = S_get(ix->man, "shards");
		json_object *more[64];
		size_t n = 0, all = 1;
		for (size_t i = 0; i < json_object_array_length(sh); i++) {
			json_object *e = json_object_array_get_idx(sh, i);
			const char *p = json_object_get_string(
			    json_object_array_get_idx(e, 0));
			json_object *f;
			if (!S_starts(p, w->key) ||
			    (f = S_file(ix,
					json_object_get_string(
					    json_object_array_get_idx(e, 1)),
					d)) == own)
				continue;
			all++;
			if (n < sizeof more / sizeof *more)
				more[n++] = f;
		}
		if (all <= (size_t)ix->maxshards) {
			S_from_shard(w, own, 0);
			for (size_t i = 0; i < n; i++)
				S_from_shard(w, more[i], 0);
		}
	}
	if (w->nstems)
		return;
	/* A form the site never uses: the longest stem it begins with. */
	const char *best = NULL;
	size_t best_len = 0;
	json_object_object_foreach(S_get(own, "stems"), sk, sv)
	{
		(void)sv;
		size_t l = strlen(sk);
		if (l < strlen(w->key) && S_starts(w->key, sk) &&
		    S_cps(sk) >= (size_t)ix->minstem && l > best_len) {
			best = sk;
			best_len = l;
		}
	}
	if (best)
		S_add_stem(w, best);
}

/* Cuts the query into words (step 1). */
static size_t S_words(const char *query, const char *tag, struct S_word *out,
		      int minprefix)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t ul = 0;
	u_strFromUTF8WithSub(NULL, 0, &ul, query, -1, 0xFFFD, NULL, &e);
	e = U_ZERO_ERROR;
	UChar *u = xcalloc((size_t)ul + 1, sizeof *u);
	u_strFromUTF8WithSub(u, ul + 1, &ul, query, -1, 0xFFFD, NULL, &e);
	/* The first MAX_QUERY code points. */
	int32_t cut = 0;
	for (int32_t n = 0; cut < ul && n < MAX_QUERY; n++)
		U16_FWD_1(u, cut, ul);
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
	int32_t cap = cut * 3 + 16, nl;
	UChar *v = xcalloc((size_t)cap, sizeof *v);
	nl = unorm2_normalize(nfc, u, cut, v, cap, &e);
	free(u);
	char loc[ULOC_FULLNAME_CAPACITY];
	uloc_forLanguageTag(tag, loc, sizeof loc, NULL, &e);
	UBreakIterator *bi = ubrk_open(UBRK_WORD, loc, v, nl, &e);
	size_t n = 0;
	if (U_FAILURE(e)) {
		free(v);
		return 0;
	}
	struct buf seg = BUF_INIT, key = BUF_INIT;
	int32_t from = ubrk_first(bi), to;
	for (; (to = ubrk_next(bi)) != UBRK_DONE && n < MAX_WORDS;
	     from = to) {
		if (ubrk_getRuleStatus(bi) == UBRK_WORD_NONE)
			continue;
		int32_t len8 = 0;
		UErrorCode e2 = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &len8, v + from, to - from, &e2);
		e2 = U_ZERO_ERROR;
		buf_truncate(&seg, 0);
		buf_grow(&seg, (size_t)len8 + 1);
		u_strToUTF8(seg.ptr, len8 + 1, &len8, v + from, to - from, &e2);
		seg.len = (size_t)len8;
		buf_truncate(&key, 0);
		fold_key(seg.ptr, seg.len, &key);
		if (!key.len)
			continue;
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= !strcmp(out[i].key, key.ptr);
		if (dup)
			continue;
		struct S_word *w = &out[n++];
		memset(w, 0, sizeof *w);
		w->key = xstrdup(key.ptr);
		w->prefix = to == nl;
		/* The parts of a word written with ZWNJ. */
		static const char zwnj[] = "\xE2\x80\x8C";
		const char *p = seg.ptr, *end = seg.ptr + seg.len;
		while (memmem(seg.ptr, seg.len, zwnj, 3) && p < end) {
			const char *q = memmem(p, (size_t)(end - p), zwnj, 3);
			if (!q)
				q = end;
			struct buf pk = BUF_INIT;
			fold_key(p, (size_t)(q - p), &pk);
			if (pk.len) {
				w->parts = xrealloc(w->parts,
						    (w->nparts + 1) *
							sizeof *w->parts);
				w->parts[w->nparts++] = buf_detach(&pk);
			}
			buf_release(&pk);
			p = q + 3;
		}
	}
	if (n && out[n - 1].prefix)
		out[n - 1].prefix = S_cps(out[n - 1].key) >= (size_t)minprefix;
	for (size_t i = 0; i + 1 < n; i++)
		out[i].prefix = 0;
	buf_release(&seg);
	buf_release(&key);
	ubrk_close(bi);
	free(v);
	return n;
}

static void S_word_free(struct S_word *w)
{
	free(w->key);
	for (size_t i = 0; i < w->nparts; i++)
		free(w->parts[i]);
	free(w->parts);
	for (size_t i = 0; i < w->nstems; i++)
		free(w->stems[i]);
	free(w->stems);
}

struct S_score {
	size_t doc;
	int words, fallback;
	long weight;
};

static int S_rank(const void *a, const void *b)
{
	const struct S_score *x = a, *y = b;
	if (x->words != y->words)
		return y->words - x->words;
	if (x->fallback != y->fallback)
		return x->fallback - y->fallback;
	if (x->weight != y->weight)
		return y->weight > x->weight ? 1 : -1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* "../ansvar/" from <code>/sok/ is "<code>/ansvar/". */
static char *S_path(const char *code, const char *u)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/" SEARCH_SLUG "/", code);
	for (; !strncmp(u, "../", 3); u += 3) {
		b.ptr[--b.len] = '\0';
		char *slash = strrchr(b.ptr, '/');
		buf_truncate(&b, slash ? (size_t)(slash - b.ptr) + 1 : 0);
	}
	if (strcmp(u, "./"))
		buf_puts(&b, u);
	return buf_detach(&b);
}

int query_run(const char *site, const char *code, const char *query,
	      struct query_result *r, struct diags *d)
{
	memset(r, 0, sizeof *r);
	struct S_index ix;
	if (S_open(&ix, site, code, d) < 0) {
		S_close(&ix);
		return -1;
	}
	size_t ndocs = (size_t)S_int(ix.man, "docs", 0);
	json_object *tag = S_get(ix.man, "tag");
	struct S_word words[MAX_WORDS + 8];
	size_t nw = S_words(query, tag ? json_object_get_string(tag) : code,
			    words, ix.minprefix);
	/* Resolve; a ZWNJ word that finds nothing becomes its parts, each
	 * a word unless its key is already one, the last a prefix word when
	 * the word was. */
	struct S_word all[MAX_WORDS * 8];
	size_t n = 0;
	for (size_t i = 0; i < nw; i++)
		S_resolve(&ix, &words[i], d);
	for (size_t i = 0; i < nw; i++)
		if (words[i].nstems || !words[i].nparts)
			all[n++] = words[i];
	size_t kept = n;
	int replaced[MAX_WORDS] = {0};
	for (size_t i = 0; i < nw; i++) {
		if (words[i].nstems || !words[i].nparts)
			continue;
		replaced[i] = 1;
		for (size_t k = 0; k < words[i].nparts; k++) {
			char *key = words[i].parts[k];
			int seen = 0;
			for (size_t j = 0; j < nw; j++)
				seen |= !strcmp(words[j].key, key);
			for (size_t j = kept; j < n; j++)
				seen |= !strcmp(all[j].key, key);
			if (seen || n == sizeof all / sizeof *all) {
				free(key);
				continue;
			}
			struct S_word *p = &all[n++];
			memset(p, 0, sizeof *p);
			p->key = key;
			p->prefix = words[i].prefix && k + 1 == words[i].nparts &&
				    S_cps(key) >= (size_t)ix.minprefix;
			S_resolve(&ix, p, d);
		}
		free(words[i].parts);
		words[i].parts = NULL;
		words[i].nparts = 0;
	}
	for (size_t i = 0; i < nw; i++)
		if (replaced[i])
			S_word_free(&words[i]);
	/* Steps 3 and 4: each page's words and weight. */
	uint8_t *bits = xcalloc(ndocs ? ndocs : 1, 1);
	struct S_score *sc = xcalloc(ndocs ? ndocs : 1, sizeof *sc);
	for (size_t i = 0; i < ndocs; i++)
		sc[i].doc = i;
	json_object *fb = S_get(ix.man, "fallback");
	for (size_t i = 0; fb && i < json_object_array_length(fb); i++) {
		size_t doc = (size_t)json_object_get_int(
		    json_object_array_get_idx(fb, i));
		if (doc < ndocs)
			sc[doc].fallback = 1;
	}
	for (size_t i = 0; i < n; i++) {
		memset(bits, 0, ndocs ? ndocs : 1);
		for (size_t k = 0; k < all[i].nstems; k++) {
			json_object *sh = S_shard_of(&ix, all[i].stems[k], d);
			json_object *pl = S_get(S_get(sh, "stems"), all[i].stems[k]);
			size_t doc = 0;
			for (size_t j = 0; pl && j < json_object_array_length(pl);
			     j++) {
				int64_t v = json_object_get_int64(
				    json_object_array_get_idx(pl, j));
				doc += (size_t)(v >> 3);
				if (doc < ndocs)
					bits[doc] |= (uint8_t)(v & 7);
			}
		}
		for (size_t doc = 0; doc < ndocs; doc++) {
			if (!bits[doc])
				continue;
			sc[doc].words++;
			sc[doc].weight += bits[doc] & 4   ? 100
					  : bits[doc] & 2 ? 10
							  : 1;
		}
	}
	size_t found = 0;
	for (size_t i = 0; i < ndocs; i++)
		if (sc[i].words)
			sc[found++] = sc[i];
	qsort(sc, found, sizeof *sc, S_rank);
	r->total = found;
	size_t shown = found < (size_t)ix.shown ? found : (size_t)ix.shown;
	r->hits = xcalloc(shown ? shown : 1, sizeof *r->hits);
	json_object *ds = S_get(ix.man, "docshards");
	for (size_t i = 0; i < shown; i++) {
		size_t doc = sc[i].doc;
		json_object *name =
		    json_object_array_get_idx(ds, doc / (size_t)ix.per);
		json_object *f =
		    name ? S_file(&ix, json_object_get_string(name), d) : NULL;
		json_object *rec = json_object_array_get_idx(
		    S_get(f, "docs"), doc % (size_t)ix.per);
		json_object *u = S_get(rec, "u"), *t = S_get(rec, "t");
		if (!u)
			continue;
		struct query_hit *h = &r->hits[r->nhits++];
		h->path = S_path(code, json_object_get_string(u));
		h->title = xstrdup(t ? json_object_get_string(t) : "");
	}
	free(bits);
	free(sc);
	for (size_t i = 0; i < n; i++)
		S_word_free(&all[i]);
	S_close(&ix);
	return d->errors ? -1 : 0;
}

void query_result_release(struct query_result *r)
{
	for (size_t i = 0; i < r->nhits; i++) {
		free(r->hits[i].path);
		free(r->hits[i].title);
	}
	free(r->hits);
	memset(r, 0, sizeof *r);
}
