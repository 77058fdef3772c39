/* profile.c - see profile.h. The builder interns strings and frames in
 * open-addressing tables keyed by content, then hands its arrays to the
 * profile, whose pointers are fixed up once at the end. Owned by the
 * profiler engineer (issue 5). */
#include "config.h"

#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Longest name kept; C++ and Rust names beyond it are cut (at a character boundary). */
#define NAME_MAX_LEN 1024

struct bframe {
	uint32_t function, module; /* string offsets */
	bool kernel;
};

struct bstack {
	uint64_t cgroup_id, count;
	int32_t pid;
	uint32_t comm;
	uint32_t first, n; /* in frame_ids */
};

/* Open addressing: slots hold index + 1 (0 = empty). */
struct table {
	uint32_t *slot;
	size_t cap; /* a power of two */
};

struct profile_builder {
	char *str;
	size_t len, cap, nstrings;
	struct table strings; /* offsets into str */
	struct bframe *frames;
	size_t nframes, frames_cap;
	struct table frame_tab;
	struct bstack *stacks;
	size_t nstacks, stacks_cap;
	uint32_t *ids;
	size_t nids, ids_cap;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	return fnv1a(FNV1A_START, s, n);
}

static uint64_t hash_frame(const struct bframe *f)
{
	uint64_t h = ((uint64_t)f->function << 32 | f->module) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29) ^ f->kernel;
}

static void *grow(void *v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(v, c * elem);
}

struct profile_builder *profile_builder_new(void)
{
	struct profile_builder *b = xcalloc(1, sizeof(*b));
	b->strings.cap = b->frame_tab.cap = 256;
	b->strings.slot = xcalloc(b->strings.cap, sizeof(uint32_t));
	b->frame_tab.slot = xcalloc(b->frame_tab.cap, sizeof(uint32_t));
	return b;
}

static uint64_t slot_hash(const struct profile_builder *b, const struct table *t, uint32_t v)
{
	if (t == &b->strings)
		return hash_bytes(b->str + v, strlen(b->str + v));
	return hash_frame(&b->frames[v]);
}

/* Doubles T when half full, rehashing every entry. */
static void table_reserve(struct profile_builder *b, struct table *t, size_t n)
{
	if (n * 2 < t->cap)
		return;
	struct table old = *t;
	t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof(uint32_t));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slot[i])
			continue;
		size_t j = slot_hash(b, t, old.slot[i] - 1) & (t->cap - 1);
		while (t->slot[j])
			j = (j + 1) & (t->cap - 1);
		t->slot[j] = old.slot[i];
	}
	free(old.slot);
}

/* Copies S with control characters replaced and its length bounded. */
static size_t sanitize(const char *s, char *out)
{
	size_t n = strnlen(s, NAME_MAX_LEN + 1);
	if (n > NAME_MAX_LEN) {
		n = NAME_MAX_LEN;
		while (n && ((uint8_t)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	out[n] = '\0';
	return n;
}

static uint32_t intern(struct profile_builder *b, const char *raw)
{
	char s[NAME_MAX_LEN + 1];
	size_t n = sanitize(raw, s);
	uint64_t h = hash_bytes(s, n);
	size_t j = h & (b->strings.cap - 1);
	for (; b->strings.slot[j]; j = (j + 1) & (b->strings.cap - 1)) {
		uint32_t off = b->strings.slot[j] - 1;
		if (strcmp(b->str + off, s) == 0)
			return off;
	}
	b->str = grow(b->str, &b->cap, b->len + n + 1, 1);
	uint32_t off = (uint32_t)b->len;
	memcpy(b->str + off, s, n + 1);
	b->len += n + 1;
	b->strings.slot[j] = off + 1;
	table_reserve(b, &b->strings, ++b->nstrings);
	return off;
}

uint32_t profile_builder_frame(struct profile_builder *b, const char *function, const char *module,
			       bool kernel)
{
	struct bframe f = {intern(b, function), intern(b, module), kernel};
	size_t j = hash_frame(&f) & (b->frame_tab.cap - 1);
	for (; b->frame_tab.slot[j]; j = (j + 1) & (b->frame_tab.cap - 1)) {
		const struct bframe *g = &b->frames[b->frame_tab.slot[j] - 1];
		if (g->function == f.function && g->module == f.module && g->kernel == f.kernel)
			return b->frame_tab.slot[j] - 1;
	}
	b->frames = grow(b->frames, &b->frames_cap, b->nframes + 1, sizeof(*b->frames));
	b->frames[b->nframes] = f;
	b->frame_tab.slot[j] = (uint32_t)++b->nframes;
	table_reserve(b, &b->frame_tab, b->nframes);
	return (uint32_t)b->nframes - 1;
}

void profile_builder_stack(struct profile_builder *b, uint64_t cgroup_id, int32_t pid, const char *comm,
			   uint64_t count, const uint32_t *frames, size_t nframes)
{
	b->stacks = grow(b->stacks, &b->stacks_cap, b->nstacks + 1, sizeof(*b->stacks));
	b->ids = grow(b->ids, &b->ids_cap, b->nids + nframes, sizeof(*b->ids));
	memcpy(b->ids + b->nids, frames, nframes * sizeof(*frames));
	b->stacks[b->nstacks++] = (struct bstack){
	    .cgroup_id = cgroup_id,
	    .count = count,
	    .pid = pid,
	    .comm = intern(b, comm),
	    .first = (uint32_t)b->nids,
	    .n = (uint32_t)nframes,
	};
	b->nids += nframes;
}

struct profile *profile_builder_finish(struct profile_builder *b)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	p->strings_ = b->str ? b->str : xstrdup("");
	p->frame_ids_ = b->ids;
	p->nframes = b->nframes;
	p->frames = xcalloc(b->nframes ? b->nframes : 1, sizeof(*p->frames));
	for (size_t i = 0; i < b->nframes; i++)
		p->frames[i] = (struct profile_frame){
		    .function = p->strings_ + b->frames[i].function,
		    .module = p->strings_ + b->frames[i].module,
		    .kernel = b->frames[i].kernel,
		};
	p->nstacks = b->nstacks;
	p->stacks = xcalloc(b->nstacks ? b->nstacks : 1, sizeof(*p->stacks));
	for (size_t i = 0; i < b->nstacks; i++) {
		const struct bstack *s = &b->stacks[i];
		p->stacks[i] = (struct profile_stack){
		    .cgroup_id = s->cgroup_id,
		    .pid = s->pid,
		    .comm = p->strings_ + s->comm,
		    .count = s->count,
		    .frames = p->frame_ids_ + s->first,
		    .nframes = s->n,
		};
		p->samples += s->count;
		if (s->pid == 0)
			p->idle += s->count;
	}
	free(b->strings.slot);
	free(b->frame_tab.slot);
	free(b->frames);
	free(b->stacks);
	free(b);
	return p;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->strings_);
	free(p->frame_ids_);
	free(p->frames);
	free(p->stacks);
	free(p);
}

bool profile_filter_match(const struct profile_filter *f, const struct profile_stack *s)
{
	if (!f)
		return s->pid != 0;
	if (s->pid == 0 && !f->idle)
		return false;
	if (!f->scoped)
		return true;
	for (size_t i = 0; i < f->ncgroup_ids; i++)
		if (f->cgroup_ids[i] == s->cgroup_id)
			return true;
	size_t lo = 0, hi = f->npids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->pids[mid] == s->pid)
			return true;
		if (f->pids[mid] < s->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

uint64_t profile_filter_samples(const struct profile *p, const struct profile_filter *f)
{
	uint64_t n = 0;
	for (size_t i = 0; i < p->nstacks; i++)
		if (profile_filter_match(f, &p->stacks[i]))
			n += p->stacks[i].count;
	return n;
}

ssize_t profile_find_frame(const struct profile *p, const char *function, const char *module)
{
	for (size_t i = 0; i < p->nframes; i++)
		if (strcmp(p->frames[i].function, function) == 0 && strcmp(p->frames[i].module, module) == 0)
			return (ssize_t)i;
	return -1;
}

/* ---- caller / callee trees ---- */

static struct profile_node *child_of(struct profile_node *n, const struct profile_frame *frame)
{
	for (size_t i = 0; i < n->nchildren; i++)
		if (n->children[i].frame == frame)
			return &n->children[i];
	n->children = xrealloc(n->children, (n->nchildren + 1) * sizeof(*n->children));
	struct profile_node *c = &n->children[n->nchildren++];
	memset(c, 0, sizeof(*c));
	c->frame = frame;
	return c;
}

static int node_cmp(const void *a, const void *b)
{
	const struct profile_node *x = a, *y = b;
	if (x->samples != y->samples)
		return (y->samples > x->samples) - (y->samples < x->samples);
	int c = strcmp(x->frame->function, y->frame->function);
	return c ? c : strcmp(x->frame->module, y->frame->module);
}

static void node_finish(struct profile_node *n, uint64_t scope)
{
	n->pct = scope ? 100.0 * (double)n->samples / (double)scope : 0;
	if (n->nchildren)
		sort_array(n->children, n->nchildren, sizeof(*n->children), node_cmp);
	for (size_t i = 0; i < n->nchildren; i++)
		node_finish(&n->children[i], scope);
}

static struct profile_node *tree(const struct profile *p, const struct profile_filter *f, uint32_t frame,
				 size_t max_depth, bool callees)
{
	if (frame >= p->nframes)
		return NULL;
	struct profile_node *root = xcalloc(1, sizeof(*root));
	root->frame = &p->frames[frame];
	uint64_t scope = 0;
	for (size_t i = 0; i < p->nstacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		if (!profile_filter_match(f, s))
			continue;
		scope += s->count;
		/* Frames are innermost first: callees start at the last occurrence, callers at the first. */
		size_t at = s->nframes;
		for (size_t k = 0; k < s->nframes; k++)
			if (s->frames[k] == frame) {
				at = k;
				if (!callees)
					break;
			}
		if (at == s->nframes)
			continue;
		root->samples += s->count;
		struct profile_node *n = root;
		size_t depth = 0;
		if (callees) {
			for (size_t k = at; k-- > 0 && (!max_depth || depth < max_depth); depth++) {
				n = child_of(n, &p->frames[s->frames[k]]);
				n->samples += s->count;
			}
		} else {
			for (size_t k = at + 1; k < s->nframes && (!max_depth || depth < max_depth);
			     k++, depth++) {
				n = child_of(n, &p->frames[s->frames[k]]);
				n->samples += s->count;
			}
		}
	}
	node_finish(root, scope);
	return root;
}

struct profile_node *profile_callees(const struct profile *p, const struct profile_filter *f, uint32_t frame,
				     size_t max_depth)
{
	return tree(p, f, frame, max_depth, true);
}

struct profile_node *profile_callers(const struct profile *p, const struct profile_filter *f, uint32_t frame,
				     size_t max_depth)
{
	return tree(p, f, frame, max_depth, false);
}

static void node_clear(struct profile_node *n)
{
	for (size_t i = 0; i < n->nchildren; i++)
		node_clear(&n->children[i]);
	free(n->children);
}

void profile_node_free(struct profile_node *n)
{
	if (!n)
		return;
	node_clear(n);
	free(n);
}
