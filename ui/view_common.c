/* view_common.c - what every screen shares (see view_priv.h), and
 * view_draw, which picks the screen. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "format.h"
#include "view_priv.h"

void view_line_start(struct view_line *l, struct grid *g, int y, int x, int end)
{
	l->g = g;
	l->y = y;
	l->x = x;
	l->end = end < grid_width(g) ? end : grid_width(g);
	l->full = false;
}

bool view_put(struct view_line *l, enum style st, const char *s)
{
	if (l->full)
		return false;
	int w = esc_width(s, grid_utf8(l->g));
	if (l->x + w > l->end) {
		l->full = true;
		return false;
	}
	l->x += grid_text(l->g, l->y, l->x, w, st, s);
	return true;
}

bool view_putf(struct view_line *l, enum style st, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return view_put(l, st, buf);
}

void view_tab(struct view_line *l, int x)
{
	if (l->x < x)
		l->x = x < l->end ? x : l->end;
	else if (l->x > 0)
		l->x++; /* a field ran past the stop: keep it apart from the next */
}

char *view_psi_pair(double some, double full, char *buf, size_t n)
{
	char a[16], b[16];
	snprintf(buf, n, "psi %s/%s", format_psi(some, a, sizeof(a)), format_psi(full, b, sizeof(b)));
	return buf;
}

char *view_u(char *buf, size_t n, const char *unit)
{
	size_t len = strlen(buf);
	if (strcmp(buf, "-") != 0 && len + strlen(unit) < n)
		memcpy(buf + len, unit, strlen(unit) + 1);
	return buf;
}

enum style view_sev_style(enum severity s)
{
	return s == SEV_CRIT ? STYLE_CRIT : s == SEV_WARN ? STYLE_WARN : STYLE_NORMAL;
}

enum severity view_sev_max(enum severity a, enum severity b)
{
	return a > b ? a : b;
}

enum severity view_row_severity(const struct snap_row *r)
{
	enum severity s = SEV_NONE;
	for (int i = 0; i < COL_MAX; i++)
		s = view_sev_max(s, columns[i].severity(r));
	return s;
}

char *view_time(uint64_t real_ns, bool date, char *buf, size_t n)
{
	time_t t = (time_t)(real_ns / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, n, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm))
		snprintf(buf, n, "-");
	return buf;
}

char *view_interval(double s, char *buf, size_t n)
{
	if (isnan(s))
		snprintf(buf, n, "-");
	else if (s < 10 && s != floor(s))
		snprintf(buf, n, "%.1fs", s);
	else
		snprintf(buf, n, "%.0fs", s);
	return buf;
}

void view_title(struct grid *g, const struct view_ctx *c)
{
	const struct snapshot *s = c->snap;
	const struct ui_state *st = c->st;
	int w = grid_width(g);
	char tbuf[32], ibuf[16];
	struct view_line l;

	grid_restyle(g, 0, 0, w, STYLE_TITLE);

	/* Flags go right, so they stay in view however long the host name is. */
	char flags[UI_FILTER_MAX + 32] = "";
	if (st->filter[0] || st->filter_editing)
		snprintf(flags, sizeof(flags), "filter \"%s\" ", st->filter);
	int fw = esc_width(flags, grid_utf8(g)) + (st->paused ? 8 : 0);
	int fx = w - fw;

	view_line_start(&l, g, 0, 0, fx - 1);
	view_put(&l, STYLE_TITLE, "boxtop ");
	if (s) {
		view_put(&l, STYLE_TITLE, s->host.hostname ? s->host.hostname : "-");
		view_putf(&l, STYLE_TITLE, "  %s", view_time(s->real_ns, false, tbuf, sizeof(tbuf)));
	}
	view_putf(&l, STYLE_TITLE, "  every %s", view_interval(st->interval_s, ibuf, sizeof(ibuf)));
	if (s) {
		view_putf(&l, STYLE_TITLE, "  %s", cg_layout_names[s->layout]);
		view_putf(&l, STYLE_TITLE, "  %zu group%s", s->nrows, s->nrows == 1 ? "" : "s");
	}
	if (fx > 0) {
		int x = fx + grid_text(g, 0, fx, w - fx, STYLE_TITLE, flags);
		if (st->paused)
			grid_text(g, 0, x, w - x, STYLE_WARN, "PAUSED");
	}
}

void view_status(struct grid *g, const struct view_ctx *c, const char *const *hints)
{
	const struct ui_state *st = c->st;
	int y = grid_height(g) - 1, w = grid_width(g);
	struct view_line l;

	view_line_start(&l, g, y, 0, w);
	if (st->filter_editing) {
		view_put(&l, STYLE_KEY, "Filter: ");
		/* Show the end of a long filter: that is where the typing happens. */
		int avail = w - l.x - 1, fw = esc_width(st->filter, grid_utf8(g));
		const char *f = st->filter;
		while (fw > avail && *f) {
			const char *end = f + strlen(f);
			struct esc_unit u;
			esc_next(&f, end, grid_utf8(g), &u);
			fw -= u.width;
		}
		view_put(&l, STYLE_NORMAL, f);
		grid_set_cursor(g, y, l.x);
		view_put(&l, STYLE_DIM, "   Enter keep, Esc clear");
		return;
	}
	if (st->message[0]) {
		grid_text(g, y, 0, w, STYLE_STATUS, st->message);
		return;
	}
	for (size_t i = 0; hints[i] && hints[i + 1]; i += 2) {
		int need = esc_width(hints[i], grid_utf8(g)) + 1 + esc_width(hints[i + 1], grid_utf8(g));
		if (l.x + need > w)
			break;
		view_put(&l, STYLE_KEY, hints[i]);
		view_put(&l, STYLE_NORMAL, " ");
		view_put(&l, STYLE_NORMAL, hints[i + 1]);
		view_put(&l, STYLE_NORMAL, "  ");
	}
}

void view_rule(struct grid *g, int y, enum style st, const char *title)
{
	int w = grid_width(g);
	grid_fill(g, y, 0, w, st, GLYPH_HLINE);
	if (title && title[0]) {
		int x = 2 + grid_text(g, y, 2, w - 4, st, " ");
		x += grid_text(g, y, x, w - x - 2, st, title);
		grid_text(g, y, x, w - x, st, " ");
	}
}

void view_bar(struct grid *g, int y, int x, int w, double pct, enum style fill)
{
	if (w < 4)
		return;
	int inner = w - 2, n = 0;
	char label[16];
	if (!isnan(pct)) {
		double p = pct < 0 ? 0 : pct > 100 ? 100 : pct;
		n = (int)lround(p / 100 * inner);
		snprintf(label, sizeof(label), "%.0f%%", pct);
	} else {
		snprintf(label, sizeof(label), "-");
	}
	grid_text(g, y, x, 1, STYLE_DIM, "[");
	grid_fill(g, y, x + 1, n, fill, GLYPH_BAR);
	grid_fill(g, y, x + 1 + n, inner - n, STYLE_DIM, GLYPH_BAR_EMPTY);
	grid_text_right(g, y, x + 1, inner, STYLE_NORMAL, label);
	grid_text(g, y, x + w - 1, 1, STYLE_DIM, "]");
}

void view_spark(struct grid *g, int y, int x, int w, const double *v, size_t n, double scale)
{
	size_t first = n > (size_t)w ? n - (size_t)w : 0;
	/* Right-aligned: the newest value is always in the last column. */
	int at = x + w - (int)(n - first);
	for (size_t i = first; i < n; i++, at++) {
		if (isnan(v[i]))
			continue;
		int level = 0;
		if (scale > 0 && v[i] > 0) {
			level = (int)ceil(v[i] / scale * 8) - 1;
			level = level < 0 ? 0 : level > 7 ? 7 : level;
		}
		grid_text(g, y, at, 1, STYLE_GOOD, grid_glyph(g, (enum glyph)(GLYPH_SPARK_0 + level)));
	}
}

void view_center(struct grid *g, int y0, int y1, enum style st, const char *msg)
{
	int w = grid_width(g), mw = esc_width(msg, grid_utf8(g));
	int x = mw < w ? (w - mw) / 2 : 0;
	grid_text(g, y0 + (y1 - y0) / 2, x, w - x, st, msg);
}

void view_scroll_window(struct grid *g, int y, int rows, const struct grid *src, int src_len, size_t top,
			struct ui_layout *lay)
{
	size_t max = src_len > rows ? (size_t)(src_len - rows) : 0;
	if (top > max)
		top = max;
	grid_copy_rows(g, y, src, (int)top, rows);
	lay->list_y = y;
	lay->list_rows = rows;
	lay->list_len = (size_t)src_len;
	lay->list_top = top;
}

void view_draw(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	int w = grid_width(g), h = grid_height(g);

	grid_clear(g);
	memset(lay, 0, sizeof(*lay));
	lay->list_rows = 1;
	if (w < VIEW_MIN_W || h < VIEW_MIN_H) {
		char msg[96];
		snprintf(msg, sizeof(msg), "boxtop needs %dx%d, this is %dx%d", VIEW_MIN_W, VIEW_MIN_H, w, h);
		/* Too narrow even for that: say less, down to the bare size. */
		if (esc_width(msg, grid_utf8(g)) > w)
			snprintf(msg, sizeof(msg), "too small: need %dx%d", VIEW_MIN_W, VIEW_MIN_H);
		if (esc_width(msg, grid_utf8(g)) > w)
			snprintf(msg, sizeof(msg), "%dx%d", VIEW_MIN_W, VIEW_MIN_H);
		view_center(g, 0, h - 1, STYLE_WARN, msg);
		return;
	}
	switch (c->st->screen) {
	case SCREEN_OVERVIEW:
		view_overview(g, c, lay);
		break;
	case SCREEN_CONTAINER:
		view_container(g, c, lay);
		break;
	case SCREEN_PROCESS:
		view_process(g, c, lay);
		break;
	case SCREEN_FUNCTION:
		view_function(g, c, lay);
		break;
	case SCREEN_HELP:
	case SCREEN_MAX:
		view_help(g, c, lay);
		break;
	}
}

size_t view_scroll_top(size_t top, size_t sel, size_t n, int rows)
{
	size_t r = rows > 0 ? (size_t)rows : 1;
	if (n > r && top > n - r)
		top = n - r;
	else if (n <= r)
		top = 0;
	if (sel < top)
		top = sel;
	else if (sel >= top + r)
		top = sel - r + 1;
	return top;
}
