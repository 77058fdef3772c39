/* hotlist.c - see hotlist.h. One pass over the profile's stacks attributes
 * each to a row and accumulates (scope, frame) -> self, total in a hash;
 * the lists are then cut from the sorted accumulators. Scopes: a row's own
 * stacks (0..nrows-1), stacks of no row (nrows), the stacks a row gets
 * from its members (nrows+1+row), and those of a group the rows leave out
 * (2*nrows+1+hidden), for the host list only. Owned by the profiler
 * engineer (issue 5). */
#include "config.h"

#include "hotlist.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The cgroup v2 root: every task of a pure-v1 machine and every v1-only task reports it. */
#define ROOT_CGROUP_ID 1
/* Rows nested deeper than this (pod in pod...) are not credited further up. */
#define MAX_ANCESTORS 8

struct id_row {
	uint64_t id;
	size_t row;
};

struct pid_row {
	int32_t pid;
	size_t row;
};

struct path_row {
	const char *path;
	size_t row;
};

/* What a stack is attributed to: rows 0..nrows-1, then hidden groups. */
struct attrib {
	struct id_row *ids;
	size_t nids;
	struct pid_row *pids;
	size_t npids;
	ptrdiff_t *parent; /* per row, -1 = none */
};

static int id_row_cmp(const void *a, const void *b)
{
	const struct id_row *x = a, *y = b;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->row > y->row) - (x->row < y->row);
}

static int pid_row_cmp(const void *a, const void *b)
{
	const struct pid_row *x = a, *y = b;
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->row > y->row) - (x->row < y->row);
}

static int path_row_cmp(const void *a, const void *b)
{
	const struct path_row *x = a, *y = b;
	return strcmp(x->path, y->path);
}

static void attrib_init(struct attrib *a, const struct snapshot *snap, const struct group_sample *const *hidden,
			size_t nhidden)
{
	size_t nprocs = 0;
	for (size_t r = 0; r < snap->nrows; r++)
		nprocs += snap->rows[r].nprocs;
	for (size_t h = 0; h < nhidden; h++)
		nprocs += hidden[h]->nprocs;
	a->ids = xcalloc(snap->nrows + nhidden + 1, sizeof(*a->ids));
	a->pids = xcalloc(nprocs + 1, sizeof(*a->pids));
	a->parent = xcalloc(snap->nrows + 1, sizeof(*a->parent));
	a->nids = a->npids = 0;
	struct path_row *paths = xcalloc(snap->nrows + 1, sizeof(*paths));
	size_t npaths = 0;
	for (size_t r = 0; r < snap->nrows; r++) {
		const struct snap_row *row = &snap->rows[r];
		if (row->cgroup_id > ROOT_CGROUP_ID)
			a->ids[a->nids++] = (struct id_row){row->cgroup_id, r};
		for (size_t k = 0; k < row->nprocs; k++)
			a->pids[a->npids++] = (struct pid_row){row->procs[k].pid, r};
		if (row->cgroup)
			paths[npaths++] = (struct path_row){row->cgroup, r};
	}
	for (size_t h = 0; h < nhidden; h++) {
		const struct group_sample *g = hidden[h];
		if (g->cgroup_id > ROOT_CGROUP_ID)
			a->ids[a->nids++] = (struct id_row){g->cgroup_id, snap->nrows + h};
		for (size_t k = 0; k < g->nprocs; k++)
			a->pids[a->npids++] = (struct pid_row){g->procs[k].pid, snap->nrows + h};
	}
	sort_array(a->ids, a->nids, sizeof(*a->ids), id_row_cmp);
	sort_array(a->pids, a->npids, sizeof(*a->pids), pid_row_cmp);
	sort_array(paths, npaths, sizeof(*paths), path_row_cmp);
	for (size_t r = 0; r < snap->nrows; r++) {
		struct path_row key = {snap->rows[r].parent, 0}, *hit = NULL;
		if (key.path)
			hit = bsearch(&key, paths, npaths, sizeof(*paths), path_row_cmp);
		a->parent[r] = hit && hit->row != r ? (ptrdiff_t)hit->row : -1;
	}
	free(paths);
}

static void attrib_free(struct attrib *a)
{
	free(a->ids);
	free(a->pids);
	free(a->parent);
}

/* The row (or, from nrows on, the hidden group) a stack burns in, or -1. */
static ptrdiff_t attrib_row(const struct attrib *a, const struct profile_stack *s)
{
	size_t lo = 0, hi = a->nids;
	if (s->cgroup_id > ROOT_CGROUP_ID) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (a->ids[mid].id < s->cgroup_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < a->nids && a->ids[lo].id == s->cgroup_id)
			return (ptrdiff_t)a->ids[lo].row;
	}
	lo = 0;
	hi = a->npids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->pids[mid].pid < s->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->npids && a->pids[lo].pid == s->pid)
		return (ptrdiff_t)a->pids[lo].row;
	return -1;
}

/* (scope, frame) -> samples, in an open-addressing table. */
struct acc {
	uint64_t key; /* scope << 32 | frame */
	uint64_t self, total;
};

struct acc_tab {
	struct acc *v;
	size_t n, cap;
	uint32_t *slot; /* index + 1 */
	size_t nslot;
};

static size_t acc_hash(uint64_t key, size_t nslot)
{
	key *= 0x9e3779b97f4a7c15ull;
	return (size_t)(key ^ (key >> 32)) & (nslot - 1);
}

static struct acc *acc_get(struct acc_tab *t, uint64_t key)
{
	if (t->n * 2 >= t->nslot) {
		free(t->slot);
		t->nslot = t->nslot ? t->nslot * 2 : 1024;
		t->slot = xcalloc(t->nslot, sizeof(*t->slot));
		for (size_t i = 0; i < t->n; i++) {
			size_t j = acc_hash(t->v[i].key, t->nslot);
			while (t->slot[j])
				j = (j + 1) & (t->nslot - 1);
			t->slot[j] = (uint32_t)i + 1;
		}
	}
	size_t j = acc_hash(key, t->nslot);
	for (; t->slot[j]; j = (j + 1) & (t->nslot - 1))
		if (t->v[t->slot[j] - 1].key == key)
			return &t->v[t->slot[j] - 1];
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n] = (struct acc){key, 0, 0};
	t->slot[j] = (uint32_t)++t->n;
	return &t->v[t->n - 1];
}

static uint32_t key_scope(uint64_t key)
{
	return (uint32_t)(key >> 32);
}

static uint32_t key_frame(uint64_t key)
{
	return (uint32_t)key;
}

/* Hot order: self samples, then total, then name (stable output). */
struct ranked {
	const struct acc *a;
	const struct profile_frame *frame;
};

static int ranked_cmp(const void *x_, const void *y_)
{
	const struct ranked *x = x_, *y = y_;
	if (x->a->self != y->a->self)
		return (y->a->self > x->a->self) - (y->a->self < x->a->self);
	if (x->a->total != y->a->total)
		return (y->a->total > x->a->total) - (y->a->total < x->a->total);
	int c = strcmp(x->frame->function, y->frame->function);
	if (c)
		return c;
	c = strcmp(x->frame->module, y->frame->module);
	if (c)
		return c;
	return (x->a->key > y->a->key) - (x->a->key < y->a->key);
}

struct out_ctx {
	struct snapshot *snap;
	const struct profile *prof;
	const char **fn, **mod; /* per frame, copied into the snapshot once */
};

/* Who a hot line burns in: a row, a hidden group, or the host (both NULL). */
struct burner {
	const struct snap_row *row;
	const struct group_sample *hidden;
};

static void put_hot(struct out_ctx *o, struct snap_hot *h, const struct acc *a, uint64_t denom, struct burner b)
{
	uint32_t f = key_frame(a->key);
	if (!o->fn[f]) {
		o->fn[f] = snapshot_strdup(o->snap, o->prof->frames[f].function);
		o->mod[f] = snapshot_strdup(o->snap, o->prof->frames[f].module);
	}
	h->function = o->fn[f];
	h->module = o->mod[f];
	h->self_pct = denom ? 100.0 * (double)a->self / (double)denom : NAN;
	h->total_pct = denom ? 100.0 * (double)a->total / (double)denom : NAN;
	h->samples = a->self;
	if (b.row) {
		h->cgroup_id = b.row->cgroup_id;
		h->container = b.row->name;
	} else if (b.hidden) {
		h->cgroup_id = b.hidden->cgroup_id;
		h->container = snapshot_strdup(o->snap, b.hidden->name ? b.hidden->name : b.hidden->path);
	} else {
		h->cgroup_id = 0;
		h->container = NULL;
	}
}

/* Sorts V, keeps the first TOP_N with self samples. */
static size_t cut(struct ranked *v, size_t n, size_t top_n)
{
	sort_array(v, n, sizeof(*v), ranked_cmp);
	size_t k = 0;
	while (k < n && k < top_n && v[k].a->self)
		k++;
	return k;
}

void hotlist_fill(struct snapshot *snap, const struct profile *prof, size_t top_n,
		  const struct group_sample *const *hidden, size_t nhidden)
{
	if (!prof)
		return;
	snap->profiler_lost = prof->lost;
	const size_t nrows = snap->nrows, none = nrows, hidden_scope = 2 * nrows + 1;
	struct attrib at;
	attrib_init(&at, snap, hidden, nhidden);
	uint64_t *scope_samples = xcalloc(hidden_scope + nhidden + 1, sizeof(*scope_samples));
	size_t *seen =
	    xcalloc(prof->nframes + 1, sizeof(*seen)); /* stack index + 1 that last counted a frame */
	struct acc_tab tab = {0};

	for (size_t i = 0; i < prof->nstacks; i++) {
		const struct profile_stack *s = &prof->stacks[i];
		if (s->pid == 0 || !s->count)
			continue;
		ptrdiff_t row = attrib_row(&at, s);
		size_t scopes[MAX_ANCESTORS + 1], nscopes = 0;
		if (row >= (ptrdiff_t)nrows) {
			scopes[nscopes++] = hidden_scope + (size_t)row - nrows;
			row = -1;
		} else {
			scopes[nscopes++] = row < 0 ? none : (size_t)row;
		}
		for (ptrdiff_t up = row < 0 ? -1 : at.parent[row]; up >= 0 && nscopes <= MAX_ANCESTORS;
		     up = at.parent[up])
			scopes[nscopes++] = nrows + 1 + (size_t)up;
		for (size_t k = 0; k < nscopes; k++) {
			scope_samples[scopes[k]] += s->count;
			if (s->nframes)
				acc_get(&tab, (uint64_t)scopes[k] << 32 | s->frames[0])->self += s->count;
		}
		for (size_t f = 0; f < s->nframes; f++) {
			uint32_t fr = s->frames[f];
			if (seen[fr] == i + 1)
				continue; /* recursion: a frame counts once per stack */
			seen[fr] = i + 1;
			for (size_t k = 0; k < nscopes; k++)
				acc_get(&tab, (uint64_t)scopes[k] << 32 | fr)->total += s->count;
		}
	}

	struct out_ctx o = {snap, prof, xcalloc(prof->nframes + 1, sizeof(char *)),
			    xcalloc(prof->nframes + 1, sizeof(char *))};
	struct ranked *rank = xcalloc(tab.n + 1, sizeof(*rank));

	/* Host: each (function, row it burns in) its own line. */
	uint64_t host_total = 0;
	for (size_t r = 0; r <= none; r++)
		host_total += scope_samples[r];
	for (size_t h = 0; h < nhidden; h++)
		host_total += scope_samples[hidden_scope + h];
	size_t n = 0;
	for (size_t i = 0; i < tab.n; i++)
		if (key_scope(tab.v[i].key) <= none || key_scope(tab.v[i].key) >= hidden_scope)
			rank[n++] = (struct ranked){&tab.v[i], &prof->frames[key_frame(tab.v[i].key)]};
	n = cut(rank, n, top_n);
	snap->host.hot = xcalloc(n + 1, sizeof(*snap->host.hot));
	snap->host.nhot = n;
	for (size_t i = 0; i < n; i++) {
		size_t scope = key_scope(rank[i].a->key);
		struct burner b = {scope < none ? &snap->rows[scope] : NULL,
				   scope >= hidden_scope ? hidden[scope - hidden_scope] : NULL};
		put_hot(&o, &snap->host.hot[i], rank[i].a, host_total, b);
	}

	/* Rows: own and members' stacks merged per frame. */
	struct acc *merged = xcalloc(tab.n + 1, sizeof(*merged));
	size_t nmerged = 0;
	for (size_t i = 0; i < tab.n; i++) {
		size_t scope = key_scope(tab.v[i].key);
		if (scope == none || scope >= hidden_scope)
			continue;
		size_t row = scope < none ? scope : scope - nrows - 1;
		merged[nmerged] = tab.v[i];
		merged[nmerged++].key = (uint64_t)row << 32 | key_frame(tab.v[i].key);
	}
	free(tab.v);
	free(tab.slot);
	tab = (struct acc_tab){0};
	for (size_t i = 0; i < nmerged; i++) {
		struct acc *a = acc_get(&tab, merged[i].key);
		a->self += merged[i].self;
		a->total += merged[i].total;
	}
	free(merged);
	/* Group by row: sort the accumulators' indexes by row, then cut each run. */
	n = 0;
	for (size_t i = 0; i < tab.n; i++)
		rank[n++] = (struct ranked){&tab.v[i], &prof->frames[key_frame(tab.v[i].key)]};
	struct ranked *by_row = xcalloc(n + 1, sizeof(*by_row));
	size_t *start = xcalloc(nrows + 2, sizeof(*start));
	for (size_t i = 0; i < n; i++)
		start[key_scope(rank[i].a->key) + 1]++;
	for (size_t r = 0; r < nrows; r++)
		start[r + 1] += start[r];
	size_t *fill = xcalloc(nrows + 1, sizeof(*fill));
	for (size_t i = 0; i < n; i++) {
		size_t r = key_scope(rank[i].a->key);
		by_row[start[r] + fill[r]++] = rank[i];
	}
	for (size_t r = 0; r < nrows; r++) {
		struct snap_row *row = &snap->rows[r];
		size_t k = cut(by_row + start[r], start[r + 1] - start[r], top_n);
		uint64_t denom = scope_samples[r] + scope_samples[nrows + 1 + r];
		row->hot = xcalloc(k + 1, sizeof(*row->hot));
		row->nhot = k;
		for (size_t i = 0; i < k; i++)
			put_hot(&o, &row->hot[i], by_row[start[r] + i].a, denom, (struct burner){row, NULL});
	}
	free(fill);
	free(start);
	free(by_row);
	free(rank);
	free(tab.v);
	free(tab.slot);
	free(o.fn);
	free(o.mod);
	free(seen);
	free(scope_samples);
	attrib_free(&at);
}

static int i32_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* ROW itself, or a row whose parent chain reaches it. */
static bool row_within(const struct snapshot *snap, const struct snap_row *row, const struct snap_row *r)
{
	for (int depth = 0; r && depth <= MAX_ANCESTORS; depth++) {
		if (r == row)
			return true;
		r = r->parent ? snapshot_find_row(snap, r->parent) : NULL;
	}
	return false;
}

void hotlist_row_filter(const struct snapshot *snap, const struct snap_row *row, struct profile_filter *f)
{
	uint64_t *ids = xcalloc(snap->nrows + 1, sizeof(*ids));
	size_t nids = 0, npids = 0, cap = 0;
	int32_t *pids = NULL;
	for (size_t r = 0; r < snap->nrows; r++) {
		const struct snap_row *m = &snap->rows[r];
		if (!row_within(snap, row, m))
			continue;
		if (m->cgroup_id > ROOT_CGROUP_ID)
			ids[nids++] = m->cgroup_id;
		if (npids + m->nprocs > cap) {
			cap = (npids + m->nprocs) * 2;
			pids = xrealloc(pids, cap * sizeof(*pids));
		}
		for (size_t k = 0; k < m->nprocs; k++)
			pids[npids++] = m->procs[k].pid;
	}
	if (npids)
		sort_array(pids, npids, sizeof(*pids), i32_cmp);
	*f = (struct profile_filter){
	    .scoped = true, .cgroup_ids = ids, .ncgroup_ids = nids, .pids = pids, .npids = npids};
}

void hotlist_filter_clear(struct profile_filter *f)
{
	free((void *)f->cgroup_ids);
	free((void *)f->pids);
	memset(f, 0, sizeof(*f));
}
