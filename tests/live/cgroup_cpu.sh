#!/bin/bash
# cgroup_cpu.sh - a cgroup of our own with a 0.3-CPU quota and a busy loop:
# boxtop must report it as a plain-cgroup row using 0.25-0.35 cores of a 0.3
# limit, throttled in more than half the periods, and agree with the kernel's
# own counters (cpuacct.usage or cpu.stat usage_usec, cpu.stat nr_throttled)
# read over the same run; and again with too few descriptors to keep any
# cgroup's files open.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_live
cg_create
cg_has cpu || skip_all "no cpu controller for our cgroup (v1 cpu not mounted, v2 cpu not delegated)"
cg_cpu_limit 30000 100000

# A busy loop: it wants a whole CPU and gets 30 ms of every 100 ms period
# (timeout(1) bounds it should the cleanup never run).
cg_spawn timeout 120 sh -c "$BUSY_LOOP"
sleep 1 # a few periods of steady state before counting

cg=$(cg_path)
u0=$(cg_cpu_usage_ns)
read -r p0 t0 <<<"$(cg_throttle_counts)"
s0=$(date +%s%N)
if boxtop_json "$TMPD/out.jsonl" 3 1 --procs; then
	pass "boxtop -b --json --procs -n 3 -d 1 exits 0"
else
	fail "boxtop -b --json --procs -n 3 -d 1 exits 0" "status $?: $(head -c 2000 "$TMPD/out.jsonl.err")"
fi
s1=$(date +%s%N)
u1=$(cg_cpu_usage_ns)
read -r p1 t1 <<<"$(cg_throttle_counts)"

# The kernel's view of the same seconds.
k_cores=$(awk -v u0="$u0" -v u1="$u1" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.4f", (u1 - u0) / (s1 - s0) }')
k_thr=$(awk -v p="$((p1 - p0))" -v t="$((t1 - t0))" 'BEGIN { if (p > 0) printf "%.1f", 100 * t / p; else print "null" }')
diag "kernel: $k_cores cores, throttled $k_thr% of $((p1 - p0)) periods"
check_range "kernel: our busy loop uses 0.25-0.35 cores under the 0.3 quota" "$k_cores" 0.25 0.35

check_eq "3 ticks printed" "$(wc -l <"$TMPD/out.jsonl" | tr -d ' ')" 3
check "every line is a JSON object with containers[]" \
	jq_true -s 'length == 3 and all(.[]; (.containers | type) == "array")' "$TMPD/out.jsonl"
check_eq "first tick has no rate for our group (null, not 0)" \
	"$(head -n 1 "$TMPD/out.jsonl" | jq -r --arg cg "$cg" '[.containers[] | select(.cgroup == $cg)] | first | .cpu.used_cores')" null

row=$(json_row "$TMPD/out.jsonl" "$cg" '.cgroup')
check_eq "our cgroup $cg is a row in the last tick" "$row" "$cg"
check_eq "its runtime is \"cgroup\"" "$(json_row "$TMPD/out.jsonl" "$cg" '.runtime')" cgroup

used=$(json_row "$TMPD/out.jsonl" "$cg" '.cpu.used_cores')
check_range "used_cores within 0.25-0.35" "$used" 0.25 0.35
check_near "used_cores agrees with the kernel's usage delta" "$used" "$k_cores" 0 0.05
check_near "limit_cores is the 0.3 quota" "$(json_row "$TMPD/out.jsonl" "$cg" '.cpu.limit_cores')" 0.3 0 0.001
check_range "util_pct (used / limit) is 83-117%" "$(json_row "$TMPD/out.jsonl" "$cg" '.cpu.util_pct')" 83 117
thr=$(json_row "$TMPD/out.jsonl" "$cg" '.cpu.throttled_pct')
check_gt "throttled_pct > 50" "$thr" 50
check_near "throttled_pct agrees with the kernel's nr_throttled/nr_periods" "$thr" "$k_thr" 0 15
check_gt "throttled_s_per_s > 0" "$(json_row "$TMPD/out.jsonl" "$cg" '.cpu.throttled_s_per_s')" 0
check_eq "verdict is cap-throttled" "$(json_row "$TMPD/out.jsonl" "$cg" '.verdict')" cap-throttled
check_gt "pids.current counts the busy loop" "$(json_row "$TMPD/out.jsonl" "$cg" '.pids.current')" 0
check_range "procs[] holds the busy loop (one process at 25-35% of a CPU)" \
	"$(json_row "$TMPD/out.jsonl" "$cg" '[.procs[] | select(.comm == "sh") | .cpu_pct] | max')" 25 35

# With 48 descriptors boxtop's budget (half of them) has no room for any
# cgroup's files: every cgroup is read by path, and must read the same.
u0=$(cg_cpu_usage_ns)
s0=$(date +%s%N)
if (ulimit -n 48 && boxtop_json "$TMPD/light.jsonl" 3 1 --no-bpf); then
	pass "boxtop with 48 descriptors exits 0"
else
	fail "boxtop with 48 descriptors exits 0" "status $?: $(head -c 2000 "$TMPD/light.jsonl.err")"
fi
s1=$(date +%s%N)
u1=$(cg_cpu_usage_ns)
k_cores=$(awk -v u0="$u0" -v u1="$u1" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.4f", (u1 - u0) / (s1 - s0) }')
used=$(json_row "$TMPD/light.jsonl" "$cg" '.cpu.used_cores')
check_near "by path: used_cores agrees with the kernel's usage delta" "$used" "$k_cores" 0 0.05
check_near "by path: limit_cores is the 0.3 quota" "$(json_row "$TMPD/light.jsonl" "$cg" '.cpu.limit_cores')" 0.3 0 0.001
check_gt "by path: throttled_pct > 50" "$(json_row "$TMPD/light.jsonl" "$cg" '.cpu.throttled_pct')" 50
check_gt "by path: pids.current counts the busy loop" "$(json_row "$TMPD/light.jsonl" "$cg" '.pids.current')" 0

done_testing
