/* Open-addressing hash map with linear probing; the table is kept at most half
 * full. */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

uint64_t fnv1a64(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void hmap_init(struct hmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->n = 0;
}

void hmap_release(struct hmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	hmap_init(m);
}

static size_t S_find(const struct hmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)fnv1a64(key, strlen(key)) & mask;
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & mask;
	return i;
}

static void S_grow(struct hmap *m)
{
	struct hmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		m->slots[S_find(m, old.slots[i].key)] = old.slots[i];
	}
	free(old.slots);
}

void *hmap_put(struct hmap *m, const char *key, void *val)
{
	if ((m->n + 1) * 2 > m->cap)
		S_grow(m);
	size_t i = S_find(m, key);
	if (m->slots[i].key) {
		void *prev = m->slots[i].val;
		m->slots[i].val = val;
		return prev;
	}
	m->slots[i].key = xstrdup(key);
	m->slots[i].val = val;
	m->n++;
	return NULL;
}

void *hmap_get(const struct hmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = S_find(m, key);
	return m->slots[i].key ? m->slots[i].val : NULL;
}
