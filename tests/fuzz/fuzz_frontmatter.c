/* Front matter: the input is a whole content file, read as load.c reads one
 * (UTF-8 check, NFC, the fences, then the YAML), first as a Swedish page and
 * then as the Arabic translation of a contact page, whose facts (phones,
 * address, hours) it is compared with. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "fuzz.h"
#include "load.h"

static struct page *S_contact;
static char *S_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = fuzz_setup();
	struct diags d;
	diags_init(&d);
	char *src = xasprintf("%s/content/sv/kontakter/servicecenter.md", dir);
	S_contact = page_load_file(src, &d);
	free(src);
	if (d.errors) {
		fprintf(stderr, "fuzz: the contact page does not load\n");
		abort();
	}
	diags_release(&d);
	S_file = xasprintf("%s/content/sv/fuzz.md", dir);
	return 0;
}

static void S_load(const struct page *src)
{
	struct page *p = xcalloc(1, sizeof *p);
	p->lang = src ? 1 : 0;
	p->rel = xstrdup("fuzz");
	p->dir = xstrdup("");
	p->path = xstrdup(src ? "content/ar/fuzz.md" : "content/sv/fuzz.md");
	p->file = xstrdup(S_file);
	p->src = src;
	struct diags d;
	diags_init(&d);
	page_load(p, NULL, &d);
	diags_release(&d);
	page_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("content/sv/fuzz.md", data, size);
	S_load(NULL);
	S_load(S_contact);
	return 0;
}
