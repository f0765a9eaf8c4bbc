/* The template engine and the values it reads. A template is parsed once; each
 * page copies what it needs from it into a new HTML document, so many threads
 * can render from one parsed set without locks. */
#include "template.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>

#define TMPL_NS "urn:skylt:template"

/* Values. */

enum tv_type { TV_STR, TV_BOOL, TV_LIST, TV_MAP, TV_FRAG };

struct tv {
	enum tv_type type;
	char *s;	   /* TV_STR */
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

/* (strcmp, not xmlStrcmp: this runs for every attribute of every template
 * element of every page, and glibc's is many times faster.) */
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

/* Checks every template attribute of the tree at n. */
static int S_check(const struct tmpl *t, const xmlNode *n, struct diags *d)
{
	static const char *const known[] = {"text", "html", "if",      "unless",
					    "each", "omit", "extends", "block"};
	int rc = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
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
		if (S_check(t, n->children, d) < 0)
			rc = -1;
	}
	return rc;
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
					    d) < 0)
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
		if (base && !S_find(ts, base)) {
			diags_add(d, SEV_ERROR, ts->v[i].path,
				  (int)xmlGetLineNo(root), 0,
				  "s:extends names '%s', which is not a "
				  "template in '%s'",
				  base, dir);
			rc = -1;
		}
	}
	if (rc < 0) {
		tmpl_free(ts);
		return NULL;
	}
	return ts;
}

void tmpl_free(struct tmpl_set *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].name);
		free(ts->v[i].path);
		xmlFreeDoc(ts->v[i].doc);
	}
	free(ts->v);
	free(ts);
}

/* Rendering. */

struct S_scope {
	const char *name; /* points into the template */
	size_t len;
	const struct tv *value;
};

struct S_render {
	xmlDocPtr out;
	const struct tv *data;
	/* Fragments already placed, and the element that took their nodes. */
	const struct tv *placed[8];
	xmlNodePtr placed_in[8];
	size_t nplaced;
	const xmlNode *blocks_root; /* the page template when it extends */
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

static const xmlNode *S_block(const xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *b = S_attr(n, "block");
		if (b && strcmp(b, name) == 0)
			return n;
		const xmlNode *inner = S_block(n->children, name);
		if (inner)
			return inner;
	}
	return NULL;
}

static void S_nodes(struct S_render *r, const xmlNode *n, xmlNodePtr parent);

/* Puts fragment v's nodes into e. The first time, they are moved rather than
 * copied (a page's body is most of its nodes); a later use of the same
 * fragment copies them from the element that took them. An element that is
 * omitted does not last, so it always gets a copy. */
static void S_fragment(struct S_render *r, const struct tv *v, xmlNodePtr e,
		       int omitted)
{
	xmlNodePtr root =
	    v && v->type == TV_FRAG ? xmlDocGetRootElement(v->frag) : NULL;
	if (!root)
		return;
	for (size_t i = 0; i < r->nplaced; i++) {
		if (r->placed[i] == v) {
			xmlNodePtr from = r->placed_in[i];
			if (from->children)
				xmlAddChildList(e, xmlDocCopyNodeList(
						       r->out, from->children));
			return;
		}
	}
	if (!root->children)
		return;
	if (omitted || r->nplaced == sizeof r->placed / sizeof *r->placed) {
		xmlAddChildList(e, xmlDocCopyNodeList(r->out, root->children));
		return;
	}
	xmlNodePtr kids = root->children;
	root->children = root->last = NULL;
	for (xmlNodePtr k = kids; k; k = k->next)
		k->parent = NULL;
	xmlSetListDoc(kids, r->out);
	xmlAddChildList(e, kids);
	r->placed[r->nplaced] = v;
	r->placed_in[r->nplaced++] = e;
}

static void S_element(struct S_render *r, const xmlNode *src, xmlNodePtr parent)
{
	const char *cond = S_attr(src, "if");
	if (cond && !S_truthy(S_lookup(r, cond)))
		return;
	cond = S_attr(src, "unless");
	if (cond && S_truthy(S_lookup(r, cond)))
		return;
	xmlNodePtr e = xmlNewDocNode(r->out, NULL, src->name, NULL);
	for (const xmlAttr *a = src->properties; a; a = a->next) {
		if (S_ours(a)) {
			if (strncmp((const char *)a->name, "attr-", 5) != 0 ||
			    !a->children)
				continue;
			const char *v = tv_string(
			    S_lookup(r, (const char *)a->children->content));
			if (v)
				xmlSetProp(e, a->name + 5, BAD_CAST v);
			continue;
		}
		xmlChar *v = xmlNodeListGetString(src->doc, a->children, 1);
		/* xml:lang and the like keep their prefix in HTML. */
		if (a->ns && a->ns->prefix) {
			char *qname =
			    xasprintf("%s:%s", a->ns->prefix, a->name);
			xmlSetProp(e, BAD_CAST qname, v);
			free(qname);
		} else {
			xmlSetProp(e, a->name, v);
		}
		xmlFree(v);
	}
	const char *text = S_attr(src, "text");
	const char *html = S_attr(src, "html");
	if (text) {
		const char *v = tv_string(S_lookup(r, text));
		if (v && *v)
			xmlAddChild(e, xmlNewDocText(r->out, BAD_CAST v));
	} else if (html) {
		S_fragment(r, S_lookup(r, html), e,
			   S_attr(src, "omit") != NULL);
	} else {
		S_nodes(r, src->children, e);
	}
	if (S_attr(src, "omit")) {
		xmlNodePtr kids = e->children;
		e->children = e->last = NULL;
		for (xmlNodePtr k = kids; k; k = k->next)
			k->parent = NULL;
		if (kids)
			xmlAddChildList(parent, kids);
		xmlFreeNode(e);
	} else {
		xmlAddChild(parent, e);
	}
}

static void S_each(struct S_render *r, const xmlNode *src, xmlNodePtr parent,
		   const char *each)
{
	const char *in = strstr(each, " in ");
	const struct tv *list = S_lookup(r, in + 4);
	if (!list || list->type != TV_LIST || r->nscopes == 16)
		return;
	struct S_scope *s = &r->scopes[r->nscopes++];
	s->name = each;
	s->len = (size_t)(in - each);
	for (size_t i = 0; i < list->n; i++) {
		/* Repeated elements each start a line, for readable output. */
		if (i)
			xmlAddChild(parent,
				    xmlNewDocText(r->out, BAD_CAST "\n"));
		s->value = list->items[i];
		S_element(r, src, parent);
	}
	r->nscopes--;
}

static void S_nodes(struct S_render *r, const xmlNode *n, xmlNodePtr parent)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			xmlAddChild(parent, xmlNewDocText(r->out, n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue; /* comments and processing instructions */
		const xmlNode *src = n;
		const char *block = S_attr(n, "block");
		if (block && r->blocks_root) {
			const xmlNode *over = S_block(r->blocks_root, block);
			if (over)
				src = over;
		}
		const char *each = S_attr(src, "each");
		if (each)
			S_each(r, src, parent, each);
		else
			S_element(r, src, parent);
	}
}

xmlDocPtr tmpl_render(const struct tmpl_set *ts, const char *name,
		      const struct tv *data, struct diags *d)
{
	const struct tmpl *t = S_find(ts, name);
	if (!t) {
		diags_add(d, SEV_ERROR, "templates", 0, 0,
			  "missing template '%s'", name);
		return NULL;
	}
	struct S_render r = {0};
	r.data = data;
	const xmlNode *root = xmlDocGetRootElement(t->doc);
	const char *base = S_attr(root, "extends");
	if (base) {
		r.blocks_root = root;
		root = xmlDocGetRootElement(S_find(ts, base)->doc);
	}
	r.out = htmlNewDocNoDtD(NULL, NULL);
	/* An internal subset named html with no identifiers serialises as
	 * <!DOCTYPE html>. */
	xmlCreateIntSubset(r.out, BAD_CAST "html", NULL, NULL);
	xmlNodePtr holder = xmlNewDocNode(r.out, NULL, BAD_CAST "holder", NULL);
	S_nodes(&r, root, holder);
	/* The root element is the one element the template's root became. */
	xmlNodePtr top = holder->children;
	while (top && top->type != XML_ELEMENT_NODE)
		top = top->next;
	if (top) {
		xmlUnlinkNode(top);
		xmlDocSetRootElement(r.out, top);
	}
	xmlFreeNode(holder);
	return r.out;
}
