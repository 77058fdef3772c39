/* json_out.c - see json_out.h. A tiny streaming writer: it tracks only
 * whether a comma is due, so objects are written in one pass. */
#include "config.h"

#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct jw {
	struct strbuf *sb;
	bool pretty;
	int depth;
	bool need_comma;
};

static void jw_newline(struct jw *w)
{
	if (!w->pretty)
		return;
	strbuf_puts(w->sb, "\n");
	for (int i = 0; i < w->depth; i++)
		strbuf_puts(w->sb, "  ");
}

static void jw_key(struct jw *w, const char *key)
{
	if (w->need_comma)
		strbuf_puts(w->sb, ",");
	if (w->depth > 0)
		jw_newline(w);
	if (key) {
		json_out_string(w->sb, key);
		strbuf_puts(w->sb, w->pretty ? ": " : ":");
	}
	w->need_comma = true;
}

static void jw_open(struct jw *w, const char *key, char brace)
{
	jw_key(w, key);
	strbuf_add(w->sb, &brace, 1);
	w->depth++;
	w->need_comma = false;
}

static void jw_close(struct jw *w, char brace)
{
	w->depth--;
	jw_newline(w);
	strbuf_add(w->sb, &brace, 1);
	w->need_comma = true;
}

static void jw_num(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	if (isnan(v) || isinf(v))
		strbuf_puts(w->sb, "null");
	else if (v == floor(v) && fabs(v) < 9007199254740992.0 && !(v == 0 && signbit(v))) {
		if (v < 0)
			strbuf_add(w->sb, "-", 1);
		strbuf_u64(w->sb, (uint64_t)fabs(v));
	}
	else if (fabs(v) >= 1e5)
		strbuf_printf(w->sb, "%.1f", v);
	else
		strbuf_printf(w->sb, "%.6g", v);
}

static void jw_u64(struct jw *w, const char *key, unsigned long long v)
{
	jw_key(w, key);
	strbuf_u64(w->sb, v);
}

static void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_key(w, key);
	if (v)
		json_out_string(w->sb, v);
	else
		strbuf_puts(w->sb, "null");
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	strbuf_puts(w->sb, v ? "true" : "false");
}

void json_out_string(struct strbuf *sb, const char *str)
{
	const unsigned char *p = (const unsigned char *)str, *end = p + strlen(str);
	strbuf_puts(sb, "\"");
	while (*p) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};
			strbuf_add(sb, esc, 2);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			strbuf_printf(sb, "\\u%04x", *p);
			p++;
		} else {
			int n;
			int32_t cp = utf8_decode(p, (size_t)(end - p), &n);
			if (cp < 0) {
				strbuf_puts(sb, "\\ufffd");
				p++;
			} else if (unicode_is_invisible(cp)) {
				/* The same text to a parser, and inert when printed raw. */
				strbuf_printf(sb, "\\u%04x", (unsigned)cp);
				p += n;
			} else {
				/* The run of plain characters up to the next one to check, in one go. */
				const unsigned char *run = p + n;
				while (*run >= 0x20 && *run < 0x7f && *run != '"' && *run != '\\')
					run++;
				strbuf_add(sb, (const char *)p, (size_t)(run - p));
				p = run;
			}
		}
	}
	strbuf_puts(sb, "\"");
}

static void write_cpu(struct jw *w, const struct snap_cpu *c)
{
	jw_open(w, "cpu", '{');
	jw_num(w, "used_cores", c->used_cores);
	jw_num(w, "limit_cores", c->limit_cores);
	jw_num(w, "util_pct", c->util_pct);
	jw_num(w, "throttled_pct", c->throttled_pct);
	jw_num(w, "throttled_s_per_s", c->throttled_s_per_s);
	jw_num(w, "psi_some_avg10", c->psi_some_avg10);
	jw_num(w, "psi_full_avg10", c->psi_full_avg10);
	jw_num(w, "run_delay_pct", c->run_delay_pct);
	jw_close(w, '}');
}

static void write_mem(struct jw *w, const struct snap_mem *m)
{
	jw_open(w, "memory", '{');
	jw_num(w, "used_bytes", m->used_bytes);
	jw_num(w, "working_set_bytes", m->working_set_bytes);
	jw_num(w, "limit_bytes", m->limit_bytes);
	jw_num(w, "util_pct", m->util_pct);
	jw_num(w, "swap_bytes", m->swap_bytes);
	jw_num(w, "major_faults_per_s", m->major_faults_per_s);
	jw_num(w, "psi_some_avg10", m->psi_some_avg10);
	jw_num(w, "psi_full_avg10", m->psi_full_avg10);
	jw_num(w, "high_events_delta", m->high_events_delta);
	jw_num(w, "max_events_delta", m->max_events_delta);
	jw_num(w, "oom_kills", m->oom_kills);
	jw_num(w, "oom_kills_delta", m->oom_kills_delta);
	jw_num(w, "failcnt_delta", m->failcnt_delta);
	jw_close(w, '}');
}

static void write_io(struct jw *w, const struct snap_io *io)
{
	jw_open(w, "io", '{');
	jw_num(w, "read_bps", io->read_bps);
	jw_num(w, "write_bps", io->write_bps);
	jw_num(w, "read_iops", io->read_iops);
	jw_num(w, "write_iops", io->write_iops);
	jw_num(w, "psi_some_avg10", io->psi_some_avg10);
	jw_num(w, "psi_full_avg10", io->psi_full_avg10);
	jw_close(w, '}');
}

static void write_net(struct jw *w, const struct snap_net *n)
{
	jw_open(w, "net", '{');
	jw_num(w, "rx_bps", n->rx_bps);
	jw_num(w, "tx_bps", n->tx_bps);
	jw_num(w, "rx_pps", n->rx_pps);
	jw_num(w, "tx_pps", n->tx_pps);
	jw_num(w, "drops_per_s", n->drops_per_s);
	jw_num(w, "errors_per_s", n->errors_per_s);
	jw_num(w, "tcp_retrans_per_s", n->tcp_retrans_per_s);
	jw_num(w, "listen_overflows_per_s", n->listen_overflows_per_s);
	jw_bool(w, "shared", n->shared);
	jw_close(w, '}');
}

static void write_hot(struct jw *w, const struct snap_hot *hot, size_t n)
{
	jw_open(w, "hot", '[');
	for (size_t i = 0; i < n; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "function", hot[i].function);
		jw_str(w, "module", hot[i].module);
		jw_num(w, "self_pct", hot[i].self_pct);
		jw_num(w, "total_pct", hot[i].total_pct);
		jw_u64(w, "samples", hot[i].samples);
		if (hot[i].cgroup_id)
			jw_u64(w, "cgroup_id", hot[i].cgroup_id);
		if (hot[i].container)
			jw_str(w, "container", hot[i].container);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void write_procs(struct jw *w, const struct snap_row *r)
{
	jw_open(w, "procs", '[');
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct snap_proc *p = &r->procs[i];
		char state[2] = {p->state ? p->state : '?', '\0'};
		jw_open(w, NULL, '{');
		jw_num(w, "pid", p->pid);
		jw_num(w, "nspid", p->nspid ? p->nspid : NAN);
		jw_num(w, "ppid", p->ppid);
		jw_num(w, "uid", p->uid);
		jw_str(w, "state", state);
		jw_str(w, "comm", p->comm);
		jw_str(w, "cmdline", p->cmdline);
		jw_num(w, "cpu_pct", p->cpu_pct);
		jw_num(w, "rss_bytes", p->rss_bytes);
		jw_num(w, "run_delay_pct", p->run_delay_pct);
		jw_num(w, "nonvol_ctxsw_per_s", p->nonvol_ctxsw_per_s);
		jw_num(w, "major_faults_per_s", p->major_faults_per_s);
		jw_num(w, "threads", p->threads);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void write_row(struct jw *w, const struct snap_row *r, const struct json_out_opts *o)
{
	jw_open(w, NULL, '{');
	jw_str(w, "id", r->id);
	jw_str(w, "name", r->name);
	jw_str(w, "runtime", runtime_names[r->runtime]);
	jw_str(w, "kind", group_kind_names[r->kind]);
	jw_str(w, "cgroup", r->cgroup);
	if (r->cgroup_id)
		jw_u64(w, "cgroup_id", r->cgroup_id);
	else
		jw_num(w, "cgroup_id", NAN);
	jw_str(w, "image", r->image);
	jw_str(w, "pod", r->pod);
	jw_str(w, "namespace", r->k8s_namespace);
	jw_str(w, "parent", r->parent);
	jw_str(w, "verdict", r->verdict ? verdict_names[r->verdict] : NULL);
	jw_str(w, "verdict_reason", r->verdict_reason);
	write_cpu(w, &r->cpu);
	write_mem(w, &r->mem);
	write_io(w, &r->io);
	write_net(w, &r->net);
	jw_open(w, "pids", '{');
	jw_num(w, "current", r->pids.current);
	jw_num(w, "max", r->pids.max);
	jw_num(w, "fork_failures", r->pids.fork_failures);
	jw_num(w, "fork_failures_total", r->pids.fork_failures_total);
	jw_close(w, '}');
	if (r->nhot)
		write_hot(w, r->hot, r->nhot);
	if (o->procs_for && (strcmp(o->procs_for, "*") == 0 || strcmp(o->procs_for, r->cgroup) == 0))
		write_procs(w, r);
	jw_close(w, '}');
}

static void write_host(struct jw *w, const struct snap_host *h)
{
	jw_open(w, "host", '{');
	jw_str(w, "hostname", h->hostname && *h->hostname ? h->hostname : NULL);
	jw_str(w, "kernel", h->kernel && *h->kernel ? h->kernel : NULL);
	jw_num(w, "ncpus", h->ncpus ? h->ncpus : NAN);
	jw_num(w, "idle_pct", h->idle_pct);
	jw_num(w, "iowait_pct", h->iowait_pct);
	jw_num(w, "steal_pct", h->steal_pct);
	jw_num(w, "run_queue", h->run_queue);
	jw_num(w, "load1", h->load1);
	write_cpu(w, &h->cpu);
	write_mem(w, &h->mem);
	write_io(w, &h->io);
	write_net(w, &h->net);
	jw_num(w, "oom_kills_delta", h->oom_kills_delta);
	if (h->nhot)
		write_hot(w, h->hot, h->nhot);
	jw_close(w, '}');
}

void json_out_snapshot(struct strbuf *sb, const struct snapshot *s, const struct json_out_opts *opts)
{
	static const struct json_out_opts defaults = {NULL, false};
	if (!opts)
		opts = &defaults;
	struct jw w = {sb, opts->pretty, 0, false};
	char when[40];
	time_t secs = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_open(&w, NULL, '{');
	jw_str(&w, "time", when);
	jw_num(&w, "interval_s", s->interval_s);
	jw_str(&w, "cgroup_layout", cg_layout_names[s->layout]);
	write_host(&w, &s->host);
	jw_open(&w, "containers", '[');
	for (size_t i = 0; i < s->nrows; i++)
		write_row(&w, &s->rows[i], opts);
	jw_close(&w, ']');
	if (s->worst_row >= 0) {
		jw_open(&w, "worst", '{');
		jw_str(&w, "name", s->rows[s->worst_row].name);
		jw_str(&w, "cgroup", s->rows[s->worst_row].cgroup);
		jw_str(&w, "resource", s->worst_resource);
		jw_close(&w, '}');
	}
	jw_open(&w, "profiler", '{');
	jw_str(&w, "status", s->profiler_status);
	jw_u64(&w, "lost_samples", s->profiler_lost);
	jw_close(&w, '}');
	jw_close(&w, '}');
}
