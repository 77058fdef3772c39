/* view.h - the screens: each draws a const snapshot (plus the user's state,
 * the sparkline history and, on the process screen, that process's details,
 * on the function screen its caller and callee trees) into a grid. Views
 * read nothing, keep nothing and never touch the terminal, so the golden
 * tests render them headlessly at any size. Owned by the ui issue. */
#ifndef BOXTOP_VIEW_H
#define BOXTOP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "calltree.h"
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
	/* Hot functions: the seconds the profile behind SNAP covers (0: unknown),
	 * and on the function screen its trees (NULL: none built) with the
	 * -errno of the last build (-ENOENT: the scope's container is gone). */
	double hot_span_s;
	const struct calltree *calltree;
	int calltree_err;
};

/* Clears G, draws the current screen into it and reports where its list
 * went, for paging and the mouse. */
void view_draw(struct grid *g, const struct view_ctx *ctx, struct ui_layout *lay);

#endif
