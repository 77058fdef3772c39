/* hotloop.c - a workload with a known CPU profile for tests/live/profiler.sh.
 *   hotloop SECS          hot_three() runs three times the loop of hot_one(),
 *                         so a profiler sees them 3:1 (75% and 25% of samples)
 *   hotloop SECS syscall  reads /dev/zero without end: stacks reach the kernel
 * Build with clang -O1 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
 * (gcc drops the frame pointer in leaf functions); -static to run it in a
 * busybox container. Exits after SECS (SIGALRM). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define UNIT 2000000ul

static volatile unsigned long sink;

__attribute__((noinline)) void hot_three(void)
{
	for (unsigned long i = 0; i < 3 * UNIT; i++)
		sink += i;
}

__attribute__((noinline)) void hot_one(void)
{
	for (unsigned long i = 0; i < UNIT; i++)
		sink += i;
}

__attribute__((noinline)) static void hammer_read(int fd)
{
	static char buf[65536];
	for (;;)
		if (read(fd, buf, sizeof(buf)) < 0)
			exit(1);
}

int main(int argc, char **argv)
{
	alarm(argc > 1 ? (unsigned)atoi(argv[1]) : 30);
	if (argc > 2) {
		int fd = open("/dev/zero", O_RDONLY);
		if (fd < 0)
			return 1;
		hammer_read(fd);
	}
	for (;;) {
		hot_three();
		hot_one();
	}
}
