/* The part of libvips (and of the GLib under it) that assets.c loads at run
 * time with dlopen/dlsym, declared here rather than taken from <vips/vips.h>:
 * Debian's libvips-dev pulls in some thirty other development packages
 * (ImageMagick's, poppler's, OpenEXR's, libheif's…), hundreds of packages in
 * all, which the site's CI and 'make site' on a fresh machine should not have
 * to install to build a program that is not even linked with libvips. The
 * run time needs only libvips42, whose soname libvips.so.42 has not changed
 * since 8.0 (2015).
 *
 * The declarations are libvips 8.14's documented signatures; nothing calls
 * these names directly (they are never defined here, so a direct call would
 * not link): assets.c takes their types with __typeof__ for the pointers that
 * dlsym fills, so that every call is still checked against them. The
 * variadic ones take name/value option pairs ended by NULL, which the
 * sentinel attribute checks. */
#ifndef SKYLT_VIPS_API_H
#define SKYLT_VIPS_API_H

#include <stddef.h>

/* Only ever handled by pointer. */
typedef struct _VipsImage VipsImage;

/* GLib's gboolean, and libvips's values for the options that assets.c
 * passes: VIPS_MAX_COORD (image.h) and VIPS_SIZE_DOWN of enum VipsSize
 * (resample.h: BOTH, UP, DOWN). */
#define VIPS_API_TRUE 1
#define VIPS_API_MAX_COORD 10000000
#define VIPS_API_SIZE_DOWN 2

int vips_init(const char *argv0);
void vips_shutdown(void);
void vips_concurrency_set(int concurrency);
void vips_cache_set_max(int max);
const char *vips_error_buffer(void);
void vips_error_clear(void);
VipsImage *vips_image_new_from_buffer(const void *buf, size_t len,
				      const char *option_string, ...)
    __attribute__((sentinel));
int vips_image_get_width(const VipsImage *image);
int vips_image_get_height(const VipsImage *image);
int vips_image_get_orientation_swap(VipsImage *image); /* gboolean */
int vips_thumbnail_buffer(void *buf, size_t len, VipsImage **out, int width,
			  ...) __attribute__((sentinel));
int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf,
			       size_t *size, ...) __attribute__((sentinel));
void g_object_unref(void *object);
void g_free(void *mem);

#endif
