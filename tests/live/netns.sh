#!/bin/bash
# netns.sh - two network namespaces of our own joined by a veth pair; a process
# of our cgroup in namespace A sends a steady ~640 KB/s (10 MB at most, 20 s at
# most) to a sink in namespace B. boxtop's net rates for our cgroup must match
# the kernel's /proc/PID/net/dev deltas of namespace A over the same run. The
# veth is the only link of either namespace: no packet can leave them.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_live
need_cmd ip
[ -x /bin/busybox ] || skip_all "busybox-static not installed (/bin/busybox, for nc)"
cg_create

nsa=boxtop-test-$$-a
nsb=boxtop-test-$$-b
# Interface names are at most 15 bytes.
va=btv$$a
vb=btv$$b
defer "ip netns del $nsb"
defer "ip netns del $nsa"
ip netns add "$nsa" || bail "ip netns add $nsa failed"
ip netns add "$nsb" || bail "ip netns add $nsb failed"
# Created inside A with its peer inside B: neither end ever exists on the host.
ip link add "$va" netns "$nsa" type veth peer name "$vb" netns "$nsb" || bail "cannot create the veth pair"
ip -n "$nsa" addr add 10.213.77.1/30 dev "$va"
ip -n "$nsb" addr add 10.213.77.2/30 dev "$vb"
ip -n "$nsa" link set "$va" up
ip -n "$nsb" link set "$vb" up

# The sink in B, outside our cgroup (killed by the netns/pid cleanup below).
ip netns exec "$nsb" /bin/busybox nc -ll -p 5001 -e /bin/busybox dd of=/dev/null >/dev/null 2>&1 </dev/null &
sink=$!
defer "kill -KILL $sink"
for _ in $(seq 1 50); do
	ip netns exec "$nsb" cat /proc/net/tcp | awk '$2 ~ /:1389$/ && $4 == "0A"' | grep -q . && break
	sleep 0.1
done

# The source, born in our cgroup, then entering A: 64 KiB every 100 ms over one
# connection, 200 rounds at most, and timeout(1) as a second bound.
# shellcheck disable=SC2016 # expanded by the inner shell
cg_spawn ip netns exec "$nsa" timeout 25 sh -c 'i=0; while [ $i -lt 200 ]; do
	head -c 65536 /dev/zero; sleep 0.1; i=$((i + 1)); done | /bin/busybox nc 10.213.77.2 5001'
src=$CG_SPAWN_PID
sleep 1.5 # connected and steady

check_eq "the source is in namespace A" "$(readlink "/proc/$src/ns/net")" \
	"$(ip netns exec "$nsa" readlink /proc/self/ns/net)"
check_eq "namespace A has only lo and our veth" \
	"$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' "/proc/$src/net/dev" | sort | tr '\n' ' ')" \
	"$(printf '%s\n' lo "$va" | sort | tr '\n' ' ')"

# "RX_BYTES RX_PACKETS TX_BYTES TX_PACKETS" of namespace A without lo, as boxtop counts.
ns_counters() {
	awk -F: 'NR > 2 && $1 !~ /^ *lo$/ { split($2, f, " "); rb += f[1]; rp += f[2]; tb += f[9]; tp += f[10] }
		END { print rb + 0, rp + 0, tb + 0, tp + 0 }' "/proc/$src/net/dev"
}

cg=$(cg_path)
read -r rb0 rp0 tb0 tp0 <<<"$(ns_counters)"
s0=$(date +%s%N)
if boxtop_json "$TMPD/out.jsonl" 4 1; then
	pass "boxtop -b --json -n 4 -d 1 exits 0"
else
	fail "boxtop -b --json -n 4 -d 1 exits 0" "status $?: $(head -c 2000 "$TMPD/out.jsonl.err")"
fi
s1=$(date +%s%N)
read -r rb1 rp1 tb1 tp1 <<<"$(ns_counters)"
rate() { awk -v a="$1" -v b="$2" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.1f", (b - a) * 1e9 / (s1 - s0) }'; }
k_tx=$(rate "$tb0" "$tb1")
k_rx=$(rate "$rb0" "$rb1")
k_txp=$(rate "$tp0" "$tp1")
k_rxp=$(rate "$rp0" "$rp1")
diag "kernel, namespace A: tx $k_tx B/s ($k_txp pkt/s), rx $k_rx B/s ($k_rxp pkt/s)"
check_range "kernel: the source sends 400-800 KB/s" "$k_tx" 400000 800000

check_eq "our cgroup is a row in the last tick" "$(json_row "$TMPD/out.jsonl" "$cg" '.cgroup')" "$cg"
# Rates averaged over the run's ticks against the kernel's delta over the run.
check_gt "tx_bps in the last tick > 0" "$(json_row "$TMPD/out.jsonl" "$cg" '.net.tx_bps')" 0
check_near "tx_bps within 15% of /proc/PID/net/dev" "$(json_mean "$TMPD/out.jsonl" "$cg" '.net.tx_bps')" "$k_tx" 0.15
# The return path is ACKs only: small, so an absolute margin too.
check_near "rx_bps within 20% of /proc/PID/net/dev" "$(json_mean "$TMPD/out.jsonl" "$cg" '.net.rx_bps')" "$k_rx" 0.2 2000
check_near "tx_pps within 20% of /proc/PID/net/dev" "$(json_mean "$TMPD/out.jsonl" "$cg" '.net.tx_pps')" "$k_txp" 0.2 10
check_near "rx_pps within 20% of /proc/PID/net/dev" "$(json_mean "$TMPD/out.jsonl" "$cg" '.net.rx_pps')" "$k_rxp" 0.2 10
check_eq "drops_per_s is 0" "$(json_row "$TMPD/out.jsonl" "$cg" '.net.drops_per_s')" 0
check_eq "errors_per_s is 0" "$(json_row "$TMPD/out.jsonl" "$cg" '.net.errors_per_s')" 0
check_eq "the namespace is ours alone (shared false)" "$(json_row "$TMPD/out.jsonl" "$cg" '.net.shared')" false

done_testing
