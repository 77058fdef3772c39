#!/bin/bash
# profiler_cxx.sh - C++ names as people write them: a C++ program whose hot
# function is a member of a class template in a namespace burns a CPU, and
# boxtop's host hot list and folded stacks must name it demangled
# ("boxtop_cxx::Spinner<unsigned long>::spin(unsigned long)"), not as the
# binary's symbol table has it (_ZN10boxtop_cxx7SpinnerImE4spinEm).
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

need_unsanitized
need_root
need_cmd g++ nm timeout jq
need_boxtop
need_profiler
nm "$BOXTOP" 2>/dev/null | grep -q ' T profiler_collect$' || skip_all "boxtop is built without the profiler"
nm "$BOXTOP" 2>/dev/null | grep -q ' T cplus_demangle$' || skip_all "boxtop is built --without-demangle"

cat >"$TMPD/spin.cc" <<'EOF'
#include <cstdlib>
#include <unistd.h>
namespace boxtop_cxx {
template <typename T> struct Spinner {
	volatile T sink;
	__attribute__((noinline)) T spin(T n)
	{
		for (T i = 0; i < n; i++)
			sink = sink + i;
		return sink;
	}
};
}
int main(int argc, char **argv)
{
	alarm(argc > 1 ? (unsigned)std::atoi(argv[1]) : 30);
	boxtop_cxx::Spinner<unsigned long> s{};
	for (;;)
		s.spin(1000000ul);
}
EOF
g++ -O1 -g -fno-omit-frame-pointer -o "$TMPD/spin" "$TMPD/spin.cc" 2>"$TMPD/cc.err" ||
	bail "g++ cannot build the test program: $(head -c 300 "$TMPD/cc.err")"
mangled=$(nm "$TMPD/spin" | awk '$3 ~ /Spinner.*spin/ { print $3; exit }')
diag "the binary names it $mangled"
"$TMPD/spin" 30 &
defer "kill $!"
sleep 0.5

want='boxtop_cxx::Spinner<unsigned long>::spin(unsigned long)'
timeout -k 5 60 "$BOXTOP" -b --json -n 2 -d 3 --folded "$TMPD/bx.folded" >"$TMPD/bx.json" 2>"$TMPD/bx.err"
check_eq "boxtop -b with the profiler exits 0" "$?" 0
if tail -n 1 "$TMPD/bx.json" | jq -e --arg f "$want" '[.host.hot[] | select(.function == $f and .self_pct > 0)] | length > 0' >/dev/null; then
	pass "the host hot list names the C++ member, demangled"
else
	fail "the host hot list names the C++ member, demangled" "$(tail -n 1 "$TMPD/bx.json" | jq -c '[.host.hot[].function]' 2>&1 | head -c 500)"
fi
if grep -qF ";$want" "$TMPD/bx.folded"; then
	pass "the folded stacks name it demangled"
else
	fail "the folded stacks name it demangled" "$(grep -i spin "$TMPD/bx.folded" | head -n 2)"
fi
check "no line names it mangled" sh -c "! grep -q '_ZN10boxtop_cxx' '$TMPD/bx.json' '$TMPD/bx.folded'"

done_testing
