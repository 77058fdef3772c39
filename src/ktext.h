/* ktext.h - what the readers (cgroup_files, proc_files, net_files) share to
 * read kernel text files and parse them in place: a bounded read that never
 * hands a parser a file cut short, one pass over "KEY VALUE" lines for
 * several keys, a tokenizer for blank-separated fields and locale-free
 * decimals. Internal to the readers layer. */
#ifndef BOXTOP_KTEXT_H
#define BOXTOP_KTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Largest kernel text file a reader accepts (a /proc/stat of thousands of
 * CPUs, an io.stat of thousands of devices). */
#define KTEXT_MAX (4u << 20)

/* Reads REL under DIRFD whole. *TEXT points to BUF (CAP bytes) when the file
 * fits there, else to a malloc'd copy of up to KTEXT_MAX bytes, so the common
 * small file costs no allocation and a large one is never truncated. Release
 * with ktext_release(*TEXT, BUF). Returns the length or -errno. */
ssize_t ktext_read_at(int dirfd, const char *rel, char *buf, size_t cap, char **text);
void ktext_release(char *text, const char *buf);

/* Scans "KEY VALUE" lines once for all NKEYS KEYS: KEY ends at the first
 * blank (so it includes a trailing ':' as in "MemTotal:"), VALUE is a
 * decimal after blanks, optionally followed by a blank and a unit ("kB").
 * Stores the value of KEYS[i] in VALS[i]; keys not found leave VALS[i]
 * untouched and the first occurrence wins. Returns -EINVAL when a wanted
 * key's value is malformed (VALS may then be partly written). */
int ktext_kv(const char *text, const char *const *keys, size_t nkeys, uint64_t *vals);

/* Next blank-separated field of the current line: skips spaces and tabs,
 * never crosses a newline. Sets *START and *LEN and advances *P; false at the
 * end of the line. */
bool ktext_field(const char **p, const char **start, size_t *len);

/* The start of the line after P's, or NULL after the last line. */
const char *ktext_next_line(const char *p);

/* True if the field [START, START+LEN) is exactly WORD. */
bool ktext_field_is(const char *start, size_t len, const char *word);

/* Parses an unsigned decimal field in full ("123"): 0 or -EINVAL/-ERANGE. */
int ktext_field_u64(const char *start, size_t len, uint64_t *out);

/* The next field of the line at *P as an unsigned decimal: 0, or -EINVAL
 * when the line ends or the field is not a number. */
int ktext_next_u64(const char **p, uint64_t *out);

/* Parses "123" or "12.34" at *S (what the kernel prints for PSI averages and
 * loadavg), independent of the locale, and advances *S. 0 or -EINVAL. */
int ktext_decimal(const char **s, double *out);

#endif
