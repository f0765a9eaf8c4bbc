/* Arenas in 2 MiB pages.
 *
 * Loading keeps the text of every page for the whole build: 57 MB for 10,000
 * pages of 5 KB. On a virtual machine the first touch of each 4 KiB page of
 * fresh memory is costly (the hypervisor maps it), and reading 10,000 files
 * into fresh malloc'd buffers took five times as long as reading them into one
 * reused buffer. Chunks here are aligned to 2 MiB and marked MADV_HUGEPAGE,
 * so where the kernel has transparent huge pages each 2 MiB costs one
 * mapping, not 512; where it has not, they are plain memory.
 *
 * Under AddressSanitizer every block is its own malloc instead, so that reads
 * and writes past a block are still caught. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "buf.h"

#if defined(__SANITIZE_ADDRESS__)
#define S_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define S_CHECKED 1
#endif
#endif

enum { S_HUGE = 2 << 20, S_CHUNK = 16 << 20, S_ALIGN = 16 };

struct S_chunk {
	struct S_chunk *next;
	void *map; /* the whole mapping, for munmap */
	size_t maplen;
};

struct arena {
	struct S_chunk *chunks; /* most recent first; under ASan, blocks */
	char *at, *end;		/* free space in the current chunk */
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

#ifdef S_CHECKED

void *arena_alloc(struct arena *a, size_t n)
{
	struct S_chunk *c = xmalloc(sizeof *c + (n ? n : 1));
	c->next = a->chunks;
	a->chunks = c;
	return c + 1;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct S_chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

#else

/* A new chunk of at least n bytes, 2 MiB-aligned: a mapping one huge page
 * longer than needed, trimmed at both ends. */
static void S_chunk(struct arena *a, size_t n)
{
	size_t want = n + sizeof(struct S_chunk) + S_ALIGN;
	size_t len =
	    want < S_CHUNK ? S_CHUNK : (want + S_HUGE - 1) / S_HUGE * S_HUGE;
	char *map = mmap(NULL, len + S_HUGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		xoom();
	char *start =
	    (char *)(((uintptr_t)map + S_HUGE - 1) & ~(uintptr_t)(S_HUGE - 1));
	if (start > map)
		munmap(map, (size_t)(start - map));
	munmap(start + len, (size_t)(map + S_HUGE - start));
	madvise(start, len, MADV_HUGEPAGE); /* advice: may be refused */
	struct S_chunk *c = (struct S_chunk *)start;
	c->next = a->chunks;
	c->map = start;
	c->maplen = len;
	a->chunks = c;
	a->at = start + (sizeof *c + S_ALIGN - 1) / S_ALIGN * S_ALIGN;
	a->end = start + len;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + S_ALIGN - 1) / S_ALIGN * S_ALIGN;
	if ((size_t)(a->end - a->at) < n)
		S_chunk(a, n);
	void *p = a->at;
	a->at += n;
	return p;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct S_chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		munmap(c->map, c->maplen);
	}
	free(a);
}

#endif
