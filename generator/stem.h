/* Stems for search: Snowball's (libstemmer) for the languages it has, a
 * light suffix stripper for Ukrainian, Persian, Dari, Sorani and Somali, none
 * for the others (doc/search.md). */
#ifndef SKYLT_STEM_H
#define SKYLT_STEM_H

#include <stddef.h>

/* One per thread and language: Snowball's stemmers keep state. */
struct stemmer;

/* The stemmer for a language code of site.yaml ("sv", "prs"); never NULL
 * (a language without one gets a stemmer that returns the word). */
struct stemmer *stemmer_new(const char *code);
void stemmer_free(struct stemmer *st);

/* The stem of word (UTF-8, as fold_lower gives it), valid until the next
 * call with st. Words not in the language's script are returned whole. */
const char *stemmer_stem(struct stemmer *st, const char *word, size_t len,
			 size_t *stem_len);

/* What stems a language, for documentation and the manifest: "snowball",
 * "light" or "none". */
const char *stemmer_kind(const char *code);

#endif
