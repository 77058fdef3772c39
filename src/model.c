/* model.c - the pure function from (previous sample, current sample) to the
 * immutable snapshot: rates from counter deltas, limits and percentages,
 * verdicts by differential diagnosis, and sorted rows. It reads nothing and
 * keeps no state, so live, batch and replay give the same numbers.
 *
 * A rate exists only when both readings exist, the cgroup's identity (path
 * and inode) or the process's (pid and start time) is unchanged, and the
 * counter did not go backwards. */
#include "config.h"

#include "model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "columns.h"
#include "hotlist.h"
#include "util.h"

const char *const verdict_names[VERDICT_MAX] = {"",        "cap-throttled", "cpu-contended", "oom",
						"mem-pressure", "io-wait", "net-drops",  "pids-cap"};
const char *const sort_key_names[SORT_MAX] = {"cpu", "mem", "io", "net", "name", "pids"};

/* Hot functions kept per row and for the host. */
#define HOT_TOP_N 20

/* Thresholds of the verdict rules (documented in the help screen and man page). */
#define THROTTLED_PCT_MIN 10.0       /* % of periods throttled */
#define THROTTLED_S_PER_S_MIN 0.02   /* or throttled time growing by 20 ms/s */
#define CONTENDED_PSI_MIN 10.0       /* cpu.pressure some avg10 */
#define CONTENDED_DELAY_PCT_MIN 10.0 /* run-queue delay % of wall time */
#define HOST_IDLE_PCT_MAX 5.0        /* "the host has no idle CPU" */
#define MEM_PSI_FULL_MIN 1.0
#define MEM_PSI_SOME_MIN 10.0
#define IO_PSI_SOME_MIN 10.0
#define IO_PSI_FULL_MIN 5.0

/* Raw counter delta per second, or NAN. */
static double rate(uint64_t prev, uint64_t cur, double dt)
{
	if (prev == VAL_NONE || cur == VAL_NONE || cur < prev || !(dt > 0))
		return NAN;
	return (double)(cur - prev) / dt;
}

static double delta(uint64_t prev, uint64_t cur)
{
	if (prev == VAL_NONE || cur == VAL_NONE || cur < prev)
		return NAN;
	return (double)(cur - prev);
}

static double val(uint64_t v)
{
	return v == VAL_NONE ? NAN : (double)v;
}

static double psi_some(const struct psi_raw *p)
{
	return p->present ? p->some_avg10 : NAN;
}

static double psi_full(const struct psi_raw *p)
{
	return p->present && p->has_full ? p->full_avg10 : NAN;
}

static double pct(double part, double whole)
{
	if (!snap_has(part) || !snap_has(whole) || !(whole > 0))
		return NAN;
	return part / whole * 100.0;
}

static const struct group_sample *find_prev_group(const struct sample *prev, const struct group_sample *g)
{
	if (!prev)
		return NULL;
	size_t lo = 0, hi = prev->ngroups;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(prev->groups[mid].path, g->path);
		if (c == 0) {
			const struct group_sample *p = &prev->groups[mid];
			/* Same path, new inode: a recreated cgroup, with no history. */
			return p->cgroup_id == g->cgroup_id ? p : NULL;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct proc_sample *find_prev_proc(const struct group_sample *pg, const struct proc_sample *p)
{
	if (!pg)
		return NULL;
	size_t lo = 0, hi = pg->nprocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pg->procs[mid].pid == p->pid)
			return pg->procs[mid].start_ticks == p->start_ticks ? &pg->procs[mid] : NULL;
		if (pg->procs[mid].pid < p->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void build_procs(struct snapshot *s, struct snap_row *row, const struct group_sample *g,
			const struct group_sample *pg, double dt, double clk_tck)
{
	row->procs = xcalloc(g->nprocs, sizeof(*row->procs));
	row->nprocs = g->nprocs;
	double delay_sum = 0;
	bool delay_any = false;
	for (size_t i = 0; i < g->nprocs; i++) {
		const struct proc_sample *p = &g->procs[i];
		const struct proc_sample *pp = find_prev_proc(pg, p);
		struct snap_proc *sp = &row->procs[i];
		sp->pid = p->pid;
		sp->nspid = p->nspid;
		sp->ppid = p->ppid;
		sp->uid = p->uid;
		sp->state = p->state;
		sp->threads = p->threads;
		sp->comm = snapshot_strdup(s, p->comm);
		sp->cmdline = snapshot_strdup(s, p->cmdline);
		sp->rss_bytes = val(p->rss_bytes);
		sp->cpu_pct = sp->run_delay_pct = sp->nonvol_ctxsw_per_s = sp->major_faults_per_s = NAN;
		if (!pp)
			continue;
		double ticks = rate(pp->utime_ticks + pp->stime_ticks, p->utime_ticks + p->stime_ticks, dt);
		sp->cpu_pct = ticks / clk_tck * 100.0;
		double delay = rate(pp->run_delay_ns, p->run_delay_ns, dt);
		sp->run_delay_pct = delay / 1e9 * 100.0;
		if (snap_has(delay)) {
			delay_sum += delay;
			delay_any = true;
		}
		sp->nonvol_ctxsw_per_s = rate(pp->nonvol_ctxsw, p->nonvol_ctxsw, dt);
		sp->major_faults_per_s = rate(pp->majflt, p->majflt, dt);
	}
	row->cpu.run_delay_pct = delay_any ? delay_sum / 1e9 * 100.0 : NAN;
}

static int cmp_proc_cpu(const void *a, const void *b)
{
	const struct snap_proc *x = a, *y = b;
	double cx = snap_has(x->cpu_pct) ? x->cpu_pct : -1, cy = snap_has(y->cpu_pct) ? y->cpu_pct : -1;
	if (cx != cy)
		return (cy > cx) - (cy < cx);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void build_cpu(struct snap_cpu *cpu, const struct cg_counters *c, const struct cg_counters *pc, double dt,
		      uint32_t ncpus)
{
	cpu->used_cores = pc ? rate(pc->cpu_usage_ns, c->cpu_usage_ns, dt) / 1e9 : NAN;
	if (c->cpu_quota_us != VAL_NONE && c->cpu_period_us != VAL_NONE && c->cpu_period_us > 0)
		cpu->limit_cores = (double)c->cpu_quota_us / (double)c->cpu_period_us;
	else if (c->cpuset_cpus != VAL_NONE && c->cpuset_cpus > 0 && c->cpuset_cpus < ncpus)
		cpu->limit_cores = (double)c->cpuset_cpus;
	else
		cpu->limit_cores = ncpus ? (double)ncpus : NAN;
	cpu->util_pct = pct(cpu->used_cores, cpu->limit_cores);
	cpu->throttled_pct = cpu->throttled_s_per_s = NAN;
	if (pc) {
		double periods = delta(pc->nr_periods, c->nr_periods);
		double throttled = delta(pc->nr_throttled, c->nr_throttled);
		if (snap_has(periods) && snap_has(throttled))
			cpu->throttled_pct = periods > 0 ? throttled / periods * 100.0 : 0;
		cpu->throttled_s_per_s = rate(pc->throttled_ns, c->throttled_ns, dt) / 1e9;
	}
	cpu->psi_some_avg10 = psi_some(&c->psi_cpu);
	cpu->psi_full_avg10 = psi_full(&c->psi_cpu);
	cpu->run_delay_pct = NAN;
}

static void build_mem(struct snap_mem *mem, const struct cg_counters *c, const struct cg_counters *pc, double dt,
		      uint64_t host_ram)
{
	mem->used_bytes = val(c->mem_current);
	mem->working_set_bytes = NAN;
	if (c->mem_current != VAL_NONE)
		mem->working_set_bytes = c->mem_inactive_file != VAL_NONE && c->mem_inactive_file < c->mem_current
						 ? (double)(c->mem_current - c->mem_inactive_file)
					 : c->mem_inactive_file != VAL_NONE ? 0
									    : (double)c->mem_current;
	mem->limit_bytes = c->mem_limit != VAL_NONE ? (double)c->mem_limit : val(host_ram);
	mem->util_pct = pct(mem->working_set_bytes, mem->limit_bytes);
	mem->swap_bytes = val(c->mem_swap);
	mem->psi_some_avg10 = psi_some(&c->psi_mem);
	mem->psi_full_avg10 = psi_full(&c->psi_mem);
	mem->oom_kills = val(c->oom_kill);
	mem->major_faults_per_s = mem->high_events_delta = mem->max_events_delta = NAN;
	mem->oom_kills_delta = mem->failcnt_delta = NAN;
	if (!pc)
		return;
	mem->major_faults_per_s = rate(pc->mem_pgmajfault, c->mem_pgmajfault, dt);
	mem->high_events_delta = delta(pc->mem_events_high, c->mem_events_high);
	mem->max_events_delta = delta(pc->mem_events_max, c->mem_events_max);
	mem->oom_kills_delta = delta(pc->oom_kill, c->oom_kill);
	mem->failcnt_delta = delta(pc->mem_failcnt, c->mem_failcnt);
}

static void build_io(struct snap_io *io, const struct cg_counters *c, const struct cg_counters *pc, double dt)
{
	io->read_bps = pc ? rate(pc->io_rbytes, c->io_rbytes, dt) : NAN;
	io->write_bps = pc ? rate(pc->io_wbytes, c->io_wbytes, dt) : NAN;
	io->read_iops = pc ? rate(pc->io_rios, c->io_rios, dt) : NAN;
	io->write_iops = pc ? rate(pc->io_wios, c->io_wios, dt) : NAN;
	io->psi_some_avg10 = psi_some(&c->psi_io);
	io->psi_full_avg10 = psi_full(&c->psi_io);
}

static void net_absent(struct snap_net *net)
{
	net->rx_bps = net->tx_bps = net->rx_pps = net->tx_pps = NAN;
	net->drops_per_s = net->errors_per_s = net->tcp_retrans_per_s = net->listen_overflows_per_s = NAN;
}

static void build_net(struct snap_net *net, const struct net_counters *n, const struct net_counters *pn,
		      double dt)
{
	net_absent(net);
	if (!pn)
		return;
	net->rx_bps = rate(pn->rx_bytes, n->rx_bytes, dt);
	net->tx_bps = rate(pn->tx_bytes, n->tx_bytes, dt);
	net->rx_pps = rate(pn->rx_packets, n->rx_packets, dt);
	net->tx_pps = rate(pn->tx_packets, n->tx_packets, dt);
	net->drops_per_s = snap_sum2(rate(pn->rx_drops, n->rx_drops, dt), rate(pn->tx_drops, n->tx_drops, dt));
	net->errors_per_s = snap_sum2(rate(pn->rx_errors, n->rx_errors, dt), rate(pn->tx_errors, n->tx_errors, dt));
	net->tcp_retrans_per_s = rate(pn->tcp_retrans_segs, n->tcp_retrans_segs, dt);
	net->listen_overflows_per_s =
		snap_sum2(rate(pn->listen_overflows, n->listen_overflows, dt), rate(pn->listen_drops, n->listen_drops, dt));
}

static bool above(double v, double min)
{
	return snap_has(v) && v >= min;
}

/* V with DECIMALS into B, or "-" when absent: a reason names only
 * figures the kernel gave. */
static const char *fig(char *b, size_t n, double v, int decimals)
{
	if (!snap_has(v))
		return "-";
	snprintf(b, n, "%.*f", decimals, v);
	return b;
}

/* Differential diagnosis: errors first (they are certain), then the
 * saturation whose cause is clearest. CPU pressure alone is ambiguous: it is
 * the quota when throttled time grows, contention when it does not and the
 * host has no idle CPU, and nothing of the container's own otherwise. */

static void diagnose(struct snapshot *s, struct snap_row *r, double host_idle_pct)
{
	const char *why = NULL;
	char buf[192], f1[24], f2[24], f3[24], f4[24];
	r->verdict = VERDICT_NONE;
	bool throttled = above(r->cpu.throttled_pct, THROTTLED_PCT_MIN) ||
			 above(r->cpu.throttled_s_per_s, THROTTLED_S_PER_S_MIN);
	bool cpu_waits = above(r->cpu.psi_some_avg10, CONTENDED_PSI_MIN) ||
			 above(r->cpu.run_delay_pct, CONTENDED_DELAY_PCT_MIN);
	if (above(r->mem.oom_kills_delta, 1)) {
		r->verdict = VERDICT_OOM;
		snprintf(buf, sizeof(buf), "%.0f OOM kill%s in the interval", r->mem.oom_kills_delta,
			 r->mem.oom_kills_delta == 1 ? "" : "s");
		why = buf;
	} else if (above(r->pids.fork_failures, 1)) {
		r->verdict = VERDICT_PIDS_CAP;
		snprintf(buf, sizeof(buf), "%.0f fork failure%s at pids.max %s", r->pids.fork_failures,
			 r->pids.fork_failures == 1 ? "" : "s",
			 snap_has(r->pids.max) ? fig(f1, sizeof(f1), r->pids.max, 0) : "(an ancestor's)");
		why = buf;
	} else if (throttled) {
		r->verdict = VERDICT_CAP_THROTTLED;
		snprintf(buf, sizeof(buf), "throttled in %s%% of periods, %s s/s, quota %s cores",
			 fig(f1, sizeof(f1), r->cpu.throttled_pct, 0),
			 fig(f2, sizeof(f2), r->cpu.throttled_s_per_s, 2),
			 fig(f3, sizeof(f3), r->cpu.limit_cores, 2));
		why = buf;
	} else if (above(r->mem.psi_full_avg10, MEM_PSI_FULL_MIN) ||
		   (above(r->mem.psi_some_avg10, MEM_PSI_SOME_MIN) &&
		    (above(r->mem.high_events_delta, 1) || above(r->mem.max_events_delta, 1))) ||
		   above(r->mem.high_events_delta, 1)) {
		r->verdict = VERDICT_MEM_PRESSURE;
		snprintf(buf, sizeof(buf), "memory PSI some %s full %s, %s high / %s max events",
			 fig(f1, sizeof(f1), r->mem.psi_some_avg10, 0),
			 fig(f2, sizeof(f2), r->mem.psi_full_avg10, 0),
			 fig(f3, sizeof(f3), r->mem.high_events_delta, 0),
			 fig(f4, sizeof(f4), r->mem.max_events_delta, 0));
		why = buf;
	} else if (above(r->io.psi_some_avg10, IO_PSI_SOME_MIN) || above(r->io.psi_full_avg10, IO_PSI_FULL_MIN)) {
		r->verdict = VERDICT_IO_WAIT;
		snprintf(buf, sizeof(buf), "I/O PSI some %s full %s", fig(f1, sizeof(f1), r->io.psi_some_avg10, 0),
			 fig(f2, sizeof(f2), r->io.psi_full_avg10, 0));
		why = buf;
	} else if (cpu_waits && snap_has(host_idle_pct) && host_idle_pct < HOST_IDLE_PCT_MAX &&
		   above(r->cpu.used_cores, 0.01)) {
		r->verdict = VERDICT_CPU_CONTENDED;
		snprintf(buf, sizeof(buf), "waits for CPU (PSI %s, run delay %s%%), host idle %.0f%%",
			 fig(f1, sizeof(f1), r->cpu.psi_some_avg10, 0),
			 fig(f2, sizeof(f2), r->cpu.run_delay_pct, 0), host_idle_pct);
		why = buf;
	} else if (above(r->net.drops_per_s, 0.5) || above(r->net.listen_overflows_per_s, 0.5)) {
		r->verdict = VERDICT_NET_DROPS;
		snprintf(buf, sizeof(buf), "%s drops/s, %s listen overflows/s",
			 fig(f1, sizeof(f1), r->net.drops_per_s, 0),
			 fig(f2, sizeof(f2), r->net.listen_overflows_per_s, 0));
		why = buf;
	}
	r->verdict_reason = snapshot_strdup(s, why);
}

/* A 0-100 saturation score per resource, to name the worst row. Errors in
 * the interval count as fully saturated. */
static double saturation(const struct snap_row *r, const char **resource)
{
	struct {
		const char *name;
		double score;
	} s[] = {
		{"cpu", fmax(snap_has(r->cpu.throttled_pct) ? r->cpu.throttled_pct : 0,
			     r->verdict == VERDICT_CPU_CONTENDED ? r->cpu.psi_some_avg10 : 0)},
		{"memory", above(r->mem.oom_kills_delta, 1)
				   ? 100
				   : fmax(snap_has(r->mem.psi_some_avg10) ? r->mem.psi_some_avg10 : 0,
					  snap_has(r->mem.psi_full_avg10) ? r->mem.psi_full_avg10 * 2 : 0)},
		{"io", snap_has(r->io.psi_some_avg10) ? r->io.psi_some_avg10 : 0},
		{"net", above(r->net.drops_per_s, 0.5) || above(r->net.listen_overflows_per_s, 0.5) ? 50 : 0},
		{"pids", above(r->pids.fork_failures, 1) ? 100 : 0},
	};
	double best = 0;
	*resource = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(s); i++)
		if (s[i].score > best) {
			best = s[i].score;
			*resource = s[i].name;
		}
	return best;
}

static double sort_value(const struct snap_row *r, enum sort_key key)
{
	double v;
	switch (key) {
	case SORT_CPU:
		v = r->cpu.used_cores;
		break;
	case SORT_MEM:
		v = r->mem.working_set_bytes;
		break;
	case SORT_IO:
		v = snap_sum2(r->io.read_bps, r->io.write_bps);
		break;
	case SORT_NET:
		v = snap_sum2(r->net.rx_bps, r->net.tx_bps);
		break;
	case SORT_PIDS:
		v = r->pids.current;
		break;
	default:
		v = NAN;
	}
	return v;
}

static enum sort_key qsort_key;
static bool qsort_reverse;

/* Descending by value with absent values last, then by name: stable output
 * for goldens. Reverse flips the value order only. */
static int cmp_rows(const void *a, const void *b)
{
	const struct snap_row *x = a, *y = b;
	int c = 0;
	if (qsort_key != SORT_NAME) {
		double vx = sort_value(x, qsort_key), vy = sort_value(y, qsort_key);
		bool hx = snap_has(vx), hy = snap_has(vy);
		if (hx != hy)
			return hx ? -1 : 1;
		if (hx)
			c = (vy > vx) - (vy < vx);
	} else {
		c = strcasecmp(x->name, y->name);
	}
	if (qsort_reverse)
		c = -c;
	if (c == 0)
		c = strcmp(x->name, y->name);
	if (c == 0)
		c = strcmp(x->cgroup, y->cgroup);
	return c;
}

static bool name_matches(const struct snap_row *r, const char *filter)
{
	if (!filter || !*filter)
		return true;
	const char *fields[] = {r->name, r->pod, r->k8s_namespace, r->image, r->id};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (fields[i] && strcasestr(fields[i], filter))
			return true;
	return false;
}

static void build_host(struct snapshot *s, const struct sample *prev, const struct sample *cur, double dt)
{
	struct snap_host *h = &s->host;
	const struct host_sample *c = &cur->host, *p = prev ? &prev->host : NULL;
	h->hostname = snapshot_strdup(s, c->hostname);
	h->kernel = snapshot_strdup(s, c->kernel);
	h->ncpus = c->ncpus;
	h->run_queue = val(c->procs_running);
	h->load1 = c->loadavg1;
	h->idle_pct = h->iowait_pct = h->steal_pct = NAN;
	h->cpu.used_cores = h->cpu.throttled_pct = h->cpu.throttled_s_per_s = h->cpu.run_delay_pct = NAN;
	h->cpu.limit_cores = c->ncpus ? (double)c->ncpus : NAN;
	if (p && c->cpu_idle != VAL_NONE && p->cpu_idle != VAL_NONE) {
		uint64_t tc = c->cpu_user + c->cpu_nice + c->cpu_system + c->cpu_idle + c->cpu_iowait + c->cpu_irq +
			      c->cpu_softirq + c->cpu_steal;
		uint64_t tp = p->cpu_user + p->cpu_nice + p->cpu_system + p->cpu_idle + p->cpu_iowait + p->cpu_irq +
			      p->cpu_softirq + p->cpu_steal;
		double total = delta(tp, tc);
		if (snap_has(total) && total > 0) {
			double idle = delta(p->cpu_idle, c->cpu_idle), iowait = delta(p->cpu_iowait, c->cpu_iowait);
			double steal = delta(p->cpu_steal, c->cpu_steal);
			h->idle_pct = idle / total * 100;
			h->iowait_pct = iowait / total * 100;
			h->steal_pct = steal / total * 100;
			h->cpu.used_cores = (total - idle - iowait) / total * (double)c->ncpus;
		}
	}
	h->cpu.util_pct = pct(h->cpu.used_cores, h->cpu.limit_cores);
	h->cpu.psi_some_avg10 = psi_some(&c->psi_cpu);
	h->cpu.psi_full_avg10 = psi_full(&c->psi_cpu);

	memset(&h->mem, 0, sizeof(h->mem));
	h->mem.limit_bytes = val(c->mem_total);
	h->mem.used_bytes = h->mem.working_set_bytes =
		c->mem_total != VAL_NONE && c->mem_available != VAL_NONE && c->mem_available <= c->mem_total
			? (double)(c->mem_total - c->mem_available)
			: NAN;
	h->mem.util_pct = pct(h->mem.used_bytes, h->mem.limit_bytes);
	h->mem.swap_bytes = c->swap_total != VAL_NONE && c->swap_free != VAL_NONE && c->swap_free <= c->swap_total
				    ? (double)(c->swap_total - c->swap_free)
				    : NAN;
	h->mem.psi_some_avg10 = psi_some(&c->psi_mem);
	h->mem.psi_full_avg10 = psi_full(&c->psi_mem);
	h->mem.oom_kills = val(c->oom_kill);
	h->mem.major_faults_per_s = p ? rate(p->pgmajfault, c->pgmajfault, dt) : NAN;
	h->mem.oom_kills_delta = h->oom_kills_delta = p ? delta(p->oom_kill, c->oom_kill) : NAN;
	h->mem.high_events_delta = h->mem.max_events_delta = h->mem.failcnt_delta = NAN;

	h->io.read_bps = p ? rate(p->disk_rbytes, c->disk_rbytes, dt) : NAN;
	h->io.write_bps = p ? rate(p->disk_wbytes, c->disk_wbytes, dt) : NAN;
	h->io.read_iops = p ? rate(p->disk_rios, c->disk_rios, dt) : NAN;
	h->io.write_iops = p ? rate(p->disk_wios, c->disk_wios, dt) : NAN;
	h->io.psi_some_avg10 = psi_some(&c->psi_io);
	h->io.psi_full_avg10 = psi_full(&c->psi_io);

	build_net(&h->net, &c->net, p && p->net_present && c->net_present ? &p->net : NULL, dt);
	h->net.netns_inode = 0;
	h->net.shared = false;
}

static int cmp_row_netns(const void *a, const void *b)
{
	uint64_t x = (*(struct snap_row *const *)a)->net.netns_inode;
	uint64_t y = (*(struct snap_row *const *)b)->net.netns_inode;
	return (x > y) - (x < y);
}

/* Members of one network namespace (a pod) carry the same figures: mark
 * them so nobody adds them up. Sorted, not pairwise: thousands of rows. */
static void mark_shared_netns(struct snapshot *s)
{
	struct snap_row **by_ns = xcalloc(s->nrows + 1, sizeof(*by_ns));
	size_t n = 0;
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].net.netns_inode)
			by_ns[n++] = &s->rows[i];
	sort_array(by_ns, n, sizeof(*by_ns), cmp_row_netns);
	for (size_t i = 1; i < n; i++)
		if (by_ns[i]->net.netns_inode == by_ns[i - 1]->net.netns_inode)
			by_ns[i]->net.shared = by_ns[i - 1]->net.shared = true;
	free(by_ns);
}

/* The interval between a group's two reads: the samples' interval, moved by
 * where in each tick the group was read. */
static double group_dt(double dt, const struct group_sample *pg, const struct group_sample *g)
{
	if (!pg)
		return dt;
	double gdt = dt + ((double)g->read_offset_ns - (double)pg->read_offset_ns) / 1e9;
	return gdt > 0 ? gdt : dt;
}

struct snapshot *model_build(const struct sample *prev, const struct sample *cur, const struct model_opts *opts)
{
	static const struct model_opts defaults = {SORT_CPU, false, NULL};
	if (!opts)
		opts = &defaults;
	struct snapshot *s = xcalloc(1, sizeof(*s));
	double dt = NAN;
	if (prev && cur->mono_ns > prev->mono_ns)
		dt = (double)(cur->mono_ns - prev->mono_ns) / 1e9;
	else
		prev = NULL;
	double clk_tck = (double)sysconf(_SC_CLK_TCK);
	s->real_ns = cur->real_ns;
	s->interval_s = dt;
	s->layout = cur->layout;
	s->sort = opts->sort;
	s->sort_reverse = opts->sort_reverse;
	s->arena = arena_new();
	build_host(s, prev, cur, dt);

	s->rows = xcalloc(cur->ngroups, sizeof(*s->rows));
	/* Groups the filter leaves out still name their stacks on the host list. */
	const struct group_sample **hidden = xcalloc(cur->ngroups + 1, sizeof(*hidden));
	size_t nhidden = 0;
	for (size_t i = 0; i < cur->ngroups; i++) {
		const struct group_sample *g = &cur->groups[i];
		const struct group_sample *pg = find_prev_group(prev, g);
		const struct cg_counters *pc = pg ? &pg->c : NULL;
		struct snap_row *r = &s->rows[s->nrows];
		r->name = snapshot_strdup(s, g->name ? g->name : g->path);
		r->id = snapshot_strdup(s, g->container_id);
		r->cgroup = snapshot_strdup(s, g->path);
		r->image = snapshot_strdup(s, g->image);
		r->pod = snapshot_strdup(s, g->pod);
		r->k8s_namespace = snapshot_strdup(s, g->k8s_namespace);
		r->parent = snapshot_strdup(s, g->parent_path);
		r->cgroup_id = g->cgroup_id;
		r->kind = g->kind;
		r->runtime = g->runtime;
		r->is_new = pg == NULL;
		if (!name_matches(r, opts->filter)) {
			hidden[nhidden++] = g;
			continue;
		}
		double gdt = group_dt(dt, pg, g);
		build_cpu(&r->cpu, &g->c, pc, gdt, cur->host.ncpus);
		build_mem(&r->mem, &g->c, pc, gdt, cur->host.mem_total);
		build_io(&r->io, &g->c, pc, gdt);
		net_absent(&r->net);
		r->net.netns_inode = g->netns_inode;
		if (g->net_present) {
			bool same_ns = pg && pg->net_present && pg->netns_inode == g->netns_inode;
			build_net(&r->net, &g->net, same_ns ? &pg->net : NULL, gdt);
		}
		r->pids.current = val(g->c.pids_current);
		r->pids.max = val(g->c.pids_max);
		r->pids.fork_failures_total = val(g->c.pids_events_max);
		r->pids.fork_failures = pc ? delta(pc->pids_events_max, g->c.pids_events_max) : NAN;
		build_procs(s, r, g, pg, gdt, clk_tck);
		sort_array(r->procs, r->nprocs, sizeof(*r->procs), cmp_proc_cpu);
		s->nrows++;
	}
	mark_shared_netns(s);

	double best = 0;
	s->worst_row = -1;
	for (size_t i = 0; i < s->nrows; i++)
		diagnose(s, &s->rows[i], s->host.idle_pct);
	qsort_key = opts->sort;
	qsort_reverse = opts->sort_reverse;
	sort_array(s->rows, s->nrows, sizeof(*s->rows), cmp_rows);
	s->profiler_status = snapshot_strdup(s, cur->profiler_status);
	hotlist_fill(s, cur->profile, HOT_TOP_N, hidden, nhidden);
	free(hidden);
	for (size_t i = 0; i < s->nrows; i++) {
		const char *res;
		double score = saturation(&s->rows[i], &res);
		/* Pods repeat their members' trouble; name the member. */
		if (s->rows[i].kind == GROUP_POD)
			score *= 0.99;
		if (score > best) {
			best = score;
			s->worst_row = (ptrdiff_t)i;
			s->worst_resource = res;
		}
	}
	return s;
}

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].procs);
		free(s->rows[i].hot);
	}
	free(s->host.hot);
	free(s->rows);
	arena_free(s->arena);
	free(s);
}

const char *snapshot_strdup(struct snapshot *s, const char *str)
{
	return arena_strdup(s->arena, str);
}

const struct snap_row *snapshot_find_row(const struct snapshot *s, const char *cgroup)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(s->rows[i].cgroup, cgroup) == 0)
			return &s->rows[i];
	return NULL;
}
