/* site.yaml: the input is read as content/site.yaml is, with ICU asked for
 * every language it names. */
#include <stdlib.h>

#include "buf.h"
#include "config.h"
#include "fuzz.h"

static char *S_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	S_path = xasprintf("%s/fuzz-site.yaml", fuzz_setup());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("fuzz-site.yaml", data, size);
	struct config cfg;
	struct diags d;
	diags_init(&d);
	if (config_load(&cfg, S_path, &d) == 0)
		for (size_t i = 0; i < cfg.nlangs; i++)
			if (config_lang_index(&cfg, cfg.langs[i].code) < 0)
				abort(); /* a language that cannot be found */
	config_release(&cfg);
	diags_release(&d);
	return 0;
}
