/* batch.h - a snapshot as plain text for `boxtop -b`: a summary of the host
 * (like top's header) and the overview table, host row first, rendered
 * through the same column table as the overview screen. */
#ifndef BOXTOP_BATCH_H
#define BOXTOP_BATCH_H

#include "snapshot.h"
#include "util.h"

/* Appends the text of one tick to SB. Untrusted strings are escaped. */
void batch_text(struct strbuf *sb, const struct snapshot *s);

/* Appends STR to SB with control characters and invalid UTF-8 bytes shown as
 * \xNN, so nothing read from a container can drive the terminal. */
void batch_escape(struct strbuf *sb, const char *str);

#endif
