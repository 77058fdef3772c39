/* fuzz_tree.c - fuzz targets of discovery and names: the JSON reader,
 * cgroup path classification, systemd unescaping and kubelet's name
 * splitters. Each target also checks the invariants callers rely on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cgroup_tree.h"
#include "fuzz.h"
#include "json_parse.h"
#include "runtime_meta.h"

/* Walks every value, checking what json_parse promises of strings. */
static void visit(const struct json_value *v)
{
	for (; v; v = v->next) {
		if (v->type == JSON_STRING && strlen(v->str) != v->len)
			abort(); /* an embedded NUL got through */
		if (v->key)
			(void)strlen(v->key);
		visit(v->child);
	}
}

static void run_json(const uint8_t *data, size_t len)
{
	struct json_doc *doc;
	if (json_parse((const char *)data, len, &doc) < 0) {
		if (doc)
			abort();
		return;
	}
	const struct json_value *root = json_root(doc);
	visit(root);
	(void)json_get_str(root, "Name");
	(void)json_at(json_get(root, "names"), 0);
	json_free(doc);
}

static void run_classify(const uint8_t *data, size_t len)
{
	char *path = fuzz_cstr(data, len);
	struct cg_node *n = calloc(1, sizeof(*n));
	if (!n)
		abort();
	cg_classify_path(path, n);
	if (!n->path || strcmp(n->path, path) != 0 || n->kind >= GROUP_KIND_MAX || n->runtime >= RUNTIME_MAX)
		abort();
	if (n->parent_path && strncmp(n->parent_path, path, strlen(n->parent_path)) != 0)
		abort(); /* a pod member's parent is a prefix of its path */
	if (n->kind == GROUP_CONTAINER && !n->container_id)
		abort();
	cg_nodes_free(n, 1);
	free(path);
}

static void run_unescape(const uint8_t *data, size_t len)
{
	char *s = fuzz_cstr(data, len);
	char *u = systemd_unescape(s);
	if (strlen(u) > strlen(s))
		abort(); /* unescaping never grows a name */
	free(u);
	free(s);
}

static void run_k8s_names(const uint8_t *data, size_t len)
{
	char *s = fuzz_cstr(data, len);
	struct k8s_log_name ln;
	if (k8s_split_log_name(s, &ln) == 0 &&
	    (strlen(ln.id) != 64 || strchr(ln.pod, '_') || strchr(ln.ns, '/')))
		abort();
	struct k8s_pod_dir pd;
	if (k8s_split_pod_dir(s, &pd) == 0 && (strlen(pd.uid) != 36 || strchr(pd.pod, '/')))
		abort();
	free(s);
}

static const char *const json_seeds[] = {
    "{\"Name\":\"/web-throttled\",\"Config\":{\"Image\":\"localhost/boxtop/busybox:latest\",\"Labels\":{}},"
    "\"State\":{\"Pid\":1234,\"Running\":true},\"Created\":\"2026-11-23T23:40:01.5Z\"}",
    "[{\"id\":\"742ce0ffa310655030464e04cc6ef54c2838d1fb74ec75440f708c674bbeb918\",\"names\":[\"api-"
    "throttled\"],"
    "\"metadata\":\"{\\\"image-name\\\":\\\"localhost/boxtop/"
    "busybox:latest\\\",\\\"created-at\\\":1795477365}\"}]",
    "{\"hostname\":\"pod-web\",\"annotations\":{\"io.kubernetes.cri.container-type\":\"sandbox\","
    "\"io.kubernetes.cri-o.SandboxID\":\"e63cffbee41d\"},\"linux\":{\"cgroupsPath\":\"machine.slice:libpod:"
    "x\"}}",
    "\"\\ud83d\\ude00 \\u00e9 \\n \\\" \\\\ caf\xc3\xa9\"",
    "[-1.5e-3, 0, 1e400, true, false, null, [], {}, [[[[]]]]]",
    NULL,
};

static const char *const path_seeds[] = {
    "/system.slice/docker-4f165dd4940195b668bedaf6bf6ace5ac5550986d18f79ca75cc380f68427d73.scope",
    "/docker/4f165dd4940195b668bedaf6bf6ace5ac5550986d18f79ca75cc380f68427d73",
    "/libpod_parent/libpod-742ce0ffa310655030464e04cc6ef54c2838d1fb74ec75440f708c674bbeb918",
    "/machine.slice/"
    "machine-libpod_pod_e66fe0630a46279a8ec692922418f1deb92783719045fb11fa85ffcf047edf88.slice/"
    "libpod-e63cffbee41d4cf3e84406078e4d6d239369229bff24b2373568713ef554a8c6.scope",
    "/kubepods.slice/kubepods-burstable.slice/"
    "kubepods-burstable-pod789d49f5_8492_4e1f_98fb_47ee1eb0dc87.slice/"
    "cri-containerd-5f1f7bd96e56be6c3257bbe2d5685ca717a8d0603f17444bda202bc69c2b9087.scope",
    "/kubepods/besteffort/pod789d49f5-8492-4e1f-98fb-47ee1eb0dc87/"
    "5f1f7bd96e56be6c3257bbe2d5685ca717a8d0603f17444bda202bc69c2b9087",
    "/kubepods.slice/kubepods-pod8fae2ea8_a959_4f5f_97a6_c6d3c6afda2f.slice/"
    "crio-3f89474318964f295375ec6efbf18f5c918d34bf7843b8869b84d33d5b61e8e1.scope",
    "/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service",
    "/lxc.payload.web1",
    "/lxc/web2",
    "/libpod_parent/conmon",
    "/machine.slice/libpod-conmon-742ce0ffa310655030464e04cc6ef54c2838d1fb74ec75440f708c674bbeb918.scope",
    NULL,
};

static const char *const unescape_seeds[] = {
    "system-serial\\x2dgetty.slice", "a\\x2Db\\x5c", "trailing\\x2", "nul\\x00", "\\\\x41", NULL,
};

static const char *const k8s_seeds[] = {
    "web-7d9f8-abcde_default_log-shipper-5f1f7bd96e56be6c3257bbe2d5685ca717a8d0603f17444bda202bc69c2b9087."
    "log",
    "cache-0_shop_redis-45183a4a73faab2119a87248aa44578f84df3f461b55284d316b2762d0732ecd.log",
    "shop_queue-worker-6f5d4-zx9vq_b90c6931-a70d-4bbf-8b5f-ce937771ca30",
    "default_web-7d9f8-abcde_789d49f5-8492-4e1f-98fb-47ee1eb0dc87",
    NULL,
};

const struct fuzz_target fuzz_targets[] = {
    {"json_parse", run_json, json_seeds},
    {"cg_classify_path", run_classify, path_seeds},
    {"systemd_unescape", run_unescape, unescape_seeds},
    {"k8s_names", run_k8s_names, k8s_seeds},
};
const size_t fuzz_ntargets = sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
