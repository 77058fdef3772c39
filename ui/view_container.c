/* view_container.c - one container: who it is, a USE block per resource
 * with its limit and a sparkline of the last ticks, its processes
 * (sortable, selectable) and the pane of its hot functions (ui/view_hot.c). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "view_priv.h"

static const char *const hints[] = {"Esc", "back", "Enter", "process", "Tab", "pane",
				    "< >", "sort", "Space", "pause",   "s",   "save",
				    "h",   "help", "q",	    "quit",    NULL};
/* With the hot functions pane active, Enter opens a function. */
static const char *const hot_hints[] = {"Esc", "back",	 "Enter", "function",	"Tab", "pane",
					"f",   "folded", "W",	  "cumulative", "s",   "save",
					"h",   "help",	 "q",	  "quit",	NULL};

/* The process table: what each column shows and when it goes on a narrow
 * screen (higher priority numbers first; COMMAND takes what is left). */
enum pcol {
	PC_PID,
	PC_NSPID,
	PC_USER,
	PC_STATE,
	PC_CPU,
	PC_RSS,
	PC_DELAY,
	PC_NVCSW,
	PC_THREADS,
	PC_COMMAND,
	PC_MAX
};

static const struct {
	const char *title;
	int width, priority;
	enum proc_sort sort;
} pcols[PC_MAX] = {
    [PC_PID] = {"PID", 7, 0, PSORT_PID},	[PC_NSPID] = {"NSPID", 6, 3, PSORT_MAX},
    [PC_USER] = {"USER", 8, 2, PSORT_USER},	[PC_STATE] = {"S", 1, 1, PSORT_STATE},
    [PC_CPU] = {"CPU%", 5, 0, PSORT_CPU},	[PC_RSS] = {"RSS", 5, 0, PSORT_RSS},
    [PC_DELAY] = {"DELAY%", 6, 1, PSORT_DELAY}, [PC_NVCSW] = {"NVCSW/s", 7, 2, PSORT_CTXSW},
    [PC_THREADS] = {"THR", 4, 4, PSORT_MAX},	[PC_COMMAND] = {"COMMAND", 12, 0, PSORT_COMMAND},
};

static size_t pcols_fit(int w, enum pcol *out, int *widths)
{
	bool keep[PC_MAX];
	for (int i = 0; i < PC_MAX; i++)
		keep[i] = true;
	for (;;) {
		int total = -1, worst = -1;
		for (int i = 0; i < PC_MAX; i++)
			if (keep[i]) {
				total += pcols[i].width + 1;
				if (pcols[i].priority &&
				    (worst < 0 || pcols[i].priority > pcols[worst].priority))
					worst = i;
			}
		if (total <= w || worst < 0)
			break;
		keep[worst] = false;
	}
	size_t n = 0;
	int used = -1;
	for (int i = 0; i < PC_MAX; i++)
		if (keep[i]) {
			out[n] = (enum pcol)i;
			widths[n] = pcols[i].width;
			used += widths[n++] + 1;
		}
	widths[n - 1] += w - used; /* COMMAND, last, takes the rest */
	return n;
}

static void proc_cell(const struct view_ctx *c, const struct snap_proc *p, enum pcol col, char *buf, size_t n)
{
	switch (col) {
	case PC_PID:
		snprintf(buf, n, "%d", (int)p->pid);
		break;
	case PC_NSPID:
		snprintf(buf, n, p->nspid > 0 ? "%d" : "-", (int)p->nspid);
		break;
	case PC_USER:
		if (!c->user_name || !c->user_name(p->uid, buf, n))
			snprintf(buf, n, "%u", (unsigned)p->uid);
		break;
	case PC_STATE:
		snprintf(buf, n, "%c", p->state ? p->state : '?');
		break;
	case PC_CPU:
		format_pct(p->cpu_pct, buf, n);
		break;
	case PC_RSS:
		format_bytes(p->rss_bytes, buf, n);
		break;
	case PC_DELAY:
		format_pct(p->run_delay_pct, buf, n);
		break;
	case PC_NVCSW:
		format_count(p->nonvol_ctxsw_per_s, buf, n);
		break;
	case PC_THREADS:
		snprintf(buf, n, "%u", (unsigned)p->threads);
		break;
	case PC_COMMAND:
		if (p->cmdline && p->cmdline[0])
			snprintf(buf, n, "%s", p->cmdline);
		else
			snprintf(buf, n, "[%s]", p->comm ? p->comm : "?");
		break;
	case PC_MAX:
		buf[0] = '\0';
		break;
	}
}

static void draw_identity(struct grid *g, int y, const struct snap_row *r)
{
	int w = grid_width(g);
	struct view_line l;

	view_line_start(&l, g, y, 0, w);
	enum severity sev = view_sev_max(view_row_severity(r), columns[COL_VERDICT].severity(r));
	l.x += grid_text_mid(g, y, 0, w / 2, view_sev_style(sev), r->name ? r->name : r->cgroup);
	view_putf(&l, STYLE_DIM, "  %s %s", runtime_names[r->runtime], group_kind_names[r->kind]);
	if (r->verdict != VERDICT_NONE) {
		view_put(&l, STYLE_NORMAL, "  ");
		view_put(&l, view_sev_style(columns[COL_VERDICT].severity(r)), verdict_names[r->verdict]);
		if (r->verdict_reason) {
			view_put(&l, STYLE_NORMAL, ": ");
			grid_text(g, y, l.x, w - l.x, STYLE_NORMAL, r->verdict_reason);
		}
	} else if (r->is_new) {
		view_put(&l, STYLE_DIM, "  new: rates after one interval");
	}

	view_line_start(&l, g, y + 1, 0, w);
	view_put(&l, STYLE_DIM, "cgroup ");
	grid_text_mid(g, y + 1, l.x, w - l.x, STYLE_NORMAL, r->cgroup);

	view_line_start(&l, g, y + 2, 0, w);
	view_put(&l, STYLE_DIM, "id ");
	/* Twelve hex digits name a container to every runtime's CLI. */
	view_putf(&l, STYLE_NORMAL, "%.12s", r->id ? r->id : "-");
	view_put(&l, STYLE_DIM, "  image ");
	if (!view_put(&l, STYLE_NORMAL, r->image ? r->image : "-"))
		l.x += grid_text_mid(g, l.y, l.x, w - l.x, STYLE_NORMAL, r->image);
	if (r->pod) {
		view_put(&l, STYLE_DIM, "  pod ");
		view_put(&l, STYLE_NORMAL, r->pod);
		if (r->k8s_namespace)
			view_putf(&l, STYLE_DIM, " in %s", r->k8s_namespace);
	}
}

/* The greatest value of V (for scales without a limit), at least FLOOR. */
static double peak(const double *v, size_t n, double floor_)
{
	double m = floor_;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > m)
			m = v[i];
	return m;
}

static void spark(struct grid *g, const struct view_ctx *c, const struct snap_row *r, int y, int x, int w,
		  enum hist_metric m, double limit)
{
	double v[HISTORY_LEN];
	if (!c->hist || w < 4)
		return;
	size_t n = history_get(c->hist, r->cgroup, m, v, HISTORY_LEN);
	view_spark(g, y, x, w, v, n, snap_has(limit) && limit > 0 ? limit : peak(v, n, 1e-9));
}

/* One USE line per resource: utilisation against the limit, saturation,
 * errors; the sparkline at the right edge. */
static void draw_use(struct grid *g, const struct view_ctx *c, const struct snap_row *r, int y)
{
	int w = grid_width(g);
	int sw = w - 52 > HISTORY_LEN ? HISTORY_LEN : w - 52;
	int end = sw >= 8 ? w - sw - 1 : w;
	char a[32], b[32], d[64];
	struct view_line l;

	view_line_start(&l, g, y, 0, end);
	view_put(&l, STYLE_HEADER, "CPU");
	view_tab(&l, 5);
	if (snap_has(r->cpu.limit_cores))
		view_putf(&l, STYLE_NORMAL, "%s of %s cores", format_cores(r->cpu.used_cores, a, sizeof(a)),
			  format_cores(r->cpu.limit_cores, b, sizeof(b)));
	else
		view_putf(&l, STYLE_NORMAL, "%s cores", format_cores(r->cpu.used_cores, a, sizeof(a)));
	view_putf(&l, STYLE_NORMAL, " %s", view_u(format_pct(r->cpu.util_pct, a, sizeof(a)), sizeof(a), "%"));
	view_putf(&l, view_sev_style(columns[COL_THROTTLED].severity(r)), "  thr %s",
		  view_u(format_pct(r->cpu.throttled_pct, a, sizeof(a)), sizeof(a), "%"));
	view_put(&l, STYLE_NORMAL, "  ");
	view_put(&l, view_sev_style(columns[COL_CPU_PSI].severity(r)),
		 view_psi_pair(r->cpu.psi_some_avg10, r->cpu.psi_full_avg10, d, sizeof(d)));
	view_putf(&l, STYLE_NORMAL, "  delay %s",
		  view_u(format_pct(r->cpu.run_delay_pct, a, sizeof(a)), sizeof(a), "%"));
	if (sw >= 8)
		spark(g, c, r, y, w - sw, sw, HIST_CPU_CORES, r->cpu.limit_cores);
	y++;

	view_line_start(&l, g, y, 0, end);
	view_put(&l, STYLE_HEADER, "MEM");
	view_tab(&l, 5);
	if (snap_has(r->mem.limit_bytes))
		view_putf(&l, STYLE_NORMAL, "%s of %s", format_bytes(r->mem.working_set_bytes, a, sizeof(a)),
			  format_bytes(r->mem.limit_bytes, b, sizeof(b)));
	else
		view_putf(&l, STYLE_NORMAL, "%s", format_bytes(r->mem.working_set_bytes, a, sizeof(a)));
	view_putf(&l, view_sev_style(columns[COL_MEM_PCT].severity(r)), " %s",
		  view_u(format_pct(r->mem.util_pct, a, sizeof(a)), sizeof(a), "%"));
	view_put(&l, STYLE_NORMAL, "  ");
	view_put(&l, view_sev_style(columns[COL_MEM_PSI].severity(r)),
		 view_psi_pair(r->mem.psi_some_avg10, r->mem.psi_full_avg10, d, sizeof(d)));
	columns[COL_OOM].format(r, a, sizeof(a));
	view_putf(&l, view_sev_style(columns[COL_OOM].severity(r)), "  oom %s", a);
	if (snap_has(r->mem.high_events_delta) && r->mem.high_events_delta > 0)
		view_putf(&l, STYLE_WARN, "  high +%s", format_count(r->mem.high_events_delta, a, sizeof(a)));
	if (sw >= 8)
		spark(g, c, r, y, w - sw, sw, HIST_MEM_BYTES, r->mem.limit_bytes);
	y++;

	view_line_start(&l, g, y, 0, end);
	view_put(&l, STYLE_HEADER, "IO");
	view_tab(&l, 5);
	view_putf(&l, STYLE_NORMAL, "r %s w %s",
		  view_u(format_rate(r->io.read_bps, a, sizeof(a)), sizeof(a), "/s"),
		  view_u(format_rate(r->io.write_bps, b, sizeof(b)), sizeof(b), "/s"));
	view_put(&l, STYLE_NORMAL, "  ");
	view_put(&l, view_sev_style(columns[COL_IO_PSI].severity(r)),
		 view_psi_pair(r->io.psi_some_avg10, r->io.psi_full_avg10, d, sizeof(d)));
	view_putf(&l, STYLE_NORMAL, "  iops %s/%s", format_count(r->io.read_iops, a, sizeof(a)),
		  format_count(r->io.write_iops, b, sizeof(b)));
	if (sw >= 8)
		spark(g, c, r, y, w - sw, sw, HIST_IO_BPS, NAN);
	y++;

	view_line_start(&l, g, y, 0, end);
	view_put(&l, STYLE_HEADER, "NET");
	view_tab(&l, 5);
	view_putf(&l, STYLE_NORMAL, "rx %s tx %s",
		  view_u(format_rate(r->net.rx_bps, a, sizeof(a)), sizeof(a), "/s"),
		  view_u(format_rate(r->net.tx_bps, b, sizeof(b)), sizeof(b), "/s"));
	columns[COL_NET_ERR].format(r, a, sizeof(a));
	view_putf(&l, view_sev_style(columns[COL_NET_ERR].severity(r)), "  drop+err %s",
		  view_u(a, sizeof(a), "/s"));
	view_putf(&l, STYLE_NORMAL, "  retrans %s",
		  view_u(format_count(r->net.tcp_retrans_per_s, a, sizeof(a)), sizeof(a), "/s"));
	if (r->net.shared)
		view_put(&l, STYLE_DIM, "  (shared netns)");
	if (sw >= 8)
		spark(g, c, r, y, w - sw, sw, HIST_NET_BPS, NAN);
	y++;

	view_line_start(&l, g, y, 0, end);
	view_put(&l, STYLE_HEADER, "PIDS");
	view_tab(&l, 5);
	columns[COL_PIDS].format(r, a, sizeof(a));
	view_put(&l, view_sev_style(columns[COL_PIDS].severity(r)), a);
	if (snap_has(r->pids.fork_failures) && r->pids.fork_failures > 0)
		view_putf(&l, STYLE_CRIT, "  fork failures +%s",
			  format_count(r->pids.fork_failures, b, sizeof(b)));
	else if (snap_has(r->pids.fork_failures))
		view_put(&l, STYLE_NORMAL, "  fork failures 0");
	else
		view_put(&l, STYLE_DIM, "  fork failures -");
	if (snap_has(r->pids.fork_failures_total) && r->pids.fork_failures_total > 0)
		view_putf(&l, STYLE_NORMAL, " (%s since start)",
			  format_count(r->pids.fork_failures_total, b, sizeof(b)));
	if (sw >= 8)
		spark(g, c, r, y, w - sw, sw, HIST_PIDS, r->pids.max);
}

static void draw_procs(struct grid *g, const struct view_ctx *c, const struct snap_row *r, int y, int rows,
		       struct ui_layout *lay)
{
	const struct ui_state *st = c->st;
	int w = grid_width(g);
	enum pcol ids[PC_MAX];
	int widths[PC_MAX];
	char title[96];

	snprintf(title, sizeof(title), "processes %zu, by %s%s", r->nprocs, proc_sort_names[st->psort],
		 st->psort_reverse ? " reversed" : "");
	view_rule(g, y++, st->pane == 0 ? STYLE_HEADER : STYLE_DIM, title);

	size_t n = pcols_fit(w, ids, widths);
	int x = 0;
	grid_restyle(g, y, 0, w, STYLE_HEADER);
	lay->header_y = y;
	for (size_t i = 0; i < n; i++) {
		enum proc_sort by = pcols[ids[i]].sort;
		enum style s = by == st->psort ? STYLE_SORTED : STYLE_HEADER;
		if (ids[i] == PC_COMMAND || ids[i] == PC_USER)
			grid_text(g, y, x, widths[i], s, pcols[ids[i]].title);
		else
			grid_text_right(g, y, x, widths[i], s, pcols[ids[i]].title);
		if (lay->nheader < UI_HEADER_MAX)
			lay->header[lay->nheader++] =
			    (struct ui_header_col){x, x + widths[i], by == PSORT_MAX ? -1 : (int)by};
		x += widths[i] + 1;
	}
	y++;
	rows -= 2;

	lay->list_y = y;
	lay->list_rows = rows;
	lay->list_len = r->nprocs;
	if (!r->nprocs) {
		grid_text(g, y, 2, w - 2, STYLE_DIM, "no processes");
		return;
	}

	size_t *order = ui_proc_order(r, st->psort, st->psort_reverse);
	size_t sel = st->proc_index < r->nprocs ? st->proc_index : r->nprocs - 1;
	size_t top = view_scroll_top(st->proc_top, sel, r->nprocs, rows);
	lay->list_top = top;
	for (int i = 0; i < rows && top + (size_t)i < r->nprocs; i++) {
		const struct snap_proc *p = &r->procs[order[top + (size_t)i]];
		x = 0;
		for (size_t k = 0; k < n; k++) {
			char buf[512];
			proc_cell(c, p, ids[k], buf, sizeof(buf));
			enum style s = STYLE_NORMAL;
			if (strcmp(buf, "-") == 0 || p->state == 'Z')
				s = STYLE_DIM;
			else if (ids[k] == PC_STATE && p->state == 'D')
				s = STYLE_WARN;
			if (ids[k] == PC_COMMAND || ids[k] == PC_USER)
				grid_text(g, y + i, x, widths[k], s, buf);
			else
				grid_text_right(g, y + i, x, widths[k], s, buf);
			x += widths[k] + 1;
		}
		if (top + (size_t)i == sel)
			grid_select_row(g, y + i);
	}
	free(order);
}

void view_container(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	const struct snapshot *s = c->snap;
	const struct ui_state *st = c->st;
	int h = grid_height(g);

	view_title(g, c);
	view_status(g, c, st->pane == 1 ? hot_hints : hints);
	const struct snap_row *r = ui_state_row(st, s);
	if (!r) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%s has gone: its cgroup is no longer there (Esc goes back)",
			 st->sel_name ? st->sel_name : "the container");
		view_center(g, 1, h - 2, STYLE_WARN, msg);
		return;
	}
	draw_identity(g, 1, r);
	/* Short terminals keep the processes and lose the USE block first. */
	int y = 4;
	if (h >= 16) {
		draw_use(g, c, r, y);
		y += 5;
	}
	/* The hot functions get two fifths of what is left (their rule and
	 * the reason when there is no profiler), the processes the rest, when
	 * there is room for both. */
	int avail = h - 1 - y;
	int hot = avail < 8 ? 0 : s->profiler_status ? 2 : avail * 2 / 5;
	hot = hot > 12 ? 12 : hot;
	draw_procs(g, c, r, y, avail - hot, lay);
	if (hot)
		view_hot_pane(g, c, h - 1 - hot, hot, st->pane == 1, lay);
}
