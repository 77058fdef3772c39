/* util.h - small helpers every layer uses: allocation that aborts on OOM,
 * bounded reads of kernel files relative to a directory fd, errno
 * classification, number parsing and a growable string buffer.
 * Nothing here prints except xalloc's abort path. */
#ifndef BOXTOP_UTIL_H
#define BOXTOP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A raw counter or gauge the kernel did not provide. */
#define VAL_NONE UINT64_MAX

/* Allocation wrappers: abort with a message on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* True for the errors that mean "the cgroup or process went away" or "the
 * kernel has no such file here": ENOENT, ESRCH, ENODEV, ENOTDIR. */
bool errno_is_gone(int err);
/* The code point of the UTF-8 sequence at P (LEN bytes available, LEN >= 1)
 * and its length in *N, or -1 if it is invalid: strict (RFC 3629), so
 * overlong forms, surrogates, code points above U+10FFFF and truncated
 * sequences are invalid. */
int32_t utf8_decode(const unsigned char *p, size_t len, int *n);
/* C1 controls and the format characters that draw nothing yet reorder or
 * hide text (bidi overrides and isolates, zero-width characters, soft
 * hyphen): shown by number wherever text is not measured by wcwidth. */
bool unicode_is_invisible(int32_t cp);
/* FD if it is a regular file; else closes it and returns -errno (-EINVAL
 * for a FIFO, device or directory, which could block or mislead a read). */
int fd_keep_if_regular(int fd);

/* A short read of a kernel file that returned less than this is its end
 * (see util.c). */
#define KERNEL_SHORT_READ_IS_EOF 3072

/* Reads at most cap-1 bytes of kernel file REL (relative to DIRFD; AT_FDCWD
 * for a plain path) into BUF and NUL-terminates it. Returns the length, or
 * -errno. Never blocks (O_NONBLOCK); for files a container controls use
 * read_file_alloc_at, which also refuses anything but a regular file. */
ssize_t read_file_at(int dirfd, const char *rel, char *buf, size_t cap);

/* Like read_file_at, for files of unknown size up to MAX bytes: *OUT gets a
 * malloc'd NUL-terminated buffer the caller frees. Returns length or -errno
 * (-EFBIG if the file is larger than MAX). */
ssize_t read_file_alloc_at(int dirfd, const char *rel, size_t max, char **out);

/* readlinkat() into BUF (NUL-terminated), returning the length or -errno.
 * Captured fixture trees cannot always keep symlinks: there a link is a
 * regular file holding the target text, which is accepted the same way. */
ssize_t read_link_at(int dirfd, const char *rel, char *buf, size_t cap);

/* Reads FD (from offset 0 with pread when POSITIONAL, else from where it
 * is) into BUF, up to CAP bytes, stopping at the end of the file or a short
 * read of a small kernel file. Returns the length or -errno; no NUL added. */
ssize_t read_fd_kernel(int fd, char *buf, size_t cap, bool positional);

/* Reads FD to its end, at most MAX bytes, into a malloc'd NUL-terminated
 * *OUT (the caller frees). Returns the length, -EFBIG past MAX, or -errno. */
ssize_t read_fd_alloc(int fd, size_t max, char **out);

/* FNV-1a over N bytes of P, going on from H (FNV1A_START to begin). */
#define FNV1A_START UINT64_C(0xcbf29ce484222325)
uint64_t fnv1a(uint64_t h, const void *p, size_t n);

/* 0-15 for a hex digit, else -1. */
int hex_digit_value(int c);

/* qsort that accepts an empty array with a NULL base (qsort itself must
 * not be passed NULL, even for zero elements). */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Number parsing that never reads past the string and reports failure. */
int parse_u64(const char *s, uint64_t *out);          /* whole string */
int parse_u64_prefix(const char **s, uint64_t *out);  /* advances *s */
int parse_i64(const char *s, int64_t *out);

/* CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds. */
uint64_t clock_monotonic_ns(void);
uint64_t clock_realtime_ns(void);

/* Growable NUL-terminated string buffer. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
/* V in decimal, without printf's cost (a snapshot holds thousands). */
void strbuf_u64(struct strbuf *sb, uint64_t v);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer to the caller (who frees it) and resets SB. */
char *strbuf_detach(struct strbuf *sb);

/* A bump allocator for strings that live and die together (a snapshot's). */
struct arena;
struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Copies S (NULL stays NULL) into A; valid until arena_free. */
const char *arena_strdup(struct arena *a, const char *s);

#endif
