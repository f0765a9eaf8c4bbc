/* The key of a word for search: what a page's words and a reader's query
 * are both reduced to before they are compared (doc/search.md). The rules
 * live in one table, computed here from ICU once; the browser gets the same
 * table (fold_table_json), so that the two sides cannot drift apart. */
#ifndef SKYLT_FOLD_H
#define SKYLT_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Appends the key of the UTF-8 word s (NFC) to out: every code point
 * replaced by its fold-table entry. Invalid UTF-8 becomes U+FFFD. Safe from
 * several threads at once. */
void fold_key(const char *s, size_t len, struct buf *out);

/* As fold_key, but Latin letters keep their diacritics: the form a stemmer
 * for the language expects ("förskolan"). fold_key of the result equals
 * fold_key of s. */
void fold_lower(const char *s, size_t len, struct buf *out);

/* Appends the fold table as a JSON object {"<code point>": "<key>", …},
 * code points in increasing order, only those whose key differs from
 * themselves. */
void fold_table_json(struct buf *out);

/* The same table in parts, one per block of code points that it covers
 * (fold_table_parts of them), so that the browser loads only the parts
 * whose characters a query has: part i covers lo to hi and is appended to
 * out as a JSON object like fold_table_json's. Returns its number of
 * entries (0: the part need not be loaded). */
size_t fold_table_parts(void);
size_t fold_table_part(size_t i, uint32_t *lo, uint32_t *hi, struct buf *out);

/* The code point that separates the parts of a Persian, Dari or Sorani
 * compound: each part is also a word of its own (doc/search.md). */
#define FOLD_ZWNJ 0x200C

#endif
