/* test_ui_history.c - the sparkline history: order, the 120-tick window,
 * gaps while a row is absent, a recreated cgroup starting afresh, rows
 * forgotten after a window of absence, and many rows at once. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "history.h"
#include "tap.h"

static struct snap_row row(const char *cgroup, uint64_t id, double cores)
{
	struct snap_row r;
	memset(&r, 0, sizeof(r));
	r.name = cgroup;
	r.cgroup = cgroup;
	r.cgroup_id = id;
	r.cpu.used_cores = cores;
	r.cpu.throttled_pct = NAN;
	r.mem.working_set_bytes = NAN;
	r.mem.used_bytes = 1000;
	r.io.read_bps = 5;
	r.io.write_bps = NAN;
	r.net.rx_bps = NAN;
	r.net.tx_bps = NAN;
	r.pids.current = 3;
	return r;
}

static void tick(struct history *h, struct snap_row *rows, size_t n)
{
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	s.rows = rows;
	s.nrows = n;
	history_update(h, &s);
}

int main(void)
{
	struct history *h = history_new();
	double v[HISTORY_LEN + 10];

	is_u64(history_get(h, "/a", HIST_CPU_CORES, v, HISTORY_LEN), 0, "unknown path: nothing");
	for (int i = 0; i < 3; i++) {
		struct snap_row r = row("/a", 7, i);
		tick(h, &r, 1);
	}
	size_t n = history_get(h, "/a", HIST_CPU_CORES, v, HISTORY_LEN);
	ok(n == 3 && v[0] == 0 && v[1] == 1 && v[2] == 2, "values come back oldest first");
	is_u64(history_get(h, "/a", HIST_CPU_CORES, v, 2), 2, "at most MAX of them");
	ok(v[0] == 1 && v[1] == 2, "the most recent ones");
	history_get(h, "/a", HIST_MEM_BYTES, v, 1);
	is_near(v[0], 1000, 0, "memory falls back to used when the working set is absent");
	history_get(h, "/a", HIST_IO_BPS, v, 1);
	is_near(v[0], 5, 0, "I/O is read + write, one absent side counting as nothing");
	history_get(h, "/a", HIST_NET_BPS, v, 1);
	ok(isnan(v[0]), "network absent on both sides stays absent");

	/* Two ticks without /a, then it is back: two NAN in between. */
	struct snap_row b = row("/b", 8, 1);
	tick(h, &b, 1);
	tick(h, &b, 1);
	struct snap_row a = row("/a", 7, 9);
	tick(h, &a, 1);
	n = history_get(h, "/a", HIST_CPU_CORES, v, HISTORY_LEN);
	ok(n == 6 && isnan(v[3]) && isnan(v[4]) && v[5] == 9, "absent ticks are gaps, so time stays true");

	/* Same path, new cgroup id: a new cgroup, no inherited history. */
	a = row("/a", 70, 4);
	tick(h, &a, 1);
	n = history_get(h, "/a", HIST_CPU_CORES, v, HISTORY_LEN);
	ok(n == 1 && v[0] == 4, "a recreated cgroup starts afresh");

	/* The window holds HISTORY_LEN ticks. */
	for (int i = 0; i < HISTORY_LEN + 5; i++) {
		a = row("/a", 70, i);
		tick(h, &a, 1);
	}
	n = history_get(h, "/a", HIST_CPU_CORES, v, HISTORY_LEN + 10);
	ok(n == HISTORY_LEN && v[0] == 5 && v[HISTORY_LEN - 1] == HISTORY_LEN + 4,
	   "a full window keeps the last %d", HISTORY_LEN);
	is_u64(history_get(h, "/b", HIST_CPU_CORES, v, HISTORY_LEN), 0,
	       "a path absent for a window is forgotten");

	/* Many rows: the table grows and every row keeps its own values. */
	enum { N = 1000 };
	static struct snap_row many[N];
	static char paths[N][24];
	for (int i = 0; i < N; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/c%d", i);
		many[i] = row(paths[i], (uint64_t)i + 100, i);
	}
	tick(h, many, N);
	tick(h, many, N);
	bool all = true;
	for (int i = 0; i < N; i++) {
		n = history_get(h, paths[i], HIST_CPU_CORES, v, HISTORY_LEN);
		all = all && n == 2 && v[1] == i;
	}
	ok(all, "%d rows each find their own history", N);

	history_free(h);
	h = history_new();
	/* Kept as floats: a figure past float's range comes back as its largest,
	 * never as an undefined conversion (UBSan) or infinity. */
	struct snap_row huge = row("/huge", 9, 1e300);
	huge.io.read_bps = -1e300;
	tick(h, &huge, 1);
	history_get(h, "/huge", HIST_CPU_CORES, v, 1);
	ok(v[0] > 3e38 && isfinite(v[0]), "a figure past float's range is kept as the largest float");
	history_get(h, "/huge", HIST_IO_BPS, v, 1);
	ok(v[0] < -3e38 && isfinite(v[0]), "and a negative one as the most negative");
	history_free(h);
	history_free(NULL);
	ok(1, "history_free(NULL) is a no-op");
	return tap_done();
}
