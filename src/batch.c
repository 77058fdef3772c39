/* batch.c - see batch.h. */
#include "config.h"

#include "batch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "columns.h"
#include "format.h"

void batch_escape(struct strbuf *sb, const char *str)
{
	const unsigned char *p = (const unsigned char *)str, *end = p + strlen(str);
	while (*p) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\') {
			if (*p == '\\')
				strbuf_puts(sb, "\\\\");
			else
				strbuf_printf(sb, "\\x%02x", *p);
			p++;
			continue;
		}
		if (*p < 0x80) {
			strbuf_add(sb, (const char *)p, 1);
			p++;
			continue;
		}
		/* Multi-byte: a well-formed visible character is copied, an
		 * invisible one (C1, bidi, zero-width) shown by number, and a
		 * byte of an invalid sequence escaped. */
		int n;
		int32_t cp = utf8_decode(p, (size_t)(end - p), &n);
		if (cp < 0) {
			strbuf_printf(sb, "\\x%02x", *p);
			p++;
			continue;
		}
		if (unicode_is_invisible(cp))
			strbuf_printf(sb, cp > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)cp);
		else
			strbuf_add(sb, (const char *)p, (size_t)n);
		p += n;
	}
}

/* Display width of an escaped cell, counting UTF-8 sequences as one column
 * each (names are rarely CJK; the screens measure with wcwidth). */
static int text_width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			w++;
	return w;
}

static void add_spaces(struct strbuf *sb, int n)
{
	static const char spaces[] = "                                ";
	for (; n > 0; n -= (int)sizeof(spaces) - 1)
		strbuf_add(sb, spaces, n < (int)sizeof(spaces) - 1 ? (size_t)n : sizeof(spaces) - 1);
}

/* Shortens RAW in the middle to WIDTH columns ("kube~abcde") and pads it;
 * ESCAPE: RAW is untrusted text, escaped first (through SCRATCH). Every
 * row goes through here: no allocation per cell. */
static void add_cell(struct strbuf *sb, struct strbuf *scratch, const char *raw, int width, bool left,
		     bool escape)
{
	const char *s = raw;
	if (escape) {
		scratch->len = 0;
		if (scratch->buf)
			scratch->buf[0] = '\0';
		batch_escape(scratch, raw);
		s = scratch->buf ? scratch->buf : "";
	}
	int w = text_width(s);
	if (w > width) {
		/* Keep both ends: ids and pod suffixes differ at the end, names at the start. */
		int head = (width - 1) / 2 + (width - 1) % 2, tail = width - 1 - head;
		const unsigned char *p = (const unsigned char *)s;
		int col = 0;
		size_t i = 0;
		while (col < head) {
			i++;
			while ((p[i] & 0xc0) == 0x80)
				i++;
			col++;
		}
		strbuf_add(sb, s, i);
		strbuf_puts(sb, "~");
		size_t j = strlen(s);
		col = 0;
		while (col < tail) {
			j--;
			while (j > 0 && (p[j] & 0xc0) == 0x80)
				j--;
			col++;
		}
		strbuf_puts(sb, s + j);
	} else {
		if (!left)
			add_spaces(sb, width - w);
		strbuf_puts(sb, s);
		if (left)
			add_spaces(sb, width - w);
	}
}

static void add_row(struct strbuf *sb, struct strbuf *scratch, const struct snap_row *r)
{
	char buf[256];
	for (int i = 0; i < COL_MAX; i++) {
		const struct column *col = &columns[i];
		if (r) {
			col->format(r, buf, sizeof(buf));
			if (i == COL_RUNTIME && strcmp(r->cgroup, "/") == 0)
				snprintf(buf, sizeof(buf), "host");
		}
		if (i)
			strbuf_puts(sb, " ");
		/* The name whole, not BUF's copy: its middle is what gets shortened. */
		const char *text = !r ? col->title : i == COL_NAME && r->name ? r->name : buf;
		add_cell(sb, scratch, text, col->width, col->left, r && i == COL_NAME);
	}
	/* Trailing spaces of the last (left-aligned) column help no one. */
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_puts(sb, "\n");
}

static void add_host_summary(struct strbuf *sb, const struct snapshot *s)
{
	const struct snap_host *h = &s->host;
	char a[16], b[16], c[16], d[16], e[16], f[16], g[16];
	char when[32];
	time_t secs = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;
	localtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	strbuf_puts(sb, "boxtop - ");
	batch_escape(sb, h->hostname && *h->hostname ? h->hostname : "host");
	strbuf_printf(sb, " %s, interval %ss, cgroup %s, %zu groups\n", when,
		      format_cores(s->interval_s, a, sizeof(a)),
		      cg_layout_names[s->layout], s->nrows);
	strbuf_printf(sb, "CPU  %s of %u cores, idle %s%%, iowait %s%%, run queue %s, PSI some %s full %s\n",
		      format_cores(h->cpu.used_cores, a, sizeof(a)), h->ncpus, format_pct(h->idle_pct, b, sizeof(b)),
		      format_pct(h->iowait_pct, c, sizeof(c)), format_count(h->run_queue, d, sizeof(d)),
		      format_psi(h->cpu.psi_some_avg10, e, sizeof(e)), format_psi(h->cpu.psi_full_avg10, f, sizeof(f)));
	strbuf_printf(sb, "MEM  %s of %s (%s%%), swap %s, PSI some %s full %s, OOM kills %s\n",
		      format_bytes(h->mem.used_bytes, a, sizeof(a)), format_bytes(h->mem.limit_bytes, b, sizeof(b)),
		      format_pct(h->mem.util_pct, c, sizeof(c)), format_bytes(h->mem.swap_bytes, d, sizeof(d)),
		      format_psi(h->mem.psi_some_avg10, e, sizeof(e)), format_psi(h->mem.psi_full_avg10, f, sizeof(f)),
		      format_count(h->oom_kills_delta, g, sizeof(g)));
	strbuf_printf(sb, "IO   read %s/s write %s/s, PSI some %s full %s\n", format_rate(h->io.read_bps, a, sizeof(a)),
		      format_rate(h->io.write_bps, b, sizeof(b)), format_psi(h->io.psi_some_avg10, c, sizeof(c)),
		      format_psi(h->io.psi_full_avg10, d, sizeof(d)));
	strbuf_printf(sb, "NET  rx %s/s tx %s/s, drops %s/s, errors %s/s\n", format_rate(h->net.rx_bps, a, sizeof(a)),
		      format_rate(h->net.tx_bps, b, sizeof(b)), format_count(h->net.drops_per_s, c, sizeof(c)),
		      format_count(h->net.errors_per_s, d, sizeof(d)));
	if (s->worst_row >= 0) {
		strbuf_puts(sb, "WORST ");
		batch_escape(sb, s->rows[s->worst_row].name);
		strbuf_printf(sb, ": %s", s->worst_resource);
		if (s->rows[s->worst_row].verdict_reason)
			strbuf_printf(sb, " (%s)", s->rows[s->worst_row].verdict_reason);
		strbuf_puts(sb, "\n");
	}
}

void batch_text(struct strbuf *sb, const struct snapshot *s)
{
	add_host_summary(sb, s);
	strbuf_puts(sb, "\n");
	struct strbuf scratch;
	strbuf_init(&scratch);
	add_row(sb, &scratch, NULL);
	struct snap_row host;
	columns_host_row(&s->host, &host);
	add_row(sb, &scratch, &host);
	for (size_t i = 0; i < s->nrows; i++)
		add_row(sb, &scratch, &s->rows[i]);
	strbuf_free(&scratch);
	strbuf_puts(sb, "\n");
}
