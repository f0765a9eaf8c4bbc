/* Until the search page lands: a page that names the index. */
#include "compose.h"
int compose_search(const struct compose_ctx *c, size_t lang, const char *index, struct buf *out, struct diags *d)
{ (void)c; (void)lang; (void)d; buf_printf(out, "<!DOCTYPE html><html><body data-index=\"%s\"></body></html>\n", index ? index : ""); return 0; }
