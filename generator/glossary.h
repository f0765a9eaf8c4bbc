/* Glossary links: the first occurrence on a page of a defined term (its
 * title or word) or its abbreviation links to the term's page in the reader's
 * language. */
#ifndef SKYLT_GLOSSARY_H
#define SKYLT_GLOSSARY_H

#include <cmark-gfm.h>

#include "model.h"

/* Links, in doc (the body of set t, written in language text_lang and shown
 * in the site of language lang), the first occurrence of each term of the
 * site: its title, word or abbreviation in text_lang, linked to its page in
 * lang, on word boundaries as ICU's word break iterator finds them, also
 * across soft line breaks; case-folded except an abbreviation; the longest
 * match first, and a term linked already keeps its words from shorter ones.
 * Text in headings, links, images, code and between <!-- nolink --> and
 * <!-- /nolink --> (or the paragraph's end) is never linked, nor a term on its
 * own page. Touches only doc. */
void glossary_link(const struct site *s, const struct tset *t, size_t text_lang,
		   size_t lang, cmark_node *doc);

#endif
