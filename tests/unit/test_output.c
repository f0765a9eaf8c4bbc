/* The output folder: a first build renamed into place; a rebuild completed
 * in the sibling tree, unchanged files linked (same inode), changed ones
 * new, removed ones gone, and the two trees exchanged; a failed write is one
 * error that names the output, with the output left as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "buf.h"
#include "output.h"

static char *S_read(const char *path)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, NULL) != 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static ino_t S_ino(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* Builds files[] (rel, text pairs, NULL-ended) into dest. */
static int S_build(const char *dest, const char *const *files, char **error)
{
	struct diags d;
	diags_init(&d);
	struct output o;
	int rc = output_begin(&o, dest, &d);
	for (size_t i = 0; rc == 0 && files[i]; i += 2)
		output_write(&o, files[i], files[i + 1], strlen(files[i + 1]),
			     &d);
	if (rc == 0)
		rc = output_commit(&o, &d);
	output_release(&o);
	*error = d.n ? xasprintf("%s: %s", d.v[0].path, d.v[0].msg) : NULL;
	if (d.n != (rc ? 1u : 0u))
		rc = 99; /* exactly one error on failure, none otherwise */
	diags_release(&d);
	return rc;
}

static void S_exchange(void)
{
	char *err = NULL;
	static const char *const first[] = {
	    "index.html", "root", "sv/index.html", "sv", "sv/gone/index.html",
	    "gone",	  NULL};
	CHECK(S_build("site", first, &err) == 0);
	free(err);
	CHECK(access(".site.prev", F_OK) != 0); /* renamed into place */
	char *t = S_read("site/sv/gone/index.html");
	CHECK_STR(t, "gone");
	free(t);
	ino_t root = S_ino("site/index.html"), sv = S_ino("site/sv/index.html");

	static const char *const second[] = {
	    "index.html",  "root",	    "sv/index.html",
	    "sv, changed", "en/index.html", "en",
	    NULL};
	CHECK(S_build("site", second, &err) == 0);
	free(err);
	/* Unchanged: the same inode, in both trees. */
	CHECK(S_ino("site/index.html") == root);
	CHECK(S_ino(".site.prev/index.html") == root);
	/* Changed: a new file in place, the old one whole beside it. */
	CHECK(S_ino("site/sv/index.html") != sv);
	CHECK(S_ino(".site.prev/sv/index.html") == sv);
	t = S_read("site/sv/index.html");
	CHECK_STR(t, "sv, changed");
	free(t);
	t = S_read(".site.prev/sv/index.html");
	CHECK_STR(t, "sv");
	free(t);
	CHECK(access("site/sv/gone", F_OK) != 0);
	CHECK(access(".site.prev/sv/gone/index.html", F_OK) == 0);
	CHECK(access("site/en/index.html", F_OK) == 0);

	/* The third build starts from the first one's tree: it is brought
	 * to the new build, whatever it holds. */
	static const char *const third[] = {
	    "index.html", "root", "sv/index.html", "sv, again", "en/index.html",
	    "en",	  NULL};
	CHECK(S_build("site", third, &err) == 0);
	free(err);
	CHECK(access("site/sv/gone", F_OK) != 0);
	CHECK(S_ino("site/en/index.html") == S_ino(".site.prev/en/index.html"));
	t = S_read("site/sv/index.html");
	CHECK_STR(t, "sv, again");
	free(t);
}

static void S_failed_write(void)
{
	/* A name longer than a file system allows: the write fails, and it
	 * is reported once, for the output, with its cause. */
	char name[300 + 7];
	memset(name, 'a', 300);
	strcpy(name + 300, ".html");
	char *err = NULL;
	const char *const bad[] = {"index.html",    "new root", name, "x",
				   "sv/index.html", "sv, new",	NULL};
	CHECK(S_build("fresh", bad, &err) == -1);
	CHECK_STR(err, "fresh: cannot write the output: File name too long");
	free(err);
	CHECK(access("fresh", F_OK) != 0);
	CHECK(access(".fresh.prev", F_OK) != 0);

	/* The same on a rebuild: the site is as it was, and the sibling tree
	 * is removed. */
	CHECK(S_build("site", bad, &err) == -1);
	CHECK_STR(err, "site: cannot write the output: File name too long");
	free(err);
	char *t = S_read("site/sv/index.html");
	CHECK_STR(t, "sv, again");
	free(t);
	CHECK(access(".site.prev", F_OK) != 0);
}

int main(void)
{
	char dir[] = "/tmp/skylt-test-output-XXXXXX";
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror("skylt-test-output");
		return 1;
	}
	S_exchange();
	S_failed_write();
	/* By its absolute name, from outside it. */
	char *rm = xasprintf("rm -rf '%s'", dir);
	int rc = chdir("/") == 0 ? system(rm) : -1;
	(void)rc;
	free(rm);
	return harness_done("output");
}
