/* Byte buffers and the allocation helpers every stage uses. */
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char buf_empty[1];

void xoom(void)
{
	fputs("skylt: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xoom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		xoom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		xoom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void buf_init(struct buf *b)
{
	b->ptr = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->ptr = xrealloc(b->ptr, cap);
	} else {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void buf_put(struct buf *b, const void *data, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* Usually one pass: format into the spare room, grow only if short. */
	buf_grow(b, 64);
	size_t room = b->cap - b->len;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->ptr + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

char *buf_detach(struct buf *b)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	buf_init(b);
	return p;
}

int buf_read_file(struct buf *b, const char *path, struct stat *st)
{
	struct stat own;
	if (!st)
		st = &own;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0) {
		close(fd);
		return -1;
	}
	buf_truncate(b, 0);
	/* Exactly the size, one byte for the read that finds the end and one
	 * for the NUL: a page's text is kept for the whole build. A file that
	 * grew while being read grows the buffer. */
	size_t cap = (size_t)st->st_size + 2;
	if (b->cap < cap) {
		b->ptr = b->cap ? xrealloc(b->ptr, cap) : xmalloc(cap);
		b->cap = cap;
	}
	for (;;) {
		if (b->len + 1 >= b->cap)
			buf_grow(b, 4096);
		ssize_t r = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int saved = errno;
			close(fd);
			b->ptr[b->len] = '\0';
			errno = saved;
			return r < 0 ? -1 : 0;
		}
		b->len += (size_t)r;
	}
}

int buf_write_file(const char *path, const void *data, size_t n)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int ok = f && fwrite(data, 1, n, f) == n;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		ok = 0;
	}
	free(tmp);
	return ok ? 0 : -1;
}
