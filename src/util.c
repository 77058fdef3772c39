/* util.c - see util.h. */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom_abort(size_t n)
{
	fprintf(stderr, "boxtop: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom_abort(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom_abort(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom_abort(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom_abort(0);
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

bool errno_is_gone(int err)
{
	if (err < 0)
		err = -err;
	return err == ENOENT || err == ESRCH || err == ENODEV || err == ENOTDIR;
}

int32_t utf8_decode(const unsigned char *p, size_t len, int *n)
{
	unsigned char b = p[0];
	int need;
	uint32_t cp, min;

	if (b < 0x80) {
		*n = 1;
		return b;
	} else if (b >= 0xc2 && b <= 0xdf) {
		need = 1, cp = b & 0x1f, min = 0x80;
	} else if (b >= 0xe0 && b <= 0xef) {
		need = 2, cp = b & 0x0f, min = 0x800;
	} else if (b >= 0xf0 && b <= 0xf4) {
		need = 3, cp = b & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)need >= len)
		return -1;
	for (int i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = need + 1;
	return (int32_t)cp;
}

bool unicode_is_invisible(int32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x61c || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	       (cp >= 0xfff9 && cp <= 0xfffb);
}

int fd_keep_if_regular(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* Opens REL for reading and checks it is a regular file (sysfs and procfs
 * files are), so a FIFO planted in a container root cannot block us. */
static int open_regular(int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	return fd < 0 ? -errno : fd_keep_if_regular(fd);
}

/* Below this, a short read is the end of the file: a seq_file (sysfs,
 * procfs) fills the caller's buffer until the end unless its next record
 * would overflow its own page (4 KiB), which takes a record over 1 KiB - no
 * file read this way has one; a regular file reads short only at its end.
 * It saves the second read that would return 0 on nearly every kernel file. */

ssize_t read_fd_kernel(int fd, char *buf, size_t cap, bool positional)
{
	size_t len = 0;
	while (len < cap) {
		ssize_t n = positional ? pread(fd, buf + len, cap - len, (off_t)len) : read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len < KERNEL_SHORT_READ_IS_EOF && len < cap)
			break;
	}
	return (ssize_t)len;
}

/* Kernel files only (sysfs, procfs, and copies of them in test trees): no
 * fstat, since O_NONBLOCK already keeps a FIFO from blocking and the read is
 * bounded; untrusted container files go through read_file_alloc_at or
 * openat2 (runtime_meta.c). */
ssize_t read_file_at(int dirfd, const char *rel, char *buf, size_t cap)
{
	if (cap == 0)
		return -EINVAL;
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		buf[0] = '\0';
		return -errno;
	}
	ssize_t n = read_fd_kernel(fd, buf, cap - 1, false);
	close(fd);
	if (n < 0) {
		buf[0] = '\0';
		return n;
	}
	buf[n] = '\0';
	return n;
}

ssize_t read_fd_alloc(int fd, size_t max, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	*out = NULL;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int err = -errno;
			free(buf);
			return err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

ssize_t read_file_alloc_at(int dirfd, const char *rel, size_t max, char **out)
{
	*out = NULL;
	int fd = open_regular(dirfd, rel);
	if (fd < 0)
		return fd;
	ssize_t n = read_fd_alloc(fd, max, out);
	close(fd);
	return n;
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

ssize_t read_link_at(int dirfd, const char *rel, char *buf, size_t cap)
{
	if (cap == 0)
		return -EINVAL;
	ssize_t n = readlinkat(dirfd, rel, buf, cap - 1);
	if (n >= 0) {
		buf[n] = '\0';
		return n;
	}
	if (errno != EINVAL)
		return -errno;
	n = read_file_at(dirfd, rel, buf, cap);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

int parse_u64_prefix(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	while (*p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		p++;
	}
	*s = p;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *p = s;
	uint64_t v;
	int r = parse_u64_prefix(&p, &v);
	if (r < 0)
		return r;
	while (*p == '\n' || *p == ' ')
		p++;
	if (*p)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_i64(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v;
	int r = parse_u64(neg ? s + 1 : s, &v);
	if (r < 0)
		return r;
	if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0))
		return -ERANGE;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t clock_monotonic_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t clock_realtime_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * UINT64_C(0x100000001b3);
	return h;
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_u64(struct strbuf *sb, uint64_t v)
{
	char digits[20];
	size_t n = 0;
	do {
		digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, digits + sizeof(digits) - n, n);
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	/* Most pieces are numbers: format once into a small buffer, and a
	 * second time only for what does not fit. */
	char small[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if ((size_t)n < sizeof(small)) {
		strbuf_add(sb, small, (size_t)n);
		return;
	}
	strbuf_reserve(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return p;
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_chunk *head;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->head) {
		struct arena_chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	free(a);
}

const char *arena_strdup(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	if (!a->head || a->head->cap - a->head->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		struct arena_chunk *c = xmalloc(sizeof(*c) + cap);
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	char *p = a->head->data + a->head->used;
	memcpy(p, s, n);
	a->head->used += n;
	return p;
}
