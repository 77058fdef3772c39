/* profiler_probe.c - runs the profiler for tests/live/profiler.sh without
 * the rest of boxtop: N ticks of SECS, then the final window as folded
 * stacks (--folded), as one line per stack with its cgroup id and pid
 * (--stacks: CGROUP_ID <tab> PID <tab> COUNT <tab> comm;outer;...;inner),
 * the host's hot list through hotlist_fill (--hot: FUNCTION <tab> MODULE
 * <tab> SELF_PCT <tab> TOTAL_PCT <tab> SAMPLES), and a summary on stdout
 * (samples, idle, lost, stacks, span_s). With -n 0 it only starts the
 * profiler; with --drop-caps it drops to boxtop's capabilities after
 * starting it, as boxtop does, so symbolization is tested with those.
 * Exits 77 with the reason when the profiler cannot start. Owned by the
 * profiler engineer (issue 5). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "folded.h"
#include "hotlist.h"
#include "privs.h"
#include "profiler.h"
#include "util.h"

static void write_stacks(FILE *out, const struct profile *p)
{
	for (size_t i = 0; i < p->nstacks; i++) {
		const struct profile_stack *s = &p->stacks[i];
		fprintf(out, "%llu\t%d\t%llu\t%s", (unsigned long long)s->cgroup_id, s->pid,
			(unsigned long long)s->count, s->comm);
		for (size_t k = s->nframes; k-- > 0;) {
			const struct profile_frame *f = &p->frames[s->frames[k]];
			fprintf(out, ";%s%s", f->function, f->kernel ? "_[k]" : "");
		}
		fputc('\n', out);
	}
}

static void write_hot(FILE *out, const struct profile *p)
{
	struct snapshot snap = {.arena = arena_new()};
	hotlist_fill(&snap, p, 10, NULL, 0);
	for (size_t i = 0; i < snap.host.nhot; i++) {
		const struct snap_hot *h = &snap.host.hot[i];
		fprintf(out, "%s\t%s\t%.2f\t%.2f\t%llu\n", h->function, h->module, h->self_pct, h->total_pct,
			(unsigned long long)h->samples);
	}
	free(snap.host.hot);
	arena_free(snap.arena);
}

static bool write_to(const char *path, void (*fn)(FILE *, const struct profile *), const struct profile *p)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fn(f, p);
	return fclose(f) == 0;
}

static void write_folded(FILE *out, const struct profile *p)
{
	folded_write(out, p, NULL);
}

int main(int argc, char **argv)
{
	struct profiler_opts opts = {.root = "/", .kernel_stacks = true};
	double secs = 1;
	int ticks = 3, c;
	const char *folded = NULL, *stacks = NULL, *hot = NULL;
	bool drop = false;
	static const struct option longopts[] = {
	    {"folded", required_argument, NULL, 'f'},
	    {"stacks", required_argument, NULL, 's'},
	    {"hot", required_argument, NULL, 'h'},
	    {"drop-caps", no_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	while ((c = getopt_long(argc, argv, "F:d:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			opts.hz = (unsigned)atoi(optarg);
			break;
		case 'd':
			secs = atof(optarg);
			break;
		case 'n':
			ticks = atoi(optarg);
			break;
		case 'f':
			folded = optarg;
			break;
		case 's':
			stacks = optarg;
			break;
		case 'h':
			hot = optarg;
			break;
		case 'D':
			drop = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s [-F HZ] [-d SECS] [-n TICKS] [--folded FILE] [--stacks FILE] "
				"[--hot FILE] [--drop-caps]\n",
				argv[0]);
			return 2;
		}
	}
	/* A window longer than the run, so the last one holds every sample. */
	opts.window_s = secs * ticks + 60;
	const char *why;
	struct profiler *p = profiler_new(&opts, &why);
	if (!p) {
		printf("SKIP %s\n", why);
		return 77;
	}
	if (drop && privs_drop() < 0) {
		fprintf(stderr, "cannot drop capabilities\n");
		profiler_free(p);
		return 1;
	}
	struct profile *win = NULL;
	for (int i = 0; i < ticks; i++) {
		struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
		nanosleep(&ts, NULL);
		profile_free(win);
		int err = profiler_collect(p, &win);
		if (err) {
			fprintf(stderr, "profiler_collect: %s\n", strerror(-err));
			profiler_free(p);
			return 1;
		}
	}
	if (!win) {
		profiler_free(p);
		return 0;
	}
	int rc = 0;
	if ((folded && !write_to(folded, write_folded, win)) ||
	    (stacks && !write_to(stacks, write_stacks, win)) || (hot && !write_to(hot, write_hot, win)))
		rc = 1;
	printf("samples %llu\nidle %llu\nlost %llu\nstacks %zu\nspan_s %.3f\n",
	       (unsigned long long)win->samples, (unsigned long long)win->idle, (unsigned long long)win->lost,
	       win->nstacks, (double)(win->end_ns - win->start_ns) / 1e9);
	profile_free(win);
	profiler_free(p);
	return rc;
}
