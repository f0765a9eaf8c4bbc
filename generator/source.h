/* What a translation records of the source page it was made from, in its
 * 'source:' value: the git blob id of the source file, so that git can give
 * back the text the translator saw, and a hash of the source's translatable
 * text, which alone decides whether the translation is stale (a changed
 * phone number or 'order:' is no work for a translator). Both are computed
 * here without git. */
#ifndef SKYLT_SOURCE_H
#define SKYLT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct page;

#define SOURCE_BLOB_HEX 40 /* a git blob id: SHA-1, hex */
#define SOURCE_TEXT_HEX 16 /* 64-bit FNV-1a, hex */
/* "BLOB TEXT": what 'source:' says, and 'skylt status --hash' prints. */
#define SOURCE_VALUE_LEN (SOURCE_BLOB_HEX + 1 + SOURCE_TEXT_HEX)

struct source_ref {
	char blob[SOURCE_BLOB_HEX + 1];	  /* "" when not recorded */
	char text[SOURCE_TEXT_HEX + 1];	  /* "" when not recorded */
	char legacy[SOURCE_TEXT_HEX + 1]; /* the older form: FNV-1a 64 of
					     the whole file; "" otherwise */
};

/* The git blob id of a file's bytes (what 'git hash-object FILE' prints). */
void source_blob_id(const void *bytes, size_t n, char out[SOURCE_BLOB_HEX + 1]);

/* The hash of what a translator translates of source page sp: its title,
 * summary, term, phone labels (with their places) and Markdown body, each as
 * written (NFC). The language-neutral facts are not in it: a changed phone
 * number, 'order:' or 'updated:' leaves translations current. */
uint64_t source_text_hash(const struct page *sp);

/* The 'source:' value a translation of sp should carry, NUL-terminated. */
void source_value(const struct page *sp, char out[SOURCE_VALUE_LEN + 1]);

/* Reads a 'source:' value: "BLOB TEXT", or the older 16-digit whole-file
 * hash. Returns 0, or -1 when it is neither (r is then cleared). */
int source_parse(const char *value, struct source_ref *r);

/* Writes to out the file text[0..len) with its front matter's top-level
 * 'source:' set to value: that line's value is replaced, or the line is added
 * as the last of the front matter; no other byte of the file changes. For a
 * translator who has checked the translation against the source. Returns 0,
 * or -1 when the text has no closed front matter (out is then unchanged). */
int source_rewrite(const char *text, size_t len, const char *value,
		   struct buf *out);

#endif
