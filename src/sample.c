/* sample.c - lifetime of raw samples and the string tables of their enums. */
#include "config.h"

#include "sample.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "util.h"

const char *const cg_layout_names[CG_LAYOUT_MAX] = {"v2", "hybrid", "v1", "none"};
const char *const group_kind_names[GROUP_KIND_MAX] = {"container", "pod", "sandbox", "service", "cgroup"};
const char *const runtime_names[RUNTIME_MAX] = {"docker", "podman", "containerd", "cri-o",
						"lxc",    "kubernetes-pod", "systemd", "cgroup"};

struct sample *sample_new(void)
{
	struct sample *s = xcalloc(1, sizeof(*s));
	s->layout = CG_LAYOUT_NONE;
	return s;
}

void cg_counters_init(struct cg_counters *c)
{
	/* Every uint64_t field set to VAL_NONE byte-wise, then the PSI blocks cleared. */
	memset(c, 0xff, sizeof(*c));
	memset(&c->psi_cpu, 0, sizeof(c->psi_cpu));
	memset(&c->psi_mem, 0, sizeof(c->psi_mem));
	memset(&c->psi_io, 0, sizeof(c->psi_io));
	c->cpu_usage_coarse = false;
}

void net_counters_init(struct net_counters *n)
{
	memset(n, 0xff, sizeof(*n));
}

void proc_sample_init(struct proc_sample *p)
{
	memset(p, 0, sizeof(*p));
	p->io_read_bytes = p->io_write_bytes = VAL_NONE;
	p->run_delay_ns = VAL_NONE;
	p->nonvol_ctxsw = p->vol_ctxsw = VAL_NONE;
	p->majflt = VAL_NONE;
}

void group_sample_clear(struct group_sample *g)
{
	free(g->path);
	free(g->container_id);
	free(g->name);
	free(g->image);
	free(g->pod);
	free(g->k8s_namespace);
	free(g->parent_path);
	for (size_t i = 0; i < g->nprocs; i++)
		free(g->procs[i].cmdline);
	free(g->procs);
	memset(g, 0, sizeof(*g));
}

void sample_free(struct sample *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ngroups; i++)
		group_sample_clear(&s->groups[i]);
	free(s->groups);
	profile_free(s->profile);
	free(s->profiler_status);
	free(s);
}
