/* The output folder and its atomic replacement (renameat2 RENAME_EXCHANGE). */
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

int output_begin(struct output *o, const char *dest, struct diags *d)
{
	memset(o, 0, sizeof *o);
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
		int has_index = access(index, F_OK) == 0;
		free(index);
		DIR *dh = opendir(o->dest);
		int empty = 1;
		struct dirent *e;
		while (dh && (e = readdir(dh)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				empty = 0;
		if (dh)
			closedir(dh);
		if (!has_index && !empty) {
			diags_add(d, SEV_ERROR, o->dest, 0, 0,
				  "output folder is not empty and holds no "
				  "index.html, so it is not a site skylt "
				  "built: choose another -o or remove it");
			return -1;
		}
		o->dest_exists = 1;
	}
	const char *slash = strrchr(o->dest, '/');
	if (slash)
		o->next = xasprintf("%.*s/.%s.new-%ld", (int)(slash - o->dest),
				    o->dest, slash + 1, (long)getpid());
	else
		o->next = xasprintf(".%s.new-%ld", o->dest, (long)getpid());
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
static int S_same(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	int same = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == n) {
		char *old = xmalloc(n ? n : 1);
		size_t got = 0;
		ssize_t r;
		while (got < n && (r = read(fd, old + got, n - got)) > 0)
			got += (size_t)r;
		same = got == n && memcmp(old, data, n) == 0;
		free(old);
	}
	close(fd);
	return same;
}

int output_write(struct output *o, const char *rel, const void *data, size_t n,
		 struct diags *d)
{
	char *path = xasprintf("%s/%s", o->next, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int rc = S_mkdirs(path);
	*slash = '/';
	if (rc == 0 && o->dest_exists) {
		char *old = xasprintf("%s/%s", o->dest, rel);
		if (S_same(old, data, n) && link(old, path) == 0) {
			atomic_fetch_add(&o->kept, 1);
			free(old);
			free(path);
			return 0;
		}
		free(old);
	}
	FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		diags_add(d, SEV_ERROR, path, 0, 0, "cannot write: %s",
			  strerror(errno));
		free(path);
		return -1;
	}
	atomic_fetch_add(&o->written, 1);
	free(path);
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
			if (lstat(from, &st) == 0 && S_ISDIR(st.st_mode)) {
				rc |= output_copy_tree(o, from, to, d);
			} else if (S_ISREG(st.st_mode)) {
				struct buf b = BUF_INIT;
				FILE *f = fopen(from, "rb");
				char chunk[65536];
				size_t k;
				while (f && (k = fread(chunk, 1, sizeof chunk,
						       f)) > 0)
					buf_put(&b, chunk, k);
				if (!f) {
					diags_add(d, SEV_ERROR, from, 0, 0,
						  "cannot open: %s",
						  strerror(errno));
					rc = -1;
				} else {
					fclose(f);
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

int output_commit(struct output *o, struct diags *d)
{
	int rc;
	if (o->dest_exists) {
		rc = renameat2(AT_FDCWD, o->next, AT_FDCWD, o->dest,
			       RENAME_EXCHANGE);
		if (rc != 0 && errno == EINVAL) {
			/* A file system without atomic exchange: two renames,
			 * with the previous build restored if the second
			 * fails. */
			char *old = xasprintf("%s.old", o->next);
			rc = rename(o->dest, old);
			if (rc == 0 && (rc = rename(o->next, o->dest)) != 0)
				rename(old, o->dest);
			if (rc == 0)
				rename(old, o->next);
			free(old);
		}
	} else
		rc = rename(o->next, o->dest);
	if (rc != 0) {
		diags_add(d, SEV_ERROR, o->dest, 0, 0,
			  "cannot put the new site in place: %s",
			  strerror(errno));
		output_abort(o);
		return -1;
	}
	/* After the exchange, next holds the previous build. */
	S_rm_tree(o->next);
	free(o->dest);
	free(o->next);
	o->dest = o->next = NULL;
	return 0;
}

void output_abort(struct output *o)
{
	if (o->next)
		S_rm_tree(o->next);
	free(o->dest);
	free(o->next);
	o->dest = o->next = NULL;
}
