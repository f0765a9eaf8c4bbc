/* The scratch project of the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "buf.h"
#include "build.h"
#include "locale.h"
#include "markdown.h"

static char S_dir[4096];
static int S_home = -1;

static void S_die(const char *what)
{
	perror(what);
	abort();
}

static void S_remove(void)
{
	if (!S_dir[0])
		return;
	char *cmd = xasprintf("rm -rf '%s'", S_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove '%s'\n", S_dir);
	free(cmd);
}

const char *fuzz_setup(void)
{
	if (S_dir[0])
		return S_dir;
	locale_pin_default();
	xmlInitParser();
	markdown_init();
	const char *root = getenv("SKYLT_ROOT");
	if (!root)
		root = ".";
	const char *tmp = getenv("TMPDIR");
	snprintf(S_dir, sizeof S_dir, "%s/skylt-fuzz-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(S_dir))
		S_die("mkdtemp");
	atexit(S_remove);
	/* The paths are ours, and the repository's own: no quoting beyond
	 * the single quotes is needed. */
	char *cmd = xasprintf(
	    "cp -R '%s/tests/fuzz/site/content' '%s/' && "
	    "cp -R '%s/templates' '%s/' && mkdir '%s/translations' && "
	    "cp '%s/translations/sv.xlf' '%s/translations/ar.xlf' "
	    "'%s/translations/'",
	    root, S_dir, root, S_dir, S_dir, root, root, S_dir);
	int rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		fprintf(stderr, "fuzz: cannot copy the site from '%s' (set "
				"SKYLT_ROOT to the repository)\n",
			root);
		abort();
	}
	S_home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (S_home < 0)
		S_die("open .");
	return S_dir;
}

void fuzz_write(const char *rel, const uint8_t *data, size_t size)
{
	char *path = xasprintf("%s/%s", S_dir, rel);
	FILE *f = fopen(path, "wb");
	if (!f)
		S_die(path);
	if (size && fwrite(data, 1, size, f) != size)
		S_die(path);
	if (fclose(f) != 0)
		S_die(path);
	free(path);
}

void fuzz_enter(void)
{
	if (chdir(S_dir) != 0)
		S_die(S_dir);
}

void fuzz_leave(void)
{
	if (fchdir(S_home) != 0)
		S_die("fchdir");
}

void fuzz_check_site(void)
{
	struct build_opts o = {.out = "site", .jobs = 1};
	struct build_stats st;
	struct diags d;
	diags_init(&d);
	fuzz_enter();
	build_site(&o, &st, &d);
	fuzz_leave();
	diags_release(&d);
}
