/* view_function.c - one hot function (issue 5): its self and total share
 * of the scope, then who calls it and what it calls as two indented trees
 * with percentages (a text icicle), from the struct calltree the app built
 * (ui/calltree.h). One list of lines with a heading before each tree; the
 * selected line is what Enter follows. Symbol names come from untrusted
 * binaries: they are drawn through the grid, which escapes them. Owned by
 * the ui side of issue 5. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "format.h"
#include "view_priv.h"

static const char *const hints[] = {"Esc", "back", "Enter", "follow", "K", "kernel",
				    "U",   "user", "f",	    "folded", "W", "cumulative",
				    "h",   "help", "q",	    "quit",   NULL};

/* The list: the callers' heading, their lines, the callees' heading, their
 * lines, and a note when lines were left out. Display row of tree line I: */
static size_t disp_row(const struct calltree *t, size_t i)
{
	return i + (i < t->ncallers ? 1 : 2);
}

static void draw_heading(struct grid *g, int y, enum calltree_part part)
{
	view_rule(g, y, STYLE_HEADER,
		  part == CALLTREE_CALLERS ? "callers: who calls it, out to the thread's start"
					   : "callees: what it calls, in to the sampled frame");
}

static void draw_line(struct grid *g, int y, const struct calltree_line *l, bool selected)
{
	int w = grid_width(g);
	int mw = w >= 100 ? 24 : 16;
	char pct[16];
	/* Each level two columns in, but names keep at least half the room. */
	int room = w - mw - 1 - 8, indent = (int)l->depth * 2;
	if (indent > room / 2)
		indent = room / 2;
	grid_text_right(g, y, 0, 6, l->depth ? STYLE_NORMAL : STYLE_HEADER,
			view_u(format_pct(l->pct, pct, sizeof(pct)), sizeof(pct), "%"));
	grid_text_mid(g, y, 8 + indent, room - indent, l->depth ? STYLE_NORMAL : STYLE_HEADER, l->function);
	grid_text_mid(g, y, w - mw, mw, STYLE_DIM, l->module);
	if (selected)
		grid_select_row(g, y);
}

/* Row 1 and 2: the function, its module and shares, the scope, the window
 * and the frames hidden. */
static void draw_head(struct grid *g, const struct view_ctx *c)
{
	const struct ui_state *st = c->st;
	const struct calltree *t = c->calltree;
	int w = grid_width(g);
	char a[16], b[16], span[32];
	struct view_line l;

	view_line_start(&l, g, 1, 0, w);
	l.x += grid_text_mid(g, 1, 0, w * 2 / 3, STYLE_HEADER, st->fn_name ? st->fn_name : "?");
	view_put(&l, STYLE_NORMAL, "  ");
	grid_text_mid(g, 1, l.x, w - l.x, STYLE_DIM, st->fn_module && st->fn_module[0] ? st->fn_module : "-");

	view_line_start(&l, g, 2, 0, w);
	double self = t ? t->self_pct : NAN, total = t ? t->total_pct : NAN;
	view_putf(&l, STYLE_NORMAL, "self %s  total %s",
		  view_u(format_pct(self, a, sizeof(a)), sizeof(a), "%"),
		  view_u(format_pct(total, b, sizeof(b)), sizeof(b), "%"));
	view_put(&l, STYLE_DIM, st->fn_scope ? "  in " : "  on the ");
	l.x += grid_text_mid(g, 2, l.x, w / 3, STYLE_NORMAL, view_scope_name(c->snap, st->fn_scope));
	if (view_hot_span(c, span, sizeof(span))[0])
		view_putf(&l, STYLE_DIM, "  %s", span);
	if (st->hide_kernel)
		view_put(&l, STYLE_WARN, "  kernel frames hidden (K)");
	if (st->hide_user)
		view_put(&l, STYLE_WARN, "  user frames hidden (U)");
}

void view_function(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	const struct snapshot *s = c->snap;
	const struct ui_state *st = c->st;
	const struct calltree *t = c->calltree;
	int h = grid_height(g);
	char msg[256], span[32];

	view_title(g, c);
	view_status(g, c, hints);
	if (!s) {
		view_center(g, 1, h - 2, STYLE_DIM, "collecting the first sample...");
		return;
	}
	draw_head(g, c);
	if (s->profiler_status) {
		snprintf(msg, sizeof(msg), "profiler not available: %s", s->profiler_status);
		view_center(g, 3, h - 2, STYLE_DIM, msg);
		return;
	}
	if (c->calltree_err == -ENOENT) {
		snprintf(msg, sizeof(msg), "%s has gone: its cgroup is no longer there (Esc goes back)",
			 view_scope_name(s, st->fn_scope));
		view_center(g, 3, h - 2, STYLE_WARN, msg);
		return;
	}
	if (!t || !t->nlines) {
		view_hot_span(c, span, sizeof(span));
		snprintf(msg, sizeof(msg), "no samples of this function %s %s%s%s",
			 st->fn_scope ? "in" : "on the", view_scope_name(s, st->fn_scope),
			 span[0] ? " in the " : "", span);
		view_center(g, 3, h - 2, STYLE_DIM, msg);
		return;
	}

	int y = 3, rows = h - 1 - y;
	size_t total = t->nlines + 2 + (t->truncated ? 1 : 0);
	size_t sel = st->fn_index < t->nlines ? st->fn_index : t->nlines - 1, sd = disp_row(t, sel);
	size_t top = st->fn_top;
	if (total > (size_t)rows && top > total - (size_t)rows)
		top = total - (size_t)rows;
	else if (total <= (size_t)rows)
		top = 0;
	if (sel == 0)
		top = 0; /* the first line: its heading too */
	else if (sd < top)
		top = sd;
	else if (sd >= top + (size_t)rows)
		top = sd - (size_t)rows + 1;
	lay->list_y = y;
	lay->list_rows = rows;
	lay->list_len = t->nlines;
	lay->list_top = top;

	for (int r = 0; r < rows && top + (size_t)r < total; r++) {
		size_t d = top + (size_t)r;
		if (d == 0) {
			draw_heading(g, y + r, CALLTREE_CALLERS);
		} else if (d == t->ncallers + 1) {
			draw_heading(g, y + r, CALLTREE_CALLEES);
		} else if (d == t->nlines + 2) {
			grid_text(g, y + r, 2, grid_width(g) - 2, STYLE_DIM,
				  "deeper levels or further lines left out");
		} else {
			size_t i = d - (d <= t->ncallers ? 1 : 2);
			draw_line(g, y + r, &t->lines[i], i == sel);
		}
	}
}
