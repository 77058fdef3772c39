/* cgroup_tree.h - finds the cgroup hierarchies under a root, walks them and
 * classifies each cgroup (docker, podman, containerd/CRI-O under
 * Kubernetes, LXC, systemd units, plain cgroups) into the rows boxtop shows. */
#ifndef BOXTOP_CGROUP_TREE_H
#define BOXTOP_CGROUP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"

enum cg_hier {
	CG_HIER_UNIFIED, /* cgroup2: /sys/fs/cgroup (v2) or /sys/fs/cgroup/unified (hybrid) */
	CG_HIER_CPU,
	CG_HIER_CPUACCT,
	CG_HIER_CPUSET,
	CG_HIER_MEMORY,
	CG_HIER_BLKIO,
	CG_HIER_PIDS,
	CG_HIER_SYSTEMD, /* v1 name=systemd */
	CG_HIER_MAX
};

struct cg_mounts;

/* Detects the layout under ROOT (sys/fs/cgroup) and opens each hierarchy's
 * root directory. Returns NULL (errno set) if ROOT/sys/fs/cgroup is absent. */
struct cg_mounts *cg_mounts_open(const char *root);
void cg_mounts_free(struct cg_mounts *m);
enum cg_layout cg_mounts_layout(const struct cg_mounts *m);
/* The directory fd of hierarchy H's root, or -1 when not mounted. Borrowed. */
int cg_mounts_fd(const struct cg_mounts *m, enum cg_hier h);
/* Lazy: plain cgroups are not checked for processes during the walk but
 * returned with drop_if_empty set, for a caller that reads their
 * cgroup.procs anyway (the collector, through files it keeps open). */
void cg_mounts_set_lazy_procs(struct cg_mounts *m, bool lazy);

/* Fixture trees lose inode numbers when copied: MAP_FILE (a fixture's
 * inodes-tN.tsv, "sys/fs/cgroup/PATH<TAB>INODE" lines) then supplies them.
 * Returns 0 or -errno. */
int cg_mounts_load_inode_map(struct cg_mounts *m, const char *map_file);

/* One row-worthy cgroup found by the walk. */
struct cg_node {
	char *path;          /* "/system.slice/docker-<id>.scope", hierarchy-relative */
	uint64_t ino;        /* identity: inode of the unified directory (= cgroup id, what
	                      * bpf_get_current_cgroup_id() returns); on pure v1 the inode
	                      * in the first v1 hierarchy that has it (identity only) */
	enum group_kind kind;
	enum runtime runtime;
	char *container_id;  /* runtime id (64 hex for docker/podman/containerd/CRI-O, LXC name), or NULL */
	char *pod_uid;       /* Kubernetes pod uid with dashes, podman pod id, or NULL */
	char *qos;           /* Kubernetes QoS "guaranteed"/"burstable"/"besteffort", or NULL */
	char *unit;          /* unescaped systemd unit name for services, or NULL */
	char *parent_path;   /* the pod's path for pod members, else NULL */
	char *limit_subpath; /* "container" when the runtime put the limits in a child (podman+crun), else NULL */
	bool drop_if_empty;  /* lazy walk: not a row if its cgroup.procs lists no process */
};

/* Walks every hierarchy of M and returns the rows, sorted by path; the caller
 * frees them with cg_nodes_free. Directories that vanish mid-walk are skipped.
 * Not rows: slices other than pod slices, the hierarchy root, libpod-conmon-*,
 * runtime parents (/docker, /libpod_parent, kubepods QoS slices), empty
 * cgroups that are not containers, and anything below a container. */
int cg_tree_scan(const struct cg_mounts *m, struct cg_node **out, size_t *n);
void cg_nodes_free(struct cg_node *nodes, size_t n);

/* Pure: classifies one path (fuzzed, unit-tested on every runtime's form). */
void cg_classify_path(const char *path, struct cg_node *node);
/* Pure: undoes systemd's \xNN escaping into a malloc'd string. */
char *systemd_unescape(const char *s);

#endif
