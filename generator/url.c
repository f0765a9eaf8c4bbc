/* Relative URLs between site folders. */
#include "url.h"

#include <string.h>

#include "buf.h"

char *url_dir(const char *code, const char *rel)
{
	return *rel ? xasprintf("%s/%s/", code, rel) : xasprintf("%s/", code);
}

char *url_relative(const char *from_dir, const char *to)
{
	/* Skip the folders both share, then climb out of the rest of from. */
	size_t common = 0;
	for (size_t i = 0; from_dir[i] && from_dir[i] == to[i]; i++)
		if (from_dir[i] == '/')
			common = i + 1;
	struct buf b = BUF_INIT;
	for (const char *p = from_dir + common; *p; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	buf_puts(&b, to + common);
	if (!b.len)
		buf_puts(&b, "./");
	return buf_detach(&b);
}
