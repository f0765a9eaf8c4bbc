/* Watching the sources for changes (inotify), so that the preview rebuilds
 * when an editor saves a file. */
#ifndef SKYLT_WATCH_H
#define SKYLT_WATCH_H

#include "diag.h"

struct watch;

/* Watches each of the n folders and every folder below them, including those
 * created later. Returns NULL with an error in d if a folder cannot be
 * watched. */
struct watch *watch_open(const char *const *dirs, size_t n, struct diags *d);
void watch_close(struct watch *w);

enum watch_event { WATCH_CHANGED, WATCH_STOP, WATCH_ERROR };

/* Blocks until a file under the folders changed and nothing else changed for
 * quiet_ms (an editor's save is often several events), or until stop_fd is
 * readable. Editors' swap and backup files do not count. */
enum watch_event watch_wait(struct watch *w, int stop_fd, int quiet_ms);

#endif
