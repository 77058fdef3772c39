/* test_net_files.c - network namespace readers and parsers: net/dev (lo
 * skipped), the snmp and netstat header/value pairs, the ns/net link, on
 * hand-made processes and on the containers of the v2 capture. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../src/net_files.h"
#include "../src/util.h"
#include "tap.h"
#include "tmptree.h"

#define NONE VAL_NONE

#define DEV_HEADER                                                                                           \
	"Inter-|   Receive                                                |  Transmit\n"                     \
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop "      \
	"fifo colls carrier compressed\n"

#define SNMP_TCP                                                                                             \
	"Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets "         \
	"CurrEstab "                                                                                         \
	"InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"                                           \
	"Tcp: 1 200 120000 -1 0 5 0 0 0 30 40 164 0 0 0\n"

static void test_parse_dev(void)
{
	struct net_counters n;
	net_counters_init(&n);
	ok(net_parse_dev(DEV_HEADER "    lo:    9999      99    0    0    0     0          0         0     "
				    "9999      99    0    0    0     0       0          0\n"
				    "  eth0:    1434      17    1    2    0     0          0         0      "
				    "500       5    3    4    0     0       0          0\n"
				    "veth6180809:424594989   11816    0    0    0     0          0         0 "
				    "  497817    7374    0    0    0     0       0          0\n",
			 &n) == 0,
	   "net/dev parses");
	is_u64(n.rx_bytes, 1434 + 424594989ull, "rx bytes summed without lo (a name touching its number)");
	is_u64(n.rx_packets, 17 + 11816, "rx packets");
	ok(n.rx_errors == 1 && n.rx_drops == 2, "rx errors and drops");
	is_u64(n.tx_bytes, 500 + 497817, "tx bytes");
	is_u64(n.tx_packets, 5 + 7374, "tx packets");
	ok(n.tx_errors == 3 && n.tx_drops == 4, "tx errors and drops");
	ok(n.tcp_retrans_segs == NONE, "net/dev leaves the TCP counters alone");

	ok(net_parse_dev(DEV_HEADER "  eth0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n", &n) == 0 && n.rx_bytes == 1,
	   "net/dev counter that went backwards is read as-is");
	ok(net_parse_dev(DEV_HEADER "    lo: 5 5 0 0 0 0 0 0 5 5 0 0 0 0 0 0\n", &n) == 0 &&
	       n.rx_bytes == 0 && n.tx_packets == 0,
	   "a namespace with only lo: zeros");
	net_counters_init(&n);
	ok(net_parse_dev(DEV_HEADER "  eth0: 1 x 0 0 0 0 0 0 1 1 0 0\n", &n) == -EINVAL && n.rx_bytes == NONE,
	   "malformed net/dev: -EINVAL, untouched");
	ok(net_parse_dev(DEV_HEADER "  eth0: 1 1 0 0 0 0\n", &n) == -EINVAL,
	   "net/dev line cut short: -EINVAL");
	ok(net_parse_dev(DEV_HEADER "garbage\n", &n) == -EINVAL, "net/dev line without ':': -EINVAL");
}

static void test_parse_snmp_netstat(void)
{
	struct net_counters n;
	net_counters_init(&n);
	ok(net_parse_snmp("Ip: Forwarding DefaultTTL\nIp: 1 64\n" SNMP_TCP "Udp: InDatagrams\nUdp: 3\n",
			  &n) == 0,
	   "snmp parses (MaxConn -1 in another column)");
	is_u64(n.tcp_retrans_segs, 164, "snmp Tcp RetransSegs");
	ok(net_parse_snmp("Tcp: RetransSegs\nTcp: 2\n", &n) == 0 && n.tcp_retrans_segs == 2,
	   "snmp backwards read as-is");
	ok(net_parse_snmp("Ip: Forwarding\nIp: 1\n", &n) == 0 && n.tcp_retrans_segs == 2,
	   "snmp without Tcp lines: untouched");
	ok(net_parse_snmp("Tcp: RetransSegs InErrs\nTcp: x 0\n", &n) == -EINVAL && n.tcp_retrans_segs == 2,
	   "malformed RetransSegs: -EINVAL");
	ok(net_parse_snmp("Tcp: RetransSegs InErrs\nTcp: 1\n", &n) == -EINVAL,
	   "fewer values than names: -EINVAL");
	ok(net_parse_snmp("Tcp: RetransSegs\nTcp: 1 2\n", &n) == -EINVAL, "more values than names: -EINVAL");
	ok(net_parse_snmp("Tcp: RetransSegs\n", &n) == -EINVAL, "names without values: -EINVAL");

	net_counters_init(&n);
	ok(net_parse_netstat("TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPHPHits\n"
			     "TcpExt: 0 12 13 99\nIpExt: InNoRoutes\nIpExt: 0\n",
			     &n) == 0,
	   "netstat parses");
	ok(n.listen_overflows == 12 && n.listen_drops == 13, "netstat ListenOverflows, ListenDrops");
	ok(net_parse_netstat("MPTcpExt: ListenOverflows\nMPTcpExt: 7\n", &n) == 0 && n.listen_overflows == 12,
	   "another protocol's columns of the same name are not TcpExt's");
	ok(net_parse_netstat("TcpExt: ListenDrops\nTcpExt: -3\n", &n) == -EINVAL && n.listen_drops == 13,
	   "malformed netstat: -EINVAL");
}

static void test_parse_ns_link(void)
{
	uint64_t ino = 0;
	ok(net_parse_ns_link("net:[4026531840]", &ino) == 0 && ino == 4026531840ull, "ns link");
	ok(net_parse_ns_link("net:[4026532172]\n", &ino) == 0 && ino == 4026532172ull,
	   "ns link with a newline");
	ino = 5;
	ok(net_parse_ns_link("mnt:[4026531840]", &ino) == -EINVAL && ino == 5,
	   "another namespace type: -EINVAL");
	ok(net_parse_ns_link("net:[]", &ino) == -EINVAL, "empty inode: -EINVAL");
	ok(net_parse_ns_link("net:[12", &ino) == -EINVAL, "unclosed: -EINVAL");
	ok(net_parse_ns_link("net:[0]", &ino) == -EINVAL, "inode 0: -EINVAL");
	ok(net_parse_ns_link("net:[1]x", &ino) == -EINVAL && ino == 5, "trailing junk: -EINVAL");
}

static void test_read_handmade(void)
{
	char *root = tmptree_new();
	char path[4096];
	tmptree_put(root, "proc/10/net/dev", DEV_HEADER "  eth0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n");
	tmptree_put(root, "proc/10/net/snmp", SNMP_TCP);
	tmptree_put(root, "proc/10/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 1 2\n");
	tmptree_mkdirs(root, "proc/10/ns");
	snprintf(path, sizeof(path), "%s/proc/10/ns/net", root);
	if (symlink("net:[4026532999]", path) < 0)
		printf("Bail out! symlink %s\n", path);
	tmptree_put(root, "proc/11/net/dev", DEV_HEADER "  eth0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n");
	tmptree_put(root, "proc/11/ns/net", "net:[4026533000]");
	tmptree_put(root, "proc/12/net/dev", DEV_HEADER "  eth0: 10 x\n");
	tmptree_put(root, "proc/12/ns/net", "net:[4026533001]");
	tmptree_put(root, "proc/13/ns/net", "net:[4026533002]");
	tmptree_put(root, "proc/1/net/dev", DEV_HEADER "  eth0: 7 1 0 0 0 0 0 0 8 2 0 0 0 0 0 0\n");
	tmptree_put(root, "proc/1/ns/net", "net:[4026531840]");
	tmptree_put(root, "proc/net/dev", DEV_HEADER "  eth0: 999 1 0 0 0 0 0 0 999 2 0 0 0 0 0 0\n");

	int procfd = tmptree_open(root, "proc");
	struct net_counters n;
	uint64_t ino;
	ok(net_read_ns(procfd, 10, &ino, &n) == 0, "read a namespace through a process");
	is_u64(ino, 4026532999ull, "namespace inode from the ns/net symlink");
	ok(n.rx_bytes == 10 && n.tx_bytes == 20 && n.tx_packets == 2, "net/dev counters");
	is_u64(n.tcp_retrans_segs, 164, "snmp RetransSegs");
	ok(n.listen_overflows == 1 && n.listen_drops == 2, "netstat listen counters");

	ok(net_read_ns(procfd, 11, &ino, &n) == 0 && ino == 4026533000ull,
	   "ns/net as a plain file (copied tree)");
	ok(n.rx_bytes == 10 && n.tcp_retrans_segs == NONE && n.listen_drops == NONE,
	   "missing snmp and netstat: their counters absent");
	ok(net_read_ns(procfd, 12, &ino, &n) == -EINVAL && ino == 0 && n.rx_bytes == NONE,
	   "malformed net/dev: -EINVAL, nothing reported");
	ok(net_read_ns(procfd, 13, &ino, &n) == -ENOENT && ino == 0, "no net/dev: -ENOENT");
	ok(net_read_ns(procfd, 14, &ino, &n) == -ENOENT, "a process that is gone: -ENOENT");
	ok(net_read_ns(procfd, 0, &ino, &n) == 0 && ino == 4026531840ull && n.rx_bytes == 7,
	   "pid 0: the host namespace, read through PID 1");
	close(procfd);
	tmptree_free(root);
}

static void put_tcp(const char *root, int retrans, int overflows)
{
	char text[256];
	snprintf(text, sizeof(text), "Tcp: RtoAlgorithm RetransSegs\nTcp: 1 %d\n", retrans);
	tmptree_put(root, "proc/20/net/snmp", text);
	snprintf(text, sizeof(text), "TcpExt: ListenOverflows ListenDrops\nTcpExt: %d 0\n", overflows);
	tmptree_put(root, "proc/20/net/netstat", text);
}

/* netstat is read again only when net/dev moved (or on demand); snmp always,
 * as a retransmission a firewall drops never reaches an interface. */
static void test_quiet_tcp(void)
{
	char *root = tmptree_new();
	tmptree_put(root, "proc/20/net/dev", DEV_HEADER "  eth0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n");
	put_tcp(root, 5, 1);
	int dirfd = tmptree_open(root, "proc/20");
	struct cg_files *files = cg_files_new();
	struct net_quiet q = {0};
	struct net_counters n;
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.tcp_retrans_segs == 5 && n.listen_overflows == 1,
	   "first read: every file");
	put_tcp(root, 9, 3);
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.tcp_retrans_segs == 9 && n.listen_overflows == 1 &&
		   n.rx_bytes == 10,
	   "net/dev unchanged: retransmissions are read, the listen counters carried");
	tmptree_put(root, "proc/20/net/dev", DEV_HEADER "  eth0: 11 2 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n");
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.tcp_retrans_segs == 9 && n.listen_overflows == 3 &&
		   n.rx_bytes == 11,
	   "a packet moved: netstat is read again");
	put_tcp(root, 12, 4);
	q.valid = false;
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.tcp_retrans_segs == 12 && n.listen_overflows == 4,
	   "an invalidated carry reads them again");
	ok(net_read_counters_cached(files, dirfd, &n, NULL) == 0 && n.tcp_retrans_segs == 12,
	   "without a carry every file is read");

	/* A node's host namespace: hundreds of interfaces, longer than a buffer. */
	struct strbuf dev;
	strbuf_init(&dev);
	strbuf_puts(&dev, DEV_HEADER);
	for (int i = 0; i < 300; i++)
		strbuf_printf(&dev, "  veth%d: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n", i);
	tmptree_put(root, "proc/20/net/dev", dev.buf);
	strbuf_free(&dev);
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.rx_bytes == 3000 && n.tx_packets == 600,
	   "a net/dev longer than the buffer reads whole through the kept file");
	ok(net_read_counters_cached(files, dirfd, &n, &q) == 0 && n.rx_bytes == 3000, "and again the next time");
	cg_files_free(files);
	close(dirfd);
	tmptree_free(root);
}

static void test_fixture(const char *fixtures)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/v2-systemd-docker-podman/t1/proc", fixtures);
	int procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0) {
		ok(0, "open %s", path);
		return;
	}
	struct net_counters n;
	uint64_t ino;
	ok(net_read_ns(procfd, 0, &ino, &n) == 0, "fixture host namespace reads");
	is_u64(ino, 4026531840ull, "fixture host namespace inode");
	is_u64(n.rx_bytes, 425097650ull, "fixture host rx bytes (docker0, veths, podman0; no lo)");
	is_u64(n.tx_bytes, 425111666ull, "fixture host tx bytes");
	ok(n.rx_packets == 19258 && n.tx_packets == 19426, "fixture host packets");
	ok(n.tcp_retrans_segs == 0 && n.listen_overflows == 0 && n.listen_drops == 0,
	   "fixture host TCP counters");

	ok(net_read_ns(procfd, 584, &ino, &n) == 0 && ino == 4026532172ull,
	   "fixture web-throttled namespace");
	ok(n.rx_bytes == 1434 && n.rx_packets == 17 && n.tx_bytes == 0, "fixture web-throttled eth0 only");

	struct net_counters n0;
	uint64_t ino0;
	ok(net_read_ns(procfd, 862, &ino, &n) == 0 && ino == 4026532369ull,
	   "fixture net-source httpd namespace");
	is_u64(n.tx_bytes, 424594989ull, "net-source tx bytes");
	is_u64(n.tcp_retrans_segs, 164, "net-source RetransSegs");
	close(procfd);
	snprintf(path, sizeof(path), "%s/v2-systemd-docker-podman/t0/proc", fixtures);
	procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ok(net_read_ns(procfd, 862, &ino0, &n0) == 0 && ino0 == ino, "net-source at t0: same namespace");
	is_near((n.tx_bytes - n0.tx_bytes) / 1024.0 / 1.877, 2186, 1,
		"net-source eth0 tx 2186 KiB/s (README)");
	close(procfd);
}

/* This machine's /proc: PID 1 may refuse its ns/net link even to root
 * (no ptrace rights), which must not cost the host its counters. */
static void test_live(void)
{
	char link[64];
	ssize_t len = readlink("/proc/1/ns/net", link, sizeof(link) - 1);
	int link_errno = errno;
	if (access("/proc/1/net/dev", R_OK) < 0) {
		ok(1, "# SKIP /proc/1/net/dev is not readable here");
		return;
	}
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct net_counters n;
	uint64_t ino = 1, want = 0;
	ok(net_read_ns(procfd, 0, &ino, &n) == 0 && n.rx_bytes != NONE, "live host namespace counters read");
	if (len >= 0) {
		link[len] = '\0';
		ok(net_parse_ns_link(link, &want) == 0 && ino == want, "live host namespace inode");
	} else {
		ok(ino == 0, "live ns/net link unreadable (%s): inode 0, counters still read",
		   strerror(link_errno));
	}
	close(procfd);
}

int main(void)
{
	test_parse_dev();
	test_parse_snmp_netstat();
	test_parse_ns_link();
	test_read_handmade();
	test_quiet_tcp();
	test_live();

	const char *fixtures = getenv("FIXTURES");
	if (!fixtures || !*fixtures) {
		printf("# FIXTURES is unset: the real-capture cases are skipped\n");
		ok(1, "# SKIP FIXTURES unset (run through make check)");
	} else {
		test_fixture(fixtures);
	}
	return tap_done();
}
