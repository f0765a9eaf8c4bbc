/* The preview server's path check and the source watcher: a request's path
 * never leads out of the output folder, and the watcher wakes for a saved
 * file (also in a folder made after it started) but not for an editor's swap
 * file. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "buf.h"
#include "serve.h"
#include "watch.h"

static void S_map(const char *url, const char *want)
{
	char *got = serve_map_path(url);
	if (want)
		CHECK_STR(got, want);
	else if (got) {
		fprintf(stderr, "serve_map_path(\"%s\") gave \"%s\"\n", url,
			got);
		CHECK(got == NULL);
	} else
		CHECK(got == NULL);
	free(got);
}

static void test_map_path(void)
{
	S_map("/", "");
	S_map("/sv/", "sv/");
	S_map("/sv/ansvar/index.html", "sv/ansvar/index.html");
	S_map("/assets/style.css", "assets/style.css");
	S_map("/sv/..x/", "sv/..x/"); /* a name that only starts with dots */
	S_map("/ar/\xd8\xa8/", "ar/\xd8\xa8/");
	S_map("/..", NULL);
	S_map("/../etc/passwd", NULL);
	S_map("/sv/../../x", NULL);
	S_map("/sv/..", NULL);
	S_map("/./sv/", NULL);
	S_map("//etc/passwd", NULL);
	S_map("/sv//x", NULL);
	S_map("/..\\x", NULL);
	S_map("/sv/\x01/x", NULL);
	S_map("etc/passwd", NULL);
	S_map("http://host/x", NULL);
	S_map("", NULL);
}

static void S_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

struct S_later {
	int fd;
	int ms;
};

static void *S_write_later(void *arg)
{
	struct S_later *l = arg;
	struct timespec ts = {0, l->ms * 1000000L};
	nanosleep(&ts, NULL);
	(void)!write(l->fd, "x", 1);
	return NULL;
}

static void test_watch(void)
{
	char dir[] = "/tmp/skylt-watch-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *content = xasprintf("%s/content", dir);
	mkdir(content, 0755);
	const char *roots[] = {content, "/nonexistent-skylt-folder"};
	struct diags d;
	diags_init(&d);
	struct watch *w = watch_open(roots, 2, &d);
	CHECK(w != NULL);
	CHECK(d.n == 0);
	int stop[2];
	CHECK(pipe(stop) == 0);

	char *page = xasprintf("%s/index.md", content);
	S_put(page, "---\ntitle: x\n---\n");
	CHECK(watch_wait(w, stop[0], 50) == WATCH_CHANGED);

	/* A folder made after the watch started is watched too. */
	char *sub = xasprintf("%s/sv", content);
	mkdir(sub, 0755);
	CHECK(watch_wait(w, stop[0], 50) == WATCH_CHANGED);
	char *deep = xasprintf("%s/sv/ny.md", content);
	S_put(deep, "text");
	CHECK(watch_wait(w, stop[0], 50) == WATCH_CHANGED);

	/* A swap file alone does not count: the wait ends only when told to
	 * stop. */
	char *swap = xasprintf("%s/sv/.ny.md.swp", content);
	S_put(swap, "swap");
	struct S_later later = {stop[1], 200};
	pthread_t t;
	pthread_create(&t, NULL, S_write_later, &later);
	CHECK(watch_wait(w, stop[0], 50) == WATCH_STOP);
	pthread_join(t, NULL);

	watch_close(w);
	diags_release(&d);
	close(stop[0]);
	close(stop[1]);
	unlink(swap);
	unlink(deep);
	rmdir(sub);
	unlink(page);
	rmdir(content);
	rmdir(dir);
	free(swap);
	free(deep);
	free(sub);
	free(page);
	free(content);
}

/* The Host header: loopback names and addresses and the --bind address pass;
 * a DNS-rebinding page's own name does not. */
static void test_host(void)
{
	static const char *const good[] = {
	    "localhost",     "localhost:8080",
	    "LOCALHOST.:80", "preview.localhost",
	    "127.0.0.1",     "127.0.0.1:4000",
	    "127.1.2.3:80",  "[::1]",
	    "[::1]:8080",    "[0:0:0:0:0:0:0:1]:8080"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		int ok = serve_host_ok(good[i], "127.0.0.1");
		if (!ok)
			fprintf(stderr, "refused: %s\n", good[i]);
		CHECK(ok);
	}
	static const char *const bad[] = {"evil.example",
					  "evil.example:8080",
					  "localhost.evil.example",
					  "127.0.0.1.evil.example",
					  "evillocalhost",
					  "",
					  ":8080",
					  "[::1",
					  "::1",
					  "192.168.1.5:8080",
					  "[::1]x",
					  "0x7f000001"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int ok = serve_host_ok(bad[i], "127.0.0.1");
		if (ok)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(!ok);
	}
	CHECK(serve_host_ok(NULL, "127.0.0.1")); /* HTTP/1.0 */
	CHECK(serve_host_ok("192.168.1.5:8080", "192.168.1.5"));
	CHECK(serve_host_ok("[fd00::5]:8080", "fd00::5"));
	CHECK(!serve_host_ok("192.168.1.6:8080", "192.168.1.5"));
	CHECK(serve_host_ok("192.168.1.6:8080", "0.0.0.0"));
	CHECK(serve_host_ok("[fd00::6]", "::"));
	CHECK(!serve_host_ok("evil.example", "0.0.0.0"));
}

int main(void)
{
	test_host();
	test_map_path();
	test_watch();
	return harness_done("serve");
}
