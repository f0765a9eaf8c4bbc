/* ICU locale services for configuration. The traps are ICU's silent fallbacks:
 * see TRAPS.md. */
#include "locale.h"

#include <string.h>

#include <unicode/uldnames.h>
#include <unicode/uloc.h>
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
	/* Dialect names make fa_AF "دری" rather than "فارسی (افغانستان)". */
	ULocaleDisplayNames *ldn = uldn_open(name, ULDN_DIALECT_NAMES, &err);
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
