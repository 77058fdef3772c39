/* history.h - the last HISTORY_LEN ticks of a few figures per container,
 * keyed by cgroup path, for the sparklines of the container screen. Pure
 * data: fed one snapshot per tick, read back by path. No curses, no files.
 * Owned by the ui issue.
 *
 * Identity follows HACKING: a path whose cgroup id changed is a new cgroup
 * and starts an empty history. A tick in which a path was not in the
 * snapshot (filtered out, or briefly unreadable) is recorded as NAN when it
 * comes back, so sparklines keep their time axis; a path absent for
 * HISTORY_LEN ticks is forgotten. */
#ifndef BOXTOP_HISTORY_H
#define BOXTOP_HISTORY_H

#include <stddef.h>

#include "snapshot.h"

#define HISTORY_LEN 120

enum hist_metric {
	HIST_CPU_CORES, /* cpu.used_cores */
	HIST_THROTTLED, /* cpu.throttled_pct */
	HIST_MEM_BYTES, /* mem.working_set_bytes, else mem.used_bytes */
	HIST_IO_BPS,	/* io read + write bytes/s */
	HIST_NET_BPS,	/* net rx + tx bytes/s */
	HIST_PIDS,	/* pids.current */
	HIST_MAX
};

struct history;

struct history *history_new(void);
void history_free(struct history *h);

/* Records one tick from every row of S. */
void history_update(struct history *h, const struct snapshot *s);

/* Copies the most recent values (at most MAX) of METRIC for CGROUP into OUT,
 * oldest first, and returns how many; 0 for a path it does not know. */
size_t history_get(const struct history *h, const char *cgroup, enum hist_metric metric, double *out,
		   size_t max);

#endif
