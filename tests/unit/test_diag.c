/* Printing diagnostics: control characters escaped in plain messages and
 * annotations, and the cap on messages per file. */
#include <stdlib.h>

#include "diag.h"
#include "harness.h"

static char *S_print(const struct diags *d, const char *annotate)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	diags_print(d, f, annotate);
	fclose(f);
	return text;
}

static void test_escapes(void)
{
	struct diags d;
	diags_init(&d);
	diags_add(&d, SEV_ERROR, "content/sv/a\n::add-mask::x.md", 2, 3,
		  "key 'k\r\n::error::forged' \x1b[31m\x7f");
	diags_add(&d, SEV_WARNING, "content/sv/b.md", 0, 0,
		  "line\xE2\x80\xA8separator, next\xC2\x85line, tab\there, "
		  "100%% åäö");
	char *plain = S_print(&d, NULL);
	CHECK_STR(plain, "content/sv/a\\n::add-mask::x.md:2:3: error: key "
			 "'k\\r\\n::error::forged' \\x1b[31m\\x7f\n"
			 "content/sv/b.md: warning: line\\u2028separator, "
			 "next\\u0085line, tab\\there, 100% åäö\n");
	free(plain);
	char *ci = S_print(&d, "");
	CHECK_STR(ci,
		  "content/sv/a\\n::add-mask::x.md:2:3: error: key "
		  "'k\\r\\n::error::forged' \\x1b[31m\\x7f\n"
		  "::error file=content/sv/a\\n%3A%3Aadd-mask%3A%3Ax.md,line=2,"
		  "col=3::key 'k\\r\\n::error::forged' \\x1b[31m\\x7f\n"
		  "content/sv/b.md: warning: line\\u2028separator, "
		  "next\\u0085line, tab\\there, 100% åäö\n"
		  "::warning file=content/sv/b.md::line\\u2028separator, "
		  "next\\u0085line, tab\\there, 100%25 åäö\n");
	free(ci);
	diags_release(&d);
}

static void test_cap(void)
{
	struct diags d;
	diags_init(&d);
	for (int i = 1; i <= 9512; i++)
		diags_add(&d, i == 9000 ? SEV_ERROR : SEV_WARNING, "a.md", i, 1,
			  "m");
	for (int i = 1; i <= 3; i++)
		diags_add(&d, SEV_WARNING, "b.md", i, 1, "m");
	diags_sort(&d);
	char *text = S_print(&d, NULL);
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	CHECK(lines == DIAGS_PER_FILE + 1 + 3);
	CHECK(strstr(text, "a.md:100:1: warning: m\n"
			   "a.md: error: … and 9,412 more in this file\n"
			   "b.md:1:1: warning: m\n") != NULL);
	CHECK(strstr(text, "a.md:101:") == NULL);
	CHECK(strstr(text, "b.md: ") == NULL);
	CHECK(d.errors == 1 && d.warnings == 9514);
	free(text);
	diags_release(&d);
}

int main(void)
{
	test_escapes();
	test_cap();
	return harness_done("diag");
}
