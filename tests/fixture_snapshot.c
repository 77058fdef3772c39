/* fixture_snapshot.c - see fixture_snapshot.h. */
#include "config.h"

#include "fixture_snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "json_parse.h"
#include "util.h"

char *fixture_path(const char *name)
{
	const char *base = getenv("FIXTURES");
	return base ? xasprintf("%s/%s", base, name) : NULL;
}

int fixture_open(const char *rel)
{
	char *path = fixture_path(rel);
	int fd = path ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (fd < 0)
		printf("# cannot open %s: %s\n", path ? path : rel, path ? strerror(errno) : "FIXTURES unset");
	free(path);
	return fd;
}

struct json_doc *fixture_expected(const char *dir)
{
	char *path = xasprintf("%s/expected.json", dir), *text;
	ssize_t len = read_file_alloc_at(AT_FDCWD, path, 16u << 20, &text);
	free(path);
	if (len < 0)
		return NULL;
	struct json_doc *d = NULL;
	json_parse(text, (size_t)len, &d);
	free(text);
	return d;
}

/* Reads snapshots.json TICK.counters_start.{monotonic,realtime}. */
static int fixture_clocks(const char *dir, const char *tick, uint64_t *mono_ns, uint64_t *real_ns)
{
	char *path = xasprintf("%s/snapshots.json", dir);
	char *text = NULL;
	ssize_t n = read_file_alloc_at(AT_FDCWD, path, 1 << 20, &text);
	free(path);
	if (n < 0)
		return (int)n;
	struct json_doc *doc = NULL;
	int r = json_parse(text, (size_t)n, &doc);
	free(text);
	if (r < 0)
		return r;
	const struct json_value *start = json_get(json_get(json_root(doc), tick), "counters_start");
	const struct json_value *mono = json_get(start, "monotonic"), *real = json_get(start, "realtime");
	r = -EINVAL;
	if (mono && real && mono->type == JSON_NUMBER && real->type == JSON_NUMBER) {
		*mono_ns = (uint64_t)(mono->num * 1e9);
		*real_ns = (uint64_t)(real->num * 1e9);
		r = 0;
	}
	json_free(doc);
	return r;
}

struct sample *fixture_sample(const char *dir, const char *tick)
{
	char *root = xasprintf("%s/%s", dir, tick);
	char *map = xasprintf("%s/inodes-%s.tsv", dir, tick);
	struct collector_opts co = {.root = root,
				    .with_procs = true,
				    .inode_map = access(map, R_OK) == 0 ? map : NULL,
				    .profiler_status = "a captured tree has no samples"};
	const char *err = NULL;
	struct sample *s = NULL;
	struct collector *c = collector_new(&co, &err);
	if (!c)
		printf("# %s: %s\n", root, err);
	else if (collector_sample(c, &s) < 0)
		printf("# %s: collection failed\n", root);
	collector_free(c);
	/* The capture's files were all taken at its clock: when we read the
	 * copies within the tick means nothing. */
	for (size_t i = 0; s && i < s->ngroups; i++)
		s->groups[i].read_offset_ns = 0;
	if (s && fixture_clocks(dir, tick, &s->mono_ns, &s->real_ns) < 0) {
		printf("# %s: no clocks in snapshots.json\n", dir);
		sample_free(s);
		s = NULL;
	}
	free(root);
	free(map);
	return s;
}

struct snapshot *fixture_snapshot(const char *dir, const struct model_opts *opts)
{
	struct sample *t0 = fixture_sample(dir, "t0");
	struct sample *t1 = t0 ? fixture_sample(dir, "t1") : NULL;
	struct snapshot *snap = t1 ? model_build(t0, t1, opts) : NULL;
	sample_free(t0);
	sample_free(t1);
	return snap;
}
