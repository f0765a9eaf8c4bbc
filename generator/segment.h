/* Translatable segments of a content file, for the translation hand-off
 * (xliff.c): the front matter's title, summary, term and phone labels, and the
 * inline content of every paragraph, heading and table cell of the body, each
 * with the byte range of the file that holds it. Inline Markdown becomes codes
 * (paired for emphasis and links, standalone for code, images, autolinks and
 * hard breaks) that carry the Markdown they stand for. */
#ifndef SKYLT_SEGMENT_H
#define SKYLT_SEGMENT_H

#include <stddef.h>

struct buf;

enum run_kind {
	RUN_TEXT,  /* text as the reader sees it (escapes and entities
		      resolved, a soft line break as a space) */
	RUN_OPEN,  /* the Markdown that opens a paired code: "**", "[" */
	RUN_CLOSE, /* the Markdown that closes it: "**", "](kommunen.md)" */
	RUN_PH	   /* a standalone code: "`x`", "<https://…>", "\\\n" */
};

struct run {
	enum run_kind kind;
	char *s; /* owned */
};

enum seg_where {
	SEG_YAML,    /* a front-matter scalar */
	SEG_PARA,    /* a paragraph, also inside a list item or a quote */
	SEG_HEADING, /* a heading's text */
	SEG_CELL     /* a table cell */
};

struct segment {
	char id[48]; /* "title", "summary", "term", "label1", "p2", "h1",
			"li3", "td1.2.3": its place in the page */
	enum seg_where where;
	int present;	   /* the file has it (a front-matter key may be
			      absent) */
	int flow;	   /* SEG_YAML: the scalar is inside a flow collection
			      ({…}), where ',' '[' ']' '{' '}' need quotes */
	size_t start, end; /* its bytes in the file's text */
	int line;	   /* 1-based line of the file where it starts */
	char *prefix;	   /* SEG_PARA: what each further line starts with
			      ("  " in a list item, "> " in a quote); owned */
	size_t col;	   /* characters before it on its first line */
	struct run *runs;  /* owned */
	size_t nruns;
	char *key; /* the runs in one string, to compare segments; owned */
};

struct segments {
	struct segment *v;
	size_t n;
	char *shape;	/* the body's block structure: two files whose shapes
			   are equal have the same segments in the body */
	size_t fm_open; /* byte offset where the front matter's YAML starts */
	size_t fm_end;	/* byte offset of the front matter's closing line */
	size_t body;	/* byte offset of the body */
};

/* Splits the content file text[0..len) (NUL-terminated at len) into its
 * segments. The Markdown is parsed with markdown.c's options; call
 * markdown_init first. Returns 0, or -1 when the file has no closed front
 * matter or its YAML does not parse (s is then empty). Release with
 * segments_release. */
int segments_split(const char *text, size_t len, struct segments *s);
void segments_release(struct segments *s);
/* The segment with id, or NULL. */
const struct segment *segments_find(const struct segments *s, const char *id);

/* Appends the one-string form of runs (text, and each code as a marked
 * string) to out: equal strings mean equal segments. */
void runs_key(const struct run *runs, size_t n, struct buf *out);
/* Frees each run's string and the array. */
void runs_free(struct run *runs, size_t n);

/* Appends to out the Markdown (or, for SEG_YAML, the YAML scalar) that puts
 * runs in seg's place, escaped so that it reads back as the same runs;
 * paragraphs are wrapped at 80 characters with seg's prefix. */
void segment_write(const struct segment *seg, const struct run *runs, size_t n,
		   struct buf *out);

#endif
