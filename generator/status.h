/* Translation status: for each language, which pages are translated from the
 * current source, which are stale (the source page changed since) and which
 * are missing. */
#ifndef SKYLT_STATUS_H
#define SKYLT_STATUS_H

#include "buf.h"
#include "model.h"

enum tr_state {
	TR_SOURCE,  /* the page is the source itself */
	TR_CURRENT, /* translated from the source as it is now */
	TR_STALE,   /* 'source:' names another version of the source, or none */
	TR_MISSING, /* no file in this language */
	TR_ORPHAN   /* a translation whose source page does not exist */
};

/* The state of set t in language lang. */
enum tr_state tr_state_of(const struct site *s, const struct tset *t,
			  size_t lang);

/* Appends the report for every language to out: a table and the lists of
 * stale and missing pages, or with json a JSON document for tools. Returns the
 * number of stale and missing pages. */
size_t status_report(const struct site *s, int json, struct buf *out);

#endif
