/* test_cgroup_files.c - the cgroup readers and parsers: good, missing,
 * malformed, "max" and backwards input on hand-made trees, then the real
 * captures in $FIXTURES checked against their raw files and READMEs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../src/cgroup_files.h"
#include "../src/util.h"
#include "fixture_snapshot.h"
#include "tap.h"
#include "tmptree.h"

#define NONE VAL_NONE

static void test_parse_cpu_stat(void)
{
	struct cg_counters c;
	cg_counters_init(&c);
	ok(cgroup_parse_cpu_stat("usage_usec 10613579\nuser_usec 663958\nsystem_usec 9949620\n"
				 "nr_periods 2123\nnr_throttled 1869\nthrottled_usec 114444471\n"
				 "nr_bursts 0\nburst_usec 0\n",
				 &c) == 0,
	   "cpu.stat v2 parses");
	is_u64(c.cpu_usage_ns, 10613579000ull, "cpu.stat usage_usec in ns");
	is_u64(c.cpu_user_ns, 663958000ull, "cpu.stat user_usec in ns");
	is_u64(c.cpu_system_ns, 9949620000ull, "cpu.stat system_usec in ns");
	is_u64(c.nr_periods, 2123, "cpu.stat nr_periods");
	is_u64(c.nr_throttled, 1869, "cpu.stat nr_throttled");
	is_u64(c.throttled_ns, 114444471000ull, "cpu.stat throttled_usec in ns");

	ok(cgroup_parse_cpu_stat("usage_usec 1000\n", &c) == 0, "cpu.stat with a smaller usage parses");
	is_u64(c.cpu_usage_ns, 1000000, "a counter that went backwards is read as-is");

	cg_counters_init(&c);
	cgroup_parse_cpu_stat("usage_usec 5\nuser_usec 3\nsystem_usec 2\n", &c);
	is_u64(c.nr_periods, NONE, "cpu.stat without the cpu controller: nr_periods absent, not 0");
	is_u64(c.throttled_ns, NONE, "cpu.stat without the cpu controller: throttled absent");

	cg_counters_init(&c);
	ok(cgroup_parse_cpu_stat("nr_periods 1600\nnr_throttled 1558\nthrottled_time 97848264596\n"
				 "nr_bursts 0\nburst_time 0\n",
				 &c) == 0,
	   "cpu.stat v1 parses");
	is_u64(c.throttled_ns, 97848264596ull, "v1 throttled_time is already ns");
	is_u64(c.cpu_usage_ns, NONE, "v1 cpu.stat has no usage");

	cg_counters_init(&c);
	ok(cgroup_parse_cpu_stat("usage_usec 12x\nnr_periods 3\n", &c) == -EINVAL,
	   "malformed cpu.stat: -EINVAL");
	is_u64(c.nr_periods, NONE, "malformed cpu.stat leaves every field untouched");
	ok(cgroup_parse_cpu_stat("usage_usec 18446744073709552\n", &c) == -EINVAL,
	   "cpu.stat usec that overflows in ns: -EINVAL");
	ok(cgroup_parse_cpu_stat("", &c) == 0 && c.cpu_usage_ns == NONE, "empty cpu.stat: nothing found");
}

static void test_parse_cpu_max(void)
{
	uint64_t q = 1, p = 2;
	ok(cgroup_parse_cpu_max("30000 100000\n", &q, &p) == 0 && q == 30000 && p == 100000, "cpu.max quota");
	ok(cgroup_parse_cpu_max("max 100000\n", &q, &p) == 0 && q == NONE && p == 100000,
	   "cpu.max max: no quota");
	q = 7, p = 8;
	ok(cgroup_parse_cpu_max("30000\n", &q, &p) == -EINVAL, "cpu.max without period: -EINVAL");
	ok(cgroup_parse_cpu_max("abc 100000\n", &q, &p) == -EINVAL, "cpu.max garbage quota: -EINVAL");
	ok(cgroup_parse_cpu_max("1 2 3\n", &q, &p) == -EINVAL, "cpu.max extra field: -EINVAL");
	ok(cgroup_parse_cpu_max("", &q, &p) == -EINVAL, "empty cpu.max: -EINVAL");
	ok(q == 7 && p == 8, "malformed cpu.max leaves the outputs untouched");
}

static void test_parse_limit(void)
{
	uint64_t v = 0;
	ok(cgroup_parse_limit("16777216\n", &v) == 0 && v == 16777216, "limit value");
	ok(cgroup_parse_limit("max\n", &v) == 0 && v == NONE, "limit max: none");
	v = 0;
	ok(cgroup_parse_limit("9223372036854771712\n", &v) == 0 && v == NONE, "v1 no-limit value: none");
	ok(cgroup_parse_limit("4611686018427387903\n", &v) == 0 && v == 4611686018427387903ull,
	   "a limit just under 2^62 is a limit");
	v = 5;
	ok(cgroup_parse_limit("12ab\n", &v) == -EINVAL && v == 5, "malformed limit: -EINVAL, untouched");
	ok(cgroup_parse_limit("maxi\n", &v) == -EINVAL, "limit 'maxi': -EINVAL");
	ok(cgroup_parse_limit("-1\n", &v) == -EINVAL, "negative limit: -EINVAL");
	ok(cgroup_parse_limit("", &v) == -EINVAL && v == 5, "empty limit: -EINVAL");
}

static void test_parse_cpuset(void)
{
	uint64_t n = 0;
	ok(cgroup_parse_cpuset_count("0-1\n", &n) == 0 && n == 2, "cpuset 0-1: 2");
	ok(cgroup_parse_cpuset_count("0-3,6\n", &n) == 0 && n == 5, "cpuset 0-3,6: 5");
	ok(cgroup_parse_cpuset_count("7\n", &n) == 0 && n == 1, "cpuset 7: 1");
	ok(cgroup_parse_cpuset_count("0,2,4-5", &n) == 0 && n == 4, "cpuset 0,2,4-5 without newline: 4");
	n = 9;
	ok(cgroup_parse_cpuset_count("\n", &n) == -EINVAL && n == 9, "empty cpuset: -EINVAL, untouched");
	ok(cgroup_parse_cpuset_count("3-1\n", &n) == -EINVAL, "reversed range: -EINVAL");
	ok(cgroup_parse_cpuset_count("0-3,x\n", &n) == -EINVAL, "garbage after comma: -EINVAL");
	ok(cgroup_parse_cpuset_count("0-18446744073709551615\n", &n) == -EINVAL, "absurd range: -EINVAL");
}

static void test_parse_psi(void)
{
	struct psi_raw p = {0};
	ok(cgroup_parse_psi("some avg10=46.02 avg60=16.61 avg300=3.97 total=12548447\n"
			    "full avg10=45.00 avg60=16.00 avg300=3.00 total=12000000\n",
			    &p) == 0,
	   "psi parses");
	ok(p.present && p.has_full, "psi present with full");
	is_near(p.some_avg10, 46.02, 1e-9, "psi some avg10");
	is_near(p.some_avg60, 16.61, 1e-9, "psi some avg60");
	is_near(p.some_avg300, 3.97, 1e-9, "psi some avg300");
	is_u64(p.some_total_us, 12548447, "psi some total");
	is_near(p.full_avg10, 45.0, 1e-9, "psi full avg10");
	is_u64(p.full_total_us, 12000000, "psi full total");

	struct psi_raw q = {0};
	ok(cgroup_parse_psi("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", &q) == 0 && q.present &&
	       !q.has_full,
	   "psi without a full line (old kernel cpu.pressure)");
	ok(cgroup_parse_psi("some avg10=1.00 avg60=0.00 avg300=0.00 total=5\n", &p) == 0 &&
	       p.some_total_us == 5,
	   "psi total that went backwards is read as-is");

	struct psi_raw r = {0};
	ok(cgroup_parse_psi("some avg10=x avg60=0.00 avg300=0.00 total=0\n", &r) == -EINVAL && !r.present,
	   "malformed psi average: -EINVAL, absent");
	ok(cgroup_parse_psi("some avg10=1.00 avg60=0.00 avg300=0.00\n", &r) == -EINVAL && !r.present,
	   "psi line without total: -EINVAL");
	ok(cgroup_parse_psi("full avg10=1.00 avg60=0.00 avg300=0.00 total=1\n", &r) == -EINVAL && !r.present,
	   "psi without a some line: -EINVAL");
	ok(cgroup_parse_psi("", &r) == -EINVAL && !r.present, "empty psi: -EINVAL");
}

static void test_parse_io_stat(void)
{
	struct cg_counters c;
	cg_counters_init(&c);
	ok(cgroup_parse_io_stat(
	       "7:7 \n11:0 \n254:0 rbytes=1023689728 wbytes=455340032 rios=4590 wios=6542 "
	       "dbytes=0 dios=0\n8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0 cost.vrate=1\n",
	       &c) == 0,
	   "io.stat parses (devices without stats, unknown keys)");
	is_u64(c.io_rbytes, 1023689738ull, "io.stat rbytes summed over devices");
	is_u64(c.io_wbytes, 455340052ull, "io.stat wbytes summed");
	is_u64(c.io_rios, 4591, "io.stat rios summed");
	is_u64(c.io_wios, 6544, "io.stat wios summed");

	ok(cgroup_parse_io_stat("254:0 rbytes=5 wbytes=0 rios=1 wios=0\n", &c) == 0 && c.io_rbytes == 5,
	   "io.stat counter that went backwards is read as-is");
	ok(cgroup_parse_io_stat("", &c) == 0 && c.io_rbytes == 0 && c.io_wios == 0,
	   "empty io.stat: no I/O yet, zeros");

	cg_counters_init(&c);
	ok(cgroup_parse_io_stat("254:0 rbytes=abc wbytes=0\n", &c) == -EINVAL && c.io_rbytes == NONE,
	   "malformed io.stat: -EINVAL, untouched");
	ok(cgroup_parse_io_stat("rbytes=1\n", &c) == -EINVAL, "io.stat line without a device: -EINVAL");
}

static void test_parse_blkio(void)
{
	uint64_t r = 1, w = 1;
	ok(cgroup_parse_blkio("254:0 Read 533725184\n254:0 Write 281018368\n254:0 Sync 814743552\n"
			      "254:0 Async 0\n254:0 Discard 0\n254:0 Total 814743552\n"
			      "7:0 Read 4\n7:0 Write 6\n7:0 Total 10\nTotal 814743562\n",
			      &r, &w) == 0,
	   "blkio parses");
	is_u64(r, 533725188ull, "blkio Read summed over devices, Total ignored");
	is_u64(w, 281018374ull, "blkio Write summed over devices");
	ok(cgroup_parse_blkio("Total 0\n", &r, &w) == 0 && r == 0 && w == 0, "blkio with no device: zeros");
	r = w = 3;
	ok(cgroup_parse_blkio("254:0 Read x\n", &r, &w) == -EINVAL && r == 3, "malformed blkio: -EINVAL");
	ok(cgroup_parse_blkio("254:0 Read\n", &r, &w) == -EINVAL && r == 3,
	   "blkio line without value: -EINVAL");
	ok(cgroup_parse_blkio("254:0 Read 2\nTotal 2\n", &r, &w) == 0 && r == 2,
	   "blkio backwards read as-is");
}

static void test_parse_memory(void)
{
	struct cg_counters c;
	cg_counters_init(&c);
	ok(cgroup_parse_memory_events("low 0\nhigh 6106\nmax 2\noom 1\noom_kill 63\noom_group_kill 0\n",
				      &c) == 0,
	   "memory.events parses");
	is_u64(c.mem_events_high, 6106, "memory.events high");
	is_u64(c.mem_events_max, 2, "memory.events max");
	is_u64(c.mem_events_oom, 1, "memory.events oom");
	is_u64(c.oom_kill, 63, "memory.events oom_kill");
	ok(cgroup_parse_memory_events("oom_kill 3\n", &c) == 0 && c.oom_kill == 3 &&
	       c.mem_events_high == 6106,
	   "memory.events backwards read as-is, missing keys untouched");
	cg_counters_init(&c);
	ok(cgroup_parse_memory_events("high 1\noom_kill -1\n", &c) == -EINVAL && c.mem_events_high == NONE,
	   "malformed memory.events: -EINVAL, untouched");
	cg_counters_init(&c);
	cgroup_parse_memory_events("low 0\nhigh 0\nmax 0\noom 0\n", &c);
	is_u64(c.oom_kill, NONE, "memory.events of an old kernel: oom_kill absent");

	cg_counters_init(&c);
	ok(cgroup_parse_memory_stat("anon 1\ninactive_file 24576\nactive_file 3\npgmajfault 362\n",
				    CG_LAYOUT_V2, &c) == 0,
	   "memory.stat v2 parses");
	is_u64(c.mem_inactive_file, 24576, "memory.stat inactive_file");
	is_u64(c.mem_pgmajfault, 362, "memory.stat pgmajfault");
	cg_counters_init(&c);
	cgroup_parse_memory_stat(
	    "inactive_file 1\npgmajfault 2\ntotal_inactive_file 10\ntotal_pgmajfault 20\n", CG_LAYOUT_V1, &c);
	ok(c.mem_inactive_file == 10 && c.mem_pgmajfault == 20, "memory.stat v1 prefers total_*");
	cg_counters_init(&c);
	cgroup_parse_memory_stat("inactive_file 1\npgmajfault 2\n", CG_LAYOUT_V1, &c);
	ok(c.mem_inactive_file == 1 && c.mem_pgmajfault == 2, "memory.stat v1 falls back to the plain keys");
	cg_counters_init(&c);
	ok(cgroup_parse_memory_stat("inactive_file many\n", CG_LAYOUT_V2, &c) == -EINVAL &&
	       c.mem_inactive_file == NONE,
	   "malformed memory.stat: -EINVAL, untouched");
}

/* A complete v2 cgroup directory as the kernel writes it. */
static void put_v2_cgroup(const char *root, const char *dir)
{
	static const char *const files[][2] = {
	    {"cpu.stat", "usage_usec 2000\nuser_usec 1500\nsystem_usec 500\nnr_periods 10\nnr_throttled 4\n"
			 "throttled_usec 300\n"},
	    {"cpu.max", "50000 100000\n"},
	    {"cpuset.cpus.effective", "0-3\n"},
	    {"memory.current", "1048576\n"},
	    {"memory.max", "max\n"},
	    {"memory.high", "8388608\n"},
	    {"memory.swap.current", "4096\n"},
	    {"memory.stat", "anon 100\ninactive_file 4096\npgmajfault 7\n"},
	    {"memory.events", "low 0\nhigh 3\nmax 2\noom 1\noom_kill 1\n"},
	    {"io.stat", "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n"},
	    {"pids.current", "3\n"},
	    {"pids.max", "max\n"},
	    {"pids.events", "max 5\n"},
	    {"cpu.pressure", "some avg10=1.50 avg60=1.00 avg300=0.50 total=100\n"
			     "full avg10=0.50 avg60=0.25 avg300=0.10 total=50\n"},
	    {"memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"},
	    {"io.pressure", "some avg10=2.00 avg60=0.00 avg300=0.00 total=9\n"
			    "full avg10=1.00 avg60=0.00 avg300=0.00 total=8\n"},
	    {"cgroup.kill", ""},
	    {"memory.reclaim", ""},
	};
	char rel[512];
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", dir, files[i][0]);
		tmptree_put(root, rel, files[i][1]);
	}
}

static void test_read_v2(void)
{
	char *root = tmptree_new();
	put_v2_cgroup(root, "full");
	tmptree_put(root, "sparse/cpu.stat", "usage_usec 7\nuser_usec 4\nsystem_usec 3\n");
	tmptree_put(root, "sparse/memory.current", "garbage\n");
	tmptree_put(root, "sparse/memory.max", "max\n");

	struct cg_dirs d = CG_DIRS_NONE;
	struct cg_counters c;
	cg_counters_init(&c);
	d.unified = tmptree_open(root, "full");
	ok(cgroup_read_counters(&d, CG_LAYOUT_V2, &c) == 0, "v2 read of a complete cgroup");
	is_u64(c.cpu_usage_ns, 2000000, "v2 usage in ns");
	is_u64(c.throttled_ns, 300000, "v2 throttled in ns");
	ok(c.cpu_quota_us == 50000 && c.cpu_period_us == 100000, "v2 cpu.max");
	is_u64(c.cpuset_cpus, 4, "v2 cpuset.cpus.effective count");
	is_u64(c.mem_current, 1048576, "v2 memory.current");
	is_u64(c.mem_limit, NONE, "v2 memory.max max: no limit");
	is_u64(c.mem_high, 8388608, "v2 memory.high");
	is_u64(c.mem_swap, 4096, "v2 memory.swap.current");
	ok(c.mem_inactive_file == 4096 && c.mem_pgmajfault == 7, "v2 memory.stat");
	ok(c.mem_events_high == 3 && c.mem_events_max == 2 && c.mem_events_oom == 1 && c.oom_kill == 1,
	   "v2 memory.events");
	ok(c.io_rbytes == 100 && c.io_wbytes == 200 && c.io_rios == 1 && c.io_wios == 2, "v2 io.stat");
	ok(c.pids_current == 3 && c.pids_max == NONE && c.pids_events_max == 5, "v2 pids");
	ok(c.psi_cpu.present && c.psi_mem.present && c.psi_io.present, "v2 PSI present");
	is_near(c.psi_cpu.some_avg10, 1.5, 1e-9, "v2 cpu.pressure some avg10");
	is_u64(c.mem_failcnt, NONE, "v2 has no failcnt");
	close(d.unified);

	cg_counters_init(&c);
	d.unified = tmptree_open(root, "sparse");
	ok(cgroup_read_counters(&d, CG_LAYOUT_V2, &c) == 0, "v2 read of a sparse cgroup");
	is_u64(c.cpu_usage_ns, 7000, "sparse: usage");
	is_u64(c.nr_periods, NONE, "sparse: nr_periods absent (cpu controller off)");
	is_u64(c.mem_current, NONE, "sparse: malformed memory.current stays absent");
	is_u64(c.io_rbytes, NONE, "sparse: missing io.stat stays absent");
	is_u64(c.pids_current, NONE, "sparse: missing pids.current stays absent");
	ok(!c.psi_cpu.present && !c.psi_io.present, "sparse: missing pressure files stay absent");
	close(d.unified);

	/* A cgroup removed while we hold its directory: every open says ENOENT. */
	tmptree_mkdirs(root, "gone");
	d.unified = tmptree_open(root, "gone");
	char path[4096];
	snprintf(path, sizeof(path), "%s/gone", root);
	rmdir(path);
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_V2, &c) == -ENOENT, "v2 read of a removed cgroup: -ENOENT");
	ok(cgroup_read_limits_override(&d, CG_LAYOUT_V2, &c) == -ENOENT,
	   "override from a removed cgroup: -ENOENT");
	close(d.unified);
	d.unified = -1;
	ok(cgroup_read_counters(&d, CG_LAYOUT_V2, &c) == -ENOENT, "no directory at all: -ENOENT");
	tmptree_free(root);
}

static void put_v1_cgroup(const char *root)
{
	tmptree_put(root, "cpuacct/g/cpuacct.usage", "5000000000\n");
	tmptree_put(root, "cpuacct/g/cpuacct.stat", "user 300\nsystem 200\n");
	tmptree_put(root, "cpu/g/cpu.stat", "nr_periods 20\nnr_throttled 19\nthrottled_time 1234567\n");
	tmptree_put(root, "cpu/g/cpu.cfs_quota_us", "-1\n");
	tmptree_put(root, "cpu/g/cpu.cfs_period_us", "100000\n");
	tmptree_put(root, "cpuset/g/cpuset.effective_cpus", "0-1\n");
	tmptree_put(root, "memory/g/memory.usage_in_bytes", "610304\n");
	tmptree_put(root, "memory/g/memory.limit_in_bytes", "9223372036854771712\n");
	tmptree_put(root, "memory/g/memory.memsw.usage_in_bytes", "710304\n");
	tmptree_put(root, "memory/g/memory.stat",
		    "inactive_file 1\ntotal_inactive_file 4096\ntotal_pgmajfault 3\n");
	tmptree_put(root, "memory/g/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 146\n");
	tmptree_put(root, "memory/g/memory.failcnt", "12608\n");
	tmptree_put(root, "memory/g/memory.force_empty", "");
	tmptree_put(root, "blkio/g/blkio.throttle.io_service_bytes_recursive",
		    "254:0 Read 4096\n254:0 Write 8192\n254:0 Total 12288\nTotal 12288\n");
	tmptree_put(root, "blkio/g/blkio.throttle.io_serviced_recursive",
		    "254:0 Read 1\n254:0 Write 2\n254:0 Total 3\nTotal 3\n");
	tmptree_put(root, "pids/g/pids.current", "5\n");
	tmptree_put(root, "pids/g/pids.max", "6\n");
	tmptree_put(root, "pids/g/pids.events", "max 58\n");
	tmptree_put(root, "unified/g/cpu.stat", "usage_usec 9\nuser_usec 8\nsystem_usec 1\n");
	tmptree_put(root, "unified/g/cpu.pressure",
		    "some avg10=3.00 avg60=2.00 avg300=1.00 total=77\n"
		    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	tmptree_put(root, "unified/g/memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n");
	tmptree_put(root, "unified/g/io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=2\n");
}

static void open_v1(const char *root, struct cg_dirs *d, bool with_unified)
{
	d->cpu = tmptree_open(root, "cpu/g");
	d->cpuacct = tmptree_open(root, "cpuacct/g");
	d->cpuset = tmptree_open(root, "cpuset/g");
	d->memory = tmptree_open(root, "memory/g");
	d->blkio = tmptree_open(root, "blkio/g");
	d->pids = tmptree_open(root, "pids/g");
	d->unified = with_unified ? tmptree_open(root, "unified/g") : -1;
}

static void close_dirs(struct cg_dirs *d)
{
	int *fds[] = {&d->unified, &d->cpu, &d->cpuacct, &d->cpuset, &d->memory, &d->blkio, &d->pids};
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

static void test_read_v1_hybrid(void)
{
	char *root = tmptree_new();
	put_v1_cgroup(root);
	struct cg_dirs d = CG_DIRS_NONE;
	struct cg_counters c;

	open_v1(root, &d, false);
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_V1, &c) == 0, "v1 read");
	is_u64(c.cpu_usage_ns, 5000000000ull, "v1 cpuacct.usage is ns");
	is_u64(c.cpu_user_ns, NONE, "v1 cpuacct.stat is spared when cpuacct.usage is there");
	ok(c.nr_periods == 20 && c.nr_throttled == 19 && c.throttled_ns == 1234567, "v1 cpu.stat throttling");
	is_u64(c.cpu_quota_us, NONE, "v1 quota -1: none");
	is_u64(c.cpu_period_us, NONE, "v1 period without a quota is not read");
	is_u64(c.cpuset_cpus, 2, "v1 cpuset.effective_cpus");
	is_u64(c.mem_current, 610304, "v1 usage_in_bytes");
	is_u64(c.mem_limit, NONE, "v1 9223372036854771712: no limit");
	is_u64(c.mem_high, NONE, "v1 has no memory.high");
	is_u64(c.mem_swap, 100000, "v1 swap = memsw - usage");
	ok(c.mem_inactive_file == 4096 && c.mem_pgmajfault == 3, "v1 memory.stat total_*");
	is_u64(c.oom_kill, 146, "v1 memory.oom_control oom_kill");
	is_u64(c.mem_failcnt, 12608, "v1 memory.failcnt");
	is_u64(c.mem_events_oom, NONE, "v1 has no memory.events");
	ok(c.io_rbytes == 4096 && c.io_wbytes == 8192 && c.io_rios == 1 && c.io_wios == 2, "v1 blkio");
	ok(c.pids_current == 5 && c.pids_max == 6 && c.pids_events_max == 58, "v1 pids");
	ok(!c.psi_cpu.present && !c.psi_mem.present && !c.psi_io.present, "pure v1: no PSI");
	close_dirs(&d);

	open_v1(root, &d, true);
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_V1, &c) == 0 && !c.psi_cpu.present,
	   "pure v1 never reads pressure, even given a unified dir");
	close_dirs(&d);

	open_v1(root, &d, true);
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_HYBRID, &c) == 0, "hybrid read");
	is_u64(c.cpu_usage_ns, 5000000000ull, "hybrid: usage from cpuacct, not unified");
	ok(c.psi_cpu.present && c.psi_cpu.some_total_us == 77, "hybrid: PSI from the unified dir");
	ok(c.psi_mem.present && !c.psi_mem.has_full, "hybrid: memory.pressure without full");
	is_u64(c.oom_kill, 146, "hybrid: v1 memory counters");
	close(d.cpuacct);
	d.cpuacct = -1;
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_HYBRID, &c) == 0, "hybrid read without cpuacct");
	is_u64(c.cpu_usage_ns, 9000, "hybrid without cpuacct: usage from unified cpu.stat");
	is_u64(c.cpu_user_ns, 8000, "hybrid without cpuacct: user from unified cpu.stat");
	is_u64(c.nr_throttled, 19, "hybrid without cpuacct: throttling still from v1 cpu");
	close_dirs(&d);
	tmptree_free(root);
}

/* Files that stood still since the last tick are left to its values
 * (cg_dirs.last and .still): only those the caller names, the memory ones
 * only while both the CPU and the memory usage stand, throttling while the
 * CPU usage does, and never I/O nor pids.events. */
static void test_still_files(void)
{
	char *root = tmptree_new();
	put_v2_cgroup(root, "g");
	struct cg_dirs d = CG_DIRS_NONE;
	struct cg_counters last, c;
	d.unified = tmptree_open(root, "g");
	cg_counters_init(&last);
	ok(cgroup_read_counters(&d, CG_LAYOUT_V2, &last) == 0, "still: the last tick's read");
	tmptree_put(root, "g/memory.stat", "inactive_file 1\npgmajfault 70\n");
	tmptree_put(root, "g/memory.events", "high 30\nmax 20\noom 10\noom_kill 10\n");
	tmptree_put(root, "g/pids.events", "max 50\n");
	tmptree_put(root, "g/io.stat", "8:0 rbytes=1000 wbytes=200 rios=1 wios=2\n");
	tmptree_put(root, "g/io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=99\n");

	d.still = CG_STILL_IF_IDLE | CG_STILL_PSI_CPU;
	cg_counters_init(&c);
	cgroup_read_counters(&d, CG_LAYOUT_V2, &c);
	is_u64(c.mem_pgmajfault, 70, "still bits without the last values are ignored: memory.stat read");
	d.last = &last;
	cg_counters_init(&c);
	cgroup_read_counters(&d, CG_LAYOUT_V2, &c);
	ok(c.mem_pgmajfault == 7 && c.mem_inactive_file == 4096, "idle, usage unchanged: memory.stat carried");
	ok(c.mem_events_high == 3 && c.oom_kill == 1, "idle: memory.events carried");
	is_u64(c.pids_events_max, 50, "idle: pids.events read all the same (a fork from outside can fail)");
	is_u64(c.io_rbytes, 1000, "idle: v2 io.stat read all the same (writeback moves it)");
	is_u64(c.psi_cpu.some_total_us, 100, "cpu.pressure named still: carried");
	is_u64(c.psi_io.some_total_us, 99, "io.pressure not named: read");

	tmptree_put(root, "g/memory.current", "2097152\n");
	cg_counters_init(&c);
	cgroup_read_counters(&d, CG_LAYOUT_V2, &c);
	is_u64(c.mem_pgmajfault, 70, "idle but the memory usage moved: memory.stat read");
	is_u64(c.mem_events_high, 30, "and memory.events (charged without running: sockets, fsnotify)");

	tmptree_put(root, "g/memory.current", "1048576\n");
	tmptree_put(root, "g/cpu.stat", "usage_usec 2001\n");
	tmptree_put(root, "g/memory.events", "high 31\nmax 20\noom 10\noom_kill 10\n");
	cg_counters_init(&c);
	cgroup_read_counters(&d, CG_LAYOUT_V2, &c);
	ok(c.mem_events_high == 31 && c.mem_pgmajfault == 70, "the CPU usage moved: the memory files are read");
	d.still = 0;
	cg_counters_init(&c);
	cgroup_read_counters(&d, CG_LAYOUT_V2, &c);
	is_u64(c.psi_cpu.some_total_us, 100, "nothing named still: cpu.pressure read (same file)");
	close(d.unified);

	/* v1: the idle files of every hierarchy. */
	put_v1_cgroup(root);
	struct cg_dirs v1 = CG_DIRS_NONE;
	open_v1(root, &v1, true);
	cg_counters_init(&last);
	cgroup_read_counters(&v1, CG_LAYOUT_HYBRID, &last);
	tmptree_put(root, "memory/g/memory.stat", "total_inactive_file 1\ntotal_pgmajfault 30\n");
	tmptree_put(root, "memory/g/memory.oom_control", "oom_kill 147\n");
	tmptree_put(root, "memory/g/memory.failcnt", "12609\n");
	tmptree_put(root, "cpu/g/cpu.stat", "nr_periods 21\nnr_throttled 20\nthrottled_time 1\n");
	tmptree_put(root, "blkio/g/blkio.throttle.io_service_bytes_recursive", "254:0 Read 1\nTotal 1\n");
	tmptree_put(root, "pids/g/pids.events", "max 59\n");
	tmptree_put(root, "pids/g/pids.current", "6\n");
	v1.last = &last;
	v1.still = CG_STILL_IF_IDLE;
	cg_counters_init(&c);
	cgroup_read_counters(&v1, CG_LAYOUT_HYBRID, &c);
	ok(c.mem_pgmajfault == 3 && c.oom_kill == 146 && c.mem_failcnt == 12608, "v1 idle: memory files carried");
	is_u64(c.nr_periods, 20, "v1 idle: throttling carried");
	ok(c.io_rbytes == 1 && c.pids_events_max == 59 && c.pids_current == 6,
	   "v1 idle: blkio (a limit releases I/O while the task sleeps) and pids read all the same");
	tmptree_put(root, "cpuacct/g/cpuacct.usage", "5000000001\n");
	cg_counters_init(&c);
	cgroup_read_counters(&v1, CG_LAYOUT_HYBRID, &c);
	ok(c.mem_pgmajfault == 30 && c.oom_kill == 147 && c.nr_periods == 21,
	   "v1: one nanosecond of CPU and every file is read");
	v1.last = &c;
	struct cg_counters again;
	cg_counters_init(&again);
	tmptree_put(root, "memory/g/memory.usage_in_bytes", "614400\n");
	tmptree_put(root, "memory/g/memory.oom_control", "oom_kill 148\n");
	tmptree_put(root, "cpu/g/cpu.stat", "nr_periods 22\nnr_throttled 21\nthrottled_time 2\n");
	cgroup_read_counters(&v1, CG_LAYOUT_HYBRID, &again);
	ok(again.oom_kill == 148 && again.nr_periods == 21,
	   "v1: the memory usage moved alone: the memory files are read, throttling carried");
	close_dirs(&v1);
	tmptree_free(root);
}

static void test_limits_override(void)
{
	char *root = tmptree_new();
	tmptree_put(root, "child/cpu.max", "20000 100000\n");
	tmptree_put(root, "child/cpu.stat",
		    "usage_usec 1\nuser_usec 1\nsystem_usec 0\nnr_periods 803\n"
		    "nr_throttled 790\nthrottled_usec 55352638\n");
	tmptree_put(root, "child/memory.max", "max\n");
	tmptree_put(root, "child/memory.high", "1048576\n");
	tmptree_put(root, "child/pids.max", "2048\n");
	tmptree_put(root, "nolimit/cpu.max", "max 100000\n");
	tmptree_put(root, "nolimit/cpu.stat",
		    "usage_usec 1\nnr_periods 5\nnr_throttled 5\nthrottled_usec 5\n");
	tmptree_put(root, "nolimit/memory.max", "max\n");
	tmptree_put(root, "nolimit/pids.max", "max\n");
	tmptree_put(root, "v1cpu/cpu.cfs_quota_us", "30000\n");
	tmptree_put(root, "v1cpu/cpu.cfs_period_us", "100000\n");
	tmptree_put(root, "v1cpu/cpu.stat", "nr_periods 1\nnr_throttled 1\nthrottled_time 7\n");
	tmptree_put(root, "v1mem/memory.limit_in_bytes", "12582912\n");

	struct cg_dirs d = CG_DIRS_NONE;
	struct cg_counters c;
	cg_counters_init(&c);
	c.cpu_quota_us = NONE;
	c.nr_throttled = 0;
	c.mem_limit = 999;
	c.pids_max = 4643;
	d.unified = tmptree_open(root, "child");
	ok(cgroup_read_limits_override(&d, CG_LAYOUT_V2, &c) == 0, "override from a v2 child");
	ok(c.cpu_quota_us == 20000 && c.cpu_period_us == 100000, "child quota wins");
	ok(c.nr_periods == 803 && c.nr_throttled == 790 && c.throttled_ns == 55352638000ull,
	   "throttling read where the quota is");
	is_u64(c.cpu_usage_ns, NONE, "override leaves usage alone");
	is_u64(c.mem_limit, 999, "child memory.max max does not override");
	is_u64(c.mem_high, 1048576, "child memory.high overrides");
	is_u64(c.pids_max, 2048, "child pids.max overrides");
	close(d.unified);

	cg_counters_init(&c);
	c.nr_throttled = 3;
	c.cpu_quota_us = 10000;
	d.unified = tmptree_open(root, "nolimit");
	ok(cgroup_read_limits_override(&d, CG_LAYOUT_V2, &c) == 0, "override from a child without limits");
	ok(c.cpu_quota_us == 10000 && c.nr_throttled == 3, "no quota there: quota and throttling untouched");
	ok(c.mem_limit == NONE && c.pids_max == NONE, "no limits there: nothing overridden");
	close(d.unified);
	d.unified = -1;

	cg_counters_init(&c);
	d.cpu = tmptree_open(root, "v1cpu");
	d.memory = tmptree_open(root, "v1mem");
	ok(cgroup_read_limits_override(&d, CG_LAYOUT_V1, &c) == 0, "override from v1 dirs");
	ok(c.cpu_quota_us == 30000 && c.throttled_ns == 7, "v1 child quota and throttling");
	is_u64(c.mem_limit, 12582912, "v1 child memory limit");
	close(d.cpu);
	close(d.memory);
	tmptree_free(root);
}

/* ---- real captures ---- */

static const char *fixtures;

static int read_v2_fixture(const char *rel, struct cg_counters *c)
{
	struct cg_dirs d = CG_DIRS_NONE;
	cg_counters_init(c);
	d.unified = fixture_open(rel);
	int r = cgroup_read_counters(&d, CG_LAYOUT_V2, c);
	if (d.unified >= 0)
		close(d.unified);
	return r;
}

#define V2 "v2-systemd-docker-podman/"
#define WEB_THROTTLED                                                                                        \
	"sys/fs/cgroup/system.slice/"                                                                        \
	"docker-c85a35d32845df50feea48fe477583f4e43b838e6a7aa96f3be0788740e6ace5.scope"
#define API_THROTTLED                                                                                        \
	"sys/fs/cgroup/machine.slice/"                                                                       \
	"libpod-742ce0ffa310655030464e04cc6ef54c2838d1fb74ec75440f708c674bbeb918.scope"
#define BATCH_REPORT "sys/fs/cgroup/system.slice/batch-report.service"
#define GETTY "sys/fs/cgroup/system.slice/system-getty.slice/getty@tty1.service"

static void test_fixture_v2(void)
{
	struct cg_counters c0, c1;
	ok(read_v2_fixture(V2 "t0/" WEB_THROTTLED, &c0) == 0 &&
	       read_v2_fixture(V2 "t1/" WEB_THROTTLED, &c1) == 0,
	   "fixture web-throttled reads at t0 and t1");
	is_u64(c1.nr_throttled, 1869, "web-throttled cpu.stat nr_throttled at t1");
	is_u64(c1.nr_throttled - c0.nr_throttled, 17,
	       "web-throttled: 17 throttled periods in the interval (README)");
	is_u64(c1.throttled_ns - c0.throttled_ns, 885016000ull, "web-throttled: 885 ms throttled (README)");
	ok(c1.cpu_quota_us == 30000 && c1.cpu_period_us == 100000, "web-throttled cpu.max 30000 100000");
	is_u64(c1.cpu_usage_ns, 61095827000ull, "web-throttled usage_usec in ns");
	is_u64(c1.cpuset_cpus, 2, "web-throttled cpuset.cpus.effective 0-1");
	ok(c1.psi_cpu.present && c1.psi_cpu.has_full, "web-throttled has cpu.pressure");
	is_u64(c1.mem_limit, NONE, "web-throttled memory.max max");

	struct cg_counters a0, a1;
	struct cg_dirs child = CG_DIRS_NONE;
	ok(read_v2_fixture(V2 "t0/" API_THROTTLED, &a0) == 0 &&
	       read_v2_fixture(V2 "t1/" API_THROTTLED, &a1) == 0,
	   "fixture podman api-throttled scope reads");
	ok(a1.cpu_quota_us == NONE && a1.nr_throttled == 0,
	   "api-throttled scope itself: no quota, nr_throttled 0");
	is_u64(a1.pids_max, 4643, "api-throttled scope pids.max (systemd TasksMax)");
	child.unified = fixture_open(V2 "t0/" API_THROTTLED "/container");
	ok(cgroup_read_limits_override(&child, CG_LAYOUT_V2, &a0) == 0, "override from t0 container/");
	close(child.unified);
	child.unified = fixture_open(V2 "t1/" API_THROTTLED "/container");
	ok(cgroup_read_limits_override(&child, CG_LAYOUT_V2, &a1) == 0, "override from t1 container/");
	close(child.unified);
	ok(a1.cpu_quota_us == 20000 && a1.cpu_period_us == 100000,
	   "api-throttled quota from container/ (--cpus=0.2)");
	is_u64(a1.nr_throttled, 790, "api-throttled nr_throttled from container/cpu.stat");
	is_u64(a1.nr_throttled - a0.nr_throttled, 18, "api-throttled: 18 throttled periods (README)");
	is_u64((a1.throttled_ns - a0.throttled_ns) / 1000000, 1242,
	       "api-throttled: ~1243 ms throttled (README)");
	is_u64(a1.pids_max, 2048, "api-throttled pids.max 2048 from container/");
	is_u64(a1.mem_limit, NONE, "api-throttled memory.max max in both: no limit");
	is_u64(a1.cpu_usage_ns, 15972348000ull, "api-throttled usage stays the scope's");

	struct cg_counters b;
	ok(read_v2_fixture(V2 "t1/" BATCH_REPORT, &b) == 0, "fixture batch-report.service reads");
	is_u64(b.mem_high, 50331648, "batch-report memory.high 48 MiB");
	is_u64(b.mem_limit, 209715200, "batch-report memory.max 200 MiB");
	is_u64(b.mem_current, 51806208, "batch-report memory.current");
	is_u64(b.mem_events_high, 6106, "batch-report memory.events high");
	is_near(b.psi_mem.some_avg10, 46.02, 1e-9,
		"batch-report memory.pressure some avg10 46.02 (README 46.0)");
	ok(b.io_rbytes == 46891008 && b.io_rios == 399 && b.io_wbytes == 0, "batch-report io.stat");
	ok(b.mem_inactive_file == 24576 && b.mem_pgmajfault == 362, "batch-report memory.stat");

	struct cg_counters g;
	ok(read_v2_fixture(V2 "t1/" GETTY, &g) == 0, "fixture getty@tty1 reads");
	ok(g.cpu_usage_ns != NONE && g.nr_periods == NONE && g.nr_throttled == NONE,
	   "getty@tty1: usage but no throttling fields (cpu controller not enabled there)");
	is_u64(g.cpu_quota_us, NONE, "getty@tty1: no cpu.max file, quota absent");
}

#define K8S "v2-kubernetes-containerd/"
#define CACHE0_POD                                                                                           \
	"sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/"                                             \
	"kubepods-burstable-podd56fa5b2_0a28_4893_8e1d_a16b8b48fab9.slice"
#define CACHE0_REDIS                                                                                         \
	CACHE0_POD "/cri-containerd-45183a4a73faab2119a87248aa44578f84df3f461b55284d316b2762d0732ecd.scope"

static void test_fixture_k8s(void)
{
	struct cg_counters r0, r1, pod;
	ok(read_v2_fixture(K8S "t0/" CACHE0_REDIS, &r0) == 0 &&
	       read_v2_fixture(K8S "t1/" CACHE0_REDIS, &r1) == 0,
	   "fixture cache-0 redis reads");
	is_u64(r1.oom_kill, 63, "redis container oom_kill 63 at t1 (README)");
	is_u64(r1.oom_kill - r0.oom_kill, 2, "redis: oom_kill +2 in the interval");
	ok(r1.mem_events_oom == 0 && r1.mem_events_max == 0, "redis scope itself shows no oom/max events");
	ok(read_v2_fixture(K8S "t1/" CACHE0_POD, &pod) == 0, "fixture cache-0 pod slice reads");
	ok(pod.mem_events_max == 2227 && pod.mem_events_oom == 63 && pod.oom_kill == 63,
	   "cache-0 pod slice: max, oom and oom_kill events");
	is_u64(pod.mem_limit, 16777216, "cache-0 pod memory.max 16 MiB");
	is_u64(pod.cpu_quota_us, NONE, "cache-0 pod cpu.max max");
}

#define V1 "v1-cgroupfs-docker/"
#define V1CG "sys/fs/cgroup/"
#define CACHE_OOM "/docker/245628c7e0e671539f94ddb576436b11ae2f6c1999af8562a1a91ea3f72a9266"
#define IDLE1 "/docker/4c4f74a36423475f88d7f400a662fbc65cc63dafa7a2a0fb8996529da891fa87"
#define V1_WEB "/docker/5d133164a96947fce1dd283ce6a7f2a11cc5224a7dc82975453a7ed9e226df8d"
#define DB_IO "/docker/bb59a352f8eeb8b387e8b7f16cd4a347f1a6bd7d95d232a6bcf526b278e98fc7"

static int read_v1_fixture(const char *snap, const char *group, struct cg_counters *c)
{
	static const char *const hier[] = {"cpu,cpuacct", "cpu,cpuacct", "cpuset", "memory", "blkio", "pids"};
	struct cg_dirs d = CG_DIRS_NONE;
	int *fds[] = {&d.cpu, &d.cpuacct, &d.cpuset, &d.memory, &d.blkio, &d.pids};
	char rel[512];
	for (size_t i = 0; i < ARRAY_SIZE(hier); i++) {
		snprintf(rel, sizeof(rel), V1 "%s/" V1CG "%s%s", snap, hier[i], group);
		*fds[i] = fixture_open(rel);
	}
	cg_counters_init(c);
	int r = cgroup_read_counters(&d, CG_LAYOUT_V1, c);
	close_dirs(&d);
	return r;
}

static void test_fixture_v1(void)
{
	struct cg_counters c0, c1;
	ok(read_v1_fixture("t0", CACHE_OOM, &c0) == 0 && read_v1_fixture("t1", CACHE_OOM, &c1) == 0,
	   "fixture v1 cache-oom reads");
	is_u64(c1.oom_kill, 146, "cache-oom memory.oom_control oom_kill 146 at t1");
	is_u64(c1.oom_kill - c0.oom_kill, 2, "cache-oom oom_kill +2 (README)");
	is_u64(c1.mem_limit, 16777216, "cache-oom memory.limit_in_bytes 16 MiB");
	is_u64(c1.mem_failcnt, 12608, "cache-oom memory.failcnt");
	is_u64(c1.mem_failcnt - c0.mem_failcnt, 195, "cache-oom failcnt +195 (README)");
	is_u64(c1.mem_current, 610304, "cache-oom usage_in_bytes");
	is_u64(c1.mem_swap, 0, "cache-oom memsw == usage: swap 0");
	is_u64(c1.cpu_usage_ns, 37505725250ull, "cache-oom cpuacct.usage");
	ok(!c1.psi_cpu.present && !c1.psi_mem.present && !c1.psi_io.present, "v1: no PSI invented");
	is_u64(c1.mem_high, NONE, "v1: no memory.high");

	struct cg_counters idle;
	ok(read_v1_fixture("t1", IDLE1, &idle) == 0, "fixture v1 idle-1 reads");
	is_u64(idle.mem_limit, NONE, "v1 9223372036854771712 is no limit");
	is_u64(idle.cpu_quota_us, NONE, "v1 cfs_quota_us -1 is no quota");
	is_u64(idle.pids_max, NONE, "v1 pids.max max");

	struct cg_counters w0, w1;
	ok(read_v1_fixture("t0", V1_WEB, &w0) == 0 && read_v1_fixture("t1", V1_WEB, &w1) == 0,
	   "fixture v1 web-throttled reads");
	is_u64(w1.nr_throttled - w0.nr_throttled, 20, "v1 web-throttled: 20 throttled periods (README)");
	is_u64(w1.nr_periods - w0.nr_periods, 20, "v1 web-throttled: of 20 periods");
	is_u64((w1.throttled_ns - w0.throttled_ns) / 1000000, 1246, "v1 web-throttled: ~1247 ms throttled");
	ok(w1.cpu_quota_us == 30000 && w1.cpu_period_us == 100000, "v1 web-throttled quota");

	struct cg_counters io0, io1;
	ok(read_v1_fixture("t0", DB_IO, &io0) == 0 && read_v1_fixture("t1", DB_IO, &io1) == 0,
	   "fixture v1 db-io reads");
	is_u64(io1.io_rbytes, 533725184ull, "db-io blkio Read bytes");
	is_u64(io1.io_wbytes, 281018368ull, "db-io blkio Write bytes");
	ok(io1.io_rios == 509 && io1.io_wios == 268, "db-io blkio serviced Read/Write");
	/* README: 4003 and 2001 KiB/s over the 2.047 s interval. */
	is_near((io1.io_rbytes - io0.io_rbytes) / 1024.0 / 2.0467391, 4002.5, 1,
		"db-io reads 4003 KiB/s (README)");
	is_near((io1.io_wbytes - io0.io_wbytes) / 1024.0 / 2.0467391, 2001.2, 1,
		"db-io writes 2001 KiB/s (README)");
}

#define HY "hybrid-podman/"
#define HY_THROTTLED "/libpod_parent/libpod-244942abf450c13c2992f67f14f3d899043b2f0b49ffde92deb62dbc5aa75663"
#define HY_CAPPED "/libpod_parent/libpod-d364f918ce5d513883ac1d5a2906480504e130f8dc08c365aba17e0539fee8a4"

/* Hybrid: cpu and cpuacct are separate hierarchies, PSI only in unified/. */
static int read_hybrid_fixture(const char *snap, const char *group, bool with_cpuacct, struct cg_counters *c)
{
	static const char *const hier[] = {"unified", "cpu", "cpuacct", "cpuset", "memory", "blkio", "pids"};
	struct cg_dirs d = CG_DIRS_NONE;
	int *fds[] = {&d.unified, &d.cpu, &d.cpuacct, &d.cpuset, &d.memory, &d.blkio, &d.pids};
	char rel[512];
	for (size_t i = 0; i < ARRAY_SIZE(hier); i++) {
		if (fds[i] == &d.cpuacct && !with_cpuacct)
			continue;
		snprintf(rel, sizeof(rel), HY "%s/" V1CG "%s%s", snap, hier[i], group);
		*fds[i] = fixture_open(rel);
	}
	cg_counters_init(c);
	int r = cgroup_read_counters(&d, CG_LAYOUT_HYBRID, c);
	close_dirs(&d);
	return r;
}

static void test_fixture_hybrid(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/" HY "README.md", fixtures);
	if (access(path, F_OK) < 0) {
		ok(1, "# SKIP no hybrid capture in %s", fixtures);
		return;
	}
	struct cg_counters t0, t1, nocpuacct, capped;
	ok(read_hybrid_fixture("t0", HY_THROTTLED, true, &t0) == 0 &&
	       read_hybrid_fixture("t1", HY_THROTTLED, true, &t1) == 0,
	   "fixture hybrid hy-throttled reads");
	is_u64(t1.cpu_usage_ns, 7235877212ull, "hy-throttled usage from cpuacct.usage (ns), not unified");
	is_u64(t1.nr_throttled - t0.nr_throttled, 9, "hy-throttled: throttled in 9 periods (README)");
	is_u64(t1.nr_periods - t0.nr_periods, 10, "hy-throttled: of 10 periods");
	is_u64((t1.throttled_ns - t0.throttled_ns) / 1000000, 397, "hy-throttled: 397 ms throttled (README)");
	ok(t1.cpu_quota_us == 30000 && t1.cpu_period_us == 100000,
	   "hy-throttled quota from the cpu hierarchy");
	ok(t1.psi_cpu.present && t1.psi_mem.present && t1.psi_io.present, "hybrid PSI from the unified tree");
	is_near(t1.psi_cpu.some_avg10, 47.11, 1e-9, "hy-throttled cpu.pressure some avg10 47.11 (README)");
	is_u64(t1.pids_max, 2048, "hy-throttled pids.max 2048 (podman default)");
	ok(read_hybrid_fixture("t1", HY_THROTTLED, false, &nocpuacct) == 0,
	   "hy-throttled without cpuacct reads");
	is_u64(nocpuacct.cpu_usage_ns, 7235877000ull, "without cpuacct: usage_usec of the unified cpu.stat");
	ok(read_hybrid_fixture("t1", HY_CAPPED, true, &capped) == 0, "fixture hybrid hy-capped reads");
	ok(capped.mem_limit == 33554432 && capped.pids_max == 16, "hy-capped memory and pids limits");
	is_u64(capped.mem_swap, 0, "hy-capped memsw == usage: no swap");
}

/* Without cpuacct.usage, cpuacct.stat's ticks give the split and the total. */
static void test_v1_cpuacct_stat_fallback(void)
{
	char *root = tmptree_new();
	put_v1_cgroup(root);
	char *usage = xasprintf("%s/cpuacct/g/cpuacct.usage", root);
	unlink(usage);
	free(usage);
	uint64_t tick_ns = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);
	struct cg_dirs d = CG_DIRS_NONE;
	struct cg_counters c;
	open_v1(root, &d, false);
	cg_counters_init(&c);
	ok(cgroup_read_counters(&d, CG_LAYOUT_V1, &c) == 0, "v1 read without cpuacct.usage");
	is_u64(c.cpu_user_ns, 300 * tick_ns, "v1 cpuacct.stat user ticks in ns");
	is_u64(c.cpu_system_ns, 200 * tick_ns, "v1 cpuacct.stat system ticks in ns");
	is_u64(c.cpu_usage_ns, 500 * tick_ns, "v1 usage from cpuacct.stat when cpuacct.usage is missing");
	/* In clock ticks, it cannot say the group did not run: nothing carries. */
	struct cg_counters again;
	cg_counters_init(&again);
	d.last = &c;
	d.still = CG_STILL_IF_IDLE;
	tmptree_put(root, "memory/g/memory.oom_control", "oom_kill 147\n");
	cgroup_read_counters(&d, CG_LAYOUT_V1, &again);
	ok(!cg_counters_idle(&again, &c) && again.oom_kill == 147,
	   "usage in clock ticks never counts as idle: the memory files are read");
	close_dirs(&d);
	tmptree_free(root);
}

int main(void)
{
	test_v1_cpuacct_stat_fallback();
	test_parse_cpu_stat();
	test_parse_cpu_max();
	test_parse_limit();
	test_parse_cpuset();
	test_parse_psi();
	test_parse_io_stat();
	test_parse_blkio();
	test_parse_memory();
	test_read_v2();
	test_read_v1_hybrid();
	test_still_files();
	test_limits_override();

	fixtures = getenv("FIXTURES");
	if (!fixtures || !*fixtures) {
		printf("# FIXTURES is unset: the real-capture cases are skipped\n");
		ok(1, "# SKIP FIXTURES unset (run through make check)");
	} else {
		test_fixture_v2();
		test_fixture_k8s();
		test_fixture_v1();
		test_fixture_hybrid();
	}
	return tap_done();
}
