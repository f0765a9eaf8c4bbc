/* Heading ids. They are derived from the text alone, so they stay stable as
 * long as a heading's words do, and they keep every script's letters: an
 * Arabic heading gets an Arabic id, not an empty one. */
#include "anchor.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "buf.h"

static void S_text(cmark_node *n, struct buf *b)
{
	for (cmark_node *c = cmark_node_first_child(n); c;
	     c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(c);
			if (lit)
				buf_puts(b, lit);
		} else if (t == CMARK_NODE_SOFTBREAK ||
			   t == CMARK_NODE_LINEBREAK) {
			buf_putc(b, ' ');
		} else {
			S_text(c, b);
		}
	}
}

/* Folds text to an id: NFKC, then full case folding, letters, digits and
 * marks kept, every other run one hyphen. NFKC_Casefold would be one call,
 * but it deletes ZWNJ, which Persian spelling needs. */
static char *S_slug(const char *text)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, text, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8(u, ulen + 1, NULL, text, -1, &err);
	/* NFKC expands at most 18-fold, folding at most 3-fold per unit. */
	int32_t cap = ulen * 18 + 16;
	UChar *n = xmalloc((size_t)cap * sizeof *n);
	UChar *f = xmalloc((size_t)cap * 3 * sizeof *f);
	int32_t nlen =
	    U_SUCCESS(err) ? unorm2_normalize(nfkc, u, ulen, n, cap, &err) : 0;
	int32_t flen = U_SUCCESS(err) ? u_strFoldCase(f, cap * 3, n, nlen,
						      U_FOLD_CASE_DEFAULT, &err)
				      : 0;
	if (U_FAILURE(err))
		flen = 0;
	free(n);
	struct buf b = BUF_INIT;
	int hyphen = 0;
	for (int32_t i = 0; i < flen;) {
		UChar32 c;
		U16_NEXT(f, i, flen, c);
		int8_t cat = (int8_t)u_charType(c);
		int keep = u_isalnum(c) || cat == U_NON_SPACING_MARK ||
			   cat == U_COMBINING_SPACING_MARK ||
			   cat == U_ENCLOSING_MARK;
		/* ZWNJ is part of Persian spelling (می‌شود), not a
		 * break.
		 */
		if (c == 0x200C)
			keep = b.len > 0;
		if (!keep) {
			hyphen = b.len > 0;
			continue;
		}
		if (hyphen)
			buf_putc(&b, '-');
		hyphen = 0;
		char out[4];
		int32_t k = 0;
		UBool bad = 0;
		U8_APPEND((uint8_t *)out, k, 4, c, bad);
		if (!bad)
			buf_put(&b, out, (size_t)k);
	}
	free(u);
	free(f);
	if (!b.len)
		buf_puts(&b, "section");
	return buf_detach(&b);
}

void anchors_compute(cmark_node *doc, struct anchors *out)
{
	out->ids = NULL;
	out->n = 0;
	size_t cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		struct buf text = BUF_INIT;
		S_text(n, &text);
		char *id = S_slug(text.ptr);
		buf_release(&text);
		/* A repeat gets -2, -3 …, skipping any suffix already taken
		 * by a heading that reads that way. */
		if (anchors_has(out, id)) {
			for (int k = 2;; k++) {
				char *alt = xasprintf("%s-%d", id, k);
				if (!anchors_has(out, alt)) {
					free(id);
					id = alt;
					break;
				}
				free(alt);
			}
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->ids = xrealloc(out->ids, cap * sizeof *out->ids);
		}
		out->ids[out->n++] = id;
	}
	cmark_iter_free(it);
}

int anchors_has(const struct anchors *a, const char *id)
{
	/* Pages have a handful of headings: a scan beats a table here. */
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->ids[i], id) == 0)
			return 1;
	return 0;
}

void anchors_release(struct anchors *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->ids[i]);
	free(a->ids);
	a->ids = NULL;
	a->n = 0;
}
