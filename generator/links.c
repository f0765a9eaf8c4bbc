/* Link resolution and the checks on what a body may contain. A page published
 * as a fallback in another language is resolved again for that language, so
 * every link stays inside the reader's language. */
#include "links.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assets.h"
#include "buf.h"
#include "deps.h"
#include "url.h"

struct S_ctx {
	const struct site *s;
	const struct page *p;
	const struct anchors *anchors; /* p's headings */
	size_t lang;
	struct diags *d;
	struct anchor_refs *later;
	int rc;
};

struct anchor_ref {
	const struct page *target;
	char *frag;
	char *where; /* the target as written: "ansvar/kommunen.md" */
	char *path;  /* the linking page's, for the message */
	int line, col;
};

static void S_report(struct S_ctx *c, cmark_node *n, enum severity sev,
		     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void S_report(struct S_ctx *c, cmark_node *n, enum severity sev,
		     const char *fmt, ...)
{
	if (sev == SEV_ERROR)
		c->rc = -1;
	if (!c->d)
		return;
	int line, col;
	page_srcpos(c->p, cmark_node_get_start_line(n),
		    cmark_node_get_start_column(n), &line, &col);
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diags_add(c->d, sev, c->p->path, line, col, "%s", m.ptr);
	buf_release(&m);
}

/* Length of a URL scheme including ':', or 0 when url has none. */
static size_t S_scheme(const char *url)
{
	if (!isalpha((unsigned char)url[0]))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)url[i]) || url[i] == '+' ||
	       url[i] == '-' || url[i] == '.')
		i++;
	return url[i] == ':' ? i + 1 : 0;
}

/* Joins dir and a relative path, folding "." and ".." segments; NULL when the
 * path climbs above the language folder. */
static char *S_join(const char *dir, const char *path)
{
	char *all = xasprintf("%s%s", dir, path);
	char **segs = xcalloc(strlen(all) + 1, sizeof *segs);
	size_t n = 0;
	int escaped = 0;
	char *save = NULL;
	for (char *tok = strtok_r(all, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n == 0) {
				escaped = 1;
				break;
			}
			n--;
			continue;
		}
		segs[n++] = tok;
	}
	char *res = NULL;
	if (!escaped) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(&b, '/');
			buf_puts(&b, segs[i]);
		}
		res = buf_detach(&b);
	}
	free(segs);
	free(all);
	return res;
}

/* The nearest page path to a missing one, for "did you mean". */
static const struct tset *S_nearest(const struct site *s, const char *rel)
{
	const struct tset *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; i < s->nsets; i++) {
		size_t dist = edit_distance(rel, s->sets[i]->rel);
		if (dist < best_d) {
			best_d = dist;
			best = s->sets[i];
		}
	}
	size_t len = strlen(rel);
	return best && best_d <= (len / 3 > 2 ? len / 3 : 2) ? best : NULL;
}

static const char *S_nearest_anchor(const struct anchors *a, const char *id)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < a->n; i++) {
		size_t dist = edit_distance(id, a->ids[i]);
		if (dist < best_d) {
			best_d = dist;
			best = a->ids[i];
		}
	}
	return best;
}

/* The .md name a page is reached by, for messages: "ansvar/kommunen.md". */
static char *S_md_name(const struct tset *t)
{
	const struct page *p = t->primary;
	const char *slash = strrchr(p->path, '/');
	return xasprintf("%s%s", p->dir, slash ? slash + 1 : p->path);
}

static char *S_anchor_missing(const char *frag, const struct anchors *a,
			      const char *where)
{
	const char *near = S_nearest_anchor(a, frag);
	struct buf m = BUF_INIT;
	buf_printf(&m, "link to missing anchor '#%s' in '%s'", frag, where);
	if (near)
		buf_printf(&m, " (did you mean '#%s'?)", near);
	return buf_detach(&m);
}

/* A link from c's page to target's #frag: checked now, or recorded. */
static void S_anchor(struct S_ctx *c, cmark_node *n, const struct page *target,
		     const char *frag, const char *where)
{
	/* Its anchors come from its text. */
	deps_note(DEP_TEXT, target->rel);
	if (!c->later) {
		if (!anchors_has(&target->anchors, frag)) {
			char *m =
			    S_anchor_missing(frag, &target->anchors, where);
			S_report(c, n, SEV_ERROR, "%s", m);
			free(m);
		}
		return;
	}
	if (!c->d)
		return;
	struct anchor_refs *l = c->later;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct anchor_ref *r = &l->v[l->n++];
	r->target = target;
	r->frag = xstrdup(frag);
	r->where = xstrdup(where);
	r->path = xstrdup(c->p->path);
	page_srcpos(c->p, cmark_node_get_start_line(n),
		    cmark_node_get_start_column(n), &r->line, &r->col);
}

void links_need_anchors(struct anchor_refs *later)
{
	for (size_t i = 0; i < later->n; i++) {
		struct page *t = (struct page *)later->v[i].target;
		if (!t->anchors_known && !t->failed)
			page_anchors(t);
	}
}

int links_check_later(struct anchor_refs *later, struct diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < later->n; i++) {
		struct anchor_ref *r = &later->v[i];
		/* A page that failed to load has reported that already. */
		if (!r->target->failed &&
		    !anchors_has(&r->target->anchors, r->frag)) {
			char *m = S_anchor_missing(r->frag, &r->target->anchors,
						   r->where);
			diags_add(d, SEV_ERROR, r->path, r->line, r->col, "%s",
				  m);
			free(m);
			rc = -1;
		}
		free(r->frag);
		free(r->where);
		free(r->path);
	}
	free(later->v);
	memset(later, 0, sizeof *later);
	return rc;
}

/* A link to a local image or document: path as written, relative to the
 * page's file ("karta.png", "../../_media/blankett.pdf", as GitHub resolves
 * it). It is looked for in the page's language folder, then in the source
 * language's (a translation keeps the Swedish picture until it has its own),
 * or in content/_media/ when the path leads there. The URL becomes the
 * file's content-hashed name in the site, relative to the page being
 * built, and the asset rides on the node for render.c. */
static void S_file(struct S_ctx *c, cmark_node *n, const char *path,
		   const char *frag, int kind, int is_image)
{
	const char *name = is_image ? "image" : "file";
	if (is_image && kind == ASSET_DOCUMENT) {
		S_report(c, n, SEV_ERROR,
			 "'%s' is not an image: link to it as a document, "
			 "[text](%s)",
			 path, path);
		return;
	}
	if (is_image && kind != ASSET_IMAGE) {
		S_report(c, n, SEV_ERROR,
			 "'%s' is not an image this site can show: use PNG, "
			 "JPEG, WebP or GIF",
			 path);
		return;
	}
	const struct config *cfg = c->s->cfg;
	const char *code = cfg->langs[c->p->lang].code;
	char *dir = xasprintf("%s/%s", code, c->p->dir);
	char *joined = S_join(dir, path);
	free(dir);
	size_t cl = strlen(code);
	struct asset *x = NULL;
	char *where = NULL;
	if (joined && strncmp(joined, code, cl) == 0 && joined[cl] == '/') {
		where = xasprintf("content/%s", joined);
		x = c->s->assets ? assets_find(c->s->assets, where) : NULL;
		if (!x && c->p->lang != cfg->source) {
			char *src = xasprintf("content/%s%s",
					      cfg->langs[cfg->source].code,
					      joined + cl);
			x = c->s->assets ? assets_find(c->s->assets, src)
					 : NULL;
			free(src);
		}
	} else if (joined &&
		   strncmp(joined, ASSETS_SHARED "/",
			   strlen(ASSETS_SHARED) + 1) == 0) {
		where = xasprintf("content/%s", joined);
		x = c->s->assets ? assets_find(c->s->assets, where) : NULL;
	} else {
		S_report(c, n, SEV_ERROR,
			 "%s '%s' leads outside 'content/%s/' and "
			 "'content/" ASSETS_SHARED "/'",
			 name, path, code);
		free(joined);
		return;
	}
	if (!x) {
		S_report(c, n, SEV_ERROR, "%s '%s' not found: there is no '%s'",
			 name, path, where);
	} else {
		atomic_store(&x->used, 1);
		const char *lc = cfg->langs[c->lang].code;
		char *from = url_dir(lc, c->p->rel);
		char *href = url_relative(from, x->out);
		if (frag) {
			char *full = xasprintf("%s#%s", href, frag);
			free(href);
			href = full;
		}
		cmark_node_set_url(n, href);
		cmark_node_set_user_data(n, x);
		free(href);
		free(from);
	}
	free(where);
	free(joined);
}

static void S_link(struct S_ctx *c, cmark_node *n, int is_image)
{
	const char *url = cmark_node_get_url(n);
	if (!url || !*url) {
		S_report(c, n, SEV_ERROR,
			 "%s has no target: write the address or the .md file "
			 "between the parentheses",
			 is_image ? "image" : "link");
		return;
	}
	size_t sch = S_scheme(url);
	if (sch) {
		static const char *const ok[] = {
		    "http:", "https:", "mailto:", "tel:"};
		for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
			if (strlen(ok[i]) == sch &&
			    strncasecmp(url, ok[i], sch) == 0)
				return;
		char *scheme = xstrndup(url, sch);
		S_report(c, n, SEV_ERROR,
			 "link scheme '%s' is not allowed (use https:, "
			 "mailto: or tel:)",
			 scheme);
		free(scheme);
		return;
	}
	if (url[0] == '/') {
		S_report(c, n, SEV_ERROR,
			 "absolute path '%s': link to the page's .md file "
			 "relative to this one, e.g. 'kommunen.md'",
			 url);
		return;
	}
	const char *hash = strchr(url, '#');
	char *path = xstrndup(url, hash ? (size_t)(hash - url) : strlen(url));
	const char *frag = hash ? hash + 1 : NULL;
	if (!*path) {
		/* #anchor within this page: same body in every language. */
		if (frag && *frag && !anchors_has(c->anchors, frag)) {
			char *m =
			    S_anchor_missing(frag, c->anchors, "this page");
			S_report(c, n, SEV_ERROR, "%s", m);
			free(m);
		}
		free(path);
		return;
	}
	if (!c->s) {
		/* A file outside any site: nothing to resolve against. */
		free(path);
		return;
	}
	size_t plen = strlen(path);
	int kind = assets_kind_of(path);
	if (kind >= 0 || is_image) {
		S_file(c, n, path, frag, kind, is_image);
		free(path);
		return;
	}
	if (plen < 3 || strcmp(path + plen - 3, ".md") != 0) {
		S_report(c, n, SEV_ERROR,
			 "link to '%s' does not name a page: link to its .md "
			 "file, e.g. 'kommunen.md'",
			 url);
		free(path);
		return;
	}
	char *target = S_join(c->p->dir, path);
	if (!target) {
		char *root =
		    xasprintf("content/%s/", c->s->cfg->langs[c->p->lang].code);
		S_report(c, n, SEV_ERROR, "link '%s' leads outside '%s'", url,
			 root);
		free(root);
		free(path);
		return;
	}
	/* target is "ansvar/kommunen.md": the set is named without ".md" and
	 * without a final "index". */
	char *rel = xstrndup(target, strlen(target) - 3);
	size_t rl = strlen(rel);
	if (strcmp(rel, "index") == 0)
		rel[0] = '\0';
	else if (rl > 6 && strcmp(rel + rl - 6, "/index") == 0)
		rel[rl - 6] = '\0';
	const struct tset *t = site_find(c->s, rel);
	if (!t) {
		const struct tset *near = S_nearest(c->s, rel);
		char *name = near ? S_md_name(near) : NULL;
		struct buf m = BUF_INIT;
		buf_printf(&m, "link to missing page '%s'", target);
		if (name)
			buf_printf(&m, " (did you mean '%s'?)", name);
		S_report(c, n, SEV_ERROR, "%s", m.ptr);
		buf_release(&m);
		free(name);
	} else {
		const struct page *tp = tset_page(t, c->lang);
		if (frag && *frag)
			S_anchor(c, n, tp, frag, target);
		const char *code = c->s->cfg->langs[c->lang].code;
		char *from = url_dir(code, c->p->rel);
		char *to = url_dir(code, t->rel);
		char *href = url_relative(from, to);
		if (frag) {
			char *full = xasprintf("%s#%s", href, frag);
			free(href);
			href = full;
		}
		cmark_node_set_url(n, href);
		free(from);
		free(to);
		free(href);
	}
	free(rel);
	free(target);
	free(path);
}

static void S_html(struct S_ctx *c, cmark_node *n)
{
	/* Markup that could run code or load another page gets an error: the
	 * editor meant something that will not happen. */
	static const struct {
		const char *pattern, *shown;
	} banned[] = {{"<script", "<script>"}, {"<style", "<style>"},
		      {"<iframe", "<iframe>"}, {"<object", "<object>"},
		      {"<embed", "<embed>"},   {"javascript:", "javascript:"}};
	const char *lit = cmark_node_get_literal(n);
	/* A comment shows nothing on GitHub either: a note to other editors
	 * or translators is what it is for. */
	if (lit && strncmp(lit, "<!--", 4) == 0) {
		const char *end = strstr(lit + 4, "-->");
		if (end && !strchr(end + 3, '<'))
			return;
	}
	for (size_t i = 0; lit && i < sizeof banned / sizeof *banned; i++)
		if (strcasestr(lit, banned[i].pattern)) {
			S_report(c, n, SEV_ERROR,
				 "raw HTML '%s' is not allowed: write the "
				 "content in Markdown",
				 banned[i].shown);
			return;
		}
	S_report(c, n, SEV_WARNING,
		 "raw HTML is not supported: its tags were left out and its "
		 "text kept; write it in Markdown");
}

int links_resolve(const struct site *s, const struct page *p, cmark_node *doc,
		  const struct anchors *anchors, size_t lang, struct diags *d,
		  struct anchor_refs *later)
{
	struct S_ctx c = {s, p, anchors, lang, d, later, 0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_LINK:
			S_link(&c, n, 0);
			break;
		case CMARK_NODE_IMAGE:
			S_link(&c, n, 1);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			S_html(&c, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return c.rc;
}

int links_check_front(const struct site *s, const struct page *p,
		      struct diags *d)
{
	const char *rel = p->fm.contact;
	/* A translation's contact is its source's, and checked there. */
	if (!rel || !p->fm.contact_loc.line)
		return 0;
	const struct tset *t = site_find(s, rel);
	if (t && t->primary->fm.kind == KIND_CONTACT)
		return 0;
	struct buf m = BUF_INIT;
	if (!t) {
		buf_printf(&m, "contact page '%s.md' does not exist", rel);
		const struct tset *near = S_nearest(s, rel);
		if (near)
			buf_printf(&m, " (did you mean '%s'?)", near->rel);
	} else {
		buf_printf(&m,
			   "'%s.md' is not a contact page (its kind is '%s')",
			   rel, page_kind_name(t->primary->fm.kind));
	}
	diags_add(d, SEV_ERROR, p->path, p->fm.contact_loc.line,
		  p->fm.contact_loc.col, "%s", m.ptr);
	buf_release(&m);
	return -1;
}

/* The plain text of a node's inline children. */
static void S_plain(cmark_node *n, struct buf *b)
{
	for (cmark_node *k = cmark_node_first_child(n); k;
	     k = cmark_node_next(k)) {
		const char *lit = cmark_node_get_literal(k);
		cmark_node_type t = cmark_node_get_type(k);
		if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) && lit)
			buf_puts(b, lit);
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_putc(b, ' ');
		else
			S_plain(k, b);
	}
}

static int S_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Is text, trimmed and compared without regard to ASCII case, one of the
 * '|'-separated phrases? Phrases are listed in the case editors write them
 * ("klicka här", "Klicka här"), since strncasecmp folds ASCII only. */
static int S_vague(const char *text, const char *vague)
{
	if (!vague)
		return 0;
	while (isspace((unsigned char)*text))
		text++;
	size_t len = strlen(text);
	while (len &&
	       (isspace((unsigned char)text[len - 1]) || text[len - 1] == '.'))
		len--;
	for (const char *p = vague; *p;) {
		size_t n = strcspn(p, "|");
		if (n == len && strncasecmp(p, text, n) == 0)
			return 1;
		p += n;
		if (*p == '|')
			p++;
	}
	return 0;
}

int links_lint(const struct page *p, cmark_node *doc, const char *vague,
	       struct diags *d)
{
	struct S_ctx c = {.p = p, .d = d};
	int level = 1; /* the page title is the level-1 heading */
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = cmark_node_get_type_string(n);
		if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_LINK) {
			struct buf text = BUF_INIT;
			S_plain(n, &text);
			if (S_blank(text.ptr) && t == CMARK_NODE_IMAGE)
				S_report(
				    &c, n, SEV_ERROR,
				    "image has no alt text: describe it "
				    "between the brackets, ![like this](…)");
			else if (S_blank(text.ptr))
				S_report(&c, n, SEV_ERROR,
					 "link has no text: write where it "
					 "leads between the brackets");
			else if (t == CMARK_NODE_LINK &&
				 S_vague(text.ptr, vague))
				S_report(&c, n, SEV_WARNING,
					 "link text '%s' says nothing out of "
					 "context: say where the link leads",
					 text.ptr);
			buf_release(&text);
		} else if (t == CMARK_NODE_HEADING) {
			int h = cmark_node_get_heading_level(n);
			if (h == 1)
				S_report(&c, n, SEV_WARNING,
					 "the page title is the only level-1 "
					 "heading: start with '##'");
			else if (h > level + 1)
				S_report(&c, n, SEV_WARNING,
					 "heading level %d follows level %d: "
					 "use level %d (%.*s)",
					 h, level, level + 1, level + 1,
					 "#######");
			level = h;
		} else if (ts && strcmp(ts, "table") == 0) {
			cmark_node *head = cmark_node_first_child(n);
			struct buf text = BUF_INIT;
			if (head)
				S_plain(head, &text);
			if (S_blank(text.ptr))
				S_report(&c, n, SEV_WARNING,
					 "table has an empty header row: name "
					 "each column");
			buf_release(&text);
		}
	}
	cmark_iter_free(it);
	return c.rc;
}
