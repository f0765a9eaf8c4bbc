/* Bidi isolation: the runs of a text that read against its base direction
 * (a phone number, an e-mail address or a Swedish name in Arabic; an Arabic
 * word in Swedish), found once here for every place that writes text: the
 * Markdown body (render.c) and the template engine (template.c) wrap them in
 * <bdi>, and where no markup can go (attributes, <title>, the feed) they are
 * put between FSI and PDI. */
#ifndef SKYLT_BIDI_H
#define SKYLT_BIDI_H

#include <stddef.h>

#include "buf.h"

/* U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, in UTF-8. */
#define BIDI_FSI "\xe2\x81\xa8"
#define BIDI_PDI "\xe2\x81\xa9"

/* Finds the next run against the base direction (rtl: the text's base is
 * right-to-left) in s[*at, len), UTF-8. Returns 1 with the run's bytes in
 * [*start, *end) and *at moved to *end; 0 when there is none (*at is then
 * len). Invalid UTF-8 is never part of a run. */
int bidi_next_run(const char *s, size_t len, size_t *at, int rtl, size_t *start,
		  size_t *end);

/* Appends s to out with each run against the base direction between FSI
 * and PDI: for text that cannot hold markup. */
void bidi_marks(struct buf *out, const char *s, int rtl);

/* s with its runs between FSI and PDI, as bidi_marks writes it; NULL when s
 * has no such run (use s as it is). The caller frees what is returned. */
char *bidi_marked(const char *s, int rtl);

#endif
