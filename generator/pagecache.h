/* The pages as the last build loaded them: each page's front matter, hashes
 * and messages, kept beside the output ("pages" in its cache folder, output.h), so
 * that the next build takes an unchanged page from here instead of reading
 * and parsing it. Its text is read only if a page that shows it is made
 * again (load.h, page_text). */
#ifndef SKYLT_PAGECACHE_H
#define SKYLT_PAGECACHE_H

#include <stdint.h>

#include "diag.h"
#include "load.h"
#include "model.h"

struct page_cache;

/* The record beside dest, if it was made with these globals (deps.h);
 * NULL: none. */
struct page_cache *page_cache_load(const char *dest, uint64_t globals);
void page_cache_free(struct page_cache *c);

/* Fills p (listed, not loaded; a translation's src set and loaded or taken
 * already) from the record if its file is as recorded and, for a
 * translation, its source page too; adds the messages loading it gave to d.
 * Returns 1, or 0 when p must be loaded. p points into c (record) until
 * page_cache_save: free c after it. */
int page_cache_take(const struct page_cache *c, struct page *p,
		    struct diags *d);

/* Writes the record of site's pages beside dest, leaving out those whose
 * file changed within two seconds of since (a later save could keep the
 * same times). */
void page_cache_save(const char *dest, const struct site *s, uint64_t globals,
		     const struct timespec *since);

#endif
