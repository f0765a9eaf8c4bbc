/* Translation coverage as diagnostics: 'skylt build' and 'skylt check' report
 * each stale and each missing translation as a warning or an error, as
 * site.yaml's 'translations:' says, so that a site's CI decides whether a
 * Swedish page may reach the published site before its translations. */
#ifndef SKYLT_COVERAGE_H
#define SKYLT_COVERAGE_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Adds to d, per the site's policy: a message at the 'source:' line of each
 * translation that is not current (or at its first line when it records no
 * source), and one at line 1 of each source page naming the languages it is
 * not translated into. A page that failed to load counts as present, so that
 * its error is not followed by a false report of a gap. Runs on threads
 * threads of the pool. */
void coverage_report(const struct site *s, size_t threads, struct diags *d);

#endif
