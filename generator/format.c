/* ICU date and time formatting. Dates are interpreted and printed in UTC, so
 * neither the build machine's TZ nor its LANG can change a page. */
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

#include "buf.h"

/* Only the long date is opened at once (which also shows that ICU can format
 * for the locale); the others, costly to open and needed by few pages, when
 * first used. */
struct formatter {
	char *locale;
	UDateFormat *date;	    /* long date, no time */
	UDateFormat *month;	    /* month and year */
	UDateFormat *year;	    /* year alone */
	UDateIntervalFormat *days;  /* "måndag – fredag" */
	UDateIntervalFormat *hours; /* "07:30–17:00" */
};

static const UChar S_utc[] = {'U', 'T', 'C', 0};

/* A formatter for the locale's own pattern for a skeleton ("yMMMM" is
 * "mars 2018" in Swedish, "March 2018" in English). */
static UDateFormat *S_skeleton(const char *locale, const char *skeleton,
			       UErrorCode *err)
{
	if (U_FAILURE(*err))
		return NULL;
	UChar sk[16], pat[64];
	u_uastrcpy(sk, skeleton);
	UDateTimePatternGenerator *g = udatpg_open(locale, err);
	int32_t n = udatpg_getBestPattern(g, sk, -1, pat, 64, err);
	udatpg_close(g);
	if (U_FAILURE(*err))
		return NULL;
	return udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, S_utc, -1, pat, n,
			 err);
}

static UDateIntervalFormat *S_interval(const char *locale, const char *skeleton,
				       UErrorCode *err)
{
	if (U_FAILURE(*err))
		return NULL;
	UChar sk[16];
	u_uastrcpy(sk, skeleton);
	return udtitvfmt_open(locale, sk, -1, S_utc, -1, err);
}

struct formatter *formatter_new(const struct lang *l)
{
	UErrorCode err = U_ZERO_ERROR;
	struct formatter *f = xcalloc(1, sizeof *f);
	f->locale = xstrdup(l->format_locale);
	if (l->date_pattern) {
		UChar pat[128];
		u_uastrcpy(pat, l->date_pattern); /* length checked by config */
		f->date = udat_open(UDAT_PATTERN, UDAT_PATTERN, l->format_locale,
				    S_utc, -1, pat, -1, &err);
	} else {
		f->date = udat_open(UDAT_NONE, UDAT_LONG, l->format_locale,
				    S_utc, -1, NULL, -1, &err);
	}
	if (U_FAILURE(err)) {
		formatter_free(f);
		return NULL;
	}
	return f;
}

void formatter_free(struct formatter *f)
{
	if (!f)
		return;
	if (f->date)
		udat_close(f->date);
	if (f->month)
		udat_close(f->month);
	if (f->year)
		udat_close(f->year);
	if (f->days)
		udtitvfmt_close(f->days);
	if (f->hours)
		udtitvfmt_close(f->hours);
	free(f->locale);
	free(f);
}

/* Opens a format the first time it is needed; *slot keeps it (NULL if ICU
 * fails, and the caller falls back). */
static UDateFormat *S_lazy(struct formatter *f, UDateFormat **slot,
			   const char *skeleton)
{
	UErrorCode err = U_ZERO_ERROR;
	if (!*slot)
		*slot = S_skeleton(f->locale, skeleton, &err);
	return *slot;
}

/* Interval formats write ranges as the locale does ("دوشنبه تا جمعه" in
 * Dari). */
static UDateIntervalFormat *S_lazy_interval(struct formatter *f,
					    UDateIntervalFormat **slot,
					    const char *skeleton)
{
	UErrorCode err = U_ZERO_ERROR;
	if (!*slot)
		*slot = S_interval(f->locale, skeleton, &err);
	return *slot;
}

static void S_put_u(struct buf *b, const UChar *u, int32_t n)
{
	char out[512];
	int32_t len = 0;
	UErrorCode err = U_ZERO_ERROR;
	u_strToUTF8(out, sizeof out, &len, u, n, &err);
	if (U_SUCCESS(err))
		buf_put(b, out, (size_t)len);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so no time zone or libc locale is involved. */
static long S_days(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void S_format(struct buf *b, UDateFormat *df, UDate t)
{
	UChar u[128];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = udat_format(df, t, u, 128, NULL, &err);
	if (U_SUCCESS(err))
		S_put_u(b, u, n);
}

char *format_date(struct formatter *f, const char *iso)
{
	int y = 0, m = 1, d = 1;
	int parts = sscanf(iso, "%d-%d-%d", &y, &m, &d);
	if (parts < 1)
		return xstrdup(iso);
	UDateFormat *df = parts == 3   ? f->date
			  : parts == 2 ? S_lazy(f, &f->month, "yMMMM")
				       : S_lazy(f, &f->year, "y");
	if (!df)
		return xstrdup(iso);
	struct buf b = BUF_INIT;
	S_format(&b, df, (UDate)S_days(y, m, d) * 86400000.0);
	return buf_detach(&b);
}

static void S_range(struct buf *b, UDateIntervalFormat *f, UDate from, UDate to)
{
	UChar u[256];
	UErrorCode err = U_ZERO_ERROR;
	if (!f)
		return;
	int32_t n = udtitvfmt_format(f, from, to, u, 256, NULL, &err);
	if (U_SUCCESS(err))
		S_put_u(b, u, n);
}

static UDate S_clock(const char *hhmm)
{
	int h = 0, m = 0;
	sscanf(hhmm, "%d:%d", &h, &m);
	return ((UDate)h * 60 + m) * 60000.0;
}

char *format_hours(struct formatter *f, const struct hours *h)
{
	/* 1970-01-05 was a Monday: ISO weekday d is d - 1 days later. */
	UDate first = (UDate)(4 + h->first_day - 1) * 86400000.0;
	UDate last = (UDate)(4 + h->last_day - 1) * 86400000.0;
	struct buf b = BUF_INIT;
	S_range(&b, S_lazy_interval(f, &f->days, "EEEE"), first, last);
	buf_putc(&b, ' ');
	/* "H": the 24-hour clock in every language, as Swedish timetables,
	 * signs and letters write it and as the pages' text does ("8–17"),
	 * not the locale's own cycle ("7:30 AM"). */
	S_range(&b, S_lazy_interval(f, &f->hours, "Hm"), S_clock(h->opens),
		S_clock(h->closes));
	return buf_detach(&b);
}

char *hours_machine(const struct hours *h)
{
	static const char *const days[] = {"",	 "Mo", "Tu", "We",
					   "Th", "Fr", "Sa", "Su"};
	if (h->first_day == h->last_day)
		return xasprintf("%s %s-%s", days[h->first_day], h->opens,
				 h->closes);
	return xasprintf("%s-%s %s-%s", days[h->first_day], days[h->last_day],
			 h->opens, h->closes);
}
