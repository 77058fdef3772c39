#!/bin/bash
# cgroup_oom.sh - a cgroup of our own limited to 16 MiB (memory+swap too, so
# swap plays no part) whose process keeps allocating 64 MiB and is OOM-killed a
# few times a second: boxtop must show oom_kills rising, oom_kills_delta > 0 in
# some tick, the limit, the "oom" verdict, and agree with the kernel's count
# (v1 memory.oom_control oom_kill, v2 memory.events oom_kill).
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_live
cg_create
cg_has memory || skip_all "no memory controller for our cgroup"
limit=$((16 * 1024 * 1024))
cg_mem_limit "$limit"

# The looping shell is small and survives; each round allocates 64 MiB and is
# OOM-killed (lib.sh OOM_LOOP: bounded to 60 rounds).
cg_spawn sh -c "$OOM_LOOP"

# Wait (bounded) for the first kill, so the run below sees a rising counter.
for _ in $(seq 1 50); do
	[ "$(cg_oom_kills)" -gt 0 ] && break
	sleep 0.1
done
k0=$(cg_oom_kills)
[ "$k0" -gt 0 ] || bail "the allocator was not OOM-killed within 5 s (limit $limit)"

cg=$(cg_path)
if boxtop_json "$TMPD/out.jsonl" 4 1; then
	pass "boxtop -b --json -n 4 -d 1 exits 0"
else
	fail "boxtop -b --json -n 4 -d 1 exits 0" "status $?: $(head -c 2000 "$TMPD/out.jsonl.err")"
fi
k1=$(cg_oom_kills)
diag "kernel oom_kill: $k0 before the run, $k1 after"

# Per tick, our row's fields, "null" when absent.
jq -r --arg cg "$cg" '[.containers[] | select(.cgroup == $cg)] | first |
	if . == null then "missing" else "\(.memory.oom_kills) \(.memory.oom_kills_delta) \(.verdict)" end' \
	"$TMPD/out.jsonl" >"$TMPD/ticks" 2>/dev/null || true
diag "ticks (oom_kills oom_kills_delta verdict):
$(cat "$TMPD/ticks")"

check_eq "our cgroup is a row in every tick" "$(grep -c -v missing "$TMPD/ticks" || true)" 4
first=$(awk 'NR == 1 { print $1 }' "$TMPD/ticks")
last=$(awk 'END { print $1 }' "$TMPD/ticks")
check_range "oom_kills in the first tick is the kernel's count then" "$first" "$k0" "$k1"
check_range "oom_kills in the last tick is the kernel's count then" "$last" "$k0" "$k1"
if is_number "$first" && is_number "$last" && [ "$last" -gt "$first" ]; then
	pass "oom_kills rises across ticks ($first -> $last)"
else
	fail "oom_kills rises across ticks" "first $first, last $last"
fi
check_eq "first tick: oom_kills_delta is null (no previous tick)" "$(awk 'NR == 1 { print $2 }' "$TMPD/ticks")" null
maxd=$(awk 'NR > 1 && $2 != "null" && $2 > m { m = $2 } END { print m + 0 }' "$TMPD/ticks")
check_gt "oom_kills_delta > 0 in some tick" "$maxd" 0
sumd=$(awk 'NR > 1 && $2 != "null" { s += $2 } END { print s + 0 }' "$TMPD/ticks")
if is_number "$first" && is_number "$last"; then
	check_eq "the deltas add up to the rise in oom_kills" "$sumd" "$((last - first))"
else
	fail "the deltas add up to the rise in oom_kills" "oom_kills not numbers"
fi
check "verdict \"oom\" in some tick" grep -q ' oom$' "$TMPD/ticks"
check_eq "limit_bytes is the 16 MiB limit" "$(json_row "$TMPD/out.jsonl" "$cg" '.memory.limit_bytes')" "$limit"
check_range "used_bytes within the limit" "$(json_row "$TMPD/out.jsonl" "$cg" '.memory.used_bytes')" 0 "$limit"
check_eq "swap_bytes is 0 or absent (memory+swap limited, no swap)" \
	"$(json_row "$TMPD/out.jsonl" "$cg" '.memory.swap_bytes | if . == null or . == 0 then "ok" else . end')" ok

done_testing
