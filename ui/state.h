/* state.h - what the user chose, kept across ticks: which screen, which
 * container and process are selected, sort, filter, pause, interval, scroll
 * positions. Selections are keys (cgroup path, pid), never pointers into a
 * snapshot, so they survive the snapshot being replaced and re-sorted.
 *
 * Key handling is pure: ui_state_key() changes the state and returns intent
 * bits; the app loop (ui/app.c) acts on them (rebuild the snapshot, re-arm
 * the timer, write snapshot files, quit). No curses, no I/O. Owned by the
 * ui issue. */
#ifndef BOXTOP_STATE_H
#define BOXTOP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "key.h"
#include "snapshot.h"

enum ui_screen {
	SCREEN_OVERVIEW,
	SCREEN_CONTAINER,
	SCREEN_PROCESS,
	SCREEN_FUNCTION,
	SCREEN_HELP,
	SCREEN_MAX
};

/* How the container screen orders processes (the view sorts, the model
 * delivers them by CPU). */
enum proc_sort {
	PSORT_PID,
	PSORT_USER,
	PSORT_STATE,
	PSORT_CPU,
	PSORT_RSS,
	PSORT_DELAY,
	PSORT_CTXSW,
	PSORT_COMMAND,
	PSORT_MAX
};
extern const char *const proc_sort_names[PSORT_MAX];

/* Intent bits returned by ui_state_key. */
enum {
	UI_REDRAW = 1 << 0,  /* the screen changed */
	UI_REBUILD = 1 << 1, /* sort or filter changed: rebuild the snapshot from the same samples */
	UI_QUIT = 1 << 2,
	UI_RETIME = 1 << 3, /* the interval changed: re-arm the timer */
	UI_SAVE = 1 << 4,   /* write the snapshot files */
	UI_DETAIL = 1 << 5, /* the process screen opened: read its details now */
	UI_PAUSE = 1 << 6,  /* pause toggled */
	/* Hot functions (issue 5): */
	UI_CALLTREE = 1 << 7, /* the function screen's function or hidden frames changed: rebuild its trees */
	UI_FOLLOW = 1 << 8,   /* Enter on a tree line: open that line's function (ui_state_follow) */
	UI_CUMULATIVE = 1 << 9, /* hot_cumulative toggled: tell the profiler */
	UI_FOLDED = 1 << 10,	/* write the scope's stacks as a .folded file */
};

/* A column title in a list's header: a click on it sorts by SORT (the
 * overview's enum sort_key, the process list's enum proc_sort; -1 = not
 * sortable), a second click reverses. */
struct ui_header_col {
	int x0, x1; /* screen columns [x0, x1) */
	int sort;
};
#define UI_HEADER_MAX 24

/* Where the current screen put its scrollable list, reported by the view
 * after each draw so paging and mouse clicks match what is on screen. */
struct ui_layout {
	int list_y;	 /* screen row of the list's first line */
	int list_rows;	 /* lines the list has on screen */
	size_t list_len; /* lines the list has in all (rows, processes, help text) */
	size_t list_top; /* the list's line shown first (the view clamps the state's) */
	int hot_rows;	 /* overview and container screen: entries the hot pane shows, 0 = no pane */
	size_t hot_top;	 /* its entry shown first */
	int header_y;	 /* screen row of the list's column titles (when nheader > 0) */
	size_t nheader;
	struct ui_header_col header[UI_HEADER_MAX];
};

/* How many functions Esc walks back through on the function screen. */
#define UI_FN_BACK_MAX 16

#define UI_FILTER_MAX 64

struct ui_state {
	enum ui_screen screen;
	enum ui_screen help_from; /* where Esc leaves the help screen to */
	char *sel_cgroup;	  /* selected container (key), NULL = none yet */
	char *sel_name;		  /* its name, for "has gone" messages */
	size_t sel_index, top;	  /* its row and the first row shown, as last seen */
	bool sel_chosen;	  /* the user picked it; until then the top row is selected */
	enum sort_key sort;
	bool sort_reverse;
	char filter[UI_FILTER_MAX];
	bool filter_editing;
	bool paused;
	double interval_s;
	int pane;	 /* container screen: 0 processes, 1 hot functions */
	int ov_pane;	 /* overview: 0 containers, 1 hot functions */
	int32_t sel_pid; /* selected process (key), 0 = none yet */
	size_t proc_index, proc_top;
	/* The selected hot function (key: name, module and, on the host's list,
	 * the container it burns in), followed across ticks like a container
	 * once the user moved to it. */
	char *hot_name, *hot_module;
	uint64_t hot_cgroup_id;
	char *hot_scope; /* the scope (ui_state_scope) the selection belongs to */
	bool hot_chosen; /* the user moved in it; until then the top entry is selected */
	size_t hot_index, hot_top;
	bool hot_cumulative; /* W: the profiler keeps every sample instead of a rolling window */
	/* Function screen: the function (key), its scope (a container's cgroup,
	 * NULL = the host), where Esc leaves to, the selected tree line, the
	 * frames hidden (K, U), and the functions Enter came through. */
	char *fn_name, *fn_module, *fn_scope;
	enum ui_screen fn_from;
	size_t fn_index, fn_top;
	bool hide_kernel, hide_user;
	struct {
		char *name, *module;
		size_t index;
	} fn_back[UI_FN_BACK_MAX];
	size_t nfn_back;
	enum proc_sort psort;
	bool psort_reverse;
	size_t detail_top, help_top;
	char message[256];	 /* the status line's message, "" = key hints */
	struct ui_layout layout; /* of the last draw */
};

void ui_state_init(struct ui_state *st, double interval_s, enum sort_key sort, bool reverse,
		   const char *filter);
void ui_state_free(struct ui_state *st);

/* After a new snapshot: finds the selected container and process again (by
 * key), or, on the overview when the container is gone or filtered out,
 * selects the row now at its place. Keeps the selection visible. */
void ui_state_sync(struct ui_state *st, const struct snapshot *snap);

/* Adopts the layout the last draw reported, scroll position included. */
void ui_state_set_layout(struct ui_state *st, const struct ui_layout *lay);

/* Handles one key against the snapshot on screen (NULL before the first). */
unsigned ui_state_key(struct ui_state *st, const struct snapshot *snap, const struct ui_key *k);

/* Sets the status line message (printf format). */
void ui_state_message(struct ui_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The selected container's row in SNAP, or NULL. */
const struct snap_row *ui_state_row(const struct ui_state *st, const struct snapshot *snap);

/* The cgroup key of what the current screen is about, for the hot list and
 * the 'f' key: the overview's container once the user picked one, the open
 * container, the function screen's scope; NULL = the whole host. */
const char *ui_state_scope(const struct ui_state *st);

/* The hot-functions list of the current screen's scope in SNAP (the host's,
 * or the scope container's), *N entries; NULL when there is none. */
const struct snap_hot *ui_state_hot(const struct ui_state *st, const struct snapshot *snap, size_t *n);

/* Opens FUNCTION of MODULE on the function screen, in the same scope, from
 * the one open now (which Esc comes back to). */
void ui_state_follow(struct ui_state *st, const char *function, const char *module);

/* ROW's process indexes in the container screen's order, as a malloc'd
 * array of row->nprocs entries the caller frees (NULL when there are none). */
size_t *ui_proc_order(const struct snap_row *row, enum proc_sort key, bool reverse);

/* The intervals + and - step through. */
double ui_interval_step(double interval_s, int dir);

#endif
