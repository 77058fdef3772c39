/* state.c - see state.h. Keys follow top and htop habits; one table below
 * (and the help screen, ui/view_help.c) says which key does what. */
#include "config.h"

#include "state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const proc_sort_names[PSORT_MAX] = {"pid", "user",	"state", "cpu",
						"rss", "delay", "nvcsw", "command"};

/* The order < and > step through, as the columns appear. */
static const enum sort_key sort_cycle[] = {SORT_NAME, SORT_CPU, SORT_MEM, SORT_IO, SORT_NET, SORT_PIDS};

static const double intervals[] = {0.5, 1, 2, 3, 5, 10, 30, 60};

void ui_state_init(struct ui_state *st, double interval_s, enum sort_key sort, bool reverse,
		   const char *filter)
{
	memset(st, 0, sizeof(*st));
	st->interval_s = interval_s;
	st->sort = sort;
	st->sort_reverse = reverse;
	if (filter)
		snprintf(st->filter, sizeof(st->filter), "%s", filter);
	st->psort = PSORT_CPU;
	st->layout.list_rows = 10;
}

/* Replaces *DST with a copy of SRC (which may be *DST itself or NULL). */
static void set_str(char **dst, const char *src)
{
	char *old = *dst;
	*dst = src ? xstrdup(src) : NULL;
	free(old);
}

/* NULL-safe: a hot entry's module may be absent. */
static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void clear_back(struct ui_state *st)
{
	for (size_t i = 0; i < st->nfn_back; i++) {
		free(st->fn_back[i].name);
		free(st->fn_back[i].module);
	}
	st->nfn_back = 0;
}

void ui_state_free(struct ui_state *st)
{
	free(st->sel_cgroup);
	free(st->sel_name);
	st->sel_cgroup = st->sel_name = NULL;
	set_str(&st->hot_name, NULL);
	set_str(&st->hot_module, NULL);
	set_str(&st->hot_scope, NULL);
	set_str(&st->fn_name, NULL);
	set_str(&st->fn_module, NULL);
	set_str(&st->fn_scope, NULL);
	clear_back(st);
}

void ui_state_message(struct ui_state *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->message, sizeof(st->message), fmt, ap);
	va_end(ap);
}

const struct snap_row *ui_state_row(const struct ui_state *st, const struct snapshot *snap)
{
	if (!snap || !st->sel_cgroup)
		return NULL;
	return snapshot_find_row(snap, st->sel_cgroup);
}

static void select_row(struct ui_state *st, const struct snapshot *snap, size_t i)
{
	const struct snap_row *r = &snap->rows[i];
	st->sel_index = i;
	if (st->sel_cgroup && strcmp(st->sel_cgroup, r->cgroup) == 0)
		return;
	free(st->sel_cgroup);
	free(st->sel_name);
	st->sel_cgroup = xstrdup(r->cgroup);
	st->sel_name = xstrdup(r->name ? r->name : r->cgroup);
	/* Another container: its process selection starts afresh. */
	st->sel_pid = 0;
	st->proc_index = st->proc_top = st->hot_top = 0;
}

static void keep_visible(size_t sel, size_t *top, int rows)
{
	size_t n = rows < 1 ? 1 : (size_t)rows;
	if (sel < *top)
		*top = sel;
	else if (sel >= *top + n)
		*top = sel - n + 1;
}

const char *ui_state_scope(const struct ui_state *st)
{
	switch (st->screen == SCREEN_HELP ? st->help_from : st->screen) {
	case SCREEN_OVERVIEW:
		return st->sel_chosen ? st->sel_cgroup : NULL;
	case SCREEN_FUNCTION:
		return st->fn_scope;
	default:
		return st->sel_cgroup;
	}
}

const struct snap_hot *ui_state_hot(const struct ui_state *st, const struct snapshot *snap, size_t *n)
{
	*n = 0;
	if (!snap)
		return NULL;
	const char *scope = ui_state_scope(st);
	if (!scope) {
		*n = snap->host.nhot;
		return snap->host.hot;
	}
	const struct snap_row *r = snapshot_find_row(snap, scope);
	if (!r)
		return NULL;
	*n = r->nhot;
	return r->hot;
}

static void select_hot(struct ui_state *st, const struct snap_hot *h, size_t i)
{
	st->hot_index = i;
	if (!str_eq(st->hot_name, h[i].function))
		set_str(&st->hot_name, h[i].function);
	if (!str_eq(st->hot_module, h[i].module))
		set_str(&st->hot_module, h[i].module);
	st->hot_cgroup_id = h[i].cgroup_id;
}

/* Finds the selected hot function again by its key (on the host's list
 * the same function may burn in two containers: the same container first),
 * else takes the one now at its place. Until the user moves, the top entry
 * is selected: following what topped the first tick's few samples would
 * scroll the real top out of the pane. Another scope is another list: its
 * selection starts at the top. An empty list keeps the key for when the
 * function comes back. */
static void sync_hot(struct ui_state *st, const struct snapshot *snap)
{
	const char *scope = ui_state_scope(st);
	if ((scope == NULL) != (st->hot_scope == NULL) || (scope && strcmp(scope, st->hot_scope) != 0)) {
		set_str(&st->hot_scope, scope);
		set_str(&st->hot_name, NULL);
		set_str(&st->hot_module, NULL);
		st->hot_index = st->hot_top = 0;
		st->hot_chosen = false;
	}
	size_t n;
	const struct snap_hot *h = ui_state_hot(st, snap, &n);
	if (!st->hot_chosen)
		set_str(&st->hot_name, NULL);
	ptrdiff_t found = -1;
	for (int exact = 1; exact >= 0 && found < 0 && st->hot_name; exact--)
		for (size_t i = 0; i < n; i++)
			if (str_eq(h[i].function, st->hot_name) && str_eq(h[i].module, st->hot_module) &&
			    (!exact || h[i].cgroup_id == st->hot_cgroup_id)) {
				found = (ptrdiff_t)i;
				break;
			}
	if (found >= 0)
		select_hot(st, h, (size_t)found);
	else if (n)
		select_hot(st, h, !st->hot_chosen ? 0 : st->hot_index < n ? st->hot_index : n - 1);
	else
		st->hot_index = 0;
	keep_visible(st->hot_index, &st->hot_top, st->layout.hot_rows);
}

struct order_ctx {
	const struct snap_proc *p;
	enum proc_sort key;
	bool reverse;
};

static int cmp_num(double a, double b)
{
	return (a > b) - (a < b);
}

static const char *proc_command(const struct snap_proc *p)
{
	return p->cmdline && p->cmdline[0] ? p->cmdline : p->comm ? p->comm : "";
}

/* Numbers sort biggest first and text A to Z; reverse flips both; absent
 * figures and ties (by pid) keep their place whatever the direction. */
static int proc_cmp(const void *pa, const void *pb, void *arg)
{
	const struct order_ctx *c = arg;
	const struct snap_proc *a = &c->p[*(const size_t *)pa], *b = &c->p[*(const size_t *)pb];
	double va = NAN, vb = NAN;
	int r = 0;

	switch (c->key) {
	case PSORT_PID:
		r = cmp_num(a->pid, b->pid);
		break;
	case PSORT_USER:
		r = cmp_num(a->uid, b->uid);
		break;
	case PSORT_STATE:
		r = cmp_num(a->state, b->state);
		break;
	case PSORT_COMMAND:
		r = strcmp(proc_command(a), proc_command(b));
		break;
	case PSORT_CPU:
		va = a->cpu_pct, vb = b->cpu_pct;
		break;
	case PSORT_RSS:
		va = a->rss_bytes, vb = b->rss_bytes;
		break;
	case PSORT_DELAY:
		va = a->run_delay_pct, vb = b->run_delay_pct;
		break;
	case PSORT_CTXSW:
		va = a->nonvol_ctxsw_per_s, vb = b->nonvol_ctxsw_per_s;
		break;
	case PSORT_MAX:
		break;
	}
	if (c->key == PSORT_CPU || c->key == PSORT_RSS || c->key == PSORT_DELAY || c->key == PSORT_CTXSW) {
		if (isnan(va) != isnan(vb))
			return isnan(va) ? 1 : -1;
		r = isnan(va) ? 0 : -cmp_num(va, vb);
	}
	if (c->reverse)
		r = -r;
	return r ? r : cmp_num(a->pid, b->pid);
}

size_t *ui_proc_order(const struct snap_row *row, enum proc_sort key, bool reverse)
{
	if (!row || !row->nprocs)
		return NULL;
	size_t *idx = xmalloc(row->nprocs * sizeof(*idx));
	for (size_t i = 0; i < row->nprocs; i++)
		idx[i] = i;
	struct order_ctx c = {row->procs, key, reverse};
	qsort_r(idx, row->nprocs, sizeof(*idx), proc_cmp, &c);
	return idx;
}

/* Finds the selected process again in ROW, or (if RETARGET) takes the one now
 * at its place. */
static void sync_proc(struct ui_state *st, const struct snap_row *row, bool retarget)
{
	size_t *order = ui_proc_order(row, st->psort, st->psort_reverse);
	size_t n = row ? row->nprocs : 0;
	bool found = false;

	for (size_t i = 0; i < n && st->sel_pid; i++)
		if (row->procs[order[i]].pid == st->sel_pid) {
			st->proc_index = i;
			found = true;
			break;
		}
	if (!found && retarget) {
		if (n) {
			if (st->proc_index >= n)
				st->proc_index = n - 1;
			st->sel_pid = row->procs[order[st->proc_index]].pid;
		} else {
			st->proc_index = 0;
			st->sel_pid = 0;
		}
	}
	free(order);
}

void ui_state_sync(struct ui_state *st, const struct snapshot *snap)
{
	if (!snap)
		return;
	enum ui_screen on = st->screen == SCREEN_HELP ? st->help_from : st->screen;
	ptrdiff_t found = -1;
	/* Until the user moves, the selection is the top row: following the
	 * first tick's top row (sorted without rates) would land anywhere. */
	if (on == SCREEN_OVERVIEW && !st->sel_chosen && snap->nrows)
		select_row(st, snap, 0);
	for (size_t i = 0; st->sel_cgroup && i < snap->nrows; i++)
		if (strcmp(snap->rows[i].cgroup, st->sel_cgroup) == 0) {
			found = (ptrdiff_t)i;
			break;
		}
	if (found >= 0)
		st->sel_index = (size_t)found;
	else if (on == SCREEN_OVERVIEW && snap->nrows)
		select_row(st, snap, st->sel_index < snap->nrows ? st->sel_index : snap->nrows - 1);
	if (on == SCREEN_OVERVIEW)
		keep_visible(st->sel_index, &st->top, st->layout.list_rows);

	const struct snap_row *row = found >= 0 || on == SCREEN_OVERVIEW ? ui_state_row(st, snap) : NULL;
	if (row)
		sync_proc(st, row, on != SCREEN_PROCESS);
	if (on == SCREEN_CONTAINER)
		keep_visible(st->proc_index, &st->proc_top, st->layout.list_rows);
	if (on == SCREEN_OVERVIEW || on == SCREEN_CONTAINER)
		sync_hot(st, snap);
}

void ui_state_set_layout(struct ui_state *st, const struct ui_layout *lay)
{
	st->layout = *lay;
	if (lay->hot_rows)
		st->hot_top = lay->hot_top;
	switch (st->screen) {
	case SCREEN_OVERVIEW:
		st->top = lay->list_top;
		break;
	case SCREEN_CONTAINER:
		st->proc_top = lay->list_top;
		break;
	case SCREEN_FUNCTION:
		st->fn_top = lay->list_top;
		break;
	case SCREEN_PROCESS:
		st->detail_top = lay->list_top;
		break;
	case SCREEN_HELP:
		st->help_top = lay->list_top;
		break;
	case SCREEN_MAX:
		break;
	}
}

double ui_interval_step(double interval_s, int dir)
{
	size_t n = ARRAY_SIZE(intervals);
	if (dir > 0) {
		for (size_t i = 0; i < n; i++)
			if (intervals[i] > interval_s + 1e-9)
				return intervals[i];
		return intervals[n - 1];
	}
	for (size_t i = n; i-- > 0;)
		if (intervals[i] < interval_s - 1e-9)
			return intervals[i];
	return intervals[0];
}

/* Moves *SEL by DELTA within [0, LEN), keeping it visible from *TOP. */
static bool move(size_t *sel, size_t *top, size_t len, long delta, int rows)
{
	if (!len)
		return false;
	long to = (long)*sel + delta;
	if (to < 0)
		to = 0;
	if (to >= (long)len)
		to = (long)len - 1;
	*sel = (size_t)to;
	keep_visible(*sel, top, rows);
	return true;
}

/* Scrolls a text screen (process, help) whose length the last draw reported. */
static void scroll(struct ui_state *st, size_t *top, long delta)
{
	size_t rows = st->layout.list_rows < 1 ? 1 : (size_t)st->layout.list_rows;
	long max = st->layout.list_len > rows ? (long)(st->layout.list_len - rows) : 0;
	long to = (long)*top + delta;
	*top = (size_t)(to < 0 ? 0 : to > max ? max : to);
}

/* The movement a key asks for, in lines: 0 when it is not a movement key. */
static long key_delta(const struct ui_state *st, const struct ui_key *k)
{
	long page = st->layout.list_rows > 1 ? st->layout.list_rows - 1 : 1;
	switch (k->code) {
	case KEYC_UP:
		return -1;
	case KEYC_DOWN:
		return 1;
	case KEYC_PGUP:
		return -page;
	case KEYC_PGDN:
		return page;
	case KEYC_HOME:
		return -(long)1e9;
	case KEYC_END:
		return (long)1e9;
	case KEYC_WHEEL_UP:
		return -3;
	case KEYC_WHEEL_DOWN:
		return 3;
	case KEYC_CHAR:
		return k->ch == 'k' ? -1 : k->ch == 'j' ? 1 : 0;
	default:
		return 0;
	}
}

static unsigned filter_key(struct ui_state *st, const struct ui_key *k)
{
	size_t len = strlen(st->filter);
	switch (k->code) {
	case KEYC_ENTER:
		st->filter_editing = false;
		return UI_REDRAW;
	case KEYC_ESC:
		st->filter_editing = false;
		st->filter[0] = '\0';
		return UI_REDRAW | UI_REBUILD;
	case KEYC_BACKSPACE:
		if (!len)
			return 0;
		/* Drop one whole UTF-8 character. */
		while (len > 0 && ((unsigned char)st->filter[--len] & 0xc0) == 0x80)
			;
		st->filter[len] = '\0';
		return UI_REDRAW | UI_REBUILD;
	case KEYC_CHAR: {
		char enc[4];
		size_t n;
		uint32_t c = k->ch;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return 0;
		if (c < 0x80) {
			enc[0] = (char)c, n = 1;
		} else if (c < 0x800) {
			enc[0] = (char)(0xc0 | c >> 6), enc[1] = (char)(0x80 | (c & 0x3f)), n = 2;
		} else if (c < 0x10000) {
			enc[0] = (char)(0xe0 | c >> 12), enc[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			enc[2] = (char)(0x80 | (c & 0x3f)), n = 3;
		} else {
			enc[0] = (char)(0xf0 | c >> 18), enc[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			enc[2] = (char)(0x80 | ((c >> 6) & 0x3f)), enc[3] = (char)(0x80 | (c & 0x3f)), n = 4;
		}
		if (len + n >= sizeof(st->filter))
			return 0;
		memcpy(st->filter + len, enc, n);
		st->filter[len + n] = '\0';
		return UI_REDRAW | UI_REBUILD;
	}
	default:
		return 0;
	}
}

/* The sort of the header column a click at K hit, or -1. */
static int header_sort_at(const struct ui_state *st, const struct ui_key *k)
{
	if (!st->layout.nheader || k->y != st->layout.header_y)
		return -1;
	for (size_t i = 0; i < st->layout.nheader && i < UI_HEADER_MAX; i++)
		if (k->x >= st->layout.header[i].x0 && k->x < st->layout.header[i].x1)
			return st->layout.header[i].sort;
	return -1;
}

static unsigned set_sort(struct ui_state *st, enum sort_key key, bool reverse)
{
	st->sort = key;
	st->sort_reverse = reverse;
	return UI_REDRAW | UI_REBUILD;
}

static unsigned step_sort(struct ui_state *st, int dir)
{
	size_t n = ARRAY_SIZE(sort_cycle), i = 0;
	while (i < n && sort_cycle[i] != st->sort)
		i++;
	i = (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	return set_sort(st, sort_cycle[i], false);
}

/* Moves the hot pane's selection by D entries. */
static unsigned move_hot(struct ui_state *st, const struct snapshot *snap, long d)
{
	size_t n;
	const struct snap_hot *h = ui_state_hot(st, snap, &n);
	if (move(&st->hot_index, &st->hot_top, n, d, st->layout.hot_rows)) {
		select_hot(st, h, st->hot_index);
		st->hot_chosen = true;
	}
	return UI_REDRAW;
}

/* Enter on a hot function: the function screen, in the list's scope. */
static unsigned open_function(struct ui_state *st, const struct snapshot *snap)
{
	size_t n;
	const struct snap_hot *h = ui_state_hot(st, snap, &n);
	if (!h || st->hot_index >= n)
		return 0;
	set_str(&st->fn_scope, ui_state_scope(st));
	set_str(&st->fn_name, h[st->hot_index].function ? h[st->hot_index].function : "");
	set_str(&st->fn_module, h[st->hot_index].module ? h[st->hot_index].module : "");
	clear_back(st);
	st->fn_from = st->screen;
	st->screen = SCREEN_FUNCTION;
	st->fn_index = st->fn_top = 0;
	return UI_REDRAW | UI_CALLTREE;
}

void ui_state_follow(struct ui_state *st, const char *function, const char *module)
{
	if (st->nfn_back == UI_FN_BACK_MAX) {
		/* Full: the oldest goes, Esc still ends on the list it came from. */
		free(st->fn_back[0].name);
		free(st->fn_back[0].module);
		memmove(&st->fn_back[0], &st->fn_back[1], (UI_FN_BACK_MAX - 1) * sizeof(st->fn_back[0]));
		st->nfn_back--;
	}
	st->fn_back[st->nfn_back].name = st->fn_name;
	st->fn_back[st->nfn_back].module = st->fn_module;
	st->fn_back[st->nfn_back++].index = st->fn_index;
	st->fn_name = xstrdup(function);
	st->fn_module = xstrdup(module ? module : "");
	st->fn_index = st->fn_top = 0;
}

static unsigned function_key(struct ui_state *st, const struct snapshot *snap, const struct ui_key *k)
{
	long d = key_delta(st, k);
	if (d) {
		/* The view keeps the line in sight: its list has part headings too. */
		size_t len = st->layout.list_len;
		long to = (long)st->fn_index + d;
		st->fn_index = len == 0 || to < 0 ? 0 : to >= (long)len ? len - 1 : (size_t)to;
		return UI_REDRAW;
	}
	switch (k->code) {
	case KEYC_ENTER:
	case KEYC_RIGHT:
		return st->layout.list_len ? UI_REDRAW | UI_FOLLOW : 0;
	case KEYC_ESC:
	case KEYC_LEFT:
	case KEYC_BACKSPACE:
		if (st->nfn_back) {
			st->nfn_back--;
			free(st->fn_name);
			free(st->fn_module);
			st->fn_name = st->fn_back[st->nfn_back].name;
			st->fn_module = st->fn_back[st->nfn_back].module;
			st->fn_index = st->fn_back[st->nfn_back].index;
			return UI_REDRAW | UI_CALLTREE;
		}
		st->screen = st->fn_from;
		ui_state_sync(st, snap);
		return UI_REDRAW;
	case KEYC_CHAR:
		if (k->ch == 'K')
			st->hide_kernel = !st->hide_kernel;
		else if (k->ch == 'U')
			st->hide_user = !st->hide_user;
		else
			return 0;
		return UI_REDRAW | UI_CALLTREE;
	default:
		return 0;
	}
}

static unsigned overview_key(struct ui_state *st, const struct snapshot *snap, const struct ui_key *k)
{
	size_t nrows = snap ? snap->nrows : 0;
	long d = key_delta(st, k);
	/* A screen too short for the hot pane hands the keys back to the containers. */
	if (!st->layout.hot_rows)
		st->ov_pane = 0;
	if (d && st->ov_pane == 1)
		return move_hot(st, snap, d);
	if (d) {
		if (move(&st->sel_index, &st->top, nrows, d, st->layout.list_rows)) {
			select_row(st, snap, st->sel_index);
			st->sel_chosen = true;
		}
		return UI_REDRAW;
	}
	switch (k->code) {
	case KEYC_ENTER:
		if (st->ov_pane == 1)
			return open_function(st, snap);
		if (!ui_state_row(st, snap))
			return 0;
		st->screen = SCREEN_CONTAINER;
		st->pane = 0;
		ui_state_sync(st, snap);
		return UI_REDRAW;
	case KEYC_ESC:
		if (st->filter[0]) {
			st->filter[0] = '\0';
			return UI_REDRAW | UI_REBUILD;
		}
		if (!st->sel_chosen)
			return 0;
		/* Back to the whole host: the hot pane's scope, and the top row. */
		st->sel_chosen = false;
		ui_state_sync(st, snap);
		return UI_REDRAW;
	case KEYC_TAB:
		if (!st->layout.hot_rows && st->ov_pane == 0)
			return 0;
		st->ov_pane = !st->ov_pane;
		return UI_REDRAW;
	case KEYC_F6:
		return step_sort(st, 1);
	case KEYC_CLICK: {
		int by = header_sort_at(st, k);
		if (by >= 0 && by < SORT_MAX)
			return set_sort(st, (enum sort_key)by, by == (int)st->sort ? !st->sort_reverse : false);
		long i = (long)st->top + (k->y - st->layout.list_y);
		if (k->y < st->layout.list_y || k->y >= st->layout.list_y + st->layout.list_rows ||
		    i >= (long)nrows)
			return 0;
		select_row(st, snap, (size_t)i);
		st->sel_chosen = true;
		st->ov_pane = 0;
		return UI_REDRAW;
	}
	case KEYC_CHAR:
		break;
	default:
		return 0;
	}
	switch (k->ch) {
	case '/':
		st->filter_editing = true;
		return UI_REDRAW;
	case '<':
		return step_sort(st, -1);
	case '>':
		return step_sort(st, 1);
	case 'r':
		return set_sort(st, st->sort, !st->sort_reverse);
	case 'P':
		return set_sort(st, SORT_CPU, false);
	case 'M':
		return set_sort(st, SORT_MEM, false);
	case 'I':
		return set_sort(st, SORT_IO, false);
	case 'N':
		return set_sort(st, SORT_NET, false);
	default:
		return 0;
	}
}

static unsigned set_psort(struct ui_state *st, enum proc_sort key, bool reverse)
{
	st->psort = key;
	st->psort_reverse = reverse;
	return UI_REDRAW;
}

static unsigned container_key(struct ui_state *st, const struct snapshot *snap, const struct ui_key *k)
{
	const struct snap_row *row = ui_state_row(st, snap);
	long d = key_delta(st, k);
	unsigned out = 0;

	if (d && st->pane == 1)
		return move_hot(st, snap, d);
	if (d) {
		size_t *order = ui_proc_order(row, st->psort, st->psort_reverse);
		if (move(&st->proc_index, &st->proc_top, row ? row->nprocs : 0, d, st->layout.list_rows))
			st->sel_pid = row->procs[order[st->proc_index]].pid;
		free(order);
		return UI_REDRAW;
	}
	switch (k->code) {
	case KEYC_TAB:
		st->pane = !st->pane;
		return UI_REDRAW;
	case KEYC_ENTER:
		if (st->pane == 1)
			return open_function(st, snap);
		if (!row || !row->nprocs || !st->sel_pid)
			return 0;
		st->screen = SCREEN_PROCESS;
		st->detail_top = 0;
		return UI_REDRAW | UI_DETAIL;
	case KEYC_ESC:
	case KEYC_LEFT:
	case KEYC_BACKSPACE:
		st->screen = SCREEN_OVERVIEW;
		ui_state_sync(st, snap);
		return UI_REDRAW;
	case KEYC_F6:
		out = set_psort(st, (enum proc_sort)((st->psort + 1) % PSORT_MAX), false);
		break;
	case KEYC_CLICK: {
		int by = header_sort_at(st, k);
		if (by >= 0 && by < PSORT_MAX) {
			out = set_psort(st, (enum proc_sort)by, by == (int)st->psort ? !st->psort_reverse : false);
			break;
		}
		long i = (long)st->proc_top + (k->y - st->layout.list_y);
		if (!row || k->y < st->layout.list_y || k->y >= st->layout.list_y + st->layout.list_rows ||
		    i >= (long)row->nprocs)
			return 0;
		size_t *order = ui_proc_order(row, st->psort, st->psort_reverse);
		st->proc_index = (size_t)i;
		st->sel_pid = row->procs[order[i]].pid;
		st->pane = 0;
		free(order);
		return UI_REDRAW;
	}
	case KEYC_CHAR:
		switch (k->ch) {
		case '<':
			out = set_psort(st, (enum proc_sort)((st->psort + PSORT_MAX - 1) % PSORT_MAX), false);
			break;
		case '>':
			out = set_psort(st, (enum proc_sort)((st->psort + 1) % PSORT_MAX), false);
			break;
		case 'r':
			out = set_psort(st, st->psort, !st->psort_reverse);
			break;
		case 'P':
			out = set_psort(st, PSORT_CPU, false);
			break;
		case 'M':
			out = set_psort(st, PSORT_RSS, false);
			break;
		default:
			return 0;
		}
		break;
	default:
		return 0;
	}
	/* A new order: the selected process keeps its key, and its new row shows. */
	sync_proc(st, row, true);
	keep_visible(st->proc_index, &st->proc_top, st->layout.list_rows);
	return out;
}

static unsigned text_key(struct ui_state *st, size_t *top, const struct ui_key *k, enum ui_screen back)
{
	long d = key_delta(st, k);
	if (d) {
		scroll(st, top, d);
		return UI_REDRAW;
	}
	switch (k->code) {
	case KEYC_ESC:
	case KEYC_LEFT:
	case KEYC_BACKSPACE:
		st->screen = back;
		return UI_REDRAW;
	default:
		return 0;
	}
}

unsigned ui_state_key(struct ui_state *st, const struct snapshot *snap, const struct ui_key *k)
{
	unsigned had_message = st->message[0] ? UI_REDRAW : 0;
	st->message[0] = '\0';

	if (st->filter_editing)
		return filter_key(st, k) | had_message;

	/* Keys that mean the same on every screen. */
	switch (k->code) {
	case KEYC_F10:
		return UI_QUIT;
	case KEYC_F1:
		goto help;
	case KEYC_CHAR:
		switch (k->ch) {
		case 'q':
			return UI_QUIT;
		case 'h':
		case '?':
			goto help;
		case ' ':
			st->paused = !st->paused;
			return UI_REDRAW | UI_PAUSE;
		case '+':
			st->interval_s = ui_interval_step(st->interval_s, 1);
			return UI_REDRAW | UI_RETIME;
		case '-':
			st->interval_s = ui_interval_step(st->interval_s, -1);
			return UI_REDRAW | UI_RETIME;
		case 's':
			return snap ? UI_REDRAW | UI_SAVE : had_message;
		case 'f':
			return snap ? UI_REDRAW | UI_FOLDED : had_message;
		case 'W':
			st->hot_cumulative = !st->hot_cumulative;
			return UI_REDRAW | UI_CUMULATIVE;
		default:
			break;
		}
		break;
	default:
		break;
	}

	unsigned out = had_message;
	switch (st->screen) {
	case SCREEN_OVERVIEW:
		out |= overview_key(st, snap, k);
		break;
	case SCREEN_CONTAINER:
		out |= container_key(st, snap, k);
		break;
	case SCREEN_FUNCTION:
		return function_key(st, snap, k) | had_message;
	case SCREEN_PROCESS:
		return text_key(st, &st->detail_top, k, SCREEN_CONTAINER) | had_message;
	case SCREEN_HELP:
		return text_key(st, &st->help_top, k, st->help_from) | had_message;
	case SCREEN_MAX:
		break;
	}
	/* A key may have changed the hot list's scope (another container, the
	 * host again): the pane's selection goes with it at once. */
	if (snap && (st->screen == SCREEN_OVERVIEW || st->screen == SCREEN_CONTAINER))
		sync_hot(st, snap);
	return out;

help:
	if (st->screen == SCREEN_HELP) {
		st->screen = st->help_from;
	} else {
		st->help_from = st->screen;
		st->screen = SCREEN_HELP;
		st->help_top = 0;
	}
	return UI_REDRAW;
}
