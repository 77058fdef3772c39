/* test_ui_golden.c - every screen rendered headlessly from fixture
 * snapshots (real captures, tests/fixtures) at a fixed clock and time zone,
 * compared with the committed text in tests/golden/. Key presses go
 * through the real key handlers, as in the app. A mismatch prints a
 * unified diff; BOXTOP_UPDATE_GOLDEN=1 rewrites the files on purpose.
 * Some screens also keep a style map (NAME.styles.txt, see grid.h) that
 * proves an OOM kill is drawn critical and throttling as a warning. The
 * hot functions panes and the function screen draw a hand-made profile
 * (the captures have none) through the same hot lists and trees as live. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calltree.h"
#include "fixture_snapshot.h"
#include "grid.h"
#include "history.h"
#include "hotlist.h"
#include "proc_detail.h"
#include "state.h"
#include "batch.h"
#include "tap.h"
#include "util.h"
#include "view.h"

static char *golden_dir;
static bool update;

struct fixture {
	char *dir;
	struct sample *t0, *t1;
};

/* One screen being set up: state, snapshot, history, details. */
struct scene {
	const struct fixture *fx;
	struct ui_state st;
	struct snapshot *snap;
	struct history *hist;
	struct proc_detail detail;
	bool have_detail;
	int detail_err;
	struct grid *g;
	struct ui_layout lay;
	const struct profile *prof; /* NULL: the capture's "no profiler" */
	struct calltree tree;
	int tree_err;
};

static void compare(const char *name, const char *got)
{
	char *path = xasprintf("%s/%s.txt", golden_dir, name);
	if (update) {
		FILE *f = fopen(path, "w");
		ok(f && fputs(got, f) >= 0 && fclose(f) == 0, "%s: golden rewritten", name);
		free(path);
		return;
	}
	char *want = NULL;
	if (read_file_alloc_at(AT_FDCWD, path, 1 << 22, &want) < 0) {
		ok(0, "%s: golden %s readable (BOXTOP_UPDATE_GOLDEN=1 creates it)", name, path);
		free(path);
		return;
	}
	if (ok(strcmp(want, got) == 0, "%s matches its golden", name)) {
		free(want);
		free(path);
		return;
	}
	const char *tmp = getenv("TMPDIR");
	char *actual = xasprintf("%s/boxtop-golden-%s.txt", tmp && *tmp ? tmp : "/tmp", name);
	FILE *f = fopen(actual, "w");
	if (f) {
		fputs(got, f);
		fclose(f);
		char *cmd = xasprintf("diff -u '%s' '%s'", path, actual);
		FILE *d = popen(cmd, "r");
		char line[1024];
		while (d && fgets(line, sizeof(line), d))
			printf("# %s", line);
		if (d)
			pclose(d);
		free(cmd);
		printf("# actual output kept in %s\n", actual);
	}
	free(actual);
	free(want);
	free(path);
}

static void scene_draw(struct scene *sc)
{
	struct view_ctx ctx = {
	    .snap = sc->snap,
	    .st = &sc->st,
	    .hist = sc->hist,
	    .detail = sc->have_detail ? &sc->detail : NULL,
	    .detail_err = sc->detail_err,
	    .user_name = NULL,
	    .hot_span_s = sc->prof ? 10 : 0,
	    .calltree = &sc->tree,
	    .calltree_err = sc->tree_err,
	};
	view_draw(sc->g, &ctx, &sc->lay);
	ui_state_set_layout(&sc->st, &sc->lay);
}

/* A scene of fixture FX at W x H: two ticks of history (the first with no
 * rates, as live), sorted by CPU unless told. */
static void scene_open(struct scene *sc, const struct fixture *fx, int w, int h, bool utf8,
		       const char *filter, enum sort_key sort)
{
	memset(sc, 0, sizeof(*sc));
	sc->fx = fx;
	ui_state_init(&sc->st, 2, sort, false, filter);
	struct model_opts mo = {sort, false, filter};
	struct snapshot *first = model_build(NULL, fx->t0, &mo);
	sc->hist = history_new();
	history_update(sc->hist, first);
	snapshot_free(first);
	sc->snap = model_build(fx->t0, fx->t1, &mo);
	history_update(sc->hist, sc->snap);
	sc->g = grid_new(w, h, utf8);
	ui_state_sync(&sc->st, sc->snap);
	scene_draw(sc);
}

/* Gives the scene's snapshot the hot lists of PROF, as model_build does live. */
static void scene_profile(struct scene *sc, const struct profile *prof)
{
	sc->prof = prof;
	hotlist_fill(sc->snap, prof, 20, NULL, 0);
	sc->snap->profiler_status = NULL;
	ui_state_sync(&sc->st, sc->snap);
}

static void press(struct scene *sc, enum ui_keycode code, uint32_t ch)
{
	struct ui_key k = {code, ch, 0, 0};
	unsigned in = ui_state_key(&sc->st, sc->snap, &k);
	if (in & UI_REBUILD) {
		struct model_opts mo = {sc->st.sort, sc->st.sort_reverse,
					sc->st.filter[0] ? sc->st.filter : NULL};
		snapshot_free(sc->snap);
		sc->snap = model_build(sc->fx->t0, sc->fx->t1, &mo);
		ui_state_sync(&sc->st, sc->snap);
		if (sc->prof)
			scene_profile(sc, sc->prof);
	}
	if (in & (UI_CALLTREE | UI_FOLLOW))
		sc->tree_err = calltree_update(&sc->tree, &sc->st, sc->snap, sc->prof, in & UI_FOLLOW);
	if (in & UI_DETAIL) {
		char *root = xasprintf("%s/t1", sc->fx->dir);
		sc->detail_err = proc_detail_read(root, sc->st.sel_pid, &sc->detail);
		sc->have_detail = true;
		free(root);
	}
	scene_draw(sc);
}

/* Moves the overview selection down to the container whose cgroup is CG. */
static bool select_cgroup(struct scene *sc, const char *cg)
{
	press(sc, KEYC_HOME, 0);
	for (size_t i = 0; i <= sc->snap->nrows; i++) {
		if (sc->st.sel_cgroup && strcmp(sc->st.sel_cgroup, cg) == 0)
			return true;
		press(sc, KEYC_DOWN, 0);
	}
	return false;
}

static struct snap_row *find_name(struct scene *sc, const char *name)
{
	for (size_t i = 0; i < sc->snap->nrows; i++)
		if (strcmp(sc->snap->rows[i].name, name) == 0)
			return &sc->snap->rows[i];
	printf("# no container named %s\n", name);
	return NULL;
}

static bool select_name(struct scene *sc, const char *name)
{
	const struct snap_row *r = find_name(sc, name);
	return r && select_cgroup(sc, r->cgroup);
}

static void scene_check(struct scene *sc, const char *name, bool styles)
{
	scene_draw(sc);
	char *text = grid_dump(sc->g);
	compare(name, text);
	free(text);
	if (styles) {
		char *sname = xasprintf("%s.styles", name);
		char *st = grid_dump_styles(sc->g);
		compare(sname, st);
		free(st);
		free(sname);
	}
}

static void scene_close(struct scene *sc)
{
	snapshot_free(sc->snap);
	history_free(sc->hist);
	if (sc->have_detail)
		proc_detail_clear(&sc->detail);
	calltree_clear(&sc->tree);
	grid_free(sc->g);
	ui_state_free(&sc->st);
}

static bool fixture_load(struct fixture *fx, const char *name)
{
	fx->dir = fixture_path(name);
	fx->t0 = fx->dir ? fixture_sample(fx->dir, "t0") : NULL;
	fx->t1 = fx->t0 ? fixture_sample(fx->dir, "t1") : NULL;
	return fx->t1 != NULL;
}

static void fixture_unload(struct fixture *fx)
{
	sample_free(fx->t0);
	sample_free(fx->t1);
	free(fx->dir);
}

static void overview_cases(const struct fixture *fx)
{
	struct scene sc;
	static const struct {
		const char *name;
		int w, h;
		bool utf8, styles;
	} sizes[] = {
	    {"overview-80x24", 80, 24, true, true},	    {"overview-200x50", 200, 50, true, true},
	    {"overview-120x30", 120, 30, true, false},	    {"overview-60x20", 60, 20, true, false},
	    {"overview-ascii-80x24", 80, 24, false, false}, {"too-small-30x8", 30, 8, true, false},
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		scene_open(&sc, fx, sizes[i].w, sizes[i].h, sizes[i].utf8, NULL, SORT_CPU);
		scene_check(&sc, sizes[i].name, sizes[i].styles);
		scene_close(&sc);
	}

	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	press(&sc, KEYC_CHAR, '/');
	press(&sc, KEYC_CHAR, 'o');
	press(&sc, KEYC_CHAR, 'o');
	press(&sc, KEYC_CHAR, 'm');
	scene_check(&sc, "overview-filter-typing-80x24", false);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "overview-filtered-80x24", false);
	press(&sc, KEYC_CHAR, '/');
	press(&sc, KEYC_CHAR, 'z');
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "overview-filtered-none-80x24", false);
	scene_close(&sc);

	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	select_name(&sc, "cache-oom");
	press(&sc, KEYC_CHAR, ' ');
	scene_check(&sc, "overview-paused-80x24", true);
	press(&sc, KEYC_CHAR, 'M');
	press(&sc, KEYC_CHAR, 'r');
	scene_check(&sc, "overview-sort-mem-reversed-80x24", false);
	press(&sc, KEYC_CHAR, '<');
	press(&sc, KEYC_CHAR, '<');
	scene_check(&sc, "overview-sort-name-80x24", false);
	scene_close(&sc);

	/* The first tick: no rates yet, so no verdicts either. */
	memset(&sc, 0, sizeof(sc));
	ui_state_init(&sc.st, 2, SORT_CPU, false, NULL);
	struct model_opts mo = {SORT_CPU, false, NULL};
	sc.fx = fx;
	sc.snap = model_build(NULL, fx->t0, &mo);
	sc.g = grid_new(80, 24, true);
	ui_state_sync(&sc.st, sc.snap);
	scene_check(&sc, "overview-first-tick-80x24", false);
	snapshot_free(sc.snap);
	sc.snap = NULL;
	scene_check(&sc, "overview-no-sample-80x24", false);
	scene_close(&sc);
}

static void container_cases(const struct fixture *fx)
{
	struct scene sc;
	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	select_name(&sc, "cache-oom");
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "container-80x24", true);
	press(&sc, KEYC_TAB, 0);
	press(&sc, KEYC_CHAR, 'M');
	scene_check(&sc, "container-hot-pane-by-rss-80x24", false);
	scene_close(&sc);

	scene_open(&sc, fx, 200, 50, true, NULL, SORT_CPU);
	select_name(&sc, "web-throttled");
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "container-200x50", true);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "process-200x50", false);
	/* Gone between two reads: said so, not as an error. */
	proc_detail_clear(&sc.detail);
	sc.detail_err = -ENOENT;
	scene_draw(&sc);
	char *text = grid_dump(sc.g);
	ok(strstr(text, "the process has exited") && !strstr(text, "not readable"),
	   "a process that exited is said to have exited");
	free(text);
	scene_close(&sc);

	scene_open(&sc, fx, 80, 24, false, NULL, SORT_CPU);
	select_name(&sc, "web-throttled");
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "container-ascii-80x24", false);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "process-80x24", false);
	press(&sc, KEYC_PGDN, 0);
	scene_check(&sc, "process-scrolled-80x24", false);
	scene_close(&sc);

	/* The hot functions pane as the profiler fills it (the captures have
	 * no profile, so the list is made here; the snapshot owns a copy). */
	static const struct snap_hot hot[] = {
	    {"busy_loop", "/bin/busybox", 61.5, 92.0, 1843, 2380, "web-throttled"},
	    {"hush_main", "/bin/busybox", 18.25, 30.5, 547, 2380, "web-throttled"},
	    {"__x64_sys_getpid", "[kernel]", 7.0, 7.0, 210, 2380, "web-throttled"},
	    {"\x1b[31mevil_symbol", NULL, 0.4, 0.4, 12, 2380, "web-throttled"},
	};
	scene_open(&sc, fx, 80, 30, true, NULL, SORT_CPU);
	struct snap_row *hr = find_name(&sc, "web-throttled");
	if (hr) {
		free(hr->hot);
		hr->hot = xmalloc(sizeof(hot));
		memcpy(hr->hot, hot, sizeof(hot));
		hr->nhot = ARRAY_SIZE(hot);
		sc.snap->profiler_status = NULL;
		select_cgroup(&sc, hr->cgroup);
	}
	press(&sc, KEYC_ENTER, 0);
	press(&sc, KEYC_TAB, 0);
	/* Down to the hostile symbol: the list scrolls to keep it in view. */
	press(&sc, KEYC_DOWN, 0);
	press(&sc, KEYC_DOWN, 0);
	press(&sc, KEYC_DOWN, 0);
	scene_check(&sc, "container-hot-list-80x30", false);
	scene_close(&sc);

	/* The container goes away while its screen is open. */
	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	select_name(&sc, "fork-capped");
	press(&sc, KEYC_ENTER, 0);
	find_name(&sc, "fork-capped")->cgroup = "/gone";
	ui_state_sync(&sc.st, sc.snap);
	scene_check(&sc, "container-gone-80x24", false);
	scene_close(&sc);
}

/* A known profile over the fixture's rows: in web-throttled a program with
 * hot_three and hot_one (3:1 through main, hot_one also through helper), a
 * read loop reaching the kernel and one hostile symbol; in worker-oom a
 * memset; a process of no container; and idle, which no list shows. */
static struct profile *hot_profile(struct scene *sc)
{
	const struct snap_row *web = find_name(sc, "web-throttled"), *oom = find_name(sc, "worker-oom");
	if (!web || !oom)
		return NULL;
	struct profile_builder *b = profile_builder_new();
	/* In the evil name the builder replaces control characters, the grid escapes the rest. */
	uint32_t start = profile_builder_frame(b, "_start", "hotloop", false),
		 libc_main = profile_builder_frame(b, "__libc_start_call_main", "libc.so.6", false),
		 main_ = profile_builder_frame(b, "main", "hotloop", false),
		 three = profile_builder_frame(b, "hot_three", "hotloop", false),
		 one = profile_builder_frame(b, "hot_one", "hotloop", false),
		 helper = profile_builder_frame(b, "helper", "hotloop", false),
		 hammer = profile_builder_frame(b, "hammer_read", "hotloop", false),
		 read_ = profile_builder_frame(b, "read", "libc.so.6", false),
		 entry = profile_builder_frame(b, "entry_SYSCALL_64_after_hwframe", "[kernel]", true),
		 dosys = profile_builder_frame(b, "do_syscall_64", "[kernel]", true),
		 ksys = profile_builder_frame(b, "ksys_read", "[kernel]", true),
		 vfs = profile_builder_frame(b, "vfs_read", "[kernel]", true),
		 clear = profile_builder_frame(b, "clear_user", "[kernel]", true),
		 evil =
		     profile_builder_frame(b, "evil\x1b]0;pwned\x07\xe2\x80\xae\xff", "lib\x1b[2J.so", false),
		 smain = profile_builder_frame(b, "main", "stress", false),
		 fill = profile_builder_frame(b, "fill_buffer", "stress", false),
		 memset_ = profile_builder_frame(b, "__memset_avx2_unaligned_erms", "libc.so.6", false),
		 pmain = profile_builder_frame(b, "main", "sshd", false),
		 poll_ = profile_builder_frame(b, "__poll", "libc.so.6", false),
		 idle = profile_builder_frame(b, "default_idle", "[kernel]", true);
	uint32_t s1[] = {three, main_, libc_main, start}, s2[] = {one, main_, libc_main, start},
		 s3[] = {one, helper, main_, libc_main, start},
		 s4[] = {clear, vfs, ksys, dosys, entry, read_, hammer, main_, libc_main, start},
		 s5[] = {evil, main_, libc_main, start}, s6[] = {memset_, fill, smain}, s7[] = {poll_, pmain},
		 s8[] = {idle};
	int32_t wpid = web->nprocs ? web->procs[0].pid : 0, opid = oom->nprocs ? oom->procs[0].pid : 0;
	profile_builder_stack(b, web->cgroup_id, wpid, "hotloop", 300, s1, ARRAY_SIZE(s1));
	profile_builder_stack(b, web->cgroup_id, wpid, "hotloop", 100, s2, ARRAY_SIZE(s2));
	profile_builder_stack(b, web->cgroup_id, wpid, "hotloop", 40, s3, ARRAY_SIZE(s3));
	profile_builder_stack(b, web->cgroup_id, wpid, "hotloop", 60, s4, ARRAY_SIZE(s4));
	profile_builder_stack(b, web->cgroup_id, wpid, "hotloop", 5, s5, ARRAY_SIZE(s5));
	profile_builder_stack(b, oom->cgroup_id, opid, "stress", 80, s6, ARRAY_SIZE(s6));
	profile_builder_stack(b, 999999, 4242, "sshd", 20, s7, ARRAY_SIZE(s7));
	profile_builder_stack(b, 1, 0, "swapper/0", 500, s8, ARRAY_SIZE(s8));
	struct profile *p = profile_builder_finish(b);
	p->hz = 99;
	p->end_ns = 10000000000ull;
	return p;
}

static void hot_cases(const struct fixture *fx)
{
	struct scene sc;
	scene_open(&sc, fx, 120, 40, true, NULL, SORT_CPU);
	struct profile *p = hot_profile(&sc);
	if (!p) {
		ok(0, "the hot profile's containers are in the fixture");
		scene_close(&sc);
		return;
	}
	scene_profile(&sc, p);
	/* Until a container is picked, the pane is the whole host's. */
	scene_check(&sc, "overview-hot-host-120x40", true);
	press(&sc, KEYC_TAB, 0);
	press(&sc, KEYC_DOWN, 0);
	scene_check(&sc, "overview-hot-host-focused-120x40", true);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "function-host-hot_one-120x40", false);
	scene_close(&sc);

	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	scene_profile(&sc, p);
	select_name(&sc, "web-throttled");
	scene_check(&sc, "overview-hot-container-80x24", false);
	/* Its screen: the same list; Enter on hot_one shows its two callers. */
	press(&sc, KEYC_ENTER, 0);
	press(&sc, KEYC_TAB, 0);
	press(&sc, KEYC_DOWN, 0);
	scene_check(&sc, "container-hot-80x24", false);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "function-hot_one-80x24", false);
	scene_close(&sc);

	/* Following main (the first caller) shows what it calls, kernel frames
	 * included; K hides them, U the user frames instead. */
	scene_open(&sc, fx, 120, 40, true, NULL, SORT_CPU);
	scene_profile(&sc, p);
	select_name(&sc, "web-throttled");
	press(&sc, KEYC_ENTER, 0);
	press(&sc, KEYC_TAB, 0);
	press(&sc, KEYC_DOWN, 0);
	press(&sc, KEYC_ENTER, 0);
	press(&sc, KEYC_DOWN, 0);
	press(&sc, KEYC_ENTER, 0);
	is_str(sc.st.fn_name, "main", "Enter on a caller follows it");
	scene_check(&sc, "function-main-120x40", true);
	press(&sc, KEYC_CHAR, 'K');
	scene_check(&sc, "function-main-no-kernel-120x40", false);
	press(&sc, KEYC_CHAR, 'K');
	press(&sc, KEYC_CHAR, 'U');
	scene_check(&sc, "function-main-no-user-120x40", false);
	press(&sc, KEYC_ESC, 0);
	is_str(sc.st.fn_name, "hot_one", "Esc goes back to the function followed from");
	is_u64(sc.st.fn_index, 1, "on the line it was followed from");
	press(&sc, KEYC_ESC, 0);
	ok(sc.st.screen == SCREEN_CONTAINER, "and then to the container screen");
	scene_close(&sc);
	profile_free(p);
}

static void help_cases(const struct fixture *fx)
{
	struct scene sc;
	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	press(&sc, KEYC_F1, 0);
	scene_check(&sc, "help-80x24", false);
	press(&sc, KEYC_PGDN, 0);
	press(&sc, KEYC_PGDN, 0);
	scene_check(&sc, "help-page3-80x24", false);
	press(&sc, KEYC_END, 0);
	scene_check(&sc, "help-end-80x24", false);
	scene_close(&sc);

	scene_open(&sc, fx, 200, 50, true, NULL, SORT_CPU);
	press(&sc, KEYC_CHAR, '?');
	scene_check(&sc, "help-200x50", false);
	scene_close(&sc);
}

/* Names and commands a container chose: nothing may reach the terminal raw. */
static void hostile_cases(const struct fixture *fx)
{
	static const char evil_name[] = "\x1b]0;owned\x07"
					"evil\xe2\x80\xae"
					"gpj.exe\xff\xe5\x90\x8d\xe5\x89\x8d";
	static const char evil_cmd[] = "sh -c \x1b[2J\x1b[H\x1b[31mred\r\n\tkill\x9b"
				       "1m";
	struct scene sc;
	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	struct snap_row *r = find_name(&sc, "web-throttled");
	if (r) {
		r->name = evil_name;
		if (r->nprocs)
			r->procs[0].cmdline = evil_cmd;
		select_cgroup(&sc, r->cgroup);
	}
	scene_check(&sc, "overview-hostile-80x24", false);
	press(&sc, KEYC_ENTER, 0);
	scene_check(&sc, "container-hostile-80x24", false);
	scene_close(&sc);
}

/* A name longer than any formatting buffer: its middle is shortened, its
 * end (where ids and pod suffixes differ) stays, cut between characters. */
static void long_name_case(const struct fixture *fx)
{
	struct scene sc;
	scene_open(&sc, fx, 80, 24, true, NULL, SORT_CPU);
	struct strbuf ln;
	strbuf_init(&ln);
	for (int i = 0; i < 60; i++)
		strbuf_puts(&ln, "\xc3\xa9l\xc3\xa9ment-");
	strbuf_puts(&ln, "tail7");
	char *name = strbuf_detach(&ln);
	struct snap_row *r = sc.snap->nrows ? &sc.snap->rows[0] : NULL;
	if (ok(r != NULL, "a row to rename")) {
		r->name = name;
		scene_draw(&sc);
		char *text = grid_dump(sc.g);
		ok(strstr(text, "tail7 ") != NULL, "a 600-byte name keeps its end on the overview");
		ok(strstr(text, "\\x") == NULL, "and is cut between characters (no escaped byte)");
		free(text);
		struct strbuf b;
		strbuf_init(&b);
		batch_text(&b, sc.snap);
		ok(b.buf && strstr(b.buf, "tail7 ") != NULL, "and in batch text");
		strbuf_free(&b);
	}
	scene_close(&sc);
	free(name);
}

static void other_fixture(const char *fixture, const char *name, int w, int h)
{
	struct fixture fx;
	if (!fixture_load(&fx, fixture)) {
		ok(0, "%s: fixture %s loads", name, fixture);
		fixture_unload(&fx);
		return;
	}
	struct scene sc;
	scene_open(&sc, &fx, w, h, true, NULL, SORT_CPU);
	scene_check(&sc, name, false);
	scene_close(&sc);
	fixture_unload(&fx);
}

static void click(struct scene *sc, int y, int x)
{
	struct ui_key k = {KEYC_CLICK, 0, y, x};
	unsigned in = ui_state_key(&sc->st, sc->snap, &k);
	if (in & UI_REBUILD) {
		struct model_opts mo = {sc->st.sort, sc->st.sort_reverse, NULL};
		snapshot_free(sc->snap);
		sc->snap = model_build(sc->fx->t0, sc->fx->t1, &mo);
		ui_state_sync(&sc->st, sc->snap);
	}
	scene_draw(sc);
}

/* The header cell of the column sorting by BY, its title's text on screen. */
static const struct ui_header_col *header_col(struct scene *sc, int by, char *title, size_t n)
{
	title[0] = '\0';
	for (size_t i = 0; i < sc->lay.nheader; i++) {
		const struct ui_header_col *h = &sc->lay.header[i];
		if (h->sort != by)
			continue;
		char *text = grid_dump(sc->g);
		const char *line = text;
		for (int y = 0; y < sc->lay.header_y && line; y++) {
			line = strchr(line, '\n');
			line = line ? line + 1 : NULL;
		}
		/* Cells are bytes here: the header's titles are ASCII up to the arrow. */
		if (line && h->x1 - h->x0 < (int)n)
			snprintf(title, n, "%.*s", h->x1 - h->x0, line + h->x0);
		free(text);
		return h;
	}
	return NULL;
}

/* A click on a column title sorts by it, a second reverses: the layout the
 * views report matches the titles on screen. */
static void header_click_cases(const struct fixture *fx)
{
	struct scene sc;
	char title[64];
	scene_open(&sc, fx, 80, 24, false, NULL, SORT_CPU);
	scene_draw(&sc);
	const struct ui_header_col *mem = header_col(&sc, SORT_MEM, title, sizeof(title));
	ok(mem && strstr(title, "MEM"), "overview: the MEM column's header cell holds its title ('%s')", title);
	if (mem) {
		int x = mem->x1 - 1;
		click(&sc, sc.lay.header_y, x);
		ok(sc.st.sort == SORT_MEM && !sc.st.sort_reverse, "overview: a click on MEM sorts by memory");
		header_col(&sc, SORT_MEM, title, sizeof(title));
		ok(strchr(title, 'v') != NULL, "overview: and the arrow moves there ('%s')", title);
		click(&sc, sc.lay.header_y, x);
		ok(sc.st.sort == SORT_MEM && sc.st.sort_reverse, "overview: a second click reverses");
	}
	const struct ui_header_col *rt = header_col(&sc, -1, title, sizeof(title));
	if (ok(rt != NULL, "overview: some column is not sortable ('%s')", title)) {
		click(&sc, sc.lay.header_y, rt->x0);
		ok(sc.st.sort == SORT_MEM && sc.st.sort_reverse, "overview: a click on it changes nothing");
	}

	select_name(&sc, "cache-oom");
	press(&sc, KEYC_ENTER, 0);
	const struct ui_header_col *rss = header_col(&sc, PSORT_RSS, title, sizeof(title));
	ok(rss && strstr(title, "RSS"), "container: the RSS header cell holds its title ('%s')", title);
	if (rss) {
		click(&sc, sc.lay.header_y, rss->x0);
		ok(sc.st.psort == PSORT_RSS && !sc.st.psort_reverse, "container: a click on RSS sorts the processes");
		click(&sc, sc.lay.header_y, rss->x0);
		ok(sc.st.psort_reverse, "container: a second click reverses");
	}
	scene_close(&sc);
}

int main(void)
{
	/* A fixed zone and locale: the goldens are the same on every machine. */
	setenv("TZ", "UTC", 1);
	tzset();
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		tap_skip_all("no C.UTF-8 locale");
	const char *src = getenv("top_srcdir");
	if (!getenv("FIXTURES"))
		tap_skip_all("FIXTURES is not set (run through make check)");
	golden_dir = src ? xasprintf("%s/tests/golden", src) : xasprintf("%s/../golden", getenv("FIXTURES"));
	const char *up = getenv("BOXTOP_UPDATE_GOLDEN");
	update = up && strcmp(up, "1") == 0;

	struct fixture fx;
	if (!fixture_load(&fx, "v2-systemd-docker-podman")) {
		ok(0, "the v2 fixture loads");
		fixture_unload(&fx);
		free(golden_dir);
		return tap_done();
	}
	overview_cases(&fx);
	container_cases(&fx);
	hot_cases(&fx);
	help_cases(&fx);
	hostile_cases(&fx);
	long_name_case(&fx);
	header_click_cases(&fx);
	fixture_unload(&fx);
	other_fixture("v1-cgroupfs-docker", "overview-v1-80x24", 80, 24);
	other_fixture("v2-kubernetes-containerd", "overview-k8s-120x30", 120, 30);
	free(golden_dir);
	return tap_done();
}
