/* app.h - the interactive mode: one loop that polls the terminal, a
 * timerfd tick and a signalfd, samples, builds the snapshot, keeps the
 * sparkline history, and draws the current screen. Owned by the ui issue;
 * src/main.c calls ui_run. */
#ifndef BOXTOP_APP_H
#define BOXTOP_APP_H

#include <stdbool.h>

#include "collect.h"
#include "snapshot.h"

struct ui_config {
	double interval_s; /* between samples; + and - change it */
	enum sort_key sort;
	bool sort_reverse;
	const char *filter; /* initial name filter, NULL = none */
	const char *root;   /* the collector's root ("/" live): the process screen reads its details there */
	const char *snapshot_dir;  /* where 's' and 'f' write, NULL = the current directory */
	struct profiler *profiler; /* borrowed, for the W key (cumulative); NULL = none */
};

/* Runs the screens on the terminal until q, F10, SIGINT, SIGTERM or SIGHUP.
 * C should collect processes (collector_opts.with_procs) for the container
 * screen to list them. Sets the locale from the environment. Returns 0, or
 * -1 with a static one-line message in *ERR (no terminal, no timer). The
 * terminal is restored on every path, and on a crash (SIGSEGV, SIGABRT, ...)
 * before the signal takes its course. */
int ui_run(const struct ui_config *cfg, struct collector *c, const char **err);

#endif
