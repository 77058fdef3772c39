/* test_runtime_meta.c - names, images and pods from the runtimes' files:
 * the three fixtures against expected.json, the caches (nothing re-read
 * while a file's stamp holds), kubelet's name splitters, the hostname
 * fallback on hand-made hostile container roots, and missing or corrupt
 * runtime files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_tree.h"
#include "json_parse.h"
#include "runtime_meta.h"
#include "fixture_snapshot.h"
#include "tap.h"
#include "tmptree.h"
#include "util.h"

#define ID_A "4f165dd4940195b668bedaf6bf6ace5ac5550986d18f79ca75cc380f68427d73"

static const struct cg_node *find(const struct cg_node *n, size_t k, const char *path)
{
	for (size_t i = 0; i < k; i++)
		if (strcmp(n[i].path, path) == 0)
			return &n[i];
	return NULL;
}

static bool str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Every unit of expected.json gets its name, and its pod and namespace
 * where expected.json gives them; sandboxes are flagged. */
static void check_fixture(const char *fx, const char *name, const char *image)
{
	char *dir = xasprintf("%s/%s", fx, name);
	char *root = xasprintf("%s/t1", dir);
	struct cg_mounts *m = cg_mounts_open(root);
	struct runtime_meta *rm = runtime_meta_new(root);
	struct cg_node *n = NULL;
	size_t k = 0;
	ok(m && cg_tree_scan(m, &n, &k) == 0, "%s: scanned", name);
	struct json_doc *doc = fixture_expected(dir);
	const struct json_value *units = json_get(json_root(doc), "units");
	ok(units != NULL, "%s: expected.json", name);
	for (int pass = 0; pass < 2; pass++) {
		/* the second pass is served from the caches */
		runtime_meta_refresh(rm);
		for (const struct json_value *u = units ? units->child : NULL; u; u = u->next) {
			const char *want = json_get_str(u, "name"),
				   *ctype = json_get_str(u, "container_type");
			const struct cg_node *c = find(n, k, json_get_str(u, "cgroup"));
			if (!c) {
				ok(0, "%s: %s has a row", name, want);
				continue;
			}
			struct meta_info mi;
			runtime_meta_lookup(rm, c, 0, &mi);
			bool good = str_eq(mi.name, want);
			if (json_get(u, "pod"))
				good = good && str_eq(mi.pod, json_get_str(u, "pod")) &&
				       str_eq(mi.k8s_namespace, json_get_str(u, "namespace"));
			/* podman's infra container is its pod's sandbox */
			bool sandbox = str_eq(ctype, "sandbox") || (want && strstr(want, "-infra"));
			good = good && mi.is_sandbox == sandbox;
			if (c->kind == GROUP_CONTAINER && !sandbox)
				good = good && str_eq(mi.image, image);
			if (!ok(good, "%s pass %d: %s", name, pass, want))
				printf("#   got name '%s' pod '%s' ns '%s' image '%s' sandbox %d\n", mi.name,
				       mi.pod, mi.k8s_namespace, mi.image, mi.is_sandbox);
			meta_info_clear(&mi);
		}
	}
	json_free(doc);
	cg_nodes_free(n, k);
	cg_mounts_free(m);
	runtime_meta_free(rm);
	free(root);
	free(dir);
}

/* What expected.json does not spell out: podman's pod, its infra container,
 * the units and plain cgroups. */
static void check_v2_extras(const char *fx)
{
	char *root = xasprintf("%s/v2-systemd-docker-podman/t1", fx);
	struct cg_mounts *m = cg_mounts_open(root);
	struct runtime_meta *rm = runtime_meta_new(root);
	struct cg_node *n;
	size_t k;
	cg_tree_scan(m, &n, &k);
	struct meta_info mi;
	const char *pod =
	    "/machine.slice/"
	    "machine-libpod_pod_e66fe0630a46279a8ec692922418f1deb92783719045fb11fa85ffcf047edf88"
	    ".slice";
	runtime_meta_lookup(rm, find(n, k, pod), 0, &mi);
	ok(str_eq(mi.name, "pod-web") && str_eq(mi.pod, "pod-web") && !mi.is_sandbox,
	   "podman pod named from its infra container's hostname");
	meta_info_clear(&mi);
	char *infra = xasprintf(
	    "%s/libpod-e63cffbee41d4cf3e84406078e4d6d239369229bff24b2373568713ef554a8c6.scope", pod);
	runtime_meta_lookup(rm, find(n, k, infra), 0, &mi);
	ok(str_eq(mi.name, "e66fe0630a46-infra") && mi.is_sandbox && str_eq(mi.pod, "pod-web") &&
	       str_eq(mi.image, "localhost/podman-pause:4.3.1-0"),
	   "infra container: sandbox of pod-web, pause image");
	meta_info_clear(&mi);
	free(infra);
	char *app = xasprintf(
	    "%s/libpod-8f8d7a4b8987344bbc73aec1de4f2ef4063ac2ac2f43f98d9f11f16af227a8d3.scope", pod);
	runtime_meta_lookup(rm, find(n, k, app), 0, &mi);
	ok(str_eq(mi.pod, "pod-web") && !mi.is_sandbox, "pod member: pod via its SandboxID annotation");
	meta_info_clear(&mi);
	free(app);
	runtime_meta_lookup(
	    rm, find(n, k, "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service"), 0, &mi);
	ok(str_eq(mi.name, "serial-getty@ttyS0.service") && !mi.image, "unit named by its unescaped name");
	meta_info_clear(&mi);

	struct cg_node plain = {
	    .path = "/libpod_parent/conmon", .kind = GROUP_CGROUP, .runtime = RUNTIME_CGROUP};
	runtime_meta_lookup(rm, &plain, 0, &mi);
	ok(str_eq(mi.name, "/libpod_parent/conmon"), "plain cgroup named by its path");
	meta_info_clear(&mi);
	struct cg_node lxc = {.path = "/lxc.payload.web1",
			      .kind = GROUP_CONTAINER,
			      .runtime = RUNTIME_LXC,
			      .container_id = "web1"};
	runtime_meta_lookup(rm, &lxc, 0, &mi);
	ok(str_eq(mi.name, "web1"), "LXC container named by its name");
	meta_info_clear(&mi);
	struct cg_node bad = {.path = "/docker/../../etc",
			      .kind = GROUP_CONTAINER,
			      .runtime = RUNTIME_DOCKER,
			      .container_id = "../../../etc"};
	runtime_meta_lookup(rm, &bad, 0, &mi);
	ok(str_eq(mi.name, "/docker/../../etc"), "a non-hex id is never used as a path");
	meta_info_clear(&mi);
	cg_nodes_free(n, k);
	cg_mounts_free(m);
	runtime_meta_free(rm);
	runtime_meta_free(NULL);
	free(root);
}

/* ---- kubelet names ---- */

static void test_splitters(void)
{
	struct k8s_log_name ln;
	ok(k8s_split_log_name("web-7d9f8-abcde_default_log-shipper-"
			      "5f1f7bd96e56be6c3257bbe2d5685ca717a8d0603f17444bda202bc69c2b9087.log",
			      &ln) == 0 &&
	       str_eq(ln.pod, "web-7d9f8-abcde") && str_eq(ln.ns, "default") &&
	       str_eq(ln.container, "log-shipper") &&
	       str_eq(ln.id, "5f1f7bd96e56be6c3257bbe2d5685ca717a8d0603f17444bda202bc69c2b9087"),
	   "log name split on '_' with the id after the last '-'");
	ok(k8s_split_log_name("db.example-0_kube-system_c-" ID_A ".log", &ln) == 0 &&
	       str_eq(ln.pod, "db.example-0"),
	   "pod names may hold dots");
	static const char *const bad[] = {
	    "a_b_c.log",
	    "a_b_c-" ID_A,
	    "a_b-" ID_A ".log",
	    "a_b_c_d-" ID_A ".log",
	    "_b_c-" ID_A ".log",
	    "a__c-" ID_A ".log",
	    "a_b_-" ID_A ".log",
	    "A_b_c-" ID_A ".log",
	    "a_b_c" ID_A ".log",
	    "a_b.x_c-" ID_A ".log",
	    "a_b_c-4F165DD4940195B668BEDAF6BF6ACE5AC5550986D18F79CA75CC380F68427D73.log",
	    "a_b_c-" ID_A "0.log",
	    "../x_b_c-" ID_A ".log",
	    "",
	    ".log",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ok(k8s_split_log_name(bad[i], &ln) == -EINVAL, "log name rejected: '%s'", bad[i]);
	char longpod[400];
	memset(longpod, 'a', 300);
	snprintf(longpod + 300, sizeof(longpod) - 300, "_ns_c-%s.log", ID_A);
	ok(k8s_split_log_name(longpod, &ln) == -EINVAL, "pod name longer than a DNS subdomain rejected");

	struct k8s_pod_dir pd;
	ok(k8s_split_pod_dir("shop_queue-worker-6f5d4-zx9vq_b90c6931-a70d-4bbf-8b5f-ce937771ca30", &pd) ==
		   0 &&
	       str_eq(pd.ns, "shop") && str_eq(pd.pod, "queue-worker-6f5d4-zx9vq") &&
	       str_eq(pd.uid, "b90c6931-a70d-4bbf-8b5f-ce937771ca30"),
	   "pod directory split");
	static const char *const badpods[] = {
	    "shop_db-0",
	    "shop_db-0_8fae2ea8-a959-4f5f-97a6",
	    "shop_db-0_8fae2ea8_a959_4f5f_97a6_c6d3c6afda2f",
	    "shop_db_0_8fae2ea8-a959-4f5f-97a6-c6d3c6afda2f",
	    "Shop_db-0_8fae2ea8-a959-4f5f-97a6-c6d3c6afda2f",
	    "shop_db-0_8fae2ea8-a959-4f5f-97a6-c6d3c6afda2g",
	    "",
	};
	for (size_t i = 0; i < ARRAY_SIZE(badpods); i++)
		ok(k8s_split_pod_dir(badpods[i], &pd) == -EINVAL, "pod directory rejected: '%s'", badpods[i]);
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

static void put_n(const char *rel, const char *text, size_t len)
{
	tmptree_put_n(tmpdir, rel, text, len);
}

static void put(const char *rel, const char *text)
{
	tmptree_put(tmpdir, rel, text);
}

static void link_at(const char *target, const char *rel)
{
	char *path = tpath(rel);
	if (symlink(target, path) < 0)
		abort();
	free(path);
}

static void rm_file(const char *rel)
{
	char *path = tpath(rel);
	unlink(path);
	free(path);
}

static void rm_tree(void)
{
	tmptree_free(tmpdir);
	tmpdir = NULL;
}

static void new_tree(void)
{
	tmpdir = tmptree_new();
}

/* A docker container row with id "<c repeated>". */
static struct cg_node docker_node(char c, char *id)
{
	memset(id, c, 64);
	id[64] = '\0';
	struct cg_node n = {
	    .kind = GROUP_CONTAINER, .runtime = RUNTIME_DOCKER, .container_id = id, .path = "/docker/x"};
	return n;
}

static char *name_of(struct runtime_meta *rm, const struct cg_node *n, int32_t pid)
{
	struct meta_info mi;
	runtime_meta_lookup(rm, n, pid, &mi);
	char *name = mi.name;
	mi.name = NULL;
	meta_info_clear(&mi);
	return name;
}

static bool have_openat2(void)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "Bail out! hostname fallback hung\n";
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

static void test_hostname_fallback(void)
{
	if (!have_openat2()) {
		ok(1, "# SKIP openat2 unavailable: the fallback refuses to read (checked below)");
	}
	new_tree();
	/* a host file the containers must not be able to point at */
	put("host-secret", "escaped\n");
	put("etc/hostname", "hostroot\n");
	put("proc/100/root/etc/hostname", "inner-host\n");
	mkdirs("proc/101/root/etc");
	link_at("/../../../../host-secret", "proc/101/root/etc/hostname");
	put("proc/102/root/etc/real-name", "inside-link\n");
	link_at("/etc/real-name", "proc/102/root/etc/hostname");
	mkdirs("proc/103/root/etc");
	char *fifo = tpath("proc/103/root/etc/hostname");
	if (mkfifo(fifo, 0644) < 0)
		abort();
	free(fifo);
	char *big = xmalloc(100000);
	memset(big, 'a', 100000);
	put_n("proc/104/root/etc/hostname", big, 100000);
	free(big);
	put("proc/105/root/etc/hostname", "evil\x1b[31mred\n");
	put("proc/106/root/etc/hostname", "has space\n");
	mkdirs("proc/107/root/etc/hostname");
	mkdirs("proc/109/root/etc");
	link_at("../../../../../../etc/hostname", "proc/109/root/etc/hostname");
	mkdirs("proc/110/root/etc");
	link_at("/proc/self/root/etc/hostname", "proc/110/root/etc/hostname");
	put("proc/111/root/etc/hostname", "");
	put("proc/112/root/etc/hostname", "first-line\nsecond\n");

	struct runtime_meta *rm = runtime_meta_new(tmpdir);
	char id[65];
	struct cg_node n = docker_node('a', id);
	signal(SIGALRM, on_alarm);
	alarm(20);
	struct {
		int32_t pid;
		const char *want;
		const char *why;
	} cases[] = {
	    {100, "inner-host", "plain /etc/hostname of the container"},
	    {101, NULL, "absolute link with .. stays inside the container root"},
	    {102, "inside-link", "absolute link resolved inside the container root"},
	    {103, NULL, "FIFO refused without blocking"},
	    {104, NULL, "oversized file refused"},
	    {105, NULL, "control characters refused"},
	    {106, NULL, "spaces refused"},
	    {107, NULL, "directory refused"},
	    {108, NULL, "process without a root"},
	    {109, NULL, "relative .. link cannot climb out"},
	    {110, NULL, "magic /proc link refused"},
	    {111, NULL, "empty file"},
	    {112, "first-line", "first line only"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		/* a fresh id per case: the fallback is cached per container */
		n = docker_node((char)('a' + (char)(i % 6)), id);
		id[0] = (char)('0' + (char)(i % 10));
		id[1] = (char)('0' + (char)(i / 10));
		char *name = name_of(rm, &n, cases[i].pid);
		const char *want = cases[i].want && have_openat2() ? cases[i].want : NULL;
		char shortid[13];
		snprintf(shortid, sizeof(shortid), "%.12s", id);
		is_str(name, want ? want : shortid, "hostname fallback: %s", cases[i].why);
		free(name);
	}
	alarm(0);
	/* cached per container: a second lookup through the same pid reads nothing */
	n = docker_node('b', id);
	char *first = name_of(rm, &n, 100);
	rm_file("proc/100/root/etc/hostname");
	char *second = name_of(rm, &n, 100);
	ok(str_eq(first, second), "hostname cached per container and pid");
	free(first);
	free(second);
	char *zero = name_of(rm, &n, 0);
	ok(str_eq(zero, have_openat2() ? "inner-host" : "bbbbbbbbbbbb"), "pid 0 keeps the cached hostname");
	free(zero);
	runtime_meta_free(rm);
	rm_tree();
}

/* ---- missing, corrupt, hostile and changing runtime files ---- */

static void test_corrupt(void)
{
	new_tree();
	char id[65], *rel, *name;
	struct runtime_meta *rm = runtime_meta_new(tmpdir);
	struct cg_node n = docker_node('c', id);
	name = name_of(rm, &n, 0);
	is_str(name, "cccccccccccc", "no config.v2.json: short id");
	free(name);

	rel = xasprintf("var/lib/docker/containers/%s/config.v2.json", id);
	static const char *const corrupt[] = {
	    "",
	    "{",
	    "{\"Name\":",
	    "{\"Name\":42}",
	    "[\"/web\"]",
	    "{\"Name\":\"/\"}",
	    "{\"Name\":\"\\u0000\"}",
	    "{\"Name\":\"/web\",\"Config\":{\"Image\":[]}} trailing",
	};
	for (size_t i = 0; i < ARRAY_SIZE(corrupt); i++) {
		put(rel, corrupt[i]);
		/* a rewrite of the same size within the same second still changes the inode */
		runtime_meta_refresh(rm);
		name = name_of(rm, &n, 0);
		ok(name && (strcmp(name, "cccccccccccc") == 0 || strcmp(name, "\xef\xbf\xbd") == 0),
		   "corrupt config.v2.json %zu: falls back (%s)", i, name);
		free(name);
	}
	/* hostile strings: control characters stripped, length bounded */
	char hostile[2000];
	int len = snprintf(hostile, sizeof(hostile),
			   "{\"Name\":\"/a\\nb\\u001b[2Jc\\u0000d\",\"Config\":{\"Image\":\"");
	for (int i = 0; i < 600; i++)
		hostile[len++] = 'x';
	memcpy(hostile + len, "\xc3\xa9\"}}", 6);
	rm_file(rel);
	put(rel, hostile);
	struct meta_info mi;
	runtime_meta_lookup(rm, &n, 0, &mi);
	ok(str_eq(mi.name, "ab[2Jc\xef\xbf\xbd"
			   "d"),
	   "control characters and NULs stripped from names");
	ok(mi.image && strlen(mi.image) <= 256 && !strchr(mi.image, '\xc3'), "images bounded to 256 bytes");
	meta_info_clear(&mi);

	/* a rewrite in place with the old stamp is not seen: no re-parse per tick */
	put(rel, "{\"Name\":\"/aaaa\"}");
	runtime_meta_refresh(rm);
	name = name_of(rm, &n, 0);
	is_str(name, "aaaa", "renamed container seen after its file changed");
	free(name);
	char *path = tpath(rel);
	struct stat st;
	stat(path, &st);
	int fd = open(path, O_WRONLY);
	if (fd < 0 || pwrite(fd, "bbbb", 4, 10) != 4)
		abort();
	struct timespec times[2] = {st.st_atim, st.st_mtim};
	futimens(fd, times);
	close(fd);
	runtime_meta_refresh(rm);
	name = name_of(rm, &n, 0);
	is_str(name, "aaaa", "unchanged stamp: cached fields, file not re-read");
	free(name);
	times[1].tv_sec += 1;
	utimensat(AT_FDCWD, path, times, 0);
	runtime_meta_refresh(rm);
	name = name_of(rm, &n, 0);
	is_str(name, "bbbb", "changed mtime: re-read");
	free(name);
	free(path);
	free(rel);

	/* podman: corrupt and hostile containers.json */
	struct cg_node pm = {.kind = GROUP_CONTAINER,
			     .runtime = RUNTIME_PODMAN,
			     .container_id = ID_A,
			     .path = "/libpod_parent/libpod-" ID_A};
	const char *index = "var/lib/containers/storage/overlay-containers/containers.json";
	static const char *const bad_index[] = {
	    "[{",
	    "{}",
	    "[{\"id\":\"" ID_A "\",\"names\":\"notarray\"}]",
	    "[{\"id\":\"short\",\"names\":[\"x\"]}]",
	    "[{\"id\":\"" ID_A "\",\"names\":[],\"metadata\":\"{broken\"}]",
	    "[1,2,3]",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad_index); i++) {
		rm_file(index);
		put(index, bad_index[i]);
		runtime_meta_refresh(rm);
		runtime_meta_lookup(rm, &pm, 0, &mi);
		ok(str_eq(mi.name, "4f165dd49401") && !mi.image, "corrupt containers.json %zu: short id", i);
		meta_info_clear(&mi);
	}
	rm_file(index);
	put(index, "[{\"id\":\"" ID_A
		   "\",\"names\":[\"api\"],\"metadata\":\"{\\\"image-name\\\":\\\"img:1\\\"}\"}]");
	runtime_meta_refresh(rm);
	runtime_meta_lookup(rm, &pm, 0, &mi);
	ok(str_eq(mi.name, "api") && str_eq(mi.image, "img:1"), "containers.json re-read when it changed");
	meta_info_clear(&mi);
	rm_file(index);
	runtime_meta_refresh(rm);
	runtime_meta_lookup(rm, &pm, 0, &mi);
	ok(str_eq(mi.name, "4f165dd49401"), "containers.json removed: back to the short id");
	meta_info_clear(&mi);

	/* Kubernetes pod and container without any kubelet files */
	struct cg_node kp = {.kind = GROUP_POD,
			     .runtime = RUNTIME_KUBERNETES,
			     .pod_uid = "789d49f5-8492-4e1f-98fb-47ee1eb0dc87",
			     .path = "/kubepods/pod789"};
	runtime_meta_lookup(rm, &kp, 0, &mi);
	ok(str_eq(mi.name, "789d49f5-8492-4e1f-98fb-47ee1eb0dc87") && !mi.pod,
	   "pod without var/log/pods: its uid");
	meta_info_clear(&mi);
	struct cg_node kc = {.kind = GROUP_CONTAINER,
			     .runtime = RUNTIME_CONTAINERD,
			     .container_id = ID_A,
			     .pod_uid = "789d49f5-8492-4e1f-98fb-47ee1eb0dc87",
			     .path = "/kubepods/pod789/x"};
	runtime_meta_lookup(rm, &kc, 0, &mi);
	ok(str_eq(mi.name, "4f165dd49401") && !mi.is_sandbox,
	   "containerd container without kubelet files: short id");
	meta_info_clear(&mi);
	put("run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID_A "/config.json",
	    "{\"annotations\":7}");
	runtime_meta_refresh(rm);
	runtime_meta_lookup(rm, &kc, 0, &mi);
	ok(str_eq(mi.name, "4f165dd49401"), "bundle with malformed annotations: short id");
	meta_info_clear(&mi);
	runtime_meta_free(rm);
	rm_tree();
}

int main(void)
{
	test_splitters();
	const char *fx = getenv("FIXTURES");
	if (fx) {
		check_fixture(fx, "v2-systemd-docker-podman", "localhost/boxtop/busybox:latest");
		check_fixture(fx, "v1-cgroupfs-docker", "localhost/boxtop/busybox:latest");
		check_fixture(fx, "v2-kubernetes-containerd", "localhost/boxtop/busybox:latest");
		char *hy = xasprintf("%s/hybrid-podman/t1", fx);
		if (ok(access(hy, F_OK) == 0, "hybrid-podman fixture present"))
			check_fixture(fx, "hybrid-podman", "localhost/boxtop/busybox:latest");
		free(hy);
		check_v2_extras(fx);
	} else {
		ok(1, "# SKIP FIXTURES not set");
	}
	test_hostname_fallback();
	test_corrupt();
	return tap_done();
}
