/* folded.h - stacks in the folded format of flamegraph.pl and speedscope:
 * one distinct stack a line, "comm;outermost;...;innermost COUNT". Kernel
 * frames carry the usual "_[k]" suffix, a ';' inside a name becomes ':'
 * and control characters '?'. Owned by the profiler engineer (issue 5). */
#ifndef BOXTOP_FOLDED_H
#define BOXTOP_FOLDED_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "profile.h"

/* Writes the stacks of P that F selects (profile.h; NULL = every non-idle
 * stack), equal lines merged, sorted. Returns 0 or -errno. */
int folded_write(FILE *out, const struct profile *p, const struct profile_filter *f);

struct folded_line {
	char *stack; /* "comm;outer;...;inner" */
	uint64_t count;
};
/* Parses folded text (the tests' check of the writer, and any folded file):
 * returns the number of lines put in *OUT (free with folded_lines_free),
 * or -EINVAL with *BAD_LINE set to the first malformed line (1-based). */
ssize_t folded_parse(const char *text, struct folded_line **out, size_t *bad_line);
void folded_lines_free(struct folded_line *lines, size_t n);

#endif
