/* profile.h - what the sampler (bpf/profile.bpf.c) and its reader
 * (src/profiler.c) share: the key of the in-kernel sample counts, the
 * per-CPU sequence counters of the map flip, and the reasons a sample is
 * lost. Fixed-width types only: the BPF and the host compiler both read it.
 * Owned by the profiler engineer (issue 5). */
#ifndef BOXTOP_BPF_PROFILE_H
#define BOXTOP_BPF_PROFILE_H

#define PROFILE_COMM_LEN 16
/* perf's default kernel.perf_event_max_stack; deeper user stacks keep their innermost frames. */
#define PROFILE_USER_DEPTH 127
#define PROFILE_KERNEL_DEPTH 63
/* Size of the per-CPU sequence array (a power of two, for the index mask). */
#define PROFILE_MAX_CPUS 1024

/* One distinct sample: who ran and where. The stacks are part of the key,
 * not stack-map ids, so identical samples aggregate in one hash entry, a
 * drain is one batch of lookups, and no stack can collide with another.
 * Unused frames are zero (bpf_get_stack clears the tail). No padding holes:
 * the whole struct is hashed. */
struct profile_key {
	__u64 cgroup_id; /* bpf_get_current_cgroup_id(): the cgroup v2 inode, 1 = root */
	__u32 pid;	 /* tgid; 0 = the idle task */
	__u16 nkernel;	 /* frames in kernel[], innermost first */
	__u16 nuser;	 /* frames in user[], innermost first */
	char comm[PROFILE_COMM_LEN];
	__u64 kernel[PROFILE_KERNEL_DEPTH];
	__u64 user[PROFILE_USER_DEPTH];
};

/* Entries and exits of the sampler on one CPU. After flipping the active
 * map, userspace waits until every CPU's exit count reaches the entry count
 * it saw, so no sampler still writes the map being drained. */
struct profile_seq {
	__u64 enter;
	__u64 exit;
};

enum profile_lost {
	PROFILE_LOST_MAP_FULL, /* the active counts map had no room for a new key */
	PROFILE_LOST_STACK,    /* bpf_get_stack failed (callchain buffers busy) */
	PROFILE_LOST_MAX
};

#endif
