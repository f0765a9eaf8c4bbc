/* The translator's side of 'source:': computing it, setting it after a
 * review, and showing the source's change since. Git is run only for the
 * diff, as a separate program, so that nothing else depends on it. */
#include "review.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "source.h"

extern char **environ;

/* The loaded page at path, given as content/LANG/PATH.md or LANG/PATH.md;
 * NULL after reporting. */
static const struct page *S_find(const struct site *s, const char *path,
				 struct diags *d)
{
	const char *p = path;
	while (!strncmp(p, "./", 2))
		p += 2;
	char *want =
	    strncmp(p, "content/", 8) ? xasprintf("content/%s", p) : xstrdup(p);
	const struct page *found = NULL;
	for (size_t i = 0; i < s->npages && !found; i++)
		if (!s->pages[i]->failed && !strcmp(s->pages[i]->path, want))
			found = s->pages[i];
	free(want);
	if (!found)
		diags_add(d, SEV_ERROR, path, 0, 0,
			  "no such page in this site (give it as "
			  "content/LANG/PATH.md or LANG/PATH.md)");
	return found;
}

/* The source page of p (p itself for a source page); NULL after
 * reporting. */
static const struct page *S_source(const struct site *s, const struct page *p,
				   struct diags *d)
{
	if (p->lang == s->cfg->source)
		return p;
	if (!p->src)
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "translation has no source page: add "
			  "'content/%s/%s%s'",
			  s->cfg->langs[s->cfg->source].code, p->dir,
			  strrchr(p->path, '/') + 1);
	return p->src;
}

/* A translation and its source page; NULL after reporting. */
static const struct page *S_translation(const struct site *s, const char *path,
					struct diags *d)
{
	const struct page *p = S_find(s, path, d);
	if (p && p->lang == s->cfg->source) {
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "this is a source page: 'source:' belongs in its "
			  "translations (e.g. 'content/%s/%s%s')",
			  s->cfg->langs[s->cfg->source ? 0 : 1].code, p->dir,
			  strrchr(p->path, '/') + 1);
		return NULL;
	}
	return p && S_source(s, p, d) ? p : NULL;
}

int review_hash(const struct site *s, const char *path, struct buf *out,
		struct diags *d)
{
	const struct page *p = S_find(s, path, d);
	const struct page *sp = p ? S_source(s, p, d) : NULL;
	if (!sp)
		return -1;
	char v[SOURCE_VALUE_LEN + 1];
	source_value(sp, v);
	buf_printf(out, "%s\n", v);
	return 0;
}

/* Replaces file by bytes[0..n) through a new file renamed over it, so a
 * failure leaves the old file whole. The file keeps its permissions. */
static int S_replace(const char *file, const struct stat *st, const char *bytes,
		     size_t n)
{
	const char *slash = strrchr(file, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.skylt-XXXXXX",
				      (int)(slash - file), file, slash + 1)
			  : xasprintf(".%s.skylt-XXXXXX", file);
	int fd = mkstemp(tmp);
	int rc = fd < 0 ? -1 : 0;
	if (fd >= 0) {
		for (size_t done = 0; rc == 0 && done < n;) {
			ssize_t w = write(fd, bytes + done, n - done);
			if (w < 0 && errno != EINTR)
				rc = -1;
			else if (w > 0)
				done += (size_t)w;
		}
		if (rc == 0 && fchmod(fd, st->st_mode & 07777) != 0)
			rc = -1;
		if (close(fd) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp, file) != 0)
			rc = -1;
		if (rc != 0) {
			int e = errno;
			unlink(tmp);
			errno = e;
		}
	}
	free(tmp);
	return rc;
}

int review_mark(const struct site *s, const char *const *files, size_t n,
		struct buf *out, struct diags *d)
{
	int rc = 0;
	struct buf raw = BUF_INIT, fixed = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = S_translation(s, files[i], d);
		if (!p) {
			rc = -1;
			continue;
		}
		char v[SOURCE_VALUE_LEN + 1];
		source_value(p->src, v);
		if (p->fm.source && !strcmp(p->fm.source, v)) {
			buf_printf(out, "%s: already current (source: %s)\n",
				   p->path, v);
			continue;
		}
		/* The file as it is on disk, not the loaded text (which is
		 * in NFC): nothing but the 'source:' line may change. */
		struct stat st;
		buf_truncate(&raw, 0);
		buf_truncate(&fixed, 0);
		if (buf_read_file(&raw, p->file, &st) != 0) {
			diags_add(d, SEV_ERROR, p->path, 0, 0,
				  "cannot read: %s", strerror(errno));
			rc = -1;
			continue;
		}
		if (source_rewrite(raw.ptr, raw.len, v, &fixed) != 0) {
			diags_add(d, SEV_ERROR, p->path, 1, 1,
				  "front matter not found (the file changed "
				  "since it was read?)");
			rc = -1;
			continue;
		}
		if (S_replace(p->file, &st, fixed.ptr, fixed.len) != 0) {
			diags_add(d, SEV_ERROR, p->path, 0, 0,
				  "cannot write: %s", strerror(errno));
			rc = -1;
			continue;
		}
		buf_printf(out, "%s: marked current: source: %s (was %s)\n",
			   p->path, v, p->fm.source ? p->fm.source : "none");
	}
	buf_release(&raw);
	buf_release(&fixed);
	return rc;
}

/* Appends everything read from fd to b, then closes it. */
static void S_drain(int fd, struct buf *b)
{
	char chunk[8192];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		buf_put(b, chunk, (size_t)r);
	}
	close(fd);
}

/* Runs argv[0] (found on PATH) with its output into out and its errors into
 * err. Returns its exit status, or -1 with errno set when it could not be
 * started. */
static int S_run(char *const argv[], struct buf *out, struct buf *err)
{
	int o[2], e[2];
	if (pipe(o) != 0)
		return -1;
	if (pipe(e) != 0) {
		close(o[0]);
		close(o[1]);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	posix_spawn_file_actions_adddup2(&fa, e[1], 2);
	posix_spawn_file_actions_addclose(&fa, o[0]);
	posix_spawn_file_actions_addclose(&fa, e[0]);
	pid_t pid;
	int sr = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(o[1]);
	close(e[1]);
	if (sr != 0) {
		close(o[0]);
		close(e[0]);
		errno = sr;
		return -1;
	}
	/* The errors are a line or two: reading them second cannot block
	 * the program on a full pipe. */
	S_drain(o[0], out);
	S_drain(e[0], err);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The first line of a program's message, for ours. */
static char *S_first_line(const struct buf *b)
{
	if (!b->len)
		return xstrdup("nothing");
	const char *nl = memchr(b->ptr, '\n', b->len);
	return xstrndup(b->ptr, nl ? (size_t)(nl - b->ptr) : b->len);
}

int review_diff(const struct site *s, const char *path, struct buf *out,
		struct diags *d)
{
	const struct page *p = S_translation(s, path, d);
	if (!p)
		return -1;
	const struct page *sp = p->src;
	struct source_ref r;
	if (!p->fm.source || source_parse(p->fm.source, &r) != 0) {
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "no source recorded ('source:'), so there is no "
			  "earlier text to compare with (check the "
			  "translation against '%s', then run 'skylt status "
			  "--mark %s')",
			  sp->path, p->path);
		return -1;
	}
	if (!r.blob[0]) {
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "'source:' records only the older hash of the whole "
			  "file, from which git cannot give back the text "
			  "(check the translation against '%s', then run "
			  "'skylt status --mark %s')",
			  sp->path, p->path);
		return -1;
	}
	struct buf old = BUF_INIT, now = BUF_INIT, err = BUF_INIT;
	int rc = -1;
	char *const cat[] = {"git", "cat-file", "blob", r.blob, NULL};
	int st = S_run(cat, &old, &err);
	if (st < 0) {
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "cannot run git (%s): '--diff' needs it to give "
			  "back the text the translation was made from",
			  strerror(errno));
		goto done;
	}
	if (st != 0) {
		char *why = S_first_line(&err);
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "the text of '%s' that this was translated from "
			  "(blob %s) is not in a git repository here (git "
			  "says: %s)",
			  sp->path, r.blob, why);
		free(why);
		goto done;
	}
	if (buf_read_file(&now, sp->file, NULL) != 0) {
		diags_add(d, SEV_ERROR, sp->path, 0, 0, "cannot read: %s",
			  strerror(errno));
		goto done;
	}
	if (old.len == now.len && !memcmp(old.ptr, now.ptr, old.len)) {
		buf_printf(out, "%s: unchanged since %s was made from it\n",
			   sp->path, p->path);
		rc = 0;
		goto done;
	}
	char tmp[] = "/tmp/skylt-diff-XXXXXX";
	int fd = mkstemp(tmp);
	if (fd < 0 || write(fd, old.ptr, old.len) != (ssize_t)old.len) {
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "cannot write a temporary file: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		goto done;
	}
	close(fd);
	char *was = xasprintf("%s (when %s was made, blob %.12s)", sp->path,
			      p->path, r.blob);
	char *is = xasprintf("%s (now)", sp->path);
	char *const diff[] = {"diff", "-u", "--label", was, "--label",
			      is,     tmp,  sp->file,  NULL};
	buf_truncate(&err, 0);
	st = S_run(diff, out, &err);
	unlink(tmp);
	if (st == 0 || st == 1) {
		rc = 0;
	} else {
		char *why = S_first_line(&err);
		diags_add(d, SEV_ERROR, p->path, 0, 0,
			  "cannot compare the two texts with diff (%s)",
			  st < 0 ? strerror(errno) : why);
		free(why);
	}
	free(was);
	free(is);
done:
	buf_release(&old);
	buf_release(&now);
	buf_release(&err);
	return rc;
}
