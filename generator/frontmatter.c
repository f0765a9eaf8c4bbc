/* Front matter: the YAML between a content file's --- fences, parsed by
 * libyaml's document API and checked here key by key against what the page's
 * kind allows. A translation is read against its source page, whose
 * language-neutral facts it takes. Every problem is reported at its line and
 * column in the content file. */
#include "frontmatter.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>
#include <yaml.h>

#include "buf.h"
#include "source.h"
#include "yamlhint.h"

#define BIT(k) (1u << (k))
#define ALL_KINDS                                                              \
	(BIT(KIND_PAGE) | BIT(KIND_AUTHORITY) | BIT(KIND_TERM) |               \
	 BIT(KIND_CONTACT) | BIT(KIND_MUNICIPALITY))
#define ORGS (BIT(KIND_AUTHORITY) | BIT(KIND_MUNICIPALITY))

enum key_id {
	K_TITLE,
	K_SUMMARY,
	K_KIND,
	K_UPDATED,
	K_SOURCE,
	K_ORDER,
	K_TERM,
	K_ABBR,
	K_CONTACT,
	K_PHONES,
	K_EMAIL,
	K_WEB,
	K_ORG,
	K_ADDRESS,
	K_HOURS,
	K_COUNT
};

/* How a language-neutral value is compared with the source's and copied
 * from it into a translation. */
enum fact_type {
	F_NONE, /* per language: each translation writes its own */
	F_TEXT, /* a string at the key's offset in struct frontmatter */
	F_KIND,
	F_ORDER,
	F_PHONES, /* numbers are facts, labels are per language */
	F_ADDRESS,
	F_HOURS
};

/* Indexed by enum key_id; kinds is a set of BIT(enum page_kind). The facts
 * column is the one place that says what is language-neutral: such a key is
 * written only in the source page, and its translations take it from there
 * (DESIGN.md, "Facts once"). abbr is the Swedish abbreviation, which readers
 * meet on Swedish letters whatever their language; org is what kind of
 * organisation a contact is, which no translation can change. */
static const struct {
	const char *name;
	unsigned kinds;
	enum fact_type fact;
	size_t off; /* for F_TEXT */
} keys[K_COUNT] = {
    {"title", ALL_KINDS, F_NONE, 0},
    {"summary", ALL_KINDS, F_NONE, 0},
    {"kind", ALL_KINDS, F_KIND, 0},
    {"updated", ALL_KINDS, F_TEXT, offsetof(struct frontmatter, updated)},
    {"source", ALL_KINDS, F_NONE, 0},
    {"order", ALL_KINDS, F_ORDER, 0},
    {"term", BIT(KIND_TERM), F_NONE, 0},
    {"abbr", BIT(KIND_TERM), F_TEXT, offsetof(struct frontmatter, abbr)},
    {"contact", ORGS | BIT(KIND_TERM) | BIT(KIND_PAGE), F_TEXT,
     offsetof(struct frontmatter, contact)},
    {"phones", BIT(KIND_CONTACT), F_PHONES, 0},
    {"email", BIT(KIND_CONTACT), F_TEXT, offsetof(struct frontmatter, email)},
    {"web", BIT(KIND_CONTACT) | ORGS, F_TEXT,
     offsetof(struct frontmatter, web)},
    {"org", BIT(KIND_CONTACT), F_TEXT, offsetof(struct frontmatter, org)},
    {"address", BIT(KIND_CONTACT), F_ADDRESS, 0},
    {"hours", BIT(KIND_CONTACT), F_HOURS, 0},
};

/* Indexed by enum page_kind. */
static const char *const kind_names[] = {"page", "authority", "term", "contact",
					 "municipality"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

const char *const org_names[ORG_COUNT] = {"authority", "municipality", "health",
					  "information"};

static const char *const phone_fields[] = {"number", "display", "label"};
static const char *const address_fields[] = {"street", "postcode", "city"};
static const char *const hours_fields[] = {"days", "opens", "closes"};
static const char *const day_names[] = {"mo", "tu", "we", "th",
					"fr", "sa", "su"};

struct S_ctx {
	yaml_document_t *doc;
	struct frontmatter *fm;
	const char *path;
	int first_line;
	struct diags *d;
	int errors; /* errors reported so far by this parse */
	/* 0 after a bad 'kind': the intended kind is then unknown, so no key
	 * is warned about as belonging to another kind. */
	int kind_ok;
	/* For a translation: its source page, and the labels its 'phones'
	 * gives, one per source phone (NULL where none is given). */
	const struct fm_source *src;
	char **labels;
};

/* ---- reporting ---- */

static void S_vreport(struct S_ctx *c, enum severity sev, int line, int col,
		      const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	diags_add(c->d, sev, c->path, line, col, "%s", b.ptr);
	buf_release(&b);
	if (sev == SEV_ERROR)
		c->errors++;
}

/* libyaml counts lines and columns from 0, and columns in characters, which is
 * what a diagnostic wants; only the offset of the first YAML line is added. */
static void S_report(struct S_ctx *c, enum severity sev, yaml_mark_t m,
		     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void S_report(struct S_ctx *c, enum severity sev, yaml_mark_t m,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vreport(c, sev, (int)m.line + c->first_line, (int)m.column + 1, fmt,
		  ap);
	va_end(ap);
}

static void S_report_at(struct S_ctx *c, enum severity sev, int line, int col,
			const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void S_report_at(struct S_ctx *c, enum severity sev, int line, int col,
			const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vreport(c, sev, line, col, fmt, ap);
	va_end(ap);
}

#define S_error(c, node, ...)                                                  \
	S_report((c), SEV_ERROR, (node)->start_mark, __VA_ARGS__)
#define S_warning(c, node, ...)                                                \
	S_report((c), SEV_WARNING, (node)->start_mark, __VA_ARGS__)

static const char *S_type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a string";
	}
}

/* ---- edit distance and suggestions ---- */

/* Decodes s into a malloc'd array of code points; a malformed sequence counts
 * as one U+FFFD so that broken input still gets a distance. */
static int32_t *S_decode(const char *s, size_t *n)
{
	size_t len = strlen(s);
	int32_t *cp = xmalloc((len + 1) * sizeof *cp);
	size_t k = 0;
	int32_t i = 0;
	while ((size_t)i < len) {
		UChar32 ch;
		U8_NEXT((const uint8_t *)s, i, (int32_t)len, ch);
		cp[k++] = ch < 0 ? 0xFFFD : ch;
	}
	*n = k;
	return cp;
}

size_t edit_distance(const char *a, const char *b)
{
	size_t na, nb;
	int32_t *ca = S_decode(a, &na), *cb = S_decode(b, &nb);
	size_t *prev = xmalloc((nb + 1) * sizeof *prev);
	size_t *cur = xmalloc((nb + 1) * sizeof *cur);
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t best = sub < del ? sub : del;
			cur[j] = best < ins ? best : ins;
		}
		size_t *t = prev;
		prev = cur;
		cur = t;
	}
	size_t dist = prev[nb];
	free(ca);
	free(cb);
	free(prev);
	free(cur);
	return dist;
}

static size_t S_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The candidate nearest to word, or NULL when even the nearest is too far to
 * be a plausible typo: more than 2 edits and more than a third of the longer
 * word. Ties go to the earlier candidate, so the order of the list matters. */
static const char *S_nearest(const char *word, const char *const *cands,
			     size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t dist = edit_distance(word, cands[i]);
		if (dist < best_d) {
			best_d = dist;
			best = cands[i];
		}
	}
	if (!best)
		return NULL;
	size_t lw = S_chars(word), lb = S_chars(best);
	size_t longer = lw > lb ? lw : lb;
	return best_d <= 2 || 3 * best_d <= longer ? best : NULL;
}

/* ---- scalar values ---- */

/* YAML's null: an empty plain value, '~' or 'null'. Quoted "" is a string. */
static int S_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	const char *v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* The text of a scalar value, or NULL after reporting a value of the wrong
 * type. what names the value in the message, e.g. "'title'". */
static const char *S_scalar(struct S_ctx *c, const yaml_node_t *n,
			    const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		S_error(c, n,
			"wrong type for %s: expected a string, found %s "
			"(write the value on the same line as its key)",
			what, S_type_name(n));
		return NULL;
	}
	/* A "\0" escape would silently cut the string short in C. */
	if (strlen((const char *)n->data.scalar.value) !=
	    n->data.scalar.length) {
		S_error(c, n, "%s contains a NUL character (remove the '\\0')",
			what);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static int S_all_digits(const char *s, size_t n, int (*pred)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!pred((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Locale-independent ctype, so the result cannot depend on LC_ALL. */
static int S_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int S_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* A date as precise as the source is: YYYY, YYYY-MM or YYYY-MM-DD. Facts
 * known only by year must not be given an invented day. */
static void S_updated(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	size_t n = strlen(s);
	int shape_ok =
	    (n == 4 || n == 7 || n == 10) && S_all_digits(s, 4, S_digit) &&
	    (n < 7 || (s[4] == '-' && S_all_digits(s + 5, 2, S_digit))) &&
	    (n < 10 || (s[7] == '-' && S_all_digits(s + 8, 2, S_digit)));
	if (!shape_ok) {
		S_error(c, v,
			"invalid date '%s' for 'updated' (write it as "
			"YYYY-MM-DD, e.g. '2018-03-01', or YYYY-MM or YYYY "
			"when the day is not known)",
			s);
		return;
	}
	int y = atoi(s), m = n >= 7 ? atoi(s + 5) : 1,
	    d = n == 10 ? atoi(s + 8) : 1;
	if (m < 1 || m > 12) {
		S_error(c, v,
			"date '%s' for 'updated' has no month %02d (write it "
			"as YYYY-MM-DD)",
			s, m);
		return;
	}
	int last = S_days_in_month(y, m);
	if (d < 1 || d > last) {
		S_error(c, v,
			"date '%s' for 'updated' does not exist (month %02d "
			"of %04d has %d days)",
			s, m, y, last);
		return;
	}
	c->fm->updated = xstrdup(s);
}

static void S_source(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	struct source_ref r;
	if (source_parse(s, &r) != 0) {
		S_error(c, v,
			"'source' must be a git blob id and a text hash, not "
			"'%s' (run 'skylt status --hash' on the Swedish file "
			"this page was translated from)",
			s);
		return;
	}
	c->fm->source = xstrdup(s);
}

static void S_order(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t n = strlen(p);
	/* Nine digits always fit an int; no page list is that long. */
	if (n == 0 || n > 9 || !S_all_digits(p, n, S_digit)) {
		S_error(c, v,
			"'order' must be a whole number, not '%s' (e.g. "
			"'order: 2')",
			s);
		return;
	}
	c->fm->order = (int)strtol(s, NULL, 10);
	c->fm->has_order = 1;
}

static void S_kind(struct S_ctx *c, const yaml_node_t *v)
{
	if (S_is_null(v))
		return;
	const char *s = S_scalar(c, v, "'kind'");
	if (!s) {
		c->kind_ok = 0;
		return;
	}
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			c->fm->kind = (enum page_kind)i;
			return;
		}
	/* Always name the nearest kind: there are only five and any of them
	 * is a better hint than none. */
	size_t best = 0, best_d = SIZE_MAX;
	for (size_t i = 0; i < NKINDS; i++) {
		size_t dist = edit_distance(s, kind_names[i]);
		if (dist < best_d) {
			best_d = dist;
			best = i;
		}
	}
	S_error(c, v,
		"unknown kind '%s' (use one of page, authority, term, "
		"contact, municipality; did you mean '%s'?)",
		s, kind_names[best]);
	c->kind_ok = 0;
}

/* The contact page is named like a link target, relative to the language
 * folder, so that model.c can look it up in every language. */
static void S_contact(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	size_t n = strlen(s);
	if (n > 3 && strcmp(s + n - 3, ".md") == 0)
		n -= 3;
	int ok = n > 0 && s[0] != '/' && s[n - 1] != '/';
	for (size_t i = 0; ok && i < n;) {
		size_t j = i;
		while (j < n && s[j] != '/')
			j++;
		if (j == i || (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			ok = 0;
		i = j + 1;
	}
	if (!ok) {
		S_error(c, v,
			"invalid contact page '%s' (write its path from the "
			"language folder without a leading '/' or '..', e.g. "
			"'kontakter/karlskoga')",
			s);
		return;
	}
	c->fm->contact = xstrndup(s, n);
	c->fm->contact_loc.line = (int)v->start_mark.line + c->first_line;
	c->fm->contact_loc.col = (int)v->start_mark.column + 1;
}

static void S_email(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@')) {
		S_error(c, v,
			"invalid email address '%s' (it needs one '@' with a "
			"name before it and a domain after it)",
			s);
		return;
	}
	c->fm->email = xstrdup(s);
}

static void S_web(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	size_t skip = strncmp(s, "https://", 8) == 0  ? 8
		      : strncmp(s, "http://", 7) == 0 ? 7
						      : 0;
	if (!skip || !s[skip]) {
		S_error(c, v,
			"web address '%s' must start with 'https://' or "
			"'http://' (e.g. 'https://www.migrationsverket.se')",
			s);
		return;
	}
	c->fm->web = xstrdup(s);
}

/* What kind of organisation a contact is: a fixed list, because the
 * contact directory gives each its own heading in every language. */
static void S_org(struct S_ctx *c, const yaml_node_t *v, const char *s)
{
	for (size_t i = 0; i < ORG_COUNT; i++)
		if (strcmp(s, org_names[i]) == 0) {
			c->fm->org = xstrdup(s);
			return;
		}
	const char *near = S_nearest(s, org_names, ORG_COUNT);
	struct buf hint = BUF_INIT;
	if (near)
		buf_printf(&hint, "; did you mean '%s'?", near);
	S_error(c, v,
		"unknown org '%s' (use one of authority, municipality, health, "
		"information%s)",
		s, hint.len ? hint.ptr : "");
	buf_release(&hint);
}

/* ---- nested mappings: phones, address, hours ---- */

/* Gathers the scalar values of a nested mapping into val[] (and their nodes
 * into at[]), in the order of names; an absent or null field stays NULL.
 * Reports keys that are not scalars, duplicates and wrong types as errors and
 * unknown fields as warnings. owner names the mapping in messages. */
static void S_fields(struct S_ctx *c, const yaml_node_t *map, const char *owner,
		     const char *const *names, size_t n, const char **val,
		     const yaml_node_t **at)
{
	const yaml_node_t *seen[8] = {0};
	for (size_t i = 0; i < n; i++) {
		val[i] = NULL;
		at[i] = NULL;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		if (k->type != YAML_SCALAR_NODE) {
			S_error(c, k,
				"invalid key in '%s': expected a word such as "
				"'%s', found %s",
				owner, names[0], S_type_name(k));
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
		size_t f = 0;
		while (f < n && strcmp(key, names[f]) != 0)
			f++;
		if (f == n) {
			const char *near = S_nearest(key, names, n);
			if (near)
				S_warning(c, k,
					  "unknown key '%s' in '%s' (did you "
					  "mean '%s'?)",
					  key, owner, near);
			else
				S_warning(c, k, "unknown key '%s' in '%s'", key,
					  owner);
			continue;
		}
		if (seen[f]) {
			S_error(c, k,
				"duplicate key '%s' in '%s' (the first is on "
				"line %d; remove one of them)",
				key, owner,
				(int)seen[f]->start_mark.line + c->first_line);
			continue;
		}
		seen[f] = k;
		if (S_is_null(v))
			continue;
		struct buf what = BUF_INIT;
		buf_printf(&what, "'%s' in '%s'", key, owner);
		val[f] = S_scalar(c, v, what.ptr);
		at[f] = v;
		buf_release(&what);
	}
}

/* Whether a required field has a usable value; reports it at the mapping
 * when it is absent or blank (at is NULL), not when its value was bad. */
static int S_require(struct S_ctx *c, const yaml_node_t *map, const char *owner,
		     const char *field, const char *example, const char *val,
		     const yaml_node_t *at)
{
	if (val || at)
		return val != NULL;
	S_error(c, map,
		"missing key '%s' in '%s' (add a line such as '%s: %s')", field,
		owner, field, example);
	return 0;
}

static int S_e164(const char *s)
{
	size_t n = strlen(s);
	return s[0] == '+' && n >= 7 && n <= 16 &&
	       S_all_digits(s + 1, n - 1, S_digit);
}

/* Whether a list item is a mapping; reports it when not. */
static int S_item_is_map(struct S_ctx *c, const yaml_node_t *item,
			 const char *owner, size_t i, const char *example)
{
	if (item->type == YAML_MAPPING_NODE)
		return 1;
	S_error(c, item,
		"wrong type for item %zu of '%s': expected a mapping, found "
		"%s (e.g. '- %s')",
		i + 1, owner, S_type_name(item), example);
	return 0;
}

static int S_is_list(struct S_ctx *c, const yaml_node_t *v, const char *owner,
		     const char *example)
{
	if (v->type == YAML_SEQUENCE_NODE)
		return 1;
	S_error(c, v,
		"wrong type for '%s': expected a list of mappings, found %s "
		"(start each item on its own line with '- %s')",
		owner, S_type_name(v), example);
	return 0;
}

static void S_phones(struct S_ctx *c, const yaml_node_t *v)
{
	static const char example[] = "number: +4658661000";
	if (!S_is_list(c, v, "phones", example))
		return;
	struct frontmatter *fm = c->fm;
	size_t cap =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	fm->phones = xcalloc(cap ? cap : 1, sizeof *fm->phones);
	for (size_t i = 0; i < cap; i++) {
		yaml_node_t *item = yaml_document_get_node(
		    c->doc, v->data.sequence.items.start[i]);
		if (!S_item_is_map(c, item, "phones", i, example))
			continue;
		const char *val[3];
		const yaml_node_t *at[3];
		int before = c->errors;
		S_fields(c, item, "phones", phone_fields, 3, val, at);
		int bad = c->errors != before;
		int ok = S_require(c, item, "phones", "number", "+4658661000",
				   val[0], at[0]);
		ok &= S_require(c, item, "phones", "display", "0586-610 00",
				val[1], at[1]);
		if (val[0] && !S_e164(val[0])) {
			S_error(c, at[0],
				"phone number '%s' is not in E.164 form (write "
				"'+', the country code and the number without "
				"spaces or the leading 0, e.g. '+4658661000')",
				val[0]);
			ok = 0;
		}
		if (!ok || bad)
			continue;
		struct phone *ph = &fm->phones[fm->nphones++];
		ph->e164 = xstrdup(val[0]);
		ph->display = xstrdup(val[1]);
		ph->label = val[2] ? xstrdup(val[2]) : NULL;
	}
}

/* Reports a neutral value that a translation repeats (a warning) or
 * contradicts (an error) at node at; what names it, src_val is the source's
 * value. Nothing is reported when the source itself had errors. */
static void S_versus(struct S_ctx *c, const yaml_node_t *at, const char *what,
		     const char *val, const char *src_val)
{
	if (c->src->failed)
		return;
	if (src_val && strcmp(val, src_val) == 0)
		S_warning(c, at,
			  "%s repeats the value in '%s' and can be removed "
			  "(translations take it from that file)",
			  what, c->src->path);
	else if (src_val)
		S_error(c, at,
			"%s is '%s' here but '%s' in '%s' (remove it: "
			"translations take it from that file)",
			what, val, src_val, c->src->path);
	else
		S_error(c, at,
			"%s is not in '%s' (facts are written only there: "
			"remove it here, or add it there)",
			what, c->src->path);
}

/* A translation's 'phones': the numbers are the source's, so each item may
 * give only the label of the source's phone in the same place. A number or
 * display form written anyway must be the source's. */
static void S_phone_labels(struct S_ctx *c, const yaml_node_t *v)
{
	static const char example[] = "label: …";
	if (!S_is_list(c, v, "phones", example))
		return;
	const struct frontmatter *sf = c->src->fm;
	size_t n =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yaml_document_get_node(
		    c->doc, v->data.sequence.items.start[i]);
		if (!S_item_is_map(c, item, "phones", i, example))
			continue;
		if (i >= sf->nphones) {
			if (!c->src->failed)
				S_error(c, item,
					"phone %zu is not in '%s', which has "
					"%zu (numbers are written only there; "
					"here give each phone's label in the "
					"same order)",
					i + 1, c->src->path, sf->nphones);
			continue;
		}
		const char *val[3];
		const yaml_node_t *at[3];
		S_fields(c, item, "phones", phone_fields, 3, val, at);
		const struct phone *sp = &sf->phones[i];
		struct buf what = BUF_INIT;
		for (int f = 0; f < 2; f++) {
			if (!val[f])
				continue;
			buf_truncate(&what, 0);
			buf_printf(&what, "'%s' of phone %zu", phone_fields[f],
				   i + 1);
			S_versus(c, at[f], what.ptr, val[f],
				 f == 0 ? sp->e164 : sp->display);
		}
		buf_release(&what);
		if (val[2] && !sp->label) {
			if (!c->src->failed)
				S_warning(c, at[2],
					  "phone %zu has no label in '%s', "
					  "so this one is ignored (add one "
					  "there first)",
					  i + 1, c->src->path);
		} else if (val[2]) {
			c->labels[i] = xstrdup(val[2]);
		}
	}
}

static void S_address(struct S_ctx *c, const yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE) {
		S_error(c, v,
			"wrong type for 'address': expected a mapping, found "
			"%s (give 'street', 'postcode' and 'city' on "
			"indented lines below it)",
			S_type_name(v));
		return;
	}
	const char *val[3];
	const yaml_node_t *at[3];
	S_fields(c, v, "address", address_fields, 3, val, at);
	struct postal_address *a = &c->fm->address;
	a->street = val[0] ? xstrdup(val[0]) : NULL;
	a->postcode = val[1] ? xstrdup(val[1]) : NULL;
	a->city = val[2] ? xstrdup(val[2]) : NULL;
}

/* "mo", "mo-fr": ISO weekday numbers into *first and *last. */
static int S_days(const char *s, int *first, int *last)
{
	size_t n = strlen(s);
	if (n != 2 && (n != 5 || s[2] != '-'))
		return 0;
	*first = *last = 0;
	for (int i = 0; i < 7; i++) {
		if (strncmp(s, day_names[i], 2) == 0)
			*first = i + 1;
		if (strncmp(s + n - 2, day_names[i], 2) == 0)
			*last = i + 1;
	}
	return *first && *last;
}

/* "HH:MM" on a 24-hour clock into minutes since midnight, or -1. */
static int S_clock(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':' || !S_all_digits(s, 2, S_digit) ||
	    !S_all_digits(s + 3, 2, S_digit))
		return -1;
	int h = atoi(s), m = atoi(s + 3);
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static int S_check_clock(struct S_ctx *c, const yaml_node_t *at,
			 const char *field, const char *s)
{
	int t = S_clock(s);
	if (t < 0)
		S_error(c, at,
			"invalid time '%s' for '%s' (write it as HH:MM on a "
			"24-hour clock, e.g. '08:00' or '16:30')",
			s, field);
	return t;
}

static void S_hours(struct S_ctx *c, const yaml_node_t *v)
{
	static const char example[] = "days: mo-fr";
	if (!S_is_list(c, v, "hours", example))
		return;
	struct frontmatter *fm = c->fm;
	size_t cap =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	fm->hours = xcalloc(cap ? cap : 1, sizeof *fm->hours);
	for (size_t i = 0; i < cap; i++) {
		yaml_node_t *item = yaml_document_get_node(
		    c->doc, v->data.sequence.items.start[i]);
		if (!S_item_is_map(c, item, "hours", i, example))
			continue;
		const char *val[3];
		const yaml_node_t *at[3];
		int before = c->errors;
		S_fields(c, item, "hours", hours_fields, 3, val, at);
		int bad = c->errors != before;
		int ok =
		    S_require(c, item, "hours", "days", "mo-fr", val[0], at[0]);
		ok &= S_require(c, item, "hours", "opens", "08:00", val[1],
				at[1]);
		ok &= S_require(c, item, "hours", "closes", "16:00", val[2],
				at[2]);
		int first = 0, last = 0;
		if (val[0] && !S_days(val[0], &first, &last)) {
			S_error(c, at[0],
				"invalid days '%s' (use one day or a range of "
				"two-letter days mo tu we th fr sa su, e.g. "
				"'mo-fr' or 'sa')",
				val[0]);
			ok = 0;
		} else if (val[0] && first > last) {
			S_error(c, at[0],
				"days '%s' run backwards (write the earlier "
				"day first, e.g. 'mo-fr'; split a range over "
				"the weekend in two)",
				val[0]);
			ok = 0;
		}
		int opens =
		    val[1] ? S_check_clock(c, at[1], "opens", val[1]) : -1;
		int closes =
		    val[2] ? S_check_clock(c, at[2], "closes", val[2]) : -1;
		if (opens >= 0 && closes >= 0 && closes <= opens) {
			S_error(c, at[2],
				"closing time '%s' is not after opening time "
				"'%s'",
				val[2], val[1]);
			ok = 0;
		}
		if (!ok || bad || opens < 0 || closes < 0)
			continue;
		struct hours *h = &fm->hours[fm->nhours++];
		h->first_day = first;
		h->last_day = last;
		h->opens = xstrdup(val[1]);
		h->closes = xstrdup(val[2]);
	}
}

/* ---- the top level ---- */

static enum key_id S_key_id(const char *key)
{
	for (int i = 0; i < K_COUNT; i++)
		if (strcmp(key, keys[i].name) == 0)
			return (enum key_id)i;
	return K_COUNT;
}

/* Stores a string key that has no further rules; an empty value is absent. */
static void S_string(struct S_ctx *c, const yaml_node_t *v, const char *key,
		     char **out)
{
	if (S_is_null(v))
		return;
	struct buf what = BUF_INIT;
	buf_printf(&what, "'%s'", key);
	const char *s = S_scalar(c, v, what.ptr);
	buf_release(&what);
	if (s)
		*out = xstrdup(s);
}

static int S_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

static void S_value(struct S_ctx *c, enum key_id id, const yaml_node_t *k,
		    const yaml_node_t *v)
{
	struct frontmatter *fm = c->fm;
	const char *name = keys[id].name;
	if (id == K_KIND)
		return; /* read before the others, see S_mapping */
	if (id == K_TITLE || id == K_TERM) {
		/* Reported at the key: an empty plain value's own mark can
		 * lie on the next line, far from where the value is missing. */
		if (S_is_null(v) ||
		    (v->type == YAML_SCALAR_NODE &&
		     S_blank((const char *)v->data.scalar.value)))
			S_error(c, k,
				"empty value for '%s' (write it after '%s: ')",
				name, name);
		else
			S_string(c, v, name,
				 id == K_TITLE ? &fm->title : &fm->term);
		return;
	}
	if (S_is_null(v))
		return; /* an optional key left blank is simply absent */
	switch (id) {
	case K_SUMMARY:
		S_string(c, v, name, &fm->summary);
		return;
	case K_ABBR:
		S_string(c, v, name, &fm->abbr);
		return;
	case K_PHONES:
		if (c->src)
			S_phone_labels(c, v);
		else
			S_phones(c, v);
		return;
	case K_ADDRESS:
		S_address(c, v);
		return;
	case K_HOURS:
		S_hours(c, v);
		return;
	default:
		break;
	}
	struct buf what = BUF_INIT;
	buf_printf(&what, "'%s'", name);
	const char *s = S_scalar(c, v, what.ptr);
	buf_release(&what);
	if (!s)
		return;
	switch (id) {
	case K_UPDATED:
		S_updated(c, v, s);
		break;
	case K_SOURCE:
		S_source(c, v, s);
		break;
	case K_ORDER:
		S_order(c, v, s);
		break;
	case K_CONTACT:
		S_contact(c, v, s);
		break;
	case K_EMAIL:
		S_email(c, v, s);
		break;
	case K_WEB:
		S_web(c, v, s);
		break;
	case K_ORG:
		S_org(c, v, s);
		break;
	default:
		break;
	}
}

/* ---- facts a translation takes from its source ---- */

static char *S_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int S_same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int S_has(const struct frontmatter *fm, enum key_id id)
{
	const struct postal_address *a = &fm->address;
	switch (keys[id].fact) {
	case F_TEXT:
		return *(char *const *)((const char *)fm + keys[id].off) !=
		       NULL;
	case F_ORDER:
		return fm->has_order;
	case F_ADDRESS:
		return a->street || a->postcode || a->city;
	case F_HOURS:
		return fm->nhours > 0;
	default:
		return 0;
	}
}

static int S_same(const struct frontmatter *x, const struct frontmatter *y,
		  enum key_id id)
{
	switch (keys[id].fact) {
	case F_TEXT:
		return S_same_str(
		    *(char *const *)((const char *)x + keys[id].off),
		    *(char *const *)((const char *)y + keys[id].off));
	case F_ORDER:
		return x->order == y->order;
	case F_ADDRESS:
		return S_same_str(x->address.street, y->address.street) &&
		       S_same_str(x->address.postcode, y->address.postcode) &&
		       S_same_str(x->address.city, y->address.city);
	case F_HOURS:
		if (x->nhours != y->nhours)
			return 0;
		for (size_t i = 0; i < x->nhours; i++)
			if (x->hours[i].first_day != y->hours[i].first_day ||
			    x->hours[i].last_day != y->hours[i].last_day ||
			    strcmp(x->hours[i].opens, y->hours[i].opens) ||
			    strcmp(x->hours[i].closes, y->hours[i].closes))
				return 0;
		return 1;
	default:
		return 1;
	}
}

/* The value as a message quotes it, or NULL for a structure. */
static char *S_shown(const struct frontmatter *fm, enum key_id id)
{
	if (keys[id].fact == F_TEXT)
		return S_dup(*(char *const *)((const char *)fm + keys[id].off));
	if (keys[id].fact == F_ORDER && fm->has_order)
		return xasprintf("%d", fm->order);
	return NULL;
}

/* Replaces fm's value of key id by a copy of the source's. */
static void S_copy(struct frontmatter *fm, const struct frontmatter *sf,
		   enum key_id id)
{
	switch (keys[id].fact) {
	case F_TEXT: {
		char **mine = (char **)((char *)fm + keys[id].off);
		free(*mine);
		*mine =
		    S_dup(*(char *const *)((const char *)sf + keys[id].off));
		break;
	}
	case F_ORDER:
		fm->order = sf->order;
		fm->has_order = sf->has_order;
		break;
	case F_ADDRESS:
		free(fm->address.street);
		free(fm->address.postcode);
		free(fm->address.city);
		fm->address.street = S_dup(sf->address.street);
		fm->address.postcode = S_dup(sf->address.postcode);
		fm->address.city = S_dup(sf->address.city);
		break;
	case F_HOURS:
		for (size_t i = 0; i < fm->nhours; i++) {
			free(fm->hours[i].opens);
			free(fm->hours[i].closes);
		}
		free(fm->hours);
		fm->hours = NULL;
		fm->nhours = sf->nhours;
		if (sf->nhours)
			fm->hours = xcalloc(sf->nhours, sizeof *fm->hours);
		for (size_t i = 0; i < sf->nhours; i++) {
			fm->hours[i] = sf->hours[i];
			fm->hours[i].opens = xstrdup(sf->hours[i].opens);
			fm->hours[i].closes = xstrdup(sf->hours[i].closes);
		}
		break;
	default:
		break;
	}
}

/* The source's phones with the translation's labels. A label the source has
 * and the translation lacks is a warning: the phone is shown without one. */
static void S_copy_phones(struct S_ctx *c)
{
	const struct frontmatter *sf = c->src->fm;
	struct frontmatter *fm = c->fm;
	fm->nphones = sf->nphones;
	fm->phones =
	    sf->nphones ? xcalloc(sf->nphones, sizeof *fm->phones) : NULL;
	for (size_t i = 0; i < sf->nphones; i++) {
		fm->phones[i].e164 = xstrdup(sf->phones[i].e164);
		fm->phones[i].display = xstrdup(sf->phones[i].display);
		fm->phones[i].label = c->labels[i];
		c->labels[i] = NULL;
		if (sf->phones[i].label && !fm->phones[i].label &&
		    !c->src->failed)
			S_report_at(c, SEV_WARNING, c->first_line - 1, 1,
				    "phone %zu has no label here ('%s' in "
				    "'%s'; give it under 'phones' as "
				    "'- {label: …}' in the same place)",
				    i + 1, sf->phones[i].label, c->src->path);
	}
}

/* After a translation's own keys are read: each neutral value it wrote is
 * checked against the source's, then every neutral value is the source's. */
static void S_inherit(struct S_ctx *c, const yaml_node_t *const *value_at)
{
	const struct frontmatter *sf = c->src->fm;
	for (int i = 0; i < K_COUNT; i++) {
		enum fact_type f = keys[i].fact;
		if (f == F_NONE || f == F_KIND || f == F_PHONES)
			continue;
		if (value_at[i] && S_has(c->fm, (enum key_id)i) &&
		    !c->src->failed) {
			struct buf what = BUF_INIT;
			buf_printf(&what, "'%s'", keys[i].name);
			char *mine = S_shown(c->fm, (enum key_id)i);
			char *theirs = S_shown(sf, (enum key_id)i);
			if (!S_has(sf, (enum key_id)i))
				S_versus(c, value_at[i], what.ptr, "", NULL);
			else if (mine)
				S_versus(c, value_at[i], what.ptr, mine,
					 theirs);
			else if (S_same(c->fm, sf, (enum key_id)i))
				S_warning(c, value_at[i],
					  "%s repeats the value in '%s' and "
					  "can be removed (translations take "
					  "it from that file)",
					  what.ptr, c->src->path);
			else
				S_error(c, value_at[i],
					"%s differs from the one in '%s' "
					"(remove it: translations take it "
					"from that file)",
					what.ptr, c->src->path);
			free(mine);
			free(theirs);
			buf_release(&what);
		}
		S_copy(c->fm, sf, (enum key_id)i);
	}
	/* Inherited, the contact page is checked where it is written. */
	c->fm->contact_loc.line = c->fm->contact_loc.col = 0;
	S_copy_phones(c);
}

/* The scalar key of a top-level pair, or NULL (reported) for a key that is a
 * list or mapping, which YAML allows and front matter has no use for. */
static const char *S_key(struct S_ctx *c, const yaml_node_t *k, int report)
{
	if (k->type == YAML_SCALAR_NODE)
		return (const char *)k->data.scalar.value;
	if (report)
		S_error(c, k,
			"invalid key: expected a word such as 'title', found "
			"%s",
			S_type_name(k));
	return NULL;
}

/* The first earlier pair with the same key, or NULL. */
static const yaml_node_t *S_earlier(struct S_ctx *c, const yaml_node_t *map,
				    const yaml_node_pair_t *pair,
				    const char *key)
{
	for (const yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < pair; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		if (k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return k;
	}
	return NULL;
}

static void S_mapping(struct S_ctx *c, const yaml_node_t *map)
{
	const char *names[K_COUNT];
	for (int i = 0; i < K_COUNT; i++)
		names[i] = keys[i].name;
	/* 'kind' decides which other keys apply, so it is read first,
	 * wherever it stands. */
	const yaml_node_t *kind_at = NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *key =
		    S_key(c, yaml_document_get_node(c->doc, p->key), 0);
		if (key && strcmp(key, "kind") == 0) {
			kind_at = yaml_document_get_node(c->doc, p->value);
			S_kind(c, kind_at);
			break;
		}
	}
	/* A translation's kind is its source's. */
	if (c->src) {
		if (kind_at && c->kind_ok && !S_is_null(kind_at))
			S_versus(c, kind_at, "'kind'",
				 page_kind_name(c->fm->kind),
				 page_kind_name(c->src->fm->kind));
		c->fm->kind = c->src->fm->kind;
		c->kind_ok = 1;
	}
	int present[K_COUNT] = {0};
	const yaml_node_t *value_at[K_COUNT] = {0};
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *key = S_key(c, k, 1);
		if (!key)
			continue;
		const yaml_node_t *first = S_earlier(c, map, p, key);
		if (first) {
			S_error(c, k,
				"duplicate key '%s' (the first is on line %d; "
				"remove one of them)",
				key,
				(int)first->start_mark.line + c->first_line);
			continue;
		}
		enum key_id id = S_key_id(key);
		if (id == K_COUNT) {
			const char *near = S_nearest(key, names, K_COUNT);
			if (near)
				S_warning(c, k,
					  "unknown key '%s' (did you mean "
					  "'%s'?)",
					  key, near);
			else
				S_warning(c, k, "unknown key '%s'", key);
			continue;
		}
		/* After a bad 'kind' the intended kind is unknown, so every
		 * key is checked rather than warned about as misplaced. */
		if (c->kind_ok && !(keys[id].kinds & BIT(c->fm->kind))) {
			S_warning(c, k,
				  "key '%s' is not used by kind '%s' and is "
				  "ignored",
				  key, kind_names[c->fm->kind]);
			continue;
		}
		present[id] = 1;
		value_at[id] = v;
		S_value(c, id, k, v);
	}
	if (c->src)
		S_inherit(c, value_at);
	/* Reported at the opening --- line: the key belongs somewhere in the
	 * block, and that line is where a reader starts looking. */
	for (int i = 0; i < K_COUNT; i++) {
		int required = i == K_TITLE || (i == K_TERM && c->kind_ok &&
						c->fm->kind == KIND_TERM);
		if (required && !present[i])
			S_report_at(c, SEV_ERROR, c->first_line - 1, 1,
				    "missing required key '%s' (add a line "
				    "such as '%s: …')",
				    keys[i].name, keys[i].name);
	}
}

/* Where libyaml's reader (UTF-8 decoding) failed: it gives only a byte
 * offset, so the line and the column in characters are counted here. */
static yaml_mark_t S_offset_mark(const char *yaml, size_t len, size_t off)
{
	yaml_mark_t m = {0, 0, 0};
	for (size_t i = 0; i < off && i < len; i++) {
		if (yaml[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)yaml[i] & 0xC0) != 0x80) {
			m.column++;
		}
	}
	return m;
}

static void S_syntax(struct S_ctx *c, const yaml_parser_t *parser,
		     const char *yaml, size_t len)
{
	yaml_mark_t m = parser->problem_mark;
	if (parser->error == YAML_READER_ERROR)
		m = S_offset_mark(yaml, len, parser->problem_offset);
	const char *problem =
	    parser->problem ? parser->problem : "cannot be read as YAML";
	const char *text;
	size_t n = yaml_line_of(yaml, len, m.line, &text);
	struct buf hint = BUF_INIT;
	int col = yaml_hint(problem, text, n, &hint);
	if (col)
		m.column = (size_t)col - 1;
	/* libyaml often notices a problem only where the text ends (an
	 * unclosed list is found at the closing fence): name where the
	 * construct began, as libyaml's context says. */
	if (parser->context && parser->context_mark.line != m.line)
		S_report(c, SEV_ERROR, m,
			 "invalid front matter: %s %s at line %d%s", problem,
			 parser->context,
			 (int)parser->context_mark.line + c->first_line,
			 hint.len ? hint.ptr : "");
	else
		S_report(c, SEV_ERROR, m, "invalid front matter: %s%s", problem,
			 hint.len ? hint.ptr : "");
	buf_release(&hint);
}

/* libyaml's scanner takes time quadratic in the nesting of flow collections
 * (a minute for 100 kB of '['), and a page's front matter is a few hundred
 * bytes. Both are bounded before libyaml sees the text. The depth is counted
 * over '[' and '{' outside quoted scalars and comments; a bracket inside a
 * plain scalar counts too, which errs on the safe side, and the size bound
 * keeps even a miscount fast. */
static int S_bounded(struct S_ctx *c, const char *yaml, size_t len)
{
	if (len > FRONTMATTER_MAX_BYTES) {
		S_report_at(
		    c, SEV_ERROR, c->first_line - 1, 1,
		    "front matter is %zu bytes, more than the %d a page "
		    "may have: move long text into the page's body",
		    len, FRONTMATTER_MAX_BYTES);
		return -1;
	}
	int depth = 0, line = 0, col = 0;
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = yaml[i];
		char prev = i ? yaml[i - 1] : '\n';
		if (ch == '\n') {
			line++;
			col = 0;
			continue;
		}
		if (((unsigned char)ch & 0xC0) != 0x80)
			col++;
		if (quote == '"') {
			if (ch == '\\' && i + 1 < len && yaml[i + 1] != '\n') {
				i++; /* an escaped character */
				col++;
			} else if (ch == '"') {
				quote = 0;
			}
		} else if (quote) {
			if (ch == '\'' && i + 1 < len && yaml[i + 1] == '\'') {
				i++; /* '' is a quote inside the text */
				col++;
			} else if (ch == '\'') {
				quote = 0;
			}
		} else if ((ch == '"' || ch == '\'') &&
			   strchr(" \t\n[{,:", prev)) {
			quote = ch;
		} else if (ch == '#' && strchr(" \t\n", prev)) {
			while (i + 1 < len && yaml[i + 1] != '\n')
				i++;
		} else if (ch == '[' || ch == '{') {
			if (++depth > FRONTMATTER_MAX_DEPTH) {
				S_report_at(c, SEV_ERROR, c->first_line + line,
					    col,
					    "front matter nests lists or "
					    "mappings more than %d deep: write "
					    "it flatter",
					    FRONTMATTER_MAX_DEPTH);
				return -1;
			}
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

static void S_free_labels(struct S_ctx *c)
{
	for (size_t i = 0; c->labels && i < c->src->fm->nphones; i++)
		free(c->labels[i]);
	free(c->labels);
	c->labels = NULL;
}

int frontmatter_parse(struct frontmatter *fm, const char *yaml, size_t len,
		      const char *path, int first_line, struct diags *d)
{
	return frontmatter_parse_translation(fm, yaml, len, path, first_line,
					     NULL, d);
}

int frontmatter_parse_translation(struct frontmatter *fm, const char *yaml,
				  size_t len, const char *path, int first_line,
				  const struct fm_source *src, struct diags *d)
{
	struct S_ctx c = {NULL, fm, path, first_line, d, 0, 1, src, NULL};
	if (src)
		c.labels = xcalloc(src->fm->nphones ? src->fm->nphones : 1,
				   sizeof *c.labels);
	if (S_bounded(&c, yaml, len) < 0) {
		S_free_labels(&c);
		return -1;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser))
		abort(); /* out of memory, as xmalloc does */
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	/* On failure yaml_parser_load has already deleted the document. */
	if (!yaml_parser_load(&parser, &doc)) {
		S_syntax(&c, &parser, yaml, len);
		yaml_parser_delete(&parser);
		S_free_labels(&c);
		return -1;
	}
	c.doc = &doc;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root) {
		/* load.c ends the block at a bare '---', but '--- # note'
		 * starts a second document here, which must not be dropped
		 * without a word. */
		yaml_document_t more;
		if (!yaml_parser_load(&parser, &more)) {
			S_syntax(&c, &parser, yaml, len);
		} else {
			yaml_node_t *r = yaml_document_get_root_node(&more);
			if (r)
				S_error(&c, r,
					"front matter holds a second YAML "
					"document (remove the '---' line "
					"before it)");
			yaml_document_delete(&more);
		}
	}
	if (root && root->type != YAML_MAPPING_NODE)
		S_error(&c, root,
			"wrong type for front matter: expected lines of "
			"'key: value' such as 'title: …', found %s",
			S_type_name(root));
	else if (root)
		S_mapping(&c, root);
	else /* empty: the only problem is what is missing */
		S_report_at(&c, SEV_ERROR, first_line - 1, 1,
			    "missing required key 'title' (add a line such as "
			    "'title: …')");
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	S_free_labels(&c);
	return c.errors ? -1 : 0;
}

void frontmatter_release(struct frontmatter *fm)
{
	free(fm->title);
	free(fm->summary);
	free(fm->updated);
	free(fm->source);
	free(fm->term);
	free(fm->abbr);
	free(fm->contact);
	for (size_t i = 0; i < fm->nphones; i++) {
		free(fm->phones[i].e164);
		free(fm->phones[i].display);
		free(fm->phones[i].label);
	}
	free(fm->phones);
	free(fm->email);
	free(fm->web);
	free(fm->org);
	free(fm->address.street);
	free(fm->address.postcode);
	free(fm->address.city);
	for (size_t i = 0; i < fm->nhours; i++) {
		free(fm->hours[i].opens);
		free(fm->hours[i].closes);
	}
	free(fm->hours);
	/* Zeroed, so that a second release or a re-parse starts clean. */
	memset(fm, 0, sizeof *fm);
}

const char *page_kind_name(enum page_kind k)
{
	return (unsigned)k < NKINDS ? kind_names[k] : "page";
}
