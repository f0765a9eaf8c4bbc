/* Light stemmers: each language's inflection endings as a table of suffixes,
 * stripped from a word as fold_lower gives it. They aim at what a search
 * needs, that a plural, a definite form or a case ending find the bare word,
 * and leave the rest (verbs, irregular plurals) to prefix matching. The
 * tables are written in folded form: ی is ي, ک is ك, ة and ۀ are ه, ھ is ه
 * (doc/search.md, "Normalisation"). */
#include "stem_light.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A suffix that is replaced by repl ("" strips it) when the word ends in it
 * and at least min letters (code points) come before it. */
struct rule {
	const char *suffix, *repl;
	unsigned min;
};

/* Code points but apostrophes, which are part of a word (сім'я, ba'an)
 * but not a letter of its stem. */
static size_t S_letters(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\'';
	return k;
}

static bool S_ends(const struct buf *w, const char *suffix, unsigned min)
{
	size_t k = strlen(suffix);
	return w->len >= k && memcmp(w->ptr + w->len - k, suffix, k) == 0 &&
	       S_letters(w->ptr, w->len - k) >= min;
}

static void S_replace(struct buf *w, size_t suffix_len, const char *repl)
{
	buf_truncate(w, w->len - suffix_len);
	buf_puts(w, repl);
}

/* Applies the first rule of the table (ended by a NULL suffix) that fits:
 * the tables list longer suffixes first unless said otherwise. */
static bool S_apply(struct buf *w, const struct rule *r)
{
	for (; r->suffix; r++)
		if (S_ends(w, r->suffix, r->min)) {
			S_replace(w, strlen(r->suffix), r->repl);
			return true;
		}
	return false;
}

/* Ukrainian: one ending, the longest that leaves a stem of three letters:
 * the case endings of nouns and adjectives, the reflexive and present-tense
 * endings of verbs. Not the infinitive -ти nor the past -ла, -ли, -ло: they
 * would cut nouns (зарплати, школа) short of their other forms. */
static const struct rule S_uk[] = {
    {"ються", "", 3}, {"ється", "", 3}, {"ться", "", 3}, {"тися", "", 3},
    {"тись", "", 3},  {"ами", "", 3},	{"ями", "", 3},	 {"ові", "", 3},
    {"еві", "", 3},   {"єві", "", 3},	{"ого", "", 3},	 {"ому", "", 3},
    {"ими", "", 3},   {"іми", "", 3},	{"ють", "", 3},	 {"уть", "", 3},
    {"ать", "", 3},   {"ять", "", 3},	{"ить", "", 3},	 {"ємо", "", 3},
    {"емо", "", 3},   {"имо", "", 3},	{"ете", "", 3},	 {"ите", "", 3},
    {"ах", "", 3},    {"ях", "", 3},	{"ам", "", 3},	 {"ям", "", 3},
    {"ом", "", 3},    {"ем", "", 3},	{"єм", "", 3},	 {"ою", "", 3},
    {"ею", "", 3},    {"єю", "", 3},	{"ів", "", 3},	 {"їв", "", 3},
    {"ей", "", 3},    {"ий", "", 3},	{"ій", "", 3},	 {"их", "", 3},
    {"іх", "", 3},    {"им", "", 3},	{"ім", "", 3},	 {"ої", "", 3},
    {"ую", "", 3},    {"юю", "", 3},	{"ая", "", 3},	 {"яя", "", 3},
    {"ся", "", 3},    {"а", "", 3},	{"я", "", 3},	 {"о", "", 3},
    {"е", "", 3},     {"є", "", 3},	{"у", "", 3},	 {"ю", "", 3},
    {"і", "", 3},     {"ї", "", 3},	{"и", "", 3},	 {"ь", "", 3},
    {NULL, NULL, 0},
};

void stem_light_uk(struct buf *w)
{
	S_apply(w, S_uk);
}

/* Persian and Dari: the plural suffixes ها، ان (یان after a vowel, گان
 * for a word in silent ه: پناهندگان is پناهنده), the Arabic plural ات, and
 * ی (ezafe, indefinite, adjective), stripped again and again while a stem
 * of two letters is left: کتاب‌هایی, ایرانیان and ایرانی all end
 * at the same stem. ZWNJ is already gone (پناه‌جویان is
 * پناهجويان).
 */
static const struct rule S_fa[] = {
    {"هاي", "", 2}, {"گان", "ه", 2}, {"يان", "", 2}, {"ها", "", 2},
    {"ان", "", 2},  {"ات", "", 2},   {"ي", "", 2},   {NULL, NULL, 0},
};

void stem_light_fa(struct buf *w)
{
	while (S_apply(w, S_fa))
		;
}

/* Sorani, after Lucene's SoraniStemmer: an optional postposition, then an
 * optional possessive, then the first of the definite, indefinite, plural
 * and demonstrative endings in Lucene's order (not longest first). Lucene's
 * conditions on the word's length are written here as the letters that
 * must come before the suffix; for the endings of two letters or more they
 * are one letter less than Lucene's, so that the nouns of three letters
 * (شار, کار, ماڵ) meet their forms too: شارەکان, شارێک. */
static const struct rule S_ckb_postposition[] = {
    {"دا", "", 4},
    {"نا", "ن", 3},
    {"ەوە", "", 4},
    {NULL, NULL, 0},
};

static const struct rule S_ckb_possessive[] = {
    {"مان", "", 4},
    {"يان", "", 4},
    {"تان", "", 4},
    {NULL, NULL, 0},
};

static const struct rule S_ckb_ending[] = {
    {"ێكي", "", 3},		    /* indefinite singular, ezafe */
    {"يەكي", "", 3}, {"ێك", "", 3}, /* indefinite singular */
    {"يەك", "", 3},		    /* */
    {"ەكە", "", 3},		    /* definite singular */
    {"كە", "", 3},		    /* */
    {"ەكان", "", 3},		    /* definite plural */
    {"كان", "", 3},		    /* */
    {"ياني", "", 3},		    /* indefinite plural, ezafe */
    {"اني", "", 3},		    /* */
    {"يان", "", 3},		    /* indefinite plural */
    {"ان", "", 3},		    /* */
    {"يانە", "", 3},		    /* demonstrative plural */
    {"انە", "", 3},		    /* */
    {"ايە", "ا", 3},		    /* demonstrative singular */
    {"ەيە", "ە", 3}, {"ە", "", 4},  /* */
    {"ي", "", 4},		    /* absolute singular, ezafe */
    {NULL, NULL, 0},
};

void stem_light_ckb(struct buf *w)
{
	/* Lucene's normaliser reads a final ه as ە: the vowel, typed with
	 * an Arabic keyboard. (ھ, the consonant, is ه after folding.) */
	if (S_ends(w, "ه", 1))
		S_replace(w, strlen("ه"), "ە");
	S_apply(w, S_ckb_postposition);
	S_apply(w, S_ckb_possessive);
	S_apply(w, S_ckb_ending);
}

/* Somali: first the determiner, the longest of an onset and a determiner
 * that leaves three letters: the article's consonant (k, t, and after
 * certain sounds g, h, d, dh, sh; ad for the nouns in -o, ah for those in
 * -e) and the determiner proper: a (the), ii (the, of before), an (this),
 * aas (that), u (the, as subject), and the possessives ayga, aaga, iisa,
 * eeda, eenna, eena, ayaga, iinna, ooda. After c, q, x, kh and ' the article
 * has no consonant: magaca, magacii, magacaas. Then a plural suffix or the
 * final vowel of the bare noun (ooyin, ayaal, yaal, yo, o, e), again
 * leaving three letters: magaalo, magaalada, magaalooyinka are magaal;
 * dugsi, dugsiga, dugsiyo are dugsi. */
static const char *const S_so_onset[] = {"k",  "t",  "g",  "h", "d",
					 "dh", "sh", "ad", "ah"};
static const char *const S_so_det[] = {
    "a",    "ii",   "an",    "aas",  "u",     "ayga",  "aaga",
    "iisa", "eeda", "eenna", "eena", "ayaga", "iinna", "ooda"};
static const char *const S_so_bare[] = {"a", "ii", "aas"};

static const struct rule S_so_plural[] = {
    {"ooyin", "", 3}, {"ayaal", "", 3}, {"yaal", "", 3}, {"yo", "", 3},
    {"o", "", 3},     {"e", "", 3},	{NULL, NULL, 0},
};

#define S_COUNT(a) (sizeof(a) / sizeof((a)[0]))

void stem_light_so(struct buf *w)
{
	size_t best = 0;
	char suffix[16];
	for (size_t i = 0; i < S_COUNT(S_so_onset); i++)
		for (size_t j = 0; j < S_COUNT(S_so_det); j++) {
			size_t k =
			    (size_t)snprintf(suffix, sizeof suffix, "%s%s",
					     S_so_onset[i], S_so_det[j]);
			if (k > best && S_ends(w, suffix, 3))
				best = k;
		}
	for (size_t j = 0; j < S_COUNT(S_so_bare); j++) {
		size_t k = strlen(S_so_bare[j]);
		if (k > best && S_ends(w, S_so_bare[j], 3))
			best = k;
	}
	if (best)
		buf_truncate(w, w->len - best);
	S_apply(w, S_so_plural);
}
