/* psi_parents.c - the PSI "some" totals of the parents of a tick's rows:
 * a table rebuilt each tick from the walk's rows, a parent's files read at
 * most once per tick and only where two or more rows can save theirs. */
#include "config.h"

#include "psi_parents.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_files.h"
#include "util.h"

/* A parent of this tick's rows: a prefix of a row's path, borrowed. */
struct psi_parent {
	const char *path;
	size_t len;    /* 0: the root */
	unsigned rows; /* rows directly below it */
	bool read;     /* its files were read this tick */
	uint64_t some[PSI_NRES];
};

struct psi_parents {
	struct psi_parent *v;
	size_t n, cap;
};

struct psi_parents *psi_parents_new(void)
{
	return xcalloc(1, sizeof(struct psi_parents));
}

void psi_parents_free(struct psi_parents *p)
{
	if (!p)
		return;
	free(p->v);
	free(p);
}

static int prefix_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int cmp = memcmp(a, b, alen < blen ? alen : blen);
	if (cmp)
		return cmp;
	return alen < blen ? -1 : alen > blen;
}

static int parent_cmp(const void *a, const void *b)
{
	const struct psi_parent *x = a, *y = b;
	return prefix_cmp(x->path, x->len, y->path, y->len);
}

/* The length of PATH's parent: up to its last '/' (0 for a top-level row). */
static size_t parent_len(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? (size_t)(slash - path) : 0;
}

void psi_parents_tick(struct psi_parents *p, const struct cg_node *nodes, size_t n)
{
	if (n > p->cap) {
		p->cap = n;
		p->v = xrealloc(p->v, n * sizeof(*p->v));
	}
	for (size_t i = 0; i < n; i++)
		p->v[i] = (struct psi_parent){.path = nodes[i].path, .len = parent_len(nodes[i].path), .rows = 1};
	sort_array(p->v, n, sizeof(*p->v), parent_cmp);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (kept && parent_cmp(&p->v[kept - 1], &p->v[i]) == 0)
			p->v[kept - 1].rows++;
		else
			p->v[kept++] = p->v[i];
	}
	p->n = kept;
}

static struct psi_parent *parent_find(struct psi_parents *p, const char *path, size_t len)
{
	struct psi_parent key = {.path = path, .len = len};
	return p->n ? bsearch(&key, p->v, p->n, sizeof(*p->v), parent_cmp) : NULL;
}

/* A row of S (sorted by path) at the parent path, if it was read this tick. */
static const struct group_sample *parent_row(const struct sample *s, const char *path, size_t len)
{
	size_t lo = 0, hi = s->ngroups;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *g = s->groups[mid].path;
		int cmp = prefix_cmp(g, strlen(g), path, len);
		if (cmp == 0)
			return &s->groups[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void some_of(const struct psi_raw *const psi[PSI_NRES], uint64_t some[PSI_NRES])
{
	for (int i = 0; i < PSI_NRES; i++)
		some[i] = psi[i]->present ? psi[i]->some_total_us : VAL_NONE;
}

static void parent_read(struct psi_parent *e, int unified_fd)
{
	static const char *const names[PSI_NRES] = {"cpu.pressure", "memory.pressure", "io.pressure"};
	e->read = true;
	for (int i = 0; i < PSI_NRES; i++) {
		char rel[PATH_MAX], text[512];
		struct psi_raw psi = {.present = false};
		int n = snprintf(rel, sizeof(rel), "%.*s/%s", (int)(e->len - 1), e->path + 1, names[i]);
		if (n > 0 && (size_t)n < sizeof(rel) && read_file_at(unified_fd, rel, text, sizeof(text)) >= 0)
			cgroup_parse_psi(text, &psi);
		e->some[i] = psi.present ? psi.some_total_us : VAL_NONE;
	}
}

void psi_parents_some(struct psi_parents *p, const char *path, const struct sample *s, int unified_fd,
		      uint64_t some[PSI_NRES])
{
	size_t len = parent_len(path);
	if (len == 0) {
		const struct psi_raw *host[PSI_NRES] = {&s->host.psi_cpu, &s->host.psi_mem, &s->host.psi_io};
		some_of(host, some);
		return;
	}
	const struct group_sample *row = parent_row(s, path, len);
	if (row) {
		const struct psi_raw *psi[PSI_NRES] = {&row->c.psi_cpu, &row->c.psi_mem, &row->c.psi_io};
		some_of(psi, some);
		return;
	}
	struct psi_parent *e = parent_find(p, path, len);
	if (!e || e->rows < 2 || unified_fd < 0) {
		for (int i = 0; i < PSI_NRES; i++)
			some[i] = VAL_NONE;
		return;
	}
	if (!e->read)
		parent_read(e, unified_fd);
	memcpy(some, e->some, sizeof(e->some));
}
