/* profiler.h - the BPF CPU profiler: samples every online CPU at HZ
 * (software cpu-clock perf events), counts distinct (cgroup, pid, comm,
 * kernel stack, user stack) keys in the kernel, drains them once per tick,
 * symbolizes new stacks (symbols.h) and keeps a rolling window of them.
 *
 * Call order (main/collect, once per tick):
 *   p = profiler_new(&opts, &why)   as root, before dropping capabilities;
 *                                   NULL: WHY is the one-line reason
 *   profiler_collect(p, &window)    each tick: WINDOW is the profile of the
 *                                   last window_s seconds (or since the
 *                                   cumulative toggle); the caller owns it
 *   profiler_free(p)
 * Built with --disable-bpf, profiler_new() always fails with "built without
 * BPF support". Owned by the profiler engineer (issue 5). */
#ifndef BOXTOP_PROFILER_H
#define BOXTOP_PROFILER_H

#include <stdbool.h>

#include "profile.h"

struct profiler_opts {
	const char *root;   /* where proc/ and sys/ are; NULL = "/" */
	unsigned hz;	    /* samples per second per CPU, 1..10000; 0 = 99 */
	bool kernel_stacks; /* record kernel frames too */
	double window_s;    /* rolling window; <= 0 = 10 s */
};

struct profiler;

/* Opens, loads and attaches the sampler on every online CPU and reads
 * /proc/kallsyms (CAP_SYSLOG is needed now, not later). On failure returns
 * NULL and points *ERR at a one-line reason (a static buffer, valid until
 * the next call). */
struct profiler *profiler_new(const struct profiler_opts *opts, const char **err);

/* Drains the samples since the last call (without losing any taken
 * meanwhile), symbolizes stacks not seen before and returns the window in
 * *WINDOW (free with profile_free). Returns 0 or -errno (*WINDOW NULL). */
int profiler_collect(struct profiler *p, struct profile **window);

/* Cumulative: from now on samples stay in the window instead of expiring
 * after window_s; switching back returns to the rolling window. */
void profiler_set_cumulative(struct profiler *p, bool on);

void profiler_free(struct profiler *p);

#endif
