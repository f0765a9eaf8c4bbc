/* The template engine and the values it reads. A template is parsed once and
 * only read afterwards, so many threads can render from one parsed set
 * without locks. */
#include "template.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "bidi.h"
#include "html.h"

#define TMPL_NS "urn:skylt:template"

/* Values. */

enum tv_type { TV_STR, TV_BOOL, TV_LIST, TV_MAP, TV_FRAG };

struct tv {
	enum tv_type type;
	char *s;	   /* TV_STR */
	char *lang, *dir;  /* TV_STR: its language when not the page's (a UI
			      string that fell back), or NULL */
	int b;		   /* TV_BOOL */
	xmlDocPtr frag;	   /* TV_FRAG */
	char **keys;	   /* TV_MAP: keys[i] names items[i] */
	struct tv **items; /* TV_LIST and TV_MAP */
	size_t n, cap;
};

static struct tv *S_tv(enum tv_type t)
{
	struct tv *v = xcalloc(1, sizeof *v);
	v->type = t;
	return v;
}

struct tv *tv_str(const char *s)
{
	return tv_str_owned(xstrdup(s ? s : ""));
}

struct tv *tv_str_owned(char *s)
{
	struct tv *v = S_tv(TV_STR);
	v->s = s;
	return v;
}

struct tv *tv_bool(int b)
{
	struct tv *v = S_tv(TV_BOOL);
	v->b = b != 0;
	return v;
}

struct tv *tv_list(void)
{
	return S_tv(TV_LIST);
}

struct tv *tv_map(void)
{
	return S_tv(TV_MAP);
}

struct tv *tv_fragment(xmlDocPtr doc)
{
	struct tv *v = S_tv(TV_FRAG);
	v->frag = doc;
	return v;
}

static void S_append(struct tv *v, char *key, struct tv *item)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xrealloc(v->items, v->cap * sizeof *v->items);
		if (v->type == TV_MAP)
			v->keys = xrealloc(v->keys, v->cap * sizeof *v->keys);
	}
	if (v->type == TV_MAP)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

void tv_push(struct tv *list, struct tv *item)
{
	S_append(list, NULL, item);
}

void tv_set(struct tv *map, const char *key, struct tv *v)
{
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			tv_free(map->items[i]);
			map->items[i] = v;
			return;
		}
	S_append(map, xstrdup(key), v);
}

void tv_mark_lang(struct tv *v, const char *tag, const char *dir)
{
	if (!v || v->type != TV_STR || !tag)
		return;
	free(v->lang);
	free(v->dir);
	v->lang = xstrdup(tag);
	v->dir = dir ? xstrdup(dir) : NULL;
}

void tv_set_str(struct tv *map, const char *key, const char *s)
{
	tv_set(map, key, tv_str(s));
}

static const struct tv *S_field(const struct tv *map, const char *key,
				size_t len)
{
	if (!map || map->type != TV_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strlen(map->keys[i]) == len &&
		    memcmp(map->keys[i], key, len) == 0)
			return map->items[i];
	return NULL;
}

const struct tv *tv_get(const struct tv *map, const char *path)
{
	const struct tv *v = map;
	while (v && *path) {
		size_t len = strcspn(path, ".");
		v = S_field(v, path, len);
		path += len;
		if (*path == '.')
			path++;
	}
	return v;
}

const char *tv_string(const struct tv *v)
{
	return v && v->type == TV_STR ? v->s : NULL;
}

void tv_free(struct tv *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		tv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v->lang);
	free(v->dir);
	if (v->frag)
		xmlFreeDoc(v->frag);
	free(v);
}

static int S_truthy(const struct tv *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case TV_STR:
		return v->s[0] != '\0';
	case TV_BOOL:
		return v->b;
	case TV_LIST:
		return v->n > 0;
	default:
		return 1;
	}
}

/* Templates. */

struct tmpl {
	char *name; /* file name: "page.xhtml" */
	char *path; /* for messages */
	xmlDocPtr doc;
	const struct tmpl *base; /* what it extends, or NULL */
};

struct tmpl_set {
	struct tmpl *v;
	size_t n;
};

static const struct tmpl *S_find(const struct tmpl_set *ts, const char *name)
{
	for (size_t i = 0; ts && i < ts->n; i++)
		if (strcmp(ts->v[i].name, name) == 0)
			return &ts->v[i];
	return NULL;
}

int tmpl_has(const struct tmpl_set *ts, const char *name)
{
	return S_find(ts, name) != NULL;
}

static int S_ours(const xmlAttr *a)
{
	return a->ns && strcmp((const char *)a->ns->href, TMPL_NS) == 0;
}

/* The value of our attribute name on e, or NULL. */
static const char *S_attr(const xmlNode *e, const char *name)
{
	for (const xmlAttr *a = e->properties; a; a = a->next)
		if (S_ours(a) && strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE
				   ? (const char *)a->children->content
				   : "";
	return NULL;
}

static int S_is_name(const char *n, const char *name)
{
	return strcasecmp(n, name) == 0;
}

/* Is e the element name, in any case, as HTML reads names? */
static int S_is(const xmlNode *e, const char *name)
{
	return e && strcasecmp((const char *)e->name, name) == 0;
}

/* Is the script element e a data block (JSON-LD), whose content no browser
 * runs? Its type is the template's own: s:attr-type is refused on scripts. */
static int S_data_script(const xmlNode *e)
{
	for (const xmlAttr *a = e->properties; a; a = a->next) {
		if (a->ns || strcasecmp((const char *)a->name, "type") != 0)
			continue;
		const char *v =
		    a->children && a->children->type == XML_TEXT_NODE
			? (const char *)a->children->content
			: "";
		return strcasecmp(v, "application/ld+json") == 0 ||
		       strcasecmp(v, "application/json") == 0;
	}
	return 0;
}

/* What no value from content may do, whatever the template says: add an
 * event handler or a style (script and CSS), write a whole document
 * (srcdoc), choose a script's source or type, or be written unescaped as
 * code or CSS. Checked at load time, so a template that would allow it is
 * an error at its line before any page is built. s:attr-* addresses are
 * checked per value as pages are written (S_start_tag). Returns 0, or -1
 * after adding the message. */
static int S_check_safe(const struct tmpl *t, const xmlNode *n,
			const xmlNode *in, const xmlNode *own, const char *name,
			struct diags *d)
{
	const char *why = NULL;
	if (strncmp(name, "attr-", 5) == 0) {
		const char *an = name + 5;
		if (strncasecmp(an, "on", 2) == 0 ||
		    strcasecmp(an, "style") == 0 ||
		    strcasecmp(an, "srcdoc") == 0)
			why = "would let content add script or style: event "
			      "handlers, style and srcdoc are the template's "
			      "own";
		else if (S_is(n, "script") && (strcasecmp(an, "src") == 0 ||
					       strcasecmp(an, "type") == 0))
			why = "on <script> would let content choose what runs";
	} else if (!strcmp(name, "text") || !strcmp(name, "html")) {
		if (S_is(own, "style"))
			why = "inside <style> would let content write CSS";
		else if (S_is(own, "script") &&
			 (!strcmp(name, "html") || !S_data_script(own)))
			why = "inside <script> would run content as code (only "
			      "a data block, type=\"application/ld+json\", "
			      "may take s:text)";
	} else if (!strcmp(name, "block")) {
		if (S_is(in, "script") || S_is(in, "style"))
			why = "inside <script> or <style> would let another "
			      "template put values there";
	}
	if (!why)
		return 0;
	diags_add(d, SEV_ERROR, t->path, (int)xmlGetLineNo(n), 0,
		  "s:%s %s (see templates/README.md)", name, why);
	return -1;
}

/* Checks every template attribute of the tree at n, whose output goes into
 * the element in (NULL at the top). */
static int S_check(const struct tmpl *t, const xmlNode *n, const xmlNode *in,
		   struct diags *d)
{
	static const char *const known[] = {"text", "html", "if",      "unless",
					    "each", "omit", "extends", "block"};
	int rc = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		/* Where n's content goes: an omitted element's goes into
		 * its parent's place. */
		const xmlNode *own = S_attr(n, "omit") ? in : n;
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			if (!S_ours(a))
				continue;
			const char *name = (const char *)a->name;
			int ok = strncmp(name, "attr-", 5) == 0 && name[5];
			for (size_t i = 0;
			     !ok && i < sizeof known / sizeof *known; i++)
				ok = strcmp(name, known[i]) == 0;
			if (!ok) {
				diags_add(d, SEV_ERROR, t->path,
					  (int)xmlGetLineNo(n), 0,
					  "unknown template attribute 's:%s' "
					  "(see templates/README.md)",
					  name);
				rc = -1;
			} else if (S_check_safe(t, n, in, own, name, d) < 0) {
				rc = -1;
			}
		}
		const char *each = S_attr(n, "each");
		if (each && !strstr(each, " in ")) {
			diags_add(d, SEV_ERROR, t->path, (int)xmlGetLineNo(n),
				  0,
				  "s:each=\"%s\" needs the form 'name in "
				  "list'",
				  each);
			rc = -1;
		}
		if (S_check(t, n->children, own, d) < 0)
			rc = -1;
	}
	return rc;
}

/* What an element says, worked out when its template is loaded and kept in
 * the node's _private, so that rendering a page compares no names. */

/* One source of an attribute's value: a literal, or a path to look up. */
struct S_src {
	const char *value;
	int path;
};

/* An attribute of the output element: its sources in document order. The
 * last that is present wins, as when each in turn set the attribute: so
 * s:attr-href overrides the href the template shows in a browser, and an
 * absent value leaves it. */
struct S_slot {
	const char *prefix, *name;
	struct S_src *src;
	size_t nsrc;
};

struct S_el {
	const struct tmpl *t; /* the template, and the line, for messages */
	int line;
	const char *if_, *unless, *text, *html, *block;
	const char *each;      /* "item in list", or NULL */
	size_t each_len;       /* of "item" */
	const char *each_list; /* "list" */
	int omit;
	struct S_slot *slots;
	size_t nslots;
	xmlChar **owned; /* values made for this element */
	size_t nowned;
};

static struct S_slot *S_slot(struct S_el *el, const char *prefix,
			     const char *name)
{
	for (size_t i = 0; i < el->nslots; i++) {
		struct S_slot *s = &el->slots[i];
		if (strcmp(s->name, name) == 0 &&
		    (s->prefix == prefix ||
		     (s->prefix && prefix && strcmp(s->prefix, prefix) == 0)))
			return s;
	}
	el->slots = xrealloc(el->slots, (el->nslots + 1) * sizeof *el->slots);
	struct S_slot *s = &el->slots[el->nslots++];
	*s = (struct S_slot){prefix, name, NULL, 0};
	return s;
}

static void S_add_src(struct S_slot *s, const char *value, int path)
{
	s->src = xrealloc(s->src, (s->nsrc + 1) * sizeof *s->src);
	s->src[s->nsrc++] = (struct S_src){value, path};
}

static void S_compile(const struct tmpl *tm, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		struct S_el *el = xcalloc(1, sizeof *el);
		el->t = tm;
		el->line = (int)xmlGetLineNo(n);
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			const char *name = (const char *)a->name;
			const xmlNode *t = a->children;
			if (!S_ours(a)) {
				const char *v = "";
				if (t && !t->next && t->type == XML_TEXT_NODE) {
					v = (const char *)t->content;
				} else if (t) {
					el->owned = xrealloc(
					    el->owned, (el->nowned + 1) *
							   sizeof *el->owned);
					el->owned[el->nowned++] =
					    xmlNodeListGetString(n->doc, t, 1);
					v = (const char *)
						el->owned[el->nowned - 1];
				}
				S_add_src(
				    S_slot(el,
					   a->ns && a->ns->prefix
					       ? (const char *)a->ns->prefix
					       : NULL,
					   name),
				    v, 0);
				continue;
			}
			const char *v = S_attr(n, name);
			if (strncmp(name, "attr-", 5) == 0) {
				if (t)
					S_add_src(S_slot(el, NULL, name + 5), v,
						  1);
			} else if (strcmp(name, "if") == 0) {
				el->if_ = v;
			} else if (strcmp(name, "unless") == 0) {
				el->unless = v;
			} else if (strcmp(name, "text") == 0) {
				el->text = v;
			} else if (strcmp(name, "html") == 0) {
				el->html = v;
			} else if (strcmp(name, "block") == 0) {
				el->block = v;
			} else if (strcmp(name, "omit") == 0) {
				el->omit = 1;
			} else if (strcmp(name, "each") == 0) {
				/* S_check has made sure of " in ". */
				const char *in = strstr(v, " in ");
				el->each = v;
				el->each_len = (size_t)(in - v);
				el->each_list = in + 4;
			}
		}
		n->_private = el;
		S_compile(tm, n->children);
	}
}

static void S_uncompile(xmlNode *n)
{
	for (; n; n = n->next) {
		/* Only elements, as S_compile: an entity reference's children
		 * are its declaration, whose siblings are the rest of the DTD,
		 * which can lead back to the same reference for ever. */
		if (n->type != XML_ELEMENT_NODE)
			continue;
		struct S_el *el = n->_private;
		if (el) {
			for (size_t i = 0; i < el->nslots; i++)
				free(el->slots[i].src);
			free(el->slots);
			for (size_t i = 0; i < el->nowned; i++)
				xmlFree(el->owned[i]);
			free(el->owned);
			free(el);
			n->_private = NULL;
		}
		S_uncompile(n->children);
	}
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tmpl *)a)->name,
		      ((const struct tmpl *)b)->name);
}

struct tmpl_set *tmpl_load(const char *dir, struct diags *d)
{
	xmlInitParser();
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		diags_add(d, SEV_ERROR, dir, 0, 0, "cannot read the templates");
		return NULL;
	}
	struct tmpl_set *ts = xcalloc(1, sizeof *ts);
	ts->v = xcalloc((size_t)n + 1, sizeof *ts->v);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		if (name[0] != '.' && len > 6 &&
		    strcmp(name + len - 6, ".xhtml") == 0) {
			struct tmpl *t = &ts->v[ts->n];
			t->name = xstrdup(name);
			t->path = xasprintf("%s/%s", dir, name);
			t->doc =
			    xmlReadFile(t->path, "UTF-8",
					XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
			if (!t->doc) {
				const xmlError *e = xmlGetLastError();
				diags_add(d, SEV_ERROR, t->path,
					  e ? e->line : 0, e ? e->int2 : 0,
					  "malformed template: %s",
					  e && e->message ? e->message
							  : "cannot parse");
				free(t->name);
				free(t->path);
				rc = -1;
			} else {
				if (S_check(t, xmlDocGetRootElement(t->doc),
					    NULL, d) < 0)
					rc = -1;
				ts->n++;
			}
		}
		free(names[i]);
	}
	free(names);
	qsort(ts->v, ts->n, sizeof *ts->v, S_name_cmp);
	for (size_t i = 0; i < ts->n; i++) {
		const xmlNode *root = xmlDocGetRootElement(ts->v[i].doc);
		const char *base = root ? S_attr(root, "extends") : NULL;
		if (base && !(ts->v[i].base = S_find(ts, base))) {
			diags_add(d, SEV_ERROR, ts->v[i].path,
				  (int)xmlGetLineNo(root), 0,
				  "s:extends names '%s', which is not a "
				  "template in '%s'",
				  base, dir);
			rc = -1;
		}
	}
	/* Layouts may extend layouts, to any depth, but never come back to
	 * themselves: the page would be written from no root at all. */
	for (size_t i = 0; i < ts->n; i++) {
		const struct tmpl *t = &ts->v[i], *x = t->base;
		for (size_t k = 0; x && x != t && k < ts->n; k++)
			x = x->base;
		if (x != t)
			continue;
		struct buf chain = BUF_INIT;
		buf_printf(&chain, "'%s'", t->name);
		x = t;
		do {
			x = x->base;
			buf_printf(&chain, " extends '%s'", x->name);
		} while (x != t);
		diags_add(d, SEV_ERROR, t->path,
			  (int)xmlGetLineNo(xmlDocGetRootElement(t->doc)), 0,
			  "s:extends makes a cycle: %s", chain.ptr);
		buf_release(&chain);
		rc = -1;
	}
	if (rc < 0) {
		tmpl_free(ts);
		return NULL;
	}
	for (size_t i = 0; i < ts->n; i++)
		S_compile(&ts->v[i], xmlDocGetRootElement(ts->v[i].doc));
	return ts;
}

void tmpl_free(struct tmpl_set *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].name);
		free(ts->v[i].path);
		S_uncompile(xmlDocGetRootElement(ts->v[i].doc));
		xmlFreeDoc(ts->v[i].doc);
	}
	free(ts->v);
	free(ts);
}

/* Rendering: a walk over the parsed template that writes HTML as it goes.
 * No tree is built for the page: the template's fixed parts are written
 * straight from its own tree, values are escaped by html.c as they are
 * written, and a fragment is serialised from its tree where it is placed. */

struct S_scope {
	const char *name; /* points into the template */
	size_t len;
	const struct tv *value;
};

/* The blocks being replaced, innermost first: a replacement that holds a
 * block of the same name (directly or through another layout) is written
 * as it stands, not replaced again without end. */
struct S_active {
	const char *name;
	const struct S_active *up;
};

/* The direction in force where a value is written, from the nearest dir
 * attribute, literal or from a value: a value's runs against it are
 * isolated. Inside <bdi> or dir="auto", whose content takes its own
 * direction, values are written as they are, as they are inside an element
 * marked with its language's direction (a contact's dir="ltr" number): that
 * direction is the text's own, so nothing in it reads against it. A dir=
 * value that is none of rtl, ltr and auto is no direction (S_NO_DIR). */
enum { S_NO_DIR = -2, S_AS_IS = -1, S_LTR = 0, S_RTL = 1 };

struct S_render {
	struct buf *out;
	const struct tv *data;
	const struct tmpl *leaf; /* the template asked for; its s:extends
				    chain gives the blocks, nearest first */
	const struct S_active *active;
	struct diags *d;
	int rc;
	/* The direction in force where values are written: S_LTR, S_RTL or
	 * S_AS_IS (see above). */
	int dir;
	/* The language of the element being written, as its lang= and
	 * those above it say, with the dir= in force as written (a string,
	 * not the direction above); and, after an element took another
	 * language for a value that is in it (a Swedish aria-label), the
	 * language its children take back unless they say their own. */
	const char *lang, *dir_attr;
	const char *restore_lang, *restore_dir;
	struct S_scope scopes[16];
	size_t nscopes;
};

static const struct tv *S_lookup(const struct S_render *r, const char *path)
{
	size_t len = strcspn(path, ".");
	for (size_t i = r->nscopes; i-- > 0;)
		if (r->scopes[i].len == len &&
		    memcmp(r->scopes[i].name, path, len) == 0)
			return path[len]
				   ? tv_get(r->scopes[i].value, path + len + 1)
				   : r->scopes[i].value;
	return tv_get(r->data, path);
}

static const struct S_el *S_el(const xmlNode *n)
{
	return n->_private;
}

static const xmlNode *S_block(const xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *b = S_el(n)->block;
		if (b && strcmp(b, name) == 0)
			return n;
		const xmlNode *inner = S_block(n->children, name);
		if (inner)
			return inner;
	}
	return NULL;
}

/* The value of slot s, or NULL; *from says where it came from and *tv is
 * the value it came from (NULL for a literal). */
static const char *S_slot_value(const struct S_render *r,
				const struct S_slot *s,
				const struct S_src **from, const struct tv **tv)
{
	const char *v = NULL;
	*tv = NULL;
	for (size_t k = s->nsrc; k-- > 0 && !v;) {
		*from = &s->src[k];
		*tv = (*from)->path ? S_lookup(r, (*from)->value) : NULL;
		v = (*from)->path ? tv_string(*tv) : (*from)->value;
	}
	return v;
}

/* Is v, the value of slot s, an address from a value that following could
 * run something with (html_url_safe)? It is then left out. */
static int S_unsafe(const struct S_slot *s, const struct S_src *from,
		    const char *v)
{
	return v && from->path && !s->prefix && html_url_attr(s->name) &&
	       !html_url_safe(v);
}

/* The direction a dir= value gives; S_NO_DIR for NULL or any other value,
 * which is no direction, as HTML reads it. */
static int S_dir_value(const char *v)
{
	if (!v)
		return S_NO_DIR;
	if (strcasecmp(v, "rtl") == 0)
		return S_RTL;
	if (strcasecmp(v, "ltr") == 0)
		return S_LTR;
	if (strcasecmp(v, "auto") == 0)
		return S_AS_IS;
	return S_NO_DIR;
}

/* The direction inside element src, written with the attributes it has
 * and added, the dir= that marking a value's language adds (or NULL). */
static int S_dir(const struct S_render *r, const xmlNode *src,
		 const char *added)
{
	const struct S_el *el = S_el(src);
	for (size_t i = 0; i < el->nslots; i++) {
		const struct S_slot *s = &el->slots[i];
		const struct S_src *from = NULL;
		const struct tv *tv;
		int d;
		if (s->prefix || strcasecmp(s->name, "dir") != 0 ||
		    (d = S_dir_value(S_slot_value(r, s, &from, &tv))) ==
			S_NO_DIR)
			continue;
		return d;
	}
	/* A Swedish UI string marked lang="sv" dir="ltr" on an Arabic page
	 * is itself left-to-right: its text is not isolated as if it were
	 * right-to-left. */
	int d = S_dir_value(added);
	if (d != S_NO_DIR)
		return d;
	return S_is(src, "bdi") ? S_AS_IS : r->dir;
}

/* Is attribute name of element a text that people read (or hear), where
 * runs are isolated with FSI and PDI since it can hold no markup? */
static int S_text_attr(const char *element, const char *name)
{
	static const char *const v[] = {"title",       "alt",
					"aria-label",  "aria-description",
					"placeholder", "label"};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (strcasecmp(name, v[i]) == 0)
			return 1;
	return strcasecmp(name, "content") == 0 &&
	       strcasecmp(element, "meta") == 0;
}

/* Writes src's start tag, whose s:text value is text (or NULL), and sets
 * *dir to the direction inside it. Returns what html_open_end does. An
 * address that comes from a value is written only if following it cannot
 * run anything (html_url_safe); otherwise it is left out and the page
 * fails. */
static int S_start_tag(struct S_render *r, const xmlNode *src,
		       const struct tv *text, int *dir)
{
	const struct S_el *el = S_el(src);
	const char *name = (const char *)src->name;
	const char *lang = NULL, *dir_attr = NULL;
	const struct tv *marked = NULL; /* a value in another language */
	/* First what the element says of its language and direction, and
	 * which value is in another language: the direction its attributes
	 * are isolated against depends on them. */
	for (size_t i = 0; i < el->nslots; i++) {
		const struct S_slot *s = &el->slots[i];
		const struct S_src *from = NULL;
		const struct tv *tv;
		const char *v = S_slot_value(r, s, &from, &tv);
		if (!v || S_unsafe(s, from, v))
			continue;
		if (!s->prefix && !strcmp(s->name, "lang"))
			lang = v;
		else if (!s->prefix && !strcmp(s->name, "dir"))
			dir_attr = v;
		else if (tv && tv->type == TV_STR && tv->lang && !marked)
			marked = tv;
	}
	/* A value in another language than the element's (a UI string a
	 * translation lacks) says so with lang=, so that it is read with its
	 * own voice and shaped in its own direction. A text's element takes
	 * its language. An attribute's (an aria-label) element does too, and
	 * then its children, unless they say their own, take back the
	 * language they would have had. */
	const char *around = r->restore_lang ? r->restore_lang : r->lang;
	const char *around_dir = r->restore_lang ? r->restore_dir : r->dir_attr;
	const struct tv *want =
	    text && text->type == TV_STR && text->lang ? text : marked;
	const char *add_lang = NULL, *add_dir = NULL;
	r->restore_lang = r->restore_dir = NULL;
	if (!lang && want && (!around || strcmp(want->lang, around))) {
		add_lang = want->lang;
		add_dir = dir_attr ? NULL : want->dir;
		if (want == marked) {
			r->restore_lang = around;
			r->restore_dir = around_dir;
		}
	} else if (!lang && around && r->lang && strcmp(around, r->lang)) {
		add_lang = around;
		add_dir = dir_attr ? NULL : around_dir;
	}
	*dir = S_dir(r, src, add_dir);
	html_open(r->out, name);
	for (size_t i = 0; i < el->nslots; i++) {
		const struct S_slot *s = &el->slots[i];
		const struct S_src *from = NULL;
		const struct tv *tv;
		const char *v = S_slot_value(r, s, &from, &tv);
		if (S_unsafe(s, from, v)) {
			diags_add(r->d, SEV_ERROR, el->t->path, el->line, 0,
				  "s:attr-%s: '%s' (from '%s') is not an "
				  "address a page may link to: only relative "
				  "ones and http:, https:, mailto: and tel:",
				  s->name, v, from->value);
			r->rc = -1;
			continue;
		}
		if (!v)
			continue;
		char *isolated = NULL;
		if (from->path && !s->prefix && *dir != S_AS_IS &&
		    S_text_attr(name, s->name))
			isolated = bidi_marked(v, *dir == S_RTL);
		html_attr(r->out, name, s->prefix, s->name,
			  isolated ? isolated : v);
		free(isolated);
	}
	if (add_lang)
		html_attr(r->out, name, NULL, "lang", add_lang);
	if (add_dir)
		html_attr(r->out, name, NULL, "dir", add_dir);
	if (lang || add_lang)
		r->lang = lang ? lang : add_lang;
	if (dir_attr || add_dir)
		r->dir_attr = dir_attr ? dir_attr : add_dir;
	return html_open_end(r->out, name);
}

static void S_nodes(struct S_render *r, const xmlNode *n, const char *parent);

/* Writes value v inside element in: each run against the direction in
 * force in <bdi>, or between FSI and PDI in an element that holds text
 * only (<title>). Script and style take values as data, as they are. */
static void S_value(struct S_render *r, const char *in, const char *v)
{
	if (r->dir == S_AS_IS || !in || S_is_name(in, "script") ||
	    S_is_name(in, "style")) {
		html_value(r->out, in, v);
		return;
	}
	int rtl = r->dir == S_RTL;
	if (S_is_name(in, "title") || S_is_name(in, "textarea") ||
	    S_is_name(in, "option")) {
		char *marked = bidi_marked(v, rtl);
		html_value(r->out, in, marked ? marked : v);
		free(marked);
		return;
	}
	size_t len = strlen(v), at = 0, done = 0, a, b;
	while (bidi_next_run(v, len, &at, rtl, &a, &b)) {
		char *before = xstrndup(v + done, a - done);
		char *run = xstrndup(v + a, b - a);
		html_value(r->out, in, before);
		buf_puts(r->out, "<bdi>");
		html_value(r->out, "bdi", run);
		buf_puts(r->out, "</bdi>");
		free(before);
		free(run);
		done = b;
	}
	html_value(r->out, in, v + done);
}

/* Writes the s:text value v inside element in, isolated as S_value does.
 * A value in another language than the page's is a span that says which,
 * where its element is left out (an s:omit), and its runs are isolated
 * against the direction the span gives; inside a title, which holds only
 * text, it is text. */
static void S_text_value(struct S_render *r, const struct tv *v, const char *in)
{
	/* Unmarked text straight inside an element that took another
	 * language for its attribute is in the page's language. */
	const char *lang = v->lang ? v->lang : r->restore_lang;
	const char *dir = v->lang ? v->dir : r->restore_dir;
	if (!lang || (r->lang && !strcmp(lang, r->lang)) ||
	    (in && !strcmp(in, "title"))) {
		S_value(r, in, v->s);
		return;
	}
	html_open(r->out, "span");
	html_attr(r->out, "span", NULL, "lang", lang);
	if (dir)
		html_attr(r->out, "span", NULL, "dir", dir);
	html_open_end(r->out, "span");
	int outer = r->dir, d = S_dir_value(dir);
	if (d != S_NO_DIR)
		r->dir = d;
	S_value(r, "span", v->s);
	r->dir = outer;
	html_close(r->out, "span");
}

/* Writes src once; parent names the element its output goes into. */
static void S_element(struct S_render *r, const xmlNode *src,
		      const char *parent)
{
	const struct S_el *el = S_el(src);
	if (el->if_ && !S_truthy(S_lookup(r, el->if_)))
		return;
	if (el->unless && S_truthy(S_lookup(r, el->unless)))
		return;
	const struct tv *text = el->text ? S_lookup(r, el->text) : NULL;
	const char *lang = r->lang, *dir_attr = r->dir_attr;
	const char *rlang = r->restore_lang, *rdir = r->restore_dir;
	int outer = r->dir, inner = outer;
	if (!el->omit && !S_start_tag(r, src, text, &inner)) {
		r->lang = lang;
		r->dir_attr = dir_attr;
		r->restore_lang = rlang;
		r->restore_dir = rdir;
		return; /* a void element: no content, no end tag */
	}
	const char *in = el->omit ? parent : (const char *)src->name;
	r->dir = inner;
	if (el->text) {
		if (tv_string(text))
			S_text_value(r, text, in);
	} else if (el->html) {
		const struct tv *v = S_lookup(r, el->html);
		xmlNodePtr root = v && v->type == TV_FRAG
				      ? xmlDocGetRootElement(v->frag)
				      : NULL;
		if (root)
			html_serialise_children(root, r->out);
	} else {
		S_nodes(r, src->children, in);
	}
	if (!el->omit)
		html_close(r->out, (const char *)src->name);
	r->dir = outer;
	r->lang = lang;
	r->dir_attr = dir_attr;
	r->restore_lang = rlang;
	r->restore_dir = rdir;
}

static void S_each(struct S_render *r, const xmlNode *src, const char *parent)
{
	const struct S_el *el = S_el(src);
	const struct tv *list = S_lookup(r, el->each_list);
	if (!list || list->type != TV_LIST || r->nscopes == 16)
		return;
	struct S_scope *s = &r->scopes[r->nscopes++];
	s->name = el->each;
	s->len = el->each_len;
	for (size_t i = 0; i < list->n; i++) {
		/* Repeated elements each start a line, for readable output. */
		if (i)
			buf_putc(r->out, '\n');
		s->value = list->items[i];
		S_element(r, src, parent);
	}
	r->nscopes--;
}

static void S_nodes(struct S_render *r, const xmlNode *n, const char *parent)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			html_text(r->out, parent, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue; /* comments and processing instructions */
		const xmlNode *src = n;
		const char *block = S_el(n)->block;
		int busy = 0;
		for (const struct S_active *a = r->active; block && a && !busy;
		     a = a->up)
			busy = strcmp(a->name, block) == 0;
		/* The nearest layout in the chain that has the block gives
		 * it; the last one, which is written, gives none. */
		for (const struct tmpl *x = r->leaf;
		     block && !busy && src == n && x->base; x = x->base) {
			const xmlNode *over =
			    S_block(xmlDocGetRootElement(x->doc), block);
			if (over)
				src = over;
		}
		struct S_active act = {block, r->active};
		if (src != n)
			r->active = &act;
		if (S_el(src)->each)
			S_each(r, src, parent);
		else
			S_element(r, src, parent);
		r->active = act.up;
	}
}

int tmpl_render(const struct tmpl_set *ts, const char *name,
		const struct tv *data, struct buf *out, struct diags *d)
{
	const struct tmpl *t = S_find(ts, name);
	if (!t) {
		diags_add(d, SEV_ERROR, "templates", 0, 0,
			  "missing template '%s'", name);
		return -1;
	}
	struct S_render r = {0};
	r.out = out;
	r.data = data;
	r.leaf = t;
	r.d = d;
	r.dir = S_LTR; /* HTML's own default, until a dir says otherwise */
	/* tmpl_load has refused cycles: the chain ends. */
	const struct tmpl *top = t;
	while (top->base)
		top = top->base;
	buf_puts(out, "<!DOCTYPE html>\n");
	S_nodes(&r, xmlDocGetRootElement(top->doc), NULL);
	buf_putc(out, '\n');
	return r.rc;
}
