/* Collecting, ordering and printing diagnostics. */
#include "diag.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	diags_init(d);
}

static void S_push(struct diags *d, struct diag g)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = g;
	if (g.sev == SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diags_add(struct diags *d, enum severity sev, const char *path, int line,
	       int col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct diag g = {xstrdup(path ? path : "skylt"), line, col, sev,
			 buf_detach(&b)};
	S_push(d, g);
}

void diags_move(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->n; i++)
		S_push(dst, src->v[i]);
	free(src->v);
	diags_init(src);
}

static int S_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->sev != b->sev)
		return a->sev == SEV_ERROR ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

void diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, S_cmp);
}

/* A file name or a YAML key can hold a line break, and the line after it
 * must not be taken for another message or, in CI, for a workflow command
 * ("::add-mask::…"). So every message is printed with C0, DEL, C1 and the
 * Unicode line and paragraph separators written as escapes. Returns a
 * malloc'd copy of s. */
static char *S_plain(const char *str)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)str;
	for (; *s; s++) {
		if (*s == '\n')
			buf_puts(&b, "\\n");
		else if (*s == '\r')
			buf_puts(&b, "\\r");
		else if (*s == '\t')
			buf_puts(&b, "\\t");
		else if (*s < 0x20 || *s == 0x7f)
			buf_printf(&b, "\\x%02x", *s);
		else if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
			buf_printf(&b, "\\u%04x", s[1]);
			s++;
		} else if (s[0] == 0xE2 && s[1] == 0x80 &&
			   (s[2] == 0xA8 || s[2] == 0xA9)) {
			buf_printf(&b, "\\u%04x", 0x2000 + s[2] - 0x80);
			s += 2;
		} else
			buf_putc(&b, (char)*s);
	}
	return buf_detach(&b);
}

/* Workflow command values escape %, CR and LF; properties also ':' and ','. */
static void S_escaped(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

/* After DIAGS_PER_FILE messages of one file, the rest are counted: "… and
 * 9,412 more". */
static void S_more(FILE *out, const char *path, size_t n, int error)
{
	if (!n)
		return;
	char digits[32], grouped[48];
	int len = snprintf(digits, sizeof digits, "%zu", n);
	size_t w = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[w++] = ',';
		grouped[w++] = digits[i];
	}
	grouped[w] = '\0';
	char *shown = S_plain(path);
	fprintf(out, "%s: %s: … and %s more in this file\n", shown,
		error ? "error" : "warning", grouped);
	free(shown);
}

void diags_print(const struct diags *d, FILE *out, const char *annotate)
{
	size_t run = 0, more = 0;
	int more_errors = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *sev = g->sev == SEV_ERROR ? "error" : "warning";
		/* Counted per run of one path: d is sorted by path before it
		 * is printed. */
		if (i && strcmp(g->path, d->v[i - 1].path) != 0) {
			S_more(out, d->v[i - 1].path, more, more_errors);
			run = more = 0;
			more_errors = 0;
		}
		if (++run > DIAGS_PER_FILE) {
			more++;
			more_errors |= g->sev == SEV_ERROR;
			continue;
		}
		char *path = S_plain(g->path), *msg = S_plain(g->msg);
		if (g->line > 0 && g->col > 0)
			fprintf(out, "%s:%d:%d: %s: %s\n", path, g->line,
				g->col, sev, msg);
		else if (g->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", path, g->line, sev,
				msg);
		else
			fprintf(out, "%s: %s: %s\n", path, sev, msg);
		if (annotate) {
			fprintf(out, "::%s file=", sev);
			S_escaped(out, annotate, 1);
			S_escaped(out, path, 1);
			if (g->line > 0)
				fprintf(out, ",line=%d", g->line);
			if (g->col > 0)
				fprintf(out, ",col=%d", g->col);
			fputs("::", out);
			S_escaped(out, msg, 0);
			fputc('\n', out);
		}
		free(path);
		free(msg);
	}
	if (d->n)
		S_more(out, d->v[d->n - 1].path, more, more_errors);
}

/* The part of path below root, with a '/' after it, if root holds path. */
static char *S_below(const char *root, const char *path)
{
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(root, path, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return xstrdup("");
	if (path[n] != '/' && !(n == 1 && root[0] == '/'))
		return NULL;
	return xasprintf("%s/", path + n + (root[n - 1] != '/'));
}

char *diags_annotation_prefix(const char *started_in)
{
	char *cwd = realpath(".", NULL);
	if (!cwd)
		return xstrdup("");
	char *prefix = NULL;
	struct buf dir = BUF_INIT;
	buf_puts(&dir, cwd);
	for (;;) {
		size_t len = dir.len;
		buf_puts(&dir, "/.git");
		int found = access(dir.ptr, F_OK) == 0;
		buf_truncate(&dir, len);
		if (found) {
			prefix = S_below(dir.ptr, cwd);
			break;
		}
		char *slash = strrchr(dir.ptr, '/');
		if (!slash || slash == dir.ptr)
			break;
		buf_truncate(&dir, (size_t)(slash - dir.ptr));
	}
	buf_release(&dir);
	const char *roots[] = {getenv("GITHUB_WORKSPACE"), started_in};
	for (size_t i = 0; !prefix && i < 2; i++) {
		char *root =
		    roots[i] && *roots[i] ? realpath(roots[i], NULL) : NULL;
		if (root)
			prefix = S_below(root, cwd);
		free(root);
	}
	free(cwd);
	return prefix ? prefix : xstrdup("");
}
