/* The command line: parses arguments, sets up the libraries once, runs a
 * command and prints diagnostics once, in the compiler format. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <unicode/uclean.h>

#include "assets.h"
#include "build.h"
#include "buf.h"
#include "diag.h"
#include "html.h"
#include "links.h"
#include "load.h"
#include "locale.h"
#include "markdown.h"
#include "query.h"
#include "render.h"
#include "review.h"
#include "serve.h"
#include "status.h"
#include "watch.h"
#include "xliff.h"

#define SKYLT_VERSION "0.1.0"

/* Exit codes, as documented in --help and skylt(1). */
enum {
	EXIT_OK = 0,
	EXIT_ERRORS =
	    1, /* the content, configuration or templates have errors */
	EXIT_USAGE = 2, /* the command line is wrong */
	EXIT_IO = 3	/* the output could not be written */
};

static const char S_usage[] =
    "usage: skylt [command] [options]\n"
    "\n"
    "commands:\n"
    "  build            build the site into the output folder (default)\n"
    "  check            build in memory and run every check; write nothing\n"
    "  render FILE.md   print one file's body as HTML\n"
    "  serve            preview: build into .skylt/serve, serve, rebuild on "
    "save\n"
    "  search QUERY...  print the pages the built site's search finds, best\n"
    "                   first: '<path>\\t<title>', one a line\n"
    "  status           list translations that are stale, missing or have\n"
    "                   no source recorded\n"
    "  xliff export     write each language's pages as XLIFF 2.0 for\n"
    "                   translation tools, into DIR/<code>.xlf\n"
    "  xliff import FILE.xlf...\n"
    "                   write translated pages back as Markdown\n"
    "\n"
    "options:\n"
    "  -C DIR           run in the project folder DIR\n"
    "  -o DIR           output folder (default: site)\n"
    "  -j N             use N threads (default: one per processor)\n"
    "  -q               print no summary line\n"
    "  --werror         treat warnings as errors\n"
    "  --json           status: print the report as JSON\n"
    "  --hash FILE      status: print what 'source:' should say in\n"
    "                   translations of FILE's source page\n"
    "  --mark FILE...   status: set 'source:' in these translations to\n"
    "                   their source's current value, once checked\n"
    "  --diff LANG/PATH status: show how the source changed since the\n"
    "                   translation was made (needs git)\n"
    "  --port N         serve: the port (default 8080; 0: any free one)\n"
    "  --bind ADDR      serve: the address (default 127.0.0.1: this machine)\n"
    "  --lang CODE      xliff export: only this language (default: all);\n"
    "                   search: the language (default: the source's)\n"
    "  --changed        xliff export: only segments whose source changed\n"
    "                   since the translation\n"
    "  -o DIR           xliff export: the folder (default: xliff)\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n"
    "\n"
    "exit status: 0 success; 1 errors (output left as it was), or for status "
    "a\n"
    "stale or missing translation; 2 wrong command line; 3 output not "
    "written.\n"
    "With GITHUB_ACTIONS=true, messages are also workflow annotations. See "
    "skylt(1).\n";

struct S_args {
	const char *command;
	const char *dir;
	const char *out;
	const char *file;
	const char *bind;
	unsigned port;
	size_t jobs;
	int quiet;
	int json;
	const char *hash; /* status --hash FILE */
	const char *diff; /* status --diff LANG/PATH */
	int mark;	  /* status --mark FILE... */
	const char **files; /* status --mark, xliff import: nfiles of them */
	size_t nfiles;
	int werror;
	/* GITHUB_ACTIONS=true: also print workflow commands, with this before
	 * each path (the project's folder in the repository); else NULL */
	char *annotate;
	const atomic_int *stop; /* serve: set when a signal came mid-build */

	const char *sub;  /* xliff: "export" or "import" */
	const char *lang; /* xliff export --lang */
	int changed;	  /* xliff export --changed */
};

static int S_usage_error(const char *fmt, const char *arg)
{
	fputs("skylt: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see 'skylt --help')\n", stderr);
	return EXIT_USAGE;
}

/* Reads option opt's value v as a whole number from lo to hi. */
static int S_number(const char *opt, const char *v, long lo, long hi, long *n)
{
	char *end;
	errno = 0;
	*n = strtol(v, &end, 10);
	if (*end || !*v || errno || *n < lo || *n > hi) {
		fprintf(stderr,
			"skylt: error: %s needs a number from %ld to %ld, not "
			"'%s'\n(see 'skylt --help')\n",
			opt, lo, hi, v);
		return -1;
	}
	return 0;
}

/* Returns -1 to go on, or the exit status to stop with. */
static int S_parse(int argc, char **argv, struct S_args *a)
{
	a->command = "build";
	a->bind = "127.0.0.1";
	a->port = 8080;
	int i = 1;
	if (i < argc && argv[i][0] != '-') {
		a->command = argv[i++];
		if (strcmp(a->command, "build") &&
		    strcmp(a->command, "check") &&
		    strcmp(a->command, "render") &&
		    strcmp(a->command, "serve") &&
		    strcmp(a->command, "status") && strcmp(a->command, "xliff") &&
		    strcmp(a->command, "search"))
			return S_usage_error("unknown command '%s'",
					     a->command);
	}
	int xliff = !strcmp(a->command, "xliff");
	if (xliff) {
		a->out = "xliff";
		if (i >= argc ||
		    (strcmp(argv[i], "export") && strcmp(argv[i], "import")))
			return S_usage_error(
			    "xliff needs 'export' or 'import'%s", "");
		a->sub = argv[i++];
	}
	for (; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(S_usage, stdout);
			return EXIT_OK;
		} else if (!strcmp(arg, "--version")) {
			printf("skylt %s\n", SKYLT_VERSION);
			return EXIT_OK;
		} else if (!strcmp(arg, "-q")) {
			a->quiet = 1;
		} else if (!strcmp(arg, "--werror")) {
			a->werror = 1;
		} else if (!strcmp(arg, "--json") &&
			   !strcmp(a->command, "status")) {
			a->json = 1;
		} else if (!strcmp(arg, "--mark") &&
			   !strcmp(a->command, "status")) {
			a->mark = 1;
		} else if ((!strcmp(arg, "--hash") || !strcmp(arg, "--diff")) &&
			   !strcmp(a->command, "status")) {
			if (i + 1 >= argc)
				return S_usage_error(
				    "option '%s' needs a value", arg);
			*(arg[2] == 'h' ? &a->hash : &a->diff) = argv[++i];
		} else if (xliff && !strcmp(arg, "--changed") &&
			   !strcmp(a->sub, "export")) {
			a->changed = 1;
		} else if ((xliff && !strcmp(arg, "--lang") &&
			    !strcmp(a->sub, "export")) ||
			   (!strcmp(arg, "--lang") &&
			    !strcmp(a->command, "search"))) {
			if (i + 1 >= argc)
				return S_usage_error(
				    "option '%s' needs a value", arg);
			a->lang = argv[++i];
		} else if (!strcmp(arg, "-C") || !strcmp(arg, "-o") ||
			   !strcmp(arg, "-j") ||
			   (!strcmp(a->command, "serve") &&
			    (!strcmp(arg, "--port") ||
			     !strcmp(arg, "--bind")))) {
			if (i + 1 >= argc)
				return S_usage_error(
				    "option '%s' needs a value", arg);
			const char *v = argv[++i];
			long n;
			if (!strcmp(arg, "-C")) {
				a->dir = v;
			} else if (!strcmp(arg, "-o")) {
				a->out = v;
			} else if (!strcmp(arg, "--bind")) {
				a->bind = v;
			} else if (!strcmp(arg, "-j")) {
				if (S_number(arg, v, 1, 256, &n) != 0)
					return EXIT_USAGE;
				a->jobs = (size_t)n;
			} else {
				if (S_number(arg, v, 0, 65535, &n) != 0)
					return EXIT_USAGE;
				a->port = (unsigned)n;
			}
		} else if (arg[0] == '-') {
			return S_usage_error("unknown option '%s'", arg);
		} else if (!strcmp(a->command, "render") && !a->file) {
			a->file = arg;
		} else if (a->mark || (xliff && !strcmp(a->sub, "import")) ||
			   !strcmp(a->command, "search")) {
			a->files[a->nfiles++] = arg;
		} else {
			return S_usage_error("unexpected argument '%s'", arg);
		}
	}
	if (!strcmp(a->command, "render") && !a->file)
		return S_usage_error("render needs a file%s", "");
	if (!!a->hash + !!a->diff + a->mark + a->json > 1)
		return S_usage_error("give one of --json, --hash, --mark and "
				     "--diff%s",
				     "");
	if (a->mark && !a->nfiles)
		return S_usage_error("--mark needs the translation files to "
				     "mark current%s",
				     "");
	if (!strcmp(a->command, "search") && !a->nfiles)
		return S_usage_error("search needs a query%s", "");
	if (xliff && !strcmp(a->sub, "import") && !a->nfiles)
		return S_usage_error("xliff import needs a file%s", "");
	/* The preview builds beside the published site, never into it: what
	 * is served while editing is not what is uploaded. Kept between runs,
	 * so that a restart rebuilds only what changed. */
	if (!a->out)
		a->out = strcmp(a->command, "serve") ? "site" : ".skylt/serve";
	return -1;
}

static int S_render(const struct S_args *a)
{
	struct diags d;
	diags_init(&d);
	struct page *p = page_load_file(a->file, &d);
	int status = EXIT_ERRORS;
	cmark_node *body = p->has_body ? page_body(p, &d) : NULL;
	if (body) {
		anchors_compute(body, &p->anchors);
		links_resolve(NULL, p, body, &p->anchors, 0, &d, NULL);
		links_lint(p, body, NULL, &d);
		/* Outside a site the language is unknown: isolate right-to-left
		 * runs, as in a Swedish page. */
		xmlDocPtr doc = render_fragment(body, &p->anchors, 0);
		cmark_node_free(body);
		struct buf html = BUF_INIT;
		html_serialise_children(xmlDocGetRootElement(doc), &html);
		buf_putc(&html, '\n');
		/* An error means the page would not be built: nothing it
		 * refused (a javascript: link) reaches the output. */
		if (!d.errors) {
			fwrite(html.ptr, 1, html.len, stdout);
			status = EXIT_OK;
		}
		buf_release(&html);
		xmlFreeDoc(doc);
	}
	diags_sort(&d);
	diags_print(&d, stderr, a->annotate);
	diags_release(&d);
	page_free(p);
	return status;
}

/* The word for n things, as in "1 page", "2 pages": the command line speaks
 * English, whose plural rule (one for exactly 1, other for every other
 * number) is all it needs; the site's own strings take each language's rules
 * from ICU. */
static const char *S_noun(size_t n, const char *one, const char *other)
{
	return n == 1 ? one : other;
}

static int S_status(const struct S_args *a)
{
	struct project prj;
	struct diags d;
	diags_init(&d);
	enum build_status bs = project_load(&prj, a->jobs, &d);
	diags_sort(&d);
	diags_print(&d, stderr, a->annotate);
	int status = EXIT_ERRORS;
	if (bs == BUILD_OK) {
		struct buf out = BUF_INIT;
		struct diags e;
		diags_init(&e);
		if (a->hash)
			status = review_hash(&prj.site, a->hash, &out, &e)
				     ? EXIT_ERRORS
				     : EXIT_OK;
		else if (a->diff)
			status = review_diff(&prj.site, a->diff, &out, &e)
				     ? EXIT_ERRORS
				     : EXIT_OK;
		else if (a->mark)
			status = review_mark(&prj.site, a->files, a->nfiles,
					     &out, &e)
				     ? EXIT_ERRORS
				     : EXIT_OK;
		else
			status = status_report(&prj.site, a->json, &out)
				     ? EXIT_ERRORS
				     : EXIT_OK;
		fwrite(out.ptr, 1, out.len, stdout);
		fflush(stdout);
		diags_print(&e, stderr, a->annotate);
		diags_release(&e);
		buf_release(&out);
	} else if (a->hash || a->diff || a->mark) {
		fprintf(stderr, "skylt: %zu %s; nothing was done\n", d.errors,
			S_noun(d.errors, "error", "errors"));
	}
	project_release(&prj);
	diags_release(&d);
	return status;
}

/* skylt xliff export|import: the translation hand-off of xliff.c. */
/* The words of the command line, as one query; the language is --lang, or
 * the site's source language as site.yaml names it. */
static int S_search(const struct S_args *a)
{
	struct diags d;
	diags_init(&d);
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	const char *code = a->lang;
	if (!code) {
		if (config_load(&cfg, "content/site.yaml", &d) == 0)
			code = cfg.langs[cfg.source].code;
	}
	struct buf q = BUF_INIT;
	for (size_t i = 0; i < a->nfiles; i++) {
		if (i)
			buf_putc(&q, ' ');
		buf_puts(&q, a->files[i]);
	}
	struct query_result r;
	int status = EXIT_ERRORS;
	if (code && query_run(a->out, code, q.ptr, &r, &d) == 0) {
		for (size_t i = 0; i < r.nhits; i++)
			printf("%s\t%s\n", r.hits[i].path, r.hits[i].title);
		fflush(stdout);
		query_result_release(&r);
		status = EXIT_OK;
	}
	buf_release(&q);
	config_release(&cfg); /* safe after any load */
	diags_sort(&d);
	diags_print(&d, stderr, a->annotate);
	diags_release(&d);
	return status;
}

static int S_xliff(const struct S_args *a)
{
	struct project prj;
	struct diags d;
	diags_init(&d);
	enum build_status bs = project_load(&prj, a->jobs, &d);
	int status = bs == BUILD_OK ? EXIT_OK : EXIT_ERRORS;
	const struct config *cfg = &prj.cfg;
	long only = -1;
	if (status == EXIT_OK && a->lang) {
		only = config_lang_index(cfg, a->lang);
		if (only < 0 || (size_t)only == cfg->source) {
			diags_add(&d, SEV_ERROR, "content/site.yaml", 0, 0,
				  "'%s' is not a translation language of the "
				  "site",
				  a->lang);
			status = EXIT_USAGE;
		}
	}
	if (status == EXIT_OK && !strcmp(a->sub, "export")) {
		for (size_t l = 0; l < cfg->nlangs && status == EXIT_OK; l++) {
			if (l == cfg->source ||
			    (only >= 0 && (size_t)only != l))
				continue;
			struct buf out = BUF_INIT;
			struct xliff_stats st;
			xliff_export(&prj.site, l, a->changed, &out, &st, &d);
			char *file =
			    xasprintf("%s/%s.xlf", a->out, cfg->langs[l].code);
			FILE *f = NULL;
			if (mkdir(a->out, 0777) == 0 || errno == EEXIST)
				f = fopen(file, "wb");
			int ok = f && fwrite(out.ptr, 1, out.len, f) == out.len;
			if (f && fclose(f) != 0)
				ok = 0;
			if (!ok) {
				fprintf(stderr,
					"skylt: error: cannot write '%s': %s\n",
					file, strerror(errno));
				status = EXIT_IO;
			} else if (!a->quiet) {
				fprintf(
				    stderr,
				    "skylt: wrote '%s': %zu %s, %zu %s (%zu with "
				    "a target); %zu %s not translated, %zu whose "
				    "blocks differ from the source\n",
				    file, st.pages, S_noun(st.pages, "page", "pages"),
				    st.units, S_noun(st.units, "unit", "units"),
				    st.targets, st.missing,
				    S_noun(st.missing, "page", "pages"),
				    st.misaligned);
			}
			free(file);
			buf_release(&out);
		}
	} else if (status == EXIT_OK) {
		for (size_t i = 0; i < a->nfiles && status == EXIT_OK; i++) {
			/* Each file is read against the pages as the files
			 * before it left them. */
			if (i > 0) {
				project_release(&prj);
				if (project_load(&prj, a->jobs, &d) !=
				    BUILD_OK) {
					status = EXIT_ERRORS;
					break;
				}
			}
			struct xliff_stats st;
			int rc = xliff_import(&prj.site, a->files[i], &st, &d);
			if (rc != 0)
				status = rc == -2 ? EXIT_IO : EXIT_ERRORS;
			else if (!a->quiet) {
				fprintf(
				    stderr,
				    "skylt: read '%s': %zu %s, %zu %s; %zu %s "
				    "written\n",
				    a->files[i], st.pages,
				    S_noun(st.pages, "page", "pages"), st.units,
				    S_noun(st.units, "unit", "units"), st.written,
				    S_noun(st.written, "file", "files"));
			}
		}
	}
	diags_sort(&d);
	diags_print(&d, stderr, a->annotate);
	if (status == EXIT_ERRORS && !strcmp(a->sub, "import"))
		fputs("skylt: the file with errors was not imported: none of "
		      "its pages was written\n",
		      stderr);
	project_release(&prj);
	diags_release(&d);
	return status;
}

/* Another build of the same output is running: this one waits for it. */
static void S_waiting(const char *lock, void *arg)
{
	const struct S_args *a = arg;
	fprintf(stderr,
		"skylt: another build is writing '%s'; waiting for it to "
		"finish (lock '%s')\n",
		a->out, lock);
	fflush(stderr);
}

/* Builds or checks once and prints the diagnostics and the summary line.
 * Returns the exit status; d keeps the diagnostics. */
static int S_build_once(const struct S_args *a, int write, struct diags *d)
{
	/* A person watching a terminal sees progress; CI's log does not. */
	const char *ci = getenv("CI");
	int progress = !a->quiet && isatty(STDERR_FILENO) && !(ci && *ci);
	struct build_opts o = {.out = a->out,
			       .jobs = a->jobs,
			       .write = write,
			       .werror = a->werror,
			       .progress = progress,
			       .stop = a->stop,
			       .waiting = S_waiting,
			       .waiting_arg = (void *)a};
	struct build_stats st;
	enum build_status bs = build_site(&o, &st, d);
	diags_print(d, stderr, a->annotate);
	int status = bs == BUILD_OK   ? EXIT_OK
		     : bs == BUILD_IO ? EXIT_IO
				      : EXIT_ERRORS;
	if (!a->quiet) {
		const char *pages = S_noun(st.pages, "page", "pages");
		const char *langs =
		    S_noun(st.languages, "language", "languages");
		const char *warns = S_noun(d->warnings, "warning", "warnings");
		if (status == EXIT_OK && st.nothing_changed)
			fprintf(stderr,
				"skylt: nothing changed since the last build: "
				"%zu %s in %zu %s in '%s' are up to date (0 "
				"written, %zu unchanged), %zu %s, %.2f s\n",
				st.pages, pages, st.languages, langs, a->out,
				st.unchanged, d->warnings, warns, st.seconds);
		else if (status == EXIT_OK && write) {
			fprintf(stderr,
				"skylt: built %zu %s in %zu %s from %zu %s into "
				"'%s' (%zu written, %zu unchanged; %zu %s made, "
				"%zu %s read), %zu %s, %.2f s\n",
				st.pages, pages, st.languages, langs,
				st.sources, S_noun(st.sources, "file", "files"),
				a->out, st.written, st.unchanged, st.made,
				S_noun(st.made, "page", "pages"), st.read,
				S_noun(st.read, "file", "files"), d->warnings,
				warns, st.seconds);
		} else if (status == EXIT_OK)
			fprintf(stderr,
				"skylt: checked %zu %s in %zu %s, %zu %s, %.2f "
				"s\n",
				st.pages, pages, st.languages, langs,
				d->warnings, warns, st.seconds);
		else
			fprintf(stderr, "skylt: %zu %s, %zu %s; %s\n",
				d->errors, S_noun(d->errors, "error", "errors"),
				d->warnings, warns,
				write ? "the previous output was left as it was"
				      : "nothing was written");
	}
	return status;
}

static int S_build(const struct S_args *a, int write)
{
	struct diags d;
	diags_init(&d);
	int status = S_build_once(a, write, &d);
	diags_release(&d);
	return status;
}

/* The diagnostics as the terminal shows them, for the preview's error page. */
static char *S_diags_text(const struct diags *d)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return xstrdup("the build failed");
	diags_print(d, f, 0);
	if (!d->n)
		fputs("the build failed, and said nothing more\n", f);
	fclose(f);
	return text;
}

/* Watches for SIGINT or SIGTERM while the preview builds, and tells the build
 * to give up, so that the server stops within a fraction of a second. The
 * signal is left pending for watch_wait. */
struct S_stopper {
	int stop_fd;
	int wake[2]; /* written to end the thread */
	atomic_int stop;
};

static void *S_stopper_run(void *arg)
{
	struct S_stopper *st = arg;
	struct pollfd fds[2] = {{st->stop_fd, POLLIN, 0},
				{st->wake[0], POLLIN, 0}};
	while (poll(fds, 2, -1) < 0 && errno == EINTR)
		;
	if (fds[0].revents & POLLIN)
		atomic_store(&st->stop, 1);
	return NULL;
}

/* Builds, then serves the output and rebuilds on every change to the
 * sources until SIGINT or SIGTERM. A failed build keeps the server running:
 * its errors take the place of the pages until the next good build. */
static int S_serve(const struct S_args *a)
{
	/* The signals are read from a descriptor, so every thread started
	 * from here on (the server's, the build's) leaves them blocked. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	int stop_fd = signalfd(-1, &stop, SFD_CLOEXEC);

	static const char *const sources[] = {"content", "templates",
					      "translations"};
	struct diags d;
	diags_init(&d);
	struct serve_opts so = {a->out, a->bind, a->port};
	struct server *srv = stop_fd >= 0 ? serve_start(&so, &d) : NULL;
	struct watch *w = srv ? watch_open(sources, 3, &d) : NULL;
	if (!w) {
		if (stop_fd < 0)
			fprintf(stderr, "skylt: error: %s\n", strerror(errno));
		diags_print(&d, stderr, 0);
		diags_release(&d);
		if (srv)
			serve_stop(srv);
		if (stop_fd >= 0)
			close(stop_fd);
		return EXIT_IO;
	}
	const char *fmt = strchr(a->bind, ':')
			      ? "skylt: serving '%s' at http://[%s]:%u/ "
				"(Ctrl-C stops)\n"
			      : "skylt: serving '%s' at http://%s:%u/ "
				"(Ctrl-C stops)\n";
	struct S_stopper stopper = {stop_fd, {-1, -1}, 0};
	pthread_t stopper_thread;
	int stopper_on =
	    pipe2(stopper.wake, O_CLOEXEC) == 0 &&
	    pthread_create(&stopper_thread, NULL, S_stopper_run, &stopper) == 0;
	struct S_args sa = *a;
	sa.stop = &stopper.stop;
	for (int first = 1;; first = 0) {
		int status = S_build_once(&sa, 1, &d);
		char *errors = status == EXIT_OK ? NULL : S_diags_text(&d);
		serve_publish(srv, errors);
		free(errors);
		diags_release(&d);
		if (first && !atomic_load(&stopper.stop)) {
			fprintf(stderr, fmt, a->out, a->bind, serve_port(srv));
			fflush(stderr);
		}
		/* An editor's save is a burst of events within a few
		   milliseconds; 30 ms of quiet ends it without making the
		   reader wait. */
		enum watch_event ev = watch_wait(w, stop_fd, 30);
		if (ev == WATCH_ERROR)
			fprintf(stderr,
				"skylt: error: watching for changes "
				"failed: %s\n",
				strerror(errno));
		if (ev != WATCH_CHANGED)
			break;
	}
	if (stopper_on) {
		if (write(stopper.wake[1], "", 1) < 0)
			pthread_cancel(stopper_thread);
		pthread_join(stopper_thread, NULL);
	}
	for (int i = 0; i < 2; i++)
		if (stopper.wake[i] >= 0)
			close(stopper.wake[i]);
	watch_close(w);
	serve_stop(srv);
	close(stop_fd);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct S_args a = {0};
	a.files = xcalloc((size_t)argc, sizeof *a.files);
	int status = S_parse(argc, argv, &a);
	if (status >= 0) {
		free(a.files);
		return status;
	}
	char *started_in = getcwd(NULL, 0);
	if (a.dir && chdir(a.dir) != 0) {
		fprintf(stderr, "skylt: error: cannot enter '%s': %s\n", a.dir,
			strerror(errno));
		free(started_in);
		free(a.files);
		return EXIT_USAGE;
	}
	const char *gha = getenv("GITHUB_ACTIONS");
	if (gha && !strcmp(gha, "true"))
		a.annotate = diags_annotation_prefix(started_in);
	free(started_in);
	/* Once, before any thread starts: ICU's default locale (so nothing
	 * follows LANG), libxml2's globals and cmark-gfm's extensions. */
	locale_pin_default();
	xmlInitParser();
	markdown_init();
	if (!strcmp(a.command, "render"))
		status = S_render(&a);
	else if (!strcmp(a.command, "status"))
		status = S_status(&a);
	else if (!strcmp(a.command, "serve"))
		status = S_serve(&a);
	else if (!strcmp(a.command, "xliff"))
		status = S_xliff(&a);
	else if (!strcmp(a.command, "search"))
		status = S_search(&a);
	else
		status = S_build(&a, !strcmp(a.command, "build"));
	/* libvips starts when a build first meets an image (assets.c). */
	assets_shutdown();
	xmlCleanupParser();
	u_cleanup();
	free(a.files);
	free(a.annotate);
	return status;
}
