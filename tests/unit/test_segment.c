/* Tests for segment.c: the ranges and runs of a small page, escaping, and on
 * every shipped page that each segment written back from its own runs reads
 * as the same segment (so an import that changes one word changes only
 * that). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "markdown.h"
#include "segment.h"

static const char S_page[] =
    "---\n"
    "title: Kommunen\n"
    "summary: \"Skola: och bostad\"\n"
    "phones:\n"
    "  - {number: \"+4658661000\", display: \"0586-610 00\", label: Växel}\n"
    "---\n"
    "Kommunen *ordnar* [skola](skola.md) och `SFI`.\n"
    "Andra raden.\n"
    "\n"
    "![Karta över _länet_](karta.png \"Länet\") <https://example.org>\n"
    "\n"
    "## Om asyl ##\n"
    "\n"
    "- ett\n"
    "  två\n"
    "\n"
    "| a | b **c** |\n"
    "| --- | --- |\n"
    "| d | e |\n";

static char *S_range(const char *text, const struct segment *g)
{
	return xstrndup(text + g->start, g->end - g->start);
}

static void test_small_page(void)
{
	struct segments s;
	CHECK(segments_split(S_page, strlen(S_page), &s) == 0);
	const char *want[][2] = {
	    {"title", "Kommunen"},
	    {"summary", "\"Skola: och bostad\""},
	    {"label1", "Växel"},
	    {"p1", "Kommunen *ordnar* [skola](skola.md) och `SFI`.\nAndra "
		   "raden."},
	    {"h1", "Om asyl"},
	    {"li1", "ett\n  två"},
	    {"td1.1.1", "a"},
	    {"td1.1.2", "b **c**"},
	    {"td1.2.2", "e"},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const struct segment *g = segments_find(&s, want[i][0]);
		CHECK(g != NULL);
		if (!g)
			continue;
		char *r = S_range(S_page, g);
		CHECK_STR(r, want[i][1]);
		free(r);
	}
	const struct segment *term = segments_find(&s, "term");
	CHECK(term && !term->present);
	const struct segment *p = segments_find(&s, "p1");
	CHECK(p && p->nruns == 11);
	if (p && p->nruns == 11) {
		CHECK(p->runs[1].kind == RUN_OPEN);
		CHECK_STR(p->runs[1].s, "*");
		CHECK_STR(p->runs[5].s, "[");
		CHECK_STR(p->runs[7].s, "](skola.md)");
		CHECK_STR(p->runs[8].s, " och ");
		CHECK(p->runs[9].kind == RUN_PH);
		CHECK_STR(p->runs[9].s, "`SFI`");
		/* A soft line break reads as a space. */
		CHECK_STR(p->runs[10].s, ". Andra raden.");
	}
	const struct segment *li = segments_find(&s, "li1");
	CHECK(li && li->prefix && !strcmp(li->prefix, "  "));
	CHECK_STR(s.shape, "PPH2L(I(P))B(R(cc)R(cc))");
	/* An image's description is translatable, an autolink is one code. */
	const struct segment *img = segments_find(&s, "p2");
	CHECK(img && img->nruns == 8);
	if (img && img->nruns == 8) {
		CHECK_STR(img->runs[0].s, "![");
		CHECK_STR(img->runs[1].s, "Karta över ");
		CHECK_STR(img->runs[2].s, "*");
		CHECK_STR(img->runs[5].s, "](karta.png \"Länet\")");
		CHECK(img->runs[7].kind == RUN_PH);
		CHECK_STR(img->runs[7].s, "<https://example.org>");
	}
	const struct segment *sm = segments_find(&s, "summary");
	CHECK(sm && sm->runs && !strcmp(sm->runs[0].s, "Skola: och bostad"));
	segments_release(&s);
}

/* Writes runs of text into seg's place and returns what Markdown reads. */
static void test_escaping(void)
{
	struct segments s;
	CHECK(segments_split(S_page, strlen(S_page), &s) == 0);
	const struct segment *p = segments_find(&s, "p1");
	struct run r[] = {{RUN_TEXT, "1. a *b* [c] <d> &amp; snake_case _x_ "
				     "# e ~f~ \\ g"}};
	struct buf out = BUF_INIT;
	segment_write(p, r, 1, &out);
	CHECK_STR(out.ptr, "1\\. a \\*b\\* \\[c\\] \\<d> \\&amp; snake_case "
			   "\\_x\\_ # e \\~f\\~ \\\\ g");
	buf_truncate(&out, 0);
	const struct segment *sm = segments_find(&s, "summary");
	struct run y[] = {{RUN_TEXT, "Skola: och #1"}};
	segment_write(sm, y, 1, &out);
	CHECK_STR(out.ptr, "\"Skola: och #1\"");
	buf_truncate(&out, 0);
	const struct segment *lb = segments_find(&s, "label1");
	struct run z[] = {{RUN_TEXT, "Växel, dygnet runt"}};
	segment_write(lb, z, 1, &out);
	CHECK_STR(out.ptr, "\"Växel, dygnet runt\"");
	buf_release(&out);
	segments_release(&s);
}

/* Every segment of text, written back from its runs, must read back as the
 * same runs, and the page keep its shape. */
static void S_rewrite_text(const char *name, const char *text, size_t len)
{
	struct segments s, t;
	CHECK(segments_split(text, len, &s) == 0);
	struct buf out = BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < s.n; i++) {
		const struct segment *g = &s.v[i];
		if (!g->present || g->start < at)
			continue;
		buf_put(&out, text + at, g->start - at);
		segment_write(g, g->runs, g->nruns, &out);
		at = g->end;
	}
	buf_put(&out, text + at, len - at);
	int ok = segments_split(out.ptr, out.len, &t) == 0;
	CHECK(ok);
	if (ok) {
		int same = !strcmp(s.shape, t.shape) && s.n == t.n;
		for (size_t i = 0; same && i < s.n; i++)
			same = !strcmp(s.v[i].key, t.v[i].key) &&
			       !strcmp(s.v[i].id, t.v[i].id);
		if (!same)
			fprintf(stderr,
				"%s: written back, reads otherwise:\n%s\n",
				name, out.ptr);
		CHECK(same);
		segments_release(&t);
	}
	segments_release(&s);
	buf_release(&out);
}

static void S_rewrite_check(const char *path)
{
	struct buf text = BUF_INIT;
	if (buf_read_file(&text, path, NULL) != 0) {
		CHECK(!"cannot read a shipped page");
		return;
	}
	S_rewrite_text(path, text.ptr, text.len);
	buf_release(&text);
}

/* Markdown that an escaper or a line wrapper easily gets wrong. */
static const char S_tricky[] =
    "---\n"
    "title: \"Fråga: vad gäller?\"\n"
    "summary: '# inte en rubrik'\n"
    "---\n"
    "Rubrik i setext-form\n"
    "====================\n"
    "\n"
    "En mening som slutar med ett årtal och en punkt, och som är så lång att "
    "raden bryts precis före\n"
    "2018. Sedan: - ett streck, + ett plus, # en fyrkant och > en vinkel, "
    "1) en parentes och * en stjärna\n"
    "och \\_understreck\\_, \\[hakar\\], &amp; och &copy; och "
    "\\<vinkel> och `kod med ` inuti` och ``dubbel`` och ~~struken~~.\\\n"
    "Hård radbrytning ovan. [Länk med titel](sida.md \"En titel\") och "
    "[länk](<adress med mellanslag.md>).\n"
    "\n"
    "> Ett citat med en lång rad som går över åttio tecken så att den måste "
    "brytas om av skrivaren här.\n"
    "\n"
    "1. Första punkten, också den med en lång rad som måste brytas om när den "
    "skrivs tillbaka igen.\n"
    "\n"
    "   Ett andra stycke i samma punkt.\n"
    "2. Andra punkten\n"
    "   - inre punkt med *betoning*\n"
    "\n"
    "En rad som är så lång att den bryts precis före kommentaren, som "
    "inte får <!-- nolink -->börja en rad<!-- /nolink --> när den skrivs.\n"
    "\n"
    "## C# och F# ##\n"
    "\n"
    "| Vem | Vad \\| varför |\n"
    "| --- | --- |\n"
    "| **Kommunen** | skola |\n";

static void test_tricky(void)
{
	S_rewrite_text("tricky", S_tricky, strlen(S_tricky));
	struct segments s;
	CHECK(segments_split(S_tricky, strlen(S_tricky), &s) == 0);
	CHECK_STR(s.shape, "H1PQ(P)L(I(PP)I(PL(I(P))))PH2B(R(cc)R(cc))");
	const struct segment *h = segments_find(&s, "h2");
	CHECK(h && h->nruns && !strcmp(h->runs[0].s, "C# och F#"));
	const struct segment *c = segments_find(&s, "td1.1.2");
	CHECK(c && c->nruns && !strcmp(c->runs[0].s, "Vad | varför"));
	segments_release(&s);
}

static size_t S_walk(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		size_t l = strlen(p);
		if (l > 3 && !strcmp(p + l - 3, ".md")) {
			S_rewrite_check(p);
			n++;
		} else if (!strchr(e->d_name, '.')) {
			n += S_walk(p);
		}
		free(p);
	}
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	markdown_init();
	test_small_page();
	test_escaping();
	test_tricky();
	/* The unit tests run from the repository's root. */
	size_t pages = S_walk("content");
	CHECK(pages >= 400);
	printf("segment: %d passed, %d failed\n", harness_passed,
	       harness_failed);
	return harness_failed != 0;
}
