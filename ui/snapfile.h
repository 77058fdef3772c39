/* snapfile.h - the 's' key: two files for incident triage, named
 * boxtop-HOST-YYYYmmdd-HHMMSS.{txt,json}: the screen exactly as shown, as
 * plain text under a header (host, kernel, time, boxtop version), and the
 * full state of that tick as JSON (the batch --json schema, plus the
 * processes of the container in view). Files are never overwritten: a
 * taken name gets "-2", "-3", ... Owned by the ui issue. */
#ifndef BOXTOP_SNAPFILE_H
#define BOXTOP_SNAPFILE_H

#include "grid.h"
#include "snapshot.h"

/* Writes both files into DIR (NULL: the current directory). PROCS_FOR is
 * the cgroup whose processes the JSON carries (NULL: none). On success
 * returns 0 and the .txt path (malloc'd, caller frees) in *PATH; the .json
 * path is the same with its extension. Returns -errno and leaves no file
 * behind on failure. */
int snapfile_write(const char *dir, const struct grid *g, const struct snapshot *s, const char *procs_for,
		   char **path);

#endif
