/* view_priv.h - helpers the screens share (ui/view_*.c only): a line
 * writer that places whole fields or nothing, the title and status lines,
 * bars, sparklines, rules, and the per-screen entry points. Owned by the ui
 * issue. */
#ifndef BOXTOP_VIEW_PRIV_H
#define BOXTOP_VIEW_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "view.h"

/* Writes fields left to right on one row up to column END; a field that
 * does not fit whole is left out with everything after it, so a narrow
 * screen loses whole figures, never halves of them. */
struct view_line {
	struct grid *g;
	int y, x, end;
	bool full;
};

void view_line_start(struct view_line *l, struct grid *g, int y, int x, int end);
bool view_put(struct view_line *l, enum style st, const char *s);
bool view_putf(struct view_line *l, enum style st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Advances to column X, or one column when already at or past it. */
void view_tab(struct view_line *l, int x);

/* Appends UNIT ("%", "/s") to the figure in BUF unless it is absent ("-"):
 * "- %" would read as a value. Returns BUF. */
char *view_u(char *buf, size_t n, const char *unit);
/* "psi SOME/FULL" (avg10), "-" for either absent. */
char *view_psi_pair(double some, double full, char *buf, size_t n);

enum style view_sev_style(enum severity s);
enum severity view_sev_max(enum severity a, enum severity b);
/* The worst severity over every column of R, shown or not. */
enum severity view_row_severity(const struct snap_row *r);

/* "HH:MM:SS" (or "YYYY-mm-dd HH:MM:SS" with DATE) in local time. */
char *view_time(uint64_t real_ns, bool date, char *buf, size_t n);
/* "0.5s", "2s": an interval. */
char *view_interval(double s, char *buf, size_t n);

/* Row 0: program, host, time, interval, and the paused and filter flags. */
void view_title(struct grid *g, const struct view_ctx *c);
/* The bottom row: the filter prompt, else the message, else key hints
 * HINTS ("key", "what", ... NULL), as many as fit. */
void view_status(struct grid *g, const struct view_ctx *c, const char *const *hints);
/* "── TITLE ──────" across the row. */
void view_rule(struct grid *g, int y, enum style st, const char *title);
/* "[||||    42%]" over W columns: PCT of the inside filled with style FILL. */
void view_bar(struct grid *g, int y, int x, int w, double pct, enum style fill);
/* The last W of the N values V as block levels against SCALE (NAN blank). */
void view_spark(struct grid *g, int y, int x, int w, const double *v, size_t n, double scale);
/* A message in the middle of the body (rows Y0..Y1). */
void view_center(struct grid *g, int y0, int y1, enum style st, const char *msg);

void view_overview(struct grid *g, const struct view_ctx *c, struct ui_layout *lay);
void view_container(struct grid *g, const struct view_ctx *c, struct ui_layout *lay);
void view_process(struct grid *g, const struct view_ctx *c, struct ui_layout *lay);
void view_help(struct grid *g, const struct view_ctx *c, struct ui_layout *lay);
void view_function(struct grid *g, const struct view_ctx *c, struct ui_layout *lay);

/* The hot functions pane of the current scope (ui_state_hot) in rows Y to
 * Y+ROWS-1: a rule naming the scope and the window, the column heads and
 * the list (its selection shown when FOCUSED), or one line saying why
 * there is none. Reports the entries' rows and the top one in LAY. */
void view_hot_pane(struct grid *g, const struct view_ctx *c, int y, int rows, bool focused,
		   struct ui_layout *lay);
/* "last 10s", "cumulative 2m05s": what the hot lists cover ("" when unknown). */
char *view_hot_span(const struct view_ctx *c, char *buf, size_t n);
/* The name of the container whose cgroup is CGROUP in SNAP; "host" for NULL. */
const char *view_scope_name(const struct snapshot *snap, const char *cgroup);
/* Shows rows TOP.. of the tall grid SRC in rows Y..Y+ROWS of G (scrolling
 * text screens), clamping TOP to the text, and reports the list. */
void view_scroll_window(struct grid *g, int y, int rows, const struct grid *src, int src_len, size_t top,
			struct ui_layout *lay);

/* The first visible line of a list of N lines in ROWS rows: where the
 * state scrolled it (TOP), but never past the end and never away from line
 * SEL (the terminal may have grown or shrunk since). */
size_t view_scroll_top(size_t top, size_t sel, size_t n, int rows);

#endif
