/* proc_detail.h - what only the process screen shows, read for one process
 * only while that screen is open: memory as PSS with its private/shared
 * split (smaps_rollup, costly for the kernel to produce, hence never per
 * tick for every process), open fds against RLIMIT_NOFILE, namespaces and
 * whether each is the host's, and a few status and schedstat figures.
 * Every read is bounded and relative to ROOT/proc (a fixture tree in tests).
 * Owned by the ui issue; ui/ calls it through the app loop and never opens
 * /proc itself. */
#ifndef BOXTOP_PROC_DETAIL_H
#define BOXTOP_PROC_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum proc_ns {
	PROC_NS_CGROUP,
	PROC_NS_IPC,
	PROC_NS_MNT,
	PROC_NS_NET,
	PROC_NS_PID,
	PROC_NS_TIME,
	PROC_NS_USER,
	PROC_NS_UTS,
	PROC_NS_MAX
};
/* "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts": the /proc/PID/ns/ names */
extern const char *const proc_detail_ns_names[PROC_NS_MAX];

/* The /proc/PID/status lines the screen shows, in this order. */
#define PROC_DETAIL_STATUS_MAX 16
struct proc_detail_field {
	char key[28];
	char value[100]; /* as the kernel wrote it, whitespace collapsed; untrusted */
};

struct proc_detail {
	int32_t pid;
	/* smaps_rollup in bytes; VAL_NONE when absent. smaps_err is 0 or the
	 * -errno of the read (-EACCES without ptrace read access). */
	uint64_t rss, pss, pss_anon, pss_file, pss_shmem;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty, swap, swap_pss;
	int smaps_err;
	/* Open fds (entries of fd/) and the "Max open files" limits; VAL_NONE when
	 * unknown or unlimited. limits_err is 0 when the limits were read, else
	 * the -errno (or -EINVAL) saying why they are unknown. */
	uint64_t fds, fd_soft, fd_hard;
	int limits_err;
	/* Namespace inodes of the process and of PID 1 (the host's); 0 = unreadable. */
	uint64_t ns[PROC_NS_MAX], host_ns[PROC_NS_MAX];
	/* schedstat: time on CPU, time waiting on a run queue, timeslices; VAL_NONE if absent. */
	uint64_t sched_run_ns, sched_wait_ns, sched_slices;
	char *cgroup; /* the text of /proc/PID/cgroup (bounded), or NULL */
	struct proc_detail_field status[PROC_DETAIL_STATUS_MAX];
	size_t nstatus;
};

/* Fills D for PID under ROOT ("/" live). D need not be initialised; release
 * it with proc_detail_clear. Returns 0 (files that are missing or refused
 * leave their fields absent), or -errno when the process is gone (ESRCH,
 * ENOENT) or ROOT/proc cannot be opened. */
int proc_detail_read(const char *root, int32_t pid, struct proc_detail *d);
/* Frees what D holds and marks every field absent. */
void proc_detail_clear(struct proc_detail *d);

/* Pure parsers (fuzzed). Each returns 0 or -EINVAL, leaving fields it did
 * not find as they were. */
int proc_detail_parse_smaps_rollup(const char *text, struct proc_detail *d);
int proc_detail_parse_limits(const char *text, uint64_t *nofile_soft, uint64_t *nofile_hard);
int proc_detail_parse_status(const char *text, struct proc_detail *d);
int proc_detail_parse_schedstat(const char *text, struct proc_detail *d);
int proc_detail_parse_ns_link(const char *link, uint64_t *inode); /* "net:[4026531840]" */

#endif
