/* The thread pool: plain pthreads and one atomic counter. Threads live for one
 * stage; starting two threads costs far less than any stage they run. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"

struct S_job {
	void (*fn)(void *ctx, size_t i, size_t worker);
	void *ctx;
	size_t n;
	atomic_size_t next;
};

struct S_thread {
	struct S_job *job;
	size_t worker;
	pthread_t tid;
};

static void *S_loop(void *arg)
{
	struct S_thread *t = arg;
	size_t i;
	while ((i = atomic_fetch_add(&t->job->next, 1)) < t->job->n)
		t->job->fn(t->job->ctx, i, t->worker);
	return NULL;
}

void pool_run(size_t nthreads, size_t n,
	      void (*fn)(void *ctx, size_t i, size_t worker), void *ctx)
{
	struct S_job job = {.fn = fn, .ctx = ctx, .n = n};
	atomic_init(&job.next, 0);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > n)
		nthreads = n ? n : 1;
	struct S_thread *ts = xcalloc(nthreads, sizeof *ts);
	size_t started = 1;
	for (size_t w = 1; w < nthreads; w++) {
		ts[w].job = &job;
		ts[w].worker = w;
		if (pthread_create(&ts[w].tid, NULL, S_loop, &ts[w]) != 0)
			break; /* the threads already running finish the work */
		started++;
	}
	ts[0].job = &job;
	ts[0].worker = 0;
	S_loop(&ts[0]);
	for (size_t w = 1; w < started; w++)
		pthread_join(ts[w].tid, NULL);
	free(ts);
}

size_t pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}
