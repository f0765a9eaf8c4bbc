/* Assets: the local images and documents that pages link to. They are found
 * under content/<lang>/ and content/_media/, hashed, measured (with libvips)
 * and given content-hashed names under media/ in the site; a large raster
 * image also gets narrower variants for srcset. */
#ifndef SKYLT_ASSETS_H
#define SKYLT_ASSETS_H

#include <stdatomic.h>
#include <stddef.h>

#include "config.h"
#include "diag.h"

struct output;

/* The folder inside content/ that all languages share. A leading '_' keeps it
 * apart from language codes, which are letters only. */
#define ASSETS_SHARED "_media"

enum asset_kind { ASSET_IMAGE, ASSET_DOCUMENT };

struct asset_variant {
	int width, height;
	char *out;  /* site-relative: "media/karta.1a2b….png" */
	void *data; /* the encoded bytes; owned */
	size_t len;
};

struct asset {
	char *src; /* "content/sv/kommuner/karta.png" */
	char *out; /* site-relative: "media/karta.0f3c….png" */
	enum asset_kind kind;
	const char *type;  /* what a reader is told: "PDF", "PNG" */
	size_t size;	   /* bytes of the file */
	int width, height; /* an image's, in pixels */
	struct asset_variant *variants; /* narrower, by width ascending */
	size_t nvariants;
	atomic_int used; /* a page links to it: it is written */
};

struct assets {
	struct asset **v; /* sorted by src */
	size_t n;
};

/* The kind a file name's extension makes it, or -1 when it names no
 * supported file ("x.html", "x"). */
int assets_kind_of(const char *name);

/* Finds every image and document under content/<code>/ for each language of
 * cfg and under content/_media/, reads, hashes and measures each (on threads
 * threads) and makes the variants of large images. An image bigger than
 * budget bytes (0: no limit) is a warning; a file that cannot be read or
 * decoded is an error. Returns 0, or -1 with errors in d; release a in either
 * case. */
int assets_scan(struct assets *a, const struct config *cfg, size_t threads,
		size_t budget, struct diags *d);

/* The asset found at src ("content/sv/karta.png"), or NULL. Read-only, so
 * pages may look up in parallel. */
struct asset *assets_find(const struct assets *a, const char *src);

/* Writes every asset that a page used (originals and variants) into o. */
int assets_write(const struct assets *a, struct output *o, struct diags *d);

void assets_release(struct assets *a);

/* "PDF, 240 kB" in locale (digits, decimal sign and unit from ICU), put
 * into pattern, a MessageFormat with {0} the type and {1} the size; malloc'd.
 * Under 10 kB one decimal is shown, with 1 kB = 1000 bytes. */
char *assets_label(const struct asset *x, const char *locale,
		   const char *pattern);

/* Adds the error for the image at src when libvips cannot be loaded (why:
 * dlerror's words), which says what to install. Apart so that a test can
 * check its words without removing libvips. */
void assets_vips_missing(struct diags *d, const char *src, const char *why);

/* Releases libvips, if it was started; once, at exit. */
void assets_shutdown(void);

#endif
