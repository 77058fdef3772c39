/* ktext.c - see ktext.h. */
#include "config.h"

#include "ktext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

ssize_t ktext_read_at(int dirfd, const char *rel, char *buf, size_t cap, char **text)
{
	*text = buf;
	ssize_t n = read_file_at(dirfd, rel, buf, cap);
	if (n < 0 || (size_t)n + 1 < cap)
		return n;
	/* BUF is full, so the file may go on: parsing a cut line would give a
	 * wrong number, so read it whole instead. */
	char *heap;
	n = read_file_alloc_at(dirfd, rel, KTEXT_MAX, &heap);
	if (n < 0) {
		buf[0] = '\0';
		return n;
	}
	*text = heap;
	return n;
}

void ktext_release(char *text, const char *buf)
{
	if (text != buf)
		free(text);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *ktext_next_line(const char *p)
{
	p = strchr(p, '\n');
	return p ? p + 1 : NULL;
}

int ktext_kv(const char *text, const char *const *keys, size_t nkeys, uint64_t *vals)
{
	uint64_t found = 0, all = nkeys >= 64 ? UINT64_MAX : (UINT64_C(1) << nkeys) - 1;
	for (const char *line = text; line && *line && found != all; line = ktext_next_line(line)) {
		size_t klen = strcspn(line, " \t\n");
		if (!is_blank(line[klen]))
			continue;
		for (size_t i = 0; i < nkeys && i < 64; i++) {
			if ((found >> i) & 1 || strncmp(keys[i], line, klen) != 0 || keys[i][klen] != '\0')
				continue;
			const char *v = line + klen;
			while (is_blank(*v))
				v++;
			uint64_t val;
			if (parse_u64_prefix(&v, &val) < 0 || (*v && *v != '\n' && !is_blank(*v)))
				return -EINVAL;
			vals[i] = val;
			found |= UINT64_C(1) << i;
			break;
		}
	}
	return 0;
}

bool ktext_field(const char **p, const char **start, size_t *len)
{
	const char *s = *p;
	while (is_blank(*s))
		s++;
	const char *e = s;
	while (*e && *e != '\n' && !is_blank(*e))
		e++;
	*p = e;
	*start = s;
	*len = (size_t)(e - s);
	return e != s;
}

bool ktext_field_is(const char *start, size_t len, const char *word)
{
	return strncmp(start, word, len) == 0 && word[len] == '\0';
}

int ktext_field_u64(const char *start, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (start[i] < '0' || start[i] > '9')
			return -EINVAL;
		unsigned d = (unsigned)(start[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int ktext_next_u64(const char **p, uint64_t *out)
{
	const char *f;
	size_t len;
	if (!ktext_field(p, &f, &len))
		return -EINVAL;
	return ktext_field_u64(f, len, out);
}

int ktext_decimal(const char **s, double *out)
{
	const char *p = *s;
	uint64_t whole;
	if (parse_u64_prefix(&p, &whole) < 0)
		return -EINVAL;
	double v = (double)whole;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		double scale = 0.1;
		for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
			v += (*p - '0') * scale;
	}
	*s = p;
	*out = v;
	return 0;
}
