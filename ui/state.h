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

enum ui_screen { SCREEN_OVERVIEW, SCREEN_CONTAINER, SCREEN_PROCESS, SCREEN_HELP, SCREEN_MAX };

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
};

/* Where the current screen put its scrollable list, reported by the view
 * after each draw so paging and mouse clicks match what is on screen. */
struct ui_layout {
	int list_y;	 /* screen row of the list's first line */
	int list_rows;	 /* lines the list has on screen */
	size_t list_len; /* lines the list has in all (rows, processes, help text) */
	size_t list_top; /* the list's line shown first (the view clamps the state's) */
};

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
	int32_t sel_pid; /* selected process (key), 0 = none yet */
	size_t proc_index, proc_top, hot_top;
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

/* ROW's process indexes in the container screen's order, as a malloc'd
 * array of row->nprocs entries the caller frees (NULL when there are none). */
size_t *ui_proc_order(const struct snap_row *row, enum proc_sort key, bool reverse);

/* The intervals + and - step through. */
double ui_interval_step(double interval_s, int dir);

#endif
