/* sample.h - one tick's raw readings: counters exactly as the kernel gave
 * them (converted to common units only), with no rates and no judgement.
 * A sample is what a recording stores and what model_build() consumes.
 *
 * Ownership: a struct sample owns everything it points to; sample_free()
 * releases it all. Any raw value the kernel did not provide is VAL_NONE
 * (util.h); a PSI block the kernel did not provide has present == false. */
#ifndef BOXTOP_SAMPLE_H
#define BOXTOP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;

/* How the cgroup hierarchies are mounted. */
enum cg_layout {
	CG_LAYOUT_V2,     /* cgroup2 at /sys/fs/cgroup with controllers */
	CG_LAYOUT_HYBRID, /* v1 controllers + cgroup2 at /sys/fs/cgroup/unified */
	CG_LAYOUT_V1,     /* v1 controllers only */
	CG_LAYOUT_NONE,   /* nothing readable */
	CG_LAYOUT_MAX
};
extern const char *const cg_layout_names[CG_LAYOUT_MAX]; /* "v2", "hybrid", "v1", "none" */

/* What a cgroup is, as recognised from its path and runtime metadata. */
enum group_kind {
	GROUP_CONTAINER, /* docker, podman, containerd, CRI-O, LXC container */
	GROUP_POD,       /* a Kubernetes pod slice or a podman pod slice */
	GROUP_SANDBOX,   /* a pod's sandbox ("pause") or podman infra container */
	GROUP_SERVICE,   /* a systemd .service or non-container .scope */
	GROUP_CGROUP,    /* any other cgroup that holds processes */
	GROUP_KIND_MAX
};
extern const char *const group_kind_names[GROUP_KIND_MAX]; /* "container", "pod", "sandbox", "service", "cgroup" */

/* Who runs it; the string table is the JSON "runtime" value. */
enum runtime {
	RUNTIME_DOCKER,
	RUNTIME_PODMAN,
	RUNTIME_CONTAINERD,
	RUNTIME_CRIO,
	RUNTIME_LXC,
	RUNTIME_KUBERNETES, /* a Kubernetes pod (kind GROUP_POD) */
	RUNTIME_SYSTEMD,
	RUNTIME_CGROUP,
	RUNTIME_MAX
};
/* "docker", "podman", "containerd", "cri-o", "lxc", "kubernetes-pod", "systemd", "cgroup" */
extern const char *const runtime_names[RUNTIME_MAX];

/* A pressure file (cpu/memory/io.pressure, /proc/pressure/{cpu,memory,io}). */
struct psi_raw {
	bool present;   /* the file was read and parsed */
	bool has_full;  /* the "full" line exists (not for cpu on old kernels) */
	double some_avg10, some_avg60, some_avg300;
	double full_avg10, full_avg60, full_avg300;
	uint64_t some_total_us, full_total_us;
};

/* Counters of one cgroup, merged from every hierarchy that has it. */
struct cg_counters {
	/* CPU (ns; v2 usage_usec * 1000, v1 cpuacct.usage) */
	uint64_t cpu_usage_ns, cpu_user_ns, cpu_system_ns;
	/* The usage is v1 cpuacct.stat's user + system, in clock ticks: a short
	 * run can leave it unchanged, so it cannot tell a group did not run. */
	bool cpu_usage_coarse;
	/* Throttling, read where the quota is set (podman: the container/ child). */
	uint64_t nr_periods, nr_throttled, throttled_ns;
	/* Quota: cpu_quota_us VAL_NONE = no quota ("max" or -1). */
	uint64_t cpu_quota_us, cpu_period_us;
	uint64_t cpuset_cpus; /* CPUs in cpuset.cpus.effective (v1 cpuset.effective_cpus) */

	/* Memory (bytes). mem_limit VAL_NONE = no limit ("max", v1 ~2^63). */
	uint64_t mem_current, mem_limit, mem_high, mem_swap;
	uint64_t mem_inactive_file; /* memory.stat inactive_file (v1 total_inactive_file) */
	uint64_t mem_pgmajfault;    /* memory.stat pgmajfault (v1 total_pgmajfault) */
	uint64_t mem_events_high, mem_events_max, mem_events_oom;
	uint64_t oom_kill;    /* v2 memory.events oom_kill, v1 memory.oom_control oom_kill */
	uint64_t mem_failcnt; /* v1 memory.failcnt */

	/* Block I/O summed over devices. */
	uint64_t io_rbytes, io_wbytes, io_rios, io_wios;

	/* PIDs. pids_max VAL_NONE = "max". */
	uint64_t pids_current, pids_max, pids_events_max;

	struct psi_raw psi_cpu, psi_mem, psi_io;
};

/* Counters of one network namespace (non-lo interfaces summed). */
struct net_counters {
	uint64_t rx_bytes, tx_bytes, rx_packets, tx_packets;
	uint64_t rx_drops, tx_drops, rx_errors, tx_errors;
	uint64_t tcp_retrans_segs;                  /* /proc/PID/net/snmp Tcp: RetransSegs */
	uint64_t listen_overflows, listen_drops;    /* /proc/PID/net/netstat TcpExt: */
};

/* One process (thread group) seen in a group this tick. */
struct proc_sample {
	int32_t pid;          /* host pid */
	int32_t nspid;        /* innermost pid namespace's pid (status NSpid), or 0 */
	int32_t ppid;
	uint64_t start_ticks; /* /proc/PID/stat field 22; (pid, start) is the identity */
	uint32_t uid;         /* real uid (status Uid) */
	char state;           /* R, S, D, Z, ... */
	uint64_t utime_ticks, stime_ticks; /* USER_HZ */
	uint64_t rss_bytes;
	uint64_t majflt;
	uint64_t run_delay_ns;  /* schedstat field 2 */
	uint64_t nonvol_ctxsw;  /* status nonvoluntary_ctxt_switches */
	uint64_t vol_ctxsw;
	uint32_t threads;
	uint64_t io_read_bytes, io_write_bytes; /* /proc/PID/io, VAL_NONE if unreadable */
	char comm[16];
	char *cmdline; /* NUL bytes replaced by spaces; may be NULL (kernel threads) */
};

/* One row-worthy cgroup: a container, pod, service or plain cgroup. */
struct group_sample {
	char *path;           /* "/system.slice/docker-<id>.scope", relative to the hierarchy root */
	uint64_t cgroup_id;   /* inode of the unified (v2) directory, 0 if none */
	enum group_kind kind;
	enum runtime runtime;
	char *container_id;   /* full id when the runtime has one, else NULL */
	char *name;           /* display name; never NULL (falls back to short id / unit / path) */
	char *image;          /* NULL when unknown */
	char *pod;            /* Kubernetes pod or podman pod name, or NULL */
	char *k8s_namespace;  /* Kubernetes namespace, or NULL */
	char *parent_path;    /* the pod's path for pod members, else NULL */

	struct cg_counters c;
	/* When C was read, after the sample's mono_ns: a tick over thousands
	 * of cgroups takes long enough that each group's rates need its own
	 * interval. */
	uint64_t read_offset_ns;

	/* Network: from one process of the group. netns_inode 0 = none read. */
	uint64_t netns_inode;
	bool net_present;
	struct net_counters net;

	struct proc_sample *procs;
	size_t nprocs;
};

/* Whole-machine readings for the host row. */
struct host_sample {
	char hostname[65];
	char kernel[65];
	uint32_t ncpus;               /* online CPUs */
	/* /proc/stat aggregate cpu line, USER_HZ ticks */
	uint64_t cpu_user, cpu_nice, cpu_system, cpu_idle, cpu_iowait, cpu_irq, cpu_softirq, cpu_steal;
	uint64_t procs_running, procs_blocked; /* /proc/stat */
	double loadavg1;
	uint64_t mem_total, mem_available, swap_total, swap_free; /* bytes, /proc/meminfo */
	uint64_t pgmajfault, oom_kill;   /* /proc/vmstat */
	uint64_t disk_rbytes, disk_wbytes, disk_rios, disk_wios; /* /proc/diskstats, whole disks */
	struct psi_raw psi_cpu, psi_mem, psi_io;
	bool net_present;
	struct net_counters net;        /* the host's network namespace */
};

struct sample {
	uint64_t mono_ns;   /* CLOCK_MONOTONIC when the counters were read */
	uint64_t real_ns;   /* CLOCK_REALTIME, for display and records */
	enum cg_layout layout;
	struct host_sample host;
	struct group_sample *groups;
	size_t ngroups;
	struct profile *profile; /* the profiler's window (profile.h), NULL without it */
	char *profiler_status;   /* why there is no profile (one line), NULL when it runs */
};

struct sample *sample_new(void);
void sample_free(struct sample *s);
/* Initialises every raw value of C to VAL_NONE and every PSI to absent. */
void cg_counters_init(struct cg_counters *c);
void net_counters_init(struct net_counters *n);
void proc_sample_init(struct proc_sample *p);
/* Frees what G points to (not G itself). */
void group_sample_clear(struct group_sample *g);

#endif
