/* UI strings: translations/<code>.xlf (XLIFF 2.0), one file per language, read
 * with libxml2. A string a language lacks falls back to the source language. */
#ifndef SKYLT_STRINGS_H
#define SKYLT_STRINGS_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "hmap.h"

struct ui_strings {
	struct hmap *by_lang; /* one map per configured language: id -> char* */
	size_t nlangs;
	size_t source; /* index of the source language */
	char **ids;    /* every id of the source language, sorted; owned */
	size_t nids;
};

/* Reads dir/<code>.xlf for every language of cfg. A missing file or id in a
 * translation is a warning and falls back to the source; a missing source file
 * or malformed XLIFF is an error with file:line. Returns 0 or -1. */
int strings_load(struct ui_strings *s, const struct config *cfg,
		 const char *dir, struct diags *d);
void strings_release(struct ui_strings *s);
/* The string id in language lang (with fallback applied); NULL when even the
 * source lacks it. The pointer lives as long as s. Strings that take numbers
 * are ICU MessageFormat patterns: use strings_format for them. */
const char *strings_get(const struct ui_strings *s, size_t lang,
			const char *id);

/* The language whose text strings_get(s, lang, id) gives: lang itself, or the
 * source when lang lacks the string (or its whole file). */
size_t strings_lang(const struct ui_strings *s, size_t lang, const char *id);

/* Formats the MessageFormat string id with the number n as argument {0}, with
 * the plural rules and digits of locale ("17 begrepp", "١٧ مصطلحًا");
 * malloc'd, the caller frees. */
char *strings_format(const struct ui_strings *s, size_t lang, const char *id,
		     const char *locale, double n);

#endif
