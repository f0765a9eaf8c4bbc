/* The record is a small text file, one fact per line:
 *
 *   skylt-state 2
 *   exe SIZE MTIME_S MTIME_NS INODE         the skylt that built
 *   stats PAGES SOURCES LANGUAGES
 *   date YYYY-MM-DD                          the build date, when age
 *                                            notices depend on it
 *   input HASH SIZE MTIME_S MTIME_NS CTIME_S CTIME_NS INODE PATH
 *   warning LINE COL PATH<TAB>MESSAGE
 *   file SIZE MTIME_S MTIME_NS PATH          an output file
 *
 * Inputs are listed in the order of a sorted walk of content/, templates/
 * and translations/. As git's index does, an input whose size, times and
 * inode are as recorded is taken as unchanged without being read; any other
 * is read and its FNV-1a hash compared, so that a file saved without changes
 * does not count as a change. The record is written to a temporary name and
 * renamed, so it is whole or absent.
 *
 * The record must say what the build read, not what is there when it ends:
 * an input saved during the build would otherwise look built. Pages are
 * recorded by the stat and hash load.c took as it read them; the other
 * inputs (site.yaml, templates, translations) by a stat and hash taken
 * before the build began, and if one of them changed since, no record is
 * kept. An input whose times fall within two seconds of the build's start
 * is recorded with a time no file has, so the next build hashes it. */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "age.h"
#include "buf.h"
#include "build.h"
#include "hmap.h"
#include "output.h"
#include "pool.h"

static char *S_path(const char *dest)
{
	const char *slash = strrchr(dest, '/');
	if (slash)
		return xasprintf("%.*s/.%s.skylt-state", (int)(slash - dest),
				 dest, slash + 1);
	return xasprintf(".%s.skylt-state", dest);
}

/* Every file under the source folders, sorted; as taken before a build,
 * also each file's stat and, for those that are not pages, the hash of the
 * bytes read then. */
struct S_input {
	char *path;
	struct stat st;
	uint64_t hash;
	int state; /* 0 not looked at, 1 stat taken, 2 hash too, -1 unreadable
		    */
};

struct S_inputs {
	struct S_input *v;
	size_t n, cap;
};

struct state_inputs {
	struct S_inputs in;
	struct timespec taken; /* when, by the wall clock */
};

static void S_walk(struct S_inputs *in, const char *dir)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") && strcmp(name, "..")) {
			char *path = xasprintf("%s/%s", dir, name);
			/* The folder's entry tells a folder; only a file
			 * system that does not say is asked. */
			struct stat st;
			st.st_mode = DTTOIF(names[i]->d_type);
			if (names[i]->d_type == DT_UNKNOWN &&
			    lstat(path, &st) != 0) {
				free(path);
			} else if (S_ISDIR(st.st_mode)) {
				S_walk(in, path);
				free(path);
			} else {
				if (in->n == in->cap) {
					in->cap = in->cap ? 2 * in->cap : 256;
					in->v = xrealloc(
					    in->v, in->cap * sizeof *in->v);
				}
				in->v[in->n++] = (struct S_input){.path = path};
			}
		}
		free(names[i]);
	}
	free(names);
}

static void S_inputs(struct S_inputs *in)
{
	memset(in, 0, sizeof *in);
	static const char *const dirs[] = {"content", "templates",
					   "translations"};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
		S_walk(in, dirs[i]);
}

static void S_inputs_release(struct S_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i].path);
	free(in->v);
}

/* The FNV-1a hash of a file's bytes, and its stat from before the read (so
 * that a change during the read shows as a changed stat next time). */
static int S_hash_file(const char *path, struct stat *st, uint64_t *hash)
{
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, path, st);
	*hash = fnv1a64(b.ptr, b.len);
	buf_release(&b);
	return rc;
}

static void S_put_stat(struct buf *b, const struct stat *st)
{
	buf_printf(b, "%llu %llu %llu %llu %llu %llu",
		   (unsigned long long)st->st_size,
		   (unsigned long long)st->st_mtim.tv_sec,
		   (unsigned long long)st->st_mtim.tv_nsec,
		   (unsigned long long)st->st_ctim.tv_sec,
		   (unsigned long long)st->st_ctim.tv_nsec,
		   (unsigned long long)st->st_ino);
}

static int S_same_stat(const struct stat *a, const unsigned long long v[6])
{
	return (unsigned long long)a->st_size == v[0] &&
	       (unsigned long long)a->st_mtim.tv_sec == v[1] &&
	       (unsigned long long)a->st_mtim.tv_nsec == v[2] &&
	       (unsigned long long)a->st_ctim.tv_sec == v[3] &&
	       (unsigned long long)a->st_ctim.tv_nsec == v[4] &&
	       (unsigned long long)a->st_ino == v[5];
}

/* The running executable, by size, time and inode. */
static void S_exe(struct buf *b)
{
	struct stat st;
	memset(&st, 0, sizeof st);
	stat("/proc/self/exe", &st);
	buf_puts(b, "exe ");
	S_put_stat(b, &st);
	buf_putc(b, '\n');
}

void state_forget(const char *dest)
{
	char *path = S_path(dest);
	unlink(path);
	free(path);
}

/* What the record says of one input or output file, to check in the pool:
 * a site's worth of stat calls takes two cores' time well. */
struct S_check {
	const char *path;   /* an input's, or an output file's under dest */
	unsigned long long v[7]; /* an input: stat (6) and hash; an output:
				    size and time */
	int output;
};

struct S_checking {
	struct S_check *v;
	const char *dest;
	atomic_int stale;
};

static void S_check_one(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	struct S_checking *c = ctx;
	if (atomic_load(&c->stale))
		return;
	const struct S_check *k = &c->v[i];
	int same;
	if (k->output) {
		char *file = xasprintf("%s/%s", c->dest, k->path);
		struct stat fs;
		same = stat(file, &fs) == 0 &&
		       (unsigned long long)fs.st_size == k->v[0] &&
		       (unsigned long long)fs.st_mtim.tv_sec == k->v[1] &&
		       (unsigned long long)fs.st_mtim.tv_nsec == k->v[2];
		free(file);
	} else {
		uint64_t h;
		struct stat now;
		same = (lstat(k->path, &now) == 0 &&
			S_same_stat(&now, k->v + 0)) ||
		       (S_hash_file(k->path, &now, &h) == 0 && h == k->v[6]);
	}
	if (!same)
		atomic_store(&c->stale, 1);
}

int state_current(const char *dest, struct build_stats *st, struct diags *d)
{
	char *path = S_path(dest);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	struct buf exe = BUF_INIT;
	S_exe(&exe);
	struct S_inputs in;
	S_inputs(&in);
	size_t next = 0; /* the next input the record should list */
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int current = 1, version = 0, had_exe = 0;
	struct build_stats seen = {0};
	struct S_check *checks = NULL;
	size_t nchecks = 0, cap_checks = 0;
	struct diags warnings;
	diags_init(&warnings);
	while (current && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		unsigned long long v[7];
		int off = 0;
		if (strcmp(line, "skylt-state 2") == 0) {
			version = 1;
		} else if (strncmp(line, "exe ", 4) == 0) {
			had_exe = 1;
			current = strncmp(line, exe.ptr, exe.len - 1) == 0 &&
				  (size_t)len == exe.len - 1;
		} else if (strncmp(line, "date ", 5) == 0) {
			/* Age notices appear as days pass, with no input
			 * changed: another day is another build. */
			char today[AGE_DATE_SIZE];
			current = age_build_date(today, NULL) == 0 &&
				  strcmp(line + 5, today) == 0;
		} else if (sscanf(line, "stats %llu %llu %llu", &v[0], &v[1],
				  &v[2]) == 3) {
			seen.pages = v[0];
			seen.sources = v[1];
			seen.languages = v[2];
		} else if (sscanf(line,
				  "input %llx %llu %llu %llu %llu %llu %llu %n",
				  &v[6], &v[0], &v[1], &v[2], &v[3], &v[4],
				  &v[5], &off) == 7 &&
			   off) {
			const struct S_input *i =
			    next < in.n ? &in.v[next++] : NULL;
			current = i && strcmp(i->path, line + off) == 0;
			if (current) {
				if (nchecks == cap_checks) {
					cap_checks =
					    cap_checks ? 2 * cap_checks : 1024;
					checks = xrealloc(
					    checks, cap_checks * sizeof *checks);
				}
				struct S_check *k = &checks[nchecks++];
				k->path = i->path;
				memcpy(k->v, v, sizeof k->v);
				k->output = 0;
			}
		} else if (sscanf(line, "warning %llu %llu %n", &v[0], &v[1],
				  &off) == 2 &&
			   off) {
			char *tab = strchr(line + off, '\t');
			if (tab) {
				*tab = '\0';
				diags_add(&warnings, SEV_WARNING, line + off,
					  (int)v[0], (int)v[1], "%s", tab + 1);
			}
		} else if (sscanf(line, "file %llu %llu %llu %n", &v[0], &v[1],
				  &v[2], &off) == 3 &&
			   off) {
			if (nchecks == cap_checks) {
				cap_checks = cap_checks ? 2 * cap_checks : 1024;
				checks = xrealloc(checks,
						  cap_checks * sizeof *checks);
			}
			struct S_check *k = &checks[nchecks++];
			k->path = xstrdup(line + off);
			memcpy(k->v, v, sizeof k->v);
			k->output = 1;
			seen.unchanged++;
		} else {
			current = 0;
		}
	}
	free(line);
	fclose(f);
	/* Every input listed, and no input the record does not know. */
	current =
	    current && version && had_exe && next == in.n && seen.unchanged > 0;
	if (current) {
		struct S_checking c = {checks, dest, 0};
		pool_run(pool_cpus(), nchecks, S_check_one, &c);
		current = !atomic_load(&c.stale);
	}
	for (size_t i = 0; i < nchecks; i++)
		if (checks[i].output)
			free((char *)checks[i].path);
	free(checks);
	if (current) {
		*st = seen;
		diags_move(d, &warnings);
	}
	diags_release(&warnings);
	S_inputs_release(&in);
	buf_release(&exe);
	return current;
}

/* A page is hashed by load.c from the bytes it reads; every other input is
 * hashed here, before the build reads it. */
static int S_is_page(const char *path)
{
	size_t len = strlen(path);
	return strncmp(path, "content/", 8) == 0 && strchr(path + 8, '/') &&
	       len > 3 && strcmp(path + len - 3, ".md") == 0;
}

struct state_inputs *state_inputs_take(void)
{
	struct state_inputs *t = xcalloc(1, sizeof *t);
	clock_gettime(CLOCK_REALTIME, &t->taken);
	S_inputs(&t->in);
	for (size_t i = 0; i < t->in.n; i++) {
		struct S_input *x = &t->in.v[i];
		if (S_is_page(x->path))
			x->state = lstat(x->path, &x->st) == 0 ? 1 : -1;
		else
			x->state = S_hash_file(x->path, &x->st, &x->hash) == 0
				       ? 2
				       : -1;
	}
	return t;
}

uint64_t state_inputs_globals(const struct state_inputs *t, const char *only)
{
	struct buf b = BUF_INIT;
	S_exe(&b);
	for (size_t i = 0; i < t->in.n; i++) {
		const struct S_input *x = &t->in.v[i];
		if (S_is_page(x->path) || strncmp(x->path, "translations/", 13) == 0 ||
		    (only && strcmp(x->path, only) != 0))
			continue;
		buf_printf(&b, "%d %016llx %s\n", x->state,
			   (unsigned long long)x->hash, x->path);
	}
	uint64_t h = fnv1a64(b.ptr, b.len);
	buf_release(&b);
	return h;
}

uint64_t state_inputs_hash(const struct state_inputs *t, const char *path)
{
	for (size_t i = 0; i < t->in.n; i++)
		if (strcmp(t->in.v[i].path, path) == 0)
			return t->in.v[i].state == 2 ? t->in.v[i].hash : 1;
	return 0;
}

void state_inputs_free(struct state_inputs *t)
{
	if (!t)
		return;
	S_inputs_release(&t->in);
	free(t);
}

static int S_same_file(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec &&
	       a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* Was fs's file changed in the last two seconds before t? A file system
 * stamps times from a clock that ticks every few milliseconds (every
 * second or two on some), so a file saved again within the tick of the
 * stat taken would keep the same times: such a file is hashed by the next
 * build, whatever its stat says, as git does with a racily clean file. */
int state_racy(const struct stat *fs, const struct timespec *t)
{
	return fs->st_mtim.tv_sec >= t->tv_sec - 2 ||
	       fs->st_ctim.tv_sec >= t->tv_sec - 2;
}

void state_save(const char *dest, const struct state_inputs *taken,
		const struct site *site, const struct output *o,
		const struct build_stats *st, const char *today,
		const struct diags *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "skylt-state 2\n");
	S_exe(&b);
	buf_printf(&b, "stats %zu %zu %zu\n", st->pages, st->sources,
		   st->languages);
	if (today)
		buf_printf(&b, "date %s\n", today);
	/* Each input as the build read it: a page by the stat and hash
	 * load.c took when it read it, any other input by those taken before
	 * the build began, if it is still that file. An input saved during
	 * the build could have been read in either version: then no record
	 * is kept, and the next build reads everything. */
	struct hmap pages;
	hmap_init(&pages);
	for (size_t i = 0; i < site->npages; i++)
		hmap_put(&pages, site->pages[i]->path, site->pages[i]);
	const struct S_inputs *in = &taken->in;
	int ok = 1;
	for (size_t i = 0; ok && i < in->n; i++) {
		const struct S_input *x = &in->v[i];
		const struct page *p = hmap_get(&pages, x->path);
		uint64_t h;
		struct stat fs, now;
		if (p && !p->failed) {
			h = strtoull(p->hash, NULL, 16);
			fs = p->st;
		} else if (x->state == 2) {
			h = x->hash;
			fs = x->st;
			ok =
			    lstat(x->path, &now) == 0 && S_same_file(&now, &fs);
		} else if (x->state == 1) {
			/* Not a page the build read (a stray file): as it
			 * is now, if it is as it was before. */
			ok = S_hash_file(x->path, &fs, &h) == 0 &&
			     S_same_file(&fs, &x->st);
		} else {
			ok = 0;
		}
		if (!ok || strchr(x->path, '\n'))
			break;
		if (state_racy(&fs, &taken->taken))
			fs.st_mtim.tv_nsec = 1000000000; /* no stat has it */
		buf_printf(&b, "input %016llx ", (unsigned long long)h);
		S_put_stat(&b, &fs);
		buf_printf(&b, " %s\n", x->path);
	}
	hmap_release(&pages);
	for (size_t i = 0; ok && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->sev != SEV_WARNING || strchr(g->msg, '\n') ||
		    strchr(g->path, '\t'))
			continue;
		buf_printf(&b, "warning %d %d %s\t%s\n", g->line, g->col,
			   g->path, g->msg);
	}
	for (size_t i = 0; ok && i < output_count(o); i++) {
		const char *rel = output_path(o, i);
		off_t size;
		struct timespec mtime;
		output_stat(o, i, &size, &mtime);
		ok = !strchr(rel, '\n');
		if (ok)
			buf_printf(&b, "file %llu %llu %llu %s\n",
				   (unsigned long long)size,
				   (unsigned long long)mtime.tv_sec,
				   (unsigned long long)mtime.tv_nsec, rel);
	}
	if (ok) {
		char *path = S_path(dest);
		buf_write_file(path, b.ptr, b.len);
		free(path);
	}
	/* Without a record the next build runs in full: never wrong. */
	buf_release(&b);
}
