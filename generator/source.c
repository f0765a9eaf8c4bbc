/* The 'source:' record of a translation: git's blob id of the source file
 * (SHA-1 from nettle, the hash git itself uses for a blob) and a hash of the
 * source's translatable text. */
#include "source.h"

#include <stdio.h>
#include <string.h>

#include <nettle/sha1.h>

#include "buf.h"
#include "hmap.h"
#include "load.h"

static const char S_hex[] = "0123456789abcdef";

void source_blob_id(const void *bytes, size_t n, char out[SOURCE_BLOB_HEX + 1])
{
	/* git hashes "blob <size>\0" followed by the bytes. */
	char head[32];
	int hn = snprintf(head, sizeof head, "blob %zu", n);
	struct sha1_ctx ctx;
	uint8_t digest[SHA1_DIGEST_SIZE];
	sha1_init(&ctx);
	sha1_update(&ctx, (size_t)hn + 1, (const uint8_t *)head);
	sha1_update(&ctx, n, bytes);
	sha1_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < SHA1_DIGEST_SIZE; i++) {
		out[2 * i] = S_hex[digest[i] >> 4];
		out[2 * i + 1] = S_hex[digest[i] & 15];
	}
	out[SOURCE_BLOB_HEX] = '\0';
}

/* FNV-1a 64 continued over a tagged field, so that moving words from the title
 * into the summary still changes the hash. */
static uint64_t S_mix(uint64_t h, char tag, const char *s, size_t n)
{
	const uint64_t prime = 0x100000001b3ULL;
	h = (h ^ (unsigned char)tag) * prime;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * prime;
	return h * prime; /* a NUL after each field */
}

static uint64_t S_mix_str(uint64_t h, char tag, const char *s)
{
	return s ? S_mix(h, tag, s, strlen(s)) : h;
}

uint64_t source_text_hash(const struct page *sp)
{
	if (sp->text_hashed)
		return sp->text_hash;
	uint64_t h = 0xcbf29ce484222325ULL;
	h = S_mix_str(h, 't', sp->fm.title);
	h = S_mix_str(h, 's', sp->fm.summary);
	h = S_mix_str(h, 'w', sp->fm.term);
	/* A label is translated for the phone in its place: moving one to
	 * another phone is work for a translator, adding an unlabelled phone
	 * at the end is not. */
	for (size_t i = 0; i < sp->fm.nphones; i++) {
		if (!sp->fm.phones[i].label)
			continue;
		char place[24];
		snprintf(place, sizeof place, "%zu", i);
		h = S_mix_str(h, 'n', place);
		h = S_mix_str(h, 'l', sp->fm.phones[i].label);
	}
	if (sp->has_body && sp->body_off <= sp->len)
		h = S_mix(h, 'b', sp->text + sp->body_off,
			  sp->len - sp->body_off);
	return h;
}

void source_value(const struct page *sp, char out[SOURCE_VALUE_LEN + 1])
{
	memcpy(out, sp->blob, SOURCE_BLOB_HEX);
	out[SOURCE_BLOB_HEX] = ' ';
	snprintf(out + SOURCE_BLOB_HEX + 1, SOURCE_TEXT_HEX + 1, "%016llx",
		 (unsigned long long)source_text_hash(sp));
}

static int S_is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(S_hex, s[i]) || !s[i])
			return 0;
	return 1;
}

int source_parse(const char *value, struct source_ref *r)
{
	memset(r, 0, sizeof *r);
	size_t n = strlen(value);
	if (n == SOURCE_VALUE_LEN && value[SOURCE_BLOB_HEX] == ' ' &&
	    S_is_hex(value, SOURCE_BLOB_HEX) &&
	    S_is_hex(value + SOURCE_BLOB_HEX + 1, SOURCE_TEXT_HEX)) {
		memcpy(r->blob, value, SOURCE_BLOB_HEX);
		memcpy(r->text, value + SOURCE_BLOB_HEX + 1, SOURCE_TEXT_HEX);
		return 0;
	}
	if (n == SOURCE_TEXT_HEX && S_is_hex(value, n)) {
		memcpy(r->legacy, value, n);
		return 0;
	}
	return -1;
}

/* The length of the line at s (up to end), without its line ending. */
static size_t S_line_len(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	size_t n = (size_t)((nl ? nl : end) - s);
	if (n && s[n - 1] == '\r')
		n--;
	return n;
}

int source_rewrite(const char *text, size_t len, const char *value,
		   struct buf *out)
{
	const char *s = text, *end = text + len;
	if (end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	if (!page_fence(s, end, 0))
		return -1;
	const char *line = memchr(s, '\n', (size_t)(end - s));
	if (!line)
		return -1;
	line++;
	const char *found = NULL, *close = NULL;
	const char *newline = "\n";
	while (line < end) {
		size_t n = S_line_len(line, end);
		if (n < (size_t)(end - line) && line[n] == '\r')
			newline = "\r\n";
		if (page_fence(line, end, 1)) {
			close = line;
			break;
		}
		if (!found && n >= 7 && !memcmp(line, "source:", 7))
			found = line;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		line = nl ? nl + 1 : end;
	}
	if (!close)
		return -1;
	if (found) {
		/* Keep "source:" and what follows the value on its line only
		 * if it is a comment. */
		size_t n = S_line_len(found, end);
		const char *comment = NULL;
		for (const char *c = found + 7; c < found + n; c++)
			if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
				comment = c;
				break;
			}
		buf_put(out, text, (size_t)(found - text));
		buf_printf(out, "source: %s", value);
		if (comment) {
			buf_putc(out, ' ');
			buf_put(out, comment, (size_t)(found + n - comment));
		}
		buf_put(out, found + n, (size_t)(end - (found + n)));
	} else {
		buf_put(out, text, (size_t)(close - text));
		buf_printf(out, "source: %s%s", value, newline);
		buf_put(out, close, (size_t)(end - close));
	}
	return 0;
}
