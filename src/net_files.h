/* net_files.h - per network namespace counters, read from the /proc/PID/net
 * files of one process in the namespace (dev, snmp, netstat). */
#ifndef BOXTOP_NET_FILES_H
#define BOXTOP_NET_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup_files.h"
#include "sample.h"

/* Reads the inode of PID's network namespace (readlink ns/net "net:[N]")
 * and its counters. Pass pid 0 for the host's namespace (read through PID 1,
 * as ROOT/proc/net is the reader's own). Returns 0 or -errno (-ENOENT:
 * process gone). *NETNS_INODE is 0 when the link is not readable (no
 * ptrace rights over the process). */
int net_read_ns(int procfd, int32_t pid, uint64_t *netns_inode, struct net_counters *n);

/* What a namespace's listen queue counters were when its net/dev read as
 * DEV_HASH: while net/dev is unchanged no interface received a packet, so
 * no SYN can have overflowed or been dropped, and netstat (the costliest
 * net file by far) need not be generated again. Retransmissions are no
 * such case: TCP counts them even when a firewall drops them before any
 * interface, so snmp is read every time. */
struct net_quiet {
	bool valid;
	uint64_t dev_hash;
	uint64_t listen_overflows, listen_drops;
};

/* Reads the counters of the namespace of the process whose /proc/PID
 * directory is KEY through FILES, which keeps net/dev, net/snmp and
 * net/netstat open across ticks (proc's net files hold the namespace, and
 * restart at offset 0). KEY may be a sentinel once the files are open (see
 * cg_files_rekey). Q (may be NULL; clear valid to force a read) carries
 * the listen queue counters over while net/dev stands still. Returns 0 or
 * -errno. */
int net_read_counters_cached(struct cg_files *files, int key, struct net_counters *n, struct net_quiet *q);

/* Pure parsers (fuzzed). */
int net_parse_dev(const char *text, struct net_counters *n);      /* skips lo */
int net_parse_snmp(const char *text, struct net_counters *n);     /* Tcp: RetransSegs */
int net_parse_netstat(const char *text, struct net_counters *n);  /* TcpExt: ListenOverflows ListenDrops */
int net_parse_ns_link(const char *link, uint64_t *inode);         /* "net:[4026531840]" */

#endif
