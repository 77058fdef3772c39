/* calltree.c - see calltree.h. The profile's trees (profile_callers,
 * profile_callees) are copied into nodes of our own while hidden frames are
 * taken out: a hidden node hands its children to its parent, where equal
 * frames merge, so every path still counts exactly the stacks that run
 * through it. The nodes are then sorted and flattened depth first. */
#include "config.h"

#include "calltree.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotlist.h"
#include "util.h"

struct cnode {
	const struct profile_frame *frame;
	uint64_t samples;
	double pct;
	struct cnode *kids;
	size_t nkids, cap;
};

static bool hidden(const struct calltree_opts *o, const struct profile_frame *f)
{
	return f->kernel ? o->hide_kernel : o->hide_user;
}

/* Adds the subtree of N under PARENT, leaving hidden frames out. */
static void graft(struct cnode *parent, const struct profile_node *n, const struct calltree_opts *o)
{
	if (hidden(o, n->frame)) {
		for (size_t i = 0; i < n->nchildren; i++)
			graft(parent, &n->children[i], o);
		return;
	}
	struct cnode *k = NULL;
	for (size_t i = 0; i < parent->nkids && !k; i++)
		if (parent->kids[i].frame == n->frame)
			k = &parent->kids[i];
	if (!k) {
		if (parent->nkids == parent->cap) {
			parent->cap = parent->cap ? parent->cap * 2 : 4;
			parent->kids = xrealloc(parent->kids, parent->cap * sizeof(*parent->kids));
		}
		k = &parent->kids[parent->nkids++];
		memset(k, 0, sizeof(*k));
		k->frame = n->frame;
	}
	/* Both are shares of the same scope, so they add up like the samples. */
	k->samples += n->samples;
	k->pct += n->pct;
	for (size_t i = 0; i < n->nchildren; i++)
		graft(k, &n->children[i], o);
}

static int cnode_cmp(const void *a, const void *b)
{
	const struct cnode *x = a, *y = b;
	if (x->samples != y->samples)
		return (y->samples > x->samples) - (y->samples < x->samples);
	int c = strcmp(x->frame->function, y->frame->function);
	return c ? c : strcmp(x->frame->module, y->frame->module);
}

static void cnode_clear(struct cnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		cnode_clear(&n->kids[i]);
	free(n->kids);
}

static void flatten(struct calltree *t, struct cnode *n, enum calltree_part part, unsigned depth,
		    size_t parent, size_t *cap)
{
	if (t->nlines == CALLTREE_MAX_LINES) {
		t->truncated = true;
		return;
	}
	if (t->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		t->lines = xrealloc(t->lines, *cap * sizeof(*t->lines));
	}
	size_t me = t->nlines++;
	t->lines[me] = (struct calltree_line){
	    .function = arena_strdup(t->arena_, n->frame->function),
	    .module = arena_strdup(t->arena_, n->frame->module),
	    .kernel = n->frame->kernel,
	    .part = part,
	    .depth = depth,
	    .parent = depth ? parent : me,
	    .samples = n->samples,
	    .pct = n->pct,
	};
	if (n->nkids && depth == CALLTREE_MAX_DEPTH) {
		t->truncated = true;
		return;
	}
	if (n->nkids)
		sort_array(n->kids, n->nkids, sizeof(*n->kids), cnode_cmp);
	for (size_t i = 0; i < n->nkids; i++)
		flatten(t, &n->kids[i], part, depth + 1, me, cap);
}

/* One part: the profile's tree with hidden frames out, as lines. */
static void add_part(struct calltree *t, struct profile_node *tree, enum calltree_part part,
		     const struct calltree_opts *o, size_t *cap)
{
	/* The root is the function asked for: shown even if its kind is hidden. */
	struct cnode root = {.frame = tree->frame, .samples = tree->samples, .pct = tree->pct};
	for (size_t i = 0; i < tree->nchildren; i++)
		graft(&root, &tree->children[i], o);
	flatten(t, &root, part, 0, 0, cap);
	cnode_clear(&root);
	profile_node_free(tree);
}

void calltree_build(struct calltree *t, const struct profile *p, const struct profile_filter *f,
		    const char *function, const char *module, const struct calltree_opts *o)
{
	memset(t, 0, sizeof(*t));
	t->arena_ = arena_new();
	t->function = arena_strdup(t->arena_, function);
	t->module = arena_strdup(t->arena_, module);
	t->self_pct = t->total_pct = NAN;
	ssize_t at = profile_find_frame(p, function, module);
	t->scope_samples = profile_filter_samples(p, f);
	if (at < 0)
		return;
	t->found = true;
	uint32_t frame = (uint32_t)at;
	uint64_t self = 0;
	for (size_t i = 0; i < p->nstacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		if (s->nframes && s->frames[0] == frame && profile_filter_match(f, s))
			self += s->count;
	}
	struct profile_node *callers = profile_callers(p, f, frame, 0);
	if (t->scope_samples) {
		t->self_pct = 100.0 * (double)self / (double)t->scope_samples;
		t->total_pct = 100.0 * (double)callers->samples / (double)t->scope_samples;
	}
	if (!callers->samples) {
		profile_node_free(callers);
		return;
	}
	size_t cap = 0;
	add_part(t, callers, CALLTREE_CALLERS, o, &cap);
	t->ncallers = t->nlines;
	add_part(t, profile_callees(p, f, frame, 0), CALLTREE_CALLEES, o, &cap);
}

void calltree_clear(struct calltree *t)
{
	free(t->lines);
	arena_free(t->arena_);
	memset(t, 0, sizeof(*t));
}

static bool same_path(const struct calltree *a, size_t i, const struct calltree *b, size_t j)
{
	for (;;) {
		const struct calltree_line *x = &a->lines[i], *y = &b->lines[j];
		if (x->part != y->part || x->depth != y->depth || strcmp(x->function, y->function) != 0 ||
		    strcmp(x->module, y->module) != 0)
			return false;
		if (!x->depth)
			return true;
		i = x->parent;
		j = y->parent;
	}
}

ptrdiff_t calltree_refind(const struct calltree *old, size_t i, const struct calltree *t)
{
	if (i >= old->nlines)
		return -1;
	for (size_t j = 0; j < t->nlines; j++)
		if (same_path(old, i, t, j))
			return (ptrdiff_t)j;
	return -1;
}

int calltree_update(struct calltree *t, struct ui_state *st, const struct snapshot *snap,
		    const struct profile *p, bool follow)
{
	if (follow && st->fn_index < t->nlines && t->lines[st->fn_index].depth)
		ui_state_follow(st, t->lines[st->fn_index].function, t->lines[st->fn_index].module);

	struct calltree old = *t;
	memset(t, 0, sizeof(*t));
	struct profile_filter f = {0};
	const struct snap_row *row = NULL;
	int err = 0;
	if (st->fn_scope) {
		row = snap ? snapshot_find_row(snap, st->fn_scope) : NULL;
		if (!row)
			err = -ENOENT;
		else
			hotlist_row_filter(snap, row, &f);
	}
	if (!err && p && st->fn_name) {
		struct calltree_opts o = {st->hide_kernel, st->hide_user};
		calltree_build(t, p, row ? &f : NULL, st->fn_name, st->fn_module ? st->fn_module : "", &o);
	}
	if (row)
		hotlist_filter_clear(&f);

	/* Lines reorder every tick: the selection stays on its path while the
	 * function is the same one. */
	if (old.function && t->function && strcmp(old.function, t->function) == 0 &&
	    strcmp(old.module, t->module) == 0) {
		ptrdiff_t at = calltree_refind(&old, st->fn_index, t);
		if (at >= 0)
			st->fn_index = (size_t)at;
	}
	if (t->nlines && st->fn_index >= t->nlines)
		st->fn_index = t->nlines - 1;
	calltree_clear(&old);
	return err;
}
