/* Letters that look alike: Arabic-script languages other than Arabic write
 * their own code points for letters Arabic also has (Persian ی and ک, Sorani
 * ە and ھ). Arabic's look the same on screen, but sort, search and file
 * under index letters apart, so a reader meets two "ک" headings. */
#ifndef SKYLT_LOOKALIKE_H
#define SKYLT_LOOKALIKE_H

#include "diag.h"
#include "load.h"

/* Warns, at its file:line:col, about every Arabic code point in p's readable
 * text (title, summary, term and the body, except code and link destinations)
 * that the language of the ICU locale writes with a letter of its own, naming
 * the letter to write instead. Checks Persian, Dari (fa_AF) and Sorani (ckb);
 * for any other locale it does nothing. */
void lookalike_check(const struct page *p, const char *locale, struct diags *d);

#endif
