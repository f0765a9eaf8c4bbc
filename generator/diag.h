/* Diagnostics: every stage reports problems as values with a location; only the
 * command line prints them, once, in the compiler form path:line:col: error:
 * msg. */
#ifndef SKYLT_DIAG_H
#define SKYLT_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum severity { SEV_WARNING, SEV_ERROR };

struct diag {
	char *path; /* as shown to the user, e.g. content/sv/index.md; owned */
	int line;   /* 1-based; 0 when the problem has no line */
	int col;    /* 1-based, in characters; 0 when unknown */
	enum severity sev;
	char *
	    msg; /* lowercase first, no full stop, subject in 'quotes'; owned */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

void diags_init(struct diags *d);
void diags_release(struct diags *d);
void diags_add(struct diags *d, enum severity sev, const char *path, int line,
	       int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diags_move(struct diags *dst, struct diags *src);
/* Orders by path, line, column, severity and text, so that output does not
 * depend on thread scheduling. */
void diags_sort(struct diags *d);
/* Messages printed for one file; the rest are counted in one line. */
#define DIAGS_PER_FILE 100

/* Prints each diagnostic as path:line:col: severity: message; unless annotate
 * is NULL, also as a GitHub Actions workflow command (::error
 * file=…,line=…,col=…::…), its path preceded by annotate, so that it shows on
 * the changed line of a pull request. Control characters in paths and
 * messages are printed as escapes (\n, \x1b). After DIAGS_PER_FILE messages
 * of one file, one line says how many more there are. */
void diags_print(const struct diags *d, FILE *out, const char *annotate);
/* What annotations put before a path: the current folder relative to the
 * repository's root, ending in '/' ("" at the root), so that file= names the
 * file a pull request shows even when skylt runs with -C in a subfolder. The
 * root is the nearest folder at or above with a .git entry; failing that (a
 * checkout without git), $GITHUB_WORKSPACE if it holds the current folder;
 * failing that, started_in (where skylt started) if it does. malloc'd. */
char *diags_annotation_prefix(const char *started_in);

#endif
