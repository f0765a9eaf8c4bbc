/* Glossary links: the first occurrence on a page of a defined term or its
 * abbreviation links to the term's page in the reader's language. */
#ifndef SKYLT_GLOSSARY_H
#define SKYLT_GLOSSARY_H

#include <cmark-gfm.h>

#include "model.h"

/* Links, in doc (the body of set t, written in language text_lang and shown
 * in the site of language lang), the first occurrence of each term of the
 * site: its title or abbreviation in text_lang, linked to its page in lang,
 * case-folded and on word boundaries as ICU's word break iterator finds them.
 * Text in headings, links, images and code is never linked, nor a term on its
 * own page. Touches only doc. */
void glossary_link(const struct site *s, const struct tset *t, size_t text_lang,
		   size_t lang, cmark_node *doc);

#endif
