/* What each page of a build was made from, so that the next build renders
 * again only the pages whose inputs changed.
 *
 * While a page is composed, its thread records every part of the site it
 * reads (deps_note, called where the model is read: model.c, compose.c,
 * glossary.c, strings.c). Each part has a hash computed from the site model
 * as loaded; a page's key is the hash of its parts' hashes. The record of a
 * successful build ("deps" in the cache folder beside the output,
 * output.h) lists, for each page,
 * the parts it read, its key, the size and time of its file and its
 * warnings. The next build recomputes each page's key from the parts the
 * record lists: a page whose key is unchanged, and whose file is still the
 * one recorded, is kept as it is, with its warnings said again. */
#ifndef SKYLT_DEPS_H
#define SKYLT_DEPS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "diag.h"

struct output;
struct site;

/* The parts of a site a page can read. Each is named by a set's path, a
 * language's index (deps_lang) or "" for the site's one list. */
enum dep_kind {
	DEP_TEXT = 'T',	    /* a set's files, every language: bytes and
			       which exist */
	DEP_VIEW = 'V',	    /* a set's front matter, every language, and
			       which exist: what a list shows of it */
	DEP_CHILDREN = 'C', /* the sets in a folder, in order */
	DEP_PARENT = 'P',   /* the folders above a set */
	DEP_NAV = 'N',	    /* the main menu's and the footer's sets */
	DEP_TERMS = 'G',    /* the glossary's sets */
	DEP_STRINGS = 'S'   /* a language's UI strings */
};

struct dep {
	char kind;
	const char *name; /* not owned: lives as long as the site */
};

struct deps_list {
	struct dep *v;
	size_t n, cap;
};

/* From now on this thread's deps_note calls add to l; NULL: they do
 * nothing (outside a page, and in every command but build). */
void deps_listen(struct deps_list *l);
void deps_note(char kind, const char *name);
/* A name for language index lang, for DEP_STRINGS. */
const char *deps_lang(size_t lang);
void deps_list_release(struct deps_list *l);

/* The hashes of the parts as this build read them. globals covers
 * everything a change of which renders every page again (the skylt, the
 * configuration, the templates, the images); strings has each language's UI
 * strings' hash. */
struct deps_env;
struct deps_env *deps_env_new(const struct site *s, uint64_t globals,
			      const uint64_t *strings);
void deps_env_free(struct deps_env *e);

/* What the lists of every page (sitemaps, feeds) read: every set's
 * DEP_VIEW and every language's UI strings. */
uint64_t deps_site_view(struct deps_env *e);

/* The previous build's record for output folder dest, when it is there, was
 * made with the same globals, and the output is the one it describes (the
 * caller checks that: the build state is current for it). NULL: none. */
struct deps_prev;
struct deps_prev *deps_prev_load(const char *dest, uint64_t globals);
void deps_prev_free(struct deps_prev *p);

/* A page of the previous build, by its file ("sv/ansvar/index.html"),
 * if its inputs are unchanged; NULL when it must be rendered. Not safe to
 * call from several threads at once. */
struct deps_entry;
const struct deps_entry *deps_prev_clean(struct deps_prev *p,
					 struct deps_env *e, const char *rel);
/* deps_site_view as the previous build saw it. */
uint64_t deps_prev_view(const struct deps_prev *p);
/* Whether the record has a page at rel, changed or not; how many it has. */
int deps_prev_knows(const struct deps_prev *p, const char *rel);
size_t deps_prev_pages(const struct deps_prev *p);
/* Calls fn for each other file recorded (deps_next_save's also) whose path
 * begins with prefix, with the size and time it had; stops at the first
 * that returns non-zero, and returns that. */
int deps_prev_files(const struct deps_prev *p, const char *prefix,
		    int (*fn)(void *arg, const char *rel, off_t size,
			      const struct timespec *mtime),
		    void *arg);
/* The size and time its file had, and its warnings, added to d. */
void deps_entry_file(const struct deps_entry *x, off_t *size,
		     struct timespec *mtime);
void deps_entry_warnings(const struct deps_entry *x, struct diags *d);

/* The record of this build: one slot per page, filled either from the
 * previous record (kept) or from what the page read as it was composed. */
struct deps_next;
struct deps_next *deps_next_new(size_t nslots);
void deps_next_keep(struct deps_next *n, size_t slot,
		    const struct deps_entry *x);
/* Takes l's parts; copies the warnings in d. */
void deps_next_made(struct deps_next *n, size_t slot, const char *rel,
		    struct deps_list *l, const struct diags *d);
/* Writes the record beside dest for the output o just committed, with
 * the other files of o for which also(rel) is true. */
void deps_next_save(struct deps_next *n, struct deps_env *e, const char *dest,
		    uint64_t globals, const struct output *o,
		    int (*also)(const char *rel));
void deps_next_free(struct deps_next *n);

/* Removes the record, before the output changes. */
void deps_forget(const char *dest);

#endif
