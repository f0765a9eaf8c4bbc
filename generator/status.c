/* Comparing what each translation records of its source with the source page
 * as it is now: only the source's translatable text counts. */
#include "status.h"

#include <stdio.h>
#include <string.h>

#include "source.h"

enum tr_state tr_state_of(const struct site *s, const struct tset *t,
			  size_t lang)
{
	size_t src = s->cfg->source;
	const struct page *p = t->by_lang[lang];
	const struct page *sp = t->by_lang[src];
	if (lang == src)
		return sp ? TR_SOURCE : TR_MISSING;
	if (!p)
		return sp ? TR_MISSING : TR_ORPHAN;
	if (!sp)
		return TR_ORPHAN;
	struct source_ref r;
	if (!p->fm.source)
		return TR_NOSOURCE;
	if (source_parse(p->fm.source, &r) != 0)
		return TR_STALE; /* reported as an error when loaded */
	if (r.legacy[0])
		return strcmp(r.legacy, sp->hash) ? TR_STALE : TR_CURRENT;
	char now[SOURCE_TEXT_HEX + 1];
	snprintf(now, sizeof now, "%016llx",
		 (unsigned long long)source_text_hash(sp));
	return strcmp(r.text, now) ? TR_STALE : TR_CURRENT;
}

/* The .md path of set t inside a language folder. */
static void S_md(struct buf *b, const struct tset *t)
{
	const struct page *p = t->primary;
	const char *slash = strrchr(p->path, '/');
	buf_printf(b, "%s%s", p->dir, slash ? slash + 1 : p->path);
}

static void S_json_list(struct buf *b, const struct site *s, size_t lang,
			enum tr_state want)
{
	buf_putc(b, '[');
	int first = 1;
	for (size_t i = 0; i < s->nsets; i++) {
		if (tr_state_of(s, s->sets[i], lang) != want)
			continue;
		buf_puts(b, first ? "\"" : ", \"");
		/* Paths are limited to a-z, 0-9, '-', '_', '.' and '/' by the
		 * loader, so they need no escaping. */
		S_md(b, s->sets[i]);
		buf_putc(b, '"');
		first = 0;
	}
	buf_putc(b, ']');
}

size_t status_report(const struct site *s, int json, struct buf *out)
{
	const struct config *cfg = s->cfg;
	size_t gaps = 0;
	size_t counts[TR_COUNT];
	if (json)
		buf_printf(out,
			   "{\"source\": \"%s\", \"pages\": %zu, "
			   "\"languages\": [",
			   cfg->langs[cfg->source].code, s->nsets);
	else
		buf_printf(out, "%-6s %7s %7s %9s %8s\n", "lang", "current",
			   "stale", "no source", "missing");
	for (size_t l = 0; l < cfg->nlangs; l++) {
		memset(counts, 0, sizeof counts);
		for (size_t i = 0; i < s->nsets; i++)
			counts[tr_state_of(s, s->sets[i], l)]++;
		if (l != cfg->source)
			gaps += counts[TR_STALE] + counts[TR_NOSOURCE] +
				counts[TR_MISSING];
		if (json) {
			buf_printf(out,
				   "%s\n  {\"code\": \"%s\", \"current\": "
				   "%zu, \"stale\": ",
				   l ? "," : "", cfg->langs[l].code,
				   counts[TR_CURRENT] + counts[TR_SOURCE]);
			S_json_list(out, s, l, TR_STALE);
			buf_puts(out, ", \"no_source\": ");
			S_json_list(out, s, l, TR_NOSOURCE);
			buf_puts(out, ", \"missing\": ");
			S_json_list(out, s, l, TR_MISSING);
			buf_puts(out, "}");
		} else if (l == cfg->source) {
			buf_printf(out, "%-6s %7zu %7s %9s %8zu  (source)\n",
				   cfg->langs[l].code, counts[TR_SOURCE], "-",
				   "-", counts[TR_MISSING]);
		} else {
			buf_printf(out, "%-6s %7zu %7zu %9zu %8zu\n",
				   cfg->langs[l].code, counts[TR_CURRENT],
				   counts[TR_STALE], counts[TR_NOSOURCE],
				   counts[TR_MISSING]);
		}
	}
	if (json) {
		buf_puts(out, "\n]}\n");
		return gaps;
	}
	static const struct {
		enum tr_state state;
		const char *what;
	} lists[] = {{TR_STALE, "stale (the source page's text changed since)"},
		     {TR_NOSOURCE, "no source recorded"},
		     {TR_MISSING, "missing"}};
	int review = 0;
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		for (size_t l = 0; l < cfg->nlangs; l++) {
			if (l == cfg->source)
				continue;
			for (size_t i = 0; i < s->nsets; i++) {
				if (tr_state_of(s, s->sets[i], l) !=
				    lists[k].state)
					continue;
				buf_printf(out, "%s: content/%s/",
					   lists[k].what, cfg->langs[l].code);
				S_md(out, s->sets[i]);
				buf_putc(out, '\n');
				review |= lists[k].state != TR_MISSING;
			}
		}
	}
	if (review)
		buf_puts(out,
			 "(what changed: 'skylt status --diff LANG/PATH'; once "
			 "a translation is checked against its source: "
			 "'skylt status --mark FILE')\n");
	return gaps;
}
