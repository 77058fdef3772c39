/* proc_files.h - readers and parsers of /proc: one process's files and the
 * host's figures. PROCFD is a directory fd of ROOT/proc. A process that is
 * gone returns -ENOENT/-ESRCH (normal, see errno_is_gone). */
#ifndef BOXTOP_PROC_FILES_H
#define BOXTOP_PROC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"

struct cg_files;

/* Reads stat, status, schedstat, io and cmdline of PID into P
 * (proc_sample_init'd by the caller). If a later file is gone after stat was
 * read, returns -ENOENT and P must be discarded. */
int proc_read_pid(int procfd, int32_t pid, struct proc_sample *p);

/* Reads only field 22 (start time) of /proc/PID/stat: the identity check. */
int proc_read_start_time(int procfd, int32_t pid, uint64_t *start_ticks);

/* Reads /proc/stat, meminfo, vmstat, loadavg, diskstats, pressure/{cpu,memory,io},
 * sys/kernel/hostname and osrelease into H. Missing files leave VAL_NONE.
 * FILES (may be NULL) keeps them open across calls with the same PROCFD. */
int proc_read_host(int procfd, struct cg_files *files, struct host_sample *h);

/* Parses a cgroup.procs-style file (one pid per line) under DIRFD into a
 * malloc'd array (caller frees). Bounded to MAX entries. */
int proc_read_pid_list(int dirfd, const char *rel, size_t max, int32_t **pids, size_t *n);

/* Pure parsers (fuzzed). */
/* One pid per line, at most MAX; TRUNCATED: the text was cut at a bound. */
int proc_parse_pid_list(const char *text, bool truncated, size_t max, int32_t **pids, size_t *n);
int proc_parse_stat(const char *text, struct proc_sample *p); /* handles ')' in comm */
int proc_parse_status(const char *text, struct proc_sample *p);
int proc_parse_schedstat(const char *text, struct proc_sample *p);
int proc_parse_io(const char *text, struct proc_sample *p);
int proc_parse_host_stat(const char *text, struct host_sample *h);
int proc_parse_meminfo(const char *text, struct host_sample *h);
int proc_parse_vmstat(const char *text, struct host_sample *h);
int proc_parse_diskstats(const char *text, struct host_sample *h); /* whole disks only */

#endif
