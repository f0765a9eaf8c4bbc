/* The hints for an unquoted ': ' and a tab in YAML indentation. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "yamlhint.h"

static const char S_colon[] = "mapping values are not allowed in this context";

/* The hint for problem at line (a C string); col receives the column. */
static char *S_hint(const char *problem, const char *line, int *col)
{
	struct buf b = BUF_INIT;
	*col = yaml_hint(problem, line, strlen(line), &b);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

int main(void)
{
	int col;
	char *h = S_hint(S_colon, "title: SFI: svenska för invandrare", &col);
	CHECK_STR(h, " (a value with ': ' in it must be in quotes: title: "
		     "\"SFI: svenska för invandrare\")");
	CHECK(col == 0);
	free(h);

	/* In a list item, nested; quotes and backslashes escaped; trailing
	 * spaces dropped. */
	h = S_hint(S_colon, "  - label: Växel: \"dygnet\" runt\\  ", &col);
	CHECK_STR(h, " (a value with ': ' in it must be in quotes: label: "
		     "\"Växel: \\\"dygnet\\\" runt\\\\\")");
	free(h);

	/* Already quoted, or no 'key: ' at all: nothing to suggest. */
	h = S_hint(S_colon, "title: \"a\": b", &col);
	CHECK_STR(h, "");
	free(h);
	h = S_hint(S_colon, "a:b:c", &col);
	CHECK_STR(h, "");
	free(h);
	h = S_hint("did not find expected key", "title: a: b", &col);
	CHECK_STR(h, "");
	free(h);

	/* A tab in the indentation, whatever libyaml called it, and where. */
	h = S_hint("found character that cannot start any token", "\t- x: 1",
		   &col);
	CHECK_STR(h, " (indent with spaces, not tabs)");
	CHECK(col == 1);
	free(h);
	h = S_hint("anything", "  \tcity: y", &col);
	CHECK(col == 3);
	free(h);
	/* A tab after the key is allowed by YAML: no hint. */
	h = S_hint(S_colon, "title:\tStart", &col);
	CHECK_STR(h, "");
	CHECK(col == 0);
	free(h);

	/* Lines by number, without their newline (or CR). */
	const char text[] = "a: 1\r\nb: 2\nc: 3";
	const char *start;
	size_t n = yaml_line_of(text, sizeof text - 1, 1, &start);
	CHECK(n == 4 && start && memcmp(start, "b: 2", 4) == 0);
	n = yaml_line_of(text, sizeof text - 1, 0, &start);
	CHECK(n == 4 && start == text);
	n = yaml_line_of(text, sizeof text - 1, 2, &start);
	CHECK(n == 4 && start && memcmp(start, "c: 3", 4) == 0);
	n = yaml_line_of(text, sizeof text - 1, 3, &start);
	CHECK(n == 0 && start == NULL);
	return harness_done("yamlhint");
}
