/* Finding the runs to isolate. One scanner for the body, the templates and
 * the feed, so that a phone number reads the same in a page's <h1>, its
 * breadcrumb, its <title> and its text. */
#include "bidi.h"

#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

/* Does a character of this class start a run against the base direction? */
static int S_opens(UCharDirection d, int rtl)
{
	return rtl ? d == U_LEFT_TO_RIGHT || d == U_EUROPEAN_NUMBER
		   : d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
}

/* Is ch punctuation of a right-to-left script? The Arabic comma is a
 * neutral (CS) like the Latin one, but it belongs to the Arabic sentence:
 * in "0586-610 00، kommun@karlskoga.se" it separates two runs, which must
 * stay in the sentence's order, not become one left-to-right run. */
static int S_rtl_mark(UChar32 ch, UCharDirection d)
{
	if (d != U_COMMON_NUMBER_SEPARATOR && d != U_OTHER_NEUTRAL &&
	    d != U_EUROPEAN_NUMBER_SEPARATOR &&
	    d != U_EUROPEAN_NUMBER_TERMINATOR)
		return 0;
	/* Its script is Common: the scripts it is used with say whose it is. */
	UScriptCode sc[16];
	UErrorCode err = U_ZERO_ERROR;
	int n = uscript_getScriptExtensions(ch, sc, 16, &err);
	for (int i = 0; U_SUCCESS(err) && i < n; i++)
		if (uscript_isRightToLeft(sc[i]))
			return 1;
	return 0;
}

/* Does ch, of class d, end such a run? */
static int S_closes(UChar32 ch, UCharDirection d, int rtl)
{
	return rtl ? d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC ||
			 d == U_ARABIC_NUMBER || S_rtl_mark(ch, d)
		   : d == U_LEFT_TO_RIGHT;
}

/* A run starts at a strong character of the other direction (or, in
 * right-to-left text, a European digit), takes in neutrals, and ends before
 * the next strong character of the base direction; neutrals at its end stay
 * outside, so punctuation around it follows the paragraph. Scanning ICU's
 * character directions rather than running ubidi keeps a phone number in
 * one piece: ubidi's levels split 0586-610 00 at its separators (TRAPS.md).
 * In right-to-left text, its own punctuation (the Arabic comma) ends a run.
 * In left-to-right text, digits inside an Arabic run stay in it. */
int bidi_next_run(const char *s, size_t len, size_t *at, int rtl, size_t *start,
		  size_t *end)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t n = (int32_t)len, i = (int32_t)*at;
	while (i < n) {
		int32_t from = i;
		UChar32 ch;
		U8_NEXT(u, i, n, ch);
		if (ch < 0 || !S_opens(u_charDirection(ch), rtl))
			continue;
		int32_t last = i, j = i;
		while (j < n) {
			int32_t here = j;
			U8_NEXT(u, j, n, ch);
			if (ch < 0)
				break;
			UCharDirection d = u_charDirection(ch);
			if (S_closes(ch, d, rtl)) {
				j = here;
				break;
			}
			if (S_opens(d, rtl) || d == U_DIR_NON_SPACING_MARK ||
			    (!rtl &&
			     (d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER)))
				last = j;
		}
		*start = (size_t)from;
		*end = *at = (size_t)last;
		return 1;
	}
	*at = len;
	return 0;
}

void bidi_marks(struct buf *out, const char *s, int rtl)
{
	size_t len = strlen(s), at = 0, done = 0, a, b;
	while (bidi_next_run(s, len, &at, rtl, &a, &b)) {
		buf_put(out, s + done, a - done);
		buf_puts(out, BIDI_FSI);
		buf_put(out, s + a, b - a);
		buf_puts(out, BIDI_PDI);
		done = b;
	}
	buf_put(out, s + done, len - done);
}

char *bidi_marked(const char *s, int rtl)
{
	size_t len = strlen(s), at = 0, a, b;
	if (!bidi_next_run(s, len, &at, rtl, &a, &b))
		return NULL;
	struct buf out = BUF_INIT;
	bidi_marks(&out, s, rtl);
	return buf_detach(&out);
}
