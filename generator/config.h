/* Site configuration: content/site.yaml, with one ICU locale per language,
 * validated so that no language silently falls back to ICU's root locale. */
#ifndef SKYLT_CONFIG_H
#define SKYLT_CONFIG_H

#include <stddef.h>

#include "diag.h"

struct lang {
	char *code;	/* URL code and content folder name: "prs" */
	char *tag;	/* BCP 47 for lang= and hreflang=: "fa-AF" */
	char *locale;	/* ICU locale as configured: "fa_AF" */
	char *name;	/* own name from ICU: "دری" */
	char *calendar; /* ICU calendar keyword value: "gregorian" by default */
	char *numbers;	/* ICU numbering system, or NULL for the locale's own */
	char *format_locale; /* locale with keywords, for dates and numbers */
	char *date_pattern;  /* ICU pattern for a full date ("d LLLL y"), or
				NULL for the locale's long date */
	char *fallback;	     /* code of the language whose translation readers
				get when a page is not translated (e.g. fa for
				prs), before the source's; NULL: the source */
	int rtl;
};

/* What a translation that is not current is in 'skylt build' and 'check':
 * site.yaml's 'translations:' (coverage.c reports them). */
enum gap_policy {
	GAP_WARNING = 0, /* the default: reported, the build succeeds */
	GAP_ERROR,	 /* reported, the build fails */
	GAP_IGNORE	 /* not reported ('skylt status' still lists it) */
};

struct config {
	char *title; /* fallback site title when a language has no UI string */
	char *base_url;	    /* absolute, ends with '/' */
	struct lang *langs; /* in display order */
	size_t nlangs;
	size_t source; /* index of the source language */
	size_t image_budget; /* bytes; a bigger image is a warning; 0: none */
	/* What a translation of an older source, and a source page with no
	 * translation, are. */
	enum gap_policy stale, missing;
	/* 'age_notice': a page whose 'updated' date is more than age_years
	 * years before the build date gets a notice linking to a contact
	 * (compose.c, age.c); 0: no notice. age_contact is the page to link
	 * to when a page has no contact of its own, as front matter's
	 * 'contact:' names one ("kontakter"); age_contact_line and _col
	 * place it in site.yaml, for a message when it names no page. */
	int age_years;
	char *age_contact;
	/* 'search: false': no search index, search page or search form
	   (doc/search.md). */
	int no_search;
	int age_contact_line, age_contact_col;
};

/* Reads path (e.g. content/site.yaml). Reports problems to d with
 * file:line:col; returns 0 on success, -1 when an error was reported. cfg is
 * always safe to release. */
int config_load(struct config *cfg, const char *path, struct diags *d);
void config_release(struct config *cfg);
/* Index of the language with URL code, or -1. */
long config_lang_index(const struct config *cfg, const char *code);

#endif
