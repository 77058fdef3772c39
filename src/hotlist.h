/* hotlist.h - the hot-functions lists of a snapshot, from a profile: the top
 * functions by self samples for the whole host and for each row, with self
 * and total (inclusive) percentages and, on the host list, the container
 * each one burns in.
 *
 * Attribution of a stack to a row: by cgroup v2 id (row->cgroup_id, exact),
 * else (pure v1, a v1-only task reporting the root id 1, or a process in a
 * child cgroup of the row) by pid membership in the row's processes. A row
 * that is the parent of others (a pod) also counts its members' stacks.
 * Idle samples are left out. Owned by the profiler engineer (issue 5). */
#ifndef BOXTOP_HOTLIST_H
#define BOXTOP_HOTLIST_H

#include <stddef.h>

#include "profile.h"
#include "sample.h"
#include "snapshot.h"

/* Fills SNAP->host.hot, every row's hot (at most TOP_N each) and
 * SNAP->profiler_lost from PROF; with PROF NULL it leaves them empty. Call
 * once, after the rows are final. HIDDEN are the groups the rows leave out
 * (a filter): their stacks keep their name and cgroup id on the host list
 * rather than reading as the host's. Strings are copied into the snapshot
 * (snapshot_strdup); the hot arrays are malloc'd: snapshot_free() frees
 * host.hot and each rows[i].hot. */
void hotlist_fill(struct snapshot *snap, const struct profile *prof, size_t top_n,
		  const struct group_sample *const *hidden, size_t nhidden);

/* The filter selecting ROW's stacks as hotlist_fill attributes them (for
 * folded_write and the caller/callee trees of one container). Release
 * with hotlist_filter_clear. */
void hotlist_row_filter(const struct snapshot *snap, const struct snap_row *row, struct profile_filter *f);
void hotlist_filter_clear(struct profile_filter *f);

#endif
