/* XLIFF 2.0 export and import of pages. A translation file is its own
 * skeleton: each segment is a byte range of the file, and import replaces
 * only the ranges whose target differs from what the file says, so a file
 * exported and imported unchanged gives back every page byte for byte.
 * Segments line up with the source by their place in the page (segment.h);
 * a translation whose body has other blocks than its source is exported
 * without body targets and is rebuilt from the source's blocks on import. */
#include "xliff.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "segment.h"
#include "source.h"
#include "status.h"

#define XLIFF_NS "urn:oasis:names:tc:xliff:document:2.0"

/* ---- shared ---- */

/* The page's path inside its language folder: "ansvar/kommunen.md". */
static const char *S_md(const struct page *p)
{
	const char *s = p->path;
	if (!strncmp(s, "content/", 8)) {
		const char *slash = strchr(s + 8, '/');
		if (slash)
			return slash + 1;
	}
	return s;
}

/* Code matching: which source code each code of other runs stands for.
 * Codes are numbered from 1 in the order they open; a code of another
 * segment is the first unused source code with the same Markdown. Returns
 * in num[i] (for each run i that opens or is a code) its source code's
 * number, or 0. */
static void S_match(const struct run *src, size_t ns, const struct run *r,
		    size_t n, int *num)
{
	/* For each source code: its opening data, closing data (or NULL). */
	size_t nc = 0;
	const char **open = xcalloc(ns + 1, sizeof *open);
	const char **close = xcalloc(ns + 1, sizeof *close);
	int *used = xcalloc(ns + 1, sizeof *used);
	size_t *stack = xcalloc(ns + 1, sizeof *stack), sp = 0;
	for (size_t i = 0; i < ns; i++) {
		if (src[i].kind == RUN_OPEN || src[i].kind == RUN_PH)
			open[nc++] = src[i].s;
		if (src[i].kind == RUN_OPEN)
			stack[sp++] = nc - 1;
		else if (src[i].kind == RUN_CLOSE && sp)
			close[stack[--sp]] = src[i].s;
	}
	/* The other runs' closing data, found by pairing. */
	const char **rclose = xcalloc(n + 1, sizeof *rclose);
	size_t *rstack = xcalloc(n + 1, sizeof *rstack), rsp = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind == RUN_OPEN)
			rstack[rsp++] = i;
		else if (r[i].kind == RUN_CLOSE && rsp)
			rclose[rstack[--rsp]] = r[i].s;
	}
	for (size_t i = 0; i < n; i++) {
		num[i] = 0;
		if (r[i].kind != RUN_OPEN && r[i].kind != RUN_PH)
			continue;
		for (size_t c = 0; c < nc; c++) {
			if (used[c] || strcmp(open[c], r[i].s))
				continue;
			if ((r[i].kind == RUN_PH) != !close[c])
				continue;
			if (close[c] &&
			    (!rclose[i] || strcmp(close[c], rclose[i])))
				continue;
			used[c] = 1;
			num[i] = (int)c + 1;
			break;
		}
	}
	free(open);
	free(close);
	free(used);
	free(stack);
	free(rclose);
	free(rstack);
}

/* ---- export ---- */

static void S_xml_text(struct buf *out, const char *s, int attr)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			buf_puts(out, "&amp;");
		else if (c == '<')
			buf_puts(out, "&lt;");
		else if (c == '>')
			buf_puts(out, "&gt;");
		else if (attr && c == '"')
			buf_puts(out, "&quot;");
		else if (attr && c == '\n')
			buf_puts(out, "&#10;");
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			buf_printf(out, "<cp hex=\"%04X\"/>", c);
		else if (c == '\r')
			buf_puts(out, "&#13;");
		else
			buf_putc(out, (char)c);
	}
}

struct S_data {
	const char **v; /* distinct strings; data id "d<i+1>" */
	size_t n, cap;
};

static size_t S_data_id(struct S_data *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i], s))
			return i + 1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = s;
	return d->n;
}

/* Writes runs as inline content; num gives each code's id (0: a new id from
 * *next). */
static void S_inline(struct buf *out, const struct run *r, size_t n,
		     const int *num, int *next, struct S_data *data)
{
	size_t *pair = xcalloc(n + 1, sizeof *pair),
	       *stack = xcalloc(n + 1, sizeof *stack), sp = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind == RUN_OPEN)
			stack[sp++] = i;
		else if (r[i].kind == RUN_CLOSE && sp)
			pair[stack[--sp]] = i;
	}
	for (size_t i = 0; i < n; i++) {
		int id = num && num[i] ? num[i] : 0;
		switch (r[i].kind) {
		case RUN_TEXT:
			S_xml_text(out, r[i].s, 0);
			break;
		case RUN_OPEN: {
			if (!id)
				id = (*next)++;
			size_t a = S_data_id(data, r[i].s);
			size_t z = S_data_id(data, r[pair[i]].s);
			buf_printf(out,
				   "<pc id=\"%d\" dataRefStart=\"d%zu\" "
				   "dataRefEnd=\"d%zu\">",
				   id, a, z);
			break;
		}
		case RUN_CLOSE:
			buf_puts(out, "</pc>");
			break;
		case RUN_PH:
			if (!id)
				id = (*next)++;
			buf_printf(out, "<ph id=\"%d\" dataRef=\"d%zu\"/>", id,
				   S_data_id(data, r[i].s));
			break;
		}
	}
	free(pair);
	free(stack);
}

static size_t S_ncodes(const struct run *r, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += r[i].kind == RUN_OPEN || r[i].kind == RUN_PH;
	return k;
}

static void S_unit(struct buf *out, const struct segment *sg,
		   const struct segment *tg, const char *state)
{
	struct S_data data = {0};
	struct buf src = BUF_INIT, trg = BUF_INIT;
	int next = (int)S_ncodes(sg->runs, sg->nruns) + 1;
	int *num = xcalloc(sg->nruns + 1, sizeof *num);
	int k = 0;
	for (size_t i = 0; i < sg->nruns; i++)
		if (sg->runs[i].kind == RUN_OPEN || sg->runs[i].kind == RUN_PH)
			num[i] = ++k;
	S_inline(&src, sg->runs, sg->nruns, num, &next, &data);
	free(num);
	if (tg) {
		num = xcalloc(tg->nruns + 1, sizeof *num);
		S_match(sg->runs, sg->nruns, tg->runs, tg->nruns, num);
		S_inline(&trg, tg->runs, tg->nruns, num, &next, &data);
		free(num);
	}
	buf_printf(out, "    <unit id=\"%s\" xml:space=\"preserve\">\n",
		   sg->id);
	if (data.n) {
		buf_puts(out, "      <originalData>\n");
		for (size_t i = 0; i < data.n; i++) {
			buf_printf(out, "        <data id=\"d%zu\">", i + 1);
			S_xml_text(out, data.v[i], 0);
			buf_puts(out, "</data>\n");
		}
		buf_puts(out, "      </originalData>\n");
	}
	if (tg)
		buf_printf(out, "      <segment state=\"%s\">\n", state);
	else
		buf_puts(out, "      <segment>\n");
	buf_printf(out, "        <source>%s</source>\n", src.ptr);
	if (tg)
		buf_printf(out, "        <target>%s</target>\n", trg.ptr);
	buf_puts(out, "      </segment>\n    </unit>\n");
	free(data.v);
	buf_release(&src);
	buf_release(&trg);
}

/* The text of the source page as the translation's 'source:' names it, from
 * git; NULL (with why) when git cannot give it. */
static char *S_old_source(const struct page *tp, size_t *len, const char **why)
{
	struct source_ref r;
	if (!tp->fm.source || source_parse(tp->fm.source, &r) != 0 ||
	    !r.blob[0]) {
		*why = "its 'source:' names no git blob";
		return NULL;
	}
	char cmd[96];
	snprintf(cmd, sizeof cmd, "git cat-file blob %s 2>/dev/null", r.blob);
	FILE *f = popen(cmd, "r");
	if (!f) {
		*why = "git cannot be run";
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	if (pclose(f) != 0) {
		buf_release(&b);
		*why = "git has no such object here";
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

static void S_file_id(struct buf *out, const char *md)
{
	/* An NMTOKEN: the path with its '/' as ':' (names are a-z, 0-9, '-',
	 * '_' and '.' otherwise). */
	for (; *md; md++)
		buf_putc(out, *md == '/' ? ':' : *md);
}

int xliff_export(const struct site *s, size_t lang, int changed,
		 struct buf *out, struct xliff_stats *st, struct diags *d)
{
	const struct config *cfg = s->cfg;
	memset(st, 0, sizeof *st);
	buf_printf(out,
		   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<xliff xmlns=\"" XLIFF_NS
		   "\" version=\"2.0\" srcLang=\"%s\" "
		   "trgLang=\"%s\">\n",
		   cfg->langs[cfg->source].tag, cfg->langs[lang].tag);
	struct buf file = BUF_INIT;
	for (size_t i = 0; i < s->nsets; i++) {
		const struct tset *t = s->sets[i];
		const struct page *sp = t->by_lang[cfg->source];
		const struct page *tp = t->by_lang[lang];
		if (!sp)
			continue;
		enum tr_state state = tr_state_of(s, t, lang);
		if (changed && state == TR_CURRENT)
			continue;
		struct segments ss, ts = {0};
		if (segments_split(sp->text, sp->len, &ss) != 0)
			continue; /* the build reports it */
		if (tp && segments_split(tp->text, tp->len, &ts) != 0)
			tp = NULL;
		int aligned = tp && !strcmp(ss.shape, ts.shape);
		/* The old source's segments, to leave out what is unchanged. */
		struct segments old = {0};
		int have_old = 0;
		if (changed && tp) {
			size_t olen = 0;
			const char *why = NULL;
			char *otext = S_old_source(tp, &olen, &why);
			if (otext && segments_split(otext, olen, &old) == 0)
				have_old = 1;
			else
				diags_add(d, SEV_WARNING, tp->path, 0, 0,
					  "cannot read the source as it was "
					  "translated (%s): every segment of "
					  "the page is exported",
					  why ? why : "it does not parse");
			free(otext);
		}
		buf_truncate(&file, 0);
		size_t units = 0;
		for (size_t k = 0; k < ss.n; k++) {
			const struct segment *sg = &ss.v[k];
			if (!sg->present || !sg->nruns)
				continue;
			int yaml = sg->where == SEG_YAML;
			const struct segment *tg =
			    tp && (yaml || aligned) ? segments_find(&ts, sg->id)
						    : NULL;
			if (tg && !tg->present)
				tg = NULL;
			if (have_old && (yaml || aligned)) {
				/* Unchanged: the old source said it somewhere
				 * (a paragraph that only moved is no work). */
				int same = 0;
				for (size_t o = 0; o < old.n && !same; o++)
					same = old.v[o].present &&
					       !strcmp(old.v[o].key, sg->key);
				if (same)
					continue;
			}
			S_unit(&file, sg, tg,
			       state == TR_CURRENT ? "translated" : "initial");
			units++;
			st->targets += tg != NULL;
		}
		if (units) {
			buf_puts(out, "  <file id=\"");
			S_file_id(out, S_md(sp));
			buf_puts(out, "\" original=\"");
			S_xml_text(out, sp->path, 1);
			/* Tools that lay out the target by its direction. */
			buf_puts(out, cfg->langs[lang].rtl
					  ? "\" trgDir=\"rtl\">\n"
					  : "\">\n");
			const char *note =
			    !tp ? "Not translated yet: give every unit a "
				  "target, and the translation is written "
				  "from them."
			    : !aligned
				? "The translation's blocks differ from the "
				  "source's: its body is rebuilt from the "
				  "source's blocks, so give every unit of the "
				  "body a target."
			    : state == TR_STALE
				? "The source changed since the translation: "
				  "mark each checked unit as translated."
				: NULL;
			if (note)
				buf_printf(out,
					   "    <notes>\n      <note "
					   "category=\"skylt\">%s</note>\n"
					   "    </notes>\n",
					   note);
			buf_put(out, file.ptr, file.len);
			buf_puts(out, "  </file>\n");
			st->pages++;
			st->units += units;
			st->misaligned += tp && !aligned;
			st->missing += !tp;
		} else if (have_old) {
			/* Stale, yet every segment reads as before: only the
			 * Markdown's layout changed. */
			char v[SOURCE_VALUE_LEN + 1];
			source_value(sp, v);
			diags_add(
			    d, SEV_WARNING, tp->path, 0, 0,
			    "stale, but no segment of the source changed "
			    "since the translation (only its layout did): "
			    "nothing to translate; set its 'source:' to "
			    "'%s'",
			    v);
		}
		segments_release(&ss);
		segments_release(&ts);
		segments_release(&old);
	}
	buf_release(&file);
	buf_puts(out, "</xliff>\n");
	if (!st->pages) {
		/* XLIFF needs at least one <file>: an empty one says there is
		 * nothing to do. */
		buf_truncate(out, 0);
		buf_printf(out,
			   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<xliff xmlns=\"" XLIFF_NS "\" version=\"2.0\" "
			   "srcLang=\"%s\" trgLang=\"%s\">\n"
			   "  <file id=\"nothing\" translate=\"no\">\n"
			   "    <unit id=\"nothing\">\n"
			   "      <segment><source/></segment>\n"
			   "    </unit>\n  </file>\n</xliff>\n",
			   cfg->langs[cfg->source].tag, cfg->langs[lang].tag);
	}
	return 0;
}

/* ---- import ---- */

static int S_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       !xmlStrcmp(n->name, BAD_CAST name) && n->ns &&
	       !xmlStrcmp(n->ns->href, BAD_CAST XLIFF_NS);
}

static const xmlNode *S_child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (S_is(c, name))
			return c;
	return NULL;
}

struct S_runs {
	struct run *v;
	size_t n, cap;
	char **ids; /* for each run: the code's id in the file, or NULL */
};

static void S_add_run(struct S_runs *r, enum run_kind k, const char *s,
		      char *id)
{
	if (k == RUN_TEXT && r->n && r->v[r->n - 1].kind == RUN_TEXT) {
		char *j = xasprintf("%s%s", r->v[r->n - 1].s, s);
		free(r->v[r->n - 1].s);
		r->v[r->n - 1].s = j;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
		r->ids = xrealloc(r->ids, r->cap * sizeof *r->ids);
	}
	r->v[r->n].kind = k;
	r->v[r->n].s = xstrdup(s);
	r->ids[r->n] = id; /* owned */
	r->n++;
}

static void S_runs_release(struct S_runs *r)
{
	runs_free(r->v, r->n);
	for (size_t i = 0; i < r->n; i++)
		free(r->ids[i]);
	free(r->ids);
	memset(r, 0, sizeof *r);
}

struct S_ctx {
	const char *path; /* the XLIFF file, for messages */
	struct diags *d;
	const xmlNode *data; /* the unit's <originalData> */
	const char *unit;
};

static char *S_data(struct S_ctx *c, const xmlNode *code, const char *attr)
{
	xmlChar *ref = xmlGetProp(code, BAD_CAST attr);
	xmlChar *id = xmlGetProp(code, BAD_CAST "id");
	char *val = NULL;
	for (const xmlNode *dn = c->data ? c->data->children : NULL; ref && dn;
	     dn = dn->next) {
		if (!S_is(dn, "data"))
			continue;
		xmlChar *did = xmlGetProp(dn, BAD_CAST "id");
		if (did && !xmlStrcmp(did, ref)) {
			xmlChar *content = xmlNodeGetContent(dn);
			val = xstrdup(content ? (char *)content : "");
			xmlFree(content);
		}
		xmlFree(did);
		if (val)
			break;
	}
	if (!val)
		diags_add(c->d, SEV_ERROR, c->path, (int)xmlGetLineNo(code), 0,
			  "unit '%s': inline code '%s' lost its original data "
			  "('%s' names none in <originalData>)",
			  c->unit, id ? (char *)id : "?", attr);
	xmlFree(ref);
	xmlFree(id);
	return val;
}

/* The code's id, owned by the caller; "" when it has none. */
static char *S_id_of(const xmlNode *n)
{
	xmlChar *id = xmlGetProp(n, BAD_CAST "id");
	char *v = xstrdup(id ? (char *)id : "");
	xmlFree(id);
	return v;
}

/* The inline content of a <source> or <target> as runs. Returns -1 when a
 * code has no original data (reported). */
static int S_read_inline(struct S_ctx *c, const xmlNode *n, struct S_runs *r)
{
	int rc = 0;
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) {
			S_add_run(r, RUN_TEXT, (const char *)k->content, NULL);
		} else if (S_is(k, "pc")) {
			char *a = S_data(c, k, "dataRefStart");
			char *z = S_data(c, k, "dataRefEnd");
			if (a && z) {
				S_add_run(r, RUN_OPEN, a, S_id_of(k));
				rc |= S_read_inline(c, k, r);
				S_add_run(r, RUN_CLOSE, z, NULL);
			} else {
				rc = -1;
			}
			free(a);
			free(z);
		} else if (S_is(k, "ph") || S_is(k, "sc") || S_is(k, "ec")) {
			char *v = S_data(c, k, "dataRef");
			if (v)
				S_add_run(r,
					  S_is(k, "ph")	  ? RUN_PH
					  : S_is(k, "sc") ? RUN_OPEN
							  : RUN_CLOSE,
					  v, S_is(k, "ec") ? NULL : S_id_of(k));
			else
				rc = -1;
			free(v);
		} else if (S_is(k, "cp")) {
			xmlChar *hex = xmlGetProp(k, BAD_CAST "hex");
			unsigned long cp =
			    hex ? strtoul((char *)hex, NULL, 16) : 0;
			xmlFree(hex);
			char u[5] = {0};
			if (cp < 0x80)
				u[0] = (char)cp;
			else if (cp < 0x800) {
				u[0] = (char)(0xC0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3F));
			} else {
				u[0] = (char)(0xE0 | ((cp >> 12) & 0x0F));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
			}
			if (u[0])
				S_add_run(r, RUN_TEXT, u, NULL);
		} else if (S_is(k, "mrk")) {
			rc |= S_read_inline(c, k, r);
		}
	}
	return rc;
}

/* One unit of the file, checked. */
struct S_tu {
	const struct segment *sg; /* the source segment */
	struct S_runs target;
	int has_target;
	int confirmed; /* marked translated (or better), or changed */
};

struct S_page {
	const struct tset *t;
	const struct page *sp, *tp;
	struct segments ss, ts;
	int aligned;
	struct S_tu *units;
	size_t n, cap;
	int line;
};

static void S_page_release(struct S_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		S_runs_release(&p->units[i].target);
	free(p->units);
	segments_release(&p->ss);
	segments_release(&p->ts);
}

static int S_check_unit(struct S_ctx *c, struct S_page *pg, const xmlNode *u)
{
	xmlChar *idp = xmlGetProp(u, BAD_CAST "id");
	const char *id = idp ? (const char *)idp : "";
	int line = (int)xmlGetLineNo(u), rc = 0;
	c->unit = id;
	c->data = S_child(u, "originalData");
	const struct segment *sg = segments_find(&pg->ss, id);
	const xmlNode *seg = S_child(u, "segment");
	const xmlNode *src = S_child(seg, "source");
	const xmlNode *trg = S_child(seg, "target");
	for (size_t i = 0; i < pg->n; i++)
		if (pg->units[i].sg == sg)
			sg = NULL, rc = -2;
	if (!sg || !sg->present || !src) {
		diags_add(c->d, SEV_ERROR, c->path, line, 0,
			  rc == -2 ? "unit '%s' comes twice in page '%s'"
				   : "unit '%s' is not a segment of '%s' (the "
				     "source changed since the export: export "
				     "again)",
			  id, pg->sp->path);
		xmlFree(idp);
		return -1;
	}
	struct S_runs sr = {0}, tr = {0};
	if (S_read_inline(c, src, &sr) != 0 ||
	    (trg && S_read_inline(c, trg, &tr) != 0)) {
		rc = -1;
	} else {
		struct buf k = BUF_INIT;
		runs_key(sr.v, sr.n, &k);
		if (strcmp(k.ptr, sg->key)) {
			diags_add(c->d, SEV_ERROR, c->path,
				  (int)xmlGetLineNo(src), 0,
				  "unit '%s' of '%s': the source no longer "
				  "says this (it changed since the export): "
				  "export again",
				  id, pg->sp->path);
			rc = -1;
		}
		buf_release(&k);
	}
	if (!rc && trg) {
		int empty = 1;
		for (size_t i = 0; i < tr.n && empty; i++)
			empty = tr.v[i].kind == RUN_TEXT &&
				!tr.v[i].s[strspn(tr.v[i].s, " \t\r\n")];
		if (empty) {
			/* An empty paragraph would vanish from the page, and
			 * with it the page's match with its source. */
			diags_add(c->d, SEV_ERROR, c->path,
				  (int)xmlGetLineNo(trg), 0,
				  "unit '%s' of '%s': the target is empty "
				  "(leave the <target> out for no translation)",
				  id, pg->sp->path);
			rc = -1;
		}
	}
	if (!rc && trg) {
		/* Codes the target must keep: every code of the source that
		 * the translation has now (all of them, where there is no
		 * translation of this segment yet). */
		const struct segment *tg =
		    pg->tp && (sg->where == SEG_YAML || pg->aligned)
			? segments_find(&pg->ts, sg->id)
			: NULL;
		if (tg && !tg->present)
			tg = NULL;
		size_t nc = S_ncodes(sg->runs, sg->nruns);
		int *keep = xcalloc(nc + 1, sizeof *keep);
		if (tg) {
			int *num = xcalloc(tg->nruns + 1, sizeof *num);
			S_match(sg->runs, sg->nruns, tg->runs, tg->nruns, num);
			for (size_t i = 0; i < tg->nruns; i++)
				if (num[i])
					keep[num[i] - 1] = 1;
			free(num);
		} else {
			for (size_t i = 0; i < nc; i++)
				keep[i] = 1;
		}
		/* The file's ids of the source's codes, in order. */
		size_t ci = 0;
		for (size_t i = 0; i < sr.n && !rc; i++) {
			if (sr.v[i].kind != RUN_OPEN && sr.v[i].kind != RUN_PH)
				continue;
			const char *fid = sr.ids[i] ? sr.ids[i] : "";
			int found = 0;
			for (size_t j = 0; j < tr.n && !found; j++)
				found = tr.ids[j] && !strcmp(tr.ids[j], fid) &&
					(tr.v[j].kind == RUN_OPEN ||
					 tr.v[j].kind == RUN_PH);
			if (keep[ci] && !found) {
				diags_add(c->d, SEV_ERROR, c->path,
					  (int)xmlGetLineNo(trg), 0,
					  "unit '%s' of '%s': the target lost "
					  "inline code '%s' ('%s'): put it "
					  "back around the words it marks",
					  id, pg->sp->path, fid, sr.v[i].s);
				rc = -1;
			}
			ci++;
		}
		free(keep);
		if (!rc) {
			xmlChar *state = xmlGetProp(seg, BAD_CAST "state");
			int confirmed =
			    state &&
			    (!xmlStrcmp(state, BAD_CAST "translated") ||
			     !xmlStrcmp(state, BAD_CAST "reviewed") ||
			     !xmlStrcmp(state, BAD_CAST "final"));
			xmlFree(state);
			struct buf k = BUF_INIT;
			runs_key(tr.v, tr.n, &k);
			if (!tg || strcmp(k.ptr, tg->key))
				confirmed = 1;
			buf_release(&k);
			if (pg->n == pg->cap) {
				pg->cap = pg->cap ? pg->cap * 2 : 16;
				pg->units = xrealloc(
				    pg->units, pg->cap * sizeof *pg->units);
			}
			struct S_tu *tu = &pg->units[pg->n++];
			tu->sg = sg;
			tu->target = tr;
			tu->has_target = 1;
			tu->confirmed = confirmed;
			memset(&tr, 0, sizeof tr);
		}
	} else if (!rc) {
		if (pg->n == pg->cap) {
			pg->cap = pg->cap ? pg->cap * 2 : 16;
			pg->units =
			    xrealloc(pg->units, pg->cap * sizeof *pg->units);
		}
		struct S_tu *tu = &pg->units[pg->n++];
		memset(tu, 0, sizeof *tu);
		tu->sg = sg;
	}
	S_runs_release(&sr);
	S_runs_release(&tr);
	xmlFree(idp);
	return rc;
}

struct S_edit {
	size_t start, end;
	char *text;
};

static int S_edit_cmp(const void *a, const void *b)
{
	const struct S_edit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void S_apply(const char *text, size_t a, size_t z, struct S_edit *e,
		    size_t n, struct buf *out)
{
	qsort(e, n, sizeof *e, S_edit_cmp);
	size_t at = a;
	for (size_t i = 0; i < n; i++) {
		buf_put(out, text + at, e[i].start - at);
		buf_puts(out, e[i].text);
		at = e[i].end;
	}
	buf_put(out, text + at, z - at);
}

/* The translation's new text in out; 1 to write it, 0 to leave the page
 * as it is, -1 when it cannot be written (reported). */
static int S_plan(const struct site *s, size_t lang, struct S_page *pg,
		  const char *xlf, struct buf *out, struct diags *d)
{
	size_t body_targets = 0, targets = 0, confirmed = 0;
	for (size_t i = 0; i < pg->n; i++) {
		int body = pg->units[i].sg->where != SEG_YAML;
		body_targets += body && pg->units[i].has_target;
		targets += pg->units[i].has_target;
		confirmed += pg->units[i].confirmed;
	}
	if (!targets)
		return 0;
	/* A body rebuilt from the source's blocks needs all of them. */
	int rebuild = body_targets && (!pg->tp || !pg->aligned);
	size_t need = 0;
	for (size_t k = 0; k < pg->ss.n; k++)
		need += pg->ss.v[k].present && pg->ss.v[k].nruns &&
			pg->ss.v[k].where != SEG_YAML;
	if ((rebuild || !pg->tp) && body_targets < need) {
		diags_add(d, SEV_WARNING, xlf, pg->line, 0,
			  "'%s' is not written: %zu of its %zu body units have "
			  "a target, and its body is built from all of them",
			  pg->sp->path, body_targets, need);
		return 0;
	}
	struct S_edit *edits = xcalloc(pg->n + 1, sizeof *edits);
	size_t ne = 0;
	int changed = 0, rc = 1;
	struct buf body = BUF_INIT, w = BUF_INIT;
	if (rebuild || !pg->tp) {
		struct S_edit *be = xcalloc(pg->n + 1, sizeof *be);
		size_t nb = 0;
		for (size_t i = 0; i < pg->n; i++) {
			const struct S_tu *tu = &pg->units[i];
			if (tu->sg->where == SEG_YAML || !tu->has_target)
				continue;
			buf_truncate(&w, 0);
			segment_write(tu->sg, tu->target.v, tu->target.n, &w);
			be[nb].start = tu->sg->start;
			be[nb].end = tu->sg->end;
			be[nb++].text = xstrdup(w.ptr);
		}
		S_apply(pg->sp->text, pg->ss.body, pg->sp->len, be, nb, &body);
		for (size_t i = 0; i < nb; i++)
			free(be[i].text);
		free(be);
		changed = 1;
	}
	if (!pg->tp) {
		/* A new translation: its front matter says what a translator
		 * translates, and the rest comes from the source. */
		const struct S_tu *title = NULL;
		for (size_t i = 0; i < pg->n; i++)
			if (!strcmp(pg->units[i].sg->id, "title") &&
			    pg->units[i].has_target)
				title = &pg->units[i];
		if (!title) {
			diags_add(d, SEV_WARNING, xlf, pg->line, 0,
				  "'%s' is not written: it has no title "
				  "target",
				  pg->sp->path);
			rc = 0;
		} else {
			buf_puts(out, "---\n");
			static const char *const keys[] = {"title", "summary",
							   "term"};
			for (size_t k = 0; k < 3; k++)
				for (size_t i = 0; i < pg->n; i++) {
					const struct S_tu *tu = &pg->units[i];
					if (strcmp(tu->sg->id, keys[k]) ||
					    !tu->has_target)
						continue;
					buf_printf(out, "%s: ", keys[k]);
					segment_write(tu->sg, tu->target.v,
						      tu->target.n, out);
					buf_putc(out, '\n');
				}
			char v[SOURCE_VALUE_LEN + 1];
			source_value(pg->sp, v);
			buf_printf(out, "source: %s\n---\n", v);
			buf_put(out, body.ptr, body.len);
		}
		goto done;
	}
	for (size_t i = 0; i < pg->n; i++) {
		const struct S_tu *tu = &pg->units[i];
		if (!tu->has_target || (tu->sg->where != SEG_YAML && rebuild))
			continue;
		const struct segment *tg = segments_find(&pg->ts, tu->sg->id);
		struct buf k = BUF_INIT;
		runs_key(tu->target.v, tu->target.n, &k);
		int same = tg && tg->present && !strcmp(k.ptr, tg->key);
		buf_release(&k);
		if (same)
			continue;
		buf_truncate(&w, 0);
		if (tg && tg->present) {
			segment_write(tg, tu->target.v, tu->target.n, &w);
			edits[ne].start = tg->start;
			edits[ne].end = tg->end;
		} else if (!strncmp(tu->sg->id, "label", 5)) {
			diags_add(d, SEV_ERROR, xlf, pg->line, 0,
				  "'%s' has no phone for unit '%s': add its "
				  "'phones' by hand first",
				  pg->tp->path, tu->sg->id);
			rc = -1;
			continue;
		} else {
			/* A key the translation lacks: a line of its own. */
			buf_printf(&w, "%s: ", tu->sg->id);
			segment_write(tu->sg, tu->target.v, tu->target.n, &w);
			buf_putc(&w, '\n');
			edits[ne].start = edits[ne].end = pg->ts.fm_end;
		}
		edits[ne++].text = xstrdup(w.ptr);
		changed = 1;
	}
	if (rebuild) {
		edits[ne].start = pg->ts.body;
		edits[ne].end = pg->tp->len;
		edits[ne++].text = xstrdup(body.ptr);
	}
	struct buf next = BUF_INIT;
	S_apply(pg->tp->text, 0, pg->tp->len, edits, ne, &next);
	int stale = tr_state_of(s, pg->t, lang) == TR_STALE;
	if ((changed || stale) && confirmed == pg->n) {
		char v[SOURCE_VALUE_LEN + 1];
		source_value(pg->sp, v);
		if (source_rewrite(next.ptr, next.len, v, out) != 0)
			buf_put(out, next.ptr, next.len);
	} else {
		buf_put(out, next.ptr, next.len);
		if (changed && stale)
			diags_add(d, SEV_WARNING, xlf, pg->line, 0,
				  "'%s' stays stale: %zu of its %zu units in "
				  "this file are not marked translated",
				  pg->tp->path, pg->n - confirmed, pg->n);
	}
	buf_release(&next);
	if (rc > 0 && out->len == pg->tp->len &&
	    !memcmp(out->ptr, pg->tp->text, out->len))
		rc = 0;
done:
	for (size_t i = 0; i < ne; i++)
		free(edits[i].text);
	free(edits);
	buf_release(&body);
	buf_release(&w);
	return rc;
}

/* The translation's file name: the source's, in the language's folder. */
static char *S_target_path(const struct site *s, size_t lang,
			   const struct page *sp)
{
	return xasprintf("content/%s/%s", s->cfg->langs[lang].code, S_md(sp));
}

static int S_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	free(p);
	return 0;
}

static int S_write(const char *path, const struct buf *b)
{
	char *tmp = xasprintf("%s.xliff-new", path);
	FILE *f = S_mkdirs(path) == 0 ? fopen(tmp, "wb") : NULL;
	int ok = f && fwrite(b->ptr, 1, b->len, f) == b->len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

int xliff_import(const struct site *s, const char *path, struct xliff_stats *st,
		 struct diags *d)
{
	const struct config *cfg = s->cfg;
	memset(st, 0, sizeof *st);
	struct buf raw = BUF_INIT;
	if (buf_read_file(&raw, path, NULL) != 0) {
		diags_add(d, SEV_ERROR, path, 0, 0, "cannot read: %s",
			  strerror(errno));
		return -1;
	}
	xmlDocPtr doc = xmlReadMemory(raw.ptr, (int)raw.len, path, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR |
					  XML_PARSE_NOWARNING);
	buf_release(&raw);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char *msg =
		    xstrdup(e && e->message ? e->message : "cannot parse");
		size_t n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		diags_add(d, SEV_ERROR, path, e ? e->line : 0, 0,
			  "malformed XLIFF: %s", msg);
		free(msg);
		return -1;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *version = root ? xmlGetProp(root, BAD_CAST "version") : NULL;
	xmlChar *src = root ? xmlGetProp(root, BAD_CAST "srcLang") : NULL;
	xmlChar *trg = root ? xmlGetProp(root, BAD_CAST "trgLang") : NULL;
	long lang = -1;
	for (size_t l = 0; trg && l < cfg->nlangs; l++)
		if (l != cfg->source && !strcmp((char *)trg, cfg->langs[l].tag))
			lang = (long)l;
	int rc = 0;
	if (!S_is(root, "xliff") || !version ||
	    strcmp((char *)version, "2.0")) {
		diags_add(d, SEV_ERROR, path,
			  root ? (int)xmlGetLineNo(root) : 0, 0,
			  "not an XLIFF 2.0 file: the root must be <xliff "
			  "xmlns=\"" XLIFF_NS "\" version=\"2.0\">");
		rc = -1;
	} else if (!src || strcmp((char *)src, cfg->langs[cfg->source].tag)) {
		diags_add(d, SEV_ERROR, path, (int)xmlGetLineNo(root), 0,
			  "srcLang is '%s', but the source language is '%s'",
			  src ? (char *)src : "", cfg->langs[cfg->source].tag);
		rc = -1;
	} else if (lang < 0) {
		diags_add(d, SEV_ERROR, path, (int)xmlGetLineNo(root), 0,
			  "trgLang '%s' is no translation language of "
			  "content/site.yaml (its 'tag:' values)",
			  trg ? (char *)trg : "");
		rc = -1;
	}
	xmlFree(version);
	xmlFree(src);
	xmlFree(trg);
	struct S_page *pages = NULL;
	size_t np = 0, pcap = 0;
	struct S_ctx c = {path, d, NULL, NULL};
	for (const xmlNode *f = rc ? NULL : root->children; f; f = f->next) {
		if (!S_is(f, "file"))
			continue;
		xmlChar *tr = xmlGetProp(f, BAD_CAST "translate");
		int skip = tr && !xmlStrcmp(tr, BAD_CAST "no");
		xmlFree(tr);
		if (skip)
			continue;
		xmlChar *orig = xmlGetProp(f, BAD_CAST "original");
		const struct tset *t = NULL;
		for (size_t i = 0; orig && i < s->nsets && !t; i++) {
			const struct page *sp =
			    s->sets[i]->by_lang[cfg->source];
			if (sp && !strcmp(sp->path, (char *)orig))
				t = s->sets[i];
		}
		if (!t) {
			diags_add(d, SEV_ERROR, path, (int)xmlGetLineNo(f), 0,
				  "<file> names no source page of the site "
				  "(original='%s')",
				  orig ? (char *)orig : "");
			xmlFree(orig);
			rc = -1;
			continue;
		}
		xmlFree(orig);
		if (np == pcap) {
			pcap = pcap ? pcap * 2 : 16;
			pages = xrealloc(pages, pcap * sizeof *pages);
		}
		struct S_page *pg = &pages[np++];
		memset(pg, 0, sizeof *pg);
		pg->t = t;
		pg->sp = t->by_lang[cfg->source];
		pg->tp = t->by_lang[lang];
		pg->line = (int)xmlGetLineNo(f);
		if (segments_split(pg->sp->text, pg->sp->len, &pg->ss) != 0 ||
		    (pg->tp &&
		     segments_split(pg->tp->text, pg->tp->len, &pg->ts) != 0)) {
			diags_add(d, SEV_ERROR, path, pg->line, 0,
				  "'%s' has no front matter that parses",
				  pg->sp->path);
			rc = -1;
			continue;
		}
		pg->aligned = pg->tp && !strcmp(pg->ss.shape, pg->ts.shape);
		for (const xmlNode *u = f->children; u; u = u->next)
			if (S_is(u, "unit") && S_check_unit(&c, pg, u) != 0)
				rc = -1;
		st->pages++;
		st->units += pg->n;
	}
	struct buf *texts = xcalloc(np + 1, sizeof *texts);
	int *write = xcalloc(np + 1, sizeof *write);
	for (size_t i = 0; i < np; i++)
		buf_init(&texts[i]);
	for (size_t i = 0; !rc && i < np; i++) {
		write[i] =
		    S_plan(s, (size_t)lang, &pages[i], path, &texts[i], d);
		if (write[i] < 0)
			rc = -1;
	}
	/* All or nothing: only now, with every page checked, is anything
	 * written. */
	for (size_t i = 0; !rc && i < np; i++) {
		if (write[i] <= 0)
			continue;
		char *out = pages[i].tp
				? xstrdup(pages[i].tp->path)
				: S_target_path(s, (size_t)lang, pages[i].sp);
		if (S_write(out, &texts[i]) != 0) {
			diags_add(
			    d, SEV_ERROR, out, 0, 0,
			    "cannot write: %s (%zu pages of the file were "
			    "written before)",
			    strerror(errno), st->written);
			rc = -2;
		} else {
			st->written++;
		}
		free(out);
	}
	for (size_t i = 0; i < np; i++) {
		buf_release(&texts[i]);
		S_page_release(&pages[i]);
	}
	free(texts);
	free(write);
	free(pages);
	xmlFreeDoc(doc);
	return rc;
}
