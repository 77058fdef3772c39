/* test_cgroup_tree.c - layout detection, the walk and classification: every
 * runtime's path form, the four fixture trees against their expected.json,
 * hand-made trees (conmon scopes, empty units, services with processes
 * only in a child, rootless podman under user@.service, depth, a directory
 * vanishing between readdir and openat), and systemd unescaping. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_tree.h"
#include "json_parse.h"
#include "fixture_snapshot.h"
#include "tap.h"
#include "tmptree.h"
#include "util.h"

#define ID_A "4f165dd4940195b668bedaf6bf6ace5ac5550986d18f79ca75cc380f68427d73"
#define ID_B "742ce0ffa310655030464e04cc6ef54c2838d1fb74ec75440f708c674bbeb918"
#define UID_DASH "789d49f5-8492-4e1f-98fb-47ee1eb0dc87"
#define UID_US "789d49f5_8492_4e1f_98fb_47ee1eb0dc87"

/* Directories whose name contains this "vanish" between readdir and openat
 * (see openat below). */
static const char *vanish_name;

/* Interposes libc's openat for the whole test program: the walk must treat
 * a cgroup removed after readdir listed it as gone, not as an error. */
int openat(int dirfd, const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (vanish_name && strstr(path, vanish_name)) {
		errno = ENOENT;
		return -1;
	}
	return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

/* ---- classification ---- */

struct cls_case {
	const char *path;
	enum group_kind kind;
	enum runtime runtime;
	const char *id, *pod_uid, *qos, *unit, *parent;
};

static const struct cls_case cases[] = {
    /* docker: systemd driver, cgroupfs driver */
    {.path = "/system.slice/docker-" ID_A ".scope",
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_DOCKER,
     .id = ID_A},
    {.path = "/docker/" ID_A, .kind = GROUP_CONTAINER, .runtime = RUNTIME_DOCKER, .id = ID_A},
    /* podman: systemd manager, cgroupfs manager, pods of both */
    {.path = "/machine.slice/libpod-" ID_B ".scope",
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_PODMAN,
     .id = ID_B},
    {.path = "/libpod_parent/libpod-" ID_B, .kind = GROUP_CONTAINER, .runtime = RUNTIME_PODMAN, .id = ID_B},
    {.path = "/machine.slice/machine-libpod_pod_" ID_A ".slice",
     .kind = GROUP_POD,
     .runtime = RUNTIME_PODMAN,
     .pod_uid = ID_A},
    {.path = "/machine.slice/machine-libpod_pod_" ID_A ".slice/libpod-" ID_B ".scope",
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_PODMAN,
     .id = ID_B,
     .pod_uid = ID_A,
     .parent = "/machine.slice/machine-libpod_pod_" ID_A ".slice"},
    {.path = "/libpod_parent/" ID_A, .kind = GROUP_POD, .runtime = RUNTIME_PODMAN, .pod_uid = ID_A},
    {.path = "/libpod_parent/" ID_A "/libpod-" ID_B,
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_PODMAN,
     .id = ID_B,
     .pod_uid = ID_A,
     .parent = "/libpod_parent/" ID_A},
    {.path = "/machine.slice/libpod-conmon-" ID_B ".scope", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/libpod_parent/conmon", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    /* Kubernetes, systemd driver: QoS slices, pods, containerd and CRI-O scopes */
    {.path = "/kubepods.slice", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/kubepods.slice/kubepods-burstable.slice", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US ".slice",
     .kind = GROUP_POD,
     .runtime = RUNTIME_KUBERNETES,
     .pod_uid = UID_DASH,
     .qos = "burstable"},
    {.path = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_US ".slice",
     .kind = GROUP_POD,
     .runtime = RUNTIME_KUBERNETES,
     .pod_uid = UID_DASH,
     .qos = "besteffort"},
    {.path = "/kubepods.slice/kubepods-pod" UID_US ".slice",
     .kind = GROUP_POD,
     .runtime = RUNTIME_KUBERNETES,
     .pod_uid = UID_DASH,
     .qos = "guaranteed"},
    {.path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
	     ".slice/cri-containerd-" ID_A ".scope",
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_CONTAINERD,
     .id = ID_A,
     .pod_uid = UID_DASH,
     .qos = "burstable",
     .parent = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US ".slice"},
    {.path = "/kubepods.slice/kubepods-pod" UID_US ".slice/crio-" ID_A ".scope",
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_CRIO,
     .id = ID_A,
     .pod_uid = UID_DASH,
     .qos = "guaranteed",
     .parent = "/kubepods.slice/kubepods-pod" UID_US ".slice"},
    {.path = "/kubepods.slice/kubepods-pod" UID_US ".slice/crio-conmon-" ID_A ".scope",
     .kind = GROUP_CGROUP,
     .runtime = RUNTIME_CGROUP},
    {.path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice",
     .kind = GROUP_CGROUP,
     .runtime = RUNTIME_CGROUP},
    /* Kubernetes, cgroupfs driver */
    {.path = "/kubepods", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/kubepods/burstable", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/kubepods/burstable/pod" UID_DASH,
     .kind = GROUP_POD,
     .runtime = RUNTIME_KUBERNETES,
     .pod_uid = UID_DASH,
     .qos = "burstable"},
    {.path = "/kubepods/besteffort/pod" UID_DASH "/" ID_A,
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_CONTAINERD,
     .id = ID_A,
     .pod_uid = UID_DASH,
     .qos = "besteffort",
     .parent = "/kubepods/besteffort/pod" UID_DASH},
    {.path = "/kubepods/pod" UID_DASH,
     .kind = GROUP_POD,
     .runtime = RUNTIME_KUBERNETES,
     .pod_uid = UID_DASH,
     .qos = "guaranteed"},
    {.path = "/kubepods/pod" UID_DASH "/" ID_A,
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_CONTAINERD,
     .id = ID_A,
     .pod_uid = UID_DASH,
     .qos = "guaranteed",
     .parent = "/kubepods/pod" UID_DASH},
    {.path = "/kubepods/pod" UID_DASH "/crio-" ID_A,
     .kind = GROUP_CONTAINER,
     .runtime = RUNTIME_CRIO,
     .id = ID_A,
     .pod_uid = UID_DASH,
     .qos = "guaranteed",
     .parent = "/kubepods/pod" UID_DASH},
    {.path = "/other/pod" UID_DASH, .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/other/" ID_A, .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    /* LXC: LXC 4+ payload, legacy lxc/<name> */
    {.path = "/lxc.payload.web1", .kind = GROUP_CONTAINER, .runtime = RUNTIME_LXC, .id = "web1"},
    {.path = "/lxc/web2", .kind = GROUP_CONTAINER, .runtime = RUNTIME_LXC, .id = "web2"},
    {.path = "/lxc.payload/web3", .kind = GROUP_CONTAINER, .runtime = RUNTIME_LXC, .id = "web3"},
    {.path = "/lxc.monitor.web1", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    /* systemd units */
    {.path = "/init.scope", .kind = GROUP_SERVICE, .runtime = RUNTIME_SYSTEMD, .unit = "init.scope"},
    {.path = "/user.slice/user-0.slice/session-1.scope",
     .kind = GROUP_SERVICE,
     .runtime = RUNTIME_SYSTEMD,
     .unit = "session-1.scope"},
    {.path = "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service",
     .kind = GROUP_SERVICE,
     .runtime = RUNTIME_SYSTEMD,
     .unit = "serial-getty@ttyS0.service"},
    {.path = "/system.slice/foo\\x2dbar.service",
     .kind = GROUP_SERVICE,
     .runtime = RUNTIME_SYSTEMD,
     .unit = "foo-bar.service"},
    {.path = "/dev-mqueue.mount",
     .kind = GROUP_SERVICE,
     .runtime = RUNTIME_SYSTEMD,
     .unit = "dev-mqueue.mount"},
    {.path = "/system.slice/docker-abc.scope",
     .kind = GROUP_SERVICE,
     .runtime = RUNTIME_SYSTEMD,
     .unit = "docker-abc.scope"},
    {.path = "/system.slice", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    /* plain cgroups and odd input */
    {.path = "/process_api/904cddb8902c62c9a4988419b011f169",
     .kind = GROUP_CGROUP,
     .runtime = RUNTIME_CGROUP},
    {.path = "/docker/" ID_A "X", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "/docker/4F165DD4940195B668BEDAF6BF6ACE5AC5550986D18F79CA75CC380F68427D73",
     .kind = GROUP_CGROUP,
     .runtime = RUNTIME_CGROUP},
    {.path = "/", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP},
    {.path = "//docker//" ID_A "/", .kind = GROUP_CONTAINER, .runtime = RUNTIME_DOCKER, .id = ID_A},
};

static void test_classify(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct cls_case *c = &cases[i];
		struct cg_node *n = xcalloc(1, sizeof(*n));
		cg_classify_path(c->path, n);
		bool good = n->kind == c->kind && n->runtime == c->runtime;
		const char *want[] = {c->id, c->pod_uid, c->qos, c->unit, c->parent};
		const char *got[] = {n->container_id, n->pod_uid, n->qos, n->unit, n->parent_path};
		for (size_t k = 0; k < ARRAY_SIZE(want); k++)
			if (want[k] ? !got[k] || strcmp(want[k], got[k]) != 0 : got[k] != NULL)
				good = false;
		good = good && n->path && strcmp(n->path, c->path) == 0 && !n->limit_subpath;
		if (!ok(good, "classify %s", c->path))
			printf("#   got %s/%s id=%s pod=%s qos=%s unit=%s parent=%s\n",
			       group_kind_names[n->kind], runtime_names[n->runtime], n->container_id,
			       n->pod_uid, n->qos, n->unit, n->parent_path);
		cg_nodes_free(n, 1);
	}
}

static void test_unescape(void)
{
	static const char *const pairs[][2] = {
	    {"system-serial\\x2dgetty.slice", "system-serial-getty.slice"},
	    {"a\\x2Db", "a-b"},
	    {"plain@tty1.service", "plain@tty1.service"},
	    {"cut\\x2", "cut\\x2"},
	    {"bad\\xzz", "bad\\xzz"},
	    {"nul\\x00here", "nul\\x00here"},
	    {"end\\", "end\\"},
	    {"\\x5c\\x2d", "\\-"},
	    {"", ""},
	};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		char *u = systemd_unescape(pairs[i][0]);
		is_str(u, pairs[i][1], "systemd_unescape '%s'", pairs[i][0]);
		free(u);
	}
}

/* ---- hand-made trees ---- */

static char *tmpdir; /* the tree of the case at hand (tmptree.h) */

static char *tpath(const char *rel)
{
	return xasprintf("%s/%s", tmpdir, rel);
}

static void mkdirs(const char *rel)
{
	tmptree_mkdirs(tmpdir, rel);
}

static void put(const char *rel, const char *text)
{
	tmptree_put(tmpdir, rel, text);
}

/* A cgroup directory with its cgroup.procs. */
static void cg(const char *rel, const char *procs)
{
	char *dir = xasprintf("sys/fs/cgroup/%s", rel);
	char *file = xasprintf("%s/cgroup.procs", dir);
	mkdirs(dir);
	put(file, procs);
	free(dir);
	free(file);
}

static const struct cg_node *find(const struct cg_node *n, size_t k, const char *path)
{
	for (size_t i = 0; i < k; i++)
		if (strcmp(n[i].path, path) == 0)
			return &n[i];
	return NULL;
}

static bool sorted(const struct cg_node *n, size_t k)
{
	for (size_t i = 1; i < k; i++)
		if (strcmp(n[i - 1].path, n[i].path) >= 0)
			return false;
	return true;
}

static void rm_tree(void)
{
	tmptree_free(tmpdir);
	tmpdir = NULL;
}

static void test_handmade_v2(void)
{
	tmpdir = tmptree_new();
	cg("", "1\n2\n");
	put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
	cg("init.scope", "1\n");
	cg("machine.slice", "");
	cg("machine.slice/libpod-conmon-" ID_B ".scope", "300\n");
	cg("machine.slice/libpod-" ID_B ".scope", "");
	cg("machine.slice/libpod-" ID_B ".scope/container", "301\n");
	cg("libpod_parent", "");
	cg("libpod_parent/conmon", "400\n");
	cg("libpod_parent/libpod-" ID_A, "");
	cg("system.slice/empty.service", "");
	cg("system.slice/dev-hugepages.mount", "");
	cg("system.slice/with-child.service", "");
	cg("system.slice/with-child.service/udev", "500\n");
	cg("system.slice/with-child.service/udev/deeper", "");
	cg("system.slice/vanished-now.service", "600\n");
	cg("user.slice/user-1000.slice/user@1000.service", "700\n");
	cg("user.slice/user-1000.slice/user@1000.service/app.slice/app.service", "701\n");
	cg("user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A ".scope", "702\n");
	cg("docker/" ID_A "/nested", "800\n");
	cg("empty-plain", "");
	cg("process_api/x", "900\n");
	char deep[4 + 40 * 2 + 1] = "deep";
	for (int i = 0; i < 40; i++)
		strcat(deep, "/d");
	cg(deep, "1000\n");

	struct cg_mounts *m = cg_mounts_open(tmpdir);
	ok(m && cg_mounts_layout(m) == CG_LAYOUT_V2, "hand-made tree is v2");
	ok(cg_mounts_fd(m, CG_HIER_UNIFIED) >= 0 && cg_mounts_fd(m, CG_HIER_MEMORY) < 0,
	   "v2: only the unified fd");
	vanish_name = "vanished-now";
	struct cg_node *n;
	size_t k;
	ok(cg_tree_scan(m, &n, &k) == 0, "scan of the hand-made tree");
	vanish_name = NULL;
	static const char *const want[] = {
	    "/docker/" ID_A,
	    "/init.scope",
	    "/libpod_parent/conmon",
	    "/libpod_parent/libpod-" ID_A,
	    "/machine.slice/libpod-" ID_B ".scope",
	    "/process_api/x",
	    "/system.slice/with-child.service",
	    "/user.slice/user-1000.slice/user@1000.service",
	    "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A ".scope",
	};
	is_u64(k, ARRAY_SIZE(want), "rows of the hand-made tree");
	for (size_t i = 0; i < ARRAY_SIZE(want) && i < k; i++)
		is_str(n[i].path, want[i], "row %zu", i);
	ok(sorted(n, k), "rows sorted by path");
	const struct cg_node *c = find(n, k, "/libpod_parent/conmon");
	ok(c && c->kind == GROUP_CGROUP && c->runtime == RUNTIME_CGROUP,
	   "conmon is a plain cgroup, not a container");
	c = find(n, k, "/machine.slice/libpod-" ID_B ".scope");
	ok(c && c->limit_subpath && strcmp(c->limit_subpath, "container") == 0,
	   "crun's container/ child noted");
	c = find(n, k, "/libpod_parent/libpod-" ID_A);
	ok(c && c->kind == GROUP_CONTAINER && !c->limit_subpath, "empty container still a row, no subpath");
	c = find(n, k, "/docker/" ID_A);
	ok(c && c->kind == GROUP_CONTAINER, "container with processes only in a child");
	c = find(n, k, "/system.slice/with-child.service");
	ok(c && c->kind == GROUP_SERVICE && strcmp(c->unit, "with-child.service") == 0,
	   "service whose processes are in a child cgroup");
	c = find(n, k, "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A ".scope");
	ok(c && c->kind == GROUP_CONTAINER && c->runtime == RUNTIME_PODMAN,
	   "rootless podman under user@.service");
	ok(!find(n, k, "/system.slice/vanished-now.service"), "directory gone after readdir: skipped");
	ok(c && c->ino != 0, "inode from the directory entry without a map");
	cg_nodes_free(n, k);

	/* The same tree with the directory back: it is a row again. */
	ok(cg_tree_scan(m, &n, &k) == 0 && find(n, k, "/system.slice/vanished-now.service"),
	   "the unit is found when it is there");
	cg_nodes_free(n, k);
	cg_mounts_free(m);
	cg_mounts_free(NULL);
	rm_tree();
}

/* Pure v1 with real symlinks (cpu -> cpu,cpuacct), and hybrid. */
static void test_handmade_v1_hybrid(void)
{
	tmpdir = tmptree_new();
	static const char *const hiers[] = {"cpu,cpuacct", "memory", "pids", "systemd", "blkio"};
	for (size_t i = 0; i < ARRAY_SIZE(hiers); i++) {
		cg(hiers[i], "1\n");
		char *rel = xasprintf("%s/docker/%s", hiers[i], ID_A);
		cg(rel, "10\n");
		free(rel);
	}
	cg("memory/only-in-memory", "20\n");
	cg("systemd/system.slice/cron.service", "30\n");
	static const char *const links[] = {"sys/fs/cgroup/cpu", "sys/fs/cgroup/cpuacct"};
	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		char *path = tpath(links[i]);
		if (symlink("cpu,cpuacct", path) < 0)
			abort();
		free(path);
	}
	put("inodes.tsv",
	    "# path\tinode\nsys/fs/cgroup/cpu,cpuacct/docker/" ID_A "\t4242\n"
	    "sys/fs/cgroup/memory/docker/" ID_A "\t77\nsys/fs/cgroup/memory/only-in-memory\t55\n");

	struct cg_mounts *m = cg_mounts_open(tmpdir);
	ok(m && cg_mounts_layout(m) == CG_LAYOUT_V1, "v1 detected");
	ok(cg_mounts_fd(m, CG_HIER_UNIFIED) < 0 && cg_mounts_fd(m, CG_HIER_CPU) >= 0 &&
	       cg_mounts_fd(m, CG_HIER_CPUACCT) >= 0 && cg_mounts_fd(m, CG_HIER_CPUSET) < 0,
	   "v1 fds: cpu and cpuacct through links, no cpuset");
	char *map = tpath("inodes.tsv");
	ok(cg_mounts_load_inode_map(m, map) == 0, "inode map loaded");
	free(map);
	struct cg_node *n;
	size_t k;
	ok(cg_tree_scan(m, &n, &k) == 0, "v1 scan");
	is_u64(k, 3, "v1 rows: the union of the hierarchies, each path once");
	const struct cg_node *c = find(n, k, "/docker/" ID_A);
	is_u64(c ? c->ino : 0, 4242,
	       "v1 identity: the inode in the first hierarchy (cpu) through the link name");
	c = find(n, k, "/only-in-memory");
	is_u64(c ? c->ino : 0, 55, "a cgroup only in memory");
	ok(find(n, k, "/system.slice/cron.service") != NULL, "a unit only in name=systemd");
	cg_nodes_free(n, k);
	ok(cg_mounts_load_inode_map(m, "/nonexistent/map.tsv") == -ENOENT, "missing map -> -ENOENT");
	cg_mounts_free(m);

	/* add a unified tree: hybrid, walked alone */
	cg("unified", "1\n");
	put("sys/fs/cgroup/unified/cgroup.controllers", "");
	cg("unified/libpod_parent/libpod-" ID_B, "11\n");
	m = cg_mounts_open(tmpdir);
	ok(m && cg_mounts_layout(m) == CG_LAYOUT_HYBRID, "hybrid detected");
	ok(cg_mounts_fd(m, CG_HIER_UNIFIED) >= 0 && cg_mounts_fd(m, CG_HIER_MEMORY) >= 0,
	   "hybrid: unified and v1 fds");
	ok(cg_tree_scan(m, &n, &k) == 0 && k == 1 && strcmp(n[0].path, "/libpod_parent/libpod-" ID_B) == 0,
	   "hybrid walks the unified tree only");
	cg_nodes_free(n, k);
	cg_mounts_free(m);
	rm_tree();

	errno = 0;
	ok(cg_mounts_open("/nonexistent-root") == NULL && errno == ENOENT, "missing root -> NULL, ENOENT");
	tmpdir = tmptree_new();
	mkdirs("sys/fs/cgroup");
	m = cg_mounts_open(tmpdir);
	ok(m && cg_mounts_layout(m) == CG_LAYOUT_NONE, "empty sys/fs/cgroup -> layout none");
	ok(cg_tree_scan(m, &n, &k) == 0 && k == 0, "layout none scans to no rows");
	cg_nodes_free(n, k);
	cg_mounts_free(m);
	rm_tree();
}

/* ---- fixtures ---- */

/* What a fixture shows beyond its expected.json: the systemd units holding
 * processes, and rows expected.json leaves out (a podman pod's slice). */
struct fixture_rows {
	const char *const *units;
	size_t nunits;
	const char *pod_path; /* a podman pod row, or NULL */
	const char *pod_id;
};

/* The containers and pods of a scan must be exactly expected.json's (plus
 * EXTRA), with their runtimes, ids and pod links. */
static void check_fixture(const char *fixtures, const char *name, const char *snap, enum cg_layout layout,
			  const struct fixture_rows *extra)
{
	char *dir = xasprintf("%s/%s", fixtures, name);
	char *root = xasprintf("%s/%s", dir, snap);
	char *map = xasprintf("%s/inodes-%s.tsv", dir, snap);
	struct cg_mounts *m = cg_mounts_open(root);
	free(root);
	if (!ok(m != NULL, "%s/%s opens", name, snap)) {
		free(dir);
		free(map);
		return;
	}
	is_str(cg_layout_names[cg_mounts_layout(m)], cg_layout_names[layout], "%s layout", name);
	ok(cg_mounts_load_inode_map(m, map) == 0, "%s inode map", name);
	free(map);
	struct cg_node *n;
	size_t k;
	ok(cg_tree_scan(m, &n, &k) == 0, "%s/%s scan", name, snap);
	ok(sorted(n, k), "%s rows sorted by path", name);
	struct json_doc *doc = fixture_expected(dir);
	free(dir);
	const struct json_value *units = json_get(json_root(doc), "units");
	ok(units && units->type == JSON_ARRAY, "%s expected.json", name);

	size_t want_rows = extra->nunits;
	for (const struct json_value *u = units ? units->child : NULL; u; u = u->next) {
		const char *path = json_get_str(u, "cgroup"), *rt = json_get_str(u, "runtime");
		const char *ctype = json_get_str(u, "container_type");
		const struct cg_node *c = find(n, k, path);
		if (!ok(c != NULL, "%s: row %s", name, json_get_str(u, "name")))
			continue;
		if (strcmp(rt, "systemd") == 0) {
			ok(c->kind == GROUP_SERVICE, "%s: %s is a service", name, c->unit);
			continue; /* counted among SERVICES */
		}
		want_rows++;
		bool good = strcmp(runtime_names[c->runtime], rt) == 0;
		if (ctype && strcmp(ctype, "pod") == 0) {
			good = good && c->kind == GROUP_POD && !c->container_id && !c->parent_path;
		} else {
			const char *id = json_get_str(u, "container_id");
			good = good && c->kind == GROUP_CONTAINER && c->container_id &&
			       strlen(c->container_id) == 64 && strstr(path, c->container_id) &&
			       (!id || strcmp(id, c->container_id) == 0);
		}
		const struct json_value *id = json_get(u, "cgroup_id");
		if (id && id->type == JSON_NUMBER)
			good = good && c->ino == (uint64_t)id->num;
		const char *uid = json_get_str(u, "pod_uid"), *qos = json_get_str(u, "qos");
		if (uid)
			good = good && c->pod_uid && strcmp(uid, c->pod_uid) == 0;
		if (qos)
			good = good && c->qos && strcmp(qos, c->qos) == 0;
		if (ctype && strcmp(ctype, "pod") != 0) {
			/* a pod member links to its pod slice, the parent directory */
			const char *slash = strrchr(path, '/');
			good = good && c->parent_path && strlen(c->parent_path) == (size_t)(slash - path) &&
			       strncmp(c->parent_path, path, (size_t)(slash - path)) == 0;
		}
		/* crun put the limits in container/: expected.json names them so */
		const struct json_value *lim = json_get(u, "limits");
		bool crun = false;
		for (const struct json_value *l = lim ? lim->child : NULL; l; l = l->next)
			if (l->type == JSON_STRING && strncmp(l->str, "container/", 10) == 0)
				crun = true;
		if (crun)
			good = good && c->limit_subpath && strcmp(c->limit_subpath, "container") == 0;
		else if (c->runtime != RUNTIME_PODMAN)
			good = good && !c->limit_subpath;
		ok(good, "%s: %s classified as expected", name, json_get_str(u, "name"));
	}
	for (size_t i = 0; i < extra->nunits; i++) {
		const struct cg_node *c = find(n, k, extra->units[i]);
		ok(c && c->kind == GROUP_SERVICE && c->runtime == RUNTIME_SYSTEMD && c->unit &&
		       !strchr(c->unit, '\\'),
		   "%s: unit %s", name, extra->units[i]);
	}
	if (extra->pod_path) {
		const struct cg_node *c = find(n, k, extra->pod_path);
		ok(c && c->kind == GROUP_POD && c->runtime == RUNTIME_PODMAN &&
		       strcmp(c->pod_uid, extra->pod_id) == 0,
		   "%s: podman pod row", name);
		want_rows++;
	}
	is_u64(k, want_rows, "%s: exactly the expected rows (%zu)", name, want_rows);
	size_t conmon = 0;
	for (size_t i = 0; i < k; i++)
		if (strstr(n[i].path, "conmon"))
			conmon++;
	is_u64(conmon, 0, "%s: no conmon rows", name);
	json_free(doc);
	cg_nodes_free(n, k);
	cg_mounts_free(m);
}

static void test_fixtures(const char *fx)
{
	static const char *const v2_units[] = {
	    "/init.scope",
	    "/system.slice/batch-report.service",
	    "/system.slice/boxtop-capture.service",
	    "/system.slice/containerd.service",
	    "/system.slice/dbus.service",
	    "/system.slice/docker.service",
	    "/system.slice/system-getty.slice/getty@tty1.service",
	    "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service",
	    "/system.slice/systemd-journald.service",
	    "/system.slice/systemd-logind.service",
	    "/system.slice/systemd-udevd.service",
	};
	const struct fixture_rows v2 = {
	    v2_units, ARRAY_SIZE(v2_units),
	    "/machine.slice/"
	    "machine-libpod_pod_e66fe0630a46279a8ec692922418f1deb92783719045fb11fa85ffcf047edf88.slice",
	    "e66fe0630a46279a8ec692922418f1deb92783719045fb11fa85ffcf047edf88"};
	check_fixture(fx, "v2-systemd-docker-podman", "t1", CG_LAYOUT_V2, &v2);
	check_fixture(fx, "v2-systemd-docker-podman", "t0", CG_LAYOUT_V2, &v2);
	static const char *const v1_units[] = {
	    "/init.scope",
	    "/system.slice/boxtop-capture.service",
	    "/system.slice/containerd.service",
	    "/system.slice/dbus.service",
	    "/system.slice/docker.service",
	    "/system.slice/system-getty.slice/getty@tty1.service",
	    "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service",
	    "/system.slice/systemd-journald.service",
	    "/system.slice/systemd-logind.service",
	    "/system.slice/systemd-udevd.service",
	};
	const struct fixture_rows v1 = {v1_units, ARRAY_SIZE(v1_units), NULL, NULL};
	check_fixture(fx, "v1-cgroupfs-docker", "t1", CG_LAYOUT_V1, &v1);
	static const char *const k8s_units[] = {
	    "/init.scope",
	    "/system.slice/boxtop-capture.service",
	    "/system.slice/containerd.service",
	    "/system.slice/dbus.service",
	    "/system.slice/system-getty.slice/getty@tty1.service",
	    "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service",
	    "/system.slice/systemd-journald.service",
	    "/system.slice/systemd-logind.service",
	    "/system.slice/systemd-udevd.service",
	};
	const struct fixture_rows k8s = {k8s_units, ARRAY_SIZE(k8s_units), NULL, NULL};
	check_fixture(fx, "v2-kubernetes-containerd", "t1", CG_LAYOUT_V2, &k8s);

	/* identities from the inode maps (README tables) */
	char *root = xasprintf("%s/v2-systemd-docker-podman/t1", fx);
	char *map = xasprintf("%s/v2-systemd-docker-podman/inodes-t1.tsv", fx);
	struct cg_mounts *m = cg_mounts_open(root);
	struct cg_node *n;
	size_t k;
	cg_mounts_load_inode_map(m, map);
	free(root);
	free(map);
	cg_tree_scan(m, &n, &k);
	const struct cg_node *c = find(
	    n, k,
	    "/system.slice/docker-c85a35d32845df50feea48fe477583f4e43b838e6a7aa96f3be0788740e6ace5.scope");
	is_u64(c ? c->ino : 0, 2380, "web-throttled cgroup id 2380 from the map");
	c = find(n, k, "/system.slice/batch-report.service");
	is_u64(c ? c->ino : 0, 4215, "batch-report.service cgroup id 4215");
	cg_nodes_free(n, k);
	cg_mounts_free(m);

	root = xasprintf("%s/v1-cgroupfs-docker/t1", fx);
	map = xasprintf("%s/v1-cgroupfs-docker/inodes-t1.tsv", fx);
	m = cg_mounts_open(root);
	ok(m && cg_mounts_fd(m, CG_HIER_CPU) >= 0 && cg_mounts_fd(m, CG_HIER_CPUACCT) >= 0,
	   "v1 fixture: cpu and cpuacct (stored as files naming cpu,cpuacct) open");
	cg_mounts_load_inode_map(m, map);
	free(root);
	free(map);
	cg_tree_scan(m, &n, &k);
	c = find(n, k, "/docker/245628c7e0e671539f94ddb576436b11ae2f6c1999af8562a1a91ea3f72a9266");
	is_u64(c ? c->ino : 0, 801, "v1 cache-oom: inode in cpu,cpuacct (first walked hierarchy)");
	cg_nodes_free(n, k);
	cg_mounts_free(m);
}

static void test_hybrid_fixture(const char *fx)
{
	char *dir = xasprintf("%s/hybrid-podman/t1", fx);
	bool present = access(dir, F_OK) == 0;
	free(dir);
	if (!ok(present, "hybrid-podman fixture present"))
		return;
	const struct fixture_rows none = {NULL, 0, NULL, NULL};
	check_fixture(fx, "hybrid-podman", "t0", CG_LAYOUT_HYBRID, &none);
	check_fixture(fx, "hybrid-podman", "t1", CG_LAYOUT_HYBRID, &none);
}

/* The machine's own tree: whatever it is, it opens and scans cleanly. */
static void test_live(void)
{
	struct cg_mounts *m = cg_mounts_open("/");
	if (!m) {
		ok(1, "# SKIP no /sys/fs/cgroup here");
		return;
	}
	enum cg_layout want = CG_LAYOUT_NONE;
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0)
		want = CG_LAYOUT_V2;
	else if (access("/sys/fs/cgroup/unified/cgroup.controllers", F_OK) == 0)
		want = CG_LAYOUT_HYBRID;
	else if (access("/sys/fs/cgroup/memory/cgroup.procs", F_OK) == 0)
		want = CG_LAYOUT_V1;
	is_str(cg_layout_names[cg_mounts_layout(m)], cg_layout_names[want], "live layout");
	struct cg_node *n;
	size_t k;
	ok(cg_tree_scan(m, &n, &k) == 0 && sorted(n, k), "live scan (%zu rows)", k);
	bool ids = true;
	for (size_t i = 0; i < k; i++)
		if (want != CG_LAYOUT_V1 && n[i].ino == 0)
			ids = false;
	ok(ids, "live rows carry cgroup ids");
	cg_nodes_free(n, k);
	cg_mounts_free(m);
}

int main(void)
{
	test_classify();
	test_unescape();
	test_handmade_v2();
	test_handmade_v1_hybrid();
	const char *fx = getenv("FIXTURES");
	if (fx) {
		test_fixtures(fx);
		test_hybrid_fixture(fx);
	} else {
		ok(1, "# SKIP FIXTURES not set");
	}
	test_live();
	return tap_done();
}
