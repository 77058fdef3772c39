/* snapshot.h - the immutable result of one tick: rates, percentages,
 * limits, names, verdicts and sorted rows. Batch text, JSON, the screens and
 * every exporter render only this.
 *
 * Conventions: every double that the kernel, the hierarchy or a permission
 * did not provide (or that needs a previous tick that does not exist) is NAN:
 * shown as "-", written as JSON null. Use snap_has(x) to test.
 * Ownership: model_build() returns a snapshot the caller owns and frees with
 * snapshot_free(); every pointer inside lives exactly as long as it (strings
 * are copied into the snapshot's arena, never borrowed from a sample). */
#ifndef BOXTOP_SNAPSHOT_H
#define BOXTOP_SNAPSHOT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"

#define snap_has(x) (!isnan(x))
/* The sum of two figures either of which may be absent: absent only if both are. */
static inline double snap_sum2(double a, double b)
{
	return !snap_has(a) ? b : !snap_has(b) ? a : a + b;
}

/* The likeliest bottleneck, from differential diagnosis (model.c). */
enum verdict {
	VERDICT_NONE,
	VERDICT_CAP_THROTTLED,  /* throttled time grew: the CPU quota is the limit */
	VERDICT_CPU_CONTENDED,  /* not throttled, run-queue delay / CPU PSI grew, host has no idle CPU */
	VERDICT_OOM,            /* OOM kills in the interval */
	VERDICT_MEM_PRESSURE,   /* memory PSI full, or memory.high/max events growing */
	VERDICT_IO_WAIT,        /* I/O PSI */
	VERDICT_NET_DROPS,      /* drops or listen overflows in the interval */
	VERDICT_PIDS_CAP,       /* fork failures in the interval */
	VERDICT_MAX
};
/* "", "cap-throttled", "cpu-contended", "oom", "mem-pressure", "io-wait", "net-drops", "pids-cap" */
extern const char *const verdict_names[VERDICT_MAX];

struct snap_cpu {
	double used_cores, limit_cores, util_pct;
	double throttled_pct;      /* throttled periods / periods in the interval */
	double throttled_s_per_s;
	double psi_some_avg10, psi_full_avg10;
	double run_delay_pct;      /* summed process run-queue delay / wall time, % */
};

struct snap_mem {
	double used_bytes, working_set_bytes, limit_bytes, util_pct, swap_bytes;
	double major_faults_per_s;
	double psi_some_avg10, psi_full_avg10;
	double high_events_delta, max_events_delta;
	double oom_kills, oom_kills_delta;
	double failcnt_delta; /* v1 memory.failcnt */
};

struct snap_io {
	double read_bps, write_bps, read_iops, write_iops;
	double psi_some_avg10, psi_full_avg10;
};

struct snap_net {
	double rx_bps, tx_bps, rx_pps, tx_pps;
	double drops_per_s, errors_per_s, tcp_retrans_per_s, listen_overflows_per_s;
	uint64_t netns_inode; /* 0 = none */
	bool shared;          /* another group is in the same namespace: counted once, on the first */
};

struct snap_pids {
	double current, max;
	double fork_failures;       /* pids.events max increments in the interval */
	double fork_failures_total;
};

/* One process of a group. */
struct snap_proc {
	int32_t pid, nspid, ppid;
	uint32_t uid;
	char state;
	double cpu_pct;          /* of one CPU */
	double rss_bytes;
	double run_delay_pct;    /* run-queue delay / wall time, % */
	double nonvol_ctxsw_per_s;
	double major_faults_per_s;
	uint32_t threads;
	const char *comm;
	const char *cmdline;     /* may be NULL */
};

/* One hot function from the profiler (filled by the profiler issue). */
struct snap_hot {
	const char *function;
	const char *module;
	double self_pct, total_pct;
	uint64_t samples;
	uint64_t cgroup_id; /* the container it burns in (for the host list), 0 = host */
	const char *container; /* that row's name (also on v1, where ids are 0), NULL = no row */
};

struct snap_row {
	const char *name;
	const char *id;         /* container id, else NULL */
	const char *cgroup;     /* path */
	const char *image;      /* NULL if unknown */
	const char *pod, *k8s_namespace;
	const char *parent;     /* pod path for pod members, else NULL */
	uint64_t cgroup_id;
	enum group_kind kind;
	enum runtime runtime;
	bool is_new;            /* first tick seen (no rates yet) */

	struct snap_cpu cpu;
	struct snap_mem mem;
	struct snap_io io;
	struct snap_net net;
	struct snap_pids pids;
	enum verdict verdict;
	const char *verdict_reason; /* one short phrase, e.g. "throttled 92% of periods" */

	struct snap_proc *procs; /* sorted by CPU, descending */
	size_t nprocs;

	struct snap_hot *hot;    /* may be empty */
	size_t nhot;
};

struct snap_host {
	const char *hostname, *kernel;
	uint32_t ncpus;
	struct snap_cpu cpu;       /* limit_cores = ncpus */
	double idle_pct, iowait_pct, steal_pct;
	double run_queue;          /* procs_running (includes the running ones) */
	double load1;
	struct snap_mem mem;       /* limit = MemTotal; used = total - available */
	struct snap_io io;         /* /proc/diskstats whole disks */
	struct snap_net net;
	double oom_kills_delta;
	struct snap_hot *hot;
	size_t nhot;
};

/* Which column the rows are sorted by (the model sorts; views only render). */
enum sort_key {
	SORT_CPU,
	SORT_MEM,
	SORT_IO,
	SORT_NET,
	SORT_NAME,
	SORT_PIDS,
	SORT_MAX
};
extern const char *const sort_key_names[SORT_MAX]; /* "cpu", "mem", "io", "net", "name", "pids" */

struct snapshot {
	uint64_t real_ns;      /* wall clock of the current sample */
	double interval_s;     /* elapsed monotonic time since the previous sample; NAN on the first */
	enum cg_layout layout;
	struct snap_host host;
	struct snap_row *rows; /* sorted */
	size_t nrows;
	enum sort_key sort;
	bool sort_reverse;
	/* The row index with the highest saturation and what saturates, or -1. */
	ptrdiff_t worst_row;
	const char *worst_resource; /* "cpu", "memory", "io", "net", "pids" */
	uint64_t profiler_lost;     /* samples lost by the profiler, 0 without it */
	const char *profiler_status; /* one line: why no profiler, or NULL when it runs */
	struct arena *arena;         /* owns every string above (util.h) */
};

void snapshot_free(struct snapshot *s);

/* Copies STR into the snapshot's arena (for code that adds to a snapshot
 * while building it, e.g. the profiler's hot lists). NULL stays NULL. */
const char *snapshot_strdup(struct snapshot *s, const char *str);

/* Looks up a row by cgroup path (stable key across ticks); NULL if none. */
const struct snap_row *snapshot_find_row(const struct snapshot *s, const char *cgroup);

#endif
