/* ICU locale services for configuration. The traps are ICU's silent fallbacks:
 * see TRAPS.md. */
#include "locale.h"

#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uldnames.h>
#include <unicode/uloc.h>
#include <unicode/unumsys.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "buf.h"

void locale_pin_default(void)
{
	UErrorCode err = U_ZERO_ERROR;
	uloc_setDefault("und", &err);
}

char *locale_resolve(const char *name)
{
	UErrorCode err = U_ZERO_ERROR;
	UResourceBundle *rb = ures_open(NULL, name, &err);
	if (U_FAILURE(err))
		return NULL;
	/* Warning codes do not tell a fallback apart (TRAPS.md): compare the
	 * locale the data actually came from. */
	const char *actual = ures_getLocaleByType(rb, ULOC_ACTUAL_LOCALE, &err);
	char *res = NULL;
	if (U_SUCCESS(err) && actual && strcmp(actual, "root") != 0 &&
	    *actual != '\0') {
		char want[ULOC_LANG_CAPACITY], got[ULOC_LANG_CAPACITY];
		UErrorCode e1 = U_ZERO_ERROR, e2 = U_ZERO_ERROR;
		uloc_getLanguage(name, want, sizeof want, &e1);
		uloc_getLanguage(actual, got, sizeof got, &e2);
		if (U_SUCCESS(e1) && U_SUCCESS(e2) && strcmp(want, got) == 0)
			res = xstrdup(actual);
	}
	ures_close(rb);
	return res;
}

int locale_is_rtl(const char *name)
{
	return uloc_isRightToLeft(name) ? 1 : 0;
}

char *locale_own_name(const char *name)
{
	UErrorCode err = U_ZERO_ERROR;
	/* Dialect names make fa_AF "دری" rather than "فارسی (افغانستان)".
	 * The name stands alone in a menu (the switcher, the chooser), so it
	 * takes the language's capitalisation for one: "Svenska", "Русский",
	 * where running text would write "svenska". */
	UDisplayContext ctx[] = {UDISPCTX_DIALECT_NAMES,
				 UDISPCTX_CAPITALIZATION_FOR_UI_LIST_OR_MENU};
	ULocaleDisplayNames *ldn = uldn_openForContext(name, ctx, 2, &err);
	if (U_FAILURE(err))
		return NULL;
	UChar u[256];
	int32_t n = uldn_localeDisplayName(ldn, name, u, 256, &err);
	uldn_close(ldn);
	if (U_FAILURE(err) || n <= 0)
		return NULL;
	char out[1024];
	int32_t len = 0;
	u_strToUTF8(out, sizeof out, &len, u, n, &err);
	if (U_FAILURE(err))
		return NULL;
	return xstrndup(out, (size_t)len);
}

int locale_tag_ok(const char *tag)
{
	/* uloc_forLanguageTag stops at the first subtag it cannot read and
	 * says how far it got: a tag is well-formed when it got to the end. */
	char id[ULOC_FULLNAME_CAPACITY];
	int32_t parsed = 0;
	UErrorCode err = U_ZERO_ERROR;
	uloc_forLanguageTag(tag, id, sizeof id, &parsed, &err);
	return U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING &&
	       *tag && parsed == (int32_t)strlen(tag);
}

int locale_calendar_ok(const char *calendar)
{
	/* Every calendar ICU has, not only those common in some region: an
	 * unknown value would silently become the Gregorian calendar. */
	UErrorCode err = U_ZERO_ERROR;
	UEnumeration *e =
	    ucal_getKeywordValuesForLocale("calendar", "und", 0, &err);
	int found = 0;
	const char *v;
	while (U_SUCCESS(err) && !found &&
	       (v = uenum_next(e, NULL, &err)) != NULL)
		found = strcmp(v, calendar) == 0;
	uenum_close(e);
	return found;
}

int locale_numbers_ok(const char *numbers)
{
	/* An unknown name would silently give the locale's own digits. */
	UErrorCode err = U_ZERO_ERROR;
	UNumberingSystem *ns = unumsys_openByName(numbers, &err);
	int ok = U_SUCCESS(err) && ns != NULL;
	unumsys_close(ns);
	return ok;
}

int locale_date_pattern_ok(const char *pattern)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar pat[128], out[256];
	if (strlen(pattern) >= sizeof pat / sizeof *pat)
		return 0;
	u_uastrcpy(pat, pattern);
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, "root", NULL, 0,
				   pat, -1, &err);
	if (U_SUCCESS(err))
		udat_format(f, 0, out, 256, NULL, &err);
	udat_close(f);
	return U_SUCCESS(err);
}
