/* test_fixtures.c - end to end on real captures: collect t0 and t1 of each
 * fixture through the live code path, build the snapshot, and check the
 * figures of the fixture's expected.json (computed from the raw files by the
 * capture, never by boxtop) that boxtop shows, plus the verdict each
 * README's USE reading implies. Figures boxtop does not show (memsw
 * failcnt, under_oom, cpu_cores_unified, failcnt totals) are not compared;
 * a figure a capture does not have is skipped. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_snapshot.h"
#include "json_parse.h"
#include "tap.h"
#include "util.h"

#define MIB (1024.0 * 1024.0)
#define KIB 1024.0

static const struct json_value *num_field(const struct json_value *u, const char *key)
{
	const struct json_value *v = json_get(u, key);
	return v && v->type == JSON_NUMBER ? v : NULL;
}

/* Compares one expected figure when the fixture states it. */
static void check(const struct json_value *u, const char *key, double got, double tol, const char *name)
{
	const struct json_value *v = num_field(u, key);
	if (!v)
		return;
	is_near(got, v->num, tol, "%s %s", name, key);
}

static double nz(double v)
{
	return snap_has(v) ? v : 0;
}

static void check_unit(const struct snapshot *s, const struct json_value *u)
{
	const char *cgroup = json_get_str(u, "cgroup");
	const char *name = json_get_str(u, "name");
	const struct snap_row *r = cgroup ? snapshot_find_row(s, cgroup) : NULL;
	if (!ok(r != NULL, "%s: a row for %s", name, cgroup ? cgroup : "?"))
		return;
	is_str(r->name, name, "%s: name", name);
	const char *rt = json_get_str(u, "runtime");
	const char *type = json_get_str(u, "container_type");
	if (rt)
		is_str(runtime_names[r->runtime], rt, "%s: runtime", name);
	if (type && strcmp(type, "sandbox") == 0)
		is_str(group_kind_names[r->kind], "sandbox", "%s: kind", name);
	if (type && strcmp(type, "pod") == 0)
		is_str(group_kind_names[r->kind], "pod", "%s: kind", name);
	double dt = s->interval_s;
	check(u, "cpu_cores", r->cpu.used_cores, 0.0015, name);
	check(u, "throttled_ms_delta", nz(r->cpu.throttled_s_per_s) * dt * 1000, 1.0, name);
	check(u, "memory_current_mib", r->mem.used_bytes / MIB, 0.051, name);
	check(u, "memory_usage_mib", r->mem.used_bytes / MIB, 0.051, name);
	check(u, "memory_working_set_mib", r->mem.working_set_bytes / MIB, 0.051, name);
	check(u, "memory_limit_mib", r->mem.limit_bytes / MIB, 0.051, name);
	check(u, "oom_kill_total", r->mem.oom_kills, 0, name);
	check(u, "oom_kill_delta", nz(r->mem.oom_kills_delta), 0, name);
	check(u, "memory_high_events_delta", nz(r->mem.high_events_delta), 0, name);
	check(u, "memory_max_events_delta", nz(r->mem.max_events_delta), 0, name);
	check(u, "memory_failcnt_delta", nz(r->mem.failcnt_delta), 0, name);
	check(u, "io_read_kib_s", nz(r->io.read_bps) / KIB, 0.15, name);
	check(u, "io_write_kib_s", nz(r->io.write_bps) / KIB, 0.15, name);
	check(u, "pids_current", r->pids.current, 0, name);
	check(u, "pids_max", r->pids.max, 0, name);
	check(u, "cgroup_id", (double)r->cgroup_id, 0, name);
	check(u, "pids_max_events_total", nz(r->pids.fork_failures_total), 0, name);
	check(u, "pids_max_events_delta", nz(r->pids.fork_failures), 0, name);
	check(u, "psi_cpu_some_avg10", r->cpu.psi_some_avg10, 0.005, name);
	check(u, "psi_mem_some_avg10", r->mem.psi_some_avg10, 0.005, name);
	check(u, "psi_io_some_avg10", r->io.psi_some_avg10, 0.005, name);
	/* Network: the capture reads eth0 only; the shared figure is the namespace's. */
	check(u, "net_rx_kib_s", nz(r->net.rx_bps) / KIB, 1.0, name);
	check(u, "net_tx_kib_s", nz(r->net.tx_bps) / KIB, 1.0, name);
	/* Throttled periods: the fraction is what the screens show. */
	const struct json_value *thr = num_field(u, "nr_throttled_delta"), *per = num_field(u, "nr_periods_delta");
	if (thr && per && per->num > 0)
		is_near(r->cpu.throttled_pct, thr->num / per->num * 100, 0.5, "%s throttled_pct", name);
	else if (thr && thr->num == 0)
		ok(!snap_has(r->cpu.throttled_pct) || r->cpu.throttled_pct == 0, "%s not throttled", name);
}

static const struct snap_row *row_named(const struct snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(s->rows[i].name, name) == 0)
			return &s->rows[i];
	return NULL;
}

static void check_verdict(const struct snapshot *s, const char *name, enum verdict want)
{
	const struct snap_row *r = row_named(s, name);
	if (ok(r != NULL, "row %s exists", name))
		is_str(verdict_names[r->verdict], verdict_names[want], "%s verdict", name);
}

/* Every expected unit is a row, and no row is something a tool must hide. */
static void check_fixture(const char *fixture, size_t extra_rows_allowed)
{
	char *dir = fixture_path(fixture);
	char *path = xasprintf("%s/expected.json", dir);
	char *text = NULL;
	ssize_t n = read_file_alloc_at(AT_FDCWD, path, 4 << 20, &text);
	struct json_doc *doc = NULL;
	if (!ok(n > 0 && json_parse(text, (size_t)n, &doc) == 0, "%s: expected.json parses", fixture))
		goto out;
	struct snapshot *s = fixture_snapshot(dir, NULL);
	if (!ok(s != NULL, "%s: snapshot from t0 to t1", fixture))
		goto out;
	const struct json_value *interval = json_get(json_root(doc), "interval_s");
	if (interval)
		is_near(s->interval_s, interval->num, 0.001, "%s: interval", fixture);
	const struct json_value *units = json_get(json_root(doc), "units");
	size_t nunits = units ? units->len : 0;
	for (size_t i = 0; i < nunits; i++)
		check_unit(s, json_at(units, i));
	size_t containers = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		const struct snap_row *r = &s->rows[i];
		ok(strstr(r->cgroup, "libpod-conmon") == NULL, "%s: %s is not conmon", fixture, r->cgroup);
		if (r->kind != GROUP_SERVICE && r->kind != GROUP_CGROUP)
			containers++;
	}
	size_t expected_containers = 0;
	for (size_t i = 0; i < nunits; i++) {
		const char *rt = json_get_str(json_at(units, i), "runtime");
		if (rt && strcmp(rt, "systemd") != 0)
			expected_containers++;
	}
	ok(containers >= expected_containers && containers <= expected_containers + extra_rows_allowed,
	   "%s: %zu container/pod rows for %zu expected", fixture, containers, expected_containers);
	if (strcmp(fixture, "v2-systemd-docker-podman") == 0) {
		check_verdict(s, "web-throttled", VERDICT_CAP_THROTTLED);
		check_verdict(s, "api-throttled", VERDICT_CAP_THROTTLED);
		check_verdict(s, "cache-oom", VERDICT_OOM);
		check_verdict(s, "worker-oom", VERDICT_OOM);
		check_verdict(s, "db-io", VERDICT_IO_WAIT);
		check_verdict(s, "fork-capped", VERDICT_PIDS_CAP);
		check_verdict(s, "batch-report.service", VERDICT_MEM_PRESSURE);
		check_verdict(s, "idle-1", VERDICT_NONE);
		const struct snap_row *sink = row_named(s, "net-sink");
		ok(sink && sink->net.netns_inode && !sink->net.shared, "net-sink has its own namespace");
		ok(s->worst_row >= 0, "a worst row is named");
	} else if (strcmp(fixture, "v1-cgroupfs-docker") == 0) {
		check_verdict(s, "web-throttled", VERDICT_CAP_THROTTLED);
		check_verdict(s, "pm-throttled", VERDICT_CAP_THROTTLED);
		check_verdict(s, "cache-oom", VERDICT_OOM);
		check_verdict(s, "fork-capped", VERDICT_PIDS_CAP);
		const struct snap_row *r = row_named(s, "web-throttled");
		ok(r && !snap_has(r->cpu.psi_some_avg10), "v1 has no per-cgroup PSI: absent, not 0");
		r = row_named(s, "idle-1");
		ok(r && !snap_has(r->cpu.limit_cores) == false && r->cpu.limit_cores == s->host.ncpus,
		   "v1 no quota: the limit is the host's CPUs");
		ok(r && snap_has(r->mem.limit_bytes) && r->mem.limit_bytes < 1e15,
		   "v1 'no limit' 9223372036854771712 is never shown as a limit");
	} else if (strcmp(fixture, "v2-kubernetes-containerd") == 0) {
		check_verdict(s, "web", VERDICT_CAP_THROTTLED);
		check_verdict(s, "redis", VERDICT_OOM);
		const struct snap_row *r = row_named(s, "log-shipper");
		is_str(r ? r->pod : NULL, "web-7d9f8-abcde", "log-shipper's pod");
		is_str(r ? r->k8s_namespace : NULL, "default", "log-shipper's namespace");
		ok(r && r->net.shared, "pod members share the pod's network namespace");
	}
	snapshot_free(s);
out:
	json_free(doc);
	free(text);
	free(path);
	free(dir);
}

/* The first tick has no previous sample: every rate is absent, never 0. */
static void check_first_tick(void)
{
	char *dir = fixture_path("v2-systemd-docker-podman");
	struct sample *t1 = fixture_sample(dir, "t1");
	struct snapshot *s = t1 ? model_build(NULL, t1, NULL) : NULL;
	const struct snap_row *r = s ? row_named(s, "web-throttled") : NULL;
	ok(r && !snap_has(r->cpu.used_cores) && !snap_has(r->io.read_bps) && !snap_has(r->mem.oom_kills_delta),
	   "first tick: rates are absent");
	ok(r && snap_has(r->mem.used_bytes) && snap_has(r->cpu.limit_cores), "first tick: gauges are there");
	ok(s && !snap_has(s->interval_s), "first tick: no interval");
	snapshot_free(s);
	sample_free(t1);
	free(dir);
}

int main(void)
{
	if (!getenv("FIXTURES"))
		tap_skip_all("FIXTURES is not set (run through make check)");
	check_fixture("v2-systemd-docker-podman", 1); /* + the podman pod row */
	check_fixture("v1-cgroupfs-docker", 0);
	check_fixture("v2-kubernetes-containerd", 0);
	check_fixture("hybrid-podman", 0); /* captured here: hybrid, podman with runc */
	check_first_tick();
	return tap_done();
}
