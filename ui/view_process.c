/* view_process.c - one process: its command line, cgroup, memory as RSS
 * and PSS with the private/shared split, scheduling figures, open files
 * against the limit, namespaces (and which are the host's), and the status
 * lines. The figures beyond the snapshot come from src/proc_detail.c, read
 * by the app only while this screen is open. Scrolls as one text. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "util.h"
#include "view_priv.h"

static const char *const hints[] = {"Esc",  "back", "Up/Dn", "scroll", "Space", "pause", "s",
				    "save", "h",    "help",  "q",      "quit",	NULL};

/* The text is drawn into a grid this tall, then a window of it shown. */
#define TEXT_ROWS 96

static double bytes_of(uint64_t v)
{
	return v == VAL_NONE ? NAN : (double)v;
}

static char *duration(uint64_t ns, char *buf, size_t n)
{
	if (ns == VAL_NONE) {
		snprintf(buf, n, "-");
		return buf;
	}
	double s = (double)ns / 1e9;
	if (s < 60)
		snprintf(buf, n, "%.2fs", s);
	else if (s < 3600)
		snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
	else
		snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
	return buf;
}

/* Writes S over up to MAXLINES rows of W columns from (Y, X), breaking
 * anywhere (a command line has no better place); returns rows used. */
static int wrap(struct grid *g, int y, int x, int w, int maxlines, enum style st, const char *s)
{
	const char *p = s, *end = s + strlen(s);
	int lines = 0;
	while (p < end && lines < maxlines) {
		const char *q = p;
		int used = 0;
		struct esc_unit u;
		while (q < end) {
			const char *next = q;
			esc_next(&next, end, grid_utf8(g), &u);
			if (used + u.width > w)
				break;
			used += u.width;
			q = next;
		}
		if (q == p)
			break;
		char *chunk = xstrndup(p, (size_t)(q - p));
		grid_text(g, y + lines, x, w, st, chunk);
		free(chunk);
		p = q;
		lines++;
	}
	if (p < end && lines > 0)
		grid_text(g, y + lines - 1, x + w - 1, 1, STYLE_DIM, grid_glyph(g, GLYPH_ELLIPSIS));
	return lines ? lines : 1;
}

static const struct snap_proc *find_proc(const struct snap_row *r, int32_t pid)
{
	for (size_t i = 0; r && i < r->nprocs; i++)
		if (r->procs[i].pid == pid)
			return &r->procs[i];
	return NULL;
}

static int draw_detail(struct grid *t, const struct view_ctx *c, int y)
{
	const struct proc_detail *d = c->detail;
	int w = grid_width(t);
	char a[32], b[32], e[32], f[32];
	struct view_line l;

	view_rule(t, y++, STYLE_HEADER, "memory (smaps_rollup)");
	if (d->smaps_err) {
		grid_textf(t, y++, 0, w, STYLE_DIM, "smaps_rollup not readable: %s", strerror(-d->smaps_err));
	} else {
		view_line_start(&l, t, y++, 0, w);
		view_putf(&l, STYLE_NORMAL, "RSS %s", format_bytes(bytes_of(d->rss), a, sizeof(a)));
		view_putf(&l, STYLE_NORMAL, "   PSS %s", format_bytes(bytes_of(d->pss), a, sizeof(a)));
		view_putf(&l, STYLE_DIM, " (anon %s, file %s, shmem %s)",
			  format_bytes(bytes_of(d->pss_anon), a, sizeof(a)),
			  format_bytes(bytes_of(d->pss_file), b, sizeof(b)),
			  format_bytes(bytes_of(d->pss_shmem), e, sizeof(e)));
		view_putf(&l, STYLE_NORMAL, "   swap %s", format_bytes(bytes_of(d->swap), a, sizeof(a)));
		view_line_start(&l, t, y++, 0, w);
		double priv = bytes_of(d->private_clean) + bytes_of(d->private_dirty);
		double shared = bytes_of(d->shared_clean) + bytes_of(d->shared_dirty);
		view_putf(&l, STYLE_NORMAL, "private %s", format_bytes(priv, a, sizeof(a)));
		view_putf(&l, STYLE_DIM, " (clean %s, dirty %s)",
			  format_bytes(bytes_of(d->private_clean), a, sizeof(a)),
			  format_bytes(bytes_of(d->private_dirty), b, sizeof(b)));
		view_putf(&l, STYLE_NORMAL, "   shared %s", format_bytes(shared, a, sizeof(a)));
		view_putf(&l, STYLE_DIM, " (clean %s, dirty %s)",
			  format_bytes(bytes_of(d->shared_clean), e, sizeof(e)),
			  format_bytes(bytes_of(d->shared_dirty), f, sizeof(f)));
	}

	view_rule(t, y++, STYLE_HEADER, "scheduling (schedstat)");
	view_line_start(&l, t, y++, 0, w);
	view_putf(&l, STYLE_NORMAL, "on CPU %s", duration(d->sched_run_ns, a, sizeof(a)));
	view_putf(&l, STYLE_NORMAL, "   waited on a run queue %s", duration(d->sched_wait_ns, a, sizeof(a)));
	view_putf(&l, STYLE_NORMAL, "   timeslices %s",
		  format_count(d->sched_slices == VAL_NONE ? NAN : (double)d->sched_slices, a, sizeof(a)));

	view_rule(t, y++, STYLE_HEADER, "files");
	view_line_start(&l, t, y++, 0, w);
	bool near = d->fds != VAL_NONE && d->fd_soft != VAL_NONE && d->fds * 10 >= d->fd_soft * 9;
	view_putf(&l, near ? STYLE_WARN : STYLE_NORMAL, "open fds %s",
		  d->fds == VAL_NONE ? "-" : format_count((double)d->fds, a, sizeof(a)));
	if (d->limits_err) {
		view_putf(&l, STYLE_DIM, "  (limits not readable: %s)", strerror(-d->limits_err));
	} else {
		view_putf(&l, STYLE_NORMAL, " of %s",
			  d->fd_soft == VAL_NONE ? "unlimited"
						 : format_count((double)d->fd_soft, a, sizeof(a)));
		view_putf(&l, STYLE_DIM, " (hard %s)",
			  d->fd_hard == VAL_NONE ? "unlimited"
						 : format_count((double)d->fd_hard, a, sizeof(a)));
	}

	view_rule(t, y++, STYLE_HEADER, "namespaces (host = PID 1's, ? = PID 1's unreadable)");
	int per = w / 26 < 1 ? 1 : w / 26 > 4 ? 4 : w / 26;
	for (int i = 0; i < PROC_NS_MAX; i++) {
		int col = i % per, x = col * 26;
		if (i && !col)
			y++;
		grid_textf(t, y, x, 7, STYLE_DIM, "%s", proc_detail_ns_names[i]);
		if (!d->ns[i]) {
			grid_text(t, y, x + 7, 18, STYLE_DIM, "-");
			continue;
		}
		grid_textf(t, y, x + 7, 11, STYLE_NORMAL, "%llu", (unsigned long long)d->ns[i]);
		/* PID 1's links can be refused even to root (a sandboxed init):
		 * then whether it is the host's is unknown, not "own". */
		if (!d->host_ns[i])
			grid_text(t, y, x + 19, 5, STYLE_DIM, "?");
		else if (d->host_ns[i] == d->ns[i])
			grid_text(t, y, x + 19, 5, STYLE_WARN, "host");
		else
			grid_text(t, y, x + 19, 5, STYLE_DIM, "own");
	}
	y++;

	if (d->nstatus) {
		view_rule(t, y++, STYLE_HEADER, "status");
		int cols = w >= 100 ? 2 : 1, cw = w / cols;
		for (size_t i = 0; i < d->nstatus; i++) {
			int x = (int)(i % (size_t)cols) * cw;
			grid_textf(t, y, x, 27, STYLE_DIM, "%s", d->status[i].key);
			grid_text(t, y, x + 27, cw - 28, STYLE_NORMAL, d->status[i].value);
			if ((int)(i % (size_t)cols) == cols - 1 || i + 1 == d->nstatus)
				y++;
		}
	}
	if (d->cgroup) {
		view_rule(t, y++, STYLE_HEADER, "cgroup");
		for (const char *p = d->cgroup; *p && y < TEXT_ROWS;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			char *ln = xstrndup(p, len);
			y += wrap(t, y, 0, w, 2, STYLE_NORMAL, ln);
			free(ln);
			p += len + (nl ? 1 : 0);
		}
	}
	return y;
}

void view_process(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	const struct ui_state *st = c->st;
	int w = grid_width(g), h = grid_height(g);
	char a[32], b[32], e[32], user[64];
	struct view_line l;

	view_title(g, c);
	view_status(g, c, hints);
	const struct snap_row *r = ui_state_row(st, c->snap);
	const struct snap_proc *p = find_proc(r, st->sel_pid);
	if (!p) {
		char msg[96];
		snprintf(msg, sizeof(msg), "process %d has exited (Esc goes back)", (int)st->sel_pid);
		view_center(g, 1, h - 2, STYLE_WARN, msg);
		return;
	}

	struct grid *t = grid_new(w, TEXT_ROWS, grid_utf8(g));
	int y = 0;
	view_line_start(&l, t, y++, 0, w);
	view_putf(&l, STYLE_HEADER, "PID %d", (int)p->pid);
	if (p->nspid > 0)
		view_putf(&l, STYLE_NORMAL, "  (%d in the container)", (int)p->nspid);
	view_putf(&l, STYLE_NORMAL, "  ppid %d  state %c  threads %u", (int)p->ppid,
		  p->state ? p->state : '?', (unsigned)p->threads);
	if (c->user_name && c->user_name(p->uid, user, sizeof(user)))
		view_putf(&l, STYLE_NORMAL, "  user %s", user);
	else
		view_putf(&l, STYLE_NORMAL, "  uid %u", (unsigned)p->uid);
	view_line_start(&l, t, y, 0, w);
	view_put(&l, STYLE_DIM, "comm ");
	view_put(&l, STYLE_NORMAL, p->comm ? p->comm : "?");
	view_put(&l, STYLE_DIM, "  in ");
	grid_text_mid(t, y++, l.x, w - l.x, STYLE_NORMAL, r->name ? r->name : r->cgroup);
	view_line_start(&l, t, y, 0, w);
	view_put(&l, STYLE_DIM, "cmdline ");
	y += wrap(t, y, l.x, w - l.x, 4, STYLE_NORMAL,
		  p->cmdline && p->cmdline[0] ? p->cmdline : "(none: a kernel thread or a zombie)");

	view_line_start(&l, t, y++, 0, w);
	view_putf(&l, STYLE_NORMAL, "CPU %s of a core", view_u(format_pct(p->cpu_pct, a, sizeof(a)), sizeof(a), "%"));
	view_putf(&l, STYLE_NORMAL, "   run-queue delay %s",
		  view_u(format_pct(p->run_delay_pct, a, sizeof(a)), sizeof(a), "%"));
	view_putf(&l, STYLE_NORMAL, "   nonvoluntary switches %s",
		  view_u(format_count(p->nonvol_ctxsw_per_s, a, sizeof(a)), sizeof(a), "/s"));
	view_putf(&l, STYLE_NORMAL, "   major faults %s",
		  view_u(format_count(p->major_faults_per_s, b, sizeof(b)), sizeof(b), "/s"));
	view_putf(&l, STYLE_NORMAL, "   RSS %s", format_bytes(p->rss_bytes, e, sizeof(e)));

	if (c->detail && c->detail->pid == p->pid && !c->detail_err)
		y = draw_detail(t, c, y);
	else if (c->detail_err && errno_is_gone(c->detail_err))
		grid_text(t, y++, 0, w, STYLE_DIM, "the process has exited");
	else if (c->detail_err)
		grid_textf(t, y++, 0, w, STYLE_DIM, "details not readable: %s", strerror(-c->detail_err));
	else
		grid_text(t, y++, 0, w, STYLE_DIM, "reading details...");

	view_scroll_window(g, 1, h - 2, t, y, st->detail_top, lay);
	grid_free(t);
}
