/* An arena for what lives as long as the build: many blocks handed out from a
 * few large mappings and freed all at once. One per thread; not shared. */
#ifndef SKYLT_ARENA_H
#define SKYLT_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Returns n bytes, aligned for any type, owned by the arena until
 * arena_free. Aborts when memory runs out, as xmalloc does. */
void *arena_alloc(struct arena *a, size_t n);
void arena_free(struct arena *a);

#endif
