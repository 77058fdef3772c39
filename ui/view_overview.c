/* view_overview.c - the start screen: the host's USE lines, one row per
 * container through the shared column table (src/columns.c, the same cells
 * batch text prints), the "worst first" hint, and the hot functions of the
 * host or of the container the user picked (ui/view_hot.c). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "view_priv.h"

/* In order of need: a narrow screen keeps the first ones. */
static const char *const hints[] = {"h",      "help", "q",    "quit",	"Enter", "open",       "/",
				    "filter", "< >",  "sort", "Tab",	"hot",	 "Space",      "pause",
				    "s",      "save", "f",    "folded", "W",	 "cumulative", NULL};

/* The host's lines: utilisation (bars or rates), saturation (PSI, run
 * queue), errors (OOM kills, drops), in USE order, aligned in columns. */
static int draw_host(struct grid *g, const struct snapshot *s, int y, bool compact)
{
	const struct snap_host *h = &s->host;
	struct snap_row hr;
	int w = grid_width(g);
	/* Wide enough for "r 999M/s w 999M/s" on the I/O line below the bars. */
	int bw = w / 4 < 20 ? 20 : w / 4 > 40 ? 40 : w / 4;
	int x1 = 4 + bw + 1, x2 = x1 + 15, x3 = x2 + 13, x4 = x3 + 13;
	char a[32], b[32], buf[64];
	struct view_line l;

	columns_host_row(h, &hr);

	/* CPU: all CPUs busy; PSI; runnable tasks against CPUs. */
	view_line_start(&l, g, y, 0, w);
	view_put(&l, STYLE_HEADER, "CPU");
	view_bar(g, y, 4, bw, h->cpu.util_pct, STYLE_GOOD);
	view_tab(&l, x1);
	view_put(&l, view_sev_style(columns[COL_CPU_PSI].severity(&hr)),
		 view_psi_pair(h->cpu.psi_some_avg10, h->cpu.psi_full_avg10, buf, sizeof(buf)));
	view_tab(&l, x2);
	bool queued = snap_has(h->run_queue) && h->ncpus && h->run_queue > h->ncpus;
	view_putf(&l, queued ? STYLE_WARN : STYLE_NORMAL, "runq %s/%u",
		  format_count(h->run_queue, a, sizeof(a)), h->ncpus);
	view_tab(&l, x3);
	if (snap_has(h->load1))
		view_putf(&l, STYLE_NORMAL, "load %.2f", h->load1);
	else
		view_put(&l, STYLE_DIM, "load -");
	view_tab(&l, x4);
	view_putf(&l, STYLE_NORMAL, "steal %s",
		  view_u(format_pct(h->steal_pct, a, sizeof(a)), sizeof(a), "%"));
	y++;

	/* Memory: used of total; PSI; OOM kills in the interval. */
	view_line_start(&l, g, y, 0, w);
	view_put(&l, STYLE_HEADER, "MEM");
	view_bar(g, y, 4, bw, h->mem.util_pct,
		 view_sev_style(columns[COL_MEM_PCT].severity(&hr)) == STYLE_NORMAL ? STYLE_GOOD
										    : STYLE_WARN);
	view_tab(&l, x1);
	view_put(&l, view_sev_style(columns[COL_MEM_PSI].severity(&hr)),
		 view_psi_pair(h->mem.psi_some_avg10, h->mem.psi_full_avg10, buf, sizeof(buf)));
	view_tab(&l, x2);
	/* Kills in the interval only: the total since boot is not news. */
	if (snap_has(h->oom_kills_delta) && h->oom_kills_delta > 0)
		view_putf(&l, STYLE_CRIT, "oom +%s", format_count(h->oom_kills_delta, a, sizeof(a)));
	else
		view_putf(&l, STYLE_NORMAL, "oom %s", snap_has(h->oom_kills_delta) ? "0" : "-");
	view_tab(&l, x3);
	view_putf(&l, STYLE_NORMAL, "used %s", format_bytes(h->mem.used_bytes, a, sizeof(a)));
	view_tab(&l, x4);
	view_putf(&l, STYLE_NORMAL, "swap %s", format_bytes(h->mem.swap_bytes, a, sizeof(a)));
	y++;
	if (compact)
		return y;

	/* Block I/O: throughput (no capacity to be a % of); PSI; iowait. */
	view_line_start(&l, g, y, 0, w);
	view_put(&l, STYLE_HEADER, "IO");
	view_tab(&l, 4);
	view_putf(&l, STYLE_NORMAL, "r %s w %s",
		  view_u(format_rate(h->io.read_bps, a, sizeof(a)), sizeof(a), "/s"),
		  view_u(format_rate(h->io.write_bps, b, sizeof(b)), sizeof(b), "/s"));
	view_tab(&l, x1);
	view_put(&l, view_sev_style(columns[COL_IO_PSI].severity(&hr)),
		 view_psi_pair(h->io.psi_some_avg10, h->io.psi_full_avg10, buf, sizeof(buf)));
	view_tab(&l, x2);
	view_putf(&l, STYLE_NORMAL, "iowait %s",
		  view_u(format_pct(h->iowait_pct, a, sizeof(a)), sizeof(a), "%"));
	y++;

	/* Network of the host's namespace: throughput; drops and errors. */
	view_line_start(&l, g, y, 0, w);
	view_put(&l, STYLE_HEADER, "NET");
	view_tab(&l, 4);
	view_putf(&l, STYLE_NORMAL, "rx %s tx %s",
		  view_u(format_rate(h->net.rx_bps, a, sizeof(a)), sizeof(a), "/s"),
		  view_u(format_rate(h->net.tx_bps, b, sizeof(b)), sizeof(b), "/s"));
	view_tab(&l, x1);
	columns[COL_NET_ERR].format(&hr, a, sizeof(a));
	view_putf(&l, view_sev_style(columns[COL_NET_ERR].severity(&hr)), "drop+err %s",
		  view_u(a, sizeof(a), "/s"));
	view_tab(&l, x2);
	view_putf(&l, STYLE_NORMAL, "retrans %s",
		  view_u(format_count(h->net.tcp_retrans_per_s, a, sizeof(a)), sizeof(a), "/s"));
	return y + 1;
}

/* The first shown column that sorts by KEY carries the sort marker. */
static int sort_column(const enum col_id *ids, size_t n, enum sort_key key)
{
	for (size_t i = 0; i < n; i++)
		if (columns[ids[i]].sort == key)
			return (int)i;
	return -1;
}

static void draw_header(struct grid *g, int y, const enum col_id *ids, const int *widths, size_t n,
			const struct ui_state *st, struct ui_layout *lay)
{
	lay->header_y = y;
	int x = 0, sorted = sort_column(ids, n, st->sort);
	/* Numbers sort biggest first and names A to Z unless reversed. */
	bool down = (st->sort == SORT_NAME) == st->sort_reverse;

	grid_restyle(g, y, 0, grid_width(g), STYLE_HEADER);
	for (size_t i = 0; i < n; i++) {
		const struct column *col = &columns[ids[i]];
		char title[32];
		enum style s = STYLE_HEADER;
		int tw = (int)strlen(col->title);
		if ((int)i == sorted) {
			s = STYLE_SORTED;
			const char *arrow = grid_glyph(g, down ? GLYPH_DOWN : GLYPH_UP);
			if (tw + 1 <= widths[i])
				snprintf(title, sizeof(title), col->left ? "%s%s" : "%2$s%1$s", col->title,
					 arrow);
			else
				snprintf(title, sizeof(title), "%s", col->title);
		} else {
			snprintf(title, sizeof(title), "%s", col->title);
		}
		if (col->left)
			grid_text(g, y, x, widths[i], s, title);
		else
			grid_text_right(g, y, x, widths[i], s, title);
		if (lay->nheader < UI_HEADER_MAX)
			lay->header[lay->nheader++] =
			    (struct ui_header_col){x, x + widths[i], col->sort == SORT_MAX ? -1 : (int)col->sort};
		x += widths[i] + 1;
	}
}

static void draw_row(struct grid *g, int y, const struct snap_row *r, const enum col_id *ids,
		     const int *widths, size_t n)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		const struct column *col = &columns[ids[i]];
		char buf[128];
		col->format(r, buf, sizeof(buf));
		enum style s = view_sev_style(col->severity(r));
		if (ids[i] == COL_NAME)
			/* The name carries the row's worst severity, so a figure
			 * dropped on a narrow screen still marks its row. Whole,
			 * not BUF's copy: the middle is what gets shortened. */
			grid_text_mid(g, y, x, widths[i], view_sev_style(view_row_severity(r)), r->name ? r->name : "");
		else if (strcmp(buf, "-") == 0)
			grid_text_right(g, y, x, widths[i], STYLE_DIM, buf);
		else if (col->left)
			grid_text(g, y, x, widths[i], s, buf);
		else
			grid_text_right(g, y, x, widths[i], s, buf);
		x += widths[i] + 1;
	}
}

static void draw_worst(struct grid *g, int y, const struct snapshot *s)
{
	struct view_line l;
	view_line_start(&l, g, y, 0, grid_width(g));
	if (!isfinite(s->interval_s)) {
		view_put(&l, STYLE_DIM, "first sample: rates and verdicts after one interval");
		return;
	}
	if (s->worst_row < 0 || (size_t)s->worst_row >= s->nrows) {
		view_put(&l, STYLE_DIM, "worst first: nothing saturated or failing in the interval");
		return;
	}
	const struct snap_row *r = &s->rows[s->worst_row];
	enum style st = view_sev_style(view_sev_max(view_row_severity(r), columns[COL_VERDICT].severity(r)));
	view_put(&l, STYLE_DIM, "worst first: ");
	/* Shorten the name rather than lose the resource and the reason. */
	int room = grid_width(g) - l.x - 8 - (s->worst_resource ? (int)strlen(s->worst_resource) : 0);
	l.x += grid_text_mid(g, y, l.x,
			     room < 8	 ? 8
			     : room > 40 ? 40
					 : room,
			     st, r->name ? r->name : r->cgroup);
	if (s->worst_resource)
		view_putf(&l, st, "  %s", s->worst_resource);
	if (r->verdict_reason && r->verdict_reason[0]) {
		view_put(&l, STYLE_DIM, ": ");
		grid_text(g, y, l.x, l.end - l.x, STYLE_NORMAL, r->verdict_reason);
	}
}

void view_overview(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	const struct snapshot *s = c->snap;
	const struct ui_state *st = c->st;
	int w = grid_width(g), h = grid_height(g);
	enum col_id ids[COL_MAX];
	int widths[COL_MAX];

	view_title(g, c);
	view_status(g, c, hints);
	if (!s) {
		view_center(g, 1, h - 2, STYLE_DIM, "collecting the first sample...");
		return;
	}
	int y = draw_host(g, s, 1, h < 16);

	size_t n = columns_fit(w, ids, widths);
	int used = (int)n - 1;
	for (size_t i = 0; i < n; i++)
		used += widths[i];
	/* Spare columns go to the name, as far as the longest name needs:
	 * it is what gets shortened. */
	int longest = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		int nw = esc_width(s->rows[i].name ? s->rows[i].name : "", grid_utf8(g));
		longest = nw > longest ? nw : longest;
	}
	for (size_t i = 0; i < n && used < w; i++)
		if (ids[i] == COL_NAME && widths[i] < longest) {
			int extra = longest - widths[i] < w - used ? longest - widths[i] : w - used;
			widths[i] += extra;
		}
	draw_header(g, y++, ids, widths, n, st, lay);

	/* The hot pane takes two fifths of what is left below the host, when
	 * that leaves the containers room: its rule and the reason when
	 * there is no profiler, else its heads and up to ten functions. */
	int rows = h - 2 - y, hot = 0;
	if (rows >= 10) {
		hot = s->profiler_status ? 2 : rows * 2 / 5;
		hot = hot > 12 ? 12 : hot;
		rows -= hot;
		view_hot_pane(g, c, h - 1 - hot, hot, st->ov_pane == 1, lay);
	}
	lay->list_y = y;
	lay->list_rows = rows;
	lay->list_len = s->nrows;
	draw_worst(g, h - 2 - hot, s);
	if (!s->nrows) {
		view_center(g, y, y + rows - 1, STYLE_DIM,
			    st->filter[0] ? "no container matches the filter (Esc clears it)"
					  : "no containers");
		return;
	}

	size_t sel = st->sel_index < s->nrows ? st->sel_index : s->nrows - 1;
	size_t top = view_scroll_top(st->top, sel, s->nrows, rows);
	lay->list_top = top;
	for (int i = 0; i < rows && top + (size_t)i < s->nrows; i++) {
		draw_row(g, y + i, &s->rows[top + (size_t)i], ids, widths, n);
		if (top + (size_t)i == sel)
			grid_select_row(g, y + i);
	}
}
