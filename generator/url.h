/* Where pages live: every page is a folder /<code>/<path>/ with an index.html,
 * and links between pages are relative, so a site works under any base path. */
#ifndef SKYLT_URL_H
#define SKYLT_URL_H

/* The site-relative folder of a page: "sv/" for the start page, "sv/ansvar/"
 * for rel "ansvar"; malloc'd. */
char *url_dir(const char *code, const char *rel);

/* A relative URL that leads from the folder from_dir to the folder or file
 * to (both site-relative, folders ending in '/'): "../migrationsverket/";
 * "./" when they are the same folder. malloc'd. */
char *url_relative(const char *from_dir, const char *to);

#endif
