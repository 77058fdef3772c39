#!/bin/sh
# check_layers.sh - the layering HACKING promises, held by the suite:
# src/ never includes curses, only ui/term.c does; ui/ never reads kernel or
# container files nor calls bpf (src/proc_detail.c reads for the screens).
# TAP output.
set -u
top=${top_srcdir:-$(dirname "$0")/..}
n=0
fail=0
check() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		echo "$2" | sed 's/^/#   /'
		fail=1
	fi
}
check "src/ does not include curses" "$(grep -ln '#include <n\?curses' "$top"/src/*.[ch] 2>/dev/null)"
check "only ui/term.c includes curses" \
	"$(grep -ln '#include <n\?curses' "$top"/ui/*.[ch] 2>/dev/null | grep -v '/ui/term\.c$')"
check "ui/ reads no kernel or container file" \
	"$(grep -n 'read_file\|openat\|fopen\|opendir\|readlink' "$top"/ui/*.c 2>/dev/null)"
check "ui/ calls no bpf" "$(grep -n 'bpf_\|libbpf\|profiler_collect' "$top"/ui/*.c 2>/dev/null)"
check "bpf/ holds only the sampler and what it shares" \
	"$(ls "$top"/bpf | grep -v '\.bpf\.c$\|\.h$')"
echo "1..$n"
exit $fail
