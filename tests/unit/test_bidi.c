/* Bidi isolation: the runs against a base direction that the body, the
 * templates and the feed isolate, and their FSI/PDI form. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "bidi.h"

/* The runs of s against the base direction, each in [brackets]. */
static char *S_runs(const char *s, int rtl)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), at = 0, done = 0, a, e;
	while (bidi_next_run(s, len, &at, rtl, &a, &e)) {
		buf_put(&b, s + done, a - done);
		buf_putc(&b, '[');
		buf_put(&b, s + a, e - a);
		buf_putc(&b, ']');
		done = e;
	}
	buf_put(&b, s + done, len - done);
	return buf_detach(&b);
}

#define RUNS(s, rtl, want)                                                     \
	do {                                                                   \
		char *got_ = S_runs(s, rtl);                                   \
		CHECK_STR(got_, want);                                         \
		free(got_);                                                    \
	} while (0)

int main(void)
{
	/* Right-to-left: a phone number is one run, not split at its
	 * separators as ubidi's levels would (TRAPS.md); so are a time range
	 * and an e-mail address. Neutrals at a run's end stay outside. */
	RUNS("اتصل 0586-610 00 الآن", 1, "اتصل [0586-610 00] الآن");
	RUNS("من 07.30–17.00.", 1, "من [07.30–17.00].");
	RUNS("اكتب إلى kommun@karlskoga.se.", 1,
	     "اكتب إلى [kommun@karlskoga.se].");
	RUNS("الأماكن (anvisade platser).", 1, "الأماكن ([anvisade platser]).");
	/* A Latin name and a number next to it are one run; the Arabic comma
	 * separates runs (a Latin comma would not). */
	RUNS("بلدية Karlskoga 0586-610 00", 1, "بلدية [Karlskoga 0586-610 00]");
	RUNS("مركز 0586-610 00، kommun@karlskoga.se، الآن", 1,
	     "مركز [0586-610 00]، [kommun@karlskoga.se]، الآن");
	RUNS("Karlstad, Karlskoga", 1, "[Karlstad, Karlskoga]");
	/* Persian digits are European numbers: a time written with them is a
	 * run too, which keeps a range in order. */
	RUNS("ساعت ۸:۰۰ تا ۱۶:۳۰", 1, "ساعت [۸:۰۰] تا [۱۶:۳۰]");
	/* Arabic-Indic digits are Arabic numbers: they belong to the text. */
	RUNS("١ مارس ٢٠١٨", 1, "١ مارس ٢٠١٨");
	RUNS("", 1, "");
	/* Left-to-right: Arabic runs, with digits inside them. */
	RUNS("Information på arabiska (العربية).", 0,
	     "Information på arabiska ([العربية]).");
	RUNS("Kommunen heter البلدية 2 på arabiska", 0,
	     "Kommunen heter [البلدية 2] på arabiska");
	RUNS("Ring 0586-610 00", 0, "Ring 0586-610 00");
	/* Invalid UTF-8 is never part of a run, and ends none badly. */
	RUNS("a\377b", 1, "[a]\377[b]");

	/* FSI and PDI where markup cannot go. */
	char *m = bidi_marked("مركز الخدمة 0586-610 00", 1);
	CHECK_STR(m, "مركز الخدمة " BIDI_FSI "0586-610 00" BIDI_PDI);
	free(m);
	m = bidi_marked("Sidor på العربية", 0);
	CHECK_STR(m, "Sidor på " BIDI_FSI "العربية" BIDI_PDI);
	free(m);
	CHECK(bidi_marked("مركز الخدمة", 1) == NULL);
	CHECK(bidi_marked("Servicecenter", 0) == NULL);
	struct buf b = BUF_INIT;
	bidi_marks(&b, "x 1 y", 1);
	CHECK_STR(b.ptr, BIDI_FSI "x 1 y" BIDI_PDI);
	buf_release(&b);
	return harness_done("bidi");
}
