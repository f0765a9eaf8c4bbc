/* Front matter: the YAML block at the top of a content file, parsed with
 * libyaml into the content model of DESIGN.md and validated per kind. */
#ifndef SKYLT_FRONTMATTER_H
#define SKYLT_FRONTMATTER_H

#include <stddef.h>

#include "diag.h"

enum page_kind {
	KIND_PAGE,
	KIND_AUTHORITY,
	KIND_TERM,
	KIND_CONTACT,
	KIND_MUNICIPALITY
};

/* A place in the content file, for messages about a value. */
struct srcloc {
	int line; /* 1-based line in the whole file */
	int col;  /* 1-based column in characters */
};

struct phone {
	char *e164;    /* "+4658661000": the tel: link */
	char *display; /* "0586-610 00": as written in Sweden */
	char *label;   /* optional, e.g. "Växel"; NULL when absent */
};

/* Opening hours as data: days are ISO weekday numbers 1 (Monday) to 7. */
struct hours {
	int first_day, last_day;
	char *opens, *closes; /* "HH:MM", 24-hour */
};

struct postal_address {
	char *street, *postcode, *city; /* each NULL when absent */
};

struct frontmatter {
	char *title;   /* required */
	char *summary; /* optional */
	enum page_kind kind;
	char *updated; /* "YYYY-MM-DD", validated as a real date; NULL when
			  absent */
	char *source; /* hex hash of the source page a translation was made from
		       */
	int order;    /* position in navigation; 0 when absent */
	int has_order;

	/* term */
	char *term; /* the word as written, required for a term */
	char *
	    abbr; /* optional abbreviation, e.g. "PUT"; term is its expansion */

	/* authority and municipality: the contact page's path relative to the
	 * language folder, without .md (e.g. "kontakter/karlskoga"); and a web
	 * site */
	char *contact;
	struct srcloc contact_loc;

	/* contact (web is also allowed on authority and municipality) */
	struct phone *phones;
	size_t nphones;
	char *email;
	char *web; /* absolute http(s) URL */
	char *org; /* one of org_names: what the organisation is, for the
		      contact directory's groups; NULL when absent */
	struct postal_address address;
	struct hours *hours;
	size_t nhours;
};

/* The values of a contact's 'org:', in the order the contact directory
 * lists its groups; each has the UI string "org_<name>" as its heading. */
#define ORG_COUNT 4
extern const char *const org_names[ORG_COUNT];

/* A page's front matter is a few hundred bytes; more, or deeper nesting of
 * [ ] and { }, is refused with an error before it is parsed. */
#define FRONTMATTER_MAX_BYTES 16384
#define FRONTMATTER_MAX_DEPTH 16

/* Parses the YAML text (the lines between the two --- fences) of the file at
 * path, whose first YAML line is line first_line of the file. Fills fm (which
 * the caller has zeroed) and reports every problem to d with its file:line:col.
 * Unknown keys are warnings naming the nearest known key; missing required
 * keys, values of the wrong type and YAML syntax errors are errors. Returns 0
 * when no error was reported, -1 otherwise; fm is always safe to pass to
 * frontmatter_release. */
int frontmatter_parse(struct frontmatter *fm, const char *yaml, size_t len,
		      const char *path, int first_line, struct diags *d);

/* The source page a translation is parsed against. */
struct fm_source {
	const struct frontmatter *fm; /* the source page's, already parsed */
	const char *path;	      /* its file, for messages */
	int failed; /* the source had errors: inherit, but report nothing
		       about the facts (its own messages say what is wrong) */
};

/* Parses a translation's front matter as frontmatter_parse does, against
 * its source page's. The language-neutral facts (the keys frontmatter.c's
 * table marks neutral: kind, updated, order, contact, abbr, phone numbers,
 * email, web, org, address, hours) are written only in the source: fm receives
 * copies of the source's. A translation gives only what is per language,
 * and for phones a list of '{label: …}' in the source's order. A neutral
 * value that differs from the source's, or that the source lacks, is an
 * error at its line and column; one that repeats the source's is a warning
 * that it can be removed. */
int frontmatter_parse_translation(struct frontmatter *fm, const char *yaml,
				  size_t len, const char *path, int first_line,
				  const struct fm_source *src, struct diags *d);
void frontmatter_release(struct frontmatter *fm);

/* The kind's name as written in front matter ("page", "authority", …). */
const char *page_kind_name(enum page_kind k);

/* Levenshtein distance between two UTF-8 strings in code points; used for
 * "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);

#endif
