/* privs.c - see privs.h. Called after the BPF program is loaded and
 * attached, and after /proc/kallsyms is read, so neither CAP_SYS_ADMIN nor
 * CAP_SYSLOG is needed any more. */
#include "config.h"

#include "privs.h"

#include <errno.h>
#include <sys/capability.h>

int privs_drop(void)
{
	static const cap_value_t keep[] = {
		CAP_DAC_READ_SEARCH, /* other users' cgroup and /proc files, runtimes' metadata */
		CAP_SYS_PTRACE,      /* /proc/PID/{io,root,maps} of every process: hostnames, symbols */
		CAP_BPF,             /* map reads on kernels < 6.5 with unprivileged BPF disabled */
		CAP_PERFMON,         /* with CAP_BPF, keeps the perf-event program readable */
	};
	cap_t caps = cap_get_proc();
	if (!caps)
		return -errno;
	cap_flag_value_t have;
	cap_t want = cap_init();
	if (!want) {
		cap_free(caps);
		return -errno;
	}
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		/* Keep only what we hold: asking for more fails with EPERM. */
		if (cap_get_flag(caps, keep[i], CAP_PERMITTED, &have) == 0 && have == CAP_SET) {
			cap_set_flag(want, CAP_PERMITTED, 1, &keep[i], CAP_SET);
			cap_set_flag(want, CAP_EFFECTIVE, 1, &keep[i], CAP_SET);
		}
	}
	int r = cap_set_proc(want) < 0 ? -errno : 0;
	cap_free(want);
	cap_free(caps);
	return r;
}
