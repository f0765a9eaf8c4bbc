/* Writing the site so that a reader of the output folder sees, at every
 * instant, either the whole previous build or the whole new one. The new
 * build is completed in a sibling tree (".site.prev" for "site"): a changed
 * file is written there, an unchanged one is a hard link to the file in
 * place (it keeps its inode and timestamps). Once the build has succeeded,
 * the two trees are exchanged in one step (renameat2 RENAME_EXCHANGE), and
 * the sibling then holds the previous build, which the next build brings up
 * to date with only what changed since. A file already in either tree is
 * never written to: open readers keep whole files. */
#ifndef SKYLT_OUTPUT_H
#define SKYLT_OUTPUT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "diag.h"

struct output_file; /* a file of this build: its path, size and time */

struct output {
	char *dest;   /* the output folder as given, e.g. "site" */
	char *real;   /* dest, or the folder it leads to if it is a link */
	char *next;   /* the sibling tree this build completes */
	int updating; /* real holds a previous build: link unchanged files */
	atomic_size_t written; /* files whose bytes changed or are new */
	atomic_size_t kept;    /* files identical to the previous build */
	atomic_int err;	       /* the first failed write's errno, or 0 */
	pthread_mutex_t lock;  /* guards files */
	struct output_file *files;
	size_t nfiles, cap;
	/* The files of each tree as their builds wrote them, when known: the sibling's tell what to
	   remove from it without walking it. NULL: not known. */
	struct buf *real_list, *next_list;
};

/* Takes the lock of the output folder dest (".site.lock" beside "site"),
 * which every build that writes dest holds from start to end. If another
 * build holds it, calls waiting(lock file, arg) once and waits. Then puts
 * right or removes what killed builds left beside dest. Returns the lock's
 * descriptor, or -1 with an error in d. */
int output_lock(const char *dest, void (*waiting)(const char *, void *),
		void *arg, struct diags *d);

/* The file name of what a build keeps for the next one beside dest, in
 * ".site.skylt-cache/" for "site" (made if missing), malloc'd. Each file
 * there is self-checking: a missing or stale one costs only time. */
char *output_cache_path(const char *dest, const char *name);

/* Releases a lock from output_lock (-1: nothing). */
void output_unlock(int fd);

/* Prepares the output, with the lock held: refuses a dest that exists but does
 * not look like a site skylt built (so that -o never deletes someone's folder).
 * Returns 0, or -1 with an error in d. */
int output_begin(struct output *o, const char *dest, struct diags *d);

/* Writes rel ("sv/ansvar/index.html"). Safe to call from several threads.
 * Returns 0 or -1. A failure is not reported here but by output_commit, once
 * for the whole build: a full disk fails every write after the first. */
int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d);

/* Keeps rel as the previous build wrote it, if the file in place still has
 * the size and modification time given (those that build recorded): 0.
 * 1: it is not that file, or cannot be kept; the caller writes it. -1: a
 * failure, reported by output_commit. Safe to call from several threads. */
int output_keep(struct output *o, const char *rel, off_t size,
		const struct timespec *mtime);

/* Copies every regular file under src into rel/ of the output. */
int output_copy_tree(struct output *o, const char *src, const char *rel,
		     struct diags *d);

/* Puts the new build in place in one step. If a write failed, or the step
 * fails, leaves dest as it was, removes the sibling tree and adds one error
 * that names dest and the cause. Returns 0 or -1. */
int output_commit(struct output *o, struct diags *d);

/* Leaves dest as it was. A rebuild's sibling tree is kept for the next
 * build, which checks every file in it again; a first build's, or one after
 * a failed write (a full disk wants its space back), is removed. */
void output_abort(struct output *o);

/* After a commit: the site-relative paths of this build's files, sorted. */
size_t output_count(const struct output *o);
const char *output_path(const struct output *o, size_t i);
/* The size and modification time file i had when it was written or found
 * unchanged; the exchange kept both. */
void output_stat(const struct output *o, size_t i, off_t *size,
		 struct timespec *mtime);

/* Frees what o holds; after output_commit or output_abort. */
void output_release(struct output *o);

#endif
