/* view.h - the screens: each draws a const snapshot (plus the user's state,
 * the sparkline history and, on the process screen, that process's details)
 * into a grid. Views read nothing, keep nothing and never touch the
 * terminal, so the golden tests render them headlessly at any size.
 * Owned by the ui issue. */
#ifndef BOXTOP_VIEW_H
#define BOXTOP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "history.h"
#include "proc_detail.h"
#include "snapshot.h"
#include "state.h"

/* Below this the screen says so instead of drawing. */
#define VIEW_MIN_W 40
#define VIEW_MIN_H 10

struct view_ctx {
	const struct snapshot *snap; /* NULL until the first sample */
	const struct ui_state *st;
	const struct history *hist;	  /* NULL: no sparklines */
	const struct proc_detail *detail; /* process screen: the selected process's, or NULL */
	int detail_err;			  /* -errno of the last detail read, 0 if none */
	/* Names a uid (NULL: numbers only; the golden tests stay host-independent). */
	const char *(*user_name)(uint32_t uid, char *buf, size_t n);
};

/* Clears G, draws the current screen into it and reports where its list
 * went, for paging and the mouse. */
void view_draw(struct grid *g, const struct view_ctx *ctx, struct ui_layout *lay);

#endif
