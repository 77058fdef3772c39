/* model.h - the one pure function from raw samples to a snapshot. Live,
 * batch, replay and export all go through it, so a recording replays to the
 * very numbers that were shown live. */
#ifndef BOXTOP_MODEL_H
#define BOXTOP_MODEL_H

#include "sample.h"
#include "snapshot.h"

struct model_opts {
	enum sort_key sort;
	bool sort_reverse;
	const char *filter; /* case-insensitive name substring, NULL = all rows */
};

/* Builds the snapshot of CUR, with rates against PREV (NULL on the first
 * tick: every rate is then NAN). Neither sample is modified or retained:
 * the snapshot copies what it needs. The caller frees it (snapshot_free). */
struct snapshot *model_build(const struct sample *prev, const struct sample *cur,
			     const struct model_opts *opts);

#endif
