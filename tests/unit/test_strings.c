/* UI strings: XLIFF 2.0 read with libxml2, ICU MessageFormat plurals per
 * language, fallback to the source language, and errors with file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness.h"
#include "buf.h"
#include "config.h"
#include "locale.h"
#include "strings.h"

static char dir[] = "/tmp/skylt-strings-XXXXXX";

static void S_xlf(const char *code, const char *units)
{
	char *path = xasprintf("%s/%s.xlf", dir, code);
	FILE *f = fopen(path, "w");
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" "
		"version=\"2.0\" srcLang=\"sv\" trgLang=\"%s\">\n"
		"<file id=\"ui\">\n%s</file>\n</xliff>\n",
		code, units);
	fclose(f);
	free(path);
}

#define UNIT(id, text)                                                         \
	"<unit id=\"" id "\"><segment><source>" text "</source><target>" text  \
	"</target></segment></unit>\n"

static struct ui_strings ui;
static struct config cfg;

static void S_counts(size_t lang, const char *want)
{
	static const double ns[] = {0, 1, 2, 5, 11};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < 5; i++) {
		char *s = strings_format(&ui, lang, "count",
					 cfg.langs[lang].format_locale, ns[i]);
		buf_printf(&b, "%s%s", i ? " | " : "", s);
		free(s);
	}
	CHECK_STR(b.ptr, want);
	buf_release(&b);
}

int main(void)
{
	locale_pin_default();
	xmlInitParser();
	CHECK(mkdtemp(dir) != NULL);
	char *yaml = xasprintf("%s/site.yaml", dir);
	FILE *f = fopen(yaml, "w");
	fputs("title: T\nbase_url: https://x.example/\nsource: sv\nlanguages:\n"
	      "  - {code: sv, tag: sv, locale: sv}\n"
	      "  - {code: en, tag: en, locale: en}\n"
	      "  - {code: ar, tag: ar, locale: ar}\n"
	      "  - {code: ru, tag: ru, locale: ru}\n"
	      "  - {code: uk, tag: uk, locale: uk}\n",
	      f);
	fclose(f);
	struct diags d;
	diags_init(&d);
	CHECK(config_load(&cfg, yaml, &d) == 0);
	S_xlf("sv", UNIT("count", "{0, plural, one {# begrepp} other {# "
				  "begrepp}}") UNIT("hello", "Hej"));
	S_xlf("en", UNIT("count", "{0, plural, one {# term} other {# terms}}"));
	S_xlf("ar", UNIT("count", "{0, plural, zero {لا مصطلحات} one {مصطلح "
				  "واحد} two {مصطلحان} few {# مصطلحات} many "
				  "{# مصطلحًا} other {# مصطلح}}")
			UNIT("hello", "مرحبا"));
	S_xlf("ru", UNIT("count", "{0, plural, one {# термин} few {# термина} "
				  "many {# терминов} other {# термина}}")
			UNIT("hello", "Привет"));
	S_xlf("uk", UNIT("count", "{0, plural, one {# термін} few {# терміни} "
				  "many {# термінів} other {# терміна}}")
			UNIT("hello", "Привіт"));
	CHECK(strings_load(&ui, &cfg, dir, &d) == 0);
	/* en lacks 'hello': one warning, and the Swedish text is used. */
	CHECK(d.errors == 0 && d.warnings == 1);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "", "no translation of 'hello'");
	CHECK_STR(strings_get(&ui, 1, "hello"), "Hej");
	CHECK_STR(strings_get(&ui, 2, "hello"), "مرحبا");

	/* Plural selection for 0, 1, 2, 5 and 11, digits as each writes them.
	 */
	S_counts(0, "0 begrepp | 1 begrepp | 2 begrepp | 5 begrepp | 11 "
		    "begrepp");
	S_counts(1, "0 terms | 1 term | 2 terms | 5 terms | 11 terms");
	S_counts(2, "لا مصطلحات | مصطلح واحد | مصطلحان | ٥ مصطلحات | ١١ "
		    "مصطلحًا");
	S_counts(3, "0 терминов | 1 термин | 2 термина | 5 терминов | 11 "
		    "терминов");
	S_counts(4, "0 термінів | 1 термін | 2 терміни | 5 термінів | 11 "
		    "термінів");
	strings_release(&ui);
	diags_release(&d);

	/* A message that does not parse is an error at its file and line. */
	S_xlf("ru", UNIT("count", "{0, plural, one {# термин}")
			UNIT("hello", "Привет"));
	diags_init(&d);
	CHECK(strings_load(&ui, &cfg, dir, &d) < 0);
	CHECK(d.errors == 1);
	CHECK_CONTAINS(d.n ? d.v[0].path : "", "/ru.xlf");
	CHECK(d.n && d.v[0].line == 4);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "",
		       "unit 'count' is not a valid ICU MessageFormat pattern");
	strings_release(&ui);
	diags_release(&d);

	/* The two formatted strings may read only the arguments they are
	 * given: ICU reads '{0}' as text and a '{1}' that is not passed from
	 * memory that is not there. */
	S_xlf("ru", UNIT("glossary_count", "{0} терминов")
			UNIT("file_info", "{0}, {1}, {2}"));
	diags_init(&d);
	CHECK(strings_load(&ui, &cfg, dir, &d) < 0);
	CHECK(d.errors == 2);
	CHECK_CONTAINS(d.n ? d.v[0].msg : "",
		       "unit 'glossary_count' may use only {0}, as a number");
	CHECK_CONTAINS(d.n > 1 ? d.v[1].msg : "",
		       "unit 'file_info' may use only {0} and {1}, as text");
	strings_release(&ui);
	diags_release(&d);
	S_xlf("ru", UNIT("glossary_count", "{0, plural, one {# термин} other "
					   "{# '{'{0, number}'}'}}")
			UNIT("file_info", "{1} ({0, select, other {{0}}})"));
	diags_init(&d);
	CHECK(strings_load(&ui, &cfg, dir, &d) == 0);
	CHECK(d.errors == 0);
	strings_release(&ui);
	diags_release(&d);
	config_release(&cfg);
	char *cmd = xasprintf("rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(yaml);
	xmlCleanupParser();
	return harness_done("strings");
}
