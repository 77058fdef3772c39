/* fixture_snapshot.h - builds samples and snapshots from a captured fixture
 * (tests/fixtures/NAME: t0/ and t1/ fake roots, inodes-tN.tsv, and the
 * CLOCK_MONOTONIC/REALTIME of each capture in snapshots.json), exactly as
 * the live collector would have seen them. */
#ifndef BOXTOP_FIXTURE_SNAPSHOT_H
#define BOXTOP_FIXTURE_SNAPSHOT_H

#include "model.h"
#include "sample.h"
#include "snapshot.h"

struct json_doc;

/* Collects snapshot TICK ("t0", "t1") of fixture DIR, with the capture's
 * clocks. Returns NULL (and prints a TAP diagnostic) on failure. */
struct sample *fixture_sample(const char *dir, const char *tick);

/* The snapshot from t0 to t1 of fixture DIR; NULL on failure. */
struct snapshot *fixture_snapshot(const char *dir, const struct model_opts *opts);

/* $FIXTURES/NAME as a malloc'd path, or NULL when FIXTURES is unset. */
char *fixture_path(const char *name);

/* $FIXTURES/REL opened as a directory, or -1 (with a TAP diagnostic). */
int fixture_open(const char *rel);

/* DIR/expected.json parsed, or NULL when missing or malformed. */
struct json_doc *fixture_expected(const char *dir);

#endif
