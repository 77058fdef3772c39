#!/bin/bash
# podman.sh - real podman containers (runc, busybox-static image built locally):
# a --cpus=0.3 busy loop, a --memory=16m OOM loop, an idle one, and a pair on an
# internal network (no route out) with bounded traffic from one to the other.
# boxtop must name each by its podman name and id, say runtime "podman", and
# report throttling, OOM kills, idleness and the pair's traffic, checked against
# the kernel's own counters where there are some.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_live
need_podman
podman_image

# Each container runs CTR_TIMEOUT seconds at most (podman --timeout), every loop
# in it is bounded in rounds too.
ctr_run cpu --network none --cpus=0.3 -- sh -c "$BUSY_LOOP"
ctr_run oom --network none --memory=16m --memory-swap=16m -- sh -c "$OOM_LOOP"
ctr_run idle --network none -- sleep 600
net_create net
ctr_run sink --network "$CTR_PREFIX-net" -- nc -ll -p 5001 -e dd of=/dev/null
sink_ip=$(podman inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$CTR_PREFIX-sink")
[ -n "$sink_ip" ] || bail "no address for $CTR_PREFIX-sink"
# 64 KiB every 100 ms over one connection, 300 rounds at most (~20 MB, ~35 s).
# shellcheck disable=SC2016 # for the container's shell
ctr_run src --network "$CTR_PREFIX-net" -- sh -c \
	'i=0; while [ $i -lt 300 ]; do head -c 65536 /dev/zero; sleep 0.1; i=$((i + 1)); done | nc "$0" 5001' "$sink_ip"

names="cpu oom idle sink src"
for n in $names; do
	[ "$(podman inspect -f '{{.State.Running}}' "$CTR_PREFIX-$n")" = true ] || bail "container $CTR_PREFIX-$n is not running"
	eval "cg_$n=\$(ctr_cgroup $n)"
done
# shellcheck disable=SC2154 # cg_* are set just above
{
	cg_cpu_dir=/sys/fs/cgroup/cpuacct$cg_cpu
	[ -d "$cg_cpu_dir" ] || cg_cpu_dir=/sys/fs/cgroup$cg_cpu
	cg_oom_dir=/sys/fs/cgroup/memory$cg_oom
	[ -d "$cg_oom_dir" ] || cg_oom_dir=/sys/fs/cgroup$cg_oom
}
usage_ns_of_cpu() { # the cpu container's CPU time so far (v1 cpuacct.usage, v2 usage_usec)
	if [ -f "$cg_cpu_dir/cpuacct.usage" ]; then
		cat "$cg_cpu_dir/cpuacct.usage"
	else
		awk '$1 == "usage_usec" { printf "%.0f\n", $2 * 1000 }' "$cg_cpu_dir/cpu.stat"
	fi
}
oom_kills_of() {
	if [ -f "$cg_oom_dir/memory.oom_control" ]; then
		awk '$1 == "oom_kill" { print $2 }' "$cg_oom_dir/memory.oom_control"
	else
		awk '$1 == "oom_kill" { print $2 }' "$cg_oom_dir/memory.events"
	fi
}
net_bytes_of() { # "RX TX" bytes of the container's namespace, without lo
	awk -F: 'NR > 2 && $1 !~ /^ *lo$/ { split($2, f, " "); r += f[1]; t += f[9] } END { print r + 0, t + 0 }' \
		"/proc/$(podman inspect -f '{{.State.Pid}}' "$CTR_PREFIX-$1")/net/dev"
}
# Bounded wait for the first OOM kill and for the traffic to flow.
for _ in $(seq 1 50); do
	[ "$(oom_kills_of)" -gt 0 ] && break
	sleep 0.1
done
sleep 1

k_oom0=$(oom_kills_of)
k_cpu0=$(usage_ns_of_cpu)
read -r _ k_tx0 <<<"$(net_bytes_of src)"
read -r k_rx0 _ <<<"$(net_bytes_of sink)"
s0=$(date +%s%N)
if boxtop_json "$TMPD/out.jsonl" 4 1; then
	pass "boxtop -b --json -n 4 -d 1 exits 0"
else
	fail "boxtop -b --json -n 4 -d 1 exits 0" "status $?: $(head -c 2000 "$TMPD/out.jsonl.err")"
fi
s1=$(date +%s%N)
k_oom1=$(oom_kills_of)
k_cpu1=$(usage_ns_of_cpu)
read -r _ k_tx1 <<<"$(net_bytes_of src)"
read -r k_rx1 _ <<<"$(net_bytes_of sink)"
k_tx=$(awk -v a="$k_tx0" -v b="$k_tx1" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.1f", (b - a) * 1e9 / (s1 - s0) }')
k_rx=$(awk -v a="$k_rx0" -v b="$k_rx1" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.1f", (b - a) * 1e9 / (s1 - s0) }')
k_cpu=$(awk -v a="$k_cpu0" -v b="$k_cpu1" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.4f", (b - a) / (s1 - s0) }')
diag "kernel: cpu $k_cpu cores; oom_kill $k_oom0 -> $k_oom1; src tx $k_tx B/s, sink rx $k_rx B/s"

out=$TMPD/out.jsonl
image_id=$(podman image inspect -f '{{.Id}}' "$IMAGE")
for n in $names; do
	cg=$(eval "echo \$cg_$n")
	id=$(ctr_id "$n")
	check_eq "$n: a row for its cgroup" "$(json_row "$out" "$cg" '.cgroup')" "$cg"
	check_eq "$n: named by its podman name" "$(json_row "$out" "$cg" '.name')" "$CTR_PREFIX-$n"
	check_eq "$n: runtime podman" "$(json_row "$out" "$cg" '.runtime')" podman
	check_eq "$n: its container id" "$(json_row "$out" "$cg" '.id')" "$id"
	img=$(json_row "$out" "$cg" '.image')
	case $img in
	"$IMAGE" | "$IMAGE":* | "$image_id") pass "$n: its image ($img)" ;;
	*) fail "$n: its image" "got '$img', want $IMAGE or $image_id" ;;
	esac
done
# conmon shares the /libpod_parent tree but is no container.
check_eq "conmon is not shown as a podman container" \
	"$(tail -n 1 "$out" | jq -r '[.containers[] | select(.runtime == "podman" and (.cgroup | test("conmon")))] | length')" 0

# shellcheck disable=SC2154 # cg_* are set by the eval above
{
	used=$(json_row "$out" "$cg_cpu" '.cpu.used_cores')
	check_range "cpu: used_cores 0.25-0.35 under --cpus=0.3" "$used" 0.25 0.35
	check_near "cpu: used_cores agrees with the kernel's usage delta" "$used" "$k_cpu" 0 0.05
	check_near "cpu: limit_cores 0.3" "$(json_row "$out" "$cg_cpu" '.cpu.limit_cores')" 0.3 0 0.001
	check_gt "cpu: throttled_pct > 50" "$(json_row "$out" "$cg_cpu" '.cpu.throttled_pct')" 50
	check_eq "cpu: verdict cap-throttled" "$(json_row "$out" "$cg_cpu" '.verdict')" cap-throttled

	jq -r --arg cg "$cg_oom" '[.containers[] | select(.cgroup == $cg)] | first | "\(.memory.oom_kills) \(.memory.oom_kills_delta)"' \
		"$out" >"$TMPD/oom.ticks" 2>/dev/null || true
	diag "oom: ticks (oom_kills oom_kills_delta): $(tr '\n' ';' <"$TMPD/oom.ticks")"
	first=$(awk 'NR == 1 { print $1 }' "$TMPD/oom.ticks")
	last=$(awk 'END { print $1 }' "$TMPD/oom.ticks")
	check_range "oom: oom_kills in the first tick matches the kernel" "$first" "$k_oom0" "$k_oom1"
	if is_number "$first" && is_number "$last" && [ "$last" -gt "$first" ]; then
		pass "oom: oom_kills rises ($first -> $last)"
	else
		fail "oom: oom_kills rises" "first $first, last $last"
	fi
	check_gt "oom: oom_kills_delta > 0 in some tick" \
		"$(awk 'NR > 1 && $2 != "null" && $2 > m { m = $2 } END { print m + 0 }' "$TMPD/oom.ticks")" 0
	check_eq "oom: limit_bytes 16 MiB" "$(json_row "$out" "$cg_oom" '.memory.limit_bytes')" 16777216

	check_range "idle: used_cores below 0.02" "$(json_row "$out" "$cg_idle" '.cpu.used_cores')" 0 0.02
	# No quota: either absent or the whole machine, never a made-up figure.
	ncpus=$(tail -n 1 "$out" | jq -r '.host.ncpus')
	lim=$(json_row "$out" "$cg_idle" '.cpu.limit_cores')
	if [ "$lim" = null ] || [ "$lim" = "$ncpus" ]; then
		pass "idle: no quota: limit_cores null or the host's $ncpus CPUs ($lim)"
	else
		fail "idle: no quota: limit_cores null or the host's $ncpus CPUs" "got '$lim'"
	fi
	check_eq "idle: --network none: no traffic" "$(json_row "$out" "$cg_idle" '.net.tx_bps // 0')" 0

	check_gt "src: tx_bps > 100 KB/s" "$(json_row "$out" "$cg_src" '.net.tx_bps')" 100000
	check_near "src: tx_bps (mean of ticks) within 25% of its namespace's /proc/PID/net/dev" \
		"$(json_mean "$out" "$cg_src" '.net.tx_bps')" "$k_tx" 0.25
	check_gt "sink: rx_bps > 100 KB/s" "$(json_row "$out" "$cg_sink" '.net.rx_bps')" 100000
	check_near "sink: rx_bps (mean of ticks) within 25% of its namespace's /proc/PID/net/dev" \
		"$(json_mean "$out" "$cg_sink" '.net.rx_bps')" "$k_rx" 0.25
	# Two namespaces, each counted on its own: the sink sends only ACKs back.
	check_eq "src: its namespace is not shared" "$(json_row "$out" "$cg_src" '.net.shared')" false
	check_eq "sink: its namespace is not shared" "$(json_row "$out" "$cg_sink" '.net.shared')" false
	check_range "sink: tx_bps (ACKs) under 20% of its rx_bps" "$(json_row "$out" "$cg_sink" \
		'if .net.tx_bps != null and .net.rx_bps > 0 then .net.tx_bps / .net.rx_bps else null end')" 0 0.2
	check_gt "src: tx_pps > 0" "$(json_row "$out" "$cg_src" '.net.tx_pps')" 0
	check_gt "sink: rx_pps > 0" "$(json_row "$out" "$cg_sink" '.net.rx_pps')" 0
}

done_testing
