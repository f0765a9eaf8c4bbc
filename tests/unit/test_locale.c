/* ICU helpers and configuration: direction and own names come from ICU, and a
 * locale that ICU would silently resolve to root is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "buf.h"
#include "config.h"
#include "format.h"
#include "locale.h"
#include "text.h"
#include "url.h"

static void S_name(const char *locale, const char *want)
{
	char *got = locale_own_name(locale);
	CHECK_STR(got, want);
	free(got);
}

static char *S_config(const char *yaml, struct config *cfg, struct diags *d)
{
	char path[] = "/tmp/skylt-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(yaml, f);
	fclose(f);
	config_load(cfg, path, d);
	unlink(path);
	return d->n ? d->v[0].msg : NULL;
}

int main(void)
{
	locale_pin_default();

	/* Direction. */
	CHECK(locale_is_rtl("ar") == 1);
	CHECK(locale_is_rtl("fa") == 1);
	CHECK(locale_is_rtl("fa_AF") == 1);
	CHECK(locale_is_rtl("ckb") == 1);
	CHECK(locale_is_rtl("sv") == 0);
	CHECK(locale_is_rtl("ti") == 0);
	CHECK(locale_is_rtl("so") == 0);

	/* Each language's name in itself, as a menu writes it. */
	S_name("sv", "Svenska");
	S_name("en", "English");
	S_name("ar", "العربية");
	S_name("fa", "فارسی");
	S_name("fa_AF", "دری");
	S_name("so", "Soomaali");
	S_name("ti", "ትግርኛ");
	S_name("ru", "Русский");
	S_name("uk", "Українська");
	S_name("ckb", "کوردیی ناوەندی");

	/* Root fallback is detected, whatever the process locale. */
	char *r = locale_resolve("prs");
	CHECK(r == NULL);
	free(r);
	r = locale_resolve("xx");
	CHECK(r == NULL);
	free(r);
	r = locale_resolve("fa_AF");
	CHECK_STR(r, "fa_AF");
	free(r);
	r = locale_resolve("ckb");
	CHECK_STR(r, "ckb");
	free(r);

	/* Configuration refuses prs and names the fix. */
	struct config cfg;
	struct diags d;
	diags_init(&d);
	const char *msg =
	    S_config("title: T\nbase_url: https://x.example\nsource: sv\n"
		     "languages:\n  - {code: sv, tag: sv, locale: sv}\n"
		     "  - {code: prs, tag: fa-AF, locale: prs}\n",
		     &cfg, &d);
	CHECK(d.errors == 1);
	CHECK(d.n && d.v[0].line == 6 && d.v[0].col == 37);
	CHECK_STR(msg, "ICU has no locale 'prs': it would fall back to the "
		       "root locale (left to right, English names); use a "
		       "locale ICU knows, e.g. 'fa_AF' for Dari");
	config_release(&cfg);
	diags_release(&d);

	diags_init(&d);
	S_config("title: T\nbase_url: https://x.example\nsource: sv\n"
		 "languages:\n  - {code: sv, tag: sv, locale: sv}\n"
		 "  - {code: prs, tag: fa-AF, locale: fa_AF}\n",
		 &cfg, &d);
	CHECK(d.n == 0);
	CHECK(cfg.nlangs == 2);
	CHECK_STR(cfg.base_url, "https://x.example/");
	CHECK_STR(cfg.langs[1].name, "دری");
	CHECK(cfg.langs[1].rtl == 1);
	CHECK_STR(cfg.langs[1].format_locale, "fa_AF@calendar=gregorian");

	/* Dates: Gregorian everywhere by default, the locale's own words and
	 * digits, whatever TZ says. */
	setenv("TZ", "Pacific/Kiritimati", 1);
	struct formatter *f = formatter_new(&cfg.langs[0]);
	char *s = format_date(f, "2018-03-01");
	CHECK_STR(s, "1 mars 2018");
	free(s);
	s = format_date(f, "2018-03");
	CHECK_STR(s, "mars 2018");
	free(s);
	s = format_date(f, "2013");
	CHECK_STR(s, "2013");
	free(s);
	struct hours h = {1, 5, "08:00", "16:30"};
	s = format_hours(f, &h);
	/* ICU puts thin spaces (U+2009) around the dash of a day range. */
	CHECK_STR(s, "måndag\u2009–\u2009fredag 08:00–16:30");
	free(s);
	s = hours_machine(&h);
	CHECK_STR(s, "Mo-Fr 08:00-16:30");
	free(s);
	formatter_free(f);
	f = formatter_new(&cfg.langs[1]);
	s = format_date(f, "2018-03-01");
	CHECK_CONTAINS(s, "۲۰۱۸"); /* Gregorian year in Persian digits */
	free(s);
	/* Dari writes the range with its own word. */
	s = format_hours(f, &h);
	CHECK_STR(s, "دوشنبه تا جمعه ۸:۰۰ تا ۱۶:۳۰");
	free(s);
	struct hours one = {5, 5, "08:00", "15:00"};
	s = format_hours(f, &one);
	CHECK_STR(s, "جمعه ۸:۰۰ تا ۱۵:۰۰");
	free(s);
	formatter_free(f);
	config_release(&cfg);
	diags_release(&d);

	/* Arabic: Gregorian months in Arabic, Arabic-Indic digits; Tigrinya in
	 * Ge'ez script. */
	diags_init(&d);
	S_config("title: T\nbase_url: https://x.example\nsource: ar\n"
		 "languages:\n  - {code: ar, tag: ar, locale: ar}\n"
		 "  - {code: ti, tag: ti, locale: ti}\n"
		 "  - {code: ara, tag: ar, locale: ar, numbers: latn}\n",
		 &cfg, &d);
	CHECK(d.n == 0);
	f = formatter_new(&cfg.langs[0]);
	s = format_date(f, "2018-03-01");
	CHECK_STR(s, "١ مارس ٢٠١٨");
	free(s);
	formatter_free(f);
	f = formatter_new(&cfg.langs[1]);
	s = format_date(f, "2018-03-01");
	CHECK_CONTAINS(s, "2018");
	CHECK_CONTAINS(s, "መጋቢት");
	free(s);
	formatter_free(f);
	/* The numbers key switches digits. */
	f = formatter_new(&cfg.langs[2]);
	s = format_date(f, "2018-03-01");
	CHECK_STR(s, "1 مارس 2018");
	free(s);
	formatter_free(f);
	config_release(&cfg);
	diags_release(&d);

	diags_init(&d);
	msg = S_config("title: T\nbase_url: x.example\nsource: en\n"
		       "languages:\n  - {code: sv, tag: sv, locale: sv}\n",
		       &cfg, &d);
	CHECK_STR(msg, "base_url 'x.example' must be an absolute http(s) URL");
	config_release(&cfg);
	diags_release(&d);

	/* Text: UTF-8 validation, NFC, character columns. */
	CHECK(utf8_invalid_at("abc", 3) == -1);
	CHECK(utf8_invalid_at("a\xc3\xa5\xff", 4) == 3);
	CHECK(utf8_invalid_at("\xed\xa0\x80", 3) == 0); /* a surrogate */
	CHECK(utf8_invalid_at("\xc0\xaf", 2) == 0);	/* overlong */
	size_t n;
	s = text_nfc("a\xcc\x8a", 3, &n); /* a + combining ring */
	CHECK_STR(s, "å");
	CHECK(n == 2);
	free(s);
	CHECK(text_char_col("x\nåäö [y]", 2, 8) == 5);
	int line, col;
	text_position("ab\nåä", 7, &line, &col);
	CHECK(line == 2 && col == 3);

	/* Relative URLs between page folders. */
	s = url_relative("sv/ansvar/kommunen/", "sv/ansvar/migrationsverket/");
	CHECK_STR(s, "../migrationsverket/");
	free(s);
	s = url_relative("sv/", "sv/");
	CHECK_STR(s, "./");
	free(s);
	s = url_relative("ar/ansvar/", "assets/style.css");
	CHECK_STR(s, "../../assets/style.css");
	free(s);
	s = url_relative("sv/", "sv/ansvar/");
	CHECK_STR(s, "ansvar/");
	free(s);
	return harness_done("locale");
}
