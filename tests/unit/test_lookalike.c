/* Arabic look-alike letters in Persian, Dari and Sorani text: each warned at
 * its line and column with the letter to write instead, and nothing in code,
 * link destinations or another language's text. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lookalike.h"

/* Checks text (front matter, then the body from the line after "---\n"
 * closes it) as a page in locale; returns the warnings as "line:col text"
 * lines in d. */
static void S_check(const char *locale, const char *text, struct diags *d)
{
	struct page p;
	memset(&p, 0, sizeof p);
	p.path = "content/x/ord.md";
	p.text = (char *)text;
	p.len = strlen(text);
	const char *close = strstr(text + 3, "---\n");
	p.has_body = close != NULL;
	p.body_off = close ? (size_t)(close + 4 - text) : 0;
	diags_init(d);
	lookalike_check(&p, locale, d);
}

static int S_has(const struct diags *d, int line, int col, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line && d->v[i].col == col &&
		    strstr(d->v[i].msg, needle))
			return 1;
	return 0;
}

int main(void)
{
	struct diags d;
	/* Persian: Arabic yeh and kaf; heh is Persian's own. */
	S_check("fa",
		"---\ntitle: كتاب\nsummary: درباره\n---\nیک كار و يک روز.\n",
		&d);
	CHECK(d.n == 3);
	CHECK(S_has(&d, 2, 8, "U+0643 ARABIC LETTER KAF"));
	CHECK(S_has(&d, 2, 8, "'ک' (U+06A9 KEHEH)"));
	CHECK(S_has(&d, 5, 4, "U+0643"));
	CHECK(S_has(&d, 5, 10, "U+064A ARABIC LETTER YEH"));
	CHECK(S_has(&d, 5, 10, "'ی' (U+06CC FARSI YEH)"));
	diags_release(&d);
	/* Dari (ICU fa_AF) is checked as Persian. */
	S_check("fa_AF", "---\ntitle: ي\n---\n", &d);
	CHECK(d.n == 1 && S_has(&d, 2, 8, "U+064A"));
	diags_release(&d);
	/* Sorani: U+0647 is neither its vowel ە nor its consonant ھ. */
	S_check("ckb", "---\ntitle: ماله\n---\nھەولێر و كوردستان\n", &d);
	CHECK(d.n == 2);
	CHECK(S_has(&d, 2, 11, "U+0647 ARABIC LETTER HEH"));
	CHECK(S_has(&d, 2, 11, "'ە' (U+06D5 AE) for the vowel e"));
	CHECK(S_has(&d, 2, 11, "'ھ' (U+06BE HEH DOACHASHMEE)"));
	CHECK(S_has(&d, 4, 10, "U+0643"));
	diags_release(&d);
	/* Code, link destinations and other front matter are not text. */
	S_check(
	    "fa",
	    "---\nsource: يك\n---\n`كد` [پیوند](../ك/) <https://ك.example>\n"
	    "```\nيك\n```\n",
	    &d);
	CHECK(d.n == 0);
	diags_release(&d);
	/* Arabic writes these letters; other languages are not checked. */
	S_check("ar", "---\ntitle: كتاب يوم\n---\nكتاب\n", &d);
	CHECK(d.n == 0);
	diags_release(&d);
	S_check("sv", "---\ntitle: كتاب\n---\n", &d);
	CHECK(d.n == 0);
	diags_release(&d);
	return harness_done("lookalike");
}
