/* test_collect.c - the collector across many ticks with one handle, as live:
 * counters come fresh every tick through the files it keeps open, limits
 * are carried over between full reads and refreshed at the next one, a
 * recreated cgroup is a new one, v1 counters no limit can move are carried
 * too, nothing leaks descriptors, and parked v1 directories and light
 * entries (no descriptor kept) still give every counter (the hybrid capture). */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "collect.h"
#include "fixture_snapshot.h"
#include "tap.h"
#include "tmptree.h"
#include "util.h"

/* More than the collector's full-read period. */
#define TICKS 40

static int open_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static const struct group_sample *group(const struct sample *s, const char *path)
{
	for (size_t i = 0; s && i < s->ngroups; i++)
		if (strcmp(s->groups[i].path, path) == 0)
			return &s->groups[i];
	return NULL;
}

static void put_counters(const char *root, uint64_t usage_usec)
{
	char text[128];
	snprintf(text, sizeof(text), "usage_usec %llu\nuser_usec 0\nsystem_usec 0\n", (unsigned long long)usage_usec);
	tmptree_put(root, "sys/fs/cgroup/box.service/cpu.stat", text);
}

static void test_carry_over(void)
{
	char *root = tmptree_new();
	tmptree_put(root, "sys/fs/cgroup/cgroup.controllers", "cpu memory pids io\n");
	tmptree_put(root, "sys/fs/cgroup/box.service/cgroup.procs", "4242\n");
	tmptree_put(root, "sys/fs/cgroup/empty/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/empty/memory.current", "1\n");
	tmptree_put(root, "sys/fs/cgroup/busy/cgroup.procs", "4244\n");
	tmptree_put(root, "sys/fs/cgroup/busy/memory.current", "1\n");
	tmptree_put(root, "sys/fs/cgroup/farm/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/farm/memory.current", "1\n");
	tmptree_put(root, "sys/fs/cgroup/farm/kid/cgroup.procs", "4245\n");
	tmptree_put(root, "sys/fs/cgroup/farm/kid/memory.current", "1\n");
	tmptree_put(root, "sys/fs/cgroup/late/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/late/memory.current", "1\n");
	tmptree_put(root, "sys/fs/cgroup/late/cpu.max", "20000 100000\n");
	tmptree_put(root, "sys/fs/cgroup/box.service/cpu.max", "30000 100000\n");
	tmptree_put(root, "sys/fs/cgroup/box.service/memory.max", "16777216\n");
	tmptree_put(root, "sys/fs/cgroup/box.service/memory.current", "1000\n");
	put_counters(root, 0);
	tmptree_put(root, "proc/stat", "cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\n");
	struct collector_opts co = {.root = root, .profiler_status = "test"};
	const char *err = NULL;
	struct collector *c = collector_new(&co, &err);
	if (!ok(c != NULL, "collector on a hand-made v2 tree (%s)", err ? err : "ok")) {
		tmptree_free(root);
		return;
	}
	int fds0 = -1;
	bool usage_fresh = true, limit_kept = true;
	uint64_t limit_seen_at = 0;
	for (uint64_t t = 1; t <= TICKS; t++) {
		put_counters(root, t * 1000);
		if (t == 3) /* the quota is lifted between full reads */
			tmptree_put(root, "sys/fs/cgroup/box.service/cpu.max", "max 100000\n");
		struct sample *s = NULL;
		collector_sample(c, &s);
		const struct group_sample *g = group(s, "/box.service");
		if (!g) {
			ok(0, "tick %llu: the group is there", (unsigned long long)t);
			sample_free(s);
			break;
		}
		usage_fresh &= g->c.cpu_usage_ns == t * 1000 * 1000;
		if (t < 3)
			limit_kept &= g->c.cpu_quota_us == 30000 && g->c.mem_limit == 16777216;
		else if (g->c.cpu_quota_us == 30000)
			limit_kept &= g->c.mem_limit == 16777216;
		else if (!limit_seen_at)
			limit_seen_at = t;
		if (t == 4) /* every group seen and read by now */
			fds0 = open_fds();
		if (t == 2) {
			ok(group(s, "/empty") == NULL, "a plain cgroup without processes is no row");
			ok(group(s, "/busy") != NULL, "a plain cgroup with a process is a row");
			ok(group(s, "/farm") == NULL && group(s, "/farm/kid") != NULL,
			   "a plain cgroup whose processes are all in its children is no row; the child is");
			tmptree_put(root, "sys/fs/cgroup/late/cgroup.procs", "4246\n");
		}
		if (t == 3) {
			const struct group_sample *late = group(s, "/late");
			ok(late && late->c.cpu_quota_us == 20000,
			   "a cgroup that gets its first process between full reads shows its limits at once");
		}
		sample_free(s);
	}
	ok(usage_fresh, "every tick reads the counters anew through the open files");
	ok(limit_kept, "between full reads the limits are carried over, unchanged");
	ok(limit_seen_at > 3 && limit_seen_at <= 3 + 16, "a changed limit shows at the next full read (tick %llu)",
	   (unsigned long long)limit_seen_at);
	is_u64((unsigned long long)open_fds(), (unsigned long long)fds0, "no descriptor is leaked over %d ticks", TICKS);

	/* Recreated: the old files must not be read through stale descriptors. */
	tmptree_put(root, "sys/fs/cgroup/box.service/memory.current", "777\n");
	char old[4096], moved[4096];
	tmptree_path(old, sizeof(old), root, "sys/fs/cgroup/box.service");
	tmptree_path(moved, sizeof(moved), root, "sys/fs/cgroup/old.service");
	ok(rename(old, moved) == 0, "the cgroup directory goes away");
	tmptree_put(root, "sys/fs/cgroup/box.service/cgroup.procs", "4243\n");
	tmptree_put(root, "sys/fs/cgroup/box.service/memory.current", "555\n");
	struct sample *s = NULL;
	collector_sample(c, &s);
	const struct group_sample *g = group(s, "/box.service");
	is_u64(g ? g->c.mem_current : 0, 555, "the new directory under the same path is read, not the old one");
	sample_free(s);
	collector_free(c);
	tmptree_free(root);
}

static void put_v1_counters(const char *root, const char *group, uint64_t n)
{
	char path[256], text[128];
	snprintf(path, sizeof(path), "sys/fs/cgroup/cpu/%s/cpu.stat", group);
	snprintf(text, sizeof(text), "nr_periods %llu\nnr_throttled %llu\nthrottled_time %llu\n",
		 (unsigned long long)n, (unsigned long long)n, (unsigned long long)n);
	tmptree_put(root, path, text);
	snprintf(path, sizeof(path), "sys/fs/cgroup/memory/%s/memory.failcnt", group);
	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)n);
	tmptree_put(root, path, text);
}

/* v1 throttling and memory.failcnt can only move under a limit of the
 * cgroup's own: without one they are read at full reads only, and carried. */
static void test_quiet_counters(void)
{
	char *root = tmptree_new();
	const char *hier[] = {"cpu", "cpuacct", "memory", "blkio"};
	for (size_t i = 0; i < ARRAY_SIZE(hier); i++) {
		char path[128];
		snprintf(path, sizeof(path), "sys/fs/cgroup/%s/cgroup.procs", hier[i]);
		tmptree_put(root, path, "1\n");
		snprintf(path, sizeof(path), "sys/fs/cgroup/%s/open/cgroup.procs", hier[i]);
		tmptree_put(root, path, "4242\n");
		snprintf(path, sizeof(path), "sys/fs/cgroup/%s/capped/cgroup.procs", hier[i]);
		tmptree_put(root, path, "4243\n");
		snprintf(path, sizeof(path), "sys/fs/cgroup/%s/later/cgroup.procs", hier[i]);
		tmptree_put(root, path, "4244\n");
	}
	tmptree_put(root, "sys/fs/cgroup/memory/later/memory.usage_in_bytes", "4096\n");
	tmptree_put(root, "sys/fs/cgroup/cpu/later/cpu.cfs_quota_us", "-1\n");
	tmptree_put(root, "sys/fs/cgroup/memory/open/memory.usage_in_bytes", "4096\n");
	/* Longer than a read buffer, in a directory parked between full reads. */
	struct strbuf io;
	strbuf_init(&io);
	for (int dev = 0; dev < 300; dev++)
		strbuf_printf(&io, "8:%d Read 1\n8:%d Write 2\n", dev, dev);
	strbuf_puts(&io, "Total 900\n");
	tmptree_put(root, "sys/fs/cgroup/blkio/open/blkio.throttle.io_service_bytes_recursive", io.buf);
	strbuf_free(&io);
	tmptree_put(root, "sys/fs/cgroup/memory/capped/memory.usage_in_bytes", "4096\n");
	tmptree_put(root, "sys/fs/cgroup/cpu/open/cpu.cfs_quota_us", "-1\n");
	tmptree_put(root, "sys/fs/cgroup/memory/open/memory.limit_in_bytes", "9223372036854771712\n");
	tmptree_put(root, "sys/fs/cgroup/cpu/capped/cpu.cfs_quota_us", "50000\n");
	tmptree_put(root, "sys/fs/cgroup/cpu/capped/cpu.cfs_period_us", "100000\n");
	tmptree_put(root, "sys/fs/cgroup/memory/capped/memory.limit_in_bytes", "1048576\n");
	tmptree_put(root, "proc/stat", "cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\n");
	struct collector_opts co = {.root = root, .profiler_status = "test"};
	const char *err = NULL;
	struct collector *c = collector_new(&co, &err);
	if (!ok(c != NULL, "collector on a hand-made v1 tree (%s)", err ? err : "ok")) {
		tmptree_free(root);
		return;
	}
	bool capped_fresh = true, open_carried = true, open_refreshed = false, later_ok = true, long_io = true;
	uint64_t later_quota_at = 0;
	for (uint64_t t = 1; t <= TICKS; t++) {
		put_v1_counters(root, "open", t);
		put_v1_counters(root, "capped", t);
		put_v1_counters(root, "later", t * 1000);
		if (t == 5) /* a quota set between full reads */
			tmptree_put(root, "sys/fs/cgroup/cpu/later/cpu.cfs_quota_us", "50000\n");
		struct sample *s = NULL;
		collector_sample(c, &s);
		const struct group_sample *o = group(s, "/open"), *k = group(s, "/capped");
		if (!o || !k) {
			ok(0, "tick %llu: both groups are there", (unsigned long long)t);
			sample_free(s);
			break;
		}
		capped_fresh &= k->c.nr_throttled == t && k->c.throttled_ns == t && k->c.mem_failcnt == t;
		/* Every value the unlimited group shows is one a full read took. */
		open_carried &= o->c.nr_throttled == o->c.mem_failcnt && o->c.nr_throttled <= t &&
				o->c.nr_throttled != VAL_NONE;
		if (t == 2)
			open_carried &= o->c.nr_throttled == 1;
		open_refreshed |= t > 2 && o->c.nr_throttled == t;
		long_io &= o->c.io_rbytes == 300 && o->c.io_wbytes == 600;
		/* Once the quota shows, the throttling that went unread since it
		 * was set is no one tick's: absent that tick, read every tick after. */
		const struct group_sample *l = group(s, "/later");
		if (l && !later_quota_at && l->c.cpu_quota_us == 50000) {
			later_quota_at = t;
			later_ok &= l->c.nr_throttled == VAL_NONE && l->c.throttled_ns == VAL_NONE;
		} else if (l && later_quota_at) {
			later_ok &= l->c.nr_throttled == t * 1000;
		}
		sample_free(s);
	}
	ok(capped_fresh, "with a quota and a memory limit, throttling and failcnt are read every tick");
	ok(open_carried, "without them, the last full read's values are carried between full reads");
	ok(open_refreshed, "and the next full read refreshes them");
	ok(long_io, "a blkio file longer than the buffer reads whole on every tick, parked directory or not");
	ok(later_quota_at > 5 && later_ok,
	   "a quota set between full reads: that tick's throttling is absent, not many ticks' worth (tick %llu)",
	   (unsigned long long)later_quota_at);
	collector_free(c);
	tmptree_free(root);
}

static void put_psi(const char *root, const char *dir, const char *file, const char *avg, uint64_t total)
{
	char path[256], text[256];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(text, sizeof(text), "some avg10=%s avg60=0.00 avg300=0.00 total=%llu\n", avg,
		 (unsigned long long)total);
	tmptree_put(root, path, text);
}

static void put_idle_group(const char *root, const char *dir, const char *pid)
{
	char path[256];
	const char *files[][2] = {{"cgroup.procs", pid},
				  {"cpu.stat", "usage_usec 10\n"},
				  {"memory.current", "4096\n"},
				  {"memory.stat", "inactive_file 0\npgmajfault 1\n"},
				  {"pids.events", "max 0\n"},
				  {"pids.current", "1\n"}};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		tmptree_put(root, path, files[i][1]);
	}
	put_psi(root, dir, "cpu.pressure", "0.00", 1);
}

static struct sample *tick(struct collector *c)
{
	struct sample *s = NULL;
	collector_sample(c, &s);
	return s;
}

/* One more tick: is PATH a row in it? */
static bool row_next_tick(struct collector *c, const char *path)
{
	struct sample *s = tick(c);
	bool row = group(s, path) != NULL;
	sample_free(s);
	return row;
}

static uint64_t majflt(const struct sample *s, const char *path)
{
	const struct group_sample *g = group(s, path);
	return g ? g->c.mem_pgmajfault : 0;
}

static uint64_t cpu_psi(const struct sample *s, const char *path)
{
	const struct group_sample *g = group(s, path);
	return g ? g->c.psi_cpu.some_total_us : 0;
}

/* Files that stood still are not read: an idle group's (once settled past
 * the kernel's stats flush) until its CPU usage moves or a full read comes,
 * and a group's pressure while its parent's total stands and its averages
 * are 0. */
static void test_still_files(void)
{
	char *root = tmptree_new();
	const char *cg = "sys/fs/cgroup";
	tmptree_put(root, "sys/fs/cgroup/cgroup.controllers", "cpu memory pids io\n");
	tmptree_put(root, "proc/stat", "cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\n");
	put_psi(root, "proc", "pressure/cpu", "0.00", 1);
	put_psi(root, cg, "farm/cpu.pressure", "0.00", 1);
	tmptree_put(root, "sys/fs/cgroup/farm/cgroup.procs", "");
	put_idle_group(root, "sys/fs/cgroup/farm/a", "4301\n");
	put_idle_group(root, "sys/fs/cgroup/farm/b", "4302\n");
	put_idle_group(root, "sys/fs/cgroup/top", "4303\n");
	put_idle_group(root, "sys/fs/cgroup/hot", "4304\n");
	put_psi(root, cg, "hot/cpu.pressure", "5.00", 1);
	struct collector_opts co = {.root = root, .profiler_status = "test", .idle_settle_ns = 1};
	const char *err = NULL;
	struct collector *c = collector_new(&co, &err);
	if (!ok(c != NULL, "collector on a tree of idle groups (%s)", err ? err : "ok")) {
		tmptree_free(root);
		return;
	}
	sample_free(tick(c)); /* a full read */
	put_psi(root, cg, "farm/a/cpu.pressure", "0.00", 500);
	put_psi(root, cg, "top/cpu.pressure", "0.00", 500);
	put_psi(root, cg, "hot/cpu.pressure", "5.00", 500);
	tmptree_put(root, "sys/fs/cgroup/farm/a/memory.stat", "inactive_file 0\npgmajfault 2\n");
	struct sample *s = tick(c);
	is_u64(cpu_psi(s, "/farm/a"), 1, "the parent's pressure stood still: the child's is not read");
	is_u64(cpu_psi(s, "/top"), 1, "a top-level group's parent is the machine (/proc/pressure)");
	is_u64(cpu_psi(s, "/hot"), 500, "a group whose averages are not 0 has its pressure read every tick");
	is_u64(majflt(s, "/farm/a"), 2, "idle for less than the settling time: memory.stat read");
	sample_free(s);

	put_psi(root, cg, "farm/cpu.pressure", "0.00", 2);
	put_psi(root, "proc", "pressure/cpu", "0.00", 2);
	tmptree_put(root, "sys/fs/cgroup/farm/a/memory.stat", "inactive_file 0\npgmajfault 3\n");
	s = tick(c);
	is_u64(cpu_psi(s, "/farm/a"), 500, "the parent's total moved: the child's pressure is read");
	is_u64(cpu_psi(s, "/top"), 500, "the machine's total moved: the top-level group's is read");
	is_u64(majflt(s, "/farm/a"), 2, "idle and settled: memory.stat carried");
	sample_free(s);

	tmptree_put(root, "sys/fs/cgroup/farm/a/cpu.stat", "usage_usec 11\n");
	tmptree_put(root, "sys/fs/cgroup/farm/b/memory.stat", "inactive_file 0\npgmajfault 9\n");
	s = tick(c);
	is_u64(majflt(s, "/farm/a"), 3, "the CPU usage moved: memory.stat read");
	is_u64(majflt(s, "/farm/b"), 1, "the idle sibling's stays carried");
	sample_free(s);
	uint64_t seen_at = 0;
	for (uint64_t t = 5; t <= 5 + 16 && !seen_at; t++) {
		s = tick(c);
		if (majflt(s, "/farm/b") == 9)
			seen_at = t;
		sample_free(s);
	}
	ok(seen_at > 5 && seen_at <= 17, "an idle group's carried files are read at its next full read (tick %llu)",
	   (unsigned long long)seen_at);
	collector_free(c);

	/* The kernel flushes memory statistics every 2 s: by default a group
	 * must have stood still that long (and more) before they carry. */
	co.idle_settle_ns = 0;
	c = collector_new(&co, &err);
	for (int t = 0; t < 4; t++)
		sample_free(tick(c));
	tmptree_put(root, "sys/fs/cgroup/farm/a/memory.stat", "inactive_file 0\npgmajfault 4\n");
	s = tick(c);
	is_u64(majflt(s, "/farm/a"), 4, "by default, an idle group's memory.stat is read for its first seconds");
	sample_free(s);
	collector_free(c);
	tmptree_free(root);
}

/* A group that has not run keeps its process list: cgroup.procs is read
 * again once its CPU usage or pids.current moves, and a list read in a
 * tick right after it ran is not reused (a fork could hide in that read). */
static void test_pids_reuse(void)
{
	char *root = tmptree_new();
	tmptree_put(root, "sys/fs/cgroup/cgroup.controllers", "cpu memory pids io\n");
	tmptree_put(root, "proc/stat", "cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\n");
	put_idle_group(root, "sys/fs/cgroup/a", "4401\n");
	put_idle_group(root, "sys/fs/cgroup/b", "4402\n");
	struct collector_opts co = {.root = root, .profiler_status = "test"};
	const char *err = NULL;
	struct collector *c = collector_new(&co, &err);
	if (!ok(c != NULL, "collector for the process list reuse (%s)", err ? err : "ok")) {
		tmptree_free(root);
		return;
	}
	sample_free(tick(c));
	/* Tick 2: b ran, then its list empties: read at once (it ran). */
	tmptree_put(root, "sys/fs/cgroup/b/cpu.stat", "usage_usec 11\n");
	tmptree_put(root, "sys/fs/cgroup/b/cgroup.procs", "");
	struct sample *s = tick(c);
	ok(group(s, "/a") && !group(s, "/b"), "a group that ran is listed anew: emptied, no row");
	sample_free(s);
	/* Tick 3: a's list changes behind an unmoved CPU usage and pids.current,
	 * which the kernel cannot do: the list read at tick 2 (a had not run)
	 * is reused, so a stays a row. */
	tmptree_put(root, "sys/fs/cgroup/a/cgroup.procs", "");
	ok(row_next_tick(c, "/a"), "a group that did not run keeps its process list (cgroup.procs not read)");
	/* Tick 4: pids.current moves (a migration): the list is read. */
	tmptree_put(root, "sys/fs/cgroup/a/pids.current", "0\n");
	ok(!row_next_tick(c, "/a"), "pids.current moved: the list is read again");
	/* A list read right after a run is not reused the next tick. */
	tmptree_put(root, "sys/fs/cgroup/b/cgroup.procs", "4402\n");
	tmptree_put(root, "sys/fs/cgroup/b/cpu.stat", "usage_usec 12\n");
	ok(row_next_tick(c, "/b"), "b is back, with a run");
	tmptree_put(root, "sys/fs/cgroup/b/cgroup.procs", "");
	ok(!row_next_tick(c, "/b"), "a list read in the tick it ran is read again the next");

	/* A kept list, then a run: read again. */
	put_idle_group(root, "sys/fs/cgroup/d", "4403\n");
	for (int t = 0; t < 3; t++)
		sample_free(tick(c));
	tmptree_put(root, "sys/fs/cgroup/d/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/d/cpu.stat", "usage_usec 20\n");
	ok(!row_next_tick(c, "/d"), "a kept list is read again once the group runs");

	/* A plain cgroup with a child: its process moving into the child moves
	 * none of the parent's (hierarchical) counters, so its list is read. */
	put_idle_group(root, "sys/fs/cgroup/p", "4404\n");
	tmptree_put(root, "sys/fs/cgroup/p/c/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/p/c/memory.current", "4096\n");
	for (int t = 0; t < 3; t++)
		sample_free(tick(c));
	tmptree_put(root, "sys/fs/cgroup/p/cgroup.procs", "");
	tmptree_put(root, "sys/fs/cgroup/p/c/cgroup.procs", "4404\n");
	s = tick(c);
	ok(group(s, "/p") == NULL, "a process moved from a plain cgroup into its child: the parent is no row any more");
	ok(group(s, "/p/c") != NULL, "and the child is");
	sample_free(s);
	collector_free(c);
	tmptree_free(root);
}

static bool same_counters(const struct sample *a, const struct sample *b, int tick)
{
	bool same = a && b && a->ngroups > 0 && a->ngroups == b->ngroups;
	for (size_t i = 0; same && i < b->ngroups; i++) {
		const struct cg_counters *x = &a->groups[i].c, *y = &b->groups[i].c;
		same = x->cpu_usage_ns == y->cpu_usage_ns && x->mem_current == y->mem_current &&
		       x->oom_kill == y->oom_kill && x->pids_current == y->pids_current &&
		       x->nr_throttled == y->nr_throttled && x->mem_failcnt == y->mem_failcnt &&
		       x->cpu_quota_us == y->cpu_quota_us && x->mem_limit == y->mem_limit &&
		       x->io_rbytes == y->io_rbytes && x->psi_cpu.some_avg10 == y->psi_cpu.some_avg10 &&
		       a->groups[i].nprocs == b->groups[i].nprocs && a->groups[i].net_present == b->groups[i].net_present &&
		       a->groups[i].net.rx_bytes == b->groups[i].net.rx_bytes;
		if (!same)
			printf("# %s differs at tick %d\n", b->groups[i].path, tick);
	}
	return same;
}

/* The hybrid capture read 20 times by one collector, against REF (NULL: its
 * own first, full read). */
static struct sample *read_capture(const char *what, const struct sample *ref)
{
	char *dir = fixture_path("hybrid-podman");
	char *root = xasprintf("%s/t1", dir);
	char *map = xasprintf("%s/inodes-t1.tsv", dir);
	struct collector_opts co = {.root = root, .with_procs = true, .inode_map = map, .profiler_status = "test"};
	const char *err = NULL;
	struct collector *c = collector_new(&co, &err);
	struct sample *first = NULL;
	if (ok(c != NULL, "collector on the hybrid capture, %s", what)) {
		collector_sample(c, &first);
		bool same = same_counters(ref ? ref : first, first, 1);
		for (int t = 0; t < 20 && same; t++) {
			struct sample *s = NULL;
			collector_sample(c, &s);
			same = same_counters(ref ? ref : first, s, t + 2);
			sample_free(s);
		}
		ok(same, "20 ticks %s read what a first, full read does", what);
	}
	collector_free(c);
	free(root);
	free(map);
	free(dir);
	return first;
}

/* Parked v1 directories, then (descriptors short) light entries that hold
 * none, must read what the first full read did. */
static void test_hybrid_capture(void)
{
	struct sample *ref = read_capture("through parked directories", NULL);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	/* Room for the first group's files only: every other group is light. */
	rl.rlim_cur = rl.rlim_max = 80;
	if (ok(setrlimit(RLIMIT_NOFILE, &rl) == 0, "the descriptor limit lowered to %d", (int)rl.rlim_cur))
		sample_free(read_capture("by path, over the descriptor budget", ref));
	sample_free(ref);
}

int main(void)
{
	test_carry_over();
	test_quiet_counters();
	test_still_files();
	test_pids_reuse();
	if (getenv("FIXTURES"))
		test_hybrid_capture();
	return tap_done();
}
