/* The 'source:' record: git's blob id computed without git, the hash of the
 * translatable text (which facts change it and which do not), reading both
 * forms of the value, and rewriting one line of a file and nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "load.h"
#include "source.h"

static void S_blob(void)
{
	char id[SOURCE_BLOB_HEX + 1];
	/* What 'git hash-object' prints for these contents. */
	source_blob_id("", 0, id);
	CHECK_STR(id, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	source_blob_id("hello\n", 6, id);
	CHECK_STR(id, "ce013625030ba8dba906f756967f9e9ca394464a");
	/* Bytes after a NUL count: the length is given, not found. */
	source_blob_id("a\0b", 3, id);
	char id2[SOURCE_BLOB_HEX + 1];
	source_blob_id("a\0c", 3, id2);
	CHECK(strcmp(id, id2) != 0);
}

static void S_parse(void)
{
	struct source_ref r;
	const char *v = "ce013625030ba8dba906f756967f9e9ca394464a "
			"0123456789abcdef";
	CHECK(source_parse(v, &r) == 0);
	CHECK_STR(r.blob, "ce013625030ba8dba906f756967f9e9ca394464a");
	CHECK_STR(r.text, "0123456789abcdef");
	CHECK(r.legacy[0] == '\0');
	CHECK(source_parse("6f1c0d2e9a7b4c35", &r) == 0);
	CHECK_STR(r.legacy, "6f1c0d2e9a7b4c35");
	CHECK(r.blob[0] == '\0' && r.text[0] == '\0');
	/* Not hex, wrong length, no space, upper case: refused and cleared. */
	CHECK(source_parse("6f1c0d2e9a7b4c3g", &r) == -1);
	CHECK(r.legacy[0] == '\0');
	CHECK(source_parse("6f1c0d2e9a7b4c3", &r) == -1);
	CHECK(source_parse("ce013625030ba8dba906f756967f9e9ca394464a_"
			   "0123456789abcdef",
			   &r) == -1);
	CHECK(source_parse("CE013625030BA8DBA906F756967F9E9CA394464A "
			   "0123456789abcdef",
			   &r) == -1);
	CHECK(source_parse("", &r) == -1);
}

/* A source page in memory, as load.c leaves it. */
static struct page *S_page(const char *text)
{
	struct page *p = calloc(1, sizeof *p);
	p->text = xstrdup(text);
	p->text_owned = 1;
	p->len = strlen(text);
	const char *body = strstr(text, "\n---\n");
	p->body_off = body ? (size_t)(body - text) + 5 : p->len;
	p->has_body = 1;
	source_blob_id(text, p->len, p->blob);
	p->fm.title = xstrdup("Servicecenter");
	p->fm.summary = xstrdup("Vägen in.");
	p->fm.updated = xstrdup("2018-03-01");
	p->fm.order = 2;
	p->fm.has_order = 1;
	p->fm.nphones = 2;
	p->fm.phones = calloc(2, sizeof *p->fm.phones);
	p->fm.phones[0].e164 = xstrdup("+4658661000");
	p->fm.phones[0].display = xstrdup("0586-610 00");
	p->fm.phones[0].label = xstrdup("Servicecenter");
	p->fm.phones[1].e164 = xstrdup("+4658662200");
	p->fm.phones[1].display = xstrdup("0586-622 00");
	return p;
}

static void S_set(char **field, const char *v)
{
	free(*field);
	*field = v ? xstrdup(v) : NULL;
}

static void S_text_hash(void)
{
	const char *text = "---\ntitle: Servicecenter\n---\nRing oss.\n";
	struct page *p = S_page(text);
	uint64_t h = source_text_hash(p);

	/* Facts are no work for a translator. */
	S_set(&p->fm.phones[0].e164, "+4658669999");
	S_set(&p->fm.phones[1].display, "0586-699 99");
	S_set(&p->fm.updated, "2019");
	p->fm.order = 7;
	CHECK(source_text_hash(p) == h);
	/* An unlabelled phone added at the end is none either. */
	p->fm.phones = realloc(p->fm.phones, 3 * sizeof *p->fm.phones);
	memset(&p->fm.phones[2], 0, sizeof p->fm.phones[2]);
	p->fm.phones[2].e164 = xstrdup("+4658660000");
	p->fm.phones[2].display = xstrdup("0586-600 00");
	p->fm.nphones = 3;
	CHECK(source_text_hash(p) == h);

	/* Text is. */
	S_set(&p->fm.phones[0].label, "Växel");
	CHECK(source_text_hash(p) != h);
	S_set(&p->fm.phones[0].label, "Servicecenter");
	CHECK(source_text_hash(p) == h);
	/* The same label on another phone is another text. */
	S_set(&p->fm.phones[0].label, NULL);
	S_set(&p->fm.phones[1].label, "Servicecenter");
	CHECK(source_text_hash(p) != h);
	S_set(&p->fm.phones[1].label, NULL);
	S_set(&p->fm.phones[0].label, "Servicecenter");
	CHECK(source_text_hash(p) == h);
	S_set(&p->fm.title, "Servicecentret");
	CHECK(source_text_hash(p) != h);
	S_set(&p->fm.title, "Servicecenter");
	S_set(&p->fm.summary, NULL);
	CHECK(source_text_hash(p) != h);
	S_set(&p->fm.summary, "Vägen in.");
	CHECK(source_text_hash(p) == h);
	/* Words moved from the title to the summary. */
	S_set(&p->fm.title, "Service");
	S_set(&p->fm.summary, "centerVägen in.");
	CHECK(source_text_hash(p) != h);
	page_free(p);

	struct page *q = S_page("---\ntitle: Servicecenter\n---\nRing oss!\n");
	CHECK(source_text_hash(q) != h);

	/* The value: the blob id, a space, the text hash. */
	char v[SOURCE_VALUE_LEN + 1];
	source_value(q, v);
	CHECK(strlen(v) == SOURCE_VALUE_LEN);
	CHECK(strncmp(v, q->blob, SOURCE_BLOB_HEX) == 0);
	char want[17];
	snprintf(want, sizeof want, "%016llx",
		 (unsigned long long)source_text_hash(q));
	CHECK_STR(v + SOURCE_BLOB_HEX + 1, want);
	struct source_ref r;
	CHECK(source_parse(v, &r) == 0);
	page_free(q);
}

/* Rewrites text with value and compares with want (NULL: refused). */
static void S_rewrite_case(int line, const char *text, const char *want)
{
	struct buf out = BUF_INIT;
	int rc = source_rewrite(text, strlen(text), "abc 123", &out);
	if (!want) {
		CHECK(rc == -1);
		CHECK(out.len == 0);
	} else {
		CHECK(rc == 0);
		if (!out.ptr || strcmp(out.ptr, want) != 0)
			fprintf(stderr, "test_source.c:%d: rewrite gave:\n%s\n",
				line, out.ptr ? out.ptr : "(nothing)");
		CHECK_STR(out.ptr, want);
	}
	buf_release(&out);
}

static void S_rewrite(void)
{
	/* The value is replaced; every other byte stays. */
	S_rewrite_case(__LINE__,
		       "---\ntitle: A\nsource: 6f1c0d2e9a7b4c35\nsummary: B\n"
		       "---\nsource: in the body\n",
		       "---\ntitle: A\nsource: abc 123\nsummary: B\n"
		       "---\nsource: in the body\n");
	/* A comment after the value is kept. */
	S_rewrite_case(__LINE__, "---\nsource: old # checked\n---\n",
		       "---\nsource: abc 123 # checked\n---\n");
	/* Absent: added as the last line, with the file's line ending. */
	S_rewrite_case(__LINE__, "---\ntitle: A\n---\nText.\n",
		       "---\ntitle: A\nsource: abc 123\n---\nText.\n");
	S_rewrite_case(
	    __LINE__, "---\r\ntitle: A\r\n---\r\nText.\r\n",
	    "---\r\ntitle: A\r\nsource: abc 123\r\n---\r\nText.\r\n");
	S_rewrite_case(__LINE__, "---\r\nsource: x\r\n---\r\n",
		       "---\r\nsource: abc 123\r\n---\r\n");
	/* A byte order mark stays; '...' closes too. */
	S_rewrite_case(__LINE__, "\xEF\xBB\xBF---\ntitle: A\n...\n",
		       "\xEF\xBB\xBF---\ntitle: A\nsource: abc 123\n...\n");
	/* A nested 'source:' is not the page's. */
	S_rewrite_case(__LINE__, "---\nx:\n  source: y\n---\n",
		       "---\nx:\n  source: y\nsource: abc 123\n---\n");
	/* No front matter, or one that is not closed. */
	S_rewrite_case(__LINE__, "title: A\n", NULL);
	S_rewrite_case(__LINE__, "---\ntitle: A\n", NULL);
	S_rewrite_case(__LINE__, "", NULL);
}

int main(void)
{
	S_blob();
	S_parse();
	S_text_hash();
	S_rewrite();
	return harness_done("source");
}
