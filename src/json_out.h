/* json_out.h - a snapshot as one JSON object (the batch --json schema,
 * documented in man/boxtop.8). Strings from containers are escaped and
 * invalid UTF-8 is replaced, so the output is always valid JSON. */
#ifndef BOXTOP_JSON_OUT_H
#define BOXTOP_JSON_OUT_H

#include <stdbool.h>

#include "snapshot.h"
#include "util.h"

struct json_out_opts {
	/* Which rows carry their processes: NULL none, "*" all, else one cgroup path. */
	const char *procs_for;
	bool pretty; /* indented, for snapshot files; batch prints one line per tick */
};

/* Appends the JSON object for S (no trailing newline) to SB. */
void json_out_snapshot(struct strbuf *sb, const struct snapshot *s, const struct json_out_opts *opts);

/* Appends STR as a JSON string literal (with quotes). */
void json_out_string(struct strbuf *sb, const char *str);

#endif
