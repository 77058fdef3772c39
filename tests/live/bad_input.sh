#!/bin/bash
# bad_input.sh - bad command lines and bad trees: boxtop answers with one clear
# line on stderr and a non-zero status, or, for a tree whose files are garbage,
# runs and shows "-" for what it cannot parse. Never a crash (signal, sanitizer
# report) and never a hang (every run is under timeout). Needs no root and runs
# in every build, the ASan one included: that is where a crash shows best.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_boxtop
need_cmd timeout python3

# Under ASan everything is slower; a hang is still a hang.
LIMIT=15
[ "${BOXTOP_SANITIZED:-0}" != 1 ] || LIMIT=60

# run ARGS...: boxtop ARGS with a closed stdin and no terminal; sets RC, OUT, ERR.
run() {
	RC=0
	timeout -k 5 "$LIMIT" "$BOXTOP" "$@" </dev/null >"$TMPD/out" 2>"$TMPD/err" || RC=$?
	OUT=$TMPD/out
	ERR=$TMPD/err
}

show() { # the last run's output, for a failure's reason
	printf 'stdout: %s\nstderr: %s' "$(head -c 300 "$OUT")" "$(head -c 600 "$ERR")"
}

crashed() { # a reason if the last run crashed or hung, else nothing
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		echo "hung (killed after ${LIMIT}s)"
	elif [ "$RC" -gt 128 ]; then
		echo "killed by signal $((RC - 128))"
	elif grep -qE 'Sanitizer|runtime error:|Segmentation|core dumped' "$ERR"; then
		echo "sanitizer/crash report: $(head -c 600 "$ERR")"
	fi
}

# rejects DESC PATTERN ARGS...: non-zero status, exactly one line on stderr,
# naming the problem (matching the extended regex PATTERN, case-insensitive).
rejects() {
	local desc=$1 pat=$2 why
	shift 2
	run "$@"
	why=$(crashed)
	if [ -n "$why" ]; then
		fail "$desc: boxtop $*" "$why"
	elif [ "$RC" -eq 0 ]; then
		fail "$desc: boxtop $*" "exit status 0, want non-zero; stdout: $(head -c 300 "$OUT")"
	elif [ "$(wc -l <"$ERR")" -ne 1 ] || ! grep -q '[[:alpha:]]' "$ERR"; then
		fail "$desc: boxtop $*" "want exactly one line on stderr, got $(wc -l <"$ERR"): $(head -c 600 "$ERR")"
	elif ! grep -qiE -- "$pat" "$ERR"; then
		fail "$desc: boxtop $*" "the error does not name the problem (/$pat/): $(cat "$ERR")"
	else
		pass "$desc: boxtop $* -> status $RC: $(cat "$ERR")"
	fi
}

# ---- command line ----

run --help
if [ "$RC" -eq 0 ] && [ -s "$OUT" ] && grep -q -- '-b' "$OUT"; then
	pass "--help exits 0 and prints the usage on stdout"
else
	fail "--help exits 0 and prints the usage on stdout" "status $RC; $(crashed) $(show)"
fi
run --version
if [ "$RC" -eq 0 ] && grep -qE 'boxtop.*[0-9]+\.[0-9]+' "$OUT"; then
	pass "--version exits 0 and prints 'boxtop VERSION'"
else
	fail "--version exits 0 and prints 'boxtop VERSION'" "status $RC; $(show)"
fi

D='-d|delay|interval|second'
rejects "unknown option" 'no-such-option|unknown|unrecognized|invalid' --no-such-option
rejects "unknown short option" 'Z|unknown|unrecognized|invalid' -b -Z
rejects "zero delay" "$D" -b -n 1 -d 0
rejects "negative delay" "$D" -b -n 1 -d -1
rejects "non-numeric delay" "$D|abc" -b -n 1 -d abc
rejects "delay with trailing junk" "$D|1x" -b -n 1 -d 1x
rejects "non-numeric count" '-n|count|iteration|number|x' -b -n x
rejects "-d without its argument" "$D|argument" -b -n 1 -d
rejects "--root without its argument" 'root|argument' -b -n 1 --root
rejects "--root that does not exist" 'nonexistent|root|no such' -b -n 1 --root /nonexistent/boxtop-test
mkdir "$TMPD/empty"
rejects "--root an empty directory (no cgroup hierarchy)" 'cgroup|root|empty|hierarch' -b -n 1 --root "$TMPD/empty"
: >"$TMPD/afile"
rejects "--root a regular file" 'root|directory|afile' -b -n 1 --root "$TMPD/afile"

# ---- a tree of garbage ----
# A real capture (tests/fixtures) with every file mangled in one of several ways
# (empty, binary, truncated mid-line, huge/negative/"max" numbers, one endless
# line, no newline, unknown keys), deterministically, plus a directory symlink
# loop inside the cgroup tree. The layout is right, so boxtop must run.
fixture=$top_srcdir/tests/fixtures/v2-systemd-docker-podman/t0
[ -d "$fixture" ] || bail "fixture $fixture missing"
garbage=$TMPD/garbage
cp -R "$fixture" "$garbage"
chmod -R u+w "$garbage"
python3 - "$garbage" <<'EOF' || bail "cannot mangle the fixture copy"
import os, random, re, sys
rng = random.Random(20240601)
def mangle(data):
    k = rng.randrange(9)
    if k == 0:
        return b""
    if k == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
    if k == 2:
        return data[: rng.randrange(len(data) + 1)]
    if k == 3:
        return re.sub(rb"\d+", b"99999999999999999999999999", data)
    if k == 4:
        return re.sub(rb"\d+", b"-1", data)
    if k == 5:
        return re.sub(rb"\d+", b"max", data)
    if k == 6:
        return b"x" * (256 * 1024)
    if k == 7:
        return data.replace(b"\n", b" ").replace(b" ", b"\t\t")
    return b"bogus_key 1\n=== \x00\xff\n" + data[::-1]
for dirpath, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(dirpath, f)
        with open(p, "rb") as fh:
            data = fh.read()
        with open(p, "wb") as fh:
            fh.write(mangle(data))
EOF
ln -s . "$garbage/sys/fs/cgroup/loop"

run -b -n 2 -d 1 --root "$garbage"
why=$(crashed)
if [ -z "$why" ] && [ "$RC" -eq 0 ]; then
	pass "a garbage tree: boxtop -b -n 2 runs and exits 0"
else
	fail "a garbage tree: boxtop -b -n 2 runs and exits 0" "status $RC ${why:-}: $(head -c 600 "$ERR")"
fi
# In the table's rows: every tick's first line has a " - " of its own.
if awk '/^NAME /{ t = 1; next } t' "$OUT" | grep -qE '(^|[[:space:]])-([[:space:]]|$)'; then
	pass "a garbage tree: what cannot be parsed is shown as -"
else
	fail "a garbage tree: what cannot be parsed is shown as -" "no '-' cell in: $(head -c 600 "$OUT")"
fi

run -b -n 2 -d 1 --json --root "$garbage"
why=$(crashed)
if [ -z "$why" ] && [ "$RC" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq 2 ] &&
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$OUT" 2>/dev/null; then
	pass "a garbage tree: --json prints 2 valid JSON lines"
else
	fail "a garbage tree: --json prints 2 valid JSON lines" "status $RC ${why:-}: $(show)"
fi
# JSON has no NaN or Infinity: what is missing is null.
if grep -qE 'NaN|Infinity|nan|inf[,}]' "$OUT"; then
	fail "a garbage tree: no NaN/Infinity in the JSON" "$(grep -oE '.{40}(NaN|Infinity|nan|inf[,}]).{10}' "$OUT" | head -3)"
else
	pass "a garbage tree: no NaN/Infinity in the JSON"
fi

# A FIFO where a runtime's metadata file should be (files under /var/lib belong
# to whoever runs containers): a plain open() would block forever.
fifo_root=$TMPD/fifo
cp -R "$fixture" "$fifo_root"
chmod -R u+w "$fifo_root"
meta=$fifo_root/var/lib/containers/storage/overlay-containers/containers.json
rm -f "$meta"
mkfifo "$meta"
run -b -n 1 --root "$fifo_root"
why=$(crashed)
if [ -z "$why" ] && [ "$RC" -eq 0 ]; then
	pass "a FIFO in place of containers.json neither hangs nor fails the run"
else
	fail "a FIFO in place of containers.json neither hangs nor fails the run" "status $RC ${why:-}: $(head -c 300 "$ERR")"
fi

done_testing
