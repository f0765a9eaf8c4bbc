/* A string-keyed hash map (open addressing), so that every lookup of a page, a
 * language or a string is constant time and no step is quadratic in pages. */
#ifndef SKYLT_HMAP_H
#define SKYLT_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap {
	struct hmap_slot {
		char *key; /* owned copy; NULL when the slot is empty */
		void *val; /* not owned */
	} * slots;
	size_t cap, n;
};

void hmap_init(struct hmap *m);
/* Frees the keys and the table, never the values. */
void hmap_release(struct hmap *m);
/* Sets key to val; returns the previous value or NULL. */
void *hmap_put(struct hmap *m, const char *key, void *val);
void *hmap_get(const struct hmap *m, const char *key);

/* 64-bit FNV-1a, also the hash that records which source a translation was
 * made from. */
uint64_t fnv1a64(const void *data, size_t n);

#endif
