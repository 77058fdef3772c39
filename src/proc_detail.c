/* proc_detail.c - see proc_detail.h. */
#include "config.h"

#include "proc_detail.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

const char *const proc_detail_ns_names[PROC_NS_MAX] = {"cgroup", "ipc",	 "mnt",	 "net",
						       "pid",	 "time", "user", "uts"};

/* The status keys shown, in display order. */
static const char *const status_keys[PROC_DETAIL_STATUS_MAX] = {
    "State",
    "PPid",
    "NSpid",
    "Uid",
    "Gid",
    "Threads",
    "VmPeak",
    "VmSize",
    "VmHWM",
    "VmRSS",
    "VmSwap",
    "voluntary_ctxt_switches",
    "nonvoluntary_ctxt_switches",
    "Cpus_allowed_list",
    "CapEff",
    "Seccomp",
};

/* Counting stops here: the screen says "N+" beyond, and a process holding
 * millions of fds cannot stall a tick. */
#define FD_COUNT_MAX 1000000

void proc_detail_clear(struct proc_detail *d)
{
	free(d->cgroup);
	memset(d, 0, sizeof(*d));
	d->rss = d->pss = d->pss_anon = d->pss_file = d->pss_shmem = VAL_NONE;
	d->shared_clean = d->shared_dirty = d->private_clean = d->private_dirty = VAL_NONE;
	d->swap = d->swap_pss = VAL_NONE;
	d->fds = d->fd_soft = d->fd_hard = VAL_NONE;
	d->sched_run_ns = d->sched_wait_ns = d->sched_slices = VAL_NONE;
}

/* The text after "KEY:" on a line of TEXT, or NULL. */
static const char *line_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = text; p && *p;) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* "Pss:   1234 kB" -> bytes, or VAL_NONE. */
static uint64_t kb_value(const char *text, const char *key)
{
	const char *v = line_value(text, key);
	uint64_t kb;
	if (!v)
		return VAL_NONE;
	while (*v == ' ' || *v == '\t')
		v++;
	if (parse_u64_prefix(&v, &kb) < 0 || strncmp(v, " kB", 3) != 0 || kb > UINT64_MAX / 1024)
		return VAL_NONE;
	return kb * 1024;
}

int proc_detail_parse_smaps_rollup(const char *text, struct proc_detail *d)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"Rss", offsetof(struct proc_detail, rss)},
	    {"Pss", offsetof(struct proc_detail, pss)},
	    {"Pss_Anon", offsetof(struct proc_detail, pss_anon)},
	    {"Pss_File", offsetof(struct proc_detail, pss_file)},
	    {"Pss_Shmem", offsetof(struct proc_detail, pss_shmem)},
	    {"Shared_Clean", offsetof(struct proc_detail, shared_clean)},
	    {"Shared_Dirty", offsetof(struct proc_detail, shared_dirty)},
	    {"Private_Clean", offsetof(struct proc_detail, private_clean)},
	    {"Private_Dirty", offsetof(struct proc_detail, private_dirty)},
	    {"Swap", offsetof(struct proc_detail, swap)},
	    {"SwapPss", offsetof(struct proc_detail, swap_pss)},
	};
	int found = 0;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		uint64_t v = kb_value(text, keys[i].key);
		if (v == VAL_NONE)
			continue;
		memcpy((char *)d + keys[i].off, &v, sizeof(v));
		found++;
	}
	return found ? 0 : -EINVAL;
}

/* A limits value: a number, or "unlimited" (VAL_NONE). Advances *P. */
static int limit_value(const char **p, uint64_t *out)
{
	while (**p == ' ')
		(*p)++;
	if (strncmp(*p, "unlimited", 9) == 0) {
		*p += 9;
		*out = VAL_NONE;
		return 0;
	}
	return parse_u64_prefix(p, out);
}

int proc_detail_parse_limits(const char *text, uint64_t *nofile_soft, uint64_t *nofile_hard)
{
	/* The name column is padded to 26 characters; find the label instead. */
	const char *p = strstr(text, "Max open files");
	uint64_t soft, hard;
	if (!p)
		return -EINVAL;
	p += strlen("Max open files");
	if (limit_value(&p, &soft) < 0 || limit_value(&p, &hard) < 0)
		return -EINVAL;
	*nofile_soft = soft;
	*nofile_hard = hard;
	return 0;
}

/* Copies the value of a status line, tabs and runs of blanks collapsed. */
static void copy_status_value(const char *v, char *out, size_t cap)
{
	size_t n = 0;
	bool blank = false;
	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v && *v != '\n' && n + 1 < cap; v++) {
		if (*v == ' ' || *v == '\t') {
			blank = true;
			continue;
		}
		if (blank && n + 2 < cap)
			out[n++] = ' ';
		blank = false;
		out[n++] = *v;
	}
	out[n] = '\0';
}

int proc_detail_parse_status(const char *text, struct proc_detail *d)
{
	d->nstatus = 0;
	for (size_t i = 0; i < ARRAY_SIZE(status_keys); i++) {
		const char *v = line_value(text, status_keys[i]);
		if (!v)
			continue;
		struct proc_detail_field *f = &d->status[d->nstatus++];
		snprintf(f->key, sizeof(f->key), "%s", status_keys[i]);
		copy_status_value(v, f->value, sizeof(f->value));
	}
	return d->nstatus ? 0 : -EINVAL;
}

int proc_detail_parse_schedstat(const char *text, struct proc_detail *d)
{
	const char *p = text;
	uint64_t run, wait, slices;
	if (parse_u64_prefix(&p, &run) < 0 || *p++ != ' ' || parse_u64_prefix(&p, &wait) < 0 || *p++ != ' ' ||
	    parse_u64_prefix(&p, &slices) < 0)
		return -EINVAL;
	d->sched_run_ns = run;
	d->sched_wait_ns = wait;
	d->sched_slices = slices;
	return 0;
}

int proc_detail_parse_ns_link(const char *link, uint64_t *inode)
{
	const char *p = strchr(link, '[');
	uint64_t v;
	if (!p || p == link || p[-1] != ':')
		return -EINVAL;
	p++;
	if (parse_u64_prefix(&p, &v) < 0 || strcmp(p, "]") != 0)
		return -EINVAL;
	*inode = v;
	return 0;
}

static void read_ns(int piddir, uint64_t *ns)
{
	for (int i = 0; i < PROC_NS_MAX; i++) {
		char rel[32], link[64];
		snprintf(rel, sizeof(rel), "ns/%s", proc_detail_ns_names[i]);
		if (read_link_at(piddir, rel, link, sizeof(link)) <= 0)
			continue;
		if (proc_detail_parse_ns_link(link, &ns[i]) < 0)
			ns[i] = 0;
	}
}

static void count_fds(int piddir, struct proc_detail *d)
{
	int fd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	uint64_t n = 0;
	struct dirent *de;
	while (n < FD_COUNT_MAX && (de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	d->fds = n;
}

int proc_detail_read(const char *root, int32_t pid, struct proc_detail *d)
{
	char path[32], buf[4096], *text = NULL;
	int procfd, piddir, host, err = 0;

	memset(d, 0, sizeof(*d));
	proc_detail_clear(d);
	d->pid = pid;

	char *procpath = xasprintf("%s/proc", root);
	procfd = open(procpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(procpath);
	if (procfd < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d", (int)pid);
	piddir = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0) {
		err = -errno;
		goto out;
	}

	/* status first: if it is gone the process is, and nothing else counts. */
	ssize_t n = read_file_alloc_at(piddir, "status", 64 * 1024, &text);
	if (n < 0) {
		err = (int)n;
		goto out;
	}
	proc_detail_parse_status(text, d);
	free(text);
	text = NULL;

	n = read_file_alloc_at(piddir, "smaps_rollup", 64 * 1024, &text);
	if (n < 0)
		d->smaps_err = (int)n;
	else if (proc_detail_parse_smaps_rollup(text, d) < 0)
		d->smaps_err = -EINVAL;
	free(text);
	text = NULL;

	n = read_file_at(piddir, "limits", buf, sizeof(buf));
	d->limits_err = n < 0 ? (int)n : proc_detail_parse_limits(buf, &d->fd_soft, &d->fd_hard);
	if (read_file_at(piddir, "schedstat", buf, sizeof(buf)) > 0)
		proc_detail_parse_schedstat(buf, d);
	if (read_file_at(piddir, "cgroup", buf, sizeof(buf)) > 0)
		d->cgroup = xstrdup(buf);
	count_fds(piddir, d);
	read_ns(piddir, d->ns);

	host = openat(procfd, "1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (host >= 0) {
		read_ns(host, d->host_ns);
		close(host);
	}
out:
	if (piddir >= 0)
		close(piddir);
	close(procfd);
	if (err)
		proc_detail_clear(d);
	d->pid = pid;
	return err;
}
