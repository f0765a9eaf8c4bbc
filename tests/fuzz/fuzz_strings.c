/* UI strings: the input is read as translations/sv.xlf (the source, whose
 * <source> texts count) and as translations/ar.xlf (a translation, whose
 * <target> texts count); then every string is looked up in both languages,
 * and the two that are ICU MessageFormat patterns are formatted as the site
 * formats them: 'glossary_count' with a count (compose.c) and 'file_info'
 * with a document's type and size (assets.c). */
#include <stdio.h>
#include <stdlib.h>

#include "assets.h"
#include "buf.h"
#include "config.h"
#include "fuzz.h"
#include "strings.h"

static struct config S_cfg;
static char *S_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = fuzz_setup();
	struct diags d;
	diags_init(&d);
	char *path = xasprintf("%s/content/site.yaml", dir);
	if (config_load(&S_cfg, path, &d) < 0) {
		fprintf(stderr, "fuzz: the site's configuration does not load\n");
		abort();
	}
	free(path);
	diags_release(&d);
	S_dir = xasprintf("%s/translations", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double numbers[] = {0, 1, 2, 17, 1234567, -1.5};
	fuzz_write("translations/sv.xlf", data, size);
	fuzz_write("translations/ar.xlf", data, size);
	struct ui_strings s;
	struct diags d;
	diags_init(&d);
	struct asset pdf = {.type = "PDF", .size = 240000};
	if (strings_load(&s, &S_cfg, S_dir, &d) == 0)
		for (size_t l = 0; l < S_cfg.nlangs; l++) {
			const char *locale = S_cfg.langs[l].format_locale;
			for (size_t k = 0; k < s.nids; k++)
				if (!strings_get(&s, l, s.ids[k]))
					abort(); /* every source id has a text */
			for (size_t n = 0; n < sizeof numbers / sizeof *numbers;
			     n++)
				free(strings_format(&s, l, "glossary_count",
						    locale, numbers[n]));
			free(assets_label(&pdf, locale,
					  strings_get(&s, l, "file_info")));
		}
	strings_release(&s);
	diags_release(&d);
	return 0;
}
