/* The age of a page's facts: the date a build counts from, and whether a
 * page's 'updated' date lies more than site.yaml's age_notice years before
 * it, in which case compose.c shows a notice under the date. */
#ifndef SKYLT_AGE_H
#define SKYLT_AGE_H

#include "diag.h"
#include "model.h"

/* "YYYY-MM-DD" and its terminating NUL. */
#define AGE_DATE_SIZE 11

/* The build date, "YYYY-MM-DD" in UTC, into out: from SOURCE_DATE_EPOCH
 * (seconds since 1970-01-01 UTC) when that variable is set, so that a build
 * can be repeated byte for byte, else from the clock. Returns 0, or -1 when
 * SOURCE_DATE_EPOCH is not a whole number of seconds, with an error in d
 * (unless d is NULL). */
int age_build_date(char out[AGE_DATE_SIZE], struct diags *d);

/* Whether facts dated updated (YYYY-MM-DD, YYYY-MM or YYYY, as front matter
 * validated it; a year counts as 1 January, a month as its first day) are
 * more than years years older than today (YYYY-MM-DD). Exactly years years
 * is not more. */
int age_is_old(const char *updated, const char *today, int years);

/* Checks that site.yaml's age_notice.contact names a page of the site: an
 * error at its place in content/site.yaml otherwise. Returns 0 or -1. */
int age_check_site(const struct site *s, struct diags *d);

#endif
