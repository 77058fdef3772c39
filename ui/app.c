/* app.c - see app.h. Key handlers only change state and return intents;
 * this loop is the one place that acts on them. Collection goes on while
 * the screen is paused: the pair of samples behind the frozen screen is
 * kept (for re-sorting it), the live pair moves on, and unpausing shows a
 * snapshot of the newest pair at once. The profile of the sample on screen
 * is what the function screen's trees and the 'f' file come from, so they
 * always match the hot lists shown. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "calltree.h"
#include "grid.h"
#include "history.h"
#include "hotlist.h"
#include "model.h"
#include "proc_detail.h"
#include "snapfile.h"
#include "state.h"
#include "term.h"
#include "util.h"
#include "view.h"

/* The first tick comes sooner than the interval so rates show quickly. */
#define FIRST_TICK_S 1.0

struct app {
	const struct ui_config *cfg;
	struct collector *c;
	struct term *term;
	struct ui_state st;
	struct history *hist;
	struct sample *prev, *cur;		 /* the live pair */
	struct sample *frozen_prev, *frozen_cur; /* behind the paused screen */
	struct snapshot *snap;			 /* on screen */
	struct proc_detail detail;
	bool have_detail;
	int detail_err;
	struct calltree tree; /* the function screen's, while it is open */
	int tree_err;
	struct grid *grid; /* the last frame, which 's' saves */
	int sfd, tfd;
	bool quit;
};

/* A few uids named once each: the process table asks every tick. */
static const char *user_name(uint32_t uid, char *buf, size_t n)
{
	static struct {
		uint32_t uid;
		char name[33];
	} cache[64];
	static size_t ncache;
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].uid == uid) {
			snprintf(buf, n, "%s", cache[i].name);
			return buf;
		}
	struct passwd pw, *res = NULL;
	char tmp[1024];
	if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) != 0 || !res)
		snprintf(buf, n, "%u", (unsigned)uid);
	else
		snprintf(buf, n, "%s", res->pw_name);
	if (ncache < sizeof(cache) / sizeof(cache[0])) {
		cache[ncache].uid = uid;
		snprintf(cache[ncache].name, sizeof(cache[ncache].name), "%s", buf);
		ncache++;
	}
	return buf;
}

/* Frees S unless the paused screen still stands on it. */
static void release(struct app *a, struct sample *s)
{
	if (s && s != a->frozen_prev && s != a->frozen_cur)
		sample_free(s);
}

static void arm_timer(struct app *a, double first_s)
{
	struct itimerspec its;
	double iv = a->st.interval_s;
	its.it_value.tv_sec = (time_t)first_s;
	its.it_value.tv_nsec = (long)((first_s - floor(first_s)) * 1e9);
	its.it_interval.tv_sec = (time_t)iv;
	its.it_interval.tv_nsec = (long)((iv - floor(iv)) * 1e9);
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	timerfd_settime(a->tfd, 0, &its, NULL);
}

/* The sample behind the snapshot on screen. */
static const struct sample *shown(const struct app *a)
{
	return a->st.paused ? a->frozen_cur : a->cur;
}

/* Rebuilds the function screen's trees from the profile on screen (with
 * FOLLOW, for the selected line's function first); drops them elsewhere. */
static void update_tree(struct app *a, bool follow)
{
	enum ui_screen on = a->st.screen == SCREEN_HELP ? a->st.help_from : a->st.screen;
	if (on != SCREEN_FUNCTION) {
		calltree_clear(&a->tree);
		a->tree_err = 0;
		return;
	}
	const struct sample *s = shown(a);
	a->tree_err = calltree_update(&a->tree, &a->st, a->snap, s ? s->profile : NULL, follow);
}

/* Puts a snapshot of the pair the screen should show on screen. */
static void rebuild(struct app *a)
{
	struct sample *p = a->st.paused ? a->frozen_prev : a->prev;
	struct sample *c = a->st.paused ? a->frozen_cur : a->cur;
	if (!c)
		return;
	struct model_opts mo = {a->st.sort, a->st.sort_reverse, a->st.filter[0] ? a->st.filter : NULL};
	snapshot_free(a->snap);
	a->snap = model_build(p, c, &mo);
	ui_state_sync(&a->st, a->snap);
	update_tree(a, false);
}

static void read_detail(struct app *a)
{
	if (a->have_detail)
		proc_detail_clear(&a->detail);
	a->detail_err = proc_detail_read(a->cfg->root ? a->cfg->root : "/", a->st.sel_pid, &a->detail);
	a->have_detail = true;
}

static void tick(struct app *a)
{
	struct sample *s = NULL;
	int r = collector_sample(a->c, &s);
	if (r < 0) {
		ui_state_message(&a->st, "collection failed: %s", strerror(-r));
		return;
	}
	release(a, a->prev);
	a->prev = a->cur;
	a->cur = s;

	struct model_opts mo = {a->st.sort, a->st.sort_reverse, a->st.filter[0] ? a->st.filter : NULL};
	struct snapshot *live = model_build(a->prev, a->cur, &mo);
	history_update(a->hist, live);
	if (a->st.paused) {
		snapshot_free(live);
		return;
	}
	snapshot_free(a->snap);
	a->snap = live;
	ui_state_sync(&a->st, a->snap);
	update_tree(a, false);
	if (a->st.screen == SCREEN_PROCESS)
		read_detail(a);
}

static void draw(struct app *a)
{
	int w, h;
	term_size(a->term, &w, &h);
	if (!a->grid || grid_width(a->grid) != w || grid_height(a->grid) != h) {
		grid_free(a->grid);
		a->grid = grid_new(w, h, term_utf8(a->term));
	}
	struct view_ctx ctx = {
	    .snap = a->snap,
	    .st = &a->st,
	    .hist = a->hist,
	    .detail = a->st.screen == SCREEN_PROCESS && a->have_detail ? &a->detail : NULL,
	    .detail_err = a->st.screen == SCREEN_PROCESS ? a->detail_err : 0,
	    .user_name = user_name,
	    .calltree = &a->tree,
	    .calltree_err = a->tree_err,
	};
	const struct sample *s = shown(a);
	if (s && s->profile && s->profile->end_ns > s->profile->start_ns)
		ctx.hot_span_s = (double)(s->profile->end_ns - s->profile->start_ns) / 1e9;
	struct ui_layout lay;
	view_draw(a->grid, &ctx, &lay);
	ui_state_set_layout(&a->st, &lay);
	term_draw(a->term, a->grid);
}

static void save(struct app *a)
{
	char *path = NULL;
	/* Save exactly what is on screen: the frame as last drawn. */
	draw(a);
	int r = snapfile_write(a->cfg->snapshot_dir, a->grid, a->snap, a->st.sel_cgroup, &path);
	if (r < 0) {
		ui_state_message(&a->st, "cannot save the snapshot: %s", strerror(-r));
		return;
	}
	/* One name for the pair keeps the path on a narrow status line. */
	size_t n = strlen(path);
	ui_state_message(&a->st, "saved %.*s.{txt,json}", (int)(n > 4 ? n - 4 : n), path);
	free(path);
}

/* The 'f' key: the stacks of the scope on screen, beside the snapshot files. */
static void save_folded(struct app *a)
{
	const struct sample *s = shown(a);
	if (!s || !s->profile) {
		ui_state_message(&a->st, "no stacks to write: %s",
				 a->snap && a->snap->profiler_status ? a->snap->profiler_status
								     : "no profile yet");
		return;
	}
	const char *scope = ui_state_scope(&a->st);
	const struct snap_row *row = scope ? snapshot_find_row(a->snap, scope) : NULL;
	if (scope && !row) {
		ui_state_message(&a->st, "no stacks to write: the container has gone");
		return;
	}
	struct profile_filter f;
	if (row)
		hotlist_row_filter(a->snap, row, &f);
	char *path = NULL;
	int r = snapfile_write_folded(a->cfg->snapshot_dir, a->snap, s->profile, row ? &f : NULL, &path);
	if (row)
		hotlist_filter_clear(&f);
	if (r < 0)
		ui_state_message(&a->st, "cannot write the folded stacks: %s", strerror(-r));
	else
		ui_state_message(&a->st, "%s stacks: %s", row ? "container" : "host", path);
	free(path);
}

/* W: the profiler keeps every sample from now on, or goes back to its
 * rolling window; the hot lists change from the next tick. */
static void set_cumulative(struct app *a)
{
	if (!a->cfg->profiler) {
		a->st.hot_cumulative = false;
		ui_state_message(&a->st, "no profiler: %s",
				 a->snap && a->snap->profiler_status ? a->snap->profiler_status
								     : "not started");
		return;
	}
	profiler_set_cumulative(a->cfg->profiler, a->st.hot_cumulative);
	ui_state_message(&a->st, "%s",
			 a->st.hot_cumulative ? "hot functions: every sample from now on (W: rolling window)"
					      : "hot functions: the rolling window again (W: cumulative)");
}

static void toggle_pause(struct app *a)
{
	if (a->st.paused) {
		a->frozen_prev = a->prev;
		a->frozen_cur = a->cur;
		ui_state_message(&a->st, "paused: the screen is frozen, collection goes on (Space resumes)");
		return;
	}
	struct sample *fp = a->frozen_prev, *fc = a->frozen_cur;
	a->frozen_prev = a->frozen_cur = NULL;
	if (fp != a->prev && fp != a->cur)
		release(a, fp);
	if (fc != a->prev && fc != a->cur)
		release(a, fc);
	rebuild(a);
	if (a->st.screen == SCREEN_PROCESS)
		read_detail(a);
}

/* Acts on what a key asked for; returns whether to redraw. */
static bool act(struct app *a, unsigned intents)
{
	if (intents & UI_QUIT)
		a->quit = true;
	if (intents & UI_PAUSE)
		toggle_pause(a);
	if (intents & UI_REBUILD)
		rebuild(a);
	if (intents & UI_RETIME) {
		arm_timer(a, a->st.interval_s);
		ui_state_message(&a->st, "interval %g s", a->st.interval_s);
	}
	if (intents & UI_DETAIL)
		read_detail(a);
	if (intents & UI_SAVE)
		save(a);
	if (intents & (UI_CALLTREE | UI_FOLLOW))
		update_tree(a, intents & UI_FOLLOW);
	if (intents & UI_CUMULATIVE)
		set_cumulative(a);
	if (intents & UI_FOLDED)
		save_folded(a);
	return intents != 0;
}

static void on_signals(struct app *a, bool *redraw)
{
	struct signalfd_siginfo si;
	while (read(a->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGWINCH) {
			term_resize(a->term);
			*redraw = true;
		} else {
			a->quit = true;
		}
	}
}

static void app_loop(struct app *a)
{
	bool redraw = true;
	while (!a->quit) {
		if (redraw)
			draw(a);
		redraw = false;
		struct pollfd pfd[3] = {
		    {.fd = term_fd(a->term), .events = POLLIN},
		    {.fd = a->tfd, .events = POLLIN},
		    {.fd = a->sfd, .events = POLLIN},
		};
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[2].revents)
			on_signals(a, &redraw);
		if (pfd[1].revents) {
			uint64_t expirations;
			if (read(a->tfd, &expirations, sizeof(expirations)) > 0) {
				tick(a);
				redraw = true;
			}
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			a->quit = true; /* the terminal went away (SSH dropped) */
		else if (pfd[0].revents) {
			struct ui_key k;
			while (!a->quit && term_key(a->term, &k))
				redraw |= act(a, ui_state_key(&a->st, a->snap, &k));
		}
	}
}

int ui_run(const struct ui_config *cfg, struct collector *c, const char **err)
{
	struct app a = {.cfg = cfg, .c = c, .sfd = -1, .tfd = -1};
	sigset_t set, old;
	int ret = -1;

	setlocale(LC_ALL, "");
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	a.sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	a.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (a.sfd < 0 || a.tfd < 0) {
		*err = "cannot create the signal or timer descriptors";
		goto out;
	}
	a.term = term_open(err);
	if (!a.term)
		goto out;

	ui_state_init(&a.st, cfg->interval_s > 0 ? cfg->interval_s : 2, cfg->sort, cfg->sort_reverse,
		      cfg->filter);
	a.hist = history_new();
	/* The first sample of a thousand cgroups takes a moment: say so first. */
	draw(&a);
	tick(&a);
	arm_timer(&a, a.st.interval_s < FIRST_TICK_S ? a.st.interval_s : FIRST_TICK_S);
	app_loop(&a);
	ret = 0;

	term_close(a.term);
	snapshot_free(a.snap);
	if (a.frozen_prev != a.prev && a.frozen_prev != a.cur)
		sample_free(a.frozen_prev);
	if (a.frozen_cur != a.prev && a.frozen_cur != a.cur)
		sample_free(a.frozen_cur);
	sample_free(a.prev);
	sample_free(a.cur);
	history_free(a.hist);
	if (a.have_detail)
		proc_detail_clear(&a.detail);
	calltree_clear(&a.tree);
	grid_free(a.grid);
	ui_state_free(&a.st);
out:
	if (a.sfd >= 0)
		close(a.sfd);
	if (a.tfd >= 0)
		close(a.tfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
