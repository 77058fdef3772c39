#!/bin/bash
# ui_tmux.sh - the interactive screens in a real terminal: tmux runs boxtop
# against two live podman containers (a CPU-throttled busy loop and an
# OOM-looping one) and the test walks what an operator does over SSH: find
# the throttled and the OOM-killed container, drill into one, see its
# processes, save a snapshot, resize, quit, and find the terminal as it was.
# Owned by the ui issue; helpers (TAP, cleanup, image, containers) from lib.sh.

. "$(dirname "$0")/lib.sh"

need_unsanitized
need_root
need_cmd tmux jq timeout stty script
need_boxtop
need_podman

SESSION=boxtop-ui-$$
# A tmux server of our own, its socket in our temporary directory: the test
# never touches the user's sessions and leaves no socket behind.
# How the names show: a narrow name column shortens them in the middle,
# keeping the ends, so the tests look for the ends.
CPU_NAME="$$-cpu"
OOM_NAME="$$-oom"
W=120
H=40

keys() {
	tmx send-keys -t "$SESSION" "$@"
}

# An interactive boxtop is one that does not refuse to start without -b.
# (timeout --foreground everywhere: a tty reader in a background group stops.)
probe=$(timeout 10 script -qec "$BOXTOP --no-bpf -d 1 </dev/null" /dev/null 2>&1 | head -c 2000 || true)
case $probe in
*"not built yet"*) skip_all "this boxtop has no interactive mode yet (main.c does not call ui_run)" ;;
esac

podman_image
# -cpu: throttled by its quota in every period. -oom: a 24 MiB buffer in a
# 16 MiB container, killed and restarted twice a second.
ctr_run cpu --cpus=0.2 -- sh -c 'while :; do :; done'
ctr_run oom --memory=16m --memory-swap=16m -- \
	sh -c 'while :; do dd if=/dev/zero of=/dev/null bs=24M count=1 2>/dev/null; sleep 0.5; done'

SNAPS=$TMPD/snaps
mkdir -p "$SNAPS"
defer "tmux -S '$TMPD/tmux.sock' kill-server"
# The pane's shell records the terminal settings around boxtop and its exit
# status, so "restored" is checked on the terminal itself, not on looks.
cat >"$TMPD/run.sh" <<EOF
cd '$TMPD'
stty -g >'$TMPD/stty.before'
LANG=C.UTF-8 timeout --foreground -k 5 300 '$BOXTOP' --no-bpf -d 1 -s name -f '$CTR_PREFIX' --snapshot-dir '$SNAPS'
echo \$? >'$TMPD/status'
stty -g >'$TMPD/stty.after'
sleep 600
EOF
tmx new-session -d -s "$SESSION" -x $W -y $H "bash '$TMPD/run.sh'" || bail "tmux new-session failed"

# Overview: both containers, each with its verdict, within seconds.
check_screen "the overview lists both containers" 15 "$CPU_NAME" "$OOM_NAME"
check_screen "the throttled container is marked cap-throttled" 20 "$CPU_NAME .*cap-throttled"
check_screen "the OOM-killed container is marked oom" 20 "$OOM_NAME .*oom *\$"
check_screen "the worst-first hint names one of them" 10 "worst first: $CTR_PREFIX-(cpu|oom)"

# Sorted by name, -cpu is first and selected: move down to -oom and open it.
keys Down
sleep 0.5
keys Enter
check_screen "Enter opens the container screen of the selected container" 10 "^$CTR_PREFIX-oom " "cgroup /"
check_screen "the container screen shows its USE lines" 5 "^CPU " "^MEM .*oom" "^PIDS "
check_screen "the container screen lists its processes" 10 "processes [1-9]" "sh -c while"
check_screen "the hot functions pane says why it is empty" 5 "profiler not available|no samples"

# Process screen and back.
keys Enter
check_screen "Enter on a process opens the process screen" 10 "^PID [0-9]+" "cmdline "
keys Escape
check_screen "Esc goes back to the container" 10 "processes [1-9]"

# Snapshot files.
keys s
check_screen "s saves, and the status line shows the path" 10 "saved .*/boxtop-[^ ]*\\.\\{txt,json\\}"
txt=$(ls "$SNAPS"/boxtop-*.txt 2>/dev/null | head -n 1)
json=${txt%.txt}.json
check "the .txt snapshot exists" test -s "$txt"
check "the .json snapshot exists" test -s "$json"
txt_ok() {
	grep -q "^host: " "$txt" && grep -q "^kernel: " "$txt" && grep -q "^$CTR_PREFIX-oom " "$txt"
}
check "the .txt holds the header and the screen as shown" txt_ok
check "the .json is the batch schema with the container's processes" \
	jq_true --arg n "$CTR_PREFIX-oom" '.containers[] | select(.name == $n) | .procs | length > 0' "$json"
keys s
sleep 1
check_eq "a second save makes a second pair, never overwriting" "$(ls "$SNAPS" | wc -l | tr -d ' ')" 4

# Resize: redrawn at once, and a screen too small says so.
tmx resize-window -t "$SESSION" -x 80 -y 24
check_screen "after a resize to 80x24 the container screen is redrawn" 5 "^$CTR_PREFIX-oom " "processes"
tmx resize-window -t "$SESSION" -x 30 -y 8
check_screen "below the minimum size the screen says so" 5 "too small"
tmx resize-window -t "$SESSION" -x $W -y $H
check_screen "back to full size it draws again" 5 "^$CTR_PREFIX-oom "

# Quit and find the terminal restored.
keys q
for _ in $(seq 1 50); do
	[ -s "$TMPD/stty.after" ] && break
	sleep 0.2
done
check_eq "q quits with status 0" "$(cat "$TMPD/status" 2>/dev/null)" 0
check_eq "the terminal settings are restored" "$(cat "$TMPD/stty.after" 2>/dev/null)" \
	"$(cat "$TMPD/stty.before" 2>/dev/null)"
check_eq "the alternate screen is left" "$(tmx display -p -t "$SESSION" '#{alternate_on}')" 0
check_eq "the cursor is visible again" "$(tmx display -p -t "$SESSION" '#{cursor_flag}')" 1

# NO_COLOR in a non-UTF-8 locale: reverse and bold instead of colour, ASCII
# instead of box drawing and blocks.
cat >"$TMPD/mono.sh" <<EOF
NO_COLOR=1 LANG=C LC_ALL=C timeout --foreground -k 5 60 '$BOXTOP' --no-bpf -d 1 -f '$CTR_PREFIX'
sleep 600
EOF
tmx new-window -t "$SESSION" -n mono "bash '$TMPD/mono.sh'"
wait_screen 15 "$CPU_NAME" || true
raw=$(tmx capture-pane -e -p -t "$SESSION:mono")
if printf '%s' "$raw" | grep -q $'\e\\[[0-9;]*3[0-7][;m]'; then
	fail "NO_COLOR draws without colour" "colour sequences on the screen"
else
	pass "NO_COLOR draws without colour"
fi
if printf '%s' "$raw" | grep -q $'\e\\[[0-9;]*7[;m]'; then
	pass "NO_COLOR still marks the title and the selection (reverse video)"
else
	fail "NO_COLOR still marks the title and the selection (reverse video)" "no reverse video on the screen"
fi
if printf '%s' "$raw" | LC_ALL=C grep -q $'[\x80-\xff]'; then
	fail "a non-UTF-8 locale gets ASCII only" "bytes >= 0x80 on the screen"
else
	pass "a non-UTF-8 locale gets ASCII only"
fi
check_screen "the ASCII screen has its bars and rules" 2 "^CPU \\[\\|" "^NAME"
tmx send-keys -t "$SESSION:mono" q

done_testing
