/* A growable byte buffer, after git's strbuf: never NULL once initialised,
 * always NUL-terminated, and handed over with buf_detach. Allocation failure
 * aborts: a generator that ran out of memory has no sensible way to go on. */
#ifndef SKYLT_BUF_H
#define SKYLT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr; /* always NUL-terminated; points at a static "" until first
		      growth */
	size_t len;
	size_t cap; /* 0 while ptr is the static empty string */
};

#define BUF_INIT                                                               \
	{                                                                      \
		buf_empty, 0, 0                                                \
	}
extern char buf_empty[];

void buf_init(struct buf *b);
/* Frees the contents and leaves b empty and reusable. */
void buf_release(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_truncate(struct buf *b, size_t len);
/* Returns the contents as a malloc'd string the caller frees; b is left empty.
 */
char *buf_detach(struct buf *b);

struct stat;
/* Replaces b's contents with the whole file at path, read in one piece (its
 * size from fstat, then one more read to find the end). st, unless NULL,
 * receives the file's stat from before the read. Returns 0, or -1 with
 * errno set. */
int buf_read_file(struct buf *b, const char *path, struct stat *st);
/* Writes data to path whole or not at all: to "path.tmp", then renamed.
 * Returns 0, or -1 (nothing is left at either name). */
int buf_write_file(const char *path, const void *data, size_t n);

/* Allocation helpers that abort on failure; the caller frees what they return.
 */
/* Says "out of memory" and aborts: for allocators of other kinds. */
_Noreturn void xoom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a malloc'd printf-formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
