/* Sorting and index headings per language with ICU: each language's own
 * order, and every word under some heading even where ICU's index letters
 * are missing (Sorani) or partial (Somali). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "collate.h"
#include "locale.h"

/* Sorts words with c and checks the result is want (space-separated). */
static void S_order(const char *locale, const char *words[], size_t n,
		    const char *want)
{
	struct collator *c = collator_new(locale);
	CHECK(c != NULL);
	if (!c)
		return;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i;
		     j > 0 && collator_compare(c, words[j - 1], words[j]) > 0;
		     j--) {
			const char *t = words[j];
			words[j] = words[j - 1];
			words[j - 1] = t;
		}
	char got[512] = "";
	for (size_t i = 0; i < n; i++) {
		strcat(got, i ? " " : "");
		strcat(got, words[i]);
	}
	CHECK_STR(got, want);
	collator_free(c);
}

static void S_heading(const char *locale, const char *word, const char *want)
{
	struct collator *c = collator_new(locale);
	char *h = c ? collator_heading(c, word) : NULL;
	CHECK_STR(h, want);
	free(h);
	collator_free(c);
}

/* The headings a sorted list of words falls under, in order, each once, as
 * the glossary groups them (compose.c): space-separated. */
static void S_groups(const char *locale, const char *words[], size_t n,
		     const char *want)
{
	struct collator *c = collator_new(locale);
	CHECK(c != NULL);
	if (!c)
		return;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i;
		     j > 0 && collator_compare(c, words[j - 1], words[j]) > 0;
		     j--) {
			const char *t = words[j];
			words[j] = words[j - 1];
			words[j - 1] = t;
		}
	char got[512] = "";
	char *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		char *h = collator_heading(c, words[i]);
		if (!prev || collator_compare(c, prev, h) != 0) {
			strcat(got, prev ? " " : "");
			strcat(got, h);
			free(prev);
			prev = h;
		} else {
			free(h);
		}
	}
	free(prev);
	CHECK_STR(got, want);
	collator_free(c);
}

int main(void)
{
	locale_pin_default();
	/* Swedish: Å, Ä, Ö after Z; V and W distinct. */
	const char *sv[] = {"Öppettider", "Ansvar", "Ämne", "Åtgärd",
			    "Wallin",	  "Zon",    "Vägg"};
	S_order("sv", sv, 7, "Ansvar Vägg Wallin Zon Åtgärd Ämne Öppettider");
	/* Persian: پ after ب, چ after ج. */
	const char *fa[] = {"چای", "بار", "جا", "پل"};
	S_order("fa", fa, 4, "بار پل جا چای");
	/* Ukrainian: Ґ after Г. */
	const char *uk[] = {"ґанок", "дім", "гора"};
	S_order("uk", uk, 3, "гора ґанок дім");
	/* Russian: Ё sorts with Е. */
	const char *ru[] = {"ёж", "жук", "еда"};
	S_order("ru", ru, 3, "еда ёж жук");

	/* Headings. */
	S_heading("sv", "Åtgärd", "Å");
	S_heading("sv", "ämne", "Ä");
	S_heading("sv", "Écu", "E");
	S_heading("sv", "anvisning", "A");
	S_heading("ru", "ёж", "Е");
	S_heading("uk", "ґанок", "Ґ");
	S_heading("ar", "اللجوء", "ا");
	S_heading("fa", "پناهجو", "پ");
	/* Ethiopic: a syllable files under its row's first form. */
	S_heading("ti", "ኣሕጽሮተ", "አ");
	S_heading("ti", "ቃል", "ቀ");
	/* Somali's index lacks vowels; Sorani has no index at all: the first
	 * letter itself is the heading, never another letter's. */
	S_heading("so", "Ogolaansho", "O");
	S_heading("so", "Barnaamij", "B");
	S_heading("ckb", "پەنابەر", "پ");
	S_heading("ckb", "ئیمەیڵ", "ئ");

	/* Alef with hamza or madda, and yeh with hamza, file as ICU's
	 * AlphabeticIndex files them: under the last index letter at or
	 * before them (ا), not each under a heading of its own, repeated
	 * where the collator interleaves them. Persian has آ as a letter of
	 * its index; Arabic does not. */
	const char *fa_a[] = {"آب", "اِ",   "اب", "ابر", "أ",
			      "ئ",  "ئاب", "أب", "ئیل", "بار"};
	S_groups("fa", fa_a, 10, "آ ا ب");
	const char *prs_a[] = {"آب", "اِ",   "اب", "ابر", "أ",
			       "ئ",  "ئاب", "أب", "ئیل", "بار"};
	/* Dari's own collation makes ئ a variant of ی: it files there. */
	S_groups("fa_AF", prs_a, 10, "آ ا ب ی");
	S_heading("fa_AF", "ئیل", "ی");
	S_heading("fa", "أب", "ا");
	S_heading("fa", "ئیل", "ا");
	S_heading("fa", "آب", "آ");
	const char *ar_a[] = {"آب", "أب", "اب", "إبرة", "باب"};
	S_groups("ar", ar_a, 5, "ا ب");
	S_heading("ar", "آب", "ا");
	/* Sorani has no index letters: each letter heads itself. Its own
	 * ک and ی and the Arabic look-alikes would make two headings that
	 * look the same, which is why 'skylt check' warns about them
	 * (lookalike.c); written right, one heading each. */
	const char *ckb_a[] = {"کار", "کوڕ", "یاسا", "یەک"};
	S_groups("ckb", ckb_a, 4, "ک ی");
	const char *ckb_b[] = {"کار", "كتێب"};
	S_groups("ckb", ckb_b, 2, "ك ک");
	return harness_done("collate");
}
