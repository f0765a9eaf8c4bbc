/* JSON strings (json.h). */
#include "json.h"

void json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			buf_printf(b, "\\%c", ch);
		} else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
			buf_printf(b, "\\u%04x", ch);
		} else if (ch == 0xE2 && (unsigned char)s[1] == 0x80 &&
			   ((unsigned char)s[2] == 0xA8 ||
			    (unsigned char)s[2] == 0xA9)) {
			buf_printf(b, "\\u%04x",
				   (unsigned char)s[2] == 0xA8 ? 0x2028 : 0x2029);
			s += 2;
		} else {
			buf_putc(b, (char)ch);
		}
	}
	buf_putc(b, '"');
}
