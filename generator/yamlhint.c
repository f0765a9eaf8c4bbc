/* Recognising two mistakes from the line libyaml stopped at. Both are common
 * because the text looks right: 'title: SFI: svenska för invandrare' reads as
 * one value to a person, and a tab looks like spaces in most editors. */
#include "yamlhint.h"

#include <string.h>

size_t yaml_line_of(const char *text, size_t len, size_t n, const char **start)
{
	const char *s = text, *end = text + len;
	for (; n > 0 && s < end; n--) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		s = eol ? eol + 1 : end;
	}
	*start = NULL;
	if (s >= end)
		return 0;
	*start = s;
	const char *eol = memchr(s, '\n', (size_t)(end - s));
	size_t n_bytes = (size_t)((eol ? eol : end) - s);
	if (n_bytes && s[n_bytes - 1] == '\r')
		n_bytes--;
	return n_bytes;
}

/* 'key: value with: a colon' becomes key: "value with: a colon". */
static void S_quote_hint(const char *line, size_t len, struct buf *hint)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || (line[i] == '-' && i + 1 < len &&
					      line[i + 1] == ' ')))
		i++;
	size_t key = i;
	while (i + 1 < len && !(line[i] == ':' && line[i + 1] == ' '))
		i++;
	if (i + 1 >= len || i == key)
		return;
	size_t key_end = i;
	i += 2;
	while (i < len && line[i] == ' ')
		i++;
	size_t end = len;
	while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	if (i >= end || line[i] == '"' || line[i] == '\'')
		return;
	buf_printf(hint,
		   " (a value with ': ' in it must be in quotes: %.*s: \"",
		   (int)(key_end - key), line + key);
	for (size_t k = i; k < end; k++) {
		if (line[k] == '"' || line[k] == '\\')
			buf_putc(hint, '\\');
		buf_putc(hint, line[k]);
	}
	buf_puts(hint, "\")");
}

int yaml_hint(const char *problem, const char *line, size_t len,
	      struct buf *hint)
{
	if (!line)
		return 0;
	/* YAML forbids tabs in indentation; libyaml says so in several ways
	 * ("found character that cannot start any token", "found a tab
	 * character that violates indentation"). */
	for (size_t i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		if (line[i] == '\t') {
			buf_puts(hint, " (indent with spaces, not tabs)");
			return (int)i + 1;
		}
	if (problem && strstr(problem, "mapping values are not allowed"))
		S_quote_hint(line, len, hint);
	return 0;
}
