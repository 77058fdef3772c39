/* test_ui_state.c - keys and selection on hand-made snapshots: the
 * selection follows the same container (and process) across ticks and
 * re-sorts, vanishing rows, drilling down and back, filter editing, sort
 * keys, pause, interval, help, paging and the mouse. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "state.h"
#include "tap.h"

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
	ui_state_key(&st, NULL, &f1);
	ok(st.screen == SCREEN_OVERVIEW, "F1 toggles help");
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

int main(void)
{
	test_follow();
	test_procs();
	test_filter_sort();
	test_global();
	test_paging_mouse();
	return tap_done();
}
