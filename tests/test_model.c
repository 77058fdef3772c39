/* test_model.c - two-tick cases for model_build on hand-made samples: rates,
 * a counter that went backwards, a cgroup recreated under the same path, a
 * recycled pid, absent values, sorting and every verdict rule. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "model.h"
#include "tap.h"
#include "util.h"

static struct sample *mk_sample(uint64_t mono_s)
{
	struct sample *s = sample_new();
	s->mono_ns = mono_s * 1000000000ull;
	s->real_ns = 1795477454ull * 1000000000ull;
	s->layout = CG_LAYOUT_V2;
	memset(&s->host, 0, sizeof(s->host));
	s->host.ncpus = 2;
	s->host.mem_total = 4ull << 30;
	s->host.mem_available = 2ull << 30;
	s->host.cpu_idle = VAL_NONE;
	net_counters_init(&s->host.net);
	s->host.procs_running = VAL_NONE;
	s->host.disk_rbytes = s->host.disk_wbytes = s->host.disk_rios = s->host.disk_wios = VAL_NONE;
	s->host.pgmajfault = s->host.oom_kill = s->host.swap_total = s->host.swap_free = VAL_NONE;
	return s;
}

static struct group_sample *add_group(struct sample *s, const char *path, uint64_t ino)
{
	s->groups = xrealloc(s->groups, (s->ngroups + 1) * sizeof(*s->groups));
	struct group_sample *g = &s->groups[s->ngroups++];
	memset(g, 0, sizeof(*g));
	g->path = xstrdup(path);
	g->name = xstrdup(path + 1);
	g->cgroup_id = ino;
	g->kind = GROUP_CONTAINER;
	g->runtime = RUNTIME_DOCKER;
	cg_counters_init(&g->c);
	net_counters_init(&g->net);
	return g;
}

static void add_proc(struct group_sample *g, int32_t pid, uint64_t start, uint64_t ticks, uint64_t delay_ns)
{
	g->procs = xrealloc(g->procs, (g->nprocs + 1) * sizeof(*g->procs));
	struct proc_sample *p = &g->procs[g->nprocs++];
	proc_sample_init(p);
	p->pid = pid;
	p->start_ticks = start;
	p->utime_ticks = ticks;
	p->stime_ticks = 0;
	p->run_delay_ns = delay_ns;
	strcpy(p->comm, "worker");
}

static const struct snap_row *row(const struct snapshot *s, const char *path)
{
	return snapshot_find_row(s, path);
}

static void test_rates(void)
{
	struct sample *a = mk_sample(100), *b = mk_sample(102);
	struct group_sample *ga = add_group(a, "/c", 10), *gb = add_group(b, "/c", 10);
	ga->c.cpu_usage_ns = 1000000000;
	gb->c.cpu_usage_ns = 1600000000; /* 0.6 s over 2 s */
	ga->c.nr_periods = 100;
	gb->c.nr_periods = 120;
	ga->c.nr_throttled = 50;
	gb->c.nr_throttled = 65;
	ga->c.throttled_ns = 0;
	gb->c.throttled_ns = 1000000000;
	gb->c.cpu_quota_us = 30000;
	gb->c.cpu_period_us = 100000;
	ga->c.io_rbytes = 0;
	gb->c.io_rbytes = 2048;
	ga->c.oom_kill = 3;
	gb->c.oom_kill = 5;
	gb->c.mem_current = 8 << 20;
	gb->c.mem_inactive_file = 2 << 20;
	gb->c.mem_limit = 16 << 20;
	struct snapshot *s = model_build(a, b, NULL);
	const struct snap_row *r = row(s, "/c");
	is_near(s->interval_s, 2.0, 1e-9, "interval from the monotonic clocks");
	is_near(r->cpu.used_cores, 0.3, 1e-9, "cores = usage delta / wall time");
	is_near(r->cpu.limit_cores, 0.3, 1e-9, "limit = quota / period");
	is_near(r->cpu.util_pct, 100, 1e-6, "utilization of the limit");
	is_near(r->cpu.throttled_pct, 75, 1e-9, "throttled periods %% of periods");
	is_near(r->cpu.throttled_s_per_s, 0.5, 1e-9, "throttled seconds per second");
	is_near(r->io.read_bps, 1024, 1e-9, "read bytes per second");
	ok(!snap_has(r->io.write_bps), "write counter absent: rate absent, not 0");
	is_near(r->mem.working_set_bytes, 6 << 20, 0, "working set = current - inactive_file");
	is_near(r->mem.util_pct, 37.5, 1e-9, "memory %% of the limit");
	is_near(r->mem.oom_kills_delta, 2, 0, "OOM kills in the interval");
	is_str(verdict_names[r->verdict], "oom", "OOM kills outrank throttling");
	ok(!r->is_new, "seen last tick");
	snapshot_free(s);

	/* Read 0.5 s into the first tick and at once in the second: its
	 * counters span 1.5 s, not the samples' 2 s. */
	ga->read_offset_ns = 500000000;
	gb->read_offset_ns = 0;
	s = model_build(a, b, NULL);
	r = row(s, "/c");
	is_near(r->cpu.used_cores, 0.4, 1e-9, "a group's rates use its own read times within the ticks");
	is_near(r->io.read_bps, 2048 / 1.5, 1e-9, "for every rate");
	snapshot_free(s);
	sample_free(a);
	sample_free(b);
}

static void test_backwards_and_recreated(void)
{
	struct sample *a = mk_sample(10), *b = mk_sample(11);
	struct group_sample *ga = add_group(a, "/back", 20), *gb = add_group(b, "/back", 20);
	ga->c.cpu_usage_ns = 5000000000;
	gb->c.cpu_usage_ns = 1000000000; /* went backwards */
	ga->c.oom_kill = 7;
	gb->c.oom_kill = 7;
	struct group_sample *ra = add_group(a, "/recreated", 30), *rb = add_group(b, "/recreated", 31);
	ra->c.cpu_usage_ns = 0;
	rb->c.cpu_usage_ns = 500000000;
	struct snapshot *s = model_build(a, b, NULL);
	const struct snap_row *r = row(s, "/back");
	ok(!snap_has(r->cpu.used_cores), "a counter that went backwards gives no rate");
	is_near(r->mem.oom_kills_delta, 0, 0, "an unchanged counter gives 0");
	r = row(s, "/recreated");
	ok(r->is_new && !snap_has(r->cpu.used_cores), "same path, new inode: a new cgroup without rates");
	snapshot_free(s);
	sample_free(a);
	sample_free(b);
}

static void test_processes(void)
{
	struct sample *a = mk_sample(10), *b = mk_sample(12);
	struct group_sample *ga = add_group(a, "/p", 40), *gb = add_group(b, "/p", 40);
	long hz = sysconf(_SC_CLK_TCK);
	add_proc(ga, 100, 5000, 0, 0);
	add_proc(gb, 100, 5000, (uint64_t)hz, 400000000); /* 1 s of CPU over 2 s, 0.4 s delay */
	add_proc(ga, 200, 6000, 0, 0);
	add_proc(gb, 200, 9999, (uint64_t)hz * 2, 0); /* pid recycled: new start time */
	struct snapshot *s = model_build(a, b, NULL);
	const struct snap_row *r = row(s, "/p");
	ok(r->nprocs == 2, "two processes");
	const struct snap_proc *p100 = r->procs[0].pid == 100 ? &r->procs[0] : &r->procs[1];
	const struct snap_proc *p200 = r->procs[0].pid == 200 ? &r->procs[0] : &r->procs[1];
	is_near(p100->cpu_pct, 50, 1e-6, "process CPU %% of one CPU");
	is_near(p100->run_delay_pct, 20, 1e-6, "run-queue delay %% of wall time");
	ok(!snap_has(p200->cpu_pct), "a recycled pid does not inherit the old counters");
	is_near(r->cpu.run_delay_pct, 20, 1e-6, "the group's run delay sums its processes");
	is_str(r->procs[0].comm, "worker", "comm copied into the snapshot");
	snapshot_free(s);
	sample_free(a);
	sample_free(b);
}

static void test_sort_and_filter(void)
{
	struct sample *a = mk_sample(1), *b = mk_sample(2);
	const char *names[] = {"/alpha", "/beta", "/gamma"};
	uint64_t usage[] = {100000000, 900000000, 500000000};
	for (int i = 0; i < 3; i++) {
		add_group(a, names[i], (uint64_t)i + 1)->c.cpu_usage_ns = 0;
		add_group(b, names[i], (uint64_t)i + 1)->c.cpu_usage_ns = usage[i];
		b->groups[i].c.mem_current = (uint64_t)(3 - i) << 20;
	}
	struct snapshot *s = model_build(a, b, NULL);
	ok(s->nrows == 3 && strcmp(s->rows[0].cgroup, "/beta") == 0 && strcmp(s->rows[2].cgroup, "/alpha") == 0,
	   "sorted by CPU, busiest first");
	snapshot_free(s);
	struct model_opts mo = {SORT_MEM, false, NULL};
	s = model_build(a, b, &mo);
	ok(strcmp(s->rows[0].cgroup, "/alpha") == 0, "sorted by memory");
	snapshot_free(s);
	mo.sort_reverse = true;
	s = model_build(a, b, &mo);
	ok(strcmp(s->rows[0].cgroup, "/gamma") == 0, "reversed");
	snapshot_free(s);
	struct model_opts fo = {SORT_CPU, false, "AMM"};
	s = model_build(a, b, &fo);
	ok(s->nrows == 1 && strcmp(s->rows[0].name, "gamma") == 0, "filter: case-insensitive substring");
	snapshot_free(s);
	sample_free(a);
	sample_free(b);
}

/* One group per rule, each with just the evidence that rule needs. */
static void test_verdicts(void)
{
	struct sample *a = mk_sample(1), *b = mk_sample(2);
	a->host.cpu_user = 0;
	b->host.cpu_user = 200;
	a->host.cpu_idle = 0;
	b->host.cpu_idle = 2; /* host 1% idle: no spare CPU */
	a->host.cpu_nice = a->host.cpu_system = a->host.cpu_iowait = a->host.cpu_irq = 0;
	a->host.cpu_softirq = a->host.cpu_steal = 0;
	b->host.cpu_nice = b->host.cpu_system = b->host.cpu_iowait = b->host.cpu_irq = 0;
	b->host.cpu_softirq = b->host.cpu_steal = 0;
	struct group_sample *g;
	add_group(a, "/contended", 1)->c.cpu_usage_ns = 0;
	g = add_group(b, "/contended", 1);
	g->c.cpu_usage_ns = 300000000;
	g->c.nr_periods = g->c.nr_throttled = 0;
	g->c.psi_cpu = (struct psi_raw){.present = true, .some_avg10 = 40};
	a->groups[0].c.nr_periods = a->groups[0].c.nr_throttled = 0;
	add_group(a, "/forks", 2)->c.pids_events_max = 10;
	g = add_group(b, "/forks", 2);
	g->c.pids_events_max = 12;
	g->c.pids_max = 6;
	add_group(a, "/forks-up", 7)->c.pids_events_max = 0;
	add_group(b, "/forks-up", 7)->c.pids_events_max = 3; /* the limit is an ancestor's */
	add_group(a, "/io", 3);
	g = add_group(b, "/io", 3);
	g->c.psi_io = (struct psi_raw){.present = true, .has_full = true, .some_avg10 = 70, .full_avg10 = 60};
	add_group(a, "/mem", 4)->c.mem_events_high = 0;
	g = add_group(b, "/mem", 4);
	g->c.mem_events_high = 300;
	g->c.psi_mem = (struct psi_raw){.present = true, .has_full = true, .some_avg10 = 46, .full_avg10 = 40};
	add_group(a, "/mem-nopsi", 8)->c.mem_events_high = 0;
	add_group(b, "/mem-nopsi", 8)->c.mem_events_high = 9; /* no PSI on this kernel */
	g = add_group(a, "/net", 5);
	g->net_present = true;
	g->net.rx_drops = 0;
	g->net.tx_drops = 0;
	g->netns_inode = 99;
	g = add_group(b, "/net", 5);
	g->net_present = true;
	g->netns_inode = 99;
	g->net.rx_drops = 40;
	g->net.tx_drops = 0;
	add_group(a, "/quiet", 6)->c.cpu_usage_ns = 0;
	g = add_group(b, "/quiet", 6);
	g->c.cpu_usage_ns = 1000;
	g->c.psi_cpu = (struct psi_raw){.present = true, .some_avg10 = 0.5};
	struct snapshot *s = model_build(a, b, NULL);
	is_str(verdict_names[row(s, "/contended")->verdict], "cpu-contended", "waits for CPU, not throttled, host busy");
	is_str(verdict_names[row(s, "/forks")->verdict], "pids-cap", "fork failures");
	is_str(verdict_names[row(s, "/io")->verdict], "io-wait", "I/O pressure");
	is_str(verdict_names[row(s, "/mem")->verdict], "mem-pressure", "memory.high events and PSI full");
	is_str(verdict_names[row(s, "/net")->verdict], "net-drops", "drops");
	is_str(verdict_names[row(s, "/quiet")->verdict], "", "nothing wrong: no verdict");
	is_str(row(s, "/forks")->verdict_reason, "2 fork failures at pids.max 6", "the verdict says why");
	is_str(row(s, "/forks-up")->verdict_reason, "3 fork failures at pids.max (an ancestor's)",
	       "a limit it does not have is not printed as nan");
	is_str(row(s, "/mem-nopsi")->verdict_reason, "memory PSI some - full -, 9 high / - max events",
	       "figures the kernel did not give are -, not 0");
	/* Errors in the interval outrank any pressure: a forking row is the worst. */
	ok(s->worst_row >= 0 && s->rows[s->worst_row].verdict == VERDICT_PIDS_CAP, "the worst row fails forks (%s)",
	   s->worst_row >= 0 ? s->rows[s->worst_row].cgroup : "none");
	snapshot_free(s);
	/* The same CPU pressure with an idle host is not contention. */
	b->host.cpu_idle = 150;
	s = model_build(a, b, NULL);
	is_str(verdict_names[row(s, "/contended")->verdict], "", "CPU PSI with idle host CPUs: no contention verdict");
	snapshot_free(s);
	sample_free(a);
	sample_free(b);
}

/* A figure too wide for its column is not cut into a smaller-looking one. */
static void test_pids_column(void)
{
	struct snap_row r;
	memset(&r, 0, sizeof(r));
	r.pids.fork_failures = 0;
	char buf[64];
	r.pids.current = 5;
	r.pids.max = 6;
	columns[COL_PIDS].format(&r, buf, sizeof(buf));
	is_str(buf, "5/6", "pids: current/max when it fits");
	r.pids.current = 12;
	r.pids.max = 4915;
	columns[COL_PIDS].format(&r, buf, sizeof(buf));
	is_str(buf, "12", "pids: the count alone when current/max is wider than the column");
	ok(strlen(buf) <= (size_t)columns[COL_PIDS].width, "and it fits the column");
}

int main(void)
{
	test_pids_column();
	test_rates();
	test_backwards_and_recreated();
	test_processes();
	test_sort_and_filter();
	test_verdicts();
	return tap_done();
}
