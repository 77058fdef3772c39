/* snapfile.h - the 's' key: two files for incident triage, named
 * boxtop-HOST-YYYYmmdd-HHMMSS.{txt,json}: the screen exactly as shown, as
 * plain text under a header (host, kernel, time, boxtop version), and the
 * full state of that tick as JSON (the batch --json schema, plus the
 * processes of the container in view). Files are never overwritten: a
 * taken name gets "-2", "-3", ... The 'f' key's folded stacks go beside
 * them, named the same way. Owned by the ui issue. */
#ifndef BOXTOP_SNAPFILE_H
#define BOXTOP_SNAPFILE_H

#include "grid.h"
#include "profile.h"
#include "snapshot.h"

/* Writes both files into DIR (NULL: the current directory). PROCS_FOR is
 * the cgroup whose processes the JSON carries (NULL: none). On success
 * returns 0 and the .txt path (malloc'd, caller frees) in *PATH; the .json
 * path is the same with its extension. Returns -errno and leaves no file
 * behind on failure. */
int snapfile_write(const char *dir, const struct grid *g, const struct snapshot *s, const char *procs_for,
		   char **path);

/* The 'f' key (issue 5): the stacks of P that F selects (NULL: every
 * non-idle stack) in folded format (src/folded.h) as DIR/boxtop-HOST-
 * YYYYmmdd-HHMMSS.folded of S's tick, beside the snapshot files and never
 * over a file. On success returns 0 and the path (malloc'd) in *PATH;
 * returns -errno and leaves no file behind on failure. */
int snapfile_write_folded(const char *dir, const struct snapshot *s, const struct profile *p,
			  const struct profile_filter *f, char **path);

#endif
