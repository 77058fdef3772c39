/* columns.h - the one table of overview columns. Each has a stable id (used
 * in options, saved settings and documentation), a title, widths, a priority
 * that decides which columns go first on narrow terminals, where its figure
 * comes from, a formatter and a severity. Batch text output and the overview
 * screen both render rows through this table. */
#ifndef BOXTOP_COLUMNS_H
#define BOXTOP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "snapshot.h"

enum col_id {
	COL_NAME,
	COL_RUNTIME,
	COL_CPU,
	COL_CPU_PCT,
	COL_THROTTLED,
	COL_CPU_PSI,
	COL_MEM,
	COL_MEM_PCT,
	COL_MEM_PSI,
	COL_OOM,
	COL_IO_READ,
	COL_IO_WRITE,
	COL_IO_PSI,
	COL_NET_RX,
	COL_NET_TX,
	COL_NET_ERR,
	COL_PIDS,
	COL_VERDICT,
	COL_MAX
};

enum severity { SEV_NONE, SEV_WARN, SEV_CRIT };

struct column {
	const char *id;     /* stable identifier, e.g. "cpu_pct" */
	const char *title;  /* header text */
	int width;          /* preferred width */
	int min_width;      /* narrowest it may be squeezed to (the name column) */
	int priority;       /* 0 = never dropped; higher numbers go first on narrow screens */
	bool left;          /* left-aligned (text) rather than right-aligned (numbers) */
	enum sort_key sort; /* what sorting by this column means; SORT_MAX = not sortable */
	const char *source; /* where the figure comes from (help screen, man page) */
	const char *help;   /* what it means, one line */
	/* Writes the cell text (unescaped: renderers escape untrusted strings). */
	void (*format)(const struct snap_row *r, char *buf, size_t n);
	enum severity (*severity)(const struct snap_row *r);
};

extern const struct column columns[COL_MAX];

/* Chooses the columns that fit in WIDTH (separated by one space), dropping
 * the highest priority numbers first and squeezing the name column; writes
 * their ids to OUT and their widths to WIDTHS (both COL_MAX long) in display
 * order. Returns how many. */
size_t columns_fit(int width, enum col_id *out, int *widths);

/* The host row in the shape of a container row, for rendering through the
 * same columns. */
void columns_host_row(const struct snap_host *h, struct snap_row *out);

/* Thresholds that make a figure stand out, shared with the model's verdicts. */
#define SEV_THROTTLED_WARN_PCT 5.0
#define SEV_THROTTLED_CRIT_PCT 25.0
#define SEV_PSI_WARN 5.0
#define SEV_PSI_FULL_CRIT 10.0
#define SEV_MEM_PCT_WARN 90.0

#endif
