/* net_files.c - reads a network namespace's counters through one process
 * in it: the namespace's inode (its identity, so namespaces shared by a pod
 * are counted once), net/dev summed over every interface but lo, and the TCP
 * retransmission and listen-queue counters of net/snmp and net/netstat. */
#include "config.h"

#include "net_files.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktext.h"
#include "util.h"

int net_parse_dev(const char *text, struct net_counters *n)
{
	/* "  eth0: rx bytes packets errs drop fifo frame compressed multicast
	 *  tx bytes packets errs drop ..." after two header lines with '|'. The
	 * kernel pads names to 6 columns: a long name or number may touch ':'. */
	uint64_t sum[12] = {0};
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		size_t llen = strcspn(line, "\n");
		const char *colon = memchr(line, ':', llen), *rest, *name, *f;
		size_t namelen, len;
		uint64_t v[12];
		if (memchr(line, '|', llen))
			continue;
		rest = line;
		if (!colon) {
			if (ktext_field(&rest, &f, &len))
				return -EINVAL;
			continue; /* a blank line */
		}
		for (name = line; name < colon && (*name == ' ' || *name == '\t'); name++)
			;
		namelen = (size_t)(colon - name);
		rest = colon + 1;
		for (size_t i = 0; i < ARRAY_SIZE(v); i++)
			if (ktext_next_u64(&rest, &v[i]) < 0)
				return -EINVAL;
		if (namelen == 2 && memcmp(name, "lo", 2) == 0)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(v); i++)
			sum[i] += v[i];
	}
	n->rx_bytes = sum[0];
	n->rx_packets = sum[1];
	n->rx_errors = sum[2];
	n->rx_drops = sum[3];
	n->tx_bytes = sum[8];
	n->tx_packets = sum[9];
	n->tx_errors = sum[10];
	n->tx_drops = sum[11];
	return 0;
}

/* snmp and netstat print each protocol as two lines, "Proto: Name1 Name2 ..."
 * then "Proto: v1 v2 ...". Stores the values of KEYS (names) in VALS; a
 * protocol that is not there leaves VALS untouched. Other columns may be
 * negative (Tcp MaxConn -1) and are not parsed. */
static int parse_header_pair(const char *text, const char *proto, const char *const *keys, size_t nkeys,
			     uint64_t *vals)
{
	size_t plen = strlen(proto);
	for (const char *line = text; line && *line; line = ktext_next_line(line)) {
		if (strncmp(line, proto, plen) != 0 || line[plen] != ' ')
			continue;
		const char *values = ktext_next_line(line);
		if (!values || strncmp(values, proto, plen) != 0)
			return -EINVAL;
		const char *h = line + plen, *v = values + plen, *hf, *vf;
		size_t hlen, vlen;
		while (ktext_field(&h, &hf, &hlen)) {
			if (!ktext_field(&v, &vf, &vlen))
				return -EINVAL;
			for (size_t i = 0; i < nkeys; i++)
				if (ktext_field_is(hf, hlen, keys[i]) &&
				    ktext_field_u64(vf, vlen, &vals[i]) < 0)
					return -EINVAL;
		}
		return ktext_field(&v, &vf, &vlen) ? -EINVAL : 0;
	}
	return 0;
}

int net_parse_snmp(const char *text, struct net_counters *n)
{
	static const char *const keys[] = {"RetransSegs"};
	uint64_t v[ARRAY_SIZE(keys)] = {VAL_NONE};
	if (parse_header_pair(text, "Tcp:", keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	if (v[0] != VAL_NONE)
		n->tcp_retrans_segs = v[0];
	return 0;
}

int net_parse_netstat(const char *text, struct net_counters *n)
{
	static const char *const keys[] = {"ListenOverflows", "ListenDrops"};
	uint64_t v[ARRAY_SIZE(keys)] = {VAL_NONE, VAL_NONE};
	if (parse_header_pair(text, "TcpExt:", keys, ARRAY_SIZE(keys), v) < 0)
		return -EINVAL;
	if (v[0] != VAL_NONE)
		n->listen_overflows = v[0];
	if (v[1] != VAL_NONE)
		n->listen_drops = v[1];
	return 0;
}

int net_parse_ns_link(const char *link, uint64_t *inode)
{
	const char *p = link;
	uint64_t v;
	if (strncmp(p, "net:[", 5) != 0)
		return -EINVAL;
	p += 5;
	if (parse_u64_prefix(&p, &v) < 0 || *p++ != ']' || v == 0)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*inode = v;
	return 0;
}

static int read_ns_inode(int pid_dirfd, uint64_t *inode)
{
	char link[64];
	ssize_t len = read_link_at(pid_dirfd, "ns/net", link, sizeof(link));
	return len < 0 ? (int)len : net_parse_ns_link(link, inode);
}


int net_read_counters_cached(struct cg_files *files, int key, struct net_counters *n, struct net_quiet *q)
{
	char buf[8192], *text;
	net_counters_init(n);
	/* A host namespace of a busy node lists hundreds of interfaces: longer
	 * than BUF, read whole through the same file. */
	ssize_t len = cg_files_read_text(files, key, "net/dev", buf, sizeof(buf), &text);
	int err = len < 0 ? (int)len : net_parse_dev(text, n);
	/* Tells an unchanged net/dev from a changed one. */
	uint64_t hash = err < 0 ? 0 : fnv1a(FNV1A_START, text, (size_t)len);
	ktext_release(text, buf);
	if (err < 0)
		return err;
	if (cg_files_read(files, key, "net/snmp", buf, sizeof(buf)) >= 0)
		net_parse_snmp(buf, n);
	if (q && q->valid && q->dev_hash == hash) {
		n->listen_overflows = q->listen_overflows;
		n->listen_drops = q->listen_drops;
		return 0;
	}
	if (cg_files_read(files, key, "net/netstat", buf, sizeof(buf)) >= 0)
		net_parse_netstat(buf, n);
	if (q)
		*q = (struct net_quiet){true, hash, n->listen_overflows, n->listen_drops};
	return 0;
}

static int read_counters(int pid_dirfd, struct net_counters *n)
{
	char buf[8192], *text;
	ssize_t len = ktext_read_at(pid_dirfd, "net/dev", buf, sizeof(buf), &text);
	int err = len < 0 ? (int)len : net_parse_dev(text, n);
	ktext_release(text, buf);
	if (err < 0)
		return err;
	/* Without IPv4 (or in a trimmed tree) snmp and netstat are absent:
	 * their counters stay VAL_NONE, the interfaces still count. */
	if (ktext_read_at(pid_dirfd, "net/snmp", buf, sizeof(buf), &text) >= 0)
		net_parse_snmp(text, n);
	ktext_release(text, buf);
	if (ktext_read_at(pid_dirfd, "net/netstat", buf, sizeof(buf), &text) >= 0)
		net_parse_netstat(text, n);
	ktext_release(text, buf);
	return 0;
}

int net_read_ns(int procfd, int32_t pid, uint64_t *netns_inode, struct net_counters *n)
{
	char name[16];
	if (pid < 0)
		return -EINVAL;
	*netns_inode = 0;
	net_counters_init(n);
	/* The host's namespace is PID 1's. ROOT/proc/net is the reader's own
	 * namespace, another one when boxtop itself runs in a container. */
	snprintf(name, sizeof(name), "%" PRId32, pid ? pid : 1);
	int dirfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	int err = read_ns_inode(dirfd, netns_inode);
	/* The link needs ptrace rights over the process, which PID 1 may deny
	 * even to root; the counters do not. Without the inode the namespace
	 * still counts, it just cannot be recognised when shared. */
	if (err == -EACCES || err == -EPERM)
		err = 0;
	if (err == 0)
		err = read_counters(dirfd, n);
	close(dirfd);
	if (err < 0) {
		*netns_inode = 0;
		net_counters_init(n);
	}
	return err;
}
