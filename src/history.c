/* history.c - see history.h. Entries live in a vector; an open-addressing
 * table of indexes keyed by the path's hash finds them, so a tick over a
 * thousand cgroups costs a thousand lookups, not a million compares. The
 * table is rebuilt only when entries are forgotten or it grows. */
#include "config.h"

#include "history.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct hist_entry {
	char *path;
	uint64_t cgroup_id;
	uint64_t last_tick;
	size_t head, len; /* ring: next write slot, values held */
	/* float: a sparkline needs no more, and a thousand rows keep 2.9 MB less. */
	float v[HISTORY_LEN][HIST_MAX];
};

struct history {
	uint64_t tick;
	struct hist_entry **entries;
	size_t n, cap;
	size_t *slots; /* index + 1 into entries, 0 = empty; nslots is a power of two */
	size_t nslots;
};

static uint64_t hash_path(const char *s)
{
	return fnv1a(FNV1A_START, s, strlen(s));
}

static void slots_rebuild(struct history *h)
{
	while (h->nslots < 16 || h->n * 4 >= h->nslots * 3)
		h->nslots = h->nslots ? h->nslots * 2 : 16;
	free(h->slots);
	h->slots = xcalloc(h->nslots, sizeof(*h->slots));
	for (size_t i = 0; i < h->n; i++) {
		size_t k = hash_path(h->entries[i]->path) & (h->nslots - 1);
		while (h->slots[k])
			k = (k + 1) & (h->nslots - 1);
		h->slots[k] = i + 1;
	}
}

/* Returns the slot holding PATH, or the empty slot where it would go. */
static size_t slot_find(const struct history *h, const char *path)
{
	size_t k = hash_path(path) & (h->nslots - 1);
	while (h->slots[k] && strcmp(h->entries[h->slots[k] - 1]->path, path) != 0)
		k = (k + 1) & (h->nslots - 1);
	return k;
}

struct history *history_new(void)
{
	struct history *h = xcalloc(1, sizeof(*h));
	slots_rebuild(h);
	return h;
}

static void entry_free(struct hist_entry *e)
{
	free(e->path);
	free(e);
}

void history_free(struct history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		entry_free(h->entries[i]);
	free(h->entries);
	free(h->slots);
	free(h);
}

/* A double outside float's range would be undefined behaviour to convert. */
static float to_float(double x)
{
	return x > FLT_MAX ? FLT_MAX : x < -FLT_MAX ? -FLT_MAX : (float)x;
}

static void push(struct hist_entry *e, const double *vals)
{
	for (int m = 0; m < HIST_MAX; m++)
		e->v[e->head][m] = to_float(vals[m]);
	e->head = (e->head + 1) % HISTORY_LEN;
	if (e->len < HISTORY_LEN)
		e->len++;
}

static void row_values(const struct snap_row *r, double *v)
{
	v[HIST_CPU_CORES] = r->cpu.used_cores;
	v[HIST_THROTTLED] = r->cpu.throttled_pct;
	v[HIST_MEM_BYTES] = snap_has(r->mem.working_set_bytes) ? r->mem.working_set_bytes : r->mem.used_bytes;
	v[HIST_IO_BPS] = snap_sum2(r->io.read_bps, r->io.write_bps);
	v[HIST_NET_BPS] = snap_sum2(r->net.rx_bps, r->net.tx_bps);
	v[HIST_PIDS] = r->pids.current;
}

static void record(struct history *h, const struct snap_row *r)
{
	size_t k = slot_find(h, r->cgroup);
	struct hist_entry *e;

	if (h->slots[k]) {
		e = h->entries[h->slots[k] - 1];
		if (e->cgroup_id != r->cgroup_id) {
			e->cgroup_id = r->cgroup_id;
			e->head = e->len = 0;
		} else if (e->last_tick == h->tick) {
			return; /* the same path twice in one snapshot: keep the first */
		}
	} else {
		e = xcalloc(1, sizeof(*e));
		e->path = xstrdup(r->cgroup);
		e->cgroup_id = r->cgroup_id;
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 64;
			h->entries = xrealloc(h->entries, h->cap * sizeof(*h->entries));
		}
		h->entries[h->n++] = e;
		if (h->n * 4 >= h->nslots * 3)
			slots_rebuild(h);
		else
			h->slots[k] = h->n;
		e->last_tick = h->tick - 1;
	}

	double gap[HIST_MAX], v[HIST_MAX];
	for (int m = 0; m < HIST_MAX; m++)
		gap[m] = NAN;
	for (uint64_t t = e->last_tick + 1; t < h->tick && t + HISTORY_LEN > h->tick; t++)
		push(e, gap);
	row_values(r, v);
	push(e, v);
	e->last_tick = h->tick;
}

void history_update(struct history *h, const struct snapshot *s)
{
	h->tick++;
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].cgroup)
			record(h, &s->rows[i]);

	size_t kept = 0;
	for (size_t i = 0; i < h->n; i++) {
		if (h->tick - h->entries[i]->last_tick >= HISTORY_LEN)
			entry_free(h->entries[i]);
		else
			h->entries[kept++] = h->entries[i];
	}
	if (kept != h->n) {
		h->n = kept;
		slots_rebuild(h);
	}
}

size_t history_get(const struct history *h, const char *cgroup, enum hist_metric metric, double *out,
		   size_t max)
{
	size_t k = slot_find(h, cgroup);
	if (!h->slots[k])
		return 0;
	const struct hist_entry *e = h->entries[h->slots[k] - 1];
	size_t n = e->len < max ? e->len : max;
	/* The oldest wanted value sits N slots behind the write head. */
	size_t start = (e->head + HISTORY_LEN - n) % HISTORY_LEN;
	for (size_t i = 0; i < n; i++)
		out[i] = e->v[(start + i) % HISTORY_LEN][metric];
	return n;
}
