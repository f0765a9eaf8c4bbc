/* The digit check reads the page's text as written, line by line, so that a
 * message points at the very characters: Markdown's tree has no positions for
 * text inside a paragraph. What it skips is what a reader never reads as a
 * number: code, link destinations and autolinks, and the front matter's data. */
#include "digits.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "buf.h"

int32_t digits_zero(const struct lang *l)
{
	UErrorCode err = U_ZERO_ERROR;
	UNumberingSystem *ns = unumsys_open(l->format_locale, &err);
	if (U_FAILURE(err))
		return 0;
	int32_t zero = 0;
	UChar desc[16];
	int32_t n = unumsys_getDescription(ns, desc, 16, &err);
	if (U_SUCCESS(err) && !unumsys_isAlgorithmic(ns) &&
	    unumsys_getRadix(ns) == 10 && n > 0) {
		UChar32 c;
		int32_t i = 0;
		U16_NEXT(desc, i, n, c);
		zero = c;
	}
	unumsys_close(ns);
	return zero;
}

/* Where the value a reader reads starts in a front matter line, or -1: the
 * line of title, summary or term, or a phone's label ("  - {number: …,
 * label: Växel}"), whose number beside it is data. */
static long S_readable_from(const char *line, size_t len)
{
	static const char *const keys[] = {"title:", "summary:", "term:"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		size_t k = strlen(keys[i]);
		if (len >= k && memcmp(line, keys[i], k) == 0)
			return 0;
	}
	for (size_t i = 0; i + 6 <= len; i++)
		if (memcmp(line + i, "label:", 6) == 0)
			return (long)i;
	return -1;
}

static void S_report(const struct page *p, int line, int col, const char *run,
		     size_t runlen, int32_t zero, const char *numbers,
		     struct diags *d)
{
	struct buf want = BUF_INIT;
	for (int32_t i = 0; i < (int32_t)runlen;) {
		UChar32 c;
		U8_NEXT((const uint8_t *)run, i, (int32_t)runlen, c);
		int32_t v = u_charDigitValue(c);
		char u8[4];
		int32_t k = 0;
		U8_APPEND_UNSAFE((uint8_t *)u8, k, zero + v);
		buf_put(&want, u8, (size_t)k);
	}
	char *why = numbers ? xasprintf("'numbers: %s' in site.yaml", numbers)
			    : xstrdup("the locale's own digits");
	diags_add(d, SEV_WARNING, p->path, line, col,
		  "'%.*s' is written with other digits than this language "
		  "writes (%s): write '%s', as its date line does",
		  (int)runlen, run, why, want.ptr ? want.ptr : "");
	free(why);
	buf_release(&want);
}

/* Scans one line from byte from; reports runs of foreign digits. In the body,
 * code spans, link destinations "](…)" and autolinks "<…>" are skipped. */
static void S_line(const struct page *p, int lineno, const char *s, size_t len,
		   size_t from, int body, int32_t zero, const char *numbers,
		   struct diags *d)
{
	int col = 0;
	char skip_to = 0; /* the byte that ends the span being skipped */
	for (int32_t i = 0; i < (int32_t)len;) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
		col++;
		if ((size_t)at < from)
			continue;
		if (skip_to) {
			if (c == skip_to)
				skip_to = 0;
			continue;
		}
		if (body && c == '`') {
			skip_to = '`';
			continue;
		}
		if (body && c == '<') {
			skip_to = '>';
			continue;
		}
		if (body && c == ']' && i < (int32_t)len && s[i] == '(') {
			skip_to = ')';
			continue;
		}
		if (c < 0 || u_charType(c) != U_DECIMAL_DIGIT_NUMBER ||
		    c - u_charDigitValue(c) == zero)
			continue;
		/* the run of digits of this foreign system */
		int32_t sys = c - u_charDigitValue(c), end = i, startcol = col;
		while (end < (int32_t)len) {
			int32_t j = end;
			UChar32 n;
			U8_NEXT((const uint8_t *)s, j, (int32_t)len, n);
			if (n < 0 || u_charType(n) != U_DECIMAL_DIGIT_NUMBER ||
			    n - u_charDigitValue(n) != sys)
				break;
			end = j;
			col++;
		}
		S_report(p, lineno, startcol, s + at, (size_t)(end - at), zero,
			 numbers, d);
		i = end;
	}
}

void digits_check(const struct page *p, int32_t zero, const char *numbers,
		  struct diags *d)
{
	if (!zero || !p->text)
		return;
	const char *s = p->text, *end = p->text + p->len;
	const char *body = p->has_body ? p->text + p->body_off : s;
	int fenced = 0;
	for (int lineno = 1; s < end; lineno++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (s >= body) {
			/* fenced code is code, not text */
			const char *t = s;
			while (t < s + len && *t == ' ')
				t++;
			if (s + len - t >= 3 && (!memcmp(t, "```", 3) ||
						 !memcmp(t, "~~~", 3)))
				fenced = !fenced;
			else if (!fenced)
				S_line(p, lineno, s, len, 0, 1, zero, numbers,
				       d);
		} else {
			long from = S_readable_from(s, len);
			if (from >= 0)
				S_line(p, lineno, s, len, (size_t)from, 0, zero,
				       numbers, d);
		}
		s = nl ? nl + 1 : end;
	}
}
