/* test_proc_files.c - the /proc readers and parsers: hand-made processes
 * (a comm of "a) b (c", missing and malformed files, a pid that is gone),
 * host files, cgroup.procs lists, then real processes and host figures of
 * the captures in $FIXTURES. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/cgroup_files.h"
#include "../src/proc_files.h"
#include "../src/util.h"
#include "fixture_snapshot.h"
#include "tap.h"
#include "tmptree.h"

#define NONE VAL_NONE

/* A stat line with every field up to 52, as kernel 6.1 prints it. */
#define STAT_TAIL                                                                                            \
	" 0 -1 4194560 647 2 4 0 4256 1838 0 0 20 0 1 0 8787 2314240 25 18446744073709551615 4198400 "       \
	"5785993 "                                                                                           \
	"140732448003776 0 0 0 0 4 65538 0 0 0 17 1 0 0 0 0 0 6141704 6178576 1002565632 140732448010096 "   \
	"140732448010122 140732448010122 140732448010217 0\n"

static void test_parse_stat(void)
{
	struct proc_sample p;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	proc_sample_init(&p);
	ok(proc_parse_stat("584 (a) b (c) R 561 584 584" STAT_TAIL, &p) == 0,
	   "stat with ')' and spaces in comm");
	is_str(p.comm, "a) b (c", "comm runs to the last ')'");
	is_u64(p.pid, 584, "stat pid");
	ok(p.state == 'R', "stat state");
	is_u64(p.ppid, 561, "stat ppid");
	is_u64(p.majflt, 4, "stat majflt (field 12)");
	is_u64(p.utime_ticks, 4256, "stat utime (field 14)");
	is_u64(p.stime_ticks, 1838, "stat stime (field 15)");
	is_u64(p.start_ticks, 8787, "stat start time (field 22)");
	is_u64(p.rss_bytes, 25 * page, "stat rss pages in bytes");

	ok(proc_parse_stat(
	       "584 (sh) R 561 584 584 0 -1 4194560 647 2 4 0 100 1838 0 0 20 0 1 0 8787 2314240 25\n", &p) ==
	       0,
	   "stat ending at field 24 parses");
	is_u64(p.utime_ticks, 100, "utime that went backwards is read as-is");
	is_str(p.comm, "sh", "plain comm");

	ok(proc_parse_stat("7 (0123456789abcdefghij) S 1 7 7" STAT_TAIL, &p) == 0 && strlen(p.comm) == 15,
	   "an over-long comm is cut to 15 bytes");

	proc_sample_init(&p);
	ok(proc_parse_stat("584 (sh R 561 584 584" STAT_TAIL, &p) == -EINVAL, "stat without ')': -EINVAL");
	ok(proc_parse_stat("584 (sh) R 561 584 584 0 -1 4194560 647 2 4 0 abc 1838\n", &p) == -EINVAL,
	   "stat with a malformed utime: -EINVAL");
	ok(proc_parse_stat("584 (sh) R 561 584 584 0 -1 4194560 647 2 4 0 1 1838\n", &p) == -EINVAL,
	   "stat cut short: -EINVAL");
	ok(proc_parse_stat("x (sh) R 561 584 584" STAT_TAIL, &p) == -EINVAL, "stat without a pid: -EINVAL");
	ok(proc_parse_stat("", &p) == -EINVAL, "empty stat: -EINVAL");
	ok(p.pid == 0 && p.start_ticks == 0 && p.comm[0] == '\0' && p.majflt == NONE,
	   "malformed stat leaves the sample untouched");
}

static void test_parse_status(void)
{
	struct proc_sample p;
	proc_sample_init(&p);
	ok(proc_parse_status(
	       "Name:\tsh\nState:\tR (running)\nPid:\t584\nPPid:\t561\nUid:\t1000\t1001\t1002\t1003\n"
	       "Gid:\t0\t0\t0\t0\nGroups:\t \nNStgid:\t584\t1\nNSpid:\t584\t9\t1\nThreads:\t3\n"
	       "voluntary_ctxt_switches:\t23\nnonvoluntary_ctxt_switches:\t7915\n",
	       &p) == 0,
	   "status parses");
	is_u64(p.uid, 1000, "status Uid: the real uid");
	is_u64(p.nspid, 1, "status NSpid: the innermost (last) pid");
	is_u64(p.threads, 3, "status Threads");
	is_u64(p.vol_ctxsw, 23, "status voluntary_ctxt_switches");
	is_u64(p.nonvol_ctxsw, 7915, "status nonvoluntary_ctxt_switches");
	ok(proc_parse_status("nonvoluntary_ctxt_switches:\t5\n", &p) == 0 && p.nonvol_ctxsw == 5 &&
	       p.threads == 3,
	   "status counter backwards read as-is, missing keys untouched");

	proc_sample_init(&p);
	ok(proc_parse_status("Name:\tx\nThreads:\tmany\n", &p) == -EINVAL && p.threads == 0,
	   "malformed status: -EINVAL, untouched");
	ok(proc_parse_status("Uid:\n", &p) == -EINVAL, "status Uid without value: -EINVAL");
	proc_sample_init(&p);
	ok(proc_parse_status("Name:\tx\n", &p) == 0 && p.vol_ctxsw == NONE,
	   "status without the keys: absent");
}

static void test_parse_schedstat_io(void)
{
	struct proc_sample p;
	proc_sample_init(&p);
	ok(proc_parse_schedstat("60735243529 152233633948 7884\n", &p) == 0 &&
	       p.run_delay_ns == 152233633948ull,
	   "schedstat: run delay is the 2nd number");
	ok(proc_parse_schedstat("1 2 3\n", &p) == 0 && p.run_delay_ns == 2, "schedstat backwards read as-is");
	ok(proc_parse_schedstat("1 x 3\n", &p) == -EINVAL && p.run_delay_ns == 2,
	   "malformed schedstat: -EINVAL");
	ok(proc_parse_schedstat("1 2\n", &p) == -EINVAL, "schedstat with 2 numbers: -EINVAL");
	ok(proc_parse_schedstat("1 2 3 4\n", &p) == -EINVAL, "schedstat with 4 numbers: -EINVAL");

	ok(proc_parse_io(
	       "rchar: 44525\nwchar: 7773\nsyscr: 39\nsyscw: 8\nread_bytes: 86016\nwrite_bytes: 512\n"
	       "cancelled_write_bytes: 0\n",
	       &p) == 0,
	   "io parses");
	ok(p.io_read_bytes == 86016 && p.io_write_bytes == 512, "io read_bytes and write_bytes");
	proc_sample_init(&p);
	ok(proc_parse_io("rchar: 1\n", &p) == 0 && p.io_read_bytes == NONE, "io without the keys: absent");
	ok(proc_parse_io("read_bytes: -1\n", &p) == -EINVAL && p.io_read_bytes == NONE,
	   "malformed io: -EINVAL");
}

static void test_parse_host(void)
{
	struct host_sample h;
	memset(&h, 0, sizeof(h));
	h.ncpus = 99;
	ok(proc_parse_host_stat(
	       "cpu  15042 0 25902 3385 1455 0 4913 7 0 0\ncpu0 7486 0 12961 1633 766 0 2446 0 0 0\n"
	       "cpu1 7556 0 12941 1752 688 0 2467 0 0 0\nintr 231832 105 9 0\nctxt 438966\n"
	       "btime 1795477150\nprocesses 2853\nprocs_running 4\nprocs_blocked 2\n",
	       &h) == 0,
	   "/proc/stat parses");
	ok(h.cpu_user == 15042 && h.cpu_nice == 0 && h.cpu_system == 25902 && h.cpu_idle == 3385 &&
	       h.cpu_iowait == 1455 && h.cpu_irq == 0 && h.cpu_softirq == 4913 && h.cpu_steal == 7,
	   "/proc/stat aggregate cpu line");
	is_u64(h.ncpus, 2, "/proc/stat cpuN lines counted");
	ok(h.procs_running == 4 && h.procs_blocked == 2, "/proc/stat procs_running, procs_blocked");
	ok(proc_parse_host_stat("cpu  1 0 2 3\n", &h) == 0 && h.cpu_user == 1 && h.cpu_steal == 7,
	   "old 4-field cpu line: backwards read as-is, later fields untouched");
	memset(&h, 0, sizeof(h));
	ok(proc_parse_host_stat("cpu  1 x 2 3\n", &h) == -EINVAL && h.cpu_user == 0,
	   "malformed cpu line: -EINVAL");
	ok(proc_parse_host_stat("procs_running\n", &h) == -EINVAL, "procs_running without value: -EINVAL");

	memset(&h, 0, sizeof(h));
	ok(proc_parse_meminfo(
	       "MemTotal:        4007132 kB\nMemFree:         3361100 kB\n"
	       "MemAvailable:    3449732 kB\nSwapTotal:        1024 kB\nSwapFree:          512 kB\n",
	       &h) == 0,
	   "meminfo parses");
	is_u64(h.mem_total, 4007132ull * 1024, "MemTotal kB in bytes");
	is_u64(h.mem_available, 3449732ull * 1024, "MemAvailable in bytes");
	ok(h.swap_total == 1024 * 1024 && h.swap_free == 512 * 1024, "SwapTotal, SwapFree in bytes");
	memset(&h, 0, sizeof(h));
	ok(proc_parse_meminfo("MemTotal: lots kB\n", &h) == -EINVAL && h.mem_total == 0,
	   "malformed meminfo: -EINVAL");
	ok(proc_parse_meminfo("MemTotal: 18446744073709551 kB\n", &h) == -EINVAL,
	   "meminfo overflowing bytes: -EINVAL");

	ok(proc_parse_vmstat("pgfault 5\npgmajfault 2212\noom_kill 236\n", &h) == 0 && h.pgmajfault == 2212 &&
	       h.oom_kill == 236,
	   "vmstat parses");
	ok(proc_parse_vmstat("pgmajfault 1\n", &h) == 0 && h.pgmajfault == 1 && h.oom_kill == 236,
	   "vmstat backwards read as-is; a missing oom_kill (old kernel) untouched");
	ok(proc_parse_vmstat("oom_kill x\n", &h) == -EINVAL && h.oom_kill == 236,
	   "malformed vmstat: -EINVAL");
}

static void test_parse_diskstats(void)
{
	struct host_sample h;
	memset(&h, 0, sizeof(h));
	ok(proc_parse_diskstats("   8       0 sda 100 0 1000 0 200 0 2000 0 0 0 0 0 0 0 0 0 0\n"
				"   8       1 sda1 50 0 500 0 100 0 1000 0 0 0 0 0 0 0 0 0 0\n"
				"   8      16 sdaa 1 0 10 0 2 0 20 0 0 0 0\n"
				" 259       0 nvme0n1 10 0 100 0 20 0 200 0 0 0 0 0 0 0 0 0 0\n"
				" 259       1 nvme0n1p1 5 0 50 0 10 0 100 0 0 0 0 0 0 0 0 0 0\n"
				" 259       2 nvme0n10 1 0 1 0 1 0 1 0 0 0 0\n"
				" 179       0 mmcblk0 3 0 30 0 4 0 40 0 0 0 0\n"
				" 179       1 mmcblk0p1 3 0 30 0 4 0 40 0 0 0 0\n"
				"   7       0 loop0 1000 0 1000 0 1000 0 1000 0 0 0 0\n"
				"   1       0 ram0 1000 0 1000 0 1000 0 1000 0 0 0 0\n"
				" 253       0 dm-0 1000 0 1000 0 1000 0 1000 0 0 0 0\n"
				"   9       0 md0 1000 0 1000 0 1000 0 1000 0 0 0 0\n"
				" 252       0 zram0 1000 0 1000 0 1000 0 1000 0 0 0 0\n"
				"  11       0 sr0 2 0 4 0 0 0 0 0 0 0 0\n",
				&h) == 0,
	   "diskstats parses");
	is_u64(h.disk_rios, 100 + 1 + 10 + 1 + 3 + 2,
	       "reads of whole disks only (no partitions, loop, ram, dm, md)");
	is_u64(h.disk_rbytes, (1000 + 10 + 100 + 1 + 30 + 4) * 512ull, "read sectors * 512");
	is_u64(h.disk_wios, 200 + 2 + 20 + 1 + 4, "writes of whole disks only");
	is_u64(h.disk_wbytes, (2000 + 20 + 200 + 1 + 40) * 512ull, "written sectors * 512");
	ok(proc_parse_diskstats(" 254 0 vda 1 0 8 0 1 0 8 0 0 0 0\n", &h) == 0 && h.disk_rios == 1,
	   "diskstats backwards read as-is");
	ok(proc_parse_diskstats(" 254 0 vda 1 0 8\n", &h) == -EINVAL && h.disk_rios == 1,
	   "diskstats line cut short: -EINVAL, untouched");
	ok(proc_parse_diskstats(" 254 0 vda 1 0 x 0 1 0 8 0 0 0 0\n", &h) == -EINVAL,
	   "malformed diskstats: -EINVAL");
	ok(proc_parse_diskstats("", &h) == 0 && h.disk_rios == 0, "no disks: zeros");
}

static void test_read_pid_handmade(void)
{
	char *root = tmptree_new();
	char big[6000];
	tmptree_put(root, "proc/42/stat", "42 (a) b (c) S 1 42 42" STAT_TAIL);
	tmptree_put(root, "proc/42/status",
		    "Name:\ta) b (c\nUid:\t0\t0\t0\t0\nNSpid:\t42\nThreads:\t1\n"
		    "voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t2\n");
	tmptree_put(root, "proc/42/schedstat", "5 6 7\n");
	tmptree_put(root, "proc/42/io", "read_bytes: 1\nwrite_bytes: 2\n");
	tmptree_put_n(root, "proc/42/cmdline", "sh\0-c\0sleep 1\0", 14);
	/* A kernel without schedstat, io or cmdline, and a status that does not parse. */
	tmptree_put(root, "proc/43/stat", "43 (kworker/0:1) I 2 0 0" STAT_TAIL);
	tmptree_put(root, "proc/43/status", "Threads:\tgarbage\n");
	tmptree_put(root, "proc/44/stat", "44 (sh) S 1 44");
	memset(big, 'x', sizeof(big));
	tmptree_put(root, "proc/45/stat", "45 (long) S 1 45 45" STAT_TAIL);
	tmptree_put_n(root, "proc/45/cmdline", big, sizeof(big));
	tmptree_mkdirs(root, "proc/46");

	int procfd = tmptree_open(root, "proc");
	struct proc_sample p;
	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 42, &p) == 0, "read a hand-made process");
	is_str(p.comm, "a) b (c", "comm with ')' read through the reader");
	ok(p.pid == 42 && p.ppid == 1 && p.start_ticks == 8787 && p.state == 'S', "stat fields");
	ok(p.threads == 1 && p.vol_ctxsw == 1 && p.nonvol_ctxsw == 2 && p.nspid == 42, "status fields");
	is_u64(p.run_delay_ns, 6, "schedstat run delay");
	ok(p.io_read_bytes == 1 && p.io_write_bytes == 2, "io fields");
	is_str(p.cmdline, "sh -c sleep 1", "cmdline NULs become spaces, the last one dropped");
	free(p.cmdline);

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 43, &p) == 0, "a process without schedstat, io, cmdline still reads");
	is_str(p.comm, "kworker/0:1", "kernel thread comm");
	ok(p.run_delay_ns == NONE && p.io_read_bytes == NONE && p.io_write_bytes == NONE,
	   "missing schedstat and io: absent");
	ok(p.threads == 0 && p.vol_ctxsw == NONE, "status that does not parse: its fields absent");
	ok(p.cmdline == NULL, "missing cmdline: NULL");

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 44, &p) == -EINVAL, "a malformed stat: -EINVAL");
	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 45, &p) == 0 && p.cmdline && strlen(p.cmdline) == 4095,
	   "a long cmdline is cut at 4 KiB");
	free(p.cmdline);
	proc_sample_init(&p);
	ok(errno_is_gone(proc_read_pid(procfd, 46, &p)), "a pid directory without stat: gone");
	ok(proc_read_pid(procfd, 47, &p) == -ENOENT, "a pid without directory: -ENOENT");

	uint64_t start = 0;
	ok(proc_read_start_time(procfd, 42, &start) == 0 && start == 8787, "start time alone");
	ok(proc_read_start_time(procfd, 47, &start) == -ENOENT, "start time of a gone pid: -ENOENT");
	ok(proc_read_start_time(procfd, 44, &start) == -EINVAL, "start time of a malformed stat: -EINVAL");
	close(procfd);
	tmptree_free(root);
}

static void test_read_host_handmade(void)
{
	char *root = tmptree_new();
	struct host_sample h;
	tmptree_mkdirs(root, "empty");
	int fd = tmptree_open(root, "empty");
	memset(&h, 0, sizeof(h));
	ok(proc_read_host(fd, NULL, &h) == 0, "host read of an empty /proc");
	ok(h.cpu_user == NONE && h.mem_total == NONE && h.pgmajfault == NONE && h.disk_rios == NONE &&
	       h.procs_running == NONE,
	   "empty /proc: every figure absent");
	ok(isnan(h.loadavg1) && !h.psi_cpu.present && h.ncpus == 0, "empty /proc: no loadavg, PSI, ncpus");
	ok(h.hostname[0] == '\0' && h.kernel[0] == '\0', "empty /proc: hostname and kernel empty");
	close(fd);

	tmptree_put(root, "bad/stat", "cpu  x\n");
	tmptree_put(root, "bad/loadavg", "high\n");
	tmptree_put(root, "bad/pressure/cpu", "some avg10=1\n");
	char longname[200];
	memset(longname, 'h', sizeof(longname) - 2);
	longname[sizeof(longname) - 2] = '\n';
	longname[sizeof(longname) - 1] = '\0';
	tmptree_put(root, "bad/sys/kernel/hostname", longname);
	fd = tmptree_open(root, "bad");
	ok(proc_read_host(fd, NULL, &h) == 0, "host read with malformed files");
	ok(h.cpu_user == NONE && isnan(h.loadavg1) && !h.psi_cpu.present, "malformed host files: absent");
	ok(strlen(h.hostname) == 64, "an over-long hostname is cut to 64 bytes");
	close(fd);

	fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ok(fd >= 0 && proc_read_host(fd, NULL, &h) == 0 && h.ncpus > 0 && h.mem_total != NONE && h.kernel[0],
	   "host read of this machine's /proc");
	/* Kept open, the files restart at 0 on every read and read what opening them does. */
	struct cg_files *files = cg_files_new();
	struct host_sample k1, k2, fresh;
	memset(&k1, 0, sizeof(k1));
	memset(&k2, 0, sizeof(k2));
	memset(&fresh, 0, sizeof(fresh));
	bool read3 = fd >= 0 && proc_read_host(fd, files, &k1) == 0;
	/* 100 ms of our own CPU: ten ticks that /proc/stat must show. */
	struct timespec t0, t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	do
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 100000000L);
	read3 = read3 && proc_read_host(fd, files, &k2) == 0 && proc_read_host(fd, NULL, &fresh) == 0;
	ok(read3 && k1.mem_total == fresh.mem_total && strcmp(k2.kernel, fresh.kernel) == 0 &&
		   strcmp(k2.hostname, fresh.hostname) == 0 && k2.cpu_user + k2.cpu_system > k1.cpu_user + k1.cpu_system &&
		   fresh.cpu_user + fresh.cpu_system >= k2.cpu_user + k2.cpu_system && k2.psi_cpu.some_total_us >= k1.psi_cpu.some_total_us,
	   "host files kept open read fresh figures every time");
	ok(cg_files_nfds(files) >= 8, "and stay open (%zu)", cg_files_nfds(files));
	cg_files_free(files);
	if (fd >= 0)
		close(fd);
	tmptree_free(root);
}

static void test_pid_list(void)
{
	char *root = tmptree_new();
	char big[20000];
	size_t len = 0;
	for (int pid = 100000; len + 8 < sizeof(big); pid++)
		len += (size_t)snprintf(big + len, sizeof(big) - len, "%d\n", pid);
	tmptree_put(root, "g/cgroup.procs", "584\n613\n");
	tmptree_put(root, "g/nonl.procs", "7\n8");
	tmptree_put(root, "g/empty.procs", "");
	tmptree_put(root, "g/bad.procs", "584\nabc\n");
	tmptree_put(root, "g/zero.procs", "0\n");
	tmptree_put(root, "g/big.procs", big);
	int fd = tmptree_open(root, "g");
	int32_t *pids;
	size_t n;
	ok(proc_read_pid_list(fd, "cgroup.procs", 100, &pids, &n) == 0 && n == 2 && pids[0] == 584 &&
	       pids[1] == 613,
	   "cgroup.procs read");
	free(pids);
	ok(proc_read_pid_list(fd, "nonl.procs", 100, &pids, &n) == 0 && n == 2 && pids[1] == 8,
	   "a last line without newline");
	free(pids);
	ok(proc_read_pid_list(fd, "cgroup.procs", 1, &pids, &n) == 0 && n == 1 && pids[0] == 584,
	   "bounded to MAX");
	free(pids);
	ok(proc_read_pid_list(fd, "empty.procs", 100, &pids, &n) == 0 && n == 0 && pids == NULL,
	   "empty list");
	ok(proc_read_pid_list(fd, "bad.procs", 100, &pids, &n) == -EINVAL && n == 0 && pids == NULL,
	   "malformed list: -EINVAL");
	ok(proc_read_pid_list(fd, "zero.procs", 100, &pids, &n) == -EINVAL, "pid 0: -EINVAL");
	ok(proc_read_pid_list(fd, "missing.procs", 100, &pids, &n) == -ENOENT, "missing file: -ENOENT");
	size_t want = len / 7;
	ok(proc_read_pid_list(fd, "big.procs", 100000, &pids, &n) == 0 && n == want &&
	       pids[n - 1] == 100000 + (int)want - 1,
	   "a list longer than the stack buffer is read whole");
	free(pids);
	ok(proc_read_pid_list(fd, "big.procs", 1000, &pids, &n) == 0 && n == 1000 && pids[999] == 100999,
	   "a long list is bounded to MAX");
	free(pids);
	close(fd);
	tmptree_free(root);
}

static const char *fixtures;

#define V2 "v2-systemd-docker-podman/t1/"
#define WEB_THROTTLED                                                                                        \
	"sys/fs/cgroup/system.slice/"                                                                        \
	"docker-c85a35d32845df50feea48fe477583f4e43b838e6a7aa96f3be0788740e6ace5.scope"

static void test_fixture_procs(void)
{
	int procfd = fixture_open(V2 "proc");
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct proc_sample p;

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 584, &p) == 0, "fixture web-throttled's sh (584) reads");
	is_str(p.comm, "sh", "584 comm");
	ok(p.state == 'R' && p.ppid == 561, "584 state R, ppid 561");
	ok(p.utime_ticks == 4256 && p.stime_ticks == 1838 && p.majflt == 4, "584 utime, stime, majflt");
	is_u64(p.start_ticks, 8787, "584 start time");
	is_u64(p.rss_bytes, 1 * page, "584 rss");
	ok(p.uid == 0 && p.nspid == 1 && p.threads == 1, "584 uid 0, container pid 1, 1 thread");
	ok(p.vol_ctxsw == 23 && p.nonvol_ctxsw == 7915, "584 context switches");
	is_u64(p.run_delay_ns, 152233633948ull, "584 schedstat run delay");
	ok(p.io_read_bytes == 86016 && p.io_write_bytes == 0, "584 io");
	is_str(p.cmdline, "sh -c while :; do :; done", "584 cmdline");
	free(p.cmdline);

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 2775, &p) == 0, "fixture python3 (2775) reads");
	ok(p.nspid == 2775 && p.nonvol_ctxsw == 388 && p.start_ticks == 30058,
	   "2775 in the host pid namespace");
	is_str(p.cmdline, "python3 /opt/capture/snapshot.py /capture 2 2", "2775 cmdline");
	free(p.cmdline);

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 2, &p) == 0 && p.cmdline == NULL, "kthreadd: no cmdline");
	is_str(p.comm, "kthreadd", "kthreadd comm");
	is_u64(p.run_delay_ns, 34367179, "kthreadd run delay");

	proc_sample_init(&p);
	ok(proc_read_pid(procfd, 2833, &p) == -ENOENT,
	   "a pid in cgroup.procs that exited before the read: -ENOENT");

	int cg = fixture_open(V2 WEB_THROTTLED);
	int32_t *pids;
	size_t n;
	ok(proc_read_pid_list(cg, "cgroup.procs", 1024, &pids, &n) == 0 && n == 2 && pids[0] == 584 &&
	       pids[1] == 613,
	   "fixture web-throttled cgroup.procs");
	free(pids);
	close(cg);

	struct host_sample h;
	memset(&h, 0, sizeof(h));
	ok(proc_read_host(procfd, NULL, &h) == 0, "fixture host reads");
	ok(h.cpu_user == 15042 && h.cpu_system == 25902 && h.cpu_idle == 3385 && h.cpu_iowait == 1455 &&
	       h.cpu_softirq == 4913 && h.cpu_steal == 0,
	   "fixture /proc/stat cpu line");
	is_u64(h.ncpus, 2, "fixture ncpus from /proc/stat (2 vCPUs)");
	ok(h.procs_running == 4 && h.procs_blocked == 2, "fixture procs_running, procs_blocked");
	is_u64(h.mem_total, 4007132ull * 1024, "fixture MemTotal");
	is_u64(h.mem_available, 3449732ull * 1024, "fixture MemAvailable");
	ok(h.swap_total == 0 && h.swap_free == 0, "fixture has no swap");
	ok(h.pgmajfault == 2212 && h.oom_kill == 236, "fixture vmstat pgmajfault, oom_kill");
	is_near(h.loadavg1, 10.06, 1e-9, "fixture loadavg");
	/* vda's read sectors * 512 equal the root io.stat rbytes of the same tick. */
	ok(h.disk_rios == 4590 && h.disk_rbytes == 1023689728ull, "fixture diskstats reads of vda only");
	ok(h.disk_wios == 6543 && h.disk_wbytes == 891384ull * 512, "fixture diskstats writes of vda only");
	is_near(h.psi_cpu.some_avg10, 89.90, 1e-9, "fixture /proc/pressure/cpu some avg10 89.9 (README)");
	ok(h.psi_mem.present && h.psi_io.present && h.psi_io.has_full, "fixture memory and io pressure");
	is_str(h.hostname, "v2capture", "fixture hostname");
	is_str(h.kernel, "6.1.0-50-amd64", "fixture kernel release (README)");
	close(procfd);

	procfd = fixture_open("v1-cgroupfs-docker/t1/proc");
	memset(&h, 0, sizeof(h));
	ok(proc_read_host(procfd, NULL, &h) == 0 && h.ncpus == 2, "fixture v1 host reads");
	is_near(h.psi_cpu.some_avg10, 86.65, 1e-9,
		"v1 fixture /proc/pressure/cpu some avg10 86.65 (README: 86.7)");
	close(procfd);
}

int main(void)
{
	test_parse_stat();
	test_parse_status();
	test_parse_schedstat_io();
	test_parse_host();
	test_parse_diskstats();
	test_read_pid_handmade();
	test_read_host_handmade();
	test_pid_list();

	fixtures = getenv("FIXTURES");
	if (!fixtures || !*fixtures) {
		printf("# FIXTURES is unset: the real-capture cases are skipped\n");
		ok(1, "# SKIP FIXTURES unset (run through make check)");
	} else {
		test_fixture_procs();
	}
	return tap_done();
}
