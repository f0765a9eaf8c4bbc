/* ICU locale services: which locales ICU really has, text direction and each
 * language's name in itself. Nothing here is a hand-written table. */
#ifndef SKYLT_LOCALE_H
#define SKYLT_LOCALE_H

#include <stddef.h>

/* Pins ICU's default locale to the root ("und"), so that a locale ICU lacks
 * falls back to root, detectably, instead of to the build machine's LANG. Call
 * once at start-up, before any other ICU call. */
void locale_pin_default(void);

/* Returns the locale ICU's data resolves name to, as a malloc'd string the
 * caller frees, or NULL when ICU would fall back to root (no data of its own,
 * as for "prs"). */
char *locale_resolve(const char *name);

/* 1 when the locale's script is written right to left. */
int locale_is_rtl(const char *name);

/* The language's name in itself, as ICU gives it with dialect names and the
 * capitalisation for a UI list or menu ("Svenska", "Русский", "العربية", "دری"
 * for fa_AF); malloc'd, the caller frees. NULL on failure.
 */
char *locale_own_name(const char *name);

/* 1 when tag is a well-formed BCP 47 language tag ("fa-AF"), as ICU reads
 * it; 0 for "fa_AF", "en-", "x--y". */
int locale_tag_ok(const char *tag);

/* 1 when ICU knows calendar as a value of the 'calendar' keyword
 * ("gregorian", "persian", "ethiopic"). */
int locale_calendar_ok(const char *calendar);

/* 1 when ICU knows numbers as a numbering system ("latn", "arab"). */
int locale_numbers_ok(const char *numbers);

/* 1 when ICU can format a date with pattern ("d LLLL y"); 0 for an unbalanced
 * quote or a letter that is no date field. */
int locale_date_pattern_ok(const char *pattern);

#endif
