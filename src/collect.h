/* collect.h - turns one tick's reads under a root directory into a raw
 * sample: discovers cgroups, names them, reads their counters, their
 * processes and their network namespaces, plus the host's figures. */
#ifndef BOXTOP_COLLECT_H
#define BOXTOP_COLLECT_H

#include <stdbool.h>

#include "profiler.h"
#include "sample.h"

struct collector_opts {
	const char *root;  /* "/" or a fixture tree */
	bool with_procs;   /* read every group's processes (the container screen needs them) */
	const char *inode_map; /* fixture inode map (cg_mounts_load_inode_map), NULL live */
	struct profiler *profiler;   /* borrowed: drained into each sample, or NULL */
	const char *profiler_status; /* why there is no profiler, copied into each sample */
	/* How long a cgroup stays without running before the files only its
	 * tasks move are no longer read every tick; 0: 3 s (tests shorten it). */
	uint64_t idle_settle_ns;
};

struct collector;

/* Returns NULL and sets *ERR to a static one-line message when ROOT has no
 * readable cgroup hierarchy or /proc. Free with collector_free(). */
struct collector *collector_new(const struct collector_opts *opts, const char **err);
void collector_free(struct collector *c);

/* Reads one sample. Vanished cgroups and processes are skipped silently.
 * Returns 0 and a sample the caller owns (sample_free), or -errno. */
int collector_sample(struct collector *c, struct sample **out);

#endif
