/* cgroup_files.h - readers and parsers of one cgroup's files, v2 and v1.
 * Readers work on directory fds (the cgroup's directory in each hierarchy)
 * and fill struct cg_counters; a missing or unreadable file leaves its
 * fields VAL_NONE. The parsers are pure functions on text (fuzzed). */
#ifndef BOXTOP_CGROUP_FILES_H
#define BOXTOP_CGROUP_FILES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sample.h"

/* The files of one cgroup kept open across ticks, so that a refresh costs
 * one pread() per file instead of open, read and close (cgroup and proc
 * seq_files restart at offset 0). Files found missing are retried now and
 * then, since a controller can be enabled later. */
struct cg_files;
struct cg_files *cg_files_new(void);
void cg_files_free(struct cg_files *f);
/* File descriptors F holds (for the caller's descriptor budget). */
size_t cg_files_nfds(const struct cg_files *f);
/* Reads NAME in DIRFD through F's open file (opening it the first time),
 * like read_file_at. DIRFD must stay the same directory for F's lifetime. */
ssize_t cg_files_read(struct cg_files *f, int dirfd, const char *name, char *buf, size_t cap);

/* NAME's whole text: through F's open file (F may be NULL: opened in DIRFD
 * for this read), into BUF, or when longer into a malloc'd copy of up to
 * KTEXT_MAX bytes read through the same descriptor. *TEXT is where it is;
 * ktext_release(*TEXT, BUF) after use. DIRFD may be a parked sentinel. */
ssize_t cg_files_read_text(struct cg_files *f, int dirfd, const char *name, char *buf, size_t cap, char **text);

/* Moves F's files of directory FROM_DIRFD to the key TO_DIRFD: a directory
 * fd is replaced by its parked sentinel before it is closed, and back. */
void cg_files_rekey(struct cg_files *f, int from_dirfd, int to_dirfd);
/* Makes files found missing be looked for again at their next read. */
void cg_files_retry_missing(struct cg_files *f);

/* A parked directory: it exists and its files are open in cg_dirs.files,
 * but its own descriptor was closed to save descriptors (SLOT 0-6 in the
 * order of struct cg_dirs). Readers treat it as present. */
#define CG_DIR_PARKED(slot) (-2 - (slot))

/* A cgroup's directory in each hierarchy that has it; -1 where absent.
 * Pure v2: only `unified`. Hybrid: unified (PSI, usage, id) + v1 dirs.
 * FILES, when not NULL, keeps the files open across ticks. SKIP_LIMITS
 * leaves the limit files (quota, cpuset, memory and pids limits, swap)
 * unread: the caller carries them over from a previous read, and fills
 * them in before the read. Limit files are never kept open (they are read
 * rarely). With SKIP_LIMITS, v1 counters that only a limit of the cgroup's
 * own can move stay unread too where that limit is unset: cpu.stat's
 * throttling without a quota, memory.failcnt without a memory limit (see
 * cg_counters_carry_quiet). */
struct cg_dirs {
	int unified;
	int cpu, cpuacct, cpuset, memory, blkio, pids;
	struct cg_files *files;
	bool skip_limits;
	/* Not NULL: the fds are the hierarchies' roots (not the cgroup's
	 * directories) and each file is opened as PATH/name, which spares
	 * opening directories where no descriptor may be kept (FILES NULL). */
	const char *path;
	/* Between full reads: the last tick's counters, and the files the
	 * caller knows stood still since (CG_STILL_*), which are not read:
	 * LAST's values carry. */
	const struct cg_counters *last;
	unsigned still;
};
#define CG_DIRS_NONE {-1, -1, -1, -1, -1, -1, -1, NULL, false, NULL, NULL, 0}

/* What a read may leave to the last tick's values (cg_dirs.still). */
enum {
	/* The pressure file of each resource: a stall counts in every ancestor,
	 * so a parent whose "some" total stood still means a child whose total
	 * did too, and whose averages stay 0 if they were. Nearly: the kernel
	 * weighs each CPU's stall by its busy jiffies in each reading window,
	 * so a stall under a jiffy can count in the child's window and not in
	 * the parent's (at most a few ms a second; the full read has it). */
	CG_STILL_PSI_CPU = 1u << 0,
	CG_STILL_PSI_MEM = 1u << 1,
	CG_STILL_PSI_IO = 1u << 2,
	/* The cgroup had been idle long enough for the kernel's periodic stats
	 * flush to have come after its last run: if its CPU usage and its
	 * memory usage still equal LAST's, the files only its own activity
	 * moves are not read: memory.stat, memory.events, memory.oom_control,
	 * memory.failcnt and v1 cpu.stat. Not I/O (writeback, and I/O a limit
	 * held back, count while the group sleeps) nor pids.events (a fork
	 * into the group from outside can fail). */
	CG_STILL_IF_IDLE = 1u << 3,
};
/* Whether C's CPU usage, read, equals LAST's: none of its tasks ran. */
bool cg_counters_idle(const struct cg_counters *c, const struct cg_counters *last);
/* A pressure file read with every average at 0.00. */
bool psi_raw_at_rest(const struct psi_raw *p);

/* Reads every counter of one cgroup into C (cg_counters_init'd by the
 * caller, limits filled in with SKIP_LIMITS). Returns 0, or -ENOENT when
 * every directory is gone. */
int cgroup_read_counters(const struct cg_dirs *d, enum cg_layout layout, struct cg_counters *c);
/* After a read with SKIP_LIMITS: gives TO the values of FROM (the last full
 * read) for the counters the read left unread because no limit could move
 * them. */
void cg_counters_carry_quiet(struct cg_counters *to, const struct cg_counters *from);
/* At a full read: where a v1 limit appeared since PREV (the last full
 * read), its quiet counters went unread meanwhile, and C's values would
 * make one tick's rate of many. Leaves them absent in C this once. */
void cg_counters_drop_unseen_quiet(struct cg_counters *c, const struct cg_counters *prev, enum cg_layout layout);

/* Overrides the CPU quota and throttling, memory limit/high and pids.max of C
 * with those set in D (a child where a runtime put the limits, e.g. podman +
 * crun's `container/`): only values actually set there (not "max") win. */
int cgroup_read_limits_override(const struct cg_dirs *d, enum cg_layout layout, struct cg_counters *c);

/* Pure parsers. Each returns 0 or -EINVAL on malformed input and leaves
 * fields it did not find untouched. */
int cgroup_parse_cpu_stat(const char *text, struct cg_counters *c);   /* v2 usec and v1 ns forms */
int cgroup_parse_cpu_max(const char *text, uint64_t *quota_us, uint64_t *period_us); /* "max 100000" -> VAL_NONE */
int cgroup_parse_limit(const char *text, uint64_t *out); /* "max" or v1's >= 2^62 -> VAL_NONE */
int cgroup_parse_cpuset_count(const char *text, uint64_t *ncpus);  /* "0-3,6" -> 5 */
int cgroup_parse_psi(const char *text, struct psi_raw *p);
int cgroup_parse_io_stat(const char *text, struct cg_counters *c);   /* v2 io.stat, summed */
/* v1 blkio.throttle.io_service_bytes_recursive / io_serviced_recursive:
 * sums "MAJ:MIN Read N" and "... Write N" lines over devices. */
int cgroup_parse_blkio(const char *text, uint64_t *read, uint64_t *write);
int cgroup_parse_memory_events(const char *text, struct cg_counters *c);
int cgroup_parse_memory_stat(const char *text, enum cg_layout layout, struct cg_counters *c);

#endif
