/* snapfile.c - see snapfile.h. Every name is claimed with O_EXCL, so two
 * boxtops saving in the same second, or a file already there, never lose
 * anything; the JSON comes from src/json_out.c, the batch schema itself,
 * the folded stacks from src/folded.c. */
#include "config.h"

#include "snapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "folded.h"
#include "json_out.h"
#include "util.h"

/* Tries this many suffixes before giving up on a name. */
#define SNAPFILE_TRIES 100

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The host name as it may appear in a file name: anything but letters,
 * digits, '.', '-' and '_' becomes '_' (it came from a kernel file, and a
 * '/' would escape the directory). */
static void safe_host(const char *host, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = host && host[0] ? host : "unknown"; *p && n + 1 < cap; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '-' || c == '_';
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
	if (out[0] == '.')
		out[0] = '_';
}

static void text_body(struct strbuf *sb, const struct grid *g, const struct snapshot *s)
{
	char when[64];
	time_t t = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm))
		snprintf(when, sizeof(when), "-");
	/* Both came from the machine: escaped as the screen shows them. */
	char *host = esc_string(s->host.hostname ? s->host.hostname : "-", grid_utf8(g));
	char *kernel = esc_string(s->host.kernel ? s->host.kernel : "-", grid_utf8(g));
	strbuf_printf(sb, "%s snapshot\nhost: %s\nkernel: %s\ntime: %s\nscreen: %dx%d\n\n", PACKAGE_STRING,
		      host, kernel, when, grid_width(g), grid_height(g));
	free(host);
	free(kernel);
	char *screen = grid_dump(g);
	strbuf_puts(sb, screen);
	free(screen);
}

static int create_excl(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	return fd < 0 ? -errno : fd;
}

/* "DIR/boxtop-HOST-YYYYmmdd-HHMMSS" of S's tick in *OUT (malloc'd), without
 * the suffix a taken name gets. */
static int base_name(const char *dir, const struct snapshot *s, char **out)
{
	char host[72], stamp[32];
	time_t t = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;
	safe_host(s->host.hostname, host, sizeof(host));
	if (!localtime_r(&t, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
		return -EINVAL;
	*out = xasprintf("%s/boxtop-%s-%s", dir ? dir : ".", host, stamp);
	return 0;
}

int snapfile_write(const char *dir, const struct grid *g, const struct snapshot *s, const char *procs_for,
		   char **path)
{
	char *stem;
	int err = 0;

	*path = NULL;
	err = base_name(dir, s, &stem);
	if (err)
		return err;

	struct strbuf txt, json;
	strbuf_init(&txt);
	strbuf_init(&json);
	text_body(&txt, g, s);
	struct json_out_opts jo = {.procs_for = procs_for, .pretty = true};
	json_out_snapshot(&json, s, &jo);
	strbuf_add(&json, "\n", 1);

	for (int i = 1; i <= SNAPFILE_TRIES; i++) {
		char suffix[16] = "";
		if (i > 1)
			snprintf(suffix, sizeof(suffix), "-%d", i);
		char *base = xasprintf("%s%s", stem, suffix);
		char *tp = xasprintf("%s.txt", base), *jp = xasprintf("%s.json", base);
		free(base);
		int tfd = create_excl(tp);
		if (tfd == -EEXIST) {
			free(tp);
			free(jp);
			continue;
		}
		if (tfd < 0) {
			err = tfd;
			free(tp);
			free(jp);
			break;
		}
		int jfd = create_excl(jp);
		if (jfd < 0) {
			/* Give the .txt name back: the pair must match. */
			close(tfd);
			unlink(tp);
			free(tp);
			free(jp);
			if (jfd == -EEXIST)
				continue;
			err = jfd;
			break;
		}
		err = write_all(tfd, txt.buf, txt.len);
		if (!err)
			err = write_all(jfd, json.buf, json.len);
		if (close(tfd) < 0 && !err)
			err = -errno;
		if (close(jfd) < 0 && !err)
			err = -errno;
		if (err) {
			unlink(tp);
			unlink(jp);
			free(tp);
		} else {
			*path = tp;
		}
		free(jp);
		goto out;
	}
	if (!err)
		err = -EEXIST;
out:
	strbuf_free(&txt);
	strbuf_free(&json);
	free(stem);
	return err;
}

int snapfile_write_folded(const char *dir, const struct snapshot *s, const struct profile *p,
			  const struct profile_filter *f, char **path)
{
	char *stem;
	*path = NULL;
	int err = base_name(dir, s, &stem);
	if (err)
		return err;
	err = -EEXIST;
	for (int i = 1; i <= SNAPFILE_TRIES && err == -EEXIST; i++) {
		char suffix[16] = "";
		if (i > 1)
			snprintf(suffix, sizeof(suffix), "-%d", i);
		char *fp = xasprintf("%s%s.folded", stem, suffix);
		int fd = create_excl(fp);
		if (fd < 0) {
			err = fd;
			free(fp);
			continue;
		}
		FILE *out = fdopen(fd, "w");
		if (!out) {
			err = -errno;
			close(fd);
		} else {
			err = folded_write(out, p, f);
			if (fclose(out) != 0 && !err)
				err = -errno;
		}
		if (err) {
			unlink(fp);
			free(fp);
		} else {
			*path = fp;
		}
	}
	free(stem);
	return err;
}
