/* ICU collation and index headings. ICU's AlphabeticIndex, which does this,
 * is C++ only; its index exemplar sets come in code point order and are
 * missing or partial for some languages (TRAPS.md), hence the checks here. */
#include "collate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ulocdata.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "buf.h"

struct label {
	UChar s[8];
	int32_t n;
};

struct collator {
	UCollator *coll;    /* the locale's order, tertiary */
	UCollator *primary; /* letters alike but for case and accents match */
	char locale[ULOC_FULLNAME_CAPACITY];
	struct label *labels; /* the index letters, in collation order */
	size_t nlabels;
};

/* Index sets have a few dozen letters: an insertion sort with the collator
 * needs no global to pass it to qsort. */
static void S_sort_labels(UCollator *coll, struct label *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct label x = v[i];
		size_t j = i;
		while (j > 0 && ucol_strcoll(coll, v[j - 1].s, v[j - 1].n, x.s,
					     x.n) == UCOL_GREATER) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

struct collator *collator_new(const char *locale)
{
	UErrorCode err = U_ZERO_ERROR;
	struct collator *c = xcalloc(1, sizeof *c);
	snprintf(c->locale, sizeof c->locale, "%s", locale);
	c->coll = ucol_open(locale, &err);
	c->primary = ucol_open(locale, &err);
	if (U_FAILURE(err)) {
		collator_free(c);
		return NULL;
	}
	ucol_setStrength(c->primary, UCOL_PRIMARY);
	UErrorCode e2 = U_ZERO_ERROR;
	ULocaleData *ld = ulocdata_open(locale, &e2);
	USet *set =
	    U_SUCCESS(e2)
		? ulocdata_getExemplarSet(ld, NULL, 0, ULOCDATA_ES_INDEX, &e2)
		: NULL;
	if (set && U_SUCCESS(e2)) {
		int32_t items = uset_getItemCount(set);
		c->labels =
		    xcalloc((size_t)uset_size(set) + 1, sizeof *c->labels);
		for (int32_t k = 0; k < items; k++) {
			UChar32 a, b;
			UChar str[8];
			UErrorCode e3 = U_ZERO_ERROR;
			int32_t len = uset_getItem(set, k, &a, &b, str, 8, &e3);
			if (len > 0) {
				struct label *l = &c->labels[c->nlabels++];
				memcpy(l->s, str, (size_t)len * sizeof *str);
				l->n = len;
				continue;
			}
			for (UChar32 ch = a; ch <= b; ch++) {
				struct label *l = &c->labels[c->nlabels++];
				l->n = 0;
				U16_APPEND_UNSAFE(l->s, l->n, ch);
			}
		}
		S_sort_labels(c->coll, c->labels, c->nlabels);
	}
	if (set)
		uset_close(set);
	if (ld)
		ulocdata_close(ld);
	return c;
}

void collator_free(struct collator *c)
{
	if (!c)
		return;
	if (c->coll)
		ucol_close(c->coll);
	if (c->primary)
		ucol_close(c->primary);
	free(c->labels);
	free(c);
}

int collator_compare(struct collator *c, const char *a, const char *b)
{
	UErrorCode err = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(c->coll, a, -1, b, -1, &err);
	if (U_FAILURE(err))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* Ethiopic syllables come in rows of eight forms of one consonant; the index
 * names each row by its first form. */
static int S_same_ethiopic_row(UChar32 a, UChar32 b)
{
	int eth = a >= 0x1200 && a <= 0x137F && b >= 0x1200 && b <= 0x137F;
	return eth && (a - 0x1200) / 8 == (b - 0x1200) / 8;
}

char *collator_heading(struct collator *c, const char *word)
{
	/* The first letter with its combining marks. */
	const uint8_t *w = (const uint8_t *)word;
	int32_t len = (int32_t)strlen(word), i = 0;
	UChar32 first = 0;
	while (i < len) {
		U8_NEXT(w, i, len, first);
		if (first > 0 && u_isalnum(first))
			break;
	}
	UChar u[8];
	int32_t n = 0;
	if (first > 0)
		U16_APPEND_UNSAFE(u, n, first);
	while (i < len && n < 6) {
		int32_t at = i;
		UChar32 m;
		U8_NEXT(w, i, len, m);
		if (m < 0 || !(U_GET_GC_MASK(m) & U_GC_M_MASK)) {
			i = at;
			break;
		}
		U16_APPEND_UNSAFE(u, n, m);
	}
	const struct label *found = NULL;
	for (size_t k = 0; k < c->nlabels && !found; k++)
		if (ucol_strcoll(c->primary, u, n, c->labels[k].s,
				 c->labels[k].n) == UCOL_EQUAL)
			found = &c->labels[k];
	for (size_t k = 0; k < c->nlabels && !found; k++) {
		UChar32 l0;
		U16_GET_UNSAFE(c->labels[k].s, 0, l0);
		if (S_same_ethiopic_row(first, l0))
			found = &c->labels[k];
	}
	/* A letter made of another and a mark (أ, ئ, آ: alef or yeh with
	 * hamza or madda) that the locale has no index letter for is filed
	 * as ICU's AlphabeticIndex files it: under the last index letter of
	 * its script that sorts at or before it at primary strength (ا in
	 * Persian for أ and ئ, in Arabic for آ). A letter of its own (Somali's
	 * vowels, missing from its set) keeps its own heading. */
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
	UChar dec[8];
	if (!found && first > 0 && U_SUCCESS(err) &&
	    unorm2_getRawDecomposition(nfd, first, dec, 8, &err) > 0 &&
	    U_SUCCESS(err)) {
		UScriptCode sc = uscript_getScript(first, &err);
		for (size_t k = 0; k < c->nlabels && U_SUCCESS(err); k++) {
			UChar32 l0;
			U16_GET_UNSAFE(c->labels[k].s, 0, l0);
			if (uscript_getScript(l0, &err) != sc)
				continue;
			if (ucol_strcoll(c->primary, c->labels[k].s,
					 c->labels[k].n, u, n) == UCOL_GREATER)
				break;
			found = &c->labels[k];
		}
	}
	err = U_ZERO_ERROR;
	UChar out[16];
	int32_t outn;
	if (found) {
		memcpy(out, found->s, (size_t)found->n * sizeof *out);
		outn = found->n;
	} else {
		outn = u_strToUpper(out, 16, u, n, c->locale, &err);
		if (U_FAILURE(err)) {
			memcpy(out, u, (size_t)n * sizeof *u);
			outn = n;
			err = U_ZERO_ERROR;
		}
	}
	char buf[64];
	int32_t blen = 0;
	u_strToUTF8(buf, sizeof buf, &blen, out, outn, &err);
	return U_SUCCESS(err) ? xstrndup(buf, (size_t)blen) : xstrdup("#");
}
