/* The look-alike check reads the page's text as written, line by line, as the
 * digit check does, so that a message points at the very character. */
#include "lookalike.h"

#include <string.h>

#include <unicode/utf8.h>

struct S_rule {
	UChar32 arabic;
	const char *name;    /* the Arabic code point's */
	const char *instead; /* what to write, with its code point */
};

/* Persian and Dari write yeh and kaf with their own code points; the Arabic
 * ones look the same in the middle of a word. */
static const struct S_rule S_persian[] = {
    {0x064A, "U+064A ARABIC LETTER YEH", "'ی' (U+06CC FARSI YEH)"},
    {0x0649, "U+0649 ARABIC LETTER ALEF MAKSURA", "'ی' (U+06CC FARSI YEH)"},
    {0x0643, "U+0643 ARABIC LETTER KAF", "'ک' (U+06A9 KEHEH)"},
    {0, NULL, NULL}};

/* Sorani has two letters where Arabic has heh: the vowel e is ە (U+06D5)
 * and the consonant h is ھ (U+06BE); U+0647 is neither. */
static const struct S_rule S_sorani[] = {
    {0x064A, "U+064A ARABIC LETTER YEH", "'ی' (U+06CC FARSI YEH)"},
    {0x0649, "U+0649 ARABIC LETTER ALEF MAKSURA", "'ی' (U+06CC FARSI YEH)"},
    {0x0643, "U+0643 ARABIC LETTER KAF", "'ک' (U+06A9 KEHEH)"},
    {0x0647, "U+0647 ARABIC LETTER HEH",
     "'ە' (U+06D5 AE) for the vowel e, or 'ھ' (U+06BE HEH DOACHASHMEE) for "
     "the consonant h"},
    {0, NULL, NULL}};

static const struct S_rule *S_rules(const char *locale)
{
	size_t n = strcspn(locale, "_-@");
	if (n == 2 && !strncmp(locale, "fa", 2))
		return S_persian; /* fa and fa_AF (Dari) */
	if (n == 3 && !strncmp(locale, "ckb", 3))
		return S_sorani;
	return NULL;
}

/* Front matter keys whose values a reader reads. */
static int S_readable_key(const char *line, size_t len)
{
	static const char *const keys[] = {"title:", "summary:", "term:"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		size_t k = strlen(keys[i]);
		if (len >= k && memcmp(line, keys[i], k) == 0)
			return 1;
	}
	return 0;
}

/* Scans one line; in the body, code spans, link destinations "](…)" and
 * autolinks "<…>" are skipped. */
static void S_line(const struct page *p, int lineno, const char *s, size_t len,
		   int body, const struct S_rule *rules, struct diags *d)
{
	int col = 0;
	char skip_to = 0;
	for (int32_t i = 0; i < (int32_t)len;) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
		col++;
		if (skip_to) {
			if (c == skip_to)
				skip_to = 0;
			continue;
		}
		if (body && (c == '`' || c == '<')) {
			skip_to = c == '`' ? '`' : '>';
			continue;
		}
		if (body && c == ']' && i < (int32_t)len && s[i] == '(') {
			skip_to = ')';
			continue;
		}
		for (const struct S_rule *r = rules; r->arabic; r++)
			if (c == r->arabic)
				diags_add(d, SEV_WARNING, p->path, lineno, col,
					  "%s looks like this language's own "
					  "letter but sorts, searches and "
					  "files apart: write %s",
					  r->name, r->instead);
	}
}

void lookalike_check(const struct page *p, const char *locale, struct diags *d)
{
	const struct S_rule *rules = locale ? S_rules(locale) : NULL;
	if (!rules || !p->text)
		return;
	const char *s = p->text, *end = p->text + p->len;
	const char *body = p->has_body ? p->text + p->body_off : s;
	int fenced = 0;
	for (int lineno = 1; s < end; lineno++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (s >= body) {
			const char *t = s;
			while (t < s + len && *t == ' ')
				t++;
			if (s + len - t >= 3 &&
			    (!memcmp(t, "```", 3) || !memcmp(t, "~~~", 3)))
				fenced = !fenced;
			else if (!fenced)
				S_line(p, lineno, s, len, 1, rules, d);
		} else if (S_readable_key(s, len)) {
			S_line(p, lineno, s, len, 0, rules, d);
		}
		s = nl ? nl + 1 : end;
	}
}
