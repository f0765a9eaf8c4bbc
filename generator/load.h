/* Loading: walk content/<lang>/, read each .md file, validate UTF-8, normalise
 * to NFC, split and parse the front matter. The Markdown body is parsed once,
 * when the page is rendered, which also gives its headings their ids. */
#ifndef SKYLT_LOAD_H
#define SKYLT_LOAD_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmark-gfm.h>

#include "anchor.h"
#include "arena.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"

struct page {
	size_t lang;	/* index into the configuration's languages */
	char *rel;	/* "" for the start page, "ansvar" for ansvar/index.md,
			   "ansvar/kommunen" for ansvar/kommunen.md */
	char *path;	/* for messages: "content/sv/ansvar/kommunen.md" */
	char *file;	/* to open: the path joined to the project directory */
	char *text;	/* the whole file in NFC */
	int text_owned; /* text is malloc'd, not in a text_store's arena */
	size_t len;
	int body_line;	 /* line of the file where the Markdown body starts */
	size_t body_off; /* byte offset of the body in text; 0 if unread */
	int has_body;	 /* the front matter was split off */
	char *
	    dir; /* the file's folder inside content/<code>/: "" or "ansvar/" */
	char hash[17];	/* FNV-1a 64 of the file's bytes, hex: the older
			   form of a translation's 'source:' */
	char blob[41];	/* git's blob id of the file's bytes: what a
			   translation's 'source:' records first */
	struct stat st; /* the file as it was when read (size, times, inode):
			   a later build knows it unchanged if these are */
	const struct page *src; /* for a translation, the source-language
				   page of the same path, loaded before it:
				   its facts are the translation's (not
				   owned); NULL for a source page or when
				   there is none */
	struct frontmatter fm;
	struct anchors anchors; /* set when the page is rendered in its own
				   language, or by page_anchors */
	int anchors_known;	/* anchors is set */
	uint64_t fm_hash; /* FNV-1a 64 of the text before the body: what
			     lists of pages show of it */
	/* Taken from the previous build's record (pagecache.h) instead of
	   read: text is NULL until page_text reads it. */
	int cached;
	/* Its entry in that record, while the record is held (pagecache.c
	   writes it again as it was); else NULL. */
	const char *record;
	size_t record_len;
	struct diags warnings; /* what loading it said, for that record */
	/* source_text_hash of a source page, once loaded (its text may not
	   be read in a build that takes it from the record) */
	uint64_t text_hash;
	int text_hashed;
	/* The build's items still to read text (page_text_done); at 0 the
	   text of a page that can be read again is let go. */
	atomic_int readers;
	int failed;		/* an error was reported for this page */
	/* Where each line of text starts, and the characters before every
	   256th byte: a message finds its line and column without counting
	   from the top of the file (page_srcpos). malloc'd. */
	size_t *line_at, nlines;
	size_t *chars_at;
};

/* Lists every page of every configured language under root/content, sorted by
 * relative path and then language order, so that no later stage depends on the
 * order in which directories were read. Files are not read yet. Reports
 * unusable names and stray folders to d. The caller frees with pages_free. */
int pages_list(const struct config *cfg, const char *root, struct page ***out,
	       size_t *n, struct diags *d);

/* Where loading keeps pages' text: one per thread, owned by the caller. Each
 * file is read into scratch, which stays warm, and kept in the arena. */
struct text_store {
	struct arena *arena;
	struct buf scratch;
};

/* Reads and parses one page; reports to d (which belongs to this page alone,
 * so pages can be loaded in parallel). The text goes into ts, which must
 * outlive the page; with ts NULL the page owns it. A translation whose src
 * is set takes its language-neutral facts from it, which must be loaded
 * already. Returns 0, or -1 and sets p->failed. */
int page_load(struct page *p, struct text_store *ts, struct diags *d);

/* Reads the text of a page taken from the previous build's record, if it
 * is not read yet, and checks that it is the file recorded. Returns 0, or
 * -1 when the file changed since the build began: then page_changed says
 * so from then on. Safe to call from several threads. */
int page_text(const struct page *p);
int page_changed(void);
/* One of p's readers is done with its text: the last lets it go, if it can
 * be read again (page_text). Safe to call from several threads. */
void page_text_done(const struct page *p);
/* Lets go of a loaded page's text, to be read again when needed (a page
 * with errors keeps it): a build holds only what other pages need. */
void page_drop_text(struct page *p);
void page_changed_clear(void); /* at the start of a build */

/* Reads and parses a file outside any site (for 'skylt render'). */
struct page *page_load_file(const char *file, struct diags *d);

/* Parses the page's Markdown body again; the caller frees the tree with
 * cmark_node_free. Trees are not kept between stages: for a large site they
 * would take many times the memory of the text they come from. A body that
 * nests deeper than MARKDOWN_MAX_DEPTH gives NULL, with an error at its line
 * in d (d may be NULL when the error is reported elsewhere). */
cmark_node *page_body(const struct page *p, struct diags *d);

/* Parses the body and sets p's anchors: for a page used outside a build
 * ('skylt render', tests). */
void page_anchors(struct page *p);

/* The length of the front matter fence at p, with its line ending: "---", or
 * "..." when closing, then only spaces or tabs; 0 when the line is none. */
size_t page_fence(const char *p, const char *end, int closing);

void page_free(struct page *p);
void pages_free(struct page **pages, size_t n);

/* The column in characters of a cmark source position (body-relative line,
 * byte column) and the file line it maps to. */
void page_srcpos(const struct page *p, int body_line, int byte_col, int *line,
		 int *col);

#endif
