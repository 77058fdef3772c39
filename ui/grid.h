/* grid.h - an in-memory screen: W x H cells, each holding one display unit
 * (a character of width 1 or 2, or one ASCII byte of an escape) and a
 * semantic style. Views draw a snapshot into a grid; ui/term.c copies the
 * grid to the terminal, the golden tests and the snapshot files dump it as
 * text. No curses here: styles say what a cell means, term.c decides how
 * that looks (colour, bold/reverse, nothing).
 *
 * All text goes through ui/escape.c, so writing an untrusted string is as
 * safe as writing a label. Writes are clipped to the grid. Owned by the ui
 * issue. */
#ifndef BOXTOP_GRID_H
#define BOXTOP_GRID_H

#include <stdbool.h>

enum style {
	STYLE_NORMAL,
	STYLE_DIM,    /* absent values, secondary text */
	STYLE_TITLE,  /* the top line */
	STYLE_HEADER, /* column titles, section rules */
	STYLE_SORTED, /* the title of the sort column */
	STYLE_GOOD,   /* the used part of a utilisation bar */
	STYLE_WARN,   /* saturation or errors present */
	STYLE_CRIT,   /* severe: an OOM kill, a fork failure, heavy throttling or stalls */
	STYLE_KEY,    /* a key name in a hint */
	STYLE_STATUS, /* the bottom line */
	STYLE_MAX
};

/* Box drawing, bars and sparklines: Unicode in UTF-8 mode, ASCII otherwise. */
enum glyph {
	GLYPH_HLINE,
	GLYPH_VLINE,
	GLYPH_ELLIPSIS,
	GLYPH_BAR, /* the filled part of a bar */
	GLYPH_BAR_EMPTY,
	GLYPH_SPARK_0, /* eight sparkline levels: GLYPH_SPARK_0 + 0..7 */
	GLYPH_SPARK_7 = GLYPH_SPARK_0 + 7,
	GLYPH_UP, /* sort direction markers */
	GLYPH_DOWN,
	GLYPH_MAX
};

struct cell {
	char s[8];	     /* NUL-terminated; "" in the right half of a wide character */
	unsigned char width; /* 1 or 2; 0 in the right half of a wide character */
	unsigned char style; /* enum style */
	bool selected;	     /* part of the selected row (drawn reversed) */
};

struct grid;

/* A W x H grid of blanks. W and H are clamped to at least 1. */
struct grid *grid_new(int w, int h, bool utf8);
void grid_free(struct grid *g);
/* Blanks every cell and hides the cursor. */
void grid_clear(struct grid *g);
int grid_width(const struct grid *g);
int grid_height(const struct grid *g);
bool grid_utf8(const struct grid *g);
/* The cell at (Y, X), which must be inside the grid. Borrowed. */
const struct cell *grid_at(const struct grid *g, int y, int x);

const char *grid_glyph(const struct grid *g, enum glyph gl);

/* Writes S at (Y, X) using at most MAXW columns (a unit that does not fit
 * whole is left out); returns the columns used. */
int grid_text(struct grid *g, int y, int x, int maxw, enum style st, const char *s);
int grid_textf(struct grid *g, int y, int x, int maxw, enum style st, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Right-aligns S in the W columns that end before X + W. */
int grid_text_right(struct grid *g, int y, int x, int w, enum style st, const char *s);
/* Writes S into W columns, shortened in the middle with an ellipsis when it
 * is wider ("web-th…ottled"): both ends of a name are what tells names
 * apart. Returns the columns used. */
int grid_text_mid(struct grid *g, int y, int x, int w, enum style st, const char *s);
/* Repeats GL over W columns from (Y, X). */
void grid_fill(struct grid *g, int y, int x, int w, enum style st, enum glyph gl);
/* Changes the style of W cells from (Y, X), keeping their text. */
void grid_restyle(struct grid *g, int y, int x, int w, enum style st);
/* Marks row Y as the selected row. */
void grid_select_row(struct grid *g, int y);
/* Copies N rows of SRC from row SY to DST at row DY (the columns both have):
 * scrollable screens draw all their text into a tall grid, then show a
 * window of it. */
void grid_copy_rows(struct grid *dst, int dy, const struct grid *src, int sy, int n);
/* Where the terminal shows its cursor (the filter prompt); -1 hides it. */
void grid_set_cursor(struct grid *g, int y, int x);
void grid_get_cursor(const struct grid *g, int *y, int *x);

/* The text of the grid, one line per row with trailing blanks removed, as
 * a malloc'd string the caller frees. */
char *grid_dump(const struct grid *g);
/* One character per column saying each cell's style (" dthogwcks" in
 * enum order; upper case, or '=' for normal, when selected), trailing
 * blanks removed: what the golden tests keep
 * to prove that an OOM kill is drawn as critical. Caller frees. */
char *grid_dump_styles(const struct grid *g);

#endif
