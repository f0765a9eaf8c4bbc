/* Term linking. Matching works on NFC text case-folded with ICU, and a match
 * counts only where the word break iterator puts boundaries at both ends, so
 * "SFI" is found in "SFI-kurs" but "ABO" is not found in "ABONNEMANG". */
#include "glossary.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "url.h"

struct S_term {
	const struct tset *t;
	UChar *needle[2]; /* folded title and abbreviation; NULL if absent */
	int32_t len[2];
	const char *expansion; /* for the link's title */
	int done;
};

static UChar *S_fold(const char *s, int32_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, s, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)n + 1) * sizeof *u);
	u_strFromUTF8(u, n + 1, NULL, s, -1, &err);
	/* Full case folding can grow a string; three times is its limit. */
	UChar *f = xmalloc(((size_t)n * 3 + 1) * sizeof *f);
	*len = u_strFoldCase(f, n * 3 + 1, u, n, U_FOLD_CASE_DEFAULT, &err);
	free(u);
	if (U_FAILURE(err) || *len == 0) {
		free(f);
		return NULL;
	}
	return f;
}

/* Headings, links and images: no term is linked inside them. */
static int S_excluding(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_HEADING || t == CMARK_NODE_LINK ||
	       t == CMARK_NODE_IMAGE;
}

/* Is [from, to) of u (UTF-16, length n) a whole word sequence? */
static int S_on_boundaries(const UChar *u, int32_t n, int32_t from, int32_t to,
			   const char *locale)
{
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, u, n, &err);
	if (U_FAILURE(err))
		return 0;
	int ok = ubrk_isBoundary(bi, from) && ubrk_isBoundary(bi, to);
	ubrk_close(bi);
	return ok;
}

/* Replaces text node n by: text before, a link around the match, text after.
 * from and to are byte offsets into the literal. */
static void S_split(cmark_node *n, const char *lit, size_t from, size_t to,
		    const char *url, const char *title)
{
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	cmark_node_set_url(link, url);
	if (title)
		cmark_node_set_title(link, title);
	cmark_node *word = cmark_node_new(CMARK_NODE_TEXT);
	char *w = xstrndup(lit + from, to - from);
	cmark_node_set_literal(word, w);
	free(w);
	cmark_node_append_child(link, word);
	if (to < strlen(lit)) {
		cmark_node *after = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(after, lit + to);
		cmark_node_insert_after(n, after);
	}
	cmark_node_insert_after(n, link);
	char *before = xstrndup(lit, from);
	cmark_node_set_literal(n, before); /* copies; lit is now gone */
	free(before);
}

/* Byte offset in UTF-8 s of UTF-16 offset off. */
static size_t S_byte_offset(const char *s, int32_t off)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t bytes = 0;
	int32_t n = 0;
	UChar *u = NULL;
	u_strFromUTF8(NULL, 0, &n, s, -1, &err);
	err = U_ZERO_ERROR;
	u = xmalloc(((size_t)n + 1) * sizeof *u);
	u_strFromUTF8(u, n + 1, NULL, s, -1, &err);
	u_strToUTF8(NULL, 0, &bytes, u, off, &err);
	free(u);
	return (size_t)bytes;
}

/* Tries every remaining term on text node n; links at most one match (the
 * rest of the text becomes a new node that the walk visits next). */
static int S_try_node(cmark_node *n, struct S_term *terms, size_t nterms,
		      const char *here, const char *code, const char *locale)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit || !*lit)
		return 0;
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, lit, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8(u, ulen + 1, NULL, lit, -1, &err);
	/* Fold per code unit position: simple folding keeps lengths, so match
	 * offsets map back to the original text. */
	UChar *f = xmalloc(((size_t)ulen + 1) * sizeof *f);
	for (int32_t i = 0; i < ulen; i++)
		f[i] = (UChar)u_foldCase(u[i], U_FOLD_CASE_DEFAULT);
	f[ulen] = 0;
	int32_t best = -1, best_end = 0;
	struct S_term *hit = NULL;
	for (size_t k = 0; k < nterms; k++) {
		struct S_term *tm = &terms[k];
		for (int v = 0; v < 2 && !tm->done; v++) {
			if (!tm->needle[v])
				continue;
			UChar *at =
			    u_strFindFirst(f, ulen, tm->needle[v], tm->len[v]);
			while (at) {
				int32_t from = (int32_t)(at - f);
				int32_t to = from + tm->len[v];
				if ((best < 0 || from < best) &&
				    S_on_boundaries(u, ulen, from, to,
						    locale)) {
					best = from;
					best_end = to;
					hit = tm;
					break;
				}
				at = u_strFindFirst(at + 1, ulen - from - 1,
						    tm->needle[v], tm->len[v]);
			}
		}
	}
	int linked = 0;
	if (hit) {
		size_t from = S_byte_offset(lit, best);
		size_t to = S_byte_offset(lit, best_end);
		char *dir = url_dir(code, hit->t->rel);
		char *url = url_relative(here, dir);
		char *litcopy = xstrdup(lit);
		S_split(n, litcopy, from, to, url, hit->expansion);
		free(litcopy);
		free(url);
		free(dir);
		hit->done = 1;
		linked = 1;
	}
	free(u);
	free(f);
	return linked;
}

void glossary_link(const struct site *s, const struct tset *t, size_t text_lang,
		   size_t lang, cmark_node *doc)
{
	if (!s->nterms || t->primary->fm.kind == KIND_TERM)
		return;
	const struct lang *l = &s->cfg->langs[lang];
	struct S_term *terms = xcalloc(s->nterms, sizeof *terms);
	for (size_t i = 0; i < s->nterms; i++) {
		const struct page *p = tset_page(s->terms[i], text_lang);
		terms[i].t = s->terms[i];
		/* Simple per-unit folding, as for the text (see S_try_node). */
		const char *words[2] = {p->fm.title, p->fm.abbr};
		for (int v = 0; v < 2; v++) {
			if (!words[v] || (v == 1 && p->fm.abbr &&
					  strcmp(p->fm.abbr, p->fm.title) == 0))
				continue;
			int32_t n;
			UChar *full = S_fold(words[v], &n);
			if (!full)
				continue;
			terms[i].needle[v] = full;
			terms[i].len[v] = n;
		}
		terms[i].expansion = p->fm.abbr ? p->fm.term : NULL;
	}
	char *here = url_dir(l->code, t->rel);
	/* How many headings, links and images enclose the walk: counted on
	 * the way in and out, rather than asking every text node for its
	 * ancestors, which costs the depth of the tree per node. */
	size_t excluded = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (S_excluding(n)) {
			if (ev == CMARK_EVENT_ENTER)
				excluded++;
			else
				excluded--;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_TEXT || excluded)
			continue;
		if (S_try_node(n, terms, s->nterms, here, l->code,
			       s->cfg->langs[text_lang].locale)) {
			/* The tree changed under the iterator: restart it as
			 * if it had just left the link made (its next step
			 * is past the link, so the count is unchanged). */
			cmark_node *next = cmark_node_next(n);
			cmark_iter_reset(it, next, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
	free(here);
	for (size_t i = 0; i < s->nterms; i++) {
		free(terms[i].needle[0]);
		free(terms[i].needle[1]);
	}
	free(terms);
}
