/* runtime_meta.h - names, images and pods of containers from the runtimes'
 * files on disk (never a daemon socket): docker config.v2.json, podman
 * containers.json, Kubernetes /var/log/pods + /var/log/containers, CRI-O and
 * containerd bundle config.json annotations, LXC names; falling back to the
 * container's /etc/hostname read safely through /proc/PID/root, then to the
 * short id. Parsed indexes are cached and re-read only when they change. */
#ifndef BOXTOP_RUNTIME_META_H
#define BOXTOP_RUNTIME_META_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup_tree.h"

struct runtime_meta;

struct meta_info {
	char *name;          /* never NULL after lookup */
	char *image;         /* or NULL */
	char *pod;           /* or NULL */
	char *k8s_namespace; /* or NULL */
	bool is_sandbox;     /* a pod sandbox / podman infra container */
};

struct runtime_meta *runtime_meta_new(const char *root);
void runtime_meta_free(struct runtime_meta *m);
/* Re-reads the on-disk indexes whose mtime changed. Call once per tick. */
void runtime_meta_refresh(struct runtime_meta *m);
/* Fills INFO for NODE; PID is one of its processes (0 if none) for the
 * hostname fallback. The caller frees INFO's strings with meta_info_clear. */
void runtime_meta_lookup(struct runtime_meta *m, const struct cg_node *node, int32_t pid,
			 struct meta_info *info);
void meta_info_clear(struct meta_info *info);

/* Pure (fuzzed): kubelet's names. A var/log/containers entry is
 * "<pod>_<namespace>_<container>-<64 hex id>.log"; a var/log/pods directory
 * is "<namespace>_<pod>_<pod uid>". Names are DNS labels/subdomains, so '_'
 * separates them. Return 0, or -EINVAL when NAME has another form. */
struct k8s_log_name {
	char pod[254], ns[64], container[64], id[65];
};
int k8s_split_log_name(const char *name, struct k8s_log_name *out);
struct k8s_pod_dir {
	char ns[64], pod[254], uid[37];
};
int k8s_split_pod_dir(const char *name, struct k8s_pod_dir *out);

#endif
