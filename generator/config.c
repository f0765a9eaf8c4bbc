/* Reading content/site.yaml with libyaml's document API and checking each
 * language against ICU's data. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "buf.h"
#include "locale.h"
#include "yamlhint.h"
#include "text.h"

struct S_ctx {
	yaml_document_t *doc;
	const char *path;
	struct diags *d;
};

static void S_err(struct S_ctx *c, const yaml_node_t *n, const char *fmt,
		  const char *arg)
{
	diags_add(c->d, SEV_ERROR, c->path, n ? (int)n->start_mark.line + 1 : 0,
		  n ? (int)n->start_mark.column + 1 : 0, fmt, arg);
}

static const char *S_scalar(struct S_ctx *c, const yaml_node_t *n,
			    const char *key)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		S_err(c, n, "'%s' must be a text value", key);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

/* A second key would silently replace the first (and a second 'languages'
 * overran the first's array), so it is an error, as in front matter. Only
 * known keys need the check: an unknown one is warned about each time. seen
 * holds, for each of the names, the key node that gave it first. */
static int S_duplicate(struct S_ctx *c, const char *const *names,
		       const yaml_node_t **seen, size_t n, const yaml_node_t *k,
		       const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(key, names[i]) != 0)
			continue;
		if (!seen[i]) {
			seen[i] = k;
			return 0;
		}
		diags_add(c->d, SEV_ERROR, c->path, (int)k->start_mark.line + 1,
			  (int)k->start_mark.column + 1,
			  "duplicate key '%s' (the first is on line %d; remove "
			  "one of them)",
			  key, (int)seen[i]->start_mark.line + 1);
		return 1;
	}
	return 0;
}

static const char *const S_lang_keys[] = {"code",	"tag",	   "locale",
					  "calendar",	"fallback", "numbers",
					  "date_pattern"};
#define S_NLANG_KEYS (sizeof S_lang_keys / sizeof *S_lang_keys)
static const char *const S_site_keys[] = {
    "title",	    "base_url",	  "source", "languages",
    "image_budget", "age_notice", "search"};
#define S_NSITE_KEYS (sizeof S_site_keys / sizeof *S_site_keys)

/* Folders the site writes beside the language folders (templates/assets/
 * and the shared media of assets.c): a language of that code would mix its
 * pages with them. */
static const char *const S_reserved[] = {"assets", "media"};

static int S_check_code(struct S_ctx *c, const yaml_node_t *n, const char *v)
{
	size_t len = strlen(v);
	int ok = len >= 2 && len <= 8;
	for (size_t i = 0; ok && i < len; i++)
		ok = (v[i] >= 'a' && v[i] <= 'z') || v[i] == '-';
	if (!ok) {
		S_err(c, n,
		      "language code '%s' must be 2 to 8 lowercase letters "
		      "(it names the folder content/<code>/ and the URL)",
		      v);
		return 0;
	}
	for (size_t i = 0; i < sizeof S_reserved / sizeof *S_reserved; i++)
		if (strcmp(v, S_reserved[i]) == 0) {
			S_err(c, n,
			      "language code '%s' is the name of a folder the "
			      "site writes for itself (assets, media): choose "
			      "another code",
			      v);
			return 0;
		}
	return 1;
}

static int S_lang(struct S_ctx *c, yaml_node_t *map, struct lang *l)
{
	if (map->type != YAML_MAPPING_NODE) {
		S_err(c, map,
		      "each language must be a mapping with code, tag and "
		      "locale%s",
		      "");
		return -1;
	}
	const yaml_node_t *locale_n = NULL;
	const yaml_node_t *seen[S_NLANG_KEYS] = {0};
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *key = S_scalar(c, k, "key");
		if (!key)
			return -1;
		if (S_duplicate(c, S_lang_keys, seen, S_NLANG_KEYS, k, key))
			return -1;
		const char *val = S_scalar(c, v, key);
		if (!val)
			return -1;
		if (strcmp(key, "code") == 0) {
			if (!S_check_code(c, v, val))
				return -1;
			free(l->code);
			l->code = xstrdup(val);
		} else if (strcmp(key, "tag") == 0) {
			if (!locale_tag_ok(val)) {
				S_err(c, v,
				      "tag '%s' is not a BCP 47 language tag: "
				      "write e.g. 'fa-AF' (with '-', not '_')",
				      val);
				return -1;
			}
			free(l->tag);
			l->tag = xstrdup(val);
		} else if (strcmp(key, "locale") == 0) {
			free(l->locale);
			l->locale = xstrdup(val);
			locale_n = v;
		} else if (strcmp(key, "calendar") == 0) {
			if (!locale_calendar_ok(val)) {
				S_err(c, v,
				      "ICU has no calendar '%s': use e.g. "
				      "'gregorian', 'persian' or 'islamic'",
				      val);
				return -1;
			}
			free(l->calendar);
			l->calendar = xstrdup(val);
		} else if (strcmp(key, "fallback") == 0) {
			free(l->fallback);
			l->fallback = xstrdup(val);
		} else if (strcmp(key, "numbers") == 0) {
			if (!locale_numbers_ok(val)) {
				S_err(c, v,
				      "ICU has no numbering system '%s': use "
				      "e.g. 'latn' or 'arab'",
				      val);
				return -1;
			}
			free(l->numbers);
			l->numbers = xstrdup(val);
		} else if (strcmp(key, "date_pattern") == 0) {
			if (!locale_date_pattern_ok(val)) {
				S_err(c, v,
				      "'%s' is not an ICU date pattern: write "
				      "e.g. 'd LLLL y' (d day, LLLL the "
				      "month's stand-alone name, y year)",
				      val);
				return -1;
			}
			free(l->date_pattern);
			l->date_pattern = xstrdup(val);
		} else {
			diags_add(
			    c->d, SEV_WARNING, c->path,
			    (int)k->start_mark.line + 1,
			    (int)k->start_mark.column + 1,
			    "unknown language key '%s' (known: code, tag, "
			    "locale, calendar, numbers, date_pattern, "
			    "fallback)",
			    key);
		}
	}
	if (!l->code || !l->locale) {
		S_err(c, map, "a language needs at least 'code' and 'locale'%s",
		      "");
		return -1;
	}
	if (!l->tag)
		l->tag = xstrdup(l->code);
	char *actual = locale_resolve(l->locale);
	if (!actual) {
		diags_add(c->d, SEV_ERROR, c->path,
			  (int)locale_n->start_mark.line + 1,
			  (int)locale_n->start_mark.column + 1,
			  "ICU has no locale '%s': it would fall back to the "
			  "root locale (left to right, English names); use a "
			  "locale ICU knows, e.g. 'fa_AF' for Dari",
			  l->locale);
		return -1;
	}
	free(actual);
	l->rtl = locale_is_rtl(l->locale);
	l->name = locale_own_name(l->locale);
	if (!l->name)
		l->name = xstrdup(l->code);
	/* A Swedish public site dates its facts in the Gregorian calendar in
	 * every language; the locale's own digits are kept unless configured.
	 */
	if (!l->calendar)
		l->calendar = xstrdup("gregorian");
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s@calendar=%s", l->locale, l->calendar);
	if (l->numbers)
		buf_printf(&b, ";numbers=%s", l->numbers);
	l->format_locale = buf_detach(&b);
	return 0;
}

static void S_lang_release(struct lang *l)
{
	free(l->code);
	free(l->tag);
	free(l->locale);
	free(l->name);
	free(l->calendar);
	free(l->numbers);
	free(l->format_locale);
	free(l->date_pattern);
	free(l->fallback);
	memset(l, 0, sizeof *l);
}

static int S_languages(struct S_ctx *c, yaml_node_t *seq, struct config *cfg)
{
	if (seq->type != YAML_SEQUENCE_NODE) {
		S_err(c, seq, "'languages' must be a list%s", "");
		return -1;
	}
	size_t n = (size_t)(seq->data.sequence.items.top -
			    seq->data.sequence.items.start);
	if (n == 0) {
		S_err(c, seq,
		      "'languages' is empty: list at least the source "
		      "language%s",
		      "");
		return -1;
	}
	cfg->langs = xcalloc(n, sizeof *cfg->langs);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yaml_document_get_node(
		    c->doc, seq->data.sequence.items.start[i]);
		if (S_lang(c, item, &cfg->langs[cfg->nlangs]) < 0) {
			S_lang_release(&cfg->langs[cfg->nlangs]);
			rc = -1;
			continue;
		}
		struct lang *l = &cfg->langs[cfg->nlangs];
		for (size_t j = 0; j < cfg->nlangs; j++)
			if (strcmp(cfg->langs[j].code, l->code) == 0) {
				S_err(c, item, "language '%s' is listed twice",
				      l->code);
				rc = -1;
			}
		cfg->nlangs++;
	}
	return rc;
}

/* base_url is written as it is into robots.txt, the sitemap and every
 * page's links: a line break in it would add lines to robots.txt. Only what
 * RFC 3986 allows in a URL passes. */
static int S_url_ok(const char *url)
{
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p))
			return 0;
	return 1;
}

/* A size as editors write it: "200kB", "200 kB", "1MB", "150000" (bytes);
 * kB is 1000 bytes, as file managers now count. */
static int S_bytes(const char *val, size_t *out)
{
	char *end;
	double v = strtod(val, &end);
	if (end == val || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	double unit = 1;
	if (!strcasecmp(end, "kb") || !strcasecmp(end, "k"))
		unit = 1e3;
	else if (!strcasecmp(end, "mb") || !strcasecmp(end, "m"))
		unit = 1e6;
	else if (*end && strcasecmp(end, "b") != 0)
		return -1;
	*out = (size_t)(v * unit + 0.5);
	return 0;
}

/* One value of 'translations:': what a stale or missing translation is. */
static int S_gap_policy(struct S_ctx *c, const yaml_node_t *n, const char *key,
			enum gap_policy *out)
{
	static const char *const names[] = {"warning", "error", "ignore"};
	const char *v = S_scalar(c, n, key);
	if (!v)
		return -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = (enum gap_policy)i;
			return 0;
		}
	diags_add(c->d, SEV_ERROR, c->path, (int)n->start_mark.line + 1,
		  (int)n->start_mark.column + 1,
		  "unknown value '%s' for '%s' (use 'warning', the default, "
		  "'error' or 'ignore')",
		  v, key);
	return -1;
}

/* 'translations: error' sets both kinds of gap at once; the mapping
 * 'translations: {stale: error, missing: warning}' sets each. */
static int S_translations(struct S_ctx *c, yaml_node_t *n, struct config *cfg)
{
	if (n->type == YAML_SCALAR_NODE) {
		if (S_gap_policy(c, n, "translations", &cfg->stale) < 0)
			return -1;
		cfg->missing = cfg->stale;
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE) {
		S_err(c, n,
		      "'translations' must be 'warning', 'error' or "
		      "'ignore', or a mapping such as {stale: error, "
		      "missing: warning}%s",
		      "");
		return -1;
	}
	int rc = 0;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *key = S_scalar(c, k, "key");
		if (!key)
			rc = -1;
		else if (strcmp(key, "stale") == 0)
			rc |= S_gap_policy(c, v, "stale", &cfg->stale);
		else if (strcmp(key, "missing") == 0)
			rc |= S_gap_policy(c, v, "missing", &cfg->missing);
		else {
			S_err(c, k,
			      "unknown key '%s' in 'translations' (known: "
			      "stale, missing)",
			      key);
			rc = -1;
		}
	}
	return rc;
}

/* 'age_notice: {years: 3, contact: kontakter}': after how many years a
 * page's facts are old enough for a notice, and the page that notice links
 * to when a page has no contact of its own. The page is named as front
 * matter's 'contact:' names one; whether it exists is checked when the
 * pages are read (age.c). */
static int S_age_notice(struct S_ctx *c, yaml_node_t *n, struct config *cfg)
{
	static const char *const names[] = {"years", "contact"};
	if (n->type != YAML_MAPPING_NODE) {
		S_err(c, n,
		      "'age_notice' must be a mapping such as {years: 3, "
		      "contact: kontakter}%s",
		      "");
		return -1;
	}
	const yaml_node_t *seen[2] = {0};
	int rc = 0;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *key = S_scalar(c, k, "key");
		if (!key || S_duplicate(c, names, seen, 2, k, key)) {
			rc = -1;
			continue;
		}
		if (strcmp(key, "years") && strcmp(key, "contact")) {
			S_err(c, k,
			      "unknown key '%s' in 'age_notice' (known: years, "
			      "contact)",
			      key);
			rc = -1;
			continue;
		}
		const char *val = S_scalar(c, v, key);
		if (!val) {
			rc = -1;
		} else if (strcmp(key, "years") == 0) {
			size_t len = strlen(val);
			int ok = len >= 1 && len <= 3;
			for (size_t i = 0; ok && i < len; i++)
				ok = val[i] >= '0' && val[i] <= '9';
			int years = ok ? atoi(val) : 0;
			if (years < 1 || years > 100) {
				S_err(c, v,
				      "'years' in 'age_notice' must be a whole "
				      "number from 1 to 100, not '%s'",
				      val);
				rc = -1;
			} else {
				cfg->age_years = years;
			}
		} else {
			size_t len = strlen(val);
			if (len > 3 && strcmp(val + len - 3, ".md") == 0)
				len -= 3;
			if (len > 6 && strncmp(val + len - 6, "/index", 6) == 0)
				len -= 6;
			if (!len || val[0] == '/' || strstr(val, "..") ||
			    val[len - 1] == '/') {
				S_err(c, v,
				      "invalid contact page '%s' in "
				      "'age_notice' (write its path from the "
				      "language folder, e.g. 'kontakter')",
				      val);
				rc = -1;
			} else {
				free(cfg->age_contact);
				cfg->age_contact = xstrndup(val, len);
				cfg->age_contact_line =
				    (int)v->start_mark.line + 1;
				cfg->age_contact_col =
				    (int)v->start_mark.column + 1;
			}
		}
	}
	if (rc == 0 && (!seen[0] || !seen[1])) {
		S_err(c, n,
		      "'age_notice' needs both 'years' and 'contact' (e.g. "
		      "{years: 3, contact: kontakter})%s",
		      "");
		rc = -1;
	}
	if (rc < 0)
		cfg->age_years = 0;
	return rc;
}

int config_load(struct config *cfg, const char *path, struct diags *d)
{
	memset(cfg, 0, sizeof *cfg);
	/* An image over 200 kB is slow on a cheap phone's connection. */
	cfg->image_budget = 200000;
	struct buf text = BUF_INIT;
	if (buf_read_file(&text, path, NULL) != 0) {
		diags_add(d, SEV_ERROR, path, 0, 0, "cannot open: %s",
			  strerror(errno));
		buf_release(&text);
		return -1;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.ptr,
				     text.len);
	if (!yaml_parser_load(&parser, &doc)) {
		const char *problem =
		    parser.problem ? parser.problem : "syntax error";
		int line = (int)parser.problem_mark.line + 1;
		int col = (int)parser.problem_mark.column + 1;
		struct buf hint = BUF_INIT;
		/* libyaml's reader (a NUL, bad UTF-8) gives only a byte
		 * offset; the text before it has been read, so it can be
		 * counted. */
		if (parser.error == YAML_READER_ERROR &&
		    parser.problem_offset <= text.len) {
			char *before =
			    xstrndup(text.ptr, parser.problem_offset);
			text_position(before, parser.problem_offset, &line,
				      &col);
			free(before);
		} else {
			/* The line libyaml stopped at, read again for the
			 * hint. */
			const char *at = NULL;
			size_t n = yaml_line_of(text.ptr, text.len,
						parser.problem_mark.line, &at);
			int hint_col = yaml_hint(problem, at, n, &hint);
			if (hint_col)
				col = hint_col;
		}
		diags_add(d, SEV_ERROR, path, line, col, "invalid YAML: %s%s",
			  problem, hint.len ? hint.ptr : "");
		buf_release(&hint);
		yaml_parser_delete(&parser);
		buf_release(&text);
		return -1;
	}
	yaml_parser_delete(&parser);
	buf_release(&text);

	struct S_ctx c = {&doc, path, d};
	int rc = 0;
	const char *source = NULL;
	const yaml_node_t *source_n = NULL;
	const yaml_node_t *seen[S_NSITE_KEYS] = {0};
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		diags_add(d, SEV_ERROR, path, 1, 1,
			  "site.yaml must be a mapping with title, base_url, "
			  "source and languages");
		yaml_document_delete(&doc);
		return -1;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		const char *key = S_scalar(&c, k, "key");
		if (!key) {
			rc = -1;
			continue;
		}
		if (S_duplicate(&c, S_site_keys, seen, S_NSITE_KEYS, k, key)) {
			rc = -1;
			continue;
		}
		if (strcmp(key, "languages") == 0) {
			if (S_languages(&c, v, cfg) < 0)
				rc = -1;
			continue;
		}
		if (strcmp(key, "translations") == 0) {
			if (S_translations(&c, v, cfg) < 0)
				rc = -1;
			continue;
		}
		if (strcmp(key, "age_notice") == 0) {
			if (S_age_notice(&c, v, cfg) < 0)
				rc = -1;
			continue;
		}
		const char *val = S_scalar(&c, v, key);
		if (!val) {
			rc = -1;
		} else if (strcmp(key, "title") == 0) {
			cfg->title = xstrdup(val);
		} else if (strcmp(key, "base_url") == 0) {
			if (strncmp(val, "https://", 8) != 0 &&
			    strncmp(val, "http://", 7) != 0) {
				S_err(&c, v,
				      "base_url '%s' must be an absolute "
				      "http(s) URL",
				      val);
				rc = -1;
			} else if (!S_url_ok(val)) {
				S_err(&c, v,
				      "base_url '%s' may hold only ASCII "
				      "letters, digits and URL punctuation "
				      "(no space, control character or "
				      "\"<>\\^`{|}): percent-encode the rest",
				      val);
				rc = -1;
			} else {
				size_t n = strlen(val);
				cfg->base_url = xasprintf(
				    "%s%s", val,
				    n && val[n - 1] == '/' ? "" : "/");
			}
		} else if (strcmp(key, "source") == 0) {
			source = val;
			source_n = v;
		} else if (strcmp(key, "search") == 0) {
			/* YAML 1.1's spellings of a boolean, as libyaml
			   leaves them to the reader. */
			if (!strcmp(val, "true") || !strcmp(val, "yes"))
				cfg->no_search = 0;
			else if (!strcmp(val, "false") || !strcmp(val, "no"))
				cfg->no_search = 1;
			else {
				S_err(&c, v,
				      "search '%s' must be true or false",
				      val);
				rc = -1;
			}
		} else if (strcmp(key, "image_budget") == 0) {
			if (S_bytes(val, &cfg->image_budget) < 0) {
				S_err(&c, v,
				      "image_budget '%s' is not a size: write "
				      "e.g. '200kB' or '1MB' (0 for none)",
				      val);
				rc = -1;
			}
		} else {
			diags_add(
			    d, SEV_WARNING, path, (int)k->start_mark.line + 1,
			    (int)k->start_mark.column + 1,
			    "unknown key '%s' (known: title, base_url, "
			    "source, languages, image_budget, translations, "
			    "age_notice, search)",
			    key);
		}
	}
	if (rc == 0) {
		static const char *const required[] = {"title", "base_url",
						       "source", "languages"};
		const void *have[] = {cfg->title, cfg->base_url, source,
				      cfg->nlangs ? cfg->langs : NULL};
		for (size_t i = 0; i < 4; i++)
			if (!have[i]) {
				diags_add(d, SEV_ERROR, path, 1, 1,
					  "missing required key '%s'",
					  required[i]);
				rc = -1;
			}
	}
	if (rc == 0) {
		long s = config_lang_index(cfg, source);
		if (s < 0) {
			S_err(&c, source_n,
			      "source language '%s' is not among the "
			      "languages",
			      source);
			rc = -1;
		} else {
			cfg->source = (size_t)s;
		}
	}
	for (size_t i = 0; rc == 0 && i < cfg->nlangs; i++) {
		struct lang *l = &cfg->langs[i];
		if (l->fallback && config_lang_index(cfg, l->fallback) < 0) {
			diags_add(d, SEV_ERROR, path, 0, 0,
				  "language '%s' falls back to '%s', which is "
				  "not among the languages",
				  l->code, l->fallback);
			rc = -1;
		}
	}
	yaml_document_delete(&doc);
	return rc;
}

void config_release(struct config *cfg)
{
	for (size_t i = 0; i < cfg->nlangs; i++)
		S_lang_release(&cfg->langs[i]);
	free(cfg->langs);
	free(cfg->title);
	free(cfg->base_url);
	free(cfg->age_contact);
	memset(cfg, 0, sizeof *cfg);
}

long config_lang_index(const struct config *cfg, const char *code)
{
	for (size_t i = 0; i < cfg->nlangs; i++)
		if (strcmp(cfg->langs[i].code, code) == 0)
			return (long)i;
	return -1;
}
