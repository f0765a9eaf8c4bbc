/* Assets: which files are images and documents, where they are found, their
 * content-hashed names, their measured size and variants (libvips), the
 * budget warning, and the "PDF, 240 kB" label in each language's digits. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "assets.h"
#include "buf.h"
#include "config.h"
#include "locale.h"
#include "vips_api.h"

/* The test makes its images with libvips, opened the way assets.c opens it,
 * so that building the tests needs no libvips headers either. These three
 * are libvips 8.14's (create.h, conversion.h, image.h). */
int vips_gaussnoise(VipsImage **out, int width, int height, ...)
    __attribute__((sentinel));
int vips_cast_uchar(VipsImage *in, VipsImage **out, ...)
    __attribute__((sentinel));
int vips_image_write_to_file(VipsImage *image, const char *name, ...)
    __attribute__((sentinel));

static struct {
	void *lib;
	__typeof__(vips_init) *init;
	__typeof__(vips_shutdown) *shutdown;
	__typeof__(vips_gaussnoise) *gaussnoise;
	__typeof__(vips_cast_uchar) *cast_uchar;
	__typeof__(vips_image_write_to_file) *write_to_file;
	__typeof__(g_object_unref) *unref;
} vips;

static int S_sym(void *fn, const char *name)
{
	void *p = dlsym(vips.lib, name);
	memcpy(fn, &p, sizeof p);
	return p != NULL;
}

static int S_vips_open(void)
{
	vips.lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
	if (!vips.lib) {
		fprintf(stderr, "test_assets: %s\n", dlerror());
		return -1;
	}
	if (!(S_sym(&vips.init, "vips_init") &&
	      S_sym(&vips.shutdown, "vips_shutdown") &&
	      S_sym(&vips.gaussnoise, "vips_gaussnoise") &&
	      S_sym(&vips.cast_uchar, "vips_cast_uchar") &&
	      S_sym(&vips.write_to_file, "vips_image_write_to_file") &&
	      S_sym(&vips.unref, "g_object_unref")) ||
	    vips.init("test_assets") != 0) {
		fprintf(stderr, "test_assets: cannot start libvips\n");
		return -1;
	}
	return 0;
}

static char dir[] = "/tmp/skylt-assets-XXXXXX";

static void S_file(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(bytes, 1, n, f);
	fclose(f);
}

/* A noisy image w×h, so that it does not compress to nothing. */
static void S_png(const char *path, int w, int h)
{
	VipsImage *im = NULL;
	vips.gaussnoise(&im, w, h, NULL);
	VipsImage *u = NULL;
	vips.cast_uchar(im, &u, NULL);
	vips.write_to_file(u, path, "strip", VIPS_API_TRUE, NULL);
	vips.unref(u);
	vips.unref(im);
}

static void S_kinds(void)
{
	CHECK(assets_kind_of("karta.png") == ASSET_IMAGE);
	CHECK(assets_kind_of("FOTO.JPG") == ASSET_IMAGE);
	CHECK(assets_kind_of("a/b/blankett.pdf") == ASSET_DOCUMENT);
	CHECK(assets_kind_of("kommunen.md") == -1);
	CHECK(assets_kind_of("karta.svg") == -1);
	CHECK(assets_kind_of(".png") == -1);
	CHECK(assets_kind_of("png") == -1);
	CHECK(assets_kind_of("a.d/fil") == -1);
}

static void S_labels(void)
{
	struct asset x = {.type = "PDF", .size = 240400};
	char *s = assets_label(&x, "sv", "{0}, {1}");
	CHECK_STR(s, "PDF, 240 kB");
	free(s);
	/* Under 10 kB one decimal, in the locale's digits and sign. */
	x.size = 2449;
	s = assets_label(&x, "sv", "{0}, {1}");
	CHECK_STR(s, "PDF, 2,4 kB");
	free(s);
	s = assets_label(&x, "ar", "{0}، {1}");
	CHECK_STR(s, "PDF، ٢٫٤ كيلوبايت");
	free(s);
	s = assets_label(&x, "fa", "{0}، {1}");
	CHECK_STR(s, "PDF، ۲٫۴ kB");
	free(s);
	/* Megabytes from 1000 kB; never "0 kB". */
	x.size = 3400000;
	s = assets_label(&x, "en", "{0}, {1}");
	CHECK_STR(s, "PDF, 3.4 MB");
	free(s);
	x.size = 12;
	s = assets_label(&x, "ru", NULL);
	CHECK_STR(s, "PDF, 0,1 кБ");
	free(s);
}

static void S_scan(void)
{
	CHECK(mkdtemp(dir) != NULL);
	char *old = getcwd(NULL, 0);
	CHECK(chdir(dir) == 0);
	mkdir("content", 0755);
	mkdir("content/sv", 0755);
	mkdir("content/sv/kommuner", 0755);
	mkdir("content/ar", 0755);
	mkdir("content/_media", 0755);
	S_png("content/sv/kommuner/karta.png", 1200, 800);
	S_png("content/_media/liten.png", 300, 100);
	S_file("content/_media/blankett.pdf", "%PDF-1.4\n%%EOF\n", 15);
	S_file("content/sv/index.md", "---\ntitle: x\n---\n", 17);
	S_file("content/ar/trasig.jpg", "not a jpeg", 10);

	struct lang langs[2] = {{.code = "sv"}, {.code = "ar"}};
	struct config cfg = {.langs = langs, .nlangs = 2};
	struct assets a;
	struct diags d;
	diags_init(&d);
	CHECK(assets_scan(&a, &cfg, 2, 100000, &d) < 0);
	diags_sort(&d);
	/* The broken JPEG is an error at the file; the big PNG a warning. */
	CHECK(d.errors == 1 && d.warnings == 1);
	CHECK(a.n == 4);
	int broken = 0, budget = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (!strcmp(d.v[i].path, "content/ar/trasig.jpg") &&
		    d.v[i].sev == SEV_ERROR)
			broken = 1;
		if (!strcmp(d.v[i].path, "content/sv/kommuner/karta.png") &&
		    strstr(d.v[i].msg, "over the budget of 100 kB"))
			budget = 1;
	}
	CHECK(broken && budget);

	struct asset *k = assets_find(&a, "content/sv/kommuner/karta.png");
	CHECK(k && k->kind == ASSET_IMAGE && k->width == 1200 &&
	      k->height == 800);
	/* media/<stem>.<16 hex>.<ext> */
	CHECK(k && strncmp(k->out, "media/karta.", 12) == 0 &&
	      strlen(k->out) == 12 + 16 + 4 && !strcmp(k->out + 28, ".png"));
	CHECK(k && k->nvariants == 2 && k->variants[0].width == 480 &&
	      k->variants[0].height == 320 && k->variants[1].width == 960 &&
	      k->variants[1].height == 640);
	CHECK(k && k->variants[0].len > 0 &&
	      strcmp(k->variants[0].out, k->out) != 0);
	struct asset *s = assets_find(&a, "content/_media/liten.png");
	CHECK(s && s->width == 300 && s->nvariants == 0);
	struct asset *p = assets_find(&a, "content/_media/blankett.pdf");
	CHECK(p && p->kind == ASSET_DOCUMENT && p->size == 15 &&
	      !strcmp(p->type, "PDF"));
	CHECK(assets_find(&a, "content/sv/index.md") == NULL);

	/* The same bytes again, on one thread: the same names and bytes. */
	struct assets b;
	struct diags d2;
	diags_init(&d2);
	assets_scan(&b, &cfg, 1, 0, &d2);
	CHECK(d2.warnings == 0); /* budget 0: no limit */
	struct asset *k2 = assets_find(&b, "content/sv/kommuner/karta.png");
	CHECK(k && k2 && !strcmp(k->out, k2->out) &&
	      !strcmp(k->variants[1].out, k2->variants[1].out) &&
	      k->variants[1].len == k2->variants[1].len &&
	      !memcmp(k->variants[1].data, k2->variants[1].data,
		      k2->variants[1].len));
	assets_release(&b);
	diags_release(&d2);
	assets_release(&a);
	diags_release(&d);

	unlink("content/sv/kommuner/karta.png");
	unlink("content/_media/liten.png");
	unlink("content/_media/blankett.pdf");
	unlink("content/sv/index.md");
	unlink("content/ar/trasig.jpg");
	rmdir("content/sv/kommuner");
	rmdir("content/sv");
	rmdir("content/ar");
	rmdir("content/_media");
	rmdir("content");
	CHECK(chdir(old) == 0);
	free(old);
	rmdir(dir);
}

/* image_budget in site.yaml: sizes as editors write them. */
static void S_budget(void)
{
	static const struct {
		const char *value;
		size_t want; /* (size_t)-1: an error */
	} cases[] = {{"200kB", 200000},	 {"1.5MB", 1500000},
		     {"150000", 150000}, {"0", 0},
		     {"80 kb", 80000},	 {"lots", (size_t)-1},
		     {"5GB", (size_t)-1}};
	char path[] = "/tmp/skylt-budget-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		FILE *f = fopen(path, "w");
		fprintf(f,
			"title: T\nbase_url: https://x.example/\nsource: sv\n"
			"image_budget: %s\nlanguages:\n"
			"  - {code: sv, tag: sv, locale: sv}\n",
			cases[i].value);
		fclose(f);
		struct config cfg;
		struct diags d;
		diags_init(&d);
		int rc = config_load(&cfg, path, &d);
		if (cases[i].want == (size_t)-1)
			CHECK(rc < 0 && d.n == 1 &&
			      strstr(d.v[0].msg, "is not a size"));
		else
			CHECK(rc == 0 && cfg.image_budget == cases[i].want);
		config_release(&cfg);
		diags_release(&d);
	}
	/* Without the key: 200 kB. */
	FILE *f = fopen(path, "w");
	fputs("title: T\nbase_url: https://x.example/\nsource: sv\n"
	      "languages:\n  - {code: sv, tag: sv, locale: sv}\n",
	      f);
	fclose(f);
	struct config cfg;
	struct diags d;
	diags_init(&d);
	CHECK(config_load(&cfg, path, &d) == 0 && cfg.image_budget == 200000);
	config_release(&cfg);
	diags_release(&d);
	unlink(path);
}

/* Without libvips42 an image is an error at its file that says what to
 * install (checked through the function that words it: the test machine has
 * libvips, and must keep it). */
static void S_missing(void)
{
	struct diags d;
	diags_init(&d);
	assets_vips_missing(&d, "content/sv/karta.png",
			    "libvips.so.42: cannot open shared object file: "
			    "No such file or directory");
	CHECK(d.n == 1 && d.errors == 1);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	diags_print(&d, f, NULL);
	fclose(f);
	CHECK_STR(out, "content/sv/karta.png: error: images need libvips: "
		       "apt-get install libvips42 (libvips.so.42: cannot open "
		       "shared object file: No such file or directory)\n");
	free(out);
	diags_release(&d);
}

int main(void)
{
	/* The test writes its images with libvips too. */
	locale_pin_default();
	if (S_vips_open() != 0)
		return 1;
	S_kinds();
	S_labels();
	S_scan();
	S_budget();
	S_missing();
	vips.shutdown();
	return harness_done("assets");
}
