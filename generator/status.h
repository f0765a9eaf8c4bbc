/* Translation status: for each language, which pages are current (made from
 * the source's translatable text as it is now), which are stale (that text
 * changed since), which record no source, and which are missing. */
#ifndef SKYLT_STATUS_H
#define SKYLT_STATUS_H

#include "buf.h"
#include "model.h"

enum tr_state {
	TR_SOURCE,   /* the page is the source itself */
	TR_CURRENT,  /* the source's translatable text is as it was when the
			translation was made */
	TR_STALE,    /* the source's translatable text changed since */
	TR_NOSOURCE, /* no 'source:': it cannot be told what the translation
			was made from */
	TR_MISSING,  /* no file in this language */
	TR_ORPHAN,   /* a translation whose source page does not exist */
	TR_COUNT
};

/* The state of set t in language lang. */
enum tr_state tr_state_of(const struct site *s, const struct tset *t,
			  size_t lang);

/* Appends the report for every language to out: a table and the lists of
 * stale, unrecorded and missing pages, or with json a JSON document for
 * tools. Returns the number of those pages. */
size_t status_report(const struct site *s, int json, struct buf *out);

#endif
