/* view_help.c - every key, what each column means and where it comes
 * from, and the verdict rules. Column texts come from the column table
 * (src/columns.c) so the help cannot drift from what is drawn. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "view_priv.h"

static const char *const hints[] = {"Esc", "back", "Up/Dn", "scroll", "q", "quit", NULL};

/* Tall enough for the whole text at the narrowest screen (VIEW_MIN_W). */
#define TEXT_ROWS 320

static const char *const keys[][2] = {
    {"Up Down j k", "move the selection (PgUp PgDn Home End: by a page, to the ends)"},
    {"Enter", "open the selected container, then the selected process; in a hot functions pane, the "
	      "selected function's callers and callees"},
    {"Esc Left Bksp", "go back; on the overview Esc clears the filter, else the container picked (the hot "
		      "functions are the whole host's again)"},
    {"/", "filter containers by a name substring (Enter keeps it, Esc clears it)"},
    {"< > F6", "choose the sort column (processes on the container screen); r reverses"},
    {"P M I N", "sort by CPU, memory, I/O, network (P M: processes by CPU, RSS)"},
    {"Tab", "move between the containers (processes) and the hot functions pane"},
    {"Enter Right", "function screen: open the selected caller or callee (Esc comes back)"},
    {"K U", "function screen: hide or show kernel frames (K), user frames (U)"},
    {"W", "hot functions over every sample from now on (cumulative), or the rolling window again"},
    {"f", "write the stacks of the host, or of the container in view, as boxtop-HOST-TIME.folded (for "
	  "flamegraph.pl, speedscope)"},
    {"Space", "pause: the screen freezes, collection goes on"},
    {"+ -", "longer or shorter interval"},
    {"s", "save the screen (.txt) and the tick's full state (.json) as boxtop-HOST-TIME"},
    {"h ? F1", "this help"},
    {"q F10", "quit"},
    {"mouse", "a click selects a row, on a column title sorts by it (again: reversed); the wheel scrolls"},
};

static const char *const verdicts[][2] = {
    {"oom",
     "OOM kills in the interval (memory.events oom_kill; v1 memory.oom_control). Errors are certain, so "
     "they are looked at first."},
    {"pids-cap", "fork failures in the interval: pids.max was reached (pids.events max)."},
    {"cap-throttled",
     "throttled time grew (cpu.stat nr_throttled/throttled_usec where the quota is set): the "
     "CPU quota is what limits it, not the host's CPUs."},
    {"mem-pressure", "memory PSI full, or memory.high/max events grew with memory PSI some: reclaim slows it "
		     "down, no OOM kill yet."},
    {"io-wait", "I/O PSI: its tasks stall on block I/O (io.max throttling or a busy disk)."},
    {"cpu-contended", "not throttled, yet it waits for CPU (CPU PSI some, or run-queue delay from "
		      "/proc/PID/schedstat) while the host has no idle CPU: other groups take the CPUs."},
    {"net-drops", "packets dropped or listen queue overflows in the interval (net/dev, net/netstat)."},
};

static const char *const procs[][2] = {
    {"PID NSPID", "host pid; pid inside the container (status NSpid)"},
    {"USER S THR", "real uid (status Uid), state (stat), threads (status Threads)"},
    {"CPU%", "of one CPU: stat utime+stime over the interval"},
    {"RSS", "resident memory (stat rss)"},
    {"DELAY%", "time runnable but waiting for a CPU: schedstat run delay over wall time"},
    {"NVCSW/s", "nonvoluntary context switches per second (status): preempted, CPU-starved"},
    {"COMMAND", "cmdline (else [comm]); control characters and bad UTF-8 are shown escaped (\\x1b)"},
};

static const char *const hot[][2] = {
    {"SELF%", "samples with the function on top of the stack (running its own code) over the scope's samples "
	      "(BPF profiler, perf cpu-clock on every CPU; idle left out)"},
    {"TOTAL%", "samples with the function anywhere in the stack (itself and what it calls)"},
    {"MODULE", "the binary or library it is in; [kernel] for kernel code"},
    {"CONTAINER", "host list: the container whose cgroup the samples came from; host = no container"},
    {"callers", "function screen: who called it, outward; callees: what it called, inward; each line's % "
		"is of the scope's samples through that path"},
};

/* Writes TEXT from column X, breaking at spaces within W columns. Returns
 * the rows used. */
static int wrap_words(struct grid *g, int y, int x, int w, enum style st, const char *text)
{
	const char *p = text;
	int lines = 0;
	while (*p) {
		const char *brk = NULL, *q = p;
		int used = 0;
		while (*q) {
			const char *end = q + strlen(q), *next = q;
			struct esc_unit u;
			esc_next(&next, end, grid_utf8(g), &u);
			if (used + u.width > w)
				break;
			if (*q == ' ')
				brk = q;
			used += u.width;
			q = next;
		}
		if (*q && brk && brk > p)
			q = brk;
		char buf[512];
		snprintf(buf, sizeof(buf), "%.*s", (int)(q - p), p);
		grid_text(g, y + lines++, x, w, st, buf);
		while (*q == ' ')
			q++;
		if (q == p)
			break;
		p = q;
	}
	return lines ? lines : 1;
}

/* "TERM  explanation" with the explanation wrapped under itself. */
static int entry(struct grid *t, int y, int tw, const char *term, const char *text, enum style st)
{
	int w = grid_width(t);
	grid_text(t, y, 2, tw, st, term);
	return wrap_words(t, y, 2 + tw + 1, w - tw - 3, STYLE_NORMAL, text);
}

void view_help(struct grid *g, const struct view_ctx *c, struct ui_layout *lay)
{
	int w = grid_width(g), h = grid_height(g), y = 0;
	struct grid *t = grid_new(w, TEXT_ROWS, grid_utf8(g));
	char buf[256];

	view_title(g, c);
	view_status(g, c, hints);

	view_rule(t, y++, STYLE_HEADER, "keys");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		y += entry(t, y, 14, keys[i][0], keys[i][1], STYLE_KEY);

	view_rule(t, y++, STYLE_HEADER, "colours");
	/* The thresholds are the column table's, so the text cannot drift. */
	snprintf(
	    buf, sizeof(buf),
	    "warning: saturation or errors present (throttled >= %.0f%%, PSI some >= %.0f, memory >= %.0f%% "
	    "of the limit, drops, pids near the limit)",
	    SEV_THROTTLED_WARN_PCT, SEV_PSI_WARN, SEV_MEM_PCT_WARN);
	y += wrap_words(t, y, 2, w - 2, STYLE_WARN, buf);
	snprintf(
	    buf, sizeof(buf),
	    "critical: an OOM kill or a fork failure in the interval, throttled > %.0f%%, PSI full > %.0f",
	    SEV_THROTTLED_CRIT_PCT, SEV_PSI_FULL_CRIT);
	y += wrap_words(t, y, 2, w - 2, STYLE_CRIT, buf);
	y += wrap_words(t, y, 2, w - 2, STYLE_DIM, "dim \"-\": the kernel gave no value (not zero)");

	view_rule(t, y++, STYLE_HEADER, "verdicts: the first rule that holds wins");
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		y += entry(t, y, 14, verdicts[i][0], verdicts[i][1], STYLE_WARN);

	view_rule(t, y++, STYLE_HEADER, "overview columns");
	for (int i = 0; i < COL_MAX; i++) {
		snprintf(buf, sizeof(buf), "%s. From %s.", columns[i].help, columns[i].source);
		y += entry(t, y, 8, columns[i].title, buf, STYLE_HEADER);
	}

	view_rule(t, y++, STYLE_HEADER, "host lines");
	y +=
	    wrap_words(t, y, 2, w - 2, STYLE_NORMAL,
		       "CPU: busy share of all CPUs (/proc/stat), psi some/full (/proc/pressure/cpu), runq = "
		       "runnable tasks vs CPUs (/proc/stat procs_running). MEM: MemTotal - MemAvailable "
		       "(/proc/meminfo), psi (/proc/pressure/memory), oom kills (/proc/vmstat oom_kill). IO: "
		       "whole disks (/proc/diskstats), psi (/proc/pressure/io). NET: the host's namespace "
		       "(/proc/net/dev), drops + errors per second.");

	view_rule(t, y++, STYLE_HEADER, "hot functions");
	for (size_t i = 0; i < sizeof(hot) / sizeof(hot[0]); i++)
		y += entry(t, y, 11, hot[i][0], hot[i][1], STYLE_HEADER);

	view_rule(t, y++, STYLE_HEADER, "container screen: processes");
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		y += entry(t, y, 11, procs[i][0], procs[i][1], STYLE_HEADER);
	y += wrap_words(
	    t, y, 2, w - 2, STYLE_NORMAL,
	    "Sparklines: the last ticks (up to 120) of cores, working set, I/O and network bytes/s and "
	    "pids, against the limit when there is one. Process screen: PSS and its split from "
	    "/proc/PID/smaps_rollup, open fds from fd/ against limits, namespaces from ns/ compared "
	    "with PID 1's.");

	view_scroll_window(g, 1, h - 2, t, y, c->st->help_top, lay);
	grid_free(t);
}
