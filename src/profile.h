/* profile.h - the symbolized aggregate of a window of profiler samples:
 * distinct stacks with their counts, who ran them (cgroup v2 id, pid, comm)
 * and their frames (function, module, kernel or user), plus the window's
 * totals. It is what profiler_collect() returns each tick, what the sample
 * carries to the model, and what the hot lists, the folded export and the
 * caller/callee trees read.
 *
 * Ownership: a profile owns every pointer inside it and is freed with
 * profile_free() by whoever holds it (struct sample, via sample_free()).
 * Every string in it was sanitised on the way in (no control characters,
 * bounded length), but is still foreign text: escape it for the terminal.
 * Owned by the profiler engineer (issue 5). */
#ifndef BOXTOP_PROFILE_H
#define BOXTOP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct profile_frame {
	const char *function; /* never NULL: "MODULE+0xOFFSET" when it could not be resolved */
	const char *module;   /* "[kernel]", "[ext4]", "libc.so.6", "[jit]", "[anon]", "[unknown]" */
	bool kernel;
};

struct profile_stack {
	uint64_t cgroup_id;	/* bpf_get_current_cgroup_id(): cgroup v2 inode; 1 = root or v1-only */
	int32_t pid;		/* host tgid; 0 = the idle task */
	const char *comm;	/* the thread's name */
	uint64_t count;		/* samples */
	const uint32_t *frames; /* indexes into profile.frames, innermost (the sampled one) first */
	uint32_t nframes;
};

struct profile {
	uint64_t start_ns, end_ns; /* CLOCK_MONOTONIC span the samples cover */
	unsigned hz;		   /* sampling frequency per CPU */
	uint64_t samples;	   /* sum of every stack's count, idle included */
	uint64_t idle;		   /* of which the idle task (pid 0) */
	uint64_t lost;		   /* samples lost in the span: full maps, unreadable stacks, missed runs */
	struct profile_frame *frames;
	size_t nframes;
	struct profile_stack *stacks;
	size_t nstacks;
	/* Private: the storage the pointers above point into. */
	char *strings_;
	uint32_t *frame_ids_;
};

void profile_free(struct profile *p);

/* Building a profile: strings and frames are interned, so equal frames
 * share one index (the hot lists and trees compare indexes). */
struct profile_builder;
struct profile_builder *profile_builder_new(void);
uint32_t profile_builder_frame(struct profile_builder *b, const char *function, const char *module,
			       bool kernel);
/* FRAMES are indexes returned by profile_builder_frame, innermost first. */
void profile_builder_stack(struct profile_builder *b, uint64_t cgroup_id, int32_t pid, const char *comm,
			   uint64_t count, const uint32_t *frames, size_t nframes);
/* Consumes B. SAMPLES and IDLE are summed from the stacks; the caller sets
 * the span, hz and lost fields. */
struct profile *profile_builder_finish(struct profile_builder *b);

/* Which stacks an analysis reads. Unscoped (the zero filter, or NULL),
 * every stack matches; scoped, a stack matches when its cgroup id is in
 * CGROUP_IDS or its pid in PIDS (sorted ascending). Idle stacks match only
 * with IDLE. */
struct profile_filter {
	bool scoped;
	const uint64_t *cgroup_ids;
	size_t ncgroup_ids;
	const int32_t *pids;
	size_t npids;
	bool idle;
};
bool profile_filter_match(const struct profile_filter *f, const struct profile_stack *s);
/* Sum of the counts of the matching stacks. */
uint64_t profile_filter_samples(const struct profile *p, const struct profile_filter *f);

/* Index of the frame with FUNCTION and MODULE (kernel or not), or -1. */
ssize_t profile_find_frame(const struct profile *p, const char *function, const char *module);

/* A caller or callee tree of one function, for the text icicle. */
struct profile_node {
	const struct profile_frame *frame; /* points into the profile: lives as long as it */
	uint64_t samples;		   /* samples through this path */
	double pct;			   /* samples / matching samples of the scope * 100 */
	struct profile_node *children;	   /* by samples, descending */
	size_t nchildren;
};
/* Rooted at FRAME: the root's samples are those of every matching stack that
 * holds FRAME (once per stack, so recursion does not count twice). Callees
 * grow inward from FRAME's outermost occurrence to the sampled frame;
 * callers grow outward from its innermost occurrence to the thread's entry.
 * MAX_DEPTH bounds the levels below the root (0 = no bound). Returns NULL
 * if FRAME is out of range; free with profile_node_free(). */
struct profile_node *profile_callees(const struct profile *p, const struct profile_filter *f, uint32_t frame,
				     size_t max_depth);
struct profile_node *profile_callers(const struct profile *p, const struct profile_filter *f, uint32_t frame,
				     size_t max_depth);
void profile_node_free(struct profile_node *n);

#endif
