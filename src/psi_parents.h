/* psi_parents.h - the PSI "some" totals of the parents of a tick's rows in
 * the unified tree. A task's stall counts in its cgroup and in every
 * ancestor, so a parent whose total stood still since a child's last read
 * means the child's stood still too (to within a jiffy, see
 * CG_STILL_PSI_CPU): its pressure files need no read (cgroup_files.h). */
#ifndef BOXTOP_PSI_PARENTS_H
#define BOXTOP_PSI_PARENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup_tree.h"
#include "sample.h"

/* The three resources in the order cpu, memory, io. */
#define PSI_NRES 3

struct psi_parents;
struct psi_parents *psi_parents_new(void);
void psi_parents_free(struct psi_parents *p);

/* Starts a tick over NODES (sorted by path, borrowed until the next call):
 * notes each one's parent and how many rows it has. */
void psi_parents_tick(struct psi_parents *p, const struct cg_node *nodes, size_t n);

/* The "some" totals (us, VAL_NONE where unknown) of PATH's parent, which
 * the caller reads before PATH: the root's are the machine's (S's host
 * figures), a parent that is a row already in S gives its own, and any other
 * parent with at least two rows below it has its pressure files read once a
 * tick, under UNIFIED_FD (the unified tree's root). */
void psi_parents_some(struct psi_parents *p, const char *path, const struct sample *s, int unified_fd,
		      uint64_t some[PSI_NRES]);

#endif
