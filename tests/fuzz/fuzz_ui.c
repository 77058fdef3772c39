/* fuzz_ui.c - fuzz targets of the ui issue: the escaper and the grid on
 * any bytes (what a container can name itself), and the process screen's
 * parsers (smaps_rollup, limits, status, schedstat, ns links). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fuzz.h"
#include "grid.h"
#include "proc_detail.h"

static void run_escape(const uint8_t *data, size_t len)
{
	static bool locale_set;
	if (!locale_set) {
		setlocale(LC_CTYPE, "C.UTF-8");
		locale_set = true;
	}
	char *s = fuzz_cstr(data, len);
	for (int utf8 = 0; utf8 < 2; utf8++) {
		char *e = esc_string(s, utf8);
		/* What reaches the terminal never holds a control byte. */
		for (const char *p = e; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		free(e);
		struct grid *g = grid_new(13, 2, utf8);
		grid_text_mid(g, 0, 0, 13, STYLE_NORMAL, s);
		grid_text(g, 1, 3, 9, STYLE_NORMAL, s);
		grid_text_mid(g, 1, 0, 4, STYLE_NORMAL, s);
		char *dump = grid_dump(g);
		for (const char *p = dump; *p; p++)
			if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
				abort();
		free(dump);
		grid_free(g);
	}
	free(s);
}

static void run_smaps(const uint8_t *data, size_t len)
{
	struct proc_detail d;
	memset(&d, 0, sizeof(d));
	proc_detail_clear(&d);
	char *s = fuzz_cstr(data, len);
	proc_detail_parse_smaps_rollup(s, &d);
	free(s);
}

static void run_limits(const uint8_t *data, size_t len)
{
	uint64_t soft, hard;
	char *s = fuzz_cstr(data, len);
	proc_detail_parse_limits(s, &soft, &hard);
	free(s);
}

static void run_status(const uint8_t *data, size_t len)
{
	struct proc_detail d;
	memset(&d, 0, sizeof(d));
	char *s = fuzz_cstr(data, len);
	proc_detail_parse_status(s, &d);
	proc_detail_parse_schedstat(s, &d);
	uint64_t ino;
	proc_detail_parse_ns_link(s, &ino);
	free(s);
}

static const char *const escape_seeds[] = {
    "web-throttled",
    "a\x1b]0;pwned\x07z",
    "\xe5\x90\x8d\xe5\x89\x8d-\xf0\x9f\x90\xb3",
    "evil\xe2\x80\xaetxt",
    "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80",
    "caf\xc3\xa9\xcc\x81",
    NULL,
};
static const char *const smaps_seeds[] = {
    "55d0c6a4b000-7ffd2f1fe000 ---p 00000000 00:00 0 [rollup]\nRss: 1200 kB\nPss: 800 kB\nPss_Anon: 600 kB\n"
    "Pss_File: 200 kB\nPss_Shmem: 0 kB\nShared_Clean: 400 kB\nPrivate_Dirty: 600 kB\nSwap: 0 kB\nSwapPss: 0 "
    "kB\n",
    NULL,
};
static const char *const limits_seeds[] = {
    "Limit                     Soft Limit           Hard Limit           Units\n"
    "Max open files            1024                 4096                 files\n",
    "Max open files            unlimited            unlimited            files\n",
    NULL,
};
static const char *const status_seeds[] = {
    "Name:\tsh\nState:\tS (sleeping)\nPPid:\t41\nUid:\t0\t0\t0\t0\nNSpid:\t42\t1\nThreads:\t1\n"
    "VmRSS:\t    1200 kB\nnonvoluntary_ctxt_switches:\t7\n",
    "1500000000 250000000 321\n",
    "net:[4026531840]",
    NULL,
};

const struct fuzz_target fuzz_targets[] = {
    {"escape+grid", run_escape, escape_seeds},
    {"smaps_rollup", run_smaps, smaps_seeds},
    {"limits", run_limits, limits_seeds},
    {"status+schedstat+ns", run_status, status_seeds},
};
const size_t fuzz_ntargets = sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
