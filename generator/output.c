/* The output folder: a fresh folder renamed into place, or a rebuild that
 * stages changed files and renames them over the old ones. On a slow file
 * system every directory entry costs a metadata write, so a rebuild touches
 * only what changed instead of recreating the whole tree. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hmap.h"

struct output_file {
	char *rel;
	long staged; /* the staged file's number, or -1 if unchanged */
	off_t size;  /* as written (or found unchanged): a rename keeps */
	struct timespec mtime; /* both, and the build record wants them */
};

static int S_rm_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void S_rm_tree(const char *path)
{
	nftw(path, S_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p, optimistic: most parents exist already, and on a slow file
 * system each needless mkdir is a costly metadata call. */
static int S_mkdirs(char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return -1;
	*slash = '\0';
	int rc = S_mkdirs(path);
	*slash = '/';
	if (rc < 0)
		return -1;
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* Creates the folders above path ("a/b/c.html": a/b). */
static int S_mkparents(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash) {
		*slash = '\0';
		rc = S_mkdirs(dir);
	}
	free(dir);
	return rc;
}

static int S_is_empty_dir(const char *path)
{
	DIR *dh = opendir(path);
	if (!dh)
		return 0;
	int empty = 1;
	struct dirent *e;
	while ((e = readdir(dh)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(dh);
	return empty;
}

int output_begin(struct output *o, const char *dest, struct diags *d)
{
	memset(o, 0, sizeof *o);
	pthread_mutex_init(&o->lock, NULL);
	size_t len = strlen(dest);
	while (len > 1 && dest[len - 1] == '/')
		len--;
	o->dest = xstrndup(dest, len);
	struct stat st;
	if (stat(o->dest, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "output exists and is not a folder");
			return -1;
		}
		char *index = xasprintf("%s/index.html", o->dest);
		o->updating = access(index, F_OK) == 0;
		free(index);
		if (!o->updating && !S_is_empty_dir(o->dest)) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "output folder is not empty and holds no "
				  "index.html, so it is not a site skylt "
				  "built: choose another -o or remove it");
			return -1;
		}
	}
	const char *slash = strrchr(o->dest, '/');
	const char *kind = o->updating ? "changes" : "new";
	if (slash)
		o->next = xasprintf("%.*s/.%s.%s-%ld", (int)(slash - o->dest),
				    o->dest, slash + 1, kind, (long)getpid());
	else
		o->next =
		    xasprintf(".%s.%s-%ld", o->dest, kind, (long)getpid());
	S_rm_tree(o->next); /* left over from a build that was killed */
	char *tmp = xstrdup(o->next);
	int rc = S_mkdirs(tmp);
	free(tmp);
	if (rc < 0) {
		diags_add(d, SEV_ERROR, o->next, 0, 0,
			  "cannot create the output folder: %s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* Does the file at path hold exactly data? */
/* Does the file at path hold exactly data? st receives its stat. */
static int S_same(const char *path, const void *data, size_t n, struct stat *st)
{
	struct buf old = BUF_INIT;
	int same = buf_read_file(&old, path, st) == 0 && S_ISREG(st->st_mode) &&
		   old.len == n && memcmp(old.ptr, data, n) == 0;
	buf_release(&old);
	return same;
}

/* Writes data to path; st receives the written file's stat. */
static int S_put(const char *path, const void *data, size_t n, struct stat *st)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t left = n;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fstat(fd, st) != 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void S_record(struct output *o, const char *rel, long staged,
		     const struct stat *st)
{
	pthread_mutex_lock(&o->lock);
	if (o->nfiles == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 1024;
		o->files = xrealloc(o->files, o->cap * sizeof *o->files);
	}
	o->files[o->nfiles++] = (struct output_file){xstrdup(rel), staged,
						     st->st_size, st->st_mtim};
	pthread_mutex_unlock(&o->lock);
}

int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d)
{
	char *path;
	long staged = -1;
	struct stat st;
	if (o->updating) {
		char *old = xasprintf("%s/%s", o->dest, rel);
		int same = S_same(old, data, n, &st);
		free(old);
		if (same) {
			atomic_fetch_add(&o->kept, 1);
			S_record(o, rel, -1, &st);
			return 0;
		}
		/* Staged flat, by number: the folders are made once, at the
		 * commit, and only for files that need them. */
		staged = (long)atomic_fetch_add(&o->staged, 1);
		path = xasprintf("%s/%ld", o->next, staged);
	} else {
		path = xasprintf("%s/%s", o->next, rel);
	}
	if ((!o->updating && S_mkparents(path) < 0) ||
	    S_put(path, data, n, &st) < 0) {
		diags_add(d, SEV_ERROR, path, 0, 0, "cannot write: %s",
			  strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	atomic_fetch_add(&o->written, 1);
	S_record(o, rel, staged, &st);
	return 0;
}

int output_copy_tree(struct output *o, const char *src, const char *rel,
		     struct diags *d)
{
	/* Sorted, so that a failure is reported the same way every time. */
	struct dirent **names = NULL;
	int n = scandir(src, &names, NULL, alphasort);
	if (n < 0) {
		diags_add(d, SEV_ERROR, src, 0, 0, "cannot read folder: %s",
			  strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (name[0] != '.') {
			char *from = xasprintf("%s/%s", src, name);
			char *to = xasprintf("%s/%s", rel, name);
			struct stat st;
			if (lstat(from, &st) != 0) {
				diags_add(d, SEV_ERROR, from, 0, 0,
					  "cannot read: %s", strerror(errno));
				rc = -1;
			} else if (S_ISLNK(st.st_mode)) {
				/* Not skipped without a word: the file would
				 * be missing from the site. */
				diags_add(d, SEV_ERROR, from, 0, 0,
					  "symbolic links are not followed: "
					  "copy the file itself into the "
					  "folder");
				rc = -1;
			} else if (S_ISDIR(st.st_mode)) {
				rc |= output_copy_tree(o, from, to, d);
			} else if (S_ISREG(st.st_mode)) {
				struct buf b = BUF_INIT;
				if (buf_read_file(&b, from, NULL) != 0) {
					diags_add(d, SEV_ERROR, from, 0, 0,
						  "cannot read: %s",
						  strerror(errno));
					rc = -1;
				} else {
					rc |= output_write(o, to, b.ptr, b.len,
							   d);
				}
				buf_release(&b);
			}
			free(from);
			free(to);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int S_by_rel(const void *a, const void *b)
{
	return strcmp(((const struct output_file *)a)->rel,
		      ((const struct output_file *)b)->rel);
}

/* Removes, below dir, every file whose path after the output folder's prefix
 * characters is not in keep, and the folders that leaves empty. */
static void S_prune_dir(const struct hmap *keep, const char *dir, size_t prefix)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			S_prune_dir(keep, path, prefix);
			rmdir(path); /* fails, as it should, unless now empty */
		} else if (!hmap_get(keep, path + prefix)) {
			unlink(path);
		}
		free(path);
	}
	closedir(dh);
}

/* Removes what the previous build had and this one has not. */
static void S_prune(struct output *o)
{
	struct hmap keep;
	hmap_init(&keep);
	for (size_t i = 0; i < o->nfiles; i++)
		hmap_put(&keep, o->files[i].rel, o->files[i].rel);
	S_prune_dir(&keep, o->dest, strlen(o->dest) + 1);
	hmap_release(&keep);
}

int output_commit(struct output *o, struct diags *d)
{
	qsort(o->files, o->nfiles, sizeof *o->files, S_by_rel);
	if (!o->updating) {
		/* rename(2) replaces an empty folder in the same step. */
		if (rename(o->next, o->dest) != 0) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "cannot put the new site in place: %s",
				  strerror(errno));
			output_abort(o);
			return -1;
		}
		return 0;
	}
	for (size_t i = 0; i < o->nfiles; i++) {
		const struct output_file *f = &o->files[i];
		if (f->staged < 0)
			continue;
		char *from = xasprintf("%s/%ld", o->next, f->staged);
		char *to = xasprintf("%s/%s", o->dest, f->rel);
		int rc = S_mkparents(to);
		if (rc == 0)
			rc = rename(from, to);
		if (rc != 0)
			diags_add(d, SEV_ERROR, to, 0, 0,
				  "cannot put the new file in place: %s",
				  strerror(errno));
		free(from);
		free(to);
		if (rc != 0) {
			output_abort(o);
			return -1;
		}
	}
	S_prune(o);
	S_rm_tree(o->next);
	return 0;
}

void output_abort(struct output *o)
{
	if (o->next)
		S_rm_tree(o->next);
}

size_t output_count(const struct output *o)
{
	return o->nfiles;
}

const char *output_path(const struct output *o, size_t i)
{
	return o->files[i].rel;
}

void output_stat(const struct output *o, size_t i, off_t *size,
		 struct timespec *mtime)
{
	*size = o->files[i].size;
	*mtime = o->files[i].mtime;
}

void output_release(struct output *o)
{
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i].rel);
	free(o->files);
	free(o->dest);
	free(o->next);
	pthread_mutex_destroy(&o->lock);
	memset(o, 0, sizeof *o);
}
