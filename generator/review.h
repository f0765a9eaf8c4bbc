/* A translator's review of a translation against its source page: the value
 * that 'source:' should record, marking a checked translation current, and
 * what changed in the source since a translation was made. Only the last
 * needs git (to give back the old text); the build never does. */
#ifndef SKYLT_REVIEW_H
#define SKYLT_REVIEW_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "model.h"

/* Appends to out, with a newline, the 'source:' value for translations of
 * the page at path: a source file, or one of its translations (paths as
 * content/LANG/PATH.md or LANG/PATH.md). Returns 0, or -1 with an error in
 * d. */
int review_hash(const struct site *s, const char *path, struct buf *out,
		struct diags *d);

/* Sets 'source:' in each of the n translation files to the current value of
 * its source page (source_rewrite: no other byte of the file changes), and
 * appends a line per file to out saying what was done. Meant for a
 * translator who has checked each file against its source. Files with a
 * problem are reported to d and left as they were. Returns 0, or -1 when
 * any file could not be marked. */
int review_mark(const struct site *s, const char *const *files, size_t n,
		struct buf *out, struct diags *d);

/* Appends to out a unified diff of the source page's file as it was when
 * the translation at path was made (from git, by the blob id in its
 * 'source:') against that file now. Returns 0, or -1 with an error in d
 * (no source recorded, only the older hash, git missing, the text not in
 * the repository). */
int review_diff(const struct site *s, const char *path, struct buf *out,
		struct diags *d);

#endif
