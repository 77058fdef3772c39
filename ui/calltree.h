/* calltree.h - the function screen's data (issue 5): one function's callers
 * and callees in one scope, as the lines of two indented trees with
 * percentages (a text icicle), optionally without kernel or user frames.
 * The app builds it from the profile behind the snapshot on screen; the
 * view (ui/view_function.c) draws only this and never sees the profile.
 * Strings are copied, so a tree outlives the profile it was built from.
 * No I/O. Owned by the ui side of issue 5. */
#ifndef BOXTOP_CALLTREE_H
#define BOXTOP_CALLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "snapshot.h"
#include "state.h"

/* Bounds on what a screen can show: deeper levels and further lines are
 * left out (and said so). */
#define CALLTREE_MAX_DEPTH 64
#define CALLTREE_MAX_LINES 4000

enum calltree_part { CALLTREE_CALLERS, CALLTREE_CALLEES };

struct calltree_line {
	const char *function, *module;
	bool kernel;
	enum calltree_part part;
	unsigned depth;	  /* 0: the function itself, the root of its part */
	size_t parent;	  /* the line one level up; a root's is its own index */
	uint64_t samples; /* through this path */
	double pct;	  /* of the scope's samples */
};

struct calltree {
	const char *function, *module; /* the root, as asked for; NULL when never built */
	bool found;		       /* the function is in the profile at all */
	uint64_t scope_samples;	       /* non-idle samples of the scope */
	double self_pct, total_pct;    /* of the scope's samples; NAN when it has none */
	struct calltree_line *lines;   /* the callers' tree, then the callees' */
	size_t nlines, ncallers;       /* lines [0, ncallers) are the callers' */
	bool truncated;		       /* levels or lines were left out */
	struct arena *arena_;	       /* private: owns the strings */
};

struct calltree_opts {
	bool hide_kernel, hide_user; /* a hidden frame's callers (callees) join its callee (caller) */
};

/* Builds T (which must be zeroed or cleared) for FUNCTION of MODULE over
 * the stacks F selects (NULL: every non-idle stack). A function not in P
 * gives found = false and no lines. */
void calltree_build(struct calltree *t, const struct profile *p, const struct profile_filter *f,
		    const char *function, const char *module, const struct calltree_opts *o);
void calltree_clear(struct calltree *t);

/* The line of T with the same path from its part's root (functions and
 * modules) as line I of OLD, or -1. */
ptrdiff_t calltree_refind(const struct calltree *old, size_t i, const struct calltree *t);

/* What the app does for the function screen, after a tick or a key: with
 * FOLLOW (UI_FOLLOW), first opens the function of the selected line; then
 * rebuilds *T for ST's function, scope and hidden frames from P (NULL: no
 * profile) and SNAP (the scope's container is found there by cgroup), and
 * keeps the selection on the same path. Returns 0, or -ENOENT when the
 * scope's container is gone (T is then empty). */
int calltree_update(struct calltree *t, struct ui_state *st, const struct snapshot *snap,
		    const struct profile *p, bool follow);

#endif
