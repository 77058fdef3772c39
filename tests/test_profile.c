/* test_profile.c - the data side of the hot-functions screen on a hand-made
 * profile: the builder (interning, sanitising), hot lists for the host and
 * per row (attribution by cgroup id, by pid on v1, a pod crediting its
 * members, idle left out, recursion counted once), folded output (exact
 * text, filters, parse back to the sample count) and caller/callee trees. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folded.h"
#include "hotlist.h"
#include "profile.h"
#include "snapshot.h"
#include "tap.h"
#include "util.h"

enum {
	F_MAIN,
	F_WORK_A,
	F_WORK_B,
	F_MAIN2,
	F_READ_LOOP,
	F_DO_SYSCALL,
	F_SYS_READ,
	F_MAIN3,
	F_POLL,
	F_IDLE,
	F_FIB,
	F_WEIRD,
	NF
};

static uint32_t fr[NF];

static struct profile *make_profile(void)
{
	struct profile_builder *b = profile_builder_new();
	fr[F_MAIN] = profile_builder_frame(b, "main", "app", false);
	fr[F_WORK_A] = profile_builder_frame(b, "work_a", "app", false);
	fr[F_WORK_B] = profile_builder_frame(b, "work_b", "app", false);
	fr[F_MAIN2] = profile_builder_frame(b, "main", "db", false);
	fr[F_READ_LOOP] = profile_builder_frame(b, "read_loop", "db", false);
	fr[F_DO_SYSCALL] = profile_builder_frame(b, "do_syscall_64", "[kernel]", true);
	fr[F_SYS_READ] = profile_builder_frame(b, "ksys_read", "[kernel]", true);
	fr[F_MAIN3] = profile_builder_frame(b, "main", "sshd", false);
	fr[F_POLL] = profile_builder_frame(b, "libc.so.6+0x1234", "libc.so.6", false);
	fr[F_IDLE] = profile_builder_frame(b, "default_idle", "[kernel]", true);
	fr[F_FIB] = profile_builder_frame(b, "fib", "app", false);
	fr[F_WEIRD] = profile_builder_frame(b, "odd;name\x1b[31m", "app", false);
	/* Innermost first. */
	uint32_t s1[] = {fr[F_WORK_A], fr[F_MAIN]};
	uint32_t s2[] = {fr[F_WORK_B], fr[F_MAIN]};
	uint32_t s3[] = {fr[F_SYS_READ], fr[F_DO_SYSCALL], fr[F_READ_LOOP], fr[F_MAIN2]};
	uint32_t s5[] = {fr[F_POLL], fr[F_MAIN3]};
	uint32_t s6[] = {fr[F_IDLE]};
	uint32_t s7[] = {fr[F_FIB], fr[F_FIB], fr[F_FIB], fr[F_MAIN]};
	uint32_t s8[] = {fr[F_WEIRD]};
	profile_builder_stack(b, 100, 10, "app", 30, s1, 2);
	profile_builder_stack(b, 100, 10, "app", 10, s2, 2);
	profile_builder_stack(b, 200, 20, "db", 20, s3, 4);
	profile_builder_stack(b, 1, 30, "v1task", 5, s1, 2); /* v1-only task: the root id, found by pid */
	profile_builder_stack(b, 999, 40, "sshd", 5, s5, 2); /* no row: the host's */
	profile_builder_stack(b, 1, 0, "swapper/0", 100, s6, 1);
	profile_builder_stack(b, 100, 11, "rec", 4, s7, 4);
	profile_builder_stack(b, 999, 50, "we;ird\x01", 1, s8, 1);
	profile_builder_stack(b, 999, 51, "empty", 0, s8, 1);
	struct profile *p = profile_builder_finish(b);
	p->lost = 7;
	return p;
}

static void test_builder(const struct profile *p)
{
	struct profile_builder *b = profile_builder_new();
	uint32_t a = profile_builder_frame(b, "f", "m", false),
		 a2 = profile_builder_frame(b, "f", "m", false);
	uint32_t k = profile_builder_frame(b, "f", "m", true),
		 m2 = profile_builder_frame(b, "f", "m2", false);
	ok(a == a2 && a != k && a != m2,
	   "builder: equal frames share an index, kernel and module tell them apart");
	char long_name[3000];
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	profile_builder_frame(b, long_name, "m", false);
	struct profile *q = profile_builder_finish(b);
	ok(strlen(q->frames[3].function) <= 1024, "builder: names are bounded (%zu)",
	   strlen(q->frames[3].function));
	profile_free(q);

	is_u64(p->samples, 175, "profile: samples summed, idle included");
	is_u64(p->idle, 100, "profile: idle");
	is_str(p->frames[fr[F_WEIRD]].function, "odd;name?[31m", "profile: control characters replaced");
	is_str(p->stacks[7].comm, "we;ird?", "profile: comm sanitised");
	ok(profile_find_frame(p, "work_b", "app") == (ssize_t)fr[F_WORK_B], "find_frame: found");
	ok(profile_find_frame(p, "work_b", "db") == -1, "find_frame: module matters");
}

static struct snapshot *make_snapshot(void)
{
	struct snapshot *s = xcalloc(1, sizeof(*s));
	s->arena = arena_new();
	s->nrows = 4;
	s->rows = xcalloc(s->nrows, sizeof(*s->rows));
	struct {
		const char *cgroup, *parent;
		uint64_t id;
		int32_t pids[2];
		size_t npids;
	} rows[] = {
	    {"/libpod-a", NULL, 100, {10, 11}, 2},
	    {"/pod/libpod-b", "/pod", 200, {20}, 1},
	    {"/pod", NULL, 300, {0}, 0},
	    {"/v1/c", NULL, 0, {30}, 1},
	};
	for (size_t i = 0; i < s->nrows; i++) {
		struct snap_row *r = &s->rows[i];
		r->name = r->cgroup = rows[i].cgroup;
		r->parent = rows[i].parent;
		r->cgroup_id = rows[i].id;
		r->nprocs = rows[i].npids;
		r->procs = xcalloc(r->nprocs + 1, sizeof(*r->procs));
		for (size_t k = 0; k < r->nprocs; k++)
			r->procs[k].pid = rows[i].pids[k];
	}
	return s;
}

static void drop_snapshot(struct snapshot *s)
{
	/* The hot arrays are released here so the test does not depend on
	 * whether snapshot_free() does it yet. */
	free(s->host.hot);
	s->host.hot = NULL;
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].hot);
		s->rows[i].hot = NULL;
	}
	snapshot_free(s);
}

static void test_hotlist(const struct profile *p)
{
	struct snapshot *s = make_snapshot();
	hotlist_fill(s, NULL, 10, NULL, 0);
	ok(s->host.nhot == 0 && s->rows[0].nhot == 0 && s->profiler_lost == 0,
	   "hotlist: no profile, no lists");

	hotlist_fill(s, p, 3, NULL, 0);
	is_u64(s->profiler_lost, 7, "hotlist: lost samples reported");
	is_u64(s->host.nhot, 3, "hotlist: host cut to top 3");
	const struct snap_hot *h = s->host.hot;
	is_str(h[0].function, "work_a", "host #1: work_a");
	is_u64(h[0].cgroup_id, 100, "host #1: burns in container a");
	is_u64(h[0].samples, 30, "host #1: self samples");
	is_near(h[0].self_pct, 40.0, 1e-9, "host #1: 30 of 75 non-idle samples");
	is_near(h[0].total_pct, 40.0, 1e-9, "host #1: total");
	is_str(h[1].function, "ksys_read", "host #2: the kernel function");
	is_str(h[1].module, "[kernel]", "host #2: module");
	is_u64(h[1].cgroup_id, 200, "host #2: in container b (not credited twice via the pod)");
	is_str(h[2].function, "work_b", "host #3: work_b");
	ok(h[0].function != p->frames[fr[F_WORK_A]].function, "hotlist: strings copied into the snapshot");
	drop_snapshot(s);

	s = make_snapshot();
	hotlist_fill(s, p, 10, NULL, 0);
	bool idle_seen = false, v1_split = false, host_own = false;
	for (size_t i = 0; i < s->host.nhot; i++) {
		idle_seen |= strcmp(s->host.hot[i].function, "default_idle") == 0;
		v1_split |= strcmp(s->host.hot[i].function, "work_a") == 0 && s->host.hot[i].cgroup_id == 0 &&
			    s->host.hot[i].samples == 5;
		host_own |=
		    strcmp(s->host.hot[i].function, "libc.so.6+0x1234") == 0 && s->host.hot[i].cgroup_id == 0;
	}
	ok(!idle_seen, "host: idle left out");
	ok(v1_split, "host: work_a of the v1 row is its own line (row without a cgroup id)");
	ok(host_own, "host: a process of no row is the host's (cgroup_id 0)");

	const struct snap_row *a = &s->rows[0], *b = &s->rows[1], *pod = &s->rows[2], *c = &s->rows[3];
	is_u64(a->nhot, 3, "row a: work_a, work_b, fib (main has no self samples)");
	is_str(a->hot[0].function, "work_a", "row a #1");
	is_near(a->hot[0].self_pct, 100.0 * 30 / 44, 1e-9, "row a: 30 of its 44 samples");
	is_str(a->hot[2].function, "fib", "row a #3: recursion");
	is_near(a->hot[2].total_pct, 100.0 * 4 / 44, 1e-9, "row a: a recursive frame counts once per stack");
	is_u64(a->hot[0].cgroup_id, 100, "row a: its cgroup id");
	is_u64(b->nhot, 1, "row b: one function");
	is_str(pod->nhot ? pod->hot[0].function : NULL, "ksys_read", "pod: its member's function");
	is_near(pod->nhot ? pod->hot[0].self_pct : 0, 100.0, 1e-9, "pod: 100%% of its samples");
	is_str(c->nhot ? c->hot[0].function : NULL, "work_a", "v1 row: attributed by pid");
	is_u64(c->nhot ? c->hot[0].samples : 0, 5, "v1 row: samples");

	/* The same attribution as a filter, for folded output and trees. */
	struct profile_filter f;
	hotlist_row_filter(s, pod, &f);
	is_u64(profile_filter_samples(p, &f), 20, "row filter: the pod selects its member's stacks");
	hotlist_filter_clear(&f);
	hotlist_row_filter(s, c, &f);
	is_u64(profile_filter_samples(p, &f), 5, "row filter: a v1 row by its pids");
	hotlist_filter_clear(&f);
	drop_snapshot(s);
}

static const struct snap_hot *host_line(const struct snapshot *s, const char *function)
{
	for (size_t i = 0; i < s->host.nhot; i++)
		if (strcmp(s->host.hot[i].function, function) == 0)
			return &s->host.hot[i];
	return NULL;
}

/* Groups a filter leaves out are no rows, but their stacks keep their name
 * on the host list: a filtered view must not call another container's
 * function the host's. */
static void test_hotlist_hidden(const struct profile *p)
{
	struct snapshot *s = make_snapshot();
	struct group_sample sshd = {.path = "/system.slice/ssh.service", .cgroup_id = 999, .name = "ssh.service"};
	const struct group_sample *by_id[] = {&sshd};
	hotlist_fill(s, p, 10, by_id, 1);
	const struct snap_hot *poll = host_line(s, "libc.so.6+0x1234");
	ok(poll && poll->cgroup_id == 999 && poll->container && strcmp(poll->container, "ssh.service") == 0,
	   "hidden: a left-out group's stack keeps its name and id on the host list");
	is_near(poll ? poll->self_pct : 0, 100.0 * 5 / 75, 1e-9, "hidden: the host's total is the same");
	bool in_rows = false;
	for (size_t r = 0; r < s->nrows; r++)
		for (size_t i = 0; i < s->rows[r].nhot; i++)
			in_rows |= strcmp(s->rows[r].hot[i].function, "libc.so.6+0x1234") == 0;
	ok(!in_rows, "hidden: its functions are on no row's list");
	drop_snapshot(s);

	s = make_snapshot();
	struct proc_sample proc = {.pid = 50};
	struct group_sample v1 = {.path = "/v1/w", .procs = &proc, .nprocs = 1};
	const struct group_sample *by_pid[] = {&v1};
	hotlist_fill(s, p, 10, by_pid, 1);
	const struct snap_hot *weird = host_line(s, "odd;name?[31m");
	ok(weird && weird->container && strcmp(weird->container, "/v1/w") == 0,
	   "hidden: found by pid when it has no cgroup id, named by its path when it has no name");
	poll = host_line(s, "libc.so.6+0x1234");
	ok(poll && !poll->container && poll->cgroup_id == 0, "hidden: a process of no group stays the host's");
	drop_snapshot(s);
}

static char *folded_text(const struct profile *p, const struct profile_filter *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int err = folded_write(out, p, f);
	fclose(out);
	ok(err == 0, "folded: written");
	return buf;
}

static void test_folded(const struct profile *p)
{
	char *text = folded_text(p, NULL);
	is_str(
	    text,
	    "app;main;work_a 30\n"
	    "app;main;work_b 10\n"
	    "db;main;read_loop;do_syscall_64_[k];ksys_read_[k] 20\n"
	    "rec;main;fib;fib;fib 4\n"
	    "sshd;main;libc.so.6+0x1234 5\n"
	    "v1task;main;work_a 5\n"
	    "we:ird?;odd:name?[31m 1\n",
	    "folded: whole host, root first, kernel frames marked, ';' and controls replaced, idle left out");
	struct folded_line *lines;
	size_t bad;
	ssize_t n = folded_parse(text, &lines, &bad);
	uint64_t sum = 0;
	for (ssize_t i = 0; i < n; i++)
		sum += lines[i].count;
	is_u64(n, 7, "folded: parses back");
	is_u64(sum, p->samples - p->idle, "folded: sums to the non-idle sample count");
	folded_lines_free(lines, n > 0 ? (size_t)n : 0);
	free(text);

	uint64_t ids[] = {100};
	struct profile_filter f = {.scoped = true, .cgroup_ids = ids, .ncgroup_ids = 1};
	text = folded_text(p, &f);
	is_str(text, "app;main;work_a 30\napp;main;work_b 10\nrec;main;fib;fib;fib 4\n",
	       "folded: one cgroup");
	free(text);
	struct profile_filter all = {.idle = true};
	text = folded_text(p, &all);
	ok(strstr(text, "swapper/0;default_idle_[k] 100\n") != NULL, "folded: idle on request");
	n = folded_parse(text, &lines, &bad);
	sum = 0;
	for (ssize_t i = 0; i < n; i++)
		sum += lines[i].count;
	is_u64(sum, p->samples, "folded: with idle, sums to every sample");
	folded_lines_free(lines, n > 0 ? (size_t)n : 0);
	free(text);

	ok(folded_parse("a;b 3\nno_count\n", &lines, &bad) == -EINVAL && bad == 2,
	   "parse: a line without a count");
	ok(folded_parse("a;b 3x\n", &lines, &bad) == -EINVAL && bad == 1, "parse: a bad count");
	ok(folded_parse(" 3\n", &lines, &bad) == -EINVAL, "parse: an empty stack");
	n = folded_parse("a b;c 2\n\nd 1", &lines, &bad);
	ok(n == 2 && strcmp(lines[0].stack, "a b;c") == 0 && lines[1].count == 1,
	   "parse: spaces in names, empty lines, no final newline");
	folded_lines_free(lines, n > 0 ? (size_t)n : 0);
}

static void test_trees(const struct profile *p)
{
	struct profile_node *t = profile_callers(p, NULL, fr[F_WORK_A], 0);
	is_u64(t->samples, 35, "callers of work_a: 30 in a + 5 in the v1 task");
	is_near(t->pct, 100.0 * 35 / 75, 1e-9, "callers of work_a: share of the host");
	ok(t->nchildren == 1 && t->children[0].frame == &p->frames[fr[F_MAIN]] &&
	       t->children[0].samples == 35,
	   "callers of work_a: main");
	profile_node_free(t);

	uint64_t ids[] = {100};
	struct profile_filter f = {.scoped = true, .cgroup_ids = ids, .ncgroup_ids = 1};
	t = profile_callees(p, &f, fr[F_MAIN], 0);
	is_u64(t->samples, 44, "callees of main in a: every stack of a");
	ok(t->nchildren == 3, "callees of main: three children");
	if (t->nchildren == 3) {
		is_str(t->children[0].frame->function, "work_a", "callees: by samples");
		is_near(t->children[0].pct, 100.0 * 30 / 44, 1e-9, "callees: share of the scope");
		const struct profile_node *fib = &t->children[2];
		ok(fib->nchildren == 1 && fib->children[0].nchildren == 1 &&
		       fib->children[0].children[0].samples == 4,
		   "callees: recursion unrolled from the outermost fib");
	}
	profile_node_free(t);

	t = profile_callers(p, NULL, fr[F_FIB], 0);
	ok(t->samples == 4 && t->nchildren == 1 && t->children[0].frame == &p->frames[fr[F_FIB]],
	   "callers of fib: from the innermost occurrence, fib calls fib");
	profile_node_free(t);
	t = profile_callers(p, NULL, fr[F_FIB], 1);
	ok(t->nchildren == 1 && t->children[0].nchildren == 0, "callers: depth bound");
	profile_node_free(t);

	t = profile_callees(p, NULL, fr[F_DO_SYSCALL], 0);
	ok(t->samples == 20 && t->nchildren == 1 && strcmp(t->children[0].frame->function, "ksys_read") == 0,
	   "callees of do_syscall_64: ksys_read");
	profile_node_free(t);
	t = profile_callees(p, NULL, fr[F_IDLE], 0);
	is_u64(t->samples, 0, "callees: idle left out by default");
	profile_node_free(t);
	ok(profile_callees(p, NULL, (uint32_t)p->nframes, 0) == NULL, "callees: a frame out of range");
}

int main(void)
{
	struct profile *p = make_profile();
	test_builder(p);
	test_hotlist(p);
	test_hotlist_hidden(p);
	test_folded(p);
	test_trees(p);
	profile_free(p);
	return tap_done();
}
