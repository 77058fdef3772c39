/* proc_files.c - reads /proc for one process (stat, status, schedstat, io,
 * cmdline) and for the host (stat, meminfo, vmstat, loadavg, diskstats,
 * pressure, hostname, kernel release), parsing in place. A process is read
 * through a directory fd of /proc/PID, so a pid recycled between two of its
 * files cannot mix two processes: the old directory just stops answering. */
#include "config.h"

#include "proc_files.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_files.h"
#include "ktext.h"
#include "util.h"

/* What boxtop shows of a command line; longer ones are cut. */
#define CMDLINE_MAX 4096
/* A cgroup.procs line is at most "4194304\n" (PID_MAX_LIMIT). */
#define PID_LINE_MAX 8

int proc_parse_stat(const char *text, struct proc_sample *p)
{
	/* "PID (COMM) STATE PPID ...": COMM may hold spaces and ')' itself, so
	 * it ends at the last ')' of the line. */
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *q = text;
	uint64_t pid;
	if (!open || !close || close < open || parse_u64_prefix(&q, &pid) < 0 || q + 1 != open || *q != ' ' ||
	    pid > INT32_MAX)
		return -EINVAL;

	struct proc_sample got = *p;
	size_t clen = (size_t)(close - open - 1);
	if (clen >= sizeof(got.comm))
		clen = sizeof(got.comm) - 1;
	memcpy(got.comm, open + 1, clen);
	got.comm[clen] = '\0';
	got.pid = (int32_t)pid;

	/* The numbered fields we use after "STATE"; the others (some signed) are skipped. */
	uint64_t ppid = 0, rss_pages = 0;
	const struct {
		int field;
		uint64_t *out;
	} wanted[] = {{4, &ppid},
		      {12, &got.majflt},
		      {14, &got.utime_ticks},
		      {15, &got.stime_ticks},
		      {22, &got.start_ticks},
		      {24, &rss_pages}};
	const char *f, *rest = close + 1;
	size_t len, w = 0;
	if (!ktext_field(&rest, &f, &len) || len != 1)
		return -EINVAL;
	got.state = f[0];
	for (int field = 4; w < ARRAY_SIZE(wanted) && ktext_field(&rest, &f, &len); field++)
		if (field == wanted[w].field && ktext_field_u64(f, len, wanted[w++].out) < 0)
			return -EINVAL;
	if (w < ARRAY_SIZE(wanted) || ppid > INT32_MAX)
		return -EINVAL;
	got.ppid = (int32_t)ppid;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	got.rss_bytes = rss_pages <= UINT64_MAX / page ? rss_pages * page : VAL_NONE;
	*p = got;
	return 0;
}

int proc_parse_status(const char *text, struct proc_sample *p)
{
	enum { UID = 1, NSPID = 2, THREADS = 4, VOL = 8, NONVOL = 16, ALL = 31 };
	struct proc_sample got = *p;
	unsigned seen = 0;
	for (const char *line = text; line && *line && seen != ALL; line = ktext_next_line(line)) {
		const char *rest = line, *f;
		size_t len;
		uint64_t v;
		unsigned key;
		if (!ktext_field(&rest, &f, &len))
			continue;
		if (ktext_field_is(f, len, "Uid:"))
			key = UID;
		else if (ktext_field_is(f, len, "NSpid:"))
			key = NSPID;
		else if (ktext_field_is(f, len, "Threads:"))
			key = THREADS;
		else if (ktext_field_is(f, len, "voluntary_ctxt_switches:"))
			key = VOL;
		else if (ktext_field_is(f, len, "nonvoluntary_ctxt_switches:"))
			key = NONVOL;
		else
			continue;
		if (ktext_next_u64(&rest, &v) < 0)
			return -EINVAL;
		/* NSpid lists the pid in each nested namespace: the last is innermost. */
		while (key == NSPID && ktext_field(&rest, &f, &len))
			if (ktext_field_u64(f, len, &v) < 0)
				return -EINVAL;
		if ((key == UID || key == THREADS) && v > UINT32_MAX)
			return -EINVAL;
		if (key == NSPID && v > INT32_MAX)
			return -EINVAL;
		seen |= key;
		switch (key) {
		case UID:
			got.uid = (uint32_t)v;
			break;
		case NSPID:
			got.nspid = (int32_t)v;
			break;
		case THREADS:
			got.threads = (uint32_t)v;
			break;
		case VOL:
			got.vol_ctxsw = v;
			break;
		default:
			got.nonvol_ctxsw = v;
			break;
		}
	}
	*p = got;
	return 0;
}

int proc_parse_schedstat(const char *text, struct proc_sample *p)
{
	/* "on-cpu ns, run-queue wait ns, timeslices" */
	const char *rest = text, *f;
	size_t len;
	uint64_t v[3];
	for (int i = 0; i < 3; i++)
		if (ktext_next_u64(&rest, &v[i]) < 0)
			return -EINVAL;
	if (ktext_field(&rest, &f, &len))
		return -EINVAL;
	p->run_delay_ns = v[1];
	return 0;
}

int proc_parse_io(const char *text, struct proc_sample *p)
{
	static const char *const keys[] = {"read_bytes:", "write_bytes:"};
	uint64_t v[ARRAY_SIZE(keys)] = {VAL_NONE, VAL_NONE};
	if (ktext_kv(text, keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	if (v[0] != VAL_NONE)
		p->io_read_bytes = v[0];
	if (v[1] != VAL_NONE)
		p->io_write_bytes = v[1];
	return 0;
}

int proc_parse_host_stat(const char *text, struct host_sample *h)
{
	uint64_t cpu[8], running = VAL_NONE, blocked = VAL_NONE;
	size_t ncpu_fields = 0;
	uint32_t ncpus = 0;
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		const char *rest = line, *f;
		size_t len;
		if (!ktext_field(&rest, &f, &len))
			continue;
		if (ktext_field_is(f, len, "cpu")) {
			/* user nice system idle iowait irq softirq steal [guest guest_nice] */
			ncpu_fields = 0;
			while (ncpu_fields < ARRAY_SIZE(cpu) && ktext_field(&rest, &f, &len))
				if (ktext_field_u64(f, len, &cpu[ncpu_fields++]) < 0)
					return -EINVAL;
			if (ncpu_fields < 4)
				return -EINVAL;
		} else if (len > 3 && memcmp(f, "cpu", 3) == 0 && f[3] >= '0' && f[3] <= '9') {
			ncpus++; /* one line per online CPU */
		} else if (ktext_field_is(f, len, "procs_running")) {
			if (ktext_next_u64(&rest, &running) < 0)
				return -EINVAL;
		} else if (ktext_field_is(f, len, "procs_blocked")) {
			if (ktext_next_u64(&rest, &blocked) < 0)
				return -EINVAL;
		}
	}
	uint64_t *fields[] = {&h->cpu_user,   &h->cpu_nice, &h->cpu_system,  &h->cpu_idle,
			      &h->cpu_iowait, &h->cpu_irq,  &h->cpu_softirq, &h->cpu_steal};
	for (size_t i = 0; i < ncpu_fields; i++)
		*fields[i] = cpu[i];
	if (ncpus)
		h->ncpus = ncpus;
	if (running != VAL_NONE)
		h->procs_running = running;
	if (blocked != VAL_NONE)
		h->procs_blocked = blocked;
	return 0;
}

int proc_parse_meminfo(const char *text, struct host_sample *h)
{
	static const char *const keys[] = {"MemTotal:", "MemAvailable:", "SwapTotal:", "SwapFree:"};
	uint64_t *fields[] = {&h->mem_total, &h->mem_available, &h->swap_total, &h->swap_free};
	uint64_t kb[ARRAY_SIZE(keys)] = {VAL_NONE, VAL_NONE, VAL_NONE, VAL_NONE};
	if (ktext_kv(text, keys, ARRAY_SIZE(keys), kb) < 0)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (kb[i] != VAL_NONE && kb[i] > (UINT64_MAX - 1) / 1024)
			return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (kb[i] != VAL_NONE)
			*fields[i] = kb[i] * 1024;
	return 0;
}

int proc_parse_vmstat(const char *text, struct host_sample *h)
{
	static const char *const keys[] = {"pgmajfault", "oom_kill"};
	uint64_t v[ARRAY_SIZE(keys)] = {VAL_NONE, VAL_NONE};
	if (ktext_kv(text, keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	if (v[0] != VAL_NONE)
		h->pgmajfault = v[0];
	if (v[1] != VAL_NONE)
		h->oom_kill = v[1];
	return 0;
}

/* Partitions follow their disk in /proc/diskstats and are named after it:
 * sda -> sda1, nvme0n1 -> nvme0n1p1 (a 'p' when the disk name ends in a digit). */
static bool is_partition_of(const char *name, size_t len, const char *disk, size_t disklen)
{
	if (!disk || len <= disklen || memcmp(name, disk, disklen) != 0)
		return false;
	size_t i = disklen;
	if (disk[disklen - 1] >= '0' && disk[disklen - 1] <= '9' && name[i++] != 'p')
		return false;
	if (i == len)
		return false;
	for (; i < len; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

/* Devices whose I/O is not a disk's: loop and RAM disks are files or memory;
 * device-mapper and md sit on disks counted already. */
static bool is_virtual_disk(const char *name, size_t len)
{
	static const char *const prefixes[] = {"loop", "ram", "zram", "dm-", "md"};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t plen = strlen(prefixes[i]);
		if (len >= plen && memcmp(name, prefixes[i], plen) == 0)
			return true;
	}
	return false;
}

int proc_parse_diskstats(const char *text, struct host_sample *h)
{
	/* MAJ MIN NAME reads merged sectors ms writes merged sectors ms ... */
	uint64_t rios = 0, rsect = 0, wios = 0, wsect = 0;
	const char *disk = NULL;
	size_t disklen = 0;
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		const char *rest = line, *f, *name;
		size_t len, namelen;
		uint64_t v[10];
		if (!ktext_field(&rest, &f, &len))
			continue;
		if (ktext_field_u64(f, len, &v[0]) < 0 || ktext_next_u64(&rest, &v[1]) < 0 ||
		    !ktext_field(&rest, &name, &namelen))
			return -EINVAL;
		for (int i = 3; i < 10; i++)
			if (ktext_next_u64(&rest, &v[i]) < 0)
				return -EINVAL;
		if (is_partition_of(name, namelen, disk, disklen))
			continue;
		disk = name;
		disklen = namelen;
		if (is_virtual_disk(name, namelen))
			continue;
		rios += v[3];
		rsect += v[5];
		wios += v[7];
		wsect += v[9];
	}
	h->disk_rios = rios;
	h->disk_rbytes = rsect * 512;
	h->disk_wios = wios;
	h->disk_wbytes = wsect * 512;
	return 0;
}

/* The first figure of loadavg, "10.06 5.52 2.31 23/243 2853". */
static void parse_loadavg1(const char *text, double *out)
{
	double v;
	if (ktext_decimal(&text, &v) == 0 && *text == ' ')
		*out = v;
}

/* Copies the first line of a one-line file (hostname, osrelease). */
static void read_line_into(struct cg_files *files, int procfd, const char *rel, char *out, size_t cap)
{
	char buf[128];
	ssize_t n = files ? cg_files_read(files, procfd, rel, buf, sizeof(buf)) : read_file_at(procfd, rel, buf, sizeof(buf));
	if (n < 0)
		return;
	size_t len = strcspn(buf, "\n");
	if (len >= cap)
		len = cap - 1;
	memcpy(out, buf, len);
	out[len] = '\0';
}

/* True when PROCFD is this machine's own /proc (not a fixture's), where
 * asking the C library about the machine is the same as asking /proc. */
static bool is_live_proc(int procfd)
{
	struct stat a, b;
	return fstat(procfd, &a) == 0 && stat("/proc", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static void host_init(struct host_sample *h)
{
	h->hostname[0] = h->kernel[0] = '\0';
	h->ncpus = 0;
	h->cpu_user = h->cpu_nice = h->cpu_system = h->cpu_idle = VAL_NONE;
	h->cpu_iowait = h->cpu_irq = h->cpu_softirq = h->cpu_steal = VAL_NONE;
	h->procs_running = h->procs_blocked = VAL_NONE;
	h->loadavg1 = NAN;
	h->mem_total = h->mem_available = h->swap_total = h->swap_free = VAL_NONE;
	h->pgmajfault = h->oom_kill = VAL_NONE;
	h->disk_rbytes = h->disk_wbytes = h->disk_rios = h->disk_wios = VAL_NONE;
	memset(&h->psi_cpu, 0, sizeof(h->psi_cpu));
	memset(&h->psi_mem, 0, sizeof(h->psi_mem));
	memset(&h->psi_io, 0, sizeof(h->psi_io));
}

int proc_read_host(int procfd, struct cg_files *files, struct host_sample *h)
{
	/* Everything but the network, which net_read_ns() fills. */
	static const struct {
		const char *rel;
		int (*parse)(const char *text, struct host_sample *h);
	} parsed[] = {
	    {"stat", proc_parse_host_stat},
	    {"meminfo", proc_parse_meminfo},
	    {"vmstat", proc_parse_vmstat},
	    {"diskstats", proc_parse_diskstats},
	};
	static const char *const psi_files[] = {"pressure/cpu", "pressure/memory", "pressure/io"};
	struct psi_raw *psi[] = {&h->psi_cpu, &h->psi_mem, &h->psi_io};
	char buf[16384], *text;

	host_init(h);
	for (size_t i = 0; i < ARRAY_SIZE(parsed); i++) {
		if (cg_files_read_text(files, procfd, parsed[i].rel, buf, sizeof(buf), &text) >= 0)
			parsed[i].parse(text, h);
		ktext_release(text, buf);
	}
	for (size_t i = 0; i < ARRAY_SIZE(psi_files); i++) {
		if (cg_files_read_text(files, procfd, psi_files[i], buf, sizeof(buf), &text) >= 0)
			cgroup_parse_psi(text, psi[i]);
		ktext_release(text, buf);
	}
	if (cg_files_read_text(files, procfd, "loadavg", buf, sizeof(buf), &text) >= 0)
		parse_loadavg1(text, &h->loadavg1);
	ktext_release(text, buf);
	read_line_into(files, procfd, "sys/kernel/hostname", h->hostname, sizeof(h->hostname));
	read_line_into(files, procfd, "sys/kernel/osrelease", h->kernel, sizeof(h->kernel));
	if (h->ncpus == 0 && is_live_proc(procfd)) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n > 0)
			h->ncpus = (uint32_t)n;
	}
	return 0;
}

/* After stat was read, a later file that cannot be opened means either the
 * process exited (then stat is gone too) or this kernel has no such file. */
static int later_file_failed(int pid_dirfd, ssize_t err)
{
	if (!errno_is_gone((int)err))
		return 0;
	return faccessat(pid_dirfd, "stat", F_OK, 0) == 0 ? 0 : -ENOENT;
}

static char *read_cmdline(int pid_dirfd, ssize_t *err)
{
	char buf[CMDLINE_MAX];
	ssize_t n = read_file_at(pid_dirfd, "cmdline", buf, sizeof(buf));
	*err = n;
	/* Arguments end in NUL: drop the last ones, show the inner ones as spaces. */
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n <= 0)
		return NULL;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return xstrndup(buf, (size_t)n);
}

static int read_pid_files(int dirfd, struct proc_sample *p)
{
	char buf[4096], *text;
	ssize_t n = read_file_at(dirfd, "stat", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (proc_parse_stat(buf, p) < 0)
		return -EINVAL;

	/* From here on a file that fails or does not parse leaves its fields
	 * absent; only the process's exit discards it. */
	n = ktext_read_at(dirfd, "status", buf, sizeof(buf), &text);
	if (n >= 0)
		proc_parse_status(text, p);
	ktext_release(text, buf);
	if (n < 0 && later_file_failed(dirfd, n) < 0)
		return -ENOENT;

	n = read_file_at(dirfd, "schedstat", buf, sizeof(buf));
	if (n >= 0)
		proc_parse_schedstat(buf, p);
	else if (later_file_failed(dirfd, n) < 0)
		return -ENOENT;

	/* io needs ptrace access (EACCES for others' processes unless root). */
	n = read_file_at(dirfd, "io", buf, sizeof(buf));
	if (n >= 0)
		proc_parse_io(buf, p);
	else if (later_file_failed(dirfd, n) < 0)
		return -ENOENT;

	p->cmdline = read_cmdline(dirfd, &n); /* NULL when n < 0 */
	if (n < 0 && later_file_failed(dirfd, n) < 0)
		return -ENOENT;
	return 0;
}

int proc_read_pid(int procfd, int32_t pid, struct proc_sample *p)
{
	char name[16];
	if (pid <= 0)
		return -EINVAL;
	snprintf(name, sizeof(name), "%" PRId32, pid);
	int dirfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	int err = read_pid_files(dirfd, p);
	close(dirfd);
	if (err == 0)
		p->pid = pid;
	return err;
}

int proc_read_start_time(int procfd, int32_t pid, uint64_t *start_ticks)
{
	char rel[32], buf[1024];
	struct proc_sample p;
	if (pid <= 0)
		return -EINVAL;
	snprintf(rel, sizeof(rel), "%" PRId32 "/stat", pid);
	ssize_t n = read_file_at(procfd, rel, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	proc_sample_init(&p);
	if (proc_parse_stat(buf, &p) < 0)
		return -EINVAL;
	*start_ticks = p.start_ticks;
	return 0;
}

int proc_parse_pid_list(const char *text, bool truncated, size_t max, int32_t **pids, size_t *n)
{
	*pids = NULL;
	*n = 0;
	size_t lines = 0;
	for (const char *line = text; line && *line && lines < max; line = ktext_next_line(line))
		lines++;
	int32_t *out = lines ? xmalloc(lines * sizeof(*out)) : NULL;
	size_t count = 0;
	int err = 0;
	for (const char *line = text; line && *line && count < lines; line = ktext_next_line(line)) {
		size_t llen = strcspn(line, "\n");
		uint64_t pid;
		/* A truncated text may end in a pid cut in two by the bound: drop it. */
		if (truncated && !line[llen])
			break;
		if (ktext_field_u64(line, llen, &pid) < 0 || pid == 0 || pid > INT32_MAX) {
			err = -EINVAL;
			break;
		}
		out[count++] = (int32_t)pid;
	}
	if (err < 0 || count == 0) {
		free(out);
		return err;
	}
	*pids = out;
	*n = count;
	return 0;
}

int proc_read_pid_list(int dirfd, const char *rel, size_t max, int32_t **pids, size_t *n)
{
	char stack[4096], *text = stack;
	size_t size = sizeof(stack);
	*pids = NULL;
	*n = 0;
	ssize_t len = read_file_at(dirfd, rel, stack, size);
	if (len < 0)
		return (int)len;
	size_t need = max > (SIZE_MAX - 1) / PID_LINE_MAX ? SIZE_MAX : max * PID_LINE_MAX + 1;
	if ((size_t)len + 1 == size && need > size) {
		/* Longer than the stack buffer: read what MAX pids can take. */
		size = need;
		text = xmalloc(size);
		len = read_file_at(dirfd, rel, text, size);
		if (len < 0) {
			free(text);
			return (int)len;
		}
	}
	int r = proc_parse_pid_list(text, (size_t)len + 1 == size, max, pids, n);
	if (text != stack)
		free(text);
	return r;
}
