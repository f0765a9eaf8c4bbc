/* Splitting a content file into translatable segments, and writing a segment
 * back as Markdown. The ranges come from cmark-gfm's block source positions
 * (inline positions are unreliable in cmark-gfm 0.29, see TRAPS.md) and
 * from libyaml's marks; the runs come from the parsed tree, so a segment reads
 * the same however its Markdown was spelled. */
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <yaml.h>

#include "buf.h"
#include "load.h"
#include "markdown.h"

/* ---- the front matter ---- */

static int S_count_lines(const char *s, const char *end)
{
	int n = 0;
	for (; s < end; s++)
		n += *s == '\n';
	return n;
}

/* The byte offset in y[0..n) of libyaml's mark (0-based line, column in
 * characters). */
static size_t S_mark_off(const char *y, size_t n, yaml_mark_t m)
{
	size_t i = 0;
	for (size_t l = 0; l < m.line && i < n; i++)
		if (y[i] == '\n')
			l++;
	for (size_t c = 0; c < m.column && i < n && y[i] != '\n'; c++) {
		i++;
		while (i < n && ((unsigned char)y[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static struct segment *S_add(struct segments *s, size_t *cap)
{
	if (s->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		s->v = xrealloc(s->v, *cap * sizeof *s->v);
	}
	struct segment *g = &s->v[s->n++];
	memset(g, 0, sizeof *g);
	return g;
}

static void S_push_run(struct segment *g, size_t *cap, enum run_kind k,
		       const char *str, size_t len)
{
	/* Adjacent text is one run, so that the key does not depend on how
	 * cmark split it. */
	if (k == RUN_TEXT && g->nruns &&
	    g->runs[g->nruns - 1].kind == RUN_TEXT) {
		struct run *r = &g->runs[g->nruns - 1];
		size_t old = strlen(r->s);
		r->s = xrealloc(r->s, old + len + 1);
		memcpy(r->s + old, str, len);
		r->s[old + len] = '\0';
		return;
	}
	if (g->nruns == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		g->runs = xrealloc(g->runs, *cap * sizeof *g->runs);
	}
	g->runs[g->nruns].kind = k;
	g->runs[g->nruns].s = xstrndup(str, len);
	g->nruns++;
}

static void S_yaml_seg(struct segments *s, size_t *cap, const char *id,
		       yaml_node_t *v, const char *y, size_t yn, int line0,
		       int flow)
{
	if (!v || v->type != YAML_SCALAR_NODE)
		return;
	struct segment *g = S_add(s, cap);
	snprintf(g->id, sizeof g->id, "%s", id);
	g->where = SEG_YAML;
	g->present = 1;
	g->flow = flow;
	g->start = s->fm_open + S_mark_off(y, yn, v->start_mark);
	g->end = s->fm_open + S_mark_off(y, yn, v->end_mark);
	g->line = line0 + (int)v->start_mark.line;
	size_t rc = 0;
	S_push_run(g, &rc, RUN_TEXT, (const char *)v->data.scalar.value,
		   v->data.scalar.length);
}

static int S_key_is(yaml_node_t *k, const char *name)
{
	return k && k->type == YAML_SCALAR_NODE &&
	       k->data.scalar.length == strlen(name) &&
	       !memcmp(k->data.scalar.value, name, k->data.scalar.length);
}

/* The front matter's segments, in a fixed order: title, summary, term, then
 * each phone's label. Keys that are absent get an absent segment, so that
 * a translation without a summary still lines up with its source. */
static int S_front_matter(const char *text, struct segments *s, size_t *cap,
			  int line0)
{
	const char *y = text + s->fm_open;
	size_t yn = s->fm_end - s->fm_open;
	yaml_parser_t p;
	yaml_document_t doc;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)y, yn);
	if (!yaml_parser_load(&p, &doc)) {
		yaml_parser_delete(&p);
		return -1;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	static const char *const keys[] = {"title", "summary", "term"};
	for (size_t k = 0; k < 3; k++) {
		yaml_node_t *v = NULL;
		if (root && root->type == YAML_MAPPING_NODE)
			for (yaml_node_pair_t *pr =
				 root->data.mapping.pairs.start;
			     pr < root->data.mapping.pairs.top; pr++)
				if (S_key_is(
					yaml_document_get_node(&doc, pr->key),
					keys[k]))
					v = yaml_document_get_node(&doc,
								   pr->value);
		size_t before = s->n;
		S_yaml_seg(s, cap, keys[k], v, y, yn, line0, 0);
		if (s->n == before) {
			struct segment *g = S_add(s, cap);
			snprintf(g->id, sizeof g->id, "%s", keys[k]);
			g->where = SEG_YAML;
			g->start = g->end = s->fm_end;
		}
	}
	yaml_node_t *phones = NULL;
	if (root && root->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
		     pr < root->data.mapping.pairs.top; pr++)
			if (S_key_is(yaml_document_get_node(&doc, pr->key),
				     "phones"))
				phones =
				    yaml_document_get_node(&doc, pr->value);
	if (phones && phones->type == YAML_SEQUENCE_NODE) {
		int i = 0;
		for (yaml_node_item_t *it = phones->data.sequence.items.start;
		     it < phones->data.sequence.items.top; it++) {
			yaml_node_t *ph = yaml_document_get_node(&doc, *it);
			i++;
			if (!ph || ph->type != YAML_MAPPING_NODE)
				continue;
			for (yaml_node_pair_t *pr =
				 ph->data.mapping.pairs.start;
			     pr < ph->data.mapping.pairs.top; pr++)
				if (S_key_is(
					yaml_document_get_node(&doc, pr->key),
					"label")) {
					char id[16];
					snprintf(id, sizeof id, "label%d", i);
					S_yaml_seg(s, cap, id,
						   yaml_document_get_node(
						       &doc, pr->value),
						   y, yn, line0,
						   ph->data.mapping.style ==
						       YAML_FLOW_MAPPING_STYLE);
				}
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return 0;
}

/* ---- the body ---- */

struct S_body {
	const char *text; /* the whole file */
	size_t body;	  /* where the body starts */
	size_t len;
	size_t *lines; /* lines[i]: offset of body line i + 1 */
	size_t nlines;
	int line0; /* file line of body line 1 */
	int np, nh, nli, nt;
	struct buf shape;
};

static size_t S_off(const struct S_body *b, int line, int col)
{
	if (line < 1)
		return b->body;
	size_t l = (size_t)line - 1;
	if (l >= b->nlines)
		return b->len;
	size_t o = b->lines[l] + (col > 0 ? (size_t)col - 1 : 0);
	return o > b->len ? b->len : o;
}

static size_t S_line_end(const struct S_body *b, size_t o)
{
	while (o < b->len && b->text[o] != '\n')
		o++;
	if (o > 0 && o <= b->len && b->text[o - 1] == '\r')
		o--;
	return o;
}

static void S_trim(const char *t, size_t *a, size_t *z)
{
	while (*a < *z && (t[*a] == ' ' || t[*a] == '\t'))
		(*a)++;
	while (*z > *a && (t[*z - 1] == ' ' || t[*z - 1] == '\t'))
		(*z)--;
}

/* A code span for literal: a fence of one more backtick than the longest
 * run inside, padded when the literal starts or ends with a backtick. */
static void S_code_span(const char *lit, struct buf *out)
{
	size_t longest = 0, run = 0;
	for (const char *p = lit; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t n = strlen(lit);
	int pad = n && (lit[0] == '`' || lit[n - 1] == '`' ||
			(lit[0] == ' ' && lit[n - 1] == ' '));
	for (size_t i = 0; i <= longest; i++)
		buf_putc(out, '`');
	if (pad)
		buf_putc(out, ' ');
	buf_puts(out, lit);
	if (pad)
		buf_putc(out, ' ');
	for (size_t i = 0; i <= longest; i++)
		buf_putc(out, '`');
}

static void S_dest(const char *url, const char *title, struct buf *out)
{
	if (!*url || strpbrk(url, " ()<>"))
		buf_printf(out, "<%s>", url);
	else
		buf_puts(out, url);
	if (title && *title) {
		buf_puts(out, " \"");
		for (const char *p = title; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *p);
		}
		buf_putc(out, '"');
	}
}

static void S_inlines(cmark_node *n, struct segment *g, size_t *cap)
{
	struct buf b = BUF_INIT;
	for (cmark_node *c = cmark_node_first_child(n); c;
	     c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		const char *type = cmark_node_get_type_string(c);
		buf_truncate(&b, 0);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			S_push_run(g, cap, RUN_TEXT, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
			S_push_run(g, cap, RUN_TEXT, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			S_push_run(g, cap, RUN_PH, "\\\n", 2);
			break;
		case CMARK_NODE_CODE:
			S_code_span(lit, &b);
			S_push_run(g, cap, RUN_PH, b.ptr, b.len);
			break;
		case CMARK_NODE_HTML_INLINE:
			S_push_run(g, cap, RUN_PH, lit, strlen(lit));
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG: {
			const char *d =
			    cmark_node_get_type(c) == CMARK_NODE_EMPH ? "*"
								      : "**";
			S_push_run(g, cap, RUN_OPEN, d, strlen(d));
			S_inlines(c, g, cap);
			S_push_run(g, cap, RUN_CLOSE, d, strlen(d));
			break;
		}
		case CMARK_NODE_IMAGE:
			/* The description is text for a reader who does not
			 * see the image: it is translated like a link's. */
			S_push_run(g, cap, RUN_OPEN, "![", 2);
			S_inlines(c, g, cap);
			buf_puts(&b, "](");
			S_dest(cmark_node_get_url(c), cmark_node_get_title(c),
			       &b);
			buf_putc(&b, ')');
			S_push_run(g, cap, RUN_CLOSE, b.ptr, b.len);
			break;
		case CMARK_NODE_LINK: {
			const char *url = cmark_node_get_url(c);
			cmark_node *only = cmark_node_first_child(c);
			const char *text =
			    only && !cmark_node_next(only) &&
				    cmark_node_get_type(only) == CMARK_NODE_TEXT
				? cmark_node_get_literal(only)
				: NULL;
			/* An autolink is one code: its text is its address. */
			if (text && (!strcmp(url, text) ||
				     (!strncmp(url, "mailto:", 7) &&
				      !strcmp(url + 7, text)))) {
				buf_printf(&b, "<%s>", text);
				S_push_run(g, cap, RUN_PH, b.ptr, b.len);
			} else if (text && !strncmp(url, "http://", 7) &&
				   !strcmp(url + 7, text) &&
				   !strncmp(text, "www.", 4)) {
				S_push_run(g, cap, RUN_PH, text, strlen(text));
			} else {
				S_push_run(g, cap, RUN_OPEN, "[", 1);
				S_inlines(c, g, cap);
				buf_puts(&b, "](");
				S_dest(url, cmark_node_get_title(c), &b);
				buf_putc(&b, ')');
				S_push_run(g, cap, RUN_CLOSE, b.ptr, b.len);
			}
			break;
		}
		default:
			if (!strcmp(type, "strikethrough")) {
				S_push_run(g, cap, RUN_OPEN, "~~", 2);
				S_inlines(c, g, cap);
				S_push_run(g, cap, RUN_CLOSE, "~~", 2);
			} else if (lit) {
				S_push_run(g, cap, RUN_PH, lit, strlen(lit));
			}
			break;
		}
	}
	buf_release(&b);
}

/* The text before offset o on its line, with everything but '>' and tabs
 * turned into spaces: what a further line of the same paragraph starts
 * with. */
static char *S_prefix(const struct S_body *b, size_t o, size_t *col)
{
	size_t ls = o;
	while (ls > b->body && b->text[ls - 1] != '\n')
		ls--;
	char *p = xstrndup(b->text + ls, o - ls);
	size_t chars = 0;
	for (char *q = p; *q; q++) {
		if (((unsigned char)*q & 0xC0) != 0x80)
			chars++;
		if (*q != '>' && *q != '\t')
			*q = ' ';
	}
	/* Multi-byte characters became several spaces; a marker is ASCII, so
	 * this only matters for odd input, and then more indentation is
	 * harmless. */
	*col = chars;
	return p;
}

static void S_leaf(struct S_body *b, struct segments *s, size_t *cap,
		   cmark_node *n, const char *id, enum seg_where where)
{
	struct segment *g = S_add(s, cap);
	snprintf(g->id, sizeof g->id, "%s", id);
	g->where = where;
	g->present = 1;
	int sl = cmark_node_get_start_line(n),
	    sc = cmark_node_get_start_column(n);
	int el = cmark_node_get_end_line(n), ec = cmark_node_get_end_column(n);
	size_t a = S_off(b, sl, sc), z;
	if (where == SEG_PARA) {
		z = S_off(b, el, ec) + 1;
	} else if (where == SEG_CELL) {
		z = S_off(b, sl, ec) + 1;
		S_trim(b->text, &a, &z);
	} else if (a < b->len && b->text[a] == '#') {
		/* ATX: after the opening #s, before an optional closing run. */
		z = S_line_end(b, a);
		while (a < z && b->text[a] == '#')
			a++;
		S_trim(b->text, &a, &z);
		size_t h = z;
		while (h > a && b->text[h - 1] == '#')
			h--;
		if (h == a || b->text[h - 1] == ' ' || b->text[h - 1] == '\t') {
			z = h;
			S_trim(b->text, &a, &z);
		}
	} else {
		/* Setext: the lines before the underline. */
		size_t o = a, last = S_line_end(b, a);
		while (o < b->len) {
			size_t e = S_line_end(b, o);
			size_t x = o;
			while (x < e && b->text[x] == ' ')
				x++;
			size_t y = x;
			while (y < e &&
			       (b->text[y] == '=' || b->text[y] == '-'))
				y++;
			size_t w = y;
			while (w < e &&
			       (b->text[w] == ' ' || b->text[w] == '\t'))
				w++;
			if (o > a && y > x && w == e)
				break;
			last = e;
			o = e;
			while (o < b->len && b->text[o] != '\n')
				o++;
			o++;
		}
		z = last;
		S_trim(b->text, &a, &z);
	}
	if (z < a)
		z = a;
	g->start = a;
	g->end = z;
	g->line = b->line0 + (sl > 0 ? sl - 1 : 0);
	g->prefix = S_prefix(b, a, &g->col);
	size_t rc = 0;
	S_inlines(n, g, &rc);
}

static void S_blocks(struct S_body *b, struct segments *s, size_t *cap,
		     cmark_node *n, int in_item)
{
	char id[48];
	for (cmark_node *c = cmark_node_first_child(n); c;
	     c = cmark_node_next(c)) {
		const char *type = cmark_node_get_type_string(c);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_PARAGRAPH:
			buf_putc(&b->shape, 'P');
			if (in_item)
				snprintf(id, sizeof id, "li%d", ++b->nli);
			else
				snprintf(id, sizeof id, "p%d", ++b->np);
			S_leaf(b, s, cap, c, id, SEG_PARA);
			break;
		case CMARK_NODE_HEADING:
			buf_printf(&b->shape, "H%d",
				   cmark_node_get_heading_level(c));
			snprintf(id, sizeof id, "h%d", ++b->nh);
			S_leaf(b, s, cap, c, id, SEG_HEADING);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			buf_puts(&b->shape, "Q(");
			S_blocks(b, s, cap, c, in_item);
			buf_putc(&b->shape, ')');
			break;
		case CMARK_NODE_LIST:
			buf_puts(&b->shape, "L(");
			S_blocks(b, s, cap, c, in_item);
			buf_putc(&b->shape, ')');
			break;
		case CMARK_NODE_ITEM:
			buf_puts(&b->shape, "I(");
			S_blocks(b, s, cap, c, 1);
			buf_putc(&b->shape, ')');
			break;
		case CMARK_NODE_CODE_BLOCK:
			buf_putc(&b->shape, 'C');
			break;
		case CMARK_NODE_HTML_BLOCK:
			buf_putc(&b->shape, 'X');
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			buf_putc(&b->shape, 'T');
			break;
		default:
			if (!strcmp(type, "table")) {
				int t = ++b->nt, r = 0;
				buf_puts(&b->shape, "B(");
				for (cmark_node *row =
					 cmark_node_first_child(c);
				     row; row = cmark_node_next(row)) {
					int col = 0;
					r++;
					buf_puts(&b->shape, "R(");
					for (cmark_node *cell =
						 cmark_node_first_child(row);
					     cell;
					     cell = cmark_node_next(cell)) {
						snprintf(id, sizeof id,
							 "td%d.%d.%d", t, r,
							 ++col);
						buf_putc(&b->shape, 'c');
						S_leaf(b, s, cap, cell, id,
						       SEG_CELL);
					}
					buf_putc(&b->shape, ')');
				}
				buf_putc(&b->shape, ')');
			} else {
				buf_putc(&b->shape, '?');
			}
			break;
		}
	}
}

int segments_split(const char *text, size_t len, struct segments *s)
{
	memset(s, 0, sizeof *s);
	const char *p = text, *end = text + len;
	if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	size_t open = page_fence(p, end, 0);
	if (!open)
		return -1;
	const char *y = p + open, *q = y;
	size_t close = 0;
	while (q < end && !(close = page_fence(q, end, 1))) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		q = nl ? nl + 1 : end;
	}
	if (!close)
		return -1;
	s->fm_open = (size_t)(y - text);
	s->fm_end = (size_t)(q - text);
	s->body = (size_t)(q + close - text);
	size_t cap = 0;
	if (S_front_matter(text, s, &cap, 2) != 0) {
		segments_release(s);
		return -1;
	}

	struct S_body b = {0};
	b.text = text;
	b.body = s->body;
	b.len = len;
	b.line0 = 1 + S_count_lines(text, text + s->body);
	buf_init(&b.shape);
	size_t lcap = 64;
	b.lines = xmalloc(lcap * sizeof *b.lines);
	b.lines[b.nlines++] = s->body;
	for (size_t i = s->body; i < len; i++)
		if (text[i] == '\n') {
			if (b.nlines == lcap) {
				lcap *= 2;
				b.lines =
				    xrealloc(b.lines, lcap * sizeof *b.lines);
			}
			b.lines[b.nlines++] = i + 1;
		}
	cmark_node *doc = markdown_parse(text + s->body, len - s->body);
	S_blocks(&b, s, &cap, doc, 0);
	cmark_node_free(doc);
	free(b.lines);
	s->shape = buf_detach(&b.shape);

	struct buf k = BUF_INIT;
	for (size_t i = 0; i < s->n; i++) {
		buf_truncate(&k, 0);
		runs_key(s->v[i].runs, s->v[i].nruns, &k);
		s->v[i].key = xstrdup(k.ptr);
	}
	buf_release(&k);
	return 0;
}

void runs_free(struct run *runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(runs[i].s);
	free(runs);
}

void segments_release(struct segments *s)
{
	for (size_t i = 0; i < s->n; i++) {
		runs_free(s->v[i].runs, s->v[i].nruns);
		free(s->v[i].prefix);
		free(s->v[i].key);
	}
	free(s->v);
	free(s->shape);
	memset(s, 0, sizeof *s);
}

const struct segment *segments_find(const struct segments *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].id, id))
			return &s->v[i];
	return NULL;
}

void runs_key(const struct run *runs, size_t n, struct buf *out)
{
	/* Whitespace is compared as Markdown reads it: a run of it is one
	 * space, and none at the ends, so that a translation tool that lays
	 * out the XML anew changes nothing. Code data is compared as is. */
	static const char mark[] = {'t', 'o', 'c', 'p'};
	size_t start = out->len;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		if (runs[i].kind != RUN_TEXT) {
			if (space)
				buf_putc(out, ' ');
			space = 0;
			buf_putc(out, '\x01');
			buf_putc(out, mark[runs[i].kind]);
			buf_puts(out, runs[i].s);
			buf_putc(out, '\x02');
			continue;
		}
		for (const char *p = runs[i].s; *p; p++) {
			if (strchr(" \t\r\n", *p)) {
				space = out->len > start;
				continue;
			}
			if (space)
				buf_putc(out, ' ');
			space = 0;
			buf_putc(out, *p);
		}
	}
}

/* ---- writing a segment back ---- */

static int S_alnum_at(const char *s, size_t i, size_t n)
{
	if (i >= n)
		return 0;
	unsigned char c = (unsigned char)s[i];
	return c >= 0x80 || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Text escaped so that Markdown reads it back as the same characters. */
static void S_escape(const char *t, int cell, struct buf *out)
{
	size_t n = strlen(t);
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		int esc = 0;
		if (strchr("\\`*[]<~", c))
			esc = 1;
		else if (c == '|' && cell)
			esc = 1;
		else if (c == '_')
			esc = !(i > 0 && S_alnum_at(t, i - 1, n) &&
				S_alnum_at(t, i + 1, n));
		else if (c == '&') {
			/* Only where it would start an entity. */
			size_t j = i + 1;
			if (j < n && t[j] == '#')
				j++;
			while (j < n && S_alnum_at(t, j, n) &&
			       (unsigned char)t[j] < 0x80)
				j++;
			esc = j > i + 1 && j < n && t[j] == ';';
		}
		if (c == '\n' || c == '\r')
			c = ' ';
		if (esc)
			buf_putc(out, '\\');
		buf_putc(out, c);
	}
}

static void S_insert(struct buf *out, size_t at, char c)
{
	buf_putc(out, c);
	memmove(out->ptr + at + 1, out->ptr + at, out->len - 1 - at);
	out->ptr[at] = c;
}

/* At the start of a line, characters that would begin another block. */
static void S_line_start(struct buf *out, size_t at)
{
	const char *s = out->ptr + at;
	size_t n = out->len - at;
	if (!n)
		return;
	if (strchr("#>-+=", s[0])) {
		S_insert(out, at, '\\');
		return;
	}
	size_t d = 0;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d && d < n && (s[d] == '.' || s[d] == ')'))
		S_insert(out, at + d, '\\');
}

static size_t S_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static void S_yaml_scalar(const struct segment *seg, const char *v,
			  struct buf *out)
{
	static const char *const special[] = {"true", "false", "null", "yes",
					      "no",   "on",    "off",  "~"};
	size_t n = strlen(v);
	int quote = !n || strchr("-?:,[]{}#&*!|>'\"%@` \t", v[0]) ||
		    v[n - 1] == ' ' || v[n - 1] == ':' || strstr(v, ": ") ||
		    strstr(v, " #") || strpbrk(v, "\n\r\t\"\\") ||
		    (seg->flow && strpbrk(v, ",[]{}"));
	if (!quote && strspn(v, "0123456789+-.eE") == n)
		quote = 1;
	for (size_t i = 0; !quote && i < sizeof special / sizeof *special; i++)
		quote = !strcasecmp(v, special[i]);
	if (!quote) {
		buf_puts(out, v);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(out, '\\');
		/* A title or a label is one line. */
		buf_putc(out,
			 *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
	}
	buf_putc(out, '"');
}

void segment_write(const struct segment *seg, const struct run *runs, size_t n,
		   struct buf *out)
{
	if (seg->where == SEG_YAML) {
		struct buf v = BUF_INIT;
		for (size_t i = 0; i < n; i++)
			if (runs[i].kind == RUN_TEXT)
				buf_puts(&v, runs[i].s);
		size_t a = 0, z = v.len;
		S_trim(v.ptr, &a, &z);
		char *t = xstrndup(v.ptr + a, z - a);
		S_yaml_scalar(seg, t, out);
		free(t);
		buf_release(&v);
		return;
	}
	/* Words: text between spaces, codes glued to their neighbours. A
	 * paragraph breaks its lines at the spaces; headings and cells stay on
	 * one line. */
	int cell = seg->where == SEG_CELL;
	size_t width = seg->where == SEG_PARA ? 80 : (size_t)-1;
	struct buf word = BUF_INIT;
	size_t line_start = out->len, col = seg->col, start = out->len;
	int pending_space = 0, first = 1, hard = 0;
	for (size_t i = 0; i <= n; i++) {
		const char *t =
		    i < n && runs[i].kind == RUN_TEXT ? runs[i].s : NULL;
		/* Walk the text run word by word; a code is part of a word. */
		const char *p = t ? t : "";
		for (;;) {
			size_t sp = strcspn(p, " \n\t");
			int at_space = t && p[sp];
			if (t) {
				char *w = xstrndup(p, sp);
				S_escape(w, cell, &word);
				free(w);
			} else if (i < n) {
				const char *d = runs[i].s;
				size_t dl = strlen(d);
				if (dl && d[dl - 1] == '\n') {
					buf_put(&word, d, dl - 1);
					hard = 1;
				} else {
					buf_puts(&word, d);
				}
			}
			if ((at_space || i == n || hard) && word.len) {
				size_t wc = S_chars(word.ptr, word.len);
				if (!first && pending_space) {
					/* Raw HTML ("<!-- nolink -->") that
					 * began a line would begin an HTML
					 * block and split the paragraph: it
					 * stays on the line, however long. */
					if (col + 1 + wc > width &&
					    word.ptr[0] != '<') {
						buf_putc(out, '\n');
						buf_puts(out, seg->prefix
								  ? seg->prefix
								  : "");
						col = S_chars(
						    seg->prefix ? seg->prefix
								: "",
						    seg->prefix
							? strlen(seg->prefix)
							: 0);
						line_start = out->len;
					} else {
						buf_putc(out, ' ');
						col++;
					}
				}
				size_t at = out->len;
				buf_put(out, word.ptr, word.len);
				if (at == line_start)
					S_line_start(out, at);
				col += wc;
				buf_truncate(&word, 0);
				first = 0;
				pending_space = 0;
				if (hard) {
					buf_putc(out, '\n');
					buf_puts(out, seg->prefix ? seg->prefix
								  : "");
					col = seg->prefix
						  ? S_chars(seg->prefix,
							    strlen(seg->prefix))
						  : 0;
					line_start = out->len;
					first = 1;
					hard = 0;
				}
			}
			if (at_space) {
				pending_space = 1;
				p += sp + 1;
				continue;
			}
			break;
		}
	}
	buf_release(&word);
	/* A heading's last '#' would read as its closing sequence. */
	if (seg->where == SEG_HEADING && out->len > start &&
	    out->ptr[out->len - 1] == '#') {
		out->ptr[out->len - 1] = '\\';
		buf_putc(out, '#');
	}
}
