/* The light stemmers of stem.c: suffix tables for the languages Snowball
 * lacks (doc/search.md, "Stems"). Each takes a word as fold_lower gives it,
 * in its language's script, and shortens or rewrites its end in place. */
#ifndef SKYLT_STEM_LIGHT_H
#define SKYLT_STEM_LIGHT_H

#include "buf.h"

void stem_light_uk(struct buf *w);  /* Ukrainian */
void stem_light_fa(struct buf *w);  /* Persian and Dari */
void stem_light_ckb(struct buf *w); /* Sorani */
void stem_light_so(struct buf *w);  /* Somali */

#endif
