/* The assets stage. Every image and document under the content folders is
 * found by a sorted walk, then read, hashed and measured in the thread pool;
 * the link stage looks them up (read-only) and marks those a page uses, and
 * only those are written. Images are measured and scaled by libvips, which
 * decodes every format Debian's browsers show and writes the same bytes for
 * the same input (metadata stripped, one thread per operation). libvips is
 * opened at run time, by the first build that meets an image: linked, its
 * hundred libraries cost every run of skylt 60 ms before main, which a
 * rebuild with nothing changed (15 ms) or 'skylt render' should not pay. */
#include "assets.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/sha2.h>
#include <unicode/umsg.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "output.h"
#include "pool.h"
#include "vips_api.h"

/* The widths of the variants in srcset: a phone's and a wide column's, in
 * device pixels. An image gets those narrower than itself. */
static const int S_widths[] = {480, 960};

static const struct {
	const char *ext, *type;
	enum asset_kind kind;
	int scalable; /* variants can be written in the same format */
} S_types[] = {
    {"png", "PNG", ASSET_IMAGE, 1},	  {"jpg", "JPEG", ASSET_IMAGE, 1},
    {"jpeg", "JPEG", ASSET_IMAGE, 1},	  {"webp", "WebP", ASSET_IMAGE, 1},
    {"gif", "GIF", ASSET_IMAGE, 0},	  {"pdf", "PDF", ASSET_DOCUMENT, 0},
    {"docx", "Word", ASSET_DOCUMENT, 0},  {"odt", "ODT", ASSET_DOCUMENT, 0},
    {"xlsx", "Excel", ASSET_DOCUMENT, 0}, {"ods", "ODS", ASSET_DOCUMENT, 0},
    {"csv", "CSV", ASSET_DOCUMENT, 0},	  {"txt", "TXT", ASSET_DOCUMENT, 0},
};

static int S_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');
	if (!dot || dot == name || (slash && dot < slash) || dot[-1] == '/')
		return -1;
	for (size_t i = 0; i < sizeof S_types / sizeof *S_types; i++)
		if (strcasecmp(dot + 1, S_types[i].ext) == 0)
			return (int)i;
	return -1;
}

int assets_kind_of(const char *name)
{
	int t = S_type(name);
	return t < 0 ? -1 : (int)S_types[t].kind;
}

/* The soname that libvips has kept since 8.0 (2015); vips_api.h gives the
 * types, so each call is checked as if it were linked. */
#define S_LIBVIPS "libvips.so.42"

static struct {
	void *lib;
	__typeof__(vips_init) *init;
	__typeof__(vips_shutdown) *shutdown;
	__typeof__(vips_concurrency_set) *concurrency_set;
	__typeof__(vips_cache_set_max) *cache_set_max;
	__typeof__(vips_error_buffer) *error_buffer;
	__typeof__(vips_error_clear) *error_clear;
	__typeof__(vips_image_new_from_buffer) *new_from_buffer;
	__typeof__(vips_image_get_width) *width;
	__typeof__(vips_image_get_height) *height;
	__typeof__(vips_image_get_orientation_swap) *orientation_swap;
	__typeof__(vips_thumbnail_buffer) *thumbnail_buffer;
	__typeof__(vips_image_write_to_buffer) *write_to_buffer;
	__typeof__(g_object_unref) *unref;
	__typeof__(g_free) *free;
} S_vips;

/* libvips is started only by a build that has an image, once. */
static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static int S_vips_ok, S_vips_started;
/* Why it could not be started: dlerror's or libvips's words. */
static char S_vips_why[256];

static void S_why(const char *why)
{
	snprintf(S_vips_why, sizeof S_vips_why, "%s", why ? why : "unknown");
}

/* dlsym returns an object pointer; POSIX guarantees it converts to a
 * function pointer, which ISO C does not say: copy the bytes. */
static int S_sym(void *fn, const char *name)
{
	void *p = dlsym(S_vips.lib, name);
	memcpy(fn, &p, sizeof p);
	return p != NULL;
}

static void S_vips_start(void)
{
	S_vips_started = 1;
	S_vips.lib = dlopen(S_LIBVIPS, RTLD_NOW | RTLD_LOCAL);
	if (!S_vips.lib) {
		S_why(dlerror());
		return;
	}
	/* g_object_unref and g_free come from libvips's own dependencies,
	 * which dlsym on its handle searches too. */
	S_vips_ok =
	    S_sym(&S_vips.init, "vips_init") &&
	    S_sym(&S_vips.shutdown, "vips_shutdown") &&
	    S_sym(&S_vips.concurrency_set, "vips_concurrency_set") &&
	    S_sym(&S_vips.cache_set_max, "vips_cache_set_max") &&
	    S_sym(&S_vips.error_buffer, "vips_error_buffer") &&
	    S_sym(&S_vips.error_clear, "vips_error_clear") &&
	    S_sym(&S_vips.new_from_buffer, "vips_image_new_from_buffer") &&
	    S_sym(&S_vips.width, "vips_image_get_width") &&
	    S_sym(&S_vips.height, "vips_image_get_height") &&
	    S_sym(&S_vips.orientation_swap,
		  "vips_image_get_orientation_swap") &&
	    S_sym(&S_vips.thumbnail_buffer, "vips_thumbnail_buffer") &&
	    S_sym(&S_vips.write_to_buffer, "vips_image_write_to_buffer") &&
	    S_sym(&S_vips.unref, "g_object_unref") &&
	    S_sym(&S_vips.free, "g_free");
	if (!S_vips_ok) {
		S_why(dlerror());
		return;
	}
	S_vips_ok = S_vips.init("skylt") == 0;
	if (!S_vips_ok)
		S_why(S_vips.error_buffer());
	else {
		/* The pool already runs one image per thread; an operation
		 * cache would only keep decoded images alive. */
		S_vips.concurrency_set(1);
		S_vips.cache_set_max(0);
	}
}

void assets_vips_missing(struct diags *d, const char *src, const char *why)
{
	diags_add(d, SEV_ERROR, src, 0, 0,
		  "images need libvips: apt-get install libvips42 (%s)", why);
}

void assets_shutdown(void)
{
	/* The library stays loaded: glib cannot be unloaded safely. */
	if (S_vips_started && S_vips_ok)
		S_vips.shutdown();
}

struct S_list {
	struct asset **v;
	size_t n, cap;
};

/* Collects the files under dir (shown as shown) whose extension names an
 * asset. Symbolic links are not followed: load.c reports them. */
static void S_walk(struct S_list *l, const char *dir)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (name[0] != '.') {
			char *path = xasprintf("%s/%s", dir, name);
			/* The folder's entry tells a folder from a file
			 * without a stat, on a site of many pages. */
			struct stat st;
			st.st_mode = DTTOIF(names[i]->d_type);
			if (names[i]->d_type == DT_UNKNOWN &&
			    lstat(path, &st) != 0)
				st.st_mode = 0;
			if (S_ISDIR(st.st_mode)) {
				S_walk(l, path);
			} else if (S_ISREG(st.st_mode) && S_type(name) >= 0) {
				if (l->n == l->cap) {
					l->cap = l->cap ? 2 * l->cap : 16;
					l->v = xrealloc(l->v,
							l->cap * sizeof *l->v);
				}
				struct asset *x = xcalloc(1, sizeof *x);
				x->src = path;
				path = NULL;
				l->v[l->n++] = x;
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
}

/* "media/<stem>.<hash>.<ext>": the name changes with the bytes, so a cache
 * may keep the file for ever. The stem keeps only characters that need no
 * escaping in a URL. */
static char *S_out_name(const char *src, const void *data, size_t len)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	const char *base = strrchr(src, '/');
	base = base ? base + 1 : src;
	const char *dot = strrchr(base, '.');
	struct buf b = BUF_INIT;
	buf_puts(&b, "media/");
	for (const char *p = base; p < dot; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_putc(&b, (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				     c == '-' || c == '_'
				 ? c
				 : '-');
	}
	buf_putc(&b, '.');
	for (size_t i = 0; i < 8; i++)
		buf_printf(&b, "%02x", digest[i]);
	buf_putc(&b, '.');
	for (const char *p = dot + 1; *p; p++)
		buf_putc(&b,
			 (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	return buf_detach(&b);
}

struct S_scan {
	struct asset **v;
	struct diags *per; /* one per asset */
	size_t budget;
};

static void S_variant(struct asset *x, const void *data, size_t len, int width,
		      const char *suffix, struct diags *d)
{
	VipsImage *t = NULL;
	void *out = NULL;
	size_t olen = 0;
	/* A height limit that never binds: the width decides. */
	if (S_vips.thumbnail_buffer((void *)data, len, &t, width, "height",
				    VIPS_API_MAX_COORD, "size",
				    VIPS_API_SIZE_DOWN, NULL) != 0 ||
	    S_vips.write_to_buffer(t, suffix, &out, &olen, "strip",
				   VIPS_API_TRUE, NULL) != 0) {
		diags_add(d, SEV_ERROR, x->src, 0, 0,
			  "cannot make a %d pixels wide copy: %s", width,
			  S_vips.error_buffer());
		S_vips.error_clear();
		if (t)
			S_vips.unref(t);
		return;
	}
	struct asset_variant *v = &x->variants[x->nvariants++];
	v->width = S_vips.width(t);
	v->height = S_vips.height(t);
	v->data = xmalloc(olen ? olen : 1);
	memcpy(v->data, out, olen);
	v->len = olen;
	v->out = S_out_name(x->src, out, olen);
	S_vips.free(out);
	S_vips.unref(t);
}

static void S_measure(struct asset *x, const struct buf *b, int scalable,
		      struct diags *d)
{
	pthread_once(&S_once, S_vips_start);
	if (!S_vips.lib) {
		assets_vips_missing(d, x->src, S_vips_why);
		return;
	}
	if (!S_vips_ok) {
		diags_add(d, SEV_ERROR, x->src, 0, 0,
			  "cannot start libvips (" S_LIBVIPS "): %s",
			  S_vips_why);
		return;
	}
	VipsImage *im = S_vips.new_from_buffer(b->ptr, b->len, "", NULL);
	if (!im) {
		diags_add(d, SEV_ERROR, x->src, 0, 0,
			  "not a readable %s image: %s", x->type,
			  S_vips.error_buffer());
		S_vips.error_clear();
		return;
	}
	/* A photo turned by its EXIF orientation is shown turned. */
	int swap = S_vips.orientation_swap(im);
	x->width = swap ? S_vips.height(im) : S_vips.width(im);
	x->height = swap ? S_vips.width(im) : S_vips.height(im);
	S_vips.unref(im);
	if (!scalable)
		return;
	const char *dot = strrchr(x->src, '.');
	x->variants =
	    xcalloc(sizeof S_widths / sizeof *S_widths, sizeof *x->variants);
	for (size_t i = 0; i < sizeof S_widths / sizeof *S_widths; i++)
		if (S_widths[i] < x->width)
			S_variant(x, b->ptr, b->len, S_widths[i], dot, d);
}

static void S_scan_one(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	struct S_scan *s = ctx;
	struct asset *x = s->v[i];
	struct diags *d = &s->per[i];
	struct buf b = BUF_INIT;
	struct stat st;
	if (buf_read_file(&b, x->src, &st) != 0) {
		diags_add(d, SEV_ERROR, x->src, 0, 0, "cannot read: %s",
			  strerror(errno));
		buf_release(&b);
		return;
	}
	int t = S_type(x->src);
	x->kind = S_types[t].kind;
	x->type = S_types[t].type;
	x->size = b.len;
	x->out = S_out_name(x->src, b.ptr, b.len);
	if (x->kind == ASSET_IMAGE) {
		S_measure(x, &b, S_types[t].scalable, d);
		if (s->budget && x->size > s->budget)
			diags_add(d, SEV_WARNING, x->src, 0, 0,
				  "image is %zu kB, over the budget of %zu kB "
				  "(image_budget in content/site.yaml): make "
				  "it smaller",
				  (x->size + 999) / 1000, s->budget / 1000);
	}
	buf_release(&b);
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp((*(struct asset *const *)a)->src,
		      (*(struct asset *const *)b)->src);
}

int assets_scan(struct assets *a, const struct config *cfg, size_t threads,
		size_t budget, struct diags *d)
{
	memset(a, 0, sizeof *a);
	struct S_list l = {0};
	for (size_t i = 0; i < cfg->nlangs; i++) {
		char *dir = xasprintf("content/%s", cfg->langs[i].code);
		S_walk(&l, dir);
		free(dir);
	}
	/* Like a language folder (load.c), the shared folder must not lead
	 * out of content/. */
	struct stat shared;
	if (lstat("content/" ASSETS_SHARED, &shared) == 0 &&
	    S_ISLNK(shared.st_mode))
		diags_add(d, SEV_ERROR, "content/" ASSETS_SHARED, 0, 0,
			  "symbolic links are not followed: the shared folder "
			  "must be a folder inside content/");
	else
		S_walk(&l, "content/" ASSETS_SHARED);
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, S_cmp);
	a->v = l.v;
	a->n = l.n;
	struct S_scan s = {l.v, xcalloc(l.n ? l.n : 1, sizeof *s.per), budget};
	pool_run(threads ? threads : 1, l.n, S_scan_one, &s);
	size_t errors = d->errors;
	for (size_t i = 0; i < l.n; i++)
		diags_move(d, &s.per[i]);
	free(s.per);
	return d->errors > errors ? -1 : 0;
}

struct asset *assets_find(const struct assets *a, const char *src)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->v[mid]->src, src);
		if (c == 0)
			return a->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int assets_write(const struct assets *a, struct output *o, struct diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < a->n; i++) {
		struct asset *x = a->v[i];
		if (!atomic_load(&x->used) || !x->out)
			continue;
		struct buf b = BUF_INIT;
		if (buf_read_file(&b, x->src, NULL) != 0) {
			diags_add(d, SEV_ERROR, x->src, 0, 0, "cannot read: %s",
				  strerror(errno));
			rc = -1;
		} else if (output_write(o, x->out, b.ptr, b.len, d) < 0) {
			rc = -1;
		}
		buf_release(&b);
		for (size_t k = 0; k < x->nvariants; k++)
			if (output_write(o, x->variants[k].out,
					 x->variants[k].data,
					 x->variants[k].len, d) < 0)
				rc = -1;
	}
	return rc;
}

void assets_release(struct assets *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct asset *x = a->v[i];
		for (size_t k = 0; k < x->nvariants; k++) {
			free(x->variants[k].out);
			free(x->variants[k].data);
		}
		free(x->variants);
		free(x->src);
		free(x->out);
		free(x);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* The size with its unit, by ICU: "240 kB", "٢٤٠ كيلوبايت", "2,4 кБ". */
static int32_t S_size(double bytes, const char *locale, UChar *out, int32_t cap)
{
	double v = bytes / 1000;
	const UChar *unit = u"measure-unit/digital-kilobyte unit-width-short";
	if (v >= 1000) {
		v /= 1000;
		unit = u"measure-unit/digital-megabyte unit-width-short";
	}
	UChar skel[96];
	u_strcpy(skel, unit);
	u_strcat(skel, v < 10 ? u" .#" : u" precision-integer");
	if (v < 0.1)
		v = 0.1; /* never "0 kB" for a file that has bytes */
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormatter *f =
	    unumf_openForSkeletonAndLocale(skel, -1, locale, &err);
	UFormattedNumber *r = unumf_openResult(&err);
	unumf_formatDouble(f, v, r, &err);
	int32_t n = unumf_resultToString(r, out, cap, &err);
	unumf_closeResult(r);
	unumf_close(f);
	return U_SUCCESS(err) ? n : -1;
}

char *assets_label(const struct asset *x, const char *locale,
		   const char *pattern)
{
	UChar size[64], type[16], pat[128], out[256];
	int32_t n = S_size((double)x->size, locale ? locale : "", size,
			   (int32_t)(sizeof size / sizeof *size));
	if (n < 0)
		return xasprintf("%s, %zu kB", x->type, (x->size + 999) / 1000);
	size[n] = 0;
	UErrorCode err = U_ZERO_ERROR;
	u_strFromUTF8(type, 16, NULL, x->type, -1, &err);
	u_strFromUTF8(pat, 128, NULL, pattern ? pattern : "{0}, {1}", -1, &err);
	int32_t olen = u_formatMessage(locale ? locale : "", pat, -1, out, 256,
				       &err, type, size);
	char buf[768];
	int32_t blen = 0;
	if (U_SUCCESS(err))
		u_strToUTF8(buf, sizeof buf, &blen, out, olen, &err);
	if (U_FAILURE(err))
		return xasprintf("%s, %zu kB", x->type, (x->size + 999) / 1000);
	return xstrndup(buf, (size_t)blen);
}
