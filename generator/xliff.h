/* Translation hand-off: the pages of a language as XLIFF 2.0 for translation
 * tools, and the translated file back into the Markdown of content/<code>/.
 * One <file> per page, one <unit> per segment (segment.h), Markdown inline
 * markup as inline codes whose original data is the Markdown itself. */
#ifndef SKYLT_XLIFF_H
#define SKYLT_XLIFF_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "model.h"

struct xliff_stats {
	size_t pages;	   /* <file>s written, or pages read on import */
	size_t units;	   /* <unit>s */
	size_t targets;	   /* units with a <target> */
	size_t misaligned; /* translations whose body's blocks differ from the
			      source's: exported without targets */
	size_t missing;	   /* pages not yet translated */
	size_t written;	   /* import: translation files written */
};

/* Appends to out the XLIFF 2.0 document of language lang (not the source):
 * every page of the site with its source segments, and the translation's as
 * targets where the translation lines up with the source. With changed, only
 * the segments whose source changed since the translation was made (the old
 * source comes from 'git cat-file blob', run in the current folder; where git
 * cannot give it, every segment of a stale page, with a warning in d).
 * Returns 0, or -1 with an error in d. */
int xliff_export(const struct site *s, size_t lang, int changed,
		 struct buf *out, struct xliff_stats *st, struct diags *d);

/* Reads the XLIFF file at path, checks every unit against the site as it is
 * now, and writes the translated pages (with 'source:' set to the current
 * source where every unit of the page is translated). All or nothing: with an
 * error in d, at the XLIFF file's line, no file is written. Returns 0, -1
 * for such errors, or -2 when a page could not be written (each page is
 * written whole, by a rename, but those before it stay written). */
int xliff_import(const struct site *s, const char *path, struct xliff_stats *st,
		 struct diags *d);

#endif
