/* A page through the whole build: the input is content/sv/fuzz.md of the
 * small site in tests/fuzz/site, which other pages link to and which has no
 * Arabic translation, so its body is rendered twice (in Swedish and as the
 * Arabic site's fallback), its links resolved, its terms linked to the
 * glossary and its headings checked, then composed into the templates. The
 * build runs in memory, as 'skylt check' does: nothing is written. An input
 * without front matter gets a title, so that most inputs reach the body. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
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
	static const char title[] = "---\ntitle: Prov\n---\n";
	if (size >= 3 && memcmp(data, "---", 3) == 0) {
		fuzz_write("content/sv/fuzz.md", data, size);
	} else {
		struct buf b = BUF_INIT;
		buf_put(&b, title, sizeof title - 1);
		buf_put(&b, (const char *)data, size);
		fuzz_write("content/sv/fuzz.md", (const uint8_t *)b.ptr, b.len);
		buf_release(&b);
	}
	fuzz_check_site();
	return 0;
}
