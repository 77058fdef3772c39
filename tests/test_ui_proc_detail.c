/* test_ui_proc_detail.c - the process screen's reader on hand-made /proc
 * trees (good, missing, malformed, unlimited, gone) and its parsers. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "proc_detail.h"
#include "tap.h"
#include "tmptree.h"
#include "util.h"

static const char smaps[] =
    "55d0c6a4b000-7ffd2f1fe000 ---p 00000000 00:00 0                          [rollup]\n"
    "Rss:                1200 kB\n"
    "Pss:                 800 kB\n"
    "Pss_Anon:            600 kB\n"
    "Pss_File:            200 kB\n"
    "Pss_Shmem:             0 kB\n"
    "Shared_Clean:        400 kB\n"
    "Shared_Dirty:        100 kB\n"
    "Private_Clean:       100 kB\n"
    "Private_Dirty:       600 kB\n"
    "Referenced:         1200 kB\n"
    "Swap:                  4 kB\n"
    "SwapPss:               2 kB\n";

static const char limits[] =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max cpu time              unlimited            unlimited            seconds   \n"
    "Max processes             4096                 4096                 processes \n"
    "Max open files            1024                 4096                 files     \n";

static const char status[] =
    "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nNgid:\t0\nPid:\t42\n"
    "PPid:\t41\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t42\t1\nThreads:\t1\n"
    "VmPeak:\t    1740 kB\nVmRSS:\t    1200 kB\nCapEff:\t00000000a80425fb\nSeccomp:\t2\n"
    "voluntary_ctxt_switches:\t5\nnonvoluntary_ctxt_switches:\t7\n";

static void link_ns(const char *root, const char *pid, const char *name, const char *target)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/proc/%s/ns", root, pid);
	tmptree_mkdirs(root, path + strlen(root) + 1);
	snprintf(path, sizeof(path), "%s/proc/%s/ns/%s", root, pid, name);
	if (symlink(target, path) < 0)
		tmptree_die("symlink", path);
}

static void test_read(void)
{
	char *root = tmptree_new();
	struct proc_detail d;

	tmptree_put(root, "proc/42/status", status);
	tmptree_put(root, "proc/42/smaps_rollup", smaps);
	tmptree_put(root, "proc/42/limits", limits);
	tmptree_put(root, "proc/42/schedstat", "1500000000 250000000 321\n");
	tmptree_put(root, "proc/42/cgroup", "0::/system.slice/docker-abc.scope\n");
	tmptree_put(root, "proc/42/fd/0", "");
	tmptree_put(root, "proc/42/fd/1", "");
	tmptree_put(root, "proc/42/fd/2", "");
	link_ns(root, "42", "net", "net:[4026532300]");
	link_ns(root, "42", "user", "user:[4026531837]");
	link_ns(root, "42", "pid", "pid:[4026532299]");
	link_ns(root, "1", "net", "net:[4026531840]");
	link_ns(root, "1", "user", "user:[4026531837]");
	link_ns(root, "1", "pid", "pid:[4026531836]");

	is_u64((unsigned)-proc_detail_read(root, 42, &d), 0, "a complete process reads");
	is_u64(d.pss, 800 * 1024, "PSS in bytes");
	is_u64(d.private_dirty, 600 * 1024, "private dirty");
	is_u64(d.swap_pss, 2 * 1024, "swap PSS");
	is_u64(d.fds, 3, "three fds");
	is_u64(d.fd_soft, 1024, "soft nofile limit");
	is_u64(d.fd_hard, 4096, "hard nofile limit");
	is_u64(d.sched_run_ns, 1500000000, "schedstat run time");
	is_u64(d.sched_wait_ns, 250000000, "schedstat wait time");
	is_u64(d.ns[PROC_NS_NET], 4026532300ull, "its own net namespace");
	ok(d.ns[PROC_NS_NET] != d.host_ns[PROC_NS_NET], "not the host's");
	ok(d.ns[PROC_NS_USER] == d.host_ns[PROC_NS_USER], "the host's user namespace is recognised");
	is_u64(d.ns[PROC_NS_IPC], 0, "a namespace link that is missing reads as 0");
	is_str(d.cgroup, "0::/system.slice/docker-abc.scope\n", "the cgroup file's text");
	ok(d.nstatus >= 10, "status lines kept (%zu)", d.nstatus);
	is_str(d.status[0].key, "State", "in display order");
	is_str(d.status[0].value, "S (sleeping)", "tabs collapsed");
	bool no_name = true;
	for (size_t i = 0; i < d.nstatus; i++)
		no_name = no_name && strcmp(d.status[i].key, "Name") != 0;
	ok(no_name, "Name (the process's own choice) is not among them");
	proc_detail_clear(&d);

	/* No smaps_rollup (or no right to it): the rest still reads. */
	char path[4096];
	snprintf(path, sizeof(path), "%s/proc/42/smaps_rollup", root);
	unlink(path);
	is_u64((unsigned)-proc_detail_read(root, 42, &d), 0, "missing smaps_rollup is not an error");
	ok(d.smaps_err == -ENOENT && d.pss == VAL_NONE, "but its figures are absent, with the reason");
	ok(d.fds == 3, "other figures still read");
	proc_detail_clear(&d);

	ok(proc_detail_read(root, 4242, &d) == -ENOENT, "a gone process is -ENOENT");
	ok(d.pid == 4242 && d.pss == VAL_NONE && d.cgroup == NULL, "and leaves nothing behind");
	proc_detail_clear(&d);
	ok(proc_detail_read("/nonexistent-root", 1, &d) < 0, "a missing root is an error");
	proc_detail_clear(&d);
	tmptree_free(root);
}

static void test_parsers(void)
{
	struct proc_detail d;
	uint64_t s = 0, h = 0;
	memset(&d, 0, sizeof(d));
	proc_detail_clear(&d);

	ok(proc_detail_parse_limits(
	       "Max open files            unlimited            unlimited            files\n", &s, &h) == 0 &&
	       s == VAL_NONE && h == VAL_NONE,
	   "unlimited nofile is absent (no limit)");
	ok(proc_detail_parse_limits("Max open files   x 3\n", &s, &h) == -EINVAL, "malformed limits");
	ok(proc_detail_parse_limits("Max processes 10 10\n", &s, &h) == -EINVAL, "no nofile line");
	ok(proc_detail_parse_smaps_rollup("Rss: 12 MB\nPss: x kB\n", &d) == -EINVAL,
	   "malformed smaps values");
	ok(proc_detail_parse_smaps_rollup("Pss: 18446744073709551615 kB\n", &d) == -EINVAL &&
	       d.pss == VAL_NONE,
	   "an overflowing size is refused");
	ok(proc_detail_parse_schedstat("1 2\n", &d) == -EINVAL, "short schedstat");
	uint64_t ino = 0;
	ok(proc_detail_parse_ns_link("net:[4026531840]", &ino) == 0 && ino == 4026531840ull, "ns link");
	ok(proc_detail_parse_ns_link("net:[12", &ino) == -EINVAL, "truncated ns link");
	ok(proc_detail_parse_ns_link("[12]", &ino) == -EINVAL, "ns link without a type");
	ok(proc_detail_parse_status("nothing here\n", &d) == -EINVAL && d.nstatus == 0,
	   "status without keys");
	char longline[400];
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "State:\t", 7);
	longline[sizeof(longline) - 1] = '\0';
	ok(proc_detail_parse_status(longline, &d) == 0 && d.nstatus == 1 &&
	       strlen(d.status[0].value) == sizeof(d.status[0].value) - 1 &&
	       strspn(d.status[0].value, "x") == sizeof(d.status[0].value) - 1,
	   "a long status value is cut to fit, and kept up to the cut");
	proc_detail_clear(&d);
}

int main(void)
{
	test_read();
	test_parsers();
	return tap_done();
}
