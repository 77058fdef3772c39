/* folded.c - see folded.h. Owned by the profiler engineer (issue 5). */
#include "config.h"

#include "folded.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add_name(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		char c = *s == ';' ? ':' : (uint8_t)*s < 0x20 || *s == 0x7f ? '?' : *s;
		strbuf_add(sb, &c, 1);
	}
}

static int line_cmp(const void *a, const void *b)
{
	const struct folded_line *x = a, *y = b;
	return strcmp(x->stack, y->stack);
}

int folded_write(FILE *out, const struct profile *p, const struct profile_filter *f)
{
	struct folded_line *lines = xcalloc(p->nstacks ? p->nstacks : 1, sizeof(*lines));
	size_t n = 0;
	for (size_t i = 0; i < p->nstacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		if (!s->count || !profile_filter_match(f, s))
			continue;
		struct strbuf sb;
		strbuf_init(&sb);
		add_name(&sb, s->comm[0] ? s->comm : "[unknown]");
		for (size_t k = s->nframes; k-- > 0;) {
			const struct profile_frame *fr = &p->frames[s->frames[k]];
			strbuf_add(&sb, ";", 1);
			add_name(&sb, fr->function);
			if (fr->kernel)
				strbuf_puts(&sb, "_[k]");
		}
		lines[n].stack = strbuf_detach(&sb);
		lines[n++].count = s->count;
	}
	sort_array(lines, n, sizeof(*lines), line_cmp);
	int err = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t count = lines[i].count;
		while (i + 1 < n && strcmp(lines[i].stack, lines[i + 1].stack) == 0)
			count += lines[++i].count;
		if (fprintf(out, "%s %llu\n", lines[i].stack, (unsigned long long)count) < 0 && !err)
			err = -EIO;
	}
	folded_lines_free(lines, n);
	if (fflush(out) != 0 && !err)
		err = -errno;
	return err;
}

ssize_t folded_parse(const char *text, struct folded_line **out, size_t *bad_line)
{
	struct folded_line *v = NULL;
	size_t n = 0, cap = 0, line = 0;
	const char *p = text;
	*out = NULL;
	*bad_line = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		line++;
		if (eol > p) {
			const char *sp = eol;
			while (sp > p && sp[-1] != ' ')
				sp--;
			uint64_t count;
			const char *num = sp;
			if (sp <= p + 1 || parse_u64_prefix(&num, &count) < 0 || num != eol) {
				folded_lines_free(v, n);
				*bad_line = line;
				return -EINVAL;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n].stack = xstrndup(p, (size_t)(sp - 1 - p));
			v[n++].count = count;
		}
		p = *eol ? eol + 1 : eol;
	}
	*out = v;
	return (ssize_t)n;
}

void folded_lines_free(struct folded_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i].stack);
	free(lines);
}
