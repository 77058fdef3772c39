/* columns.c - the overview column table; see columns.h. */
#include "config.h"

#include "columns.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

static void fmt_name(const struct snap_row *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s", r->name ? r->name : "");
}

static void fmt_runtime(const struct snap_row *r, char *buf, size_t n)
{
	static const char *const tags[RUNTIME_MAX] = {"docker", "podman", "ctrd", "crio",
						      "lxc",    "pod",    "systemd", "cgroup"};
	if (r->kind == GROUP_SANDBOX)
		snprintf(buf, n, "sandbox");
	else if (r->kind == GROUP_POD && r->runtime == RUNTIME_PODMAN)
		snprintf(buf, n, "pm-pod");
	else
		snprintf(buf, n, "%s", tags[r->runtime]);
}

static void fmt_cpu(const struct snap_row *r, char *buf, size_t n)
{
	format_cores(r->cpu.used_cores, buf, n);
}

static void fmt_cpu_pct(const struct snap_row *r, char *buf, size_t n)
{
	format_pct(r->cpu.util_pct, buf, n);
}

static void fmt_throttled(const struct snap_row *r, char *buf, size_t n)
{
	format_pct(r->cpu.throttled_pct, buf, n);
}

static void fmt_cpu_psi(const struct snap_row *r, char *buf, size_t n)
{
	format_psi(r->cpu.psi_some_avg10, buf, n);
}

static void fmt_mem(const struct snap_row *r, char *buf, size_t n)
{
	format_bytes(r->mem.working_set_bytes, buf, n);
}

static void fmt_mem_pct(const struct snap_row *r, char *buf, size_t n)
{
	format_pct(r->mem.util_pct, buf, n);
}

/* Memory PSI as "some/full" when full is known, since full is the severe one. */
static void fmt_mem_psi(const struct snap_row *r, char *buf, size_t n)
{
	char some[16], full[16];
	format_psi(r->mem.psi_some_avg10, some, sizeof(some));
	if (snap_has(r->mem.psi_full_avg10) && r->mem.psi_full_avg10 >= 0.05)
		snprintf(buf, n, "%s/%s", some, format_psi(r->mem.psi_full_avg10, full, sizeof(full)));
	else
		snprintf(buf, n, "%s", some);
}

/* OOM kills in the interval, with "+" so an old total is not read as news. */
static void fmt_oom(const struct snap_row *r, char *buf, size_t n)
{
	char a[16];
	if (snap_has(r->mem.oom_kills_delta) && r->mem.oom_kills_delta > 0)
		snprintf(buf, n, "+%s", format_count(r->mem.oom_kills_delta, a, sizeof(a)));
	else
		format_count(r->mem.oom_kills, buf, n);
}

static void fmt_io_read(const struct snap_row *r, char *buf, size_t n)
{
	format_rate(r->io.read_bps, buf, n);
}

static void fmt_io_write(const struct snap_row *r, char *buf, size_t n)
{
	format_rate(r->io.write_bps, buf, n);
}

static void fmt_io_psi(const struct snap_row *r, char *buf, size_t n)
{
	format_psi(r->io.psi_some_avg10, buf, n);
}

static void fmt_net_rx(const struct snap_row *r, char *buf, size_t n)
{
	format_rate(r->net.rx_bps, buf, n);
}

static void fmt_net_tx(const struct snap_row *r, char *buf, size_t n)
{
	format_rate(r->net.tx_bps, buf, n);
}

static void fmt_net_err(const struct snap_row *r, char *buf, size_t n)
{
	format_count(snap_sum2(r->net.drops_per_s, r->net.errors_per_s), buf, n);
}

#define PIDS_WIDTH 7

/* "5/6" when limited and it fits the column (a cut "12/4.92" would read as
 * a small number), the count alone otherwise; "!" marks fork failures. */
static void fmt_pids(const struct snap_row *r, char *buf, size_t n)
{
	char cur[16], max[16];
	format_count(r->pids.current, cur, sizeof(cur));
	const char *bang = snap_has(r->pids.fork_failures) && r->pids.fork_failures > 0 ? "!" : "";
	if (snap_has(r->pids.max) && r->pids.max < 100000 &&
	    strlen(bang) + strlen(cur) + 1 + strlen(format_count(r->pids.max, max, sizeof(max))) <= PIDS_WIDTH)
		snprintf(buf, n, "%s%s/%s", bang, cur, max);
	else
		snprintf(buf, n, "%s%s", bang, cur);
}

static void fmt_verdict(const struct snap_row *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s", verdict_names[r->verdict]);
}

static enum severity sev_none(const struct snap_row *r)
{
	(void)r;
	return SEV_NONE;
}

static enum severity sev_throttled(const struct snap_row *r)
{
	double t = r->cpu.throttled_pct;
	if (!snap_has(t))
		return SEV_NONE;
	return t > SEV_THROTTLED_CRIT_PCT ? SEV_CRIT : t >= SEV_THROTTLED_WARN_PCT ? SEV_WARN : SEV_NONE;
}

static enum severity sev_psi(double some, double full)
{
	if (snap_has(full) && full > SEV_PSI_FULL_CRIT)
		return SEV_CRIT;
	if ((snap_has(some) && some >= SEV_PSI_WARN) || (snap_has(full) && full >= 1))
		return SEV_WARN;
	return SEV_NONE;
}

static enum severity sev_cpu_psi(const struct snap_row *r)
{
	return sev_psi(r->cpu.psi_some_avg10, r->cpu.psi_full_avg10);
}

static enum severity sev_mem_psi(const struct snap_row *r)
{
	return sev_psi(r->mem.psi_some_avg10, r->mem.psi_full_avg10);
}

static enum severity sev_io_psi(const struct snap_row *r)
{
	return sev_psi(r->io.psi_some_avg10, r->io.psi_full_avg10);
}

static enum severity sev_mem_pct(const struct snap_row *r)
{
	return snap_has(r->mem.util_pct) && r->mem.util_pct >= SEV_MEM_PCT_WARN ? SEV_WARN : SEV_NONE;
}

static enum severity sev_oom(const struct snap_row *r)
{
	return snap_has(r->mem.oom_kills_delta) && r->mem.oom_kills_delta > 0 ? SEV_CRIT : SEV_NONE;
}

static enum severity sev_net_err(const struct snap_row *r)
{
	double e = snap_sum2(r->net.drops_per_s, r->net.errors_per_s);
	return snap_has(e) && e > 0 ? SEV_WARN : SEV_NONE;
}

static enum severity sev_pids(const struct snap_row *r)
{
	if (snap_has(r->pids.fork_failures) && r->pids.fork_failures > 0)
		return SEV_CRIT;
	if (snap_has(r->pids.max) && snap_has(r->pids.current) && r->pids.current >= 0.9 * r->pids.max)
		return SEV_WARN;
	return SEV_NONE;
}

static enum severity sev_verdict(const struct snap_row *r)
{
	switch (r->verdict) {
	case VERDICT_NONE:
		return SEV_NONE;
	case VERDICT_OOM:
	case VERDICT_PIDS_CAP:
		return SEV_CRIT;
	default:
		return SEV_WARN;
	}
}

const struct column columns[COL_MAX] = {
	[COL_NAME] = {"name", "NAME", 28, 8, 0, true, SORT_NAME, "runtime metadata on disk, else unit/path",
		      "container, pod or unit name", fmt_name, sev_none},
	[COL_RUNTIME] = {"runtime", "RT", 7, 7, 9, true, SORT_MAX, "cgroup path and runtime files",
			 "who runs it: docker, podman, ctrd (containerd), crio, lxc, pod, systemd, cgroup",
			 fmt_runtime, sev_none},
	[COL_CPU] = {"cpu", "CPU", 5, 5, 0, false, SORT_CPU, "cpu.stat usage_usec (v1 cpuacct.usage)",
		     "cores used in the interval", fmt_cpu, sev_none},
	[COL_CPU_PCT] = {"cpu_pct", "CPU%", 4, 4, 2, false, SORT_CPU,
			 "cpu.max quota/period, else cpuset, else host CPUs",
			 "CPU used as % of the container's limit", fmt_cpu_pct, sev_none},
	[COL_THROTTLED] = {"throttled_pct", "THR%", 4, 4, 1, false, SORT_MAX,
			   "cpu.stat nr_throttled/nr_periods (where the quota is set)",
			   "% of CFS periods in the interval that hit the quota", fmt_throttled, sev_throttled},
	[COL_CPU_PSI] = {"cpu_psi", "CPSI", 4, 4, 5, false, SORT_MAX, "cpu.pressure some avg10",
			 "% of time some task waited for CPU (10 s average)", fmt_cpu_psi, sev_cpu_psi},
	[COL_MEM] = {"mem", "MEM", 5, 5, 0, false, SORT_MEM, "memory.current - inactive_file (v1 usage_in_bytes)",
		     "working set, as the kubelet computes it", fmt_mem, sev_none},
	[COL_MEM_PCT] = {"mem_pct", "MEM%", 4, 4, 3, false, SORT_MEM, "memory.max (v1 memory.limit_in_bytes)",
			 "working set as % of the limit (else of host RAM)", fmt_mem_pct, sev_mem_pct},
	[COL_MEM_PSI] = {"mem_psi", "MPSI", 7, 4, 4, false, SORT_MAX, "memory.pressure some[/full] avg10",
			 "% of time tasks stalled on memory; /full when all did", fmt_mem_psi, sev_mem_psi},
	[COL_OOM] = {"oom", "OOM", 4, 4, 1, false, SORT_MAX, "memory.events oom_kill (v1 memory.oom_control)",
		     "OOM kills: +N in the interval, else the total", fmt_oom, sev_oom},
	[COL_IO_READ] = {"io_read", "IO-R", 5, 5, 6, false, SORT_IO, "io.stat rbytes (v1 blkio.throttle)",
			 "block reads per second", fmt_io_read, sev_none},
	[COL_IO_WRITE] = {"io_write", "IO-W", 5, 5, 6, false, SORT_IO, "io.stat wbytes (v1 blkio.throttle)",
			  "block writes per second", fmt_io_write, sev_none},
	[COL_IO_PSI] = {"io_psi", "IPSI", 4, 4, 5, false, SORT_MAX, "io.pressure some avg10",
			"% of time some task waited for I/O", fmt_io_psi, sev_io_psi},
	[COL_NET_RX] = {"net_rx", "NET-R", 5, 5, 7, false, SORT_NET, "/proc/PID/net/dev of the container's netns",
			"bytes received per second (not lo)", fmt_net_rx, sev_none},
	[COL_NET_TX] = {"net_tx", "NET-T", 5, 5, 7, false, SORT_NET, "/proc/PID/net/dev of the container's netns",
			"bytes sent per second (not lo)", fmt_net_tx, sev_none},
	[COL_NET_ERR] = {"net_err", "DROP", 4, 4, 8, false, SORT_MAX, "/proc/PID/net/dev drop + errs",
			 "packets dropped or in error per second", fmt_net_err, sev_net_err},
	[COL_PIDS] = {"pids", "PIDS", PIDS_WIDTH, 5, 4, false, SORT_PIDS, "pids.current / pids.max, pids.events max",
		      "tasks / limit; ! = fork failures in the interval", fmt_pids, sev_pids},
	[COL_VERDICT] = {"verdict", "VERDICT", 13, 13, 0, true, SORT_MAX, "model: differential diagnosis",
			 "likeliest bottleneck (see help)", fmt_verdict, sev_verdict},
};

size_t columns_fit(int width, enum col_id *out, int *widths)
{
	bool keep[COL_MAX];
	for (int i = 0; i < COL_MAX; i++)
		keep[i] = true;
	int name_w = columns[COL_NAME].width;
	for (;;) {
		int total = 0, count = 0;
		for (int i = 0; i < COL_MAX; i++)
			if (keep[i]) {
				total += i == COL_NAME ? name_w : columns[i].width;
				count++;
			}
		total += count - 1;
		if (total <= width)
			break;
		/* Squeeze the name down to 16 before dropping anything, then drop. */
		if (name_w > 16) {
			name_w -= total - width < name_w - 16 ? total - width : name_w - 16;
			continue;
		}
		int worst = -1;
		for (int i = 0; i < COL_MAX; i++)
			if (keep[i] && columns[i].priority > 0 &&
			    (worst < 0 || columns[i].priority > columns[worst].priority))
				worst = i;
		if (worst < 0) {
			int over = total - width;
			name_w = name_w - over < columns[COL_NAME].min_width ? columns[COL_NAME].min_width
									     : name_w - over;
			break;
		}
		/* Columns of equal priority go together (read and write, rx and tx). */
		int prio = columns[worst].priority;
		for (int i = 0; i < COL_MAX; i++)
			if (columns[i].priority == prio)
				keep[i] = false;
	}
	size_t n = 0;
	for (int i = 0; i < COL_MAX; i++)
		if (keep[i]) {
			out[n] = (enum col_id)i;
			widths[n] = i == COL_NAME ? name_w : columns[i].width;
			n++;
		}
	return n;
}

void columns_host_row(const struct snap_host *h, struct snap_row *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "host";
	out->cgroup = "/";
	out->kind = GROUP_CGROUP;
	out->runtime = RUNTIME_CGROUP;
	out->cpu = h->cpu;
	out->mem = h->mem;
	out->io = h->io;
	out->net = h->net;
	out->pids.current = out->pids.max = out->pids.fork_failures = out->pids.fork_failures_total = NAN;
	out->mem.oom_kills_delta = h->oom_kills_delta;
	out->verdict = VERDICT_NONE;
}
