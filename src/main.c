/* main.c - the command line: options, then batch or interactive mode.
 * Bad input gets one line on stderr and exit status 2. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "batch.h"
#include "collect.h"
#include "folded.h"
#include "json_out.h"
#include "model.h"
#include "privs.h"
#include "profiler.h"
#include "util.h"

enum {
	OPT_JSON = 0x100,
	OPT_ROOT,
	OPT_NO_BPF,
	OPT_FOLDED,
	OPT_SNAPSHOT_DIR,
	OPT_PROCS,
	OPT_INODE_MAP,
};

struct options {
	bool batch, json, procs, no_bpf;
	long iterations; /* 0 = forever */
	double interval_s;
	unsigned hz;
	const char *root, *folded, *snapshot_dir, *filter, *inode_map;
	enum sort_key sort;
	bool sort_reverse;
};

static const struct option long_options[] = {
	{"batch", no_argument, NULL, 'b'},
	{"iterations", required_argument, NULL, 'n'},
	{"delay", required_argument, NULL, 'd'},
	{"json", no_argument, NULL, OPT_JSON},
	{"procs", no_argument, NULL, OPT_PROCS},
	{"sort", required_argument, NULL, 's'},
	{"reverse", no_argument, NULL, 'r'},
	{"filter", required_argument, NULL, 'f'},
	{"root", required_argument, NULL, OPT_ROOT},
	{"inode-map", required_argument, NULL, OPT_INODE_MAP},
	{"frequency", required_argument, NULL, 'F'},
	{"no-bpf", no_argument, NULL, OPT_NO_BPF},
	{"folded", required_argument, NULL, OPT_FOLDED},
	{"snapshot-dir", required_argument, NULL, OPT_SNAPSHOT_DIR},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: boxtop [OPTION]...\n"
		"Show per-container USE metrics (utilization, saturation, errors) for CPU,\n"
		"memory, block I/O, network and pids, with names from the container runtimes.\n"
		"\n"
		"  -b, --batch             print plain text (or JSON) each tick instead of the screen\n"
		"  -n, --iterations=N      stop after N ticks (default: run until interrupted)\n"
		"  -d, --delay=SECS        seconds between ticks, fractions allowed (default 1)\n"
		"      --json              with -b: one JSON object per tick (JSON Lines)\n"
		"      --procs             with --json: include every container's processes\n"
		"  -s, --sort=KEY          sort rows by cpu, mem, io, net, name or pids (default cpu)\n"
		"  -r, --reverse           reverse the sort order\n"
		"  -f, --filter=TEXT       show only rows whose name, pod, namespace or image has TEXT\n"
		"      --root=DIR          read sys/fs/cgroup, proc and runtime files under DIR (default /)\n"
		"      --inode-map=FILE    cgroup inodes for a copied fixture tree (tests)\n"
		"  -F, --frequency=HZ      profiler sampling frequency (default 99)\n"
		"      --no-bpf            do not start the BPF profiler\n"
		"      --folded=FILE       with -b: write the sampled stacks in folded format to FILE\n"
		"      --snapshot-dir=DIR  where the 's' key saves snapshots (default .)\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Interactive keys: h or ? for help, q to quit. See boxtop(8) for the JSON keys.\n");
}

static __attribute__((format(printf, 1, 2))) int bad_usage(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "boxtop: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'boxtop --help')\n");
	return 2;
}

static bool parse_interval(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0.05 || v > 86400)
		return false;
	*out = v;
	return true;
}

static bool parse_count(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_sort(const char *s, enum sort_key *out)
{
	for (int i = 0; i < SORT_MAX; i++)
		if (strcmp(s, sort_key_names[i]) == 0) {
			*out = (enum sort_key)i;
			return true;
		}
	return false;
}

/* Returns -1 to continue, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	long v;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bn:d:s:rf:F:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->batch = true;
			break;
		case 'n':
			if (!parse_count(optarg, 1, LONG_MAX, &o->iterations))
				return bad_usage("invalid iteration count '%s': expected a whole number >= 1", optarg);
			break;
		case 'd':
			if (!parse_interval(optarg, &o->interval_s))
				return bad_usage("invalid delay '%s': expected seconds from 0.05 to 86400, e.g. 1 or 0.5",
						 optarg);
			break;
		case 's':
			if (!parse_sort(optarg, &o->sort))
				return bad_usage("invalid sort key '%s': expected cpu, mem, io, net, name or pids", optarg);
			break;
		case 'r':
			o->sort_reverse = true;
			break;
		case 'f':
			o->filter = optarg;
			break;
		case 'F':
			if (!parse_count(optarg, 1, 10000, &v))
				return bad_usage("invalid frequency '%s': expected 1 to 10000 Hz", optarg);
			o->hz = (unsigned)v;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_PROCS:
			o->procs = true;
			break;
		case OPT_ROOT:
			o->root = optarg;
			break;
		case OPT_INODE_MAP:
			o->inode_map = optarg;
			break;
		case OPT_NO_BPF:
			o->no_bpf = true;
			break;
		case OPT_FOLDED:
			o->folded = optarg;
			break;
		case OPT_SNAPSHOT_DIR:
			o->snapshot_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			return 0;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if ((o->json || o->folded) && !o->batch)
		return bad_usage("%s needs -b (batch mode)", o->json ? "--json" : "--folded");
	if (o->procs && !o->json)
		return bad_usage("%s needs --json", "--procs");
	return -1;
}

static void sleep_until(uint64_t deadline_ns)
{
	struct timespec ts = {(time_t)(deadline_ns / 1000000000u), (long)(deadline_ns % 1000000000u)};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int write_all(const char *buf, size_t len)
{
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
		return -EIO;
	return 0;
}

/* Writes the last tick's stacks for --folded. */
static int write_folded(const char *path, const struct sample *s)
{
	if (!s || !s->profile) {
		fprintf(stderr, "boxtop: --folded %s: no profile (%s)\n", path,
			s && s->profiler_status ? s->profiler_status : "no sample");
		return 1;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "boxtop: --folded %s: %s\n", path, strerror(errno));
		return 1;
	}
	int r = folded_write(f, s->profile, NULL);
	if (fclose(f) != 0 || r < 0) {
		fprintf(stderr, "boxtop: --folded %s: write failed\n", path);
		return 1;
	}
	return 0;
}

/* Batch mode: the first frame at once (gauges only: rates need two
 * readings), then one per interval on a drift-free schedule. With
 * --folded and one tick, that tick comes after one interval so that the
 * profile covers it. */
static int run_batch(const struct options *o, struct collector *col)
{
	struct model_opts mo = {o->sort, o->sort_reverse, o->filter};
	struct json_out_opts jo = {o->procs ? "*" : NULL, false};
	struct sample *prev = NULL;
	uint64_t step = (uint64_t)(o->interval_s * 1e9);
	uint64_t next = clock_monotonic_ns();
	int status = 0;
	if (o->folded && o->iterations == 1) {
		next += step;
		sleep_until(next);
	}
	for (long i = 0; o->iterations == 0 || i < o->iterations; i++) {
		if (i > 0) {
			next += step;
			sleep_until(next);
		}
		struct sample *cur;
		int r = collector_sample(col, &cur);
		if (r < 0) {
			fprintf(stderr, "boxtop: reading the cgroup tree failed: %s\n", strerror(-r));
			status = 1;
			break;
		}
		struct snapshot *snap = model_build(prev, cur, &mo);
		struct strbuf sb;
		strbuf_init(&sb);
		if (o->json) {
			json_out_snapshot(&sb, snap, &jo);
			strbuf_puts(&sb, "\n");
		} else {
			batch_text(&sb, snap);
		}
		r = write_all(sb.buf, sb.len);
		strbuf_free(&sb);
		snapshot_free(snap);
		sample_free(prev);
		prev = cur;
		if (r < 0) {
			status = 1;
			break;
		}
	}
	if (status == 0 && o->folded)
		status = write_folded(o->folded, prev);
	sample_free(prev);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {.interval_s = 1.0, .hz = 99, .root = "/", .sort = SORT_CPU};
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	/* A closed pipe (boxtop -b | head) ends batch output quietly. */
	signal(SIGPIPE, SIG_DFL);

	const char *err = NULL, *why = NULL;
	struct profiler *prof = NULL;
	if (o.no_bpf)
		why = "profiler off (--no-bpf)";
	else if (strcmp(o.root, "/") != 0)
		why = "profiler off: it samples this machine, not --root";
	else if (o.batch && !o.json && !o.folded)
		why = "profiler off in batch text (use --json or --folded)";
	else
		prof = profiler_new(&(struct profiler_opts){.root = "/", .hz = o.hz, .kernel_stacks = true, .window_s = 10},
				    &why);
	if (o.folded && !prof) {
		fprintf(stderr, "boxtop: --folded needs the profiler: %s\n", why);
		return 1;
	}
	/* Hot lists need every process to attribute stacks on v1. */
	struct collector_opts co = {.root = o.root,
				    .with_procs = o.batch ? o.procs || prof : true,
				    .inode_map = o.inode_map,
				    .profiler = prof,
				    .profiler_status = why};
	struct collector *col = collector_new(&co, &err);
	if (!col) {
		fprintf(stderr, "boxtop: %s: %s\n", o.root, err);
		profiler_free(prof);
		return 1;
	}
	/* Everything privileged is open now (the profiler attaches before this). */
	privs_drop();
	if (o.batch) {
		status = run_batch(&o, col);
	} else {
		struct ui_config ui = {o.interval_s, o.sort, o.sort_reverse, o.filter, o.root, o.snapshot_dir,
				       prof};
		status = 0;
		if (ui_run(&ui, col, &err) < 0) {
			fprintf(stderr, "boxtop: %s\n", err);
			status = 1;
		}
	}
	collector_free(col);
	profiler_free(prof);
	return status;
}
