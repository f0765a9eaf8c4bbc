/* A pool of threads for the stages that treat pages independently. */
#ifndef SKYLT_POOL_H
#define SKYLT_POOL_H

#include <stddef.h>

/* Calls fn(ctx, i, worker) for every i in [0, n) on up to nthreads threads,
 * the calling one included; worker is in [0, nthreads) and names the thread,
 * so fn can use per-thread state. Items are claimed from a shared counter, so
 * work balances itself. Returns when every item is done. */
void pool_run(size_t nthreads, size_t n,
	      void (*fn)(void *ctx, size_t i, size_t worker), void *ctx);

/* The number of processors online (at least 1). */
size_t pool_cpus(void);

#endif
