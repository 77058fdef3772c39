/* test_ui_state.c - keys and selection on hand-made snapshots: the
 * selection follows the same container (and process) across ticks and
 * re-sorts, vanishing rows, drilling down and back, filter editing, sort
 * keys, pause, interval, help, paging and the mouse; the hot functions
 * panes (scope, Tab, a selection that follows the function), the function
 * screen (Enter, K, U, following callers and back) with its trees built
 * as the app builds them, W and f. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calltree.h"
#include "profile.h"
#include "state.h"
#include "tap.h"
#include "util.h"

static struct ui_key K(enum ui_keycode code) {
	struct ui_key k = {code, 0, 0, 0};
	return k;
}

static struct ui_key
C(uint32_t ch) {
	struct ui_key k = {KEYC_CHAR, ch, 0, 0};
	return k;
}

static void
make_row(struct snap_row *r, const char *name, const char *cgroup)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->cgroup = cgroup;
}

/* A snapshot over ROWS (not owned; never passed to snapshot_free). */
static struct snapshot snap_of(struct snap_row *rows, size_t n)
{
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	s.rows = rows;
	s.nrows = n;
	s.worst_row = -1;
	s.interval_s = 1;
	return s;
}

static void test_follow(void)
{
	struct ui_state st;
	struct snap_row r[4];
	ui_state_init(&st, 2, SORT_CPU, false, NULL);

	make_row(&r[0], "a", "/a");
	make_row(&r[1], "b", "/b");
	make_row(&r[2], "c", "/c");
	struct snapshot s = snap_of(r, 3);
	ui_state_sync(&st, &s);
	is_str(st.sel_cgroup, "/a", "first tick selects the first row");
	/* Re-sorted before the user moved: the selection stays on the top row. */
	make_row(&r[0], "b", "/b");
	make_row(&r[1], "a", "/a");
	ui_state_sync(&st, &s);
	is_str(st.sel_cgroup, "/b", "until the user moves, the top row is selected");
	make_row(&r[0], "a", "/a");
	make_row(&r[1], "b", "/b");
	ui_state_sync(&st, &s);

	struct ui_key down = K(KEYC_DOWN);
	ok(ui_state_key(&st, &s, &down) & UI_REDRAW, "Down redraws");
	is_str(st.sel_cgroup, "/b", "Down selects the next container");

	/* Re-sorted: b is now last. */
	make_row(&r[0], "c", "/c");
	make_row(&r[1], "a", "/a");
	make_row(&r[2], "b", "/b");
	ui_state_sync(&st, &s);
	is_str(st.sel_cgroup, "/b", "selection follows the container, not the row number");
	is_u64(st.sel_index, 2, "at its new row");

	/* b goes away: the row now at its place is selected. */
	s.nrows = 2;
	ui_state_sync(&st, &s);
	is_str(st.sel_cgroup, "/a", "a vanished selection moves to the row at its place");

	/* On the container screen a vanished container is not swapped for another. */
	struct ui_key enter = K(KEYC_ENTER);
	ui_state_key(&st, &s, &enter);
	ok(st.screen == SCREEN_CONTAINER, "Enter opens the container");
	s.nrows = 1; /* only c */
	ui_state_sync(&st, &s);
	is_str(st.sel_cgroup, "/a", "the container screen keeps its container's key when it vanishes");
	ok(ui_state_row(&st, &s) == NULL, "and the view finds no row (it says so)");
	struct ui_key esc = K(KEYC_ESC);
	ui_state_key(&st, &s, &esc);
	ok(st.screen == SCREEN_OVERVIEW, "Esc goes back");
	is_str(st.sel_cgroup, "/c", "back on the overview the selection lands on a row that exists");

	/* Empty snapshot: Enter does nothing. */
	s.nrows = 0;
	ui_state_sync(&st, &s);
	ok(ui_state_key(&st, &s, &enter) == 0 && st.screen == SCREEN_OVERVIEW,
	   "Enter with no rows does nothing");
	ui_state_free(&st);
}

static void test_procs(void)
{
	struct ui_state st;
	struct snap_row r;
	struct snap_proc p[3];
	memset(p, 0, sizeof(p));
	p[0] = (struct snap_proc){.pid = 10, .cpu_pct = 90, .rss_bytes = 1e6, .comm = "busy"};
	p[1] = (struct snap_proc){.pid = 11, .cpu_pct = 5, .rss_bytes = 9e6, .comm = "fat"};
	p[2] = (struct snap_proc){.pid = 12, .cpu_pct = NAN, .rss_bytes = 2e6, .comm = "new"};
	make_row(&r, "x", "/x");
	r.procs = p;
	r.nprocs = 3;
	struct snapshot s = snap_of(&r, 1);

	ui_state_init(&st, 2, SORT_CPU, false, NULL);
	ui_state_sync(&st, &s);
	struct ui_key enter = K(KEYC_ENTER), down = K(KEYC_DOWN);
	ui_state_key(&st, &s, &enter);
	is_u64((unsigned)st.sel_pid, 10, "the busiest process is selected first");
	ui_state_key(&st, &s, &down);
	is_u64((unsigned)st.sel_pid, 11, "Down selects the next by CPU");

	size_t *o = ui_proc_order(&r, PSORT_CPU, false);
	ok(o[0] == 0 && o[1] == 1 && o[2] == 2, "by CPU: biggest first, absent last");
	free(o);
	o = ui_proc_order(&r, PSORT_CPU, true);
	ok(o[0] == 1 && o[1] == 0 && o[2] == 2, "reversed: smallest first, absent still last");
	free(o);

	struct ui_key m = C('M');
	ui_state_key(&st, &s, &m);
	ok(st.psort == PSORT_RSS, "M sorts processes by RSS");
	is_u64((unsigned)st.sel_pid, 11, "the selected process stays selected across a re-sort");
	is_u64(st.proc_index, 0, "at its new place (the top)");

	/* The selected pid exits: the one now at its place is selected. */
	p[0].pid = 13;
	r.procs = &p[0];
	r.nprocs = 1;
	ui_state_sync(&st, &s);
	is_u64((unsigned)st.sel_pid, 13, "an exited process's selection moves on");

	ui_state_key(&st, &s, &enter);
	ok(st.screen == SCREEN_PROCESS, "Enter opens the process");
	r.nprocs = 0;
	ui_state_sync(&st, &s);
	is_u64((unsigned)st.sel_pid, 13, "the process screen keeps its pid when the process exits");
	struct ui_key left = K(KEYC_LEFT);
	ui_state_key(&st, &s, &left);
	ok(st.screen == SCREEN_CONTAINER, "Left goes back to the container");
	struct ui_key tab = K(KEYC_TAB);
	ui_state_key(&st, &s, &tab);
	ok(st.pane == 1, "Tab moves to the hot functions pane");
	ui_state_free(&st);
}

static void test_filter_sort(void)
{
	struct ui_state st;
	struct snap_row r[1];
	make_row(&r[0], "a", "/a");
	struct snapshot s = snap_of(r, 1);
	ui_state_init(&st, 2, SORT_CPU, false, NULL);
	ui_state_sync(&st, &s);

	struct ui_key slash = C('/'), o = C('o'), m = C('m'), q = C('q'), bs = K(KEYC_BACKSPACE);
	struct ui_key enter = K(KEYC_ENTER), esc = K(KEYC_ESC);
	ui_state_key(&st, &s, &slash);
	ok(st.filter_editing, "/ starts the filter");
	ok(ui_state_key(&st, &s, &o) & UI_REBUILD, "typing rebuilds (the model filters)");
	ui_state_key(&st, &s, &o);
	ui_state_key(&st, &s, &m);
	ok(!(ui_state_key(&st, &s, &q) & UI_QUIT), "q while typing is a letter, not quit");
	is_str(st.filter, "oomq", "the filter holds what was typed");
	ui_state_key(&st, &s, &bs);
	is_str(st.filter, "oom", "Backspace deletes");
	struct ui_key u = C(0x540d); /* a CJK character: three bytes */
	ui_state_key(&st, &s, &u);
	ui_state_key(&st, &s, &bs);
	is_str(st.filter, "oom", "Backspace deletes a whole UTF-8 character");
	struct ui_key ctl = C(0x1b);
	ui_state_key(&st, &s, &ctl);
	is_str(st.filter, "oom", "control characters are not typed into the filter");
	ui_state_key(&st, &s, &enter);
	ok(!st.filter_editing && !strcmp(st.filter, "oom"), "Enter keeps the filter");
	ok(ui_state_key(&st, &s, &esc) & UI_REBUILD, "Esc on the overview clears it");
	is_str(st.filter, "", "cleared");

	struct ui_key gt = C('>'), lt = C('<'), rr = C('r'), N = C('N'), f6 = K(KEYC_F6);
	ok(ui_state_key(&st, &s, &gt) & UI_REBUILD, "> changes the sort (a rebuild)");
	ok(st.sort == SORT_MEM, "> goes to the next column (memory)");
	ui_state_key(&st, &s, &lt);
	ui_state_key(&st, &s, &lt);
	ok(st.sort == SORT_NAME, "< goes back, to the name");
	ui_state_key(&st, &s, &f6);
	ok(st.sort == SORT_CPU, "F6 steps forward");
	ui_state_key(&st, &s, &rr);
	ok(st.sort_reverse, "r reverses");
	ui_state_key(&st, &s, &N);
	ok(st.sort == SORT_NET && !st.sort_reverse, "N sorts by network");
	ui_state_free(&st);
}

static void test_global(void)
{
	struct ui_state st;
	ui_state_init(&st, 2, SORT_CPU, false, "web");
	is_str(st.filter, "web", "the initial filter comes from the options");

	struct ui_key sp = C(' '), plus = C('+'), minus = C('-'), h = C('h'), f1 = K(KEYC_F1),
		      esc = K(KEYC_ESC);
	struct ui_key q = C('q'), f10 = K(KEYC_F10), s = C('s');
	ok(ui_state_key(&st, NULL, &sp) & UI_PAUSE, "Space toggles pause");
	ok(st.paused, "paused");
	ui_state_key(&st, NULL, &plus);
	is_near(st.interval_s, 3, 1e-9, "+ lengthens the interval");
	ui_state_key(&st, NULL, &minus);
	ui_state_key(&st, NULL, &minus);
	is_near(st.interval_s, 1, 1e-9, "- shortens it");
	is_near(ui_interval_step(0.5, -1), 0.5, 1e-9, "never below the shortest");
	is_near(ui_interval_step(60, 1), 60, 1e-9, "never above the longest");
	ok(ui_state_key(&st, NULL, &s) == 0, "s before the first sample saves nothing");
	ui_state_key(&st, NULL, &h);
	ok(st.screen == SCREEN_HELP, "h opens help");
	ui_state_key(&st, NULL, &esc);
	ok(st.screen == SCREEN_OVERVIEW, "Esc leaves help to where it was");
	ui_state_key(&st, NULL, &f1);
	ok(st.screen == SCREEN_HELP, "F1 opens help");
	ui_state_key(&st, NULL, &f1);
	ok(st.screen == SCREEN_OVERVIEW, "F1 again closes it");
	ok(ui_state_key(&st, NULL, &q) & UI_QUIT, "q quits");
	ok(ui_state_key(&st, NULL, &f10) & UI_QUIT, "F10 quits");
	ui_state_message(&st, "saved x");
	struct ui_key j = C('j');
	ok(ui_state_key(&st, NULL, &j) & UI_REDRAW, "any key clears the message (and redraws)");
	is_str(st.message, "", "message cleared");
	ui_state_free(&st);
}

static void test_paging_mouse(void)
{
	struct ui_state st;
	struct snap_row r[30];
	char names[30][16], paths[30][16];
	for (int i = 0; i < 30; i++) {
		snprintf(names[i], sizeof(names[i]), "c%d", i);
		snprintf(paths[i], sizeof(paths[i]), "/c%d", i);
		make_row(&r[i], names[i], paths[i]);
	}
	struct snapshot s = snap_of(r, 30);
	ui_state_init(&st, 2, SORT_CPU, false, NULL);
	struct ui_layout lay = {.list_y = 6, .list_rows = 10, .list_len = 30, .list_top = 0};
	ui_state_set_layout(&st, &lay);
	ui_state_sync(&st, &s);

	struct ui_key pgdn = K(KEYC_PGDN), end = K(KEYC_END), home = K(KEYC_HOME);
	ui_state_key(&st, &s, &pgdn);
	is_str(st.sel_cgroup, "/c9", "PgDn moves a page less one line");
	ui_state_key(&st, &s, &end);
	is_str(st.sel_cgroup, "/c29", "End goes to the last row");
	is_u64(st.top, 20, "and scrolls it into view");
	ui_state_key(&st, &s, &home);
	is_str(st.sel_cgroup, "/c0", "Home goes to the first");

	struct ui_key click = {KEYC_CLICK, 0, 9, 5};
	ui_state_key(&st, &s, &click);
	is_str(st.sel_cgroup, "/c3", "a click selects the row under it");
	struct ui_key miss = {KEYC_CLICK, 0, 2, 5};
	ok(ui_state_key(&st, &s, &miss) == 0, "a click outside the list does nothing");
	struct ui_key wheel = {KEYC_WHEEL_DOWN, 0, 9, 5};
	ui_state_key(&st, &s, &wheel);
	is_str(st.sel_cgroup, "/c6", "the wheel moves three rows");
	ui_state_free(&st);
}

static unsigned press(struct ui_state *st, const struct snapshot *s, struct ui_key k)
{
	return ui_state_key(st, s, &k);
}

static void test_hot_keys(void)
{
	struct ui_state st;
	struct snap_row r[2];
	struct snap_hot host[3] = {
	    {"a", "m", 50, 50, 50, 0, NULL}, {"b", "m", 30, 40, 30, 7, NULL}, {"c", "[kernel]", 20, 20, 20, 7, NULL}};
	struct snap_hot row_hot[2] = {{"x", "m", 70, 70, 7, 7, NULL}, {"y", "m", 30, 30, 3, 7, NULL}};
	make_row(&r[0], "a", "/a");
	make_row(&r[1], "b", "/b");
	r[0].hot = row_hot;
	r[0].nhot = 2;
	struct snapshot s = snap_of(r, 2);
	s.host.hot = host;
	s.host.nhot = 3;
	ui_state_init(&st, 2, SORT_CPU, false, NULL);
	struct ui_layout lay = {.list_y = 6, .list_rows = 10, .list_len = 2, .hot_rows = 5};
	ui_state_set_layout(&st, &lay);
	ui_state_sync(&st, &s);

	ok(ui_state_scope(&st) == NULL, "overview: the hot pane is the host's until a container is picked");
	size_t n;
	ok(ui_state_hot(&st, &s, &n) == host && n == 3, "overview: the host's list");
	is_str(st.hot_name, "a", "the top hot function is selected first");
	struct snap_hot early[2] = {{"c", "[kernel]", 60, 60, 3, 7, NULL}, {"a", "m", 40, 40, 2, 0, NULL}};
	s.host.hot = early;
	s.host.nhot = 2;
	ui_state_sync(&st, &s);
	is_str(st.hot_name, "c", "until the user moves, the top entry stays selected, whatever it is");
	s.host.hot = host;
	s.host.nhot = 3;
	ui_state_sync(&st, &s);
	is_str(st.hot_name, "a", "so a few early samples do not scroll the real top away");

	ok(press(&st, &s, K(KEYC_TAB)) & UI_REDRAW, "Tab redraws");
	ok(st.ov_pane == 1, "Tab moves to the hot pane");
	press(&st, &s, K(KEYC_DOWN));
	is_str(st.hot_name, "b", "Down selects the next function");
	is_str(st.sel_cgroup, "/a", "and leaves the containers alone");

	/* Re-ranked: b is now first; the same function in another container too. */
	struct snap_hot host2[3] = {
	    {"b", "m", 60, 60, 60, 9, NULL}, {"a", "m", 30, 30, 30, 0, NULL}, {"b", "m", 10, 10, 10, 7, NULL}};
	s.host.hot = host2;
	ui_state_sync(&st, &s);
	is_u64(st.hot_index, 2, "the selection follows the function and its container, not the row");
	s.host.hot = host;
	ui_state_sync(&st, &s);
	is_u64(st.hot_index, 1, "and back");
	/* b leaves the window: the function now at its place is selected. */
	struct snap_hot host3[2] = {{"a", "m", 50, 50, 50, 0, NULL}, {"c", "[kernel]", 20, 20, 20, 7, NULL}};
	s.host.hot = host3;
	s.host.nhot = 2;
	ui_state_sync(&st, &s);
	is_str(st.hot_name, "c", "a function gone from the list: the one at its place");
	s.host.hot = host;
	s.host.nhot = 3;
	press(&st, &s, K(KEYC_UP));
	is_str(st.hot_name, "a", "Up");

	unsigned in = press(&st, &s, K(KEYC_ENTER));
	ok(st.screen == SCREEN_FUNCTION && (in & UI_CALLTREE),
	   "Enter on a function opens its screen (build the trees)");
	is_str(st.fn_name, "a", "for the selected function");
	ok(st.fn_scope == NULL, "in the pane's scope: the host");
	ok(press(&st, &s, C('f')) & UI_FOLDED, "f writes the folded stacks");
	ok(ui_state_scope(&st) == NULL, "of the function screen's scope");
	in = press(&st, &s, C('K'));
	ok(st.hide_kernel && (in & UI_CALLTREE), "K hides kernel frames (rebuild)");
	press(&st, &s, C('K'));
	ok(!st.hide_kernel, "K again shows them");
	in = press(&st, &s, C('U'));
	ok(st.hide_user && (in & UI_CALLTREE), "U hides user frames");
	press(&st, &s, C('U'));
	lay = (struct ui_layout){.list_y = 3, .list_rows = 10, .list_len = 0};
	ui_state_set_layout(&st, &lay);
	ok(press(&st, &s, K(KEYC_ENTER)) == 0, "Enter on an empty tree does nothing");
	lay = (struct ui_layout){.list_y = 3, .list_rows = 10, .list_len = 4};
	ui_state_set_layout(&st, &lay);
	press(&st, &s, K(KEYC_END));
	is_u64(st.fn_index, 3, "End goes to the last tree line");
	ok(press(&st, &s, K(KEYC_ENTER)) & UI_FOLLOW,
	   "Enter on a line follows it (the app knows its function)");
	ok(press(&st, &s, K(KEYC_RIGHT)) & UI_FOLLOW, "so does Right");
	ui_state_follow(&st, "caller", "m");
	is_str(st.fn_name, "caller", "following opens the caller");
	is_u64(st.fn_index, 0, "at its first line");
	in = press(&st, &s, K(KEYC_LEFT));
	ok(st.screen == SCREEN_FUNCTION && (in & UI_CALLTREE), "Left goes back to the function before");
	is_str(st.fn_name, "a", "which is the first one again");
	is_u64(st.fn_index, 3, "on the line followed from");
	for (int i = 0; i < UI_FN_BACK_MAX + 4; i++)
		ui_state_follow(&st, "deep", "m");
	is_u64(st.nfn_back, UI_FN_BACK_MAX, "the way back is bounded");
	for (int i = 0; i < UI_FN_BACK_MAX; i++)
		press(&st, &s, K(KEYC_ESC));
	ok(st.screen == SCREEN_FUNCTION, "Esc walks back through the functions followed");
	press(&st, &s, K(KEYC_ESC));
	ok(st.screen == SCREEN_OVERVIEW && st.ov_pane == 1, "then to the pane it came from");

	/* Picking a container makes the pane its own. */
	lay = (struct ui_layout){.list_y = 6, .list_rows = 10, .list_len = 2, .hot_rows = 5};
	ui_state_set_layout(&st, &lay);
	press(&st, &s, K(KEYC_TAB));
	press(&st, &s, K(KEYC_DOWN));
	press(&st, &s, K(KEYC_UP));
	is_str(ui_state_scope(&st), "/a", "a container picked: the pane is its");
	ok(ui_state_hot(&st, &s, &n) == row_hot && n == 2, "its list");
	is_str(st.hot_name, "x", "whose top function is selected");
	press(&st, &s, K(KEYC_DOWN));
	ok(ui_state_hot(&st, &s, &n) == NULL && n == 0, "a container without hot functions: an empty list");
	press(&st, &s, K(KEYC_ESC));
	ok(ui_state_scope(&st) == NULL && !st.sel_chosen, "Esc (no filter) goes back to the whole host");
	is_str(st.sel_cgroup, "/a", "and to the top row");
	is_str(st.hot_name, "a", "the host's selection starts at the top");

	/* The container screen: the same list, Enter on a function. */
	press(&st, &s, K(KEYC_ENTER));
	ok(st.screen == SCREEN_CONTAINER, "Enter opens the container");
	press(&st, &s, K(KEYC_TAB));
	press(&st, &s, K(KEYC_DOWN));
	is_str(st.hot_name, "y", "Down in its hot pane selects its next function");
	press(&st, &s, K(KEYC_ENTER));
	ok(st.screen == SCREEN_FUNCTION, "Enter opens the function");
	is_str(st.fn_scope, "/a", "in the container's scope");
	press(&st, &s, K(KEYC_ESC));
	ok(st.screen == SCREEN_CONTAINER && st.pane == 1, "Esc goes back to the container's hot pane");
	ok(press(&st, &s, C('f')) & UI_FOLDED, "f on the container screen");
	is_str(ui_state_scope(&st), "/a", "writes the container's stacks");

	ok(press(&st, &s, C('W')) & UI_CUMULATIVE, "W asks for cumulative");
	ok(st.hot_cumulative, "cumulative on");
	press(&st, &s, C('W'));
	ok(!st.hot_cumulative, "W again: the rolling window");
	ok(press(&st, NULL, C('f')) == 0, "f before the first sample writes nothing");
	ui_state_free(&st);
}

/* The app's glue for the function screen: trees from a profile, frames
 * hidden and merged, the selection kept on its path across rebuilds. */
static void test_calltree(void)
{
	struct profile_builder *b = profile_builder_new();
	uint32_t m = profile_builder_frame(b, "main", "app", false),
		 x = profile_builder_frame(b, "x", "app", false),
		 y = profile_builder_frame(b, "y", "app", false),
		 k = profile_builder_frame(b, "sys_write", "[kernel]", true);
	uint32_t s1[] = {k, x, m}, s2[] = {k, y, m}, s3[] = {x, m};
	profile_builder_stack(b, 5, 10, "app", 30, s1, 3);
	profile_builder_stack(b, 5, 10, "app", 20, s2, 3);
	profile_builder_stack(b, 6, 11, "other", 50, s3, 2);
	struct profile *p = profile_builder_finish(b);

	struct snap_row r[1];
	make_row(&r[0], "c", "/c");
	r[0].cgroup_id = 5;
	struct snapshot s = snap_of(r, 1);
	struct ui_state st;
	ui_state_init(&st, 2, SORT_CPU, false, NULL);
	st.screen = SCREEN_FUNCTION;
	st.fn_name = xstrdup("main");
	st.fn_module = xstrdup("app");
	struct calltree t = {0};
	ok(calltree_update(&t, &st, &s, p, false) == 0, "host scope: built");
	ok(t.found && t.nlines == 1 + 5 && t.ncallers == 1, "main: no callers, four callees and roots");
	is_near(t.total_pct, 100, 1e-9, "main: in every stack");
	is_str(t.lines[2].function, "x", "callees by samples: x (80) first");
	is_u64(t.lines[2].samples, 80, "x: 80 samples");

	st.fn_scope = xstrdup("/c");
	calltree_update(&t, &st, &s, p, false);
	is_u64(t.scope_samples, 50, "a container's scope: its stacks only");
	is_near(t.lines[2].pct, 60, 1e-9, "x: 30 of its 50");

	st.hide_user = true;
	calltree_update(&t, &st, &s, p, false);
	ok(t.nlines == 3 && t.lines[2].kernel && t.lines[2].samples == 50,
	   "U: the kernel frame under x and under y merge into one (50)");
	is_near(t.lines[2].pct, 100, 1e-9, "with their shares added");
	st.hide_user = false;
	st.hide_kernel = true;
	calltree_update(&t, &st, &s, p, false);
	ok(t.nlines == 4 && !t.lines[2].kernel && !t.lines[3].kernel, "K: only user frames");
	st.hide_kernel = false;

	calltree_update(&t, &st, &s, p, false);
	st.fn_index = 5; /* main > y > sys_write */
	is_str(t.lines[5].function, "sys_write", "the selected line");
	/* The next tick y outruns x: the lines reorder, the selection follows its path. */
	b = profile_builder_new();
	m = profile_builder_frame(b, "main", "app", false);
	x = profile_builder_frame(b, "x", "app", false);
	y = profile_builder_frame(b, "y", "app", false);
	k = profile_builder_frame(b, "sys_write", "[kernel]", true);
	uint32_t t1[] = {k, x, m}, t2[] = {k, y, m};
	profile_builder_stack(b, 5, 10, "app", 10, t1, 3);
	profile_builder_stack(b, 5, 10, "app", 40, t2, 3);
	struct profile *p2 = profile_builder_finish(b);
	calltree_update(&t, &st, &s, p2, false);
	is_u64(st.fn_index, 3, "the selection stays on main > y > sys_write, now higher up");
	ok(t.lines[st.fn_index].parent == 2 && strcmp(t.lines[2].function, "y") == 0, "under y");

	calltree_update(&t, &st, &s, p2, true);
	is_str(st.fn_name, "sys_write", "follow: the selected line's function opens");
	ok(t.ncallers == 5 && strcmp(t.lines[1].function, "y") == 0, "its callers: y > main, then x > main");
	s.nrows = 0;
	ok(calltree_update(&t, &st, &s, p2, false) == -ENOENT && t.nlines == 0,
	   "the scope's container gone: -ENOENT");
	s.nrows = 1;
	calltree_update(&t, &st, &s, NULL, false);
	ok(t.nlines == 0, "no profile: no tree");
	free(st.fn_name);
	st.fn_name = xstrdup("nowhere");
	calltree_update(&t, &st, &s, p2, false);
	ok(!t.found && t.nlines == 0, "a function not in the window: not found");
	calltree_clear(&t);
	profile_free(p);
	profile_free(p2);
	ui_state_free(&st);
}

int main(void)
{
	test_follow();
	test_procs();
	test_filter_sort();
	test_global();
	test_paging_mouse();
	test_hot_keys();
	test_calltree();
	return tap_done();
}
