/* format.h - human units for tables and screens. Every function writes a
 * NUL-terminated string of at most N-1 bytes into BUF and returns BUF; an
 * absent value (NAN) formats as "-". Shared by batch text and the screens so
 * both show the same figure the same way. */
#ifndef BOXTOP_FORMAT_H
#define BOXTOP_FORMAT_H

#include <stddef.h>

char *format_bytes(double bytes, char *buf, size_t n);    /* "0", "812K", "5.9M", "1.20G" */
char *format_rate(double per_s, char *buf, size_t n);     /* bytes/s: "0", "2.1M", as format_bytes */
char *format_count(double v, char *buf, size_t n);        /* "0", "17", "1.2k", "3.4M" */
char *format_pct(double pct, char *buf, size_t n);        /* "0", "7.5", "85", "100" */
char *format_cores(double cores, char *buf, size_t n);    /* "0.00", "0.28", "12.3" */
char *format_psi(double avg10, char *buf, size_t n);      /* "0", "4.2", "76" */

#endif
