/* One digit system per language: a page's text must write its numbers with the
 * digits its language's date line and UI write (site.yaml 'numbers:', else the
 * locale's own), or a reader meets "١٧ أكتوبر" above "17 أكتوبر". */
#ifndef SKYLT_DIGITS_H
#define SKYLT_DIGITS_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "load.h"

/* The digit zero of the decimal digits l writes (U+0030 for latn, U+0660 for
 * arab), or 0 when its numbering system is not decimal (then nothing is
 * checked). */
int32_t digits_zero(const struct lang *l);

/* Warns, at its file:line:col, about every run of decimal digits in p's
 * readable text (title, summary, term, phone labels and the body, except code,
 * link destinations and autolinks) written with another zero than zero.
 * numbers is the language's configured numbering system, named in the
 * message (NULL: the locale's own). zero 0 checks nothing. */
void digits_check(const struct page *p, int32_t zero, const char *numbers,
		  struct diags *d);

#endif
