/* libmicrohttpd runs a thread per connection, so a long-polling page that
 * waits for the next build holds only its own thread. Files are opened with
 * openat2(RESOLVE_BENEATH) below a descriptor of the output folder, opened
 * afresh for each request because every build exchanges the folder. */
#include "serve.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "extras.h"

/* How long a page's request for the next build waits before it asks again. */
#define S_WAIT_SECONDS 25

/* Each connection holds a thread. A client that sends its request slowly
 * (slowloris) may hold at most S_PER_CLIENT of them, and clients other than
 * the editor's own loopback address (127.0.0.1, ::1) at most S_OTHERS
 * together, so S_CONNECTIONS - S_OTHERS are always left for the editor's
 * browser. A connection that sends nothing for S_IDLE_SECONDS is closed. */
#define S_CONNECTIONS 128
#define S_OTHERS 96
#define S_PER_CLIENT 32
#define S_IDLE_SECONDS 10

struct server {
	struct MHD_Daemon *mhd;
	char *root;
	unsigned port;
	char *csp; /* the site's policy, plus the reload script */

	pthread_mutex_t lock; /* guards what follows */
	pthread_cond_t rebuilt;
	unsigned long generation; /* counts builds, so pages know to reload */
	char *errors;		  /* the failed build's diagnostics, or NULL */
	int stopping;

	char *bind;	   /* the address given with --bind */
	atomic_int others; /* connections from other than the editor's own */
};

static const char S_reload_path[] = "/_skylt/reload.js";
static const char S_reload_tag[] =
    "<script src=\"/_skylt/reload.js\" defer></script>";

/* Asks for the number of the next build and reloads the page when it comes;
 * a server that went away is asked again a second later. */
static const char S_reload_js[] =
    "// skylt serve: reloads the page after a rebuild (preview only).\n"
    "(function () {\n"
    "  var seen = null;\n"
    "  function wait() {\n"
    "    fetch('/_skylt/wait' + (seen === null ? '' : '?since=' + seen),\n"
    "          {cache: 'no-store'})\n"
    "      .then(function (r) { return r.text(); })\n"
    "      .then(function (t) {\n"
    "        if (seen !== null && t !== seen) { location.reload(); return; }\n"
    "        seen = t;\n"
    "        wait();\n"
    "      })\n"
    "      .catch(function () { setTimeout(wait, 1000); });\n"
    "  }\n"
    "  wait();\n"
    "})();\n";

char *serve_map_path(const char *url)
{
	if (url[0] != '/')
		return NULL;
	const char *rel = url + 1;
	for (const char *seg = rel; *seg;) {
		size_t n = strcspn(seg, "/");
		/* An empty segment is allowed only as the final '/'. */
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return NULL;
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)seg[i];
			if (ch < 0x20 || ch == 0x7f || ch == '\\')
				return NULL;
		}
		seg += n;
		if (*seg == '/')
			seg++;
	}
	return xstrdup(rel);
}

/* Opens rel below the folder dirfd; a path that leads out of it, through
 * '..' or a symbolic link, fails with EXDEV. */
static int S_open_beneath(int dirfd, const char *rel)
{
	struct open_how how = {
	    .flags = O_RDONLY | O_CLOEXEC,
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	/* Kernels before 5.6: open, then check where the file really is. */
	char at[64], dir[4096], file[4096];
	snprintf(at, sizeof at, "/proc/self/fd/%d", dirfd);
	ssize_t dn = readlink(at, dir, sizeof dir - 1);
	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dn < 0)
		return fd;
	snprintf(at, sizeof at, "/proc/self/fd/%d", fd);
	ssize_t fn = readlink(at, file, sizeof file - 1);
	if (fn < dn || memcmp(dir, file, (size_t)dn) != 0 ||
	    (fn > dn && file[dn] != '/')) {
		close(fd);
		errno = EXDEV;
		return -1;
	}
	return fd;
}

static const char *S_type(const char *name)
{
	static const char *const types[][2] = {
	    {".html", "text/html; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".xml", "application/xml; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".jpeg", "image/jpeg"},
	    {".webp", "image/webp"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".json", "application/json"},
	    {".vcf", "text/vcard; charset=utf-8"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i][0]) == 0)
				return types[i][1];
	/* _headers, robots.txt's kin: shown as text, never sniffed. */
	return "text/plain; charset=utf-8";
}

static enum MHD_Result S_queue(struct server *s, struct MHD_Connection *c,
			       unsigned status, struct MHD_Response *r,
			       const char *type)
{
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy", s->csp);
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result S_text(struct server *s, struct MHD_Connection *c,
			      unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	return S_queue(s, c, status, r, "text/plain; charset=utf-8");
}

static enum MHD_Result S_html(struct server *s, struct MHD_Connection *c,
			      unsigned status, struct buf *html)
{
	size_t n = html->len;
	char *bytes = buf_detach(html);
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(n, bytes, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(bytes);
	return S_queue(s, c, status, r, "text/html; charset=utf-8");
}

/* The page shown instead of the site while the last build failed. */
static enum MHD_Result S_error_page(struct server *s, struct MHD_Connection *c,
				    const char *errors)
{
	struct buf html = BUF_INIT;
	buf_puts(&html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, "
			"initial-scale=1\">\n"
			"<title>The build failed – skylt serve</title>\n");
	buf_puts(&html, S_reload_tag);
	buf_puts(&html, "\n</head>\n<body>\n<main>\n<h1>The build failed</h1>\n"
			"<p>Fix these problems and save: the page reloads by "
			"itself. Until then the site is not rebuilt.</p>\n"
			"<pre>");
	for (const char *p = errors; *p; p++) {
		switch (*p) {
		case '<':
			buf_puts(&html, "&lt;");
			break;
		case '>':
			buf_puts(&html, "&gt;");
			break;
		case '&':
			buf_puts(&html, "&amp;");
			break;
		default:
			buf_putc(&html, *p);
		}
	}
	buf_puts(&html, "</pre>\n</main>\n</body>\n</html>\n");
	return S_html(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, &html);
}

/* Reads the HTML file fd (closing it) with the reload script added at the
 * end of its head. */
static int S_read_html(int fd, struct buf *out)
{
	char chunk[16384];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_put(out, chunk, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	char *head = strstr(out->ptr, "</head>");
	size_t at = head ? (size_t)(head - out->ptr) : out->len;
	struct buf tail = BUF_INIT;
	buf_puts(&tail, out->ptr + at);
	buf_truncate(out, at);
	buf_puts(out, S_reload_tag);
	buf_put(out, tail.ptr, tail.len);
	buf_release(&tail);
	return 0;
}

/* Copies the diagnostics of the last build, or returns NULL if it was good. */
static char *S_errors(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	char *e = s->errors ? xstrdup(s->errors) : NULL;
	pthread_mutex_unlock(&s->lock);
	return e;
}

/* The site's own 404 page for the language the path begins with, else the
 * site's root one. */
static enum MHD_Result S_not_found(struct server *s, struct MHD_Connection *c,
				   int root, const char *rel)
{
	char *lang = xstrndup(rel, strcspn(rel, "/"));
	char *path = xasprintf("%s/404.html", lang);
	free(lang);
	int fd = root >= 0 ? S_open_beneath(root, path) : -1;
	if (fd < 0 && root >= 0)
		fd = S_open_beneath(root, "404.html");
	free(path);
	struct buf html = BUF_INIT;
	if (fd >= 0 && S_read_html(fd, &html) == 0)
		return S_html(s, c, MHD_HTTP_NOT_FOUND, &html);
	buf_release(&html);
	return S_text(s, c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static enum MHD_Result S_redirect(struct server *s, struct MHD_Connection *c,
				  const char *url)
{
	struct buf loc = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_putc(&loc, (char)*p);
		else
			buf_printf(&loc, "%%%02X", *p);
	}
	buf_putc(&loc, '/');
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, "Location", loc.ptr);
	buf_release(&loc);
	return S_queue(s, c, MHD_HTTP_MOVED_PERMANENTLY, r,
		       "text/plain; charset=utf-8");
}

static enum MHD_Result S_file(struct server *s, struct MHD_Connection *c,
			      const char *url, const char *rel)
{
	char *errors = S_errors(s);
	int root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = root >= 0 ? S_open_beneath(root, *rel ? rel : ".") : -1;
	enum MHD_Result ok;
	struct stat st;
	const char *name = rel;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (*rel && rel[strlen(rel) - 1] != '/') {
			close(fd);
			ok = S_redirect(s, c, url);
			goto done;
		}
		int index = S_open_beneath(fd, "index.html");
		close(fd);
		fd = index;
		name = "index.html";
	}
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 && errno == EXDEV) {
		ok = S_text(s, c, MHD_HTTP_FORBIDDEN,
			    "refused: the path leads outside the site\n");
		goto done;
	}
	/* A missing file is a page if its name says so or has no extension. */
	const char *last = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *type = S_type(name);
	int html = strncmp(type, "text/html", 9) == 0 ||
		   (fd < 0 && !strchr(last, '.'));
	if (errors && html) {
		if (fd >= 0)
			close(fd);
		ok = S_error_page(s, c, errors);
	} else if (fd < 0) {
		ok = S_not_found(s, c, root, rel);
	} else if (html) {
		struct buf page = BUF_INIT;
		if (S_read_html(fd, &page) == 0) {
			ok = S_html(s, c, MHD_HTTP_OK, &page);
		} else {
			buf_release(&page);
			ok = S_text(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				    "the file could not be read\n");
		}
	} else {
		/* The response closes fd. */
		struct MHD_Response *r =
		    MHD_create_response_from_fd((uint64_t)st.st_size, fd);
		if (!r)
			close(fd);
		ok = S_queue(s, c, MHD_HTTP_OK, r, type);
	}
done:
	if (root >= 0)
		close(root);
	free(errors);
	return ok;
}

/* Answers with the number of the current build: at once when the page does
 * not know one yet, otherwise when it changes or the wait runs out. */
static enum MHD_Result S_wait(struct server *s, struct MHD_Connection *c)
{
	const char *since =
	    MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += S_WAIT_SECONDS;
	/* The wait is longer than a request may take to arrive. */
	MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
				  (unsigned)(2 * S_WAIT_SECONDS));
	pthread_mutex_lock(&s->lock);
	if (since) {
		char *end;
		unsigned long seen = strtoul(since, &end, 10);
		while (!*end && seen == s->generation && !s->stopping &&
		       pthread_cond_timedwait(&s->rebuilt, &s->lock, &until) !=
			   ETIMEDOUT)
			;
	}
	char now[32];
	snprintf(now, sizeof now, "%lu", s->generation);
	pthread_mutex_unlock(&s->lock);
	return S_text(s, c, MHD_HTTP_OK, now);
}

static int S_hex(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decodes %HH in place like libmicrohttpd's own, except that %00 becomes a
 * control character that serve_map_path refuses, rather than a NUL that
 * would silently cut the path short. */
static size_t S_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *w = s;
	for (const char *r = s; *r; r++) {
		int hi, lo;
		if (r[0] == '%' && (hi = S_hex(r[1])) >= 0 &&
		    (lo = S_hex(r[2])) >= 0) {
			char ch = (char)(hi * 16 + lo);
			*w++ = ch ? ch : '\x01';
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static int S_seen; /* marks a request whose headers have all arrived */

/* Is a the address a browser on this machine uses for localhost? */
static int S_editor(const struct sockaddr *a)
{
	if (a && a->sa_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)a;
		return ntohl(v4->sin_addr.s_addr) == INADDR_LOOPBACK;
	}
	if (a && a->sa_family == AF_INET6) {
		const struct in6_addr *v6 =
		    &((const struct sockaddr_in6 *)a)->sin6_addr;
		static const unsigned char mapped[16] = {
		    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
		return IN6_IS_ADDR_LOOPBACK(v6) ||
		       memcmp(v6->s6_addr, mapped, 16) == 0;
	}
	return 0;
}

static enum MHD_Result S_accept(void *cls, const struct sockaddr *addr,
				socklen_t len)
{
	struct server *s = cls;
	(void)len;
	return S_editor(addr) || atomic_load(&s->others) < S_OTHERS ? MHD_YES
								    : MHD_NO;
}

static int S_other_mark; /* a connection counted in s->others */

static void S_notify(void *cls, struct MHD_Connection *c, void **ctx,
		     enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		    c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (!ci || !S_editor(ci->client_addr)) {
			atomic_fetch_add(&s->others, 1);
			*ctx = &S_other_mark;
		}
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED &&
		   *ctx == &S_other_mark) {
		atomic_fetch_sub(&s->others, 1);
		*ctx = NULL;
	}
}

/* An address literal: "127.0.0.1" or "::1" (without brackets). */
static int S_same_address(const char *a, const char *b)
{
	unsigned char x[16], y[16];
	if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
		return memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
		return memcmp(x, y, 16) == 0;
	return 0;
}

int serve_host_ok(const char *host, const char *bind)
{
	if (!host)
		return 1; /* HTTP/1.0: no browser sends a request without */
	/* The name or address without the port: "[::1]:8080" -> "::1". */
	char name[256];
	size_t n;
	if (host[0] == '[') {
		const char *end = strchr(host, ']');
		if (!end || (end[1] && end[1] != ':'))
			return 0;
		host++;
		n = (size_t)(end - host);
	} else {
		n = strcspn(host, ":");
		if (host[n] && strchr(host + n + 1, ':'))
			return 0; /* an IPv6 address must be in brackets */
	}
	if (n == 0 || n >= sizeof name)
		return 0;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)host[i]);
	name[n] = '\0';
	if (name[n - 1] == '.')
		name[--n] = '\0';
	/* A DNS rebinding attack needs a name that the attacker's DNS
	 * server points at this machine: only names that never leave it,
	 * and addresses, are accepted. */
	if (strcmp(name, "localhost") == 0 ||
	    (n > 10 && strcmp(name + n - 10, ".localhost") == 0))
		return 1;
	unsigned char a[16];
	if (inet_pton(AF_INET, name, a) == 1 && a[0] == 127)
		return 1;
	if (inet_pton(AF_INET6, name, a) == 1 &&
	    IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a))
		return 1;
	if (bind && S_same_address(name, bind))
		return 1;
	/* Bound to every address (0.0.0.0, ::), any of this machine's
	 * addresses may be asked for; an address cannot be rebound. */
	if (bind &&
	    (S_same_address(bind, "0.0.0.0") || S_same_address(bind, "::")))
		return inet_pton(AF_INET, name, a) == 1 ||
		       inet_pton(AF_INET6, name, a) == 1;
	return 0;
}

static enum MHD_Result S_handle(void *cls, struct MHD_Connection *c,
				const char *url, const char *method,
				const char *version, const char *upload_data,
				size_t *upload_size, void **req)
{
	struct server *s = cls;
	(void)version;
	(void)upload_data;
	if (!*req) {
		*req = &S_seen;
		return MHD_YES;
	}
	if (!serve_host_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       MHD_HTTP_HEADER_HOST),
			   s->bind))
		return S_text(s, c, MHD_HTTP_MISDIRECTED_REQUEST,
			      "refused: the preview answers only to localhost "
			      "and the address it was started on\n");
	if (*upload_size) {
		*upload_size = 0; /* a body is read and ignored */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
		    0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, "Allow", "GET, HEAD");
		return S_queue(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, r,
			       "text/plain; charset=utf-8");
	}
	if (strcmp(url, S_reload_path) == 0) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
		    sizeof S_reload_js - 1, (void *)S_reload_js,
		    MHD_RESPMEM_PERSISTENT);
		return S_queue(s, c, MHD_HTTP_OK, r,
			       "text/javascript; charset=utf-8");
	}
	if (strcmp(url, "/_skylt/wait") == 0)
		return S_wait(s, c);
	char *rel = serve_map_path(url);
	if (!rel)
		return S_text(s, c, MHD_HTTP_FORBIDDEN,
			      "refused: the path leads outside the site\n");
	enum MHD_Result ok = S_file(s, c, url, rel);
	free(rel);
	return ok;
}

/* Binds the listening socket here rather than in libmicrohttpd, so that a
 * port in use is reported as such. */
static int S_listen(const struct serve_opts *o, unsigned *port, struct diags *d)
{
	/* getaddrinfo reads a numeric IPv4 or IPv6 address alike. */
	char service[8];
	snprintf(service, sizeof service, "%u", o->port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV |
					     AI_PASSIVE};
	struct addrinfo *ai = NULL;
	if (getaddrinfo(o->bind, service, &hints, &ai) != 0 || !ai) {
		diags_add(d, SEV_ERROR, o->bind, 0, 0,
			  "not a numeric IPv4 or IPv6 address");
		return -1;
	}
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	int on = 1;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		diags_add(d, SEV_ERROR, o->bind, 0, 0,
			  "cannot listen on port %u: %s", o->port,
			  strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	*port = ntohs(sa.ss_family == AF_INET6
			  ? ((struct sockaddr_in6 *)&sa)->sin6_port
			  : ((struct sockaddr_in *)&sa)->sin_port);
	return fd;
}

struct server *serve_start(const struct serve_opts *o, struct diags *d)
{
	struct server *s = xcalloc(1, sizeof *s);
	int fd = S_listen(o, &s->port, d);
	if (fd < 0) {
		free(s);
		return NULL;
	}
	s->root = xstrdup(o->root);
	s->bind = xstrdup(o->bind);
	s->csp =
	    xasprintf("%s; connect-src 'self'", extras_csp);
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->rebuilt, &ca);
	pthread_condattr_destroy(&ca);
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	s->mhd = MHD_start_daemon(
	    flags, 0, S_accept, s, S_handle, s, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)S_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)S_PER_CLIENT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)S_IDLE_SECONDS,
	    MHD_OPTION_NOTIFY_CONNECTION, S_notify, s,
	    MHD_OPTION_UNESCAPE_CALLBACK, S_unescape, NULL, MHD_OPTION_END);
	if (!s->mhd) {
		diags_add(d, SEV_ERROR, o->bind, 0, 0,
			  "the HTTP server could not start");
		close(fd);
		serve_stop(s);
		return NULL;
	}
	return s;
}

unsigned serve_port(const struct server *s)
{
	return s->port;
}

void serve_publish(struct server *s, const char *errors)
{
	pthread_mutex_lock(&s->lock);
	free(s->errors);
	s->errors = errors ? xstrdup(errors) : NULL;
	s->generation++;
	pthread_cond_broadcast(&s->rebuilt);
	pthread_mutex_unlock(&s->lock);
}

void serve_stop(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->rebuilt);
	pthread_mutex_unlock(&s->lock);
	if (s->mhd)
		MHD_stop_daemon(s->mhd);
	pthread_cond_destroy(&s->rebuilt);
	pthread_mutex_destroy(&s->lock);
	free(s->errors);
	free(s->csp);
	free(s->root);
	free(s->bind);
	free(s);
}
