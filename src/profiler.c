/* profiler.c - see profiler.h. Owned by the profiler engineer (issue 5).
 *
 * Per tick: flip the sampler to the other counts map, wait until no CPU is
 * still inside the sampler on the old one (bpf/profile.h, struct
 * profile_seq), drain the old map with lookup-and-delete batches, look each
 * key up in the entry cache (keyed by the raw addresses, never by a stack
 * id) and symbolize only the new ones, then append the tick to the window
 * and build the window's profile.
 *
 * Entries hold their frames as ids in a frame table (function, module,
 * kernel) with reference counts, so a frame's strings exist once however
 * many stacks hold it. An entry no tick in the window holds is kept for
 * ENTRY_KEEP_NS more (steady workloads repeat their stacks), then freed. */
#include "config.h"

#include "profiler.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifndef HAVE_BPF

struct profiler *profiler_new(const struct profiler_opts *opts, const char **err)
{
	*err = "built without BPF support";
	return NULL;
}

int profiler_collect(struct profiler *p, struct profile **window)
{
	*window = NULL;
	return -ENOSYS;
}

void profiler_set_cumulative(struct profiler *p, bool on)
{
}

void profiler_free(struct profiler *p)
{
}

#else

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../bpf/profile.h"
#include "profile.skel.h"
#include "symbols.h"

#define DEFAULT_HZ 99
#define DEFAULT_WINDOW_S 10.0
/* Keys drained per batch call. */
#define DRAIN_CHUNK 256
/* Room in each counts map: two seconds of all-distinct samples, bounded. */
#define MAP_ENTRIES_MIN 2048u
#define MAP_ENTRIES_MAX 16384u
#define ENTRY_KEEP_NS (30ull * 1000000000ull)
#define PROC_KEEP_NS (60ull * 1000000000ull)
/* A sampler runs for microseconds; a preempted vCPU may take longer. */
#define QUIESCE_MAX_NS (100ull * 1000000ull)
#define NO_ID UINT32_MAX

struct pframe {
	char *function, *module;
	bool kernel;
	uint32_t refs; /* entries holding it; 0 = free slot */
	uint32_t next; /* hash chain or free list */
	uint64_t hash;
};

struct entry {
	uint64_t hash;
	uint32_t next; /* hash chain or free list */
	bool used;
	uint64_t cgroup_id;
	int32_t pid;
	char comm[PROFILE_COMM_LEN + 1];
	uint16_t nkernel, nuser;
	uint64_t *addrs;  /* kernel then user, as sampled */
	uint32_t *frames; /* frame ids, innermost first */
	uint64_t window;  /* samples in the window, base included */
	uint64_t base;	  /* samples kept from expired ticks while cumulative */
	uint64_t last_seen;
};

struct tick_count {
	uint32_t entry;
	uint64_t count;
};

struct tick {
	uint64_t start_ns, end_ns;
	uint64_t lost;
	struct tick_count *v;
	size_t n;
};

struct profiler {
	struct profile_bpf *skel;
	struct bpf_link **links;
	size_t nlinks;
	int *cpus;
	size_t ncpus;
	unsigned hz;
	uint64_t window_ns;
	bool cumulative;
	uint64_t cumulative_start, lost_base;

	struct symbolizer *sym;

	/* Drain buffers. */
	struct profile_key *keys;
	uint64_t *vals;

	/* Lost-sample counters as last read. */
	uint64_t lost_seen[PROFILE_LOST_MAX];
	uint64_t misses_seen;

	struct entry *entries;
	size_t nentries, entries_cap;
	uint32_t entry_free;
	uint32_t *entry_heads;
	size_t entry_nheads, entries_live;

	struct pframe *frames;
	size_t nframes, frames_cap;
	uint32_t frame_free;
	uint32_t *frame_heads;
	size_t frame_nheads, frames_live;
	/* Frame id -> index in the profile being built, valid when remap_gen matches. */
	uint32_t *remap;
	uint64_t *remap_gen;
	uint64_t gen;

	struct tick *ticks;
	size_t nticks, ticks_cap;
	uint64_t last_ns;
};

static char reason[256];

static __attribute__((format(printf, 1, 2))) const char *set_reason(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* ---- hashing ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v * 0x9e3779b97f4a7c15ull;
	h = (h << 27 | h >> 37) * 0xff51afd7ed558ccdull;
	return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return mix(fnv1a(h, s, strlen(s)), 0);
}

static uint64_t key_hash(const struct profile_key *k)
{
	uint64_t h =
	    mix(mix(0, k->cgroup_id), (uint64_t)k->pid << 32 | (uint64_t)k->nkernel << 16 | k->nuser);
	uint64_t comm[PROFILE_COMM_LEN / 8];
	memcpy(comm, k->comm, sizeof(comm));
	for (size_t i = 0; i < ARRAY_SIZE(comm); i++)
		h = mix(h, comm[i]);
	for (size_t i = 0; i < k->nkernel; i++)
		h = mix(h, k->kernel[i]);
	for (size_t i = 0; i < k->nuser; i++)
		h = mix(h, k->user[i]);
	return h;
}

/* Power-of-two head arrays for chained tables (heads hold index + 1). */
static uint32_t *heads_grow(uint32_t *heads, size_t *nheads, size_t live)
{
	if (heads && live < *nheads)
		return heads;
	free(heads);
	*nheads = *nheads ? *nheads * 2 : 1024;
	return xcalloc(*nheads, sizeof(*heads));
}

/* ---- frame table ---- */

static void frames_rehash(struct profiler *p)
{
	size_t old = p->frame_nheads;
	p->frame_heads = heads_grow(p->frame_heads, &p->frame_nheads, p->frames_live);
	if (p->frame_nheads == old)
		return;
	for (size_t i = 0; i < p->nframes; i++) {
		struct pframe *f = &p->frames[i];
		if (!f->refs)
			continue;
		size_t b = f->hash & (p->frame_nheads - 1);
		f->next = p->frame_heads[b];
		p->frame_heads[b] = (uint32_t)i + 1;
	}
}

static uint32_t frame_intern(struct profiler *p, const char *function, const char *module, bool kernel)
{
	uint64_t h = mix(hash_str(hash_str(0, function), module), kernel);
	frames_rehash(p);
	size_t b = h & (p->frame_nheads - 1);
	for (uint32_t i = p->frame_heads[b]; i; i = p->frames[i - 1].next) {
		struct pframe *f = &p->frames[i - 1];
		if (f->hash == h && f->kernel == kernel && strcmp(f->function, function) == 0 &&
		    strcmp(f->module, module) == 0) {
			f->refs++;
			return i - 1;
		}
	}
	uint32_t id;
	if (p->frame_free) {
		id = p->frame_free - 1;
		p->frame_free = p->frames[id].next;
	} else {
		if (p->nframes == p->frames_cap) {
			p->frames_cap = p->frames_cap ? p->frames_cap * 2 : 1024;
			p->frames = xrealloc(p->frames, p->frames_cap * sizeof(*p->frames));
			p->remap = xrealloc(p->remap, p->frames_cap * sizeof(*p->remap));
			p->remap_gen = xrealloc(p->remap_gen, p->frames_cap * sizeof(*p->remap_gen));
		}
		id = (uint32_t)p->nframes++;
	}
	p->frames[id] = (struct pframe){xstrdup(function), xstrdup(module), kernel, 1, p->frame_heads[b], h};
	p->remap_gen[id] = 0;
	p->frame_heads[b] = id + 1;
	p->frames_live++;
	return id;
}

static void frame_unref(struct profiler *p, uint32_t id)
{
	struct pframe *f = &p->frames[id];
	if (--f->refs)
		return;
	size_t b = f->hash & (p->frame_nheads - 1);
	uint32_t *link = &p->frame_heads[b];
	while (*link != id + 1)
		link = &p->frames[*link - 1].next;
	*link = f->next;
	free(f->function);
	free(f->module);
	f->function = f->module = NULL;
	f->next = p->frame_free;
	p->frame_free = id + 1;
	p->frames_live--;
}

/* ---- entries ---- */

static bool entry_is(const struct entry *e, uint64_t h, const struct profile_key *k)
{
	return e->hash == h && e->cgroup_id == k->cgroup_id && e->pid == (int32_t)k->pid &&
	       e->nkernel == k->nkernel && e->nuser == k->nuser &&
	       memcmp(e->comm, k->comm, PROFILE_COMM_LEN) == 0 &&
	       memcmp(e->addrs, k->kernel, k->nkernel * sizeof(uint64_t)) == 0 &&
	       memcmp(e->addrs + k->nkernel, k->user, k->nuser * sizeof(uint64_t)) == 0;
}

static void entries_rehash(struct profiler *p)
{
	size_t old = p->entry_nheads;
	p->entry_heads = heads_grow(p->entry_heads, &p->entry_nheads, p->entries_live);
	if (p->entry_nheads == old)
		return;
	for (size_t i = 0; i < p->nentries; i++) {
		struct entry *e = &p->entries[i];
		if (!e->used)
			continue;
		size_t b = e->hash & (p->entry_nheads - 1);
		e->next = p->entry_heads[b];
		p->entry_heads[b] = (uint32_t)i + 1;
	}
}

/* A frame for ADDR; unresolved addresses become "MODULE+0xOFFSET". */
static uint32_t frame_of(struct profiler *p, const struct sym_frame *sf, bool kernel)
{
	if (sf->function) {
		/* C++ and Rust, the kernel's Rust too: as people write them. */
		char *plain = sym_demangle(sf->function);
		uint32_t id = frame_intern(p, plain ? plain : sf->function, sf->module, kernel);
		free(plain);
		return id;
	}
	char name[160];
	snprintf(name, sizeof(name), "%.120s+0x%llx", sf->module, (unsigned long long)sf->offset);
	return frame_intern(p, name, sf->module, kernel);
}

/* Past the sampled frame every address is a return address: look up the
 * call before it, or a call ending a function names the next one. */
static uint64_t call_site(uint64_t addr, size_t depth)
{
	return depth > 0 && addr > 0 ? addr - 1 : addr;
}

/* Names E's kernel frames; RENAME: they were named before, and those
 * frames are released once the new ones are held. */
static void entry_name_kernel(struct profiler *p, struct entry *e, bool rename)
{
	for (size_t i = 0; i < e->nkernel; i++) {
		struct sym_frame sf;
		sym_kernel(p->sym, call_site(e->addrs[i], i), &sf);
		uint32_t old = e->frames[i];
		e->frames[i] = frame_of(p, &sf, true);
		if (rename)
			frame_unref(p, old);
	}
}

static uint32_t entry_add(struct profiler *p, uint64_t h, const struct profile_key *k)
{
	uint32_t id;
	entries_rehash(p);
	if (p->entry_free) {
		id = p->entry_free - 1;
		p->entry_free = p->entries[id].next;
	} else {
		if (p->nentries == p->entries_cap) {
			p->entries_cap = p->entries_cap ? p->entries_cap * 2 : 1024;
			p->entries = xrealloc(p->entries, p->entries_cap * sizeof(*p->entries));
		}
		id = (uint32_t)p->nentries++;
	}
	struct entry *e = &p->entries[id];
	size_t n = (size_t)k->nkernel + k->nuser;
	*e = (struct entry){.hash = h,
			    .used = true,
			    .cgroup_id = k->cgroup_id,
			    .pid = (int32_t)k->pid,
			    .nkernel = k->nkernel,
			    .nuser = k->nuser};
	memcpy(e->comm, k->comm, PROFILE_COMM_LEN);
	e->addrs = xmalloc((n ? n : 1) * sizeof(*e->addrs));
	memcpy(e->addrs, k->kernel, k->nkernel * sizeof(uint64_t));
	memcpy(e->addrs + k->nkernel, k->user, k->nuser * sizeof(uint64_t));
	e->frames = xmalloc((n ? n : 1) * sizeof(*e->frames));
	entry_name_kernel(p, e, false);
	for (size_t i = 0; i < k->nuser; i++) {
		struct sym_frame sf;
		sym_user(p->sym, (int32_t)k->pid, call_site(k->user[i], i), &sf);
		e->frames[k->nkernel + i] = frame_of(p, &sf, false);
	}
	p->entries_live++;
	size_t b = h & (p->entry_nheads - 1);
	p->entries[id].next = p->entry_heads[b];
	p->entry_heads[b] = id + 1;
	return id;
}

static uint32_t entry_get(struct profiler *p, const struct profile_key *k)
{
	uint64_t h = key_hash(k);
	if (p->entry_nheads) {
		size_t b = h & (p->entry_nheads - 1);
		for (uint32_t i = p->entry_heads[b]; i; i = p->entries[i - 1].next)
			if (entry_is(&p->entries[i - 1], h, k)) {
				/* Known stack: keep the process's symbols while it runs. */
				sym_touch(p->sym, (int32_t)k->pid);
				return i - 1;
			}
	}
	return entry_add(p, h, k);
}

static void entry_del(struct profiler *p, uint32_t id)
{
	struct entry *e = &p->entries[id];
	size_t b = e->hash & (p->entry_nheads - 1);
	uint32_t *link = &p->entry_heads[b];
	while (*link != id + 1)
		link = &p->entries[*link - 1].next;
	*link = e->next;
	for (size_t i = 0; i < (size_t)e->nkernel + e->nuser; i++)
		frame_unref(p, e->frames[i]);
	free(e->addrs);
	free(e->frames);
	e->used = false;
	e->next = p->entry_free;
	p->entry_free = id + 1;
	p->entries_live--;
}

/* ---- the kernel side ---- */

/* Parses a CPU list ("0-3,5") from sys/devices/system/cpu/online. */
static int online_cpus(const char *root, int **out, size_t *n)
{
	char path[4096], buf[4096];
	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/online", root);
	ssize_t len = read_file_at(AT_FDCWD, path, buf, sizeof(buf));
	if (len < 0)
		return (int)len;
	int *v = NULL;
	size_t cnt = 0;
	const char *s = buf;
	while (*s && *s != '\n') {
		uint64_t a, b;
		if (parse_u64_prefix(&s, &a) < 0)
			goto bad;
		b = a;
		if (*s == '-') {
			s++;
			if (parse_u64_prefix(&s, &b) < 0 || b < a)
				goto bad;
		}
		if (b >= PROFILE_MAX_CPUS)
			goto bad;
		v = xrealloc(v, (cnt + (size_t)(b - a) + 1) * sizeof(*v));
		for (uint64_t c = a; c <= b; c++)
			v[cnt++] = (int)c;
		if (*s == ',')
			s++;
	}
	if (!cnt)
		goto bad;
	*out = v;
	*n = cnt;
	return 0;
bad:
	free(v);
	return -EINVAL;
}

static const char *perf_reason(int err)
{
	if (err == EACCES || err == EPERM)
		return set_reason("perf events not permitted (needs root: CAP_PERFMON)");
	if (err == ENOENT || err == ENODEV || err == EOPNOTSUPP)
		return set_reason("no cpu-clock perf event on this kernel");
	return set_reason("cannot open perf events: %s", strerror(err));
}

static int attach_cpus(struct profiler *p, const char **err)
{
	p->links = xcalloc(p->ncpus, sizeof(*p->links));
	for (size_t i = 0; i < p->ncpus; i++) {
		struct perf_event_attr attr = {
		    .type = PERF_TYPE_SOFTWARE,
		    .size = sizeof(attr),
		    .config = PERF_COUNT_SW_CPU_CLOCK,
		    .sample_freq = p->hz,
		    .freq = 1,
		};
		int fd = (int)syscall(SYS_perf_event_open, &attr, -1, p->cpus[i], -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			/* A CPU that went offline since the list was read has nothing to sample. */
			if (errno == ENODEV)
				continue;
			*err = perf_reason(errno);
			return -errno;
		}
		struct bpf_link *link = bpf_program__attach_perf_event(p->skel->progs.sample, fd);
		if (!link) {
			int e = errno;
			close(fd);
			*err = set_reason("cannot attach the BPF sampler: %s", strerror(e));
			return -e;
		}
		/* The link owns the perf event fd from here. */
		p->links[p->nlinks++] = link;
	}
	if (!p->nlinks) {
		*err = set_reason("no online CPU to sample");
		return -ENODEV;
	}
	return 0;
}

static const char *load_reason(int err)
{
	if (err == EPERM || err == EACCES)
		return set_reason("BPF not permitted (needs root: CAP_BPF and CAP_PERFMON)");
	if (err == ENOSYS)
		return set_reason("this kernel has no BPF");
	return set_reason("the kernel refused the BPF sampler: %s (kernel older than 5.6?)", strerror(err));
}

struct profiler *profiler_new(const struct profiler_opts *opts, const char **err)
{
	struct profiler *p = xcalloc(1, sizeof(*p));
	const char *root = opts->root ? opts->root : "/";
	int e;
	*err = NULL;
	libbpf_set_print(silent);
	p->hz = opts->hz ? opts->hz : DEFAULT_HZ;
	p->window_ns = (uint64_t)((opts->window_s > 0 ? opts->window_s : DEFAULT_WINDOW_S) * 1e9);
	if (p->hz > 10000) {
		*err = set_reason("sampling frequency %u Hz is above 10000", p->hz);
		goto fail;
	}
	e = online_cpus(root, &p->cpus, &p->ncpus);
	if (e < 0) {
		*err = set_reason("cannot read the online CPUs: %s", strerror(-e));
		goto fail;
	}
	int possible = libbpf_num_possible_cpus();
	if (possible > PROFILE_MAX_CPUS) {
		*err = set_reason("more than %d possible CPUs", PROFILE_MAX_CPUS);
		goto fail;
	}

	p->skel = profile_bpf__open();
	if (!p->skel) {
		*err = set_reason("cannot open the BPF object: %s", strerror(errno));
		goto fail;
	}
	p->skel->rodata->kernel_stacks = opts->kernel_stacks;
	uint64_t want = (uint64_t)p->hz * p->ncpus * 2;
	uint32_t entries = want < MAP_ENTRIES_MIN   ? MAP_ENTRIES_MIN
			   : want > MAP_ENTRIES_MAX ? MAP_ENTRIES_MAX
						    : (uint32_t)want;
	bpf_map__set_max_entries(p->skel->maps.counts0, entries);
	bpf_map__set_max_entries(p->skel->maps.counts1, entries);
	if (profile_bpf__load(p->skel) < 0) {
		*err = load_reason(errno);
		goto fail;
	}
	/* Map batch operations arrived in 5.6: probe them on the idle map. */
	{
		uint32_t count = 1, token;
		struct profile_key key;
		uint64_t val;
		LIBBPF_OPTS(bpf_map_batch_opts, bo);
		if (bpf_map_lookup_and_delete_batch(bpf_map__fd(p->skel->maps.counts1), NULL, &token, &key,
						    &val, &count, &bo) < 0 &&
		    errno != ENOENT) {
			*err = set_reason("kernel too old: no BPF map batch operations (5.6+): %s",
					  strerror(errno));
			goto fail;
		}
	}
	p->sym = sym_new(&(struct sym_opts){.root = root});
	/* Without kallsyms (no CAP_SYSLOG) kernel frames show as addresses. */
	sym_load_kernel(p->sym);
	p->keys = xcalloc(DRAIN_CHUNK, sizeof(*p->keys));
	p->vals = xcalloc(DRAIN_CHUNK, sizeof(*p->vals));
	/* The first window starts when sampling does. */
	p->last_ns = p->cumulative_start = clock_monotonic_ns();
	if (attach_cpus(p, err) < 0)
		goto fail;
	return p;
fail:
	profiler_free(p);
	return NULL;
}

void profiler_free(struct profiler *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nlinks; i++)
		bpf_link__destroy(p->links[i]);
	free(p->links);
	profile_bpf__destroy(p->skel);
	free(p->cpus);
	sym_free(p->sym);
	free(p->keys);
	free(p->vals);
	for (size_t i = 0; i < p->nentries; i++)
		if (p->entries[i].used) {
			free(p->entries[i].addrs);
			free(p->entries[i].frames);
		}
	free(p->entries);
	free(p->entry_heads);
	for (size_t i = 0; i < p->nframes; i++) {
		free(p->frames[i].function);
		free(p->frames[i].module);
	}
	free(p->frames);
	free(p->frame_heads);
	free(p->remap);
	free(p->remap_gen);
	for (size_t i = 0; i < p->nticks; i++)
		free(p->ticks[i].v);
	free(p->ticks);
	free(p);
}

/* Waits until every CPU that was inside the sampler when the map flipped
 * has left it, so the old map is not written while it is drained. */
static void quiesce(struct profiler *p)
{
	struct profile_seq *seq = p->skel->bss->seq;
	uint64_t deadline = clock_monotonic_ns() + QUIESCE_MAX_NS;
	for (size_t i = 0; i < p->ncpus; i++) {
		size_t c = (size_t)p->cpus[i] & (PROFILE_MAX_CPUS - 1);
		uint64_t entered = __atomic_load_n(&seq[c].enter, __ATOMIC_ACQUIRE);
		while (__atomic_load_n(&seq[c].exit, __ATOMIC_ACQUIRE) < entered &&
		       clock_monotonic_ns() < deadline)
			sched_yield();
	}
}

static uint64_t read_lost(struct profiler *p)
{
	uint64_t lost = 0;
	for (int i = 0; i < PROFILE_LOST_MAX; i++) {
		uint64_t v = __atomic_load_n(&p->skel->bss->lost[i], __ATOMIC_RELAXED);
		lost += v - p->lost_seen[i];
		p->lost_seen[i] = v;
	}
	/* Runs the kernel skipped because a BPF program was already running on that CPU. */
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(bpf_program__fd(p->skel->progs.sample), &info, &len) == 0 &&
	    info.recursion_misses >= p->misses_seen) {
		lost += info.recursion_misses - p->misses_seen;
		p->misses_seen = info.recursion_misses;
	}
	return lost;
}

static int drain(struct profiler *p, int fd, struct tick *t, size_t *cap)
{
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	uint64_t token = 0;
	bool first = true;
	for (;;) {
		uint32_t count = DRAIN_CHUNK;
		int r = bpf_map_lookup_and_delete_batch(fd, first ? NULL : &token, &token, p->keys, p->vals,
							&count, &bo);
		int e = r < 0 ? errno : 0;
		first = false;
		if (r < 0 && e != ENOENT)
			return -e;
		for (uint32_t i = 0; i < count; i++) {
			if (!p->vals[i])
				continue;
			/* Bounds from the kernel, but never trusted to index the arrays. */
			if (p->keys[i].nkernel > PROFILE_KERNEL_DEPTH)
				p->keys[i].nkernel = PROFILE_KERNEL_DEPTH;
			if (p->keys[i].nuser > PROFILE_USER_DEPTH)
				p->keys[i].nuser = PROFILE_USER_DEPTH;
			uint32_t id = entry_get(p, &p->keys[i]);
			struct entry *en = &p->entries[id];
			en->window += p->vals[i];
			en->last_seen = t->end_ns;
			if (t->n == *cap) {
				*cap = *cap ? *cap * 2 : 256;
				t->v = xrealloc(t->v, *cap * sizeof(*t->v));
			}
			t->v[t->n++] = (struct tick_count){id, p->vals[i]};
		}
		if (r < 0)
			return 0; /* ENOENT: the map is empty now */
	}
}

/* Drops (or, cumulative, keeps as base) the ticks older than the window. */
static void expire(struct profiler *p, uint64_t now)
{
	size_t k = 0;
	while (k < p->nticks && p->ticks[k].end_ns + p->window_ns <= now) {
		struct tick *t = &p->ticks[k++];
		for (size_t i = 0; i < t->n; i++) {
			struct entry *e = &p->entries[t->v[i].entry];
			if (p->cumulative)
				e->base += t->v[i].count;
			else
				e->window -= t->v[i].count;
		}
		if (p->cumulative)
			p->lost_base += t->lost;
		free(t->v);
	}
	memmove(p->ticks, p->ticks + k, (p->nticks - k) * sizeof(*p->ticks));
	p->nticks -= k;
	for (size_t i = 0; i < p->nentries; i++) {
		struct entry *e = &p->entries[i];
		if (e->used && !e->window && now - e->last_seen > ENTRY_KEEP_NS)
			entry_del(p, (uint32_t)i);
	}
}

static struct profile *build(struct profiler *p, uint64_t now)
{
	struct profile_builder *b = profile_builder_new();
	uint32_t *ids = xmalloc((PROFILE_KERNEL_DEPTH + PROFILE_USER_DEPTH) * sizeof(*ids));
	p->gen++;
	for (size_t i = 0; i < p->nentries; i++) {
		const struct entry *e = &p->entries[i];
		if (!e->used || !e->window)
			continue;
		size_t n = (size_t)e->nkernel + e->nuser;
		for (size_t k = 0; k < n; k++) {
			uint32_t f = e->frames[k];
			if (p->remap_gen[f] != p->gen) {
				p->remap_gen[f] = p->gen;
				p->remap[f] = profile_builder_frame(b, p->frames[f].function,
								    p->frames[f].module, p->frames[f].kernel);
			}
			ids[k] = p->remap[f];
		}
		profile_builder_stack(b, e->cgroup_id, e->pid, e->comm, e->window, ids, n);
	}
	free(ids);
	struct profile *prof = profile_builder_finish(b);
	prof->hz = p->hz;
	prof->end_ns = now;
	prof->start_ns = p->cumulative ? p->cumulative_start : p->nticks ? p->ticks[0].start_ns : now;
	prof->lost = p->lost_base;
	for (size_t i = 0; i < p->nticks; i++)
		prof->lost += p->ticks[i].lost;
	return prof;
}

int profiler_collect(struct profiler *p, struct profile **window)
{
	*window = NULL;
	uint32_t old = p->skel->bss->active;
	__atomic_store_n(&p->skel->bss->active, !old, __ATOMIC_SEQ_CST);
	quiesce(p);

	/* Before any new stack is named: a module loaded since runs in them. */
	if (sym_kernel_refresh(p->sym))
		for (size_t id = 0; id < p->nentries; id++)
			if (p->entries[id].used)
				entry_name_kernel(p, &p->entries[id], true);

	uint64_t now = clock_monotonic_ns();
	struct tick t = {.start_ns = p->last_ns, .end_ns = now};
	size_t cap = 0;
	int fd = bpf_map__fd(old ? p->skel->maps.counts1 : p->skel->maps.counts0);
	int err = drain(p, fd, &t, &cap);
	t.lost = read_lost(p);
	if (p->nticks == p->ticks_cap) {
		p->ticks_cap = p->ticks_cap ? p->ticks_cap * 2 : 16;
		p->ticks = xrealloc(p->ticks, p->ticks_cap * sizeof(*p->ticks));
	}
	/* Even after an error: the counts drained so far are already in the entries. */
	p->ticks[p->nticks++] = t;
	p->last_ns = now;
	expire(p, now);
	sym_expire(p->sym, now, PROC_KEEP_NS);
	if (err)
		return err;
	*window = build(p, now);
	return 0;
}

void profiler_set_cumulative(struct profiler *p, bool on)
{
	if (!p || p->cumulative == on)
		return;
	p->cumulative = on;
	if (on) {
		p->cumulative_start = p->nticks ? p->ticks[0].start_ns : p->last_ns;
		return;
	}
	for (size_t i = 0; i < p->nentries; i++) {
		p->entries[i].window -= p->entries[i].base;
		p->entries[i].base = 0;
	}
	p->lost_base = 0;
}

#endif
