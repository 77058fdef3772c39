/* test_ui_snapfile.c - the 's' key's files: names, header, the screen as
 * text, the JSON with the processes of the container in view, never
 * overwriting, a hostile host name, and no half-written pair on failure;
 * the 'f' key's .folded file beside them, named alike, never overwriting. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture_snapshot.h"
#include "folded.h"
#include "grid.h"
#include "json_parse.h"
#include "snapfile.h"
#include "tap.h"
#include "tmptree.h"
#include "util.h"

static char *slurp(const char *path)
{
	char *text = NULL;
	if (read_file_alloc_at(AT_FDCWD, path, 1 << 24, &text) < 0)
		return NULL;
	return text;
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_CTYPE, "C.UTF-8");
	char *fx = fixture_path("v2-systemd-docker-podman");
	if (!fx)
		tap_skip_all("FIXTURES is not set");
	struct model_opts mo = {SORT_CPU, false, NULL};
	struct snapshot *s = fixture_snapshot(fx, &mo);
	if (!s)
		tap_skip_all("the fixture does not build a snapshot yet");
	const struct snap_row *row = NULL;
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].nprocs && strcmp(s->rows[i].name, "web-throttled") == 0)
			row = &s->rows[i];
	ok(row != NULL, "the fixture has web-throttled with processes");

	struct grid *g = grid_new(40, 3, true);
	grid_text(g, 0, 0, 40, STYLE_TITLE, "boxtop screen line");
	grid_text(g, 2, 0, 40, STYLE_NORMAL, "name \x1b[31m");

	char *dir = tmptree_new(), *p1 = NULL, *p2 = NULL, *p3 = NULL;
	is_u64((unsigned)-snapfile_write(dir, g, s, row ? row->cgroup : NULL, &p1), 0, "first save");
	ok(p1 && strstr(p1, "/boxtop-") && strstr(p1, ".txt"), "named boxtop-HOST-STAMP.txt (%s)",
	   p1 ? p1 : "-");
	char want[256];
	snprintf(want, sizeof(want), "-%s-", s->host.hostname);
	ok(p1 && strstr(p1, want), "the host is in the name");
	char *txt = p1 ? slurp(p1) : NULL;
	ok(txt && strncmp(txt, PACKAGE_STRING " snapshot\nhost: ", strlen(PACKAGE_STRING) + 16) == 0,
	   "the text starts with the version and host header");
	ok(txt && strstr(txt, "\nkernel: ") && strstr(txt, "\ntime: ") && strstr(txt, " +0000\n"),
	   "with the kernel and the time");
	ok(txt && strstr(txt, "\n\nboxtop screen line\n\nname \\x1b[31m\n"),
	   "then the screen as shown, escapes included");
	free(txt);

	char jpath[4096];
	snprintf(jpath, sizeof(jpath), "%.*s.json", p1 ? (int)strlen(p1) - 4 : 0, p1 ? p1 : "");
	char *json = slurp(jpath);
	struct json_doc *doc = NULL;
	ok(json && json_parse(json, strlen(json), &doc) == 0 && json_root(doc)->type == JSON_OBJECT,
	   "the JSON file is next to it, and parses");
	json_free(doc);
	ok(json && strstr(json, "\"procs\""), "with the processes of the container in view");
	ok(json && row && strstr(json, row->cgroup), "and its cgroup");
	free(json);

	is_u64((unsigned)-snapfile_write(dir, g, s, NULL, &p2), 0, "second save in the same second");
	ok(p1 && p2 && strcmp(p1, p2) != 0 && strstr(p2, "-2.txt"), "gets a new name, never overwrites (%s)",
	   p2 ? p2 : "-");

	/* A .json alone holding the next name: the pair moves on together. */
	char taken[4096];
	snprintf(taken, sizeof(taken), "%.*s-3.json", p1 ? (int)strlen(p1) - 4 : 0, p1 ? p1 : "");
	tmptree_put(dir, taken + strlen(dir) + 1, "keep me");
	is_u64((unsigned)-snapfile_write(dir, g, s, NULL, &p3), 0, "third save");
	ok(p3 && strstr(p3, "-4.txt"), "skips a name whose .json exists (%s)", p3 ? p3 : "-");
	char *kept = slurp(taken);
	is_str(kept, "keep me", "the existing file is untouched");
	free(kept);
	is_u64((unsigned)count_files(dir), 7, "three pairs and the stranger, no strays");

	/* A host name is kernel data: it cannot lead the file elsewhere. */
	const char *real_host = s->host.hostname;
	s->host.hostname = "../../etc/x";
	char *p4 = NULL;
	is_u64((unsigned)-snapfile_write(dir, g, s, NULL, &p4), 0, "save with a hostile host name");
	ok(p4 && strncmp(p4, dir, strlen(dir)) == 0 && !strchr(p4 + strlen(dir) + 1, '/'),
	   "stays in the directory (%s)", p4 ? p4 : "-");
	s->host.hostname = real_host;

	char *p5 = NULL;
	ok(snapfile_write("/nonexistent-dir-for-boxtop", g, s, NULL, &p5) == -ENOENT && !p5,
	   "a missing directory is an error with no path");

	/* f: the stacks, beside the snapshots, named alike, never over a file. */
	struct profile_builder *b = profile_builder_new();
	uint32_t fr[] = {profile_builder_frame(b, "hot_three", "hotloop", false),
			 profile_builder_frame(b, "main", "hotloop", false)};
	profile_builder_stack(b, 5, 10, "hotloop", 30, fr, 2);
	profile_builder_stack(b, 6, 11, "other", 10, fr + 1, 1);
	struct profile *prof = profile_builder_finish(b);
	uint64_t ids[] = {5};
	struct profile_filter only5 = {.scoped = true, .cgroup_ids = ids, .ncgroup_ids = 1};
	char *f1 = NULL, *f2 = NULL, *f3 = NULL;
	is_u64((unsigned)-snapfile_write_folded(dir, s, prof, &only5, &f1), 0, "f: written");
	size_t stem = p1 ? strlen(p1) - strlen(".txt") : 0;
	ok(f1 && p1 && strncmp(f1, p1, stem) == 0 && strcmp(f1 + stem, ".folded") == 0,
	   "f: named like the snapshot files, .folded (%s)", f1 ? f1 : "-");
	char *text = f1 ? slurp(f1) : NULL;
	is_str(text, "hotloop;main;hot_three 30\n", "f: the scope's stacks only, in folded format");
	struct folded_line *lines = NULL;
	size_t bad;
	ok(text && folded_parse(text, &lines, &bad) == 1 && lines[0].count == 30, "f: parses back");
	folded_lines_free(lines, 1);
	free(text);
	is_u64((unsigned)-snapfile_write_folded(dir, s, prof, NULL, &f2), 0, "f again in the same second");
	ok(f2 && strstr(f2, "-2.folded"), "f: a second name, the first untouched (%s)", f2 ? f2 : "-");
	text = f2 ? slurp(f2) : NULL;
	is_str(text, "hotloop;main;hot_three 30\nother;main 10\n", "f: the host's: every stack");
	free(text);
	ok(snapfile_write_folded("/nonexistent-dir-for-boxtop", s, prof, NULL, &f3) == -ENOENT && !f3,
	   "f: a missing directory is an error with no path");
	profile_free(prof);
	free(f1);
	free(f2);

	free(p1);
	free(p2);
	free(p3);
	free(p4);
	tmptree_free(dir);
	grid_free(g);
	snapshot_free(s);
	free(fx);
	return tap_done();
}
