/* inotify watches single folders, so every folder below the roots gets its
 * own watch, and a folder created or moved in later gets one when it shows
 * up. */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

#define S_MASK                                                                 \
	(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |              \
	 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

struct S_dir {
	int wd;
	char *path;
};

struct watch {
	int fd;
	struct S_dir *dirs;
	size_t n, cap;
};

static int S_add(struct watch *w, const char *path, struct diags *d)
{
	int wd = inotify_add_watch(w->fd, path, S_MASK);
	if (wd < 0) {
		/* A folder that vanished before it could be watched is gone,
		 * not an error. */
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		diags_add(d, SEV_ERROR, path, 0, 0,
			  "cannot watch for changes: %s",
			  errno == ENOSPC ? "too many inotify watches (raise "
					    "fs.inotify.max_user_watches)"
					  : strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return 0; /* the same folder reached twice */
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->dirs = xrealloc(w->dirs, w->cap * sizeof *w->dirs);
	}
	w->dirs[w->n++] = (struct S_dir){wd, xstrdup(path)};

	DIR *dir = opendir(path);
	if (!dir)
		return 0;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = xasprintf("%s/%s", path, e->d_name);
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc = S_add(w, sub, d);
		free(sub);
	}
	closedir(dir);
	return rc;
}

struct watch *watch_open(const char *const *dirs, size_t n, struct diags *d)
{
	struct watch *w = xcalloc(1, sizeof *w);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		diags_add(d, SEV_ERROR, dirs[0], 0, 0,
			  "cannot watch for changes: %s", strerror(errno));
		free(w);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (S_add(w, dirs[i], d) != 0) {
			watch_close(w);
			return NULL;
		}
	}
	return w;
}

void watch_close(struct watch *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	close(w->fd);
	free(w);
}

static int S_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Editors write swap, backup and probe files beside the one being edited
 * (vim's .x.swp and 4913, emacs's #x# and x~); a save is the rename or the
 * close of the file itself. */
static int S_ignored(const char *name)
{
	return name[0] == '.' || name[0] == '#' || S_ends(name, "~") ||
	       S_ends(name, ".swp") || S_ends(name, ".swx") ||
	       S_ends(name, ".tmp") || strcmp(name, "4913") == 0;
}

static const char *S_path_of(const struct watch *w, int wd)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return w->dirs[i].path;
	return NULL;
}

/* Reads the pending events; returns how many count as changes, or -1. */
static int S_drain(struct watch *w)
{
	_Alignas(struct inotify_event) char ev[4096];
	int changes = 0;
	for (;;) {
		ssize_t len = read(w->fd, ev, sizeof ev);
		if (len < 0)
			return errno == EAGAIN || errno == EINTR ? changes : -1;
		for (char *p = ev; p < ev + len;) {
			const struct inotify_event *e = (void *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changes++; /* events were lost: rebuild */
				continue;
			}
			if (e->mask & IN_IGNORED)
				continue;
			if (e->len == 0) {
				/* A watched folder itself was removed or moved.
				 */
				changes++;
				continue;
			}
			if (S_ignored(e->name))
				continue;
			const char *dir = S_path_of(w, e->wd);
			if (dir && (e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_MOVED_TO))) {
				char *sub = xasprintf("%s/%s", dir, e->name);
				struct diags ignored;
				diags_init(&ignored);
				S_add(w, sub, &ignored);
				diags_release(&ignored);
				free(sub);
			}
			/* A new empty file is not a save yet: its close is. */
			if ((e->mask & IN_CREATE) && !(e->mask & IN_ISDIR))
				continue;
			changes++;
		}
	}
}

enum watch_event watch_wait(struct watch *w, int stop_fd, int quiet_ms)
{
	int changed = 0;
	for (;;) {
		struct pollfd fds[2] = {{w->fd, POLLIN, 0},
					{stop_fd, POLLIN, 0}};
		int n =
		    poll(fds, stop_fd >= 0 ? 2 : 1, changed ? quiet_ms : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return WATCH_ERROR;
		}
		if (stop_fd >= 0 && (fds[1].revents & POLLIN))
			return WATCH_STOP;
		if (n == 0)
			return WATCH_CHANGED; /* quiet since the last change */
		int c = S_drain(w);
		if (c < 0)
			return WATCH_ERROR;
		changed += c;
	}
}
