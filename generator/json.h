/* JSON strings written into HTML and JavaScript: the schema.org data of a
 * contact page and the search index files. */
#ifndef SKYLT_JSON_H
#define SKYLT_JSON_H

#include "buf.h"

/* Appends the UTF-8 string s as a JSON string, quotes included. Besides
 * what JSON requires, '<', '>' and '&' are escaped, so that the data can
 * never close the script element it sits in, and U+2028 and U+2029, which
 * JavaScript once took for line ends. */
void json_string(struct buf *b, const char *s);

#endif
