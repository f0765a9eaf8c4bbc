/* Writes a synthetic skylt project for benchmarks: LANGS languages x PAGES
 * pages of about SIZE bytes of Markdown each (headings, paragraphs, a list, a
 * pipe table and links to other pages), in each language's own script. The
 * same arguments always give the same bytes.
 *
 * usage: gencorpus DIR LANGS PAGES SIZE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct lang {
	const char *code, *tag, *locale;
	const char *words[12];
};

static const struct lang S_langs[] = {
    {"sv",
     "sv",
     "sv",
     {"kommunen", "ansvarar", "för", "bostad", "och", "skola",
      "Migrationsverket", "prövar", "asyl", "nyanlända", "får", "stöd"}},
    {"en",
     "en",
     "en",
     {"the", "municipality", "is", "responsible", "for", "housing", "and",
      "school", "asylum", "seekers", "receive", "support"}},
    {"ar",
     "ar",
     "ar",
     {"البلدية", "مسؤولة", "عن", "السكن", "والمدرسة", "طالبو", "اللجوء",
      "يحصلون", "على", "الدعم", "القادمون", "الجدد"}},
    {"fa",
     "fa",
     "fa",
     {"شهرداری", "مسئول", "مسکن", "و", "مدرسه", "است", "پناهجویان", "از",
      "پشتیبانی", "برخوردار", "می‌شوند", "تازه‌واردان"}},
    {"prs",
     "fa-AF",
     "fa_AF",
     {"شاروالی", "مسئول", "خانه", "و", "مکتب", "است", "پناهجویان", "کمک",
      "می‌گیرند", "تازه", "واردان", "کار"}},
    {"so",
     "so",
     "so",
     {"degmada", "ayaa", "mas'uul", "ka", "ah", "guriga", "iyo", "dugsiga",
      "magangelyo", "doonka", "taageero", "hela"}},
    {"ti",
     "ti",
     "ti",
     {"ምምሕዳር", "ከተማ", "ሓላፍነት", "ኣለዎ", "ንገዛ", "ቤት", "ትምህርቲ", "ዑቕባ", "ሓተትቲ",
      "ሓገዝ", "ይረኽቡ", "ሓደስቲ"}},
    {"ru",
     "ru",
     "ru",
     {"муниципалитет", "отвечает", "за", "жильё", "и", "школу", "просители",
      "убежища", "получают", "поддержку", "новые", "жители"}},
    {"uk",
     "uk",
     "uk",
     {"муніципалітет", "відповідає", "за", "житло", "і", "школу", "шукачі",
      "притулку", "отримують", "підтримку", "нові", "мешканці"}},
    {"ckb",
     "ckb",
     "ckb",
     {"شارەوانی", "بەرپرسە", "لە", "خانوو", "و", "قوتابخانە", "پەنابەران",
      "یارمەتی", "وەردەگرن", "تازە", "ھاتووەکان", "کار"}},
};

static unsigned long S_seed;

static unsigned S_rand(unsigned n)
{
	S_seed = S_seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((S_seed >> 33) % n);
}

static void S_mkdirs(const char *path)
{
	char *p = strdup(path);
	for (char *q = p + 1; *q; q++)
		if (*q == '/') {
			*q = '\0';
			mkdir(p, 0755);
			*q = '/';
		}
	mkdir(p, 0755);
	free(p);
}

static void S_words(FILE *f, const struct lang *l, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", l->words[S_rand(12)]);
}

static void S_page(FILE *f, const struct lang *l, int page, int pages, int size)
{
	fprintf(f, "---\ntitle: ");
	S_words(f, l, 3);
	fprintf(f, " %d\nsummary: ", page);
	S_words(f, l, 10);
	/* Facts are written only in the source language (the first). */
	if (l == &S_langs[0])
		fprintf(f, "\nupdated: 2018-%02d-%02d\norder: %d",
			page % 12 + 1, page % 28 + 1, page);
	fprintf(f, "\n---\n");
	long start = ftell(f);
	int section = 0;
	while (ftell(f) - start < size) {
		fprintf(f, "\n## ");
		S_words(f, l, 3);
		fprintf(f, " %d\n\n", ++section);
		S_words(f, l, 40);
		/* Links to pages in other folders, always to pages that exist.
		 */
		int target = (int)S_rand((unsigned)pages);
		fprintf(f, " [");
		S_words(f, l, 2);
		fprintf(f, "](../s%02d/p%05d.md). ", target % 10, target);
		S_words(f, l, 30);
		fprintf(f, ".\n\n");
		for (int i = 0; i < 3; i++) {
			fprintf(f, "- ");
			S_words(f, l, 6);
			fprintf(f, "\n");
		}
		if (section % 2 == 1) {
			fprintf(f, "\n| ");
			S_words(f, l, 1);
			fprintf(f, " | ");
			S_words(f, l, 1);
			fprintf(f, " | ");
			S_words(f, l, 1);
			fprintf(f, " |\n| --- | --- | ---: |\n");
			for (int r = 0; r < 3; r++) {
				fprintf(f, "| ");
				S_words(f, l, 2);
				fprintf(f, " | ");
				S_words(f, l, 2);
				fprintf(f, " | %d |\n", (int)S_rand(1000));
			}
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fputs("usage: gencorpus DIR LANGS PAGES SIZE\n", stderr);
		return 2;
	}
	const char *dir = argv[1];
	int nlangs = atoi(argv[2]), pages = atoi(argv[3]), size = atoi(argv[4]);
	if (nlangs < 1 || nlangs > 10 || pages < 1 || size < 100) {
		fputs("gencorpus: LANGS 1-10, PAGES >= 1, SIZE >= 100\n",
		      stderr);
		return 2;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/content", dir);
	S_mkdirs(path);
	snprintf(path, sizeof path, "%s/content/site.yaml", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gencorpus: cannot write '%s': %s\n", path,
			strerror(errno));
		return 1;
	}
	/* The translations record no 'source:': a benchmark of building, not
	 * of a warning for each of them. */
	fprintf(f, "title: Bench\nbase_url: https://bench.example/\n"
		   "source: sv\ntranslations: ignore\nlanguages:\n");
	/* Western digits in the Arabic-script languages, as the shipped
	 * site writes them: the corpus's numbers are ASCII, and each would
	 * otherwise be a warning. */
	for (int i = 0; i < nlangs; i++) {
		const char *c = S_langs[i].code;
		int latn = !strcmp(c, "ar") || !strcmp(c, "fa") ||
			   !strcmp(c, "prs") || !strcmp(c, "ckb");
		fprintf(f, "  - {code: %s, tag: %s, locale: %s%s}\n", c,
			S_langs[i].tag, S_langs[i].locale,
			latn ? ", numbers: latn" : "");
	}
	fclose(f);
	for (int i = 0; i < nlangs; i++) {
		S_seed = (unsigned long)i + 1;
		for (int p = 0; p < pages; p++) {
			snprintf(path, sizeof path, "%s/content/%s/s%02d", dir,
				 S_langs[i].code, p % 10);
			S_mkdirs(path);
			snprintf(path, sizeof path,
				 "%s/content/%s/s%02d/p%05d.md", dir,
				 S_langs[i].code, p % 10, p);
			f = fopen(path, "w");
			if (!f) {
				fprintf(stderr,
					"gencorpus: cannot write '%s'\n", path);
				return 1;
			}
			S_page(f, &S_langs[i], p, pages, size);
			fclose(f);
		}
	}
	return 0;
}
