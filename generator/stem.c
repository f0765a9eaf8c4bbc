/* Stems for search (doc/search.md, "Stems"): Snowball through Debian's
 * libstemmer for Swedish, English, Arabic and Russian, the suffix tables of
 * stem_light.c for Ukrainian, Persian, Dari, Sorani and Somali, none for the
 * rest. A word in another script than its language's is its own stem. */
#include "stem.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "buf.h"
#include "stem_light.h"

struct lang {
	const char *code;
	const char *snowball;		 /* libstemmer's name, or NULL */
	void (*light)(struct buf *word); /* or NULL */
	UScriptCode script;
};

static const struct lang S_langs[] = {
    {"sv", "swedish", NULL, USCRIPT_LATIN},
    {"en", "english", NULL, USCRIPT_LATIN},
    {"ar", "arabic", NULL, USCRIPT_ARABIC},
    {"ru", "russian", NULL, USCRIPT_CYRILLIC},
    {"uk", NULL, stem_light_uk, USCRIPT_CYRILLIC},
    {"fa", NULL, stem_light_fa, USCRIPT_ARABIC},
    {"prs", NULL, stem_light_fa, USCRIPT_ARABIC},
    {"ckb", NULL, stem_light_ckb, USCRIPT_ARABIC},
    {"so", NULL, stem_light_so, USCRIPT_LATIN},
};

struct stemmer {
	const struct lang *lang; /* NULL: the word is its stem */
	struct sb_stemmer *sb;
	struct buf out, spare; /* the stem, and the other of the two */
};

static const struct lang *S_lang(const char *code)
{
	for (size_t i = 0; i < sizeof S_langs / sizeof S_langs[0]; i++)
		if (code && strcmp(S_langs[i].code, code) == 0)
			return &S_langs[i];
	return NULL;
}

struct stemmer *stemmer_new(const char *code)
{
	struct stemmer *st = xcalloc(1, sizeof *st);
	buf_init(&st->out);
	buf_init(&st->spare);
	st->lang = S_lang(code);
	if (st->lang && st->lang->snowball) {
		st->sb = sb_stemmer_new(st->lang->snowball, "UTF_8");
		if (!st->sb)
			xoom(); /* the names are libstemmer's own */
	}
	return st;
}

void stemmer_free(struct stemmer *st)
{
	if (!st)
		return;
	if (st->sb)
		sb_stemmer_delete(st->sb);
	buf_release(&st->out);
	buf_release(&st->spare);
	free(st);
}

static bool S_in_script(const char *word, size_t len, UScriptCode script)
{
	int32_t i = 0;
	UChar32 c;
	UErrorCode err = U_ZERO_ERROR;
	if (len == 0)
		return false;
	U8_NEXT(word, i, (int32_t)(len < 4 ? len : 4), c);
	return c >= 0 && uscript_getScript(c, &err) == script && U_SUCCESS(err);
}

const char *stemmer_stem(struct stemmer *st, const char *word, size_t len,
			 size_t *stem_len)
{
	buf_truncate(&st->out, 0);
	buf_put(&st->out, word, len);
	if (!st->lang || !S_in_script(word, len, st->lang->script) ||
	    len > INT32_MAX) {
		*stem_len = st->out.len;
		return st->out.ptr;
	}
	if (st->lang->light) {
		st->lang->light(&st->out);
	} else {
		/* fold_lower has made ة ه; Snowball's Arabic strips a final ة
		 * (بلدية, البلدية: بلد) but after the article keeps a final ه,
		 * the pronoun. Both are suffixes, so ه is read as ة. */
		if (strcmp(st->lang->code, "ar") == 0 && st->out.len >= 2 &&
		    memcmp(st->out.ptr + st->out.len - 2, "ه", 2) == 0) {
			buf_truncate(&st->out, st->out.len - 2);
			buf_puts(&st->out, "ة");
		}
		const sb_symbol *s = sb_stemmer_stem(
		    st->sb, (const sb_symbol *)st->out.ptr, (int)st->out.len);
		if (s) {
			/* Copied: s is Snowball's buffer, st->out its input. */
			struct buf t = st->spare;
			buf_truncate(&t, 0);
			buf_put(&t, s, (size_t)sb_stemmer_length(st->sb));
			st->spare = st->out;
			st->out = t;
		}
	}
	*stem_len = st->out.len;
	return st->out.ptr;
}

const char *stemmer_kind(const char *code)
{
	const struct lang *l = S_lang(code);
	if (!l)
		return "none";
	return l->snowball ? "snowball" : "light";
}
