/* tmptree.h - hand-made fake trees for the readers' tests: a mkdtemp
 * directory, files written with their parent directories, directory fds,
 * and removal at the end. Header-only; aborts the test on setup failure. */
#ifndef BOXTOP_TMPTREE_H
#define BOXTOP_TMPTREE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void tmptree_die(const char *what, const char *path)
{
	printf("Bail out! %s %s: %s\n", what, path, strerror(errno));
	exit(99);
}

/* Creates a fresh directory under TMPDIR (or /tmp); the caller frees it. */
static inline char *tmptree_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = malloc(4096);
	if (!dir)
		abort();
	snprintf(dir, 4096, "%s/boxtop-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		tmptree_die("mkdtemp", dir);
	return dir;
}

/* ROOT/REL into PATH; a path too long for it fails the test. */
static inline void tmptree_path(char *path, size_t cap, const char *root, const char *rel)
{
	int n = snprintf(path, cap, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= cap) {
		errno = ENAMETOOLONG;
		tmptree_die("path", rel);
	}
}

static inline void tmptree_mkdirs(const char *root, const char *rel)
{
	char path[4096];
	tmptree_path(path, sizeof(path), root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			tmptree_die("mkdir", path);
		*p = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		tmptree_die("mkdir", path);
}

/* Writes LEN bytes of DATA to ROOT/REL, creating its directories. */
static inline void tmptree_put_n(const char *root, const char *rel, const char *data, size_t len)
{
	char path[4096];
	tmptree_path(path, sizeof(path), root, rel);
	char *slash = strrchr(path, '/');
	if (slash > path + strlen(root)) {
		*slash = '\0';
		tmptree_mkdirs(root, path + strlen(root) + 1);
		*slash = '/';
	}
	FILE *f = fopen(path, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		tmptree_die("write", path);
}

static inline void tmptree_put(const char *root, const char *rel, const char *text)
{
	tmptree_put_n(root, rel, text, strlen(text));
}

/* Opens ROOT/REL as a directory fd (REL "" for ROOT itself). */
static inline int tmptree_open(const char *root, const char *rel)
{
	char path[4096];
	tmptree_path(path, sizeof(path), root, rel);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		tmptree_die("open", path);
	return fd;
}

static inline int tmptree_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Removes ROOT and everything below it, and frees ROOT. */
static inline void tmptree_free(char *root)
{
	nftw(root, tmptree_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

#endif
