#!/bin/bash
# profiler.sh - the BPF profiler against a workload with a known profile:
# hotloop (hot_three : hot_one = 3 : 1 in CPU time) on the host and in a
# podman container, and a process hammering read(2), while perf record -a
# samples the same seconds. The profiler must name both functions, find
# their ratio within 5 points of perf's, attribute the container's samples to
# its cgroup, show kernel frames under the syscall, account for every tick
# (samples + lost per second as many as perf's) and write folded stacks that parse
# and sum to the sample count. It drives tests/profiler_probe (the profiler
# API itself) and, once boxtop's batch mode runs the profiler, boxtop too;
# then the interactive screens under tmux: the container's hot functions in
# their ratio, Enter on one shows its callers, and f writes a folded file.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_unsanitized
need_root
need_cmd clang perf timeout awk
need_profiler
need_podman
podman_image

HZ=999
SECS=6
clang -O1 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -static \
	"$top_srcdir/tests/live/hotloop.c" -o "$TMPD/hotloop" 2>"$TMPD/cc.err" ||
	skip_all "cannot build a static test program: $(head -c 200 "$TMPD/cc.err")"

# The workloads stop by themselves (SIGALRM) if the test dies before its cleanup.
ctr_run hot --network none -v "$TMPD/hotloop:/usr/local/bin/hotloop:ro" -- /usr/local/bin/hotloop 90
C=$(podman inspect -f '{{.State.Pid}}' "$CTR_PREFIX-hot")
[ -n "$C" ] && [ "$C" -gt 0 ] || bail "no pid for $CTR_PREFIX-hot"
"$TMPD/hotloop" 90 &
H=$!
defer "kill $H"
"$TMPD/hotloop" 90 syscall &
S=$!
defer "kill $S"
sleep 0.5

# cgroup_id PID: the cgroup v2 id of PID (the inode of its unified directory; 1 for the root).
cgroup_id() {
	local path dir
	path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup")
	[ -n "$path" ] || { echo 1; return; }
	for dir in /sys/fs/cgroup/unified /sys/fs/cgroup; do
		if [ -d "$dir$path" ] && [ "$(stat -f -c %T "$dir")" = cgroup2fs ]; then
			stat -c %i "$dir$path"
			return
		fi
	done
	echo 1
}
cg_ctr=$(cgroup_id "$C")
cg_host=$(cgroup_id "$H")
diag "host hotloop $H (cgroup $cg_host), container hotloop $C (cgroup $cg_ctr), syscall hammer $S"

(cd "$TMPD" && timeout -k 5 60 perf record -a -F "$HZ" -o "$TMPD/perf.data" -- sleep "$SECS") \
	>"$TMPD/perf.log" 2>&1 &
perf_pid=$!
# --drop-caps: symbolize with the capabilities boxtop keeps after start-up.
if timeout -k 5 60 "$PROBE" --drop-caps -F "$HZ" -d 1 -n "$SECS" --stacks "$TMPD/stacks" --folded "$TMPD/folded" \
	--hot "$TMPD/hot" >"$TMPD/probe.out" 2>"$TMPD/probe.err"; then
	pass "profiler ran $SECS ticks"
else
	fail "profiler ran $SECS ticks" "$(cat "$TMPD/probe.out" "$TMPD/probe.err")"
fi
wait "$perf_pid" || diag "perf record: $(tail -n 3 "$TMPD/perf.log")"
diag "$(cat "$TMPD/probe.out")"
stat_of() { awk -v k="$1" '$1 == k { print $2 }' "$TMPD/probe.out"; }
samples=$(stat_of samples)
idle=$(stat_of idle)
lost=$(stat_of lost)

# Every tick of every CPU is a sample or a lost sample: nothing dropped
# silently. The kernel's cpu-clock fires less than HZ x CPUs under load in a
# VM, so the reference is perf's own count over the same seconds.
perf script -i "$TMPD/perf.data" -F pid,ip,sym >"$TMPD/perf.txt" 2>/dev/null || true
ours=$(awk -v n="$((samples + lost))" -v s="$(stat_of span_s)" 'BEGIN { printf "%.0f", n / s }')
theirs=$(awk -v n="$(wc -l <"$TMPD/perf.txt")" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
diag "per second: profiler $ours (samples + lost), perf record -a $theirs, nominal $((HZ * $(getconf _NPROCESSORS_ONLN)))"
check_near "samples + lost per second match perf record -a's" "$ours" "$theirs" 0.10

# The host hot list (hotlist_fill) names both functions.
for fn in hot_three hot_one; do
	if awk -F'\t' -v f="$fn" '$1 == f && $5 > 0 { found = 1 } END { exit !found }' "$TMPD/hot"; then
		pass "hot list names $fn"
	else
		fail "hot list names $fn" "$(cat "$TMPD/hot")"
	fi
done

# self PID FUNCTION: the profiler's samples of PID whose innermost frame is FUNCTION.
self() {
	awk -F'\t' -v p="$1" -v f="$2" '$2 == p { n = split($4, fr, ";"); if (fr[n] == f) s += $3 } END { print s + 0 }' \
		"$TMPD/stacks"
}
# perf_self PID FUNCTION: the same from perf record.
perf_self() {
	awk -v p="$1" -v f="$2" '$1 == p && $3 == f { s++ } END { print s + 0 }' "$TMPD/perf.txt"
}
for who in host:$H container:$C; do
	pid=${who#*:}
	three=$(self "$pid" hot_three)
	one=$(self "$pid" hot_one)
	pthree=$(perf_self "$pid" hot_three)
	pone=$(perf_self "$pid" hot_one)
	diag "${who%%:*}: profiler hot_three $three hot_one $one; perf hot_three $pthree hot_one $pone"
	if [ "$three" -gt 0 ] && [ "$one" -gt 0 ] && [ "$pthree" -gt 0 ] && [ "$pone" -gt 0 ]; then
		ours=$(awk -v a="$three" -v b="$one" 'BEGIN { printf "%.1f", 100 * a / (a + b) }')
		theirs=$(awk -v a="$pthree" -v b="$pone" 'BEGIN { printf "%.1f", 100 * a / (a + b) }')
		check_near "${who%%:*}: hot_three share ${ours}% within 5 points of perf's" "$ours" "$theirs" 0 5
	else
		fail "${who%%:*}: both functions sampled by both tools" "profiler $three/$one, perf $pthree/$pone"
	fi
done

# Attribution: every sample of a process carries its cgroup id (distinct ids seen, in order).
ids_of() {
	awk -F'\t' -v p="$1" '$2 == p { print $1 }' "$TMPD/stacks" | sort -un | tr '\n' ' ' | sed 's/ $//'
}
check_eq "container samples carry its cgroup id" "$(ids_of "$C")" "$cg_ctr"
check_eq "host samples carry the host process's cgroup id" "$(ids_of "$H")" "$cg_host"

# The syscall hammer's stacks reach named kernel functions under the syscall entry.
kframes=$(awk -F'\t' -v p="$S" '$2 == p && $4 ~ /_\[k\]/ { s += $3 } END { print s + 0 }' "$TMPD/stacks")
check_gt "syscall hammer: samples with kernel frames" "$kframes" 0
if awk -F'\t' -v p="$S" '$2 == p && $4 ~ /do_syscall_64_\[k\]/ && $4 ~ /(vfs_read|read_iter_zero|read_zero|iov_iter_zero|clear_user)[^;]*_\[k\]/ { f = 1 }
	END { exit !f }' "$TMPD/stacks"; then
	pass "syscall hammer: do_syscall_64 and the read path by name"
else
	fail "syscall hammer: do_syscall_64 and the read path by name" \
		"$(awk -F'\t' -v p="$S" '$2 == p' "$TMPD/stacks" | sort -t"$(printf '\t')" -k3 -rn | head -n 3)"
fi

# folded_check FILE WANT: every line "stack count", the counts summing to WANT.
folded_check() {
	awk -v want="$2" '
		!/^[^ ].* [0-9]+$/ { bad++; next }
		{ sum += $NF; n++ }
		END { if (bad || n == 0 || sum != want) { printf "%d lines, %d malformed, sum %d, want %d\n", n, bad, sum, want; exit 1 } }' "$1"
}
if out=$(folded_check "$TMPD/folded" "$((samples - idle))"); then
	pass "folded output parses and sums to the non-idle sample count ($((samples - idle)))"
else
	fail "folded output parses and sums to the non-idle sample count" "$out"
fi
if grep -q '^hotloop;.*;main;hot_three [0-9]*$' "$TMPD/folded"; then
	pass "folded: comm first, then main, then hot_three"
else
	fail "folded: comm first, then main, then hot_three" "$(grep hot_three "$TMPD/folded" | head -n 3)"
fi

# boxtop itself, once its batch mode starts the profiler.
skip_one() {
	TAP_N=$((TAP_N + 1))
	printf 'ok %d - %s # SKIP %s\n' "$TAP_N" "$1" "$2"
}
# A boxtop that links profiler_collect() runs the profiler (a static library
# member is linked only when something calls it).
if [ -x "$BOXTOP" ] && command -v nm >/dev/null && nm "$BOXTOP" 2>/dev/null | grep -q ' T profiler_collect$'; then
	timeout -k 5 60 "$BOXTOP" -b --json -n 2 -d 3 --folded "$TMPD/bx.folded" >"$TMPD/bx.json" 2>"$TMPD/bx.err"
	cg=$(ctr_cgroup hot)
	fns=$(json_row "$TMPD/bx.json" "$cg" '[.hot[]?.function] | join(",")')
	case ",$fns," in
	*,hot_three,*hot_one,* | *,hot_one,*hot_three,*) pass "boxtop: the container's hot list names both functions" ;;
	*) fail "boxtop: the container's hot list names both functions" "got '$fns' for $cg" ;;
	esac
	if tail -n 1 "$TMPD/bx.json" | jq -e '[.host.hot[] | select(.function == "hot_three" and .self_pct > 0)] | length > 0' >/dev/null; then
		pass "boxtop: the host hot list names hot_three"
	else
		fail "boxtop: the host hot list names hot_three" "$(tail -n 1 "$TMPD/bx.json" | jq -c '.host.hot' 2>&1 | head -c 500)"
	fi
	if out=$(awk '!/^[^ ].* [0-9]+$/ { bad++ } END { if (bad || NR == 0) { print NR " lines, " bad " malformed"; exit 1 } }' "$TMPD/bx.folded"); then
		pass "boxtop --folded parses"
	else
		fail "boxtop --folded parses" "$out"
	fi
else
	for t in "boxtop: the container's hot list names both functions" "boxtop: the host hot list names hot_three" \
		"boxtop --folded parses"; do
		skip_one "$t" "this boxtop does not call the profiler yet"
	done
fi

# ---- the screens, under tmux: what an operator does over SSH ----
UI_TESTS=("screen: the container's list names hot_three and hot_one"
	"screen: hot_three : hot_one near 3 : 1"
	"screen: Enter on hot_three shows its caller main"
	"screen: K hides kernel frames"
	"screen: f writes a .folded file and shows its path"
	"screen: the .folded file parses (every line FRAMES COUNT, counts > 0) and holds hot_three")
ui_skip() {
	local t
	for t in "${UI_TESTS[@]}"; do skip_one "$t" "$1"; done
}
if ! command -v tmux >/dev/null 2>&1; then
	ui_skip "tmux not installed"
elif ! [ -x "$BOXTOP" ] || ! nm "$BOXTOP" 2>/dev/null | grep -q ' T profiler_set_cumulative$'; then
	ui_skip "this boxtop's screens do not drive the profiler"
else
	# A container of its own, so the window holds its samples whatever the
	# tests above took; the filter makes it the only row.
	ctr_run ui --network none -v "$TMPD/hotloop:/usr/local/bin/hotloop:ro" -- /usr/local/bin/hotloop 90
	SESSION=boxtop-prof-$$
	SNAPS=$TMPD/snaps
	mkdir -p "$SNAPS"
	defer "tmux -S '$TMPD/tmux.sock' kill-server"
	# self_pct FUNCTION: the SELF% on the line of the hot pane naming FUNCTION.
	self_pct() {
		screen | awk -v f="$1" '{ for (i = 2; i <= NF; i++) if ($i == f) { print $1; exit } }'
	}
	tmx new-session -d -s "$SESSION" -x 120 -y 40 \
		"cd '$TMPD' && LANG=C.UTF-8 timeout --foreground -k 5 120 '$BOXTOP' -d 1 -f '$CTR_PREFIX-ui' --snapshot-dir '$SNAPS'; sleep 600" ||
		bail "tmux new-session failed"
	wait_screen 15 "$CTR_PREFIX-ui" || diag "no row for $CTR_PREFIX-ui yet: $(screen | head -n 8)"
	tmx send-keys -t "$SESSION" Enter
	# Within a few ticks of 1 s: both functions in the container's own list.
	check_screen "${UI_TESTS[0]}" 10 "hot functions in $CTR_PREFIX-ui" " hot_three +hotloop" " hot_one +hotloop"
	sleep 3 # a few more ticks of samples for the ratio
	three=$(self_pct hot_three)
	one=$(self_pct hot_one)
	share=$(awk -v a="$three" -v b="$one" 'BEGIN { if (a + b > 0) printf "%.1f", 100 * a / (a + b); else print "none" }')
	check_range "${UI_TESTS[1]} (hot_three $three%, hot_one $one%)" "$share" 65 85
	tmx send-keys -t "$SESSION" Tab
	sleep 0.3
	# hot_three tops the list, where the pane's selection starts.
	tmx send-keys -t "$SESSION" Enter
	check_screen "${UI_TESTS[2]}" 10 "^hot_three +hotloop" "callers: who calls it" "^ +[0-9.]+%  +main +hotloop"
	tmx send-keys -t "$SESSION" K
	check_screen "${UI_TESTS[3]}" 5 "kernel frames hidden \\(K\\)"
	tmx send-keys -t "$SESSION" f
	check_screen "${UI_TESTS[4]}" 5 "container stacks: $SNAPS/boxtop-[^ ]*\\.folded"
	files=("$SNAPS"/boxtop-*.folded)
	folded=${files[0]}
	if ! [ -f "$folded" ]; then
		fail "${UI_TESTS[5]}" "no .folded file in $SNAPS"
	elif out=$(awk '!/^[^ ].* [0-9]+$/ { bad++; next } { sum += $NF; n++ }
		/;hot_three( |;)/ { three++ }
		END { if (bad || n == 0 || sum <= 0 || !three) { printf "%d lines, %d malformed, sum %d, hot_three lines %d\n", n, bad, sum, three; exit 1 } }' "$folded"); then
		pass "${UI_TESTS[5]}"
	else
		fail "${UI_TESTS[5]}" "$out"
	fi
	tmx send-keys -t "$SESSION" q
fi

done_testing
