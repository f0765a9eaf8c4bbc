/* The preview server of 'skylt serve': serves the output folder over HTTP on
 * loopback, never anything outside it, with a script in every HTML page that
 * reloads it after a rebuild, and the build's errors in place of the pages
 * while the last build failed. */
#ifndef SKYLT_SERVE_H
#define SKYLT_SERVE_H

#include "diag.h"

struct server;

struct serve_opts {
	const char *root; /* the output folder to serve */
	const char *bind; /* a numeric IPv4 or IPv6 address */
	unsigned port;	  /* 0: any free port */
};

/* Starts serving on threads of its own. Returns NULL with an error in d if
 * the address cannot be bound. */
struct server *serve_start(const struct serve_opts *o, struct diags *d);

/* The port the server listens on. */
unsigned serve_port(const struct server *s);

/* Records a build's outcome and tells open pages to reload: errors is NULL
 * after a good build, or the text of the diagnostics (copied). */
void serve_publish(struct server *s, const char *errors);

/* Stops serving, waits for open requests and frees s. */
void serve_stop(struct server *s);

/* Maps a request's path, already percent-decoded, to a path relative to the
 * served folder ("" for the root). Refuses (returns NULL) anything that could
 * lead outside it: no '..' or '.' segment, no empty segment, no backslash, no
 * control character, and it must begin with '/'. malloc'd. */
char *serve_map_path(const char *url);

/* Whether a request's Host header (NULL when it has none) names this
 * preview: "localhost" or a name under .localhost, a loopback address, or
 * the address bind the server was started on (with a port or without). A
 * DNS-rebinding page sends its own name, which is refused. When bind is a
 * wildcard (0.0.0.0, ::), any address literal is accepted too. */
int serve_host_ok(const char *host, const char *bind);

#endif
