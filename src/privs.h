/* privs.h - drop to the capabilities boxtop needs once set up. */
#ifndef BOXTOP_PRIVS_H
#define BOXTOP_PRIVS_H

/* Keeps only the capabilities listed in privs.c (each with its reason) in
 * the permitted and effective sets. A no-op for a non-root user without
 * capabilities. Returns 0 or -errno. */
int privs_drop(void);

#endif
