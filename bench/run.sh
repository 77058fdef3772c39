#!/bin/bash
# run.sh - boxtop's benchmark (issue 6), run by `make bench`; never part of make check.
#
# Sets up a reproducible load on this machine (podman containers; plain cgroups
# each holding a sleeping process, under boxtop-bench/), then measures boxtop and
# the tools users would pick instead in the same run, alternating them in rounds
# so machine drift cancels out, and prints one table with boxtop's figures, the
# peers', the ratios and whether each target is met.
#
# CPU is the kernel's accounting of the whole process: each measured tool runs
# in a cgroup of its own (boxtop-bench-meter), read before and after a window of
# refreshes at a 1 s interval (ns/us resolution, threads and children included).
# Peak RSS is the tool's VmHWM.
#
#   bench/run.sh [--quick] [--only refresh,startup,profiler,scale] [--refreshes N]
#                [--rounds N] [--out FILE]
#   make bench [BENCH_ARGS="--quick --only refresh"]
# (run.sh alone measures $BOXTOP, default build/boxtop beside bench/)
#
# A full run (~20 min) writes bench/results/latest.txt and latest.tsv (the raw
# figures), to be committed; --quick (~5 min) and --only runs write
# ./bench-partial.txt in the current directory. Root only; bench/setup.sh
# installs the peers. Everything it creates (containers, cgroups, sleepers,
# tmux server) is removed by a trap.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BOXTOP=${BOXTOP:-$HERE/../build/boxtop}
PY=${PYTHON:-python3}
BT="$PY $HERE/bt.py"

QUICK=0
ONLY=refresh,startup,profiler,scale
REFRESHES=30 # per tool and scenario, over all rounds
ROUNDS=2
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1 ;;
	--only) ONLY=$2; shift ;;
	--only=*) ONLY=${1#--only=} ;;
	--refreshes) REFRESHES=$2; shift ;;
	--rounds) ROUNDS=$2; shift ;;
	--out) OUT=$2; shift ;;
	-h | --help) sed -n '2,24p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$QUICK" = 1 ]; then
	REFRESHES=10
	CONTAINERS=25
	REFRESH_SCENARIOS="1000"
	SCALE_CGROUPS="100 1000 2000"
	SCALE_PROCS="1 10"
	STARTUP_RUNS=5
	PROF_ROUNDS=1
	PROF_SECS=6
else
	CONTAINERS=25
	REFRESH_SCENARIOS="100 1000 5000"
	SCALE_CGROUPS="100 500 1000 2000 5000"
	SCALE_PROCS="1 10 30"
	STARTUP_RUNS=10
	PROF_ROUNDS=4
	PROF_SECS=8
fi
WINDOW=$((REFRESHES / ROUNDS)) # seconds (= refreshes at 1 s) per tool per round
[ "$WINDOW" -ge 3 ] || { echo "run.sh: --refreshes/--rounds leaves under 3 refreshes per round" >&2; exit 2; }
WARM=2 # seconds a tool runs before its window: start-up and the first refreshes that prime its rates
want() { case ",$ONLY," in *,"$1",*) return 0 ;; esac; return 1; }
for s in $(echo "$ONLY" | tr , ' '); do
	case $s in refresh | startup | profiler | scale) ;; *) echo "run.sh: no section '$s' (refresh, startup, profiler, scale)" >&2; exit 2 ;; esac
done
if [ -z "$OUT" ]; then
	if [ "$QUICK" = 0 ] && [ "$ONLY" = refresh,startup,profiler,scale ]; then
		OUT=$HERE/results/latest.txt
	else
		OUT=$PWD/bench-partial.txt
	fi
fi

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (cgroups, containers, perf, BPF)"
[ -x "$BOXTOP" ] || die "no boxtop at $BOXTOP (make first, or set BOXTOP=)"
command -v tmux >/dev/null || die "tmux missing: run bench/setup.sh"
command -v "$PY" >/dev/null || die "python3 missing: run bench/setup.sh"
command -v jq >/dev/null || die "jq missing: run bench/setup.sh"
PATH=$PATH:/usr/sbin:/sbin

TMPD=$(mktemp -d /tmp/boxtop-bench.XXXXXX)
TSV=$TMPD/results.tsv
TMUX_SOCK=boxtop-bench-$$
CTR_PREFIX=boxtop-bench
IMAGE=localhost/boxtop-test/busybox

# ---- the meter: a cgroup of our own per measured tool run ----
# The cgroup2 tree keeps cpu.stat usage_usec/user_usec/system_usec in every group
# (the unified tree on hybrid); pure v1 falls back to cpuacct.
V2_MNT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
ACCT_MNT=$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpuacct(,|$)/ { print $2; exit }' /proc/self/mounts)
if [ -n "$V2_MNT" ]; then METER=$V2_MNT/boxtop-bench-meter; else METER=$ACCT_MNT/boxtop-bench-meter; fi
[ -n "$V2_MNT$ACCT_MNT" ] || die "neither cgroup2 nor v1 cpuacct is mounted: nothing to meter CPU with"

# "USAGE_US USER_US SYS_US" of the meter.
meter_read() {
	if [ -f "$METER/cpu.stat" ] && grep -q '^usage_usec' "$METER/cpu.stat"; then
		awk '$1 == "usage_usec" { u = $2 } $1 == "user_usec" { us = $2 } $1 == "system_usec" { s = $2 }
			END { print u, us, s }' "$METER/cpu.stat"
	else
		awk -v u="$(cat "$METER/cpuacct.usage")" -v hz="$(getconf CLK_TCK)" \
			'$1 == "user" { us = $2 } $1 == "system" { s = $2 } END { printf "%.0f %.0f %.0f\n", u / 1000, us * 1e6 / hz, s * 1e6 / hz }' \
			"$METER/cpuacct.stat"
	fi
}

meter_empty() {
	local i
	for i in $(seq 1 100); do
		[ -n "$(cat "$METER/cgroup.procs" 2>/dev/null)" ] || return 0
		# shellcheck disable=SC2046 # one pid per word
		kill -KILL $(cat "$METER/cgroup.procs") 2>/dev/null || true
		sleep 0.1
	done
	die "tools left in $METER do not die"
}

# ---- cleanup ----
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	set +e
	say "cleaning up"
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	if [ -d "$METER" ]; then
		meter_empty
		for _ in $(seq 1 20); do rmdir "$METER" 2>/dev/null && break; sleep 0.1; done
	fi
	$BT farm destroy
	containers_rm
	rm -rf "$TMPD"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A tool starts through this: into the meter, pid noted, then exec.
cat >"$TMPD/enter.sh" <<EOF
#!/bin/sh
echo \$\$ >"$METER/cgroup.procs" || exit 97
echo \$\$ >"$TMPD/tool.pid"
exec "\$@"
EOF
chmod +x "$TMPD/enter.sh"
mkdir -p "$METER" "$TMPD/home"
# Background tools read a stdin that never ends and never delivers:
# systemd-cgtop -b at EOF on stdin stops waiting between refreshes and spins.
mkfifo "$TMPD/stdin"
exec 9<>"$TMPD/stdin"

record() { # section scenario tool round metric value
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TSV"
}
note() {
	say "note: $*"
	printf '#note\t%s\n' "$*" >>"$TSV"
}

# ---- tools ----
# Each: "NAME|MODE|COMMAND" (MODE bg: stdout to /dev/null; tmux: a 200x50
# terminal, quit with q). Commands are word-split, so no quotes inside.
TOOL_BOXTOP_B="boxtop -b|bg|$BOXTOP -b -d 1 -n 1000000 --json --no-bpf"
TOOL_BOXTOP_BP="boxtop -b --procs|bg|$BOXTOP -b -d 1 -n 1000000 --json --procs --no-bpf"
TOOL_BOXTOP_TUI="boxtop tui|tmux|$BOXTOP -d 1 --no-bpf"
TOOL_CGTOP="systemd-cgtop|bg|systemd-cgtop -b -d 1 -n 1000000 --depth=100"
TOOL_HTOP="htop|tmux|htop -d 10"
TOOL_ATOP="atop|tmux|atop 1"
TOOL_PODMAN="podman stats|bg|podman stats --interval 1"

tool_ok() { # NAME CMD: installed?
	command -v "${2%% *}" >/dev/null 2>&1
}

# measure SECTION SCENARIO ROUND SECS TOOLSPEC: run the tool, meter SECS seconds
# of it after WARM, record cpu_ms (per 1 s refresh), user_ms, sys_ms, hwm_kb.
measure() {
	local sec=$1 scen=$2 round=$3 secs=$4 spec=$5
	local name mode cmd pid="" i u0 us0 s0 u1 us1 s1 t0 t1 hwm
	name=${spec%%|*}
	mode=${spec#*|}
	mode=${mode%%|*}
	cmd=${spec##*|}
	tool_ok "$name" "$cmd" || return 0
	meter_empty
	rm -f "$TMPD/tool.pid"
	say "$sec: $scen: $name (round $round, ${secs}s)"
	# shellcheck disable=SC2086 # the command is meant to be word-split
	if [ "$mode" = tmux ]; then
		HOME=$TMPD/home ATOPACCT='' tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 200 -y 50 -s bench \
			-e HOME="$TMPD/home" -e ATOPACCT= "$TMPD/enter.sh" $cmd
	else
		HOME=$TMPD/home "$TMPD/enter.sh" $cmd >/dev/null 2>"$TMPD/tool.err" <&9 &
	fi
	for i in $(seq 1 50); do
		[ -s "$TMPD/tool.pid" ] && break
		sleep 0.1
	done
	pid=$(cat "$TMPD/tool.pid" 2>/dev/null || true)
	sleep "$WARM"
	if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
		note "$name did not start or exited at once ($scen): $(head -c 200 "$TMPD/tool.err" 2>/dev/null)"
		tool_stop "$mode"
		return 0
	fi
	read -r u0 us0 s0 <<<"$(meter_read)"
	t0=$(date +%s%N)
	sleep "$secs"
	read -r u1 us1 s1 <<<"$(meter_read)"
	t1=$(date +%s%N)
	hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status" 2>/dev/null || echo nan)
	if ! kill -0 "$pid" 2>/dev/null; then
		note "$name exited during its window ($scen): $(head -c 200 "$TMPD/tool.err" 2>/dev/null)"
		tool_stop "$mode"
		return 0
	fi
	tool_stop "$mode" "$pid"
	# Per refresh at a 1 s interval = per second of the window.
	local per
	per=$(awk -v t0="$t0" -v t1="$t1" 'BEGIN { print (t1 - t0) / 1e9 }')
	record "$sec" "$scen" "$name" "$round" cpu_ms "$(awk -v a="$u0" -v b="$u1" -v w="$per" 'BEGIN { printf "%.4f", (b - a) / 1000 / w }')"
	record "$sec" "$scen" "$name" "$round" user_ms "$(awk -v a="$us0" -v b="$us1" -v w="$per" 'BEGIN { printf "%.4f", (b - a) / 1000 / w }')"
	record "$sec" "$scen" "$name" "$round" sys_ms "$(awk -v a="$s0" -v b="$s1" -v w="$per" 'BEGIN { printf "%.4f", (b - a) / 1000 / w }')"
	record "$sec" "$scen" "$name" "$round" hwm_kb "${hwm:-nan}"
}

tool_stop() { # MODE [PID]: quit the way a user would (atop then switches off what it switched on)
	local i
	if [ "$1" = tmux ]; then
		tmux -L "$TMUX_SOCK" send-keys -t bench q 2>/dev/null || true
		for i in $(seq 1 30); do
			[ -n "$(cat "$METER/cgroup.procs" 2>/dev/null)" ] || break
			sleep 0.1
		done
		tmux -L "$TMUX_SOCK" kill-session -t bench 2>/dev/null || true
	elif [ -n "${2:-}" ]; then
		kill -TERM "$2" 2>/dev/null || true
	fi
	meter_empty
	wait 2>/dev/null || true
}

# refresh_scenario SCEN TOOLSPEC...: every tool, ROUNDS rounds, order reversed
# every other round (ABBA), WINDOW refreshes each.
refresh_scenario() {
	local scen=$1 r t
	shift
	# The container scenario's own containers are cgroups outside the farm: it settles before starting them.
	case $scen in *cgroups) settle ;; esac
	scene_counts refresh "$scen"
	local tools=("$@")
	for t in "${tools[@]}"; do
		local nm=${t%%|*} c=${t##*|}
		tool_ok "$nm" "$c" || note "$nm not installed: not measured (bench/setup.sh installs it)"
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		if [ $((r % 2)) = 1 ]; then
			for t in "${tools[@]}"; do measure refresh "$scen" "$r" "$WINDOW" "$t"; done
		else
			for ((i = ${#tools[@]} - 1; i >= 0; i--)); do measure refresh "$scen" "$r" "$WINDOW" "${tools[$i]}"; done
		fi
	done
	scene_counts refresh "$scen" # again: other work may have come meanwhile
}

# ---- podman containers ----
containers_rm() {
	local ids
	command -v podman >/dev/null || return 0
	ids=$(podman ps -a --filter "name=^$CTR_PREFIX-" -q 2>/dev/null) || return 0
	# shellcheck disable=SC2086 # one id per word
	[ -z "$ids" ] || timeout 120 podman rm -f -t 0 $ids >/dev/null 2>&1 || true
}

containers_start() { # N: N-1 idle sleepers and one busy loop at --cpus=0.2, no network
	local n=$1 i
	command -v podman >/dev/null || { note "podman not installed: no container scenario"; return 1; }
	[ -x /bin/busybox ] || { note "busybox-static not installed: no container scenario"; return 1; }
	if ! podman image exists "$IMAGE"; then
		# Same image as tests/live/lib.sh: busybox-static and its applet links, imported (no registry).
		mkdir -p "$TMPD/rootfs/bin" "$TMPD/rootfs/tmp" "$TMPD/rootfs/proc" "$TMPD/rootfs/sys" "$TMPD/rootfs/dev"
		cp /bin/busybox "$TMPD/rootfs/bin/"
		for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$TMPD/rootfs/bin/$a"; done
		tar -C "$TMPD/rootfs" -cf "$TMPD/rootfs.tar" .
		podman import --change 'CMD ["/bin/sh"]' "$TMPD/rootfs.tar" "$IMAGE" >/dev/null 2>&1 || die "podman import failed"
	fi
	containers_rm
	say "starting $n podman containers"
	for ((i = 1; i <= n; i++)); do
		local extra=() cmd=(sleep 86400)
		if [ "$i" = 1 ]; then
			extra=(--cpus=0.2)
			cmd=(sh -c 'while :; do :; done')
		fi
		# From TMPD: conmon drops an `oom` file into the cwd at OOM kills.
		(cd "$TMPD" && timeout 120 podman --runtime runc run -d --name "$(printf '%s-%02d' "$CTR_PREFIX" "$i")" \
			--network none --timeout 3600 --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
			"${extra[@]}" "$IMAGE" "${cmd[@]}" >/dev/null) || die "podman run failed"
	done
}

# ---- sections ----
refresh_tools_containers=("$TOOL_BOXTOP_B" "$TOOL_BOXTOP_TUI" "$TOOL_CGTOP" "$TOOL_HTOP" "$TOOL_ATOP" "$TOOL_PODMAN")
refresh_tools_cgroups=("$TOOL_BOXTOP_B" "$TOOL_BOXTOP_TUI" "$TOOL_CGTOP" "$TOOL_HTOP" "$TOOL_ATOP")

startup_section() { # SCENARIO
	local scen=$1 r
	say "startup: $scen"
	for ((r = 1; r <= STARTUP_RUNS; r++)); do
		record startup "$scen" "boxtop -b --no-bpf" "$r" first_ms \
			"$($BT first-line --timeout 10 -- "$BOXTOP" -b -n 1 --json --no-bpf | awk '{ print $1 * 1000 }')"
		if [ "$PROFILER_OK" = 1 ]; then
			record startup "$scen" "boxtop -b (profiler)" "$r" first_ms \
				"$($BT first-line --timeout 10 -- "$BOXTOP" -b -n 1 --json | awk '{ print $1 * 1000 }')"
		fi
		if command -v bpftrace >/dev/null; then
			record startup "$scen" "bpftrace profile:hz:99" "$r" first_ms \
				"$($BT first-line --timeout 30 --match boxtop-bench-sample -- bpftrace -e \
					'profile:hz:99 { printf("boxtop-bench-sample\n"); exit(); }' | awk '{ print $1 * 1000 }')"
		fi
	done
}

# The profiler parts need boxtop's profiler: a run without --no-bpf must work,
# not say why the profiler is off, and hold a perf event or BPF program open.
PROFILER_OK=0
check_profiler() {
	local st pid fds f
	if ! timeout 30 "$BOXTOP" -b -n 2 -d 1 --json >"$TMPD/prof.json" 2>"$TMPD/prof.err"; then
		note "profiler parts skipped: boxtop -b without --no-bpf fails: $(head -c 200 "$TMPD/prof.err")"
		return
	fi
	st=$(tail -n 1 "$TMPD/prof.json" | jq -r '.profiler.status // empty' 2>/dev/null || echo "unreadable JSON")
	if [ -n "$st" ]; then
		note "profiler parts skipped: boxtop says: $st"
		return
	fi
	"$BOXTOP" -b -d 1 -n 5 --json >/dev/null 2>&1 </dev/null &
	pid=$!
	sleep 2
	fds=0
	for f in "/proc/$pid/fd"/*; do
		case $(readlink "$f" 2>/dev/null) in
		*perf_event* | *bpf-prog* | *bpf_link* | *bpf-link*) fds=$((fds + 1)) ;;
		esac
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ "$fds" -eq 0 ]; then
		note "profiler parts skipped: boxtop -b without --no-bpf opens no perf event or BPF program (profiler not wired in yet?)"
		return
	fi
	PROFILER_OK=1
}

# profiler_round ROUND CONDITION: stress-ng --cpu 2 for PROF_SECS beside the sampler.
profiler_run() {
	local round=$1 cond=$2 pid="" rate cpurate u0 u1 t0 t1
	meter_empty
	rm -f "$TMPD/tool.pid"
	case $cond in
	none) ;;
	boxtop*) "$TMPD/enter.sh" "$BOXTOP" -b -d 1 -n 1000000 --json >/dev/null 2>"$TMPD/tool.err" <&9 & ;;
	perf*) "$TMPD/enter.sh" perf record -F 99 -a -g -q -o "$TMPD/perf.data" >/dev/null 2>"$TMPD/tool.err" <&9 & ;;
	bpftrace*) "$TMPD/enter.sh" bpftrace -e 'profile:hz:99 { @[kstack, ustack, comm] = count(); }' \
		>/dev/null 2>"$TMPD/tool.err" <&9 & ;;
	esac
	if [ "$cond" != none ]; then
		for _ in $(seq 1 50); do [ -s "$TMPD/tool.pid" ] && break; sleep 0.1; done
		pid=$(cat "$TMPD/tool.pid" 2>/dev/null || true)
		sleep 2 # attached and sampling
	fi
	say "profiler: $cond (round $round)"
	read -r u0 _ _ <<<"$(meter_read)"
	t0=$(date +%s%N)
	# The kernel's time in the sampler's BPF programs over the same seconds (boxtop, bpftrace).
	local bc=""
	rm -f "$TMPD/bpfcost"
	case $cond in
	boxtop* | bpftrace*)
		$BT bpf-cost "$pid" "$PROF_SECS" >"$TMPD/bpfcost" 2>/dev/null &
		bc=$!
		;;
	esac
	(cd "$TMPD" && stress-ng --cpu "$(nproc)" -t "$PROF_SECS" --metrics-brief --yaml "$TMPD/stress.yaml" >/dev/null 2>&1) || true
	[ -z "$bc" ] || wait "$bc" || true
	read -r u1 _ _ <<<"$(meter_read)"
	t1=$(date +%s%N)
	read -r rate cpurate <<<"$($BT stress-rate "$TMPD/stress.yaml")"
	if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
		note "$cond exited during the workload: $(head -c 200 "$TMPD/tool.err")"
		rate=nan
		cpurate=nan
	fi
	record profiler stress-ng "$cond" "$round" ops_s "$rate"
	record profiler stress-ng "$cond" "$round" ops_cpu_s "$cpurate"
	[ ! -s "$TMPD/bpfcost" ] || record profiler stress-ng "$cond" "$round" bpf_ms_s \
		"$(awk '{ printf "%.4f", $1 / 1e6 }' "$TMPD/bpfcost")"
	[ "$cond" = none ] || record profiler stress-ng "$cond" "$round" sampler_cpu_ms_s \
		"$(awk -v a="$u0" -v b="$u1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.3f", (b - a) / 1000 / ((t1 - t0) / 1e9) }')"
	# perf writes its file on SIGTERM; bpftrace would spend seconds printing its map: not part of the cost.
	# (SIGINT would not do: a background job of a script starts with SIGINT ignored.)
	[ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do [ -n "$(cat "$METER/cgroup.procs" 2>/dev/null)" ] || break; sleep 0.1; done
	meter_empty
	wait 2>/dev/null || true
	rm -f "$TMPD/perf.data" "$TMPD/stress.yaml"
}

profiler_section() {
	local conds=(none) r i
	[ "$PROFILER_OK" = 1 ] && conds+=("boxtop -b (99 Hz sampler)")
	if command -v perf >/dev/null; then conds+=("perf record -F 99 -a -g"); else note "perf not installed"; fi
	if command -v bpftrace >/dev/null; then conds+=("bpftrace profile:hz:99"); else note "bpftrace not installed"; fi
	command -v stress-ng >/dev/null || { note "stress-ng not installed: no profiler overhead"; return; }
	for ((r = 1; r <= PROF_ROUNDS; r++)); do
		# Rotate the order each round so no condition always runs first or last.
		for ((i = 0; i < ${#conds[@]}; i++)); do
			profiler_run "$r" "${conds[$(((i + r - 1) % ${#conds[@]}))]}"
		done
	done
}

scale_point() { # SCENARIO TOOLSPEC: one window as long as all rounds of a refresh scenario
	settle
	scene_counts scale "$1"
	measure scale "$1" 1 "$((WINDOW * ROUNDS))" "$2"
	scene_counts scale "$1"
}

# scene_counts SECTION SCENARIO: what the machine holds, for per-cgroup figures
# (the machine's own cgroups and any other load count too).
scene_counts() {
	local m=${V2_MNT:-$ACCT_MNT}
	record "$1" "$2" machine 0 cgroups_total "$(find "$m" -mindepth 1 -type d 2>/dev/null | wc -l)"
	record "$1" "$2" machine 0 procs_total "$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)"
}

# busy_pct SECS: how busy the CPUs are without us (all of them = 100), from /proc/stat.
busy_pct() {
	local a b
	a=$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat)
	sleep "$1"
	b=$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat)
	echo "$a $b" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", (busy + idle) ? 100 * busy / (busy + idle) : 0 }'
}

# The machine should be quiet: other load inflates everyone's CPU time (caches,
# frequency, a VM's stolen time), so it is measured and printed with the results.
quiet_check() { # WHEN
	local b
	b=$(busy_pct 3)
	printf '#meta\t%s\n' "machine load $1: CPUs ${b}% busy outside the bench, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$TSV"
	[ "$b" -le 10 ] || note "the machine was ${b}% busy $1 (other work): absolute figures are inflated; ratios measured side by side hold better"
	local m=${V2_MNT:-$ACCT_MNT} foreign
	foreign=$(find "$m" -mindepth 1 -type d -not -path "$m/boxtop-bench*" 2>/dev/null | wc -l)
	[ "$foreign" -le 200 ] || note "$foreign cgroups besides ours on the machine $1: every tool walks them too (see the per-scenario totals)"
}

# Cgroups that are not ours: the machine's own, and any that other work adds
# mid-run (every tool walks those too, inflating that scenario's figures).
foreign_cgroups() {
	local m=${V2_MNT:-$ACCT_MNT}
	find "$m" -mindepth 1 -type d -not -path "$m/boxtop-bench*" 2>/dev/null | wc -l
}
# settle: before a scenario, wait (2 minutes at most) while other work holds more
# cgroups than at the start; say so if it does not go away.
settle() {
	local f i
	for i in $(seq 1 24); do
		f=$(foreign_cgroups)
		[ "$f" -gt $((BASE_CGROUPS + 20)) ] || return 0
		[ "$i" -gt 1 ] || say "waiting for $((f - BASE_CGROUPS)) cgroups of other work to go away"
		sleep 5
	done
	note "$((f - BASE_CGROUPS)) cgroups of other work stayed on the machine (see the scenario notes)"
}

# ---- the run ----
{
	printf '#meta\t%s\n' "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	printf '#meta\t%s\n' "machine: $(hostname), $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release), kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	printf '#meta\t%s\n' "cgroups: $(if [ -n "$V2_MNT" ] && [ -n "$ACCT_MNT" ]; then echo hybrid; elif [ -n "$V2_MNT" ]; then echo v2; else echo v1; fi)"
	printf '#meta\t%s\n' "boxtop: $("$BOXTOP" --version 2>/dev/null | head -n 1) (git $(git -C "$HERE" describe --always --dirty 2>/dev/null || echo unknown))"
	printf '#meta\t%s\n' "run: $([ "$QUICK" = 1 ] && echo quick || echo full), sections $ONLY, $REFRESHES refreshes per tool and scenario in $ROUNDS alternating rounds"
	printf '#meta\t%s\n' "peers: $(systemd-cgtop --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2); htop $(htop --version 2>/dev/null | head -n 1 | cut -d' ' -f2); atop $(atop -V 2>/dev/null | awk '{ print $2 }'); podman $(podman --version 2>/dev/null | awk '{ print $3 }'); perf $(perf --version 2>/dev/null | awk '{ print $3 }'); bpftrace $(bpftrace --version 2>/dev/null | awk '{ print $2 }'); stress-ng $(stress-ng --version 2>/dev/null | awk '{ print $3 }')"
} >"$TSV"
start=$(date +%s)
$BT farm destroy # leftovers of an interrupted run
quiet_check "before the run"
BASE_CGROUPS=$(foreign_cgroups)
if want profiler || want startup; then check_profiler; fi

if want refresh || want startup; then
	settle
	if containers_start "$CONTAINERS"; then
		sleep 2
		want refresh && refresh_scenario "$CONTAINERS containers" "${refresh_tools_containers[@]}"
		want startup && startup_section "$CONTAINERS containers"
		containers_rm
	fi
fi

if want refresh || want scale || want startup; then
	points=""
	want refresh && points="$points $REFRESH_SCENARIOS"
	want scale && points="$points $SCALE_CGROUPS"
	want startup && points="$points 1000"
	# shellcheck disable=SC2086 # a list of numbers
	for n in $(printf '%s\n' $points | sort -nu); do
		say "farm: $n cgroups, one sleeper each"
		$BT farm grow "$n" 1
		sleep 1
		if want refresh && [[ " $REFRESH_SCENARIOS " == *" $n "* ]]; then
			refresh_scenario "$n cgroups" "${refresh_tools_cgroups[@]}"
		elif want scale; then
			scale_point "$n cgroups" "$TOOL_BOXTOP_B"
		fi
		want startup && [ "$n" = 1000 ] && startup_section "$n cgroups"
		if want scale && [ "$n" = 100 ]; then
			# Processes: 100 groups with K sleepers each, boxtop reading every
			# process (--procs; the interactive screen always does).
			for k in $SCALE_PROCS; do
				say "farm: 100 cgroups, $k sleepers each"
				$BT farm grow 100 "$k"
				sleep 1
				scale_point "$((100 * k)) procs" "$TOOL_BOXTOP_BP"
			done
			$BT farm trim 100 1
		fi
	done
	$BT farm destroy
fi

want profiler && profiler_section

quiet_check "after the run"
say "done in $(($(date +%s) - start)) s"
printf '#meta\t%s\n' "duration: $(($(date +%s) - start)) s" >>"$TSV"
mkdir -p "$(dirname "$OUT")"
$BT report "$TSV" >"$OUT.new"
mv "$OUT.new" "$OUT"
cp "$TSV" "${OUT%.txt}.tsv"
cat "$OUT"
