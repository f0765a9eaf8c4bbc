/* Term linking. Matching works on NFC text case-folded with ICU, and a match
 * counts only where the word break iterator puts boundaries at both ends, so
 * "SFI" is found in "SFI-kurs" but "ABO" is not found in "ABONNEMANG". */
#include "glossary.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "deps.h"
#include "url.h"

/* A term is found by its title, its word (term:) and its abbreviation. */
#define S_NEEDLES 3

struct S_term {
	const struct tset *t;
	/* Case-folded, except an abbreviation (and a title written as it):
	 * "PUT" is a term, the English verb "put" is not. NULL if absent. */
	UChar *needle[S_NEEDLES];
	int32_t len[S_NEEDLES];
	int exact[S_NEEDLES];
	const char *expansion; /* for the link's title */
	int done;
};

static UChar *S_utf16(const char *s, int32_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, s, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)n + 1) * sizeof *u);
	u_strFromUTF8(u, n + 1, NULL, s, -1, &err);
	if (U_FAILURE(err) || n == 0) {
		free(u);
		return NULL;
	}
	*len = n;
	return u;
}

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

/* The first whole-word occurrence of needle in hay (length n) at or after
 * pos, or -1. u is the unfolded text, for the word boundaries. */
static int32_t S_find(const UChar *hay, int32_t n, int32_t pos,
		      const UChar *needle, int32_t len, const UChar *u,
		      const char *locale)
{
	while (pos < n) {
		UChar *at = u_strFindFirst(hay + pos, n - pos, needle, len);
		if (!at)
			return -1;
		int32_t from = (int32_t)(at - hay);
		if (S_on_boundaries(u, n, from, from + len, locale))
			return from;
		pos = from + 1;
	}
	return -1;
}

/* A run: text nodes and the soft line breaks between them, read as one
 * string, so that a term wrapped at 80 columns ("ensamkommande\nbarn") is
 * found. */
struct S_run {
	cmark_node **nodes;
	int32_t *at; /* where each node starts in u; at[nnodes] is ulen */
	size_t nnodes;
	UChar *u; /* the run's text, a soft break as a space */
	int32_t ulen;
};

static int S_in_run(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK;
}

static void S_run_read(struct S_run *r, cmark_node *first)
{
	size_t cap = 0;
	struct buf text = BUF_INIT;
	memset(r, 0, sizeof *r);
	for (cmark_node *n = first; n && S_in_run(n); n = cmark_node_next(n)) {
		if (r->nnodes == cap) {
			cap = cap ? cap * 2 : 8;
			r->nodes = xrealloc(r->nodes, cap * sizeof *r->nodes);
		}
		r->nodes[r->nnodes++] = n;
		const char *lit = cmark_node_get_literal(n);
		if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
			buf_putc(&text, ' ');
		else if (lit)
			buf_puts(&text, lit);
		buf_putc(&text, '\0'); /* ends the node, removed below */
	}
	/* One conversion for the whole run; node starts are found again by
	 * the NUL each node ends with, so offsets are in UTF-16 units. */
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, text.ptr ? text.ptr : "",
		      (int32_t)text.len, &err);
	err = U_ZERO_ERROR;
	UChar *all = xmalloc(((size_t)n + 1) * sizeof *all);
	u_strFromUTF8(all, n + 1, NULL, text.ptr ? text.ptr : "",
		      (int32_t)text.len, &err);
	buf_release(&text);
	r->at = xmalloc((r->nnodes + 1) * sizeof *r->at);
	r->u = xmalloc(((size_t)n + 1) * sizeof *r->u);
	size_t k = 0;
	r->at[0] = 0;
	for (int32_t i = 0; i < n; i++) {
		if (all[i] == 0)
			r->at[++k] = r->ulen;
		else
			r->u[r->ulen++] = all[i];
	}
	r->u[r->ulen] = 0;
	free(all);
}

static void S_run_release(struct S_run *r)
{
	free(r->nodes);
	free(r->at);
	free(r->u);
}

/* The index of the node of r that holds UTF-16 offset off (the last node
 * that starts at or before it). */
static size_t S_run_node(const struct S_run *r, int32_t off)
{
	size_t k = 0;
	while (k + 1 < r->nnodes && r->at[k + 1] <= off)
		k++;
	return k;
}

/* Splits text node n at UTF-16 offset off of its literal: n keeps what is
 * before it, and a new node after n holds the rest, which is returned. */
static cmark_node *S_cut(cmark_node *n, int32_t off)
{
	const char *lit = cmark_node_get_literal(n);
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, lit, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8(u, ulen + 1, NULL, lit, -1, &err);
	int32_t bytes = 0;
	err = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &bytes, u, off, &err);
	free(u);
	cmark_node *rest = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(rest, lit + bytes);
	cmark_node_insert_after(n, rest);
	char *before = xstrndup(lit, (size_t)bytes);
	cmark_node_set_literal(n, before); /* copies; lit is now gone */
	free(before);
	return rest;
}

/* Wraps [from, to) of the run in a link, which it returns: the text around
 * it stays where it was, the nodes it covers (with any soft break) move into
 * the link. */
static cmark_node *S_wrap(struct S_run *r, int32_t from, int32_t to, const char *url,
		   const char *title)
{
	size_t i = S_run_node(r, from), j = S_run_node(r, to - 1);
	cmark_node *last = r->nodes[j];
	int32_t last_at = r->at[j];
	cmark_node *first = r->nodes[i];
	if (from > r->at[i]) {
		first = S_cut(r->nodes[i], from - r->at[i]);
		if (i == j) {
			last = first;
			last_at = from;
		}
	}
	if (cmark_node_get_type(last) == CMARK_NODE_TEXT && to < r->at[j + 1])
		S_cut(last, to - last_at);
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	cmark_node_set_url(link, url);
	if (title)
		cmark_node_set_title(link, title);
	cmark_node_insert_before(first, link);
	cmark_node *stop = cmark_node_next(last);
	for (cmark_node *n = first; n != stop;) {
		cmark_node *next = cmark_node_next(n);
		cmark_node_append_child(link, n); /* unlinks n first */
		n = next;
	}
	return link;
}

/* Links at most one term in the run that starts at text node n. Every term
 * competes, linked already or not: the match that starts first wins, and of
 * two that start together the longer, so the words of "svenska för
 * invandrare" belong to SFI, whose expansion they are, and never link
 * "invandrare". A match of a term linked already is passed over whole.
 * Returns the link made, or NULL; *last is the run's last node. */
static cmark_node *S_try_run(cmark_node *n, struct S_term *terms,
			     size_t nterms, const char *here, const char *code,
			     const char *locale, cmark_node **last)
{
	struct S_run r;
	S_run_read(&r, n);
	*last = r.nodes[r.nnodes - 1];
	/* Fold per code unit position: simple folding keeps lengths, so match
	 * offsets map back to the original text. */
	UChar *f = xmalloc(((size_t)r.ulen + 1) * sizeof *f);
	for (int32_t i = 0; i < r.ulen; i++)
		f[i] = (UChar)u_foldCase(r.u[i], U_FOLD_CASE_DEFAULT);
	f[r.ulen] = 0;
	struct S_term *hit = NULL;
	int32_t best = -1, best_end = 0;
	for (int32_t pos = 0; pos < r.ulen;) {
		best = -1;
		hit = NULL;
		for (size_t k = 0; k < nterms; k++) {
			struct S_term *tm = &terms[k];
			for (int v = 0; v < S_NEEDLES; v++) {
				if (!tm->needle[v])
					continue;
				int32_t from = S_find(
				    tm->exact[v] ? r.u : f, r.ulen, pos,
				    tm->needle[v], tm->len[v], r.u, locale);
				int32_t to = from + tm->len[v];
				if (from >= 0 &&
				    (best < 0 || from < best ||
				     (from == best && to > best_end))) {
					best = from;
					best_end = to;
					hit = tm;
				}
			}
		}
		if (!hit || !hit->done)
			break;
		pos = best_end;
		hit = NULL;
	}
	cmark_node *link = NULL;
	if (hit) {
		char *dir = url_dir(code, hit->t->rel);
		char *url = url_relative(here, dir);
		link = S_wrap(&r, best, best_end, url, hit->expansion);
		free(url);
		free(dir);
		hit->done = 1;
	}
	free(f);
	S_run_release(&r);
	return link;
}

/* An editor keeps a passage free of glossary links, such as a law's name
 * that contains a defined word, between two HTML comments:
 * <!-- nolink -->lagen om … invandrare<!-- /nolink -->. Comments are never
 * published; the passage ends at the latest with its paragraph. */
static int S_marker(cmark_node *n, const char *word)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit || strncmp(lit, "<!--", 4))
		return 0;
	lit += 4;
	while (*lit == ' ')
		lit++;
	size_t k = strlen(word);
	if (strncmp(lit, word, k))
		return 0;
	lit += k;
	while (*lit == ' ')
		lit++;
	return strcmp(lit, "-->") == 0;
}

void glossary_link(const struct site *s, const struct tset *t, size_t text_lang,
		   size_t lang, cmark_node *doc)
{
	deps_note(DEP_TERMS, "");
	if (!s->nterms || t->primary->fm.kind == KIND_TERM)
		return;
	const struct lang *l = &s->cfg->langs[lang];
	struct S_term *terms = xcalloc(s->nterms, sizeof *terms);
	for (size_t i = 0; i < s->nterms; i++) {
		const struct page *p = tset_page(s->terms[i], text_lang);
		terms[i].t = s->terms[i];
		/* Simple per-unit folding, as for the text (see S_try_node). */
		const char *words[S_NEEDLES] = {p->fm.title, p->fm.term,
						p->fm.abbr};
		for (int v = 0; v < S_NEEDLES; v++) {
			int dup = 0;
			for (int w = 0; w < v && words[v]; w++)
				dup |= words[w] && !strcmp(words[w], words[v]);
			if (!words[v] || dup)
				continue;
			int exact = p->fm.abbr && !strcmp(words[v], p->fm.abbr);
			int32_t n;
			UChar *needle =
			    exact ? S_utf16(words[v], &n) : S_fold(words[v], &n);
			if (!needle)
				continue;
			terms[i].needle[v] = needle;
			terms[i].len[v] = n;
			terms[i].exact[v] = exact;
		}
		terms[i].expansion = p->fm.abbr ? p->fm.term : NULL;
	}
	char *here = url_dir(l->code, t->rel);
	/* How many headings, links and images enclose the walk: counted on
	 * the way in and out, rather than asking every text node for its
	 * ancestors, which costs the depth of the tree per node. */
	size_t excluded = 0;
	int nolink = 0;
	cmark_node *scanned_to = NULL; /* the end of a run found to hold none */
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		if (S_excluding(n)) {
			if (ev == CMARK_EVENT_ENTER)
				excluded++;
			else
				excluded--;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
			nolink = 0;
		if (type == CMARK_NODE_HTML_INLINE) {
			if (S_marker(n, "nolink"))
				nolink = 1;
			else if (S_marker(n, "/nolink"))
				nolink = 0;
		}
		if (scanned_to) {
			if (n == scanned_to)
				scanned_to = NULL;
			continue;
		}
		if (type != CMARK_NODE_TEXT || excluded || nolink)
			continue;
		cmark_node *last = NULL;
		cmark_node *link =
		    S_try_run(n, terms, s->nterms, here, l->code,
			      s->cfg->langs[text_lang].locale, &last);
		if (link) {
			/* The tree changed under the iterator: restart it as
			 * if it had just left the link made; the text after
			 * it starts a new run. */
			cmark_iter_reset(it, link, CMARK_EVENT_EXIT);
		} else if (last != n) {
			scanned_to = last;
		}
	}
	cmark_iter_free(it);
	free(here);
	for (size_t i = 0; i < s->nterms; i++)
		for (int v = 0; v < S_NEEDLES; v++)
			free(terms[i].needle[v]);
	free(terms);
}
