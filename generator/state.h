/* What the last build read and wrote, kept beside the output folder
 * (".site.skylt-state" for "site"), so that a rebuild with nothing changed
 * stops before it parses anything: the inputs are checked by size, times and
 * hash, the output files by size and modification time. */
#ifndef SKYLT_STATE_H
#define SKYLT_STATE_H

#include <stdint.h>

#include "diag.h"

struct build_stats;
struct output;
struct site;
struct state_inputs;

/* Is the output dest exactly what a build of the current inputs (the files
 * under content/, templates/ and translations/, and this skylt) made, and,
 * if that build was dated for age notices, on today's build date? If so,
 * fills st as that build did and adds its warnings to d. */
int state_current(const char *dest, struct build_stats *st, struct diags *d);

/* The inputs as they are before a build reads them: each file's stat and,
 * for those that are not pages, the hash of its bytes. Take it before the
 * build reads anything; free it with state_inputs_free. */
struct state_inputs *state_inputs_take(void);
void state_inputs_free(struct state_inputs *t);

/* A hash of every input taken that is neither a page nor in translations/
 * (with only set, of that one input), and of this skylt: what every page
 * depends on (or what loading a page does). */
uint64_t state_inputs_globals(const struct state_inputs *t, const char *only);
/* The hash of one input as taken (path as "translations/sv.xlf"); 0 when
 * there is none. */
uint64_t state_inputs_hash(const struct state_inputs *t, const char *path);

/* Records a successful build of site into dest: its inputs as it read them
 * (the pages by the size, times and hash they had when read, the others as
 * taken before, unless they changed since), its build date (today, "YYYY-MM-DD",
 * when its pages depend on it; else NULL), its files and its warnings. */
void state_save(const char *dest, const struct state_inputs *taken,
		const struct site *site, const struct output *o,
		const struct build_stats *st, const char *today,
		const struct diags *d);

/* Was the file changed within two seconds before t (by its time or its
 * inode's)? Its times may not tell a save in the same clock tick: a record
 * must not take it as unchanged next time. */
struct stat;
struct timespec;
int state_racy(const struct stat *fs, const struct timespec *t);

/* Forgets the record, before the output changes. */
void state_forget(const char *dest);

#endif
