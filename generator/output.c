/* The output folder and its sibling tree. A first build writes a fresh tree
 * and renames it into place. A rebuild completes the sibling tree, which
 * holds the build before the one in place (or what a killed build left):
 * each file of the new build is either linked from the one in place, when
 * its bytes did not change, or written anew; what the new build has not is
 * removed; and the two trees are exchanged. On a slow file system every
 * directory entry costs a metadata write, so a file that is already the same
 * inode in both trees is left alone: a rebuild touches what changed in the
 * last two builds, not the whole tree. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hmap.h"

struct output_file {
	char *rel;
	off_t size;	       /* as written (or found unchanged): the link */
	struct timespec mtime; /* and the exchange keep both */
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

/* In the sibling tree, a file may stand where this build needs a folder,
 * or a folder where it needs a file: clears the way to next/rel. */
static void S_clear_way(const char *next, const char *rel)
{
	char *path = xasprintf("%s/%s", next, rel);
	struct stat st;
	for (char *s = path + strlen(next) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			unlink(path);
		*s = '/';
	}
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		S_rm_tree(path);
	free(path);
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

/* "site" with kind "prev": ".site.prev", beside it. */
static char *S_sibling(const char *dest, const char *kind)
{
	const char *slash = strrchr(dest, '/');
	if (slash)
		return xasprintf("%.*s/.%s.%s", (int)(slash - dest), dest,
				 slash + 1, kind);
	return xasprintf(".%s.%s", dest, kind);
}

char *output_cache_path(const char *dest, const char *name)
{
	char *dir = S_sibling(dest, "skylt-cache");
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		/* Writes to it fail, and the next build does all. */
	}
	char *path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}

static void S_lists_take(struct output *o);
static void S_rm_stale(const char *real);
static void S_recover(const char *real);
static char *S_real(const char *dest);

int output_lock(const char *dest, void (*waiting)(const char *, void *),
		void *arg, struct diags *d)
{
	size_t len = strlen(dest);
	while (len > 1 && dest[len - 1] == '/')
		len--;
	char *base = xstrndup(dest, len);
	char *path = S_sibling(base, "lock");
	/* The lock file stays: removing it would let a build that opened it
	 * just before lock a file that no longer has a name. */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT && S_mkparents(path) == 0)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	int rc = fd < 0 ? -1 : flock(fd, LOCK_EX | LOCK_NB);
	if (rc != 0 && fd >= 0 && errno == EWOULDBLOCK) {
		if (waiting)
			waiting(path, arg);
		while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
			;
	}
	if (rc != 0) {
		diags_add(d, SEV_ERROR, path, 0, 0,
			  "cannot lock the output folder: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		/* With the lock held, no build of this output is running:
		 * what killed builds left can be put right or removed, before
		 * anything looks at the output. */
		char *real = S_real(base);
		S_rm_stale(real);
		S_recover(real);
		free(real);
	}
	free(base);
	free(path);
	return fd;
}

void output_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* and with it the lock */
}

/* Removes the staging folders that builds of earlier versions left when
 * they were killed (".site.new-PID", ".site.changes-PID"): the lock is held,
 * so no build of this output is using them. */
static void S_rm_stale(const char *real)
{
	const char *slash = strrchr(real, '/');
	char *dir =
	    slash ? xstrndup(real, (size_t)(slash - real)) : xstrdup(".");
	if (!*dir) {
		free(dir);
		dir = xstrdup("/");
	}
	const char *name = slash ? slash + 1 : real;
	char *newp = xasprintf(".%s.new-", name);
	char *chg = xasprintf(".%s.changes-", name);
	DIR *dh = opendir(dir);
	struct dirent *e;
	while (dh && (e = readdir(dh))) {
		if (strncmp(e->d_name, newp, strlen(newp)) &&
		    strncmp(e->d_name, chg, strlen(chg)))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		S_rm_tree(path);
		free(path);
	}
	if (dh)
		closedir(dh);
	free(newp);
	free(chg);
	free(dir);
}

/* The exchange without RENAME_EXCHANGE takes three renames, and a build
 * killed between them leaves the previous build at ".site.old": put it
 * back where it belongs. */
static void S_recover(const char *real)
{
	char *old = S_sibling(real, "old");
	char *next = S_sibling(real, "prev");
	struct stat st;
	if (lstat(old, &st) != 0)
		;
	else if (lstat(real, &st) != 0)
		rename(old, real); /* killed after the first rename */
	else if (lstat(next, &st) != 0)
		rename(old, next); /* after the second */
	else
		S_rm_tree(old);
	free(old);
	free(next);
}

/* dest, or the folder it leads to if it is a symbolic link: the trees are
 * made and exchanged beside that folder, and the link stays a link. */
static char *S_real(const char *dest)
{
	struct stat st;
	char resolved[PATH_MAX];
	if (lstat(dest, &st) == 0 && S_ISLNK(st.st_mode) &&
	    realpath(dest, resolved))
		return xstrdup(resolved);
	return xstrdup(dest);
}

int output_begin(struct output *o, const char *dest, struct diags *d)
{
	memset(o, 0, sizeof *o);
	pthread_mutex_init(&o->lock, NULL);
	size_t len = strlen(dest);
	while (len > 1 && dest[len - 1] == '/')
		len--;
	o->dest = xstrndup(dest, len);
	o->real = S_real(o->dest);
	o->next = S_sibling(o->real, "prev");
	struct stat st;
	if (stat(o->real, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "output exists and is not a folder");
			return -1;
		}
		char *index = xasprintf("%s/index.html", o->real);
		o->updating = access(index, F_OK) == 0;
		free(index);
		if (!o->updating && !S_is_empty_dir(o->real)) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "output folder is not empty and holds no "
				  "index.html, so it is not a site skylt "
				  "built: choose another -o or remove it");
			return -1;
		}
	}
	/* A first build starts from nothing; a rebuild from what the sibling
	 * holds, whatever a killed build left there. */
	if (!o->updating)
		S_rm_tree(o->next);
	S_lists_take(o);
	char *tmp = xstrdup(o->next);
	int rc = S_mkdirs(tmp);
	free(tmp);
	if (rc < 0) {
		diags_add(d, SEV_ERROR, o->dest, 0, 0,
			  "cannot write the output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The lists of the two trees' files are read, then removed before
 * anything changes: a list is there only while it is true. A build that
 * commits writes both again. */
static struct buf *S_list_take(const char *path)
{
	struct buf *b = xcalloc(1, sizeof *b);
	struct stat st;
	int rc = buf_read_file(b, path, &st);
	unlink(path);
	if (rc != 0 || b->len < 12 || memcmp(b->ptr, "skylt-files\n", 12) ||
	    b->ptr[b->len - 1] != '\n') {
		buf_release(b);
		free(b);
		return NULL;
	}
	return b;
}

static void S_lists_take(struct output *o)
{
	char *real = output_cache_path(o->dest, "files");
	char *next = output_cache_path(o->dest, "prev-files");
	if (o->updating) {
		o->real_list = S_list_take(real);
		o->next_list = S_list_take(next);
	} else {
		unlink(real);
		unlink(next);
	}
	free(real);
	free(next);
}

/* After the exchange: the tree in place is this build's, the sibling the
 * one that was in place. */
static void S_lists_put(const struct output *o)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "skylt-files\n");
	for (size_t i = 0; i < o->nfiles; i++)
		if (!strchr(o->files[i].rel, '\n'))
			buf_printf(&b, "%s\n", o->files[i].rel);
	char *real = output_cache_path(o->dest, "files");
	buf_write_file(real, b.ptr, b.len);
	free(real);
	buf_release(&b);
	if (o->real_list) {
		char *next = output_cache_path(o->dest, "prev-files");
		buf_write_file(next, o->real_list->ptr, o->real_list->len);
		free(next);
	}
}

/* Does the file at path hold exactly data? st receives its stat. */
static int S_same(const char *path, const void *data, size_t n, struct stat *st)
{
	struct buf old = BUF_INIT;
	int same = buf_read_file(&old, path, st) == 0 && S_ISREG(st->st_mode) &&
		   old.len == n && memcmp(old.ptr, data, n) == 0;
	buf_release(&old);
	return same;
}

/* Writes data to a new file at path; st receives its stat. */
static int S_put(const char *path, const void *data, size_t n, struct stat *st)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t left = n;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fstat(fd, st) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	/* Some file systems report a full disk only when the file is
	 * closed. */
	return close(fd);
}

/* Makes next/rel hold data, as a new file, or, if from is not NULL, as a
 * link to from. Either way nothing that stood at next/rel is written to: a
 * file there may be the same inode as one in the tree in place. */
static int S_place(const struct output *o, const char *rel, const char *from,
		   const void *data, size_t n, struct stat *st)
{
	char *path = xasprintf("%s/%s", o->next, rel);
	int rc = -1;
	for (int attempt = 0; attempt < 3 && rc != 0; attempt++) {
		if (o->updating && unlink(path) != 0 && errno != ENOENT &&
		    errno != ENOTDIR && errno != EISDIR && errno != EPERM)
			break;
		rc = from ? link(from, path) : S_put(path, data, n, st);
		if (rc == 0)
			break;
		if (errno == ENOENT)
			S_mkparents(path);
		else if (o->updating && (errno == ENOTDIR || errno == EISDIR ||
					 errno == EEXIST))
			S_clear_way(o->next, rel);
		else
			break;
	}
	free(path);
	return rc;
}

static void S_record(struct output *o, const char *rel, const struct stat *st)
{
	pthread_mutex_lock(&o->lock);
	if (o->nfiles == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 1024;
		o->files = xrealloc(o->files, o->cap * sizeof *o->files);
	}
	o->files[o->nfiles++] =
	    (struct output_file){xstrdup(rel), st->st_size, st->st_mtim};
	pthread_mutex_unlock(&o->lock);
}

/* Keeps the first failure's cause for the one message of output_commit. */
static int S_fail(struct output *o, int err)
{
	int none = 0;
	atomic_compare_exchange_strong(&o->err, &none, err ? err : EIO);
	return -1;
}

int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d)
{
	(void)d;
	if (atomic_load(&o->err))
		return -1;
	struct stat st;
	if (o->updating) {
		char *old = xasprintf("%s/%s", o->real, rel);
		int same = S_same(old, data, n, &st);
		int rc = 0;
		if (same) {
			/* Already the same inode in both trees: the usual
			 * case, and it costs no write at all. */
			char *path = xasprintf("%s/%s", o->next, rel);
			struct stat ns;
			if (lstat(path, &ns) != 0 || ns.st_ino != st.st_ino ||
			    ns.st_dev != st.st_dev)
				rc = S_place(o, rel, old, NULL, 0, NULL);
			/* A file system without hard links gets a copy: the
			 * same bytes, though with a new time. */
			if (rc != 0 && (errno == EPERM || errno == EMLINK ||
					errno == EOPNOTSUPP)) {
				rc = S_place(o, rel, NULL, data, n, &ns);
				if (rc == 0)
					st = ns;
			}
			free(path);
		}
		free(old);
		if (same) {
			if (rc != 0)
				return S_fail(o, errno);
			atomic_fetch_add(&o->kept, 1);
			S_record(o, rel, &st);
			return 0;
		}
	}
	if (S_place(o, rel, NULL, data, n, &st) != 0)
		return S_fail(o, errno);
	atomic_fetch_add(&o->written, 1);
	S_record(o, rel, &st);
	return 0;
}

int output_keep(struct output *o, const char *rel, off_t size,
		const struct timespec *mtime)
{
	if (!o->updating)
		return 1;
	if (atomic_load(&o->err))
		return -1;
	char *old = xasprintf("%s/%s", o->real, rel);
	struct stat st;
	int as_made = lstat(old, &st) == 0 && S_ISREG(st.st_mode) &&
		      st.st_size == size && st.st_mtim.tv_sec == mtime->tv_sec &&
		      st.st_mtim.tv_nsec == mtime->tv_nsec;
	int rc = 0;
	if (as_made) {
		char *path = xasprintf("%s/%s", o->next, rel);
		struct stat ns;
		if (lstat(path, &ns) != 0 || ns.st_ino != st.st_ino ||
		    ns.st_dev != st.st_dev)
			rc = S_place(o, rel, old, NULL, 0, NULL);
		free(path);
	}
	free(old);
	if (!as_made)
		return 1;
	/* A file system without hard links: the caller writes it. */
	if (rc != 0)
		return errno == EPERM || errno == EMLINK || errno == EOPNOTSUPP
			   ? 1
			   : S_fail(o, errno);
	atomic_fetch_add(&o->kept, 1);
	S_record(o, rel, &st);
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

/* Removes, below dir, every entry whose path after the tree's prefix
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

/* Removes from the sibling tree what this build has not: the files its
 * list names, or, without one, by walking it. */
static void S_prune(struct output *o)
{
	struct hmap keep;
	hmap_init(&keep);
	for (size_t i = 0; i < o->nfiles; i++)
		hmap_put(&keep, o->files[i].rel, o->files[i].rel);
	if (!o->next_list) {
		S_prune_dir(&keep, o->next, strlen(o->next) + 1);
		hmap_release(&keep);
		return;
	}
	char *s = o->next_list->ptr + 12, *end = o->next_list->ptr +
						 o->next_list->len;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		*nl = '\0';
		if (!hmap_get(&keep, s)) {
			char *path = xasprintf("%s/%s", o->next, s);
			unlink(path);
			/* And the folders that leaves empty. */
			for (char *slash; (slash = strrchr(path, '/')) &&
					  slash > path + strlen(o->next);) {
				*slash = '\0';
				if (rmdir(path) != 0)
					break;
			}
			free(path);
		}
		*nl = '\n';
		s = nl + 1;
	}
	hmap_release(&keep);
}

/* Exchanges the trees next and real in one step. Where the file system
 * cannot (RENAME_EXCHANGE is Linux's, since 3.15, and not every file system
 * has it), three renames do it: then, for an instant, real does not exist,
 * but it is never a mix of the two builds. */
static int S_exchange(const struct output *o)
{
	if (renameat2(AT_FDCWD, o->next, AT_FDCWD, o->real, RENAME_EXCHANGE) ==
	    0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	char *old = S_sibling(o->real, "old");
	int rc = rename(o->real, old);
	if (rc == 0 && (rc = rename(o->next, o->real)) != 0) {
		int saved = errno;
		rename(old, o->real);
		errno = saved;
	} else if (rc == 0) {
		rename(old, o->next);
	}
	free(old);
	return rc;
}

int output_commit(struct output *o, struct diags *d)
{
	qsort(o->files, o->nfiles, sizeof *o->files, S_by_rel);
	int err = atomic_load(&o->err);
	if (!err) {
		if (o->updating) {
			S_prune(o);
			if (S_exchange(o) != 0)
				err = errno;
		} else if (rename(o->next, o->real) != 0) {
			/* rename(2) replaces an empty folder in the same
			 * step. */
			err = errno;
		}
		if (!err)
			S_lists_put(o);
	}
	if (err) {
		diags_add(d, SEV_ERROR, o->dest, 0, 0,
			  "cannot write the output: %s", strerror(err));
		atomic_store(&o->err, err);
		output_abort(o);
		return -1;
	}
	return 0;
}

void output_abort(struct output *o)
{
	/* A rebuild's sibling tree is kept after errors in the content:
	 * the next build checks every file in it again, so what this one
	 * left there does no harm, and an editor's next save is not made to
	 * link the whole site anew. After a failed write it is removed, to
	 * give back the space a full disk needs. */
	if (o->next && (!o->updating || atomic_load(&o->err)))
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
	for (int i = 0; i < 2; i++) {
		struct buf *l = i ? o->next_list : o->real_list;
		if (l)
			buf_release(l);
		free(l);
	}
	free(o->dest);
	free(o->real);
	free(o->next);
	pthread_mutex_destroy(&o->lock);
	memset(o, 0, sizeof *o);
}
