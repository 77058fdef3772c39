/* cgroup_files.c - reads the counter files of one cgroup in each hierarchy
 * it is in (v2, v1 or both in a hybrid layout) and parses them in place into
 * struct cg_counters. Only files with a known format are opened: write-only
 * files (cgroup.kill, memory.reclaim) are never named here. A value a file
 * does not give stays VAL_NONE; see cgroups.md for the v1/v2 differences. */
#include "config.h"

#include "cgroup_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktext.h"
#include "util.h"

#define NS_PER_USEC 1000u
/* v1 prints "no limit" as PAGE_COUNTER_MAX rounded to pages (9223372036854771712
 * on x86-64); nothing real comes near 2^62 bytes or pids. */
#define V1_NO_LIMIT (UINT64_C(1) << 62)
/* CPU numbers in a cpuset list stay below this (NR_CPUS tops out at 8192). */
#define CPUSET_CPU_LIMIT (1u << 20)

/* Missing files are looked for again after this many reads of them. */
#define CG_FILES_RETRY 16

struct cg_file {
	int dirfd;
	const char *name; /* a string literal of this file: compared by address first */
	int fd;           /* -1: missing, retried when `retry` reaches 0 */
	unsigned retry;
};

struct cg_files {
	struct cg_file *v;
	size_t n, cap, nfds;
};

struct cg_files *cg_files_new(void)
{
	return xcalloc(1, sizeof(struct cg_files));
}

void cg_files_free(struct cg_files *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].fd >= 0)
			close(f->v[i].fd);
	free(f->v);
	free(f);
}

size_t cg_files_nfds(const struct cg_files *f)
{
	return f ? f->nfds : 0;
}

static struct cg_file *cg_files_entry(struct cg_files *f, int dirfd, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].dirfd == dirfd && (f->v[i].name == name || strcmp(f->v[i].name, name) == 0))
			return &f->v[i];
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 24;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	struct cg_file *e = &f->v[f->n++];
	*e = (struct cg_file){dirfd, name, -1, 0};
	return e;
}

ssize_t cg_files_read(struct cg_files *f, int dirfd, const char *name, char *buf, size_t cap)
{
	if (cap == 0)
		return -EINVAL;
	struct cg_file *e = cg_files_entry(f, dirfd, name);
	buf[0] = '\0';
	if (e->fd < 0) {
		if (e->retry > 0) {
			e->retry--;
			return -ENOENT;
		}
		/* A parked directory cannot open what it did not have open. */
		e->fd = dirfd < 0 ? (errno = ENOENT, -1) : openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (e->fd < 0) {
			int err = -errno;
			e->retry = CG_FILES_RETRY;
			return err;
		}
		f->nfds++;
	}
	ssize_t n = read_fd_kernel(e->fd, buf, cap - 1, true);
	if (n < 0) {
		/* Gone (the cgroup was removed) or broken: forget the descriptor. */
		close(e->fd);
		e->fd = -1;
		f->nfds--;
		return n;
	}
	buf[n] = '\0';
	return n;
}

ssize_t cg_files_read_text(struct cg_files *f, int dirfd, const char *name, char *buf, size_t cap, char **text)
{
	*text = buf;
	if (!f)
		return ktext_read_at(dirfd, name, buf, cap, text);
	ssize_t n = cg_files_read(f, dirfd, name, buf, cap);
	if (n < 0 || (size_t)n + 1 < cap)
		return n;
	/* BUF is full (io.stat of many devices): the directory may be parked,
	 * so the rest comes through the open file, from its start. */
	struct cg_file *e = cg_files_entry(f, dirfd, name);
	char *whole;
	n = lseek(e->fd, 0, SEEK_SET) < 0 ? -errno : read_fd_alloc(e->fd, KTEXT_MAX, &whole);
	if (n < 0) {
		close(e->fd);
		e->fd = -1;
		f->nfds--;
		return n;
	}
	*text = whole;
	return n;
}

void cg_files_rekey(struct cg_files *f, int from_dirfd, int to_dirfd)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (f->v[i].dirfd == from_dirfd)
			f->v[i].dirfd = to_dirfd;
}

void cg_files_retry_missing(struct cg_files *f)
{
	for (size_t i = 0; f && i < f->n; i++)
		f->v[i].retry = 0;
}

static bool dir_present(int fd)
{
	return fd != -1;
}

/* One cgroup's read: a buffer for the current file and whether any file
 * could be opened at all, which tells a vanished cgroup from a quiet one. */
struct cg_read {
	bool alive;
	bool skip_limits;
	struct cg_files *files;
	const char *path; /* cg_dirs.path */
	const struct cg_counters *last; /* cg_dirs.last and .still */
	unsigned still;
	char *text;
	char buf[4096];
};

static void cg_read_init(struct cg_read *r, const struct cg_dirs *d)
{
	r->alive = false;
	r->skip_limits = d->skip_limits;
	r->files = d->path ? NULL : d->files;
	r->path = d->path;
	r->last = d->last;
	r->still = d->last ? d->still : 0;
	r->text = r->buf;
}

bool cg_counters_idle(const struct cg_counters *c, const struct cg_counters *last)
{
	return last && c->cpu_usage_ns != VAL_NONE && !c->cpu_usage_coarse && c->cpu_usage_ns == last->cpu_usage_ns;
}

bool psi_raw_at_rest(const struct psi_raw *p)
{
	return p->present && p->some_avg10 == 0 && p->some_avg60 == 0 && p->some_avg300 == 0 &&
	       (!p->has_full || (p->full_avg10 == 0 && p->full_avg60 == 0 && p->full_avg300 == 0));
}

/* Whether the caller allows idle files to carry and the CPU usage read
 * this tick stood still: throttling, which needs runnable tasks, which a
 * quota lets run every period, stood still too. */
static bool cg_cpu_still(const struct cg_read *r, const struct cg_counters *c)
{
	return (r->still & CG_STILL_IF_IDLE) && cg_counters_idle(c, r->last);
}

/* The memory files carry when the memory usage stood still as well: memory
 * is also charged without the group running (socket buffers, fsnotify
 * events, swap-in of shmem), and a charge that hits a limit moves it. */
static bool cg_memory_still(const struct cg_read *r, const struct cg_counters *c)
{
	return cg_cpu_still(r, c) && c->mem_current != VAL_NONE && c->mem_current == r->last->mem_current;
}

static void cg_read_done(struct cg_read *r)
{
	ktext_release(r->text, r->buf);
	r->text = r->buf;
}

/* Returns the text of NAME in DIRFD, valid until the next call, or NULL. */
static const char *cg_text(struct cg_read *r, int dirfd, const char *name)
{
	cg_read_done(r);
	ssize_t n;
	if (r->path) {
		char rel[PATH_MAX];
		int len = snprintf(rel, sizeof(rel), "%s/%s", r->path, name);
		n = len > 0 && (size_t)len < sizeof(rel) ? ktext_read_at(dirfd, rel, r->buf, sizeof(r->buf), &r->text)
							  : -ENAMETOOLONG;
	} else {
		n = cg_files_read_text(r->files, dirfd, name, r->buf, sizeof(r->buf), &r->text);
	}
	if (n >= 0 || !errno_is_gone((int)n))
		r->alive = true;
	return n >= 0 ? r->text : NULL;
}

static void read_u64(struct cg_read *r, int dirfd, const char *name, uint64_t *out)
{
	const char *t = cg_text(r, dirfd, name);
	uint64_t v;
	if (t && parse_u64(t, &v) == 0)
		*out = v;
}

/* A limit file: read without keeping it open, and not at all while the
 * caller carries limits over (SKIP_LIMITS). */
static const char *cg_limit_text(struct cg_read *r, int dirfd, const char *name)
{
	if (r->skip_limits)
		return NULL;
	struct cg_files *files = r->files;
	r->files = NULL;
	const char *t = cg_text(r, dirfd, name);
	r->files = files;
	return t;
}

static void read_limit(struct cg_read *r, int dirfd, const char *name, uint64_t *out)
{
	const char *t = cg_limit_text(r, dirfd, name);
	if (t)
		cgroup_parse_limit(t, out);
}

static void read_limit_u64(struct cg_read *r, int dirfd, const char *name, uint64_t *out)
{
	const char *t = cg_limit_text(r, dirfd, name);
	uint64_t v;
	if (t && parse_u64(t, &v) == 0)
		*out = v;
}

/* Parses a KEY VALUE file for NKEYS keys into VALS (VAL_NONE where absent);
 * -EINVAL if a wanted value is malformed. */
static int kv_values(const char *text, const char *const *keys, size_t nkeys, uint64_t *vals)
{
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = VAL_NONE;
	return ktext_kv(text, keys, nkeys, vals);
}

static void set_if_found(uint64_t *field, uint64_t v)
{
	if (v != VAL_NONE)
		*field = v;
}

int cgroup_parse_cpu_stat(const char *text, struct cg_counters *c)
{
	/* v2 counts in usec, v1 (cpu.stat of the cpu controller) in ns. */
	static const char *const keys[] = {"usage_usec",   "user_usec",	     "system_usec",   "nr_periods",
					   "nr_throttled", "throttled_usec", "throttled_time"};
	uint64_t v[ARRAY_SIZE(keys)];
	if (kv_values(text, keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	static const size_t usec_fields[] = {0, 1, 2, 5};
	for (size_t i = 0; i < ARRAY_SIZE(usec_fields); i++) {
		uint64_t *u = &v[usec_fields[i]];
		if (*u == VAL_NONE)
			continue;
		if (*u > (UINT64_MAX - 1) / NS_PER_USEC)
			return -EINVAL;
		*u *= NS_PER_USEC;
	}
	set_if_found(&c->cpu_usage_ns, v[0]);
	set_if_found(&c->cpu_user_ns, v[1]);
	set_if_found(&c->cpu_system_ns, v[2]);
	set_if_found(&c->nr_periods, v[3]);
	set_if_found(&c->nr_throttled, v[4]);
	set_if_found(&c->throttled_ns, v[5]);
	set_if_found(&c->throttled_ns, v[6]);
	return 0;
}

int cgroup_parse_cpu_max(const char *text, uint64_t *quota_us, uint64_t *period_us)
{
	const char *p = text, *f;
	size_t len;
	uint64_t quota = VAL_NONE, period;
	if (!ktext_field(&p, &f, &len))
		return -EINVAL;
	if (!ktext_field_is(f, len, "max") && ktext_field_u64(f, len, &quota) < 0)
		return -EINVAL;
	if (!ktext_field(&p, &f, &len) || ktext_field_u64(f, len, &period) < 0)
		return -EINVAL;
	if (ktext_field(&p, &f, &len) || (*p && (*p != '\n' || p[1])))
		return -EINVAL;
	*quota_us = quota;
	*period_us = period;
	return 0;
}

int cgroup_parse_limit(const char *text, uint64_t *out)
{
	const char *p = text, *f;
	size_t len;
	uint64_t v = VAL_NONE;
	if (!ktext_field(&p, &f, &len))
		return -EINVAL;
	if (!ktext_field_is(f, len, "max") && ktext_field_u64(f, len, &v) < 0)
		return -EINVAL;
	if (ktext_field(&p, &f, &len) || (*p && (*p != '\n' || p[1])))
		return -EINVAL;
	*out = v >= V1_NO_LIMIT ? VAL_NONE : v;
	return 0;
}

int cgroup_parse_cpuset_count(const char *text, uint64_t *ncpus)
{
	const char *p = text;
	uint64_t count = 0;
	for (;;) {
		uint64_t first, last;
		if (parse_u64_prefix(&p, &first) < 0)
			return -EINVAL;
		last = first;
		if (*p == '-') {
			p++;
			if (parse_u64_prefix(&p, &last) < 0)
				return -EINVAL;
		}
		if (last < first || last >= CPUSET_CPU_LIMIT)
			return -EINVAL;
		count += last - first + 1;
		if (*p != ',')
			break;
		p++;
	}
	if (*p && (*p != '\n' || p[1]))
		return -EINVAL;
	*ncpus = count;
	return 0;
}

/* One "some ..." or "full ..." line: avg10= avg60= avg300= total=, all four. */
static int parse_psi_line(const char *p, double avg[3], uint64_t *total)
{
	static const char *const avg_keys[] = {"avg10=", "avg60=", "avg300="};
	unsigned seen = 0;
	const char *f;
	size_t len;
	while (ktext_field(&p, &f, &len)) {
		const char *eq = memchr(f, '=', len);
		if (!eq)
			return -EINVAL;
		size_t klen = (size_t)(eq + 1 - f);
		const char *v = eq + 1;
		if (ktext_field_is(f, klen, "total=")) {
			if (ktext_field_u64(v, len - klen, total) < 0)
				return -EINVAL;
			seen |= 1u << 3;
			continue;
		}
		for (unsigned i = 0; i < ARRAY_SIZE(avg_keys); i++) {
			if (!ktext_field_is(f, klen, avg_keys[i]))
				continue;
			if (ktext_decimal(&v, &avg[i]) < 0 || v != f + len)
				return -EINVAL;
			seen |= 1u << i;
		}
	}
	return seen == 0xf ? 0 : -EINVAL;
}

int cgroup_parse_psi(const char *text, struct psi_raw *p)
{
	struct psi_raw got = {.present = false};
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		const char *rest = line, *f;
		size_t len;
		double avg[3];
		uint64_t total;
		if (!ktext_field(&rest, &f, &len))
			continue;
		bool some = ktext_field_is(f, len, "some");
		if (!some && !ktext_field_is(f, len, "full"))
			continue;
		if (parse_psi_line(rest, avg, &total) < 0)
			return -EINVAL;
		if (some) {
			got.present = true;
			got.some_avg10 = avg[0];
			got.some_avg60 = avg[1];
			got.some_avg300 = avg[2];
			got.some_total_us = total;
		} else {
			got.has_full = true;
			got.full_avg10 = avg[0];
			got.full_avg60 = avg[1];
			got.full_avg300 = avg[2];
			got.full_total_us = total;
		}
	}
	if (!got.present)
		return -EINVAL;
	*p = got;
	return 0;
}

int cgroup_parse_io_stat(const char *text, struct cg_counters *c)
{
	/* A file that exists but lists no device means no I/O yet: sums of 0. */
	static const char *const keys[] = {"rbytes", "wbytes", "rios", "wios"};
	uint64_t sum[ARRAY_SIZE(keys)] = {0};
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		const char *p = line, *f;
		size_t len;
		if (!ktext_field(&p, &f, &len))
			continue;
		if (!memchr(f, ':', len))
			return -EINVAL; /* not "MAJ:MIN" */
		while (ktext_field(&p, &f, &len)) {
			const char *eq = memchr(f, '=', len);
			if (!eq)
				return -EINVAL;
			size_t klen = (size_t)(eq - f);
			for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
				uint64_t v;
				if (!ktext_field_is(f, klen, keys[i]))
					continue;
				if (ktext_field_u64(eq + 1, len - klen - 1, &v) < 0)
					return -EINVAL;
				sum[i] += v;
			}
		}
	}
	c->io_rbytes = sum[0];
	c->io_wbytes = sum[1];
	c->io_rios = sum[2];
	c->io_wios = sum[3];
	return 0;
}

int cgroup_parse_blkio(const char *text, uint64_t *read, uint64_t *write)
{
	uint64_t r = 0, w = 0;
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		const char *p = line, *dev, *op, *num;
		size_t dlen, oplen, nlen;
		uint64_t v;
		if (!ktext_field(&p, &dev, &dlen))
			continue;
		if (!ktext_field(&p, &op, &oplen))
			return -EINVAL;
		/* The closing "Total N" has no device: every device's total again. */
		if (!ktext_field(&p, &num, &nlen)) {
			if (!ktext_field_is(dev, dlen, "Total") || ktext_field_u64(op, oplen, &v) < 0)
				return -EINVAL;
			continue;
		}
		if (ktext_field_u64(num, nlen, &v) < 0)
			return -EINVAL;
		if (ktext_field_is(op, oplen, "Read"))
			r += v;
		else if (ktext_field_is(op, oplen, "Write"))
			w += v;
	}
	*read = r;
	*write = w;
	return 0;
}

int cgroup_parse_memory_events(const char *text, struct cg_counters *c)
{
	static const char *const keys[] = {"high", "max", "oom", "oom_kill"};
	uint64_t v[ARRAY_SIZE(keys)];
	if (kv_values(text, keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	set_if_found(&c->mem_events_high, v[0]);
	set_if_found(&c->mem_events_max, v[1]);
	set_if_found(&c->mem_events_oom, v[2]);
	set_if_found(&c->oom_kill, v[3]);
	return 0;
}

int cgroup_parse_memory_stat(const char *text, enum cg_layout layout, struct cg_counters *c)
{
	/* v1 prefers the hierarchical total_* keys (children included, as v2's
	 * memory.stat is); the plain ones are the group alone. */
	static const char *const keys[] = {"inactive_file", "pgmajfault", "total_inactive_file",
					   "total_pgmajfault"};
	size_t nkeys = layout == CG_LAYOUT_V2 ? 2 : 4;
	uint64_t v[ARRAY_SIZE(keys)];
	if (kv_values(text, keys, nkeys, v) < 0)
		return -EINVAL;
	if (nkeys == 4) {
		set_if_found(&v[0], v[2]);
		set_if_found(&v[1], v[3]);
	}
	set_if_found(&c->mem_inactive_file, v[0]);
	set_if_found(&c->mem_pgmajfault, v[1]);
	return 0;
}

/* Reads a one-key file ("max N" in pids.events, "oom_kill N" in memory.oom_control). */
static void read_key(struct cg_read *r, int dirfd, const char *name, const char *key, uint64_t *out)
{
	const char *t = cg_text(r, dirfd, name);
	uint64_t v;
	if (t && kv_values(t, &key, 1, &v) == 0)
		set_if_found(out, v);
}

static void read_psi(struct cg_read *r, int fd, struct cg_counters *c)
{
	static const char *const names[] = {"cpu.pressure", "memory.pressure", "io.pressure"};
	static const unsigned still[] = {CG_STILL_PSI_CPU, CG_STILL_PSI_MEM, CG_STILL_PSI_IO};
	struct psi_raw *psi[] = {&c->psi_cpu, &c->psi_mem, &c->psi_io};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *t;
		if (r->still & still[i]) {
			const struct psi_raw *last[] = {&r->last->psi_cpu, &r->last->psi_mem, &r->last->psi_io};
			*psi[i] = *last[i];
		} else if ((t = cg_text(r, fd, names[i]))) {
			cgroup_parse_psi(t, psi[i]);
		}
	}
}

/* pids.* has the same names and format in v1 and v2. */
static void read_pids(struct cg_read *r, int fd, struct cg_counters *c)
{
	read_u64(r, fd, "pids.current", &c->pids_current);
	read_limit(r, fd, "pids.max", &c->pids_max);
	/* Read every tick: a fork into the group from outside it (clone3 with
	 * CLONE_INTO_CGROUP, as crun's exec) fails against its limit while
	 * none of its tasks runs. */
	read_key(r, fd, "pids.events", "max", &c->pids_events_max);
}

/* memory.stat's LRU sizes move without the group running only as its usage
 * does (reclaim), short of LRU aging, which the next full read catches. */
static void read_memory_stat(struct cg_read *r, int fd, enum cg_layout layout, struct cg_counters *c)
{
	const char *t;
	if (cg_memory_still(r, c)) {
		c->mem_inactive_file = r->last->mem_inactive_file;
		c->mem_pgmajfault = r->last->mem_pgmajfault;
	} else if ((t = cg_text(r, fd, "memory.stat"))) {
		cgroup_parse_memory_stat(t, layout, c);
	}
}

static void read_v2(struct cg_read *r, int fd, struct cg_counters *c)
{
	const char *t;
	if ((t = cg_text(r, fd, "cpu.stat")))
		cgroup_parse_cpu_stat(t, c);
	if ((t = cg_limit_text(r, fd, "cpu.max")))
		cgroup_parse_cpu_max(t, &c->cpu_quota_us, &c->cpu_period_us);
	if ((t = cg_limit_text(r, fd, "cpuset.cpus.effective")))
		cgroup_parse_cpuset_count(t, &c->cpuset_cpus);
	read_u64(r, fd, "memory.current", &c->mem_current);
	read_limit(r, fd, "memory.max", &c->mem_limit);
	read_limit(r, fd, "memory.high", &c->mem_high);
	read_limit_u64(r, fd, "memory.swap.current", &c->mem_swap);
	read_memory_stat(r, fd, CG_LAYOUT_V2, c);
	/* Charges that hit a limit move the usage, and an OOM kill's victim
	 * must run to exit: the events are read again once either moves. */
	if (cg_memory_still(r, c)) {
		c->mem_events_high = r->last->mem_events_high;
		c->mem_events_max = r->last->mem_events_max;
		c->mem_events_oom = r->last->mem_events_oom;
		c->oom_kill = r->last->oom_kill;
	} else if ((t = cg_text(r, fd, "memory.events"))) {
		cgroup_parse_memory_events(t, c);
	}
	if ((t = cg_text(r, fd, "io.stat")))
		cgroup_parse_io_stat(t, c);
	read_pids(r, fd, c);
	read_psi(r, fd, c);
}

/* Hybrid: the unified tree has no controllers, only cpu.stat's usage and
 * the pressure files. Its usage counts only where cpuacct gave none. */
static void read_hybrid_unified(struct cg_read *r, int fd, struct cg_counters *c)
{
	const char *t;
	if (c->cpu_usage_ns == VAL_NONE && (t = cg_text(r, fd, "cpu.stat"))) {
		struct cg_counters u;
		cg_counters_init(&u);
		if (cgroup_parse_cpu_stat(t, &u) == 0) {
			c->cpu_usage_ns = u.cpu_usage_ns;
			if (c->cpu_user_ns == VAL_NONE)
				c->cpu_user_ns = u.cpu_user_ns;
			if (c->cpu_system_ns == VAL_NONE)
				c->cpu_system_ns = u.cpu_system_ns;
		}
	}
	read_psi(r, fd, c);
}

/* cpuacct.stat: "user N" and "system N" in USER_HZ ticks. */
static void read_cpuacct_stat(struct cg_read *r, int fd, struct cg_counters *c)
{
	static const char *const keys[] = {"user", "system"};
	const char *t = cg_text(r, fd, "cpuacct.stat");
	uint64_t v[ARRAY_SIZE(keys)];
	if (!t || kv_values(t, keys, ARRAY_SIZE(keys), v) < 0)
		return;
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t ns_per_tick = hz > 0 ? 1000000000u / (uint64_t)hz : 10000000u;
	if (v[0] != VAL_NONE && v[0] <= (UINT64_MAX - 1) / ns_per_tick)
		c->cpu_user_ns = v[0] * ns_per_tick;
	if (v[1] != VAL_NONE && v[1] <= (UINT64_MAX - 1) / ns_per_tick)
		c->cpu_system_ns = v[1] * ns_per_tick;
	if (c->cpu_usage_ns == VAL_NONE && c->cpu_user_ns != VAL_NONE && c->cpu_system_ns != VAL_NONE &&
	    c->cpu_user_ns <= UINT64_MAX - 1 - c->cpu_system_ns) {
		c->cpu_usage_ns = c->cpu_user_ns + c->cpu_system_ns;
		c->cpu_usage_coarse = true;
	}
}

/* cpu.cfs_quota_us is -1 when there is no quota. The period only means
 * something with a quota, so most cgroups are spared opening it. */
static void read_v1_quota(struct cg_read *r, int fd, uint64_t *quota_us, uint64_t *period_us)
{
	const char *t = cg_limit_text(r, fd, "cpu.cfs_quota_us");
	int64_t q;
	if (!t || parse_i64(t, &q) < 0 || q < 0)
		return;
	*quota_us = (uint64_t)q;
	read_limit_u64(r, fd, "cpu.cfs_period_us", period_us);
}

static void read_v1_memory(struct cg_read *r, int fd, struct cg_counters *c)
{
	uint64_t memsw = VAL_NONE;
	read_u64(r, fd, "memory.usage_in_bytes", &c->mem_current);
	read_limit(r, fd, "memory.limit_in_bytes", &c->mem_limit);
	/* memsw exists only with swap accounting; it is memory + swap, read a
	 * moment apart from usage, so the difference is clamped at 0. */
	read_limit_u64(r, fd, "memory.memsw.usage_in_bytes", &memsw);
	if (memsw != VAL_NONE && c->mem_current != VAL_NONE)
		c->mem_swap = memsw > c->mem_current ? memsw - c->mem_current : 0;
	read_memory_stat(r, fd, CG_LAYOUT_V1, c);
	if (cg_memory_still(r, c)) {
		c->oom_kill = r->last->oom_kill;
		c->mem_failcnt = r->last->mem_failcnt;
		return;
	}
	read_key(r, fd, "memory.oom_control", "oom_kill", &c->oom_kill);
	/* Only this cgroup's own limit counts its failures. */
	if (!r->skip_limits || c->mem_limit != VAL_NONE)
		read_u64(r, fd, "memory.failcnt", &c->mem_failcnt);
}

static void read_v1(struct cg_read *r, const struct cg_dirs *d, struct cg_counters *c)
{
	const char *t;
	if (dir_present(d->cpuacct)) {
		read_u64(r, d->cpuacct, "cpuacct.usage", &c->cpu_usage_ns);
		/* The user/system split costs a file per cgroup; only read it
		 * where there is no total to show instead. */
		if (c->cpu_usage_ns == VAL_NONE)
			read_cpuacct_stat(r, d->cpuacct, c);
	}
	/* v1 cpu.stat holds only the bandwidth figures, which stand still
	 * unless this cgroup has a quota of its own. */
	if (dir_present(d->cpu)) {
		if (cg_cpu_still(r, c)) {
			c->nr_periods = r->last->nr_periods;
			c->nr_throttled = r->last->nr_throttled;
			c->throttled_ns = r->last->throttled_ns;
		} else if ((!r->skip_limits || c->cpu_quota_us != VAL_NONE) && (t = cg_text(r, d->cpu, "cpu.stat"))) {
			cgroup_parse_cpu_stat(t, c);
		}
		read_v1_quota(r, d->cpu, &c->cpu_quota_us, &c->cpu_period_us);
	}
	if (dir_present(d->cpuset) && (t = cg_limit_text(r, d->cpuset, "cpuset.effective_cpus")))
		cgroup_parse_cpuset_count(t, &c->cpuset_cpus);
	if (dir_present(d->memory))
		read_v1_memory(r, d->memory, c);
	/* Read every tick: I/O a blkio limit held back is counted when the
	 * throttle releases it, while the task that issued it sleeps. */
	if (dir_present(d->blkio)) {
		if ((t = cg_text(r, d->blkio, "blkio.throttle.io_service_bytes_recursive")))
			cgroup_parse_blkio(t, &c->io_rbytes, &c->io_wbytes);
		if ((t = cg_text(r, d->blkio, "blkio.throttle.io_serviced_recursive")))
			cgroup_parse_blkio(t, &c->io_rios, &c->io_wios);
	}
	if (dir_present(d->pids))
		read_pids(r, d->pids, c);
}

static bool any_dir(const struct cg_dirs *d)
{
	return dir_present(d->unified) || dir_present(d->cpu) || dir_present(d->cpuacct) ||
	       dir_present(d->cpuset) || dir_present(d->memory) || dir_present(d->blkio) || dir_present(d->pids);
}

int cgroup_read_counters(const struct cg_dirs *d, enum cg_layout layout, struct cg_counters *c)
{
	if (!any_dir(d))
		return -ENOENT;
	struct cg_read r;
	cg_read_init(&r, d);
	if (layout == CG_LAYOUT_V2) {
		if (dir_present(d->unified))
			read_v2(&r, d->unified, c);
	} else {
		read_v1(&r, d, c);
		/* Pure v1 has no pressure files: PSI stays absent. */
		if (layout == CG_LAYOUT_HYBRID && dir_present(d->unified))
			read_hybrid_unified(&r, d->unified, c);
	}
	cg_read_done(&r);
	return r.alive ? 0 : -ENOENT;
}

void cg_counters_carry_quiet(struct cg_counters *to, const struct cg_counters *from)
{
	uint64_t *t[] = {&to->nr_periods, &to->nr_throttled, &to->throttled_ns, &to->mem_failcnt};
	const uint64_t f[] = {from->nr_periods, from->nr_throttled, from->throttled_ns, from->mem_failcnt};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (*t[i] == VAL_NONE)
			*t[i] = f[i];
}

void cg_counters_drop_unseen_quiet(struct cg_counters *c, const struct cg_counters *prev, enum cg_layout layout)
{
	if (layout == CG_LAYOUT_V2)
		return;
	if (prev->cpu_quota_us == VAL_NONE && c->cpu_quota_us != VAL_NONE)
		c->nr_periods = c->nr_throttled = c->throttled_ns = VAL_NONE;
	if (prev->mem_limit == VAL_NONE && c->mem_limit != VAL_NONE)
		c->mem_failcnt = VAL_NONE;
}

int cgroup_read_limits_override(const struct cg_dirs *d, enum cg_layout layout, struct cg_counters *c)
{
	if (!any_dir(d))
		return -ENOENT;
	struct cg_counters set;
	struct cg_read r;
	const char *t;
	cg_counters_init(&set);
	cg_read_init(&r, d);
	int cpu_fd = layout == CG_LAYOUT_V2 ? d->unified : d->cpu;
	if (cpu_fd >= 0) {
		if (layout == CG_LAYOUT_V2) {
			if ((t = cg_text(&r, cpu_fd, "cpu.max")))
				cgroup_parse_cpu_max(t, &set.cpu_quota_us, &set.cpu_period_us);
		} else {
			read_v1_quota(&r, cpu_fd, &set.cpu_quota_us, &set.cpu_period_us);
		}
		/* Throttling is counted where the quota is. */
		if (set.cpu_quota_us != VAL_NONE && (t = cg_text(&r, cpu_fd, "cpu.stat")))
			cgroup_parse_cpu_stat(t, &set);
	}
	if (layout == CG_LAYOUT_V2 && d->unified >= 0) {
		read_limit(&r, d->unified, "memory.max", &set.mem_limit);
		read_limit(&r, d->unified, "memory.high", &set.mem_high);
		read_limit(&r, d->unified, "pids.max", &set.pids_max);
	} else if (layout != CG_LAYOUT_V2) {
		if (d->memory >= 0)
			read_limit(&r, d->memory, "memory.limit_in_bytes", &set.mem_limit);
		if (d->pids >= 0)
			read_limit(&r, d->pids, "pids.max", &set.pids_max);
	}
	cg_read_done(&r);
	if (!r.alive)
		return -ENOENT;
	if (set.cpu_quota_us != VAL_NONE) {
		c->cpu_quota_us = set.cpu_quota_us;
		set_if_found(&c->cpu_period_us, set.cpu_period_us);
		set_if_found(&c->nr_periods, set.nr_periods);
		set_if_found(&c->nr_throttled, set.nr_throttled);
		set_if_found(&c->throttled_ns, set.throttled_ns);
	}
	set_if_found(&c->mem_limit, set.mem_limit);
	set_if_found(&c->mem_high, set.mem_high);
	set_if_found(&c->pids_max, set.pids_max);
	return 0;
}
