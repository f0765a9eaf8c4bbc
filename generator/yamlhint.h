/* Hints for the YAML mistakes editors make most, in front matter and in
 * site.yaml: libyaml names the rule that broke ("mapping values are not
 * allowed in this context"), not what to write instead. */
#ifndef SKYLT_YAMLHINT_H
#define SKYLT_YAMLHINT_H

#include <stddef.h>

#include "buf.h"

/* For libyaml's problem, found on a line whose text is line[0..len) (without
 * its newline): appends " (…)" with what to do to hint when the mistake is
 * known (an unquoted value holding ': ', a tab in the indentation). Returns
 * the 1-based column in characters to point at instead of libyaml's (the
 * tab), or 0 to keep it. */
int yaml_hint(const char *problem, const char *line, size_t len,
	      struct buf *hint);

/* The text of 0-based line n of text[0..len): sets *start and returns its
 * length without the newline; returns 0 with *start NULL past the end. */
size_t yaml_line_of(const char *text, size_t len, size_t n, const char **start);

#endif
