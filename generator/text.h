/* Text as it arrives from editors: UTF-8 validation, NFC normalisation (ICU)
 * and the character columns that messages report. */
#ifndef SKYLT_TEXT_H
#define SKYLT_TEXT_H

#include <stddef.h>

/* Returns -1 when s[0..n) is well-formed UTF-8, else the byte offset of the
 * first ill-formed sequence. */
long utf8_invalid_at(const char *s, size_t n);

/* Returns s[0..n) in Unicode Normalization Form C as a malloc'd, NUL-terminated
 * string (its length in *outlen) that the caller frees; NULL if ICU fails. The
 * input must be valid UTF-8. */
char *text_nfc(const char *s, size_t n, size_t *outlen);
/* A quick check without ICU's conversion to UTF-16: 1 when s[0..n) is
 * certainly NFC already (editors' files nearly always are), 0 when it may not
 * be and text_nfc must decide. */
int text_is_nfc(const char *s, size_t n);

/* Where byte offset off of text lies: 1-based line and column, the column
 * counted in characters (code points), as editors count them. */
void text_position(const char *text, size_t off, int *line, int *col);

/* The 1-based character column of 1-based byte column byte_col on the given
 * 1-based line of text; byte_col itself when the line does not exist. */
int text_char_col(const char *text, int line, int byte_col);

#endif
