/* view_hot.c - the hot functions pane the overview and the container
 * screen share (issue 5): the top functions by self samples of the scope
 * (the host, or one container) over the profiler's window, with self and
 * total (inclusive) percentages, the module and, on the host's list, the
 * container each one burns in. Symbol names come from untrusted binaries:
 * they are drawn through the grid, which escapes them. Owned by the ui
 * side of issue 5. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "view_priv.h"

char *view_hot_span(const struct view_ctx *c, char *buf, size_t n)
{
	double s = c->hot_span_s;
	const char *what = c->st->hot_cumulative ? "cumulative" : "last";
	if (!(s > 0))
		snprintf(buf, n, "%s", c->st->hot_cumulative ? "cumulative" : "");
	else if (s < 59.5)
		snprintf(buf, n, "%s %.0fs", what, s);
	else if (s < 3600)
		snprintf(buf, n, "%s %dm%02ds", what, (int)(s / 60), (int)s % 60);
	else
		snprintf(buf, n, "%s %dh%02dm", what, (int)(s / 3600), (int)(s / 60) % 60);
	return buf;
}

const char *view_scope_name(const struct snapshot *snap, const char *cgroup)
{
	if (!cgroup)
		return "host";
	const struct snap_row *r = snap ? snapshot_find_row(snap, cgroup) : NULL;
	return r && r->name ? r->name : cgroup;
}

/* The container a host list entry burns in: none is a process of no group. */
static const char *burns_in(const struct snap_hot *h)
{
	return h->container ? h->container : "host";
}

/* Column widths: the function takes what the others leave; on a narrow
 * screen the samples go first, then the container, then the module. */
struct hot_cols {
	int samples, function, module, container;
};

static void hot_fit(int w, bool host, struct hot_cols *hc)
{
	hc->samples = w >= 100 ? 7 : 0;
	hc->module = w >= 100 ? 20 : 14;
	hc->container = host ? (w >= 100 ? 24 : 16) : 0;
	for (;;) {
		/* SELF% and TOTAL% take 6 each, every column 2 blanks after it. */
		hc->function = w - 16 - (hc->samples ? hc->samples + 2 : 0) -
			       (hc->module ? hc->module + 2 : 0) - (hc->container ? hc->container + 2 : 0);
		if (hc->function >= 16)
			return;
		if (hc->container)
			hc->container = 0;
		else if (hc->module)
			hc->module = 0;
		else
			return;
	}
}

void view_hot_pane(struct grid *g, const struct view_ctx *c, int y, int rows, bool focused,
		   struct ui_layout *lay)
{
	const struct snapshot *s = c->snap;
	const struct ui_state *st = c->st;
	int w = grid_width(g);
	enum style rule = focused ? STYLE_HEADER : STYLE_DIM;
	const char *scope = ui_state_scope(st);
	char title[160], span[32];

	view_hot_span(c, span, sizeof(span));
	snprintf(title, sizeof(title), "hot functions %s %s%s%s", scope ? "in" : "on the",
		 view_scope_name(s, scope), span[0] ? ", " : "", span);
	view_rule(g, y++, rule, title);
	lay->hot_rows = rows - 2 > 0 ? rows - 2 : 1;
	lay->hot_top = 0;
	if (s->profiler_status) {
		grid_textf(g, y, 2, w - 2, STYLE_DIM, "profiler not available: %s", s->profiler_status);
		return;
	}
	size_t n;
	const struct snap_hot *hot = ui_state_hot(st, s, &n);
	if (!n) {
		grid_text(g, y, 2, w - 2, STYLE_DIM,
			  scope ? "no samples from this container in the window"
				: "no samples in the window");
		return;
	}

	struct hot_cols hc;
	hot_fit(w, !scope, &hc);
	struct view_line l;
	grid_restyle(g, y, 0, w, STYLE_HEADER);
	view_line_start(&l, g, y, 0, w);
	view_put(&l, STYLE_HEADER, " SELF%  TOTAL%  ");
	if (hc.samples)
		view_put(&l, STYLE_HEADER, "SAMPLES  ");
	view_put(&l, STYLE_HEADER, "FUNCTION");
	int mx = 16 + (hc.samples ? hc.samples + 2 : 0) + hc.function + 2;
	if (hc.module)
		grid_text(g, y, mx, hc.module, STYLE_HEADER, "MODULE");
	if (hc.container)
		grid_text(g, y, mx + hc.module + 2, hc.container, STYLE_HEADER, "CONTAINER");
	y++;

	int shown = lay->hot_rows;
	size_t sel = st->hot_index < n ? st->hot_index : n - 1;
	size_t top = view_scroll_top(st->hot_top, sel, n, shown);
	lay->hot_top = top;
	for (int i = 0; i < shown && top + (size_t)i < n; i++) {
		const struct snap_hot *h = &hot[top + (size_t)i];
		char a[16], b[16], k[16];
		int x = 0;
		grid_text_right(g, y + i, x, 6, STYLE_NORMAL, format_pct(h->self_pct, a, sizeof(a)));
		x += 8;
		grid_text_right(g, y + i, x, 6, STYLE_NORMAL, format_pct(h->total_pct, b, sizeof(b)));
		x += 8;
		if (hc.samples) {
			grid_text_right(g, y + i, x, hc.samples, STYLE_NORMAL,
					format_count((double)h->samples, k, sizeof(k)));
			x += hc.samples + 2;
		}
		grid_text_mid(g, y + i, x, hc.function, STYLE_NORMAL, h->function ? h->function : "?");
		x += hc.function + 2;
		if (hc.module) {
			grid_text_mid(g, y + i, x, hc.module, STYLE_DIM, h->module ? h->module : "-");
			x += hc.module + 2;
		}
		if (hc.container)
			grid_text_mid(g, y + i, x, hc.container, STYLE_NORMAL, burns_in(h));
		if (focused && top + (size_t)i == sel)
			grid_select_row(g, y + i);
	}
}
