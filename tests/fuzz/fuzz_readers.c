/* fuzz_readers.c - fuzz targets for every pure parser of the readers layer
 * (cgroup_files.h, proc_files.h, net_files.h), seeded with real contents of
 * the captures in tests/fixtures. Besides not crashing, each target checks
 * the invariants a caller relies on after a successful parse. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../src/cgroup_files.h"
#include "../../src/net_files.h"
#include "../../src/proc_files.h"
#include "../../src/util.h"
#include "fuzz.h"

/* Seeds, copied from tests/fixtures (v2-systemd-docker-podman/t1 and
 * v1-cgroupfs-docker/t1) and trimmed where long. */
static const char *const seeds_cpu_stat[] = {
	"usage_usec 61095827\n"
	"user_usec 42597881\n"
	"system_usec 18497945\n"
	"nr_periods 2123\n"
	"nr_throttled 1869\n"
	"throttled_usec 114444471\n"
	"nr_bursts 0\n"
	"burst_usec 0\n",
	"nr_periods 0\n"
	"nr_throttled 0\n"
	"throttled_time 0\n"
	"nr_bursts 0\n"
	"burst_time 0\n",
	"usage_usec 254725\n"
	"user_usec 123254\n"
	"system_usec 131471\n",
	NULL,
};

static const char *const seeds_cpu_max[] = {
	"30000 100000\n",
	"max 100000\n",
	NULL,
};

static const char *const seeds_limit[] = {
	"50331648\n",
	"max\n",
	"9223372036854771712\n",
	NULL,
};

static const char *const seeds_cpuset[] = {
	"0-1\n",
	"0-3,6,8-11\n",
	NULL,
};

static const char *const seeds_psi[] = {
	"some avg10=46.02 avg60=16.61 avg300=3.97 total=12548447\n"
	"full avg10=46.02 avg60=16.61 avg300=3.97 total=12548447\n",
	"some avg10=89.90 avg60=86.54 avg300=49.02 total=219025635\n"
	"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
	"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
	NULL,
};

static const char *const seeds_io_stat[] = {
	"7:7 \n"
	"7:6 \n"
	"7:5 \n"
	"7:4 \n"
	"7:3 \n"
	"7:2 \n"
	"7:1 \n"
	"7:0 \n"
	"11:0 \n"
	"254:0 rbytes=1023689728 wbytes=455340032 rios=4590 wios=6542 dbytes=0 dios=0\n"
	"2:0 \n",
	"254:0 rbytes=46891008 wbytes=0 rios=399 wios=0 dbytes=0 dios=0\n",
	NULL,
};

static const char *const seeds_blkio[] = {
	"254:0 Read 533725184\n"
	"254:0 Write 281018368\n"
	"254:0 Sync 814743552\n"
	"254:0 Async 0\n"
	"254:0 Discard 0\n"
	"254:0 Total 814743552\n"
	"Total 814743552\n",
	"7:7 Read 0\n"
	"7:7 Write 0\n"
	"7:7 Sync 0\n"
	"7:7 Async 0\n"
	"7:7 Discard 0\n"
	"7:7 Total 0\n"
	"7:6 Read 0\n"
	"7:6 Write 0\n"
	"7:6 Sync 0\n"
	"7:6 Async 0\n"
	"7:6 Discard 0\n"
	"7:6 Total 0\n"
	"7:5 Read 0\n"
	"7:5 Write 0\n",
	NULL,
};

static const char *const seeds_memory_events[] = {
	"low 0\n"
	"high 6106\n"
	"max 0\n"
	"oom 0\n"
	"oom_kill 0\n"
	"oom_group_kill 0\n",
	NULL,
};

static const char *const seeds_memory_stat[] = {
	"anon 48664576\n"
	"file 2330624\n"
	"kernel 704512\n"
	"kernel_stack 32768\n"
	"pagetables 364544\n"
	"sec_pagetables 0\n"
	"percpu 0\n"
	"sock 0\n"
	"vmalloc 0\n"
	"shmem 2293760\n"
	"zswap 0\n"
	"zswapped 0\n"
	"file_mapped 2330624\n"
	"file_dirty 0\n"
	"file_writeback 0\n"
	"swapcached 0\n"
	"anon_thp 2097152\n"
	"file_thp 0\n"
	"shmem_thp 0\n"
	"inactive_anon 50946048\n"
	"active_anon 12288\n"
	"inactive_file 24576\n"
	"active_file 0\n"
	"unevictable 12288\n"
	"slab_reclaimable 62000\n"
	"slab_unreclaimable 180520\n"
	"slab 242520\n"
	"workingset_refault_anon 0\n"
	"workingset_refault_file 10040\n"
	"workingset_activate_anon 0\n",
	"cache 0\n"
	"rss 16310272\n"
	"rss_huge 14680064\n"
	"shmem 0\n"
	"mapped_file 0\n"
	"dirty 0\n"
	"writeback 0\n"
	"workingset_refault_anon 0\n"
	"workingset_refault_file 0\n"
	"swap 0\n"
	"pgpgin 58454\n"
	"pgpgout 58049\n"
	"pgfault 69051\n"
	"pgmajfault 0\n"
	"inactive_anon 16289792\n"
	"active_anon 8192\n"
	"inactive_file 0\n"
	"active_file 0\n"
	"unevictable 0\n"
	"hierarchical_memory_limit 16777216\n"
	"hierarchical_memsw_limit 33554432\n"
	"total_cache 0\n"
	"total_rss 16310272\n"
	"total_rss_huge 14680064\n"
	"total_shmem 0\n"
	"total_mapped_file 0\n"
	"total_dirty 0\n"
	"total_writeback 0\n"
	"total_workingset_refault_anon 0\n"
	"total_workingset_refault_file 0\n"
	"total_swap 0\n"
	"total_pgpgin 58454\n"
	"total_pgpgout 58049\n"
	"total_pgfault 69051\n"
	"total_pgmajfault 0\n"
	"total_inactive_anon 16289792\n"
	"total_active_anon 8192\n"
	"total_inactive_file 0\n"
	"total_active_file 0\n"
	"total_unevictable 0\n",
	NULL,
};

static const char *const seeds_proc_stat[] = {
	"584 (sh) R 561 584 584 0 -1 4194560 647 2 4 0 4256 1838 0 0 20 0 1 0 8787 2314240 1 18446744073709551615 4198400 5785993 140732448003776 0 0 0 0 4 65538 0 0 0 17 1 0 0 0 0 0 6141704 6178576 1002565632 140732448010096 140732448010122 140732448010122 140732448010217 0\n",
	"2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 12 0 0 20 0 1 0 119 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	"42 (a) b (c) S 1 42 42 0 -1 4194560 10 0 3 0 100 50 0 0 20 0 1 0 12345 1000 25\n",
	NULL,
};

static const char *const seeds_proc_status[] = {
	"Name:\tsh\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t584\n"
	"Ngid:\t0\n"
	"Pid:\t584\n"
	"PPid:\t561\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t64\n"
	"Groups:\t0 \n"
	"NStgid:\t584\t1\n"
	"NSpid:\t584\t1\n"
	"NSpgid:\t584\t1\n"
	"NSsid:\t584\t1\n"
	"VmPeak:\t    2260 kB\n"
	"VmSize:\t    2260 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t       4 kB\n"
	"VmRSS:\t       4 kB\n"
	"RssAnon:\t       4 kB\n"
	"RssFile:\t       0 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     176 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t    1552 kB\n"
	"VmLib:\t       8 kB\n"
	"VmPTE:\t      28 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"Threads:\t1\n"
	"SigQ:\t2/15479\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000004\n"
	"SigCgt:\t0000000000010002\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t00000000a80425fb\n"
	"CapEff:\t00000000a80425fb\n"
	"CapBnd:\t00000000a80425fb\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t2\n"
	"Seccomp_filters:\t1\n"
	"Speculation_Store_Bypass:\tnot vulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t23\n"
	"nonvoluntary_ctxt_switches:\t7915\n",
	NULL,
};

static const char *const seeds_proc_schedstat[] = {
	"60735243529 152233633948 7884\n",
	NULL,
};

static const char *const seeds_proc_io[] = {
	"rchar: 44525\n"
	"wchar: 7773\n"
	"syscr: 39\n"
	"syscw: 8\n"
	"read_bytes: 86016\n"
	"write_bytes: 0\n"
	"cancelled_write_bytes: 0\n",
	NULL,
};

static const char *const seeds_host_stat[] = {
	"cpu  15042 0 25902 3385 1455 0 4913 0 0 0\n"
	"cpu0 7486 0 12961 1633 766 0 2446 0 0 0\n"
	"cpu1 7556 0 12941 1752 688 0 2467 0 0 0\n"
	"intr 231832 105 9 0 0 644 0 2 0 1 0 0 0 144 0 0 408 0 0 0 0 0 0 0 0 0 3479 4904 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	"ctxt 438966\n"
	"btime 1795477149\n"
	"processes 2759\n"
	"procs_running 4\n"
	"procs_blocked 2\n"
	"softirq 133689 0 31275 2 10115 178 0 230 28004 0 63885\n",
	NULL,
};

static const char *const seeds_meminfo[] = {
	"MemTotal:        4007132 kB\n"
	"MemFree:         3361100 kB\n"
	"MemAvailable:    3449732 kB\n"
	"Buffers:           11560 kB\n"
	"Cached:           272684 kB\n"
	"SwapCached:            0 kB\n"
	"Active:           180148 kB\n"
	"Inactive:         329844 kB\n"
	"Active(anon):       1160 kB\n"
	"Inactive(anon):   228380 kB\n"
	"Active(file):     178988 kB\n"
	"Inactive(file):   101464 kB\n"
	"Unevictable:          12 kB\n"
	"Mlocked:              12 kB\n"
	"SwapTotal:             0 kB\n"
	"SwapFree:              0 kB\n",
	NULL,
};

static const char *const seeds_vmstat[] = {
	"nr_free_pages 838716\n"
	"pgfault 523336\n"
	"pgmajfault 2212\n"
	"pgrefill 0\n"
	"oom_kill 236\n"
	"compact_stall 0\n",
	NULL,
};

static const char *const seeds_diskstats[] = {
	"   2       0 fd0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	" 254       0 vda 4590 736 1999394 10513 6543 6630 891384 30433 0 24840 48209 0 0 0 0 1403 7262\n"
	"  11       0 sr0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	"   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	"   7       1 loop1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	"   8       0 sda 100 0 1000 0 200 0 2000 0 0 0 0 0 0 0 0 0 0\n"
	"   8       1 sda1 50 0 500 0 100 0 1000 0 0 0 0 0 0 0 0 0 0\n"
	" 259       0 nvme0n1 10 0 100 0 20 0 200 0 0 0 0\n"
	" 259       1 nvme0n1p1 5 0 50 0 10 0 100 0 0 0 0\n",
	NULL,
};

static const char *const seeds_net_dev[] = {
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
	"docker0:      28       1    0    0    0     0          0         0      526       5    0    0    0     0       0          0\n"
	"veth43448dc:       0       0    0    0    0     0          0         0     1434      17    0    0    0     0       0          0\n"
	"veth6272254:       0       0    0    0    0     0          0         0      908      12    0    0    0     0       0          0\n",
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
	"  eth0:    1434      17    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n",
	NULL,
};

static const char *const seeds_net_snmp[] = {
	"Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates\n"
	"Ip: 1 64 7455 0 0 0 0 0 7455 11913 0 0 0 0 0 0 0 0 0\n"
	"Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps\n"
	"Icmp: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	"Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
	"Tcp: 1 200 120000 -1 0 102 0 0 1 7455 297066 164 0 0 0\n"
	"Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
	"Udp: 0 0 0 0 0 0 0 0 0\n"
	"UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
	"UdpLite: 0 0 0 0 0 0 0 0 0\n",
	NULL,
};

static const char *const seeds_net_netstat[] = {
	"TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled RcvPruned OfoPruned OutOfWindowIcmps LockDroppedIcmps ArpFilter TW TWRecycled TWKilled PAWSActive PAWSEstab DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows ListenDrops TCPHPHits TCPPureAcks TCPHPAcks TCPRenoRecovery TCPSackRecovery TCPSACKReneging TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo TCPDSACKUndo TCPLossUndo TCPLostRetransmit TCPRenoFailures TCPSackFailures TCPLossFailures TCPFastRetrans TCPSlowStartRetrans TCPTimeouts TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail TCPSackRecoveryFail TCPRcvCollapsed TCPBacklogCoalesce TCPDSACKOldSent TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnData TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger TCPAbortFailed TCPMemoryPressures TCPMemoryPressuresChrono TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo TCPSpuriousRTOs TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPSackShifted TCPSackMerged TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop TCPMinTTLDrop TCPDeferAcceptDrop IPReversePathFilter TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPRetransFail TCPRcvCoalesce TCPOFOQueue TCPOFODrop TCPOFOMerge TCPChallengeACK TCPSYNChallenge TCPFastOpenActive TCPFastOpenActiveFail TCPFastOpenPassive TCPFastOpenPassiveFail TCPFastOpenListenOverflow TCPFastOpenCookieReqd TCPFastOpenBlackhole TCPSpuriousRtxHostQueues BusyPollRxPackets TCPAutoCorking TCPFromZeroWindowAdv TCPToZeroWindowAdv TCPWantZeroWindowAdv TCPSynRetrans TCPOrigDataSent TCPHystartTrainDetect TCPHystartTrainCwnd TCPHystartDelayDetect TCPHystartDelayCwnd TCPACKSkippedSynRecv TCPACKSkippedPAWS TCPACKSkippedSeq TCPACKSkippedFinWait2 TCPACKSkippedTimeWait TCPACKSkippedChallenge TCPWinProbe TCPKeepAlive TCPMTUPFail TCPMTUPSuccess TCPDelivered TCPDeliveredCE TCPAckCompressed TCPZeroWindowDrop TCPRcvQDrop TCPWqueueTooBig TCPFastOpenPassiveAltKey TcpTimeoutRehash TcpDuplicateDataRehash TCPDSACKRecvSegs TCPDSACKIgnoredDubious TCPMigrateReqSuccess TCPMigrateReqFailure\n"
	"TcpExt: 0 0 0 0 0 0 0 0 0 0 100 0 0 0 2 0 0 0 0 0 0 6663 220 0 0 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 248 3 0 0 0 263 0 0 158 0 0 0 0 0 0 0 0 0 0 0 152 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 4 0 0 0 0 296759 27 9428 0 0 0 0 0 0 0 0 1 0 0 0 296811 0 0 0 0 0 0 0 0 158 0 0 0\n"
	"IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts InOctets OutOctets InMcastOctets OutMcastOctets InBcastOctets OutBcastOctets InCsumErrors InNoECTPkts InECT1Pkts InECT0Pkts InCEPkts ReasmOverlaps\n"
	"IpExt: 0 0 0 0 0 0 398882 427582166 0 0 0 0 0 7457 0 0 0 0\n"
	"MPTcpExt: MPCapableSYNRX MPCapableSYNTX MPCapableSYNACKRX MPCapableACKRX MPCapableFallbackACK MPCapableFallbackSYNACK MPCapableEndpAttempt MPFallbackTokenInit MPTCPRetrans MPJoinNoTokenFound MPJoinSynRx MPJoinSynBackupRx MPJoinSynAckRx MPJoinSynAckBackupRx MPJoinSynAckHMacFailure MPJoinAckRx MPJoinAckHMacFailure DSSNotMatching DSSCorruptionFallback DSSCorruptionReset InfiniteMapTx InfiniteMapRx DSSNoMatchTCP DataCsumErr OFOQueueTail OFOQueue OFOMerge NoDSSInWindow DuplicateData AddAddr EchoAdd PortAdd AddAddrDrop MPJoinPortSynRx MPJoinPortSynAckRx MPJoinPortAckRx MismatchPortSynRx MismatchPortAckRx RmAddr RmAddrDrop RmSubflow MPPrioTx MPPrioRx MPFailTx MPFailRx MPFastcloseTx MPFastcloseRx MPRstTx MPRstRx RcvPruned SubflowStale SubflowRecover SndWndShared RcvWndShared RcvWndConflictUpdate RcvWndConflict\n"
	"MPTcpExt: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	NULL,
};

static const char *const seeds_ns_link[] = {"net:[4026531840]", "net:[4026532172]\n", NULL};

/* Parsers of one cgroup's file into struct cg_counters. */
#define CG_TARGET(name, call)                                            \
	static void run_##name(const uint8_t *data, size_t len)          \
	{                                                                \
		char *text = fuzz_cstr(data, len);                       \
		struct cg_counters c;                                    \
		cg_counters_init(&c);                                    \
		call;                                                    \
		free(text);                                              \
	}

CG_TARGET(cpu_stat, cgroup_parse_cpu_stat(text, &c))
CG_TARGET(cpu_max, cgroup_parse_cpu_max(text, &c.cpu_quota_us, &c.cpu_period_us))
CG_TARGET(limit, cgroup_parse_limit(text, &c.mem_limit))
CG_TARGET(io_stat, cgroup_parse_io_stat(text, &c))
CG_TARGET(blkio, cgroup_parse_blkio(text, &c.io_rbytes, &c.io_wbytes))
CG_TARGET(memory_events, cgroup_parse_memory_events(text, &c))
CG_TARGET(memory_stat, (cgroup_parse_memory_stat(text, CG_LAYOUT_V2, &c),
			cgroup_parse_memory_stat(text, CG_LAYOUT_V1, &c)))

static void run_cpuset(const uint8_t *data, size_t len)
{
	char *text = fuzz_cstr(data, len);
	uint64_t n = VAL_NONE;
	if (cgroup_parse_cpuset_count(text, &n) == 0 && (n == 0 || n == VAL_NONE))
		abort(); /* a parsed cpuset has at least one CPU */
	free(text);
}

static void run_psi(const uint8_t *data, size_t len)
{
	char *text = fuzz_cstr(data, len);
	struct psi_raw p = {0};
	int r = cgroup_parse_psi(text, &p);
	if (r == 0 ? !p.present : p.present)
		abort(); /* present exactly when parsed */
	free(text);
}

/* Parsers of one process's file into struct proc_sample. */
#define PROC_TARGET(name, fn)                                            \
	static void run_##name(const uint8_t *data, size_t len)          \
	{                                                                \
		char *text = fuzz_cstr(data, len);                       \
		struct proc_sample p;                                    \
		proc_sample_init(&p);                                    \
		fn(text, &p);                                            \
		if (strnlen(p.comm, sizeof(p.comm)) == sizeof(p.comm))   \
			abort(); /* comm stays NUL-terminated */         \
		free(text);                                              \
	}

PROC_TARGET(proc_stat, proc_parse_stat)
PROC_TARGET(proc_status, proc_parse_status)
PROC_TARGET(proc_schedstat, proc_parse_schedstat)
PROC_TARGET(proc_io, proc_parse_io)

/* Parsers of the host's files into struct host_sample. */
#define HOST_TARGET(name, fn)                                            \
	static void run_##name(const uint8_t *data, size_t len)          \
	{                                                                \
		char *text = fuzz_cstr(data, len);                       \
		struct host_sample h;                                    \
		memset(&h, 0, sizeof(h));                                \
		fn(text, &h);                                            \
		free(text);                                              \
	}

HOST_TARGET(host_stat, proc_parse_host_stat)
HOST_TARGET(meminfo, proc_parse_meminfo)
HOST_TARGET(vmstat, proc_parse_vmstat)
HOST_TARGET(diskstats, proc_parse_diskstats)

/* Parsers of a network namespace's files into struct net_counters. */
#define NET_TARGET(name, fn)                                             \
	static void run_##name(const uint8_t *data, size_t len)          \
	{                                                                \
		char *text = fuzz_cstr(data, len);                       \
		struct net_counters n;                                   \
		net_counters_init(&n);                                   \
		fn(text, &n);                                            \
		free(text);                                              \
	}

NET_TARGET(net_dev, net_parse_dev)
NET_TARGET(net_snmp, net_parse_snmp)
NET_TARGET(net_netstat, net_parse_netstat)

static void run_ns_link(const uint8_t *data, size_t len)
{
	char *text = fuzz_cstr(data, len);
	uint64_t ino = 0;
	if (net_parse_ns_link(text, &ino) == 0 && ino == 0)
		abort(); /* inode 0 is never a namespace */
	free(text);
}

#define TARGET(name, label) {label, run_##name, seeds_##name}

const struct fuzz_target fuzz_targets[] = {
	TARGET(cpu_stat, "cpu.stat"),
	TARGET(cpu_max, "cpu.max"),
	TARGET(limit, "limit"),
	TARGET(cpuset, "cpuset"),
	TARGET(psi, "pressure"),
	TARGET(io_stat, "io.stat"),
	TARGET(blkio, "blkio"),
	TARGET(memory_events, "memory.events"),
	TARGET(memory_stat, "memory.stat"),
	TARGET(proc_stat, "proc-stat"),
	TARGET(proc_status, "proc-status"),
	TARGET(proc_schedstat, "proc-schedstat"),
	TARGET(proc_io, "proc-io"),
	TARGET(host_stat, "host-stat"),
	TARGET(meminfo, "meminfo"),
	TARGET(vmstat, "vmstat"),
	TARGET(diskstats, "diskstats"),
	TARGET(net_dev, "net-dev"),
	TARGET(net_snmp, "net-snmp"),
	TARGET(net_netstat, "net-netstat"),
	TARGET(ns_link, "ns-link"),
};
const size_t fuzz_ntargets = ARRAY_SIZE(fuzz_targets);
