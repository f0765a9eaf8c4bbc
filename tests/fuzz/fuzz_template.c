/* Templates: the input is templates/page.xhtml of the small site in
 * tests/fuzz/site (base.xhtml, chooser.xhtml and notfound.xhtml are the
 * repository's), loaded and then filled for every page of the site in both
 * languages by an in-memory build, as 'skylt check' does. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("templates/page.xhtml", data, size);
	fuzz_check_site();
	return 0;
}
