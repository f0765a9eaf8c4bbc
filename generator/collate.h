/* Sorting and index letters with ICU: terms and contacts in each language's
 * own order, grouped under headings that never drop or misfile a word. A
 * collator is not thread-safe: each thread opens its own. */
#ifndef SKYLT_COLLATE_H
#define SKYLT_COLLATE_H

struct collator;

/* Opens the collator and index letters of an ICU locale; NULL on failure. */
struct collator *collator_new(const char *locale);
void collator_free(struct collator *c);

/* strcmp-like comparison of two UTF-8 strings in the locale's order. */
int collator_compare(struct collator *c, const char *a, const char *b);

/* The index heading a word belongs under, malloc'd: the locale's index letter
 * that its first letter is a form of (Å in Swedish, Е for Ё in Russian, the
 * row's first syllable in Ethiopic), or, where the locale's set has no such
 * letter (Sorani has none, Somali lacks the vowels), the first letter itself
 * in upper case. */
char *collator_heading(struct collator *c, const char *word);

#endif
