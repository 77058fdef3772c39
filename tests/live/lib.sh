# shellcheck shell=bash disable=SC2034 # its variables are for the scripts that source it
# lib.sh - shared helpers for the live tests (tests/live/*.sh), sourced by each.
#
# What it owns: TAP output (the tests run under automake's tap-driver), one
# temporary directory, one cgroup of our own per test (boxtop-test-PID in every
# mounted hierarchy), podman containers/networks the test starts, and a stack of
# cleanup commands run by an EXIT trap, also when a test fails or is interrupted.
# Never touches a cgroup it did not create (the machine's /process_api above all).
#
# Every loop here is bounded in count and in time, and every boxtop run is under
# timeout(1): a hung boxtop becomes a "not ok", never a hung `make check`.

set -eu

# The build dir when run by `make check`; the cwd's boxtop when run by hand.
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
BOXTOP=${BOXTOP:-$top_builddir/boxtop}
TEST_NAME=$(basename "$0" .sh)

# ---- TAP ----------------------------------------------------------------------

TAP_N=0
TAP_FAILED=0

diag() {
	local line
	# One "# " per line so a multi-line reason stays a TAP comment.
	printf '%s\n' "$*" | while IFS= read -r line; do printf '# %s\n' "$line"; done
}

pass() {
	TAP_N=$((TAP_N + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$1"
}

# fail DESC REASON...: a "not ok" that says why.
fail() {
	local desc=$1
	shift
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$desc"
	[ $# -eq 0 ] || diag "$*"
}

# check DESC CMD...: ok when CMD exits 0.
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc" "command failed: $*"; fi
}

is_number() {
	case $1 in
	'' | null | *[!0-9.eE+-]*) return 1 ;;
	esac
	awk -v v="$1" 'BEGIN { exit !(v == v + 0) }'
}

# check_range DESC VALUE LO HI: LO <= VALUE <= HI (VALUE "null" fails: absent is not a pass).
check_range() {
	if ! is_number "$2"; then
		fail "$1" "got '$2', want a number in [$3, $4]"
	elif awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
		pass "$1 ($2)"
	else
		fail "$1" "got $2, want [$3, $4]"
	fi
}

# check_gt DESC VALUE MIN: VALUE > MIN.
check_gt() {
	if ! is_number "$2"; then
		fail "$1" "got '$2', want a number > $3"
	elif awk -v v="$2" -v m="$3" 'BEGIN { exit !(v > m) }'; then
		pass "$1 ($2)"
	else
		fail "$1" "got $2, want > $3"
	fi
}

# check_near DESC GOT WANT REL_TOL [ABS_TOL]: |GOT - WANT| <= max(REL_TOL * |WANT|, ABS_TOL).
check_near() {
	local abs=${5:-0}
	if ! is_number "$2" || ! is_number "$3"; then
		fail "$1" "got '$2', want '$3' (both numbers)"
	elif awk -v g="$2" -v w="$3" -v r="$4" -v a="$abs" 'BEGIN {
		d = g - w; if (d < 0) d = -d; aw = w < 0 ? -w : w; t = r * aw; if (t < a) t = a; exit !(d <= t) }'; then
		pass "$1 ($2 vs $3)"
	else
		fail "$1" "got $2, want $3 +-$(awk -v r="$4" 'BEGIN { print r * 100 }')% (abs $abs)"
	fi
}

# check_eq DESC GOT WANT: string equality.
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# The plan goes last (tap-driver accepts it there): a test that dies half-way
# has no plan, which tap-driver reports as an error rather than a pass.
done_testing() {
	printf '1..%d\n' "$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}

skip_all() {
	printf '1..0 # SKIP %s\n' "$*"
	exit 0
}

# A setup step that must work once the prerequisites are there: stop the test loudly.
bail() {
	printf 'Bail out! %s: %s\n' "$TEST_NAME" "$*"
	exit 1
}

# ---- cleanup stack ------------------------------------------------------------

CLEANUPS=()

# defer CMD-STRING: run at exit, last deferred first (eval'd, errors ignored).
defer() {
	CLEANUPS+=("$1")
}

lib_cleanup() {
	local rc=$? i
	trap - EXIT INT TERM HUP
	set +e
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[$i]}" >/dev/null 2>&1
	done
	exit "$rc"
}
trap lib_cleanup EXIT
# A signal exits through the EXIT trap, so cleanup runs once, in order.
trap 'exit 130' INT TERM HUP

TMPD=$(mktemp -d "/tmp/boxtop-$TEST_NAME.XXXXXX")
defer "rm -rf '$TMPD'"

# ---- prerequisites ------------------------------------------------------------

need_root() {
	[ "${BOXTOP_LIVE_TESTS:-yes}" != no ] || skip_all "live tests disabled (configure --disable-live-tests, as make distcheck does)"
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (cgroups, namespaces, containers)"
}

need_unsanitized() {
	# The ASan build runs `make check` again; live tests would only repeat
	# themselves there, slower, and ASan's shadow memory breaks memory limits.
	[ "${BOXTOP_SANITIZED:-0}" != 1 ] || skip_all "BOXTOP_SANITIZED=1: live tests run in the normal build only"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 ||
			skip_all "$c not installed"
	done
}

need_boxtop() {
	[ -x "$BOXTOP" ] || bail "no boxtop binary at $BOXTOP (build first)"
}

# The live tests read batch JSON. A build whose --help does not offer --json yet
# (batch mode not written) is a skip with that reason; once it is offered, any
# failure of it is a failure.
need_boxtop_json() {
	need_boxtop
	local help
	help=$(timeout 10 "$BOXTOP" --help 2>&1) || true
	case $help in
	*--json*) ;;
	*) skip_all "this boxtop has no batch JSON mode (--json not in --help)" ;;
	esac
}

# Everything a cgroup/namespace/container test needs before it changes the machine.
# need_profiler: the BPF profiler works here (tests/profiler_probe starts it),
# else the whole test is skipped with the probe's reason.
need_profiler() {
	local why rc
	PROBE=$top_builddir/tests/profiler_probe
	[ -x "$PROBE" ] || bail "no $PROBE (build first)"
	why=$(timeout 30 "$PROBE" -n 0) || {
		rc=$?
		[ "$rc" -eq 77 ] && skip_all "profiler unavailable: ${why#SKIP }"
		bail "profiler_probe -n 0 failed ($rc): $why"
	}
}

need_live() {
	need_unsanitized
	need_root
	need_cmd jq timeout
	need_boxtop_json
}

# ---- workloads (POSIX sh, so they run in busybox containers too) -------------

# Burns one CPU; killed by the cleanup, and by timeout(1) or the container's
# --timeout in any case.
# shellcheck disable=SC2016 # for the inner shell
BUSY_LOOP='while :; do :; done'

# Allocation rounds of 64 MiB, each OOM-killed under a smaller limit, 60 rounds
# at most (~25 s). Each round's processes raise their own oom_score_adj (no
# privilege needed), so the OOM killer always takes them and never the small
# looping shell (or a container's PID 1) when two kills race.
# shellcheck disable=SC2016 # for the inner shells
OOM_LOOP='i=0; while [ $i -lt 60 ]; do
	sh -c "echo 1000 >/proc/self/oom_score_adj; x=\$(head -c 67108864 /dev/zero | tr \"\\\\0\" x)"
	i=$((i + 1)); sleep 0.2; done'

# ---- boxtop -------------------------------------------------------------------

# boxtop_json OUT N DELAY [ARGS...]: `boxtop -b --json -n N -d DELAY ARGS` into OUT
# (stderr into OUT.err), bounded in time. Returns boxtop's status (124: timeout).
boxtop_json() {
	local out=$1 n=$2 d=$3
	shift 3
	local limit
	limit=$(awk -v n="$n" -v d="$d" 'BEGIN { printf "%d", n * d + 20 }')
	timeout -k 5 "$limit" "$BOXTOP" -b --json -n "$n" -d "$d" "$@" >"$out" 2>"$out.err"
}

# json_row FILE CGROUP JQ-EXPR: EXPR on the container row whose cgroup is CGROUP in
# the last tick of FILE ("" when there is no such row; jq prints null as "null").
json_row() {
	tail -n 1 "$1" | jq -r --arg cg "$2" "[.containers[] | select(.cgroup == \$cg)] | first | if . == null then empty else ($3) end" 2>/dev/null || true
}

# json_mean FILE CGROUP JQ-EXPR: the mean of EXPR on CGROUP's row over every tick
# but the first (which has no rates), "null" if none has a number. A mean over
# the whole run matches a kernel delta read around the run better than one tick.
json_mean() {
	jq -r --arg cg "$2" "[.containers[] | select(.cgroup == \$cg)] | first | if . == null then empty else ($3) end" \
		"$1" 2>/dev/null | awk 'NR > 1 && $1 != "null" { s += $1; n++ } END { if (n) printf "%.3f\n", s / n; else print "null" }'
}

# jq_true JQ-ARGS...: jq -e, quietly (for `check`).
jq_true() {
	jq -e "$@" >/dev/null 2>&1
}

# ---- cgroups of our own -------------------------------------------------------

CG_NAME=boxtop-test-$$
CG_DIRS=()  # our directory in every hierarchy
CG_V2=""    # our directory in the cgroup2 tree ("" if none)

# cg_mounts: "TYPE MOUNTPOINT OPTIONS" for every cgroup/cgroup2 mount.
cg_mounts() {
	awk '$3 == "cgroup" || $3 == "cgroup2" { print $3, $2, $4 }' /proc/self/mounts
}

# cg_mount_of CTRL: the v1 mount holding CTRL (e.g. cpu, cpuacct, memory), else "".
cg_mount_of() {
	cg_mounts | awk -v c="$1" '$1 == "cgroup" {
		n = split($3, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $2; exit } }'
}

# cg_dir CTRL: our directory for CTRL: the v1 one if CTRL is a v1 controller, else the v2 one.
cg_dir() {
	local m
	m=$(cg_mount_of "$1")
	if [ -n "$m" ]; then printf '%s/%s\n' "$m" "$CG_NAME"; else printf '%s\n' "$CG_V2"; fi
}

# cg_has CTRL: the controller is usable for our cgroup (v1 mount, or enabled in v2).
cg_has() {
	[ -n "$(cg_mount_of "$1")" ] && return 0
	[ -n "$CG_V2" ] && [ -f "$CG_V2/cgroup.controllers" ] && grep -qw "$1" "$CG_V2/cgroup.controllers"
}

# cg_path: our cgroup's path relative to each hierarchy root, as boxtop shows it.
cg_path() {
	printf '/%s\n' "$CG_NAME"
}

# cg_create: our cgroup in every mounted hierarchy (v1 controllers, name=systemd
# and the unified tree on hybrid; on pure v2 with cpu/memory/io/pids enabled
# from the top so limits and counters exist).
cg_create() {
	local type mnt opts d c want=""
	[ -n "$(cg_mounts)" ] || skip_all "no cgroup filesystem mounted"
	defer cg_remove
	while read -r type mnt opts; do
		d=$mnt/$CG_NAME
		if [ "$type" = cgroup2 ]; then
			if [ -z "$(cg_mounts | awk '$1 == "cgroup"')" ]; then
				# Pure v2: controllers reach our group only if the root delegates them.
				for c in cpu memory io pids; do
					grep -qw "$c" "$mnt/cgroup.controllers" &&
						! grep -qw "$c" "$mnt/cgroup.subtree_control" && want="$want +$c"
				done
				[ -z "$want" ] || echo "$want" >"$mnt/cgroup.subtree_control" ||
					bail "cannot enable$want in $mnt/cgroup.subtree_control"
			fi
			CG_V2=$d
		fi
		mkdir "$d" || bail "cannot create $d"
		CG_DIRS+=("$d")
		case ",$opts," in
		*,cpuset,*)
			# A v1 cpuset with no cpus/mems refuses tasks: inherit the root's.
			cat "$mnt/cpuset.cpus" >"$d/cpuset.cpus"
			cat "$mnt/cpuset.mems" >"$d/cpuset.mems"
			;;
		esac
	done <<EOF
$(cg_mounts)
EOF
}

# cg_move PID: PID into our cgroup in every hierarchy.
cg_move() {
	local d
	for d in "${CG_DIRS[@]}"; do
		echo "$1" >"$d/cgroup.procs" || bail "cannot move $1 into $d"
	done
}

# cg_spawn CMD...: start CMD in the background already inside our cgroup (the
# shell moves itself before exec, so CMD's children are born inside too); its
# pid in CG_SPAWN_PID. Output goes to $TMPD/spawn.log.
CG_SPAWN_PID=
cg_spawn() {
	# shellcheck disable=SC2016 # $$ and "$@" belong to the inner shell
	sh -c 'dirs=$1; shift; for d in $dirs; do echo $$ >"$d/cgroup.procs" || exit 97; done; exec "$@"' \
		sh "${CG_DIRS[*]}" "$@" >>"$TMPD/spawn.log" 2>&1 </dev/null &
	# No kill deferred by pid: cg_remove kills whatever is in the cgroup.
	CG_SPAWN_PID=$!
}

# cg_pids: the pids in our cgroup (union over hierarchies).
cg_pids() {
	local d
	for d in "${CG_DIRS[@]}"; do cat "$d/cgroup.procs" 2>/dev/null; done | sort -un
}

# cg_write CTRL FILE VALUE
cg_write() {
	local d
	d=$(cg_dir "$1")
	printf '%s\n' "$3" >"$d/$2" || bail "cannot write '$3' to $d/$2"
}

# cg_read CTRL FILE
cg_read() {
	cat "$(cg_dir "$1")/$2"
}

# cg_cpu_limit QUOTA_US PERIOD_US
cg_cpu_limit() {
	if [ -n "$(cg_mount_of cpu)" ]; then
		cg_write cpu cpu.cfs_period_us "$2"
		cg_write cpu cpu.cfs_quota_us "$1"
	else
		cg_write cpu cpu.max "$1 $2"
	fi
}

# cg_mem_limit BYTES: memory and memory+swap both at BYTES, so the OOM killer
# acts at BYTES and swap plays no part (no-op for swap files that do not exist).
cg_mem_limit() {
	local d
	d=$(cg_dir memory)
	if [ -n "$(cg_mount_of memory)" ]; then
		cg_write memory memory.limit_in_bytes "$1"
		[ ! -e "$d/memory.memsw.limit_in_bytes" ] || cg_write memory memory.memsw.limit_in_bytes "$1"
	else
		cg_write memory memory.max "$1"
		[ ! -e "$d/memory.swap.max" ] || cg_write memory memory.swap.max 0
	fi
}

# cg_cpu_usage_ns: CPU time used by our cgroup so far, from the kernel.
cg_cpu_usage_ns() {
	if [ -n "$(cg_mount_of cpuacct)" ]; then
		cg_read cpuacct cpuacct.usage
	else
		awk '$1 == "usage_usec" { printf "%.0f\n", $2 * 1000 }' "$CG_V2/cpu.stat"
	fi
}

# cg_throttle_counts: "NR_PERIODS NR_THROTTLED" from the group's cpu.stat.
cg_throttle_counts() {
	awk '$1 == "nr_periods" { p = $2 } $1 == "nr_throttled" { t = $2 } END { print p + 0, t + 0 }' \
		"$(cg_dir cpu)/cpu.stat"
}

# cg_oom_kills: OOM kills in our group (v1 memory.oom_control, v2 memory.events).
cg_oom_kills() {
	if [ -n "$(cg_mount_of memory)" ]; then
		awk '$1 == "oom_kill" { print $2 }' "$(cg_dir memory)/memory.oom_control"
	else
		awk '$1 == "oom_kill" { print $2 }' "$CG_V2/memory.events"
	fi
}

# cg_remove: kill what is left in our cgroup and remove it from every hierarchy.
cg_remove() {
	local d i
	[ ${#CG_DIRS[@]} -gt 0 ] || return 0
	for i in $(seq 1 50); do
		[ -n "$(cg_pids)" ] || break
		# shellcheck disable=SC2046 # one pid per word
		kill -KILL $(cg_pids) 2>/dev/null
		sleep 0.1
	done
	for d in "${CG_DIRS[@]}"; do
		case $d in
		*/"$CG_NAME") ;;
		*) continue ;; # only ever a directory of ours
		esac
		for i in 1 2 3 4 5 6 7 8 9 10; do
			[ -d "$d" ] || break
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
	CG_DIRS=()
}

# ---- podman -------------------------------------------------------------------

IMAGE=localhost/boxtop-test/busybox
CTR_PREFIX=boxtop-test-$$
CTR_TIMEOUT=${CTR_TIMEOUT:-180}

need_podman() {
	need_cmd podman runc
	[ -x /bin/busybox ] || skip_all "busybox-static not installed (/bin/busybox)"
	timeout 60 podman info >/dev/null 2>&1 || skip_all "podman info fails here"
}

# podman_image: the busybox-static image, built once and shared by every run
# (under a lock, since tests run in parallel). No registry is needed: a
# directory with /bin/busybox and its applet links, tarred and imported.
podman_image() {
	(
		flock -w 120 9 || exit 1
		podman image exists "$IMAGE" && exit 0
		root=$TMPD/rootfs
		mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/etc"
		cp /bin/busybox "$root/bin/busybox"
		for a in $(/bin/busybox --list); do
			[ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
		done
		echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
		tar -C "$root" -cf "$TMPD/rootfs.tar" .
		timeout 120 podman import --change 'CMD ["/bin/sh"]' "$TMPD/rootfs.tar" "$IMAGE" >/dev/null
	) 9>/tmp/boxtop-test-image.lock || bail "cannot build the busybox image $IMAGE"
}

# ctr_run NAME PODMAN-RUN-OPTIONS... -- CMD...: a detached container named
# $CTR_PREFIX-NAME from $TMPD (conmon drops an `oom` file in the cwd at each OOM
# kill), removed at exit, stopped by podman after CTR_TIMEOUT seconds anyway.
# stderr goes to a file, which conmon inherits (it complains there about syslog).
ctr_run() {
	local name=$CTR_PREFIX-$1 opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	defer "timeout 60 podman rm -f -t 0 '$name'"
	(cd "$TMPD" && timeout 120 podman --runtime runc run -d --name "$name" --timeout "$CTR_TIMEOUT" \
		--ulimit nofile=1024:1024 --ulimit nproc=4096:4096 "${opts[@]}" "$IMAGE" "$@") >"$TMPD/$name.id" \
		2>"$TMPD/$name.err" || bail "podman run $name failed: $(head -c 500 "$TMPD/$name.err")"
}

# ctr_id NAME: the full container id.
ctr_id() {
	cat "$TMPD/$CTR_PREFIX-$1.id"
}

# ctr_cgroup NAME: the container's cgroup path as boxtop shows it (from its main pid).
ctr_cgroup() {
	local pid
	pid=$(podman inspect -f '{{.State.Pid}}' "$CTR_PREFIX-$1")
	# The v1 cpu line on v1/hybrid, else the v2 "0::" line.
	awk -F: '$2 ~ /(^|,)cpu(,|$)/ { v1 = $3 } $1 == "0" { v2 = $3 } END { print (v1 != "" ? v1 : v2) }' \
		"/proc/$pid/cgroup"
}

# net_create NAME: an internal podman network (containers on it reach each other only).
net_create() {
	local name=$CTR_PREFIX-$1
	defer "timeout 60 podman network rm -f '$name'"
	timeout 60 podman network create --internal "$name" >/dev/null || bail "podman network create $name failed"
}

# ---- a program under tmux (the screen tests) ----------------------------------
# Callers set SESSION; the server's socket lives in $TMPD, so one test's
# server never meets another's.

tmx() {
	tmux -S "$TMPD/tmux.sock" "$@"
}

# The screen as text.
screen() {
	tmx capture-pane -p -t "$SESSION" 2>/dev/null
}

# wait_screen SECS PATTERN...: until every extended regex PATTERN is on the
# screen (0), or SECS pass (1).
wait_screen() {
	local secs=$1 i p all
	shift
	for ((i = 0; i < secs * 5; i++)); do
		all=1
		for p in "$@"; do
			screen | grep -Eq -- "$p" || { all=0; break; }
		done
		[ $all = 1 ] && return 0
		sleep 0.2
	done
	return 1
}

# check_screen DESC SECS PATTERN...: a test that the screen shows every PATTERN.
check_screen() {
	local desc=$1 secs=$2
	shift 2
	if wait_screen "$secs" "$@"; then
		pass "$desc"
	else
		fail "$desc" "want /$*/ on the screen, which was:
$(screen)"
	fi
}
