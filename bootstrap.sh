#!/bin/sh
# bootstrap.sh - one command from a fresh Debian/Ubuntu machine (as root):
#   ./bootstrap.sh run     install build dependencies, build, start boxtop
#   ./bootstrap.sh check   the same plus test dependencies, then the whole test suite
# Warnings are errors here; `check` also runs the unit tests under ASan+UBSan.
set -eu
cd "$(dirname "$0")"
mode=${1:-run}
shift 2>/dev/null || true

BUILD_DEPS="build-essential autoconf automake pkg-config libncurses-dev libcap-dev libbpf-dev clang llvm bpftool"
TEST_DEPS="podman runc busybox-static iproute2 tmux linux-perf procps util-linux valgrind jq python3"

need_install() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 0
	done
	return 1
}

install_deps() {
	if ! command -v apt-get >/dev/null; then
		echo "bootstrap.sh: apt-get not found: install $* by hand" >&2
		return 0
	fi
	if need_install "$@"; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "$@" >/dev/null
	fi
}

build() {
	dir=$1; shift
	[ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] || autoreconf -fi
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || ../configure "$@"; } && make -j"$(nproc)")
}

case "$mode" in
run)
	install_deps $BUILD_DEPS
	build build
	exec ./build/boxtop "$@"
	;;
check)
	install_deps $BUILD_DEPS $TEST_DEPS
	build build --enable-werror
	(cd build && make -j"$(nproc)" check) || { cat build/test-suite.log 2>/dev/null | tail -200; exit 1; }
	# Unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer (live tests skip themselves there).
	build build-asan --enable-werror \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined"
	(cd build-asan && BOXTOP_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1 make -j"$(nproc)" check) ||
		{ cat build-asan/test-suite.log 2>/dev/null | tail -200; exit 1; }
	;;
*)
	echo "usage: $0 run|check [boxtop options]" >&2
	exit 2
	;;
esac
