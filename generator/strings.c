/* Reading XLIFF 2.0 UI strings. Only <unit id> / <segment> / <target> (or
 * <source> in the source language's own file) matter here. */
#include "strings.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <unicode/umsg.h>
#include <unicode/ustring.h>
#include <libxml/tree.h>

#include "buf.h"
#include "deps.h"

#define XLIFF_NS "urn:oasis:names:tc:xliff:document:2.0"

static int S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       xmlStrcmp(n->name, BAD_CAST name) == 0 && n->ns &&
	       xmlStrcmp(n->ns->href, BAD_CAST XLIFF_NS) == 0;
}

static const xmlNode *S_child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (S_is(c, name))
			return c;
	return NULL;
}

static int S_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does text parse as an ICU MessageFormat pattern? A broken brace would
 * otherwise show up as raw braces on every page. */
static int S_valid_message(const char *text, const char *locale,
			   const char **why)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, text, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)n + 1) * sizeof *u);
	u_strFromUTF8(u, n + 1, NULL, text, -1, &err);
	UParseError pe;
	UMessageFormat *f = umsg_open(u, n, locale, &pe, &err);
	if (f)
		umsg_close(f);
	free(u);
	*why = u_errorName(err);
	return U_SUCCESS(err);
}

/* The arguments of the two strings that are formatted. ICU's C MessageFormat
 * takes its arguments as varargs and reads each as the pattern's type says:
 * '{0}' (text) where the code passes a number, or a '{1}' it does not pass,
 * reads memory that is not there. So 'glossary_count' (given one number) may
 * read only {0} as a number (number, plural, selectordinal …), and
 * 'file_info' (given two texts) only {0} and {1} as text (untyped or
 * select). 'age_check', 'shown_in' and 'search_none' are not formatted but
 * split at their "{0}", where a link (or the reader's query) goes
 * (compose.c): they may hold only a plain {0}; 'search_help', split at its
 * two links, only a plain {0} and {1}. The
 * scan errs on the safe side: a pattern it cannot follow is refused. Quoting:
 * only '{', '}' and '' are taken as quotes, so that no text ICU reads as an
 * argument is skipped here. */
static int S_msg_args(const char **pp, char kind, int depth);

static void S_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int S_arg(const char **pp, char kind, int depth)
{
	static const char *const numeric[] = {
	    "number", "plural",	 "selectordinal", "spellout", "ordinal",
	    "duration", "date", "time",	  "choice"};
	const char *p = *pp;
	S_ws(&p);
	size_t idx = 0, digits = 0;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		idx = idx * 10 + (size_t)(*p - '0');
	if (!digits)
		return -1; /* a named argument, or none */
	S_ws(&p);
	int text = 1;
	const char *type = NULL;
	size_t tlen = 0;
	if (*p == ',') {
		p++;
		S_ws(&p);
		type = p;
		while (*p >= 'a' && *p <= 'z')
			p++;
		tlen = (size_t)(p - type);
		text = tlen == 6 && !strncmp(type, "select", 6);
		if (!text) {
			size_t i = 0;
			while (i < sizeof numeric / sizeof *numeric &&
			       (strlen(numeric[i]) != tlen ||
				strncmp(type, numeric[i], tlen)))
				i++;
			if (i == sizeof numeric / sizeof *numeric)
				return -1;
		}
		S_ws(&p);
	}
	if (kind == 'n'	  ? text || idx != 0
	    : kind == 'l' ? type || idx != 0
	    : kind == 'k' ? type || idx > 1
			  : !text || idx > 1)
		return -1;
	if (*p == ',') {
		p++;
		int branches = type && ((tlen == 6 && !strncmp(type, "plural", 6)) ||
					(tlen == 6 && !strncmp(type, "select", 6)) ||
					(tlen == 13 && !strncmp(type, "selectordinal", 13)));
		if (!branches) {
			/* A style ("integer", a skeleton) or choice's
			 * "0#…|1#…", whose texts may hold arguments. */
			if (S_msg_args(&p, kind, depth + 1) < 0)
				return -1;
		} else {
			for (;;) {
				S_ws(&p);
				if (*p == '}' || !*p)
					break;
				const char *sel = p;
				while (*p && *p != '{' && *p != '}' && *p != ' ' &&
				       *p != '\t' && *p != '\n' && *p != '\r')
					p++;
				if (p == sel)
					return -1;
				S_ws(&p);
				if (*p != '{')
					continue; /* "offset:1" */
				p++;
				if (S_msg_args(&p, kind, depth + 1) < 0 ||
				    *p != '}')
					return -1;
				p++;
			}
		}
	}
	if (*p != '}')
		return -1;
	*pp = p + 1;
	return 0;
}

/* Message text up to an unmatched '}' or the end. */
static int S_msg_args(const char **pp, char kind, int depth)
{
	if (depth > 16)
		return -1;
	const char *p = *pp;
	while (*p && *p != '}') {
		if (*p == '\'' && p[1] == '\'') {
			p += 2;
		} else if (*p == '\'' && (p[1] == '{' || p[1] == '}')) {
			const char *q = strchr(p + 2, '\'');
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '{') {
			p++;
			if (S_arg(&p, kind, depth + 1) < 0)
				return -1;
		} else {
			p++;
		}
	}
	*pp = p;
	return 0;
}

/* Does the string id (text) read only the arguments the code gives it? */
static int S_args_ok(const char *id, const char *text)
{
	char kind = !strcmp(id, "glossary_count") ? 'n'
		    : !strcmp(id, "file_info")	  ? 's'
		    : !strcmp(id, "age_check")	  ? 'l'
		    : !strcmp(id, "shown_in")	  ? 'l'
		    : !strcmp(id, "search_none")  ? 'l'
		    : !strcmp(id, "search_help")  ? 'k'
						  : 0;
	if (!kind)
		return 1;
	const char *p = text;
	return S_msg_args(&p, kind, 0) == 0 && *p == '\0';
}

/* Reads one file into m; returns -1 on an error worth failing the build. */
static int S_read(struct hmap *m, const char *path, int is_source,
		  const char *locale, struct diags *d)
{
	xmlDocPtr doc = xmlReadFile(path, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		diags_add(d, SEV_ERROR, path, e ? e->line : 0, e ? e->int2 : 0,
			  "malformed XLIFF: %s",
			  e && e->message ? e->message : "cannot parse");
		return -1;
	}
	int rc = 0;
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || !S_is(root, "xliff")) {
		diags_add(d, SEV_ERROR, path, root ? xmlGetLineNo(root) : 0, 0,
			  "not an XLIFF 2.0 file: the root must be <xliff "
			  "xmlns=\"" XLIFF_NS "\">");
		xmlFreeDoc(doc);
		return -1;
	}
	for (const xmlNode *f = root->children; f; f = f->next) {
		if (!S_is(f, "file"))
			continue;
		for (const xmlNode *u = f->children; u; u = u->next) {
			if (!S_is(u, "unit"))
				continue;
			xmlChar *id = xmlGetProp(u, BAD_CAST "id");
			const xmlNode *seg = S_child(u, "segment");
			const xmlNode *t =
			    seg ? S_child(seg, is_source ? "source" : "target")
				: NULL;
			if (!t && seg && is_source)
				t = S_child(seg, "target");
			if (!id || !t) {
				diags_add(d, SEV_ERROR, path,
					  (int)xmlGetLineNo(u), 0,
					  "unit %s%s%s needs an id and a "
					  "<segment> with a <%s>",
					  id ? "'" : "", id ? (char *)id : "",
					  id ? "'" : "",
					  is_source ? "source" : "target");
				rc = -1;
			} else {
				xmlChar *text = xmlNodeGetContent(t);
				const char *why;
				if (!S_valid_message((char *)text, locale,
						     &why)) {
					diags_add(
					    d, SEV_ERROR, path,
					    (int)xmlGetLineNo(t), 0,
					    "unit '%s' is not a valid ICU "
					    "MessageFormat pattern (%s): "
					    "check its braces",
					    (char *)id, why);
					rc = -1;
				} else if (!S_args_ok((char *)id,
						      (char *)text)) {
					diags_add(
					    d, SEV_ERROR, path,
					    (int)xmlGetLineNo(t), 0,
					    "unit '%s' may use only %s",
					    (char *)id,
					    !strcmp((char *)id, "file_info")
						? "{0} and {1}, as text"
					    : !strcmp((char *)id,
						      "search_help")
						? "{0} and {1}, written as "
						  "they are (they become "
						  "links)"
					    : !strcmp((char *)id,
						      "age_check") ||
						    !strcmp((char *)id,
							    "shown_in") ||
						    !strcmp((char *)id,
							    "search_none")
						? "{0}, written as it is (it "
						  "becomes a link)"
						: "{0}, as a number ({0, "
						  "plural, …})");
					rc = -1;
				}
				char *prev = hmap_put(m, (char *)id,
						      xstrdup((char *)text));
				if (prev) {
					diags_add(d, SEV_ERROR, path,
						  (int)xmlGetLineNo(u), 0,
						  "unit '%s' is defined twice",
						  (char *)id);
					free(prev);
					rc = -1;
				}
				xmlFree(text);
			}
			xmlFree(id);
		}
	}
	xmlFreeDoc(doc);
	return rc;
}

int strings_load(struct ui_strings *s, const struct config *cfg,
		 const char *dir, struct diags *d)
{
	memset(s, 0, sizeof *s);
	s->nlangs = cfg->nlangs;
	s->source = cfg->source;
	s->by_lang = xcalloc(cfg->nlangs, sizeof *s->by_lang);
	int rc = 0;
	for (size_t i = 0; i < cfg->nlangs; i++) {
		hmap_init(&s->by_lang[i]);
		char *path = xasprintf("%s/%s.xlf", dir, cfg->langs[i].code);
		struct stat st;
		int is_source = i == cfg->source;
		if (stat(path, &st) != 0) {
			diags_add(d, is_source ? SEV_ERROR : SEV_WARNING, path,
				  0, 0,
				  is_source ? "missing the source language's "
					      "UI strings"
					    : "missing: the UI is shown in the "
					      "source language");
			if (is_source)
				rc = -1;
		} else if (S_read(&s->by_lang[i], path, is_source,
				  cfg->langs[i].locale, d) < 0) {
			rc = -1;
		}
		free(path);
	}
	const struct hmap *src = &s->by_lang[cfg->source];
	s->ids = xcalloc(src->n, sizeof *s->ids);
	for (size_t k = 0; k < src->cap; k++)
		if (src->slots[k].key)
			s->ids[s->nids++] = xstrdup(src->slots[k].key);
	qsort(s->ids, s->nids, sizeof *s->ids, S_strcmp);
	/* Report each gap once, here, rather than once per page. */
	for (size_t i = 0; i < cfg->nlangs; i++) {
		if (i == cfg->source || !s->by_lang[i].n)
			continue;
		for (size_t k = 0; k < s->nids; k++)
			if (!hmap_get(&s->by_lang[i], s->ids[k])) {
				char *path = xasprintf("%s/%s.xlf", dir,
						       cfg->langs[i].code);
				diags_add(d, SEV_WARNING, path, 0, 0,
					  "no translation of '%s': the source "
					  "text is used",
					  s->ids[k]);
				free(path);
			}
	}
	return rc;
}

void strings_release(struct ui_strings *s)
{
	for (size_t i = 0; i < s->nlangs; i++) {
		struct hmap *m = &s->by_lang[i];
		for (size_t k = 0; k < m->cap; k++)
			free(m->slots[k].val);
		hmap_release(m);
	}
	free(s->by_lang);
	for (size_t k = 0; k < s->nids; k++)
		free(s->ids[k]);
	free(s->ids);
	memset(s, 0, sizeof *s);
}

const char *strings_get(const struct ui_strings *s, size_t lang, const char *id)
{
	deps_note(DEP_STRINGS, deps_lang(lang));
	deps_note(DEP_STRINGS, deps_lang(s->source));
	const char *v = hmap_get(&s->by_lang[lang], id);
	return v ? v : hmap_get(&s->by_lang[s->source], id);
}

size_t strings_lang(const struct ui_strings *s, size_t lang, const char *id)
{
	return hmap_get(&s->by_lang[lang], id) ? lang : s->source;
}

char *strings_format(const struct ui_strings *s, size_t lang, const char *id,
		     const char *locale, double n)
{
	const char *pattern = strings_get(s, lang, id);
	if (!pattern)
		return xstrdup("");
	UErrorCode err = U_ZERO_ERROR;
	int32_t plen = 0;
	u_strFromUTF8(NULL, 0, &plen, pattern, -1, &err);
	err = U_ZERO_ERROR;
	UChar *u = xmalloc(((size_t)plen + 1) * sizeof *u);
	u_strFromUTF8(u, plen + 1, NULL, pattern, -1, &err);
	UChar out[512];
	int32_t olen = 0;
	/* The plural argument must be a double: an int formats as 0 with no
	 * error (TRAPS.md). */
	olen = u_formatMessage(locale, u, plen, out, 512, &err, n);
	free(u);
	char buf[1536];
	int32_t blen = 0;
	if (U_SUCCESS(err))
		u_strToUTF8(buf, sizeof buf, &blen, out, olen, &err);
	return U_SUCCESS(err) ? xstrndup(buf, (size_t)blen) : xstrdup(pattern);
}
