#!/bin/bash
# cgroup_idle.sh - files that stood still are not re-read: an idle group's
# memory, pids.events and v1 blkio files once it has not run for a few
# seconds, and a group's pressure files while its parent's total stands.
# Two groups of our own under a parent with no process of its own: `kid`
# sleeps past the settling time, then forks past its pids.max and runs three
# busy loops on this machine's CPUs; `calm` only sleeps. Well before the
# next full read (every 16 ticks), boxtop's last tick must show kid's fork
# failures as the kernel counts them and its CPU pressure risen, and calm's
# still at rest.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_live
cg_create
cg_has pids || skip_all "no pids controller for our cgroup"
[ -n "$CG_V2" ] && [ -f "$CG_V2/cpu.pressure" ] || skip_all "no cgroup pressure files (kernel without PSI)"

# The children: in every hierarchy, like the parent.
kid_dirs=() calm_dirs=()
for d in "${CG_DIRS[@]}"; do
	mkdir "$d/kid" "$d/calm" || bail "cannot create children under $d"
	if [ -f "$d/cpuset.cpus" ]; then # a v1 cpuset with no cpus/mems refuses tasks
		for k in kid calm; do
			cat "$d/cpuset.cpus" >"$d/$k/cpuset.cpus"
			cat "$d/cpuset.mems" >"$d/$k/cpuset.mems"
		done
	fi
	kid_dirs+=("$d/kid")
	calm_dirs+=("$d/calm")
done
# Before cg_remove (deferred earlier, so run later): empty and remove them.
# shellcheck disable=SC2016 # expanded when the cleanup runs
defer 'for i in $(seq 1 50); do p=$(cat "${kid_dirs[@]/%//cgroup.procs}" "${calm_dirs[@]/%//cgroup.procs}" 2>/dev/null | sort -u); [ -n "$p" ] || break; kill -KILL $p; sleep 0.1; done; rmdir "${kid_dirs[@]}" "${calm_dirs[@]}"'
printf '12\n' >"$(cg_dir pids)/kid/pids.max" || bail "cannot set kid's pids.max"

# spawn_in DIRS CMD...: CMD started inside the cgroup directories DIRS.
spawn_in() {
	# shellcheck disable=SC2016 # $$ and "$@" belong to the inner shell
	sh -c 'dirs=$1; shift; for d in $dirs; do echo $$ >"$d/cgroup.procs" || exit 97; done; exec "$@"' \
		sh "$1" "${@:2}" >>"$TMPD/spawn.log" 2>&1 </dev/null &
}

# kid: idle for 4.5 s (boxtop settles it after 3), then three busy loops for
# 5 s on a 2-CPU machine (CPU pressure) and 30 forks against a limit of 12
# (each failed fork is counted in pids.events). The forks come last, once
# the loops are running: the shell making them dies at the first failure,
# and its orphans stay counted until the machine's init reaps them.
# shellcheck disable=SC2016 # for the inner shell
spawn_in "${kid_dirs[*]}" timeout 30 sh -c 'sleep 4.5
	for i in 1 2 3; do timeout 5 sh -c "while :; do :; done" & done
	sleep 0.5
	( i=0; while [ $i -lt 30 ]; do sleep 1 & i=$((i + 1)); done ) 2>/dev/null
	wait'
spawn_in "${calm_dirs[*]}" sleep 30

kid=$(cg_path)/kid
calm=$(cg_path)/calm
# 16 ticks of 0.5 s: the groups' next full read would be the 17th.
if boxtop_json "$TMPD/out.jsonl" 16 0.5; then
	pass "boxtop -b --json -n 16 -d 0.5 exits 0"
else
	fail "boxtop -b --json -n 16 -d 0.5 exits 0" "status $?: $(head -c 2000 "$TMPD/out.jsonl.err")"
fi
k_forks=$(awk '$1 == "max" { print $2 }' "$(cg_dir pids)/kid/pids.events")
k_psi=$(awk '$1 == "some" { sub("avg10=", "", $2); print $2 }' "$CG_V2/kid/cpu.pressure")
diag "kernel, after the run: kid's failed forks $k_forks, cpu.pressure some avg10 $k_psi"
diag "ticks (kid: fork_failures_total cpu psi; calm: cpu psi):
$(jq -r --arg k "$kid" --arg c "$calm" '[(.containers[] | select(.cgroup == $k) | "\(.pids.fork_failures_total) \(.cpu.psi_some_avg10)"), (.containers[] | select(.cgroup == $c) | .cpu.psi_some_avg10)] | join(" ")' "$TMPD/out.jsonl")"

check_gt "kernel: kid's forks failed against its limit" "${k_forks:-0}" 0
check_eq "kid's fork failures in the last tick are the kernel's count" \
	"$(json_row "$TMPD/out.jsonl" "$kid" '.pids.fork_failures_total')" "$k_forks"
check_gt "kid's CPU pressure in the last tick has risen" \
	"$(json_row "$TMPD/out.jsonl" "$kid" '.cpu.psi_some_avg10 // 0')" 0
check_eq "calm's CPU pressure in the last tick is 0" "$(json_row "$TMPD/out.jsonl" "$calm" '.cpu.psi_some_avg10')" 0
check_eq "the parent holds no process: no row" \
	"$(tail -n 1 "$TMPD/out.jsonl" | jq --arg p "$(cg_path)" '[.containers[] | select(.cgroup == $p)] | length')" 0

done_testing
