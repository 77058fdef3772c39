/* grid.c - see grid.h. A wide character owns two cells: its own and a
 * width-0 continuation to its right. Overwriting either half blanks the
 * other, so a dump never holds half a character and the terminal never
 * receives one. */
#include "config.h"

#include "grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

struct grid {
	int w, h;
	bool utf8;
	int cur_y, cur_x;
	struct cell *cells;
};

static const char *const glyphs_utf8[GLYPH_MAX] = {
    [GLYPH_HLINE] = "─",       [GLYPH_VLINE] = "│",	  [GLYPH_ELLIPSIS] = "…",
    [GLYPH_BAR] = "█",	       [GLYPH_BAR_EMPTY] = "·",	  [GLYPH_SPARK_0] = "▁",
    [GLYPH_SPARK_0 + 1] = "▂", [GLYPH_SPARK_0 + 2] = "▃", [GLYPH_SPARK_0 + 3] = "▄",
    [GLYPH_SPARK_0 + 4] = "▅", [GLYPH_SPARK_0 + 5] = "▆", [GLYPH_SPARK_0 + 6] = "▇",
    [GLYPH_SPARK_7] = "█",     [GLYPH_UP] = "▲",	  [GLYPH_DOWN] = "▼",
};

static const char *const glyphs_ascii[GLYPH_MAX] = {
    [GLYPH_HLINE] = "-",       [GLYPH_VLINE] = "|",	  [GLYPH_ELLIPSIS] = "~",
    [GLYPH_BAR] = "|",	       [GLYPH_BAR_EMPTY] = " ",	  [GLYPH_SPARK_0] = "_",
    [GLYPH_SPARK_0 + 1] = ".", [GLYPH_SPARK_0 + 2] = ",", [GLYPH_SPARK_0 + 3] = "-",
    [GLYPH_SPARK_0 + 4] = "=", [GLYPH_SPARK_0 + 5] = "+", [GLYPH_SPARK_0 + 6] = "*",
    [GLYPH_SPARK_7] = "#",     [GLYPH_UP] = "^",	  [GLYPH_DOWN] = "v",
};

static const char style_letters[STYLE_MAX + 1] = " dthogwcks";

static void cell_blank(struct cell *c)
{
	c->s[0] = ' ';
	c->s[1] = '\0';
	c->width = 1;
	c->style = STYLE_NORMAL;
	c->selected = false;
}

struct grid *grid_new(int w, int h, bool utf8)
{
	struct grid *g = xcalloc(1, sizeof(*g));
	g->w = w < 1 ? 1 : w;
	g->h = h < 1 ? 1 : h;
	g->utf8 = utf8;
	g->cells = xcalloc((size_t)g->w * (size_t)g->h, sizeof(*g->cells));
	grid_clear(g);
	return g;
}

void grid_free(struct grid *g)
{
	if (!g)
		return;
	free(g->cells);
	free(g);
}

void grid_clear(struct grid *g)
{
	for (size_t i = 0; i < (size_t)g->w * (size_t)g->h; i++)
		cell_blank(&g->cells[i]);
	g->cur_y = g->cur_x = -1;
}

int grid_width(const struct grid *g)
{
	return g->w;
}

int grid_height(const struct grid *g)
{
	return g->h;
}

bool grid_utf8(const struct grid *g)
{
	return g->utf8;
}

static struct cell *cell_at(const struct grid *g, int y, int x)
{
	return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

const struct cell *grid_at(const struct grid *g, int y, int x)
{
	return cell_at(g, y, x);
}

const char *grid_glyph(const struct grid *g, enum glyph gl)
{
	return (g->utf8 ? glyphs_utf8 : glyphs_ascii)[gl];
}

/* Blanks whatever wide character overlaps cell (Y, X) before it is reused. */
static void unpair(struct grid *g, int y, int x)
{
	struct cell *c = cell_at(g, y, x);
	if (c->width == 0 && x > 0)
		cell_blank(cell_at(g, y, x - 1));
	else if (c->width == 2 && x + 1 < g->w)
		cell_blank(cell_at(g, y, x + 1));
}

/* Puts one unit at (Y, X); the caller checked it fits on the row. */
static void put_unit(struct grid *g, int y, int x, enum style st, const struct esc_unit *u)
{
	if (u->escaped) {
		for (int i = 0; i < u->width; i++) {
			unpair(g, y, x + i);
			struct cell *c = cell_at(g, y, x + i);
			c->s[0] = u->bytes[i];
			c->s[1] = '\0';
			c->width = 1;
			c->style = (unsigned char)st;
		}
		return;
	}
	unpair(g, y, x);
	if (u->width == 2)
		unpair(g, y, x + 1);
	struct cell *c = cell_at(g, y, x);
	memcpy(c->s, u->bytes, strlen(u->bytes) + 1);
	c->width = (unsigned char)u->width;
	c->style = (unsigned char)st;
	if (u->width == 2) {
		struct cell *r = cell_at(g, y, x + 1);
		r->s[0] = '\0';
		r->width = 0;
		r->style = (unsigned char)st;
	}
}

/* Writes the units of [S, END) from column X, at most MAXW columns. */
static int put_span(struct grid *g, int y, int x, int maxw, enum style st, const char *s, const char *end)
{
	struct esc_unit u;
	int used = 0;

	if (y < 0 || y >= g->h)
		return 0;
	while (s < end) {
		esc_next(&s, end, g->utf8, &u);
		if (used + u.width > maxw)
			break;
		if (x + used >= 0 && x + used + u.width <= g->w)
			put_unit(g, y, x + used, st, &u);
		used += u.width;
	}
	return used;
}

int grid_text(struct grid *g, int y, int x, int maxw, enum style st, const char *s)
{
	return put_span(g, y, x, maxw, st, s, s + strlen(s));
}

int grid_textf(struct grid *g, int y, int x, int maxw, enum style st, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return grid_text(g, y, x, maxw, st, buf);
}

int grid_text_right(struct grid *g, int y, int x, int w, enum style st, const char *s)
{
	int sw = esc_width(s, g->utf8);
	if (sw > w)
		return grid_text(g, y, x, w, st, s);
	return grid_text(g, y, x + w - sw, sw, st, s);
}

int grid_text_mid(struct grid *g, int y, int x, int w, enum style st, const char *s)
{
	const char *end = s + strlen(s);
	int total = esc_width(s, g->utf8);

	if (total <= w || w < 3)
		return grid_text(g, y, x, w, st, s);

	/* Head gets the extra column; the tail is found by measuring from the
	 * end of the units that fit in TOTAL - TAILW. */
	int avail = w - 1, headw = (avail + 1) / 2, tailw = avail - headw;
	int head = put_span(g, y, x, headw, st, s, end);
	grid_text(g, y, x + head, 1, st, grid_glyph(g, GLYPH_ELLIPSIS));

	const char *p = s;
	struct esc_unit u;
	int skipped = 0;
	while (p < end) {
		const char *q = p;
		esc_next(&q, end, g->utf8, &u);
		if (total - skipped <= tailw)
			break;
		skipped += u.width;
		p = q;
	}
	int tail = put_span(g, y, x + head + 1, tailw, st, p, end);
	return head + 1 + tail;
}

void grid_fill(struct grid *g, int y, int x, int w, enum style st, enum glyph gl)
{
	const char *s = grid_glyph(g, gl);
	for (int i = 0; i < w; i++)
		grid_text(g, y, x + i, 1, st, s);
}

void grid_restyle(struct grid *g, int y, int x, int w, enum style st)
{
	if (y < 0 || y >= g->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + w && i < g->w; i++)
		cell_at(g, y, i)->style = (unsigned char)st;
}

void grid_select_row(struct grid *g, int y)
{
	if (y < 0 || y >= g->h)
		return;
	for (int i = 0; i < g->w; i++)
		cell_at(g, y, i)->selected = true;
}

void grid_copy_rows(struct grid *dst, int dy, const struct grid *src, int sy, int n)
{
	int w = dst->w < src->w ? dst->w : src->w;
	for (int i = 0; i < n; i++) {
		if (dy + i < 0 || dy + i >= dst->h || sy + i < 0 || sy + i >= src->h)
			continue;
		memcpy(cell_at(dst, dy + i, 0), cell_at(src, sy + i, 0), (size_t)w * sizeof(struct cell));
		/* A wide character cut by a narrower destination is blanked. */
		if (w < src->w && cell_at(dst, dy + i, w - 1)->width == 2)
			cell_blank(cell_at(dst, dy + i, w - 1));
	}
}

void grid_set_cursor(struct grid *g, int y, int x)
{
	g->cur_y = y;
	g->cur_x = x;
}

void grid_get_cursor(const struct grid *g, int *y, int *x)
{
	*y = g->cur_y;
	*x = g->cur_x;
}

/* Appends row Y (text or style letters) to SB without trailing blanks. */
static void dump_row(const struct grid *g, int y, bool styles, struct strbuf *sb)
{
	size_t keep = sb->len;

	for (int x = 0; x < g->w; x++) {
		const struct cell *c = cell_at(g, y, x);
		bool blank;
		if (styles) {
			char ch = style_letters[c->style];
			if (c->selected)
				ch = ch == ' ' ? '=' : (char)(ch - 'a' + 'A');
			strbuf_add(sb, &ch, 1);
			blank = ch == ' ';
		} else {
			strbuf_puts(sb, c->s);
			blank = c->width == 0 || (c->s[0] == ' ' && c->s[1] == '\0');
		}
		if (!blank)
			keep = sb->len;
	}
	sb->len = keep;
	strbuf_add(sb, "\n", 1);
}

static char *dump(const struct grid *g, bool styles)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int y = 0; y < g->h; y++)
		dump_row(g, y, styles, &sb);
	return strbuf_detach(&sb);
}

char *grid_dump(const struct grid *g)
{
	return dump(g, false);
}

char *grid_dump_styles(const struct grid *g)
{
	return dump(g, true);
}
