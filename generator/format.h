/* Locale formatting with ICU: dates and opening hours in each language's own
 * words, digits and calendar. A formatter is not thread-safe: each thread opens
 * its own. */
#ifndef SKYLT_FORMAT_H
#define SKYLT_FORMAT_H

#include "config.h"
#include "frontmatter.h"

struct formatter;

/* Opens the ICU formatters for l; NULL if ICU cannot. Free with formatter_free.
 */
struct formatter *formatter_new(const struct lang *l);
void formatter_free(struct formatter *f);

/* Formats an ISO date (YYYY-MM-DD, YYYY-MM or YYYY, already validated) as the
 * locale writes it ("1 mars 2018", "mars 2018", "2018"); malloc'd, the caller
 * frees. The time zone is fixed, so the result does not depend on TZ. */
char *format_date(struct formatter *f, const char *iso);

/* Formats opening hours ("måndag–fredag 08:00–16:30"); malloc'd. */
char *format_hours(struct formatter *f, const struct hours *h);

/* The machine-readable form of opening hours used by schema.org and
 * <time datetime>: "Mo-Fr 08:00-16:30"; malloc'd. */
char *hours_machine(const struct hours *h);

#endif
