/* cgroup_tree.c - see cgroup_tree.h. Owned by discovery and names.
 *
 * Layout detection opens each hierarchy root once; the walk then moves only
 * by openat() relative to the parent's fd, keeping the current path in one
 * fixed buffer, so a scan allocates only its walk state and the rows it
 * returns.
 * Classification looks at the last three path components only (pure,
 * fuzzed); the walk adds what needs the filesystem: whether a cgroup holds
 * processes, and podman+crun's `container/` child. */
#include "config.h"

#include "cgroup_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* Deeper cgroups are not visited: real trees are under 10 levels, and the
 * bound keeps the number of open directory fds and the recursion small. */
#define CG_MAX_DEPTH 32

struct ino_ent {
	char *key; /* "sys/fs/cgroup/<hierarchy dir>/<path>" as in inodes-tN.tsv */
	uint64_t ino;
};

struct cg_mounts {
	enum cg_layout layout;
	int fd[CG_HIER_MAX];
	/* The hierarchy's directory relative to ROOT ("sys/fs/cgroup/cpu,cpuacct"
	 * when cpu is a link to it): the inode map's key prefix. */
	char *mapname[CG_HIER_MAX];
	struct ino_ent *imap;
	size_t nimap;
	bool lazy_procs; /* cg_mounts_set_lazy_procs */
};

/* ---- layout ---- */

/* A v1 hierarchy root may be reached by several names (`cpu` is a link to
 * `cpu,cpuacct` on most distributions, or its own mount as on this
 * project's build machine). */
static const char *const v1_names[CG_HIER_MAX][3] = {
    [CG_HIER_CPU] = {"cpu", "cpu,cpuacct", "cpuacct,cpu"},
    [CG_HIER_CPUACCT] = {"cpuacct", "cpu,cpuacct", "cpuacct,cpu"},
    [CG_HIER_CPUSET] = {"cpuset"},
    [CG_HIER_MEMORY] = {"memory"},
    [CG_HIER_BLKIO] = {"blkio"},
    [CG_HIER_PIDS] = {"pids"},
    [CG_HIER_SYSTEMD] = {"systemd"},
};

static bool valid_component(const char *s)
{
	return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strchr(s, '/');
}

/* Opens hierarchy directory NAME under the cgroup mount point CGFD and
 * returns its fd, with the real directory name (link target) in REAL: the
 * inode map names directories, not links. read_link_at also accepts a link
 * stored as a file holding its target, as archived fixture trees keep them;
 * only a sibling name is followed. */
static int open_hier(int cgfd, const char *name, char *real, size_t realcap)
{
	char target[NAME_MAX + 1];
	if (read_link_at(cgfd, name, target, sizeof(target)) > 0 && valid_component(target))
		name = target;
	snprintf(real, realcap, "%s", name);
	return openat(cgfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static bool has_file(int dfd, const char *name)
{
	return faccessat(dfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

struct cg_mounts *cg_mounts_open(const char *root)
{
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return NULL;
	int cgfd = openat(rootfd, "sys/fs/cgroup", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int saved = errno;
	close(rootfd);
	if (cgfd < 0) {
		errno = saved;
		return NULL;
	}
	struct cg_mounts *m = xcalloc(1, sizeof(*m));
	for (int h = 0; h < CG_HIER_MAX; h++)
		m->fd[h] = -1;
	m->layout = CG_LAYOUT_NONE;

	if (has_file(cgfd, "cgroup.controllers")) {
		m->layout = CG_LAYOUT_V2;
		m->fd[CG_HIER_UNIFIED] = cgfd;
		m->mapname[CG_HIER_UNIFIED] = xstrdup("sys/fs/cgroup");
		return m;
	}

	char real[NAME_MAX + 1];
	int ufd = open_hier(cgfd, "unified", real, sizeof(real));
	if (ufd >= 0 && has_file(ufd, "cgroup.controllers")) {
		m->fd[CG_HIER_UNIFIED] = ufd;
		m->mapname[CG_HIER_UNIFIED] = xasprintf("sys/fs/cgroup/%s", real);
	} else if (ufd >= 0) {
		close(ufd);
	}
	bool any_v1 = false;
	for (int h = 0; h < CG_HIER_MAX; h++) {
		for (int i = 0; i < 3 && v1_names[h][i] && m->fd[h] < 0; i++) {
			int fd = open_hier(cgfd, v1_names[h][i], real, sizeof(real));
			if (fd < 0)
				continue;
			if (!has_file(fd, "cgroup.procs")) {
				close(fd);
				continue;
			}
			m->fd[h] = fd;
			m->mapname[h] = xasprintf("sys/fs/cgroup/%s", real);
			any_v1 = true;
		}
	}
	close(cgfd);
	if (m->fd[CG_HIER_UNIFIED] >= 0)
		m->layout = CG_LAYOUT_HYBRID;
	else if (any_v1)
		m->layout = CG_LAYOUT_V1;
	return m;
}

void cg_mounts_free(struct cg_mounts *m)
{
	if (!m)
		return;
	for (int h = 0; h < CG_HIER_MAX; h++) {
		if (m->fd[h] >= 0)
			close(m->fd[h]);
		free(m->mapname[h]);
	}
	for (size_t i = 0; i < m->nimap; i++)
		free(m->imap[i].key);
	free(m->imap);
	free(m);
}

enum cg_layout cg_mounts_layout(const struct cg_mounts *m)
{
	return m->layout;
}

void cg_mounts_set_lazy_procs(struct cg_mounts *m, bool lazy)
{
	m->lazy_procs = lazy;
}

int cg_mounts_fd(const struct cg_mounts *m, enum cg_hier h)
{
	return h < CG_HIER_MAX ? m->fd[h] : -1;
}

/* ---- fixture inode map ---- */

static int ino_ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ino_ent *)a)->key, ((const struct ino_ent *)b)->key);
}

int cg_mounts_load_inode_map(struct cg_mounts *m, const char *map_file)
{
	char *text;
	ssize_t len = read_file_alloc_at(AT_FDCWD, map_file, 64u << 20, &text);
	if (len < 0)
		return (int)len;
	struct ino_ent *map = NULL;
	size_t n = 0, cap = 0;
	for (char *line = text, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		char *tab = strrchr(line, '\t');
		uint64_t ino;
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		if (parse_u64(tab + 1, &ino) < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			map = xrealloc(map, cap * sizeof(*map));
		}
		map[n].key = xstrdup(line);
		map[n].ino = ino;
		n++;
	}
	free(text);
	sort_array(map, n, sizeof(*map), ino_ent_cmp);
	for (size_t i = 0; i < m->nimap; i++)
		free(m->imap[i].key);
	free(m->imap);
	m->imap = map;
	m->nimap = n;
	return 0;
}

/* The mapped inode of PATH in hierarchy H, or FALLBACK without a map entry. */
static uint64_t map_ino(const struct cg_mounts *m, enum cg_hier h, const char *path, uint64_t fallback)
{
	if (!m->nimap)
		return fallback;
	char key[PATH_MAX + 64];
	int n = snprintf(key, sizeof(key), "%s%s", m->mapname[h], strcmp(path, "/") == 0 ? "" : path);
	if (n < 0 || (size_t)n >= sizeof(key))
		return fallback;
	struct ino_ent probe = {.key = key};
	const struct ino_ent *e = bsearch(&probe, m->imap, m->nimap, sizeof(*m->imap), ino_ent_cmp);
	return e ? e->ino : fallback;
}

/* ---- classification (pure) ---- */

enum cls {
	CLS_PLAIN,    /* a row when it holds processes itself */
	CLS_PARENT,   /* slices, runtime parents, QoS levels, the root: never a row */
	CLS_EXCLUDED, /* conmon scopes: neither a row nor walked into */
	CLS_SERVICE,  /* a systemd unit: a row when it or its subtree holds processes */
	CLS_CONTAINER,
	CLS_POD,
};

enum qos { QOS_NONE, QOS_GUARANTEED, QOS_BURSTABLE, QOS_BESTEFFORT };
static const char *const qos_names[] = {NULL, "guaranteed", "burstable", "besteffort"};

struct span {
	const char *s;
	size_t n;
};

struct cls_info {
	enum cls cls;
	enum runtime runtime;
	struct span id; /* container id, LXC name, pod uid (k8s: as in the name) or unit */
	enum qos qos;
	size_t parent_len;  /* members of a pod: length of the pod's path, else 0 */
	struct span pod_id; /* members: the pod's uid span */
	enum runtime pod_runtime;
	enum qos pod_qos;
};

static bool span_eq(struct span a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && memcmp(a.s, lit, n) == 0;
}

static bool span_starts(struct span a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n >= n && memcmp(a.s, lit, n) == 0;
}

static bool span_ends(struct span a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n >= n && memcmp(a.s + a.n - n, lit, n) == 0;
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* "<64 hex>" exactly: what docker, podman, containerd and CRI-O use as ids. */
static bool is_id64(struct span a)
{
	return a.n == 64 && is_hex(a.s, 64);
}

/* PREFIX<64 hex>SUFFIX: sets *ID to the hex part. */
static bool match_id(struct span a, const char *prefix, const char *suffix, struct span *id)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	if (a.n != p + 64 + s || !span_starts(a, prefix) || !span_ends(a, suffix))
		return false;
	struct span h = {a.s + p, 64};
	if (!is_id64(h))
		return false;
	*id = h;
	return true;
}

/* A Kubernetes pod uid (8-4-4-4-12 hex) with SEP between the groups. */
static bool is_pod_uid(struct span a, char sep)
{
	if (a.n != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? a.s[i] != sep : !is_hex(a.s + i, 1))
			return false;
	}
	return true;
}

/* The last three components of PATH[0..LEN): c[0] the last. Missing ones
 * have n == 0. */
static void last_components(const char *path, size_t len, struct span c[3], size_t *dirlen)
{
	memset(c, 0, 3 * sizeof(*c));
	*dirlen = 0;
	size_t end = len;
	for (int i = 0; i < 3; i++) {
		while (end > 0 && path[end - 1] == '/')
			end--;
		if (end == 0)
			return;
		size_t start = end;
		while (start > 0 && path[start - 1] != '/')
			start--;
		c[i].s = path + start;
		c[i].n = end - start;
		if (i == 0)
			*dirlen = start > 1 ? start - 1 : (start == 1 ? 1 : 0);
		end = start;
	}
}

/* Kubernetes pod forms: kubelet's systemd driver ("kubepods-<qos>-pod<uid
 * with _>.slice", guaranteed "kubepods-pod<uid>.slice") and its cgroupfs
 * driver ("kubepods/<qos>/pod<uid>", guaranteed "kubepods/pod<uid>"). */
static bool match_k8s_pod(const struct span c[3], struct span *uid, enum qos *qos)
{
	struct span b = c[0];
	if (span_starts(b, "kubepods-") && span_ends(b, ".slice")) {
		struct span mid = {b.s + 9, b.n - 9 - 6};
		*qos = QOS_GUARANTEED;
		if (span_starts(mid, "burstable-")) {
			*qos = QOS_BURSTABLE;
			mid.s += 10, mid.n -= 10;
		} else if (span_starts(mid, "besteffort-")) {
			*qos = QOS_BESTEFFORT;
			mid.s += 11, mid.n -= 11;
		}
		if (!span_starts(mid, "pod"))
			return false;
		*uid = (struct span){mid.s + 3, mid.n - 3};
		return is_pod_uid(*uid, '_');
	}
	if (!span_starts(b, "pod"))
		return false;
	*uid = (struct span){b.s + 3, b.n - 3};
	if (!is_pod_uid(*uid, '-'))
		return false;
	if (span_eq(c[1], "kubepods")) {
		*qos = QOS_GUARANTEED;
		return true;
	}
	if (!span_eq(c[2], "kubepods"))
		return false;
	if (span_eq(c[1], "burstable"))
		*qos = QOS_BURSTABLE;
	else if (span_eq(c[1], "besteffort"))
		*qos = QOS_BESTEFFORT;
	else
		return false;
	return true;
}

static void set_container(struct cls_info *ci, enum runtime rt, struct span id)
{
	ci->cls = CLS_CONTAINER;
	ci->runtime = rt;
	ci->id = id;
}

/* The container forms; LOOK_UP allows a look at the parent (bare ids). */
static bool match_container(const char *path, size_t dirlen, const struct span c[3], struct cls_info *ci,
			    bool look_up);

static void classify_n(const char *path, size_t len, struct cls_info *ci, bool look_up)
{
	memset(ci, 0, sizeof(*ci));
	ci->cls = CLS_PLAIN;
	ci->runtime = RUNTIME_CGROUP;
	struct span c[3], id;
	size_t dirlen;
	enum qos qos;
	last_components(path, len, c, &dirlen);
	struct span b = c[0], parent = c[1];

	if (b.n == 0) {
		ci->cls = CLS_PARENT; /* the hierarchy root */
		return;
	}
	/* podman's and CRI-O's monitor processes: not containers, nor rows */
	if (span_starts(b, "libpod-conmon-") || span_starts(b, "crio-conmon-")) {
		ci->cls = CLS_EXCLUDED;
		return;
	}
	if (match_container(path, dirlen, c, ci, look_up)) {
		if (look_up && dirlen > 1) {
			struct cls_info pi;
			classify_n(path, dirlen, &pi, false);
			if (pi.cls == CLS_POD) {
				ci->parent_len = dirlen;
				ci->pod_id = pi.id;
				ci->pod_runtime = pi.runtime;
				ci->pod_qos = pi.qos;
			}
		}
		return;
	}
	if (match_k8s_pod(c, &id, &qos)) {
		ci->cls = CLS_POD;
		ci->runtime = RUNTIME_KUBERNETES;
		ci->id = id;
		ci->qos = qos;
		return;
	}
	/* podman pods: systemd manager, and cgroupfs (/libpod_parent/<pod id>) */
	if (match_id(b, "machine-libpod_pod_", ".slice", &id) ||
	    (span_eq(parent, "libpod_parent") && is_id64(b))) {
		ci->cls = CLS_POD;
		ci->runtime = RUNTIME_PODMAN;
		ci->id = is_id64(b) ? b : id;
		return;
	}
	if (span_ends(b, ".slice") || span_eq(b, "docker") || span_eq(b, "libpod_parent") ||
	    span_eq(b, "kubepods") || span_eq(b, "lxc") || span_eq(b, "lxc.payload") ||
	    (span_eq(parent, "kubepods") && (span_eq(b, "burstable") || span_eq(b, "besteffort")))) {
		ci->cls = CLS_PARENT;
		return;
	}
	if (span_ends(b, ".service") || span_ends(b, ".scope") || span_ends(b, ".mount") ||
	    span_ends(b, ".socket") || span_ends(b, ".swap")) {
		ci->cls = CLS_SERVICE;
		ci->runtime = RUNTIME_SYSTEMD;
		ci->id = b;
	}
}

static bool match_container(const char *path, size_t dirlen, const struct span c[3], struct cls_info *ci,
			    bool look_up)
{
	struct span b = c[0], parent = c[1], id;
	if (match_id(b, "docker-", ".scope", &id))
		set_container(ci, RUNTIME_DOCKER, id);
	else if (span_eq(parent, "docker") && is_id64(b))
		set_container(ci, RUNTIME_DOCKER, b);
	else if (match_id(b, "libpod-", ".scope", &id) || match_id(b, "libpod-", "", &id))
		set_container(ci, RUNTIME_PODMAN, id);
	else if (match_id(b, "cri-containerd-", ".scope", &id))
		set_container(ci, RUNTIME_CONTAINERD, id);
	else if (match_id(b, "crio-", ".scope", &id) || match_id(b, "crio-", "", &id))
		set_container(ci, RUNTIME_CRIO, id);
	else if (span_starts(b, "lxc.payload.") && b.n > 12)
		set_container(ci, RUNTIME_LXC, (struct span){b.s + 12, b.n - 12});
	else if (span_eq(parent, "lxc") || span_eq(parent, "lxc.payload"))
		set_container(ci, RUNTIME_LXC, b);
	else if (is_id64(b) && look_up && dirlen > 1) {
		/* kubelet's cgroupfs driver: containerd names the container by bare id */
		struct cls_info pi;
		classify_n(path, dirlen, &pi, false);
		if (pi.cls == CLS_POD && pi.runtime == RUNTIME_KUBERNETES)
			set_container(ci, RUNTIME_CONTAINERD, b);
	}
	return ci->cls == CLS_CONTAINER;
}

/* Kubernetes uids appear with '_' for '-' in systemd slice names. */
static char *pod_uid_dup(struct span uid, enum runtime rt)
{
	char *s = xstrndup(uid.s, uid.n);
	if (rt == RUNTIME_KUBERNETES)
		for (char *p = s; *p; p++)
			if (*p == '_')
				*p = '-';
	return s;
}

/* Fills NODE (all fields) from CI; PATH is the node's full path. */
static void materialize(const char *path, const struct cls_info *ci, uint64_t ino, struct cg_node *node)
{
	memset(node, 0, sizeof(*node));
	node->path = xstrdup(path);
	node->ino = ino;
	node->kind = GROUP_CGROUP;
	node->runtime = ci->runtime;
	switch (ci->cls) {
	case CLS_CONTAINER:
		node->kind = GROUP_CONTAINER;
		node->container_id = xstrndup(ci->id.s, ci->id.n);
		if (ci->parent_len) {
			node->parent_path = xstrndup(path, ci->parent_len);
			node->pod_uid = pod_uid_dup(ci->pod_id, ci->pod_runtime);
			if (ci->pod_qos)
				node->qos = xstrdup(qos_names[ci->pod_qos]);
		}
		break;
	case CLS_POD:
		node->kind = GROUP_POD;
		node->pod_uid = pod_uid_dup(ci->id, ci->runtime);
		if (ci->qos)
			node->qos = xstrdup(qos_names[ci->qos]);
		break;
	case CLS_SERVICE: {
		char *raw = xstrndup(ci->id.s, ci->id.n);
		node->kind = GROUP_SERVICE;
		node->unit = systemd_unescape(raw);
		free(raw);
		break;
	}
	default:
		node->runtime = RUNTIME_CGROUP;
		break;
	}
}

void cg_classify_path(const char *path, struct cg_node *node)
{
	struct cls_info ci;
	classify_n(path, strlen(path), &ci, true);
	materialize(path, &ci, 0, node);
}


char *systemd_unescape(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x') {
			int hi = hex_digit_value(s[i + 2]), lo = hex_digit_value(s[i + 3]);
			/* \x00 would end the string early: it stays as text */
			if (hi >= 0 && lo >= 0 && (hi | lo)) {
				*o++ = (char)(hi * 16 + lo);
				i += 3;
				continue;
			}
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* ---- the walk ---- */

struct walk {
	const struct cg_mounts *m;
	enum cg_hier h;
	char path[PATH_MAX]; /* the directory being visited, "" for the root */
	size_t plen;
	/* Subdirectory names of every directory on the current branch, as a
	 * stack of (uint64_t inode, NUL-terminated name) records: a directory is
	 * listed whole before its children are visited, so one fd is open per
	 * level only while it is read, and the buffers serve every directory
	 * of the scan. */
	char *names;
	size_t nlen, ncap;
	char dents[32768]; /* getdents64 buffer */
	struct cg_node *rows;
	size_t n, cap;
};

/* Below a systemd unit only containers and pods become rows (rootless
 * podman lives under user@UID.service); the rest counts toward the unit. */
enum walk_ctx { CTX_NORMAL, CTX_IN_UNIT };

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static struct cg_node *push_row(struct walk *w)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->rows = xrealloc(w->rows, w->cap * sizeof(*w->rows));
	}
	return &w->rows[w->n++];
}

/* Reads only the start of cgroup.procs: one pid is enough to know. */
static bool holds_procs(int dfd)
{
	char buf[16];
	return read_file_at(dfd, "cgroup.procs", buf, sizeof(buf)) > 0;
}

static void push_name(struct walk *w, uint64_t ino, const char *name, size_t len)
{
	size_t need = sizeof(ino) + len + 1;
	if (w->nlen + need > w->ncap) {
		w->ncap = w->ncap ? w->ncap * 2 : 4096;
		while (w->nlen + need > w->ncap)
			w->ncap *= 2;
		w->names = xrealloc(w->names, w->ncap);
	}
	memcpy(w->names + w->nlen, &ino, sizeof(ino));
	memcpy(w->names + w->nlen + sizeof(ino), name, len + 1);
	w->nlen += need;
}

/* Pushes the subdirectories of directory FD onto the name stack. getdents64
 * directly: readdir would allocate a DIR and add two syscalls per directory,
 * and a cgroup directory lists dozens of files for its few children. */
static void list_subdirs(struct walk *w, int fd)
{
	/* A directory's st_nlink is 2 + its subdirectories, on cgroupfs as on
	 * disk: most cgroups are leaves, and one fstat spares two getdents. */
	struct stat dst;
	if (fstat(fd, &dst) == 0 && dst.st_nlink == 2)
		return;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, w->dents, sizeof(w->dents));
		if (n <= 0) /* end, or the directory went away while read */
			return;
		for (long off = 0; off < n;) {
			const struct linux_dirent64 *de = (const void *)(w->dents + off);
			off += de->d_reclen;
			const char *name = de->d_name;
			if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
				continue;
			struct stat st;
			if (de->d_type != DT_DIR &&
			    (de->d_type != DT_UNKNOWN || fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			     !S_ISDIR(st.st_mode)))
				continue;
			push_name(w, de->d_ino, name, strlen(name));
		}
	}
}

static void emit(struct walk *w, const struct cls_info *ci, uint64_t d_ino)
{
	const char *path = w->plen ? w->path : "/";
	struct cg_node *node = push_row(w);
	materialize(path, ci, map_ino(w->m, w->h, path, d_ino), node);
}

/* podman + crun: the processes and the limits are in the child container/
 * of the directory NAME in FD. */
static bool has_container_child(int fd, const char *name)
{
	char rel[NAME_MAX + sizeof("/container")];
	struct stat st;
	snprintf(rel, sizeof(rel), "%s/container", name);
	return fstatat(fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* The caller reads cgroup.procs anyway: it drops the row if empty. Nothing
 * above a plain cgroup needs to know whether it holds processes (units walk
 * their subtree as CTX_IN_UNIT). */
static void emit_lazy(struct walk *w, const struct cls_info *ci, uint64_t d_ino)
{
	emit(w, ci, d_ino);
	w->rows[w->n - 1].drop_if_empty = true;
}

static bool walk_dir(struct walk *w, int fd, int depth, enum walk_ctx ctx, bool need_procs);

/* Walks the child directory CFD (owned) unless that would pass the depth
 * bound. */
static bool descend(struct walk *w, int cfd, int depth, enum walk_ctx ctx, bool need_procs)
{
	if (depth + 1 >= CG_MAX_DEPTH) {
		close(cfd);
		return false;
	}
	return walk_dir(w, cfd, depth + 1, ctx, need_procs);
}

/* Visits the subdirectories of the directory FD (owned: closed here) at
 * w->path. Returns true when one of them or their descendants holds
 * processes, which is only looked for while NEED_PROCS. */
static bool walk_dir(struct walk *w, int fd, int depth, enum walk_ctx ctx, bool need_procs)
{
	size_t first = w->nlen;
	list_subdirs(w, fd);
	size_t end = w->nlen, base = w->plen;
	bool any = false;
	for (size_t at = first; at < end;) {
		uint64_t ino;
		memcpy(&ino, w->names + at, sizeof(ino));
		const char *name = w->names + at + sizeof(ino);
		size_t nlen = strlen(name);
		at += sizeof(ino) + nlen + 1;
		if (base + 1 + nlen >= sizeof(w->path))
			continue;
		w->path[base] = '/';
		memcpy(w->path + base + 1, name, nlen + 1);
		w->plen = base + 1 + nlen;

		struct cls_info ci;
		classify_n(w->path, w->plen, &ci, true);
		if (ci.cls == CLS_EXCLUDED)
			goto next;
		bool lazy_plain = ci.cls == CLS_PLAIN && ctx == CTX_NORMAL && w->m->lazy_procs;
		if (lazy_plain) {
			/* Most of a farm of plain cgroups are leaves, and a leaf
			 * needs neither opening nor listing: one stat tells. */
			struct stat st;
			if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
				goto next;
			if (st.st_nlink == 2) {
				emit_lazy(w, &ci, ino);
				goto next;
			}
		}
		if (ci.cls == CLS_CONTAINER) {
			emit(w, &ci, ino);
			if (ci.runtime == RUNTIME_PODMAN && has_container_child(fd, name))
				w->rows[w->n - 1].limit_subpath = xstrdup("container");
			goto next;
		}
		int cfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (cfd < 0) /* vanished since it was listed: normal */
			goto next;
		bool own, sub, unit = ci.cls == CLS_SERVICE;
		switch (ci.cls) {
		case CLS_POD:
			emit(w, &ci, ino);
			descend(w, cfd, depth, CTX_NORMAL, false);
			break;
		case CLS_PARENT:
			any |= descend(w, cfd, depth, ctx, need_procs && !any);
			break;
		default: /* CLS_SERVICE, CLS_PLAIN */
			if (lazy_plain) {
				descend(w, cfd, depth, CTX_NORMAL, false);
				emit_lazy(w, &ci, ino);
				own = sub = true;
			} else if (ctx == CTX_NORMAL) {
				own = holds_procs(cfd);
				sub = descend(w, cfd, depth, unit ? CTX_IN_UNIT : CTX_NORMAL, unit && !own);
				if (own || (unit && sub))
					emit(w, &ci, ino);
			} else {
				own = need_procs && !any && holds_procs(cfd);
				sub = descend(w, cfd, depth, ctx, need_procs && !any && !own);
			}
			any |= own || sub;
			break;
		}
	next:
		w->path[base] = '\0';
		w->plen = base;
	}
	w->nlen = first;
	close(fd);
	return any;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cg_node *)a)->path, ((const struct cg_node *)b)->path);
}

static void node_clear(struct cg_node *n)
{
	free(n->path);
	free(n->container_id);
	free(n->pod_uid);
	free(n->qos);
	free(n->unit);
	free(n->parent_path);
	free(n->limit_subpath);
}

/* Walks hierarchy H and merges its rows into W->rows[0..*kept), which is
 * sorted: on pure v1 the same path recurs in several hierarchies, and the
 * first hierarchy's row (its inode) wins. */
static int walk_hier(struct walk *w, enum cg_hier h, size_t *kept)
{
	int fd = openat(w->m->fd[h], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w->h = h;
	w->plen = 0;
	w->path[0] = '\0';
	size_t start = w->n;
	walk_dir(w, fd, 0, CTX_NORMAL, false);
	size_t out = start;
	for (size_t i = start; i < w->n; i++) {
		if (*kept && bsearch(&w->rows[i], w->rows, *kept, sizeof(*w->rows), path_cmp)) {
			node_clear(&w->rows[i]);
			continue;
		}
		w->rows[out++] = w->rows[i];
	}
	w->n = out;
	if (w->n)
		sort_array(w->rows, w->n, sizeof(*w->rows), path_cmp);
	*kept = w->n;
	return 0;
}

int cg_tree_scan(const struct cg_mounts *m, struct cg_node **out, size_t *n)
{
	/* The unified tree holds every process on v2 and hybrid; pure v1 has no
	 * such tree, so the union of the hierarchies systemd and the runtimes
	 * populate stands in for it. */
	static const enum cg_hier v1_walk[] = {CG_HIER_CPU, CG_HIER_MEMORY, CG_HIER_BLKIO, CG_HIER_PIDS,
					       CG_HIER_SYSTEMD};
	struct walk *w = xcalloc(1, sizeof(*w));
	w->m = m;
	size_t kept = 0;
	int err = 0;
	if (m->layout == CG_LAYOUT_V2 || m->layout == CG_LAYOUT_HYBRID) {
		err = walk_hier(w, CG_HIER_UNIFIED, &kept);
	} else if (m->layout == CG_LAYOUT_V1) {
		for (size_t i = 0; i < ARRAY_SIZE(v1_walk) && !err; i++)
			if (m->fd[v1_walk[i]] >= 0)
				err = walk_hier(w, v1_walk[i], &kept);
	}
	if (err) {
		cg_nodes_free(w->rows, w->n);
		w->rows = NULL;
		w->n = 0;
	}
	*out = w->rows;
	*n = w->n;
	free(w->names);
	free(w);
	return err;
}

void cg_nodes_free(struct cg_node *nodes, size_t n)
{
	if (!nodes)
		return;
	for (size_t i = 0; i < n; i++)
		node_clear(&nodes[i]);
	free(nodes);
}
