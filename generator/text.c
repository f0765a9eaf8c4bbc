/* UTF-8 and normalisation. Validation uses ICU's U8_NEXT, which rejects
 * overlongs, surrogates and truncated sequences. */
#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "buf.h"

long utf8_invalid_at(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t len = (int32_t)n, i = 0;
	while (i < len) {
		int32_t start = i;
		UChar32 c;
		U8_NEXT(p, i, len, c);
		if (c < 0)
			return start;
	}
	return -1;
}

/* For each BMP character: its canonical combining class, or S_NOT_YES when
 * its NFC_Quick_Check is not Yes. Read once from ICU, so that the quick check
 * below costs one lookup a character. */
#define S_NOT_YES 255
static uint8_t S_bmp[0x10000];
static pthread_once_t S_bmp_once = PTHREAD_ONCE_INIT;

static void S_bmp_fill(void)
{
	for (UChar32 c = 0; c < 0x10000; c++)
		S_bmp[c] =
		    u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES
			? u_getCombiningClass(c)
			: S_NOT_YES;
}

static uint8_t S_class(UChar32 c)
{
	if (c < 0x10000)
		return S_bmp[c];
	return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES
		   ? u_getCombiningClass(c)
		   : S_NOT_YES;
}

/* The quick check of UAX #15, on the UTF-8 itself: every character's
 * NFC_Quick_Check is Yes and combining classes never decrease. */
int text_is_nfc(const char *s, size_t n)
{
	pthread_once(&S_bmp_once, S_bmp_fill);
	const uint8_t *p = (const uint8_t *)s;
	int32_t len = (int32_t)n, i = 0;
	uint8_t last = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			last = 0;
			continue;
		}
		UChar32 c;
		U8_NEXT(p, i, len, c);
		if (c < 0)
			return 0;
		uint8_t ccc = S_class(c);
		if (ccc == S_NOT_YES || (ccc && last > ccc))
			return 0;
		last = ccc;
	}
	return 1;
}

char *text_nfc(const char *s, size_t n, size_t *outlen)
{
	if (text_is_nfc(s, n)) {
		/* The usual case: editors' files are already NFC. */
		*outlen = n;
		return xstrndup(s, n);
	}
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)n, &err);
	char *out = NULL;
	if (U_SUCCESS(err) && unorm2_isNormalized(nfc, u, ulen, &err) &&
	    U_SUCCESS(err)) {
		/* The usual case: editors' files are already NFC. */
		out = xstrndup(s, n);
		*outlen = n;
	} else if (U_SUCCESS(err)) {
		int32_t cap = ulen * 3 + 16;
		UChar *v = xmalloc((size_t)cap * sizeof *v);
		/* NFC expands a string at most threefold. */
		int32_t vlen = unorm2_normalize(nfc, u, ulen, v, cap, &err);
		int32_t blen = 0;
		if (U_SUCCESS(err))
			u_strToUTF8(NULL, 0, &blen, v, vlen, &err);
		if (U_SUCCESS(err) || err == U_BUFFER_OVERFLOW_ERROR) {
			err = U_ZERO_ERROR;
			out = xmalloc((size_t)blen + 1);
			u_strToUTF8(out, blen + 1, NULL, v, vlen, &err);
			*outlen = (size_t)blen;
			if (U_FAILURE(err)) {
				free(out);
				out = NULL;
			}
		}
		free(v);
	}
	free(u);
	return out;
}

static int S_chars(const char *p, size_t nbytes)
{
	int col = 0;
	for (size_t i = 0; i < nbytes; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			col++;
	return col;
}

void text_position(const char *text, size_t off, int *line, int *col)
{
	int ln = 1;
	size_t start = 0;
	for (size_t i = 0; i < off && text[i]; i++)
		if (text[i] == '\n') {
			ln++;
			start = i + 1;
		}
	*line = ln;
	*col = S_chars(text + start, off - start) + 1;
}

int text_char_col(const char *text, int line, int byte_col)
{
	const char *p = text;
	for (int ln = 1; ln < line; ln++) {
		p = strchr(p, '\n');
		if (!p)
			return byte_col;
		p++;
	}
	size_t len = strcspn(p, "\n");
	size_t upto = byte_col > 1 ? (size_t)(byte_col - 1) : 0;
	if (upto > len)
		upto = len;
	return S_chars(p, upto) + 1;
}
