/* The record is a header line, then one entry per page: numbers and
 * strings, each followed by a space, a string as its length, ':' and its
 * bytes (any bytes), '-' for none; each entry ends with a newline:
 *
 *   skylt-pages 1 GLOBALS
 *   LENGTH PATH SIZE MTIME_S MTIME_NS CTIME_S CTIME_NS INODE HASH BLOB SRC_HASH
 *   BODY_LINE BODY_OFF HAS_BODY FM_HASH TEXT_HASH|-, the front matter's fields in
 *   struct frontmatter's order (phones and hours each as a count, then
 *   their fields), the messages (a count, then severity, line, column,
 *   path and message of each); LENGTH is the entry's, after it, in bytes
 *
 * It is read whole at the start of a build: a page is one allocation of its
 * strings each, as a parse would make. */
#include "pagecache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hmap.h"
#include "output.h"
#include "state.h"

struct page_cache {
	char *data; /* the whole file */
	size_t len;
	struct hmap by_path; /* path -> where its entry starts in data */
};


/* ---- writing ---- */

static void S_num(struct buf *b, long long v) { buf_printf(b, "%lld ", v); }

static void S_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "- ");
		return;
	}
	size_t n = strlen(s);
	buf_printf(b, "%zu:", n);
	buf_put(b, s, n);
	buf_putc(b, ' ');
}

static void S_entry(struct buf *b, const struct page *p)
{
	const struct frontmatter *fm = &p->fm;
	S_str(b, p->path);
	S_num(b, (long long)p->st.st_size);
	S_num(b, (long long)p->st.st_mtim.tv_sec);
	S_num(b, (long long)p->st.st_mtim.tv_nsec);
	S_num(b, (long long)p->st.st_ctim.tv_sec);
	S_num(b, (long long)p->st.st_ctim.tv_nsec);
	S_num(b, (long long)p->st.st_ino);
	S_str(b, p->hash);
	S_str(b, p->blob);
	S_str(b, p->src ? p->src->hash : NULL);
	S_num(b, p->body_line);
	S_num(b, (long long)p->body_off);
	S_num(b, p->has_body);
	buf_printf(b, "%016llx ", (unsigned long long)p->fm_hash);
	if (p->text_hashed)
		buf_printf(b, "%016llx ", (unsigned long long)p->text_hash);
	else
		buf_puts(b, "- ");
	S_str(b, fm->title);
	S_str(b, fm->summary);
	S_num(b, fm->kind);
	S_str(b, fm->updated);
	S_str(b, fm->source);
	S_num(b, fm->order);
	S_num(b, fm->has_order);
	S_str(b, fm->term);
	S_str(b, fm->abbr);
	S_str(b, fm->contact);
	S_num(b, fm->contact_loc.line);
	S_num(b, fm->contact_loc.col);
	S_num(b, (long long)fm->nphones);
	for (size_t i = 0; i < fm->nphones; i++) {
		S_str(b, fm->phones[i].e164);
		S_str(b, fm->phones[i].display);
		S_str(b, fm->phones[i].label);
	}
	S_str(b, fm->email);
	S_str(b, fm->web);
	S_str(b, fm->org);
	S_str(b, fm->address.street);
	S_str(b, fm->address.postcode);
	S_str(b, fm->address.city);
	S_num(b, (long long)fm->nhours);
	for (size_t i = 0; i < fm->nhours; i++) {
		S_num(b, fm->hours[i].first_day);
		S_num(b, fm->hours[i].last_day);
		S_str(b, fm->hours[i].opens);
		S_str(b, fm->hours[i].closes);
	}
	S_num(b, (long long)p->warnings.n);
	for (size_t i = 0; i < p->warnings.n; i++) {
		const struct diag *g = &p->warnings.v[i];
		S_num(b, g->sev);
		S_num(b, g->line);
		S_num(b, g->col);
		S_str(b, g->path);
		S_str(b, g->msg);
	}
	buf_putc(b, '\n');
}

void page_cache_save(const char *dest, const struct site *s, uint64_t globals,
		     const struct timespec *since)
{
	struct buf b = BUF_INIT, e = BUF_INIT;
	buf_printf(&b, "skylt-pages 1 %016llx\n", (unsigned long long)globals);
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		if (p->failed || !p->has_body || state_racy(&p->st, since))
			continue;
		if (p->record) { /* taken from the record: as it was */
			buf_printf(&b, "%zu ", p->record_len);
			buf_put(&b, p->record, p->record_len);
			continue;
		}
		buf_truncate(&e, 0);
		S_entry(&e, p);
		buf_printf(&b, "%zu ", e.len);
		buf_put(&b, e.ptr, e.len);
	}
	buf_release(&e);
	char *path = output_cache_path(dest, "pages");
	buf_write_file(path, b.ptr, b.len);
	free(path);
	buf_release(&b);
}

/* ---- reading ---- */

struct S_cursor {
	const char *q, *end;
	int ok;
};

static long long S_get_num(struct S_cursor *c)
{
	char *e;
	long long v = c->ok && c->q < c->end ? strtoll(c->q, &e, 10) : 0;
	if (!c->ok || c->q >= c->end || e == c->q || e >= c->end || *e != ' ') {
		c->ok = 0;
		return 0;
	}
	c->q = e + 1;
	return v;
}

static unsigned long long S_get_hex(struct S_cursor *c)
{
	char *e;
	unsigned long long v =
	    c->ok && c->q < c->end ? strtoull(c->q, &e, 16) : 0;
	if (!c->ok || c->q >= c->end || e == c->q || e >= c->end || *e != ' ') {
		c->ok = 0;
		return 0;
	}
	c->q = e + 1;
	return v;
}

/* A string, malloc'd; NULL for '-' (or a broken record: c->ok is 0). */
static char *S_get_str(struct S_cursor *c)
{
	if (!c->ok || c->q >= c->end) {
		c->ok = 0;
		return NULL;
	}
	if (*c->q == '-') {
		c->q += 2;
		return NULL;
	}
	char *e;
	unsigned long long n = strtoull(c->q, &e, 10);
	if (e == c->q || e >= c->end || *e != ':' ||
	    n + 1 > (unsigned long long)(c->end - (e + 1)) || e[1 + n] != ' ') {
		c->ok = 0;
		return NULL;
	}
	char *s = xstrndup(e + 1, (size_t)n);
	c->q = e + 2 + n;
	return s;
}

/* The same string as s, without keeping it. */
static int S_same_str(struct S_cursor *c, const char *s)
{
	char *v = S_get_str(c);
	int same = v && s && !strcmp(v, s);
	free(v);
	return same;
}

void page_cache_free(struct page_cache *c)
{
	if (!c)
		return;
	free(c->data);
	hmap_release(&c->by_path);
	free(c);
}

struct page_cache *page_cache_load(const char *dest, uint64_t globals)
{
	char *path = output_cache_path(dest, "pages");
	struct buf b = BUF_INIT;
	struct stat st;
	int rc = buf_read_file(&b, path, &st);
	free(path);
	char head[64];
	snprintf(head, sizeof head, "skylt-pages 1 %016llx\n",
		 (unsigned long long)globals);
	if (rc != 0 || b.len < strlen(head) ||
	    memcmp(b.ptr, head, strlen(head)) != 0) {
		buf_release(&b);
		return NULL;
	}
	struct page_cache *c = xcalloc(1, sizeof *c);
	c->len = b.len;
	c->data = buf_detach(&b);
	hmap_init(&c->by_path);
	struct S_cursor cur = {c->data + strlen(head), c->data + c->len, 1};
	while (cur.ok && cur.q < cur.end) {
		/* Only the path is read now; the rest when it is taken. */
		long long len = S_get_num(&cur);
		const char *start = cur.q;
		char *p = S_get_str(&cur);
		if (!p || len <= 0 || len > cur.end - start) {
			free(p);
			cur.ok = 0;
			break;
		}
		/* The entry's length is read again from before it. */
		hmap_put(&c->by_path, p, (void *)start);
		free(p);
		cur.q = start + len;
	}
	if (!cur.ok) {
		page_cache_free(c);
		return NULL;
	}
	return c;
}

int page_cache_take(const struct page_cache *c, struct page *p,
		    struct diags *d)
{
	const char *start = c ? hmap_get(&c->by_path, p->path) : NULL;
	if (!start)
		return 0;
	struct stat now;
	if (lstat(p->file, &now) != 0)
		return 0;
	/* "LENGTH " before the entry. */
	const char *len_at = start - 1;
	while (len_at > c->data && len_at[-1] != ' ' && len_at[-1] != '\n')
		len_at--;
	size_t entry_len = (size_t)strtoull(len_at, NULL, 10);
	struct S_cursor cur = {start, c->data + c->len, 1};
	free(S_get_str(&cur)); /* the path */
	long long v[6];
	for (int i = 0; i < 6; i++)
		v[i] = S_get_num(&cur);
	if (!cur.ok || v[0] != (long long)now.st_size ||
	    v[1] != (long long)now.st_mtim.tv_sec ||
	    v[2] != (long long)now.st_mtim.tv_nsec ||
	    v[3] != (long long)now.st_ctim.tv_sec ||
	    v[4] != (long long)now.st_ctim.tv_nsec ||
	    v[5] != (long long)now.st_ino)
		return 0;
	char *hash = S_get_str(&cur), *blob = S_get_str(&cur);
	/* A translation's facts are its source's: both as recorded. */
	int src_same = p->src ? S_same_str(&cur, p->src->hash)
			      : (free(S_get_str(&cur)), 1);
	if (!cur.ok || !src_same || !hash || !blob ||
	    strlen(hash) >= sizeof p->hash || strlen(blob) >= sizeof p->blob ||
	    (p->src && p->src->failed)) {
		free(hash);
		free(blob);
		return 0;
	}
	struct page q = *p; /* filled here, copied to p if whole */
	snprintf(q.hash, sizeof q.hash, "%s", hash);
	snprintf(q.blob, sizeof q.blob, "%s", blob);
	free(hash);
	free(blob);
	q.st = now;
	q.body_line = (int)S_get_num(&cur);
	q.body_off = (size_t)S_get_num(&cur);
	q.has_body = (int)S_get_num(&cur);
	q.fm_hash = S_get_hex(&cur);
	if (cur.ok && cur.q + 1 < cur.end && cur.q[0] == '-' && cur.q[1] == ' ') {
		cur.q += 2;
		q.text_hashed = 0;
	} else {
		q.text_hash = S_get_hex(&cur);
		q.text_hashed = 1;
	}
	struct frontmatter *fm = &q.fm;
	memset(fm, 0, sizeof *fm);
	fm->title = S_get_str(&cur);
	fm->summary = S_get_str(&cur);
	fm->kind = (enum page_kind)S_get_num(&cur);
	fm->updated = S_get_str(&cur);
	fm->source = S_get_str(&cur);
	fm->order = (int)S_get_num(&cur);
	fm->has_order = (int)S_get_num(&cur);
	fm->term = S_get_str(&cur);
	fm->abbr = S_get_str(&cur);
	fm->contact = S_get_str(&cur);
	fm->contact_loc.line = (int)S_get_num(&cur);
	fm->contact_loc.col = (int)S_get_num(&cur);
	long long n = S_get_num(&cur);
	if (n > 0 && n < 1000) {
		fm->phones = xcalloc((size_t)n, sizeof *fm->phones);
		for (; cur.ok && fm->nphones < (size_t)n; fm->nphones++) {
			struct phone *ph = &fm->phones[fm->nphones];
			ph->e164 = S_get_str(&cur);
			ph->display = S_get_str(&cur);
			ph->label = S_get_str(&cur);
		}
	}
	fm->email = S_get_str(&cur);
	fm->web = S_get_str(&cur);
	fm->org = S_get_str(&cur);
	fm->address.street = S_get_str(&cur);
	fm->address.postcode = S_get_str(&cur);
	fm->address.city = S_get_str(&cur);
	n = S_get_num(&cur);
	if (n > 0 && n < 1000) {
		fm->hours = xcalloc((size_t)n, sizeof *fm->hours);
		for (; cur.ok && fm->nhours < (size_t)n; fm->nhours++) {
			struct hours *h = &fm->hours[fm->nhours];
			h->first_day = (int)S_get_num(&cur);
			h->last_day = (int)S_get_num(&cur);
			h->opens = S_get_str(&cur);
			h->closes = S_get_str(&cur);
		}
	}
	struct diags said;
	diags_init(&said);
	n = S_get_num(&cur);
	for (long long i = 0; cur.ok && i < n && i < 100000; i++) {
		int sev = (int)S_get_num(&cur);
		int line = (int)S_get_num(&cur), col = (int)S_get_num(&cur);
		char *path = S_get_str(&cur), *msg = S_get_str(&cur);
		if (cur.ok && path && msg)
			diags_add(&said, (enum severity)sev, path, line, col,
				  "%s", msg);
		free(path);
		free(msg);
	}
	if (!cur.ok) {
		frontmatter_release(fm);
		diags_release(&said);
		return 0;
	}
	*p = q;
	p->cached = 1;
	p->text = NULL;
	p->len = 0;
	p->record = start;
	p->record_len = entry_len;
	for (size_t i = 0; i < said.n; i++) {
		const struct diag *g = &said.v[i];
		diags_add(d, g->sev, g->path, g->line, g->col, "%s", g->msg);
	}
	p->warnings = said;
	return 1;
}
