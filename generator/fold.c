/* The fold table of search (doc/search.md, "Normalisation"): computed once
 * from ICU for every code point of the covered blocks, then applied code
 * point by code point, here to a page's words and in the browser to a
 * query, so that both sides reduce a word to the same key. */
#include "fold.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

/* The blocks the table covers, in increasing order; outside them a code
 * point is its own key. Keep doc/search.md in step. */
static const struct {
	uint32_t lo, hi;
} S_blocks[] = {
    /* Basic Latin apart: every query has its spaces and digits, and
       the browser loads only the parts whose characters it has. */
    {0x0000, 0x007F}, /* Basic Latin */
    {0x0080, 0x02FF}, /* Latin-1 Supplement to Spacing Modifier Letters */
    {0x0300, 0x036F}, /* Combining Diacritical Marks */
    {0x0400, 0x052F}, /* Cyrillic, Cyrillic Supplement */
    {0x0600, 0x06FF}, /* Arabic */
    {0x0750, 0x077F}, /* Arabic Supplement */
    {0x08A0, 0x08FF}, /* Arabic Extended-A */
    {0x1200, 0x139F}, /* Ethiopic, Ethiopic Supplement */
    {0x1E00, 0x1EFF}, /* Latin Extended Additional */
    {0x2000, 0x206F}, /* General Punctuation */
    {0x2C60, 0x2C7F}, /* Latin Extended-C */
    {0x2D80, 0x2DDF}, /* Ethiopic Extended */
    {0xA720, 0xA7FF}, /* Latin Extended-D */
    {0xAB00, 0xAB6F}, /* Ethiopic Extended-A, Latin Extended-E */
    {0xFB00, 0xFDFF}, /* Alphabetic Presentation Forms (the ﬁ ligatures),
			 Arabic Presentation Forms-A */
    {0xFE70, 0xFEFF}, /* Arabic Presentation Forms-B */
    {0xFF00, 0xFFEF}, /* Halfwidth and Fullwidth Forms */
};
#define S_NBLOCKS (sizeof S_blocks / sizeof S_blocks[0])

/* One covered code point: its key and its lower form, as UTF-8 in S_pool. */
struct entry {
	uint32_t key, lower;
	uint8_t key_len, lower_len;
};

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static struct entry *S_entries;
static size_t S_first[S_NBLOCKS]; /* index in S_entries of each block */
static struct buf S_pool = BUF_INIT;

static void S_put_utf8(struct buf *b, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_put(b, u, n);
}

/* Nonspacing marks of the Arabic blocks: harakat, superscript alef, Quranic
 * annotation signs. */
static bool S_arabic_mark(uint32_t c)
{
	bool arabic = (c >= 0x0600 && c <= 0x06FF) ||
		      (c >= 0x0750 && c <= 0x077F) ||
		      (c >= 0x08A0 && c <= 0x08FF);
	return arabic && u_charType((UChar32)c) == U_NON_SPACING_MARK;
}

/* The rules that hold for the lower form too, applied to one code point of
 * NFKC_Casefold's output: returns the replacement, or -1 to drop it. */
static int32_t S_lower_rule(uint32_t c)
{
	if (c >= 0x0300 && c <= 0x036F)
		return -1; /* a mark NFC could not compose: stress marks */
	if (c == 0x0640 || S_arabic_mark(c))
		return -1; /* tatweel, harakat */
	switch (c) {
	case 0x0622: /* آ */
	case 0x0623: /* أ */
	case 0x0625: /* إ */
	case 0x0671: /* ٱ */
	case 0x0672: /* ٲ */
	case 0x0673: /* ٳ */
		return 0x0627;
	case 0x0649: /* ى alef maksura */
	case 0x06CC: /* ی Farsi yeh */
		return 0x064A;
	case 0x06A9: /* ک keheh */
		return 0x0643;
	case 0x0629: /* ة teh marbuta */
	case 0x06C0: /* ۀ */
	case 0x06C1: /* ہ heh goal */
	case 0x06BE: /* ھ heh doachashmee, Sorani h */
		return 0x0647;
	case 0x0451: /* ё */
		return 0x0435;
	case 0x2019: /* ’ right single quotation mark */
	case 0x02BC: /* ʼ modifier letter apostrophe */
		return 0x0027;
	}
	if (c >= 0x0660 && c <= 0x0669)
		return (int32_t)('0' + (c - 0x0660));
	if (c >= 0x06F0 && c <= 0x06F9)
		return (int32_t)('0' + (c - 0x06F0));
	return (int32_t)c;
}

/* Appends a Latin letter left after its marks are gone: ß, æ, ø, œ, ł and đ
 * have no decomposition to strip. */
static void S_put_latin(struct buf *key, uint32_t c)
{
	switch (c) {
	case 0x00DF: /* NFKC_Casefold has made ß ss already; ẞ too */
		buf_puts(key, "ss");
		return;
	case 0x00E6:
		buf_puts(key, "ae");
		return;
	case 0x00F8:
		buf_putc(key, 'o');
		return;
	case 0x0153:
		buf_puts(key, "oe");
		return;
	case 0x0142:
		buf_putc(key, 'l');
		return;
	case 0x0111:
		buf_putc(key, 'd');
		return;
	}
	S_put_utf8(key, c);
}

/* Appends the key of one code point of the lower form: a Latin letter
 * without its diacritics (ǣ, decomposed, is æ and a macron: ae). */
static void S_key_of_lower(struct buf *key, uint32_t c)
{
	UErrorCode err = U_ZERO_ERROR;
	if (uscript_getScript((UChar32)c, &err) != USCRIPT_LATIN ||
	    U_FAILURE(err)) {
		S_put_utf8(key, c);
		return;
	}
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
	UChar src[2], dec[16];
	int32_t n = 0;
	U16_APPEND_UNSAFE(src, n, c);
	int32_t m =
	    U_SUCCESS(err) ? unorm2_normalize(nfd, src, n, dec, 16, &err) : 0;
	if (U_FAILURE(err)) {
		S_put_latin(key, c);
		return;
	}
	for (int32_t i = 0; i < m;) {
		UChar32 d;
		U16_NEXT(dec, i, m, d);
		if (u_charType(d) != U_NON_SPACING_MARK)
			S_put_latin(key, (uint32_t)d);
	}
}

static void S_compute(uint32_t c, struct buf *key, struct buf *lower)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
	UChar src[2], out[64];
	int32_t n = 0, m = 0;
	if (U_SUCCESS(err) && !(c >= 0xD800 && c <= 0xDFFF)) {
		U16_APPEND_UNSAFE(src, n, c);
		m = unorm2_normalize(nfkc_cf, src, n, out, 64, &err);
	}
	if (U_FAILURE(err) || n == 0) {
		/* ICU's data is missing: every code point stays itself rather
		 * than the search losing words. */
		S_put_utf8(key, c);
		S_put_utf8(lower, c);
		return;
	}
	for (int32_t i = 0; i < m;) {
		UChar32 d;
		U16_NEXT(out, i, m, d);
		int32_t r = S_lower_rule((uint32_t)d);
		if (r < 0)
			continue;
		S_put_utf8(lower, (uint32_t)r);
		S_key_of_lower(key, (uint32_t)r);
	}
}

static void S_init(void)
{
	size_t total = 0;
	for (size_t b = 0; b < S_NBLOCKS; b++) {
		S_first[b] = total;
		total += S_blocks[b].hi - S_blocks[b].lo + 1;
	}
	S_entries = xcalloc(total, sizeof *S_entries);
	struct buf key = BUF_INIT, lower = BUF_INIT;
	for (size_t b = 0; b < S_NBLOCKS; b++)
		for (uint32_t c = S_blocks[b].lo; c <= S_blocks[b].hi; c++) {
			struct entry *e =
			    &S_entries[S_first[b] + (c - S_blocks[b].lo)];
			buf_truncate(&key, 0);
			buf_truncate(&lower, 0);
			S_compute(c, &key, &lower);
			/* The longest, ﷺ, is 33 bytes of UTF-8. */
			if (key.len > 255 || lower.len > 255)
				abort();
			e->key = (uint32_t)S_pool.len;
			e->key_len = (uint8_t)key.len;
			buf_put(&S_pool, key.ptr, key.len);
			e->lower = (uint32_t)S_pool.len;
			e->lower_len = (uint8_t)lower.len;
			buf_put(&S_pool, lower.ptr, lower.len);
		}
	buf_release(&key);
	buf_release(&lower);
}

static const struct entry *S_lookup(uint32_t c)
{
	for (size_t b = 0; b < S_NBLOCKS && c >= S_blocks[b].lo; b++)
		if (c <= S_blocks[b].hi)
			return &S_entries[S_first[b] + (c - S_blocks[b].lo)];
	return NULL;
}

/* Decodes the code point at s[*i], advancing *i: an ill-formed sequence is
 * one U+FFFD per maximal subpart, as ICU and the WHATWG decoder do. */
static uint32_t S_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char b = s[(*i)++];
	if (b < 0x80)
		return b;
	size_t need;
	uint32_t c;
	unsigned char lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 0xFFFD;
	}
	for (size_t k = 0; k < need; k++) {
		if (*i >= len || s[*i] < lo || s[*i] > hi)
			return 0xFFFD;
		c = c << 6 | (s[(*i)++] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	return c;
}

static void S_fold(const char *s, size_t len, struct buf *out, bool key)
{
	pthread_once(&S_once, S_init);
	const unsigned char *u = (const unsigned char *)s;
	buf_grow(out, len);
	for (size_t i = 0; i < len;) {
		if (u[i] < 0x80) {
			/* ASCII: only the capitals change. */
			unsigned char b = u[i++];
			buf_putc(out,
				 (char)(b >= 'A' && b <= 'Z' ? b + 32 : b));
			continue;
		}
		size_t start = i;
		uint32_t c = S_next(u, len, &i);
		const struct entry *e = S_lookup(c);
		if (e && key)
			buf_put(out, S_pool.ptr + e->key, e->key_len);
		else if (e)
			buf_put(out, S_pool.ptr + e->lower, e->lower_len);
		else if (c == 0xFFFD)
			S_put_utf8(out, c);
		else
			buf_put(out, s + start, i - start);
	}
}

void fold_key(const char *s, size_t len, struct buf *out)
{
	S_fold(s, len, out, true);
}

void fold_lower(const char *s, size_t len, struct buf *out)
{
	S_fold(s, len, out, false);
}

/* A JSON string: quotes, backslashes and controls escaped, and U+2028 and
 * U+2029, which older JavaScript does not allow in a string literal; the
 * rest as UTF-8. */
static void S_json_string(struct buf *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b == '"' || b == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)b);
		} else if (b < 0x20) {
			buf_printf(out, "\\u%04x", b);
		} else if (b == 0xE2 && i + 2 < n &&
			   (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xA8 ||
			    (unsigned char)s[i + 2] == 0xA9)) {
			buf_printf(out, "\\u%04x",
				   (unsigned char)s[i + 2] == 0xA8 ? 0x2028
								   : 0x2029);
			i += 2;
		} else {
			buf_putc(out, (char)b);
		}
	}
	buf_putc(out, '"');
}

/* Appends block b's entries that differ from the code point itself, as
 * "<code point>":"<key>" pairs separated by commas; returns how many. */
static size_t S_block_json(size_t b, struct buf *out, bool first)
{
	struct buf self = BUF_INIT;
	size_t n = 0;
	for (uint32_t c = S_blocks[b].lo; c <= S_blocks[b].hi; c++) {
		const struct entry *e =
		    &S_entries[S_first[b] + (c - S_blocks[b].lo)];
		buf_truncate(&self, 0);
		S_put_utf8(&self, c);
		if (e->key_len == self.len &&
		    memcmp(S_pool.ptr + e->key, self.ptr, self.len) == 0)
			continue;
		buf_printf(out, "%s\"%u\":", first && !n ? "" : ",",
			   (unsigned)c);
		S_json_string(out, S_pool.ptr + e->key, e->key_len);
		n++;
	}
	buf_release(&self);
	return n;
}

size_t fold_table_parts(void)
{
	return S_NBLOCKS;
}

size_t fold_table_part(size_t i, uint32_t *lo, uint32_t *hi, struct buf *out)
{
	pthread_once(&S_once, S_init);
	*lo = S_blocks[i].lo;
	*hi = S_blocks[i].hi;
	buf_putc(out, '{');
	size_t n = S_block_json(i, out, true);
	buf_putc(out, '}');
	return n;
}

void fold_table_json(struct buf *out)
{
	pthread_once(&S_once, S_init);
	size_t n = 0;
	buf_putc(out, '{');
	for (size_t b = 0; b < S_NBLOCKS; b++)
		n += S_block_json(b, out, n == 0);
	buf_putc(out, '}');
}
