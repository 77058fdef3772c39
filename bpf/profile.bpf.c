// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* profile.bpf.c - the sampler: on each cpu-clock tick of every CPU, count
 * (cgroup, pid, comm, kernel stack, user stack) in the active one of two
 * hash maps. Userspace (src/profiler.c) flips `active`, waits for samplers
 * still running on the old map (the per-CPU enter/exit sequence), then
 * drains and clears the old map with one batch call per chunk, so no sample
 * taken meanwhile is lost. Owned by the profiler engineer (issue 5). */
#include "vmlinux.h"

#include <bpf/bpf_helpers.h>

#include "profile.h"

#define EEXIST 17

/* Set by userspace before load. */
const volatile bool kernel_stacks = true;

/* Which counts map samples go to; flipped by userspace through the mmap'd .bss. */
__u32 active;
struct profile_seq seq[PROFILE_MAX_CPUS];
__u64 lost[PROFILE_LOST_MAX];

/* max_entries is set by userspace from the CPU count and frequency. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct profile_key);
	__type(value, __u64);
} counts0 SEC(".maps"), counts1 SEC(".maps");

/* The key is too large for the 512-byte BPF stack: build it per CPU here. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct profile_key);
} scratch SEC(".maps");

static __always_inline void count(void *counts, struct profile_key *key)
{
	__u64 one = 1, *val;
	long err;

	val = bpf_map_lookup_elem(counts, key);
	if (val) {
		__sync_fetch_and_add(val, 1);
		return;
	}
	err = bpf_map_update_elem(counts, key, &one, BPF_NOEXIST);
	if (err == -EEXIST) {
		/* Another CPU inserted the same key in between. */
		val = bpf_map_lookup_elem(counts, key);
		if (val) {
			__sync_fetch_and_add(val, 1);
			return;
		}
	}
	if (err)
		__sync_fetch_and_add(&lost[PROFILE_LOST_MAP_FULL], 1);
}

SEC("perf_event")
int sample(struct bpf_perf_event_data *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id() & (PROFILE_MAX_CPUS - 1);
	struct profile_key *key;
	__u32 zero = 0;
	long n;

	/* A locked add is a full barrier on x86 (the only target built): the
	 * read of `active` below cannot move before it, which is what lets
	 * userspace's wait on seq[] be exact. */
	__sync_fetch_and_add(&seq[cpu].enter, 1);

	key = bpf_map_lookup_elem(&scratch, &zero);
	if (!key)
		goto out;
	key->pid = bpf_get_current_pid_tgid() >> 32;
	key->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(key->comm, sizeof(key->comm));
	key->nkernel = 0;
	if (kernel_stacks) {
		n = bpf_get_stack(ctx, key->kernel, sizeof(key->kernel), 0);
		if (n < 0) {
			__sync_fetch_and_add(&lost[PROFILE_LOST_STACK], 1);
			goto out;
		}
		key->nkernel = n / sizeof(__u64);
	}
	n = bpf_get_stack(ctx, key->user, sizeof(key->user), BPF_F_USER_STACK);
	if (n < 0) {
		__sync_fetch_and_add(&lost[PROFILE_LOST_STACK], 1);
		goto out;
	}
	key->nuser = n / sizeof(__u64);

	if (*(volatile __u32 *)&active)
		count(&counts1, key);
	else
		count(&counts0, key);
out:
	__sync_fetch_and_add(&seq[cpu].exit, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
