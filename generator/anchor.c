/* Heading ids, computed once per page after parsing: the render stage writes
 * them on the headings and the link stage checks #fragments against them.
 * They come from the words alone and keep every script's letters. */
#include "anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "buf.h"

#define S_ZWNJ 0x200C

/* The words of a heading: text and code, with a line break read as a space.
 * Raw HTML is left out, as the render stage leaves it out. */
static void S_words(cmark_node *n, struct buf *b)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		cmark_node_type t = cmark_node_get_type(k);
		const char *lit = cmark_node_get_literal(k);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			if (lit)
				buf_puts(b, lit);
		} else if (t == CMARK_NODE_SOFTBREAK ||
			   t == CMARK_NODE_LINEBREAK) {
			buf_putc(b, ' ');
		} else {
			S_words(k, b);
		}
	}
}

/* Letters and digits of any script, and combining marks: an Arabic vowel
 * sign or a Devanagari virama belongs to its word, not between two. */
static int S_kept(UChar32 c)
{
	return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

/* Appends NFKC_Casefold(s) to out (capacity *cap, length *len, grown here). */
static void S_fold(const UNormalizer2 *nf, const UChar *s, int32_t n,
		   UChar **out, int32_t *len, int32_t *cap)
{
	if (n == 0)
		return;
	UErrorCode err = U_ZERO_ERROR;
	int32_t need = unorm2_normalize(nf, s, n, NULL, 0, &err);
	/* A piece of ignorables only (a lone soft hyphen) folds to nothing. */
	if ((err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) || need == 0)
		return;
	if (*len + need > *cap) {
		*cap = *len + need;
		*out = xrealloc(*out, (size_t)*cap * sizeof **out);
	}
	err = U_ZERO_ERROR;
	int32_t got = unorm2_normalize(nf, s, n, *out + *len, need, &err);
	if (U_SUCCESS(err))
		*len += got;
}

/* NFKC_Casefold of text. That mapping deletes default-ignorable characters,
 * which is right for a soft hyphen or a bidi mark but wrong for ZWNJ, part of
 * Persian spelling (می‌شود): so the text is folded piece by piece
 * between ZWNJs and they are put back. ZWNJ blocks composition, so the pieces
 * fold exactly as the whole would. Returns a malloc'd UTF-16 string. */
static UChar *S_casefold(const char *text, int32_t *flen)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&err);
	*flen = 0;
	if (U_FAILURE(err))
		return NULL;
	int32_t ulen = 0;
	/* cmark has already replaced bad UTF-8; substitute anyway so a bad
	 * byte can never empty the id. */
	u_strFromUTF8WithSub(NULL, 0, &ulen, text, -1, 0xFFFD, NULL, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8WithSub(u, ulen + 1, NULL, text, -1, 0xFFFD, NULL, &err);
	UChar *f = NULL;
	int32_t cap = 0;
	if (U_SUCCESS(err)) {
		int32_t from = 0;
		for (int32_t i = 0; i <= ulen; i++) {
			if (i < ulen && u[i] != S_ZWNJ)
				continue;
			S_fold(nf, u + from, i - from, &f, flen, &cap);
			if (i < ulen) {
				if (*flen + 1 > cap) {
					cap = *flen + 1;
					f = xrealloc(f,
						     (size_t)cap * sizeof *f);
				}
				f[(*flen)++] = S_ZWNJ;
			}
			from = i + 1;
		}
	}
	free(u);
	return f;
}

/* The id for one heading's words, before repeats are numbered. */
static char *S_slug(const char *text)
{
	int32_t flen;
	UChar *f = S_casefold(text, &flen);
	/* At most one unit out per unit in: hyphens replace runs. */
	UChar *s = xmalloc(((size_t)flen + 1) * sizeof *s);
	int32_t slen = 0;
	int gap = 0; /* something dropped since the last kept character */
	for (int32_t i = 0; i < flen;) {
		UChar32 c;
		U16_NEXT(f, i, flen, c);
		if (c == S_ZWNJ) {
			/* Kept only inside a word: between two kept
			 * characters, never at an edge or beside a hyphen. */
			UChar32 next = 0;
			if (i < flen)
				U16_GET(f, 0, i, flen, next);
			if (slen > 0 && !gap && S_kept(next))
				s[slen++] = S_ZWNJ;
			continue;
		}
		if (!S_kept(c)) {
			gap = slen > 0;
			continue;
		}
		if (gap)
			s[slen++] = '-';
		gap = 0;
		U16_APPEND_UNSAFE(s, slen, c);
	}
	free(f);
	struct buf b = BUF_INIT;
	if (slen > 0) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t n = 0;
		u_strToUTF8(NULL, 0, &n, s, slen, &err);
		err = U_ZERO_ERROR;
		buf_grow(&b, (size_t)n);
		u_strToUTF8(b.ptr, n + 1, NULL, s, slen, &err);
		b.len = U_SUCCESS(err) ? (size_t)n : 0;
		b.ptr[b.len] = '\0';
	}
	free(s);
	if (b.len == 0)
		buf_puts(&b, "section");
	return buf_detach(&b);
}

static void S_add(struct anchors *out, size_t *cap, char *id)
{
	if (out->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		out->ids = xrealloc(out->ids, *cap * sizeof *out->ids);
	}
	out->ids[out->n++] = id;
	hmap_put(&out->index, id, id);
}

/* The ids render.c gives footnotes, after the headings' (render reads the
 * k-th heading's id by its index): "footnotes" for the section, "fn-N" for
 * each note, "fnref-N" for the first reference to it and "fnref-N-K" for
 * the K-th. cmark-gfm numbers the notes in the order of their first
 * reference and gives each reference its note's number as its literal. */
static void S_footnotes(cmark_node *doc, struct anchors *out, size_t *cap)
{
	size_t defs = 0, nrefs = 0;
	unsigned long *refs = NULL; /* references seen, per note */
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_FOOTNOTE_DEFINITION) {
			defs++;
		} else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
			const char *lit = cmark_node_get_literal(n);
			unsigned long k = lit ? strtoul(lit, NULL, 10) : 0;
			if (k == 0 || k > 100000)
				continue;
			if (k > nrefs) {
				refs = xrealloc(refs, k * sizeof *refs);
				memset(refs + nrefs, 0,
				       (k - nrefs) * sizeof *refs);
				nrefs = k;
			}
			refs[k - 1]++;
			S_add(out, cap,
			      refs[k - 1] == 1
				  ? xasprintf("fnref-%lu", k)
				  : xasprintf("fnref-%lu-%lu", k, refs[k - 1]));
		}
	}
	cmark_iter_free(it);
	free(refs);
	if (defs)
		S_add(out, cap, xstrdup("footnotes"));
	for (size_t i = 1; i <= defs; i++)
		S_add(out, cap, xasprintf("fn-%zu", i));
}

void anchors_compute(cmark_node *doc, struct anchors *out)
{
	out->ids = NULL;
	out->sorted = NULL;
	out->n = 0;
	hmap_init(&out->index);
	/* Per base id, the last suffix tried: ids are only ever added, so
	 * the first free -k of a base never moves back, and each repeat
	 * starts where the one before it stopped. An id such as "a-2" is
	 * passed over by one base only ("a"), so the search is linear in
	 * the headings. The values are counters, kept apart from the ids. */
	struct hmap next;
	hmap_init(&next);
	unsigned long *tried = NULL;
	size_t ntried = 0, captried = 0;
	size_t cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		struct buf words = BUF_INIT;
		S_words(n, &words);
		char *id = S_slug(words.ptr);
		buf_release(&words);
		/* A repeat takes the first free -2, -3 …: checking against
		 * every id so far, not only the base, keeps "A", "A", "A-2"
		 * apart (a, a-2, a-2-2). */
		if (anchors_has(out, id)) {
			/* The counter's slot, 1 + its index in tried. */
			size_t slot = (size_t)(uintptr_t)hmap_get(&next, id);
			if (!slot) {
				if (ntried == captried) {
					captried = captried ? 2 * captried : 8;
					tried = xrealloc(
					    tried, captried * sizeof *tried);
				}
				tried[ntried++] = 1;
				slot = ntried;
				hmap_put(&next, id, (void *)(uintptr_t)slot);
			}
			char *alt = NULL;
			for (unsigned long k = tried[slot - 1] + 1;; k++) {
				alt = xasprintf("%s-%lu", id, k);
				if (!anchors_has(out, alt)) {
					tried[slot - 1] = k;
					break;
				}
				free(alt);
			}
			free(id);
			id = alt;
		}
		S_add(out, &cap, id);
	}
	cmark_iter_free(it);
	hmap_release(&next);
	free(tried);
	S_footnotes(doc, out, &cap);
}

static int S_id_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void anchors_compact(struct anchors *a)
{
	hmap_release(&a->index);
	hmap_init(&a->index);
	free(a->sorted);
	a->sorted = xmalloc((a->n ? a->n : 1) * sizeof *a->sorted);
	if (a->n)
		memcpy(a->sorted, a->ids, a->n * sizeof *a->ids);
	qsort(a->sorted, a->n, sizeof *a->sorted, S_id_cmp);
}

int anchors_has(const struct anchors *a, const char *id)
{
	if (a->sorted)
		return bsearch(&id, a->sorted, a->n, sizeof *a->sorted,
			       S_id_cmp) != NULL;
	return hmap_get(&a->index, id) != NULL;
}

void anchors_release(struct anchors *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->ids[i]);
	free(a->ids);
	free(a->sorted);
	hmap_release(&a->index);
	a->ids = NULL;
	a->sorted = NULL;
	a->n = 0;
}
