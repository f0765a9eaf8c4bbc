/* Loading a page: the line index that gives messages their line and column
 * in characters, without counting from the top of the file each time. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "load.h"
#include "text.h"

static void test_srcpos(void)
{
	char path[] = "/tmp/skylt-test-load-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	/* The body starts on line 4; long lines cross the index's stride. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "---\ntitle: Å\n---\n");
	for (int i = 0; i < 300; i++)
		buf_puts(&b, "åäö x ");
	buf_puts(&b, "\n\nrad två ö [länk](x.md)\n");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "ééééé\n");
	buf_puts(&b, "sista");
	CHECK(write(fd, b.ptr, b.len) == (ssize_t)b.len);
	close(fd);
	struct diags d;
	diags_init(&d);
	struct page *p = page_load_file(path, &d);
	CHECK(d.n == 0);
	const int cases[][2] = {{1, 1},	   {1, 2},   {1, 7},	{1, 1500},
				{1, 5000}, {3, 1},   {3, 15},	{3, 16},
				{50, 4},   {104, 3}, {104, 99}, {200, 5}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int line, col, want_line = 4 + cases[i][0] - 1;
		page_srcpos(p, cases[i][0], cases[i][1], &line, &col);
		CHECK(line == want_line);
		int want = text_char_col(p->text, want_line, cases[i][1]);
		if (col != want)
			fprintf(stderr, "line %d byte %d: col %d, want %d\n",
				cases[i][0], cases[i][1], col, want);
		CHECK(col == want);
	}
	int line, col;
	page_srcpos(p, 1, 0, &line, &col);
	CHECK(line == 4 && col == 0);
	page_free(p);
	diags_release(&d);
	buf_release(&b);
	unlink(path);
}

int main(void)
{
	test_srcpos();
	return harness_done("load");
}
