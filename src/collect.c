/* collect.c - one tick of reads under a root directory -> a raw sample.
 * Discovery (cgroup_tree), names (runtime_meta), counters (cgroup_files),
 * processes (proc_files) and network namespaces (net_files) meet here; this
 * file only orchestrates them and owns nothing but their handles.
 * Anything that vanishes mid-read is dropped, never reported as an error. */
#include "config.h"

#include "collect.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_files.h"
#include "cgroup_tree.h"
#include "ktext.h"
#include "net_files.h"
#include "proc_files.h"
#include "psi_parents.h"
#include "runtime_meta.h"
#include "util.h"

/* Bounds on what one group may cost us, whatever a container does. */
#define MAX_PIDS_PER_GROUP 4096
#define MAX_PROC_DEPTH 4
#define MAX_PROC_DIRS 64 /* child cgroups looked into for one group's processes */

/* Every this many ticks a cached cgroup is read in full: its limits, and
 * the files that were missing so far (a controller enabled later). */
#define FULL_READ_TICKS 16
#define NEVER_READ UINT64_MAX

/* How long a cgroup must have been read without its CPU usage moving
 * before the files only its own tasks move are skipped (CG_STILL_IF_IDLE):
 * the kernel flushes memory statistics every 2 s, so a last read this long
 * after its last run saw them whole. */
#define IDLE_SETTLE_NS (3 * UINT64_C(1000000000))

/* The open directories and files of one cgroup, kept from tick to tick
 * while its path and inode stay the same. Between full reads the
 * directories other than the one listing processes are parked (closed, see
 * CG_DIR_PARKED) and the limits are carried over. A light entry, made
 * when the descriptor budget is spent, holds no descriptor: its files are
 * opened by path each tick, and only the carried values are kept. */
struct group_cache {
	char *path;
	uint64_t ino;
	struct cg_dirs dirs;    /* none when light */
	bool light;
	uint8_t absent;         /* light: the DIR slots whose hierarchy lacked it at the last full read */
	uint64_t tick;          /* last tick it was seen */
	uint64_t full_tick;     /* last full read */
	struct cg_counters limits; /* the last full read: its limits and quiet counters carry over */
	size_t nfds;            /* descriptors it holds, as counted in fds_used */
	int32_t net_pid;        /* the process whose network namespace was read last, */
	uint64_t net_ino;       /* and that namespace, trusted until the next full read */
	struct cg_files *net_files; /* its net/{dev,snmp,netstat}, kept open; NULL if none */
	struct net_quiet net_quiet; /* their TCP counters while net/dev stands still */
	/* The last read: its counters carry for the files that stood still
	 * since (cg_dirs.still). */
	struct cg_counters last;
	bool has_last;
	uint64_t active_ns;    /* when its CPU usage was last seen moving (monotonic) */
	uint64_t idle_read_ns; /* when the files an idle cgroup skips were last read */
	uint64_t psi_parent[PSI_NRES]; /* the parent's PSI some totals when its own were last read */
	/* The processes last read, sorted, and whether the group had not run
	 * since the tick before that read: then no fork or exit can have
	 * slipped between that read and the counters', and the list holds for
	 * every later tick its CPU usage and pids.current stand still. */
	int32_t *pids;
	size_t npids, pids_cap;
	bool pids_still;
};

/* The key of a group's network files once their /proc/PID directory is closed. */
#define NET_FILES_KEY CG_DIR_PARKED(DIR_SLOTS_NET)
#define DIR_SLOTS_NET 7

struct collector {
	struct group_cache *cache; /* sorted by path */
	size_t ncache;
	uint64_t tick;
	uint64_t tick_start_ns; /* the sample's mono_ns */
	size_t fd_budget, fds_used;
	char *root;
	bool with_procs;
	bool live_root; /* the root is "/": our own process is in the tree */
	struct profiler *profiler;
	char *profiler_status;
	int procfd;
	struct cg_mounts *mounts;
	struct runtime_meta *meta;
	struct cg_files *host_files;     /* /proc's machine-wide files, kept open */
	struct cg_files *host_net_files; /* PID 1's net files, kept open like a group's */
	struct net_quiet host_net_quiet;
	uint64_t host_ns;                /* the host's namespace, trusted between full reads */
	uint64_t idle_settle_ns;
	struct psi_parents *psi_parents;
};

/* A network namespace already read this tick (pods share one). */
struct netns_seen {
	uint64_t inode;
	struct net_counters net;
};

/* Raises the soft descriptor limit to the hard one (allowed unprivileged)
 * and keeps a reserve for everything that is not a cached cgroup file. */
static size_t descriptor_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur > 1024 ? (size_t)(rl.rlim_cur - 512) : rl.rlim_cur / 2;
}

struct collector *collector_new(const struct collector_opts *opts, const char **err)
{
	const char *root = opts->root ? opts->root : "/";
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		*err = "cannot open the root directory";
		return NULL;
	}
	int procfd = openat(rootfd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(rootfd);
	if (procfd < 0) {
		*err = "no readable proc/ under the root directory";
		return NULL;
	}
	struct cg_mounts *mounts = cg_mounts_open(root);
	if (!mounts || cg_mounts_layout(mounts) == CG_LAYOUT_NONE) {
		cg_mounts_free(mounts);
		close(procfd);
		*err = "no cgroup hierarchy under sys/fs/cgroup in the root directory";
		return NULL;
	}
	if (opts->inode_map && cg_mounts_load_inode_map(mounts, opts->inode_map) < 0) {
		cg_mounts_free(mounts);
		close(procfd);
		*err = "cannot read the inode map";
		return NULL;
	}
	cg_mounts_set_lazy_procs(mounts, true);
	struct collector *c = xcalloc(1, sizeof(*c));
	c->root = xstrdup(root);
	c->with_procs = opts->with_procs;
	c->live_root = strcmp(root, "/") == 0;
	c->profiler = opts->profiler;
	c->profiler_status = opts->profiler_status ? xstrdup(opts->profiler_status) : NULL;
	c->fd_budget = descriptor_budget();
	c->procfd = procfd;
	c->mounts = mounts;
	c->meta = runtime_meta_new(root);
	c->host_files = cg_files_new();
	c->idle_settle_ns = opts->idle_settle_ns ? opts->idle_settle_ns : IDLE_SETTLE_NS;
	c->psi_parents = psi_parents_new();
	return c;
}

static void close_dirs(struct cg_dirs *d);

static size_t dirs_nfds(const struct cg_dirs *d);
static bool full_read_due(const struct collector *c, const struct group_cache *gc);

static void group_cache_clear(struct collector *c, struct group_cache *gc)
{
	c->fds_used -= gc->nfds;
	cg_files_free(gc->net_files);
	cg_files_free(gc->dirs.files);
	gc->dirs.files = NULL;
	close_dirs(&gc->dirs);
	free(gc->pids);
	free(gc->path);
}

void collector_free(struct collector *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ncache; i++)
		group_cache_clear(c, &c->cache[i]);
	free(c->cache);
	runtime_meta_free(c->meta);
	cg_files_free(c->host_files);
	cg_files_free(c->host_net_files);
	cg_mounts_free(c->mounts);
	psi_parents_free(c->psi_parents);
	close(c->procfd);
	free(c->profiler_status);
	free(c->root);
	free(c);
}

static int open_cgroup_dir(const struct collector *c, enum cg_hier h, const char *path)
{
	int rootfd = cg_mounts_fd(c->mounts, h);
	if (rootfd < 0)
		return -1;
	while (*path == '/')
		path++;
	if (!*path)
		return fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	return openat(rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The directory fds of D in slot order (CG_DIR_PARKED's numbering). */
#define DIR_SLOTS 7
static const enum cg_hier slot_hier[DIR_SLOTS] = {CG_HIER_UNIFIED, CG_HIER_CPU,   CG_HIER_CPUACCT, CG_HIER_CPUSET,
						  CG_HIER_MEMORY,  CG_HIER_BLKIO, CG_HIER_PIDS};
static void dir_slots(struct cg_dirs *d, int *slots[DIR_SLOTS])
{
	int *all[DIR_SLOTS] = {&d->unified, &d->cpu, &d->cpuacct, &d->cpuset, &d->memory, &d->blkio, &d->pids};
	memcpy(slots, all, sizeof(all));
}

static void open_dirs(const struct collector *c, const char *path, struct cg_dirs *d)
{
	struct cg_dirs none = CG_DIRS_NONE;
	*d = none;
	int *fds[DIR_SLOTS];
	dir_slots(d, fds);
	for (int i = 0; i < DIR_SLOTS; i++)
		*fds[i] = open_cgroup_dir(c, slot_hier[i], path);
}

static void close_dirs(struct cg_dirs *d)
{
	int *fds[DIR_SLOTS];
	dir_slots(d, fds);
	for (size_t i = 0; i < DIR_SLOTS; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

static size_t dirs_nfds(const struct cg_dirs *d)
{
	const int fds[] = {d->unified, d->cpu, d->cpuacct, d->cpuset, d->memory, d->blkio, d->pids};
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		n += fds[i] >= 0;
	return n;
}

/* The cached directories of NODE, opened (and cached while the budget
 * allows) if new. A same path with a new inode is a new cgroup. Returns
 * NULL when the dirs were opened uncached into *TMP (caller closes them). */
static struct group_cache *group_dirs(struct collector *c, const struct cg_node *node, struct cg_dirs *tmp)
{
	size_t lo = 0, hi = c->ncache;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->cache[mid].path, node->path);
		if (cmp == 0) {
			lo = mid;
			break;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Room for the directories and about twenty files. */
	bool room = c->fds_used + DIR_SLOTS + 24 <= c->fd_budget;
	if (lo < c->ncache && strcmp(c->cache[lo].path, node->path) == 0) {
		struct group_cache *gc = &c->cache[lo];
		/* A light entry takes descriptors at a full read once some are free. */
		if (gc->ino == node->ino && !(gc->light && room && full_read_due(c, gc))) {
			gc->tick = c->tick;
			return gc;
		}
		group_cache_clear(c, gc);
		memmove(gc, gc + 1, (c->ncache - lo - 1) * sizeof(*gc));
		c->ncache--;
	}
	struct cg_dirs none = CG_DIRS_NONE;
	*tmp = none;
	if (room || strlen(node->path) + NAME_MAX + 2 >= PATH_MAX) {
		/* A light entry names its files by path: one too long for that
		 * is read through its directories, uncached. */
		open_dirs(c, node->path, tmp);
		if (!room || dirs_nfds(tmp) == 0)
			return NULL;
	}
	c->cache = xrealloc(c->cache, (c->ncache + 1) * sizeof(*c->cache));
	struct group_cache *gc = &c->cache[lo];
	memmove(gc + 1, gc, (c->ncache - lo) * sizeof(*gc));
	c->ncache++;
	*gc = (struct group_cache){.path = xstrdup(node->path), .ino = node->ino, .dirs = *tmp, .light = !room,
				   .tick = c->tick, .full_tick = NEVER_READ};
	if (room)
		gc->dirs.files = cg_files_new();
	return gc;
}

static bool full_read_due(const struct collector *c, const struct group_cache *gc)
{
	return gc->full_tick == NEVER_READ || c->tick - gc->full_tick >= FULL_READ_TICKS;
}

/* Accounts the descriptors GC holds now in the collector's budget. */
static void group_fds_count(struct collector *c, struct group_cache *gc)
{
	c->fds_used -= gc->nfds;
	gc->nfds = dirs_nfds(&gc->dirs) + cg_files_nfds(gc->dirs.files) + cg_files_nfds(gc->net_files);
	c->fds_used += gc->nfds;
}

/* A light entry's directories: each hierarchy's root with the cgroup's path
 * (cg_dirs.path), minus the hierarchies a full read found without it. */
static void path_dirs(const struct collector *c, struct group_cache *gc, const char *path, bool full,
		      struct cg_dirs *d)
{
	while (*path == '/')
		path++;
	d->path = *path ? path : ".";
	int *fds[DIR_SLOTS];
	dir_slots(d, fds);
	for (int i = 0; i < DIR_SLOTS; i++) {
		int fd = cg_mounts_fd(c->mounts, slot_hier[i]);
		struct stat st;
		if (full && fd >= 0) {
			if (fstatat(fd, d->path, &st, 0) < 0)
				gc->absent |= 1u << i;
			else
				gc->absent &= ~(1u << i);
		}
		*fds[i] = fd >= 0 && !(gc->absent & (1u << i)) ? fd : -1;
	}
}


/* Closes the directories a tick between full reads does not need: all but
 * KEEP (the one whose cgroup.procs and children are read every tick). Their
 * open files stay, keyed by the parked sentinel. */
static void park_dirs(struct cg_dirs *d, int keep)
{
	int *fds[DIR_SLOTS];
	dir_slots(d, fds);
	for (int i = 0; i < DIR_SLOTS; i++)
		if (*fds[i] >= 0 && *fds[i] != keep) {
			cg_files_rekey(d->files, *fds[i], CG_DIR_PARKED(i));
			close(*fds[i]);
			*fds[i] = CG_DIR_PARKED(i);
		}
}

/* Reopens parked directories for a full read; one that is gone stays absent. */
static void unpark_dirs(const struct collector *c, const char *path, struct cg_dirs *d)
{
	int *fds[DIR_SLOTS];
	dir_slots(d, fds);
	for (int i = 0; i < DIR_SLOTS; i++)
		if (*fds[i] < -1) {
			int fd = open_cgroup_dir(c, slot_hier[i], path);
			cg_files_rekey(d->files, *fds[i], fd);
			*fds[i] = fd;
		}
	cg_files_retry_missing(d->files);
}

/* Limits change rarely; between full reads they are carried over. */
static void limits_save(struct cg_counters *to, const struct cg_counters *from)
{
	to->cpu_quota_us = from->cpu_quota_us;
	to->cpu_period_us = from->cpu_period_us;
	to->cpuset_cpus = from->cpuset_cpus;
	to->mem_limit = from->mem_limit;
	to->mem_high = from->mem_high;
	to->mem_swap = from->mem_swap;
	to->pids_max = from->pids_max;
}

/* Closes what belongs to cgroups not seen this tick. */
static void group_cache_evict(struct collector *c)
{
	size_t kept = 0;
	for (size_t i = 0; i < c->ncache; i++) {
		if (c->cache[i].tick == c->tick)
			c->cache[kept++] = c->cache[i];
		else
			group_cache_clear(c, &c->cache[i]);
	}
	c->ncache = kept;
}

/* The hierarchy whose cgroup.procs lists the group's processes: the unified
 * tree when there is one (hybrid too), else the first v1 tree that has it. */
static int procs_dir(const struct collector *c, const struct cg_dirs *d)
{
	if (d->unified >= 0 && cg_mounts_layout(c->mounts) != CG_LAYOUT_V1)
		return d->unified;
	int order[] = {d->pids, d->memory, d->cpuacct, d->cpu, d->blkio, d->cpuset};
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (order[i] >= 0)
			return order[i];
	return -1;
}

static void append_pids(const int32_t *found, size_t nfound, int32_t **pids, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < nfound && *n < MAX_PIDS_PER_GROUP; i++) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*pids = xrealloc(*pids, *cap * sizeof(**pids));
		}
		(*pids)[(*n)++] = found[i];
	}
}

/* Directories count their subdirectories in st_nlink (2 + children) on
 * cgroupfs as on disk: one fstat spares listing the leaves. */
static bool has_subdirs(int dirfd)
{
	struct stat st;
	return fstat(dirfd, &st) < 0 || st.st_nlink != 2;
}

/* collect_pids at DEPTH, with *DIRS_LEFT child cgroups still to look into. */
static void collect_pids_walk(int dirfd, struct cg_files *files, bool subtree, int depth, int *dirs_left,
			      int32_t **pids, size_t *n, size_t *cap)
{
	int32_t *found = NULL;
	size_t nfound = 0;
	if (files) {
		char buf[4096], *text;
		if (cg_files_read_text(files, dirfd, "cgroup.procs", buf, sizeof(buf), &text) >= 0)
			proc_parse_pid_list(text, false, MAX_PIDS_PER_GROUP, &found, &nfound);
		ktext_release(text, buf);
	} else {
		proc_read_pid_list(dirfd, "cgroup.procs", MAX_PIDS_PER_GROUP, &found, &nfound);
	}
	append_pids(found, nfound, pids, n, cap);
	free(found);
	if (!subtree || depth >= MAX_PROC_DEPTH || *n >= MAX_PIDS_PER_GROUP || *dirs_left <= 0 ||
	    !has_subdirs(dirfd))
		return;
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	struct dirent *de;
	while (*n < MAX_PIDS_PER_GROUP && *dirs_left > 0 && (de = readdir(dir))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		int child = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (child < 0)
			continue;
		(*dirs_left)--;
		collect_pids_walk(child, NULL, true, depth + 1, dirs_left, pids, n, cap);
		close(child);
	}
	closedir(dir);
}

/* Appends the pids of DIRFD's cgroup.procs and, when SUBTREE, of its
 * descendants (a container's processes may sit in child cgroups, e.g.
 * podman's container/), within bounds a container cannot push us past.
 * FILES (may be NULL) keeps DIRFD's own cgroup.procs open across ticks. */
static void collect_pids(int dirfd, struct cg_files *files, bool subtree, int32_t **pids, size_t *n, size_t *cap)
{
	int dirs_left = MAX_PROC_DIRS;
	collect_pids_walk(dirfd, files, subtree, 0, &dirs_left, pids, n, cap);
}

/* collect_pids for a light entry: REL/cgroup.procs under the hierarchy's
 * root ROOTFD; only a subtree to walk opens the directory. */
static void collect_pids_by_path(int rootfd, const char *rel, bool subtree, int32_t **pids, size_t *n, size_t *cap)
{
	if (subtree) {
		int fd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			collect_pids(fd, NULL, true, pids, n, cap);
			close(fd);
		}
		return;
	}
	char path[PATH_MAX];
	int len = snprintf(path, sizeof(path), "%s/cgroup.procs", rel);
	int32_t *found = NULL;
	size_t nfound = 0;
	if (len > 0 && (size_t)len < sizeof(path) &&
	    proc_read_pid_list(rootfd, path, MAX_PIDS_PER_GROUP, &found, &nfound) == 0)
		append_pids(found, nfound, pids, n, cap);
	free(found);
}

static int cmp_proc_pid(const void *a, const void *b)
{
	const struct proc_sample *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_pid(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static void read_procs(struct collector *c, struct group_sample *g, const int32_t *pids, size_t npids)
{
	g->procs = xcalloc(npids ? npids : 1, sizeof(*g->procs));
	for (size_t i = 0; i < npids; i++) {
		if (i > 0 && pids[i] == pids[i - 1])
			continue;
		struct proc_sample *p = &g->procs[g->nprocs];
		proc_sample_init(p);
		if (proc_read_pid(c->procfd, pids[i], p) < 0) {
			free(p->cmdline);
			continue;
		}
		g->nprocs++;
	}
	sort_array(g->procs, g->nprocs, sizeof(*g->procs), cmp_proc_pid);
}

static int netns_of(struct collector *c, int32_t pid, uint64_t *inode)
{
	char rel[32], link[64];
	snprintf(rel, sizeof(rel), "%d/ns/net", pid);
	ssize_t n = read_link_at(c->procfd, rel, link, sizeof(link));
	if (n < 0)
		return (int)n;
	return net_parse_ns_link(link, inode);
}

/* Reads the network figures of G's namespace from one of PIDS, once per
 * namespace per tick. A group in the host's namespace has no figures of its
 * own: the host row shows them. */
/* Reads PID's namespace counters through GC's open files when they are of
 * PID and no full read is due; else (re)opens them. Without GC, the plain way. */
/* Reads the counters of the namespace of the process whose /proc/PID is
 * DIRFD through files it then keeps open (keyed NET_FILES_KEY), or NULL. */
static struct cg_files *open_net_files(int dirfd, struct net_counters *net, struct net_quiet *q)
{
	struct cg_files *files = cg_files_new();
	q->valid = false;
	int r = net_read_counters_cached(files, dirfd, net, q);
	cg_files_rekey(files, dirfd, NET_FILES_KEY);
	if (r < 0) {
		cg_files_free(files);
		return NULL;
	}
	return files;
}

static int read_net_counters(struct collector *c, struct group_cache *gc, bool full, int32_t pid,
			     struct net_counters *net)
{
	uint64_t ino;
	if (!gc || gc->light)
		return net_read_ns(c->procfd, pid, &ino, net);
	if (gc->net_files && gc->net_pid == pid && !full &&
	    net_read_counters_cached(gc->net_files, NET_FILES_KEY, net, &gc->net_quiet) == 0)
		return 0;
	cg_files_free(gc->net_files);
	gc->net_files = NULL;
	char rel[16];
	snprintf(rel, sizeof(rel), "%" PRId32, pid);
	int dirfd = openat(c->procfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	gc->net_files = open_net_files(dirfd, net, &gc->net_quiet);
	close(dirfd);
	return gc->net_files ? 0 : net_read_ns(c->procfd, pid, &ino, net);
}

/* A process rarely changes namespace; GC (may be NULL) remembers the last
 * one seen between full reads, which saves a readlink per group per tick. */
static void read_net(struct collector *c, struct group_sample *g, const int32_t *pids, size_t npids,
		     uint64_t host_ns, struct netns_seen **seen, size_t *nseen, struct group_cache *gc, bool full)
{
	for (size_t i = 0; i < npids; i++) {
		uint64_t ino;
		if (gc && !full && gc->net_pid == pids[i] && gc->net_ino) {
			ino = gc->net_ino;
		} else {
			/* Without ptrace rights over the process its namespace
			 * cannot be named, but its counters can be read. */
			int r = netns_of(c, pids[i], &ino);
			if (r == -EACCES || r == -EPERM)
				ino = 0;
			else if (r < 0)
				continue;
			if (gc) {
				gc->net_pid = pids[i];
				gc->net_ino = ino;
				cg_files_free(gc->net_files);
				gc->net_files = NULL;
			}
		}
		g->netns_inode = ino;
		if (ino && ino == host_ns)
			return;
		for (size_t k = 0; ino && k < *nseen; k++)
			if ((*seen)[k].inode == ino) {
				g->net = (*seen)[k].net;
				g->net_present = true;
				return;
			}
		struct net_counters net;
		if (read_net_counters(c, gc, full, pids[i], &net) < 0)
			continue;
		if (ino) {
			*seen = xrealloc(*seen, (*nseen + 1) * sizeof(**seen));
			(*seen)[*nseen].inode = ino;
			(*seen)[*nseen].net = net;
			(*nseen)++;
		}
		g->net = net;
		g->net_present = true;
		return;
	}
}

/* The host's network counters, through kept files between full reads.
 * Returns the host's namespace inode (0 if unknown). */
static uint64_t read_host_net(struct collector *c, struct host_sample *h)
{
	bool full = c->tick % FULL_READ_TICKS == 0;
	if (c->host_net_files && !full &&
	    net_read_counters_cached(c->host_net_files, NET_FILES_KEY, &h->net, &c->host_net_quiet) == 0) {
		h->net_present = true;
		return c->host_ns;
	}
	cg_files_free(c->host_net_files);
	c->host_net_files = NULL;
	/* The host's namespace is PID 1's. Some sandboxes refuse its ns link
	 * even to root; we run in the host's namespace, so our own link names it. */
	uint64_t ino = 0;
	if (netns_of(c, 1, &ino) < 0 && c->live_root)
		netns_of(c, getpid(), &ino);
	c->host_ns = ino;
	int dirfd = openat(c->procfd, "1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd >= 0) {
		c->host_net_files = open_net_files(dirfd, &h->net, &c->host_net_quiet);
		close(dirfd);
	}
	h->net_present = c->host_net_files != NULL;
	if (!h->net_present) {
		uint64_t unused;
		h->net_present = net_read_ns(c->procfd, 0, &unused, &h->net) == 0;
	}
	return ino;
}

static void host_sample_init(struct host_sample *h)
{
	memset(h, 0, sizeof(*h));
	uint64_t *fields[] = {&h->cpu_user,     &h->cpu_nice,      &h->cpu_system,  &h->cpu_idle,
			      &h->cpu_iowait,   &h->cpu_irq,       &h->cpu_softirq, &h->cpu_steal,
			      &h->procs_running, &h->procs_blocked, &h->mem_total,   &h->mem_available,
			      &h->swap_total,   &h->swap_free,     &h->pgmajfault,  &h->oom_kill,
			      &h->disk_rbytes,  &h->disk_wbytes,   &h->disk_rios,   &h->disk_wios};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		*fields[i] = VAL_NONE;
	h->loadavg1 = NAN;
	net_counters_init(&h->net);
}

/* The files GC's read may leave to its last values this tick (between full
 * reads): see cg_dirs.still. PARENT_SOME: its parent's PSI totals now. */
static unsigned still_files(const struct collector *c, const struct group_cache *gc,
			    const uint64_t parent_some[PSI_NRES])
{
	unsigned still = 0;
	if (gc->idle_read_ns - gc->active_ns >= c->idle_settle_ns)
		still |= CG_STILL_IF_IDLE;
	const struct psi_raw *last[PSI_NRES] = {&gc->last.psi_cpu, &gc->last.psi_mem, &gc->last.psi_io};
	for (int i = 0; i < PSI_NRES; i++)
		if (parent_some[i] != VAL_NONE && parent_some[i] == gc->psi_parent[i] && psi_raw_at_rest(last[i]))
			still |= (unsigned)CG_STILL_PSI_CPU << i;
	return still;
}

/* After a read of GC's counters into C that left STILL to the last values,
 * at NOW: what the next tick compares with. */
static void still_update(struct group_cache *gc, const struct cg_counters *c, unsigned still,
			 const uint64_t parent_some[PSI_NRES], uint64_t now)
{
	bool idle = gc->has_last && cg_counters_idle(c, &gc->last);
	if (!idle)
		gc->active_ns = now;
	if (!idle || !(still & CG_STILL_IF_IDLE))
		gc->idle_read_ns = now;
	for (int i = 0; i < PSI_NRES; i++)
		if (!(still & ((unsigned)CG_STILL_PSI_CPU << i)))
			gc->psi_parent[i] = parent_some[i];
	gc->last = *c;
	gc->has_last = true;
}

/* The group's processes from its cgroup.procs (and its subtree's for a
 * group whose children are not rows of their own). */
static void group_pids(const struct cg_node *node, const struct cg_dirs *d, int pfd, bool light, int32_t **pids,
		       size_t *npids, size_t *cap)
{
	if (pfd >= 0 && light)
		collect_pids_by_path(pfd, d->path, !node->drop_if_empty, pids, npids, cap);
	else if (pfd >= 0)
		collect_pids(pfd, d->files, !node->drop_if_empty, pids, npids, cap);
}

/* A plain cgroup lists only its own processes, and one moved between it
 * and a child moves none of its subtree's counters: its list is kept only
 * while it has no child. REL: the light entry's path under PFD. */
static bool procs_dir_has_subdirs(int pfd, const char *rel)
{
	struct stat st;
	if (rel)
		return fstatat(pfd, rel, &st, 0) < 0 || st.st_nlink != 2;
	return has_subdirs(pfd);
}

/* Keeps the processes just read (sorted) for ticks that may reuse them;
 * STILL: the group had not run since the tick before. */
static void pids_keep(struct group_cache *gc, const int32_t *pids, size_t npids, bool still)
{
	if (npids > gc->pids_cap) {
		gc->pids_cap = npids;
		gc->pids = xrealloc(gc->pids, npids * sizeof(*gc->pids));
	}
	if (npids)
		memcpy(gc->pids, pids, npids * sizeof(*pids));
	gc->npids = npids;
	gc->pids_still = still;
}

/* Fills the next group of S from its node; returns false when the cgroup
 * vanished. */
static bool collect_group(struct collector *c, const struct cg_node *node, struct sample *s, uint64_t host_ns,
			  struct netns_seen **seen, size_t *nseen)
{
	struct group_sample *g = &s->groups[s->ngroups];
	enum cg_layout layout = cg_mounts_layout(c->mounts);
	struct cg_dirs tmp;
	struct group_cache *gc = group_dirs(c, node, &tmp);
	bool full = !gc || full_read_due(c, gc);
	bool light = gc && gc->light;
	struct cg_dirs *d = gc && !light ? &gc->dirs : &tmp;
	if (light)
		path_dirs(c, gc, node->path, full, d);
	/* Processes first, from the directory that stays open when the others
	 * are parked: a lazily walked cgroup without any is no row, and its
	 * counters need not be read nor its directories reopened. A plain
	 * cgroup's children are rows of their own: it is a row only for the
	 * processes it holds itself. A group whose list may be kept (see
	 * pids_keep) has its counters read first: they tell whether it holds. */
	int32_t *pids = NULL;
	size_t npids = 0, cap = 0;
	int pfd = procs_dir(c, d);
	bool reuse = gc && !full && gc->has_last && gc->pids_still && gc->npids > 0 && pfd >= 0 &&
		     (!node->drop_if_empty || !procs_dir_has_subdirs(pfd, light ? d->path : NULL));
	if (!reuse)
		group_pids(node, d, pfd, light, &pids, &npids, &cap);
	bool empty = !reuse && node->drop_if_empty && npids == 0;
	if (gc && !light && full && !empty)
		unpark_dirs(c, node->path, d);
	d->skip_limits = gc && !full;
	/* Only a cached group that is read carries anything. */
	uint64_t parent_some[PSI_NRES] = {VAL_NONE, VAL_NONE, VAL_NONE};
	if (gc && !empty)
		psi_parents_some(c->psi_parents, node->path, s, cg_mounts_fd(c->mounts, CG_HIER_UNIFIED),
				 parent_some);
	d->last = gc && gc->has_last && !full ? &gc->last : NULL;
	d->still = d->last ? still_files(c, gc, parent_some) : 0;
	cg_counters_init(&g->c);
	uint64_t read_ns = clock_monotonic_ns();
	g->read_offset_ns = read_ns - c->tick_start_ns;
	if (gc && !full)
		limits_save(&g->c, &gc->limits);
	int r = empty ? -ENOENT : cgroup_read_counters(d, layout, &g->c);
	unsigned still = d->still;
	d->last = NULL; /* it points into the cache, which moves */
	d->still = 0;
	/* Whether a task of the group may have been born, died or moved in or
	 * out since the last tick (pids.current counts migrations). */
	bool moved = !gc || !gc->has_last || !cg_counters_idle(&g->c, &gc->last) ||
		     g->c.pids_current == VAL_NONE || g->c.pids_current != gc->last.pids_current;
	if (reuse && r == 0 && !moved) {
		npids = cap = gc->npids;
		pids = xmalloc(npids * sizeof(*pids));
		memcpy(pids, gc->pids, npids * sizeof(*pids));
	} else if (reuse && r == 0) {
		reuse = false;
		group_pids(node, d, pfd, light, &pids, &npids, &cap);
		if (r == 0 && node->drop_if_empty && npids == 0)
			r = -ENOENT; /* emptied since: no row, as if read first */
	}
	/* A full read that read nothing (an empty cgroup) stays due: its
	 * limits are not known yet. */
	if (gc && full && r == 0) {
		if (gc->full_tick != NEVER_READ)
			cg_counters_drop_unseen_quiet(&g->c, &gc->limits, layout);
		gc->limits = g->c;
		gc->full_tick = c->tick;
	} else if (gc && !full) {
		cg_counters_carry_quiet(&g->c, &gc->limits);
	}
	if (gc && r == 0)
		still_update(gc, &g->c, still, parent_some, read_ns);
	if (r < 0) {
		if (gc && !light) {
			park_dirs(d, pfd);
			group_fds_count(c, gc);
		} else if (!gc) {
			close_dirs(&tmp);
		}
		if (gc)
			gc->npids = 0;
		free(pids);
		return false;
	}
	if (node->limit_subpath) {
		char *sub = xasprintf("%s/%s", node->path, node->limit_subpath);
		struct cg_dirs ld;
		open_dirs(c, sub, &ld);
		cgroup_read_limits_override(&ld, layout, &g->c);
		close_dirs(&ld);
		free(sub);
	}
	if (gc && !light)
		park_dirs(d, pfd);
	else if (!gc)
		close_dirs(&tmp);
	sort_array(pids, npids, sizeof(*pids), cmp_pid);
	if (gc && !reuse)
		pids_keep(gc, pids, npids, !moved);

	g->path = xstrdup(node->path);
	g->cgroup_id = node->ino;
	g->kind = node->kind;
	g->runtime = node->runtime;
	g->container_id = node->container_id ? xstrdup(node->container_id) : NULL;
	g->parent_path = node->parent_path ? xstrdup(node->parent_path) : NULL;

	read_net(c, g, pids, npids, host_ns, seen, nseen, gc, full);
	if (gc && !light)
		group_fds_count(c, gc);
	if (c->with_procs)
		read_procs(c, g, pids, npids);

	struct meta_info info = {0};
	runtime_meta_lookup(c->meta, node, npids ? pids[0] : 0, &info);
	g->name = info.name ? info.name : xstrdup(node->path);
	g->image = info.image;
	g->pod = info.pod;
	g->k8s_namespace = info.k8s_namespace;
	if (info.is_sandbox)
		g->kind = GROUP_SANDBOX;
	info.name = info.image = info.pod = info.k8s_namespace = NULL;
	meta_info_clear(&info);
	free(pids);
	return true;
}

int collector_sample(struct collector *c, struct sample **out)
{
	struct sample *s = sample_new();
	s->mono_ns = c->tick_start_ns = clock_monotonic_ns();
	s->real_ns = clock_realtime_ns();
	s->layout = cg_mounts_layout(c->mounts);
	host_sample_init(&s->host);
	proc_read_host(c->procfd, c->host_files, &s->host);
	uint64_t host_ns = read_host_net(c, &s->host);

	runtime_meta_refresh(c->meta);
	struct cg_node *nodes = NULL;
	size_t nnodes = 0;
	int r = cg_tree_scan(c->mounts, &nodes, &nnodes);
	if (r < 0) {
		sample_free(s);
		return r;
	}
	c->tick++;
	s->groups = xcalloc(nnodes ? nnodes : 1, sizeof(*s->groups));
	struct netns_seen *seen = NULL;
	size_t nseen = 0;
	psi_parents_tick(c->psi_parents, nodes, nnodes);
	for (size_t i = 0; i < nnodes; i++)
		if (collect_group(c, &nodes[i], s, host_ns, &seen, &nseen))
			s->ngroups++;
	free(seen);
	group_cache_evict(c);
	if (c->profiler && profiler_collect(c->profiler, &s->profile) < 0)
		s->profiler_status = xstrdup("the profiler's maps could not be read this tick");
	else if (!c->profiler)
		s->profiler_status = xstrdup(c->profiler_status ? c->profiler_status : "profiler not started");
	cg_nodes_free(nodes, nnodes);
	*out = s;
	return 0;
}
